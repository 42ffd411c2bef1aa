/*
** check.c: povreg_check(), what is wrong with a ledger: SQLite's own
** integrity and foreign-key checks, then the invariants the library
** keeps that the schema alone does not (or that raw SQL, a dropped
** trigger or a damaged file could break):
**
**   head         an open household with active members has exactly one
**                active head (docs/design.md: the schema holds "at most
**                one" with the partial index member_one_head, the library
**                "at least one" at the end of every operation);
**   dissolved    a dissolved household has no active member (dissolving
**                moves or marks them all, docs/cli.md);
**   status       the recognised statuses of a household and year form one
**                chain: each amendment supersedes an earlier status of the
**                same household and year, no status is superseded twice,
**                exactly one is in force, and each row was decided by an
**                approved review of that year or amends one that was;
**   review_status  every household an approved review decided (agreed by
**                the village meeting, not excused) has a status from that
**                decision with the class decided;
**   transition   each status year's transitions per commune and class
**                reconcile (end = start - escaped - to_poor - left +
**                relapsed + new), and their start and end are the counts
**                of the statuses in force (they are not when a household
**                has two statuses in force for a year).
**
** Everything reads, inside one read transaction, so the ledger may be in
** use.  A query that fails (a damaged page) becomes a problem of kind
** "check" and the other checks still run.
*/
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "povreg_int.h"

/* A check in progress. */
typedef struct chk {
  povreg_db *db;
  povreg_check_report *r; /* being filled */
  size_t cap;             /* room in r->problems */
} chk;

/*
** Record a problem (kind static, key copied, message from a printf
** format).  Only counted once the list holds POVREG_CHECK_MAX.  Returns
** 0 or POVREG_ENOMEM.
*/
static int add(chk *c, const char *kind, const char *key, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 4, 5)))
#endif
    ;

static int add(chk *c, const char *kind, const char *key, const char *fmt, ...)
{
  povreg_check_report *r = c->r;
  povreg_check_problem *p, *grown;
  char msg[600];
  va_list ap;

  r->total++;
  if (r->n >= POVREG_CHECK_MAX) {
    return POVREG_OK;
  }
  if ((grown = povreg__grow(r->problems, &c->cap, r->n, sizeof *grown)) ==
      NULL) {
    return POVREG_ENOMEM;
  }
  r->problems = grown;
  va_start(ap, fmt);
  vsnprintf(msg, sizeof msg, fmt, ap);
  va_end(ap);
  p = &r->problems[r->n];
  p->kind = kind;
  p->key = povreg__strdup(key != NULL ? key : "");
  p->message = povreg__strdup(msg);
  if (p->key == NULL || p->message == NULL) {
    free(p->key);
    free(p->message);
    return POVREG_ENOMEM;
  }
  r->n++;
  return POVREG_OK;
}

/* Text of column i, or "" for NULL. */
static const char *txt(sqlite3_stmt *st, int i)
{
  const unsigned char *t = sqlite3_column_text(st, i);

  return t != NULL ? (const char *)t : "";
}

/*
** Prepare sql for the check named what; NULL when it cannot be (the
** failure is then recorded as a problem of kind "check", and *rc set to
** POVREG_ENOMEM if even that failed).
*/
static sqlite3_stmt *prep(chk *c, const char *what, const char *sql, int *rc)
{
  sqlite3_stmt *st = NULL;

  *rc = POVREG_OK;
  if (sqlite3_prepare_v2(c->db->sq, sql, -1, &st, NULL) != SQLITE_OK) {
    sqlite3_finalize(st);
    *rc = add(c, "check", "", "the %s check could not run: %s", what,
              sqlite3_errmsg(c->db->sq));
    return NULL;
  }
  return st;
}

/*
** Finish a check's query: finalize st and, when stepping ended with
** anything but SQLITE_DONE, record that the check could not finish.
*/
static int finish(chk *c, const char *what, sqlite3_stmt *st, int step_rc,
                  int rc)
{
  char msg[300];

  if (rc == POVREG_OK && step_rc != SQLITE_DONE) {
    snprintf(msg, sizeof msg, "%s", sqlite3_errmsg(c->db->sq));
    rc = add(c, "check", "", "the %s check could not finish: %s", what, msg);
  }
  sqlite3_finalize(st);
  return rc;
}

/* PRAGMA integrity_check: each line that is not "ok". */
static int check_integrity(chk *c)
{
  sqlite3_stmt *st;
  int rc, s = SQLITE_DONE;

  if ((st = prep(c, "integrity", "PRAGMA integrity_check", &rc)) == NULL) {
    return rc;
  }
  while (rc == POVREG_OK && (s = sqlite3_step(st)) == SQLITE_ROW) {
    const char *line = txt(st, 0), *end;
    if (strcmp(line, "ok") == 0) {
      continue;
    }
    /* a row may hold several lines, under "*** in database main ***" */
    for (; rc == POVREG_OK && *line != '\0'; line = *end ? end + 1 : end) {
      end = strchr(line, '\n');
      if (end == NULL) {
        end = line + strlen(line);
      }
      if (end > line && strncmp(line, "*** in database", 15) != 0) {
        rc = add(c, "integrity", "", "the file is damaged: %.*s",
                 (int)(end - line), line);
      }
    }
  }
  return finish(c, "integrity", st, rc == POVREG_OK ? s : SQLITE_DONE, rc);
}

/* PRAGMA foreign_key_check: each row pointing at a missing parent. */
static int check_foreign_keys(chk *c)
{
  sqlite3_stmt *st;
  char key[160];
  int rc, s = SQLITE_DONE;

  if ((st = prep(c, "foreign key", "PRAGMA foreign_key_check", &rc)) == NULL) {
    return rc;
  }
  while (rc == POVREG_OK && (s = sqlite3_step(st)) == SQLITE_ROW) {
    snprintf(key, sizeof key, "%s:%s", txt(st, 0), txt(st, 1));
    rc = add(c, "foreign_key", key,
             "row %s of table %s refers to a row of %s that does not "
             "exist",
             sqlite3_column_type(st, 1) == SQLITE_NULL ? "?" : txt(st, 1),
             txt(st, 0), txt(st, 2));
  }
  return finish(c, "foreign key", st, rc == POVREG_OK ? s : SQLITE_DONE, rc);
}

/* Heads of open households, and active members of dissolved ones. */
static int check_heads(chk *c)
{
  static const char sql[] =
      "SELECT h.code, h.dissolved_on IS NOT NULL, count(*), "
      "sum(m.relation = 'head') FROM household h JOIN member m ON "
      "m.household_id = h.id AND m.status = 'active' GROUP BY h.id "
      "HAVING h.dissolved_on IS NOT NULL OR sum(m.relation = 'head') <> 1 "
      "ORDER BY h.code";
  sqlite3_stmt *st;
  int rc, s = SQLITE_DONE;

  if ((st = prep(c, "head", sql, &rc)) == NULL) {
    return rc;
  }
  while (rc == POVREG_OK && (s = sqlite3_step(st)) == SQLITE_ROW) {
    const char *code = txt(st, 0);
    int active = sqlite3_column_int(st, 2), heads = sqlite3_column_int(st, 3);
    if (sqlite3_column_int(st, 1)) {
      rc = add(c, "dissolved", code,
               "household %s is dissolved but still has %d active "
               "member%s",
               code, active, active == 1 ? "" : "s");
    } else if (heads == 0) {
      rc = add(c, "head", code,
               "household %s has %d active member%s and no active head; it "
               "must have exactly one",
               code, active, active == 1 ? "" : "s");
    } else {
      rc = add(c, "head", code,
               "household %s has %d active heads; it must have exactly one",
               code, heads);
    }
  }
  return finish(c, "head", st, rc == POVREG_OK ? s : SQLITE_DONE, rc);
}

/*
** The chains of recognised statuses.  One query, one row per problem:
** kind of problem (1 amends another household or year, 2 amends a later
** status, 3 superseded more than once, 4 several in force, 5 no basis,
** 6 its review is not approved, 7 its review set another year, 8 its
** review does not list the household), household code, status id, year,
** and a number (the other status, the count, the review id).
*/
static int check_statuses(chk *c)
{
  static const char sql[] =
      "SELECT 1, h.code, s.id, s.status_year, o.id FROM household_status s "
      "JOIN household_status o ON o.id = s.supersedes JOIN household h ON "
      "h.id = s.household_id WHERE o.household_id <> s.household_id OR "
      "o.status_year <> s.status_year "
      "UNION ALL SELECT 2, h.code, s.id, s.status_year, o.id FROM "
      "household_status s JOIN household_status o ON o.id = s.supersedes "
      "JOIN household h ON h.id = s.household_id WHERE o.id >= s.id "
      "UNION ALL SELECT 3, h.code, o.id, o.status_year, count(*) FROM "
      "household_status s JOIN household_status o ON o.id = s.supersedes "
      "JOIN household h ON h.id = o.household_id GROUP BY o.id HAVING "
      "count(*) > 1 "
      "UNION ALL SELECT 4, h.code, max(cs.id), cs.status_year, count(*) "
      "FROM current_status cs JOIN household h ON h.id = cs.household_id "
      "GROUP BY cs.household_id, cs.status_year HAVING count(*) > 1 "
      "UNION ALL SELECT 5, h.code, s.id, s.status_year, 0 FROM "
      "household_status s JOIN household h ON h.id = s.household_id WHERE "
      "s.review_id IS NULL AND s.supersedes IS NULL "
      "UNION ALL SELECT CASE WHEN r.approved = 0 THEN 6 WHEN r.status_year "
      "<> s.status_year THEN 7 ELSE 8 END, h.code, s.id, s.status_year, "
      "r.id FROM household_status s JOIN review r ON r.id = s.review_id "
      "JOIN household h ON h.id = s.household_id WHERE r.approved = 0 OR "
      "r.status_year <> s.status_year OR NOT EXISTS (SELECT 1 FROM "
      "review_household rh WHERE rh.review_id = r.id AND rh.household_id = "
      "s.household_id) "
      "ORDER BY 2, 4, 3, 1";
  sqlite3_stmt *st;
  int rc, s = SQLITE_DONE;

  if ((st = prep(c, "status", sql, &rc)) == NULL) {
    return rc;
  }
  while (rc == POVREG_OK && (s = sqlite3_step(st)) == SQLITE_ROW) {
    const char *code = txt(st, 1);
    long long id = sqlite3_column_int64(st, 2);
    int year = sqlite3_column_int(st, 3);
    long long n = sqlite3_column_int64(st, 4);
    switch (sqlite3_column_int(st, 0)) {
    case 1:
      rc = add(c, "status", code,
               "status %lld of household %s for %d amends status %lld, "
               "which belongs to another household or year",
               id, code, year, n);
      break;
    case 2:
      rc = add(c, "status", code,
               "status %lld of household %s for %d amends status %lld, "
               "which was recorded after it",
               id, code, year, n);
      break;
    case 3:
      rc = add(c, "status", code,
               "status %lld of household %s for %d is amended by %lld "
               "statuses; an amendment replaces the one status in force",
               id, code, year, n);
      break;
    case 4:
      rc = add(c, "status", code,
               "household %s has %lld statuses in force for %d; it must "
               "have at most one",
               code, n, year);
      break;
    case 5:
      rc = add(c, "status", code,
               "status %lld of household %s for %d names neither the "
               "review that decided it nor the status it amends",
               id, code, year);
      break;
    case 6:
      rc = add(c, "status", code,
               "status %lld of household %s for %d comes from review "
               "%lld, which is not approved",
               id, code, year, n);
      break;
    case 7:
      rc = add(c, "status", code,
               "status %lld of household %s for %d comes from review "
               "%lld, which decided another status year",
               id, code, year, n);
      break;
    default:
      rc = add(c, "status", code,
               "status %lld of household %s for %d comes from review "
               "%lld, which does not list the household",
               id, code, year, n);
      break;
    }
  }
  return finish(c, "status", st, rc == POVREG_OK ? s : SQLITE_DONE, rc);
}

/*
** Every household an approved review decided (meeting agreed, not
** excused, a class proposed) has the status of that decision.
*/
static int check_review_statuses(chk *c)
{
  static const char sql[] =
      "SELECT * FROM (SELECT r.id, r.commune_code, r.status_year, h.code, "
      "coalesce(rh.override_class, rh.proposed_class) AS decided, (SELECT "
      "s.class FROM household_status s WHERE s.review_id = r.id AND "
      "s.household_id = rh.household_id AND s.status_year = r.status_year "
      "ORDER BY s.id LIMIT 1) AS recorded FROM review r JOIN "
      "review_household rh ON rh.review_id = r.id JOIN household h ON h.id "
      "= rh.household_id WHERE r.approved = 1 AND rh.excused_reason IS "
      "NULL AND rh.proposed_class IS NOT NULL AND rh.meeting_agreed = 1) "
      "WHERE recorded IS NOT decided ORDER BY 1, 4";
  sqlite3_stmt *st;
  int rc, s = SQLITE_DONE;

  if ((st = prep(c, "review status", sql, &rc)) == NULL) {
    return rc;
  }
  while (rc == POVREG_OK && (s = sqlite3_step(st)) == SQLITE_ROW) {
    const char *code = txt(st, 3);
    if (sqlite3_column_type(st, 5) == SQLITE_NULL) {
      rc = add(c, "review_status", code,
               "approved review %lld of commune %s decided household %s is "
               "%s for %d, but the ledger holds no status from that "
               "decision",
               (long long)sqlite3_column_int64(st, 0), txt(st, 1), code,
               txt(st, 4), sqlite3_column_int(st, 2));
    } else {
      rc = add(c, "review_status", code,
               "approved review %lld of commune %s decided household %s is "
               "%s for %d, but the status recorded from it says %s",
               (long long)sqlite3_column_int64(st, 0), txt(st, 1), code,
               txt(st, 4), sqlite3_column_int(st, 2), txt(st, 5));
    }
  }
  return finish(c, "review status", st, rc == POVREG_OK ? s : SQLITE_DONE, rc);
}

/* A commune and class of one year's transitions, and the recount. */
typedef struct trow {
  char commune[8];
  char cls[12];
  int start, end; /* from povreg_transitions */
  int reconciles; /* its own reconciliation */
  int seen;       /* 1 if povreg_transitions gave the row */
  int n_before;   /* statuses in force of the class the year before */
  int n_now;      /* and this year */
} trow;

/* The rows of a year, growing. */
typedef struct tyear {
  trow *rows;
  size_t n, cap;
  int oom;
} tyear;

/* The row for commune and class, added if new; NULL when out of memory. */
static trow *trow_get(tyear *y, const char *commune, const char *cls)
{
  trow *grown;
  size_t i;

  for (i = 0; i < y->n; i++) {
    if (strcmp(y->rows[i].commune, commune) == 0 &&
        strcmp(y->rows[i].cls, cls) == 0) {
      return &y->rows[i];
    }
  }
  if ((grown = povreg__grow(y->rows, &y->cap, y->n, sizeof *grown)) == NULL) {
    y->oom = 1;
    return NULL;
  }
  y->rows = grown;
  memset(&y->rows[y->n], 0, sizeof y->rows[y->n]);
  snprintf(y->rows[y->n].commune, sizeof y->rows[y->n].commune, "%s", commune);
  snprintf(y->rows[y->n].cls, sizeof y->rows[y->n].cls, "%s", cls);
  return &y->rows[y->n++];
}

/* povreg_transitions callback: keep the row (payload: tyear). */
static int keep_transition(const povreg_transition_row *t, void *payload)
{
  trow *r = trow_get(payload, t->commune_code ? t->commune_code : "",
                     t->class_key ? t->class_key : "");

  if (r == NULL) {
    return POVREG_ENOMEM;
  }
  r->seen = 1;
  r->start = t->start;
  r->end = t->end;
  r->reconciles = t->reconciles;
  return 0;
}

/*
** Report the rows of one year's transitions that do not reconcile, or
** whose start or end differ from the statuses in force.
*/
static int report_year(chk *c, int year, const tyear *y)
{
  char key[40];
  size_t i;
  int rc = POVREG_OK;

  for (i = 0; i < y->n && rc == POVREG_OK; i++) {
    const trow *t = &y->rows[i];
    snprintf(key, sizeof key, "%s/%d/%s", t->commune, year, t->cls);
    if (t->seen && !t->reconciles) {
      rc = add(c, "transition", key,
               "commune %s, %d, %s: the year's changes do not add up "
               "(start %d, end %d)",
               t->commune, year, t->cls, t->start, t->end);
    } else if (t->start != t->n_before || t->end != t->n_now) {
      rc = add(c, "transition", key,
               "commune %s, %d, %s: the transitions count %d households "
               "at the start and %d at the end, but %d and %d statuses are "
               "in force for %d and %d",
               t->commune, year, t->cls, t->start, t->end, t->n_before,
               t->n_now, year - 1, year);
    }
  }
  return rc;
}

/*
** Each status year's transitions (povreg_transitions, every commune)
** against a recount of the statuses in force, grouped the same way (a
** commune closed by 1 January counts for its successor).
*/
static int check_transitions(chk *c)
{
  static const char sql_years[] =
      "SELECT DISTINCT status_year FROM household_status ORDER BY 1";
  static const char sql_count[] =
      "WITH hh AS (SELECT h.id, CASE WHEN u.closed_on IS NOT NULL AND "
      "u.closed_on <= printf('%04d-01-01', ?1) THEN u.successor_code ELSE "
      "h.commune_code END AS commune FROM household h JOIN unit u ON "
      "u.code = h.commune_code) "
      "SELECT hh.commune, cs.class, sum(cs.status_year = ?1 - 1), "
      "sum(cs.status_year = ?1) FROM current_status cs JOIN hh ON hh.id = "
      "cs.household_id WHERE cs.status_year IN (?1 - 1, ?1) AND cs.class "
      "IN ('poor', 'near_poor') GROUP BY 1, 2";
  sqlite3_stmt *years, *st = NULL;
  tyear y;
  int rc, s = SQLITE_DONE, s2 = SQLITE_DONE, year;

  memset(&y, 0, sizeof y);
  if ((years = prep(c, "transition", sql_years, &rc)) == NULL) {
    return rc;
  }
  while (rc == POVREG_OK && (s = sqlite3_step(years)) == SQLITE_ROW) {
    year = sqlite3_column_int(years, 0);
    y.n = 0;
    rc = povreg_transitions(c->db, NULL, year, keep_transition, &y);
    if (rc == POVREG_ENOMEM || y.oom) {
      rc = POVREG_ENOMEM;
      break;
    }
    if (rc < 0) {
      rc = add(c, "check", "", "the transitions of %d could not be read: %s",
               year, povreg_errmsg(c->db));
      continue;
    }
    if ((st = prep(c, "transition", sql_count, &rc)) == NULL) {
      continue;
    }
    sqlite3_bind_int(st, 1, year);
    while ((s2 = sqlite3_step(st)) == SQLITE_ROW) {
      trow *t = trow_get(&y, txt(st, 0), txt(st, 1));
      if (t == NULL) {
        break;
      }
      t->n_before = sqlite3_column_int(st, 2);
      t->n_now = sqlite3_column_int(st, 3);
    }
    if (y.oom) {
      rc = POVREG_ENOMEM;
      sqlite3_finalize(st);
      break;
    }
    rc = finish(c, "transition", st, s2, POVREG_OK);
    if (rc == POVREG_OK) {
      rc = report_year(c, year, &y);
    }
  }
  free(y.rows);
  return finish(c, "transition", years, rc == POVREG_OK ? s : SQLITE_DONE, rc);
}

/*
** The audit chain (povreg_audit_verify): a broken chain is a problem of
** kind "audit", keyed by the first entry that was changed, removed,
** inserted or reordered.
*/
static int check_audit(chk *c)
{
  povreg_audit_report r;
  char key[32];
  int rc;

  memset(&r, 0, sizeof r);
  rc = povreg_audit_verify(&r, c->db, NULL);
  if (rc == POVREG_OK) {
    return POVREG_OK;
  }
  if (r.fault == POVREG_AUDIT_OK) {
    return add(c, "check", "", "the audit check could not finish: %s",
               povreg_errmsg(c->db));
  }
  snprintf(key, sizeof key, "audit:%lld", (long long)r.bad_id);
  return add(c, "audit", key, "%s", r.message);
}

/* Free a check report (see povreg/backup.h).  NULL-safe. */
void povreg_check_report_free(povreg_check_report *r)
{
  size_t i;

  if (r == NULL) {
    return;
  }
  for (i = 0; i < r->n; i++) {
    free(r->problems[i].key);
    free(r->problems[i].message);
  }
  free(r->problems);
  free(r);
}

/* Check a ledger (see povreg/backup.h).  Allocates *out. */
int povreg_check(povreg_check_report **out, povreg_db *db)
{
  chk c;
  int rc = POVREG_OK, own_tx = 0;

  if (out == NULL || db == NULL || db->sq == NULL) {
    return povreg__err(db, POVREG_EINVALID, "invalid argument");
  }
  *out = NULL;
  memset(&c, 0, sizeof c);
  c.db = db;
  if ((c.r = calloc(1, sizeof *c.r)) == NULL) {
    return povreg__err(db, POVREG_ENOMEM, "out of memory");
  }
  /* one snapshot for every check, even while others write */
  if (db->tx_depth == 0 && sqlite3_get_autocommit(db->sq)) {
    if (sqlite3_exec(db->sq, "BEGIN", NULL, NULL, NULL) != SQLITE_OK) {
      rc = povreg__sqlite_err(db, "check");
      goto done;
    }
    own_tx = 1;
  }
  if ((rc = check_integrity(&c)) < 0 || (rc = check_foreign_keys(&c)) < 0 ||
      (rc = check_heads(&c)) < 0 || (rc = check_statuses(&c)) < 0 ||
      (rc = check_review_statuses(&c)) < 0 ||
      (rc = check_transitions(&c)) < 0 || (rc = check_audit(&c)) < 0) {
    if (rc == POVREG_ENOMEM) {
      povreg__err(db, POVREG_ENOMEM, "out of memory");
    }
    goto done;
  }
  rc = c.r->total > INT_MAX ? INT_MAX : (int)c.r->total;
  *out = c.r;
  c.r = NULL;
done:
  if (own_tx) {
    sqlite3_exec(db->sq, "ROLLBACK", NULL, NULL, NULL);
  }
  povreg_check_report_free(c.r);
  return rc;
}
