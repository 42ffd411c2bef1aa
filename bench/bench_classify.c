/*
** bench_classify.c: how fast the pure classifier is.
**
** Usage: bench_classify [HOUSEHOLDS] [STANDARD]
** Loads a standard (default ND07-2021) from a fresh in-memory ledger,
** makes HOUSEHOLDS (default 1,000,000) in-memory households with a
** seeded generator (area, income around the lines, 12 indicators each
** deprived with 20% chance), classifies them all, and prints the time,
** households per second and the class counts (the counts make the run
** checkable: same seed, same counts).  Explanations are skipped, as bulk
** classification does; POVREG_BENCH_EXPLAIN=1 writes them too.
*/
#define _POSIX_C_SOURCE 200809L
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <povreg.h>

/* Monotonic clock in seconds. */
static double now_s(void)
{
  struct timespec ts;

  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* xorshift32: deterministic households. */
static unsigned next(unsigned *s)
{
  unsigned x = *s;
  x ^= x << 13;
  x ^= x >> 17;
  x ^= x << 5;
  *s = x;
  return x;
}

int main(int argc, char **argv)
{
  long n = 1000000, i, counts[5] = {0};
  const char *std = argc > 2 ? argv[2] : "ND07-2021";
  povreg_db *db = NULL;
  povreg_rulebook *rb = NULL;
  povreg_classify_input *in = NULL;
  unsigned char *dep = NULL;
  povreg_classify_result r;
  size_t k, nind;
  unsigned seed = 2016;
  double t0, t;
  int rc = 1, explain = getenv("POVREG_BENCH_EXPLAIN") != NULL;

  if (argc > 1) {
    char *end = NULL;
    n = strtol(argv[1], &end, 10);
    if (end == argv[1] || *end != '\0' || n <= 0) {
      fprintf(stderr, "usage: bench_classify [HOUSEHOLDS] [STANDARD]\n");
      return 2;
    }
  }
  if (povreg_open(&db, ":memory:", POVREG_OPEN_CREATE) != POVREG_OK ||
      povreg_rulebook_load(&rb, db, std, 0) != POVREG_OK) {
    fprintf(stderr, "bench_classify: %s\n", povreg_errmsg(db));
    goto done;
  }
  nind = povreg_rulebook_indicators(rb);
  in = calloc((size_t)n, sizeof *in);
  dep = calloc((size_t)n, nind);
  if (in == NULL || dep == NULL) {
    fprintf(stderr, "bench_classify: out of memory\n");
    goto done;
  }
  for (i = 0; i < n; i++) {
    in[i].area = next(&seed) % 4 == 0 ? POVREG_AREA_URBAN : POVREG_AREA_RURAL;
    in[i].has_income = 1;
    in[i].income = 500000 + (int64_t)(next(&seed) % 3000000);
    for (k = 0; k < nind; k++) {
      dep[(size_t)i * nind + k] = next(&seed) % 5 == 0;
    }
    in[i].deprived = dep + (size_t)i * nind;
    in[i].skip_explanation = explain ? 0 : 1;
  }
  t0 = now_s();
  for (i = 0; i < n; i++) {
    if (povreg_classify(&r, rb, &in[i]) != POVREG_OK) {
      fprintf(stderr, "bench_classify: %s\n", r.error);
      goto done;
    }
    counts[r.cls]++;
  }
  t = now_s() - t0;
  printf("standard          %s\n", std);
  printf("households        %ld\n", n);
  printf("explanations      %s\n", explain ? "written" : "skipped");
  printf("time              %.3f s\n", t);
  printf("households/s      %.0f\n", (double)n / t);
  printf("poor %ld, near_poor %ld, average %ld, non_poor %ld\n",
         counts[POVREG_CLASS_POOR], counts[POVREG_CLASS_NEAR_POOR],
         counts[POVREG_CLASS_AVERAGE], counts[POVREG_CLASS_NON_POOR]);
  printf("classify_seconds=%.3f\n", t);
  printf("classify_households_per_s=%.0f\n", (double)n / t);
  rc = 0;
done:
  free(in);
  free(dep);
  povreg_rulebook_free(rb);
  povreg_close(db);
  return rc;
}
