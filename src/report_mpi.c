/*
** report_mpi.c: the Alkire-Foster multidimensional poverty measures of a
** status year, exactly from integer counts: headcount ratio H, intensity
** A, adjusted headcount M0, censored and uncensored headcount ratios and
** contributions per indicator, and the decomposition by commune,
** ethnicity and sex of the head.
**
** The households are streamed once; each one's deprived indicators
** become a bit mask over the standard's indicators and every figure is
** a sum of integers.  With n households, q of them poor (c >= k) and S
** the sum of c over the poor: H = q/n, A = S/(q d), M0 = S/(n d),
** contribution_j = (1/d) (C_j/n) / M0 = C_j / S with C_j the poor
** deprived in j, and a subgroup's share (n_g/n) M0_g / M0 = S_g / S.
*/
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "povreg_int.h"

/*
** The status in effect for the status year ?1 of household hh.id: of its
** statuses that nothing supersedes, the one of the latest status year up
** to ?1 (a household not reviewed again keeps the class its last review
** gave it), the latest recorded should that year hold two.
*/
#define STATUS_IN_EFFECT_OF_HH                                                 \
  "(SELECT s_.id FROM household_status s_ WHERE s_.household_id = hh.id "      \
  "AND s_.status_year <= ?1 AND NOT EXISTS (SELECT 1 FROM household_status "   \
  "n_ WHERE n_.supersedes = s_.id) ORDER BY s_.status_year DESC, s_.id DESC "  \
  "LIMIT 1) "

/* The snippets of povreg_int.h for the households of the query below. */
#define CLASSIFICATION_OF_HH                                                   \
  POVREG__CLASSIFICATION_OF("hh.id", "cs.review_id", "cs.status_year")
#define HEAD_OF_HH POVREG__HEAD_OF("m_.ethnicity_code || m_.sex", "hh.id")

/* Most indicators a standard may have here (bits of a mask). */
#define MAX_IND 64

/* Integer sums of a subgroup (or of the whole population). */
typedef struct sums {
  int64_t n;     /* households */
  int64_t q;     /* with c >= k */
  int64_t sum_c; /* sum of c over those q */
} sums;

/* A commune of the report with its sums. */
typedef struct commune {
  char code[6];
  char *name; /* allocated */
  sums s;
} commune;

/* Everything accumulated while streaming the households. */
typedef struct acc {
  int d, k;                    /* indicators, cut-off */
  char keys[MAX_IND][32];      /* indicator keys in legal order */
  int64_t deprived[MAX_IND];   /* households deprived in j */
  int64_t deprived_q[MAX_IND]; /* poor households deprived in j */
  sums all;                    /* the population */
  commune *comm;               /* the unit's communes by code (allocated) */
  size_t n_comm, cap_comm;
  sums eth[101]; /* by ethnic code 00..99; [100]: unknown */
  sums sex[3];   /* M, F, unknown */
} acc;

/* Free an MPI result.  NULL-safe. */
void povreg_mpi_free(povreg_mpi *m)
{
  if (m != NULL) {
    free(m->indicators);
    free(m->groups);
    free(m);
  }
}

/* Free what an accumulator allocated. */
static void acc_free(acc *a)
{
  size_t i;

  for (i = 0; i < a->n_comm; i++) {
    free(a->comm[i].name);
  }
  free(a->comm);
}

/* Load the standard's indicator keys (legal order) and cut-off. */
static int load_standard(povreg_db *db, const char *std, acc *a)
{
  static const char sql[] =
      "SELECT i.key, v.cutoff FROM standard s JOIN standard_version v ON "
      "v.standard_id = s.id AND v.version = s.version JOIN indicator i ON "
      "i.standard_id = s.id AND i.version = s.version WHERE s.id = ?1 "
      "ORDER BY i.ordinal";
  sqlite3_stmt *st = NULL;
  int rc;

  if ((rc = povreg__stmt(db, sql, &st)) < 0) {
    return rc;
  }
  povreg__bind_text(st, 1, std);
  while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
    if (a->d == MAX_IND) {
      rc =
          povreg__err(db, POVREG_ERROR,
                      "standard: %s has more than %d indicators", std, MAX_IND);
      goto done;
    }
    snprintf(a->keys[a->d], sizeof a->keys[a->d], "%s",
             (const char *)sqlite3_column_text(st, 0));
    a->k = sqlite3_column_int(st, 1);
    a->d++;
  }
  rc = rc == SQLITE_DONE ? POVREG_OK : povreg__sqlite_err(db, "standard");
done:
  povreg__stmt_done(st);
  return rc;
}

/* Load the communes of the scope, by code. */
static int load_communes(povreg_db *db, const povreg__scope *sc, acc *a)
{
  static const char sql[] =
      POVREG__REPORT_UNITS "SELECT code, name FROM comm ORDER BY code";
  sqlite3_stmt *st = NULL;
  int rc, ok = 1;

  if ((rc = povreg__stmt(db, sql, &st)) < 0) {
    return rc;
  }
  povreg__report_bind(st, sc);
  while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
    commune *c;
    void *grown = povreg__grow(a->comm, &a->cap_comm, a->n_comm, sizeof *c);
    if (grown == NULL) {
      rc = povreg__err(db, POVREG_ENOMEM, "out of memory");
      goto done;
    }
    a->comm = grown;
    c = &a->comm[a->n_comm];
    memset(c, 0, sizeof *c);
    snprintf(c->code, sizeof c->code, "%s",
             (const char *)sqlite3_column_text(st, 0));
    c->name = povreg__col_strdup(st, 1, &ok);
    if (!ok) {
      rc = povreg__err(db, POVREG_ENOMEM, "out of memory");
      goto done;
    }
    a->n_comm++;
  }
  rc = rc == SQLITE_DONE ? POVREG_OK : povreg__sqlite_err(db, "communes");
done:
  povreg__stmt_done(st);
  return rc;
}

/* The commune of code in the sorted list, or NULL. */
static commune *find_commune(acc *a, const char *code)
{
  size_t lo = 0, hi = a->n_comm;

  while (lo < hi) {
    size_t mid = lo + (hi - lo) / 2;
    int c = strcmp(a->comm[mid].code, code);
    if (c == 0) {
      return &a->comm[mid];
    }
    if (c < 0) {
      lo = mid + 1;
    } else {
      hi = mid;
    }
  }
  return NULL;
}

/*
** The mask of the standard's indicators named in a comma-separated list
** of deprived keys (keys of other standards are ignored).
*/
static uint64_t mask_of(const acc *a, const char *list)
{
  uint64_t m = 0;
  const char *p = list;

  while (p != NULL && *p != '\0') {
    const char *e = strchr(p, ',');
    size_t len = e != NULL ? (size_t)(e - p) : strlen(p);
    int j;
    for (j = 0; j < a->d; j++) {
      if (strlen(a->keys[j]) == len && memcmp(a->keys[j], p, len) == 0) {
        m |= (uint64_t)1 << j;
        break;
      }
    }
    p = e != NULL ? e + 1 : NULL;
  }
  return m;
}

/* Add one household with c deprivations to sums s. */
static void add(sums *s, int c, int k)
{
  s->n++;
  if (c >= k) {
    s->q++;
    s->sum_c += c;
  }
}

/*
** Stream the households of Y of the scope (those the summary counts)
** whose status in effect for Y has a classification behind it made under
** the standard std governing Y, and accumulate.  The others (no status up
** to Y, a status recorded without a survey, or one classified under an
** earlier standard) are left out.
*/
static int stream(povreg_db *db, const povreg__scope *sc, const char *std,
                  acc *a)
{
  static const char sql[] = POVREG__REPORT_UNITS
      "SELECT hh.commune, c.deprived, " HEAD_OF_HH
      "FROM hh JOIN household_status cs ON cs.id = " STATUS_IN_EFFECT_OF_HH
      "JOIN classification c ON c.id = " CLASSIFICATION_OF_HH
      "AND c.standard_id = ?5";
  sqlite3_stmt *st = NULL;
  int rc;

  if ((rc = povreg__stmt(db, sql, &st)) < 0) {
    return rc;
  }
  povreg__report_bind(st, sc);
  povreg__bind_text(st, 5, std);
  while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
    const char *code = (const char *)sqlite3_column_text(st, 0);
    const char *head = (const char *)sqlite3_column_text(st, 2);
    uint64_t m = mask_of(a, (const char *)sqlite3_column_text(st, 1));
    commune *cm = find_commune(a, code);
    int c = 0, j, eth = 100, sex = 2;
    for (j = 0; j < a->d; j++) {
      if (m & ((uint64_t)1 << j)) {
        c++;
        a->deprived[j]++;
      }
    }
    if (c >= a->k) {
      for (j = 0; j < a->d; j++) {
        if (m & ((uint64_t)1 << j)) {
          a->deprived_q[j]++;
        }
      }
    }
    if (head != NULL && strlen(head) == 3 && head[0] >= '0' && head[0] <= '9' &&
        head[1] >= '0' && head[1] <= '9') {
      eth = (head[0] - '0') * 10 + (head[1] - '0');
      sex = head[2] == 'M' ? 0 : head[2] == 'F' ? 1 : 2;
    }
    add(&a->all, c, a->k);
    if (cm != NULL) {
      add(&cm->s, c, a->k);
    }
    add(&a->eth[eth], c, a->k);
    add(&a->sex[sex], c, a->k);
  }
  rc = rc == SQLITE_DONE ? POVREG_OK : povreg__sqlite_err(db, "mpi");
  povreg__stmt_done(st);
  return rc;
}

/* Fill a group's measures from its sums and the total's S. */
static void group_of(povreg_mpi_group *g, const char *by, const char *key,
                     const char *name, const sums *s, int d,
                     int64_t total_sum_c)
{
  memset(g, 0, sizeof *g);
  snprintf(g->by, sizeof g->by, "%s", by);
  snprintf(g->key, sizeof g->key, "%s", key);
  snprintf(g->name, sizeof g->name, "%s", name != NULL ? name : "");
  g->n = (long)s->n;
  g->q = (long)s->q;
  g->sum_c_poor = (long)s->sum_c;
  if (s->n > 0) {
    g->H = (double)s->q / (double)s->n;
    g->M0 = (double)s->sum_c / ((double)s->n * d);
  }
  if (s->q > 0) {
    g->A = (double)s->sum_c / ((double)s->q * d);
  }
  if (total_sum_c > 0) {
    g->share = (double)s->sum_c / (double)total_sum_c;
  }
}

/* The name of an ethnic group by code into out ("" if unknown). */
static int ethnic_name(povreg_db *db, const char *code, char *out, size_t n)
{
  static const char sql[] = "SELECT name_vi FROM ethnicity WHERE code = ?1";
  sqlite3_stmt *st = NULL;
  int rc;

  out[0] = '\0';
  if ((rc = povreg__stmt(db, sql, &st)) < 0) {
    return rc;
  }
  povreg__bind_text(st, 1, code);
  rc = sqlite3_step(st);
  if (rc == SQLITE_ROW) {
    snprintf(out, n, "%s", (const char *)sqlite3_column_text(st, 0));
  }
  rc = rc == SQLITE_ROW || rc == SQLITE_DONE
           ? POVREG_OK
           : povreg__sqlite_err(db, "ethnicity");
  povreg__stmt_done(st);
  return rc;
}

/* Build the result from the accumulated sums.  Allocates *out. */
static int build(povreg_mpi **out, povreg_db *db, const povreg__scope *sc,
                 const char *std, const acc *a)
{
  static const char *const sex_key[3] = {"M", "F", "unknown"};
  static const char *const sex_name[3] = {"Nam", "N\xe1\xbb\xaf", ""};
  povreg_mpi *m = NULL;
  size_t i, n_groups = 0;
  int j, rc = POVREG_OK;
  int64_t S = a->all.sum_c, n = a->all.n;

  for (i = 0; i < a->n_comm; i++) {
    n_groups += a->comm[i].s.n > 0;
  }
  for (j = 0; j < 101; j++) {
    n_groups += a->eth[j].n > 0;
  }
  for (j = 0; j < 3; j++) {
    n_groups += a->sex[j].n > 0;
  }
  if ((m = calloc(1, sizeof *m)) == NULL ||
      (a->d > 0 &&
       (m->indicators = calloc((size_t)a->d, sizeof *m->indicators)) == NULL) ||
      (n_groups > 0 &&
       (m->groups = calloc(n_groups, sizeof *m->groups)) == NULL)) {
    povreg_mpi_free(m);
    return povreg__err(db, POVREG_ENOMEM, "out of memory");
  }
  m->year = sc->year;
  snprintf(m->standard_id, sizeof m->standard_id, "%s", std);
  m->d = a->d;
  m->k = a->k;
  m->n = (long)n;
  m->q = (long)a->all.q;
  m->sum_c_poor = (long)S;
  if (n > 0) {
    m->H = (double)a->all.q / (double)n;
    m->M0 = a->d > 0 ? (double)S / ((double)n * a->d) : 0;
  }
  if (a->all.q > 0 && a->d > 0) {
    m->A = (double)S / ((double)a->all.q * a->d);
  }
  m->n_indicators = (size_t)a->d;
  for (j = 0; j < a->d; j++) {
    povreg_mpi_indicator *x = &m->indicators[j];
    snprintf(x->key, sizeof x->key, "%s", a->keys[j]);
    x->deprived = (long)a->deprived[j];
    x->deprived_poor = (long)a->deprived_q[j];
    x->weight = 1.0 / a->d;
    if (n > 0) {
      x->uncensored = (double)a->deprived[j] / (double)n;
      x->censored = (double)a->deprived_q[j] / (double)n;
    }
    if (S > 0) {
      x->contribution = (double)a->deprived_q[j] / (double)S;
    }
  }
  for (i = 0; i < a->n_comm; i++) {
    if (a->comm[i].s.n > 0) {
      group_of(&m->groups[m->n_groups++], "commune", a->comm[i].code,
               a->comm[i].name, &a->comm[i].s, a->d, S);
    }
  }
  for (j = 0; j < 101; j++) {
    char code[8], name[256];
    if (a->eth[j].n == 0) {
      continue;
    }
    name[0] = '\0';
    if (j < 100) {
      snprintf(code, sizeof code, "%02d", j);
      if ((rc = ethnic_name(db, code, name, sizeof name)) < 0) {
        povreg_mpi_free(m);
        return rc;
      }
    } else {
      snprintf(code, sizeof code, "unknown");
    }
    group_of(&m->groups[m->n_groups++], "ethnicity", code, name, &a->eth[j],
             a->d, S);
  }
  for (j = 0; j < 3; j++) {
    if (a->sex[j].n > 0) {
      group_of(&m->groups[m->n_groups++], "head_sex", sex_key[j], sex_name[j],
               &a->sex[j], a->d, S);
    }
  }
  *out = m;
  return rc;
}

/* The Alkire-Foster measures (see povreg/report.h).  Allocates *out. */
int povreg_report_mpi(povreg_mpi **out, povreg_db *db,
                      const povreg_report_spec *spec)
{
  povreg__scope sc;
  char std[33];
  acc *a = NULL;
  int rc;

  if (out == NULL || db == NULL || spec == NULL) {
    return povreg__err(db, POVREG_EINVALID, "invalid argument");
  }
  *out = NULL;
  if ((rc = povreg__report_scope(&sc, db, spec)) < 0) {
    return rc;
  }
  if ((rc = povreg_standard_for_year(std, db, sc.year)) < 0) {
    return rc; /* ENOTFOUND: "year: no standard governs status year Y" */
  }
  if ((a = calloc(1, sizeof *a)) == NULL) {
    return povreg__err(db, POVREG_ENOMEM, "out of memory");
  }
  if ((rc = load_standard(db, std, a)) < 0 ||
      (rc = load_communes(db, &sc, a)) < 0 ||
      (rc = stream(db, &sc, std, a)) < 0 ||
      (rc = build(out, db, &sc, std, a)) < 0) {
    goto done;
  }
done:
  acc_free(a);
  free(a);
  return rc;
}
