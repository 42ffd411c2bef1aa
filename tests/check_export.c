/*
** check_export.c: the exports (povreg_export) on a fresh ledger per test:
**  - the CSV writer itself (quoting, BOM, digest, write errors);
**  - the BHYT list person by person on a fixture covering every group
**    and every overlap (child under 6 in a poor household, the 72-month
**    day, the 30 September rule, year-only birth dates, minorities and
**    Kinh people in flagged communes, near-poor in and outside a poor
**    district, moves in and out, a dissolved household, a status carried
**    from the year before, a status effective after the date, an
**    amended status, the fix list, redaction), with the counts
**    reconciled for every group, and its changes between two dates;
**  - the posting list (no personal data), the recognised lists;
**  - the ledger in the import formats, byte for byte;
**  - the audit entry, a BOM, bad specs, a read-only ledger and a write
**    failure.
** Every CSV written is read back with the library's own reader.
*/
#include "check_util.h"
#include "csvread.h"
#include "csvwrite.h"
#include "sha256.h"

/* Communes of the fixture (all rural). */
#define ROKOI "23530"   /* Sa Thầy (616): no flags */
#define HOMOONG "23534" /* Sa Thầy: especially difficult */
#define IADAL "23535"   /* Ia H' Drai (618): an island (fiction) */
#define MORAI "23536"   /* Sa Thầy: difficult area */
#define IATOI "23538"   /* Ia H' Drai: no flags, not a poor district */

/* ---- reading CSV back ---------------------------------------------------- */

/* A CSV file read whole (tests only): header and cells. */
typedef struct tcsv {
  size_t ncols, nrows, cap;
  char **head;  /* ncols names */
  char **cells; /* nrows * ncols values */
} tcsv;

/* Copy a string (test helper; fails the test on OOM). */
static char *xstrdup(const char *s)
{
  size_t n = strlen(s) + 1;
  char *p = malloc(n);

  ck_assert_ptr_nonnull(p);
  memcpy(p, s, n);
  return p;
}

/* Record callback: append a row. */
static int load_row(povreg__csv *r, const char *const *fields,
                    const unsigned char *empty, size_t n, long line,
                    void *payload)
{
  tcsv *t = payload;
  size_t i;

  (void)r;
  (void)empty;
  (void)line;
  ck_assert_uint_eq(n, t->ncols);
  if ((t->nrows + 1) * t->ncols > t->cap) {
    size_t cap = t->cap ? t->cap * 2 : 64 * t->ncols;
    char **p;
    while (cap < (t->nrows + 1) * t->ncols) {
      cap *= 2;
    }
    p = realloc(t->cells, cap * sizeof *p);
    ck_assert_ptr_nonnull(p);
    t->cells = p;
    t->cap = cap;
  }
  for (i = 0; i < n; i++) {
    t->cells[t->nrows * t->ncols + i] = xstrdup(fields[i]);
  }
  t->nrows++;
  return 0;
}

/*
** Read a CSV file with the library's reader (chunk bytes at a time, 0:
** default), failing the test on any error.  Allocated.
*/
static tcsv *csv_load_chunk(const char *path, size_t chunk)
{
  tcsv *t = calloc(1, sizeof *t);
  povreg__csv *r = NULL;
  FILE *f = fopen(path, "rb");
  size_t i;
  int rc;

  ck_assert_ptr_nonnull(t);
  ck_assert_msg(f != NULL, "fopen(%s)", path);
  rc = povreg__csv_open(&r, f, path, chunk, 0, 0);
  if (rc == 0) {
    t->ncols = povreg__csv_columns(r);
    t->head = calloc(t->ncols, sizeof *t->head);
    ck_assert_ptr_nonnull(t->head);
    for (i = 0; i < t->ncols; i++) {
      t->head[i] = xstrdup(povreg__csv_column_name(r, i));
    }
    rc = povreg__csv_read(r, load_row, t);
  }
  if (rc != 0) {
    char msg[300] = "";
    povreg__csv_error_format(r, 0, msg, sizeof msg);
    povreg__csv_close(r);
    fclose(f);
    ck_abort_msg("%s: not well-formed CSV (%d): %s", path, rc, msg);
  }
  ck_assert_uint_eq(povreg__csv_error_count(r), 0);
  povreg__csv_close(r);
  fclose(f);
  return t;
}

/* Read a CSV file (default chunk). */
static tcsv *csv_load(const char *path)
{
  return csv_load_chunk(path, 0);
}

/* Free a loaded file. */
static void csv_free(tcsv *t)
{
  size_t i;

  if (t == NULL) {
    return;
  }
  for (i = 0; i < t->ncols; i++) {
    free(t->head[i]);
  }
  for (i = 0; i < t->nrows * t->ncols; i++) {
    free(t->cells[i]);
  }
  free(t->head);
  free(t->cells);
  free(t);
}

/* Index of a column (fails the test if absent). */
static size_t csv_col(const tcsv *t, const char *name)
{
  size_t i;

  for (i = 0; i < t->ncols; i++) {
    if (strcmp(t->head[i], name) == 0) {
      return i;
    }
  }
  ck_abort_msg("no column %s", name);
  return 0;
}

/* Cell of a row by column name. */
static const char *cell(const tcsv *t, size_t row, const char *name)
{
  ck_assert_uint_lt(row, t->nrows);
  return t->cells[row * t->ncols + csv_col(t, name)];
}

/* The header as one comma-separated line (into buf). */
static const char *csv_header(const tcsv *t, char *buf, size_t n)
{
  size_t i, len = 0;

  buf[0] = '\0';
  for (i = 0; i < t->ncols; i++) {
    len +=
        (size_t)snprintf(buf + len, n - len, "%s%s", i ? "," : "", t->head[i]);
  }
  return buf;
}

/*
** Row `row` as "c1|c2|..." of the named columns (comma-separated list),
** into buf.
*/
static const char *row_of(const tcsv *t, size_t row, const char *cols,
                          char *buf, size_t n)
{
  char names[256], *p, *save = NULL;
  size_t len = 0;

  snprintf(names, sizeof names, "%s", cols);
  buf[0] = '\0';
  for (p = strtok_r(names, ",", &save); p != NULL;
       p = strtok_r(NULL, ",", &save)) {
    len += (size_t)snprintf(buf + len, n - len, "%s%s", len ? "|" : "",
                            cell(t, row, p));
  }
  return buf;
}

/*
** Assert that the rows of a list, as row_of(cols), are exactly the
** expected ones in order, and that stt counts 1.. when there is one.
*/
static void assert_rows(const tcsv *t, const char *cols,
                        const char *const *want, size_t n, const char *what)
{
  char got[512], num[24];
  size_t i, has_stt = 0;

  for (i = 0; i < t->ncols; i++) {
    has_stt |= strcmp(t->head[i], "stt") == 0;
  }
  for (i = 0; i < t->nrows && i < n; i++) {
    row_of(t, i, cols, got, sizeof got);
    ck_assert_msg(strcmp(got, want[i]) == 0, "%s row %zu: '%s', expected '%s'",
                  what, i + 1, got, want[i]);
    if (has_stt) {
      snprintf(num, sizeof num, "%zu", i + 1);
      ck_assert_str_eq(cell(t, i, "stt"), num);
    }
  }
  if (t->nrows != n) {
    ck_abort_msg("%s: %zu rows, expected %zu (first extra: '%s')", what,
                 t->nrows, n,
                 t->nrows > n ? row_of(t, n, cols, got, sizeof got) : "-");
  }
}

/* ---- running exports ----------------------------------------------------- */

/* A spec of a kind (others zero). */
static povreg_export_spec spec_of(const char *kind)
{
  povreg_export_spec s;

  memset(&s, 0, sizeof s);
  s.kind = kind;
  return s;
}

/*
** Run an export that must succeed into tu_dir/csv_name (and the fix list
** into tu_dir/fix_name when not NULL).  Returns the report.
*/
static povreg_export_report run_export(const povreg_export_spec *s,
                                       const char *csv_name,
                                       const char *fix_name)
{
  povreg_export_report r;
  char path[700], fpath[700];
  FILE *c, *f = NULL;

  tu_path(path, sizeof path, csv_name);
  c = fopen(path, "wb");
  ck_assert_ptr_nonnull(c);
  if (fix_name != NULL) {
    tu_path(fpath, sizeof fpath, fix_name);
    f = fopen(fpath, "wb");
    ck_assert_ptr_nonnull(f);
  }
  TU_OK(povreg_export(&r, tu_db, s, c, f));
  ck_assert_int_eq(fclose(c), 0);
  if (f != NULL) {
    ck_assert_int_eq(fclose(f), 0);
  }
  return r;
}

/* Load tu_dir/name. */
static tcsv *load(const char *name)
{
  char path[700];

  tu_path(path, sizeof path, name);
  return csv_load(path);
}

/* The SHA-256 of a file's bytes, in hex. */
static void file_sha(const char *name, char hex[65])
{
  unsigned char d[32];
  povreg__sha256 c;
  char path[700], *text;
  size_t len;

  tu_path(path, sizeof path, name);
  text = tu_read_file(path, &len);
  povreg__sha256_init(&c);
  povreg__sha256_update(&c, text, len);
  povreg__sha256_final(&c, d);
  povreg__sha256_hex(d, hex);
  free(text);
}

/* The count entry of a key in a report (fails if absent). */
static const povreg_export_count *count_of(const povreg_export_report *r,
                                           const char *key)
{
  size_t i;

  for (i = 0; i < r->n_counts; i++) {
    if (strcmp(r->counts[i].key, key) == 0) {
      return &r->counts[i];
    }
  }
  ck_abort_msg("no count %s", key);
  return NULL;
}

/* Assert the counts of a group: rows, fix, eligible, better. */
static void assert_count(const povreg_export_report *r, const char *key,
                         long rows, long fix, long eligible, long better)
{
  const povreg_export_count *c = count_of(r, key);

  ck_assert_msg(c->rows == rows && c->fix == fix && c->eligible == eligible &&
                    c->better == better,
                "%s: rows %ld fix %ld eligible %ld better %ld, expected %ld "
                "%ld %ld %ld",
                key, c->rows, c->fix, c->eligible, c->better, rows, fix,
                eligible, better);
}

/* Every group reconciles: eligible == rows + fix + better. */
static void assert_reconciles(const povreg_export_report *r)
{
  size_t i;
  long rows = 0, fix = 0;

  ck_assert_uint_eq(r->n_counts, 6);
  for (i = 0; i < r->n_counts; i++) {
    const povreg_export_count *c = &r->counts[i];
    ck_assert_msg(c->eligible == c->rows + c->fix + c->better,
                  "%s does not reconcile: eligible %ld, rows %ld fix %ld "
                  "better %ld",
                  c->key, c->eligible, c->rows, c->fix, c->better);
    rows += c->rows;
    fix += c->fix;
  }
  ck_assert_int_eq(rows, r->rows);
  ck_assert_int_eq(fix, r->fix_rows);
}

/* ---- the fixture --------------------------------------------------------- */

/* A member spec with identifiers (NULL: none), ethnicity and join date. */
static povreg_member_spec person(const char *name, const char *sex,
                                 const char *birth, const char *relation,
                                 const char *cid, const char *bhxh,
                                 const char *ethnicity, const char *joined)
{
  povreg_member_spec m = tu_person(name, sex, birth, relation);

  m.citizen_id = cid;
  m.bhxh_no = bhxh;
  m.ethnicity = ethnicity;
  m.joined_on = joined;
  return m;
}

/* Add a household with a code, commune, village (or NULL) and head. */
static void add_hh(const char *code, const char *commune, const char *village,
                   const povreg_member_spec *head)
{
  povreg_household_spec h = tu_hh(commune, "2020-01-15");
  char *got = NULL;

  h.code = code;
  h.village = village;
  TU_OK(povreg_household_add(&got, tu_db, &h, head));
  ck_assert_str_eq(got, code);
  povreg_free(got);
}

/* Add a member; returns its number. */
static int add_member(const char *hh, const povreg_member_spec *m)
{
  int no = 0;

  TU_OK(povreg_member_add(&no, tu_db, hh, m));
  return no;
}

/* One household's part in a review: its class, or an excuse. */
typedef struct plan {
  const char *hh;
  povreg_class cls;
  const char *excuse;
} plan;

/* Income and ticks that steer a rural household under ND07-2021. */
static void steer(povreg_class cls, int64_t *income, int *d)
{
  switch (cls) {
  case POVREG_CLASS_POOR:
    *income = 1200000;
    *d = 3;
    break;
  case POVREG_CLASS_NEAR_POOR:
    *income = 1400000;
    *d = 1;
    break;
  case POVREG_CLASS_AVERAGE:
    *income = 1800000;
    *d = 0;
    break;
  default:
    *income = 3000000;
    *d = 0;
    break;
  }
}

/*
** A whole periodic review of year Y in a commune through the API: open
** (Y-09-01), add, survey or excuse, classify, meet (Y-10-15), post
** (Y-11-01..10), approve (Y-11-20).  Statuses for Y + 1 take effect on
** Y-11-20.
*/
static int64_t review(const char *commune, int year, const plan *p, size_t n)
{
  povreg_review_spec s;
  char date[11], from[11], to[11], ref[11], decision[32];
  int64_t id = 0, income;
  size_t i;
  int rc, d, classified = 0, got = -1;

  memset(&s, 0, sizeof s);
  snprintf(date, sizeof date, "%04d-09-01", year);
  snprintf(ref, sizeof ref, "%04d-09-01", year);
  s.commune_code = commune;
  s.year = year;
  s.opened_on = date;
  TU_OK(povreg_review_open(&id, tu_db, &s));
  for (i = 0; i < n; i++) {
    rc = povreg_review_add(tu_db, id, p[i].hh);
    ck_assert_msg(rc == POVREG_OK || rc == POVREG_EEXISTS, "add %s: %s",
                  p[i].hh, povreg_errmsg(tu_db));
    if (p[i].excuse != NULL) {
      TU_OK(povreg_review_excuse(tu_db, id, p[i].hh, p[i].excuse,
                                 "chuyển đi làm ăn xa"));
      continue;
    }
    steer(p[i].cls, &income, &d);
    tu_survey(p[i].hh, year, ref, income, d);
    classified++;
  }
  TU_OK(povreg_review_classify(&got, tu_db, id));
  ck_assert_int_eq(got, classified);
  snprintf(date, sizeof date, "%04d-10-15", year);
  for (i = 0; i < n; i++) {
    if (p[i].excuse == NULL) {
      TU_OK(povreg_review_meeting(NULL, tu_db, id, p[i].hh, date, 10, 10));
    }
  }
  snprintf(from, sizeof from, "%04d-11-01", year);
  snprintf(to, sizeof to, "%04d-11-10", year);
  TU_OK(povreg_review_post(tu_db, id, from, to));
  snprintf(decision, sizeof decision, "%d/QĐ-UBND", year);
  snprintf(date, sizeof date, "%04d-11-20", year);
  TU_OK(povreg_review_approve(tu_db, id, decision, date));
  for (i = 0; i < n; i++) {
    povreg_class c = POVREG_CLASS_NONE;
    TU_OK(povreg_status_get(&c, tu_db, p[i].hh, year + 1));
    ck_assert_int_eq(c, p[i].excuse ? POVREG_CLASS_NONE : p[i].cls);
  }
  return id;
}

/*
** The BHYT fixture (see the expectations in test_bhyt_main):
**  ROKOI  R1 poor 2025, village Làng Trấp: head; a child of 2021 (TE);
**            a member joined 2025-01-10; one joined 2025-04-01; one
**            moved out 2025-02-01; one moved out 2025-05-01; one with
**            neither BHXH number nor citizen ID
**         R2 near-poor 2025 (Sa Thầy is a poor district until July 2025)
**         R3 poor 2024, excused in the 2024 review: carried into 2025
**         R4 poor 2025, amended to near-poor on 2025-02-10
**         R5 non-poor 2025, amended to poor on 2025-04-10
**         R6 poor 2025, dissolved on 2025-02-15
**         R7 poor 2024, average 2025 (escaped)
**  HOMOONG H1 (especially difficult): a Kinh and a Xơ-đăng resident
**  IADAL  I1 (island): a Kinh resident
**  MORAI  M1 near-poor 2025 (difficult area): Kinh head, Xơ-đăng member
**         M2: Kinh head, Xơ-đăng member, Xơ-đăng member joined 2023-05-05
**  IATOI  T1 near-poor 2025 (not a poor district)
**         T2: Kinh head and children born 2019-10-15, 2019-10-16,
**            2019-05-20, "2019", "2020"
*/
static void bhyt_fixture(void)
{
  povreg_member_spec m;
  const plan r2023[] = {{"R3", POVREG_CLASS_POOR, NULL},
                        {"R7", POVREG_CLASS_POOR, NULL}};
  const plan r2024[] = {
      {"R1", POVREG_CLASS_POOR, NULL},     {"R2", POVREG_CLASS_NEAR_POOR, NULL},
      {"R3", POVREG_CLASS_NONE, "other"},  {"R4", POVREG_CLASS_POOR, NULL},
      {"R5", POVREG_CLASS_NON_POOR, NULL}, {"R6", POVREG_CLASS_POOR, NULL},
      {"R7", POVREG_CLASS_AVERAGE, NULL}};
  const plan t2024[] = {{"T1", POVREG_CLASS_NEAR_POOR, NULL}};
  const plan m2024[] = {{"M1", POVREG_CLASS_NEAR_POOR, NULL}};

  TU_OK(povreg_unit_flag_set(tu_db, MORAI, "difficult_area", "2021-06-04", NULL,
                             "QĐ 861/QĐ-TTg"));
  TU_OK(povreg_unit_flag_set(tu_db, HOMOONG, "especially_difficult",
                             "2021-06-04", NULL, "QĐ 861/QĐ-TTg"));
  TU_OK(povreg_unit_flag_set(tu_db, IADAL, "island", "2020-01-01", NULL,
                             "test fixture"));
  TU_OK(povreg_unit_flag_set(tu_db, "616", "poor_district", "2018-01-01", NULL,
                             "QĐ 275/QĐ-TTg"));
  TU_OK(povreg_village_add(NULL, tu_db, ROKOI, "Làng Trấp", "lang"));

  m = person("Nguyễn Văn An", "M", "1980-03-10", NULL, "062000000101",
             "6200000101", NULL, NULL);
  add_hh("R1", ROKOI, "Làng Trấp", &m);
  m = person("Nguyễn Thị Bé", "F", "2021-05-10", "child", NULL, "6200000102",
             NULL, NULL);
  add_member("R1", &m);
  m = person("Trần Văn Đến", "M", "1990-01-01", "other", "062000000103", NULL,
             NULL, "2025-01-10");
  add_member("R1", &m);
  m = person("Lê Văn Sau", "M", "1992-02-02", "other", "062000000104", NULL,
             NULL, "2025-04-01");
  add_member("R1", &m);
  m = person("Phạm Văn Đi", "M", "1985-05-05", "sibling", "062000000105", NULL,
             NULL, NULL);
  add_member("R1", &m);
  m = person("Hoàng Thị Ở", "F", "1988-08-08", "sibling", "062000000106", NULL,
             NULL, NULL);
  add_member("R1", &m);
  m = person("Vũ Văn Thiếu", "M", "1970-07-07", "parent", NULL, NULL, NULL,
             NULL);
  add_member("R1", &m);

  m = person("Đỗ Văn Cận", "M", "1975-01-01", NULL, "062000000201", NULL, NULL,
             NULL);
  add_hh("R2", ROKOI, NULL, &m);
  m = person("Bùi Văn Cũ", "M", "1960-06-06", NULL, "062000000301", NULL, NULL,
             NULL);
  add_hh("R3", ROKOI, NULL, &m);
  m = person("Đặng Văn Sửa", "M", "1970-04-04", NULL, "062000000401", NULL,
             NULL, NULL);
  add_hh("R4", ROKOI, NULL, &m);
  m = person("Ngô Văn Muộn", "M", "1972-02-02", NULL, "062000000501", NULL,
             NULL, NULL);
  add_hh("R5", ROKOI, NULL, &m);
  m = person("Dương Văn Giải", "M", "1965-03-03", NULL, "062000000601", NULL,
             NULL, NULL);
  add_hh("R6", ROKOI, NULL, &m);
  m = person("Lý Văn Thoát", "M", "1968-08-08", NULL, "062000000701", NULL,
             NULL, NULL);
  add_hh("R7", ROKOI, NULL, &m);

  m = person("Mai Văn Khó", "M", "1979-09-09", NULL, "062000000801", NULL, NULL,
             NULL);
  add_hh("H1", HOMOONG, NULL, &m);
  m = person("A Blếp", "M", "1981-01-01", "sibling", "062000000802", NULL, "14",
             NULL);
  add_member("H1", &m);

  m = person("Trương Văn Đảo", "M", "1977-07-07", NULL, "062000000901", NULL,
             NULL, NULL);
  add_hh("I1", IADAL, NULL, &m);

  m = person("Lê Văn Núi", "M", "1982-02-02", NULL, "062000001001", NULL, NULL,
             NULL);
  add_hh("M1", MORAI, NULL, &m);
  m = person("Y Hơn", "F", "1984-04-04", "spouse", "062000001002", NULL, "14",
             NULL);
  add_member("M1", &m);
  m = person("Phan Văn Kinh", "M", "1983-03-03", NULL, "062000001101", NULL,
             NULL, NULL);
  add_hh("M2", MORAI, NULL, &m);
  m = person("A Thút", "M", "1986-06-06", "sibling", "062000001102", NULL, "14",
             NULL);
  add_member("M2", &m);
  m = person("Y Mai", "F", "1995-05-05", "other", "062000001103", NULL, "14",
             "2023-05-05");
  add_member("M2", &m);

  m = person("Tạ Văn Bảy", "M", "1976-06-06", NULL, "062000001201", NULL, NULL,
             NULL);
  add_hh("T1", IATOI, NULL, &m);
  m = person("Hồ Văn Cha", "M", "1985-08-08", NULL, "062000001301", NULL, NULL,
             NULL);
  add_hh("T2", IATOI, NULL, &m);
  m = person("Hồ Văn Tròn", "M", "2019-10-15", "child", NULL, "6200001302",
             NULL, NULL);
  add_member("T2", &m);
  m = person("Hồ Thị Mai", "F", "2019-10-16", "child", NULL, "6200001303", NULL,
             NULL);
  add_member("T2", &m);
  m = person("Hồ Văn Năm", "M", "2019-05-20", "child", NULL, "6200001304", NULL,
             NULL);
  add_member("T2", &m);
  m = person("Hồ Thị Năm", "F", "2019", "child", NULL, "6200001305", NULL,
             NULL);
  add_member("T2", &m);
  m = person("Hồ Văn Sáu", "M", "2020", "child", NULL, "6200001306", NULL,
             NULL);
  add_member("T2", &m);

  review(ROKOI, 2023, r2023, 2);
  review(ROKOI, 2024, r2024, 7);
  review(IATOI, 2024, t2024, 1);
  review(MORAI, 2024, m2024, 1);
  TU_OK(povreg_status_amend(tu_db, "R4", 2025, "near_poor", "5/QĐ-UBND",
                            "2025-02-10", "sửa sai"));
  TU_OK(povreg_status_amend(tu_db, "R5", 2025, "poor", "9/QĐ-UBND",
                            "2025-04-10", "ốm nặng"));
  TU_OK(povreg_member_leave(tu_db, "R1", 5, "moved_out", "2025-02-01", 0));
  TU_OK(povreg_member_leave(tu_db, "R1", 6, "moved_out", "2025-05-01", 0));
  TU_OK(
      povreg_household_dissolve(tu_db, "R6", "2025-02-15", "moved_away", NULL));
}

/* Columns compared person by person. */
#define WHO "household_code,full_name,group,support_rate,valid_from"

/* ---- the CSV writer ------------------------------------------------------ */

/* Quoting, line ends, BOM, digest; read back at every chunk size. */
START_TEST(test_writer)
{
  static const char *const names[] = {"a", "b", "c", "d", "e", "f",
                                      "g", "h", "i", "j", "k", "l",
                                      "m", "n", "o", "p", "q"};
  static const char *const fields[] = {
      "plain", "a,b",  "a;b",    "say \"hi\"", "two\nlines", "cr\rlf\r\n",
      "",      NULL,   " lead",  "trail ",     "\ttab",      "Nguyễn Văn Ánh",
      "\"",    "x\"y", "12,5 m²"};
  static const char expect[] =
      "\xEF\xBB\xBF"
      "a,b,c,d,e,f,g,h,i,j,k,l,m,n,o,p,q\n"
      "plain,\"a,b\",\"a;b\",\"say \"\"hi\"\"\",\"two\nlines\",\"cr\rlf\r\n\""
      ",,,\" lead\",\"trail \",\"\ttab\",Nguyễn Văn Ánh,\"\"\"\",\"x\"\"y\","
      "\"12,5 m²\",1,-42\n";
  size_t n = sizeof fields / sizeof *fields, i, chunk, len;
  char path[700], hex[65], want[65], *text;
  povreg__csvw w;
  FILE *f;

  tu_path(path, sizeof path, "w.csv");
  f = fopen(path, "wb");
  ck_assert_ptr_nonnull(f);
  povreg__csvw_init(&w, f);
  ck_assert_int_eq(povreg__csvw_bom(&w), 0);
  ck_assert_int_eq(povreg__csvw_row(&w, names, n + 2), 0);
  for (i = 0; i < n; i++) {
    ck_assert_int_eq(povreg__csvw_field(&w, fields[i]), 0);
  }
  ck_assert_int_eq(povreg__csvw_int(&w, 1), 0);
  ck_assert_int_eq(povreg__csvw_int(&w, -42), 0);
  ck_assert_int_eq(povreg__csvw_end(&w), 0);
  ck_assert_int_eq(povreg__csvw_finish(&w, hex), 0);
  ck_assert_int_eq((int)w.records, 2);
  povreg__csvw_free(&w);
  ck_assert_int_eq(fclose(f), 0);
  text = tu_read_file(path, &len);
  ck_assert_uint_eq(len, sizeof expect - 1);
  ck_assert_int_eq(memcmp(text, expect, len), 0);
  free(text);
  file_sha("w.csv", want);
  ck_assert_str_eq(hex, want);
  /* the reader gets every value back, whatever the chunk size */
  for (chunk = 1; chunk <= len + 1; chunk++) {
    tcsv *t = csv_load_chunk(path, chunk);
    ck_assert_uint_eq(t->ncols, n + 2);
    ck_assert_uint_eq(t->nrows, 1);
    for (i = 0; i < n; i++) {
      ck_assert_msg(strcmp(t->cells[i], fields[i] ? fields[i] : "") == 0,
                    "chunk %zu column %zu: '%s'", chunk, i, t->cells[i]);
    }
    ck_assert_str_eq(t->cells[n], "1");
    ck_assert_str_eq(t->cells[n + 1], "-42");
    csv_free(t);
  }
  /* many rows go out in blocks, and the digest is of every byte */
  tu_path(path, sizeof path, "big.csv");
  f = fopen(path, "wb");
  ck_assert_ptr_nonnull(f);
  povreg__csvw_init(&w, f);
  for (i = 0; i < 20000; i++) {
    ck_assert_int_eq(povreg__csvw_field(&w, "một, hai"), 0);
    ck_assert_int_eq(povreg__csvw_int(&w, (int64_t)i), 0);
    ck_assert_int_eq(povreg__csvw_end(&w), 0);
  }
  ck_assert_int_eq(povreg__csvw_finish(&w, hex), 0);
  ck_assert_int_eq((int)w.records, 20000);
  povreg__csvw_free(&w);
  ck_assert_int_eq(fclose(f), 0);
  file_sha("big.csv", want);
  ck_assert_str_eq(hex, want);
  {
    tcsv *t = csv_load(path);
    ck_assert_uint_eq(t->nrows, 19999);
    ck_assert_str_eq(t->head[0], "một, hai");
    ck_assert_str_eq(t->cells[19998 * 2 + 1], "19999");
    csv_free(t);
  }
}
END_TEST

/* A write error is kept and reported at the end. */
START_TEST(test_writer_full)
{
  povreg__csvw w;
  char hex[65] = "x";
  FILE *f = fopen("/dev/full", "wb");
  size_t i;
  int rc = 0;

  ck_assert_ptr_nonnull(f);
  povreg__csvw_init(&w, f);
  for (i = 0; i < 100000 && rc == 0; i++) {
    rc = povreg__csvw_field(&w, "một dòng");
    if (rc == 0) {
      rc = povreg__csvw_end(&w);
    }
  }
  /* blocks go out every 64 KiB: the error shows before the end */
  ck_assert_int_eq(rc, POVREG_ERROR);
  ck_assert_int_eq(povreg__csvw_field(&w, "more"), POVREG_ERROR);
  ck_assert_int_eq(povreg__csvw_finish(&w, hex), POVREG_ERROR);
  ck_assert_str_eq(hex, "");
  ck_assert_int_ne(w.err_no, 0);
  povreg__csvw_free(&w);
  fclose(f);
  /* a small file fails only when flushed */
  f = fopen("/dev/full", "wb");
  ck_assert_ptr_nonnull(f);
  povreg__csvw_init(&w, f);
  ck_assert_int_eq(povreg__csvw_field(&w, "x"), 0);
  ck_assert_int_eq(povreg__csvw_end(&w), 0);
  ck_assert_int_eq(povreg__csvw_finish(&w, hex), POVREG_ERROR);
  povreg__csvw_free(&w);
  fclose(f);
}
END_TEST

/* ---- BHYT ---------------------------------------------------------------- */

/* The list on 2025-03-01, person by person, with the counts. */
START_TEST(test_bhyt_main)
{
  static const char *const want[] = {
      /* ROKOI: R1 poor; the child is TE; joined 2025-01-10 counts from
         then; joined after the date and moved out before: absent;
         moved out after the date: present; no identifier: fix list */
      "R1|Nguyễn Văn An|HN|100|2024-11-20",
      "R1|Nguyễn Thị Bé|TE|100|2021-05-10",
      "R1|Trần Văn Đến|HN|100|2025-01-10",
      "R1|Hoàng Thị Ở|HN|100|2024-11-20",
      /* near-poor in a poor district: 100 */
      "R2|Đỗ Văn Cận|CN|100|2024-11-20",
      /* no 2025 decision: the 2024 status carries */
      "R3|Bùi Văn Cũ|HN|100|2023-11-20",
      /* amended to near-poor before the date */
      "R4|Đặng Văn Sửa|CN|100|2025-02-10",
      /* R5: amended to poor after the date; R6 dissolved; R7 average */
      /* HOMOONG: Kinh DK; the minority resident DT */
      "H1|Mai Văn Khó|DK|100|2021-06-04",
      "H1|A Blếp|DT|100|2021-06-04",
      /* IADAL: island */
      "I1|Trương Văn Đảo|XD|100|2020-01-01",
      /* MORAI: near-poor Kinh head CN; minority wife DT beats CN */
      "M1|Lê Văn Núi|CN|100|2024-11-20",
      "M1|Y Hơn|DT|100|2021-06-04",
      /* not near-poor: the Kinh head nothing, minorities DT */
      "M2|A Thút|DT|100|2021-06-04",
      "M2|Y Mai|DT|100|2023-05-05",
      /* IATOI: near-poor, not a poor district: 70 */
      "T1|Tạ Văn Bảy|CN|70|2024-11-20",
      /* children under 72 months; a year alone is 1 July */
      "T2|Hồ Văn Tròn|TE|100|2019-10-15",
      "T2|Hồ Thị Mai|TE|100|2019-10-16",
      "T2|Hồ Văn Năm|TE|100|2019-05-20",
      "T2|Hồ Thị Năm|TE|100|2019-07-01",
      "T2|Hồ Văn Sáu|TE|100|2020-07-01",
  };
  static const char *const want_fix[] = {"R1|Vũ Văn Thiếu|HN|100|2024-11-20"};
  povreg_export_spec s = spec_of("bhyt");
  povreg_export_report r;
  char head[512], hex[65];
  tcsv *t;

  bhyt_fixture();
  s.date = "2025-03-01";
  r = run_export(&s, "bhyt.csv", "fix.csv");
  t = load("bhyt.csv");
  ck_assert_str_eq(csv_header(t, head, sizeof head),
                   "stt,full_name,bhxh_no,citizen_id,birth_date,sex,"
                   "household_code,village,commune_code,group,support_rate,"
                   "valid_from");
  assert_rows(t, WHO, want, sizeof want / sizeof *want, "bhyt");
  /* one row whole */
  ck_assert_str_eq(row_of(t, 0,
                          "stt,full_name,bhxh_no,citizen_id,birth_date,sex,"
                          "household_code,village,commune_code,group,"
                          "support_rate,valid_from",
                          head, sizeof head),
                   "1|Nguyễn Văn An|6200000101|062000000101|1980-03-10|M|R1|"
                   "Làng Trấp|23530|HN|100|2024-11-20");
  ck_assert_str_eq(cell(t, 17, "birth_date"), "2019-05-20");
  ck_assert_str_eq(cell(t, 18, "birth_date"), "2019");
  ck_assert_str_eq(cell(t, 18, "sex"), "F");
  ck_assert_str_eq(cell(t, 16, "commune_code"), IATOI);
  csv_free(t);
  t = load("fix.csv");
  ck_assert_str_eq(csv_header(t, head, sizeof head),
                   "stt,full_name,bhxh_no,citizen_id,birth_date,sex,"
                   "household_code,village,commune_code,group,support_rate,"
                   "valid_from,missing");
  assert_rows(t, WHO, want_fix, 1, "fix");
  ck_assert_str_eq(cell(t, 0, "missing"), "bhxh_no or citizen_id");
  csv_free(t);
  ck_assert_int_eq(r.rows, 20);
  ck_assert_int_eq(r.fix_rows, 1);
  /* counts in rank order; eligible counted on their own */
  ck_assert_str_eq(r.counts[0].key, "TE");
  ck_assert_str_eq(r.counts[1].key, "HN");
  ck_assert_str_eq(r.counts[5].key, "CN");
  assert_count(&r, "TE", 6, 0, 6, 0);
  assert_count(&r, "HN", 4, 1, 6, 1);
  assert_count(&r, "DT", 4, 0, 4, 0);
  assert_count(&r, "DK", 1, 0, 2, 1);
  assert_count(&r, "XD", 1, 0, 1, 0);
  assert_count(&r, "CN", 4, 0, 5, 1);
  assert_reconciles(&r);
  file_sha("bhyt.csv", hex);
  ck_assert_str_eq(r.sha256, hex);
  file_sha("fix.csv", hex);
  ck_assert_str_eq(r.fix_sha256, hex);
}
END_TEST

/* Other dates: statuses before an amendment, after a late one, moves. */
START_TEST(test_bhyt_dates)
{
  static const char *const feb[] = {
      /* 2025-02-01: R1's leaver left that day; R4 still poor; R6 not yet
         dissolved */
      "R1|Nguyễn Văn An|HN|100|2024-11-20",
      "R1|Nguyễn Thị Bé|TE|100|2021-05-10",
      "R1|Trần Văn Đến|HN|100|2025-01-10",
      "R1|Hoàng Thị Ở|HN|100|2024-11-20",
      "R2|Đỗ Văn Cận|CN|100|2024-11-20",
      "R3|Bùi Văn Cũ|HN|100|2023-11-20",
      "R4|Đặng Văn Sửa|HN|100|2024-11-20",
      "R6|Dương Văn Giải|HN|100|2024-11-20",
  };
  static const char *const may[] = {
      /* 2025-05-01: the one who joined in April is in from then; the one
         who left that day is out; R5's amendment holds */
      "R1|Nguyễn Văn An|HN|100|2024-11-20",
      "R1|Nguyễn Thị Bé|TE|100|2021-05-10",
      "R1|Trần Văn Đến|HN|100|2025-01-10",
      "R1|Lê Văn Sau|HN|100|2025-04-01",
      "R2|Đỗ Văn Cận|CN|100|2024-11-20",
      "R3|Bùi Văn Cũ|HN|100|2023-11-20",
      "R4|Đặng Văn Sửa|CN|100|2025-02-10",
      "R5|Ngô Văn Muộn|HN|100|2025-04-10",
  };
  povreg_export_spec s = spec_of("bhyt");
  povreg_export_report r;
  tcsv *t;

  bhyt_fixture();
  s.commune_code = ROKOI;
  s.date = "2025-02-01";
  r = run_export(&s, "feb.csv", "feb.fix.csv");
  t = load("feb.csv");
  assert_rows(t, WHO, feb, sizeof feb / sizeof *feb, "2025-02-01");
  csv_free(t);
  assert_reconciles(&r);
  assert_count(&r, "HN", 6, 1, 8, 1);
  s.date = "2025-05-01";
  r = run_export(&s, "may.csv", "may.fix.csv");
  t = load("may.csv");
  assert_rows(t, WHO, may, sizeof may / sizeof *may, "2025-05-01");
  csv_free(t);
  assert_reconciles(&r);
  /* 2026-02-01: no 2026 decision yet, the 2025 statuses carry; R3's 2024
     one is too old now */
  s.date = "2026-02-01";
  r = run_export(&s, "2026.csv", "2026.fix.csv");
  t = load("2026.csv");
  {
    static const char *const y2026[] = {
        "R1|Nguyễn Văn An|HN|100|2024-11-20",
        "R1|Nguyễn Thị Bé|TE|100|2021-05-10",
        "R1|Trần Văn Đến|HN|100|2025-01-10",
        "R1|Lê Văn Sau|HN|100|2025-04-01",
        /* the commune is in no district any more: 70 */
        "R2|Đỗ Văn Cận|CN|70|2024-11-20",
        "R4|Đặng Văn Sửa|CN|70|2025-02-10",
        "R5|Ngô Văn Muộn|HN|100|2025-04-10",
    };
    assert_rows(t, WHO, y2026, sizeof y2026 / sizeof *y2026, "2026-02-01");
  }
  csv_free(t);
  assert_reconciles(&r);
  /* 2024-12-01: the 2024 statuses (not 2025's, decided but for a later
     status year) */
  s.date = "2024-12-01";
  r = run_export(&s, "dec.csv", "dec.fix.csv");
  t = load("dec.csv");
  {
    static const char *const dec[] = {
        "R1|Nguyễn Thị Bé|TE|100|2021-05-10",
        "R3|Bùi Văn Cũ|HN|100|2023-11-20",
        "R7|Lý Văn Thoát|HN|100|2023-11-20",
    };
    assert_rows(t, WHO, dec, sizeof dec / sizeof *dec, "2024-12-01");
  }
  csv_free(t);
  assert_reconciles(&r);
}
END_TEST

/* The child rule: the 72-month day and 30 September, years alone. */
START_TEST(test_bhyt_children)
{
  static const struct {
    const char *date;
    const char *who; /* TE children of T2 by first name, in order */
  } cases[] = {
      /* under 72 months on 06-30: the year alone turns 6 on 07-01 */
      {"2025-06-30", "Tròn,Mai,Năm,Năm,Sáu"},
      /* turned 6 this year, on or before 30 September: still TE */
      {"2025-09-30", "Tròn,Mai,Năm,Năm,Sáu"},
      {"2025-10-01", "Tròn,Mai,Sáu"},
      /* 6th birthday on the date: not under 72 months; the day before: */
      {"2025-10-15", "Mai,Sáu"},
      {"2025-10-14", "Tròn,Mai,Sáu"},
      {"2026-09-30", "Sáu"},
      {"2026-10-01", ""},
  };
  povreg_export_spec s = spec_of("bhyt");
  size_t i, j;

  bhyt_fixture();
  s.commune_code = IATOI;
  for (i = 0; i < sizeof cases / sizeof *cases; i++) {
    povreg_export_report r;
    char got[256] = "";
    tcsv *t;
    s.date = cases[i].date;
    r = run_export(&s, "te.csv", "te.fix.csv");
    t = load("te.csv");
    for (j = 0; j < t->nrows; j++) {
      const char *name = cell(t, j, "full_name");
      if (strcmp(cell(t, j, "group"), "TE") == 0) {
        size_t len = strlen(got);
        snprintf(got + len, sizeof got - len, "%s%s", len ? "," : "",
                 strrchr(name, ' ') + 1);
      } else {
        ck_assert_str_eq(cell(t, j, "household_code"), "T1");
      }
    }
    ck_assert_msg(strcmp(got, cases[i].who) == 0, "%s: TE %s, expected %s",
                  cases[i].date, got, cases[i].who);
    assert_reconciles(&r);
    csv_free(t);
  }
}
END_TEST

/* Redaction: identifiers masked, birth dates (and a child's start) to
   the year. */
START_TEST(test_bhyt_redact)
{
  povreg_export_spec s = spec_of("bhyt");
  char row[512], *text, path[700];
  tcsv *t;

  bhyt_fixture();
  s.date = "2025-03-01";
  s.redact = 1;
  s.commune_code = ROKOI;
  run_export(&s, "red.csv", "red.fix.csv");
  t = load("red.csv");
  ck_assert_str_eq(
      row_of(t, 0, "full_name,bhxh_no,citizen_id,birth_date,group,valid_from",
             row, sizeof row),
      "Nguyễn Văn An|*******101|*********101|1980|HN|2024-11-20");
  ck_assert_str_eq(
      row_of(t, 1, "full_name,bhxh_no,citizen_id,birth_date,group,valid_from",
             row, sizeof row),
      "Nguyễn Thị Bé|*******102||2021|TE|2021");
  csv_free(t);
  t = load("red.fix.csv");
  ck_assert_str_eq(cell(t, 0, "birth_date"), "1970");
  csv_free(t);
  tu_path(path, sizeof path, "red.csv");
  text = tu_read_file(path, NULL);
  ck_assert_ptr_null(strstr(text, "062000000"));
  ck_assert_ptr_null(strstr(text, "6200000"));
  ck_assert_ptr_null(strstr(text, "1980-03-10"));
  ck_assert_ptr_null(strstr(text, "2021-05-10"));
  free(text);
}
END_TEST

/* Increases and decreases between two dates. */
START_TEST(test_bhyt_changes)
{
  static const char *const want[] = {
      "increase|R1|Trần Văn Đến|HN|100|2025-01-10",
      "decrease|R1|Phạm Văn Đi|HN|100|2024-11-20",
      /* a group change: the old group and rate, then the new */
      "decrease|R4|Đặng Văn Sửa|HN|100|2024-11-20",
      "increase|R4|Đặng Văn Sửa|CN|100|2025-02-10",
      /* a dissolved household */
      "decrease|R6|Dương Văn Giải|HN|100|2024-11-20",
  };
  povreg_export_spec s = spec_of("bhyt");
  povreg_export_report r;
  char head[512];
  tcsv *t;

  bhyt_fixture();
  s.date = "2025-03-01";
  s.changes_since = "2025-01-01";
  r = run_export(&s, "chg.csv", "chg.fix.csv");
  t = load("chg.csv");
  ck_assert_str_eq(csv_header(t, head, sizeof head),
                   "stt,change,full_name,bhxh_no,citizen_id,birth_date,sex,"
                   "household_code,village,commune_code,group,support_rate,"
                   "valid_from");
  assert_rows(t, "change," WHO, want, sizeof want / sizeof *want, "changes");
  csv_free(t);
  t = load("chg.fix.csv");
  ck_assert_uint_eq(t->nrows, 0);
  ck_assert_str_eq(csv_header(t, head, sizeof head),
                   "stt,change,full_name,bhxh_no,citizen_id,birth_date,sex,"
                   "household_code,village,commune_code,group,support_rate,"
                   "valid_from,missing");
  csv_free(t);
  ck_assert_int_eq(r.rows, 5);
  ck_assert_int_eq(r.fix_rows, 0);
  ck_assert_str_eq(r.counts[0].key, "increase");
  ck_assert_str_eq(r.counts[1].key, "decrease");
  ck_assert_int_eq(count_of(&r, "increase")->rows, 2);
  ck_assert_int_eq(count_of(&r, "decrease")->rows, 3);
  ck_assert_int_eq(count_of(&r, "HN+")->rows, 1);
  ck_assert_int_eq(count_of(&r, "HN-")->rows, 3);
  ck_assert_int_eq(count_of(&r, "CN+")->rows, 1);
  ck_assert_int_eq(count_of(&r, "CN-")->rows, 0);
  ck_assert_uint_eq(r.n_counts, 14);
  /* the quarter after: R5 poor from April, the April joiner, the May
     leaver; a near-poor rate that changes with the district (Sa Thầy is
     no district from July 2025): decrease at 100, increase at 70 */
  s.changes_since = "2025-03-01";
  s.date = "2025-07-01";
  s.commune_code = ROKOI;
  r = run_export(&s, "q2.csv", "q2.fix.csv");
  t = load("q2.csv");
  {
    static const char *const q2[] = {
        "increase|R1|Lê Văn Sau|HN|100|2025-04-01",
        "decrease|R1|Hoàng Thị Ở|HN|100|2024-11-20",
        "decrease|R2|Đỗ Văn Cận|CN|100|2024-11-20",
        "increase|R2|Đỗ Văn Cận|CN|70|2024-11-20",
        "decrease|R4|Đặng Văn Sửa|CN|100|2025-02-10",
        "increase|R4|Đặng Văn Sửa|CN|70|2025-02-10",
        "increase|R5|Ngô Văn Muộn|HN|100|2025-04-10",
    };
    assert_rows(t, "change," WHO, q2, sizeof q2 / sizeof *q2, "Q2");
  }
  csv_free(t);
}
END_TEST

/* ---- posting and lists --------------------------------------------------- */

/* The posting list: the review's households, no personal data. */
START_TEST(test_posting)
{
  static const char *const want[] = {
      "R1|Nguyễn Văn An|Làng Trấp|poor|",
      "R2|Đỗ Văn Cận||near_poor|",
      "R4|Đặng Văn Sửa||poor|",
      "R5|Ngô Văn Muộn||non_poor|",
      "R6|||poor|", /* dissolved since: no active head */
      "R7|Lý Văn Thoát||average|poor",
  };
  static const char *const secret[] = {"0620",       "6200", "1980-03-10",
                                       "2021-05-10", "1970", "2019"};
  povreg_export_spec s = spec_of("posting");
  povreg_export_report r;
  char head[256], path[700], *text;
  size_t i;
  tcsv *t;

  bhyt_fixture();
  s.commune_code = ROKOI;
  s.year = 2024;
  r = run_export(&s, "posting.csv", NULL);
  t = load("posting.csv");
  ck_assert_str_eq(csv_header(t, head, sizeof head),
                   "stt,household_code,head_name,village,proposed_class,"
                   "class_before");
  assert_rows(t, "household_code,head_name,village,proposed_class,class_before",
              want, sizeof want / sizeof *want, "posting");
  csv_free(t);
  ck_assert_int_eq(r.rows, 6);
  ck_assert_int_eq(count_of(&r, "poor")->rows, 3);
  ck_assert_int_eq(count_of(&r, "near_poor")->rows, 1);
  ck_assert_str_eq(r.fix_sha256, "");
  tu_path(path, sizeof path, "posting.csv");
  text = tu_read_file(path, NULL);
  for (i = 0; i < sizeof secret / sizeof *secret; i++) {
    ck_assert_msg(strstr(text, secret[i]) == NULL, "posting shows %s",
                  secret[i]);
  }
  free(text);
  /* the 2023 review, with a household overridden by the board */
  {
    int64_t id = 0;
    povreg_review_spec rs;
    memset(&rs, 0, sizeof rs);
    rs.commune_code = IATOI;
    rs.year = 2025;
    rs.opened_on = "2025-09-01";
    TU_OK(povreg_review_open(&id, tu_db, &rs));
    TU_OK(povreg_review_add(tu_db, id, "T2"));
    tu_survey("T1", 2025, "2025-09-01", 3000000, 0);
    tu_survey("T2", 2025, "2025-09-01", 1200000, 3);
    TU_OK(povreg_review_classify(NULL, tu_db, id));
    TU_OK(povreg_review_override(tu_db, id, "T2", "near_poor",
                                 "thu nhập "
                                 "thực tế"));
    s.commune_code = IATOI;
    s.year = 2025;
    run_export(&s, "posting2.csv", NULL);
    t = load("posting2.csv");
    {
      static const char *const want2[] = {"T1|non_poor|near_poor",
                                          "T2|near_poor|"};
      assert_rows(t, "household_code,proposed_class,class_before", want2, 2,
                  "posting 2025");
    }
    csv_free(t);
  }
  /* no such review, no commune */
  s.commune_code = ROKOI;
  s.year = 2022;
  TU_FAILS(POVREG_ENOTFOUND, "review",
           povreg_export(NULL, tu_db, &s, stdout, NULL));
  s.month = 3;
  s.year = 2024;
  TU_FAILS(POVREG_ENOTFOUND, "ad-hoc",
           povreg_export(NULL, tu_db, &s, stdout, NULL));
  s.month = 0;
  s.commune_code = NULL;
  TU_FAILS(POVREG_EINVALID, "commune_code",
           povreg_export(NULL, tu_db, &s, stdout, NULL));
}
END_TEST

/* The recognised lists of a year. */
START_TEST(test_lists)
{
  static const char *const poor[] = {
      "R1|Nguyễn Văn An|Làng Trấp|23530|poor||new",
      "R5|Ngô Văn Muộn||23530|poor||new",
      "R6|||23530|poor||new",
  };
  static const char *const near[] = {
      "R2|Đỗ Văn Cận||23530|near_poor||new",
      "R4|Đặng Văn Sửa||23530|near_poor||new",
      "M1|Lê Văn Núi||23536|near_poor||new",
      "T1|Tạ Văn Bảy||23538|near_poor||new",
  };
  static const char *const cols =
      "household_code,head_name,village,commune_code,class,class_before,"
      "transition";
  povreg_export_spec s = spec_of("poor");
  povreg_export_report r;
  char head[256];
  tcsv *t;

  bhyt_fixture();
  s.year = 2025;
  s.commune_code = ROKOI;
  r = run_export(&s, "poor.csv", NULL);
  t = load("poor.csv");
  ck_assert_str_eq(csv_header(t, head, sizeof head),
                   "stt,household_code,head_name,village,commune_code,class,"
                   "class_before,transition");
  assert_rows(t, cols, poor, 3, "poor");
  csv_free(t);
  ck_assert_int_eq(r.rows, 3);
  ck_assert_int_eq(count_of(&r, "poor")->rows, 3);
  s.kind = "near_poor";
  s.commune_code = NULL;
  r = run_export(&s, "near.csv", NULL);
  t = load("near.csv");
  /* the list is by household code */
  ck_assert_uint_eq(t->nrows, 4);
  {
    const char *sorted[4] = {near[2], near[0], near[1], near[3]};
    assert_rows(t, cols, sorted, 4, "near_poor");
  }
  csv_free(t);
  s.kind = "near-poor";
  run_export(&s, "near2.csv", NULL);
  s.kind = "escaped";
  r = run_export(&s, "esc.csv", NULL);
  t = load("esc.csv");
  ck_assert_str_eq(csv_header(t, head, sizeof head),
                   "stt,household_code,head_name,village,commune_code,class,"
                   "class_before,transition,changes");
  ck_assert_uint_eq(t->nrows, 1);
  ck_assert_str_eq(row_of(t, 0, cols, head, sizeof head),
                   "R7|Lý Văn Thoát||23530|average|poor|escaped");
  ck_assert_ptr_nonnull(strstr(cell(t, 0, "changes"), "income 1200000 -> "
                                                      "1800000"));
  csv_free(t);
  ck_assert_int_eq(count_of(&r, "average")->rows, 1);
  s.year = 0;
  TU_FAILS(POVREG_EINVALID, "year",
           povreg_export(NULL, tu_db, &s, stdout, NULL));
}
END_TEST

/* ---- the ledger ---------------------------------------------------------- */

/* A small ledger with awkward text, two surveys and standing facts. */
static void ledger_fixture(void)
{
  povreg_household_spec h = tu_hh(MORAI, "2021-03-04");
  povreg_member_spec m;
  povreg_survey_spec sv;
  const povreg_tick t24[] = {{"employment", 1}, {"nutrition", 0}};
  const povreg_fact f24[] = {{0, "living_area_m2", "24.5"},
                             {0, "water_source", "piped"}};
  const povreg_tick t19[] = {{"latrine", 0}, {"water", 1}};
  const povreg_fact f19[] = {{0, "latrine", "septic"}};
  char *code = NULL;

  TU_OK(povreg_village_add(NULL, tu_db, MORAI, "Thôn 1, Mô Rai", NULL));
  TU_OK(povreg_village_add(NULL, tu_db, MORAI, "Làng Trấp", "lang"));
  h.code = "L1";
  h.village = "Thôn 1, Mô Rai";
  h.address = "Nhà \"số 5\"; ngõ 2";
  h.phone = "0912 345 678";
  h.notes = "ghi chú, có dấu phẩy";
  m = person("Nguyễn Văn \"Tư\", trưởng", "M", "1970-01-02", NULL,
             "062070000001", "6207000001", NULL, NULL);
  TU_OK(povreg_household_add(&code, tu_db, &h, &m));
  povreg_free(code);
  m = person("Y Blúp", "F", "1975", "spouse", NULL, NULL, "14", "2021-05-06");
  add_member("L1", &m);
  m = person("Nguyễn Văn Đi", "M", "2001-12-31", "child", "062001000003", NULL,
             NULL, NULL);
  add_member("L1", &m);
  TU_OK(povreg_member_leave(tu_db, "L1", 3, "moved_out", "2024-06-30", 0));
  memset(&h, 0, sizeof h);
  h = tu_hh(ROKOI, "2022-02-02");
  h.code = "L0";
  m = person("Trần Thị Ba", "F", "1990-09-09", NULL, NULL, "6207000004", "01",
             NULL);
  TU_OK(povreg_household_add(NULL, tu_db, &h, &m));
  h = tu_hh(MORAI, "2022-02-02");
  h.code = "L9";
  h.village = "Làng Trấp";
  m = person("Đinh Văn Hết", "M", "1950-05-05", NULL, NULL, NULL, NULL, NULL);
  TU_OK(povreg_household_add(NULL, tu_db, &h, &m));
  TU_OK(povreg_household_dissolve(tu_db, "L9", "2023-03-03", "died_out", NULL));
  /* standing facts (the members file carries them) */
  tu_sq_exec_on(tu_db->sq, "UPDATE member SET health_insurance = 1, "
                           "in_school = 0, education_grade = 9 WHERE "
                           "full_name LIKE 'Nguyễn Văn \"Tư\"%'");
  tu_sq_exec_on(tu_db->sq, "UPDATE member SET health_insurance = 0 WHERE "
                           "full_name = 'Y Blúp'");
  memset(&sv, 0, sizeof sv);
  sv.review_year = 2024;
  sv.reference_date = "2024-09-01";
  sv.surveyed_on = "2024-09-10";
  sv.enumerator = "Rà soát viên, thôn 1";
  sv.has_income = 1;
  sv.income = 1350000;
  sv.ticks = t24;
  sv.n_ticks = 2;
  sv.facts = f24;
  sv.n_facts = 2;
  TU_OK(povreg_survey_record(tu_db, "L1", &sv));
  memset(&sv, 0, sizeof sv);
  sv.review_year = 2019;
  sv.reference_date = "2019-09-01";
  sv.has_score_a = 1;
  sv.score_a = 42;
  sv.ticks = t19;
  sv.n_ticks = 2;
  sv.facts = f19;
  sv.n_facts = 1;
  TU_OK(povreg_survey_record(tu_db, "L1", &sv));
  memset(&sv, 0, sizeof sv);
  sv.review_year = 2024;
  sv.reference_date = "2024-09-01";
  sv.has_income = 1;
  sv.income = 900000;
  TU_OK(povreg_survey_record(tu_db, "L0", &sv));
}

/* Compare an export with a file of tests/data/export, byte for byte. */
static void assert_same_file(const char *name, const char *expected)
{
  char path[700], want_path[700], *got, *want;
  size_t glen, wlen;

  tu_path(path, sizeof path, name);
  snprintf(want_path, sizeof want_path, "%s/tests/data/export/%s",
           POVREG_SOURCE_DIR, expected);
  got = tu_read_file(path, &glen);
  want = tu_read_file(want_path, &wlen);
  ck_assert_msg(glen == wlen && memcmp(got, want, glen) == 0,
                "%s differs from %s:\n--- got ---\n%s\n--- expected ---\n%s",
                name, want_path, got, want);
  free(got);
  free(want);
}

/* households.csv, members.csv and survey.csv byte for byte. */
START_TEST(test_ledger)
{
  povreg_export_spec s = spec_of("households");
  povreg_export_report r;
  tcsv *t;

  ledger_fixture();
  r = run_export(&s, "households.csv", NULL);
  ck_assert_int_eq(r.rows, 2);
  ck_assert_uint_eq(r.n_counts, 0);
  assert_same_file("households.csv", "households.csv");
  s.kind = "members";
  r = run_export(&s, "members.csv", NULL);
  ck_assert_int_eq(r.rows, 4);
  assert_same_file("members.csv", "members.csv");
  s.kind = "survey";
  r = run_export(&s, "survey.csv", NULL);
  ck_assert_int_eq(r.rows, 3);
  assert_same_file("survey.csv", "survey.csv");
  /* every one reads back */
  t = load("households.csv");
  ck_assert_str_eq(cell(t, 1, "address"), "Nhà \"số 5\"; ngõ 2");
  ck_assert_str_eq(cell(t, 1, "village"), "Thôn 1, Mô Rai");
  csv_free(t);
  t = load("members.csv");
  ck_assert_str_eq(cell(t, 1, "full_name"), "Nguyễn Văn \"Tư\", trưởng");
  csv_free(t);
  t = load("survey.csv");
  ck_assert_str_eq(cell(t, 1, "fact:latrine"), "septic");
  ck_assert_str_eq(cell(t, 1, "latrine"), "0");
  csv_free(t);
  /* filters: one commune; one year */
  s.kind = "members";
  s.commune_code = ROKOI;
  r = run_export(&s, "m_rokoi.csv", NULL);
  ck_assert_int_eq(r.rows, 1);
  s.kind = "survey";
  s.commune_code = MORAI;
  s.year = 2019;
  r = run_export(&s, "s_2019.csv", NULL);
  ck_assert_int_eq(r.rows, 1);
  t = load("s_2019.csv");
  ck_assert_str_eq(cell(t, 0, "review_year"), "2019");
  ck_assert_str_eq(cell(t, 0, "score_a"), "42");
  ck_assert_str_eq(cell(t, 0, "fact:latrine"), "septic");
  /* only the facts of the surveys written */
  ck_assert_uint_eq(t->ncols, 7 + 15 + 1);
  csv_free(t);
  /* redacted members */
  s.kind = "members";
  s.commune_code = NULL;
  s.year = 0;
  s.redact = 1;
  run_export(&s, "m_red.csv", NULL);
  t = load("m_red.csv");
  ck_assert_str_eq(cell(t, 1, "citizen_id"), "*********001");
  ck_assert_str_eq(cell(t, 1, "bhxh_no"), "*******001");
  ck_assert_str_eq(cell(t, 1, "birth_date"), "1970");
  csv_free(t);
}
END_TEST

/* A name with a line break and other oddities written straight into the
   ledger still makes well-formed CSV. */
START_TEST(test_ledger_odd_text)
{
  povreg_export_spec s = spec_of("members");
  char path[700];
  size_t chunk, len;
  tcsv *t;

  ledger_fixture();
  tu_sq_exec_on(tu_db->sq,
                "UPDATE member SET full_name = 'Dòng một' || char(13, 10) || "
                "'dòng \"hai\"; ba, ' WHERE full_name = 'Y Blúp'");
  tu_sq_exec_on(tu_db->sq, "UPDATE household SET notes = ' có khoảng "
                           "trắng ' WHERE code = 'L0'");
  run_export(&s, "odd.csv", NULL);
  t = load("odd.csv");
  ck_assert_str_eq(cell(t, 2, "full_name"), "Dòng một\r\ndòng \"hai\"; ba, ");
  csv_free(t);
  s.kind = "households";
  s.bom = 1;
  run_export(&s, "odd_hh.csv", NULL);
  tu_path(path, sizeof path, "odd_hh.csv");
  free(tu_read_file(path, &len));
  for (chunk = 1; chunk <= len; chunk += chunk < 8 ? 1 : 7) {
    t = csv_load_chunk(path, chunk);
    ck_assert_str_eq(t->head[0], "household_code");
    ck_assert_str_eq(cell(t, 0, "notes"), " có khoảng trắng ");
    csv_free(t);
  }
}
END_TEST

/* ---- audit, BOM, errors -------------------------------------------------- */

/* One audit entry per export with kind, filters, rows and SHA-256. */
START_TEST(test_audit)
{
  povreg_export_spec s = spec_of("bhyt");
  povreg_export_report r;
  char *json, hex[65], fhex[65], sql[512];
  long long before, store;

  bhyt_fixture();
  before = tu_int(tu_db, "SELECT count(*) FROM audit");
  store = tu_int(tu_db, "PRAGMA temp_store");
  s.date = "2025-03-01";
  s.commune_code = ROKOI;
  r = run_export(&s, "a.csv", "a.fix.csv");
  ck_assert_int_eq(tu_int(tu_db, "SELECT count(*) FROM audit"), before + 1);
  /* the export sorts in temporary files, then gives the setting back */
  ck_assert_int_eq(tu_int(tu_db, "PRAGMA temp_store"), store);
  file_sha("a.csv", hex);
  file_sha("a.fix.csv", fhex);
  json = tu_text(tu_db, "SELECT action || ' ' || entity || ' ' || "
                        "entity_key || ' ' || operator || ' ' || new_value "
                        "FROM audit ORDER BY id DESC LIMIT 1");
  snprintf(sql, sizeof sql,
           "export.bhyt export bhyt check {\"kind\":\"bhyt\",\"filters\":{"
           "\"date\":\"2025-03-01\",\"commune\":\"23530\"},\"bom\":0,"
           "\"redact\":0,\"rows\":%ld,\"fix_rows\":%ld,\"sha256\":\"%s\","
           "\"fix_sha256\":\"%s\"}",
           r.rows, r.fix_rows, hex, fhex);
  ck_assert_str_eq(json, sql);
  free(json);
  s.kind = "survey";
  s.commune_code = NULL;
  s.date = NULL;
  s.year = 2024;
  r = run_export(&s, "b.csv", NULL);
  file_sha("b.csv", hex);
  json = tu_text(tu_db, "SELECT new_value FROM audit ORDER BY id DESC "
                        "LIMIT 1");
  snprintf(sql, sizeof sql,
           "{\"kind\":\"survey\",\"filters\":{\"year\":2024},\"bom\":0,"
           "\"redact\":0,\"rows\":%ld,\"sha256\":\"%s\"}",
           r.rows, hex);
  ck_assert_str_eq(json, sql);
  free(json);
  /* today by default */
  s.kind = "bhyt";
  s.year = 0;
  run_export(&s, "c.csv", "c.fix.csv");
  json = tu_text(tu_db, "SELECT json_extract(new_value, '$.filters.date') "
                        "FROM audit ORDER BY id DESC LIMIT 1");
  ck_assert_str_eq(json, TU_TODAY);
  free(json);
}
END_TEST

/* --bom: both files start with it, the digest covers it. */
START_TEST(test_bom)
{
  povreg_export_spec s = spec_of("bhyt");
  povreg_export_report r;
  char path[700], hex[65], *text;
  tcsv *t;

  bhyt_fixture();
  s.date = "2025-03-01";
  s.bom = 1;
  r = run_export(&s, "bom.csv", "bom.fix.csv");
  tu_path(path, sizeof path, "bom.csv");
  text = tu_read_file(path, NULL);
  ck_assert_int_eq(memcmp(text, "\xEF\xBB\xBFstt,", 7), 0);
  free(text);
  tu_path(path, sizeof path, "bom.fix.csv");
  text = tu_read_file(path, NULL);
  ck_assert_int_eq(memcmp(text, "\xEF\xBB\xBFstt,", 7), 0);
  free(text);
  file_sha("bom.csv", hex);
  ck_assert_str_eq(r.sha256, hex);
  t = load("bom.csv");
  ck_assert_str_eq(t->head[0], "stt");
  ck_assert_uint_eq(t->nrows, 20);
  csv_free(t);
}
END_TEST

/* Bad specs change nothing and write nothing. */
START_TEST(test_errors)
{
  povreg_export_spec s = spec_of("bhyt");
  char path[700];
  size_t len;
  FILE *c, *f;

  bhyt_fixture();
  tu_path(path, sizeof path, "err.csv");
  c = fopen(path, "wb");
  ck_assert_ptr_nonnull(c);
  f = tmpfile();
  ck_assert_ptr_nonnull(f);
  s.kind = "bhyt2";
  TU_FAILS(POVREG_EINVALID, "kind:", povreg_export(NULL, tu_db, &s, c, f));
  s.kind = NULL;
  TU_FAILS(POVREG_EINVALID, "kind:", povreg_export(NULL, tu_db, &s, c, f));
  s.kind = "bhyt";
  s.date = "2025-02-30";
  TU_FAILS(POVREG_EINVALID, "date:", povreg_export(NULL, tu_db, &s, c, f));
  s.date = "2025-03-01";
  TU_FAILS(POVREG_EINVALID, "fix:", povreg_export(NULL, tu_db, &s, c, NULL));
  s.changes_since = "2025-03-01";
  TU_FAILS(POVREG_EINVALID,
           "changes_since:", povreg_export(NULL, tu_db, &s, c, f));
  s.changes_since = "2025-13-01";
  TU_FAILS(POVREG_EINVALID,
           "changes_since:", povreg_export(NULL, tu_db, &s, c, f));
  s.changes_since = NULL;
  s.commune_code = "99999";
  TU_FAILS(POVREG_ENOTFOUND,
           "commune_code:", povreg_export(NULL, tu_db, &s, c, f));
  s.commune_code = "616";
  TU_FAILS(POVREG_EINVALID,
           "commune_code:", povreg_export(NULL, tu_db, &s, c, f));
  s.commune_code = "61600";
  TU_FAILS(POVREG_ENOTFOUND,
           "commune_code:", povreg_export(NULL, tu_db, &s, c, f));
  s.commune_code = NULL;
  s.kind = "survey";
  s.year = 20;
  TU_FAILS(POVREG_EINVALID, "year:", povreg_export(NULL, tu_db, &s, c, f));
  TU_FAILS(POVREG_EINVALID, NULL, povreg_export(NULL, tu_db, NULL, c, f));
  TU_FAILS(POVREG_EINVALID, NULL, povreg_export(NULL, tu_db, &s, NULL, f));
  ck_assert_int_eq(povreg_export(NULL, NULL, &s, c, f), POVREG_EINVALID);
  fclose(c);
  fclose(f);
  free(tu_read_file(path, &len));
  ck_assert_uint_eq(len, 0);
}
END_TEST

/* A write failure: POVREG_ERROR, and nothing recorded. */
START_TEST(test_write_failure)
{
  povreg_export_spec s = spec_of("bhyt");
  povreg_export_report r;
  FILE *full = fopen("/dev/full", "wb"), *ok = tmpfile();

  bhyt_fixture();
  ck_assert_ptr_nonnull(full);
  ck_assert_ptr_nonnull(ok);
  s.date = "2025-03-01";
  memset(&r, 0x55, sizeof r);
  TU_FAILS(POVREG_ERROR, "cannot write",
           povreg_export(&r, tu_db, &s, full, ok));
  ck_assert_int_eq(r.rows, 0);
  TU_FAILS(POVREG_ERROR, "fix: cannot write",
           povreg_export(NULL, tu_db, &s, ok, full));
  s.kind = "members";
  TU_FAILS(POVREG_ERROR, "csv: cannot write",
           povreg_export(NULL, tu_db, &s, full, NULL));
  fclose(full);
  fclose(ok);
}
END_TEST

/* A read-only ledger cannot record an export: refused, nothing written. */
START_TEST(test_readonly)
{
  povreg_export_spec s = spec_of("households");
  povreg_db *ro;
  char path[700];
  size_t len;
  FILE *c;
  int rc;

  ledger_fixture();
  ro = tu_open(tu_file, POVREG_OPEN_READONLY);
  tu_path(path, sizeof path, "ro.csv");
  c = fopen(path, "wb");
  ck_assert_ptr_nonnull(c);
  rc = povreg_export(NULL, ro, &s, c, NULL);
  ck_assert_int_eq(rc, POVREG_EREADONLY);
  ck_assert_ptr_nonnull(strstr(povreg_errmsg(ro), "read-only"));
  povreg_close(ro);
  fclose(c);
  free(tu_read_file(path, &len));
  ck_assert_uint_eq(len, 0);
}
END_TEST

/* ---- runner -------------------------------------------------------------- */

/* The suite. */
static Suite *export_suite(void)
{
  Suite *s = suite_create("export");
  TCase *w = tcase_create("writer");
  TCase *b = tcase_create("bhyt");
  TCase *l = tcase_create("lists");
  TCase *e = tcase_create("errors");

  tcase_add_checked_fixture(w, tu_setup, tu_teardown);
  tcase_add_checked_fixture(b, tu_setup, tu_teardown);
  tcase_add_checked_fixture(l, tu_setup, tu_teardown);
  tcase_add_checked_fixture(e, tu_setup, tu_teardown);
  tcase_add_test(w, test_writer);
  tcase_add_test(w, test_writer_full);
  tcase_add_test(b, test_bhyt_main);
  tcase_add_test(b, test_bhyt_dates);
  tcase_add_test(b, test_bhyt_children);
  tcase_add_test(b, test_bhyt_redact);
  tcase_add_test(b, test_bhyt_changes);
  tcase_add_test(l, test_posting);
  tcase_add_test(l, test_lists);
  tcase_add_test(l, test_ledger);
  tcase_add_test(l, test_ledger_odd_text);
  tcase_add_test(e, test_audit);
  tcase_add_test(e, test_bom);
  tcase_add_test(e, test_errors);
  tcase_add_test(e, test_write_failure);
  tcase_add_test(e, test_readonly);
  suite_add_tcase(s, w);
  suite_add_tcase(s, b);
  suite_add_tcase(s, l);
  suite_add_tcase(s, e);
  return s;
}

/* Run the suite; the exit status is the number of failures. */
int main(void)
{
  return tu_run(export_suite());
}
