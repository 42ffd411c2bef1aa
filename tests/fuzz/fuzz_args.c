/*
** fuzz_args.c: libFuzzer target for the CLI's argument parser.
**
** Input: byte 0 picks a command of the command table (every group, every
** sub-command); the rest, split at NUL bytes, are its arguments.  Each is
** parsed by cli_parse() (options, values, integers, integer lists,
** positional counts, --help), then every option it accepts is read back.
** Nothing is run and no ledger is opened.  The CLI is linked with its
** main() renamed (see tests/fuzz/CMakeLists.txt); run it with
** -close_fd_mask=3 to silence the help and usage errors it prints.
*/
#include <stdint.h>

#include "../../src/cli/cli.h"
#include "fuzz_util.h"

/* Every group's command array (the table in main.c is static). */
static const cli_command *const groups[] = {
    cli_init_cmds,   cli_unit_cmds,     cli_village_cmds, cli_household_cmds,
    cli_member_cmds, cli_standard_cmds, cli_survey_cmds,  cli_classify_cmds,
    cli_apply_cmds,  cli_review_cmds,   cli_import_cmds,  cli_export_cmds,
    cli_demo_cmds,   cli_report_cmds,   cli_target_cmds,  cli_search_cmds,
    cli_audit_cmds,  cli_backup_cmds,   cli_check_cmds};

#define MAX_ARGS 64

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
  static int ready;
  static const cli_command *cmds[256];
  static size_t n_cmds;
  char buf[4096], *argv[MAX_ARGS + 1];
  cli_ctx ctx;
  cli_args a;
  size_t i, k, len;
  int argc = 0;

  if (!ready) {
    ready = 1;
    for (i = 0; i < sizeof groups / sizeof groups[0]; i++) {
      for (k = 0; groups[i][k].run != NULL && n_cmds < 256; k++) {
        cmds[n_cmds++] = &groups[i][k];
      }
    }
  }
  if (size < 1) {
    return 0;
  }
  len = size - 1 < sizeof buf - 1 ? size - 1 : sizeof buf - 1;
  memcpy(buf, data + 1, len);
  buf[len] = '\0';
  for (i = 0; i <= len && argc < MAX_ARGS; i++) {
    if (i == 0 || buf[i - 1] == '\0') {
      if (i < len || i == 0) {
        argv[argc++] = buf + i;
      }
    }
  }
  argv[argc] = NULL;
  memset(&ctx, 0, sizeof ctx);
  ctx.cmd_name = "fuzz";
  memset(&a, 0, sizeof a);
  if (cli_parse(&ctx, cmds[data[0] % n_cmds], argc, argv, &a) == CLI_CONTINUE) {
    const cli_optspec *o;
    for (o = cmds[data[0] % n_cmds]->opts; o != NULL && o->name != NULL; o++) {
      (void)cli_get(&a, o->name);
      (void)cli_has(&a, o->name);
    }
  }
  cli_args_free(&a);
  return 0;
}
