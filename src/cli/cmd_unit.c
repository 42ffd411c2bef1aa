/*
** cmd_unit.c: "povreg unit ..." (administrative units and their history)
** and "povreg village ..." (villages of a commune).
*/
#include <inttypes.h>
#include <string.h>

#include "cli.h"

/* Area of a unit as text: NULL for a province or district. */
static const char *area_text(const povreg_unit *u)
{
  if (u->area == POVREG_AREA_RURAL) {
    return "rural";
  }
  if (u->area == POVREG_AREA_URBAN) {
    return "urban";
  }
  return u->level && strcmp(u->level, "commune") == 0 ? "unknown" : NULL;
}

/* Write a unit's flags as comma-separated names into buf; NULL if none. */
static const char *flags_text(unsigned flags, char *buf, size_t n)
{
  static const struct {
    unsigned bit;
    const char *name;
  } names[] = {
      {POVREG_UNIT_ESPECIALLY_DIFFICULT, "especially_difficult"},
      {POVREG_UNIT_DIFFICULT_AREA, "difficult_area"},
      {POVREG_UNIT_ISLAND, "island"},
      {POVREG_UNIT_POOR_DISTRICT, "poor_district"},
  };
  size_t k, used = 0;

  buf[0] = '\0';
  for (k = 0; k < sizeof names / sizeof names[0]; k++) {
    if (flags & names[k].bit) {
      int w = snprintf(buf + used, n - used, "%s%s", used ? "," : "",
                       names[k].name);
      if (w < 0 || (size_t)w >= n - used) {
        break;
      }
      used += (size_t)w;
    }
  }
  return used ? buf : NULL;
}

static const cli_col unit_cols[] = {
    {"code", "CODE", CLI_TEXT},        {"level", "LEVEL", CLI_TEXT},
    {"name", "NAME", CLI_TEXT},        {"kind", "KIND", CLI_TEXT},
    {"area", "AREA", CLI_TEXT},        {"parent", "PARENT", CLI_TEXT},
    {"valid_from", "FROM", CLI_TEXT},  {"valid_to", "TO", CLI_TEXT},
    {"closed_on", "CLOSED", CLI_TEXT}, {"successor", "SUCCESSOR", CLI_TEXT},
    {"flags", "FLAGS", CLI_TEXT},
};

#define N_UNIT_COLS (sizeof unit_cols / sizeof unit_cols[0])

/* povreg_unit_list() callback: one row per unit version. */
static int unit_row(const povreg_unit *u, void *payload)
{
  cli_rows *st = payload;
  char flags[96];
  const char *cells[N_UNIT_COLS];

  cells[0] = u->code;
  cells[1] = u->level;
  cells[2] = u->name;
  cells[3] = u->kind;
  cells[4] = area_text(u);
  cells[5] = u->parent_code;
  cells[6] = u->valid_from;
  cells[7] = u->valid_to;
  cells[8] = u->closed_on;
  cells[9] = u->successor_code;
  cells[10] = flags_text(u->flags, flags, sizeof flags);
  return cli_rows_add(st, cells);
}

/* unit list [--parent CODE] [--level L] [--date D | --all] */
static int cmd_unit_list(cli_ctx *ctx, const cli_args *a)
{
  cli_rows st = {NULL, 0};
  char today[11];
  const char *date = cli_get(a, "date");
  int rc;

  if (date && cli_has(a, "all")) {
    return cli_usage_error(ctx, "give --date or --all, not both");
  }
  if (date == NULL && !cli_has(a, "all")) {
    cli_today(ctx, today);
    date = today;
  }
  st.list = cli_list_begin(stdout, ctx->format, unit_cols, N_UNIT_COLS, 0);
  if (st.list == NULL) {
    cli_error("out of memory");
    return CLI_EXIT_FAIL;
  }
  rc = povreg_unit_list(ctx->db, cli_get(a, "parent"), cli_get(a, "level"),
                        date, unit_row, &st);
  return cli_list_finish(ctx, st.list, st.oom, rc);
}

/* unit show CODE [--date D] */
static int cmd_unit_show(cli_ctx *ctx, const cli_args *a)
{
  povreg_unit *u = NULL;
  char flags[96];
  cli_field f[12];
  int rc;

  rc = povreg_unit_get(&u, ctx->db, a->pos[0], cli_get(a, "date"));
  if (rc != POVREG_OK) {
    povreg_unit_free(u);
    return cli_fail(ctx, rc);
  }
  f[0] = (cli_field){"code", "code", u->code, CLI_TEXT};
  f[1] = (cli_field){"name", "name", u->name, CLI_TEXT};
  f[2] = (cli_field){"kind", "kind", u->kind, CLI_TEXT};
  f[3] = (cli_field){"level", "level", u->level, CLI_TEXT};
  f[4] = (cli_field){"parent", "parent", u->parent_code, CLI_TEXT};
  f[5] = (cli_field){"area", "area", area_text(u), CLI_TEXT};
  f[6] = (cli_field){"valid_from", "valid from", u->valid_from, CLI_TEXT};
  f[7] = (cli_field){"valid_to", "valid to", u->valid_to, CLI_TEXT};
  f[8] = (cli_field){"closed_on", "closed on", u->closed_on, CLI_TEXT};
  f[9] = (cli_field){"successor", "successor", u->successor_code, CLI_TEXT};
  f[10] = (cli_field){"flags", "flags",
                      flags_text(u->flags, flags, sizeof flags), CLI_TEXT};
  f[11] = (cli_field){"source", "source", u->source, CLI_TEXT};
  cli_record(stdout, ctx->format, f, 12, 0);
  povreg_unit_free(u);
  return CLI_EXIT_OK;
}

/* unit add CODE --name N --kind K [--parent P] [--from D] --source S */
static int cmd_unit_add(cli_ctx *ctx, const cli_args *a)
{
  povreg_unit_spec spec;
  int rc;

  memset(&spec, 0, sizeof spec);
  spec.code = a->pos[0];
  spec.name = cli_get(a, "name");
  spec.kind = cli_get(a, "kind");
  spec.parent_code = cli_get(a, "parent");
  spec.valid_from = cli_get(a, "from");
  spec.source = cli_get(a, "source");
  if ((rc = povreg_unit_add(ctx->db, &spec)) != POVREG_OK) {
    return cli_fail(ctx, rc);
  }
  return CLI_EXIT_OK;
}

/* unit close CODE --date D [--successor CODE] --source S */
static int cmd_unit_close(cli_ctx *ctx, const cli_args *a)
{
  int rc = povreg_unit_close(ctx->db, a->pos[0], cli_get(a, "date"),
                             cli_get(a, "successor"), cli_get(a, "source"));

  return rc == POVREG_OK ? CLI_EXIT_OK : cli_fail(ctx, rc);
}

/* unit flag CODE FLAG --from D [--to D] --source S */
static int cmd_unit_flag(cli_ctx *ctx, const cli_args *a)
{
  int rc =
      povreg_unit_flag_set(ctx->db, a->pos[0], a->pos[1], cli_get(a, "from"),
                           cli_get(a, "to"), cli_get(a, "source"));

  return rc == POVREG_OK ? CLI_EXIT_OK : cli_fail(ctx, rc);
}

/* unit resolve CODE [--date D] */
static int cmd_unit_resolve(cli_ctx *ctx, const cli_args *a)
{
  char out[6], today[11];
  const char *date = cli_get(a, "date");
  int rc;

  if (date == NULL) {
    cli_today(ctx, today);
    date = today;
  }
  if ((rc = povreg_unit_resolve(out, ctx->db, a->pos[0], date)) != 0) {
    return cli_fail(ctx, rc);
  }
  cli_value(stdout, ctx->format, "code", out, CLI_TEXT);
  return CLI_EXIT_OK;
}

static const cli_optspec unit_list_opts[] = {
    {"parent", CLI_OPT_VALUE, 0, 0},
    {"level", CLI_OPT_VALUE, 0, 0},
    {"date", CLI_OPT_VALUE, 0, 0},
    {"all", CLI_OPT_FLAG, 0, 0},
    {NULL, 0, 0, 0},
};

static const char unit_list_usage[] =
    "Usage: povreg unit list [--parent CODE] [--level LEVEL]\n"
    "                        [--date YYYY-MM-DD | --all]\n"
    "\n"
    "List the administrative units valid on a date (default: today), by\n"
    "code: code, level, name, kind, area (urban/rural, for communes), parent,\n"
    "validity of the version, closing date, successor, flags on the date.\n"
    "\n"
    "  --parent CODE   only the units directly under this one\n"
    "  --level LEVEL   province, district or commune\n"
    "  --date DATE     the date to look at (default: today)\n"
    "  --all           every version ever recorded, whatever the date\n"
    "\n"
    "Example:\n"
    "  povreg unit list --parent 616 --date 2020-01-01\n";

static const cli_optspec unit_show_opts[] = {
    {"date", CLI_OPT_VALUE, 0, 0},
    {NULL, 0, 0, 0},
};

static const char unit_show_usage[] =
    "Usage: povreg unit show CODE [--date YYYY-MM-DD]\n"
    "\n"
    "Show one unit as it was on a date (default: its latest version): name,\n"
    "kind, level, parent, area, validity, closing date and successor, flags,\n"
    "legal source.\n"
    "\n"
    "Example:\n"
    "  povreg unit show 23527 --date 2020-01-01\n";

static const cli_optspec unit_add_opts[] = {
    {"name", CLI_OPT_VALUE | CLI_OPT_REQUIRED, 0, 0},
    {"kind", CLI_OPT_VALUE | CLI_OPT_REQUIRED, 0, 0},
    {"parent", CLI_OPT_VALUE, 0, 0},
    {"from", CLI_OPT_VALUE, 0, 0},
    {"source", CLI_OPT_VALUE | CLI_OPT_REQUIRED, 0, 0},
    {NULL, 0, 0, 0},
};

static const char unit_add_usage[] =
    "Usage: povreg unit add CODE --name NAME --kind KIND [--parent CODE]\n"
    "                       [--from YYYY-MM-DD] --source ACT\n"
    "\n"
    "Add a unit, or a new version of an existing one starting on --from\n"
    "(its open version then ends that day).\n"
    "\n"
    "  --name NAME     official name, e.g. \"Xã Mô Rai\"\n"
    "  --kind KIND     province, city, district, urban_district, town,\n"
    "                  provincial_city, commune, ward, township, special_zone\n"
    "  --parent CODE   the unit above (none for a province)\n"
    "  --from DATE     first day of this version (default: since before\n"
    "                  records)\n"
    "  --source ACT    the legal act it comes from (required)\n"
    "\n"
    "Example:\n"
    "  povreg unit add 23527 --name \"Xã Sa Thầy\" --kind commune --parent 51 "
    "\\\n"
    "    --from 2025-07-01 --source \"NQ 1677/NQ-UBTVQH15\"\n";

static const cli_optspec unit_close_opts[] = {
    {"date", CLI_OPT_VALUE | CLI_OPT_REQUIRED, 0, 0},
    {"successor", CLI_OPT_VALUE, 0, 0},
    {"source", CLI_OPT_VALUE | CLI_OPT_REQUIRED, 0, 0},
    {NULL, 0, 0, 0},
};

static const char unit_close_usage[] =
    "Usage: povreg unit close CODE --date YYYY-MM-DD [--successor CODE]\n"
    "                         --source ACT\n"
    "\n"
    "Close a unit's code from a date (merger or abolition); --successor\n"
    "names the unit that takes it over.\n"
    "\n"
    "Example:\n"
    "  povreg unit close 23545 --date 2025-07-01 --successor 23534 \\\n"
    "    --source \"NQ 1677/NQ-UBTVQH15\"\n";

static const cli_optspec unit_flag_opts[] = {
    {"from", CLI_OPT_VALUE | CLI_OPT_REQUIRED, 0, 0},
    {"to", CLI_OPT_VALUE, 0, 0},
    {"source", CLI_OPT_VALUE | CLI_OPT_REQUIRED, 0, 0},
    {NULL, 0, 0, 0},
};

static const char unit_flag_usage[] =
    "Usage: povreg unit flag CODE FLAG --from YYYY-MM-DD [--to YYYY-MM-DD]\n"
    "                        --source DECISION\n"
    "\n"
    "Record a flag of a unit for [--from, --to) (--to excluded; open-ended\n"
    "without it).  FLAG is especially_difficult, difficult_area, island or\n"
    "poor_district.\n"
    "\n"
    "Example:\n"
    "  povreg unit flag 23536 especially_difficult --from 2021-01-01 \\\n"
    "    --to 2026-01-01 --source \"QĐ 861/QĐ-TTg\"\n";

static const char unit_resolve_usage[] =
    "Usage: povreg unit resolve CODE [--date YYYY-MM-DD]\n"
    "\n"
    "Print the code that stands for unit CODE on a date (default: today),\n"
    "following successors of closed codes; CODE itself if still valid.\n"
    "\n"
    "Example:\n"
    "  povreg unit resolve 23545 --date 2026-01-01      (prints 23534)\n";

const cli_command cli_unit_cmds[] = {
    {"list", cmd_unit_list, unit_list_opts, 0, 0, 0, CLI_OPEN_EXISTING,
     "list units valid on a date", unit_list_usage},
    {"show", cmd_unit_show, unit_show_opts, 1, 1, 0, CLI_OPEN_EXISTING,
     "show one unit", unit_show_usage},
    {"add", cmd_unit_add, unit_add_opts, 1, 1, 0, CLI_OPEN_EXISTING,
     "add a unit or a new version of one", unit_add_usage},
    {"close", cmd_unit_close, unit_close_opts, 1, 1, 0, CLI_OPEN_EXISTING,
     "close a unit's code (merger, abolition)", unit_close_usage},
    {"flag", cmd_unit_flag, unit_flag_opts, 2, 2, 0, CLI_OPEN_EXISTING,
     "record a flag of a unit for a period", unit_flag_usage},
    {"resolve", cmd_unit_resolve, unit_show_opts, 1, 1, 0, CLI_OPEN_EXISTING,
     "the code standing for a unit on a date", unit_resolve_usage},
    {NULL, NULL, NULL, 0, 0, 0, CLI_OPEN_EXISTING, NULL, NULL},
};

/* ---- villages ---- */

static const cli_col village_cols[] = {
    {"id", "ID", CLI_INT},
    {"commune", "COMMUNE", CLI_TEXT},
    {"name", "NAME", CLI_TEXT},
    {"kind", "KIND", CLI_TEXT},
};

/* povreg_village_list() callback: one row per village. */
static int village_row(const povreg_village *v, void *payload)
{
  cli_rows *st = payload;
  char id[24];
  const char *cells[4];

  snprintf(id, sizeof id, "%" PRId64, v->id);
  cells[0] = id;
  cells[1] = v->commune_code;
  cells[2] = v->name;
  cells[3] = v->kind;
  return cli_rows_add(st, cells);
}

/* village add --commune C --name N [--kind K]: prints the new id */
static int cmd_village_add(cli_ctx *ctx, const cli_args *a)
{
  int64_t id = 0;
  char buf[24];
  int rc;

  rc = povreg_village_add(&id, ctx->db, cli_get(a, "commune"),
                          cli_get(a, "name"), cli_get(a, "kind"));
  if (rc != POVREG_OK) {
    return cli_fail(ctx, rc);
  }
  snprintf(buf, sizeof buf, "%" PRId64, id);
  cli_value(stdout, ctx->format, "id", buf, CLI_INT);
  return CLI_EXIT_OK;
}

/* village list [--commune C] */
static int cmd_village_list(cli_ctx *ctx, const cli_args *a)
{
  cli_rows st = {NULL, 0};
  int rc;

  st.list = cli_list_begin(stdout, ctx->format, village_cols, 4, 0);
  if (st.list == NULL) {
    cli_error("out of memory");
    return CLI_EXIT_FAIL;
  }
  rc = povreg_village_list(ctx->db, cli_get(a, "commune"), village_row, &st);
  return cli_list_finish(ctx, st.list, st.oom, rc);
}

static const cli_optspec village_add_opts[] = {
    {"commune", CLI_OPT_VALUE | CLI_OPT_REQUIRED, 0, 0},
    {"name", CLI_OPT_VALUE | CLI_OPT_REQUIRED, 0, 0},
    {"kind", CLI_OPT_VALUE, 0, 0},
    {NULL, 0, 0, 0},
};

static const char village_add_usage[] =
    "Usage: povreg village add --commune CODE --name NAME [--kind KIND]\n"
    "\n"
    "Add a village to a commune and print its id.  KIND is thon (default),\n"
    "lang, ban, buon, ap, to_dan_pho or other.\n"
    "\n"
    "Example:\n"
    "  povreg village add --commune 23536 --name \"Làng Trấp\" --kind lang\n";

static const cli_optspec village_list_opts[] = {
    {"commune", CLI_OPT_VALUE, 0, 0},
    {NULL, 0, 0, 0},
};

static const char village_list_usage[] =
    "Usage: povreg village list [--commune CODE]\n"
    "\n"
    "List the villages of a commune (or of every commune), by name.\n"
    "\n"
    "Example:\n"
    "  povreg village list --commune 23536\n";

const cli_command cli_village_cmds[] = {
    {"add", cmd_village_add, village_add_opts, 0, 0, 0, CLI_OPEN_EXISTING,
     "add a village to a commune", village_add_usage},
    {"list", cmd_village_list, village_list_opts, 0, 0, 0, CLI_OPEN_EXISTING,
     "list villages", village_list_usage},
    {NULL, NULL, NULL, 0, 0, 0, CLI_OPEN_EXISTING, NULL, NULL},
};
