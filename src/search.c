/*
** search.c: finding households and members by household code, citizen
** ID, or folded name (through the member_name_fts full-text index).
*/
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "povreg_int.h"

/* Columns of a hit, in the order emit_hits reads them. */
#define HIT_COLUMNS                                                            \
  "h.code, m.member_no, m.full_name, m.relation, m.status, "                   \
  "CAST(substr(m.birth_date, 1, 4) AS INTEGER), h.commune_code, v.name "

/* Joins shared by every search. */
#define HIT_FROM                                                               \
  "FROM member m JOIN household h ON h.id = m.household_id "                   \
  "LEFT JOIN village v ON v.id = h.village_id "

/* Run a prepared search and pass each row to cb. */
static int emit_hits(povreg_db *db, sqlite3_stmt *st, const char *matched,
                     povreg_search_cb cb, void *payload)
{
  povreg_search_hit hit;
  int rc;

  while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
    int stop;
    hit.household_code = (const char *)sqlite3_column_text(st, 0);
    hit.member_no = sqlite3_column_int(st, 1);
    hit.full_name = (const char *)sqlite3_column_text(st, 2);
    hit.relation = (const char *)sqlite3_column_text(st, 3);
    hit.status = (const char *)sqlite3_column_text(st, 4);
    hit.birth_year = sqlite3_column_int(st, 5);
    hit.commune_code = (const char *)sqlite3_column_text(st, 6);
    hit.village = (const char *)sqlite3_column_text(st, 7);
    hit.matched = matched;
    if ((stop = cb(&hit, payload)) != 0) {
      return stop;
    }
  }
  return rc == SQLITE_DONE ? POVREG_OK : povreg__sqlite_err(db, "search");
}

/* 1 if s is exactly n ASCII digits. */
static int all_digits(const char *s, size_t n)
{
  size_t i;

  for (i = 0; s[i] != '\0'; i++) {
    if (s[i] < '0' || s[i] > '9') {
      return 0;
    }
  }
  return i == n;
}

/* 1 if a household with this code exists. */
static int code_exists(povreg_db *db, const char *q, int *out)
{
  static const char sql[] = "SELECT 1 FROM household WHERE code = ?1";
  sqlite3_stmt *st = NULL;
  int rc;

  if ((rc = povreg__stmt(db, sql, &st)) < 0) {
    return rc;
  }
  povreg__bind_text(st, 1, q);
  rc = sqlite3_step(st);
  *out = rc == SQLITE_ROW;
  rc = (rc == SQLITE_ROW || rc == SQLITE_DONE)
           ? POVREG_OK
           : povreg__sqlite_err(db, "search");
  povreg__stmt_done(st);
  return rc;
}

/*
** Turn folded text into an FTS5 query: every word becomes a quoted prefix
** term ("nguyen"* "duc"*), so no user text is read as FTS syntax.  A
** one-letter word is matched exactly: in names like "Y Hlinh" or "A
** Blơng" it is a whole word, and as a prefix it would match a large
** share of the index.  Allocates; *out is NULL if the text has no words.
*/
static int fts_query(povreg_db *db, const char *folded, char **out)
{
  size_t n = strlen(folded), i, o = 0;
  char *q = malloc(n * 2 + 8 + n * 4);
  int in_word = 0, words = 0;

  *out = NULL;
  if (q == NULL) {
    return povreg__err(db, POVREG_ENOMEM, "out of memory");
  }
  for (i = 0; i <= n; i++) {
    unsigned char c = (unsigned char)folded[i];
    int word_char =
        c >= 0x80 || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
    if (word_char && !in_word) {
      if (words > 0) {
        q[o++] = ' ';
      }
      q[o++] = '"';
      in_word = 1;
      words++;
    } else if (!word_char && in_word) {
      q[o++] = '"';
      if (!(o >= 3 && q[o - 3] == '"')) {
        q[o++] = '*'; /* a one-letter word ("A", "Y") must match exactly */
      }
      in_word = 0;
    }
    if (word_char) {
      q[o++] = (char)c;
    }
  }
  q[o] = '\0';
  if (words == 0) {
    free(q);
    return POVREG_OK;
  }
  *out = q;
  return POVREG_OK;
}

/* Search the ledger (see povreg/search.h). */
int povreg_search(povreg_db *db, const char *query, povreg_search_kind kind,
                  int limit, povreg_search_cb cb, void *payload)
{
  static const char sql_code[] =
      "SELECT " HIT_COLUMNS HIT_FROM
      "WHERE h.code = ?1 AND m.relation = 'head' AND m.status = 'active' "
      "UNION ALL SELECT " HIT_COLUMNS HIT_FROM
      "WHERE h.code = ?1 AND h.dissolved_on IS NOT NULL AND m.member_no = 1 "
      "LIMIT ?2";
  static const char sql_cid[] =
      "SELECT " HIT_COLUMNS HIT_FROM "WHERE m.citizen_id = ?1 LIMIT ?2";
  static const char sql_name[] =
      "SELECT " HIT_COLUMNS HIT_FROM
      "WHERE m.id IN (SELECT rowid FROM member_name_fts WHERE "
      "member_name_fts MATCH ?1 ORDER BY rowid LIMIT ?2) ORDER BY m.id";
  sqlite3_stmt *st = NULL;
  char *folded = NULL, *fq = NULL;
  int rc, exists = 0;

  if (db == NULL || cb == NULL) {
    return povreg__err(db, POVREG_EINVALID, "invalid argument");
  }
  if (query == NULL || query[0] == '\0') {
    return povreg__err(db, POVREG_EINVALID, "query: empty");
  }
  if (strlen(query) > 200) {
    return povreg__err(db, POVREG_EINVALID,
                       "query: too long (at most 200 bytes)");
  }
  if (!povreg__utf8_valid(query)) {
    return povreg__err(db, POVREG_EINVALID, "query: not valid UTF-8 text");
  }
  if (limit <= 0) {
    limit = 100;
  }
  if (kind == POVREG_SEARCH_AUTO) {
    if (all_digits(query, 12)) {
      kind = POVREG_SEARCH_CITIZEN_ID;
    } else {
      if ((rc = code_exists(db, query, &exists)) < 0) {
        return rc;
      }
      kind = exists ? POVREG_SEARCH_CODE : POVREG_SEARCH_NAME;
    }
  }
  switch (kind) {
  case POVREG_SEARCH_CODE:
    if ((rc = povreg__stmt(db, sql_code, &st)) < 0) {
      goto done;
    }
    povreg__bind_text(st, 1, query);
    sqlite3_bind_int(st, 2, limit);
    rc = emit_hits(db, st, "code", cb, payload);
    break;
  case POVREG_SEARCH_CITIZEN_ID:
    if (!all_digits(query, 12)) {
      rc =
          povreg__err(db, POVREG_EINVALID, "query: a citizen ID has 12 digits");
      goto done;
    }
    if ((rc = povreg__stmt(db, sql_cid, &st)) < 0) {
      goto done;
    }
    povreg__bind_text(st, 1, query);
    sqlite3_bind_int(st, 2, limit);
    rc = emit_hits(db, st, "citizen_id", cb, payload);
    break;
  case POVREG_SEARCH_NAME:
    if ((folded = povreg_fold(query)) == NULL) {
      rc = povreg__err(db, POVREG_ENOMEM, "out of memory");
      goto done;
    }
    if ((rc = fts_query(db, folded, &fq)) < 0) {
      goto done;
    }
    if (fq == NULL) {
      rc = povreg__err(db, POVREG_EINVALID, "query: has no letters or digits");
      goto done;
    }
    if ((rc = povreg__stmt(db, sql_name, &st)) < 0) {
      goto done;
    }
    povreg__bind_text(st, 1, fq);
    sqlite3_bind_int(st, 2, limit);
    rc = emit_hits(db, st, "name", cb, payload);
    break;
  default:
    rc = povreg__err(db, POVREG_EINVALID, "kind: unknown search kind");
    break;
  }
done:
  povreg__stmt_done(st);
  free(folded);
  free(fq);
  return rc;
}
