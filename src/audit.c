/*
** audit.c: the audit log as a hash chain: the hash of an entry, chaining
** the entries of a ledger migrated to schema 11, checking the chain, and
** reading the log with its personal data masked.
**
** Entry i's hash is SHA-256 over a serialisation that cannot be read two
** ways: the previous entry's hash (64 zeros for the first), the id in
** decimal, then at, operator, action, entity, entity_key, old_value and
** new_value; each value is written as its length in bytes, ':' and the
** bytes, and SQL NULL as '-', so NULL and '' differ and no value can
** borrow bytes from the next.  The entries are written by povreg__audit
** (src/db.c), the only write path.
*/
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "povreg_int.h"
#include "sha256.h"

/* The previous hash of the first entry. */
static const char zero_hash[65] =
    "0000000000000000000000000000000000000000000000000000000000000000";

/* Hash one value: "<length>:<bytes>", or "-" for NULL. */
static void hash_field(povreg__sha256 *c, povreg__audit_field f)
{
  char len[32];
  size_t i = sizeof len, n = f.n;

  if (f.p == NULL) {
    povreg__sha256_update(c, "-", 1);
    return;
  }
  /* "<length>:" without printf, which would cost as much as the rest */
  len[--i] = ':';
  do {
    len[--i] = (char)('0' + n % 10);
    n /= 10;
  } while (n > 0);
  povreg__sha256_update(c, len + i, sizeof len - i);
  povreg__sha256_update(c, f.p, f.n);
}

/* The chain hash of an entry (see povreg_int.h). */
void povreg__audit_hash(char out[65], povreg__audit_field prev, int64_t id,
                        const povreg__audit_field f[POVREG__AUDIT_FIELDS])
{
  povreg__sha256 c;
  povreg__audit_field idf;
  unsigned char d[POVREG__SHA256_SIZE];
  char idtext[32];
  int i, n;

  if (prev.p == NULL) {
    prev.p = zero_hash;
    prev.n = POVREG__SHA256_HEX_LEN;
  }
  n = snprintf(idtext, sizeof idtext, "%lld", (long long)id);
  idf.p = idtext;
  idf.n = (size_t)n;
  povreg__sha256_init(&c);
  hash_field(&c, prev);
  hash_field(&c, idf);
  for (i = 0; i < POVREG__AUDIT_FIELDS; i++) {
    hash_field(&c, f[i]);
  }
  povreg__sha256_final(&c, d);
  povreg__sha256_hex(d, out);
}

/* Column col of a row as a hashed value (NULL stays NULL). */
static povreg__audit_field col_field(sqlite3_stmt *st, int col)
{
  povreg__audit_field f;

  if (sqlite3_column_type(st, col) == SQLITE_NULL) {
    f.p = NULL;
    f.n = 0;
    return f;
  }
  f.p = (const char *)sqlite3_column_text(st, col);
  f.n = (size_t)sqlite3_column_bytes(st, col);
  if (f.p == NULL) { /* out of memory converting: hash as empty text */
    f.p = "";
    f.n = 0;
  }
  return f;
}

/*
** Hash of the entry in the current row of st, whose column 0 is the id
** and columns 1..7 the hashed values, chained from prev.
*/
static void row_hash(char out[65], sqlite3_stmt *st, povreg__audit_field prev)
{
  povreg__audit_field f[POVREG__AUDIT_FIELDS];
  int i;

  for (i = 0; i < POVREG__AUDIT_FIELDS; i++) {
    f[i] = col_field(st, i + 1);
  }
  povreg__audit_hash(out, prev, sqlite3_column_int64(st, 0), f);
}

/* Entries chained per batch by povreg__audit_chain_fill. */
#define FILL_BATCH 256

/* Chain every audit entry (see povreg_int.h). */
int povreg__audit_chain_fill(povreg_db *db)
{
  static const char sql_read[] =
      "SELECT id, at, operator, action, entity, entity_key, old_value, "
      "new_value FROM audit WHERE id > ?1 ORDER BY id LIMIT ?2";
  static const char sql_set[] =
      "UPDATE audit SET hash = ?2 WHERE id = ?1 AND hash IS NULL";
  int64_t ids[FILL_BATCH], last = 0;
  char(*hashes)[65] = NULL;
  char prev[65];
  povreg__audit_field pf;
  sqlite3_stmt *st = NULL;
  size_t n, i;
  int rc = POVREG_OK;

  if ((hashes = malloc(FILL_BATCH * sizeof *hashes)) == NULL) {
    return povreg__err(db, POVREG_ENOMEM, "out of memory");
  }
  memcpy(prev, zero_hash, sizeof prev);
  for (;;) {
    if ((rc = povreg__stmt(db, sql_read, &st)) < 0) {
      goto done;
    }
    sqlite3_bind_int64(st, 1, last);
    sqlite3_bind_int(st, 2, FILL_BATCH);
    n = 0;
    while (n < FILL_BATCH && (rc = sqlite3_step(st)) == SQLITE_ROW) {
      pf.p = prev;
      pf.n = POVREG__SHA256_HEX_LEN;
      ids[n] = sqlite3_column_int64(st, 0);
      row_hash(hashes[n], st, pf);
      memcpy(prev, hashes[n], sizeof prev);
      n++;
    }
    if (rc != SQLITE_ROW && rc != SQLITE_DONE) {
      rc = povreg__sqlite_err(db, "audit");
      goto done;
    }
    povreg__stmt_done(st);
    st = NULL;
    if (n == 0) {
      rc = POVREG_OK;
      break;
    }
    for (i = 0; i < n; i++) {
      if ((rc = povreg__stmt(db, sql_set, &st)) < 0) {
        goto done;
      }
      sqlite3_bind_int64(st, 1, ids[i]);
      povreg__bind_text(st, 2, hashes[i]);
      if (sqlite3_step(st) != SQLITE_DONE) {
        rc = povreg__sqlite_err(db, "audit");
        goto done;
      }
      povreg__stmt_done(st);
      st = NULL;
    }
    last = ids[n - 1];
    if (n < FILL_BATCH) {
      rc = POVREG_OK;
      break;
    }
  }
done:
  povreg__stmt_done(st);
  free(hashes);
  return rc;
}

/* 1 if s (n bytes, may be NULL) is 64 lower-case hex digits. */
static int is_hash(const char *s, size_t n)
{
  size_t i;

  if (s == NULL || n != POVREG__SHA256_HEX_LEN) {
    return 0;
  }
  for (i = 0; i < n; i++) {
    if (!((s[i] >= '0' && s[i] <= '9') || (s[i] >= 'a' && s[i] <= 'f'))) {
      return 0;
    }
  }
  return 1;
}

/*
** Copy text for a one-line message into out (size n): control characters
** become '?', and a cut never splits a UTF-8 sequence.  NULL gives "".
*/
static void copy_line(char *out, size_t n, const char *s)
{
  size_t i = 0, k;

  if (s != NULL) {
    while (s[i] != '\0' && i + 1 < n) {
      out[i] = (unsigned char)s[i] < 0x20 || s[i] == 0x7f ? '?' : s[i];
      i++;
    }
    if (s[i] != '\0') { /* cut: drop a partial UTF-8 sequence at the end */
      k = i;
      while (k > 0 && ((unsigned char)out[k - 1] & 0xC0u) == 0x80u) {
        k--;
      }
      if (k > 0 && ((unsigned char)out[k - 1] & 0x80u) != 0) {
        i = k - 1;
      }
    }
  }
  out[i] = '\0';
}

/*
** Normalise an expected head hash to lower case into out.  Returns 1 if
** it is 64 hex digits.
*/
static int parse_expect(const char *s, char out[65])
{
  size_t i;

  if (strlen(s) != POVREG__SHA256_HEX_LEN) {
    return 0;
  }
  for (i = 0; i < POVREG__SHA256_HEX_LEN; i++) {
    char c = s[i];
    if (c >= 'A' && c <= 'F') {
      c = (char)(c - 'A' + 'a');
    }
    if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) {
      return 0;
    }
    out[i] = c;
  }
  out[i] = '\0';
  return 1;
}

/* State of a walk along the chain. */
typedef struct walk {
  povreg_audit_report *rep;
  char prev[65];     /* stored hash of the last sound entry */
  int64_t prev_id;   /* its id, 0 before the first */
  int pending;       /* the entry below does not match its hash */
  int64_t p_id;      /* its id */
  char p_hash[65];   /* its stored hash */
  char p_action[64]; /* its action */
  int p_first;       /* it is the first entry */
  int have_expect;   /* an expected head was given */
  char expect[65];   /* it, in lower case */
} walk;

/* Record the fault at entry id (its action) with a message. */
static void fault(walk *w, povreg_audit_fault kind, int64_t id,
                  const char *action, const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 5, 6)))
#endif
    ;

/* Record the fault (see the declaration above). */
static void fault(walk *w, povreg_audit_fault kind, int64_t id,
                  const char *action, const char *fmt, ...)
{
  va_list ap;

  w->rep->ok = 0;
  w->rep->fault = kind;
  w->rep->bad_id = id;
  copy_line(w->rep->bad_action, sizeof w->rep->bad_action, action);
  va_start(ap, fmt);
  vsnprintf(w->rep->message, sizeof w->rep->message, fmt, ap);
  va_end(ap);
}

/*
** Judge the pending entry (it did not match its hash) by the row st
** holds, the next one: if that entry still chains from the pending
** entry's stored hash, the hash is genuine and the content changed;
** otherwise the pending entry does not belong where it is.
*/
static void judge_pending(walk *w, sqlite3_stmt *st)
{
  povreg__audit_field pf;
  char h[65];
  int64_t id = sqlite3_column_int64(st, 0);
  const char *hash = (const char *)sqlite3_column_text(st, 8);

  pf.p = w->p_hash;
  pf.n = POVREG__SHA256_HEX_LEN;
  row_hash(h, st, pf);
  if (id == w->p_id + 1 && hash != NULL &&
      is_hash(hash, (size_t)sqlite3_column_bytes(st, 8)) &&
      memcmp(h, hash, POVREG__SHA256_HEX_LEN) == 0) {
    fault(w, POVREG_AUDIT_CHANGED, w->p_id, w->p_action,
          "audit entry %lld (%s): changed after it was written: its "
          "content no longer matches its hash",
          (long long)w->p_id, w->p_action);
  } else if (w->p_first) {
    fault(w, POVREG_AUDIT_UNLINKED, w->p_id, w->p_action,
          "audit entry %lld (%s): does not chain from the start of the "
          "log: inserted, moved or reordered, or changed with its hash",
          (long long)w->p_id, w->p_action);
  } else {
    fault(w, POVREG_AUDIT_UNLINKED, w->p_id, w->p_action,
          "audit entry %lld (%s): does not chain from entry %lld: "
          "inserted, moved or reordered, or changed with its hash",
          (long long)w->p_id, w->p_action, (long long)w->prev_id);
  }
}

/*
** Check one row of the walk.  Returns 1 when the walk must stop (a fault
** was recorded), else 0.
*/
static int check_row(walk *w, sqlite3_stmt *st)
{
  povreg__audit_field pf;
  char h[65], action[64];
  int64_t id = sqlite3_column_int64(st, 0);
  const char *hash = (const char *)sqlite3_column_text(st, 8);
  size_t hash_len = (size_t)sqlite3_column_bytes(st, 8);

  if (w->pending) {
    judge_pending(w, st);
    return 1;
  }
  copy_line(action, sizeof action, (const char *)sqlite3_column_text(st, 3));
  if (id <= w->prev_id) { /* only an id below 1 can come first */
    fault(w, POVREG_AUDIT_UNLINKED, id, action,
          "audit entry %lld (%s): ids start at 1: inserted outside povreg",
          (long long)id, action);
    return 1;
  }
  if (id != w->prev_id + 1) {
    if (w->prev_id == 0 && id == 2) {
      fault(w, POVREG_AUDIT_REMOVED, 1, action,
            "audit entry 1 removed: the log starts at entry 2 (%s)", action);
    } else if (w->prev_id == 0) {
      fault(w, POVREG_AUDIT_REMOVED, 1, action,
            "audit entries 1-%lld removed: the log starts at entry %lld (%s)",
            (long long)(id - 1), (long long)id, action);
    } else if (id == w->prev_id + 2) {
      fault(w, POVREG_AUDIT_REMOVED, w->prev_id + 1, action,
            "audit entry %lld removed: the log goes from entry %lld to "
            "entry %lld (%s)",
            (long long)(w->prev_id + 1), (long long)w->prev_id, (long long)id,
            action);
    } else {
      fault(w, POVREG_AUDIT_REMOVED, w->prev_id + 1, action,
            "audit entries %lld-%lld removed: the log goes from entry %lld "
            "to entry %lld (%s)",
            (long long)(w->prev_id + 1), (long long)(id - 1),
            (long long)w->prev_id, (long long)id, action);
    }
    return 1;
  }
  if (!is_hash(hash, hash_len)) {
    fault(w, POVREG_AUDIT_MISSING, id, action,
          "audit entry %lld (%s): has no hash: written or altered outside "
          "povreg",
          (long long)id, action);
    return 1;
  }
  pf.p = w->prev_id == 0 ? NULL : w->prev;
  pf.n = POVREG__SHA256_HEX_LEN;
  row_hash(h, st, pf);
  if (memcmp(h, hash, POVREG__SHA256_HEX_LEN) != 0) {
    w->pending = 1;
    w->p_id = id;
    w->p_first = w->prev_id == 0;
    memcpy(w->p_hash, hash, POVREG__SHA256_HEX_LEN + 1);
    memcpy(w->p_action, action, sizeof w->p_action);
    return 0;
  }
  memcpy(w->prev, hash, POVREG__SHA256_HEX_LEN + 1);
  w->prev_id = id;
  w->rep->entries++;
  if (w->have_expect && memcmp(hash, w->expect, POVREG__SHA256_HEX_LEN) == 0) {
    w->rep->anchor_id = id;
  }
  return 0;
}

/* Check the audit chain (see povreg/audit.h). */
int povreg_audit_verify(povreg_audit_report *out, povreg_db *db,
                        const char *expect_head)
{
  static const char sql[] =
      "SELECT id, at, operator, action, entity, entity_key, old_value, "
      "new_value, hash FROM audit ORDER BY id";
  sqlite3_stmt *st = NULL;
  walk w;
  int rc, stop = 0;

  if (out == NULL || db == NULL) {
    return povreg__err(db, POVREG_EINVALID, "invalid argument");
  }
  memset(out, 0, sizeof *out);
  memset(&w, 0, sizeof w);
  w.rep = out;
  if (expect_head != NULL) {
    if (!parse_expect(expect_head, w.expect)) {
      return povreg__err(db, POVREG_EINVALID,
                         "expect_head: not a SHA-256 hash (64 hex digits)");
    }
    w.have_expect = 1;
  }
  if ((rc = povreg__stmt(db, sql, &st)) < 0) {
    return rc;
  }
  while (!stop && (rc = sqlite3_step(st)) == SQLITE_ROW) {
    stop = check_row(&w, st);
  }
  if (!stop && rc != SQLITE_DONE) {
    rc = povreg__sqlite_err(db, "audit");
    goto done;
  }
  if (!stop && w.pending) {
    fault(&w, POVREG_AUDIT_UNLINKED, w.p_id, w.p_action,
          "audit entry %lld (%s), the last: does not match its hash: "
          "changed, or added outside povreg",
          (long long)w.p_id, w.p_action);
    stop = 1;
  }
  if (w.prev_id > 0) {
    memcpy(out->head, w.prev, sizeof out->head);
  }
  if (w.have_expect && out->anchor_id > 0) {
    out->since_anchor = w.prev_id - out->anchor_id;
  }
  if (!stop && w.have_expect && out->anchor_id == 0) {
    fault(&w, POVREG_AUDIT_ANCHOR, 0, "",
          "the expected head %.12s... is not in the audit chain (%lld "
          "entries, head %.12s...): the log was truncated or rewritten",
          w.expect, (long long)w.prev_id, w.prev_id > 0 ? w.prev : "none");
    stop = 1;
  }
  if (stop) {
    rc = povreg__err(db, POVREG_ECONSTRAINT, "%s", out->message);
  } else {
    out->ok = 1;
    out->fault = POVREG_AUDIT_OK;
    rc = POVREG_OK;
  }
done:
  povreg__stmt_done(st);
  return rc;
}

/* ---- reading the log ------------------------------------------------- */

/* How a personal value is masked: 0 not personal, 1 an identifier, 2 a
   birth date. */
static int personal_kind(const char *key, size_t n)
{
  if ((n == 10 && memcmp(key, "citizen_id", 10) == 0) ||
      (n == 7 && memcmp(key, "bhxh_no", 7) == 0)) {
    return 1;
  }
  if (n == 10 && memcmp(key, "birth_date", 10) == 0) {
    return 2;
  }
  return 0;
}

/*
** Write the masked form of a JSON string's content s (n bytes, escapes
** as written) to o and return the end: an identifier keeps its last 4
** characters (when it is plain ASCII longer than 4), a birth date its
** year; everything else becomes '*'.
*/
static char *mask_value(char *o, const char *s, size_t n, int kind)
{
  size_t i, plain = 1;

  for (i = 0; i < n; i++) {
    if (s[i] == '\\' || (unsigned char)s[i] >= 0x80) {
      plain = 0;
    }
  }
  if (kind == 2 && plain && n >= 4 && s[0] >= '0' && s[0] <= '9' &&
      s[1] >= '0' && s[1] <= '9' && s[2] >= '0' && s[2] <= '9' && s[3] >= '0' &&
      s[3] <= '9') {
    memcpy(o, s, 4);
    return o + 4;
  }
  for (i = 0; i < n; i++) {
    *o++ = (kind == 1 && plain && n > 4 && i + 4 >= n) ? s[i] : '*';
  }
  return o;
}

/*
** Copy JSON text in to out (at least strlen(in) + 1 bytes) with the
** string values of the keys citizen_id, bhxh_no and birth_date masked,
** at any depth.  Text that is not JSON is copied as it is, apart from
** strings that follow such a key.
*/
static void mask_json(char *out, const char *in)
{
  const char *s = in, *b, *e, *k;
  char *o = out;
  int kind = 0;

  while (*s != '\0') {
    if (*s != '"') {
      if (*s != ' ' && *s != '\t' && *s != '\n' && *s != '\r' && *s != ':') {
        kind = 0;
      }
      *o++ = *s++;
      continue;
    }
    b = s + 1;
    for (e = b; *e != '\0' && *e != '"'; e++) {
      if (*e == '\\' && e[1] != '\0') {
        e++;
      }
    }
    k = *e == '"' ? e + 1 : e;
    while (*k == ' ' || *k == '\t' || *k == '\n' || *k == '\r') {
      k++;
    }
    if (*k == ':') { /* a key: copy it, remember what it names */
      kind = personal_kind(b, (size_t)(e - b));
      memcpy(o, s, (size_t)(k - s));
      o += k - s;
      s = k;
      continue;
    }
    if (kind != 0) {
      *o++ = '"';
      o = mask_value(o, b, (size_t)(e - b), kind);
      if (*e == '"') {
        *o++ = '"';
      }
    } else {
      memcpy(o, s, (size_t)(k - s));
      o += k - s;
    }
    kind = 0;
    s = k;
  }
  *o = '\0';
}

/* 1 if s looks like a household code: [A-Za-z0-9._-]{1,32}. */
static int code_shape(const char *s)
{
  size_t i;

  for (i = 0; s[i] != '\0'; i++) {
    char c = s[i];
    if (i >= 32 ||
        !((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ||
          (c >= '0' && c <= '9') || c == '.' || c == '_' || c == '-')) {
      return 0;
    }
  }
  return i > 0;
}

/* Buffers for masked values, reused from entry to entry. */
typedef struct mask_buf {
  char *p;
  size_t cap;
} mask_buf;

/*
** The masked copy of column col of st in b, or the column's own text when
** show is set or it is NULL.  Sets *oom when memory ran out.  Borrowed.
*/
static const char *masked_col(sqlite3_stmt *st, int col, int show, mask_buf *b,
                              int *oom)
{
  const char *t = (const char *)sqlite3_column_text(st, col);
  size_t n;
  char *p;

  if (t == NULL || show) {
    return t;
  }
  n = (size_t)sqlite3_column_bytes(st, col) + 1;
  if (n > b->cap) {
    if ((p = realloc(b->p, n)) == NULL) {
      *oom = 1;
      return NULL;
    }
    b->p = p;
    b->cap = n;
  }
  mask_json(b->p, t);
  return b->p;
}

/* The WHERE clause of the log queries: ?1 since, ?2 household. */
#define LOG_WHERE                                                              \
  "WHERE (?1 IS NULL OR at >= ?1) AND (?2 IS NULL OR id IN ("                  \
  "SELECT id FROM audit WHERE entity = 'household' AND entity_key = ?2 "       \
  "UNION ALL SELECT id FROM audit WHERE entity IN ('member', 'survey', "       \
  "'classification') AND entity_key >= ?2 || '/' AND entity_key < ?2 || "      \
  "'0' "                                                                       \
  "UNION ALL SELECT id FROM audit WHERE entity = 'member' AND CASE WHEN "      \
  "json_valid(old_value) THEN json_extract(old_value, '$.household') END = "   \
  "?2 AND NOT (entity_key >= ?2 || '/' AND entity_key < ?2 || '0') "           \
  "UNION ALL SELECT id FROM audit WHERE entity = 'review' AND "                \
  "substr(entity_key, -length(?2) - 1) = '/' || ?2 AND length(entity_key) "    \
  "- length(replace(entity_key, '/', '')) = 2)) "

/* The columns the log reads. */
#define LOG_COLUMNS                                                            \
  "id, at, operator, action, entity, entity_key, old_value, new_value, hash "

/* Give the audit entries that match a filter (see povreg/audit.h). */
int povreg_audit_log(povreg_db *db, const povreg_audit_filter *f,
                     povreg_audit_cb cb, void *payload)
{
  static const char sql_all[] =
      "SELECT " LOG_COLUMNS "FROM audit " LOG_WHERE "ORDER BY id";
  static const char sql_last[] =
      "SELECT " LOG_COLUMNS "FROM (SELECT " LOG_COLUMNS "FROM audit " LOG_WHERE
      "ORDER BY id DESC LIMIT ?3) ORDER BY id";
  static const povreg_audit_filter none = {NULL, NULL, 0, 0};
  povreg_audit_entry e;
  mask_buf ob = {NULL, 0}, nb = {NULL, 0};
  sqlite3_stmt *st = NULL;
  int rc, oom = 0, stop = 0, show;

  if (db == NULL || cb == NULL) {
    return povreg__err(db, POVREG_EINVALID, "invalid argument");
  }
  if (f == NULL) {
    f = &none;
  }
  if (f->since != NULL && !povreg__date_valid(f->since)) {
    return povreg__err(db, POVREG_EINVALID,
                       "since: '%.20s' is not a date YYYY-MM-DD", f->since);
  }
  if (f->household != NULL && !code_shape(f->household)) {
    return povreg__err(db, POVREG_EINVALID,
                       "household: '%.40s' is not a household code (1 to 32 "
                       "letters, digits, '.', '_' or '-')",
                       f->household);
  }
  if (f->limit < 0) {
    return povreg__err(db, POVREG_EINVALID, "limit: must not be negative");
  }
  show = f->show_personal != 0;
  if ((rc = povreg__stmt(db, f->limit > 0 ? sql_last : sql_all, &st)) < 0) {
    return rc;
  }
  povreg__bind_text(st, 1, f->since);
  povreg__bind_text(st, 2, f->household);
  if (f->limit > 0) {
    sqlite3_bind_int(st, 3, f->limit);
  }
  while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
    e.id = sqlite3_column_int64(st, 0);
    e.at = (const char *)sqlite3_column_text(st, 1);
    e.operator_name = (const char *)sqlite3_column_text(st, 2);
    e.action = (const char *)sqlite3_column_text(st, 3);
    e.entity = (const char *)sqlite3_column_text(st, 4);
    e.entity_key = (const char *)sqlite3_column_text(st, 5);
    e.old_value = masked_col(st, 6, show, &ob, &oom);
    e.new_value = masked_col(st, 7, show, &nb, &oom);
    e.hash = (const char *)sqlite3_column_text(st, 8);
    if (oom) {
      rc = povreg__err(db, POVREG_ENOMEM, "out of memory");
      goto done;
    }
    if ((stop = cb(&e, payload)) != 0) {
      rc = stop;
      goto done;
    }
  }
  rc = rc == SQLITE_DONE ? POVREG_OK : povreg__sqlite_err(db, "audit");
done:
  povreg__stmt_done(st);
  free(ob.p);
  free(nb.p);
  return rc;
}
