/*
** derive.c: deciding a deprivation indicator from survey facts, by the
** rule family and thresholds the standard's data gives (see
** docs/standards.md).  Pure: the caller loads members and facts.  A fact
** a rule needs and the survey lacks is an error naming the indicator,
** never a silent "not deprived".
*/
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "povreg_int.h"

/* Write the basis sentence, unless the caller wants none (bl == 0: a
   review classifying many households does not store it). */
#define BASIS(...)                                                             \
  do {                                                                         \
    if (bl > 0) {                                                              \
      snprintf(basis, bl, __VA_ARGS__);                                        \
    }                                                                          \
  } while (0)

/* Digits of s[0..n-1] as a number (see povreg_int.h). */
int povreg__digits(const char *s, int n)
{
  int v = 0, i;

  for (i = 0; i < n; i++) {
    if (s[i] < '0' || s[i] > '9') {
      return -1;
    }
    v = v * 10 + (s[i] - '0');
  }
  return v;
}

/*
** Read YYYY-MM-DD (or, with year_only, YYYY) into y, m, d.  The stored
** form is read directly (classifying a review reads every member's
** birth date; sscanf was 6% of it); anything else goes to sscanf, as
** before, so the accepted inputs do not change.
*/
static int read_date(const char *s, int year_only, int *y, int *m, int *d)
{
  if (year_only) {
    if ((*y = povreg__digits(s, 4)) >= 0 && s[4] == '\0') {
      return 1;
    }
    return sscanf(s, "%4d", y) == 1;
  }
  if ((*y = povreg__digits(s, 4)) >= 0 && s[4] == '-' &&
      (*m = povreg__digits(s + 5, 2)) >= 0 && s[7] == '-' &&
      (*d = povreg__digits(s + 8, 2)) >= 0) {
    return 1;
  }
  return sscanf(s, "%4d-%2d-%2d", y, m, d) == 3;
}

/* Completed years from a birth date to a reference date (see
   povreg_int.h); -1 if either is malformed or birth is after ref. */
int povreg__age_at(const char *birth, const char *ref, int md_m, int md_d)
{
  int by, bm, bd, ry, rm, rd, age;

  if (birth == NULL || ref == NULL || !read_date(ref, 0, &ry, &rm, &rd)) {
    return -1;
  }
  if (strlen(birth) == 4) {
    if (!read_date(birth, 1, &by, &bm, &bd)) {
      return -1;
    }
    bm = md_m;
    bd = md_d;
  } else if (!read_date(birth, 0, &by, &bm, &bd)) {
    return -1;
  }
  age = ry - by;
  if (rm < bm || (rm == bm && rd < bd)) {
    age--; /* the birthday of the reference year has not come yet */
  }
  return age;
}

/* Find a fact of the household (member_id 0) or of a member; NULL if none. */
static const char *fact(const povreg__dinput *in, int64_t member_id,
                        const char *key)
{
  size_t i;

  for (i = 0; i < in->n_facts; i++) {
    if (in->facts[i].member_id == member_id &&
        strcmp(in->facts[i].key, key) == 0) {
      return in->facts[i].value;
    }
  }
  return NULL;
}

/*
** Parse a number fact: optional sign, decimal digits, an optional
** fraction and exponent; no blanks, hex, inf or nan.  0 if it is not one.
*/
static int number(const char *s, double *out)
{
  char *end = NULL;
  size_t i;

  if (s[0] == '\0') {
    return 0;
  }
  for (i = 0; s[i] != '\0'; i++) {
    if (strchr("0123456789.+-eE", s[i]) == NULL) {
      return 0;
    }
  }
  errno = 0;
  *out = strtod(s, &end);
  return end != s && *end == '\0' && errno == 0 && isfinite(*out);
}

/* Does member m meet every condition of band b?  -1 on a missing fact. */
static int band_holds(const povreg__indicator *ind, const povreg__band *b,
                      const povreg__dinput *in, const povreg__dmember *m,
                      char *err, size_t err_len)
{
  int c;

  for (c = 0; c < b->n_conds; c++) {
    const povreg__cond *k = &b->conds[c];
    const char *v = fact(in, m->id, k->fact);
    double x;
    if (v == NULL) {
      snprintf(err, err_len,
               "%s: member %d (age %d) has no fact %s, needed to derive it",
               ind->key, m->member_no, m->age, k->fact);
      return -1;
    }
    if (k->op == POVREG__IS) {
      if ((strcmp(k->text, "0") == 0 || strcmp(k->text, "1") == 0) &&
          strcmp(v, "0") != 0 && strcmp(v, "1") != 0) {
        snprintf(err, err_len, "%s: fact %s of member %d must be 0 or 1",
                 ind->key, k->fact, m->member_no);
        return -1;
      }
      if (strcmp(v, k->text) != 0) {
        return 0;
      }
      continue;
    }
    if (!number(v, &x)) {
      snprintf(err, err_len, "%s: fact %s of member %d is not a number",
               ind->key, k->fact, m->member_no);
      return -1;
    }
    if ((k->op == POVREG__BELOW && !(x < k->num)) ||
        (k->op == POVREG__AT_LEAST && !(x >= k->num))) {
      return 0;
    }
  }
  return 1;
}

/* member_any: any member inside a band meeting all its conditions. */
static int member_any(const povreg__indicator *ind, const povreg__dinput *in,
                      int *deprived, char *basis, size_t bl, char *err,
                      size_t el)
{
  size_t i;
  int b, in_band = 0;

  for (i = 0; i < in->n_members; i++) {
    const povreg__dmember *m = &in->members[i];
    for (b = 0; b < ind->n_bands; b++) {
      const povreg__band *band = &ind->bands[b];
      int h;
      if ((band->age_min >= 0 && m->age < band->age_min) ||
          (band->age_max >= 0 && m->age > band->age_max) ||
          (band->born_from >= 0 && m->birth_year < band->born_from)) {
        continue;
      }
      in_band++;
      if ((h = band_holds(ind, band, in, m, err, el)) < 0) {
        return POVREG_EINVALID;
      }
      if (h) {
        *deprived = 1;
        BASIS("member %d (age %d) meets the condition", m->member_no, m->age);
        return POVREG_OK;
      }
    }
  }
  *deprived = 0;
  BASIS("%d member%s in the age band%s, none meets the "
        "condition",
        in_band, in_band == 1 ? "" : "s", ind->n_bands > 1 ? "s" : "");
  return POVREG_OK;
}

/* member_share_above: dependants over a share of the active members. */
static int member_share(const povreg__indicator *ind, const povreg__dinput *in,
                        int *deprived, char *basis, size_t bl, char *err,
                        size_t el)
{
  size_t i;
  int dep = 0;

  if (in->n_members == 0) {
    snprintf(err, el, "%s: the household has no active member", ind->key);
    return POVREG_EINVALID;
  }
  for (i = 0; i < in->n_members; i++) {
    const povreg__dmember *m = &in->members[i];
    int is_dep = (ind->age_under >= 0 && m->age < ind->age_under) ||
                 (ind->age_from >= 0 && m->age >= ind->age_from);
    if (!is_dep && ind->fact[0] != '\0') {
      const char *v = fact(in, m->id, ind->fact);
      if (v == NULL) {
        snprintf(err, el,
                 "%s: member %d (age %d) has no fact %s, needed to derive "
                 "it",
                 ind->key, m->member_no, m->age, ind->fact);
        return POVREG_EINVALID;
      }
      is_dep = strcmp(v, "1") == 0;
    }
    dep += is_dep;
  }
  *deprived = (double)dep / (double)in->n_members > ind->threshold;
  BASIS("%d of %zu members are dependants (share %s %g)", dep, in->n_members,
        *deprived ? ">" : "<=", ind->threshold);
  return POVREG_OK;
}

/* 1 if v looks like a vocabulary value: a-z, 0-9 and '_', 1-31 long. */
static int is_value_key(const char *v)
{
  size_t i;

  for (i = 0; v[i] != '\0'; i++) {
    if (!((v[i] >= 'a' && v[i] <= 'z') || (v[i] >= '0' && v[i] <= '9') ||
          v[i] == '_') ||
        i >= 31) {
      return 0;
    }
  }
  return i > 0;
}

/* Report a missing household fact. */
static int missing(const povreg__indicator *ind, const char *key, char *err,
                   size_t el)
{
  snprintf(err, el, "%s: fact %s is missing, needed to derive it", ind->key,
           key);
  return POVREG_EINVALID;
}

/* Derive one indicator; povreg__derive wraps it. */
static int derive_one(const povreg__indicator *ind, const povreg__dinput *in,
                      int *deprived, char *basis, size_t bl, char *err,
                      size_t el)
{
  const char *v;
  double x;
  int i;

  *deprived = 0;
  if (bl > 0) {
    basis[0] = '\0';
  }
  switch (ind->rule) {
  case POVREG__TICK_ONLY:
    snprintf(err, el,
             "%s: not ticked, and this indicator is never derived "
             "from facts",
             ind->key);
    return POVREG_EINVALID;
  case POVREG__MEMBER_ANY:
    return member_any(ind, in, deprived, basis, bl, err, el);
  case POVREG__MEMBER_SHARE_ABOVE:
    return member_share(ind, in, deprived, basis, bl, err, el);
  case POVREG__FACTS_NONE:
    for (i = 0; i < ind->n_list; i++) {
      if ((v = fact(in, 0, ind->list[i])) == NULL) {
        return missing(ind, ind->list[i], err, el);
      }
      if (strcmp(v, "0") != 0 && strcmp(v, "1") != 0) {
        snprintf(err, el, "%s: fact %s must be 0 or 1", ind->key, ind->list[i]);
        return POVREG_EINVALID;
      }
      if (strcmp(v, "1") == 0) {
        BASIS("%s = 1", ind->list[i]);
        return POVREG_OK;
      }
    }
    *deprived = 1;
    BASIS("none of %d listed facts is 1", ind->n_list);
    return POVREG_OK;
  case POVREG__FACT_NOT_IN:
    if ((v = fact(in, 0, ind->fact)) == NULL) {
      return missing(ind, ind->fact, err, el);
    }
    if (!is_value_key(v)) {
      snprintf(err, el,
               "%s: fact %s must be a lower-case value such as "
               "%s",
               ind->key, ind->fact, ind->list[0]);
      return POVREG_EINVALID;
    }
    *deprived = 1;
    for (i = 0; i < ind->n_list; i++) {
      if (strcmp(v, ind->list[i]) == 0) {
        *deprived = 0;
      }
    }
    BASIS("%s = %s (%s the accepted values)", ind->fact, v,
          *deprived ? "not one of" : "one of");
    return POVREG_OK;
  case POVREG__FACT_BELOW:
  case POVREG__FACT_AT_LEAST:
    if ((v = fact(in, 0, ind->fact)) == NULL) {
      return missing(ind, ind->fact, err, el);
    }
    if (!number(v, &x) || x < 0) {
      snprintf(err, el, "%s: fact %s must be a number >= 0", ind->key,
               ind->fact);
      return POVREG_EINVALID;
    }
    if (ind->rule == POVREG__FACT_AT_LEAST) {
      *deprived = x >= ind->threshold;
      BASIS("%s = %g (%s %g)", ind->fact, x, *deprived ? ">=" : "<",
            ind->threshold);
      return POVREG_OK;
    }
    if (ind->per_member) {
      if (in->n_members == 0) {
        snprintf(err, el, "%s: the household has no active member", ind->key);
        return POVREG_EINVALID;
      }
      /* compare x < threshold * n: no rounding at exactly the line */
      *deprived = x < ind->threshold * (double)in->n_members;
      BASIS("%s %g / %zu members = %.2f (%s %g)", ind->fact, x, in->n_members,
            x / (double)in->n_members, *deprived ? "<" : ">=", ind->threshold);
      return POVREG_OK;
    } else {
      BASIS("%s = %g (%s %g)", ind->fact, x,
            x < ind->threshold ? "<" : ">=", ind->threshold);
    }
    *deprived = x < ind->threshold;
    return POVREG_OK;
  }
  snprintf(err, el, "%s: unknown rule", ind->key);
  return POVREG_EINVALID;
}

/*
** Cut a trailing partial UTF-8 sequence left by a truncating snprintf,
** so the text stays valid UTF-8.
*/
static void utf8_trim(char *s)
{
  size_t n = strlen(s), i = n, need;
  unsigned char c;

  while (i > 0 && ((unsigned char)s[i - 1] & 0xC0) == 0x80) {
    i--;
  }
  if (i == 0) {
    return;
  }
  c = (unsigned char)s[i - 1];
  need = c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : c >= 0xC0 ? 2 : 1;
  if (n - (i - 1) < need) {
    s[i - 1] = '\0';
  }
}

/* Derive one indicator (see povreg_int.h). */
int povreg__derive(const povreg__indicator *ind, const povreg__dinput *in,
                   int *deprived, char *basis, size_t bl, char *err, size_t el)
{
  int rc;

  err[0] = '\0';
  rc = derive_one(ind, in, deprived, basis, bl, err, el);
  if (bl > 0) {
    utf8_trim(basis);
  }
  utf8_trim(err);
  return rc;
}
