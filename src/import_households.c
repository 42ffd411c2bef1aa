/*
** import_households.c: the households file of the bulk import (see
** povreg/io.h and src/import.c for the driver).
**
** Columns: household_code, commune_code, village, address (required),
** phone, notes, created_on (optional).  A household is found by its code:
** a new one is registered without members (the members file brings them),
** an existing one gets its village, address, phone and notes updated
** (empty cells keep what is stored; commune and registration date cannot
** change).  Checks are those of povreg_household_add and _update.
*/
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "csvread.h"
#include "povreg_int.h"

/* Columns, and what the library's messages call them. */
static const char *const required[] = {"household_code", "commune_code",
                                       "village", "address", NULL};
static const char *const optional[] = {"phone", "notes", "created_on", NULL};
static const char *const field_map[] = {
    "code",      "household_code", /* povreg_household_add's checks */
    "household", "household_code", /* povreg__hh_find */
    "name",      "village",        /* povreg_village_add */
    "date",      "created_on",     /* dates checked on a household */
    NULL};

/* Longest village name kept in the cache (bytes). */
#define VILLAGE_CACHE 256
/* Communes remembered with the dates they are valid on. */
#define COMMUNE_CACHE 16

/* The state of a households import. */
struct povreg__imp_kind_state {
  int c_code, c_commune, c_village, c_address, c_phone, c_notes, c_created;
  size_t n_ok, next_ok; /* communes and when they are valid, a ring */
  struct {
    char commune[6];
    char from[11], to[11]; /* valid on [from, to); "": unbounded */
  } ok[COMMUNE_CACHE];
  char v_commune[6];          /* last village resolved: its commune, */
  char v_name[VILLAGE_CACHE]; /* name */
  int64_t v_id;               /* and id (0: none cached) */
};

/* A stored household, as the import compares it. */
typedef struct stored {
  int64_t id;
  char commune[6], created_on[11];
  int64_t village_id;
  char *address, *phone, *notes; /* allocated */
  int dissolved;
  char dissolved_on[11];
} stored;

/* Free the strings of a stored household. */
static void stored_clear(stored *h)
{
  free(h->address);
  free(h->phone);
  free(h->notes);
  memset(h, 0, sizeof *h);
}

/* Look the household up by code: 1 found (h filled), 0 not, or an error. */
static int find(povreg_db *db, const char *code, stored *h)
{
  static const char sql[] =
      "SELECT id, commune_code, created_on, coalesce(village_id, 0), "
      "address, phone, notes, dissolved_on FROM household WHERE code = ?1";
  sqlite3_stmt *st = NULL;
  int rc, ok = 1;

  memset(h, 0, sizeof *h);
  if ((rc = povreg__stmt(db, sql, &st)) < 0) {
    return rc;
  }
  povreg__bind_text(st, 1, code);
  rc = sqlite3_step(st);
  if (rc == SQLITE_ROW) {
    h->id = sqlite3_column_int64(st, 0);
    snprintf(h->commune, sizeof h->commune, "%s",
             (const char *)sqlite3_column_text(st, 1));
    snprintf(h->created_on, sizeof h->created_on, "%s",
             (const char *)sqlite3_column_text(st, 2));
    h->village_id = sqlite3_column_int64(st, 3);
    h->address = povreg__col_strdup(st, 4, &ok);
    h->phone = povreg__col_strdup(st, 5, &ok);
    h->notes = povreg__col_strdup(st, 6, &ok);
    if (sqlite3_column_type(st, 7) != SQLITE_NULL) {
      h->dissolved = 1;
      snprintf(h->dissolved_on, sizeof h->dissolved_on, "%s",
               (const char *)sqlite3_column_text(st, 7));
    }
    rc = ok ? 1 : povreg__err(db, POVREG_ENOMEM, "out of memory");
  } else if (rc == SQLITE_DONE) {
    rc = 0;
  } else {
    rc = povreg__sqlite_err(db, "household");
  }
  povreg__stmt_done(st);
  return rc;
}

/*
** The village named in a commune: found, created (new_villages), or an
** error naming the column.  The last one is cached.
*/
static int village(povreg__imp *im, povreg__imp_kind_state *s,
                   const char *commune, const char *name, int64_t *out)
{
  int rc;

  if (s->v_id != 0 && strcmp(s->v_commune, commune) == 0 &&
      strcmp(s->v_name, name) == 0) {
    *out = s->v_id;
    return POVREG_OK;
  }
  rc = povreg__village_find(im->db, commune, name, out);
  if (rc == POVREG_ENOTFOUND && im->opts.new_villages) {
    if ((rc = povreg_village_add(out, im->db, commune, name, NULL)) < 0) {
      return rc;
    }
    im->rep->villages_added++;
  } else if (rc == POVREG_ENOTFOUND) {
    return povreg__err(im->db, rc,
                       "village: commune %s has no village '%.60s' (add it, "
                       "or import with --new-villages)",
                       commune, name);
  }
  if (rc < 0) {
    return rc;
  }
  if (strlen(name) < sizeof s->v_name) {
    snprintf(s->v_commune, sizeof s->v_commune, "%s", commune);
    snprintf(s->v_name, sizeof s->v_name, "%s", name);
    s->v_id = *out;
  }
  return POVREG_OK;
}

/* 1 if a given cell (NULL: keep) differs from the stored text. */
static int differs(const char *given, const char *stored_text)
{
  return given != NULL &&
         (stored_text == NULL || strcmp(given, stored_text) != 0);
}

/*
** Check that a commune existed on a date and remember the version's dates,
** so that the next households of that commune need no lookup whatever
** their registration dates.
*/
static int remember_commune(povreg__imp *im, povreg__imp_kind_state *s,
                            const char *commune, const char *date)
{
  povreg_unit *u = NULL;
  size_t i;
  int rc;

  if ((rc = povreg__hh_check_commune(im->db, commune, date)) < 0 ||
      (rc = povreg_unit_get(&u, im->db, commune, date)) < 0) {
    return rc;
  }
  i = s->next_ok;
  s->next_ok = (s->next_ok + 1) % COMMUNE_CACHE;
  if (s->n_ok < COMMUNE_CACHE) {
    s->n_ok++;
  }
  snprintf(s->ok[i].commune, sizeof s->ok[i].commune, "%s", commune);
  snprintf(s->ok[i].from, sizeof s->ok[i].from, "%s",
           u->valid_from != NULL ? u->valid_from : "");
  snprintf(s->ok[i].to, sizeof s->ok[i].to, "%s",
           u->valid_to != NULL ? u->valid_to : "");
  povreg_unit_free(u);
  return POVREG_OK;
}

/* A new household: checks that need the ledger, then the insert. */
static int add_new(povreg__imp *im, povreg__imp_kind_state *s,
                   povreg_household_spec *spec, const char *created)
{
  int64_t vid = 0;
  size_t i;
  int rc;

  if (spec->commune_code == NULL) {
    return povreg__imp_error(im, s->c_commune,
                             "missing (needed for a new household)");
  }
  if (created == NULL) {
    created = im->today;
  }
  for (i = 0; i < s->n_ok; i++) {
    if (strcmp(s->ok[i].commune, spec->commune_code) == 0 &&
        strcmp(created, s->ok[i].from) >= 0 &&
        (s->ok[i].to[0] == '\0' || strcmp(created, s->ok[i].to) < 0)) {
      break;
    }
  }
  if (i == s->n_ok &&
      (rc = remember_commune(im, s, spec->commune_code, created)) < 0) {
    return rc;
  }
  if (spec->village != NULL &&
      (rc = village(im, s, spec->commune_code, spec->village, &vid)) < 0) {
    return rc;
  }
  if ((rc = povreg__hh_insert_bulk(im->db, spec, vid, created)) < 0) {
    return rc;
  }
  im->rep->added++;
  return POVREG_OK;
}

/* An existing household: compare, refuse what cannot change, update. */
static int update_old(povreg__imp *im, povreg__imp_kind_state *s,
                      const povreg_household_spec *spec, const char *created,
                      const stored *h)
{
  povreg_household_spec upd;
  int64_t vid = h->village_id;
  int rc;

  if (h->dissolved) {
    return povreg__imp_error(im, s->c_code,
                             "household %s was dissolved on %s; it cannot "
                             "be changed",
                             spec->code, h->dissolved_on);
  }
  if (spec->commune_code != NULL &&
      strcmp(spec->commune_code, h->commune) != 0) {
    return povreg__imp_error(im, s->c_commune,
                             "cannot change (household %s is registered in "
                             "%s; a move between communes is a new "
                             "household)",
                             spec->code, h->commune);
  }
  if (created != NULL && strcmp(created, h->created_on) != 0) {
    return povreg__imp_error(im, s->c_created,
                             "cannot change (household %s was registered on "
                             "%s)",
                             spec->code, h->created_on);
  }
  if (spec->village != NULL &&
      (rc = village(im, s, h->commune, spec->village, &vid)) < 0) {
    return rc;
  }
  if (vid == h->village_id && !differs(spec->address, h->address) &&
      !differs(spec->phone, h->phone) && !differs(spec->notes, h->notes)) {
    im->rep->unchanged++;
    return POVREG_OK;
  }
  /* the single-row update: its checks, its audit entry */
  memset(&upd, 0, sizeof upd);
  upd.village = vid != h->village_id ? spec->village : NULL;
  upd.address = spec->address;
  upd.phone = spec->phone;
  upd.notes = spec->notes;
  if ((rc = povreg_household_update(im->db, spec->code, &upd)) < 0) {
    return rc;
  }
  im->rep->changed++;
  return POVREG_OK;
}

/* Handle one row; POVREG__IMP_BAD after recording an error, or rc < 0. */
static int handle(povreg__imp *im, povreg__imp_kind_state *s,
                  const char *const *f, const unsigned char *e)
{
  povreg_household_spec spec;
  const char *created = povreg__imp_cell(f, e, s->c_created);
  stored h;
  long earlier = 0;
  int rc;

  memset(&spec, 0, sizeof spec);
  spec.code = povreg__imp_cell(f, e, s->c_code);
  spec.commune_code = povreg__imp_cell(f, e, s->c_commune);
  spec.village = povreg__imp_cell(f, e, s->c_village);
  spec.address = povreg__imp_cell(f, e, s->c_address);
  spec.phone = povreg__imp_cell(f, e, s->c_phone);
  spec.notes = povreg__imp_cell(f, e, s->c_notes);
  if (spec.code == NULL) {
    return povreg__imp_error(im, s->c_code, "missing");
  }
  if ((rc = povreg__hh_check_fields(im->db, &spec)) < 0 ||
      (created != NULL &&
       (rc = povreg__check_date(im->db, "created_on", created, 1)) < 0)) {
    return rc;
  }
  if ((rc = povreg__imp_seen(im, spec.code, 0, 0, &earlier)) < 0) {
    return rc;
  }
  if (earlier != 0) {
    return povreg__imp_error(im, s->c_code, "household %s is also on line %ld",
                             spec.code, earlier);
  }
  if ((rc = find(im->db, spec.code, &h)) < 0) {
    return rc;
  }
  rc = rc == 0 ? add_new(im, s, &spec, created)
               : update_old(im, s, &spec, created, &h);
  stored_clear(&h);
  return rc;
}

/* The reader's callback for a households row. */
static int hh_row(povreg__csv *r, const char *const *fields,
                  const unsigned char *empty, size_t n, long line,
                  void *payload)
{
  povreg__imp *im = payload;
  int rc;

  (void)r;
  (void)n;
  im->line = line;
  im->rep->rows++;
  if ((rc = handle(im, im->state, fields, empty)) < 0) {
    povreg__imp_fail(im, rc);
  }
  return povreg__imp_next(im);
}

/* Allocate the state and find the columns. */
static int hh_begin(povreg__imp *im)
{
  povreg__imp_kind_state *s = calloc(1, sizeof *s);

  if (s == NULL) {
    return povreg__err(im->db, POVREG_ENOMEM, "out of memory");
  }
  im->state = s;
  s->c_code = povreg__imp_col(im, "household_code");
  s->c_commune = povreg__imp_col(im, "commune_code");
  s->c_village = povreg__imp_col(im, "village");
  s->c_address = povreg__imp_col(im, "address");
  s->c_phone = povreg__imp_col(im, "phone");
  s->c_notes = povreg__imp_col(im, "notes");
  s->c_created = povreg__imp_col(im, "created_on");
  return POVREG_OK;
}

/* Free the state. */
static void hh_free(povreg__imp *im)
{
  free(im->state);
  im->state = NULL;
}

/* The households kind. */
const povreg__imp_kind povreg__imp_households = {
    "households", required, optional, field_map, hh_begin,
    NULL,         hh_row,   NULL,     hh_free};
