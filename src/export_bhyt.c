/*
** export_bhyt.c: the health-insurance (BHYT) list of the people entitled
** to a State-paid or State-supported card on a date, and the increases
** and decreases between two dates (the quarterly revision).
**
** Who is in a group is decided by the group's `basis` (the rules below),
** with the thresholds read from its `params` (table bhyt_group); a person
** in several groups is listed once, in the one with the lowest rank.
**
** A person counts on date D when they are a member active on D (status
** 'active' or a status date after D, joined on or before D or no join
** date) of a household registered on or before D and not dissolved on D.
** The household's class on D is the status of status year year(D) or
** year(D) - 1 that was in force on D: of the decisions (household_status
** rows, an amended one included) effective on or before D, the one of
** the latest status year and, within it, the latest recorded (an
** amendment supersedes, so the latest recorded is the one in force).
** The commune is the one standing for the household's on D (successors
** followed while closed on or before D); a flag counts on D when the
** commune or its district (its parent on D) has it on D.
**
** Rules (basis):
**   child_under            age in months on D below params.months, or
**                          params.months reached in year(D) and D on or
**                          before year(D)-params.until_if_not_in_school;
**                          a birth year alone uses the year-only birthday
**                          of the standard governing year(D) (else 07-01)
**   poor_household         household class on D is poor
**   near_poor_household    household class on D is near_poor; support
**                          params.rate_in_poor_district when the district
**                          has flag poor_district on D
**   minority_in_flagged_commune  ethnicity is a minority and a flag of
**                          params.flags holds on D
**   flagged_commune        a flag of params.flags holds on D
**
** The rules are implemented twice on purpose: in C for the list (one
** ordered query brings each person's facts, C picks the group), and in
** SQL for the per-group counts of eligible people, so that the counts
** check the list: eligible == rows + fix + better for every group.
*/
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "csvwrite.h"
#include "povreg_int.h"

/* Most groups an export can count (povreg_export_report.counts). */
#define MAX_GROUPS 16

/* Rule families (bhyt_group.basis). */
enum {
  BASIS_CHILD = 1,
  BASIS_POOR,
  BASIS_NEAR_POOR,
  BASIS_MINORITY,
  BASIS_FLAGGED
};

/* A group as loaded from bhyt_group. */
typedef struct bgroup {
  char code[8];           /* "TE" */
  int rank;               /* 1: most favourable */
  int rate;               /* support rate, % */
  int basis;              /* BASIS_* */
  int months;             /* child_under: age limit in months */
  char until[6];          /* child_under: "MM-DD" or "" */
  int rate_poor_district; /* near_poor_household: rate there, or 0 */
  unsigned flags;         /* flag bits (POVREG_UNIT_*) that qualify */
} bgroup;

/* Flag names and their bits, in the order of columns vf1..vf4. */
static const struct {
  const char *name;
  unsigned bit;
} flag_names[4] = {
    {"especially_difficult", POVREG_UNIT_ESPECIALLY_DIFFICULT},
    {"difficult_area", POVREG_UNIT_DIFFICULT_AREA},
    {"island", POVREG_UNIT_ISLAND},
    {"poor_district", POVREG_UNIT_POOR_DISTRICT},
};

/* ---- SQL ----------------------------------------------------------------- */

/* The SQL text is laid out by hand. */
/* clang-format off */

/* The first day a flag holds on date d for unit x's commune or district. */
#define VF(d, flag)                                                            \
  "(SELECT min(f.valid_from) FROM unit_flag f WHERE f.code IN (x.cur, "        \
  "x.dist) AND f.flag = '" flag "' AND f.valid_from <= " d " AND "             \
  "(f.valid_to IS NULL OR f.valid_to > " d "))"

/*
** CTEs named n_*: every commune code, the code standing for it on date d
** (cur), the district of that one on d (dist), and n: the first day of
** each flag (vf1..vf4, NULL when it does not hold) and their bit mask.
*/
#define CF_CTE(n, d)                                                           \
  n "_r(code, cur, hops) AS (SELECT code, code, 0 FROM unit WHERE level = "    \
  "'commune' UNION ALL SELECT r.code, u.successor_code, r.hops + 1 FROM " n    \
  "_r r JOIN unit u ON u.code = r.cur WHERE u.closed_on <= " d " AND "         \
  "u.successor_code IS NOT NULL AND r.hops < 16), "                            \
  n "_c AS (SELECT code, cur, max(hops) AS hops FROM " n "_r GROUP BY code), " \
  n "_d AS (SELECT c.code, c.cur, (SELECT v.parent_code FROM unit_version v "  \
  "WHERE v.code = c.cur AND (v.valid_from IS NULL OR v.valid_from <= " d       \
  ") AND (v.valid_to IS NULL OR v.valid_to > " d ")) AS dist "                 \
  "FROM " n "_c c), "                                                          \
  n "_f AS (SELECT x.code, x.cur, "                                            \
  VF(d, "especially_difficult") " AS vf1, "                                    \
  VF(d, "difficult_area") " AS vf2, "                                          \
  VF(d, "island") " AS vf3, "                                                  \
  VF(d, "poor_district") " AS vf4 FROM " n "_d x), "                           \
  n " AS MATERIALIZED (SELECT code, cur, vf1, vf2, vf3, vf4, (vf1 IS NOT "     \
  "NULL) | ((vf2 IS NOT NULL) << 1) | ((vf3 IS NOT NULL) << 2) | ((vf4 IS "    \
  "NOT NULL) << 3) AS mask FROM " n "_f)"

/* A member m of household h counts on date d. */
#define ACTIVE(d)                                                              \
  "(h.created_on <= " d " AND (h.dissolved_on IS NULL OR h.dissolved_on > " d \
  ") AND (m.status = 'active' OR m.status_on > " d ") AND (m.joined_on IS "    \
  "NULL OR m.joined_on <= " d "))"

/* The status row of household h in force on date d (see the top). */
#define STATUS_ID(d)                                                           \
  "(SELECT s2.id FROM household_status s2 WHERE s2.household_id = h.id AND "   \
  "s2.status_year <= CAST(substr(" d ", 1, 4) AS INTEGER) AND "                \
  "s2.status_year >= CAST(substr(" d ", 1, 4) AS INTEGER) - 1 AND "            \
  "s2.effective_on <= " d " ORDER BY s2.status_year DESC, s2.id DESC "         \
  "LIMIT 1)"

/* Person columns shared by both list queries (0..10). */
#define PERSON_COLUMNS                                                         \
  "cb.cur, h.code, m.member_no, m.full_name, m.bhxh_no, m.citizen_id, "        \
  "m.birth_date, m.sex, v.name, m.joined_on, e.is_minority, "

enum {
  C_COMMUNE,
  C_HOUSEHOLD,
  C_MEMBER_NO,
  C_NAME,
  C_BHXH,
  C_CITIZEN,
  C_BIRTH,
  C_SEX,
  C_VILLAGE,
  C_JOINED,
  C_MINORITY,
  C_FACTS /* first column of the facts on a date: mask, vf1..4, class,
             effective_on (and, in the changes query, active first) */
};

/*
** The people who may be in a group on ?1, in list order (commune,
** household, member).  ?2 commune or NULL; ?3 the earliest birth year a
** child group can hold; ?4 the flag bits any group uses.  The filter only
** skips people no group can take; the groups are chosen in C.
*/
static const char sql_people[] =
    "WITH RECURSIVE " CF_CTE("cb", "?1") " SELECT " PERSON_COLUMNS
    "cb.mask, cb.vf1, cb.vf2, cb.vf3, cb.vf4, s.class, s.effective_on "
    "FROM household h CROSS JOIN cb ON cb.code = h.commune_code "
    "LEFT JOIN household_status s ON s.id = " STATUS_ID("?1")
    " CROSS JOIN member m ON m.household_id = h.id "
    "JOIN ethnicity e ON e.code = m.ethnicity_code "
    "LEFT JOIN village v ON v.id = h.village_id "
    "WHERE " ACTIVE("?1") " AND (?2 IS NULL OR cb.cur = ?2) "
    "AND (s.class IN ('poor', 'near_poor') OR (cb.mask & ?4) <> 0 OR "
    "substr(m.birth_date, 1, 4) >= ?3) ORDER BY cb.cur, h.code, m.member_no";

/*
** The same on two dates ?1 (before) and ?2 (after), for the changes;
** ordered by the commune on ?2.  ?3 commune on ?2 or NULL; ?4 earliest
** birth year of a child on ?1; ?5 the flag bits any group uses.
*/
static const char sql_changes[] =
    "WITH RECURSIVE " CF_CTE("ca", "?1") ", " CF_CTE("cb", "?2")
    " SELECT " PERSON_COLUMNS
    ACTIVE("?1") ", ca.mask, ca.vf1, ca.vf2, ca.vf3, ca.vf4, sa.class, "
    "sa.effective_on, "
    ACTIVE("?2") ", cb.mask, cb.vf1, cb.vf2, cb.vf3, cb.vf4, sb.class, "
    "sb.effective_on "
    "FROM household h CROSS JOIN ca ON ca.code = h.commune_code "
    "CROSS JOIN cb ON cb.code = h.commune_code "
    "LEFT JOIN household_status sa ON sa.id = " STATUS_ID("?1")
    " LEFT JOIN household_status sb ON sb.id = " STATUS_ID("?2")
    " CROSS JOIN member m ON m.household_id = h.id "
    "JOIN ethnicity e ON e.code = m.ethnicity_code "
    "LEFT JOIN village v ON v.id = h.village_id "
    "WHERE (" ACTIVE("?1") " OR " ACTIVE("?2") ") "
    "AND (?3 IS NULL OR cb.cur = ?3) "
    "AND (sa.class IN ('poor', 'near_poor') OR sb.class IN ('poor', "
    "'near_poor') OR (ca.mask & ?5) <> 0 OR (cb.mask & ?5) <> 0 OR "
    "substr(m.birth_date, 1, 4) >= ?4) ORDER BY cb.cur, h.code, m.member_no";

/*
** How many people fit each group on ?1, written in SQL on its own (no
** filter shared with the list): one row per group, its rank and count.
** ?2 commune or NULL; ?3 the year-only birthday 'MM-DD'.  One pass over
** the members sums them per household (active members, minority ones,
** and the birth dates recent enough for a child group); the household
** groups count its members, the child groups its recent births.
*/
static const char sql_eligible[] =
    "WITH RECURSIVE " CF_CTE("cb", "?1") ", "
    "gp AS MATERIALIZED (SELECT rank, CASE basis WHEN 'child_under' THEN 1 "
    "WHEN 'poor_household' THEN 2 WHEN 'near_poor_household' THEN 3 WHEN "
    "'minority_in_flagged_commune' THEN 4 WHEN 'flagged_commune' THEN 5 END "
    "AS basis, json_extract(params, '$.months') AS months, "
    "json_extract(params, '$.until_if_not_in_school') AS until, date(?1, "
    "'-' || (json_extract(params, '$.months') + 24) || ' months') AS "
    "born_after FROM bhyt_group), "
    "cg AS MATERIALIZED (SELECT DISTINCT x.code, g.rank FROM cb_d x "
    "JOIN unit_flag f ON f.code IN (x.cur, x.dist) AND f.valid_from <= ?1 "
    "AND (f.valid_to IS NULL OR f.valid_to > ?1) JOIN bhyt_group g "
    "JOIN json_each(g.params, '$.flags') j ON j.value = f.flag), "
    "hh AS MATERIALIZED (SELECT h.commune_code AS cc, s.class AS class, "
    "count(*) AS n, sum(e.is_minority) AS nmin, json_group_array(CASE WHEN "
    "length(m.birth_date) = 4 THEN m.birth_date || '-' || ?3 ELSE "
    "m.birth_date END) FILTER (WHERE (CASE WHEN length(m.birth_date) = 4 "
    "THEN m.birth_date || '-' || ?3 ELSE m.birth_date END) > (SELECT "
    "min(born_after) FROM gp)) AS young "
    "FROM household h CROSS JOIN cb ON cb.code = h.commune_code "
    "LEFT JOIN household_status s ON s.id = (SELECT s2.id FROM "
    "household_status s2 WHERE s2.household_id = h.id AND s2.status_year "
    "BETWEEN CAST(substr(?1, 1, 4) AS INTEGER) - 1 AND CAST(substr(?1, 1, "
    "4) AS INTEGER) AND s2.effective_on <= ?1 ORDER BY s2.status_year DESC, "
    "s2.id DESC LIMIT 1) "
    "CROSS JOIN member m ON m.household_id = h.id "
    "JOIN ethnicity e ON e.code = m.ethnicity_code "
    "WHERE " ACTIVE("?1") " AND (?2 IS NULL OR cb.cur = ?2) GROUP BY h.id) "
    "SELECT gp.rank, (SELECT total(CASE gp.basis "
    "WHEN 1 THEN CASE WHEN hh.young = '[]' THEN 0 ELSE (SELECT count(*) "
    "FROM json_each(hh.young) j WHERE j.value > gp.born_after AND "
    "(date(j.value, '+' || gp.months || ' months') > ?1 OR (gp.until IS "
    "NOT NULL AND substr(date(j.value, '+' || gp.months || ' months'), 1, "
    "4) = substr(?1, 1, 4) AND ?1 <= substr(?1, 1, 5) || gp.until))) END "
    "WHEN 2 THEN (hh.class IS 'poor') * hh.n "
    "WHEN 3 THEN (hh.class IS 'near_poor') * hh.n "
    "WHEN 4 THEN EXISTS (SELECT 1 FROM cg WHERE cg.code = hh.cc AND "
    "cg.rank = gp.rank) * hh.nmin "
    "WHEN 5 THEN EXISTS (SELECT 1 FROM cg WHERE cg.code = hh.cc AND "
    "cg.rank = gp.rank) * hh.n ELSE 0 END) FROM hh) FROM gp";

/* clang-format on */

/* ---- groups -------------------------------------------------------------- */

/* What an export needs besides the writers. */
typedef struct bctx {
  povreg_db *db;
  const povreg_export_spec *spec;
  bgroup g[MAX_GROUPS];
  size_t n;            /* groups, in rank order */
  unsigned used_flags; /* flag bits a group is for */
  int max_months;      /* longest child_under limit, 0 if none */
  povreg__csvw *csv, *fix;
  povreg_export_report *rep;
  long stt, fix_stt; /* ordinals written so far */
} bctx;

/* Is the flag-name list "a,b" valid?  Sets the bits; 0 if a name is bad. */
static int parse_flags(const char *list, unsigned *out, char bad[32])
{
  const char *p = list;

  *out = 0;
  while (p != NULL && *p != '\0') {
    const char *end = strchr(p, ',');
    size_t n = end ? (size_t)(end - p) : strlen(p), i;
    int found = 0;
    for (i = 0; i < 4; i++) {
      if (strlen(flag_names[i].name) == n &&
          strncmp(flag_names[i].name, p, n) == 0) {
        *out |= flag_names[i].bit;
        found = 1;
      }
    }
    if (!found) {
      snprintf(bad, 32, "%.*s", (int)(n > 31 ? 31 : n), p);
      return 0;
    }
    p = end ? end + 1 : NULL;
  }
  return 1;
}

/* 1 if s is "MM-DD" of a day that exists in a leap year. */
static int month_day_valid(const char *s)
{
  static const int mdays[12] = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  int m, d;

  if (s == NULL || strlen(s) != 5 || s[2] != '-' || s[0] < '0' || s[0] > '9' ||
      s[1] < '0' || s[1] > '9' || s[3] < '0' || s[3] > '9' || s[4] < '0' ||
      s[4] > '9') {
    return 0;
  }
  m = (s[0] - '0') * 10 + (s[1] - '0');
  d = (s[3] - '0') * 10 + (s[4] - '0');
  return m >= 1 && m <= 12 && d >= 1 && d <= mdays[m - 1];
}

/* Load and check the groups, in rank order. */
static int load_groups(bctx *c)
{
  static const char sql[] =
      "SELECT code, rank, support_rate, basis, json_extract(params, "
      "'$.months'), json_extract(params, '$.until_if_not_in_school'), "
      "json_extract(params, '$.rate_in_poor_district'), (SELECT "
      "group_concat(value, ',') FROM json_each(params, '$.flags')) "
      "FROM bhyt_group ORDER BY rank";
  sqlite3_stmt *st = NULL;
  povreg_db *db = c->db;
  int rc;

  c->n = 0;
  c->used_flags = 0;
  c->max_months = 0;
  if ((rc = povreg__stmt(db, sql, &st)) < 0) {
    return rc;
  }
  while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
    const char *basis = (const char *)sqlite3_column_text(st, 3);
    const char *until = (const char *)sqlite3_column_text(st, 5);
    const char *flags = (const char *)sqlite3_column_text(st, 7);
    bgroup *g;
    char bad[32];
    if (c->n == MAX_GROUPS) {
      rc = povreg__err(db, POVREG_EINVALID, "bhyt_group: more than %d groups",
                       MAX_GROUPS);
      goto done;
    }
    g = &c->g[c->n];
    memset(g, 0, sizeof *g);
    snprintf(g->code, sizeof g->code, "%s",
             (const char *)sqlite3_column_text(st, 0));
    g->rank = sqlite3_column_int(st, 1);
    g->rate = sqlite3_column_int(st, 2);
    g->basis = strcmp(basis, "child_under") == 0           ? BASIS_CHILD
               : strcmp(basis, "poor_household") == 0      ? BASIS_POOR
               : strcmp(basis, "near_poor_household") == 0 ? BASIS_NEAR_POOR
               : strcmp(basis, "minority_in_flagged_commune") == 0
                   ? BASIS_MINORITY
               : strcmp(basis, "flagged_commune") == 0 ? BASIS_FLAGGED
                                                       : 0;
    if (g->basis == 0) {
      rc = povreg__err(db, POVREG_EINVALID, "bhyt_group: %s: unknown basis",
                       g->code);
      goto done;
    }
    if (g->basis == BASIS_CHILD) {
      g->months = sqlite3_column_int(st, 4);
      if (sqlite3_column_type(st, 4) != SQLITE_INTEGER || g->months < 1 ||
          g->months > 1200) {
        rc = povreg__err(db, POVREG_EINVALID,
                         "bhyt_group: %s: params.months must be a number of "
                         "months from 1 to 1200",
                         g->code);
        goto done;
      }
      if (until != NULL && !month_day_valid(until)) {
        rc = povreg__err(db, POVREG_EINVALID,
                         "bhyt_group: %s: params.until_if_not_in_school must "
                         "be MM-DD",
                         g->code);
        goto done;
      }
      snprintf(g->until, sizeof g->until, "%s", until ? until : "");
      if (g->months > c->max_months) {
        c->max_months = g->months;
      }
    }
    if (g->basis == BASIS_NEAR_POOR &&
        sqlite3_column_type(st, 6) != SQLITE_NULL) {
      g->rate_poor_district = sqlite3_column_int(st, 6);
      if (sqlite3_column_type(st, 6) != SQLITE_INTEGER ||
          g->rate_poor_district < 1 || g->rate_poor_district > 100) {
        rc = povreg__err(db, POVREG_EINVALID,
                         "bhyt_group: %s: params.rate_in_poor_district must "
                         "be a rate from 1 to 100",
                         g->code);
        goto done;
      }
    }
    if (g->basis == BASIS_MINORITY || g->basis == BASIS_FLAGGED) {
      if (!parse_flags(flags, &g->flags, bad)) {
        rc = povreg__err(db, POVREG_EINVALID,
                         "bhyt_group: %s: params.flags: unknown flag '%s'",
                         g->code, bad);
        goto done;
      }
      if (g->flags == 0) {
        rc = povreg__err(db, POVREG_EINVALID,
                         "bhyt_group: %s: params.flags must list flags",
                         g->code);
        goto done;
      }
      c->used_flags |= g->flags;
    }
    c->n++;
  }
  rc = rc == SQLITE_DONE ? POVREG_OK : povreg__sqlite_err(db, "bhyt_group");
done:
  povreg__stmt_done(st);
  return rc;
}

/* The year-only birthday 'MM-DD' of the standard governing a year. */
static int year_only_birthday(povreg_db *db, int year, char out[6])
{
  static const char sql[] =
      "SELECT sv.year_only_birthday FROM standard s JOIN standard_version sv "
      "ON sv.standard_id = s.id AND sv.version = s.version WHERE ?1 BETWEEN "
      "s.first_year AND s.last_year ORDER BY s.first_year DESC LIMIT 1";
  sqlite3_stmt *st = NULL;
  int rc;

  snprintf(out, 6, "07-01");
  if ((rc = povreg__stmt(db, sql, &st)) < 0) {
    return rc;
  }
  sqlite3_bind_int(st, 1, year);
  rc = sqlite3_step(st);
  if (rc == SQLITE_ROW) {
    const char *md = (const char *)sqlite3_column_text(st, 0);
    if (month_day_valid(md)) {
      snprintf(out, 6, "%s", md);
    }
  }
  rc = (rc == SQLITE_ROW || rc == SQLITE_DONE)
           ? POVREG_OK
           : povreg__sqlite_err(db, "standard");
  povreg__stmt_done(st);
  return rc;
}

/* ---- the rules in C ------------------------------------------------------ */

/* What the list query says about a person on one date. */
typedef struct facts {
  int active;            /* counts on the date */
  const char *birth;     /* 'YYYY-MM-DD' or 'YYYY' */
  int minority;          /* ethnicity is a minority */
  unsigned mask;         /* flags holding on the date */
  const char *vf[4];     /* first day of each (flag_names order) or NULL */
  const char *cls;       /* household class on the date, or NULL */
  const char *cls_from;  /* effective_on of that status */
  const char *joined_on; /* or NULL */
  const char *date;      /* the date */
  const char *md;        /* year-only birthday for year(date) */
} facts;

/* A person's group on a date. */
typedef struct pick {
  int g;               /* index of the group, -1: none */
  int rate;            /* support rate */
  char valid_from[48]; /* entitlement began */
  unsigned fits;       /* bit i: fits group i */
} pick;

/* Write y-m-d as 'YYYY-MM-DD' (years 0..9999) into out. */
static void put_date(char *out, int y, int m, int d)
{
  out[0] = (char)('0' + y / 1000 % 10);
  out[1] = (char)('0' + y / 100 % 10);
  out[2] = (char)('0' + y / 10 % 10);
  out[3] = (char)('0' + y % 10);
  out[4] = '-';
  out[5] = (char)('0' + m / 10 % 10);
  out[6] = (char)('0' + m % 10);
  out[7] = '-';
  out[8] = (char)('0' + d / 10 % 10);
  out[9] = (char)('0' + d % 10);
  out[10] = '\0';
}

/* Days in a month. */
static int month_days(int y, int m)
{
  static const int mdays[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};

  if (m == 2 && ((y % 4 == 0 && y % 100 != 0) || y % 400 == 0)) {
    return 29;
  }
  return mdays[m - 1];
}

/*
** The full birth date of a person ('YYYY' takes the year-only birthday
** md, a 29 February of a common year is 1 March).  0 if unreadable.
*/
static int full_birth(const char *birth, const char *md, char out[48])
{
  int y, m, d;

  if (birth == NULL) {
    return 0;
  }
  if (strlen(birth) == 4) {
    if ((y = povreg__digits(birth, 4)) < 0) {
      return 0;
    }
    m = povreg__digits(md, 2);
    d = povreg__digits(md + 3, 2);
    if (m < 1 || m > 12 || d < 1 || d > 31) {
      return 0;
    }
    if (m == 2 && d == 29 && month_days(y, 2) == 28) {
      m = 3;
      d = 1;
    }
    put_date(out, y, m, d);
    return 1;
  }
  if (strlen(birth) != 10 || !povreg__date_valid(birth)) {
    return 0;
  }
  memcpy(out, birth, 11);
  return 1;
}

/*
** The day a person born on `birth` (a full date) is `months` months old,
** as SQLite's date(birth, '+N months') counts it: the same day of the
** month, a day that month lacks running into the next month.
*/
static void months_after(const char *birth, int months, char out[48])
{
  int y = povreg__digits(birth, 4), m = povreg__digits(birth + 5, 2),
      d = povreg__digits(birth + 8, 2);
  int total = (m - 1) + months;

  y += total / 12;
  m = total % 12 + 1;
  if (d > month_days(y, m)) {
    d -= month_days(y, m);
    if (++m > 12) {
      m = 1;
      y++;
    }
  }
  put_date(out, y, m, d);
}

/* The first day among the flags of mask that hold (NULL if none). */
static const char *first_flag_day(const facts *f, unsigned mask)
{
  const char *best = NULL;
  size_t i;

  for (i = 0; i < 4; i++) {
    if ((mask & flag_names[i].bit) && f->vf[i] != NULL &&
        (best == NULL || strcmp(f->vf[i], best) < 0)) {
      best = f->vf[i];
    }
  }
  return best;
}

/*
** Does the person fit group g?  If so set the day it began (before the
** join date is taken into account) and the support rate.
*/
static int fits(const bgroup *g, const facts *f, char from[48], int *rate)
{
  char birth[48], turns[48], until[48];
  const char *day = NULL;

  *rate = g->rate;
  switch (g->basis) {
  case BASIS_CHILD:
    if (!full_birth(f->birth, f->md, birth)) {
      return 0;
    }
    months_after(birth, g->months, turns);
    if (strcmp(turns, f->date) > 0) {
      day = birth;
    } else if (g->until[0] != '\0' && strncmp(turns, f->date, 4) == 0) {
      snprintf(until, sizeof until, "%.4s-%s", f->date, g->until);
      if (strcmp(f->date, until) <= 0) {
        day = birth;
      }
    }
    break;
  case BASIS_POOR:
    if (f->cls != NULL && strcmp(f->cls, "poor") == 0) {
      day = f->cls_from;
    }
    break;
  case BASIS_NEAR_POOR:
    if (f->cls != NULL && strcmp(f->cls, "near_poor") == 0) {
      day = f->cls_from;
      if (g->rate_poor_district > 0 && (f->mask & POVREG_UNIT_POOR_DISTRICT)) {
        *rate = g->rate_poor_district;
      }
    }
    break;
  case BASIS_MINORITY:
    if (f->minority && (f->mask & g->flags)) {
      day = first_flag_day(f, g->flags);
    }
    break;
  case BASIS_FLAGGED:
    if (f->mask & g->flags) {
      day = first_flag_day(f, g->flags);
    }
    break;
  default:
    break;
  }
  if (day == NULL) {
    return 0;
  }
  snprintf(from, 48, "%s", day);
  return 1;
}

/* Every group a person fits on a date, and the most favourable one. */
static void choose(const bctx *c, const facts *f, pick *p)
{
  char from[48];
  size_t i;
  int rate;

  p->g = -1;
  p->fits = 0;
  p->rate = 0;
  p->valid_from[0] = '\0';
  if (!f->active) {
    return;
  }
  for (i = 0; i < c->n; i++) {
    if (!fits(&c->g[i], f, from, &rate)) {
      continue;
    }
    p->fits |= 1u << i;
    if (p->g < 0) {
      p->g = (int)i;
      p->rate = rate;
      /* the later of the group's start and the day they joined */
      if (f->joined_on != NULL && strcmp(f->joined_on, from) > 0) {
        snprintf(p->valid_from, sizeof p->valid_from, "%s", f->joined_on);
      } else {
        memcpy(p->valid_from, from, sizeof from);
      }
    }
  }
}

/* Read the facts on one date from columns col.. of a list query row. */
static void read_facts(sqlite3_stmt *st, int col, int has_active, facts *f)
{
  size_t i;

  f->active = has_active ? sqlite3_column_int(st, col++) : 1;
  f->birth = (const char *)sqlite3_column_text(st, C_BIRTH);
  f->minority = sqlite3_column_int(st, C_MINORITY);
  f->joined_on = (const char *)sqlite3_column_text(st, C_JOINED);
  f->mask = (unsigned)sqlite3_column_int(st, col++);
  for (i = 0; i < 4; i++) {
    f->vf[i] = (const char *)sqlite3_column_text(st, col++);
  }
  f->cls = (const char *)sqlite3_column_text(st, col++);
  f->cls_from = (const char *)sqlite3_column_text(st, col);
}

/* ---- writing ------------------------------------------------------------- */

/* Column names of the list (after stt and, for changes, change). */
static const char *const person_header[] = {
    "full_name", "bhxh_no",        "citizen_id", "birth_date",
    "sex",       "household_code", "village",    "commune_code",
    "group",     "support_rate",   "valid_from"};

/* Write the header of the list (missing: add the fix list's column). */
static int write_header(povreg__csvw *w, int changes, int missing)
{
  size_t i;
  int rc = povreg__csvw_field(w, "stt");

  if (rc == 0 && changes) {
    rc = povreg__csvw_field(w, "change");
  }
  for (i = 0; rc == 0 && i < sizeof person_header / sizeof *person_header;
       i++) {
    rc = povreg__csvw_field(w, person_header[i]);
  }
  if (rc == 0 && missing) {
    rc = povreg__csvw_field(w, "missing");
  }
  return rc == 0 ? povreg__csvw_end(w) : rc;
}

/* Write an identifier, masked (all but the last 3 characters) if asked. */
static int write_id(povreg__csvw *w, const char *id, int redact)
{
  char buf[64];
  size_t n, i;

  if (id == NULL || !redact) {
    return povreg__csvw_field(w, id);
  }
  n = strlen(id);
  if (n >= sizeof buf) {
    n = sizeof buf - 1;
  }
  for (i = 0; i < n; i++) {
    buf[i] = i + 3 < n ? '*' : id[i];
  }
  return povreg__csvw_fieldn(w, buf, n);
}

/* What is missing of the mandatory fields ("" if nothing). */
static void missing_of(sqlite3_stmt *st, char *out, size_t n)
{
  static const struct {
    int col;
    const char *name;
  } need[] = {{C_NAME, "full_name"}, {C_SEX, "sex"}, {C_BIRTH, "birth_date"}};
  size_t i, len = 0;

  out[0] = '\0';
  for (i = 0; i < sizeof need / sizeof *need; i++) {
    const unsigned char *v = sqlite3_column_text(st, need[i].col);
    if (v == NULL || v[0] == '\0') {
      len += (size_t)snprintf(out + len, n - len, "%s%s", len ? "; " : "",
                              need[i].name);
    }
  }
  if ((sqlite3_column_type(st, C_BHXH) == SQLITE_NULL ||
       sqlite3_column_bytes(st, C_BHXH) == 0) &&
      (sqlite3_column_type(st, C_CITIZEN) == SQLITE_NULL ||
       sqlite3_column_bytes(st, C_CITIZEN) == 0)) {
    snprintf(out + len, n - len, "%sbhxh_no or citizen_id", len ? "; " : "");
  }
}

/*
** Write one person to the list, or to the fix list when a mandatory field
** is missing.  change: "increase"/"decrease" or NULL.  *to_fix says where
** it went.
*/
static int write_person(bctx *c, sqlite3_stmt *st, const char *change,
                        const pick *p, int *to_fix)
{
  const bgroup *g = &c->g[p->g];
  int redact = c->spec->redact;
  const char *birth = (const char *)sqlite3_column_text(st, C_BIRTH);
  char missing[96];
  povreg__csvw *w;
  int rc;

  missing_of(st, missing, sizeof missing);
  *to_fix = missing[0] != '\0';
  w = *to_fix ? c->fix : c->csv;
  rc = povreg__csvw_int(w, *to_fix ? ++c->fix_stt : ++c->stt);
  if (rc == 0 && change != NULL) {
    rc = povreg__csvw_field(w, change);
  }
  if (rc == 0) {
    rc = povreg__csvw_field(w, (const char *)sqlite3_column_text(st, C_NAME));
  }
  if (rc == 0) {
    rc = write_id(w, (const char *)sqlite3_column_text(st, C_BHXH), redact);
  }
  if (rc == 0) {
    rc = write_id(w, (const char *)sqlite3_column_text(st, C_CITIZEN), redact);
  }
  if (rc == 0) {
    rc = redact && birth != NULL ? povreg__csvw_fieldn(w, birth, 4)
                                 : povreg__csvw_field(w, birth);
  }
  if (rc == 0) {
    rc = povreg__csvw_field(w, (const char *)sqlite3_column_text(st, C_SEX));
  }
  if (rc == 0) {
    rc = povreg__csvw_field(w,
                            (const char *)sqlite3_column_text(st, C_HOUSEHOLD));
  }
  if (rc == 0) {
    rc =
        povreg__csvw_field(w, (const char *)sqlite3_column_text(st, C_VILLAGE));
  }
  if (rc == 0) {
    rc =
        povreg__csvw_field(w, (const char *)sqlite3_column_text(st, C_COMMUNE));
  }
  if (rc == 0) {
    rc = povreg__csvw_field(w, g->code);
  }
  if (rc == 0) {
    rc = povreg__csvw_int(w, p->rate);
  }
  if (rc == 0) {
    /* a child's entitlement starts at birth: redacted, the year only */
    rc = redact && g->basis == BASIS_CHILD && birth != NULL &&
                 strncmp(p->valid_from, birth, 4) == 0
             ? povreg__csvw_fieldn(w, p->valid_from, 4)
             : povreg__csvw_field(w, p->valid_from);
  }
  if (rc == 0 && *to_fix) {
    rc = povreg__csvw_field(w, missing);
  }
  return rc == 0 ? povreg__csvw_end(w) : rc;
}

/* ---- the two exports ----------------------------------------------------- */

/* Find the count entry of a key, adding it; NULL when full. */
static povreg_export_count *count_of(povreg_export_report *rep, const char *key)
{
  size_t i;

  for (i = 0; i < rep->n_counts; i++) {
    if (strcmp(rep->counts[i].key, key) == 0) {
      return &rep->counts[i];
    }
  }
  if (rep->n_counts == sizeof rep->counts / sizeof rep->counts[0]) {
    return NULL;
  }
  memset(&rep->counts[rep->n_counts], 0, sizeof rep->counts[0]);
  snprintf(rep->counts[rep->n_counts].key, sizeof rep->counts[0].key, "%s",
           key);
  return &rep->counts[rep->n_counts++];
}

/* The earliest birth year a child group may hold on date d, as text. */
static void child_floor(const bctx *c, const char *d, char out[48])
{
  if (c->max_months == 0) {
    snprintf(out, 48, "9999");
    return;
  }
  snprintf(out, 48, "%04d", povreg__digits(d, 4) - c->max_months / 12 - 2);
}

/* Count the people who fit each group on the date (sql_eligible). */
static int count_eligible(bctx *c, const char *date, const char *md)
{
  sqlite3_stmt *st = NULL;
  povreg_db *db = c->db;
  int rc;

  if ((rc = povreg__stmt(db, sql_eligible, &st)) < 0) {
    return rc;
  }
  povreg__bind_text(st, 1, date);
  povreg__bind_text(st, 2, c->spec->commune_code);
  povreg__bind_text(st, 3, md);
  while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
    int rank = sqlite3_column_int(st, 0);
    size_t i;
    for (i = 0; i < c->n; i++) {
      if (c->g[i].rank == rank) {
        c->rep->counts[i].eligible = (long)sqlite3_column_int64(st, 1);
        break;
      }
    }
  }
  rc = rc == SQLITE_DONE ? POVREG_OK : povreg__sqlite_err(db, "bhyt");
  povreg__stmt_done(st);
  return rc;
}

/* The list on one date. */
static int export_on(bctx *c, const char *date)
{
  sqlite3_stmt *st = NULL;
  povreg_db *db = c->db;
  char md[6], floor_year[48];
  size_t i;
  int rc;

  if ((rc = year_only_birthday(db, povreg__digits(date, 4), md)) < 0) {
    return rc;
  }
  for (i = 0; i < c->n; i++) {
    count_of(c->rep, c->g[i].code);
  }
  if ((rc = write_header(c->csv, 0, 0)) < 0 ||
      (rc = write_header(c->fix, 0, 1)) < 0) {
    return rc;
  }
  child_floor(c, date, floor_year);
  if ((rc = povreg__stmt(db, sql_people, &st)) < 0) {
    return rc;
  }
  povreg__bind_text(st, 1, date);
  povreg__bind_text(st, 2, c->spec->commune_code);
  povreg__bind_text(st, 3, floor_year);
  sqlite3_bind_int(st, 4, (int)c->used_flags);
  while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
    facts f;
    pick p;
    int to_fix;
    read_facts(st, C_FACTS, 0, &f);
    f.date = date;
    f.md = md;
    choose(c, &f, &p);
    if (p.g < 0) {
      continue;
    }
    for (i = 0; i < c->n; i++) {
      if ((p.fits & (1u << i)) && (int)i != p.g) {
        c->rep->counts[i].better++;
      }
    }
    if ((rc = write_person(c, st, NULL, &p, &to_fix)) < 0) {
      goto done;
    }
    if (to_fix) {
      c->rep->counts[p.g].fix++;
      c->rep->fix_rows++;
    } else {
      c->rep->counts[p.g].rows++;
      c->rep->rows++;
    }
  }
  if (rc != SQLITE_DONE) {
    rc = povreg__sqlite_err(db, "bhyt");
    goto done;
  }
  povreg__stmt_done(st);
  st = NULL;
  rc = count_eligible(c, date, md);
done:
  povreg__stmt_done(st);
  return rc;
}

/* Count one change row under its total and its group (when listed). */
static void count_change(bctx *c, const char *change, const pick *p, int to_fix)
{
  povreg_export_report *rep = c->rep;
  char key[16];
  size_t i;

  snprintf(key, sizeof key, "%s%c", c->g[p->g].code,
           change[0] == 'i' ? '+' : '-');
  for (i = 0; i < rep->n_counts; i++) {
    if (strcmp(rep->counts[i].key, change) == 0 ||
        strcmp(rep->counts[i].key, key) == 0) {
      *(to_fix ? &rep->counts[i].fix : &rep->counts[i].rows) += 1;
    }
  }
  *(to_fix ? &rep->fix_rows : &rep->rows) += 1;
}

/* The increases and decreases between since and date. */
static int export_changes(bctx *c, const char *since, const char *date)
{
  sqlite3_stmt *st = NULL;
  povreg_db *db = c->db;
  char md_a[6], md_b[6], floor_year[48];
  size_t i;
  int rc;

  if ((rc = year_only_birthday(db, povreg__digits(since, 4), md_a)) < 0 ||
      (rc = year_only_birthday(db, povreg__digits(date, 4), md_b)) < 0) {
    return rc;
  }
  count_of(c->rep, "increase");
  count_of(c->rep, "decrease");
  if (2 + 2 * c->n <= sizeof c->rep->counts / sizeof c->rep->counts[0]) {
    for (i = 0; i < c->n; i++) {
      char key[16];
      snprintf(key, sizeof key, "%s+", c->g[i].code);
      count_of(c->rep, key);
      snprintf(key, sizeof key, "%s-", c->g[i].code);
      count_of(c->rep, key);
    }
  }
  if ((rc = write_header(c->csv, 1, 0)) < 0 ||
      (rc = write_header(c->fix, 1, 1)) < 0) {
    return rc;
  }
  child_floor(c, since, floor_year);
  if ((rc = povreg__stmt(db, sql_changes, &st)) < 0) {
    return rc;
  }
  povreg__bind_text(st, 1, since);
  povreg__bind_text(st, 2, date);
  povreg__bind_text(st, 3, c->spec->commune_code);
  povreg__bind_text(st, 4, floor_year);
  sqlite3_bind_int(st, 5, (int)c->used_flags);
  while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
    facts fa, fb;
    pick a, b;
    int to_fix;
    read_facts(st, C_FACTS, 1, &fa);
    read_facts(st, C_FACTS + 8, 1, &fb);
    fa.date = since;
    fa.md = md_a;
    fb.date = date;
    fb.md = md_b;
    choose(c, &fa, &a);
    choose(c, &fb, &b);
    if (a.g == b.g && (a.g < 0 || a.rate == b.rate)) {
      continue;
    }
    if (a.g >= 0) {
      if ((rc = write_person(c, st, "decrease", &a, &to_fix)) < 0) {
        goto done;
      }
      count_change(c, "decrease", &a, to_fix);
    }
    if (b.g >= 0) {
      if ((rc = write_person(c, st, "increase", &b, &to_fix)) < 0) {
        goto done;
      }
      count_change(c, "increase", &b, to_fix);
    }
  }
  rc = rc == SQLITE_DONE ? POVREG_OK : povreg__sqlite_err(db, "bhyt");
done:
  povreg__stmt_done(st);
  return rc;
}

/* The BHYT list or its changes (see povreg_int.h). */
int povreg__export_bhyt(povreg_db *db, const povreg_export_spec *spec,
                        const char *date, struct povreg__csvw *csv,
                        struct povreg__csvw *fix, povreg_export_report *rep)
{
  bctx c;
  int rc;

  memset(&c, 0, sizeof c);
  c.db = db;
  c.spec = spec;
  c.csv = csv;
  c.fix = fix;
  c.rep = rep;
  if ((rc = load_groups(&c)) < 0) {
    return rc;
  }
  if (spec->changes_since != NULL) {
    return export_changes(&c, spec->changes_since, date);
  }
  return export_on(&c, date);
}
