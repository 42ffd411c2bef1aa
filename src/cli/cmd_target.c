/*
** cmd_target.c: "povreg target set" and "povreg target list": the
** targets of poverty-reduction plans, per unit, status year and class,
** as a count of households, a rate, or a yearly fall of the rate.
** "povreg report targets" sets them against the results.
*/
#include <limits.h>
#include <string.h>

#include "cli.h"
#include "numfmt.h"

/* --class as the library's key: near-poor is near_poor; others as is. */
static const char *class_key(const char *s)
{
  return strcmp(s, "near-poor") == 0 ? "near_poor" : s;
}

/* target set --unit CODE --year Y --class C (--count|--rate|--reduction) */
static int cmd_target_set(cli_ctx *ctx, const cli_args *a)
{
  static const char *const measures[3] = {"count", "rate", "reduction"};
  povreg_target_spec t;
  const char *given = NULL;
  long value = 0;
  int k, n = 0, rc;

  memset(&t, 0, sizeof t);
  for (k = 0; k < 3; k++) {
    if (cli_has(a, measures[k])) {
      given = measures[k];
      n++;
    }
  }
  if (n != 1) {
    return cli_usage_error(ctx, "give one of --count, --rate or --reduction");
  }
  if (strcmp(given, "count") == 0) {
    value = cli_get_long(a, "count", 0);
  } else if (numfmt_parse_fixed2(cli_get(a, given), 10000, &value) != 0) {
    return cli_usage_error(ctx,
                           "--%s: '%.40s' is not a percentage from 0 to 100 "
                           "with at most 2 decimals (e.g. 10.34)",
                           given, cli_get(a, given));
  }
  t.unit_code = cli_get(a, "unit");
  t.year = (int)cli_get_long(a, "year", 0);
  t.class_key = class_key(cli_get(a, "class"));
  t.measure = given;
  t.value = value;
  t.source = cli_get(a, "source");
  if ((rc = cli_open(ctx, 0)) != CLI_EXIT_OK) {
    return rc;
  }
  rc = povreg_target_set(ctx->db, &t);
  return rc == POVREG_OK ? CLI_EXIT_OK : cli_fail(ctx, rc);
}

/* target list [--unit CODE] [--year Y] [--class C] [--locale vi] */
static int cmd_target_list(cli_ctx *ctx, const cli_args *a)
{
  cli_report_opts o;
  int rc = cli_report_opts_parse(ctx, a, &o);

  if (rc != CLI_CONTINUE) {
    return rc;
  }
  if ((rc = cli_open(ctx, 0)) != CLI_EXIT_OK) {
    return rc;
  }
  return cli_report(ctx, "target-list", &o, ctx->format, NULL);
}

static const cli_optspec target_set_opts[] = {
    {"unit", CLI_OPT_VALUE | CLI_OPT_REQUIRED, 0, 0},
    {"year", CLI_OPT_VALUE | CLI_OPT_INT | CLI_OPT_REQUIRED, 1900, 2100},
    {"class", CLI_OPT_VALUE | CLI_OPT_REQUIRED, 0, 0},
    {"count", CLI_OPT_VALUE | CLI_OPT_INT, 0, LONG_MAX},
    {"rate", CLI_OPT_VALUE, 0, 0},
    {"reduction", CLI_OPT_VALUE, 0, 0},
    {"source", CLI_OPT_VALUE | CLI_OPT_REQUIRED, 0, 0},
    {NULL, 0, 0, 0},
};

static const char target_set_usage[] =
    "Usage: povreg target set --unit CODE --year Y --class poor|near-poor\n"
    "         (--count N | --rate PCT | --reduction POINTS) --source TEXT\n"
    "\n"
    "Record a plan's target for a unit and a status year (audited).  A\n"
    "target of the same unit, year, class and measure is replaced.  The\n"
    "status year is the start of Y, i.e. the end of Y-1: a target \"at\n"
    "the end of 2020\" is --year 2021.\n"
    "\n"
    "  --unit CODE       the province, district or commune\n"
    "  --year Y          the status year\n"
    "  --class C         poor or near-poor\n"
    "  --count N         at most N households of the class\n"
    "  --rate PCT        at most PCT percent of the households (10.34)\n"
    "  --reduction POINTS  the rate falls by POINTS percentage points\n"
    "                    against the year before (6 for \"-6 points a year\")\n"
    "  --source TEXT     the plan or resolution that sets it\n"
    "\n"
    "Example:\n"
    "  povreg target set --unit 616 --year 2021 --class poor --count 1360 \\\n"
    "    --source \"Kế hoạch giảm nghèo 2016-2020, huyện Sa Thầy\"\n";

static const cli_optspec target_list_opts[] = {
    {"unit", CLI_OPT_VALUE, 0, 0},
    {"year", CLI_OPT_VALUE | CLI_OPT_INT, 1900, 2100},
    {"class", CLI_OPT_VALUE, 0, 0},
    {"locale", CLI_OPT_VALUE, 0, 0},
    {NULL, 0, 0, 0},
};

static const char target_list_usage[] =
    "Usage: povreg target list [--unit CODE] [--year Y]\n"
    "         [--class poor|near-poor] [--locale vi]\n"
    "\n"
    "The targets recorded for the unit and the units under it (default:\n"
    "all), every year or year Y: unit, name, year, class, measure\n"
    "(households, rate or yearly fall), target, source.  'povreg report\n"
    "targets' sets them against the results.\n"
    "\n"
    "Example:\n"
    "  povreg target list --unit 616\n";

const cli_command cli_target_cmds[] = {
    {"set", cmd_target_set, target_set_opts, 0, 0, 0, CLI_OPEN_SELF,
     "record a plan target (count, rate or yearly fall)", target_set_usage},
    {"list", cmd_target_list, target_list_opts, 0, 0, 0, CLI_OPEN_SELF,
     "the targets recorded", target_list_usage},
    {NULL, NULL, NULL, 0, 0, 0, CLI_OPEN_EXISTING, NULL, NULL},
};
