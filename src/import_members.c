/*
** import_members.c: the members file of the bulk import (see povreg/io.h
** and src/import.c for the driver).
**
** Columns: household_code, member_no, full_name, sex, birth_date,
** relation, ethnicity, citizen_id, health_insurance, in_school,
** education_grade (required; cells of ethnicity, citizen_id and the three
** standing facts may be empty), bhxh_no, joined_on, status, status_on
** (optional).  A member is found by household and number: a new one is
** added with that number, an existing one updated (empty cells keep).
** Field checks are those of povreg_member_add / _update; the head rule
** is kept across the file: a second active head is refused on its line,
** and once every row is in, each household the file touched that has
** active members must have exactly one active head.
**
** Members files are normally grouped by household, so the household of
** the previous row is kept at hand; the numbers households used are
** raised once, at the end.
**
** New members are staged in a TEMP table and inserted BATCH rows at a
** time by one statement.  One INSERT per row would be several times
** slower: each such statement opens a statement journal (the member table
** has triggers), copying every page it touches, and makes the full-text
** index of names write out a segment (FTS5 flushes its pending terms at
** every savepoint).  The checks a row needs are made when it is staged
** (identifiers held by others, a second head, against the ledger and the
** batch, the batch's identifiers in a small hash table); should the
** batch's INSERT still fail, its rows are inserted one by one to put each
** error on its line.
*/
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "csvread.h"
#include "povreg_int.h"

/* Columns, and what the library's messages call them. */
static const char *const required[] = {
    "household_code",   "member_no", "full_name",       "sex",
    "birth_date",       "relation",  "ethnicity",       "citizen_id",
    "health_insurance", "in_school", "education_grade", NULL};
static const char *const optional[] = {"bhxh_no", "joined_on", "status",
                                       "status_on", NULL};
static const char *const field_map[] = {
    "household", "household_code", /* povreg__hh_find */
    "code",      "household_code", /* a household's own code */
    "head",      "relation",       /* the head rule */
    "new_head",  "relation",       /* likewise */
    "date",      "status_on",      /* dates of leaving */
    NULL};

/* New members inserted per statement. */
#define BATCH 16384
/*
** Slots of the batch's table of identifiers (citizen ID, BHXH number) and
** heads (a household id) of staged rows: at most 3 per row, so a power of
** two >= 4 * BATCH keeps it at most 3/4 full.
*/
#define ID_SLOTS (4 * BATCH)

/* A key met in the staged rows of the batch, and the row. */
typedef struct id_slot {
  char id[15]; /* the identifier, or household id in decimal ("": free) */
  char field;  /* 'c' citizen_id, 'b' bhxh_no, 'h' an active head */
  int64_t seq; /* its row in the staging table */
} id_slot;

/* Ethnicity names resolved so far (the cell's text and its code). */
#define ETHNIC_CACHE 64
#define ETHNIC_TEXT 48

/* The state of a members import. */
struct povreg__imp_kind_state {
  int c_hh, c_no, c_name, c_sex, c_birth, c_rel, c_eth, c_cid, c_ins, c_school,
      c_grade, c_bhxh, c_joined, c_status, c_status_on;
  povreg__hh hh;         /* household of the previous row (hh.id 0: none) */
  int hh_ok;             /* it was found and is open */
  int row_hh;            /* the current row's household is s->hh */
  int last_no;           /* its last_member_no when the import first met it */
  size_t n_staged;       /* rows in the staging table */
  id_slot ids[ID_SLOTS]; /* identifiers and heads of the staged rows */
  size_t n_ethnic;       /* entries in ethnic */
  struct {
    char text[ETHNIC_TEXT];
    char code[3];
  } ethnic[ETHNIC_CACHE];
};

/* A stored member, as the import compares it. */
typedef struct stored {
  int64_t id;
  char *full_name, *sex, *birth_date, *ethnicity, *relation, *citizen_id,
      *bhxh_no, *joined_on, *status, *status_on; /* allocated */
  int facts[3]; /* health_insurance, in_school, education_grade; -1 NULL */
} stored;

/* Free the strings of a stored member. */
static void stored_clear(stored *m)
{
  free(m->full_name);
  free(m->sex);
  free(m->birth_date);
  free(m->ethnicity);
  free(m->relation);
  free(m->citizen_id);
  free(m->bhxh_no);
  free(m->joined_on);
  free(m->status);
  free(m->status_on);
  memset(m, 0, sizeof *m);
}

/* Member member_no of household hh_id: 1 found (m filled), 0 not, or rc. */
static int find(povreg_db *db, int64_t hh_id, int member_no, stored *m)
{
  static const char sql[] =
      "SELECT id, full_name, sex, birth_date, ethnicity_code, relation, "
      "citizen_id, bhxh_no, joined_on, status, status_on, health_insurance, "
      "in_school, education_grade FROM member WHERE household_id = ?1 AND "
      "member_no = ?2";
  sqlite3_stmt *st = NULL;
  int rc, ok = 1, k;

  memset(m, 0, sizeof *m);
  if ((rc = povreg__stmt(db, sql, &st)) < 0) {
    return rc;
  }
  sqlite3_bind_int64(st, 1, hh_id);
  sqlite3_bind_int(st, 2, member_no);
  rc = sqlite3_step(st);
  if (rc == SQLITE_ROW) {
    m->id = sqlite3_column_int64(st, 0);
    m->full_name = povreg__col_strdup(st, 1, &ok);
    m->sex = povreg__col_strdup(st, 2, &ok);
    m->birth_date = povreg__col_strdup(st, 3, &ok);
    m->ethnicity = povreg__col_strdup(st, 4, &ok);
    m->relation = povreg__col_strdup(st, 5, &ok);
    m->citizen_id = povreg__col_strdup(st, 6, &ok);
    m->bhxh_no = povreg__col_strdup(st, 7, &ok);
    m->joined_on = povreg__col_strdup(st, 8, &ok);
    m->status = povreg__col_strdup(st, 9, &ok);
    m->status_on = povreg__col_strdup(st, 10, &ok);
    for (k = 0; k < 3; k++) {
      m->facts[k] = sqlite3_column_type(st, 11 + k) == SQLITE_NULL
                        ? -1
                        : sqlite3_column_int(st, 11 + k);
    }
    rc = ok && m->status != NULL
             ? 1
             : povreg__err(db, POVREG_ENOMEM, "out of memory");
  } else if (rc == SQLITE_DONE) {
    rc = 0;
  } else {
    rc = povreg__sqlite_err(db, "member");
  }
  povreg__stmt_done(st);
  return rc;
}

/* Run a cached statement binding ?1 and ?2 as integers; no rows wanted. */
static int exec_ii(povreg_db *db, const char *sql, int64_t a, int64_t b)
{
  sqlite3_stmt *st = NULL;
  int rc;

  if ((rc = povreg__stmt(db, sql, &st)) < 0) {
    return rc;
  }
  sqlite3_bind_int64(st, 1, a);
  sqlite3_bind_int64(st, 2, b);
  rc = sqlite3_step(st) == SQLITE_DONE ? POVREG_OK
                                       : povreg__sqlite_err(db, "import");
  povreg__stmt_done(st);
  return rc;
}

/*
** Make household `code` the current one: find it (open) and, the first
** time the import meets it, note it in the TEMP table of touched
** households with this line and its last_member_no then.  Errors are the
** single-row lookup's ("household: ...").
*/
static int switch_household(povreg__imp *im, povreg__imp_kind_state *s,
                            const char *code)
{
  static const char sql_find[] =
      "SELECT h.id, h.commune_code, h.created_on, h.last_member_no, "
      "t.last_no FROM household h LEFT JOIN temp.povreg_imp_hh t ON "
      "t.hh_id = h.id WHERE h.code = ?1 AND h.dissolved_on IS NULL";
  static const char sql_touch[] =
      "INSERT INTO temp.povreg_imp_hh(hh_id, first_line, last_no) "
      "VALUES (?1, ?2, ?3)";
  sqlite3_stmt *st = NULL;
  int rc, touched = 0;

  if (s->hh_ok && strcmp(s->hh.code, code) == 0) {
    return POVREG_OK;
  }
  s->hh_ok = 0;
  if ((rc = povreg__stmt(im->db, sql_find, &st)) < 0) {
    return rc;
  }
  povreg__bind_text(st, 1, code);
  rc = sqlite3_step(st);
  if (rc == SQLITE_ROW) {
    memset(&s->hh, 0, sizeof s->hh);
    s->hh.id = sqlite3_column_int64(st, 0);
    snprintf(s->hh.code, sizeof s->hh.code, "%s", code);
    snprintf(s->hh.commune, sizeof s->hh.commune, "%s",
             (const char *)sqlite3_column_text(st, 1));
    snprintf(s->hh.created_on, sizeof s->hh.created_on, "%s",
             (const char *)sqlite3_column_text(st, 2));
    touched = sqlite3_column_type(st, 4) != SQLITE_NULL;
    s->last_no = sqlite3_column_int(st, touched ? 4 : 3);
  }
  povreg__stmt_done(st);
  if (rc == SQLITE_DONE) {
    /* unknown or dissolved: the single-row lookup says which */
    rc = povreg__hh_find(im->db, code, 1, &s->hh);
    return rc < 0 ? rc
                  : povreg__err(im->db, POVREG_EINVALID,
                                "household: %s cannot take members", code);
  }
  if (rc != SQLITE_ROW) {
    return povreg__sqlite_err(im->db, "household");
  }
  if (!touched) {
    if ((rc = povreg__stmt(im->db, sql_touch, &st)) < 0) {
      return rc;
    }
    sqlite3_bind_int64(st, 1, s->hh.id);
    sqlite3_bind_int64(st, 2, im->line);
    sqlite3_bind_int(st, 3, s->last_no);
    rc = sqlite3_step(st) == SQLITE_DONE ? POVREG_OK
                                         : povreg__sqlite_err(im->db, "import");
    povreg__stmt_done(st);
    if (rc < 0) {
      return rc;
    }
  }
  s->hh_ok = 1;
  return POVREG_OK;
}

/* Slot of identifier id of a field in the batch's table: its or a free one. */
static id_slot *id_find(povreg__imp_kind_state *s, const char *id, char field)
{
  uint32_t h = 2166136261u;
  size_t i;

  for (i = 0; id[i] != '\0'; i++) {
    h = (h ^ (unsigned char)id[i]) * 16777619u;
  }
  h = (h ^ (unsigned char)field) * 16777619u;
  for (i = h & (ID_SLOTS - 1); s->ids[i].id[0] != '\0';
       i = (i + 1) & (ID_SLOTS - 1)) {
    if (s->ids[i].field == field && strcmp(s->ids[i].id, id) == 0) {
      break;
    }
  }
  return &s->ids[i];
}

/* The error for an identifier that staged row seq already gives. */
static int batch_holder(povreg__imp *im, int col, int64_t seq)
{
  static const char sql[] =
      "SELECT line, (SELECT code FROM household WHERE id = household_id), "
      "member_no FROM temp.povreg_imp_stage WHERE seq = ?1";
  sqlite3_stmt *st = NULL;
  int rc;

  if ((rc = povreg__stmt(im->db, sql, &st)) < 0) {
    return rc;
  }
  sqlite3_bind_int64(st, 1, seq);
  if (sqlite3_step(st) == SQLITE_ROW) {
    rc = povreg__imp_error(im, col,
                           "already given for another person on line %ld "
                           "(household %s, member %d)",
                           (long)sqlite3_column_int64(st, 0),
                           (const char *)sqlite3_column_text(st, 1),
                           sqlite3_column_int(st, 2));
  } else {
    rc = povreg__sqlite_err(im->db, "import");
  }
  povreg__stmt_done(st);
  return rc;
}

/*
** Refuse a citizen ID or BHXH number that a row staged in this batch
** already gives (one the ledger holds fails the batch's INSERT, and
** replay() names it).
*/
static int check_batch_ids(povreg__imp *im, povreg__imp_kind_state *s,
                           const povreg__member_vals *v)
{
  const char *val[2] = {v->citizen_id, v->bhxh_no};
  const int col[2] = {s->c_cid, s->c_bhxh};
  int k;

  for (k = 0; k < 2; k++) {
    const id_slot *slot;
    if (val[k] == NULL || val[k][0] == '\0') {
      continue;
    }
    slot = id_find(s, val[k], k == 0 ? 'c' : 'b');
    if (slot->id[0] != '\0') {
      return batch_holder(im, col[k], slot->seq);
    }
  }
  return POVREG_OK;
}

/* Remember the identifiers of a row just staged as row seq. */
static void keep_batch_ids(povreg__imp_kind_state *s,
                           const povreg__member_vals *v, int64_t seq)
{
  const char *val[2] = {v->citizen_id, v->bhxh_no};
  int k;

  for (k = 0; k < 2; k++) {
    id_slot *slot;
    if (val[k] == NULL || val[k][0] == '\0' ||
        strlen(val[k]) >= sizeof slot->id) {
      continue; /* checked: 12 and 10 digits */
    }
    slot = id_find(s, val[k], k == 0 ? 'c' : 'b');
    snprintf(slot->id, sizeof slot->id, "%s", val[k]);
    slot->field = k == 0 ? 'c' : 'b';
    slot->seq = seq;
  }
}

/* Mark the row's household as having a bad row (no head check). */
static void mark_bad(povreg__imp *im, povreg__imp_kind_state *s)
{
  static const char sql[] =
      "UPDATE temp.povreg_imp_hh SET bad = 1 WHERE hh_id = ?1";

  if (s->row_hh) {
    exec_ii(im->db, sql, s->hh.id, 0); /* ?2 unused */
  }
}

/*
** An ethnicity cell as its code: names are looked up once per distinct
** text.  *out points into the cache or at the cell.
*/
static int ethnicity(povreg__imp *im, povreg__imp_kind_state *s,
                     const char *text, const char **out)
{
  char code[3];
  size_t i;
  int rc;

  *out = text;
  if (text == NULL || (text[0] >= '0' && text[0] <= '9')) {
    return POVREG_OK; /* a code: checked by the member rules */
  }
  for (i = 0; i < s->n_ethnic; i++) {
    if (strcmp(s->ethnic[i].text, text) == 0) {
      *out = s->ethnic[i].code;
      return POVREG_OK;
    }
  }
  if ((rc = povreg__ethnicity_code(im->db, text, code)) < 0) {
    return rc;
  }
  if (s->n_ethnic < ETHNIC_CACHE && strlen(text) < ETHNIC_TEXT) {
    i = s->n_ethnic++;
    snprintf(s->ethnic[i].text, sizeof s->ethnic[i].text, "%s", text);
    memcpy(s->ethnic[i].code, code, 3);
    *out = s->ethnic[i].code;
  }
  return POVREG_OK;
}

/* 1 if a given value (NULL: keep) differs from the stored text. */
static int differs(const char *given, const char *stored_text)
{
  return given != NULL &&
         (stored_text == NULL || strcmp(given, stored_text) != 0);
}

/* 1 if day is before a birth date (a year alone: before that year). */
static int before_birth(const char *day, const char *birth)
{
  if (strlen(birth) == 4) {
    return strncmp(day, birth, 4) < 0;
  }
  return strcmp(day, birth) < 0;
}

/* Line of staged row seq (0 if none). */
static long staged_line(povreg__imp *im, int64_t seq)
{
  static const char sql[] =
      "SELECT line FROM temp.povreg_imp_stage WHERE seq = ?1";
  sqlite3_stmt *st = NULL;
  long line = 0;

  if (povreg__stmt(im->db, sql, &st) == POVREG_OK) {
    sqlite3_bind_int64(st, 1, seq);
    if (sqlite3_step(st) == SQLITE_ROW) {
      line = (long)sqlite3_column_int64(st, 0);
    }
    povreg__stmt_done(st);
  }
  return line;
}

/* The key of the current household among the batch's staged heads. */
static id_slot *staged_head(povreg__imp_kind_state *s)
{
  char key[24];

  snprintf(key, sizeof key, "%lld", (long long)s->hh.id);
  return id_find(s, key, 'h');
}

/*
** Refuse a second active head in the current household, which has one
** staged in this batch or in the ledger.  The error names the line of
** that head when the file gave it, else its number.
*/
static int check_head(povreg__imp *im, povreg__imp_kind_state *s)
{
  static const char sql[] =
      "SELECT member_no FROM member WHERE household_id = ?1 AND "
      "relation = 'head' AND status = 'active'";
  static const char sql_line[] =
      "SELECT line FROM temp.povreg_imp_key WHERE a = ?1 AND b = ?2";
  const id_slot *slot = staged_head(s);
  sqlite3_stmt *st = NULL;
  long earlier = 0;
  int rc, no = 0;

  if (slot->id[0] != '\0') {
    earlier = staged_line(im, slot->seq);
  } else {
    if ((rc = povreg__stmt(im->db, sql, &st)) < 0) {
      return rc;
    }
    sqlite3_bind_int64(st, 1, s->hh.id);
    rc = sqlite3_step(st);
    if (rc == SQLITE_ROW) {
      no = sqlite3_column_int(st, 0);
    }
    povreg__stmt_done(st);
    if (rc == SQLITE_DONE) {
      return POVREG_OK; /* no head yet */
    }
    if (rc != SQLITE_ROW) {
      return povreg__sqlite_err(im->db, "member");
    }
    /* a head the file gave in an earlier batch has its line */
    if ((rc = povreg__stmt(im->db, sql_line, &st)) < 0) {
      return rc;
    }
    sqlite3_bind_int64(st, 1, s->hh.id);
    sqlite3_bind_int64(st, 2, no);
    if (sqlite3_step(st) == SQLITE_ROW) {
      earlier = (long)sqlite3_column_int64(st, 0);
    }
    povreg__stmt_done(st);
  }
  if (earlier != 0) {
    return povreg__imp_error(im, s->c_rel,
                             "household %s already has a head, on line %ld",
                             s->hh.code, earlier);
  }
  return povreg__imp_error(im, s->c_rel,
                           "member %d is already the head of household %s "
                           "(use povreg household set-head to change it)",
                           no, s->hh.code);
}

/*
** Check a status and its date for a member born on birth, leaving the
** household (status moved_out or died).
*/
static int check_leaving(povreg__imp *im, povreg__imp_kind_state *s,
                         const char *status_on, const char *birth)
{
  if (status_on == NULL) {
    return povreg__imp_error(im,
                             s->c_status_on >= 0 ? s->c_status_on : s->c_status,
                             "the date is needed when status is moved_out "
                             "or died");
  }
  if (birth != NULL && before_birth(status_on, birth)) {
    return povreg__imp_error(im, s->c_status_on, "before the member was born");
  }
  if (strcmp(status_on, s->hh.created_on) < 0) {
    return povreg__imp_error(im, s->c_status_on,
                             "%s is before household %s was registered (%s)",
                             status_on, s->hh.code, s->hh.created_on);
  }
  return POVREG_OK;
}

/* Bind a standing fact: NULL unless a value was given. */
static void bind_fact(sqlite3_stmt *st, int idx, int v)
{
  if (v >= 0) {
    sqlite3_bind_int(st, idx, v);
  } else {
    sqlite3_bind_null(st, idx);
  }
}

/* Stage a checked new member for the next batch. */
static int stage(povreg__imp *im, povreg__imp_kind_state *s, int no,
                 const povreg__member_vals *v, const char *status,
                 const char *status_on)
{
  static const char sql[] =
      "INSERT INTO temp.povreg_imp_stage(line, household_id, member_no, "
      "full_name, name_fold, sex, birth_date, ethnicity_code, relation, "
      "citizen_id, bhxh_no, joined_on, status, status_on, health_insurance, "
      "in_school, education_grade) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, "
      "?9, nullif(?10, ''), nullif(?11, ''), nullif(?12, ''), ?13, ?14, ?15, "
      "?16, ?17)";
  sqlite3_stmt *st = NULL;
  int rc;

  if ((rc = povreg__stmt(im->db, sql, &st)) < 0) {
    return rc;
  }
  sqlite3_bind_int64(st, 1, im->line);
  sqlite3_bind_int64(st, 2, s->hh.id);
  sqlite3_bind_int(st, 3, no);
  povreg__bind_text(st, 4, v->full_name);
  povreg__bind_text(st, 5, v->name_fold);
  povreg__bind_text(st, 6, v->sex);
  povreg__bind_text(st, 7, v->birth_date);
  povreg__bind_text(st, 8, v->has_ethnicity ? v->ethnicity : "01");
  povreg__bind_text(st, 9, v->relation);
  povreg__bind_text(st, 10, v->citizen_id);
  povreg__bind_text(st, 11, v->bhxh_no);
  povreg__bind_text(st, 12, v->joined_on);
  povreg__bind_text(st, 13, status);
  povreg__bind_text(st, 14, status_on);
  bind_fact(st, 15, v->health_insurance);
  bind_fact(st, 16, v->in_school);
  bind_fact(st, 17, v->education_grade);
  rc = sqlite3_step(st) == SQLITE_DONE ? POVREG_OK
                                       : povreg__sqlite_err(im->db, "import");
  povreg__stmt_done(st);
  return rc;
}

/* Text of a column, or NULL. */
static const char *col_text(sqlite3_stmt *st, int col)
{
  return (const char *)sqlite3_column_text(st, col);
}

/*
** The batch's INSERT failed: insert its rows one at a time, each error on
** its own line (and its household left out of the head check).
*/
static int replay(povreg__imp *im, povreg__imp_kind_state *s)
{
  static const char sql[] =
      "SELECT line, household_id, member_no, full_name, name_fold, sex, "
      "birth_date, ethnicity_code, relation, citizen_id, bhxh_no, joined_on, "
      "status, status_on, health_insurance, in_school, education_grade, "
      "(SELECT code FROM household WHERE id = household_id) "
      "FROM temp.povreg_imp_stage ORDER BY seq";
  static const char sql_bad[] =
      "UPDATE temp.povreg_imp_hh SET bad = 1 WHERE hh_id = ?1";
  povreg__hh saved = s->hh;
  sqlite3_stmt *st = NULL;
  long saved_line = im->line;
  int rc, k;

  /* from here on the ledger itself holds the identifiers and heads */
  memset(s->ids, 0, sizeof s->ids);
  if ((rc = povreg__stmt(im->db, sql, &st)) < 0) {
    return rc;
  }
  while ((rc = sqlite3_step(st)) == SQLITE_ROW && !im->fatal) {
    povreg__member_vals v;
    int bad = 0;
    memset(&v, 0, sizeof v);
    im->line = (long)sqlite3_column_int64(st, 0);
    s->hh.id = sqlite3_column_int64(st, 1);
    snprintf(s->hh.code, sizeof s->hh.code, "%s", col_text(st, 17));
    v.full_name = col_text(st, 3);
    v.sex = col_text(st, 5);
    v.birth_date = col_text(st, 6);
    snprintf(v.ethnicity, sizeof v.ethnicity, "%s", col_text(st, 7));
    v.has_ethnicity = 1;
    v.relation = col_text(st, 8);
    v.citizen_id = col_text(st, 9);
    v.bhxh_no = col_text(st, 10);
    v.joined_on = col_text(st, 11);
    v.name_fold = (char *)col_text(st, 4); /* borrowed: never freed here */
    for (k = 0; k < 3; k++) {
      int *fact = k == 0   ? &v.health_insurance
                  : k == 1 ? &v.in_school
                           : &v.education_grade;
      *fact = sqlite3_column_type(st, 14 + k) == SQLITE_NULL
                  ? POVREG__CLEAR
                  : sqlite3_column_int(st, 14 + k);
    }
    if (strcmp(v.relation, "head") == 0 &&
        strcmp(col_text(st, 12), "active") == 0) {
      bad = check_head(im, s) != 0;
    }
    if (!bad) {
      rc = povreg__mem_insert_bulk(im->db, s->hh.id, sqlite3_column_int(st, 2),
                                   &v, col_text(st, 12), col_text(st, 13));
      if (rc < 0) {
        bad = povreg__imp_fail(im, rc) == POVREG__IMP_BAD;
      }
    }
    if (bad) {
      exec_ii(im->db, sql_bad, s->hh.id, 0); /* ?2 unused */
    }
  }
  rc = im->fatal ? im->fatal
       : rc == SQLITE_DONE || rc == SQLITE_ROW
           ? POVREG_OK
           : povreg__sqlite_err(im->db, "import");
  povreg__stmt_done(st);
  s->hh = saved;
  im->line = saved_line;
  return rc;
}

/* Insert the staged members (one statement), then empty the stage. */
static int flush(povreg__imp *im, povreg__imp_kind_state *s)
{
  static const char sql_insert[] =
      "INSERT INTO member(household_id, member_no, full_name, name_fold, sex, "
      "birth_date, ethnicity_code, relation, citizen_id, bhxh_no, joined_on, "
      "status, status_on, health_insurance, in_school, education_grade) "
      "SELECT household_id, member_no, full_name, name_fold, sex, "
      "birth_date, ethnicity_code, relation, citizen_id, bhxh_no, joined_on, "
      "status, status_on, health_insurance, in_school, education_grade "
      "FROM temp.povreg_imp_stage ORDER BY seq";
  static const char sql_clear[] = "DELETE FROM temp.povreg_imp_stage";
  sqlite3_stmt *st = NULL;
  int rc;

  if (s->n_staged == 0) {
    return POVREG_OK;
  }
  if ((rc = povreg__stmt(im->db, sql_insert, &st)) < 0) {
    return rc;
  }
  rc = sqlite3_step(st) == SQLITE_DONE ? POVREG_OK
                                       : povreg__sqlite_err(im->db, "member");
  povreg__stmt_done(st);
  if (rc == POVREG_EEXISTS || rc == POVREG_ECONSTRAINT) {
    rc = replay(im, s);
  }
  if (rc < 0 || (rc = povreg__stmt(im->db, sql_clear, &st)) < 0) {
    return rc;
  }
  rc = sqlite3_step(st) == SQLITE_DONE ? POVREG_OK
                                       : povreg__sqlite_err(im->db, "import");
  povreg__stmt_done(st);
  s->n_staged = 0;
  memset(s->ids, 0, sizeof s->ids);
  return rc;
}

/* A new member: number, relation, status, head; then the stage. */
static int add_new(povreg__imp *im, povreg__imp_kind_state *s, int no,
                   const povreg__member_vals *v, const char *status,
                   const char *status_on)
{
  int rc, active = status == NULL || strcmp(status, "active") == 0;
  int64_t seq;

  if (v->relation == NULL) {
    return povreg__imp_error(im, s->c_rel, "missing (a new member needs it)");
  }
  if (no <= s->last_no) {
    return povreg__imp_error(im, s->c_no,
                             "household %s has already used number %d "
                             "(numbers are never reused)",
                             s->hh.code, no);
  }
  if (active && status_on != NULL) {
    return povreg__imp_error(im, s->c_status_on,
                             "only for a member who moved out or died");
  }
  if (!active && (rc = check_leaving(im, s, status_on, v->birth_date)) != 0) {
    return rc;
  }
  if (active && strcmp(v->relation, "head") == 0 &&
      (rc = check_head(im, s)) != 0) {
    return rc;
  }
  /* an identifier already in the ledger makes the batch's INSERT fail;
     replay() then names the row and the holder (asking the ledger for
     every row cost a fifth of a members import) */
  if ((rc = check_batch_ids(im, s, v)) != 0 ||
      (rc = stage(im, s, no, v, active ? "active" : status,
                  active ? NULL : status_on)) < 0) {
    return rc;
  }
  seq = sqlite3_last_insert_rowid(im->db->sq);
  keep_batch_ids(s, v, seq);
  if (active && strcmp(v->relation, "head") == 0) {
    id_slot *slot = staged_head(s);
    snprintf(slot->id, sizeof slot->id, "%lld", (long long)s->hh.id);
    slot->field = 'h';
    slot->seq = seq;
  }
  im->rep->added++;
  if (++s->n_staged == BATCH) {
    return flush(im, s);
  }
  return POVREG_OK;
}

/* An existing member: rules about heads and statuses, compare, update. */
static int update_old(povreg__imp *im, povreg__imp_kind_state *s, int no,
                      const povreg__member_vals *v, const char *status,
                      const char *status_on, const stored *m)
{
  const char *new_status = NULL;
  int rc, was_active = strcmp(m->status, "active") == 0, change;
  const int given[3] = {v->health_insurance, v->in_school, v->education_grade};
  int k;

  if (v->relation != NULL && strcmp(v->relation, m->relation) != 0 &&
      (strcmp(v->relation, "head") == 0 || strcmp(m->relation, "head") == 0)) {
    return povreg__imp_error(im, s->c_rel,
                             "use povreg household set-head to change the "
                             "head");
  }
  if (!was_active) {
    if ((status != NULL && strcmp(status, m->status) != 0) ||
        differs(status_on, m->status_on)) {
      return povreg__imp_error(im, s->c_status,
                               "member %d of %s has left (%s on %s); an "
                               "import does not change that",
                               no, s->hh.code, m->status,
                               m->status_on ? m->status_on : "?");
    }
  } else if (status == NULL || strcmp(status, "active") == 0) {
    if (status_on != NULL) {
      return povreg__imp_error(im, s->c_status_on,
                               "only for a member who moved out or died");
    }
  } else {
    if (strcmp(m->relation, "head") == 0) {
      return povreg__imp_error(im, s->c_status,
                               "member %d is the head of household %s; "
                               "name a new head with povreg household "
                               "set-head first",
                               no, s->hh.code);
    }
    if ((rc = check_leaving(im, s, status_on,
                            v->birth_date ? v->birth_date : m->birth_date)) !=
        0) {
      return rc;
    }
    new_status = status;
  }
  change = new_status != NULL || differs(v->full_name, m->full_name) ||
           differs(v->sex, m->sex) || differs(v->birth_date, m->birth_date) ||
           (v->has_ethnicity && differs(v->ethnicity, m->ethnicity)) ||
           differs(v->relation, m->relation) ||
           differs(v->citizen_id, m->citizen_id) ||
           differs(v->bhxh_no, m->bhxh_no) ||
           differs(v->joined_on, m->joined_on);
  for (k = 0; k < 3 && !change; k++) {
    change = given[k] >= 0 && given[k] != m->facts[k];
  }
  if (!change) {
    im->rep->unchanged++;
    return POVREG_OK;
  }
  if ((rc = povreg__mem_apply(im->db, m->id, v, new_status,
                              new_status ? status_on : NULL)) < 0) {
    return rc;
  }
  im->rep->changed++;
  return POVREG_OK;
}

/* Handle one row; POVREG__IMP_BAD after recording an error, or rc < 0. */
static int handle(povreg__imp *im, povreg__imp_kind_state *s,
                  const char *const *f, const unsigned char *e)
{
  povreg_member_spec spec;
  povreg__member_vals v;
  const char *code = povreg__imp_cell(f, e, s->c_hh);
  const char *no_text = povreg__imp_cell(f, e, s->c_no);
  const char *status = povreg__imp_cell(f, e, s->c_status);
  const char *status_on = povreg__imp_cell(f, e, s->c_status_on);
  stored m;
  int64_t no = 0;
  long earlier = 0;
  int rc, found;

  memset(&v, 0, sizeof v);
  memset(&m, 0, sizeof m);
  if (code == NULL) {
    return povreg__imp_error(im, s->c_hh, "missing");
  }
  if ((rc = switch_household(im, s, code)) < 0) {
    return rc;
  }
  s->row_hh = 1;
  if (no_text == NULL || !povreg__imp_number(no_text, &no) || no < 1 ||
      no > 999) {
    return povreg__imp_error(im, s->c_no,
                             "must be a whole number from 1 to 999");
  }
  if ((rc = povreg__imp_seen(im, NULL, s->hh.id, no, &earlier)) < 0) {
    return rc;
  }
  if (earlier != 0) {
    return povreg__imp_error(im, s->c_no,
                             "member %d of household %s is also on line %ld",
                             (int)no, s->hh.code, earlier);
  }
  if (status != NULL && strcmp(status, "active") != 0 &&
      strcmp(status, "moved_out") != 0 && strcmp(status, "died") != 0) {
    return povreg__imp_error(im, s->c_status,
                             "must be active, moved_out or died");
  }
  if (status_on != NULL &&
      (rc = povreg__check_date(im->db, "status_on", status_on, 1)) < 0) {
    return rc;
  }
  memset(&spec, 0, sizeof spec);
  spec.full_name = povreg__imp_cell(f, e, s->c_name);
  spec.sex = povreg__imp_cell(f, e, s->c_sex);
  spec.birth_date = povreg__imp_cell(f, e, s->c_birth);
  spec.relation = povreg__imp_cell(f, e, s->c_rel);
  spec.citizen_id = povreg__imp_cell(f, e, s->c_cid);
  spec.bhxh_no = povreg__imp_cell(f, e, s->c_bhxh);
  spec.joined_on = povreg__imp_cell(f, e, s->c_joined);
  spec.health_insurance = povreg__imp_cell(f, e, s->c_ins);
  spec.in_school = povreg__imp_cell(f, e, s->c_school);
  spec.education_grade = povreg__imp_cell(f, e, s->c_grade);
  if ((rc = ethnicity(im, s, povreg__imp_cell(f, e, s->c_eth),
                      &spec.ethnicity)) < 0) {
    return rc;
  }
  /* a household that had no member before this import has none to find
     (rows of this file are new, or duplicates caught above) */
  if ((found = s->last_no == 0 ? 0 : find(im->db, s->hh.id, (int)no, &m)) < 0) {
    return found;
  }
  if ((rc = povreg__member_validate(im->db, &spec, !found, &v)) == 0) {
    rc = found ? update_old(im, s, (int)no, &v, status, status_on, &m)
               : add_new(im, s, (int)no, &v, status, status_on);
  }
  povreg__member_vals_clear(&v);
  stored_clear(&m);
  return rc;
}

/* The reader's callback for a members row. */
static int mem_row(povreg__csv *r, const char *const *fields,
                   const unsigned char *empty, size_t n, long line,
                   void *payload)
{
  povreg__imp *im = payload;
  povreg__imp_kind_state *s = im->state;
  int rc;

  (void)r;
  (void)n;
  im->line = line;
  im->rep->rows++;
  s->row_hh = 0;
  rc = handle(im, s, fields, empty);
  if (rc < 0) {
    rc = povreg__imp_fail(im, rc);
  }
  if (rc == POVREG__IMP_BAD) {
    mark_bad(im, s);
  }
  return povreg__imp_next(im);
}

/*
** After the last row: insert the last batch, raise the numbers households
** used, then check that every household the file touched (and whose rows
** were all good) that has active members has an active head.  The head
** check is skipped when the reader rejected rows itself (their household
** is not known).
*/
static int mem_end(povreg__imp *im, int rows_clean)
{
  static const char sql_numbers[] =
      "UPDATE household SET last_member_no = (SELECT max(member_no) FROM "
      "member m WHERE m.household_id = household.id) WHERE id IN (SELECT "
      "hh_id FROM temp.povreg_imp_hh) AND last_member_no < (SELECT "
      "max(member_no) FROM member m WHERE m.household_id = household.id)";
  static const char sql[] =
      "SELECT t.first_line, h.code FROM temp.povreg_imp_hh t "
      "JOIN household h ON h.id = t.hh_id WHERE t.bad = 0 "
      "AND EXISTS (SELECT 1 FROM member m WHERE m.household_id = t.hh_id "
      "  AND m.status = 'active') "
      "AND NOT EXISTS (SELECT 1 FROM member m WHERE m.household_id = t.hh_id "
      "  AND m.relation = 'head' AND m.status = 'active') "
      "ORDER BY t.first_line";
  povreg__imp_kind_state *s = im->state;
  sqlite3_stmt *st = NULL;
  int rc;

  if ((rc = flush(im, s)) < 0 || im->full ||
      (rc = povreg__stmt(im->db, sql_numbers, &st)) < 0) {
    return rc;
  }
  rc = sqlite3_step(st) == SQLITE_DONE ? POVREG_OK
                                       : povreg__sqlite_err(im->db, "import");
  povreg__stmt_done(st);
  st = NULL;
  if (rc < 0 || !rows_clean) {
    return rc;
  }
  if ((rc = povreg__stmt(im->db, sql, &st)) < 0) {
    return rc;
  }
  while ((rc = sqlite3_step(st)) == SQLITE_ROW && !im->full) {
    povreg__imp_error_at(im, (long)sqlite3_column_int64(st, 0), s->c_rel,
                         "household %s has no head (no active member with "
                         "relation head)",
                         (const char *)sqlite3_column_text(st, 1));
  }
  rc = rc == SQLITE_ROW || rc == SQLITE_DONE
           ? POVREG_OK
           : povreg__sqlite_err(im->db, "import");
  povreg__stmt_done(st);
  return rc;
}

/* Allocate the state and find the columns. */
static int mem_begin(povreg__imp *im)
{
  povreg__imp_kind_state *s = calloc(1, sizeof *s);

  if (s == NULL) {
    return povreg__err(im->db, POVREG_ENOMEM, "out of memory");
  }
  im->state = s;
  s->c_hh = povreg__imp_col(im, "household_code");
  s->c_no = povreg__imp_col(im, "member_no");
  s->c_name = povreg__imp_col(im, "full_name");
  s->c_sex = povreg__imp_col(im, "sex");
  s->c_birth = povreg__imp_col(im, "birth_date");
  s->c_rel = povreg__imp_col(im, "relation");
  s->c_eth = povreg__imp_col(im, "ethnicity");
  s->c_cid = povreg__imp_col(im, "citizen_id");
  s->c_ins = povreg__imp_col(im, "health_insurance");
  s->c_school = povreg__imp_col(im, "in_school");
  s->c_grade = povreg__imp_col(im, "education_grade");
  s->c_bhxh = povreg__imp_col(im, "bhxh_no");
  s->c_joined = povreg__imp_col(im, "joined_on");
  s->c_status = povreg__imp_col(im, "status");
  s->c_status_on = povreg__imp_col(im, "status_on");
  return POVREG_OK;
}

/* Free the state. */
static void mem_free(povreg__imp *im)
{
  free(im->state);
  im->state = NULL;
}

/* The members kind. */
const povreg__imp_kind povreg__imp_members = {"members", required,  optional,
                                              field_map, mem_begin, NULL,
                                              mem_row,   mem_end,   mem_free};
