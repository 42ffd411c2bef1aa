/*
** household.c: households: registering one with its head, editing,
** reading, listing, changing the head, splitting and dissolving.  Every
** change is one transaction and is audited.
*/
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "povreg_int.h"

/* A household row as JSON, for the audit log (?1 = household id). */
static const char sql_household_json[] =
    "SELECT json_object('code', h.code, 'commune', h.commune_code, "
    "'village', (SELECT name FROM village WHERE id = h.village_id), "
    "'address', h.address, 'phone', h.phone, 'notes', h.notes, "
    "'created_on', h.created_on, "
    "'split_from', (SELECT code FROM household WHERE id = h.split_from), "
    "'dissolved_on', h.dissolved_on, 'dissolved_reason', h.dissolved_reason, "
    "'merged_into', (SELECT code FROM household WHERE id = h.merged_into)) "
    "FROM household h WHERE h.id = ?1";

/* Audit a household change, snapshotting its row after the change. */
static int audit_household(povreg_db *db, const char *action,
                           const povreg__hh *hh, const char *old_json)
{
  char *json = NULL;
  int rc;

  if ((rc = povreg__json(&json, db, sql_household_json, NULL, hh->id)) < 0) {
    return rc;
  }
  rc = povreg__audit(db, action, "household", hh->code, old_json, json);
  free(json);
  return rc;
}

/* Check a household code's shape: [A-Za-z0-9._-]{1,32}. */
static int check_code(povreg_db *db, const char *code)
{
  size_t i, n = strlen(code);

  if (n == 0 || n > 32) {
    return povreg__err(db, POVREG_EINVALID,
                       "code: must be 1 to 32 characters (got %zu)", n);
  }
  for (i = 0; i < n; i++) {
    char c = code[i];
    if (!((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ||
          (c >= '0' && c <= '9') || c == '.' || c == '_' || c == '-')) {
      return povreg__err(db, POVREG_EINVALID,
                         "code: only letters A-Z, digits, '.', '_' and '-' "
                         "are allowed");
    }
  }
  return POVREG_OK;
}

/* Check phone, address and notes when given. */
static int check_contact(povreg_db *db, const povreg_household_spec *hh)
{
  int rc;
  size_t i, n;

  if (hh->address != NULL &&
      (rc = povreg__check_text(db, "address", hh->address, 500, 1)) < 0) {
    return rc;
  }
  if (hh->notes != NULL &&
      (rc = povreg__check_text(db, "notes", hh->notes, 2000, 1)) < 0) {
    return rc;
  }
  if (hh->phone != NULL && hh->phone[0] != '\0') {
    n = strlen(hh->phone);
    for (i = 0; i < n; i++) {
      if (strchr("0123456789+ .-", hh->phone[i]) == NULL) {
        return povreg__err(db, POVREG_EINVALID,
                           "phone: only digits, spaces, '+', '.' and '-'");
      }
    }
    if (n < 3 || n > 20) {
      return povreg__err(db, POVREG_EINVALID,
                         "phone: must be 3 to 20 characters (got %zu)", n);
    }
  }
  return POVREG_OK;
}

/* The id of village `name` in a commune, or ENOTFOUND. */
static int village_id(povreg_db *db, const char *commune, const char *name,
                      int64_t *out)
{
  static const char sql[] =
      "SELECT id FROM village WHERE commune_code = ?1 AND name = ?2";
  sqlite3_stmt *st = NULL;
  int rc;

  if ((rc = povreg__check_text(db, "village", name, 200, 0)) < 0 ||
      (rc = povreg__stmt(db, sql, &st)) < 0) {
    return rc;
  }
  povreg__bind_text(st, 1, commune);
  povreg__bind_text(st, 2, name);
  rc = sqlite3_step(st);
  if (rc == SQLITE_ROW) {
    *out = sqlite3_column_int64(st, 0);
    rc = POVREG_OK;
  } else if (rc == SQLITE_DONE) {
    rc = povreg__err(db, POVREG_ENOTFOUND,
                     "village: commune %s has no village '%.60s' (add it "
                     "with 'povreg village add')",
                     commune, name);
  } else {
    rc = povreg__sqlite_err(db, "village");
  }
  povreg__stmt_done(st);
  return rc;
}

/*
** Check that `code` is a commune whose code is valid on `date`.  A closed
** code names its successor in the message.
*/
static int check_commune(povreg_db *db, const char *code, const char *date)
{
  povreg_unit *u = NULL;
  int rc;

  if (code == NULL) {
    return povreg__err(db, POVREG_EINVALID, "commune_code: missing");
  }
  rc = povreg_unit_get(&u, db, code, date);
  if (rc == POVREG_ENOTFOUND) {
    povreg_unit *any = NULL;
    if (povreg_unit_get(&any, db, code, NULL) == POVREG_OK &&
        any->closed_on != NULL) {
      rc = povreg__err(
          db, POVREG_ENOTFOUND, "commune_code: %s was closed on %s%s%s", code,
          any->closed_on, any->successor_code ? "; its successor is " : "",
          any->successor_code ? any->successor_code : "");
    } else {
      rc = povreg__err(db, POVREG_ENOTFOUND,
                       "commune_code: no commune '%.10s' on %s",
                       povreg__utf8_valid(code) ? code : "?", date);
    }
    povreg_unit_free(any);
    return rc;
  }
  if (rc < 0) {
    return rc;
  }
  if (strcmp(u->level, "commune") != 0) {
    rc = povreg__err(db, POVREG_EINVALID,
                     "commune_code: %s is a %s, not a commune", code, u->level);
  }
  povreg_unit_free(u);
  return rc;
}

/* A code not yet used: COMMUNE-NNNNNN from the next row id. */
static int generate_code(povreg_db *db, const char *commune, char out[33])
{
  static const char sql_next[] =
      "SELECT coalesce(max(id), 0) + 1 FROM household";
  static const char sql_taken[] = "SELECT 1 FROM household WHERE code = ?1";
  sqlite3_stmt *st = NULL;
  long long n = 1;
  int rc, tries;

  if ((rc = povreg__stmt(db, sql_next, &st)) < 0) {
    return rc;
  }
  if (sqlite3_step(st) == SQLITE_ROW) {
    n = sqlite3_column_int64(st, 0);
  }
  povreg__stmt_done(st);
  if ((rc = povreg__stmt(db, sql_taken, &st)) < 0) {
    return rc;
  }
  for (tries = 0; tries < 1000; tries++, n++) {
    snprintf(out, 33, "%s-%06lld", commune, n);
    povreg__bind_text(st, 1, out);
    rc = sqlite3_step(st);
    sqlite3_reset(st);
    if (rc == SQLITE_DONE) {
      povreg__stmt_done(st);
      return POVREG_OK;
    }
  }
  povreg__stmt_done(st);
  return povreg__err(db, POVREG_ERROR, "code: could not generate a code");
}

/* Insert the household row itself; fills *hh.  Audited. */
static int insert_household(povreg_db *db, const char *code,
                            const char *commune, int64_t vid,
                            const char *address, const char *phone,
                            const char *notes, const char *created_on,
                            int64_t split_from, povreg__hh *hh)
{
  static const char sql[] =
      "INSERT INTO household(code, commune_code, village_id, address, phone, "
      "notes, created_on, split_from) VALUES (?1, ?2, nullif(?3, 0), "
      "nullif(?4, ''), nullif(?5, ''), nullif(?6, ''), ?7, nullif(?8, 0))";
  sqlite3_stmt *st = NULL;
  int rc;

  if ((rc = povreg__stmt(db, sql, &st)) < 0) {
    return rc;
  }
  povreg__bind_text(st, 1, code);
  povreg__bind_text(st, 2, commune);
  sqlite3_bind_int64(st, 3, vid);
  povreg__bind_text(st, 4, address);
  povreg__bind_text(st, 5, phone);
  povreg__bind_text(st, 6, notes);
  povreg__bind_text(st, 7, created_on);
  sqlite3_bind_int64(st, 8, split_from);
  if (sqlite3_step(st) != SQLITE_DONE) {
    rc = povreg__sqlite_err(db, "household");
    if (rc == POVREG_EEXISTS) {
      rc = povreg__err(db, rc, "code: household %s already exists", code);
    }
    povreg__stmt_done(st);
    return rc;
  }
  povreg__stmt_done(st);
  memset(hh, 0, sizeof *hh);
  hh->id = sqlite3_last_insert_rowid(db->sq);
  snprintf(hh->code, sizeof hh->code, "%s", code);
  snprintf(hh->commune, sizeof hh->commune, "%s", commune);
  snprintf(hh->created_on, sizeof hh->created_on, "%s", created_on);
  hh->village_id = vid;
  return audit_household(db, "household.add", hh, NULL);
}

/* Check a household's code and contact fields (see povreg_int.h). */
int povreg__hh_check_fields(povreg_db *db, const povreg_household_spec *spec)
{
  int rc;

  if (spec->code != NULL && (rc = check_code(db, spec->code)) < 0) {
    return rc;
  }
  return check_contact(db, spec);
}

/* Check a commune code on a date (see povreg_int.h). */
int povreg__hh_check_commune(povreg_db *db, const char *code, const char *date)
{
  return check_commune(db, code, date);
}

/* Find a village of a commune by name (see povreg_int.h). */
int povreg__village_find(povreg_db *db, const char *commune, const char *name,
                         int64_t *out)
{
  return village_id(db, commune, name, out);
}

/* Insert a household without members or audit (see povreg_int.h). */
int povreg__hh_insert_bulk(povreg_db *db, const povreg_household_spec *spec,
                           int64_t village, const char *created_on)
{
  static const char sql[] =
      "INSERT INTO household(code, commune_code, village_id, address, phone, "
      "notes, created_on) VALUES (?1, ?2, nullif(?3, 0), nullif(?4, ''), "
      "nullif(?5, ''), nullif(?6, ''), ?7)";
  sqlite3_stmt *st = NULL;
  int rc;

  if ((rc = povreg__stmt(db, sql, &st)) < 0) {
    return rc;
  }
  povreg__bind_text(st, 1, spec->code);
  povreg__bind_text(st, 2, spec->commune_code);
  sqlite3_bind_int64(st, 3, village);
  povreg__bind_text(st, 4, spec->address);
  povreg__bind_text(st, 5, spec->phone);
  povreg__bind_text(st, 6, spec->notes);
  povreg__bind_text(st, 7, created_on);
  rc = POVREG_OK;
  if (sqlite3_step(st) != SQLITE_DONE) {
    rc = povreg__sqlite_err(db, "household");
    if (rc == POVREG_EEXISTS) {
      rc = povreg__err(db, rc, "code: household %s already exists", spec->code);
    }
  }
  povreg__stmt_done(st);
  return rc;
}

/* Add a household with its head (see povreg/household.h). */
int povreg_household_add(char **code_out, povreg_db *db,
                         const povreg_household_spec *spec,
                         const povreg_member_spec *head)
{
  povreg__hh hh;
  char day[11], code[33];
  int64_t vid = 0;
  int rc, in_tx = 0;

  if (code_out != NULL) {
    *code_out = NULL;
  }
  if (db == NULL || spec == NULL || head == NULL) {
    return povreg__err(db, POVREG_EINVALID, "invalid argument");
  }
  if ((spec->code != NULL && (rc = check_code(db, spec->code)) < 0) ||
      (rc = check_contact(db, spec)) < 0 ||
      (rc = povreg__op_date(db, "created_on", spec->created_on, day)) < 0) {
    return rc;
  }
  if ((rc = povreg__tx_begin(db)) < 0) {
    return rc;
  }
  in_tx = 1;
  if ((rc = check_commune(db, spec->commune_code, day)) < 0) {
    goto done;
  }
  if (spec->village != NULL && spec->village[0] != '\0' &&
      (rc = village_id(db, spec->commune_code, spec->village, &vid)) < 0) {
    goto done;
  }
  if (spec->code != NULL) {
    snprintf(code, sizeof code, "%s", spec->code);
  } else if ((rc = generate_code(db, spec->commune_code, code)) < 0) {
    goto done;
  }
  if ((rc = insert_household(db, code, spec->commune_code, vid, spec->address,
                             spec->phone, spec->notes, day, 0, &hh)) < 0 ||
      (rc = povreg__mem_insert(db, &hh, head, "head", NULL)) < 0 ||
      (rc = povreg__hh_check_head(db, &hh)) < 0) {
    goto done;
  }
  if (code_out != NULL && (*code_out = povreg__strdup(code)) == NULL) {
    rc = povreg__err(db, POVREG_ENOMEM, "out of memory");
    goto done;
  }
  if ((rc = povreg__tx_commit(db)) < 0) {
    goto done;
  }
  in_tx = 0;
done:
  if (in_tx) {
    povreg__tx_rollback(db);
    if (code_out != NULL) {
      free(*code_out);
      *code_out = NULL;
    }
  }
  return rc;
}

/* Change village, address, phone or notes (see povreg/household.h). */
int povreg_household_update(povreg_db *db, const char *code,
                            const povreg_household_spec *changes)
{
  static const char sql[] =
      "UPDATE household SET "
      "village_id = CASE WHEN ?2 THEN nullif(?3, 0) ELSE village_id END, "
      "address = CASE WHEN ?4 IS NULL THEN address ELSE nullif(?4, '') END, "
      "phone = CASE WHEN ?5 IS NULL THEN phone ELSE nullif(?5, '') END, "
      "notes = CASE WHEN ?6 IS NULL THEN notes ELSE nullif(?6, '') END "
      "WHERE id = ?1";
  sqlite3_stmt *st = NULL;
  povreg__hh hh;
  char *old = NULL;
  int64_t vid = 0;
  int rc, in_tx = 0;

  if (db == NULL || changes == NULL) {
    return povreg__err(db, POVREG_EINVALID, "invalid argument");
  }
  if (changes->code != NULL || changes->commune_code != NULL ||
      changes->created_on != NULL) {
    return povreg__err(db, POVREG_EINVALID,
                       "code, commune_code and created_on cannot be changed");
  }
  if ((rc = check_contact(db, changes)) < 0) {
    return rc;
  }
  if ((rc = povreg__tx_begin(db)) < 0) {
    return rc;
  }
  in_tx = 1;
  if ((rc = povreg__hh_find(db, code, 1, &hh)) < 0) {
    goto done;
  }
  if (changes->village != NULL && changes->village[0] != '\0' &&
      (rc = village_id(db, hh.commune, changes->village, &vid)) < 0) {
    goto done;
  }
  if ((rc = povreg__json(&old, db, sql_household_json, NULL, hh.id)) < 0 ||
      (rc = povreg__stmt(db, sql, &st)) < 0) {
    goto done;
  }
  sqlite3_bind_int64(st, 1, hh.id);
  sqlite3_bind_int(st, 2, changes->village != NULL);
  sqlite3_bind_int64(st, 3, vid);
  povreg__bind_text(st, 4, changes->address);
  povreg__bind_text(st, 5, changes->phone);
  povreg__bind_text(st, 6, changes->notes);
  if (sqlite3_step(st) != SQLITE_DONE) {
    rc = povreg__sqlite_err(db, "household");
    goto done;
  }
  povreg__stmt_done(st);
  st = NULL;
  if ((rc = audit_household(db, "household.edit", &hh, old)) < 0) {
    goto done;
  }
  rc = povreg__tx_commit(db);
  in_tx = 0;
done:
  povreg__stmt_done(st);
  free(old);
  if (in_tx) {
    povreg__tx_rollback(db);
  }
  return rc;
}

/* Columns of a household record, in the order read_household expects. */
#define HOUSEHOLD_COLUMNS                                                      \
  "h.id, h.code, h.commune_code, "                                             \
  "(SELECT name FROM unit_version uv WHERE uv.code = h.commune_code "          \
  " ORDER BY uv.valid_from IS NULL, uv.valid_from DESC LIMIT 1), "             \
  "v.name, h.address, h.phone, h.notes, h.created_on, "                        \
  "(SELECT code FROM household p WHERE p.id = h.split_from), "                 \
  "h.dissolved_on, h.dissolved_reason, "                                       \
  "(SELECT code FROM household p WHERE p.id = h.merged_into), "                \
  "(SELECT full_name FROM member hm WHERE hm.household_id = h.id AND "         \
  " hm.relation = 'head' AND hm.status = 'active'), "                          \
  "(SELECT count(*) FROM member am WHERE am.household_id = h.id AND "          \
  " am.status = 'active') "

/* Free the strings and members of a household record (not the record). */
static void clear_household(povreg_household *h)
{
  size_t i;

  free(h->code);
  free(h->commune_code);
  free(h->commune_name);
  free(h->village);
  free(h->address);
  free(h->phone);
  free(h->notes);
  free(h->created_on);
  free(h->split_from);
  free(h->dissolved_on);
  free(h->dissolved_reason);
  free(h->merged_into);
  free(h->head_name);
  for (i = 0; i < h->n_members; i++) {
    povreg__member_clear(&h->members[i]);
  }
  free(h->members);
  memset(h, 0, sizeof *h);
}

/* Fill *h from a row of HOUSEHOLD_COLUMNS.  Allocates. */
static int read_household(povreg_db *db, sqlite3_stmt *st, povreg_household *h)
{
  int ok = 1;

  memset(h, 0, sizeof *h);
  h->id = sqlite3_column_int64(st, 0);
  h->code = povreg__col_strdup(st, 1, &ok);
  h->commune_code = povreg__col_strdup(st, 2, &ok);
  h->commune_name = povreg__col_strdup(st, 3, &ok);
  h->village = povreg__col_strdup(st, 4, &ok);
  h->address = povreg__col_strdup(st, 5, &ok);
  h->phone = povreg__col_strdup(st, 6, &ok);
  h->notes = povreg__col_strdup(st, 7, &ok);
  h->created_on = povreg__col_strdup(st, 8, &ok);
  h->split_from = povreg__col_strdup(st, 9, &ok);
  h->dissolved_on = povreg__col_strdup(st, 10, &ok);
  h->dissolved_reason = povreg__col_strdup(st, 11, &ok);
  h->merged_into = povreg__col_strdup(st, 12, &ok);
  h->head_name = povreg__col_strdup(st, 13, &ok);
  h->n_active = sqlite3_column_int(st, 14);
  if (!ok) {
    clear_household(h);
    return povreg__err(db, POVREG_ENOMEM, "out of memory");
  }
  return POVREG_OK;
}

/* Load every member of household h into h->members.  Allocates. */
static int load_members(povreg_db *db, povreg_household *h)
{
  static const char sql[] =
      "SELECT " POVREG__MEMBER_COLUMNS
      "FROM member m JOIN household h ON h.id = m.household_id "
      "JOIN ethnicity e ON e.code = m.ethnicity_code "
      "WHERE m.household_id = ?1 ORDER BY m.member_no";
  sqlite3_stmt *st = NULL;
  size_t cap = 0;
  int rc;

  if ((rc = povreg__stmt(db, sql, &st)) < 0) {
    return rc;
  }
  sqlite3_bind_int64(st, 1, h->id);
  while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
    void *grown =
        povreg__grow(h->members, &cap, h->n_members, sizeof *h->members);
    if (grown == NULL) {
      rc = povreg__err(db, POVREG_ENOMEM, "out of memory");
      goto done;
    }
    h->members = grown;
    if ((rc = povreg__member_read(db, st, &h->members[h->n_members])) < 0) {
      goto done;
    }
    h->n_members++;
  }
  rc = (rc == SQLITE_DONE) ? POVREG_OK : povreg__sqlite_err(db, "member");
done:
  povreg__stmt_done(st);
  return rc;
}

/* Read a household with its members (see povreg/household.h). */
int povreg_household_get(povreg_household **out, povreg_db *db,
                         const char *code)
{
  static const char sql[] =
      "SELECT " HOUSEHOLD_COLUMNS
      "FROM household h LEFT JOIN village v ON v.id = h.village_id "
      "WHERE h.code = ?1";
  sqlite3_stmt *st = NULL;
  povreg_household *h = NULL;
  int rc;

  if (out == NULL || db == NULL || code == NULL) {
    return povreg__err(db, POVREG_EINVALID, "invalid argument");
  }
  *out = NULL;
  if ((h = calloc(1, sizeof *h)) == NULL) {
    return povreg__err(db, POVREG_ENOMEM, "out of memory");
  }
  if ((rc = povreg__stmt(db, sql, &st)) < 0) {
    goto done;
  }
  povreg__bind_text(st, 1, code);
  rc = sqlite3_step(st);
  if (rc == SQLITE_DONE) {
    rc = povreg__err(db, POVREG_ENOTFOUND, "household: no household '%.40s'",
                     povreg__utf8_valid(code) ? code : "?");
    goto done;
  }
  if (rc != SQLITE_ROW) {
    rc = povreg__sqlite_err(db, "household");
    goto done;
  }
  if ((rc = read_household(db, st, h)) < 0) {
    goto done;
  }
  povreg__stmt_done(st);
  st = NULL;
  if ((rc = load_members(db, h)) < 0) {
    goto done;
  }
  *out = h;
  h = NULL;
done:
  povreg__stmt_done(st);
  povreg_household_free(h);
  return rc;
}

/* Free a household record.  NULL-safe. */
void povreg_household_free(povreg_household *h)
{
  if (h != NULL) {
    clear_household(h);
    free(h);
  }
}

/* List households (see povreg/household.h).  Streams. */
int povreg_household_list(povreg_db *db, const povreg_household_filter *f,
                          povreg_household_cb cb, void *payload)
{
  static const char sql[] =
      "SELECT " HOUSEHOLD_COLUMNS
      "FROM household h LEFT JOIN village v ON v.id = h.village_id "
      "WHERE (?1 IS NULL OR h.commune_code = ?1) "
      "AND (?2 IS NULL OR v.name = ?2) "
      "AND (?3 OR h.dissolved_on IS NULL) ORDER BY h.code";
  sqlite3_stmt *st = NULL;
  povreg_household h;
  int rc;

  if (db == NULL || cb == NULL) {
    return povreg__err(db, POVREG_EINVALID, "invalid argument");
  }
  if (f != NULL && f->village != NULL && f->commune_code == NULL) {
    return povreg__err(db, POVREG_EINVALID,
                       "village: give the commune too (village names repeat "
                       "across communes)");
  }
  if ((rc = povreg__stmt(db, sql, &st)) < 0) {
    return rc;
  }
  povreg__bind_text(st, 1, f != NULL ? f->commune_code : NULL);
  povreg__bind_text(st, 2, f != NULL ? f->village : NULL);
  sqlite3_bind_int(st, 3, f != NULL && f->include_dissolved);
  while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
    int stop;
    if ((rc = read_household(db, st, &h)) < 0) {
      goto done;
    }
    stop = cb(&h, payload);
    clear_household(&h);
    if (stop != 0) {
      rc = stop;
      goto done;
    }
  }
  rc = (rc == SQLITE_DONE) ? POVREG_OK
                           : povreg__sqlite_err(db, "household list");
done:
  povreg__stmt_done(st);
  return rc;
}

/* Make another active member the head (see povreg/household.h). */
int povreg_household_set_head(povreg_db *db, const char *code, int member_no,
                              const char *old_head_relation)
{
  static const char sql_head[] =
      "SELECT id FROM member WHERE household_id = ?1 AND relation = 'head' "
      "AND status = 'active'";
  sqlite3_stmt *st = NULL;
  povreg__hh hh;
  povreg__mem nh;
  const char *rel = "other";
  int64_t old_id = 0;
  int rc, in_tx = 0;

  if (db == NULL) {
    return POVREG_EINVALID;
  }
  if (old_head_relation != NULL) {
    rel = povreg__relation_key(old_head_relation);
    if (rel == NULL || strcmp(rel, "head") == 0) {
      return povreg__err(db, POVREG_EINVALID,
                         "old_head_relation: must be spouse, child, parent, "
                         "grandchild, sibling or other");
    }
  }
  if ((rc = povreg__tx_begin(db)) < 0) {
    return rc;
  }
  in_tx = 1;
  if ((rc = povreg__hh_find(db, code, 1, &hh)) < 0 ||
      (rc = povreg__mem_find(db, &hh, member_no, &nh)) < 0) {
    goto done;
  }
  if ((rc = povreg__mem_check_active(db, &hh, &nh, "member_no")) < 0) {
    goto done;
  }
  if (strcmp(nh.relation, "head") == 0) {
    rc = povreg__err(db, POVREG_EINVALID,
                     "member_no: member %d is already the head of %s",
                     member_no, hh.code);
    goto done;
  }
  if ((rc = povreg__stmt(db, sql_head, &st)) < 0) {
    goto done;
  }
  sqlite3_bind_int64(st, 1, hh.id);
  if (sqlite3_step(st) == SQLITE_ROW) {
    old_id = sqlite3_column_int64(st, 0);
  }
  povreg__stmt_done(st);
  st = NULL;
  if ((old_id != 0 && (rc = povreg__mem_set_relation(db, old_id, rel)) < 0) ||
      (rc = povreg__mem_set_relation(db, nh.id, "head")) < 0 ||
      (rc = povreg__hh_check_head(db, &hh)) < 0) {
    goto done;
  }
  rc = povreg__tx_commit(db);
  in_tx = 0;
done:
  povreg__stmt_done(st);
  if (in_tx) {
    povreg__tx_rollback(db);
  }
  return rc;
}

/* Mark a household dissolved (see povreg_int.h). */
int povreg__hh_mark_dissolved(povreg_db *db, const povreg__hh *hh,
                              const char *date, const char *reason,
                              int64_t into_id)
{
  static const char sql[] =
      "UPDATE household SET dissolved_on = ?2, dissolved_reason = ?3, "
      "merged_into = nullif(?4, 0) WHERE id = ?1 AND dissolved_on IS NULL";
  sqlite3_stmt *st = NULL;
  char *old = NULL;
  int rc;

  if ((rc = povreg__hh_check_date(db, hh, date)) < 0) {
    return rc;
  }
  if ((rc = povreg__json(&old, db, sql_household_json, NULL, hh->id)) < 0 ||
      (rc = povreg__stmt(db, sql, &st)) < 0) {
    goto done;
  }
  sqlite3_bind_int64(st, 1, hh->id);
  povreg__bind_text(st, 2, date);
  povreg__bind_text(st, 3, reason);
  sqlite3_bind_int64(st, 4, into_id);
  if (sqlite3_step(st) != SQLITE_DONE) {
    rc = povreg__sqlite_err(db, "household");
    goto done;
  }
  povreg__stmt_done(st);
  st = NULL;
  rc = audit_household(db, "household.dissolve", hh, old);
done:
  povreg__stmt_done(st);
  free(old);
  return rc;
}

/* Ids and numbers of a household's active members, by member_no. */
static int active_members(povreg_db *db, int64_t hh_id, int64_t **ids,
                          size_t *n)
{
  static const char sql[] =
      "SELECT id FROM member WHERE household_id = ?1 AND status = 'active' "
      "ORDER BY member_no";
  sqlite3_stmt *st = NULL;
  size_t cap = 0;
  int rc;

  *ids = NULL;
  *n = 0;
  if ((rc = povreg__stmt(db, sql, &st)) < 0) {
    return rc;
  }
  sqlite3_bind_int64(st, 1, hh_id);
  while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
    void *grown = povreg__grow(*ids, &cap, *n, sizeof **ids);
    if (grown == NULL) {
      rc = povreg__err(db, POVREG_ENOMEM, "out of memory");
      goto done;
    }
    *ids = grown;
    (*ids)[(*n)++] = sqlite3_column_int64(st, 0);
  }
  rc = (rc == SQLITE_DONE) ? POVREG_OK : povreg__sqlite_err(db, "member");
done:
  povreg__stmt_done(st);
  if (rc < 0) {
    free(*ids);
    *ids = NULL;
    *n = 0;
  }
  return rc;
}

/* Dissolve a household (see povreg/household.h). */
int povreg_household_dissolve(povreg_db *db, const char *code, const char *date,
                              const char *reason, const char *into_code)
{
  povreg__hh hh, into;
  int64_t *ids = NULL;
  size_t n = 0, i;
  char day[11];
  int rc, in_tx = 0, merged;

  if (db == NULL) {
    return POVREG_EINVALID;
  }
  if (reason == NULL ||
      (strcmp(reason, "merged") != 0 && strcmp(reason, "moved_away") != 0 &&
       strcmp(reason, "died_out") != 0 && strcmp(reason, "duplicate") != 0 &&
       strcmp(reason, "other") != 0)) {
    return povreg__err(db, POVREG_EINVALID,
                       "reason: must be merged, moved_away, died_out, "
                       "duplicate or other");
  }
  merged = strcmp(reason, "merged") == 0;
  if (merged != (into_code != NULL)) {
    return povreg__err(db, POVREG_EINVALID,
                       merged ? "into: a merge names the household merged into"
                              : "into: only a merge names another household");
  }
  if ((rc = povreg__op_date(db, "date", date, day)) < 0) {
    return rc;
  }
  if ((rc = povreg__tx_begin(db)) < 0) {
    return rc;
  }
  in_tx = 1;
  if ((rc = povreg__hh_find(db, code, 1, &hh)) < 0) {
    goto done;
  }
  memset(&into, 0, sizeof into);
  if (merged) {
    if ((rc = povreg__hh_find(db, into_code, 1, &into)) < 0) {
      goto done;
    }
    if (into.id == hh.id) {
      rc = povreg__err(db, POVREG_EINVALID,
                       "into: a household cannot merge into itself");
      goto done;
    }
    if ((rc = povreg__hh_check_date(db, &into, day)) < 0) {
      goto done;
    }
  }
  if ((rc = active_members(db, hh.id, &ids, &n)) < 0) {
    goto done;
  }
  for (i = 0; i < n; i++) {
    rc = merged
             ? povreg__mem_relocate(db, ids[i], &into, "other", day, NULL)
             : povreg__mem_set_status(
                   db, ids[i],
                   strcmp(reason, "died_out") == 0 ? "died" : "moved_out", day);
    if (rc < 0) {
      goto done;
    }
  }
  if ((rc = povreg__hh_mark_dissolved(db, &hh, day, reason, into.id)) < 0 ||
      (merged && (rc = povreg__hh_check_head(db, &into)) < 0)) {
    goto done;
  }
  rc = povreg__tx_commit(db);
  in_tx = 0;
done:
  free(ids);
  if (in_tx) {
    povreg__tx_rollback(db);
  }
  return rc;
}

/* Split members off into a new household (see povreg/household.h). */
int povreg_household_split(char **new_code_out, povreg_db *db, const char *code,
                           const povreg_split_spec *spec)
{
  povreg__hh src, dst;
  povreg__mem *movers = NULL, nh;
  char day[11], new_code[33];
  int64_t vid;
  size_t i, j;
  int rc, in_tx = 0, head_leaves = 0, active = 0, new_head_found = 0;

  if (new_code_out != NULL) {
    *new_code_out = NULL;
  }
  if (db == NULL || spec == NULL) {
    return povreg__err(db, POVREG_EINVALID, "invalid argument");
  }
  if (spec->n_members == 0 || spec->member_nos == NULL) {
    return povreg__err(db, POVREG_EINVALID,
                       "members: name the members who form the new household");
  }
  if ((spec->new_code != NULL && (rc = check_code(db, spec->new_code)) < 0) ||
      (rc = povreg__op_date(db, "date", spec->date, day)) < 0) {
    return rc;
  }
  if (spec->address != NULL &&
      (rc = povreg__check_text(db, "address", spec->address, 500, 1)) < 0) {
    return rc;
  }
  if ((movers = calloc(spec->n_members, sizeof *movers)) == NULL) {
    return povreg__err(db, POVREG_ENOMEM, "out of memory");
  }
  if ((rc = povreg__tx_begin(db)) < 0) {
    goto done;
  }
  in_tx = 1;
  if ((rc = povreg__hh_find(db, code, 1, &src)) < 0 ||
      (rc = povreg__hh_active_count(db, src.id, &active)) < 0) {
    goto done;
  }
  if ((rc = povreg__hh_check_date(db, &src, day)) < 0) {
    goto done;
  }
  for (i = 0; i < spec->n_members; i++) {
    if ((rc = povreg__mem_find(db, &src, spec->member_nos[i], &movers[i])) <
        0) {
      goto done;
    }
    if ((rc = povreg__mem_check_active(db, &src, &movers[i], "members")) < 0) {
      goto done;
    }
    for (j = 0; j < i; j++) {
      if (movers[j].id == movers[i].id) {
        rc = povreg__err(db, POVREG_EINVALID,
                         "members: member %d is named twice",
                         movers[i].member_no);
        goto done;
      }
    }
    head_leaves |= strcmp(movers[i].relation, "head") == 0;
    new_head_found |= movers[i].member_no == spec->new_head_no;
  }
  if (!new_head_found) {
    rc = povreg__err(db, POVREG_EINVALID,
                     "head: the new head must be one of the members who "
                     "leave");
    goto done;
  }
  if ((size_t)active == spec->n_members) {
    rc = povreg__err(db, POVREG_EINVALID,
                     "members: at least one member must stay in %s", src.code);
    goto done;
  }
  if (head_leaves != (spec->source_new_head_no != 0)) {
    rc = povreg__err(db, POVREG_EINVALID,
                     head_leaves
                         ? "source_head: the head of %s leaves; name the "
                           "member who heads it now"
                         : "source_head: the head of %s stays; no new head "
                           "is needed",
                     src.code);
    goto done;
  }
  vid = src.village_id;
  if (spec->village != NULL && spec->village[0] != '\0' &&
      (rc = village_id(db, src.commune, spec->village, &vid)) < 0) {
    goto done;
  }
  if (spec->new_code != NULL) {
    snprintf(new_code, sizeof new_code, "%s", spec->new_code);
  } else if ((rc = generate_code(db, src.commune, new_code)) < 0) {
    goto done;
  }
  {
    /* the new household keeps the old address unless told otherwise */
    static const char sql_addr[] =
        "SELECT address FROM household WHERE id = ?1";
    char *addr = NULL;
    if (spec->address == NULL &&
        (rc = povreg__json(&addr, db, sql_addr, NULL, src.id)) < 0) {
      goto done;
    }
    rc = insert_household(db, new_code, src.commune, vid,
                          spec->address != NULL ? spec->address : addr, NULL,
                          NULL, day, src.id, &dst);
    free(addr);
    if (rc < 0) {
      goto done;
    }
  }
  for (i = 0; i < spec->n_members; i++) {
    const char *rel = movers[i].relation;
    if (movers[i].member_no == spec->new_head_no) {
      rel = "head";
    } else if (strcmp(rel, "head") == 0) {
      rel = "other";
    }
    if ((rc = povreg__mem_relocate(db, movers[i].id, &dst, rel, day, NULL)) <
        0) {
      goto done;
    }
  }
  if (head_leaves) {
    if ((rc = povreg__mem_find(db, &src, spec->source_new_head_no, &nh)) < 0) {
      goto done;
    }
    if (!nh.active) {
      rc = povreg__err(db, POVREG_EINVALID,
                       "source_head: member %d is not an active member of "
                       "%s",
                       spec->source_new_head_no, src.code);
      goto done;
    }
    if ((rc = povreg__mem_set_relation(db, nh.id, "head")) < 0) {
      goto done;
    }
  }
  if ((rc = povreg__hh_check_head(db, &src)) < 0 ||
      (rc = povreg__hh_check_head(db, &dst)) < 0) {
    goto done;
  }
  if (new_code_out != NULL &&
      (*new_code_out = povreg__strdup(new_code)) == NULL) {
    rc = povreg__err(db, POVREG_ENOMEM, "out of memory");
    goto done;
  }
  if ((rc = povreg__tx_commit(db)) < 0) {
    goto done;
  }
  in_tx = 0;
done:
  free(movers);
  if (in_tx) {
    povreg__tx_rollback(db);
    if (new_code_out != NULL) {
      free(*new_code_out);
      *new_code_out = NULL;
    }
  }
  return rc;
}
