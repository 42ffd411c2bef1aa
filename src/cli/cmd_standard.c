/*
** cmd_standard.c: "povreg standard ..." (poverty standards as data):
** list, show (tables from povreg_standard_get(), or the standard's JSON
** document from povreg_standard_export()) and import (a new standard or
** a new data version).
*/
#include <errno.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

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
** Write the lines of s as a nested list, in the library's order (by
** area, then from the poverty line up).  Returns 0, or -1 when memory
** ran out.
*/
static int show_lines(const cli_ctx *ctx, const povreg_standard *s)
{
  cli_list *list =
      cli_list_begin(stdout, ctx->format, line_cols, N_LINE_COLS, 1);
  const char *cells[N_LINE_COLS];
  char amount[24];
  size_t i;

  if (list == NULL) {
    return -1;
  }
  for (i = 0; i < s->n_lines; i++) {
    const povreg_standard_line *l = &s->lines[i];

    snprintf(amount, sizeof amount, "%" PRId64, l->amount);
    cells[0] = l->area;
    cells[1] = l->line;
    cells[2] = amount;
    cells[3] = l->confidence;
    cells[4] = l->citation;
    if (cli_list_row(list, cells) != 0) {
      cli_list_abort(list);
      return -1;
    }
  }
  cli_list_end(list);
  return 0;
}

/*
** Write the indicators of s as a nested list, in legal order.  Returns
** 0, or -1 when memory ran out.
*/
static int show_indicators(const cli_ctx *ctx, const povreg_standard *s)
{
  cli_list *list =
      cli_list_begin(stdout, ctx->format, indicator_cols, N_INDICATOR_COLS, 1);
  const char *cells[N_INDICATOR_COLS];
  char ordinal[16];
  size_t i;

  if (list == NULL) {
    return -1;
  }
  for (i = 0; i < s->n_indicators; i++) {
    const povreg_standard_indicator *d = &s->indicators[i];

    snprintf(ordinal, sizeof ordinal, "%d", d->ordinal);
    cells[0] = ordinal;
    cells[1] = d->key;
    cells[2] = d->name_vi;
    cells[3] = d->name_en;
    cells[4] = d->dimension;
    cells[5] = d->rule;
    cells[6] = d->confidence;
    if (cli_list_row(list, cells) != 0) {
      cli_list_abort(list);
      return -1;
    }
  }
  cli_list_end(list);
  return 0;
}

/* standard show ID --format json: the document exactly as exported */
static int show_document(cli_ctx *ctx, const char *id)
{
  char *json = NULL;
  int rc;

  if ((rc = povreg_standard_export(&json, ctx->db, id)) != 0) {
    povreg_free(json);
    return cli_fail(ctx, rc);
  }
  fputs(json, stdout);
  fputc('\n', stdout);
  povreg_free(json);
  return CLI_EXIT_OK;
}

/* standard show ID: the current version as a record with two lists */
static int cmd_standard_show(cli_ctx *ctx, const cli_args *a)
{
  povreg_standard *s = NULL;
  char version[16], years[32], cutoff[16], score[96];
  cli_field f[13];
  int rc, status = CLI_EXIT_OK;

  if (ctx->format == CLI_FMT_JSON) {
    return show_document(ctx, a->pos[0]);
  }
  if ((rc = povreg_standard_get(&s, ctx->db, a->pos[0], 0)) != 0) {
    return cli_fail(ctx, rc);
  }
  snprintf(version, sizeof version, "%d", s->version);
  snprintf(years, sizeof years, "%d-%d", s->first_year, s->last_year);
  snprintf(cutoff, sizeof cutoff, "%d", s->cutoff);
  /* 0 and 0: the version has no score form */
  if (s->score_b_per_indicator != 0 || s->score_b_cutoff != 0) {
    snprintf(score, sizeof score,
             "score A at or below its line; B = %d x D, poor if B >= %d",
             s->score_b_per_indicator, s->score_b_cutoff);
  } else {
    snprintf(score, sizeof score, "none");
  }
  f[0] = (cli_field){"id", "id", s->id, CLI_TEXT};
  f[1] = (cli_field){"version", "version", version, CLI_INT};
  f[2] = (cli_field){"name_vi", "name (vi)", s->name_vi, CLI_TEXT};
  f[3] = (cli_field){"name_en", "name (en)", s->name_en, CLI_TEXT};
  f[4] = (cli_field){"citation", "citation", s->citation, CLI_TEXT};
  f[5] = (cli_field){"family", "family", s->family, CLI_TEXT};
  f[6] = (cli_field){"cutoff", "cutoff (D)", cutoff, CLI_INT};
  f[7] = (cli_field){"score_form", "score form", score, CLI_TEXT};
  f[8] = (cli_field){"status_years", "status years", years, CLI_TEXT};
  f[9] = (cli_field){"year_only_birthday", "year-only birthday",
                     s->year_only_birthday, CLI_TEXT};
  f[10] = (cli_field){"provisional", "provisional",
                      s->provisional ? "yes" : "no", CLI_TEXT};
  f[11] = (cli_field){"confidence", "confidence", s->confidence, CLI_TEXT};
  f[12] = (cli_field){"note", "note", s->note, CLI_TEXT};
  cli_record(stdout, ctx->format, f, 13, 1);
  cli_record_nested(stdout, ctx->format, "lines",
                    "Lines (VND per person "
                    "per month; score A in points)");
  if (show_lines(ctx, s) != 0) {
    status = CLI_EXIT_FAIL;
  }
  cli_record_nested(stdout, ctx->format, "indicators", "Indicators");
  if (status == CLI_EXIT_OK && show_indicators(ctx, s) != 0) {
    status = CLI_EXIT_FAIL;
  }
  if (status != CLI_EXIT_OK) {
    cli_error("out of memory");
  }
  povreg_standard_free(s);
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

/* The standards in the ledger and their current versions, as listed. */
typedef struct std_versions {
  char **id;    /* ids (allocated) */
  int *version; /* current version of each */
  size_t n;     /* entries */
  size_t cap;   /* room */
  int oom;      /* set when memory ran out */
} std_versions;

/* Free what a std_versions holds (not the struct itself).  NULL-safe. */
static void std_versions_free(std_versions *sv)
{
  size_t i;

  if (sv == NULL) {
    return;
  }
  for (i = 0; i < sv->n; i++) {
    free(sv->id[i]);
  }
  free(sv->id);
  free(sv->version);
  sv->id = NULL;
  sv->version = NULL;
  sv->n = sv->cap = 0;
}

/* povreg_standard_list() callback: note a standard's id and version. */
static int note_version(const povreg_standard_info *s, void *payload)
{
  std_versions *sv = payload;
  size_t len = strlen(s->id);

  if (sv->n == sv->cap) {
    size_t ncap = sv->cap ? sv->cap * 2 : 8;
    char **ids = realloc(sv->id, ncap * sizeof *ids);
    int *vs;

    if (ids == NULL) {
      sv->oom = 1;
      return 1;
    }
    sv->id = ids;
    if ((vs = realloc(sv->version, ncap * sizeof *vs)) == NULL) {
      sv->oom = 1;
      return 1;
    }
    sv->version = vs;
    sv->cap = ncap;
  }
  if ((sv->id[sv->n] = malloc(len + 1)) == NULL) {
    sv->oom = 1;
    return 1;
  }
  memcpy(sv->id[sv->n], s->id, len + 1);
  sv->version[sv->n++] = s->version;
  return 0;
}

/*
** List the standards into *sv (which the caller frees with
** std_versions_free()).  Returns a povreg code.
*/
static int list_versions(povreg_db *db, std_versions *sv)
{
  int rc = povreg_standard_list(db, note_version, sv);

  return sv->oom ? POVREG_ENOMEM : rc;
}

/*
** The standard an import just changed: the one whose current version is
** now `version` and was not before (a new id, or a new data version).
** Returns its id, borrowed from after, or NULL when not exactly one
** standard changed that way (another writer imported at the same time).
*/
static const char *changed_standard(const std_versions *before,
                                    const std_versions *after, int version)
{
  const char *found = NULL;
  size_t i, j;

  for (i = 0; i < after->n; i++) {
    int same = 0;

    if (after->version[i] != version) {
      continue;
    }
    for (j = 0; j < before->n; j++) {
      if (strcmp(before->id[j], after->id[i]) == 0) {
        same = before->version[j] == version;
        break;
      }
    }
    if (same) {
      continue;
    }
    if (found != NULL) {
      return NULL;
    }
    found = after->id[i];
  }
  return found;
}

/*
** standard import FILE: prints "ID version N".  The id is not read from
** the document (the CLI holds no JSON parser): it is the standard whose
** current version the import changed, found by listing the standards
** before and after.
*/
static int cmd_standard_import(cli_ctx *ctx, const cli_args *a)
{
  const char *name = a->pos[0];
  const char *id;
  char *json = NULL, line[80];
  std_versions before = {NULL, NULL, 0, 0, 0};
  std_versions after = {NULL, NULL, 0, 0, 0};
  int rc, version = 0, status;

  if ((status = read_document(name, &json)) != CLI_EXIT_OK) {
    return status;
  }
  if ((rc = list_versions(ctx->db, &before)) != POVREG_OK) {
    if (before.oom) {
      cli_error("out of memory");
      status = CLI_EXIT_FAIL;
    } else {
      status = cli_fail(ctx, rc);
    }
    goto done;
  }
  rc = povreg_standard_import(&version, ctx->db, json);
  if (rc != POVREG_OK) {
    cli_error("%s: %s", name, povreg_errmsg(ctx->db));
    status = rc == POVREG_EINVALID || rc == POVREG_EEXISTS ||
                     rc == POVREG_ECONSTRAINT
                 ? CLI_EXIT_INVALID
                 : CLI_EXIT_FAIL;
    goto done;
  }
  /* imported; if the listing fails now, the id is shown as "?" */
  id = NULL;
  if (list_versions(ctx->db, &after) == POVREG_OK) {
    id = changed_standard(&before, &after, version);
  }
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
  status = CLI_EXIT_OK;
done:
  std_versions_free(&before);
  std_versions_free(&after);
  free(json);
  return status;
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
