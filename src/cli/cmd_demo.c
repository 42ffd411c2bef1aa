/*
** cmd_demo.c: "povreg demo [DIR]": build the Sa Thầy demonstration
** ledger (DIR/povreg-demo.db unless --db is given) through the library,
** then say what it holds and which commands to try on it.
*/
#include <errno.h>
#include <inttypes.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/types.h>

#include "cli.h"

/* The district the demo fills, and the date its communes are listed on. */
#define DEMO_DISTRICT "616"
#define DEMO_DATE "2016-01-01"
/* Largest --seed: an unsigned int that fits a long. */
#define DEMO_SEED_MAX ((long)(UINT_MAX > LONG_MAX ? LONG_MAX : UINT_MAX))

/* A commune of the demo district, copied out of the listing. */
typedef struct demo_commune {
  char code[6];     /* 5-digit code */
  char *name;       /* name on DEMO_DATE (allocated) */
  const char *area; /* "rural" / "urban" / "unknown" (static) */
} demo_commune;

/* The communes collected by commune_cb(). */
typedef struct demo_communes {
  demo_commune *items; /* allocated */
  size_t n, cap;
  int oom;
} demo_communes;

/* povreg_unit_list() callback: copy one commune. */
static int commune_cb(const povreg_unit *u, void *payload)
{
  demo_communes *cs = payload;
  demo_commune *c;

  if (cs->n == cs->cap) {
    size_t cap = cs->cap ? cs->cap * 2 : 16;
    demo_commune *grown = realloc(cs->items, cap * sizeof *grown);

    if (grown == NULL) {
      cs->oom = 1;
      return 1;
    }
    cs->items = grown;
    cs->cap = cap;
  }
  c = &cs->items[cs->n];
  snprintf(c->code, sizeof c->code, "%s", u->code);
  c->area = u->area == POVREG_AREA_RURAL   ? "rural"
            : u->area == POVREG_AREA_URBAN ? "urban"
                                           : "unknown";
  if ((c->name = malloc(strlen(u->name) + 1)) == NULL) {
    cs->oom = 1;
    return 1;
  }
  memcpy(c->name, u->name, strlen(u->name) + 1);
  cs->n++;
  return 0;
}

/* The first household listed, for the hints. */
typedef struct first_household {
  char code[40]; /* its code */
  char *head;    /* folded head name (allocated by the library) */
} first_household;

/* povreg_household_list() callback: keep the first household, stop. */
static int first_cb(const povreg_household *h, void *payload)
{
  first_household *fh = payload;

  snprintf(fh->code, sizeof fh->code, "%s", h->code);
  fh->head = h->head_name ? povreg_fold(h->head_name) : NULL;
  return 1;
}

/*
** Create directory dir and its missing parents ("mkdir -p").  Returns 0,
** or -1 with errno set.
*/
static int make_dirs(const char *dir)
{
  char path[4096];
  struct stat st;
  size_t k, len = strlen(dir);

  if (len == 0 || len >= sizeof path) {
    errno = ENAMETOOLONG;
    return -1;
  }
  memcpy(path, dir, len + 1);
  for (k = 1; k <= len; k++) {
    if (path[k] == '/' || path[k] == '\0') {
      char saved = path[k];

      path[k] = '\0';
      if (mkdir(path, 0777) != 0 && errno != EEXIST) {
        return -1;
      }
      path[k] = saved;
    }
  }
  if (stat(dir, &st) != 0) {
    return -1;
  }
  if (!S_ISDIR(st.st_mode)) {
    errno = ENOTDIR;
    return -1;
  }
  return 0;
}

/*
** Write s for a shell command line: as is when it holds only safe
** characters, else in single quotes.
*/
static void put_shell_word(const char *s)
{
  const char *p;

  if (s[0] != '\0' &&
      strspn(s, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
                "0123456789_-./=:,+@") == strlen(s)) {
    fputs(s, stdout);
    return;
  }
  putchar('\'');
  for (p = s; *p; p++) {
    if (*p == '\'') {
      fputs("'\\''", stdout);
    } else {
      putchar(*p);
    }
  }
  putchar('\'');
}

/* Print "  povreg --db PATH " at the start of a hint line. */
static void hint_prefix(const char *path)
{
  fputs("  povreg --db ", stdout);
  put_shell_word(path);
  putchar(' ');
}

static const cli_col demo_cols[] = {
    {"commune", "COMMUNE", CLI_TEXT},
    {"name", "NAME (2016)", CLI_TEXT},
    {"area", "AREA", CLI_TEXT},
    {"villages", "VILLAGES", CLI_INT},
    {"households", "HOUSEHOLDS", CLI_INT},
    {"members", "MEMBERS", CLI_INT},
};

/* Status years set by the demo's reviews (see povreg_demo_build). */
#define DEMO_FIRST_STATUS_YEAR 2016
#define DEMO_LAST_STATUS_YEAR 2018

#define N_DEMO_COLS (sizeof demo_cols / sizeof demo_cols[0])

/* Add a summary row of counts. */
static int counts_row(cli_list *l, const char *code, const char *name,
                      const char *area, const povreg_counts *c)
{
  char v[24], h[24], m[24];
  const char *cells[N_DEMO_COLS];

  snprintf(v, sizeof v, "%" PRId64, c->villages);
  snprintf(h, sizeof h, "%" PRId64, c->households);
  snprintf(m, sizeof m, "%" PRId64, c->members);
  cells[0] = code;
  cells[1] = name;
  cells[2] = area;
  cells[3] = v;
  cells[4] = h;
  cells[5] = m;
  return cli_list_row(l, cells);
}

/*
** Print one line per commune of the demo district with its villages,
** households and active members, then the totals.
*/
static int print_summary(cli_ctx *ctx)
{
  demo_communes cs = {NULL, 0, 0, 0};
  povreg_counts c, total;
  cli_list *l = NULL;
  size_t k;
  int rc, oom = 0;

  memset(&total, 0, sizeof total);
  rc = povreg_unit_list(ctx->db, DEMO_DISTRICT, "commune", DEMO_DATE,
                        commune_cb, &cs);
  if (cs.oom) {
    cli_error("out of memory");
    rc = CLI_EXIT_FAIL;
    goto done;
  }
  if (rc != POVREG_OK) {
    rc = cli_fail(ctx, rc);
    goto done;
  }
  l = cli_list_begin(stdout, ctx->format, demo_cols, N_DEMO_COLS, 0);
  if (l == NULL) {
    cli_error("out of memory");
    rc = CLI_EXIT_FAIL;
    goto done;
  }
  for (k = 0; k < cs.n; k++) {
    if ((rc = povreg_counts_get(&c, ctx->db, cs.items[k].code)) != 0) {
      rc = cli_fail(ctx, rc);
      goto done;
    }
    total.villages += c.villages;
    total.households += c.households;
    total.members += c.members;
    if (counts_row(l, cs.items[k].code, cs.items[k].name, cs.items[k].area,
                   &c) != 0) {
      oom = 1;
      break;
    }
  }
  if (oom || counts_row(l, NULL, "total", NULL, &total) != 0) {
    cli_error("out of memory");
    rc = CLI_EXIT_FAIL;
    goto done;
  }
  cli_list_end(l);
  l = NULL;
  rc = CLI_EXIT_OK;
done:
  cli_list_abort(l);
  for (k = 0; k < cs.n; k++) {
    free(cs.items[k].name);
  }
  free(cs.items);
  return rc;
}

/* District totals of one status year's transitions, per class. */
typedef struct demo_totals {
  int v[2][7]; /* [poor, near_poor][start .. end] */
  int mismatches;
} demo_totals;

/* Add one commune's transition row to the district totals. */
static int totals_cb(const povreg_transition_row *r, void *payload)
{
  demo_totals *t = payload;
  int k = strcmp(r->class_key, "poor") == 0 ? 0 : 1;
  const int v[7] = {r->start,    r->escaped, r->to_poor, r->left,
                    r->relapsed, r->newly,   r->end};
  size_t i;

  for (i = 0; i < 7; i++) {
    t->v[k][i] += v[i];
  }
  t->mismatches += !r->reconciles;
  return 0;
}

/*
** Print the district's changes for the status years the demo's reviews
** set (table format only): start, escaped, to poor, left, relapsed, new,
** end, and whether they reconcile.
*/
static int print_reviews(cli_ctx *ctx)
{
  int year, k, rc;

  printf("\nReviews of 2015-2017 (district totals; "
         "end = start - escaped - to_poor - left + relapsed + new):\n");
  printf("%-6s %-10s %6s %8s %8s %5s %9s %5s %5s\n", "YEAR", "CLASS", "START",
         "ESCAPED", "TO_POOR", "LEFT", "RELAPSED", "NEW", "END");
  for (year = DEMO_FIRST_STATUS_YEAR; year <= DEMO_LAST_STATUS_YEAR; year++) {
    demo_totals t;
    memset(&t, 0, sizeof t);
    if ((rc = povreg_transitions(ctx->db, NULL, year, totals_cb, &t)) !=
        POVREG_OK) {
      return cli_fail(ctx, rc);
    }
    for (k = 0; k < 2; k++) {
      printf("%-6d %-10s %6d %8d %8d %5d %9d %5d %5d%s\n", year,
             k == 0 ? "poor" : "near_poor", t.v[k][0], t.v[k][1], t.v[k][2],
             t.v[k][3], t.v[k][4], t.v[k][5], t.v[k][6],
             t.mismatches ? "  MISMATCH" : "");
    }
  }
  return CLI_EXIT_OK;
}

/* Print commands worth trying on the new ledger (table format only). */
static void print_hints(cli_ctx *ctx)
{
  first_household fh;
  povreg_household_filter filter;

  memset(&fh, 0, sizeof fh);
  memset(&filter, 0, sizeof filter);
  (void)povreg_household_list(ctx->db, &filter, first_cb, &fh);
  printf("\nLedger: %s\nTry:\n", ctx->db_path);
  if (fh.head) {
    hint_prefix(ctx->db_path);
    fputs("search ", stdout);
    put_shell_word(fh.head);
    putchar('\n');
  }
  if (fh.code[0]) {
    hint_prefix(ctx->db_path);
    fputs("household show ", stdout);
    put_shell_word(fh.code);
    putchar('\n');
  }
  hint_prefix(ctx->db_path);
  fputs("household list --commune 23536\n", stdout);
  hint_prefix(ctx->db_path);
  fputs("unit list --parent 616 --date 2020-01-01\n", stdout);
  hint_prefix(ctx->db_path);
  fputs("review transitions --year 2018 --commune 23536\n", stdout);
  hint_prefix(ctx->db_path);
  fputs("review list --year 2018 --class escaped --commune 23536\n", stdout);
  povreg_free(fh.head);
}

/* demo [DIR] [--seed N] [--households-per-commune N] */
static int cmd_demo(cli_ctx *ctx, const cli_args *a)
{
  const char *dir = a->npos > 0 ? a->pos[0] : ".";
  char path[4096];
  long seed = cli_get_long(a, "seed", 2016);
  long per_commune = cli_get_long(a, "households-per-commune", 60);
  int rc;

  if (!ctx->db_explicit) {
    if (make_dirs(dir) != 0) {
      cli_error("%s: %s", dir, strerror(errno));
      return CLI_EXIT_FAIL;
    }
    if ((size_t)snprintf(path, sizeof path, "%s/povreg-demo.db", dir) >=
        sizeof path) {
      cli_error("%s: directory name too long", dir);
      return CLI_EXIT_FAIL;
    }
    ctx->db_path = path;
  }
  if ((rc = cli_open(ctx, 1)) != CLI_EXIT_OK) {
    return rc;
  }
  rc = povreg_demo_build(ctx->db, (unsigned)seed, (int)per_commune);
  if (rc != POVREG_OK) {
    return cli_fail(ctx, rc);
  }
  if ((rc = print_summary(ctx)) != CLI_EXIT_OK) {
    return rc;
  }
  if (ctx->format == CLI_FMT_TABLE) {
    if ((rc = print_reviews(ctx)) != CLI_EXIT_OK) {
      return rc;
    }
    print_hints(ctx);
  }
  return CLI_EXIT_OK;
}

static const cli_optspec demo_opts[] = {
    {"seed", CLI_OPT_VALUE | CLI_OPT_INT, 0, DEMO_SEED_MAX},
    {"households-per-commune", CLI_OPT_VALUE | CLI_OPT_INT, INT_MIN, INT_MAX},
    {NULL, 0, 0, 0},
};

static const char demo_usage[] =
    "Usage: povreg demo [DIR] [--seed N] [--households-per-commune N]\n"
    "\n"
    "Build a demonstration ledger of Sa Thầy district (Kon Tum): villages,\n"
    "households and members in each of its 11 communes (as in 2016), with\n"
    "a few splits, moves and deaths, all through the same checks and audit\n"
    "log as real work.  The ledger is DIR/povreg-demo.db (DIR, default \".\",\n"
    "is created if missing) unless --db names another file; $POVREG_DB is\n"
    "ignored here so that a real ledger is never filled with demo data.\n"
    "Then print what each commune holds and a few commands to try.\n"
    "\n"
    "  --seed N                    same seed, same ledger (default: 2016)\n"
    "  --households-per-commune N  1..100000 (default: 60)\n"
    "\n"
    "Example:\n"
    "  povreg demo /tmp/sathay\n";

const cli_command cli_demo_cmds[] = {
    {NULL, cmd_demo, demo_opts, 0, 1, 0, CLI_OPEN_SELF,
     "build the Sa Thầy demonstration ledger", demo_usage},
    {NULL, NULL, NULL, 0, 0, 0, CLI_OPEN_EXISTING, NULL, NULL},
};
