/*
** csvread.c: a streaming CSV reader over libcsv (see csvread.h for what
** it accepts and reports).
**
** How it works.  Bytes are read with fread() in chunks of r->chunk.  Each
** chunk is handed to csv_parse() in pieces that end at a line-end byte (CR
** or LF) or at the end of the chunk, so that every byte of a piece except
** its last lies on the line r->line, and a record can only end (libcsv's
** row callback) at the last byte of a piece.  That gives exact line
** numbers without a second parser: a record starts at the first byte that
** is not a blank or a line end after the previous record ended (which is
** where libcsv leaves its ROW_NOT_BEGUN state), and a field starts on the
** line where the field before it ended.  Every result is therefore the
** same whatever the chunk size; the tests feed each file in chunks of
** every size from 1 byte to its length.
**
** The separator is found before libcsv starts: the start of the file is
** read ahead (a bounded amount) up to the first ',' or ';' outside quotes
** or the end of the header line.
**
** A field longer than the limit is caught when it ends (its length), and
** also while libcsv is still buffering it (libcsv's buffer size, checked
** after every piece), so that an unclosed quote cannot make it hold the
** rest of a large file.
*/
#include <csv.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "csvread.h"
#include "povreg_int.h"

/* libcsv options: RFC 4180 quoting enforced, fields NUL-terminated. */
#define CSV_OPTS (CSV_STRICT | CSV_STRICT_FINI | CSV_APPEND_NULL)

struct povreg__csv {
  FILE *in;          /* the input, not owned */
  char *name;        /* file name for messages (owned) */
  size_t chunk;      /* bytes per fread() */
  size_t max_field;  /* longest field value */
  size_t guard;      /* most bytes libcsv may buffer for one field */
  size_t max_errors; /* size of the error list */

  struct csv_parser parser; /* libcsv state */
  int parser_live;          /* csv_init() done: csv_free() needed */

  unsigned char *buf; /* input bytes (owned) */
  size_t buf_cap;     /* allocated size of buf */
  size_t buf_len;     /* bytes in buf */
  size_t buf_pos;     /* next byte of buf to parse */
  int eof;            /* the input is at its end */
  int finished;       /* csv_fini() done */

  char sep;        /* ',' or ';' */
  long line;       /* physical line of the next byte to parse */
  int prev_cr;     /* the last byte parsed was a CR */
  int in_record;   /* a record has begun and not ended */
  long rec_line;   /* line where the current record starts */
  long field_line; /* line where the current field starts */

  int header_done; /* the header record has ended */
  int header_bad;  /* the header has an error */
  char **names;    /* column names (owned, each owned) */
  size_t ncols;    /* number of columns */

  char *arena;          /* the current record's values, NUL-terminated */
  size_t arena_len;     /* bytes used in arena */
  size_t arena_cap;     /* allocated size of arena */
  size_t *off;          /* offset in arena of each stored field */
  size_t off_cap;       /* allocated elements of off */
  size_t nfields;       /* fields seen in the current record */
  int record_bad;       /* the current record has an error */
  unsigned char *empty; /* per-column "is empty" flags for the callback */
  const char **fields;  /* per-column value pointers for the callback */

  povreg__csv_record_cb cb; /* the record callback, or NULL */
  void *payload;            /* its payload */
  int cb_rc;                /* what the callback returned when it stopped */
  int paused;               /* the callback stopped the reading */
  int done;                 /* nothing more can be read */
  int hard;                 /* POVREG_ENOMEM or POVREG_ERROR, else 0 */
  int busy;                 /* inside povreg__csv_read() */

  povreg__sha256 *digest; /* fed every byte read, or NULL */
  long header_line;       /* line the header starts on */

  povreg__csv_error *errors; /* the error list (owned) */
  size_t nerrors;            /* errors in it */
  size_t errors_cap;         /* allocated elements */
};

/* ---- errors ------------------------------------------------------------ */

/*
** Copy src into dst (size n > 0), cut on a UTF-8 character boundary if it
** does not fit.
*/
static void copy_cut(char *dst, size_t n, const char *src)
{
  size_t len = strlen(src);

  if (len >= n) {
    len = n - 1;
    while (len > 0 && ((unsigned char)src[len] & 0xC0) == 0x80) {
      len--;
    }
  }
  memcpy(dst, src, len);
  dst[len] = '\0';
}

/*
** Append an error (printf-style message) unless the list is full; the
** list becoming full ends the reading.  Out of memory ends it too, with
** POVREG_ENOMEM.
*/
static void add_error_v(povreg__csv *r, long line, int column, const char *fmt,
                        va_list ap)
{
  povreg__csv_error *e;
  void *grown;

  if (r->nerrors >= r->max_errors) {
    r->done = 1;
    return;
  }
  grown = povreg__grow(r->errors, &r->errors_cap, r->nerrors, sizeof *e);
  if (grown == NULL) {
    r->hard = POVREG_ENOMEM;
    r->done = 1;
    return;
  }
  r->errors = grown;
  e = &r->errors[r->nerrors++];
  e->line = line;
  e->column = column;
  e->column_name[0] = '\0';
  if (column > 0 && (size_t)column <= r->ncols && r->names != NULL) {
    copy_cut(e->column_name, sizeof e->column_name, r->names[column - 1]);
  }
  vsnprintf(e->message, sizeof e->message, fmt, ap);
  if (r->nerrors >= r->max_errors) {
    r->done = 1;
  }
}

/* add_error_v() with the arguments inline (declared for the format check). */
static void add_error(povreg__csv *r, long line, int column, const char *fmt,
                      ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 4, 5)))
#endif
    ;

/* add_error_v() with the arguments inline. */
static void add_error(povreg__csv *r, long line, int column, const char *fmt,
                      ...)
{
  va_list ap;

  va_start(ap, fmt);
  add_error_v(r, line, column, fmt, ap);
  va_end(ap);
}

/* Record an error that ends the reading (the input cannot be followed). */
static void fatal(povreg__csv *r, long line, int column, const char *msg)
{
  add_error(r, line, column, "%s", msg);
  r->done = 1;
}

/* The 1-based column of the field being read, for messages. */
static int cur_column(const povreg__csv *r)
{
  return r->nfields < (size_t)INT_MAX ? (int)r->nfields + 1 : INT_MAX;
}

/* ---- field checks ---------------------------------------------------- */

/*
** Offset of the first byte of s[0..n) that does not start a valid UTF-8
** character (overlong forms, surrogates and code points past U+10FFFF
** are invalid), or n if all of it is valid.
*/
static size_t utf8_bad(const unsigned char *s, size_t n)
{
  size_t i = 0;

  while (i < n) {
    unsigned c = s[i];
    unsigned lo = 0x80, hi = 0xBF;
    size_t len, k;

    if (c < 0x80) {
      i++;
      continue;
    }
    if (c >= 0xC2 && c <= 0xDF) {
      len = 2;
    } else if (c >= 0xE0 && c <= 0xEF) {
      len = 3;
      lo = c == 0xE0 ? 0xA0 : 0x80; /* no overlong forms */
      hi = c == 0xED ? 0x9F : 0xBF; /* no surrogates */
    } else if (c >= 0xF0 && c <= 0xF4) {
      len = 4;
      lo = c == 0xF0 ? 0x90 : 0x80; /* no overlong forms */
      hi = c == 0xF4 ? 0x8F : 0xBF; /* nothing past U+10FFFF */
    } else {
      return i;
    }
    if (n - i < len || s[i + 1] < lo || s[i + 1] > hi) {
      return i;
    }
    for (k = 2; k < len; k++) {
      if ((s[i + k] & 0xC0) != 0x80) {
        return i;
      }
    }
    i += len;
  }
  return n;
}

/*
** 1 if the field being read is over-long: it has ended (ended set) and its
** value of n bytes is longer than the limit, or libcsv has had to buffer
** more than the guard for it so far (surrounding blanks included).
*/
static int over_long(povreg__csv *r, size_t n, int ended)
{
  return (ended && n > r->max_field) ||
         csv_get_buffer_size(&r->parser) > r->guard;
}

/* Record the over-long error for the field being read; ends the reading. */
static void over_long_error(povreg__csv *r)
{
  add_error(r, r->field_line, cur_column(r), "field longer than %zu bytes",
            r->max_field);
  r->done = 1;
}

/* ---- libcsv callbacks ---------------------------------------------- */

/* Store a field of the current record in the arena (as field r->nfields). */
static int store_field(povreg__csv *r, const char *s, size_t n)
{
  void *grown;
  size_t need;

  grown = povreg__grow(r->off, &r->off_cap, r->nfields, sizeof *r->off);
  if (grown == NULL) {
    return POVREG_ENOMEM;
  }
  r->off = grown;
  need = r->arena_len + n + 1;
  if (need > r->arena_cap) {
    size_t cap = r->arena_cap ? r->arena_cap : 256;
    char *a;

    while (cap < need) {
      cap *= 2;
    }
    if ((a = realloc(r->arena, cap)) == NULL) {
      return POVREG_ENOMEM;
    }
    r->arena = a;
    r->arena_cap = cap;
  }
  memcpy(r->arena + r->arena_len, s, n);
  r->arena[r->arena_len + n] = '\0';
  r->off[r->nfields] = r->arena_len;
  r->arena_len += n + 1;
  return 0;
}

/*
** libcsv's field callback: check the field (length, NUL, UTF-8) and store
** it if the record keeps it.  s holds n bytes (plus a NUL), valid only
** during the call.
*/
static void on_field(void *s, size_t n, void *data)
{
  povreg__csv *r = data;
  const unsigned char *u = s;
  size_t bad;

  if (r->done || r->paused) {
    return;
  }
  if (over_long(r, n, 1)) {
    over_long_error(r);
    return;
  }
  if (n > 0 && memchr(u, '\0', n) != NULL) {
    fatal(r, r->field_line, cur_column(r),
          "NUL byte in the field (not a UTF-8 text file?)");
    return;
  }
  if (!r->header_done && r->nfields >= POVREG__CSV_MAX_COLUMNS) {
    add_error(r, r->field_line, 0, "more than %d columns in the header",
              POVREG__CSV_MAX_COLUMNS);
    r->header_bad = 1;
    r->done = 1;
    return;
  }
  if ((bad = utf8_bad(u, n)) < n) {
    add_error(r, r->field_line, cur_column(r),
              "invalid UTF-8 at byte %zu (save the file as CSV UTF-8)",
              bad + 1);
    r->record_bad = 1;
    if (!r->header_done) {
      r->header_bad = 1;
    }
  }
  if (!r->header_done || r->nfields < r->ncols) {
    if (store_field(r, s, n) != 0) {
      r->hard = POVREG_ENOMEM;
      r->done = 1;
      return;
    }
  }
  r->nfields++;
  r->field_line = r->line;
}

/* Trim blanks and line breaks at both ends of s, in place. */
static void trim(char *s)
{
  size_t a = 0, b = strlen(s);

  while (a < b && strchr(" \t\r\n", s[a]) != NULL) {
    a++;
  }
  while (b > a && strchr(" \t\r\n", s[b - 1]) != NULL) {
    b--;
  }
  memmove(s, s + a, b - a);
  s[b - a] = '\0';
}

/*
** The header record has ended: keep its names (trimmed) and check them
** (empty, duplicate).  Sets up the per-record arrays.
*/
static void end_header(povreg__csv *r)
{
  size_t i, j;

  r->header_done = 1;
  r->header_line = r->rec_line;
  if (r->header_bad) {
    r->done = 1;
    return;
  }
  r->ncols = r->nfields;
  if ((r->names = calloc(r->ncols, sizeof *r->names)) == NULL ||
      (r->empty = calloc(r->ncols, 1)) == NULL ||
      (r->fields = calloc(r->ncols, sizeof *r->fields)) == NULL) {
    goto nomem;
  }
  for (i = 0; i < r->ncols; i++) {
    if ((r->names[i] = povreg__strdup(r->arena + r->off[i])) == NULL) {
      goto nomem;
    }
    trim(r->names[i]);
  }
  for (i = 0; i < r->ncols && !r->done; i++) {
    if (r->names[i][0] == '\0') {
      add_error(r, r->rec_line, (int)i + 1, "empty column name");
      r->header_bad = 1;
      continue;
    }
    for (j = 0; j < i; j++) {
      if (strcmp(r->names[i], r->names[j]) == 0) {
        add_error(r, r->rec_line, (int)i + 1,
                  "duplicate column name (also column %zu)", j + 1);
        r->header_bad = 1;
        break;
      }
    }
  }
  if (r->header_bad) {
    r->done = 1;
  }
  return;
nomem:
  if (r->names != NULL) {
    for (i = 0; i < r->ncols; i++) {
      free(r->names[i]);
    }
    free(r->names);
    r->names = NULL;
  }
  r->ncols = 0;
  r->hard = POVREG_ENOMEM;
  r->header_bad = 1;
  r->done = 1;
}

/*
** The current data record has ended: check its field count and pass it
** to the callback if it has no error.
*/
static void end_record(povreg__csv *r)
{
  size_t i;
  int rc;

  if (r->nfields != r->ncols) {
    add_error(r, r->rec_line, 0, "%zu field%s, the header has %zu", r->nfields,
              r->nfields == 1 ? "" : "s", r->ncols);
    return;
  }
  if (r->record_bad || r->cb == NULL) {
    return;
  }
  for (i = 0; i < r->ncols; i++) {
    r->fields[i] = r->arena + r->off[i];
    r->empty[i] = r->fields[i][0] == '\0';
  }
  rc = r->cb(r, r->fields, r->empty, r->ncols, r->rec_line, r->payload);
  if (rc != 0) {
    r->cb_rc = rc;
    r->paused = 1;
  }
}

/* libcsv's record callback (c is the line-end byte, or -1 at the end). */
static void on_row(int c, void *data)
{
  povreg__csv *r = data;

  (void)c;
  if (r->done || r->paused) {
    return;
  }
  if (!r->header_done) {
    end_header(r);
  } else {
    end_record(r);
  }
  r->in_record = 0;
  r->nfields = 0;
  r->arena_len = 0;
  r->record_bad = 0;
}

/* ---- input --------------------------------------------------------- */

/*
** Read up to r->chunk more bytes at the end of buf (growing it).
** Sets r->eof at the end of the input.  Returns 0, POVREG_ENOMEM or
** POVREG_ERROR (a read error, also listed).
*/
static int read_more(povreg__csv *r)
{
  size_t got;

  if (r->buf_cap - r->buf_len < r->chunk) {
    unsigned char *b = realloc(r->buf, r->buf_len + r->chunk);

    if (b == NULL) {
      r->hard = POVREG_ENOMEM;
      r->done = 1;
      return POVREG_ENOMEM;
    }
    r->buf = b;
    r->buf_cap = r->buf_len + r->chunk;
  }
  got = fread(r->buf + r->buf_len, 1, r->chunk, r->in);
  if (r->digest != NULL && got > 0) {
    povreg__sha256_update(r->digest, r->buf + r->buf_len, got);
  }
  r->buf_len += got;
  if (got < r->chunk) {
    if (ferror(r->in)) {
      add_error(r, r->line, 0, "read error");
      r->hard = POVREG_ERROR;
      r->done = 1;
      return POVREG_ERROR;
    }
    r->eof = 1;
  }
  return 0;
}

/*
** Find the separator and skip a byte-order mark: read ahead from the
** start of the input, up to the first ',' or ';' outside quotes in the
** header line (whichever comes first wins), the end of that line (then
** ','), the end of the input, or guard bytes.  The bytes stay in buf for
** the parser.  Returns 0 or a POVREG_E* code.
*/
static int find_separator(povreg__csv *r)
{
  size_t i, start = 0;
  int quoted = 0, seen = 0, rc;

  while (r->buf_len < 3 && !r->eof) {
    if ((rc = read_more(r)) != 0) {
      return rc;
    }
  }
  if (r->buf_len >= 3 && memcmp(r->buf, "\xEF\xBB\xBF", 3) == 0) {
    start = 3;
  } else if (r->buf_len >= 2 && (memcmp(r->buf, "\xFF\xFE", 2) == 0 ||
                                 memcmp(r->buf, "\xFE\xFF", 2) == 0)) {
    fatal(r, 1, 0, "UTF-16 text: save the file as CSV UTF-8");
    return POVREG_ECSV;
  }
  r->buf_pos = start;
  r->sep = ',';
  for (i = start; i - start < r->guard; i++) {
    unsigned char c;

    if (i == r->buf_len) {
      if (!r->eof && (rc = read_more(r)) != 0) {
        return rc;
      }
      if (i == r->buf_len) {
        break; /* end of input */
      }
    }
    c = r->buf[i];
    if (quoted) {
      quoted = c != '"';
    } else if (c == '"') {
      quoted = seen = 1;
    } else if (c == ',' || c == ';') {
      r->sep = (char)c;
      break;
    } else if (c == '\r' || c == '\n') {
      if (seen) {
        break; /* end of the header line */
      }
    } else if (c != ' ' && c != '\t') {
      seen = 1;
    }
  }
  return 0;
}

/*
** Parse buf from buf_pos, one piece (up to and including a line end) at a
** time, until buf is used up, the header has ended (when header is set),
** or the reading stopped.
*/
static void feed(povreg__csv *r, int header)
{
  while (r->buf_pos < r->buf_len && !r->done && !r->paused &&
         !(header && r->header_done)) {
    const unsigned char *s = r->buf + r->buf_pos;
    size_t n = r->buf_len - r->buf_pos, i, used;
    unsigned char last;

    for (i = 0; i < n && s[i] != '\r' && s[i] != '\n'; i++) {
    }
    if (i < n) {
      n = i + 1;
    }
    if (!r->in_record) {
      for (i = 0; i < n; i++) {
        if (s[i] != ' ' && s[i] != '\t' && s[i] != '\r' && s[i] != '\n') {
          r->in_record = 1;
          r->rec_line = r->field_line = r->line;
          break;
        }
      }
    }
    used = csv_parse(&r->parser, s, n, on_field, on_row, r);
    r->buf_pos += used;
    if (used < n) {
      int err = csv_error(&r->parser);

      if (r->done) {
        return;
      }
      if (err == CSV_ENOMEM) {
        r->hard = POVREG_ENOMEM;
        r->done = 1;
      } else if (err == CSV_ETOOBIG || over_long(r, 0, 0)) {
        over_long_error(r);
      } else {
        fatal(r, r->line, cur_column(r),
              "malformed quotes (a field with quotes must be wholly "
              "quoted, with inner quotes doubled)");
      }
      return;
    }
    last = s[n - 1];
    if (last == '\n') {
      r->line += r->prev_cr ? 0 : 1;
      r->prev_cr = 0;
    } else if (last == '\r') {
      r->line++;
      r->prev_cr = 1;
    } else {
      r->prev_cr = 0;
    }
    if (r->in_record && !r->done && over_long(r, 0, 0)) {
      over_long_error(r);
    }
  }
}

/* End of input: let libcsv finish the last record. */
static void finish(povreg__csv *r)
{
  r->finished = 1;
  if (csv_fini(&r->parser, on_field, on_row, r) != 0 && !r->done) {
    fatal(r, r->field_line, cur_column(r),
          "quoted field not closed at the end of the file");
  }
  if (!r->header_done && !r->done) {
    fatal(r, 1, 0, "no header (the file is empty)");
  }
  r->done = 1;
}

/*
** Parse until the header has ended (header set), the reading stopped, or
** the input ended.
*/
static void run(povreg__csv *r, int header)
{
  for (;;) {
    feed(r, header);
    if (r->done || r->paused || (header && r->header_done)) {
      return;
    }
    if (r->eof) {
      finish(r);
      return;
    }
    r->buf_len = r->buf_pos = 0;
    if (read_more(r) != 0) {
      return;
    }
  }
}

/* The code povreg__csv_read() returns once the reading is over. */
static int final_code(const povreg__csv *r)
{
  if (r->hard != 0) {
    return r->hard;
  }
  return r->nerrors > 0 || r->header_bad ? POVREG_ECSV : 0;
}

/* ---- API ------------------------------------------------------------ */

/* See csvread.h.  Allocates *out. */
int povreg__csv_open(povreg__csv **out, FILE *in, const char *name,
                     size_t chunk, size_t max_field, size_t max_errors)
{
  return povreg__csv_open_digest(out, in, name, chunk, max_field, max_errors,
                                 NULL);
}

/* See csvread.h. */
int povreg__csv_at_eof(const povreg__csv *r)
{
  return r != NULL && r->eof;
}

/* See csvread.h. */
long povreg__csv_header_line(const povreg__csv *r)
{
  return r != NULL && r->header_done ? r->header_line : 0;
}

/* See csvread.h.  Allocates *out. */
int povreg__csv_open_digest(povreg__csv **out, FILE *in, const char *name,
                            size_t chunk, size_t max_field, size_t max_errors,
                            povreg__sha256 *digest)
{
  povreg__csv *r = NULL;
  int rc;

  if (out == NULL) {
    return POVREG_EINVALID;
  }
  *out = NULL;
  if (in == NULL) {
    return POVREG_EINVALID;
  }
  if ((r = calloc(1, sizeof *r)) == NULL) {
    return POVREG_ENOMEM;
  }
  *out = r;
  r->in = in;
  r->digest = digest;
  r->chunk = chunk ? chunk : POVREG__CSV_CHUNK;
  if (r->chunk > POVREG__CSV_CHUNK_MAX) {
    r->chunk = POVREG__CSV_CHUNK_MAX;
  }
  r->max_field = max_field ? max_field : POVREG__CSV_MAX_FIELD;
  if (r->max_field > (size_t)-1 / 4) {
    r->max_field = (size_t)-1 / 4;
  }
  r->guard = 2 * r->max_field + 256;
  r->max_errors = max_errors ? max_errors : POVREG__CSV_MAX_ERRORS;
  r->line = 1;
  r->sep = ',';
  if ((r->name = povreg__strdup(name ? name : "-")) == NULL) {
    r->hard = POVREG_ENOMEM;
    r->done = 1;
    goto done;
  }
  if (csv_init(&r->parser, CSV_OPTS) != 0) {
    r->hard = POVREG_ENOMEM;
    r->done = 1;
    goto done;
  }
  r->parser_live = 1;
  if ((rc = find_separator(r)) != 0) {
    r->done = 1;
    goto done;
  }
  csv_set_delim(&r->parser, (unsigned char)r->sep);
  run(r, 1);
  if (!r->header_done || r->header_bad) {
    r->done = 1;
  }
done:
  rc = final_code(r);
  if (rc == 0 && (!r->header_done || r->header_bad)) {
    rc = POVREG_ECSV;
  }
  return rc;
}

/* See csvread.h. */
int povreg__csv_read(povreg__csv *r, povreg__csv_record_cb cb, void *payload)
{
  if (r == NULL || r->busy) {
    return POVREG_EINVALID;
  }
  r->paused = 0;
  if (!r->done) {
    r->busy = 1;
    r->cb = cb;
    r->payload = payload;
    run(r, 0);
    r->cb = NULL;
    r->payload = NULL;
    r->busy = 0;
  }
  if (r->paused) {
    return r->cb_rc;
  }
  if (!r->header_done) {
    return r->hard ? r->hard : POVREG_ECSV;
  }
  return final_code(r);
}

/* See csvread.h. */
int povreg__csv_column(const povreg__csv *r, const char *name)
{
  size_t i;

  if (r == NULL || name == NULL || r->names == NULL) {
    return -1;
  }
  for (i = 0; i < r->ncols; i++) {
    if (strcmp(r->names[i], name) == 0) {
      return (int)i;
    }
  }
  return -1;
}

/* See csvread.h. */
size_t povreg__csv_columns(const povreg__csv *r)
{
  return r != NULL && r->names != NULL ? r->ncols : 0;
}

/* See csvread.h. */
const char *povreg__csv_column_name(const povreg__csv *r, size_t i)
{
  if (r == NULL || r->names == NULL || i >= r->ncols) {
    return NULL;
  }
  return r->names[i];
}

/* See csvread.h. */
int povreg__csv_unknown(const povreg__csv *r, const char *const *known,
                        size_t from)
{
  size_t i, k;

  if (r == NULL || r->names == NULL) {
    return -1;
  }
  for (i = from; i < r->ncols; i++) {
    for (k = 0; known != NULL && known[k] != NULL; k++) {
      if (strcmp(r->names[i], known[k]) == 0) {
        break;
      }
    }
    if (known == NULL || known[k] == NULL) {
      return (int)i;
    }
  }
  return -1;
}

/* See csvread.h. */
char povreg__csv_separator(const povreg__csv *r)
{
  return r != NULL ? r->sep : ',';
}

/* See csvread.h. */
size_t povreg__csv_error_count(const povreg__csv *r)
{
  return r != NULL ? r->nerrors : 0;
}

/* See csvread.h. */
const povreg__csv_error *povreg__csv_error_at(const povreg__csv *r, size_t i)
{
  if (r == NULL || i >= r->nerrors) {
    return NULL;
  }
  return &r->errors[i];
}

/* See csvread.h. */
int povreg__csv_add_error(povreg__csv *r, long line, int column,
                          const char *fmt, ...)
{
  va_list ap;

  if (r == NULL || fmt == NULL) {
    return POVREG_EINVALID;
  }
  if (r->nerrors >= r->max_errors) {
    return POVREG_ECSV;
  }
  va_start(ap, fmt);
  add_error_v(r, line, column < 0 ? 0 : column, fmt, ap);
  va_end(ap);
  return r->nerrors >= r->max_errors ? POVREG_ECSV : 0;
}

/* See csvread.h. */
int povreg__csv_error_format(const povreg__csv *r, size_t i, char *buf,
                             size_t n)
{
  const povreg__csv_error *e = povreg__csv_error_at(r, i);

  if (e == NULL) {
    return -1;
  }
  if (e->column_name[0] != '\0') {
    return snprintf(buf, n, "%s:%ld: column \"%s\": %s", r->name, e->line,
                    e->column_name, e->message);
  }
  if (e->column > 0) {
    return snprintf(buf, n, "%s:%ld: column %d: %s", r->name, e->line,
                    e->column, e->message);
  }
  return snprintf(buf, n, "%s:%ld: %s", r->name, e->line, e->message);
}

/* See csvread.h. */
void povreg__csv_close(povreg__csv *r)
{
  size_t i;

  if (r == NULL) {
    return;
  }
  if (r->parser_live) {
    csv_free(&r->parser);
  }
  if (r->names != NULL) {
    for (i = 0; i < r->ncols; i++) {
      free(r->names[i]);
    }
    free(r->names);
  }
  free(r->name);
  free(r->buf);
  free(r->arena);
  free(r->off);
  free(r->empty);
  free(r->fields);
  free(r->errors);
  free(r);
}
