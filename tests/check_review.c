/*
** check_review.c: the review cycle end to end on a fresh ledger per test:
** opening (years, defaults, who must be reviewed, merged communes),
** surveys steered by ticks, classification, board overrides, village
** meetings, posting, complaints, approval and its blockers, the lock
** (library and triggers), amendments, ad-hoc reviews, overdue
** applications, and the year's transitions and lists over several years
** and across a change of standard.  Every refusal is shown to leave the
** ledger as it was.
*/
#include "check_util.h"

/* The communes of the fixtures (Sa Thầy; all rural throughout). */
#define MORAI "23536"  /* Xã Mô Rai */
#define SABINH "23534" /* Xã Hơ Moong, Xã Sa Bình from 2025-07-01 */
#define OLDSB "23545"  /* Xã Sa Bình until 2025-06-30, then in 23534 */

/* ---- households ---------------------------------------------------------- */

/* Add a household (code generated) in a commune, registered 2020-01-15. */
static void hh_new(char out[33], const char *commune, const char *head)
{
  tu_add_household(out, NULL, commune, "2020-01-15", head, "M", "1980-03-10");
}

/* ---- reviews ------------------------------------------------------------- */

/* A review spec (others NULL). */
static povreg_review_spec spec_of(const char *commune, int year, int month,
                                  const char *ref, const char *opened_on)
{
  povreg_review_spec s;

  memset(&s, 0, sizeof s);
  s.commune_code = commune;
  s.year = year;
  s.month = month;
  s.reference_date = ref;
  s.opened_on = opened_on;
  return s;
}

/* Open a review that must open; returns its id. */
static int64_t rv_open(const char *commune, int year, int month,
                       const char *ref, const char *opened_on)
{
  povreg_review_spec s = spec_of(commune, year, month, ref, opened_on);
  int64_t id = 0;

  TU_OK(povreg_review_open(&id, tu_db, &s));
  ck_assert_int_gt(id, 0);
  return id;
}

/* Open a periodic review of year Y, opened on Y-09-01, default date. */
static int64_t rv_open_periodic(const char *commune, int year)
{
  char opened[11];

  snprintf(opened, sizeof opened, "%04d-09-01", year);
  return rv_open(commune, year, 0, NULL, opened);
}

/* Where a review stands (must succeed).  Free with the state's free. */
static povreg_review_state *rv_state(int64_t id)
{
  povreg_review_state *s = NULL;

  TU_OK(povreg_review_status(&s, tu_db, id));
  ck_assert_ptr_nonnull(s);
  return s;
}

/* The number of blockers of household hh (NULL: the review) saying what. */
static int blocked(const povreg_review_state *s, const char *hh,
                   const char *what)
{
  size_t i;
  int n = 0;

  for (i = 0; i < s->n_blockers; i++) {
    const povreg_review_blocker *b = &s->blockers[i];
    if (((hh == NULL && b->household_code == NULL) ||
         (hh != NULL && b->household_code != NULL &&
          strcmp(hh, b->household_code) == 0)) &&
        strcmp(b->what, what) == 0) {
      n++;
    }
  }
  return n;
}

/* Assert the review's blockers are exactly n, one of them (hh, what). */
static void assert_blocker(int64_t id, size_t n, const char *hh,
                           const char *what)
{
  povreg_review_state *s = rv_state(id);
  size_t nb = s->n_blockers;
  int has = what == NULL || blocked(s, hh, what);

  povreg_review_state_free(s);
  ck_assert_msg(nb == n, "%zu blockers, expected %zu", nb, n);
  ck_assert_msg(has, "no blocker %s: %s", hh ? hh : "(review)",
                what ? what : "");
}

/*
** The households of a review as "code:why:must" sorted by code, comma
** separated (allocated; "" when none).
*/
static char *rv_members(int64_t id)
{
  char sql[512], *t;

  snprintf(sql, sizeof sql,
           "SELECT coalesce(group_concat(x, ','), '') FROM (SELECT h.code "
           "|| ':' || rh.why || ':' || rh.must_review AS x FROM "
           "review_household rh JOIN household h ON h.id = rh.household_id "
           "WHERE rh.review_id = %lld ORDER BY h.code)",
           (long long)id);
  t = tu_text(tu_db, sql);
  ck_assert_ptr_nonnull(t);
  return t;
}

/* "code:why:must" for one household (built into buf). */
static const char *mem(char *buf, size_t n, const char *hh, const char *why,
                       int must)
{
  snprintf(buf, n, "%s:%s:%d", hh, why, must);
  return buf;
}

/* Assert a review has exactly the given households ("" for none). */
static void assert_members(int64_t id, const char *expected)
{
  char *got = rv_members(id);

  ck_assert_msg(strcmp(got, expected) == 0,
                "review members '%s', expected '%s'", got, expected);
  free(got);
}

/* Join up to 4 strings with commas in code order (they are sorted). */
static void join_sorted(char *out, size_t n, const char *a, const char *b,
                        const char *c, const char *d)
{
  const char *v[4] = {a, b, c, d};
  size_t i, j, k = 0;

  for (i = 0; i < 4; i++) {
    if (v[i] != NULL) {
      v[k++] = v[i];
    }
  }
  for (i = 1; i < k; i++) {
    for (j = i; j > 0 && strcmp(v[j - 1], v[j]) > 0; j--) {
      const char *t = v[j];
      v[j] = v[j - 1];
      v[j - 1] = t;
    }
  }
  out[0] = '\0';
  for (i = 0; i < k; i++) {
    size_t len = strlen(out);
    snprintf(out + len, n - len, "%s%s", i ? "," : "", v[i]);
  }
}

/*
** Income and deprived ticks that steer a rural household to a class under
** a standard: ND07-2021 (line 1,500,000, average to 2,250,000) or
** QD59-2015 (700,000 / 1,000,000, average to 1,500,000).
*/
static void steer(const char *std, povreg_class cls, int64_t *income, int *d)
{
  int qd59 = strcmp(std, "QD59-2015") == 0;

  ck_assert_msg(qd59 || strcmp(std, "ND07-2021") == 0, "steer %s", std);
  switch (cls) {
  case POVREG_CLASS_POOR:
    *income = qd59 ? 900000 : 1200000;
    *d = 3;
    break;
  case POVREG_CLASS_NEAR_POOR:
    *income = qd59 ? 800000 : 1400000;
    *d = 1;
    break;
  case POVREG_CLASS_AVERAGE:
    *income = qd59 ? 1200000 : 1800000;
    *d = 0;
    break;
  default:
    *income = qd59 ? 2000000 : 3000000;
    *d = 0;
    break;
  }
}

/* Record hh's survey for a review (its year and date), steered to cls. */
static void rv_survey(int64_t id, const char *hh, povreg_class cls)
{
  povreg_review_state *s = rv_state(id);
  int64_t income;
  int d;

  steer(s->standard_id, cls, &income, &d);
  tu_survey(hh, s->status_year - 1, s->reference_date, income, d);
  povreg_review_state_free(s);
}

/* Classify a review; asserts how many were classified. */
static void rv_classify(int64_t id, int expect)
{
  int n = -1;

  TU_OK(povreg_review_classify(&n, tu_db, id));
  ck_assert_int_eq(n, expect);
}

/* A meeting that must agree (10 of 10). */
static void rv_meet(int64_t id, const char *hh, const char *date)
{
  int agreed = -1;

  TU_OK(povreg_review_meeting(&agreed, tu_db, id, hh, date, 10, 10));
  ck_assert_int_eq(agreed, 1);
}

/* hh's recognised class for a year. */
static povreg_class status_of(const char *hh, int year)
{
  povreg_class c = (povreg_class)-1;

  TU_OK(povreg_status_get(&c, tu_db, hh, year));
  return c;
}

/* Assert hh's recognised class for a year. */
#define ASSERT_STATUS(hh, year, cls)                                           \
  do {                                                                         \
    povreg_class got_ = status_of((hh), (year));                               \
    ck_assert_msg(got_ == (cls), "%s in %d: %s, expected %s", (hh), (year),    \
                  povreg_class_key(got_), povreg_class_key(cls));              \
  } while (0)

/* One household's part in a full review cycle. */
typedef struct plan {
  const char *hh;     /* household */
  povreg_class cls;   /* class its survey is steered to */
  const char *excuse; /* excused for this reason instead, or NULL */
} plan;

/*
** Run a whole periodic review of year Y in a commune: open (Y-09-01), add
** the planned households not already in it, excuse or survey each,
** classify, meet (Y-10-15), post (Y-11-01 to Y-11-10), approve (Y-11-20),
** and check every planned status.  Returns the review id.
*/
static int64_t rv_cycle(const char *commune, int year, const plan *p, size_t n)
{
  char date[11], post_from[11], post_to[11], decision[32];
  int64_t id = rv_open_periodic(commune, year);
  size_t i;
  int classified = 0, rc;

  for (i = 0; i < n; i++) {
    rc = povreg_review_add(tu_db, id, p[i].hh);
    ck_assert_msg(rc == POVREG_OK || rc == POVREG_EEXISTS, "add %s: %d (%s)",
                  p[i].hh, rc, povreg_errmsg(tu_db));
    if (p[i].excuse != NULL) {
      TU_OK(povreg_review_excuse(tu_db, id, p[i].hh, p[i].excuse, NULL));
    } else {
      rv_survey(id, p[i].hh, p[i].cls);
      classified++;
    }
  }
  rv_classify(id, classified);
  snprintf(date, sizeof date, "%04d-10-15", year);
  for (i = 0; i < n; i++) {
    if (p[i].excuse == NULL) {
      rv_meet(id, p[i].hh, date);
    }
  }
  snprintf(post_from, sizeof post_from, "%04d-11-01", year);
  snprintf(post_to, sizeof post_to, "%04d-11-10", year);
  TU_OK(povreg_review_post(tu_db, id, post_from, post_to));
  assert_blocker(id, 0, NULL, NULL);
  snprintf(decision, sizeof decision, "%d/QĐ-UBND", year);
  snprintf(date, sizeof date, "%04d-11-20", year);
  TU_OK(povreg_review_approve(tu_db, id, decision, date));
  for (i = 0; i < n; i++) {
    ASSERT_STATUS(p[i].hh, year + 1,
                  p[i].excuse ? POVREG_CLASS_NONE : p[i].cls);
  }
  return id;
}

/* ---- open ---------------------------------------------------------------- */

/* Status years, default reference dates and standards. */
START_TEST(test_open_defaults)
{
  static const struct {
    int year, month;
    const char *opened, *ref, *std;
    int status_year;
  } cases[] = {
      {2021, 0, "2021-09-01", "2021-09-01", "ND07-2021", 2022},
      {2020, 0, "2020-09-01", "2020-09-01", "QD59-2015", 2021},
      {2025, 0, NULL, "2025-09-01", "ND07-2021", 2026},
      {2026, 3, "2026-03-15", "2026-03-15", "ND07-2021", 2026},
      {2021, 5, "2021-05-15", "2021-05-15", "QD59-2015", 2021},
      {2022, 1, "2022-01-15", "2022-01-15", "ND07-2021", 2022},
      {2026, 0, NULL, "2026-09-01", "ND351-2025", 2027},
  };
  size_t i;

  for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
    povreg_review_state *s;
    int64_t id = rv_open(MORAI, cases[i].year, cases[i].month, NULL,
                         cases[i].opened),
            found = 0;
    s = rv_state(id);
    ck_assert_int_eq(s->id, id);
    ck_assert_str_eq(s->commune_code, MORAI);
    ck_assert_int_eq(s->year, cases[i].year);
    ck_assert_int_eq(s->month, cases[i].month);
    ck_assert_msg(s->status_year == cases[i].status_year,
                  "%d/%d: status year %d", cases[i].year, cases[i].month,
                  s->status_year);
    ck_assert_str_eq(s->reference_date, cases[i].ref);
    ck_assert_str_eq(s->standard_id, cases[i].std);
    ck_assert_int_eq(s->standard_version, 1);
    ck_assert_int_eq(s->approved, 0);
    ck_assert_str_eq(s->decision, "");
    ck_assert_str_eq(s->posted_from, "");
    ck_assert_int_eq(s->households, 0);
    ck_assert_int_eq(s->must_review, 0);
    /* nothing to review, but not posted */
    ck_assert_uint_eq(s->n_blockers, 1);
    ck_assert_int_eq(blocked(s, NULL, "not posted"), 1);
    povreg_review_state_free(s);
    TU_OK(povreg_review_find(&found, tu_db, MORAI, cases[i].year,
                             cases[i].month));
    ck_assert_int_eq(found, id);
  }
  /* opened on: today by default */
  ck_assert_int_eq(tu_int(tu_db, "SELECT count(*) FROM review WHERE year = "
                                 "2025 AND opened_on = '" TU_TODAY "'"),
                   1);
  ck_assert_int_eq(tu_int(tu_db, "SELECT count(*) FROM audit WHERE action = "
                                 "'review.open'"),
                   (long long)(sizeof cases / sizeof cases[0]));
  /* an explicit reference date and standard */
  {
    povreg_review_spec sp = spec_of(MORAI, 2024, 0, "2024-10-01", "2024-09-01");
    povreg_review_state *s;
    int64_t id = 0;
    sp.standard_id = "ND351-2025";
    TU_OK(povreg_review_open(&id, tu_db, &sp));
    s = rv_state(id);
    ck_assert_str_eq(s->reference_date, "2024-10-01");
    ck_assert_str_eq(s->standard_id, "ND351-2025");
    ck_assert_int_eq(s->status_year, 2025);
    povreg_review_state_free(s);
  }
  {
    int64_t found = 0;
    TU_FAILS(POVREG_ENOTFOUND, NULL,
             povreg_review_find(&found, tu_db, MORAI, 2019, 0));
    TU_FAILS(POVREG_ENOTFOUND, NULL,
             povreg_review_find(&found, tu_db, MORAI, 2026, 4));
  }
}
END_TEST

/* Listed poor and near-poor households, then applicants. */
START_TEST(test_open_must_review)
{
  char p[33], n[33], v[33], w[33], x[33], y[33], z[33], other[33];
  char b1[64], b2[64], b3[64], b4[64], want[300];
  const plan prev[] = {{p, POVREG_CLASS_POOR, NULL},
                       {n, POVREG_CLASS_NEAR_POOR, NULL},
                       {v, POVREG_CLASS_AVERAGE, NULL},
                       {w, POVREG_CLASS_NON_POOR, NULL}};
  povreg_review_state *s;
  int64_t id, app_x = 0, app_y = 0, app_p = 0;
  char sql[256];

  hh_new(p, MORAI, "Hộ Nghèo");
  hh_new(n, MORAI, "Hộ Cận Nghèo");
  hh_new(v, MORAI, "Hộ Trung Bình");
  hh_new(w, MORAI, "Hộ Khá");
  hh_new(x, MORAI, "Hộ Xin Vào");
  hh_new(y, MORAI, "Hộ Xin Muộn");
  hh_new(z, MORAI, "Hộ Khác");
  hh_new(other, SABINH, "Hộ Xã Khác");
  rv_cycle(MORAI, 2024, prev, 4);
  /* the first review had nobody listed: all four were added */
  TU_OK(
      povreg_apply(&app_x, tu_db, x, "enter", "2025-08-20", "nhà bị lũ cuốn"));
  TU_OK(povreg_apply(&app_y, tu_db, y, "enter", "2025-09-02", "ốm nặng"));
  /* a listed household that also applied stays listed, once */
  TU_OK(povreg_apply(&app_p, tu_db, p, "escape", "2025-08-25", "có việc"));
  ck_assert_int_gt(app_x, 0);
  ck_assert_int_ne(app_x, app_y);
  id = rv_open_periodic(MORAI, 2025);
  mem(b1, sizeof b1, p, "listed", 1);
  mem(b2, sizeof b2, n, "listed", 1);
  mem(b3, sizeof b3, x, "applied", 1);
  join_sorted(want, sizeof want, b1, b2, b3, NULL);
  assert_members(id, want);
  s = rv_state(id);
  ck_assert_int_eq(s->status_year, 2026);
  ck_assert_int_eq(s->households, 3);
  ck_assert_int_eq(s->must_review, 3);
  ck_assert_int_eq(s->surveyed, 0);
  ck_assert_uint_eq(s->n_blockers, 4);
  ck_assert_int_eq(blocked(s, p, "no survey"), 1);
  ck_assert_int_eq(blocked(s, n, "no survey"), 1);
  ck_assert_int_eq(blocked(s, x, "no survey"), 1);
  ck_assert_int_eq(blocked(s, NULL, "not posted"), 1);
  povreg_review_state_free(s);
  /* the application was taken up; the later one was not */
  snprintf(sql, sizeof sql,
           "SELECT count(*) FROM application WHERE id = %lld AND "
           "review_id = %lld",
           (long long)app_x, (long long)id);
  ck_assert_int_eq(tu_int(tu_db, sql), 1);
  snprintf(sql, sizeof sql,
           "SELECT count(*) FROM application WHERE id = %lld AND "
           "review_id IS NULL",
           (long long)app_y);
  ck_assert_int_eq(tu_int(tu_db, sql), 1);
  snprintf(sql, sizeof sql,
           "SELECT count(*) FROM application WHERE id = %lld AND "
           "review_id = %lld",
           (long long)app_p, (long long)id);
  ck_assert_int_eq(tu_int(tu_db, sql), 1);
  /* others can be added; unsurveyed they block nothing */
  TU_OK(povreg_review_add(tu_db, id, v));
  TU_OK(povreg_review_add(tu_db, id, z));
  mem(b4, sizeof b4, v, "added", 0);
  s = rv_state(id);
  ck_assert_int_eq(s->households, 5);
  ck_assert_int_eq(s->must_review, 3);
  ck_assert_uint_eq(s->n_blockers, 4);
  ck_assert_int_eq(blocked(s, v, "no survey"), 0);
  povreg_review_state_free(s);
  {
    char *got = rv_members(id);
    ck_assert_msg(strstr(got, b4) != NULL, "'%s' lacks '%s'", got, b4);
    free(got);
  }
  /* in the review already, another commune, unknown */
  TU_FAILS(POVREG_EEXISTS, x, povreg_review_add(tu_db, id, x));
  TU_FAILS(POVREG_EEXISTS, NULL, povreg_review_add(tu_db, id, p));
  TU_FAILS(POVREG_EINVALID, MORAI, povreg_review_add(tu_db, id, other));
  TU_FAILS(POVREG_ENOTFOUND, NULL, povreg_review_add(tu_db, id, "NO-SUCH"));
  TU_FAILS(POVREG_ENOTFOUND, NULL, povreg_review_add(tu_db, id + 100, z));
  /* the previous year's statuses are untouched */
  ASSERT_STATUS(p, 2025, POVREG_CLASS_POOR);
  ASSERT_STATUS(v, 2025, POVREG_CLASS_AVERAGE);
  ASSERT_STATUS(p, 2026, POVREG_CLASS_NONE);
}
END_TEST

/* One transition row, copied. */
typedef struct trow {
  char commune[6], cls[12];
  int start, escaped, to_poor, left, relapsed, newly, end, reconciles;
} trow;

/* Collected transition rows. */
typedef struct trows {
  trow r[16];
  size_t n;
} trows;

/* povreg_transition_cb: copy a row. */
static int collect_row(const povreg_transition_row *r, void *payload)
{
  trows *t = payload;
  trow *o;

  ck_assert_uint_lt(t->n, sizeof t->r / sizeof t->r[0]);
  o = &t->r[t->n++];
  snprintf(o->commune, sizeof o->commune, "%s", r->commune_code);
  snprintf(o->cls, sizeof o->cls, "%s", r->class_key);
  o->start = r->start;
  o->escaped = r->escaped;
  o->to_poor = r->to_poor;
  o->left = r->left;
  o->relapsed = r->relapsed;
  o->newly = r->newly;
  o->end = r->end;
  o->reconciles = r->reconciles;
  return 0;
}

/* The transitions of a year (commune NULL: all). */
static void transitions(trows *t, const char *commune, int year)
{
  memset(t, 0, sizeof *t);
  TU_OK(povreg_transitions(tu_db, commune, year, collect_row, t));
}

/* The row of a commune and class (must be there). */
static const trow *row_of(const trows *t, const char *commune, const char *cls)
{
  size_t i;

  for (i = 0; i < t->n; i++) {
    if (strcmp(t->r[i].commune, commune) == 0 &&
        strcmp(t->r[i].cls, cls) == 0) {
      return &t->r[i];
    }
  }
  ck_abort_msg("no transition row %s %s", commune, cls);
  return NULL;
}

/* Assert a transition row's counts (and that it reconciles). */
#define ASSERT_ROW(t, commune, cls, st, esc, tp, lf, rel, nw, en)              \
  do {                                                                         \
    const trow *r_ = row_of((t), (commune), (cls));                            \
    ck_assert_msg(r_->start == (st) && r_->escaped == (esc) &&                 \
                      r_->to_poor == (tp) && r_->left == (lf) &&               \
                      r_->relapsed == (rel) && r_->newly == (nw) &&            \
                      r_->end == (en),                                         \
                  "%s %s: start %d escaped %d to_poor %d left %d relapsed "    \
                  "%d newly %d end %d",                                        \
                  (commune), (cls), r_->start, r_->escaped, r_->to_poor,       \
                  r_->left, r_->relapsed, r_->newly, r_->end);                 \
    ck_assert_msg(r_->reconciles == 1, "%s %s does not reconcile", (commune),  \
                  (cls));                                                      \
    ck_assert_int_eq(r_->end, r_->start - r_->escaped - r_->to_poor -          \
                                  r_->left + r_->relapsed + r_->newly);        \
  } while (0)

/* Assert every row of a year reconciles, for one commune and for all. */
static void assert_reconciles(const char *commune, int year)
{
  trows t;
  size_t i;

  transitions(&t, commune, year);
  for (i = 0; i < t.n; i++) {
    ck_assert_msg(
        t.r[i].reconciles == 1 &&
            t.r[i].end == t.r[i].start - t.r[i].escaped - t.r[i].to_poor -
                              t.r[i].left + t.r[i].relapsed + t.r[i].newly,
        "%d %s %s does not reconcile", year, t.r[i].commune, t.r[i].cls);
  }
}

/* A household registered in 23545 is reviewed by its successor 23534. */
START_TEST(test_open_successor)
{
  char old[33], here[33], b1[64], b2[64], want[200];
  const plan p2024[] = {{old, POVREG_CLASS_POOR, NULL}};
  const plan p2024b[] = {{here, POVREG_CLASS_NEAR_POOR, NULL}};
  trows t;
  int64_t id;

  hh_new(old, OLDSB, "Hộ Sa Bình Cũ");
  hh_new(here, SABINH, "Hộ Hơ Moong");
  rv_cycle(OLDSB, 2024, p2024, 1);
  rv_cycle(SABINH, 2024, p2024b, 1);
  /* 2025: 23545 is closed since 2025-07-01 and 23534 took it over */
  id = rv_open_periodic(SABINH, 2025);
  mem(b1, sizeof b1, old, "listed", 1);
  mem(b2, sizeof b2, here, "listed", 1);
  join_sorted(want, sizeof want, b1, b2, NULL, NULL);
  assert_members(id, want);
  /* the review of the closed code is refused after it closed */
  {
    povreg_review_spec sp = spec_of(OLDSB, 2025, 0, NULL, "2025-09-01");
    TU_FAILS(POVREG_ENOTFOUND, OLDSB, povreg_review_open(NULL, tu_db, &sp));
  }
  /* the whole cycle in the successor */
  rv_survey(id, old, POVREG_CLASS_NEAR_POOR);
  rv_survey(id, here, POVREG_CLASS_NEAR_POOR);
  rv_classify(id, 2);
  rv_meet(id, old, "2025-10-15");
  rv_meet(id, here, "2025-10-15");
  TU_OK(povreg_review_post(tu_db, id, "2025-11-01", "2025-11-10"));
  TU_OK(povreg_review_approve(tu_db, id, "7/QĐ-UBND", "2025-11-20"));
  ASSERT_STATUS(old, 2026, POVREG_CLASS_NEAR_POOR);
  /* 2026 counts the old code's household in 23534 */
  transitions(&t, SABINH, 2026);
  ck_assert_uint_eq(t.n, 2);
  ASSERT_ROW(&t, SABINH, "poor", 1, 1, 0, 0, 0, 0, 0);
  ASSERT_ROW(&t, SABINH, "near_poor", 1, 0, 0, 0, 0, 1, 2);
  transitions(&t, OLDSB, 2026);
  ck_assert_uint_eq(t.n, 0);
  /* 2025 still counts it in 23545 */
  transitions(&t, OLDSB, 2025);
  ASSERT_ROW(&t, OLDSB, "poor", 0, 0, 0, 0, 0, 1, 1);
  assert_reconciles(NULL, 2025);
  assert_reconciles(NULL, 2026);
}
END_TEST

/* Before the merger's date the old code's households are not listed. */
START_TEST(test_open_before_merger)
{
  char old[33], here[33], b[64];
  const plan p2024[] = {{old, POVREG_CLASS_POOR, NULL}};
  const plan p2024b[] = {{here, POVREG_CLASS_POOR, NULL}};
  int64_t id;

  hh_new(old, OLDSB, "Hộ Sa Bình Cũ");
  hh_new(here, SABINH, "Hộ Hơ Moong");
  rv_cycle(OLDSB, 2024, p2024, 1);
  rv_cycle(SABINH, 2024, p2024b, 1);
  id = rv_open(SABINH, 2025, 0, "2025-06-30", "2025-06-30");
  assert_members(id, mem(b, sizeof b, here, "listed", 1));
}
END_TEST

/*
** Households dissolved before the reference date are not listed, those
** dissolved after it still are; nobody created after it, or dissolved by
** then, can be added.
*/
START_TEST(test_open_dissolved)
{
  char g1[33], g2[33], late[33], b[64];
  const plan prev[] = {{g1, POVREG_CLASS_POOR, NULL},
                       {g2, POVREG_CLASS_NEAR_POOR, NULL}};
  int64_t id;

  hh_new(g1, MORAI, "Hộ Đi Trước");
  hh_new(g2, MORAI, "Hộ Đi Sau");
  tu_add_household(late, NULL, MORAI, "2025-10-01", "Hộ Mới Lập", "F",
                   "2001-01-01");
  rv_cycle(MORAI, 2024, prev, 2);
  TU_OK(povreg_household_dissolve(tu_db, g1, "2025-08-01", "moved_away", NULL));
  TU_OK(povreg_household_dissolve(tu_db, g2, "2025-10-01", "moved_away", NULL));
  id = rv_open_periodic(MORAI, 2025);
  assert_members(id, mem(b, sizeof b, g2, "listed", 1));
  TU_FAILS(POVREG_EINVALID, "reference date",
           povreg_review_add(tu_db, id, late));
  TU_FAILS(POVREG_EINVALID, NULL, povreg_review_add(tu_db, id, g1));
  /* g2 cannot be surveyed now: excused, it counts as left */
  TU_OK(povreg_review_excuse(tu_db, id, g2, "moved_away", NULL));
  TU_OK(povreg_review_post(tu_db, id, "2025-11-01", "2025-11-10"));
  TU_OK(povreg_review_approve(tu_db, id, "15/QĐ-UBND", "2025-11-20"));
  {
    trows t;
    transitions(&t, MORAI, 2026);
    ASSERT_ROW(&t, MORAI, "poor", 1, 0, 0, 1, 0, 0, 0);
    ASSERT_ROW(&t, MORAI, "near_poor", 1, 0, 0, 1, 0, 0, 0);
  }
}
END_TEST

/* Refusals when opening. */
START_TEST(test_open_errors)
{
  povreg_review_spec sp = spec_of(MORAI, 2025, 0, NULL, "2025-09-01");
  int64_t id = rv_open(MORAI, 2025, 0, NULL, "2025-09-01"), id2 = -7;

  /* the same review again (defaults or not) */
  TU_FAILS(POVREG_EEXISTS, MORAI, povreg_review_open(&id2, tu_db, &sp));
  ck_assert_int_eq(id2, -7);
  sp.reference_date = "2025-10-01";
  sp.opened_on = NULL;
  TU_FAILS(POVREG_EEXISTS, NULL, povreg_review_open(&id2, tu_db, &sp));
  ck_assert_int_eq(id2, -7);
  /* an ad-hoc review of the same year is another review */
  ck_assert_int_ne(rv_open(MORAI, 2025, 10, NULL, "2025-10-15"), id);
  /* unknown commune; a district; a province */
  sp = spec_of("99999", 2025, 0, NULL, "2025-09-01");
  TU_FAILS(POVREG_ENOTFOUND, "99999", povreg_review_open(&id2, tu_db, &sp));
  sp = spec_of("616", 2024, 0, NULL, "2024-09-01");
  TU_FAILS(POVREG_EINVALID, "district", povreg_review_open(&id2, tu_db, &sp));
  sp = spec_of("62", 2024, 0, NULL, "2024-09-01");
  TU_FAILS(POVREG_EINVALID, "province", povreg_review_open(&id2, tu_db, &sp));
  /* the district level ended on 2025-07-01 */
  sp = spec_of("616", 2025, 0, NULL, "2025-09-01");
  TU_FAILS(POVREG_ENOTFOUND, "616", povreg_review_open(&id2, tu_db, &sp));
  /* bad arguments */
  sp = spec_of(NULL, 2025, 0, NULL, NULL);
  TU_FAILS(POVREG_EINVALID, "commune", povreg_review_open(&id2, tu_db, &sp));
  sp = spec_of(MORAI, 1989, 0, NULL, NULL);
  TU_FAILS(POVREG_EINVALID, "year", povreg_review_open(&id2, tu_db, &sp));
  sp = spec_of(MORAI, 2025, 13, NULL, NULL);
  TU_FAILS(POVREG_EINVALID, "month", povreg_review_open(&id2, tu_db, &sp));
  sp = spec_of(MORAI, 2025, -1, NULL, NULL);
  TU_FAILS(POVREG_EINVALID, "month", povreg_review_open(&id2, tu_db, &sp));
  sp = spec_of(MORAI, 2024, 0, "2024-02-30", NULL);
  TU_FAILS(POVREG_EINVALID, "reference_date",
           povreg_review_open(&id2, tu_db, &sp));
  sp = spec_of(MORAI, 2024, 0, NULL, "2027-01-01");
  TU_FAILS(POVREG_EINVALID, "opened_on", povreg_review_open(&id2, tu_db, &sp));
  sp = spec_of(MORAI, 2024, 0, NULL, NULL);
  sp.standard_id = "NOPE";
  TU_FAILS(POVREG_ENOTFOUND, NULL, povreg_review_open(&id2, tu_db, &sp));
  /* no standard governs 2041 */
  sp = spec_of(MORAI, 2040, 0, NULL, NULL);
  TU_FAILS(POVREG_ENOTFOUND, NULL, povreg_review_open(&id2, tu_db, &sp));
  TU_FAILS(POVREG_EINVALID, NULL, povreg_review_open(&id2, tu_db, NULL));
  ck_assert_int_eq(id2, -7);
}
END_TEST

/* ---- transitions over several years -------------------------------------- */

/* The households of the history fixture (commune 23536). */
static char ha[33], hb[33], hc[33], hd[33], he[33], hf[33], hg[33], hh[33],
    hi[33], hj[33], hk[33], hs[33];

/*
** Three periodic reviews under ND07-2021 (2021, 2022, 2023: status years
** 2022-2024) in Mô Rai:
**          2022       2023                 2024
**   A      poor       near_poor (escaped)  near_poor (stayed)
**   B      poor       average (escaped)    -
**   C      near_poor  average (escaped)    -
**   D      near_poor  poor (to_poor)       poor
**   E      poor       non_poor (escaped)   poor (relapsed; added)
**   F      poor       excused: moved away (left)
**   G      -          poor (new; added)    poor
**   H      -          poor (new: split from S in 2022)  near_poor (escaped)
**   I      poor       poor                 average (escaped)
**   J      -          near_poor (new)      near_poor
**   K      near_poor  average (escaped)    near_poor (relapsed; added)
*/
static void build_history(void)
{
  const int leave[] = {2};
  povreg_split_spec sp;
  char *code = NULL;

  hh_new(ha, MORAI, "Hộ A");
  hh_new(hb, MORAI, "Hộ B");
  hh_new(hc, MORAI, "Hộ C");
  hh_new(hd, MORAI, "Hộ D");
  hh_new(he, MORAI, "Hộ E");
  hh_new(hf, MORAI, "Hộ F");
  hh_new(hg, MORAI, "Hộ G");
  hh_new(hi, MORAI, "Hộ I");
  hh_new(hj, MORAI, "Hộ J");
  hh_new(hk, MORAI, "Hộ K");
  hh_new(hs, MORAI, "Hộ S");
  tu_add_member(hs, "Con Trai S", "M", "1998-04-04", "child");
  memset(&sp, 0, sizeof sp);
  sp.member_nos = leave;
  sp.n_members = 1;
  sp.new_head_no = 2;
  sp.date = "2022-05-01";
  TU_OK(povreg_household_split(&code, tu_db, hs, &sp));
  ck_assert_ptr_nonnull(code);
  snprintf(hh, sizeof hh, "%s", code);
  povreg_free(code);
  {
    const plan p[] = {
        {ha, POVREG_CLASS_POOR, NULL},      {hb, POVREG_CLASS_POOR, NULL},
        {hc, POVREG_CLASS_NEAR_POOR, NULL}, {hd, POVREG_CLASS_NEAR_POOR, NULL},
        {he, POVREG_CLASS_POOR, NULL},      {hf, POVREG_CLASS_POOR, NULL},
        {hi, POVREG_CLASS_POOR, NULL},      {hk, POVREG_CLASS_NEAR_POOR, NULL}};
    rv_cycle(MORAI, 2021, p, sizeof p / sizeof p[0]);
  }
  {
    const plan p[] = {{ha, POVREG_CLASS_NEAR_POOR, NULL},
                      {hb, POVREG_CLASS_AVERAGE, NULL},
                      {hc, POVREG_CLASS_AVERAGE, NULL},
                      {hd, POVREG_CLASS_POOR, NULL},
                      {he, POVREG_CLASS_NON_POOR, NULL},
                      {hf, POVREG_CLASS_NONE, "moved_away"},
                      {hi, POVREG_CLASS_POOR, NULL},
                      {hk, POVREG_CLASS_AVERAGE, NULL},
                      {hg, POVREG_CLASS_POOR, NULL},
                      {hh, POVREG_CLASS_POOR, NULL},
                      {hj, POVREG_CLASS_NEAR_POOR, NULL}};
    int64_t id = rv_cycle(MORAI, 2022, p, sizeof p / sizeof p[0]);
    povreg_review_state *s = rv_state(id);
    /* listed: the 8 of 2022; added: G, H, J */
    ck_assert_int_eq(s->households, 11);
    ck_assert_int_eq(s->must_review, 8);
    ck_assert_int_eq(s->excused, 1);
    povreg_review_state_free(s);
  }
  {
    const plan p[] = {
        {ha, POVREG_CLASS_NEAR_POOR, NULL}, {hd, POVREG_CLASS_POOR, NULL},
        {hg, POVREG_CLASS_POOR, NULL},      {hh, POVREG_CLASS_NEAR_POOR, NULL},
        {hi, POVREG_CLASS_AVERAGE, NULL},   {hj, POVREG_CLASS_NEAR_POOR, NULL},
        {he, POVREG_CLASS_POOR, NULL},      {hk, POVREG_CLASS_NEAR_POOR, NULL}};
    int64_t id = rv_cycle(MORAI, 2023, p, sizeof p / sizeof p[0]);
    povreg_review_state *s = rv_state(id);
    /* listed: A, D, G, H, I, J; added: E, K */
    ck_assert_int_eq(s->households, 8);
    ck_assert_int_eq(s->must_review, 6);
    povreg_review_state_free(s);
  }
}

/* Every kind of transition, reconciled for every commune, class, year. */
START_TEST(test_transitions)
{
  trows t;
  int y;

  build_history();
  /* 2022: everyone new */
  transitions(&t, MORAI, 2022);
  ck_assert_uint_eq(t.n, 2);
  ck_assert_str_eq(t.r[0].cls, "poor");
  ck_assert_str_eq(t.r[1].cls, "near_poor");
  ASSERT_ROW(&t, MORAI, "poor", 0, 0, 0, 0, 0, 5, 5);
  ASSERT_ROW(&t, MORAI, "near_poor", 0, 0, 0, 0, 0, 3, 3);
  /* 2023 */
  transitions(&t, MORAI, 2023);
  ck_assert_uint_eq(t.n, 2);
  /* poor: A, B, E escaped; F left; D (from near-poor), G, H new */
  ASSERT_ROW(&t, MORAI, "poor", 5, 3, 0, 1, 0, 3, 4);
  /* near-poor: C, K escaped; D to poor; A (from poor) and J new */
  ASSERT_ROW(&t, MORAI, "near_poor", 3, 2, 1, 0, 0, 2, 2);
  /* 2024 */
  transitions(&t, MORAI, 2024);
  ck_assert_uint_eq(t.n, 2);
  /* poor: H, I escaped; E relapsed */
  ASSERT_ROW(&t, MORAI, "poor", 4, 2, 0, 0, 1, 0, 3);
  /* near-poor: K relapsed; H (from poor) new */
  ASSERT_ROW(&t, MORAI, "near_poor", 2, 0, 0, 0, 1, 1, 4);
  /* all communes: the same rows */
  transitions(&t, NULL, 2024);
  ck_assert_uint_eq(t.n, 2);
  ASSERT_ROW(&t, MORAI, "poor", 4, 2, 0, 0, 1, 0, 3);
  /* 2025 has no statuses yet: everyone of 2024 left */
  transitions(&t, MORAI, 2025);
  ASSERT_ROW(&t, MORAI, "poor", 3, 0, 0, 3, 0, 0, 0);
  ASSERT_ROW(&t, MORAI, "near_poor", 4, 0, 0, 4, 0, 0, 0);
  for (y = 2020; y <= 2026; y++) {
    assert_reconciles(MORAI, y);
    assert_reconciles(NULL, y);
  }
  /* another commune has no rows */
  transitions(&t, SABINH, 2023);
  ck_assert_uint_eq(t.n, 0);
  TU_FAILS(POVREG_EINVALID, NULL,
           povreg_transitions(tu_db, MORAI, 2023, NULL, NULL));
}
END_TEST

/* One list entry, copied. */
typedef struct lent {
  char code[33], head[64], now[12], before[12], tr[12], changes[300];
  int has_changes;
} lent;

/* Collected list entries. */
typedef struct lents {
  lent e[16];
  size_t n;
} lents;

/* povreg_list_cb: copy an entry. */
static int collect_entry(const povreg_list_entry *e, void *payload)
{
  lents *l = payload;
  lent *o;

  ck_assert_uint_lt(l->n, sizeof l->e / sizeof l->e[0]);
  o = &l->e[l->n++];
  snprintf(o->code, sizeof o->code, "%s", e->household_code);
  snprintf(o->head, sizeof o->head, "%s", e->head_name ? e->head_name : "-");
  snprintf(o->now, sizeof o->now, "%s", e->class_now ? e->class_now : "-");
  snprintf(o->before, sizeof o->before, "%s",
           e->class_before ? e->class_before : "-");
  snprintf(o->tr, sizeof o->tr, "%s", e->transition ? e->transition : "-");
  o->has_changes = e->changes != NULL;
  snprintf(o->changes, sizeof o->changes, "%s", e->changes ? e->changes : "");
  return 0;
}

/* A list of a year in Mô Rai. */
static void list_of(lents *l, int year, const char *which)
{
  memset(l, 0, sizeof *l);
  TU_OK(povreg_status_list(tu_db, MORAI, year, which, collect_entry, l));
}

/* The entry of a household (NULL if absent). */
static const lent *entry_of(const lents *l, const char *code)
{
  size_t i;

  for (i = 0; i < l->n; i++) {
    if (strcmp(l->e[i].code, code) == 0) {
      return &l->e[i];
    }
  }
  return NULL;
}

/* Assert a household is on a list with a transition and classes. */
static void assert_entry(const lents *l, const char *code, const char *tr,
                         const char *before, const char *now)
{
  const lent *e = entry_of(l, code);

  ck_assert_msg(e != NULL, "%s not on the list", code);
  ck_assert_str_eq(e->tr, tr);
  ck_assert_str_eq(e->before, before);
  ck_assert_str_eq(e->now, now);
}

/* The lists: poor, near-poor, escaped (with changes), relapsed, new. */
START_TEST(test_lists)
{
  lents l;
  const lent *e;
  size_t i;

  build_history();
  list_of(&l, 2023, "poor");
  ck_assert_uint_eq(l.n, 4);
  assert_entry(&l, hd, "to_poor", "near_poor", "poor");
  assert_entry(&l, hg, "new", "-", "poor");
  assert_entry(&l, hh, "new", "-", "poor");
  assert_entry(&l, hi, "stayed", "poor", "poor");
  for (i = 1; i < l.n; i++) {
    ck_assert_msg(strcmp(l.e[i - 1].code, l.e[i].code) < 0, "not in order");
  }
  list_of(&l, 2023, "near_poor");
  ck_assert_uint_eq(l.n, 2);
  assert_entry(&l, ha, "escaped", "poor", "near_poor");
  assert_entry(&l, hj, "new", "-", "near_poor");
  /* escaped poverty and near-poverty, each with what changed */
  list_of(&l, 2023, "escaped");
  ck_assert_uint_eq(l.n, 5);
  assert_entry(&l, ha, "escaped", "poor", "near_poor");
  assert_entry(&l, hb, "escaped", "poor", "average");
  assert_entry(&l, hc, "escaped", "near_poor", "average");
  assert_entry(&l, he, "escaped", "poor", "non_poor");
  assert_entry(&l, hk, "escaped", "near_poor", "average");
  for (i = 0; i < l.n; i++) {
    ck_assert_msg(l.e[i].has_changes && l.e[i].changes[0] != '\0',
                  "%s: no changes", l.e[i].code);
  }
  e = entry_of(&l, ha);
  ck_assert_str_eq(e->changes, "income 1200000 -> 1400000 (line 1500000); "
                               "no longer deprived: dependants,nutrition; "
                               "newly deprived: -");
  e = entry_of(&l, hc);
  ck_assert_str_eq(e->changes, "income 1400000 -> 1800000 (line 1500000); "
                               "no longer deprived: employment; "
                               "newly deprived: -");
  e = entry_of(&l, he);
  ck_assert_str_eq(e->changes,
                   "income 1200000 -> 3000000 (line 1500000); "
                   "no longer deprived: employment,dependants,nutrition; "
                   "newly deprived: -");
  /* new: never in the class before (not D: it came from near-poor) */
  list_of(&l, 2023, "new");
  ck_assert_uint_eq(l.n, 3);
  assert_entry(&l, hg, "new", "-", "poor");
  assert_entry(&l, hh, "new", "-", "poor");
  assert_entry(&l, hj, "new", "-", "near_poor");
  list_of(&l, 2023, "relapsed");
  ck_assert_uint_eq(l.n, 0);
  /* 2024: E and K relapsed */
  list_of(&l, 2024, "relapsed");
  ck_assert_uint_eq(l.n, 2);
  assert_entry(&l, he, "relapsed", "non_poor", "poor");
  assert_entry(&l, hk, "relapsed", "average", "near_poor");
  list_of(&l, 2024, "escaped");
  ck_assert_uint_eq(l.n, 2);
  assert_entry(&l, hh, "escaped", "poor", "near_poor");
  assert_entry(&l, hi, "escaped", "poor", "average");
  e = entry_of(&l, hh);
  ck_assert_str_eq(e->changes, "income 1200000 -> 1400000 (line 1500000); "
                               "no longer deprived: dependants,nutrition; "
                               "newly deprived: -");
  /* the split household's head is the son who left with it */
  ck_assert_str_eq(e->head, "Con Trai S");
  list_of(&l, 2024, "new");
  ck_assert_uint_eq(l.n, 0);
  list_of(&l, 2022, "new");
  ck_assert_uint_eq(l.n, 8);
  list_of(&l, 2022, "escaped");
  ck_assert_uint_eq(l.n, 0);
  /* all communes */
  {
    lents all;
    memset(&all, 0, sizeof all);
    TU_OK(povreg_status_list(tu_db, NULL, 2024, "poor", collect_entry, &all));
    ck_assert_uint_eq(all.n, 3);
  }
  TU_FAILS(POVREG_EINVALID, "list",
           povreg_status_list(tu_db, MORAI, 2023, "left", collect_entry, &l));
  TU_FAILS(POVREG_EINVALID, "list",
           povreg_status_list(tu_db, MORAI, 2023, NULL, collect_entry, &l));
}
END_TEST

/*
** What changed for an escaped household comes from the classifications
** the approved reviews used: a survey re-recorded and classified again
** after approval does not rewrite an approved year's list.
*/
START_TEST(test_changes_pinned)
{
  povreg_evaluation *ev = NULL;
  char *before, *after;
  lents l;

  build_history();
  list_of(&l, 2023, "escaped");
  ck_assert_str_eq(entry_of(&l, ha)->changes,
                   "income 1200000 -> 1400000 (line 1500000); "
                   "no longer deprived: dependants,nutrition; "
                   "newly deprived: -");
  before = tu_dump_table(tu_db, "household_status");
  /* A's survey of 2022 re-recorded and classified (saved) after approval */
  tu_survey(ha, 2022, "2022-09-01", 1450000, 2);
  TU_OK(povreg_household_classify(&ev, tu_db, ha, 2023, NULL, 1));
  ck_assert_int_eq(ev->result.cls, POVREG_CLASS_NEAR_POOR);
  povreg_evaluation_free(ev);
  after = tu_dump_table(tu_db, "household_status");
  TU_ASSERT_SAME(before, after, "statuses after a new classification");
  free(before);
  free(after);
  ASSERT_STATUS(ha, 2023, POVREG_CLASS_NEAR_POOR);
  list_of(&l, 2023, "escaped");
  ck_assert_msg(strcmp(entry_of(&l, ha)->changes,
                       "income 1200000 -> 1400000 (line 1500000); "
                       "no longer deprived: dependants,nutrition; "
                       "newly deprived: -") == 0,
                "the approved 2023 list now says '%s'",
                entry_of(&l, ha)->changes);
}
END_TEST

/* QĐ 59 (review 2020, status 2021) then NĐ 07 (review 2021, status 2022). */
START_TEST(test_standard_change)
{
  char p[33], q[33], r[33], s[33], b1[64], b2[64], b3[64], want[256];
  const plan p2020[] = {{p, POVREG_CLASS_POOR, NULL},
                        {q, POVREG_CLASS_NEAR_POOR, NULL},
                        {r, POVREG_CLASS_POOR, NULL},
                        {s, POVREG_CLASS_AVERAGE, NULL}};
  povreg_review_state *st;
  int64_t id, id2020;
  lents l;
  trows t;

  hh_new(p, MORAI, "Hộ Riêng");
  hh_new(q, MORAI, "Hộ Q");
  hh_new(r, MORAI, "Hộ R");
  hh_new(s, MORAI, "Hộ S");
  id2020 = rv_cycle(MORAI, 2020, p2020, 4);
  st = rv_state(id2020);
  ck_assert_str_eq(st->standard_id, "QD59-2015");
  ck_assert_int_eq(st->status_year, 2021);
  ck_assert_int_eq(st->approved, 1);
  ck_assert_str_eq(st->decision, "2020/QĐ-UBND");
  ck_assert_str_eq(st->decision_date, "2020-11-20");
  povreg_review_state_free(st);
  id = rv_open_periodic(MORAI, 2021);
  st = rv_state(id);
  ck_assert_str_eq(st->standard_id, "ND07-2021");
  ck_assert_int_eq(st->status_year, 2022);
  povreg_review_state_free(st);
  mem(b1, sizeof b1, p, "listed", 1);
  mem(b2, sizeof b2, q, "listed", 1);
  mem(b3, sizeof b3, r, "listed", 1);
  join_sorted(want, sizeof want, b1, b2, b3, NULL);
  assert_members(id, want);
  /* under NĐ 07: P near-poor, Q poor, R average */
  rv_survey(id, p, POVREG_CLASS_NEAR_POOR);
  rv_survey(id, q, POVREG_CLASS_POOR);
  rv_survey(id, r, POVREG_CLASS_AVERAGE);
  rv_classify(id, 3);
  st = rv_state(id);
  ck_assert_int_eq(st->proposed[POVREG_CLASS_POOR], 1);
  ck_assert_int_eq(st->proposed[POVREG_CLASS_NEAR_POOR], 1);
  ck_assert_int_eq(st->proposed[POVREG_CLASS_AVERAGE], 1);
  povreg_review_state_free(st);
  rv_meet(id, p, "2021-10-15");
  rv_meet(id, q, "2021-10-15");
  rv_meet(id, r, "2021-10-15");
  TU_OK(povreg_review_post(tu_db, id, "2021-11-01", "2021-11-10"));
  TU_OK(povreg_review_approve(tu_db, id, "2021/QĐ-UBND", "2021-11-20"));
  /* both years stand */
  ASSERT_STATUS(p, 2021, POVREG_CLASS_POOR);
  ASSERT_STATUS(q, 2021, POVREG_CLASS_NEAR_POOR);
  ASSERT_STATUS(r, 2021, POVREG_CLASS_POOR);
  ASSERT_STATUS(s, 2021, POVREG_CLASS_AVERAGE);
  ASSERT_STATUS(p, 2022, POVREG_CLASS_NEAR_POOR);
  ASSERT_STATUS(q, 2022, POVREG_CLASS_POOR);
  ASSERT_STATUS(r, 2022, POVREG_CLASS_AVERAGE);
  ASSERT_STATUS(s, 2022, POVREG_CLASS_NONE);
  /* the classifications name their standards */
  ck_assert_int_eq(tu_int(tu_db, "SELECT count(*) FROM classification WHERE "
                                 "status_year = 2021 AND standard_id = "
                                 "'QD59-2015'"),
                   4);
  ck_assert_int_eq(tu_int(tu_db, "SELECT count(*) FROM classification WHERE "
                                 "status_year = 2022 AND standard_id = "
                                 "'ND07-2021'"),
                   3);
  transitions(&t, MORAI, 2022);
  /* poor: P and R escaped, Q new; near-poor: Q to poor, P new */
  ASSERT_ROW(&t, MORAI, "poor", 2, 2, 0, 0, 0, 1, 1);
  ASSERT_ROW(&t, MORAI, "near_poor", 1, 0, 1, 0, 0, 1, 1);
  assert_reconciles(NULL, 2021);
  assert_reconciles(NULL, 2022);
  transitions(&t, MORAI, 2021);
  ASSERT_ROW(&t, MORAI, "poor", 0, 0, 0, 0, 0, 2, 2);
  list_of(&l, 2022, "escaped");
  ck_assert_uint_eq(l.n, 2);
  assert_entry(&l, p, "escaped", "poor", "near_poor");
  assert_entry(&l, r, "escaped", "poor", "average");
  /* the lines differ: each change names this year's line */
  ck_assert_msg(strstr(entry_of(&l, r)->changes, "(line 1500000)") != NULL,
                "changes '%s'", entry_of(&l, r)->changes);
  ck_assert_msg(strstr(entry_of(&l, r)->changes, "income 900000 -> 1800000") !=
                    NULL,
                "changes '%s'", entry_of(&l, r)->changes);
  ck_assert_str_eq(entry_of(&l, p)->head, "Hộ Riêng");
}
END_TEST

/* ---- the lock ------------------------------------------------------------ */

/* A household that applied in August 2025 and the 2025 review of Mô Rai. */
static int64_t applicant_review(char m[33], const char *head)
{
  hh_new(m, MORAI, head);
  TU_OK(povreg_apply(NULL, tu_db, m, "enter", "2025-08-20", "mất mùa"));
  return rv_open_periodic(MORAI, 2025);
}

/* Survey, classify, meet, post and approve an applicant's review. */
static void finish_review(int64_t id, const char *m, povreg_class cls)
{
  rv_survey(id, m, cls);
  rv_classify(id, 1);
  rv_meet(id, m, "2025-10-15");
  TU_OK(povreg_review_post(tu_db, id, "2025-11-01", "2025-11-10"));
  TU_OK(povreg_review_approve(tu_db, id, "15/QĐ-UBND", "2025-11-20"));
}

/* After approval every step is refused with ELOCKED and changes nothing. */
START_TEST(test_locked_api)
{
  char m[33], o[33];
  povreg_review_state *s;
  int64_t id = applicant_review(m, "Hộ Khóa"), cid = 0, cid2 = -7;
  int agreed = -7, n = -7;

  hh_new(o, MORAI, "Hộ Ngoài");
  rv_survey(id, m, POVREG_CLASS_POOR);
  rv_classify(id, 1);
  rv_meet(id, m, "2025-10-15");
  TU_OK(povreg_review_post(tu_db, id, "2025-11-01", "2025-11-10"));
  TU_OK(povreg_complaint_file(&cid, tu_db, id, m, "2025-11-03", "sai"));
  ck_assert_int_gt(cid, 0);
  TU_OK(povreg_complaint_resolve(tu_db, cid, "2025-11-05", "đã xác minh"));
  TU_OK(povreg_review_approve(tu_db, id, "15/QĐ-UBND", "2025-11-20"));
  s = rv_state(id);
  ck_assert_int_eq(s->approved, 1);
  ck_assert_str_eq(s->decision, "15/QĐ-UBND");
  ck_assert_str_eq(s->decision_date, "2025-11-20");
  ck_assert_uint_eq(s->n_blockers, 0);
  povreg_review_state_free(s);
  ASSERT_STATUS(m, 2026, POVREG_CLASS_POOR);
  TU_FAILS(POVREG_ELOCKED, "locked",
           povreg_review_meeting(&agreed, tu_db, id, m, "2025-11-25", 10, 2));
  TU_FAILS(POVREG_ELOCKED, "locked",
           povreg_review_meeting(&agreed, tu_db, id, m, "2025-11-25", 10, 10));
  ck_assert_int_eq(agreed, -7);
  TU_FAILS(POVREG_ELOCKED, "locked",
           povreg_review_override(tu_db, id, m, "near_poor", "sửa"));
  TU_FAILS(POVREG_ELOCKED, "locked", povreg_review_classify(&n, tu_db, id));
  ck_assert_int_eq(n, -7);
  /* a new survey does not reach the approved review either */
  tu_survey(m, 2025, "2025-09-01", 3000000, 0);
  TU_FAILS(POVREG_ELOCKED, "locked", povreg_review_classify(&n, tu_db, id));
  TU_FAILS(POVREG_ELOCKED, "locked", povreg_review_add(tu_db, id, o));
  TU_FAILS(POVREG_ELOCKED, "locked",
           povreg_review_post(tu_db, id, "2025-11-21", "2025-11-30"));
  TU_FAILS(POVREG_ELOCKED, "locked",
           povreg_complaint_file(&cid2, tu_db, id, m, "2025-11-25", "sai"));
  ck_assert_int_eq(cid2, -7);
  TU_FAILS(POVREG_ELOCKED, "locked",
           povreg_review_excuse(tu_db, id, m, "moved_away", NULL));
  TU_FAILS(POVREG_ELOCKED, "locked",
           povreg_review_approve(tu_db, id, "16/QĐ-UBND", "2025-11-30"));
  ASSERT_STATUS(m, 2026, POVREG_CLASS_POOR);
  ck_assert_int_eq(tu_int(tu_db, "SELECT count(*) FROM household_status"), 1);
}
END_TEST

/* Run SQL on a separate raw connection; the SQLite code, message in msg. */
static int raw_try(const char *sql, char *msg, size_t n)
{
  sqlite3 *sq = tu_sq_open(tu_file);
  char *err = NULL;
  int rc = sqlite3_exec(sq, sql, NULL, NULL, &err);

  snprintf(msg, n, "%s", err ? err : "");
  sqlite3_free(err);
  sqlite3_close(sq);
  return rc;
}

/* Assert raw SQL is refused with a message and changes nothing. */
static void raw_refused(const char *sql, const char *needle)
{
  char *before = tu_dump(tu_db), *after, msg[256];
  int rc = raw_try(sql, msg, sizeof msg);

  after = tu_dump(tu_db);
  ck_assert_msg(rc != SQLITE_OK, "accepted: %s", sql);
  ck_assert_msg(strstr(msg, needle) != NULL, "%s: '%s' lacks '%s'", sql, msg,
                needle);
  TU_ASSERT_SAME(before, after, sql);
  free(before);
  free(after);
}

/* Raw SQL on another connection cannot change an approved review. */
START_TEST(test_locked_sql)
{
  char m[33], o[33], sql[512];
  int64_t id = applicant_review(m, "Hộ Khóa"), id2;
  long long mid, oid;

  hh_new(o, MORAI, "Hộ Ngoài");
  finish_review(id, m, POVREG_CLASS_NEAR_POOR);
  snprintf(sql, sizeof sql, "SELECT id FROM household WHERE code = '%s'", m);
  mid = tu_int(tu_db, sql);
  snprintf(sql, sizeof sql, "SELECT id FROM household WHERE code = '%s'", o);
  oid = tu_int(tu_db, sql);
  snprintf(sql, sizeof sql,
           "UPDATE review_household SET proposed_class = 'poor' WHERE "
           "review_id = %lld",
           (long long)id);
  raw_refused(sql, "locked");
  snprintf(sql, sizeof sql,
           "UPDATE review_household SET meeting_agreed = 0 WHERE "
           "household_id = %lld",
           mid);
  raw_refused(sql, "locked");
  snprintf(sql, sizeof sql,
           "DELETE FROM review_household WHERE review_id = %lld",
           (long long)id);
  raw_refused(sql, "locked");
  snprintf(sql, sizeof sql,
           "INSERT INTO review_household(review_id, household_id, "
           "must_review, why) VALUES (%lld, %lld, 0, 'added')",
           (long long)id, oid);
  raw_refused(sql, "locked");
  snprintf(sql, sizeof sql,
           "INSERT INTO complaint(review_id, household_id, filed_on, text) "
           "VALUES (%lld, %lld, '2025-11-25', 'sai')",
           (long long)id, mid);
  raw_refused(sql, "locked");
  snprintf(sql, sizeof sql, "UPDATE review SET decision = 'x' WHERE id = %lld",
           (long long)id);
  raw_refused(sql, "locked");
  snprintf(sql, sizeof sql, "UPDATE review SET approved = 0 WHERE id = %lld",
           (long long)id);
  raw_refused(sql, "locked");
  raw_refused("DELETE FROM review", "never deleted");
  raw_refused("UPDATE household_status SET class = 'poor'", "never changed");
  raw_refused("UPDATE household_status SET decision = 'khác'", "never changed");
  raw_refused("DELETE FROM household_status", "never deleted");
  ASSERT_STATUS(m, 2026, POVREG_CLASS_NEAR_POOR);
  /* the triggers hold only approved reviews: an open one changes */
  id2 = rv_open(MORAI, 2026, 1, NULL, "2026-01-15");
  TU_OK(povreg_review_add(tu_db, id2, o));
  snprintf(sql, sizeof sql,
           "UPDATE review_household SET excused_note = 'x' WHERE "
           "review_id = %lld",
           (long long)id2);
  tu_sq_exec(tu_file, sql);
  snprintf(sql, sizeof sql,
           "SELECT count(*) FROM review_household WHERE review_id = %lld "
           "AND excused_note = 'x'",
           (long long)id2);
  ck_assert_int_eq(tu_int(tu_db, sql), 1);
}
END_TEST

/* ---- override, meeting, approval ---------------------------------------- */

/* An override needs a reason and a proposal; it decides the status. */
START_TEST(test_override)
{
  char m[33], o[33], sql[512];
  povreg_review_state *s;
  int64_t id = applicant_review(m, "Hộ Sửa");

  hh_new(o, MORAI, "Hộ Ngoài");
  /* nothing to override yet: neither surveyed nor classified */
  TU_FAILS(POVREG_EINVALID, "classify",
           povreg_review_override(tu_db, id, m, "near_poor", "hộ khó"));
  rv_survey(id, m, POVREG_CLASS_POOR);
  TU_FAILS(POVREG_EINVALID, "classify",
           povreg_review_override(tu_db, id, m, "near_poor", "hộ khó"));
  rv_classify(id, 1);
  TU_FAILS(POVREG_EINVALID, "reason",
           povreg_review_override(tu_db, id, m, "near_poor", NULL));
  TU_FAILS(POVREG_EINVALID, "reason",
           povreg_review_override(tu_db, id, m, "near_poor", ""));
  TU_FAILS(POVREG_EINVALID, "class",
           povreg_review_override(tu_db, id, m, "rich", "hộ khó"));
  TU_FAILS(POVREG_EINVALID, "class",
           povreg_review_override(tu_db, id, m, NULL, "hộ khó"));
  TU_FAILS(POVREG_ENOTFOUND, NULL,
           povreg_review_override(tu_db, id, o, "near_poor", "hộ khó"));
  TU_FAILS(POVREG_ENOTFOUND, NULL,
           povreg_review_override(tu_db, id + 50, m, "near_poor", "hộ khó"));
  s = rv_state(id);
  ck_assert_int_eq(s->proposed[POVREG_CLASS_POOR], 1);
  povreg_review_state_free(s);
  TU_OK(povreg_review_override(tu_db, id, m, "near_poor",
                               "thu nhập thực tế cao hơn khai báo"));
  s = rv_state(id);
  ck_assert_int_eq(s->classified, 1);
  ck_assert_int_eq(s->proposed[POVREG_CLASS_POOR], 0);
  ck_assert_int_eq(s->proposed[POVREG_CLASS_NEAR_POOR], 1);
  povreg_review_state_free(s);
  snprintf(sql, sizeof sql,
           "SELECT count(*) FROM review_household WHERE review_id = %lld AND "
           "proposed_class = 'poor' AND override_class = 'near_poor' AND "
           "override_reason = 'thu nhập thực tế cao hơn khai báo'",
           (long long)id);
  ck_assert_int_eq(tu_int(tu_db, sql), 1);
  snprintf(sql, sizeof sql,
           "SELECT count(*) FROM audit WHERE action = 'review.override' AND "
           "entity_key LIKE '%%%s' AND json_extract(new_value, '$.class') = "
           "'near_poor'",
           m);
  ck_assert_int_eq(tu_int(tu_db, sql), 1);
  rv_meet(id, m, "2025-10-15");
  TU_OK(povreg_review_post(tu_db, id, "2025-11-01", "2025-11-10"));
  TU_OK(povreg_review_approve(tu_db, id, "15/QĐ-UBND", "2025-11-20"));
  ASSERT_STATUS(m, 2026, POVREG_CLASS_NEAR_POOR);
}
END_TEST

/*
** review add --all: every household of the commune that existed on the
** reference date (registered on it: in; the day after: out; dissolved on
** it: out; the day after: in), not another commune's, not one already in
** the review; a second run adds none; audited once per run.
*/
START_TEST(test_add_all)
{
  char a[33], b[33], other[33], on_ref[33], after[33], gone[33], stays[33];
  char m1[64], m2[64], m3[64], m4[64], want[300];
  int64_t id = rv_open(MORAI, 2025, 0, "2025-10-01", "2025-09-01");
  int n = -1;

  hh_new(a, MORAI, "Hộ A");
  hh_new(b, MORAI, "Hộ B");
  hh_new(other, SABINH, "Hộ Khác");
  tu_add_household(on_ref, NULL, MORAI, "2025-10-01", "Hộ Đúng Ngày", "F",
                   "1990-01-01");
  tu_add_household(after, NULL, MORAI, "2025-10-02", "Hộ Sau", "M",
                   "1990-01-01");
  hh_new(gone, MORAI, "Hộ Đi");
  hh_new(stays, MORAI, "Hộ Ở");
  TU_OK(
      povreg_household_dissolve(tu_db, gone, "2025-10-01", "moved_away", NULL));
  TU_OK(povreg_household_dissolve(tu_db, stays, "2025-10-02", "moved_away",
                                  NULL));
  TU_OK(povreg_review_add(tu_db, id, b));
  TU_OK(povreg_review_add_all(&n, tu_db, id));
  ck_assert_int_eq(n, 3); /* a, on_ref, stays (b was in already) */
  join_sorted(want, sizeof want, mem(m1, sizeof m1, a, "added", 0),
              mem(m2, sizeof m2, b, "added", 0),
              mem(m3, sizeof m3, on_ref, "added", 0),
              mem(m4, sizeof m4, stays, "added", 0));
  assert_members(id, want);
  ck_assert_int_eq(tu_int(tu_db, "SELECT count(*) FROM review_household "
                                 "WHERE why = 'added' AND must_review = 0"),
                   4);
  TU_OK(povreg_review_add_all(&n, tu_db, id));
  ck_assert_int_eq(n, 0);
  ck_assert_int_eq(tu_int(tu_db, "SELECT count(*) FROM audit WHERE action = "
                                 "'review.add_all'"),
                   2);
  TU_FAILS(POVREG_ENOTFOUND, NULL, povreg_review_add_all(&n, tu_db, id + 99));
}
END_TEST

/*
** A review of more households than classify reads in one page (256) and
** a remainder that takes every batch size (16, 4 and 1 rows): every
** household gets the proposal its survey steers it to, pointing at its
** own classification row; the run is audited once.  Classifying again
** after one survey changed re-proposes only that household, clears its
** meeting (and no other), and audits the change.
*/
START_TEST(test_classify_pages)
{
  enum { N = 303 };
  static const povreg_class cycle[] = {
      POVREG_CLASS_POOR, POVREG_CLASS_NEAR_POOR, POVREG_CLASS_AVERAGE,
      POVREG_CLASS_NON_POOR};
  static char hh[N][33];
  char name[32], sql[640], *text;
  int64_t id = rv_open_periodic(MORAI, 2025);
  int i;

  for (i = 0; i < N; i++) {
    snprintf(name, sizeof name, "Hộ Trang %d", i);
    hh_new(hh[i], MORAI, name);
    TU_OK(povreg_review_add(tu_db, id, hh[i]));
    rv_survey(id, hh[i], cycle[i % 4]);
  }
  rv_classify(id, N);
  for (i = 0; i < 4; i++) {
    snprintf(sql, sizeof sql,
             "SELECT count(*) FROM review_household rh JOIN classification c "
             "ON c.id = rh.classification_id JOIN survey s ON s.id = "
             "c.survey_id AND s.household_id = rh.household_id AND "
             "s.review_year = 2025 WHERE rh.review_id = %lld AND "
             "rh.proposed_class = '%s' AND c.class = rh.proposed_class",
             (long long)id, povreg_class_key(cycle[i]));
    ck_assert_int_eq(tu_int(tu_db, sql), (N - i + 3) / 4);
  }
  ck_assert_int_eq(tu_int(tu_db, "SELECT count(DISTINCT classification_id) "
                                 "FROM review_household"),
                   N);
  ck_assert_int_eq(tu_int(tu_db, "SELECT count(*) FROM audit WHERE action = "
                                 "'review.classify' AND json_extract("
                                 "new_value, '$.classified') = '303' AND "
                                 "json_extract(new_value, '$.changed') = "
                                 "'0'"),
                   1);
  ck_assert_int_eq(tu_int(tu_db, "SELECT count(*) FROM audit WHERE action = "
                                 "'review.reclassify'"),
                   0);
  /* household 260 (second page) now surveyed poorer; 261 met */
  rv_meet(id, hh[261], "2025-10-15");
  rv_survey(id, hh[260], POVREG_CLASS_POOR); /* was 260 % 4 = poor */
  rv_survey(id, hh[262], POVREG_CLASS_POOR); /* was average */
  rv_meet(id, hh[262], "2025-10-15");
  rv_classify(id, N);
  snprintf(sql, sizeof sql,
           "SELECT group_concat(x, ' ') FROM (SELECT h.code || ':' || "
           "rh.proposed_class || ':' || coalesce(rh.meeting_date, '-') AS x "
           "FROM review_household rh JOIN household h ON h.id = "
           "rh.household_id WHERE h.code IN ('%s', '%s', '%s') ORDER BY "
           "h.id)",
           hh[260], hh[261], hh[262]);
  text = tu_text(tu_db, sql);
  snprintf(sql, sizeof sql, "%s:poor:- %s:near_poor:2025-10-15 %s:poor:-",
           hh[260], hh[261], hh[262]);
  ck_assert_str_eq(text, sql);
  free(text);
  snprintf(sql, sizeof sql,
           "SELECT count(*) FROM audit WHERE action = 'review.reclassify' AND "
           "entity_key LIKE '%%/%s' AND json_extract(new_value, '$.was') = "
           "'average' AND json_extract(new_value, '$.proposed') = 'poor'",
           hh[262]);
  ck_assert_int_eq(tu_int(tu_db, sql), 1);
  ck_assert_int_eq(tu_int(tu_db, "SELECT count(*) FROM audit WHERE action = "
                                 "'review.reclassify'"),
                   1);
  ck_assert_int_eq(tu_int(tu_db, "SELECT count(*) FROM audit WHERE action = "
                                 "'review.classify' AND json_extract("
                                 "new_value, '$.changed') = '1'"),
                   1);
  ck_assert_int_eq(tu_int(tu_db, "SELECT count(*) FROM classification"), 2 * N);
}
END_TEST

/* Below half goes back to survey; exactly half agrees. */
START_TEST(test_meeting)
{
  char m[33], o[33], sql[512];
  povreg_review_state *s;
  int64_t id = applicant_review(m, "Hộ Họp");
  int agreed = -7;

  hh_new(o, MORAI, "Hộ Ngoài");
  TU_FAILS(POVREG_EINVALID, "classify",
           povreg_review_meeting(&agreed, tu_db, id, m, "2025-10-15", 10, 10));
  rv_survey(id, m, POVREG_CLASS_POOR);
  TU_FAILS(POVREG_EINVALID, "classify",
           povreg_review_meeting(&agreed, tu_db, id, m, "2025-10-15", 10, 10));
  rv_classify(id, 1);
  assert_blocker(id, 2, m, "no meeting");
  TU_FAILS(POVREG_EINVALID, "agreeing",
           povreg_review_meeting(&agreed, tu_db, id, m, "2025-10-15", 10, 11));
  TU_FAILS(POVREG_EINVALID, "attendees",
           povreg_review_meeting(&agreed, tu_db, id, m, "2025-10-15", 0, 0));
  TU_FAILS(POVREG_EINVALID, "attendees",
           povreg_review_meeting(&agreed, tu_db, id, m, "2025-10-15", -3, 0));
  TU_FAILS(POVREG_EINVALID, "agreeing",
           povreg_review_meeting(&agreed, tu_db, id, m, "2025-10-15", 10, -1));
  TU_FAILS(POVREG_EINVALID, "date",
           povreg_review_meeting(&agreed, tu_db, id, m, "2025-13-01", 10, 9));
  TU_FAILS(POVREG_ENOTFOUND, NULL,
           povreg_review_meeting(&agreed, tu_db, id, o, "2025-10-15", 10, 9));
  ck_assert_int_eq(agreed, -7);
  /* 4 of 9: fewer than half */
  TU_OK(povreg_review_meeting(&agreed, tu_db, id, m, "2025-10-15", 9, 4));
  ck_assert_int_eq(agreed, 0);
  s = rv_state(id);
  ck_assert_int_eq(s->surveyed, 1);
  ck_assert_int_eq(s->classified, 0);
  ck_assert_int_eq(s->agreed, 0);
  ck_assert_int_eq(s->proposed[POVREG_CLASS_POOR], 0);
  ck_assert_uint_eq(s->n_blockers, 2);
  ck_assert_int_eq(blocked(s, m, "meeting disagreed: survey again"), 1);
  povreg_review_state_free(s);
  snprintf(sql, sizeof sql,
           "SELECT count(*) FROM review_household WHERE review_id = %lld AND "
           "proposed_class IS NULL AND classification_id IS NULL AND "
           "meeting_agreed = 0 AND attendees = 9 AND agreeing = 4",
           (long long)id);
  ck_assert_int_eq(tu_int(tu_db, sql), 1);
  ck_assert_int_eq(tu_int(tu_db, "SELECT count(*) FROM audit WHERE action = "
                                 "'review.meeting' AND json_extract("
                                 "new_value, '$.result') = 'survey again'"),
                   1);
  /* nothing to meet about until it is classified again */
  TU_FAILS(POVREG_EINVALID, "classify",
           povreg_review_meeting(&agreed, tu_db, id, m, "2025-10-20", 10, 10));
  TU_OK(povreg_review_post(tu_db, id, "2025-11-01", "2025-11-10"));
  TU_FAILS(POVREG_ECONSTRAINT, "meeting disagreed",
           povreg_review_approve(tu_db, id, "15/QĐ-UBND", "2025-11-20"));
  /* surveyed again: near-poor; no meeting yet */
  rv_survey(id, m, POVREG_CLASS_NEAR_POOR);
  rv_classify(id, 1);
  assert_blocker(id, 1, m, "no meeting");
  snprintf(sql, sizeof sql,
           "SELECT count(*) FROM review_household WHERE review_id = %lld AND "
           "proposed_class = 'near_poor' AND meeting_agreed IS NULL",
           (long long)id);
  ck_assert_int_eq(tu_int(tu_db, sql), 1);
  /* 5 of 10: exactly half agrees */
  TU_OK(povreg_review_meeting(&agreed, tu_db, id, m, "2025-10-25", 10, 5));
  ck_assert_int_eq(agreed, 1);
  s = rv_state(id);
  ck_assert_int_eq(s->agreed, 1);
  ck_assert_uint_eq(s->n_blockers, 0);
  povreg_review_state_free(s);
  /* 5 of 11 would not have */
  TU_OK(povreg_review_meeting(&agreed, tu_db, id, m, "2025-10-26", 11, 5));
  ck_assert_int_eq(agreed, 0);
  assert_blocker(id, 1, m, "meeting disagreed: survey again");
  rv_survey(id, m, POVREG_CLASS_NEAR_POOR);
  rv_classify(id, 1);
  TU_OK(povreg_review_meeting(&agreed, tu_db, id, m, "2025-10-27", 1, 1));
  ck_assert_int_eq(agreed, 1);
  TU_OK(povreg_review_approve(tu_db, id, "15/QĐ-UBND", "2025-11-20"));
  ASSERT_STATUS(m, 2026, POVREG_CLASS_NEAR_POOR);
}
END_TEST

/* Every blocker refuses approval until it is cleared. */
START_TEST(test_approve_blockers)
{
  char m[33], x[33], v[33], sql[256];
  povreg_review_state *s;
  int64_t id, cid = 0;

  hh_new(m, MORAI, "Hộ Chờ");
  hh_new(x, MORAI, "Hộ Chuyển Đi");
  hh_new(v, MORAI, "Hộ Thêm");
  TU_OK(povreg_apply(NULL, tu_db, m, "enter", "2025-08-20", "mất mùa"));
  TU_OK(povreg_apply(NULL, tu_db, x, "enter", "2025-08-21", "ốm đau"));
  id = rv_open_periodic(MORAI, 2025);
  TU_OK(povreg_review_add(tu_db, id, v));
  s = rv_state(id);
  ck_assert_uint_eq(s->n_blockers, 3);
  ck_assert_int_eq(blocked(s, m, "no survey"), 1);
  ck_assert_int_eq(blocked(s, x, "no survey"), 1);
  ck_assert_int_eq(blocked(s, NULL, "not posted"), 1);
  povreg_review_state_free(s);
  TU_FAILS(POVREG_ECONSTRAINT, "no survey",
           povreg_review_approve(tu_db, id, "15/QĐ-UBND", "2025-11-20"));
  /* an excused household stops blocking */
  TU_FAILS(POVREG_EINVALID, "note",
           povreg_review_excuse(tu_db, id, x, "other", NULL));
  TU_FAILS(POVREG_EINVALID, "reason",
           povreg_review_excuse(tu_db, id, x, "bored", NULL));
  TU_OK(povreg_review_excuse(tu_db, id, x, "moved_away", "đi Bình Dương"));
  s = rv_state(id);
  ck_assert_int_eq(s->excused, 1);
  ck_assert_uint_eq(s->n_blockers, 2);
  ck_assert_int_eq(blocked(s, x, "no survey"), 0);
  povreg_review_state_free(s);
  /* surveyed, not classified */
  rv_survey(id, m, POVREG_CLASS_POOR);
  assert_blocker(id, 2, m, "not classified");
  TU_FAILS(POVREG_ECONSTRAINT, "not classified",
           povreg_review_approve(tu_db, id, "15/QĐ-UBND", "2025-11-20"));
  /* the excused one is not classified even when surveyed */
  rv_survey(id, x, POVREG_CLASS_POOR);
  rv_classify(id, 1);
  assert_blocker(id, 2, m, "no meeting");
  TU_FAILS(POVREG_ECONSTRAINT, "no meeting",
           povreg_review_approve(tu_db, id, "15/QĐ-UBND", "2025-11-20"));
  TU_OK(povreg_review_meeting(NULL, tu_db, id, m, "2025-10-15", 10, 4));
  assert_blocker(id, 2, m, "meeting disagreed: survey again");
  TU_FAILS(POVREG_ECONSTRAINT, "meeting disagreed",
           povreg_review_approve(tu_db, id, "15/QĐ-UBND", "2025-11-20"));
  rv_survey(id, m, POVREG_CLASS_POOR);
  rv_classify(id, 1);
  rv_meet(id, m, "2025-10-20");
  /* only the posting is missing */
  assert_blocker(id, 1, NULL, "not posted");
  TU_FAILS(POVREG_ECONSTRAINT, "not posted",
           povreg_review_approve(tu_db, id, "15/QĐ-UBND", "2025-11-20"));
  TU_FAILS(POVREG_EINVALID, "to",
           povreg_review_post(tu_db, id, "2025-11-10", "2025-11-01"));
  TU_FAILS(POVREG_EINVALID, "from",
           povreg_review_post(tu_db, id, "2025-08-01", "2025-11-01"));
  TU_OK(povreg_review_post(tu_db, id, "2025-11-01", "2025-11-10"));
  s = rv_state(id);
  ck_assert_str_eq(s->posted_from, "2025-11-01");
  ck_assert_str_eq(s->posted_to, "2025-11-10");
  ck_assert_uint_eq(s->n_blockers, 0);
  povreg_review_state_free(s);
  /* an open complaint */
  TU_FAILS(
      POVREG_ENOTFOUND, NULL,
      povreg_complaint_file(&cid, tu_db, id, "NO-SUCH", "2025-11-03", "sai"));
  TU_FAILS(POVREG_EINVALID, "text",
           povreg_complaint_file(&cid, tu_db, id, m, "2025-11-03", ""));
  TU_OK(povreg_complaint_file(&cid, tu_db, id, m, "2025-11-03",
                              "hộ có xe máy mới"));
  s = rv_state(id);
  ck_assert_int_eq(s->open_complaints, 1);
  ck_assert_uint_eq(s->n_blockers, 1);
  ck_assert_int_eq(blocked(s, m, "open complaint"), 1);
  povreg_review_state_free(s);
  TU_FAILS(POVREG_ECONSTRAINT, "open complaint",
           povreg_review_approve(tu_db, id, "15/QĐ-UBND", "2025-11-20"));
  TU_FAILS(POVREG_ENOTFOUND, NULL,
           povreg_complaint_resolve(tu_db, cid + 10, "2025-11-05", "ok"));
  TU_FAILS(POVREG_EINVALID, "resolution",
           povreg_complaint_resolve(tu_db, cid, "2025-11-05", NULL));
  TU_OK(povreg_complaint_resolve(tu_db, cid, "2025-11-05",
                                 "xe mượn của người thân"));
  TU_FAILS(POVREG_EINVALID, "resolved",
           povreg_complaint_resolve(tu_db, cid, "2025-11-06", "lại"));
  assert_blocker(id, 0, NULL, NULL);
  /* before the posting ends; without a decision */
  TU_FAILS(POVREG_EINVALID, "posting",
           povreg_review_approve(tu_db, id, "15/QĐ-UBND", "2025-11-09"));
  TU_FAILS(POVREG_EINVALID, "decision",
           povreg_review_approve(tu_db, id, NULL, "2025-11-20"));
  TU_FAILS(POVREG_EINVALID, "decision",
           povreg_review_approve(tu_db, id, "", "2025-11-20"));
  TU_FAILS(POVREG_EINVALID, "date",
           povreg_review_approve(tu_db, id, "15/QĐ-UBND", "2025-11-31"));
  TU_FAILS(POVREG_ENOTFOUND, NULL,
           povreg_review_approve(tu_db, id + 9, "15/QĐ-UBND", "2025-11-20"));
  /* on the last day of the posting */
  TU_OK(povreg_review_approve(tu_db, id, "15/QĐ-UBND", "2025-11-10"));
  ASSERT_STATUS(m, 2026, POVREG_CLASS_POOR);
  ASSERT_STATUS(x, 2026, POVREG_CLASS_NONE);
  ASSERT_STATUS(v, 2026, POVREG_CLASS_NONE);
  snprintf(sql, sizeof sql,
           "SELECT count(*) FROM household_status WHERE review_id = %lld AND "
           "status_year = 2026 AND effective_on = '2025-11-10' AND decision "
           "= '15/QĐ-UBND' AND supersedes IS NULL",
           (long long)id);
  ck_assert_int_eq(tu_int(tu_db, sql), 1);
  ck_assert_int_eq(tu_int(tu_db, "SELECT count(*) FROM audit WHERE action = "
                                 "'review.approve' AND json_extract("
                                 "new_value, '$.decision') = '15/QĐ-UBND'"),
                   1);
}
END_TEST

/* ---- ages at the review's reference date --------------------------------- */

/*
** A household whose only child (born 2019-10-01, no health-insurance
** card) turns 6 on 2025-10-01: every indicator but health_insurance ticked
** (2 deprived), health_insurance derived from the members' facts, 1.4 M
** income.  The review of 2025 at `ref`, surveyed at the review's date.
** Returns the proposed class; the review id in *id_out, household in m.
*/
static povreg_class birthday_case(const char *ref, int64_t *id_out, char m[33])
{
  povreg_review_state *s;
  povreg_fact f[2];
  povreg_class cls = POVREG_CLASS_NONE;
  int64_t id;
  int child, i;

  tu_add_household(m, NULL, MORAI, "2020-01-15", "Nguyễn Văn An", "M",
                   "1980-03-10");
  child = tu_add_member(m, "Nguyễn Văn Cường", "M", "2019-10-01", "child");
  id = rv_open(MORAI, 2025, 0, ref, "2025-09-01");
  TU_OK(povreg_review_add(tu_db, id, m));
  f[0].member_no = 1;
  f[0].key = "has_health_insurance";
  f[0].value = "1";
  f[1].member_no = child;
  f[1].key = "has_health_insurance";
  f[1].value = "0";
  s = rv_state(id);
  ck_assert_str_eq(s->reference_date, ref);
  tu_survey_ticks(m, 2025, s->reference_date, 1400000, 2, "health_insurance", f,
                  2);
  povreg_review_state_free(s);
  rv_classify(id, 1);
  s = rv_state(id);
  for (i = POVREG_CLASS_POOR; i <= POVREG_CLASS_NON_POOR; i++) {
    if (s->proposed[i] == 1) {
      cls = (povreg_class)i;
    }
  }
  povreg_review_state_free(s);
  *id_out = id;
  return cls;
}

/* Approve a birthday case and check the status. */
static void birthday_approve(int64_t id, const char *m, povreg_class cls)
{
  rv_meet(id, m, "2025-10-15");
  TU_OK(povreg_review_post(tu_db, id, "2025-11-01", "2025-11-10"));
  TU_OK(povreg_review_approve(tu_db, id, "15/QĐ-UBND", "2025-11-20"));
  ASSERT_STATUS(m, 2026, cls);
}

/* The day before the 6th birthday: the child does not count: near-poor. */
START_TEST(test_ages_day_before)
{
  char m[33];
  int64_t id;
  povreg_class c = birthday_case("2025-09-30", &id, m);

  ck_assert_msg(c == POVREG_CLASS_NEAR_POOR, "proposed %s",
                povreg_class_key(c));
  ck_assert_int_eq(tu_int(tu_db, "SELECT count(*) FROM classification WHERE "
                                 "deprived_count = 2 AND deprived NOT LIKE "
                                 "'%health_insurance%'"),
                   1);
  birthday_approve(id, m, POVREG_CLASS_NEAR_POOR);
}
END_TEST

/* On the 6th birthday: the uninsured child counts: poor. */
START_TEST(test_ages_on_birthday)
{
  char m[33];
  int64_t id;
  povreg_class c = birthday_case("2025-10-01", &id, m);

  ck_assert_msg(c == POVREG_CLASS_POOR, "proposed %s", povreg_class_key(c));
  ck_assert_int_eq(tu_int(tu_db, "SELECT count(*) FROM classification WHERE "
                                 "deprived_count = 3 AND deprived LIKE "
                                 "'%health_insurance%'"),
                   1);
  birthday_approve(id, m, POVREG_CLASS_POOR);
}
END_TEST

/*
** A survey recorded at another date than the review's: the review's
** reference date is the one ages are taken at (or the classification is
** refused); never silently the survey's own date.
*/
START_TEST(test_ages_review_date_governs)
{
  char m[33];
  int64_t id;
  povreg_class c = POVREG_CLASS_NONE;
  char *before, *after;
  int rc, n = -1;

  /* the review on the birthday, the survey the day before */
  tu_add_household(m, NULL, MORAI, "2020-01-15", "Nguyễn Văn An", "M",
                   "1980-03-10");
  {
    povreg_fact f[2];
    int child =
        tu_add_member(m, "Nguyễn Văn Cường", "M", "2019-10-01", "child");
    id = rv_open(MORAI, 2025, 0, "2025-10-01", "2025-09-01");
    TU_OK(povreg_review_add(tu_db, id, m));
    f[0].member_no = 1;
    f[0].key = "has_health_insurance";
    f[0].value = "1";
    f[1].member_no = child;
    f[1].key = "has_health_insurance";
    f[1].value = "0";
    tu_survey_ticks(m, 2025, "2025-09-30", 1400000, 2, "health_insurance", f,
                    2);
  }
  before = tu_dump(tu_db);
  rc = povreg_review_classify(&n, tu_db, id);
  after = tu_dump(tu_db);
  if (rc == POVREG_OK) {
    povreg_review_state *s = rv_state(id);
    c = s->proposed[POVREG_CLASS_POOR]        ? POVREG_CLASS_POOR
        : s->proposed[POVREG_CLASS_NEAR_POOR] ? POVREG_CLASS_NEAR_POOR
                                              : POVREG_CLASS_NONE;
    povreg_review_state_free(s);
    free(before);
    free(after);
    ck_assert_msg(c == POVREG_CLASS_POOR,
                  "classified at the survey's date 2025-09-30 (%s), not at "
                  "the review's 2025-10-01 (poor)",
                  povreg_class_key(c));
  } else {
    ck_assert_msg(rc == POVREG_EINVALID && tu_msg_has(tu_db, "reference"),
                  "classify: %d (%s)", rc, povreg_errmsg(tu_db));
    TU_ASSERT_SAME(before, after, "refused classify");
    free(before);
    free(after);
  }
}
END_TEST

/* ---- amendments ---------------------------------------------------------- */

/* An amendment supersedes the status; audited; refusals change nothing. */
START_TEST(test_amend)
{
  char m[33], sql[512];
  const plan p[] = {{m, POVREG_CLASS_POOR, NULL}};
  trows t;
  long long first, second, audits;

  hh_new(m, MORAI, "Hộ Sửa Đổi");
  rv_cycle(MORAI, 2025, p, 1);
  snprintf(sql, sizeof sql,
           "SELECT s.id FROM household_status s JOIN household h ON h.id = "
           "s.household_id WHERE h.code = '%s'",
           m);
  first = tu_int(tu_db, sql);
  audits = tu_int(tu_db, "SELECT count(*) FROM audit");
  TU_OK(povreg_status_amend(tu_db, m, 2026, "near_poor", "45/QĐ-UBND",
                            "2026-02-01", "thu nhập được xác minh lại"));
  ASSERT_STATUS(m, 2026, POVREG_CLASS_NEAR_POOR);
  ck_assert_int_eq(tu_int(tu_db, "SELECT count(*) FROM audit"), audits + 1);
  snprintf(sql, sizeof sql,
           "SELECT id FROM household_status WHERE supersedes = %lld AND "
           "class = 'near_poor' AND status_year = 2026 AND decision = "
           "'45/QĐ-UBND' AND effective_on = '2026-02-01' AND reason = "
           "'thu nhập được xác minh lại' AND review_id IS NULL",
           first);
  second = tu_int(tu_db, sql);
  ck_assert_int_gt(second, first);
  snprintf(sql, sizeof sql,
           "SELECT count(*) FROM current_status s JOIN household h ON h.id = "
           "s.household_id WHERE h.code = '%s' AND s.status_year = 2026",
           m);
  ck_assert_int_eq(tu_int(tu_db, sql), 1);
  snprintf(sql, sizeof sql,
           "SELECT count(*) FROM audit WHERE action = 'status.amend' AND "
           "entity_key = '%s' AND json_extract(old_value, '$.class') = "
           "'poor' AND json_extract(new_value, '$.class') = 'near_poor' AND "
           "json_extract(new_value, '$.decision') = '45/QĐ-UBND'",
           m);
  ck_assert_int_eq(tu_int(tu_db, sql), 1);
  /* refusals */
  TU_FAILS(POVREG_ENOTFOUND, "2025",
           povreg_status_amend(tu_db, m, 2025, "poor", "46/QĐ-UBND",
                               "2026-02-02", "nhầm năm"));
  TU_FAILS(POVREG_EINVALID, "already",
           povreg_status_amend(tu_db, m, 2026, "near_poor", "46/QĐ-UBND",
                               "2026-02-02", "lại"));
  TU_FAILS(POVREG_EINVALID, "class",
           povreg_status_amend(tu_db, m, 2026, "none", "46/QĐ-UBND",
                               "2026-02-02", "lại"));
  TU_FAILS(
      POVREG_EINVALID, "decision",
      povreg_status_amend(tu_db, m, 2026, "poor", "", "2026-02-02", "lại"));
  TU_FAILS(POVREG_EINVALID, "reason",
           povreg_status_amend(tu_db, m, 2026, "poor", "46/QĐ-UBND",
                               "2026-02-02", NULL));
  TU_FAILS(POVREG_EINVALID, "date",
           povreg_status_amend(tu_db, m, 2026, "poor", "46/QĐ-UBND",
                               "2027-01-01", "tương lai"));
  TU_FAILS(POVREG_ENOTFOUND, NULL,
           povreg_status_amend(tu_db, "NO-SUCH", 2026, "poor", "46/QĐ-UBND",
                               "2026-02-02", "lại"));
  /* amended back: a chain of three, the latest current */
  TU_OK(povreg_status_amend(tu_db, m, 2026, "poor", "47/QĐ-UBND", "2026-03-01",
                            "khiếu nại được chấp nhận"));
  ASSERT_STATUS(m, 2026, POVREG_CLASS_POOR);
  snprintf(sql, sizeof sql,
           "SELECT count(*) FROM household_status WHERE supersedes = %lld",
           second);
  ck_assert_int_eq(tu_int(tu_db, sql), 1);
  ck_assert_int_eq(tu_int(tu_db, "SELECT count(*) FROM household_status"), 3);
  ck_assert_int_eq(tu_int(tu_db, "SELECT count(*) FROM current_status"), 1);
  transitions(&t, MORAI, 2026);
  ASSERT_ROW(&t, MORAI, "poor", 0, 0, 0, 0, 0, 1, 1);
  ASSERT_ROW(&t, MORAI, "near_poor", 0, 0, 0, 0, 0, 0, 0);
  {
    povreg_class c;
    TU_FAILS(POVREG_ENOTFOUND, NULL,
             povreg_status_get(&c, tu_db, "NO-SUCH", 2026));
    TU_FAILS(POVREG_EINVALID, NULL, povreg_status_get(NULL, tu_db, m, 2026));
  }
}
END_TEST

/* ---- ad-hoc reviews and overdue applications ----------------------------- */

/* Collected overdue applications as "code:kind:applied:due," text. */
typedef struct odue {
  char text[512];
  int n;
} odue;

/* povreg_overdue_cb: append one. */
static int collect_overdue(const povreg_overdue *o, void *payload)
{
  odue *d = payload;
  size_t len = strlen(d->text);

  ck_assert_int_gt(o->application_id, 0);
  snprintf(d->text + len, sizeof d->text - len, "%s:%s:%s:%s,",
           o->household_code, o->kind, o->applied_on, o->due_on);
  d->n++;
  return 0;
}

/* An application in March 2026 is decided by the ad-hoc review of March. */
START_TEST(test_adhoc)
{
  char q[33], r[33], n[33], b1[64], b2[64], want[200], sql[512];
  const plan p2025[] = {{q, POVREG_CLASS_NEAR_POOR, NULL},
                        {n, POVREG_CLASS_NEAR_POOR, NULL}};
  povreg_review_state *s;
  int64_t periodic, id, found = 0, aq = 0, ar = 0;
  trows t;

  hh_new(q, MORAI, "Hộ Lũ");
  hh_new(r, MORAI, "Hộ Mới Khó");
  hh_new(n, MORAI, "Hộ Khác");
  periodic = rv_cycle(MORAI, 2025, p2025, 2);
  TU_OK(povreg_apply(&aq, tu_db, q, "enter", "2026-03-05", "lũ cuốn nhà"));
  TU_OK(povreg_apply(&ar, tu_db, r, "enter", "2026-03-10", "chủ hộ mất"));
  id = rv_open(MORAI, 2026, 3, NULL, "2026-03-15");
  TU_OK(povreg_review_find(&found, tu_db, MORAI, 2026, 3));
  ck_assert_int_eq(found, id);
  s = rv_state(id);
  ck_assert_int_eq(s->month, 3);
  ck_assert_int_eq(s->status_year, 2026);
  ck_assert_str_eq(s->reference_date, "2026-03-15");
  ck_assert_str_eq(s->standard_id, "ND07-2021");
  povreg_review_state_free(s);
  /* the applicants only: an ad-hoc review lists nobody */
  mem(b1, sizeof b1, q, "applied", 1);
  mem(b2, sizeof b2, r, "applied", 1);
  join_sorted(want, sizeof want, b1, b2, NULL, NULL);
  assert_members(id, want);
  snprintf(sql, sizeof sql,
           "SELECT count(*) FROM application WHERE review_id = %lld",
           (long long)id);
  ck_assert_int_eq(tu_int(tu_db, sql), 2);
  /* the same month again */
  {
    povreg_review_spec sp = spec_of(MORAI, 2026, 3, NULL, "2026-03-16");
    TU_FAILS(POVREG_EEXISTS, NULL, povreg_review_open(NULL, tu_db, &sp));
  }
  /* surveys of review year 2025 replace the periodic answers */
  rv_survey(id, q, POVREG_CLASS_POOR);
  rv_survey(id, r, POVREG_CLASS_NEAR_POOR);
  snprintf(sql, sizeof sql,
           "SELECT count(*) FROM audit WHERE action = 'survey.replace' AND "
           "entity_key = '%s/2025'",
           q);
  ck_assert_int_eq(tu_int(tu_db, sql), 1);
  rv_classify(id, 2);
  rv_meet(id, q, "2026-03-20");
  rv_meet(id, r, "2026-03-20");
  TU_OK(povreg_review_post(tu_db, id, "2026-03-21", "2026-03-25"));
  TU_OK(povreg_review_approve(tu_db, id, "30/QĐ-UBND", "2026-03-28"));
  ASSERT_STATUS(q, 2026, POVREG_CLASS_POOR);
  ASSERT_STATUS(r, 2026, POVREG_CLASS_NEAR_POOR);
  ASSERT_STATUS(n, 2026, POVREG_CLASS_NEAR_POOR);
  /* q's new status supersedes the periodic one; r's is its first */
  snprintf(sql, sizeof sql,
           "SELECT count(*) FROM household_status n JOIN household_status o "
           "ON o.id = n.supersedes JOIN household h ON h.id = n.household_id "
           "WHERE h.code = '%s' AND n.review_id = %lld AND o.review_id = "
           "%lld AND n.status_year = 2026 AND o.status_year = 2026 AND "
           "o.class = 'near_poor' AND n.class = 'poor'",
           q, (long long)id, (long long)periodic);
  ck_assert_int_eq(tu_int(tu_db, sql), 1);
  snprintf(sql, sizeof sql,
           "SELECT count(*) FROM household_status s JOIN household h ON h.id "
           "= s.household_id WHERE h.code = '%s' AND s.supersedes IS NULL "
           "AND s.review_id = %lld",
           r, (long long)id);
  ck_assert_int_eq(tu_int(tu_db, sql), 1);
  ck_assert_int_eq(tu_int(tu_db, "SELECT count(*) FROM current_status WHERE "
                                 "status_year = 2026"),
                   3);
  transitions(&t, MORAI, 2026);
  ASSERT_ROW(&t, MORAI, "poor", 0, 0, 0, 0, 0, 1, 1);
  ASSERT_ROW(&t, MORAI, "near_poor", 0, 0, 0, 0, 0, 2, 2);
  /* decided: nothing overdue */
  {
    odue d;
    memset(&d, 0, sizeof d);
    TU_OK(
        povreg_applications_overdue(tu_db, "2026-06-01", collect_overdue, &d));
    ck_assert_int_eq(d.n, 0);
  }
  (void)aq;
  (void)ar;
}
END_TEST

/* The overdue applications on a date. */
static void overdue_on(odue *d, const char *date)
{
  memset(d, 0, sizeof *d);
  TU_OK(povreg_applications_overdue(tu_db, date, collect_overdue, d));
}

/* Stop after the first. */
static int stop_first(const povreg_overdue *o, void *payload)
{
  (void)o;
  ++*(int *)payload;
  return 42;
}

/* Due dates: the next monthly review, or the ad-hoc review that took it. */
START_TEST(test_overdue)
{
  char o1[33], o2[33], o3[33], o4[33], want[512];
  int64_t id;
  odue d;
  int calls = 0;

  hh_new(o1, MORAI, "Hộ Một");
  hh_new(o2, MORAI, "Hộ Hai");
  hh_new(o3, MORAI, "Hộ Ba");
  hh_new(o4, SABINH, "Hộ Bốn");
  TU_OK(povreg_apply(NULL, tu_db, o1, "enter", "2026-03-05", "ốm"));
  TU_OK(povreg_apply(NULL, tu_db, o2, "escape", "2026-03-20", "có việc"));
  TU_OK(povreg_apply(NULL, tu_db, o3, "enter", "2026-04-15", "cháy nhà"));
  TU_OK(povreg_apply(NULL, tu_db, o4, "enter", "2026-03-05", "lũ"));
  /* o4 is taken up by the ad-hoc review of 23534 opened on the 16th */
  id = rv_open(SABINH, 2026, 3, NULL, "2026-03-16");
  overdue_on(&d, "2026-03-30");
  ck_assert_int_eq(d.n, 0);
  overdue_on(&d, "2026-03-31");
  snprintf(want, sizeof want, "%s:enter:2026-03-05:2026-03-30,", o1);
  ck_assert_str_eq(d.text, want);
  overdue_on(&d, "2026-04-01");
  snprintf(want, sizeof want,
           "%s:enter:2026-03-05:2026-03-30,%s:enter:2026-03-05:2026-03-31,", o1,
           o4);
  ck_assert_str_eq(d.text, want);
  overdue_on(&d, "2026-04-30");
  ck_assert_int_eq(d.n, 2);
  overdue_on(&d, "2026-05-01");
  ck_assert_int_eq(d.n, 4);
  ck_assert_msg(strstr(d.text, ":escape:2026-03-20:2026-04-30,") != NULL, "%s",
                d.text);
  ck_assert_msg(strstr(d.text, ":enter:2026-04-15:2026-04-30,") != NULL, "%s",
                d.text);
  /* approved: o4 is decided */
  rv_survey(id, o4, POVREG_CLASS_POOR);
  rv_classify(id, 1);
  rv_meet(id, o4, "2026-03-20");
  TU_OK(povreg_review_post(tu_db, id, "2026-03-21", "2026-03-25"));
  TU_OK(povreg_review_approve(tu_db, id, "31/QĐ-UBND", "2026-03-28"));
  overdue_on(&d, "2026-05-01");
  ck_assert_int_eq(d.n, 3);
  ck_assert_msg(strstr(d.text, o4) == NULL, "%s", d.text);
  /* the callback stops the walk and its value is returned */
  ck_assert_int_eq(
      povreg_applications_overdue(tu_db, "2026-05-01", stop_first, &calls), 42);
  ck_assert_int_eq(calls, 1);
  TU_FAILS(
      POVREG_EINVALID, "date",
      povreg_applications_overdue(tu_db, "2026-02-30", collect_overdue, &d));
  TU_FAILS(POVREG_EINVALID, NULL,
           povreg_applications_overdue(tu_db, "2026-05-01", NULL, NULL));
  /* applications themselves */
  TU_FAILS(POVREG_EINVALID, "kind",
           povreg_apply(NULL, tu_db, o1, "leave", "2026-03-05", "x"));
  TU_FAILS(POVREG_EINVALID, "reason",
           povreg_apply(NULL, tu_db, o1, "enter", "2026-03-05", ""));
  TU_FAILS(POVREG_EINVALID, "date",
           povreg_apply(NULL, tu_db, o1, "enter", "2019-03-05", "x"));
  TU_FAILS(POVREG_ENOTFOUND, NULL,
           povreg_apply(NULL, tu_db, "NO-SUCH", "enter", "2026-03-05", "x"));
}
END_TEST

/* ---- suite --------------------------------------------------------------- */

/* The suite. */
static Suite *review_suite(void)
{
  Suite *s = suite_create("review");
  TCase *open = tcase_create("open");
  TCase *years = tcase_create("transitions");
  TCase *steps = tcase_create("steps");
  TCase *after = tcase_create("after");

  tcase_add_checked_fixture(open, tu_setup, tu_teardown);
  tcase_add_checked_fixture(years, tu_setup, tu_teardown);
  tcase_add_checked_fixture(steps, tu_setup, tu_teardown);
  tcase_add_checked_fixture(after, tu_setup, tu_teardown);
  tcase_add_test(open, test_open_defaults);
  tcase_add_test(open, test_open_must_review);
  tcase_add_test(open, test_open_successor);
  tcase_add_test(open, test_open_before_merger);
  tcase_add_test(open, test_open_dissolved);
  tcase_add_test(open, test_open_errors);
  tcase_add_test(years, test_transitions);
  tcase_add_test(years, test_lists);
  tcase_add_test(years, test_changes_pinned);
  tcase_add_test(years, test_standard_change);
  tcase_add_test(steps, test_override);
  tcase_add_test(steps, test_classify_pages);
  tcase_add_test(steps, test_add_all);
  tcase_add_test(steps, test_meeting);
  tcase_add_test(steps, test_approve_blockers);
  tcase_add_test(steps, test_ages_day_before);
  tcase_add_test(steps, test_ages_on_birthday);
  tcase_add_test(steps, test_ages_review_date_governs);
  tcase_add_test(after, test_locked_api);
  tcase_add_test(after, test_locked_sql);
  tcase_add_test(after, test_amend);
  tcase_add_test(after, test_adhoc);
  tcase_add_test(after, test_overdue);
  suite_add_tcase(s, open);
  suite_add_tcase(s, years);
  suite_add_tcase(s, steps);
  suite_add_tcase(s, after);
  return s;
}

/* Run the suite; the exit status is the number of failed tests. */
int main(void)
{
  return tu_run(review_suite());
}
