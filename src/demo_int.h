/*
** demo_int.h: what the two demonstration builders share: the seeded
** generator, the made-up people of Sa Thầy (names of Kinh and of the
** district's ethnic minorities, birth dates, citizen and social-insurance
** numbers) and the check that a ledger is still empty.  demo.c builds
** the small sample (povreg_demo_build), demo_seed.c the district of the
** 2016-2020 plan (povreg_demo_build_seed).  Never installed.
*/
#ifndef POVREG_DEMO_INT_H
#define POVREG_DEMO_INT_H

#include "povreg.h"

/* Deterministic generator and the running numbers of one demo build. */
typedef struct povreg__demo_gen {
  unsigned s;       /* xorshift32 state, never 0 */
  long citizen_seq; /* last 6 digits of citizen IDs, unique in the demo */
  long bhxh_seq;    /* last 8 digits of social-insurance numbers */
} povreg__demo_gen;

/* A person being made up.  Strings point into the struct or are static. */
typedef struct povreg__demo_person {
  char name[128];        /* full name */
  char birth[24];        /* "YYYY-MM-DD", or "YYYY" for some older people */
  char cid[32];          /* citizen ID, or "" */
  char bhxh[32];         /* social-insurance number, or "" */
  const char *sex;       /* "M" or "F" */
  const char *ethnicity; /* official code, "01" Kinh */
} povreg__demo_person;

/* Next pseudo-random number (xorshift32). */
unsigned povreg__demo_next(povreg__demo_gen *g);

/* Pseudo-random integer in [lo, hi] (lo <= hi). */
int povreg__demo_between(povreg__demo_gen *g, int lo, int hi);

/*
** A family name for a new household: a Kinh one, or for the Gia-rai
** (ethnicity "10") a Jrai one; NULL for the groups whose names take
** A/Y instead (Xơ-đăng, Brâu, Rơ-măm).  Static string.
*/
const char *povreg__demo_family(povreg__demo_gen *g, const char *ethnicity);

/*
** Make up a person: name after the family (Kinh, Jrai) or the group, a
** birth date in the years [y0, y1] (the year alone for some people born
** before 1960), a citizen ID for most people born by 2002 and a
** social-insurance number for some.
*/
void povreg__demo_make_person(povreg__demo_gen *g, povreg__demo_person *p,
                              const char *family, const char *ethnicity,
                              int male, int y0, int y1);

/* The member spec of a made-up person (borrows from p). */
povreg_member_spec povreg__demo_spec(const povreg__demo_person *p,
                                     const char *relation);

/*
** POVREG_EEXISTS (with the message) unless the ledger holds no household
** and no village yet; POVREG_OK if it is empty.
*/
int povreg__demo_check_empty(povreg_db *db);

#endif /* POVREG_DEMO_INT_H */
