/*
** fuzz_classify.c: libFuzzer target for the what-if classifier.
**
** Input: byte 0 picks a standard and the area, byte 1 which of income and
** score A are given and whether explanations are written; bytes 2-9 the
** income, 10-17 score A (little-endian, any int64, negative included);
** the rest are the indicator answers, one byte each (any value: the
** classifier must refuse what is not 0 or 1, never misread it).  Every
** standard shipped is loaded once.  Checks: no crash, a result only with
** a class and reason, and the rule's own invariants (poor needs income or
** score at or below the poverty line; deprived_count counts the answers).
*/
#include <stdint.h>

#include "fuzz_util.h"

#define MAX_STANDARDS 8

static povreg_rulebook *books[MAX_STANDARDS];
static size_t n_books;

static char ids[MAX_STANDARDS][33];
static size_t n_ids;

/* Collect a standard's id (povreg_standard_list callback). */
static int add_standard(const povreg_standard_info *s, void *payload)
{
  (void)payload;
  if (n_ids < MAX_STANDARDS) {
    snprintf(ids[n_ids++], sizeof ids[0], "%s", s->id);
  }
  return 0;
}

/* Load every shipped standard once. */
static void load_books(void)
{
  povreg_db *db = NULL;
  size_t i;

  if (povreg_open(&db, fz_template(), POVREG_OPEN_READONLY) != POVREG_OK ||
      povreg_standard_list(db, add_standard, NULL) != POVREG_OK) {
    fprintf(stderr, "standards: %s\n", povreg_errmsg(db));
    abort();
  }
  for (i = 0; i < n_ids; i++) {
    if (povreg_rulebook_load(&books[n_books], db, ids[i], 0) != POVREG_OK) {
      fprintf(stderr, "standard %s: %s\n", ids[i], povreg_errmsg(db));
      abort();
    }
    n_books++;
  }
  povreg_close(db);
  if (n_books == 0) {
    abort();
  }
}

/* Little-endian int64 from 8 bytes. */
static int64_t le64(const uint8_t *p)
{
  uint64_t v = 0;
  int i;

  for (i = 7; i >= 0; i--) {
    v = (v << 8) | p[i];
  }
  return (int64_t)v;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
  povreg_classify_input in;
  povreg_classify_result out;
  unsigned char dep[64];
  const povreg_rulebook *rb;
  size_t n, i;
  int rc, d = 0, bad = 0;

  if (n_books == 0) {
    load_books();
  }
  if (size < 18) {
    return 0;
  }
  rb = books[data[0] % n_books];
  n = povreg_rulebook_indicators(rb);
  memset(&in, 0, sizeof in);
  memset(dep, 0, sizeof dep);
  in.area = (data[0] >> 4) & 1 ? POVREG_AREA_URBAN : POVREG_AREA_RURAL;
  in.has_income = data[1] & 1;
  in.has_score_a = (data[1] >> 1) & 1;
  in.skip_explanation = (data[1] >> 2) & 1;
  in.income = le64(data + 2);
  in.score_a = le64(data + 10);
  for (i = 0; i < n && i < sizeof dep && 18 + i < size; i++) {
    dep[i] = data[18 + i];
    d += dep[i] == 1;
    bad |= dep[i] > 1;
  }
  in.deprived = (data[1] >> 3) & 1 ? NULL : dep;
  if (in.deprived == NULL) {
    d = 0;
    bad = 0;
  }
  rc = povreg_classify(&out, rb, &in);
  if (rc != POVREG_OK) {
    if (out.error[0] == '\0') {
      fprintf(stderr, "refused without a reason\n");
      abort();
    }
    return 0;
  }
  if (bad) {
    fprintf(stderr, "an answer other than 0 or 1 was accepted\n");
    abort();
  }
  if (out.cls < POVREG_CLASS_POOR || out.cls > POVREG_CLASS_NON_POOR ||
      out.reason == NULL || out.deprived_count != d) {
    fprintf(stderr, "result without a class, a reason or the right count\n");
    abort();
  }
  if (out.cls == POVREG_CLASS_POOR && out.value > out.poverty_line &&
      out.value > out.near_poverty_line) {
    fprintf(stderr, "poor above every line\n");
    abort();
  }
  if (!in.skip_explanation && out.explanation_en[0] == '\0') {
    fprintf(stderr, "no explanation\n");
    abort();
  }
  return 0;
}
