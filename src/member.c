/*
** member.c: members of households: validation of what people type
** (names, sex, birth dates, ethnicity, relation, citizen IDs), adding,
** editing, moving and leaving, each audited.
*/
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "povreg_int.h"

/* A member row as JSON, for the audit log (?1 = member id). */
static const char sql_member_json[] =
    "SELECT json_object('household', h.code, 'member_no', m.member_no, "
    "'full_name', m.full_name, 'sex', m.sex, 'birth_date', m.birth_date, "
    "'ethnicity', m.ethnicity_code, 'relation', m.relation, "
    "'citizen_id', m.citizen_id, 'bhxh_no', m.bhxh_no, 'status', m.status, "
    "'status_on', m.status_on, 'joined_on', m.joined_on, "
    "'health_insurance', m.health_insurance, 'in_school', m.in_school, "
    "'education_grade', m.education_grade) "
    "FROM member m JOIN household h ON h.id = m.household_id WHERE m.id = ?1";

/* Audit key of a member: "HOUSEHOLD/NO" (?1 = member id). */
static const char sql_member_key[] =
    "SELECT h.code || '/' || m.member_no FROM member m "
    "JOIN household h ON h.id = m.household_id WHERE m.id = ?1";

/* Relations we accept, folded, and the key each stands for. */
static const struct {
  const char *word;
  const char *key;
} relations[] = {
    {"head", "head"},
    {"chu ho", "head"},
    {"spouse", "spouse"},
    {"vo", "spouse"},
    {"chong", "spouse"},
    {"vo/chong", "spouse"},
    {"child", "child"},
    {"con", "child"},
    {"parent", "parent"},
    {"bo", "parent"},
    {"me", "parent"},
    {"cha", "parent"},
    {"bo/me", "parent"},
    {"cha/me", "parent"},
    {"grandchild", "grandchild"},
    {"chau", "grandchild"},
    {"sibling", "sibling"},
    {"anh", "sibling"},
    {"chi", "sibling"},
    {"em", "sibling"},
    {"anh/chi/em", "sibling"},
    {"other", "other"},
    {"khac", "other"},
};

/* Normalise a relation to its key (see povreg_int.h). */
const char *povreg__relation_key(const char *relation)
{
  char *f;
  const char *key = NULL;
  size_t i;

  if (relation == NULL) {
    return NULL;
  }
  for (i = 0; i < sizeof relations / sizeof relations[0]; i++) {
    if (strcmp(relation, relations[i].word) == 0) {
      return relations[i].key; /* already folded: no allocation */
    }
  }
  if ((f = povreg_fold(relation)) == NULL) {
    return NULL;
  }
  for (i = 0; i < sizeof relations / sizeof relations[0]; i++) {
    if (strcmp(f, relations[i].word) == 0) {
      key = relations[i].key;
      break;
    }
  }
  free(f);
  return key;
}

/* Normalise sex: "M"/"F", "Nam"/"Nữ", male/female.  NULL if unknown. */
static const char *sex_key(const char *sex)
{
  char *f;
  const char *key = NULL;

  if (sex == NULL) {
    return NULL;
  }
  if (strcmp(sex, "M") == 0 || strcmp(sex, "F") == 0) {
    return sex[0] == 'M' ? "M" : "F"; /* the stored form: no allocation */
  }
  if ((f = povreg_fold(sex)) == NULL) {
    return NULL;
  }
  if (strcmp(f, "m") == 0 || strcmp(f, "nam") == 0 || strcmp(f, "male") == 0) {
    key = "M";
  } else if (strcmp(f, "f") == 0 || strcmp(f, "nu") == 0 ||
             strcmp(f, "female") == 0) {
    key = "F";
  }
  free(f);
  return key;
}

/*
** Check a birth date: 'YYYY-MM-DD' or 'YYYY', from 1880, not after today
** (a year alone: not after this year).  The date is personal data: the
** messages say what is wrong, never what was given.
*/
static int check_birth(povreg_db *db, const char *b)
{
  char today[11];
  size_t i;

  if (b == NULL) {
    return povreg__err(db, POVREG_EINVALID, "birth_date: missing");
  }
  povreg__today(db, today);
  if (strlen(b) == 4) {
    for (i = 0; i < 4; i++) {
      if (b[i] < '0' || b[i] > '9') {
        break;
      }
    }
    if (i == 4) {
      if (strcmp(b, "1880") < 0) {
        return povreg__err(db, POVREG_EINVALID,
                           "birth_date: the year is before 1880");
      }
      if (strncmp(b, today, 4) > 0) {
        return povreg__err(db, POVREG_EINVALID,
                           "birth_date: the year is in the future (today is "
                           "%s)",
                           today);
      }
      return POVREG_OK;
    }
  }
  if (!povreg__utf8_valid(b) || !povreg__date_valid(b)) {
    return povreg__err(db, POVREG_EINVALID,
                       "birth_date: not a date YYYY-MM-DD or a year YYYY");
  }
  if (strcmp(b, "1880-01-01") < 0) {
    return povreg__err(db, POVREG_EINVALID, "birth_date: before 1880");
  }
  if (strcmp(b, today) > 0) {
    return povreg__err(db, POVREG_EINVALID,
                       "birth_date: in the future (today is %s)", today);
  }
  return POVREG_OK;
}

/*
** Check an identifier of exactly `len` digits.  The value is never echoed:
** citizen IDs and insurance numbers are personal data.
*/
static int check_digits(povreg_db *db, const char *field, const char *v,
                        size_t len)
{
  size_t i, n = strlen(v);

  for (i = 0; i < n; i++) {
    if (v[i] < '0' || v[i] > '9') {
      return povreg__err(db, POVREG_EINVALID,
                         "%s: must be %zu digits (found a character that "
                         "is not a digit)",
                         field, len);
    }
  }
  if (n != len) {
    return povreg__err(db, POVREG_EINVALID, "%s: must be %zu digits (got %zu)",
                       field, len, n);
  }
  return POVREG_OK;
}

/* Resolve an ethnicity code or name (see povreg_int.h). */
int povreg__ethnicity_code(povreg_db *db, const char *e, char out[3])
{
  static const char sql[] =
      "SELECT code FROM ethnicity WHERE code = ?1 OR "
      "replace(replace(name_fold, '-', ''), ' ', '') = ?2";
  sqlite3_stmt *st = NULL;
  char *f = NULL, *r, *w;
  int rc;

  /* the official codes 01..54 are shipped data (0002): no lookup needed;
     the foreign key still guards the row */
  if (e[0] >= '0' && e[0] <= '5' && e[1] >= '0' && e[1] <= '9' &&
      e[2] == '\0' && strcmp(e, "01") >= 0 && strcmp(e, "54") <= 0) {
    memcpy(out, e, 3);
    return POVREG_OK;
  }
  if (!povreg__utf8_valid(e) || (f = povreg_fold(e)) == NULL) {
    return povreg__err(db, POVREG_EINVALID, "ethnicity: not valid UTF-8");
  }
  for (r = w = f; *r != '\0'; r++) { /* drop hyphens and spaces */
    if (*r != '-' && *r != ' ') {
      *w++ = *r;
    }
  }
  *w = '\0';
  if ((rc = povreg__stmt(db, sql, &st)) < 0) {
    goto done;
  }
  povreg__bind_text(st, 1, e);
  povreg__bind_text(st, 2, f);
  rc = sqlite3_step(st);
  if (rc == SQLITE_ROW) {
    snprintf(out, 3, "%s", (const char *)sqlite3_column_text(st, 0));
    rc = POVREG_OK;
  } else if (rc == SQLITE_DONE) {
    rc = povreg__err(db, POVREG_EINVALID,
                     "ethnicity: '%.40s' is not one of the 54 official "
                     "groups (code 01-54 or name)",
                     e);
  } else {
    rc = povreg__sqlite_err(db, "ethnicity");
  }
done:
  povreg__stmt_done(st);
  free(f);
  return rc;
}

/*
** Parse a standing fact of a member: NULL keeps (POVREG__KEEP), "" clears
** (POVREG__CLEAR), else a whole number from 0 to max in plain digits.
*/
static int standing_fact(povreg_db *db, const char *field, const char *s,
                         int max, int *out)
{
  int v = 0;
  size_t i;

  if (s == NULL) {
    *out = POVREG__KEEP;
    return POVREG_OK;
  }
  if (s[0] == '\0') {
    *out = POVREG__CLEAR;
    return POVREG_OK;
  }
  for (i = 0; s[i] != '\0' && i < 3; i++) {
    if (s[i] < '0' || s[i] > '9') {
      break;
    }
    v = v * 10 + (s[i] - '0');
  }
  if (s[i] != '\0' || v > max || (s[0] == '0' && s[1] != '\0')) {
    return max == 1
               ? povreg__err(db, POVREG_EINVALID, "%s: must be 0 or 1", field)
               : povreg__err(db, POVREG_EINVALID,
                             "%s: must be a whole number from 0 to %d", field,
                             max);
  }
  *out = v;
  return POVREG_OK;
}

/* Free what povreg__member_validate allocated (see povreg_int.h). */
void povreg__member_vals_clear(povreg__member_vals *v)
{
  free(v->name_fold);
  v->name_fold = NULL;
}

/*
** Validate and normalise a spec (see povreg_int.h).  With `adding`, name,
** sex and birth date are required.  NULL fields stay NULL; "" in optional
** fields is kept (meaning "clear" to an update).  Allocates v->name_fold,
** also on failure: release with povreg__member_vals_clear().
*/
int povreg__member_validate(povreg_db *db, const povreg_member_spec *m,
                            int adding, povreg__member_vals *v)
{
  int rc;

  memset(v, 0, sizeof *v);
  v->health_insurance = v->in_school = v->education_grade = POVREG__KEEP;
  if (adding || m->full_name != NULL) {
    if ((rc = povreg__check_text(db, "full_name", m->full_name, 100, 0)) < 0) {
      return rc;
    }
    v->full_name = m->full_name;
    v->name_fold = povreg_fold(m->full_name);
    if (v->name_fold == NULL) {
      return povreg__err(db, POVREG_ENOMEM, "out of memory");
    }
    if (v->name_fold[0] == '\0') {
      free(v->name_fold);
      v->name_fold = NULL;
      return povreg__err(db, POVREG_EINVALID, "full_name: has no letters");
    }
  }
  if (adding || m->sex != NULL) {
    if (m->sex == NULL) {
      return povreg__err(db, POVREG_EINVALID, "sex: missing");
    }
    if ((v->sex = sex_key(m->sex)) == NULL) {
      return povreg__err(db, POVREG_EINVALID,
                         "sex: must be M or F (Nam or Nữ)");
    }
  }
  if (adding || m->birth_date != NULL) {
    if ((rc = check_birth(db, m->birth_date)) < 0) {
      return rc;
    }
    v->birth_date = m->birth_date;
  }
  if (m->ethnicity != NULL) {
    if ((rc = povreg__ethnicity_code(db, m->ethnicity, v->ethnicity)) < 0) {
      return rc;
    }
    v->has_ethnicity = 1;
  } else if (adding) {
    memcpy(v->ethnicity, "01", 3);
    v->has_ethnicity = 1;
  }
  if (m->relation != NULL) {
    if ((v->relation = povreg__relation_key(m->relation)) == NULL) {
      return povreg__err(db, POVREG_EINVALID,
                         "relation: must be head, spouse, child, parent, "
                         "grandchild, sibling or other");
    }
  }
  if (m->citizen_id != NULL && m->citizen_id[0] != '\0') {
    if ((rc = check_digits(db, "citizen_id", m->citizen_id, 12)) < 0) {
      return rc;
    }
  }
  v->citizen_id = m->citizen_id;
  if (m->bhxh_no != NULL && m->bhxh_no[0] != '\0') {
    if ((rc = check_digits(db, "bhxh_no", m->bhxh_no, 10)) < 0) {
      return rc;
    }
  }
  v->bhxh_no = m->bhxh_no;
  if (m->joined_on != NULL && m->joined_on[0] != '\0') {
    if ((rc = povreg__check_date(db, "joined_on", m->joined_on, 1)) < 0) {
      return rc;
    }
  }
  v->joined_on = m->joined_on;
  if ((rc = standing_fact(db, "health_insurance", m->health_insurance, 1,
                          &v->health_insurance)) < 0 ||
      (rc = standing_fact(db, "in_school", m->in_school, 1, &v->in_school)) <
          0 ||
      (rc = standing_fact(db, "education_grade", m->education_grade, 12,
                          &v->education_grade)) < 0) {
    return rc;
  }
  return POVREG_OK;
}

/*
** Find who else holds v's citizen ID or BHXH number: 1 (the message names
** the field, household and member, never the identifier), 0 if nobody, or
** an error code.
*/
static int id_holder(povreg_db *db, const povreg__member_vals *v,
                     int64_t self_id)
{
  static const char sql[] =
      "SELECT h.code, m.member_no, "
      "  CASE WHEN m.citizen_id = ?1 THEN 'citizen_id' ELSE 'bhxh_no' END "
      "FROM member m JOIN household h ON h.id = m.household_id "
      "WHERE (m.citizen_id = ?1 OR m.bhxh_no = ?2) AND m.id <> ?3 LIMIT 1";
  sqlite3_stmt *st = NULL;
  int rc;

  if ((rc = povreg__stmt(db, sql, &st)) < 0) {
    return rc;
  }
  povreg__bind_text(st, 1, v->citizen_id);
  povreg__bind_text(st, 2, v->bhxh_no);
  sqlite3_bind_int64(st, 3, self_id);
  rc = sqlite3_step(st);
  if (rc == SQLITE_ROW) {
    povreg__err(db, POVREG_EEXISTS,
                "%s: already recorded for another person "
                "(household %s, member %d)",
                (const char *)sqlite3_column_text(st, 2),
                (const char *)sqlite3_column_text(st, 0),
                sqlite3_column_int(st, 1));
    rc = 1;
  } else if (rc == SQLITE_DONE) {
    rc = 0;
  } else {
    rc = povreg__sqlite_err(db, "member");
  }
  povreg__stmt_done(st);
  return rc;
}

/*
** Explain a UNIQUE failure on a member row: which identifier is taken and
** by whom (household/member, never the identifier itself).
*/
static int explain_duplicate(povreg_db *db, const povreg__member_vals *v,
                             int64_t self_id)
{
  char msg[POVREG__ERRMSG_MAX];
  int rc;

  snprintf(msg, sizeof msg, "%s", povreg_errmsg(db));
  rc = id_holder(db, v, self_id);
  if (rc == 0) {
    povreg__err(db, POVREG_EEXISTS, "%s", msg); /* keep SQLite's message */
  }
  return rc < 0 ? rc : POVREG_EEXISTS;
}

/* Refuse identifiers held by another member (see povreg_int.h). */
int povreg__mem_check_ids(povreg_db *db, const povreg__member_vals *v,
                          int64_t self_id)
{
  int rc;

  if ((v->citizen_id == NULL || v->citizen_id[0] == '\0') &&
      (v->bhxh_no == NULL || v->bhxh_no[0] == '\0')) {
    return POVREG_OK;
  }
  rc = id_holder(db, v, self_id);
  return rc == 1 ? POVREG_EEXISTS : rc;
}

/* Audit a member change, snapshotting the row after it. */
static int audit_member(povreg_db *db, const char *action, int64_t mem_id,
                        const char *old_json)
{
  char *key = NULL, *json = NULL;
  int rc;

  if ((rc = povreg__json(&key, db, sql_member_key, NULL, mem_id)) < 0 ||
      (rc = povreg__json(&json, db, sql_member_json, NULL, mem_id)) < 0) {
    goto done;
  }
  rc = povreg__audit(db, action, "member", key, old_json, json);
done:
  free(key);
  free(json);
  return rc;
}

/* Find a household by code (see povreg_int.h). */
int povreg__hh_find(povreg_db *db, const char *code, int must_be_open,
                    povreg__hh *out)
{
  static const char sql[] =
      "SELECT id, code, commune_code, created_on, coalesce(village_id, 0), "
      "dissolved_on, dissolved_reason FROM household WHERE code = ?1";
  sqlite3_stmt *st = NULL;
  int rc;

  memset(out, 0, sizeof *out);
  if (code == NULL) {
    return povreg__err(db, POVREG_EINVALID, "household: missing");
  }
  if ((rc = povreg__stmt(db, sql, &st)) < 0) {
    return rc;
  }
  povreg__bind_text(st, 1, code);
  rc = sqlite3_step(st);
  if (rc == SQLITE_ROW) {
    out->id = sqlite3_column_int64(st, 0);
    snprintf(out->code, sizeof out->code, "%s",
             (const char *)sqlite3_column_text(st, 1));
    snprintf(out->commune, sizeof out->commune, "%s",
             (const char *)sqlite3_column_text(st, 2));
    snprintf(out->created_on, sizeof out->created_on, "%s",
             (const char *)sqlite3_column_text(st, 3));
    out->village_id = sqlite3_column_int64(st, 4);
    out->dissolved = sqlite3_column_type(st, 5) != SQLITE_NULL;
    rc = POVREG_OK;
    if (out->dissolved && must_be_open) {
      rc = povreg__err(db, POVREG_EINVALID,
                       "household: %s was dissolved on %s (%s)", out->code,
                       (const char *)sqlite3_column_text(st, 5),
                       (const char *)sqlite3_column_text(st, 6));
    }
  } else if (rc == SQLITE_DONE) {
    rc = povreg__err(db, POVREG_ENOTFOUND, "household: no household '%.40s'",
                     povreg__utf8_valid(code) ? code : "?");
  } else {
    rc = povreg__sqlite_err(db, "household");
  }
  povreg__stmt_done(st);
  return rc;
}

/* Find a member by household and number (see povreg_int.h). */
int povreg__mem_find(povreg_db *db, const povreg__hh *hh, int member_no,
                     povreg__mem *out)
{
  static const char sql[] =
      "SELECT id, member_no, relation, status = 'active' FROM member "
      "WHERE household_id = ?1 AND member_no = ?2";
  sqlite3_stmt *st = NULL;
  int rc;

  memset(out, 0, sizeof *out);
  if ((rc = povreg__stmt(db, sql, &st)) < 0) {
    return rc;
  }
  sqlite3_bind_int64(st, 1, hh->id);
  sqlite3_bind_int(st, 2, member_no);
  rc = sqlite3_step(st);
  if (rc == SQLITE_ROW) {
    out->id = sqlite3_column_int64(st, 0);
    out->member_no = sqlite3_column_int(st, 1);
    snprintf(out->relation, sizeof out->relation, "%s",
             (const char *)sqlite3_column_text(st, 2));
    out->active = sqlite3_column_int(st, 3);
    rc = POVREG_OK;
  } else if (rc == SQLITE_DONE) {
    rc = povreg__err(db, POVREG_ENOTFOUND,
                     "member_no: household %s has no member %d", hh->code,
                     member_no);
  } else {
    rc = povreg__sqlite_err(db, "member");
  }
  povreg__stmt_done(st);
  return rc;
}

/*
** Take the next member number of a household.  Numbers only grow, so a
** number once given is never given again in that household.
*/
static int next_member_no(povreg_db *db, int64_t hh_id, int *out)
{
  static const char sql[] =
      "UPDATE household SET last_member_no = last_member_no + 1 "
      "WHERE id = ?1 AND last_member_no < 999 RETURNING last_member_no";
  sqlite3_stmt *st = NULL;
  int rc;

  if ((rc = povreg__stmt(db, sql, &st)) < 0) {
    return rc;
  }
  sqlite3_bind_int64(st, 1, hh_id);
  rc = sqlite3_step(st);
  if (rc == SQLITE_ROW) {
    *out = sqlite3_column_int(st, 0);
    rc = POVREG_OK;
  } else if (rc == SQLITE_DONE) {
    rc = povreg__err(db, POVREG_ECONSTRAINT,
                     "member_no: household has used all 999 member numbers");
  } else {
    rc = povreg__sqlite_err(db, "member");
  }
  povreg__stmt_done(st);
  return rc;
}

/*
** Refuse to give a household a second active head.  Called before a
** member becomes head by insertion or by a move.
*/
static int check_no_head(povreg_db *db, const povreg__hh *hh)
{
  static const char sql[] =
      "SELECT member_no FROM member WHERE household_id = ?1 AND "
      "relation = 'head' AND status = 'active'";
  sqlite3_stmt *st = NULL;
  int rc;

  if ((rc = povreg__stmt(db, sql, &st)) < 0) {
    return rc;
  }
  sqlite3_bind_int64(st, 1, hh->id);
  rc = sqlite3_step(st);
  if (rc == SQLITE_ROW) {
    rc = povreg__err(db, POVREG_ECONSTRAINT,
                     "relation: household %s already has a head (member %d); "
                     "use 'household set-head' to change it",
                     hh->code, sqlite3_column_int(st, 0));
  } else if (rc == SQLITE_DONE) {
    rc = POVREG_OK;
  } else {
    rc = povreg__sqlite_err(db, "member");
  }
  povreg__stmt_done(st);
  return rc;
}

/* Bind a standing fact for an INSERT: NULL unless a value was given. */
static void bind_fact(sqlite3_stmt *st, int idx, int v)
{
  if (v >= 0) {
    sqlite3_bind_int(st, idx, v);
  } else {
    sqlite3_bind_null(st, idx);
  }
}

/*
** Insert a validated member row with a given number, relation and status
** (status_on NULL while active); not audited.  A taken citizen ID or BHXH
** number is explained (household and member, never the number).
*/
static int insert_row(povreg_db *db, int64_t hh_id, int member_no,
                      const povreg__member_vals *v, const char *relation,
                      const char *status, const char *status_on,
                      int64_t *id_out)
{
  static const char sql[] =
      "INSERT INTO member(household_id, member_no, full_name, name_fold, sex, "
      "birth_date, ethnicity_code, relation, citizen_id, bhxh_no, joined_on, "
      "status, status_on, health_insurance, in_school, education_grade) "
      "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, nullif(?9, ''), "
      "nullif(?10, ''), nullif(?11, ''), ?12, ?13, ?14, ?15, ?16)";
  sqlite3_stmt *st = NULL;
  int rc;

  if ((rc = povreg__stmt(db, sql, &st)) < 0) {
    return rc;
  }
  sqlite3_bind_int64(st, 1, hh_id);
  sqlite3_bind_int(st, 2, member_no);
  povreg__bind_text(st, 3, v->full_name);
  povreg__bind_text(st, 4, v->name_fold);
  povreg__bind_text(st, 5, v->sex);
  povreg__bind_text(st, 6, v->birth_date);
  povreg__bind_text(st, 7, v->has_ethnicity ? v->ethnicity : "01");
  povreg__bind_text(st, 8, relation);
  povreg__bind_text(st, 9, v->citizen_id);
  povreg__bind_text(st, 10, v->bhxh_no);
  povreg__bind_text(st, 11, v->joined_on);
  povreg__bind_text(st, 12, status != NULL ? status : "active");
  povreg__bind_text(st, 13, status_on);
  bind_fact(st, 14, v->health_insurance);
  bind_fact(st, 15, v->in_school);
  bind_fact(st, 16, v->education_grade);
  if (sqlite3_step(st) != SQLITE_DONE) {
    rc = povreg__sqlite_err(db, "member");
    povreg__stmt_done(st);
    if (rc == POVREG_EEXISTS) {
      rc = explain_duplicate(db, v, 0);
    }
    return rc;
  }
  povreg__stmt_done(st);
  if (id_out != NULL) {
    *id_out = sqlite3_last_insert_rowid(db->sq);
  }
  return POVREG_OK;
}

/* Insert a member row (see povreg_int.h). */
int povreg__mem_insert(povreg_db *db, const povreg__hh *hh,
                       const povreg_member_spec *m, const char *relation,
                       int *member_no_out)
{
  povreg__member_vals v;
  int64_t id = 0;
  int rc, no = 0;

  if ((rc = povreg__member_validate(db, m, 1, &v)) < 0) {
    goto done;
  }
  if (strcmp(relation, "head") == 0 && (rc = check_no_head(db, hh)) < 0) {
    goto done;
  }
  if ((rc = next_member_no(db, hh->id, &no)) < 0 ||
      (rc = insert_row(db, hh->id, no, &v, relation, NULL, NULL, &id)) < 0 ||
      (rc = audit_member(db, "member.add", id, NULL)) < 0) {
    goto done;
  }
  if (member_no_out != NULL) {
    *member_no_out = no;
  }
  rc = POVREG_OK;
done:
  povreg__member_vals_clear(&v);
  return rc;
}

/* Insert a member as a bulk import does (see povreg_int.h). */
int povreg__mem_insert_bulk(povreg_db *db, int64_t hh_id, int member_no,
                            const povreg__member_vals *v, const char *status,
                            const char *status_on)
{
  if (v->relation == NULL) {
    return povreg__err(db, POVREG_EINVALID, "relation: missing");
  }
  return insert_row(db, hh_id, member_no, v, v->relation, status, status_on,
                    NULL);
}

/* Change a member's fields and status, audited (see povreg_int.h). */
int povreg__mem_apply(povreg_db *db, int64_t mem_id,
                      const povreg__member_vals *v, const char *status,
                      const char *status_on)
{
  static const char sql[] =
      "UPDATE member SET full_name = coalesce(?2, full_name), "
      "name_fold = coalesce(?3, name_fold), sex = coalesce(?4, sex), "
      "birth_date = coalesce(?5, birth_date), "
      "ethnicity_code = coalesce(?6, ethnicity_code), "
      "relation = coalesce(?7, relation), "
      "citizen_id = CASE WHEN ?8 IS NULL THEN citizen_id "
      "  ELSE nullif(?8, '') END, "
      "bhxh_no = CASE WHEN ?9 IS NULL THEN bhxh_no ELSE nullif(?9, '') END, "
      "joined_on = CASE WHEN ?10 IS NULL THEN joined_on "
      "  ELSE nullif(?10, '') END, "
      "health_insurance = CASE ?11 WHEN -2 THEN health_insurance "
      "  ELSE nullif(?11, -1) END, "
      "in_school = CASE ?12 WHEN -2 THEN in_school ELSE nullif(?12, -1) END, "
      "education_grade = CASE ?13 WHEN -2 THEN education_grade "
      "  ELSE nullif(?13, -1) END, "
      "status = coalesce(?14, status), "
      "status_on = CASE WHEN ?14 IS NULL THEN status_on ELSE ?15 END "
      "WHERE id = ?1";
  sqlite3_stmt *st = NULL;
  char *old = NULL;
  int rc;

  if ((rc = povreg__json(&old, db, sql_member_json, NULL, mem_id)) < 0 ||
      (rc = povreg__stmt(db, sql, &st)) < 0) {
    goto done;
  }
  sqlite3_bind_int64(st, 1, mem_id);
  povreg__bind_text(st, 2, v->full_name);
  povreg__bind_text(st, 3, v->name_fold);
  povreg__bind_text(st, 4, v->sex);
  povreg__bind_text(st, 5, v->birth_date);
  povreg__bind_text(st, 6, v->has_ethnicity ? v->ethnicity : NULL);
  povreg__bind_text(st, 7, v->relation);
  povreg__bind_text(st, 8, v->citizen_id);
  povreg__bind_text(st, 9, v->bhxh_no);
  povreg__bind_text(st, 10, v->joined_on);
  sqlite3_bind_int(st, 11, v->health_insurance);
  sqlite3_bind_int(st, 12, v->in_school);
  sqlite3_bind_int(st, 13, v->education_grade);
  povreg__bind_text(st, 14, status);
  povreg__bind_text(st, 15, status_on);
  if (sqlite3_step(st) != SQLITE_DONE) {
    rc = povreg__sqlite_err(db, "member");
    if (rc == POVREG_EEXISTS) {
      povreg__stmt_done(st);
      st = NULL;
      rc = explain_duplicate(db, v, mem_id);
    }
    goto done;
  }
  povreg__stmt_done(st);
  st = NULL;
  rc = audit_member(db, "member.edit", mem_id, old);
done:
  povreg__stmt_done(st);
  free(old);
  return rc;
}

/*
** Run an UPDATE on one member (?1 = id, ?2 ?3 text, ?4 ?5 integers;
** binding a parameter the statement lacks is harmless), auditing the row
** before and after.
*/
static int update_member(povreg_db *db, const char *action, int64_t mem_id,
                         const char *sql, const char *t1, const char *t2,
                         int64_t i4, int64_t i5)
{
  sqlite3_stmt *st = NULL;
  char *old = NULL;
  int rc;

  if ((rc = povreg__json(&old, db, sql_member_json, NULL, mem_id)) < 0 ||
      (rc = povreg__stmt(db, sql, &st)) < 0) {
    goto done;
  }
  sqlite3_bind_int64(st, 1, mem_id);
  povreg__bind_text(st, 2, t1);
  povreg__bind_text(st, 3, t2);
  sqlite3_bind_int64(st, 4, i4);
  sqlite3_bind_int64(st, 5, i5);
  if (sqlite3_step(st) != SQLITE_DONE) {
    rc = povreg__sqlite_err(db, "member");
    goto done;
  }
  povreg__stmt_done(st);
  st = NULL;
  rc = audit_member(db, action, mem_id, old);
done:
  povreg__stmt_done(st);
  free(old);
  return rc;
}

/* Set a member's relation (see povreg_int.h). */
int povreg__mem_set_relation(povreg_db *db, int64_t mem_id,
                             const char *relation)
{
  static const char sql[] = "UPDATE member SET relation = ?2 WHERE id = ?1";
  return update_member(db, "member.relation", mem_id, sql, relation, NULL, 0,
                       0);
}

/* Set a member's status and date (see povreg_int.h). */
int povreg__mem_set_status(povreg_db *db, int64_t mem_id, const char *status,
                           const char *date)
{
  static const char sql[] =
      "UPDATE member SET status = ?2, status_on = ?3 WHERE id = ?1";
  return update_member(db, "member.status", mem_id, sql, status, date, 0, 0);
}

/* Move a member row to another household (see povreg_int.h). */
int povreg__mem_relocate(povreg_db *db, int64_t mem_id, const povreg__hh *to,
                         const char *relation, const char *date,
                         int *new_no_out)
{
  static const char sql[] =
      "UPDATE member SET household_id = ?4, relation = ?2, joined_on = ?3, "
      "member_no = ?5 WHERE id = ?1";
  int rc, no = 0;

  if (strcmp(relation, "head") == 0 && (rc = check_no_head(db, to)) < 0) {
    return rc;
  }
  if ((rc = next_member_no(db, to->id, &no)) < 0 ||
      (rc = update_member(db, "member.move", mem_id, sql, relation, date,
                          to->id, no)) < 0) {
    return rc;
  }
  if (new_no_out != NULL) {
    *new_no_out = no;
  }
  return POVREG_OK;
}

/* Count active members of a household (see povreg_int.h). */
int povreg__hh_active_count(povreg_db *db, int64_t hh_id, int *out)
{
  static const char sql[] =
      "SELECT count(*) FROM member WHERE household_id = ?1 AND "
      "status = 'active'";
  sqlite3_stmt *st = NULL;
  int rc;

  if ((rc = povreg__stmt(db, sql, &st)) < 0) {
    return rc;
  }
  sqlite3_bind_int64(st, 1, hh_id);
  if (sqlite3_step(st) == SQLITE_ROW) {
    *out = sqlite3_column_int(st, 0);
    rc = POVREG_OK;
  } else {
    rc = povreg__sqlite_err(db, "member");
  }
  povreg__stmt_done(st);
  return rc;
}

/* Check the head rule (see povreg_int.h). */
int povreg__hh_check_head(povreg_db *db, const povreg__hh *hh)
{
  static const char sql[] =
      "SELECT count(*), coalesce(sum(relation = 'head'), 0) FROM member "
      "WHERE household_id = ?1 AND status = 'active'";
  sqlite3_stmt *st = NULL;
  int rc, active, heads;

  if ((rc = povreg__stmt(db, sql, &st)) < 0) {
    return rc;
  }
  sqlite3_bind_int64(st, 1, hh->id);
  if (sqlite3_step(st) != SQLITE_ROW) {
    rc = povreg__sqlite_err(db, "member");
    goto done;
  }
  active = sqlite3_column_int(st, 0);
  heads = sqlite3_column_int(st, 1);
  rc = POVREG_OK;
  if (active > 0 && heads != 1) {
    rc = povreg__err(db, POVREG_ECONSTRAINT,
                     "head: household %s would have %d active heads; it "
                     "must have exactly one",
                     hh->code, heads);
  }
done:
  povreg__stmt_done(st);
  return rc;
}

/* Check an operation date (see povreg_int.h). */
int povreg__op_date(povreg_db *db, const char *field, const char *date,
                    char out[11])
{
  int rc;

  if (date == NULL) {
    povreg__today(db, out);
    return POVREG_OK;
  }
  if ((rc = povreg__check_date(db, field, date, 1)) < 0) {
    return rc;
  }
  memcpy(out, date, 11);
  return POVREG_OK;
}

/* Refuse a date before the household was registered (see povreg_int.h). */
int povreg__hh_check_date(povreg_db *db, const povreg__hh *hh, const char *day)
{
  if (strcmp(day, hh->created_on) < 0) {
    return povreg__err(db, POVREG_EINVALID,
                       "date: %s is before household %s was registered (%s)",
                       day, hh->code, hh->created_on);
  }
  return POVREG_OK;
}

/* Refuse a member who has left (see povreg_int.h). */
int povreg__mem_check_active(povreg_db *db, const povreg__hh *hh,
                             const povreg__mem *mem, const char *field)
{
  if (!mem->active) {
    return povreg__err(db, POVREG_EINVALID,
                       "%s: member %d of %s is no longer active", field,
                       mem->member_no, hh->code);
  }
  return POVREG_OK;
}

/* Add a member (see povreg/household.h). */
int povreg_member_add(int *member_no_out, povreg_db *db,
                      const char *household_code, const povreg_member_spec *m)
{
  povreg__hh hh;
  const char *rel;
  int rc, in_tx = 0, no = 0;

  if (db == NULL || m == NULL) {
    return povreg__err(db, POVREG_EINVALID, "invalid argument");
  }
  if (m->relation == NULL) {
    return povreg__err(db, POVREG_EINVALID, "relation: missing");
  }
  if ((rel = povreg__relation_key(m->relation)) == NULL) {
    return povreg__err(db, POVREG_EINVALID,
                       "relation: must be head, spouse, child, parent, "
                       "grandchild, sibling or other");
  }
  if ((rc = povreg__tx_begin(db)) < 0) {
    return rc;
  }
  in_tx = 1;
  if ((rc = povreg__hh_find(db, household_code, 1, &hh)) < 0 ||
      (rc = povreg__mem_insert(db, &hh, m, rel, &no)) < 0 ||
      (rc = povreg__hh_check_head(db, &hh)) < 0) {
    goto done;
  }
  if ((rc = povreg__tx_commit(db)) < 0) {
    goto done;
  }
  in_tx = 0;
  if (member_no_out != NULL) {
    *member_no_out = no;
  }
done:
  if (in_tx) {
    povreg__tx_rollback(db);
  }
  return rc;
}

/* Change a member's fields (see povreg/household.h). */
int povreg_member_update(povreg_db *db, const char *household_code,
                         int member_no, const povreg_member_spec *changes)
{
  povreg__hh hh;
  povreg__mem mem;
  povreg__member_vals v;
  int rc, in_tx = 0;

  memset(&v, 0, sizeof v);
  if (db == NULL || changes == NULL) {
    return povreg__err(db, POVREG_EINVALID, "invalid argument");
  }
  if ((rc = povreg__member_validate(db, changes, 0, &v)) < 0) {
    goto done;
  }
  if ((rc = povreg__tx_begin(db)) < 0) {
    goto done;
  }
  in_tx = 1;
  if ((rc = povreg__hh_find(db, household_code, 0, &hh)) < 0 ||
      (rc = povreg__mem_find(db, &hh, member_no, &mem)) < 0) {
    goto done;
  }
  if (v.relation != NULL && strcmp(v.relation, mem.relation) != 0 &&
      (strcmp(v.relation, "head") == 0 || strcmp(mem.relation, "head") == 0)) {
    rc = povreg__err(db, POVREG_EINVALID,
                     "relation: to change the head use 'household set-head'");
    goto done;
  }
  if ((rc = povreg__mem_apply(db, mem.id, &v, NULL, NULL)) < 0) {
    goto done;
  }
  rc = povreg__tx_commit(db);
  in_tx = 0;
done:
  povreg__member_vals_clear(&v);
  if (in_tx) {
    povreg__tx_rollback(db);
  }
  return rc;
}

/* Free the strings of a member record (not the record). */
void povreg__member_clear(povreg_member *m)
{
  free(m->household_code);
  free(m->full_name);
  free(m->sex);
  free(m->birth_date);
  free(m->ethnicity_code);
  free(m->ethnicity_name);
  free(m->relation);
  free(m->citizen_id);
  free(m->bhxh_no);
  free(m->status);
  free(m->status_on);
  free(m->joined_on);
  memset(m, 0, sizeof *m);
}

/* Fill *m from a row of POVREG__MEMBER_COLUMNS.  Allocates. */
int povreg__member_read(povreg_db *db, sqlite3_stmt *st, povreg_member *m)
{
  int ok = 1;

  m->id = sqlite3_column_int64(st, 0);
  m->member_no = sqlite3_column_int(st, 1);
  m->household_code = povreg__col_strdup(st, 2, &ok);
  m->full_name = povreg__col_strdup(st, 3, &ok);
  m->sex = povreg__col_strdup(st, 4, &ok);
  m->birth_date = povreg__col_strdup(st, 5, &ok);
  m->ethnicity_code = povreg__col_strdup(st, 6, &ok);
  m->ethnicity_name = povreg__col_strdup(st, 7, &ok);
  m->relation = povreg__col_strdup(st, 8, &ok);
  m->citizen_id = povreg__col_strdup(st, 9, &ok);
  m->bhxh_no = povreg__col_strdup(st, 10, &ok);
  m->status = povreg__col_strdup(st, 11, &ok);
  m->status_on = povreg__col_strdup(st, 12, &ok);
  m->joined_on = povreg__col_strdup(st, 13, &ok);
  m->health_insurance = sqlite3_column_type(st, 14) == SQLITE_NULL
                            ? -1
                            : sqlite3_column_int(st, 14);
  m->in_school = sqlite3_column_type(st, 15) == SQLITE_NULL
                     ? -1
                     : sqlite3_column_int(st, 15);
  m->education_grade = sqlite3_column_type(st, 16) == SQLITE_NULL
                           ? -1
                           : sqlite3_column_int(st, 16);
  if (!ok) {
    povreg__member_clear(m);
    return povreg__err(db, POVREG_ENOMEM, "out of memory");
  }
  return POVREG_OK;
}

/* Read one member (see povreg/household.h).  Allocates *out. */
int povreg_member_get(povreg_member **out, povreg_db *db,
                      const char *household_code, int member_no)
{
  static const char sql[] =
      "SELECT " POVREG__MEMBER_COLUMNS
      " FROM member m JOIN household h ON h.id = m.household_id "
      "JOIN ethnicity e ON e.code = m.ethnicity_code "
      "WHERE h.code = ?1 AND m.member_no = ?2";
  sqlite3_stmt *st = NULL;
  povreg_member *m = NULL;
  povreg__hh hh;
  int rc;

  if (out == NULL || db == NULL) {
    return povreg__err(db, POVREG_EINVALID, "invalid argument");
  }
  *out = NULL;
  if ((rc = povreg__hh_find(db, household_code, 0, &hh)) < 0) {
    return rc;
  }
  if ((m = calloc(1, sizeof *m)) == NULL) {
    return povreg__err(db, POVREG_ENOMEM, "out of memory");
  }
  if ((rc = povreg__stmt(db, sql, &st)) < 0) {
    goto done;
  }
  povreg__bind_text(st, 1, household_code);
  sqlite3_bind_int(st, 2, member_no);
  rc = sqlite3_step(st);
  if (rc == SQLITE_DONE) {
    rc = povreg__err(db, POVREG_ENOTFOUND,
                     "member_no: household %s has no member %d", hh.code,
                     member_no);
    goto done;
  }
  if (rc != SQLITE_ROW) {
    rc = povreg__sqlite_err(db, "member");
    goto done;
  }
  if ((rc = povreg__member_read(db, st, m)) < 0) {
    goto done;
  }
  *out = m;
  m = NULL;
done:
  povreg__stmt_done(st);
  povreg_member_free(m);
  return rc;
}

/* Free a member record.  NULL-safe. */
void povreg_member_free(povreg_member *m)
{
  if (m != NULL) {
    povreg__member_clear(m);
    free(m);
  }
}

/*
** When member `mem` (the head) leaves household hh: promote new_head_no,
** or report that one is needed.  Called inside the transaction, after the
** leaver's own row has changed.  A household left empty is dissolved.
*/
static int after_leaving(povreg_db *db, const povreg__hh *hh,
                         const povreg__mem *mem, int new_head_no,
                         const char *date)
{
  povreg__mem nh;
  int rc, active = 0;

  if ((rc = povreg__hh_active_count(db, hh->id, &active)) < 0) {
    return rc;
  }
  if (active == 0) {
    if (new_head_no != 0) {
      return povreg__err(db, POVREG_EINVALID,
                         "new_head: member %d is not an active member of %s",
                         new_head_no, hh->code);
    }
    return povreg__hh_mark_dissolved(db, hh, date, "no_members", 0);
  }
  if (strcmp(mem->relation, "head") != 0) {
    if (new_head_no != 0) {
      return povreg__err(db, POVREG_EINVALID,
                         "new_head: member %d is not the head of %s; use "
                         "'household set-head'",
                         mem->member_no, hh->code);
    }
    return POVREG_OK;
  }
  if (new_head_no == 0) {
    return povreg__err(db, POVREG_ECONSTRAINT,
                       "new_head: member %d is the head of %s and %d other "
                       "member%s remain; name the new head",
                       mem->member_no, hh->code, active,
                       active == 1 ? "" : "s");
  }
  if ((rc = povreg__mem_find(db, hh, new_head_no, &nh)) < 0) {
    return rc;
  }
  if (!nh.active || nh.id == mem->id) {
    return povreg__err(db, POVREG_EINVALID,
                       "new_head: member %d is not an active member of %s",
                       new_head_no, hh->code);
  }
  return povreg__mem_set_relation(db, nh.id, "head");
}

/* Move a member to another household (see povreg/household.h). */
int povreg_member_move(int *new_no_out, povreg_db *db,
                       const char *household_code, int member_no,
                       const char *to_household_code, const char *relation,
                       const char *date, int source_new_head_no)
{
  povreg__hh from, to;
  povreg__mem mem;
  const char *rel;
  char day[11];
  int rc, in_tx = 0, new_no = 0;

  if (db == NULL) {
    return POVREG_EINVALID;
  }
  if (relation == NULL) {
    return povreg__err(db, POVREG_EINVALID, "relation: missing");
  }
  if ((rel = povreg__relation_key(relation)) == NULL) {
    return povreg__err(db, POVREG_EINVALID,
                       "relation: must be spouse, child, parent, grandchild, "
                       "sibling or other");
  }
  if (strcmp(rel, "head") == 0) {
    return povreg__err(db, POVREG_EINVALID,
                       "relation: a member cannot join as head; move them, "
                       "then use 'household set-head'");
  }
  if ((rc = povreg__op_date(db, "date", date, day)) < 0) {
    return rc;
  }
  if ((rc = povreg__tx_begin(db)) < 0) {
    return rc;
  }
  in_tx = 1;
  if ((rc = povreg__hh_find(db, household_code, 1, &from)) < 0 ||
      (rc = povreg__hh_find(db, to_household_code, 1, &to)) < 0 ||
      (rc = povreg__mem_find(db, &from, member_no, &mem)) < 0) {
    goto done;
  }
  if (from.id == to.id) {
    rc = povreg__err(db, POVREG_EINVALID,
                     "to: the member is already in household %s", to.code);
    goto done;
  }
  if ((rc = povreg__mem_check_active(db, &from, &mem, "member_no")) < 0 ||
      (rc = povreg__hh_check_date(db, &from, day)) < 0 ||
      (rc = povreg__hh_check_date(db, &to, day)) < 0) {
    goto done;
  }
  if ((rc = povreg__mem_relocate(db, mem.id, &to, rel, day, &new_no)) < 0 ||
      (rc = after_leaving(db, &from, &mem, source_new_head_no, day)) < 0 ||
      (rc = povreg__hh_check_head(db, &from)) < 0 ||
      (rc = povreg__hh_check_head(db, &to)) < 0) {
    goto done;
  }
  if ((rc = povreg__tx_commit(db)) < 0) {
    goto done;
  }
  in_tx = 0;
  if (new_no_out != NULL) {
    *new_no_out = new_no;
  }
done:
  if (in_tx) {
    povreg__tx_rollback(db);
  }
  return rc;
}

/* A member moves out or dies (see povreg/household.h). */
int povreg_member_leave(povreg_db *db, const char *household_code,
                        int member_no, const char *status, const char *date,
                        int new_head_no)
{
  povreg__hh hh;
  povreg__mem mem;
  char day[11];
  int rc, in_tx = 0;

  if (db == NULL) {
    return POVREG_EINVALID;
  }
  if (status == NULL ||
      (strcmp(status, "moved_out") != 0 && strcmp(status, "died") != 0)) {
    return povreg__err(db, POVREG_EINVALID,
                       "status: must be moved_out or died");
  }
  if ((rc = povreg__op_date(db, "date", date, day)) < 0) {
    return rc;
  }
  if ((rc = povreg__tx_begin(db)) < 0) {
    return rc;
  }
  in_tx = 1;
  if ((rc = povreg__hh_find(db, household_code, 1, &hh)) < 0 ||
      (rc = povreg__mem_find(db, &hh, member_no, &mem)) < 0) {
    goto done;
  }
  if ((rc = povreg__mem_check_active(db, &hh, &mem, "member_no")) < 0 ||
      (rc = povreg__hh_check_date(db, &hh, day)) < 0) {
    goto done;
  }
  if ((rc = povreg__mem_set_status(db, mem.id, status, day)) < 0 ||
      (rc = after_leaving(db, &hh, &mem, new_head_no, day)) < 0 ||
      (rc = povreg__hh_check_head(db, &hh)) < 0) {
    goto done;
  }
  rc = povreg__tx_commit(db);
  in_tx = 0;
done:
  if (in_tx) {
    povreg__tx_rollback(db);
  }
  return rc;
}
