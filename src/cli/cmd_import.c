/*
** cmd_import.c: "povreg import households|members|survey FILE": bulk
** import of a CSV file as Excel or LibreOffice saves it, in one
** transaction (every row lands or none does).
**
** On success one summary line (or, with --format csv/json, a record)
** goes to stdout.  When the file has errors, each is printed on stderr
** as "FILE:LINE:COLUMN: message", then "povreg: FILE: N errors, nothing
** imported", and the exit status is 3.  The column names are listed in
** docs/import-export.md.
*/
#include <stdlib.h>
#include <string.h>

#include "cli.h"

/* Print "out of memory" and return the failure status. */
static int oom_fail(void)
{
  cli_error("out of memory");
  return CLI_EXIT_FAIL;
}

/*
** Print error i of report r on stderr as one line "FILE:LINE:COLUMN:
** message", control characters turned into spaces.  Allocates only when
** the line is longer than the stack buffer.
*/
static void print_error_line(const povreg_import_report *r, size_t i)
{
  char small[512];
  char *buf = small, *p;
  int need;

  need = povreg_import_error_format(r, i, small, sizeof small);
  if (need < 0) {
    return;
  }
  if ((size_t)need >= sizeof small) {
    buf = malloc((size_t)need + 1);
    if (buf == NULL) {
      buf = small; /* print it cut rather than not at all */
    } else {
      povreg_import_error_format(r, i, buf, (size_t)need + 1);
    }
  }
  for (p = buf; *p; p++) {
    if ((unsigned char)*p < 0x20 || *p == 0x7f) {
      *p = ' ';
    }
  }
  fprintf(stderr, "%s\n", buf);
  if (buf != small) {
    free(buf);
  }
}

/*
** Print the errors of a refused file and the closing line; return the
** exit status (3: the data was refused).
*/
static int print_errors(const povreg_import_report *r)
{
  size_t i;

  for (i = 0; i < r->n_errors; i++) {
    print_error_line(r, i);
  }
  if (r->errors_truncated) {
    cli_error("%s: first %zu errors shown, nothing imported", r->file_name,
              r->n_errors);
  } else {
    cli_error("%s: %zu error%s, nothing imported", r->file_name, r->n_errors,
              r->n_errors == 1 ? "" : "s");
  }
  return CLI_EXIT_INVALID;
}

/*
** Print what an import did (or would do): one line in the table format,
** a record in csv and json.
*/
static void print_summary(const cli_ctx *ctx, const povreg_import_report *r)
{
  char rows[24], added[24], changed[24], unchanged[24], villages[24];
  cli_field f[9];
  size_t n = 0;

  if (ctx->format == CLI_FMT_TABLE) {
    const char *verb = r->dry_run ? "would be " : "";

    if (r->dry_run) {
      printf("%s (dry run, nothing written): ", r->file_name);
    } else {
      printf("%s: ", r->file_name);
    }
    if (r->added == 0 && r->changed == 0 && r->villages_added == 0) {
      printf("%ld row%s, nothing %s\n", r->rows, r->rows == 1 ? "" : "s",
             r->dry_run ? "would change" : "changed");
      return;
    }
    printf("%ld row%s: %ld %sadded, %ld %schanged, %ld unchanged", r->rows,
           r->rows == 1 ? "" : "s", r->added, verb, r->changed, verb,
           r->unchanged);
    if (r->villages_added > 0) {
      printf("; %ld new village%s%s", r->villages_added,
             r->villages_added == 1 ? "" : "s",
             r->dry_run ? " would be created" : " created");
    }
    printf(" (sha256 %s)\n", r->sha256);
    return;
  }
  snprintf(rows, sizeof rows, "%ld", r->rows);
  snprintf(added, sizeof added, "%ld", r->added);
  snprintf(changed, sizeof changed, "%ld", r->changed);
  snprintf(unchanged, sizeof unchanged, "%ld", r->unchanged);
  snprintf(villages, sizeof villages, "%ld", r->villages_added);
  f[n++] = (cli_field){"file", "file", r->file_name, CLI_TEXT};
  f[n++] =
      (cli_field){"dry_run", "dry run", r->dry_run ? "yes" : "no", CLI_TEXT};
  f[n++] = (cli_field){"rows", "rows", rows, CLI_INT};
  f[n++] = (cli_field){"added", "added", added, CLI_INT};
  f[n++] = (cli_field){"changed", "changed", changed, CLI_INT};
  f[n++] = (cli_field){"unchanged", "unchanged", unchanged, CLI_INT};
  if (r->kind == POVREG_IMPORT_HOUSEHOLDS) {
    f[n++] = (cli_field){"villages_added", "villages added", villages, CLI_INT};
  }
  f[n++] = (cli_field){"sha256", "sha256", r->sha256, CLI_TEXT};
  cli_record(stdout, ctx->format, f, n, 0);
}

/*
** import KIND FILE: import FILE ("-": standard input) and print the
** summary or the errors.
*/
static int run_import(cli_ctx *ctx, const cli_args *a, povreg_import_kind kind)
{
  povreg_import_opts opts;
  povreg_import_report *r = NULL;
  int rc, status;

  memset(&opts, 0, sizeof opts);
  opts.dry_run = cli_has(a, "dry-run");
  opts.ignore_extra = cli_has(a, "ignore-extra");
  opts.new_villages = cli_has(a, "new-villages");
  /* a file that cannot be read: POVREG_ERROR, "FILE: reason" (exit 1) */
  rc = povreg_import(&r, ctx->db, kind, a->pos[0], &opts);
  if (rc == POVREG_OK && r != NULL) {
    print_summary(ctx, r);
    status = CLI_EXIT_OK;
  } else if (rc == POVREG_ECSV && r != NULL && r->n_errors > 0) {
    status = print_errors(r);
  } else if (rc == POVREG_ENOMEM || (rc == POVREG_OK && r == NULL)) {
    status = oom_fail();
  } else if (rc == POVREG_ECSV) {
    /* refused, but no error line to show: the library's message */
    cli_fail(ctx, rc);
    status = CLI_EXIT_INVALID;
  } else {
    status = cli_fail(ctx, rc);
  }
  povreg_import_report_free(r);
  return status;
}

/* import households FILE */
static int cmd_import_households(cli_ctx *ctx, const cli_args *a)
{
  return run_import(ctx, a, POVREG_IMPORT_HOUSEHOLDS);
}

/* import members FILE */
static int cmd_import_members(cli_ctx *ctx, const cli_args *a)
{
  return run_import(ctx, a, POVREG_IMPORT_MEMBERS);
}

/* import survey FILE */
static int cmd_import_survey(cli_ctx *ctx, const cli_args *a)
{
  return run_import(ctx, a, POVREG_IMPORT_SURVEY);
}

/* ---- option tables and help ---- */

static const cli_optspec import_households_opts[] = {
    {"dry-run", CLI_OPT_FLAG, 0, 0},
    {"ignore-extra", CLI_OPT_FLAG, 0, 0},
    {"new-villages", CLI_OPT_FLAG, 0, 0},
    {NULL, 0, 0, 0},
};

static const cli_optspec import_opts[] = {
    {"dry-run", CLI_OPT_FLAG, 0, 0},
    {"ignore-extra", CLI_OPT_FLAG, 0, 0},
    {NULL, 0, 0, 0},
};

/* What every import's help says about the file and the rules. */
#define IMPORT_COMMON_HELP                                                     \
  "FILE is UTF-8 CSV as Excel or LibreOffice saves it (with or without a\n"    \
  "BOM, ',' or ';', CRLF or LF); '-' reads standard input.  The header\n"      \
  "row names the columns, in any order; see docs/import-export.md.\n"          \
  "\n"                                                                         \
  "The file is imported in one transaction: every row lands or none\n"         \
  "does.  Importing the same file again changes nothing; an empty cell\n"      \
  "never erases a stored value.  The import is audited with the file's\n"      \
  "name, SHA-256 and counts.  Prints one line: the rows added, changed\n"      \
  "and unchanged.  When the file has errors, each is printed on stderr\n"      \
  "as FILE:LINE:COLUMN: message (up to 100), nothing is imported and the\n"    \
  "exit status is 3.\n"                                                        \
  "\n"                                                                         \
  "  --dry-run         check everything and print what would change;\n"        \
  "                    write nothing\n"                                        \
  "  --ignore-extra    ignore columns this import does not know (else\n"       \
  "                    an unknown column is an error)\n"

static const char import_households_usage[] =
    "Usage: povreg import households FILE [--dry-run] [--ignore-extra]\n"
    "         [--new-villages]\n"
    "\n"
    "Add or update households from a CSV file.  Required columns:\n"
    "household_code, commune_code, village, address; optional: phone,\n"
    "notes, created_on.  Members come with 'povreg import members'.\n"
    "\n" IMPORT_COMMON_HELP
    "  --new-villages    create the villages the file names that the\n"
    "                    commune does not have yet (else an error)\n"
    "\n"
    "Example:\n"
    "  povreg import households households.csv --dry-run\n"
    "  povreg import households households.csv --new-villages\n";

static const char import_members_usage[] =
    "Usage: povreg import members FILE [--dry-run] [--ignore-extra]\n"
    "\n"
    "Add or update the members of households already in the ledger.\n"
    "Required columns: household_code, member_no, full_name, sex,\n"
    "birth_date, relation, ethnicity, citizen_id, health_insurance,\n"
    "in_school, education_grade; optional: bhxh_no, joined_on, status,\n"
    "status_on.  Every household the file touches ends with exactly one\n"
    "active head.\n"
    "\n" IMPORT_COMMON_HELP "\n"
    "Example:\n"
    "  povreg import members members.csv\n";

static const char import_survey_usage[] =
    "Usage: povreg import survey FILE [--dry-run] [--ignore-extra]\n"
    "\n"
    "Record surveys for a review year (no review needs to be open; the\n"
    "review then classifies them).  Columns: review_year, household_code,\n"
    "income_per_capita and/or score_a; optional reference_date (default\n"
    "REVIEW_YEAR-09-01), surveyed_on, enumerator; then one column per\n"
    "indicator of the standard (1 deprived, 0 not, empty: derived from\n"
    "the facts) and the household facts the derivations use\n"
    "(living_area_m2, water_source, ...).\n"
    "\n" IMPORT_COMMON_HELP "\n"
    "Example:\n"
    "  povreg import survey survey-2025.csv\n";

const cli_command cli_import_cmds[] = {
    {"households", cmd_import_households, import_households_opts, 1, 1, 0,
     CLI_OPEN_EXISTING, "import households from a CSV file",
     import_households_usage},
    {"members", cmd_import_members, import_opts, 1, 1, 0, CLI_OPEN_EXISTING,
     "import members from a CSV file", import_members_usage},
    {"survey", cmd_import_survey, import_opts, 1, 1, 0, CLI_OPEN_EXISTING,
     "import surveys of a review year from a CSV file", import_survey_usage},
    {NULL, NULL, NULL, 0, 0, 0, CLI_OPEN_EXISTING, NULL, NULL},
};
