/*
** cmd_init.c: "povreg init": create the ledger, or bring an old one's
** schema up to date (opening does both), and say what it is.
*/
#include "cli.h"

/* Print the ledger's path and schema version.  The ledger is open. */
static int cmd_init(cli_ctx *ctx, const cli_args *a)
{
  char version[16], latest[16];
  cli_field f[3];

  (void)a;
  snprintf(version, sizeof version, "%d", povreg_schema_version(ctx->db));
  snprintf(latest, sizeof latest, "%d", povreg_schema_latest());
  f[0] = (cli_field){"ledger", "ledger", ctx->db_path, CLI_TEXT};
  f[1] = (cli_field){"schema_version", "schema version", version, CLI_INT};
  f[2] = (cli_field){"schema_latest", "latest schema", latest, CLI_INT};
  cli_record(stdout, ctx->format, f, 3, 0);
  return CLI_EXIT_OK;
}

static const char init_usage[] =
    "Usage: povreg init\n"
    "\n"
    "Create the ledger file (--db, $POVREG_DB or ./povreg.db), or migrate\n"
    "an existing one to the latest schema, and print its path and schema\n"
    "version.  Running it again on an up-to-date ledger changes nothing.\n"
    "\n"
    "Example:\n"
    "  povreg --db sathay.db init\n";

const cli_command cli_init_cmds[] = {
    {NULL, cmd_init, NULL, 0, 0, 0, CLI_OPEN_CREATE,
     "create the ledger or migrate it to the latest schema", init_usage},
    {NULL, NULL, NULL, 0, 0, 0, CLI_OPEN_EXISTING, NULL, NULL},
};
