/*
** standard.c: poverty standards as versioned data: listing, choosing the
** one for a status year, export and import as JSON (through SQLite's JSON
** functions, so no JSON parser of our own), and loading a version into a
** rulebook for classification.
*/
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "povreg_int.h"

/* List standards (see povreg/classify.h). */
int povreg_standard_list(povreg_db *db, povreg_standard_cb cb, void *payload)
{
  static const char sql[] =
      "SELECT s.id, s.first_year, s.last_year, s.version, v.name_vi, "
      "v.name_en, v.citation, v.family, v.cutoff, "
      "(SELECT count(*) FROM indicator i WHERE i.standard_id = s.id AND "
      " i.version = s.version), v.provisional, v.confidence "
      "FROM standard s JOIN standard_version v ON v.standard_id = s.id AND "
      "v.version = s.version ORDER BY s.first_year, s.id";
  sqlite3_stmt *st = NULL;
  povreg_standard_info s;
  int rc;

  if (db == NULL || cb == NULL) {
    return povreg__err(db, POVREG_EINVALID, "invalid argument");
  }
  if ((rc = povreg__stmt(db, sql, &st)) < 0) {
    return rc;
  }
  while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
    int stop;
    s.id = (const char *)sqlite3_column_text(st, 0);
    s.first_year = sqlite3_column_int(st, 1);
    s.last_year = sqlite3_column_int(st, 2);
    s.version = sqlite3_column_int(st, 3);
    s.name_vi = (const char *)sqlite3_column_text(st, 4);
    s.name_en = (const char *)sqlite3_column_text(st, 5);
    s.citation = (const char *)sqlite3_column_text(st, 6);
    s.family = (const char *)sqlite3_column_text(st, 7);
    s.cutoff = sqlite3_column_int(st, 8);
    s.indicators = sqlite3_column_int(st, 9);
    s.provisional = sqlite3_column_int(st, 10);
    s.confidence = (const char *)sqlite3_column_text(st, 11);
    if ((stop = cb(&s, payload)) != 0) {
      rc = stop;
      goto done;
    }
  }
  rc = rc == SQLITE_DONE ? POVREG_OK : povreg__sqlite_err(db, "standard");
done:
  povreg__stmt_done(st);
  return rc;
}

/* The standard governing a status year (see povreg/classify.h). */
int povreg_standard_for_year(char out[33], povreg_db *db, int status_year)
{
  static const char sql[] =
      "SELECT id FROM standard WHERE ?1 BETWEEN first_year AND last_year "
      "ORDER BY first_year DESC LIMIT 1";
  sqlite3_stmt *st = NULL;
  int rc;

  if (out == NULL || db == NULL) {
    return povreg__err(db, POVREG_EINVALID, "invalid argument");
  }
  if ((rc = povreg__stmt(db, sql, &st)) < 0) {
    return rc;
  }
  sqlite3_bind_int(st, 1, status_year);
  rc = sqlite3_step(st);
  if (rc == SQLITE_ROW) {
    snprintf(out, 33, "%s", (const char *)sqlite3_column_text(st, 0));
    rc = POVREG_OK;
  } else if (rc == SQLITE_DONE) {
    rc = povreg__err(db, POVREG_ENOTFOUND,
                     "year: no standard governs status year %d", status_year);
  } else {
    rc = povreg__sqlite_err(db, "standard");
  }
  povreg__stmt_done(st);
  return rc;
}

/* JSON of version ?2 of standard ?1 (version 0: current). */
static const char sql_export[] =
    "SELECT json_object("
    "'id', s.id, 'first_year', v.first_year, 'last_year', v.last_year, "
    "'name_vi', v.name_vi, 'name_en', v.name_en, 'citation', v.citation, "
    "'family', v.family, 'cutoff', v.cutoff, "
    "'score_b_per_indicator', v.score_b_per_indicator, "
    "'score_b_cutoff', v.score_b_cutoff, "
    "'year_only_birthday', v.year_only_birthday, "
    "'provisional', json(CASE WHEN v.provisional THEN 'true' ELSE 'false' "
    "END), 'confidence', v.confidence, 'note', v.note, "
    "'lines', (SELECT json_group_array(json_object('area', area, 'line', "
    "  line, 'amount', amount, 'confidence', confidence, 'citation', "
    "  citation)) FROM (SELECT * FROM standard_line l WHERE l.standard_id = "
    "  s.id AND l.version = v.version ORDER BY area, line)), "
    "'indicators', (SELECT json_group_array(json_object('key', key, "
    "  'ordinal', ordinal, 'dimension', dimension, 'dimension_vi', "
    "  dimension_vi, 'name_vi', name_vi, 'name_en', name_en, 'definition', "
    "  definition, 'rule', rule, 'params', json(params), 'confidence', "
    "  confidence, 'citation', citation)) FROM (SELECT * FROM indicator i "
    "  WHERE i.standard_id = s.id AND i.version = v.version "
    "  ORDER BY ordinal))) "
    "FROM standard s JOIN standard_version v ON v.standard_id = s.id "
    "WHERE s.id = ?1 AND v.version = CASE WHEN ?2 > 0 THEN ?2 "
    "ELSE s.version END";

/* Export a version of a standard as JSON text.  Allocates *out. */
static int export_version(char **out, povreg_db *db, const char *id,
                          int version)
{
  sqlite3_stmt *st = NULL;
  int rc, ok = 1;

  *out = NULL;
  if ((rc = povreg__stmt(db, sql_export, &st)) < 0) {
    return rc;
  }
  povreg__bind_text(st, 1, id);
  sqlite3_bind_int(st, 2, version);
  rc = sqlite3_step(st);
  if (rc == SQLITE_ROW) {
    *out = povreg__col_strdup(st, 0, &ok);
    rc = ok ? POVREG_OK : povreg__err(db, POVREG_ENOMEM, "out of memory");
  } else if (rc == SQLITE_DONE) {
    rc = povreg__err(db, POVREG_ENOTFOUND, "standard: no standard '%.32s'",
                     povreg__utf8_valid(id) ? id : "?");
  } else {
    rc = povreg__sqlite_err(db, "standard");
  }
  povreg__stmt_done(st);
  return rc;
}

/* Export the current version (see povreg/classify.h). */
int povreg_standard_export(char **json_out, povreg_db *db, const char *id)
{
  if (json_out == NULL || db == NULL || id == NULL) {
    return povreg__err(db, POVREG_EINVALID, "invalid argument");
  }
  return export_version(json_out, db, id, 0);
}

/* ---- import ---- */

/*
** Check the JSON type of `path` in the document: `want` is one of
** SQLite's json_type names ("text", "integer", "object", "array", ...;
** "number" accepts integer or real).  Optional members may be absent or
** null.  Sets "field: ..." on failure.
*/
static int check_member(povreg_db *db, const char *json, const char *path,
                        const char *want, int optional)
{
  static const char sql[] = "SELECT json_type(?1, ?2)";
  sqlite3_stmt *st = NULL;
  const char *t;
  int rc;

  if ((rc = povreg__stmt(db, sql, &st)) < 0) {
    return rc;
  }
  povreg__bind_text(st, 1, json);
  povreg__bind_text(st, 2, path);
  if (sqlite3_step(st) != SQLITE_ROW) {
    rc = povreg__sqlite_err(db, path[1] != '\0' ? path + 2 : "standard");
    goto done;
  }
  t = (const char *)sqlite3_column_text(st, 0);
  rc = POVREG_OK;
  if (t == NULL || strcmp(t, "null") == 0) {
    if (!optional) {
      rc = povreg__err(db, POVREG_EINVALID, "%s: missing",
                       path[1] != '\0' ? path + 2 : "standard");
    }
  } else if (strcmp(t, want) != 0 &&
             !(strcmp(want, "number") == 0 &&
               (strcmp(t, "integer") == 0 || strcmp(t, "real") == 0)) &&
             !(strcmp(want, "boolean") == 0 &&
               (strcmp(t, "true") == 0 || strcmp(t, "false") == 0))) {
    rc = povreg__err(db, POVREG_EINVALID, "%s: must be %s %s, not %s",
                     path[1] != '\0' ? path + 2 : "standard",
                     want[0] == 'a' || want[0] == 'i' ? "an" : "a", want, t);
  }
done:
  povreg__stmt_done(st);
  return rc;
}

/* Length of the array at path (after check_member said it is one). */
static int array_length(povreg_db *db, const char *json, const char *path,
                        int *n)
{
  static const char sql[] = "SELECT json_array_length(?1, ?2)";
  sqlite3_stmt *st = NULL;
  int rc;

  if ((rc = povreg__stmt(db, sql, &st)) < 0) {
    return rc;
  }
  povreg__bind_text(st, 1, json);
  povreg__bind_text(st, 2, path);
  rc = sqlite3_step(st) == SQLITE_ROW
           ? POVREG_OK
           : povreg__sqlite_err(db, path[1] != '\0' ? path + 2 : "standard");
  *n = sqlite3_column_int(st, 0);
  povreg__stmt_done(st);
  return rc;
}

/* Check the shape of a standard document; messages name the field. */
static int check_document(povreg_db *db, const char *json)
{
  static const struct {
    const char *path, *type;
    int optional;
  } top[] = {
      {"$.id", "text", 0},
      {"$.first_year", "integer", 0},
      {"$.last_year", "integer", 0},
      {"$.name_vi", "text", 0},
      {"$.name_en", "text", 0},
      {"$.citation", "text", 0},
      {"$.family", "text", 0},
      {"$.cutoff", "integer", 0},
      {"$.score_b_per_indicator", "integer", 1},
      {"$.score_b_cutoff", "integer", 1},
      {"$.year_only_birthday", "text", 1},
      {"$.provisional", "boolean", 1},
      {"$.confidence", "text", 0},
      {"$.note", "text", 1},
      {"$.lines", "array", 0},
      {"$.indicators", "array", 0},
  };
  static const struct {
    const char *name, *type;
    int optional;
  } line[] = {{"area", "text", 0},
              {"line", "text", 0},
              {"amount", "integer", 0},
              {"confidence", "text", 0},
              {"citation", "text", 0}},
    ind[] = {{"key", "text", 0},        {"ordinal", "integer", 0},
             {"dimension", "text", 0},  {"dimension_vi", "text", 0},
             {"name_vi", "text", 0},    {"name_en", "text", 0},
             {"definition", "text", 0}, {"rule", "text", 1},
             {"params", "object", 1},   {"confidence", "text", 0},
             {"citation", "text", 0}};
  char path[64];
  size_t i, k;
  int rc, n = 0;

  if (!povreg__utf8_valid_lines(json)) {
    return povreg__err(db, POVREG_EINVALID,
                       "standard: the document is not valid UTF-8 text");
  }
  if ((rc = check_member(db, json, "$", "object", 0)) < 0) {
    if (rc == POVREG_EINVALID || rc == POVREG_ERROR) {
      rc = povreg__err(db, POVREG_EINVALID,
                       "standard: the document is not a JSON object");
    }
    return rc;
  }
  for (i = 0; i < sizeof top / sizeof top[0]; i++) {
    if ((rc = check_member(db, json, top[i].path, top[i].type,
                           top[i].optional)) < 0) {
      return rc;
    }
  }
  if ((rc = array_length(db, json, "$.lines", &n)) < 0) {
    return rc;
  }
  for (k = 0; k < (size_t)n; k++) {
    for (i = 0; i < sizeof line / sizeof line[0]; i++) {
      snprintf(path, sizeof path, "$.lines[%zu].%s", k, line[i].name);
      if ((rc = check_member(db, json, path, line[i].type, line[i].optional)) <
          0) {
        return rc;
      }
    }
  }
  if ((rc = array_length(db, json, "$.indicators", &n)) < 0) {
    return rc;
  }
  if (n == 0) {
    return povreg__err(db, POVREG_EINVALID, "indicators: empty");
  }
  for (k = 0; k < (size_t)n; k++) {
    for (i = 0; i < sizeof ind / sizeof ind[0]; i++) {
      snprintf(path, sizeof path, "$.indicators[%zu].%s", k, ind[i].name);
      if ((rc = check_member(db, json, path, ind[i].type, ind[i].optional)) <
          0) {
        return rc;
      }
    }
  }
  return POVREG_OK;
}

/* 1 if s is one of the NULL-terminated list of words. */
static int one_of(const char *s, const char *const *words)
{
  for (; s != NULL && *words != NULL; words++) {
    if (strcmp(s, *words) == 0) {
      return 1;
    }
  }
  return 0;
}

/* 1 if s is a key: a lower-case letter, then lower-case letters or '_'. */
static int is_key(const char *s)
{
  size_t i;

  if (s == NULL || s[0] < 'a' || s[0] > 'z' || strlen(s) > 31) {
    return 0;
  }
  for (i = 1; s[i] != '\0'; i++) {
    if (!((s[i] >= 'a' && s[i] <= 'z') || s[i] == '_')) {
      return 0;
    }
  }
  return 1;
}

/*
** Check the values of a standard document that the tables constrain, so
** a bad document gets "field: problem" instead of a table's CHECK text.
*/
static int check_values(povreg_db *db, const char *json)
{
  static const char *const families[] = {"banded", "single_line", NULL};
  static const char *const confidences[] = {"confirmed", "secondary",
                                            "unconfirmed", NULL};
  static const char *const areas[] = {"rural", "urban", NULL};
  static const char *const lines[] = {"poverty", "near_poverty", "average",
                                      "score_a", NULL};
  static const char *const rules[] = {
      "member_any",  "member_share_above", "fact_below", "fact_at_least",
      "fact_not_in", "facts_none",         NULL};
  static const char sql_top[] =
      "SELECT json_extract(?1, '$.id'), json_extract(?1, '$.family'), "
      "json_extract(?1, '$.confidence'), json_extract(?1, '$.cutoff'), "
      "coalesce(json_extract(?1, '$.year_only_birthday'), '07-01') "
      "GLOB '[0-1][0-9]-[0-3][0-9]', "
      "json_type(?1, '$.score_b_per_indicator') IS NOT NULL AND "
      "json_type(?1, '$.score_b_per_indicator') <> 'null', "
      "json_type(?1, '$.score_b_cutoff') IS NOT NULL AND "
      "json_type(?1, '$.score_b_cutoff') <> 'null', "
      "coalesce(json_extract(?1, '$.score_b_per_indicator'), 1) >= 1 AND "
      "coalesce(json_extract(?1, '$.score_b_cutoff'), 1) >= 1";
  static const char sql_lines[] =
      "SELECT key, json_extract(value, '$.area'), json_extract(value, "
      "'$.line'), json_extract(value, '$.amount'), json_extract(value, "
      "'$.confidence'), (SELECT count(*) FROM json_each(?1, '$.lines') o "
      "WHERE json_extract(o.value, '$.area') = json_extract(l.value, "
      "'$.area') AND json_extract(o.value, '$.line') = json_extract("
      "l.value, '$.line')) FROM json_each(?1, '$.lines') l";
  static const char sql_inds[] =
      "SELECT key, json_extract(value, '$.key'), json_extract(value, "
      "'$.ordinal'), json_extract(value, '$.rule'), json_type(value, "
      "'$.params'), json_extract(value, '$.confidence'), "
      "(SELECT count(*) FROM json_each(?1, '$.indicators') o WHERE "
      "json_extract(o.value, '$.key') = json_extract(i.value, '$.key')), "
      "(SELECT count(*) FROM json_each(?1, '$.indicators') o WHERE "
      "json_extract(o.value, '$.ordinal') = json_extract(i.value, "
      "'$.ordinal')) FROM json_each(?1, '$.indicators') i";
  sqlite3_stmt *st = NULL;
  const char *id;
  size_t k;
  int rc;

  if ((rc = povreg__stmt(db, sql_top, &st)) < 0) {
    return rc;
  }
  povreg__bind_text(st, 1, json);
  if (sqlite3_step(st) != SQLITE_ROW) {
    rc = povreg__sqlite_err(db, "standard");
    goto done;
  }
  id = (const char *)sqlite3_column_text(st, 0);
  rc = POVREG_OK;
  for (k = 0; id != NULL && id[k] != '\0'; k++) {
    if (strchr("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
               "0123456789._-",
               id[k]) == NULL) {
      rc = povreg__err(db, POVREG_EINVALID,
                       "id: only letters, digits, '.', '_' and '-'");
      goto done;
    }
  }
  if (!one_of((const char *)sqlite3_column_text(st, 1), families)) {
    rc = povreg__err(db, POVREG_EINVALID,
                     "family: must be banded or single_line");
  } else if (!one_of((const char *)sqlite3_column_text(st, 2), confidences)) {
    rc = povreg__err(db, POVREG_EINVALID,
                     "confidence: must be confirmed, secondary or "
                     "unconfirmed");
  } else if (sqlite3_column_int(st, 3) < 1) {
    rc = povreg__err(db, POVREG_EINVALID, "cutoff: must be at least 1");
  } else if (!sqlite3_column_int(st, 4)) {
    rc = povreg__err(db, POVREG_EINVALID, "year_only_birthday: must be MM-DD");
  } else if (sqlite3_column_int(st, 5) != sqlite3_column_int(st, 6)) {
    rc = povreg__err(db, POVREG_EINVALID,
                     "score_b_cutoff: give both score_b fields or neither");
  } else if (!sqlite3_column_int(st, 7)) {
    rc = povreg__err(db, POVREG_EINVALID,
                     "score_b_per_indicator: both score_b fields must be at "
                     "least 1");
  }
  povreg__stmt_done(st);
  st = NULL;
  if (rc < 0 || (rc = povreg__stmt(db, sql_lines, &st)) < 0) {
    goto done;
  }
  povreg__bind_text(st, 1, json);
  while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
    int n = sqlite3_column_int(st, 0);
    if (!one_of((const char *)sqlite3_column_text(st, 1), areas)) {
      rc = povreg__err(db, POVREG_EINVALID,
                       "lines[%d].area: must be rural or urban", n);
    } else if (!one_of((const char *)sqlite3_column_text(st, 2), lines)) {
      rc = povreg__err(db, POVREG_EINVALID,
                       "lines[%d].line: must be poverty, near_poverty, "
                       "average or score_a",
                       n);
    } else if (sqlite3_column_int64(st, 3) <= 0) {
      rc = povreg__err(db, POVREG_EINVALID, "lines[%d].amount: must be above 0",
                       n);
    } else if (!one_of((const char *)sqlite3_column_text(st, 4), confidences)) {
      rc = povreg__err(db, POVREG_EINVALID,
                       "lines[%d].confidence: must be confirmed, secondary "
                       "or unconfirmed",
                       n);
    } else if (sqlite3_column_int(st, 5) > 1) {
      rc = povreg__err(db, POVREG_EINVALID,
                       "lines[%d]: this area and line are given twice", n);
    } else {
      continue;
    }
    goto done;
  }
  if (rc != SQLITE_DONE) {
    rc = povreg__sqlite_err(db, "lines");
    goto done;
  }
  povreg__stmt_done(st);
  st = NULL;
  if ((rc = povreg__stmt(db, sql_inds, &st)) < 0) {
    goto done;
  }
  povreg__bind_text(st, 1, json);
  while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
    int n = sqlite3_column_int(st, 0);
    const char *rule = (const char *)sqlite3_column_text(st, 3);
    const char *ptype = (const char *)sqlite3_column_text(st, 4);
    int has_params = ptype != NULL && strcmp(ptype, "null") != 0;
    if (!is_key((const char *)sqlite3_column_text(st, 1))) {
      rc = povreg__err(db, POVREG_EINVALID,
                       "indicators[%d].key: lower-case letters and '_', "
                       "starting with a letter",
                       n);
    } else if (sqlite3_column_int(st, 2) < 1) {
      rc = povreg__err(db, POVREG_EINVALID,
                       "indicators[%d].ordinal: must be at least 1", n);
    } else if (rule != NULL && !one_of(rule, rules)) {
      rc = povreg__err(db, POVREG_EINVALID,
                       "indicators[%d].rule: must be member_any, "
                       "member_share_above, fact_below, fact_at_least, "
                       "fact_not_in, facts_none or null",
                       n);
    } else if ((rule != NULL) != has_params) {
      rc = povreg__err(db, POVREG_EINVALID,
                       "indicators[%d].params: a rule needs params, and "
                       "params need a rule",
                       n);
    } else if (!one_of((const char *)sqlite3_column_text(st, 5), confidences)) {
      rc = povreg__err(db, POVREG_EINVALID,
                       "indicators[%d].confidence: must be confirmed, "
                       "secondary or unconfirmed",
                       n);
    } else if (sqlite3_column_int(st, 6) > 1) {
      rc = povreg__err(db, POVREG_EINVALID,
                       "indicators[%d].key: %s is given twice", n,
                       (const char *)sqlite3_column_text(st, 1));
    } else if (sqlite3_column_int(st, 7) > 1) {
      rc = povreg__err(db, POVREG_EINVALID,
                       "indicators[%d].ordinal: %d is given twice", n,
                       sqlite3_column_int(st, 2));
    } else {
      continue;
    }
    goto done;
  }
  rc = rc == SQLITE_DONE ? POVREG_OK : povreg__sqlite_err(db, "indicators");
done:
  povreg__stmt_done(st);
  return rc;
}

/* Run one import statement over the document; context names the part. */
static int import_step(povreg_db *db, const char *sql, const char *json,
                       const char *id, int version, const char *context)
{
  sqlite3_stmt *st = NULL;
  int rc;

  if ((rc = povreg__stmt(db, sql, &st)) < 0) {
    return rc;
  }
  povreg__bind_text(st, 1, json);
  povreg__bind_text(st, 2, id);
  sqlite3_bind_int(st, 3, version);
  rc = sqlite3_step(st) == SQLITE_DONE ? POVREG_OK
                                       : povreg__sqlite_err(db, context);
  povreg__stmt_done(st);
  if (rc == POVREG_ECONSTRAINT || rc == POVREG_EEXISTS) {
    /* a value check_values does not know: keep the text, on one line */
    char *p;
    for (p = db->errmsg; *p != '\0'; p++) {
      if (*p == '\n' || *p == '\r') {
        *p = ' ';
      }
    }
    rc = POVREG_EINVALID;
  }
  return rc;
}

/* The document without its version-specific fields, for comparison. */
static int same_as_current(povreg_db *db, const char *id, int new_version,
                           int *same)
{
  static const char sql[] = "SELECT ?1 = ?2";
  sqlite3_stmt *st = NULL;
  char *a = NULL, *b = NULL;
  int rc;

  *same = 0;
  if (new_version <= 1) {
    return POVREG_OK;
  }
  if ((rc = export_version(&a, db, id, new_version - 1)) < 0 ||
      (rc = export_version(&b, db, id, new_version)) < 0 ||
      (rc = povreg__stmt(db, sql, &st)) < 0) {
    goto done;
  }
  povreg__bind_text(st, 1, a);
  povreg__bind_text(st, 2, b);
  if (sqlite3_step(st) == SQLITE_ROW) {
    *same = sqlite3_column_int(st, 0);
  }
  povreg__stmt_done(st);
done:
  free(a);
  free(b);
  return rc;
}

/*
** Refuse status years that overlap another standard's: the standard
** governing a year must be unambiguous.
*/
static int check_years(povreg_db *db, const char *json, const char *id)
{
  static const char sql[] =
      "SELECT id, first_year, last_year FROM standard WHERE id <> ?2 AND "
      "first_year <= json_extract(?1, '$.last_year') AND "
      "last_year >= json_extract(?1, '$.first_year') LIMIT 1";
  static const char sql_order[] =
      "SELECT json_extract(?1, '$.first_year') BETWEEN 1990 AND 2100 AND "
      "json_extract(?1, '$.last_year') >= json_extract(?1, '$.first_year') "
      "AND json_extract(?1, '$.last_year') <= 2100";
  sqlite3_stmt *st = NULL;
  int rc;

  if ((rc = povreg__stmt(db, sql_order, &st)) < 0) {
    return rc;
  }
  povreg__bind_text(st, 1, json);
  rc = sqlite3_step(st) == SQLITE_ROW && sqlite3_column_int(st, 0)
           ? POVREG_OK
           : povreg__err(db, POVREG_EINVALID,
                         "first_year: status years must run forward "
                         "within 1990-2100");
  povreg__stmt_done(st);
  if (rc < 0 || (rc = povreg__stmt(db, sql, &st)) < 0) {
    return rc;
  }
  povreg__bind_text(st, 1, json);
  povreg__bind_text(st, 2, id);
  if (sqlite3_step(st) == SQLITE_ROW) {
    rc = povreg__err(db, POVREG_EINVALID,
                     "first_year: status years overlap %s (%d-%d)",
                     (const char *)sqlite3_column_text(st, 0),
                     sqlite3_column_int(st, 1), sqlite3_column_int(st, 2));
  }
  povreg__stmt_done(st);
  return rc;
}

/* Import a standard document (see povreg/classify.h). */
int povreg_standard_import(int *version_out, povreg_db *db, const char *json)
{
  static const char sql_current[] =
      "SELECT coalesce((SELECT version FROM standard WHERE id = ?1), 0)";
  static const char sql_standard[] =
      "INSERT INTO standard(id, first_year, last_year, version) "
      "VALUES (?2, json_extract(?1, '$.first_year'), "
      "json_extract(?1, '$.last_year'), ?3) "
      "ON CONFLICT(id) DO UPDATE SET first_year = excluded.first_year, "
      "last_year = excluded.last_year, version = excluded.version";
  static const char sql_version[] =
      "INSERT INTO standard_version(standard_id, version, name_vi, name_en, "
      "citation, family, cutoff, score_b_per_indicator, score_b_cutoff, "
      "year_only_birthday, provisional, confidence, note, recorded_at, "
      "first_year, last_year) "
      "SELECT ?2, ?3, json_extract(?1, '$.name_vi'), "
      "json_extract(?1, '$.name_en'), json_extract(?1, '$.citation'), "
      "json_extract(?1, '$.family'), json_extract(?1, '$.cutoff'), "
      "json_extract(?1, '$.score_b_per_indicator'), "
      "json_extract(?1, '$.score_b_cutoff'), "
      "coalesce(json_extract(?1, '$.year_only_birthday'), '07-01'), "
      "coalesce(json_extract(?1, '$.provisional'), 0), "
      "json_extract(?1, '$.confidence'), json_extract(?1, '$.note'), "
      "strftime('%Y-%m-%dT%H:%M:%SZ', 'now'), "
      "json_extract(?1, '$.first_year'), json_extract(?1, '$.last_year')";
  static const char sql_lines[] =
      "INSERT INTO standard_line(standard_id, version, area, line, amount, "
      "confidence, citation) SELECT ?2, ?3, json_extract(value, '$.area'), "
      "json_extract(value, '$.line'), json_extract(value, '$.amount'), "
      "json_extract(value, '$.confidence'), "
      "json_extract(value, '$.citation') FROM json_each(?1, '$.lines')";
  static const char sql_indicators[] =
      "INSERT INTO indicator(standard_id, version, key, ordinal, dimension, "
      "dimension_vi, name_vi, name_en, definition, rule, params, confidence, "
      "citation) SELECT ?2, ?3, json_extract(value, '$.key'), "
      "json_extract(value, '$.ordinal'), json_extract(value, '$.dimension'), "
      "json_extract(value, '$.dimension_vi'), "
      "json_extract(value, '$.name_vi'), json_extract(value, '$.name_en'), "
      "json_extract(value, '$.definition'), json_extract(value, '$.rule'), "
      "json(json_extract(value, '$.params')), "
      "json_extract(value, '$.confidence'), "
      "json_extract(value, '$.citation') "
      "FROM json_each(?1, '$.indicators')";
  sqlite3_stmt *st = NULL;
  povreg_rulebook *rb = NULL;
  char id[33], *id_text = NULL;
  int rc, in_tx = 0, version = 0, same = 0, ok = 1;

  if (db == NULL || json == NULL) {
    return povreg__err(db, POVREG_EINVALID, "invalid argument");
  }
  if ((rc = check_document(db, json)) < 0 ||
      (rc = check_values(db, json)) < 0) {
    return rc;
  }
  {
    static const char sql_id[] = "SELECT json_extract(?1, '$.id')";
    if ((rc = povreg__stmt(db, sql_id, &st)) < 0) {
      return rc;
    }
    povreg__bind_text(st, 1, json);
    if (sqlite3_step(st) == SQLITE_ROW) {
      id_text = povreg__col_strdup(st, 0, &ok);
    }
    povreg__stmt_done(st);
    st = NULL;
    if (id_text == NULL || strlen(id_text) >= sizeof id) {
      free(id_text);
      return povreg__err(db, ok ? POVREG_EINVALID : POVREG_ENOMEM,
                         ok ? "id: 1 to 32 characters" : "out of memory");
    }
    snprintf(id, sizeof id, "%s", id_text);
    free(id_text);
  }
  if ((rc = povreg__tx_begin(db)) < 0) {
    return rc;
  }
  in_tx = 1;
  if ((rc = check_years(db, json, id)) < 0 ||
      (rc = povreg__stmt(db, sql_current, &st)) < 0) {
    goto done;
  }
  povreg__bind_text(st, 1, id);
  if (sqlite3_step(st) == SQLITE_ROW) {
    version = sqlite3_column_int(st, 0) + 1;
  }
  povreg__stmt_done(st);
  st = NULL;
  if ((rc = import_step(db, sql_standard, json, id, version, "standard")) < 0 ||
      (rc = import_step(db, sql_version, json, id, version, "standard")) < 0 ||
      (rc = import_step(db, sql_lines, json, id, version, "lines")) < 0 ||
      (rc = import_step(db, sql_indicators, json, id, version, "indicators")) <
          0) {
    goto done;
  }
  /* loading it checks the lines and every rule's parameters */
  if ((rc = povreg__rulebook_load_version(&rb, db, id, version)) < 0 ||
      (rc = same_as_current(db, id, version, &same)) < 0) {
    goto done;
  }
  if (same) {
    rc = povreg__err(db, POVREG_EEXISTS,
                     "standard: %s version %d already has exactly this data",
                     id, version - 1);
    goto done;
  }
  {
    char detail[64];
    snprintf(detail, sizeof detail, "{\"version\":%d}", version);
    if ((rc = povreg__audit(db, "standard.import", "standard", id, NULL,
                            detail)) < 0) {
      goto done;
    }
  }
  if ((rc = povreg__tx_commit(db)) < 0) {
    goto done;
  }
  in_tx = 0;
  if (version_out != NULL) {
    *version_out = version;
  }
done:
  povreg__stmt_done(st);
  povreg_rulebook_free(rb);
  if (in_tx) {
    povreg__tx_rollback(db);
  }
  return rc;
}

/* ---- rulebooks ---- */

/* Free a rulebook.  NULL-safe. */
void povreg_rulebook_free(povreg_rulebook *rb)
{
  size_t i;

  if (rb == NULL) {
    return;
  }
  for (i = 0; i < rb->n; i++) {
    free(rb->ind[i].name_vi);
    free(rb->ind[i].name_en);
  }
  free(rb->ind);
  free(rb);
}

/* Copy a fact key from JSON text into a fixed buffer; checks its shape. */
static int copy_key(povreg_db *db, const char *ikey, const char *what,
                    const unsigned char *v, char out[32])
{
  size_t n, i;

  if (v == NULL || (n = strlen((const char *)v)) == 0 || n >= 32) {
    return povreg__err(db, POVREG_EINVALID,
                       "%s: %s must be a key of 1 to "
                       "31 characters",
                       ikey, what);
  }
  for (i = 0; i < n; i++) {
    char c = (char)v[i];
    if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_')) {
      return povreg__err(db, POVREG_EINVALID,
                         "%s: %s must be lower-case letters, digits and _",
                         ikey, what);
    }
  }
  memcpy(out, v, n + 1);
  return POVREG_OK;
}

/* Parse the parameters of a member_any rule from its JSON. */
static int parse_bands(povreg_db *db, povreg__indicator *ind,
                       const char *params)
{
  static const char sql_bands[] =
      "SELECT json_extract(value, '$.age_min'), "
      "json_extract(value, '$.age_max'), json_extract(value, '$.born_from'), "
      "json_extract(value, '$.when'), json_type(value, '$.when') "
      "FROM json_each(?1, '$.bands')";
  static const char sql_conds[] =
      "SELECT json_extract(value, '$.fact'), json_type(value, '$.is'), "
      "json_extract(value, '$.is'), json_type(value, '$.below'), "
      "json_extract(value, '$.below'), json_type(value, '$.at_least'), "
      "json_extract(value, '$.at_least') FROM json_each(?1)";
  sqlite3_stmt *st = NULL, *sc = NULL;
  int rc;

  if ((rc = povreg__stmt(db, sql_bands, &st)) < 0) {
    return rc;
  }
  povreg__bind_text(st, 1, params);
  while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
    povreg__band *b;
    const char *when_type = (const char *)sqlite3_column_text(st, 4);
    if (ind->n_bands == 4) {
      rc = povreg__err(db, POVREG_EINVALID, "%s: at most 4 bands", ind->key);
      goto done;
    }
    b = &ind->bands[ind->n_bands++];
    b->age_min = sqlite3_column_type(st, 0) == SQLITE_NULL
                     ? -1
                     : sqlite3_column_int(st, 0);
    b->age_max = sqlite3_column_type(st, 1) == SQLITE_NULL
                     ? -1
                     : sqlite3_column_int(st, 1);
    b->born_from = sqlite3_column_type(st, 2) == SQLITE_NULL
                       ? -1
                       : sqlite3_column_int(st, 2);
    if (when_type == NULL || strcmp(when_type, "array") != 0) {
      rc = povreg__err(db, POVREG_EINVALID,
                       "%s: each band needs a \"when\" array", ind->key);
      goto done;
    }
    if ((rc = povreg__stmt(db, sql_conds, &sc)) < 0) {
      goto done;
    }
    povreg__bind_text(sc, 1, (const char *)sqlite3_column_text(st, 3));
    while ((rc = sqlite3_step(sc)) == SQLITE_ROW) {
      povreg__cond *c;
      if (b->n_conds == 4) {
        rc = povreg__err(db, POVREG_EINVALID, "%s: at most 4 conditions",
                         ind->key);
        goto done;
      }
      c = &b->conds[b->n_conds++];
      if ((rc = copy_key(db, ind->key, "fact", sqlite3_column_text(sc, 0),
                         c->fact)) < 0) {
        goto done;
      }
      if (sqlite3_column_type(sc, 1) != SQLITE_NULL) {
        c->op = POVREG__IS;
        snprintf(c->text, sizeof c->text, "%s",
                 (const char *)sqlite3_column_text(sc, 2));
      } else if (sqlite3_column_type(sc, 3) != SQLITE_NULL) {
        c->op = POVREG__BELOW;
        c->num = sqlite3_column_double(sc, 4);
      } else if (sqlite3_column_type(sc, 5) != SQLITE_NULL) {
        c->op = POVREG__AT_LEAST;
        c->num = sqlite3_column_double(sc, 6);
      } else {
        rc = povreg__err(db, POVREG_EINVALID,
                         "%s: a condition needs \"is\", \"below\" or "
                         "\"at_least\"",
                         ind->key);
        goto done;
      }
    }
    if (rc != SQLITE_DONE) {
      rc = povreg__sqlite_err(db, ind->key);
      goto done;
    }
    povreg__stmt_done(sc);
    sc = NULL;
    if (b->n_conds == 0) {
      rc = povreg__err(db, POVREG_EINVALID, "%s: a band has no condition",
                       ind->key);
      goto done;
    }
  }
  if (rc != SQLITE_DONE) {
    rc = povreg__sqlite_err(db, ind->key);
    goto done;
  }
  rc = ind->n_bands > 0
           ? POVREG_OK
           : povreg__err(db, POVREG_EINVALID, "%s: member_any needs \"bands\"",
                         ind->key);
done:
  povreg__stmt_done(sc);
  povreg__stmt_done(st);
  return rc;
}

/* Parse a list of keys at `path` of the params into ind->list. */
static int parse_list(povreg_db *db, povreg__indicator *ind, const char *params,
                      const char *path)
{
  static const char sql[] = "SELECT value FROM json_each(?1, ?2)";
  sqlite3_stmt *st = NULL;
  int rc;

  if ((rc = povreg__stmt(db, sql, &st)) < 0) {
    return rc;
  }
  povreg__bind_text(st, 1, params);
  povreg__bind_text(st, 2, path);
  while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
    if (ind->n_list == 12) {
      rc = povreg__err(db, POVREG_EINVALID, "%s: at most 12 values", ind->key);
      goto done;
    }
    if ((rc = copy_key(db, ind->key, path + 2, sqlite3_column_text(st, 0),
                       ind->list[ind->n_list])) < 0) {
      goto done;
    }
    ind->n_list++;
  }
  if (rc != SQLITE_DONE) {
    rc = povreg__sqlite_err(db, ind->key);
    goto done;
  }
  rc = ind->n_list > 0 ? POVREG_OK
                       : povreg__err(db, POVREG_EINVALID,
                                     "%s: \"%s\" must list at least one key",
                                     ind->key, path + 2);
done:
  povreg__stmt_done(st);
  return rc;
}

/* Parse the rule and params of an indicator row into ind. */
static int parse_rule(povreg_db *db, povreg__indicator *ind, const char *rule,
                      const char *params)
{
  static const char sql[] =
      "SELECT json_extract(?1, '$.fact'), json_type(?1, '$.below'), "
      "json_extract(?1, '$.below'), json_type(?1, '$.at_least'), "
      "json_extract(?1, '$.at_least'), json_extract(?1, '$.per_member'), "
      "json_extract(?1, '$.age_under'), json_extract(?1, '$.age_from'), "
      "json_type(?1, '$.share_above'), json_extract(?1, '$.share_above')";
  sqlite3_stmt *st = NULL;
  int rc;

  ind->age_under = ind->age_from = -1;
  if (rule == NULL) {
    ind->rule = POVREG__TICK_ONLY;
    return POVREG_OK;
  }
  if (strcmp(rule, "member_any") == 0) {
    ind->rule = POVREG__MEMBER_ANY;
    return parse_bands(db, ind, params);
  }
  if (strcmp(rule, "facts_none") == 0) {
    ind->rule = POVREG__FACTS_NONE;
    return parse_list(db, ind, params, "$.facts");
  }
  if ((rc = povreg__stmt(db, sql, &st)) < 0) {
    return rc;
  }
  povreg__bind_text(st, 1, params);
  if (sqlite3_step(st) != SQLITE_ROW) {
    rc = povreg__sqlite_err(db, ind->key);
    goto done;
  }
  rc = POVREG_OK;
  if (strcmp(rule, "member_share_above") == 0) {
    ind->rule = POVREG__MEMBER_SHARE_ABOVE;
    if (sqlite3_column_type(st, 0) != SQLITE_NULL) {
      rc =
          copy_key(db, ind->key, "fact", sqlite3_column_text(st, 0), ind->fact);
    }
    ind->age_under = sqlite3_column_type(st, 6) == SQLITE_NULL
                         ? -1
                         : sqlite3_column_int(st, 6);
    ind->age_from = sqlite3_column_type(st, 7) == SQLITE_NULL
                        ? -1
                        : sqlite3_column_int(st, 7);
    if (sqlite3_column_type(st, 8) == SQLITE_NULL) {
      rc = povreg__err(db, POVREG_EINVALID, "%s: needs \"share_above\"",
                       ind->key);
    }
    ind->threshold = sqlite3_column_double(st, 9);
  } else if (strcmp(rule, "fact_below") == 0 ||
             strcmp(rule, "fact_at_least") == 0 ||
             strcmp(rule, "fact_not_in") == 0) {
    rc = copy_key(db, ind->key, "fact", sqlite3_column_text(st, 0), ind->fact);
    if (rc == POVREG_OK && strcmp(rule, "fact_below") == 0) {
      ind->rule = POVREG__FACT_BELOW;
      ind->per_member = sqlite3_column_int(st, 5);
      ind->threshold = sqlite3_column_double(st, 2);
      if (sqlite3_column_type(st, 1) == SQLITE_NULL) {
        rc = povreg__err(db, POVREG_EINVALID, "%s: needs \"below\"", ind->key);
      }
    } else if (rc == POVREG_OK && strcmp(rule, "fact_at_least") == 0) {
      ind->rule = POVREG__FACT_AT_LEAST;
      ind->threshold = sqlite3_column_double(st, 4);
      if (sqlite3_column_type(st, 3) == SQLITE_NULL) {
        rc = povreg__err(db, POVREG_EINVALID, "%s: needs \"at_least\"",
                         ind->key);
      }
    } else if (rc == POVREG_OK) {
      ind->rule = POVREG__FACT_NOT_IN;
      povreg__stmt_done(st);
      st = NULL;
      rc = parse_list(db, ind, params, "$.ok");
    }
  } else {
    rc = povreg__err(db, POVREG_EINVALID, "%s: unknown rule '%.30s'", ind->key,
                     rule);
  }
done:
  povreg__stmt_done(st);
  return rc;
}

/* Slot of a line name, or -1. */
static int line_slot(const char *line)
{
  if (strcmp(line, "poverty") == 0) {
    return POVREG__LINE_POVERTY;
  }
  if (strcmp(line, "near_poverty") == 0) {
    return POVREG__LINE_NEAR;
  }
  if (strcmp(line, "average") == 0) {
    return POVREG__LINE_AVERAGE;
  }
  if (strcmp(line, "score_a") == 0) {
    return POVREG__LINE_SCORE_A;
  }
  return -1;
}

/* Read the lines of a version into rb and check the family needs. */
static int load_lines(povreg_db *db, povreg_rulebook *rb)
{
  static const char sql[] =
      "SELECT area, line, amount FROM standard_line WHERE standard_id = ?1 "
      "AND version = ?2";
  sqlite3_stmt *st = NULL;
  int rc, a;

  if ((rc = povreg__stmt(db, sql, &st)) < 0) {
    return rc;
  }
  povreg__bind_text(st, 1, rb->id);
  sqlite3_bind_int(st, 2, rb->version);
  while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
    int area = strcmp((const char *)sqlite3_column_text(st, 0), "urban") == 0
                   ? POVREG_AREA_URBAN
                   : POVREG_AREA_RURAL;
    int slot = line_slot((const char *)sqlite3_column_text(st, 1));
    if (slot >= 0) {
      rb->lines[area][slot] = sqlite3_column_int64(st, 2);
    }
  }
  rc = rc == SQLITE_DONE ? POVREG_OK : povreg__sqlite_err(db, "lines");
  povreg__stmt_done(st);
  if (rc < 0) {
    return rc;
  }
  for (a = POVREG_AREA_RURAL; a <= POVREG_AREA_URBAN; a++) {
    const char *an = a == POVREG_AREA_RURAL ? "rural" : "urban";
    int64_t *l = rb->lines[a];
    if (l[POVREG__LINE_POVERTY] == 0) {
      return povreg__err(db, POVREG_EINVALID, "lines: no %s poverty line", an);
    }
    if (rb->banded && l[POVREG__LINE_NEAR] <= l[POVREG__LINE_POVERTY]) {
      return povreg__err(db, POVREG_EINVALID,
                         "lines: a banded standard needs a %s near_poverty "
                         "line above its poverty line",
                         an);
    }
    if (l[POVREG__LINE_AVERAGE] != 0 &&
        l[POVREG__LINE_AVERAGE] <=
            l[rb->banded ? POVREG__LINE_NEAR : POVREG__LINE_POVERTY]) {
      return povreg__err(db, POVREG_EINVALID,
                         "lines: the %s average line must be above the "
                         "poverty band",
                         an);
    }
    if (!rb->banded && l[POVREG__LINE_NEAR] != 0) {
      return povreg__err(db, POVREG_EINVALID,
                         "lines: a single_line standard has no near_poverty "
                         "line");
    }
    if ((rb->score_b_per > 0) != (l[POVREG__LINE_SCORE_A] > 0)) {
      return povreg__err(db, POVREG_EINVALID,
                         "lines: a score form needs a %s score_a line and "
                         "score_b fields, or neither",
                         an);
    }
  }
  return POVREG_OK;
}

/* Load a version of a standard (see povreg_int.h).  Allocates. */
int povreg__rulebook_load_version(povreg_rulebook **out, povreg_db *db,
                                  const char *id, int version)
{
  static const char sql_head[] =
      "SELECT v.version, v.family, v.cutoff, "
      "coalesce(v.score_b_per_indicator, 0), coalesce(v.score_b_cutoff, 0), "
      "v.year_only_birthday FROM standard s JOIN standard_version v ON "
      "v.standard_id = s.id WHERE s.id = ?1 AND v.version = CASE WHEN ?2 > "
      "0 THEN ?2 ELSE s.version END";
  static const char sql_ind[] =
      "SELECT key, name_vi, name_en, rule, params FROM indicator WHERE "
      "standard_id = ?1 AND version = ?2 ORDER BY ordinal";
  sqlite3_stmt *st = NULL;
  povreg_rulebook *rb = NULL;
  size_t cap = 0;
  int rc, ok = 1;

  *out = NULL;
  if ((rb = calloc(1, sizeof *rb)) == NULL) {
    return povreg__err(db, POVREG_ENOMEM, "out of memory");
  }
  snprintf(rb->id, sizeof rb->id, "%s", id);
  if ((rc = povreg__stmt(db, sql_head, &st)) < 0) {
    goto done;
  }
  povreg__bind_text(st, 1, id);
  sqlite3_bind_int(st, 2, version);
  rc = sqlite3_step(st);
  if (rc != SQLITE_ROW) {
    rc = rc == SQLITE_DONE ? povreg__err(db, POVREG_ENOTFOUND,
                                         "standard: no standard '%.32s'",
                                         povreg__utf8_valid(id) ? id : "?")
                           : povreg__sqlite_err(db, "standard");
    goto done;
  }
  rb->version = sqlite3_column_int(st, 0);
  rb->banded = strcmp((const char *)sqlite3_column_text(st, 1), "banded") == 0;
  rb->cutoff = sqlite3_column_int(st, 2);
  rb->score_b_per = sqlite3_column_int(st, 3);
  rb->score_b_cutoff = sqlite3_column_int(st, 4);
  if (sscanf((const char *)sqlite3_column_text(st, 5), "%2d-%2d",
             &rb->birthday_month, &rb->birthday_day) != 2) {
    rb->birthday_month = 7;
    rb->birthday_day = 1;
  }
  povreg__stmt_done(st);
  st = NULL;
  if ((rc = load_lines(db, rb)) < 0 ||
      (rc = povreg__stmt(db, sql_ind, &st)) < 0) {
    goto done;
  }
  povreg__bind_text(st, 1, rb->id);
  sqlite3_bind_int(st, 2, rb->version);
  while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
    povreg__indicator *ind;
    char *rule = NULL, *params = NULL;
    void *grown = povreg__grow(rb->ind, &cap, rb->n, sizeof *rb->ind);
    if (grown == NULL) {
      rc = povreg__err(db, POVREG_ENOMEM, "out of memory");
      goto done;
    }
    rb->ind = grown;
    ind = &rb->ind[rb->n++];
    memset(ind, 0, sizeof *ind);
    snprintf(ind->key, sizeof ind->key, "%s",
             (const char *)sqlite3_column_text(st, 0));
    ind->name_vi = povreg__col_strdup(st, 1, &ok);
    ind->name_en = povreg__col_strdup(st, 2, &ok);
    rule = povreg__col_strdup(st, 3, &ok);
    params = povreg__col_strdup(st, 4, &ok);
    rc = ok ? parse_rule(db, ind, rule, params)
            : povreg__err(db, POVREG_ENOMEM, "out of memory");
    free(rule);
    free(params);
    if (rc < 0) {
      goto done;
    }
  }
  if (rc != SQLITE_DONE) {
    rc = povreg__sqlite_err(db, "indicators");
    goto done;
  }
  if (rb->n == 0 || (size_t)rb->cutoff > rb->n) {
    rc = povreg__err(db, POVREG_EINVALID,
                     "cutoff: %d exceeds the %zu indicators of %s", rb->cutoff,
                     rb->n, rb->id);
    goto done;
  }
  *out = rb;
  rb = NULL;
  rc = POVREG_OK;
done:
  povreg__stmt_done(st);
  povreg_rulebook_free(rb);
  return rc;
}

/* Load a standard for classification (see povreg/classify.h). */
int povreg_rulebook_load(povreg_rulebook **out, povreg_db *db, const char *id,
                         int status_year)
{
  char found[33];
  int rc;

  if (out == NULL || db == NULL) {
    return povreg__err(db, POVREG_EINVALID, "invalid argument");
  }
  *out = NULL;
  if (id == NULL) {
    if ((rc = povreg_standard_for_year(found, db, status_year)) < 0) {
      return rc;
    }
    id = found;
  }
  return povreg__rulebook_load_version(out, db, id, 0);
}

/* Accessors (see povreg/classify.h). */
const char *povreg_rulebook_id(const povreg_rulebook *rb)
{
  return rb != NULL ? rb->id : NULL;
}

/* The rulebook's data version. */
int povreg_rulebook_version(const povreg_rulebook *rb)
{
  return rb != NULL ? rb->version : 0;
}

/* Number of indicators of the rulebook. */
size_t povreg_rulebook_indicators(const povreg_rulebook *rb)
{
  return rb != NULL ? rb->n : 0;
}

/* Key of indicator i. */
const char *povreg_rulebook_indicator_key(const povreg_rulebook *rb, size_t i)
{
  return rb != NULL && i < rb->n ? rb->ind[i].key : NULL;
}

/* Vietnamese name of indicator i. */
const char *povreg_rulebook_indicator_name_vi(const povreg_rulebook *rb,
                                              size_t i)
{
  return rb != NULL && i < rb->n ? rb->ind[i].name_vi : NULL;
}

/* English name of indicator i. */
const char *povreg_rulebook_indicator_name_en(const povreg_rulebook *rb,
                                              size_t i)
{
  return rb != NULL && i < rb->n ? rb->ind[i].name_en : NULL;
}

/* Index of an indicator key, or -1. */
int povreg_rulebook_indicator_index(const povreg_rulebook *rb, const char *key)
{
  size_t i;

  if (rb == NULL || key == NULL) {
    return -1;
  }
  for (i = 0; i < rb->n; i++) {
    if (strcmp(rb->ind[i].key, key) == 0) {
      return (int)i;
    }
  }
  return -1;
}

/* ---- reading a standard as a record ---- */

/* Free a standard record.  NULL-safe. */
void povreg_standard_free(povreg_standard *s)
{
  size_t i;

  if (s == NULL) {
    return;
  }
  for (i = 0; i < s->n_lines; i++) {
    free(s->lines[i].area);
    free(s->lines[i].line);
    free(s->lines[i].confidence);
    free(s->lines[i].citation);
  }
  for (i = 0; i < s->n_indicators; i++) {
    povreg_standard_indicator *d = &s->indicators[i];
    free(d->key);
    free(d->dimension);
    free(d->dimension_vi);
    free(d->name_vi);
    free(d->name_en);
    free(d->definition);
    free(d->rule);
    free(d->params);
    free(d->confidence);
    free(d->citation);
  }
  free(s->lines);
  free(s->indicators);
  free(s->id);
  free(s->name_vi);
  free(s->name_en);
  free(s->citation);
  free(s->family);
  free(s->year_only_birthday);
  free(s->confidence);
  free(s->note);
  free(s->recorded_at);
  free(s);
}

/* Read the lines of version s->version into s.  Allocates. */
static int get_lines(povreg_db *db, povreg_standard *s)
{
  static const char sql[] =
      "SELECT area, line, amount, confidence, citation FROM standard_line "
      "WHERE standard_id = ?1 AND version = ?2 ORDER BY area, CASE line "
      "WHEN 'poverty' THEN 1 WHEN 'near_poverty' THEN 2 WHEN 'average' "
      "THEN 3 ELSE 4 END";
  sqlite3_stmt *st = NULL;
  size_t cap = 0;
  int rc, ok = 1;

  if ((rc = povreg__stmt(db, sql, &st)) < 0) {
    return rc;
  }
  povreg__bind_text(st, 1, s->id);
  sqlite3_bind_int(st, 2, s->version);
  while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
    povreg_standard_line *l;
    void *grown = povreg__grow(s->lines, &cap, s->n_lines, sizeof *s->lines);
    if (grown == NULL) {
      ok = 0;
      break;
    }
    s->lines = grown;
    l = &s->lines[s->n_lines++];
    memset(l, 0, sizeof *l);
    l->area = povreg__col_strdup(st, 0, &ok);
    l->line = povreg__col_strdup(st, 1, &ok);
    l->amount = sqlite3_column_int64(st, 2);
    l->confidence = povreg__col_strdup(st, 3, &ok);
    l->citation = povreg__col_strdup(st, 4, &ok);
  }
  if (!ok) {
    rc = povreg__err(db, POVREG_ENOMEM, "out of memory");
  } else {
    rc = rc == SQLITE_DONE ? POVREG_OK : povreg__sqlite_err(db, "lines");
  }
  povreg__stmt_done(st);
  return rc;
}

/* Read the indicators of version s->version into s.  Allocates. */
static int get_indicators(povreg_db *db, povreg_standard *s)
{
  static const char sql[] =
      "SELECT ordinal, key, dimension, dimension_vi, name_vi, name_en, "
      "definition, rule, params, confidence, citation FROM indicator "
      "WHERE standard_id = ?1 AND version = ?2 ORDER BY ordinal";
  sqlite3_stmt *st = NULL;
  size_t cap = 0;
  int rc, ok = 1;

  if ((rc = povreg__stmt(db, sql, &st)) < 0) {
    return rc;
  }
  povreg__bind_text(st, 1, s->id);
  sqlite3_bind_int(st, 2, s->version);
  while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
    povreg_standard_indicator *d;
    void *grown = povreg__grow(s->indicators, &cap, s->n_indicators,
                               sizeof *s->indicators);
    if (grown == NULL) {
      ok = 0;
      break;
    }
    s->indicators = grown;
    d = &s->indicators[s->n_indicators++];
    memset(d, 0, sizeof *d);
    d->ordinal = sqlite3_column_int(st, 0);
    d->key = povreg__col_strdup(st, 1, &ok);
    d->dimension = povreg__col_strdup(st, 2, &ok);
    d->dimension_vi = povreg__col_strdup(st, 3, &ok);
    d->name_vi = povreg__col_strdup(st, 4, &ok);
    d->name_en = povreg__col_strdup(st, 5, &ok);
    d->definition = povreg__col_strdup(st, 6, &ok);
    d->rule = povreg__col_strdup(st, 7, &ok);
    d->params = povreg__col_strdup(st, 8, &ok);
    d->confidence = povreg__col_strdup(st, 9, &ok);
    d->citation = povreg__col_strdup(st, 10, &ok);
  }
  if (!ok) {
    rc = povreg__err(db, POVREG_ENOMEM, "out of memory");
  } else {
    rc = rc == SQLITE_DONE ? POVREG_OK : povreg__sqlite_err(db, "indicators");
  }
  povreg__stmt_done(st);
  return rc;
}

/* Read a version of a standard (see povreg/classify.h).  Allocates. */
int povreg_standard_get(povreg_standard **out, povreg_db *db, const char *id,
                        int version)
{
  static const char sql[] =
      "SELECT s.id, v.version, s.version, v.first_year, v.last_year, "
      "v.name_vi, v.name_en, v.citation, v.family, v.cutoff, "
      "coalesce(v.score_b_per_indicator, 0), coalesce(v.score_b_cutoff, 0), "
      "v.year_only_birthday, v.provisional, v.confidence, v.note, "
      "v.recorded_at FROM standard s JOIN standard_version v ON "
      "v.standard_id = s.id WHERE s.id = ?1 AND v.version = CASE WHEN ?2 > 0 "
      "THEN ?2 ELSE s.version END";
  sqlite3_stmt *st = NULL;
  povreg_standard *s = NULL;
  int rc, ok = 1;

  if (out == NULL || db == NULL || id == NULL) {
    return povreg__err(db, POVREG_EINVALID, "invalid argument");
  }
  *out = NULL;
  if ((s = calloc(1, sizeof *s)) == NULL) {
    return povreg__err(db, POVREG_ENOMEM, "out of memory");
  }
  if ((rc = povreg__stmt(db, sql, &st)) < 0) {
    goto done;
  }
  povreg__bind_text(st, 1, id);
  sqlite3_bind_int(st, 2, version);
  rc = sqlite3_step(st);
  if (rc != SQLITE_ROW) {
    rc = rc == SQLITE_DONE
             ? povreg__err(db, POVREG_ENOTFOUND,
                           "standard: no standard '%.32s'%s",
                           povreg__utf8_valid(id) ? id : "?",
                           version > 0 ? " with that version" : "")
             : povreg__sqlite_err(db, "standard");
    goto done;
  }
  s->id = povreg__col_strdup(st, 0, &ok);
  s->version = sqlite3_column_int(st, 1);
  s->current_version = sqlite3_column_int(st, 2);
  s->first_year = sqlite3_column_int(st, 3);
  s->last_year = sqlite3_column_int(st, 4);
  s->name_vi = povreg__col_strdup(st, 5, &ok);
  s->name_en = povreg__col_strdup(st, 6, &ok);
  s->citation = povreg__col_strdup(st, 7, &ok);
  s->family = povreg__col_strdup(st, 8, &ok);
  s->cutoff = sqlite3_column_int(st, 9);
  s->score_b_per_indicator = sqlite3_column_int(st, 10);
  s->score_b_cutoff = sqlite3_column_int(st, 11);
  s->year_only_birthday = povreg__col_strdup(st, 12, &ok);
  s->provisional = sqlite3_column_int(st, 13);
  s->confidence = povreg__col_strdup(st, 14, &ok);
  s->note = povreg__col_strdup(st, 15, &ok);
  s->recorded_at = povreg__col_strdup(st, 16, &ok);
  povreg__stmt_done(st);
  st = NULL;
  if (!ok) {
    rc = povreg__err(db, POVREG_ENOMEM, "out of memory");
    goto done;
  }
  if ((rc = get_lines(db, s)) < 0 || (rc = get_indicators(db, s)) < 0) {
    goto done;
  }
  *out = s;
  s = NULL;
  rc = POVREG_OK;
done:
  povreg__stmt_done(st);
  povreg_standard_free(s);
  return rc;
}
