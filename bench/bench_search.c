/*
** bench_search.c: how fast name search is on a large ledger.
**
** Usage: bench_search LEDGER [HOUSEHOLDS_PER_COMMUNE] [QUERIES]
** Builds the Sa Thầy demo ledger at LEDGER if it does not exist (11
** communes x HOUSEHOLDS_PER_COMMUNE households, about 3.6 members each),
** then runs QUERIES name searches (limit 20) drawn from the ledger's own
** names, in three shapes (full name; family + given name, folded and in
** upper case; given name alone), and prints the build time, the median
** and 99th-percentile query times, and name=value lines.
*/
#define _POSIX_C_SOURCE 200809L
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <povreg.h>

/* Monotonic clock in milliseconds. */
static double now_ms(void)
{
  struct timespec ts;

  clock_gettime(CLOCK_MONOTONIC, &ts);
  return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

/* Count hits; never stops the search. */
static int count_hit(const povreg_search_hit *hit, void *payload)
{
  (void)hit;
  (*(long *)payload)++;
  return 0;
}

/* Ascending order of doubles for qsort. */
static int cmp_double(const void *a, const void *b)
{
  double x = *(const double *)a, y = *(const double *)b;

  return (x > y) - (x < y);
}

/* Parse a positive number argument or exit with usage. */
static long arg_long(const char *s, const char *what)
{
  char *end = NULL;
  long v = strtol(s, &end, 10);

  if (end == s || *end != '\0' || v <= 0) {
    fprintf(stderr, "bench_search: %s must be a positive number\n", what);
    exit(2);
  }
  return v;
}

/* Build the query for sample i from a full name (shapes rotate). */
static void make_query(const char *name, long i, char *out, size_t n)
{
  const char *last = strrchr(name, ' ');
  char *folded;
  size_t k;

  switch (i % 3) {
  case 0: /* the full name as typed, with diacritics */
    snprintf(out, n, "%s", name);
    break;
  case 1: /* family and given name, folded, upper case */
    folded = povreg_fold(name);
    if (folded == NULL) {
      snprintf(out, n, "%s", name);
      break;
    }
    {
      char *sp = strchr(folded, ' ');
      char *lsp = strrchr(folded, ' ');
      if (sp != NULL && lsp != NULL && sp != lsp) {
        *sp = '\0';
        snprintf(out, n, "%s %s", folded, lsp + 1);
      } else {
        snprintf(out, n, "%s", folded);
      }
    }
    for (k = 0; out[k] != '\0'; k++) {
      if (out[k] >= 'a' && out[k] <= 'z') {
        out[k] = (char)(out[k] - 'a' + 'A');
      }
    }
    povreg_free(folded);
    break;
  default: /* the given name alone */
    snprintf(out, n, "%s", last != NULL ? last + 1 : name);
    break;
  }
}

int main(int argc, char **argv)
{
  const char *path;
  long per_commune = 1000, queries = 1000, i, hits = 0, members = 0;
  povreg_db *db = NULL;
  sqlite3 *sq = NULL;
  sqlite3_stmt *st = NULL;
  char **names = NULL, q[256];
  double t0, build_ms = 0, *times = NULL, open_ms;
  int rc = 1, fresh;

  if (argc < 2 || argc > 4) {
    fprintf(stderr, "usage: bench_search LEDGER [HOUSEHOLDS_PER_COMMUNE] "
                    "[QUERIES]\n");
    return 2;
  }
  path = argv[1];
  if (argc > 2) {
    per_commune = arg_long(argv[2], "HOUSEHOLDS_PER_COMMUNE");
  }
  if (argc > 3) {
    queries = arg_long(argv[3], "QUERIES");
  }
  fresh = access(path, F_OK) != 0;
  t0 = now_ms();
  if (povreg_open(&db, path, POVREG_OPEN_CREATE) != POVREG_OK) {
    fprintf(stderr, "bench_search: %s\n", povreg_errmsg(db));
    goto done;
  }
  open_ms = now_ms() - t0;
  if (fresh) {
    t0 = now_ms();
    if (povreg_demo_build(db, 2016, (int)per_commune) != POVREG_OK) {
      fprintf(stderr, "bench_search: %s\n", povreg_errmsg(db));
      goto done;
    }
    build_ms = now_ms() - t0;
  }
  /* sample names with the raw SQLite API: the bench needs no extra API */
  if (sqlite3_open_v2(path, &sq, SQLITE_OPEN_READONLY, NULL) != SQLITE_OK ||
      sqlite3_prepare_v2(sq, "SELECT count(*) FROM member", -1, &st, NULL) !=
          SQLITE_OK ||
      sqlite3_step(st) != SQLITE_ROW) {
    fprintf(stderr, "bench_search: %s\n", sqlite3_errmsg(sq));
    goto done;
  }
  members = sqlite3_column_int64(st, 0);
  sqlite3_finalize(st);
  st = NULL;
  names = calloc((size_t)queries, sizeof *names);
  times = calloc((size_t)queries, sizeof *times);
  if (names == NULL || times == NULL ||
      sqlite3_prepare_v2(sq, "SELECT full_name FROM member WHERE id = ?1", -1,
                         &st, NULL) != SQLITE_OK) {
    goto done;
  }
  srand(42);
  for (i = 0; i < queries; i++) {
    sqlite3_bind_int64(st, 1, 1 + (rand() % (members > 0 ? members : 1)));
    if (sqlite3_step(st) == SQLITE_ROW) {
      names[i] = strdup((const char *)sqlite3_column_text(st, 0));
    }
    sqlite3_reset(st);
  }
  for (i = 0; i < queries; i++) {
    long before = hits;
    make_query(names[i] != NULL ? names[i] : "nguyen", i, q, sizeof q);
    t0 = now_ms();
    if (povreg_search(db, q, POVREG_SEARCH_NAME, 20, count_hit, &hits) !=
        POVREG_OK) {
      fprintf(stderr, "bench_search: %s: %s\n", q, povreg_errmsg(db));
      goto done;
    }
    times[i] = now_ms() - t0;
    if (hits == before) {
      fprintf(stderr, "bench_search: no hit for '%s'\n", q);
      goto done;
    }
  }
  qsort(times, (size_t)queries, sizeof *times, cmp_double);
  printf("members           %ld\n", members);
  if (fresh) {
    printf("build             %.0f ms (%.0f households/s)\n", build_ms,
           11.0 * per_commune / (build_ms / 1e3));
  }
  printf("open              %.2f ms\n", open_ms);
  printf("queries           %ld (limit 20, %ld hits)\n", queries, hits);
  printf("search median     %.3f ms\n", times[queries / 2]);
  printf("search p99        %.3f ms\n", times[(queries * 99) / 100]);
  printf("search max        %.3f ms\n", times[queries - 1]);
  printf("members=%ld\n", members);
  printf("search_median_ms=%.3f\n", times[queries / 2]);
  printf("search_p99_ms=%.3f\n", times[(queries * 99) / 100]);
  rc = 0;
done:
  sqlite3_finalize(st);
  sqlite3_close(sq);
  povreg_close(db);
  if (names != NULL) {
    for (i = 0; i < queries; i++) {
      free(names[i]);
    }
  }
  free(names);
  free(times);
  return rc;
}
