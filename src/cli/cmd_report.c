/*
** cmd_report.c: "povreg report KIND": the tables of the board and the
** plan (summary, deprivation, transitions, targets, mpi, all) in four
** formats: text (aligned tables under a title line naming the unit, the
** year and the standard; English, or Vietnamese with --locale vi), CSV
** (a header row and rows, plain numbers), JSON (one object: the
** parameters and an array of rows) and HTML (one self-contained page
** with the tables and SVG charts).
**
** Every figure comes from the library (povreg/report.h); this file only
** lays it out.  Rates are computed here from the exact counts and
** rounded half-up to hundredths of a percent (numfmt.h).  Every report
** is collected in memory before anything is written, so a failure
** writes nothing (and -o FILE is replaced only by a complete report).
*/
#include <errno.h>
#include <limits.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "html.h"
#include "numfmt.h"

/* Most columns of a report table. */
#define RT_MAXCOLS 16
/* Room for a formatted number cell ("-1.234.567,89 điểm %"). */
#define RT_CELL 64

/* ---- the state of one report run ---- */

/* A commune code and its name on the grouping date. */
typedef struct name_entry {
  char code[8]; /* unit code */
  char *name;   /* its name (allocated), or NULL if unknown */
} name_entry;

/* What every report of a run needs. */
typedef struct rep {
  cli_ctx *ctx;            /* the command's context (ledger) */
  FILE *fp;                /* where the report goes */
  cli_format fmt;          /* TABLE (text), CSV, JSON or HTML */
  int vi;                  /* 1 for Vietnamese labels and numbers */
  numfmt_style st;         /* numbers shown to people: EN or VI */
  povreg_report_spec spec; /* year, unit, grouping date, class, above */
  char as_of[32];          /* the grouping date, or "" (targets: none) */
  char unit_code[8];       /* --unit, or "" for every commune */
  char *unit_name;         /* its name on the grouping date (allocated) */
  char standard[40];       /* the standard governing the year, or "" */
  int compare;             /* mpi: the year to compare with, or 0 */
  int through;             /* plan: the last year of the changes */
  int blocks;              /* blocks written so far (separators) */
  int all;                 /* 1 when writing every report in one go */
  struct history *hist;    /* the years with statuses (allocated once,
                              for the charts), or NULL */
  name_entry *names;       /* cache of unit names (allocated) */
  size_t n_names, cap_names;
} rep;

/* The label in the run's language. */
static const char *L(const rep *r, const char *en, const char *vi)
{
  return r->vi ? vi : en;
}

/* Print "out of memory" and return the failure status. */
static int oom_fail(void)
{
  cli_error("out of memory");
  return CLI_EXIT_FAIL;
}

/* A copy of s (NULL gives NULL); sets *oom when memory runs out. */
static char *dup_str(const char *s, int *oom)
{
  char *copy;

  if (s == NULL) {
    return NULL;
  }
  if ((copy = malloc(strlen(s) + 1)) == NULL) {
    *oom = 1;
    return NULL;
  }
  memcpy(copy, s, strlen(s) + 1);
  return copy;
}

/*
** Room for one more element of elem bytes in the array items of n
** elements with *cap allocated: items itself while n < *cap, else the
** array grown (doubled; 16 at first) by realloc, *cap updated.  NULL
** when memory ran out (items is then unchanged and still owned by the
** caller).
*/
static void *grow_for_one(void *items, size_t *cap, size_t n, size_t elem)
{
  void *grown;
  size_t c;

  if (n < *cap) {
    return items;
  }
  c = *cap ? *cap * 2 : 16;
  if ((grown = realloc(items, c * elem)) == NULL) {
    return NULL;
  }
  *cap = c;
  return grown;
}

/* povreg_unit_get() name of code on the run's date; borrowed, may be NULL. */
static const char *unit_name(rep *r, const char *code)
{
  povreg_unit *u = NULL;
  name_entry *e;
  void *grown;
  size_t k;
  int oom = 0;

  if (code == NULL || code[0] == '\0') {
    return NULL;
  }
  for (k = 0; k < r->n_names; k++) {
    if (strcmp(r->names[k].code, code) == 0) {
      return r->names[k].name;
    }
  }
  grown = grow_for_one(r->names, &r->cap_names, r->n_names, sizeof *r->names);
  if (grown == NULL) {
    return NULL;
  }
  r->names = grown;
  e = &r->names[r->n_names++];
  snprintf(e->code, sizeof e->code, "%s", code);
  e->name = NULL;
  if (povreg_unit_get(&u, r->ctx->db, code, r->as_of[0] ? r->as_of : NULL) ==
          POVREG_OK ||
      povreg_unit_get(&u, r->ctx->db, code, NULL) == POVREG_OK) {
    e->name = dup_str(u->name, &oom);
  }
  povreg_unit_free(u);
  return e->name;
}

static void history_release(struct history *h);

/* Release what a run holds. */
static void rep_free(rep *r)
{
  size_t k;

  history_release(r->hist);
  r->hist = NULL;
  for (k = 0; k < r->n_names; k++) {
    free(r->names[k].name);
  }
  free(r->names);
  free(r->unit_name);
  r->names = NULL;
  r->unit_name = NULL;
  r->n_names = r->cap_names = 0;
}

/* "Huyện Sa Thầy (616)", or "every commune", into buf. */
static const char *unit_title(const rep *r, char *buf, size_t n)
{
  if (r->unit_code[0] == '\0') {
    snprintf(buf, n, "%s", L(r, "every commune", "toàn bộ các xã"));
  } else if (r->unit_name) {
    snprintf(buf, n, "%s (%s)", r->unit_name, r->unit_code);
  } else {
    snprintf(buf, n, "%s", r->unit_code);
  }
  return buf;
}

/* ", status year 2016, standard QD59-2015, units as on ..." into buf. */
static const char *year_title(const rep *r, int year, char *buf, size_t n)
{
  size_t used = 0;
  int w;

  buf[0] = '\0';
  if (year > 0) {
    w = snprintf(buf, n, "%s %d", L(r, ", status year", ", năm"), year);
    used = w > 0 && (size_t)w < n ? (size_t)w : n - 1;
  }
  if (r->standard[0] && year == r->spec.year && used < n) {
    w = snprintf(buf + used, n - used, "%s %s", L(r, ", standard", ", chuẩn"),
                 r->standard);
    used += w > 0 && (size_t)w < n - used ? (size_t)w : n - used - 1;
  }
  if (r->as_of[0] && used < n) {
    snprintf(buf + used, n - used, "%s %s",
             L(r, ", units as on", ", đơn vị hành chính tại ngày"), r->as_of);
  }
  return buf;
}

/* ---- report tables: cells for people and plain cells ---- */

/* A column of a report table. */
typedef struct rt_col {
  const char *key; /* CSV header and JSON key */
  const char *en;  /* English label */
  const char *vi;  /* Vietnamese label */
  cli_type type;   /* CLI_TEXT, CLI_INT or CLI_NUM (numbers: right) */
} rt_col;

/* Row classes, for the HTML rows and the text marks. */
#define RT_ROW 0
#define RT_TOTAL 1
#define RT_ABOVE 2
#define RT_MISMATCH 3

/* A table being collected: every cell twice, plain and shown. */
typedef struct rt {
  const rt_col *cols; /* columns (static) */
  size_t ncols;       /* how many */
  unsigned hide;      /* bit k set: column k is not written */
  unsigned plain;     /* bit k set: column k only in CSV and JSON */
  unsigned people;    /* bit k set: column k only in text and HTML */
  char **cells;       /* nrows * ncols * 2: plain, shown (allocated) */
  unsigned char *cls; /* row classes (allocated) */
  size_t nrows, cap;  /* rows, capacity */
  int oom;            /* memory ran out */
} rt;

/* The cells of the row being built. */
typedef struct rt_rowb {
  const char *plain[RT_MAXCOLS]; /* for CSV and JSON; NULL: absent */
  const char *shown[RT_MAXCOLS]; /* for people */
  char buf[RT_MAXCOLS][2][RT_CELL];
} rt_rowb;

/* Start a table of the given columns. */
static void rt_init(rt *t, const rt_col *cols, size_t ncols)
{
  memset(t, 0, sizeof *t);
  t->cols = cols;
  t->ncols = ncols;
}

/* Free a table's cells. */
static void rt_free(rt *t)
{
  size_t k;

  for (k = 0; k < t->nrows * t->ncols * 2; k++) {
    free(t->cells[k]);
  }
  free(t->cells);
  free(t->cls);
  t->cells = NULL;
  t->cls = NULL;
  t->nrows = t->cap = 0;
}

/* Start a row: every cell absent. */
static void rb_clear(rt_rowb *b)
{
  size_t k;

  for (k = 0; k < RT_MAXCOLS; k++) {
    b->plain[k] = NULL;
    b->shown[k] = "";
  }
}

/* A text cell (the same for people and machines). */
static void rb_text(rt_rowb *b, size_t k, const char *s)
{
  b->plain[k] = s;
  b->shown[k] = s ? s : "";
}

/* A text cell shown one way and written plain another. */
static void rb_text2(rt_rowb *b, size_t k, const char *plain, const char *shown)
{
  b->plain[k] = plain;
  b->shown[k] = shown ? shown : "";
}

/* A count cell. */
static void rb_count(const rep *r, rt_rowb *b, size_t k, long v)
{
  b->plain[k] = numfmt_count(b->buf[k][0], RT_CELL, v, NUMFMT_PLAIN);
  b->shown[k] = numfmt_count(b->buf[k][1], RT_CELL, v, r->st);
}

/* A rate cell num/den: absent (and "-") when den is 0. */
static void rb_rate(const rep *r, rt_rowb *b, size_t k, long num, long den)
{
  if (den <= 0) {
    b->plain[k] = NULL;
    b->shown[k] = "-";
    return;
  }
  b->plain[k] = numfmt_rate(b->buf[k][0], RT_CELL, num, den, NUMFMT_PLAIN);
  b->shown[k] = numfmt_rate(b->buf[k][1], RT_CELL, num, den, r->st);
}

/*
** A cell of a real number: plain with 6 decimals; shown as a percentage
** with 2 decimals when pct, else with `decimals` decimals.  plus adds a
** "+" to positive values (changes).
*/
static void rb_real(const rep *r, rt_rowb *b, size_t k, double v, int pct,
                    int decimals, int plus)
{
  char num[NUMFMT_MAX];

  b->plain[k] = numfmt_real(b->buf[k][0], RT_CELL, v, 6, 0, NUMFMT_PLAIN);
  if (pct) {
    numfmt_real(num, sizeof num, v * 100.0, 2, plus, r->st);
    snprintf(b->buf[k][1], RT_CELL, "%s%%", num);
  } else {
    numfmt_real(b->buf[k][1], RT_CELL, v, decimals, plus, r->st);
  }
  b->shown[k] = b->buf[k][1];
}

/* Add the row built in b (copied) with row class cls. */
static void rt_add(rt *t, const rt_rowb *b, int cls)
{
  size_t k, base;

  if (t->oom) {
    return;
  }
  if (t->nrows == t->cap) {
    size_t cap = t->cap ? t->cap * 2 : 32;
    char **grown = realloc(t->cells, cap * t->ncols * 2 * sizeof *grown);
    unsigned char *grown_cls;

    if (grown == NULL) {
      t->oom = 1;
      return;
    }
    t->cells = grown;
    if ((grown_cls = realloc(t->cls, cap)) == NULL) {
      t->oom = 1;
      return;
    }
    t->cls = grown_cls;
    t->cap = cap;
  }
  base = t->nrows * t->ncols * 2;
  for (k = 0; k < t->ncols; k++) {
    t->cells[base + 2 * k] = dup_str(b->plain[k], &t->oom);
    t->cells[base + 2 * k + 1] = dup_str(b->shown[k], &t->oom);
  }
  t->cls[t->nrows] = (unsigned char)cls;
  t->nrows++;
}

/* Plain cell (row, col), or NULL. */
static const char *rt_plain(const rt *t, size_t row, size_t col)
{
  return t->cells[(row * t->ncols + col) * 2];
}

/* Shown cell (row, col), never NULL. */
static const char *rt_shown(const rt *t, size_t row, size_t col)
{
  const char *s = t->cells[(row * t->ncols + col) * 2 + 1];

  return s ? s : "";
}

/* Nonzero if column k is written (in CSV and JSON when plain). */
static int rt_visible(const rt *t, size_t k, int plain)
{
  unsigned bit = 1u << k;

  return !(t->hide & bit) && (plain ? !(t->people & bit) : !(t->plain & bit));
}

/* Write s with control characters as spaces (a text table cell). */
static void put_cell(FILE *fp, const char *s)
{
  for (; *s; s++) {
    unsigned char c = (unsigned char)*s;
    fputc(c < 0x20 || c == 0x7f ? ' ' : c, fp);
  }
}

/* Write n spaces. */
static void put_pad(FILE *fp, size_t n)
{
  while (n-- > 0) {
    fputc(' ', fp);
  }
}

/*
** Write a table as aligned text: labels, then rows; numbers right-
** aligned, text left-aligned, two spaces between columns, no trailing
** blanks.
*/
static void rt_write_text(const rep *r, const rt *t)
{
  size_t width[RT_MAXCOLS] = {0};
  size_t row, k, last = 0;

  for (k = 0; k < t->ncols; k++) {
    if (!rt_visible(t, k, 0)) {
      continue;
    }
    last = k;
    width[k] = cli_utf8_width(r->vi ? t->cols[k].vi : t->cols[k].en);
    for (row = 0; row < t->nrows; row++) {
      size_t w = cli_utf8_width(rt_shown(t, row, k));
      if (w > width[k]) {
        width[k] = w;
      }
    }
  }
  for (row = 0; row <= t->nrows; row++) {
    size_t pending = 0; /* blanks owed before the next cell */

    for (k = 0; k <= last; k++) {
      const char *c;
      size_t w;
      int right = t->cols[k].type != CLI_TEXT;

      if (!rt_visible(t, k, 0)) {
        continue;
      }
      c = row == 0 ? (r->vi ? t->cols[k].vi : t->cols[k].en)
                   : rt_shown(t, row - 1, k);
      w = cli_utf8_width(c);
      if (right) {
        pending += width[k] - w;
      }
      if (c[0] != '\0') {
        put_pad(r->fp, pending);
        put_cell(r->fp, c);
        pending = 0;
      }
      if (!right) {
        pending += width[k] - w;
      }
      pending += 2;
    }
    fputc('\n', r->fp);
  }
}

/* The cli_col list of the visible columns (for output.c's writers). */
static size_t rt_cli_cols(const rt *t, cli_col *out)
{
  size_t k, n = 0;

  for (k = 0; k < t->ncols; k++) {
    if (rt_visible(t, k, 1)) {
      out[n].key = t->cols[k].key;
      out[n].label = t->cols[k].key;
      out[n].type = t->cols[k].type;
      n++;
    }
  }
  return n;
}

/*
** Write a table's plain cells as a CSV block or a JSON array (indent:
** JSON nesting).  Returns 0, or -1 when memory ran out.
*/
static int rt_write_plain(const rep *r, const rt *t, int indent)
{
  cli_col cols[RT_MAXCOLS];
  const char *cells[RT_MAXCOLS];
  size_t n = rt_cli_cols(t, cols), row, k, c;
  cli_list *l = cli_list_begin(r->fp, r->fmt, cols, n, indent);

  if (l == NULL) {
    return -1;
  }
  for (row = 0; row < t->nrows; row++) {
    for (k = 0, c = 0; k < t->ncols; k++) {
      if (rt_visible(t, k, 1)) {
        cells[c++] = rt_plain(t, row, k);
      }
    }
    if (cli_list_row(l, cells) != 0) {
      cli_list_abort(l);
      return -1;
    }
  }
  cli_list_end(l);
  return 0;
}

/* Write a table as HTML (shown cells; row classes as CSS classes). */
static void rt_write_html(const rep *r, const rt *t, const char *caption)
{
  const char *labels[RT_MAXCOLS], *cells[RT_MAXCOLS];
  unsigned char numeric[RT_MAXCOLS];
  static const char *const classes[] = {NULL, "total", "above", "mismatch"};
  size_t row, k, n = 0;

  for (k = 0; k < t->ncols; k++) {
    if (rt_visible(t, k, 0)) {
      labels[n] = r->vi ? t->cols[k].vi : t->cols[k].en;
      numeric[n++] = t->cols[k].type != CLI_TEXT;
    }
  }
  html_table_begin(r->fp, caption, labels, numeric, n);
  for (row = 0; row < t->nrows; row++) {
    size_t c = 0;

    for (k = 0; k < t->ncols; k++) {
      if (rt_visible(t, k, 0)) {
        cells[c++] = rt_shown(t, row, k);
      }
    }
    html_table_row(r->fp, cells, numeric, n,
                   classes[t->cls[row] < 4 ? t->cls[row] : 0]);
  }
  html_table_end(r->fp);
}

/* ---- blocks: a report's title, parameters, tables and notes ---- */

/*
** Start a report block: in text a title line, in HTML a section with a
** heading, in JSON an object of the parameters f[0..n) (left open for
** the tables), in CSV a blank line after an earlier block.
*/
static void block_begin(rep *r, const char *id, const char *title,
                        const cli_field *f, size_t n)
{
  if (r->fmt == CLI_FMT_TABLE) {
    if (r->blocks > 0) {
      fputc('\n', r->fp);
    }
    fputs(title, r->fp);
    fputc('\n', r->fp);
  } else if (r->fmt == CLI_FMT_HTML) {
    html_section_begin(r->fp, id);
    html_heading(r->fp, 2, NULL, title);
  } else if (r->fmt == CLI_FMT_JSON) {
    if (r->all && r->blocks > 0) {
      fputs(",\n", r->fp);
    }
    cli_record(r->fp, CLI_FMT_JSON, f, n, 1);
  } else if (r->blocks > 0) {
    fputs("\r\n", r->fp);
  }
  r->blocks++;
}

/*
** Write a table of the block: in JSON as the array `key` of the open
** object; in text and HTML under an optional caption (a second table
** of a block in CSV comes after a blank line).  Returns 0 or -1 (out of
** memory).
*/
static int block_table(rep *r, const rt *t, const char *key,
                       const char *caption, int first)
{
  if (t->oom) {
    return -1;
  }
  if (r->fmt == CLI_FMT_TABLE) {
    if (caption) {
      fprintf(r->fp, "\n%s:\n", caption);
    }
    rt_write_text(r, t);
    return 0;
  }
  if (r->fmt == CLI_FMT_HTML) {
    if (caption) {
      html_heading(r->fp, 3, NULL, caption);
    }
    rt_write_html(r, t, NULL);
    return 0;
  }
  if (r->fmt == CLI_FMT_JSON) {
    cli_record_nested(r->fp, CLI_FMT_JSON, key, key);
    return rt_write_plain(r, t, 1);
  }
  if (!first) {
    fputs("\r\n", r->fp);
  }
  return rt_write_plain(r, t, 0);
}

/* A note under the tables: a line of text, or an HTML paragraph. */
static void block_note(rep *r, const char *text)
{
  if (r->fmt == CLI_FMT_TABLE) {
    fputs(text, r->fp);
    fputc('\n', r->fp);
  } else if (r->fmt == CLI_FMT_HTML) {
    html_para(r->fp, "note", text);
  }
}

/* Close a block (the JSON object, the HTML section). */
static void block_end(rep *r)
{
  if (r->fmt == CLI_FMT_JSON) {
    fputs("\n}", r->fp);
    if (!r->all) {
      fputc('\n', r->fp);
    }
  } else if (r->fmt == CLI_FMT_HTML) {
    html_section_end(r->fp);
  }
}

/* The parameter fields every block's JSON object starts with. */
typedef struct params {
  cli_field f[20];
  size_t n;
  char year[16], above[NUMFMT_MAX], compare[16];
} params;

/* Fill p with the run's parameters for report `kind`. */
static void params_fill(const rep *r, params *p, const char *kind, int year)
{
  p->n = 0;
  p->f[p->n++] = (cli_field){"report", "report", kind, CLI_TEXT};
  p->f[p->n++] = (cli_field){"unit", "unit",
                             r->unit_code[0] ? r->unit_code : NULL, CLI_TEXT};
  p->f[p->n++] = (cli_field){"unit_name", "unit name", r->unit_name, CLI_TEXT};
  if (year > 0) {
    snprintf(p->year, sizeof p->year, "%d", year);
  }
  p->f[p->n++] =
      (cli_field){"year", "year", year > 0 ? p->year : NULL, CLI_INT};
  p->f[p->n++] =
      (cli_field){"as_of", "as of", r->as_of[0] ? r->as_of : NULL, CLI_TEXT};
  p->f[p->n++] = (cli_field){
      "standard", "standard",
      r->standard[0] && year == r->spec.year ? r->standard : NULL, CLI_TEXT};
}

/* ---- a growing string, for notes ---- */

/* Text being built (allocated). */
typedef struct sbuf {
  char *s;    /* the text, NUL-terminated, or NULL */
  size_t len; /* its length */
  size_t cap; /* allocated */
  int oom;    /* memory ran out */
} sbuf;

/* Append printf-style text to b. */
static void sb_add(sbuf *b, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 2, 3)))
#endif
    ;

/* Append printf-style text to b (see above). */
static void sb_add(sbuf *b, const char *fmt, ...)
{
  va_list ap;
  int need;

  if (b->oom) {
    return;
  }
  va_start(ap, fmt);
  need = vsnprintf(NULL, 0, fmt, ap);
  va_end(ap);
  if (need < 0) {
    b->oom = 1;
    return;
  }
  if (b->len + (size_t)need + 1 > b->cap) {
    size_t cap = (b->len + (size_t)need + 1) * 2;
    char *grown = realloc(b->s, cap);

    if (grown == NULL) {
      b->oom = 1;
      return;
    }
    b->s = grown;
    b->cap = cap;
  }
  va_start(ap, fmt);
  vsnprintf(b->s + b->len, b->cap - b->len, fmt, ap);
  va_end(ap);
  b->len += (size_t)need;
}

/* The text built ("" if none); borrowed. */
static const char *sb_str(const sbuf *b)
{
  return b->s ? b->s : "";
}

/* Free the text. */
static void sb_free(sbuf *b)
{
  free(b->s);
  memset(b, 0, sizeof *b);
}

/* "poor" / "near-poor" in the run's language, for a class key. */
static const char *class_label(const rep *r, const char *key)
{
  if (key && strcmp(key, "near_poor") == 0) {
    return L(r, "near-poor", "cận nghèo");
  }
  if (key && strcmp(key, "poor") == 0) {
    return L(r, "poor", "nghèo");
  }
  return key ? key : "";
}

/* ---- summary ---- */

/* A summary row copied out of the callback. */
typedef struct sum_row {
  char code[8]; /* commune code, or the unit's for the total */
  char *name;   /* name (allocated) */
  int is_total; /* the total row */
  long households, poor, near_poor, poor_minority;
  long no_work_recorded, no_work;
  int above;
} sum_row;

/* The rows of a summary. */
typedef struct sum_rows {
  sum_row *v; /* allocated */
  size_t n, cap;
  int oom;
} sum_rows;

/* Free summary rows. */
static void sum_free(sum_rows *s)
{
  size_t k;

  for (k = 0; k < s->n; k++) {
    free(s->v[k].name);
  }
  free(s->v);
  memset(s, 0, sizeof *s);
}

/* povreg_report_summary() callback: copy the row. */
static int summary_cb(const povreg_summary_row *row, void *payload)
{
  sum_rows *s = payload;
  sum_row *d;
  void *grown;

  if ((grown = grow_for_one(s->v, &s->cap, s->n, sizeof *s->v)) == NULL) {
    s->oom = 1;
    return 1;
  }
  s->v = grown;
  d = &s->v[s->n++];
  memset(d, 0, sizeof *d);
  snprintf(d->code, sizeof d->code, "%s", row->unit_code ? row->unit_code : "");
  d->name = row->unit_name && row->unit_name[0]
                ? dup_str(row->unit_name, &s->oom)
                : NULL;
  d->is_total = row->is_total;
  d->households = row->households;
  d->poor = row->poor;
  d->near_poor = row->near_poor;
  d->poor_minority = row->poor_minority;
  d->no_work_recorded = row->no_work_recorded;
  d->no_work = row->no_work;
  d->above = row->above;
  return s->oom;
}

/*
** The summary of status year `year` (the run's unit and grouping date)
** into *out.  Returns a POVREG_* code (POVREG_ENOMEM when memory ran
** out).
*/
static int summary_get(rep *r, int year, sum_rows *out)
{
  povreg_report_spec spec = r->spec;
  int rc;

  memset(out, 0, sizeof *out);
  spec.year = year;
  spec.as_of = r->as_of[0] ? r->as_of : NULL;
  rc = povreg_report_summary(r->ctx->db, &spec, summary_cb, out);
  if (out->oom) {
    return POVREG_ENOMEM;
  }
  return rc;
}

/* The total row of a summary, or NULL. */
static const sum_row *sum_total(const sum_rows *s)
{
  size_t k;

  for (k = 0; k < s->n; k++) {
    if (s->v[k].is_total) {
      return &s->v[k];
    }
  }
  return NULL;
}

static const rt_col summary_cols[] = {
    {"unit", "COMMUNE", "Mã", CLI_TEXT},
    {"name", "NAME", "Tên", CLI_TEXT},
    {"households", "HOUSEHOLDS", "Số hộ", CLI_INT},
    {"poor", "POOR", "Hộ nghèo", CLI_INT},
    {"poor_rate", "RATE", "Tỷ lệ", CLI_NUM},
    {"near_poor", "NEAR-POOR", "Hộ cận nghèo", CLI_INT},
    {"near_poor_rate", "RATE", "Tỷ lệ", CLI_NUM},
    {"poor_minority", "MINORITY POOR", "Hộ nghèo DTTS", CLI_INT},
    {"poor_minority_share", "SHARE", "Tỷ lệ", CLI_NUM},
    {"no_work", "NO WORK CAP.", "Không có sức LĐ", CLI_INT},
    {"no_work_recorded", "RECORDED", "Có ghi nhận", CLI_INT},
    {"above", "ABOVE", "Trên ngưỡng", CLI_INT},
    {"total", "TOTAL", "Tổng", CLI_INT},
};
#define N_SUMMARY_COLS (sizeof summary_cols / sizeof summary_cols[0])

/* Fill t with the rows of s. */
static void summary_table(const rep *r, const sum_rows *s, rt *t)
{
  size_t k;
  long recorded = 0;

  rt_init(t, summary_cols, N_SUMMARY_COLS);
  t->plain = 1u << 12;
  if (r->spec.above_bp <= 0) {
    t->hide |= 1u << 11;
  }
  for (k = 0; k < s->n; k++) {
    const sum_row *v = &s->v[k];
    rt_rowb b;

    rb_clear(&b);
    if (v->is_total) {
      rb_text2(&b, 0, v->code[0] ? v->code : NULL, L(r, "Total", "Tổng"));
      rb_text(&b, 1,
              v->name ? v->name : L(r, "every commune", "toàn bộ các xã"));
      recorded += v->no_work_recorded;
    } else {
      rb_text(&b, 0, v->code);
      rb_text(&b, 1, v->name);
    }
    rb_count(r, &b, 2, v->households);
    rb_count(r, &b, 3, v->poor);
    rb_rate(r, &b, 4, v->poor, v->households);
    rb_count(r, &b, 5, v->near_poor);
    rb_rate(r, &b, 6, v->near_poor, v->households);
    rb_count(r, &b, 7, v->poor_minority);
    rb_rate(r, &b, 8, v->poor_minority, v->poor);
    rb_count(r, &b, 9, v->no_work);
    rb_count(r, &b, 10, v->no_work_recorded);
    rb_text2(&b, 11, v->above ? "1" : "0", v->above ? L(r, "yes", "có") : "");
    rb_text2(&b, 12, v->is_total ? "1" : "0", "");
    rt_add(t, &b, v->is_total ? RT_TOTAL : v->above ? RT_ABOVE : RT_ROW);
  }
  if (recorded == 0) {
    /* no poor household's survey says: leave the columns to CSV/JSON */
    t->plain |= (1u << 9) | (1u << 10);
  }
}

/* The notes under the summary: key figures, communes above the line. */
static void summary_notes(rep *r, const sum_rows *s)
{
  const sum_row *tot = sum_total(s);
  char a[NUMFMT_MAX], b[NUMFMT_MAX], c[NUMFMT_MAX], d[NUMFMT_MAX];
  char e[NUMFMT_MAX], f[NUMFMT_MAX], g[NUMFMT_MAX];
  sbuf sb = {NULL, 0, 0, 0};
  size_t k;
  int n_above = 0;

  if (tot) {
    numfmt_count(a, sizeof a, tot->households, r->st);
    numfmt_count(b, sizeof b, tot->poor, r->st);
    numfmt_rate(c, sizeof c, tot->poor, tot->households, r->st);
    numfmt_count(d, sizeof d, tot->poor_minority, r->st);
    numfmt_rate(e, sizeof e, tot->poor_minority, tot->poor, r->st);
    numfmt_count(f, sizeof f, tot->near_poor, r->st);
    numfmt_rate(g, sizeof g, tot->near_poor, tot->households, r->st);
    if (r->vi) {
      sb_add(&sb,
             "Tổng số: %s hộ; %s hộ nghèo (%s), trong đó %s hộ nghèo dân "
             "tộc thiểu số (%s); %s hộ cận nghèo (%s).",
             a, b, c[0] ? c : "-", d, e[0] ? e : "-", f, g[0] ? g : "-");
    } else {
      sb_add(&sb,
             "Total: %s households; %s poor (%s), of which %s "
             "ethnic-minority (%s); %s near-poor (%s).",
             a, b, c[0] ? c : "-", d, e[0] ? e : "-", f, g[0] ? g : "-");
    }
    block_note(r, sb_str(&sb));
    sb_free(&sb);
  }
  if (r->spec.above_bp > 0) {
    numfmt_bp(a, sizeof a, r->spec.above_bp, r->st);
    sb_add(&sb, "%s %s: ",
           L(r, "Communes with a poor rate above",
             "Các xã có tỷ lệ hộ nghèo trên"),
           a);
    for (k = 0; k < s->n; k++) {
      const sum_row *v = &s->v[k];

      if (v->is_total || !v->above) {
        continue;
      }
      numfmt_rate(b, sizeof b, v->poor, v->households, r->st);
      sb_add(&sb, "%s%s (%s)", n_above++ ? ", " : "",
             v->name ? v->name : v->code, b);
    }
    sb_add(&sb, "%s", n_above ? "." : L(r, "none.", "không có."));
    block_note(r, sb_str(&sb));
    sb_free(&sb);
  }
}

/* ---- transitions ---- */

/* A transitions row copied out of the callback. */
typedef struct tr_row {
  char code[8];   /* commune, or the unit's code ("" all) for a total */
  int near_poor;  /* 0 poor, 1 near-poor */
  int is_total;   /* the unit's total for the class */
  long v[7];      /* start, escaped, to_poor, left, relapsed, new, end */
  int reconciles; /* as the library says */
} tr_row;

/* The rows of a year's transitions. */
typedef struct tr_rows {
  tr_row *v; /* allocated */
  size_t n, cap;
  int oom;
} tr_rows;

/* povreg_report_transitions() callback: copy the row. */
static int transition_cb(const povreg_transition_row *row, int is_total,
                         void *payload)
{
  tr_rows *s = payload;
  tr_row *d;
  void *grown;

  if ((grown = grow_for_one(s->v, &s->cap, s->n, sizeof *s->v)) == NULL) {
    s->oom = 1;
    return 1;
  }
  s->v = grown;
  d = &s->v[s->n++];
  snprintf(d->code, sizeof d->code, "%s",
           row->commune_code ? row->commune_code : "");
  d->near_poor = row->class_key && strcmp(row->class_key, "near_poor") == 0;
  d->is_total = is_total;
  d->v[0] = row->start;
  d->v[1] = row->escaped;
  d->v[2] = row->to_poor;
  d->v[3] = row->left;
  d->v[4] = row->relapsed;
  d->v[5] = row->newly;
  d->v[6] = row->end;
  d->reconciles = row->reconciles;
  return 0;
}

/* The transitions of status year `year` into *out (a POVREG_* code). */
static int transitions_get(rep *r, int year, tr_rows *out)
{
  povreg_report_spec spec = r->spec;
  int rc;

  memset(out, 0, sizeof *out);
  spec.year = year;
  spec.as_of = r->as_of[0] ? r->as_of : NULL;
  rc = povreg_report_transitions(r->ctx->db, &spec, transition_cb, out);
  if (out->oom) {
    return POVREG_ENOMEM;
  }
  return rc;
}

/* ---- targets ---- */

/* A target row copied out of the callback. */
typedef struct tg_row {
  char code[8];     /* unit */
  char *name;       /* its name (allocated) */
  int year;         /* status year */
  int near_poor;    /* 0 poor, 1 near-poor */
  char measure[12]; /* "count", "rate", "reduction" */
  long target, actual, gap;
  int has_actual, met;
  char *source; /* allocated */
} tg_row;

/* The rows of the targets. */
typedef struct tg_rows {
  tg_row *v; /* allocated */
  size_t n, cap;
  int oom;
} tg_rows;

/* Free target rows. */
static void tg_free(tg_rows *s)
{
  size_t k;

  for (k = 0; k < s->n; k++) {
    free(s->v[k].name);
    free(s->v[k].source);
  }
  free(s->v);
  memset(s, 0, sizeof *s);
}

/* povreg_report_targets() callback: copy the row. */
static int target_cb(const povreg_target_row *row, void *payload)
{
  tg_rows *s = payload;
  tg_row *d;
  void *grown;

  if ((grown = grow_for_one(s->v, &s->cap, s->n, sizeof *s->v)) == NULL) {
    s->oom = 1;
    return 1;
  }
  s->v = grown;
  d = &s->v[s->n++];
  memset(d, 0, sizeof *d);
  snprintf(d->code, sizeof d->code, "%s", row->unit_code ? row->unit_code : "");
  d->name = row->unit_name && row->unit_name[0]
                ? dup_str(row->unit_name, &s->oom)
                : NULL;
  d->year = row->year;
  d->near_poor = row->class_key && strcmp(row->class_key, "near_poor") == 0;
  snprintf(d->measure, sizeof d->measure, "%s",
           row->measure ? row->measure : "");
  d->target = row->target;
  d->actual = row->actual;
  d->gap = row->gap;
  d->has_actual = row->has_actual;
  d->met = row->met;
  d->source = dup_str(row->source, &s->oom);
  return s->oom;
}

/*
** The targets of the run's unit (every year when year is 0) into *out
** (a POVREG_* code).
*/
static int targets_get(rep *r, int year, tg_rows *out)
{
  povreg_report_spec spec = r->spec;
  int rc;

  memset(out, 0, sizeof *out);
  spec.year = year;
  spec.as_of = year > 0 && r->as_of[0] ? r->as_of : NULL;
  rc = povreg_report_targets(r->ctx->db, &spec, target_cb, out);
  if (out->oom) {
    return POVREG_ENOMEM;
  }
  return rc;
}

/* ---- the years with statuses (for the charts) ---- */

/* Most status years a chart spans. */
#define MAX_YEARS 60

/* The summaries of every status year a standard governs. */
typedef struct history {
  int first;                    /* first year scanned */
  int n;                        /* years scanned */
  sum_rows years[MAX_YEARS];    /* summary of first + i */
  unsigned char has[MAX_YEARS]; /* 1 if year first + i has statuses */
} history;

/* The range of status years the standards govern. */
typedef struct year_range {
  int first, last;
} year_range;

/* povreg_standard_list() callback: widen the range. */
static int range_cb(const povreg_standard_info *s, void *payload)
{
  year_range *yr = payload;

  if (yr->first == 0 || s->first_year < yr->first) {
    yr->first = s->first_year;
  }
  if (s->last_year > yr->last) {
    yr->last = s->last_year;
  }
  return 0;
}

/* Free a history. */
static void history_free(history *h)
{
  int i;

  for (i = 0; i < h->n; i++) {
    sum_free(&h->years[i]);
  }
  h->n = 0;
}

/* Free a history allocated by history_of().  NULL-safe. */
static void history_release(history *h)
{
  if (h) {
    history_free(h);
    free(h);
  }
}

static int history_get(rep *r, history *h);

/*
** The run's history (see history_get), computed on the first call and
** kept in r->hist.  Returns a POVREG_* code; *out is borrowed.
*/
static int history_of(rep *r, const history **out)
{
  int rc;

  if (r->hist == NULL) {
    if ((r->hist = malloc(sizeof *r->hist)) == NULL) {
      return POVREG_ENOMEM;
    }
    if ((rc = history_get(r, r->hist)) != POVREG_OK) {
      history_release(r->hist);
      r->hist = NULL;
      return rc;
    }
  }
  *out = r->hist;
  return POVREG_OK;
}

/*
** Scan every status year a standard governs: the summary of each, and
** whether it has statuses (a recognised poor or near-poor household in
** the unit).  A year the library cannot report (no standard, a unit
** not valid) has none.  Returns a POVREG_* code.
*/
static int history_get(rep *r, history *h)
{
  year_range yr = {0, 0};
  int i, rc;

  memset(h, 0, sizeof *h);
  if ((rc = povreg_standard_list(r->ctx->db, range_cb, &yr)) != POVREG_OK) {
    return rc;
  }
  if (yr.first == 0) {
    return POVREG_OK;
  }
  if (yr.last - yr.first + 1 > MAX_YEARS) {
    yr.last = yr.first + MAX_YEARS - 1;
  }
  h->first = yr.first;
  for (i = 0; i <= yr.last - yr.first; i++) {
    const sum_row *tot;

    h->n = i + 1;
    rc = summary_get(r, yr.first + i, &h->years[i]);
    if (rc == POVREG_ENOTFOUND || rc == POVREG_EINVALID) {
      sum_free(&h->years[i]);
      continue;
    }
    if (rc != POVREG_OK) {
      return rc;
    }
    tot = sum_total(&h->years[i]);
    h->has[i] = tot && tot->poor + tot->near_poor > 0;
  }
  return POVREG_OK;
}

/* Nonzero if the history has statuses for year y. */
static int history_has(const history *h, int y)
{
  return y >= h->first && y < h->first + h->n && h->has[y - h->first];
}

/* The summary row of code in year y (the total when code is NULL). */
static const sum_row *history_row(const history *h, int y, const char *code)
{
  const sum_rows *s;
  size_t k;

  if (!history_has(h, y)) {
    return NULL;
  }
  s = &h->years[y - h->first];
  for (k = 0; k < s->n; k++) {
    if (code == NULL ? s->v[k].is_total
                     : !s->v[k].is_total && strcmp(s->v[k].code, code) == 0) {
      return &s->v[k];
    }
  }
  return NULL;
}

/* Most lines a rate chart draws one per commune. */
#define MAX_CHART_PARTS 16

/*
** The HTML chart of the poor rate per commune over the years with
** statuses, the unit's total and the plan's path: a rate target is a
** point of it; a yearly reduction target continues the path (from the
** year before's planned rate, else its actual rate).
*/
static int rate_chart(rep *r, const history *h)
{
  char labels[MAX_YEARS][12];
  const char *x_labels[MAX_YEARS];
  long values[MAX_CHART_PARTS + 2][MAX_YEARS];
  unsigned char has[MAX_CHART_PARTS + 2][MAX_YEARS];
  html_series series[MAX_CHART_PARTS + 2];
  char codes[MAX_CHART_PARTS][8];
  const char *names[MAX_CHART_PARTS];
  tg_rows tg;
  char title[256];
  int first = 0, last = 0, y, i, ncodes = 0, too_many = 0, rc;
  size_t k, ns = 0;

  memset(has, 0, sizeof has);
  for (y = h->first; y < h->first + h->n; y++) {
    if (history_has(h, y)) {
      first = first ? first : y;
      last = y;
    }
  }
  if (first == 0) {
    block_note(r, L(r, "No year has recognised statuses yet: no chart.",
                    "Chưa có năm nào có kết quả công nhận: không có biểu đồ."));
    return POVREG_OK;
  }
  memset(&tg, 0, sizeof tg);
  if (r->unit_code[0] && (rc = targets_get(r, 0, &tg)) != POVREG_OK) {
    tg_free(&tg);
    return rc;
  }
  for (k = 0; k < tg.n; k++) {
    if (strcmp(tg.v[k].code, r->unit_code) == 0 && !tg.v[k].near_poor &&
        tg.v[k].year > last && tg.v[k].year < first + MAX_YEARS) {
      last = tg.v[k].year;
    }
  }
  /* the communes, in the order they first appear */
  for (y = first; y <= last; y++) {
    const sum_rows *s;

    if (!history_has(h, y)) {
      continue;
    }
    s = &h->years[y - h->first];
    for (k = 0; k < s->n; k++) {
      int seen = 0, c;

      if (s->v[k].is_total) {
        continue;
      }
      for (c = 0; c < ncodes; c++) {
        seen |= strcmp(codes[c], s->v[k].code) == 0;
      }
      if (seen) {
        continue;
      }
      if (ncodes == MAX_CHART_PARTS) {
        too_many = 1;
        continue;
      }
      snprintf(codes[ncodes], sizeof codes[ncodes], "%s", s->v[k].code);
      names[ncodes++] = s->v[k].name ? s->v[k].name : s->v[k].code;
    }
  }
  if (too_many) {
    ncodes = 0;
  }
  for (i = 0; i <= last - first; i++) {
    snprintf(labels[i], sizeof labels[i], "%d", first + i);
    x_labels[i] = labels[i];
  }
  /* parts (those with a rate in some year), total */
  for (i = 0; i <= ncodes; i++) {
    int points = 0;

    for (y = first; y <= last; y++) {
      const sum_row *row = history_row(h, y, i < ncodes ? codes[i] : NULL);

      if (row && row->households > 0) {
        values[ns][y - first] = numfmt_hundredths(row->poor, row->households);
        has[ns][y - first] = 1;
        points++;
      }
    }
    if (points == 0 && i < ncodes) {
      continue;
    }
    series[ns].label = i < ncodes ? names[i] : L(r, "Total", "Toàn đơn vị");
    if (i == ncodes && r->unit_name) {
      series[ns].label = r->unit_name;
    }
    series[ns].values = values[ns];
    series[ns].has = has[ns];
    series[ns].kind = i < ncodes ? HTML_LINE_PART : HTML_LINE_TOTAL;
    ns++;
  }
  /* the plan's path */
  if (tg.n > 0) {
    int any = 0;

    for (y = first; y <= last; y++) {
      int idx = y - first;
      long rate = -1, reduction = -1;

      for (k = 0; k < tg.n; k++) {
        const tg_row *t = &tg.v[k];

        if (t->year != y || t->near_poor ||
            strcmp(t->code, r->unit_code) != 0) {
          continue;
        }
        if (strcmp(t->measure, "rate") == 0) {
          rate = t->target;
        } else if (strcmp(t->measure, "reduction") == 0) {
          reduction = t->target;
        }
      }
      if (rate < 0 && reduction >= 0) {
        const sum_row *before = history_row(h, y - 1, NULL);

        if (idx > 0 && has[ns][idx - 1]) {
          rate = values[ns][idx - 1] - reduction;
        } else if (before && before->households > 0) {
          rate =
              numfmt_hundredths(before->poor, before->households) - reduction;
        }
        if (rate < 0 && (idx > 0 ? has[ns][idx - 1] : before != NULL)) {
          rate = 0;
        }
      }
      if (rate >= 0) {
        values[ns][idx] = rate;
        has[ns][idx] = 1;
        any = 1;
      }
    }
    if (any) {
      series[ns].label = L(r, "Plan target", "Chỉ tiêu kế hoạch");
      series[ns].values = values[ns];
      series[ns].has = has[ns];
      series[ns].kind = HTML_LINE_TARGET;
      ns++;
    }
  }
  snprintf(title, sizeof title, "%s",
           L(r, "Poor rate per commune over the years, against the plan",
             "Tỷ lệ hộ nghèo theo xã qua các năm, so với kế hoạch"));
  html_line_chart(r->fp, title, x_labels, (size_t)(last - first + 1), series,
                  ns, r->st);
  if (too_many) {
    block_note(r, L(r, "Too many communes for one chart: the total only.",
                    "Quá nhiều xã cho một biểu đồ: chỉ vẽ tổng."));
  }
  tg_free(&tg);
  return POVREG_OK;
}

/*
** The HTML charts of the transitions over the years (the unit's totals):
** one for the poor, one for the near-poor, each year whose year before
** also has statuses.
*/
static int transitions_chart(rep *r, const history *h)
{
  static const int poor_cols[] = {0, 1, 3, 4, 5, 6};
  static const int near_cols[] = {0, 1, 2, 3, 4, 5, 6};
  char labels[MAX_YEARS][12];
  const char *groups[MAX_YEARS];
  long values[2][MAX_YEARS * 7];
  const char *series[2][7];
  const char *all_series[7];
  size_t ng = 0, c;
  int y, cls, rc;

  all_series[0] = L(r, "start", "đầu kỳ");
  all_series[1] = L(r, "escaped", "thoát");
  all_series[2] = L(r, "to poor", "thành hộ nghèo");
  all_series[3] = L(r, "left", "ra khỏi danh sách");
  all_series[4] = L(r, "relapsed", "tái");
  all_series[5] = L(r, "new", "phát sinh mới");
  all_series[6] = L(r, "end", "cuối kỳ");
  for (c = 0; c < 6; c++) {
    series[0][c] = all_series[poor_cols[c]];
  }
  for (c = 0; c < 7; c++) {
    series[1][c] = all_series[near_cols[c]];
  }
  for (y = h->first + 1; y < h->first + h->n; y++) {
    tr_rows tr;
    size_t k;

    if (!history_has(h, y) || !history_has(h, y - 1)) {
      continue;
    }
    if ((rc = transitions_get(r, y, &tr)) != POVREG_OK) {
      free(tr.v);
      return rc;
    }
    snprintf(labels[ng], sizeof labels[ng], "%d", y);
    groups[ng] = labels[ng];
    memset(&values[0][ng * 6], 0, 6 * sizeof(long));
    memset(&values[1][ng * 7], 0, 7 * sizeof(long));
    for (k = 0; k < tr.n; k++) {
      if (!tr.v[k].is_total) {
        continue;
      }
      if (tr.v[k].near_poor) {
        for (c = 0; c < 7; c++) {
          values[1][ng * 7 + c] = tr.v[k].v[near_cols[c]];
        }
      } else {
        for (c = 0; c < 6; c++) {
          values[0][ng * 6 + c] = tr.v[k].v[poor_cols[c]];
        }
      }
    }
    free(tr.v);
    ng++;
  }
  if (ng == 0) {
    block_note(r, L(r, "No two consecutive years with statuses: no chart.",
                    "Chưa có hai năm liên tiếp có kết quả: không có biểu đồ."));
    return POVREG_OK;
  }
  for (cls = 0; cls < 2; cls++) {
    html_bar_chart(r->fp,
                   cls == 0 ? L(r, "Poor households: changes per year",
                                "Hộ nghèo: biến động theo năm")
                            : L(r, "Near-poor households: changes per year",
                                "Hộ cận nghèo: biến động theo năm"),
                   groups, ng, series[cls], cls == 0 ? 6 : 7, values[cls],
                   r->st);
  }
  return POVREG_OK;
}

/* ---- indicator names ---- */

/*
** The name of indicator key of standard std in the run's language
** (English or Vietnamese; r NULL: Vietnamese, the legal name), else
** fallback, else the key.  Borrowed.
*/
static const char *indicator_name(const rep *r, const povreg_standard *std,
                                  const char *key, const char *fallback)
{
  size_t k;

  for (k = 0; std && k < std->n_indicators; k++) {
    const povreg_standard_indicator *ind = &std->indicators[k];

    if (strcmp(ind->key, key) == 0) {
      const char *name = r == NULL || r->vi ? ind->name_vi : ind->name_en;
      return name ? name : ind->name_vi ? ind->name_vi : key;
    }
  }
  return fallback ? fallback : key;
}

/* ---- the reports ---- */

/* Title "WHAT: UNIT, status year Y, standard S, units as on D". */
static void make_title(const rep *r, char *buf, size_t n, const char *what,
                       int year)
{
  char ut[256], yt[256];

  snprintf(buf, n, "%s: %s%s", what, unit_title(r, ut, sizeof ut),
           year_title(r, year, yt, sizeof yt));
}

/* The summary report (one block).  Returns a POVREG_* code. */
static int write_summary(rep *r)
{
  sum_rows s;
  rt t;
  params p;
  const history *h = NULL;
  char title[640];
  int rc;

  rt_init(&t, summary_cols, N_SUMMARY_COLS);
  if ((rc = summary_get(r, r->spec.year, &s)) != POVREG_OK) {
    goto done;
  }
  if (r->fmt == CLI_FMT_HTML && (rc = history_of(r, &h)) != POVREG_OK) {
    goto done;
  }
  summary_table(r, &s, &t);
  make_title(r, title, sizeof title,
             L(r, "Poor and near-poor households", "Hộ nghèo, hộ cận nghèo"),
             r->spec.year);
  params_fill(r, &p, "summary", r->spec.year);
  if (r->spec.above_bp > 0) {
    numfmt_bp(p.above, sizeof p.above, r->spec.above_bp, NUMFMT_PLAIN);
    p.f[p.n++] = (cli_field){"above", "above", p.above, CLI_NUM};
  }
  block_begin(r, "summary", title, p.f, p.n);
  if (r->fmt == CLI_FMT_HTML && (rc = rate_chart(r, h)) != POVREG_OK) {
    goto done;
  }
  if (block_table(r, &t, "rows", NULL, 1) != 0) {
    rc = POVREG_ENOMEM;
    goto done;
  }
  summary_notes(r, &s);
  block_end(r);
  rc = POVREG_OK;
done:
  rt_free(&t);
  sum_free(&s);
  return rc;
}

/* A deprivation row copied out of the callback. */
typedef struct dep_row {
  int ordinal;
  char key[40];
  char *name_vi;      /* allocated */
  char *dimension_vi; /* allocated */
  long deprived, base;
} dep_row;

/* The rows of the deprivation table. */
typedef struct dep_rows {
  dep_row *v; /* allocated */
  size_t n, cap;
  int oom;
} dep_rows;

/* povreg_report_deprivation() callback: copy the row. */
static int deprivation_cb(const povreg_deprivation_row *row, void *payload)
{
  dep_rows *s = payload;
  dep_row *d;
  void *grown;

  if ((grown = grow_for_one(s->v, &s->cap, s->n, sizeof *s->v)) == NULL) {
    s->oom = 1;
    return 1;
  }
  s->v = grown;
  d = &s->v[s->n++];
  d->ordinal = row->ordinal;
  snprintf(d->key, sizeof d->key, "%s", row->key ? row->key : "");
  d->name_vi = dup_str(row->name_vi, &s->oom);
  d->dimension_vi = dup_str(row->dimension_vi, &s->oom);
  d->deprived = row->deprived;
  d->base = row->base;
  return s->oom;
}

/* Free deprivation rows. */
static void dep_free(dep_rows *s)
{
  size_t k;

  for (k = 0; k < s->n; k++) {
    free(s->v[k].name_vi);
    free(s->v[k].dimension_vi);
  }
  free(s->v);
  memset(s, 0, sizeof *s);
}

static const rt_col deprivation_cols[] = {
    {"ordinal", "#", "TT", CLI_INT},
    {"indicator", "INDICATOR", "Chỉ số", CLI_TEXT},
    {"key", "KEY", "Mã", CLI_TEXT},
    {"dimension", "DIMENSION", "Chiều", CLI_TEXT},
    {"deprived", "DEPRIVED", "Số hộ thiếu hụt", CLI_INT},
    {"base", "BASE", "Tổng số hộ", CLI_INT},
    {"share", "SHARE", "Tỷ lệ", CLI_NUM},
};
#define N_DEPRIVATION_COLS                                                     \
  (sizeof deprivation_cols / sizeof deprivation_cols[0])

/* The deprivation table (one block).  Returns a POVREG_* code. */
static int write_deprivation(rep *r)
{
  dep_rows s;
  rt t;
  params p;
  povreg_standard *std = NULL;
  char standard[33] = "", title[640], num[NUMFMT_MAX], pct[NUMFMT_MAX];
  const char *cls = r->spec.class_key ? r->spec.class_key : "poor";
  int near = strcmp(cls, "near_poor") == 0;
  sbuf note = {NULL, 0, 0, 0};
  size_t k;
  int rc;

  memset(&s, 0, sizeof s);
  rt_init(&t, deprivation_cols, N_DEPRIVATION_COLS);
  {
    povreg_report_spec spec = r->spec;

    spec.as_of = r->as_of[0] ? r->as_of : NULL;
    rc = povreg_report_deprivation(standard, r->ctx->db, &spec, deprivation_cb,
                                   &s);
  }
  if (s.oom) {
    rc = POVREG_ENOMEM;
  }
  if (rc != POVREG_OK) {
    goto done;
  }
  if (standard[0]) {
    snprintf(r->standard, sizeof r->standard, "%s", standard);
    (void)povreg_standard_get(&std, r->ctx->db, standard, 0);
  }
  t.plain = (1u << 3) | (1u << 5);
  for (k = 0; k < s.n; k++) {
    const dep_row *d = &s.v[k];
    rt_rowb b;

    rb_clear(&b);
    rb_count(r, &b, 0, d->ordinal);
    rb_text2(&b, 1, d->name_vi, indicator_name(r, std, d->key, d->name_vi));
    rb_text(&b, 2, d->key);
    rb_text(&b, 3, d->dimension_vi);
    rb_count(r, &b, 4, d->deprived);
    rb_count(r, &b, 5, d->base);
    rb_rate(r, &b, 6, d->deprived, d->base);
    rt_add(&t, &b, RT_ROW);
  }
  make_title(r, title, sizeof title,
             near ? L(r, "Deprivation among near-poor households",
                      "Mức độ thiếu hụt các dịch vụ xã hội cơ bản của hộ "
                      "cận nghèo")
                  : L(r, "Deprivation among poor households",
                      "Mức độ thiếu hụt các dịch vụ xã hội cơ bản của hộ "
                      "nghèo"),
             r->spec.year);
  params_fill(r, &p, "deprivation", r->spec.year);
  p.f[p.n++] = (cli_field){"class", "class", cls, CLI_TEXT};
  block_begin(r, "deprivation", title, p.f, p.n);
  if (r->fmt == CLI_FMT_HTML && s.n > 0) {
    const char *labels[64], *texts[64];
    long values[64];
    char text_buf[64][2 * NUMFMT_MAX + 16];
    size_t n = s.n < 64 ? s.n : 64;

    for (k = 0; k < n; k++) {
      const dep_row *d = &s.v[k];

      labels[k] = indicator_name(r, std, d->key, d->name_vi);
      values[k] = d->base > 0 ? numfmt_hundredths(d->deprived, d->base) : 0;
      numfmt_count(num, sizeof num, d->deprived, r->st);
      numfmt_rate(pct, sizeof pct, d->deprived, d->base, r->st);
      snprintf(text_buf[k], sizeof text_buf[k], "%s%s (%s)", num,
               r->vi ? " hộ" : "", pct[0] ? pct : "-");
      texts[k] = text_buf[k];
    }
    html_hbar_chart(r->fp,
                    near ? L(r, "Near-poor households deprived, by indicator",
                             "Hộ cận nghèo thiếu hụt theo chỉ số")
                         : L(r, "Poor households deprived, by indicator",
                             "Hộ nghèo thiếu hụt theo chỉ số"),
                    labels, values, texts, n);
  }
  if (block_table(r, &t, "rows", NULL, 1) != 0) {
    rc = POVREG_ENOMEM;
    goto done;
  }
  numfmt_count(num, sizeof num, s.n > 0 ? s.v[0].base : 0, r->st);
  if (r->vi) {
    sb_add(&note, "Cơ sở tính tỷ lệ: %s hộ %s có kết quả phân loại.", num,
           class_label(r, cls));
  } else {
    sb_add(&note,
           "Base of the shares: %s %s households with a "
           "classification.",
           num, class_label(r, cls));
  }
  if (s.n == 0) {
    sb_add(&note, "%s",
           L(r, " The year's standard has no indicators.",
             " Chuẩn của năm không có chỉ số."));
  }
  block_note(r, sb_str(&note));
  block_end(r);
  rc = POVREG_OK;
done:
  sb_free(&note);
  povreg_standard_free(std);
  rt_free(&t);
  dep_free(&s);
  return rc;
}

static const rt_col transitions_cols[] = {
    {"commune", "COMMUNE", "Mã", CLI_TEXT},
    {"name", "NAME", "Tên", CLI_TEXT},
    {"class", "CLASS", "Loại", CLI_TEXT},
    {"start", "START", "Đầu kỳ", CLI_INT},
    {"escaped", "ESCAPED", "Thoát", CLI_INT},
    {"to_poor", "TO POOR", "Thành hộ nghèo", CLI_INT},
    {"left", "LEFT", "Ra khỏi DS", CLI_INT},
    {"relapsed", "RELAPSED", "Tái", CLI_INT},
    {"new", "NEW", "Phát sinh", CLI_INT},
    {"end", "END", "Cuối kỳ", CLI_INT},
    {"check", "CHECK", "Đối chiếu", CLI_TEXT},
    {"total", "TOTAL", "Tổng", CLI_INT},
};
#define N_TRANSITIONS_COLS                                                     \
  (sizeof transitions_cols / sizeof transitions_cols[0])

/* Nonzero if row class near_poor passes the --class filter ("" none). */
static int class_passes(const char *filter, int near_poor)
{
  if (filter == NULL) {
    return 1;
  }
  return near_poor ? strcmp(filter, "near_poor") == 0
                   : strcmp(filter, "poor") == 0;
}

/* One line of the reconciliation of a total row. */
static void reconciliation_note(rep *r, const tr_row *v)
{
  char n[7][NUMFMT_MAX];
  sbuf sb = {NULL, 0, 0, 0};
  long sum = v->v[0] - v->v[1] - v->v[2] - v->v[3] + v->v[4] + v->v[5];
  char s[NUMFMT_MAX];
  int k;

  for (k = 0; k < 7; k++) {
    numfmt_count(n[k], sizeof n[k], v->v[k], r->st);
  }
  numfmt_count(s, sizeof s, sum, r->st);
  if (r->vi) {
    sb_add(&sb,
           "Đối chiếu, hộ %s: đầu kỳ %s - thoát %s - thành hộ nghèo %s - ra "
           "khỏi danh sách %s + tái %s + phát sinh %s = %s; cuối kỳ %s: %s.",
           class_label(r, v->near_poor ? "near_poor" : "poor"), n[0], n[1],
           n[2], n[3], n[4], n[5], s, n[6],
           sum == v->v[6] ? "khớp" : "KHÔNG KHỚP");
  } else {
    sb_add(&sb,
           "Reconciliation, %s: start %s - escaped %s - to poor %s - left %s "
           "+ relapsed %s + new %s = %s; end %s: %s.",
           class_label(r, v->near_poor ? "near_poor" : "poor"), n[0], n[1],
           n[2], n[3], n[4], n[5], s, n[6], sum == v->v[6] ? "ok" : "MISMATCH");
  }
  block_note(r, sb_str(&sb));
  sb_free(&sb);
}

/* The transitions of the year (one block).  Returns a POVREG_* code. */
static int write_transitions(rep *r, int year)
{
  tr_rows s;
  rt t;
  params p;
  const history *h = NULL;
  char title[640], what[160];
  const char *filter = r->all ? NULL : r->spec.class_key;
  size_t k;
  int rc;

  rt_init(&t, transitions_cols, N_TRANSITIONS_COLS);
  if ((rc = transitions_get(r, year, &s)) != POVREG_OK) {
    goto done;
  }
  if (r->fmt == CLI_FMT_HTML && (rc = history_of(r, &h)) != POVREG_OK) {
    goto done;
  }
  t.plain = 1u << 11;
  for (k = 0; k < s.n; k++) {
    const tr_row *v = &s.v[k];
    const char *name = v->is_total ? r->unit_name : unit_name(r, v->code);
    int j, ok = v->reconciles;
    rt_rowb b;

    if (!class_passes(filter, v->near_poor)) {
      continue;
    }
    rb_clear(&b);
    if (v->is_total) {
      rb_text2(&b, 0, v->code[0] ? v->code : NULL, L(r, "Total", "Tổng"));
      rb_text(&b, 1, name ? name : L(r, "every commune", "toàn bộ các xã"));
    } else {
      rb_text(&b, 0, v->code);
      rb_text(&b, 1, name);
    }
    rb_text2(&b, 2, v->near_poor ? "near_poor" : "poor",
             class_label(r, v->near_poor ? "near_poor" : "poor"));
    for (j = 0; j < 7; j++) {
      rb_count(r, &b, (size_t)(3 + j), v->v[j]);
    }
    rb_text2(&b, 10, ok ? "ok" : "mismatch",
             ok ? L(r, "ok", "khớp") : L(r, "MISMATCH", "LỆCH"));
    rb_text2(&b, 11, v->is_total ? "1" : "0", "");
    rt_add(&t, &b, !ok ? RT_MISMATCH : v->is_total ? RT_TOTAL : RT_ROW);
  }
  if (r->vi) {
    snprintf(what, sizeof what, "Biến động từ năm %d đến năm %d", year - 1,
             year);
  } else {
    snprintf(what, sizeof what, "Changes from %d to %d", year - 1, year);
  }
  make_title(r, title, sizeof title, what, year);
  params_fill(r, &p, "transitions", year);
  if (filter) {
    p.f[p.n++] = (cli_field){"class", "class", filter, CLI_TEXT};
  }
  block_begin(r, "transitions", title, p.f, p.n);
  if (r->fmt == CLI_FMT_HTML && (rc = transitions_chart(r, h)) != POVREG_OK) {
    goto done;
  }
  if (block_table(r, &t, "rows", NULL, 1) != 0) {
    rc = POVREG_ENOMEM;
    goto done;
  }
  for (k = 0; k < s.n; k++) {
    if (s.v[k].is_total && class_passes(filter, s.v[k].near_poor)) {
      reconciliation_note(r, &s.v[k]);
    }
  }
  if (t.nrows == 0) {
    block_note(r, L(r, "No poor or near-poor household in either year.",
                    "Không có hộ nghèo, cận nghèo trong cả hai năm."));
  }
  block_end(r);
  rc = POVREG_OK;
done:
  rt_free(&t);
  free(s.v);
  return rc;
}

static const rt_col targets_cols[] = {
    {"unit", "UNIT", "Mã", CLI_TEXT},
    {"name", "NAME", "Tên", CLI_TEXT},
    {"year", "YEAR", "Năm", CLI_INT},
    {"class", "CLASS", "Loại", CLI_TEXT},
    {"measure", "MEASURE", "Chỉ tiêu", CLI_TEXT},
    {"target", "TARGET", "Kế hoạch", CLI_NUM},
    {"actual", "ACTUAL", "Thực hiện", CLI_NUM},
    {"gap", "GAP", "Chênh lệch", CLI_NUM},
    {"met", "MET", "Đạt", CLI_INT},
    {"source", "SOURCE", "Căn cứ", CLI_TEXT},
};
#define N_TARGETS_COLS (sizeof targets_cols / sizeof targets_cols[0])

/*
** A value of a target's measure: households (count), a rate in basis
** points, or percentage points in basis points (reduction, and every
** gap of a rate).  signed_ adds "+" to positive values shown.
*/
static void rb_measure(const rep *r, rt_rowb *b, size_t k, const char *measure,
                       long v, int points, int signed_)
{
  char num[NUMFMT_MAX];

  if (strcmp(measure, "count") == 0) {
    b->plain[k] = numfmt_count(b->buf[k][0], RT_CELL, v, NUMFMT_PLAIN);
    if (signed_ && v > 0) {
      numfmt_count(num, sizeof num, v, r->st);
      snprintf(b->buf[k][1], RT_CELL, "+%s", num);
    } else {
      numfmt_count(b->buf[k][1], RT_CELL, v, r->st);
    }
    b->shown[k] = b->buf[k][1];
    return;
  }
  b->plain[k] = numfmt_fixed2(b->buf[k][0], RT_CELL, v, 0, NUMFMT_PLAIN);
  if (points) {
    numfmt_fixed2(num, sizeof num, v, signed_, r->st);
    snprintf(b->buf[k][1], RT_CELL, "%s %s", num, L(r, "pts", "điểm %"));
  } else {
    numfmt_bp(b->buf[k][1], RT_CELL, v, r->st);
  }
  b->shown[k] = b->buf[k][1];
}

/* The measure of a target in the run's language. */
static const char *measure_label(const rep *r, const char *m)
{
  if (strcmp(m, "count") == 0) {
    return L(r, "households", "số hộ");
  }
  if (strcmp(m, "rate") == 0) {
    return L(r, "rate", "tỷ lệ");
  }
  if (strcmp(m, "reduction") == 0) {
    return L(r, "yearly fall", "mức giảm");
  }
  return m;
}

/*
** Fill t with target rows s (filtered by class); with with_results 0
** only the targets as set (the actual, gap and met columns hidden).
*/
static void targets_table(const rep *r, const tg_rows *s, const char *filter,
                          int with_results, rt *t)
{
  size_t k;

  rt_init(t, targets_cols, N_TARGETS_COLS);
  if (!with_results) {
    t->hide = (1u << 6) | (1u << 7) | (1u << 8);
  }
  for (k = 0; k < s->n; k++) {
    const tg_row *v = &s->v[k];
    const char *ck = v->near_poor ? "near_poor" : "poor";
    int reduction = strcmp(v->measure, "reduction") == 0;
    rt_rowb b;

    if (!class_passes(filter, v->near_poor)) {
      continue;
    }
    rb_clear(&b);
    rb_text(&b, 0, v->code);
    rb_text(&b, 1, v->name);
    snprintf(b.buf[2][0], RT_CELL, "%d", v->year);
    rb_text(&b, 2, b.buf[2][0]);
    rb_text2(&b, 3, ck, class_label(r, ck));
    rb_text2(&b, 4, v->measure, measure_label(r, v->measure));
    rb_measure(r, &b, 5, v->measure, v->target, reduction, 0);
    if (v->has_actual) {
      rb_measure(r, &b, 6, v->measure, v->actual, reduction, 0);
      rb_measure(r, &b, 7, v->measure, v->gap, strcmp(v->measure, "count") != 0,
                 1);
      rb_text2(&b, 8, v->met ? "1" : "0",
               v->met ? L(r, "yes", "đạt") : L(r, "no", "chưa đạt"));
    } else {
      b.shown[6] = b.shown[7] = "-";
      b.shown[8] = L(r, "no statuses yet", "chưa có kết quả");
    }
    rb_text(&b, 9, v->source);
    rt_add(t, &b, RT_ROW);
  }
}

/* Targets against results (one block).  Returns a POVREG_* code. */
static int write_targets(rep *r, int year)
{
  tg_rows s;
  rt t;
  params p;
  char title[640], ut[256], yt[256];
  const char *filter = r->all ? NULL : r->spec.class_key;
  int rc;

  rt_init(&t, targets_cols, N_TARGETS_COLS);
  if ((rc = targets_get(r, year, &s)) != POVREG_OK) {
    goto done;
  }
  targets_table(r, &s, filter, 1, &t);
  snprintf(title, sizeof title, "%s: %s%s",
           L(r, "Plan targets against results",
             "Chỉ tiêu kế hoạch và kết quả thực hiện"),
           unit_title(r, ut, sizeof ut),
           year > 0 ? year_title(r, year, yt, sizeof yt) : "");
  params_fill(r, &p, "targets", year);
  if (year <= 0) {
    p.f[4].value = NULL; /* as_of: each year on its own date */
    p.f[5].value = NULL;
  }
  if (filter) {
    p.f[p.n++] = (cli_field){"class", "class", filter, CLI_TEXT};
  }
  block_begin(r, "targets", title, p.f, p.n);
  if (block_table(r, &t, "rows", NULL, 1) != 0) {
    rc = POVREG_ENOMEM;
    goto done;
  }
  if (t.nrows == 0) {
    block_note(r, L(r, "No target recorded (povreg target set).",
                    "Chưa có chỉ tiêu nào (povreg target set)."));
  }
  block_note(r, L(r,
                  "A status year holds from its start: the target for 2021 "
                  "is the end of 2020. Gap = actual - target: above 0, more "
                  "households (or a higher rate) than planned; for a yearly "
                  "fall, below 0 falls short.",
                  "Số liệu của năm Y là số đầu năm Y: chỉ tiêu năm 2021 là "
                  "chỉ tiêu cuối năm 2020. Chênh lệch = thực hiện - kế "
                  "hoạch: lớn hơn 0 là nhiều hộ (tỷ lệ cao) hơn kế hoạch; "
                  "với mức giảm hằng năm, nhỏ hơn 0 là chưa đạt."));
  block_end(r);
  rc = POVREG_OK;
done:
  rt_free(&t);
  tg_free(&s);
  return rc;
}

/* ---- the multidimensional poverty index ---- */

static const rt_col mpi_measure_cols[] = {
    {"measure", "MEASURE", "Chỉ số", CLI_TEXT},
    {"label", "MEASURE", "Chỉ số", CLI_TEXT},
    {"value", "VALUE", "Giá trị", CLI_NUM},
};

static const rt_col mpi_indicator_cols[] = {
    {"key", "KEY", "Mã", CLI_TEXT},
    {"indicator", "INDICATOR", "Chỉ số", CLI_TEXT},
    {"deprived", "DEPRIVED", "Số hộ thiếu hụt", CLI_INT},
    {"deprived_poor", "OF THEM POOR", "Trong đó nghèo", CLI_INT},
    {"weight", "WEIGHT", "Trọng số", CLI_NUM},
    {"uncensored", "UNCENSORED", "Tỷ lệ thiếu hụt", CLI_NUM},
    {"censored", "CENSORED", "Tỷ lệ thiếu hụt (nghèo)", CLI_NUM},
    {"contribution", "CONTRIBUTION", "Đóng góp vào M0", CLI_NUM},
};

static const rt_col mpi_group_cols[] = {
    {"by", "BY", "Theo", CLI_TEXT},
    {"key", "GROUP", "Nhóm", CLI_TEXT},
    {"name", "NAME", "Tên", CLI_TEXT},
    {"n", "N", "Số hộ", CLI_INT},
    {"q", "Q", "Hộ nghèo đa chiều", CLI_INT},
    {"H", "H", "H", CLI_NUM},
    {"A", "A", "A", CLI_NUM},
    {"M0", "M0", "M0", CLI_NUM},
    {"share", "SHARE OF M0", "Đóng góp vào M0", CLI_NUM},
};
#define N_MPI_GROUP_COLS (sizeof mpi_group_cols / sizeof mpi_group_cols[0])

/* The weight of an indicator: "1/d" when it is that, else a decimal. */
static void rb_weight(const rep *r, rt_rowb *b, size_t k, double w, int d)
{
  b->plain[k] = numfmt_real(b->buf[k][0], RT_CELL, w, 6, 0, NUMFMT_PLAIN);
  if (d > 0 && w * d > 0.999999 && w * d < 1.000001) {
    snprintf(b->buf[k][1], RT_CELL, "1/%d", d);
  } else {
    numfmt_real(b->buf[k][1], RT_CELL, w, 4, 0, r->st);
  }
  b->shown[k] = b->buf[k][1];
}

/* A change of a share in percentage points: plain a signed fraction. */
static void rb_points(const rep *r, rt_rowb *b, size_t k, double v)
{
  char num[NUMFMT_MAX];

  b->plain[k] = numfmt_real(b->buf[k][0], RT_CELL, v, 6, 0, NUMFMT_PLAIN);
  numfmt_real(num, sizeof num, v * 100.0, 2, 1, r->st);
  snprintf(b->buf[k][1], RT_CELL, "%s %s", num, L(r, "pts", "điểm %"));
  b->shown[k] = b->buf[k][1];
}

/* The label of a decomposition ("By commune"). */
static const char *group_caption(const rep *r, const char *by)
{
  if (strcmp(by, "commune") == 0) {
    return L(r, "By commune", "Theo xã");
  }
  if (strcmp(by, "ethnicity") == 0) {
    return L(r, "By ethnicity of the head", "Theo dân tộc của chủ hộ");
  }
  if (strcmp(by, "head_sex") == 0) {
    return L(r, "By sex of the head", "Theo giới tính của chủ hộ");
  }
  return by;
}

/*
** Fill t with the decomposition rows of m whose `by` is by (every row
** when by is NULL).
*/
static void mpi_groups_table(rep *r, const povreg_mpi *m, const char *by, rt *t)
{
  size_t k;

  rt_init(t, mpi_group_cols, N_MPI_GROUP_COLS);
  if (by) {
    t->hide = 1u << 0;
  }
  for (k = 0; k < m->n_groups; k++) {
    const povreg_mpi_group *g = &m->groups[k];
    const char *name = NULL;
    rt_rowb b;

    if (by && strcmp(g->by, by) != 0) {
      continue;
    }
    rb_clear(&b);
    name = g->name[0] ? g->name : NULL;
    if (strcmp(g->by, "commune") == 0 && name == NULL) {
      name = unit_name(r, g->key);
    }
    if (strcmp(g->by, "head_sex") == 0) {
      int f = strcmp(g->key, "F") == 0, m = strcmp(g->key, "M") == 0;

      rb_text2(&b, 2, name,
               f   ? L(r, "female", "nữ")
               : m ? L(r, "male", "nam")
                   : name);
    } else {
      rb_text(&b, 2, name);
    }
    rb_text(&b, 0, g->by);
    rb_text(&b, 1, g->key);
    rb_count(r, &b, 3, g->n);
    rb_count(r, &b, 4, g->q);
    rb_real(r, &b, 5, g->H, 1, 2, 0);
    rb_real(r, &b, 6, g->A, 1, 2, 0);
    rb_real(r, &b, 7, g->M0, 0, 4, 0);
    rb_real(r, &b, 8, g->share, 1, 2, 0);
    rt_add(t, &b, RT_ROW);
  }
}

/*
** The measures table of m: the households of the year (households, as
** the summary counts them), those left out, then n, q, H, A, M0.
*/
static void mpi_measures_table(const rep *r, const povreg_mpi *m,
                               long households, rt *t)
{
  rt_rowb b;

  rt_init(t, mpi_measure_cols, 3);
  t->plain = 1u << 0;
  t->people = 1u << 1;
  rb_clear(&b);
  rb_text(&b, 0, "households");
  rb_text(&b, 1, L(r, "households of the year", "số hộ của năm"));
  rb_count(r, &b, 2, households);
  rt_add(t, &b, RT_ROW);
  rb_clear(&b);
  rb_text(&b, 0, "excluded");
  rb_text(&b, 1,
          L(r, "left out: no classification behind the status",
            "không tính: không có kết quả phân loại"));
  rb_count(r, &b, 2, households - m->n);
  rt_add(t, &b, RT_ROW);
  rb_clear(&b);
  rb_text(&b, 0, "n");
  rb_text(&b, 1, L(r, "households classified (n)", "số hộ có phân loại (n)"));
  rb_count(r, &b, 2, m->n);
  rt_add(t, &b, RT_ROW);
  rb_clear(&b);
  rb_text(&b, 0, "q");
  rb_text(&b, 1,
          L(r, "multidimensionally poor (q)", "số hộ nghèo đa chiều (q)"));
  rb_count(r, &b, 2, m->q);
  rt_add(t, &b, RT_ROW);
  rb_clear(&b);
  rb_text(&b, 0, "H");
  rb_text(&b, 1, L(r, "headcount ratio H = q/n", "tỷ lệ nghèo H = q/n"));
  rb_real(r, &b, 2, m->H, 1, 2, 0);
  if (m->n > 0) {
    /* exact: from the counts */
    rb_rate(r, &b, 2, m->q, m->n);
    b.plain[2] = numfmt_real(b.buf[2][0], RT_CELL, m->H, 6, 0, NUMFMT_PLAIN);
  }
  rt_add(t, &b, RT_ROW);
  rb_clear(&b);
  rb_text(&b, 0, "A");
  rb_text(&b, 1,
          L(r, "intensity A (mean share of indicators deprived)",
            "cường độ A (tỷ lệ chỉ số thiếu hụt bình quân)"));
  rb_real(r, &b, 2, m->A, 1, 2, 0);
  rt_add(t, &b, RT_ROW);
  rb_clear(&b);
  rb_text(&b, 0, "M0");
  rb_text(&b, 1,
          L(r, "adjusted headcount ratio M0 = H x A",
            "chỉ số nghèo đa chiều M0 = H x A"));
  rb_real(r, &b, 2, m->M0, 0, 4, 0);
  rt_add(t, &b, RT_ROW);
}

/* The indicators table of m. */
static void mpi_indicators_table(const rep *r, const povreg_mpi *m,
                                 const povreg_standard *std, rt *t)
{
  size_t k;

  rt_init(t, mpi_indicator_cols, 8);
  t->plain = (1u << 2) | (1u << 3);
  for (k = 0; k < m->n_indicators; k++) {
    const povreg_mpi_indicator *ind = &m->indicators[k];
    rt_rowb b;

    rb_clear(&b);
    rb_text(&b, 0, ind->key);
    rb_text2(&b, 1, indicator_name(NULL, std, ind->key, NULL),
             indicator_name(r, std, ind->key, NULL));
    rb_count(r, &b, 2, ind->deprived);
    rb_count(r, &b, 3, ind->deprived_poor);
    rb_weight(r, &b, 4, ind->weight, m->d);
    rb_real(r, &b, 5, ind->uncensored, 1, 2, 0);
    rb_real(r, &b, 6, ind->censored, 1, 2, 0);
    rb_real(r, &b, 7, ind->contribution, 1, 2, 0);
    rt_add(t, &b, RT_ROW);
  }
}

/* One row of the change table. */
static void change_row(const rep *r, rt *t, const char *key, const char *label,
                       double from, double to, int share)
{
  rt_rowb b;

  rb_clear(&b);
  rb_text2(&b, 0, key, label);
  rb_real(r, &b, 1, from, share, 4, 0);
  rb_real(r, &b, 2, to, share, 4, 0);
  if (share) {
    rb_points(r, &b, 3, to - from);
  } else {
    rb_real(r, &b, 3, to - from, 0, 4, 1);
  }
  if (from > 0) {
    rb_real(r, &b, 4, (to - from) / from, 1, 2, 1);
  } else {
    b.shown[4] = "-";
  }
  rt_add(t, &b, RT_ROW);
}

/*
** The change table between m0 (year from) and m (year to): H, A, M0,
** then each indicator's censored headcount ratio (indicators of both).
*/
static void mpi_change_table(const rep *r, const povreg_mpi *m0,
                             const povreg_mpi *m, const povreg_standard *std,
                             rt_col cols[5], char labels[2][16], rt *t)
{
  size_t k, j;

  snprintf(labels[0], 16, "%d", m0->year);
  snprintf(labels[1], 16, "%d", m->year);
  cols[0] = (rt_col){"measure", "MEASURE", "Chỉ số", CLI_TEXT};
  cols[1] = (rt_col){"from", labels[0], labels[0], CLI_NUM};
  cols[2] = (rt_col){"to", labels[1], labels[1], CLI_NUM};
  cols[3] = (rt_col){"change", "CHANGE", "Thay đổi", CLI_NUM};
  cols[4] = (rt_col){"relative", "RELATIVE", "Tương đối", CLI_NUM};
  rt_init(t, cols, 5);
  change_row(r, t, "H", L(r, "headcount ratio H", "tỷ lệ nghèo H"), m0->H, m->H,
             1);
  change_row(r, t, "A", L(r, "intensity A", "cường độ A"), m0->A, m->A, 1);
  change_row(r, t, "M0", "M0", m0->M0, m->M0, 0);
  for (k = 0; k < m->n_indicators; k++) {
    for (j = 0; j < m0->n_indicators; j++) {
      char key[48], label[200];

      if (strcmp(m->indicators[k].key, m0->indicators[j].key) != 0) {
        continue;
      }
      snprintf(key, sizeof key, "censored:%s", m->indicators[k].key);
      snprintf(label, sizeof label, "%s: %s",
               L(r, "censored", "thiếu hụt (nghèo)"),
               indicator_name(r, std, m->indicators[k].key, NULL));
      change_row(r, t, key, label, m0->indicators[j].censored,
                 m->indicators[k].censored, 1);
    }
  }
}

/*
** The households of status year `year` of the run's unit, as the summary
** counts them, into *out: the population the MPI's n is taken from (the
** households of n plus those left out).  Returns a POVREG_* code.
*/
static int households_of(rep *r, int year, long *out)
{
  sum_rows s;
  const sum_row *t;
  int rc;

  *out = 0;
  if ((rc = summary_get(r, year, &s)) == POVREG_OK &&
      (t = sum_total(&s)) != NULL) {
    *out = t->households;
  }
  sum_free(&s);
  return rc;
}

/* The MPI report (one block).  Returns a POVREG_* code. */
static int write_mpi(rep *r)
{
  povreg_mpi *m = NULL, *m0 = NULL;
  povreg_standard *std = NULL;
  povreg_report_spec spec = r->spec;
  rt measures, indicators, groups[3], all_groups, change;
  rt_col change_cols[5];
  char change_labels[2][16];
  static const char *const bys[3] = {"commune", "ethnicity", "head_sex"};
  params p;
  char title[640], d[16], k_[16], n[24], q[24], H[NUMFMT_MAX], A[NUMFMT_MAX],
      M0[NUMFMT_MAX], cmp[16], caption[80], hh[24], ex[24],
      hh_shown[NUMFMT_MAX], ex_shown[NUMFMT_MAX];
  sbuf note = {NULL, 0, 0, 0};
  size_t g;
  long households = 0;
  int rc;

  rt_init(&measures, mpi_measure_cols, 3);
  rt_init(&indicators, mpi_indicator_cols, 8);
  rt_init(&all_groups, mpi_group_cols, N_MPI_GROUP_COLS);
  rt_init(&change, mpi_measure_cols, 3);
  for (g = 0; g < 3; g++) {
    rt_init(&groups[g], mpi_group_cols, N_MPI_GROUP_COLS);
  }
  spec.as_of = r->as_of[0] ? r->as_of : NULL;
  if ((rc = povreg_report_mpi(&m, r->ctx->db, &spec)) != POVREG_OK ||
      (rc = households_of(r, r->spec.year, &households)) != POVREG_OK) {
    goto done;
  }
  if (r->compare > 0) {
    spec.year = r->compare;
    if ((rc = povreg_report_mpi(&m0, r->ctx->db, &spec)) != POVREG_OK) {
      goto done;
    }
  }
  if (m->standard_id[0]) {
    snprintf(r->standard, sizeof r->standard, "%s", m->standard_id);
    (void)povreg_standard_get(&std, r->ctx->db, m->standard_id, 0);
  }
  mpi_measures_table(r, m, households, &measures);
  mpi_indicators_table(r, m, std, &indicators);
  mpi_groups_table(r, m, NULL, &all_groups);
  for (g = 0; g < 3; g++) {
    mpi_groups_table(r, m, bys[g], &groups[g]);
  }
  if (m0) {
    mpi_change_table(r, m0, m, std, change_cols, change_labels, &change);
  }
  make_title(r, title, sizeof title,
             L(r, "Multidimensional poverty (Alkire-Foster)",
               "Nghèo đa chiều (phương pháp Alkire-Foster)"),
             r->spec.year);
  params_fill(r, &p, "mpi", r->spec.year);
  snprintf(d, sizeof d, "%d", m->d);
  snprintf(k_, sizeof k_, "%d", m->k);
  snprintf(hh, sizeof hh, "%ld", households);
  snprintf(ex, sizeof ex, "%ld", households - m->n);
  numfmt_count(hh_shown, sizeof hh_shown, households, r->st);
  numfmt_count(ex_shown, sizeof ex_shown, households - m->n, r->st);
  snprintf(n, sizeof n, "%ld", m->n);
  snprintf(q, sizeof q, "%ld", m->q);
  numfmt_real(H, sizeof H, m->H, 6, 0, NUMFMT_PLAIN);
  numfmt_real(A, sizeof A, m->A, 6, 0, NUMFMT_PLAIN);
  numfmt_real(M0, sizeof M0, m->M0, 6, 0, NUMFMT_PLAIN);
  p.f[p.n++] = (cli_field){"weighting", "weighting", "equal", CLI_TEXT};
  p.f[p.n++] = (cli_field){"d", "d", d, CLI_INT};
  p.f[p.n++] = (cli_field){"k", "k", k_, CLI_INT};
  p.f[p.n++] = (cli_field){"households", "households", hh, CLI_INT};
  p.f[p.n++] = (cli_field){"excluded", "excluded", ex, CLI_INT};
  p.f[p.n++] = (cli_field){"n", "n", n, CLI_INT};
  p.f[p.n++] = (cli_field){"q", "q", q, CLI_INT};
  p.f[p.n++] = (cli_field){"H", "H", H, CLI_NUM};
  p.f[p.n++] = (cli_field){"A", "A", A, CLI_NUM};
  p.f[p.n++] = (cli_field){"M0", "M0", M0, CLI_NUM};
  if (m0) {
    snprintf(cmp, sizeof cmp, "%d", r->compare);
    p.f[p.n++] = (cli_field){"compare_year", "compare", cmp, CLI_INT};
  }
  block_begin(r, "mpi", title, p.f, p.n);
  if (r->vi) {
    sb_add(&note,
           "Trọng số bằng nhau: 1/%d cho mỗi chỉ số (chuẩn đếm số chỉ số "
           "thiếu hụt). Hộ nghèo đa chiều: thiếu hụt từ k = %d trong d = %d "
           "chỉ số. Đơn vị phân tích: hộ của năm, với các thiếu hụt của kết "
           "quả phân loại làm căn cứ cho tình trạng đang có hiệu lực (tình "
           "trạng gần nhất đến năm %d). Không tính %s trong %s hộ không có "
           "kết quả phân loại như vậy (chưa có tình trạng, tình trạng ghi "
           "không qua điều tra, hoặc phân loại theo chuẩn trước).",
           m->d, m->k, m->d, m->year, ex_shown, hh_shown);
  } else {
    sb_add(&note,
           "Weighting: equal, 1/%d per indicator (the standard counts "
           "deprived indicators). Multidimensionally poor: deprived in at "
           "least k = %d of d = %d indicators. Unit of analysis: the "
           "household of the year, with the deprivations of the "
           "classification behind its status in effect (its latest status "
           "up to %d). Left out: %s of the %s households, with no such "
           "classification (no status yet, a status recorded without a "
           "survey, or one classified under an earlier standard).",
           m->d, m->k, m->d, m->year, ex_shown, hh_shown);
  }
  block_note(r, sb_str(&note));
  if (r->fmt != CLI_FMT_JSON &&
      block_table(r, &measures, "measures", NULL, 1) != 0) {
    rc = POVREG_ENOMEM;
    goto done;
  }
  if (block_table(r, &indicators, "indicators",
                  L(r, "Indicators", "Các chỉ số"), 0) != 0) {
    rc = POVREG_ENOMEM;
    goto done;
  }
  if (r->fmt == CLI_FMT_HTML && m->n_indicators > 0 && m->M0 > 0) {
    const char *labels[64], *texts[64];
    long values[64];
    char text_buf[64][NUMFMT_MAX + 4];
    size_t i, ni = m->n_indicators < 64 ? m->n_indicators : 64;

    for (i = 0; i < ni; i++) {
      double c = m->indicators[i].contribution;

      labels[i] = indicator_name(r, std, m->indicators[i].key, NULL);
      values[i] = (long)(c * 10000.0 + 0.5);
      numfmt_real(text_buf[i], NUMFMT_MAX, c * 100.0, 2, 0, r->st);
      snprintf(text_buf[i] + strlen(text_buf[i]), 4, "%%");
      texts[i] = text_buf[i];
    }
    html_hbar_chart(r->fp,
                    L(r, "Contribution of each indicator to M0",
                      "Đóng góp của từng chỉ số vào M0"),
                    labels, values, texts, ni);
  }
  if (r->fmt == CLI_FMT_TABLE || r->fmt == CLI_FMT_HTML) {
    for (g = 0; g < 3; g++) {
      snprintf(caption, sizeof caption, "%s", group_caption(r, bys[g]));
      if (groups[g].nrows > 0 &&
          block_table(r, &groups[g], "groups", caption, 0) != 0) {
        rc = POVREG_ENOMEM;
        goto done;
      }
    }
  } else if (block_table(r, &all_groups, "groups", NULL, 0) != 0) {
    rc = POVREG_ENOMEM;
    goto done;
  }
  if (m0) {
    if (r->vi) {
      snprintf(caption, sizeof caption, "Thay đổi từ năm %d đến năm %d",
               m0->year, m->year);
    } else {
      snprintf(caption, sizeof caption, "Change from %d to %d", m0->year,
               m->year);
    }
    if (block_table(r, &change, "change", caption, 0) != 0) {
      rc = POVREG_ENOMEM;
      goto done;
    }
    if (strcmp(m0->standard_id, m->standard_id) != 0) {
      block_note(r, L(r,
                      "The two years fall under different standards: only "
                      "the indicators of both are compared.",
                      "Hai năm thuộc hai chuẩn khác nhau: chỉ so sánh các "
                      "chỉ số có ở cả hai."));
    }
  }
  block_end(r);
  rc = POVREG_OK;
done:
  sb_free(&note);
  rt_free(&measures);
  rt_free(&indicators);
  rt_free(&all_groups);
  rt_free(&change);
  for (g = 0; g < 3; g++) {
    rt_free(&groups[g]);
  }
  povreg_standard_free(std);
  povreg_mpi_free(m);
  povreg_mpi_free(m0);
  return rc;
}

/* ---- the plan's yearly changes (the demo) ---- */

static const rt_col changes_cols[] = {
    {"year", "YEAR", "Năm", CLI_INT},
    {"class", "CLASS", "Loại", CLI_TEXT},
    {"start", "START", "Đầu kỳ", CLI_INT},
    {"escaped", "ESCAPED", "Thoát", CLI_INT},
    {"to_poor", "TO POOR", "Thành hộ nghèo", CLI_INT},
    {"left", "LEFT", "Ra khỏi DS", CLI_INT},
    {"relapsed", "RELAPSED", "Tái", CLI_INT},
    {"new", "NEW", "Phát sinh", CLI_INT},
    {"end", "END", "Cuối kỳ", CLI_INT},
    {"check", "CHECK", "Đối chiếu", CLI_TEXT},
};
#define N_CHANGES_COLS (sizeof changes_cols / sizeof changes_cols[0])

/*
** The unit's total changes of each status year first..last, per class,
** in one table (one block).  Returns a POVREG_* code.
*/
static int write_changes(rep *r, int first, int last)
{
  rt t;
  params p;
  char title[640], ut[256], years[16];
  int y, rc = POVREG_OK;

  rt_init(&t, changes_cols, N_CHANGES_COLS);
  for (y = first; y <= last && rc == POVREG_OK; y++) {
    tr_rows tr;
    size_t k;

    if ((rc = transitions_get(r, y, &tr)) != POVREG_OK) {
      free(tr.v);
      break;
    }
    for (k = 0; k < tr.n; k++) {
      const tr_row *v = &tr.v[k];
      long sum = v->v[0] - v->v[1] - v->v[2] - v->v[3] + v->v[4] + v->v[5];
      int ok = v->reconciles && sum == v->v[6], j;
      rt_rowb b;

      if (!v->is_total) {
        continue;
      }
      rb_clear(&b);
      snprintf(b.buf[0][0], RT_CELL, "%d", y);
      rb_text(&b, 0, b.buf[0][0]);
      rb_text2(&b, 1, v->near_poor ? "near_poor" : "poor",
               class_label(r, v->near_poor ? "near_poor" : "poor"));
      for (j = 0; j < 7; j++) {
        rb_count(r, &b, (size_t)(2 + j), v->v[j]);
      }
      rb_text2(&b, 9, ok ? "ok" : "mismatch",
               ok ? L(r, "ok", "khớp") : L(r, "MISMATCH", "LỆCH"));
      rt_add(&t, &b, ok ? RT_ROW : RT_MISMATCH);
    }
    free(tr.v);
  }
  if (rc != POVREG_OK) {
    goto done;
  }
  snprintf(title, sizeof title, "%s %d-%d: %s",
           L(r, "Changes per year, status years", "Biến động theo năm,"), first,
           last, unit_title(r, ut, sizeof ut));
  params_fill(r, &p, "changes", 0);
  p.f[4].value = NULL;
  snprintf(years, sizeof years, "%d-%d", first, last);
  p.f[p.n++] = (cli_field){"years", "years", years, CLI_TEXT};
  block_begin(r, "changes", title, p.f, p.n);
  if (r->fmt == CLI_FMT_HTML) {
    const history *h = NULL;

    if ((rc = history_of(r, &h)) != POVREG_OK ||
        (rc = transitions_chart(r, h)) != POVREG_OK) {
      goto done;
    }
  }
  if (block_table(r, &t, "rows", NULL, 1) != 0) {
    rc = POVREG_ENOMEM;
    goto done;
  }
  block_note(r, L(r,
                  "start = the class the year before; end = start - "
                  "escaped - to poor - left + relapsed + new.",
                  "đầu kỳ = số hộ năm trước; cuối kỳ = đầu kỳ - thoát - "
                  "thành hộ nghèo - ra khỏi danh sách + tái + phát sinh."));
  block_end(r);
done:
  rt_free(&t);
  return rc;
}

/* ---- target list (cmd_target.c) ---- */

/* The targets as set, without results (one block). */
static int write_target_list(rep *r, int year)
{
  tg_rows s;
  rt t;
  int rc;

  rt_init(&t, targets_cols, N_TARGETS_COLS);
  if ((rc = targets_get(r, year, &s)) != POVREG_OK) {
    goto done;
  }
  targets_table(r, &s, r->spec.class_key, 0, &t);
  /* a plain list (an array in JSON), as the other list commands print */
  if (r->fmt == CLI_FMT_TABLE) {
    rt_write_text(r, &t);
  } else if (rt_write_plain(r, &t, 0) != 0) {
    rc = POVREG_ENOMEM;
    goto done;
  }
  rc = POVREG_OK;
done:
  rt_free(&t);
  tg_free(&s);
  return rc;
}

/* ---- a run: options, page, output ---- */

/* The sections of "report all", in order. */
static const char *const all_ids[] = {"summary", "deprivation", "transitions",
                                      "targets", "mpi"};

/* Write the sections of `kind` (not the page around them). */
static int write_sections(rep *r, const char *kind)
{
  int rc;

  if (strcmp(kind, "summary") == 0) {
    return write_summary(r);
  }
  if (strcmp(kind, "deprivation") == 0) {
    return write_deprivation(r);
  }
  if (strcmp(kind, "transitions") == 0) {
    return write_transitions(r, r->spec.year);
  }
  if (strcmp(kind, "targets") == 0) {
    return write_targets(r, r->spec.year);
  }
  if (strcmp(kind, "mpi") == 0) {
    return write_mpi(r);
  }
  if (strcmp(kind, "target-list") == 0) {
    return write_target_list(r, r->spec.year);
  }
  if (strcmp(kind, "plan") == 0) {
    if ((rc = write_summary(r)) != POVREG_OK ||
        (rc = write_deprivation(r)) != POVREG_OK ||
        (rc = write_changes(r, r->spec.year + 1, r->through)) != POVREG_OK ||
        (rc = write_targets(r, 0)) != POVREG_OK) {
      return rc;
    }
    return r->fmt == CLI_FMT_HTML ? write_mpi(r) : POVREG_OK;
  }
  /* all */
  if ((rc = write_summary(r)) != POVREG_OK ||
      (rc = write_deprivation(r)) != POVREG_OK ||
      (rc = write_transitions(r, r->spec.year)) != POVREG_OK ||
      (rc = write_targets(r, 0)) != POVREG_OK) {
    return rc;
  }
  return write_mpi(r);
}

/* Write the whole report of `kind`: an HTML page, a JSON array, ... */
static int write_report(rep *r, const char *kind)
{
  char title[512], ut[256], meta[640], yt[256];
  int rc;

  if (r->fmt == CLI_FMT_JSON && r->all) {
    fputs("[\n", r->fp);
    rc = write_sections(r, kind);
    fputs("\n]\n", r->fp);
    return rc;
  }
  if (r->fmt != CLI_FMT_HTML) {
    return write_sections(r, kind);
  }
  snprintf(title, sizeof title, "%s: %s",
           L(r, "Poverty report", "Báo cáo giảm nghèo"),
           unit_title(r, ut, sizeof ut));
  html_begin(r->fp, r->vi ? "vi" : "en", title);
  html_heading(r->fp, 1, NULL, title);
  meta[0] = '\0';
  if (r->spec.year > 0) {
    snprintf(yt, sizeof yt, "%s %d", L(r, "Status year", "Năm"), r->spec.year);
  } else {
    snprintf(yt, sizeof yt, "%s", L(r, "Every year", "Các năm"));
  }
  snprintf(meta, sizeof meta, "%s%s%s%s%s · %s povreg %s", yt,
           r->standard[0] ? L(r, " · standard ", " · chuẩn ") : "", r->standard,
           r->as_of[0] ? L(r, " · units as on ",
                           " · đơn vị hành chính tại "
                           "ngày ")
                       : "",
           r->as_of, L(r, "written from the ledger by", "lập từ sổ bởi"),
           povreg_version());
  html_para(r->fp, "meta", meta);
  if (r->all) {
    const char *labels[5], *ids[5];

    memcpy(ids, all_ids, sizeof ids);
    if (strcmp(kind, "plan") == 0) {
      ids[2] = "changes";
    }
    labels[0] = L(r, "Poor and near-poor", "Hộ nghèo, cận nghèo");
    labels[1] = L(r, "Deprivation", "Thiếu hụt");
    labels[2] = L(r, "Changes", "Biến động");
    labels[3] = L(r, "Targets", "Chỉ tiêu");
    labels[4] = L(r, "Multidimensional poverty", "Nghèo đa chiều");
    html_nav(r->fp, ids, labels, 5);
  }
  rc = write_sections(r, kind);
  html_para(r->fp, "note",
            L(r,
              "Rates are computed from exact counts and rounded half-up to "
              "two decimals. A status year holds from its start: the "
              "review held late in the year before sets it.",
              "Tỷ lệ tính từ số hộ chính xác, làm tròn hai chữ số thập "
              "phân. Kết quả của năm Y áp dụng từ đầu năm Y, do đợt rà "
              "soát cuối năm Y-1 xác định."));
  html_end(r->fp);
  return rc;
}

/*
** Write buf (len bytes) to path atomically, or to stdout when path is
** NULL: into "PATH.tmpXXXXXX", created by mkstemp (a fresh name, mode
** 0600: never a file or symbolic link someone placed there), then renamed
** over path.  Returns an exit status.
*/
static int emit(const char *buf, size_t len, const char *path)
{
  char tmp[4096];
  FILE *f;
  int ok, fd;

  if (path == NULL) {
    fwrite(buf, 1, len, stdout);
    return CLI_EXIT_OK;
  }
  if ((size_t)snprintf(tmp, sizeof tmp, "%s.tmpXXXXXX", path) >= sizeof tmp) {
    cli_error("%s: file name too long", path);
    return CLI_EXIT_FAIL;
  }
  if ((fd = mkstemp(tmp)) < 0) {
    cli_error("%s: %s", path, strerror(errno));
    return CLI_EXIT_FAIL;
  }
  if ((f = fdopen(fd, "w")) == NULL) {
    cli_error("%s: %s", path, strerror(errno));
    close(fd);
    remove(tmp);
    return CLI_EXIT_FAIL;
  }
  errno = 0;
  ok = fwrite(buf, 1, len, f) == len;
  ok = fclose(f) == 0 && ok;
  if (!ok || rename(tmp, path) != 0) {
    cli_error("%s: %s", path, strerror(errno ? errno : EIO));
    remove(tmp);
    return CLI_EXIT_FAIL;
  }
  return CLI_EXIT_OK;
}

/* Write a report (see cli.h). */
int cli_report(cli_ctx *ctx, const char *kind, const cli_report_opts *o,
               cli_format fmt, const char *path)
{
  rep r;
  povreg_unit *u = NULL;
  char *buf = NULL;
  size_t len = 0;
  FILE *mem;
  int rc, status, oom = 0;

  memset(&r, 0, sizeof r);
  r.ctx = ctx;
  r.fmt = fmt;
  r.vi = o->vi;
  r.st = o->vi ? NUMFMT_VI : NUMFMT_EN;
  r.all = strcmp(kind, "all") == 0 || strcmp(kind, "plan") == 0;
  r.compare = o->compare;
  r.through = o->through;
  r.spec.year = o->year;
  r.spec.unit_code = o->unit;
  r.spec.class_key = o->class_key;
  r.spec.above_bp = (int)o->above_bp;
  if (o->as_of) {
    snprintf(r.as_of, sizeof r.as_of, "%s", o->as_of);
  } else if (o->year > 0) {
    snprintf(r.as_of, sizeof r.as_of, "%04d-01-01", o->year);
  }
  r.spec.as_of = r.as_of[0] ? r.as_of : NULL;
  snprintf(r.unit_code, sizeof r.unit_code, "%s", o->unit ? o->unit : "");
  if (o->year > 0 &&
      povreg_standard_for_year(r.standard, ctx->db, o->year) != POVREG_OK) {
    r.standard[0] = '\0';
  }
  if (o->unit &&
      (povreg_unit_get(&u, ctx->db, o->unit, r.spec.as_of) == POVREG_OK ||
       povreg_unit_get(&u, ctx->db, o->unit, NULL) == POVREG_OK)) {
    r.unit_name = dup_str(u->name, &oom);
  }
  povreg_unit_free(u);
  if (oom || (mem = open_memstream(&buf, &len)) == NULL) {
    rep_free(&r);
    return oom_fail();
  }
  r.fp = mem;
  rc = write_report(&r, kind);
  if (fclose(mem) != 0 && rc == POVREG_OK) {
    rc = POVREG_ENOMEM;
  }
  if (rc == POVREG_ENOMEM) {
    status = oom_fail();
  } else if (rc != POVREG_OK) {
    status = cli_fail(ctx, rc);
  } else {
    status = emit(buf, len, path);
  }
  free(buf);
  rep_free(&r);
  return status;
}

/*
** Read the options common to the reports into *o.  Returns CLI_CONTINUE,
** or CLI_EXIT_USAGE after printing the problem.
*/
int cli_report_opts_parse(const cli_ctx *ctx, const cli_args *a,
                          cli_report_opts *o)
{
  const char *cls = cli_get(a, "class");
  const char *above = cli_get(a, "above");
  const char *locale = cli_get(a, "locale");

  memset(o, 0, sizeof *o);
  o->year = (int)cli_get_long(a, "year", 0);
  o->unit = cli_get(a, "unit");
  o->as_of = cli_get(a, "as-of");
  o->compare = (int)cli_get_long(a, "compare", 0);
  if (cls) {
    if (strcmp(cls, "poor") == 0) {
      o->class_key = "poor";
    } else if (strcmp(cls, "near-poor") == 0 || strcmp(cls, "near_poor") == 0) {
      o->class_key = "near_poor";
    } else {
      return cli_usage_error(ctx, "--class: must be poor or near-poor");
    }
  }
  if (above && (numfmt_parse_fixed2(above, 10000, &o->above_bp) != 0 ||
                o->above_bp == 0)) {
    return cli_usage_error(ctx,
                           "--above: '%.40s' is not a percentage above 0 "
                           "with at most 2 decimals (e.g. 50 or 40.5)",
                           above);
  }
  if (locale == NULL || strcmp(locale, "en") == 0) {
    o->vi = 0;
  } else if (strcmp(locale, "vi") == 0) {
    o->vi = 1;
  } else {
    return cli_usage_error(ctx, "--locale: must be en or vi");
  }
  return CLI_CONTINUE;
}

/* report KIND ...: parse, then write the report. */
static int run_kind(cli_ctx *ctx, const cli_args *a, const char *kind,
                    cli_format fmt)
{
  cli_report_opts o;
  int rc = cli_report_opts_parse(ctx, a, &o);

  if (rc != CLI_CONTINUE) {
    return rc;
  }
  if ((rc = cli_open(ctx, 0)) != CLI_EXIT_OK) {
    return rc;
  }
  return cli_report(ctx, kind, &o, fmt, cli_get(a, "output"));
}

/* report summary */
static int cmd_summary(cli_ctx *ctx, const cli_args *a)
{
  return run_kind(ctx, a, "summary", ctx->format);
}

/* report deprivation */
static int cmd_deprivation(cli_ctx *ctx, const cli_args *a)
{
  return run_kind(ctx, a, "deprivation", ctx->format);
}

/* report transitions */
static int cmd_transitions(cli_ctx *ctx, const cli_args *a)
{
  return run_kind(ctx, a, "transitions", ctx->format);
}

/* report targets */
static int cmd_targets(cli_ctx *ctx, const cli_args *a)
{
  return run_kind(ctx, a, "targets", ctx->format);
}

/* report mpi */
static int cmd_mpi(cli_ctx *ctx, const cli_args *a)
{
  return run_kind(ctx, a, "mpi", ctx->format);
}

/* report all */
static int cmd_all(cli_ctx *ctx, const cli_args *a)
{
  return run_kind(ctx, a, "all", ctx->format);
}

/* report html: every report as one HTML page */
static int cmd_html(cli_ctx *ctx, const cli_args *a)
{
  return run_kind(ctx, a, "all", CLI_FMT_HTML);
}

/* ---- options and help ---- */

/* clang-format off */
#define REPORT_COMMON_OPTS(year_kind)                                          \
  {"year", CLI_OPT_VALUE | CLI_OPT_INT | (year_kind), 1900, 2100},             \
  {"unit", CLI_OPT_VALUE, 0, 0},                                               \
  {"as-of", CLI_OPT_VALUE, 0, 0},                                              \
  {"locale", CLI_OPT_VALUE, 0, 0},                                             \
  {"output", CLI_OPT_VALUE, 0, 0}
/* clang-format on */

#define REPORT_COMMON_HELP                                                     \
  "  --year Y          the status year (the review held late in Y-1 sets\n"    \
  "                    it; the start-of-2016 figures are --year 2016)\n"       \
  "  --unit CODE       a province, district or commune, by a code valid\n"     \
  "                    on the grouping date (default: every commune)\n"        \
  "  --as-of DATE      group households under the communes of this date\n"     \
  "                    (default: Y-01-01); e.g. 2025-07-01 shows the\n"        \
  "                    communes after the 1 July 2025 reorganisation\n"        \
  "  --format F        text (default), csv, json or html\n"                    \
  "  --locale vi       Vietnamese labels and numbers (4.658 hộ, 40,30%)\n"   \
  "                    in text and HTML; CSV and JSON stay plain\n"            \
  "  -o, --output FILE write the report to FILE (replaced only when the\n"     \
  "                    report is complete)\n"

static const cli_optspec summary_opts[] = {
    REPORT_COMMON_OPTS(CLI_OPT_REQUIRED),
    {"above", CLI_OPT_VALUE, 0, 0},
    {NULL, 0, 0, 0},
};

static const char summary_usage[] =
    "Usage: povreg report summary --year Y [--unit CODE] [--above PCT]\n"
    "         [--as-of DATE] [--format F] [--locale vi] [-o FILE]\n"
    "\n"
    "Per commune of the unit, then its total: households of the year,\n"
    "recognised poor and near-poor households and their rates, the\n"
    "ethnic-minority households among the poor (count and share), and\n"
    "the poor households without working capacity where the survey\n"
    "recorded it.  Rates come from the exact counts, rounded half-up to\n"
    "two decimals.\n"
    "\n" REPORT_COMMON_HELP
    "  --above PCT       flag the communes whose poor rate is above PCT\n"
    "                    (e.g. 50) and list them under the table\n"
    "\n"
    "Example:\n"
    "  povreg report summary --year 2016 --unit 616 --above 50\n";

static const cli_optspec class_opts[] = {
    REPORT_COMMON_OPTS(CLI_OPT_REQUIRED),
    {"class", CLI_OPT_VALUE, 0, 0},
    {NULL, 0, 0, 0},
};

static const char deprivation_usage[] =
    "Usage: povreg report deprivation --year Y [--unit CODE]\n"
    "         [--class poor|near-poor] [--as-of DATE] [--format F]\n"
    "         [--locale vi] [-o FILE]\n"
    "\n"
    "Among the poor (or near-poor) households of the year, how many are\n"
    "deprived in each indicator of the standard governing the year, and\n"
    "their share, as in a poverty-reduction plan (\"Hố xí/nhà tiêu hợp\n"
    "vệ sinh: 3.598 hộ\").  The share's base is the households of the\n"
    "class with a classification.\n"
    "\n" REPORT_COMMON_HELP "  --class C         poor (default) or near-poor\n"
    "\n"
    "Example:\n"
    "  povreg report deprivation --year 2016 --unit 616 --locale vi\n";

static const char transitions_usage[] =
    "Usage: povreg report transitions --year Y [--unit CODE]\n"
    "         [--class poor|near-poor] [--as-of DATE] [--format F]\n"
    "         [--locale vi] [-o FILE]\n"
    "\n"
    "The changes from Y-1 to Y per commune and class, then the unit's\n"
    "total per class: start (in the class in Y-1), escaped, to poor\n"
    "(near-poor who became poor), left (no status in Y: moved, died,\n"
    "merged), relapsed, new, end; each row checked (CHECK ok) and the\n"
    "total's reconciliation written out:\n"
    "end = start - escaped - to poor - left + relapsed + new.\n"
    "\n" REPORT_COMMON_HELP
    "  --class C         only poor or only near-poor rows\n"
    "\n"
    "Example:\n"
    "  povreg report transitions --year 2017 --unit 616\n";

static const cli_optspec targets_opts[] = {
    REPORT_COMMON_OPTS(0),
    {"class", CLI_OPT_VALUE, 0, 0},
    {NULL, 0, 0, 0},
};

static const char targets_usage[] =
    "Usage: povreg report targets [--year Y] [--unit CODE]\n"
    "         [--class poor|near-poor] [--format F] [--locale vi] [-o FILE]\n"
    "\n"
    "The plan targets recorded with 'povreg target set' for the unit and\n"
    "the units under it (every year, or year Y), against the results in\n"
    "the ledger: the target, the actual figure in the same measure\n"
    "(households, rate, or fall of the rate against the year before), the\n"
    "gap (actual - target) and whether it is met.  A year without\n"
    "statuses yet shows \"no statuses yet\".\n"
    "\n" REPORT_COMMON_HELP
    "  --class C         only targets for the poor or for the near-poor\n"
    "\n"
    "Example:\n"
    "  povreg report targets --unit 616\n";

static const cli_optspec mpi_opts[] = {
    REPORT_COMMON_OPTS(CLI_OPT_REQUIRED),
    {"compare", CLI_OPT_VALUE | CLI_OPT_INT, 1900, 2100},
    {NULL, 0, 0, 0},
};

static const char mpi_usage[] =
    "Usage: povreg report mpi --year Y [--unit CODE] [--compare Y0]\n"
    "         [--as-of DATE] [--format F] [--locale vi] [-o FILE]\n"
    "\n"
    "The Alkire-Foster measures over the households of Y of the unit (as\n"
    "the summary counts them), each with the classification behind its\n"
    "status in effect (its latest status up to Y); those without one are\n"
    "left out and counted.  The standard's indicators, equal weights\n"
    "(1/d each, as the standard counts indicators) and its cut-off k:\n"
    "headcount ratio H = q/n, intensity A, adjusted headcount ratio\n"
    "M0 = H x A; per indicator the uncensored and censored headcount\n"
    "ratios and its contribution to M0; M0 decomposed by commune, by the\n"
    "ethnicity and by the sex of the head.  CSV and JSON give the\n"
    "measures as fractions (0.403011), text and HTML as percentages.\n"
    "\n" REPORT_COMMON_HELP "  --compare Y0      also the change from Y0 to Y\n"
    "\n"
    "Example:\n"
    "  povreg report mpi --year 2018 --unit 616 --compare 2016\n";

static const cli_optspec all_opts[] = {
    REPORT_COMMON_OPTS(CLI_OPT_REQUIRED),
    {"above", CLI_OPT_VALUE, 0, 0},
    {"class", CLI_OPT_VALUE, 0, 0},
    {"compare", CLI_OPT_VALUE | CLI_OPT_INT, 1900, 2100},
    {NULL, 0, 0, 0},
};

static const char all_usage[] =
    "Usage: povreg report all --year Y [--unit CODE] [--above PCT]\n"
    "         [--class poor|near-poor] [--compare Y0] [--as-of DATE]\n"
    "         [--format F] [--locale vi] [-o FILE]\n"
    "\n"
    "Every report of the unit for Y, one after the other: summary,\n"
    "deprivation (of --class), transitions, targets (every year) and mpi.\n"
    "With --format html: one self-contained page (no script, no network)\n"
    "with the tables and SVG charts: the poor rate per commune over the\n"
    "years against the plan's target line, the deprivation bars and the\n"
    "changes per year.  JSON: an array of the reports' objects; CSV: the\n"
    "tables one after the other, separated by an empty line.\n"
    "\n" REPORT_COMMON_HELP
    "  --above PCT       flag the communes above PCT in the summary\n"
    "  --class C         the class of the deprivation table\n"
    "  --compare Y0      the MPI's change from Y0\n"
    "\n"
    "Example:\n"
    "  povreg report all --year 2016 --unit 616 --above 50 --format html \\\n"
    "    -o report.html\n";

static const char html_usage[] =
    "Usage: povreg report html --year Y [--unit CODE] [--above PCT]\n"
    "         [--class poor|near-poor] [--compare Y0] [--as-of DATE]\n"
    "         [--locale vi] [-o FILE]\n"
    "\n"
    "The same as 'povreg report all --format html': every report of the\n"
    "unit as one self-contained HTML page with SVG charts.  Check it in a\n"
    "browser, or headless:\n"
    "  chromium --headless --screenshot=report.png report.html\n"
    "\n" REPORT_COMMON_HELP
    "  --above PCT       flag the communes above PCT in the summary\n"
    "  --class C         the class of the deprivation table\n"
    "  --compare Y0      the MPI's change from Y0\n"
    "\n"
    "Example:\n"
    "  povreg report html --year 2016 --unit 616 --above 50 --locale vi \\\n"
    "    -o bao-cao.html\n";

const cli_command cli_report_cmds[] = {
    {"summary", cmd_summary, summary_opts, 0, 0, 0, CLI_OPEN_SELF,
     "poor and near-poor households per commune", summary_usage},
    {"deprivation", cmd_deprivation, class_opts, 0, 0, 0, CLI_OPEN_SELF,
     "deprivation in each indicator among the poor", deprivation_usage},
    {"transitions", cmd_transitions, class_opts, 0, 0, 0, CLI_OPEN_SELF,
     "escaped, relapsed, new ... per commune, reconciled", transitions_usage},
    {"targets", cmd_targets, targets_opts, 0, 0, 0, CLI_OPEN_SELF,
     "plan targets against results", targets_usage},
    {"mpi", cmd_mpi, mpi_opts, 0, 0, 0, CLI_OPEN_SELF,
     "Alkire-Foster multidimensional poverty measures", mpi_usage},
    {"all", cmd_all, all_opts, 0, 0, 0, CLI_OPEN_SELF,
     "every report, one after the other", all_usage},
    {"html", cmd_html, all_opts, 0, 0, 0, CLI_OPEN_SELF,
     "every report as one HTML page with charts", html_usage},
    {NULL, NULL, NULL, 0, 0, 0, CLI_OPEN_EXISTING, NULL, NULL},
};
