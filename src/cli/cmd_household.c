/*
** cmd_household.c: "povreg household ...": add, edit, show, list,
** set-head, split and dissolve households.
**
** Personal data (citizen IDs, BHXH numbers, full birth dates) is masked
** in "show" unless --reveal is given.
*/
#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

/* household add: create a household with its head; print its code. */
static int cmd_household_add(cli_ctx *ctx, const cli_args *a)
{
  povreg_household_spec hh;
  povreg_member_spec head;
  char *code = NULL;
  int rc;

  memset(&hh, 0, sizeof hh);
  memset(&head, 0, sizeof head);
  hh.code = cli_get(a, "code");
  hh.commune_code = cli_get(a, "commune");
  hh.village = cli_get(a, "village");
  hh.address = cli_get(a, "address");
  hh.phone = cli_get(a, "phone");
  hh.notes = cli_get(a, "notes");
  hh.created_on = cli_get(a, "created");
  head.full_name = cli_get(a, "head-name");
  head.sex = cli_get(a, "head-sex");
  head.birth_date = cli_get(a, "head-birth");
  head.ethnicity = cli_get(a, "head-ethnicity");
  head.citizen_id = cli_get(a, "head-citizen-id");
  head.bhxh_no = cli_get(a, "head-bhxh");
  head.relation = "head";
  rc = povreg_household_add(&code, ctx->db, &hh, &head);
  if (rc != POVREG_OK) {
    povreg_free(code);
    return cli_fail(ctx, rc);
  }
  cli_value(stdout, ctx->format, "code", code, CLI_TEXT);
  povreg_free(code);
  return CLI_EXIT_OK;
}

/* household edit CODE [--village V] [--address A] [--phone P] [--notes T] */
static int cmd_household_edit(cli_ctx *ctx, const cli_args *a)
{
  povreg_household_spec ch;
  int rc;

  memset(&ch, 0, sizeof ch);
  ch.village = cli_get(a, "village");
  ch.address = cli_get(a, "address");
  ch.phone = cli_get(a, "phone");
  ch.notes = cli_get(a, "notes");
  if (!ch.village && !ch.address && !ch.phone && !ch.notes) {
    return cli_usage_error(ctx, "nothing to change: give --village, "
                                "--address, --phone or --notes");
  }
  rc = povreg_household_update(ctx->db, a->pos[0], &ch);
  return rc == POVREG_OK ? CLI_EXIT_OK : cli_fail(ctx, rc);
}

static const cli_col member_cols[] = {
    {"member_no", "NO", CLI_INT},
    {"name", "NAME", CLI_TEXT},
    {"sex", "SEX", CLI_TEXT},
    {"birth", "BIRTH", CLI_TEXT},
    {"relation", "RELATION", CLI_TEXT},
    {"ethnicity", "ETHNICITY", CLI_TEXT},
    {"status", "STATUS", CLI_TEXT},
    {"status_on", "SINCE", CLI_TEXT},
    {"citizen_id", "CITIZEN ID", CLI_TEXT},
    {"bhxh", "BHXH", CLI_TEXT},
};

#define N_MEMBER_COLS (sizeof member_cols / sizeof member_cols[0])

/* A member's personal data as shown: masked unless reveal. */
typedef struct shown_pd {
  char birth[16];      /* birth date or year */
  char citizen_id[32]; /* citizen ID, masked */
  char bhxh[32];       /* BHXH number, masked */
} shown_pd;

/*
** Fill *pd from m: with reveal everything in full, else the birth year
** and the last 4 digits of the numbers.  Sets the three pointers to the
** values to print (NULL when absent).
*/
static void show_personal(const povreg_member *m, int reveal, shown_pd *pd,
                          const char **birth, const char **cid,
                          const char **bhxh)
{
  if (reveal) {
    *birth = m->birth_date;
    *cid = m->citizen_id;
    *bhxh = m->bhxh_no;
    return;
  }
  *birth = NULL;
  if (m->birth_date) {
    snprintf(pd->birth, sizeof pd->birth, "%.4s", m->birth_date);
    *birth = pd->birth;
  }
  *cid = cli_mask(m->citizen_id, pd->citizen_id, sizeof pd->citizen_id);
  *bhxh = cli_mask(m->bhxh_no, pd->bhxh, sizeof pd->bhxh);
}

/* household show CODE [--reveal]: fields, then the members. */
static int cmd_household_show(cli_ctx *ctx, const cli_args *a)
{
  povreg_household *h = NULL;
  cli_list *list = NULL;
  cli_field f[15];
  char n_active[16], n_members[24];
  int reveal = cli_has(a, "reveal"), rc, oom = 0;
  size_t k;

  if (reveal && ctx->redact) {
    return cli_usage_error(ctx, "--reveal and --redact exclude each other");
  }
  rc = povreg_household_get(&h, ctx->db, a->pos[0]);
  if (rc != POVREG_OK) {
    povreg_household_free(h);
    return cli_fail(ctx, rc);
  }
  snprintf(n_active, sizeof n_active, "%d", h->n_active);
  snprintf(n_members, sizeof n_members, "%zu", h->n_members);
  f[0] = (cli_field){"code", "code", h->code, CLI_TEXT};
  f[1] = (cli_field){"commune", "commune", h->commune_code, CLI_TEXT};
  f[2] = (cli_field){"commune_name", "commune name", h->commune_name, CLI_TEXT};
  f[3] = (cli_field){"village", "village", h->village, CLI_TEXT};
  f[4] = (cli_field){"address", "address", h->address, CLI_TEXT};
  f[5] = (cli_field){"phone", "phone", h->phone, CLI_TEXT};
  f[6] = (cli_field){"notes", "notes", h->notes, CLI_TEXT};
  f[7] = (cli_field){"created_on", "created on", h->created_on, CLI_TEXT};
  f[8] = (cli_field){"split_from", "split from", h->split_from, CLI_TEXT};
  f[9] = (cli_field){"dissolved_on", "dissolved on", h->dissolved_on, CLI_TEXT};
  f[10] = (cli_field){"dissolved_reason", "dissolved because",
                      h->dissolved_reason, CLI_TEXT};
  f[11] = (cli_field){"merged_into", "merged into", h->merged_into, CLI_TEXT};
  f[12] = (cli_field){"head", "head", h->head_name, CLI_TEXT};
  f[13] = (cli_field){"active_members", "active members", n_active, CLI_INT};
  f[14] = (cli_field){"members_ever", "members ever", n_members, CLI_INT};
  cli_record(stdout, ctx->format, f, 15, 1);
  cli_record_nested(stdout, ctx->format, "members", "Members");
  list = cli_list_begin(stdout, ctx->format, member_cols, N_MEMBER_COLS, 1);
  for (k = 0; list && k < h->n_members; k++) {
    const povreg_member *m = &h->members[k];
    const char *cells[N_MEMBER_COLS];
    char no[16];
    shown_pd pd;

    snprintf(no, sizeof no, "%d", m->member_no);
    cells[0] = no;
    cells[1] = m->full_name;
    cells[2] = m->sex;
    cells[4] = m->relation;
    cells[5] = m->ethnicity_name;
    cells[6] = m->status;
    cells[7] = m->status_on;
    show_personal(m, reveal, &pd, &cells[3], &cells[8], &cells[9]);
    if (cli_list_row(list, cells) != 0) {
      oom = 1;
      break;
    }
  }
  if (list == NULL || oom) {
    cli_list_abort(list);
    povreg_household_free(h);
    cli_error("out of memory");
    return CLI_EXIT_FAIL;
  }
  cli_list_end(list);
  cli_record_close(stdout, ctx->format);
  povreg_household_free(h);
  return CLI_EXIT_OK;
}

static const cli_col household_cols[] = {
    {"code", "CODE", CLI_TEXT},
    {"commune", "COMMUNE", CLI_TEXT},
    {"village", "VILLAGE", CLI_TEXT},
    {"head", "HEAD", CLI_TEXT},
    {"active_members", "ACTIVE", CLI_INT},
    {"dissolved_on", "DISSOLVED", CLI_TEXT},
};

#define N_HOUSEHOLD_COLS (sizeof household_cols / sizeof household_cols[0])

/* povreg_household_list() callback: one row per household. */
static int household_row(const povreg_household *h, void *payload)
{
  char active[16];
  const char *cells[N_HOUSEHOLD_COLS];

  snprintf(active, sizeof active, "%d", h->n_active);
  cells[0] = h->code;
  cells[1] = h->commune_code;
  cells[2] = h->village;
  cells[3] = h->head_name;
  cells[4] = active;
  cells[5] = h->dissolved_on;
  return cli_rows_add(payload, cells);
}

/* household list [--commune C] [--village V] [--all] */
static int cmd_household_list(cli_ctx *ctx, const cli_args *a)
{
  povreg_household_filter filter;
  cli_rows st = {NULL, 0};
  int rc;

  memset(&filter, 0, sizeof filter);
  filter.commune_code = cli_get(a, "commune");
  filter.village = cli_get(a, "village");
  filter.include_dissolved = cli_has(a, "all");
  if (filter.village && !filter.commune_code) {
    return cli_usage_error(ctx, "--village needs --commune");
  }
  st.list =
      cli_list_begin(stdout, ctx->format, household_cols, N_HOUSEHOLD_COLS, 0);
  if (st.list == NULL) {
    cli_error("out of memory");
    return CLI_EXIT_FAIL;
  }
  rc = povreg_household_list(ctx->db, &filter, household_row, &st);
  return cli_list_finish(ctx, st.list, st.oom, rc);
}

/* household set-head CODE MEMBER_NO [--old-head-relation R] */
static int cmd_household_set_head(cli_ctx *ctx, const cli_args *a)
{
  int rc;

  rc = povreg_household_set_head(ctx->db, a->pos[0], cli_pos_int(a, 1),
                                 cli_get(a, "old-head-relation"));
  return rc == POVREG_OK ? CLI_EXIT_OK : cli_fail(ctx, rc);
}

/*
** Collect the member numbers of every --members value ("3,4", or the
** option repeated; checked by cli_parse()) into *nos (allocated; the
** caller frees it) and *n.  Returns 0, or -1 when memory runs out.
*/
static int member_list(const cli_args *a, int **nos, size_t *n)
{
  size_t count = 0, cap = 1;
  int *out, i;

  for (i = 0; i < a->nmulti; i++) {
    cap += strlen(a->multi[i]); /* more than the numbers in it */
  }
  if ((out = malloc(cap * sizeof *out)) == NULL) {
    return -1;
  }
  for (i = 0; i < a->nmulti; i++) {
    const char *p = a->multi[i];
    char *end;

    for (;;) {
      out[count++] = (int)strtol(p, &end, 10);
      if (*end != ',') {
        break;
      }
      p = end + 1;
    }
  }
  *nos = out;
  *n = count;
  return 0;
}

/* household split CODE --members 3,4 --head 3 [...]: print the new code */
static int cmd_household_split(cli_ctx *ctx, const cli_args *a)
{
  povreg_split_spec spec;
  int *nos = NULL;
  char *new_code = NULL;
  size_t n = 0;
  int rc;

  memset(&spec, 0, sizeof spec);
  if (member_list(a, &nos, &n) != 0) {
    cli_error("out of memory");
    rc = CLI_EXIT_FAIL;
    goto done;
  }
  spec.new_code = cli_get(a, "code");
  spec.member_nos = nos;
  spec.n_members = n;
  spec.new_head_no = (int)cli_get_long(a, "head", 0);
  spec.source_new_head_no = (int)cli_get_long(a, "source-head", 0);
  spec.date = cli_get(a, "date");
  spec.village = cli_get(a, "village");
  spec.address = cli_get(a, "address");
  rc = povreg_household_split(&new_code, ctx->db, a->pos[0], &spec);
  if (rc != POVREG_OK) {
    rc = cli_fail(ctx, rc);
    goto done;
  }
  cli_value(stdout, ctx->format, "code", new_code, CLI_TEXT);
  rc = CLI_EXIT_OK;
done:
  povreg_free(new_code);
  free(nos);
  return rc;
}

/* household dissolve CODE --date D --reason R [--into CODE] */
static int cmd_household_dissolve(cli_ctx *ctx, const cli_args *a)
{
  int rc = povreg_household_dissolve(ctx->db, a->pos[0], cli_get(a, "date"),
                                     cli_get(a, "reason"), cli_get(a, "into"));

  return rc == POVREG_OK ? CLI_EXIT_OK : cli_fail(ctx, rc);
}

static const cli_optspec household_add_opts[] = {
    {"commune", CLI_OPT_VALUE | CLI_OPT_REQUIRED, 0, 0},
    {"code", CLI_OPT_VALUE, 0, 0},
    {"village", CLI_OPT_VALUE, 0, 0},
    {"address", CLI_OPT_VALUE, 0, 0},
    {"phone", CLI_OPT_VALUE, 0, 0},
    {"notes", CLI_OPT_VALUE, 0, 0},
    {"created", CLI_OPT_VALUE, 0, 0},
    {"head-name", CLI_OPT_VALUE | CLI_OPT_REQUIRED, 0, 0},
    {"head-sex", CLI_OPT_VALUE | CLI_OPT_REQUIRED, 0, 0},
    {"head-birth", CLI_OPT_VALUE | CLI_OPT_REQUIRED, 0, 0},
    {"head-ethnicity", CLI_OPT_VALUE, 0, 0},
    {"head-citizen-id", CLI_OPT_VALUE, 0, 0},
    {"head-bhxh", CLI_OPT_VALUE, 0, 0},
    {NULL, 0, 0, 0},
};

static const char household_add_usage[] =
    "Usage: povreg household add --commune CODE [--code CODE]\n"
    "         [--village NAME] [--address TEXT] [--phone PHONE]\n"
    "         [--notes TEXT] [--created YYYY-MM-DD]\n"
    "         --head-name NAME --head-sex M|F|Nam|Nữ --head-birth DATE\n"
    "         [--head-ethnicity CODE|NAME] [--head-citizen-id ID]\n"
    "         [--head-bhxh NUMBER]\n"
    "\n"
    "Register a household together with its head and print its code.\n"
    "\n"
    "  --commune CODE        5-digit commune valid on the registration date\n"
    "  --code CODE           household code [A-Za-z0-9._-], up to 32\n"
    "                        characters (default: generated)\n"
    "  --village NAME        an existing village of the commune\n"
    "  --created DATE        registration date (default: today)\n"
    "  --head-birth DATE     YYYY-MM-DD, or YYYY when only the year is known\n"
    "  --head-ethnicity E    official code (01 = Kinh) or name (default: 01)\n"
    "  --head-citizen-id ID  12-digit citizen ID (CCCD), unique\n"
    "  --head-bhxh NUMBER    10-digit social-insurance number\n"
    "\n"
    "Example:\n"
    "  povreg household add --commune 23536 --village \"Làng Trấp\" \\\n"
    "    --head-name \"A Thoa\" --head-sex M --head-birth 1978 \\\n"
    "    --head-ethnicity \"Gia Rai\"\n";

static const cli_optspec household_edit_opts[] = {
    {"village", CLI_OPT_VALUE, 0, 0},
    {"address", CLI_OPT_VALUE, 0, 0},
    {"phone", CLI_OPT_VALUE, 0, 0},
    {"notes", CLI_OPT_VALUE, 0, 0},
    {NULL, 0, 0, 0},
};

static const char household_edit_usage[] =
    "Usage: povreg household edit CODE [--village NAME] [--address TEXT]\n"
    "                             [--phone PHONE] [--notes TEXT]\n"
    "\n"
    "Change a household's village, address, phone or notes.  An empty\n"
    "value (\"\") clears the field; a field not named is kept.\n"
    "\n"
    "Example:\n"
    "  povreg household edit H0001 --phone \"0260 3821 123\" --notes \"\"\n";

static const cli_optspec household_show_opts[] = {
    {"reveal", CLI_OPT_FLAG, 0, 0},
    {NULL, 0, 0, 0},
};

static const char household_show_usage[] =
    "Usage: povreg household show CODE [--reveal]\n"
    "\n"
    "Show a household and all its members, former ones too.  Citizen IDs\n"
    "and BHXH numbers are masked to their last 4 digits and birth dates to\n"
    "the year.\n"
    "\n"
    "  --reveal   show them in full (for authorised officers only; refused\n"
    "             with the global --redact)\n"
    "\n"
    "Example:\n"
    "  povreg household show H0001\n";

static const cli_optspec household_list_opts[] = {
    {"commune", CLI_OPT_VALUE, 0, 0},
    {"village", CLI_OPT_VALUE, 0, 0},
    {"all", CLI_OPT_FLAG, 0, 0},
    {NULL, 0, 0, 0},
};

static const char household_list_usage[] =
    "Usage: povreg household list [--commune CODE [--village NAME]] [--all]\n"
    "\n"
    "List households by code: code, commune, village, head, active members,\n"
    "dissolution date.\n"
    "\n"
    "  --commune CODE  registered in this commune\n"
    "  --village NAME  in this village of the commune\n"
    "  --all           dissolved households too\n"
    "\n"
    "Example:\n"
    "  povreg household list --commune 23536 --format csv\n";

static const cli_optspec household_set_head_opts[] = {
    {"old-head-relation", CLI_OPT_VALUE, 0, 0},
    {NULL, 0, 0, 0},
};

static const char household_set_head_usage[] =
    "Usage: povreg household set-head CODE MEMBER_NO\n"
    "                                 [--old-head-relation RELATION]\n"
    "\n"
    "Make another active member the head.  The old head becomes RELATION\n"
    "to the new one (default: other).\n"
    "\n"
    "Example:\n"
    "  povreg household set-head H0001 2 --old-head-relation spouse\n";

static const cli_optspec household_split_opts[] = {
    {"members", CLI_OPT_MULTI | CLI_OPT_INTLIST | CLI_OPT_REQUIRED, 1, INT_MAX},
    {"head", CLI_OPT_VALUE | CLI_OPT_INT | CLI_OPT_REQUIRED, 1, INT_MAX},
    {"code", CLI_OPT_VALUE, 0, 0},
    {"source-head", CLI_OPT_VALUE | CLI_OPT_INT, 1, INT_MAX},
    {"date", CLI_OPT_VALUE, 0, 0},
    {"village", CLI_OPT_VALUE, 0, 0},
    {"address", CLI_OPT_VALUE, 0, 0},
    {NULL, 0, 0, 0},
};

static const char household_split_usage[] =
    "Usage: povreg household split CODE --members N[,N...] --head N\n"
    "         [--code NEW] [--source-head N] [--date YYYY-MM-DD]\n"
    "         [--village NAME] [--address TEXT]\n"
    "\n"
    "Split members off into a new household in the same commune (a married\n"
    "child forms their own) and print the new household's code.\n"
    "\n"
    "  --members LIST   member numbers that leave (comma-separated; the\n"
    "                   option may be repeated)\n"
    "  --head N         which of them heads the new household\n"
    "  --code NEW       code of the new household (default: generated)\n"
    "  --source-head N  new head of CODE, needed if its head leaves\n"
    "  --date DATE      date of the split (default: today)\n"
    "  --village, --address  of the new household (default: the same)\n"
    "\n"
    "Example:\n"
    "  povreg household split H0001 --members 3,4 --head 3\n";

static const cli_optspec household_dissolve_opts[] = {
    {"date", CLI_OPT_VALUE | CLI_OPT_REQUIRED, 0, 0},
    {"reason", CLI_OPT_VALUE | CLI_OPT_REQUIRED, 0, 0},
    {"into", CLI_OPT_VALUE, 0, 0},
    {NULL, 0, 0, 0},
};

static const char household_dissolve_usage[] =
    "Usage: povreg household dissolve CODE --date YYYY-MM-DD --reason REASON\n"
    "                                 [--into CODE]\n"
    "\n"
    "Dissolve a household.  REASON is merged (needs --into: the active\n"
    "members move there), moved_away, died_out, duplicate or other.\n"
    "Without a merge its active members are marked moved out (died for\n"
    "died_out) on that date.  Nothing is deleted.\n"
    "\n"
    "Example:\n"
    "  povreg household dissolve H0002 --date 2026-03-01 --reason merged \\\n"
    "    --into H0001\n";

const cli_command cli_household_cmds[] = {
    {"add", cmd_household_add, household_add_opts, 0, 0, 0, CLI_OPEN_EXISTING,
     "register a household with its head", household_add_usage},
    {"edit", cmd_household_edit, household_edit_opts, 1, 1, 0,
     CLI_OPEN_EXISTING, "change village, address, phone or notes",
     household_edit_usage},
    {"show", cmd_household_show, household_show_opts, 1, 1, 0,
     CLI_OPEN_EXISTING, "show a household and its members",
     household_show_usage},
    {"list", cmd_household_list, household_list_opts, 0, 0, 0,
     CLI_OPEN_EXISTING, "list households", household_list_usage},
    {"set-head", cmd_household_set_head, household_set_head_opts, 2, 2, 0x2,
     CLI_OPEN_EXISTING, "make another member the head",
     household_set_head_usage},
    {"split", cmd_household_split, household_split_opts, 1, 1, 0,
     CLI_OPEN_EXISTING, "split members off into a new household",
     household_split_usage},
    {"dissolve", cmd_household_dissolve, household_dissolve_opts, 1, 1, 0,
     CLI_OPEN_EXISTING, "dissolve a household", household_dissolve_usage},
    {NULL, NULL, NULL, 0, 0, 0, CLI_OPEN_EXISTING, NULL, NULL},
};
