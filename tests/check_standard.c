/*
** check_standard.c: poverty standards as data: the shipped list, the
** standard of a status year, export and import (identical, corrected,
** new, and every kind of bad document, each leaving the ledger as it
** was), and the rulebook accessors.
*/
#include "check_util.h"

/* ---- helpers ---- */

/* A standard as listed, copied out of the callback. */
typedef struct listed {
  char id[33], family[16], confidence[16];
  int first_year, last_year, version, cutoff, indicators, provisional;
  int has_names;
} listed;

/* Collected listing. */
typedef struct listing {
  size_t n;
  listed s[8];
  int stop_after; /* nonzero: return 42 after that many */
} listing;

/* Standard-list callback: copy each standard into a listing. */
static int collect(const povreg_standard_info *s, void *payload)
{
  listing *l = payload;
  listed *o;

  ck_assert_uint_lt(l->n, 8);
  o = &l->s[l->n++];
  snprintf(o->id, sizeof o->id, "%s", s->id);
  snprintf(o->family, sizeof o->family, "%s", s->family);
  snprintf(o->confidence, sizeof o->confidence, "%s", s->confidence);
  o->first_year = s->first_year;
  o->last_year = s->last_year;
  o->version = s->version;
  o->cutoff = s->cutoff;
  o->indicators = s->indicators;
  o->provisional = s->provisional;
  o->has_names = s->name_vi != NULL && s->name_vi[0] != '\0' &&
                 s->name_en != NULL && s->name_en[0] != '\0' &&
                 s->citation != NULL && s->citation[0] != '\0';
  if (l->stop_after != 0 && l->n == (size_t)l->stop_after) {
    return 42;
  }
  return 0;
}

/* List the standards of the fixture's ledger. */
static listing list_all(void)
{
  listing l;

  memset(&l, 0, sizeof l);
  TU_OK(povreg_standard_list(tu_db, collect, &l));
  return l;
}

/* The listed entry of an id, or NULL. */
static const listed *find_listed(const listing *l, const char *id)
{
  size_t i;

  for (i = 0; i < l->n; i++) {
    if (strcmp(l->s[i].id, id) == 0) {
      return &l->s[i];
    }
  }
  return NULL;
}

/* Export a standard that must export.  Caller frees with povreg_free. */
static char *export_std(const char *id)
{
  char *json = NULL;

  TU_OK(povreg_standard_export(&json, tu_db, id));
  ck_assert_ptr_nonnull(json);
  return json;
}

/*
** Evaluate one SQL expression over a document (bound as ?1) on a private
** in-memory connection, so the ledger is never touched: json_set,
** json_remove, json_extract ...  Returns the text (allocated, caller
** frees with free) or NULL for SQL NULL.
*/
static char *jx(const char *json, const char *expr)
{
  sqlite3 *sq = NULL;
  sqlite3_stmt *st = NULL;
  char sql[1024];
  char *out = NULL;

  ck_assert_int_eq(sqlite3_open(":memory:", &sq), SQLITE_OK);
  snprintf(sql, sizeof sql, "SELECT %s", expr);
  ck_assert_msg(sqlite3_prepare_v2(sq, sql, -1, &st, NULL) == SQLITE_OK,
                "prepare %s: %s", sql, sqlite3_errmsg(sq));
  sqlite3_bind_text(st, 1, json, -1, SQLITE_STATIC);
  ck_assert_msg(sqlite3_step(st) == SQLITE_ROW, "step %s: %s", sql,
                sqlite3_errmsg(sq));
  if (sqlite3_column_type(st, 0) != SQLITE_NULL) {
    const char *t = (const char *)sqlite3_column_text(st, 0);
    out = malloc(strlen(t) + 1);
    ck_assert_ptr_nonnull(out);
    memcpy(out, t, strlen(t) + 1);
  }
  sqlite3_finalize(st);
  sqlite3_close(sq);
  return out;
}

/* A JSON value of a document as text (allocated, caller frees). */
static char *jget(const char *json, const char *path)
{
  char expr[256];

  snprintf(expr, sizeof expr, "json_extract(?1, '%s')", path);
  return jx(json, expr);
}

/* Assert a JSON path of a document has the given text value. */
static void jcheck(const char *json, const char *path, const char *want)
{
  char *v = jget(json, path);

  ck_assert_msg(v != NULL && strcmp(v, want) == 0, "%s is '%s', not '%s'", path,
                v ? v : "(null)", want);
  free(v);
}

/* Replace the one occurrence of `from` in text by `to` (allocated). */
static char *replace_once(const char *text, const char *from, const char *to)
{
  const char *p = strstr(text, from);
  size_t a, b, c;
  char *out;

  ck_assert_msg(p != NULL, "'%s' not found", from);
  ck_assert_msg(strstr(p + 1, from) == NULL, "'%s' found twice", from);
  a = (size_t)(p - text);
  b = strlen(to);
  c = strlen(p + strlen(from));
  out = malloc(a + b + c + 1);
  ck_assert_ptr_nonnull(out);
  memcpy(out, text, a);
  memcpy(out + a, to, b);
  memcpy(out + a + b, p + strlen(from), c + 1);
  return out;
}

/* Count rows of a raw query on the library's connection. */
static long long count(const char *sql)
{
  return tu_int(tu_db, sql);
}

/* ---- listing and years ---- */

/* The three shipped standards, by first year. */
START_TEST(test_list_shipped)
{
  static const struct {
    const char *id, *family, *confidence;
    int first, last, indicators, provisional;
  } want[] = {
      {"QD59-2015", "banded", "confirmed", 2016, 2021, 10, 0},
      {"ND07-2021", "single_line", "confirmed", 2022, 2026, 12, 0},
      {"ND351-2025", "single_line", "secondary", 2027, 2030, 12, 1},
  };
  listing l = list_all();
  size_t i;

  ck_assert_uint_eq(l.n, 3);
  for (i = 0; i < 3; i++) {
    ck_assert_str_eq(l.s[i].id, want[i].id);
    ck_assert_int_eq(l.s[i].first_year, want[i].first);
    ck_assert_int_eq(l.s[i].last_year, want[i].last);
    ck_assert_int_eq(l.s[i].version, 1);
    ck_assert_int_eq(l.s[i].cutoff, 3);
    ck_assert_int_eq(l.s[i].indicators, want[i].indicators);
    ck_assert_int_eq(l.s[i].provisional, want[i].provisional);
    ck_assert_str_eq(l.s[i].family, want[i].family);
    ck_assert_str_eq(l.s[i].confidence, want[i].confidence);
    ck_assert_int_eq(l.s[i].has_names, 1);
  }
}
END_TEST

/* A callback's nonzero return stops the listing and is returned. */
START_TEST(test_list_stop)
{
  listing l;

  memset(&l, 0, sizeof l);
  l.stop_after = 1;
  ck_assert_int_eq(povreg_standard_list(tu_db, collect, &l), 42);
  ck_assert_uint_eq(l.n, 1);
  ck_assert_int_eq(povreg_standard_list(tu_db, NULL, NULL), POVREG_EINVALID);
  ck_assert_int_eq(povreg_standard_list(NULL, collect, &l), POVREG_EINVALID);
  /* the handle still works after a stopped listing */
  l = list_all();
  ck_assert_uint_eq(l.n, 3);
}
END_TEST

/* The standard of each status year, edges included. */
START_TEST(test_for_year)
{
  static const struct {
    int year;
    const char *id;
  } want[] = {{2016, "QD59-2015"},  {2020, "QD59-2015"}, {2021, "QD59-2015"},
              {2022, "ND07-2021"},  {2025, "ND07-2021"}, {2026, "ND07-2021"},
              {2027, "ND351-2025"}, {2030, "ND351-2025"}};
  char out[33];
  size_t i;

  for (i = 0; i < sizeof want / sizeof want[0]; i++) {
    memset(out, 'x', sizeof out);
    TU_OK(povreg_standard_for_year(out, tu_db, want[i].year));
    ck_assert_msg(strcmp(out, want[i].id) == 0, "%d: %s, expected %s",
                  want[i].year, out, want[i].id);
  }
  TU_FAILS(POVREG_ENOTFOUND, "2015",
           povreg_standard_for_year(out, tu_db, 2015));
  TU_FAILS(POVREG_ENOTFOUND, "2031",
           povreg_standard_for_year(out, tu_db, 2031));
  TU_FAILS(POVREG_ENOTFOUND, NULL, povreg_standard_for_year(out, tu_db, 0));
}
END_TEST

/* ---- export and import ---- */

/* Exported documents carry what the spec says. */
START_TEST(test_export_shape)
{
  char *j = export_std("ND07-2021");
  char *n;

  jcheck(j, "$.id", "ND07-2021");
  jcheck(j, "$.first_year", "2022");
  jcheck(j, "$.last_year", "2026");
  jcheck(j, "$.family", "single_line");
  jcheck(j, "$.cutoff", "3");
  jcheck(j, "$.score_b_per_indicator", "10");
  jcheck(j, "$.score_b_cutoff", "30");
  jcheck(j, "$.year_only_birthday", "07-01");
  jcheck(j, "$.confidence", "confirmed");
  n = jx(j, "json_array_length(?1, '$.lines')");
  ck_assert_str_eq(n, "6");
  free(n);
  n = jx(j, "json_array_length(?1, '$.indicators')");
  ck_assert_str_eq(n, "12");
  free(n);
  jcheck(j, "$.indicators[0].key", "employment");
  jcheck(j, "$.indicators[7].key", "housing_area");
  jcheck(j, "$.indicators[7].params.below", "8");
  jcheck(j, "$.indicators[7].rule", "fact_below");
  /* params are an object, not a string */
  n = jx(j, "json_type(?1, '$.indicators[7].params')");
  ck_assert_str_eq(n, "object");
  free(n);
  /* no version and no recorded_at in the document */
  n = jx(j, "json_type(?1, '$.version')");
  ck_assert_ptr_null(n);
  n = jx(j, "json_type(?1, '$.recorded_at')");
  ck_assert_ptr_null(n);
  povreg_free(j);
  j = export_std("QD59-2015");
  n = jx(j, "json_type(?1, '$.score_b_per_indicator')");
  ck_assert_msg(n == NULL || strcmp(n, "null") == 0, "score_b: %s", n);
  free(n);
  jcheck(j, "$.family", "banded");
  povreg_free(j);
  TU_FAILS(POVREG_ENOTFOUND, "NOPE", povreg_standard_export(&j, tu_db, "NOPE"));
}
END_TEST

/* Exporting then importing the same text changes nothing. */
START_TEST(test_import_identical)
{
  static const char *const ids[] = {"QD59-2015", "ND07-2021", "ND351-2025"};
  size_t i;

  for (i = 0; i < 3; i++) {
    char *j = export_std(ids[i]);
    int v = -1;
    TU_FAILS(POVREG_EEXISTS, ids[i], povreg_standard_import(&v, tu_db, j));
    ck_assert_int_eq(v, -1);
    povreg_free(j);
  }
  ck_assert_int_eq(count("SELECT count(*) FROM standard_version"), 3);
}
END_TEST

/* A corrected threshold becomes version 2; version 1 stays. */
START_TEST(test_import_correction)
{
  char *j = export_std("ND07-2021");
  char *fixed = replace_once(j, "\"below\":8", "\"below\":10");
  char *again;
  povreg_rulebook *rb = NULL;
  listing l;
  int v = 0, idx;

  TU_OK(povreg_standard_import(&v, tu_db, fixed));
  ck_assert_int_eq(v, 2);
  l = list_all();
  ck_assert_uint_eq(l.n, 3);
  ck_assert_int_eq(find_listed(&l, "ND07-2021")->version, 2);
  ck_assert_int_eq(find_listed(&l, "ND07-2021")->indicators, 12);
  ck_assert_int_eq(find_listed(&l, "QD59-2015")->version, 1);
  /* the current rulebook is version 2 with the new threshold */
  TU_OK(povreg_rulebook_load(&rb, tu_db, "ND07-2021", 0));
  ck_assert_int_eq(povreg_rulebook_version(rb), 2);
  idx = povreg_rulebook_indicator_index(rb, "housing_area");
  ck_assert_int_eq(idx, 7);
  ck_assert(rb->ind[idx].threshold == 10.0);
  povreg_rulebook_free(rb);
  rb = NULL;
  TU_OK(povreg_rulebook_load(&rb, tu_db, NULL, 2026));
  ck_assert_int_eq(povreg_rulebook_version(rb), 2);
  povreg_rulebook_free(rb);
  rb = NULL;
  /* version 1 is still there, whole, with its threshold */
  ck_assert_int_eq(count("SELECT count(*) FROM standard_version WHERE "
                         "standard_id = 'ND07-2021'"),
                   2);
  ck_assert_int_eq(count("SELECT count(*) FROM indicator WHERE standard_id = "
                         "'ND07-2021' AND version = 1"),
                   12);
  ck_assert_int_eq(count("SELECT count(*) FROM standard_line WHERE "
                         "standard_id = 'ND07-2021' AND version = 1"),
                   6);
  ck_assert_int_eq(count("SELECT json_extract(params, '$.below') FROM "
                         "indicator WHERE standard_id = 'ND07-2021' AND "
                         "version = 1 AND key = 'housing_area'"),
                   8);
  ck_assert_int_eq(count("SELECT json_extract(params, '$.below') FROM "
                         "indicator WHERE standard_id = 'ND07-2021' AND "
                         "version = 2 AND key = 'housing_area'"),
                   10);
  TU_OK(povreg__rulebook_load_version(&rb, tu_db, "ND07-2021", 1));
  ck_assert_int_eq(povreg_rulebook_version(rb), 1);
  ck_assert(rb->ind[7].threshold == 8.0);
  povreg_rulebook_free(rb);
  /* audited */
  ck_assert_int_eq(count("SELECT count(*) FROM audit WHERE action = "
                         "'standard.import' AND entity_key = 'ND07-2021' "
                         "AND json_extract(new_value, '$.version') = 2"),
                   1);
  /* the export now shows version 2's data; importing it again: EEXISTS */
  again = export_std("ND07-2021");
  jcheck(again, "$.indicators[7].params.below", "10");
  TU_FAILS(POVREG_EEXISTS, "version 2",
           povreg_standard_import(NULL, tu_db, again));
  TU_FAILS(POVREG_EEXISTS, NULL, povreg_standard_import(NULL, tu_db, fixed));
  /* the old text is a change again: version 3 */
  TU_OK(povreg_standard_import(&v, tu_db, j));
  ck_assert_int_eq(v, 3);
  povreg_free(again);
  povreg_free(j);
  free(fixed);
}
END_TEST

/* A change to the note alone is a change (a new version). */
START_TEST(test_import_note_change)
{
  char *j = export_std("QD59-2015");
  char *k = jx(j, "json_set(?1, '$.note', 'checked against TT 17/2016')");
  int v = 0;

  TU_OK(povreg_standard_import(&v, tu_db, k));
  ck_assert_int_eq(v, 2);
  free(k);
  povreg_free(j);
}
END_TEST

/* A brand-new standard for 2031 is version 1 and governs 2031. */
START_TEST(test_import_new_standard)
{
  char *j = export_std("ND351-2025");
  char *k = jx(j, "json_set(?1, '$.id', 'TEST-2031', '$.first_year', 2031, "
                  "'$.last_year', 2031)");
  povreg_rulebook *rb = NULL;
  char out[33];
  listing l;
  int v = 0;

  TU_OK(povreg_standard_import(&v, tu_db, k));
  ck_assert_int_eq(v, 1);
  TU_OK(povreg_standard_for_year(out, tu_db, 2031));
  ck_assert_str_eq(out, "TEST-2031");
  TU_OK(povreg_standard_for_year(out, tu_db, 2030));
  ck_assert_str_eq(out, "ND351-2025");
  l = list_all();
  ck_assert_uint_eq(l.n, 4);
  ck_assert_str_eq(l.s[3].id, "TEST-2031");
  ck_assert_int_eq(l.s[3].version, 1);
  ck_assert_int_eq(l.s[3].indicators, 12);
  TU_OK(povreg_rulebook_load(&rb, tu_db, NULL, 2031));
  ck_assert_str_eq(povreg_rulebook_id(rb), "TEST-2031");
  ck_assert_int_eq(povreg_rulebook_version(rb), 1);
  ck_assert_uint_eq(povreg_rulebook_indicators(rb), 12);
  povreg_rulebook_free(rb);
  ck_assert_int_eq(count("SELECT count(*) FROM audit WHERE action = "
                         "'standard.import' AND entity_key = 'TEST-2031'"),
                   1);
  free(k);
  povreg_free(j);
}
END_TEST

/* Import of a document that must fail with EINVALID naming `field`. */
#define IMPORT_FAILS(field, doc)                                               \
  do {                                                                         \
    int v_ = -1;                                                               \
    TU_FAILS(POVREG_EINVALID, field, povreg_standard_import(&v_, tu_db, doc)); \
    ck_assert_int_eq(v_, -1);                                                  \
  } while (0)

/* An edit of an exported standard that import must refuse. */
static void edit_fails(const char *id, const char *expr, const char *field)
{
  char *j = export_std(id);
  char *k = jx(j, expr);

  ck_assert_ptr_nonnull(k);
  IMPORT_FAILS(field, k);
  free(k);
  povreg_free(j);
}

/* Documents that are not a standard at all. */
START_TEST(test_import_not_a_document)
{
  IMPORT_FAILS("standard", "this is not json");
  IMPORT_FAILS("standard", "{\"id\": \"X\",");
  IMPORT_FAILS("object", "[1, 2, 3]");
  IMPORT_FAILS("object", "\"ND07-2021\"");
  IMPORT_FAILS("object", "42");
  IMPORT_FAILS("standard", "");
  IMPORT_FAILS("UTF-8", "{\"id\": \"\xff\xfe\"}");
  ck_assert_int_eq(povreg_standard_import(NULL, tu_db, NULL), POVREG_EINVALID);
  ck_assert_int_eq(povreg_standard_import(NULL, NULL, "{}"), POVREG_EINVALID);
}
END_TEST

/* Missing or mistyped top-level fields. */
START_TEST(test_import_missing_fields)
{
  edit_fails("ND07-2021", "json_remove(?1, '$.id')", "id");
  edit_fails("ND07-2021", "json_set(?1, '$.id', 12)", "id");
  edit_fails("ND07-2021", "json_remove(?1, '$.lines')", "lines");
  edit_fails("ND07-2021", "json_set(?1, '$.lines', 'none')", "lines");
  edit_fails("ND07-2021", "json_remove(?1, '$.indicators')", "indicators");
  edit_fails("ND07-2021", "json_set(?1, '$.indicators', json('[]'))",
             "indicators");
  edit_fails("ND07-2021", "json_remove(?1, '$.cutoff')", "cutoff");
  edit_fails("ND07-2021", "json_set(?1, '$.cutoff', '3')", "cutoff");
  edit_fails("ND07-2021", "json_remove(?1, '$.family')", "family");
  edit_fails("ND07-2021", "json_set(?1, '$.first_year', 2022.5)", "first_year");
  edit_fails("ND07-2021", "json_remove(?1, '$.lines[0].amount')",
             "lines[0].amount");
  edit_fails("ND07-2021", "json_set(?1, '$.lines[2].amount', '140')",
             "lines[2].amount");
  edit_fails("ND07-2021", "json_remove(?1, '$.indicators[4].key')",
             "indicators[4].key");
  edit_fails("ND07-2021", "json_set(?1, '$.indicators[3].params', 'x')",
             "indicators[3].params");
}
END_TEST

/* A line with an area that is neither rural nor urban. */
START_TEST(test_import_bad_area)
{
  edit_fails("ND07-2021", "json_set(?1, '$.lines[0].area', 'suburban')",
             "area");
}
END_TEST

/* An indicator with a rule family that does not exist. */
START_TEST(test_import_unknown_rule)
{
  edit_fails("ND07-2021", "json_set(?1, '$.indicators[0].rule', 'fact_above')",
             "rule");
}
END_TEST

/* Rule parameters: what each family needs, and keys of the right shape. */
START_TEST(test_import_bad_params)
{
  /* member_any without bands (indicator 3: health_insurance) */
  edit_fails("ND07-2021", "json_set(?1, '$.indicators[3].params', json('{}'))",
             "health_insurance");
  edit_fails("ND07-2021",
             "json_set(?1, '$.indicators[3].params.bands', json('[]'))",
             "health_insurance");
  /* a band without "when", and one with no condition */
  edit_fails("ND07-2021",
             "json_remove(?1, '$.indicators[3].params.bands[0].when')",
             "health_insurance");
  edit_fails("ND07-2021",
             "json_set(?1, '$.indicators[3].params.bands[0].when', "
             "json('[]'))",
             "health_insurance");
  /* fact_below without below (indicator 7: housing_area) */
  edit_fails("ND07-2021", "json_remove(?1, '$.indicators[7].params.below')",
             "housing_area");
  /* fact_at_least without at_least (indicator 6: housing_quality) */
  edit_fails("ND07-2021", "json_remove(?1, '$.indicators[6].params.at_least')",
             "housing_quality");
  /* fact_not_in with an empty ok list (indicator 8: water) */
  edit_fails("ND07-2021",
             "json_set(?1, '$.indicators[8].params.ok', json('[]'))", "water");
  /* member_share_above without share_above (indicator 1: dependants) */
  edit_fails("ND07-2021",
             "json_remove(?1, '$.indicators[1].params.share_above')",
             "dependants");
  /* a params key with upper case: a fact name, and a key of the object */
  edit_fails("ND07-2021",
             "json_set(?1, '$.indicators[7].params.fact', 'Living_area_m2')",
             "housing_area");
  edit_fails("ND07-2021",
             "json_set(?1, '$.indicators[7].params', json('{\"Fact\": "
             "\"living_area_m2\", \"per_member\": true, \"below\": 8}'))",
             "housing_area");
  edit_fails("ND07-2021",
             "json_set(?1, '$.indicators[11].params.facts[0]', 'Has_TV')",
             "info_access");
  edit_fails("ND07-2021",
             "json_set(?1, '$.indicators[3].params.bands[0].when[0].fact', "
             "'Has_health_insurance')",
             "health_insurance");
}
END_TEST

/* The lines a family needs. */
START_TEST(test_import_bad_lines)
{
  char *j = export_std("QD59-2015");

  /* lines are exported by area then line: [1] is the rural near_poverty */
  jcheck(j, "$.lines[1].area", "rural");
  jcheck(j, "$.lines[1].line", "near_poverty");
  povreg_free(j);
  edit_fails("QD59-2015", "json_remove(?1, '$.lines[1]')", "near_poverty");
  /* a score form without score_a lines */
  edit_fails("QD59-2015",
             "json_set(?1, '$.score_b_per_indicator', 10, "
             "'$.score_b_cutoff', 30)",
             "score_a");
  j = export_std("ND07-2021");
  jcheck(j, "$.lines[2].line", "score_a");
  jcheck(j, "$.lines[5].line", "score_a");
  povreg_free(j);
  edit_fails("ND07-2021", "json_remove(?1, '$.lines[5]', '$.lines[2]')",
             "score_a");
  /* no poverty line in an area: [1] is ND07's rural poverty line */
  edit_fails("ND07-2021", "json_remove(?1, '$.lines[1]')", "poverty");
  /* a near_poverty line in a single_line standard */
  edit_fails("ND07-2021",
             "json_insert(?1, '$.lines[#]', json('{\"area\": \"rural\", "
             "\"line\": \"near_poverty\", \"amount\": 1800000, "
             "\"confidence\": \"confirmed\", \"citation\": \"x\"}'))",
             "near_poverty");
  /* an average line inside the poverty band ([0] is ND07's rural average) */
  edit_fails("ND07-2021", "json_set(?1, '$.lines[0].amount', 1500000)",
             "average");
}
END_TEST

/* A cut-off larger than the number of indicators. */
START_TEST(test_import_cutoff)
{
  edit_fails("ND07-2021", "json_set(?1, '$.cutoff', 13)", "cutoff");
  edit_fails("QD59-2015", "json_set(?1, '$.cutoff', 11)", "cutoff");
}
END_TEST

/*
** What the tables' own checks refuse must be refused as a bad document
** too: POVREG_EINVALID naming the field, one line, nothing written.  All
** cases are tried and reported together.
*/
START_TEST(test_import_table_checks)
{
  static const struct {
    const char *id, *expr, *field;
  } cases[] = {
      {"ND07-2021", "json_set(?1, '$.cutoff', 0)", "cutoff"},
      {"ND07-2021", "json_set(?1, '$.lines[1].amount', 0)", "amount"},
      {"ND07-2021", "json_set(?1, '$.lines[1].amount', -5)", "amount"},
      {"ND07-2021", "json_set(?1, '$.lines[1].line', 'poor')", "line"},
      {"ND07-2021", "json_set(?1, '$.lines[1].confidence', 'sure')",
       "confidence"},
      {"ND07-2021",
       "json_set(?1, '$.lines[1].area', 'rural', "
       "'$.lines[4].area', 'rural')",
       "lines"},
      {"ND07-2021", "json_remove(?1, '$.indicators[7].params')", "params"},
      {"ND07-2021", "json_set(?1, '$.indicators[7].rule', json('null'))",
       "params"},
      {"ND07-2021", "json_set(?1, '$.indicators[1].ordinal', 1)", "ordinal"},
      {"ND07-2021", "json_set(?1, '$.indicators[1].key', 'employment')", "key"},
      {"ND07-2021", "json_set(?1, '$.indicators[1].key', 'Dependants')", "key"},
      {"ND07-2021", "json_set(?1, '$.indicators[1].confidence', 'maybe')",
       "confidence"},
      {"ND07-2021", "json_set(?1, '$.family', 'tiered')", "family"},
      {"ND07-2021", "json_set(?1, '$.confidence', 'sure')", "confidence"},
      {"ND07-2021", "json_set(?1, '$.citation', '')", "citation"},
      {"ND07-2021", "json_set(?1, '$.score_b_cutoff', json('null'))",
       "score_b"},
      {"ND07-2021",
       "json_set(?1, '$.score_b_cutoff', 0, '$.score_b_per_indicator', 0)",
       "score_b"},
      {"ND07-2021", "json_set(?1, '$.score_b_per_indicator', -10)", "score_b"},
      {"ND07-2021", "json_set(?1, '$.year_only_birthday', '7-1')",
       "year_only_birthday"},
      {"ND07-2021", "json_set(?1, '$.first_year', 2027, '$.last_year', 2026)",
       "year"},
      {"ND07-2021", "json_set(?1, '$.first_year', 1980)", "first_year"},
      {"ND351-2025",
       "json_set(?1, '$.id', 'ND 351', '$.first_year', 2031, "
       "'$.last_year', 2031)",
       "id"},
  };
  char report[4096];
  size_t i, o = 0;

  report[0] = '\0';
  for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
    char *j = export_std(cases[i].id);
    char *k = jx(j, cases[i].expr);
    char *before = tu_dump(tu_db), *after, diff[600];
    int rc = povreg_standard_import(NULL, tu_db, k);
    const char *msg = povreg_errmsg(tu_db);
    int named = strstr(msg, cases[i].field) != NULL;
    int one_line = strchr(msg, '\n') == NULL;

    after = tu_dump(tu_db);
    if (rc != POVREG_EINVALID || !named || !one_line ||
        tu_dump_diff(before, after, diff, sizeof diff)) {
      int n = snprintf(report + o, sizeof report - o,
                       "\n  %s: returned %d%s%s (%.100s)", cases[i].expr, rc,
                       named ? "" : ", field not named",
                       one_line ? "" : ", message on several lines", msg);
      if (n > 0 && (size_t)n < sizeof report - o) {
        o += (size_t)n;
      }
    }
    free(before);
    free(after);
    free(k);
    povreg_free(j);
  }
  ck_assert_msg(o == 0, "not refused as bad documents (EINVALID):%s", report);
}
END_TEST

/* Status years must run forward and overlap no other standard. */
START_TEST(test_import_years)
{
  /* a new standard overlapping ND351-2025's 2030 */
  edit_fails("ND351-2025",
             "json_set(?1, '$.id', 'TEST-2030', '$.first_year', 2030, "
             "'$.last_year', 2031)",
             "first_year");
  /* a correction of ND07-2021 reaching into ND351-2025's years */
  edit_fails("ND07-2021", "json_set(?1, '$.last_year', 2027)", "first_year");
  /* backwards, and outside 1990-2100 */
  edit_fails("ND07-2021",
             "json_set(?1, '$.first_year', 2026, "
             "'$.last_year', 2025)",
             "first_year");
  edit_fails("ND07-2021", "json_set(?1, '$.first_year', 1980)", "first_year");
  edit_fails("ND351-2025",
             "json_set(?1, '$.id', 'FAR', '$.first_year', "
             "2099, '$.last_year', 2101)",
             "first_year");
}
END_TEST

/* A correction may move its own years (no overlap with itself). */
START_TEST(test_import_own_years)
{
  char *j = export_std("ND351-2025");
  char *k = jx(j, "json_set(?1, '$.last_year', 2031)");
  char out[33];
  int v = 0;

  TU_OK(povreg_standard_import(&v, tu_db, k));
  ck_assert_int_eq(v, 2);
  TU_OK(povreg_standard_for_year(out, tu_db, 2031));
  ck_assert_str_eq(out, "ND351-2025");
  free(k);
  povreg_free(j);
}
END_TEST

/* A document laid out on several lines reads the same. */
START_TEST(test_import_multiline)
{
  char *j = export_std("ND07-2021");
  char *k = replace_once(j, "{\"id\":", "{\n  \"id\":\r\n\t");

  TU_FAILS(POVREG_EEXISTS, NULL, povreg_standard_import(NULL, tu_db, k));
  free(k);
  povreg_free(j);
}
END_TEST

/* A failed import of a brand-new standard leaves nothing behind. */
START_TEST(test_import_new_bad)
{
  char *j = export_std("ND351-2025");
  char *k = jx(j, "json_set(?1, '$.id', 'TEST-2031', '$.first_year', 2031, "
                  "'$.last_year', 2031, '$.cutoff', 99)");
  char out[33];

  IMPORT_FAILS("cutoff", k);
  TU_FAILS(POVREG_ENOTFOUND, NULL, povreg_standard_for_year(out, tu_db, 2031));
  free(k);
  povreg_free(j);
}
END_TEST

/* ---- rulebooks ---- */

/* Accessors: counts, keys in legal order, names, indexes. */
START_TEST(test_rulebook_accessors)
{
  static const char *const nd07[] = {
      "employment",       "dependants",      "nutrition",
      "health_insurance", "adult_education", "child_schooling",
      "housing_quality",  "housing_area",    "water",
      "latrine",          "telecom",         "info_access"};
  static const char *const qd59[] = {"health_access",   "health_insurance",
                                     "adult_education", "child_schooling",
                                     "housing_quality", "housing_area",
                                     "water",           "latrine",
                                     "telecom",         "info_assets"};
  povreg_rulebook *rb = NULL;
  size_t i;

  TU_OK(povreg_rulebook_load(&rb, tu_db, "ND07-2021", 0));
  ck_assert_str_eq(povreg_rulebook_id(rb), "ND07-2021");
  ck_assert_int_eq(povreg_rulebook_version(rb), 1);
  ck_assert_uint_eq(povreg_rulebook_indicators(rb), 12);
  for (i = 0; i < 12; i++) {
    const char *vi = povreg_rulebook_indicator_name_vi(rb, i);
    const char *en = povreg_rulebook_indicator_name_en(rb, i);
    ck_assert_str_eq(povreg_rulebook_indicator_key(rb, i), nd07[i]);
    ck_assert_int_eq(povreg_rulebook_indicator_index(rb, nd07[i]), (int)i);
    ck_assert_msg(vi != NULL && vi[0] != '\0', "%s: no name_vi", nd07[i]);
    ck_assert_msg(en != NULL && en[0] != '\0', "%s: no name_en", nd07[i]);
  }
  ck_assert_str_eq(povreg_rulebook_indicator_name_vi(rb, 3), "Bảo hiểm y tế");
  ck_assert_str_eq(povreg_rulebook_indicator_name_en(rb, 3),
                   "Health insurance");
  ck_assert_ptr_null(povreg_rulebook_indicator_key(rb, 12));
  ck_assert_ptr_null(povreg_rulebook_indicator_name_vi(rb, 12));
  ck_assert_ptr_null(povreg_rulebook_indicator_name_en(rb, 99));
  ck_assert_int_eq(povreg_rulebook_indicator_index(rb, "info_assets"), -1);
  ck_assert_int_eq(povreg_rulebook_indicator_index(rb, "waste"), -1);
  ck_assert_int_eq(povreg_rulebook_indicator_index(rb, "health_access"), -1);
  ck_assert_int_eq(povreg_rulebook_indicator_index(rb, ""), -1);
  ck_assert_int_eq(povreg_rulebook_indicator_index(rb, NULL), -1);
  ck_assert_int_eq(povreg_rulebook_indicator_index(rb, "Employment"), -1);
  povreg_rulebook_free(rb);
  rb = NULL;
  TU_OK(povreg_rulebook_load(&rb, tu_db, "QD59-2015", 0));
  ck_assert_uint_eq(povreg_rulebook_indicators(rb), 10);
  for (i = 0; i < 10; i++) {
    ck_assert_str_eq(povreg_rulebook_indicator_key(rb, i), qd59[i]);
  }
  ck_assert_int_eq(povreg_rulebook_indicator_index(rb, "info_access"), -1);
  povreg_rulebook_free(rb);
  rb = NULL;
  TU_OK(povreg_rulebook_load(&rb, tu_db, "ND351-2025", 0));
  ck_assert_uint_eq(povreg_rulebook_indicators(rb), 12);
  ck_assert_str_eq(povreg_rulebook_indicator_key(rb, 11), "waste");
  ck_assert_str_eq(povreg_rulebook_indicator_key(rb, 10), "telecom");
  ck_assert_int_eq(povreg_rulebook_indicator_index(rb, "info_access"), -1);
  povreg_rulebook_free(rb);
  /* NULL rulebook */
  ck_assert_ptr_null(povreg_rulebook_id(NULL));
  ck_assert_int_eq(povreg_rulebook_version(NULL), 0);
  ck_assert_uint_eq(povreg_rulebook_indicators(NULL), 0);
  ck_assert_ptr_null(povreg_rulebook_indicator_key(NULL, 0));
  ck_assert_int_eq(povreg_rulebook_indicator_index(NULL, "water"), -1);
  povreg_rulebook_free(NULL);
}
END_TEST

/* Loaded rules carry the shipped parameters. */
START_TEST(test_rulebook_rules)
{
  povreg_rulebook *rb = NULL;
  const povreg__indicator *ind;

  TU_OK(povreg_rulebook_load(&rb, tu_db, "ND07-2021", 0));
  ck_assert_int_eq(rb->banded, 0);
  ck_assert_int_eq(rb->cutoff, 3);
  ck_assert_int_eq(rb->score_b_per, 10);
  ck_assert_int_eq(rb->score_b_cutoff, 30);
  ck_assert_int_eq(rb->birthday_month, 7);
  ck_assert_int_eq(rb->birthday_day, 1);
  ind = &rb->ind[3]; /* health_insurance */
  ck_assert_int_eq(ind->rule, POVREG__MEMBER_ANY);
  ck_assert_int_eq(ind->n_bands, 1);
  ck_assert_int_eq(ind->bands[0].age_min, 6);
  ck_assert_int_eq(ind->bands[0].age_max, -1);
  ck_assert_int_eq(ind->bands[0].born_from, -1);
  ck_assert_int_eq(ind->bands[0].n_conds, 1);
  ck_assert_str_eq(ind->bands[0].conds[0].fact, "has_health_insurance");
  ck_assert_int_eq(ind->bands[0].conds[0].op, POVREG__IS);
  ck_assert_str_eq(ind->bands[0].conds[0].text, "0");
  ind = &rb->ind[4]; /* adult_education: two bands */
  ck_assert_int_eq(ind->n_bands, 2);
  ck_assert_int_eq(ind->bands[1].age_min, 18);
  ck_assert_int_eq(ind->bands[1].age_max, 30);
  ck_assert_int_eq(ind->bands[1].n_conds, 3);
  ck_assert_int_eq(ind->bands[1].conds[1].op, POVREG__BELOW);
  ck_assert(ind->bands[1].conds[1].num == 12.0);
  ind = &rb->ind[1]; /* dependants */
  ck_assert_int_eq(ind->rule, POVREG__MEMBER_SHARE_ABOVE);
  ck_assert_int_eq(ind->age_under, 16);
  ck_assert_int_eq(ind->age_from, 60);
  ck_assert_str_eq(ind->fact, "disabled");
  ck_assert(ind->threshold == 0.5);
  ind = &rb->ind[7]; /* housing_area */
  ck_assert_int_eq(ind->rule, POVREG__FACT_BELOW);
  ck_assert_int_eq(ind->per_member, 1);
  ck_assert(ind->threshold == 8.0);
  ind = &rb->ind[8]; /* water */
  ck_assert_int_eq(ind->rule, POVREG__FACT_NOT_IN);
  ck_assert_int_eq(ind->n_list, 6);
  ck_assert_str_eq(ind->list[0], "piped");
  ind = &rb->ind[11]; /* info_access */
  ck_assert_int_eq(ind->rule, POVREG__FACTS_NONE);
  ck_assert_int_eq(ind->n_list, 4);
  ck_assert_str_eq(ind->list[3], "has_smartphone");
  ck_assert_int_eq(rb->lines[POVREG_AREA_RURAL][POVREG__LINE_POVERTY], 1500000);
  ck_assert_int_eq(rb->lines[POVREG_AREA_URBAN][POVREG__LINE_SCORE_A], 175);
  povreg_rulebook_free(rb);
  rb = NULL;
  TU_OK(povreg_rulebook_load(&rb, tu_db, "QD59-2015", 0));
  ck_assert_int_eq(rb->banded, 1);
  ck_assert_int_eq(rb->score_b_per, 0);
  ck_assert_int_eq(rb->ind[2].bands[0].born_from, 1986);
  ck_assert_int_eq(rb->lines[POVREG_AREA_URBAN][POVREG__LINE_NEAR], 1300000);
  povreg_rulebook_free(rb);
}
END_TEST

/* Loading what does not exist. */
START_TEST(test_rulebook_not_found)
{
  povreg_rulebook *rb = NULL;

  TU_FAILS(POVREG_ENOTFOUND, "NOPE",
           povreg_rulebook_load(&rb, tu_db, "NOPE", 0));
  ck_assert_ptr_null(rb);
  TU_FAILS(POVREG_ENOTFOUND, "2015",
           povreg_rulebook_load(&rb, tu_db, NULL, 2015));
  ck_assert_ptr_null(rb);
  TU_FAILS(POVREG_ENOTFOUND, NULL,
           povreg__rulebook_load_version(&rb, tu_db, "ND07-2021", 2));
  ck_assert_ptr_null(rb);
  ck_assert_int_eq(povreg_rulebook_load(NULL, tu_db, "ND07-2021", 0),
                   POVREG_EINVALID);
}
END_TEST

/* The suite. */
static Suite *standard_suite(void)
{
  Suite *s = suite_create("standard");
  TCase *list = tcase_create("list");
  TCase *io = tcase_create("import");
  TCase *bad = tcase_create("bad_documents");
  TCase *rules = tcase_create("rulebooks");

  tcase_add_checked_fixture(list, tu_setup, tu_teardown);
  tcase_add_checked_fixture(io, tu_setup, tu_teardown);
  tcase_add_checked_fixture(bad, tu_setup, tu_teardown);
  tcase_add_checked_fixture(rules, tu_setup, tu_teardown);
  tcase_add_test(list, test_list_shipped);
  tcase_add_test(list, test_list_stop);
  tcase_add_test(list, test_for_year);
  tcase_add_test(io, test_export_shape);
  tcase_add_test(io, test_import_identical);
  tcase_add_test(io, test_import_correction);
  tcase_add_test(io, test_import_note_change);
  tcase_add_test(io, test_import_new_standard);
  tcase_add_test(bad, test_import_not_a_document);
  tcase_add_test(bad, test_import_missing_fields);
  tcase_add_test(bad, test_import_bad_area);
  tcase_add_test(bad, test_import_unknown_rule);
  tcase_add_test(bad, test_import_bad_params);
  tcase_add_test(bad, test_import_bad_lines);
  tcase_add_test(bad, test_import_cutoff);
  tcase_add_test(bad, test_import_table_checks);
  tcase_add_test(bad, test_import_new_bad);
  tcase_add_test(bad, test_import_years);
  tcase_add_test(io, test_import_own_years);
  tcase_add_test(io, test_import_multiline);
  tcase_add_test(rules, test_rulebook_accessors);
  tcase_add_test(rules, test_rulebook_rules);
  tcase_add_test(rules, test_rulebook_not_found);
  suite_add_tcase(s, list);
  suite_add_tcase(s, io);
  suite_add_tcase(s, bad);
  suite_add_tcase(s, rules);
  return s;
}

/* Run the suite; the exit status is the number of failed tests. */
int main(void)
{
  return tu_run(standard_suite());
}
