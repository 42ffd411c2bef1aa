/*
** export.c: povreg_export(): the checks every export shares, its one
** transaction and audit entry, and the exports other than the BHYT list
** (src/export_bhyt.c): the posting list of a review, the recognised lists
** of a year (poor, near-poor, escaped), and the ledger in the import
** formats (households, members, surveys).
**
** An export is one write transaction (BEGIN IMMEDIATE, so the rows read
** and the audit entry written at the end see the same ledger): a
** read-only handle is refused with POVREG_EREADONLY before anything is
** written.  When writing fails, nothing is recorded (POVREG_ERROR).
** Rows are streamed: one ordered query per list, nothing collected; the
** sorts SQLite needs go to temporary files for the time of the export
** (the connection otherwise keeps temporary data in memory).
*/
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "csvwrite.h"
#include "povreg_int.h"

/* The kinds, as the spec names them and as the audit records them. */
enum {
  K_BHYT = 1,
  K_POSTING,
  K_POOR,
  K_NEAR_POOR,
  K_ESCAPED,
  K_HOUSEHOLDS,
  K_MEMBERS,
  K_SURVEY
};

/* The kind names a spec may give ("near-poor" as the CLI spells it). */
static const struct {
  const char *name;
  int kind;
} kinds[] = {
    {"bhyt", K_BHYT},
    {"posting", K_POSTING},
    {"poor", K_POOR},
    {"near_poor", K_NEAR_POOR},
    {"near-poor", K_NEAR_POOR},
    {"escaped", K_ESCAPED},
    {"households", K_HOUSEHOLDS},
    {"members", K_MEMBERS},
    {"survey", K_SURVEY},
};

/* Audit names of the kinds (index: K_*). */
static const char *const kind_keys[] = {"",           "bhyt",      "posting",
                                        "poor",       "near_poor", "escaped",
                                        "households", "members",   "survey"};

/* What an export is writing. */
typedef struct ectx {
  povreg_db *db;
  const povreg_export_spec *spec;
  povreg__csvw *csv;
  povreg_export_report *rep;
} ectx;

/* ---- helpers ------------------------------------------------------------- */

/* Find the count entry of a key, adding it (NULL when there are 16). */
static povreg_export_count *count_key(povreg_export_report *rep,
                                      const char *key)
{
  size_t i;

  for (i = 0; i < rep->n_counts; i++) {
    if (strcmp(rep->counts[i].key, key) == 0) {
      return &rep->counts[i];
    }
  }
  if (rep->n_counts == sizeof rep->counts / sizeof rep->counts[0]) {
    return NULL;
  }
  snprintf(rep->counts[rep->n_counts].key, sizeof rep->counts[0].key, "%s",
           key);
  return &rep->counts[rep->n_counts++];
}

/* Count one row under a class ("unclassified" when NULL). */
static void count_row(povreg_export_report *rep, const char *cls)
{
  povreg_export_count *k = count_key(rep, cls ? cls : "unclassified");

  if (k != NULL) {
    k->rows++;
  }
  rep->rows++;
}

/* Write a NULL-terminated list of column names as the header. */
static int header(povreg__csvw *w, const char *const *names)
{
  size_t n = 0;

  while (names[n] != NULL) {
    n++;
  }
  return povreg__csvw_row(w, names, n);
}

/* Write column col of a row as a field (NULL: empty). */
static int col(povreg__csvw *w, sqlite3_stmt *st, int c)
{
  return povreg__csvw_fieldn(w, (const char *)sqlite3_column_text(st, c),
                             (size_t)sqlite3_column_bytes(st, c));
}

/* Write an identifier masked but for its last 3 characters. */
static int masked(povreg__csvw *w, sqlite3_stmt *st, int c)
{
  const char *id = (const char *)sqlite3_column_text(st, c);
  char buf[64];
  size_t n, i;

  if (id == NULL) {
    return povreg__csvw_field(w, NULL);
  }
  n = strlen(id);
  if (n >= sizeof buf) {
    n = sizeof buf - 1;
  }
  for (i = 0; i < n; i++) {
    buf[i] = i + 3 < n ? '*' : id[i];
  }
  return povreg__csvw_fieldn(w, buf, n);
}

/* Check that a commune code names a commune (ENOTFOUND if not). */
static int check_commune(povreg_db *db, const char *code)
{
  static const char sql[] = "SELECT level FROM unit WHERE code = ?1";
  sqlite3_stmt *st = NULL;
  int rc;

  if ((rc = povreg__stmt(db, sql, &st)) < 0) {
    return rc;
  }
  povreg__bind_text(st, 1, code);
  rc = sqlite3_step(st);
  if (rc == SQLITE_ROW &&
      strcmp((const char *)sqlite3_column_text(st, 0), "commune") == 0) {
    rc = POVREG_OK;
  } else if (rc == SQLITE_ROW || rc == SQLITE_DONE) {
    rc = povreg__err(db, POVREG_ENOTFOUND, "commune_code: no commune %.10s",
                     povreg__utf8_valid(code) ? code : "?");
  } else {
    rc = povreg__sqlite_err(db, "commune_code");
  }
  povreg__stmt_done(st);
  return rc;
}

/* ---- posting ------------------------------------------------------------- */

/*
** The posting list of a review: its households (not the excused ones) by
** code with the head, village, the class proposed (the board's override
** if any) and the recognised class of the year before.  No personal data.
*/
static int export_posting(ectx *x)
{
  /* the newest status row of a household and year is the one in force:
     every new one supersedes the one before */
  static const char sql[] =
      "SELECT h.code, (SELECT m.full_name FROM member m WHERE "
      "m.household_id = h.id AND m.relation = 'head' AND m.status = "
      "'active'), v.name, coalesce(rh.override_class, rh.proposed_class), "
      "(SELECT s.class FROM household_status s WHERE s.household_id = h.id "
      "AND s.status_year = r.status_year - 1 ORDER BY s.id DESC LIMIT 1) "
      "FROM review r JOIN review_household rh ON rh.review_id = r.id "
      "JOIN household h ON h.id = rh.household_id "
      "LEFT JOIN village v ON v.id = h.village_id "
      "WHERE r.id = ?1 AND rh.excused_reason IS NULL ORDER BY h.code";
  static const char *const names[] = {
      "stt",     "household_code", "head_name",
      "village", "proposed_class", "class_before",
      NULL};
  sqlite3_stmt *st = NULL;
  int64_t review_id = 0;
  int rc, c;

  if ((rc = povreg_review_find(&review_id, x->db, x->spec->commune_code,
                               x->spec->year, x->spec->month)) < 0 ||
      (rc = header(x->csv, names)) < 0 ||
      (rc = povreg__stmt(x->db, sql, &st)) < 0) {
    return rc;
  }
  sqlite3_bind_int64(st, 1, review_id);
  while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
    int w = povreg__csvw_int(x->csv, x->rep->rows + 1);
    for (c = 0; w == 0 && c < 5; c++) {
      w = col(x->csv, st, c);
    }
    if (w == 0) {
      w = povreg__csvw_end(x->csv);
    }
    if (w < 0) {
      rc = w;
      goto done;
    }
    count_row(x->rep, (const char *)sqlite3_column_text(st, 3));
  }
  rc = rc == SQLITE_DONE ? POVREG_OK : povreg__sqlite_err(x->db, "posting");
done:
  povreg__stmt_done(st);
  return rc;
}

/* ---- recognised lists ---------------------------------------------------- */

/* State of a list export across callbacks. */
typedef struct list_ctx {
  ectx *x;
  int escaped; /* write the changes column */
  int status_year;
  int rc; /* first failure, returned by the callback */
} list_ctx;

/* The commune a household counts in for a status year (as the lists). */
static int list_commune(povreg_db *db, const char *code, int status_year,
                        char out[6])
{
  static const char sql[] =
      "SELECT CASE WHEN u.closed_on IS NOT NULL AND u.closed_on <= "
      "printf('%04d-01-01', ?2) THEN u.successor_code ELSE h.commune_code "
      "END FROM household h JOIN unit u ON u.code = h.commune_code "
      "WHERE h.code = ?1";
  sqlite3_stmt *st = NULL;
  int rc;

  out[0] = '\0';
  if ((rc = povreg__stmt(db, sql, &st)) < 0) {
    return rc;
  }
  povreg__bind_text(st, 1, code);
  sqlite3_bind_int(st, 2, status_year);
  rc = sqlite3_step(st);
  if (rc == SQLITE_ROW && sqlite3_column_type(st, 0) != SQLITE_NULL) {
    snprintf(out, 6, "%s", (const char *)sqlite3_column_text(st, 0));
  }
  rc = (rc == SQLITE_ROW || rc == SQLITE_DONE) ? POVREG_OK
                                               : povreg__sqlite_err(db, "list");
  povreg__stmt_done(st);
  return rc;
}

/* Write one entry of a recognised list (povreg_list_cb). */
static int list_row(const povreg_list_entry *e, void *payload)
{
  list_ctx *l = payload;
  ectx *x = l->x;
  povreg__csvw *w = x->csv;
  char commune[6];
  int rc;

  if ((rc = list_commune(x->db, e->household_code, l->status_year, commune)) <
      0) {
    l->rc = rc;
    return rc;
  }
  rc = povreg__csvw_int(w, x->rep->rows + 1);
  if (rc == 0) {
    rc = povreg__csvw_field(w, e->household_code);
  }
  if (rc == 0) {
    rc = povreg__csvw_field(w, e->head_name);
  }
  if (rc == 0) {
    rc = povreg__csvw_field(w, e->village);
  }
  if (rc == 0) {
    rc = povreg__csvw_field(w, commune);
  }
  if (rc == 0) {
    rc = povreg__csvw_field(w, e->class_now);
  }
  if (rc == 0) {
    rc = povreg__csvw_field(w, e->class_before);
  }
  if (rc == 0) {
    rc = povreg__csvw_field(w, e->transition);
  }
  if (rc == 0 && l->escaped) {
    rc = povreg__csvw_field(w, e->changes);
  }
  if (rc == 0) {
    rc = povreg__csvw_end(w);
  }
  if (rc < 0) {
    l->rc = rc;
    return rc;
  }
  count_row(x->rep, e->class_now);
  return 0;
}

/* A recognised list of the status year spec->year. */
static int export_list(ectx *x, const char *list)
{
  static const char *const names[] = {
      "stt",   "household_code", "head_name",  "village", "commune_code",
      "class", "class_before",   "transition", "changes", NULL};
  static const char *const names_plain[] = {
      "stt",   "household_code", "head_name",  "village", "commune_code",
      "class", "class_before",   "transition", NULL};
  list_ctx l;
  int rc;

  memset(&l, 0, sizeof l);
  l.x = x;
  l.escaped = strcmp(list, "escaped") == 0;
  l.status_year = x->spec->year;
  if ((rc = header(x->csv, l.escaped ? names : names_plain)) < 0) {
    return rc;
  }
  rc = povreg_status_list(x->db, x->spec->commune_code, x->spec->year, list,
                          list_row, &l);
  return l.rc < 0 ? l.rc : rc;
}

/* ---- the ledger in the import formats ------------------------------------ */

/*
** Households (and their members and surveys) of the commune ?1, or of
** every commune when NULL: registered under its code or a code it took
** over (closed with it as successor, at any depth).
*/
#define IN_COMMUNE                                                             \
  "(?1 IS NULL OR h.commune_code = ?1 OR h.commune_code IN (WITH RECURSIVE "   \
  "pred(code) AS (SELECT ?1 UNION SELECT u.code FROM unit u JOIN pred p ON "   \
  "u.successor_code = p.code) SELECT code FROM pred))"

/* households.csv: households not dissolved, by code. */
static int export_households(ectx *x)
{
  static const char sql[] =
      "SELECT h.code, h.commune_code, v.name, h.address, h.phone, h.notes, "
      "h.created_on FROM household h LEFT JOIN village v ON v.id = "
      "h.village_id WHERE h.dissolved_on IS NULL AND " IN_COMMUNE
      " ORDER BY h.code";
  static const char *const names[] = {
      "household_code", "commune_code", "village",    "address",
      "phone",          "notes",        "created_on", NULL};
  sqlite3_stmt *st = NULL;
  int rc, c;

  if ((rc = header(x->csv, names)) < 0 ||
      (rc = povreg__stmt(x->db, sql, &st)) < 0) {
    return rc;
  }
  povreg__bind_text(st, 1, x->spec->commune_code);
  while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
    int w = 0;
    for (c = 0; w == 0 && c < 7; c++) {
      w = col(x->csv, st, c);
    }
    if (w == 0) {
      w = povreg__csvw_end(x->csv);
    }
    if (w < 0) {
      rc = w;
      goto done;
    }
    x->rep->rows++;
  }
  rc = rc == SQLITE_DONE ? POVREG_OK : povreg__sqlite_err(x->db, "households");
done:
  povreg__stmt_done(st);
  return rc;
}

/* members.csv: every member of those households, by household and number. */
static int export_members(ectx *x)
{
  static const char sql[] =
      "SELECT h.code, m.member_no, m.full_name, m.sex, m.birth_date, "
      "m.relation, m.ethnicity_code, m.citizen_id, m.health_insurance, "
      "m.in_school, m.education_grade, m.bhxh_no, m.joined_on, m.status, "
      "m.status_on FROM household h JOIN member m ON m.household_id = h.id "
      "WHERE h.dissolved_on IS NULL AND " IN_COMMUNE
      " ORDER BY h.code, m.member_no";
  static const char *const names[] = {
      "household_code",   "member_no", "full_name",       "sex",
      "birth_date",       "relation",  "ethnicity",       "citizen_id",
      "health_insurance", "in_school", "education_grade", "bhxh_no",
      "joined_on",        "status",    "status_on",       NULL};
  sqlite3_stmt *st = NULL;
  int redact = x->spec->redact;
  int rc, c;

  if ((rc = header(x->csv, names)) < 0 ||
      (rc = povreg__stmt(x->db, sql, &st)) < 0) {
    return rc;
  }
  povreg__bind_text(st, 1, x->spec->commune_code);
  while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
    int w = 0;
    for (c = 0; w == 0 && c < 15; c++) {
      if (redact && (c == 7 || c == 11)) {
        w = masked(x->csv, st, c);
      } else if (redact && c == 4) {
        w = povreg__csvw_fieldn(x->csv,
                                (const char *)sqlite3_column_text(st, c), 4);
      } else {
        w = col(x->csv, st, c);
      }
    }
    if (w == 0) {
      w = povreg__csvw_end(x->csv);
    }
    if (w < 0) {
      rc = w;
      goto done;
    }
    x->rep->rows++;
  }
  rc = rc == SQLITE_DONE ? POVREG_OK : povreg__sqlite_err(x->db, "members");
done:
  povreg__stmt_done(st);
  return rc;
}

/* The fixed columns of survey.csv, before the indicator and fact keys. */
#define N_FIXED 7
static const char *const survey_fixed[N_FIXED] = {
    "review_year",    "household_code", "income_per_capita", "score_a",
    "reference_date", "surveyed_on",    "enumerator"};

/* A column of survey.csv after the fixed ones. */
typedef struct skey {
  char name[40]; /* column name */
  char key[32];  /* tick or fact key */
  int fact;      /* 1: a household fact, 0: an indicator tick */
} skey;

/* The key columns of survey.csv and a row's cells. */
typedef struct scols {
  skey *k; /* columns (allocated) */
  size_t n, cap;
  size_t *order; /* indexes of k sorted by (fact, key) (allocated) */
  size_t *off;   /* cell i: offset in text, or (size_t)-1 if empty */
  char *text;    /* the cells' values, NUL-terminated (allocated) */
  size_t len, tcap;
} scols;

/* Free the survey columns. */
static void scols_free(scols *s)
{
  free(s->k);
  free(s->order);
  free(s->off);
  free(s->text);
  memset(s, 0, sizeof *s);
}

/* 1 if name is already a column of survey.csv. */
static int scols_taken(const scols *s, const char *name)
{
  size_t i;

  for (i = 0; i < N_FIXED; i++) {
    if (strcmp(survey_fixed[i], name) == 0) {
      return 1;
    }
  }
  for (i = 0; i < s->n; i++) {
    if (strcmp(s->k[i].name, name) == 0) {
      return 1;
    }
  }
  return 0;
}

/*
** Add a column for a key.  A fact whose key is already a column (an
** indicator key such as "latrine", which is also a fact) is named
** "fact:KEY" (':' is never in a key).
*/
static int scols_add(povreg_db *db, scols *s, const char *key, int fact)
{
  skey *k;
  void *grown;

  if (strlen(key) >= sizeof s->k[0].key) {
    return povreg__err(db, POVREG_ERROR, "survey: key too long");
  }
  if (!fact && scols_taken(s, key)) {
    return POVREG_OK;
  }
  if ((grown = povreg__grow(s->k, &s->cap, s->n, sizeof *s->k)) == NULL) {
    return povreg__err(db, POVREG_ENOMEM, "out of memory");
  }
  s->k = grown;
  k = &s->k[s->n];
  memset(k, 0, sizeof *k);
  snprintf(k->key, sizeof k->key, "%s", key);
  k->fact = fact;
  if (fact && scols_taken(s, key)) {
    snprintf(k->name, sizeof k->name, "fact:%s", key);
  } else {
    snprintf(k->name, sizeof k->name, "%s", key);
  }
  s->n++;
  return POVREG_OK;
}

/* Order of two columns by (fact, key): <0, 0, >0. */
static int cmp_cols(const skey *x, const skey *y)
{
  if (x->fact != y->fact) {
    return x->fact - y->fact;
  }
  return strcmp(x->key, y->key);
}

/* The column of a (fact, key), or -1. */
static long scols_find(const scols *s, int fact, const char *key)
{
  size_t lo = 0, hi = s->n;

  while (lo < hi) {
    size_t mid = lo + (hi - lo) / 2;
    const skey *k = &s->k[s->order[mid]];
    int c = k->fact != fact ? k->fact - fact : strcmp(k->key, key);
    if (c == 0) {
      return (long)s->order[mid];
    }
    if (c < 0) {
      lo = mid + 1;
    } else {
      hi = mid;
    }
  }
  return -1;
}

/* Set the cell of column i of the current row. */
static int scols_set(povreg_db *db, scols *s, size_t i, const char *v)
{
  size_t n = strlen(v) + 1;

  if (s->len + n > s->tcap) {
    size_t cap = s->tcap ? s->tcap : 1024;
    char *p;
    while (s->len + n > cap) {
      cap *= 2;
    }
    if ((p = realloc(s->text, cap)) == NULL) {
      return povreg__err(db, POVREG_ENOMEM, "out of memory");
    }
    s->text = p;
    s->tcap = cap;
  }
  memcpy(s->text + s->len, v, n);
  s->off[i] = s->len;
  s->len += n;
  return POVREG_OK;
}

/*
** The key columns: every indicator key of any standard (by the standard's
** first year, then the indicator's order; each key once), then the
** household fact keys of the surveys exported (sorted).
*/
static int survey_columns(ectx *x, scols *s)
{
  static const char sql_ind[] =
      "SELECT i.key FROM indicator i JOIN standard s ON s.id = "
      "i.standard_id GROUP BY i.key ORDER BY min(printf('%04d %-32s %04d', "
      "s.first_year, s.id, i.ordinal))";
  static const char sql_facts[] =
      "SELECT DISTINCT f.key FROM household h JOIN survey s ON "
      "s.household_id = h.id JOIN survey_fact f ON f.survey_id = s.id WHERE "
      "h.dissolved_on IS NULL AND (?2 = 0 OR s.review_year = ?2) "
      "AND " IN_COMMUNE " ORDER BY f.key";
  const char *sqls[2] = {sql_ind, sql_facts};
  sqlite3_stmt *st = NULL;
  size_t i;
  int rc = POVREG_OK, pass;

  for (pass = 0; pass < 2 && rc == POVREG_OK; pass++) {
    if ((rc = povreg__stmt(x->db, sqls[pass], &st)) < 0) {
      return rc;
    }
    if (pass == 1) {
      povreg__bind_text(st, 1, x->spec->commune_code);
      sqlite3_bind_int(st, 2, x->spec->year);
    }
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
      if ((rc = scols_add(x->db, s, (const char *)sqlite3_column_text(st, 0),
                          pass)) < 0) {
        break;
      }
    }
    rc = rc == SQLITE_DONE ? POVREG_OK
         : rc < 0          ? rc
                           : povreg__sqlite_err(x->db, "survey");
    povreg__stmt_done(st);
    st = NULL;
  }
  if (rc < 0) {
    return rc;
  }
  s->order = malloc((s->n + 1) * sizeof *s->order);
  s->off = malloc((N_FIXED + s->n) * sizeof *s->off);
  if (s->order == NULL || s->off == NULL) {
    return povreg__err(x->db, POVREG_ENOMEM, "out of memory");
  }
  /* insertion sort: a few dozen columns */
  for (i = 0; i < s->n; i++) {
    size_t j = i;
    while (j > 0 && cmp_cols(&s->k[s->order[j - 1]], &s->k[i]) > 0) {
      s->order[j] = s->order[j - 1];
      j--;
    }
    s->order[j] = i;
  }
  return POVREG_OK;
}

/*
** Start the cells of a survey from the query's row: the fixed ones (query
** columns 1..7) set, the key ones empty.
*/
static int survey_start(povreg_db *db, sqlite3_stmt *st, scols *s)
{
  size_t i;
  int rc;

  s->len = 0;
  for (i = 0; i < N_FIXED + s->n; i++) {
    s->off[i] = (size_t)-1;
  }
  for (i = 0; i < N_FIXED; i++) {
    const char *v = (const char *)sqlite3_column_text(st, (int)i + 1);
    if (v != NULL && (rc = scols_set(db, s, i, v)) < 0) {
      return rc;
    }
  }
  return POVREG_OK;
}

/* Write the row of the survey whose cells are in s. */
static int survey_write(ectx *x, const scols *s)
{
  size_t i;
  int rc = 0;

  for (i = 0; rc == 0 && i < N_FIXED + s->n; i++) {
    rc = povreg__csvw_field(
        x->csv, s->off[i] == (size_t)-1 ? NULL : s->text + s->off[i]);
  }
  if (rc == 0) {
    rc = povreg__csvw_end(x->csv);
  }
  if (rc == 0) {
    x->rep->rows++;
  }
  return rc;
}

/* survey.csv: the surveys of those households, by household and year. */
static int export_survey(ectx *x)
{
  /* a survey's ticks and facts come with it, one row each (kind 0 tick,
     1 fact); the rows of one survey are together since (code, year) is
     unique */
  static const char sql[] =
      "SELECT s.id, s.review_year, h.code, s.income, s.score_a, "
      "s.reference_date, s.surveyed_on, s.enumerator, k.kind, k.key, "
      "k.value FROM household h JOIN survey s ON s.household_id = h.id "
      "LEFT JOIN (SELECT survey_id, 0 AS kind, key, CAST(deprived AS TEXT) "
      "AS value FROM survey_tick UNION ALL SELECT survey_id, 1, key, value "
      "FROM survey_fact) k ON k.survey_id = s.id WHERE h.dissolved_on IS "
      "NULL AND (?2 = 0 OR s.review_year = ?2) AND " IN_COMMUNE
      " ORDER BY h.code, s.review_year";
  sqlite3_stmt *st = NULL;
  scols s;
  int64_t cur = 0;
  size_t i;
  int rc, w = 0;

  memset(&s, 0, sizeof s);
  if ((rc = survey_columns(x, &s)) < 0) {
    goto done;
  }
  for (i = 0; w == 0 && i < N_FIXED; i++) {
    w = povreg__csvw_field(x->csv, survey_fixed[i]);
  }
  for (i = 0; w == 0 && i < s.n; i++) {
    w = povreg__csvw_field(x->csv, s.k[i].name);
  }
  if (w == 0) {
    w = povreg__csvw_end(x->csv);
  }
  if (w < 0) {
    rc = w;
    goto done;
  }
  if ((rc = povreg__stmt(x->db, sql, &st)) < 0) {
    goto done;
  }
  povreg__bind_text(st, 1, x->spec->commune_code);
  sqlite3_bind_int(st, 2, x->spec->year);
  while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
    int64_t id = sqlite3_column_int64(st, 0);
    long c;
    if (id != cur) {
      if ((cur != 0 && (rc = survey_write(x, &s)) < 0) ||
          (rc = survey_start(x->db, st, &s)) < 0) {
        goto done;
      }
      cur = id;
    }
    if (sqlite3_column_type(st, 8) != SQLITE_NULL &&
        (c = scols_find(&s, sqlite3_column_int(st, 8),
                        (const char *)sqlite3_column_text(st, 9))) >= 0 &&
        (rc = scols_set(x->db, &s, N_FIXED + (size_t)c,
                        (const char *)sqlite3_column_text(st, 10))) < 0) {
      goto done;
    }
  }
  if (rc != SQLITE_DONE) {
    rc = povreg__sqlite_err(x->db, "survey");
    goto done;
  }
  rc = cur != 0 ? survey_write(x, &s) : POVREG_OK;
done:
  povreg__stmt_done(st);
  scols_free(&s);
  return rc;
}

/* ---- povreg_export ------------------------------------------------------- */

/* Check the spec of a kind before anything is read or written. */
static int check_spec(povreg_db *db, int kind, const povreg_export_spec *spec,
                      FILE *fix, char date[11])
{
  int rc;

  if (spec->commune_code != NULL && (strlen(spec->commune_code) != 5 ||
                                     !povreg__utf8_valid(spec->commune_code))) {
    return povreg__err(db, POVREG_EINVALID,
                       "commune_code: a commune code has 5 digits");
  }
  switch (kind) {
  case K_BHYT:
    if (fix == NULL) {
      return povreg__err(db, POVREG_EINVALID,
                         "fix: the BHYT export needs a fix list");
    }
    if (spec->date == NULL) {
      povreg__today(db, date);
    } else if ((rc = povreg__check_date(db, "date", spec->date, 0)) < 0) {
      return rc;
    } else {
      snprintf(date, 11, "%s", spec->date);
    }
    if (spec->changes_since != NULL) {
      if ((rc = povreg__check_date(db, "changes_since", spec->changes_since,
                                   0)) < 0) {
        return rc;
      }
      if (strcmp(spec->changes_since, date) >= 0) {
        return povreg__err(db, POVREG_EINVALID,
                           "changes_since: %s is not before the date %s",
                           spec->changes_since, date);
      }
    }
    return POVREG_OK;
  case K_POSTING:
    if (spec->commune_code == NULL) {
      return povreg__err(db, POVREG_EINVALID,
                         "commune_code: the posting list is of one commune's "
                         "review");
    }
    if (spec->month < 0 || spec->month > 12) {
      return povreg__err(db, POVREG_EINVALID,
                         "month: 0 (the periodic review) or 1-12 (ad-hoc)");
    }
    if (spec->year < 1990 || spec->year > 2100) {
      return povreg__err(db, POVREG_EINVALID,
                         "year: required, a year from 1990 to 2100");
    }
    return POVREG_OK;
  case K_POOR:
  case K_NEAR_POOR:
  case K_ESCAPED:
    if (spec->year < 1990 || spec->year > 2100) {
      return povreg__err(db, POVREG_EINVALID,
                         "year: required, a year from 1990 to 2100");
    }
    return POVREG_OK;
  default:
    if (spec->year != 0 && (spec->year < 1990 || spec->year > 2100)) {
      return povreg__err(db, POVREG_EINVALID,
                         "year: a year from 1990 to 2100, or 0 for all");
    }
    return POVREG_OK;
  }
}

/* Record the export in the audit log. */
static int audit_export(povreg_db *db, int kind, const povreg_export_spec *spec,
                        const char *date, const povreg_export_report *rep)
{
  /* json_patch over {} drops the members whose value is null */
  static const char sql[] =
      "SELECT json_patch('{}', json_object('kind', ?1, 'filters', "
      "json_patch('{}', json_object('year', ?2, 'month', ?3, 'date', ?4, "
      "'since', ?5, 'commune', ?6)), 'bom', ?7, 'redact', ?8, 'rows', ?9, "
      "'fix_rows', ?10, 'sha256', ?11, 'fix_sha256', ?12))";
  sqlite3_stmt *st = NULL;
  char action[32], *json = NULL;
  int rc, ok = 1, listed = kind >= K_POSTING && kind <= K_ESCAPED;

  if ((rc = povreg__stmt(db, sql, &st)) < 0) {
    return rc;
  }
  povreg__bind_text(st, 1, kind_keys[kind]);
  if (listed || (kind == K_SURVEY && spec->year != 0)) {
    sqlite3_bind_int(st, 2, spec->year);
  }
  if (kind == K_POSTING) {
    sqlite3_bind_int(st, 3, spec->month);
  }
  if (kind == K_BHYT) {
    povreg__bind_text(st, 4, date);
    povreg__bind_text(st, 5, spec->changes_since);
    sqlite3_bind_int64(st, 10, rep->fix_rows);
    povreg__bind_text(st, 12, rep->fix_sha256);
  }
  povreg__bind_text(st, 6, spec->commune_code);
  sqlite3_bind_int(st, 7, spec->bom != 0);
  sqlite3_bind_int(st, 8, spec->redact != 0);
  sqlite3_bind_int64(st, 9, rep->rows);
  povreg__bind_text(st, 11, rep->sha256);
  if (sqlite3_step(st) == SQLITE_ROW) {
    json = povreg__col_strdup(st, 0, &ok);
  }
  povreg__stmt_done(st);
  if (!ok || json == NULL) {
    free(json);
    return povreg__err(db, POVREG_ENOMEM, "out of memory");
  }
  snprintf(action, sizeof action, "export.%s", kind_keys[kind]);
  rc = povreg__audit(db, action, "export", kind_keys[kind], NULL, json);
  free(json);
  return rc;
}

/* Page cache of an export (KiB): every sort of the export may hold as much
   memory as the page cache before it spills to a file, so the ledger's
   16 MiB made a list of 100,000 households peak at 36 MiB (see
   povreg__bulk_begin). */
#define EXPORT_CACHE_KIB 4096

/* Say that writing failed. */
static int write_failed(povreg_db *db, const povreg__csvw *w, const char *what)
{
  if (w->failed == POVREG_ENOMEM) {
    return povreg__err(db, POVREG_ENOMEM, "out of memory");
  }
  return povreg__err(db, POVREG_ERROR, "%s: cannot write: %s", what,
                     strerror(w->err_no != 0 ? w->err_no : EIO));
}

/* Write an export (see povreg/io.h). */
int povreg_export(povreg_export_report *out, povreg_db *db,
                  const povreg_export_spec *spec, FILE *csv, FILE *fix)
{
  povreg_export_report rep;
  povreg__csvw wc, wf;
  char date[11] = "";
  int rc, kind = 0, in_tx = 0, bhyt;
  povreg__bulk saved = {-1, 0};
  size_t i;
  ectx x;

  povreg__csvw_init(&wc, csv);
  povreg__csvw_init(&wf, fix);
  memset(&rep, 0, sizeof rep);
  if (out != NULL) {
    memset(out, 0, sizeof *out);
  }
  if (db == NULL) {
    return POVREG_EINVALID;
  }
  if (spec == NULL || csv == NULL) {
    return povreg__err(db, POVREG_EINVALID, "invalid argument");
  }
  for (i = 0; spec->kind != NULL && i < sizeof kinds / sizeof *kinds; i++) {
    if (strcmp(kinds[i].name, spec->kind) == 0) {
      kind = kinds[i].kind;
    }
  }
  if (kind == 0) {
    return povreg__err(db, POVREG_EINVALID,
                       "kind: must be bhyt, posting, poor, near_poor, "
                       "escaped, households, members or survey");
  }
  bhyt = kind == K_BHYT;
  if ((rc = check_spec(db, kind, spec, fix, date)) < 0) {
    return rc;
  }
  /* a read-only ledger cannot record the export: refused here, before a
     byte is written */
  if (db->readonly) {
    return povreg__tx_begin(db);
  }
  povreg__bulk_begin(db, EXPORT_CACHE_KIB, &saved);
  if ((rc = povreg__tx_begin(db)) < 0) {
    goto done;
  }
  in_tx = 1;
  if (spec->commune_code != NULL &&
      (rc = check_commune(db, spec->commune_code)) < 0) {
    goto done;
  }
  if (spec->bom && ((rc = povreg__csvw_bom(&wc)) < 0 ||
                    (bhyt && (rc = povreg__csvw_bom(&wf)) < 0))) {
    goto write_error;
  }
  x.db = db;
  x.spec = spec;
  x.csv = &wc;
  x.rep = &rep;
  switch (kind) {
  case K_BHYT:
    rc = povreg__export_bhyt(db, spec, date, &wc, &wf, &rep);
    break;
  case K_POSTING:
    rc = export_posting(&x);
    break;
  case K_POOR:
    rc = export_list(&x, "poor");
    break;
  case K_NEAR_POOR:
    rc = export_list(&x, "near_poor");
    break;
  case K_ESCAPED:
    rc = export_list(&x, "escaped");
    break;
  case K_HOUSEHOLDS:
    rc = export_households(&x);
    break;
  case K_MEMBERS:
    rc = export_members(&x);
    break;
  default:
    rc = export_survey(&x);
    break;
  }
  if (wc.failed || wf.failed) {
    goto write_error;
  }
  if (rc < 0) {
    goto done;
  }
  if (povreg__csvw_finish(&wc, rep.sha256) < 0 ||
      (bhyt && povreg__csvw_finish(&wf, rep.fix_sha256) < 0)) {
    goto write_error;
  }
  if ((rc = audit_export(db, kind, spec, date, &rep)) < 0 ||
      (rc = povreg__tx_commit(db)) < 0) {
    goto done;
  }
  in_tx = 0;
  if (out != NULL) {
    *out = rep;
  }
  goto done;
write_error:
  rc = wc.failed ? write_failed(db, &wc, "csv") : write_failed(db, &wf, "fix");
done:
  if (in_tx) {
    povreg__tx_rollback(db);
  }
  povreg__bulk_end(db, &saved);
  povreg__csvw_free(&wc);
  povreg__csvw_free(&wf);
  return rc;
}
