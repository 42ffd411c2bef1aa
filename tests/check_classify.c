/*
** check_classify.c: povreg_classify(), pure, with the rulebooks of the
** three shipped standards loaded from the fixture ledger: every line of
** every standard in both areas, exactly at the line and one đồng above,
** the score form of TT 07/2021, the refusals (score form missing,
** negative values, no income, unknown area), the result fields, the
** explanations in both languages, determinism, and the class keys.
*/
#include "check_util.h"

/* Rulebooks of the fixture (loaded by cl_setup, freed by cl_teardown). */
static povreg_rulebook *g_qd59, *g_nd07, *g_nd351;

/* Load a shipped standard that must load. */
static povreg_rulebook *load(const char *id)
{
  povreg_rulebook *rb = NULL;

  TU_OK(povreg_rulebook_load(&rb, tu_db, id, 0));
  ck_assert_ptr_nonnull(rb);
  ck_assert_str_eq(povreg_rulebook_id(rb), id);
  return rb;
}

/* Fixture: a fresh ledger and the three shipped rulebooks. */
static void cl_setup(void)
{
  tu_setup();
  g_qd59 = load("QD59-2015");
  g_nd07 = load("ND07-2021");
  g_nd351 = load("ND351-2025");
}

/* Fixture: free the rulebooks, then the ledger. */
static void cl_teardown(void)
{
  povreg_rulebook_free(g_qd59);
  povreg_rulebook_free(g_nd07);
  povreg_rulebook_free(g_nd351);
  g_qd59 = g_nd07 = g_nd351 = NULL;
  tu_teardown();
}

/* The fixture's rulebook of a standard id. */
static const povreg_rulebook *rb_of(const char *id)
{
  if (strcmp(id, "QD59-2015") == 0) {
    return g_qd59;
  }
  if (strcmp(id, "ND07-2021") == 0) {
    return g_nd07;
  }
  ck_assert_str_eq(id, "ND351-2025");
  return g_nd351;
}

/* A deprivation array with the first d of the rulebook's entries set. */
static void first_d(unsigned char dep[32], const povreg_rulebook *rb, int d)
{
  size_t i;

  ck_assert_uint_le(povreg_rulebook_indicators(rb), 32);
  memset(dep, 0, 32);
  for (i = 0; i < (size_t)d && i < povreg_rulebook_indicators(rb); i++) {
    dep[i] = 1;
  }
}

/* An input by income (has_income set) with the first d deprived. */
static povreg_classify_input by_income(povreg_area area, int64_t income,
                                       const unsigned char *dep)
{
  povreg_classify_input in;

  memset(&in, 0, sizeof in);
  in.area = area;
  in.has_income = 1;
  in.income = income;
  in.deprived = dep;
  return in;
}

/* Classify that must succeed. */
static void classify_ok(povreg_classify_result *r, const povreg_rulebook *rb,
                        const povreg_classify_input *in)
{
  int rc = povreg_classify(r, rb, in);

  ck_assert_msg(rc == POVREG_OK, "classify: %d (%s)", rc, r->error);
}

/* Format an amount with a thousands separator (as the explanations do). */
static void fmt_money(char *out, size_t n, int64_t v, char sep)
{
  char digits[32];
  size_t len, i, o = 0;

  snprintf(digits, sizeof digits, "%lld", (long long)v);
  len = strlen(digits);
  for (i = 0; i < len && o + 2 < n; i++) {
    if (i > 0 && (len - i) % 3 == 0) {
      out[o++] = sep;
    }
    out[o++] = digits[i];
  }
  out[o] = '\0';
}

/* Expected lines of a standard in an area (income form). */
typedef struct lines {
  const char *std;
  povreg_area area;
  int64_t poverty, near, average;
} lines;

static const lines k_lines[] = {
    {"QD59-2015", POVREG_AREA_RURAL, 700000, 1000000, 1500000},
    {"QD59-2015", POVREG_AREA_URBAN, 900000, 1300000, 1950000},
    {"ND07-2021", POVREG_AREA_RURAL, 1500000, 0, 2250000},
    {"ND07-2021", POVREG_AREA_URBAN, 2000000, 0, 3000000},
    {"ND351-2025", POVREG_AREA_RURAL, 2200000, 0, 0},
    {"ND351-2025", POVREG_AREA_URBAN, 2800000, 0, 0},
};

/* The expected lines of std in area. */
static const lines *lines_of(const char *std, povreg_area area)
{
  size_t i;

  for (i = 0; i < sizeof k_lines / sizeof k_lines[0]; i++) {
    if (strcmp(k_lines[i].std, std) == 0 && k_lines[i].area == area) {
      return &k_lines[i];
    }
  }
  ck_abort_msg("no lines for %s", std);
  return NULL;
}

/* One boundary case. */
typedef struct bcase {
  const char *std;
  povreg_area area;
  int64_t income;
  int d;
  povreg_class cls;
  const char *reason;
} bcase;

#define R POVREG_AREA_RURAL
#define U POVREG_AREA_URBAN
#define POOR POVREG_CLASS_POOR
#define NEAR POVREG_CLASS_NEAR_POOR
#define AVG POVREG_CLASS_AVERAGE
#define NON POVREG_CLASS_NON_POOR
#define AT_PL "income_at_or_below_poverty_line"
#define BAND_D "income_in_band_deprived"
#define BAND_ND "income_in_band_not_deprived"
#define AVG_B "income_in_average_band"
#define ABOVE "income_above_bands"
#define LINE_D "income_at_or_below_line_deprived"
#define LINE_ND "income_at_or_below_line_not_deprived"

static const bcase k_cases[] = {
    /* QĐ 59/2015, rural: 700,000 / 1,000,000 / 1,500,000 */
    {"QD59-2015", R, 0, 0, POOR, AT_PL},
    {"QD59-2015", R, 700000, 0, POOR, AT_PL},
    {"QD59-2015", R, 700000, 3, POOR, AT_PL},
    {"QD59-2015", R, 700001, 0, NEAR, BAND_ND},
    {"QD59-2015", R, 700001, 2, NEAR, BAND_ND},
    {"QD59-2015", R, 700001, 3, POOR, BAND_D},
    {"QD59-2015", R, 700001, 10, POOR, BAND_D},
    {"QD59-2015", R, 1000000, 2, NEAR, BAND_ND},
    {"QD59-2015", R, 1000000, 3, POOR, BAND_D},
    {"QD59-2015", R, 1000001, 0, AVG, AVG_B},
    {"QD59-2015", R, 1000001, 10, AVG, AVG_B},
    {"QD59-2015", R, 1500000, 0, AVG, AVG_B},
    {"QD59-2015", R, 1500001, 0, NON, ABOVE},
    {"QD59-2015", R, 1500001, 10, NON, ABOVE},
    /* QĐ 59/2015, urban: 900,000 / 1,300,000 / 1,950,000 */
    {"QD59-2015", U, 900000, 0, POOR, AT_PL},
    {"QD59-2015", U, 900001, 2, NEAR, BAND_ND},
    {"QD59-2015", U, 900001, 3, POOR, BAND_D},
    {"QD59-2015", U, 1300000, 2, NEAR, BAND_ND},
    {"QD59-2015", U, 1300000, 3, POOR, BAND_D},
    {"QD59-2015", U, 1300001, 3, AVG, AVG_B},
    {"QD59-2015", U, 1950000, 0, AVG, AVG_B},
    {"QD59-2015", U, 1950001, 0, NON, ABOVE},
    /* NĐ 07/2021, rural: 1,500,000 / average 2,250,000 */
    {"ND07-2021", R, 0, 0, NEAR, LINE_ND},
    {"ND07-2021", R, 1500000, 2, NEAR, LINE_ND},
    {"ND07-2021", R, 1500000, 3, POOR, LINE_D},
    {"ND07-2021", R, 1500000, 12, POOR, LINE_D},
    {"ND07-2021", R, 1500001, 3, AVG, AVG_B},
    {"ND07-2021", R, 1500001, 12, AVG, AVG_B},
    {"ND07-2021", R, 2250000, 0, AVG, AVG_B},
    {"ND07-2021", R, 2250001, 0, NON, ABOVE},
    {"ND07-2021", R, 2250001, 12, NON, ABOVE},
    /* NĐ 07/2021, urban: 2,000,000 / average 3,000,000 */
    {"ND07-2021", U, 2000000, 2, NEAR, LINE_ND},
    {"ND07-2021", U, 2000000, 3, POOR, LINE_D},
    {"ND07-2021", U, 2000001, 3, AVG, AVG_B},
    {"ND07-2021", U, 3000000, 0, AVG, AVG_B},
    {"ND07-2021", U, 3000001, 0, NON, ABOVE},
    /* NĐ 351/2025: 2,200,000 rural, 2,800,000 urban, no average band */
    {"ND351-2025", R, 0, 0, NEAR, LINE_ND},
    {"ND351-2025", R, 2200000, 3, POOR, LINE_D},
    {"ND351-2025", R, 2200000, 2, NEAR, LINE_ND},
    {"ND351-2025", R, 2200001, 3, NON, ABOVE},
    {"ND351-2025", R, 2200001, 0, NON, ABOVE},
    {"ND351-2025", U, 2800000, 3, POOR, LINE_D},
    {"ND351-2025", U, 2800000, 2, NEAR, LINE_ND},
    {"ND351-2025", U, 2800001, 3, NON, ABOVE},
};

/* The line the explanation of a class must quote. */
static int64_t quoted_line(const povreg_classify_result *r)
{
  if (r->cls == POVREG_CLASS_NON_POOR) {
    return r->average_line        ? r->average_line
           : r->near_poverty_line ? r->near_poverty_line
                                  : r->poverty_line;
  }
  if (r->cls == POVREG_CLASS_AVERAGE) {
    return r->near_poverty_line ? r->near_poverty_line : r->poverty_line;
  }
  return r->poverty_line;
}

/* Check the explanations of a decided result: both non-empty, each
   quoting the value and the deciding line in its own format. */
static void check_explanations(const povreg_classify_result *r, const char *w)
{
  char en[32], vi[32];

  ck_assert_msg(r->explanation_en[0] != '\0', "%s: empty explanation_en", w);
  ck_assert_msg(r->explanation_vi[0] != '\0', "%s: empty explanation_vi", w);
  fmt_money(en, sizeof en, quoted_line(r), ',');
  fmt_money(vi, sizeof vi, quoted_line(r), '.');
  ck_assert_msg(strstr(r->explanation_en, en) != NULL,
                "%s: explanation_en '%s' does not quote %s", w,
                r->explanation_en, en);
  ck_assert_msg(strstr(r->explanation_vi, vi) != NULL,
                "%s: explanation_vi '%s' does not quote %s", w,
                r->explanation_vi, vi);
  fmt_money(en, sizeof en, r->value, ',');
  fmt_money(vi, sizeof vi, r->value, '.');
  ck_assert_msg(strstr(r->explanation_en, en) != NULL,
                "%s: explanation_en '%s' does not quote the value %s", w,
                r->explanation_en, en);
  ck_assert_msg(strstr(r->explanation_vi, vi) != NULL,
                "%s: explanation_vi '%s' does not quote the value %s", w,
                r->explanation_vi, vi);
  ck_assert_msg(strstr(r->explanation_en, r->standard_id) != NULL,
                "%s: explanation_en does not name %s", w, r->standard_id);
  ck_assert_msg(strstr(r->explanation_vi, r->standard_id) != NULL,
                "%s: explanation_vi does not name %s", w, r->standard_id);
}

/* ---- boundaries ---- */

/* Every line of every standard in both areas, at it and one above. */
START_TEST(test_boundaries)
{
  size_t i;

  for (i = 0; i < sizeof k_cases / sizeof k_cases[0]; i++) {
    const bcase *c = &k_cases[i];
    const povreg_rulebook *rb = rb_of(c->std);
    const lines *l = lines_of(c->std, c->area);
    unsigned char dep[32];
    povreg_classify_input in;
    povreg_classify_result r;
    char w[96];

    snprintf(w, sizeof w, "%s %s %lld D=%d", c->std,
             c->area == R ? "rural" : "urban", (long long)c->income, c->d);
    first_d(dep, rb, c->d);
    in = by_income(c->area, c->income, dep);
    classify_ok(&r, rb, &in);
    ck_assert_msg(r.cls == c->cls, "%s: class %s, expected %s", w,
                  povreg_class_key(r.cls), povreg_class_key(c->cls));
    ck_assert_ptr_nonnull(r.reason);
    ck_assert_msg(strcmp(r.reason, c->reason) == 0,
                  "%s: reason %s, expected %s", w, r.reason, c->reason);
    ck_assert_msg(r.deprived_count == c->d, "%s: D %d", w, r.deprived_count);
    ck_assert_int_eq(r.cutoff, 3);
    ck_assert_int_eq(r.used_score, 0);
    ck_assert_int_eq(r.score_b, 0);
    ck_assert_msg(r.value == c->income, "%s: value %lld", w,
                  (long long)r.value);
    ck_assert_msg(r.poverty_line == l->poverty, "%s: poverty line %lld", w,
                  (long long)r.poverty_line);
    ck_assert_msg(r.near_poverty_line == l->near, "%s: near line %lld", w,
                  (long long)r.near_poverty_line);
    ck_assert_msg(r.average_line == l->average, "%s: average line %lld", w,
                  (long long)r.average_line);
    ck_assert_str_eq(r.standard_id, c->std);
    ck_assert_int_eq(r.version, 1);
    ck_assert_str_eq(r.error, "");
    check_explanations(&r, w);
  }
}
END_TEST

/* NULL deprived means none deprived. */
START_TEST(test_null_deprived)
{
  povreg_classify_input in = by_income(R, 700001, NULL);
  povreg_classify_result r;

  classify_ok(&r, g_qd59, &in);
  ck_assert_int_eq(r.cls, NEAR);
  ck_assert_int_eq(r.deprived_count, 0);
  in = by_income(R, 1500000, NULL);
  classify_ok(&r, g_nd07, &in);
  ck_assert_int_eq(r.cls, NEAR);
  ck_assert_str_eq(r.reason, LINE_ND);
}
END_TEST

/* D counts the entries of 1, wherever they are; every entry counts. */
START_TEST(test_deprived_count)
{
  unsigned char dep[12];
  povreg_classify_input in;
  povreg_classify_result r;
  size_t i;

  ck_assert_uint_eq(povreg_rulebook_indicators(g_nd07), 12);
  memset(dep, 1, sizeof dep);
  in = by_income(R, 1500000, dep);
  classify_ok(&r, g_nd07, &in);
  ck_assert_int_eq(r.deprived_count, 12);
  ck_assert_int_eq(r.cls, POOR);
  /* every other one: 6 */
  for (i = 0; i < sizeof dep; i++) {
    dep[i] = (unsigned char)(i % 2);
  }
  classify_ok(&r, g_nd07, &in);
  ck_assert_int_eq(r.deprived_count, 6);
  /* the last three only: still 3, poor */
  memset(dep, 0, sizeof dep);
  dep[9] = dep[10] = dep[11] = 1;
  classify_ok(&r, g_nd07, &in);
  ck_assert_int_eq(r.deprived_count, 3);
  ck_assert_int_eq(r.cls, POOR);
  /* the last one alone */
  memset(dep, 0, sizeof dep);
  dep[11] = 1;
  classify_ok(&r, g_nd07, &in);
  ck_assert_int_eq(r.deprived_count, 1);
  ck_assert_int_eq(r.cls, NEAR);
  /* QD59 has 10 indicators: all 10 set */
  memset(dep, 1, sizeof dep);
  in = by_income(R, 700001, dep);
  classify_ok(&r, g_qd59, &in);
  ck_assert_int_eq(r.deprived_count, 10);
}
END_TEST

/* ---- the score form (TT 07/2021) ---- */

/* Input by score A only. */
static povreg_classify_input by_score(povreg_area area, int64_t a,
                                      const unsigned char *dep)
{
  povreg_classify_input in;

  memset(&in, 0, sizeof in);
  in.area = area;
  in.has_score_a = 1;
  in.score_a = a;
  in.deprived = dep;
  return in;
}

/* Score A at 140 / 175 and one point above, with B = 30 and 20. */
START_TEST(test_score_form)
{
  static const struct {
    povreg_area area;
    int64_t a;
    int d;
    povreg_class cls;
    const char *reason;
  } cases[] = {
      {R, 140, 3, POOR, "score_a_at_or_below_line_deprived"},
      {R, 140, 2, NEAR, "score_a_at_or_below_line_not_deprived"},
      {R, 0, 12, POOR, "score_a_at_or_below_line_deprived"},
      {R, 141, 3, NON, "score_a_above_line"},
      {R, 141, 0, NON, "score_a_above_line"},
      {U, 175, 3, POOR, "score_a_at_or_below_line_deprived"},
      {U, 175, 2, NEAR, "score_a_at_or_below_line_not_deprived"},
      {U, 176, 3, NON, "score_a_above_line"},
  };
  size_t i;

  for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
    unsigned char dep[32];
    povreg_classify_input in;
    povreg_classify_result r;
    char num[16];

    first_d(dep, g_nd07, cases[i].d);
    in = by_score(cases[i].area, cases[i].a, dep);
    classify_ok(&r, g_nd07, &in);
    ck_assert_msg(r.cls == cases[i].cls, "case %zu: class %s", i,
                  povreg_class_key(r.cls));
    ck_assert_msg(strcmp(r.reason, cases[i].reason) == 0, "case %zu: reason %s",
                  i, r.reason);
    ck_assert_int_eq(r.used_score, 1);
    ck_assert_int_eq(r.value, cases[i].a);
    ck_assert_int_eq(r.poverty_line, cases[i].area == R ? 140 : 175);
    ck_assert_int_eq(r.near_poverty_line, 0);
    ck_assert_int_eq(r.average_line, 0);
    ck_assert_int_eq(r.score_b, cases[i].d * 10);
    ck_assert_int_eq(r.deprived_count, cases[i].d);
    ck_assert_int_eq(r.cutoff, 3);
    ck_assert_str_eq(r.standard_id, "ND07-2021");
    ck_assert_int_eq(r.version, 1);
    ck_assert_str_ne(r.explanation_en, "");
    ck_assert_str_ne(r.explanation_vi, "");
    snprintf(num, sizeof num, "%d", cases[i].area == R ? 140 : 175);
    ck_assert_msg(strstr(r.explanation_en, num) != NULL,
                  "case %zu: '%s' does not quote %s", i, r.explanation_en, num);
    ck_assert_msg(strstr(r.explanation_vi, num) != NULL,
                  "case %zu: '%s' does not quote %s", i, r.explanation_vi, num);
  }
}
END_TEST

/* With both the income and score A the income decides. */
START_TEST(test_income_wins_over_score)
{
  unsigned char dep[32];
  povreg_classify_input in;
  povreg_classify_result r;

  first_d(dep, g_nd07, 3);
  in = by_income(R, 1500001, dep);
  in.has_score_a = 1;
  in.score_a = 100; /* would be poor by score */
  classify_ok(&r, g_nd07, &in);
  ck_assert_int_eq(r.used_score, 0);
  ck_assert_int_eq(r.cls, AVG);
  ck_assert_int_eq(r.value, 1500001);
  ck_assert_int_eq(r.score_b, 0);
  /* and a standard without a score form accepts it (income given) */
  classify_ok(&r, g_qd59, &in);
  ck_assert_int_eq(r.used_score, 0);
  ck_assert_int_eq(r.cls, NON);
}
END_TEST

/* ---- refusals ---- */

/* Classify that must fail with EINVALID, out->error naming `field`. */
static void classify_fails(const povreg_rulebook *rb,
                           const povreg_classify_input *in, const char *field)
{
  povreg_classify_result r;
  int rc;

  memset(&r, 0x5a, sizeof r);
  rc = povreg_classify(&r, rb, in);
  ck_assert_msg(rc == POVREG_EINVALID, "expected EINVALID, got %d", rc);
  ck_assert_msg(strstr(r.error, field) != NULL, "error '%s' does not name %s",
                r.error, field);
  ck_assert_int_eq(r.cls, POVREG_CLASS_NONE);
}

/* Score A under a standard without a score form. */
START_TEST(test_score_without_form)
{
  unsigned char dep[32];
  povreg_classify_input in;

  first_d(dep, g_qd59, 3);
  in = by_score(R, 100, dep);
  classify_fails(g_qd59, &in, "score_a");
  first_d(dep, g_nd351, 3);
  classify_fails(g_nd351, &in, "score_a");
}
END_TEST

/* Negative values, nothing given, an unknown area, NULL arguments. */
START_TEST(test_invalid_inputs)
{
  povreg_classify_input in;
  povreg_classify_result r;

  in = by_income(R, -1, NULL);
  classify_fails(g_nd07, &in, "income");
  classify_fails(g_qd59, &in, "income");
  in = by_score(R, -1, NULL);
  classify_fails(g_nd07, &in, "score_a");
  memset(&in, 0, sizeof in);
  in.area = R;
  classify_fails(g_nd07, &in, "income");
  /* the values are ignored when their flag is off */
  in.income = 1000;
  in.score_a = 100;
  classify_fails(g_nd07, &in, "income");
  in = by_income(POVREG_AREA_UNKNOWN, 1000, NULL);
  classify_fails(g_nd07, &in, "area");
  classify_fails(g_qd59, &in, "area");
  in = by_income((povreg_area)7, 1000, NULL);
  classify_fails(g_nd07, &in, "area");
  in = by_income((povreg_area)-1, 1000, NULL);
  classify_fails(g_nd07, &in, "area");
  /* an answer is 0 or 1: 2 or 255 is refused, never counted as deprived
     (tests/fuzz/fuzz_classify found 2 counted) */
  {
    unsigned char dep[32];
    size_t k;
    memset(dep, 0, sizeof dep);
    dep[povreg_rulebook_indicators(g_nd07) - 1] = 2;
    in = by_income(R, 1000, dep);
    classify_fails(g_nd07, &in,
                   povreg_rulebook_indicator_key(
                       g_nd07, povreg_rulebook_indicators(g_nd07) - 1));
    dep[povreg_rulebook_indicators(g_nd07) - 1] = 255;
    classify_fails(g_nd07, &in, "must be 0 or 1");
    for (k = 0; k < povreg_rulebook_indicators(g_nd07); k++) {
      dep[k] = 1;
    }
    ck_assert_int_eq(povreg_classify(&r, g_nd07, &in), POVREG_OK);
    ck_assert_int_eq(r.deprived_count, (int)povreg_rulebook_indicators(g_nd07));
  }
  in = by_income(R, 1000, NULL);
  ck_assert_int_eq(povreg_classify(NULL, g_nd07, &in), POVREG_EINVALID);
  ck_assert_int_eq(povreg_classify(&r, NULL, &in), POVREG_EINVALID);
  ck_assert_int_eq(povreg_classify(&r, g_nd07, NULL), POVREG_EINVALID);
}
END_TEST

/* ---- results ---- */

/* The explanation of a known case, word for word where it matters. */
START_TEST(test_explanation_formats)
{
  unsigned char dep[32];
  povreg_classify_input in;
  povreg_classify_result r;

  first_d(dep, g_nd07, 2);
  in = by_income(R, 1500000, dep);
  classify_ok(&r, g_nd07, &in);
  ck_assert_ptr_nonnull(strstr(r.explanation_en, "1,500,000"));
  ck_assert_ptr_nonnull(strstr(r.explanation_vi, "1.500.000"));
  ck_assert_ptr_null(strstr(r.explanation_en, "1.500.000"));
  ck_assert_ptr_null(strstr(r.explanation_vi, "1,500,000"));
  /* an amount below 1,000 has no separator; 1,000,000 has two */
  in = by_income(R, 999, dep);
  classify_ok(&r, g_qd59, &in);
  ck_assert_ptr_nonnull(strstr(r.explanation_en, "999 VND"));
  ck_assert_ptr_nonnull(strstr(r.explanation_en, "700,000"));
  in = by_income(R, 1000000, dep);
  classify_ok(&r, g_qd59, &in);
  ck_assert_ptr_nonnull(strstr(r.explanation_en, "1,000,000"));
  ck_assert_ptr_nonnull(strstr(r.explanation_vi, "1.000.000"));
  /* a 12-digit income is formatted whole */
  in = by_income(U, INT64_C(123456789012), dep);
  classify_ok(&r, g_nd07, &in);
  ck_assert_int_eq(r.cls, NON);
  ck_assert_ptr_nonnull(strstr(r.explanation_en, "123,456,789,012"));
  ck_assert_ptr_nonnull(strstr(r.explanation_vi, "123.456.789.012"));
  /* the result fits the buffers: NUL-terminated within them */
  ck_assert_uint_lt(strlen(r.explanation_en), POVREG_EXPLAIN_MAX);
  ck_assert_uint_lt(strlen(r.explanation_vi), POVREG_EXPLAIN_MAX);
}
END_TEST

/* The same input twice gives byte-identical results. */
START_TEST(test_deterministic)
{
  static const povreg_area areas[] = {R, U};
  const povreg_rulebook *rbs[3];
  size_t a, b, d;

  rbs[0] = g_qd59;
  rbs[1] = g_nd07;
  rbs[2] = g_nd351;
  for (b = 0; b < 3; b++) {
    for (a = 0; a < 2; a++) {
      for (d = 0; d <= 4; d++) {
        unsigned char dep[32];
        povreg_classify_input in;
        povreg_classify_result r1, r2;

        first_d(dep, rbs[b], (int)d);
        in = by_income(areas[a], 1000000 + (int64_t)d * 600000, dep);
        memset(&r1, 0x11, sizeof r1);
        memset(&r2, 0xee, sizeof r2);
        classify_ok(&r1, rbs[b], &in);
        classify_ok(&r2, rbs[b], &in);
        ck_assert_msg(memcmp(&r1, &r2, sizeof r1) == 0,
                      "%s area %zu D %zu: results differ", r1.standard_id, a,
                      d);
      }
    }
  }
}
END_TEST

/* skip_explanation leaves the explanations empty and nothing else. */
START_TEST(test_skip_explanation)
{
  unsigned char dep[32];
  povreg_classify_input in;
  povreg_classify_result full, bare;

  first_d(dep, g_nd07, 3);
  in = by_income(R, 1500000, dep);
  memset(&full, 0, sizeof full);
  memset(&bare, 0, sizeof bare);
  classify_ok(&full, g_nd07, &in);
  in.skip_explanation = 1;
  classify_ok(&bare, g_nd07, &in);
  ck_assert_str_eq(bare.explanation_en, "");
  ck_assert_str_eq(bare.explanation_vi, "");
  ck_assert_str_ne(full.explanation_en, "");
  memset(full.explanation_en, 0, sizeof full.explanation_en);
  memset(full.explanation_vi, 0, sizeof full.explanation_vi);
  ck_assert_int_eq(memcmp(&full, &bare, sizeof full), 0);
}
END_TEST

/* A rulebook chosen by status year classifies like the one by id. */
START_TEST(test_rulebook_by_year)
{
  povreg_rulebook *rb = NULL;
  unsigned char dep[32];
  povreg_classify_input in;
  povreg_classify_result r1, r2;

  TU_OK(povreg_rulebook_load(&rb, tu_db, NULL, 2026));
  ck_assert_str_eq(povreg_rulebook_id(rb), "ND07-2021");
  first_d(dep, rb, 3);
  in = by_income(U, 2000000, dep);
  memset(&r1, 0, sizeof r1);
  memset(&r2, 0, sizeof r2);
  classify_ok(&r1, rb, &in);
  classify_ok(&r2, g_nd07, &in);
  ck_assert_int_eq(memcmp(&r1, &r2, sizeof r1), 0);
  povreg_rulebook_free(rb);
}
END_TEST

/* Class keys and their parser. */
START_TEST(test_class_keys)
{
  static const char *const keys[] = {"poor", "near_poor", "average",
                                     "non_poor"};
  int c;

  for (c = POVREG_CLASS_POOR; c <= POVREG_CLASS_NON_POOR; c++) {
    ck_assert_str_eq(povreg_class_key((povreg_class)c), keys[c - 1]);
    ck_assert_int_eq(povreg_class_parse(keys[c - 1]), c);
    ck_assert_int_eq(povreg_class_parse(povreg_class_key((povreg_class)c)), c);
  }
  ck_assert_str_eq(povreg_class_key(POVREG_CLASS_NONE), "none");
  ck_assert_str_eq(povreg_class_key((povreg_class)99), "none");
  ck_assert_int_eq(povreg_class_parse("none"), POVREG_CLASS_NONE);
  ck_assert_int_eq(povreg_class_parse(NULL), POVREG_CLASS_NONE);
  ck_assert_int_eq(povreg_class_parse(""), POVREG_CLASS_NONE);
  ck_assert_int_eq(povreg_class_parse("Poor"), POVREG_CLASS_NONE);
  ck_assert_int_eq(povreg_class_parse("poor "), POVREG_CLASS_NONE);
  ck_assert_int_eq(povreg_class_parse("near-poor"), POVREG_CLASS_NONE);
}
END_TEST

/* The suite. */
static Suite *classify_suite(void)
{
  Suite *s = suite_create("classify");
  TCase *lines_tc = tcase_create("lines");
  TCase *score = tcase_create("score");
  TCase *errors = tcase_create("errors");
  TCase *results = tcase_create("results");

  tcase_add_checked_fixture(lines_tc, cl_setup, cl_teardown);
  tcase_add_checked_fixture(score, cl_setup, cl_teardown);
  tcase_add_checked_fixture(errors, cl_setup, cl_teardown);
  tcase_add_checked_fixture(results, cl_setup, cl_teardown);
  tcase_add_test(lines_tc, test_boundaries);
  tcase_add_test(lines_tc, test_null_deprived);
  tcase_add_test(lines_tc, test_deprived_count);
  tcase_add_test(score, test_score_form);
  tcase_add_test(score, test_income_wins_over_score);
  tcase_add_test(errors, test_score_without_form);
  tcase_add_test(errors, test_invalid_inputs);
  tcase_add_test(results, test_explanation_formats);
  tcase_add_test(results, test_deterministic);
  tcase_add_test(results, test_skip_explanation);
  tcase_add_test(results, test_rulebook_by_year);
  tcase_add_test(results, test_class_keys);
  suite_add_tcase(s, lines_tc);
  suite_add_tcase(s, score);
  suite_add_tcase(s, errors);
  suite_add_tcase(s, results);
  return s;
}

/* Run the suite; the exit status is the number of failed tests. */
int main(void)
{
  return tu_run(classify_suite());
}
