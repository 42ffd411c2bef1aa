/*
** import_survey.c: the survey file of the bulk import (see povreg/io.h and
** src/import.c for the driver).
**
** Columns: review_year, household_code (required), income_per_capita
** and/or score_a (at least one column, and one cell per row),
** reference_date (default: review_year-09-01), surveyed_on, enumerator;
** then one column per indicator key (1 deprived, 0 not, empty: derive from
** facts) and one per household fact the standards' rules read
** (living_area_m2, water_source, ...).  The indicator columns a header may
** hold are those of every standard in the ledger; each row's ticks must
** belong to the standard of its own review year.  Amounts are plain
** digits: no sign, separator or decimals.
**
** A survey is found by household and review year: a new one is recorded,
** an existing one merged (empty cells keep what is stored).  Checks are
** those of povreg_survey_record.
*/
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "csvread.h"
#include "povreg_int.h"

/* Columns, and what the library's messages call them. */
static const char *const required[] = {"review_year", "household_code", NULL};
static const char *const optional[] = {"income_per_capita", "score_a",
                                       "reference_date",    "surveyed_on",
                                       "enumerator",        NULL};
static const char *const field_map[] = {
    "household", "household_code", /* povreg__hh_find */
    "income", "income_per_capita", /* povreg_survey_record's checks */
    NULL};

/* What a column of the header holds. */
enum { COL_OTHER = 0, COL_TICK = 1, COL_FACT = 2 };

/* Review years a file may name (1990..2100): one rulebook each at most. */
#define MAX_BOOKS 111

/* The state of a survey import. */
struct povreg__imp_kind_state {
  int c_year, c_hh, c_income, c_score, c_ref, c_surveyed, c_enum;
  size_t ncols;         /* columns in the header */
  unsigned char *ckind; /* per column: COL_* (allocated) */
  povreg_tick *ticks;   /* room for one per column (allocated) */
  povreg_fact *facts;   /* likewise */
  povreg__hh hh;        /* household of the previous row */
  int hh_ok;            /* it was found and is open */
  size_t n_books;       /* rulebooks loaded, by review year */
  struct {
    int year;
    povreg_rulebook *rb;
  } books[MAX_BOOKS];
};

/* 1 if a cached query binding ?1 to name returns a row; or rc < 0. */
static int query_has(povreg_db *db, const char *sql, const char *name)
{
  sqlite3_stmt *st = NULL;
  int rc;

  if ((rc = povreg__stmt(db, sql, &st)) < 0) {
    return rc;
  }
  povreg__bind_text(st, 1, name);
  rc = sqlite3_step(st);
  rc = rc == SQLITE_ROW    ? 1
       : rc == SQLITE_DONE ? 0
                           : povreg__sqlite_err(db, "import");
  povreg__stmt_done(st);
  return rc;
}

/* Prefix of a column naming a household fact explicitly. */
#define FACT_PREFIX "fact:"

/* 1 if key is a valid fact key: [a-z][a-z0-9_]*, at most 31 bytes. */
static int fact_key_valid(const char *key)
{
  size_t i;

  if (key[0] < 'a' || key[0] > 'z' || strlen(key) > 31) {
    return 0;
  }
  for (i = 1; key[i] != '\0'; i++) {
    if (!((key[i] >= 'a' && key[i] <= 'z') ||
          (key[i] >= '0' && key[i] <= '9') || key[i] == '_')) {
      return 0;
    }
  }
  return 1;
}

/*
** What a header column is: an indicator key of any standard in the ledger,
** "fact:KEY" (any household fact),
** a household fact some standard's rule reads, or neither.
*/
static int column_kind(povreg_db *db, const char *name)
{
  static const char sql_tick[] =
      "SELECT 1 FROM indicator WHERE key = ?1 LIMIT 1";
  static const char sql_fact[] =
      "SELECT 1 FROM indicator WHERE (rule IN ('fact_below', "
      "'fact_at_least', 'fact_not_in') AND json_extract(params, '$.fact') = "
      "?1) OR (rule = 'facts_none' AND EXISTS (SELECT 1 FROM "
      "json_each(params, '$.facts') j WHERE j.value = ?1)) LIMIT 1";
  int rc;

  if (strncmp(name, FACT_PREFIX, sizeof FACT_PREFIX - 1) == 0) {
    /* "fact:KEY": any household fact, by its explicit name (the ledger
       export writes every fact so, when its key is also an indicator's) */
    return fact_key_valid(name + sizeof FACT_PREFIX - 1) ? COL_FACT : COL_OTHER;
  }
  if ((rc = query_has(db, sql_tick, name)) != 0) {
    return rc < 0 ? rc : COL_TICK;
  }
  if ((rc = query_has(db, sql_fact, name)) != 0) {
    return rc < 0 ? rc : COL_FACT;
  }
  return COL_OTHER;
}

/* The rulebook governing review_year + 1 (loaded once per year). */
static int book(povreg__imp *im, povreg__imp_kind_state *s, int year,
                povreg_rulebook **out)
{
  size_t i;
  int rc;

  for (i = 0; i < s->n_books; i++) {
    if (s->books[i].year == year) {
      *out = s->books[i].rb;
      return POVREG_OK;
    }
  }
  rc = povreg_rulebook_load(out, im->db, NULL, year + 1);
  if (rc == POVREG_ENOTFOUND) {
    return povreg__imp_error(im, s->c_year,
                             "no standard governs status year %d", year + 1);
  }
  if (rc < 0) {
    return rc;
  }
  if (s->n_books < MAX_BOOKS) {
    s->books[s->n_books].year = year;
    s->books[s->n_books].rb = *out;
    s->n_books++;
  } else {
    povreg_rulebook_free(*out); /* cannot happen: years are bounded */
    return povreg__err(im->db, POVREG_ERROR, "review_year: too many years");
  }
  return POVREG_OK;
}

/* The row's household (the previous row's when the same). */
static int household(povreg__imp *im, povreg__imp_kind_state *s,
                     const char *code)
{
  int rc;

  if (s->hh_ok && strcmp(s->hh.code, code) == 0) {
    return POVREG_OK;
  }
  s->hh_ok = 0;
  if ((rc = povreg__hh_find(im->db, code, 1, &s->hh)) < 0) {
    return rc;
  }
  s->hh_ok = 1;
  return POVREG_OK;
}

/*
** An amount cell: plain digits.  A sign, separators or decimals are an
** error naming the column.
*/
static int amount(povreg__imp *im, int col, const char *text, int64_t *out,
                  int *has)
{
  int64_t v;

  *has = 0;
  if (text == NULL) {
    return POVREG_OK;
  }
  if (text[0] == '-' && povreg__imp_number(text + 1, &v)) {
    return povreg__imp_error(im, col, "must not be negative");
  }
  if (!povreg__imp_number(text, out)) {
    return povreg__imp_error(im, col,
                             "must be a whole number in plain digits (no "
                             "sign, separators or decimals; at most 15 "
                             "digits)");
  }
  *has = 1;
  return POVREG_OK;
}

/* Handle one row; POVREG__IMP_BAD after recording an error, or rc < 0. */
static int handle(povreg__imp *im, povreg__imp_kind_state *s,
                  const char *const *f, const unsigned char *e)
{
  povreg_survey_spec spec;
  povreg_rulebook *rb = NULL;
  const char *year_text = povreg__imp_cell(f, e, s->c_year);
  const char *code = povreg__imp_cell(f, e, s->c_hh);
  const char *ref = povreg__imp_cell(f, e, s->c_ref);
  char default_ref[16];
  int64_t year = 0;
  long earlier = 0;
  size_t i;
  int rc, what = POVREG__SAME;

  memset(&spec, 0, sizeof spec);
  if (year_text == NULL || !povreg__imp_number(year_text, &year) ||
      year < 1990 || year > 2100) {
    return povreg__imp_error(im, s->c_year, "must be a year from 1990 to 2100");
  }
  if ((rc = book(im, s, (int)year, &rb)) != 0) {
    return rc;
  }
  if (code == NULL) {
    return povreg__imp_error(im, s->c_hh, "missing");
  }
  if ((rc = household(im, s, code)) < 0) {
    return rc;
  }
  if ((rc = povreg__imp_seen(im, NULL, s->hh.id, year, &earlier)) < 0) {
    return rc;
  }
  if (earlier != 0) {
    return povreg__imp_error(im, s->c_year,
                             "the survey of household %s for %d is also on "
                             "line %ld",
                             s->hh.code, (int)year, earlier);
  }
  spec.review_year = (int)year;
  if ((rc = amount(im, s->c_income, povreg__imp_cell(f, e, s->c_income),
                   &spec.income, &spec.has_income)) != 0 ||
      (rc = amount(im, s->c_score, povreg__imp_cell(f, e, s->c_score),
                   &spec.score_a, &spec.has_score_a)) != 0) {
    return rc;
  }
  if (!spec.has_income && !spec.has_score_a) {
    return povreg__imp_error(im, s->c_income >= 0 ? s->c_income : s->c_score,
                             "give the income per person or score A");
  }
  if (ref != NULL &&
      (rc = povreg__check_date(im->db, "reference_date", ref, 1)) < 0) {
    return rc;
  }
  spec.surveyed_on = povreg__imp_cell(f, e, s->c_surveyed);
  spec.enumerator = povreg__imp_cell(f, e, s->c_enum);
  spec.ticks = s->ticks;
  spec.facts = s->facts;
  for (i = 0; i < s->ncols; i++) {
    const char *cell = povreg__imp_cell(f, e, (int)i);
    const char *key = povreg__csv_column_name(im->csv, i);
    if (cell == NULL || s->ckind[i] == COL_OTHER) {
      continue;
    }
    if (s->ckind[i] == COL_FACT) {
      if (strncmp(key, FACT_PREFIX, sizeof FACT_PREFIX - 1) == 0) {
        key += sizeof FACT_PREFIX - 1;
      }
      s->facts[spec.n_facts].member_no = 0;
      s->facts[spec.n_facts].key = key;
      s->facts[spec.n_facts].value = cell;
      spec.n_facts++;
      continue;
    }
    if ((cell[0] != '0' && cell[0] != '1') || cell[1] != '\0') {
      return povreg__imp_error(im, (int)i,
                               "must be 1 (deprived) or 0 (not deprived)");
    }
    if (povreg_rulebook_indicator_index(rb, key) < 0) {
      return povreg__imp_error(im, (int)i,
                               "not an indicator of %s (the standard of "
                               "review year %d)",
                               povreg_rulebook_id(rb), (int)year);
    }
    s->ticks[spec.n_ticks].key = key;
    s->ticks[spec.n_ticks].deprived = cell[0] == '1';
    spec.n_ticks++;
  }
  /* the single-row checks, on the date the survey will have if new */
  snprintf(default_ref, sizeof default_ref, "%04d-09-01", (int)year);
  spec.reference_date = ref != NULL ? ref : default_ref;
  if ((rc = povreg__survey_check(im->db, &spec, rb)) < 0) {
    return rc;
  }
  spec.reference_date = ref;
  if ((rc = povreg__survey_merge(im->db, &s->hh, &spec, default_ref, &what)) <
      0) {
    return rc;
  }
  if (what == POVREG__ADDED) {
    im->rep->added++;
  } else if (what == POVREG__CHANGED) {
    im->rep->changed++;
  } else {
    im->rep->unchanged++;
  }
  return POVREG_OK;
}

/* The reader's callback for a survey row. */
static int sv_row(povreg__csv *r, const char *const *fields,
                  const unsigned char *empty, size_t n, long line,
                  void *payload)
{
  povreg__imp *im = payload;
  int rc;

  (void)r;
  (void)n;
  im->line = line;
  im->rep->rows++;
  if ((rc = handle(im, im->state, fields, empty)) < 0) {
    povreg__imp_fail(im, rc);
  }
  return povreg__imp_next(im);
}

/* 1 if a column beyond the fixed ones is an indicator or a fact. */
static int sv_known(povreg__imp *im, const char *name)
{
  int i = povreg__imp_col(im, name);

  return i >= 0 && im->state->ckind[i] != COL_OTHER;
}

/* 1 if name is one of the fixed columns of the survey file. */
static int listed_fixed(const char *name)
{
  size_t i;

  for (i = 0; required[i] != NULL; i++) {
    if (strcmp(required[i], name) == 0) {
      return 1;
    }
  }
  for (i = 0; optional[i] != NULL; i++) {
    if (strcmp(optional[i], name) == 0) {
      return 1;
    }
  }
  return 0;
}

/* Allocate the state, find the columns and what each one holds. */
static int sv_begin(povreg__imp *im)
{
  povreg__imp_kind_state *s = calloc(1, sizeof *s);
  size_t i;
  int k;

  if (s == NULL) {
    return povreg__err(im->db, POVREG_ENOMEM, "out of memory");
  }
  im->state = s;
  s->ncols = povreg__csv_columns(im->csv);
  if ((s->ckind = calloc(s->ncols, 1)) == NULL ||
      (s->ticks = calloc(s->ncols, sizeof *s->ticks)) == NULL ||
      (s->facts = calloc(s->ncols, sizeof *s->facts)) == NULL) {
    return povreg__err(im->db, POVREG_ENOMEM, "out of memory");
  }
  s->c_year = povreg__imp_col(im, "review_year");
  s->c_hh = povreg__imp_col(im, "household_code");
  s->c_income = povreg__imp_col(im, "income_per_capita");
  s->c_score = povreg__imp_col(im, "score_a");
  s->c_ref = povreg__imp_col(im, "reference_date");
  s->c_surveyed = povreg__imp_col(im, "surveyed_on");
  s->c_enum = povreg__imp_col(im, "enumerator");
  for (i = 0; i < s->ncols; i++) {
    const char *name = povreg__csv_column_name(im->csv, i);
    if (listed_fixed(name)) {
      continue;
    }
    if ((k = column_kind(im->db, name)) < 0) {
      return k;
    }
    s->ckind[i] = (unsigned char)k;
  }
  if (s->c_income < 0 && s->c_score < 0) {
    povreg__imp_error_at(im, povreg__csv_header_line(im->csv), -1,
                         "missing column income_per_capita or score_a (at "
                         "least one of the two)");
  }
  return POVREG_OK;
}

/* Free the state and its rulebooks. */
static void sv_free(povreg__imp *im)
{
  povreg__imp_kind_state *s = im->state;
  size_t i;

  if (s == NULL) {
    return;
  }
  for (i = 0; i < s->n_books; i++) {
    povreg_rulebook_free(s->books[i].rb);
  }
  free(s->ckind);
  free(s->ticks);
  free(s->facts);
  free(s);
  im->state = NULL;
}

/* The survey kind. */
const povreg__imp_kind povreg__imp_survey = {"survey",  required, optional,
                                             field_map, sv_begin, sv_known,
                                             sv_row,    NULL,     sv_free};
