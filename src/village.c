/*
** village.c: villages (thôn, làng, bản, buôn, ấp, tổ dân phố) of a commune.
*/
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "povreg_int.h"

/* Add a village to a commune (see povreg/unit.h). */
int povreg_village_add(int64_t *id_out, povreg_db *db, const char *commune_code,
                       const char *name, const char *kind)
{
  static const char sql[] =
      "INSERT INTO village(commune_code, name, kind) VALUES (?1, ?2, ?3)";
  static const char sql_json[] =
      "SELECT json_object('commune', commune_code, 'name', name, 'kind', "
      "kind) FROM village WHERE id = ?1";
  static const char *const kinds[] = {"thon", "lang",       "ban",  "buon",
                                      "ap",   "to_dan_pho", "other"};
  sqlite3_stmt *st = NULL;
  povreg_unit *u = NULL;
  char *json = NULL;
  int64_t id;
  size_t i;
  int rc, in_tx = 0;

  if (db == NULL) {
    return POVREG_EINVALID;
  }
  if (kind == NULL) {
    kind = "thon";
  }
  for (i = 0; i < sizeof kinds / sizeof kinds[0]; i++) {
    if (strcmp(kind, kinds[i]) == 0) {
      break;
    }
  }
  if (i == sizeof kinds / sizeof kinds[0]) {
    return povreg__err(db, POVREG_EINVALID,
                       "kind: must be thon, lang, ban, buon, ap, to_dan_pho "
                       "or other");
  }
  if ((rc = povreg__check_text(db, "name", name, 200, 0)) < 0) {
    return rc;
  }
  if (commune_code == NULL) {
    return povreg__err(db, POVREG_EINVALID, "commune_code: missing");
  }
  if ((rc = povreg__tx_begin(db)) < 0) {
    return rc;
  }
  in_tx = 1;
  if ((rc = povreg_unit_get(&u, db, commune_code, NULL)) < 0) {
    povreg__err(db, rc, "commune_code: no commune '%.10s'",
                povreg__utf8_valid(commune_code) ? commune_code : "?");
    goto done;
  }
  if (strcmp(u->level, "commune") != 0) {
    rc = povreg__err(db, POVREG_EINVALID,
                     "commune_code: %s is a %s, not a commune", u->code,
                     u->level);
    goto done;
  }
  if ((rc = povreg__stmt(db, sql, &st)) < 0) {
    goto done;
  }
  povreg__bind_text(st, 1, commune_code);
  povreg__bind_text(st, 2, name);
  povreg__bind_text(st, 3, kind);
  if (sqlite3_step(st) != SQLITE_DONE) {
    rc = povreg__sqlite_err(db, "village");
    if (rc == POVREG_EEXISTS) {
      povreg__err(db, rc, "name: commune %s already has a village '%.60s'",
                  commune_code, name);
    }
    goto done;
  }
  id = sqlite3_last_insert_rowid(db->sq);
  povreg__stmt_done(st);
  st = NULL;
  if ((rc = povreg__json(&json, db, sql_json, NULL, id)) < 0 ||
      (rc = povreg__audit(db, "village.add", "village", commune_code, NULL,
                          json)) < 0) {
    goto done;
  }
  if ((rc = povreg__tx_commit(db)) < 0) {
    goto done;
  }
  in_tx = 0;
  if (id_out != NULL) {
    *id_out = id;
  }
done:
  povreg__stmt_done(st);
  povreg_unit_free(u);
  free(json);
  if (in_tx) {
    povreg__tx_rollback(db);
  }
  return rc;
}

/* List villages of a commune, or all (see povreg/unit.h). */
int povreg_village_list(povreg_db *db, const char *commune_code,
                        povreg_village_cb cb, void *payload)
{
  static const char sql[] =
      "SELECT id, commune_code, name, kind FROM village "
      "WHERE ?1 IS NULL OR commune_code = ?1 ORDER BY commune_code, name";
  sqlite3_stmt *st = NULL;
  povreg_village v;
  int rc;

  if (db == NULL || cb == NULL) {
    return povreg__err(db, POVREG_EINVALID, "invalid argument");
  }
  if ((rc = povreg__stmt(db, sql, &st)) < 0) {
    return rc;
  }
  povreg__bind_text(st, 1, commune_code);
  while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
    int stop;
    v.id = sqlite3_column_int64(st, 0);
    v.commune_code = (const char *)sqlite3_column_text(st, 1);
    v.name = (const char *)sqlite3_column_text(st, 2);
    v.kind = (const char *)sqlite3_column_text(st, 3);
    if ((stop = cb(&v, payload)) != 0) {
      rc = stop;
      goto done;
    }
  }
  rc = (rc == SQLITE_DONE) ? POVREG_OK : povreg__sqlite_err(db, "village");
done:
  povreg__stmt_done(st);
  return rc;
}
