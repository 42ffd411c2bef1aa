/*
** demo.c: a deterministic sample ledger of Sa Thầy district (Kon Tum):
** villages, households and members of Kinh and of the district's
** ethnic-minority groups (Xơ-đăng, Gia-rai, Brâu, Rơ-măm), a few life
** events (a split, a death, a move), and the periodic reviews of 2015,
** 2016 and 2017 (statuses for 2016-2018) so that escaped, relapsed and
** newly arising households appear.  Everything goes through the public
** API, inside one transaction, so it is validated and audited.
*/
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "demo_int.h"
#include "povreg_int.h"

/* The 11 communes of Sa Thầy as of 2016, and how many villages each gets. */
static const struct {
  const char *code;
  int villages;
  int minority_pct; /* share of ethnic-minority households, percent */
} communes[] = {
    {"23527", 6, 25}, {"23530", 5, 90}, {"23533", 4, 60}, {"23534", 4, 95},
    {"23536", 5, 95}, {"23539", 4, 55}, {"23542", 4, 50}, {"23545", 5, 80},
    {"23548", 4, 70}, {"23551", 4, 85}, {"23554", 5, 80},
};

/* Village names used in turn (thôn/làng as in the district). */
static const char *const village_names[] = {
    "Làng Trấp", "Làng Lung",   "Làng Rắc",  "Thôn 1",          "Thôn 2",
    "Thôn 3",    "Làng Kà Bầy", "Làng Chốt", "Thôn Bình Loong", "Làng Tum",
};

static const char *const kinh_family[] = {
    "Nguyễn", "Trần", "Lê",  "Phạm", "Hoàng", "Huỳnh", "Phan",  "Vũ",
    "Võ",     "Đặng", "Bùi", "Đỗ",   "Hồ",    "Ngô",   "Dương", "Lý"};
static const char *const kinh_male[] = {"Đức",   "Hùng",  "Dũng",  "Nam",
                                        "Tuấn",  "Long",  "Sơn",   "Hải",
                                        "Quang", "Thắng", "Cường", "Việt"};
static const char *const kinh_female[] = {"Hoa", "Lan",  "Hương", "Mai",
                                          "Thu", "Hằng", "Nga",   "Trang",
                                          "Yến", "Liên", "Thảo",  "Ngọc"};
static const char *const kinh_middle_male[] = {"Văn", "Đức", "Minh", "Hữu",
                                               "Quốc"};
static const char *const kinh_middle_female[] = {"Thị", "Ngọc", "Thu", "Minh"};
/* Jrai family names; Xơ-đăng, Brâu and Rơ-măm names take A (men) / Y (women).
 */
static const char *const jrai_family[] = {"Rơ Châm", "Siu", "Ksor",
                                          "Rmah",    "Nay", "Kpă"};
static const char *const minority_given[] = {
    "Blơng", "Thanh", "Hlinh", "Nhơn", "Dun",  "Lốt",   "Khoa",  "Bih",
    "Thuý",  "Phiên", "Dên",   "Hyum", "Mưih", "Luyến", "Nhung", "Thơm"};

/* Ethnic groups of the district by official code (0002_ethnic_groups). */
static const char *const minority_codes[] = {"14", "14", "14", "10",
                                             "10", "52", "54"};

/* Next pseudo-random number (see demo_int.h). */
unsigned povreg__demo_next(povreg__demo_gen *g)
{
  unsigned x = g->s;
  x ^= x << 13;
  x ^= x >> 17;
  x ^= x << 5;
  g->s = x;
  return x;
}

/* Pseudo-random integer in [lo, hi] (see demo_int.h). */
int povreg__demo_between(povreg__demo_gen *g, int lo, int hi)
{
  return lo + (int)(povreg__demo_next(g) % (unsigned)(hi - lo + 1));
}

/* Pick an element of a string array. */
#define PICK(g, a) ((a)[povreg__demo_next(g) % (sizeof(a) / sizeof((a)[0]))])

/* A family name for a new household (see demo_int.h). */
const char *povreg__demo_family(povreg__demo_gen *g, const char *ethnicity)
{
  if (strcmp(ethnicity, "01") == 0) {
    return PICK(g, kinh_family);
  }
  if (strcmp(ethnicity, "10") == 0) {
    return PICK(g, jrai_family);
  }
  return NULL;
}

/* Make up a person (see demo_int.h). */
void povreg__demo_make_person(povreg__demo_gen *g, povreg__demo_person *p,
                              const char *family, const char *ethnicity,
                              int male, int y0, int y1)
{
  int y = povreg__demo_between(g, y0, y1);
  int century = y >= 2000 ? 2 : 0;

  memset(p, 0, sizeof *p);
  p->sex = male ? "M" : "F";
  p->ethnicity = ethnicity;
  if (strcmp(ethnicity, "01") == 0) {
    snprintf(p->name, sizeof p->name, "%s %s %s",
             family != NULL ? family : "Nguyễn",
             male ? PICK(g, kinh_middle_male) : PICK(g, kinh_middle_female),
             male ? PICK(g, kinh_male) : PICK(g, kinh_female));
  } else if (strcmp(ethnicity, "10") == 0) {
    snprintf(p->name, sizeof p->name, "%s %s%s",
             family != NULL ? family : "Siu", male ? "" : "H'",
             PICK(g, minority_given));
  } else {
    snprintf(p->name, sizeof p->name, "%s %s", male ? "A" : "Y",
             PICK(g, minority_given));
  }
  if (y < 1960 && povreg__demo_next(g) % 2 == 0) {
    snprintf(p->birth, sizeof p->birth, "%04d", y);
  } else {
    snprintf(p->birth, sizeof p->birth, "%04d-%02d-%02d", y,
             povreg__demo_between(g, 1, 12), povreg__demo_between(g, 1, 28));
  }
  if (y <= 2002 && povreg__demo_next(g) % 10 < 8) {
    g->citizen_seq++;
    /* the province-of-birth digits vary too, so IDs stay unique past 1M */
    snprintf(p->cid, sizeof p->cid, "0%02ld%d%02d%06ld",
             62 + (g->citizen_seq / 1000000) % 30, century + (male ? 0 : 1),
             y % 100, g->citizen_seq % 1000000);
  }
  if (povreg__demo_next(g) % 10 < 6) {
    g->bhxh_seq++;
    snprintf(p->bhxh, sizeof p->bhxh, "62%08ld", g->bhxh_seq % 100000000);
  }
}

/* The spec of a made-up person (see demo_int.h). */
povreg_member_spec povreg__demo_spec(const povreg__demo_person *p,
                                     const char *relation)
{
  povreg_member_spec m;

  memset(&m, 0, sizeof m);
  m.full_name = p->name;
  m.sex = p->sex;
  m.birth_date = p->birth;
  m.ethnicity = p->ethnicity;
  m.relation = relation;
  m.citizen_id = p->cid[0] ? p->cid : NULL;
  m.bhxh_no = p->bhxh[0] ? p->bhxh : NULL;
  return m;
}

/* Add one household with its members; *code_out gets its code. */
static int add_household(povreg__demo_gen *d, povreg_db *db,
                         const char *commune, const char *village, int minority,
                         int index, char code_out[33])
{
  const char *family, *eth;
  int head_male = povreg__demo_next(d) % 10 < 8, children, i, rc;
  povreg_household_spec hh;
  povreg_member_spec m;
  povreg__demo_person p;
  char created[11], address[96], *code = NULL;

  if (index == 0 && strcmp(commune, "23527") == 0) {
    minority = 0; /* the README's Nguyễn Văn Đức heads a Kinh family */
  }
  family = minority ? PICK(d, jrai_family) : PICK(d, kinh_family);
  eth = minority ? PICK(d, minority_codes) : "01";
  snprintf(created, sizeof created, "2015-%02d-%02d",
           povreg__demo_between(d, 1, 12), povreg__demo_between(d, 1, 28));
  snprintf(address, sizeof address, "%s, nhà số %d", village, index + 1);
  memset(&hh, 0, sizeof hh);
  hh.commune_code = commune;
  hh.village = village;
  hh.address = address;
  hh.created_on = created;
  povreg__demo_make_person(d, &p, family, eth, head_male, 1945, 1992);
  if (index == 0 && strcmp(commune, "23527") == 0) {
    /* a known name for the README's search example */
    snprintf(p.name, sizeof p.name, "Nguyễn Văn Đức");
    p.sex = "M";
  }
  m = povreg__demo_spec(&p, "head");
  if ((rc = povreg_household_add(&code, db, &hh, &m)) < 0) {
    return rc;
  }
  snprintf(code_out, 33, "%s", code);
  povreg_free(code);
  if (povreg__demo_next(d) % 10 < 8) { /* a spouse */
    povreg__demo_make_person(
        d, &p, minority ? PICK(d, jrai_family) : PICK(d, kinh_family), eth,
        !head_male, 1948, 1995);
    m = povreg__demo_spec(&p, "spouse");
    if ((rc = povreg_member_add(NULL, db, code_out, &m)) < 0) {
      return rc;
    }
  }
  children = povreg__demo_between(d, 0, minority ? 5 : 3);
  for (i = 0; i < children; i++) {
    povreg__demo_make_person(d, &p, family, eth, povreg__demo_next(d) % 2, 1978,
                             2015);
    m = povreg__demo_spec(&p, "child");
    if ((rc = povreg_member_add(NULL, db, code_out, &m)) < 0) {
      return rc;
    }
  }
  if (povreg__demo_next(d) % 10 == 0) { /* an elderly parent */
    povreg__demo_make_person(d, &p, family, eth, povreg__demo_next(d) % 2, 1925,
                             1950);
    m = povreg__demo_spec(&p, "parent");
    if ((rc = povreg_member_add(NULL, db, code_out, &m)) < 0) {
      return rc;
    }
  }
  return POVREG_OK;
}

/*
** Life events on a household, chosen by its index: a married child's
** family splits off, a head dies and the spouse takes over, or a member
** moves to a neighbour.  Events that do not fit the household are
** skipped.
*/
static int life_events(povreg_db *db, const char *code, const char *prev_code,
                       int index)
{
  povreg_household *h = NULL;
  size_t i;
  int rc = POVREG_OK, spouse = 0, child = 0;

  if (index % 7 != 3 && index % 11 != 5 && index % 13 != 8) {
    return POVREG_OK;
  }
  if ((rc = povreg_household_get(&h, db, code)) < 0) {
    return rc;
  }
  for (i = 0; i < h->n_members; i++) {
    if (strcmp(h->members[i].relation, "spouse") == 0) {
      spouse = h->members[i].member_no;
    }
    if (strcmp(h->members[i].relation, "child") == 0 && child == 0 &&
        strlen(h->members[i].birth_date) >= 4 &&
        strncmp(h->members[i].birth_date, "1998", 4) <= 0) {
      child = h->members[i].member_no;
    }
  }
  if (index % 7 == 3 && child != 0 && h->n_active >= 3) {
    povreg_split_spec s;
    int nos[1];
    nos[0] = child;
    memset(&s, 0, sizeof s);
    s.member_nos = nos;
    s.n_members = 1;
    s.new_head_no = child;
    s.date = "2017-03-15";
    rc = povreg_household_split(NULL, db, code, &s);
  } else if (index % 11 == 5 && spouse != 0) {
    rc = povreg_member_leave(db, code, 1, "died", "2018-06-02", spouse);
  } else if (index % 13 == 8 && child != 0 && prev_code != NULL) {
    rc = povreg_member_move(NULL, db, code, child, prev_code, "other",
                            "2019-01-20", 0);
  }
  povreg_household_free(h);
  return rc;
}

/* Codes of the households a review should cover; grown as needed. */
typedef struct codes {
  char (*code)[33];
  size_t n, cap;
  const char *ref; /* reference date: existing then, not dissolved */
} codes;

/* Collect a household existing on the reference date. */
static int collect(const povreg_household *h, void *payload)
{
  codes *c = payload;
  void *grown;

  if (strcmp(h->created_on, c->ref) > 0 ||
      (h->dissolved_on != NULL && strcmp(h->dissolved_on, c->ref) <= 0)) {
    return 0;
  }
  if ((grown = povreg__grow(c->code, &c->cap, c->n, sizeof *c->code)) == NULL) {
    return POVREG_ENOMEM;
  }
  c->code = grown;
  snprintf(c->code[c->n++], 33, "%s", h->code);
  return 0;
}

/* A stable pseudo-random number from a household code and a salt. */
static unsigned hash_code(const char *code, unsigned salt)
{
  unsigned h = 2166136261u ^ salt;

  for (; *code != '\0'; code++) {
    h = (h ^ (unsigned char)*code) * 16777619u;
  }
  return h;
}

/*
** Survey one household for review year y: income from a latent level of
** the household, growing about 15% a year, with a yearly shock of up to
** 20% either way; deprivations falling as the years go by.  All
** indicators are ticked (the demo has no facts to derive from).
*/
static int survey_household(povreg_db *db, const povreg_rulebook *rb,
                            const char *code, int y, const char *ref)
{
  povreg_tick ticks[16];
  povreg_survey_spec sv;
  unsigned h = hash_code(code, 7), shock = hash_code(code, (unsigned)y);
  double level = (double)(h % 1000) / 1000.0;
  double income = (450000.0 + level * 1500000.0) *
                  (1.0 + 0.15 * (double)(y - 2015)) *
                  (0.8 + (double)(shock % 400) / 1000.0);
  size_t n = povreg_rulebook_indicators(rb), i;
  int d = (int)((1.0 - level) * 5.0 + 0.5) - (y - 2015) + (int)(shock % 3) - 1;

  if (n > sizeof ticks / sizeof ticks[0]) {
    n = sizeof ticks / sizeof ticks[0];
  }
  for (i = 0; i < n; i++) {
    ticks[i].key = povreg_rulebook_indicator_key(rb, i);
    ticks[i].deprived = (int)((i + h % n) % n) < d;
  }
  memset(&sv, 0, sizeof sv);
  sv.review_year = y;
  sv.reference_date = ref;
  sv.surveyed_on = ref;
  sv.has_income = 1;
  sv.income = (int64_t)income / 1000 * 1000;
  sv.ticks = ticks;
  sv.n_ticks = n;
  return povreg_survey_record(db, code, &sv);
}

/*
** Hold the periodic review of year y in one commune from opening to
** approval: every household existing on 1 September is surveyed and
** classified, the village meetings agree, the list is posted for a week
** and the commune chair approves on 15 November.
*/
static int hold_review(povreg_db *db, const char *commune, int y, int seq)
{
  povreg_household_filter f;
  povreg_review_spec rs;
  povreg_rulebook *rb = NULL;
  codes c;
  int64_t id;
  size_t i;
  char ref[11], post_from[11], post_to[11], meet[11], approve[11];
  char decision[48];
  int rc;

  memset(&c, 0, sizeof c);
  snprintf(ref, sizeof ref, "%04d-09-01", y);
  snprintf(meet, sizeof meet, "%04d-10-10", y);
  snprintf(post_from, sizeof post_from, "%04d-10-20", y);
  snprintf(post_to, sizeof post_to, "%04d-10-27", y);
  snprintf(approve, sizeof approve, "%04d-11-15", y);
  snprintf(decision, sizeof decision, "số %d/QĐ-UBND", 100 + seq);
  c.ref = ref;
  memset(&rs, 0, sizeof rs);
  rs.commune_code = commune;
  rs.year = y;
  rs.opened_on = ref;
  memset(&f, 0, sizeof f);
  f.commune_code = commune;
  f.include_dissolved = 1;
  if ((rc = povreg_review_open(&id, db, &rs)) < 0 ||
      (rc = povreg_rulebook_load(&rb, db, NULL, y + 1)) < 0 ||
      (rc = povreg_household_list(db, &f, collect, &c)) != 0) {
    if (rc > 0) {
      rc = povreg__err(db, POVREG_ENOMEM, "out of memory");
    }
    goto done;
  }
  for (i = 0; i < c.n; i++) {
    rc = povreg_review_add(db, id, c.code[i]);
    if (rc == POVREG_EEXISTS) { /* listed: already in the review */
      rc = POVREG_OK;
    }
    if (rc < 0 || (rc = survey_household(db, rb, c.code[i], y, ref)) < 0) {
      goto done;
    }
  }
  if ((rc = povreg_review_classify(NULL, db, id)) < 0) {
    goto done;
  }
  for (i = 0; i < c.n; i++) {
    if ((rc = povreg_review_meeting(NULL, db, id, c.code[i], meet, 30, 24)) <
        0) {
      goto done;
    }
  }
  if ((rc = povreg_review_post(db, id, post_from, post_to)) < 0 ||
      (rc = povreg_review_approve(db, id, decision, approve)) < 0) {
    goto done;
  }
done:
  povreg_rulebook_free(rb);
  free(c.code);
  return rc;
}

/* Build the demo ledger (see povreg/demo.h). */
int povreg_demo_build(povreg_db *db, unsigned seed, int households_per_commune)
{
  povreg__demo_gen d;
  size_t c;
  int rc, in_tx = 0, v, i;
  char code[33], prev[33];

  if (db == NULL) {
    return POVREG_EINVALID;
  }
  if (households_per_commune < 1 || households_per_commune > 100000) {
    return povreg__err(db, POVREG_EINVALID,
                       "households_per_commune: must be 1 to 100000");
  }
  if ((rc = povreg__demo_check_empty(db)) < 0) {
    return rc;
  }
  memset(&d, 0, sizeof d);
  d.s = seed != 0 ? seed : 2016u;
  if ((rc = povreg__tx_begin(db)) < 0) {
    return rc;
  }
  in_tx = 1;
  for (c = 0; c < sizeof communes / sizeof communes[0]; c++) {
    for (v = 0; v < communes[c].villages; v++) {
      const char *name = village_names[v % 10];
      if ((rc = povreg_village_add(NULL, db, communes[c].code, name,
                                   name[0] == 'T' ? "thon" : "lang")) < 0) {
        goto done;
      }
    }
    prev[0] = '\0';
    for (i = 0; i < households_per_commune; i++) {
      const char *village = village_names[i % communes[c].villages];
      int minority =
          povreg__demo_between(&d, 1, 100) <= communes[c].minority_pct;
      if ((rc = add_household(&d, db, communes[c].code, village, minority, i,
                              code)) < 0 ||
          (rc = life_events(db, code, prev[0] ? prev : NULL, i)) < 0) {
        goto done;
      }
      snprintf(prev, sizeof prev, "%s", code);
    }
  }
  /* three periodic reviews: statuses for 2016, 2017 and 2018 */
  for (v = 2015; v <= 2017; v++) {
    for (c = 0; c < sizeof communes / sizeof communes[0]; c++) {
      if ((rc = hold_review(db, communes[c].code, v,
                            (int)((size_t)(v - 2015) * 11 + c))) < 0) {
        goto done;
      }
    }
  }
  rc = povreg__tx_commit(db);
  in_tx = 0;
done:
  if (in_tx) {
    povreg__tx_rollback(db);
  }
  return rc;
}

/* Refuse a ledger that already holds data (see demo_int.h). */
int povreg__demo_check_empty(povreg_db *db)
{
  povreg_counts counts;
  int rc;

  if ((rc = povreg_counts_get(&counts, db, NULL)) < 0) {
    return rc;
  }
  if (counts.households + counts.households_dissolved > 0 ||
      counts.villages > 0) {
    return povreg__err(db, POVREG_EEXISTS,
                       "demo: the ledger already holds data; build the demo "
                       "in a new ledger");
  }
  return POVREG_OK;
}
