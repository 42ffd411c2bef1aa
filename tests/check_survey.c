/*
** check_survey.c: surveys and the classification of stored households,
** end to end on the fixture ledger: recording (and replacing) a survey,
** deriving every indicator not ticked, ages and membership at the
** reference date, the commune's area on that date, saving results, and
** every refusal leaving the ledger as it was.
*/
#include "check_util.h"

/* The fixture household in 23536 (Xã Mô Rai, rural throughout). */
static char g_hh[33];

/* Member numbers of g_hh. */
#define HEAD 1   /* born 1980-03-10 */
#define SPOUSE 2 /* born 1982-05-20 */
#define CHILD 3  /* born 2019-10-01: exactly 6 on 2025-10-01 */

/* The review of the fixture: held in 2025, statuses for 2026 (ND07-2021). */
#define REVIEW 2025
#define STATUS 2026
#define REF "2025-10-01"

/* Fixture: a fresh ledger with g_hh and its three members. */
static void sv_setup(void)
{
  tu_setup();
  tu_add_household(g_hh, NULL, "23536", "2020-01-15", "Nguyễn Văn An", "M",
                   "1980-03-10");
  ck_assert_int_eq(
      tu_add_member(g_hh, "Trần Thị Bình", "F", "1982-05-20", "spouse"),
      SPOUSE);
  ck_assert_int_eq(
      tu_add_member(g_hh, "Nguyễn Văn Cường", "M", "2019-10-01", "child"),
      CHILD);
}

/* ---- building surveys ---- */

/* A survey being built: the spec and the storage it points into. */
typedef struct sv {
  povreg_survey_spec s;
  povreg_fact f[48];
  povreg_tick t[16];
  size_t nf, nt;
} sv;

/* Start a survey of REVIEW at ref with an income (income < 0: none). */
static void sv_init(sv *v, const char *ref, int64_t income)
{
  memset(v, 0, sizeof *v);
  v->s.review_year = REVIEW;
  v->s.reference_date = ref;
  v->s.surveyed_on = "2025-10-15";
  v->s.enumerator = "Rà soát viên A";
  if (income >= 0) {
    v->s.has_income = 1;
    v->s.income = income;
  }
}

/* Add a fact of the household (no 0) or of member no. */
static void sv_fact(sv *v, int no, const char *key, const char *value)
{
  ck_assert_uint_lt(v->nf, sizeof v->f / sizeof v->f[0]);
  v->f[v->nf].member_no = no;
  v->f[v->nf].key = key;
  v->f[v->nf].value = value;
  v->nf++;
}

/* Remove every fact of a key (household and members). */
static void sv_drop(sv *v, const char *key)
{
  size_t i, o = 0;

  for (i = 0; i < v->nf; i++) {
    if (strcmp(v->f[i].key, key) != 0) {
      v->f[o++] = v->f[i];
    }
  }
  ck_assert_uint_lt(o, v->nf);
  v->nf = o;
}

/* Add an enumerator's tick. */
static void sv_tick(sv *v, const char *key, int deprived)
{
  ck_assert_uint_lt(v->nt, sizeof v->t / sizeof v->t[0]);
  v->t[v->nt].key = key;
  v->t[v->nt].deprived = deprived;
  v->nt++;
}

/* The spec with its pointers set (valid while v lives). */
static const povreg_survey_spec *sv_spec(sv *v)
{
  v->s.facts = v->f;
  v->s.n_facts = v->nf;
  v->s.ticks = v->t;
  v->s.n_ticks = v->nt;
  return &v->s;
}

/*
** The fixture's survey: employment ticked deprived, nutrition ticked not;
** facts for every other ND07-2021 indicator.  Deprived: employment (tick),
** health_insurance (the child, 6 on REF, has no card), housing_quality (2
** non-durable parts).  D = 3: with 1,400,000 rural, poor.
*/
static void sv_fixture(sv *v, const char *ref)
{
  sv_init(v, ref, 1400000);
  sv_tick(v, "employment", 1);
  sv_tick(v, "nutrition", 0);
  sv_fact(v, 0, "nondurable_parts", "2");
  sv_fact(v, 0, "living_area_m2", "30");
  sv_fact(v, 0, "water_source", "piped");
  sv_fact(v, 0, "latrine", "septic");
  sv_fact(v, 0, "uses_internet", "1");
  sv_fact(v, 0, "has_tv", "1");
  sv_fact(v, HEAD, "has_health_insurance", "1");
  sv_fact(v, HEAD, "disabled", "0");
  sv_fact(v, SPOUSE, "has_health_insurance", "1");
  sv_fact(v, SPOUSE, "disabled", "0");
  sv_fact(v, CHILD, "has_health_insurance", "0");
  sv_fact(v, CHILD, "in_school", "1");
}

/* Record a survey that must be recorded. */
static void record(const char *hh, sv *v)
{
  TU_OK(povreg_survey_record(tu_db, hh, sv_spec(v)));
}

/* Classify that must succeed.  Caller frees with povreg_evaluation_free. */
static povreg_evaluation *classify(const char *hh, int year, const char *std,
                                   int save)
{
  povreg_evaluation *ev = NULL;

  TU_OK(povreg_household_classify(&ev, tu_db, hh, year, std, save));
  ck_assert_ptr_nonnull(ev);
  return ev;
}

/* The evaluation of one indicator (must be there). */
static const povreg_indicator_eval *ind_of(const povreg_evaluation *ev,
                                           const char *key)
{
  size_t i;

  for (i = 0; i < ev->n_indicators; i++) {
    if (strcmp(ev->indicators[i].key, key) == 0) {
      return &ev->indicators[i];
    }
  }
  ck_abort_msg("no indicator %s", key);
  return NULL;
}

/* Whether an indicator came out deprived. */
static int dep_of(const povreg_evaluation *ev, const char *key)
{
  return ind_of(ev, key)->deprived;
}

/* The id of g_hh's survey of REVIEW (raw). */
static long long survey_id(const char *hh)
{
  char sql[256];

  snprintf(sql, sizeof sql,
           "SELECT s.id FROM survey s JOIN household h ON h.id = "
           "s.household_id WHERE h.code = '%s' AND s.review_year = %d",
           hh, REVIEW);
  return tu_int(tu_db, sql);
}

/* ---- classification ---- */

/* Every indicator evaluated, ticks marked, derived ones with a basis. */
START_TEST(test_classify_full)
{
  static const char *const keys[] = {
      "employment",       "dependants",      "nutrition",
      "health_insurance", "adult_education", "child_schooling",
      "housing_quality",  "housing_area",    "water",
      "latrine",          "telecom",         "info_access"};
  povreg_evaluation *ev;
  char *before, *after;
  sv v;
  size_t i;

  sv_fixture(&v, REF);
  record(g_hh, &v);
  before = tu_dump(tu_db);
  ev = classify(g_hh, STATUS, NULL, 0);
  after = tu_dump(tu_db);
  TU_ASSERT_SAME(before, after, "classify with save=0");
  free(before);
  free(after);
  ck_assert_str_eq(ev->household_code, g_hh);
  ck_assert_str_eq(ev->commune_code, "23536");
  ck_assert_int_eq(ev->review_year, REVIEW);
  ck_assert_int_eq(ev->status_year, STATUS);
  ck_assert_str_eq(ev->reference_date, REF);
  ck_assert_int_eq(ev->area, POVREG_AREA_RURAL);
  ck_assert_uint_eq(ev->n_indicators, 12);
  for (i = 0; i < 12; i++) {
    const povreg_indicator_eval *e = &ev->indicators[i];
    int ticked =
        strcmp(e->key, "employment") == 0 || strcmp(e->key, "nutrition") == 0;
    ck_assert_str_eq(e->key, keys[i]);
    ck_assert_msg(e->ticked == ticked, "%s: ticked %d", e->key, e->ticked);
    ck_assert_msg(e->basis[0] != '\0', "%s: no basis", e->key);
  }
  ck_assert_int_eq(dep_of(ev, "employment"), 1);
  ck_assert_int_eq(dep_of(ev, "nutrition"), 0);
  ck_assert_int_eq(dep_of(ev, "dependants"), 0);
  ck_assert_int_eq(dep_of(ev, "health_insurance"), 1);
  ck_assert_int_eq(dep_of(ev, "adult_education"), 0);
  ck_assert_int_eq(dep_of(ev, "child_schooling"), 0);
  ck_assert_int_eq(dep_of(ev, "housing_quality"), 1);
  ck_assert_int_eq(dep_of(ev, "housing_area"), 0);
  ck_assert_int_eq(dep_of(ev, "water"), 0);
  ck_assert_int_eq(dep_of(ev, "latrine"), 0);
  ck_assert_int_eq(dep_of(ev, "telecom"), 0);
  ck_assert_int_eq(dep_of(ev, "info_access"), 0);
  ck_assert_msg(strstr(ind_of(ev, "health_insurance")->basis, "member 3") !=
                    NULL,
                "basis '%s'", ind_of(ev, "health_insurance")->basis);
  ck_assert_msg(strstr(ind_of(ev, "housing_area")->basis, "3 members") != NULL,
                "basis '%s'", ind_of(ev, "housing_area")->basis);
  ck_assert_int_eq(ev->result.cls, POVREG_CLASS_POOR);
  ck_assert_str_eq(ev->result.reason, "income_at_or_below_line_deprived");
  ck_assert_int_eq(ev->result.deprived_count, 3);
  ck_assert_int_eq(ev->result.cutoff, 3);
  ck_assert_int_eq(ev->result.value, 1400000);
  ck_assert_int_eq(ev->result.poverty_line, 1500000);
  ck_assert_int_eq(ev->result.average_line, 2250000);
  ck_assert_str_eq(ev->result.standard_id, "ND07-2021");
  ck_assert_int_eq(ev->result.version, 1);
  ck_assert_str_ne(ev->result.explanation_en, "");
  ck_assert_str_ne(ev->result.explanation_vi, "");
  povreg_evaluation_free(ev);
  /* the standard named explicitly gives the same */
  ev = classify(g_hh, STATUS, "ND07-2021", 0);
  ck_assert_int_eq(ev->result.cls, POVREG_CLASS_POOR);
  povreg_evaluation_free(ev);
  povreg_evaluation_free(NULL);
}
END_TEST

/* The day before the child's 6th birthday: not counted for insurance. */
START_TEST(test_birthday_flip)
{
  povreg_evaluation *ev;
  sv v;

  sv_fixture(&v, "2025-09-30");
  record(g_hh, &v);
  ev = classify(g_hh, STATUS, NULL, 0);
  ck_assert_str_eq(ev->reference_date, "2025-09-30");
  ck_assert_int_eq(dep_of(ev, "health_insurance"), 0);
  ck_assert_int_eq(ev->result.deprived_count, 2);
  ck_assert_int_eq(ev->result.cls, POVREG_CLASS_NEAR_POOR);
  ck_assert_str_eq(ev->result.reason, "income_at_or_below_line_not_deprived");
  povreg_evaluation_free(ev);
  /* on the birthday itself: deprived again */
  sv_fixture(&v, REF);
  record(g_hh, &v);
  ev = classify(g_hh, STATUS, NULL, 0);
  ck_assert_int_eq(dep_of(ev, "health_insurance"), 1);
  ck_assert_int_eq(ev->result.cls, POVREG_CLASS_POOR);
  povreg_evaluation_free(ev);
}
END_TEST

/* Add a grandparent (born 1950, insured) to g_hh; returns the number. */
static int add_grandparent(void)
{
  return tu_add_member(g_hh, "Nguyễn Văn Dũng", "M", "1950-01-01", "parent");
}

/* A member who died before the reference date does not count. */
START_TEST(test_died_before)
{
  povreg_evaluation *ev;
  int gp = add_grandparent();
  sv v;

  /* died first, surveyed after: the dead member needs no fact */
  TU_OK(povreg_member_leave(tu_db, g_hh, gp, "died", "2025-09-01", 0));
  sv_fixture(&v, REF);
  record(g_hh, &v);
  ev = classify(g_hh, STATUS, NULL, 0);
  /* 30 m2 / 3 members = 10: not deprived; dependants 1 of 3 */
  ck_assert_int_eq(dep_of(ev, "housing_area"), 0);
  ck_assert_msg(strstr(ind_of(ev, "housing_area")->basis, "3 members") != NULL,
                "basis '%s'", ind_of(ev, "housing_area")->basis);
  ck_assert_msg(strstr(ind_of(ev, "dependants")->basis, "1 of 3") != NULL,
                "basis '%s'", ind_of(ev, "dependants")->basis);
  ck_assert_int_eq(ev->result.deprived_count, 3);
  povreg_evaluation_free(ev);
}
END_TEST

/* A member who died after the reference date still counts. */
START_TEST(test_died_after)
{
  povreg_evaluation *ev;
  int gp = add_grandparent();
  sv v;

  /* died after the reference date, before the survey was recorded: a
     member on that date, whose facts the survey records */
  TU_OK(povreg_member_leave(tu_db, g_hh, gp, "died", "2025-11-01", 0));
  sv_fixture(&v, REF);
  sv_fact(&v, gp, "has_health_insurance", "1");
  record(g_hh, &v);
  ev = classify(g_hh, STATUS, NULL, 0);
  /* 30 m2 / 4 members = 7.5: deprived; dependants 2 of 4 (not above) */
  ck_assert_int_eq(dep_of(ev, "housing_area"), 1);
  ck_assert_msg(strstr(ind_of(ev, "housing_area")->basis, "4 members") != NULL,
                "basis '%s'", ind_of(ev, "housing_area")->basis);
  ck_assert_int_eq(dep_of(ev, "dependants"), 0);
  ck_assert_msg(strstr(ind_of(ev, "dependants")->basis, "2 of 4") != NULL,
                "basis '%s'", ind_of(ev, "dependants")->basis);
  ck_assert_int_eq(ev->result.deprived_count, 4);
  povreg_evaluation_free(ev);
}
END_TEST

/* Died on the reference date: not a member on that date. */
START_TEST(test_died_on_reference_date)
{
  povreg_evaluation *ev;
  int gp = add_grandparent();
  sv v;

  sv_fixture(&v, REF);
  sv_fact(&v, gp, "has_health_insurance", "1");
  record(g_hh, &v);
  TU_OK(povreg_member_leave(tu_db, g_hh, gp, "died", REF, 0));
  ev = classify(g_hh, STATUS, NULL, 0);
  ck_assert_msg(strstr(ind_of(ev, "housing_area")->basis, "3 members") != NULL,
                "basis '%s'", ind_of(ev, "housing_area")->basis);
  povreg_evaluation_free(ev);
}
END_TEST

/* Born, or joined, after the reference date: not yet a member. */
START_TEST(test_born_or_joined_after)
{
  povreg_member_spec m = tu_person("Lê Văn Em", "M", "1995-02-02", "other");
  povreg_evaluation *ev;
  sv v;

  tu_add_member(g_hh, "Nguyễn Thị Bé", "F", "2025-11-01", "child");
  m.joined_on = "2025-12-01";
  TU_OK(povreg_member_add(NULL, tu_db, g_hh, &m));
  sv_fixture(&v, REF);
  record(g_hh, &v);
  ev = classify(g_hh, STATUS, NULL, 0);
  ck_assert_msg(strstr(ind_of(ev, "housing_area")->basis, "3 members") != NULL,
                "basis '%s'", ind_of(ev, "housing_area")->basis);
  ck_assert_int_eq(dep_of(ev, "housing_area"), 0);
  povreg_evaluation_free(ev);
}
END_TEST

/* A birth date known only by its year: born on 07-01 of that year. */
START_TEST(test_year_only_birth)
{
  povreg_evaluation *ev;
  char hh[33];
  sv v;
  int child;

  tu_add_household(hh, NULL, "23536", "2020-01-15", "Y Blô", "M", "1990");
  child = tu_add_member(hh, "Y Khoa", "M", "2019", "child");
  ck_assert_int_eq(child, 2);
  sv_init(&v, "2025-06-30", 1000000);
  sv_fact(&v, 0, "unemployed_members", "0");
  sv_fact(&v, 0, "malnourished_children", "0");
  sv_fact(&v, 0, "nondurable_parts", "0");
  sv_fact(&v, 0, "living_area_m2", "40");
  sv_fact(&v, 0, "water_source", "rain");
  sv_fact(&v, 0, "latrine", "pour_flush");
  sv_fact(&v, 0, "uses_internet", "1");
  sv_fact(&v, 0, "has_tv", "1");
  sv_fact(&v, 1, "has_health_insurance", "1");
  sv_fact(&v, 1, "disabled", "0");
  sv_fact(&v, child, "has_health_insurance", "0");
  sv_fact(&v, child, "in_school", "1");
  record(hh, &v);
  ev = classify(hh, STATUS, NULL, 0);
  /* 2019 -> 2019-07-01: 5 on 2025-06-30 */
  ck_assert_int_eq(dep_of(ev, "health_insurance"), 0);
  povreg_evaluation_free(ev);
  v.s.reference_date = "2025-07-01";
  record(hh, &v);
  ev = classify(hh, STATUS, NULL, 0);
  ck_assert_int_eq(dep_of(ev, "health_insurance"), 1);
  ck_assert_msg(strstr(ind_of(ev, "health_insurance")->basis, "age 6") != NULL,
                "basis '%s'", ind_of(ev, "health_insurance")->basis);
  /* the year-only head (35) is outside every education band */
  ck_assert_int_eq(dep_of(ev, "adult_education"), 0);
  ck_assert_int_eq(ev->result.deprived_count, 1);
  ck_assert_int_eq(ev->result.cls, POVREG_CLASS_NEAR_POOR);
  povreg_evaluation_free(ev);
}
END_TEST

/*
** Values outside the accepted list are deprived, the basis names them and
** a saved result stays valid JSON.  A value that is not a vocabulary key
** (free Vietnamese text, "Piped") is an error naming the indicator, not a
** silent "deprived"; a tab is refused when the survey is recorded.
*/
START_TEST(test_fact_value_text)
{
  static const char *const values[] = {"unprotected_well", "surface", "other"};
  size_t i;

  for (i = 0; i < sizeof values / sizeof values[0]; i++) {
    povreg_evaluation *ev = NULL;
    const povreg_indicator_eval *w;
    sv v;
    int rc;

    sv_fixture(&v, REF);
    sv_drop(&v, "water_source");
    sv_fact(&v, 0, "water_source", values[i]);
    record(g_hh, &v);
    rc = povreg_household_classify(&ev, tu_db, g_hh, STATUS, NULL, 1);
    ck_assert_msg(rc == POVREG_OK, "water_source '%s': %d (%s)", values[i], rc,
                  povreg_errmsg(tu_db));
    w = ind_of(ev, "water");
    ck_assert_int_eq(w->deprived, 1);
    ck_assert_msg(povreg__utf8_valid(w->basis),
                  "water_source '%s': basis is not valid UTF-8: '%s'",
                  values[i], w->basis);
    povreg_evaluation_free(ev);
  }
  ck_assert_int_eq(tu_int(tu_db, "SELECT count(*) FROM classification "
                                 "WHERE json_valid(detail)"),
                   3);
  {
    povreg_evaluation *ev = NULL;
    sv v;
    sv_fixture(&v, REF);
    sv_drop(&v, "water_source");
    sv_fact(&v, 0, "water_source", "nguồn nước giếng đào không được bảo vệ");
    record(g_hh, &v);
    TU_FAILS(POVREG_EINVALID, "water_source",
             povreg_household_classify(&ev, tu_db, g_hh, STATUS, NULL, 1));
    ck_assert_ptr_null(ev);
  }
  {
    povreg_survey_spec spec;
    povreg_fact tab = {0, "water_source", "a\tb"};
    memset(&spec, 0, sizeof spec);
    spec.review_year = 2025;
    spec.reference_date = "2025-10-01";
    spec.has_income = 1;
    spec.income = 1000000;
    spec.facts = &tab;
    spec.n_facts = 1;
    TU_FAILS(POVREG_EINVALID, "water_source",
             povreg_survey_record(tu_db, g_hh, &spec));
  }
}
END_TEST

/* ---- recording ---- */

/* Ticks must be indicators of the standard governing review_year + 1. */
START_TEST(test_tick_not_indicator)
{
  sv v;

  sv_fixture(&v, REF);
  sv_tick(&v, "info_assets", 1); /* QD59-2015 only */
  TU_FAILS(POVREG_EINVALID, "info_assets",
           povreg_survey_record(tu_db, g_hh, sv_spec(&v)));
  sv_fixture(&v, REF);
  sv_tick(&v, "waste", 0); /* ND351-2025 only */
  TU_FAILS(POVREG_EINVALID, "waste",
           povreg_survey_record(tu_db, g_hh, sv_spec(&v)));
  sv_fixture(&v, REF);
  sv_tick(&v, "employment", 0); /* ticked twice */
  TU_FAILS(POVREG_EINVALID, "employment",
           povreg_survey_record(tu_db, g_hh, sv_spec(&v)));
  sv_fixture(&v, REF);
  sv_tick(&v, "water", 2);
  TU_FAILS(POVREG_EINVALID, "water",
           povreg_survey_record(tu_db, g_hh, sv_spec(&v)));
  sv_fixture(&v, REF);
  sv_tick(&v, "Water", 1);
  TU_FAILS(POVREG_EINVALID, NULL,
           povreg_survey_record(tu_db, g_hh, sv_spec(&v)));
  ck_assert_int_eq(tu_int(tu_db, "SELECT count(*) FROM survey"), 0);
}
END_TEST

/* Other refusals of a survey, each leaving the ledger as it was. */
START_TEST(test_record_errors)
{
  sv v;

  sv_fixture(&v, REF);
  TU_FAILS(POVREG_ENOTFOUND, NULL,
           povreg_survey_record(tu_db, "NO-SUCH-HH", sv_spec(&v)));
  v.s.review_year = 2040; /* status 2041: no standard */
  TU_FAILS(POVREG_EINVALID, "review_year",
           povreg_survey_record(tu_db, g_hh, sv_spec(&v)));
  sv_fixture(&v, REF);
  v.s.has_income = 0;
  TU_FAILS(POVREG_EINVALID, "income",
           povreg_survey_record(tu_db, g_hh, sv_spec(&v)));
  v.s.has_income = 1;
  v.s.income = -1;
  TU_FAILS(POVREG_EINVALID, "income",
           povreg_survey_record(tu_db, g_hh, sv_spec(&v)));
  v.s.income = 1400000;
  v.s.has_score_a = 1;
  v.s.score_a = -3;
  TU_FAILS(POVREG_EINVALID, "score_a",
           povreg_survey_record(tu_db, g_hh, sv_spec(&v)));
  sv_fixture(&v, "2025-02-30");
  TU_FAILS(POVREG_EINVALID, "reference_date",
           povreg_survey_record(tu_db, g_hh, sv_spec(&v)));
  sv_fixture(&v, NULL);
  TU_FAILS(POVREG_EINVALID, "reference_date",
           povreg_survey_record(tu_db, g_hh, sv_spec(&v)));
  sv_fixture(&v, REF);
  v.s.surveyed_on = "2027-01-01"; /* after today */
  TU_FAILS(POVREG_EINVALID, "surveyed_on",
           povreg_survey_record(tu_db, g_hh, sv_spec(&v)));
  sv_fixture(&v, REF);
  sv_fact(&v, 9, "has_health_insurance", "1"); /* no member 9 */
  TU_FAILS(POVREG_ENOTFOUND, "9",
           povreg_survey_record(tu_db, g_hh, sv_spec(&v)));
  sv_fixture(&v, REF);
  sv_fact(&v, 0, "Living_area", "30");
  TU_FAILS(POVREG_EINVALID, "fact",
           povreg_survey_record(tu_db, g_hh, sv_spec(&v)));
  sv_fixture(&v, REF);
  sv_fact(&v, 0, "living_area_m2", "31"); /* given twice */
  TU_FAILS(POVREG_EINVALID, "living_area_m2",
           povreg_survey_record(tu_db, g_hh, sv_spec(&v)));
  sv_fixture(&v, REF);
  sv_drop(&v, "latrine");
  sv_fact(&v, 0, "latrine", NULL);
  TU_FAILS(POVREG_EINVALID, "latrine",
           povreg_survey_record(tu_db, g_hh, sv_spec(&v)));
  ck_assert_int_eq(povreg_survey_record(tu_db, g_hh, NULL), POVREG_EINVALID);
  ck_assert_int_eq(tu_int(tu_db, "SELECT count(*) FROM survey"), 0);
}
END_TEST

/* Recording again replaces the answers (old ticks gone), audited. */
START_TEST(test_rerecord)
{
  povreg_evaluation *ev;
  long long sid;
  char sql[768];
  sv v;

  sv_fixture(&v, REF);
  record(g_hh, &v);
  sid = survey_id(g_hh);
  ck_assert_int_eq(tu_int(tu_db, "SELECT count(*) FROM survey_tick"), 2);
  /* the same survey without ticks: the facts decide */
  sv_fixture(&v, REF);
  v.nt = 0;
  v.s.income = 1600000;
  sv_fact(&v, 0, "unemployed_members", "0");
  sv_fact(&v, 0, "malnourished_children", "1");
  record(g_hh, &v);
  ck_assert_int_eq(survey_id(g_hh), sid);
  ck_assert_int_eq(tu_int(tu_db, "SELECT count(*) FROM survey"), 1);
  ck_assert_int_eq(tu_int(tu_db, "SELECT count(*) FROM survey_tick"), 0);
  ck_assert_int_eq(tu_int(tu_db, "SELECT income FROM survey"), 1600000);
  ck_assert_int_eq(tu_int(tu_db, "SELECT count(*) FROM survey_fact"), 8);
  ck_assert_int_eq(tu_int(tu_db, "SELECT count(*) FROM survey_member_fact"), 6);
  ev = classify(g_hh, STATUS, NULL, 0);
  ck_assert_int_eq(ind_of(ev, "employment")->ticked, 0);
  ck_assert_int_eq(dep_of(ev, "employment"), 0);
  ck_assert_int_eq(ind_of(ev, "nutrition")->ticked, 0);
  ck_assert_int_eq(dep_of(ev, "nutrition"), 1);
  ck_assert_int_eq(ev->result.value, 1600000);
  ck_assert_int_eq(ev->result.cls, POVREG_CLASS_AVERAGE);
  povreg_evaluation_free(ev);
  /* audited: a record, then a replace with the old answers */
  snprintf(sql, sizeof sql,
           "SELECT count(*) FROM audit WHERE action = 'survey.record' AND "
           "entity_key = '%s/%d' AND old_value IS NULL",
           g_hh, REVIEW);
  ck_assert_int_eq(tu_int(tu_db, sql), 1);
  snprintf(sql, sizeof sql,
           "SELECT count(*) FROM audit WHERE action = 'survey.replace' AND "
           "entity_key = '%s/%d' AND "
           "json_extract(old_value, '$.ticks.employment') = 1 AND "
           "json_extract(old_value, '$.income') = 1400000 AND "
           "json_extract(new_value, '$.income') = 1600000",
           g_hh, REVIEW);
  ck_assert_int_eq(tu_int(tu_db, sql), 1);
}
END_TEST

/* A fact a rule needs and the survey lacks: an error naming both. */
START_TEST(test_missing_fact)
{
  povreg_evaluation *ev = NULL;
  sv v;

  sv_fixture(&v, REF);
  sv_drop(&v, "living_area_m2");
  record(g_hh, &v);
  TU_FAILS(POVREG_EINVALID, "housing_area",
           povreg_household_classify(&ev, tu_db, g_hh, STATUS, NULL, 0));
  ck_assert_ptr_null(ev);
  TU_FAILS(POVREG_EINVALID, "living_area_m2",
           povreg_household_classify(&ev, tu_db, g_hh, STATUS, NULL, 1));
  ck_assert_ptr_null(ev);
  /* a member fact: the child (6) has no insurance fact */
  sv_fixture(&v, REF);
  sv_drop(&v, "has_health_insurance");
  sv_fact(&v, HEAD, "has_health_insurance", "1");
  sv_fact(&v, SPOUSE, "has_health_insurance", "1");
  record(g_hh, &v);
  TU_FAILS(POVREG_EINVALID, "has_health_insurance",
           povreg_household_classify(&ev, tu_db, g_hh, STATUS, NULL, 1));
  TU_FAILS(POVREG_EINVALID, "health_insurance",
           povreg_household_classify(&ev, tu_db, g_hh, STATUS, NULL, 0));
  ck_assert_ptr_null(ev);
  /* ticking it instead settles it */
  sv_tick(&v, "health_insurance", 1);
  record(g_hh, &v);
  ev = classify(g_hh, STATUS, NULL, 0);
  ck_assert_int_eq(ind_of(ev, "health_insurance")->ticked, 1);
  ck_assert_int_eq(ev->result.cls, POVREG_CLASS_POOR);
  povreg_evaluation_free(ev);
}
END_TEST

/* ---- area, saving, other standards ---- */

/* 23527 was urban (thị trấn) until 2025-06-30 and is rural since. */
START_TEST(test_area_by_reference_date)
{
  povreg_evaluation *ev;
  char hh[33];
  sv v;

  tu_add_household(hh, NULL, "23527", "2020-01-15", "Đinh Văn Hải", "M",
                   "1975-04-04");
  sv_init(&v, "2025-06-30", 1800000);
  sv_tick(&v, "employment", 1);
  sv_tick(&v, "nutrition", 1);
  sv_tick(&v, "housing_quality", 1);
  sv_fact(&v, 0, "living_area_m2", "30");
  sv_fact(&v, 0, "water_source", "piped");
  sv_fact(&v, 0, "latrine", "septic");
  sv_fact(&v, 0, "uses_internet", "1");
  sv_fact(&v, 0, "has_tv", "1");
  sv_fact(&v, 1, "has_health_insurance", "1");
  sv_fact(&v, 1, "disabled", "0");
  record(hh, &v);
  ev = classify(hh, STATUS, NULL, 0);
  ck_assert_str_eq(ev->commune_code, "23527");
  ck_assert_int_eq(ev->area, POVREG_AREA_URBAN);
  ck_assert_int_eq(ev->result.poverty_line, 2000000);
  ck_assert_int_eq(ev->result.average_line, 3000000);
  ck_assert_int_eq(ev->result.cls, POVREG_CLASS_POOR);
  povreg_evaluation_free(ev);
  v.s.reference_date = "2025-07-01";
  record(hh, &v);
  ev = classify(hh, STATUS, NULL, 0);
  ck_assert_int_eq(ev->area, POVREG_AREA_RURAL);
  ck_assert_int_eq(ev->result.poverty_line, 1500000);
  povreg_evaluation_free(ev);
  v.s.reference_date = "2025-10-01";
  record(hh, &v);
  ev = classify(hh, STATUS, NULL, 1);
  ck_assert_str_eq(ev->commune_code, "23527");
  ck_assert_int_eq(ev->area, POVREG_AREA_RURAL);
  ck_assert_int_eq(ev->result.poverty_line, 1500000);
  ck_assert_int_eq(ev->result.cls, POVREG_CLASS_AVERAGE);
  ck_assert_str_eq(ev->result.reason, "income_in_average_band");
  povreg_evaluation_free(ev);
  ck_assert_int_eq(tu_int(tu_db, "SELECT count(*) FROM classification WHERE "
                                 "area = 'rural' AND class = 'average'"),
                   1);
}
END_TEST

/* save=1 stores a row and an audit entry; save=0 writes nothing. */
START_TEST(test_save)
{
  povreg_evaluation *ev;
  char sql[768], *text, *before, *after;
  long long sid;
  sv v;

  sv_fixture(&v, REF);
  record(g_hh, &v);
  sid = survey_id(g_hh);
  before = tu_dump(tu_db);
  ev = classify(g_hh, STATUS, NULL, 0);
  povreg_evaluation_free(ev);
  after = tu_dump(tu_db);
  TU_ASSERT_SAME(before, after, "save=0");
  free(before);
  free(after);
  ck_assert_int_eq(tu_int(tu_db, "SELECT count(*) FROM classification"), 0);
  ev = classify(g_hh, STATUS, NULL, 1);
  ck_assert_int_eq(ev->result.cls, POVREG_CLASS_POOR);
  povreg_evaluation_free(ev);
  ck_assert_int_eq(tu_int(tu_db, "SELECT count(*) FROM classification"), 1);
  snprintf(
      sql, sizeof sql,
      "SELECT count(*) FROM classification WHERE survey_id = %lld AND "
      "status_year = %d AND standard_id = 'ND07-2021' AND version = 1 "
      "AND area = 'rural' AND class = 'poor' AND reason = "
      "'income_at_or_below_line_deprived' AND deprived_count = 3 AND "
      "json_valid(detail) AND json_extract(detail, '$.cutoff') = 3 "
      "AND json_extract(detail, '$.used_score') = 0 AND json_extract(detail, "
      "'$.poverty_line') = 1500000 AND json_extract(detail, '$.value') "
      "= 1400000 AND json_extract(detail, '$.reference_date') = '%s'",
      sid, STATUS, REF);
  ck_assert_int_eq(tu_int(tu_db, sql), 1);
  text = tu_text(tu_db, "SELECT deprived FROM classification");
  ck_assert_str_eq(text, "employment,health_insurance,housing_quality");
  free(text);
  /* the detail names the enumerator's ticks (the rest was derived); the
     explanation and the basis sentences are not stored: classifying the
     survey again rebuilds them */
  text = tu_text(tu_db, "SELECT json_extract(detail, '$.ticked') FROM "
                        "classification");
  ck_assert_str_eq(text, "employment,nutrition");
  free(text);
  ck_assert_int_eq(tu_int(tu_db, "SELECT count(*) FROM classification WHERE "
                                 "detail LIKE '%explanation%' OR detail LIKE "
                                 "'%basis%'"),
                   0);
  snprintf(sql, sizeof sql,
           "SELECT count(*) FROM audit WHERE action = 'household.classify' "
           "AND entity_key = '%s/%d' AND json_extract(new_value, "
           "'$.class') = 'poor'",
           g_hh, STATUS);
  ck_assert_int_eq(tu_int(tu_db, sql), 1);
  /* classifying again appends; the first row stays */
  ev = classify(g_hh, STATUS, NULL, 1);
  povreg_evaluation_free(ev);
  ck_assert_int_eq(tu_int(tu_db, "SELECT count(*) FROM classification"), 2);
}
END_TEST

/* Under ND351-2025 the waste fact is needed. */
START_TEST(test_nd351)
{
  povreg_evaluation *ev = NULL;
  sv v;

  sv_fixture(&v, REF);
  record(g_hh, &v);
  TU_FAILS(
      POVREG_EINVALID, "waste",
      povreg_household_classify(&ev, tu_db, g_hh, STATUS, "ND351-2025", 1));
  TU_FAILS(POVREG_EINVALID, "waste_handling",
           povreg_household_classify(&ev, tu_db, g_hh, 2027, NULL, 0));
  ck_assert_ptr_null(ev);
  sv_fact(&v, 0, "waste_handling", "burned");
  record(g_hh, &v);
  ev = classify(g_hh, STATUS, "ND351-2025", 0);
  ck_assert_str_eq(ev->result.standard_id, "ND351-2025");
  ck_assert_uint_eq(ev->n_indicators, 12);
  ck_assert_str_eq(ev->indicators[11].key, "waste");
  ck_assert_int_eq(ev->indicators[11].deprived, 1);
  ck_assert_int_eq(ev->result.poverty_line, 2200000);
  ck_assert_int_eq(ev->result.average_line, 0);
  ck_assert_int_eq(ev->result.deprived_count, 4);
  ck_assert_int_eq(ev->result.cls, POVREG_CLASS_POOR);
  povreg_evaluation_free(ev);
  /* status year 2027 takes ND351-2025 by default, from the 2025 survey */
  ev = classify(g_hh, 2027, NULL, 0);
  ck_assert_str_eq(ev->result.standard_id, "ND351-2025");
  ck_assert_int_eq(ev->review_year, REVIEW);
  ck_assert_int_eq(ev->status_year, 2027);
  povreg_evaluation_free(ev);
}
END_TEST

/* A survey by score A only: the score form decides. */
START_TEST(test_score_survey)
{
  povreg_evaluation *ev;
  sv v;

  sv_fixture(&v, REF);
  v.s.has_income = 0;
  v.s.has_score_a = 1;
  v.s.score_a = 140;
  record(g_hh, &v);
  ev = classify(g_hh, STATUS, NULL, 0);
  ck_assert_int_eq(ev->result.used_score, 1);
  ck_assert_int_eq(ev->result.score_b, 30);
  ck_assert_int_eq(ev->result.cls, POVREG_CLASS_POOR);
  ck_assert_str_eq(ev->result.reason, "score_a_at_or_below_line_deprived");
  povreg_evaluation_free(ev);
  /* ND351-2025 has no score form: refused, naming score_a */
  sv_fact(&v, 0, "waste_handling", "collected");
  record(g_hh, &v);
  ev = NULL;
  TU_FAILS(
      POVREG_EINVALID, "score_a",
      povreg_household_classify(&ev, tu_db, g_hh, STATUS, "ND351-2025", 1));
  ck_assert_ptr_null(ev);
}
END_TEST

/* The latest survey held before the status year is the one used. */
START_TEST(test_latest_survey)
{
  povreg_evaluation *ev;
  sv v;

  sv_fixture(&v, "2024-10-01");
  v.s.review_year = 2024;
  v.s.income = 1000000;
  record(g_hh, &v);
  sv_fixture(&v, REF);
  record(g_hh, &v);
  ev = classify(g_hh, STATUS, NULL, 0);
  ck_assert_int_eq(ev->review_year, REVIEW);
  ck_assert_int_eq(ev->result.value, 1400000);
  povreg_evaluation_free(ev);
  ev = classify(g_hh, 2025, NULL, 0);
  ck_assert_int_eq(ev->review_year, 2024);
  ck_assert_str_eq(ev->reference_date, "2024-10-01");
  ck_assert_int_eq(ev->result.value, 1000000);
  /* the child is 5 on 2024-10-01: not counted for insurance */
  ck_assert_int_eq(dep_of(ev, "health_insurance"), 0);
  povreg_evaluation_free(ev);
  /* a later status year with no newer survey still uses 2025's */
  ev = classify(g_hh, 2027, "ND07-2021", 0);
  ck_assert_int_eq(ev->review_year, REVIEW);
  povreg_evaluation_free(ev);
}
END_TEST

/* A corrected threshold (a new data version) is used and recorded. */
START_TEST(test_corrected_version)
{
  povreg_evaluation *ev;
  char *json = NULL, *fixed, *p;
  const char *from = "\"below\":8", *to = "\"below\":10";
  size_t a;
  int v2 = 0;
  sv v;

  sv_fixture(&v, REF);
  sv_drop(&v, "living_area_m2");
  sv_fact(&v, 0, "living_area_m2", "29.5"); /* 9.83 per member */
  record(g_hh, &v);
  ev = classify(g_hh, STATUS, NULL, 1);
  ck_assert_int_eq(dep_of(ev, "housing_area"), 0);
  ck_assert_int_eq(ev->result.version, 1);
  povreg_evaluation_free(ev);
  /* ND07-2021 version 2: housing area below 10 m2 per person */
  TU_OK(povreg_standard_export(&json, tu_db, "ND07-2021"));
  p = strstr(json, from);
  ck_assert_ptr_nonnull(p);
  a = (size_t)(p - json);
  fixed = malloc(strlen(json) + 2);
  ck_assert_ptr_nonnull(fixed);
  memcpy(fixed, json, a);
  memcpy(fixed + a, to, strlen(to));
  memcpy(fixed + a + strlen(to), p + strlen(from),
         strlen(p + strlen(from)) + 1);
  TU_OK(povreg_standard_import(&v2, tu_db, fixed));
  ck_assert_int_eq(v2, 2);
  free(fixed);
  povreg_free(json);
  ev = classify(g_hh, STATUS, NULL, 1);
  ck_assert_int_eq(dep_of(ev, "housing_area"), 1);
  ck_assert_int_eq(ev->result.version, 2);
  ck_assert_int_eq(ev->result.deprived_count, 4);
  povreg_evaluation_free(ev);
  /* both results kept, each naming its version */
  ck_assert_int_eq(tu_int(tu_db, "SELECT count(*) FROM classification WHERE "
                                 "version = 1 AND deprived NOT LIKE "
                                 "'%housing_area%'"),
                   1);
  ck_assert_int_eq(tu_int(tu_db, "SELECT count(*) FROM classification WHERE "
                                 "version = 2 AND deprived LIKE "
                                 "'%housing_area%'"),
                   1);
}
END_TEST

/* No survey, no household, no standard: ENOTFOUND, nothing written. */
START_TEST(test_not_found)
{
  povreg_evaluation *ev = NULL;
  char hh[33];
  sv v;

  tu_add_household(hh, NULL, "23536", "2020-01-15", "Hồ Thị Nga", "F",
                   "1988-08-08");
  TU_FAILS(POVREG_ENOTFOUND, "survey",
           povreg_household_classify(&ev, tu_db, hh, STATUS, NULL, 1));
  ck_assert_ptr_null(ev);
  sv_fixture(&v, REF);
  record(g_hh, &v);
  /* the 2025 survey sets 2026, not 2025 */
  TU_FAILS(POVREG_ENOTFOUND, "survey",
           povreg_household_classify(&ev, tu_db, g_hh, REVIEW, NULL, 1));
  TU_FAILS(
      POVREG_ENOTFOUND, NULL,
      povreg_household_classify(&ev, tu_db, "NO-SUCH-HH", STATUS, NULL, 1));
  TU_FAILS(POVREG_ENOTFOUND, NULL,
           povreg_household_classify(&ev, tu_db, g_hh, 2040, NULL, 1));
  TU_FAILS(POVREG_ENOTFOUND, NULL,
           povreg_household_classify(&ev, tu_db, g_hh, STATUS, "NOPE", 1));
  ck_assert_ptr_null(ev);
  ck_assert_int_eq(
      povreg_household_classify(NULL, tu_db, g_hh, STATUS, NULL, 0),
      POVREG_EINVALID);
}
END_TEST

/* The suite. */
static Suite *survey_suite(void)
{
  Suite *s = suite_create("survey");
  TCase *cls = tcase_create("classify");
  TCase *rec = tcase_create("record");
  TCase *more = tcase_create("more");

  tcase_add_checked_fixture(cls, sv_setup, tu_teardown);
  tcase_add_checked_fixture(rec, sv_setup, tu_teardown);
  tcase_add_checked_fixture(more, sv_setup, tu_teardown);
  tcase_add_test(cls, test_classify_full);
  tcase_add_test(cls, test_birthday_flip);
  tcase_add_test(cls, test_died_before);
  tcase_add_test(cls, test_died_after);
  tcase_add_test(cls, test_died_on_reference_date);
  tcase_add_test(cls, test_born_or_joined_after);
  tcase_add_test(cls, test_year_only_birth);
  tcase_add_test(cls, test_fact_value_text);
  tcase_add_test(rec, test_tick_not_indicator);
  tcase_add_test(rec, test_record_errors);
  tcase_add_test(rec, test_rerecord);
  tcase_add_test(rec, test_missing_fact);
  tcase_add_test(more, test_area_by_reference_date);
  tcase_add_test(more, test_save);
  tcase_add_test(more, test_nd351);
  tcase_add_test(more, test_score_survey);
  tcase_add_test(more, test_not_found);
  tcase_add_test(more, test_latest_survey);
  tcase_add_test(more, test_corrected_version);
  suite_add_tcase(s, cls);
  suite_add_tcase(s, rec);
  suite_add_tcase(s, more);
  return s;
}

/* Run the suite; the exit status is the number of failed tests. */
int main(void)
{
  return tu_run(survey_suite());
}
