/*
** cmd_survey.c: "povreg survey record": a household's survey for a
** review year (income or score A, the enumerator's ticks, and the facts
** the indicators are derived from).
*/
#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

/* Index of option name in a's option table, or -1. */
static int opt_index(const cli_args *a, const char *name)
{
  int k;

  for (k = 0; a->spec && a->spec[k].name; k++) {
    if (strcmp(a->spec[k].name, name) == 0) {
      return k;
    }
  }
  return -1;
}

/* What the repeated options turn into (arrays allocated, text copied). */
typedef struct survey_items {
  povreg_tick *ticks; /* --tick */
  size_t n_ticks;
  povreg_fact *facts; /* --fact and --member-fact */
  size_t n_facts;
  char **text; /* copies the keys and values point into */
  size_t n_text;
} survey_items;

/* Free what parse_items allocated.  NULL-safe members. */
static void items_free(survey_items *it)
{
  size_t i;

  for (i = 0; i < it->n_text; i++) {
    free(it->text[i]);
  }
  free(it->text);
  free(it->ticks);
  free(it->facts);
  memset(it, 0, sizeof *it);
}

/*
** Split a copy of "KEY=VALUE" at the first '=' into *key and *value
** (both point into the copy, kept in it->text).  Returns 0, -1 when there
** is no '=' or the key is empty, or -2 when memory ran out.
*/
static int split_pair(survey_items *it, const char *arg, char **key,
                      char **value)
{
  size_t len = strlen(arg);
  char *copy, *eq;

  if ((copy = malloc(len + 1)) == NULL) {
    return -2;
  }
  memcpy(copy, arg, len + 1);
  it->text[it->n_text++] = copy;
  eq = strchr(copy, '=');
  if (eq == NULL || eq == copy) {
    return -1;
  }
  *eq = '\0';
  *key = copy;
  *value = eq + 1;
  return 0;
}

/*
** Turn the --tick, --fact and --member-fact values into it (see the
** usage text for their forms).  Returns CLI_CONTINUE, or an exit status
** after printing the problem.
*/
static int parse_items(const cli_ctx *ctx, const cli_args *a, survey_items *it)
{
  int k_tick = opt_index(a, "tick"), k_fact = opt_index(a, "fact");
  int k_mfact = opt_index(a, "member-fact"), i, r;
  size_t n = (size_t)a->nmulti + 1;

  memset(it, 0, sizeof *it);
  it->ticks = calloc(n, sizeof *it->ticks);
  it->facts = calloc(n, sizeof *it->facts);
  it->text = calloc(n, sizeof *it->text);
  if (it->ticks == NULL || it->facts == NULL || it->text == NULL) {
    cli_error("out of memory");
    return CLI_EXIT_FAIL;
  }
  for (i = 0; i < a->nmulti; i++) {
    const char *arg = a->multi[i];
    char *key = NULL, *value = NULL;

    if (a->multi_opt[i] == k_tick) {
      r = split_pair(it, arg, &key, &value);
      if (r == 0 && strcmp(value, "0") != 0 && strcmp(value, "1") != 0) {
        r = -1;
      }
      if (r == -1) {
        return cli_usage_error(ctx,
                               "--tick: expected KEY=1 (deprived) or "
                               "KEY=0, not '%.40s'",
                               arg);
      }
      if (r == 0) {
        it->ticks[it->n_ticks].key = key;
        it->ticks[it->n_ticks++].deprived = value[0] == '1';
      }
    } else if (a->multi_opt[i] == k_fact) {
      r = split_pair(it, arg, &key, &value);
      if (r == -1) {
        return cli_usage_error(ctx, "--fact: expected KEY=VALUE, not '%.40s'",
                               arg);
      }
      if (r == 0) {
        it->facts[it->n_facts].member_no = 0;
        it->facts[it->n_facts].key = key;
        it->facts[it->n_facts++].value = value;
      }
    } else if (a->multi_opt[i] == k_mfact) {
      const char *colon = strchr(arg, ':');
      long no = 0;
      char *end = NULL;

      r = -1;
      if (colon != NULL && colon > arg && arg[0] >= '0' && arg[0] <= '9') {
        no = strtol(arg, &end, 10);
        if (end == colon && no >= 1 && no <= INT_MAX) {
          r = split_pair(it, colon + 1, &key, &value);
        }
      }
      if (r == -1) {
        return cli_usage_error(ctx,
                               "--member-fact: expected NO:KEY=VALUE with "
                               "a member number NO, not '%.40s'",
                               arg);
      }
      if (r == 0) {
        it->facts[it->n_facts].member_no = (int)no;
        it->facts[it->n_facts].key = key;
        it->facts[it->n_facts++].value = value;
      }
    } else {
      continue;
    }
    if (r == -2) {
      cli_error("out of memory");
      return CLI_EXIT_FAIL;
    }
  }
  return CLI_CONTINUE;
}

/* survey record HOUSEHOLD --year Y --reference-date D ... */
static int cmd_survey_record(cli_ctx *ctx, const cli_args *a)
{
  povreg_survey_spec spec;
  survey_items it;
  int status, rc;

  memset(&spec, 0, sizeof spec);
  memset(&it, 0, sizeof it);
  if ((status = cli_get_amount(ctx, a, "income", &spec.income,
                               &spec.has_income)) != CLI_CONTINUE ||
      (status = cli_get_amount(ctx, a, "score-a", &spec.score_a,
                               &spec.has_score_a)) != CLI_CONTINUE) {
    return status;
  }
  if (!spec.has_income && !spec.has_score_a) {
    return cli_usage_error(ctx, "give --income N or --score-a N (or both)");
  }
  if ((status = parse_items(ctx, a, &it)) != CLI_CONTINUE) {
    items_free(&it);
    return status;
  }
  /* opened only now, so a malformed option is a usage error even when
     the ledger is missing */
  if ((status = cli_open_flags(ctx, 0)) != CLI_EXIT_OK) {
    items_free(&it);
    return status;
  }
  spec.review_year = (int)cli_get_long(a, "year", 0);
  spec.reference_date = cli_get(a, "reference-date");
  spec.surveyed_on = cli_get(a, "surveyed-on");
  spec.enumerator = cli_get(a, "enumerator");
  spec.ticks = it.ticks;
  spec.n_ticks = it.n_ticks;
  spec.facts = it.facts;
  spec.n_facts = it.n_facts;
  rc = povreg_survey_record(ctx->db, a->pos[0], &spec);
  items_free(&it);
  return rc == POVREG_OK ? CLI_EXIT_OK : cli_fail(ctx, rc);
}

static const cli_optspec survey_record_opts[] = {
    {"year", CLI_OPT_VALUE | CLI_OPT_INT | CLI_OPT_REQUIRED, 1, INT_MAX},
    {"reference-date", CLI_OPT_VALUE | CLI_OPT_REQUIRED, 0, 0},
    {"income", CLI_OPT_VALUE, 0, 0},
    {"score-a", CLI_OPT_VALUE, 0, 0},
    {"surveyed-on", CLI_OPT_VALUE, 0, 0},
    {"enumerator", CLI_OPT_VALUE, 0, 0},
    {"tick", CLI_OPT_MULTI, 0, 0},
    {"fact", CLI_OPT_MULTI, 0, 0},
    {"member-fact", CLI_OPT_MULTI, 0, 0},
    {NULL, 0, 0, 0},
};

static const char survey_record_usage[] =
    "Usage: povreg survey record HOUSEHOLD --year REVIEW_YEAR\n"
    "         --reference-date YYYY-MM-DD (--income N | --score-a N)\n"
    "         [--surveyed-on YYYY-MM-DD] [--enumerator NAME]\n"
    "         [--tick KEY=0|1]... [--fact KEY=VALUE]...\n"
    "         [--member-fact NO:KEY=VALUE]...\n"
    "\n"
    "Record a household's survey for the review held in REVIEW_YEAR (it\n"
    "sets the status of REVIEW_YEAR+1), or replace that year's survey.\n"
    "Prints nothing; the change is audited.\n"
    "\n"
    "  --year Y            the year the review is held\n"
    "  --reference-date D  the date ages and membership are taken at\n"
    "  --income N          income, VND per person per month (digits only)\n"
    "  --score-a N         income proxy score A (TT 07/2021 form)\n"
    "  --surveyed-on D     when the enumerator visited\n"
    "  --enumerator NAME   who surveyed (rà soát viên)\n"
    "  --tick KEY=1|0      the enumerator's answer for an indicator of the\n"
    "                      standard governing Y+1 (1: deprived); such an\n"
    "                      indicator is not derived from facts\n"
    "  --fact KEY=VALUE    a fact about the household: living_area_m2,\n"
    "                      nondurable_parts, water_source, latrine,\n"
    "                      uses_internet, has_tv, waste_handling, ...\n"
    "  --member-fact NO:KEY=VALUE\n"
    "                      a fact about member NO: has_health_insurance,\n"
    "                      in_school, education_grade, has_vocational,\n"
    "                      disabled (booleans are 1 or 0)\n"
    "\n"
    "--tick, --fact and --member-fact may be repeated.  The fact keys are\n"
    "listed in docs/standards.md.\n"
    "\n"
    "Example:\n"
    "  povreg survey record H7 --year 2025 --reference-date 2025-10-01 \\\n"
    "    --income 1400000 --fact living_area_m2=30 --fact "
    "water_source=piped \\\n"
    "    --member-fact 1:has_health_insurance=1 --tick employment=1\n";

const cli_command cli_survey_cmds[] = {
    {"record", cmd_survey_record, survey_record_opts, 1, 1, 0, CLI_OPEN_SELF,
     "record a household's survey for a review year", survey_record_usage},
    {NULL, NULL, NULL, 0, 0, 0, CLI_OPEN_EXISTING, NULL, NULL},
};
