/*
** numfmt.c: numbers for reports (see numfmt.h): plain, English and
** Vietnamese styles, rates from exact counts rounded half-up.
*/
#include <limits.h>
#include <stdio.h>
#include <string.h>

#include "numfmt.h"

/* num/den in hundredths of a percent, half-up (see numfmt.h). */
long numfmt_hundredths(long num, long den)
{
  long long a = num < 0 ? -(long long)num : (long long)num;
  long long r;

  if (den <= 0) {
    return 0;
  }
  /* round(a * 10000 / den) = floor((2 * a * 10000 + den) / (2 * den)) */
  r = (a * 20000LL + den) / (2LL * den);
  return (long)(num < 0 ? -r : r);
}

/*
** Write the digits of v (>= 0) with a group separator sep every three
** digits (none when sep is 0) into buf (size n, truncated to fit).
** Returns buf.
*/
static char *group_digits(char *buf, size_t n, unsigned long long v, char sep)
{
  char digits[32];
  size_t len, k, o = 0;

  if (n == 0) {
    return buf;
  }
  snprintf(digits, sizeof digits, "%llu", v);
  len = strlen(digits);
  for (k = 0; k < len && o + 1 < n; k++) {
    if (sep && k > 0 && (len - k) % 3 == 0) {
      buf[o++] = sep;
      if (o + 1 >= n) {
        break;
      }
    }
    buf[o++] = digits[k];
  }
  buf[o] = '\0';
  return buf;
}

/* The thousands separator of a style ('\0' for plain). */
static char thousands(numfmt_style st)
{
  return st == NUMFMT_EN ? ',' : st == NUMFMT_VI ? '.' : '\0';
}

/* The decimal point of a style. */
static char point(numfmt_style st)
{
  return st == NUMFMT_VI ? ',' : '.';
}

/* A count in a style (see numfmt.h). */
char *numfmt_count(char *buf, size_t n, long v, numfmt_style st)
{
  char digits[NUMFMT_MAX];
  unsigned long long a =
      v < 0 ? (unsigned long long)(-(v + 1)) + 1 : (unsigned long long)v;

  group_digits(digits, sizeof digits, a, thousands(st));
  snprintf(buf, n, "%s%s", v < 0 ? "-" : "", digits);
  return buf;
}

/* A value in hundredths with two decimals (see numfmt.h). */
char *numfmt_fixed2(char *buf, size_t n, long hundredths, int plus,
                    numfmt_style st)
{
  char whole[32]; /* 18 digits and 5 separators at most: sign, whole,
                     point and 2 decimals always fit in NUMFMT_MAX */
  unsigned long long a = hundredths < 0
                             ? (unsigned long long)(-(hundredths + 1)) + 1
                             : (unsigned long long)hundredths;
  const char *sign = hundredths < 0 ? "-" : plus && hundredths > 0 ? "+" : "";

  group_digits(whole, sizeof whole, a / 100, thousands(st));
  snprintf(buf, n, "%s%s%c%02u", sign, whole, point(st), (unsigned)(a % 100));
  return buf;
}

/* A percentage from basis points (see numfmt.h). */
char *numfmt_bp(char *buf, size_t n, long bp, numfmt_style st)
{
  char num[NUMFMT_MAX];

  numfmt_fixed2(num, sizeof num, bp, 0, st);
  snprintf(buf, n, "%s%s", num, st == NUMFMT_PLAIN ? "" : "%");
  return buf;
}

/* The rate num/den as a percentage, "" when den is 0 (see numfmt.h). */
char *numfmt_rate(char *buf, size_t n, long num, long den, numfmt_style st)
{
  if (den <= 0) {
    if (n > 0) {
      buf[0] = '\0';
    }
    return buf;
  }
  return numfmt_bp(buf, n, numfmt_hundredths(num, den), st);
}

/* A real number with a fixed number of decimals (see numfmt.h). */
char *numfmt_real(char *buf, size_t n, double v, int decimals, int plus,
                  numfmt_style st)
{
  unsigned long long scale = 1, r;
  double a = v < 0 ? -v : v;
  char frac[32];
  int k;

  if (decimals < 0) {
    decimals = 0;
  }
  if (decimals > 9) {
    decimals = 9;
  }
  for (k = 0; k < decimals; k++) {
    scale *= 10;
  }
  if (!(a < 1e15)) { /* also NaN: not a number a report can hold */
    snprintf(buf, n, "%s", "");
    return buf;
  }
  r = (unsigned long long)(a * (double)scale + 0.5);
  if (decimals > 0) {
    snprintf(frac, sizeof frac, "%c%0*llu", point(st), decimals, r % scale);
  } else {
    frac[0] = '\0';
  }
  snprintf(buf, n, "%s%llu%s",
           v < 0 && r > 0  ? "-"
           : plus && r > 0 ? "+"
                           : "",
           r / scale, frac);
  return buf;
}

/* Parse a number with at most two decimals into hundredths. */
int numfmt_parse_fixed2(const char *s, long max_hundredths, long *out)
{
  long whole = 0, frac = 0;
  size_t k = 0, nfrac = 0;
  int digits = 0;

  for (; s[k] >= '0' && s[k] <= '9'; k++) {
    if (whole > (LONG_MAX / 100 - 9) / 10) {
      return -1;
    }
    whole = whole * 10 + (s[k] - '0');
    digits++;
  }
  if (s[k] == '.' || s[k] == ',') {
    for (k++; s[k] >= '0' && s[k] <= '9'; k++) {
      if (++nfrac > 2) {
        return -1;
      }
      frac = frac * 10 + (s[k] - '0');
    }
    if (nfrac == 0) {
      return -1;
    }
  }
  if (digits == 0 || s[k] != '\0') {
    return -1;
  }
  if (nfrac == 1) {
    frac *= 10;
  }
  whole = whole * 100 + frac;
  if (whole > max_hundredths) {
    return -1;
  }
  *out = whole;
  return 0;
}
