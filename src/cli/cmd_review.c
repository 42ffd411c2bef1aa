/*
** cmd_review.c: "povreg apply" and "povreg review ...": the commune's
** periodic and ad-hoc reviews, from opening to approval, and the
** recognised statuses they set (lists, transitions, amendments, overdue
** applications).
**
** A review is named by --year Y --commune CODE [--month M]: without
** --month the periodic review held in Y (it sets the statuses of Y+1),
** with it the ad-hoc review of that month (it sets the statuses of Y).
** "review list", "review transitions" and "review amend" take the
** STATUS year instead, the year the statuses hold for.
*/
#include <inttypes.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

/* The options naming a review, at the head of a command's table. */
/* clang-format off */
#define REVIEW_ID_OPTS                                                         \
  {"year", CLI_OPT_VALUE | CLI_OPT_INT | CLI_OPT_REQUIRED, 1, INT_MAX},        \
  {"commune", CLI_OPT_VALUE | CLI_OPT_REQUIRED, 0, 0},                         \
  {"month", CLI_OPT_VALUE | CLI_OPT_INT, 1, 12}
/* clang-format on */

/* Their help text. */
#define REVIEW_ID_HELP                                                         \
  "  --year Y          the year the review is held (a periodic review\n"       \
  "                    held in Y sets the statuses of Y+1)\n"                  \
  "  --commune CODE    the commune reviewed\n"                                 \
  "  --month M         the ad-hoc review of month M of Y (sets the\n"          \
  "                    statuses of Y); without it the periodic review\n"

/*
** Find the review named by --year, --commune and --month.  Returns
** CLI_CONTINUE with *id set, or the exit status after printing the
** library's message (1 when there is no such review).
*/
static int find_review(cli_ctx *ctx, const cli_args *a, int64_t *id)
{
  int rc = povreg_review_find(id, ctx->db, cli_get(a, "commune"),
                              (int)cli_get_long(a, "year", 0),
                              (int)cli_get_long(a, "month", 0));

  return rc == POVREG_OK ? CLI_CONTINUE : cli_fail(ctx, rc);
}

/* Print an id as the command's single result (key names it). */
static void print_id(const cli_ctx *ctx, const char *key, int64_t id)
{
  char buf[24];

  snprintf(buf, sizeof buf, "%" PRId64, id);
  cli_value(stdout, ctx->format, key, buf, CLI_INT);
}

/* Print "out of memory" and return the failure status. */
static int oom_fail(void)
{
  cli_error("out of memory");
  return CLI_EXIT_FAIL;
}

/* ---- apply ---- */

/* apply HOUSEHOLD --kind K --reason TEXT [--date D]: print the id. */
static int cmd_apply(cli_ctx *ctx, const cli_args *a)
{
  int64_t id = 0;
  int rc;

  rc = povreg_apply(&id, ctx->db, a->pos[0], cli_get(a, "kind"),
                    cli_get(a, "date"), cli_get(a, "reason"));
  if (rc != POVREG_OK) {
    return cli_fail(ctx, rc);
  }
  print_id(ctx, "application", id);
  return CLI_EXIT_OK;
}

/* ---- where a review stands ---- */

/* Numbers of a review state as text, for its record. */
typedef struct state_text {
  char year[16], month[16], status_year[16], standard[64];
  char households[16], must[16], surveyed[16], classified[16];
  char agreed[16], excused[16], complaints[16], blockers[16];
  char proposed[5][16];
} state_text;

/*
** Fill f (at least 7 entries) with the fields naming review s; returns
** how many.  Text is written into t.
*/
static size_t head_fields(const povreg_review_state *s, state_text *t,
                          cli_field *f)
{
  size_t n = 0;

  snprintf(t->year, sizeof t->year, "%d", s->year);
  snprintf(t->month, sizeof t->month, "%d", s->month);
  snprintf(t->status_year, sizeof t->status_year, "%d", s->status_year);
  snprintf(t->standard, sizeof t->standard, "%s version %d", s->standard_id,
           s->standard_version);
  f[n++] = (cli_field){"commune", "commune", s->commune_code, CLI_TEXT};
  f[n++] = (cli_field){"year", "year held", t->year, CLI_INT};
  f[n++] =
      (cli_field){"kind", "kind", s->month ? "ad-hoc" : "periodic", CLI_TEXT};
  f[n++] = (cli_field){"month", "month", s->month ? t->month : NULL, CLI_INT};
  f[n++] = (cli_field){"status_year", "status year", t->status_year, CLI_INT};
  f[n++] = (cli_field){"standard", "standard", t->standard, CLI_TEXT};
  f[n++] = (cli_field){"reference_date", "reference date", s->reference_date,
                       CLI_TEXT};
  return n;
}

/* Empty text as NULL (printed '-' or null). */
static const char *opt_text(const char *s)
{
  return s[0] != '\0' ? s : NULL;
}

/* The household cell of a blocker: NULL (the whole review) as '-'. */
static const char *blocker_code(const cli_ctx *ctx, const char *code)
{
  if (code != NULL) {
    return code;
  }
  return ctx->format == CLI_FMT_TABLE ? "-" : NULL;
}

/*
** Print a table of the review's households, one row per call of `row`
** (which may skip households), and close the enclosing record.
*/
static int print_households(cli_ctx *ctx, int64_t id, const cli_col *cols,
                            size_t n_cols, povreg_review_household_cb row)
{
  cli_list *list;
  int rc;

  if ((list = cli_list_begin(stdout, ctx->format, cols, n_cols, 1)) == NULL) {
    return oom_fail();
  }
  rc = povreg_review_households(ctx->db, id, row, list);
  if (rc != POVREG_OK) {
    cli_list_abort(list);
    return rc == POVREG_ENOMEM ? oom_fail() : cli_fail(ctx, rc);
  }
  cli_list_end(list);
  cli_record_close(stdout, ctx->format);
  return CLI_EXIT_OK;
}

/* One row of the households a review just opened with: code, head, why. */
static int opened_row(const povreg_review_household *h, void *payload)
{
  const char *cells[3];

  cells[0] = h->household_code;
  cells[1] = h->head_name;
  cells[2] = h->why;
  return cli_list_row(payload, cells) != 0 ? POVREG_ENOMEM : 0;
}

/* review open ...: open the review and print who must be reviewed. */
static int cmd_review_open(cli_ctx *ctx, const cli_args *a)
{
  static const cli_col cols[] = {
      {"household", "HOUSEHOLD", CLI_TEXT},
      {"head", "HEAD", CLI_TEXT},
      {"why", "WHY", CLI_TEXT},
  };
  povreg_review_spec spec;
  povreg_review_state *s = NULL;
  cli_field f[12];
  state_text t;
  char opened[11];
  int64_t id = 0;
  size_t n;
  int rc;

  memset(&spec, 0, sizeof spec);
  spec.commune_code = cli_get(a, "commune");
  spec.year = (int)cli_get_long(a, "year", 0);
  spec.month = (int)cli_get_long(a, "month", 0);
  spec.reference_date = cli_get(a, "reference-date");
  spec.standard_id = cli_get(a, "standard");
  spec.opened_on = cli_get(a, "date");
  if ((rc = povreg_review_open(&id, ctx->db, &spec)) != POVREG_OK ||
      (rc = povreg_review_status(&s, ctx->db, id)) != POVREG_OK) {
    return cli_fail(ctx, rc);
  }
  if (spec.opened_on != NULL) {
    snprintf(opened, sizeof opened, "%s", spec.opened_on);
  } else {
    cli_today(ctx, opened);
  }
  snprintf(t.must, sizeof t.must, "%d", s->must_review);
  n = head_fields(s, &t, f);
  f[n++] = (cli_field){"opened_on", "opened on", opened, CLI_TEXT};
  f[n++] = (cli_field){"must_review", "must be reviewed", t.must, CLI_INT};
  cli_record(stdout, ctx->format, f, n, 1);
  cli_record_nested(stdout, ctx->format, "households", "Households to review");
  povreg_review_state_free(s);
  return print_households(ctx, id, cols, 3, opened_row);
}

/* review add (HOUSEHOLD | --all) --year Y --commune C [--month M] */
static int cmd_review_add(cli_ctx *ctx, const cli_args *a)
{
  int64_t id;
  int rc, n = 0, all = cli_has(a, "all");

  if (all == (a->npos == 1)) {
    return cli_usage_error(ctx, "give a household or --all, not %s",
                           all ? "both" : "neither");
  }
  if ((rc = find_review(ctx, a, &id)) != CLI_CONTINUE) {
    return rc;
  }
  if (!all) {
    rc = povreg_review_add(ctx->db, id, a->pos[0]);
    return rc == POVREG_OK ? CLI_EXIT_OK : cli_fail(ctx, rc);
  }
  if ((rc = povreg_review_add_all(&n, ctx->db, id)) != POVREG_OK) {
    return cli_fail(ctx, rc);
  }
  printf("added %d household%s\n", n, n == 1 ? "" : "s");
  return CLI_EXIT_OK;
}

/* ---- review classify ---- */

/* One proposal row per classified household of the review. */
static int proposal_row(const povreg_review_household *h, void *payload)
{
  const char *cells[5];

  if (h->proposed_class == NULL) {
    return 0;
  }
  cells[0] = h->household_code;
  cells[1] = h->head_name;
  cells[2] = h->proposed_class;
  cells[3] = h->reason;
  cells[4] = h->override_class;
  return cli_list_row(payload, cells) != 0 ? POVREG_ENOMEM : 0;
}

/* review classify ...: classify, then print the count and proposals. */
static int cmd_review_classify(cli_ctx *ctx, const cli_args *a)
{
  static const cli_col cols[] = {
      {"household", "HOUSEHOLD", CLI_TEXT}, {"head", "HEAD", CLI_TEXT},
      {"proposed", "PROPOSED", CLI_TEXT},   {"reason", "REASON", CLI_TEXT},
      {"override", "OVERRIDE", CLI_TEXT},
  };
  cli_field f;
  char count[16];
  int64_t id;
  int n = 0, rc;

  if ((rc = find_review(ctx, a, &id)) != CLI_CONTINUE) {
    return rc;
  }
  if ((rc = povreg_review_classify(&n, ctx->db, id)) != POVREG_OK) {
    return cli_fail(ctx, rc);
  }
  snprintf(count, sizeof count, "%d", n);
  f = (cli_field){"classified", "classified", count, CLI_INT};
  cli_record(stdout, ctx->format, &f, 1, 1);
  cli_record_nested(stdout, ctx->format, "proposals", "Proposals");
  return print_households(ctx, id, cols, 5, proposal_row);
}

/* ---- the steps on one household ---- */

/* review override HOUSEHOLD --class C --reason TEXT ... */
static int cmd_review_override(cli_ctx *ctx, const cli_args *a)
{
  int64_t id;
  int rc;

  if ((rc = find_review(ctx, a, &id)) != CLI_CONTINUE) {
    return rc;
  }
  rc = povreg_review_override(ctx->db, id, a->pos[0], cli_get(a, "class"),
                              cli_get(a, "reason"));
  return rc == POVREG_OK ? CLI_EXIT_OK : cli_fail(ctx, rc);
}

/* review meeting HOUSEHOLD --date D --attendees N --agreeing N ... */
static int cmd_review_meeting(cli_ctx *ctx, const cli_args *a)
{
  int64_t id;
  int rc, agreed = 0;

  if ((rc = find_review(ctx, a, &id)) != CLI_CONTINUE) {
    return rc;
  }
  rc =
      povreg_review_meeting(&agreed, ctx->db, id, a->pos[0], cli_get(a, "date"),
                            (int)cli_get_long(a, "attendees", 0),
                            (int)cli_get_long(a, "agreeing", 0));
  if (rc != POVREG_OK) {
    return cli_fail(ctx, rc);
  }
  cli_value(stdout, ctx->format, "meeting",
            agreed ? "agreed" : "not agreed: survey the household again",
            CLI_TEXT);
  return CLI_EXIT_OK;
}

/* review post --from D --to D ... */
static int cmd_review_post(cli_ctx *ctx, const cli_args *a)
{
  int64_t id;
  int rc;

  if ((rc = find_review(ctx, a, &id)) != CLI_CONTINUE) {
    return rc;
  }
  rc = povreg_review_post(ctx->db, id, cli_get(a, "from"), cli_get(a, "to"));
  return rc == POVREG_OK ? CLI_EXIT_OK : cli_fail(ctx, rc);
}

/* review complaint HOUSEHOLD --text T [--date D] ...: print the id. */
static int cmd_review_complaint(cli_ctx *ctx, const cli_args *a)
{
  int64_t id, cid = 0;
  int rc;

  if ((rc = find_review(ctx, a, &id)) != CLI_CONTINUE) {
    return rc;
  }
  rc = povreg_complaint_file(&cid, ctx->db, id, a->pos[0], cli_get(a, "date"),
                             cli_get(a, "text"));
  if (rc != POVREG_OK) {
    return cli_fail(ctx, rc);
  }
  print_id(ctx, "complaint", cid);
  return CLI_EXIT_OK;
}

/* review resolve COMPLAINT_ID --resolution T [--date D] */
static int cmd_review_resolve(cli_ctx *ctx, const cli_args *a)
{
  long cid;
  int rc;

  /* the id is checked before the ledger is opened: a usage error */
  if (cli_parse_int(ctx, "complaint id", a->pos[0], 1, LONG_MAX, &cid) !=
      CLI_CONTINUE) {
    return CLI_EXIT_USAGE;
  }
  if ((rc = cli_open_flags(ctx, 0)) != CLI_EXIT_OK) {
    return rc;
  }
  rc = povreg_complaint_resolve(ctx->db, (int64_t)cid, cli_get(a, "date"),
                                cli_get(a, "resolution"));
  return rc == POVREG_OK ? CLI_EXIT_OK : cli_fail(ctx, rc);
}

/* review excuse HOUSEHOLD --reason R [--note T] ... */
static int cmd_review_excuse(cli_ctx *ctx, const cli_args *a)
{
  int64_t id;
  int rc;

  if ((rc = find_review(ctx, a, &id)) != CLI_CONTINUE) {
    return rc;
  }
  rc = povreg_review_excuse(ctx->db, id, a->pos[0], cli_get(a, "reason"),
                            cli_get(a, "note"));
  return rc == POVREG_OK ? CLI_EXIT_OK : cli_fail(ctx, rc);
}

/* ---- status, approval, amendment ---- */

/* review status ...: where the review stands, then its blockers. */
static int cmd_review_status(cli_ctx *ctx, const cli_args *a)
{
  static const cli_col cols[] = {
      {"household", "HOUSEHOLD", CLI_TEXT},
      {"what", "WHAT", CLI_TEXT},
  };
  static const char *const class_keys[5] = {
      NULL, "proposed_poor", "proposed_near_poor", "proposed_average",
      "proposed_non_poor"};
  static const char *const class_labels[5] = {
      NULL, "proposed poor", "proposed near-poor", "proposed average",
      "proposed non-poor"};
  povreg_review_state *s = NULL;
  cli_list *list = NULL;
  cli_field f[32];
  state_text t;
  int64_t id;
  size_t n, k;
  int rc;

  if ((rc = find_review(ctx, a, &id)) != CLI_CONTINUE) {
    return rc;
  }
  if ((rc = povreg_review_status(&s, ctx->db, id)) != POVREG_OK) {
    return cli_fail(ctx, rc);
  }
  n = head_fields(s, &t, f);
  snprintf(t.households, sizeof t.households, "%d", s->households);
  snprintf(t.must, sizeof t.must, "%d", s->must_review);
  snprintf(t.surveyed, sizeof t.surveyed, "%d", s->surveyed);
  snprintf(t.classified, sizeof t.classified, "%d", s->classified);
  snprintf(t.agreed, sizeof t.agreed, "%d", s->agreed);
  snprintf(t.excused, sizeof t.excused, "%d", s->excused);
  snprintf(t.complaints, sizeof t.complaints, "%d", s->open_complaints);
  snprintf(t.blockers, sizeof t.blockers, "%zu", s->n_blockers);
  f[n++] = (cli_field){"households", "households", t.households, CLI_INT};
  f[n++] = (cli_field){"must_review", "must be reviewed", t.must, CLI_INT};
  f[n++] = (cli_field){"surveyed", "surveyed", t.surveyed, CLI_INT};
  f[n++] = (cli_field){"classified", "classified", t.classified, CLI_INT};
  f[n++] = (cli_field){"agreed", "meeting agreed", t.agreed, CLI_INT};
  f[n++] = (cli_field){"excused", "excused", t.excused, CLI_INT};
  f[n++] =
      (cli_field){"open_complaints", "open complaints", t.complaints, CLI_INT};
  for (k = 1; k < 5; k++) {
    snprintf(t.proposed[k], sizeof t.proposed[k], "%d", s->proposed[k]);
    f[n++] =
        (cli_field){class_keys[k], class_labels[k], t.proposed[k], CLI_INT};
  }
  f[n++] = (cli_field){"posted_from", "posted from", opt_text(s->posted_from),
                       CLI_TEXT};
  f[n++] =
      (cli_field){"posted_to", "posted to", opt_text(s->posted_to), CLI_TEXT};
  f[n++] =
      (cli_field){"approved", "approved", s->approved ? "yes" : "no", CLI_TEXT};
  f[n++] = (cli_field){"decision", "decision", opt_text(s->decision), CLI_TEXT};
  f[n++] = (cli_field){"decision_date", "decision date",
                       opt_text(s->decision_date), CLI_TEXT};
  f[n++] = (cli_field){"blockers", "blockers", t.blockers, CLI_INT};
  cli_record(stdout, ctx->format, f, n, 1);
  cli_record_nested(stdout, ctx->format, "blocking", "Blocking approval");
  list = cli_list_begin(stdout, ctx->format, cols, 2, 1);
  for (k = 0; list != NULL && k < s->n_blockers; k++) {
    const char *cells[2];

    cells[0] = blocker_code(ctx, s->blockers[k].household_code);
    cells[1] = s->blockers[k].what;
    if (cli_list_row(list, cells) != 0) {
      cli_list_abort(list);
      list = NULL;
    }
  }
  povreg_review_state_free(s);
  if (list == NULL) {
    return oom_fail();
  }
  cli_list_end(list);
  cli_record_close(stdout, ctx->format);
  return CLI_EXIT_OK;
}

/* review approve --decision TEXT --date D ... */
static int cmd_review_approve(cli_ctx *ctx, const cli_args *a)
{
  int64_t id;
  int rc;

  if ((rc = find_review(ctx, a, &id)) != CLI_CONTINUE) {
    return rc;
  }
  rc = povreg_review_approve(ctx->db, id, cli_get(a, "decision"),
                             cli_get(a, "date"));
  return rc == POVREG_OK ? CLI_EXIT_OK : cli_fail(ctx, rc);
}

/* review amend HOUSEHOLD --year STATUS_YEAR --class C --decision ... */
static int cmd_review_amend(cli_ctx *ctx, const cli_args *a)
{
  int rc;

  rc = povreg_status_amend(ctx->db, a->pos[0], (int)cli_get_long(a, "year", 0),
                           cli_get(a, "class"), cli_get(a, "decision"),
                           cli_get(a, "date"), cli_get(a, "reason"));
  return rc == POVREG_OK ? CLI_EXIT_OK : cli_fail(ctx, rc);
}

/* ---- lists of a status year ---- */

/* What the list callback writes into. */
typedef struct list_state {
  cli_rows rows; /* where rows go */
  int changes;   /* add the changes column (escaped) */
} list_state;

/* povreg_status_list() callback: one row per household. */
static int list_row(const povreg_list_entry *e, void *payload)
{
  list_state *ls = payload;
  const char *cells[7];

  cells[0] = e->household_code;
  cells[1] = e->head_name;
  cells[2] = e->village;
  cells[3] = e->class_before;
  cells[4] = e->class_now;
  cells[5] = e->transition;
  cells[6] = e->changes;
  return cli_rows_add(&ls->rows, cells);
}

/* review list --year STATUS_YEAR [--commune C] --class LIST */
static int cmd_review_list(cli_ctx *ctx, const cli_args *a)
{
  static const cli_col cols[] = {
      {"household", "HOUSEHOLD", CLI_TEXT},
      {"head", "HEAD", CLI_TEXT},
      {"village", "VILLAGE", CLI_TEXT},
      {"before", "BEFORE", CLI_TEXT},
      {"now", "NOW", CLI_TEXT},
      {"transition", "TRANSITION", CLI_TEXT},
      {"changes", "CHANGES", CLI_TEXT},
  };
  const char *which = cli_get(a, "class");
  list_state ls;
  int rc;

  memset(&ls, 0, sizeof ls);
  ls.changes = strcmp(which, "escaped") == 0;
  ls.rows.list =
      cli_list_begin(stdout, ctx->format, cols, ls.changes ? 7 : 6, 0);
  if (ls.rows.list == NULL) {
    return oom_fail();
  }
  rc =
      povreg_status_list(ctx->db, cli_get(a, "commune"),
                         (int)cli_get_long(a, "year", 0), which, list_row, &ls);
  return cli_list_finish(ctx, ls.rows.list, ls.rows.oom, rc);
}

/* Sums of the transitions of one class over the communes. */
typedef struct trans_sum {
  int start, escaped, to_poor, left, relapsed, newly, end;
} trans_sum;

/* What the transitions callback writes into. */
typedef struct trans_state {
  cli_rows rows;        /* where rows go */
  trans_sum sum[2];     /* poor, near_poor */
  char last_commune[8]; /* commune of the previous row */
  int communes;         /* distinct communes seen */
} trans_state;

/*
** Write one transitions row: the numbers of v and "ok" or "MISMATCH"
** as ok says.  Returns 0, or 1 when memory ran out.
*/
static int trans_cells(cli_rows *rows, const char *commune, const char *cls,
                       const trans_sum *v, int ok)
{
  char num[7][16];
  const char *cells[10];

  snprintf(num[0], sizeof num[0], "%d", v->start);
  snprintf(num[1], sizeof num[1], "%d", v->escaped);
  snprintf(num[2], sizeof num[2], "%d", v->to_poor);
  snprintf(num[3], sizeof num[3], "%d", v->left);
  snprintf(num[4], sizeof num[4], "%d", v->relapsed);
  snprintf(num[5], sizeof num[5], "%d", v->newly);
  snprintf(num[6], sizeof num[6], "%d", v->end);
  cells[0] = commune;
  cells[1] = cls;
  cells[2] = num[0];
  cells[3] = num[1];
  cells[4] = num[2];
  cells[5] = num[3];
  cells[6] = num[4];
  cells[7] = num[5];
  cells[8] = num[6];
  cells[9] = ok ? "ok" : "MISMATCH";
  return cli_rows_add(rows, cells);
}

/* Nonzero if the sums reconcile: end = start - out + in. */
static int trans_reconciles(const trans_sum *v)
{
  return v->end ==
         v->start - v->escaped - v->to_poor - v->left + v->relapsed + v->newly;
}

/* povreg_transitions() callback: one row, added to the class's sums. */
static int trans_row(const povreg_transition_row *r, void *payload)
{
  trans_state *ts = payload;
  trans_sum v = {r->start,    r->escaped, r->to_poor, r->left,
                 r->relapsed, r->newly,   r->end};
  trans_sum *sum = &ts->sum[strcmp(r->class_key, "poor") == 0 ? 0 : 1];

  if (strcmp(ts->last_commune, r->commune_code) != 0) {
    snprintf(ts->last_commune, sizeof ts->last_commune, "%s", r->commune_code);
    ts->communes++;
  }
  sum->start += v.start;
  sum->escaped += v.escaped;
  sum->to_poor += v.to_poor;
  sum->left += v.left;
  sum->relapsed += v.relapsed;
  sum->newly += v.newly;
  sum->end += v.end;
  return trans_cells(&ts->rows, r->commune_code, r->class_key, &v,
                     r->reconciles);
}

/* review transitions --year STATUS_YEAR [--commune C] */
static int cmd_review_transitions(cli_ctx *ctx, const cli_args *a)
{
  static const cli_col cols[] = {
      {"commune", "COMMUNE", CLI_TEXT},  {"class", "CLASS", CLI_TEXT},
      {"start", "START", CLI_INT},       {"escaped", "ESCAPED", CLI_INT},
      {"to_poor", "TO POOR", CLI_INT},   {"left", "LEFT", CLI_INT},
      {"relapsed", "RELAPSED", CLI_INT}, {"new", "NEW", CLI_INT},
      {"end", "END", CLI_INT},           {"check", "CHECK", CLI_TEXT},
  };
  trans_state ts;
  int rc;

  memset(&ts, 0, sizeof ts);
  if ((ts.rows.list = cli_list_begin(stdout, ctx->format, cols, 10, 0)) ==
      NULL) {
    return oom_fail();
  }
  rc = povreg_transitions(ctx->db, cli_get(a, "commune"),
                          (int)cli_get_long(a, "year", 0), trans_row, &ts);
  if (rc == POVREG_OK && !ts.rows.oom && ts.communes > 1) {
    if (trans_cells(&ts.rows, "total", "poor", &ts.sum[0],
                    trans_reconciles(&ts.sum[0])) == 0) {
      trans_cells(&ts.rows, "total", "near_poor", &ts.sum[1],
                  trans_reconciles(&ts.sum[1]));
    }
  }
  return cli_list_finish(ctx, ts.rows.list, ts.rows.oom, rc);
}

/* povreg_applications_overdue() callback: one row per application. */
static int overdue_row(const povreg_overdue *o, void *payload)
{
  char id[24];
  const char *cells[5];

  snprintf(id, sizeof id, "%" PRId64, o->application_id);
  cells[0] = id;
  cells[1] = o->household_code;
  cells[2] = o->kind;
  cells[3] = o->applied_on;
  cells[4] = o->due_on;
  return cli_rows_add(payload, cells);
}

/* review overdue [--date D] */
static int cmd_review_overdue(cli_ctx *ctx, const cli_args *a)
{
  static const cli_col cols[] = {
      {"application", "APPLICATION", CLI_INT},
      {"household", "HOUSEHOLD", CLI_TEXT},
      {"kind", "KIND", CLI_TEXT},
      {"applied_on", "APPLIED ON", CLI_TEXT},
      {"due_on", "DUE ON", CLI_TEXT},
  };
  cli_rows st = {NULL, 0};
  const char *date = cli_get(a, "date");
  char today[11];
  int rc;

  if (date == NULL) {
    cli_today(ctx, today);
    date = today;
  }
  if ((st.list = cli_list_begin(stdout, ctx->format, cols, 5, 0)) == NULL) {
    return oom_fail();
  }
  rc = povreg_applications_overdue(ctx->db, date, overdue_row, &st);
  return cli_list_finish(ctx, st.list, st.oom, rc);
}

/* ---- option tables and help ---- */

static const cli_optspec apply_opts[] = {
    {"kind", CLI_OPT_VALUE | CLI_OPT_REQUIRED, 0, 0},
    {"reason", CLI_OPT_VALUE | CLI_OPT_REQUIRED, 0, 0},
    {"date", CLI_OPT_VALUE, 0, 0},
    {NULL, 0, 0, 0},
};

static const char apply_usage[] =
    "Usage: povreg apply HOUSEHOLD --kind enter|escape --reason TEXT\n"
    "         [--date YYYY-MM-DD]\n"
    "\n"
    "Record a household's application to be reviewed and print its id.\n"
    "A pending application (filed on or before a review opens) makes the\n"
    "household one that the next review of its commune must review.\n"
    "\n"
    "  --kind enter    sudden hardship: to be added to the lists\n"
    "  --kind escape   to be recognised as having escaped\n"
    "  --reason TEXT   what the household says (up to 500 characters)\n"
    "  --date D        when it applied (default: today)\n"
    "\n"
    "An application not taken up by a review in time is listed by\n"
    "'povreg review overdue'.\n"
    "\n"
    "Example:\n"
    "  povreg apply H7 --kind enter --reason \"house lost in the flood\"\n";

static const cli_optspec review_open_opts[] = {
    REVIEW_ID_OPTS,
    {"reference-date", CLI_OPT_VALUE, 0, 0},
    {"standard", CLI_OPT_VALUE, 0, 0},
    {"date", CLI_OPT_VALUE, 0, 0},
    {NULL, 0, 0, 0},
};

static const char review_open_usage[] =
    "Usage: povreg review open --year Y --commune CODE [--month M]\n"
    "         [--reference-date D] [--standard ID] [--date D]\n"
    "\n"
    "Open a review of a commune and print its summary: the status year it\n"
    "sets, the standard and its data version, the reference date and the\n"
    "households that must be reviewed.\n"
    "\n"
    "A periodic review is held late in year Y and sets the statuses of\n"
    "Y+1 (the review held in 2025 sets the 2026 lists) under the standard\n"
    "governing Y+1; record its surveys with 'povreg survey record --year\n"
    "Y'.  An ad-hoc review (--month) sets the statuses of Y itself; its\n"
    "surveys are recorded with --year Y-1.  Households recognised poor or\n"
    "near-poor for the year before the status year, and households with a\n"
    "pending application, must be reviewed; others may be added with\n"
    "'povreg review add'.\n"
    "\n" REVIEW_ID_HELP
    "  --reference-date D  date ages are taken at (default: Y-09-01, or\n"
    "                    Y-M-15 for an ad-hoc review)\n"
    "  --standard ID     another standard than the one governing the\n"
    "                    status year\n"
    "  --date D          the day the review is opened (default: today)\n"
    "\n"
    "The cycle: open, survey record, classify, (override), meeting, post,\n"
    "(complaint, resolve), status, approve.\n"
    "\n"
    "Example:\n"
    "  povreg review open --year 2025 --commune 23536 --date 2025-09-01\n"
    "  povreg review status --year 2025 --commune 23536\n";

static const cli_optspec review_id_opts[] = {
    REVIEW_ID_OPTS,
    {NULL, 0, 0, 0},
};

static const cli_optspec review_add_opts[] = {
    REVIEW_ID_OPTS,
    {"all", CLI_OPT_FLAG, 0, 0},
    {NULL, 0, 0, 0},
};

static const char review_add_usage[] =
    "Usage: povreg review add HOUSEHOLD --year Y --commune CODE [--month M]\n"
    "       povreg review add --all --year Y --commune CODE [--month M]\n"
    "\n"
    "Add a household of the commune that does not have to be reviewed.\n"
    "Left unsurveyed it blocks nothing.  --all adds every household of\n"
    "the commune that existed on the review's reference date and is not\n"
    "in the review yet, and prints how many.\n"
    "\n" REVIEW_ID_HELP "\n"
    "  --all             every household of the commune\n"
    "\n"
    "Example:\n"
    "  povreg review add H9 --year 2025 --commune 23536\n"
    "  povreg review add --all --year 2025 --commune 23536\n";

static const char review_classify_usage[] =
    "Usage: povreg review classify --year Y --commune CODE [--month M]\n"
    "\n"
    "Classify every household of the review that has a survey for it and\n"
    "is not excused, under the review's standard, and store the proposed\n"
    "classes.  Prints how many were classified, then the proposals\n"
    "(household, head, proposed class, reason).  A household whose\n"
    "proposal changes needs a new village meeting.\n"
    "\n" REVIEW_ID_HELP "\n"
    "Example:\n"
    "  povreg review classify --year 2025 --commune 23536\n";

static const cli_optspec review_override_opts[] = {
    REVIEW_ID_OPTS,
    {"class", CLI_OPT_VALUE | CLI_OPT_REQUIRED, 0, 0},
    {"reason", CLI_OPT_VALUE | CLI_OPT_REQUIRED, 0, 0},
    {NULL, 0, 0, 0},
};

static const char review_override_usage[] =
    "Usage: povreg review override HOUSEHOLD --class CLASS --reason TEXT\n"
    "         --year Y --commune CODE [--month M]\n"
    "\n"
    "The board sets another class than the proposed one (audited).  The\n"
    "household must have a proposal.\n"
    "\n"
    "  --class CLASS     poor, near_poor, average or non_poor\n"
    "  --reason TEXT     the board's reason (required, not "
    "empty)\n" REVIEW_ID_HELP "\n"
    "Example:\n"
    "  povreg review override H7 --class poor --reason \"chronic illness\" \\\n"
    "    --year 2025 --commune 23536\n";

static const cli_optspec review_meeting_opts[] = {
    REVIEW_ID_OPTS,
    {"date", CLI_OPT_VALUE | CLI_OPT_REQUIRED, 0, 0},
    {"attendees", CLI_OPT_VALUE | CLI_OPT_INT | CLI_OPT_REQUIRED, 0, INT_MAX},
    {"agreeing", CLI_OPT_VALUE | CLI_OPT_INT | CLI_OPT_REQUIRED, 0, INT_MAX},
    {NULL, 0, 0, 0},
};

static const char review_meeting_usage[] =
    "Usage: povreg review meeting HOUSEHOLD --date D --attendees N\n"
    "         --agreeing N --year Y --commune CODE [--month M]\n"
    "\n"
    "Record the village meeting on a household's proposed class and print\n"
    "\"agreed\" when at least half of the attendees agree (20 of 40 is\n"
    "agreed), else \"not agreed: survey the household again\": the\n"
    "proposal is cleared, and the household is surveyed, classified and\n"
    "met about again.\n"
    "\n"
    "  --date D          the day of the meeting\n"
    "  --attendees N     people present (1 or more)\n"
    "  --agreeing N      of them, how many agreed\n" REVIEW_ID_HELP "\n"
    "Example:\n"
    "  povreg review meeting H7 --date 2025-10-05 --attendees 40 \\\n"
    "    --agreeing 31 --year 2025 --commune 23536\n";

static const cli_optspec review_post_opts[] = {
    REVIEW_ID_OPTS,
    {"from", CLI_OPT_VALUE | CLI_OPT_REQUIRED, 0, 0},
    {"to", CLI_OPT_VALUE | CLI_OPT_REQUIRED, 0, 0},
    {NULL, 0, 0, 0},
};

static const char review_post_usage[] =
    "Usage: povreg review post --from D --to D --year Y --commune CODE\n"
    "         [--month M]\n"
    "\n"
    "Record the public posting of the review's list (at the commune's\n"
    "office and in the villages).  Approval is dated on or after the last\n"
    "day of the posting.\n"
    "\n"
    "  --from D          first day (not before the review opened)\n"
    "  --to D            last day\n" REVIEW_ID_HELP "\n"
    "Example:\n"
    "  povreg review post --from 2025-10-10 --to 2025-10-16 \\\n"
    "    --year 2025 --commune 23536\n";

static const cli_optspec review_complaint_opts[] = {
    REVIEW_ID_OPTS,
    {"text", CLI_OPT_VALUE | CLI_OPT_REQUIRED, 0, 0},
    {"date", CLI_OPT_VALUE, 0, 0},
    {NULL, 0, 0, 0},
};

static const char review_complaint_usage[] =
    "Usage: povreg review complaint HOUSEHOLD --text TEXT [--date D]\n"
    "         --year Y --commune CODE [--month M]\n"
    "\n"
    "File a complaint about a household's class and print its id.  The\n"
    "household blocks approval until the complaint is resolved with\n"
    "'povreg review resolve'.\n"
    "\n"
    "  --text TEXT       the complaint (up to 2000 characters)\n"
    "  --date D          when it was filed (default: today)\n" REVIEW_ID_HELP
    "\n"
    "Example:\n"
    "  povreg review complaint H7 --text \"they own a tractor\" \\\n"
    "    --year 2025 --commune 23536\n";

static const cli_optspec review_resolve_opts[] = {
    {"resolution", CLI_OPT_VALUE | CLI_OPT_REQUIRED, 0, 0},
    {"date", CLI_OPT_VALUE, 0, 0},
    {NULL, 0, 0, 0},
};

static const char review_resolve_usage[] =
    "Usage: povreg review resolve COMPLAINT_ID --resolution TEXT [--date D]\n"
    "\n"
    "Resolve a complaint (its id was printed by 'povreg review\n"
    "complaint').  Impossible once the review is approved.\n"
    "\n"
    "  --resolution TEXT what was found and decided\n"
    "  --date D          when (default: today)\n"
    "\n"
    "Example:\n"
    "  povreg review resolve 3 --resolution \"the tractor is borrowed\"\n";

static const cli_optspec review_excuse_opts[] = {
    REVIEW_ID_OPTS,
    {"reason", CLI_OPT_VALUE | CLI_OPT_REQUIRED, 0, 0},
    {"note", CLI_OPT_VALUE, 0, 0},
    {NULL, 0, 0, 0},
};

static const char review_excuse_usage[] =
    "Usage: povreg review excuse HOUSEHOLD --reason REASON [--note TEXT]\n"
    "         --year Y --commune CODE [--month M]\n"
    "\n"
    "Excuse a household that must be reviewed but cannot be: it blocks\n"
    "nothing and gets no status from the review (it 'left' the lists).\n"
    "\n"
    "  --reason REASON   moved_away, died, merged or other\n"
    "  --note TEXT       details (required with other)\n" REVIEW_ID_HELP "\n"
    "Example:\n"
    "  povreg review excuse H8 --reason moved_away --year 2025 \\\n"
    "    --commune 23536\n";

static const char review_status_usage[] =
    "Usage: povreg review status --year Y --commune CODE [--month M]\n"
    "\n"
    "Show where a review stands: households, how many must be reviewed,\n"
    "are surveyed, classified, agreed by the village meeting, excused,\n"
    "under an open complaint; the proposals by class; the posting; the\n"
    "approval.  Then what blocks approval, one line per household (or\n"
    "'-' for the review itself): no survey, not classified, meeting\n"
    "disagreed: survey again, no meeting, open complaint, not posted.\n"
    "Exit status 0 even when something blocks approval.\n"
    "\n" REVIEW_ID_HELP "\n"
    "Example:\n"
    "  povreg review status --year 2025 --commune 23536\n";

static const cli_optspec review_approve_opts[] = {
    REVIEW_ID_OPTS,
    {"decision", CLI_OPT_VALUE | CLI_OPT_REQUIRED, 0, 0},
    {"date", CLI_OPT_VALUE | CLI_OPT_REQUIRED, 0, 0},
    {NULL, 0, 0, 0},
};

static const char review_approve_usage[] =
    "Usage: povreg review approve --decision TEXT --date D --year Y\n"
    "         --commune CODE [--month M]\n"
    "\n"
    "Approve the review by the commune chairperson's decision: every\n"
    "household with an agreed proposal gets its recognised status (the\n"
    "board's override, else the proposal) for the status year, and the\n"
    "review is locked.  Refused (exit status 3, naming the first\n"
    "blocker) while anything blocks it; see 'povreg review status'.  A\n"
    "later correction is 'povreg review amend'.\n"
    "\n"
    "  --decision TEXT   the decision, e.g. \"số 123/QĐ-UBND\"\n"
    "  --date D          its date (not before the posting "
    "ends)\n" REVIEW_ID_HELP "\n"
    "Example:\n"
    "  povreg review approve --decision \"số 123/QĐ-UBND\" \\\n"
    "    --date 2025-12-10 --year 2025 --commune 23536\n";

static const cli_optspec review_amend_opts[] = {
    {"year", CLI_OPT_VALUE | CLI_OPT_INT | CLI_OPT_REQUIRED, 1, INT_MAX},
    {"class", CLI_OPT_VALUE | CLI_OPT_REQUIRED, 0, 0},
    {"decision", CLI_OPT_VALUE | CLI_OPT_REQUIRED, 0, 0},
    {"date", CLI_OPT_VALUE | CLI_OPT_REQUIRED, 0, 0},
    {"reason", CLI_OPT_VALUE | CLI_OPT_REQUIRED, 0, 0},
    {NULL, 0, 0, 0},
};

static const char review_amend_usage[] =
    "Usage: povreg review amend HOUSEHOLD --year STATUS_YEAR --class CLASS\n"
    "         --decision TEXT --date D --reason TEXT\n"
    "\n"
    "Amend a household's recognised status by a new decision: a new\n"
    "status supersedes the old one, which is kept (audited).\n"
    "\n"
    "  --year STATUS_YEAR  the year the status holds for (NOT the year the\n"
    "                      review was held: the 2025 review sets 2026)\n"
    "  --class CLASS       poor, near_poor, average or non_poor\n"
    "  --decision TEXT     the amending decision\n"
    "  --date D            its date\n"
    "  --reason TEXT       why\n"
    "\n"
    "Example:\n"
    "  povreg review amend H7 --year 2026 --class near_poor \\\n"
    "    --decision \"số 45/QĐ-UBND\" --date 2026-03-02 \\\n"
    "    --reason \"a member found work\"\n";

static const cli_optspec review_list_opts[] = {
    {"year", CLI_OPT_VALUE | CLI_OPT_INT | CLI_OPT_REQUIRED, 1, INT_MAX},
    {"commune", CLI_OPT_VALUE, 0, 0},
    {"class", CLI_OPT_VALUE | CLI_OPT_REQUIRED, 0, 0},
    {NULL, 0, 0, 0},
};

static const char review_list_usage[] =
    "Usage: povreg review list --year STATUS_YEAR [--commune CODE]\n"
    "         --class poor|near_poor|escaped|relapsed|new\n"
    "\n"
    "A list of a status year: household, head, village, class the year\n"
    "before, class now, transition; for escaped households also what\n"
    "changed between the two surveys (income against the line,\n"
    "indicators no longer and newly deprived).\n"
    "\n"
    "  --year STATUS_YEAR  the year the statuses hold for (NOT the year\n"
    "                      the review was held: the review held in 2025\n"
    "                      sets the 2026 lists, so use --year 2026)\n"
    "  --commune CODE      one commune (default: all)\n"
    "  --class LIST        poor, near_poor (in the class), escaped (left\n"
    "                      poverty or near-poverty for a better class),\n"
    "                      relapsed (back after having left), new (never\n"
    "                      in the class before)\n"
    "\n"
    "Example:\n"
    "  povreg review list --year 2026 --commune 23536 --class escaped\n";

static const cli_optspec review_transitions_opts[] = {
    {"year", CLI_OPT_VALUE | CLI_OPT_INT | CLI_OPT_REQUIRED, 1, INT_MAX},
    {"commune", CLI_OPT_VALUE, 0, 0},
    {NULL, 0, 0, 0},
};

static const char review_transitions_usage[] =
    "Usage: povreg review transitions --year STATUS_YEAR [--commune CODE]\n"
    "\n"
    "The year's changes per commune and class (poor, near_poor): start\n"
    "(in the class the year before), escaped (to a better class),\n"
    "to_poor (near-poor who became poor), left (no status this year:\n"
    "moved, died, merged), relapsed, new, end; and whether they\n"
    "reconcile: end = start - escaped - to_poor - left + relapsed + new\n"
    "(\"ok\", else \"MISMATCH\").  With several communes a \"total\" row\n"
    "per class follows.\n"
    "\n"
    "  --year STATUS_YEAR  the year the statuses hold for (compared with\n"
    "                      the year before), NOT the year of the review\n"
    "  --commune CODE      one commune (default: all)\n"
    "\n"
    "Example:\n"
    "  povreg review transitions --year 2026\n";

static const cli_optspec review_overdue_opts[] = {
    {"date", CLI_OPT_VALUE, 0, 0},
    {NULL, 0, 0, 0},
};

static const char review_overdue_usage[] =
    "Usage: povreg review overdue [--date D]\n"
    "\n"
    "Applications still undecided past their due date on D (default:\n"
    "today): application id, household, kind, date applied, date due.\n"
    "A decision is due 15 days after the ad-hoc review that took the\n"
    "application up opened or, when no review took it up, 15 days after\n"
    "the next monthly review (the 15th on or after the application).\n"
    "\n"
    "Example:\n"
    "  povreg review overdue --date 2026-01-31\n";

const cli_command cli_apply_cmds[] = {
    {NULL, cmd_apply, apply_opts, 1, 1, 0, CLI_OPEN_EXISTING,
     "record a household's application to be reviewed", apply_usage},
    {NULL, NULL, NULL, 0, 0, 0, CLI_OPEN_EXISTING, NULL, NULL},
};

const cli_command cli_review_cmds[] = {
    {"open", cmd_review_open, review_open_opts, 0, 0, 0, CLI_OPEN_EXISTING,
     "open a review; who must be reviewed", review_open_usage},
    {"add", cmd_review_add, review_add_opts, 0, 1, 0, CLI_OPEN_EXISTING,
     "add a household to a review", review_add_usage},
    {"classify", cmd_review_classify, review_id_opts, 0, 0, 0,
     CLI_OPEN_EXISTING, "propose a class for every surveyed household",
     review_classify_usage},
    {"override", cmd_review_override, review_override_opts, 1, 1, 0,
     CLI_OPEN_EXISTING, "the board overrides a proposed class",
     review_override_usage},
    {"meeting", cmd_review_meeting, review_meeting_opts, 1, 1, 0,
     CLI_OPEN_EXISTING, "record the village meeting on a household",
     review_meeting_usage},
    {"post", cmd_review_post, review_post_opts, 0, 0, 0, CLI_OPEN_EXISTING,
     "record the public posting", review_post_usage},
    {"complaint", cmd_review_complaint, review_complaint_opts, 1, 1, 0,
     CLI_OPEN_EXISTING, "file a complaint about a household",
     review_complaint_usage},
    {"resolve", cmd_review_resolve, review_resolve_opts, 1, 1, 0, CLI_OPEN_SELF,
     "resolve a complaint", review_resolve_usage},
    {"excuse", cmd_review_excuse, review_excuse_opts, 1, 1, 0,
     CLI_OPEN_EXISTING, "excuse a household that cannot be reviewed",
     review_excuse_usage},
    {"status", cmd_review_status, review_id_opts, 0, 0, 0, CLI_OPEN_EXISTING,
     "where a review stands; what blocks approval", review_status_usage},
    {"approve", cmd_review_approve, review_approve_opts, 0, 0, 0,
     CLI_OPEN_EXISTING, "approve by decision and lock the review",
     review_approve_usage},
    {"amend", cmd_review_amend, review_amend_opts, 1, 1, 0, CLI_OPEN_EXISTING,
     "amend a recognised status by decision", review_amend_usage},
    {"list", cmd_review_list, review_list_opts, 0, 0, 0, CLI_OPEN_EXISTING,
     "poor, near-poor, escaped, relapsed or new of a year", review_list_usage},
    {"transitions", cmd_review_transitions, review_transitions_opts, 0, 0, 0,
     CLI_OPEN_EXISTING, "the year's changes per commune, reconciled",
     review_transitions_usage},
    {"overdue", cmd_review_overdue, review_overdue_opts, 0, 0, 0,
     CLI_OPEN_EXISTING, "applications past their due date",
     review_overdue_usage},
    {NULL, NULL, NULL, 0, 0, 0, CLI_OPEN_EXISTING, NULL, NULL},
};
