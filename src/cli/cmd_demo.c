/*
** cmd_demo.c: "povreg demo [DIR]": build the synthetic Sa Thầy of the
** district's 2016-2020 poverty-reduction plan through the library
** (DIR/povreg-demo.db unless --db is given), print the plan's tables
** from the ledger, write the HTML report next to the ledger, and say
** which commands to try on it.
*/
#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/types.h>

#include "cli.h"

/* The district the demo builds, and the years of the plan. */
#define DEMO_DISTRICT "616"
#define DEMO_BASE_YEAR 2016 /* status year of the start of 2016 */
#define DEMO_PLAN_END 2021  /* status year of the end of 2020 */
/* Largest --seed: an unsigned int that fits a long. */
#define DEMO_SEED_MAX ((long)(UINT_MAX > LONG_MAX ? LONG_MAX : UINT_MAX))

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

/* Print commands worth trying on the new ledger (text format only). */
static void print_hints(cli_ctx *ctx, const char *html)
{
  first_household fh;
  povreg_household_filter filter;

  memset(&fh, 0, sizeof fh);
  memset(&filter, 0, sizeof filter);
  (void)povreg_household_list(ctx->db, &filter, first_cb, &fh);
  printf("\nLedger: %s\nHTML report: %s\nTry:\n", ctx->db_path, html);
  hint_prefix(ctx->db_path);
  fputs("report summary --year 2021 --unit 616 --above 50 --locale vi\n",
        stdout);
  hint_prefix(ctx->db_path);
  fputs("report transitions --year 2018 --unit 616\n", stdout);
  hint_prefix(ctx->db_path);
  fputs("report mpi --year 2022 --unit 616\n", stdout);
  hint_prefix(ctx->db_path);
  fputs("report html --year 2021 --unit 616 -o report-2021.html\n", stdout);
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
  povreg_free(fh.head);
}

/*
** The default HTML report: demo-report.html in the ledger's directory.
** Writes into out (size n); returns -1 if it does not fit.
*/
static int default_html(char *out, size_t n, const char *ledger)
{
  const char *slash = strrchr(ledger, '/');
  int dir_len = slash ? (int)(slash - ledger) + 1 : 0;
  int w = snprintf(out, n, "%.*sdemo-report.html", dir_len, ledger);

  return w < 0 || (size_t)w >= n ? -1 : 0;
}

/* demo [DIR] [--seed N] [--scale PCT] [--html FILE] [--locale vi] */
static int cmd_demo(cli_ctx *ctx, const cli_args *a)
{
  const char *dir = a->npos > 0 ? a->pos[0] : ".";
  const char *locale = cli_get(a, "locale");
  const char *html = cli_get(a, "html");
  char path[4096], html_path[4096];
  long seed = cli_get_long(a, "seed", DEMO_BASE_YEAR);
  long scale = cli_get_long(a, "scale", 100);
  cli_report_opts o;
  int rc;

  memset(&o, 0, sizeof o);
  if (locale != NULL && strcmp(locale, "vi") != 0 &&
      strcmp(locale, "en") != 0) {
    return cli_usage_error(ctx, "--locale: must be en or vi");
  }
  o.vi = locale != NULL && strcmp(locale, "vi") == 0;
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
  if (html == NULL) {
    if (default_html(html_path, sizeof html_path, ctx->db_path) != 0) {
      cli_error("%s: file name too long", ctx->db_path);
      return CLI_EXIT_FAIL;
    }
    html = html_path;
  }
  if ((rc = cli_open(ctx, 1)) != CLI_EXIT_OK) {
    return rc;
  }
  rc = povreg_demo_build_seed(ctx->db, (unsigned)seed, (int)scale);
  if (rc != POVREG_OK) {
    return cli_fail(ctx, rc);
  }
  /* the plan's tables: the start of 2016, the changes of 2017-2021,
     the targets against the results */
  o.year = DEMO_BASE_YEAR;
  o.unit = DEMO_DISTRICT;
  o.above_bp = 5000;
  o.through = DEMO_PLAN_END;
  if (ctx->format == CLI_FMT_TABLE) {
    printf("%s (seed %ld, scale %ld%%): %s\n\n",
           o.vi ? "Huyện Sa Thầy, dữ liệu minh họa"
                : "Sa Thầy demonstration ledger",
           seed, scale, ctx->db_path);
  }
  if ((rc = cli_report(ctx, "plan", &o, ctx->format, NULL)) != CLI_EXIT_OK) {
    return rc;
  }
  /* the same as an HTML page, with the charts of every year and the
     multidimensional poverty index of 2016 */
  if ((rc = cli_report(ctx, "plan", &o, CLI_FMT_HTML, html)) != CLI_EXIT_OK) {
    return rc;
  }
  if (ctx->format == CLI_FMT_TABLE) {
    print_hints(ctx, html);
  }
  return CLI_EXIT_OK;
}

static const cli_optspec demo_opts[] = {
    {"seed", CLI_OPT_VALUE | CLI_OPT_INT, 0, DEMO_SEED_MAX},
    {"scale", CLI_OPT_VALUE | CLI_OPT_INT, 1, 100},
    {"html", CLI_OPT_VALUE, 0, 0},
    {"locale", CLI_OPT_VALUE, 0, 0},
    {NULL, 0, 0, 0},
};

static const char demo_usage[] =
    "Usage: povreg demo [DIR] [--html FILE] [--seed N] [--scale PCT]\n"
    "         [--locale vi]\n"
    "\n"
    "Build the synthetic Sa Thầy district (Kon Tum) of its 2016-2020\n"
    "poverty-reduction plan, all through the same checks and audit log as\n"
    "real work: at the start of 2016 (status year 2016) exactly the plan's\n"
    "11,558 households, 4,658 poor (40.30%) of which 4,193 ethnic-minority,\n"
    "983 near-poor (8.50%), its ten deprivation counts and its six\n"
    "communes above 50%; then the periodic reviews held in 2016-2022\n"
    "(statuses 2017-2023, the 2022 standard from 2022) and the plan's\n"
    "targets.  The ledger is DIR/povreg-demo.db (DIR, default \".\", is\n"
    "created if missing) unless --db names another file; $POVREG_DB is\n"
    "ignored here so that a real ledger is never filled with demo data.\n"
    "\n"
    "Then print the plan's tables from the ledger: the communes in 2016\n"
    "(those above 50% flagged), the deprivation table of 2016, the\n"
    "district's changes of 2017-2021 and the targets against the results;\n"
    "write them as an HTML report, with the charts of every year and the\n"
    "multidimensional poverty index of 2016; and list commands to try.\n"
    "\n"
    "  --html FILE       the HTML report (default: demo-report.html next\n"
    "                    to the ledger)\n"
    "  --seed N          same seed, same ledger (default: 2016); the plan's\n"
    "                    figures do not depend on it\n"
    "  --scale PCT       1..100 (default 100): a smaller district, every\n"
    "                    count scaled down (its rates only near the plan's)\n"
    "  --locale vi       the tables in Vietnamese (4.658 hộ, 40,30%)\n"
    "\n"
    "Example:\n"
    "  povreg demo /tmp/sathay\n";

const cli_command cli_demo_cmds[] = {
    {NULL, cmd_demo, demo_opts, 0, 1, 0, CLI_OPEN_SELF,
     "build the Sa Thầy demonstration ledger and its reports", demo_usage},
    {NULL, NULL, NULL, 0, 0, 0, CLI_OPEN_EXISTING, NULL, NULL},
};
