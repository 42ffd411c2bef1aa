/*
** demo_seed.c: the synthetic Sa Thầy of the district's 2016-2020
** poverty-reduction plan (docs/demo.md).
**
** The start of 2016 is built exactly: every household's class, head's
** ethnicity and deprivations for the 2015 survey are allocated first
** (per commune: households, poor, near-poor, ethnic-minority heads among
** them; over the district's poor: the plan's ten deprivation counts),
** then the households are registered with their members and the 2015
** periodic review surveys each of them with every indicator ticked and
** an income that gives exactly the allocated class.  The reviews of
** 2016-2020 move households between the classes by plan (escaped,
** relapsed, newly arising, near-poor falling back), the review of 2021
** applies ND07-2021 to every household and the review of 2022 goes on.
** Life goes on in between: splits, arrivals, departures, merges, births,
** deaths and marriages.  Everything goes through the public API inside
** one transaction, so it is validated and audited like any change; each
** survey is checked with povreg_classify() before it is recorded and
** each review's proposals are checked against the plan before approval.
*/
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "demo_seed.h"

/* ---- the plan's figures ----------------------------------------------- */

/*
** Columns: code, households, poor, near-poor, households with a minority
** head, poor among them, làng, thôn, minority groups (percent Xơ-đăng,
** Gia-rai, Rơ-măm, Brâu), the commune's review collaborator.
*/
const povreg__seed_commune povreg__seed_communes[N_COMMUNES] = {
    /* Thị trấn Sa Thầy (urban): 307 / 2,560 = 11.99% */
    {"23527", 2560, 307, 166, 640, 173, 2, 6, {60, 40, 0, 0}, "Đỗ Thị Hoa"},
    /* Xã Rơ Kơi: 442 / 840 = 52.62% */
    {"23530", 840, 442, 76, 756, 425, 5, 2, {85, 15, 0, 0}, "A Thanh"},
    /* Xã Sa Nhơn: 437 / 1,134 = 38.54% */
    {"23533", 1134, 437, 105, 624, 376, 3, 3, {70, 30, 0, 0}, "Trần Văn Hùng"},
    /* Xã Hơ Moong: 520 / 731 = 71.14% */
    {"23534", 731, 520, 58, 694, 509, 6, 2, {90, 10, 0, 0}, "Y Hlinh"},
    /* Xã Mô Rai: 635 / 1,009 = 62.93% */
    {"23536", 1009, 635, 80, 938, 617, 5, 2, {30, 45, 20, 5}, "Rơ Châm Khoa"},
    /* Xã Sa Sơn: 400 / 1,290 = 31.01% */
    {"23539", 1290, 400, 118, 580, 329, 3, 3, {40, 60, 0, 0}, "Lê Thị Mai"},
    /* Xã Sa Nghĩa: 462 / 1,100 = 42.00% */
    {"23542", 1100, 462, 104, 550, 396, 3, 3, {75, 25, 0, 0}, "Phạm Văn Sơn"},
    /* Xã Sa Bình: 540 / 926 = 58.32% */
    {"23545", 926, 540, 82, 741, 507, 5, 2, {80, 20, 0, 0}, "A Blơng"},
    /* Xã Ya Xiêr: 314 / 828 = 37.92% */
    {"23548", 828, 314, 80, 580, 284, 3, 2, {60, 40, 0, 0}, "Hoàng Thị Lan"},
    /* Xã Ya Tăng: 304 / 559 = 54.38% */
    {"23551", 559, 304, 56, 492, 291, 4, 1, {20, 80, 0, 0}, "Siu Nhơn"},
    /* Xã Ya ly: 297 / 581 = 51.12% */
    {"23554", 581, 297, 58, 476, 286, 4, 1, {25, 75, 0, 0}, "Ksor Dun"},
};

/* Names of làng, taken in turn by the communes (synthetic). */
static const char *const lang_names[] = {
    "Làng Rắc",     "Làng Trấp",    "Làng Lung",      "Làng Chốt",
    "Làng Kà Bầy",  "Làng Tum",     "Làng Kleng",     "Làng Điek",
    "Làng Bar",     "Làng Le",      "Làng Rơ Wang",   "Làng Đăk Đe",
    "Làng Kơ Xia",  "Làng Bang",    "Làng Gia Xiêng", "Làng Ya Tun",
    "Làng Khúc Na", "Làng Đăk Wơt", "Làng Tang",      "Làng Dơ Nu",
    "Làng Kơ Tu",   "Làng Trắc",    "Làng Bàng",      "Làng Tơ Bang",
    "Làng Kram",    "Làng Đăk Ang", "Làng Pa Cheng",  "Làng Ia Tang",
    "Làng Lút",     "Làng Ia Kô",   "Làng Ya Mô",     "Làng Đăk Sia",
    "Làng Phía",    "Làng Kon Bơ",  "Làng Bơ Rẫy",    "Làng Kon Hơ Drế",
    "Làng Đăk Mon", "Làng Ya Yên",  "Làng Kon Bring", "Làng Đăk Huyn",
    "Làng Tà Kơ",   "Làng Ia Rơ",   "Làng Đăk Xú",    "Làng Plei Kép"};

/* The indicator key of each bit (ND07-2021's info_access: B_INFO). */
static const char *const bit_keys[N_BITS] = {
    "health_access",   "health_insurance", "adult_education", "child_schooling",
    "housing_quality", "housing_area",     "water",           "latrine",
    "telecom",         "info_assets",      "employment",      "dependants",
    "nutrition"};

/*
** The plan's deprivation counts among the 4,658 poor households, by bit
** (QD59-2015's ten indicators); the last three are the weights with which
** ND07-2021's new indicators are drawn.
*/
static const int plan_deprived[N_BITS] = {
    578, 594, 1589, 700, 1876, 2026, 1697, 3598, 1723, 2194, 1500, 1200, 900};

/* The shape of the number of deprivations among the 2015 poor, 0..10. */
static const int poor_depth_shape[11] = {10, 80, 180, 250, 200, 140,
                                         80, 40, 15,  4,   1};

/*
** The years of the plan.  Columns: status year, census (every household
** surveyed), poor and near-poor rates at its start (0.01%), then what
** happened in the year before: splits, arrivals, poor / near-poor /
** other households dissolved, births, deaths, marriages out, newly poor,
** relapsed poor, near-poor fallen poor, newly near-poor, applicants found
** above the lines.  2016 comes from the commune table; 2022 re-surveys
** every household under ND07-2021 (its rates are this demo's choice).
*/
static const povreg__seed_year years[] = {
    {2016, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0},
    {2017, 0, 3412, 910, 260, 90, 12, 3, 16, 450, 150, 40, 150, 0, 30, 60, 40},
    {2018, 0, 2835, 860, 260, 90, 12, 3, 16, 450, 150, 40, 120, 40, 25, 50, 40},
    {2019, 0, 2221, 750, 260, 90, 12, 3, 16, 440, 155, 40, 100, 35, 20, 45, 35},
    {2020, 0, 1640, 600, 260, 90, 12, 3, 16, 430, 155, 40, 85, 30, 15, 40, 30},
    {2021, 0, 1034, 439, 260, 90, 12, 3, 16, 420, 160, 40, 70, 25, 12, 35, 30},
    {2022, 1, 1980, 1060, 260, 90, 4, 3, 24, 410, 160, 40, 0, 0, 0, 0, 0},
    {2023, 0, 1610, 1020, 260, 90, 14, 6, 11, 400, 165, 40, 90, 40, 40, 80, 40},
};

/* Number of bits set. */
static int popcount(unsigned x)
{
  int n = 0;

  for (; x != 0; x &= x - 1) {
    n++;
  }
  return n;
}

/* ---- the plan of the start of 2016 ------------------------------------ */

/* Scale the commune table and name the villages. */
static int plan_communes(povreg__seed *s)
{
  int c, v, next_lang = 0, sum[4] = {0, 0, 0, 0};

  for (c = 0; c < N_COMMUNES; c++) {
    const povreg__seed_commune *sc0 = &povreg__seed_communes[c];
    povreg__seed_cp *p = &s->cp[c];
    int n = sc(s, sc0->households), poor = sc(s, sc0->poor);

    sum[0] += sc0->households;
    sum[1] += sc0->poor;
    sum[2] += sc0->near_poor;
    sum[3] += sc0->minority_poor;
    if (n < 1) {
      n = 1;
    }
    if (poor > n) {
      poor = n;
    }
    p->households = n;
    p->poor = poor;
    p->near_poor = sc(s, sc0->near_poor);
    if (p->near_poor > n - poor) {
      p->near_poor = n - poor;
    }
    p->minority_poor = sc(s, sc0->minority_poor);
    if (p->minority_poor > poor) {
      p->minority_poor = poor;
    }
    p->minority = sc(s, sc0->minority);
    /* poor heads of either kind and non-poor minority heads must fit */
    if (p->minority < p->minority_poor) {
      p->minority = p->minority_poor;
    }
    if (p->minority > p->minority_poor + (n - poor)) {
      p->minority = p->minority_poor + (n - poor);
    }
    if (n - p->minority < poor - p->minority_poor) {
      p->minority = n - (poor - p->minority_poor);
    }
    p->n_villages = sc0->lang + sc0->thon;
    for (v = 0; v < p->n_villages; v++) {
      if (v < sc0->lang) {
        snprintf(p->villages[v], sizeof p->villages[v], "%s",
                 lang_names[next_lang++ %
                            (int)(sizeof lang_names / sizeof lang_names[0])]);
        p->kinds[v] = "lang";
      } else if (strcmp(sc0->code, "23527") == 0) {
        snprintf(p->villages[v], sizeof p->villages[v], "Tổ dân phố %d",
                 v - sc0->lang + 1);
        p->kinds[v] = "to_dan_pho";
      } else {
        snprintf(p->villages[v], sizeof p->villages[v], "Thôn %d",
                 v - sc0->lang + 1);
        p->kinds[v] = "thon";
      }
    }
  }
  if (sum[0] != PLAN_HOUSEHOLDS || sum[1] != PLAN_POOR ||
      sum[2] != PLAN_NEAR_POOR || sum[3] != PLAN_MINORITY_POOR) {
    return povreg__err(s->db, POVREG_ERROR,
                       "demo: the commune table does not add up to the "
                       "plan's district");
  }
  return POVREG_OK;
}

/* Shuffle n ints. */
static void shuffle(povreg__seed *s, int *a, int n)
{
  int i;

  for (i = n - 1; i > 0; i--) {
    int j = rnd(s, 0, i), t = a[i];
    a[i] = a[j];
    a[j] = t;
  }
}

/* Compare two povreg__seed_keyed household indices by key, then by index. */
static int by_key(const void *a, const void *b)
{
  const povreg__seed_keyed *x = a, *y = b;

  if (x->key != y->key) {
    return x->key < y->key ? -1 : 1;
  }
  return x->idx < y->idx ? -1 : x->idx > y->idx;
}

/* Sort n household indices by s->key ascending (ties by index). */
static void sort_by_key(povreg__seed *s, int *a, int n)
{
  int i;

  for (i = 0; i < n; i++) {
    s->pairs[i].key = s->key[a[i]];
    s->pairs[i].idx = a[i];
  }
  qsort(s->pairs, (size_t)n, sizeof *s->pairs, by_key);
  for (i = 0; i < n; i++) {
    a[i] = s->pairs[i].idx;
  }
}

/*
** Add n deprivation bits among those allowed and not yet set, drawn with
** the plan's weights.  Stops early when nothing is left to add.
*/
static void add_bits(povreg__seed *s, povreg__seed_hh *h, int n,
                     unsigned allowed)
{
  while (n-- > 0) {
    long total = 0, r;
    int b;

    for (b = 0; b < N_BITS; b++) {
      if ((allowed >> b & 1u) && !(h->dep >> b & 1u)) {
        total += plan_deprived[b];
      }
    }
    if (total == 0) {
      return;
    }
    r = (long)(unif(s) * (double)total);
    for (b = 0; b < N_BITS; b++) {
      if ((allowed >> b & 1u) && !(h->dep >> b & 1u)) {
        if (r < plan_deprived[b]) {
          break;
        }
        r -= plan_deprived[b];
      }
    }
    if (b == N_BITS) {
      for (b = N_BITS - 1;
           b > 0 && !((allowed >> b & 1u) && !(h->dep >> b & 1u)); b--) {
      }
    }
    h->dep = (unsigned short)(h->dep | 1u << b);
  }
}

/* Clear random bits of mask set in h until at most keep remain. */
static void clear_to(povreg__seed *s, povreg__seed_hh *h, unsigned mask,
                     int keep)
{
  while (popcount(h->dep & mask) > keep) {
    int b = rnd(s, 0, N_BITS - 1);
    if ((mask >> b & 1u) && (h->dep >> b & 1u)) {
      h->dep = (unsigned short)(h->dep & ~(1u << b));
    }
  }
}

/*
** Deprivations of the 2015 poor: how many each household has (the
** plan's total spread over a fixed shape, minority households deeper),
** then which (a greedy realisation of the ten counts, largest rows first,
** mixed by swaps that keep every row and column total).
*/
static int plan_poor_deprivations(povreg__seed *s, int *poor, int n)
{
  int counts[10], level[11], total = 0, rows = 0, i, b, d, moved;
  int *depth = NULL, rc = POVREG_OK;
  long shape_sum = 0;

  if (n == 0) {
    return POVREG_OK;
  }
  for (b = 0; b < 10; b++) {
    counts[b] =
        (int)(((long)plan_deprived[b] * n * 2 + PLAN_POOR) / (2L * PLAN_POOR));
    if (counts[b] > n) {
      counts[b] = n;
    }
    total += counts[b];
  }
  /* households per depth: the shape scaled to n, then the sum fixed */
  for (d = 0; d <= 10; d++) {
    shape_sum += poor_depth_shape[d];
  }
  for (d = 0; d <= 10; d++) {
    level[d] = (int)((long)poor_depth_shape[d] * n / shape_sum);
    rows += level[d];
  }
  for (d = 3; rows < n; d = d % 10 + 1) {
    level[d]++;
    rows++;
  }
  do {
    int sum = 0;
    for (d = 0; d <= 10; d++) {
      sum += d * level[d];
    }
    moved = 0;
    if (sum < total) {
      /* move one household a level deeper, from the fullest level */
      int best = -1;
      for (d = 0; d < 10; d++) {
        if (level[d] > 0 && (best < 0 || level[d] > level[best])) {
          best = d;
        }
      }
      if (best >= 0) {
        level[best]--;
        level[best + 1]++;
        moved = 1;
      }
    } else if (sum > total) {
      int best = -1;
      for (d = 1; d <= 10; d++) {
        if (level[d] > 0 && (best < 0 || level[d] > level[best])) {
          best = d;
        }
      }
      if (best >= 0) {
        level[best]--;
        level[best - 1]++;
        moved = 1;
      }
    }
  } while (moved);
  /* shallow depths to the Kinh households first: minority heads deeper */
  for (i = 0; i < n; i++) {
    s->key[poor[i]] = unif(s) + (s->h[poor[i]].minority ? 0.35 : 0.0);
  }
  sort_by_key(s, poor, n);
  if ((depth = malloc((size_t)n * sizeof *depth)) == NULL) {
    return povreg__err(s->db, POVREG_ENOMEM, "out of memory");
  }
  for (i = 0, d = 0; i < n; i++) {
    while (level[d] == 0) {
      d++;
    }
    level[d]--;
    depth[i] = d;
  }
  /* greedy: deepest first, each taking the columns with most left */
  for (i = n - 1; i >= 0; i--) {
    povreg__seed_hh *h = &s->h[poor[i]];
    int order[10], k;
    for (b = 0; b < 10; b++) {
      order[b] = b;
    }
    for (b = 9; b > 0; b--) { /* random tie-break */
      int j = rnd(s, 0, b), t = order[b];
      order[b] = order[j];
      order[j] = t;
    }
    for (k = 0; k < depth[i]; k++) {
      int best = -1, j;
      for (j = 0; j < 10; j++) {
        int c = order[j];
        if (!(h->dep >> c & 1u) && counts[c] > 0 &&
            (best < 0 || counts[c] > counts[best])) {
          best = c;
        }
      }
      if (best < 0) {
        rc = povreg__err(s->db, POVREG_ERROR,
                         "demo: the deprivation counts cannot be spread "
                         "over %d poor households",
                         n);
        goto done;
      }
      counts[best]--;
      h->dep = (unsigned short)(h->dep | 1u << best);
    }
  }
  /* swaps keep every household's depth and every indicator's count */
  for (i = 0; i < 40 * n; i++) {
    povreg__seed_hh *a = &s->h[poor[rnd(s, 0, n - 1)]];
    povreg__seed_hh *c = &s->h[poor[rnd(s, 0, n - 1)]];
    unsigned only_a = (unsigned)(a->dep & ~c->dep) & 0x3ffu;
    unsigned only_c = (unsigned)(c->dep & ~a->dep) & 0x3ffu;
    int x, y;
    if (only_a == 0 || only_c == 0) {
      continue;
    }
    do {
      x = rnd(s, 0, 9);
    } while (!(only_a >> x & 1u));
    do {
      y = rnd(s, 0, 9);
    } while (!(only_c >> y & 1u));
    a->dep = (unsigned short)(a->dep ^ (1u << x | 1u << y));
    c->dep = (unsigned short)(c->dep ^ (1u << x | 1u << y));
  }
done:
  free(depth);
  return rc;
}

/* Deprivations of a household that is not poor, by class. */
static void plan_other_deprivations(povreg__seed *s, povreg__seed_hh *h,
                                    int cls)
{
  double r = unif(s);
  int d;

  if (cls == POVREG_CLASS_NEAR_POOR) {
    d = r < 0.30 ? 0 : r < 0.70 ? 1 : 2;
  } else if (cls == POVREG_CLASS_AVERAGE) {
    d = r < 0.40 ? 0 : r < 0.70 ? 1 : r < 0.88 ? 2 : r < 0.96 ? 3 : 4;
  } else {
    d = r < 0.70 ? 0 : r < 0.92 ? 1 : r < 0.99 ? 2 : 3;
  }
  add_bits(s, h, d, 0x3ffu);
}

/*
** Allocate the 2015 households: per commune the exact numbers of poor
** and near-poor households and of minority heads among the poor and the
** rest; the average / not poor split of the rest by chance; then the
** deprivations.
*/
static int plan_start(povreg__seed *s)
{
  int c, i, n_poor = 0, rc;

  for (c = 0; c < N_COMMUNES; c++) {
    povreg__seed_cp *p = &s->cp[c];
    int first = (int)s->nh, n = p->households, k, near_left;
    for (i = 0; i < n; i++) {
      povreg__seed_hh *h;
      int hi = povreg__seed_new_household(s);
      if (hi < 0) {
        return hi;
      }
      h = &s->h[hi];
      h->commune = (signed char)c;
      /* slots: minority poor, Kinh poor, minority rest, Kinh rest */
      if (i < p->minority_poor) {
        h->minority = 1;
        h->target = POVREG_CLASS_POOR;
      } else if (i < p->poor) {
        h->target = POVREG_CLASS_POOR;
      } else if (i < p->poor + (p->minority - p->minority_poor)) {
        h->minority = 1;
      }
    }
    /* near-poor among the rest, leaning to minority households */
    for (i = first + p->poor, k = 0; i < first + n; i++) {
      s->idx[k++] = i;
      s->key[i] = unif(s) - (s->h[i].minority ? 0.25 : 0.0);
    }
    sort_by_key(s, s->idx, k);
    near_left = p->near_poor;
    for (i = 0; i < k; i++) {
      povreg__seed_hh *h = &s->h[s->idx[i]];
      if (near_left > 0) {
        h->target = POVREG_CLASS_NEAR_POOR;
        near_left--;
      } else {
        h->target = unif(s) < (h->minority ? 0.5 : 0.3) ? POVREG_CLASS_AVERAGE
                                                        : POVREG_CLASS_NON_POOR;
      }
    }
    /* register them in random order; the town's first is Kinh */
    for (i = 0; i < n; i++) {
      s->idx[i] = first + i;
    }
    shuffle(s, s->idx, n);
    if (c == 0) {
      for (i = 0; i < n && s->h[s->idx[i]].minority; i++) {
      }
      if (i < n) {
        int t = s->idx[0];
        s->idx[0] = s->idx[i];
        s->idx[i] = t;
      }
    }
    {
      povreg__seed_hh *tmp = malloc((size_t)n * sizeof *tmp);
      if (tmp == NULL) {
        return povreg__err(s->db, POVREG_ENOMEM, "out of memory");
      }
      for (i = 0; i < n; i++) {
        tmp[i] = s->h[s->idx[i]];
      }
      memcpy(&s->h[first], tmp, (size_t)n * sizeof *tmp);
      free(tmp);
    }
    for (i = first; i < first + n; i++) {
      povreg__seed_hh *h = &s->h[i];
      h->eth = h->minority ? povreg__seed_pick_group(s, c) : "01";
      h->family = povreg__demo_family(&s->g, h->eth);
      h->village = (unsigned char)povreg__seed_pick_village(s, c, h->minority);
      h->why = W_ADDED;
      h->flow = F_INITIAL;
      day_date(2015, 152 + (i - first) * 84 / n, h->created_on);
    }
  }
  for (i = 0; i < (int)s->nh; i++) {
    if (s->h[i].target == POVREG_CLASS_POOR) {
      s->idx[n_poor++] = i;
    }
  }
  /* the poor of the whole district share the plan's ten counts */
  {
    int *poor = malloc((size_t)(n_poor > 0 ? n_poor : 1) * sizeof *poor);
    if (poor == NULL) {
      return povreg__err(s->db, POVREG_ENOMEM, "out of memory");
    }
    memcpy(poor, s->idx, (size_t)n_poor * sizeof *poor);
    rc = plan_poor_deprivations(s, poor, n_poor);
    free(poor);
    if (rc < 0) {
      return rc;
    }
  }
  for (i = 0; i < (int)s->nh; i++) {
    if (s->h[i].target != POVREG_CLASS_POOR) {
      plan_other_deprivations(s, &s->h[i], s->h[i].target);
    }
  }
  return POVREG_OK;
}

/* ---- planning a review ------------------------------------------------- */

/* Households of status year Y: registered by Y-01-01, not dissolved. */
static int households_of(const povreg__seed *s, int status_year)
{
  char jan1[11];
  int n = 0;
  size_t i;

  snprintf(jan1, sizeof jan1, "%04d-01-01", status_year);
  for (i = 0; i < s->nh; i++) {
    if (!s->h[i].gone && strcmp(s->h[i].created_on, jan1) <= 0) {
      n++;
    }
  }
  return n;
}

/* round(bp * n / 10000), half up. */
static int of_rate(int bp, int n)
{
  return (int)(((long)bp * n + 5000) / 10000);
}

/* Clamp x into [lo, hi]. */
static int clamp(int x, int lo, int hi)
{
  return x < lo ? lo : x > hi ? hi : x;
}

/* Mark household hi for this year's review. */
static void plan_one(povreg__seed *s, int hi, int cls, int why, int flow)
{
  s->h[hi].target = (unsigned char)cls;
  s->h[hi].why = (unsigned char)why;
  s->h[hi].flow = (unsigned char)flow;
}

/*
** Take up to want households from list[0..n) chosen at random (moved to
** the front, so the list's tail keeps the others); returns how many.
*/
static int take(povreg__seed *s, int *list, int n, int want)
{
  int i;

  want = clamp(want, 0, n);
  for (i = 0; i < want; i++) {
    int j = rnd(s, i, n - 1), t = list[i];
    list[i] = list[j];
    list[j] = t;
  }
  return want;
}

/* The census of year y: every household ranked, classes by the plan. */
static void plan_census(povreg__seed *s, int y, int poor, int near)
{
  char ref[11];
  int n = 0, i, rest;

  snprintf(ref, sizeof ref, "%04d-09-01", y);
  for (i = 0; i < (int)s->nh; i++) {
    povreg__seed_hh *h = &s->h[i];
    double base;
    if (h->gone || strcmp(h->created_on, ref) > 0) {
      continue;
    }
    base = h->cls_year == 0                   ? 1.9
           : h->cls == POVREG_CLASS_POOR      ? 0.0
           : h->cls == POVREG_CLASS_NEAR_POOR ? 0.9
           : h->cls == POVREG_CLASS_AVERAGE   ? 1.7
                                              : 2.8;
    /* poor by income alone before, few deprivations: near-poor now */
    s->key[i] = base + 2.6 * unif(s) +
                (popcount(h->dep & s->mask[1]) < s->cutoff[1] ? 0.9 : 0.0);
    s->idx[n++] = i;
  }
  sort_by_key(s, s->idx, n);
  rest = n - poor - near;
  for (i = 0; i < n; i++) {
    povreg__seed_hh *h = &s->h[s->idx[i]];
    int listed = h->cls_year == y && (h->cls == POVREG_CLASS_POOR ||
                                      h->cls == POVREG_CLASS_NEAR_POOR);
    int cls = i < poor                         ? POVREG_CLASS_POOR
              : i < poor + near                ? POVREG_CLASS_NEAR_POOR
              : i < poor + near + rest * 2 / 5 ? POVREG_CLASS_AVERAGE
                                               : POVREG_CLASS_NON_POOR;
    plan_one(s, s->idx[i], cls, listed ? W_LISTED : W_ADDED, F_CENSUS);
  }
}

/*
** Plan the review of year y (status year y + 1): who is in it (listed,
** applying or added) and which class each household's survey will show,
** so that the year ends at the plan's poor and near-poor rates of the
** households of y + 1.  The review of 2015 was planned by plan_start.
*/
static void plan_review(povreg__seed *s, const povreg__seed_year *yp, int y)
{
  int H = households_of(s, y + 1), i, nP = 0, nN = 0, nO = 0;
  int E = of_rate(yp->poor_bp, H), NE = of_rate(yp->near_bp, H);
  int *P, *N, *O, new_p, rel_p, to_p, new_n, rej, stay_p, esc_p, p_to_n;
  int stay_n, k, nR = 0;
  char late[11];

  if (y == FIRST_REVIEW) {
    return; /* planned by plan_start */
  }
  for (i = 0; i < (int)s->nh; i++) {
    plan_one(s, i, 0, W_NONE, F_NONE);
  }
  if (yp->census) {
    plan_census(s, y, E, NE);
    return;
  }
  snprintf(late, sizeof late, "%04d-08-20", y);
  /* the lists, then the others who could apply */
  P = s->idx;
  for (i = 0; i < (int)s->nh; i++) {
    povreg__seed_hh *h = &s->h[i];
    if (!h->gone && h->cls_year == y && h->cls == POVREG_CLASS_POOR) {
      P[nP++] = i;
    }
  }
  N = P + nP;
  for (i = 0; i < (int)s->nh; i++) {
    povreg__seed_hh *h = &s->h[i];
    if (!h->gone && h->cls_year == y && h->cls == POVREG_CLASS_NEAR_POOR) {
      N[nN++] = i;
    }
  }
  O = N + nN;
  for (i = 0; i < (int)s->nh; i++) {
    povreg__seed_hh *h = &s->h[i];
    if (!h->gone && strcmp(h->created_on, late) <= 0 &&
        !(h->cls_year == y &&
          (h->cls == POVREG_CLASS_POOR || h->cls == POVREG_CLASS_NEAR_POOR))) {
      O[nO++] = i;
    }
  }
  /* applicants: relapsing (were poor), newly poor, newly near-poor,
     found above the lines; the ever-poor first in O */
  for (i = 0; i < nO; i++) {
    if (s->h[O[i]].ever_poor) {
      int t = O[nR];
      O[nR] = O[i];
      O[i] = t;
      nR++;
    }
  }
  rel_p = take(s, O, nR, sc1(s, yp->relapsed));
  for (i = 0; i < rel_p; i++) {
    plan_one(s, O[i], POVREG_CLASS_POOR, W_APPLIED, F_ENTER);
  }
  O += nR;
  nO -= nR;
  /* newly poor: recent households first (split off or arrived) */
  for (i = 0; i < nO; i++) {
    s->key[O[i]] = unif(s) - (s->h[O[i]].cls_year == 0 ? 0.5 : 0.0);
  }
  sort_by_key(s, O, nO);
  new_p = clamp(sc1(s, yp->new_poor), 0, nO);
  for (i = 0; i < new_p; i++) {
    plan_one(s, O[i], POVREG_CLASS_POOR, W_APPLIED, F_ENTER);
  }
  O += new_p;
  nO -= new_p;
  new_n = take(s, O, nO, sc1(s, yp->new_near));
  for (i = 0; i < new_n; i++) {
    plan_one(s, O[i], POVREG_CLASS_NEAR_POOR, W_APPLIED, F_ENTER);
  }
  O += new_n;
  nO -= new_n;
  rej = take(s, O, nO, sc1(s, yp->rejected));
  for (i = 0; i < rej; i++) {
    plan_one(s, O[i], POVREG_CLASS_AVERAGE, W_APPLIED, F_ENTER);
  }
  /* near-poor falling back into poverty */
  to_p = take(s, N, nN, sc1(s, yp->near_to_poor));
  for (i = 0; i < to_p; i++) {
    plan_one(s, N[i], POVREG_CLASS_POOR, W_LISTED, F_STAY);
  }
  /* the poor: the least deprived escape first */
  stay_p = clamp(E - rel_p - new_p - to_p, 0, nP);
  esc_p = nP - stay_p;
  for (i = 0; i < nP; i++) {
    s->key[P[i]] = popcount(s->h[P[i]].dep & s->mask[0]) + 3.0 * unif(s);
  }
  sort_by_key(s, P, nP);
  p_to_n = clamp((esc_p * 2 + 2) / 5, NE - new_n - (nN - to_p), NE - new_n);
  p_to_n = clamp(p_to_n, 0, esc_p);
  k = take(s, P, esc_p, esc_p); /* shuffle the escapers */
  for (i = 0; i < nP; i++) {
    int cls = i >= k           ? POVREG_CLASS_POOR
              : i < p_to_n     ? POVREG_CLASS_NEAR_POOR
              : unif(s) < 0.75 ? POVREG_CLASS_AVERAGE
                               : POVREG_CLASS_NON_POOR;
    plan_one(s, P[i], cls, W_LISTED, i < k ? F_ESCAPE : F_STAY);
  }
  /* the near-poor: enough stay to meet the plan, the others escape */
  stay_n = clamp(NE - p_to_n - new_n, 0, nN - to_p);
  take(s, N + to_p, nN - to_p, nN - to_p);
  for (i = to_p; i < nN; i++) {
    int stays = i < to_p + stay_n;
    plan_one(s, N[i],
             stays           ? POVREG_CLASS_NEAR_POOR
             : unif(s) < 0.8 ? POVREG_CLASS_AVERAGE
                             : POVREG_CLASS_NON_POOR,
             W_LISTED, stays ? F_STAY : F_ESCAPE);
  }
}

/* ---- surveys ----------------------------------------------------------- */

/* Active members aged lo..hi on 1 September of y (by birth year). */
static int members_aged(const povreg__seed *s, const povreg__seed_hh *h, int y,
                        int lo, int hi, int born_from)
{
  int mi, n = 0;

  for (mi = h->first; mi >= 0; mi = s->m[mi].next) {
    const povreg__seed_member *m = &s->m[mi];
    int age = y - m->birth;
    if (m->active && age >= lo && age <= hi && m->birth >= born_from) {
      n++;
    }
  }
  return n;
}

/* The bits a household can be deprived in now (its members decide some). */
static unsigned eligible(const povreg__seed *s, const povreg__seed_hh *h, int y)
{
  unsigned ok = (1u << N_BITS) - 1u;

  if (members_aged(s, h, y, 6, 14, 0) == 0) {
    ok &= ~(1u << B_CHILD_SCHOOLING);
  }
  if (members_aged(s, h, y, 16, 200, 1986) == 0) {
    ok &= ~(1u << B_ADULT_EDUCATION);
  }
  if (2 * (members_aged(s, h, y, 0, 15, 0) +
           members_aged(s, h, y, 60, 200, 0)) <=
      h->n_active) {
    ok &= ~(1u << B_DEPENDANTS);
  }
  return ok;
}

/*
** Shape the deprivations of household h for the survey of year y under
** standard std (0 QD59-2015, 1 ND07-2021) so that, with the right
** income, it is classified as planned: some deprivations go as years
** pass, new applicants come with several, the near-poor keep fewer than
** the cut-off, ND07-2021's poor at least the cut-off.
*/
static void shape_deprivations(povreg__seed *s, povreg__seed_hh *h, int y,
                               int std)
{
  unsigned ok = eligible(s, h, y), mask = s->mask[std];
  int cutoff = s->cutoff[std], b;
  double drop, gain;

  if (h->flow == F_INITIAL) {
    return; /* the plan's exact allocation */
  }
  if (std == 1 && y == FIRST_REVIEW + 6) {
    /* the first survey under ND07-2021: its new indicators */
    static const double p_new[5][3] = {{0, 0, 0},
                                       {0.35, 0.5, 0.25},
                                       {0.15, 0.3, 0.08},
                                       {0.05, 0.1, 0.02},
                                       {0.02, 0.05, 0.01}};
    for (b = B_EMPLOYMENT; b <= B_NUTRITION; b++) {
      if (unif(s) < p_new[h->target][b - B_EMPLOYMENT]) {
        h->dep = (unsigned short)(h->dep | 1u << b);
      }
    }
  }
  h->dep = (unsigned short)(h->dep & ok);
  drop = h->flow == F_ESCAPE              ? 0.35
         : h->flow == F_ENTER             ? 0.0
         : h->target == POVREG_CLASS_POOR ? 0.10
                                          : 0.15;
  gain = h->target == POVREG_CLASS_POOR ? 0.02 : 0.01;
  for (b = 0; b < N_BITS; b++) {
    if (!(mask >> b & 1u) || !(ok >> b & 1u)) {
      continue;
    }
    if (h->dep >> b & 1u) {
      if (unif(s) < drop) {
        h->dep = (unsigned short)(h->dep & ~(1u << b));
      }
    } else if (unif(s) < gain) {
      h->dep = (unsigned short)(h->dep | 1u << b);
    }
  }
  if (h->target == POVREG_CLASS_POOR) {
    int want = h->flow == F_ENTER ? cutoff + rnd(s, 0, 2)
               : std == 1         ? cutoff
                                  : 0;
    if (popcount(h->dep & mask) < want) {
      add_bits(s, h, want - popcount(h->dep & mask), mask & ok);
    }
  } else if (h->target == POVREG_CLASS_NEAR_POOR) {
    clear_to(s, h, mask, cutoff - 1);
  }
}

/* A multiple of 1,000 in (lo, hi] (or [lo, hi] when closed_lo). */
static int64_t income_in(povreg__seed *s, int64_t lo, int64_t hi, int closed_lo)
{
  int64_t a = closed_lo ? (lo + 999) / 1000 : lo / 1000 + 1, b = hi / 1000;

  if (b < a) {
    b = a;
  }
  return 1000 * (a + (int64_t)((double)(b - a + 1) * unif(s)));
}

/* An income per person per month giving class cls with D deprivations. */
static int64_t pick_income(povreg__seed *s, const povreg__seed_lines *l,
                           int banded, int cls, int d, int cutoff)
{
  switch (cls) {
  case POVREG_CLASS_POOR:
    if (banded && d >= cutoff && unif(s) < 0.3) {
      return income_in(s, l->poverty, l->near_poverty, 0);
    }
    return income_in(s, l->poverty * (banded ? 50 : 45) / 100, l->poverty, 1);
  case POVREG_CLASS_NEAR_POOR:
    return banded ? income_in(s, l->poverty, l->near_poverty, 0)
                  : income_in(s, l->poverty * 60 / 100, l->poverty, 1);
  case POVREG_CLASS_AVERAGE:
    return income_in(s, l->near_poverty, l->average, 0);
  default:
    return income_in(s, l->average, l->average * 5 / 2, 0);
  }
}

/*
** Record household h's survey for the review of year y, shaped for its
** planned class and checked with povreg_classify() first.
*/
static int survey(povreg__seed *s, povreg__seed_hh *h, int y, int nth)
{
  int std = y + 1 >= 2022, area = s->cp[h->commune].area == POVREG_AREA_URBAN;
  const povreg_rulebook *rb = s->rb[std];
  size_t n = povreg_rulebook_indicators(rb), i;
  povreg_tick ticks[16];
  unsigned char deprived[16];
  povreg_classify_input in;
  povreg_classify_result res;
  povreg_survey_spec sv;
  povreg_fact fact;
  char ref[11], on[11];
  int d = 0, rc, workers;

  if (n > 16) {
    return povreg__err(s->db, POVREG_ERROR, "demo: %s has %zu indicators",
                       povreg_rulebook_id(rb), n);
  }
  shape_deprivations(s, h, y, std);
  for (i = 0; i < n; i++) {
    const char *key = povreg_rulebook_indicator_key(rb, i);
    int b;
    for (b = 0; b < N_BITS && strcmp(bit_keys[b], key) != 0; b++) {
    }
    if (b == N_BITS && strcmp(key, "info_access") == 0) {
      b = B_INFO;
    }
    if (b == N_BITS) {
      return povreg__err(s->db, POVREG_ERROR,
                         "demo: no deprivation of the demo stands for %s", key);
    }
    ticks[i].key = key;
    ticks[i].deprived = h->dep >> b & 1u;
    deprived[i] = (unsigned char)ticks[i].deprived;
    d += ticks[i].deprived;
  }
  memset(&in, 0, sizeof in);
  in.area = area ? POVREG_AREA_URBAN : POVREG_AREA_RURAL;
  in.has_income = 1;
  in.income =
      pick_income(s, &s->ln[std][area], std == 0, h->target, d, s->cutoff[std]);
  in.deprived = deprived;
  in.skip_explanation = 1;
  if ((rc = povreg_classify(&res, rb, &in)) < 0) {
    return povreg__err(s->db, rc, "demo: %s", res.error);
  }
  if ((int)res.cls != h->target) {
    return povreg__err(s->db, POVREG_ERROR,
                       "demo: household %s would be %s, not %s as planned",
                       h->code, povreg_class_key(res.cls),
                       povreg_class_key((povreg_class)h->target));
  }
  snprintf(ref, sizeof ref, "%04d-09-01", y);
  day_date(y, 248 + nth % 40, on); /* 5 September - 14 October */
  workers = members_aged(s, h, y, 15, 59, 0);
  fact.member_no = 0;
  fact.key = "no_working_capacity";
  fact.value = workers == 0 ? "1" : "0";
  memset(&sv, 0, sizeof sv);
  sv.review_year = y;
  sv.reference_date = ref;
  sv.surveyed_on = on;
  sv.enumerator = povreg__seed_communes[h->commune].enumerator;
  sv.has_income = 1;
  sv.income = in.income;
  sv.ticks = ticks;
  sv.n_ticks = n;
  sv.facts = &fact;
  sv.n_facts = 1;
  return povreg_survey_record(s->db, h->code, &sv);
}

/* ---- the reviews -------------------------------------------------------- */

/* File the applications of year y's review (before it opens). */
static int applications(povreg__seed *s, int y)
{
  size_t i;
  int rc;

  for (i = 0; i < s->nh; i++) {
    povreg__seed_hh *h = &s->h[i];
    char date[11];
    const char *reason;
    if (h->why == W_APPLIED) {
      day_date(y, rnd(s, 60, 230), date);
      if (strcmp(date, h->created_on) <= 0) {
        snprintf(date, sizeof date, "%s", h->created_on);
      }
      reason = h->ever_poor ? "Hộ gặp khó khăn đột xuất (ốm đau, mất mùa), "
                              "đề nghị xét lại vào danh sách hộ nghèo"
               : h->cls_year == 0
                   ? "Hộ mới tách/chuyển đến, thu nhập thấp, đề nghị được rà "
                     "soát"
                   : "Hộ gặp khó khăn, đề nghị được rà soát";
      if ((rc = povreg_apply(NULL, s->db, h->code, "enter", date, reason)) <
          0) {
        return rc;
      }
    } else if (h->flow == F_ESCAPE && h->cls == POVREG_CLASS_POOR &&
               unif(s) < 0.15) {
      day_date(y, rnd(s, 213, 240), date);
      if ((rc = povreg_apply(NULL, s->db, h->code, "escape", date,
                             "Hộ tự nguyện đăng ký thoát nghèo")) < 0) {
        return rc;
      }
    }
  }
  return POVREG_OK;
}

/*
** Hold the periodic review of year y in commune c from opening to
** approval: add the households the plan adds, survey every household
** of the review, classify, check the proposals against the plan, hold
** the village meetings, post the list, hear and resolve a complaint and
** approve by decision.
*/
static int review_commune(povreg__seed *s, int c, int y)
{
  const char *code = povreg__seed_communes[c].code;
  povreg_review_spec rs;
  povreg_review_state *st = NULL;
  int planned[5] = {0, 0, 0, 0, 0}, total = 0, nth = 0, rc, k;
  int64_t id, complaint;
  char opened[11], from[11], to[11], approve[11], meet[11], decision[48];
  size_t i;
  int complained = -1;

  snprintf(opened, sizeof opened, "%04d-09-01", y);
  snprintf(from, sizeof from, "%04d-11-10", y);
  snprintf(to, sizeof to, "%04d-11-17", y);
  snprintf(approve, sizeof approve, "%04d-12-05", y);
  snprintf(decision, sizeof decision, "số %d/QĐ-UBND",
           210 + 17 * c + 3 * (y - FIRST_REVIEW));
  memset(&rs, 0, sizeof rs);
  rs.commune_code = code;
  rs.year = y;
  rs.opened_on = opened;
  if ((rc = povreg_review_open(&id, s->db, &rs)) < 0) {
    return rc;
  }
  for (i = 0; i < s->nh; i++) {
    povreg__seed_hh *h = &s->h[i];
    if (h->commune != c || h->target == 0) {
      continue;
    }
    if (h->why == W_ADDED && (rc = povreg_review_add(s->db, id, h->code)) < 0) {
      return rc;
    }
    if ((rc = survey(s, h, y, nth++)) < 0) {
      return rc;
    }
    planned[h->target]++;
    total++;
  }
  if (total == 0) { /* nobody to review this year: an empty list */
    if ((rc = povreg_review_post(s->db, id, from, to)) < 0) {
      goto done;
    }
    goto approve;
  }
  nth = 0;
  /*
  ** Classify in a transaction of its own: inside the build's, SQLite's
  ** in-memory statement journal (temp_store = MEMORY) grows with the
  ** review and is walked from its start at every statement, which made
  ** the census reviews quadratic (the build took twice as long).
  */
  if ((rc = povreg__tx_commit(s->db)) < 0) {
    s->in_tx = 0;
    goto done;
  }
  s->in_tx = 0;
  if ((rc = povreg_review_classify(NULL, s->db, id)) < 0 ||
      (rc = povreg__tx_begin(s->db)) < 0) {
    goto done;
  }
  s->in_tx = 1;
  if ((rc = povreg_review_status(&st, s->db, id)) < 0) {
    goto done;
  }
  for (k = 1; k < 5; k++) {
    if (st->proposed[k] != planned[k]) {
      rc = povreg__err(s->db, POVREG_ERROR,
                       "demo: the review of %s in %d proposes %d %s "
                       "households, the plan %d",
                       code, y, st->proposed[k],
                       povreg_class_key((povreg_class)k), planned[k]);
      goto done;
    }
  }
  if (st->households != total) {
    rc = povreg__err(s->db, POVREG_ERROR,
                     "demo: the review of %s in %d holds %d households, the "
                     "plan %d",
                     code, y, st->households, total);
    goto done;
  }
  /* one meeting per village, late October; most attendees agree */
  for (i = 0; i < s->nh; i++) {
    povreg__seed_hh *h = &s->h[i];
    int attendees = 25 + (h->village * 7 + y) % 30;
    if (h->commune != c || h->target == 0) {
      continue;
    }
    day_date(y, 293 + h->village, meet);
    if ((rc = povreg_review_meeting(NULL, s->db, id, h->code, meet, attendees,
                                    attendees - (int)(i % 5))) < 0) {
      goto done;
    }
    if (nth++ == total / 2) {
      complained = (int)i; /* someone in the village asks about them */
    }
  }
  if ((rc = povreg_review_post(s->db, id, from, to)) < 0) {
    goto done;
  }
  if (complained >= 0) {
    char filed[11], resolved[11];
    snprintf(filed, sizeof filed, "%04d-11-13", y);
    snprintf(resolved, sizeof resolved, "%04d-11-24", y);
    if ((rc = povreg_complaint_file(
             &complaint, s->db, id, s->h[complained].code, filed,
             "Người dân trong thôn đề nghị xem xét lại thu nhập của hộ")) < 0 ||
        (rc = povreg_complaint_resolve(
             s->db, complaint, resolved,
             "Ban giảm nghèo xã đã xác minh lại thu nhập; giữ nguyên kết "
             "quả rà soát")) < 0) {
      goto done;
    }
  }
approve:
  rc = povreg_review_approve(s->db, id, decision, approve);
done:
  povreg_review_state_free(st);
  return rc;
}

/* After the reviews of year y: the statuses they set for y + 1. */
static void recognise(povreg__seed *s, int y)
{
  size_t i;

  for (i = 0; i < s->nh; i++) {
    povreg__seed_hh *h = &s->h[i];
    if (h->target == 0) {
      continue;
    }
    h->cls = h->target;
    h->cls_year = (short)(y + 1);
    h->ever_poor |= h->cls == POVREG_CLASS_POOR;
    h->ever_near |= h->cls == POVREG_CLASS_NEAR_POOR;
  }
}

/* ---- the build ---------------------------------------------------------- */

/* Read the income lines of a standard into s->ln[k] and its cut-off. */
static int load_lines(povreg__seed *s, int k, int status_year)
{
  povreg_standard *st = NULL;
  size_t i;
  int rc, a;

  if ((rc = povreg_rulebook_load(&s->rb[k], s->db, NULL, status_year)) < 0 ||
      (rc = povreg_standard_get(&st, s->db, povreg_rulebook_id(s->rb[k]),
                                povreg_rulebook_version(s->rb[k]))) < 0) {
    return rc;
  }
  memset(s->ln[k], 0, sizeof s->ln[k]);
  for (i = 0; i < st->n_lines; i++) {
    const povreg_standard_line *l = &st->lines[i];
    povreg__seed_lines *t = &s->ln[k][strcmp(l->area, "urban") == 0];
    if (strcmp(l->line, "poverty") == 0) {
      t->poverty = l->amount;
    } else if (strcmp(l->line, "near_poverty") == 0) {
      t->near_poverty = l->amount;
    } else if (strcmp(l->line, "average") == 0) {
      t->average = l->amount;
    }
  }
  s->cutoff[k] = st->cutoff;
  s->mask[k] = 0;
  for (i = 0; i < st->n_indicators; i++) {
    int b;
    for (b = 0; b < N_BITS; b++) {
      if (strcmp(bit_keys[b], st->indicators[i].key) == 0 ||
          (b == B_INFO && strcmp(st->indicators[i].key, "info_access") == 0)) {
        s->mask[k] |= 1u << b;
      }
    }
  }
  for (a = 0; a < 2; a++) {
    povreg__seed_lines *t = &s->ln[k][a];
    if (t->near_poverty == 0) {
      t->near_poverty = t->poverty;
    }
    if (t->average <= t->near_poverty) {
      t->average = t->near_poverty * 3 / 2;
    }
    if (t->poverty <= 0) {
      rc = povreg__err(s->db, POVREG_ERROR, "demo: %s has no poverty line",
                       st->id);
    }
  }
  povreg_standard_free(st);
  return rc;
}

/* The plan's targets for district 616 (povreg_target_set). */
static int set_targets(povreg__seed *s)
{
  povreg_target_spec t;
  int y, rc;

  memset(&t, 0, sizeof t);
  t.unit_code = SEED_DISTRICT;
  t.class_key = "poor";
  t.source = PLAN_SOURCE;
  t.measure = "reduction";
  t.value = 600;
  for (y = 2017; y <= 2021; y++) {
    t.year = y;
    if ((rc = povreg_target_set(s->db, &t)) < 0) {
      return rc;
    }
  }
  t.year = 2021;
  t.measure = "count";
  t.value = sc(s, 1360);
  if ((rc = povreg_target_set(s->db, &t)) < 0) {
    return rc;
  }
  t.measure = "rate";
  t.value = 1034;
  if ((rc = povreg_target_set(s->db, &t)) < 0) {
    return rc;
  }
  t.class_key = "near_poor";
  t.value = 439;
  return povreg_target_set(s->db, &t);
}

/* Build the seed district (see povreg/demo.h). */
int povreg_demo_build_seed(povreg_db *db, unsigned seed, int scale_percent)
{
  povreg__seed s;
  int rc, y, c, cap;
  povreg_unit *u = NULL;

  if (db == NULL) {
    return POVREG_EINVALID;
  }
  if (scale_percent < 1 || scale_percent > 100) {
    return povreg__err(db, POVREG_EINVALID,
                       "scale_percent: must be 1 to 100 (100: the plan's "
                       "district)");
  }
  if ((rc = povreg__demo_check_empty(db)) < 0) {
    return rc;
  }
  memset(&s, 0, sizeof s);
  s.db = db;
  s.g.s = seed != 0 ? seed : 2016u;
  s.scale = scale_percent;
  if ((rc = plan_communes(&s)) < 0) {
    return rc;
  }
  /* scratch lists: every household the build can ever hold */
  cap = sc(&s, PLAN_HOUSEHOLDS) + N_COMMUNES;
  for (y = 1; y < (int)(sizeof years / sizeof years[0]); y++) {
    cap += sc1(&s, years[y].splits) + sc1(&s, years[y].arrivals);
  }
  if ((s.idx = malloc((size_t)cap * sizeof *s.idx)) == NULL ||
      (s.key = malloc((size_t)cap * sizeof *s.key)) == NULL ||
      (s.pairs = malloc((size_t)cap * sizeof *s.pairs)) == NULL) {
    rc = povreg__err(db, POVREG_ENOMEM, "out of memory");
    goto done;
  }
  if ((rc = povreg__tx_begin(db)) < 0) {
    goto done;
  }
  s.in_tx = 1;
  if ((rc = load_lines(&s, 0, FIRST_REVIEW + 1)) < 0 ||
      (rc = load_lines(&s, 1, FIRST_REVIEW + 7)) < 0) {
    goto done;
  }
  for (c = 0; c < N_COMMUNES; c++) {
    if ((rc = povreg_unit_get(&u, db, povreg__seed_communes[c].code,
                              "2015-09-01")) < 0) {
      goto done;
    }
    s.cp[c].area = u->area;
    povreg_unit_free(u);
    u = NULL;
  }
  if ((rc = povreg__seed_add_villages(&s)) < 0 || (rc = plan_start(&s)) < 0 ||
      (rc = povreg__seed_register_start(&s)) < 0 ||
      (rc = set_targets(&s)) < 0) {
    goto done;
  }
  for (y = FIRST_REVIEW; y <= LAST_REVIEW; y++) {
    const povreg__seed_year *yp = &years[y - FIRST_REVIEW];
    if (y > FIRST_REVIEW && (rc = povreg__seed_life_year(&s, yp, y)) < 0) {
      goto done;
    }
    plan_review(&s, yp, y);
    if ((rc = applications(&s, y)) < 0) {
      goto done;
    }
    for (c = 0; c < N_COMMUNES; c++) {
      if ((rc = review_commune(&s, c, y)) < 0) {
        goto done;
      }
    }
    recognise(&s, y);
  }
  rc = povreg__tx_commit(db);
  s.in_tx = 0;
done:
  if (s.in_tx) {
    povreg__tx_rollback(db);
  }
  povreg_rulebook_free(s.rb[0]);
  povreg_rulebook_free(s.rb[1]);
  free(s.h);
  free(s.m);
  free(s.idx);
  free(s.key);
  free(s.pairs);
  return rc;
}
