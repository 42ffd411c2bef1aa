/*
** check_demo.c: the Sa Thầy demonstration ledgers.  The small sample
** (povreg_demo_build): its size, that the same seed gives the same
** ledger, that it refuses a ledger with data, and that what it builds
** obeys the ledger's rules (one active head per open household, audit
** entries for every change).  The plan's district (povreg_demo_build_seed)
** at scale 1 (about 116 households, so it stays quick under valgrind):
** eight approved reviews per commune under the right standards, statuses
** that follow the classifications and the standards' rules, transitions
** that reconcile, the plan's targets, and determinism.  The exact figures
** of the full district (scale 100) take half a minute to build and are
** checked by tests/cli/test_demo.sh.
*/
#include "check_util.h"

/* The seed and size the README and the CLI use. */
#define SEED 2016u
#define PER_COMMUNE 5
/* The scale of the plan's district in these tests (percent). */
#define SCALE 1

/* povreg_search callback: count hits in 23527. */
static int on_hit(const povreg_search_hit *h, void *payload)
{
  if (strcmp(h->commune_code, "23527") == 0 &&
      strcmp(h->full_name, "Nguyễn Văn Đức") == 0) {
    (*(int *)payload)++;
  }
  return 0;
}

/* Build the demo into the fixture's ledger. */
static void build(void)
{
  TU_OK(povreg_demo_build(tu_db, SEED, PER_COMMUNE));
}

/* Every household not dissolved has exactly one active head. */
static void assert_one_head_each(void)
{
  ck_assert_int_eq(tu_int(tu_db, "SELECT count(*) FROM household h WHERE "
                                 "h.dissolved_on IS NULL AND (SELECT "
                                 "count(*) FROM member m WHERE "
                                 "m.household_id = h.id AND m.status = "
                                 "'active' AND m.relation = 'head') <> 1"),
                   0);
}

/* ---- core ---- */

START_TEST(test_counts)
{
  povreg_counts c;
  int n = 0;

  build();
  TU_OK(povreg_counts_get(&c, tu_db, NULL));
  ck_assert_int_eq(c.villages, 50);
  ck_assert_int_eq(c.units, 18); /* the demo adds no units */
  ck_assert_int_ge(c.households, 11 * PER_COMMUNE);
  ck_assert_int_gt(c.members, c.households);
  ck_assert_int_eq(tu_int(tu_db, "SELECT count(*) FROM household WHERE "
                                 "split_from IS NULL"),
                   11 * PER_COMMUNE);
  /* splits add households */
  ck_assert_int_gt(tu_int(tu_db, "SELECT count(*) FROM household WHERE "
                                 "split_from IS NOT NULL"),
                   0);
  ck_assert_int_gt(c.households, 11 * PER_COMMUNE);
  /* every commune of Sa Thầy got its households and villages */
  ck_assert_int_eq(tu_int(tu_db, "SELECT count(DISTINCT commune_code) FROM "
                                 "household"),
                   11);
  ck_assert_int_eq(tu_int(tu_db, "SELECT count(*) FROM household WHERE "
                                 "village_id IS NULL"),
                   0);
  TU_OK(povreg_counts_get(&c, tu_db, "23527"));
  ck_assert_int_eq(c.villages, 6);
  ck_assert_int_ge(c.households, PER_COMMUNE);
  /* what the header promises: minorities, year-only birth dates, deaths */
  ck_assert_int_gt(tu_int(tu_db, "SELECT count(*) FROM member WHERE "
                                 "ethnicity_code <> '01'"),
                   0);
  ck_assert_int_gt(tu_int(tu_db, "SELECT count(*) FROM member WHERE "
                                 "ethnicity_code = '01'"),
                   0);
  ck_assert_int_gt(tu_int(tu_db, "SELECT count(*) FROM member WHERE "
                                 "length(birth_date) = 4"),
                   0);
  /* the README's example */
  TU_OK(povreg_search(tu_db, "nguyen van duc", POVREG_SEARCH_NAME, 0, on_hit,
                      &n));
  ck_assert_int_ge(n, 1);
  /* the ledger's rules hold: exactly one active head per open household */
  assert_one_head_each();
  /* no open household without active members, no dissolved one with */
  ck_assert_int_eq(tu_int(tu_db, "SELECT count(*) FROM household h WHERE "
                                 "(h.dissolved_on IS NULL) <> EXISTS (SELECT "
                                 "1 FROM member m WHERE m.household_id = "
                                 "h.id AND m.status = 'active')"),
                   0);
  /* the foreign keys and CHECKs hold */
  ck_assert_int_eq(tu_int(tu_db, "SELECT count(*) FROM "
                                 "pragma_foreign_key_check"),
                   0);
  {
    char *ok = tu_text(tu_db, "PRAGMA integrity_check");
    ck_assert_str_eq(ok, "ok");
    free(ok);
  }
  /* the search index matches the members */
  ck_assert_int_eq(tu_int(tu_db, "SELECT count(*) FROM member_name_fts"),
                   tu_int(tu_db, "SELECT count(*) FROM member"));
  /* every household and member was added through the audited API */
  ck_assert_int_eq(tu_int(tu_db, "SELECT count(*) FROM audit WHERE action = "
                                 "'household.add'"),
                   tu_int(tu_db, "SELECT count(*) FROM household"));
  ck_assert_int_eq(tu_int(tu_db, "SELECT count(*) FROM audit WHERE action = "
                                 "'member.add'"),
                   tu_int(tu_db, "SELECT count(*) FROM member"));
  ck_assert_int_eq(tu_int(tu_db, "SELECT count(*) FROM audit WHERE action = "
                                 "'village.add'"),
                   50);
  /* citizen IDs are 12 digits and start with Kon Tum's 062 */
  ck_assert_int_eq(tu_int(tu_db, "SELECT count(*) FROM member WHERE "
                                 "citizen_id IS NOT NULL AND citizen_id NOT "
                                 "LIKE '062%'"),
                   0);
}
END_TEST

/* With enough households per commune every kind of life event happens. */
START_TEST(test_life_events)
{
  TU_OK(povreg_demo_build(tu_db, SEED, 14));
  ck_assert_int_gt(tu_int(tu_db, "SELECT count(*) FROM household WHERE "
                                 "split_from IS NOT NULL"),
                   0);
  ck_assert_int_gt(tu_int(tu_db, "SELECT count(*) FROM member WHERE status "
                                 "= 'died'"),
                   0);
  /* moves between existing households (not into a split-off one) */
  ck_assert_int_gt(tu_int(tu_db, "SELECT count(*) FROM member m JOIN "
                                 "household h ON h.id = m.household_id "
                                 "WHERE h.split_from IS NULL AND "
                                 "m.joined_on IS NOT NULL"),
                   0);
  assert_one_head_each();
}
END_TEST

START_TEST(test_deterministic)
{
  char path[700];
  povreg_db *other;
  char *h1, *h2, *m1, *m2;

  build();
  tu_path(path, sizeof path, "second.db");
  other = tu_open(path, POVREG_OPEN_CREATE);
  ck_assert_int_eq(povreg_demo_build(other, SEED, PER_COMMUNE), POVREG_OK);
  h1 = tu_dump_table(tu_db, "household");
  h2 = tu_dump_table(other, "household");
  m1 = tu_dump_table(tu_db, "member");
  m2 = tu_dump_table(other, "member");
  ck_assert_uint_gt(strlen(h1), 1000);
  TU_ASSERT_SAME(h1, h2, "household tables of two builds with one seed");
  TU_ASSERT_SAME(m1, m2, "member tables of two builds with one seed");
  free(h1);
  free(h2);
  free(m1);
  free(m2);
  povreg_close(other);
  /* another seed, other people */
  tu_path(path, sizeof path, "other.db");
  other = tu_open(path, POVREG_OPEN_CREATE);
  ck_assert_int_eq(povreg_demo_build(other, SEED + 1, PER_COMMUNE), POVREG_OK);
  m2 = tu_dump_table(other, "member");
  m1 = tu_dump_table(tu_db, "member");
  ck_assert_msg(strcmp(m1, m2) != 0, "seeds %u and %u gave the same members",
                SEED, SEED + 1);
  free(m1);
  free(m2);
  povreg_close(other);
}
END_TEST

/* ---- the plan's district (povreg_demo_build_seed) ---- */

/* povreg_transitions callback: count rows, non-reconciling rows, flows. */
static int on_transition(const povreg_transition_row *r, void *payload)
{
  long *t = payload;

  t[0]++;
  t[1] += !r->reconciles;
  t[2] += r->escaped;
  t[3] += r->relapsed;
  t[4] += r->newly;
  t[5] += r->left;
  t[6] += r->to_poor;
  return 0;
}

/* Poor households recognised for a status year. */
static long long poor_of(povreg_db *db, int year)
{
  char sql[160];

  snprintf(sql, sizeof sql,
           "SELECT count(*) FROM current_status WHERE status_year = %d AND "
           "class = 'poor'",
           year);
  return tu_int(db, sql);
}

/* What two seed builds must share: the ledger's people and decisions. */
static char *seed_dump(povreg_db *db)
{
  static const char *const tables[] = {"household",   "member",
                                       "survey",      "survey_tick",
                                       "application", "complaint"};
  tu_buf b = {NULL, 0, 0};
  size_t i;
  char *statuses;

  for (i = 0; i < sizeof tables / sizeof tables[0]; i++) {
    char *d = tu_dump_table(db, tables[i]);
    tu_buf_str(&b, d);
    free(d);
  }
  statuses = tu_text(db, "SELECT group_concat(household_id || ':' || "
                         "status_year || ':' || class || ':' || decision, "
                         "';') FROM (SELECT * FROM household_status ORDER "
                         "BY id)");
  tu_buf_str(&b, statuses);
  free(statuses);
  return b.p;
}

/*
** The plan's district at scale 1: what it holds and how it was built,
** and a second build with the same seed gives the same people, surveys
** and decisions.  (Two builds only: this runner also runs under
** valgrind.)
*/
START_TEST(test_seed)
{
  long t[7] = {0, 0, 0, 0, 0, 0, 0};
  char path[700];
  povreg_db *same;
  char *a, *b;
  int y;

  TU_OK(povreg_demo_build_seed(tu_db, SEED, SCALE));
  tu_path(path, sizeof path, "same.db");
  same = tu_open(path, POVREG_OPEN_CREATE);
  ck_assert_int_eq(povreg_demo_build_seed(same, SEED, SCALE), POVREG_OK);
  a = seed_dump(tu_db);
  b = seed_dump(same);
  ck_assert_uint_gt(strlen(a), 10000);
  TU_ASSERT_SAME(a, b, "two builds of the plan's district with one seed");
  free(a);
  free(b);
  povreg_close(same);
  /* villages: làng, thôn and the town's tổ dân phố; no unit added */
  ck_assert_int_eq(tu_int(tu_db, "SELECT count(*) FROM village"), 70);
  ck_assert_int_eq(tu_int(tu_db, "SELECT count(*) FROM village WHERE kind "
                                 "= 'to_dan_pho' AND commune_code = "
                                 "'23527'"),
                   6);
  ck_assert_int_eq(tu_int(tu_db, "SELECT count(*) FROM unit"), 18);
  ck_assert_int_eq(tu_int(tu_db, "SELECT count(DISTINCT commune_code) FROM "
                                 "household"),
                   11);
  /* the periodic reviews of 2015-2022 in every commune, all approved,
     QD59-2015 for 2016-2021 and ND07-2021 for 2022-2023 */
  ck_assert_int_eq(tu_int(tu_db, "SELECT count(*) FROM review WHERE kind = "
                                 "'periodic' AND approved = 1 AND year "
                                 "BETWEEN 2015 AND 2022"),
                   88);
  ck_assert_int_eq(tu_int(tu_db, "SELECT count(*) FROM review"), 88);
  ck_assert_int_eq(tu_int(tu_db, "SELECT count(*) FROM review WHERE "
                                 "(status_year <= 2021) <> (standard_id = "
                                 "'QD59-2015')"),
                   0);
  /* 2015 and 2021 survey every household; statuses for 2016-2023 */
  ck_assert_int_eq(tu_int(tu_db, "SELECT count(*) FROM household h WHERE "
                                 "h.created_on <= '2016-01-01' AND NOT "
                                 "EXISTS (SELECT 1 FROM current_status s "
                                 "WHERE s.household_id = h.id AND "
                                 "s.status_year = 2016)"),
                   0);
  ck_assert_int_eq(tu_int(tu_db, "SELECT count(*) FROM household h WHERE "
                                 "h.created_on <= '2021-09-01' AND "
                                 "(h.dissolved_on IS NULL OR h.dissolved_on "
                                 "> '2021-09-01') AND NOT EXISTS (SELECT 1 "
                                 "FROM current_status s WHERE "
                                 "s.household_id = h.id AND s.status_year = "
                                 "2022)"),
                   0);
  ck_assert_int_eq(tu_int(tu_db, "SELECT count(DISTINCT status_year) FROM "
                                 "household_status WHERE status_year "
                                 "BETWEEN 2016 AND 2023"),
                   8);
  /* every status is a review's decision on its own classification */
  ck_assert_int_eq(tu_int(tu_db, "SELECT count(*) FROM household_status s "
                                 "LEFT JOIN review_household rh ON "
                                 "rh.review_id = s.review_id AND "
                                 "rh.household_id = s.household_id LEFT "
                                 "JOIN classification c ON c.id = "
                                 "rh.classification_id WHERE c.class IS "
                                 "NOT s.class OR rh.override_class IS NOT "
                                 "NULL"),
                   0);
  /* every indicator ticked, an income and the working-capacity fact */
  ck_assert_int_eq(tu_int(tu_db, "SELECT count(*) FROM survey s WHERE "
                                 "(SELECT count(*) FROM survey_tick t WHERE "
                                 "t.survey_id = s.id) <> CASE WHEN "
                                 "s.review_year <= 2020 THEN 10 ELSE 12 END "
                                 "OR s.income IS NULL OR NOT EXISTS (SELECT "
                                 "1 FROM survey_fact f WHERE f.survey_id = "
                                 "s.id AND f.key = 'no_working_capacity')"),
                   0);
  /* the standards' rules: QD59-2015 near-poor and ND07-2021 poor */
  ck_assert_int_eq(tu_int(tu_db, "SELECT count(*) FROM classification WHERE "
                                 "(standard_id = 'QD59-2015' AND class = "
                                 "'near_poor' AND deprived_count >= 3) OR "
                                 "(standard_id = 'ND07-2021' AND class = "
                                 "'poor' AND deprived_count < 3)"),
                   0);
  ck_assert_int_gt(tu_int(tu_db, "SELECT count(*) FROM classification WHERE "
                                 "standard_id = 'QD59-2015' AND class = "
                                 "'poor' AND deprived_count < 3"),
                   0);
  /* poverty falls through 2021, rises with the 2022 standard */
  ck_assert_int_gt(poor_of(tu_db, 2016), 30);
  for (y = 2017; y <= 2021; y++) {
    ck_assert_msg(poor_of(tu_db, y) < poor_of(tu_db, y - 1),
                  "poor %d: %lld, %d: %lld", y - 1, poor_of(tu_db, y - 1), y,
                  poor_of(tu_db, y));
  }
  ck_assert_int_gt(poor_of(tu_db, 2022), poor_of(tu_db, 2021));
  /* every year's changes reconcile; people escape, relapse, arise */
  for (y = 2017; y <= 2023; y++) {
    TU_OK(povreg_transitions(tu_db, NULL, y, on_transition, t));
  }
  ck_assert_int_eq(t[0], 7 * 11 * 2);
  ck_assert_int_eq(t[1], 0);
  ck_assert_int_gt(t[2], 0);
  ck_assert_int_gt(t[3], 0);
  ck_assert_int_gt(t[4], 0);
  /* applications taken up, complaints resolved */
  ck_assert_int_gt(tu_int(tu_db, "SELECT count(*) FROM application"), 0);
  ck_assert_int_eq(tu_int(tu_db, "SELECT count(*) FROM application WHERE "
                                 "review_id IS NULL"),
                   0);
  ck_assert_int_gt(tu_int(tu_db, "SELECT count(*) FROM complaint"), 0);
  ck_assert_int_eq(tu_int(tu_db, "SELECT count(*) FROM complaint WHERE "
                                 "resolved_on IS NULL"),
                   0);
  /* the plan's targets for the district */
  ck_assert_int_eq(tu_int(tu_db, "SELECT count(*) FROM target WHERE "
                                 "unit_code = '616' AND class = 'poor' AND "
                                 "measure = 'reduction' AND value = 600 AND "
                                 "year BETWEEN 2017 AND 2021"),
                   5);
  ck_assert_int_eq(tu_int(tu_db, "SELECT value FROM target WHERE year = "
                                 "2021 AND class = 'poor' AND measure = "
                                 "'rate'"),
                   1034);
  ck_assert_int_eq(tu_int(tu_db, "SELECT count(*) FROM target"), 8);
  /* life goes on: splits, departures, deaths, births, marriages */
  ck_assert_int_gt(tu_int(tu_db, "SELECT count(*) FROM household WHERE "
                                 "split_from IS NOT NULL"),
                   0);
  ck_assert_int_gt(tu_int(tu_db, "SELECT count(*) FROM household WHERE "
                                 "dissolved_on IS NOT NULL"),
                   0);
  ck_assert_int_gt(tu_int(tu_db, "SELECT count(*) FROM member WHERE status "
                                 "= 'died'"),
                   0);
  ck_assert_int_gt(tu_int(tu_db, "SELECT count(*) FROM member WHERE "
                                 "birth_date >= '2016'"),
                   0);
  /* the ledger's rules hold */
  assert_one_head_each();
  ck_assert_int_eq(tu_int(tu_db, "SELECT count(*) FROM "
                                 "pragma_foreign_key_check"),
                   0);
  ck_assert_int_eq(tu_int(tu_db, "SELECT count(*) FROM member_name_fts"),
                   tu_int(tu_db, "SELECT count(*) FROM member"));
  ck_assert_int_eq(tu_int(tu_db, "SELECT count(*) FROM household h WHERE "
                                 "NOT EXISTS (SELECT 1 FROM audit a WHERE "
                                 "a.entity = 'household' AND a.entity_key = "
                                 "h.code)"),
                   0);
  ck_assert_int_eq(tu_int(tu_db, "SELECT count(*) FROM audit WHERE action = "
                                 "'member.add'"),
                   tu_int(tu_db, "SELECT count(*) FROM member"));
  /* the README's example */
  {
    char *name = tu_text(tu_db, "SELECT full_name FROM member m JOIN "
                                "household h ON h.id = m.household_id WHERE "
                                "h.code = '23527-000001' AND m.member_no = "
                                "1");
    ck_assert_str_eq(name, "Nguyễn Văn Đức");
    free(name);
  }
}
END_TEST

/* ---- errors ---- */

START_TEST(test_second_build_refused)
{
  TU_OK(povreg_demo_build(tu_db, SEED, 1));
  TU_FAILS(POVREG_EEXISTS, "demo", povreg_demo_build(tu_db, SEED, PER_COMMUNE));
  TU_FAILS(POVREG_EEXISTS, "demo", povreg_demo_build(tu_db, 7, 1));
}
END_TEST

START_TEST(test_refused_on_any_data)
{
  char c[33];

  TU_OK(povreg_village_add(NULL, tu_db, "23530", "Thôn 9", NULL));
  TU_FAILS(POVREG_EEXISTS, "demo", povreg_demo_build(tu_db, SEED, 1));
  tu_teardown();
  tu_setup();
  tu_add_household(c, NULL, "23530", "2020-01-01", "Lê Văn Tám", "M", "1960");
  TU_FAILS(POVREG_EEXISTS, "demo", povreg_demo_build(tu_db, SEED, 1));
}
END_TEST

START_TEST(test_seed_refused)
{
  TU_OK(povreg_village_add(NULL, tu_db, "23530", "Thôn 9", NULL));
  TU_FAILS(POVREG_EEXISTS, "demo", povreg_demo_build_seed(tu_db, SEED, 1));
  TU_FAILS(POVREG_EINVALID, "scale_percent",
           povreg_demo_build_seed(tu_db, SEED, 0));
  TU_FAILS(POVREG_EINVALID, "scale_percent",
           povreg_demo_build_seed(tu_db, SEED, 101));
  TU_FAILS(POVREG_EINVALID, "scale_percent",
           povreg_demo_build_seed(tu_db, SEED, -5));
  ck_assert_int_eq(povreg_demo_build_seed(NULL, SEED, 1), POVREG_EINVALID);
}
END_TEST

START_TEST(test_bad_size)
{
  TU_FAILS(POVREG_EINVALID, "households_per_commune",
           povreg_demo_build(tu_db, SEED, 0));
  TU_FAILS(POVREG_EINVALID, "households_per_commune",
           povreg_demo_build(tu_db, SEED, -1));
  TU_FAILS(POVREG_EINVALID, "households_per_commune",
           povreg_demo_build(tu_db, SEED, 100001));
  ck_assert_int_eq(povreg_demo_build(NULL, SEED, 1), POVREG_EINVALID);
}
END_TEST

/* The suite. */
static Suite *demo_suite(void)
{
  Suite *s = suite_create("demo");
  TCase *core = tcase_create("core");
  TCase *errors = tcase_create("errors");

  tcase_add_checked_fixture(core, tu_setup, tu_teardown);
  tcase_add_checked_fixture(errors, tu_setup, tu_teardown);
  tcase_add_test(core, test_counts);
  tcase_add_test(core, test_life_events);
  tcase_add_test(core, test_deterministic);
  tcase_add_test(core, test_seed);
  tcase_add_test(errors, test_second_build_refused);
  tcase_add_test(errors, test_refused_on_any_data);
  tcase_add_test(errors, test_bad_size);
  tcase_add_test(errors, test_seed_refused);
  suite_add_tcase(s, core);
  suite_add_tcase(s, errors);
  return s;
}

/* Run the suite; the exit status is the number of failed tests. */
int main(void)
{
  return tu_run(demo_suite());
}
