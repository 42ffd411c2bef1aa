/*
** check_import.c: the bulk import of households, members and surveys
** (povreg/io.h) on a fresh ledger per test.
**
**  - a corpus of bad files under tests/data/import/bad/, each NAME.csv with
**    NAME.err holding the exact error lines povreg_import_error_format()
**    gives; every one leaves the ledger byte for byte as it was, and gives
**    the same report read in chunks of every size from 1 byte up;
**  - good files under tests/data/import/good/ (Sa Thầy communes): counts,
**    what lands in the ledger, idempotent re-import (nothing written at
**    all), corrected files, empty cells that keep, dry runs, the audit and
**    import log entries with the file's SHA-256, an Excel file (BOM,
**    semicolons, CRLF), and the classification of an imported household
**    from the members' standing facts.
*/
#include "check_util.h"
#include "sha256.h"

/* Households of the good files. */
#define MR1 "MR-001"
#define MR2 "MR-002"
#define MR3 "MR-003"
#define MR4 "MR-004"
#define RK1 "RK-001"

/* ---- files ----------------------------------------------------------------
 */

/* Path of a file under tests/data/import/ (static buffer). */
static const char *data_path(const char *rel)
{
  static char path[1024];
  const char *src = getenv("POVREG_SOURCE_DIR");
  int n;

  if (src == NULL || src[0] == '\0') {
    src = POVREG_SOURCE_DIR;
  }
  n = snprintf(path, sizeof path, "%s/tests/data/import/%s", src, rel);
  ck_assert_msg(n > 0 && (size_t)n < sizeof path, "path too long");
  return path;
}

/* The part of a path after its last '/'. */
static const char *base_name(const char *rel)
{
  const char *slash = strrchr(rel, '/');

  return slash != NULL ? slash + 1 : rel;
}

/* Size of a data file in bytes. */
static size_t data_size(const char *rel)
{
  size_t len = 0;
  char *text = tu_read_file(data_path(rel), &len);

  free(text);
  return len;
}

/* SHA-256 of a data file's bytes, computed here on its own. */
static void data_sha(const char *rel, char hex[65])
{
  povreg__sha256 c;
  unsigned char d[POVREG__SHA256_SIZE];
  size_t len = 0;
  char *text = tu_read_file(data_path(rel), &len);

  povreg__sha256_init(&c);
  povreg__sha256_update(&c, text, len);
  povreg__sha256_final(&c, d);
  povreg__sha256_hex(d, hex);
  free(text);
}

/* Options with a chunk size and everything else zero. */
static povreg_import_opts opts_chunk(size_t chunk)
{
  povreg_import_opts o;

  memset(&o, 0, sizeof o);
  o.chunk = chunk;
  return o;
}

/*
** Import a data file through povreg_import_stream(), named by its base
** name (so error lines do not depend on where the tree is).  *out gets the
** report (always set).
*/
static int imp_opts(povreg_import_report **out, povreg_import_kind kind,
                    const char *rel, const povreg_import_opts *o)
{
  FILE *f = fopen(data_path(rel), "rb");
  int rc;

  ck_assert_msg(f != NULL, "cannot open %s", rel);
  *out = NULL;
  rc = povreg_import_stream(out, tu_db, kind, f, base_name(rel), o);
  fclose(f);
  ck_assert_msg(*out != NULL, "%s: no report", rel);
  return rc;
}

/* imp_opts() with the default options. */
static int imp(povreg_import_report **out, povreg_import_kind kind,
               const char *rel)
{
  return imp_opts(out, kind, rel, NULL);
}

/* Every error line of a report, each ending in '\n' (allocated). */
static char *error_lines(const povreg_import_report *r)
{
  tu_buf b = {NULL, 0, 0};
  size_t i;

  tu_buf_str(&b, "");
  for (i = 0; i < r->n_errors; i++) {
    char line[600];
    int n = povreg_import_error_format(r, i, line, sizeof line);
    ck_assert_int_gt(n, 0);
    ck_assert_int_lt(n, (int)sizeof line);
    tu_buf_str(&b, line);
    tu_buf_str(&b, "\n");
  }
  return b.p;
}

/* Import that must succeed with these counts; returns nothing. */
static void imp_ok(povreg_import_kind kind, const char *rel, long added,
                   long changed, long unchanged)
{
  povreg_import_report *r = NULL;
  int rc = imp(&r, kind, rel);
  char *errs = error_lines(r);

  ck_assert_msg(rc == POVREG_OK, "%s: %d (%s)\n%s", rel, rc,
                povreg_errmsg(tu_db), errs);
  ck_assert_msg(
      r->added == added && r->changed == changed && r->unchanged == unchanged,
      "%s: %ld added, %ld changed, %ld unchanged; expected %ld, "
      "%ld, %ld",
      rel, r->added, r->changed, r->unchanged, added, changed, unchanged);
  ck_assert_int_eq(r->rows, added + changed + unchanged);
  ck_assert_uint_eq(r->n_errors, 0);
  free(errs);
  povreg_import_report_free(r);
}

/* Import that must fail with exactly these error lines ("" joined). */
static void imp_fails(povreg_import_kind kind, const char *rel,
                      const povreg_import_opts *o, const char *expected)
{
  povreg_import_report *r = NULL;
  char *before = tu_dump(tu_db), *after, *got;
  int rc = imp_opts(&r, kind, rel, o);

  got = error_lines(r);
  after = tu_dump(tu_db);
  ck_assert_msg(rc == POVREG_ECSV, "%s: returned %d (%s)", rel, rc,
                povreg_errmsg(tu_db));
  ck_assert_msg(strcmp(got, expected) == 0, "%s\n--- expected\n%s--- got\n%s",
                rel, expected, got);
  TU_ASSERT_SAME(before, after, rel);
  ck_assert_msg(sqlite3_get_autocommit(tu_db->sq) && tu_db->tx_depth == 0,
                "%s left a transaction open", rel);
  free(before);
  free(after);
  free(got);
  povreg_import_report_free(r);
}

/* Count rows of a query on the fixture's ledger. */
static long long count(const char *sql)
{
  return tu_int(tu_db, sql);
}

/* ---- fixtures -------------------------------------------------------------
 */

/*
** Building a ledger runs every migration; the tests instead copy a ledger
** built once per test case (an unchecked fixture, run before the tests
** fork) and closed, so that its file is whole.
*/
static char tmpl_dir[512];  /* directory of the template ledger */
static char tmpl_file[640]; /* the template ledger */

/* Copy file from to file to (replaced). */
static void copy_file(const char *from, const char *to)
{
  size_t len = 0;
  char *bytes = tu_read_file(from, &len);
  FILE *f = fopen(to, "wb");

  ck_assert_msg(f != NULL, "fopen(%s): %s", to, strerror(errno));
  ck_assert_uint_eq(fwrite(bytes, 1, len, f), len);
  ck_assert_int_eq(fclose(f), 0);
  free(bytes);
}

/* A fresh ledger with the village the good households file names. */
static void fresh_ledger(void)
{
  int64_t vid = 0;

  tu_setup();
  TU_OK(povreg_village_add(&vid, tu_db, "23536", "Làng Kon Tum", NULL));
}

/* Build the template: fresh_ledger(), plus the good files when full. */
static void build_template(int full)
{
  fresh_ledger();
  if (full) {
    imp_ok(POVREG_IMPORT_HOUSEHOLDS, "good/households.csv", 5, 0, 0);
    imp_ok(POVREG_IMPORT_MEMBERS, "good/members.csv", 7, 0, 0);
    imp_ok(POVREG_IMPORT_SURVEY, "good/survey.csv", 3, 0, 0);
  }
  povreg_close(tu_db);
  tu_db = NULL;
  tu_mkdir(tmpl_dir, sizeof tmpl_dir);
  snprintf(tmpl_file, sizeof tmpl_file, "%s/template.db", tmpl_dir);
  copy_file(tu_file, tmpl_file);
  tu_rmtree(tu_dir);
  tu_dir[0] = '\0';
}

/* Unchecked fixture: the template with the good files. */
static void base_template(void)
{
  build_template(1);
}

/* Unchecked fixture: the template without them. */
static void fresh_template(void)
{
  build_template(0);
}

/* Unchecked fixture: remove the template. */
static void drop_template(void)
{
  tu_rmtree(tmpl_dir);
  tmpl_dir[0] = '\0';
}

/* Checked fixture: a new directory with a copy of the template, open. */
static void copy_setup(void)
{
  tu_db = NULL;
  tu_mkdir(tu_dir, sizeof tu_dir);
  tu_path(tu_file, sizeof tu_file, "ledger.db");
  copy_file(tmpl_file, tu_file);
  tu_db = tu_open(tu_file, 0);
}

/*
** 1 when running under valgrind (its preload library is in LD_PRELOAD) or
** built with AddressSanitizer: the chunk tests then try a sample of the
** sizes, to finish in time; the plain build tries them all.
*/
static int under_checker(void)
{
  const char *p = getenv("LD_PRELOAD");

#if defined(__SANITIZE_ADDRESS__)
  (void)p;
  return 1;
#else
  return p != NULL && strstr(p, "vgpreload") != NULL;
#endif
}

/* ---- the bad corpus -------------------------------------------------------
 */

/* Every bad file and its kind; its expected errors are in NAME.err. */
static const struct {
  povreg_import_kind kind;
  const char *name;
} bad[] = {
    {POVREG_IMPORT_HOUSEHOLDS, "hh_bad_date"},
    {POVREG_IMPORT_HOUSEHOLDS, "hh_bad_fields"},
    {POVREG_IMPORT_HOUSEHOLDS, "hh_changed_commune"},
    {POVREG_IMPORT_HOUSEHOLDS, "hh_column_count"},
    {POVREG_IMPORT_HOUSEHOLDS, "hh_duplicate_code"},
    {POVREG_IMPORT_HOUSEHOLDS, "hh_duplicate_header"},
    {POVREG_IMPORT_HOUSEHOLDS, "hh_empty"},
    {POVREG_IMPORT_HOUSEHOLDS, "hh_future_date"},
    {POVREG_IMPORT_HOUSEHOLDS, "hh_header_only"},
    {POVREG_IMPORT_HOUSEHOLDS, "hh_invalid_utf8"},
    {POVREG_IMPORT_HOUSEHOLDS, "hh_missing_column"},
    {POVREG_IMPORT_HOUSEHOLDS, "hh_unknown_column"},
    {POVREG_IMPORT_HOUSEHOLDS, "hh_unknown_commune"},
    {POVREG_IMPORT_HOUSEHOLDS, "hh_unknown_village"},
    {POVREG_IMPORT_HOUSEHOLDS, "hh_unterminated"},
    {POVREG_IMPORT_MEMBERS, "mem_bad_values"},
    {POVREG_IMPORT_MEMBERS, "mem_citizen_id_taken"},
    {POVREG_IMPORT_MEMBERS, "mem_duplicate_member"},
    {POVREG_IMPORT_MEMBERS, "mem_head_rules"},
    {POVREG_IMPORT_MEMBERS, "mem_no_head"},
    {POVREG_IMPORT_MEMBERS, "mem_two_heads"},
    {POVREG_IMPORT_MEMBERS, "mem_unknown_household"},
    {POVREG_IMPORT_SURVEY, "sv_bad_values"},
    {POVREG_IMPORT_SURVEY, "sv_duplicate"},
    {POVREG_IMPORT_SURVEY, "sv_negative_income"},
    {POVREG_IMPORT_SURVEY, "sv_no_amount_column"},
    {POVREG_IMPORT_SURVEY, "sv_nonnumeric_income"},
    {POVREG_IMPORT_SURVEY, "sv_tick_not_in_standard"},
    {POVREG_IMPORT_SURVEY, "sv_unknown_column"},
};

#define NBAD (sizeof bad / sizeof bad[0])

/* The expected error lines of bad file i (allocated). */
static char *bad_expected(size_t i)
{
  char rel[128];

  snprintf(rel, sizeof rel, "bad/%s.err", bad[i].name);
  return tu_read_file(data_path(rel), NULL);
}

/* Each bad file fails with exactly its expected lines; nothing changes. */
START_TEST(test_bad_file)
{
  char rel[128], *expected = bad_expected((size_t)_i);

  snprintf(rel, sizeof rel, "bad/%s.csv", bad[_i].name);
  imp_fails(bad[_i].kind, rel, NULL, expected);
  free(expected);
}
END_TEST

/*
** The chunk sizes to read a file of len bytes with: 1 to 64, a few larger
** ones, and the length itself and one more (under a checker a sample).
** Returns the count.
*/
static size_t chunk_sizes(size_t len, size_t *out, size_t max)
{
  static const size_t more[] = {97, 128, 211, 256, 401, 512, 1000};
  static const size_t sample[] = {1, 2, 3, 5, 8, 13, 31, 64};
  size_t n = 0, c, i;

  if (under_checker()) {
    for (i = 0; i < sizeof sample / sizeof sample[0] && n < max; i++) {
      if (sample[i] <= len + 1) {
        out[n++] = sample[i];
      }
    }
  } else {
    for (c = 1; c <= 64 && c <= len + 1 && n < max; c++) {
      out[n++] = c;
    }
    for (i = 0; i < sizeof more / sizeof more[0] && n < max; i++) {
      if (more[i] < len) {
        out[n++] = more[i];
      }
    }
  }
  if (len > 64 && n + 2 <= max) {
    out[n++] = len;
    out[n++] = len + 1;
  }
  return n;
}

/* Each bad file gives the same errors read in chunks of every size. */
START_TEST(test_bad_file_chunks)
{
  char rel[128], *expected = bad_expected((size_t)_i), *before, *after;
  size_t sizes[128], n, k;

  snprintf(rel, sizeof rel, "bad/%s.csv", bad[_i].name);
  n = chunk_sizes(data_size(rel), sizes, 128);
  before = tu_dump(tu_db);
  for (k = 0; k < n; k++) {
    povreg_import_opts o = opts_chunk(sizes[k]);
    povreg_import_report *r = NULL;
    int rc = imp_opts(&r, bad[_i].kind, rel, &o);
    char *got = error_lines(r);
    ck_assert_msg(rc == POVREG_ECSV, "%s chunk %zu: %d", rel, sizes[k], rc);
    ck_assert_msg(strcmp(got, expected) == 0,
                  "%s chunk %zu\n--- expected\n%s--- got\n%s", rel, sizes[k],
                  expected, got);
    free(got);
    povreg_import_report_free(r);
  }
  after = tu_dump(tu_db);
  TU_ASSERT_SAME(before, after, rel);
  free(before);
  free(after);
  free(expected);
}
END_TEST

/* ---- good files -----------------------------------------------------------
 */

/* The good files land as written. */
START_TEST(test_good_values)
{
  povreg_household *h = NULL;
  povreg_member *m = NULL;

  TU_OK(povreg_household_get(&h, tu_db, MR1));
  ck_assert_str_eq(h->commune_code, "23536");
  ck_assert_str_eq(h->village, "Làng Kon Tum");
  ck_assert_str_eq(h->address, "Làng Kon Tum, nhà số 1");
  ck_assert_str_eq(h->phone, "0905 123 456");
  ck_assert_ptr_null(h->notes);
  ck_assert_str_eq(h->created_on, "2020-01-15");
  ck_assert_str_eq(h->head_name, "A Blưm");
  ck_assert_int_eq(h->n_active, 3);
  ck_assert_uint_eq(h->n_members, 3);
  ck_assert_str_eq(h->members[1].full_name, "Y Hlinh");
  ck_assert_str_eq(h->members[1].sex, "F");
  ck_assert_str_eq(h->members[1].birth_date, "1978");
  ck_assert_str_eq(h->members[1].relation, "spouse");
  ck_assert_str_eq(h->members[1].ethnicity_code, "14");
  ck_assert_int_eq(h->members[1].health_insurance, 0);
  ck_assert_int_eq(h->members[1].in_school, 0);
  ck_assert_int_eq(h->members[1].education_grade, -1);
  ck_assert_str_eq(h->members[2].joined_on, "2012-09-10");
  povreg_household_free(h);
  h = NULL;
  TU_OK(povreg_household_get(&h, tu_db, MR2));
  ck_assert_str_eq(h->notes, "hộ \"mới\" tách");
  ck_assert_ptr_null(h->phone);
  ck_assert_int_eq(h->n_active, 1);
  ck_assert_str_eq(h->members[1].status, "died");
  ck_assert_str_eq(h->members[1].status_on, "2024-05-01");
  povreg_household_free(h);
  h = NULL;
  TU_OK(povreg_household_get(&h, tu_db, MR4));
  ck_assert_int_eq(h->n_active, 0); /* households come before members */
  ck_assert_ptr_null(h->village);
  povreg_household_free(h);
  TU_OK(povreg_member_get(&m, tu_db, MR1, 1));
  ck_assert_str_eq(m->relation, "head");
  ck_assert_str_eq(m->ethnicity_code, "14");
  ck_assert_str_eq(m->citizen_id, "062075000001");
  ck_assert_str_eq(m->bhxh_no, "6200000001");
  ck_assert_int_eq(m->health_insurance, 1);
  ck_assert_int_eq(m->in_school, 0);
  ck_assert_int_eq(m->education_grade, 5);
  povreg_member_free(m);
  m = NULL;
  TU_OK(povreg_member_get(&m, tu_db, MR3, 1));
  ck_assert_str_eq(m->ethnicity_code, "10"); /* "Gia Rai" */
  ck_assert_str_eq(m->status, "active");
  povreg_member_free(m);
  /* numbers: last_member_no raised to the highest number imported */
  ck_assert_int_eq(count("SELECT last_member_no FROM household WHERE code = "
                         "'" MR1 "'"),
                   3);
  ck_assert_int_eq(count("SELECT last_member_no FROM household WHERE code = "
                         "'" MR4 "'"),
                   0);
  /* the full-text index knows the imported names */
  ck_assert_int_eq(count("SELECT count(*) FROM member_name_fts WHERE "
                         "member_name_fts MATCH 'hlinh'"),
                   1);
  /* surveys: amounts, default date, ticks and facts */
  ck_assert_int_eq(count("SELECT income FROM survey s JOIN household h ON "
                         "h.id = s.household_id WHERE h.code = '" MR1 "'"),
                   1200000);
  ck_assert_int_eq(count("SELECT count(*) FROM survey s JOIN household h ON "
                         "h.id = s.household_id WHERE h.code = '" MR2 "' AND "
                         "s.reference_date = '2025-09-01' AND s.score_a IS "
                         "NULL AND s.enumerator IS NULL"),
                   1);
  ck_assert_int_eq(count("SELECT score_a FROM survey s JOIN household h ON "
                         "h.id = s.household_id WHERE h.code = '" MR3 "'"),
                   45);
  ck_assert_int_eq(count("SELECT count(*) FROM survey_tick t JOIN survey s "
                         "ON s.id = t.survey_id JOIN household h ON h.id = "
                         "s.household_id WHERE h.code = '" MR1 "'"),
                   11); /* health_insurance left to derive */
  ck_assert_int_eq(count("SELECT count(*) FROM survey_fact f JOIN survey s "
                         "ON s.id = f.survey_id JOIN household h ON h.id = "
                         "s.household_id WHERE h.code = '" MR1 "' AND "
                         "((f.key = 'living_area_m2' AND f.value = '30') OR "
                         "(f.key = 'water_source' AND f.value = 'river') OR "
                         "(f.key = 'has_tv' AND f.value = '1'))"),
                   3);
  ck_assert_int_eq(count("SELECT count(*) FROM survey_fact f JOIN survey s "
                         "ON s.id = f.survey_id JOIN household h ON h.id = "
                         "s.household_id WHERE h.code = '" MR2 "'"),
                   0);
}
END_TEST

/* One audit entry and one import_log row per import, with the SHA-256. */
START_TEST(test_audit_entries)
{
  static const struct {
    const char *kind, *rel;
    int rows;
  } files[] = {{"households", "good/households.csv", 5},
               {"members", "good/members.csv", 7},
               {"survey", "good/survey.csv", 3}};
  size_t i;

  /* rows added by an import are not audited one by one */
  ck_assert_int_eq(count("SELECT count(*) FROM audit WHERE entity IN "
                         "('household', 'member', 'survey')"),
                   0);
  ck_assert_int_eq(count("SELECT count(*) FROM audit WHERE entity = "
                         "'import'"),
                   3);
  ck_assert_int_eq(count("SELECT count(*) FROM import_log"), 3);
  for (i = 0; i < 3; i++) {
    char hex[65], want[400], sql[300], *got;
    data_sha(files[i].rel, hex);
    snprintf(want, sizeof want,
             "import.%s|import|%s|%s|{\"file\":\"%s\",\"sha256\":\"%s\","
             "\"rows\":%d,\"added\":%d,\"changed\":0,\"unchanged\":0}",
             files[i].kind, TU_OPERATOR, base_name(files[i].rel),
             base_name(files[i].rel), hex, files[i].rows, files[i].rows);
    snprintf(sql, sizeof sql,
             "SELECT action || '|' || entity || '|' || operator || '|' || "
             "entity_key || '|' || new_value FROM audit WHERE action = "
             "'import.%s' AND old_value IS NULL",
             files[i].kind);
    got = tu_text(tu_db, sql);
    ck_assert_ptr_nonnull(got);
    ck_assert_str_eq(got, want);
    free(got);
    snprintf(want, sizeof want, "%s|%s|%s|%s|%d|%d|0|0", TU_OPERATOR,
             files[i].kind, base_name(files[i].rel), hex, files[i].rows,
             files[i].rows);
    snprintf(sql, sizeof sql,
             "SELECT operator || '|' || kind || '|' || file_name || '|' || "
             "sha256 || '|' || rows || '|' || added || '|' || changed || "
             "'|' || unchanged FROM import_log WHERE kind = '%s'",
             files[i].kind);
    got = tu_text(tu_db, sql);
    ck_assert_str_eq(got, want);
    free(got);
  }
}
END_TEST

/* The report names the file and its SHA-256, also when the file is bad. */
START_TEST(test_report_sha)
{
  static const char *const files[] = {"good/households.csv", "bad/hh_empty.csv",
                                      "bad/hh_header_only.csv",
                                      "bad/hh_unterminated.csv"};
  size_t i;

  for (i = 0; i < sizeof files / sizeof files[0]; i++) {
    povreg_import_report *r = NULL;
    povreg_import_opts o = opts_chunk(0);
    char hex[65];
    o.dry_run = 1;
    imp_opts(&r, POVREG_IMPORT_HOUSEHOLDS, files[i], &o);
    data_sha(files[i], hex);
    ck_assert_str_eq(r->sha256, hex);
    ck_assert_str_eq(r->file_name, base_name(files[i]));
    ck_assert_int_eq(r->kind, POVREG_IMPORT_HOUSEHOLDS);
    ck_assert_int_eq(r->dry_run, 1);
    povreg_import_report_free(r);
  }
  /* the empty file's digest is the well-known one */
  {
    char hex[65];
    data_sha("bad/hh_empty.csv", hex);
    ck_assert_str_eq(hex, "e3b0c44298fc1c149afbf4c8996fb924"
                          "27ae41e4649b934ca495991b7852b855");
  }
}
END_TEST

/* Importing the same files again changes nothing and writes nothing. */
START_TEST(test_idempotent)
{
  char *before = tu_dump(tu_db), *after;

  imp_ok(POVREG_IMPORT_HOUSEHOLDS, "good/households.csv", 0, 0, 5);
  imp_ok(POVREG_IMPORT_MEMBERS, "good/members.csv", 0, 0, 7);
  imp_ok(POVREG_IMPORT_SURVEY, "good/survey.csv", 0, 0, 3);
  after = tu_dump(tu_db);
  TU_ASSERT_SAME(before, after, "re-import");
  free(before);
  free(after);
}
END_TEST

/* A corrected file changes what changed, audited row by row. */
START_TEST(test_corrected)
{
  povreg_household *h = NULL;
  povreg_member *m = NULL;
  long long audits = count("SELECT count(*) FROM audit");
  char *old, *new_value;

  imp_ok(POVREG_IMPORT_HOUSEHOLDS, "good/households_fixed.csv", 0, 1, 4);
  ck_assert_int_eq(count("SELECT count(*) FROM audit"), audits + 2);
  old = tu_text(tu_db, "SELECT old_value FROM audit WHERE action = "
                       "'household.edit' AND entity_key = '" MR3 "'");
  new_value = tu_text(tu_db, "SELECT new_value FROM audit WHERE action = "
                             "'household.edit' AND entity_key = '" MR3 "'");
  ck_assert_ptr_nonnull(old);
  ck_assert_ptr_nonnull(new_value);
  ck_assert_ptr_nonnull(strstr(old, "\"address\":\"Làng Trấp\""));
  ck_assert_ptr_nonnull(
      strstr(new_value, "\"address\":\"Làng Trấp, nhà số 3\""));
  free(old);
  free(new_value);
  /* empty cells kept MR-001 as it was */
  TU_OK(povreg_household_get(&h, tu_db, MR1));
  ck_assert_str_eq(h->village, "Làng Kon Tum");
  ck_assert_str_eq(h->address, "Làng Kon Tum, nhà số 1");
  ck_assert_str_eq(h->phone, "0905 123 456");
  povreg_household_free(h);
  ck_assert_int_eq(count("SELECT changed FROM import_log WHERE file_name = "
                         "'households_fixed.csv'"),
                   1);

  audits = count("SELECT count(*) FROM audit");
  imp_ok(POVREG_IMPORT_MEMBERS, "good/members_fixed.csv", 0, 1, 2);
  ck_assert_int_eq(count("SELECT count(*) FROM audit"), audits + 2);
  ck_assert_int_eq(count("SELECT count(*) FROM audit WHERE action = "
                         "'member.edit' AND entity_key = 'MR-001/3' AND "
                         "old_value LIKE '%\"A Thắng\"%' AND new_value LIKE "
                         "'%\"A Thắng Em\"%'"),
                   1);
  TU_OK(povreg_member_get(&m, tu_db, MR1, 1));
  ck_assert_str_eq(m->citizen_id, "062075000001"); /* empty cell: kept */
  ck_assert_int_eq(m->education_grade, 5);
  povreg_member_free(m);
  /* the name index follows the corrected name */
  ck_assert_int_eq(count("SELECT count(*) FROM member_name_fts WHERE "
                         "member_name_fts MATCH 'em'"),
                   1);

  audits = count("SELECT count(*) FROM audit");
  imp_ok(POVREG_IMPORT_SURVEY, "good/survey_fixed.csv", 0, 1, 1);
  ck_assert_int_eq(count("SELECT count(*) FROM audit"), audits + 2);
  ck_assert_int_eq(count("SELECT count(*) FROM audit WHERE action = "
                         "'survey.edit' AND entity_key = 'MR-001/2025' AND "
                         "old_value LIKE '%\"housing_area\":0%' AND "
                         "new_value LIKE '%\"housing_area\":1%'"),
                   1);
  /* what the corrected survey left empty is kept */
  ck_assert_int_eq(count("SELECT count(*) FROM survey_tick t JOIN survey s "
                         "ON s.id = t.survey_id JOIN household h ON h.id = "
                         "s.household_id WHERE h.code = '" MR1 "'"),
                   11);
  ck_assert_int_eq(count("SELECT count(*) FROM survey s JOIN household h ON "
                         "h.id = s.household_id WHERE h.code = '" MR1 "' AND "
                         "s.surveyed_on = '2025-09-10' AND s.enumerator = "
                         "'Phạm Thị Thu'"),
                   1);
  ck_assert_int_eq(count("SELECT count(*) FROM survey_fact f JOIN survey s "
                         "ON s.id = f.survey_id JOIN household h ON h.id = "
                         "s.household_id WHERE h.code = '" MR1 "'"),
                   3);
  /* and the corrected files are idempotent too */
  imp_ok(POVREG_IMPORT_HOUSEHOLDS, "good/households_fixed.csv", 0, 0, 5);
  imp_ok(POVREG_IMPORT_MEMBERS, "good/members_fixed.csv", 0, 0, 3);
  imp_ok(POVREG_IMPORT_SURVEY, "good/survey_fixed.csv", 0, 0, 2);
}
END_TEST

/* A dry run counts exactly and writes nothing. */
START_TEST(test_dry_run)
{
  static const struct {
    povreg_import_kind kind;
    const char *rel;
    long added;
  } steps[] = {{POVREG_IMPORT_HOUSEHOLDS, "good/households.csv", 5},
               {POVREG_IMPORT_MEMBERS, "good/members.csv", 7},
               {POVREG_IMPORT_SURVEY, "good/survey.csv", 3}};
  size_t i;

  for (i = 0; i < 3; i++) {
    povreg_import_opts o = opts_chunk(0);
    povreg_import_report *r = NULL;
    char *before = tu_dump(tu_db), *after;
    o.dry_run = 1;
    TU_OK(imp_opts(&r, steps[i].kind, steps[i].rel, &o));
    after = tu_dump(tu_db);
    TU_ASSERT_SAME(before, after, steps[i].rel);
    ck_assert_int_eq(r->dry_run, 1);
    ck_assert_int_eq(r->added, steps[i].added);
    ck_assert_int_eq(r->rows, steps[i].added);
    ck_assert_int_eq(r->changed + r->unchanged, 0);
    free(before);
    free(after);
    povreg_import_report_free(r);
    /* then for real, so that the next file has what it needs */
    imp_ok(steps[i].kind, steps[i].rel, steps[i].added, 0, 0);
  }
  /* a dry run of a corrected file counts the change */
  {
    povreg_import_opts o = opts_chunk(0);
    povreg_import_report *r = NULL;
    char *before = tu_dump(tu_db), *after;
    o.dry_run = 1;
    TU_OK(imp_opts(&r, POVREG_IMPORT_HOUSEHOLDS, "good/households_fixed.csv",
                   &o));
    after = tu_dump(tu_db);
    TU_ASSERT_SAME(before, after, "dry run of a correction");
    ck_assert_int_eq(r->changed, 1);
    ck_assert_int_eq(r->unchanged, 4);
    free(before);
    free(after);
    povreg_import_report_free(r);
  }
}
END_TEST

/* The good files read in chunks of every size give the same counts. */
START_TEST(test_good_chunks)
{
  static const struct {
    povreg_import_kind kind;
    const char *rel;
    long added;
  } steps[] = {{POVREG_IMPORT_HOUSEHOLDS, "good/households.csv", 5},
               {POVREG_IMPORT_HOUSEHOLDS, "good/households_excel.csv", 2},
               {POVREG_IMPORT_MEMBERS, "good/members.csv", 7},
               {POVREG_IMPORT_SURVEY, "good/survey.csv", 3}};
  size_t i;

  for (i = 0; i < sizeof steps / sizeof steps[0]; i++) {
    size_t sizes[128], n = chunk_sizes(data_size(steps[i].rel), sizes, 128);
    size_t k;
    for (k = 0; k < n; k++) {
      povreg_import_opts o = opts_chunk(sizes[k]);
      povreg_import_report *r = NULL;
      char hex[65];
      int rc;
      o.dry_run = 1;
      rc = imp_opts(&r, steps[i].kind, steps[i].rel, &o);
      ck_assert_msg(rc == POVREG_OK, "%s chunk %zu: %d (%s)", steps[i].rel,
                    sizes[k], rc, povreg_errmsg(tu_db));
      ck_assert_msg(r->added == steps[i].added && r->rows == steps[i].added,
                    "%s chunk %zu: %ld added of %ld rows", steps[i].rel,
                    sizes[k], r->added, r->rows);
      data_sha(steps[i].rel, hex);
      ck_assert_str_eq(r->sha256, hex);
      povreg_import_report_free(r);
    }
    imp_ok(steps[i].kind, steps[i].rel, steps[i].added, 0, 0);
  }
}
END_TEST

/* A file as Excel saves it: BOM, semicolons, CRLF, quotes. */
START_TEST(test_excel_file)
{
  povreg_household *h = NULL;

  imp_ok(POVREG_IMPORT_HOUSEHOLDS, "good/households_excel.csv", 2, 0, 0);
  TU_OK(povreg_household_get(&h, tu_db, "XL-001"));
  ck_assert_str_eq(h->commune_code, "23530");
  ck_assert_str_eq(h->address, "Thôn 2; xã Rờ Kơi");
  ck_assert_str_eq(h->phone, "+84 905 000 111");
  ck_assert_str_eq(h->notes, "ghi chú \"Excel\"");
  ck_assert_str_eq(h->created_on, TU_TODAY); /* no created_on column */
  povreg_household_free(h);
  h = NULL;
  TU_OK(povreg_household_get(&h, tu_db, "XL-002"));
  ck_assert_str_eq(h->address, "Thôn 3");
  ck_assert_ptr_null(h->phone);
  ck_assert_ptr_null(h->notes);
  povreg_household_free(h);
  imp_ok(POVREG_IMPORT_HOUSEHOLDS, "good/households_excel.csv", 0, 0, 2);
}
END_TEST

/* Extra columns are an error unless ignored; new villages on request. */
START_TEST(test_options)
{
  povreg_import_opts o = opts_chunk(0);
  povreg_import_report *r = NULL;
  povreg_household *h = NULL;
  char *expected = tu_read_file(data_path("bad/hh_unknown_village.err"), NULL);

  /* a village the commune lacks: an error, or created when allowed */
  imp_fails(POVREG_IMPORT_HOUSEHOLDS, "bad/hh_unknown_village.csv", NULL,
            expected);
  free(expected);
  o = opts_chunk(0);
  o.new_villages = 1;
  o.dry_run = 1;
  TU_OK(
      imp_opts(&r, POVREG_IMPORT_HOUSEHOLDS, "bad/hh_unknown_village.csv", &o));
  ck_assert_int_eq(r->villages_added, 1);
  ck_assert_int_eq(r->added, 1);
  ck_assert_int_eq(r->changed, 1);
  povreg_import_report_free(r);
  r = NULL;
  ck_assert_int_eq(count("SELECT count(*) FROM village"), 1);
  o.dry_run = 0;
  TU_OK(
      imp_opts(&r, POVREG_IMPORT_HOUSEHOLDS, "bad/hh_unknown_village.csv", &o));
  ck_assert_int_eq(r->villages_added, 1);
  povreg_import_report_free(r);
  r = NULL;
  ck_assert_int_eq(count("SELECT count(*) FROM audit WHERE action = "
                         "'village.add'"),
                   2);
  TU_OK(povreg_household_get(&h, tu_db, MR1));
  ck_assert_str_eq(h->village, "Làng Không Có");
  ck_assert_str_eq(h->address, "Làng Kon Tum, nhà số 1");
  povreg_household_free(h);
  TU_OK(
      imp_opts(&r, POVREG_IMPORT_HOUSEHOLDS, "bad/hh_unknown_village.csv", &o));
  ck_assert_int_eq(r->villages_added, 0);
  ck_assert_int_eq(r->unchanged, 2);
  povreg_import_report_free(r);
  r = NULL;
  /* unknown columns skipped when asked (NEW-1 is there by now) */
  o = opts_chunk(0);
  o.ignore_extra = 1;
  TU_OK(
      imp_opts(&r, POVREG_IMPORT_HOUSEHOLDS, "bad/hh_unknown_column.csv", &o));
  ck_assert_int_eq(r->rows, 1);
  ck_assert_int_eq(r->unchanged, 1);
  povreg_import_report_free(r);
  r = NULL;
  TU_OK(imp_opts(&r, POVREG_IMPORT_SURVEY, "bad/sv_unknown_column.csv", &o));
  ck_assert_int_eq(r->added, 1);
  povreg_import_report_free(r);
}
END_TEST

/* The error list stops at max_errors and says so. */
START_TEST(test_max_errors)
{
  static const struct {
    size_t max;
    size_t n;
    int truncated;
  } cases[] = {{1, 1, 1}, {2, 2, 1}, {3, 3, 1}, {4, 4, 0}, {0, 4, 0}};
  size_t i;

  for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
    povreg_import_opts o = opts_chunk(0);
    povreg_import_report *r = NULL;
    char *before = tu_dump(tu_db), *after;
    o.max_errors = cases[i].max;
    ck_assert_int_eq(
        imp_opts(&r, POVREG_IMPORT_SURVEY, "bad/sv_nonnumeric_income.csv", &o),
        POVREG_ECSV);
    after = tu_dump(tu_db);
    TU_ASSERT_SAME(before, after, "max_errors");
    ck_assert_uint_eq(r->n_errors, cases[i].n);
    ck_assert_int_eq(r->errors_truncated, cases[i].truncated);
    ck_assert_int_eq(r->errors[0].line, 2);
    ck_assert_str_eq(r->errors[0].column_name, "income_per_capita");
    ck_assert_int_eq(r->errors[0].column, 3);
    free(before);
    free(after);
    povreg_import_report_free(r);
  }
  ck_assert_ptr_nonnull(strstr(povreg_errmsg(tu_db), "sv_nonnumeric_income"));
}
END_TEST

/* Formatting an error: with or without a column, cut, out of range. */
START_TEST(test_error_format)
{
  povreg_import_report *r = NULL;
  char buf[16];
  int n;

  ck_assert_int_eq(imp(&r, POVREG_IMPORT_HOUSEHOLDS, "bad/hh_column_count.csv"),
                   POVREG_ECSV);
  ck_assert_uint_eq(r->n_errors, 2);
  ck_assert_int_eq(r->errors[0].column, 0);
  ck_assert_str_eq(r->errors[0].column_name, "");
  n = povreg_import_error_format(r, 0, NULL, 0);
  ck_assert_int_eq(n, (int)strlen("hh_column_count.csv:3: 3 fields, the "
                                  "header has 4"));
  n = povreg_import_error_format(r, 0, buf, sizeof buf);
  ck_assert_int_gt(n, (int)sizeof buf);
  ck_assert_str_eq(buf, "hh_column_count");
  ck_assert_int_eq(povreg_import_error_format(r, 2, buf, sizeof buf), -1);
  ck_assert_int_eq(povreg_import_error_format(NULL, 0, buf, sizeof buf), -1);
  povreg_import_report_free(r);
  povreg_import_report_free(NULL);
}
END_TEST

/* Arguments, kinds, files that cannot be opened, standard input's name. */
START_TEST(test_arguments)
{
  povreg_import_report *r = (povreg_import_report *)&r;
  FILE *f;

  ck_assert_int_eq(povreg_import_kind_parse("households"),
                   POVREG_IMPORT_HOUSEHOLDS);
  ck_assert_int_eq(povreg_import_kind_parse("members"), POVREG_IMPORT_MEMBERS);
  ck_assert_int_eq(povreg_import_kind_parse("survey"), POVREG_IMPORT_SURVEY);
  ck_assert_int_eq(povreg_import_kind_parse("surveys"), 0);
  ck_assert_int_eq(povreg_import_kind_parse(NULL), 0);
  TU_FAILS(POVREG_EINVALID, "kind",
           povreg_import(&r, tu_db, (povreg_import_kind)9,
                         data_path("good/households.csv"), NULL));
  ck_assert_ptr_null(r);
  TU_FAILS(POVREG_EINVALID, NULL,
           povreg_import(NULL, tu_db, POVREG_IMPORT_HOUSEHOLDS,
                         data_path("good/households.csv"), NULL));
  TU_FAILS(POVREG_EINVALID, NULL,
           povreg_import(&r, tu_db, POVREG_IMPORT_HOUSEHOLDS, NULL, NULL));
  ck_assert_int_eq(povreg_import(&r, NULL, POVREG_IMPORT_HOUSEHOLDS, "-", NULL),
                   POVREG_EINVALID);
  TU_FAILS(POVREG_EINVALID, NULL,
           povreg_import_stream(&r, tu_db, POVREG_IMPORT_HOUSEHOLDS, NULL, "x",
                                NULL));
  /* a file that cannot be read: POVREG_ERROR, and a report naming it */
  TU_FAILS(POVREG_ERROR, "no-such.csv",
           povreg_import(&r, tu_db, POVREG_IMPORT_HOUSEHOLDS,
                         data_path("good/no-such.csv"), NULL));
  ck_assert_ptr_nonnull(r);
  ck_assert_uint_eq(r->n_errors, 0);
  ck_assert_ptr_nonnull(strstr(r->file_name, "no-such.csv"));
  povreg_import_report_free(r);
  r = NULL;
  /* by path: the report and the audit name the file as given */
  TU_OK(povreg_import(&r, tu_db, POVREG_IMPORT_HOUSEHOLDS,
                      data_path("good/households.csv"), NULL));
  ck_assert_str_eq(r->file_name, data_path("good/households.csv"));
  povreg_import_report_free(r);
  r = NULL;
  ck_assert_int_eq(count("SELECT count(*) FROM import_log WHERE file_name "
                         "LIKE '%/tests/data/import/good/households.csv'"),
                   1);
  /* a read-only ledger takes no import, not even a dry run */
  {
    povreg_db *ro = tu_open(tu_file, POVREG_OPEN_READONLY);
    povreg_import_opts o = opts_chunk(0);
    FILE *in = fopen(data_path("good/households.csv"), "rb");
    o.dry_run = 1;
    ck_assert_ptr_nonnull(in);
    ck_assert_int_eq(povreg_import_stream(&r, ro, POVREG_IMPORT_HOUSEHOLDS, in,
                                          "households.csv", &o),
                     POVREG_EREADONLY);
    ck_assert_ptr_nonnull(r);
    ck_assert_uint_eq(r->n_errors, 0);
    povreg_import_report_free(r);
    r = NULL;
    fclose(in);
    povreg_close(ro);
  }
  /* a stream read from where it stands, named as the caller says */
  f = tmpfile();
  ck_assert_ptr_nonnull(f);
  fputs("skipped\nhousehold_code,commune_code,village,address\n"
        "ST-1,23530,,Thôn 1\n",
        f);
  fseek(f, 8, SEEK_SET);
  TU_OK(
      povreg_import_stream(&r, tu_db, POVREG_IMPORT_HOUSEHOLDS, f, NULL, NULL));
  ck_assert_str_eq(r->file_name, "-");
  ck_assert_int_eq(r->added, 1);
  povreg_import_report_free(r);
  fclose(f);
}
END_TEST

/*
** A pipe (size unknown) keeps the TEMP tables on disk for the import and
** gives the connection its temp_store back; results are the same.
*/
START_TEST(test_pipe)
{
  povreg_import_report *r = NULL;
  char cmd[1200];
  long long store = count("PRAGMA temp_store");
  FILE *p;

  snprintf(cmd, sizeof cmd, "cat '%s'", data_path("good/households.csv"));
  p = popen(cmd, "r");
  ck_assert_ptr_nonnull(p);
  TU_OK(
      povreg_import_stream(&r, tu_db, POVREG_IMPORT_HOUSEHOLDS, p, "-", NULL));
  ck_assert_int_eq(pclose(p), 0);
  ck_assert_int_eq(r->added, 5);
  povreg_import_report_free(r);
  r = NULL;
  ck_assert_int_eq(count("PRAGMA temp_store"), store);
  /* and a file with errors through a pipe */
  snprintf(cmd, sizeof cmd, "cat '%s'", data_path("bad/hh_duplicate_code.csv"));
  p = popen(cmd, "r");
  ck_assert_ptr_nonnull(p);
  ck_assert_int_eq(povreg_import_stream(&r, tu_db, POVREG_IMPORT_HOUSEHOLDS, p,
                                        "hh_duplicate_code.csv", NULL),
                   POVREG_ECSV);
  ck_assert_int_eq(pclose(p), 0);
  {
    char *got = error_lines(r),
         *want = tu_read_file(data_path("bad/hh_duplicate_code.err"), NULL);
    ck_assert_str_eq(got, want);
    free(got);
    free(want);
  }
  povreg_import_report_free(r);
  ck_assert_int_eq(count("PRAGMA temp_store"), store);
  ck_assert_int_eq(count("SELECT count(*) FROM temp.sqlite_schema"), 0);
}
END_TEST

/* Members: statuses through the file, numbers never reused, dissolved. */
START_TEST(test_member_rules)
{
  povreg_member *m = NULL;
  FILE *f;
  int no = 0;

  /* a non-head leaves through the file */
  f = tmpfile();
  fputs("household_code,member_no,full_name,sex,birth_date,relation,"
        "ethnicity,citizen_id,health_insurance,in_school,education_grade,"
        "status,status_on\n"
        "MR-001,3,,,,,,,,,,moved_out,2026-01-10\n",
        f);
  rewind(f);
  {
    povreg_import_report *r = NULL;
    TU_OK(povreg_import_stream(&r, tu_db, POVREG_IMPORT_MEMBERS, f, "st.csv",
                               NULL));
    ck_assert_int_eq(r->changed, 1);
    povreg_import_report_free(r);
  }
  fclose(f);
  TU_OK(povreg_member_get(&m, tu_db, MR1, 3));
  ck_assert_str_eq(m->status, "moved_out");
  ck_assert_str_eq(m->status_on, "2026-01-10");
  povreg_member_free(m);
  ck_assert_int_eq(count("SELECT count(*) FROM audit WHERE action = "
                         "'member.edit' AND entity_key = 'MR-001/3'"),
                   1);
  /* a number used before (the member moved away) is not given again */
  TU_OK(povreg_member_move(&no, tu_db, MR1, 2, RK1, "other", "2026-11-02", 0));
  f = tmpfile();
  fputs("household_code,member_no,full_name,sex,birth_date,relation,"
        "ethnicity,citizen_id,health_insurance,in_school,education_grade\n"
        "MR-001,2,Y Mới,F,2000,other,,,,,\n"
        "MR-001,4,Y Mới,F,2000,other,,,,,\n",
        f);
  rewind(f);
  {
    povreg_import_report *r = NULL;
    char *before = tu_dump(tu_db), *after;
    ck_assert_int_eq(povreg_import_stream(&r, tu_db, POVREG_IMPORT_MEMBERS, f,
                                          "reuse.csv", NULL),
                     POVREG_ECSV);
    after = tu_dump(tu_db);
    TU_ASSERT_SAME(before, after, "reuse");
    ck_assert_uint_eq(r->n_errors, 1);
    {
      char line[300];
      povreg_import_error_format(r, 0, line, sizeof line);
      ck_assert_str_eq(line, "reuse.csv:2:member_no: household MR-001 has "
                             "already used number 2 (numbers are never "
                             "reused)");
    }
    free(before);
    free(after);
    povreg_import_report_free(r);
  }
  fclose(f);
  /* a dissolved household takes no rows of any file */
  TU_OK(
      povreg_household_dissolve(tu_db, RK1, "2026-11-01", "moved_away", NULL));
  f = tmpfile();
  fputs("household_code,member_no,full_name,sex,birth_date,relation,"
        "ethnicity,citizen_id,health_insurance,in_school,education_grade\n"
        "RK-001,2,Siu Hai,M,2001,con,,,,,\n",
        f);
  rewind(f);
  {
    povreg_import_report *r = NULL;
    char line[300];
    ck_assert_int_eq(povreg_import_stream(&r, tu_db, POVREG_IMPORT_MEMBERS, f,
                                          "gone.csv", NULL),
                     POVREG_ECSV);
    povreg_import_error_format(r, 0, line, sizeof line);
    ck_assert_str_eq(line, "gone.csv:2:household_code: RK-001 was dissolved "
                           "on 2026-11-01 (moved_away)");
    povreg_import_report_free(r);
  }
  fclose(f);
  {
    povreg_import_report *r = NULL;
    char line[300];
    ck_assert_int_eq(imp(&r, POVREG_IMPORT_HOUSEHOLDS, "good/households.csv"),
                     POVREG_ECSV);
    ck_assert_uint_eq(r->n_errors, 1);
    povreg_import_error_format(r, 0, line, sizeof line);
    ck_assert_str_eq(line, "households.csv:6:household_code: household "
                           "RK-001 was dissolved on 2026-11-01; it cannot be "
                           "changed");
    povreg_import_report_free(r);
  }
}
END_TEST

/*
** When the batch INSERT of new members fails after all (an identifier an
** earlier row's update took meanwhile), the rows are tried one by one and
** the error lands on its line.
*/
START_TEST(test_batch_replay)
{
  povreg_import_report *r = NULL;
  char *before = tu_dump(tu_db), *after, *got;
  FILE *f = tmpfile();

  fputs("household_code,member_no,full_name,sex,birth_date,relation,"
        "ethnicity,citizen_id,health_insurance,in_school,education_grade\n"
        "MR-003,2,Rơ Châm Bé,F,2015,con,,062015000009,,,\n"
        "MR-003,3,Rơ Châm Em,F,2016,con,,,,,\n"
        "RK-001,1,,,,,,062015000009,,,\n",
        f);
  rewind(f);
  ck_assert_int_eq(povreg_import_stream(&r, tu_db, POVREG_IMPORT_MEMBERS, f,
                                        "replay.csv", NULL),
                   POVREG_ECSV);
  after = tu_dump(tu_db);
  TU_ASSERT_SAME(before, after, "replay");
  got = error_lines(r);
  ck_assert_str_eq(got, "replay.csv:2:citizen_id: already recorded for "
                        "another person (household RK-001, member 1)\n");
  free(got);
  free(before);
  free(after);
  povreg_import_report_free(r);
  fclose(f);
}
END_TEST

/*
** A household classified from the members file's standing facts alone:
** member 2 of MR-001 (aged 47) has no health insurance, so the survey's
** untouched health_insurance indicator is deprived; a survey's own member
** fact overrides the standing fact.
*/
START_TEST(test_classify_standing_facts)
{
  povreg_evaluation *ev = NULL;
  povreg_survey_spec s;
  povreg_tick ticks[32];
  povreg_fact fact = {2, "has_health_insurance", "1"};
  size_t i, nt = 0;
  int hi = -1;

  TU_OK(povreg_household_classify(&ev, tu_db, MR1, 2026, NULL, 0));
  for (i = 0; i < ev->n_indicators; i++) {
    if (strcmp(ev->indicators[i].key, "health_insurance") == 0) {
      hi = (int)i;
    } else {
      ck_assert_int_eq(ev->indicators[i].ticked, 1);
    }
  }
  ck_assert_int_ge(hi, 0);
  ck_assert_int_eq(ev->indicators[hi].ticked, 0);
  ck_assert_int_eq(ev->indicators[hi].deprived, 1);
  ck_assert_msg(strstr(ev->indicators[hi].basis, "member 2") != NULL,
                "basis: %s", ev->indicators[hi].basis);
  /* the survey's own answer for member 2 wins over the standing fact */
  memset(&s, 0, sizeof s);
  s.review_year = 2025;
  s.reference_date = "2025-09-01";
  s.has_income = 1;
  s.income = 1200000;
  for (i = 0; i < ev->n_indicators; i++) {
    if ((int)i != hi) {
      ticks[nt].key = ev->indicators[i].key;
      ticks[nt].deprived = ev->indicators[i].deprived;
      nt++;
    }
  }
  s.ticks = ticks;
  s.n_ticks = nt;
  s.facts = &fact;
  s.n_facts = 1;
  TU_OK(povreg_survey_record(tu_db, MR1, &s));
  povreg_evaluation_free(ev);
  ev = NULL;
  TU_OK(povreg_household_classify(&ev, tu_db, MR1, 2026, NULL, 0));
  ck_assert_int_eq(ev->indicators[hi].ticked, 0);
  ck_assert_int_eq(ev->indicators[hi].deprived, 0);
  povreg_evaluation_free(ev);
  ev = NULL;
  /* without the standing fact and without the survey's, it cannot derive */
  {
    povreg_member_spec m;
    memset(&m, 0, sizeof m);
    m.health_insurance = "";
    TU_OK(povreg_member_update(tu_db, MR1, 1, &m));
  }
  TU_FAILS(POVREG_EINVALID, "has_health_insurance",
           povreg_household_classify(&ev, tu_db, MR1, 2026, NULL, 0));
  ck_assert_ptr_null(ev);
}
END_TEST

/*
** "fact:KEY" names a household fact explicitly: a fact whose key is also
** an indicator's (latrine), or one no rule reads, imports as a fact.
*/
START_TEST(test_fact_prefix)
{
  static const char csv[] =
      "review_year,household_code,income_per_capita,latrine,fact:latrine,"
      "fact:roof_material\n"
      "2025,MR-001,1200000,1,open_pit,thatch\n";
  povreg_import_report *r = NULL;
  povreg_import_opts o;
  FILE *in = fmemopen((void *)csv, sizeof csv - 1, "r");

  ck_assert_ptr_nonnull(in);
  memset(&o, 0, sizeof o);
  TU_OK(povreg_import_stream(&r, tu_db, POVREG_IMPORT_SURVEY, in, "facts.csv",
                             &o));
  ck_assert_int_eq(r->rows, 1);
  ck_assert_int_eq(r->n_errors, 0);
  povreg_import_report_free(r);
  fclose(in);
  ck_assert_int_eq(
      tu_sq_int(tu_file, "SELECT count(*) FROM survey_fact f JOIN survey s "
                         "ON s.id = f.survey_id JOIN household h ON h.id = "
                         "s.household_id WHERE h.code = 'MR-001' AND "
                         "s.review_year = 2025 AND ((f.key = 'latrine' AND "
                         "f.value = 'open_pit') OR (f.key = 'roof_material' "
                         "AND f.value = 'thatch'))"),
      2);
  ck_assert_int_eq(tu_sq_int(tu_file,
                             "SELECT deprived FROM survey_tick t JOIN survey s "
                             "ON s.id = t.survey_id JOIN household h ON h.id = "
                             "s.household_id WHERE h.code = 'MR-001' AND "
                             "s.review_year = 2025 AND t.key = 'latrine'"),
                   1);
}
END_TEST

/* ---- suite ----------------------------------------------------------------
 */

/* The suite. */
static Suite *import_suite(void)
{
  Suite *s = suite_create("import");
  TCase *corpus = tcase_create("corpus");
  TCase *chunks = tcase_create("chunks");
  TCase *good = tcase_create("good");
  TCase *fresh = tcase_create("fresh");
  TCase *rules = tcase_create("rules");

  tcase_add_unchecked_fixture(corpus, base_template, drop_template);
  tcase_add_unchecked_fixture(chunks, base_template, drop_template);
  tcase_add_unchecked_fixture(good, base_template, drop_template);
  tcase_add_unchecked_fixture(fresh, fresh_template, drop_template);
  tcase_add_unchecked_fixture(rules, base_template, drop_template);
  tcase_add_checked_fixture(corpus, copy_setup, tu_teardown);
  tcase_add_checked_fixture(chunks, copy_setup, tu_teardown);
  tcase_add_checked_fixture(good, copy_setup, tu_teardown);
  tcase_add_checked_fixture(fresh, copy_setup, tu_teardown);
  tcase_add_checked_fixture(rules, copy_setup, tu_teardown);
  tcase_add_loop_test(corpus, test_bad_file, 0, (int)NBAD);
  tcase_add_loop_test(chunks, test_bad_file_chunks, 0, (int)NBAD);
  tcase_add_test(good, test_good_values);
  tcase_add_test(good, test_audit_entries);
  tcase_add_test(good, test_idempotent);
  tcase_add_test(good, test_corrected);
  tcase_add_test(good, test_options);
  tcase_add_test(good, test_max_errors);
  tcase_add_test(good, test_error_format);
  tcase_add_test(good, test_fact_prefix);
  tcase_add_test(fresh, test_report_sha);
  tcase_add_test(fresh, test_dry_run);
  tcase_add_test(fresh, test_good_chunks);
  tcase_add_test(fresh, test_excel_file);
  tcase_add_test(fresh, test_arguments);
  tcase_add_test(fresh, test_pipe);
  tcase_add_test(rules, test_member_rules);
  tcase_add_test(rules, test_batch_replay);
  tcase_add_test(rules, test_classify_standing_facts);
  suite_add_tcase(s, corpus);
  suite_add_tcase(s, chunks);
  suite_add_tcase(s, good);
  suite_add_tcase(s, fresh);
  suite_add_tcase(s, rules);
  return s;
}

/* Run the suite; the exit status is the number of failed tests. */
int main(void)
{
  return tu_run(import_suite());
}
