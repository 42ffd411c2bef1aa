/*
** check_demo.c: the Sa Thầy demonstration ledger: its size, that the
** same seed gives the same ledger, that it refuses a ledger with data,
** and that what it builds obeys the ledger's rules (one active head per
** open household, audit entries for every change).
*/
#include "check_util.h"

/* The seed and size the README and the CLI use. */
#define SEED 2016u
#define PER_COMMUNE 5

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
  ck_assert_int_eq(tu_int(tu_db, "SELECT count(*) FROM household h WHERE "
                                 "h.dissolved_on IS NULL AND (SELECT "
                                 "count(*) FROM member m WHERE "
                                 "m.household_id = h.id AND m.status = "
                                 "'active' AND m.relation = 'head') <> 1"),
                   0);
}
END_TEST

START_TEST(test_rules_hold)
{
  build();
  /* exactly one active head in every open household */
  ck_assert_int_eq(tu_int(tu_db, "SELECT count(*) FROM household h WHERE "
                                 "h.dissolved_on IS NULL AND (SELECT "
                                 "count(*) FROM member m WHERE "
                                 "m.household_id = h.id AND m.status = "
                                 "'active' AND m.relation = 'head') <> 1"),
                   0);
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
}
END_TEST

START_TEST(test_other_seed_differs)
{
  char path[700];
  povreg_db *other;
  char *m1, *m2;

  build();
  tu_path(path, sizeof path, "second.db");
  other = tu_open(path, POVREG_OPEN_CREATE);
  ck_assert_int_eq(povreg_demo_build(other, SEED + 1, PER_COMMUNE), POVREG_OK);
  m1 = tu_dump_table(tu_db, "member");
  m2 = tu_dump_table(other, "member");
  ck_assert_msg(strcmp(m1, m2) != 0, "seeds %u and %u gave the same members",
                SEED, SEED + 1);
  free(m1);
  free(m2);
  povreg_close(other);
}
END_TEST

/* ---- errors ---- */

START_TEST(test_second_build_refused)
{
  build();
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
  tcase_add_test(core, test_rules_hold);
  tcase_add_test(core, test_life_events);
  tcase_add_test(core, test_deterministic);
  tcase_add_test(core, test_other_seed_differs);
  tcase_add_test(errors, test_second_build_refused);
  tcase_add_test(errors, test_refused_on_any_data);
  tcase_add_test(errors, test_bad_size);
  suite_add_tcase(s, core);
  suite_add_tcase(s, errors);
  return s;
}

/* Run the suite; the exit status is the number of failed tests. */
int main(void)
{
  return tu_run(demo_suite());
}
