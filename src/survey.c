/*
** survey.c: household surveys (income or score A, the enumerator's ticks,
** facts) and classifying a stored household from its survey: load the
** members active at the reference date and the facts, derive what was
** not ticked, classify, and optionally store the result.
*/
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "povreg_int.h"

/* A survey with its ticks and facts as JSON, for the audit (?1 = id). */
static const char sql_survey_json[] =
    "SELECT json_object('review_year', s.review_year, 'reference_date', "
    "s.reference_date, 'income', s.income, 'score_a', s.score_a, "
    "'ticks', (SELECT json_group_object(key, deprived) FROM survey_tick "
    "  WHERE survey_id = s.id), "
    "'facts', (SELECT json_group_object(key, value) FROM survey_fact "
    "  WHERE survey_id = s.id), "
    "'member_facts', (SELECT json_group_array(json_array(m.member_no, "
    "  f.key, f.value)) FROM survey_member_fact f JOIN member m ON m.id = "
    "  f.member_id WHERE f.survey_id = s.id)) FROM survey s WHERE s.id = ?1";

/* A new or corrected survey answers a village meeting that sent it back
   (?1 household id, ?2 review year). */
static const char sql_resurveyed[] =
    "UPDATE review_household SET needs_resurvey = 0 WHERE household_id = "
    "?1 AND needs_resurvey = 1 AND review_id IN (SELECT id FROM review "
    "WHERE status_year - 1 = ?2 AND approved = 0)";

/* Check a fact or tick key: lower-case letters, digits, '_'. */
static int check_key(povreg_db *db, const char *field, const char *key)
{
  size_t i, n;

  if (key == NULL || (n = strlen(key)) == 0 || n > 31) {
    return povreg__err(db, POVREG_EINVALID, "%s: a key of 1 to 31 characters",
                       field);
  }
  for (i = 0; i < n; i++) {
    if (!((key[i] >= 'a' && key[i] <= 'z') ||
          (key[i] >= '0' && key[i] <= '9') || key[i] == '_')) {
      return povreg__err(db, POVREG_EINVALID,
                         "%s: '%.31s' is not a key (a-z, 0-9, _)", field,
                         povreg__utf8_valid(key) ? key : "?");
    }
  }
  return POVREG_OK;
}

/* Check the spec before anything is written (see povreg__survey_check). */
static int check_spec(povreg_db *db, const povreg_survey_spec *s,
                      const povreg_rulebook *rb)
{
  size_t i, j;
  int rc;

  if (s->review_year < 1990 || s->review_year > 2100) {
    return povreg__err(db, POVREG_EINVALID,
                       "review_year: %d is not a year from 1990 to 2100",
                       s->review_year);
  }
  if ((rc = povreg__check_date(db, "reference_date", s->reference_date, 0)) <
      0) {
    return rc;
  }
  if (s->surveyed_on != NULL &&
      (rc = povreg__check_date(db, "surveyed_on", s->surveyed_on, 1)) < 0) {
    return rc;
  }
  if (s->enumerator != NULL &&
      (rc = povreg__check_text(db, "enumerator", s->enumerator, 100, 0)) < 0) {
    return rc;
  }
  if (!s->has_income && !s->has_score_a) {
    return povreg__err(db, POVREG_EINVALID,
                       "income: give the income per person or score A");
  }
  if (s->has_income && s->income < 0) {
    return povreg__err(db, POVREG_EINVALID, "income: must not be negative");
  }
  if (s->has_score_a && s->score_a < 0) {
    return povreg__err(db, POVREG_EINVALID, "score_a: must not be negative");
  }
  for (i = 0; i < s->n_ticks; i++) {
    const char *k = s->ticks[i].key;
    if ((rc = check_key(db, "indicator", k)) < 0) {
      return rc;
    }
    if (povreg_rulebook_indicator_index(rb, k) < 0) {
      return povreg__err(db, POVREG_EINVALID,
                         "indicator: %s is not an indicator of %s", k,
                         povreg_rulebook_id(rb));
    }
    if (s->ticks[i].deprived != 0 && s->ticks[i].deprived != 1) {
      return povreg__err(db, POVREG_EINVALID, "%s: a tick is 1 or 0", k);
    }
    for (j = 0; j < i; j++) {
      if (strcmp(s->ticks[j].key, k) == 0) {
        return povreg__err(db, POVREG_EINVALID, "%s: ticked twice", k);
      }
    }
  }
  for (i = 0; i < s->n_facts; i++) {
    const povreg_fact *f = &s->facts[i];
    if ((rc = check_key(db, "fact", f->key)) < 0) {
      return rc;
    }
    if (f->value == NULL || !povreg__utf8_valid(f->value) ||
        strchr(f->value, '\t') != NULL || strlen(f->value) > 100) {
      return povreg__err(db, POVREG_EINVALID,
                         "%s: the value must be one line of text of at most "
                         "100 bytes",
                         f->key);
    }
    for (j = 0; j < i; j++) {
      if (s->facts[j].member_no == f->member_no &&
          strcmp(s->facts[j].key, f->key) == 0) {
        return povreg__err(db, POVREG_EINVALID, "%s: given twice%s", f->key,
                           f->member_no ? " for the same member" : "");
      }
    }
  }
  return POVREG_OK;
}

/* Record a survey (see povreg/classify.h). */
int povreg_survey_record(povreg_db *db, const char *household_code,
                         const povreg_survey_spec *s)
{
  static const char sql_old[] =
      "SELECT id FROM survey WHERE household_id = ?1 AND review_year = ?2";
  static const char sql_clear_ticks[] =
      "DELETE FROM survey_tick WHERE survey_id = ?1";
  static const char sql_clear_facts[] =
      "DELETE FROM survey_fact WHERE survey_id = ?1";
  static const char sql_clear_mfacts[] =
      "DELETE FROM survey_member_fact WHERE survey_id = ?1";
  static const char sql_upsert[] =
      "INSERT INTO survey(household_id, review_year, reference_date, income, "
      "score_a, surveyed_on, enumerator) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7) "
      "ON CONFLICT(household_id, review_year) DO UPDATE SET "
      "reference_date = excluded.reference_date, income = excluded.income, "
      "score_a = excluded.score_a, surveyed_on = excluded.surveyed_on, "
      "enumerator = excluded.enumerator RETURNING id";
  static const char sql_tick[] =
      "INSERT INTO survey_tick(survey_id, key, deprived) VALUES (?1, ?2, ?3)";
  static const char sql_fact[] =
      "INSERT INTO survey_fact(survey_id, key, value) VALUES (?1, ?2, ?3)";
  static const char sql_mfact[] =
      "INSERT INTO survey_member_fact(survey_id, member_id, key, value) "
      "VALUES (?1, ?2, ?3, ?4)";
  const char *clears[3] = {sql_clear_ticks, sql_clear_facts, sql_clear_mfacts};
  sqlite3_stmt *st = NULL;
  povreg_rulebook *rb = NULL;
  povreg__hh hh;
  char *old = NULL, *json = NULL, key[48];
  int64_t sid = 0;
  size_t i;
  int rc, in_tx = 0;

  if (db == NULL || s == NULL) {
    return povreg__err(db, POVREG_EINVALID, "invalid argument");
  }
  if ((rc = povreg_rulebook_load(&rb, db, NULL, s->review_year + 1)) < 0) {
    if (rc == POVREG_ENOTFOUND) {
      povreg__err(db, POVREG_EINVALID,
                  "review_year: no standard governs status year %d",
                  s->review_year + 1);
      rc = POVREG_EINVALID;
    }
    return rc;
  }
  if ((rc = check_spec(db, s, rb)) < 0 || (rc = povreg__tx_begin(db)) < 0) {
    goto done;
  }
  in_tx = 1;
  if ((rc = povreg__hh_find(db, household_code, 1, &hh)) < 0 ||
      (rc = povreg__stmt(db, sql_old, &st)) < 0) {
    goto done;
  }
  sqlite3_bind_int64(st, 1, hh.id);
  sqlite3_bind_int(st, 2, s->review_year);
  if (sqlite3_step(st) == SQLITE_ROW) {
    sid = sqlite3_column_int64(st, 0);
  }
  povreg__stmt_done(st);
  st = NULL;
  if (sid != 0) {
    if ((rc = povreg__json(&old, db, sql_survey_json, NULL, sid)) < 0) {
      goto done;
    }
    for (i = 0; i < 3; i++) {
      if ((rc = povreg__stmt(db, clears[i], &st)) < 0) {
        goto done;
      }
      sqlite3_bind_int64(st, 1, sid);
      rc = sqlite3_step(st) == SQLITE_DONE ? POVREG_OK
                                           : povreg__sqlite_err(db, "survey");
      povreg__stmt_done(st);
      st = NULL;
      if (rc < 0) {
        goto done;
      }
    }
  }
  if ((rc = povreg__stmt(db, sql_upsert, &st)) < 0) {
    goto done;
  }
  sqlite3_bind_int64(st, 1, hh.id);
  sqlite3_bind_int(st, 2, s->review_year);
  povreg__bind_text(st, 3, s->reference_date);
  if (s->has_income) {
    sqlite3_bind_int64(st, 4, s->income);
  }
  if (s->has_score_a) {
    sqlite3_bind_int64(st, 5, s->score_a);
  }
  povreg__bind_text(st, 6, s->surveyed_on);
  povreg__bind_text(st, 7, s->enumerator);
  if (sqlite3_step(st) != SQLITE_ROW) {
    rc = povreg__sqlite_err(db, "survey");
    goto done;
  }
  sid = sqlite3_column_int64(st, 0);
  povreg__stmt_done(st);
  st = NULL;
  for (i = 0; i < s->n_ticks; i++) {
    if ((rc = povreg__stmt(db, sql_tick, &st)) < 0) {
      goto done;
    }
    sqlite3_bind_int64(st, 1, sid);
    povreg__bind_text(st, 2, s->ticks[i].key);
    sqlite3_bind_int(st, 3, s->ticks[i].deprived);
    rc = sqlite3_step(st) == SQLITE_DONE ? POVREG_OK
                                         : povreg__sqlite_err(db, "tick");
    povreg__stmt_done(st);
    st = NULL;
    if (rc < 0) {
      goto done;
    }
  }
  for (i = 0; i < s->n_facts; i++) {
    const povreg_fact *f = &s->facts[i];
    if (f->member_no == 0) {
      if ((rc = povreg__stmt(db, sql_fact, &st)) < 0) {
        goto done;
      }
      sqlite3_bind_int64(st, 1, sid);
      povreg__bind_text(st, 2, f->key);
      povreg__bind_text(st, 3, f->value);
    } else {
      povreg__mem mem;
      if ((rc = povreg__mem_find(db, &hh, f->member_no, &mem)) < 0) {
        povreg__err(db, rc, "%s: household %s has no member %d", f->key,
                    hh.code, f->member_no);
        goto done;
      }
      if ((rc = povreg__stmt(db, sql_mfact, &st)) < 0) {
        goto done;
      }
      sqlite3_bind_int64(st, 1, sid);
      sqlite3_bind_int64(st, 2, mem.id);
      povreg__bind_text(st, 3, f->key);
      povreg__bind_text(st, 4, f->value);
    }
    rc = sqlite3_step(st) == SQLITE_DONE ? POVREG_OK
                                         : povreg__sqlite_err(db, f->key);
    povreg__stmt_done(st);
    st = NULL;
    if (rc < 0) {
      goto done;
    }
  }
  /* a new survey answers a village meeting that sent it back */
  if ((rc = povreg__stmt(db, sql_resurveyed, &st)) < 0) {
    goto done;
  }
  sqlite3_bind_int64(st, 1, hh.id);
  sqlite3_bind_int(st, 2, s->review_year);
  rc = sqlite3_step(st) == SQLITE_DONE ? POVREG_OK
                                       : povreg__sqlite_err(db, "review");
  povreg__stmt_done(st);
  st = NULL;
  if (rc < 0) {
    goto done;
  }
  snprintf(key, sizeof key, "%s/%d", hh.code, s->review_year);
  if ((rc = povreg__json(&json, db, sql_survey_json, NULL, sid)) < 0 ||
      (rc = povreg__audit(db, old ? "survey.replace" : "survey.record",
                          "survey", key, old, json)) < 0) {
    goto done;
  }
  rc = povreg__tx_commit(db);
  in_tx = 0;
done:
  povreg__stmt_done(st);
  povreg_rulebook_free(rb);
  free(old);
  free(json);
  if (in_tx) {
    povreg__tx_rollback(db);
  }
  return rc;
}

/* Check a survey spec against its rulebook (see povreg_int.h). */
int povreg__survey_check(povreg_db *db, const povreg_survey_spec *s,
                         const povreg_rulebook *rb)
{
  return check_spec(db, s, rb);
}

/* Run a cached statement binding ?1 id and ?2 int; no rows expected. */
static int run_id_int(povreg_db *db, const char *sql, int64_t id, int v,
                      const char *context)
{
  sqlite3_stmt *st = NULL;
  int rc;

  if ((rc = povreg__stmt(db, sql, &st)) < 0) {
    return rc;
  }
  sqlite3_bind_int64(st, 1, id);
  sqlite3_bind_int(st, 2, v);
  rc = sqlite3_step(st) == SQLITE_DONE ? POVREG_OK
                                       : povreg__sqlite_err(db, context);
  povreg__stmt_done(st);
  return rc;
}

/*
** Upserts of 8, 4, 2 and 1 answers in one statement (?1 the survey, then a
** key and a value per row): a survey's answers are written in at most four
** statements instead of one per answer (about 16 per household in a bulk
** survey import).
*/
#define ANS1 "(?1, ?, ?)"
#define ANS2 ANS1 ", " ANS1
#define ANS4 ANS2 ", " ANS2
#define ANS8 ANS4 ", " ANS4
#define TICK_SQL(rows)                                                         \
  "INSERT INTO survey_tick(survey_id, key, deprived) VALUES " rows             \
  " ON CONFLICT(survey_id, key) DO UPDATE SET deprived = excluded.deprived"
#define FACT_SQL(rows)                                                         \
  "INSERT INTO survey_fact(survey_id, key, value) VALUES " rows                \
  " ON CONFLICT(survey_id, key) DO UPDATE SET value = excluded.value"
static const char *const sql_ticks[] = {TICK_SQL(ANS8), TICK_SQL(ANS4),
                                        TICK_SQL(ANS2), TICK_SQL(ANS1)};
static const char *const sql_facts[] = {FACT_SQL(ANS8), FACT_SQL(ANS4),
                                        FACT_SQL(ANS2), FACT_SQL(ANS1)};

/* Write the ticks (ticks = 1) or the facts of s into survey sid. */
static int put_rows(povreg_db *db, int64_t sid, const povreg_survey_spec *s,
                    int ticks)
{
  const char *const *sqls = ticks ? sql_ticks : sql_facts;
  size_t n = ticks ? s->n_ticks : s->n_facts, i = 0;
  int rc;

  while (i < n) {
    static const size_t sizes[] = {8, 4, 2, 1}; /* the rows of sqls[c] */
    size_t c = 0, rows, k;
    sqlite3_stmt *st = NULL;
    while (sizes[c] > n - i) {
      c++;
    }
    rows = sizes[c];
    if ((rc = povreg__stmt(db, sqls[c], &st)) < 0) {
      return rc;
    }
    sqlite3_bind_int64(st, 1, sid);
    for (k = 0; k < rows; k++, i++) {
      int idx = 2 + 2 * (int)k;
      if (ticks) {
        povreg__bind_text(st, idx, s->ticks[i].key);
        sqlite3_bind_int(st, idx + 1, s->ticks[i].deprived);
      } else {
        povreg__bind_text(st, idx, s->facts[i].key);
        povreg__bind_text(st, idx + 1, s->facts[i].value);
      }
    }
    rc = sqlite3_step(st) == SQLITE_DONE
             ? POVREG_OK
             : povreg__sqlite_err(db, ticks ? "tick" : "fact");
    povreg__stmt_done(st);
    if (rc < 0) {
      return rc;
    }
  }
  return POVREG_OK;
}

/*
** Write the ticks and household facts of s into survey sid, replacing the
** values of the keys s names (others are kept).
*/
static int put_answers(povreg_db *db, int64_t sid, const povreg_survey_spec *s)
{
  size_t i;
  int rc;

  for (i = 0; i < s->n_facts; i++) {
    if (s->facts[i].member_no != 0) {
      return povreg__err(db, POVREG_EINVALID,
                         "%s: a bulk survey holds household facts only",
                         s->facts[i].key);
    }
  }
  if ((rc = put_rows(db, sid, s, 1)) < 0) {
    return rc;
  }
  return put_rows(db, sid, s, 0);
}

/* 1 if a stored text column differs from a given value (NULL: keep). */
static int text_differs(sqlite3_stmt *st, int col, const char *given)
{
  const char *t = (const char *)sqlite3_column_text(st, col);

  return given != NULL && (t == NULL || strcmp(t, given) != 0);
}

/* 1 if a stored integer column differs from a given value. */
static int int_differs(sqlite3_stmt *st, int col, int has, int64_t v)
{
  return has && (sqlite3_column_type(st, col) == SQLITE_NULL ||
                 sqlite3_column_int64(st, col) != v);
}

/* 1 if any tick or fact of s differs from what survey sid holds. */
static int answers_differ(povreg_db *db, int64_t sid,
                          const povreg_survey_spec *s, int *differ)
{
  static const char sql_tick[] =
      "SELECT deprived FROM survey_tick WHERE survey_id = ?1 AND key = ?2";
  static const char sql_fact[] =
      "SELECT value FROM survey_fact WHERE survey_id = ?1 AND key = ?2";
  sqlite3_stmt *st = NULL;
  size_t i;
  int rc;

  *differ = 0;
  for (i = 0; i < s->n_ticks + s->n_facts && !*differ; i++) {
    int tick = i < s->n_ticks;
    const char *key = tick ? s->ticks[i].key : s->facts[i - s->n_ticks].key;
    if ((rc = povreg__stmt(db, tick ? sql_tick : sql_fact, &st)) < 0) {
      return rc;
    }
    sqlite3_bind_int64(st, 1, sid);
    povreg__bind_text(st, 2, key);
    rc = sqlite3_step(st);
    if (rc == SQLITE_ROW) {
      *differ = tick ? sqlite3_column_int(st, 0) != s->ticks[i].deprived
                     : text_differs(st, 0, s->facts[i - s->n_ticks].value);
    } else if (rc == SQLITE_DONE) {
      *differ = 1;
    } else {
      rc = povreg__sqlite_err(db, "survey");
      povreg__stmt_done(st);
      return rc;
    }
    povreg__stmt_done(st);
  }
  return POVREG_OK;
}

/* Merge a survey as a bulk import does (see povreg_int.h). */
int povreg__survey_merge(povreg_db *db, const povreg__hh *hh,
                         const povreg_survey_spec *s, const char *default_ref,
                         int *what)
{
  static const char sql_old[] =
      "SELECT id, reference_date, income, score_a, surveyed_on, enumerator "
      "FROM survey WHERE household_id = ?1 AND review_year = ?2";
  static const char sql_insert[] =
      "INSERT INTO survey(household_id, review_year, reference_date, income, "
      "score_a, surveyed_on, enumerator) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)";
  static const char sql_update[] =
      "UPDATE survey SET reference_date = coalesce(?2, reference_date), "
      "income = CASE WHEN ?3 THEN ?4 ELSE income END, "
      "score_a = CASE WHEN ?5 THEN ?6 ELSE score_a END, "
      "surveyed_on = coalesce(?7, surveyed_on), "
      "enumerator = coalesce(?8, enumerator) WHERE id = ?1";
  sqlite3_stmt *st = NULL;
  char *old = NULL, *json = NULL, key[48];
  int64_t sid = 0;
  int rc, differ = 0;

  *what = POVREG__SAME;
  if ((rc = povreg__stmt(db, sql_old, &st)) < 0) {
    return rc;
  }
  sqlite3_bind_int64(st, 1, hh->id);
  sqlite3_bind_int(st, 2, s->review_year);
  rc = sqlite3_step(st);
  if (rc == SQLITE_ROW) {
    sid = sqlite3_column_int64(st, 0);
    differ = text_differs(st, 1, s->reference_date) ||
             int_differs(st, 2, s->has_income, s->income) ||
             int_differs(st, 3, s->has_score_a, s->score_a) ||
             text_differs(st, 4, s->surveyed_on) ||
             text_differs(st, 5, s->enumerator);
  } else if (rc != SQLITE_DONE) {
    rc = povreg__sqlite_err(db, "survey");
    goto done;
  }
  povreg__stmt_done(st);
  st = NULL;
  if (sid == 0) {
    const char *ref = s->reference_date ? s->reference_date : default_ref;
    if ((rc = povreg__check_date(db, "reference_date", ref, 1)) < 0 ||
        (rc = povreg__stmt(db, sql_insert, &st)) < 0) {
      goto done;
    }
    sqlite3_bind_int64(st, 1, hh->id);
    sqlite3_bind_int(st, 2, s->review_year);
    povreg__bind_text(st, 3, ref);
    if (s->has_income) {
      sqlite3_bind_int64(st, 4, s->income);
    }
    if (s->has_score_a) {
      sqlite3_bind_int64(st, 5, s->score_a);
    }
    povreg__bind_text(st, 6, s->surveyed_on);
    povreg__bind_text(st, 7, s->enumerator);
    if (sqlite3_step(st) != SQLITE_DONE) {
      rc = povreg__sqlite_err(db, "survey");
      goto done;
    }
    sid = sqlite3_last_insert_rowid(db->sq);
    povreg__stmt_done(st);
    st = NULL;
    if ((rc = put_answers(db, sid, s)) < 0 ||
        (rc = run_id_int(db, sql_resurveyed, hh->id, s->review_year,
                         "review")) < 0) {
      goto done;
    }
    *what = POVREG__ADDED;
    goto done;
  }
  if (!differ && (rc = answers_differ(db, sid, s, &differ)) < 0) {
    goto done;
  }
  if (!differ) {
    rc = POVREG_OK;
    goto done;
  }
  if ((rc = povreg__json(&old, db, sql_survey_json, NULL, sid)) < 0 ||
      (rc = povreg__stmt(db, sql_update, &st)) < 0) {
    goto done;
  }
  sqlite3_bind_int64(st, 1, sid);
  povreg__bind_text(st, 2, s->reference_date);
  sqlite3_bind_int(st, 3, s->has_income);
  sqlite3_bind_int64(st, 4, s->income);
  sqlite3_bind_int(st, 5, s->has_score_a);
  sqlite3_bind_int64(st, 6, s->score_a);
  povreg__bind_text(st, 7, s->surveyed_on);
  povreg__bind_text(st, 8, s->enumerator);
  if (sqlite3_step(st) != SQLITE_DONE) {
    rc = povreg__sqlite_err(db, "survey");
    goto done;
  }
  povreg__stmt_done(st);
  st = NULL;
  snprintf(key, sizeof key, "%s/%d", hh->code, s->review_year);
  if ((rc = put_answers(db, sid, s)) < 0 ||
      (rc = run_id_int(db, sql_resurveyed, hh->id, s->review_year, "review")) <
          0 ||
      (rc = povreg__json(&json, db, sql_survey_json, NULL, sid)) < 0 ||
      (rc = povreg__audit(db, "survey.edit", "survey", key, old, json)) < 0) {
    goto done;
  }
  *what = POVREG__CHANGED;
done:
  povreg__stmt_done(st);
  free(old);
  free(json);
  return rc;
}

/* Free an evaluation.  NULL-safe. */
void povreg_evaluation_free(povreg_evaluation *ev)
{
  if (ev != NULL) {
    free(ev->indicators);
    free(ev);
  }
}

/* Everything loaded for deriving one survey; freed by free_loaded. */
typedef struct loaded {
  int64_t survey_id;
  int64_t saved_id; /* classification row written, if saved */
  povreg__dmember *members;
  size_t n_members;
  povreg__dfact *facts;
  size_t n_facts;
  signed char *ticks; /* per rulebook indicator: -1 none, 0, 1 */
} loaded;

/* Free what load_survey allocated. */
static void free_loaded(loaded *l)
{
  size_t i;

  for (i = 0; i < l->n_facts; i++) {
    free((char *)l->facts[i].key);
    free((char *)l->facts[i].value);
  }
  free(l->facts);
  free(l->members);
  free(l->ticks);
  memset(l, 0, sizeof *l);
}

/* Write a small non-negative number (a standing column: 0 to 12) as
   text into buf (at least 16 bytes); snprintf cost more than the rest of
   the loop. */
static void small_int(char *buf, int v)
{
  char tmp[16];
  size_t n = 0, i;

  if (v < 0) {
    snprintf(buf, 16, "%d", v);
    return;
  }
  do {
    tmp[n++] = (char)('0' + v % 10);
    v /= 10;
  } while (v > 0 && n < sizeof tmp - 1);
  for (i = 0; i < n; i++) {
    buf[i] = tmp[n - 1 - i];
  }
  buf[n] = '\0';
}

/* Member facts that a member's standing columns supply (see 0007). */
static const char *const standing_keys[3] = {"has_health_insurance",
                                             "in_school", "education_grade"};

/*
** Add the standing facts of the loaded members (standing[3 * i + k] for
** member i and standing_keys[k], -1 unknown) where the survey gave no
** fact of that key for that member: a survey's own answer wins.
*/
static int add_standing(povreg_db *db, loaded *l, const int *standing)
{
  size_t i, j, n_survey = l->n_facts, cap = l->n_facts;
  int k;

  for (i = 0; i < l->n_members; i++) {
    for (k = 0; k < 3; k++) {
      povreg__dfact *f;
      char num[16];
      void *grown;
      if (standing[3 * i + (size_t)k] < 0) {
        continue;
      }
      for (j = 0; j < n_survey; j++) {
        if (l->facts[j].member_id == l->members[i].id &&
            strcmp(l->facts[j].key, standing_keys[k]) == 0) {
          break;
        }
      }
      if (j < n_survey) {
        continue; /* the survey's own fact */
      }
      if ((grown = povreg__grow(l->facts, &cap, l->n_facts,
                                sizeof *l->facts)) == NULL) {
        return povreg__err(db, POVREG_ENOMEM, "out of memory");
      }
      l->facts = grown;
      small_int(num, standing[3 * i + (size_t)k]);
      f = &l->facts[l->n_facts];
      f->member_id = l->members[i].id;
      f->key = povreg__strdup(standing_keys[k]);
      f->value = povreg__strdup(num);
      l->n_facts++;
      if (f->key == NULL || f->value == NULL) {
        return povreg__err(db, POVREG_ENOMEM, "out of memory");
      }
    }
  }
  return POVREG_OK;
}

/*
** Load members active at the reference date, facts and ticks.  A member
** fact the survey lacks comes from the member's standing columns.
*/
static int load_survey(povreg_db *db, const povreg_rulebook *rb,
                       const povreg__hh *hh, povreg_evaluation *ev, loaded *l)
{
  static const char sql_members[] =
      "SELECT id, member_no, birth_date, health_insurance, in_school, "
      "education_grade FROM member WHERE household_id = ?1 "
      "AND (status = 'active' OR status_on > ?2) "
      "AND (joined_on IS NULL OR joined_on <= ?2) ORDER BY member_no";
  static const char sql_facts[] =
      "SELECT 0, key, value FROM survey_fact WHERE survey_id = ?1 "
      "UNION ALL SELECT member_id, key, value FROM survey_member_fact "
      "WHERE survey_id = ?1";
  static const char sql_ticks[] =
      "SELECT key, deprived FROM survey_tick WHERE survey_id = ?1";
  sqlite3_stmt *st = NULL;
  size_t cap = 0, scap = 0;
  int *standing = NULL;
  int rc, ok = 1, k;

  if ((l->ticks = malloc(rb->n + 1)) == NULL) {
    return povreg__err(db, POVREG_ENOMEM, "out of memory");
  }
  memset(l->ticks, -1, rb->n + 1);
  if ((rc = povreg__stmt(db, sql_members, &st)) < 0) {
    return rc;
  }
  sqlite3_bind_int64(st, 1, hh->id);
  povreg__bind_text(st, 2, ev->reference_date);
  while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
    povreg__dmember *m;
    const char *birth = (const char *)sqlite3_column_text(st, 2);
    void *grown =
        povreg__grow(l->members, &cap, l->n_members, sizeof *l->members);
    if (grown == NULL) {
      rc = povreg__err(db, POVREG_ENOMEM, "out of memory");
      goto done;
    }
    l->members = grown;
    if ((grown = povreg__grow(standing, &scap, 3 * l->n_members + 2,
                              sizeof *standing)) == NULL) {
      rc = povreg__err(db, POVREG_ENOMEM, "out of memory");
      goto done;
    }
    standing = grown;
    for (k = 0; k < 3; k++) {
      standing[3 * l->n_members + (size_t)k] =
          sqlite3_column_type(st, 3 + k) == SQLITE_NULL
              ? -1
              : sqlite3_column_int(st, 3 + k);
    }
    m = &l->members[l->n_members];
    m->id = sqlite3_column_int64(st, 0);
    m->member_no = sqlite3_column_int(st, 1);
    m->age = povreg__age_at(birth, ev->reference_date, rb->birthday_month,
                            rb->birthday_day);
    m->birth_year = (birth[0] - '0') * 1000 + (birth[1] - '0') * 100 +
                    (birth[2] - '0') * 10 + (birth[3] - '0');
    if (m->age < 0) {
      continue; /* born after the reference date: not yet a member */
    }
    l->n_members++;
  }
  if (rc != SQLITE_DONE) {
    rc = povreg__sqlite_err(db, "member");
    goto done;
  }
  povreg__stmt_done(st);
  st = NULL;
  cap = 0;
  if ((rc = povreg__stmt(db, sql_facts, &st)) < 0) {
    goto done;
  }
  sqlite3_bind_int64(st, 1, l->survey_id);
  while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
    povreg__dfact *f;
    void *grown = povreg__grow(l->facts, &cap, l->n_facts, sizeof *l->facts);
    if (grown == NULL) {
      rc = povreg__err(db, POVREG_ENOMEM, "out of memory");
      goto done;
    }
    l->facts = grown;
    f = &l->facts[l->n_facts++];
    f->member_id = sqlite3_column_int64(st, 0);
    f->key = povreg__col_strdup(st, 1, &ok);
    f->value = povreg__col_strdup(st, 2, &ok);
    if (!ok) {
      rc = povreg__err(db, POVREG_ENOMEM, "out of memory");
      goto done;
    }
  }
  if (rc != SQLITE_DONE) {
    rc = povreg__sqlite_err(db, "facts");
    goto done;
  }
  povreg__stmt_done(st);
  st = NULL;
  if ((rc = add_standing(db, l, standing)) < 0) {
    goto done;
  }
  if ((rc = povreg__stmt(db, sql_ticks, &st)) < 0) {
    goto done;
  }
  sqlite3_bind_int64(st, 1, l->survey_id);
  while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
    int idx = povreg_rulebook_indicator_index(
        rb, (const char *)sqlite3_column_text(st, 0));
    if (idx < 0) {
      rc = povreg__err(db, POVREG_EINVALID,
                       "%s: ticked in the survey but not an indicator of %s",
                       (const char *)sqlite3_column_text(st, 0), rb->id);
      goto done;
    }
    l->ticks[idx] = (signed char)sqlite3_column_int(st, 1);
  }
  rc = rc == SQLITE_DONE ? POVREG_OK : povreg__sqlite_err(db, "ticks");
done:
  povreg__stmt_done(st);
  free(standing);
  return rc;
}

/*
** Append the keys of the indicators whose state is the enumerator's tick
** (ticked = 1) or was derived (ticked = 0), comma-separated, to buf.
*/
static void keys_where(char *buf, size_t size, const povreg_evaluation *ev,
                       int ticked, int deprived_only)
{
  size_t i, len = 0;

  buf[0] = '\0';
  for (i = 0; i < ev->n_indicators; i++) {
    const povreg_indicator_eval *e = &ev->indicators[i];
    size_t k = strlen(e->key);
    if ((ticked >= 0 && e->ticked != ticked) ||
        (deprived_only && !e->deprived)) {
      continue;
    }
    if (len + k + 2 > size) {
      break; /* cannot happen with the sizes used: keys are short */
    }
    if (len > 0) {
      buf[len++] = ',';
    }
    memcpy(buf + len, e->key, k + 1);
    len += k;
  }
}

/*
** Format what a classification row stores beside the class: the deprived
** indicators' keys and the detail (see save_result).  Every text here is
** a rulebook key ([a-z0-9_]) or a date, so it needs no JSON escaping; a
** truncated detail would be invalid JSON, which the table's CHECK refuses.
*/
static void format_row(const povreg_evaluation *ev, char *deprived,
                       size_t dsize, char *detail, size_t size)
{
  const povreg_classify_result *r = &ev->result;
  char ticked[512];

  keys_where(deprived, dsize, ev, -1, 1);
  keys_where(ticked, sizeof ticked, ev, 1, 0);
  snprintf(detail, size,
           "{\"value\":%lld,\"used_score\":%d,\"poverty_line\":%lld,"
           "\"near_poverty_line\":%lld,\"average_line\":%lld,"
           "\"score_b\":%d,\"cutoff\":%d,\"reference_date\":\"%s\","
           "\"ticked\":\"%s\"}",
           (long long)r->value, r->used_score, (long long)r->poverty_line,
           (long long)r->near_poverty_line, (long long)r->average_line,
           r->score_b, r->cutoff, ev->reference_date, ticked);
}

/*
** Store an evaluation as a classification row; audited unless bulk (a
** review audits its whole run).  The detail keeps what the result was
** computed from (the value, the lines, the cut-off, the reference date
** and which indicators were the enumerator's ticks); the explanation and
** the per-indicator basis are rebuilt from the survey by classifying it
** again, which is deterministic, so they are not stored (they were 1.4 KB
** of every row: 2 GB per province and year).
*/
static int save_result(povreg_db *db, const povreg_evaluation *ev,
                       int64_t survey_id, int bulk, int64_t *id_out)
{
  static const char sql[] =
      "INSERT INTO classification(survey_id, status_year, standard_id, "
      "version, area, class, reason, deprived_count, deprived, detail, "
      "classified_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, "
      "strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))";
  const povreg_classify_result *r = &ev->result;
  sqlite3_stmt *st = NULL;
  char deprived[512], detail[768], key[48];
  int rc;

  format_row(ev, deprived, sizeof deprived, detail, sizeof detail);
  if ((rc = povreg__stmt(db, sql, &st)) < 0) {
    goto done;
  }
  sqlite3_bind_int64(st, 1, survey_id);
  sqlite3_bind_int(st, 2, ev->status_year);
  povreg__bind_text(st, 3, r->standard_id);
  sqlite3_bind_int(st, 4, r->version);
  povreg__bind_text(st, 5, ev->area == POVREG_AREA_URBAN ? "urban" : "rural");
  povreg__bind_text(st, 6, povreg_class_key(r->cls));
  povreg__bind_text(st, 7, r->reason);
  sqlite3_bind_int(st, 8, r->deprived_count);
  povreg__bind_text(st, 9, deprived);
  povreg__bind_text(st, 10, detail);
  if (sqlite3_step(st) != SQLITE_DONE) {
    rc = povreg__sqlite_err(db, "classification");
    goto done;
  }
  *id_out = sqlite3_last_insert_rowid(db->sq);
  povreg__stmt_done(st);
  st = NULL;
  rc = POVREG_OK;
  if (!bulk) {
    char audit[160];
    snprintf(key, sizeof key, "%s/%d", ev->household_code, ev->status_year);
    snprintf(audit, sizeof audit,
             "{\"class\":\"%s\",\"standard\":\"%s\",\"version\":%d}",
             povreg_class_key(r->cls), r->standard_id, r->version);
    rc = povreg__audit(db, "household.classify", "classification", key, NULL,
                       audit);
  }
done:
  povreg__stmt_done(st);
  return rc;
}

/* Add an evaluation to a batch of classifications (see povreg_int.h). */
static void batch_add(povreg__cbatch *b, const povreg_evaluation *ev,
                      int64_t survey_id)
{
  povreg__crow *c = &b->rows[b->n++];

  c->survey_id = survey_id;
  c->status_year = ev->status_year;
  c->version = ev->result.version;
  snprintf(c->standard_id, sizeof c->standard_id, "%s", ev->result.standard_id);
  c->area = ev->area == POVREG_AREA_URBAN ? "urban" : "rural";
  c->cls = povreg_class_key(ev->result.cls);
  c->reason = ev->result.reason;
  c->deprived_count = ev->result.deprived_count;
  format_row(ev, c->deprived, sizeof c->deprived, c->detail, sizeof c->detail);
}

/* A batch INSERT of ROWS classification rows, ten values each. */
#define CROW1 "(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, strftime('%Y-%m-%dT%H:%M:%fZ'))"
#define CROW4 CROW1 ", " CROW1 ", " CROW1 ", " CROW1
#define CROW16 CROW4 ", " CROW4 ", " CROW4 ", " CROW4
#define CROW_SQL(rows)                                                         \
  "INSERT INTO classification(survey_id, status_year, standard_id, "           \
  "version, area, class, reason, deprived_count, deprived, detail, "           \
  "classified_at) VALUES " rows " RETURNING id, survey_id"

/*
** Store a batch (see povreg_int.h).  Rows go in 16, 4 or 1 to a
** statement: each run of an INSERT builds the lookup tables of the
** table's CHECK ... IN lists once, which one row at a time cost as much as
** the row.  RETURNING's order is not promised, so each id is matched back
** by its survey (one survey per household in a batch).
*/
int povreg__cbatch_store(povreg_db *db, povreg__cbatch *b, int64_t *ids)
{
  static const char *const sqls[] = {CROW_SQL(CROW16), CROW_SQL(CROW4),
                                     CROW_SQL(CROW1)};
  static const size_t sizes[] = {16, 4, 1};
  size_t i = 0, k, c, rows;
  int rc = POVREG_OK;

  while (i < b->n && rc == POVREG_OK) {
    sqlite3_stmt *st = NULL;
    size_t first = i;
    for (c = 0; sizes[c] > b->n - i; c++) {
    }
    rows = sizes[c];
    if ((rc = povreg__stmt(db, sqls[c], &st)) < 0) {
      break;
    }
    for (k = 0; k < rows; k++, i++) {
      const povreg__crow *r = &b->rows[i];
      int p = 1 + 10 * (int)k;
      sqlite3_bind_int64(st, p, r->survey_id);
      sqlite3_bind_int(st, p + 1, r->status_year);
      povreg__bind_text(st, p + 2, r->standard_id);
      sqlite3_bind_int(st, p + 3, r->version);
      povreg__bind_text(st, p + 4, r->area);
      povreg__bind_text(st, p + 5, r->cls);
      povreg__bind_text(st, p + 6, r->reason);
      sqlite3_bind_int(st, p + 7, r->deprived_count);
      povreg__bind_text(st, p + 8, r->deprived);
      povreg__bind_text(st, p + 9, r->detail);
    }
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
      int64_t sid = sqlite3_column_int64(st, 1);
      for (k = first; k < i && b->rows[k].survey_id != sid; k++) {
      }
      if (k < i) {
        ids[k] = sqlite3_column_int64(st, 0);
      }
    }
    rc = rc == SQLITE_DONE ? POVREG_OK
                           : povreg__sqlite_err(db, "classification");
    povreg__stmt_done(st);
  }
  b->n = 0;
  return rc;
}

/* Classify a stored household (see povreg/classify.h).  Allocates *out. */
int povreg_household_classify(povreg_evaluation **out, povreg_db *db,
                              const char *household_code, int status_year,
                              const char *standard_id, int save)
{
  povreg__classify_opts o;

  memset(&o, 0, sizeof o);
  o.standard_id = standard_id;
  o.save = save;
  return povreg__household_classify(out, db, household_code, status_year, &o);
}

/* Classify a stored household with options (see povreg_int.h). */
int povreg__household_classify(povreg_evaluation **out, povreg_db *db,
                               const char *household_code, int status_year,
                               povreg__classify_opts *opts)
{
  const char *standard_id = opts->standard_id;
  int save = opts->save;
  static const char sql_survey[] =
      "SELECT id, review_year, reference_date, income, score_a FROM survey "
      "WHERE household_id = ?1 AND review_year < ?2 AND (?3 = 0 OR "
      "review_year = ?3) ORDER BY review_year DESC LIMIT 1";
  sqlite3_stmt *st = NULL;
  povreg_rulebook *own = NULL; /* loaded here, freed here */
  const povreg_rulebook *rb = opts->rulebook;
  povreg_evaluation *ev = NULL;
  povreg_classify_input in;
  povreg__dinput din;
  unsigned char *dep = NULL;
  loaded l;
  povreg__hh hh;
  char err[256];
  size_t i;
  int rc, in_tx = 0;

  memset(&l, 0, sizeof l);
  memset(&in, 0, sizeof in);
  if (out == NULL || db == NULL) {
    return povreg__err(db, POVREG_EINVALID, "invalid argument");
  }
  *out = NULL;
  if (opts->hh != NULL) {
    hh = *opts->hh;
  } else if ((rc = povreg__hh_find(db, household_code, 0, &hh)) < 0) {
    goto done;
  }
  if (rb == NULL) {
    rc = opts->version > 0
             ? povreg__rulebook_load_version(&own, db, standard_id,
                                             opts->version)
             : povreg_rulebook_load(&own, db, standard_id, status_year);
    if (rc < 0) {
      goto done;
    }
    rb = own;
  }
  if ((ev = calloc(1, sizeof *ev)) == NULL ||
      (ev->indicators = calloc(rb->n, sizeof *ev->indicators)) == NULL ||
      (dep = calloc(rb->n, 1)) == NULL) {
    rc = povreg__err(db, POVREG_ENOMEM, "out of memory");
    goto done;
  }
  snprintf(ev->household_code, sizeof ev->household_code, "%s", hh.code);
  ev->status_year = status_year;
  ev->n_indicators = rb->n;
  if ((rc = povreg__stmt(db, sql_survey, &st)) < 0) {
    goto done;
  }
  sqlite3_bind_int64(st, 1, hh.id);
  sqlite3_bind_int(st, 2, status_year);
  sqlite3_bind_int(st, 3, opts->review_year);
  rc = sqlite3_step(st);
  if (rc != SQLITE_ROW) {
    rc = rc == SQLITE_DONE
             ? povreg__err(db, POVREG_ENOTFOUND,
                           "survey: household %s has no survey before "
                           "status year %d",
                           hh.code, status_year)
             : povreg__sqlite_err(db, "survey");
    goto done;
  }
  l.survey_id = sqlite3_column_int64(st, 0);
  ev->review_year = sqlite3_column_int(st, 1);
  snprintf(ev->reference_date, sizeof ev->reference_date, "%s",
           opts->reference_date != NULL
               ? opts->reference_date
               : (const char *)sqlite3_column_text(st, 2));
  if (sqlite3_column_type(st, 3) != SQLITE_NULL) {
    in.has_income = 1;
    in.income = sqlite3_column_int64(st, 3);
  }
  if (sqlite3_column_type(st, 4) != SQLITE_NULL) {
    in.has_score_a = 1;
    in.score_a = sqlite3_column_int64(st, 4);
  }
  povreg__stmt_done(st);
  st = NULL;
  /* the area of the commune standing for the household's on that date
     (the same as the last household's when the commune and a fixed
     reference date are) */
  if (opts->reference_date != NULL && opts->area_of[0] != '\0' &&
      strcmp(opts->area_of, hh.commune) == 0) {
    snprintf(ev->commune_code, sizeof ev->commune_code, "%s",
             opts->area_commune);
    ev->area = opts->area;
  } else if ((rc = povreg_unit_resolve(ev->commune_code, db, hh.commune,
                                       ev->reference_date)) < 0 ||
             (rc = povreg_unit_area(&ev->area, db, ev->commune_code,
                                    ev->reference_date)) < 0) {
    goto done;
  } else if (opts->reference_date != NULL) {
    snprintf(opts->area_of, sizeof opts->area_of, "%s", hh.commune);
    snprintf(opts->area_commune, sizeof opts->area_commune, "%s",
             ev->commune_code);
    opts->area = ev->area;
  }
  if (ev->area == POVREG_AREA_UNKNOWN) {
    rc = povreg__err(db, POVREG_EINVALID,
                     "area: the law does not settle whether commune %s is "
                     "urban or rural",
                     ev->commune_code);
    goto done;
  }
  if ((rc = load_survey(db, rb, &hh, ev, &l)) < 0) {
    goto done;
  }
  din.members = l.members;
  din.n_members = l.n_members;
  din.facts = l.facts;
  din.n_facts = l.n_facts;
  for (i = 0; i < rb->n; i++) {
    povreg_indicator_eval *e = &ev->indicators[i];
    int d = 0;
    memcpy(e->key, rb->ind[i].key, strlen(rb->ind[i].key) + 1);
    if (l.ticks[i] >= 0) {
      d = l.ticks[i];
      e->ticked = 1;
      if (!opts->bulk) {
        snprintf(e->basis, sizeof e->basis, "ticked by the enumerator");
      }
    } else if (povreg__derive(&rb->ind[i], &din, &d, e->basis,
                              opts->bulk ? 0 : sizeof e->basis, err,
                              sizeof err) < 0) {
      rc = povreg__err(db, POVREG_EINVALID, "%s", err);
      goto done;
    }
    e->deprived = d;
    dep[i] = (unsigned char)d;
  }
  in.area = ev->area;
  in.deprived = dep;
  in.skip_explanation = opts->bulk;
  if ((rc = povreg_classify(&ev->result, rb, &in)) < 0) {
    rc = povreg__err(db, rc, "%s", ev->result.error);
    goto done;
  }
  opts->survey_id = l.survey_id;
  if (save && opts->bulk && opts->batch != NULL) {
    if (opts->batch->n == POVREG__CBATCH_MAX) {
      rc = povreg__err(db, POVREG_EINVALID, "classification batch is full");
      goto done;
    }
    batch_add(opts->batch, ev, l.survey_id);
  } else if (save && opts->bulk) { /* inside the caller's transaction */
    if ((rc = save_result(db, ev, l.survey_id, 1, &l.saved_id)) < 0) {
      goto done;
    }
    opts->classification_id = l.saved_id;
  } else if (save) {
    if ((rc = povreg__tx_begin(db)) < 0) {
      goto done;
    }
    in_tx = 1;
    if ((rc = save_result(db, ev, l.survey_id, 0, &l.saved_id)) < 0) {
      goto done;
    }
    opts->classification_id = l.saved_id;
    if ((rc = povreg__tx_commit(db)) < 0) {
      goto done;
    }
    in_tx = 0;
  }
  *out = ev;
  ev = NULL;
  rc = POVREG_OK;
done:
  if (in_tx) {
    povreg__tx_rollback(db);
  }
  povreg__stmt_done(st);
  povreg_rulebook_free(own);
  povreg_evaluation_free(ev);
  free_loaded(&l);
  free(dep);
  return rc;
}
