/*
** cmd_standard.c: "povreg standard ..." (poverty standards as data):
** list, show (table from the exported JSON document, or the document
** itself) and import (a new standard or a new data version).
**
** The library hands a standard's details out only as its JSON document
** (povreg_standard_export), so this file carries a small strict JSON
** reader (RFC 8259) to lay the document out as tables.
*/
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

/* ---- a small JSON reader ---- */

/* Kinds of JSON value. */
typedef enum jkind { J_NULL, J_BOOL, J_NUM, J_STR, J_ARR, J_OBJ } jkind;

/* A parsed JSON value: a tree of nodes, children linked in order. */
typedef struct jnode {
  jkind kind;          /* what it is */
  char *text;          /* J_STR: decoded text; J_NUM, J_BOOL: its literal
                          ("12", "true"); else NULL.  Allocated. */
  char *key;           /* member name inside an object, or NULL; allocated */
  struct jnode *child; /* first element or member (J_ARR, J_OBJ) */
  struct jnode *next;  /* next sibling */
} jnode;

/* Parser state over a NUL-terminated text. */
typedef struct jparser {
  const char *p; /* next character */
  int depth;     /* nesting depth, limited */
  int oom;       /* set when memory ran out */
} jparser;

/* Deepest nesting accepted (a standard document uses 6). */
#define J_MAX_DEPTH 32

/* Free a node, its children and its siblings.  NULL-safe. */
static void jfree(jnode *n)
{
  while (n != NULL) {
    jnode *next = n->next;

    jfree(n->child);
    free(n->text);
    free(n->key);
    free(n);
    n = next;
  }
}

/* Skip JSON white space. */
static void jspace(jparser *jp)
{
  while (*jp->p == ' ' || *jp->p == '\t' || *jp->p == '\n' || *jp->p == '\r') {
    jp->p++;
  }
}

/* Value of hex digit c, or -1. */
static int jhex(char c)
{
  if (c >= '0' && c <= '9') {
    return c - '0';
  }
  if (c >= 'a' && c <= 'f') {
    return c - 'a' + 10;
  }
  if (c >= 'A' && c <= 'F') {
    return c - 'A' + 10;
  }
  return -1;
}

/* Read 4 hex digits at s into *out; 0, or -1 if they are not hex. */
static int jhex4(const char *s, unsigned *out)
{
  unsigned v = 0;
  int k;

  for (k = 0; k < 4; k++) {
    int h = jhex(s[k]);

    if (h < 0) {
      return -1;
    }
    v = v * 16 + (unsigned)h;
  }
  *out = v;
  return 0;
}

/* Append code point cp as UTF-8 at out[*o]; out has room for 4 bytes. */
static void jput_utf8(char *out, size_t *o, unsigned cp)
{
  if (cp < 0x80) {
    out[(*o)++] = (char)cp;
  } else if (cp < 0x800) {
    out[(*o)++] = (char)(0xC0 | (cp >> 6));
    out[(*o)++] = (char)(0x80 | (cp & 0x3F));
  } else if (cp < 0x10000) {
    out[(*o)++] = (char)(0xE0 | (cp >> 12));
    out[(*o)++] = (char)(0x80 | ((cp >> 6) & 0x3F));
    out[(*o)++] = (char)(0x80 | (cp & 0x3F));
  } else {
    out[(*o)++] = (char)(0xF0 | (cp >> 18));
    out[(*o)++] = (char)(0x80 | ((cp >> 12) & 0x3F));
    out[(*o)++] = (char)(0x80 | ((cp >> 6) & 0x3F));
    out[(*o)++] = (char)(0x80 | (cp & 0x3F));
  }
}

/*
** Parse a string literal at jp->p (on the opening quote).  Returns the
** decoded text (allocated), or NULL on a syntax error or out of memory.
*/
static char *jstring(jparser *jp)
{
  const char *s = jp->p + 1;
  size_t cap = 0, o = 0;
  char *out;

  /* the decoded text is never longer than the literal */
  while (s[cap] != '\0' && s[cap] != '"') {
    cap += s[cap] == '\\' && s[cap + 1] != '\0' ? 2 : 1;
  }
  if ((out = malloc(cap + 1)) == NULL) {
    jp->oom = 1;
    return NULL;
  }
  while (*s != '"') {
    unsigned char c = (unsigned char)*s;

    if (c == '\0' || c < 0x20) {
      goto bad;
    }
    if (c != '\\') {
      out[o++] = (char)c;
      s++;
      continue;
    }
    s++;
    switch (*s) {
    case '"':
    case '\\':
    case '/':
      out[o++] = *s;
      break;
    case 'b':
      out[o++] = '\b';
      break;
    case 'f':
      out[o++] = '\f';
      break;
    case 'n':
      out[o++] = '\n';
      break;
    case 'r':
      out[o++] = '\r';
      break;
    case 't':
      out[o++] = '\t';
      break;
    case 'u': {
      unsigned cp, lo;

      if (jhex4(s + 1, &cp) != 0) {
        goto bad;
      }
      s += 4;
      if (cp >= 0xD800 && cp <= 0xDBFF) {
        if (s[1] != '\\' || s[2] != 'u' || jhex4(s + 3, &lo) != 0 ||
            lo < 0xDC00 || lo > 0xDFFF) {
          goto bad;
        }
        cp = 0x10000 + ((cp - 0xD800) << 10) + (lo - 0xDC00);
        s += 6;
      } else if (cp >= 0xDC00 && cp <= 0xDFFF) {
        goto bad;
      }
      if (cp == 0) {
        goto bad; /* would cut the C string */
      }
      jput_utf8(out, &o, cp); /* \uXXXX is 6 bytes, UTF-8 at most 4 */
      break;
    }
    default:
      goto bad;
    }
    s++;
  }
  out[o] = '\0';
  jp->p = s + 1;
  return out;
bad:
  free(out);
  return NULL;
}

/* Copy n bytes of s as a new string; NULL when memory runs out. */
static char *jdup(jparser *jp, const char *s, size_t n)
{
  char *d = malloc(n + 1);

  if (d == NULL) {
    jp->oom = 1;
    return NULL;
  }
  memcpy(d, s, n);
  d[n] = '\0';
  return d;
}

/* Length of a JSON number at s (RFC 8259 grammar), or 0 if none. */
static size_t jnumber_len(const char *s)
{
  size_t i = 0;

  if (s[i] == '-') {
    i++;
  }
  if (s[i] == '0') {
    i++;
  } else if (s[i] >= '1' && s[i] <= '9') {
    while (s[i] >= '0' && s[i] <= '9') {
      i++;
    }
  } else {
    return 0;
  }
  if (s[i] == '.') {
    if (!(s[++i] >= '0' && s[i] <= '9')) {
      return 0;
    }
    while (s[i] >= '0' && s[i] <= '9') {
      i++;
    }
  }
  if (s[i] == 'e' || s[i] == 'E') {
    i++;
    if (s[i] == '+' || s[i] == '-') {
      i++;
    }
    if (!(s[i] >= '0' && s[i] <= '9')) {
      return 0;
    }
    while (s[i] >= '0' && s[i] <= '9') {
      i++;
    }
  }
  return i;
}

static jnode *jvalue(jparser *jp);

/*
** Parse the elements of an array or the members of an object into n
** (jp->p just after the opening bracket).  Returns 0, or -1.
*/
static int jcontainer(jparser *jp, jnode *n, char close)
{
  jnode **tail = &n->child;

  jspace(jp);
  if (*jp->p == close) {
    jp->p++;
    return 0;
  }
  for (;;) {
    char *key = NULL;
    jnode *v;

    jspace(jp);
    if (close == '}') {
      if (*jp->p != '"' || (key = jstring(jp)) == NULL) {
        return -1;
      }
      jspace(jp);
      if (*jp->p != ':') {
        free(key);
        return -1;
      }
      jp->p++;
    }
    if ((v = jvalue(jp)) == NULL) {
      free(key);
      return -1;
    }
    v->key = key;
    *tail = v;
    tail = &v->next;
    jspace(jp);
    if (*jp->p == ',') {
      jp->p++;
      continue;
    }
    if (*jp->p == close) {
      jp->p++;
      return 0;
    }
    return -1;
  }
}

/* Parse one value at jp->p.  Allocates; NULL on error. */
static jnode *jvalue(jparser *jp)
{
  jnode *n;
  size_t len;

  jspace(jp);
  if ((n = calloc(1, sizeof *n)) == NULL) {
    jp->oom = 1;
    return NULL;
  }
  if (*jp->p == '{' || *jp->p == '[') {
    char close = *jp->p == '{' ? '}' : ']';

    n->kind = close == '}' ? J_OBJ : J_ARR;
    jp->p++;
    if (++jp->depth > J_MAX_DEPTH || jcontainer(jp, n, close) != 0) {
      goto bad;
    }
    jp->depth--;
  } else if (*jp->p == '"') {
    n->kind = J_STR;
    if ((n->text = jstring(jp)) == NULL) {
      goto bad;
    }
  } else if (strncmp(jp->p, "true", 4) == 0 ||
             strncmp(jp->p, "false", 5) == 0) {
    len = jp->p[0] == 't' ? 4 : 5;
    n->kind = J_BOOL;
    if ((n->text = jdup(jp, jp->p, len)) == NULL) {
      goto bad;
    }
    jp->p += len;
  } else if (strncmp(jp->p, "null", 4) == 0) {
    n->kind = J_NULL;
    jp->p += 4;
  } else if ((len = jnumber_len(jp->p)) > 0) {
    n->kind = J_NUM;
    if ((n->text = jdup(jp, jp->p, len)) == NULL) {
      goto bad;
    }
    jp->p += len;
  } else {
    goto bad;
  }
  return n;
bad:
  jfree(n);
  return NULL;
}

/*
** Parse a whole JSON text.  Returns the root (allocated; free with
** jfree) or NULL, with *oom set when memory ran out.
*/
static jnode *jparse(const char *text, int *oom)
{
  jparser jp = {text, 0, 0};
  jnode *root = jvalue(&jp);

  if (root != NULL) {
    jspace(&jp);
    if (*jp.p != '\0') {
      jfree(root);
      root = NULL;
    }
  }
  *oom = jp.oom;
  return root;
}

/* Member key of object o, or NULL. */
static const jnode *jget(const jnode *o, const char *key)
{
  const jnode *c;

  if (o == NULL || o->kind != J_OBJ) {
    return NULL;
  }
  for (c = o->child; c != NULL; c = c->next) {
    if (strcmp(c->key, key) == 0) {
      return c;
    }
  }
  return NULL;
}

/* Text of member key (string, number or boolean literal), or NULL. */
static const char *jtext(const jnode *o, const char *key)
{
  const jnode *v = jget(o, key);

  return v != NULL ? v->text : NULL;
}

/* ---- standard list ---- */

static const cli_col standard_cols[] = {
    {"id", "ID", CLI_TEXT},
    {"first_year", "FROM", CLI_INT},
    {"last_year", "TO", CLI_INT},
    {"version", "VERSION", CLI_INT},
    {"family", "FAMILY", CLI_TEXT},
    {"cutoff", "CUTOFF", CLI_INT},
    {"indicators", "INDICATORS", CLI_INT},
    {"provisional", "PROVISIONAL", CLI_TEXT},
    {"confidence", "CONFIDENCE", CLI_TEXT},
};

#define N_STANDARD_COLS (sizeof standard_cols / sizeof standard_cols[0])

/* povreg_standard_list() callback: one row per standard. */
static int standard_row(const povreg_standard_info *s, void *payload)
{
  cli_rows *st = payload;
  char first[16], last[16], version[16], cutoff[16], n[16];
  const char *cells[N_STANDARD_COLS];

  snprintf(first, sizeof first, "%d", s->first_year);
  snprintf(last, sizeof last, "%d", s->last_year);
  snprintf(version, sizeof version, "%d", s->version);
  snprintf(cutoff, sizeof cutoff, "%d", s->cutoff);
  snprintf(n, sizeof n, "%d", s->indicators);
  cells[0] = s->id;
  cells[1] = first;
  cells[2] = last;
  cells[3] = version;
  cells[4] = s->family;
  cells[5] = cutoff;
  cells[6] = n;
  cells[7] = s->provisional ? "yes" : "no";
  cells[8] = s->confidence;
  return cli_rows_add(st, cells);
}

/* standard list */
static int cmd_standard_list(cli_ctx *ctx, const cli_args *a)
{
  cli_rows st = {NULL, 0};
  int rc;

  (void)a;
  st.list =
      cli_list_begin(stdout, ctx->format, standard_cols, N_STANDARD_COLS, 0);
  if (st.list == NULL) {
    cli_error("out of memory");
    return CLI_EXIT_FAIL;
  }
  rc = povreg_standard_list(ctx->db, standard_row, &st);
  return cli_list_finish(ctx, st.list, st.oom, rc);
}

/* ---- standard show ---- */

/* What standard show looks up in the listing: the current version. */
typedef struct find_version {
  const char *id; /* the standard wanted */
  int version;    /* its current version, 0 until found */
} find_version;

/* povreg_standard_list() callback: note the version of standard fv->id. */
static int version_of(const povreg_standard_info *s, void *payload)
{
  find_version *fv = payload;

  if (strcmp(s->id, fv->id) == 0) {
    fv->version = s->version;
  }
  return 0;
}

static const cli_col line_cols[] = {
    {"area", "AREA", CLI_TEXT},         {"line", "LINE", CLI_TEXT},
    {"amount", "AMOUNT", CLI_INT},      {"confidence", "CONFIDENCE", CLI_TEXT},
    {"citation", "CITATION", CLI_TEXT},
};

#define N_LINE_COLS (sizeof line_cols / sizeof line_cols[0])

static const cli_col indicator_cols[] = {
    {"ordinal", "NO", CLI_INT},
    {"key", "KEY", CLI_TEXT},
    {"name_vi", "NAME (VI)", CLI_TEXT},
    {"name_en", "NAME (EN)", CLI_TEXT},
    {"dimension", "DIMENSION", CLI_TEXT},
    {"rule", "RULE", CLI_TEXT},
    {"confidence", "CONFIDENCE", CLI_TEXT},
};

#define N_INDICATOR_COLS (sizeof indicator_cols / sizeof indicator_cols[0])

/*
** Write the elements of array arr (objects) as a nested list with the
** given columns, each cell the member of the column's key.  Returns 0,
** or -1 when memory ran out.
*/
static int show_list(const cli_ctx *ctx, const jnode *arr, const cli_col *cols,
                     size_t ncols)
{
  cli_list *list = cli_list_begin(stdout, ctx->format, cols, ncols, 1);
  const jnode *e;
  const char *cells[8];
  size_t k;

  if (list == NULL) {
    return -1;
  }
  for (e = arr != NULL ? arr->child : NULL; e != NULL; e = e->next) {
    for (k = 0; k < ncols && k < 8; k++) {
      cells[k] = jtext(e, cols[k].key);
    }
    if (cli_list_row(list, cells) != 0) {
      cli_list_abort(list);
      return -1;
    }
  }
  cli_list_end(list);
  return 0;
}

/* Rank of a line name for display: poverty first, then upwards. */
static int line_rank(const char *line)
{
  static const char *const order[] = {"poverty", "near_poverty", "average",
                                      "score_a"};
  int k;

  for (k = 0; k < 4; k++) {
    if (line != NULL && strcmp(line, order[k]) == 0) {
      return k;
    }
  }
  return 4;
}

/*
** Write the lines of the document as a nested list, by area (rural
** first) then from the poverty line up.  Returns 0, or -1 when memory
** ran out.
*/
static int show_lines(const cli_ctx *ctx, const jnode *arr)
{
  static const char *const areas[] = {"rural", "urban", NULL};
  cli_list *list =
      cli_list_begin(stdout, ctx->format, line_cols, N_LINE_COLS, 1);
  const jnode *e;
  const char *cells[N_LINE_COLS];
  int a, rank;
  size_t k;

  if (list == NULL) {
    return -1;
  }
  for (a = 0; a < 3; a++) {
    for (rank = 0; rank <= 4; rank++) {
      for (e = arr != NULL ? arr->child : NULL; e != NULL; e = e->next) {
        const char *area = jtext(e, "area");
        int known = area != NULL &&
                    (strcmp(area, "rural") == 0 || strcmp(area, "urban") == 0);

        if ((areas[a] != NULL ? !known || strcmp(area, areas[a]) != 0
                              : known) ||
            line_rank(jtext(e, "line")) != rank) {
          continue;
        }
        for (k = 0; k < N_LINE_COLS; k++) {
          cells[k] = jtext(e, line_cols[k].key);
        }
        if (cli_list_row(list, cells) != 0) {
          cli_list_abort(list);
          return -1;
        }
      }
    }
  }
  cli_list_end(list);
  return 0;
}

/* standard show ID: table/CSV from the document, or the document itself */
static int cmd_standard_show(cli_ctx *ctx, const cli_args *a)
{
  char *json = NULL;
  jnode *doc = NULL;
  find_version fv = {a->pos[0], 0};
  char version[16], years[32], score[96];
  const char *per, *cut, *prov;
  cli_field f[13];
  int rc, oom = 0, status = CLI_EXIT_OK;

  if ((rc = povreg_standard_export(&json, ctx->db, a->pos[0])) != 0) {
    povreg_free(json);
    return cli_fail(ctx, rc);
  }
  if (ctx->format == CLI_FMT_JSON) {
    fputs(json, stdout);
    fputc('\n', stdout);
    povreg_free(json);
    return CLI_EXIT_OK;
  }
  if ((rc = povreg_standard_list(ctx->db, version_of, &fv)) != 0) {
    povreg_free(json);
    return cli_fail(ctx, rc);
  }
  if ((doc = jparse(json, &oom)) == NULL || doc->kind != J_OBJ) {
    cli_error(oom ? "out of memory"
                  : "standard: the ledger's document could not be read");
    status = CLI_EXIT_FAIL;
    goto done;
  }
  snprintf(version, sizeof version, "%d", fv.version);
  snprintf(years, sizeof years, "%s-%s", jtext(doc, "first_year"),
           jtext(doc, "last_year"));
  per = jtext(doc, "score_b_per_indicator");
  cut = jtext(doc, "score_b_cutoff");
  if (per != NULL && cut != NULL) {
    snprintf(score, sizeof score,
             "score A at or below its line; B = %s x D, poor if B >= %s", per,
             cut);
  } else {
    snprintf(score, sizeof score, "none");
  }
  f[0] = (cli_field){"id", "id", jtext(doc, "id"), CLI_TEXT};
  f[1] = (cli_field){"version", "version", version, CLI_INT};
  f[2] = (cli_field){"name_vi", "name (vi)", jtext(doc, "name_vi"), CLI_TEXT};
  f[3] = (cli_field){"name_en", "name (en)", jtext(doc, "name_en"), CLI_TEXT};
  f[4] = (cli_field){"citation", "citation", jtext(doc, "citation"), CLI_TEXT};
  f[5] = (cli_field){"family", "family", jtext(doc, "family"), CLI_TEXT};
  f[6] = (cli_field){"cutoff", "cutoff (D)", jtext(doc, "cutoff"), CLI_INT};
  f[7] = (cli_field){"score_form", "score form", score, CLI_TEXT};
  f[8] = (cli_field){"status_years", "status years", years, CLI_TEXT};
  f[9] = (cli_field){"year_only_birthday", "year-only birthday",
                     jtext(doc, "year_only_birthday"), CLI_TEXT};
  prov = jtext(doc, "provisional");
  f[10] =
      (cli_field){"provisional", "provisional",
                  prov && strcmp(prov, "true") == 0 ? "yes" : "no", CLI_TEXT};
  f[11] = (cli_field){"confidence", "confidence", jtext(doc, "confidence"),
                      CLI_TEXT};
  f[12] = (cli_field){"note", "note", jtext(doc, "note"), CLI_TEXT};
  cli_record(stdout, ctx->format, f, 13, 1);
  cli_record_nested(stdout, ctx->format, "lines",
                    "Lines (VND per person "
                    "per month; score A in points)");
  if (show_lines(ctx, jget(doc, "lines")) != 0) {
    oom = 1;
  }
  cli_record_nested(stdout, ctx->format, "indicators", "Indicators");
  if (!oom && show_list(ctx, jget(doc, "indicators"), indicator_cols,
                        N_INDICATOR_COLS) != 0) {
    oom = 1;
  }
  if (oom) {
    cli_error("out of memory");
    status = CLI_EXIT_FAIL;
  }
done:
  jfree(doc);
  povreg_free(json);
  return status;
}

/* ---- standard import ---- */

/* Largest document accepted; the shipped ones are about 10 KiB. */
#define IMPORT_MAX (1024L * 1024L)

/*
** Read the whole file name ("-": standard input) into *out (allocated,
** NUL-terminated).  On failure print "FILE: problem" and return the
** exit status; else CLI_EXIT_OK.
*/
static int read_document(const char *name, char **out)
{
  FILE *fp = NULL;
  char *buf = NULL;
  size_t n = 0, got;
  int status = CLI_EXIT_OK;

  *out = NULL;
  if (strcmp(name, "-") == 0) {
    fp = stdin;
  } else if ((fp = fopen(name, "rb")) == NULL) {
    cli_error("%s: %s", name, strerror(errno));
    return CLI_EXIT_FAIL;
  }
  if ((buf = malloc((size_t)IMPORT_MAX + 2)) == NULL) {
    cli_error("out of memory");
    status = CLI_EXIT_FAIL;
    goto done;
  }
  /* read one byte more than allowed, to tell "too big" */
  while (n <= (size_t)IMPORT_MAX &&
         (got = fread(buf + n, 1, (size_t)IMPORT_MAX + 1 - n, fp)) > 0) {
    n += got;
  }
  if (ferror(fp)) {
    cli_error("%s: read error", name);
    status = CLI_EXIT_FAIL;
    goto done;
  }
  if (n > (size_t)IMPORT_MAX) {
    cli_error("%s: larger than 1 MiB; a standard document is a few tens of "
              "kilobytes",
              name);
    status = CLI_EXIT_INVALID;
    goto done;
  }
  buf[n] = '\0';
  if (memchr(buf, '\0', n) != NULL) {
    cli_error("%s: contains a NUL byte; not a JSON document", name);
    status = CLI_EXIT_INVALID;
    goto done;
  }
  *out = buf;
  buf = NULL;
done:
  free(buf);
  if (fp != NULL && fp != stdin) {
    fclose(fp);
  }
  return status;
}

/* standard import FILE: prints "ID version N" */
static int cmd_standard_import(cli_ctx *ctx, const cli_args *a)
{
  const char *name = a->pos[0];
  char *json = NULL, line[80];
  jnode *doc = NULL;
  const char *id;
  int rc, version = 0, oom = 0, status;

  if ((status = read_document(name, &json)) != CLI_EXIT_OK) {
    return status;
  }
  rc = povreg_standard_import(&version, ctx->db, json);
  if (rc != POVREG_OK) {
    cli_error("%s: %s", name, povreg_errmsg(ctx->db));
    free(json);
    return rc == POVREG_EINVALID || rc == POVREG_EEXISTS ||
                   rc == POVREG_ECONSTRAINT
               ? CLI_EXIT_INVALID
               : CLI_EXIT_FAIL;
  }
  /* the library accepted it, so $.id is a string */
  doc = jparse(json, &oom);
  id = jtext(doc, "id");
  if (id == NULL) {
    id = "?";
  }
  if (ctx->format == CLI_FMT_TABLE) {
    snprintf(line, sizeof line, "%s version %d", id, version);
    cli_value(stdout, ctx->format, "id", line, CLI_TEXT);
  } else {
    cli_field f[2];
    char v[16];

    snprintf(v, sizeof v, "%d", version);
    f[0] = (cli_field){"id", "id", id, CLI_TEXT};
    f[1] = (cli_field){"version", "version", v, CLI_INT};
    cli_record(stdout, ctx->format, f, 2, 0);
  }
  jfree(doc);
  free(json);
  return CLI_EXIT_OK;
}

static const char standard_list_usage[] =
    "Usage: povreg standard list\n"
    "\n"
    "List the poverty standards (chuẩn nghèo) in the ledger, by first\n"
    "status year: id, the status years it governs (a review held late in\n"
    "year Y sets the status for Y+1), current data version, family\n"
    "(banded: QĐ 59/2015; single_line: NĐ 07/2021, NĐ 351/2025), the\n"
    "deprived indicators needed to be poor, the number of indicators,\n"
    "whether the wording is provisional, and how sure the data is.\n"
    "\n"
    "Example:\n"
    "  povreg standard list\n";

static const char standard_show_usage[] =
    "Usage: povreg standard show ID [--format table|csv|json]\n"
    "\n"
    "Show a standard's current data version: names, legal citation,\n"
    "family, cut-off, score form, status years, the income lines of each\n"
    "area (VND per person per month; score_a lines in points), and the\n"
    "indicators (order, key, names, dimension, rule, confidence).\n"
    "\n"
    "With --format json it prints the standard's JSON document exactly as\n"
    "'povreg standard import' reads it (thresholds included): export,\n"
    "correct, import.\n"
    "\n"
    "Example:\n"
    "  povreg standard show ND07-2021\n"
    "  povreg standard show ND07-2021 --format json > nd07.json\n";

static const char standard_import_usage[] =
    "Usage: povreg standard import FILE\n"
    "\n"
    "Load a standard from a JSON document (see 'standard show --format\n"
    "json' and docs/standards.md; FILE '-' is standard input; at most\n"
    "1 MiB) and print \"ID version N\".  A new id is a new standard; an\n"
    "existing id gets a new data version (the old ones are kept, so stored\n"
    "classifications still say which data made them).  A document\n"
    "identical to the current version is refused.  Everything is checked\n"
    "before anything is written; the import is audited.\n"
    "\n"
    "Exit status 3 for a refused document (the message names the field),\n"
    "1 when the file cannot be read.\n"
    "\n"
    "Example:\n"
    "  povreg standard show ND07-2021 --format json > nd07.json\n"
    "  (edit a threshold in nd07.json)\n"
    "  povreg standard import nd07.json        (prints ND07-2021 version 2)\n";

const cli_command cli_standard_cmds[] = {
    {"list", cmd_standard_list, NULL, 0, 0, 0, CLI_OPEN_EXISTING,
     "list the poverty standards", standard_list_usage},
    {"show", cmd_standard_show, NULL, 1, 1, 0, CLI_OPEN_EXISTING,
     "show a standard: lines, indicators", standard_show_usage},
    {"import", cmd_standard_import, NULL, 1, 1, 0, CLI_OPEN_EXISTING,
     "load a standard or a corrected version (JSON)", standard_import_usage},
    {NULL, NULL, NULL, 0, 0, 0, CLI_OPEN_EXISTING, NULL, NULL},
};
