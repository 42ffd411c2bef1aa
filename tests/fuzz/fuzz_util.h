/*
** fuzz_util.h: what the libFuzzer targets share: a scratch directory on
** tmpfs when there is one, and a fresh ledger made once per process and
** copied for each input, so every input starts from the same state.
*/
#ifndef POVREG_FUZZ_UTIL_H
#define POVREG_FUZZ_UTIL_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <povreg.h>
#include <sqlite3.h>

/* The scratch directory (made once); borrowed. */
static inline const char *fz_dir(void)
{
  static char dir[256];

  if (dir[0] == '\0') {
    const char *base = access("/dev/shm", W_OK) == 0 ? "/dev/shm" : "/tmp";
    snprintf(dir, sizeof dir, "%s/povreg-fuzz-XXXXXX", base);
    if (mkdtemp(dir) == NULL) {
      perror("mkdtemp");
      abort();
    }
  }
  return dir;
}

/* Copy file src to dst (both paths); aborts on failure. */
static inline void fz_copy(const char *src, const char *dst)
{
  char buf[65536];
  size_t n;
  FILE *in = fopen(src, "rb"), *out = fopen(dst, "wb");

  if (in == NULL || out == NULL) {
    perror("fz_copy");
    abort();
  }
  while ((n = fread(buf, 1, sizeof buf, in)) > 0) {
    if (fwrite(buf, 1, n, out) != n) {
      perror("fz_copy");
      abort();
    }
  }
  fclose(in);
  fclose(out);
}

/* Remove a ledger and its WAL files. */
static inline void fz_remove_ledger(const char *path)
{
  char aux[300];

  unlink(path);
  snprintf(aux, sizeof aux, "%s-wal", path);
  unlink(aux);
  snprintf(aux, sizeof aux, "%s-shm", path);
  unlink(aux);
}

/* The households of the template ledger, so member and survey files
   have households to refer to (the seed corpora use these codes). */
static const char fz_households[] =
    "household_code,commune_code,village,address,phone,notes,created_on\n"
    "23536-0000001,23536,Làng Rơ Kơi,,,,2015-07-09\n"
    "23536-0000002,23536,Làng Rơ Kơi,\"Số 1, Làng Rơ Kơi\",0976823429,,"
    "2018-10-21\n"
    "23527-0000001,23527,Thôn 5,,,,2020-01-15\n";

/*
** The path of the template ledger: created (all migrations applied, the
** households above imported) on the first call, then closed, so copies
** of it are consistent.
*/
static inline const char *fz_template(void)
{
  static char path[300];
  povreg_db *db = NULL;

  if (path[0] == '\0') {
    snprintf(path, sizeof path, "%s/template.db", fz_dir());
    povreg_import_report *rep = NULL;
    povreg_import_opts opts;
    FILE *in = fmemopen((void *)fz_households, sizeof fz_households - 1, "rb");
    memset(&opts, 0, sizeof opts);
    opts.new_villages = 1;
    if (in == NULL || povreg_open(&db, path, POVREG_OPEN_CREATE) != POVREG_OK ||
        povreg_import_stream(&rep, db, POVREG_IMPORT_HOUSEHOLDS, in,
                             "template.csv", &opts) != POVREG_OK) {
      fprintf(stderr, "template: %s\n", povreg_errmsg(db));
      abort();
    }
    fclose(in);
    povreg_import_report_free(rep);
    povreg_close(db);
  }
  return path;
}

/* One integer from a query on the file at path (a separate connection). */
static inline long fz_query(const char *path, const char *sql)
{
  sqlite3 *sq = NULL;
  sqlite3_stmt *st = NULL;
  long v = -1;

  if (sqlite3_open_v2(path, &sq, SQLITE_OPEN_READONLY, NULL) == SQLITE_OK &&
      sqlite3_prepare_v2(sq, sql, -1, &st, NULL) == SQLITE_OK &&
      sqlite3_step(st) == SQLITE_ROW) {
    v = (long)sqlite3_column_int64(st, 0);
  }
  sqlite3_finalize(st);
  sqlite3_close(sq);
  return v;
}

/* 1 if the ledger at path passes integrity and foreign-key checks. */
static inline int fz_sound(const char *path)
{
  return fz_query(path, "SELECT count(*) FROM pragma_integrity_check "
                        "WHERE integrity_check = 'ok'") == 1 &&
         fz_query(path, "SELECT count(*) FROM pragma_foreign_key_check") == 0;
}

#endif
