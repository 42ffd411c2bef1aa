/*
** cmd_check.c: "povreg check": SQLite's integrity and foreign-key checks
** and the ledger's own invariants; "ok", or one line per problem.
*/
#include "cli.h"

/* The columns of a problem in CSV and JSON. */
static const cli_col problem_cols[] = {
    {"kind", "kind", CLI_TEXT},
    {"key", "key", CLI_TEXT},
    {"message", "message", CLI_TEXT},
};

/* Print the problems as a list (CSV, or JSON inside the open record). */
static int print_list(const cli_ctx *ctx, const povreg_check_report *r)
{
  cli_list *list;
  size_t i;

  list = cli_list_begin(stdout, ctx->format, problem_cols, 3,
                        ctx->format == CLI_FMT_JSON ? 1 : 0);
  if (list == NULL) {
    cli_error("out of memory");
    return CLI_EXIT_FAIL;
  }
  for (i = 0; i < r->n; i++) {
    const char *cells[3];
    cells[0] = r->problems[i].kind;
    cells[1] = r->problems[i].key;
    cells[2] = r->problems[i].message;
    if (cli_list_row(list, cells) != 0) {
      cli_list_abort(list);
      cli_error("out of memory");
      return CLI_EXIT_FAIL;
    }
  }
  cli_list_end(list);
  return CLI_EXIT_OK;
}

/* check */
static int cmd_check(cli_ctx *ctx, const cli_args *a)
{
  povreg_check_report *r = NULL;
  char total[24];
  cli_field f[2];
  size_t i;
  int n, rc = CLI_EXIT_OK;

  (void)a;
  if ((n = povreg_check(&r, ctx->db)) < 0) {
    return cli_fail(ctx, n);
  }
  if (ctx->format == CLI_FMT_JSON) {
    snprintf(total, sizeof total, "%ld", r->total);
    f[0] = (cli_field){"ok", "ok", n == 0 ? "yes" : "no", CLI_TEXT};
    f[1] = (cli_field){"problems", "problems", total, CLI_INT};
    cli_record(stdout, ctx->format, f, 2, 1);
    cli_record_nested(stdout, ctx->format, "list", "Problems");
    rc = print_list(ctx, r);
    cli_record_close(stdout, ctx->format);
  } else if (ctx->format == CLI_FMT_CSV) {
    rc = print_list(ctx, r);
  } else if (n == 0) {
    puts("ok");
  } else {
    for (i = 0; i < r->n; i++) {
      printf("%s: %s\n", r->problems[i].kind, r->problems[i].message);
    }
    if (r->total > (long)r->n) {
      printf("check: %ld more problems not listed\n", r->total - (long)r->n);
    }
  }
  if (rc == CLI_EXIT_OK && n > 0) {
    cli_error("check: %ld problem%s found", r->total, r->total == 1 ? "" : "s");
    rc = CLI_EXIT_FAIL;
  }
  povreg_check_report_free(r);
  return rc;
}

static const char check_usage[] =
    "Usage: povreg check [--format text|csv|json]\n"
    "\n"
    "Check the ledger: SQLite's integrity check (a damaged file), its\n"
    "foreign-key check, and the ledger's own rules: an open household with\n"
    "active members has exactly one active head, a dissolved one none;\n"
    "the statuses of a household and year form one chain of amendments\n"
    "with one in force; every household an approved review decided has\n"
    "that status; each year's transitions add up and match the statuses.\n"
    "Reads only; the ledger may be in use.\n"
    "\n"
    "Prints \"ok\" and exits 0, or one line per problem (\"KIND: what is\n"
    "wrong\") and exits 1.\n"
    "\n"
    "Example:\n"
    "  povreg --db sathay.db check\n";

const cli_command cli_check_cmds[] = {
    {NULL, cmd_check, NULL, 0, 0, 0, CLI_OPEN_EXISTING,
     "check the file and the ledger's rules; say plainly what is wrong",
     check_usage},
    {NULL, NULL, NULL, 0, 0, 0, CLI_OPEN_EXISTING, NULL, NULL},
};
