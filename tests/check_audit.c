/*
** check_audit.c: the tamper-evident audit log.  The chain is built on
** every write (checked against an implementation of the documented
** serialisation written here, apart from the library's), holds after many
** operations, across two connections and a rolled-back savepoint, and on
** a ledger migrated from schema 10 with entries already in it.  Then the
** file is attacked with the raw SQLite API, the append-only triggers
** dropped first as an attacker would: a field edited (every column, NULL
** and '' told apart), entries removed, inserted, swapped and reordered, a
** hash cleared, the tail truncated and the whole chain rewritten; each is
** caught at the right entry, the last two only with an anchor.  Last, the
** log: its filters and the masking of personal data.
*/
#include "check_util.h"
#include "sha256.h"

/* The commune of the fixtures (Xã Mô Rai, rural). */
#define MORAI "23536"
/* Personal data of H1's head, to be masked in the log. */
#define CID1 "062078001234"
#define BHXH1 "6212345678"
#define BIRTH1 "1978-03-04"
#define CID2 "062180005678"

/* ---- an independent implementation of the chain ------------------------ */

/* Hash "<length>:<bytes>" of s, or "-" for NULL, into c. */
static void ref_field(povreg__sha256 *c, const char *s, int n)
{
  char len[32];

  if (s == NULL) {
    povreg__sha256_update(c, "-", 1);
    return;
  }
  snprintf(len, sizeof len, "%d:", n);
  povreg__sha256_update(c, len, strlen(len));
  povreg__sha256_update(c, s, (size_t)n);
}

/*
** The hash of the current row of st (id, at, operator, action, entity,
** entity_key, old_value, new_value) chained from prev (64 hex digits),
** as docs/audit.md writes it.
*/
static void ref_hash(char out[65], const char *prev, sqlite3_stmt *st)
{
  povreg__sha256 c;
  unsigned char d[32];
  char id[32];
  int i;

  snprintf(id, sizeof id, "%lld", (long long)sqlite3_column_int64(st, 0));
  povreg__sha256_init(&c);
  ref_field(&c, prev, 64);
  ref_field(&c, id, (int)strlen(id));
  for (i = 1; i <= 7; i++) {
    ref_field(&c,
              sqlite3_column_type(st, i) == SQLITE_NULL
                  ? NULL
                  : (const char *)sqlite3_column_text(st, i),
              sqlite3_column_bytes(st, i));
  }
  povreg__sha256_final(&c, d);
  povreg__sha256_hex(d, out);
}

/* The columns ref_hash reads, then the stored hash. */
#define ROW_SQL                                                                \
  "SELECT id, at, operator, action, entity, entity_key, old_value, "           \
  "new_value, hash FROM audit ORDER BY id"

/*
** Check every stored hash against ref_hash on a connection; returns the
** number of entries (all must chain, ids 1, 2, 3 ...).
*/
static long long ref_check(sqlite3 *sq)
{
  sqlite3_stmt *st = NULL;
  char prev[65], h[65];
  long long n = 0;

  memset(prev, '0', 64);
  prev[64] = '\0';
  ck_assert_int_eq(sqlite3_prepare_v2(sq, ROW_SQL, -1, &st, NULL), SQLITE_OK);
  while (sqlite3_step(st) == SQLITE_ROW) {
    const char *stored = (const char *)sqlite3_column_text(st, 8);
    n++;
    ck_assert_int_eq(sqlite3_column_int64(st, 0), n);
    ck_assert_msg(stored != NULL, "entry %lld has no hash", n);
    ref_hash(h, prev, st);
    ck_assert_msg(strcmp(h, stored) == 0, "entry %lld: hash %s, expected %s", n,
                  stored, h);
    memcpy(prev, h, sizeof prev);
  }
  sqlite3_finalize(st);
  return n;
}

/*
** Recompute every hash of the chain on a raw connection, as an attacker
** who knows the format would after an edit (triggers already dropped).
*/
static void rechain(sqlite3 *sq)
{
  sqlite3_stmt *st = NULL, *up = NULL;
  char prev[65], h[65];

  memset(prev, '0', 64);
  prev[64] = '\0';
  ck_assert_int_eq(sqlite3_prepare_v2(sq, ROW_SQL, -1, &st, NULL), SQLITE_OK);
  ck_assert_int_eq(sqlite3_prepare_v2(sq,
                                      "UPDATE audit SET hash = ?2 WHERE id = "
                                      "?1",
                                      -1, &up, NULL),
                   SQLITE_OK);
  tu_sq_exec_on(sq, "BEGIN");
  while (sqlite3_step(st) == SQLITE_ROW) {
    ref_hash(h, prev, st);
    sqlite3_bind_int64(up, 1, sqlite3_column_int64(st, 0));
    sqlite3_bind_text(up, 2, h, -1, SQLITE_TRANSIENT);
    ck_assert_int_eq(sqlite3_step(up), SQLITE_DONE);
    sqlite3_reset(up);
    memcpy(prev, h, sizeof prev);
  }
  tu_sq_exec_on(sq, "COMMIT");
  sqlite3_finalize(st);
  sqlite3_finalize(up);
}

/* ---- helpers ------------------------------------------------------------ */

/* Number of audit entries (library connection). */
static long long n_entries(void)
{
  return tu_int(tu_db, "SELECT count(*) FROM audit");
}

/* The stored hash of entry id (allocated). */
static char *hash_of(long long id)
{
  char sql[96];

  snprintf(sql, sizeof sql, "SELECT hash FROM audit WHERE id = %lld", id);
  return tu_text(tu_db, sql);
}

/* Verify must pass; returns the report. */
static povreg_audit_report verify_ok(const char *expect)
{
  povreg_audit_report r;
  int rc = povreg_audit_verify(&r, tu_db, expect);

  ck_assert_msg(rc == POVREG_OK, "verify: %d (%s)", rc, povreg_errmsg(tu_db));
  ck_assert_int_eq(r.ok, 1);
  ck_assert_int_eq(r.fault, POVREG_AUDIT_OK);
  ck_assert_int_eq(r.bad_id, 0);
  ck_assert_str_eq(r.message, "");
  return r;
}

/*
** Verify must fail with fault kind at entry id, the message naming
** needle; returns the report.
*/
static povreg_audit_report verify_bad(const char *expect,
                                      povreg_audit_fault kind, long long id,
                                      const char *needle)
{
  povreg_audit_report r;
  int rc = povreg_audit_verify(&r, tu_db, expect);

  ck_assert_msg(rc == POVREG_ECONSTRAINT, "verify: %d (%s), expected a fault",
                rc, povreg_errmsg(tu_db));
  ck_assert_int_eq(r.ok, 0);
  ck_assert_msg(r.fault == kind, "fault %d, expected %d (%s)", (int)r.fault,
                (int)kind, r.message);
  ck_assert_msg(r.bad_id == id, "bad id %lld, expected %lld (%s)",
                (long long)r.bad_id, id, r.message);
  ck_assert_str_eq(povreg_errmsg(tu_db), r.message);
  ck_assert_msg(strstr(r.message, needle) != NULL,
                "message '%s' does not say '%s'", r.message, needle);
  ck_assert_ptr_null(strchr(r.message, '\n'));
  return r;
}

/*
** Attack the ledger file: close the library's handle, drop the
** append-only triggers on a raw connection, run sql, reopen.
*/
static void tamper(const char *sql)
{
  sqlite3 *sq;

  povreg_close(tu_db);
  tu_db = NULL;
  sq = tu_sq_open(tu_file);
  tu_sq_exec_on(sq, "DROP TRIGGER IF EXISTS audit_no_update; "
                    "DROP TRIGGER IF EXISTS audit_no_delete");
  tu_sq_exec_on(sq, sql);
  sqlite3_close(sq);
  tu_db = tu_open(tu_file, 0);
}

/* tamper() with a printf format. */
static void tamperf(const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 1, 2)))
#endif
    ;

/* tamper() with a printf format. */
static void tamperf(const char *fmt, ...)
{
  char sql[1024];
  va_list ap;

  va_start(ap, fmt);
  vsnprintf(sql, sizeof sql, fmt, ap);
  va_end(ap);
  tamper(sql);
}

/* Fixture: the default ledger plus H1 (head with personal data, spouse),
   H10, and an edit of the spouse: entries 12 to 16 after the 11 of the
   migrations. */
static void audit_setup(void)
{
  povreg_household_spec h;
  povreg_member_spec m;
  char *code = NULL;

  tu_setup();
  h = tu_hh(MORAI, "2020-01-01");
  h.code = "H1";
  m = tu_person("Nguyễn Văn Đức", "M", BIRTH1, NULL);
  m.citizen_id = CID1;
  m.bhxh_no = BHXH1;
  TU_OK(povreg_household_add(&code, tu_db, &h, &m));
  povreg_free(code);
  ck_assert_int_eq(tu_add_member("H1", "Trần Thị Mai", "F", "1980", "spouse"),
                   2);
  tu_add_household((char[33]){0}, "H10", MORAI, "2020-01-01", "Lê Văn An", "M",
                   "1970-01-01");
  m = tu_person(NULL, NULL, NULL, NULL);
  m.citizen_id = CID2;
  TU_OK(povreg_member_update(tu_db, "H1", 2, &m));
}

/* ---- the chain ---------------------------------------------------------- */

START_TEST(test_chain_on_writes)
{
  povreg_audit_report r;
  char *head;
  sqlite3 *sq;

  /* 11 migrations + household.add, member.add (head), member.add,
     household.add, member.add (head), member.edit */
  ck_assert_int_eq(n_entries(), 17);
  ck_assert_int_eq(tu_int(tu_db, "SELECT count(*) FROM audit WHERE hash IS "
                                 "NULL"),
                   0);
  r = verify_ok(NULL);
  ck_assert_int_eq(r.entries, 17);
  head = hash_of(17);
  ck_assert_str_eq(r.head, head);
  free(head);
  /* the hashes are exactly the documented serialisation's */
  sq = tu_sq_open(tu_file);
  ck_assert_int_eq(ref_check(sq), 17);
  sqlite3_close(sq);
  /* the migrations' own entries are chained too, from 64 zeros */
  ck_assert_int_eq(tu_int(tu_db, "SELECT count(*) FROM audit WHERE action = "
                                 "'schema.migrate' AND hash IS NOT NULL"),
                   povreg_schema_latest());
}
END_TEST

START_TEST(test_chain_many_operations)
{
  povreg_audit_report r;
  char code[33], *head;
  int i, no;
  sqlite3 *sq;

  for (i = 0; i < 60; i++) {
    tu_add_household(code, NULL, MORAI, "2021-03-01", "Hồ Thị Lý", "F",
                     "1985-02-02");
    no = tu_add_member(code, "Hồ Văn Tú", "M", "2010", "child");
    if (i % 3 == 0) {
      TU_OK(povreg_member_move(NULL, tu_db, code, no, "H10", "grandchild",
                               "2024-01-01", 0));
    } else if (i % 3 == 1) {
      TU_OK(povreg_member_leave(tu_db, code, no, "died", "2024-02-02", 0));
    }
    if (i % 10 == 0) {
      TU_OK(povreg_household_dissolve(tu_db, code, "2025-01-01", "duplicate",
                                      NULL));
    }
    /* a refused call writes no entry and leaves the chain whole */
    TU_FAILS(POVREG_EINVALID, NULL,
             povreg_member_add(NULL, tu_db, "H1", &(povreg_member_spec){0}));
  }
  r = verify_ok(NULL);
  ck_assert_int_eq(r.entries, n_entries());
  ck_assert_int_gt(r.entries, 200);
  head = hash_of(r.entries);
  ck_assert_str_eq(r.head, head);
  free(head);
  sq = tu_sq_open(tu_file);
  ck_assert_int_eq(ref_check(sq), r.entries);
  sqlite3_close(sq);
}
END_TEST

/* Two connections take turns: each reads the head written by the other. */
START_TEST(test_chain_two_connections)
{
  povreg_db *db2 = tu_open(tu_file, 0);
  povreg_db *keep = tu_db;
  char code[33];
  int i;

  for (i = 0; i < 6; i++) {
    tu_db = i % 2 ? db2 : keep;
    tu_add_household(code, NULL, MORAI, "2022-01-01", "Đinh Văn Hùng", "M",
                     "1990");
  }
  tu_db = keep;
  povreg_close(db2);
  verify_ok(NULL);
}
END_TEST

/* An entry written in a savepoint that rolls back leaves no hole. */
START_TEST(test_chain_savepoint_rollback)
{
  TU_OK(povreg__tx_begin(tu_db));
  TU_OK(povreg__audit(tu_db, "test.outer", "test", "a", NULL, "{}"));
  TU_OK(povreg__tx_begin(tu_db));
  TU_OK(povreg__audit(tu_db, "test.inner", "test", "b", NULL, NULL));
  povreg__tx_rollback(tu_db);
  TU_OK(povreg__audit(tu_db, "test.after", "test", "c", "", NULL));
  TU_OK(povreg__tx_commit(tu_db));
  /* outside any transaction, the entry makes its own */
  TU_OK(povreg__audit(tu_db, "test.alone", "test", NULL, NULL, NULL));
  ck_assert_int_eq(tu_int(tu_db, "SELECT count(*) FROM audit WHERE action = "
                                 "'test.inner'"),
                   0);
  ck_assert_int_eq(verify_ok(NULL).entries, 20);
}
END_TEST

/* The library's own connection still refuses to change the log. */
START_TEST(test_append_only)
{
  ck_assert_int_ne(sqlite3_exec(tu_db->sq,
                                "UPDATE audit SET operator = 'x' WHERE id = 3",
                                NULL, NULL, NULL),
                   SQLITE_OK);
  ck_assert_int_ne(sqlite3_exec(tu_db->sq,
                                "UPDATE audit SET hash = (SELECT hash FROM "
                                "audit WHERE id = 4) WHERE id = 3",
                                NULL, NULL, NULL),
                   SQLITE_OK);
  ck_assert_int_ne(sqlite3_exec(tu_db->sq, "DELETE FROM audit WHERE id = 17",
                                NULL, NULL, NULL),
                   SQLITE_OK);
  ck_assert_int_ne(sqlite3_exec(tu_db->sq,
                                "INSERT INTO audit(at, operator, action, "
                                "entity, hash) VALUES ('t', 'x', 'a', 'e', "
                                "'ABC')",
                                NULL, NULL, NULL),
                   SQLITE_OK);
  verify_ok(NULL);
}
END_TEST

/*
** A schema-10 ledger (as an older povreg left it) holding entries of its
** own, NULLs, empty texts and UTF-8 among them, is chained by the step to
** schema 11 without changing an entry, and verifies.
*/
START_TEST(test_migrated_from_v10)
{
  char path[700], pragma[64], *before, *after;
  povreg_db *db = NULL;
  povreg_audit_report r;
  sqlite3 *sq = NULL;
  int i, cookie, rc;

  tu_path(path, sizeof path, "v10.db");
  ck_assert_int_eq(sqlite3_open(path, &sq), SQLITE_OK);
  for (i = 0;
       i < povreg__migration_count && povreg__migrations[i].version <= 10;
       i++) {
    if (strstr(povreg__migrations[i].sql, "-- povreg: edits sqlite_schema")) {
      /* what exec_schema_edit does in the library */
      cookie = (int)tu_int_on(sq, "PRAGMA schema_version");
      tu_sq_exec_on(sq, "PRAGMA writable_schema = ON");
      tu_sq_exec_on(sq, povreg__migrations[i].sql);
      snprintf(pragma, sizeof pragma, "PRAGMA schema_version = %d", cookie + 1);
      tu_sq_exec_on(sq, pragma);
      tu_sq_exec_on(sq, "PRAGMA writable_schema = RESET");
    } else {
      tu_sq_exec_on(sq, povreg__migrations[i].sql);
    }
    snprintf(pragma, sizeof pragma, "PRAGMA user_version = %d",
             povreg__migrations[i].version);
    tu_sq_exec_on(sq, pragma);
    tu_sq_exec_on(sq, "INSERT INTO audit(at, operator, action, entity, "
                      "entity_key) VALUES (strftime('%Y-%m-%dT%H:%M:%fZ', "
                      "'now'), 'cán bộ', 'schema.migrate', 'schema', 'x')");
  }
  ck_assert_int_eq(tu_int_on(sq, "PRAGMA user_version"), 10);
  tu_sq_exec_on(sq,
                "INSERT INTO audit(at, operator, action, entity, entity_key, "
                "old_value, new_value) VALUES "
                "('2024-01-01T00:00:00.000Z', 'Nguyễn', 'household.add', "
                "'household', 'H1', NULL, '{\"code\":\"H1\"}'), "
                "('2024-01-02T00:00:00.000Z', 'Nguyễn', 'member.edit', "
                "'member', 'H1/1', '', '{\"citizen_id\":\"" CID1 "\"}'), "
                "('2024-01-03T00:00:00.000Z', 'x', 'review.classify', "
                "'review', NULL, NULL, NULL)");
  /* more than one batch of the chaining (256 entries) */
  tu_sq_exec_on(sq, "WITH RECURSIVE c(i) AS (SELECT 1 UNION ALL SELECT i + 1 "
                    "FROM c WHERE i < 600) INSERT INTO audit(at, operator, "
                    "action, entity, entity_key, new_value) SELECT "
                    "'2024-02-01T00:00:00.000Z', 'x', 'member.edit', "
                    "'member', 'H1/' || i, '{}' FROM c");
  before = tu_dump_on(sq, "audit");
  sqlite3_close(sq);

  rc = povreg_open(&db, path, 0);
  ck_assert_msg(rc == POVREG_OK, "open: %d (%s)", rc, povreg_errmsg(db));
  ck_assert_int_eq(povreg_schema_version(db), povreg_schema_latest());
  rc = povreg_audit_verify(&r, db, NULL);
  ck_assert_msg(rc == POVREG_OK, "verify: %d (%s)", rc, povreg_errmsg(db));
  ck_assert_int_eq(r.entries, 10 + 3 + 600 + (povreg_schema_latest() - 10));
  povreg_close(db);

  sq = tu_sq_open(path);
  ck_assert_int_eq(ref_check(sq), r.entries);
  /* the old entries kept every value; only the hash was added */
  after = tu_text_on(sq, "SELECT group_concat(v, char(10)) FROM (SELECT "
                         "'audit|' || id || '|' || at || '|' || operator || "
                         "'|' || action || '|' || entity || '|' || "
                         "coalesce(entity_key, '\\N') || '|' || "
                         "coalesce(old_value, '\\N') || '|' || "
                         "coalesce(new_value, '\\N') AS v FROM audit WHERE "
                         "id <= 13 ORDER BY id)");
  sqlite3_close(sq);
  ck_assert_ptr_nonnull(strstr(before, after));
  free(before);
  free(after);
}
END_TEST

/* ---- attacks ------------------------------------------------------------ */

/* (a) One field of a middle entry edited: caught at that entry, for every
   column, NULL and '' told apart; put back, the chain holds again. */
START_TEST(test_edit_field)
{
  static const struct {
    const char *col, *value;
  } edits[] = {
      {"at", "'2026-11-29T00:00:00.000Z'"},
      {"operator", "'mallory'"},
      {"action", "'member.view'"},
      {"entity", "'household'"},
      {"entity_key", "'H1/3'"},
      {"old_value", "''"}, /* NULL -> '' */
      {"new_value", "replace(new_value, 'Mai', 'Mại')"},
      {"new_value", "NULL"},
  };
  size_t i;

  tamper("CREATE TABLE keep AS SELECT * FROM audit WHERE id = 14");
  for (i = 0; i < sizeof edits / sizeof edits[0]; i++) {
    tamperf("UPDATE audit SET %s = %s WHERE id = 14", edits[i].col,
            edits[i].value);
    verify_bad(NULL, POVREG_AUDIT_CHANGED, 14, "audit entry 14 (");
    tamperf("UPDATE audit SET %s = (SELECT %s FROM keep) WHERE id = 14",
            edits[i].col, edits[i].col);
    verify_ok(NULL);
  }
  /* the message names the action */
  tamper("UPDATE audit SET operator = 'mallory' WHERE id = 13");
  verify_bad(NULL, POVREG_AUDIT_CHANGED, 13,
             "audit entry 13 (member.add): changed after it was written");
}
END_TEST

/* (a) The first and the last entries edited. */
START_TEST(test_edit_ends)
{
  povreg_audit_report r;

  tamper("UPDATE audit SET operator = 'mallory' WHERE id = 17");
  r = verify_bad(NULL, POVREG_AUDIT_UNLINKED, 17, "the last");
  ck_assert_int_eq(r.entries, 16);
  tamper("UPDATE audit SET operator = 'check' WHERE id = 17; "
         "UPDATE audit SET entity_key = 'x' WHERE id = 1");
  r = verify_bad(NULL, POVREG_AUDIT_CHANGED, 1, "audit entry 1 (");
  ck_assert_int_eq(r.entries, 0);
  ck_assert_str_eq(r.head, "");
}
END_TEST

/* (b) Entries removed: in the middle, a run, the first. */
START_TEST(test_delete)
{
  povreg_audit_report r;

  tamper("DELETE FROM audit WHERE id = 14");
  r = verify_bad(NULL, POVREG_AUDIT_REMOVED, 14,
                 "audit entry 14 removed: the log goes from entry 13 to "
                 "entry 15 (household.add)");
  ck_assert_int_eq(r.entries, 13);
  ck_assert_str_eq(r.bad_action, "household.add");
  tamper("DELETE FROM audit WHERE id IN (15, 16)");
  verify_bad(NULL, POVREG_AUDIT_REMOVED, 14, "audit entries 14-16 removed");
  tamper("DELETE FROM audit WHERE id = 1");
  verify_bad(NULL, POVREG_AUDIT_REMOVED, 1, "audit entry 1 removed");
}
END_TEST

/* (b) Entry removed and the ids after it renumbered to hide the gap. */
START_TEST(test_delete_renumbered)
{
  tamper("DELETE FROM audit WHERE id = 14; "
         "UPDATE audit SET id = -id WHERE id > 14; "
         "UPDATE audit SET id = -id - 1 WHERE id < 0");
  verify_bad(NULL, POVREG_AUDIT_UNLINKED, 14, "does not chain from entry 13");
}
END_TEST

/* (c) A forged entry inserted in the middle (ids moved up to make room),
   with a made-up hash, then with one computed for its place. */
START_TEST(test_insert_forged)
{
  char sql[1024], *prev;
  povreg__audit_field f[POVREG__AUDIT_FIELDS] = {
      {"2026-11-29T00:00:00.000Z", 24},
      {"mallory", 7},
      {"member.add", 10},
      {"member", 6},
      {"H1/9", 4},
      {NULL, 0},
      {"{}", 2}};
  povreg__audit_field pf;
  char h[65];

  tamper("UPDATE audit SET id = -id WHERE id >= 14; "
         "UPDATE audit SET id = 1 - id WHERE id < 0; "
         "INSERT INTO audit VALUES (14, '2026-11-29T00:00:00.000Z', "
         "'mallory', 'member.add', 'member', 'H1/9', NULL, '{}', "
         "printf('%.64c', 'a'))");
  verify_bad(NULL, POVREG_AUDIT_UNLINKED, 14,
             "audit entry 14 (member.add): does not chain from entry 13");

  prev = hash_of(13);
  pf.p = prev;
  pf.n = 64;
  povreg__audit_hash(h, pf, 14, f);
  free(prev);
  snprintf(sql, sizeof sql, "UPDATE audit SET hash = '%s' WHERE id = 14", h);
  tamper(sql);
  /* the forged entry chains, the one it pushed up does not */
  verify_bad(NULL, POVREG_AUDIT_UNLINKED, 15, "does not chain from entry 14");
}
END_TEST

/* (c) A forged entry added at the end with a made-up hash. */
START_TEST(test_append_forged)
{
  tamper("INSERT INTO audit VALUES (18, '2026-11-29T00:00:00.000Z', "
         "'mallory', 'household.add', 'household', 'H99', NULL, '{}', "
         "printf('%.64c', 'c'))");
  verify_bad(NULL, POVREG_AUDIT_UNLINKED, 18, "(household.add), the last");
}
END_TEST

/* (c) Two entries' contents swapped (hashes left in place), then two
   whole entries reordered (ids swapped). */
START_TEST(test_swap_and_reorder)
{
  tamper("CREATE TEMP TABLE s AS SELECT * FROM audit WHERE id IN (13, 14); "
         "UPDATE audit SET at = (SELECT at FROM s WHERE s.id = 27 - audit.id), "
         "operator = (SELECT operator FROM s WHERE s.id = 27 - audit.id), "
         "action = (SELECT action FROM s WHERE s.id = 27 - audit.id), "
         "entity = (SELECT entity FROM s WHERE s.id = 27 - audit.id), "
         "entity_key = (SELECT entity_key FROM s WHERE s.id = 27 - audit.id), "
         "old_value = (SELECT old_value FROM s WHERE s.id = 27 - audit.id), "
         "new_value = (SELECT new_value FROM s WHERE s.id = 27 - audit.id) "
         "WHERE id IN (13, 14)");
  verify_bad(NULL, POVREG_AUDIT_UNLINKED, 13, "does not chain from entry 12");
  /* swap them back: whole again */
  tamper("CREATE TEMP TABLE s AS SELECT * FROM audit WHERE id IN (13, 14); "
         "UPDATE audit SET at = (SELECT at FROM s WHERE s.id = 27 - audit.id), "
         "operator = (SELECT operator FROM s WHERE s.id = 27 - audit.id), "
         "action = (SELECT action FROM s WHERE s.id = 27 - audit.id), "
         "entity = (SELECT entity FROM s WHERE s.id = 27 - audit.id), "
         "entity_key = (SELECT entity_key FROM s WHERE s.id = 27 - audit.id), "
         "old_value = (SELECT old_value FROM s WHERE s.id = 27 - audit.id), "
         "new_value = (SELECT new_value FROM s WHERE s.id = 27 - audit.id) "
         "WHERE id IN (13, 14)");
  verify_ok(NULL);
  tamper("UPDATE audit SET id = -id WHERE id IN (15, 16); "
         "UPDATE audit SET id = 31 + id WHERE id < 0");
  verify_bad(NULL, POVREG_AUDIT_UNLINKED, 15, "does not chain from entry 14");
}
END_TEST

/* (d) A hash cleared. */
START_TEST(test_hash_missing)
{
  tamper("UPDATE audit SET hash = NULL WHERE id = 15");
  verify_bad(NULL, POVREG_AUDIT_MISSING, 15,
             "audit entry 15 (household.add): has no hash");
}
END_TEST

/*
** (e) The tail truncated: the rest still chains, so only an anchor
** catches it; an anchor at the new head or earlier passes.
*/
START_TEST(test_truncate_needs_anchor)
{
  povreg_audit_report r = verify_ok(NULL);
  char head[65], *h14;

  memcpy(head, r.head, sizeof head);
  h14 = hash_of(14);
  tamper("DELETE FROM audit WHERE id > 14");
  r = verify_ok(NULL); /* not caught without the anchor */
  ck_assert_int_eq(r.entries, 14);
  r = verify_bad(head, POVREG_AUDIT_ANCHOR, 0, "truncated or rewritten");
  ck_assert_int_eq(r.entries, 14);
  ck_assert_int_eq(r.anchor_id, 0);
  r = verify_ok(h14);
  ck_assert_int_eq(r.anchor_id, 14);
  ck_assert_int_eq(r.since_anchor, 0);
  free(h14);
}
END_TEST

/* An anchor taken earlier: the entries written since are counted; the
   anchor may be given in upper case; a malformed one is refused. */
START_TEST(test_anchor_extended)
{
  povreg_audit_report r = verify_ok(NULL);
  char head[65], upper[65];
  size_t i;

  memcpy(head, r.head, sizeof head);
  tu_add_household((char[33]){0}, "H2", MORAI, "2021-01-01", "Y Blao", "M",
                   "1966");
  r = verify_ok(head);
  ck_assert_int_eq(r.anchor_id, 17);
  ck_assert_int_eq(r.since_anchor, 2);
  ck_assert_int_eq(r.entries, 19);
  for (i = 0; i < 65; i++) {
    upper[i] =
        (char)(head[i] >= 'a' && head[i] <= 'f' ? head[i] - 32 : head[i]);
  }
  ck_assert_int_eq(verify_ok(upper).anchor_id, 17);
  TU_FAILS(POVREG_EINVALID, "expect_head",
           povreg_audit_verify(&r, tu_db, "abc"));
  upper[3] = 'g';
  TU_FAILS(POVREG_EINVALID, "expect_head",
           povreg_audit_verify(&r, tu_db, upper));
}
END_TEST

/*
** An entry edited and every hash after it recomputed (the attacker knows
** the format): the chain holds, so only the anchor catches it.
*/
START_TEST(test_rewrite_needs_anchor)
{
  povreg_audit_report r = verify_ok(NULL);
  char head[65];
  sqlite3 *sq;

  memcpy(head, r.head, sizeof head);
  povreg_close(tu_db);
  tu_db = NULL;
  sq = tu_sq_open(tu_file);
  tu_sq_exec_on(sq, "DROP TRIGGER audit_no_update");
  tu_sq_exec_on(sq, "UPDATE audit SET new_value = replace(new_value, 'Đức', "
                    "'Đạt') WHERE id = 13");
  rechain(sq);
  sqlite3_close(sq);
  tu_db = tu_open(tu_file, 0);
  verify_ok(NULL);
  verify_bad(head, POVREG_AUDIT_ANCHOR, 0, "is not in the audit chain");
}
END_TEST

/* An entry with an id below 1 put in front of the log. */
START_TEST(test_id_below_one)
{
  tamper("INSERT INTO audit VALUES (0, 't', 'm', 'household.add', "
         "'household', 'H9', NULL, NULL, NULL)");
  verify_bad(NULL, POVREG_AUDIT_UNLINKED, 0, "ids start at 1");
}
END_TEST

/* ---- the log ------------------------------------------------------------ */

/* One entry as the log gave it. */
typedef struct got_entry {
  long long id;
  char action[40], key[40], at[32];
  char old_value[1024], new_value[1024];
  int old_null, new_null;
  int hashed; /* it came with its 64-digit hash */
} got_entry;

/* What a log call gave. */
typedef struct got {
  got_entry e[64];
  int n;
  int stop_after; /* return 7 after this many, 0: never */
} got;

/* povreg_audit_log callback: keep the entry. */
static int keep_entry(const povreg_audit_entry *e, void *payload)
{
  got *g = payload;
  got_entry *x;

  ck_assert_int_lt(g->n, 64);
  x = &g->e[g->n++];
  x->id = e->id;
  snprintf(x->action, sizeof x->action, "%s", e->action);
  snprintf(x->key, sizeof x->key, "%s", e->entity_key ? e->entity_key : "-");
  snprintf(x->at, sizeof x->at, "%s", e->at);
  snprintf(x->old_value, sizeof x->old_value, "%s",
           e->old_value ? e->old_value : "");
  snprintf(x->new_value, sizeof x->new_value, "%s",
           e->new_value ? e->new_value : "");
  x->old_null = e->old_value == NULL;
  x->new_null = e->new_value == NULL;
  x->hashed = e->hash != NULL && strlen(e->hash) == 64;
  return g->stop_after > 0 && g->n >= g->stop_after ? 7 : 0;
}

/* Run the log with a filter (NULL: none) into *g. */
static int run_log(got *g, const povreg_audit_filter *f)
{
  memset(g, 0, sizeof *g);
  return povreg_audit_log(tu_db, f, keep_entry, g);
}

/* The "action key" list of what a log call gave, separated by ';'. */
static void summary(const got *g, char *out, size_t n)
{
  size_t used = 0;
  int i;

  out[0] = '\0';
  for (i = 0; i < g->n && used < n; i++) {
    int w = snprintf(out + used, n - used, "%s%s %s", i ? ";" : "",
                     g->e[i].action, g->e[i].key);
    used += w > 0 ? (size_t)w : 0;
  }
}

START_TEST(test_log_household)
{
  povreg_audit_filter f;
  povreg_review_spec rs;
  int64_t review = 0;
  char buf[2048];
  got g;

  tu_add_household((char[33]){0}, "2025", MORAI, "2020-01-01", "Y Năm", "M",
                   "1960");
  memset(&rs, 0, sizeof rs);
  rs.commune_code = MORAI;
  rs.year = 2025;
  rs.opened_on = "2025-09-01";
  TU_OK(povreg_review_open(&review, tu_db, &rs));
  TU_OK(povreg_review_add(tu_db, review, "H1"));
  tu_survey("H1", 2025, "2025-09-01", 1000000, 0);
  TU_OK(povreg_member_move(NULL, tu_db, "H1", 2, "H10", "other", "2026-01-05",
                           0));

  memset(&f, 0, sizeof f);
  f.household = "H1";
  TU_OK(run_log(&g, &f));
  summary(&g, buf, sizeof buf);
  ck_assert_str_eq(buf, "household.add H1;member.add H1/1;member.add H1/2;"
                        "member.edit H1/2;review.add 23536/2025/H1;"
                        "survey.record H1/2025;member.move H10/2");
  /* H10: its own entries and the member who moved in, not H1's */
  f.household = "H10";
  TU_OK(run_log(&g, &f));
  summary(&g, buf, sizeof buf);
  ck_assert_str_eq(buf, "household.add H10;member.add H10/1;member.move H10/2");
  /* a code that is also a year: not the review entries keyed by year */
  f.household = "2025";
  TU_OK(run_log(&g, &f));
  summary(&g, buf, sizeof buf);
  ck_assert_str_eq(buf, "household.add 2025;member.add 2025/1");
  /* the latest 2 of H1's, oldest first */
  f.household = "H1";
  f.limit = 2;
  TU_OK(run_log(&g, &f));
  summary(&g, buf, sizeof buf);
  ck_assert_str_eq(buf, "survey.record H1/2025;member.move H10/2");
  /* no such household: nothing, not an error */
  f.household = "H7";
  f.limit = 0;
  TU_OK(run_log(&g, &f));
  ck_assert_int_eq(g.n, 0);
}
END_TEST

START_TEST(test_log_since_limit)
{
  povreg_audit_filter f;
  char *day, *next;
  got g;

  TU_OK(run_log(&g, NULL));
  ck_assert_int_eq(g.n, 17);
  ck_assert_int_eq(g.e[0].hashed, 1);
  ck_assert_int_eq(g.e[16].hashed, 1);
  ck_assert_int_eq(g.e[0].id, 1);
  ck_assert_int_eq(g.e[16].id, 17);
  /* since the day of the last entry (inclusive): at least that one */
  day = tu_text(tu_db, "SELECT substr(at, 1, 10) FROM audit WHERE id = 17");
  next = tu_text(tu_db, "SELECT date(substr(at, 1, 10), '+1 day') FROM audit "
                        "WHERE id = 17");
  memset(&f, 0, sizeof f);
  f.since = day;
  TU_OK(run_log(&g, &f));
  ck_assert_int_ge(g.n, 1);
  ck_assert_int_eq(g.e[g.n - 1].id, 17);
  ck_assert_int_eq(strncmp(g.e[0].at, day, 10), 0);
  f.since = next;
  TU_OK(run_log(&g, &f));
  ck_assert_int_eq(g.n, 0);
  f.since = "2000-01-01";
  f.limit = 3;
  TU_OK(run_log(&g, &f));
  ck_assert_int_eq(g.n, 3);
  ck_assert_int_eq(g.e[0].id, 15);
  ck_assert_int_eq(g.e[2].id, 17);
  free(day);
  free(next);
  /* the callback's value stops the log and is returned */
  memset(&g, 0, sizeof g);
  g.stop_after = 2;
  ck_assert_int_eq(povreg_audit_log(tu_db, NULL, keep_entry, &g), 7);
  ck_assert_int_eq(g.n, 2);
}
END_TEST

START_TEST(test_log_errors)
{
  povreg_audit_filter f;
  got g;

  memset(&f, 0, sizeof f);
  f.since = "2025-02-30";
  TU_FAILS(POVREG_EINVALID, "since", run_log(&g, &f));
  f.since = NULL;
  f.household = "H 1";
  TU_FAILS(POVREG_EINVALID, "household", run_log(&g, &f));
  f.household = "";
  TU_FAILS(POVREG_EINVALID, "household", run_log(&g, &f));
  f.household = "H1%";
  TU_FAILS(POVREG_EINVALID, "household", run_log(&g, &f));
  f.household = NULL;
  f.limit = -1;
  TU_FAILS(POVREG_EINVALID, "limit", run_log(&g, &f));
  ck_assert_int_eq(povreg_audit_log(tu_db, NULL, NULL, NULL), POVREG_EINVALID);
  ck_assert_int_eq(povreg_audit_log(NULL, NULL, keep_entry, &g),
                   POVREG_EINVALID);
  ck_assert_int_eq(povreg_audit_verify(NULL, tu_db, NULL), POVREG_EINVALID);
}
END_TEST

/* Citizen IDs, BHXH numbers and birth dates are masked unless asked. */
START_TEST(test_log_masks_personal_data)
{
  povreg_audit_filter f;
  got g;
  int i;

  memset(&f, 0, sizeof f);
  f.household = "H1";
  TU_OK(run_log(&g, &f));
  ck_assert_int_eq(g.n, 4);
  for (i = 0; i < g.n; i++) {
    ck_assert_ptr_null(strstr(g.e[i].new_value, CID1));
    ck_assert_ptr_null(strstr(g.e[i].new_value, CID2));
    ck_assert_ptr_null(strstr(g.e[i].new_value, BHXH1));
    ck_assert_ptr_null(strstr(g.e[i].new_value, BIRTH1));
    ck_assert_ptr_null(strstr(g.e[i].old_value, CID2));
  }
  ck_assert_ptr_nonnull(
      strstr(g.e[1].new_value, "\"citizen_id\":\"********1234\""));
  ck_assert_ptr_nonnull(strstr(g.e[1].new_value, "\"bhxh_no\":\"******5678\""));
  ck_assert_ptr_nonnull(strstr(g.e[1].new_value, "\"birth_date\":\"1978\""));
  ck_assert_ptr_nonnull(strstr(g.e[1].new_value, "Nguyễn Văn Đức"));
  /* member.edit: the old value had no ID, the new one is masked */
  ck_assert_str_eq(g.e[3].action, "member.edit");
  ck_assert_ptr_nonnull(strstr(g.e[3].old_value, "\"citizen_id\":null"));
  ck_assert_ptr_nonnull(
      strstr(g.e[3].new_value, "\"citizen_id\":\"********5678\""));
  ck_assert_ptr_nonnull(strstr(g.e[3].new_value, "\"birth_date\":\"1980\""));
  ck_assert_int_eq(g.e[0].old_null, 1);

  f.show_personal = 1;
  TU_OK(run_log(&g, &f));
  ck_assert_ptr_nonnull(strstr(g.e[1].new_value, "\"citizen_id\":\"" CID1));
  ck_assert_ptr_nonnull(strstr(g.e[1].new_value, "\"bhxh_no\":\"" BHXH1));
  ck_assert_ptr_nonnull(strstr(g.e[1].new_value, "\"birth_date\":\"" BIRTH1));
  ck_assert_ptr_nonnull(strstr(g.e[3].new_value, CID2));
}
END_TEST

/* The masking reads JSON: nested, spaced, escaped, odd values. */
START_TEST(test_log_mask_shapes)
{
  static const struct {
    const char *in, *out;
  } cases[] = {
      {"{\"a\":{\"citizen_id\":\"062078001234\"}}",
       "{\"a\":{\"citizen_id\":\"********1234\"}}"},
      {"[{\"bhxh_no\" : \"6212345678\"},{\"birth_date\":\"1999-12-31\"}]",
       "[{\"bhxh_no\" : \"******5678\"},{\"birth_date\":\"1999\"}]"},
      {"{\"note\":\"\\\"citizen_id\\\": \\\"1\\\"\",\"citizen_id\":null}",
       "{\"note\":\"\\\"citizen_id\\\": \\\"1\\\"\",\"citizen_id\":null}"},
      {"{\"citizen_id\":\"12\",\"birth_date\":\"x\",\"bhxh_no\":12345}",
       "{\"citizen_id\":\"**\",\"birth_date\":\"*\",\"bhxh_no\":12345}"},
      {"{\"citizen_id\":\"06\\u00302078001234\"}",
       "{\"citizen_id\":\"******************\"}"},
      {"{\"citizen_id\":[\"062078001234\"],\"x\":\"062078001234\"}",
       "{\"citizen_id\":[\"062078001234\"],\"x\":\"062078001234\"}"},
      {"not json \"citizen_id\":\"062078001234",
       "not json \"citizen_id\":\"********1234"},
      {"{\"birth_date\":\"1978\"}", "{\"birth_date\":\"1978\"}"},
  };
  char sql[512];
  size_t i;
  got g;

  for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
    char *q = sqlite3_mprintf("INSERT INTO audit(at, operator, action, "
                              "entity, entity_key, old_value, new_value) "
                              "VALUES ('t', 'm', 'x', 'member', 'H1/%d', "
                              "%Q, %Q)",
                              (int)i + 10, cases[i].in, cases[i].in);
    snprintf(sql, sizeof sql, "%s", q);
    sqlite3_free(q);
    tamper(sql);
  }
  TU_OK(run_log(&g, NULL));
  ck_assert_int_eq(g.n, 17 + (int)(sizeof cases / sizeof cases[0]));
  for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
    ck_assert_str_eq(g.e[17 + i].old_value, cases[i].out);
    ck_assert_str_eq(g.e[17 + i].new_value, cases[i].out);
  }
}
END_TEST

/* The suite. */
static Suite *audit_suite(void)
{
  Suite *s = suite_create("audit");
  TCase *chain = tcase_create("chain");
  TCase *attacks = tcase_create("attacks");
  TCase *log = tcase_create("log");

  tcase_add_checked_fixture(chain, audit_setup, tu_teardown);
  tcase_add_checked_fixture(attacks, audit_setup, tu_teardown);
  tcase_add_checked_fixture(log, audit_setup, tu_teardown);
  tcase_add_test(chain, test_chain_on_writes);
  tcase_add_test(chain, test_chain_many_operations);
  tcase_add_test(chain, test_chain_two_connections);
  tcase_add_test(chain, test_chain_savepoint_rollback);
  tcase_add_test(chain, test_append_only);
  tcase_add_test(chain, test_migrated_from_v10);
  tcase_add_test(attacks, test_edit_field);
  tcase_add_test(attacks, test_edit_ends);
  tcase_add_test(attacks, test_delete);
  tcase_add_test(attacks, test_delete_renumbered);
  tcase_add_test(attacks, test_insert_forged);
  tcase_add_test(attacks, test_append_forged);
  tcase_add_test(attacks, test_swap_and_reorder);
  tcase_add_test(attacks, test_hash_missing);
  tcase_add_test(attacks, test_truncate_needs_anchor);
  tcase_add_test(attacks, test_anchor_extended);
  tcase_add_test(attacks, test_rewrite_needs_anchor);
  tcase_add_test(attacks, test_id_below_one);
  tcase_add_test(log, test_log_household);
  tcase_add_test(log, test_log_since_limit);
  tcase_add_test(log, test_log_errors);
  tcase_add_test(log, test_log_masks_personal_data);
  tcase_add_test(log, test_log_mask_shapes);
  suite_add_tcase(s, chain);
  suite_add_tcase(s, attacks);
  suite_add_tcase(s, log);
  return s;
}

/* Run the suite; the exit status is the number of failed tests. */
int main(void)
{
  return tu_run(audit_suite());
}
