/*
** review.c: periodic and ad-hoc reviews of a commune, from opening to
** approval, and the recognised statuses they write.  Every step is one
** transaction and is audited; an approved review is locked.
*/
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "povreg_int.h"

/* Households of a commune, including those registered under a code that
   the commune took over on or before ?2 (a date). ?1 = commune. */
#define IN_COMMUNE(col)                                                        \
  "(" col " = ?1 OR " col " IN (SELECT code FROM unit WHERE "                  \
  "successor_code = ?1 AND closed_on <= ?2))"

/* What a step needs to know about a review. */
typedef struct rv {
  int64_t id;
  char commune[6];
  int year, month, status_year, approved;
  char reference_date[11], standard_id[33], opened_on[11];
  char posted_to[11], decision[64];
  int standard_version;
} rv;

/* Load a review; ELOCKED when must_be_open and it is approved. */
static int load_review(povreg_db *db, int64_t id, int must_be_open, rv *r)
{
  static const char sql[] =
      "SELECT id, commune_code, year, month, status_year, approved, "
      "reference_date, standard_id, opened_on, coalesce(posted_to, ''), "
      "coalesce(decision, ''), standard_version FROM review WHERE id = ?1";
  sqlite3_stmt *st = NULL;
  int rc;

  memset(r, 0, sizeof *r);
  if ((rc = povreg__stmt(db, sql, &st)) < 0) {
    return rc;
  }
  sqlite3_bind_int64(st, 1, id);
  rc = sqlite3_step(st);
  if (rc == SQLITE_ROW) {
    r->id = sqlite3_column_int64(st, 0);
    snprintf(r->commune, sizeof r->commune, "%s",
             (const char *)sqlite3_column_text(st, 1));
    r->year = sqlite3_column_int(st, 2);
    r->month = sqlite3_column_int(st, 3);
    r->status_year = sqlite3_column_int(st, 4);
    r->approved = sqlite3_column_int(st, 5);
    snprintf(r->reference_date, sizeof r->reference_date, "%s",
             (const char *)sqlite3_column_text(st, 6));
    snprintf(r->standard_id, sizeof r->standard_id, "%s",
             (const char *)sqlite3_column_text(st, 7));
    snprintf(r->opened_on, sizeof r->opened_on, "%s",
             (const char *)sqlite3_column_text(st, 8));
    snprintf(r->posted_to, sizeof r->posted_to, "%s",
             (const char *)sqlite3_column_text(st, 9));
    snprintf(r->decision, sizeof r->decision, "%s",
             (const char *)sqlite3_column_text(st, 10));
    r->standard_version = sqlite3_column_int(st, 11);
    rc = POVREG_OK;
    if (must_be_open && r->approved) {
      rc = povreg__err(db, POVREG_ELOCKED,
                       "review: the review of %s for %d is approved (%s) "
                       "and locked; amend a status by decision",
                       r->commune, r->status_year, r->decision);
    }
  } else if (rc == SQLITE_DONE) {
    rc = povreg__err(db, POVREG_ENOTFOUND, "review: no review %lld",
                     (long long)id);
  } else {
    rc = povreg__sqlite_err(db, "review");
  }
  povreg__stmt_done(st);
  return rc;
}

/* Run a cached statement binding ?1 int64 and up to 3 texts ?2..?4. */
static int run(povreg_db *db, const char *sql, const char *context, int64_t i1,
               const char *t2, const char *t3, const char *t4)
{
  sqlite3_stmt *st = NULL;
  int rc;

  if ((rc = povreg__stmt(db, sql, &st)) < 0) {
    return rc;
  }
  sqlite3_bind_int64(st, 1, i1);
  povreg__bind_text(st, 2, t2);
  povreg__bind_text(st, 3, t3);
  povreg__bind_text(st, 4, t4);
  rc = sqlite3_step(st);
  rc = (rc == SQLITE_DONE || rc == SQLITE_ROW)
           ? POVREG_OK
           : povreg__sqlite_err(db, context);
  povreg__stmt_done(st);
  return rc;
}

/* Audit key of a review step: COMMUNE/YEAR[/HOUSEHOLD]. */
static void review_key(char key[64], const rv *r, const char *household)
{
  snprintf(key, 64, "%s/%d%s%s", r->commune, r->year, household ? "/" : "",
           household ? household : "");
}

/* Audit a review step with a JSON object. */
static int audit_step(povreg_db *db, const char *action, const rv *r,
                      const char *household, const char *json)
{
  char key[64];

  review_key(key, r, household);
  return povreg__audit(db, action, "review", key, NULL, json);
}

/* Run a one-row JSON query binding ?1..?4 as text; allocates *out. */
static int json_of(char **out, povreg_db *db, const char *sql, const char *a,
                   const char *b, const char *c, const char *d)
{
  sqlite3_stmt *st = NULL;
  int rc, ok = 1;

  *out = NULL;
  if ((rc = povreg__stmt(db, sql, &st)) < 0) {
    return rc;
  }
  povreg__bind_text(st, 1, a);
  povreg__bind_text(st, 2, b);
  povreg__bind_text(st, 3, c);
  povreg__bind_text(st, 4, d);
  if (sqlite3_step(st) == SQLITE_ROW) {
    *out = povreg__col_strdup(st, 0, &ok);
  }
  povreg__stmt_done(st);
  return ok ? POVREG_OK : povreg__err(db, POVREG_ENOMEM, "out of memory");
}

/* Audit a review step with up to two key/value pairs. */
static int audit_kv(povreg_db *db, const char *action, const rv *r,
                    const char *household, const char *k1, const char *v1,
                    const char *k2, const char *v2)
{
  char key[64];

  review_key(key, r, household);
  return povreg__audit_kv(db, action, "review", key, k1, v1, k2, v2, NULL,
                          NULL);
}

/* Start a step on an open review: transaction + review + household. */
static int begin_step(povreg_db *db, int64_t review_id,
                      const char *household_code, rv *r, povreg__hh *hh)
{
  static const char sql_in[] =
      "SELECT 1 FROM review_household WHERE review_id = ?1 AND "
      "household_id = ?2";
  sqlite3_stmt *st = NULL;
  int rc;

  if ((rc = povreg__tx_begin(db)) < 0) {
    return rc;
  }
  if ((rc = load_review(db, review_id, 1, r)) < 0) {
    goto fail;
  }
  if (household_code != NULL) {
    if ((rc = povreg__hh_find(db, household_code, 0, hh)) < 0 ||
        (rc = povreg__stmt(db, sql_in, &st)) < 0) {
      goto fail;
    }
    sqlite3_bind_int64(st, 1, r->id);
    sqlite3_bind_int64(st, 2, hh->id);
    rc = sqlite3_step(st);
    povreg__stmt_done(st);
    if (rc != SQLITE_ROW) {
      rc = povreg__err(db, POVREG_ENOTFOUND,
                       "household: %s is not in the review of %s for %d",
                       hh->code, r->commune, r->status_year);
      goto fail;
    }
  }
  return POVREG_OK;
fail:
  povreg__tx_rollback(db);
  return rc;
}

/* Finish a step: commit, or roll back when rc < 0. */
static int end_step(povreg_db *db, int rc)
{
  if (rc < 0) {
    povreg__tx_rollback(db);
    return rc;
  }
  return povreg__tx_commit(db);
}

/* Record an application (see povreg/review.h). */
int povreg_apply(int64_t *id_out, povreg_db *db, const char *household_code,
                 const char *kind, const char *applied_on, const char *reason)
{
  static const char sql[] =
      "INSERT INTO application(household_id, applied_on, kind, reason) "
      "VALUES (?1, ?2, ?3, ?4)";
  static const char sql_json[] =
      "SELECT json_object('kind', ?1, 'applied_on', ?2, 'reason', ?3)";
  povreg__hh hh;
  char day[11], *json = NULL;
  int64_t id = 0;
  int rc, in_tx = 0;

  if (db == NULL) {
    return POVREG_EINVALID;
  }
  if (kind == NULL ||
      (strcmp(kind, "enter") != 0 && strcmp(kind, "escape") != 0)) {
    return povreg__err(db, POVREG_EINVALID, "kind: must be enter or escape");
  }
  if ((rc = povreg__op_date(db, "applied_on", applied_on, day)) < 0 ||
      (rc = povreg__check_text(db, "reason", reason, 500, 0)) < 0 ||
      (rc = povreg__tx_begin(db)) < 0) {
    return rc;
  }
  in_tx = 1;
  if ((rc = povreg__hh_find(db, household_code, 1, &hh)) < 0 ||
      (rc = povreg__hh_check_date(db, &hh, day)) < 0 ||
      (rc = run(db, sql, "application", hh.id, day, kind, reason)) < 0) {
    goto done;
  }
  id = sqlite3_last_insert_rowid(db->sq);
  if ((rc = json_of(&json, db, sql_json, kind, day, reason, NULL)) < 0 ||
      (rc = povreg__audit(db, "application.add", "household", hh.code, NULL,
                          json)) < 0 ||
      (rc = povreg__tx_commit(db)) < 0) {
    goto done;
  }
  in_tx = 0;
  if (id_out != NULL) {
    *id_out = id;
  }
done:
  free(json);
  if (in_tx) {
    povreg__tx_rollback(db);
  }
  return rc;
}

/* Find a review (see povreg/review.h). */
int povreg_review_find(int64_t *id_out, povreg_db *db, const char *commune_code,
                       int year, int month)
{
  static const char sql[] =
      "SELECT id FROM review WHERE commune_code = ?1 AND year = ?2 AND "
      "month = ?3";
  sqlite3_stmt *st = NULL;
  int rc;

  if (id_out == NULL || db == NULL || commune_code == NULL) {
    return povreg__err(db, POVREG_EINVALID, "invalid argument");
  }
  if ((rc = povreg__stmt(db, sql, &st)) < 0) {
    return rc;
  }
  povreg__bind_text(st, 1, commune_code);
  sqlite3_bind_int(st, 2, year);
  sqlite3_bind_int(st, 3, month);
  rc = sqlite3_step(st);
  if (rc == SQLITE_ROW) {
    *id_out = sqlite3_column_int64(st, 0);
    rc = POVREG_OK;
  } else if (rc == SQLITE_DONE) {
    rc = month == 0 ? povreg__err(db, POVREG_ENOTFOUND,
                                  "review: no review of %.5s in %d "
                                  "(open it with 'povreg review open')",
                                  commune_code, year)
                    : povreg__err(db, POVREG_ENOTFOUND,
                                  "review: no ad-hoc review of %.5s in "
                                  "%d-%02d",
                                  commune_code, year, month);
  } else {
    rc = povreg__sqlite_err(db, "review");
  }
  povreg__stmt_done(st);
  return rc;
}

/* Open a review (see povreg/review.h). */
int povreg_review_open(int64_t *id_out, povreg_db *db,
                       const povreg_review_spec *spec)
{
  static const char sql_ins[] =
      "INSERT INTO review(commune_code, year, kind, month, status_year, "
      "reference_date, standard_id, standard_version, opened_on) VALUES "
      "(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)";
  static const char sql_listed[] =
      "INSERT INTO review_household(review_id, household_id, must_review, "
      "why) SELECT ?3, h.id, 1, 'listed' FROM household h "
      "JOIN current_status s ON s.household_id = h.id AND "
      "s.status_year = ?4 AND s.class IN ('poor', 'near_poor') "
      "WHERE (h.dissolved_on IS NULL OR h.dissolved_on > ?2) AND " IN_COMMUNE(
          "h.commune_code");
  static const char sql_applied[] =
      "INSERT INTO review_household(review_id, household_id, must_review, "
      "why) SELECT DISTINCT ?3, h.id, 1, 'applied' FROM application a "
      "JOIN household h ON h.id = a.household_id WHERE a.review_id IS NULL "
      "AND a.applied_on <= ?4 AND (h.dissolved_on IS NULL OR "
      "h.dissolved_on > ?2) AND " IN_COMMUNE(
          "h.commune_code") " ON CONFLICT DO NOTHING";
  static const char sql_take[] =
      "UPDATE application SET review_id = ?3 WHERE review_id IS NULL AND "
      "applied_on <= ?4 AND household_id IN (SELECT household_id FROM "
      "review_household WHERE review_id = ?3)";
  static const char sql_json[] =
      "SELECT json_object('status_year', status_year, 'reference_date', "
      "reference_date, 'standard', standard_id, 'version', standard_version, "
      "'households', (SELECT count(*) FROM review_household WHERE "
      "review_id = r.id)) FROM review r WHERE id = ?1";
  sqlite3_stmt *st = NULL;
  povreg_rulebook *rb = NULL;
  povreg_unit *u = NULL;
  char ref[11], opened[11], *json = NULL;
  int64_t id = 0;
  int rc, in_tx = 0, status_year, pass;
  rv r;

  if (db == NULL || spec == NULL || spec->commune_code == NULL) {
    return povreg__err(db, POVREG_EINVALID, "commune_code: missing");
  }
  if (spec->year < 1990 || spec->year > 2100) {
    return povreg__err(db, POVREG_EINVALID,
                       "year: %d is not a year from 1990 to 2100", spec->year);
  }
  if (spec->month < 0 || spec->month > 12) {
    return povreg__err(db, POVREG_EINVALID,
                       "month: must be 1-12 (ad-hoc) or 0 (periodic)");
  }
  status_year = spec->month == 0 ? spec->year + 1 : spec->year;
  if (spec->reference_date != NULL) {
    if ((rc = povreg__check_date(db, "reference_date", spec->reference_date,
                                 0)) < 0) {
      return rc;
    }
    snprintf(ref, sizeof ref, "%s", spec->reference_date);
  } else if (spec->month == 0) {
    snprintf(ref, sizeof ref, "%04d-09-01", spec->year);
  } else {
    snprintf(ref, sizeof ref, "%04d-%02d-15", spec->year, spec->month);
  }
  if ((rc = povreg__op_date(db, "opened_on", spec->opened_on, opened)) < 0) {
    return rc;
  }
  if ((rc = povreg_rulebook_load(&rb, db, spec->standard_id, status_year)) <
      0) {
    return rc;
  }
  if ((rc = povreg__tx_begin(db)) < 0) {
    goto done;
  }
  in_tx = 1;
  if ((rc = povreg_unit_get(&u, db, spec->commune_code, ref)) < 0) {
    povreg__err(db, rc, "commune_code: no commune %.5s on %s",
                spec->commune_code, ref);
    goto done;
  }
  if (strcmp(u->level, "commune") != 0) {
    rc = povreg__err(db, POVREG_EINVALID, "commune_code: %s is a %s", u->code,
                     u->level);
    goto done;
  }
  if ((rc = povreg__stmt(db, sql_ins, &st)) < 0) {
    goto done;
  }
  povreg__bind_text(st, 1, spec->commune_code);
  sqlite3_bind_int(st, 2, spec->year);
  povreg__bind_text(st, 3, spec->month == 0 ? "periodic" : "adhoc");
  sqlite3_bind_int(st, 4, spec->month);
  sqlite3_bind_int(st, 5, status_year);
  povreg__bind_text(st, 6, ref);
  povreg__bind_text(st, 7, povreg_rulebook_id(rb));
  sqlite3_bind_int(st, 8, povreg_rulebook_version(rb));
  povreg__bind_text(st, 9, opened);
  if (sqlite3_step(st) != SQLITE_DONE) {
    rc = povreg__sqlite_err(db, "review");
    if (rc == POVREG_EEXISTS) {
      povreg__err(db, rc, "review: %s already has this review for %d",
                  spec->commune_code, status_year);
    }
    goto done;
  }
  id = sqlite3_last_insert_rowid(db->sq);
  povreg__stmt_done(st);
  st = NULL;
  /* who must be reviewed: listed households (periodic), then applicants */
  for (pass = spec->month == 0 ? 0 : 1; pass < 3; pass++) {
    const char *sql = pass == 0   ? sql_listed
                      : pass == 1 ? sql_applied
                                  : sql_take;
    if ((rc = povreg__stmt(db, sql, &st)) < 0) {
      goto done;
    }
    povreg__bind_text(st, 1, spec->commune_code);
    povreg__bind_text(st, 2, ref);
    sqlite3_bind_int64(st, 3, id);
    if (pass == 0) {
      sqlite3_bind_int(st, 4, status_year - 1);
    } else {
      povreg__bind_text(st, 4, opened);
    }
    rc = sqlite3_step(st) == SQLITE_DONE ? POVREG_OK
                                         : povreg__sqlite_err(db, "review");
    povreg__stmt_done(st);
    st = NULL;
    if (rc < 0) {
      goto done;
    }
  }
  if ((rc = load_review(db, id, 0, &r)) < 0 ||
      (rc = povreg__json(&json, db, sql_json, NULL, id)) < 0 ||
      (rc = audit_step(db, "review.open", &r, NULL, json)) < 0 ||
      (rc = povreg__tx_commit(db)) < 0) {
    goto done;
  }
  in_tx = 0;
  if (id_out != NULL) {
    *id_out = id;
  }
done:
  povreg__stmt_done(st);
  povreg_rulebook_free(rb);
  povreg_unit_free(u);
  free(json);
  if (in_tx) {
    povreg__tx_rollback(db);
  }
  return rc;
}

/* Add a household to a review (see povreg/review.h). */
int povreg_review_add(povreg_db *db, int64_t review_id,
                      const char *household_code)
{
  static const char sql_commune[] =
      "SELECT created_on <= ?2 AND (dissolved_on IS NULL OR dissolved_on > "
      "?2) FROM household WHERE id = ?3 AND " IN_COMMUNE("commune_code");
  static const char sql[] =
      "INSERT INTO review_household(review_id, household_id, must_review, "
      "why) VALUES (?1, ?2, 0, 'added')";
  sqlite3_stmt *st = NULL;
  povreg__hh hh;
  int rc;
  rv r;

  if (db == NULL) {
    return POVREG_EINVALID;
  }
  if ((rc = povreg__tx_begin(db)) < 0) {
    return rc;
  }
  if ((rc = load_review(db, review_id, 1, &r)) < 0 ||
      (rc = povreg__hh_find(db, household_code, 0, &hh)) < 0 ||
      (rc = povreg__stmt(db, sql_commune, &st)) < 0) {
    return end_step(db, rc);
  }
  povreg__bind_text(st, 1, r.commune);
  povreg__bind_text(st, 2, r.reference_date);
  sqlite3_bind_int64(st, 3, hh.id);
  rc = sqlite3_step(st);
  {
    int existed = rc == SQLITE_ROW && sqlite3_column_int(st, 0);
    povreg__stmt_done(st);
    if (rc != SQLITE_ROW) {
      return end_step(db, povreg__err(db, POVREG_EINVALID,
                                      "household: %s is not in commune %s",
                                      hh.code, r.commune));
    }
    if (!existed) {
      return end_step(db, povreg__err(db, POVREG_EINVALID,
                                      "household: %s did not exist on the "
                                      "review's reference date %s",
                                      hh.code, r.reference_date));
    }
  }
  if ((rc = povreg__stmt(db, sql, &st)) < 0) {
    return end_step(db, rc);
  }
  sqlite3_bind_int64(st, 1, r.id);
  sqlite3_bind_int64(st, 2, hh.id);
  rc = sqlite3_step(st) == SQLITE_DONE ? POVREG_OK
                                       : povreg__sqlite_err(db, "review");
  povreg__stmt_done(st);
  if (rc == POVREG_EEXISTS) {
    rc = povreg__err(db, rc, "household: %s is already in the review", hh.code);
  }
  if (rc == POVREG_OK) {
    rc = audit_kv(db, "review.add", &r, hh.code, "why", "added", NULL, NULL);
  }
  return end_step(db, rc);
}

/*
** Add every household of the review's commune that existed on its
** reference date and is not in it yet (see povreg/review.h).  One
** statement, one audit entry with the count.
*/
int povreg_review_add_all(int *n_out, povreg_db *db, int64_t review_id)
{
  static const char sql[] =
      "INSERT INTO review_household(review_id, household_id, must_review, "
      "why) SELECT ?3, id, 0, 'added' FROM household WHERE "
      "" IN_COMMUNE(
          "commune_code") " AND created_on <= ?2 AND "
                          "(dissolved_on IS NULL OR dissolved_on > ?2) ORDER "
                          "BY id "
                          "ON CONFLICT(review_id, household_id) DO NOTHING";
  sqlite3_stmt *st = NULL;
  char count[24];
  int rc, n = 0;
  rv r;

  if (db == NULL) {
    return POVREG_EINVALID;
  }
  if ((rc = begin_step(db, review_id, NULL, &r, NULL)) < 0) {
    return rc;
  }
  if ((rc = povreg__stmt(db, sql, &st)) < 0) {
    return end_step(db, rc);
  }
  povreg__bind_text(st, 1, r.commune);
  povreg__bind_text(st, 2, r.reference_date);
  sqlite3_bind_int64(st, 3, r.id);
  if (sqlite3_step(st) == SQLITE_DONE) {
    n = sqlite3_changes(db->sq);
    rc = POVREG_OK;
  } else {
    rc = povreg__sqlite_err(db, "review");
  }
  povreg__stmt_done(st);
  if (rc == POVREG_OK) {
    snprintf(count, sizeof count, "%d", n);
    rc = audit_kv(db, "review.add_all", &r, NULL, "added", count, NULL, NULL);
  }
  if ((rc = end_step(db, rc)) == POVREG_OK && n_out != NULL) {
    *n_out = n;
  }
  return rc;
}

/* Households a review classifies per page: the memory of a page. */
#define CLASSIFY_PAGE 256

/* Page cache while a review is classified (KiB): it reads each
   household's pages once, in id order, so a small cache serves it as well
   as the ledger's 16 MiB, which a province's commune (143,000 households)
   filled: classify peaked at 37 MiB at a million households against 23
   at 100,000. */
#define CLASSIFY_CACHE_KIB 4096

/*
** The next page of a review's households to classify: those after
** household id *after, in id order (the review_household key, so no
** sort), at most CLASSIFY_PAGE.  Sets *n; advances *after.
*/
static int classify_page(povreg_db *db, const rv *r, int64_t *after,
                         povreg__hh *hh, char (*prev)[12], size_t *n)
{
  static const char sql[] =
      "SELECT h.id, h.code, h.commune_code, h.created_on, "
      "coalesce(h.village_id, 0), h.dissolved_on IS NOT NULL, "
      "rh.proposed_class FROM review_household rh "
      "JOIN household h ON h.id = rh.household_id "
      "WHERE rh.review_id = ?1 AND rh.household_id > ?2 AND "
      "rh.excused_reason IS NULL AND rh.needs_resurvey = 0 AND EXISTS "
      "(SELECT 1 FROM survey s WHERE s.household_id = h.id AND "
      "s.review_year = ?3) ORDER BY rh.household_id LIMIT ?4";
  sqlite3_stmt *st = NULL;
  int rc;

  *n = 0;
  if ((rc = povreg__stmt(db, sql, &st)) < 0) {
    return rc;
  }
  sqlite3_bind_int64(st, 1, r->id);
  sqlite3_bind_int64(st, 2, *after);
  sqlite3_bind_int(st, 3, r->status_year - 1);
  sqlite3_bind_int(st, 4, CLASSIFY_PAGE);
  while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
    povreg__hh *h = &hh[*n];
    h->id = sqlite3_column_int64(st, 0);
    snprintf(h->code, sizeof h->code, "%s",
             (const char *)sqlite3_column_text(st, 1));
    snprintf(h->commune, sizeof h->commune, "%s",
             (const char *)sqlite3_column_text(st, 2));
    snprintf(h->created_on, sizeof h->created_on, "%s",
             (const char *)sqlite3_column_text(st, 3));
    h->village_id = sqlite3_column_int64(st, 4);
    h->dissolved = sqlite3_column_int(st, 5);
    snprintf(prev[*n], sizeof prev[*n], "%s",
             sqlite3_column_type(st, 6) == SQLITE_NULL
                 ? ""
                 : (const char *)sqlite3_column_text(st, 6));
    *after = h->id;
    (*n)++;
  }
  rc = rc == SQLITE_DONE ? POVREG_OK : povreg__sqlite_err(db, "review");
  povreg__stmt_done(st);
  return rc;
}

/* A review's proposals set ROWS at a time: (household, classification,
   class, changed) each; a changed proposal clears the override and the
   meeting, which must be held again. */
#define PROP1 "(?, ?, ?, ?)"
#define PROP4 PROP1 ", " PROP1 ", " PROP1 ", " PROP1
#define PROP16 PROP4 ", " PROP4 ", " PROP4 ", " PROP4
#define PROP_SQL(rows)                                                         \
  "UPDATE review_household AS rh SET classification_id = c.column2, "          \
  "proposed_class = c.column3, "                                               \
  "override_class = CASE WHEN c.column4 THEN NULL ELSE rh.override_class "     \
  "END, override_reason = CASE WHEN c.column4 THEN NULL ELSE "                 \
  "rh.override_reason END, meeting_date = CASE WHEN c.column4 THEN NULL "      \
  "ELSE rh.meeting_date END, attendees = CASE WHEN c.column4 THEN NULL "       \
  "ELSE rh.attendees END, agreeing = CASE WHEN c.column4 THEN NULL ELSE "      \
  "rh.agreeing END, meeting_agreed = CASE WHEN c.column4 THEN NULL ELSE "      \
  "rh.meeting_agreed END FROM (VALUES " rows ") AS c "                         \
  "WHERE rh.review_id = ? AND rh.household_id = c.column1"

/*
** Set the proposals of a page: household page[i] gets classification
** ids[i] and class now[i]; changed[i] says it differs from before.
** Like povreg__cbatch_store, 16, 4 or 1 rows to a statement.
*/
static int set_proposals(povreg_db *db, int64_t review_id,
                         const povreg__hh *page, const int64_t *ids,
                         const char *const *now, const int *changed, size_t n)
{
  static const char *const sqls[] = {PROP_SQL(PROP16), PROP_SQL(PROP4),
                                     PROP_SQL(PROP1)};
  static const size_t sizes[] = {16, 4, 1};
  size_t i = 0, k, c, rows;
  int rc = POVREG_OK;

  while (i < n && rc == POVREG_OK) {
    sqlite3_stmt *st = NULL;
    for (c = 0; sizes[c] > n - i; c++) {
    }
    rows = sizes[c];
    if ((rc = povreg__stmt(db, sqls[c], &st)) < 0) {
      break;
    }
    for (k = 0; k < rows; k++, i++) {
      int p = 1 + 4 * (int)k;
      sqlite3_bind_int64(st, p, page[i].id);
      sqlite3_bind_int64(st, p + 1, ids[i]);
      povreg__bind_text(st, p + 2, now[i]);
      sqlite3_bind_int(st, p + 3, changed[i]);
    }
    sqlite3_bind_int64(st, 1 + 4 * (int)rows, review_id);
    rc = sqlite3_step(st) == SQLITE_DONE ? POVREG_OK
                                         : povreg__sqlite_err(db, "review");
    povreg__stmt_done(st);
  }
  return rc;
}

/* What classifying a review holds for one page of households. */
typedef struct classify_work {
  povreg__hh page[CLASSIFY_PAGE];
  char prev[CLASSIFY_PAGE][12]; /* the proposal before, or "" */
  const char *now[CLASSIFY_PAGE];
  int changed[CLASSIFY_PAGE];
  int64_t ids[CLASSIFY_PAGE];
  povreg__cbatch batch;
} classify_work;

/*
** Classify every surveyed household of a review (see povreg/review.h).
** One transaction; the standard is loaded once; households are read a
** page at a time in id order, so memory does not grow with the commune,
** and each page's classifications and proposals are stored with a few
** multi-row statements.  The run is audited once (how many, how many
** proposals changed); a household whose earlier proposal changes, which
** calls for a new village meeting, is audited on its own.
*/
int povreg_review_classify(int *n_out, povreg_db *db, int64_t review_id)
{
  povreg_evaluation *ev = NULL;
  povreg_rulebook *rb = NULL; /* the review's standard, loaded once */
  povreg__classify_opts o;
  povreg__bulk saved;
  classify_work *w;
  char count[24], changed_count[24];
  int64_t after = 0;
  size_t n = 0, total = 0, changed = 0, i;
  int rc;
  rv r;

  if (db == NULL) {
    return POVREG_EINVALID;
  }
  if ((w = malloc(sizeof *w)) == NULL) {
    return povreg__err(db, POVREG_ENOMEM, "out of memory");
  }
  w->batch.n = 0;
  povreg__bulk_begin(db, CLASSIFY_CACHE_KIB, &saved);
  if ((rc = begin_step(db, review_id, NULL, &r, NULL)) < 0) {
    goto done;
  }
  /* the review's reference date, data version and survey year govern */
  memset(&o, 0, sizeof o);
  o.standard_id = r.standard_id;
  o.version = r.standard_version;
  o.reference_date = r.reference_date;
  o.review_year = r.status_year - 1;
  o.save = 1;
  o.bulk = 1;
  o.batch = &w->batch;
  do {
    if ((rc = classify_page(db, &r, &after, w->page, w->prev, &n)) < 0) {
      break;
    }
    if (n > 0 && rb == NULL) {
      rc = r.standard_version > 0
               ? povreg__rulebook_load_version(&rb, db, r.standard_id,
                                               r.standard_version)
               : povreg_rulebook_load(&rb, db, r.standard_id, r.status_year);
      if (rc < 0) {
        break;
      }
      o.rulebook = rb;
    }
    for (i = 0; i < n && rc == POVREG_OK; i++) {
      o.hh = &w->page[i];
      if ((rc = povreg__household_classify(&ev, db, w->page[i].code,
                                           r.status_year, &o)) < 0) {
        break;
      }
      w->now[i] = povreg_class_key(ev->result.cls);
      w->changed[i] = strcmp(w->prev[i], w->now[i]) != 0;
      povreg_evaluation_free(ev);
      ev = NULL;
    }
    if (rc == POVREG_OK &&
        (rc = povreg__cbatch_store(db, &w->batch, w->ids)) == POVREG_OK) {
      rc = set_proposals(db, r.id, w->page, w->ids, w->now, w->changed, n);
    }
    for (i = 0; i < n && rc == POVREG_OK; i++) {
      if (w->changed[i] && w->prev[i][0] != '\0') {
        changed++;
        rc = audit_kv(db, "review.reclassify", &r, w->page[i].code, "was",
                      w->prev[i], "proposed", w->now[i]);
      }
    }
    total += n;
  } while (rc == POVREG_OK && n == CLASSIFY_PAGE);
  if (rc == POVREG_OK) {
    snprintf(count, sizeof count, "%zu", total);
    snprintf(changed_count, sizeof changed_count, "%zu", changed);
    rc = audit_kv(db, "review.classify", &r, NULL, "classified", count,
                  "changed", changed_count);
  }
  rc = end_step(db, rc);
done:
  povreg__bulk_end(db, &saved);
  povreg_evaluation_free(ev);
  povreg_rulebook_free(rb);
  free(w);
  if (rc == POVREG_OK && n_out != NULL) {
    *n_out = (int)total;
  }
  return rc;
}

/* The board overrides a proposal (see povreg/review.h). */
int povreg_review_override(povreg_db *db, int64_t review_id,
                           const char *household_code, const char *class_key,
                           const char *reason)
{
  static const char sql[] =
      "UPDATE review_household SET override_class = ?3, override_reason = ?4 "
      "WHERE review_id = ?1 AND household_id = (SELECT id FROM household "
      "WHERE code = ?2) AND proposed_class IS NOT NULL RETURNING 1";
  povreg__hh hh;
  int rc;
  rv r;

  if (db == NULL) {
    return POVREG_EINVALID;
  }
  if (povreg_class_parse(class_key) == POVREG_CLASS_NONE) {
    return povreg__err(db, POVREG_EINVALID,
                       "class: must be poor, near_poor, average or non_poor");
  }
  if (reason == NULL || reason[0] == '\0') {
    return povreg__err(db, POVREG_EINVALID,
                       "reason: an override needs the board's reason");
  }
  if ((rc = povreg__check_text(db, "reason", reason, 500, 0)) < 0 ||
      (rc = begin_step(db, review_id, household_code, &r, &hh)) < 0) {
    return rc;
  }
  {
    sqlite3_stmt *st = NULL;
    if ((rc = povreg__stmt(db, sql, &st)) < 0) {
      return end_step(db, rc);
    }
    sqlite3_bind_int64(st, 1, r.id);
    povreg__bind_text(st, 2, hh.code);
    povreg__bind_text(st, 3, class_key);
    povreg__bind_text(st, 4, reason);
    rc = sqlite3_step(st);
    povreg__stmt_done(st);
    if (rc == SQLITE_DONE) {
      return end_step(db, povreg__err(db, POVREG_EINVALID,
                                      "household: %s has no proposed class "
                                      "yet; classify it first",
                                      hh.code));
    }
    rc = rc == SQLITE_ROW ? POVREG_OK : povreg__sqlite_err(db, "review");
  }
  if (rc == POVREG_OK) {
    rc = audit_kv(db, "review.override", &r, hh.code, "class", class_key,
                  "reason", reason);
  }
  return end_step(db, rc);
}

/* Record the village meeting (see povreg/review.h). */
int povreg_review_meeting(int *agreed_out, povreg_db *db, int64_t review_id,
                          const char *household_code, const char *date,
                          int attendees, int agreeing)
{
  static const char sql_agreed[] =
      "UPDATE review_household SET meeting_date = ?2, attendees = ?3, "
      "agreeing = ?4, meeting_agreed = 1 WHERE review_id = ?1 AND "
      "household_id = ?5 AND proposed_class IS NOT NULL RETURNING 1";
  static const char sql_back[] =
      "UPDATE review_household SET meeting_date = ?2, attendees = ?3, "
      "agreeing = ?4, meeting_agreed = 0, needs_resurvey = 1, "
      "classification_id = NULL, "
      "proposed_class = NULL, override_class = NULL, override_reason = NULL "
      "WHERE review_id = ?1 AND household_id = ?5 AND proposed_class IS NOT "
      "NULL RETURNING 1";
  sqlite3_stmt *st = NULL;
  povreg__hh hh;
  char day[11], counts[32];
  int rc, agreed;
  rv r;

  if (db == NULL) {
    return POVREG_EINVALID;
  }
  if (attendees < 1) {
    return povreg__err(db, POVREG_EINVALID, "attendees: at least 1");
  }
  if (agreeing < 0 || agreeing > attendees) {
    return povreg__err(db, POVREG_EINVALID,
                       "agreeing: must be from 0 to the %d attendees",
                       attendees);
  }
  if ((rc = povreg__op_date(db, "date", date, day)) < 0 ||
      (rc = begin_step(db, review_id, household_code, &r, &hh)) < 0) {
    return rc;
  }
  if (strcmp(day, r.opened_on) < 0) {
    return end_step(db, povreg__err(db, POVREG_EINVALID,
                                    "date: %s is before the review opened "
                                    "(%s)",
                                    day, r.opened_on));
  }
  /* at least half of the attendees must agree: 2 x agreeing >= attendees */
  agreed = 2 * agreeing >= attendees;
  if ((rc = povreg__stmt(db, agreed ? sql_agreed : sql_back, &st)) < 0) {
    return end_step(db, rc);
  }
  sqlite3_bind_int64(st, 1, r.id);
  povreg__bind_text(st, 2, day);
  sqlite3_bind_int(st, 3, attendees);
  sqlite3_bind_int(st, 4, agreeing);
  sqlite3_bind_int64(st, 5, hh.id);
  rc = sqlite3_step(st);
  povreg__stmt_done(st);
  if (rc == SQLITE_DONE) {
    return end_step(db, povreg__err(db, POVREG_EINVALID,
                                    "household: %s has no proposed class to "
                                    "meet about; classify it first",
                                    hh.code));
  }
  rc = rc == SQLITE_ROW ? POVREG_OK : povreg__sqlite_err(db, "review");
  snprintf(counts, sizeof counts, "%d of %d", agreeing, attendees);
  if (rc == POVREG_OK) {
    rc = audit_kv(db, "review.meeting", &r, hh.code, "agreeing", counts,
                  "result", agreed ? "agreed" : "survey again");
  }
  if ((rc = end_step(db, rc)) == POVREG_OK && agreed_out != NULL) {
    *agreed_out = agreed;
  }
  return rc;
}

/* Record the public posting (see povreg/review.h). */
int povreg_review_post(povreg_db *db, int64_t review_id, const char *from,
                       const char *to)
{
  static const char sql[] =
      "UPDATE review SET posted_from = ?2, posted_to = ?3 WHERE id = ?1";
  int rc;
  rv r;

  if (db == NULL) {
    return POVREG_EINVALID;
  }
  if ((rc = povreg__check_date(db, "from", from, 1)) < 0 ||
      (rc = povreg__check_date(db, "to", to, 0)) < 0) {
    return rc;
  }
  if (strcmp(to, from) < 0) {
    return povreg__err(db, POVREG_EINVALID, "to: %s is before %s", to, from);
  }
  if ((rc = begin_step(db, review_id, NULL, &r, NULL)) < 0) {
    return rc;
  }
  if (strcmp(from, r.opened_on) < 0) {
    rc = povreg__err(db, POVREG_EINVALID,
                     "from: %s is before the review opened (%s)", from,
                     r.opened_on);
  } else {
    rc = run(db, sql, "review", r.id, from, to, NULL);
  }
  if (rc == POVREG_OK) {
    rc = audit_kv(db, "review.post", &r, NULL, "from", from, "to", to);
  }
  return end_step(db, rc);
}

/* File a complaint (see povreg/review.h). */
int povreg_complaint_file(int64_t *id_out, povreg_db *db, int64_t review_id,
                          const char *household_code, const char *date,
                          const char *text)
{
  static const char sql[] =
      "INSERT INTO complaint(review_id, household_id, filed_on, text) "
      "VALUES (?1, (SELECT id FROM household WHERE code = ?2), ?3, ?4)";
  povreg__hh hh;
  char day[11];
  int64_t id;
  int rc;
  rv r;

  if (db == NULL) {
    return POVREG_EINVALID;
  }
  if ((rc = povreg__op_date(db, "date", date, day)) < 0 ||
      (rc = povreg__check_text(db, "text", text, 2000, 0)) < 0 ||
      (rc = begin_step(db, review_id, household_code, &r, &hh)) < 0) {
    return rc;
  }
  if (strcmp(day, r.opened_on) < 0) {
    return end_step(db, povreg__err(db, POVREG_EINVALID,
                                    "date: %s is before the review opened "
                                    "(%s)",
                                    day, r.opened_on));
  }
  if ((rc = run(db, sql, "complaint", r.id, hh.code, day, text)) < 0) {
    return end_step(db, rc);
  }
  id = sqlite3_last_insert_rowid(db->sq);
  rc = audit_kv(db, "complaint.file", &r, hh.code, "filed_on", day, "text",
                text);
  if ((rc = end_step(db, rc)) == POVREG_OK && id_out != NULL) {
    *id_out = id;
  }
  return rc;
}

/* Resolve a complaint (see povreg/review.h). */
int povreg_complaint_resolve(povreg_db *db, int64_t complaint_id,
                             const char *date, const char *resolution)
{
  static const char sql_find[] =
      "SELECT c.review_id, h.code, c.resolved_on, c.filed_on FROM complaint c "
      "JOIN household h ON h.id = c.household_id WHERE c.id = ?1";
  static const char sql[] =
      "UPDATE complaint SET resolved_on = ?2, resolution = ?3 WHERE id = ?1";
  sqlite3_stmt *st = NULL;
  int64_t review_id = 0;
  char day[11], code[33] = "", filed[11] = "";
  int rc, resolved = 0;
  rv r;

  if (db == NULL) {
    return POVREG_EINVALID;
  }
  if ((rc = povreg__op_date(db, "date", date, day)) < 0 ||
      (rc = povreg__check_text(db, "resolution", resolution, 2000, 0)) < 0 ||
      (rc = povreg__stmt(db, sql_find, &st)) < 0) {
    return rc;
  }
  sqlite3_bind_int64(st, 1, complaint_id);
  if (sqlite3_step(st) == SQLITE_ROW) {
    review_id = sqlite3_column_int64(st, 0);
    snprintf(code, sizeof code, "%s", (const char *)sqlite3_column_text(st, 1));
    resolved = sqlite3_column_type(st, 2) != SQLITE_NULL;
    snprintf(filed, sizeof filed, "%s",
             (const char *)sqlite3_column_text(st, 3));
  }
  povreg__stmt_done(st);
  if (review_id == 0) {
    return povreg__err(db, POVREG_ENOTFOUND, "complaint: no complaint %lld",
                       (long long)complaint_id);
  }
  if (resolved) {
    return povreg__err(db, POVREG_EINVALID,
                       "complaint: %lld is already resolved",
                       (long long)complaint_id);
  }
  if (strcmp(day, filed) < 0) {
    return povreg__err(db, POVREG_EINVALID,
                       "date: %s is before the complaint was filed (%s)", day,
                       filed);
  }
  if ((rc = begin_step(db, review_id, NULL, &r, NULL)) < 0) {
    return rc;
  }
  rc = run(db, sql, "complaint", complaint_id, day, resolution, NULL);
  if (rc == POVREG_OK) {
    rc = audit_kv(db, "complaint.resolve", &r, code, "resolved_on", day,
                  "resolution", resolution);
  }
  return end_step(db, rc);
}

/* Excuse a household (see povreg/review.h). */
int povreg_review_excuse(povreg_db *db, int64_t review_id,
                         const char *household_code, const char *reason,
                         const char *note)
{
  static const char sql[] =
      "UPDATE review_household SET excused_reason = ?3, excused_note = ?4 "
      "WHERE review_id = ?1 AND household_id = (SELECT id FROM household "
      "WHERE code = ?2)";
  povreg__hh hh;
  int rc;
  rv r;

  if (db == NULL) {
    return POVREG_EINVALID;
  }
  if (reason == NULL ||
      (strcmp(reason, "moved_away") != 0 && strcmp(reason, "died") != 0 &&
       strcmp(reason, "merged") != 0 && strcmp(reason, "other") != 0)) {
    return povreg__err(db, POVREG_EINVALID,
                       "reason: must be moved_away, died, merged or other");
  }
  if (strcmp(reason, "other") == 0 && (note == NULL || note[0] == '\0')) {
    return povreg__err(db, POVREG_EINVALID,
                       "note: say why when the reason is other");
  }
  if ((note != NULL &&
       (rc = povreg__check_text(db, "note", note, 500, 0)) < 0) ||
      (rc = begin_step(db, review_id, household_code, &r, &hh)) < 0) {
    return rc;
  }
  rc = run(db, sql, "review", r.id, hh.code, reason, note);
  if (rc == POVREG_OK) {
    rc = audit_kv(db, "review.excuse", &r, hh.code, "reason", reason, "note",
                  note);
  }
  return end_step(db, rc);
}

/* Free a review state.  NULL-safe. */
void povreg_review_state_free(povreg_review_state *s)
{
  size_t i;

  if (s == NULL) {
    return;
  }
  for (i = 0; i < s->n_blockers; i++) {
    free((char *)s->blockers[i].household_code);
  }
  free(s->blockers);
  free(s);
}

/* Append a blocker; household may be NULL (the review as a whole). */
static int add_blocker(povreg_db *db, povreg_review_state *s, size_t *cap,
                       const char *household, const char *what)
{
  void *grown =
      povreg__grow(s->blockers, cap, s->n_blockers, sizeof *s->blockers);
  if (grown == NULL) {
    return povreg__err(db, POVREG_ENOMEM, "out of memory");
  }
  s->blockers = grown;
  s->blockers[s->n_blockers].household_code = povreg__strdup(household);
  s->blockers[s->n_blockers].what = what;
  if (household != NULL && s->blockers[s->n_blockers].household_code == NULL) {
    return povreg__err(db, POVREG_ENOMEM, "out of memory");
  }
  s->n_blockers++;
  return POVREG_OK;
}

/* Where a review stands (see povreg/review.h).  Allocates *out. */
int povreg_review_status(povreg_review_state **out, povreg_db *db,
                         int64_t review_id)
{
  static const char sql_rows[] =
      "SELECT h.code, rh.must_review, rh.excused_reason IS NOT NULL, "
      "EXISTS (SELECT 1 FROM survey s WHERE s.household_id = h.id AND "
      "s.review_year = ?2), coalesce(rh.override_class, rh.proposed_class), "
      "rh.meeting_agreed, (SELECT count(*) FROM complaint c WHERE "
      "c.review_id = rh.review_id AND c.household_id = h.id AND "
      "c.resolved_on IS NULL), rh.needs_resurvey FROM review_household rh "
      "JOIN household h ON "
      "h.id = rh.household_id WHERE rh.review_id = ?1 ORDER BY h.code";
  static const char sql_extra[] =
      "SELECT coalesce(posted_from, ''), coalesce(decision_date, '') "
      "FROM review WHERE id = ?1";
  sqlite3_stmt *st = NULL;
  povreg_review_state *s = NULL;
  size_t cap = 0;
  int rc;
  rv r;

  if (out == NULL || db == NULL) {
    return povreg__err(db, POVREG_EINVALID, "invalid argument");
  }
  *out = NULL;
  if ((rc = load_review(db, review_id, 0, &r)) < 0) {
    return rc;
  }
  if ((s = calloc(1, sizeof *s)) == NULL) {
    return povreg__err(db, POVREG_ENOMEM, "out of memory");
  }
  s->id = r.id;
  snprintf(s->commune_code, sizeof s->commune_code, "%s", r.commune);
  s->year = r.year;
  s->month = r.month;
  s->status_year = r.status_year;
  memcpy(s->reference_date, r.reference_date, sizeof s->reference_date);
  memcpy(s->standard_id, r.standard_id, sizeof s->standard_id);
  s->standard_version = r.standard_version;
  s->approved = r.approved;
  snprintf(s->decision, sizeof s->decision, "%s", r.decision);
  snprintf(s->posted_to, sizeof s->posted_to, "%s", r.posted_to);
  if ((rc = povreg__stmt(db, sql_extra, &st)) < 0) {
    goto done;
  }
  sqlite3_bind_int64(st, 1, r.id);
  if (sqlite3_step(st) == SQLITE_ROW) {
    snprintf(s->posted_from, sizeof s->posted_from, "%s",
             (const char *)sqlite3_column_text(st, 0));
    snprintf(s->decision_date, sizeof s->decision_date, "%s",
             (const char *)sqlite3_column_text(st, 1));
  }
  povreg__stmt_done(st);
  st = NULL;
  if ((rc = povreg__stmt(db, sql_rows, &st)) < 0) {
    goto done;
  }
  sqlite3_bind_int64(st, 1, r.id);
  sqlite3_bind_int(st, 2, r.status_year - 1);
  while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
    const char *code = (const char *)sqlite3_column_text(st, 0);
    int must = sqlite3_column_int(st, 1);
    int excused = sqlite3_column_int(st, 2);
    int surveyed = sqlite3_column_int(st, 3);
    const char *cls = (const char *)sqlite3_column_text(st, 4);
    int meeting_null = sqlite3_column_type(st, 5) == SQLITE_NULL;
    int agreed = sqlite3_column_int(st, 5);
    int complaints = sqlite3_column_int(st, 6);
    const char *what = NULL;
    s->households++;
    s->must_review += must;
    s->excused += excused;
    s->surveyed += surveyed;
    s->open_complaints += complaints;
    if (cls != NULL) {
      s->classified++;
      s->proposed[povreg_class_parse(cls)]++;
      s->agreed += !meeting_null && agreed;
    }
    if (excused) {
      continue;
    }
    if (!surveyed) {
      what = must ? "no survey" : NULL;
    } else if (cls == NULL) {
      what = sqlite3_column_int(st, 7) ? "meeting disagreed: survey again"
                                       : "not classified";
    } else if (meeting_null) {
      what = "no meeting";
    }
    if (what == NULL && complaints > 0) {
      what = "open complaint";
    }
    if (what != NULL && (rc = add_blocker(db, s, &cap, code, what)) < 0) {
      goto done;
    }
  }
  if (rc != SQLITE_DONE) {
    rc = povreg__sqlite_err(db, "review");
    goto done;
  }
  if (s->posted_from[0] == '\0' &&
      (rc = add_blocker(db, s, &cap, NULL, "not posted")) < 0) {
    goto done;
  }
  *out = s;
  s = NULL;
  rc = POVREG_OK;
done:
  povreg__stmt_done(st);
  povreg_review_state_free(s);
  return rc;
}

/* Approve a review (see povreg/review.h). */
int povreg_review_approve(povreg_db *db, int64_t review_id,
                          const char *decision, const char *date)
{
  static const char sql_statuses[] =
      "INSERT INTO household_status(household_id, status_year, class, "
      "effective_on, decision, review_id, supersedes, recorded_at) "
      "SELECT rh.household_id, ?2, coalesce(rh.override_class, "
      "rh.proposed_class), ?3, ?4, ?1, (SELECT cs.id FROM current_status cs "
      "WHERE cs.household_id = rh.household_id AND cs.status_year = ?2), "
      "strftime('%Y-%m-%dT%H:%M:%fZ', 'now') FROM review_household rh "
      "WHERE rh.review_id = ?1 AND rh.excused_reason IS NULL AND "
      "rh.proposed_class IS NOT NULL AND rh.meeting_agreed = 1";
  static const char sql_lock[] =
      "UPDATE review SET approved = 1, decision = ?2, decision_date = ?3 "
      "WHERE id = ?1";
  static const char sql_json[] =
      "SELECT json_object('decision', ?2, 'date', ?3, 'statuses', "
      "(SELECT json_group_object(h.code, s.class) FROM household_status s "
      "JOIN household h ON h.id = s.household_id WHERE s.review_id = ?1))";
  povreg_review_state *state = NULL;
  sqlite3_stmt *st = NULL;
  char day[11], *json = NULL;
  int rc;
  rv r;

  if (db == NULL) {
    return POVREG_EINVALID;
  }
  if ((rc = povreg__check_text(db, "decision", decision, 60, 0)) < 0 ||
      (rc = povreg__op_date(db, "date", date, day)) < 0 ||
      (rc = begin_step(db, review_id, NULL, &r, NULL)) < 0) {
    return rc;
  }
  if ((rc = povreg_review_status(&state, db, review_id)) < 0) {
    return end_step(db, rc);
  }
  if (state->n_blockers > 0) {
    const povreg_review_blocker *b = &state->blockers[0];
    rc = povreg__err(db, POVREG_ECONSTRAINT,
                     "review: cannot approve: %zu household%s or step%s "
                     "block%s it, first %s%s%s",
                     state->n_blockers, state->n_blockers == 1 ? "" : "s",
                     state->n_blockers == 1 ? "" : "s",
                     state->n_blockers == 1 ? "s" : "",
                     b->household_code ? b->household_code : "",
                     b->household_code ? ": " : "", b->what);
  } else if (strcmp(day, r.posted_to[0] ? r.posted_to : r.opened_on) < 0) {
    rc = povreg__err(db, POVREG_EINVALID,
                     "date: %s is before the public posting ends (%s)", day,
                     r.posted_to);
  }
  povreg_review_state_free(state);
  if (rc < 0) {
    return end_step(db, rc);
  }
  if ((rc = povreg__stmt(db, sql_statuses, &st)) < 0) {
    return end_step(db, rc);
  }
  sqlite3_bind_int64(st, 1, r.id);
  sqlite3_bind_int(st, 2, r.status_year);
  povreg__bind_text(st, 3, day);
  povreg__bind_text(st, 4, decision);
  rc = sqlite3_step(st) == SQLITE_DONE ? POVREG_OK
                                       : povreg__sqlite_err(db, "status");
  povreg__stmt_done(st);
  if (rc == POVREG_OK) {
    rc = run(db, sql_lock, "review", r.id, decision, day, NULL);
  }
  if (rc == POVREG_OK && (rc = povreg__stmt(db, sql_json, &st)) == 0) {
    int ok = 1;
    sqlite3_bind_int64(st, 1, r.id);
    povreg__bind_text(st, 2, decision);
    povreg__bind_text(st, 3, day);
    if (sqlite3_step(st) == SQLITE_ROW) {
      json = povreg__col_strdup(st, 0, &ok);
    }
    povreg__stmt_done(st);
    rc = ok ? audit_step(db, "review.approve", &r, NULL, json)
            : povreg__err(db, POVREG_ENOMEM, "out of memory");
    free(json);
  }
  return end_step(db, rc);
}

/* Amend a recognised status (see povreg/review.h). */
int povreg_status_amend(povreg_db *db, const char *household_code,
                        int status_year, const char *class_key,
                        const char *decision, const char *date,
                        const char *reason)
{
  static const char sql_cur[] =
      "SELECT id, class FROM current_status WHERE household_id = ?1 AND "
      "status_year = ?2";
  static const char sql_ins[] =
      "INSERT INTO household_status(household_id, status_year, class, "
      "effective_on, decision, supersedes, reason, recorded_at) VALUES "
      "(?1, ?2, ?3, ?4, ?5, ?6, ?7, strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))";
  static const char sql_json[] =
      "SELECT json_object('status_year', ?1, 'class', ?2, 'decision', ?3, "
      "'reason', ?4)";
  sqlite3_stmt *st = NULL;
  povreg__hh hh;
  char day[11], old[16] = "", year[8], *json = NULL, *oldj = NULL;
  int64_t cur = 0;
  int rc, in_tx = 0;

  if (db == NULL) {
    return POVREG_EINVALID;
  }
  if (povreg_class_parse(class_key) == POVREG_CLASS_NONE) {
    return povreg__err(db, POVREG_EINVALID,
                       "class: must be poor, near_poor, average or non_poor");
  }
  if ((rc = povreg__check_text(db, "decision", decision, 60, 0)) < 0 ||
      (rc = povreg__op_date(db, "date", date, day)) < 0 ||
      (rc = povreg__check_text(db, "reason", reason, 500, 0)) < 0 ||
      (rc = povreg__tx_begin(db)) < 0) {
    return rc;
  }
  in_tx = 1;
  if ((rc = povreg__hh_find(db, household_code, 0, &hh)) < 0 ||
      (rc = povreg__stmt(db, sql_cur, &st)) < 0) {
    goto done;
  }
  sqlite3_bind_int64(st, 1, hh.id);
  sqlite3_bind_int(st, 2, status_year);
  if (sqlite3_step(st) == SQLITE_ROW) {
    cur = sqlite3_column_int64(st, 0);
    snprintf(old, sizeof old, "%s", (const char *)sqlite3_column_text(st, 1));
  }
  povreg__stmt_done(st);
  st = NULL;
  if (cur == 0) {
    rc = povreg__err(db, POVREG_ENOTFOUND,
                     "status: household %s has no recognised status for %d "
                     "to amend",
                     hh.code, status_year);
    goto done;
  }
  if (strcmp(old, class_key) == 0) {
    rc = povreg__err(db, POVREG_EINVALID,
                     "class: household %s is already %s for %d", hh.code, old,
                     status_year);
    goto done;
  }
  if ((rc = povreg__stmt(db, sql_ins, &st)) < 0) {
    goto done;
  }
  sqlite3_bind_int64(st, 1, hh.id);
  sqlite3_bind_int(st, 2, status_year);
  povreg__bind_text(st, 3, class_key);
  povreg__bind_text(st, 4, day);
  povreg__bind_text(st, 5, decision);
  sqlite3_bind_int64(st, 6, cur);
  povreg__bind_text(st, 7, reason);
  rc = sqlite3_step(st) == SQLITE_DONE ? POVREG_OK
                                       : povreg__sqlite_err(db, "status");
  povreg__stmt_done(st);
  st = NULL;
  snprintf(year, sizeof year, "%d", status_year);
  if (rc < 0 ||
      (rc = json_of(&json, db, sql_json, year, class_key, decision, reason)) <
          0 ||
      (rc = json_of(&oldj, db, sql_json, year, old, NULL, NULL)) < 0 ||
      (rc = povreg__audit(db, "status.amend", "household", hh.code, oldj,
                          json)) < 0) {
    goto done;
  }
  rc = povreg__tx_commit(db);
  in_tx = 0;
done:
  povreg__stmt_done(st);
  free(json);
  free(oldj);
  if (in_tx) {
    povreg__tx_rollback(db);
  }
  return rc;
}

/* A household's recognised class for a year (see povreg/review.h). */
int povreg_status_get(povreg_class *out, povreg_db *db,
                      const char *household_code, int status_year)
{
  static const char sql[] =
      "SELECT class FROM current_status WHERE household_id = ?1 AND "
      "status_year = ?2";
  sqlite3_stmt *st = NULL;
  povreg__hh hh;
  int rc;

  if (out == NULL || db == NULL) {
    return povreg__err(db, POVREG_EINVALID, "invalid argument");
  }
  *out = POVREG_CLASS_NONE;
  if ((rc = povreg__hh_find(db, household_code, 0, &hh)) < 0 ||
      (rc = povreg__stmt(db, sql, &st)) < 0) {
    return rc;
  }
  sqlite3_bind_int64(st, 1, hh.id);
  sqlite3_bind_int(st, 2, status_year);
  rc = sqlite3_step(st);
  if (rc == SQLITE_ROW) {
    *out = povreg_class_parse((const char *)sqlite3_column_text(st, 0));
  }
  rc = (rc == SQLITE_ROW || rc == SQLITE_DONE)
           ? POVREG_OK
           : povreg__sqlite_err(db, "status");
  povreg__stmt_done(st);
  return rc;
}

/* The households of a review (see povreg/review.h). */
int povreg_review_households(povreg_db *db, int64_t review_id,
                             povreg_review_household_cb cb, void *payload)
{
  static const char sql[] =
      "SELECT h.code, (SELECT m.full_name FROM member m WHERE "
      "m.household_id = h.id AND m.relation = 'head' AND m.status = "
      "'active'), rh.must_review, rh.why, EXISTS (SELECT 1 FROM survey s "
      "WHERE s.household_id = h.id AND s.review_year = r.status_year - 1), "
      "rh.proposed_class, (SELECT c.reason FROM classification c WHERE "
      "c.id = rh.classification_id), rh.override_class, rh.override_reason, "
      "coalesce(rh.meeting_agreed, -1), rh.needs_resurvey, "
      "rh.excused_reason, (SELECT count(*) FROM complaint c WHERE "
      "c.review_id = r.id AND c.household_id = h.id AND c.resolved_on IS "
      "NULL) FROM review r JOIN review_household rh ON rh.review_id = r.id "
      "JOIN household h ON h.id = rh.household_id WHERE r.id = ?1 "
      "ORDER BY h.code";
  sqlite3_stmt *st = NULL;
  povreg_review_household e;
  int rc;
  rv r;

  if (db == NULL || cb == NULL) {
    return povreg__err(db, POVREG_EINVALID, "invalid argument");
  }
  if ((rc = load_review(db, review_id, 0, &r)) < 0 ||
      (rc = povreg__stmt(db, sql, &st)) < 0) {
    return rc;
  }
  sqlite3_bind_int64(st, 1, r.id);
  while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
    int stop;
    e.household_code = (const char *)sqlite3_column_text(st, 0);
    e.head_name = (const char *)sqlite3_column_text(st, 1);
    e.must_review = sqlite3_column_int(st, 2);
    e.why = (const char *)sqlite3_column_text(st, 3);
    e.surveyed = sqlite3_column_int(st, 4);
    e.proposed_class = (const char *)sqlite3_column_text(st, 5);
    e.reason = (const char *)sqlite3_column_text(st, 6);
    e.override_class = (const char *)sqlite3_column_text(st, 7);
    e.override_reason = (const char *)sqlite3_column_text(st, 8);
    e.meeting = sqlite3_column_int(st, 9);
    e.needs_resurvey = sqlite3_column_int(st, 10);
    e.excused_reason = (const char *)sqlite3_column_text(st, 11);
    e.open_complaints = sqlite3_column_int(st, 12);
    if ((stop = cb(&e, payload)) != 0) {
      rc = stop;
      goto done;
    }
  }
  rc = rc == SQLITE_DONE ? POVREG_OK : povreg__sqlite_err(db, "review");
done:
  povreg__stmt_done(st);
  return rc;
}
