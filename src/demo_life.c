/*
** demo_life.c: the households and members of the plan's district
** (demo_seed.c) and the life between its reviews: made-up families
** registered through the API with members that fit their deprivations
** (a child of school age for child schooling, a young adult for adult
** education), then year by year, in date order, married children
** splitting off, families arriving, households leaving (moved away, died
** out, merged), births, deaths and marriages.  The builder's in-memory
** picture of the ledger follows every change.
*/
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "demo_seed.h"

/* Codes of the minority groups in povreg__seed_commune.groups (0002). */
static const char *const group_codes[4] = {"14", "10", "54", "52"};

/* The household index of a new household; grows the array. */
int povreg__seed_new_household(povreg__seed *s)
{
  void *grown = povreg__grow(s->h, &s->caph, s->nh, sizeof *s->h);
  povreg__seed_hh *h;

  if (grown == NULL) {
    return povreg__err(s->db, POVREG_ENOMEM, "out of memory");
  }
  s->h = grown;
  h = &s->h[s->nh];
  memset(h, 0, sizeof *h);
  h->first = -1;
  return (int)s->nh++;
}

/* Append a member to household hi (in memory); returns its index. */
static int new_member(povreg__seed *s, int hi, int birth, int male, char rel)
{
  void *grown = povreg__grow(s->m, &s->capm, s->nm, sizeof *s->m);
  povreg__seed_member *m;
  int mi, *link;

  if (grown == NULL) {
    return povreg__err(s->db, POVREG_ENOMEM, "out of memory");
  }
  s->m = grown;
  mi = (int)s->nm++;
  m = &s->m[mi];
  memset(m, 0, sizeof *m);
  m->hh = hi;
  m->next = -1;
  m->birth = (short)birth;
  m->male = (char)male;
  m->rel = rel;
  m->active = 1;
  for (link = &s->h[hi].first; *link >= 0; link = &s->m[*link].next) {
  }
  *link = mi;
  s->h[hi].n_active++;
  return mi;
}

/* Move member mi to household to (in memory) with number no. */
static void relink_member(povreg__seed *s, int mi, int to, int no, char rel)
{
  int *link, *tail;

  for (link = &s->h[s->m[mi].hh].first; *link != mi; link = &s->m[*link].next) {
  }
  *link = s->m[mi].next;
  if (s->m[mi].active) {
    s->h[s->m[mi].hh].n_active--;
    s->h[to].n_active++;
  }
  for (tail = &s->h[to].first; *tail >= 0; tail = &s->m[*tail].next) {
  }
  *tail = mi;
  s->m[mi].next = -1;
  s->m[mi].hh = to;
  s->m[mi].no = (short)no;
  s->m[mi].rel = rel;
}

/* The relation key of a member. */
static const char *relation_key(char rel)
{
  switch (rel) {
  case 'h':
    return "head";
  case 's':
    return "spouse";
  case 'c':
    return "child";
  case 'p':
    return "parent";
  case 'g':
    return "grandchild";
  default:
    return "other";
  }
}

/* A minority group for a head in commune c (static code). */
const char *povreg__seed_pick_group(povreg__seed *s, int c)
{
  int r = rnd(s, 1, 100), k, acc = 0;

  for (k = 0; k < 4; k++) {
    acc += povreg__seed_communes[c].groups[k];
    if (r <= acc) {
      return group_codes[k];
    }
  }
  return group_codes[0];
}

/* A village of commune c: làng for most minority households. */
int povreg__seed_pick_village(povreg__seed *s, int c, int minority)
{
  const povreg__seed_commune *sc0 = &povreg__seed_communes[c];
  int lang = minority ? unif(s) < 0.85 : unif(s) < 0.1;

  if (lang) {
    return rnd(s, 0, sc0->lang - 1);
  }
  return sc0->lang + rnd(s, 0, sc0->thon - 1);
}

/* ---- households and members through the API --------------------------- */

/*
** Make up the members of household hi (in memory) for year y: a head,
** usually a spouse, children, sometimes an elderly parent; an old
** couple or widow(er) alone for some.  With need set, the household
** gets a child aged 5-14 (child schooling) and a member born in 1986 or
** later aged 15 or over (adult education) as its deprivations require.
*/
static int compose(povreg__seed *s, int hi, int y, int need_cs, int need_ae,
                   int elderly_only)
{
  int head, n_kids, k, male = hi == 0 || unif(s) < 0.8, has_cs = 0;
  int has_ae = 0, rc;
  int minority = s->h[hi].minority;

  if (elderly_only) {
    head = rnd(s, y - 85, y - 63);
    if ((rc = new_member(s, hi, head, male, 'h')) < 0) {
      return rc;
    }
    if (unif(s) < 0.5) {
      rc = new_member(s, hi, rnd(s, head - 3, head + 6), !male, 's');
    }
    return rc < 0 ? rc : POVREG_OK;
  }
  if (need_ae && unif(s) < 0.4) {
    head = rnd(s, 1986, need_cs ? 1991 : 1993); /* a young family */
  } else if (need_ae || need_cs) {
    head = rnd(s, 1955, need_ae ? 1978 : 1984);
  } else {
    head = minority ? rnd(s, 1958, y - 20) : rnd(s, 1950, y - 22);
  }
  if ((rc = new_member(s, hi, head, male, 'h')) < 0) {
    return rc;
  }
  has_ae = head >= 1986 && head <= y - 16;
  if (unif(s) < 0.85) {
    int sp = rnd(s, head - 5, head + 6);
    if (sp > y - 18) {
      sp = y - 18;
    }
    if ((rc = new_member(s, hi, sp, !male, 's')) < 0) {
      return rc;
    }
    has_ae |= sp >= 1986 && sp <= y - 16;
  }
  n_kids = minority ? rnd(s, 0, 5) : rnd(s, 0, 3);
  for (k = 0; k < n_kids && head + 18 <= y; k++) {
    int b = rnd(s, head + 18 > 1975 ? head + 18 : 1975, y);
    if ((rc = new_member(s, hi, b, unif(s) < 0.5, 'c')) < 0) {
      return rc;
    }
    has_cs |= b >= y - 13 && b <= y - 6;
    has_ae |= b >= 1986 && b <= y - 16;
  }
  if (need_cs && !has_cs) {
    int lo = head + 18 > y - 13 ? head + 18 : y - 13;
    if ((rc = new_member(s, hi, rnd(s, lo, y - 6), unif(s) < 0.5, 'c')) < 0) {
      return rc;
    }
  }
  if (need_ae && !has_ae) {
    int lo = head + 18 > 1986 ? head + 18 : 1986;
    if ((rc = new_member(s, hi, rnd(s, lo, y - 16), unif(s) < 0.5, 'c')) < 0) {
      return rc;
    }
  }
  if (unif(s) < 0.1) {
    rc = new_member(s, hi,
                    rnd(s, head - 40 > 1925 ? head - 40 : 1925, head - 20),
                    unif(s) < 0.4, 'p');
  }
  return rc < 0 ? rc : POVREG_OK;
}

/*
** Register household hi and its members (as composed in memory) through
** the API, on created_on; fills in its code and the member numbers.
*/
static int register_household(povreg__seed *s, int hi, const char *notes)
{
  povreg__seed_hh *h = &s->h[hi];
  povreg__seed_cp *p = &s->cp[h->commune];
  povreg_household_spec hs;
  povreg__demo_person per;
  povreg_member_spec ms;
  char address[96], *code = NULL;
  int mi, rc, first = 1;

  memset(&hs, 0, sizeof hs);
  hs.commune_code = povreg__seed_communes[h->commune].code;
  hs.village = p->villages[h->village];
  snprintf(address, sizeof address, "%s, nhà số %d", p->villages[h->village],
           ++p->address_seq);
  hs.address = address;
  hs.notes = notes;
  hs.created_on = h->created_on;
  for (mi = h->first; mi >= 0; mi = s->m[mi].next) {
    povreg__seed_member *m = &s->m[mi];
    int no = 0;
    povreg__demo_make_person(&s->g, &per,
                             m->rel == 's' && h->family != NULL
                                 ? povreg__demo_family(&s->g, h->eth)
                                 : h->family,
                             h->eth, m->male, m->birth, m->birth);
    if (first && hi == 0) {
      /* the README's search example heads the town's first household */
      snprintf(per.name, sizeof per.name, "Nguyễn Văn Đức");
      per.sex = "M";
      m->male = 1;
    }
    ms = povreg__demo_spec(&per, relation_key(m->rel));
    if (first) {
      if ((rc = povreg_household_add(&code, s->db, &hs, &ms)) < 0) {
        return rc;
      }
      snprintf(h->code, sizeof h->code, "%s", code);
      povreg_free(code);
      no = 1;
      first = 0;
    } else {
      ms.joined_on = NULL;
      if ((rc = povreg_member_add(&no, s->db, h->code, &ms)) < 0) {
        return rc;
      }
    }
    m->no = (short)no;
  }
  return POVREG_OK;
}

/* Add the villages of every commune. */
int povreg__seed_add_villages(povreg__seed *s)
{
  int c, v, rc;

  for (c = 0; c < N_COMMUNES; c++) {
    for (v = 0; v < s->cp[c].n_villages; v++) {
      if ((rc = povreg_village_add(NULL, s->db, povreg__seed_communes[c].code,
                                   s->cp[c].villages[v], s->cp[c].kinds[v])) <
          0) {
        return rc;
      }
    }
  }
  return POVREG_OK;
}

/* Register the 2015 households with members fitting their deprivations. */
int povreg__seed_register_start(povreg__seed *s)
{
  size_t i;
  int rc;

  for (i = 0; i < s->nh; i++) {
    povreg__seed_hh *h = &s->h[i];
    int cs = h->dep >> B_CHILD_SCHOOLING & 1u;
    int ae = h->dep >> B_ADULT_EDUCATION & 1u;
    int old = !cs && !ae && i != 0 &&
              unif(s) < (h->target == POVREG_CLASS_POOR ? 0.09 : 0.02);
    if ((rc = compose(s, (int)i, 2015, cs, ae, old)) < 0 ||
        (rc = register_household(s, (int)i, NULL)) < 0) {
      return rc;
    }
  }
  return POVREG_OK;
}

/* ---- life between reviews --------------------------------------------- */

/* Kinds of life events. */
enum {
  E_GONE_POOR,
  E_GONE_NEAR,
  E_GONE_OTHER,
  E_SPLIT,
  E_ARRIVAL,
  E_BIRTH,
  E_DEATH,
  E_MOVE
};

/* An event of the year: its day and kind. */
typedef struct event {
  int doy, kind, seq;
} event;

/* Compare events by day, then by the order they were drawn. */
static int by_day(const void *a, const void *b)
{
  const event *x = a, *y = b;

  if (x->doy != y->doy) {
    return x->doy < y->doy ? -1 : 1;
  }
  return x->seq < y->seq ? -1 : x->seq > y->seq;
}

/* A random open household registered before date, or -1. */
static int any_household(povreg__seed *s, const char *date, int commune)
{
  int tries;

  for (tries = 0; tries < 200; tries++) {
    int hi = rnd(s, 0, (int)s->nh - 1);
    povreg__seed_hh *h = &s->h[hi];
    if (!h->gone && strcmp(h->created_on, date) < 0 &&
        (commune < 0 || h->commune == commune)) {
      return hi;
    }
  }
  return -1;
}

/* A new household arriving in the district on date. */
static int arrival(povreg__seed *s, int y, const char *date)
{
  int r = rnd(s, 1, PLAN_HOUSEHOLDS), c, hi, rc;
  povreg__seed_hh *h;

  for (c = 0; c < N_COMMUNES - 1 && r > povreg__seed_communes[c].households;
       c++) {
    r -= povreg__seed_communes[c].households;
  }
  if ((hi = povreg__seed_new_household(s)) < 0) {
    return hi;
  }
  h = &s->h[hi];
  h->commune = (signed char)c;
  h->minority = rnd(s, 1, povreg__seed_communes[c].households) <=
                povreg__seed_communes[c].minority;
  h->eth = h->minority ? povreg__seed_pick_group(s, c) : "01";
  h->family = povreg__demo_family(&s->g, h->eth);
  h->village = (unsigned char)povreg__seed_pick_village(s, c, h->minority);
  snprintf(h->created_on, sizeof h->created_on, "%s", date);
  if ((rc = compose(s, hi, y, 0, 0, 0)) < 0) {
    return rc;
  }
  return register_household(s, hi, "Hộ chuyển đến");
}

/*
** A married child leaves with a new household on date (a spouse joins
** them most times); an arrival instead when no household fits.
*/
static int split(povreg__seed *s, int y, const char *date)
{
  int tries, rc;

  for (tries = 0; tries < 200; tries++) {
    int hi = any_household(s, date, -1), mi, child = -1, nh, no;
    povreg_split_spec sp;
    char *code = NULL, address[96];
    povreg__seed_cp *p;
    if (hi < 0 || s->h[hi].n_active < 3) {
      continue;
    }
    for (mi = s->h[hi].first; mi >= 0; mi = s->m[mi].next) {
      povreg__seed_member *m = &s->m[mi];
      if (m->active && m->rel == 'c' && m->no > 0 && m->birth <= y - 19 &&
          (child < 0 || m->birth < s->m[child].birth)) {
        child = mi;
      }
    }
    if (child < 0) {
      continue;
    }
    p = &s->cp[s->h[hi].commune];
    no = s->m[child].no;
    memset(&sp, 0, sizeof sp);
    sp.member_nos = &no;
    sp.n_members = 1;
    sp.new_head_no = no;
    sp.date = date;
    snprintf(address, sizeof address, "%s, nhà số %d",
             p->villages[s->h[hi].village], ++p->address_seq);
    sp.address = address;
    if ((rc = povreg_household_split(&code, s->db, s->h[hi].code, &sp)) < 0) {
      return rc;
    }
    if ((nh = povreg__seed_new_household(s)) < 0) {
      povreg_free(code);
      return nh;
    }
    {
      povreg__seed_hh *src = &s->h[hi], *h = &s->h[nh];
      snprintf(h->code, sizeof h->code, "%s", code);
      povreg_free(code);
      snprintf(h->created_on, sizeof h->created_on, "%s", date);
      h->commune = src->commune;
      h->village = src->village;
      h->minority = src->minority;
      h->eth = src->eth;
      h->family = src->family;
    }
    relink_member(s, child, nh, 1, 'h');
    if (unif(s) < 0.7) {
      povreg__seed_member *m = &s->m[child];
      int b = rnd(s, m->birth - 2, m->birth + 4), mi2, sno = 0;
      povreg__demo_person per;
      povreg_member_spec ms;
      povreg__seed_hh *h = &s->h[nh];
      if (b > y - 17) {
        b = y - 17;
      }
      if ((mi2 = new_member(s, nh, b, !m->male, 's')) < 0) {
        return mi2;
      }
      povreg__demo_make_person(&s->g, &per, povreg__demo_family(&s->g, h->eth),
                               h->eth, s->m[mi2].male, b, b);
      ms = povreg__demo_spec(&per, "spouse");
      ms.joined_on = date;
      if ((rc = povreg_member_add(&sno, s->db, h->code, &ms)) < 0) {
        return rc;
      }
      s->m[mi2].no = (short)sno;
    }
    return POVREG_OK;
  }
  return arrival(s, y, date);
}

/*
** A household leaves the ledger on date: moved away, died out (an old
** person alone) or merged into another household of the commune.  kind
** chooses among the poor, the near-poor or the others of the year.
*/
static int dissolve(povreg__seed *s, int y, const char *date, int kind)
{
  int n = 0, i, hi, into = -1, rc, mi;
  const char *reason;
  povreg__seed_hh *h;

  for (i = 0; i < (int)s->nh; i++) {
    povreg__seed_hh *c = &s->h[i];
    int listed = c->cls_year == y && (c->cls == POVREG_CLASS_POOR ||
                                      c->cls == POVREG_CLASS_NEAR_POOR);
    if (c->gone || strcmp(c->created_on, date) >= 0) {
      continue;
    }
    if ((kind == E_GONE_POOR && listed && c->cls == POVREG_CLASS_POOR) ||
        (kind == E_GONE_NEAR && listed && c->cls == POVREG_CLASS_NEAR_POOR) ||
        (kind == E_GONE_OTHER && !listed)) {
      s->idx[n++] = i;
    }
  }
  if (n == 0) {
    return POVREG_OK;
  }
  hi = s->idx[rnd(s, 0, n - 1)];
  h = &s->h[hi];
  if (h->n_active == 1 && s->m[h->first].birth <= y - 65) {
    reason = "died_out";
  } else if (!h->ever_poor && unif(s) < 0.35 &&
             (into = any_household(s, date, h->commune)) >= 0 && into != hi) {
    /* (never a household that was poor: its members, head included,
       move with the merge, and the poor's heads must stay on record) */
    reason = "merged";
  } else {
    reason = "moved_away";
    into = -1;
  }
  if ((rc = povreg_household_dissolve(s->db, h->code, date, reason,
                                      into >= 0 ? s->h[into].code : NULL)) <
      0) {
    return rc;
  }
  h->gone = 1;
  while ((mi = h->first) >= 0) {
    if (into >= 0 && s->m[mi].active) {
      relink_member(s, mi, into, 0, 'o');
    } else {
      s->m[mi].active = 0;
      h->first = s->m[mi].next;
      s->m[mi].next = -1;
    }
  }
  h->n_active = 0;
  return POVREG_OK;
}

/* A member dies on date; the spouse or the eldest heads on if needed. */
static int death(povreg__seed *s, int y, const char *date)
{
  int tries;

  for (tries = 0; tries < 200; tries++) {
    int hi = any_household(s, date, -1), mi, old = -1, heir = -1, rc;
    if (hi < 0 || s->h[hi].n_active < 2) {
      continue;
    }
    for (mi = s->h[hi].first; mi >= 0; mi = s->m[mi].next) {
      povreg__seed_member *m = &s->m[mi];
      if (m->active && m->no > 0 && m->birth <= y - 55 &&
          (old < 0 || m->birth < s->m[old].birth)) {
        old = mi;
      }
    }
    if (old < 0) {
      continue;
    }
    if (s->m[old].rel == 'h') {
      for (mi = s->h[hi].first; mi >= 0; mi = s->m[mi].next) {
        povreg__seed_member *m = &s->m[mi];
        if (mi != old && m->active && m->no > 0 && m->birth <= y - 18 &&
            (heir < 0 || m->rel == 's' ||
             (s->m[heir].rel != 's' && m->birth < s->m[heir].birth))) {
          heir = mi;
        }
      }
      if (heir < 0) {
        continue;
      }
    }
    if ((rc = povreg_member_leave(s->db, s->h[hi].code, s->m[old].no, "died",
                                  date, heir >= 0 ? s->m[heir].no : 0)) < 0) {
      return rc;
    }
    s->m[old].active = 0;
    s->h[hi].n_active--;
    if (heir >= 0) {
      s->m[heir].rel = 'h';
    }
    return POVREG_OK;
  }
  return POVREG_OK;
}

/* A child is born into a household on date. */
static int birth(povreg__seed *s, int y, const char *date)
{
  int tries;

  for (tries = 0; tries < 200; tries++) {
    int hi = any_household(s, date, -1), mi, parent = -1, no = 0, rc, k;
    povreg__demo_person per;
    povreg_member_spec ms;
    povreg__seed_hh *h;
    if (hi < 0) {
      continue;
    }
    h = &s->h[hi];
    for (mi = h->first; mi >= 0; mi = s->m[mi].next) {
      povreg__seed_member *m = &s->m[mi];
      if (m->active && m->birth >= y - 40 && m->birth <= y - 19 &&
          (m->rel == 'h' || m->rel == 's' || m->rel == 'c')) {
        parent = mi;
        break;
      }
    }
    if (parent < 0) {
      continue;
    }
    k = s->m[parent].rel == 'c' ? 'g' : 'c';
    if ((mi = new_member(s, hi, y, unif(s) < 0.5, (char)k)) < 0) {
      return mi;
    }
    povreg__demo_make_person(&s->g, &per, h->family, h->eth, s->m[mi].male, y,
                             y);
    snprintf(per.birth, sizeof per.birth, "%s", date);
    ms = povreg__demo_spec(&per, relation_key((char)k));
    if ((rc = povreg_member_add(&no, s->db, h->code, &ms)) < 0) {
      return rc;
    }
    s->m[mi].no = (short)no;
    return POVREG_OK;
  }
  return POVREG_OK;
}

/* A grown child marries into another household of the commune on date. */
static int marriage(povreg__seed *s, int y, const char *date)
{
  int tries;

  for (tries = 0; tries < 200; tries++) {
    int hi = any_household(s, date, -1), mi, who = -1, to, no = 0, rc;
    if (hi < 0 || s->h[hi].n_active < 3) {
      continue;
    }
    for (mi = s->h[hi].first; mi >= 0 && who < 0; mi = s->m[mi].next) {
      povreg__seed_member *m = &s->m[mi];
      if (m->active && m->rel == 'c' && m->no > 0 && m->birth >= y - 30 &&
          m->birth <= y - 18) {
        who = mi;
      }
    }
    to = any_household(s, date, s->h[hi].commune);
    if (who < 0 || to < 0 || to == hi) {
      continue;
    }
    if ((rc = povreg_member_move(&no, s->db, s->h[hi].code, s->m[who].no,
                                 s->h[to].code, "other", date, 0)) < 0) {
      return rc;
    }
    relink_member(s, who, to, no, 'o');
    return POVREG_OK;
  }
  return POVREG_OK;
}

/* The life events of year y, in date order. */
int povreg__seed_life_year(povreg__seed *s, const povreg__seed_year *yp, int y)
{
  int counts[8], k, i, n = 0, rc = POVREG_OK;
  event *ev = NULL;
  char date[11];

  counts[E_GONE_POOR] = sc1(s, yp->gone_poor);
  counts[E_GONE_NEAR] = sc1(s, yp->gone_near);
  counts[E_GONE_OTHER] = sc1(s, yp->gone_other);
  counts[E_SPLIT] = sc1(s, yp->splits);
  counts[E_ARRIVAL] = sc1(s, yp->arrivals);
  counts[E_BIRTH] = sc1(s, yp->births);
  counts[E_DEATH] = sc1(s, yp->deaths);
  counts[E_MOVE] = sc1(s, yp->moves);
  for (k = 0; k < 8; k++) {
    n += counts[k];
  }
  if (n == 0) {
    return POVREG_OK;
  }
  if ((ev = malloc((size_t)n * sizeof *ev)) == NULL) {
    return povreg__err(s->db, POVREG_ENOMEM, "out of memory");
  }
  for (k = 0, i = 0; k < 8; k++) {
    int j;
    for (j = 0; j < counts[k]; j++, i++) {
      ev[i].kind = k;
      ev[i].seq = i;
      /* departures before the review's reference date (1 September) */
      ev[i].doy = k <= E_GONE_OTHER ? rnd(s, 5, 236) : rnd(s, 5, 360);
    }
  }
  qsort(ev, (size_t)n, sizeof *ev, by_day);
  for (i = 0; i < n && rc >= 0; i++) {
    day_date(y, ev[i].doy, date);
    switch (ev[i].kind) {
    case E_GONE_POOR:
    case E_GONE_NEAR:
    case E_GONE_OTHER:
      rc = dissolve(s, y, date, ev[i].kind);
      break;
    case E_SPLIT:
      rc = split(s, y, date);
      break;
    case E_ARRIVAL:
      rc = arrival(s, y, date);
      break;
    case E_BIRTH:
      rc = birth(s, y, date);
      break;
    case E_DEATH:
      rc = death(s, y, date);
      break;
    default:
      rc = marriage(s, y, date);
      break;
    }
  }
  free(ev);
  return rc;
}
