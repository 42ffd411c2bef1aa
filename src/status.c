/*
** status.c: reading recognised statuses: the lists of a year (poor,
** near-poor, escaped, relapsed, newly arising), the year's transitions
** per commune and class with their reconciliation, and applications
** whose decision is overdue.
*/
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "povreg_int.h"

/* The shared per-household columns and filter (povreg_int.h), year ?2. */
#define TRANSITION_COLUMNS POVREG__TRANSITION_COLUMNS("?2")
#define TRANSITION_HAS_STATUS POVREG__TRANSITION_HAS_STATUS("?2")

/*
** Every household with a status in year ?2 or ?2 - 1, in commune ?1 (or
** all when NULL; a code closed by 1 January of ?2 counts for its
** successor): its commune, class the year before, class now, and whether
** it held each list class in any year before ?2 - 1.
*/
#define TRANSITION_BASE                                                        \
  "WITH hh AS (SELECT h.id, h.code, CASE WHEN u.closed_on IS NOT NULL AND "    \
  "  u.closed_on <= printf('%04d-01-01', ?2) THEN u.successor_code ELSE "      \
  "  h.commune_code END AS commune FROM household h JOIN unit u ON "           \
  "  u.code = h.commune_code), "                                               \
  "t AS MATERIALIZED (SELECT hh.id, hh.code, hh.commune, " TRANSITION_COLUMNS  \
  "FROM hh WHERE (?1 IS NULL OR hh.commune = ?1) AND " TRANSITION_HAS_STATUS   \
  ") "

/* The year's transitions (see povreg/review.h). */
int povreg_transitions(povreg_db *db, const char *commune_code, int status_year,
                       povreg_transition_cb cb, void *payload)
{
  static const char sql[] =
      TRANSITION_BASE ", " POVREG__TRANSITION_CLASSES
                      "SELECT t.commune, c.cls, " POVREG__TRANSITION_SUMS
                      "FROM t CROSS JOIN c GROUP BY t.commune, c.cls "
                      "ORDER BY t.commune, min(c.rank)";
  sqlite3_stmt *st = NULL;
  povreg_transition_row row;
  int rc;

  if (db == NULL || cb == NULL) {
    return povreg__err(db, POVREG_EINVALID, "invalid argument");
  }
  if ((rc = povreg__stmt(db, sql, &st)) < 0) {
    return rc;
  }
  povreg__bind_text(st, 1, commune_code);
  sqlite3_bind_int(st, 2, status_year);
  while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
    int stop;
    row.commune_code = (const char *)sqlite3_column_text(st, 0);
    row.class_key = (const char *)sqlite3_column_text(st, 1);
    row.start = sqlite3_column_int(st, 2);
    row.escaped = sqlite3_column_int(st, 3);
    row.to_poor = sqlite3_column_int(st, 4);
    row.left = sqlite3_column_int(st, 5);
    row.relapsed = sqlite3_column_int(st, 6);
    row.newly = sqlite3_column_int(st, 7);
    row.end = sqlite3_column_int(st, 8);
    row.reconciles = row.end == row.start - row.escaped - row.to_poor -
                                    row.left + row.relapsed + row.newly;
    if ((stop = cb(&row, payload)) != 0) {
      rc = stop;
      goto done;
    }
  }
  rc = rc == SQLITE_DONE ? POVREG_OK : povreg__sqlite_err(db, "transitions");
done:
  povreg__stmt_done(st);
  return rc;
}

/*
** What changed for an escaped household between the classifications of
** the two years: the income (or score) against the line, and the
** indicators no longer and newly deprived.  Allocates *out (NULL if
** there is nothing to compare).
*/
static int changes_of(povreg_db *db, int64_t household_id, int status_year,
                      char **out)
{
  static const char sql[] =
      /* the classification each year's recognised status came from: the
         approved review's proposal, else (an amendment) the latest one */
      "WITH y(yr) AS (VALUES (?2 - 1), (?2)), "
      "pick AS (SELECT y.yr, coalesce((SELECT rh.classification_id FROM "
      "  current_status cs JOIN review_household rh ON rh.review_id = "
      "  cs.review_id AND rh.household_id = cs.household_id WHERE "
      "  cs.household_id = ?1 AND cs.status_year = y.yr), (SELECT max(c2.id) "
      "  FROM classification c2 JOIN survey s2 ON s2.id = c2.survey_id "
      "  WHERE s2.household_id = ?1 AND c2.status_year = y.yr)) AS id "
      "  FROM y), "
      "c AS (SELECT c.status_year, c.deprived, "
      "  json_extract(c.detail, '$.value') AS value, "
      "  json_extract(c.detail, '$.poverty_line') AS line, "
      "  json_extract(c.detail, '$.used_score') AS score, c.class "
      "  FROM classification c JOIN pick ON pick.id = c.id), "
      "a AS (SELECT * FROM c WHERE status_year = ?2 - 1), "
      "b AS (SELECT * FROM c WHERE status_year = ?2) "
      "SELECT printf('%s %d -> %d (line %d); no longer deprived: %s; newly "
      "deprived: %s', CASE WHEN b.score THEN 'score A' ELSE 'income' END, "
      "a.value, b.value, b.line, "
      "coalesce((SELECT group_concat(value, ',') FROM json_each('[\"' || "
      "  replace(a.deprived, ',', '\",\"') || '\"]') WHERE a.deprived <> '' "
      "  AND instr(',' || b.deprived || ',', ',' || value || ',') = 0), "
      "  '-'), "
      "coalesce((SELECT group_concat(value, ',') FROM json_each('[\"' || "
      "  replace(b.deprived, ',', '\",\"') || '\"]') WHERE b.deprived <> '' "
      "  AND instr(',' || a.deprived || ',', ',' || value || ',') = 0), "
      "  '-')) FROM a, b";
  sqlite3_stmt *st = NULL;
  int rc, ok = 1;

  *out = NULL;
  if ((rc = povreg__stmt(db, sql, &st)) < 0) {
    return rc;
  }
  sqlite3_bind_int64(st, 1, household_id);
  sqlite3_bind_int(st, 2, status_year);
  rc = sqlite3_step(st);
  if (rc == SQLITE_ROW) {
    *out = povreg__col_strdup(st, 0, &ok);
  }
  rc = (rc == SQLITE_ROW || rc == SQLITE_DONE)
           ? (ok ? POVREG_OK : povreg__err(db, POVREG_ENOMEM, "out of memory"))
           : povreg__sqlite_err(db, "changes");
  povreg__stmt_done(st);
  return rc;
}

/* The lists of a year (see povreg/review.h). */
int povreg_status_list(povreg_db *db, const char *commune_code, int status_year,
                       const char *list, povreg_list_cb cb, void *payload)
{
  static const char sql[] = TRANSITION_BASE
      "SELECT t.id, t.code, (SELECT m.full_name FROM member m WHERE "
      "m.household_id = t.id AND m.relation = 'head' AND m.status = "
      "'active'), (SELECT v.name FROM household h2 JOIN village v ON v.id = "
      "h2.village_id WHERE h2.id = t.id), t.now, t.before, "
      "CASE WHEN t.before IS NULL OR t.before NOT IN ('poor', 'near_poor') "
      "  THEN (CASE WHEN t.now IN ('poor', 'near_poor') THEN "
      "    (CASE WHEN (t.now = 'poor' AND t.was_poor) OR (t.now = "
      "     'near_poor' AND t.was_near) THEN 'relapsed' ELSE 'new' END) "
      "    ELSE NULL END) "
      "  WHEN t.now IS NULL THEN 'left' "
      "  WHEN t.now = t.before THEN 'stayed' "
      "  WHEN t.before = 'near_poor' AND t.now = 'poor' THEN 'to_poor' "
      "  ELSE 'escaped' END AS transition "
      "FROM t WHERE CASE ?3 WHEN 'poor' THEN t.now IS 'poor' "
      "  WHEN 'near_poor' THEN t.now IS 'near_poor' ELSE 1 END "
      "ORDER BY t.code";
  sqlite3_stmt *st = NULL;
  povreg_list_entry e;
  char *changes = NULL;
  int rc;

  if (db == NULL || cb == NULL) {
    return povreg__err(db, POVREG_EINVALID, "invalid argument");
  }
  if (list == NULL ||
      (strcmp(list, "poor") != 0 && strcmp(list, "near_poor") != 0 &&
       strcmp(list, "escaped") != 0 && strcmp(list, "relapsed") != 0 &&
       strcmp(list, "new") != 0)) {
    return povreg__err(db, POVREG_EINVALID,
                       "list: must be poor, near_poor, escaped, relapsed or "
                       "new");
  }
  if ((rc = povreg__stmt(db, sql, &st)) < 0) {
    return rc;
  }
  povreg__bind_text(st, 1, commune_code);
  sqlite3_bind_int(st, 2, status_year);
  povreg__bind_text(st, 3, list);
  while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
    const char *tr = (const char *)sqlite3_column_text(st, 6);
    int stop;
    if ((strcmp(list, "escaped") == 0 || strcmp(list, "relapsed") == 0 ||
         strcmp(list, "new") == 0) &&
        (tr == NULL || strcmp(tr, list) != 0)) {
      continue;
    }
    free(changes);
    changes = NULL;
    if (strcmp(list, "escaped") == 0 &&
        (rc = changes_of(db, sqlite3_column_int64(st, 0), status_year,
                         &changes)) < 0) {
      goto done;
    }
    e.household_code = (const char *)sqlite3_column_text(st, 1);
    e.head_name = (const char *)sqlite3_column_text(st, 2);
    e.village = (const char *)sqlite3_column_text(st, 3);
    e.class_now = (const char *)sqlite3_column_text(st, 4);
    e.class_before = (const char *)sqlite3_column_text(st, 5);
    e.transition = tr;
    e.changes = changes;
    if ((stop = cb(&e, payload)) != 0) {
      rc = stop;
      goto done;
    }
  }
  rc = rc == SQLITE_DONE ? POVREG_OK : povreg__sqlite_err(db, "list");
done:
  povreg__stmt_done(st);
  free(changes);
  return rc;
}

/* Applications whose decision is overdue (see povreg/review.h). */
int povreg_applications_overdue(povreg_db *db, const char *date,
                                povreg_overdue_cb cb, void *payload)
{
  /* due: 15 days after the ad-hoc review that took the application up
     opened; not yet taken up: 15 days after the next monthly review
     (the 15th on or after the application) */
  static const char sql[] =
      "SELECT * FROM (SELECT a.id, h.code, a.kind, a.applied_on, "
      "date(coalesce(r.opened_on, CASE WHEN strftime('%d', a.applied_on) <= "
      "'15' THEN date(a.applied_on, 'start of month', '+14 days') ELSE "
      "date(a.applied_on, 'start of month', '+1 month', '+14 days') END), "
      "'+15 days') AS due FROM application a JOIN household h ON h.id = "
      "a.household_id LEFT JOIN review r ON r.id = a.review_id WHERE "
      "r.id IS NULL OR (r.approved = 0 AND r.kind = 'adhoc')) "
      "WHERE due < ?1 ORDER BY due, id";
  sqlite3_stmt *st = NULL;
  povreg_overdue o;
  int rc;

  if (db == NULL || cb == NULL) {
    return povreg__err(db, POVREG_EINVALID, "invalid argument");
  }
  if ((rc = povreg__check_date(db, "date", date, 0)) < 0 ||
      (rc = povreg__stmt(db, sql, &st)) < 0) {
    return rc;
  }
  povreg__bind_text(st, 1, date);
  while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
    int stop;
    o.application_id = sqlite3_column_int64(st, 0);
    o.household_code = (const char *)sqlite3_column_text(st, 1);
    o.kind = (const char *)sqlite3_column_text(st, 2);
    o.applied_on = (const char *)sqlite3_column_text(st, 3);
    o.due_on = (const char *)sqlite3_column_text(st, 4);
    if ((stop = cb(&o, payload)) != 0) {
      rc = stop;
      goto done;
    }
  }
  rc = rc == SQLITE_DONE ? POVREG_OK : povreg__sqlite_err(db, "overdue");
done:
  povreg__stmt_done(st);
  return rc;
}
