/*
** report.c: the board's tables from the ledger: the scope of a report
** (year, grouping date, unit and its communes), the summary per commune,
** the deprivation table and the transitions per commune with the unit's
** totals.  Each is one set-based query streamed to a callback; the MPI
** is in report_mpi.c, the plan targets in target.c.
*/
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "povreg_int.h"

/* The snippets of povreg_int.h for the households of the queries below. */
#define STATUS_OF_HH POVREG__CURRENT_STATUS_ON("cs", "hh.id")
#define CLASSIFICATION_OF_HH                                                   \
  POVREG__CLASSIFICATION_OF("hh.id", "cs.review_id", "?1")
#define CLASSIFICATION_OF_S POVREG__CLASSIFICATION_OF("s.id", "s.rid", "?1")
#define HEAD_ETHNICITY_OF_S POVREG__HEAD_OF("m_.ethnicity_code", "s.id")
#define TRANSITION_COLUMNS POVREG__TRANSITION_COLUMNS("?1")
#define TRANSITION_HAS_STATUS POVREG__TRANSITION_HAS_STATUS("?1")

/* Round-half-up basis points of part / whole (see povreg_int.h). */
long povreg__bp(int64_t part, int64_t whole)
{
  if (whole <= 0 || part < 0) {
    return 0;
  }
  return (long)((part * 20000 + whole) / (2 * whole));
}

/* Check a report spec and resolve its scope (see povreg_int.h). */
int povreg__report_scope(povreg__scope *out, povreg_db *db,
                         const povreg_report_spec *spec)
{
  static const char sql[] =
      "SELECT u.level, v.name FROM unit_version v JOIN unit u ON u.code = "
      "v.code WHERE v.code = ?1 AND (v.valid_from IS NULL OR v.valid_from "
      "<= ?2) AND (v.valid_to IS NULL OR v.valid_to > ?2) "
      "ORDER BY v.valid_from IS NULL, v.valid_from DESC LIMIT 1";
  sqlite3_stmt *st = NULL;
  size_t n;
  int rc;

  memset(out, 0, sizeof *out);
  if (spec->year < 1990 || spec->year > 2100) {
    return povreg__err(db, POVREG_EINVALID,
                       "year: %d is not a status year from 1990 to 2100",
                       spec->year);
  }
  out->year = spec->year;
  snprintf(out->d0, sizeof out->d0, "%04d-01-01", spec->year);
  if (spec->as_of != NULL) {
    if ((rc = povreg__check_date(db, "as_of", spec->as_of, 0)) < 0) {
      return rc;
    }
    snprintf(out->as_of, sizeof out->as_of, "%s", spec->as_of);
  } else {
    memcpy(out->as_of, out->d0, sizeof out->as_of);
  }
  if (spec->unit_code == NULL) {
    return POVREG_OK;
  }
  n = strlen(spec->unit_code);
  if (n == 0 || n > 5 || strspn(spec->unit_code, "0123456789") != n) {
    return povreg__err(db, POVREG_ENOTFOUND, "unit: no unit %.10s%s",
                       povreg__utf8_valid(spec->unit_code) ? spec->unit_code
                                                           : "?",
                       n > 10 ? "..." : "");
  }
  if ((rc = povreg__stmt(db, sql, &st)) < 0) {
    return rc;
  }
  povreg__bind_text(st, 1, spec->unit_code);
  povreg__bind_text(st, 2, out->as_of);
  rc = sqlite3_step(st);
  if (rc == SQLITE_ROW) {
    memcpy(out->unit, spec->unit_code, n + 1);
    snprintf(out->level, sizeof out->level, "%s",
             (const char *)sqlite3_column_text(st, 0));
    snprintf(out->unit_name, sizeof out->unit_name, "%s",
             (const char *)sqlite3_column_text(st, 1));
    rc = POVREG_OK;
  } else if (rc == SQLITE_DONE) {
    rc = povreg__err(db, POVREG_ENOTFOUND, "unit: no unit %s on %s",
                     spec->unit_code, out->as_of);
  } else {
    rc = povreg__sqlite_err(db, "unit");
  }
  povreg__stmt_done(st);
  return rc;
}

/* Bind a scope to ?1 year, ?2 grouping date, ?3 unit, ?4 Y-01-01. */
void povreg__report_bind(sqlite3_stmt *st, const povreg__scope *sc)
{
  sqlite3_bind_int(st, 1, sc->year);
  povreg__bind_text(st, 2, sc->as_of);
  povreg__bind_text(st, 3, sc->unit[0] ? sc->unit : NULL);
  povreg__bind_text(st, 4, sc->d0);
}

/* Fill the rates and the flag of a summary row from its counts. */
static void summary_rates(povreg_summary_row *r, int above_bp)
{
  r->poor_bp = povreg__bp(r->poor, r->households);
  r->near_poor_bp = povreg__bp(r->near_poor, r->households);
  r->above = above_bp > 0 && r->poor_bp > above_bp;
}

/* The summary (see povreg/report.h). */
int povreg_report_summary(povreg_db *db, const povreg_report_spec *spec,
                          povreg_summary_cb cb, void *payload)
{
  /* per household of Y: its class; for the poor, whether the head is of
     a minority and the survey's no_working_capacity fact */
  static const char sql[] = POVREG__REPORT_UNITS
      ", s AS (SELECT hh.id, hh.commune, cs.class AS cls, cs.review_id AS "
      "  rid FROM hh LEFT JOIN household_status cs ON " STATUS_OF_HH "), "
      "p AS MATERIALIZED (SELECT s.id, s.commune, s.cls, CASE WHEN s.cls = "
      "  'poor' THEN (SELECT e.is_minority FROM ethnicity e WHERE e.code "
      "= " HEAD_ETHNICITY_OF_S ") END AS minority, CASE WHEN s.cls = 'poor' "
      "  THEN (SELECT f.value FROM classification c JOIN survey_fact f ON "
      "  f.survey_id = c.survey_id AND f.key = 'no_working_capacity' WHERE "
      "  c.id = " CLASSIFICATION_OF_S ") END AS nw FROM s), "
      "agg AS MATERIALIZED (SELECT commune, count(*) AS n, sum(cls IS "
      "  'poor') AS poor, sum(cls IS 'near_poor') AS near, sum(minority IS "
      "  1) AS minority, sum(nw IS NOT NULL) AS nw_rec, sum(nw IS '1') AS "
      "  nw FROM p GROUP BY commune) "
      "SELECT comm.code, comm.name, coalesce(agg.n, 0), "
      "coalesce(agg.poor, 0), coalesce(agg.near, 0), "
      "coalesce(agg.minority, 0), coalesce(agg.nw_rec, 0), "
      "coalesce(agg.nw, 0) FROM comm LEFT JOIN agg ON agg.commune = "
      "comm.code ORDER BY comm.code";
  sqlite3_stmt *st = NULL;
  povreg__scope sc;
  povreg_summary_row r, tot;
  int rc;

  if (db == NULL || spec == NULL || cb == NULL) {
    return povreg__err(db, POVREG_EINVALID, "invalid argument");
  }
  if (spec->above_bp < 0 || spec->above_bp > 10000) {
    return povreg__err(db, POVREG_EINVALID,
                       "above: %d is not a rate from 0 to 10000 basis points",
                       spec->above_bp);
  }
  if ((rc = povreg__report_scope(&sc, db, spec)) < 0 ||
      (rc = povreg__stmt(db, sql, &st)) < 0) {
    return rc;
  }
  povreg__report_bind(st, &sc);
  memset(&tot, 0, sizeof tot);
  while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
    int stop;
    memset(&r, 0, sizeof r);
    r.unit_code = (const char *)sqlite3_column_text(st, 0);
    r.unit_name = (const char *)sqlite3_column_text(st, 1);
    r.households = (long)sqlite3_column_int64(st, 2);
    r.poor = (long)sqlite3_column_int64(st, 3);
    r.near_poor = (long)sqlite3_column_int64(st, 4);
    r.poor_minority = (long)sqlite3_column_int64(st, 5);
    r.no_work_recorded = (long)sqlite3_column_int64(st, 6);
    r.no_work = (long)sqlite3_column_int64(st, 7);
    summary_rates(&r, spec->above_bp);
    tot.households += r.households;
    tot.poor += r.poor;
    tot.near_poor += r.near_poor;
    tot.poor_minority += r.poor_minority;
    tot.no_work_recorded += r.no_work_recorded;
    tot.no_work += r.no_work;
    if ((stop = cb(&r, payload)) != 0) {
      rc = stop;
      goto done;
    }
  }
  if (rc != SQLITE_DONE) {
    rc = povreg__sqlite_err(db, "summary");
    goto done;
  }
  povreg__stmt_done(st);
  st = NULL;
  tot.unit_code = sc.unit;
  tot.unit_name = sc.unit_name;
  tot.is_total = 1;
  summary_rates(&tot, spec->above_bp);
  rc = cb(&tot, payload);
done:
  povreg__stmt_done(st);
  return rc;
}

/* The deprivation table (see povreg/report.h). */
int povreg_report_deprivation(char *standard_out, povreg_db *db,
                              const povreg_report_spec *spec,
                              povreg_deprivation_cb cb, void *payload)
{
  /* ?5 the class, ?6 the standard */
  static const char sql[] = POVREG__REPORT_UNITS
      ", b AS MATERIALIZED (SELECT c.deprived FROM hh JOIN household_status "
      "  cs ON " STATUS_OF_HH "AND cs.class = ?5 JOIN classification c ON "
      "  c.id = " CLASSIFICATION_OF_HH "), "
      "ind AS (SELECT i.ordinal, i.key, i.name_vi, i.dimension_vi FROM "
      "  indicator i JOIN standard s ON s.id = i.standard_id AND i.version = "
      "  s.version WHERE s.id = ?6) "
      "SELECT ind.ordinal, ind.key, ind.name_vi, ind.dimension_vi, "
      "(SELECT count(*) FROM b WHERE instr(',' || b.deprived || ',', ',' || "
      "ind.key || ',') > 0), (SELECT count(*) FROM b) FROM ind "
      "ORDER BY ind.ordinal";
  sqlite3_stmt *st = NULL;
  povreg__scope sc;
  povreg_deprivation_row r;
  const char *cls;
  char std[33];
  int rc;

  if (db == NULL || spec == NULL || cb == NULL) {
    return povreg__err(db, POVREG_EINVALID, "invalid argument");
  }
  cls = spec->class_key != NULL ? spec->class_key : "poor";
  if (povreg_class_parse(cls) == POVREG_CLASS_NONE) {
    return povreg__err(db, POVREG_EINVALID,
                       "class: must be poor, near_poor, average or non_poor");
  }
  if ((rc = povreg__report_scope(&sc, db, spec)) < 0) {
    return rc;
  }
  if ((rc = povreg_standard_for_year(std, db, sc.year)) < 0) {
    return rc; /* ENOTFOUND: "year: no standard governs status year Y" */
  }
  if (standard_out != NULL) {
    memcpy(standard_out, std, sizeof std);
  }
  if ((rc = povreg__stmt(db, sql, &st)) < 0) {
    return rc;
  }
  povreg__report_bind(st, &sc);
  povreg__bind_text(st, 5, cls);
  povreg__bind_text(st, 6, std);
  while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
    int stop;
    r.ordinal = sqlite3_column_int(st, 0);
    r.key = (const char *)sqlite3_column_text(st, 1);
    r.name_vi = (const char *)sqlite3_column_text(st, 2);
    r.dimension_vi = (const char *)sqlite3_column_text(st, 3);
    r.deprived = (long)sqlite3_column_int64(st, 4);
    r.base = (long)sqlite3_column_int64(st, 5);
    if ((stop = cb(&r, payload)) != 0) {
      rc = stop;
      goto done;
    }
  }
  rc = rc == SQLITE_DONE ? POVREG_OK : povreg__sqlite_err(db, "deprivation");
done:
  povreg__stmt_done(st);
  return rc;
}

/* Fill a transition row from columns col.. (start .. end). */
static void read_transition(sqlite3_stmt *st, int col, povreg_transition_row *r)
{
  r->start = sqlite3_column_int(st, col);
  r->escaped = sqlite3_column_int(st, col + 1);
  r->to_poor = sqlite3_column_int(st, col + 2);
  r->left = sqlite3_column_int(st, col + 3);
  r->relapsed = sqlite3_column_int(st, col + 4);
  r->newly = sqlite3_column_int(st, col + 5);
  r->end = sqlite3_column_int(st, col + 6);
}

/* Set a transition row's reconciliation flag from its counts. */
static void reconcile(povreg_transition_row *r)
{
  r->reconciles = r->end == r->start - r->escaped - r->to_poor - r->left +
                                r->relapsed + r->newly;
}

/* The transitions per commune and in total (see povreg/report.h). */
int povreg_report_transitions(povreg_db *db, const povreg_report_spec *spec,
                              povreg_report_transition_cb cb, void *payload)
{
  /* every household of the unit's communes (not only households of Y),
     as povreg_transitions() counts them */
  static const char sql[] = POVREG__REPORT_UNITS
      ", hall(id, commune) AS MATERIALIZED (SELECT h.id, map.code FROM "
      "  map JOIN household h ON h.commune_code = map.orig), "
      "t AS MATERIALIZED (SELECT hh.commune, " TRANSITION_COLUMNS
      "  FROM hall AS hh WHERE " TRANSITION_HAS_STATUS
      "), " POVREG__TRANSITION_CLASSES ", "
      "agg(commune, cls, st, es, tp, le, re, ne, en) AS MATERIALIZED ("
      "  SELECT t.commune, c.cls, " POVREG__TRANSITION_SUMS
      "  FROM t CROSS JOIN c GROUP BY t.commune, c.cls) "
      "SELECT comm.code, c.cls, coalesce(agg.st, 0), coalesce(agg.es, 0), "
      "coalesce(agg.tp, 0), coalesce(agg.le, 0), coalesce(agg.re, 0), "
      "coalesce(agg.ne, 0), coalesce(agg.en, 0) FROM comm CROSS JOIN c "
      "LEFT JOIN agg ON agg.commune = comm.code AND agg.cls = c.cls "
      "ORDER BY comm.code, c.rank";
  static const char *const classes[2] = {"poor", "near_poor"};
  sqlite3_stmt *st = NULL;
  povreg__scope sc;
  povreg_transition_row r, tot[2];
  int rc, i;

  if (db == NULL || spec == NULL || cb == NULL) {
    return povreg__err(db, POVREG_EINVALID, "invalid argument");
  }
  if ((rc = povreg__report_scope(&sc, db, spec)) < 0 ||
      (rc = povreg__stmt(db, sql, &st)) < 0) {
    return rc;
  }
  povreg__report_bind(st, &sc);
  memset(tot, 0, sizeof tot);
  while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
    int stop;
    povreg_transition_row *t;
    r.commune_code = (const char *)sqlite3_column_text(st, 0);
    r.class_key = (const char *)sqlite3_column_text(st, 1);
    read_transition(st, 2, &r);
    reconcile(&r);
    t = &tot[strcmp(r.class_key, "poor") == 0 ? 0 : 1];
    t->start += r.start;
    t->escaped += r.escaped;
    t->to_poor += r.to_poor;
    t->left += r.left;
    t->relapsed += r.relapsed;
    t->newly += r.newly;
    t->end += r.end;
    if ((stop = cb(&r, 0, payload)) != 0) {
      rc = stop;
      goto done;
    }
  }
  if (rc != SQLITE_DONE) {
    rc = povreg__sqlite_err(db, "transitions");
    goto done;
  }
  povreg__stmt_done(st);
  st = NULL;
  rc = POVREG_OK;
  for (i = 0; i < 2 && rc == POVREG_OK; i++) {
    tot[i].commune_code = sc.unit;
    tot[i].class_key = classes[i];
    reconcile(&tot[i]);
    rc = cb(&tot[i], 1, payload);
  }
done:
  povreg__stmt_done(st);
  return rc;
}
