/*
** cmd_search.c: "povreg search QUERY...": find members by household
** code, citizen ID or name.  Hits never show a citizen ID or a full
** birth date (the library does not hand them out).
*/
#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

static const cli_col hit_cols[] = {
    {"household", "HOUSEHOLD", CLI_TEXT}, {"member_no", "NO", CLI_INT},
    {"name", "NAME", CLI_TEXT},           {"birth_year", "BORN", CLI_INT},
    {"relation", "RELATION", CLI_TEXT},   {"status", "STATUS", CLI_TEXT},
    {"commune", "COMMUNE", CLI_TEXT},     {"village", "VILLAGE", CLI_TEXT},
    {"matched", "MATCHED BY", CLI_TEXT},
};

#define N_HIT_COLS (sizeof hit_cols / sizeof hit_cols[0])

/* povreg_search() callback: one row per hit. */
static int hit_row(const povreg_search_hit *hit, void *payload)
{
  char no[16], year[16];
  const char *cells[N_HIT_COLS];

  snprintf(no, sizeof no, "%d", hit->member_no);
  snprintf(year, sizeof year, "%d", hit->birth_year);
  cells[0] = hit->household_code;
  cells[1] = no;
  cells[2] = hit->full_name;
  cells[3] = hit->birth_year > 0 ? year : NULL;
  cells[4] = hit->relation;
  cells[5] = hit->status;
  cells[6] = hit->commune_code;
  cells[7] = hit->village;
  cells[8] = hit->matched;
  return cli_rows_add(payload, cells);
}

/*
** Join the positional words with single spaces.  Allocates (free with
** free()); NULL when memory runs out.
*/
static char *join_words(const cli_args *a)
{
  size_t len = 1, used = 0;
  char *q;
  int i;

  for (i = 0; i < a->npos; i++) {
    len += strlen(a->pos[i]) + 1;
  }
  if ((q = malloc(len)) == NULL) {
    return NULL;
  }
  q[0] = '\0';
  for (i = 0; i < a->npos; i++) {
    size_t n = strlen(a->pos[i]);

    if (i > 0) {
      q[used++] = ' ';
    }
    memcpy(q + used, a->pos[i], n);
    used += n;
    q[used] = '\0';
  }
  return q;
}

/* search QUERY... [--by KIND] [--limit N] */
static int cmd_search(cli_ctx *ctx, const cli_args *a)
{
  static const struct {
    const char *name;
    povreg_search_kind kind;
  } kinds[] = {
      {"auto", POVREG_SEARCH_AUTO},
      {"code", POVREG_SEARCH_CODE},
      {"citizen-id", POVREG_SEARCH_CITIZEN_ID},
      {"name", POVREG_SEARCH_NAME},
  };
  povreg_search_kind kind = POVREG_SEARCH_AUTO;
  const char *by = cli_get(a, "by");
  cli_rows st = {NULL, 0};
  char *query = NULL;
  long limit = cli_get_long(a, "limit", 0);
  int rc;
  size_t k;

  if (by) {
    for (k = 0; k < sizeof kinds / sizeof kinds[0]; k++) {
      if (strcmp(by, kinds[k].name) == 0) {
        kind = kinds[k].kind;
        break;
      }
    }
    if (k == sizeof kinds / sizeof kinds[0]) {
      return cli_usage_error(ctx, "--by: expected auto, code, citizen-id "
                                  "or name");
    }
  }
  if ((query = join_words(a)) == NULL) {
    cli_error("out of memory");
    return CLI_EXIT_FAIL;
  }
  st.list = cli_list_begin(stdout, ctx->format, hit_cols, N_HIT_COLS, 0);
  if (st.list == NULL) {
    free(query);
    cli_error("out of memory");
    return CLI_EXIT_FAIL;
  }
  rc = povreg_search(ctx->db, query, kind, (int)limit, hit_row, &st);
  free(query);
  return cli_list_finish(ctx, st.list, st.oom, rc);
}

static const cli_optspec search_opts[] = {
    {"by", CLI_OPT_VALUE, 0, 0},
    {"limit", CLI_OPT_VALUE | CLI_OPT_INT, 0, INT_MAX},
    {NULL, 0, 0, 0},
};

static const char search_usage[] =
    "Usage: povreg search QUERY... [--by auto|code|citizen-id|name]\n"
    "                     [--limit N]\n"
    "\n"
    "Find household members.  Several words are joined with spaces.  By\n"
    "default (auto) a 12-digit query is a citizen ID, a known household\n"
    "code finds that household's head, and anything else is a name: case\n"
    "and Vietnamese diacritics are ignored and every word of the query must\n"
    "start a word of the name, in any order (\"nguyen duc\" finds\n"
    "\"Nguyễn Văn Đức\").  Shows household, member number, name, birth year,\n"
    "relation, status, commune, village and what matched; never a citizen\n"
    "ID or a full birth date.\n"
    "\n"
    "  --by KIND   match only as a household code, citizen ID or name\n"
    "  --limit N   at most N hits (default and 0: 100)\n"
    "\n"
    "Example:\n"
    "  povreg search nguyen van duc\n";

const cli_command cli_search_cmds[] = {
    {NULL, cmd_search, search_opts, 1, -1, 0, CLI_OPEN_EXISTING,
     "find members by name, citizen ID or household code", search_usage},
    {NULL, NULL, NULL, 0, 0, 0, CLI_OPEN_EXISTING, NULL, NULL},
};
