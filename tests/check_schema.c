/*
** check_schema.c: the schema of a freshly migrated ledger equals the
** reference dump schema/schema.sql, the ledger is marked with our
** application_id, and the migration ladder upgrades an old ledger one
** step per transaction.
*/
#include "check_util.h"

/* Our PRAGMA application_id ('povg'). */
#define APPLICATION_ID 1886351207

/*
** The schema of a connection as text: one "type|name|tbl_name|sql" line
** per object, sorted, SQLite's internal objects left out.  Allocated.
*/
static char *schema_of(sqlite3 *sq)
{
  sqlite3_stmt *st = NULL;
  tu_buf b = {NULL, 0, 0};
  int rc;

  tu_buf_str(&b, "");
  rc = sqlite3_prepare_v2(sq,
                          "SELECT type, name, tbl_name, coalesce(sql, '') "
                          "FROM sqlite_schema WHERE name NOT LIKE "
                          "'sqlite\\_%' ESCAPE '\\' ORDER BY type, name",
                          -1, &st, NULL);
  ck_assert_msg(rc == SQLITE_OK, "prepare: %s", sqlite3_errmsg(sq));
  while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
    int i;
    for (i = 0; i < 4; i++) {
      const char *t = (const char *)sqlite3_column_text(st, i);
      tu_buf_str(&b, t != NULL ? t : "");
      tu_buf_str(&b, i < 3 ? "|" : "\n");
    }
  }
  ck_assert_int_eq(rc, SQLITE_DONE);
  sqlite3_finalize(st);
  return b.p;
}

/* The reference schema: schema/schema.sql loaded into :memory:.  Allocated. */
static char *reference_schema(void)
{
  sqlite3 *sq = NULL;
  char *sql, *err = NULL, *out;
  int rc;

  sql = tu_read_file(POVREG_SOURCE_DIR "/schema/schema.sql", NULL);
  ck_assert_uint_gt(strlen(sql), 100);
  ck_assert_int_eq(sqlite3_open(":memory:", &sq), SQLITE_OK);
  rc = sqlite3_exec(sq, sql, NULL, NULL, &err);
  free(sql);
  if (rc != SQLITE_OK) {
    char msg[300];
    snprintf(msg, sizeof msg, "%s", err ? err : "?");
    sqlite3_free(err);
    sqlite3_close(sq);
    ck_abort_msg("schema/schema.sql does not load: %s", msg);
  }
  out = schema_of(sq);
  sqlite3_close(sq);
  return out;
}

/* Create a raw ledger at schema version 1 (only the first migration). */
static void make_v1(const char *path)
{
  sqlite3 *sq = NULL;

  ck_assert_int_eq(povreg__migrations[0].version, 1);
  ck_assert_int_eq(sqlite3_open(path, &sq), SQLITE_OK);
  tu_sq_exec_on(sq, povreg__migrations[0].sql);
  tu_sq_exec_on(sq, "PRAGMA user_version = 1");
  sqlite3_close(sq);
}

/* ---- core ---- */

START_TEST(test_schema_matches_reference)
{
  char *want = reference_schema(), *got;
  sqlite3 *sq;

  povreg_close(tu_db);
  tu_db = NULL;
  sq = tu_sq_open(tu_file);
  got = schema_of(sq);
  sqlite3_close(sq);
  ck_assert_uint_gt(strlen(got), 0);
  TU_ASSERT_SAME(want, got,
                 "schema/schema.sql (before) vs a new ledger (after); "
                 "run ./dev schema after adding a migration");
  free(want);
  free(got);
}
END_TEST

START_TEST(test_application_id)
{
  ck_assert_int_eq(tu_int(tu_db, "PRAGMA application_id"), APPLICATION_ID);
  ck_assert_int_eq(tu_int(tu_db, "PRAGMA user_version"),
                   povreg_schema_latest());
  /* the tables the core relies on are there, and STRICT */
  ck_assert_int_eq(tu_int(tu_db, "SELECT count(*) FROM sqlite_schema WHERE "
                                 "type = 'table' AND name IN ('unit', "
                                 "'unit_version', 'unit_flag', 'unit_kind', "
                                 "'ethnicity', 'village', 'household', "
                                 "'member', 'audit') AND sql LIKE "
                                 "'%STRICT'"),
                   9);
}
END_TEST

/*
** Migration 0010: the tables written row by row carry no CHECK with an IN
** list of three or more constants (SQLite builds a temporary b-tree for
** each row written), and the comparisons that replaced them accept and
** refuse the same values.
*/
START_TEST(test_checks_without_in_lists)
{
  static const char *const hot[] = {"household", "member", "classification",
                                    "review_household", "household_status"};
  static const char ok_class[] =
      "INSERT INTO classification(survey_id, status_year, standard_id, "
      "version, area, class, reason, deprived_count, deprived, detail, "
      "classified_at) VALUES (1, 2024, 'ND07-2021', 1, 'rural', '%s', 'r', "
      "0, '', '{}', 't')";
  char sql[512], *err = NULL;
  size_t i;
  sqlite3 *sq;

  povreg_close(tu_db);
  tu_db = NULL;
  sq = tu_sq_open(tu_file);
  for (i = 0; i < sizeof hot / sizeof hot[0]; i++) {
    sqlite3_stmt *st;
    const char *p;
    ck_assert_int_eq(sqlite3_prepare_v2(sq,
                                        "SELECT sql FROM sqlite_schema WHERE "
                                        "type = 'table' AND name = ?1",
                                        -1, &st, NULL),
                     SQLITE_OK);
    sqlite3_bind_text(st, 1, hot[i], -1, SQLITE_STATIC);
    ck_assert_int_eq(sqlite3_step(st), SQLITE_ROW);
    for (p = (const char *)sqlite3_column_text(st, 0);
         (p = strstr(p, " IN (")) != NULL; p++) {
      const char *end = strchr(p, ')');
      int commas = 0;
      const char *c;
      for (c = p; c < end; c++) {
        commas += *c == ',';
      }
      ck_assert_msg(commas < 2, "%s still checks an IN list: %.60s", hot[i], p);
    }
    sqlite3_finalize(st);
  }
  /* the same values pass and fail as before (foreign keys are off on this
     raw connection, so only the CHECKs decide) */
  snprintf(sql, sizeof sql, ok_class, "near_poor");
  ck_assert_int_eq(sqlite3_exec(sq, sql, NULL, NULL, NULL), SQLITE_OK);
  snprintf(sql, sizeof sql, ok_class, "rich");
  ck_assert_int_eq(sqlite3_exec(sq, sql, NULL, NULL, &err), SQLITE_CONSTRAINT);
  ck_assert_ptr_nonnull(strstr(err, "CHECK constraint failed"));
  sqlite3_free(err);
  ck_assert_int_eq(sqlite3_exec(sq,
                                "INSERT INTO review_household(review_id, "
                                "household_id, must_review, why, "
                                "proposed_class) VALUES (1, 1, 0, 'added', "
                                "NULL)",
                                NULL, NULL, NULL),
                   SQLITE_OK);
  ck_assert_int_eq(sqlite3_exec(sq,
                                "UPDATE review_household SET proposed_class "
                                "= 'average', override_class = 'poor', "
                                "override_reason = 'r'",
                                NULL, NULL, NULL),
                   SQLITE_OK);
  ck_assert_int_eq(sqlite3_exec(sq,
                                "UPDATE review_household SET proposed_class "
                                "= 'Poor'",
                                NULL, NULL, NULL),
                   SQLITE_CONSTRAINT);
  ck_assert_int_eq(sqlite3_exec(sq, "UPDATE review_household SET why = 'asked'",
                                NULL, NULL, NULL),
                   SQLITE_CONSTRAINT);
  ck_assert_int_eq(sqlite3_exec(sq,
                                "UPDATE review_household SET excused_reason "
                                "= 'other', excused_note = 'n'",
                                NULL, NULL, NULL),
                   SQLITE_OK);
  ck_assert_int_eq(sqlite3_exec(sq,
                                "UPDATE review_household SET excused_reason "
                                "= 'bored'",
                                NULL, NULL, NULL),
                   SQLITE_CONSTRAINT);
  sqlite3_close(sq);
}
END_TEST

START_TEST(test_migration_table)
{
  int i;

  ck_assert_int_ge(povreg__migration_count, 3);
  ck_assert_int_eq(povreg_schema_latest(), povreg__migration_count);
  for (i = 0; i < povreg__migration_count; i++) {
    const povreg__migration *m = &povreg__migrations[i];
    char prefix[16];
    size_t n = strlen(m->name);
    ck_assert_int_eq(m->version, i + 1);
    snprintf(prefix, sizeof prefix, "%04d_", m->version);
    ck_assert_msg(strncmp(m->name, prefix, 5) == 0, "%s lacks prefix %s",
                  m->name, prefix);
    ck_assert_msg(n > 9 && strcmp(m->name + n - 4, ".sql") == 0,
                  "%s is not a .sql name", m->name);
    ck_assert_uint_gt(strlen(m->sql), 0);
  }
  ck_assert_str_eq(povreg__migrations[0].name, "0001_ledger_core.sql");
}
END_TEST

START_TEST(test_ladder_from_v1)
{
  char path[700], *want, *got;
  povreg_unit *u = NULL;
  povreg_db *db;
  sqlite3 *sq;

  tu_path(path, sizeof path, "v1.db");
  make_v1(path);
  ck_assert_int_eq(tu_sq_int(path, "SELECT count(*) FROM unit"), 0);
  ck_assert_int_eq(tu_sq_int(path, "SELECT count(*) FROM ethnicity"), 0);
  db = tu_open(path, 0);
  ck_assert_int_eq(povreg_schema_version(db), povreg_schema_latest());
  ck_assert_int_eq(povreg_unit_get(&u, db, "23527", "2025-07-01"), POVREG_OK);
  ck_assert_str_eq(u->name, "Xã Sa Thầy");
  povreg_unit_free(u);
  ck_assert_int_eq(tu_int(db, "SELECT count(*) FROM ethnicity"), 54);
  /* one audit entry per step applied (2 and 3, not 1) */
  ck_assert_int_eq(tu_int(db, "SELECT count(*) FROM audit WHERE action = "
                              "'schema.migrate'"),
                   povreg_schema_latest() - 1);
  ck_assert_int_eq(tu_int(db, "SELECT count(*) FROM audit WHERE action = "
                              "'schema.migrate' AND entity_key = "
                              "'0001_ledger_core.sql'"),
                   0);
  povreg_close(db);
  /* the upgraded schema is the same as a new ledger's */
  want = reference_schema();
  sq = tu_sq_open(path);
  got = schema_of(sq);
  sqlite3_close(sq);
  TU_ASSERT_SAME(want, got, "reference vs ledger upgraded from v1");
  free(want);
  free(got);
}
END_TEST

/* ---- errors ---- */

/*
** Migration 0010 edits table definitions in place: on a ledger at schema
** 9 holding rows, the step keeps every row and the file sound, and the
** connection is defensive again afterwards (writable_schema refused).
*/
START_TEST(test_schema_edit_step)
{
  char path[700];
  povreg_db *db = NULL;
  sqlite3 *sq = NULL;
  int i;

  tu_path(path, sizeof path, "v9.db");
  ck_assert_int_eq(sqlite3_open(path, &sq), SQLITE_OK);
  for (i = 0; i < povreg__migration_count && povreg__migrations[i].version <= 9;
       i++) {
    ck_assert_ptr_null(
        strstr(povreg__migrations[i].sql, "-- povreg: edits sqlite_schema"));
    tu_sq_exec_on(sq, povreg__migrations[i].sql);
  }
  tu_sq_exec_on(sq, "PRAGMA user_version = 9");
  tu_sq_exec_on(sq, "INSERT INTO classification(survey_id, status_year, "
                    "standard_id, version, area, class, reason, "
                    "deprived_count, deprived, detail, classified_at) VALUES "
                    "(1, 2024, 'ND07-2021', 1, 'rural', 'average', 'r', 0, "
                    "'', '{}', 't')");
  sqlite3_close(sq);
  i = povreg_open(&db, path, 0);
  ck_assert_msg(i == POVREG_OK, "open: %d (%s)", i, povreg_errmsg(db));
  ck_assert_int_eq(povreg_schema_version(db), povreg_schema_latest());
  ck_assert_int_ne(sqlite3_exec(db->sq,
                                "PRAGMA writable_schema = ON; UPDATE "
                                "sqlite_schema SET sql = sql WHERE name = "
                                "'member'",
                                NULL, NULL, NULL),
                   SQLITE_OK);
  povreg_close(db);
  ck_assert_int_eq(tu_sq_int(path, "SELECT count(*) FROM classification "
                                   "WHERE class = 'average'"),
                   1);
  ck_assert_int_eq(tu_sq_int(path, "SELECT count(*) FROM pragma_"
                                   "integrity_check WHERE integrity_check = "
                                   "'ok'"),
                   1);
  ck_assert_int_eq(tu_sq_int(path, "SELECT count(*) FROM sqlite_schema WHERE "
                                   "name = 'member' AND sql LIKE "
                                   "'%relation = ''grandchild''%'"),
                   1);
}
END_TEST

START_TEST(test_failed_step_rolls_back)
{
  char path[700];
  povreg_db *db = NULL;
  int rc;

  tu_path(path, sizeof path, "v1-conflict.db");
  make_v1(path);
  /* a row that step 2 also inserts: the step must fail as a whole */
  tu_sq_exec(path, "INSERT INTO ethnicity VALUES ('01', 'Kinh', 'kinh', 0)");
  rc = povreg_open(&db, path, 0);
  ck_assert_int_lt(rc, 0);
  ck_assert_msg(tu_msg_has(db, "0002_ethnic_groups.sql"),
                "message '%s' does not name the step", povreg_errmsg(db));
  povreg_close(db);
  ck_assert_int_eq(tu_sq_int(path, "PRAGMA user_version"), 1);
  ck_assert_int_eq(tu_sq_int(path, "SELECT count(*) FROM ethnicity"), 1);
  ck_assert_int_eq(tu_sq_int(path, "SELECT count(*) FROM unit"), 0);
  ck_assert_int_eq(tu_sq_int(path, "SELECT count(*) FROM audit"), 0);
}
END_TEST

START_TEST(test_readonly_old_ledger)
{
  char path[700];
  povreg_db *db = NULL;
  int rc;

  tu_path(path, sizeof path, "v1.db");
  make_v1(path);
  rc = povreg_open(&db, path, POVREG_OPEN_READONLY);
  ck_assert_int_eq(rc, POVREG_EREADONLY);
  ck_assert_msg(tu_msg_has(db, "upgrad"), "message '%s'", povreg_errmsg(db));
  povreg_close(db);
  ck_assert_int_eq(tu_sq_int(path, "PRAGMA user_version"), 1);
  ck_assert_int_eq(tu_sq_int(path, "SELECT count(*) FROM unit"), 0);
}
END_TEST

/* The suite. */
static Suite *schema_suite(void)
{
  Suite *s = suite_create("schema");
  TCase *core = tcase_create("core");
  TCase *errors = tcase_create("errors");

  tcase_add_checked_fixture(core, tu_setup, tu_teardown);
  tcase_add_checked_fixture(errors, tu_setup, tu_teardown);
  tcase_add_test(core, test_schema_matches_reference);
  tcase_add_test(core, test_application_id);
  tcase_add_test(core, test_migration_table);
  tcase_add_test(core, test_checks_without_in_lists);
  tcase_add_test(core, test_ladder_from_v1);
  tcase_add_test(errors, test_failed_step_rolls_back);
  tcase_add_test(errors, test_schema_edit_step);
  tcase_add_test(errors, test_readonly_old_ledger);
  suite_add_tcase(s, core);
  suite_add_tcase(s, errors);
  return s;
}

/* Run the suite; the exit status is the number of failed tests. */
int main(void)
{
  return tu_run(schema_suite());
}
