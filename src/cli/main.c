/*
** main.c: the povreg command-line tool: global options, the command
** table, dispatch, opening the ledger and exit statuses.
**
**   povreg [--db FILE] [--operator NAME] [--format table|csv|json]
**          [--today YYYY-MM-DD] [--redact] COMMAND [ARGS]
*/
#if defined(__GLIBC__) || defined(__linux__)
#include <malloc.h>
#endif
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cli.h"

/* A first word and the commands under it. */
typedef struct cli_group {
  const char *name;        /* "household" */
  const cli_command *cmds; /* its commands; cmds[0].sub == NULL: single */
  int html;                /* 1 if its commands accept --format html */
} cli_group;

/* The command table, in the order of the help text. */
/* clang-format off */
static const cli_group groups[] = {
    {"init", cli_init_cmds, 0},
    {"unit", cli_unit_cmds, 0},
    {"village", cli_village_cmds, 0},
    {"household", cli_household_cmds, 0},
    {"member", cli_member_cmds, 0},
    {"survey", cli_survey_cmds, 0},
    {"standard", cli_standard_cmds, 0},
    {"classify", cli_classify_cmds, 0},
    {"apply", cli_apply_cmds, 0},
    {"review", cli_review_cmds, 0},
    {"import", cli_import_cmds, 0},
    {"export", cli_export_cmds, 0},
    {"target", cli_target_cmds, 0},
    {"audit", cli_audit_cmds, 0},
    {"report", cli_report_cmds, 1},
    {"search", cli_search_cmds, 0},
    {"backup", cli_backup_cmds, 0},
    {"check", cli_check_cmds, 0},
    {"demo", cli_demo_cmds, 0},
};
/* clang-format on */

#define N_GROUPS (sizeof groups / sizeof groups[0])

static const char global_usage_head[] =
    "Usage: povreg [OPTIONS] COMMAND [ARGS]\n"
    "\n"
    "A household poverty registry for commune poverty boards.\n"
    "\n"
    "Options (also accepted after the command):\n"
    "  --db FILE           ledger file (default: $POVREG_DB, else "
    "./povreg.db)\n"
    "  --operator NAME     who is working, for the audit log\n"
    "                      (default: $POVREG_OPERATOR, else the system user)\n"
    "  --format FORMAT     table (default; also 'text'), csv or json;\n"
    "                      html for 'povreg report'\n"
    "  --today YYYY-MM-DD  the date taken as today (default: $POVREG_TODAY,\n"
    "                      else the system clock)\n"
    "  --redact            mask citizen IDs, BHXH numbers and birth dates\n"
    "                      (all but the year) in every list and export, for\n"
    "                      output that leaves the office; refuses --reveal\n"
    "  --help              show this help, or a command's help\n"
    "  --version           show the version\n"
    "\n"
    "Commands:\n";

static const char global_usage_tail[] =
    "\n"
    "Exit status: 0 success, 1 the operation failed, 2 usage error,\n"
    "3 invalid data (refused by the ledger's checks).\n"
    "\n"
    "Run 'povreg help COMMAND' or 'povreg COMMAND --help' for details.\n"
    "Example:\n"
    "  povreg init && povreg unit list --parent 616 --date 2016-01-01\n";

/* Print "povreg: <message>" on stderr (printf-style); one line. */
void cli_error(const char *fmt, ...)
{
  char buf[1024];
  va_list ap;
  char *p;

  va_start(ap, fmt);
  vsnprintf(buf, sizeof buf, fmt, ap);
  va_end(ap);
  for (p = buf; *p; p++) {
    if (*p == '\n' || *p == '\r') {
      *p = ' ';
    }
  }
  fprintf(stderr, "povreg: %s\n", buf);
}

/* Print a usage problem and the help hint; returns CLI_EXIT_USAGE. */
int cli_usage_error(const cli_ctx *ctx, const char *fmt, ...)
{
  char buf[512];
  va_list ap;

  va_start(ap, fmt);
  vsnprintf(buf, sizeof buf, fmt, ap);
  va_end(ap);
  cli_error("%s", buf);
  if (ctx && ctx->cmd_name) {
    fprintf(stderr, "Try 'povreg %s --help'.\n", ctx->cmd_name);
  } else {
    fputs("Try 'povreg --help'.\n", stderr);
  }
  return CLI_EXIT_USAGE;
}

/* Exit status for a library result code: 3 for refused data, else 1. */
static int exit_for(int code)
{
  if (code == POVREG_EINVALID || code == POVREG_EEXISTS ||
      code == POVREG_ECONSTRAINT) {
    return CLI_EXIT_INVALID;
  }
  return CLI_EXIT_FAIL;
}

/* Print the library's message for a failed call; return the status. */
int cli_fail(const cli_ctx *ctx, int code)
{
  const char *msg = ctx->db ? povreg_errmsg(ctx->db) : "";

  if (msg == NULL || msg[0] == '\0') {
    msg = povreg_strerror(code);
  }
  cli_error("%s", msg);
  return exit_for(code);
}

/* Add a row from a listing callback (see cli.h). */
int cli_rows_add(cli_rows *st, const char *const *cells)
{
  if (cli_list_row(st->list, cells) != 0) {
    st->oom = 1;
    return 1;
  }
  return 0;
}

/* Finish a listing (see cli.h).  Frees the list. */
int cli_list_finish(const cli_ctx *ctx, cli_list *list, int oom, int rc)
{
  if (oom) {
    cli_list_abort(list);
    cli_error("out of memory");
    return CLI_EXIT_FAIL;
  }
  if (rc != POVREG_OK) {
    cli_list_abort(list);
    return cli_fail(ctx, rc);
  }
  cli_list_end(list);
  return CLI_EXIT_OK;
}

/* "Today" for defaults: ctx->today, else the local date. */
void cli_today(const cli_ctx *ctx, char out[11])
{
  time_t now;
  struct tm tm;

  if (ctx->today) {
    snprintf(out, 11, "%s", ctx->today);
    return;
  }
  now = time(NULL);
  if (localtime_r(&now, &tm) == NULL ||
      strftime(out, 11, "%Y-%m-%d", &tm) == 0) {
    out[0] = '\0';
  }
}

/*
** Open the ledger named in ctx (see cli.h).  Without create, a missing
** file is not created: the library reports it as POVREG_ENOTFOUND, "FILE:
** no such ledger (run 'povreg init')".
*/
int cli_open(cli_ctx *ctx, int create)
{
  return cli_open_flags(ctx, create ? POVREG_OPEN_CREATE : 0);
}

/* Open the ledger with povreg_open() flags (see cli.h). */
int cli_open_flags(cli_ctx *ctx, unsigned flags)
{
  int rc;

  rc = povreg_open(&ctx->db, ctx->db_path, flags);
  if (rc != POVREG_OK) {
    return cli_fail(ctx, rc);
  }
  if (ctx->operator_name &&
      (rc = povreg_set_operator(ctx->db, ctx->operator_name)) != POVREG_OK) {
    return cli_fail(ctx, rc);
  }
  if (ctx->today && (rc = povreg_set_today(ctx->db, ctx->today)) != 0) {
    return cli_fail(ctx, rc);
  }
  return CLI_EXIT_OK;
}

/* Print the list of commands of every group, one line each. */
static void print_command_list(FILE *fp)
{
  size_t g, k;

  for (g = 0; g < N_GROUPS; g++) {
    for (k = 0; groups[g].cmds[k].run; k++) {
      char name[40];
      const cli_command *c = &groups[g].cmds[k];

      snprintf(name, sizeof name, "%s%s%s", groups[g].name, c->sub ? " " : "",
               c->sub ? c->sub : "");
      fprintf(fp, "  %-20s %s\n", name, c->summary);
    }
  }
}

/* Print the help of a group with several commands. */
static void print_group_usage(FILE *fp, const cli_group *g)
{
  const char *example;
  size_t k;

  fprintf(fp, "Usage: povreg %s SUBCOMMAND [ARGS]\n\nSubcommands:\n", g->name);
  for (k = 0; g->cmds[k].run; k++) {
    fprintf(fp, "  %-12s %s\n", g->cmds[k].sub, g->cmds[k].summary);
  }
  fprintf(fp, "\nRun 'povreg %s SUBCOMMAND --help' for details.\n", g->name);
  example = strstr(g->cmds[0].usage, "Example:\n");
  if (example) {
    fputs(example, fp);
  }
}

/* The group named name, or NULL. */
static const cli_group *find_group(const char *name)
{
  size_t g;

  for (g = 0; g < N_GROUPS; g++) {
    if (strcmp(groups[g].name, name) == 0) {
      return &groups[g];
    }
  }
  return NULL;
}

/* The command sub of group g, or NULL. */
static const cli_command *find_sub(const cli_group *g, const char *sub)
{
  size_t k;

  for (k = 0; g->cmds[k].run; k++) {
    if (strcmp(g->cmds[k].sub, sub) == 0) {
      return &g->cmds[k];
    }
  }
  return NULL;
}

/* "povreg help [COMMAND [SUBCOMMAND]]": print the help asked for. */
static int run_help(cli_ctx *ctx, int argc, char **argv)
{
  const cli_group *g;
  const cli_command *c;

  if (argc == 0) {
    fputs(global_usage_head, stdout);
    print_command_list(stdout);
    fputs(global_usage_tail, stdout);
    return CLI_EXIT_OK;
  }
  if ((g = find_group(argv[0])) == NULL) {
    return cli_usage_error(ctx, "unknown command '%.40s'", argv[0]);
  }
  if (g->cmds[0].sub == NULL) {
    fputs(g->cmds[0].usage, stdout);
    return CLI_EXIT_OK;
  }
  if (argc < 2) {
    print_group_usage(stdout, g);
    return CLI_EXIT_OK;
  }
  if ((c = find_sub(g, argv[1])) == NULL) {
    return cli_usage_error(ctx, "unknown command '%s %.40s'", g->name, argv[1]);
  }
  fputs(c->usage, stdout);
  return CLI_EXIT_OK;
}

/*
** Find the command in argv (group word, then sub-command word), set
** *consumed to the words used and return it; or return NULL with *status
** set (help printed or a usage error).
*/
static const cli_command *pick_command(cli_ctx *ctx, int argc, char **argv,
                                       int *consumed, int *status, char *name,
                                       size_t name_size)
{
  const cli_group *g = find_group(argv[0]);
  const cli_command *c;

  if (g == NULL) {
    *status = cli_usage_error(ctx, "unknown command '%.40s'", argv[0]);
    return NULL;
  }
  if (g->cmds[0].sub == NULL) {
    snprintf(name, name_size, "%s", g->name);
    *consumed = 1;
    return &g->cmds[0];
  }
  if (argc >= 2 &&
      (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0)) {
    print_group_usage(stdout, g);
    *status = CLI_EXIT_OK;
    return NULL;
  }
  snprintf(name, name_size, "%s", g->name);
  ctx->cmd_name = name;
  if (argc < 2) {
    char subs[160] = "";
    size_t k, used = 0;

    for (k = 0; g->cmds[k].run && used < sizeof subs; k++) {
      int w = snprintf(subs + used, sizeof subs - used, "%s%s", k ? ", " : "",
                       g->cmds[k].sub);
      used += w > 0 ? (size_t)w : 0;
    }
    *status = cli_usage_error(ctx, "missing subcommand (%s)", subs);
    return NULL;
  }
  if ((c = find_sub(g, argv[1])) == NULL) {
    *status =
        cli_usage_error(ctx, "unknown command '%s %.40s'", g->name, argv[1]);
    return NULL;
  }
  snprintf(name, name_size, "%s %s", g->name, c->sub);
  *consumed = 2;
  return c;
}

/* Value of environment variable name, or NULL if unset or empty. */
static const char *env(const char *name)
{
  const char *v = getenv(name);

  return v && v[0] ? v : NULL;
}

/* Entry point: global options, then the command. */
int main(int argc, char **argv)
{
  cli_ctx ctx;
  cli_args args;
  const cli_command *cmd;
  char name[40];
  int i = 1, rc = CLI_EXIT_OK, consumed = 0;

#if defined(M_TRIM_THRESHOLD)
  /* glibc gives freed heap back to the system after nearly every SQLite
     statement of a bulk import (each give-back a system call and a TLB
     flush); keep up to 64 MiB instead.  Process-wide, so the CLI sets it,
     never the library. */
  mallopt(M_TRIM_THRESHOLD, 64 * 1024 * 1024);
  mallopt(M_TOP_PAD, 16 * 1024 * 1024);
#endif
  memset(&ctx, 0, sizeof ctx);
  memset(&args, 0, sizeof args);
  ctx.db_path = env("POVREG_DB");
  if (ctx.db_path == NULL) {
    ctx.db_path = "povreg.db";
  }
  ctx.operator_name = env("POVREG_OPERATOR");
  ctx.today = env("POVREG_TODAY");
  ctx.format = CLI_FMT_TABLE;

  for (; i < argc && argv[i][0] == '-'; i++) {
    if (strcmp(argv[i], "--help") == 0 || strcmp(argv[i], "-h") == 0) {
      return run_help(&ctx, 0, NULL);
    }
    if (strcmp(argv[i], "--version") == 0) {
      printf("povreg %s (schema %d)\n", povreg_version(),
             povreg_schema_latest());
      return CLI_EXIT_OK;
    }
    if (strcmp(argv[i], "--") == 0) {
      i++;
      break;
    }
    rc = cli_global_option(&ctx, argc, argv, &i);
    if (rc == CLI_EXIT_USAGE) {
      return rc;
    }
    if (rc == 0) {
      return cli_usage_error(&ctx, "unknown option '%.40s'", argv[i]);
    }
  }
  if (i >= argc) {
    return cli_usage_error(&ctx, "no command given");
  }
  if (strcmp(argv[i], "help") == 0) {
    return run_help(&ctx, argc - i - 1, argv + i + 1);
  }
  cmd =
      pick_command(&ctx, argc - i, argv + i, &consumed, &rc, name, sizeof name);
  if (cmd == NULL) {
    return rc;
  }
  ctx.cmd_name = name;
  i += consumed;
  rc = cli_parse(&ctx, cmd, argc - i, argv + i, &args);
  if (rc != CLI_CONTINUE) {
    goto done;
  }
  if (ctx.format == CLI_FMT_HTML && !find_group(argv[i - consumed])->html) {
    rc = cli_usage_error(&ctx, "--format html is for 'povreg report' only");
    goto done;
  }
  if (cmd->open != CLI_OPEN_SELF) {
    rc = cli_open(&ctx, cmd->open == CLI_OPEN_CREATE);
    if (rc != CLI_EXIT_OK) {
      goto done;
    }
  }
  rc = cmd->run(&ctx, &args);
  if (fflush(stdout) != 0 || ferror(stdout)) {
    cli_error("write error on standard output");
    if (rc == CLI_EXIT_OK) {
      rc = CLI_EXIT_FAIL;
    }
  }
done:
  cli_args_free(&args);
  povreg_close(ctx.db);
  return rc;
}
