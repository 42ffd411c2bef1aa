/*
** check_backup.c: povreg_backup() (a snapshot that holds while another
** connection commits between its steps, mode 0600, no partial file, no
** overwriting unless forced, a restore that gives the same data back)
** and povreg_check() (ok on fresh and demo ledgers; each invariant
** broken with raw SQL is reported; a damaged page is reported without a
** crash).
*/
#include <fcntl.h>

#include "check_util.h"

/* Households per commune of the small demo ledger the tests use. */
#define DEMO_PER_COMMUNE 2

/* The demo ledger, built once before the suite runs (main). */
static char demo_dir[512];
static char demo_file[600];

/*
** Build the small demo ledger the tests copy (povreg_demo_build, seed 1)
** in a directory of its own.  Returns 0, or 1 after printing why.
*/
static int demo_template(void)
{
  const char *tmp = getenv("TMPDIR");
  povreg_db *db = NULL;
  int rc;

  snprintf(demo_dir, sizeof demo_dir, "%s/povreg-demo-XXXXXX",
           tmp != NULL && tmp[0] != '\0' ? tmp : "/tmp");
  if (mkdtemp(demo_dir) == NULL) {
    perror(demo_dir);
    return 1;
  }
  snprintf(demo_file, sizeof demo_file, "%s/demo.db", demo_dir);
  if ((rc = povreg_open(&db, demo_file, POVREG_OPEN_CREATE)) == POVREG_OK &&
      (rc = povreg_set_today(db, TU_TODAY)) == POVREG_OK &&
      (rc = povreg_set_operator(db, TU_OPERATOR)) == POVREG_OK) {
    rc = povreg_demo_build(db, 1, DEMO_PER_COMMUNE);
  }
  if (rc != POVREG_OK) {
    fprintf(stderr, "demo ledger: %s\n", povreg_errmsg(db));
  }
  povreg_close(db);
  return rc != POVREG_OK;
}

/* Replace the fixture's ledger by a copy of the demo ledger. */
static void use_demo(void)
{
  char buf[65536];
  FILE *in, *out;
  size_t n;

  povreg_close(tu_db);
  tu_db = NULL;
  in = fopen(demo_file, "rb");
  out = fopen(tu_file, "wb");
  ck_assert_ptr_nonnull(in);
  ck_assert_ptr_nonnull(out);
  while ((n = fread(buf, 1, sizeof buf, in)) > 0) {
    ck_assert_uint_eq(fwrite(buf, 1, n, out), n);
  }
  ck_assert_int_eq(ferror(in), 0);
  fclose(in);
  ck_assert_int_eq(fclose(out), 0);
  tu_db = tu_open(tu_file, 0);
}

/* Number of directory entries of tu_dir whose name contains part. */
static int files_with(const char *part)
{
  DIR *d = opendir(tu_dir);
  struct dirent *e;
  int n = 0;

  ck_assert_ptr_nonnull(d);
  while ((e = readdir(d)) != NULL) {
    if (strstr(e->d_name, part) != NULL) {
      n++;
    }
  }
  closedir(d);
  return n;
}

/* Count of a table's rows on a handle. */
static long long rows_of(povreg_db *db, const char *table)
{
  char sql[128];

  snprintf(sql, sizeof sql, "SELECT count(*) FROM %s", table);
  return tu_int(db, sql);
}

/* Add household code (with its head) to db, committed. */
static void add_household(povreg_db *db, const char *code)
{
  povreg_household_spec h;
  povreg_member_spec head;
  int rc;

  memset(&h, 0, sizeof h);
  memset(&head, 0, sizeof head);
  h.code = code;
  h.commune_code = "23536";
  h.created_on = "2024-01-15";
  head.full_name = "Nguyễn Văn An";
  head.sex = "M";
  head.birth_date = "1980-03-02";
  head.relation = "head";
  rc = povreg_household_add(NULL, db, &h, &head);
  ck_assert_msg(rc == POVREG_OK, "household_add %s: %s", code,
                povreg_errmsg(db));
}

/* Find a problem of kind (and with key, unless NULL); index or -1. */
static int find_problem(const povreg_check_report *r, const char *kind,
                        const char *key)
{
  size_t i;

  for (i = 0; i < r->n; i++) {
    if (strcmp(r->problems[i].kind, kind) == 0 &&
        (key == NULL || strcmp(r->problems[i].key, key) == 0)) {
      return (int)i;
    }
  }
  return -1;
}

/* All problems of a report as text, for failure messages (static). */
static const char *problems_text(const povreg_check_report *r)
{
  static char buf[4096];
  size_t i, used = 0;

  buf[0] = '\0';
  for (i = 0; r != NULL && i < r->n && used < sizeof buf - 1; i++) {
    int w = snprintf(buf + used, sizeof buf - used, "[%s %s: %s] ",
                     r->problems[i].kind, r->problems[i].key,
                     r->problems[i].message);
    used += w > 0 ? (size_t)w : 0;
  }
  return buf;
}

/* Run povreg_check on tu_db expecting exactly `want` problems. */
static povreg_check_report *check_expect(int want)
{
  povreg_check_report *r = NULL;
  int n = povreg_check(&r, tu_db);

  ck_assert_msg(n >= 0, "povreg_check: %d %s", n, povreg_errmsg(tu_db));
  ck_assert_ptr_nonnull(r);
  ck_assert_msg(n == want, "expected %d problems, got %d: %s", want, n,
                problems_text(r));
  ck_assert_int_eq((long)n, r->total);
  return r;
}

/* ---- backup ---- */

/*
** A backup of a ledger with data: same rows, integrity ok, mode 0600,
** rollback-journal mode, no temporary file left, opens as a ledger.
*/
START_TEST(test_backup_copies)
{
  povreg_backup_report rep;
  char path[700], *a, *b;
  struct stat sb;
  povreg_db *copy;

  use_demo();
  tu_path(path, sizeof path, "copy.db");
  TU_OK(povreg_backup(&rep, tu_db, path, NULL));
  ck_assert_int_gt(rep.pages, 10);
  ck_assert_int_eq(rep.page_size, 4096);
  ck_assert_int_ge(rep.steps, 1);
  ck_assert_int_eq(rep.integrity_ok, 1);
  ck_assert_str_eq(rep.integrity, "ok");
  ck_assert_int_eq(stat(path, &sb), 0);
  ck_assert_int_eq(sb.st_mode & 0777, 0600);
  ck_assert_int_eq((long long)sb.st_size, (long long)rep.pages * 4096);
  ck_assert_int_eq(files_with(".tmp-"), 0);
  ck_assert_int_eq(files_with("copy.db-"), 0);
  ck_assert_int_eq(tu_sq_int(path, "SELECT count(*) FROM pragma_journal_mode "
                                   "WHERE journal_mode = 'delete'"),
                   1);
  copy = tu_open(path, 0);
  a = tu_dump(tu_db);
  b = tu_dump(copy);
  ck_assert_msg(strcmp(a, b) == 0, "the copy differs from the ledger");
  free(a);
  free(b);
  povreg_close(copy);
}
END_TEST

/* Progress: called after each step with falling remaining counts. */
typedef struct progress {
  int calls;
  int last_remaining;
  int total;
  povreg_db *writer; /* commits a household between steps, when set */
  int writes;
  int stop_at; /* return 7 at this call (0: never) */
} progress;

/* povreg_backup progress callback (payload: progress). */
static int on_progress(int remaining, int total, void *payload)
{
  progress *p = payload;
  char code[40];

  p->calls++;
  ck_assert_int_ge(remaining, 0);
  ck_assert_int_le(remaining, total);
  if (p->calls > 1) {
    ck_assert_int_le(remaining, p->last_remaining);
  }
  p->last_remaining = remaining;
  p->total = total;
  if (p->writer != NULL && p->writes < 20) {
    snprintf(code, sizeof code, "W-%03d", p->writes++);
    add_household(p->writer, code);
  }
  return p->stop_at != 0 && p->calls == p->stop_at ? 7 : 0;
}

/*
** Another connection commits between the backup's steps (one page per
** step): the backup does not restart forever, and the copy is the
** snapshot of when it began: none of those households, every row of
** before, integrity ok; the ledger has them all.
*/
START_TEST(test_backup_snapshot_while_writing)
{
  povreg_backup_opts o = {0, 1, on_progress, NULL};
  povreg_backup_report rep;
  progress p;
  char path[700], *before, *after;
  povreg_db *writer, *copy;

  use_demo();
  before = tu_dump(tu_db);
  memset(&p, 0, sizeof p);
  writer = tu_open(tu_file, 0);
  p.writer = writer;
  o.payload = &p;
  tu_path(path, sizeof path, "snap.db");
  TU_OK(povreg_backup(&rep, tu_db, path, &o));
  ck_assert_int_eq(p.writes, 20);
  ck_assert_int_gt(p.calls, 20);
  ck_assert_int_eq(p.last_remaining, 0);
  ck_assert_int_eq(p.total, rep.pages);
  ck_assert_int_eq(rep.steps, rep.pages);
  ck_assert_int_eq(rep.integrity_ok, 1);
  ck_assert_int_eq(tu_int(tu_db, "SELECT count(*) FROM household WHERE code "
                                 "GLOB 'W-*'"),
                   20);
  copy = tu_open(path, 0);
  ck_assert_int_eq(tu_int(copy, "SELECT count(*) FROM household WHERE code "
                                "GLOB 'W-*'"),
                   0);
  after = tu_dump(copy);
  ck_assert_msg(strcmp(before, after) == 0,
                "the copy is not the state before the writes");
  free(before);
  free(after);
  povreg_close(copy);
  povreg_close(writer);
}
END_TEST

/* A progress callback's nonzero value stops the backup: no file left. */
START_TEST(test_backup_stopped)
{
  povreg_backup_opts o = {0, 2, on_progress, NULL};
  progress p;
  char path[700];
  struct stat sb;

  memset(&p, 0, sizeof p);
  p.stop_at = 2;
  o.payload = &p;
  tu_path(path, sizeof path, "stopped.db");
  ck_assert_int_eq(povreg_backup(NULL, tu_db, path, &o), 7);
  ck_assert_int_eq(p.calls, 2);
  ck_assert_int_ne(stat(path, &sb), 0);
  ck_assert_int_eq(files_with("stopped"), 0);
  /* the ledger's read transaction was ended: it can still write */
  add_household(tu_db, "AFTER-STOP");
}
END_TEST

/*
** An existing file is not replaced (its bytes unchanged) unless forced;
** the ledger itself never; a missing directory fails with nothing left.
*/
START_TEST(test_backup_refuses)
{
  povreg_backup_opts force = {1, 0, NULL, NULL};
  povreg_backup_report rep;
  char path[700], bad[760], *text;

  tu_path(path, sizeof path, "exists.db");
  tu_write_file(path, "keep me\n");
  ck_assert_int_eq(povreg_backup(&rep, tu_db, path, NULL), POVREG_EEXISTS);
  ck_assert_ptr_nonnull(strstr(povreg_errmsg(tu_db), "already exists"));
  text = tu_read_file(path, NULL);
  ck_assert_str_eq(text, "keep me\n");
  free(text);
  ck_assert_int_eq(files_with(".tmp-"), 0);
  TU_OK(povreg_backup(&rep, tu_db, path, &force));
  ck_assert_int_eq(rep.integrity_ok, 1);
  ck_assert_int_eq(tu_sq_int(path, "PRAGMA application_id"), 1886351207);
  ck_assert_int_eq(povreg_backup(&rep, tu_db, tu_file, &force),
                   POVREG_EINVALID);
  ck_assert_ptr_nonnull(strstr(povreg_errmsg(tu_db), "the ledger itself"));
  ck_assert_int_eq(povreg_backup(&rep, tu_db, tu_dir, &force), POVREG_EINVALID);
  snprintf(bad, sizeof bad, "%s/no/such/dir/b.db", tu_dir);
  ck_assert_int_eq(povreg_backup(&rep, tu_db, bad, NULL), POVREG_ERROR);
  ck_assert_int_eq(povreg_backup(&rep, tu_db, NULL, NULL), POVREG_EINVALID);
  ck_assert_int_eq(povreg_backup(&rep, NULL, path, NULL), POVREG_EINVALID);
  /* inside a transaction of the handle: refused */
  ck_assert_int_eq(povreg__tx_begin(tu_db), POVREG_OK);
  tu_path(path, sizeof path, "intx.db");
  ck_assert_int_eq(povreg_backup(&rep, tu_db, path, NULL), POVREG_EINVALID);
  povreg__tx_rollback(tu_db);
}
END_TEST

/*
** Forcing a backup over a ledger that has a -wal file (in use, or not
** closed cleanly) is refused: SQLite would replay that WAL on the copy.
*/
START_TEST(test_backup_refuses_ledger_in_use)
{
  povreg_backup_opts force = {1, 0, NULL, NULL};
  char other[700];
  povreg_db *busy;

  tu_path(other, sizeof other, "other.db");
  busy = tu_open(other, POVREG_OPEN_CREATE);
  add_household(busy, "BUSY-1");
  ck_assert_int_eq(povreg_backup(NULL, tu_db, other, &force), POVREG_EBUSY);
  ck_assert_ptr_nonnull(strstr(povreg_errmsg(tu_db), "in use"));
  povreg_close(busy);
  TU_OK(povreg_backup(NULL, tu_db, other, &force));
}
END_TEST

/*
** Restore: back up, change the ledger, close it, back up the backup over
** the ledger (forced); the ledger holds exactly the backed-up data.
*/
START_TEST(test_restore)
{
  povreg_backup_opts force = {1, 0, NULL, NULL};
  char path[700], *saved, *restored;
  povreg_db *b;

  use_demo();
  tu_path(path, sizeof path, "saved.db");
  TU_OK(povreg_backup(NULL, tu_db, path, NULL));
  saved = tu_dump(tu_db);
  add_household(tu_db, "LOST-1");
  povreg_close(tu_db);
  tu_db = NULL;
  b = tu_open(path, 0);
  ck_assert_int_eq(povreg_backup(NULL, b, tu_file, &force), POVREG_OK);
  povreg_close(b);
  tu_db = tu_open(tu_file, 0);
  ck_assert_int_eq(rows_of(tu_db, "household WHERE code = 'LOST-1'"), 0);
  restored = tu_dump(tu_db);
  ck_assert_msg(strcmp(saved, restored) == 0,
                "the restored ledger differs from the backup");
  free(saved);
  free(restored);
  povreg_check_report_free(check_expect(0));
}
END_TEST

/* ---- check ---- */

/* A fresh ledger and a demo ledger check ok. */
START_TEST(test_check_ok)
{
  povreg_check_report *r = check_expect(0);

  ck_assert_uint_eq(r->n, 0);
  povreg_check_report_free(r);
  use_demo();
  ck_assert_int_gt(rows_of(tu_db, "household_status"), 0);
  povreg_check_report_free(check_expect(0));
}
END_TEST

/* Run raw SQL on the ledger through a separate connection. */
static void inject(const char *sql)
{
  tu_sq_exec(tu_file, sql);
}

/* A household code of the demo chosen by SQL (static buffer). */
static const char *code_of(const char *sql)
{
  static char buf[4][40];
  static int k;
  char *t = tu_text(tu_db, sql);

  ck_assert_msg(t != NULL, "no row: %s", sql);
  k = (k + 1) % 4;
  snprintf(buf[k], sizeof buf[k], "%s", t);
  free(t);
  return buf[k];
}

/* Two active heads, and no head: both reported with the household. */
START_TEST(test_check_heads)
{
  povreg_check_report *r;
  const char *two, *none;
  char sql[512];
  int i;

  use_demo();
  two = code_of("SELECT h.code FROM household h JOIN member m ON "
                "m.household_id = h.id WHERE m.relation = 'spouse' AND "
                "m.status = 'active' AND h.dissolved_on IS NULL ORDER BY "
                "h.id LIMIT 1");
  none = code_of("SELECT h.code FROM household h JOIN member m ON "
                 "m.household_id = h.id WHERE m.relation = 'child' AND "
                 "m.status = 'active' AND h.dissolved_on IS NULL ORDER BY "
                 "h.id DESC LIMIT 1");
  snprintf(sql, sizeof sql,
           "DROP INDEX member_one_head; UPDATE member SET relation = 'head' "
           "WHERE relation = 'spouse' AND status = 'active' AND household_id "
           "= (SELECT id FROM household WHERE code = '%s'); UPDATE member SET "
           "relation = 'other' WHERE relation = 'head' AND household_id = "
           "(SELECT id FROM household WHERE code = '%s')",
           two, none);
  inject(sql);
  r = check_expect(2);
  ck_assert_int_ge((i = find_problem(r, "head", two)), 0);
  ck_assert_ptr_nonnull(strstr(r->problems[i].message, "2 active heads"));
  ck_assert_int_ge((i = find_problem(r, "head", none)), 0);
  ck_assert_ptr_nonnull(strstr(r->problems[i].message, "no active head"));
  povreg_check_report_free(r);
}
END_TEST

/* A dissolved household that still has an active member. */
START_TEST(test_check_dissolved)
{
  povreg_check_report *r;
  const char *code;
  char sql[512];

  use_demo();
  add_household(tu_db, "GONE-1");
  TU_OK(povreg_household_dissolve(tu_db, "GONE-1", "2024-06-01", "moved_away",
                                  NULL));
  code = "GONE-1";
  snprintf(sql, sizeof sql,
           "UPDATE member SET status = 'active', status_on = NULL WHERE "
           "household_id = (SELECT id FROM household WHERE code = '%s')",
           code);
  inject(sql);
  r = check_expect(1);
  ck_assert_int_ge(find_problem(r, "dissolved", "GONE-1"), 0);
  povreg_check_report_free(r);
}
END_TEST

/*
** Statuses: a second status in force for a year (and so transitions
** that no longer match the statuses), an amendment of another year, a
** status with no basis; a status of an approved review removed.
*/
START_TEST(test_check_statuses)
{
  povreg_check_report *r = NULL;
  const char *dup, *cross, *lost;
  char sql[1400];
  int i;

  use_demo();
  dup = code_of("SELECT h.code FROM current_status s JOIN household h ON "
                "h.id = s.household_id WHERE s.class = 'poor' ORDER BY s.id "
                "LIMIT 1");
  cross = code_of("SELECT h.code FROM current_status s JOIN household h ON "
                  "h.id = s.household_id WHERE s.class = 'non_poor' ORDER BY "
                  "s.id LIMIT 1");
  lost = code_of("SELECT h.code FROM household_status s JOIN household h ON "
                 "h.id = s.household_id WHERE s.review_id IS NOT NULL "
                 "ORDER BY s.id DESC LIMIT 1");
  ck_assert_str_ne(dup, lost);
  ck_assert_str_ne(cross, lost);
  snprintf(sql, sizeof sql,
           "DROP TRIGGER household_status_no_delete;"
           "INSERT INTO household_status(household_id, status_year, class, "
           " effective_on, decision, review_id, supersedes, recorded_at) "
           " SELECT household_id, status_year, class, effective_on, "
           " decision, review_id, NULL, recorded_at FROM current_status "
           " WHERE household_id = (SELECT id FROM household WHERE code = "
           " '%s') AND class = 'poor' ORDER BY id LIMIT 1;"
           "INSERT INTO household_status(household_id, status_year, class, "
           " effective_on, decision, review_id, supersedes, recorded_at) "
           " SELECT household_id, status_year + 1, 'average', effective_on, "
           " 'QĐ sửa', NULL, id, recorded_at FROM current_status WHERE "
           " household_id = (SELECT id FROM household WHERE code = '%s') "
           " ORDER BY status_year DESC LIMIT 1;"
           "DELETE FROM household_status WHERE id = (SELECT max(s.id) FROM "
           " household_status s JOIN household h ON h.id = s.household_id "
           " WHERE h.code = '%s' AND s.review_id IS NOT NULL)",
           dup, cross, lost);
  inject(sql);
  ck_assert_int_gt(povreg_check(&r, tu_db), 0);
  ck_assert_ptr_nonnull(r);
  ck_assert_int_ge((i = find_problem(r, "status", dup)), 0);
  ck_assert_ptr_nonnull(strstr(r->problems[i].message, "2 statuses in force"));
  ck_assert_int_ge(find_problem(r, "transition", NULL), 0);
  ck_assert_msg((i = find_problem(r, "status", cross)) >= 0, "%s: %s", cross,
                problems_text(r));
  ck_assert_ptr_nonnull(strstr(r->problems[i].message, "another household "
                                                       "or year"));
  ck_assert_int_ge((i = find_problem(r, "review_status", lost)), 0);
  ck_assert_ptr_nonnull(strstr(r->problems[i].message, "no status"));
  povreg_check_report_free(r);
}
END_TEST

/* A status with neither a review nor an amended status. */
START_TEST(test_check_status_without_basis)
{
  povreg_check_report *r;
  int i;

  add_household(tu_db, "BARE-1");
  inject("INSERT INTO household_status(household_id, status_year, class, "
         "effective_on, decision, recorded_at) SELECT id, 2025, "
         "'near_poor', '2025-01-01', 'QĐ ?', '2025-01-01T00:00:00Z' FROM "
         "household WHERE code = 'BARE-1'");
  r = check_expect(1);
  ck_assert_int_ge((i = find_problem(r, "status", "BARE-1")), 0);
  ck_assert_ptr_nonnull(strstr(r->problems[i].message, "names neither"));
  povreg_check_report_free(r);
}
END_TEST

/* A row pointing at a missing parent: the foreign-key check. */
START_TEST(test_check_foreign_key)
{
  povreg_check_report *r;

  inject("PRAGMA foreign_keys = OFF; INSERT INTO village(commune_code, "
         "name) VALUES ('99999', 'Thôn ma')");
  r = check_expect(1);
  ck_assert_int_ge(find_problem(r, "foreign_key", NULL), 0);
  ck_assert_ptr_nonnull(strstr(r->problems[0].message, "village"));
  povreg_check_report_free(r);
}
END_TEST

/*
** A page of random bytes in a copy of a demo ledger: the check reports
** the damage (and any check that could not run), without crashing.
*/
START_TEST(test_check_damaged_page)
{
  char path[700], junk[4096];
  povreg_check_report *r = NULL;
  povreg_db *bad = NULL;
  long long page;
  int fd, n, rc;
  size_t i;

  use_demo();
  tu_path(path, sizeof path, "damaged.db");
  TU_OK(povreg_backup(NULL, tu_db, path, NULL));
  /* the first page of the audit log: the schema itself stays readable */
  page = tu_sq_int(path, "SELECT rootpage - 1 FROM sqlite_schema WHERE "
                         "name = 'audit'");
  ck_assert_int_gt(page, 2);
  for (i = 0; i < sizeof junk; i++) {
    junk[i] = (char)(i * 7919 % 251);
  }
  fd = open(path, O_WRONLY);
  ck_assert_int_ge(fd, 0);
  ck_assert_int_eq(pwrite(fd, junk, sizeof junk, (off_t)page * 4096),
                   (ssize_t)sizeof junk);
  close(fd);
  rc = povreg_open(&bad, path, 0);
  ck_assert_msg(rc == POVREG_OK, "open: %s", povreg_errmsg(bad));
  n = povreg_check(&r, bad);
  ck_assert_int_gt(n, 0);
  ck_assert_ptr_nonnull(r);
  ck_assert_msg(find_problem(r, "integrity", NULL) >= 0, "%s",
                problems_text(r));
  povreg_check_report_free(r);
  /* a backup of it is refused, and leaves nothing */
  tu_path(path, sizeof path, "from-damaged.db");
  ck_assert_int_eq(povreg_backup(NULL, bad, path, NULL), POVREG_ERROR);
  ck_assert_ptr_nonnull(strstr(povreg_errmsg(bad), "integrity"));
  ck_assert_int_eq(files_with("from-damaged"), 0);
  povreg_close(bad);
}
END_TEST

/* Bad arguments; NULL-safe free. */
START_TEST(test_check_arguments)
{
  povreg_check_report *r = NULL;

  ck_assert_int_eq(povreg_check(NULL, tu_db), POVREG_EINVALID);
  ck_assert_int_eq(povreg_check(&r, NULL), POVREG_EINVALID);
  povreg_check_report_free(NULL);
}
END_TEST

/* The suite. */
static Suite *backup_suite(void)
{
  Suite *s = suite_create("backup");
  TCase *backup = tcase_create("backup");
  TCase *check = tcase_create("check");

  tcase_add_checked_fixture(backup, tu_setup, tu_teardown);
  tcase_add_checked_fixture(check, tu_setup, tu_teardown);
  tcase_set_timeout(backup, 120);
  tcase_set_timeout(check, 120);
  tcase_add_test(backup, test_backup_copies);
  tcase_add_test(backup, test_backup_snapshot_while_writing);
  tcase_add_test(backup, test_backup_stopped);
  tcase_add_test(backup, test_backup_refuses);
  tcase_add_test(backup, test_backup_refuses_ledger_in_use);
  tcase_add_test(backup, test_restore);
  tcase_add_test(check, test_check_ok);
  tcase_add_test(check, test_check_heads);
  tcase_add_test(check, test_check_dissolved);
  tcase_add_test(check, test_check_statuses);
  tcase_add_test(check, test_check_status_without_basis);
  tcase_add_test(check, test_check_foreign_key);
  tcase_add_test(check, test_check_damaged_page);
  tcase_add_test(check, test_check_arguments);
  suite_add_tcase(s, backup);
  suite_add_tcase(s, check);
  return s;
}

/* Run the suite; the exit status is the number of failed tests. */
int main(void)
{
  int failed;

  if (demo_template() != 0) {
    tu_rmtree(demo_dir);
    return 1;
  }
  failed = tu_run(backup_suite());
  tu_rmtree(demo_dir);
  return failed;
}
