/*
** target.c: plan targets (a count or rate of poor or near-poor
** households, or a yearly fall of the rate, per unit and status year)
** and the report of targets against the results in the ledger.
*/
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "povreg_int.h"

/* The current status of a household of the query below (povreg_int.h). */
#define STATUS_OF_HH POVREG__CURRENT_STATUS_ON("cs", "hh.id")

/* The target row of a key as JSON, for the audit log (?1 its id). */
static const char sql_target_json[] =
    "SELECT json_object('unit', unit_code, 'year', year, 'class', class, "
    "'measure', measure, 'value', value, 'source', source) FROM target "
    "WHERE id = ?1";

/* Record (or replace) a target (see povreg/report.h). */
int povreg_target_set(povreg_db *db, const povreg_target_spec *t)
{
  static const char sql_unit[] = "SELECT 1 FROM unit WHERE code = ?1";
  static const char sql_old[] =
      "SELECT id, value, source FROM target WHERE unit_code = ?1 AND "
      "year = ?2 AND class = ?3 AND measure = ?4";
  static const char sql_upsert[] =
      "INSERT INTO target(unit_code, year, class, measure, value, source, "
      "set_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, "
      "strftime('%Y-%m-%dT%H:%M:%fZ', 'now')) ON CONFLICT(unit_code, year, "
      "class, measure) DO UPDATE SET value = excluded.value, source = "
      "excluded.source, set_at = excluded.set_at RETURNING id";
  sqlite3_stmt *st = NULL;
  char *old = NULL, *json = NULL, key[64];
  int64_t id = 0;
  int rc, in_tx = 0, same = 0;

  if (db == NULL || t == NULL) {
    return povreg__err(db, POVREG_EINVALID, "invalid argument");
  }
  if (t->unit_code == NULL) {
    return povreg__err(db, POVREG_EINVALID, "unit: missing");
  }
  if (t->year < 1990 || t->year > 2100) {
    return povreg__err(db, POVREG_EINVALID,
                       "year: %d is not a status year from 1990 to 2100",
                       t->year);
  }
  if (t->class_key == NULL || (strcmp(t->class_key, "poor") != 0 &&
                               strcmp(t->class_key, "near_poor") != 0)) {
    return povreg__err(db, POVREG_EINVALID, "class: must be poor or near_poor");
  }
  if (t->measure == NULL ||
      (strcmp(t->measure, "count") != 0 && strcmp(t->measure, "rate") != 0 &&
       strcmp(t->measure, "reduction") != 0)) {
    return povreg__err(db, POVREG_EINVALID,
                       "measure: must be count, rate or reduction");
  }
  if (t->value < 0) {
    return povreg__err(db, POVREG_EINVALID, "value: must not be negative");
  }
  if (strcmp(t->measure, "count") != 0 && t->value > 10000) {
    return povreg__err(db, POVREG_EINVALID,
                       "value: a %s is 0 to 10000 basis points (100%%)",
                       t->measure);
  }
  if ((rc = povreg__check_text(db, "source", t->source, 500, 0)) < 0) {
    return rc;
  }
  if ((rc = povreg__tx_begin(db)) < 0) {
    return rc;
  }
  in_tx = 1;
  if ((rc = povreg__stmt(db, sql_unit, &st)) < 0) {
    goto done;
  }
  povreg__bind_text(st, 1, t->unit_code);
  rc = sqlite3_step(st);
  if (rc != SQLITE_ROW) {
    rc =
        rc == SQLITE_DONE
            ? povreg__err(db, POVREG_ENOTFOUND, "unit: no unit %.10s",
                          povreg__utf8_valid(t->unit_code) ? t->unit_code : "?")
            : povreg__sqlite_err(db, "unit");
    goto done;
  }
  povreg__stmt_done(st);
  st = NULL;
  if ((rc = povreg__stmt(db, sql_old, &st)) < 0) {
    goto done;
  }
  povreg__bind_text(st, 1, t->unit_code);
  sqlite3_bind_int(st, 2, t->year);
  povreg__bind_text(st, 3, t->class_key);
  povreg__bind_text(st, 4, t->measure);
  if ((rc = sqlite3_step(st)) == SQLITE_ROW) {
    id = sqlite3_column_int64(st, 0);
    same = sqlite3_column_int64(st, 1) == (sqlite3_int64)t->value &&
           strcmp((const char *)sqlite3_column_text(st, 2), t->source) == 0;
  } else if (rc != SQLITE_DONE) {
    rc = povreg__sqlite_err(db, "target");
    goto done;
  }
  povreg__stmt_done(st);
  st = NULL;
  if (same) {
    rc = POVREG_OK; /* nothing changes: nothing written, nothing audited */
    goto done;
  }
  if (id != 0 && (rc = povreg__json(&old, db, sql_target_json, NULL, id)) < 0) {
    goto done;
  }
  if ((rc = povreg__stmt(db, sql_upsert, &st)) < 0) {
    goto done;
  }
  povreg__bind_text(st, 1, t->unit_code);
  sqlite3_bind_int(st, 2, t->year);
  povreg__bind_text(st, 3, t->class_key);
  povreg__bind_text(st, 4, t->measure);
  sqlite3_bind_int64(st, 5, t->value);
  povreg__bind_text(st, 6, t->source);
  if (sqlite3_step(st) != SQLITE_ROW) {
    rc = povreg__sqlite_err(db, "target");
    goto done;
  }
  id = sqlite3_column_int64(st, 0);
  povreg__stmt_done(st);
  st = NULL;
  snprintf(key, sizeof key, "%s/%d/%s/%s", t->unit_code, t->year, t->class_key,
           t->measure);
  if ((rc = povreg__json(&json, db, sql_target_json, NULL, id)) < 0 ||
      (rc = povreg__audit(db, "target.set", "target", key, old, json)) < 0) {
    goto done;
  }
  rc = povreg__tx_commit(db);
  in_tx = 0;
done:
  povreg__stmt_done(st);
  free(old);
  free(json);
  if (in_tx) {
    if (rc == POVREG_OK) {
      rc = povreg__tx_commit(db);
    } else {
      povreg__tx_rollback(db);
    }
  }
  return rc;
}

/* A unit's figures for a year on a grouping date (memoised). */
typedef struct unit_year {
  char unit[6];            /* unit code */
  int year;                /* status year */
  char as_of[11];          /* grouping date */
  int64_t households;      /* households of the year */
  int64_t poor, near_poor; /* recognised in the year */
  int64_t statuses;        /* households of the year with a status */
} unit_year;

/* The memo of the figures computed so far. */
typedef struct memo {
  unit_year *v; /* allocated */
  size_t n, cap;
} memo;

/*
** The figures of unit for year, its communes taken on as_of; computed
** once per (unit, year, as_of).  *out points into the memo (valid until
** the next call).
*/
static int unit_year_get(const unit_year **out, povreg_db *db, memo *m,
                         const char *unit, int year, const char *as_of)
{
  static const char sql[] = POVREG__REPORT_UNITS
      "SELECT count(*), coalesce(sum(cs.class IS 'poor'), 0), "
      "coalesce(sum(cs.class IS 'near_poor'), 0), count(cs.id) FROM hh "
      "LEFT JOIN household_status cs ON " STATUS_OF_HH;
  sqlite3_stmt *st = NULL;
  unit_year *u;
  void *grown;
  size_t i;
  int rc;

  for (i = 0; i < m->n; i++) {
    if (m->v[i].year == year && strcmp(m->v[i].unit, unit) == 0 &&
        strcmp(m->v[i].as_of, as_of) == 0) {
      *out = &m->v[i];
      return POVREG_OK;
    }
  }
  if ((grown = povreg__grow(m->v, &m->cap, m->n, sizeof *m->v)) == NULL) {
    return povreg__err(db, POVREG_ENOMEM, "out of memory");
  }
  m->v = grown;
  u = &m->v[m->n];
  memset(u, 0, sizeof *u);
  snprintf(u->unit, sizeof u->unit, "%s", unit);
  u->year = year;
  snprintf(u->as_of, sizeof u->as_of, "%s", as_of);
  if ((rc = povreg__stmt(db, sql, &st)) < 0) {
    return rc;
  }
  {
    char d0[11];
    snprintf(d0, sizeof d0, "%04d-01-01", year);
    sqlite3_bind_int(st, 1, year);
    povreg__bind_text(st, 2, as_of);
    povreg__bind_text(st, 3, unit);
    povreg__bind_text(st, 4, d0);
  }
  if ((rc = sqlite3_step(st)) == SQLITE_ROW) {
    u->households = sqlite3_column_int64(st, 0);
    u->poor = sqlite3_column_int64(st, 1);
    u->near_poor = sqlite3_column_int64(st, 2);
    u->statuses = sqlite3_column_int64(st, 3);
    m->n++;
    *out = u;
    rc = POVREG_OK;
  } else {
    rc = povreg__sqlite_err(db, "targets");
  }
  povreg__stmt_done(st);
  return rc;
}

/*
** Compute the actual figure of target row r (unit, year, class, measure
** set) and fill actual, has_actual, gap and met.
*/
static int target_actual(povreg_db *db, memo *m, povreg_target_row *r)
{
  const unit_year *now = NULL, *before = NULL;
  char as_of[11];
  int poor = strcmp(r->class_key, "poor") == 0;
  int64_t n_now, n_before = 0;
  int rc;

  r->actual = r->gap = 0;
  r->has_actual = r->met = 0;
  snprintf(as_of, sizeof as_of, "%04d-01-01", r->year);
  if ((rc = unit_year_get(&now, db, m, r->unit_code, r->year, as_of)) < 0) {
    return rc;
  }
  n_now = poor ? now->poor : now->near_poor;
  if (now->statuses == 0) {
    return POVREG_OK;
  }
  if (strcmp(r->measure, "count") == 0) {
    r->actual = (long)n_now;
  } else if (strcmp(r->measure, "rate") == 0) {
    r->actual = povreg__bp(n_now, now->households);
  } else {
    /* the same communes (those of Y-01-01) the year before */
    int64_t hh_now = now->households;
    if ((rc = unit_year_get(&before, db, m, r->unit_code, r->year - 1, as_of)) <
        0) {
      return rc;
    }
    if (before->statuses == 0) {
      return POVREG_OK;
    }
    n_before = poor ? before->poor : before->near_poor;
    r->actual =
        povreg__bp(n_before, before->households) - povreg__bp(n_now, hh_now);
  }
  r->has_actual = 1;
  r->gap = r->actual - r->target;
  r->met = strcmp(r->measure, "reduction") == 0 ? r->actual >= r->target
                                                : r->actual <= r->target;
  return POVREG_OK;
}

/* Targets against results (see povreg/report.h). */
int povreg_report_targets(povreg_db *db, const povreg_report_spec *spec,
                          povreg_target_cb cb, void *payload)
{
  static const char sql_unit[] = "SELECT 1 FROM unit WHERE code = ?1";
  /* the unit and every unit that was ever under it */
  static const char sql[] =
      "WITH RECURSIVE under(code) AS (SELECT ?1 WHERE ?1 IS NOT NULL UNION "
      "  SELECT v.code FROM unit_version v JOIN under ON v.parent_code = "
      "  under.code) "
      "SELECT t.unit_code, coalesce((SELECT v.name FROM unit_version v "
      "  WHERE v.code = t.unit_code AND (v.valid_from IS NULL OR "
      "  v.valid_from <= printf('%04d-01-01', t.year)) AND (v.valid_to IS "
      "  NULL OR v.valid_to > printf('%04d-01-01', t.year))), (SELECT v.name "
      "  FROM unit_version v WHERE v.code = t.unit_code ORDER BY "
      "  v.valid_from IS NULL, v.valid_from DESC LIMIT 1)), t.year, t.class, "
      "  t.measure, "
      "  t.value, t.source FROM target t WHERE (?1 IS NULL OR t.unit_code "
      "  IN (SELECT code FROM under)) AND (?2 = 0 OR t.year = ?2) "
      "ORDER BY length(t.unit_code), t.unit_code, t.year, t.class = "
      "'near_poor', CASE t.measure WHEN 'count' THEN 1 WHEN 'rate' THEN 2 "
      "ELSE 3 END";
  sqlite3_stmt *st = NULL;
  povreg_target_row r;
  memo m = {NULL, 0, 0};
  int rc;

  if (db == NULL || spec == NULL || cb == NULL) {
    return povreg__err(db, POVREG_EINVALID, "invalid argument");
  }
  if (spec->year != 0 && (spec->year < 1990 || spec->year > 2100)) {
    return povreg__err(db, POVREG_EINVALID,
                       "year: %d is not a status year from 1990 to 2100",
                       spec->year);
  }
  if (spec->unit_code != NULL) {
    if ((rc = povreg__stmt(db, sql_unit, &st)) < 0) {
      return rc;
    }
    povreg__bind_text(st, 1, spec->unit_code);
    rc = sqlite3_step(st);
    rc = rc == SQLITE_ROW ? POVREG_OK
         : rc == SQLITE_DONE
             ? povreg__err(db, POVREG_ENOTFOUND, "unit: no unit %.10s",
                           povreg__utf8_valid(spec->unit_code) ? spec->unit_code
                                                               : "?")
             : povreg__sqlite_err(db, "unit");
    povreg__stmt_done(st);
    st = NULL;
    if (rc < 0) {
      return rc;
    }
  }
  if ((rc = povreg__stmt(db, sql, &st)) < 0) {
    return rc;
  }
  povreg__bind_text(st, 1, spec->unit_code);
  sqlite3_bind_int(st, 2, spec->year);
  while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
    int stop;
    memset(&r, 0, sizeof r);
    r.unit_code = (const char *)sqlite3_column_text(st, 0);
    r.unit_name = (const char *)sqlite3_column_text(st, 1);
    r.year = sqlite3_column_int(st, 2);
    r.class_key = (const char *)sqlite3_column_text(st, 3);
    r.measure = (const char *)sqlite3_column_text(st, 4);
    r.target = (long)sqlite3_column_int64(st, 5);
    r.source = (const char *)sqlite3_column_text(st, 6);
    if ((rc = target_actual(db, &m, &r)) < 0) {
      goto done;
    }
    if ((stop = cb(&r, payload)) != 0) {
      rc = stop;
      goto done;
    }
  }
  rc = rc == SQLITE_DONE ? POVREG_OK : povreg__sqlite_err(db, "targets");
done:
  povreg__stmt_done(st);
  free(m.v);
  return rc;
}
