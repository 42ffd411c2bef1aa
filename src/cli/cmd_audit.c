/*
** cmd_audit.c: "povreg audit verify" checks the audit log's hash chain
** (and, with --expect, an anchor written down earlier); "povreg audit
** log" shows who did what.  Both only read the ledger.  Citizen IDs, BHXH
** numbers and birth dates in the logged values are masked unless
** --show-personal (or --reveal) is given.
*/
#include <limits.h>
#include <stdint.h>
#include <string.h>

#include "cli.h"

/* 1 if s is 64 hex digits (either case). */
static int is_hex64(const char *s)
{
  size_t i;

  for (i = 0; s[i] != '\0'; i++) {
    char c = s[i];
    if (i >= 64 || !((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') ||
                     (c >= 'A' && c <= 'F'))) {
      return 0;
    }
  }
  return i == 64;
}

/* audit verify [--expect HASH] */
static int cmd_audit_verify(cli_ctx *ctx, const cli_args *a)
{
  povreg_audit_report rep;
  const char *expect = cli_get(a, "expect");
  char entries[32], anchor[32], since[32];
  int rc;

  if (expect != NULL && !is_hex64(expect)) {
    return cli_usage_error(ctx, "--expect: not a head hash (64 hex digits)");
  }
  if ((rc = cli_open_flags(ctx, POVREG_OPEN_READONLY)) != CLI_EXIT_OK) {
    return rc;
  }
  rc = povreg_audit_verify(&rep, ctx->db, expect);
  if (rc != POVREG_OK) {
    /* a broken chain is a failed check (1), not refused input (3) */
    cli_error("%s", povreg_errmsg(ctx->db));
    return CLI_EXIT_FAIL;
  }
  snprintf(entries, sizeof entries, "%lld", (long long)rep.entries);
  snprintf(anchor, sizeof anchor, "%lld", (long long)rep.anchor_id);
  snprintf(since, sizeof since, "%lld", (long long)rep.since_anchor);
  if (ctx->format == CLI_FMT_TABLE) {
    printf("ok: %s entries, head %s", entries, rep.head[0] ? rep.head : "none");
    if (expect != NULL && rep.since_anchor == 0) {
      printf(" (the expected head)");
    } else if (expect != NULL) {
      printf(" (the expected head is entry %s; %s entr%s written since)",
             anchor, since, rep.since_anchor == 1 ? "y" : "ies");
    }
    putchar('\n');
  } else {
    cli_field f[5] = {
        {"ok", "ok", "1", CLI_INT},
        {"entries", "entries", entries, CLI_INT},
        {"head", "head", rep.head[0] ? rep.head : NULL, CLI_TEXT},
        {"anchor_id", "anchor id", expect ? anchor : NULL, CLI_INT},
        {"since_anchor", "since anchor", expect ? since : NULL, CLI_INT},
    };
    cli_record(stdout, ctx->format, f, 5, 0);
  }
  return CLI_EXIT_OK;
}

static const cli_col entry_cols[] = {
    {"id", "ID", CLI_INT},
    {"at", "AT", CLI_TEXT},
    {"operator", "OPERATOR", CLI_TEXT},
    {"action", "ACTION", CLI_TEXT},
    {"entity", "ENTITY", CLI_TEXT},
    {"entity_key", "KEY", CLI_TEXT},
    {"old_value", "OLD", CLI_TEXT},
    {"new_value", "NEW", CLI_TEXT},
    {"hash", "HASH", CLI_TEXT},
};

#define N_ENTRY_COLS (sizeof entry_cols / sizeof entry_cols[0])

/* Write s for the text format: control characters become spaces. */
static void put_line_text(const char *s)
{
  for (; s != NULL && *s != '\0'; s++) {
    unsigned char c = (unsigned char)*s;
    putchar(c < 0x20 || c == 0x7f ? ' ' : c);
  }
}

/*
** povreg_audit_log() callback of the text format: one line per entry
** (id, time, operator, action, entity and key), then its old and new
** values indented on lines of their own.  Streams.
*/
static int entry_text(const povreg_audit_entry *e, void *payload)
{
  (void)payload;
  printf("%lld  ", (long long)e->id);
  put_line_text(e->at);
  fputs("  ", stdout);
  put_line_text(e->operator_name);
  fputs("  ", stdout);
  put_line_text(e->action);
  fputs("  ", stdout);
  put_line_text(e->entity);
  if (e->entity_key != NULL) {
    putchar(' ');
    put_line_text(e->entity_key);
  }
  putchar('\n');
  if (e->old_value != NULL) {
    fputs("    old: ", stdout);
    put_line_text(e->old_value);
    putchar('\n');
  }
  if (e->new_value != NULL) {
    fputs("    new: ", stdout);
    put_line_text(e->new_value);
    putchar('\n');
  }
  return ferror(stdout) ? 1 : 0;
}

/* povreg_audit_log() callback of the CSV and JSON formats: one row. */
static int entry_row(const povreg_audit_entry *e, void *payload)
{
  const char *cells[N_ENTRY_COLS];
  char id[32];

  snprintf(id, sizeof id, "%lld", (long long)e->id);
  cells[0] = id;
  cells[1] = e->at;
  cells[2] = e->operator_name;
  cells[3] = e->action;
  cells[4] = e->entity;
  cells[5] = e->entity_key;
  cells[6] = e->old_value;
  cells[7] = e->new_value;
  cells[8] = e->hash;
  return cli_rows_add(payload, cells);
}

/* audit log [--since D] [--household CODE] [--limit N] [--show-personal] */
static int cmd_audit_log(cli_ctx *ctx, const cli_args *a)
{
  povreg_audit_filter f;
  cli_rows st = {NULL, 0};
  int rc;

  memset(&f, 0, sizeof f);
  f.since = cli_get(a, "since");
  f.household = cli_get(a, "household");
  f.limit = (int)cli_get_long(a, "limit", 0);
  f.show_personal = cli_has(a, "show-personal") || cli_has(a, "reveal");
  if (f.show_personal && ctx->redact) {
    return cli_usage_error(ctx, "--show-personal and --redact exclude each "
                                "other");
  }
  if ((rc = cli_open_flags(ctx, POVREG_OPEN_READONLY)) != CLI_EXIT_OK) {
    return rc;
  }
  if (ctx->format == CLI_FMT_TABLE) {
    rc = povreg_audit_log(ctx->db, &f, entry_text, NULL);
    if (rc == 1 && ferror(stdout)) {
      return CLI_EXIT_FAIL; /* main() reports the write error */
    }
    return rc == POVREG_OK ? CLI_EXIT_OK : cli_fail(ctx, rc);
  }
  st.list = cli_list_begin(stdout, ctx->format, entry_cols, N_ENTRY_COLS, 0);
  if (st.list == NULL) {
    cli_error("out of memory");
    return CLI_EXIT_FAIL;
  }
  rc = povreg_audit_log(ctx->db, &f, entry_row, &st);
  return cli_list_finish(ctx, st.list, st.oom, st.oom ? POVREG_OK : rc);
}

static const cli_optspec audit_verify_opts[] = {
    {"expect", CLI_OPT_VALUE, 0, 0},
    {NULL, 0, 0, 0},
};

static const char audit_verify_usage[] =
    "Usage: povreg audit verify [--expect HASH]\n"
    "\n"
    "Check the audit log's hash chain: every entry's SHA-256 hash covers\n"
    "the previous entry's hash and its own content, so an entry changed,\n"
    "removed, inserted or reordered with another tool breaks the chain.\n"
    "Prints \"ok: N entries, head HASH\" and exits 0; or prints one line\n"
    "naming the first bad entry (its id, its action, what is wrong) and\n"
    "exits 1.  Only reads the ledger.\n"
    "\n"
    "Write the head hash down outside the ledger (in the approval decision,\n"
    "on a printed report) and give it back later with --expect: the check\n"
    "then also fails if the log was truncated before that entry or\n"
    "rewritten with recomputed hashes, and says how many entries were\n"
    "written since.  See docs/audit.md.\n"
    "\n"
    "  --expect HASH   a head hash printed by an earlier check\n"
    "\n"
    "Example:\n"
    "  povreg audit verify\n";

static const cli_optspec audit_log_opts[] = {
    {"since", CLI_OPT_VALUE, 0, 0},
    {"household", CLI_OPT_VALUE, 0, 0},
    {"limit", CLI_OPT_VALUE | CLI_OPT_INT, 0, INT_MAX},
    {"show-personal", CLI_OPT_FLAG, 0, 0},
    {"reveal", CLI_OPT_FLAG, 0, 0},
    {NULL, 0, 0, 0},
};

static const char audit_log_usage[] =
    "Usage: povreg audit log [--since YYYY-MM-DD] [--household CODE]\n"
    "                        [--limit N] [--show-personal]\n"
    "\n"
    "Who did what: the audit log's entries, oldest first: id, time (UTC),\n"
    "operator, action, what was changed, and the values before and after\n"
    "(JSON).  With --format csv or json, also each entry's chain hash.\n"
    "Citizen IDs and BHXH numbers are masked to their last 4 digits and\n"
    "birth dates to the year.\n"
    "\n"
    "  --since D          entries written on or after day D (UTC)\n"
    "  --household CODE   entries about the household: the household\n"
    "                     itself, its members, surveys, classifications\n"
    "                     and review steps\n"
    "  --limit N          only the latest N entries that match\n"
    "  --show-personal    show personal data in full (for authorised\n"
    "                     officers only); --reveal is the same\n"
    "\n"
    "Example:\n"
    "  povreg audit log --household H1 --since 2026-01-01\n";

const cli_command cli_audit_cmds[] = {
    {"verify", cmd_audit_verify, audit_verify_opts, 0, 0, 0, CLI_OPEN_SELF,
     "check the audit log's hash chain", audit_verify_usage},
    {"log", cmd_audit_log, audit_log_opts, 0, 0, 0, CLI_OPEN_SELF,
     "who did what: the audit log", audit_log_usage},
    {NULL, NULL, NULL, 0, 0, 0, CLI_OPEN_EXISTING, NULL, NULL},
};
