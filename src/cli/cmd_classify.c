/*
** cmd_classify.c: "povreg classify": what a household's class is under a
** poverty standard.
**
**  - what-if: from an area, an income (or score A) and the deprived
**    indicators given on the command line (povreg_classify); the ledger
**    is opened read-only, for the standards' data;
**  - --household: from the household's latest survey before the status
**    year (povreg_household_classify), deriving every indicator the
**    enumerator did not tick; --save stores the result.
**
** --compare classifies the same input under a second standard and shows
** both side by side.
*/
#include <inttypes.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

/* Languages of the table output (--lang). */
#define LANG_EN 0x1
#define LANG_VI 0x2

/* Most standards a ledger is searched through for a hint. */
#define MAX_STANDARDS 32

/* One classification: the standard, the result, the deprived flags. */
typedef struct side {
  povreg_rulebook *rb;             /* the standard used (allocated) */
  povreg_classify_result res;      /* what-if: the result */
  povreg_evaluation *ev;           /* --household: the evaluation, or NULL */
  const povreg_classify_result *r; /* &res or &ev->result */
  unsigned char *dep;              /* per rulebook indicator (allocated) */
  povreg_area area;                /* area classified for */
} side;

/* Area as text. */
static const char *area_key(povreg_area a)
{
  return a == POVREG_AREA_URBAN ? "urban" : "rural";
}

/* Nonzero if s is 1 to 18 decimal digits (no sign, no blanks). */
static int all_digits(const char *s)
{
  size_t n = strlen(s);

  return n > 0 && n <= 18 && strspn(s, "0123456789") == n;
}

/* Read an amount option (see cli.h). */
int cli_get_amount(const cli_ctx *ctx, const cli_args *a, const char *name,
                   int64_t *out, int *given)
{
  const char *s = cli_get(a, name);

  *given = s != NULL;
  *out = 0;
  if (s == NULL) {
    return CLI_CONTINUE;
  }
  if (s[0] == '-' && all_digits(s + 1)) {
    return cli_usage_error(ctx, "--%s: '%.40s' is negative; give 0 or more",
                           name, s);
  }
  if (!all_digits(s)) {
    return cli_usage_error(ctx,
                           "--%s: '%.40s' is not a number (digits only, "
                           "e.g. 1500000)",
                           name, s);
  }
  *out = (int64_t)strtoll(s, NULL, 10);
  return CLI_CONTINUE;
}

/* Index of option name in a's option table, or -1. */
static int opt_index(const cli_args *a, const char *name)
{
  int k;

  for (k = 0; a->spec && a->spec[k].name; k++) {
    if (strcmp(a->spec[k].name, name) == 0) {
      return k;
    }
  }
  return -1;
}

/* Free an array of n strings and the array.  NULL-safe. */
static void free_keys(char **keys, size_t n)
{
  size_t i;

  for (i = 0; keys != NULL && i < n; i++) {
    free(keys[i]);
  }
  free(keys);
}

/*
** Collect the keys of every --deprived value (each a comma-separated
** list) into *keys_out (allocated; free with free_keys) and *n_out.
** Returns CLI_CONTINUE, or an exit status after printing the problem.
*/
static int collect_keys(const cli_ctx *ctx, const cli_args *a, char ***keys_out,
                        size_t *n_out)
{
  int k = opt_index(a, "deprived"), i;
  char **keys = NULL;
  size_t n = 0, cap = 0;

  *keys_out = NULL;
  *n_out = 0;
  for (i = 0; k >= 0 && i < a->nmulti; i++) {
    const char *p = a->multi[i];

    if (a->multi_opt[i] != k) {
      continue;
    }
    for (;;) {
      size_t len = strcspn(p, ",");

      if (len == 0) {
        free_keys(keys, n);
        return cli_usage_error(ctx, "--deprived: expected indicator keys "
                                    "separated by commas, e.g. "
                                    "health_insurance,water");
      }
      if (n == cap) {
        size_t ncap = cap ? cap * 2 : 16;
        char **grown = realloc(keys, ncap * sizeof *grown);

        if (grown == NULL) {
          free_keys(keys, n);
          cli_error("out of memory");
          return CLI_EXIT_FAIL;
        }
        keys = grown;
        cap = ncap;
      }
      if ((keys[n] = malloc(len + 1)) == NULL) {
        free_keys(keys, n);
        cli_error("out of memory");
        return CLI_EXIT_FAIL;
      }
      memcpy(keys[n], p, len);
      keys[n][len] = '\0';
      n++;
      if (p[len] == '\0') {
        break;
      }
      p += len + 1;
    }
  }
  *keys_out = keys;
  *n_out = n;
  return CLI_CONTINUE;
}

/* The ids of the standards in the ledger (for hints). */
typedef struct std_ids {
  char id[MAX_STANDARDS][33]; /* ids */
  int n;                      /* how many */
} std_ids;

/* povreg_standard_list() callback: remember the id. */
static int note_id(const povreg_standard_info *s, void *payload)
{
  std_ids *ids = payload;

  if (ids->n < MAX_STANDARDS) {
    snprintf(ids->id[ids->n++], sizeof ids->id[0], "%s", s->id);
  }
  return 0;
}

/*
** Write into buf " (an indicator of A, B)" naming the other standards
** that have indicator key, or "" if none does.
*/
static void other_standards(povreg_db *db, const char *key, const char *not_id,
                            char *buf, size_t n)
{
  std_ids ids;
  size_t used = 0;
  int i;

  buf[0] = '\0';
  ids.n = 0;
  if (povreg_standard_list(db, note_id, &ids) != 0) {
    return;
  }
  for (i = 0; i < ids.n; i++) {
    povreg_rulebook *rb = NULL;

    if (strcmp(ids.id[i], not_id) != 0 &&
        povreg_rulebook_load(&rb, db, ids.id[i], 0) == 0 &&
        povreg_rulebook_indicator_index(rb, key) >= 0) {
      int w = snprintf(buf + used, n - used, "%s%s",
                       used ? ", " : " (it is one of ", ids.id[i]);
      if (w > 0 && (size_t)w < n - used) {
        used += (size_t)w;
      }
    }
    povreg_rulebook_free(rb);
  }
  if (used > 0 && used + 2 < n) {
    snprintf(buf + used, n - used, ")");
  }
}

/*
** Set s->dep from the --deprived keys for the standard of s.  An unknown
** key is refused naming the key and the standard.  Returns CLI_CONTINUE
** or an exit status after printing the problem.
*/
static int map_keys(cli_ctx *ctx, side *s, char **keys, size_t n)
{
  size_t i, j;

  for (i = 0; i < n; i++) {
    int idx = povreg_rulebook_indicator_index(s->rb, keys[i]);

    for (j = 0; j < i; j++) {
      if (strcmp(keys[j], keys[i]) == 0) {
        cli_error("deprived: %.40s given twice", keys[i]);
        return CLI_EXIT_INVALID;
      }
    }
    if (idx < 0) {
      char hint[160];

      other_standards(ctx->db, keys[i], povreg_rulebook_id(s->rb), hint,
                      sizeof hint);
      cli_error("deprived: %.40s is not an indicator of %s%s", keys[i],
                povreg_rulebook_id(s->rb), hint);
      return CLI_EXIT_INVALID;
    }
    s->dep[idx] = 1;
  }
  return CLI_CONTINUE;
}

/* Allocate s->dep for the standard of s.  Returns 0, or -1. */
static int alloc_dep(side *s)
{
  size_t n = povreg_rulebook_indicators(s->rb);

  s->dep = calloc(n ? n : 1, 1);
  return s->dep != NULL ? 0 : -1;
}

/* Release what a side holds.  NULL-safe. */
static void side_free(side *s)
{
  povreg_rulebook_free(s->rb);
  povreg_evaluation_free(s->ev);
  free(s->dep);
  memset(s, 0, sizeof *s);
}

/* ---- output ---- */

/* The values of one side as text, for the table and CSV writers. */
typedef struct shown {
  char version[16];  /* data version */
  char standard[48]; /* "ND07-2021 version 1" */
  char income[24];   /* income, or "" when score A was used */
  char score_a[24];  /* score A, or "" */
  char pl[24];       /* poverty (or score A) line */
  char npl[24];      /* near-poverty line, or "" */
  char al[24];       /* average line, or "" */
  char d[16];        /* D */
  char cutoff[16];   /* D needed */
  char score_b[16];  /* score B, or "" */
  char keys[512];    /* deprived keys, comma-separated */
  char review[16];   /* --household: review year of the survey */
  char status[16];   /* --household: status year */
} shown;

/* Fill o from side s. */
static void show_side(const side *s, shown *o)
{
  const povreg_classify_result *r = s->r;
  size_t i, n = povreg_rulebook_indicators(s->rb), used = 0;

  memset(o, 0, sizeof *o);
  snprintf(o->version, sizeof o->version, "%d", r->version);
  snprintf(o->standard, sizeof o->standard, "%s version %d", r->standard_id,
           r->version);
  snprintf(r->used_score ? o->score_a : o->income, sizeof o->income, "%" PRId64,
           r->value);
  snprintf(o->pl, sizeof o->pl, "%" PRId64, r->poverty_line);
  if (r->near_poverty_line != 0) {
    snprintf(o->npl, sizeof o->npl, "%" PRId64, r->near_poverty_line);
  }
  if (r->average_line != 0) {
    snprintf(o->al, sizeof o->al, "%" PRId64, r->average_line);
  }
  snprintf(o->d, sizeof o->d, "%d", r->deprived_count);
  snprintf(o->cutoff, sizeof o->cutoff, "%d", r->cutoff);
  if (r->used_score) {
    snprintf(o->score_b, sizeof o->score_b, "%d", r->score_b);
  }
  for (i = 0; i < n; i++) {
    if (s->dep[i]) {
      int w =
          snprintf(o->keys + used, sizeof o->keys - used, "%s%s",
                   used ? "," : "", povreg_rulebook_indicator_key(s->rb, i));
      if (w > 0 && (size_t)w < sizeof o->keys - used) {
        used += (size_t)w;
      }
    }
  }
  if (s->ev != NULL) {
    snprintf(o->review, sizeof o->review, "%d", s->ev->review_year);
    snprintf(o->status, sizeof o->status, "%d", s->ev->status_year);
  }
}

/* Value or NULL when empty (shown as '-' or blank). */
static const char *opt(const char *s)
{
  return s[0] != '\0' ? s : NULL;
}

/* Write the deprived indicators of s as a nested list (table/CSV). */
static int list_deprived(const cli_ctx *ctx, const side *s, int lang,
                         int with_standard)
{
  static const cli_col cols[] = {
      {"standard", "STANDARD", CLI_TEXT},
      {"key", "KEY", CLI_TEXT},
      {"name_vi", "NAME (VI)", CLI_TEXT},
      {"name_en", "NAME (EN)", CLI_TEXT},
  };
  cli_col use[4];
  size_t ncols = 0, i, n = povreg_rulebook_indicators(s->rb);
  cli_list *list;

  if (with_standard) {
    use[ncols++] = cols[0];
  }
  use[ncols++] = cols[1];
  if (lang & LANG_VI) {
    use[ncols++] = cols[2];
  }
  if (lang & LANG_EN) {
    use[ncols++] = cols[3];
  }
  if ((list = cli_list_begin(stdout, ctx->format, use, ncols, 0)) == NULL) {
    return -1;
  }
  for (i = 0; i < n; i++) {
    const char *cells[4];
    size_t c = 0;

    if (!s->dep[i]) {
      continue;
    }
    if (with_standard) {
      cells[c++] = s->r->standard_id;
    }
    cells[c++] = povreg_rulebook_indicator_key(s->rb, i);
    if (lang & LANG_VI) {
      cells[c++] = povreg_rulebook_indicator_name_vi(s->rb, i);
    }
    if (lang & LANG_EN) {
      cells[c++] = povreg_rulebook_indicator_name_en(s->rb, i);
    }
    if (cli_list_row(list, cells) != 0) {
      cli_list_abort(list);
      return -1;
    }
  }
  cli_list_end(list);
  return 0;
}

/*
** Write every indicator of the evaluations of the nsides sides s as one
** list (table/CSV); with_standard adds a column naming the standard.
*/
static int list_indicators(const cli_ctx *ctx, const side *s, size_t nsides,
                           int with_standard)
{
  static const cli_col cols[] = {
      {"standard", "STANDARD", CLI_TEXT}, {"key", "KEY", CLI_TEXT},
      {"deprived", "DEPRIVED", CLI_TEXT}, {"source", "SOURCE", CLI_TEXT},
      {"basis", "BASIS", CLI_TEXT},
  };
  cli_list *list;
  size_t i, k;
  int first = with_standard ? 0 : 1;

  list =
      cli_list_begin(stdout, ctx->format, cols + first, 5 - (size_t)first, 0);
  if (list == NULL) {
    return -1;
  }
  for (k = 0; k < nsides; k++) {
    for (i = 0; i < s[k].ev->n_indicators; i++) {
      const povreg_indicator_eval *e = &s[k].ev->indicators[i];
      const char *cells[5];

      cells[0] = s[k].r->standard_id;
      cells[1] = e->key;
      cells[2] = e->deprived ? "yes" : "no";
      cells[3] = e->ticked ? "ticked" : "derived";
      cells[4] = e->basis;
      if (cli_list_row(list, cells + first) != 0) {
        cli_list_abort(list);
        return -1;
      }
    }
  }
  cli_list_end(list);
  return 0;
}

/* Table: one classification as a record, then its indicator lists. */
static int table_one(const cli_ctx *ctx, const side *s, int lang)
{
  const povreg_classify_result *r = s->r;
  const povreg_evaluation *ev = s->ev;
  cli_field f[24];
  shown o;
  size_t n = 0;

  show_side(s, &o);
  if (ev != NULL) {
    f[n++] =
        (cli_field){"household", "household", ev->household_code, CLI_TEXT};
    f[n++] = (cli_field){"commune", "commune", ev->commune_code, CLI_TEXT};
    f[n++] = (cli_field){"review_year", "survey of review", o.review, CLI_INT};
    f[n++] = (cli_field){"reference_date", "reference date", ev->reference_date,
                         CLI_TEXT};
    f[n++] = (cli_field){"status_year", "status year", o.status, CLI_INT};
  }
  f[n++] = (cli_field){"class", "class", povreg_class_key(r->cls), CLI_TEXT};
  f[n++] = (cli_field){"reason", "reason", r->reason, CLI_TEXT};
  f[n++] = (cli_field){"standard", "standard", o.standard, CLI_TEXT};
  f[n++] = (cli_field){"area", "area", area_key(s->area), CLI_TEXT};
  if (r->used_score) {
    f[n++] = (cli_field){"score_a", "score A", o.score_a, CLI_INT};
    f[n++] = (cli_field){"poverty_line", "score A line", o.pl, CLI_INT};
    f[n++] = (cli_field){"score_b", "score B", o.score_b, CLI_INT};
  } else {
    f[n++] = (cli_field){"income", "income", o.income, CLI_INT};
    f[n++] = (cli_field){"poverty_line", "poverty line", o.pl, CLI_INT};
    f[n++] = (cli_field){"near_poverty_line", "near-poverty line", opt(o.npl),
                         CLI_INT};
    f[n++] = (cli_field){"average_line", "average line", opt(o.al), CLI_INT};
  }
  f[n++] = (cli_field){"deprived_count", "deprived (D)", o.d, CLI_INT};
  f[n++] = (cli_field){"cutoff", "cutoff", o.cutoff, CLI_INT};
  if (lang & LANG_EN) {
    f[n++] = (cli_field){"explanation_en", "explanation (en)",
                         r->explanation_en, CLI_TEXT};
  }
  if (lang & LANG_VI) {
    f[n++] = (cli_field){"explanation_vi", "explanation (vi)",
                         r->explanation_vi, CLI_TEXT};
  }
  cli_record(stdout, ctx->format, f, n, 1);
  cli_record_nested(stdout, ctx->format, "deprived", "Deprived indicators");
  if (list_deprived(ctx, s, lang, 0) != 0) {
    return -1;
  }
  if (ev != NULL) {
    cli_record_nested(stdout, ctx->format, "indicators", "Indicators");
    if (list_indicators(ctx, s, 1, 0) != 0) {
      return -1;
    }
  }
  return 0;
}

/* Table: two classifications side by side, then their lists. */
static int table_two(const cli_ctx *ctx, const side *s, int lang)
{
  static const char *const labels[] = {"class",
                                       "reason",
                                       "version",
                                       "area",
                                       "income",
                                       "score A",
                                       "poverty line",
                                       "near-poverty line",
                                       "average line",
                                       "deprived (D)",
                                       "cutoff",
                                       "score B",
                                       "deprived indicators"};
  enum { NROWS = sizeof labels / sizeof labels[0] };
  cli_col cols[3];
  shown o[2];
  cli_list *list;
  const povreg_evaluation *ev = s[0].ev;
  size_t row, k;

  if (ev != NULL) {
    cli_field f[5];
    char review[16], status[16];

    snprintf(review, sizeof review, "%d", ev->review_year);
    snprintf(status, sizeof status, "%d", ev->status_year);
    f[0] = (cli_field){"household", "household", ev->household_code, CLI_TEXT};
    f[1] = (cli_field){"commune", "commune", ev->commune_code, CLI_TEXT};
    f[2] = (cli_field){"review_year", "survey of review", review, CLI_INT};
    f[3] = (cli_field){"reference_date", "reference date", ev->reference_date,
                       CLI_TEXT};
    f[4] = (cli_field){"status_year", "status year", status, CLI_INT};
    cli_record(stdout, ctx->format, f, 5, 0);
    fputc('\n', stdout);
  }
  cols[0] = (cli_col){"field", "", CLI_TEXT};
  for (k = 0; k < 2; k++) {
    show_side(&s[k], &o[k]);
    cols[k + 1] = (cli_col){s[k].r->standard_id, s[k].r->standard_id, CLI_TEXT};
  }
  if ((list = cli_list_begin(stdout, ctx->format, cols, 3, 0)) == NULL) {
    return -1;
  }
  for (row = 0; row < NROWS; row++) {
    const char *cells[3];
    int shown_any = 0;

    cells[0] = labels[row];
    if (row == 6 && (s[0].r->used_score || s[1].r->used_score)) {
      cells[0] = "poverty line (score A line)";
    }
    for (k = 0; k < 2; k++) {
      const povreg_classify_result *r = s[k].r;
      const shown *v = &o[k];
      const char *c[NROWS];

      c[0] = povreg_class_key(r->cls);
      c[1] = r->reason;
      c[2] = v->version;
      c[3] = area_key(s[k].area);
      c[4] = opt(v->income);
      c[5] = opt(v->score_a);
      c[6] = v->pl;
      c[7] = opt(v->npl);
      c[8] = opt(v->al);
      c[9] = v->d;
      c[10] = v->cutoff;
      c[11] = opt(v->score_b);
      c[12] = opt(v->keys);
      cells[k + 1] = c[row] != NULL ? c[row] : "-";
      shown_any |= c[row] != NULL;
    }
    if (!shown_any) {
      continue; /* e.g. score B when neither used the score form */
    }
    if (cli_list_row(list, cells) != 0) {
      cli_list_abort(list);
      return -1;
    }
  }
  cli_list_end(list);
  for (k = 0; k < 2; k++) {
    if (lang & LANG_EN) {
      printf("\n%s (en): %s\n", s[k].r->standard_id, s[k].r->explanation_en);
    }
    if (lang & LANG_VI) {
      printf("%s%s (vi): %s\n", lang & LANG_EN ? "" : "\n", s[k].r->standard_id,
             s[k].r->explanation_vi);
    }
  }
  for (k = 0; k < 2; k++) {
    printf("\nDeprived indicators under %s:\n", s[k].r->standard_id);
    if (list_deprived(ctx, &s[k], lang, 0) != 0) {
      return -1;
    }
  }
  for (k = 0; ev != NULL && k < 2; k++) {
    printf("\nIndicators under %s:\n", s[k].r->standard_id);
    if (list_indicators(ctx, &s[k], 1, 0) != 0) {
      return -1;
    }
  }
  return 0;
}

/* CSV: one row per standard, then (household) the indicators. */
static int csv_out(const cli_ctx *ctx, const side *s, size_t nsides)
{
  static const cli_col cols[] = {
      {"household", "", CLI_TEXT},      {"commune", "", CLI_TEXT},
      {"review_year", "", CLI_INT},     {"reference_date", "", CLI_TEXT},
      {"status_year", "", CLI_INT},     {"standard", "", CLI_TEXT},
      {"version", "", CLI_INT},         {"area", "", CLI_TEXT},
      {"income", "", CLI_INT},          {"score_a", "", CLI_INT},
      {"class", "", CLI_TEXT},          {"reason", "", CLI_TEXT},
      {"deprived_count", "", CLI_INT},  {"cutoff", "", CLI_INT},
      {"score_b", "", CLI_INT},         {"deprived", "", CLI_TEXT},
      {"poverty_line", "", CLI_INT},    {"near_poverty_line", "", CLI_INT},
      {"average_line", "", CLI_INT},    {"explanation_en", "", CLI_TEXT},
      {"explanation_vi", "", CLI_TEXT},
  };
  enum { NCOLS = sizeof cols / sizeof cols[0] };
  size_t first = s[0].ev != NULL ? 0 : 5, k;
  cli_list *list;

  list = cli_list_begin(stdout, ctx->format, cols + first, NCOLS - first, 0);
  if (list == NULL) {
    return -1;
  }
  for (k = 0; k < nsides; k++) {
    const povreg_classify_result *r = s[k].r;
    const char *c[NCOLS];
    shown o;

    show_side(&s[k], &o);
    c[0] = s[k].ev ? s[k].ev->household_code : NULL;
    c[1] = s[k].ev ? s[k].ev->commune_code : NULL;
    c[2] = o.review;
    c[3] = s[k].ev ? s[k].ev->reference_date : NULL;
    c[4] = o.status;
    c[5] = r->standard_id;
    c[6] = o.version;
    c[7] = area_key(s[k].area);
    c[8] = opt(o.income);
    c[9] = opt(o.score_a);
    c[10] = povreg_class_key(r->cls);
    c[11] = r->reason;
    c[12] = o.d;
    c[13] = o.cutoff;
    c[14] = opt(o.score_b);
    c[15] = o.keys;
    c[16] = o.pl;
    c[17] = opt(o.npl);
    c[18] = opt(o.al);
    c[19] = r->explanation_en;
    c[20] = r->explanation_vi;
    if (cli_list_row(list, c + first) != 0) {
      cli_list_abort(list);
      return -1;
    }
  }
  cli_list_end(list);
  if (s[0].ev != NULL) {
    fputs("\r\n", stdout);
    if (list_indicators(ctx, s, nsides, 1) != 0) {
      return -1;
    }
  }
  return 0;
}

/* Write a JSON string literal (RFC 8259 escapes). */
static void json_str(const char *s)
{
  const unsigned char *p = (const unsigned char *)s;

  putchar('"');
  for (; p != NULL && *p; p++) {
    if (*p == '"' || *p == '\\') {
      putchar('\\');
      putchar(*p);
    } else if (*p == '\n') {
      fputs("\\n", stdout);
    } else if (*p == '\r') {
      fputs("\\r", stdout);
    } else if (*p == '\t') {
      fputs("\\t", stdout);
    } else if (*p < 0x20 || *p == 0x7f) {
      printf("\\u%04x", (unsigned)*p);
    } else {
      putchar(*p);
    }
  }
  putchar('"');
}

/* Write "key": at depth (two spaces per level), after a comma if not first. */
static void json_key(int depth, const char *key, int *first)
{
  fputs(*first ? "\n" : ",\n", stdout);
  *first = 0;
  printf("%*s", depth * 2, "");
  json_str(key);
  fputs(": ", stdout);
}

/* Write an integer member, or null when absent. */
static void json_int(int depth, const char *key, int64_t v, int present,
                     int *first)
{
  json_key(depth, key, first);
  if (present) {
    printf("%" PRId64, v);
  } else {
    fputs("null", stdout);
  }
}

/* Write a string member. */
static void json_text(int depth, const char *key, const char *v, int *first)
{
  json_key(depth, key, first);
  if (v == NULL) {
    fputs("null", stdout);
  } else {
    json_str(v);
  }
}

/* Write the members of one classification at depth (no braces). */
static void json_side(const side *s, int depth, int *first)
{
  const povreg_classify_result *r = s->r;
  size_t i, n = povreg_rulebook_indicators(s->rb);
  int any = 0;

  json_text(depth, "class", povreg_class_key(r->cls), first);
  json_text(depth, "reason", r->reason, first);
  json_text(depth, "standard", r->standard_id, first);
  json_int(depth, "version", r->version, 1, first);
  json_text(depth, "area", area_key(s->area), first);
  json_int(depth, "income", r->value, !r->used_score, first);
  json_int(depth, "score_a", r->value, r->used_score, first);
  json_key(depth, "used_score", first);
  fputs(r->used_score ? "true" : "false", stdout);
  json_key(depth, "deprived", first);
  putchar('[');
  for (i = 0; i < n; i++) {
    if (s->dep[i]) {
      fputs(any ? ", " : "", stdout);
      json_str(povreg_rulebook_indicator_key(s->rb, i));
      any = 1;
    }
  }
  putchar(']');
  json_int(depth, "deprived_count", r->deprived_count, 1, first);
  json_int(depth, "cutoff", r->cutoff, 1, first);
  json_int(depth, "score_b", r->score_b, r->used_score, first);
  json_int(depth, "poverty_line", r->poverty_line, 1, first);
  json_int(depth, "near_poverty_line", r->near_poverty_line,
           r->near_poverty_line != 0, first);
  json_int(depth, "average_line", r->average_line, r->average_line != 0, first);
  json_text(depth, "explanation_en", r->explanation_en, first);
  json_text(depth, "explanation_vi", r->explanation_vi, first);
  if (s->ev == NULL) {
    return;
  }
  json_key(depth, "indicators", first);
  putchar('[');
  for (i = 0; i < s->ev->n_indicators; i++) {
    const povreg_indicator_eval *e = &s->ev->indicators[i];
    int idx = povreg_rulebook_indicator_index(s->rb, e->key);

    printf("%s\n%*s{\"key\": ", i ? "," : "", (depth + 1) * 2, "");
    json_str(e->key);
    fputs(", \"name_vi\": ", stdout);
    json_str(idx >= 0 ? povreg_rulebook_indicator_name_vi(s->rb, (size_t)idx)
                      : "");
    fputs(", \"name_en\": ", stdout);
    json_str(idx >= 0 ? povreg_rulebook_indicator_name_en(s->rb, (size_t)idx)
                      : "");
    printf(", \"deprived\": %s, \"ticked\": %s, \"basis\": ",
           e->deprived ? "true" : "false", e->ticked ? "true" : "false");
    json_str(e->basis);
    putchar('}');
  }
  printf("\n%*s]", depth * 2, "");
}

/* JSON: one object; --compare nests the second as "compare". */
static void json_out(const side *s, size_t nsides)
{
  const povreg_evaluation *ev = s[0].ev;
  int first = 1;

  putchar('{');
  if (ev != NULL) {
    json_text(1, "household", ev->household_code, &first);
    json_text(1, "commune", ev->commune_code, &first);
    json_int(1, "review_year", ev->review_year, 1, &first);
    json_text(1, "reference_date", ev->reference_date, &first);
    json_int(1, "status_year", ev->status_year, 1, &first);
  }
  json_side(&s[0], 1, &first);
  if (nsides > 1) {
    int inner = 1;

    json_key(1, "compare", &first);
    putchar('{');
    json_side(&s[1], 2, &inner);
    fputs("\n  }", stdout);
  }
  fputs("\n}\n", stdout);
}

/* Print the classifications in the chosen format. */
static int print_sides(const cli_ctx *ctx, const side *s, size_t nsides,
                       int lang)
{
  int rc = 0;

  if (ctx->format == CLI_FMT_JSON) {
    json_out(s, nsides);
  } else if (ctx->format == CLI_FMT_CSV) {
    rc = csv_out(ctx, s, nsides);
  } else if (nsides == 1) {
    rc = table_one(ctx, s, lang);
  } else {
    rc = table_two(ctx, s, lang);
  }
  if (rc != 0) {
    cli_error("out of memory");
    return CLI_EXIT_FAIL;
  }
  return CLI_EXIT_OK;
}

/* ---- the command ---- */

/* Check the option combinations; returns CLI_CONTINUE or the status. */
static int check_options(cli_ctx *ctx, const cli_args *a, int *lang)
{
  const char *l = cli_get(a, "lang");
  static const char *const whatif_only[] = {"area", "income", "score-a",
                                            "deprived"};
  size_t k;

  *lang = LANG_EN | LANG_VI;
  if (l != NULL && strcmp(l, "en") == 0) {
    *lang = LANG_EN;
  } else if (l != NULL && strcmp(l, "vi") == 0) {
    *lang = LANG_VI;
  } else if (l != NULL && strcmp(l, "both") != 0) {
    return cli_usage_error(ctx, "--lang: '%.20s' is not vi, en or both", l);
  }
  if (cli_has(a, "household")) {
    for (k = 0; k < sizeof whatif_only / sizeof whatif_only[0]; k++) {
      if (cli_has(a, whatif_only[k])) {
        return cli_usage_error(ctx,
                               "--%s is not used with --household: the "
                               "survey and the commune give it",
                               whatif_only[k]);
      }
    }
    if (!cli_has(a, "year")) {
      return cli_usage_error(ctx, "--household needs --year (the status "
                                  "year to classify for)");
    }
    return CLI_CONTINUE;
  }
  if (cli_has(a, "save")) {
    return cli_usage_error(ctx, "--save needs --household (a what-if is "
                                "never stored)");
  }
  if (cli_has(a, "standard") == cli_has(a, "year")) {
    return cli_usage_error(ctx, "give --standard ID or --year YEAR (one "
                                "of the two), or --household");
  }
  if (!cli_has(a, "area")) {
    return cli_usage_error(ctx, "missing --area (rural or urban)");
  }
  if (strcmp(cli_get(a, "area"), "rural") != 0 &&
      strcmp(cli_get(a, "area"), "urban") != 0) {
    return cli_usage_error(ctx, "--area: '%.20s' is not rural or urban",
                           cli_get(a, "area"));
  }
  if (cli_has(a, "income") == cli_has(a, "score-a")) {
    return cli_usage_error(ctx, "give --income N or --score-a N (one of "
                                "the two)");
  }
  return CLI_CONTINUE;
}

/* Load the rulebook of side s: standard id, or the one for year. */
static int load_side(cli_ctx *ctx, side *s, const char *id, int year)
{
  int rc = povreg_rulebook_load(&s->rb, ctx->db, id, year);

  if (rc != POVREG_OK) {
    return cli_fail(ctx, rc);
  }
  if (alloc_dep(s) != 0) {
    cli_error("out of memory");
    return CLI_EXIT_FAIL;
  }
  return CLI_CONTINUE;
}

/* What-if: classify the command line's household under 1 or 2 standards. */
static int run_whatif(cli_ctx *ctx, const cli_args *a, side *s, int nsides,
                      int lang)
{
  povreg_classify_input in;
  char **keys = NULL;
  size_t nkeys = 0;
  int64_t income = 0, score = 0;
  int has_income = 0, has_score = 0, k, status;

  if ((status = cli_get_amount(ctx, a, "income", &income, &has_income)) !=
          CLI_CONTINUE ||
      (status = cli_get_amount(ctx, a, "score-a", &score, &has_score)) !=
          CLI_CONTINUE ||
      (status = collect_keys(ctx, a, &keys, &nkeys)) != CLI_CONTINUE) {
    return status;
  }
  if ((status = cli_open_flags(ctx, POVREG_OPEN_READONLY)) != CLI_EXIT_OK ||
      (status = load_side(ctx, &s[0], cli_get(a, "standard"),
                          (int)cli_get_long(a, "year", 0))) != CLI_CONTINUE ||
      (nsides > 1 && (status = load_side(ctx, &s[1], cli_get(a, "compare"),
                                         0)) != CLI_CONTINUE)) {
    goto done;
  }
  memset(&in, 0, sizeof in);
  in.area = strcmp(cli_get(a, "area"), "urban") == 0 ? POVREG_AREA_URBAN
                                                     : POVREG_AREA_RURAL;
  in.has_income = has_income;
  in.income = income;
  in.has_score_a = has_score;
  in.score_a = score;
  for (k = 0; k < nsides; k++) {
    if ((status = map_keys(ctx, &s[k], keys, nkeys)) != CLI_CONTINUE) {
      goto done;
    }
  }
  for (k = 0; k < nsides; k++) {
    in.deprived = s[k].dep;
    s[k].area = in.area;
    s[k].r = &s[k].res;
    if (povreg_classify(&s[k].res, s[k].rb, &in) != POVREG_OK) {
      cli_error("%s", s[k].res.error);
      status = CLI_EXIT_INVALID;
      goto done;
    }
  }
  status = print_sides(ctx, s, (size_t)nsides, lang);
done:
  free_keys(keys, nkeys);
  return status;
}

/*
** Classify a stored household under side s's standard (id NULL: the
** one governing year), keeping the evaluation and the rulebook for the
** names.  Returns CLI_CONTINUE or an exit status.
*/
static int household_side(cli_ctx *ctx, side *s, const char *code, int year,
                          const char *id, int save)
{
  size_t i;
  int rc, idx;

  povreg_evaluation_free(s->ev);
  s->ev = NULL;
  rc = povreg_household_classify(&s->ev, ctx->db, code, year, id, save);
  if (rc != POVREG_OK) {
    return cli_fail(ctx, rc);
  }
  s->r = &s->ev->result;
  s->area = s->ev->area;
  if (s->rb == NULL) {
    rc = povreg_rulebook_load(&s->rb, ctx->db, s->r->standard_id, 0);
    if (rc != POVREG_OK) {
      return cli_fail(ctx, rc);
    }
    if (alloc_dep(s) != 0) {
      cli_error("out of memory");
      return CLI_EXIT_FAIL;
    }
  }
  for (i = 0; i < s->ev->n_indicators; i++) {
    idx = povreg_rulebook_indicator_index(s->rb, s->ev->indicators[i].key);
    if (idx >= 0) {
      s->dep[idx] = (unsigned char)s->ev->indicators[i].deprived;
    }
  }
  return CLI_CONTINUE;
}

/* --household: classify from the survey, maybe store, maybe compare. */
static int run_household(cli_ctx *ctx, const cli_args *a, side *s, int nsides,
                         int lang)
{
  const char *code = cli_get(a, "household");
  int year = (int)cli_get_long(a, "year", 0), save = cli_has(a, "save");
  int status;

  status = cli_open_flags(ctx, save ? 0u : POVREG_OPEN_READONLY);
  if (status != CLI_EXIT_OK) {
    return status;
  }
  /* compute everything first, so a failure stores nothing */
  if ((status = household_side(ctx, &s[0], code, year, cli_get(a, "standard"),
                               0)) != CLI_CONTINUE ||
      (nsides > 1 &&
       (status = household_side(ctx, &s[1], code, year, cli_get(a, "compare"),
                                0)) != CLI_CONTINUE) ||
      (save &&
       (status = household_side(ctx, &s[0], code, year, cli_get(a, "standard"),
                                1)) != CLI_CONTINUE)) {
    return status;
  }
  return print_sides(ctx, s, (size_t)nsides, lang);
}

/* classify: what-if or --household (see the usage text). */
static int cmd_classify(cli_ctx *ctx, const cli_args *a)
{
  side s[2];
  int lang, status, nsides = cli_has(a, "compare") ? 2 : 1;

  memset(s, 0, sizeof s);
  if ((status = check_options(ctx, a, &lang)) != CLI_CONTINUE) {
    return status;
  }
  if (cli_has(a, "household")) {
    status = run_household(ctx, a, s, nsides, lang);
  } else {
    status = run_whatif(ctx, a, s, nsides, lang);
  }
  side_free(&s[0]);
  side_free(&s[1]);
  return status;
}

static const cli_optspec classify_opts[] = {
    {"standard", CLI_OPT_VALUE, 0, 0},
    {"year", CLI_OPT_VALUE | CLI_OPT_INT, 1, INT_MAX},
    {"area", CLI_OPT_VALUE, 0, 0},
    {"income", CLI_OPT_VALUE, 0, 0},
    {"score-a", CLI_OPT_VALUE, 0, 0},
    {"deprived", CLI_OPT_MULTI, 0, 0},
    {"compare", CLI_OPT_VALUE, 0, 0},
    {"household", CLI_OPT_VALUE, 0, 0},
    {"save", CLI_OPT_FLAG, 0, 0},
    {"lang", CLI_OPT_VALUE, 0, 0},
    {NULL, 0, 0, 0},
};

static const char classify_usage[] =
    "Usage: povreg classify (--standard ID | --year YEAR) --area rural|urban\n"
    "         (--income N | --score-a N) [--deprived KEY,KEY,...]\n"
    "         [--compare ID2] [--lang vi|en|both]\n"
    "       povreg classify --household CODE --year YEAR [--standard ID]\n"
    "         [--compare ID2] [--save] [--lang vi|en|both]\n"
    "\n"
    "Classify a household as poor, near_poor, average or non_poor under a\n"
    "poverty standard, and say why (lines applied, D against the cut-off,\n"
    "an explanation in English and Vietnamese).\n"
    "\n"
    "What-if (first form): nothing is read from or written to a household;\n"
    "the ledger is opened read-only for the standards' data.\n"
    "  --standard ID    the standard (see 'povreg standard list')\n"
    "  --year YEAR      or the standard governing this status year (the\n"
    "                   review held late in YEAR-1 sets YEAR's status)\n"
    "  --area A         rural or urban\n"
    "  --income N       income, VND per person per month (digits only)\n"
    "  --score-a N      or the income proxy score A (TT 07/2021 form)\n"
    "  --deprived KEYS  deprived indicators, keys of the standard, comma-\n"
    "                   separated; may be repeated\n"
    "\n"
    "From the ledger (second form): the household's latest survey held\n"
    "before YEAR; indicators not ticked by the enumerator are derived from\n"
    "the survey's facts; the area is the commune's on the reference date.\n"
    "  --household CODE the household\n"
    "  --year YEAR      the status year to classify for (required)\n"
    "  --standard ID    another standard than the one governing YEAR\n"
    "  --save           store the result in the ledger (audited)\n"
    "\n"
    "Both forms:\n"
    "  --compare ID2    also classify under standard ID2, side by side\n"
    "                   (what-if: the --deprived keys must be indicators\n"
    "                   of both; --save stores the first result only)\n"
    "  --lang L         languages of the table: vi, en or both (default);\n"
    "                   csv and json always carry both explanations\n"
    "\n"
    "Exit status 1 for an unknown standard, household or year without a\n"
    "standard; 3 for an indicator the standard lacks, a score A under a\n"
    "standard without a score form, or a fact missing from the survey.\n"
    "\n"
    "Example:\n"
    "  povreg classify --year 2026 --area rural --income 1400000 \\\n"
    "    --deprived health_insurance,water,latrine --compare ND351-2025\n"
    "  povreg classify --household H7 --year 2026 --save\n";

const cli_command cli_classify_cmds[] = {
    {NULL, cmd_classify, classify_opts, 0, 0, 0, CLI_OPEN_SELF,
     "classify a household (what-if, or from its survey)", classify_usage},
    {NULL, NULL, NULL, 0, 0, 0, CLI_OPEN_EXISTING, NULL, NULL},
};
