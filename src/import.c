/*
** import.c: bulk import of CSV files (see povreg/io.h): the driver shared
** by the three kinds of file (src/import_households.c, import_members.c,
** import_survey.c).
**
** One import is one transaction.  The file is read once, streaming, by
** src/csvread.c, which also feeds every byte to a SHA-256; each row is
** checked by the single-row rules of the library and written at once
** inside the transaction, so that later rows see earlier ones (a member
** row sees the household the row before created).  Errors are collected
** with their line and column, and reading goes on so that several are
** reported; at the end, any error rolls everything back.  Memory stays
** flat: rows are never kept, and the keys met so far (to find a row given
** twice) live in TEMP tables, kept on disk (temp_store = FILE for the
** import's length) unless the file is small.
**
** Nothing is written when nothing changes: a dry run, or a file whose
** every row matches the ledger, is rolled back too.  A committed import
** adds one audit entry and one import_log row (rows added are not audited
** one by one; the import entry with the file's SHA-256 accounts for them),
** plus one audit entry per existing row that changed.
*/
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "csvread.h"
#include "povreg_int.h"
#include "sha256.h"

/* Errors kept when the options say 0, and at most. */
#define DEFAULT_MAX_ERRORS 100
#define MAX_MAX_ERRORS 1000000
/*
** Inputs from this size (and those of unknown size: pipes, terminals)
** keep the import's TEMP tables on disk.  Smaller files keep them where
** the connection keeps temporary data (in memory): their size bounds that
** memory, and switching costs a reload of the schema.
*/
#define DISK_TEMP_FROM (1024 * 1024)

/* The kinds, by povreg_import_kind. */
static const povreg__imp_kind *kind_of(povreg_import_kind k)
{
  switch (k) {
  case POVREG_IMPORT_HOUSEHOLDS:
    return &povreg__imp_households;
  case POVREG_IMPORT_MEMBERS:
    return &povreg__imp_members;
  case POVREG_IMPORT_SURVEY:
    return &povreg__imp_survey;
  }
  return NULL;
}

/* Parse a kind's name (see povreg/io.h). */
povreg_import_kind povreg_import_kind_parse(const char *name)
{
  if (name == NULL) {
    return (povreg_import_kind)0;
  }
  if (strcmp(name, "households") == 0) {
    return POVREG_IMPORT_HOUSEHOLDS;
  }
  if (strcmp(name, "members") == 0) {
    return POVREG_IMPORT_MEMBERS;
  }
  if (strcmp(name, "survey") == 0) {
    return POVREG_IMPORT_SURVEY;
  }
  return (povreg_import_kind)0;
}

/* ---- helpers for the kinds ---------------------------------------------- */

/* Add an error at a line (see povreg_int.h). */
static int error_v(povreg__imp *im, long line, int col, const char *fmt,
                   va_list ap)
{
  char msg[sizeof((povreg__csv_error *)0)->message];

  vsnprintf(msg, sizeof msg, fmt, ap);
  if (im->full) {
    return POVREG__IMP_BAD;
  }
  im->own_errors++;
  if (povreg__csv_add_error(im->csv, line, col < 0 ? 0 : col + 1, "%s", msg) <
      0) {
    im->full = 1;
  }
  return POVREG__IMP_BAD;
}

/* What a row callback returns (see povreg_int.h). */
int povreg__imp_next(const povreg__imp *im)
{
  return im->fatal ? im->fatal : im->full ? POVREG_ECSV : 0;
}

/* Add an error on the current line (see povreg_int.h). */
int povreg__imp_error(povreg__imp *im, int col, const char *fmt, ...)
{
  va_list ap;
  int rc;

  va_start(ap, fmt);
  rc = error_v(im, im->line, col, fmt, ap);
  va_end(ap);
  return rc;
}

/* Add an error at an explicit line (see povreg_int.h). */
int povreg__imp_error_at(povreg__imp *im, long line, int col, const char *fmt,
                         ...)
{
  va_list ap;
  int rc;

  va_start(ap, fmt);
  rc = error_v(im, line, col, fmt, ap);
  va_end(ap);
  return rc;
}

/* Index of a header column (see povreg_int.h). */
int povreg__imp_col(const povreg__imp *im, const char *name)
{
  return povreg__csv_column(im->csv, name);
}

/* A non-empty cell or NULL (see povreg_int.h). */
const char *povreg__imp_cell(const char *const *fields,
                             const unsigned char *empty, int col)
{
  return col < 0 || empty[col] ? NULL : fields[col];
}

/* Parse plain digits (see povreg_int.h). */
int povreg__imp_number(const char *s, int64_t *out)
{
  int64_t v = 0;
  size_t i;

  for (i = 0; s[i] != '\0'; i++) {
    if (s[i] < '0' || s[i] > '9' || i >= 15) {
      return 0;
    }
    v = v * 10 + (s[i] - '0');
  }
  if (i == 0) {
    return 0;
  }
  *out = v;
  return 1;
}

/*
** The column a message's field names: the kind's map first, then a column
** of that very name.  -1 if none.
*/
static int field_column(const povreg__imp *im, const povreg__imp_kind *k,
                        const char *field)
{
  size_t i;

  for (i = 0; k->field_map[i] != NULL; i += 2) {
    if (strcmp(k->field_map[i], field) == 0) {
      return povreg__imp_col(im, k->field_map[i + 1]);
    }
  }
  return povreg__imp_col(im, field);
}

/* Turn a failed call into a row error or a fatal one (see povreg_int.h). */
int povreg__imp_fail(povreg__imp *im, int rc)
{
  const char *msg = povreg_errmsg(im->db), *p;
  char field[40];
  size_t n;
  int col = -1;

  switch (rc) {
  case POVREG_EINVALID:
  case POVREG_ENOTFOUND:
  case POVREG_EEXISTS:
  case POVREG_ECONSTRAINT:
  case POVREG_ELOCKED:
    break;
  default:
    im->fatal = rc;
    return rc;
  }
  /* "field: problem": the field becomes the column when it is one */
  for (p = msg;
       (*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') || *p == '_'; p++) {
  }
  n = (size_t)(p - msg);
  if (n > 0 && n < sizeof field && p[0] == ':' && p[1] == ' ') {
    memcpy(field, msg, n);
    field[n] = '\0';
    col = field_column(im, kind_of(im->rep->kind), field);
    if (col >= 0) {
      msg = p + 2;
    }
  }
  return povreg__imp_error(im, col, "%s", msg);
}

/* Record a key met on this line (see povreg_int.h). */
int povreg__imp_seen(povreg__imp *im, const char *a_text, int64_t ia, int64_t b,
                     long *earlier)
{
  static const char sql_add[] =
      "INSERT INTO temp.povreg_imp_key(a, b, line) VALUES (?1, ?2, ?3) "
      "ON CONFLICT DO NOTHING";
  static const char sql_line[] =
      "SELECT line FROM temp.povreg_imp_key WHERE a = ?1 AND b = ?2";
  sqlite3_stmt *st = NULL;
  int rc, i, added;

  *earlier = 0;
  for (i = 0; i < 2; i++) {
    if ((rc = povreg__stmt(im->db, i == 0 ? sql_add : sql_line, &st)) < 0) {
      return rc;
    }
    if (a_text != NULL) {
      povreg__bind_text(st, 1, a_text);
    } else {
      sqlite3_bind_int64(st, 1, ia);
    }
    sqlite3_bind_int64(st, 2, b);
    if (i == 0) {
      sqlite3_bind_int64(st, 3, im->line);
      rc = sqlite3_step(st);
      added = sqlite3_changes(im->db->sq) > 0;
      povreg__stmt_done(st);
      if (rc != SQLITE_DONE) {
        return povreg__sqlite_err(im->db, "import");
      }
      if (added) {
        return POVREG_OK;
      }
      continue;
    }
    rc = sqlite3_step(st);
    if (rc == SQLITE_ROW) {
      *earlier = (long)sqlite3_column_int64(st, 0);
    }
    povreg__stmt_done(st);
    if (rc != SQLITE_ROW) {
      return povreg__sqlite_err(im->db, "import");
    }
  }
  return POVREG_OK;
}

/* ---- header ------------------------------------------------------------- */

/* 1 if name is in a NULL-terminated list. */
static int listed(const char *const *list, const char *name)
{
  size_t i;

  for (i = 0; list != NULL && list[i] != NULL; i++) {
    if (strcmp(list[i], name) == 0) {
      return 1;
    }
  }
  return 0;
}

/*
** Check the header: every required column present, every column known
** (unless extra columns are ignored).  Errors at the header's line.
** Returns the number of errors found (or a negative fatal code).
*/
static int check_header(povreg__imp *im, const povreg__imp_kind *k)
{
  long line = povreg__csv_header_line(im->csv);
  size_t i, n = povreg__csv_columns(im->csv), before = im->own_errors;

  for (i = 0; k->required[i] != NULL; i++) {
    if (povreg__imp_col(im, k->required[i]) < 0) {
      povreg__imp_error_at(im, line, -1, "missing required column %s",
                           k->required[i]);
    }
  }
  if (!im->opts.ignore_extra) {
    for (i = 0; i < n; i++) {
      const char *name = povreg__csv_column_name(im->csv, i);
      if (!listed(k->required, name) && !listed(k->optional, name) &&
          (k->known == NULL || !k->known(im, name))) {
        if (im->fatal) {
          return im->fatal;
        }
        povreg__imp_error_at(im, line, (int)i,
                             "unknown column (--ignore-extra skips unknown "
                             "columns)");
      }
    }
  }
  return im->fatal ? im->fatal : (int)(im->own_errors - before);
}

/* ---- the transaction and its TEMP tables ------------------------------- */

/*
** The TEMP tables of an import: created once per connection (a schema
** change makes SQLite prepare statements again), emptied at the start and
** at the end of every import.
*/
static const char sql_temp_create[] =
    "CREATE TEMP TABLE IF NOT EXISTS povreg_imp_key(a, b INTEGER, "
    "line INTEGER NOT NULL, PRIMARY KEY (a, b)) WITHOUT ROWID;"
    "CREATE TEMP TABLE IF NOT EXISTS povreg_imp_hh(hh_id INTEGER PRIMARY "
    "KEY, first_line INTEGER NOT NULL, bad INTEGER NOT NULL DEFAULT 0, "
    "last_no INTEGER NOT NULL);"
    "CREATE TEMP TABLE IF NOT EXISTS povreg_imp_stage(seq INTEGER PRIMARY "
    "KEY, line INTEGER NOT NULL, household_id INTEGER NOT NULL, member_no "
    "INTEGER NOT NULL, full_name, name_fold, sex, birth_date, "
    "ethnicity_code, relation, citizen_id, bhxh_no, joined_on, status, "
    "status_on, health_insurance, in_school, education_grade);"
    "DELETE FROM temp.povreg_imp_key; DELETE FROM temp.povreg_imp_hh;"
    "DELETE FROM temp.povreg_imp_stage;";
static const char sql_temp_clear[] =
    "DELETE FROM temp.povreg_imp_key; DELETE FROM temp.povreg_imp_hh;"
    "DELETE FROM temp.povreg_imp_stage;";

/* 1 if the input is large or of unknown size (see DISK_TEMP_FROM). */
static int large_input(FILE *in)
{
  struct stat st;
  int fd = fileno(in);

  return fd < 0 || fstat(fd, &st) != 0 || !S_ISREG(st.st_mode) ||
         st.st_size >= DISK_TEMP_FROM;
}

/*
** Write the import's audit entry and its import_log row (the file's name,
** SHA-256 and counts).
*/
static int record_import(povreg__imp *im)
{
  static const char sql_json[] =
      "SELECT json_object('file', ?1, 'sha256', ?2, 'rows', ?3, 'added', ?4, "
      "'changed', ?5, 'unchanged', ?6)";
  static const char sql_log[] =
      "INSERT INTO import_log(at, operator, kind, file_name, sha256, rows, "
      "added, changed, unchanged) VALUES (strftime('%Y-%m-%dT%H:%M:%fZ', "
      "'now'), ?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)";
  const povreg_import_report *r = im->rep;
  const char *kind = kind_of(r->kind)->name;
  sqlite3_stmt *st = NULL;
  char *json = NULL, action[32];
  int rc, ok = 1;

  if ((rc = povreg__stmt(im->db, sql_json, &st)) < 0) {
    return rc;
  }
  povreg__bind_text(st, 1, r->file_name);
  povreg__bind_text(st, 2, r->sha256);
  sqlite3_bind_int64(st, 3, r->rows);
  sqlite3_bind_int64(st, 4, r->added);
  sqlite3_bind_int64(st, 5, r->changed);
  sqlite3_bind_int64(st, 6, r->unchanged);
  if (sqlite3_step(st) == SQLITE_ROW) {
    json = povreg__col_strdup(st, 0, &ok);
  } else {
    ok = 0;
  }
  povreg__stmt_done(st);
  if (!ok || json == NULL) {
    return povreg__err(im->db, POVREG_ENOMEM, "out of memory");
  }
  snprintf(action, sizeof action, "import.%s", kind);
  rc = povreg__audit(im->db, action, "import", r->file_name, NULL, json);
  free(json);
  if (rc < 0 || (rc = povreg__stmt(im->db, sql_log, &st)) < 0) {
    return rc;
  }
  povreg__bind_text(st, 1, im->db->operator_name);
  povreg__bind_text(st, 2, kind);
  povreg__bind_text(st, 3, r->file_name);
  povreg__bind_text(st, 4, r->sha256);
  sqlite3_bind_int64(st, 5, r->rows);
  sqlite3_bind_int64(st, 6, r->added);
  sqlite3_bind_int64(st, 7, r->changed);
  sqlite3_bind_int64(st, 8, r->unchanged);
  rc = sqlite3_step(st) == SQLITE_DONE
           ? POVREG_OK
           : povreg__sqlite_err(im->db, "import_log");
  povreg__stmt_done(st);
  return rc;
}

/* ---- the report --------------------------------------------------------- */

/* Order of errors: by line, then as found. */
typedef struct err_ref {
  long line;
  size_t i;
} err_ref;

/* qsort comparison of err_ref. */
static int err_cmp(const void *a, const void *b)
{
  const err_ref *x = a, *y = b;

  if (x->line != y->line) {
    return x->line < y->line ? -1 : 1;
  }
  return x->i < y->i ? -1 : x->i > y->i;
}

/*
** Copy the reader's errors into the report, in line order, at most max
** (errors_truncated set when there were more).  Allocates.
*/
static int copy_errors(povreg_import_report *rep, const povreg__csv *csv,
                       size_t max)
{
  size_t n = povreg__csv_error_count(csv), i;
  err_ref *order;

  if (n == 0) {
    return POVREG_OK;
  }
  if ((order = malloc(n * sizeof *order)) == NULL ||
      (rep->errors = calloc(n < max ? n : max, sizeof *rep->errors)) == NULL) {
    free(order);
    return POVREG_ENOMEM;
  }
  for (i = 0; i < n; i++) {
    order[i].line = povreg__csv_error_at(csv, i)->line;
    order[i].i = i;
  }
  qsort(order, n, sizeof *order, err_cmp);
  for (i = 0; i < n && i < max; i++) {
    const povreg__csv_error *e = povreg__csv_error_at(csv, order[i].i);
    povreg_import_error *o = &rep->errors[i];
    o->line = e->line;
    o->column = e->column;
    snprintf(o->column_name, sizeof o->column_name, "%s", e->column_name);
    snprintf(o->message, sizeof o->message, "%s", e->message);
  }
  rep->n_errors = i;
  rep->errors_truncated = n > max;
  free(order);
  return POVREG_OK;
}

/* Hash what the reader left unread of the input (after it stopped). */
static void drain(FILE *in, povreg__sha256 *sha)
{
  char buf[16384];
  size_t got;

  while ((got = fread(buf, 1, sizeof buf, in)) > 0) {
    povreg__sha256_update(sha, buf, got);
  }
}

/* ---- the import ---------------------------------------------------------- */

/*
** Run the rows of an open reader through kind k inside a transaction and
** settle it: commit, or roll back on an error, a dry run or no change.
** Returns POVREG_OK, POVREG_ECSV or a fatal code.
*/
static int run_import(povreg__imp *im, const povreg__imp_kind *k,
                      povreg__sha256 *sha, FILE *in)
{
  povreg_db *db = im->db;
  povreg_import_report *rep = im->rep;
  unsigned char digest[POVREG__SHA256_SIZE];
  int rc, in_tx = 0, clean;
  povreg__bulk saved = {-1, 0};
  char saved_today[11];

  memcpy(saved_today, db->today, sizeof saved_today);
  /* TEMP tables on disk, so that memory stays flat (outside any tx) */
  if (large_input(in)) {
    povreg__bulk_begin(db, 0, &saved);
  }
  /* before the transaction, so that a rollback does not undo them (and
     with them the connection's parsed schema) */
  if ((rc = povreg__exec_script(db, sql_temp_create, "import")) < 0 ||
      (rc = povreg__tx_begin(db)) < 0) {
    goto done;
  }
  in_tx = 1;
  /* one "today" for the whole file (and no clock reading per row) */
  povreg__today(db, im->today);
  memcpy(db->today, im->today, sizeof db->today);
  if ((rc = k->begin(im)) < 0) {
    goto done;
  }
  if ((rc = check_header(im, k)) < 0) {
    goto done;
  }
  if (povreg__csv_error_count(im->csv) > 0) {
    rc = POVREG_ECSV; /* the header is wrong: no row can be read */
    goto done;
  }
  rc = povreg__csv_read(im->csv, k->row, im);
  if (im->fatal) {
    rc = im->fatal;
    goto done;
  }
  if (rc != 0 && rc != POVREG_ECSV) {
    goto done; /* out of memory or a read error in the reader */
  }
  /* checks across rows, unless the error list is already full */
  clean = povreg__csv_error_count(im->csv) == im->own_errors;
  if (povreg__csv_error_count(im->csv) <= im->opts.max_errors &&
      k->end != NULL && (rc = k->end(im, clean)) < 0) {
    goto done;
  }
  if (povreg__csv_error_count(im->csv) == 0 && rep->rows == 0) {
    povreg__imp_error_at(im, povreg__csv_header_line(im->csv), -1,
                         "no data rows (the file has only its header)");
  }
  if (povreg__csv_error_count(im->csv) > 0) {
    rc = POVREG_ECSV;
    goto done;
  }
  if (!povreg__csv_at_eof(im->csv)) {
    drain(in, sha);
  }
  povreg__sha256_final(sha, digest);
  povreg__sha256_hex(digest, rep->sha256);
  if (rep->dry_run || rep->added + rep->changed == 0) {
    rc = POVREG_OK; /* nothing to write: rolled back below */
    goto done;
  }
  if ((rc = record_import(im)) < 0) {
    goto done;
  }
  rc = povreg__tx_commit(db);
  in_tx = 0;
done:
  memcpy(db->today, saved_today, sizeof db->today);
  if (in_tx) {
    povreg__tx_rollback(db);
  }
  if (saved.temp_store >= 0) {
    povreg__bulk_end(db, &saved); /* this drops the TEMP tables too */
  } else {
    sqlite3_exec(db->sq, sql_temp_clear, NULL, NULL, NULL);
  }
  return rc;
}

/* Import from an open stream (see povreg/io.h).  Allocates *out. */
int povreg_import_stream(povreg_import_report **out, povreg_db *db,
                         povreg_import_kind kind, FILE *in, const char *name,
                         const povreg_import_opts *opts)
{
  const povreg__imp_kind *k = kind_of(kind);
  povreg_import_report *rep = NULL;
  povreg__sha256 sha;
  povreg__imp im;
  unsigned char digest[POVREG__SHA256_SIZE];
  int rc, copied;

  if (out != NULL) {
    *out = NULL;
  }
  if (db == NULL || out == NULL || in == NULL) {
    return povreg__err(db, POVREG_EINVALID, "invalid argument");
  }
  if (k == NULL) {
    return povreg__err(db, POVREG_EINVALID,
                       "kind: must be households, members or survey");
  }
  if ((rep = calloc(1, sizeof *rep)) == NULL) {
    return povreg__err(db, POVREG_ENOMEM, "out of memory");
  }
  *out = rep;
  memset(&im, 0, sizeof im);
  im.db = db;
  im.rep = rep;
  if (opts != NULL) {
    im.opts = *opts;
  }
  if (im.opts.max_errors == 0) {
    im.opts.max_errors = DEFAULT_MAX_ERRORS;
  } else if (im.opts.max_errors > MAX_MAX_ERRORS) {
    im.opts.max_errors = MAX_MAX_ERRORS;
  }
  if (name == NULL) {
    name = "-";
  }
  rep->kind = kind;
  rep->dry_run = im.opts.dry_run != 0;
  {
    /* the name as given, cut on a character boundary if too long */
    size_t len = strlen(name);
    if (len >= sizeof rep->file_name) {
      len = sizeof rep->file_name - 1;
      while (len > 0 && ((unsigned char)name[len] & 0xC0) == 0x80) {
        len--;
      }
    }
    memcpy(rep->file_name, name, len);
    rep->file_name[len] = '\0';
  }
  povreg__sha256_init(&sha);
  /* one more error than kept, to know whether the list was cut */
  rc = povreg__csv_open_digest(&im.csv, in, name, im.opts.chunk, 0,
                               im.opts.max_errors + 1, &sha);
  if (rc == 0) {
    rc = run_import(&im, k, &sha, in);
  } else if (rc == POVREG_ECSV) {
    drain(in, &sha); /* an empty or unreadable header: still hash it all */
    povreg__sha256_final(&sha, digest);
    povreg__sha256_hex(digest, rep->sha256);
  }
  if (k->free != NULL) {
    k->free(&im);
  }
  copied =
      im.csv != NULL ? copy_errors(rep, im.csv, im.opts.max_errors) : POVREG_OK;
  if (rc == POVREG_ECSV && rep->sha256[0] == '\0') {
    drain(in, &sha);
    povreg__sha256_final(&sha, digest);
    povreg__sha256_hex(digest, rep->sha256);
  }
  if (rc == POVREG_ERROR && im.csv != NULL &&
      povreg__csv_error_count(im.csv) > 0 && !im.fatal) {
    /* the reader could not read the file */
    const povreg__csv_error *e =
        povreg__csv_error_at(im.csv, povreg__csv_error_count(im.csv) - 1);
    povreg__err(db, POVREG_ERROR, "%s: %s", rep->file_name, e->message);
  } else if (rc == POVREG_ENOMEM && !im.fatal) {
    povreg__err(db, POVREG_ENOMEM, "out of memory");
  } else if (rc == POVREG_ECSV) {
    povreg__err(db, POVREG_ECSV, "%s: %zu error%s in the file", rep->file_name,
                rep->n_errors, rep->n_errors == 1 ? "" : "s");
  }
  povreg__csv_close(im.csv);
  if (copied < 0 && rc >= 0) {
    rc = povreg__err(db, POVREG_ENOMEM, "out of memory");
  }
  return rc;
}

/* Import a file by name; "-" is standard input (see povreg/io.h). */
int povreg_import(povreg_import_report **out, povreg_db *db,
                  povreg_import_kind kind, const char *path,
                  const povreg_import_opts *opts)
{
  FILE *f;
  int rc;

  if (out != NULL) {
    *out = NULL;
  }
  if (db == NULL || out == NULL || path == NULL) {
    return povreg__err(db, POVREG_EINVALID, "invalid argument");
  }
  if (strcmp(path, "-") == 0) {
    return povreg_import_stream(out, db, kind, stdin, path, opts);
  }
  if ((f = fopen(path, "rb")) == NULL) {
    int err = errno;
    /* a report all the same, naming the file (no rows, no errors) */
    if ((*out = calloc(1, sizeof **out)) != NULL) {
      (*out)->kind = kind;
      snprintf((*out)->file_name, sizeof(*out)->file_name, "%s", path);
      (*out)->dry_run = opts != NULL && opts->dry_run;
    }
    return povreg__err(db, POVREG_ERROR, "%.200s: %s", path, strerror(err));
  }
  rc = povreg_import_stream(out, db, kind, f, path, opts);
  fclose(f);
  return rc;
}

/* Format error i of a report (see povreg/io.h). */
int povreg_import_error_format(const povreg_import_report *r, size_t i,
                               char *buf, size_t n)
{
  const povreg_import_error *e;

  if (r == NULL || i >= r->n_errors) {
    return -1;
  }
  e = &r->errors[i];
  if (buf == NULL) {
    n = 0;
  }
  if (e->column_name[0] != '\0') {
    return snprintf(buf, n, "%s:%ld:%s: %s", r->file_name, e->line,
                    e->column_name, e->message);
  }
  if (e->column > 0) {
    return snprintf(buf, n, "%s:%ld: column %d: %s", r->file_name, e->line,
                    e->column, e->message);
  }
  return snprintf(buf, n, "%s:%ld: %s", r->file_name, e->line, e->message);
}

/* Free a report (see povreg/io.h).  NULL-safe. */
void povreg_import_report_free(povreg_import_report *r)
{
  if (r != NULL) {
    free(r->errors);
    free(r);
  }
}
