/*
** ledger.c: questions about the ledger as a whole (what it holds).
*/
#include <string.h>

#include "povreg_int.h"

/* Count what the ledger holds (see povreg/common.h). */
int povreg_counts_get(povreg_counts *out, povreg_db *db,
                      const char *commune_code)
{
  static const char sql[] =
      "SELECT (SELECT count(*) FROM unit), "
      "(SELECT count(*) FROM village WHERE ?1 IS NULL OR commune_code = ?1), "
      "(SELECT count(*) FROM household WHERE dissolved_on IS NULL AND "
      "  (?1 IS NULL OR commune_code = ?1)), "
      "(SELECT count(*) FROM household WHERE dissolved_on IS NOT NULL AND "
      "  (?1 IS NULL OR commune_code = ?1)), "
      "(SELECT count(*) FROM member m JOIN household h ON h.id = "
      "  m.household_id WHERE m.status = 'active' AND h.dissolved_on IS NULL "
      "  AND (?1 IS NULL OR h.commune_code = ?1)), "
      "(SELECT count(*) FROM member m JOIN household h ON h.id = "
      "  m.household_id WHERE m.status <> 'active' "
      "  AND (?1 IS NULL OR h.commune_code = ?1))";
  sqlite3_stmt *st = NULL;
  int rc;

  if (out == NULL || db == NULL) {
    return povreg__err(db, POVREG_EINVALID, "invalid argument");
  }
  memset(out, 0, sizeof *out);
  if ((rc = povreg__stmt(db, sql, &st)) < 0) {
    return rc;
  }
  povreg__bind_text(st, 1, commune_code);
  if (sqlite3_step(st) == SQLITE_ROW) {
    out->units = sqlite3_column_int64(st, 0);
    out->villages = sqlite3_column_int64(st, 1);
    out->households = sqlite3_column_int64(st, 2);
    out->households_dissolved = sqlite3_column_int64(st, 3);
    out->members = sqlite3_column_int64(st, 4);
    out->members_former = sqlite3_column_int64(st, 5);
    rc = POVREG_OK;
  } else {
    rc = povreg__sqlite_err(db, "counts");
  }
  povreg__stmt_done(st);
  return rc;
}
