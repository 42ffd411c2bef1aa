/*
** cmd_backup.c: "povreg backup FILE [--force]": a consistent copy of the
** ledger while others may keep working on it, checked before it gets its
** name.
*/
#include "cli.h"

/* backup FILE [--force] */
static int cmd_backup(cli_ctx *ctx, const cli_args *a)
{
  povreg_backup_opts o = {0, 0, NULL, NULL};
  povreg_backup_report rep;
  const char *path = a->pos[0];
  char pages[24];
  cli_field f[3];
  int rc;

  o.force = cli_has(a, "force");
  if ((rc = povreg_backup(&rep, ctx->db, path, &o)) != POVREG_OK) {
    return cli_fail(ctx, rc);
  }
  if (ctx->format == CLI_FMT_TABLE) {
    printf("backed up %d pages to %s (integrity %s)\n", rep.pages, path,
           rep.integrity);
    return CLI_EXIT_OK;
  }
  snprintf(pages, sizeof pages, "%d", rep.pages);
  f[0] = (cli_field){"file", "file", path, CLI_TEXT};
  f[1] = (cli_field){"pages", "pages", pages, CLI_INT};
  f[2] = (cli_field){"integrity", "integrity", rep.integrity, CLI_TEXT};
  cli_record(stdout, ctx->format, f, 3, 0);
  return CLI_EXIT_OK;
}

static const cli_optspec backup_opts[] = {
    {"force", CLI_OPT_FLAG, 0, 0},
    {NULL, 0, 0, 0},
};

static const char backup_usage[] =
    "Usage: povreg backup FILE [--force]\n"
    "\n"
    "Copy the ledger to FILE: a consistent snapshot of the last committed\n"
    "state, taken while other officers may keep working (their changes\n"
    "after the start are not in the copy).  The copy is written beside\n"
    "FILE under a temporary name, readable by its owner only, checked\n"
    "with SQLite's integrity check, and only then named FILE: a failed\n"
    "backup leaves nothing behind.  FILE is an ordinary ledger: 'povreg\n"
    "--db FILE ...' opens it.  To restore, see docs/reliability.md.\n"
    "\n"
    "  --force   replace FILE if it exists (never the ledger itself)\n"
    "\n"
    "Example:\n"
    "  povreg --db sathay.db backup backups/sathay-2026-11-29.db\n";

const cli_command cli_backup_cmds[] = {
    {NULL, cmd_backup, backup_opts, 1, 1, 0, CLI_OPEN_EXISTING,
     "copy the ledger to a file, consistently, while others work",
     backup_usage},
    {NULL, NULL, NULL, 0, 0, 0, CLI_OPEN_EXISTING, NULL, NULL},
};
