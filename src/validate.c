/*
** validate.c: checks shared by every module that takes text from people:
** UTF-8, lengths, calendar dates.  Messages name the field first.
*/
#include <stdio.h>
#include <string.h>

#include "povreg_int.h"

/*
** Length of the UTF-8 sequence starting at s, or 0 if it is malformed
** (overlong forms, surrogates and code points above U+10FFFF included).
*/
static size_t utf8_seq(const unsigned char *s)
{
  if (s[0] < 0x80) {
    return 1;
  }
  if (s[0] >= 0xC2 && s[0] <= 0xDF) {
    return (s[1] & 0xC0) == 0x80 ? 2 : 0;
  }
  if (s[0] >= 0xE0 && s[0] <= 0xEF) {
    if ((s[1] & 0xC0) != 0x80 || (s[2] & 0xC0) != 0x80) {
      return 0;
    }
    if (s[0] == 0xE0 && s[1] < 0xA0) {
      return 0; /* overlong */
    }
    if (s[0] == 0xED && s[1] >= 0xA0) {
      return 0; /* surrogate */
    }
    return 3;
  }
  if (s[0] >= 0xF0 && s[0] <= 0xF4) {
    if ((s[1] & 0xC0) != 0x80 || (s[2] & 0xC0) != 0x80 ||
        (s[3] & 0xC0) != 0x80) {
      return 0;
    }
    if ((s[0] == 0xF0 && s[1] < 0x90) || (s[0] == 0xF4 && s[1] >= 0x90)) {
      return 0;
    }
    return 4;
  }
  return 0;
}

/*
** 1 if s is valid UTF-8 without C0/C1 control characters; tab is always
** allowed, line breaks (LF, CR) only with allow_newlines.
*/
static int utf8_check(const char *s, int allow_newlines)
{
  const unsigned char *p = (const unsigned char *)s;

  while (*p != '\0') {
    size_t n = utf8_seq(p);
    if (n == 0) {
      return 0;
    }
    if (n == 1 && ((*p < 0x20 && *p != '\t' &&
                    !(allow_newlines && (*p == '\n' || *p == '\r'))) ||
                   *p == 0x7F)) {
      return 0;
    }
    if (n == 2 && p[0] == 0xC2 && p[1] < 0xA0) { /* C1 controls U+0080-9F */
      return 0;
    }
    p += n;
  }
  return 1;
}

/* 1 if s is one line of valid UTF-8 text (see utf8_check). */
int povreg__utf8_valid(const char *s)
{
  return utf8_check(s, 0);
}

/* 1 if s is valid UTF-8 text of several lines (documents). */
int povreg__utf8_valid_lines(const char *s)
{
  return utf8_check(s, 1);
}

/* Number of code points in valid UTF-8. */
size_t povreg__utf8_len(const char *s)
{
  size_t n = 0;

  for (; *s != '\0'; s++) {
    if (((unsigned char)*s & 0xC0) != 0x80) {
      n++;
    }
  }
  return n;
}

/* Parse n decimal digits at s into *out; 0 if any is not a digit. */
static int digits(const char *s, int n, int *out)
{
  int v = 0, i;

  for (i = 0; i < n; i++) {
    if (s[i] < '0' || s[i] > '9') {
      return 0;
    }
    v = v * 10 + (s[i] - '0');
  }
  *out = v;
  return 1;
}

/* 1 if s is a real calendar date 'YYYY-MM-DD' (Gregorian). */
int povreg__date_valid(const char *s)
{
  static const int mdays[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  int y, m, d, max;

  if (s == NULL || strlen(s) != 10 || s[4] != '-' || s[7] != '-' ||
      !digits(s, 4, &y) || !digits(s + 5, 2, &m) || !digits(s + 8, 2, &d)) {
    return 0;
  }
  if (y < 1 || m < 1 || m > 12 || d < 1) {
    return 0;
  }
  max = mdays[m - 1];
  if (m == 2 && ((y % 4 == 0 && y % 100 != 0) || y % 400 == 0)) {
    max = 29;
  }
  return d <= max;
}

/*
** Check a text field: valid UTF-8 and 1..max_chars characters (empty
** allowed when allow_empty).  On failure sets "field: ..." and returns
** POVREG_EINVALID.  The value itself is not echoed (it may be personal).
*/
int povreg__check_text(povreg_db *db, const char *field, const char *value,
                       size_t max_chars, int allow_empty)
{
  size_t n;

  if (value == NULL) {
    return povreg__err(db, POVREG_EINVALID, "%s: missing", field);
  }
  if (!povreg__utf8_valid(value)) {
    return povreg__err(db, POVREG_EINVALID,
                       "%s: not valid UTF-8 text (or contains control "
                       "characters)",
                       field);
  }
  n = povreg__utf8_len(value);
  if (n == 0 && !allow_empty) {
    return povreg__err(db, POVREG_EINVALID, "%s: empty", field);
  }
  if (n > max_chars) {
    return povreg__err(db, POVREG_EINVALID,
                       "%s: too long (%zu characters, at most %zu)", field, n,
                       max_chars);
  }
  return POVREG_OK;
}

/*
** Check a date field 'YYYY-MM-DD', and that it is not after today when
** not_future is set.  Sets "field: ..." and returns POVREG_EINVALID.
*/
int povreg__check_date(povreg_db *db, const char *field, const char *value,
                       int not_future)
{
  char today[11];

  if (value == NULL) {
    return povreg__err(db, POVREG_EINVALID, "%s: missing", field);
  }
  if (!povreg__utf8_valid(value) || !povreg__date_valid(value)) {
    return povreg__err(db, POVREG_EINVALID,
                       "%s: '%.40s' is not a valid date YYYY-MM-DD", field,
                       povreg__utf8_valid(value) ? value : "?");
  }
  if (not_future) {
    povreg__today(db, today);
    if (strcmp(value, today) > 0) {
      return povreg__err(db, POVREG_EINVALID,
                         "%s: %s is in the future (today is %s)", field, value,
                         today);
    }
  }
  return POVREG_OK;
}
