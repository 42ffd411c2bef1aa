/*
** check_util.h: fixture helpers shared by the Check runners
** (tests/check_*.c).  Each runner includes it once.
**
**  - tu_setup()/tu_teardown(): a fresh temporary directory per test (under
**    $TMPDIR) holding a new ledger tu_file, open as tu_db with "today"
**    fixed to TU_TODAY and the operator "check".  Works in fork and
**    no-fork mode (CK_FORK=no): the directory name is made by mkdtemp()
**    from a template built on every call, and teardown removes every file
**    in it (the ledger and its -wal and -shm files too).
**  - tu_dump(): every row of every table of a ledger as text, read on the
**    library's own connection, so a failed call can be shown to have
**    changed nothing (audit log included).  TU_FAILS() wraps that.
**  - tu_sq_*(): raw SQLite on a ledger file, for what the API does not
**    show (user_version, the audit table, pragmas).
**  - small builders for household and member specs.
*/
#ifndef CHECK_UTIL_H
#define CHECK_UTIL_H

#include <check.h>
#include <dirent.h>
#include <errno.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "povreg.h"
#include "povreg_int.h"

#if defined(__GNUC__)
#define TU_UNUSED __attribute__((unused))
#else
#define TU_UNUSED
#endif

/* "Today" in every fixture, so future-date checks are deterministic. */
#define TU_TODAY "2026-11-29"
/* The operator name fixtures set. */
#define TU_OPERATOR "check"

/* Per-test state (one test at a time; reset by tu_setup). */
static TU_UNUSED char tu_dir[512];  /* the test's temporary directory */
static TU_UNUSED char tu_file[640]; /* its ledger file */
static TU_UNUSED povreg_db *tu_db;  /* open on tu_file */

/* ---- files and directories -------------------------------------------- */

/* Make a new temporary directory into out (mkdtemp on a fresh template). */
static inline void tu_mkdir(char *out, size_t n)
{
  const char *tmp = getenv("TMPDIR");
  int len;

  if (tmp == NULL || tmp[0] == '\0') {
    tmp = "/tmp";
  }
  len = snprintf(out, n, "%s/povreg-check-XXXXXX", tmp);
  ck_assert_msg(len > 0 && (size_t)len < n, "TMPDIR path too long");
  ck_assert_msg(mkdtemp(out) != NULL, "mkdtemp(%s): %s", out, strerror(errno));
}

/* Remove every file in dir, then dir itself.  Missing dir: no-op. */
static inline void tu_rmtree(const char *dir)
{
  DIR *d;
  struct dirent *e;
  char path[1024];

  if (dir == NULL || dir[0] == '\0' || (d = opendir(dir)) == NULL) {
    return;
  }
  while ((e = readdir(d)) != NULL) {
    if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0) {
      continue;
    }
    snprintf(path, sizeof path, "%s/%s", dir, e->d_name);
    unlink(path);
  }
  closedir(d);
  rmdir(dir);
}

/* out = tu_dir/name. */
static inline void tu_path(char *out, size_t n, const char *name)
{
  int len = snprintf(out, n, "%s/%s", tu_dir, name);

  ck_assert_msg(len > 0 && (size_t)len < n, "path too long");
}

/* Write text to a new file (or replace it). */
static inline void tu_write_file(const char *path, const char *text)
{
  FILE *f = fopen(path, "wb");

  ck_assert_msg(f != NULL, "fopen(%s): %s", path, strerror(errno));
  ck_assert_int_eq(fputs(text, f) >= 0, 1);
  ck_assert_int_eq(fclose(f), 0);
}

/*
** Read a whole file into an allocated, NUL-terminated buffer (caller
** frees).  *len_out (may be NULL) gets its length.
*/
static inline char *tu_read_file(const char *path, size_t *len_out)
{
  FILE *f = fopen(path, "rb");
  char *buf = NULL;
  size_t cap = 0, len = 0, got;

  ck_assert_msg(f != NULL, "fopen(%s): %s", path, strerror(errno));
  do {
    if (cap - len < 4096) {
      char *p = realloc(buf, cap + 65536);
      ck_assert_ptr_nonnull(p);
      buf = p;
      cap += 65536;
    }
    got = fread(buf + len, 1, cap - len - 1, f);
    len += got;
  } while (got > 0);
  fclose(f);
  buf[len] = '\0';
  if (len_out != NULL) {
    *len_out = len;
  }
  return buf;
}

/* ---- opening ledgers ---------------------------------------------------- */

/*
** Open a ledger that must open, with today fixed and the test operator.
** Fails the test (with the library's message) otherwise.
*/
static inline povreg_db *tu_open(const char *path, unsigned flags)
{
  povreg_db *db = NULL;
  char msg[POVREG__ERRMSG_MAX];
  int rc = povreg_open(&db, path, flags);

  if (rc != POVREG_OK) {
    snprintf(msg, sizeof msg, "%s", povreg_errmsg(db));
    povreg_close(db);
    ck_abort_msg("povreg_open(%s): %d %s", path, rc, msg);
  }
  ck_assert_int_eq(povreg_set_today(db, TU_TODAY), POVREG_OK);
  ck_assert_int_eq(povreg_set_operator(db, TU_OPERATOR), POVREG_OK);
  return db;
}

/* Checked fixture: a new directory and a new ledger in it. */
static TU_UNUSED void tu_setup(void)
{
  tu_db = NULL;
  tu_mkdir(tu_dir, sizeof tu_dir);
  tu_path(tu_file, sizeof tu_file, "ledger.db");
  tu_db = tu_open(tu_file, POVREG_OPEN_CREATE);
}

/* Checked fixture: close the ledger, remove the directory. */
static TU_UNUSED void tu_teardown(void)
{
  povreg_close(tu_db);
  tu_db = NULL;
  tu_rmtree(tu_dir);
  tu_dir[0] = '\0';
  tu_file[0] = '\0';
}

/* ---- raw SQLite on a ledger file ---------------------------------------- */

/* Open a raw connection on an existing file (read-write, no create). */
static inline sqlite3 *tu_sq_open(const char *path)
{
  sqlite3 *sq = NULL;
  int rc = sqlite3_open_v2(path, &sq, SQLITE_OPEN_READWRITE, NULL);

  ck_assert_msg(rc == SQLITE_OK, "sqlite3_open_v2(%s): %s", path,
                sq ? sqlite3_errmsg(sq) : "no memory");
  sqlite3_busy_timeout(sq, 5000);
  return sq;
}

/* Run SQL (no results) on a raw connection; fails the test on error. */
static inline void tu_sq_exec_on(sqlite3 *sq, const char *sql)
{
  char *err = NULL;
  char msg[512];

  if (sqlite3_exec(sq, sql, NULL, NULL, &err) != SQLITE_OK) {
    snprintf(msg, sizeof msg, "%s", err ? err : "?");
    sqlite3_free(err);
    ck_abort_msg("SQL failed: %s: %s", sql, msg);
  }
}

/* One integer from a query on a connection; fails the test on error. */
static inline long long tu_int_on(sqlite3 *sq, const char *sql)
{
  sqlite3_stmt *st = NULL;
  long long v;
  int rc = sqlite3_prepare_v2(sq, sql, -1, &st, NULL);

  ck_assert_msg(rc == SQLITE_OK, "prepare %s: %s", sql, sqlite3_errmsg(sq));
  rc = sqlite3_step(st);
  ck_assert_msg(rc == SQLITE_ROW, "no row from %s (%d: %s)", sql, rc,
                sqlite3_errmsg(sq));
  v = sqlite3_column_int64(st, 0);
  sqlite3_finalize(st);
  return v;
}

/*
** The text of the first column of the first row of a query (allocated,
** caller frees), or NULL for no row or SQL NULL.
*/
static inline char *tu_text_on(sqlite3 *sq, const char *sql)
{
  sqlite3_stmt *st = NULL;
  char *v = NULL;
  int rc = sqlite3_prepare_v2(sq, sql, -1, &st, NULL);

  ck_assert_msg(rc == SQLITE_OK, "prepare %s: %s", sql, sqlite3_errmsg(sq));
  rc = sqlite3_step(st);
  ck_assert_msg(rc == SQLITE_ROW || rc == SQLITE_DONE, "step %s: %s", sql,
                sqlite3_errmsg(sq));
  if (rc == SQLITE_ROW && sqlite3_column_type(st, 0) != SQLITE_NULL) {
    const char *t = (const char *)sqlite3_column_text(st, 0);
    v = malloc(strlen(t) + 1);
    ck_assert_ptr_nonnull(v);
    memcpy(v, t, strlen(t) + 1);
  }
  sqlite3_finalize(st);
  return v;
}

/* Run SQL on a ledger file through a fresh raw connection. */
static inline void tu_sq_exec(const char *path, const char *sql)
{
  sqlite3 *sq = tu_sq_open(path);

  tu_sq_exec_on(sq, sql);
  sqlite3_close(sq);
}

/* One integer from a query on a ledger file (fresh raw connection). */
static inline long long tu_sq_int(const char *path, const char *sql)
{
  sqlite3 *sq = tu_sq_open(path);
  long long v = tu_int_on(sq, sql);

  sqlite3_close(sq);
  return v;
}

/* First value of a query on a ledger file, allocated (or NULL). */
static inline char *tu_sq_text(const char *path, const char *sql)
{
  sqlite3 *sq = tu_sq_open(path);
  char *v = tu_text_on(sq, sql);

  sqlite3_close(sq);
  return v;
}

/* One integer from a query on the library's own connection of db. */
static inline long long tu_int(povreg_db *db, const char *sql)
{
  return tu_int_on(db->sq, sql);
}

/* Text from a query on the library's own connection (allocated or NULL). */
static inline char *tu_text(povreg_db *db, const char *sql)
{
  return tu_text_on(db->sq, sql);
}

/* ---- dumps -------------------------------------------------------------- */

/* A growing text buffer. */
typedef struct tu_buf {
  char *p;
  size_t len, cap;
} tu_buf;

/* Append n bytes to b. */
static inline void tu_buf_add(tu_buf *b, const char *s, size_t n)
{
  if (b->len + n + 1 > b->cap) {
    size_t cap = b->cap ? b->cap : 4096;
    char *p;
    while (b->len + n + 1 > cap) {
      cap *= 2;
    }
    p = realloc(b->p, cap);
    ck_assert_ptr_nonnull(p);
    b->p = p;
    b->cap = cap;
  }
  memcpy(b->p + b->len, s, n);
  b->len += n;
  b->p[b->len] = '\0';
}

/* Append a NUL-terminated string to b. */
static inline void tu_buf_str(tu_buf *b, const char *s)
{
  tu_buf_add(b, s, strlen(s));
}

/* Append every row of one table as "table|v1|v2|...\n" (blobs in hex). */
static inline void tu_dump_table_on(sqlite3 *sq, const char *table, tu_buf *b)
{
  sqlite3_stmt *st = NULL;
  char sql[256], hex[3];
  int rc, i, n, j;

  snprintf(sql, sizeof sql, "SELECT * FROM \"%s\"", table);
  rc = sqlite3_prepare_v2(sq, sql, -1, &st, NULL);
  ck_assert_msg(rc == SQLITE_OK, "prepare %s: %s", sql, sqlite3_errmsg(sq));
  while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
    tu_buf_str(b, table);
    n = sqlite3_column_count(st);
    for (i = 0; i < n; i++) {
      tu_buf_str(b, "|");
      switch (sqlite3_column_type(st, i)) {
      case SQLITE_NULL:
        tu_buf_str(b, "\\N");
        break;
      case SQLITE_BLOB: {
        const unsigned char *p = sqlite3_column_blob(st, i);
        int len = sqlite3_column_bytes(st, i);
        tu_buf_str(b, "x'");
        for (j = 0; j < len; j++) {
          snprintf(hex, sizeof hex, "%02x", p[j]);
          tu_buf_add(b, hex, 2);
        }
        tu_buf_str(b, "'");
        break;
      }
      default:
        tu_buf_str(b, (const char *)sqlite3_column_text(st, i));
        break;
      }
    }
    tu_buf_str(b, "\n");
  }
  ck_assert_msg(rc == SQLITE_DONE, "dump %s: %s", table, sqlite3_errmsg(sq));
  sqlite3_finalize(st);
}

/*
** Dump every table of a connection (sqlite_* excluded), or only `only`
** when it is not NULL, with the schema's user_version.  Allocated.
*/
static inline char *tu_dump_on(sqlite3 *sq, const char *only)
{
  sqlite3_stmt *st = NULL;
  tu_buf b = {NULL, 0, 0};
  char head[64];
  int rc;

  snprintf(head, sizeof head, "user_version|%lld\n",
           tu_int_on(sq, "PRAGMA user_version"));
  tu_buf_str(&b, head);
  rc = sqlite3_prepare_v2(sq,
                          "SELECT name FROM sqlite_schema WHERE type = "
                          "'table' AND name NOT LIKE 'sqlite\\_%' ESCAPE "
                          "'\\' AND (?1 IS NULL OR name = ?1) ORDER BY name",
                          -1, &st, NULL);
  ck_assert_msg(rc == SQLITE_OK, "prepare: %s", sqlite3_errmsg(sq));
  if (only != NULL) {
    sqlite3_bind_text(st, 1, only, -1, SQLITE_TRANSIENT);
  }
  while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
    char name[128];
    snprintf(name, sizeof name, "%s", (const char *)sqlite3_column_text(st, 0));
    tu_dump_table_on(sq, name, &b);
  }
  ck_assert_int_eq(rc, SQLITE_DONE);
  sqlite3_finalize(st);
  return b.p;
}

/* Dump a ledger through the library's own connection.  Allocated. */
static inline char *tu_dump(povreg_db *db)
{
  return tu_dump_on(db->sq, NULL);
}

/* Dump one table of a ledger.  Allocated. */
static inline char *tu_dump_table(povreg_db *db, const char *table)
{
  return tu_dump_on(db->sq, table);
}

/*
** Compare two dumps.  Returns 0 if equal; otherwise 1, with the first
** differing line of each quoted in msg.
*/
static inline int tu_dump_diff(const char *before, const char *after, char *msg,
                               size_t n)
{
  const char *a = before, *b = after, *la = before, *lb = after;
  int na, nb;

  if (strcmp(before, after) == 0) {
    return 0;
  }
  while (*a != '\0' && *a == *b) {
    if (*a == '\n') {
      la = a + 1;
      lb = b + 1;
    }
    a++;
    b++;
  }
  na = (int)strcspn(la, "\n");
  nb = (int)strcspn(lb, "\n");
  snprintf(msg, n, "first difference:\n  before: %.*s%s\n  after:  %.*s%s",
           na > 200 ? 200 : na, la, na == 0 ? "(end)" : "", nb > 200 ? 200 : nb,
           lb, nb == 0 ? "(end)" : "");
  return 1;
}

/* Fail the test (at the caller's line) if two dumps differ. */
#define TU_ASSERT_SAME(before, after, what)                                    \
  do {                                                                         \
    char tu_msg_[600];                                                         \
    ck_assert_msg(!tu_dump_diff((before), (after), tu_msg_, sizeof tu_msg_),   \
                  "%s: %s", (what), tu_msg_);                                  \
  } while (0)

/* 1 if the handle's last message contains needle. */
static inline int tu_msg_has(povreg_db *db, const char *needle)
{
  return strstr(povreg_errmsg(db), needle) != NULL;
}

/*
** Assert that `call` returns `code`, that the message contains `needle`
** (skipped when NULL), that no transaction is left open, and that the
** ledger (every table, the audit log included) is exactly as before.
*/
#define TU_FAILS_ON(db, code, needle, call)                                    \
  do {                                                                         \
    char *tu_before_ = tu_dump(db), *tu_after_;                                \
    char tu_diff_[600];                                                        \
    int tu_rc_ = (call);                                                       \
    const char *tu_needle_ = (needle);                                         \
    int tu_has_ = tu_needle_ == NULL || tu_msg_has(db, tu_needle_);            \
    int tu_tx_ = !sqlite3_get_autocommit((db)->sq) || (db)->tx_depth != 0;     \
    int tu_changed_;                                                           \
    tu_after_ = tu_dump(db);                                                   \
    tu_changed_ =                                                              \
        tu_dump_diff(tu_before_, tu_after_, tu_diff_, sizeof tu_diff_);        \
    free(tu_before_);                                                          \
    free(tu_after_);                                                           \
    ck_assert_msg(tu_rc_ == (code), "%s: returned %d (%s), expected %d",       \
                  #call, tu_rc_, povreg_errmsg(db), (int)(code));              \
    ck_assert_msg(tu_has_, "%s: message '%s' does not mention '%s'", #call,    \
                  povreg_errmsg(db), tu_needle_ ? tu_needle_ : "");            \
    ck_assert_msg(!tu_tx_, "%s: left a transaction open", #call);              \
    ck_assert_msg(!tu_changed_, "%s: changed the ledger: %s", #call,           \
                  tu_diff_);                                                   \
  } while (0)

/* TU_FAILS_ON the fixture's ledger. */
#define TU_FAILS(code, needle, call) TU_FAILS_ON(tu_db, code, needle, call)

/* Assert that a call returns POVREG_OK, showing the message if not. */
#define TU_OK(call)                                                            \
  do {                                                                         \
    int tu_rc_ = (call);                                                       \
    ck_assert_msg(tu_rc_ == POVREG_OK, "%s: returned %d (%s)", #call, tu_rc_,  \
                  povreg_errmsg(tu_db));                                       \
  } while (0)

/* ---- spec builders ------------------------------------------------------ */

/* A member spec with the required fields (others NULL). */
static inline povreg_member_spec tu_person(const char *name, const char *sex,
                                           const char *birth,
                                           const char *relation)
{
  povreg_member_spec m;

  memset(&m, 0, sizeof m);
  m.full_name = name;
  m.sex = sex;
  m.birth_date = birth;
  m.relation = relation;
  return m;
}

/* A household spec in a commune, created on a date (others NULL). */
static inline povreg_household_spec tu_hh(const char *commune,
                                          const char *created_on)
{
  povreg_household_spec h;

  memset(&h, 0, sizeof h);
  h.commune_code = commune;
  h.created_on = created_on;
  return h;
}

/*
** Add a household (code may be NULL: generated) in a commune with a head;
** returns its code in out.  Fails the test on error.
*/
static inline void tu_add_household(char out[33], const char *code,
                                    const char *commune, const char *created_on,
                                    const char *head_name, const char *head_sex,
                                    const char *head_birth)
{
  povreg_household_spec h = tu_hh(commune, created_on);
  povreg_member_spec m = tu_person(head_name, head_sex, head_birth, NULL);
  char *got = NULL;
  int rc;

  h.code = code;
  rc = povreg_household_add(&got, tu_db, &h, &m);
  ck_assert_msg(rc == POVREG_OK, "household_add %s: %d (%s)", head_name, rc,
                povreg_errmsg(tu_db));
  ck_assert_ptr_nonnull(got);
  snprintf(out, 33, "%s", got);
  povreg_free(got);
}

/* Add a member with the given relation; returns the member number. */
static inline int tu_add_member(const char *hh, const char *name,
                                const char *sex, const char *birth,
                                const char *relation)
{
  povreg_member_spec m = tu_person(name, sex, birth, relation);
  int no = 0, rc = povreg_member_add(&no, tu_db, hh, &m);

  ck_assert_msg(rc == POVREG_OK, "member_add %s: %d (%s)", name, rc,
                povreg_errmsg(tu_db));
  ck_assert_int_gt(no, 0);
  return no;
}

/* Make a string of n copies of the UTF-8 text unit (caller frees). */
static inline char *tu_repeat(const char *unit, size_t n)
{
  size_t u = strlen(unit), i;
  char *s = malloc(u * n + 1);

  ck_assert_ptr_nonnull(s);
  for (i = 0; i < n; i++) {
    memcpy(s + i * u, unit, u);
  }
  s[u * n] = '\0';
  return s;
}

/* ---- runner ------------------------------------------------------------- */

/*
** Run a suite and return the number of failed tests as an exit status
** (capped so that it never wraps to 0).
*/
static inline int tu_run(Suite *s)
{
  SRunner *sr = srunner_create(s);
  int failed;

  srunner_run_all(sr, CK_NORMAL);
  failed = srunner_ntests_failed(sr);
  srunner_free(sr);
  return failed > 100 ? 100 : failed;
}

/* ---- surveys steered by ticks ------------------------------------------- */

/*
** Record (or replace) a survey of household hh for review_year, ages at
** ref, with an income and every indicator of the standard governing
** review_year + 1 ticked except `except` (NULL: none; that one is left to
** be derived from facts): the first n_deprived of them in legal order
** deprived, the others not.  facts (may be NULL) are added as given.
** Fails the test on any error.
*/
static inline void tu_survey_ticks(const char *hh, int review_year,
                                   const char *ref, int64_t income,
                                   int n_deprived, const char *except,
                                   const povreg_fact *facts, size_t n_facts)
{
  povreg_rulebook *rb = NULL;
  povreg_survey_spec s;
  povreg_tick t[32];
  size_t i, n, nt = 0;
  int rc, d = 0;

  rc = povreg_rulebook_load(&rb, tu_db, NULL, review_year + 1);
  ck_assert_msg(rc == POVREG_OK, "rulebook for %d: %d (%s)", review_year + 1,
                rc, povreg_errmsg(tu_db));
  n = povreg_rulebook_indicators(rb);
  ck_assert_uint_le(n, sizeof t / sizeof t[0]);
  for (i = 0; i < n; i++) {
    const char *key = povreg_rulebook_indicator_key(rb, i);
    if (except != NULL && strcmp(key, except) == 0) {
      continue;
    }
    t[nt].key = key;
    t[nt].deprived = d < n_deprived;
    d += t[nt].deprived;
    nt++;
  }
  ck_assert_msg(d == n_deprived, "only %d indicators to tick deprived", d);
  memset(&s, 0, sizeof s);
  s.review_year = review_year;
  s.reference_date = ref;
  s.has_income = 1;
  s.income = income;
  s.ticks = t;
  s.n_ticks = nt;
  s.facts = facts;
  s.n_facts = n_facts;
  rc = povreg_survey_record(tu_db, hh, &s);
  povreg_rulebook_free(rb); /* the tick keys were borrowed from it */
  ck_assert_msg(rc == POVREG_OK, "survey of %s for %d: %d (%s)", hh,
                review_year, rc, povreg_errmsg(tu_db));
}

/* tu_survey_ticks with every indicator ticked and no facts. */
static inline void tu_survey(const char *hh, int review_year, const char *ref,
                             int64_t income, int n_deprived)
{
  tu_survey_ticks(hh, review_year, ref, income, n_deprived, NULL, NULL, 0);
}

#endif /* CHECK_UTIL_H */
