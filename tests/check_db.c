/*
** check_db.c: opening and creating ledgers, refusing files that are not
** ledgers (or are newer), read-only use, result codes and messages,
** NULL-safety, "today" and the operator in the audit log.
*/
#include <pwd.h>

#include "check_util.h"

/* povreg_village_list callback: count villages. */
static int count_village(const povreg_village *v, void *payload)
{
  (void)v;
  (*(int *)payload)++;
  return 0;
}

/* Open a path expecting failure with `code`; return the message copy. */
static void open_fails(const char *path, unsigned flags, int code, char *msg,
                       size_t n)
{
  povreg_db *db = NULL;
  int rc = povreg_open(&db, path, flags);

  snprintf(msg, n, "%s", povreg_errmsg(db));
  ck_assert_ptr_nonnull(db); /* set even on failure */
  povreg_close(db);
  ck_assert_msg(rc == code, "open %s: got %d (%s), expected %d", path, rc, msg,
                code);
}

/* ---- core ---- */

/*
** The statement cache grows: 300 distinct call sites (more than its first
** 128 slots) are each prepared once, and the same statement comes back
** for the same SQL after the table has grown.
*/
START_TEST(test_statement_cache_grows)
{
  static char sqls[300][32];
  sqlite3_stmt *first[300];
  size_t i;

  for (i = 0; i < 300; i++) {
    snprintf(sqls[i], sizeof sqls[i], "SELECT %zu", i);
  }
  for (i = 0; i < 300; i++) {
    sqlite3_stmt *st = NULL;
    TU_OK(povreg__stmt(tu_db, sqls[i], &st));
    ck_assert_ptr_nonnull(st);
    ck_assert_int_eq(sqlite3_step(st), SQLITE_ROW);
    ck_assert_int_eq(sqlite3_column_int(st, 0), (int)i);
    povreg__stmt_done(st);
    first[i] = st;
  }
  ck_assert_uint_ge(tu_db->n_stmt_slots, 512);
  for (i = 0; i < 300; i++) {
    sqlite3_stmt *st = NULL;
    TU_OK(povreg__stmt(tu_db, sqls[i], &st));
    ck_assert_ptr_eq(st, first[i]);
  }
}
END_TEST

START_TEST(test_create_new)
{
  char path[700], wal[720];
  struct stat sb;
  povreg_db *db;

  tu_path(path, sizeof path, "new.db");
  ck_assert_int_ne(stat(path, &sb), 0);
  db = tu_open(path, POVREG_OPEN_CREATE);
  ck_assert_int_eq(povreg_schema_version(db), povreg_schema_latest());
  ck_assert_int_eq(povreg_schema_latest(),
                   povreg__migrations[povreg__migration_count - 1].version);
  ck_assert_int_ge(povreg_schema_latest(), 3);
  ck_assert_str_eq(povreg_errmsg(db), "no error");
  ck_assert_int_eq(stat(path, &sb), 0);
  ck_assert_int_eq(sb.st_mode & 0777, 0600);
  snprintf(wal, sizeof wal, "%s-wal", path);
  if (stat(wal, &sb) == 0) {
    ck_assert_int_eq(sb.st_mode & 0777, 0600);
  }
  /* foreign keys on, on the library's own connection */
  ck_assert_int_eq(tu_int(db, "PRAGMA foreign_keys"), 1);
  povreg_close(db);
  ck_assert_int_eq(tu_sq_int(path, "PRAGMA application_id"), 1886351207);
  ck_assert_int_eq(tu_sq_int(path, "PRAGMA user_version"),
                   povreg_schema_latest());
  /* each migration step is audited */
  ck_assert_int_eq(tu_sq_int(path, "SELECT count(*) FROM audit WHERE "
                                   "action = 'schema.migrate'"),
                   povreg_schema_latest());
  ck_assert_int_eq(tu_sq_int(path, "SELECT count(*) FROM audit WHERE action "
                                   "= 'schema.migrate' AND entity_key = "
                                   "'0001_ledger_core.sql'"),
                   1);
}
END_TEST

START_TEST(test_counts_fresh)
{
  povreg_counts c;

  TU_OK(povreg_counts_get(&c, tu_db, NULL));
  ck_assert_int_eq(c.units, 18); /* 0003: 2 provinces, 2 districts, 14 */
  ck_assert_int_eq(c.villages, 0);
  ck_assert_int_eq(c.households, 0);
  ck_assert_int_eq(c.households_dissolved, 0);
  ck_assert_int_eq(c.members, 0);
  ck_assert_int_eq(c.members_former, 0);
  ck_assert_int_eq(tu_int(tu_db, "SELECT count(*) FROM ethnicity"), 54);
}
END_TEST

START_TEST(test_reopen_existing)
{
  int n = 0;

  TU_OK(povreg_village_add(NULL, tu_db, "23530", "Làng Trấp", "lang"));
  povreg_close(tu_db);
  tu_db = tu_open(tu_file, 0); /* no CREATE: it exists */
  ck_assert_int_eq(povreg_schema_version(tu_db), povreg_schema_latest());
  TU_OK(povreg_village_list(tu_db, "23530", count_village, &n));
  ck_assert_int_eq(n, 1);
  /* the migrations did not run a second time */
  ck_assert_int_eq(tu_int(tu_db, "SELECT count(*) FROM audit WHERE action = "
                                 "'schema.migrate'"),
                   povreg_schema_latest());
  povreg_close(tu_db);
  tu_db = tu_open(tu_file, POVREG_OPEN_CREATE); /* CREATE on existing */
  n = 0;
  TU_OK(povreg_village_list(tu_db, NULL, count_village, &n));
  ck_assert_int_eq(n, 1);
}
END_TEST

START_TEST(test_memory_ledger)
{
  povreg_db *db = tu_open(":memory:", POVREG_OPEN_CREATE);

  ck_assert_int_eq(povreg_schema_version(db), povreg_schema_latest());
  ck_assert_int_eq(povreg_village_add(NULL, db, "23530", "Thôn 1", NULL),
                   POVREG_OK);
  povreg_close(db);
}
END_TEST

START_TEST(test_version)
{
  ck_assert_str_eq(povreg_version(), POVREG_VERSION);
  ck_assert_str_eq(povreg_version(), "0.1.0");
}
END_TEST

START_TEST(test_readonly)
{
  povreg_db *ro;
  povreg_household_spec h = tu_hh("23530", "2020-01-01");
  povreg_member_spec m = tu_person("Nguyễn Văn Đức", "M", "1970", NULL);
  int n = 0;
  char *code = NULL;

  TU_OK(povreg_village_add(NULL, tu_db, "23530", "Làng Trấp", "lang"));
  povreg_close(tu_db);
  tu_db = NULL;
  ro = tu_open(tu_file, POVREG_OPEN_READONLY);
  ck_assert_int_eq(povreg_village_list(ro, NULL, count_village, &n), POVREG_OK);
  ck_assert_int_eq(n, 1);
  TU_FAILS_ON(ro, POVREG_EREADONLY, "read-only",
              povreg_village_add(NULL, ro, "23530", "Thôn 1", NULL));
  TU_FAILS_ON(ro, POVREG_EREADONLY, "read-only",
              povreg_household_add(&code, ro, &h, &m));
  ck_assert_ptr_null(code);
  TU_FAILS_ON(ro, POVREG_EREADONLY, NULL,
              povreg_unit_close(ro, "23530", "2026-01-01", NULL, "test"));
  povreg_close(ro);
  ck_assert_int_eq(tu_sq_int(tu_file, "SELECT count(*) FROM village"), 1);
  ck_assert_int_eq(tu_sq_int(tu_file, "SELECT count(*) FROM household"), 0);
}
END_TEST

START_TEST(test_set_today)
{
  povreg_household_spec h = tu_hh("23530", "2024-03-01");
  povreg_member_spec m = tu_person("Nguyễn Văn Đức", "M", "1970", NULL);

  TU_FAILS(POVREG_EINVALID, "today", povreg_set_today(tu_db, "2023-02-29"));
  TU_FAILS(POVREG_EINVALID, "today", povreg_set_today(tu_db, "2024-2-29"));
  TU_FAILS(POVREG_EINVALID, "today", povreg_set_today(tu_db, ""));
  TU_OK(povreg_set_today(tu_db, "2024-02-29"));
  /* 2024-03-01 is now in the future */
  TU_FAILS(POVREG_EINVALID, "created_on",
           povreg_household_add(NULL, tu_db, &h, &m));
  h.created_on = "2024-02-29";
  TU_OK(povreg_household_add(NULL, tu_db, &h, &m));
  /* NULL created_on means today */
  h.created_on = NULL;
  h.code = "TODAY-1";
  TU_OK(povreg_household_add(NULL, tu_db, &h, &m));
  ck_assert_int_eq(tu_int(tu_db, "SELECT count(*) FROM household WHERE code "
                                 "= 'TODAY-1' AND created_on = '2024-02-29'"),
                   1);
  /* NULL goes back to the clock: a date long past is fine again */
  TU_OK(povreg_set_today(tu_db, NULL));
  h.created_on = "2024-03-01";
  h.code = "CLOCK-1";
  TU_OK(povreg_household_add(NULL, tu_db, &h, &m));
}
END_TEST

START_TEST(test_operator_in_audit)
{
  char *op, *at, *want;
  struct passwd *pw;

  TU_OK(povreg_set_operator(tu_db, "Cán bộ Lan"));
  TU_OK(povreg_village_add(NULL, tu_db, "23530", "Làng Trấp", "lang"));
  op = tu_sq_text(tu_file, "SELECT operator FROM audit WHERE action = "
                           "'village.add' ORDER BY id DESC LIMIT 1");
  ck_assert_str_eq(op, "Cán bộ Lan");
  free(op);
  at = tu_sq_text(tu_file, "SELECT at FROM audit ORDER BY id DESC LIMIT 1");
  ck_assert_ptr_nonnull(at);
  ck_assert_uint_eq(strlen(at), 24); /* 2026-01-01T10:20:30.456Z */
  ck_assert_int_eq(at[10], 'T');
  ck_assert_int_eq(at[23], 'Z');
  free(at);
  /* NULL restores the operating-system user */
  TU_OK(povreg_set_operator(tu_db, NULL));
  TU_OK(povreg_village_add(NULL, tu_db, "23530", "Thôn 1", NULL));
  op = tu_sq_text(tu_file, "SELECT operator FROM audit ORDER BY id DESC "
                           "LIMIT 1");
  pw = getpwuid(getuid());
  want = (pw != NULL && pw->pw_name != NULL) ? pw->pw_name : NULL;
  ck_assert_ptr_nonnull(op);
  if (want != NULL) {
    ck_assert_str_eq(op, want);
  }
  ck_assert_str_ne(op, "Cán bộ Lan");
  free(op);
}
END_TEST

START_TEST(test_operator_invalid)
{
  char *s101 = tu_repeat("x", 101), *s100 = tu_repeat("x", 100);

  TU_FAILS(POVREG_EINVALID, "operator", povreg_set_operator(tu_db, s101));
  TU_FAILS(POVREG_EINVALID, "operator", povreg_set_operator(tu_db, "\xc3"));
  TU_FAILS(POVREG_EINVALID, "operator", povreg_set_operator(tu_db, "a\nb"));
  TU_OK(povreg_set_operator(tu_db, s100));
  TU_OK(povreg_village_add(NULL, tu_db, "23530", "Thôn 1", NULL));
  ck_assert_int_eq(tu_int(tu_db, "SELECT length(operator) FROM audit ORDER "
                                 "BY id DESC LIMIT 1"),
                   100);
  free(s100);
  free(s101);
}
END_TEST

START_TEST(test_referential_integrity)
{
  TU_FAILS(POVREG_ENOTFOUND, "commune",
           povreg_village_add(NULL, tu_db, "99999", "Thôn 1", NULL));
  TU_FAILS(POVREG_EINVALID, "commune",
           povreg_village_add(NULL, tu_db, "616", "Thôn 1", NULL));
  ck_assert_int_eq(tu_int(tu_db, "PRAGMA foreign_keys"), 1);
  /* the schema itself refuses a dangling reference on this connection */
  ck_assert_int_ne(sqlite3_exec(tu_db->sq,
                                "INSERT INTO village(commune_code, name) "
                                "VALUES ('99999', 'x')",
                                NULL, NULL, NULL),
                   SQLITE_OK);
  ck_assert_int_eq(tu_int(tu_db, "SELECT count(*) FROM village"), 0);
}
END_TEST

/* ---- errors ---- */

START_TEST(test_missing_without_create)
{
  char path[700], msg[POVREG__ERRMSG_MAX];
  struct stat sb;

  tu_path(path, sizeof path, "missing.db");
  open_fails(path, 0, POVREG_ENOTFOUND, msg, sizeof msg);
  ck_assert_msg(strstr(msg, path) != NULL, "message '%s' lacks the path", msg);
  ck_assert_int_ne(stat(path, &sb), 0); /* not created */
  open_fails(path, POVREG_OPEN_READONLY, POVREG_ENOTFOUND, msg, sizeof msg);
  ck_assert_int_ne(stat(path, &sb), 0);
}
END_TEST

START_TEST(test_create_in_missing_dir)
{
  char path[700], msg[POVREG__ERRMSG_MAX];

  tu_path(path, sizeof path, "no-such-dir/ledger.db");
  open_fails(path, POVREG_OPEN_CREATE, POVREG_ERROR, msg, sizeof msg);
  ck_assert_msg(strstr(msg, path) != NULL, "message '%s' lacks the path", msg);
}
END_TEST

START_TEST(test_newer_ledger_refused)
{
  char msg[POVREG__ERRMSG_MAX];

  povreg_close(tu_db);
  tu_db = NULL;
  tu_sq_exec(tu_file, "PRAGMA user_version = 999");
  open_fails(tu_file, 0, POVREG_ESCHEMA, msg, sizeof msg);
  ck_assert_msg(strstr(msg, "999") != NULL, "message '%s' lacks 999", msg);
  open_fails(tu_file, POVREG_OPEN_CREATE, POVREG_ESCHEMA, msg, sizeof msg);
  open_fails(tu_file, POVREG_OPEN_READONLY, POVREG_ESCHEMA, msg, sizeof msg);
  ck_assert_msg(strstr(msg, "999") != NULL, "message '%s' lacks 999", msg);
  /* and left as it was */
  ck_assert_int_eq(tu_sq_int(tu_file, "PRAGMA user_version"), 999);
}
END_TEST

START_TEST(test_foreign_sqlite_refused)
{
  char path[700], msg[POVREG__ERRMSG_MAX];

  tu_path(path, sizeof path, "other-app.db");
  {
    sqlite3 *sq = NULL;
    ck_assert_int_eq(sqlite3_open(path, &sq), SQLITE_OK);
    tu_sq_exec_on(sq, "CREATE TABLE notes(id INTEGER PRIMARY KEY, body "
                      "TEXT); INSERT INTO notes(body) VALUES ('hello')");
    sqlite3_close(sq);
  }
  open_fails(path, 0, POVREG_ESCHEMA, msg, sizeof msg);
  ck_assert_msg(strstr(msg, path) != NULL, "message '%s' lacks the path", msg);
  open_fails(path, POVREG_OPEN_CREATE, POVREG_ESCHEMA, msg, sizeof msg);
  open_fails(path, POVREG_OPEN_READONLY, POVREG_ESCHEMA, msg, sizeof msg);
  /* nothing of ours was added to it */
  ck_assert_int_eq(tu_sq_int(path, "PRAGMA user_version"), 0);
  ck_assert_int_eq(tu_sq_int(path, "PRAGMA application_id"), 0);
  ck_assert_int_eq(tu_sq_int(path, "SELECT count(*) FROM sqlite_schema"), 1);
  ck_assert_int_eq(tu_sq_int(path, "SELECT count(*) FROM notes"), 1);
}
END_TEST

/*
** Refusing another application's database must not change it: the
** library must not switch its journal mode to WAL either (that changes
** the file header and breaks readers that cannot use WAL).
*/
START_TEST(test_foreign_sqlite_journal_untouched)
{
  char path[700], msg[POVREG__ERRMSG_MAX], *mode;

  tu_path(path, sizeof path, "other-app.db");
  {
    sqlite3 *sq = NULL;
    ck_assert_int_eq(sqlite3_open(path, &sq), SQLITE_OK);
    tu_sq_exec_on(sq, "CREATE TABLE notes(id INTEGER PRIMARY KEY)");
    sqlite3_close(sq);
  }
  open_fails(path, 0, POVREG_ESCHEMA, msg, sizeof msg);
  mode = tu_sq_text(path, "PRAGMA journal_mode");
  ck_assert_ptr_nonnull(mode);
  snprintf(msg, sizeof msg, "%s", mode);
  free(mode);
  ck_assert_msg(strcmp(msg, "delete") == 0,
                "refused file's journal mode changed to '%s'", msg);
}
END_TEST

START_TEST(test_text_file_refused)
{
  char path[700], msg[POVREG__ERRMSG_MAX], *after;
  const char *text = "household,commune\n23530-000001,23530\n"
                     "This is a CSV export, not a ledger.  It is long "
                     "enough to fill the SQLite header and then some more "
                     "text so that the file is larger than 100 bytes.\n";

  tu_path(path, sizeof path, "export.csv");
  tu_write_file(path, text);
  open_fails(path, 0, POVREG_ESCHEMA, msg, sizeof msg);
  open_fails(path, POVREG_OPEN_CREATE, POVREG_ESCHEMA, msg, sizeof msg);
  open_fails(path, POVREG_OPEN_READONLY, POVREG_ESCHEMA, msg, sizeof msg);
  after = tu_read_file(path, NULL);
  ck_assert_str_eq(after, text);
  free(after);
}
END_TEST

START_TEST(test_open_bad_arguments)
{
  povreg_db *db = NULL;
  char msg[POVREG__ERRMSG_MAX];

  ck_assert_int_eq(povreg_open(NULL, tu_file, 0), POVREG_EINVALID);
  ck_assert_int_eq(povreg_open(&db, NULL, POVREG_OPEN_CREATE), POVREG_EINVALID);
  ck_assert_ptr_nonnull(db);
  ck_assert_msg(strstr(povreg_errmsg(db), "path") != NULL, "%s",
                povreg_errmsg(db));
  povreg_close(db);
  open_fails(tu_file, POVREG_OPEN_CREATE | POVREG_OPEN_READONLY,
             POVREG_EINVALID, msg, sizeof msg);
}
END_TEST

START_TEST(test_strerror)
{
  const char *seen[32];
  int code, i, n = 0;

  for (code = POVREG_OK; code >= POVREG_CODE_MIN; code--) {
    const char *s = povreg_strerror(code);
    ck_assert_ptr_nonnull(s);
    ck_assert_uint_gt(strlen(s), 0);
    ck_assert_msg(strcmp(s, "unknown result code") != 0, "code %d has no text",
                  code);
    for (i = 0; i < n; i++) {
      ck_assert_msg(strcmp(seen[i], s) != 0, "codes %d and %d share '%s'", -i,
                    code, s);
    }
    seen[n++] = s;
  }
  ck_assert_int_eq(n, 12);
  ck_assert_int_eq(POVREG_CODE_MIN, POVREG_ELOCKED);
  ck_assert_str_eq(povreg_strerror(1), "unknown result code");
  ck_assert_str_eq(povreg_strerror(POVREG_CODE_MIN - 1), "unknown result code");
  ck_assert_str_eq(povreg_strerror(100), "unknown result code");
  ck_assert_str_eq(povreg_strerror(-2147483647 - 1), "unknown result code");
}
END_TEST

START_TEST(test_null_safe)
{
  povreg_close(NULL);
  povreg_free(NULL);
  povreg_unit_free(NULL);
  povreg_household_free(NULL);
  povreg_member_free(NULL);
  ck_assert_ptr_nonnull(povreg_errmsg(NULL));
  ck_assert_int_eq(povreg_schema_version(NULL), 0);
  ck_assert_int_eq(povreg_set_today(NULL, "2024-01-01"), POVREG_EINVALID);
  ck_assert_int_eq(povreg_set_operator(NULL, "x"), POVREG_EINVALID);
}
END_TEST

/* The suite. */
static Suite *db_suite(void)
{
  Suite *s = suite_create("db");
  TCase *core = tcase_create("core");
  TCase *errors = tcase_create("errors");
  TCase *limits = tcase_create("limits");

  tcase_add_checked_fixture(core, tu_setup, tu_teardown);
  tcase_add_checked_fixture(errors, tu_setup, tu_teardown);
  tcase_add_checked_fixture(limits, tu_setup, tu_teardown);
  tcase_add_test(core, test_create_new);
  tcase_add_test(core, test_statement_cache_grows);
  tcase_add_test(core, test_counts_fresh);
  tcase_add_test(core, test_reopen_existing);
  tcase_add_test(core, test_memory_ledger);
  tcase_add_test(core, test_version);
  tcase_add_test(core, test_readonly);
  tcase_add_test(core, test_set_today);
  tcase_add_test(core, test_operator_in_audit);
  tcase_add_test(core, test_referential_integrity);
  tcase_add_test(errors, test_missing_without_create);
  tcase_add_test(errors, test_create_in_missing_dir);
  tcase_add_test(errors, test_newer_ledger_refused);
  tcase_add_test(errors, test_foreign_sqlite_refused);
  tcase_add_test(errors, test_foreign_sqlite_journal_untouched);
  tcase_add_test(errors, test_text_file_refused);
  tcase_add_test(errors, test_open_bad_arguments);
  tcase_add_test(limits, test_strerror);
  tcase_add_test(limits, test_null_safe);
  tcase_add_test(limits, test_operator_invalid);
  suite_add_tcase(s, core);
  suite_add_tcase(s, errors);
  suite_add_tcase(s, limits);
  return s;
}

/* Run the suite; the exit status is the number of failed tests. */
int main(void)
{
  return tu_run(db_suite());
}
