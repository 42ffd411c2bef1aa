/*
** check_derive.c: the derivation of indicators from facts
** (povreg__derive) and ages at a reference date (povreg__age_at), with
** hand-built indicators and inputs: every rule family at and around its
** thresholds, and every missing or malformed fact as an error naming the
** indicator and the fact.  No ledger is needed.
*/
#include "check_util.h"

/* ---- ages ---- */

/* Age at ref with the 07-01 convention for a year-only birth. */
static int age(const char *birth, const char *ref)
{
  return povreg__age_at(birth, ref, 7, 1);
}

/* The birthday itself adds the year. */
START_TEST(test_age_birthday)
{
  ck_assert_int_eq(age("2020-10-01", "2026-10-01"), 6);
  ck_assert_int_eq(age("2020-10-01", "2026-09-30"), 5);
  ck_assert_int_eq(age("2020-10-01", "2026-10-02"), 6);
  ck_assert_int_eq(age("2020-10-01", "2020-10-01"), 0);
  ck_assert_int_eq(age("2010-11-29", "2026-11-28"), 15);
  ck_assert_int_eq(age("2010-11-29", "2026-11-29"), 16);
  /* month before / after, same day */
  ck_assert_int_eq(age("2000-05-15", "2026-04-15"), 25);
  ck_assert_int_eq(age("2000-05-15", "2026-06-15"), 26);
  /* end and start of the year */
  ck_assert_int_eq(age("2000-12-31", "2026-12-30"), 25);
  ck_assert_int_eq(age("2000-12-31", "2026-12-31"), 26);
  ck_assert_int_eq(age("2000-01-01", "2026-01-01"), 26);
  ck_assert_int_eq(age("2000-01-01", "2025-12-31"), 25);
  ck_assert_int_eq(age("1920-01-01", "2026-11-29"), 106);
}
END_TEST

/* 29 February: the birthday falls on 1 March in other years. */
START_TEST(test_age_feb29)
{
  ck_assert_int_eq(age("2020-02-29", "2021-02-28"), 0);
  ck_assert_int_eq(age("2020-02-29", "2021-03-01"), 1);
  ck_assert_int_eq(age("2020-02-29", "2024-02-28"), 3);
  ck_assert_int_eq(age("2020-02-29", "2024-02-29"), 4);
  ck_assert_int_eq(age("2020-02-29", "2026-02-28"), 5);
  ck_assert_int_eq(age("2020-02-29", "2026-03-01"), 6);
  /* a reference date of 29 February and a birth on 28 February / 1 March */
  ck_assert_int_eq(age("2019-02-28", "2024-02-29"), 5);
  ck_assert_int_eq(age("2019-03-01", "2024-02-29"), 4);
}
END_TEST

/* A birth date known only by its year takes the standard's MM-DD. */
START_TEST(test_age_year_only)
{
  ck_assert_int_eq(age("2020", "2026-06-30"), 5);
  ck_assert_int_eq(age("2020", "2026-07-01"), 6);
  ck_assert_int_eq(age("2010", "2026-11-29"), 16);
  ck_assert_int_eq(age("2010", "2026-06-30"), 15);
  /* another convention: 01-01 and 12-31 */
  ck_assert_int_eq(povreg__age_at("2020", "2026-01-01", 1, 1), 6);
  ck_assert_int_eq(povreg__age_at("2020", "2025-12-31", 1, 1), 5);
  ck_assert_int_eq(povreg__age_at("2020", "2026-12-30", 12, 31), 5);
  ck_assert_int_eq(povreg__age_at("2020", "2026-12-31", 12, 31), 6);
  /* the convention is not used for a full date */
  ck_assert_int_eq(povreg__age_at("2020-01-01", "2026-06-30", 7, 1), 6);
}
END_TEST

/* Born after the reference date: negative. */
START_TEST(test_age_future)
{
  ck_assert_int_lt(age("2026-10-02", "2026-10-01"), 0);
  ck_assert_int_lt(age("2026-12-31", "2026-01-01"), 0);
  ck_assert_int_lt(age("2027-01-01", "2026-12-31"), 0);
  ck_assert_int_lt(age("2030-05-05", "2026-10-01"), 0);
  ck_assert_int_lt(age("2027", "2026-10-01"), 0);
  ck_assert_int_lt(age("2026", "2026-06-30"), 0);
  ck_assert_int_eq(age("2026", "2026-07-01"), 0);
}
END_TEST

/* Malformed input: negative, never a plausible age. */
START_TEST(test_age_malformed)
{
  ck_assert_int_lt(age(NULL, "2026-10-01"), 0);
  ck_assert_int_lt(age("2020-01-01", NULL), 0);
  ck_assert_int_lt(age("", "2026-10-01"), 0);
  ck_assert_int_lt(age("abcd", "2026-10-01"), 0);
  ck_assert_int_lt(age("2020-01-01", "soon"), 0);
}
END_TEST

/* ---- building indicators and inputs ---- */

/* Input storage for one test. */
#define MAXM 8
#define MAXF 24
typedef struct din {
  povreg__dmember m[MAXM];
  povreg__dfact f[MAXF];
  povreg__dinput in;
} din;

/* Reset an input to no member and no fact. */
static void din_reset(din *d)
{
  memset(d, 0, sizeof *d);
  d->in.members = d->m;
  d->in.facts = d->f;
}

/* Add member number no (row id 100 + no) of a given age; returns its id. */
static int64_t din_member(din *d, int no, int age_years, int birth_year)
{
  povreg__dmember *m;

  ck_assert_uint_lt(d->in.n_members, MAXM);
  m = &d->m[d->in.n_members++];
  m->id = 100 + no;
  m->member_no = no;
  m->age = age_years;
  m->birth_year = birth_year;
  return m->id;
}

/* Add a fact of the household (member_id 0) or of a member's row id. */
static void din_fact(din *d, int64_t member_id, const char *key,
                     const char *value)
{
  povreg__dfact *f;

  ck_assert_uint_lt(d->in.n_facts, MAXF);
  f = &d->f[d->in.n_facts++];
  f->member_id = member_id;
  f->key = key;
  f->value = value;
}

/* A fresh indicator with a key and a rule. */
static povreg__indicator ind_new(const char *key, povreg__rule rule)
{
  povreg__indicator ind;

  memset(&ind, 0, sizeof ind);
  snprintf(ind.key, sizeof ind.key, "%s", key);
  ind.rule = rule;
  ind.age_under = ind.age_from = -1;
  return ind;
}

/* Add a band to a member_any indicator; returns it for conditions. */
static povreg__band *ind_band(povreg__indicator *ind, int age_min, int age_max,
                              int born_from)
{
  povreg__band *b;

  ck_assert_int_lt(ind->n_bands, 4);
  b = &ind->bands[ind->n_bands++];
  memset(b, 0, sizeof *b);
  b->age_min = age_min;
  b->age_max = age_max;
  b->born_from = born_from;
  return b;
}

/* Add a condition to a band: op IS with text, or BELOW/AT_LEAST with num. */
static void band_cond(povreg__band *b, const char *fact, povreg__op op,
                      const char *text, double num)
{
  povreg__cond *c;

  ck_assert_int_lt(b->n_conds, 4);
  c = &b->conds[b->n_conds++];
  memset(c, 0, sizeof *c);
  snprintf(c->fact, sizeof c->fact, "%s", fact);
  c->op = op;
  if (text != NULL) {
    snprintf(c->text, sizeof c->text, "%s", text);
  }
  c->num = num;
}

/* Add a value to the list of a fact_not_in / facts_none indicator. */
static void ind_list(povreg__indicator *ind, const char *v)
{
  ck_assert_int_lt(ind->n_list, 12);
  snprintf(ind->list[ind->n_list++], 32, "%s", v);
}

/* Result of one derivation. */
typedef struct dres {
  int rc, deprived;
  char basis[200], err[256];
} dres;

/* Derive, recording everything. */
static dres derive(const povreg__indicator *ind, const din *d)
{
  dres r;

  memset(&r, 0, sizeof r);
  r.deprived = -7;
  r.rc = povreg__derive(ind, &d->in, &r.deprived, r.basis, sizeof r.basis,
                        r.err, sizeof r.err);
  return r;
}

/* Derive, which must succeed, and return deprived; basis non-empty. */
static int derive_ok(const povreg__indicator *ind, const din *d)
{
  dres r = derive(ind, d);

  ck_assert_msg(r.rc == POVREG_OK, "%s: derive returned %d (%s)", ind->key,
                r.rc, r.err);
  ck_assert_msg(r.deprived == 0 || r.deprived == 1, "%s: deprived = %d",
                ind->key, r.deprived);
  ck_assert_msg(r.basis[0] != '\0', "%s: no basis", ind->key);
  return r.deprived;
}

/* Derive, which must fail with EINVALID naming the key and `what`. */
static void derive_fails(const povreg__indicator *ind, const din *d,
                         const char *what)
{
  dres r = derive(ind, d);

  ck_assert_msg(r.rc == POVREG_EINVALID, "%s: derive returned %d, basis %s",
                ind->key, r.rc, r.basis);
  ck_assert_msg(strstr(r.err, ind->key) != NULL, "err '%s' does not name %s",
                r.err, ind->key);
  ck_assert_msg(what == NULL || strstr(r.err, what) != NULL,
                "err '%s' does not name %s", r.err, what);
}

/* ---- member_any ---- */

/* The health-insurance rule: aged 6 or over with has_health_insurance 0. */
static povreg__indicator hi_rule(void)
{
  povreg__indicator ind = ind_new("health_insurance", POVREG__MEMBER_ANY);
  povreg__band *b = ind_band(&ind, 6, -1, -1);

  band_cond(b, "has_health_insurance", POVREG__IS, "0", 0);
  return ind;
}

/* Exactly age_min is inside; one below is outside and needs no fact. */
START_TEST(test_member_any_age_min)
{
  povreg__indicator ind = hi_rule();
  din d;
  int64_t id;

  din_reset(&d);
  id = din_member(&d, 1, 6, 2020);
  din_fact(&d, id, "has_health_insurance", "0");
  ck_assert_int_eq(derive_ok(&ind, &d), 1);
  /* the same member at 5: outside the band, the fact is not read */
  din_reset(&d);
  din_member(&d, 1, 5, 2020);
  ck_assert_int_eq(derive_ok(&ind, &d), 0);
  /* insured at 6: not deprived */
  din_reset(&d);
  id = din_member(&d, 1, 6, 2020);
  din_fact(&d, id, "has_health_insurance", "1");
  ck_assert_int_eq(derive_ok(&ind, &d), 0);
  /* no member at all: nobody in the band, not deprived */
  din_reset(&d);
  ck_assert_int_eq(derive_ok(&ind, &d), 0);
}
END_TEST

/* Exactly age_max is inside, one above is outside. */
START_TEST(test_member_any_age_max)
{
  povreg__indicator ind = ind_new("child_schooling", POVREG__MEMBER_ANY);
  povreg__band *b = ind_band(&ind, 3, 15, -1);
  din d;
  int64_t id;

  band_cond(b, "in_school", POVREG__IS, "0", 0);
  din_reset(&d);
  id = din_member(&d, 2, 15, 2011);
  din_fact(&d, id, "in_school", "0");
  ck_assert_int_eq(derive_ok(&ind, &d), 1);
  din_reset(&d);
  din_member(&d, 2, 16, 2010); /* no fact needed */
  ck_assert_int_eq(derive_ok(&ind, &d), 0);
  din_reset(&d);
  id = din_member(&d, 2, 3, 2023);
  din_fact(&d, id, "in_school", "0");
  ck_assert_int_eq(derive_ok(&ind, &d), 1);
  din_reset(&d);
  din_member(&d, 2, 2, 2024);
  ck_assert_int_eq(derive_ok(&ind, &d), 0);
}
END_TEST

/* born_from compares the birth year: the year itself is inside. */
START_TEST(test_member_any_born_from)
{
  povreg__indicator ind = ind_new("adult_education", POVREG__MEMBER_ANY);
  povreg__band *b = ind_band(&ind, 15, -1, 1986);
  din d;
  int64_t id;

  band_cond(b, "in_school", POVREG__IS, "0", 0);
  band_cond(b, "education_grade", POVREG__BELOW, NULL, 9);
  din_reset(&d);
  id = din_member(&d, 1, 40, 1986);
  din_fact(&d, id, "in_school", "0");
  din_fact(&d, id, "education_grade", "8");
  ck_assert_int_eq(derive_ok(&ind, &d), 1);
  /* born 1985: outside, whatever the facts, and none needed */
  din_reset(&d);
  din_member(&d, 1, 41, 1985);
  ck_assert_int_eq(derive_ok(&ind, &d), 0);
  din_reset(&d);
  id = din_member(&d, 1, 41, 1985);
  din_fact(&d, id, "in_school", "0");
  din_fact(&d, id, "education_grade", "0");
  ck_assert_int_eq(derive_ok(&ind, &d), 0);
}
END_TEST

/* Conditions: is (exact text), below (<), at_least (>=). */
START_TEST(test_member_any_conditions)
{
  povreg__indicator below = ind_new("grade_rule", POVREG__MEMBER_ANY);
  povreg__indicator atl = ind_new("count_rule", POVREG__MEMBER_ANY);
  povreg__indicator is = hi_rule();
  din d;
  int64_t id;

  band_cond(ind_band(&below, -1, -1, -1), "education_grade", POVREG__BELOW,
            NULL, 9);
  band_cond(ind_band(&atl, -1, -1, -1), "visits", POVREG__AT_LEAST, NULL, 2);
  /* below 9: 8 and 8.99 hold, 9 and 12 do not */
  din_reset(&d);
  id = din_member(&d, 1, 20, 2006);
  din_fact(&d, id, "education_grade", "8");
  ck_assert_int_eq(derive_ok(&below, &d), 1);
  d.f[0].value = "8.99";
  ck_assert_int_eq(derive_ok(&below, &d), 1);
  d.f[0].value = "9";
  ck_assert_int_eq(derive_ok(&below, &d), 0);
  d.f[0].value = "12";
  ck_assert_int_eq(derive_ok(&below, &d), 0);
  d.f[0].value = "nine";
  derive_fails(&below, &d, "education_grade");
  d.f[0].value = "";
  derive_fails(&below, &d, "education_grade");
  d.f[0].value = "8 ";
  derive_fails(&below, &d, "education_grade");
  d.f[0].value = "nan";
  derive_fails(&below, &d, "education_grade");
  /* at_least 2: 2 and 3 hold, 1 and 1.99 do not */
  din_reset(&d);
  id = din_member(&d, 1, 20, 2006);
  din_fact(&d, id, "visits", "2");
  ck_assert_int_eq(derive_ok(&atl, &d), 1);
  d.f[0].value = "3";
  ck_assert_int_eq(derive_ok(&atl, &d), 1);
  d.f[0].value = "1";
  ck_assert_int_eq(derive_ok(&atl, &d), 0);
  d.f[0].value = "1.99";
  ck_assert_int_eq(derive_ok(&atl, &d), 0);
  d.f[0].value = "x";
  derive_fails(&atl, &d, "visits");
  /* is "0" on a boolean fact: "00", " 0" and "no" are errors naming the
     fact, never a silent answer */
  din_reset(&d);
  id = din_member(&d, 1, 30, 1996);
  din_fact(&d, id, "has_health_insurance", "00");
  derive_fails(&is, &d, "has_health_insurance");
  d.f[0].value = " 0";
  derive_fails(&is, &d, "has_health_insurance");
  d.f[0].value = "no";
  derive_fails(&is, &d, "has_health_insurance");
  d.f[0].value = "0";
  ck_assert_int_eq(derive_ok(&is, &d), 1);
}
END_TEST

/* Every condition must hold; a fact after a failing one is not needed. */
START_TEST(test_member_any_all_conditions)
{
  povreg__indicator ind = ind_new("adult_education", POVREG__MEMBER_ANY);
  povreg__band *b = ind_band(&ind, 18, 30, -1);
  din d;
  int64_t id;

  band_cond(b, "in_school", POVREG__IS, "0", 0);
  band_cond(b, "education_grade", POVREG__BELOW, NULL, 12);
  band_cond(b, "has_vocational", POVREG__IS, "0", 0);
  din_reset(&d);
  id = din_member(&d, 3, 20, 2006);
  din_fact(&d, id, "in_school", "0");
  din_fact(&d, id, "education_grade", "9");
  din_fact(&d, id, "has_vocational", "0");
  ck_assert_int_eq(derive_ok(&ind, &d), 1);
  d.f[2].value = "1"; /* a vocational qualification */
  ck_assert_int_eq(derive_ok(&ind, &d), 0);
  d.f[2].value = "0";
  d.f[1].value = "12"; /* grade 12 completed */
  ck_assert_int_eq(derive_ok(&ind, &d), 0);
  /* a pupil needs no other fact */
  din_reset(&d);
  id = din_member(&d, 3, 20, 2006);
  din_fact(&d, id, "in_school", "1");
  ck_assert_int_eq(derive_ok(&ind, &d), 0);
  /* not a pupil: the grade is needed */
  d.f[0].value = "0";
  derive_fails(&ind, &d, "education_grade");
}
END_TEST

/* A member inside the band without the fact: error naming both. */
START_TEST(test_member_any_missing_fact)
{
  povreg__indicator ind = hi_rule();
  din d;
  dres r;
  int64_t id;

  din_reset(&d);
  din_member(&d, 1, 40, 1986);
  derive_fails(&ind, &d, "has_health_insurance");
  r = derive(&ind, &d);
  ck_assert_msg(strstr(r.err, "member 1") != NULL, "err '%s'", r.err);
  /* a household fact of that key is not a member's fact */
  din_fact(&d, 0, "has_health_insurance", "1");
  derive_fails(&ind, &d, "has_health_insurance");
  /* another member's fact is not this member's */
  din_reset(&d);
  id = din_member(&d, 1, 40, 1986);
  din_member(&d, 2, 38, 1988);
  din_fact(&d, id, "has_health_insurance", "1");
  r = derive(&ind, &d);
  ck_assert_int_eq(r.rc, POVREG_EINVALID);
  ck_assert_msg(strstr(r.err, "member 2") != NULL, "err '%s'", r.err);
  /* facts are matched by the member's row id, not by its number */
  din_reset(&d);
  din_member(&d, 1, 40, 1986);
  din_fact(&d, 1, "has_health_insurance", "0");
  derive_fails(&ind, &d, "has_health_insurance");
}
END_TEST

/* The first deprived member decides; later ones need no fact. */
START_TEST(test_member_any_first_decides)
{
  povreg__indicator ind = hi_rule();
  din d;
  dres r;
  int64_t id;

  din_reset(&d);
  id = din_member(&d, 1, 40, 1986);
  din_member(&d, 2, 38, 1988);
  din_fact(&d, id, "has_health_insurance", "0");
  r = derive(&ind, &d);
  ck_assert_int_eq(r.rc, POVREG_OK);
  ck_assert_int_eq(r.deprived, 1);
  ck_assert_msg(strstr(r.basis, "member 1") != NULL, "basis '%s'", r.basis);
}
END_TEST

/* Several bands: a member in any band may make the household deprived. */
START_TEST(test_member_any_bands)
{
  povreg__indicator ind = ind_new("adult_education", POVREG__MEMBER_ANY);
  povreg__band *b1 = ind_band(&ind, 16, 17, -1);
  povreg__band *b2 = ind_band(&ind, 18, 30, -1);
  din d;
  int64_t a, c;

  band_cond(b1, "in_school", POVREG__IS, "0", 0);
  band_cond(b1, "education_grade", POVREG__BELOW, NULL, 9);
  band_cond(b2, "in_school", POVREG__IS, "0", 0);
  band_cond(b2, "education_grade", POVREG__BELOW, NULL, 12);
  din_reset(&d);
  a = din_member(&d, 1, 17, 2009);
  c = din_member(&d, 2, 30, 1996);
  din_member(&d, 3, 31, 1995); /* in no band: no fact */
  din_fact(&d, a, "in_school", "0");
  din_fact(&d, a, "education_grade", "9"); /* not below 9 */
  din_fact(&d, c, "in_school", "0");
  din_fact(&d, c, "education_grade", "11");
  ck_assert_int_eq(derive_ok(&ind, &d), 1);
  d.f[3].value = "12";
  ck_assert_int_eq(derive_ok(&ind, &d), 0);
  d.f[1].value = "8";
  ck_assert_int_eq(derive_ok(&ind, &d), 1);
}
END_TEST

/* ---- member_share_above ---- */

/* The dependants rule of NĐ 07/2021. */
static povreg__indicator dep_rule(void)
{
  povreg__indicator ind = ind_new("dependants", POVREG__MEMBER_SHARE_ABOVE);

  ind.age_under = 16;
  ind.age_from = 60;
  snprintf(ind.fact, sizeof ind.fact, "%s", "disabled");
  ind.threshold = 0.5;
  return ind;
}

/* 2 of 4 is exactly the share, not above; 3 of 5 is above. */
START_TEST(test_share_at_threshold)
{
  povreg__indicator ind = dep_rule();
  din d;
  dres r;

  din_reset(&d);
  din_member(&d, 1, 10, 2016);
  din_member(&d, 2, 70, 1956);
  din_fact(&d, din_member(&d, 3, 30, 1996), "disabled", "0");
  din_fact(&d, din_member(&d, 4, 40, 1986), "disabled", "0");
  r = derive(&ind, &d);
  ck_assert_int_eq(r.rc, POVREG_OK);
  ck_assert_int_eq(r.deprived, 0);
  ck_assert_msg(strstr(r.basis, "2 of 4") != NULL, "basis '%s'", r.basis);
  /* a disabled member makes 3 of 5 */
  din_fact(&d, din_member(&d, 5, 35, 1991), "disabled", "1");
  r = derive(&ind, &d);
  ck_assert_int_eq(r.rc, POVREG_OK);
  ck_assert_int_eq(r.deprived, 1);
  ck_assert_msg(strstr(r.basis, "3 of 5") != NULL, "basis '%s'", r.basis);
}
END_TEST

/* Age 16 is not a dependant by age; age 60 is; 15 and 59 likewise. */
START_TEST(test_share_age_bounds)
{
  povreg__indicator ind = dep_rule();
  din d;

  /* 15 and 60 are dependants: 2 of 3 */
  din_reset(&d);
  din_member(&d, 1, 15, 2011);
  din_member(&d, 2, 60, 1966);
  din_fact(&d, din_member(&d, 3, 30, 1996), "disabled", "0");
  ck_assert_int_eq(derive_ok(&ind, &d), 1);
  /* 16 and 59 are not: 0 of 3 */
  din_reset(&d);
  din_fact(&d, din_member(&d, 1, 16, 2010), "disabled", "0");
  din_fact(&d, din_member(&d, 2, 59, 1967), "disabled", "0");
  din_fact(&d, din_member(&d, 3, 30, 1996), "disabled", "0");
  ck_assert_int_eq(derive_ok(&ind, &d), 0);
  /* a single member aged 80: 1 of 1 */
  din_reset(&d);
  din_member(&d, 1, 80, 1946);
  ck_assert_int_eq(derive_ok(&ind, &d), 1);
}
END_TEST

/* The fact is needed only for members not dependants by age. */
START_TEST(test_share_fact)
{
  povreg__indicator ind = dep_rule();
  din d;

  din_reset(&d);
  din_member(&d, 1, 5, 2021);
  din_member(&d, 2, 65, 1961);
  din_member(&d, 3, 30, 1996);
  derive_fails(&ind, &d, "disabled");
  /* optional fact: without one, only ages count */
  ind.fact[0] = '\0';
  ck_assert_int_eq(derive_ok(&ind, &d), 1);
  /* open age tests (-1) are not used */
  ind.age_under = -1;
  ind.age_from = -1;
  ck_assert_int_eq(derive_ok(&ind, &d), 0);
  /* no active member: an error */
  ind = dep_rule();
  din_reset(&d);
  derive_fails(&ind, &d, NULL);
}
END_TEST

/* ---- household facts ---- */

/* The housing-area rule: living_area_m2 per member below 8. */
static povreg__indicator area_rule(int per_member)
{
  povreg__indicator ind = ind_new("housing_area", POVREG__FACT_BELOW);

  snprintf(ind.fact, sizeof ind.fact, "%s", "living_area_m2");
  ind.per_member = per_member;
  ind.threshold = 8;
  return ind;
}

/* Exactly 8 m2 per person is not below; 23.9 / 3 is. */
START_TEST(test_fact_below_per_member)
{
  povreg__indicator ind = area_rule(1);
  din d;
  dres r;

  din_reset(&d);
  din_member(&d, 1, 40, 1986);
  din_member(&d, 2, 38, 1988);
  din_member(&d, 3, 10, 2016);
  din_fact(&d, 0, "living_area_m2", "24");
  r = derive(&ind, &d);
  ck_assert_int_eq(r.rc, POVREG_OK);
  ck_assert_int_eq(r.deprived, 0);
  ck_assert_msg(strstr(r.basis, "3 members") != NULL, "basis '%s'", r.basis);
  d.f[0].value = "23.9";
  ck_assert_int_eq(derive_ok(&ind, &d), 1);
  d.f[0].value = "24.0";
  ck_assert_int_eq(derive_ok(&ind, &d), 0);
  d.f[0].value = "0";
  ck_assert_int_eq(derive_ok(&ind, &d), 1);
  /* the doc's example: 40 for 5 is 8.0, 39.9 for 5 is below */
  din_member(&d, 4, 12, 2014);
  din_member(&d, 5, 70, 1956);
  d.f[0].value = "40";
  ck_assert_int_eq(derive_ok(&ind, &d), 0);
  d.f[0].value = "39.9";
  ck_assert_int_eq(derive_ok(&ind, &d), 1);
  /* a member's fact of that key is not the household's */
  din_reset(&d);
  din_fact(&d, din_member(&d, 1, 40, 1986), "living_area_m2", "50");
  derive_fails(&ind, &d, "living_area_m2");
  /* no active member: an error, not a division by zero */
  din_reset(&d);
  din_fact(&d, 0, "living_area_m2", "24");
  derive_fails(&ind, &d, NULL);
}
END_TEST

/* Without per_member the fact is compared as it is. */
START_TEST(test_fact_below_whole)
{
  povreg__indicator ind = area_rule(0);
  din d;

  din_reset(&d);
  din_member(&d, 1, 40, 1986);
  din_member(&d, 2, 38, 1988);
  din_fact(&d, 0, "living_area_m2", "8");
  ck_assert_int_eq(derive_ok(&ind, &d), 0);
  d.f[0].value = "7.99";
  ck_assert_int_eq(derive_ok(&ind, &d), 1);
}
END_TEST

/* Missing, non-numeric and negative values are errors. */
START_TEST(test_fact_number_errors)
{
  povreg__indicator below = area_rule(1);
  povreg__indicator atl = ind_new("housing_quality", POVREG__FACT_AT_LEAST);
  /* "nan" and "inf" parse with strtod but are not finite numbers */
  static const char *const bad[] = {"",    "abc", "-1",  "-0.5",     "8m2",
                                    "8,5", "nan", "inf", "infinity", "1e999"};
  din d;
  size_t i;

  snprintf(atl.fact, sizeof atl.fact, "%s", "nondurable_parts");
  atl.threshold = 2;
  din_reset(&d);
  din_member(&d, 1, 40, 1986);
  derive_fails(&below, &d, "living_area_m2");
  derive_fails(&atl, &d, "nondurable_parts");
  din_fact(&d, 0, "living_area_m2", "x");
  din_fact(&d, 0, "nondurable_parts", "x");
  for (i = 0; i < sizeof bad / sizeof bad[0]; i++) {
    d.f[0].value = bad[i];
    d.f[1].value = bad[i];
    derive_fails(&below, &d, "living_area_m2");
    derive_fails(&atl, &d, "nondurable_parts");
  }
}
END_TEST

/* fact_at_least at 2: 2 and 3 deprived, 1 and 0 not. */
START_TEST(test_fact_at_least)
{
  povreg__indicator ind = ind_new("housing_quality", POVREG__FACT_AT_LEAST);
  din d;

  snprintf(ind.fact, sizeof ind.fact, "%s", "nondurable_parts");
  ind.threshold = 2;
  din_reset(&d);
  din_fact(&d, 0, "nondurable_parts", "2");
  ck_assert_int_eq(derive_ok(&ind, &d), 1);
  d.f[0].value = "3";
  ck_assert_int_eq(derive_ok(&ind, &d), 1);
  d.f[0].value = "1";
  ck_assert_int_eq(derive_ok(&ind, &d), 0);
  d.f[0].value = "0";
  ck_assert_int_eq(derive_ok(&ind, &d), 0);
  /* at_least 1 (employment): 1 deprived, 0 not */
  ind = ind_new("employment", POVREG__FACT_AT_LEAST);
  snprintf(ind.fact, sizeof ind.fact, "%s", "unemployed_members");
  ind.threshold = 1;
  din_reset(&d);
  din_fact(&d, 0, "unemployed_members", "1");
  ck_assert_int_eq(derive_ok(&ind, &d), 1);
  d.f[0].value = "0";
  ck_assert_int_eq(derive_ok(&ind, &d), 0);
}
END_TEST

/* fact_not_in: exact values; anything else is deprived. */
START_TEST(test_fact_not_in)
{
  povreg__indicator ind = ind_new("water", POVREG__FACT_NOT_IN);
  static const char *const ok[] = {"piped",          "borehole",
                                   "protected_well", "protected_spring",
                                   "rain",           "bottled"};
  static const char *const bad[] = {"surface", "other", "unprotected_well"};
  /* not vocabulary values at all: an error, never a silent "deprived" */
  static const char *const malformed[] = {"Piped", "piped ", "", "giếng đào"};
  din d;
  size_t i;

  snprintf(ind.fact, sizeof ind.fact, "%s", "water_source");
  for (i = 0; i < sizeof ok / sizeof ok[0]; i++) {
    ind_list(&ind, ok[i]);
  }
  din_reset(&d);
  din_fact(&d, 0, "water_source", "x");
  for (i = 0; i < sizeof ok / sizeof ok[0]; i++) {
    d.f[0].value = ok[i];
    ck_assert_msg(derive_ok(&ind, &d) == 0, "%s deprived", ok[i]);
  }
  for (i = 0; i < sizeof bad / sizeof bad[0]; i++) {
    d.f[0].value = bad[i];
    ck_assert_msg(derive_ok(&ind, &d) == 1, "'%s' not deprived", bad[i]);
  }
  for (i = 0; i < sizeof malformed / sizeof malformed[0]; i++) {
    d.f[0].value = malformed[i];
    derive_fails(&ind, &d, "water_source");
  }
  din_reset(&d);
  derive_fails(&ind, &d, "water_source");
}
END_TEST

/* facts_none: none is 1 -> deprived; a missing one before a 1 -> error. */
START_TEST(test_facts_none)
{
  povreg__indicator ind = ind_new("info_access", POVREG__FACTS_NONE);
  din d;

  ind_list(&ind, "has_tv");
  ind_list(&ind, "has_radio");
  ind_list(&ind, "has_computer");
  din_reset(&d);
  din_fact(&d, 0, "has_tv", "0");
  din_fact(&d, 0, "has_radio", "0");
  din_fact(&d, 0, "has_computer", "0");
  ck_assert_int_eq(derive_ok(&ind, &d), 1);
  d.f[1].value = "1";
  ck_assert_int_eq(derive_ok(&ind, &d), 0);
  d.f[1].value = "0";
  d.f[2].value = "1";
  ck_assert_int_eq(derive_ok(&ind, &d), 0);
  /* a boolean fact is "0" or "1": "yes" is an error, not a silent no */
  d.f[2].value = "yes";
  derive_fails(&ind, &d, "has_computer");
  /* has_tv missing, has_radio 1: the missing one comes first */
  din_reset(&d);
  din_fact(&d, 0, "has_radio", "1");
  din_fact(&d, 0, "has_computer", "0");
  derive_fails(&ind, &d, "has_tv");
  /* has_tv 1: the others are not needed */
  din_reset(&d);
  din_fact(&d, 0, "has_tv", "1");
  ck_assert_int_eq(derive_ok(&ind, &d), 0);
  /* all 0 but the last missing: an error */
  din_reset(&d);
  din_fact(&d, 0, "has_tv", "0");
  din_fact(&d, 0, "has_radio", "0");
  derive_fails(&ind, &d, "has_computer");
  /* a member's fact is not the household's */
  din_reset(&d);
  din_fact(&d, din_member(&d, 1, 30, 1996), "has_tv", "1");
  derive_fails(&ind, &d, "has_tv");
}
END_TEST

/* An indicator that can only be ticked is never derived. */
START_TEST(test_tick_only)
{
  povreg__indicator ind = ind_new("special", POVREG__TICK_ONLY);
  din d;

  din_reset(&d);
  din_member(&d, 1, 30, 1996);
  din_fact(&d, 0, "special", "1");
  derive_fails(&ind, &d, NULL);
}
END_TEST

/* The suite. */
static Suite *derive_suite(void)
{
  Suite *s = suite_create("derive");
  TCase *ages = tcase_create("ages");
  TCase *members = tcase_create("members");
  TCase *facts = tcase_create("facts");

  tcase_add_test(ages, test_age_birthday);
  tcase_add_test(ages, test_age_feb29);
  tcase_add_test(ages, test_age_year_only);
  tcase_add_test(ages, test_age_future);
  tcase_add_test(ages, test_age_malformed);
  tcase_add_test(members, test_member_any_age_min);
  tcase_add_test(members, test_member_any_age_max);
  tcase_add_test(members, test_member_any_born_from);
  tcase_add_test(members, test_member_any_conditions);
  tcase_add_test(members, test_member_any_all_conditions);
  tcase_add_test(members, test_member_any_missing_fact);
  tcase_add_test(members, test_member_any_first_decides);
  tcase_add_test(members, test_member_any_bands);
  tcase_add_test(members, test_share_at_threshold);
  tcase_add_test(members, test_share_age_bounds);
  tcase_add_test(members, test_share_fact);
  tcase_add_test(facts, test_fact_below_per_member);
  tcase_add_test(facts, test_fact_below_whole);
  tcase_add_test(facts, test_fact_number_errors);
  tcase_add_test(facts, test_fact_at_least);
  tcase_add_test(facts, test_fact_not_in);
  tcase_add_test(facts, test_facts_none);
  tcase_add_test(facts, test_tick_only);
  suite_add_tcase(s, ages);
  suite_add_tcase(s, members);
  suite_add_tcase(s, facts);
  return s;
}

/* Run the suite; the exit status is the number of failed tests. */
int main(void)
{
  return tu_run(derive_suite());
}
