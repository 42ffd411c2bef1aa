/*
** cmd_member.c: "povreg member ...": add, edit, show, move and leave.
**
** Personal data (citizen ID, BHXH number, full birth date) is masked in
** "show" unless --reveal is given.
*/
#include <inttypes.h>
#include <limits.h>
#include <string.h>

#include "cli.h"

/* Fill a member spec from the options (NULL for those not given). */
static void member_spec_from(const cli_args *a, povreg_member_spec *m)
{
  memset(m, 0, sizeof *m);
  m->full_name = cli_get(a, "name");
  m->sex = cli_get(a, "sex");
  m->birth_date = cli_get(a, "birth");
  m->ethnicity = cli_get(a, "ethnicity");
  m->relation = cli_get(a, "relation");
  m->citizen_id = cli_get(a, "citizen-id");
  m->bhxh_no = cli_get(a, "bhxh");
  m->joined_on = cli_get(a, "joined");
}

/* Print a member number result. */
static void print_member_no(const cli_ctx *ctx, int no)
{
  char buf[16];

  snprintf(buf, sizeof buf, "%d", no);
  cli_value(stdout, ctx->format, "member_no", buf, CLI_INT);
}

/* member add HOUSEHOLD --name N --sex S --birth D --relation R [...] */
static int cmd_member_add(cli_ctx *ctx, const cli_args *a)
{
  povreg_member_spec m;
  int no = 0, rc;

  member_spec_from(a, &m);
  if ((rc = povreg_member_add(&no, ctx->db, a->pos[0], &m)) != POVREG_OK) {
    return cli_fail(ctx, rc);
  }
  print_member_no(ctx, no);
  return CLI_EXIT_OK;
}

/* member edit HOUSEHOLD MEMBER_NO [--name N] ... */
static int cmd_member_edit(cli_ctx *ctx, const cli_args *a)
{
  povreg_member_spec m;
  int no = cli_pos_int(a, 1), rc;

  member_spec_from(a, &m);
  if (!m.full_name && !m.sex && !m.birth_date && !m.ethnicity && !m.relation &&
      !m.citizen_id && !m.bhxh_no && !m.joined_on) {
    return cli_usage_error(ctx, "nothing to change: give at least one "
                                "option");
  }
  rc = povreg_member_update(ctx->db, a->pos[0], no, &m);
  return rc == POVREG_OK ? CLI_EXIT_OK : cli_fail(ctx, rc);
}

/* member show HOUSEHOLD MEMBER_NO [--reveal] */
static int cmd_member_show(cli_ctx *ctx, const cli_args *a)
{
  povreg_member *m = NULL;
  cli_field f[14];
  char id[24], no_text[16], year[8], cid[32], bhxh[32];
  int reveal = cli_has(a, "reveal"), no = cli_pos_int(a, 1), rc;

  if (reveal && ctx->redact) {
    return cli_usage_error(ctx, "--reveal and --redact exclude each other");
  }
  if ((rc = povreg_member_get(&m, ctx->db, a->pos[0], no)) != POVREG_OK) {
    povreg_member_free(m);
    return cli_fail(ctx, rc);
  }
  snprintf(id, sizeof id, "%" PRId64, m->id);
  snprintf(no_text, sizeof no_text, "%d", m->member_no);
  snprintf(year, sizeof year, "%.4s", m->birth_date ? m->birth_date : "");
  f[0] = (cli_field){"household", "household", m->household_code, CLI_TEXT};
  f[1] = (cli_field){"member_no", "member no", no_text, CLI_INT};
  f[2] = (cli_field){"id", "person id", id, CLI_INT};
  f[3] = (cli_field){"name", "name", m->full_name, CLI_TEXT};
  f[4] = (cli_field){"sex", "sex", m->sex, CLI_TEXT};
  f[5] = (cli_field){"birth", "birth",
                     reveal || !m->birth_date ? m->birth_date : year, CLI_TEXT};
  f[6] = (cli_field){"relation", "relation", m->relation, CLI_TEXT};
  f[7] = (cli_field){"ethnicity_code", "ethnicity code", m->ethnicity_code,
                     CLI_TEXT};
  f[8] = (cli_field){"ethnicity", "ethnicity", m->ethnicity_name, CLI_TEXT};
  f[9] = (cli_field){"status", "status", m->status, CLI_TEXT};
  f[10] = (cli_field){"status_on", "status since", m->status_on, CLI_TEXT};
  f[11] = (cli_field){"joined_on", "joined on", m->joined_on, CLI_TEXT};
  f[12] = (cli_field){"citizen_id", "citizen id",
                      reveal ? m->citizen_id
                             : cli_mask(m->citizen_id, cid, sizeof cid),
                      CLI_TEXT};
  f[13] = (cli_field){
      "bhxh", "bhxh",
      reveal ? m->bhxh_no : cli_mask(m->bhxh_no, bhxh, sizeof bhxh), CLI_TEXT};
  cli_record(stdout, ctx->format, f, 14, 0);
  povreg_member_free(m);
  return CLI_EXIT_OK;
}

/* member move HOUSEHOLD MEMBER_NO --to H2 --relation R [...] */
static int cmd_member_move(cli_ctx *ctx, const cli_args *a)
{
  char today[11];
  const char *date = cli_get(a, "date");
  int no = cli_pos_int(a, 1), new_no = 0, rc;
  int source_head = (int)cli_get_long(a, "source-head", 0);

  if (date == NULL) {
    cli_today(ctx, today);
    date = today;
  }
  rc = povreg_member_move(&new_no, ctx->db, a->pos[0], no, cli_get(a, "to"),
                          cli_get(a, "relation"), date, source_head);
  if (rc != POVREG_OK) {
    return cli_fail(ctx, rc);
  }
  print_member_no(ctx, new_no);
  return CLI_EXIT_OK;
}

/* member leave HOUSEHOLD MEMBER_NO --status S [--date D] [--new-head N] */
static int cmd_member_leave(cli_ctx *ctx, const cli_args *a)
{
  char today[11];
  const char *date = cli_get(a, "date");
  int no = cli_pos_int(a, 1), rc;
  int new_head = (int)cli_get_long(a, "new-head", 0);

  if (date == NULL) {
    cli_today(ctx, today);
    date = today;
  }
  rc = povreg_member_leave(ctx->db, a->pos[0], no, cli_get(a, "status"), date,
                           new_head);
  return rc == POVREG_OK ? CLI_EXIT_OK : cli_fail(ctx, rc);
}

static const cli_optspec member_add_opts[] = {
    {"name", CLI_OPT_VALUE | CLI_OPT_REQUIRED, 0, 0},
    {"sex", CLI_OPT_VALUE | CLI_OPT_REQUIRED, 0, 0},
    {"birth", CLI_OPT_VALUE | CLI_OPT_REQUIRED, 0, 0},
    {"relation", CLI_OPT_VALUE | CLI_OPT_REQUIRED, 0, 0},
    {"ethnicity", CLI_OPT_VALUE, 0, 0},
    {"citizen-id", CLI_OPT_VALUE, 0, 0},
    {"bhxh", CLI_OPT_VALUE, 0, 0},
    {"joined", CLI_OPT_VALUE, 0, 0},
    {NULL, 0, 0, 0},
};

static const char member_add_usage[] =
    "Usage: povreg member add HOUSEHOLD --name NAME --sex M|F|Nam|Nữ\n"
    "         --birth DATE --relation RELATION [--ethnicity CODE|NAME]\n"
    "         [--citizen-id ID] [--bhxh NUMBER] [--joined YYYY-MM-DD]\n"
    "\n"
    "Add a member to a household and print their member number.\n"
    "\n"
    "  --birth DATE      YYYY-MM-DD, or YYYY when only the year is known\n"
    "  --relation R      to the head: spouse, child, parent, grandchild,\n"
    "                    sibling, other (or vợ, chồng, con, ...).  A second\n"
    "                    head is refused: use 'household set-head'.\n"
    "  --ethnicity E     official code (01 = Kinh) or name (default: 01)\n"
    "  --citizen-id ID   12-digit citizen ID (CCCD), unique\n"
    "  --bhxh NUMBER     10-digit social-insurance number\n"
    "  --joined DATE     date they joined the household\n"
    "\n"
    "Example:\n"
    "  povreg member add H0001 --name \"Nguyễn Thị Lan\" --sex F \\\n"
    "    --birth 2001-05-14 --relation child\n";

static const cli_optspec member_edit_opts[] = {
    {"name", CLI_OPT_VALUE, 0, 0},
    {"sex", CLI_OPT_VALUE, 0, 0},
    {"birth", CLI_OPT_VALUE, 0, 0},
    {"relation", CLI_OPT_VALUE, 0, 0},
    {"ethnicity", CLI_OPT_VALUE, 0, 0},
    {"citizen-id", CLI_OPT_VALUE, 0, 0},
    {"bhxh", CLI_OPT_VALUE, 0, 0},
    {"joined", CLI_OPT_VALUE, 0, 0},
    {NULL, 0, 0, 0},
};

static const char member_edit_usage[] =
    "Usage: povreg member edit HOUSEHOLD MEMBER_NO [--name NAME] [--sex S]\n"
    "         [--birth DATE] [--relation R] [--ethnicity E]\n"
    "         [--citizen-id ID] [--bhxh NUMBER] [--joined DATE]\n"
    "\n"
    "Correct a member's fields.  A field not named is kept; \"\" clears an\n"
    "optional one (citizen ID, BHXH number, joining date).  The relation\n"
    "cannot change to or from head: use 'household set-head'.\n"
    "\n"
    "Example:\n"
    "  povreg member edit H0001 2 --birth 1981-03-02 --citizen-id \"\"\n";

static const cli_optspec member_show_opts[] = {
    {"reveal", CLI_OPT_FLAG, 0, 0},
    {NULL, 0, 0, 0},
};

static const char member_show_usage[] =
    "Usage: povreg member show HOUSEHOLD MEMBER_NO [--reveal]\n"
    "\n"
    "Show one member.  The citizen ID and BHXH number are masked to their\n"
    "last 4 digits and the birth date to the year.\n"
    "\n"
    "  --reveal   show them in full (for authorised officers only; refused\n"
    "             with the global --redact)\n"
    "\n"
    "Example:\n"
    "  povreg member show H0001 1\n";

static const cli_optspec member_move_opts[] = {
    {"to", CLI_OPT_VALUE | CLI_OPT_REQUIRED, 0, 0},
    {"relation", CLI_OPT_VALUE | CLI_OPT_REQUIRED, 0, 0},
    {"date", CLI_OPT_VALUE, 0, 0},
    {"source-head", CLI_OPT_VALUE | CLI_OPT_INT, 1, INT_MAX},
    {NULL, 0, 0, 0},
};

static const char member_move_usage[] =
    "Usage: povreg member move HOUSEHOLD MEMBER_NO --to HOUSEHOLD2\n"
    "         --relation RELATION [--date YYYY-MM-DD] [--source-head N]\n"
    "\n"
    "Move an active member to another household (marriage, adoption) and\n"
    "print their member number there.  RELATION is to the new head.  If\n"
    "the mover heads HOUSEHOLD and others remain, --source-head names its\n"
    "new head; a household left empty is dissolved.  Default date: today.\n"
    "\n"
    "Example:\n"
    "  povreg member move H0001 3 --to H0007 --relation spouse\n";

static const cli_optspec member_leave_opts[] = {
    {"status", CLI_OPT_VALUE | CLI_OPT_REQUIRED, 0, 0},
    {"date", CLI_OPT_VALUE, 0, 0},
    {"new-head", CLI_OPT_VALUE | CLI_OPT_INT, 1, INT_MAX},
    {NULL, 0, 0, 0},
};

static const char member_leave_usage[] =
    "Usage: povreg member leave HOUSEHOLD MEMBER_NO --status moved_out|died\n"
    "         [--date YYYY-MM-DD] [--new-head N]\n"
    "\n"
    "Record that a member moved out or died (nothing is deleted).  If the\n"
    "leaver is the head and others remain, --new-head is required; a\n"
    "household left empty is dissolved.  Default date: today.\n"
    "\n"
    "Example:\n"
    "  povreg member leave H0001 1 --status died --date 2026-02-10 "
    "--new-head 2\n";

const cli_command cli_member_cmds[] = {
    {"add", cmd_member_add, member_add_opts, 1, 1, 0, CLI_OPEN_EXISTING,
     "add a member to a household", member_add_usage},
    {"edit", cmd_member_edit, member_edit_opts, 2, 2, 0x2, CLI_OPEN_EXISTING,
     "correct a member's fields", member_edit_usage},
    {"show", cmd_member_show, member_show_opts, 2, 2, 0x2, CLI_OPEN_EXISTING,
     "show one member", member_show_usage},
    {"move", cmd_member_move, member_move_opts, 2, 2, 0x2, CLI_OPEN_EXISTING,
     "move a member to another household", member_move_usage},
    {"leave", cmd_member_leave, member_leave_opts, 2, 2, 0x2, CLI_OPEN_EXISTING,
     "a member moved out or died", member_leave_usage},
    {NULL, NULL, NULL, 0, 0, 0, CLI_OPEN_EXISTING, NULL, NULL},
};
