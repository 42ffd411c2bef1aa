/*
** demo_seed.h: what the two files of the plan's district share
** (demo_seed.c: the plan, the start of 2016 and the reviews; demo_life.c:
** households, members and the life between reviews): the commune table,
** the builder's in-memory picture of the ledger and small helpers.
** Never installed.
*/
#ifndef POVREG_DEMO_SEED_H
#define POVREG_DEMO_SEED_H

#include <stdio.h>

#include "demo_int.h"
#include "povreg_int.h"

#define N_COMMUNES 11
#define FIRST_REVIEW 2015 /* the review that sets status year 2016 */
#define LAST_REVIEW 2022  /* the review that sets status year 2023 */
#define SEED_DISTRICT "616"
#define PLAN_SOURCE "Kế hoạch giảm nghèo huyện Sa Thầy 2016-2020"

/* The plan's district totals; the commune table must add up to them. */
#define PLAN_HOUSEHOLDS 11558
#define PLAN_POOR 4658
#define PLAN_NEAR_POOR 983
#define PLAN_MINORITY_POOR 4193

/*
** The communes at the start of 2016.  The six communes the plan lists
** above 50% have household and poor counts whose rate, rounded half-up
** to 2 decimals, is the plan's; the others are below 50%; the columns add
** up to the plan's district: 11,558 households, 4,658 poor, 983
** near-poor, 4,193 poor with an ethnic-minority head.
*/
typedef struct povreg__seed_commune {
  const char *code;  /* commune code (0003) */
  int households;    /* registered by 1 January 2016 */
  int poor;          /* recognised poor for 2016 */
  int near_poor;     /* recognised near-poor for 2016 */
  int minority;      /* households with an ethnic-minority head */
  int minority_poor; /* of the poor */
  int lang;          /* villages named làng (most minority households) */
  int thon;          /* villages named thôn (tổ dân phố in the town) */
  int groups[4];     /* minority heads per group, percent: Xơ-đăng,
                        Gia-rai, Rơ-măm, Brâu */
  const char *enumerator; /* the commune's poverty-review collaborator */
} povreg__seed_commune;

/* The commune table (demo_seed.c). */
extern const povreg__seed_commune povreg__seed_communes[N_COMMUNES];

/*
** The deprivation bits a household carries from survey to survey: the
** ten indicators of QD59-2015 in its order, then the three ND07-2021
** added.  ND07-2021's "info_access" is the same bit as QD59-2015's
** "info_assets" (means of access to information).
*/
enum {
  B_HEALTH_ACCESS,
  B_HEALTH_INSURANCE,
  B_ADULT_EDUCATION,
  B_CHILD_SCHOOLING,
  B_HOUSING_QUALITY,
  B_HOUSING_AREA,
  B_WATER,
  B_LATRINE,
  B_TELECOM,
  B_INFO,
  B_EMPLOYMENT,
  B_DEPENDANTS,
  B_NUTRITION,
  N_BITS
};

/* One year of the plan: the status year and how the year before went. */
typedef struct povreg__seed_year {
  int status_year;      /* set by the review held the year before */
  int census;           /* 1: every household is surveyed */
  int poor_bp, near_bp; /* end-of-year poor and near-poor rates (0.01%) */
  int splits, arrivals; /* households formed during the year before */
  int gone_poor, gone_near, gone_other; /* households dissolved then */
  int births, deaths, moves;            /* members born, died, married out */
  int new_poor, relapsed, near_to_poor; /* poor from outside / again /
                                           from the near-poor */
  int new_near, rejected; /* near-poor from outside; applicants found
                             above the lines */
} povreg__seed_year;

/* ---- the ledger being built, in memory --------------------------------- */

/* Why a household is in this year's review. */
enum { W_NONE, W_LISTED, W_APPLIED, W_ADDED };

/* How a household's survey of the year is shaped. */
enum { F_NONE, F_INITIAL, F_STAY, F_ESCAPE, F_ENTER, F_CENSUS };

/* A household as the builder tracks it. */
typedef struct povreg__seed_hh {
  char code[33];          /* household code */
  char created_on[11];    /* registration date */
  const char *family;     /* family name (static) or NULL */
  const char *eth;        /* ethnic group of the head (static code) */
  int first;              /* first member (index into members), -1 */
  int n_active;           /* active members */
  unsigned short dep;     /* deprivation bits */
  signed char commune;    /* index into povreg__seed_communes */
  unsigned char village;  /* index into the commune's villages */
  unsigned char minority; /* head of an ethnic minority */
  unsigned char cls;      /* class recognised for cls_year */
  short cls_year;         /* 0: never recognised */
  unsigned char ever_poor, ever_near; /* recognised so before */
  unsigned char gone;                 /* dissolved */
  unsigned char target; /* class planned by this year's review, 0: none */
  unsigned char why;    /* W_* */
  unsigned char flow;   /* F_* */
} povreg__seed_hh;

/* A member as the builder tracks it. */
typedef struct povreg__seed_member {
  int hh;      /* household index */
  int next;    /* next member of the household, -1 */
  short no;    /* member number, 0 if not known (merged in) */
  short birth; /* birth year */
  char rel;    /* 'h' head, 's' spouse, 'c' child, 'p' parent,
                  'g' grandchild, 'o' other */
  char male;   /* 1 male */
  char active; /* 1 while a member */
} povreg__seed_member;

/* A commune as scaled for this build. */
typedef struct povreg__seed_cp {
  int households, poor, near_poor, minority, minority_poor; /* 2016 */
  int n_villages;                                           /* villages */
  char villages[12][40];                                    /* names */
  const char *kinds[12];                                    /* village kinds */
  povreg_area area;                                         /* in 2015-2022 */
  int address_seq; /* house numbers given out */
} povreg__seed_cp;

/* The income lines of a standard for one area. */
typedef struct povreg__seed_lines {
  int64_t poverty, near_poverty, average; /* near = poverty if single line */
} povreg__seed_lines;

/* A household index with its sort key. */
typedef struct povreg__seed_keyed {
  double key; /* sorted on */
  int idx;    /* household index */
} povreg__seed_keyed;

/* One build. */
typedef struct povreg__seed {
  povreg_db *db;                  /* the ledger being filled */
  povreg__demo_gen g;             /* the seeded generator */
  int scale;                      /* percent of the plan's district */
  povreg__seed_hh *h;             /* every household, by registration */
  size_t nh, caph;                /* used, allocated */
  povreg__seed_member *m;         /* every member */
  size_t nm, capm;                /* used, allocated */
  povreg__seed_cp cp[N_COMMUNES]; /* the communes as scaled */
  povreg_rulebook *rb[2];         /* QD59-2015, ND07-2021 */
  povreg__seed_lines ln[2][2];    /* [standard][area: 0 rural, 1 urban] */
  int cutoff[2];                  /* deprivations needed to be poor */
  unsigned mask[2];               /* bits each standard counts */
  int *idx;                       /* scratch list of household indices */
  double *key;                    /* scratch sort keys, by household index */
  povreg__seed_keyed *pairs;      /* scratch for sorting */
  int in_tx;                      /* 1 while the build's transaction is open */
} povreg__seed;

/* Scale a plan count: round(x * scale / 100), half up. */
static inline int sc(const povreg__seed *s, int x)
{
  return (x * s->scale + 50) / 100;
}

/* A yearly count of the plan scaled, at least 1 unless the plan's is 0
   (so that a small build still shows every kind of event). */
static inline int sc1(const povreg__seed *s, int x)
{
  int n = sc(s, x);

  return x > 0 && n < 1 ? 1 : n;
}

/* Uniform double in [0, 1). */
static inline double unif(povreg__seed *s)
{
  return (double)(povreg__demo_next(&s->g) >> 8) / 16777216.0;
}

/* Uniform integer in [lo, hi]. */
static inline int rnd(povreg__seed *s, int lo, int hi)
{
  return lo > hi ? lo : povreg__demo_between(&s->g, lo, hi);
}

/* Date of day-of-year doy (1-based) of year y into out (YYYY-MM-DD). */
static inline void day_date(int y, int doy, char out[11])
{
  static const int mdays[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  int mo = 0, leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;

  while (mo < 11 && doy > mdays[mo] + (mo == 1 && leap)) {
    doy -= mdays[mo] + (mo == 1 && leap);
    mo++;
  }
  snprintf(out, 11, "%04u-%02u-%02u", (unsigned)y % 10000u,
           (unsigned)(mo + 1) % 100u, (unsigned)doy % 100u);
}

/* ---- demo_life.c -------------------------------------------------------- */

/* The index of a new household (in memory, all zero); grows the array. */
int povreg__seed_new_household(povreg__seed *s);

/* A minority group for a head in commune c (static code). */
const char *povreg__seed_pick_group(povreg__seed *s, int c);

/* A village of commune c: làng for most minority households. */
int povreg__seed_pick_village(povreg__seed *s, int c, int minority);

/* Add the villages of every commune. */
int povreg__seed_add_villages(povreg__seed *s);

/* Register the 2015 households with members fitting their deprivations. */
int povreg__seed_register_start(povreg__seed *s);

/* The life events of year y (plan yp), in date order. */
int povreg__seed_life_year(povreg__seed *s, const povreg__seed_year *yp, int y);

#endif /* POVREG_DEMO_SEED_H */
