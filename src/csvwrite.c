/*
** csvwrite.c: the streaming CSV writer of the exports (see csvwrite.h):
** RFC 4180 quoting, LF line ends, an optional BOM, SHA-256 of every byte
** written, and write errors kept until the end.
*/
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "csvwrite.h"
#include "povreg.h"

/* Start a writer (see csvwrite.h). */
void povreg__csvw_init(povreg__csvw *w, FILE *out)
{
  memset(w, 0, sizeof *w);
  w->out = out;
  povreg__sha256_init(&w->sha);
}

/* Free the buffer (see csvwrite.h). */
void povreg__csvw_free(povreg__csvw *w)
{
  if (w != NULL) {
    free(w->buf);
    w->buf = NULL;
    w->len = w->cap = 0;
  }
}

/* Record the first failure (a write error keeps errno) and return it. */
static int fail(povreg__csvw *w, int code, int err_no)
{
  if (w->failed == 0) {
    w->failed = code;
    w->err_no = err_no;
  }
  return w->failed;
}

/* Hash the pending bytes and hand them to the stream. */
static int drain(povreg__csvw *w)
{
  size_t put;

  if (w->len == 0) {
    return POVREG_OK;
  }
  povreg__sha256_update(&w->sha, w->buf, w->len);
  errno = 0;
  put = fwrite(w->buf, 1, w->len, w->out);
  if (put != w->len) {
    return fail(w, POVREG_ERROR, errno != 0 ? errno : EIO);
  }
  w->len = 0;
  return POVREG_OK;
}

/* Make room for n more bytes in the buffer. */
static int reserve(povreg__csvw *w, size_t n)
{
  size_t cap;
  char *p;

  if (w->cap - w->len >= n) {
    return POVREG_OK;
  }
  cap = w->cap ? w->cap : POVREG__CSVW_BLOCK + 1024;
  while (cap - w->len < n) {
    if (cap > SIZE_MAX / 2) {
      return fail(w, POVREG_ENOMEM, 0);
    }
    cap *= 2;
  }
  if ((p = realloc(w->buf, cap)) == NULL) {
    return fail(w, POVREG_ENOMEM, 0);
  }
  w->buf = p;
  w->cap = cap;
  return POVREG_OK;
}

/* Append raw bytes to the buffer. */
static int put(povreg__csvw *w, const char *s, size_t n)
{
  int rc;

  if ((rc = reserve(w, n)) < 0) {
    return rc;
  }
  memcpy(w->buf + w->len, s, n);
  w->len += n;
  return POVREG_OK;
}

/* Write the byte-order mark (see csvwrite.h). */
int povreg__csvw_bom(povreg__csvw *w)
{
  if (w->failed) {
    return w->failed;
  }
  return put(w, "\xEF\xBB\xBF", 3);
}

/* 1 if a field of n bytes must be quoted. */
static int needs_quotes(const char *s, size_t n)
{
  size_t i;

  if (n == 0) {
    return 0;
  }
  if (s[0] == ' ' || s[0] == '\t' || s[n - 1] == ' ' || s[n - 1] == '\t') {
    return 1;
  }
  for (i = 0; i < n; i++) {
    char c = s[i];
    if (c == ',' || c == ';' || c == '"' || c == '\r' || c == '\n') {
      return 1;
    }
  }
  return 0;
}

/* Add a field of n bytes (see csvwrite.h). */
int povreg__csvw_fieldn(povreg__csvw *w, const char *s, size_t n)
{
  size_t i, quotes = 0;
  int rc;

  if (w->failed) {
    return w->failed;
  }
  if (s == NULL) {
    n = 0;
  }
  if (w->fields > 0 && (rc = put(w, ",", 1)) < 0) {
    return rc;
  }
  w->fields++;
  if (!needs_quotes(s, n)) {
    return n == 0 ? POVREG_OK : put(w, s, n);
  }
  for (i = 0; i < n; i++) {
    quotes += s[i] == '"';
  }
  if (n > SIZE_MAX - quotes - 2) {
    return fail(w, POVREG_ENOMEM, 0);
  }
  if ((rc = reserve(w, n + quotes + 2)) < 0) {
    return rc;
  }
  w->buf[w->len++] = '"';
  for (i = 0; i < n; i++) {
    if (s[i] == '"') {
      w->buf[w->len++] = '"';
    }
    w->buf[w->len++] = s[i];
  }
  w->buf[w->len++] = '"';
  return POVREG_OK;
}

/* Add a field (see csvwrite.h). */
int povreg__csvw_field(povreg__csvw *w, const char *s)
{
  return povreg__csvw_fieldn(w, s, s != NULL ? strlen(s) : 0);
}

/* Add an integer field (see csvwrite.h). */
int povreg__csvw_int(povreg__csvw *w, int64_t v)
{
  char num[24], *p = num + sizeof num;
  uint64_t u = v < 0 ? (uint64_t)0 - (uint64_t)v : (uint64_t)v;

  do {
    *--p = (char)('0' + u % 10);
    u /= 10;
  } while (u != 0);
  if (v < 0) {
    *--p = '-';
  }
  return povreg__csvw_fieldn(w, p, (size_t)(num + sizeof num - p));
}

/* End the record (see csvwrite.h). */
int povreg__csvw_end(povreg__csvw *w)
{
  int rc;

  if (w->failed) {
    return w->failed;
  }
  if ((rc = put(w, "\n", 1)) < 0) {
    return rc;
  }
  w->fields = 0;
  w->records++;
  return w->len >= POVREG__CSVW_BLOCK ? drain(w) : POVREG_OK;
}

/* Write a whole record (see csvwrite.h). */
int povreg__csvw_row(povreg__csvw *w, const char *const *fields, size_t n)
{
  size_t i;
  int rc;

  for (i = 0; i < n; i++) {
    if ((rc = povreg__csvw_field(w, fields[i])) < 0) {
      return rc;
    }
  }
  return povreg__csvw_end(w);
}

/* Flush, check and digest (see csvwrite.h). */
int povreg__csvw_finish(povreg__csvw *w, char hex[65])
{
  unsigned char digest[POVREG__SHA256_SIZE];

  if (hex != NULL) {
    hex[0] = '\0';
  }
  if (w->failed || drain(w) < 0) {
    return w->failed;
  }
  errno = 0;
  if (fflush(w->out) != 0 || ferror(w->out)) {
    return fail(w, POVREG_ERROR, errno != 0 ? errno : EIO);
  }
  povreg__sha256_final(&w->sha, digest);
  povreg__sha256_init(&w->sha);
  if (hex != NULL) {
    povreg__sha256_hex(digest, hex);
  }
  return POVREG_OK;
}
