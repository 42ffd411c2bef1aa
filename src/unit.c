/*
** unit.c: administrative units with their history (versions, closure,
** successors), the area of a commune on a date, and period flags.
*/
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "povreg_int.h"

/* Columns every unit query selects, in this order (see read_unit). */
#define UNIT_COLUMNS                                                           \
  "v.code, u.level, v.name, v.kind, v.parent_code, v.valid_from, "             \
  "v.valid_to, u.closed_on, u.successor_code, v.source, k.area "

/* The version valid on ?2 (or the latest one if ?2 is NULL). */
static const char sql_unit_get[] =
    "SELECT " UNIT_COLUMNS "FROM unit_version v JOIN unit u ON u.code = v.code "
    "JOIN unit_kind k ON k.kind = v.kind "
    "WHERE v.code = ?1 AND (?2 IS NULL OR "
    "  ((v.valid_from IS NULL OR v.valid_from <= ?2) AND "
    "   (v.valid_to IS NULL OR v.valid_to > ?2))) "
    "ORDER BY v.valid_from IS NULL, v.valid_from DESC LIMIT 1";

/* Flags of a unit in force on a date. */
static const char sql_unit_flags[] =
    "SELECT flag FROM unit_flag WHERE code = ?1 AND valid_from <= ?2 "
    "AND (valid_to IS NULL OR valid_to > ?2)";

/* Free the strings of a unit record (not the record itself). */
static void clear_unit(povreg_unit *u)
{
  free(u->code);
  free(u->level);
  free(u->name);
  free(u->kind);
  free(u->parent_code);
  free(u->valid_from);
  free(u->valid_to);
  free(u->closed_on);
  free(u->successor_code);
  free(u->source);
  memset(u, 0, sizeof *u);
}

/* Free a unit record.  NULL-safe. */
void povreg_unit_free(povreg_unit *unit)
{
  if (unit != NULL) {
    clear_unit(unit);
    free(unit);
  }
}

/* Area enum from unit_kind.area text. */
static povreg_area area_of(const unsigned char *t)
{
  if (t == NULL) {
    return POVREG_AREA_UNKNOWN;
  }
  if (strcmp((const char *)t, "urban") == 0) {
    return POVREG_AREA_URBAN;
  }
  if (strcmp((const char *)t, "rural") == 0) {
    return POVREG_AREA_RURAL;
  }
  return POVREG_AREA_UNKNOWN;
}

/* Fill *u from a row of UNIT_COLUMNS.  Allocates the strings. */
static int read_unit(povreg_db *db, sqlite3_stmt *st, povreg_unit *u)
{
  int ok = 1;

  u->code = povreg__col_strdup(st, 0, &ok);
  u->level = povreg__col_strdup(st, 1, &ok);
  u->name = povreg__col_strdup(st, 2, &ok);
  u->kind = povreg__col_strdup(st, 3, &ok);
  u->parent_code = povreg__col_strdup(st, 4, &ok);
  u->valid_from = povreg__col_strdup(st, 5, &ok);
  u->valid_to = povreg__col_strdup(st, 6, &ok);
  u->closed_on = povreg__col_strdup(st, 7, &ok);
  u->successor_code = povreg__col_strdup(st, 8, &ok);
  u->source = povreg__col_strdup(st, 9, &ok);
  u->area = area_of(sqlite3_column_text(st, 10));
  if (!ok) {
    clear_unit(u);
    return povreg__err(db, POVREG_ENOMEM, "out of memory");
  }
  return POVREG_OK;
}

/* OR together the flags of `code` in force on `date`. */
static int read_flags(povreg_db *db, const char *code, const char *date,
                      unsigned *out)
{
  sqlite3_stmt *st = NULL;
  int rc;

  *out = 0;
  if ((rc = povreg__stmt(db, sql_unit_flags, &st)) < 0) {
    return rc;
  }
  povreg__bind_text(st, 1, code);
  povreg__bind_text(st, 2, date);
  while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
    const char *f = (const char *)sqlite3_column_text(st, 0);
    if (strcmp(f, "especially_difficult") == 0) {
      *out |= POVREG_UNIT_ESPECIALLY_DIFFICULT;
    } else if (strcmp(f, "difficult_area") == 0) {
      *out |= POVREG_UNIT_DIFFICULT_AREA;
    } else if (strcmp(f, "island") == 0) {
      *out |= POVREG_UNIT_ISLAND;
    } else if (strcmp(f, "poor_district") == 0) {
      *out |= POVREG_UNIT_POOR_DISTRICT;
    }
  }
  rc = (rc == SQLITE_DONE) ? POVREG_OK : povreg__sqlite_err(db, "unit flags");
  povreg__stmt_done(st);
  return rc;
}

/* Check an optional date argument; NULL is fine. */
static int check_opt_date(povreg_db *db, const char *field, const char *d)
{
  return d == NULL ? POVREG_OK : povreg__check_date(db, field, d, 0);
}

/* Look up a unit's version on a date (see povreg/unit.h).  Allocates. */
int povreg_unit_get(povreg_unit **out, povreg_db *db, const char *code,
                    const char *date)
{
  sqlite3_stmt *st = NULL;
  povreg_unit *u = NULL;
  char today[11];
  int rc;

  if (out == NULL || db == NULL || code == NULL) {
    return povreg__err(db, POVREG_EINVALID, "invalid argument");
  }
  *out = NULL;
  if ((rc = check_opt_date(db, "date", date)) < 0) {
    return rc;
  }
  if ((u = calloc(1, sizeof *u)) == NULL) {
    return povreg__err(db, POVREG_ENOMEM, "out of memory");
  }
  if ((rc = povreg__stmt(db, sql_unit_get, &st)) < 0) {
    goto done;
  }
  povreg__bind_text(st, 1, code);
  povreg__bind_text(st, 2, date);
  rc = sqlite3_step(st);
  if (rc == SQLITE_DONE) {
    rc = date != NULL
             ? povreg__err(db, POVREG_ENOTFOUND, "unit: no unit %.10s on %s",
                           code, date)
             : povreg__err(db, POVREG_ENOTFOUND, "unit: no unit %.10s", code);
    goto done;
  }
  if (rc != SQLITE_ROW) {
    rc = povreg__sqlite_err(db, "unit");
    goto done;
  }
  if ((rc = read_unit(db, st, u)) < 0) {
    goto done;
  }
  povreg__stmt_done(st);
  st = NULL;
  povreg__today(db, today);
  if ((rc = read_flags(db, code, date != NULL ? date : today, &u->flags)) < 0) {
    goto done;
  }
  *out = u;
  u = NULL;
  rc = POVREG_OK;
done:
  povreg__stmt_done(st);
  povreg_unit_free(u);
  return rc;
}

/* List units (see povreg/unit.h).  Streams rows to the callback. */
int povreg_unit_list(povreg_db *db, const char *parent_code, const char *level,
                     const char *date, povreg_unit_cb cb, void *payload)
{
  static const char sql[] =
      "SELECT " UNIT_COLUMNS
      "FROM unit_version v JOIN unit u ON u.code = v.code "
      "JOIN unit_kind k ON k.kind = v.kind "
      "WHERE (?1 IS NULL OR v.parent_code = ?1) AND (?2 IS NULL OR "
      "u.level = ?2) AND (?3 IS NULL OR "
      "  ((v.valid_from IS NULL OR v.valid_from <= ?3) AND "
      "   (v.valid_to IS NULL OR v.valid_to > ?3))) "
      "ORDER BY v.code, v.valid_from IS NOT NULL, v.valid_from";
  sqlite3_stmt *st = NULL;
  povreg_unit u;
  char today[11];
  int rc;

  if (db == NULL || cb == NULL) {
    return povreg__err(db, POVREG_EINVALID, "invalid argument");
  }
  if ((rc = check_opt_date(db, "date", date)) < 0) {
    return rc;
  }
  if (level != NULL && strcmp(level, "province") != 0 &&
      strcmp(level, "district") != 0 && strcmp(level, "commune") != 0) {
    return povreg__err(db, POVREG_EINVALID,
                       "level: must be province, district or commune");
  }
  povreg__today(db, today);
  if ((rc = povreg__stmt(db, sql, &st)) < 0) {
    return rc;
  }
  povreg__bind_text(st, 1, parent_code);
  povreg__bind_text(st, 2, level);
  povreg__bind_text(st, 3, date);
  memset(&u, 0, sizeof u);
  while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
    int stop;
    if ((rc = read_unit(db, st, &u)) < 0) {
      goto done;
    }
    /* flags are read on a second statement; SQLite allows that */
    if ((rc = read_flags(db, u.code, date != NULL ? date : today, &u.flags)) <
        0) {
      clear_unit(&u);
      goto done;
    }
    stop = cb(&u, payload);
    clear_unit(&u);
    if (stop != 0) {
      rc = stop;
      goto done;
    }
  }
  rc = (rc == SQLITE_DONE) ? POVREG_OK : povreg__sqlite_err(db, "unit list");
done:
  povreg__stmt_done(st);
  return rc;
}

/* Area of a commune on a date (see povreg/unit.h). */
int povreg_unit_area(povreg_area *out, povreg_db *db, const char *code,
                     const char *date)
{
  povreg_unit *u = NULL;
  int rc;

  if (out == NULL || date == NULL) {
    return povreg__err(db, POVREG_EINVALID, "invalid argument");
  }
  *out = POVREG_AREA_UNKNOWN;
  if ((rc = povreg_unit_get(&u, db, code, date)) < 0) {
    return rc;
  }
  if (strcmp(u->level, "commune") != 0) {
    rc = povreg__err(db, POVREG_EINVALID, "unit: %s is a %s, not a commune",
                     u->code, u->level);
  } else {
    *out = u->area;
  }
  povreg_unit_free(u);
  return rc;
}

/* Follow successors to the code valid on a date (see povreg/unit.h). */
int povreg_unit_resolve(char out[6], povreg_db *db, const char *code,
                        const char *date)
{
  static const char sql[] =
      "SELECT closed_on, successor_code FROM unit WHERE code = ?1";
  sqlite3_stmt *st = NULL;
  char cur[6];
  int rc = POVREG_OK, hops;

  if (out == NULL || db == NULL || code == NULL || date == NULL) {
    return povreg__err(db, POVREG_EINVALID, "invalid argument");
  }
  if ((rc = povreg__check_date(db, "date", date, 0)) < 0) {
    return rc;
  }
  if (strlen(code) > 5) {
    return povreg__err(db, POVREG_ENOTFOUND, "unit: no unit %.10s", code);
  }
  memcpy(cur, code, strlen(code) + 1);
  if ((rc = povreg__stmt(db, sql, &st)) < 0) {
    return rc;
  }
  for (hops = 0; hops < 16; hops++) {
    const char *closed, *succ;
    povreg__bind_text(st, 1, cur);
    rc = sqlite3_step(st);
    if (rc == SQLITE_DONE) {
      rc = povreg__err(db, POVREG_ENOTFOUND, "unit: no unit %s", cur);
      goto done;
    }
    if (rc != SQLITE_ROW) {
      rc = povreg__sqlite_err(db, "unit");
      goto done;
    }
    closed = (const char *)sqlite3_column_text(st, 0);
    succ = (const char *)sqlite3_column_text(st, 1);
    if (closed == NULL || strcmp(closed, date) > 0) {
      memcpy(out, cur, 6);
      rc = POVREG_OK;
      goto done;
    }
    if (succ == NULL) {
      rc = povreg__err(db, POVREG_ENOTFOUND,
                       "unit: %s was closed on %s with no successor", cur,
                       closed);
      goto done;
    }
    snprintf(cur, sizeof cur, "%s", succ);
    sqlite3_reset(st);
  }
  rc = povreg__err(db, POVREG_ERROR, "unit: successor chain of %s too long",
                   code);
done:
  povreg__stmt_done(st);
  return rc;
}

/* Check a unit code's shape for its level; sets "field: ..." if wrong. */
static int check_code(povreg_db *db, const char *field, const char *code)
{
  size_t n, i;

  if (code == NULL) {
    return povreg__err(db, POVREG_EINVALID, "%s: missing", field);
  }
  n = strlen(code);
  for (i = 0; i < n; i++) {
    if (code[i] < '0' || code[i] > '9') {
      break;
    }
  }
  if (i != n || (n != 2 && n != 3 && n != 5)) {
    return povreg__err(db, POVREG_EINVALID,
                       "%s: '%.10s' is not a unit code (2, 3 or 5 digits)",
                       field, povreg__utf8_valid(code) ? code : "?");
  }
  return POVREG_OK;
}

/* Level of a unit kind, or NULL if the kind is unknown. */
static int kind_level(povreg_db *db, const char *kind, char level[10])
{
  static const char sql[] = "SELECT level FROM unit_kind WHERE kind = ?1";
  sqlite3_stmt *st = NULL;
  int rc;

  if ((rc = povreg__stmt(db, sql, &st)) < 0) {
    return rc;
  }
  povreg__bind_text(st, 1, kind);
  rc = sqlite3_step(st);
  if (rc == SQLITE_ROW) {
    snprintf(level, 10, "%s", (const char *)sqlite3_column_text(st, 0));
    rc = POVREG_OK;
  } else if (rc == SQLITE_DONE) {
    rc = povreg__err(db, POVREG_EINVALID,
                     "kind: '%.30s' is not a unit kind (province, city, "
                     "district, urban_district, town, provincial_city, "
                     "commune, ward, township, special_zone)",
                     povreg__utf8_valid(kind) ? kind : "?");
  } else {
    rc = povreg__sqlite_err(db, "kind");
  }
  povreg__stmt_done(st);
  return rc;
}

/* Run a cached statement to completion with up to 6 text parameters. */
static int run_text(povreg_db *db, const char *sql, const char *context, int n,
                    const char *const *args)
{
  sqlite3_stmt *st = NULL;
  int rc, i;

  if ((rc = povreg__stmt(db, sql, &st)) < 0) {
    return rc;
  }
  for (i = 0; i < n; i++) {
    povreg__bind_text(st, i + 1, args[i]);
  }
  rc = sqlite3_step(st) == SQLITE_DONE ? POVREG_OK
                                       : povreg__sqlite_err(db, context);
  povreg__stmt_done(st);
  return rc;
}

/* Add a unit or a new version of one (see povreg/unit.h). */
int povreg_unit_add(povreg_db *db, const povreg_unit_spec *spec)
{
  static const char sql_unit_ins[] =
      "INSERT INTO unit(code, level) VALUES (?1, ?2) "
      "ON CONFLICT(code) DO NOTHING";
  static const char sql_level_of[] =
      "SELECT level, closed_on FROM unit WHERE code = ?1";
  static const char sql_close_open[] =
      "UPDATE unit_version SET valid_to = ?2 WHERE code = ?1 AND "
      "valid_to IS NULL AND (valid_from IS NULL OR valid_from < ?2)";
  static const char sql_ver_ins[] =
      "INSERT INTO unit_version(code, name, kind, parent_code, valid_from, "
      "source) VALUES (?1, ?2, ?3, ?4, ?5, ?6)";
  static const char sql_json[] =
      "SELECT json_object('code', code, 'name', name, 'kind', kind, "
      "'parent', parent_code, 'valid_from', valid_from, 'source', source) "
      "FROM unit_version WHERE code = ?1 ORDER BY valid_from IS NULL, "
      "valid_from DESC LIMIT 1";
  char *json = NULL;
  sqlite3_stmt *st = NULL;
  char level[10], plevel[10] = "";
  int rc, exists = 0, in_tx = 0;
  const char *args[6];

  if (db == NULL || spec == NULL) {
    return povreg__err(db, POVREG_EINVALID, "invalid argument");
  }
  if ((rc = check_code(db, "code", spec->code)) < 0 ||
      (rc = povreg__check_text(db, "name", spec->name, 200, 0)) < 0 ||
      (rc = povreg__check_text(db, "source", spec->source, 500, 0)) < 0 ||
      (rc = check_opt_date(db, "valid_from", spec->valid_from)) < 0) {
    return rc;
  }
  if (spec->kind == NULL) {
    return povreg__err(db, POVREG_EINVALID, "kind: missing");
  }
  if ((rc = kind_level(db, spec->kind, level)) < 0) {
    return rc;
  }
  if ((strcmp(level, "province") == 0 && strlen(spec->code) != 2) ||
      (strcmp(level, "district") == 0 && strlen(spec->code) != 3) ||
      (strcmp(level, "commune") == 0 && strlen(spec->code) != 5)) {
    return povreg__err(db, POVREG_EINVALID, "code: a %s code has %s digits",
                       level,
                       level[0] == 'p'   ? "2"
                       : level[0] == 'd' ? "3"
                                         : "5");
  }
  if ((rc = povreg__tx_begin(db)) < 0) {
    return rc;
  }
  in_tx = 1;
  if (spec->parent_code != NULL) {
    povreg_unit *p = NULL;
    if ((rc = povreg_unit_get(&p, db, spec->parent_code, spec->valid_from)) <
        0) {
      povreg__err(db, rc, "parent: no unit %.10s%s%s", spec->parent_code,
                  spec->valid_from ? " on " : "",
                  spec->valid_from ? spec->valid_from : "");
      goto done;
    }
    snprintf(plevel, sizeof plevel, "%s", p->level);
    povreg_unit_free(p);
    if (strcmp(level, "province") == 0 ||
        (strcmp(level, "district") == 0 && strcmp(plevel, "province") != 0) ||
        (strcmp(level, "commune") == 0 && strcmp(plevel, "commune") == 0)) {
      rc = povreg__err(db, POVREG_EINVALID,
                       "parent: a %s cannot belong to a %s", level, plevel);
      goto done;
    }
  } else if (strcmp(level, "province") != 0) {
    rc = povreg__err(db, POVREG_EINVALID, "parent: a %s needs a parent unit",
                     level);
    goto done;
  }
  /* existing code: same level, not closed, and the new version is later */
  if ((rc = povreg__stmt(db, sql_level_of, &st)) < 0) {
    goto done;
  }
  povreg__bind_text(st, 1, spec->code);
  if (sqlite3_step(st) == SQLITE_ROW) {
    exists = 1;
    if (strcmp((const char *)sqlite3_column_text(st, 0), level) != 0) {
      rc = povreg__err(
          db, POVREG_EINVALID, "kind: unit %s is a %s; it cannot become a %s",
          spec->code, (const char *)sqlite3_column_text(st, 0), level);
      goto done;
    }
    if (sqlite3_column_type(st, 1) != SQLITE_NULL) {
      rc = povreg__err(db, POVREG_ECONSTRAINT,
                       "code: unit %s was closed on %s; a closed code is "
                       "never reused",
                       spec->code, (const char *)sqlite3_column_text(st, 1));
      goto done;
    }
  }
  povreg__stmt_done(st);
  st = NULL;
  if (exists) {
    /* a new version must say when it starts */
    if (spec->valid_from == NULL) {
      rc = povreg__err(db, POVREG_EEXISTS,
                       "code: unit %s exists; a new version needs valid_from",
                       spec->code);
      goto done;
    }
    args[0] = spec->code;
    args[1] = spec->valid_from;
    if ((rc = run_text(db, sql_close_open, "unit", 2, args)) < 0) {
      goto done;
    }
  } else {
    args[0] = spec->code;
    args[1] = level;
    if ((rc = run_text(db, sql_unit_ins, "unit", 2, args)) < 0) {
      goto done;
    }
  }
  args[0] = spec->code;
  args[1] = spec->name;
  args[2] = spec->kind;
  args[3] = spec->parent_code;
  args[4] = spec->valid_from;
  args[5] = spec->source;
  if ((rc = run_text(db, sql_ver_ins, "unit", 6, args)) < 0) {
    if (rc == POVREG_EEXISTS) {
      povreg__err(db, rc, "valid_from: unit %s already has a version from %s",
                  spec->code,
                  spec->valid_from ? spec->valid_from : "the start");
    }
    goto done;
  }
  if ((rc = povreg__json(&json, db, sql_json, spec->code, 0)) < 0 ||
      (rc = povreg__audit(db, exists ? "unit.version" : "unit.add", "unit",
                          spec->code, NULL, json)) < 0) {
    goto done;
  }
  rc = povreg__tx_commit(db);
  in_tx = 0;
done:
  povreg__stmt_done(st);
  free(json);
  if (in_tx) {
    povreg__tx_rollback(db);
  }
  return rc;
}

/* Close a unit's code from a date (see povreg/unit.h). */
int povreg_unit_close(povreg_db *db, const char *code, const char *date,
                      const char *successor_code, const char *source)
{
  static const char sql_close[] =
      "UPDATE unit SET closed_on = ?2, successor_code = ?3 "
      "WHERE code = ?1 AND closed_on IS NULL";
  static const char sql_end[] =
      "UPDATE unit_version SET valid_to = ?2 WHERE code = ?1 AND "
      "valid_to IS NULL";
  povreg_unit *u = NULL, *s = NULL;
  int rc, in_tx = 0;
  const char *args[3];

  if (db == NULL || code == NULL) {
    return povreg__err(db, POVREG_EINVALID, "invalid argument");
  }
  if ((rc = povreg__check_date(db, "date", date, 0)) < 0 ||
      (rc = povreg__check_text(db, "source", source, 500, 0)) < 0) {
    return rc;
  }
  if ((rc = povreg__tx_begin(db)) < 0) {
    return rc;
  }
  in_tx = 1;
  if ((rc = povreg_unit_get(&u, db, code, NULL)) < 0) {
    goto done;
  }
  if (u->closed_on != NULL) {
    rc = povreg__err(db, POVREG_ECONSTRAINT,
                     "unit: %s is already closed "
                     "(on %s)",
                     code, u->closed_on);
    goto done;
  }
  if (u->valid_from != NULL && strcmp(u->valid_from, date) >= 0) {
    rc = povreg__err(db, POVREG_EINVALID,
                     "date: %s is not after the start "
                     "of the unit's current version (%s)",
                     date, u->valid_from);
    goto done;
  }
  if (successor_code != NULL) {
    if ((rc = povreg_unit_get(&s, db, successor_code, date)) < 0) {
      povreg__err(db, rc, "successor: no unit %.10s on %s", successor_code,
                  date);
      goto done;
    }
    if (strcmp(s->level, u->level) != 0 || strcmp(s->code, code) == 0) {
      rc = povreg__err(db, POVREG_EINVALID, "successor: %s cannot take over %s",
                       s->code, code);
      goto done;
    }
  }
  args[0] = code;
  args[1] = date;
  args[2] = successor_code;
  if ((rc = run_text(db, sql_close, "unit", 3, args)) < 0 ||
      (rc = run_text(db, sql_end, "unit", 2, args)) < 0 ||
      (rc = povreg__audit_kv(db, "unit.close", "unit", code, "closed_on", date,
                             "successor", successor_code, "source", source)) <
          0) {
    goto done;
  }
  rc = povreg__tx_commit(db);
  in_tx = 0;
done:
  povreg_unit_free(u);
  povreg_unit_free(s);
  if (in_tx) {
    povreg__tx_rollback(db);
  }
  return rc;
}

/* Record a period flag of a unit (see povreg/unit.h). */
int povreg_unit_flag_set(povreg_db *db, const char *code, const char *flag,
                         const char *valid_from, const char *valid_to,
                         const char *source)
{
  static const char sql[] =
      "INSERT INTO unit_flag(code, flag, valid_from, valid_to, source) "
      "VALUES (?1, ?2, ?3, ?4, ?5)";
  static const char sql_overlap[] =
      "SELECT valid_from FROM unit_flag WHERE code = ?1 AND flag = ?2 AND "
      "(valid_to IS NULL OR valid_to > ?3) AND (?4 IS NULL OR valid_from < ?4)";
  sqlite3_stmt *st = NULL;
  povreg_unit *u = NULL;
  int rc, in_tx = 0;
  const char *args[5];

  if (db == NULL || code == NULL || flag == NULL) {
    return povreg__err(db, POVREG_EINVALID, "invalid argument");
  }
  if (strcmp(flag, "especially_difficult") != 0 &&
      strcmp(flag, "difficult_area") != 0 && strcmp(flag, "island") != 0 &&
      strcmp(flag, "poor_district") != 0) {
    return povreg__err(db, POVREG_EINVALID,
                       "flag: must be especially_difficult, difficult_area, "
                       "island or poor_district");
  }
  if ((rc = povreg__check_date(db, "valid_from", valid_from, 0)) < 0 ||
      (rc = check_opt_date(db, "valid_to", valid_to)) < 0 ||
      (rc = povreg__check_text(db, "source", source, 500, 0)) < 0) {
    return rc;
  }
  if (valid_to != NULL && strcmp(valid_to, valid_from) <= 0) {
    return povreg__err(db, POVREG_EINVALID,
                       "valid_to: %s is not after valid_from %s", valid_to,
                       valid_from);
  }
  if ((rc = povreg__tx_begin(db)) < 0) {
    return rc;
  }
  in_tx = 1;
  if ((rc = povreg_unit_get(&u, db, code, NULL)) < 0) {
    goto done;
  }
  if ((rc = povreg__stmt(db, sql_overlap, &st)) < 0) {
    goto done;
  }
  povreg__bind_text(st, 1, code);
  povreg__bind_text(st, 2, flag);
  povreg__bind_text(st, 3, valid_from);
  povreg__bind_text(st, 4, valid_to);
  if (sqlite3_step(st) == SQLITE_ROW) {
    rc = povreg__err(db, POVREG_EEXISTS,
                     "valid_from: %s already has flag %s for a period "
                     "overlapping this one (from %s)",
                     code, flag, (const char *)sqlite3_column_text(st, 0));
    goto done;
  }
  povreg__stmt_done(st);
  st = NULL;
  args[0] = code;
  args[1] = flag;
  args[2] = valid_from;
  args[3] = valid_to;
  args[4] = source;
  if ((rc = run_text(db, sql, "flag", 5, args)) < 0 ||
      (rc = povreg__audit_kv(db, "unit.flag", "unit", code, "flag", flag,
                             "valid_from", valid_from, "source", source)) < 0) {
    goto done;
  }
  rc = povreg__tx_commit(db);
  in_tx = 0;
done:
  povreg__stmt_done(st);
  povreg_unit_free(u);
  if (in_tx) {
    povreg__tx_rollback(db);
  }
  return rc;
}
