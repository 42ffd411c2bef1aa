/*
** gen_ledger.c: a deterministic, seeded generator of synthetic ledger data
** in the import formats (docs/import-export.md): households.csv,
** members.csv and survey.csv, for the import benchmarks (issues 5 and 7).
**
** Usage: gen_ledger [--households N] [--seed S] [--shuffle] [--out DIR]
**
** What it writes:
**  - N households spread over the 7 communes of Sa Thầy and Ia H' Drai
**    that exist today (migration 0003; at province scale the communes
**    repeat), in villages "Thôn 1".."Thôn K" and "Làng Kon ..." (the
**    import creates them with --new-villages), with addresses, some
**    phones and notes (some quoted, with commas or quotes; no line break:
**    the ledger refuses control characters in text) and a created_on
**    date in 2010-2023;
**  - about 4.2 members per household (head, spouse, children,
**    grandchildren, parents, others) with Vietnamese names with
**    diacritics, Kinh and ethnic-minority (Xơ-đăng, Gia-rai, Brâu,
**    Rơ-măm, Mường, Tày ...), sexes (M/F, sometimes Nam/Nữ), birth dates
**    (some year-only), ethnicity as a code or a name, unique 12-digit
**    citizen IDs for most people aged 14 or over, unique 10-digit BHXH
**    numbers for most insured people, and the standing flags
**    health_insurance, in_school, education_grade (some empty);
**  - one survey per household for review year 2023 (standard ND07-2021):
**    income per capita spread so that about a quarter of the households
**    fall under the poverty line, and/or score A; the 12 indicators either
**    ticked 0/1 or left empty with the household facts their rules need.
**    Indicators whose rule needs a member fact the files cannot carry
**    (dependants: "disabled"; adult_education: "has_vocational") are
**    always ticked; health_insurance and child_schooling are left empty
**    only when every member the rule looks at has the standing flag.
**    latrine is always ticked too: its rule's fact is also named
**    "latrine", and a header cannot name one column twice.
**
** Row content is a pure function of (seed, household index): every
** household is generated from its own PRNG, so the same seed gives
** byte-identical files, and --shuffle writes the same rows in an order
** given by a keyed bijective permutation of 0..N-1 (a Feistel network
** with cycle walking), different for each file.  Members of a household
** stay on consecutive lines in both orders.  Nothing is held per row:
** memory does not grow with N.
**
** Prints "households=N", "members=M", "surveys=N" on standard output.
*/
#define _POSIX_C_SOURCE 200809L
#include <errno.h>
#include <inttypes.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define MAX_MEMBERS 12    /* most members one household gets */
#define REVIEW_YEAR 2023  /* the survey's review year (ND07-2021) */
#define BLOCK 8000000L    /* households per citizen-ID prefix block */
#define OUT_BUF (1 << 20) /* stdio buffer per output file */

/* ---- Deterministic randomness --------------------------------------- */

/* splitmix64 finaliser: a good 64-bit mixing function. */
static uint64_t mix64(uint64_t z)
{
  z = (z ^ (z >> 30)) * UINT64_C(0xBF58476D1CE4E5B9);
  z = (z ^ (z >> 27)) * UINT64_C(0x94D049BB133111EB);
  return z ^ (z >> 31);
}

/* A splitmix64 generator: one per household, seeded from (seed, i). */
typedef struct rng {
  uint64_t s;
} rng;

/* Next 64 random bits. */
static uint64_t rnext(rng *r)
{
  r->s += UINT64_C(0x9E3779B97F4A7C15);
  return mix64(r->s);
}

/* A number in [0, n); n > 0 (the bias of the modulo is negligible). */
static int rbelow(rng *r, int n)
{
  return (int)((rnext(r) >> 16) % (uint64_t)n);
}

/* 1 with probability pct percent. */
static int chance(rng *r, int pct)
{
  return rbelow(r, 100) < pct;
}

/* Pick one string of a NULL-free array of n. */
#define PICK(r, arr) ((arr)[rbelow((r), (int)(sizeof(arr) / sizeof *(arr)))])

/*
** A keyed bijection of [0, n): a 4-round Feistel network over the
** smallest even number of bits covering n, with cycle walking (apply it
** again until the value falls inside [0, n)).
*/
typedef struct perm {
  uint64_t n;
  unsigned half; /* bits of each half */
  uint64_t key[4];
} perm;

/* Set up the permutation of [0, n) for a key. */
static void perm_init(perm *p, uint64_t n, uint64_t key)
{
  unsigned bits = 2;
  int k;

  while (bits < 64 && (UINT64_C(1) << bits) < n) {
    bits++;
  }
  if (bits % 2 != 0) {
    bits++;
  }
  p->n = n;
  p->half = bits / 2;
  for (k = 0; k < 4; k++) {
    key = mix64(key + UINT64_C(0x9E3779B97F4A7C15) * (uint64_t)(k + 1));
    p->key[k] = key;
  }
}

/* The image of x (x < n) under the permutation. */
static uint64_t perm_at(const perm *p, uint64_t x)
{
  uint64_t mask = (UINT64_C(1) << p->half) - 1;
  int k;

  do {
    uint64_t l = x >> p->half, r = x & mask, t;
    for (k = 0; k < 4; k++) {
      t = r;
      r = l ^ (mix64(r ^ p->key[k]) & mask);
      l = t;
    }
    x = (l << p->half) | r;
  } while (x >= p->n);
  return x;
}

/* ---- Vocabulary ------------------------------------------------------- */

/* The communes of migration 0003 that exist today, with what we invent. */
static const struct commune {
  const char *code;
  const char *name;       /* current name, for addresses */
  int thon;               /* villages "Thôn 1".."Thôn thon" */
  const char *lang[5];    /* then these (NULL ends) */
  int minority_pct;       /* share of ethnic-minority households */
  const char *groups[10]; /* minority codes, repeated as weights (NULL ends) */
} communes[] = {
    {"23527",
     "Xã Sa Thầy",
     8,
     {"Làng Kon Tu", "Làng Kà Bầy", "Làng Rắc"},
     30,
     {"14", "14", "14", "10"}},
    {"23530",
     "Xã Rờ Kơi",
     3,
     {"Làng Kon Bring", "Làng Kon Tuh", "Làng Đắk Đe", "Làng Gia Xiêng"},
     90,
     {"14", "14", "14", "10", "10", "13"}},
    {"23534",
     "Xã Sa Bình",
     5,
     {"Làng Kon Hia", "Làng Lung", "Làng Chốt"},
     80,
     {"14", "14", "14", "10", "52"}},
    {"23536",
     "Xã Mô Rai",
     6,
     {"Làng Le", "Làng Kon Đao"},
     85,
     {"54", "54", "14", "14", "10", "10"}},
    {"23548",
     "Xã Ya Ly",
     4,
     {"Làng Trấp", "Làng Kon Khôn", "Làng Tum"},
     70,
     {"14", "14", "10", "10", "13"}},
    {"23535",
     "Xã Ia Đal",
     9,
     {NULL},
     35,
     {"10", "10", "10", "06", "02", "03", "07", "08", "09"}},
    {"23538",
     "Xã Ia Tơi",
     8,
     {"Làng Kon Jơ Ri"},
     40,
     {"10", "10", "10", "06", "02", "03", "07", "08"}},
};
#define N_COMMUNES ((int)(sizeof communes / sizeof *communes))

/* Official names of the ethnic codes used (for cells that give a name). */
static const struct {
  const char *code, *name;
} ethnic_names[] = {
    {"01", "Kinh"},  {"02", "Tày"},     {"03", "Thái"}, {"06", "Mường"},
    {"07", "Nùng"},  {"08", "HMông"},   {"09", "Dao"},  {"10", "Gia-rai"},
    {"13", "Ba-na"}, {"14", "Xơ-đăng"}, {"52", "Brâu"}, {"54", "Rơ-măm"},
};

static const char *const kinh_family[] = {
    "Nguyễn", "Trần", "Lê",  "Phạm", "Hoàng", "Huỳnh", "Phan",  "Vũ",
    "Võ",     "Đặng", "Bùi", "Đỗ",   "Hồ",    "Ngô",   "Dương", "Lý"};
/* Weights of kinh_family in percent-ish (Nguyễn is common). */
static const int kinh_family_w[] = {38, 11, 9, 7, 5, 4, 4, 4,
                                    3,  2,  2, 2, 2, 2, 2, 3};
static const char *const north_family[] = {
    "Hà",   "Lò",  "Nông", "Lục",   "Triệu", "Giàng", "Vàng",
    "Sùng", "Bàn", "Đinh", "Quách", "Lường", "Hoàng", "Lê"};
static const char *const jrai_family[] = {"Rơ Châm", "Siu", "Ksor",   "Rah Lan",
                                          "Kpă",     "Nay", "Rơ Mah", "Rơ Ô"};
static const char *const mid_male[] = {"Văn",  "Đức",  "Minh",  "Hữu",
                                       "Quốc", "Công", "Thanh", "Xuân",
                                       "Đình", "Ngọc", "Trọng", "Anh"};
static const char *const mid_female[] = {"Thị",  "Thị",  "Thị",   "Ngọc",
                                         "Thu",  "Minh", "Thanh", "Kim",
                                         "Bích", "Mỹ",   "Thùy",  "Hồng"};
static const char *const given_male[] = {
    "Đức",   "Hùng",  "Dũng",  "Nam",  "Tuấn", "Long", "Sơn",   "Hải",
    "Quang", "Thắng", "Cường", "Việt", "Minh", "Phúc", "Khánh", "Hoàng",
    "Trung", "Thành", "Bảo",   "Huy",  "Khoa", "Lộc",  "Nghĩa", "Phong",
    "Tài",   "Thịnh", "Vinh",  "Đạt",  "Hiếu", "Kiên", "Tú",    "Lâm"};
static const char *const given_female[] = {
    "Hoa",  "Lan",  "Hương", "Mai",   "Thu",   "Hằng",   "Nga",  "Trang",
    "Linh", "Ngọc", "Thảo",  "Yến",   "Nhung", "Phương", "Hạnh", "Loan",
    "Diệu", "Ánh",  "Tuyết", "Quỳnh", "Vy",    "Nhi",    "Thư",  "Hiền",
    "Oanh", "Xuân", "Đào",   "Liên",  "Huệ",   "Cúc",    "Nhàn", "Gấm"};
static const char *const highland_given[] = {
    "Bơm",  "Hờ",    "Blong",  "Thuận", "Hmin", "Nhung", "Brưh", "Dim",
    "Hyun", "Blơ",   "Phơk",   "Hlen",  "Đinh", "Mứt",   "Ngưi", "Rin",
    "Pơr",  "Kiêng", "Hriêng", "Yă",    "Bia",  "Plăk",  "Rông", "Tơ",
    "Juin", "Hnia",  "Luih",   "Drang", "Kră",  "Rưn",   "Hlơm", "Nưh"};
static const char *const enumerators[] = {
    "Nguyễn Thị Hồng", "A Thuận",    "Trần Văn Long", "Y Hlen",
    "Rơ Châm Hyun",    "Lê Thị Thu", "Phạm Đức Huy",  "Siu H'Bia"};
static const char *const water_ok[] = {"piped",          "borehole",
                                       "protected_well", "protected_spring",
                                       "rain",           "bottled"};
static const char *const water_bad[] = {"unprotected_well", "river", "pond",
                                        "unprotected_spring"};
static const char *const notes_text[] = {
    "Hộ mới tách từ hộ bố mẹ",
    "Chủ hộ đi làm ăn xa, vợ ở nhà",
    "Nhà ở gần suối, mùa mưa \"bị chia cắt\"",
    "Hộ có người khuyết tật, cần xác minh lại",
    "Đã kiểm tra, cần bổ sung giấy tờ",
    "Gia đình chính sách; hỗ trợ nhà ở 2019"};

/* Household sizes 1..9 and their weights in percent: mean 4.20. */
static const int size_w[] = {6, 11, 18, 25, 19, 11, 5, 3, 2};

/*
** Income per capita (thousand VND per month) at the quantiles 0, 5, ...,
** 100 percent of a log-normal with median 1,900 and sigma 0.5 (ethnic-
** minority households; Kinh households get 1.7 times as much).
*/
static const int income_q[] = {300,  835,  1001, 1132, 1247, 1356, 1462,
                               1567, 1674, 1784, 1900, 2023, 2157, 2303,
                               2469, 2662, 2894, 3189, 3606, 4324, 9000};

/* ---- The model of a household ---------------------------------------- */

enum relation { R_HEAD, R_SPOUSE, R_CHILD, R_GRANDCHILD, R_PARENT, R_OTHER };
static const char *const relation_key[] = {"head",       "spouse", "child",
                                           "grandchild", "parent", "other"};

/* A member as generated. */
typedef struct person {
  char name[112];
  int male;
  int by, bm, bd; /* birth date; bm == 0: the year only */
  int age;        /* completed years on the reference date 09-01 */
  enum relation rel;
  const char *eth;       /* ethnic code */
  int hi, school, grade; /* standing flags; -1: the cell is empty */
  int cid, bhxh;         /* has a citizen ID / BHXH number */
} person;

/* A household as generated, with its survey. */
typedef struct household {
  long i;   /* index 0..N-1 */
  int c;    /* commune index */
  long seq; /* number inside the commune, 1-based */
  char village[64];
  char address[160];
  char phone[16];
  const char *notes; /* NULL: empty cell */
  int cy, cm, cd;    /* created_on */
  int minority;
  const char *eth;
  int n;
  person m[MAX_MEMBERS];
  /* survey */
  long income; /* VND; -1: empty */
  int score_a; /* -1: empty */
  int sm, sd;  /* surveyed_on in REVIEW_YEAR */
  const char *enumerator;
  int tick[12]; /* -1 empty, else 0/1 (ND07 order) */
  int unemployed, malnourished, nondurable;
  int area2; /* living area in half square metres */
  const char *water;
  int internet, tv, radio, computer, smartphone;
  int fact_empty; /* bit k: leave fact cell k empty */
} household;

/* ND07-2021 indicator keys, in the decree's order. */
static const char *const ind_key[12] = {
    "employment",      "dependants",      "nutrition",       "health_insurance",
    "adult_education", "child_schooling", "housing_quality", "housing_area",
    "water",           "latrine",         "telecom",         "info_access"};
/* The household facts written, in column order. */
static const char *const fact_key[] = {"unemployed_members",
                                       "malnourished_children",
                                       "nondurable_parts",
                                       "living_area_m2",
                                       "water_source",
                                       "uses_internet",
                                       "has_tv",
                                       "has_radio",
                                       "has_computer",
                                       "has_smartphone"};
#define N_FACTS ((int)(sizeof fact_key / sizeof *fact_key))

/* 1 if y is a leap year. */
static int leap(int y)
{
  return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
}

/* Days in month m of year y. */
static int mdays(int y, int m)
{
  static const int d[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};

  return m == 2 && leap(y) ? 29 : d[m - 1];
}

/*
** Give p a birth date in year y (a full date, or the year only with
** year_only_pct percent), never after 2023-08-31, and its age on
** 2023-09-01 (a year-only date counts as 07-01, as the standards do).
*/
static void birth(rng *r, person *p, int y, int year_only_pct)
{
  int last_m = y >= REVIEW_YEAR ? 8 : 12;

  if (y > REVIEW_YEAR) {
    y = REVIEW_YEAR;
  }
  p->by = y;
  if (chance(r, year_only_pct)) {
    p->bm = 0;
    p->bd = 0;
    p->age = REVIEW_YEAR - y;
    return;
  }
  p->bm = 1 + rbelow(r, last_m);
  p->bd = 1 + rbelow(r, mdays(y, p->bm));
  p->age = REVIEW_YEAR - y - (p->bm > 9 || (p->bm == 9 && p->bd > 1));
}

/* Pick a Kinh family name by weight. */
static const char *kinh_family_name(rng *r)
{
  int k = rbelow(r, 100), i;

  for (i = 0; i < (int)(sizeof kinh_family_w / sizeof *kinh_family_w); i++) {
    if (k < kinh_family_w[i]) {
      return kinh_family[i];
    }
    k -= kinh_family_w[i];
  }
  return kinh_family[0];
}

/*
** Name person p of ethnic group eth.  family: the family name to use
** (Kinh-style groups), NULL to pick one.
*/
static void name_person(rng *r, person *p, const char *family)
{
  const char *eth = p->eth;

  if (strcmp(eth, "14") == 0 || strcmp(eth, "13") == 0 ||
      strcmp(eth, "52") == 0 || strcmp(eth, "54") == 0) {
    /* Kon Tum highland style: A (men), Y (women), sometimes A/Y Thị */
    if (p->male) {
      snprintf(p->name, sizeof p->name, "A %s", PICK(r, highland_given));
    } else if (chance(r, 15)) {
      snprintf(p->name, sizeof p->name, "%s Thị %s", chance(r, 50) ? "A" : "Y",
               PICK(r, highland_given));
    } else {
      snprintf(p->name, sizeof p->name, "Y %s", PICK(r, highland_given));
    }
  } else if (strcmp(eth, "10") == 0) {
    /* Gia-rai: clan name, then the given name (women often H'...) */
    snprintf(p->name, sizeof p->name, "%s %s%s",
             family != NULL ? family : PICK(r, jrai_family),
             !p->male && chance(r, 50) ? "H'" : "", PICK(r, highland_given));
  } else {
    if (family == NULL) {
      family =
          strcmp(eth, "01") == 0 ? kinh_family_name(r) : PICK(r, north_family);
    }
    if (chance(r, 8)) { /* two given names: Nguyễn Thị Thu Hương */
      snprintf(p->name, sizeof p->name, "%s %s %s %s", family,
               p->male ? PICK(r, mid_male) : PICK(r, mid_female),
               p->male ? PICK(r, given_male) : PICK(r, given_female),
               p->male ? PICK(r, given_male) : PICK(r, given_female));
    } else {
      snprintf(p->name, sizeof p->name, "%s %s %s", family,
               p->male ? PICK(r, mid_male) : PICK(r, mid_female),
               p->male ? PICK(r, given_male) : PICK(r, given_female));
    }
  }
}

/* The family name of a Kinh-style name (its first word), or NULL. */
static const char *family_of(const person *p, char *buf, size_t n)
{
  const char *sp = strchr(p->name, ' ');
  size_t len;

  if (strcmp(p->eth, "14") == 0 || strcmp(p->eth, "13") == 0 ||
      strcmp(p->eth, "52") == 0 || strcmp(p->eth, "54") == 0) {
    return NULL;
  }
  if (strcmp(p->eth, "10") == 0) { /* clan names may be two words */
    size_t k;
    for (k = 0; k < sizeof jrai_family / sizeof *jrai_family; k++) {
      len = strlen(jrai_family[k]);
      if (strncmp(p->name, jrai_family[k], len) == 0 && p->name[len] == ' ') {
        return jrai_family[k];
      }
    }
    return NULL;
  }
  if (sp == NULL) {
    return NULL;
  }
  len = (size_t)(sp - p->name);
  if (len >= n) {
    return NULL;
  }
  memcpy(buf, p->name, len);
  buf[len] = '\0';
  return buf;
}

/* Standing flags of p by its age; minority lowers the grades. */
static void flags(rng *r, person *p, int minority, int unknown)
{
  int a = p->age;

  p->hi = chance(r, a < 6 ? 98 : minority ? 96 : 90);
  if (a < 3) {
    p->school = 0;
  } else if (a < 6) {
    p->school = chance(r, 75);
  } else if (a < 16) {
    p->school = chance(r, 93);
  } else if (a < 18) {
    p->school = chance(r, 75);
  } else if (a < 23) {
    p->school = chance(r, 25);
  } else {
    p->school = 0;
  }
  if (a < 7) {
    p->grade = 0;
  } else if (p->school || a <= 19) {
    p->grade = a - 7 > 12 ? 12 : a - 7;
    if (!p->school && p->grade > 3) {
      p->grade -= rbelow(r, p->grade - 2);
    }
  } else if (a <= 30) {
    p->grade = chance(r, minority ? 35 : 70)
                   ? 12
                   : (minority ? 3 : 6) + rbelow(r, minority ? 9 : 6);
  } else {
    p->grade = minority ? rbelow(r, 10) : 5 + rbelow(r, 8);
  }
  if (p->grade > 12) {
    p->grade = 12;
  }
  if (a < 3) { /* nobody asks: no rule looks at infants' schooling */
    p->school = -1;
    p->grade = -1;
  }
  if (unknown) {
    if (chance(r, 40)) {
      p->hi = -1;
    }
    if (chance(r, 40)) {
      p->school = -1;
    }
    if (chance(r, 40)) {
      p->grade = -1;
    }
  }
}

/* A minority group of commune c, picked by the commune's weights. */
static const char *pick_group(rng *r, int c)
{
  int n = 0;

  while (n < 10 && communes[c].groups[n] != NULL) {
    n++;
  }
  return communes[c].groups[rbelow(r, n)];
}

/* Make the members of h (its size, ages, names, flags). */
static void make_members(rng *r, household *h)
{
  int n = 1, k, w = rbelow(r, 100), np = 0, nch, j, unknown;
  person *head = &h->m[0];
  char fam_buf[32];
  const char *fam;

  for (k = 0; k < (int)(sizeof size_w / sizeof *size_w); k++) {
    if (w < size_w[k]) {
      n = k + 1;
      break;
    }
    w -= size_w[k];
  }
  unknown = chance(r, 5);
  memset(h->m, 0, sizeof h->m);
  head->rel = R_HEAD;
  head->male = chance(r, 80);
  head->eth = h->eth;
  birth(r, head,
        REVIEW_YEAR -
            (20 + rbelow(r, 28) + rbelow(r, 28) + (chance(r, 5) ? 10 : 0)),
        h->minority ? 15 : 4);
  name_person(r, head, NULL);
  k = 1;
  if (n >= 2 && chance(r, n >= 3 ? 92 : 75)) {
    person *s = &h->m[k++];
    s->rel = R_SPOUSE;
    s->male = !head->male;
    s->eth =
        chance(r, 90) ? h->eth : (h->minority ? "01" : pick_group(r, h->c));
    birth(r, s, head->by + (head->male ? rbelow(r, 7) : -rbelow(r, 7)),
          h->minority ? 15 : 4);
    if (s->age < 18) {
      birth(r, s, REVIEW_YEAR - 18 - rbelow(r, 5), 0);
    }
    name_person(r, s, NULL);
  }
  if (n - k >= 2 && head->age < 55 && chance(r, 25)) {
    np = 1 + (n - k >= 3 && chance(r, 50));
  }
  nch = n - k - np;
  /* children take the father's family name */
  fam = family_of(head->male || k == 1 ? head : &h->m[1], fam_buf,
                  sizeof fam_buf);
  for (j = 0; j < nch; j++) {
    person *p = &h->m[k++];
    int y;
    p->male = chance(r, 51);
    p->eth = h->eth;
    if (head->age >= 58 && j >= 2) {
      p->rel = R_GRANDCHILD;
      y = head->by + 46 + 2 * (j - 2) + rbelow(r, 3);
    } else {
      p->rel = R_CHILD;
      y = head->by + 21 + 2 * j + rbelow(r, 3);
    }
    if (y > REVIEW_YEAR) { /* too young a head: a relative instead */
      p->rel = R_OTHER;
      y = head->by - 10 + rbelow(r, 21);
      if (y > REVIEW_YEAR - 1) {
        y = REVIEW_YEAR - 1;
      }
    }
    birth(r, p, y, h->minority ? 6 : 1);
    name_person(r, p, p->rel == R_OTHER ? NULL : fam);
  }
  for (j = 0; j < np; j++) {
    person *p = &h->m[k++];
    int y = head->by - 22 - rbelow(r, 10);
    p->rel = R_PARENT;
    p->male = np == 2 ? j == 0 : chance(r, 35);
    p->eth = h->eth;
    if (y < 1925) {
      y = 1925;
    }
    birth(r, p, y, h->minority ? 40 : 15);
    name_person(r, p,
                p->male ? family_of(head, fam_buf, sizeof fam_buf) : NULL);
  }
  h->n = n;
  for (j = 0; j < n; j++) {
    person *p = &h->m[j];
    flags(r, p, h->minority, unknown);
    p->cid = p->age >= 14 && chance(r, 90);
    p->bhxh = p->hi == 1 && chance(r, 75);
  }
}

/* Add days to a date in REVIEW_YEAR (month m, day d). */
static void add_days(int *m, int *d, int days)
{
  *d += days;
  while (*d > mdays(REVIEW_YEAR, *m)) {
    *d -= mdays(REVIEW_YEAR, *m);
    (*m)++;
  }
}

/* Decide the survey of h from its welfare rank u (0 poorest .. 9999). */
static void make_survey(rng *r, household *h, int u)
{
  int f = 10000 - u, k, mode, kids = 0, dep = 0, hi_dep = 0, hi_known = 1;
  int sch_dep = 0, sch_known = 1, ad_dep = 0, q, t;
  long inc;
  /* base rates (percent at the average rank) of the fact indicators */
  static const int base[12] = {8, 0, 6, 0, 0, 0, 12, 10, 15, 25, 30, 8};
  int d[12];

  q = u / 500;
  inc = income_q[q] + (long)(income_q[q + 1] - income_q[q]) * (u % 500) / 500;
  if (!h->minority) {
    inc = inc * 17 / 10;
  }
  inc = inc * 1000 + rbelow(r, 100) * 1000 - 50000;
  if (inc < 100000) {
    inc = 100000;
  }
  mode = rbelow(r, 10);
  h->income = mode == 8 ? -1 : inc;
  h->score_a = mode >= 8 ? 60 + u * 260 / 10000 + rbelow(r, 21) - 10 : -1;
  h->sm = 9;
  h->sd = 5;
  add_days(&h->sm, &h->sd, rbelow(r, 60));
  h->enumerator = enumerators[(h->c * 3 + rbelow(r, 3)) % 8];

  for (k = 0; k < 12; k++) {
    int p = base[k] * f / 5000;
    d[k] = chance(r, p > 95 ? 95 : p);
  }
  /* member-based indicators computed from the members */
  for (k = 0; k < h->n; k++) {
    const person *p = &h->m[k];
    if (p->age < 16) {
      kids++;
    }
    if (p->age < 16 || p->age >= 60) {
      dep++;
    }
    if (p->age >= 6) {
      if (p->hi < 0) {
        hi_known = 0;
      } else if (p->hi == 0) {
        hi_dep = 1;
      }
    }
    if (p->age >= 3 && p->age <= 15) {
      if (p->school < 0) {
        sch_known = 0;
      } else if (p->school == 0) {
        sch_dep = 1;
      }
    }
    if ((p->age == 16 || p->age == 17) && p->school == 0 && p->grade >= 0 &&
        p->grade < 9) {
      ad_dep = 1;
    }
    if (p->age >= 18 && p->age <= 30 && p->school == 0 && p->grade >= 0 &&
        p->grade < 12) {
      ad_dep = 1;
    }
  }
  if (kids == 0) {
    d[2] = 0;
  }
  d[1] = 2 * dep > h->n;
  d[3] = hi_dep;
  d[4] = ad_dep && !chance(r, 20); /* 20%: a vocational qualification */
  d[5] = sch_dep;
  for (k = 0; k < 12; k++) {
    h->tick[k] = chance(r, 45) ? d[k] : -1;
  }
  h->tick[1] = d[1]; /* needs "disabled": always ticked */
  h->tick[4] = d[4]; /* needs "has_vocational": always ticked */
  /* the fact "latrine" has the indicator's name, so the file cannot carry
     both columns: the indicator column is always ticked */
  h->tick[9] = d[9];
  if (!hi_known) {
    h->tick[3] = d[3];
  }
  if (!sch_known) {
    h->tick[5] = d[5];
  }

  /* facts consistent with the decisions */
  h->unemployed = d[0] ? 1 + chance(r, 25) : 0;
  h->malnourished = d[2] ? 1 + (kids >= 2 && chance(r, 30)) : 0;
  h->nondurable = d[6] ? 2 + chance(r, 40) : chance(r, 30);
  t = 8 * h->n; /* the line, in m² */
  h->area2 = d[7] ? 2 * (3 * h->n + rbelow(r, t - 3 * h->n))
                  : 2 * (t + rbelow(r, 17 * h->n + 1));
  if (chance(r, 10)) {
    h->area2 += 1; /* .5: still below the line when deprived (< 8n) */
  }
  h->water = d[8] ? PICK(r, water_bad) : PICK(r, water_ok);
  h->internet = !d[10];
  if (d[11]) {
    h->tv = h->radio = h->computer = h->smartphone = 0;
  } else {
    h->tv = chance(r, 70);
    h->radio = chance(r, 20);
    h->computer = chance(r, 15);
    h->smartphone = chance(r, 80);
    if (!(h->tv || h->radio || h->computer || h->smartphone)) {
      h->smartphone = 1;
    }
  }
  /* a fact cell may be empty when the indicator using it is ticked */
  h->fact_empty = 0;
  {
    static const int uses[N_FACTS] = {0, 2, 6, 7, 8, 10, 11, 11, 11, 11};
    for (k = 0; k < N_FACTS; k++) {
      if (h->tick[uses[k]] >= 0 && chance(r, 25)) {
        h->fact_empty |= 1 << k;
      }
    }
  }
}

/* Generate household i completely (a pure function of seed and i). */
static void make_household(household *h, uint64_t seed, long i)
{
  rng r;
  const struct commune *cm;
  int nv, v, u;

  memset(h, 0, sizeof *h);
  r.s = mix64(seed * UINT64_C(0x100000001B3) ^ mix64((uint64_t)i + 1));
  h->i = i;
  h->c = (int)(i % N_COMMUNES);
  h->seq = i / N_COMMUNES + 1;
  cm = &communes[h->c];
  nv = 0;
  while (nv < 5 && cm->lang[nv] != NULL) {
    nv++;
  }
  v = rbelow(&r, cm->thon + nv);
  if (v < cm->thon) {
    snprintf(h->village, sizeof h->village, "Thôn %d", v + 1);
  } else {
    snprintf(h->village, sizeof h->village, "%s", cm->lang[v - cm->thon]);
  }
  switch (rbelow(&r, 10)) {
  case 0:
    h->address[0] = '\0';
    break;
  case 1:
  case 2:
  case 3:
    snprintf(h->address, sizeof h->address, "Số %d, %s, %s",
             1 + rbelow(&r, 250), h->village, cm->name);
    break;
  default:
    snprintf(h->address, sizeof h->address, "%s, %s", h->village, cm->name);
    break;
  }
  if (chance(&r, 60)) {
    static const char *const pre[] = {"090", "091", "097", "098",
                                      "033", "035", "086", "077"};
    snprintf(h->phone, sizeof h->phone, "%s%07d", PICK(&r, pre),
             rbelow(&r, 10000000));
  }
  h->notes = chance(&r, 5) ? PICK(&r, notes_text) : NULL;
  h->cy = 2010 + rbelow(&r, 14);
  h->cm = 1 + rbelow(&r, h->cy == 2023 ? 6 : 12);
  h->cd = 1 + rbelow(&r, mdays(h->cy, h->cm));
  h->minority = chance(&r, cm->minority_pct);
  h->eth = h->minority ? pick_group(&r, h->c) : "01";
  make_members(&r, h);
  /* welfare rank: minority households are poorer through income_q */
  u = rbelow(&r, 10000);
  make_survey(&r, h, u);
}

/* ---- CSV output ------------------------------------------------------- */

/* Write one field, quoted when it holds a separator, quote or line end. */
static void put(FILE *f, const char *s)
{
  if (strpbrk(s, ",\"\r\n;") == NULL) {
    fputs(s, f);
    return;
  }
  putc('"', f);
  for (; *s != '\0'; s++) {
    if (*s == '"') {
      putc('"', f);
    }
    putc(*s, f);
  }
  putc('"', f);
}

/* Write a flag (-1: empty cell) preceded by a comma. */
static void put_flag(FILE *f, int v)
{
  if (v >= 0) {
    fprintf(f, ",%d", v);
  } else {
    putc(',', f);
  }
}

/* Name of an ethnic code, or the code itself if not in the table. */
static const char *ethnic_name(const char *code)
{
  size_t k;

  for (k = 0; k < sizeof ethnic_names / sizeof *ethnic_names; k++) {
    if (strcmp(ethnic_names[k].code, code) == 0) {
      return ethnic_names[k].name;
    }
  }
  return code;
}

/* Birth provinces (3 digits) that prefix the citizen IDs of each block. */
static const char *const cid_prefix[] = {
    "062", "051", "038", "040", "042", "044", "045", "046", "049", "052",
    "054", "056", "058", "060", "064", "066", "067", "068", "070", "072"};
/* Province codes (2 digits) that prefix the BHXH numbers of each block. */
static const char *const bhxh_prefix[] = {
    "62", "51", "38", "40", "42", "44", "45", "46", "49", "52",
    "54", "56", "58", "60", "64", "66", "67", "68", "70", "72"};
#define N_BLOCKS ((long)(sizeof cid_prefix / sizeof *cid_prefix))

/* households.csv row of h. */
static void write_household(FILE *f, const household *h)
{
  fprintf(f, "%s-%07ld,%s,", communes[h->c].code, h->seq, communes[h->c].code);
  put(f, h->village);
  putc(',', f);
  put(f, h->address);
  putc(',', f);
  fputs(h->phone, f);
  putc(',', f);
  if (h->notes != NULL) {
    put(f, h->notes);
  }
  fprintf(f, ",%04d-%02d-%02d\n", h->cy, h->cm, h->cd);
}

/* members.csv rows of h (one per member, in member_no order). */
static void write_members(FILE *f, const household *h, uint64_t seed, rng *r)
{
  long block = h->i / BLOCK, local = h->i % BLOCK;
  uint64_t off = mix64(seed ^ UINT64_C(0xC1D)) % 100000000u;
  uint64_t off2 = mix64(seed ^ UINT64_C(0xB4));
  int k;

  off2 %= 100000000u;
  for (k = 0; k < h->n; k++) {
    const person *p = &h->m[k];
    uint64_t serial = (uint64_t)local * MAX_MEMBERS + (uint64_t)k;
    int alt = chance(r, 8);
    fprintf(f, "%s-%07ld,%d,", communes[h->c].code, h->seq, k + 1);
    put(f, p->name);
    fputs(p->male ? (alt ? ",Nam," : ",M,") : (alt ? ",Nữ," : ",F,"), f);
    if (p->bm == 0) {
      fprintf(f, "%04d,", p->by);
    } else {
      fprintf(f, "%04d-%02d-%02d,", p->by, p->bm, p->bd);
    }
    fputs(p->rel == R_HEAD && chance(r, 10) ? "chủ hộ" : relation_key[p->rel],
          f);
    putc(',', f);
    if (strcmp(p->eth, "01") == 0 && chance(r, 30)) {
      /* Kinh is often left empty */
    } else if (chance(r, 12)) {
      fputs(ethnic_name(p->eth), f);
    } else {
      fputs(p->eth, f);
    }
    putc(',', f);
    if (p->cid) {
      /* unique: the tail is a bijection of (household, member) */
      uint64_t tail = (serial * UINT64_C(61728393) + off) % 100000000u;
      fprintf(f, "%s%d%08" PRIu64, cid_prefix[block % N_BLOCKS],
              (p->by >= 2000 ? 2 : 0) + !p->male, tail);
    }
    put_flag(f, p->hi);
    put_flag(f, p->school);
    put_flag(f, p->grade);
    putc(',', f);
    if (p->bhxh) {
      uint64_t tail = (serial * UINT64_C(27182819) + off2) % 100000000u;
      fprintf(f, "%s%08" PRIu64, bhxh_prefix[block % N_BLOCKS], tail);
    }
    putc('\n', f);
  }
}

/* survey.csv row of h. */
static void write_survey(FILE *f, const household *h)
{
  int k;

  fprintf(f, "%d,%s-%07ld,", REVIEW_YEAR, communes[h->c].code, h->seq);
  if (h->income >= 0) {
    fprintf(f, "%ld", h->income);
  }
  putc(',', f);
  if (h->score_a >= 0) {
    fprintf(f, "%d", h->score_a);
  }
  fprintf(f, ",%d-%02d-%02d,", REVIEW_YEAR, h->sm, h->sd);
  put(f, h->enumerator);
  for (k = 0; k < 12; k++) {
    put_flag(f, h->tick[k]);
  }
  for (k = 0; k < N_FACTS; k++) {
    putc(',', f);
    if (h->fact_empty & (1 << k)) {
      continue;
    }
    switch (k) {
    case 0:
      fprintf(f, "%d", h->unemployed);
      break;
    case 1:
      fprintf(f, "%d", h->malnourished);
      break;
    case 2:
      fprintf(f, "%d", h->nondurable);
      break;
    case 3:
      fprintf(f, "%d%s", h->area2 / 2, h->area2 % 2 ? ".5" : "");
      break;
    case 4:
      fputs(h->water, f);
      break;
    case 5:
      fprintf(f, "%d", h->internet);
      break;
    case 6:
      fprintf(f, "%d", h->tv);
      break;
    case 7:
      fprintf(f, "%d", h->radio);
      break;
    case 8:
      fprintf(f, "%d", h->computer);
      break;
    default:
      fprintf(f, "%d", h->smartphone);
      break;
    }
  }
  putc('\n', f);
}

/* The header row of file kind 0 (households), 1 (members), 2 (survey). */
static void write_header(FILE *f, int kind)
{
  int k;

  if (kind == 0) {
    fputs("household_code,commune_code,village,address,phone,notes,"
          "created_on\n",
          f);
  } else if (kind == 1) {
    fputs("household_code,member_no,full_name,sex,birth_date,relation,"
          "ethnicity,citizen_id,health_insurance,in_school,"
          "education_grade,bhxh_no\n",
          f);
  } else {
    fputs("review_year,household_code,income_per_capita,score_a,"
          "surveyed_on,enumerator",
          f);
    for (k = 0; k < 12; k++) {
      fprintf(f, ",%s", ind_key[k]);
    }
    for (k = 0; k < N_FACTS; k++) {
      fprintf(f, ",%s", fact_key[k]);
    }
    putc('\n', f);
  }
}

/*
** Write file kind (0 households, 1 members, 2 survey) of n households
** into dir.  Adds the rows written to *rows.  0 on success, -1 (with a
** message on stderr) on failure.
*/
static int write_file(const char *dir, int kind, long n, uint64_t seed,
                      int shuffle, long *rows)
{
  static const char *const names[] = {"households.csv", "members.csv",
                                      "survey.csv"};
  char path[4096];
  FILE *f = NULL;
  char *buf = NULL;
  household *h = NULL;
  perm p;
  long j;
  int rc = -1;

  snprintf(path, sizeof path, "%s/%s", dir, names[kind]);
  h = malloc(sizeof *h);
  buf = malloc(OUT_BUF);
  f = fopen(path, "wb");
  if (h == NULL || buf == NULL || f == NULL) {
    fprintf(stderr, "gen_ledger: %s: %s\n", path, strerror(errno));
    goto done;
  }
  setvbuf(f, buf, _IOFBF, OUT_BUF);
  perm_init(&p, (uint64_t)n, mix64(seed ^ (UINT64_C(0x5EED) + (uint64_t)kind)));
  write_header(f, kind);
  for (j = 0; j < n; j++) {
    long i = shuffle ? (long)perm_at(&p, (uint64_t)j) : j;
    make_household(h, seed, i);
    if (kind == 0) {
      write_household(f, h);
      (*rows)++;
    } else if (kind == 1) {
      /* the cosmetic choices of the cells come from their own stream */
      rng r;
      r.s = mix64(seed ^ mix64((uint64_t)i + UINT64_C(0xA5A5A5A5)));
      write_members(f, h, seed, &r);
      *rows += h->n;
    } else {
      write_survey(f, h);
      (*rows)++;
    }
  }
  if (fflush(f) != 0 || ferror(f)) {
    fprintf(stderr, "gen_ledger: %s: write error: %s\n", path, strerror(errno));
    goto done;
  }
  rc = 0;
done:
  if (f != NULL && fclose(f) != 0 && rc == 0) {
    fprintf(stderr, "gen_ledger: %s: %s\n", path, strerror(errno));
    rc = -1;
  }
  free(buf);
  free(h);
  return rc;
}

/* Print the usage to fp. */
static void usage(FILE *fp)
{
  fputs("usage: gen_ledger [--households N] [--seed S] [--shuffle] "
        "[--out DIR]\n"
        "Writes DIR/households.csv, DIR/members.csv and DIR/survey.csv\n"
        "(default: 1000 households, seed 1, DIR .).\n",
        fp);
}

/* Parse a non-negative integer option value; -1 if it is not one. */
static long long arg_num(const char *s)
{
  char *end = NULL;
  long long v;

  errno = 0;
  v = strtoll(s, &end, 10);
  if (end == s || *end != '\0' || errno != 0 || v < 0) {
    return -1;
  }
  return v;
}

/* Parse the options, write the three files, print the row counts. */
int main(int argc, char **argv)
{
  long n = 1000, rows[3] = {0, 0, 0};
  long long v;
  uint64_t seed = 1;
  const char *dir = ".";
  int shuffle = 0, i, kind;

  for (i = 1; i < argc; i++) {
    if (strcmp(argv[i], "--shuffle") == 0) {
      shuffle = 1;
    } else if (strcmp(argv[i], "--help") == 0) {
      usage(stdout);
      return 0;
    } else if (i + 1 < argc && strcmp(argv[i], "--households") == 0) {
      v = arg_num(argv[++i]);
      if (v < 1 || v > N_BLOCKS * BLOCK) {
        fprintf(stderr, "gen_ledger: --households must be 1..%ld\n",
                N_BLOCKS * BLOCK);
        return 2;
      }
      n = (long)v;
    } else if (i + 1 < argc && strcmp(argv[i], "--seed") == 0) {
      v = arg_num(argv[++i]);
      if (v < 0) {
        fprintf(stderr, "gen_ledger: --seed must be a number >= 0\n");
        return 2;
      }
      seed = (uint64_t)v;
    } else if (i + 1 < argc && strcmp(argv[i], "--out") == 0) {
      dir = argv[++i];
    } else {
      usage(stderr);
      return 2;
    }
  }
  for (kind = 0; kind < 3; kind++) {
    if (write_file(dir, kind, n, seed, shuffle, &rows[kind]) != 0) {
      return 1;
    }
  }
  printf("households=%ld\nmembers=%ld\nsurveys=%ld\n", rows[0], rows[1],
         rows[2]);
  return 0;
}
