/*
** fuzz_import.c: libFuzzer target for the CSV importer, every file kind.
**
** Input: byte 0 picks the file kind (households, members, survey) and
** the options (dry run, ignore extra columns, new villages); byte 1 the
** read chunk (1 to 64 bytes, so the CSV reader's state crosses every
** boundary); the rest is the file.  Each input is imported into a copy
** of the template ledger, fresh after every import that wrote: a ledger
** an import wrote must pass the integrity and foreign-key checks; a
** failed or dry-run import must leave it unchanged (its row counts), and
** the copy is then reused.
*/
#define _POSIX_C_SOURCE 200809L
#include <stdint.h>

#include "fuzz_util.h"

/* Rows in the tables an import writes, as one number. */
static long rows_of(const char *path)
{
  return fz_query(path, "SELECT (SELECT count(*) FROM household) * 1000000 "
                        "+ (SELECT count(*) FROM member) * 1000 + (SELECT "
                        "count(*) FROM survey) + (SELECT count(*) FROM "
                        "village) * 7");
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
  static const povreg_import_kind kinds[3] = {
      POVREG_IMPORT_HOUSEHOLDS, POVREG_IMPORT_MEMBERS, POVREG_IMPORT_SURVEY};
  static int dirty = 1; /* the ledger copy was written to */
  static long before;
  char path[300];
  povreg_db *db = NULL;
  povreg_import_report *rep = NULL;
  povreg_import_opts opts;
  long after;
  FILE *in;
  int rc;

  if (size < 2) {
    return 0;
  }
  snprintf(path, sizeof path, "%s/ledger.db", fz_dir());
  if (dirty) { /* a fresh copy; an unchanged one is reused */
    fz_remove_ledger(path);
    fz_copy(fz_template(), path);
    before = rows_of(path);
    dirty = 0;
  }
  if (povreg_open(&db, path, 0) != POVREG_OK) {
    fprintf(stderr, "open: %s\n", povreg_errmsg(db));
    abort();
  }
  memset(&opts, 0, sizeof opts);
  opts.dry_run = (data[0] >> 2) & 1;
  opts.ignore_extra = (data[0] >> 3) & 1;
  opts.new_villages = (data[0] >> 4) & 1;
  opts.max_errors = 1 + (data[0] >> 5);
  opts.chunk = 1 + data[1] % 64;
  in = fmemopen((void *)(data + 2), size - 2 > 0 ? size - 2 : 1, "rb");
  if (in == NULL) {
    abort();
  }
  rc =
      povreg_import_stream(&rep, db, kinds[data[0] % 3], in, "fuzz.csv", &opts);
  fclose(in);
  if (rep != NULL) {
    size_t i;
    char line[512];
    for (i = 0; i < rep->n_errors; i++) {
      if (povreg_import_error_format(rep, i, line, sizeof line) < 0) {
        abort(); /* every collected error can be formatted */
      }
    }
  }
  povreg_import_report_free(rep);
  povreg_close(db);
  after = rows_of(path);
  if (rc != POVREG_OK || opts.dry_run) {
    if (before != after) {
      fprintf(stderr, "a failed or dry-run import changed the ledger\n");
      abort();
    }
    return 0;
  }
  dirty = 1;
  if (!fz_sound(path)) {
    fprintf(stderr, "integrity or foreign-key check failed after import\n");
    abort();
  }
  return 0;
}
