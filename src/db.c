/*
** db.c: the one place that talks to SQLite about connections: opening a
** ledger (pragmas, migrations, foreign keys), the statement cache,
** transactions, and mapping SQLite's errors to povreg codes and messages.
*/
#include <errno.h>
#include <fcntl.h>
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "povreg_int.h"

/* Our PRAGMA application_id ('povg'), set by 0001_ledger_core.sql. */
#define POVREG_APPLICATION_ID 1886351207
/* Milliseconds a writer waits for another before giving up, unless the
   environment variable POVREG_BUSY_TIMEOUT_MS says otherwise (at most
   POVREG_BUSY_TIMEOUT_MAX). */
#define POVREG_BUSY_TIMEOUT_MS 10000
#define POVREG_BUSY_TIMEOUT_MAX 3600000

/*
** Set the handle's error message from a printf format and return code.
** A NULL db is allowed (nothing is stored).
*/
int povreg__err(povreg_db *db, int code, const char *fmt, ...)
{
  va_list ap;

  if (db == NULL) {
    return code;
  }
  va_start(ap, fmt);
  vsnprintf(db->errmsg, sizeof db->errmsg, fmt, ap);
  va_end(ap);
  return code;
}

/*
** Turn SQLite's message for a CHECK, UNIQUE or trigger failure into words
** an officer understands where we can; otherwise keep SQLite's text.
*/
static int map_sqlite_code(int ext)
{
  switch (ext) {
  case SQLITE_CONSTRAINT_UNIQUE:
  case SQLITE_CONSTRAINT_PRIMARYKEY:
    return POVREG_EEXISTS;
  case SQLITE_BUSY:
  case SQLITE_LOCKED:
  case SQLITE_BUSY_SNAPSHOT:
  case SQLITE_BUSY_RECOVERY:
    return POVREG_EBUSY;
  case SQLITE_READONLY:
    return POVREG_EREADONLY;
  case SQLITE_NOMEM:
    return POVREG_ENOMEM;
  default:
    break;
  }
  if ((ext & 0xff) == SQLITE_CONSTRAINT) {
    return POVREG_ECONSTRAINT;
  }
  if ((ext & 0xff) == SQLITE_BUSY || (ext & 0xff) == SQLITE_LOCKED) {
    return POVREG_EBUSY;
  }
  if ((ext & 0xff) == SQLITE_READONLY) {
    return POVREG_EREADONLY;
  }
  if ((ext & 0xff) == SQLITE_NOTADB) {
    return POVREG_ESCHEMA;
  }
  return POVREG_ERROR;
}

/*
** Map the connection's last error to a povreg code and store
** "context: message" (or just the message when context is NULL).
*/
int povreg__sqlite_err(povreg_db *db, const char *context)
{
  int ext = sqlite3_extended_errcode(db->sq);
  int code = map_sqlite_code(ext);
  const char *msg = sqlite3_errmsg(db->sq);

  if (code == POVREG_EBUSY) {
    /* a wait that ran out (or a snapshot that went stale): the caller
       rolls back, so nothing was changed */
    if (context != NULL) {
      povreg__err(db, code,
                  "%s: the ledger is busy: another program has been "
                  "writing to it for over %d.%d s; nothing was changed, try "
                  "again when it has finished",
                  context, db->busy_ms / 1000, db->busy_ms % 1000 / 100);
    } else {
      povreg__err(db, code,
                  "the ledger is busy: another program has been writing to "
                  "it for over %d.%d s; nothing was changed, try again when "
                  "it has finished",
                  db->busy_ms / 1000, db->busy_ms % 1000 / 100);
    }
    return code;
  }
  if (context != NULL) {
    povreg__err(db, code, "%s: %s", context, msg);
  } else {
    povreg__err(db, code, "%s", msg);
  }
  return code;
}

/* Slot of `sql` in a table of n (a power of two) slots: found or free. */
static povreg__stmt_slot *stmt_slot(povreg__stmt_slot *t, size_t n,
                                    const char *sql)
{
  size_t i = ((size_t)(uintptr_t)sql >> 3) & (n - 1);

  while (t[i].sql != NULL && t[i].sql != sql) {
    i = (i + 1) & (n - 1);
  }
  return &t[i];
}

/*
** Double the statement cache, moving every prepared statement to its new
** slot.  Returns 0, or POVREG_ENOMEM (the old table is kept).
*/
static int stmt_grow(povreg_db *db)
{
  size_t n = db->n_stmt_slots ? db->n_stmt_slots * 2 : POVREG__STMT_SLOTS;
  povreg__stmt_slot *t = calloc(n, sizeof *t);
  size_t i;

  if (t == NULL) {
    return povreg__err(db, POVREG_ENOMEM, "out of memory");
  }
  for (i = 0; i < db->n_stmt_slots; i++) {
    if (db->stmts[i].sql != NULL) {
      *stmt_slot(t, n, db->stmts[i].sql) = db->stmts[i];
    }
  }
  free(db->stmts);
  db->stmts = t;
  db->n_stmt_slots = n;
  return POVREG_OK;
}

/*
** Borrow the cached statement for a static SQL literal.  The cache is
** keyed by the literal's address, so each call site's SQL is prepared
** once per handle; the table grows as call sites are met.  Returns
** POVREG_OK and sets *out, or an error.
*/
int povreg__stmt(povreg_db *db, const char *sql, sqlite3_stmt **out)
{
  povreg__stmt_slot *s;
  int rc;

  *out = NULL;
  if (4 * (db->n_stmt_used + 1) > 3 * db->n_stmt_slots &&
      (rc = stmt_grow(db)) < 0) {
    return rc;
  }
  s = stmt_slot(db->stmts, db->n_stmt_slots, sql);
  if (s->sql == NULL) {
    if (sqlite3_prepare_v3(db->sq, sql, -1, SQLITE_PREPARE_PERSISTENT, &s->st,
                           NULL) != SQLITE_OK) {
      s->st = NULL;
      return povreg__sqlite_err(db, NULL);
    }
    s->sql = sql;
    db->n_stmt_used++;
  }
  *out = s->st;
  return POVREG_OK;
}

/* Reset and clear the bindings of a cached statement.  NULL-safe. */
void povreg__stmt_done(sqlite3_stmt *st)
{
  if (st != NULL) {
    sqlite3_reset(st);
    sqlite3_clear_bindings(st);
  }
}

/* Run one statement without results (BEGIN, COMMIT, PRAGMA ...). */
static int exec_simple(povreg_db *db, const char *sql)
{
  if (sqlite3_exec(db->sq, sql, NULL, NULL, NULL) != SQLITE_OK) {
    return povreg__sqlite_err(db, NULL);
  }
  return POVREG_OK;
}

/*
** Start a write transaction (BEGIN IMMEDIATE), or, inside one, a
** savepoint, so that a failed inner operation can be undone alone.  Pair
** every successful call with povreg__tx_commit() or povreg__tx_rollback().
*/
int povreg__tx_begin(povreg_db *db)
{
  char sql[48];
  int rc;

  if (db->readonly) {
    return povreg__err(db, POVREG_EREADONLY, "the ledger was opened read-only");
  }
  if (db->tx_depth > 0) {
    snprintf(sql, sizeof sql, "SAVEPOINT povreg_%d", db->tx_depth);
    if ((rc = exec_simple(db, sql)) < 0) {
      return rc;
    }
    db->tx_depth++;
    return POVREG_OK;
  }
  if ((rc = exec_simple(db, "BEGIN IMMEDIATE")) < 0) {
    return rc;
  }
  db->tx_depth = 1;
  return POVREG_OK;
}

/* Commit the outermost transaction, or release an inner savepoint. */
int povreg__tx_commit(povreg_db *db)
{
  char sql[48];
  int rc;

  if (db->tx_depth == 0) {
    return povreg__err(db, POVREG_ERROR, "commit without a transaction");
  }
  if (db->tx_depth > 1) {
    snprintf(sql, sizeof sql, "RELEASE povreg_%d", db->tx_depth - 1);
    if ((rc = exec_simple(db, sql)) < 0) {
      povreg__tx_rollback(db);
      return rc;
    }
    db->tx_depth--;
    return POVREG_OK;
  }
  if ((rc = exec_simple(db, "COMMIT")) < 0) {
    povreg__tx_rollback(db);
    return rc;
  }
  db->tx_depth = 0;
  db->wrote = 1;
  return POVREG_OK;
}

/*
** Undo the innermost level: roll back to its savepoint, or roll back the
** whole transaction at the outermost level.  Keeps the handle's error
** message (the reason for the rollback).
*/
void povreg__tx_rollback(povreg_db *db)
{
  char sql[96];
  int n;

  if (db->tx_depth == 0) {
    return;
  }
  if (db->tx_depth > 1) {
    n = db->tx_depth - 1;
    snprintf(sql, sizeof sql, "ROLLBACK TO povreg_%d; RELEASE povreg_%d", n, n);
    sqlite3_exec(db->sq, sql, NULL, NULL, NULL);
    db->tx_depth--;
    return;
  }
  if (!sqlite3_get_autocommit(db->sq)) {
    sqlite3_exec(db->sq, "ROLLBACK", NULL, NULL, NULL);
  }
  db->tx_depth = 0;
}

/*
** Run a script of several statements (the pzTail loop).  Errors read
** "context: message".
*/
int povreg__exec_script(povreg_db *db, const char *sql, const char *context)
{
  const char *tail = sql;
  sqlite3_stmt *st = NULL;
  int rc = POVREG_OK;

  while (tail != NULL && *tail != '\0') {
    if (sqlite3_prepare_v2(db->sq, tail, -1, &st, &tail) != SQLITE_OK) {
      rc = povreg__sqlite_err(db, context);
      goto done;
    }
    if (st == NULL) { /* comment or white space */
      continue;
    }
    while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
    }
    if (rc != SQLITE_DONE) {
      rc = povreg__sqlite_err(db, context);
      goto done;
    }
    rc = POVREG_OK;
    sqlite3_finalize(st);
    st = NULL;
  }
done:
  sqlite3_finalize(st);
  return rc;
}

/* Bind a string, or SQL NULL when s is NULL. */
int povreg__bind_text(sqlite3_stmt *st, int idx, const char *s)
{
  if (s == NULL) {
    return sqlite3_bind_null(st, idx);
  }
  return sqlite3_bind_text(st, idx, s, -1, SQLITE_TRANSIENT);
}

/* Grow an array to hold element n (see povreg_int.h).  Allocates. */
void *povreg__grow(void *arr, size_t *cap, size_t n, size_t size)
{
  size_t ncap;
  void *p;

  if (n < *cap) {
    return arr;
  }
  ncap = *cap ? *cap * 2 : 8;
  if (ncap <= n || ncap > SIZE_MAX / size) {
    return NULL;
  }
  if ((p = realloc(arr, ncap * size)) == NULL) {
    return NULL;
  }
  *cap = ncap;
  return p;
}

/* Duplicate a string; NULL gives NULL.  Allocates. */
char *povreg__strdup(const char *s)
{
  size_t n;
  char *p;

  if (s == NULL) {
    return NULL;
  }
  n = strlen(s) + 1;
  p = malloc(n);
  if (p != NULL) {
    memcpy(p, s, n);
  }
  return p;
}

/*
** Copy a column's text.  SQL NULL gives NULL with *ok untouched; a failed
** allocation gives NULL and sets *ok to 0.  Allocates.
*/
char *povreg__col_strdup(sqlite3_stmt *st, int col, int *ok)
{
  const unsigned char *t;
  char *p;

  if (sqlite3_column_type(st, col) == SQLITE_NULL) {
    return NULL;
  }
  t = sqlite3_column_text(st, col);
  if (t == NULL) {
    *ok = 0;
    return NULL;
  }
  p = povreg__strdup((const char *)t);
  if (p == NULL) {
    *ok = 0;
  }
  return p;
}

/* Today's date, fixed by povreg_set_today() or read from the clock. */
void povreg__today(const povreg_db *db, char out[11])
{
  time_t now;
  struct tm tm;

  if (db != NULL && db->today[0] != '\0') {
    memcpy(out, db->today, 11);
    return;
  }
  now = time(NULL);
  if (localtime_r(&now, &tm) == NULL ||
      strftime(out, 11, "%Y-%m-%d", &tm) != 10) {
    memcpy(out, "1970-01-01", 11);
  }
}

/* The OS user's name for the audit log, or "unknown". */
static void default_operator(char *out, size_t n)
{
  struct passwd *pw = getpwuid(getuid());
  const char *name = (pw != NULL && pw->pw_name != NULL) ? pw->pw_name : NULL;

  if (name == NULL || name[0] == '\0') {
    name = getenv("USER");
  }
  if (name == NULL || name[0] == '\0') {
    name = "unknown";
  }
  snprintf(out, n, "%s", name);
}

/* Set the operator named in audit entries; NULL or "" restores the default. */
int povreg_set_operator(povreg_db *db, const char *name)
{
  if (db == NULL) {
    return POVREG_EINVALID;
  }
  if (name == NULL || name[0] == '\0') {
    default_operator(db->operator_name, sizeof db->operator_name);
    return POVREG_OK;
  }
  if (!povreg__utf8_valid(name) || strlen(name) >= sizeof db->operator_name) {
    return povreg__err(db, POVREG_EINVALID,
                       "operator: must be valid UTF-8 of at most %zu bytes",
                       sizeof db->operator_name - 1);
  }
  snprintf(db->operator_name, sizeof db->operator_name, "%s", name);
  return POVREG_OK;
}

/* Fix "today" for validation; NULL goes back to the clock. */
int povreg_set_today(povreg_db *db, const char *date)
{
  if (db == NULL) {
    return POVREG_EINVALID;
  }
  if (date == NULL) {
    db->today[0] = '\0';
    return POVREG_OK;
  }
  if (!povreg__date_valid(date)) {
    return povreg__err(db, POVREG_EINVALID,
                       "today: '%.20s' is not a date YYYY-MM-DD", date);
  }
  memcpy(db->today, date, 11);
  return POVREG_OK;
}

/*
** Append an audit entry to a ledger older than the audit chain: only
** while the migration ladder brings it up to schema
** POVREG__AUDIT_CHAIN_VERSION, whose step then chains these entries too.
*/
static int audit_unchained(povreg_db *db, const char *action,
                           const char *entity, const char *entity_key,
                           const char *old_json, const char *new_json)
{
  static const char sql[] =
      "INSERT INTO audit(at, operator, action, entity, entity_key, "
      "old_value, new_value) VALUES "
      "(strftime('%Y-%m-%dT%H:%M:%fZ', 'now'), ?1, ?2, ?3, ?4, ?5, ?6)";
  sqlite3_stmt *st = NULL;
  int rc;

  if ((rc = povreg__stmt(db, sql, &st)) < 0) {
    return rc;
  }
  povreg__bind_text(st, 1, db->operator_name);
  povreg__bind_text(st, 2, action);
  povreg__bind_text(st, 3, entity);
  povreg__bind_text(st, 4, entity_key);
  povreg__bind_text(st, 5, old_json);
  povreg__bind_text(st, 6, new_json);
  if (sqlite3_step(st) != SQLITE_DONE) {
    rc = povreg__sqlite_err(db, "audit");
  } else {
    rc = POVREG_OK;
  }
  povreg__stmt_done(st);
  return rc;
}

/* A string as a hashed audit value (NULL stays NULL). */
static povreg__audit_field audit_field(const char *s)
{
  povreg__audit_field f;

  f.p = s;
  f.n = s != NULL ? strlen(s) : 0;
  return f;
}

/*
** Append a chained audit entry: read the head (the entry with the largest
** id: its id and hash) and the time in one indexed read, hash the new
** entry onto it, insert it with the next id.  Inside the caller's write
** transaction, or in one of its own, so no other writer can append in
** between; the head is read every time, never kept, because another
** process may have appended and a savepoint may have rolled back since.
*/
static int audit_chained(povreg_db *db, const char *action, const char *entity,
                         const char *entity_key, const char *old_json,
                         const char *new_json)
{
  static const char sql_head[] =
      "SELECT id, hash, strftime('%Y-%m-%dT%H:%M:%fZ', 'now') FROM audit "
      "ORDER BY id DESC LIMIT 1";
  static const char sql_now[] = "SELECT NULL, NULL, "
                                "strftime('%Y-%m-%dT%H:%M:%fZ', 'now')";
  static const char sql_insert[] =
      "INSERT INTO audit(id, at, operator, action, entity, entity_key, "
      "old_value, new_value, hash) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, "
      "?9)";
  povreg__audit_field f[POVREG__AUDIT_FIELDS], prev = {NULL, 0};
  sqlite3_stmt *st = NULL;
  char prev_hash[65] = "", at[40] = "", hash[65];
  int64_t id = 1;
  int rc, own_tx = 0;

  if (db->tx_depth == 0) {
    if ((rc = povreg__tx_begin(db)) < 0) {
      return rc;
    }
    own_tx = 1;
  }
  if ((rc = povreg__stmt(db, sql_head, &st)) < 0) {
    goto done;
  }
  if ((rc = sqlite3_step(st)) == SQLITE_DONE) { /* the log is empty */
    povreg__stmt_done(st);
    if ((rc = povreg__stmt(db, sql_now, &st)) < 0) {
      goto done;
    }
    rc = sqlite3_step(st);
  }
  if (rc != SQLITE_ROW) {
    rc = povreg__sqlite_err(db, "audit");
    goto done;
  }
  if (sqlite3_column_type(st, 0) != SQLITE_NULL) {
    id = sqlite3_column_int64(st, 0) + 1;
  }
  /* a head without a hash was tampered with (audit verify says so):
     chain from zeros rather than refuse all work */
  if (sqlite3_column_type(st, 1) != SQLITE_NULL) {
    snprintf(prev_hash, sizeof prev_hash, "%s",
             (const char *)sqlite3_column_text(st, 1));
    prev = audit_field(prev_hash);
  }
  snprintf(at, sizeof at, "%s", (const char *)sqlite3_column_text(st, 2));
  povreg__stmt_done(st);
  st = NULL;
  f[0] = audit_field(at);
  f[1] = audit_field(db->operator_name);
  f[2] = audit_field(action);
  f[3] = audit_field(entity);
  f[4] = audit_field(entity_key);
  f[5] = audit_field(old_json);
  f[6] = audit_field(new_json);
  povreg__audit_hash(hash, prev, id, f);
  if ((rc = povreg__stmt(db, sql_insert, &st)) < 0) {
    goto done;
  }
  sqlite3_bind_int64(st, 1, id);
  povreg__bind_text(st, 2, at);
  povreg__bind_text(st, 3, db->operator_name);
  povreg__bind_text(st, 4, action);
  povreg__bind_text(st, 5, entity);
  povreg__bind_text(st, 6, entity_key);
  povreg__bind_text(st, 7, old_json);
  povreg__bind_text(st, 8, new_json);
  povreg__bind_text(st, 9, hash);
  rc = sqlite3_step(st) == SQLITE_DONE ? POVREG_OK
                                       : povreg__sqlite_err(db, "audit");
done:
  povreg__stmt_done(st);
  if (own_tx) {
    if (rc == POVREG_OK) {
      rc = povreg__tx_commit(db);
    } else {
      povreg__tx_rollback(db);
    }
  }
  return rc;
}

/* Append an audit entry (see povreg_int.h). */
int povreg__audit(povreg_db *db, const char *action, const char *entity,
                  const char *entity_key, const char *old_json,
                  const char *new_json)
{
  if (!db->audit_chained) {
    return audit_unchained(db, action, entity, entity_key, old_json, new_json);
  }
  return audit_chained(db, action, entity, entity_key, old_json, new_json);
}

/*
** Append an audit entry whose new value is a small JSON object of up to
** three key/value pairs; pairs with a NULL key are left out.
*/
int povreg__audit_kv(povreg_db *db, const char *action, const char *entity,
                     const char *key, const char *k1, const char *v1,
                     const char *k2, const char *v2, const char *k3,
                     const char *v3)
{
  static const char sql[] =
      "SELECT json_remove(json_object(coalesce(?1, '-1'), ?2, "
      "coalesce(?3, '-2'), ?4, coalesce(?5, '-3'), ?6), '$.\"-1\"', "
      "'$.\"-2\"', '$.\"-3\"')";
  const char *args[6];
  sqlite3_stmt *st = NULL;
  char *json = NULL;
  int rc, ok = 1, i;

  args[0] = k1;
  args[1] = v1;
  args[2] = k2;
  args[3] = v2;
  args[4] = k3;
  args[5] = v3;
  if ((rc = povreg__stmt(db, sql, &st)) < 0) {
    return rc;
  }
  for (i = 0; i < 6; i++) {
    povreg__bind_text(st, i + 1, args[i]);
  }
  if (sqlite3_step(st) == SQLITE_ROW) {
    json = povreg__col_strdup(st, 0, &ok);
  }
  povreg__stmt_done(st);
  if (!ok) {
    return povreg__err(db, POVREG_ENOMEM, "out of memory");
  }
  rc = povreg__audit(db, action, entity, key, NULL, json);
  free(json);
  return rc;
}

/* Snapshot a row as JSON (see povreg_int.h).  Allocates *out. */
int povreg__json(char **out, povreg_db *db, const char *sql, const char *key,
                 int64_t id)
{
  sqlite3_stmt *st = NULL;
  int rc, ok = 1;

  *out = NULL;
  if ((rc = povreg__stmt(db, sql, &st)) < 0) {
    return rc;
  }
  if (key != NULL) {
    povreg__bind_text(st, 1, key);
  } else {
    sqlite3_bind_int64(st, 1, id);
  }
  rc = sqlite3_step(st);
  if (rc == SQLITE_ROW) {
    *out = povreg__col_strdup(st, 0, &ok);
    rc = ok ? POVREG_OK : povreg__err(db, POVREG_ENOMEM, "out of memory");
  } else if (rc == SQLITE_DONE) {
    rc = POVREG_OK;
  } else {
    rc = povreg__sqlite_err(db, NULL);
  }
  povreg__stmt_done(st);
  return rc;
}

/* Read one integer from a query without parameters. */
static int query_int(povreg_db *db, const char *sql, int *out)
{
  sqlite3_stmt *st = NULL;
  int rc = POVREG_OK;

  if (sqlite3_prepare_v2(db->sq, sql, -1, &st, NULL) != SQLITE_OK) {
    return povreg__sqlite_err(db, NULL);
  }
  if (sqlite3_step(st) == SQLITE_ROW) {
    *out = sqlite3_column_int(st, 0);
  } else {
    rc = povreg__sqlite_err(db, NULL);
  }
  sqlite3_finalize(st);
  return rc;
}

/* Flat memory for a bulk operation (see povreg_int.h). */
void povreg__bulk_begin(povreg_db *db, int cache_kib, povreg__bulk *saved)
{
  char sql[48];
  int v = 0;

  saved->temp_store = -1;
  saved->cache_size = 0;
  if (cache_kib > 0 && query_int(db, "PRAGMA main.cache_size", &v) == 0 &&
      v != 0 && (v < 0 ? -v : v * 4) > cache_kib) {
    snprintf(sql, sizeof sql, "PRAGMA main.cache_size = -%d", cache_kib);
    if (sqlite3_exec(db->sq, sql, NULL, NULL, NULL) == SQLITE_OK) {
      saved->cache_size = v;
    }
  }
  if (db->tx_depth == 0 && sqlite3_get_autocommit(db->sq) &&
      query_int(db, "PRAGMA temp_store", &v) == 0 && v != 1 &&
      sqlite3_exec(db->sq, "PRAGMA temp_store = FILE", NULL, NULL, NULL) ==
          SQLITE_OK) {
    saved->temp_store = v;
  }
}

/* Give back the settings of a bulk operation (see povreg_int.h). */
void povreg__bulk_end(povreg_db *db, const povreg__bulk *saved)
{
  char sql[48];

  if (saved->temp_store >= 0 && saved->temp_store <= 2) {
    snprintf(sql, sizeof sql, "PRAGMA temp_store = %d", saved->temp_store);
    sqlite3_exec(db->sq, sql, NULL, NULL, NULL);
  }
  if (saved->cache_size != 0) {
    snprintf(sql, sizeof sql, "PRAGMA main.cache_size = %d", saved->cache_size);
    sqlite3_exec(db->sq, sql, NULL, NULL, NULL);
  }
}

/* Latest schema version known to this library. */
int povreg_schema_latest(void)
{
  return povreg__migration_count > 0
             ? povreg__migrations[povreg__migration_count - 1].version
             : 0;
}

/*
** Refuse a file that is not a povreg ledger (another application's SQLite
** database, or no database at all) before anything is written to it, and
** read its schema version into *version.
*/
static int check_identity(povreg_db *db, const char *path, int *version)
{
  int appid = 0, tables = 0, rc;

  if ((rc = query_int(db, "PRAGMA user_version", version)) < 0 ||
      (rc = query_int(db, "PRAGMA application_id", &appid)) < 0 ||
      (rc = query_int(db, "SELECT count(*) FROM sqlite_schema", &tables)) < 0) {
    if (rc == POVREG_ESCHEMA || rc == POVREG_ERROR) {
      return povreg__err(db, POVREG_ESCHEMA, "%s: not a povreg ledger (%s)",
                         path, sqlite3_errmsg(db->sq));
    }
    return rc;
  }
  if (appid != POVREG_APPLICATION_ID && (tables > 0 || appid != 0)) {
    return povreg__err(db, POVREG_ESCHEMA,
                       "%s: not a povreg ledger (an SQLite database of "
                       "another application)",
                       path);
  }
  return POVREG_OK;
}

/* The line a migration carries when it edits table definitions in
   sqlite_schema (see exec_schema_edit). */
#define POVREG__EDITS_SCHEMA "-- povreg: edits sqlite_schema"

/*
** Run a migration that edits the text of table definitions in place
** (UPDATE sqlite_schema), inside the caller's transaction.  This is
** SQLite's documented way to change CHECK constraints without copying a
** table ("Making Other Kinds Of Table Schema Changes", lang_altertable):
** writable_schema on, the edits, the schema version bumped by one,
** writable_schema RESET, which reloads the schema, so a definition that
** no longer parses fails here, before the commit, and the step rolls
** back.  It is only for changes that leave every stored row valid (the
** migration says why); the defensive flag that forbids all this is off
** for the step and on again after it, whatever happens.
*/
static int exec_schema_edit(povreg_db *db, const char *sql, const char *name)
{
  char pragma[64];
  int rc, cookie = 0;

  sqlite3_db_config(db->sq, SQLITE_DBCONFIG_DEFENSIVE, 0, (int *)NULL);
  if ((rc = query_int(db, "PRAGMA schema_version", &cookie)) < 0 ||
      (rc = exec_simple(db, "PRAGMA writable_schema = ON")) < 0 ||
      (rc = povreg__exec_script(db, sql, name)) < 0) {
    goto done;
  }
  snprintf(pragma, sizeof pragma, "PRAGMA schema_version = %d", cookie + 1);
  if ((rc = exec_simple(db, pragma)) < 0 ||
      (rc = exec_simple(db, "PRAGMA writable_schema = RESET")) < 0) {
    goto done;
  }
  /* reading the schema again parses every definition */
  rc = query_int(db, "SELECT count(*) FROM sqlite_schema", &cookie);
done:
  exec_simple(db, "PRAGMA writable_schema = OFF");
  sqlite3_db_config(db->sq, SQLITE_DBCONFIG_DEFENSIVE, 1, (int *)NULL);
  return rc;
}

/*
** Bring the schema up to date: one transaction per step, with the
** version bump inside it.  A newer ledger is refused.  `version` is the
** file's user_version, read by check_identity().
*/
static int migrate(povreg_db *db, const char *path, int version)
{
  int rc, i;
  char pragma[64];

  if (version > povreg_schema_latest()) {
    return povreg__err(db, POVREG_ESCHEMA,
                       "%s: ledger schema version %d is newer than this "
                       "povreg (%s) understands (%d); upgrade povreg",
                       path, version, POVREG_VERSION, povreg_schema_latest());
  }
  db->audit_chained = version >= POVREG__AUDIT_CHAIN_VERSION;
  if (version == povreg_schema_latest()) {
    return POVREG_OK;
  }
  if (db->readonly) {
    return povreg__err(db, POVREG_EREADONLY,
                       "%s: ledger schema version %d needs upgrading to %d; "
                       "open it read-write once",
                       path, version, povreg_schema_latest());
  }
  for (i = 0; i < povreg__migration_count; i++) {
    const povreg__migration *m = &povreg__migrations[i];
    if (m->version <= version) {
      continue;
    }
    if ((rc = povreg__tx_begin(db)) < 0) {
      return rc;
    }
    if ((rc = strstr(m->sql, POVREG__EDITS_SCHEMA) != NULL
                  ? exec_schema_edit(db, m->sql, m->name)
                  : povreg__exec_script(db, m->sql, m->name)) < 0) {
      povreg__tx_rollback(db);
      return rc;
    }
    /* the step that adds audit.hash: chain the entries already there
       (this step's own entry, below, is chained as it is written) */
    if (m->version == POVREG__AUDIT_CHAIN_VERSION) {
      if ((rc = povreg__audit_chain_fill(db)) < 0) {
        povreg__tx_rollback(db);
        return rc;
      }
      db->audit_chained = 1;
    }
    snprintf(pragma, sizeof pragma, "PRAGMA user_version = %d", m->version);
    if ((rc = exec_simple(db, pragma)) < 0 ||
        (rc = povreg__audit(db, "schema.migrate", "schema", m->name, NULL,
                            NULL)) < 0 ||
        (rc = povreg__tx_commit(db)) < 0) {
      povreg__tx_rollback(db);
      db->audit_chained = m->version > POVREG__AUDIT_CHAIN_VERSION;
      return rc;
    }
  }
  return POVREG_OK;
}

/*
** Create the file with mode 0600 before SQLite opens it, so a new ledger
** is readable by its owner only.  Existing files are left alone.
*/
static int create_private(povreg_db *db, const char *path)
{
  int fd;

  if (strcmp(path, ":memory:") == 0 || path[0] == '\0') {
    return POVREG_OK;
  }
  fd = open(path, O_WRONLY | O_CREAT | O_EXCL, 0600);
  if (fd >= 0) {
    close(fd);
    return POVREG_OK;
  }
  if (errno == EEXIST) {
    return POVREG_OK;
  }
  return povreg__err(db, POVREG_ERROR, "%s: cannot create: %s", path,
                     strerror(errno));
}

/*
** The busy timeout to use: POVREG_BUSY_TIMEOUT_MS from the environment
** (milliseconds, 0 to POVREG_BUSY_TIMEOUT_MAX; unset or empty: the
** default).  Stores it in *ms and returns POVREG_OK, or POVREG_EINVALID
** for a value that is not such a number.
*/
static int busy_timeout(povreg_db *db, int *ms)
{
  const char *v = getenv("POVREG_BUSY_TIMEOUT_MS");
  char *end = NULL;
  long n;

  *ms = POVREG_BUSY_TIMEOUT_MS;
  if (v == NULL || v[0] == '\0') {
    return POVREG_OK;
  }
  errno = 0;
  n = strtol(v, &end, 10);
  if (errno != 0 || end == v || *end != '\0' || n < 0 ||
      n > POVREG_BUSY_TIMEOUT_MAX) {
    return povreg__err(db, POVREG_EINVALID,
                       "POVREG_BUSY_TIMEOUT_MS: '%.20s' is not a number of "
                       "milliseconds from 0 to %d",
                       v, POVREG_BUSY_TIMEOUT_MAX);
  }
  *ms = (int)n;
  return POVREG_OK;
}

/* Open a ledger (see povreg/common.h). */
int povreg_open(povreg_db **out, const char *path, unsigned flags)
{
  povreg_db *db = NULL;
  int oflags, rc, fkeys = 0, version = 0;
  struct stat sb;

  if (out == NULL) {
    return POVREG_EINVALID;
  }
  *out = NULL;
  db = calloc(1, sizeof *db);
  if (db == NULL) {
    return POVREG_ENOMEM;
  }
  *out = db;
  default_operator(db->operator_name, sizeof db->operator_name);
  if (path == NULL) {
    return povreg__err(db, POVREG_EINVALID, "path: missing");
  }
  db->readonly = (flags & POVREG_OPEN_READONLY) != 0;
  if (db->readonly && (flags & POVREG_OPEN_CREATE)) {
    return povreg__err(db, POVREG_EINVALID,
                       "flags: CREATE and READONLY exclude each other");
  }
  if ((rc = busy_timeout(db, &db->busy_ms)) < 0) {
    return rc;
  }
  if (strcmp(path, ":memory:") != 0 && stat(path, &sb) != 0) {
    if (!(flags & POVREG_OPEN_CREATE)) {
      return povreg__err(db, POVREG_ENOTFOUND,
                         "%s: no such ledger (run 'povreg init')", path);
    }
    if ((rc = create_private(db, path)) < 0) {
      return rc;
    }
  }
  oflags = db->readonly ? SQLITE_OPEN_READONLY : SQLITE_OPEN_READWRITE;
  if (sqlite3_open_v2(path, &db->sq, oflags, NULL) != SQLITE_OK) {
    if (db->sq == NULL) {
      return povreg__err(db, POVREG_ENOMEM, "out of memory");
    }
    return povreg__err(db, POVREG_ERROR, "%s: %s", path,
                       sqlite3_errmsg(db->sq));
  }
  sqlite3_extended_result_codes(db->sq, 1);
  sqlite3_busy_timeout(db->sq, db->busy_ms);
  sqlite3_db_config(db->sq, SQLITE_DBCONFIG_DQS_DML, 0, (int *)NULL);
  sqlite3_db_config(db->sq, SQLITE_DBCONFIG_DQS_DDL, 0, (int *)NULL);
  sqlite3_db_config(db->sq, SQLITE_DBCONFIG_DEFENSIVE, 1, (int *)NULL);
  /*
  ** TRUSTED_SCHEMA stays on (SQLite's default): the member_name_fts
  ** triggers use an FTS5 table, which SQLite refuses in triggers of an
  ** untrusted schema.  We register no SQL functions with side effects, so
  ** a hostile schema gains nothing from it.
  */
  if ((rc = check_identity(db, path, &version)) < 0) {
    goto done;
  }
  if (!db->readonly) {
    /* WAL persists in the file; :memory: answers "memory" and that's fine. */
    if ((rc = exec_simple(db, "PRAGMA journal_mode = WAL")) < 0) {
      if (rc == POVREG_ESCHEMA) {
        rc = povreg__err(db, POVREG_ESCHEMA, "%s: not a povreg ledger (%s)",
                         path, sqlite3_errmsg(db->sq));
      }
      goto done;
    }
  }
  if ((rc = exec_simple(db, "PRAGMA synchronous = NORMAL")) < 0 ||
      (rc = exec_simple(db, "PRAGMA temp_store = MEMORY")) < 0 ||
      (rc = exec_simple(db, "PRAGMA cache_size = -16384")) < 0 ||
      (rc = migrate(db, path, version)) < 0) {
    goto done;
  }
  if ((rc = exec_simple(db, "PRAGMA foreign_keys = ON")) < 0 ||
      (rc = query_int(db, "PRAGMA foreign_keys", &fkeys)) < 0) {
    goto done;
  }
  if (fkeys != 1) {
    rc = povreg__err(db, POVREG_ERROR, "foreign keys could not be enabled");
    goto done;
  }
  rc = POVREG_OK;
done:
  return rc;
}

/* Finalize cached statements, optimize, and close.  NULL-safe. */
void povreg_close(povreg_db *db)
{
  size_t i;

  if (db == NULL) {
    return;
  }
  for (i = 0; i < db->n_stmt_slots; i++) {
    sqlite3_finalize(db->stmts[i].st);
  }
  free(db->stmts);
  if (db->sq != NULL) {
    if (db->tx_depth > 0) {
      sqlite3_exec(db->sq, "ROLLBACK", NULL, NULL, NULL);
    }
    if (!db->readonly && db->wrote) {
      /* Only after a committed write: a refused command must leave the
         file exactly as it was (optimize may write sqlite_stat1). */
      sqlite3_exec(db->sq, "PRAGMA optimize", NULL, NULL, NULL);
    }
    sqlite3_close_v2(db->sq);
  }
  free(db);
}

/* Last error message of the handle; never NULL. */
const char *povreg_errmsg(const povreg_db *db)
{
  if (db == NULL) {
    return "no ledger handle (out of memory?)";
  }
  return db->errmsg[0] != '\0' ? db->errmsg : "no error";
}

/* Schema version of an open ledger (0 if unreadable). */
int povreg_schema_version(const povreg_db *db)
{
  sqlite3_stmt *st = NULL;
  int v = 0;

  if (db == NULL || db->sq == NULL) {
    return 0;
  }
  if (sqlite3_prepare_v2(db->sq, "PRAGMA user_version", -1, &st, NULL) ==
          SQLITE_OK &&
      sqlite3_step(st) == SQLITE_ROW) {
    v = sqlite3_column_int(st, 0);
  }
  sqlite3_finalize(st);
  return v;
}

/* Library version string. */
const char *povreg_version(void)
{
  return POVREG_VERSION;
}

/* Free a char * the library allocated.  NULL-safe. */
void povreg_free(void *p)
{
  free(p);
}

/* English text for each result code. */
const char *povreg_strerror(int code)
{
  switch (code) {
  case POVREG_OK:
    return "success";
  case POVREG_ERROR:
    return "unexpected error";
  case POVREG_ENOTFOUND:
    return "not found";
  case POVREG_EEXISTS:
    return "already exists";
  case POVREG_ECONSTRAINT:
    return "breaks a rule of the ledger";
  case POVREG_EINVALID:
    return "invalid value";
  case POVREG_EBUSY:
    return "ledger busy";
  case POVREG_ESCHEMA:
    return "incompatible ledger schema";
  case POVREG_ECSV:
    return "malformed CSV";
  case POVREG_ENOMEM:
    return "out of memory";
  case POVREG_EREADONLY:
    return "ledger is read-only";
  case POVREG_ELOCKED:
    return "record is locked";
  default:
    return "unknown result code";
  }
}
