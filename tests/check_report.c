/*
** check_report.c: the board's reports on small ledgers built through the
** public API (households with heads of chosen ethnicity and sex, surveys
** with explicit ticks, periodic reviews run to approval, overrides and
** amendments), every expected figure worked by hand in the comments:
** the summary (empty communes, a year with no review, the "above" flag
** at its boundary), the deprivation table, the transitions with their
** reconciliation, plan targets (count, rate, reduction; met, not met,
** exactly on target), the Alkire-Foster measures and their
** decompositions, and the grouping before and after the 1 July 2025
** reorganisation of Sa Thầy.
*/
#include <math.h>

#include "check_util.h"

/* Communes of Sa Thầy (district 616 until 2025-06-30, then province 51). */
#define SATHAY "23527" /* Thị trấn Sa Thầy, Xã Sa Thầy from 2025-07-01 */
#define ROKOI "23530"  /* Xã Rơ Kơi */
#define SANHON "23533" /* Xã Sa Nhơn, closed 2025-07-01 into 23527 */
#define SABINH "23534" /* Xã Hơ Moong, Xã Sa Bình from 2025-07-01 */
#define MORAI "23536"  /* Xã Mô Rai */
#define SASON "23539"  /* Xã Sa Sơn, closed 2025-07-01 into 23527 */
#define OLDSB "23545"  /* Xã Sa Bình, closed 2025-07-01 into 23534 */
#define IADAL "23535"  /* Xã Ia Đal (district 618, Ia H' Drai) */

/* The indicator of legal ordinal o as a bit of a deprivation mask. */
#define B(o) (1u << ((o)-1))

/* Tolerance of the MPI's doubles against the hand-worked fractions. */
#define EPS 1e-12

/* ---- households, surveys, reviews ---------------------------------------- */

/* Add a household with a head of the given sex and ethnic code. */
static void hh_add(char out[33], const char *commune, const char *created_on,
                   const char *sex, const char *ethnicity)
{
  povreg_household_spec h = tu_hh(commune, created_on);
  povreg_member_spec m = tu_person("Chủ Hộ", sex, "1980-03-10", NULL);
  char *got = NULL;

  m.ethnicity = ethnicity;
  TU_OK(povreg_household_add(&got, tu_db, &h, &m));
  ck_assert_ptr_nonnull(got);
  snprintf(out, 33, "%s", got);
  povreg_free(got);
}

/*
** Record hh's survey for review_year (ages at ref) with an income and
** every indicator of the standard governing review_year + 1 ticked: those
** in mask (bit o-1 for legal ordinal o) deprived, the others not; with
** the household fact no_working_capacity = no_work unless NULL.
*/
static void survey_mask(const char *hh, int review_year, const char *ref,
                        int64_t income, unsigned mask, const char *no_work)
{
  povreg_rulebook *rb = NULL;
  povreg_survey_spec s;
  povreg_tick t[32];
  povreg_fact f;
  size_t i, n;
  int rc;

  TU_OK(povreg_rulebook_load(&rb, tu_db, NULL, review_year + 1));
  n = povreg_rulebook_indicators(rb);
  ck_assert_uint_le(n, 32);
  for (i = 0; i < n; i++) {
    t[i].key = povreg_rulebook_indicator_key(rb, i);
    t[i].deprived = (mask >> i) & 1u;
  }
  memset(&s, 0, sizeof s);
  s.review_year = review_year;
  s.reference_date = ref;
  s.has_income = 1;
  s.income = income;
  s.ticks = t;
  s.n_ticks = n;
  if (no_work != NULL) {
    f.member_no = 0;
    f.key = "no_working_capacity";
    f.value = no_work;
    s.facts = &f;
    s.n_facts = 1;
  }
  rc = povreg_survey_record(tu_db, hh, &s);
  povreg_rulebook_free(rb);
  ck_assert_msg(rc == POVREG_OK, "survey %s %d: %d (%s)", hh, review_year, rc,
                povreg_errmsg(tu_db));
}

/* One household's part in a periodic review. */
typedef struct plan {
  const char *hh;       /* household */
  int64_t income;       /* per person per month */
  unsigned mask;        /* deprived indicators (B(ordinal)) */
  const char *no_work;  /* no_working_capacity fact, or NULL */
  const char *override; /* the board's class, or NULL */
} plan;

/*
** Run the periodic review of year Y in a commune to approval: open on
** Y-09-01 (reference date Y-09-01), add the planned households that are
** not listed, survey, classify, override, meet (Y-10-15), post (Y-11-01
** to Y-11-10), approve (Y-11-20).
*/
static void cycle(const char *commune, int year, const plan *p, size_t n)
{
  povreg_review_spec rs;
  char opened[11], d[11], to[11], decision[32];
  int64_t id = 0;
  size_t i;
  int classified = -1, agreed = -1, rc;

  snprintf(opened, sizeof opened, "%04d-09-01", year);
  memset(&rs, 0, sizeof rs);
  rs.commune_code = commune;
  rs.year = year;
  rs.opened_on = opened;
  TU_OK(povreg_review_open(&id, tu_db, &rs));
  for (i = 0; i < n; i++) {
    rc = povreg_review_add(tu_db, id, p[i].hh);
    ck_assert_msg(rc == POVREG_OK || rc == POVREG_EEXISTS, "add %s: %d (%s)",
                  p[i].hh, rc, povreg_errmsg(tu_db));
    survey_mask(p[i].hh, year, opened, p[i].income, p[i].mask, p[i].no_work);
  }
  TU_OK(povreg_review_classify(&classified, tu_db, id));
  ck_assert_int_eq(classified, (int)n);
  snprintf(d, sizeof d, "%04d-10-15", year);
  for (i = 0; i < n; i++) {
    if (p[i].override != NULL) {
      TU_OK(povreg_review_override(tu_db, id, p[i].hh, p[i].override,
                                   "hộ có người ốm nặng"));
    }
    TU_OK(povreg_review_meeting(&agreed, tu_db, id, p[i].hh, d, 10, 10));
    ck_assert_int_eq(agreed, 1);
  }
  snprintf(d, sizeof d, "%04d-11-01", year);
  snprintf(to, sizeof to, "%04d-11-10", year);
  TU_OK(povreg_review_post(tu_db, id, d, to));
  snprintf(decision, sizeof decision, "%d/QĐ-UBND", year);
  snprintf(d, sizeof d, "%04d-11-20", year);
  TU_OK(povreg_review_approve(tu_db, id, decision, d));
}

/* Assert hh's recognised class for a status year. */
static void assert_status(const char *hh, int year, povreg_class want)
{
  povreg_class got = POVREG_CLASS_NONE;

  TU_OK(povreg_status_get(&got, tu_db, hh, year));
  ck_assert_msg(got == want, "%s in %d: %s, expected %s", hh, year,
                povreg_class_key(got), povreg_class_key(want));
}

/* A report spec (others zero). */
static povreg_report_spec spec_of(int year, const char *unit, const char *as_of)
{
  povreg_report_spec s;

  memset(&s, 0, sizeof s);
  s.year = year;
  s.unit_code = unit;
  s.as_of = as_of;
  return s;
}

/*
** The ledger of the summary, deprivation, transitions and targets tests.
** ND07-2021 governs 2024 and 2025 (rural poverty line 1,500,000: poor
** with income <= line and >= 3 of 12 deprivations, near-poor with fewer;
** average up to 2,250,000; non-poor above).  Heads: Kinh "01", Xơ-đăng
** "14", Ba-na "13".  Every household is registered 2020-01-15 unless
** said otherwise.
**
**   Mô Rai 23536   2024 (review 2023)  2025 (review 2024)
**     m1 F 14      poor                poor {1,2,3}, no_working_capacity 1
**     m2 M 01      poor                poor {1,4,5,6}, no_working_capacity 0
**     m3 F 14      poor                near_poor {1}
**     m4 M 01      near_poor           non_poor {}
**     m5 M 01      registered 2025-03-01: no status, not a household of 2025
**     m6 M 14      poor                poor {7,8,9}; dissolved 2025-01-01,
**                                      so not a household of 2025
**   Rơ Kơi 23530
**     r1 M 14      -                   poor {2,3,12}
**     r2 F 13      -                   near_poor {9}, overridden to poor
**     r3 M 01      -                   average {}
**   Sa Bình (old) 23545
**     s1 M 01      -                   poor {1,7,10}
**   Hơ Moong 23534
**     h1 F 01      never reviewed
**   Ia Đal 23535 (district 618)
**     x1 M 14      -                   poor {1,2,3,4}
*/
typedef struct fix {
  char m1[33], m2[33], m3[33], m4[33], m5[33], m6[33];
  char r1[33], r2[33], r3[33], s1[33], h1[33], x1[33];
} fix;

/* Build the ledger above into tu_db. */
static void build(fix *f)
{
  hh_add(f->m1, MORAI, "2020-01-15", "F", "14");
  hh_add(f->m2, MORAI, "2020-01-15", "M", "01");
  hh_add(f->m3, MORAI, "2020-01-15", "F", "14");
  hh_add(f->m4, MORAI, "2020-01-15", "M", "01");
  hh_add(f->m5, MORAI, "2025-03-01", "M", "01");
  hh_add(f->m6, MORAI, "2020-01-15", "M", "14");
  hh_add(f->r1, ROKOI, "2020-01-15", "M", "14");
  hh_add(f->r2, ROKOI, "2020-01-15", "F", "13");
  hh_add(f->r3, ROKOI, "2020-01-15", "M", "01");
  hh_add(f->s1, OLDSB, "2020-01-15", "M", "01");
  hh_add(f->h1, SABINH, "2020-01-15", "F", "01");
  hh_add(f->x1, IADAL, "2020-01-15", "M", "14");
  {
    const plan p2023[] = {
        {f->m1, 1200000, B(1) | B(2) | B(3), NULL, NULL},
        {f->m2, 1200000, B(1) | B(2) | B(3), NULL, NULL},
        {f->m3, 1200000, B(1) | B(2) | B(3), NULL, NULL},
        {f->m4, 1400000, B(1), NULL, NULL},
        {f->m6, 1200000, B(1) | B(2) | B(3), NULL, NULL},
    };
    cycle(MORAI, 2023, p2023, 5);
  }
  {
    const plan m2024[] = {
        {f->m1, 1200000, B(1) | B(2) | B(3), "1", NULL},
        {f->m2, 1200000, B(1) | B(4) | B(5) | B(6), "0", NULL},
        {f->m3, 1400000, B(1), NULL, NULL},
        {f->m4, 3000000, 0, NULL, NULL},
        {f->m6, 1200000, B(7) | B(8) | B(9), NULL, NULL},
    };
    const plan r2024[] = {
        {f->r1, 1200000, B(2) | B(3) | B(12), NULL, NULL},
        {f->r2, 1400000, B(9), NULL, "poor"},
        {f->r3, 1800000, 0, NULL, NULL},
    };
    const plan s2024[] = {{f->s1, 1200000, B(1) | B(7) | B(10), NULL, NULL}};
    const plan x2024[] = {
        {f->x1, 1200000, B(1) | B(2) | B(3) | B(4), NULL, NULL}};
    cycle(MORAI, 2024, m2024, 5);
    cycle(ROKOI, 2024, r2024, 3);
    cycle(OLDSB, 2024, s2024, 1);
    cycle(IADAL, 2024, x2024, 1);
  }
  TU_OK(povreg_household_dissolve(tu_db, f->m6, "2025-01-01", "moved_away",
                                  NULL));
  assert_status(f->m1, 2024, POVREG_CLASS_POOR);
  assert_status(f->m4, 2024, POVREG_CLASS_NEAR_POOR);
  assert_status(f->m1, 2025, POVREG_CLASS_POOR);
  assert_status(f->m3, 2025, POVREG_CLASS_NEAR_POOR);
  assert_status(f->m4, 2025, POVREG_CLASS_NON_POOR);
  assert_status(f->m6, 2025, POVREG_CLASS_POOR);
  assert_status(f->r2, 2025, POVREG_CLASS_POOR);
  assert_status(f->r3, 2025, POVREG_CLASS_AVERAGE);
  assert_status(f->s1, 2025, POVREG_CLASS_POOR);
  assert_status(f->x1, 2025, POVREG_CLASS_POOR);
  assert_status(f->h1, 2025, POVREG_CLASS_NONE);
}

/* ---- summary ------------------------------------------------------------- */

/* A summary row, copied. */
typedef struct srow {
  char code[6], name[128];
  int total, above;
  long hh, poor, near, minority, nw_rec, nw, poor_bp, near_bp;
} srow;

/* Collected summary rows. */
typedef struct srows {
  srow r[40];
  size_t n;
} srows;

/* povreg_summary_cb: copy a row. */
static int collect_summary(const povreg_summary_row *r, void *payload)
{
  srows *s = payload;
  srow *o;

  ck_assert_uint_lt(s->n, sizeof s->r / sizeof s->r[0]);
  ck_assert_ptr_nonnull(r->unit_code);
  ck_assert_ptr_nonnull(r->unit_name);
  o = &s->r[s->n++];
  snprintf(o->code, sizeof o->code, "%s", r->unit_code);
  snprintf(o->name, sizeof o->name, "%s", r->unit_name);
  o->total = r->is_total;
  o->above = r->above;
  o->hh = r->households;
  o->poor = r->poor;
  o->near = r->near_poor;
  o->minority = r->poor_minority;
  o->nw_rec = r->no_work_recorded;
  o->nw = r->no_work;
  o->poor_bp = r->poor_bp;
  o->near_bp = r->near_poor_bp;
  return 0;
}

/* The summary of a year and unit (must succeed). */
static void summary(srows *s, int year, const char *unit, const char *as_of,
                    int above_bp)
{
  povreg_report_spec sp = spec_of(year, unit, as_of);

  sp.above_bp = above_bp;
  memset(s, 0, sizeof *s);
  TU_OK(povreg_report_summary(tu_db, &sp, collect_summary, s));
}

/* The row of a commune (or the total), which must be there once. */
static const srow *srow_of(const srows *s, const char *code, int total)
{
  const srow *found = NULL;
  size_t i;

  for (i = 0; i < s->n; i++) {
    if (s->r[i].total == total && strcmp(s->r[i].code, code) == 0) {
      ck_assert_msg(found == NULL, "two rows for %s", code);
      found = &s->r[i];
    }
  }
  ck_assert_msg(found != NULL, "no summary row for %s%s", code,
                total ? " (total)" : "");
  return found;
}

/* Assert a summary row's counts, rates and flag. */
#define ASSERT_SUMMARY(s, code, total, hh_, poor_, near_, min_, nwr_, nw_,     \
                       pbp_, nbp_, above_)                                     \
  do {                                                                         \
    const srow *r_ = srow_of((s), (code), (total));                            \
    ck_assert_msg(r_->hh == (hh_) && r_->poor == (poor_) &&                    \
                      r_->near == (near_) && r_->minority == (min_) &&         \
                      r_->nw_rec == (nwr_) && r_->nw == (nw_) &&               \
                      r_->poor_bp == (pbp_) && r_->near_bp == (nbp_) &&        \
                      r_->above == (above_),                                   \
                  "%s%s: %ld hh %ld poor %ld near %ld minority %ld/%ld "       \
                  "no-work %ld/%ld bp above %d",                               \
                  (code), (total) ? " total" : "", r_->hh, r_->poor, r_->near, \
                  r_->minority, r_->nw, r_->nw_rec, r_->poor_bp, r_->near_bp,  \
                  r_->above);                                                  \
  } while (0)

/* Assert the communes of a summary, in order, then one total row. */
static void assert_communes(const srows *s, const char *const *codes, size_t n)
{
  size_t i;

  ck_assert_msg(s->n == n + 1, "%zu rows, expected %zu communes + total", s->n,
                n);
  for (i = 0; i < n; i++) {
    ck_assert_msg(strcmp(s->r[i].code, codes[i]) == 0 && !s->r[i].total,
                  "row %zu: %s, expected %s", i, s->r[i].code, codes[i]);
  }
  ck_assert_int_eq(s->r[n].total, 1);
}

/* The 11 communes of Sa Thầy before 2025-07-01, by code. */
static const char *const sa_thay_old[] = {"23527", "23530", "23533", "23534",
                                          "23536", "23539", "23542", "23545",
                                          "23548", "23551", "23554"};

/* The 7 communes of province 51 in the ledger from 2025-07-01. */
static const char *const qn_new[] = {"23527", "23530", "23534", "23535",
                                     "23536", "23538", "23548"};

/*
** The summary of 2025 for Sa Thầy, with every commune, the >50% flag, and
** a year with no review.
*/
START_TEST(test_summary)
{
  fix f;
  srows s;
  size_t i;

  build(&f);
  /*
  ** 2025, district 616, grouped on 2025-01-01, flag above 5000 bp:
  **   23530 Rơ Kơi: 3 households (r1 r2 r3), poor r1 r2 (both heads of a
  **     minority), 2/3 = 6666.67 -> 6667 bp > 5000: above.
  **   23534 Hơ Moong: h1, no status: 1 household, nothing else.
  **   23536 Mô Rai: m1..m4 (m5 registered after 2025-01-01, m6 dissolved
  **     on it): 4 households; poor m1 m2 = 2/4 = 5000 bp, not above 5000;
  **     near-poor m3 = 2500 bp; minority poor m1; no_working_capacity
  **     recorded for m1 (1) and m2 (0): recorded 2, no capacity 1.
  **   23545 Sa Bình: s1 poor: 1/1 = 10000 bp, above.
  **   the other 7 communes: zeros.
  **   total: 4 + 3 + 1 + 1 = 9 households, poor 2 + 2 + 1 = 5 -> 5/9 =
  **     5555.56 -> 5556 bp, above; near-poor 1/9 = 1111.1 -> 1111 bp;
  **     minority 1 + 2 = 3; no-work 2 recorded, 1.
  */
  summary(&s, 2025, "616", NULL, 5000);
  assert_communes(&s, sa_thay_old, 11);
  ASSERT_SUMMARY(&s, ROKOI, 0, 3, 2, 0, 2, 0, 0, 6667, 0, 1);
  ASSERT_SUMMARY(&s, SABINH, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0);
  ASSERT_SUMMARY(&s, MORAI, 0, 4, 2, 1, 1, 2, 1, 5000, 2500, 0);
  ASSERT_SUMMARY(&s, OLDSB, 0, 1, 1, 0, 0, 0, 0, 10000, 0, 1);
  ASSERT_SUMMARY(&s, SATHAY, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0);
  ASSERT_SUMMARY(&s, "23554", 0, 0, 0, 0, 0, 0, 0, 0, 0, 0);
  ASSERT_SUMMARY(&s, "616", 1, 9, 5, 1, 3, 2, 1, 5556, 1111, 1);
  ck_assert_str_eq(srow_of(&s, "616", 1)->name, "Huyện Sa Thầy");
  ck_assert_str_eq(srow_of(&s, MORAI, 0)->name, "Xã Mô Rai");
  ck_assert_str_eq(srow_of(&s, SATHAY, 0)->name, "Thị trấn Sa Thầy");
  /*
  ** m1's Xơ-đăng head dies on 2025-03-01 and her Kinh husband becomes the
  ** head: on 2025-01-01 she was the head, so m1 stays a minority household
  ** for 2025.
  */
  {
    int no = tu_add_member(f.m1, "Chồng", "M", "1978-01-01", "spouse");
    TU_OK(povreg_member_leave(tu_db, f.m1, 1, "died", "2025-03-01", no));
  }
  summary(&s, 2025, "616", NULL, 5000);
  ASSERT_SUMMARY(&s, MORAI, 0, 4, 2, 1, 1, 2, 1, 5000, 2500, 0);
  /* no flag asked: nothing flagged */
  summary(&s, 2025, "616", NULL, 0);
  ASSERT_SUMMARY(&s, OLDSB, 0, 1, 1, 0, 0, 0, 0, 10000, 0, 0);
  ASSERT_SUMMARY(&s, "616", 1, 9, 5, 1, 3, 2, 1, 5556, 1111, 0);
  /* flag above 6666: Rơ Kơi's 6667 still is, the total's 5556 is not */
  summary(&s, 2025, "616", NULL, 6666);
  ASSERT_SUMMARY(&s, ROKOI, 0, 3, 2, 0, 2, 0, 0, 6667, 0, 1);
  ASSERT_SUMMARY(&s, "616", 1, 9, 5, 1, 3, 2, 1, 5556, 1111, 0);
  summary(&s, 2025, "616", NULL, 6667);
  ASSERT_SUMMARY(&s, ROKOI, 0, 3, 2, 0, 2, 0, 0, 6667, 0, 0);
  /*
  ** 2023: no review set statuses for 2023.  Households of 2023: m1 m2 m3
  ** m4 m6 in Mô Rai (5), Rơ Kơi 3, Sa Bình 1, Hơ Moong 1 = 10; all the
  ** rest zero.
  */
  summary(&s, 2023, "616", NULL, 5000);
  assert_communes(&s, sa_thay_old, 11);
  ASSERT_SUMMARY(&s, MORAI, 0, 5, 0, 0, 0, 0, 0, 0, 0, 0);
  ASSERT_SUMMARY(&s, "616", 1, 10, 0, 0, 0, 0, 0, 0, 0, 0);
  /*
  ** 2024 (review 2023, Mô Rai only): Mô Rai m1 m2 m3 m6 poor (m1 m3 m6
  ** with minority heads), m4 near-poor, of 5 households: 8000 and 2000
  ** bp; the district 4/10 and 1/10.  The 2023 surveys recorded no working
  ** capacity: 0 recorded.
  */
  summary(&s, 2024, "616", NULL, 5000);
  ASSERT_SUMMARY(&s, MORAI, 0, 5, 4, 1, 3, 0, 0, 8000, 2000, 1);
  ASSERT_SUMMARY(&s, "616", 1, 10, 4, 1, 3, 0, 0, 4000, 1000, 0);
  /* an empty unit: the township alone, and a commune row of zeros */
  summary(&s, 2025, SATHAY, NULL, 5000);
  ck_assert_uint_eq(s.n, 2);
  ASSERT_SUMMARY(&s, SATHAY, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0);
  ASSERT_SUMMARY(&s, SATHAY, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0);
  /* a commune alone */
  summary(&s, 2025, MORAI, NULL, 5000);
  ck_assert_uint_eq(s.n, 2);
  ASSERT_SUMMARY(&s, MORAI, 1, 4, 2, 1, 1, 2, 1, 5000, 2500, 0);
  /*
  ** Every commune of the ledger on 2025-01-01 (14: Sa Thầy's 11 and Ia H'
  ** Drai's 3): x1 in Ia Đal adds a poor minority household: 10
  ** households, 6 poor (6000 bp), 1 near-poor (1000), minority 4.  The
  ** total has no code and no name.
  */
  summary(&s, 2025, NULL, NULL, 5000);
  ck_assert_uint_eq(s.n, 15);
  ASSERT_SUMMARY(&s, IADAL, 0, 1, 1, 0, 1, 0, 0, 10000, 0, 1);
  ASSERT_SUMMARY(&s, "", 1, 10, 6, 1, 4, 2, 1, 6000, 1000, 1);
  ck_assert_str_eq(srow_of(&s, "", 1)->name, "");
  /* province 62 (Kon Tum) on 2025-01-01: the same 14 communes */
  summary(&s, 2025, "62", NULL, 5000);
  ck_assert_uint_eq(s.n, 15);
  ASSERT_SUMMARY(&s, "62", 1, 10, 6, 1, 4, 2, 1, 6000, 1000, 1);
  ck_assert_str_eq(srow_of(&s, "62", 1)->name, "Tỉnh Kon Tum");
  /*
  ** 2025 grouped on 2026-01-01 under province 51: 7 communes; 23534 (Xã
  ** Sa Bình) now holds h1 and s1 (registered in 23545, closed on
  ** 2025-07-01 into 23534): 2 households, 1 poor = 5000 bp.  Ia Đal is
  ** under 51 too.  Totals as for the whole ledger.
  */
  summary(&s, 2025, "51", "2026-01-01", 5000);
  assert_communes(&s, qn_new, 7);
  ASSERT_SUMMARY(&s, SABINH, 0, 2, 1, 0, 0, 0, 0, 5000, 0, 0);
  ASSERT_SUMMARY(&s, MORAI, 0, 4, 2, 1, 1, 2, 1, 5000, 2500, 0);
  ASSERT_SUMMARY(&s, "51", 1, 10, 6, 1, 4, 2, 1, 6000, 1000, 1);
  ck_assert_str_eq(srow_of(&s, SABINH, 0)->name, "Xã Sa Bình");
  for (i = 0; i < s.n; i++) {
    ck_assert_str_ne(s.r[i].code, OLDSB);
  }
}
END_TEST

/*
** Insert n households registered 2020-01-15 in a commune straight into
** the ledger, the first n_poor poor and the next n_near near-poor for
** 2025 (statuses without a review), for a flag at a rate no small
** fixture reaches.
*/
static void bulk(const char *commune, int n, int n_poor, int n_near)
{
  char sql[1024];

  snprintf(sql, sizeof sql,
           "WITH RECURSIVE k(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM k "
           "WHERE i < %d) INSERT INTO household(code, commune_code, "
           "created_on) SELECT 'B%s-' || i, '%s', '2020-01-15' FROM k",
           n, commune, commune);
  tu_sq_exec_on(tu_db->sq, sql);
  snprintf(sql, sizeof sql,
           "INSERT INTO household_status(household_id, status_year, class, "
           "effective_on, decision, recorded_at) SELECT id, 2025, CASE WHEN "
           "CAST(substr(code, 8) AS INTEGER) <= %d THEN 'poor' ELSE "
           "'near_poor' END, '2024-11-20', '1/QĐ', '2024-11-20' FROM "
           "household WHERE commune_code = '%s' AND "
           "CAST(substr(code, 8) AS INTEGER) <= %d",
           n_poor, commune, n_poor + n_near);
  tu_sq_exec_on(tu_db->sq, sql);
}

/*
** The flag compares the poor rate rounded half up to basis points:
**   Mô Rai  2 households, 1 poor:         5000 bp = 50.00%, not above 5000
**   Rơ Kơi  3335 households, 1668 poor:   1668/3335 = 0.5001499 -> 5001 bp
**                                         = 50.01%, above 5000
**   23527   32 households, 1 poor:        312.5 bp -> 313 (half up)
**   23533   3 households, 2 poor:         6666.67 -> 6667
**   23539   3 households, 1 poor, 1 near: 3333.33 -> 3333; near 3333
**   total   3375 households, 1673 poor:   4957.04 -> 4957; near 1/3375 =
**                                         2.96 -> 3
*/
START_TEST(test_summary_above)
{
  srows s;

  bulk(MORAI, 2, 1, 0);
  bulk(ROKOI, 3335, 1668, 0);
  bulk(SATHAY, 32, 1, 0);
  bulk(SANHON, 3, 2, 0);
  bulk(SASON, 3, 1, 1);
  summary(&s, 2025, "616", NULL, 5000);
  ASSERT_SUMMARY(&s, MORAI, 0, 2, 1, 0, 0, 0, 0, 5000, 0, 0);
  ASSERT_SUMMARY(&s, ROKOI, 0, 3335, 1668, 0, 0, 0, 0, 5001, 0, 1);
  ASSERT_SUMMARY(&s, SATHAY, 0, 32, 1, 0, 0, 0, 0, 313, 0, 0);
  ASSERT_SUMMARY(&s, SANHON, 0, 3, 2, 0, 0, 0, 0, 6667, 0, 1);
  ASSERT_SUMMARY(&s, SASON, 0, 3, 1, 1, 0, 0, 0, 3333, 3333, 0);
  ASSERT_SUMMARY(&s, "616", 1, 3375, 1673, 1, 0, 0, 0, 4957, 3, 0);
  /* half up: 313 is above 312, not above 313 */
  summary(&s, 2025, "616", NULL, 312);
  ck_assert_int_eq(srow_of(&s, SATHAY, 0)->above, 1);
  summary(&s, 2025, "616", NULL, 313);
  ck_assert_int_eq(srow_of(&s, SATHAY, 0)->above, 0);
  /* 1/3 is 3333 bp: not above 3333, above 3332 */
  ck_assert_int_eq(srow_of(&s, SASON, 0)->above, 1);
  summary(&s, 2025, "616", NULL, 3333);
  ck_assert_int_eq(srow_of(&s, SASON, 0)->above, 0);
  summary(&s, 2025, "616", NULL, 3332);
  ck_assert_int_eq(srow_of(&s, SASON, 0)->above, 1);
  /* 100%: nothing is above 10000 */
  summary(&s, 2025, "616", NULL, 10000);
  ck_assert_int_eq(srow_of(&s, SANHON, 0)->above, 0);
  {
    povreg_report_spec sp = spec_of(2025, "616", NULL);
    sp.above_bp = 10001;
    TU_FAILS(POVREG_EINVALID, "above",
             povreg_report_summary(tu_db, &sp, collect_summary, &s));
    sp.above_bp = -1;
    TU_FAILS(POVREG_EINVALID, "above",
             povreg_report_summary(tu_db, &sp, collect_summary, &s));
  }
}
END_TEST

/* ---- deprivation --------------------------------------------------------- */

/* A deprivation row, copied. */
typedef struct drow {
  int ordinal;
  char key[32], name[160];
  long deprived, base;
} drow;

/* Collected deprivation rows. */
typedef struct drows {
  drow r[32];
  size_t n;
} drows;

/* povreg_deprivation_cb: copy a row. */
static int collect_deprivation(const povreg_deprivation_row *r, void *payload)
{
  drows *d = payload;
  drow *o;

  ck_assert_uint_lt(d->n, sizeof d->r / sizeof d->r[0]);
  ck_assert_ptr_nonnull(r->dimension_vi);
  o = &d->r[d->n++];
  o->ordinal = r->ordinal;
  snprintf(o->key, sizeof o->key, "%s", r->key);
  snprintf(o->name, sizeof o->name, "%s", r->name_vi);
  o->deprived = r->deprived;
  o->base = r->base;
  return 0;
}

/* The deprivation table of a class (must succeed); checks the standard. */
static void deprivation(drows *d, int year, const char *unit, const char *as_of,
                        const char *cls, const char *standard)
{
  povreg_report_spec sp = spec_of(year, unit, as_of);
  char std[33] = "";

  sp.class_key = cls;
  memset(d, 0, sizeof *d);
  TU_OK(povreg_report_deprivation(std, tu_db, &sp, collect_deprivation, d));
  ck_assert_str_eq(std, standard);
}

/* Assert the deprived counts in legal order (n of them) and the base. */
static void assert_deprived(const drows *d, const long *want, size_t n,
                            long base)
{
  size_t i;

  ck_assert_uint_eq(d->n, n);
  for (i = 0; i < n; i++) {
    ck_assert_int_eq(d->r[i].ordinal, (int)i + 1);
    ck_assert_msg(d->r[i].deprived == want[i] && d->r[i].base == base,
                  "%s: %ld of %ld, expected %ld of %ld", d->r[i].key,
                  d->r[i].deprived, d->r[i].base, want[i], base);
  }
}

/*
** The deprivation table of 2025 under ND07-2021 (12 indicators):
**   poor households of 2025 in 616 and their classifications: m1
**   {1,2,3}, m2 {1,4,5,6}, r1 {2,3,12}, r2 {9} (the proposal behind the
**   board's override), s1 {1,7,10}; m6 {7,8,9} is not a household of
**   2025.  Base 5:
**   1 employment 3 (m1 m2 s1), 2 dependants 2 (m1 r1), 3 nutrition 2
**   (m1 r1), 4 health_insurance 1, 5 adult_education 1, 6 child_schooling
**   1 (m2), 7 housing_quality 1 (s1), 8 housing_area 0, 9 water 1 (r2),
**   10 latrine 1 (s1), 11 telecom 0, 12 info_access 1 (r1).
*/
START_TEST(test_deprivation)
{
  static const long poor616[12] = {3, 2, 2, 1, 1, 1, 1, 0, 1, 1, 0, 1};
  /* with x1 {1,2,3,4} of Ia Đal: base 6 */
  static const long poor_all[12] = {4, 3, 3, 2, 1, 1, 1, 0, 1, 1, 0, 1};
  /* near-poor: m3 {1}; base 1 */
  static const long near616[12] = {1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0};
  /* after m3 is amended to poor: base 6, employment 4 */
  static const long amended[12] = {4, 2, 2, 1, 1, 1, 1, 0, 1, 1, 0, 1};
  static const long zeros[12] = {0};
  static const long zeros10[10] = {0};
  fix f;
  drows d;

  build(&f);
  deprivation(&d, 2025, "616", NULL, NULL, "ND07-2021");
  assert_deprived(&d, poor616, 12, 5);
  ck_assert_str_eq(d.r[0].key, "employment");
  ck_assert_str_eq(d.r[9].key, "latrine");
  ck_assert_str_eq(d.r[11].key, "info_access");
  deprivation(&d, 2025, "616", NULL, "poor", "ND07-2021");
  assert_deprived(&d, poor616, 12, 5);
  deprivation(&d, 2025, NULL, NULL, "poor", "ND07-2021");
  assert_deprived(&d, poor_all, 12, 6);
  deprivation(&d, 2025, "616", NULL, "near_poor", "ND07-2021");
  assert_deprived(&d, near616, 12, 1);
  /* the average r3 {} and the non-poor m4 {} */
  deprivation(&d, 2025, "616", NULL, "average", "ND07-2021");
  assert_deprived(&d, zeros, 12, 1);
  deprivation(&d, 2025, MORAI, NULL, "non_poor", "ND07-2021");
  assert_deprived(&d, zeros, 12, 1);
  /* an empty unit and a year with no review */
  deprivation(&d, 2025, SATHAY, NULL, NULL, "ND07-2021");
  assert_deprived(&d, zeros, 12, 0);
  deprivation(&d, 2023, "616", NULL, NULL, "ND07-2021");
  assert_deprived(&d, zeros, 12, 0);
  /* QD59-2015 for 2021: its 10 indicators */
  deprivation(&d, 2021, "616", NULL, NULL, "QD59-2015");
  assert_deprived(&d, zeros10, 10, 0);
  ck_assert_str_eq(d.r[7].key, "latrine");
  /* 2024: m1 m2 m3 m6 poor with {1,2,3} each */
  {
    static const long y2024[12] = {4, 4, 4, 0, 0, 0, 0, 0, 0, 0, 0, 0};
    deprivation(&d, 2024, MORAI, NULL, NULL, "ND07-2021");
    assert_deprived(&d, y2024, 12, 4);
  }
  /* an amendment: m3 poor; its deprivations are its 2025 classification */
  TU_OK(povreg_status_amend(tu_db, f.m3, 2025, "poor", "9/QĐ-UBND",
                            "2025-02-01", "đau ốm kéo dài"));
  deprivation(&d, 2025, "616", NULL, NULL, "ND07-2021");
  assert_deprived(&d, amended, 12, 6);
  deprivation(&d, 2025, "616", NULL, "near_poor", "ND07-2021");
  assert_deprived(&d, zeros, 12, 0);
  /* refusals */
  {
    povreg_report_spec sp = spec_of(2025, "616", NULL);
    sp.class_key = "rich";
    TU_FAILS(
        POVREG_EINVALID, "class",
        povreg_report_deprivation(NULL, tu_db, &sp, collect_deprivation, &d));
    sp = spec_of(2031, "616", "2025-01-01");
    TU_FAILS(
        POVREG_ENOTFOUND, "no standard",
        povreg_report_deprivation(NULL, tu_db, &sp, collect_deprivation, &d));
  }
}
END_TEST

/* ---- transitions --------------------------------------------------------- */

/* A transition row, copied. */
typedef struct trow {
  char commune[6], cls[12];
  int total, start, escaped, to_poor, left, relapsed, newly, end, reconciles;
} trow;

/* Collected transition rows. */
typedef struct trows {
  trow r[48];
  size_t n;
} trows;

/* Copy a transition row into t. */
static void copy_trow(trows *t, const povreg_transition_row *r, int is_total)
{
  trow *o;

  ck_assert_uint_lt(t->n, sizeof t->r / sizeof t->r[0]);
  o = &t->r[t->n++];
  snprintf(o->commune, sizeof o->commune, "%s", r->commune_code);
  snprintf(o->cls, sizeof o->cls, "%s", r->class_key);
  o->total = is_total;
  o->start = r->start;
  o->escaped = r->escaped;
  o->to_poor = r->to_poor;
  o->left = r->left;
  o->relapsed = r->relapsed;
  o->newly = r->newly;
  o->end = r->end;
  o->reconciles = r->reconciles;
}

/* povreg_report_transition_cb: copy a row. */
static int collect_report_row(const povreg_transition_row *r, int is_total,
                              void *payload)
{
  copy_trow(payload, r, is_total);
  return 0;
}

/* povreg_transition_cb: copy a row. */
static int collect_row(const povreg_transition_row *r, void *payload)
{
  copy_trow(payload, r, 0);
  return 0;
}

/* The report's transitions (must succeed); every row must reconcile. */
static void rtransitions(trows *t, int year, const char *unit,
                         const char *as_of)
{
  povreg_report_spec sp = spec_of(year, unit, as_of);
  size_t i;

  memset(t, 0, sizeof *t);
  TU_OK(povreg_report_transitions(tu_db, &sp, collect_report_row, t));
  for (i = 0; i < t->n; i++) {
    const trow *r = &t->r[i];
    ck_assert_msg(r->reconciles == 1 && r->end == r->start - r->escaped -
                                                      r->to_poor - r->left +
                                                      r->relapsed + r->newly,
                  "%s %s does not reconcile", r->commune, r->cls);
  }
}

/* The row of a commune (or total) and class, which must be there once. */
static const trow *trow_of(const trows *t, const char *commune, const char *cls,
                           int total)
{
  const trow *found = NULL;
  size_t i;

  for (i = 0; i < t->n; i++) {
    if (t->r[i].total == total && strcmp(t->r[i].commune, commune) == 0 &&
        strcmp(t->r[i].cls, cls) == 0) {
      ck_assert_msg(found == NULL, "two rows %s %s", commune, cls);
      found = &t->r[i];
    }
  }
  ck_assert_msg(found != NULL, "no row %s %s%s", commune, cls,
                total ? " (total)" : "");
  return found;
}

/* Assert a transition row. */
#define ASSERT_TROW(t, commune, cls, total, st_, es_, tp_, le_, re_, ne_, en_) \
  do {                                                                         \
    const trow *r_ = trow_of((t), (commune), (cls), (total));                  \
    ck_assert_msg(                                                             \
        r_->start == (st_) && r_->escaped == (es_) && r_->to_poor == (tp_) &&  \
            r_->left == (le_) && r_->relapsed == (re_) &&                      \
            r_->newly == (ne_) && r_->end == (en_),                            \
        "%s %s%s: start %d escaped %d to_poor %d left %d "                     \
        "relapsed %d new %d end %d",                                           \
        (commune), (cls), (total) ? " total" : "", r_->start, r_->escaped,     \
        r_->to_poor, r_->left, r_->relapsed, r_->newly, r_->end);              \
  } while (0)

/*
** The report's commune rows agree with povreg_transitions() of each
** commune (which groups on Y-01-01 as the default report does).
*/
static void assert_same_as_status(const trows *t, int year)
{
  size_t i, j;

  for (i = 0; i < t->n; i++) {
    trows one;
    int seen = 0;
    if (t->r[i].total) {
      continue;
    }
    memset(&one, 0, sizeof one);
    TU_OK(povreg_transitions(tu_db, t->r[i].commune, year, collect_row, &one));
    for (j = 0; j < one.n; j++) {
      const trow *a = &t->r[i], *b = &one.r[j];
      if (strcmp(b->cls, a->cls) != 0) {
        continue;
      }
      seen = 1;
      ck_assert_msg(a->start == b->start && a->escaped == b->escaped &&
                        a->to_poor == b->to_poor && a->left == b->left &&
                        a->relapsed == b->relapsed && a->newly == b->newly &&
                        a->end == b->end,
                    "%s %s differs from povreg_transitions", a->commune,
                    a->cls);
    }
    if (!seen) {
      const trow *a = &t->r[i];
      ck_assert_msg(a->start + a->end + a->escaped + a->left + a->newly == 0,
                    "%s %s has figures povreg_transitions lacks", a->commune,
                    a->cls);
    }
  }
}

/*
** The transitions of 2025 (2024 -> 2025).  Every household of the unit
** with a status in either year counts (m6 too, dissolved on 2025-01-01):
**   Mô Rai poor: start m1 m2 m3 m6 = 4; escaped m3 (to near-poor) = 1;
**     end m1 m2 m6 = 3 = 4 - 1.
**   Mô Rai near-poor: start m4 = 1; escaped m4 (non-poor) = 1; new m3 (no
**     near-poor status before) = 1; end 1 = 1 - 1 + 1.
**   Rơ Kơi poor: new r1 r2 = 2, end 2.  Sa Bình poor: new s1, end 1.
**   Total 616 poor: start 4, escaped 1, new 3, end 6; near-poor: start
**     1, escaped 1, new 1, end 1.
*/
START_TEST(test_transitions)
{
  fix f;
  trows t;

  build(&f);
  rtransitions(&t, 2025, "616", NULL);
  /* every commune and class, then the two totals */
  ck_assert_uint_eq(t.n, 11 * 2 + 2);
  ck_assert_str_eq(t.r[0].commune, SATHAY);
  ck_assert_str_eq(t.r[0].cls, "poor");
  ck_assert_str_eq(t.r[1].cls, "near_poor");
  ck_assert_int_eq(t.r[22].total, 1);
  ck_assert_str_eq(t.r[22].cls, "poor");
  ck_assert_str_eq(t.r[23].cls, "near_poor");
  ASSERT_TROW(&t, MORAI, "poor", 0, 4, 1, 0, 0, 0, 0, 3);
  ASSERT_TROW(&t, MORAI, "near_poor", 0, 1, 1, 0, 0, 0, 1, 1);
  ASSERT_TROW(&t, ROKOI, "poor", 0, 0, 0, 0, 0, 0, 2, 2);
  ASSERT_TROW(&t, ROKOI, "near_poor", 0, 0, 0, 0, 0, 0, 0, 0);
  ASSERT_TROW(&t, OLDSB, "poor", 0, 0, 0, 0, 0, 0, 1, 1);
  ASSERT_TROW(&t, SATHAY, "poor", 0, 0, 0, 0, 0, 0, 0, 0);
  ASSERT_TROW(&t, "616", "poor", 1, 4, 1, 0, 0, 0, 3, 6);
  ASSERT_TROW(&t, "616", "near_poor", 1, 1, 1, 0, 0, 0, 1, 1);
  assert_same_as_status(&t, 2025);
  /*
  ** 2024 (nothing -> review 2023): Mô Rai poor new 4 (m1 m2 m3 m6), near
  ** new 1 (m4).
  */
  rtransitions(&t, 2024, MORAI, NULL);
  ck_assert_uint_eq(t.n, 4);
  ASSERT_TROW(&t, MORAI, "poor", 0, 0, 0, 0, 0, 0, 4, 4);
  ASSERT_TROW(&t, MORAI, "poor", 1, 0, 0, 0, 0, 0, 4, 4);
  ASSERT_TROW(&t, MORAI, "near_poor", 1, 0, 0, 0, 0, 0, 1, 1);
  /*
  ** 2026: no review yet; everyone recognised in 2025 left the lists.
  ** Under 51 on 2026-01-01 (s1 in 23534, x1 in Ia Đal included): poor
  ** start m1 m2 m6 r1 r2 s1 x1 = 7, left 7; near-poor start m3, left 1.
  */
  rtransitions(&t, 2026, "51", NULL);
  ASSERT_TROW(&t, "51", "poor", 1, 7, 0, 0, 7, 0, 0, 0);
  ASSERT_TROW(&t, "51", "near_poor", 1, 1, 0, 0, 1, 0, 0, 0);
  /* the whole ledger: Ia Đal's x1 is new poor in 2025 */
  rtransitions(&t, 2025, NULL, NULL);
  ck_assert_uint_eq(t.n, 14 * 2 + 2);
  ASSERT_TROW(&t, IADAL, "poor", 0, 0, 0, 0, 0, 0, 1, 1);
  ASSERT_TROW(&t, "", "poor", 1, 4, 1, 0, 0, 0, 4, 7);
  ASSERT_TROW(&t, "", "near_poor", 1, 1, 1, 0, 0, 0, 1, 1);
  assert_same_as_status(&t, 2025);
  /* an empty unit: zeros that reconcile */
  rtransitions(&t, 2025, SATHAY, NULL);
  ck_assert_uint_eq(t.n, 4);
  ASSERT_TROW(&t, SATHAY, "poor", 1, 0, 0, 0, 0, 0, 0, 0);
  ASSERT_TROW(&t, SATHAY, "near_poor", 1, 0, 0, 0, 0, 0, 0, 0);
}
END_TEST

/* ---- targets ------------------------------------------------------------- */

/* A target row, copied. */
typedef struct grow {
  char unit[6], name[128], cls[12], measure[12], source[64];
  int year, has_actual, met;
  long target, actual, gap;
} grow;

/* Collected target rows. */
typedef struct grows {
  grow r[32];
  size_t n;
} grows;

/* povreg_target_cb: copy a row. */
static int collect_target(const povreg_target_row *r, void *payload)
{
  grows *g = payload;
  grow *o;

  ck_assert_uint_lt(g->n, sizeof g->r / sizeof g->r[0]);
  o = &g->r[g->n++];
  snprintf(o->unit, sizeof o->unit, "%s", r->unit_code);
  snprintf(o->name, sizeof o->name, "%s", r->unit_name);
  snprintf(o->cls, sizeof o->cls, "%s", r->class_key);
  snprintf(o->measure, sizeof o->measure, "%s", r->measure);
  snprintf(o->source, sizeof o->source, "%s", r->source);
  o->year = r->year;
  o->has_actual = r->has_actual;
  o->met = r->met;
  o->target = r->target;
  o->actual = r->actual;
  o->gap = r->gap;
  return 0;
}

/* Record a target (must succeed). */
static void target(const char *unit, int year, const char *cls,
                   const char *measure, long value)
{
  povreg_target_spec t;

  memset(&t, 0, sizeof t);
  t.unit_code = unit;
  t.year = year;
  t.class_key = cls;
  t.measure = measure;
  t.value = value;
  t.source = "NQ 05/NQ-HĐND huyện Sa Thầy";
  TU_OK(povreg_target_set(tu_db, &t));
}

/* The targets report (must succeed). */
static void targets(grows *g, int year, const char *unit)
{
  povreg_report_spec sp = spec_of(year, unit, NULL);

  memset(g, 0, sizeof *g);
  TU_OK(povreg_report_targets(tu_db, &sp, collect_target, g));
}

/* Assert target row i: key, target, result. */
#define ASSERT_TARGET(g, i, unit_, year_, cls_, measure_, target_, has_,       \
                      actual_, gap_, met_)                                     \
  do {                                                                         \
    const grow *r_ = &(g)->r[(i)];                                             \
    ck_assert_uint_lt((i), (g)->n);                                            \
    ck_assert_msg(strcmp(r_->unit, (unit_)) == 0 && r_->year == (year_) &&     \
                      strcmp(r_->cls, (cls_)) == 0 &&                          \
                      strcmp(r_->measure, (measure_)) == 0,                    \
                  "row %d: %s %d %s %s", (int)(i), r_->unit, r_->year,         \
                  r_->cls, r_->measure);                                       \
    ck_assert_msg(r_->target == (target_) && r_->has_actual == (has_) &&       \
                      r_->actual == (actual_) && r_->gap == (gap_) &&          \
                      r_->met == (met_),                                       \
                  "%s %d %s %s: target %ld has %d actual %ld gap %ld met %d",  \
                  r_->unit, r_->year, r_->cls, r_->measure, r_->target,        \
                  r_->has_actual, r_->actual, r_->gap, r_->met);               \
  } while (0)

/* Record the targets of the test below. */
static void set_targets(void)
{
  target(MORAI, 2025, "poor", "count", 2);
  target(MORAI, 2025, "poor", "rate", 4999);
  target(MORAI, 2025, "poor", "reduction", 3000);
  target(MORAI, 2025, "near_poor", "count", 0);
  target(MORAI, 2025, "near_poor", "rate", 2500);
  target(MORAI, 2025, "near_poor", "reduction", 1);
  target("616", 2024, "poor", "count", 4);
  target("616", 2024, "poor", "reduction", 600);
  target("616", 2025, "poor", "rate", 5600);
  target("616", 2025, "poor", "reduction", 600);
  target("616", 2026, "poor", "count", 1);
  target("62", 2025, "poor", "count", 6);
}

/*
** Targets against results (each on its own year's communes):
**   Mô Rai 2024: 5 households (m1..m4, m6), poor 4 = 8000 bp, near-poor 1
**   = 2000 bp.  2025: 4 households, poor 2 = 5000 bp, near-poor 1 = 2500.
**     poor count 2:           actual 2, gap 0, met (exactly on target)
**     poor rate 4999:         actual 5000, gap +1, not met
**     poor reduction 3000:    8000 - 5000 = 3000, gap 0, met
**     near count 0:           actual 1, gap +1, not met
**     near rate 2500:         actual 2500, gap 0, met
**     near reduction 1:       2000 - 2500 = -500, gap -501, not met
**   616 2024: 10 households, poor 4 (4000 bp); 2025: 9, poor 5 (5556 bp).
**     2024 poor count 4:      actual 4, met
**     2024 poor reduction:    2023 has no statuses: no actual
**     2025 poor rate 5600:    actual 5556, gap -44, met
**     2025 poor reduction 600: 4000 - 5556 = -1556, gap -2156, not met
**     2026 poor count 1:      no statuses: no actual
**   62 2025 poor count 6:     14 communes, poor 6: gap 0, met
*/
START_TEST(test_targets)
{
  fix f;
  grows g;

  build(&f);
  set_targets();
  /* 616 and the units ever under it: 616's first, then Mô Rai's */
  targets(&g, 0, "616");
  ck_assert_uint_eq(g.n, 11);
  ASSERT_TARGET(&g, 0, "616", 2024, "poor", "count", 4, 1, 4, 0, 1);
  ASSERT_TARGET(&g, 1, "616", 2024, "poor", "reduction", 600, 0, 0, 0, 0);
  ASSERT_TARGET(&g, 2, "616", 2025, "poor", "rate", 5600, 1, 5556, -44, 1);
  ASSERT_TARGET(&g, 3, "616", 2025, "poor", "reduction", 600, 1, -1556, -2156,
                0);
  ASSERT_TARGET(&g, 4, "616", 2026, "poor", "count", 1, 0, 0, 0, 0);
  ASSERT_TARGET(&g, 5, MORAI, 2025, "poor", "count", 2, 1, 2, 0, 1);
  ASSERT_TARGET(&g, 6, MORAI, 2025, "poor", "rate", 4999, 1, 5000, 1, 0);
  ASSERT_TARGET(&g, 7, MORAI, 2025, "poor", "reduction", 3000, 1, 3000, 0, 1);
  ASSERT_TARGET(&g, 8, MORAI, 2025, "near_poor", "count", 0, 1, 1, 1, 0);
  ASSERT_TARGET(&g, 9, MORAI, 2025, "near_poor", "rate", 2500, 1, 2500, 0, 1);
  ASSERT_TARGET(&g, 10, MORAI, 2025, "near_poor", "reduction", 1, 1, -500, -501,
                0);
  ck_assert_str_eq(g.r[0].name, "Huyện Sa Thầy");
  ck_assert_str_eq(g.r[4].name, "Huyện Sa Thầy");
  ck_assert_str_eq(g.r[5].name, "Xã Mô Rai");
  ck_assert_str_eq(g.r[5].source, "NQ 05/NQ-HĐND huyện Sa Thầy");
  /* the province: its own target first */
  targets(&g, 0, "62");
  ck_assert_uint_eq(g.n, 12);
  ASSERT_TARGET(&g, 0, "62", 2025, "poor", "count", 6, 1, 6, 0, 1);
  ck_assert_str_eq(g.r[0].name, "Tỉnh Kon Tum");
  /* one year, every unit */
  targets(&g, 2025, NULL);
  ck_assert_uint_eq(g.n, 9);
  ASSERT_TARGET(&g, 0, "62", 2025, "poor", "count", 6, 1, 6, 0, 1);
  ASSERT_TARGET(&g, 1, "616", 2025, "poor", "rate", 5600, 1, 5556, -44, 1);
  /* Mô Rai is under 51 from 2025-07-01: its targets show there */
  targets(&g, 0, "51");
  ck_assert_uint_eq(g.n, 6);
  ASSERT_TARGET(&g, 0, MORAI, 2025, "poor", "count", 2, 1, 2, 0, 1);
  targets(&g, 2024, MORAI);
  ck_assert_uint_eq(g.n, 0);
  /* a replaced target: audited with the value before */
  target("616", 2025, "poor", "rate", 5500);
  targets(&g, 2025, "616");
  ASSERT_TARGET(&g, 0, "616", 2025, "poor", "rate", 5500, 1, 5556, 56, 0);
  ck_assert_int_eq(tu_int(tu_db, "SELECT count(*) FROM target"), 12);
  ck_assert_int_eq(tu_int(tu_db, "SELECT count(*) FROM audit WHERE action = "
                                 "'target.set' AND entity_key = "
                                 "'616/2025/poor/rate'"),
                   2);
  ck_assert_int_eq(tu_int(tu_db, "SELECT json_extract(old_value, '$.value') "
                                 "* 10000 + json_extract(new_value, "
                                 "'$.value') FROM audit WHERE action = "
                                 "'target.set' AND entity_key = "
                                 "'616/2025/poor/rate' AND old_value IS NOT "
                                 "NULL"),
                   5600LL * 10000 + 5500);
  /* the same again changes nothing, not even the log */
  {
    char *before = tu_dump(tu_db), *after;
    target("616", 2025, "poor", "rate", 5500);
    after = tu_dump(tu_db);
    TU_ASSERT_SAME(before, after, "same target again");
    free(before);
    free(after);
  }
}
END_TEST

/* Targets that are refused change nothing. */
START_TEST(test_target_errors)
{
  povreg_target_spec t;
  grows g;

  memset(&t, 0, sizeof t);
  t.unit_code = "616";
  t.year = 2021;
  t.class_key = "poor";
  t.measure = "count";
  t.value = 1360;
  t.source = "Kế hoạch giảm nghèo 2016-2020";
  TU_OK(povreg_target_set(tu_db, &t));
  /* a count may exceed 10000; a rate of exactly 100% is allowed */
  t.value = 20000;
  TU_OK(povreg_target_set(tu_db, &t));
  t.measure = "rate";
  t.value = 10000;
  TU_OK(povreg_target_set(tu_db, &t));
  t.value = 10001;
  TU_FAILS(POVREG_EINVALID, "value", povreg_target_set(tu_db, &t));
  t.measure = "reduction";
  TU_FAILS(POVREG_EINVALID, "value", povreg_target_set(tu_db, &t));
  t.value = -1;
  t.measure = "count";
  TU_FAILS(POVREG_EINVALID, "value", povreg_target_set(tu_db, &t));
  t.value = 600;
  t.measure = "percent";
  TU_FAILS(POVREG_EINVALID, "measure", povreg_target_set(tu_db, &t));
  t.measure = NULL;
  TU_FAILS(POVREG_EINVALID, "measure", povreg_target_set(tu_db, &t));
  t.measure = "reduction";
  t.class_key = "average";
  TU_FAILS(POVREG_EINVALID, "class", povreg_target_set(tu_db, &t));
  t.class_key = "poor";
  t.unit_code = "99999";
  TU_FAILS(POVREG_ENOTFOUND, "unit", povreg_target_set(tu_db, &t));
  t.unit_code = NULL;
  TU_FAILS(POVREG_EINVALID, "unit", povreg_target_set(tu_db, &t));
  t.unit_code = "616";
  t.year = 1989;
  TU_FAILS(POVREG_EINVALID, "year", povreg_target_set(tu_db, &t));
  t.year = 2021;
  t.source = "";
  TU_FAILS(POVREG_EINVALID, "source", povreg_target_set(tu_db, &t));
  t.source = NULL;
  TU_FAILS(POVREG_EINVALID, "source", povreg_target_set(tu_db, &t));
  TU_FAILS(POVREG_EINVALID, NULL, povreg_target_set(tu_db, NULL));
  /* the accepted ones: 2 keys, 3 audit entries */
  ck_assert_int_eq(tu_int(tu_db, "SELECT count(*) FROM target"), 2);
  ck_assert_int_eq(
      tu_int(tu_db, "SELECT count(*) FROM audit WHERE action = 'target.set'"),
      3);
  /* no statuses at all: no actual */
  targets(&g, 0, NULL);
  ck_assert_uint_eq(g.n, 2);
  ASSERT_TARGET(&g, 0, "616", 2021, "poor", "count", 20000, 0, 0, 0, 0);
  ASSERT_TARGET(&g, 1, "616", 2021, "poor", "rate", 10000, 0, 0, 0, 0);
  {
    povreg_report_spec sp = spec_of(0, "99999", NULL);
    TU_FAILS(POVREG_ENOTFOUND, "unit",
             povreg_report_targets(tu_db, &sp, collect_target, &g));
    sp = spec_of(1989, NULL, NULL);
    TU_FAILS(POVREG_EINVALID, "year",
             povreg_report_targets(tu_db, &sp, collect_target, &g));
  }
}
END_TEST

/* ---- MPI ----------------------------------------------------------------- */

/* Assert two doubles agree within EPS. */
#define ASSERT_NEAR(got, want)                                                 \
  ck_assert_msg(fabs((got) - (want)) < EPS, "%s = %.17g, expected %.17g",      \
                #got, (double)(got), (double)(want))

/* The group of a decomposition (must be there). */
static const povreg_mpi_group *group_of(const povreg_mpi *m, const char *by,
                                        const char *key)
{
  size_t i;

  for (i = 0; i < m->n_groups; i++) {
    if (strcmp(m->groups[i].by, by) == 0 &&
        strcmp(m->groups[i].key, key) == 0) {
      return &m->groups[i];
    }
  }
  ck_abort_msg("no group %s %s", by, key);
  return NULL;
}

/* Assert a group's counts and measures. */
static void assert_group(const povreg_mpi *m, const char *by, const char *key,
                         long n, long q, long sum_c, double H, double A,
                         double M0, double share)
{
  const povreg_mpi_group *g = group_of(m, by, key);

  ck_assert_msg(g->n == n && g->q == q && g->sum_c_poor == sum_c,
                "%s %s: n %ld q %ld sum %ld", by, key, g->n, g->q,
                g->sum_c_poor);
  ASSERT_NEAR(g->H, H);
  ASSERT_NEAR(g->A, A);
  ASSERT_NEAR(g->M0, M0);
  ASSERT_NEAR(g->share, share);
  ASSERT_NEAR(g->M0, g->H * g->A);
}

/* The shares of each decomposition and the contributions sum to 1. */
static void assert_sums_to_one(const povreg_mpi *m)
{
  static const char *const bys[3] = {"commune", "ethnicity", "head_sex"};
  double c = 0;
  size_t i, j;

  for (i = 0; i < m->n_indicators; i++) {
    c += m->indicators[i].contribution;
  }
  ASSERT_NEAR(c, 1.0);
  for (j = 0; j < 3; j++) {
    double s = 0;
    long n = 0;
    for (i = 0; i < m->n_groups; i++) {
      if (strcmp(m->groups[i].by, bys[j]) == 0) {
        s += m->groups[i].share;
        n += m->groups[i].n;
      }
    }
    ASSERT_NEAR(s, 1.0);
    ck_assert_int_eq(n, m->n);
  }
}

/* The MPI of a year and unit (must succeed).  Free with povreg_mpi_free. */
static povreg_mpi *mpi(int year, const char *unit, const char *as_of)
{
  povreg_report_spec sp = spec_of(year, unit, as_of);
  povreg_mpi *m = NULL;

  TU_OK(povreg_report_mpi(&m, tu_db, &sp));
  ck_assert_ptr_nonnull(m);
  return m;
}

/*
** The Alkire-Foster measures of 2021 under QD59-2015 (d = 10 indicators,
** weight 1/10 each, cut-off k = 3), from the review held in 2020:
**
**   household  commune  head    deprived         c   class (income)
**   h1         Mô Rai   M 14    {1,2,3,4,5}      5   poor (900,000)
**   h2         Mô Rai   F 01    {1,2,6}          3   poor (900,000)
**   h3         Rơ Kơi   M 01    {1,7,8,9}        4   average (1,200,000)
**   h4         Mô Rai   F 14    {1,10}           2   poor (600,000)
**   h5         Rơ Kơi   M 14    {}               0   non-poor (2,000,000)
**   h6         Mô Rai   classified for 2021 but no status: left out
**
** The class plays no part (h3 is average but MPI-poor, h4 poor but not).
** n = 5, q = 3 (h1 h2 h3), S = 5 + 3 + 4 = 12:
**   H = 3/5 = 0.6, A = 12/(3 * 10) = 0.4, M0 = 12/(5 * 10) = 0.24 = H A.
** Uncensored (deprived / n): ind 1: 4/5 (h1..h4); 2: 2/5; 3..10: 1/5.
** Censored (poor and deprived / n): 1: 3/5; 2: 2/5; 3..9: 1/5; 10: 0.
** Contribution (1/10) censored / M0 = C_j / S: 1: 3/12 = 0.25, 2: 2/12,
**   3..9: 1/12 each, 10: 0; they sum to 1.
** Decomposition (share = (n_g/n) M0_g / M0 = S_g / S):
**   Rơ Kơi {h3 h5}: n 2, q 1, S 4: H 1/2, A 4/10, M0 4/20, share 1/3
**   Mô Rai {h1 h2 h4}: n 3, q 2, S 8: H 2/3, A 8/20, M0 8/30, share 2/3
**   Kinh 01 {h2 h3}: n 2, q 2, S 7: H 1, A 7/20, M0 7/20, share 7/12
**   Xơ-đăng 14 {h1 h4 h5}: n 3, q 1, S 5: H 1/3, A 5/10, M0 5/30, share
**     5/12
**   M {h1 h3 h5}: n 3, q 2, S 9: H 2/3, A 9/20, M0 9/30, share 9/12
**   F {h2 h4}: n 2, q 1, S 3: H 1/2, A 3/10, M0 3/20, share 3/12
*/
START_TEST(test_mpi)
{
  static const double unc[10] = {0.8, 0.4, 0.2, 0.2, 0.2,
                                 0.2, 0.2, 0.2, 0.2, 0.2};
  static const double cen[10] = {0.6, 0.4, 0.2, 0.2, 0.2,
                                 0.2, 0.2, 0.2, 0.2, 0.0};
  static const long dep[10] = {4, 2, 1, 1, 1, 1, 1, 1, 1, 1};
  static const long depq[10] = {3, 2, 1, 1, 1, 1, 1, 1, 1, 0};
  char h1[33], h2[33], h3[33], h4[33], h5[33], h6[33];
  povreg_mpi *m;
  size_t i;

  hh_add(h1, MORAI, "2019-05-01", "M", "14");
  hh_add(h2, MORAI, "2019-05-01", "F", "01");
  hh_add(h3, ROKOI, "2019-05-01", "M", "01");
  hh_add(h4, MORAI, "2019-05-01", "F", "14");
  hh_add(h5, ROKOI, "2019-05-01", "M", "14");
  hh_add(h6, MORAI, "2019-05-01", "F", "14");
  {
    const plan pm[] = {
        {h1, 900000, B(1) | B(2) | B(3) | B(4) | B(5), NULL, NULL},
        {h2, 900000, B(1) | B(2) | B(6), NULL, NULL},
        {h4, 600000, B(1) | B(10), NULL, NULL},
    };
    const plan pr[] = {
        {h3, 1200000, B(1) | B(7) | B(8) | B(9), NULL, NULL},
        {h5, 2000000, 0, NULL, NULL},
    };
    povreg_evaluation *ev = NULL;
    cycle(MORAI, 2020, pm, 3);
    cycle(ROKOI, 2020, pr, 2);
    /* h6: surveyed and classified outside any review */
    survey_mask(h6, 2020, "2020-09-01", 600000, B(1) | B(2) | B(3) | B(4),
                NULL);
    TU_OK(povreg_household_classify(&ev, tu_db, h6, 2021, NULL, 1));
    povreg_evaluation_free(ev);
  }
  assert_status(h1, 2021, POVREG_CLASS_POOR);
  assert_status(h2, 2021, POVREG_CLASS_POOR);
  assert_status(h3, 2021, POVREG_CLASS_AVERAGE);
  assert_status(h4, 2021, POVREG_CLASS_POOR);
  assert_status(h5, 2021, POVREG_CLASS_NON_POOR);
  assert_status(h6, 2021, POVREG_CLASS_NONE);
  /* an amendment changes the class, not the measures */
  TU_OK(povreg_status_amend(tu_db, h5, 2021, "near_poor", "3/QĐ-UBND",
                            "2021-03-01", "mất mùa"));

  m = mpi(2021, "616", NULL);
  ck_assert_int_eq(m->year, 2021);
  ck_assert_str_eq(m->standard_id, "QD59-2015");
  ck_assert_int_eq(m->d, 10);
  ck_assert_int_eq(m->k, 3);
  ck_assert_int_eq(m->n, 5);
  ck_assert_int_eq(m->q, 3);
  ck_assert_int_eq(m->sum_c_poor, 12);
  ASSERT_NEAR(m->H, 0.6);
  ASSERT_NEAR(m->A, 0.4);
  ASSERT_NEAR(m->M0, 0.24);
  ASSERT_NEAR(m->M0, m->H * m->A);
  ck_assert_uint_eq(m->n_indicators, 10);
  for (i = 0; i < 10; i++) {
    const povreg_mpi_indicator *x = &m->indicators[i];
    double contrib = i == 0   ? 3.0 / 12
                     : i == 1 ? 2.0 / 12
                     : i < 9  ? 1.0 / 12
                              : 0;
    ck_assert_msg(x->deprived == dep[i] && x->deprived_poor == depq[i],
                  "%s: %ld / %ld", x->key, x->deprived, x->deprived_poor);
    ASSERT_NEAR(x->weight, 0.1);
    ASSERT_NEAR(x->uncensored, unc[i]);
    ASSERT_NEAR(x->censored, cen[i]);
    ASSERT_NEAR(x->contribution, contrib);
    ASSERT_NEAR(x->contribution, x->weight * x->censored / m->M0);
  }
  ck_assert_str_eq(m->indicators[0].key, "health_access");
  ck_assert_str_eq(m->indicators[9].key, "info_assets");
  /* groups in order: communes by code, ethnic codes, M then F */
  ck_assert_uint_eq(m->n_groups, 6);
  ck_assert_str_eq(m->groups[0].key, ROKOI);
  ck_assert_str_eq(m->groups[0].name, "Xã Rơ Kơi");
  ck_assert_str_eq(m->groups[1].key, MORAI);
  ck_assert_str_eq(m->groups[2].key, "01");
  ck_assert_str_eq(m->groups[2].name, "Kinh");
  ck_assert_str_eq(m->groups[3].key, "14");
  ck_assert_str_eq(m->groups[3].name, "Xơ-đăng");
  ck_assert_str_eq(m->groups[4].key, "M");
  ck_assert_str_eq(m->groups[4].name, "Nam");
  ck_assert_str_eq(m->groups[5].key, "F");
  ck_assert_str_eq(m->groups[5].name, "Nữ");
  assert_group(m, "commune", ROKOI, 2, 1, 4, 0.5, 0.4, 0.2, 1.0 / 3);
  assert_group(m, "commune", MORAI, 3, 2, 8, 2.0 / 3, 0.4, 8.0 / 30, 2.0 / 3);
  assert_group(m, "ethnicity", "01", 2, 2, 7, 1.0, 0.35, 0.35, 7.0 / 12);
  assert_group(m, "ethnicity", "14", 3, 1, 5, 1.0 / 3, 0.5, 5.0 / 30, 5.0 / 12);
  assert_group(m, "head_sex", "M", 3, 2, 9, 2.0 / 3, 0.45, 0.3, 0.75);
  assert_group(m, "head_sex", "F", 2, 1, 3, 0.5, 0.3, 0.15, 0.25);
  assert_sums_to_one(m);
  povreg_mpi_free(m);

  /*
  ** Mô Rai alone {h1 h2 h4}: n 3, q 2, S 8: H 2/3, A 0.4, M0 8/30.
  ** Kinh {h2}: S 3, share 3/8; Xơ-đăng {h1 h4}: n 2, q 1, S 5, share 5/8;
  ** M {h1}: n 1, q 1, S 5: H 1, A 0.5, M0 0.5, share 5/8; F {h2 h4}: n 2,
  ** q 1, S 3: share 3/8.  Indicator 1: deprived 3, poor 2: contribution
  ** 2/8.
  */
  m = mpi(2021, MORAI, NULL);
  ck_assert_int_eq(m->n, 3);
  ck_assert_int_eq(m->q, 2);
  ASSERT_NEAR(m->H, 2.0 / 3);
  ASSERT_NEAR(m->A, 0.4);
  ASSERT_NEAR(m->M0, 8.0 / 30);
  ASSERT_NEAR(m->indicators[0].uncensored, 1.0);
  ASSERT_NEAR(m->indicators[0].censored, 2.0 / 3);
  ASSERT_NEAR(m->indicators[0].contribution, 0.25);
  ck_assert_uint_eq(m->n_groups, 5);
  assert_group(m, "commune", MORAI, 3, 2, 8, 2.0 / 3, 0.4, 8.0 / 30, 1.0);
  assert_group(m, "ethnicity", "01", 1, 1, 3, 1.0, 0.3, 0.3, 3.0 / 8);
  assert_group(m, "ethnicity", "14", 2, 1, 5, 0.5, 0.5, 0.25, 5.0 / 8);
  assert_group(m, "head_sex", "M", 1, 1, 5, 1.0, 0.5, 0.5, 5.0 / 8);
  assert_group(m, "head_sex", "F", 2, 1, 3, 0.5, 0.3, 0.15, 3.0 / 8);
  assert_sums_to_one(m);
  povreg_mpi_free(m);

  /* a year without statuses: everything 0, the indicators still listed */
  m = mpi(2020, "616", NULL);
  ck_assert_str_eq(m->standard_id, "QD59-2015");
  ck_assert_int_eq(m->n, 0);
  ck_assert_int_eq(m->q, 0);
  ASSERT_NEAR(m->H, 0);
  ASSERT_NEAR(m->A, 0);
  ASSERT_NEAR(m->M0, 0);
  ck_assert_uint_eq(m->n_indicators, 10);
  ASSERT_NEAR(m->indicators[0].contribution, 0);
  ck_assert_uint_eq(m->n_groups, 0);
  povreg_mpi_free(m);
  povreg_mpi_free(NULL);
  {
    povreg_report_spec sp = spec_of(2031, NULL, NULL);
    povreg_mpi *none = NULL;
    TU_FAILS(POVREG_ENOTFOUND, "no standard",
             povreg_report_mpi(&none, tu_db, &sp));
    ck_assert_ptr_null(none);
    sp = spec_of(2021, "616", "2026-01-01");
    TU_FAILS(POVREG_ENOTFOUND, "unit", povreg_report_mpi(&none, tu_db, &sp));
    TU_FAILS(POVREG_EINVALID, NULL, povreg_report_mpi(NULL, tu_db, &sp));
  }
}
END_TEST

/*
** The MPI population is the households of the year, the summary's, each
** with the classification behind its status in effect: the latest status
** up to the year, not only a status of the year.  Mô Rai 23536 (heads as
** shown, every household registered 2019-05-01), Rơ Kơi 23530:
**
**   hh  head  review 2019 (status 2020)  review 2020 (status 2021)
**   g1  M 14  non-poor {1,2,3}           not listed, not surveyed again
**   g2  F 01  poor {1}                   poor {4,5,6,7} (listed)
**   g3  M 01  -                          non-poor {}
**   g4  F 14  never reviewed: no status
**   g5  M 14  non-poor {1,2,3,4}         a 2021 status recorded without
**                                        a survey (written directly)
**   g6  M 14  Rơ Kơi: review 2021 only (status 2022, ND07-2021) {1,2,3}
**
** 2021 (QD59-2015, d = 10, k = 3), Mô Rai: the summary counts g1..g5.
** In effect for 2021: g1 its 2020 status (classified {1,2,3}), g2 and g3
** their 2021 ones, g5 the 2021 one without a classification: left out,
** as is g4.  n = 3 (g1 g2 g3), q = 2 (g1 c 3, g2 c 4), S = 7:
**   H = 2/3, A = 7/(2 * 10) = 0.35, M0 = 7/30.
** Indicators 1..7: deprived 1 each (1,2,3 by g1; 4..7 by g2), both
** poor: uncensored = censored = 1/3, contribution 1/7; 8..10: 0.
**   Xơ-đăng 14 {g1}: n 1, q 1, S 3: H 1, A 0.3, M0 0.3, share 3/7
**   Kinh 01 {g2 g3}: n 2, q 1, S 4: H 1/2, A 0.4, M0 0.2, share 4/7
**   M {g1 g3}: n 2, q 1, S 3: H 1/2, A 0.3, M0 0.15, share 3/7
**   F {g2}: n 1, q 1, S 4: H 1, A 0.4, M0 0.4, share 4/7
** Before this rule only statuses of 2021 counted: n 2 (g2 g3).
**
** 2022 (ND07-2021), district 616: the summary counts g1..g6; g1, g2, g3
** were last classified under QD59-2015, whose deprivations are not those
** of ND07-2021: left out with g4 and g5.  n = 1 (g6, c 3), q = 1, S = 3:
**   H = 1, A = 3/d, M0 = 3/d.
*/
START_TEST(test_mpi_status_in_effect)
{
  char g1[33], g2[33], g3[33], g4[33], g5[33], g6[33], sql[256];
  povreg_mpi *m;
  srows s;
  size_t i;

  hh_add(g1, MORAI, "2019-05-01", "M", "14");
  hh_add(g2, MORAI, "2019-05-01", "F", "01");
  hh_add(g3, MORAI, "2019-05-01", "M", "01");
  hh_add(g4, MORAI, "2019-05-01", "F", "14");
  hh_add(g5, MORAI, "2019-05-01", "M", "14");
  hh_add(g6, ROKOI, "2019-05-01", "M", "14");
  {
    const plan p2019[] = {
        {g1, 3000000, B(1) | B(2) | B(3), NULL, NULL},
        {g2, 600000, B(1), NULL, NULL},
        {g5, 3000000, B(1) | B(2) | B(3) | B(4), NULL, NULL},
    };
    const plan p2020[] = {
        {g2, 600000, B(4) | B(5) | B(6) | B(7), NULL, NULL},
        {g3, 3000000, 0, NULL, NULL},
    };
    const plan r2021[] = {{g6, 600000, B(1) | B(2) | B(3), NULL, NULL}};
    cycle(MORAI, 2019, p2019, 3);
    cycle(MORAI, 2020, p2020, 2);
    cycle(ROKOI, 2021, r2021, 1);
  }
  snprintf(sql, sizeof sql,
           "INSERT INTO household_status(household_id, status_year, class, "
           "effective_on, decision, recorded_at) SELECT id, 2021, 'poor', "
           "'2021-01-01', '7/QĐ-UBND', '2021-01-01T00:00:00Z' FROM "
           "household WHERE code = '%s'",
           g5);
  tu_sq_exec(tu_file, sql);
  assert_status(g1, 2020, POVREG_CLASS_NON_POOR);
  assert_status(g1, 2021, POVREG_CLASS_NONE);
  assert_status(g2, 2021, POVREG_CLASS_POOR);
  assert_status(g3, 2021, POVREG_CLASS_NON_POOR);
  assert_status(g4, 2021, POVREG_CLASS_NONE);
  assert_status(g5, 2021, POVREG_CLASS_POOR);
  assert_status(g6, 2022, POVREG_CLASS_POOR);

  summary(&s, 2021, MORAI, NULL, 0);
  ck_assert_int_eq(srow_of(&s, MORAI, 1)->hh, 5);
  m = mpi(2021, MORAI, NULL);
  ck_assert_int_eq(m->n, 3); /* 5 households, g4 and g5 left out */
  ck_assert_int_eq(m->q, 2);
  ck_assert_int_eq(m->sum_c_poor, 7);
  ASSERT_NEAR(m->H, 2.0 / 3);
  ASSERT_NEAR(m->A, 0.35);
  ASSERT_NEAR(m->M0, 7.0 / 30);
  ck_assert_uint_eq(m->n_indicators, 10);
  for (i = 0; i < 10; i++) {
    const povreg_mpi_indicator *x = &m->indicators[i];
    double share = i < 7 ? 1.0 / 3 : 0;
    ck_assert_msg(x->deprived == (i < 7) && x->deprived_poor == (i < 7),
                  "%s: %ld / %ld", x->key, x->deprived, x->deprived_poor);
    ASSERT_NEAR(x->uncensored, share);
    ASSERT_NEAR(x->censored, share);
    ASSERT_NEAR(x->contribution, i < 7 ? 1.0 / 7 : 0);
  }
  assert_group(m, "commune", MORAI, 3, 2, 7, 2.0 / 3, 0.35, 7.0 / 30, 1.0);
  assert_group(m, "ethnicity", "14", 1, 1, 3, 1.0, 0.3, 0.3, 3.0 / 7);
  assert_group(m, "ethnicity", "01", 2, 1, 4, 0.5, 0.4, 0.2, 4.0 / 7);
  assert_group(m, "head_sex", "M", 2, 1, 3, 0.5, 0.3, 0.15, 3.0 / 7);
  assert_group(m, "head_sex", "F", 1, 1, 4, 1.0, 0.4, 0.4, 4.0 / 7);
  assert_sums_to_one(m);
  povreg_mpi_free(m);

  summary(&s, 2022, "616", NULL, 0);
  ck_assert_int_eq(srow_of(&s, "616", 1)->hh, 6);
  m = mpi(2022, "616", NULL);
  ck_assert_str_eq(m->standard_id, "ND07-2021");
  ck_assert_int_eq(m->n, 1); /* g6 */
  ck_assert_int_eq(m->q, 1);
  ck_assert_int_eq(m->sum_c_poor, 3);
  ASSERT_NEAR(m->H, 1.0);
  ASSERT_NEAR(m->A, 3.0 / m->d);
  ASSERT_NEAR(m->M0, 3.0 / m->d);
  assert_group(m, "commune", ROKOI, 1, 1, 3, 1.0, 3.0 / m->d, 3.0 / m->d, 1.0);
  assert_sums_to_one(m);
  povreg_mpi_free(m);
}
END_TEST

/* ---- the 2025 reorganisation ----------------------------------------------
 */

/*
** o1 is registered in 23545 (Xã Sa Bình, closed on 2025-07-01 into 23534)
** and s2 in 23534 (Xã Hơ Moong, named Xã Sa Bình from 2025-07-01):
**   2025 (review 2024 in each): o1 poor {1,2,3}, s2 near-poor {2}
**   2026 (review 2025 in 23534, o1 listed there): o1 near-poor {1}, s2
**     near-poor {2}
*/
START_TEST(test_reorganisation)
{
  static const char *const one[] = {SABINH};
  char o1[33], s2[33];
  srows s;
  trows t;
  drows d;

  hh_add(o1, OLDSB, "2020-01-15", "M", "14");
  hh_add(s2, SABINH, "2020-01-15", "F", "01");
  {
    const plan po[] = {{o1, 1200000, B(1) | B(2) | B(3), NULL, NULL}};
    const plan ps[] = {{s2, 1400000, B(2), NULL, NULL}};
    const plan p2025[] = {{o1, 1400000, B(1), NULL, NULL},
                          {s2, 1400000, B(2), NULL, NULL}};
    cycle(OLDSB, 2024, po, 1);
    cycle(SABINH, 2024, ps, 1);
    cycle(SABINH, 2025, p2025, 2);
  }
  assert_status(o1, 2025, POVREG_CLASS_POOR);
  assert_status(o1, 2026, POVREG_CLASS_NEAR_POOR);
  assert_status(s2, 2026, POVREG_CLASS_NEAR_POOR);

  /* 2026 under province 51 (grouped on 2026-01-01): both in 23534 */
  summary(&s, 2026, "51", NULL, 5000);
  assert_communes(&s, qn_new, 7);
  ASSERT_SUMMARY(&s, SABINH, 0, 2, 0, 2, 0, 0, 0, 0, 10000, 0);
  ASSERT_SUMMARY(&s, "51", 1, 2, 0, 2, 0, 0, 0, 0, 10000, 0);
  /* the district and the closed commune do not exist on 2026-01-01 */
  {
    povreg_report_spec sp = spec_of(2026, "616", NULL);
    TU_FAILS(POVREG_ENOTFOUND, "616",
             povreg_report_summary(tu_db, &sp, collect_summary, &s));
    sp.unit_code = OLDSB;
    TU_FAILS(POVREG_ENOTFOUND, "2026-01-01",
             povreg_report_summary(tu_db, &sp, collect_summary, &s));
  }
  /* 2026 grouped as before the reorganisation: o1 back in 23545 */
  summary(&s, 2026, "616", "2025-01-01", 5000);
  assert_communes(&s, sa_thay_old, 11);
  ASSERT_SUMMARY(&s, OLDSB, 0, 1, 0, 1, 0, 0, 0, 0, 10000, 0);
  ASSERT_SUMMARY(&s, SABINH, 0, 1, 0, 1, 0, 0, 0, 0, 10000, 0);
  ck_assert_str_eq(srow_of(&s, SABINH, 0)->name, "Xã Hơ Moong");
  /* 2025 as it was, and grouped as after */
  summary(&s, 2025, "616", NULL, 5000);
  ASSERT_SUMMARY(&s, OLDSB, 0, 1, 1, 0, 1, 0, 0, 10000, 0, 1);
  ASSERT_SUMMARY(&s, SABINH, 0, 1, 0, 1, 0, 0, 0, 0, 10000, 0);
  summary(&s, 2025, "51", "2026-01-01", 5000);
  ASSERT_SUMMARY(&s, SABINH, 0, 2, 1, 1, 1, 0, 0, 5000, 5000, 0);
  /* the day before and the day of the reorganisation */
  summary(&s, 2025, "616", "2025-06-30", 5000);
  assert_communes(&s, sa_thay_old, 11);
  summary(&s, 2025, "51", "2025-06-30", 5000);
  ck_assert_uint_eq(s.n, 1);
  ASSERT_SUMMARY(&s, "51", 1, 0, 0, 0, 0, 0, 0, 0, 0, 0);
  summary(&s, 2025, "51", "2025-07-01", 5000);
  assert_communes(&s, qn_new, 7);
  ASSERT_SUMMARY(&s, SABINH, 0, 2, 1, 1, 1, 0, 0, 5000, 5000, 0);
  {
    povreg_report_spec sp = spec_of(2025, "616", "2025-07-01");
    TU_FAILS(POVREG_ENOTFOUND, "616",
             povreg_report_summary(tu_db, &sp, collect_summary, &s));
  }
  summary(&s, 2026, SABINH, NULL, 0);
  assert_communes(&s, one, 1);
  ASSERT_SUMMARY(&s, SABINH, 1, 2, 0, 2, 0, 0, 0, 0, 10000, 0);
  ck_assert_str_eq(srow_of(&s, SABINH, 1)->name, "Xã Sa Bình");

  /*
  ** Transitions 2026 in 23534: poor start o1, escaped o1, end 0;
  ** near-poor start s2, new o1, end 2 (as povreg_transitions() says).
  */
  rtransitions(&t, 2026, "51", NULL);
  ck_assert_uint_eq(t.n, 7 * 2 + 2);
  ASSERT_TROW(&t, SABINH, "poor", 0, 1, 1, 0, 0, 0, 0, 0);
  ASSERT_TROW(&t, SABINH, "near_poor", 0, 1, 0, 0, 0, 0, 1, 2);
  ASSERT_TROW(&t, "51", "poor", 1, 1, 1, 0, 0, 0, 0, 0);
  ASSERT_TROW(&t, "51", "near_poor", 1, 1, 0, 0, 0, 0, 1, 2);
  assert_same_as_status(&t, 2026);
  /* grouped as before: o1's rows in 23545, s2 stayed in 23534 */
  rtransitions(&t, 2026, "616", "2025-01-01");
  ASSERT_TROW(&t, OLDSB, "poor", 0, 1, 1, 0, 0, 0, 0, 0);
  ASSERT_TROW(&t, OLDSB, "near_poor", 0, 0, 0, 0, 0, 0, 1, 1);
  ASSERT_TROW(&t, SABINH, "near_poor", 0, 1, 0, 0, 0, 0, 0, 1);
  ASSERT_TROW(&t, "616", "near_poor", 1, 1, 0, 0, 0, 0, 1, 2);

  /* the near-poor of 2026 in 51: o1 {1}, s2 {2} */
  {
    static const long want[12] = {1, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0};
    deprivation(&d, 2026, "51", NULL, "near_poor", "ND07-2021");
    assert_deprived(&d, want, 12, 2);
  }
  /* nobody is MPI-poor in 2026: M0 = 0, contributions and shares 0 */
  {
    povreg_mpi *m = mpi(2026, "51", NULL);
    ck_assert_int_eq(m->n, 2);
    ck_assert_int_eq(m->q, 0);
    ASSERT_NEAR(m->M0, 0);
    ASSERT_NEAR(m->indicators[0].uncensored, 0.5);
    ASSERT_NEAR(m->indicators[0].contribution, 0);
    assert_group(m, "commune", SABINH, 2, 0, 0, 0, 0, 0, 0);
    povreg_mpi_free(m);
  }
}
END_TEST

/* ---- arguments, callbacks, read-only ------------------------------------ */

/* A callback that stops at once with 7. */
static int stop_summary(const povreg_summary_row *r, void *payload)
{
  (void)r;
  (void)payload;
  return 7;
}

/* A callback that stops at once with 7. */
static int stop_deprivation(const povreg_deprivation_row *r, void *payload)
{
  (void)r;
  (void)payload;
  return 7;
}

/* A callback that stops at once with 7. */
static int stop_transition(const povreg_transition_row *r, int is_total,
                           void *payload)
{
  (void)r;
  (void)is_total;
  (void)payload;
  return 7;
}

/* A callback that stops at once with 7. */
static int stop_target(const povreg_target_row *r, void *payload)
{
  (void)r;
  (void)payload;
  return 7;
}

/* Bad arguments; callbacks that stop; reports read nothing but write. */
START_TEST(test_arguments)
{
  povreg_report_spec sp = spec_of(2025, "616", NULL);
  srows s;

  TU_FAILS(POVREG_EINVALID, NULL,
           povreg_report_summary(tu_db, NULL, collect_summary, &s));
  TU_FAILS(POVREG_EINVALID, NULL, povreg_report_summary(tu_db, &sp, NULL, &s));
  ck_assert_int_eq(povreg_report_summary(NULL, &sp, collect_summary, &s),
                   POVREG_EINVALID);
  TU_FAILS(POVREG_EINVALID, NULL,
           povreg_report_deprivation(NULL, tu_db, &sp, NULL, NULL));
  TU_FAILS(POVREG_EINVALID, NULL,
           povreg_report_transitions(tu_db, &sp, NULL, NULL));
  TU_FAILS(POVREG_EINVALID, NULL,
           povreg_report_targets(tu_db, &sp, NULL, NULL));
  sp.year = 1989;
  TU_FAILS(POVREG_EINVALID, "year",
           povreg_report_summary(tu_db, &sp, collect_summary, &s));
  sp.year = 0;
  TU_FAILS(POVREG_EINVALID, "year",
           povreg_report_transitions(tu_db, &sp, stop_transition, NULL));
  sp.year = 2025;
  sp.as_of = "2025-02-30";
  TU_FAILS(POVREG_EINVALID, "as_of",
           povreg_report_summary(tu_db, &sp, collect_summary, &s));
  sp.as_of = NULL;
  sp.unit_code = "99999";
  TU_FAILS(POVREG_ENOTFOUND, "unit",
           povreg_report_summary(tu_db, &sp, collect_summary, &s));
  sp.unit_code = "Mô Rai";
  TU_FAILS(POVREG_ENOTFOUND, "unit",
           povreg_report_deprivation(NULL, tu_db, &sp, stop_deprivation, NULL));
  sp.unit_code = "616";
  /* a callback's nonzero value stops the report and is returned */
  ck_assert_int_eq(povreg_report_summary(tu_db, &sp, stop_summary, NULL), 7);
  ck_assert_int_eq(
      povreg_report_deprivation(NULL, tu_db, &sp, stop_deprivation, NULL), 7);
  ck_assert_int_eq(povreg_report_transitions(tu_db, &sp, stop_transition, NULL),
                   7);
  target("616", 2025, "poor", "count", 10);
  ck_assert_int_eq(povreg_report_targets(tu_db, &sp, stop_target, NULL), 7);
  /* an empty ledger: zeros everywhere */
  summary(&s, 2025, NULL, NULL, 5000);
  ck_assert_uint_eq(s.n, 15);
  ASSERT_SUMMARY(&s, "", 1, 0, 0, 0, 0, 0, 0, 0, 0, 0);
}
END_TEST

/* Reports on a read-only ledger; they change nothing. */
START_TEST(test_read_only)
{
  fix f;
  srows s;
  drows d;
  trows t;
  grows g;
  povreg_mpi *m = NULL;
  povreg_report_spec sp = spec_of(2025, "616", NULL);
  char *before, *after;

  build(&f);
  set_targets();
  before = tu_dump(tu_db);
  summary(&s, 2025, "616", NULL, 5000);
  deprivation(&d, 2025, "616", NULL, NULL, "ND07-2021");
  rtransitions(&t, 2025, "616", NULL);
  targets(&g, 0, NULL);
  TU_OK(povreg_report_mpi(&m, tu_db, &sp));
  povreg_mpi_free(m);
  after = tu_dump(tu_db);
  TU_ASSERT_SAME(before, after, "reports");
  free(before);
  free(after);
  povreg_close(tu_db);
  tu_db = tu_open(tu_file, POVREG_OPEN_READONLY);
  summary(&s, 2025, "616", NULL, 5000);
  ASSERT_SUMMARY(&s, "616", 1, 9, 5, 1, 3, 2, 1, 5556, 1111, 1);
  targets(&g, 2025, MORAI);
  ck_assert_uint_eq(g.n, 6);
  m = mpi(2025, "616", NULL);
  povreg_mpi_free(m);
  {
    povreg_target_spec ts;
    memset(&ts, 0, sizeof ts);
    ts.unit_code = "616";
    ts.year = 2025;
    ts.class_key = "poor";
    ts.measure = "count";
    ts.value = 3;
    ts.source = "x";
    ck_assert_int_eq(povreg_target_set(tu_db, &ts), POVREG_EREADONLY);
  }
}
END_TEST

/* The suite. */
static Suite *report_suite(void)
{
  Suite *s = suite_create("report");
  TCase *sum = tcase_create("summary");
  TCase *dep = tcase_create("deprivation");
  TCase *tr = tcase_create("transitions");
  TCase *tg = tcase_create("targets");
  TCase *mp = tcase_create("mpi");
  TCase *ro = tcase_create("reorganisation");
  TCase *err = tcase_create("errors");

  tcase_add_checked_fixture(sum, tu_setup, tu_teardown);
  tcase_add_test(sum, test_summary);
  tcase_add_test(sum, test_summary_above);
  tcase_add_checked_fixture(dep, tu_setup, tu_teardown);
  tcase_add_test(dep, test_deprivation);
  tcase_add_checked_fixture(tr, tu_setup, tu_teardown);
  tcase_add_test(tr, test_transitions);
  tcase_add_checked_fixture(tg, tu_setup, tu_teardown);
  tcase_add_test(tg, test_targets);
  tcase_add_test(tg, test_target_errors);
  tcase_add_checked_fixture(mp, tu_setup, tu_teardown);
  tcase_add_test(mp, test_mpi);
  tcase_add_test(mp, test_mpi_status_in_effect);
  tcase_add_checked_fixture(ro, tu_setup, tu_teardown);
  tcase_add_test(ro, test_reorganisation);
  tcase_add_checked_fixture(err, tu_setup, tu_teardown);
  tcase_add_test(err, test_arguments);
  tcase_add_test(err, test_read_only);
  suite_add_tcase(s, sum);
  suite_add_tcase(s, dep);
  suite_add_tcase(s, tr);
  suite_add_tcase(s, tg);
  suite_add_tcase(s, mp);
  suite_add_tcase(s, ro);
  suite_add_tcase(s, err);
  return s;
}

/* Run the suite; the exit status is the number of failures. */
int main(void)
{
  return tu_run(report_suite());
}
