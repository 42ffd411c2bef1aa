/*
** classify.c: the classification of one household under a standard.
** Pure: it reads a rulebook and an input and writes a result; no ledger,
** no clock, no allocation.  The rule families are the only law in C:
**
**   banded (QĐ 59/2015):  poor if I <= poverty line (whatever D), or
**     poverty < I <= near-poverty and D >= cutoff; near-poor if in that
**     band with D < cutoff; average if near-poverty < I <= average line.
**   single_line (NĐ 07/2021, NĐ 351/2025): poor if I <= line and
**     D >= cutoff; near-poor if I <= line and D < cutoff; average if
**     line < I <= average line (when the standard has one).
**
** "<=" is exact: a household exactly at a line is at or below it.  With
** the score form (TT 07/2021) score A <= its line stands for I <= line and
** score B = D x points must reach the score-B cut-off.
*/
#include <stdio.h>
#include <string.h>

#include "povreg_int.h"

/* Class keys (see povreg/classify.h). */
const char *povreg_class_key(povreg_class c)
{
  switch (c) {
  case POVREG_CLASS_POOR:
    return "poor";
  case POVREG_CLASS_NEAR_POOR:
    return "near_poor";
  case POVREG_CLASS_AVERAGE:
    return "average";
  case POVREG_CLASS_NON_POOR:
    return "non_poor";
  default:
    return "none";
  }
}

/* Parse a class key (see povreg/classify.h). */
povreg_class povreg_class_parse(const char *key)
{
  int c;

  if (key == NULL) {
    return POVREG_CLASS_NONE;
  }
  for (c = POVREG_CLASS_POOR; c <= POVREG_CLASS_NON_POOR; c++) {
    if (strcmp(key, povreg_class_key((povreg_class)c)) == 0) {
      return (povreg_class)c;
    }
  }
  return POVREG_CLASS_NONE;
}

/* Format an amount with thousands separators ('.' vi or ',' en). */
static void money(char *out, size_t n, int64_t v, char sep)
{
  char digits[32];
  size_t len, i, o = 0;

  snprintf(digits, sizeof digits, "%lld", (long long)v);
  len = strlen(digits);
  for (i = 0; i < len && o + 2 < n; i++) {
    if (i > 0 && (len - i) % 3 == 0 && digits[0] != '-') {
      out[o++] = sep;
    }
    out[o++] = digits[i];
  }
  out[o] = '\0';
}

/* English and Vietnamese names of a class. */
static const char *class_en(povreg_class c)
{
  static const char *const names[] = {"Not classified", "Poor", "Near-poor",
                                      "Average living standard", "Not poor"};
  return names[c <= POVREG_CLASS_NON_POOR ? c : 0];
}

static const char *class_vi(povreg_class c)
{
  static const char *const names[] = {
      "Chưa phân loại", "Hộ nghèo", "Hộ cận nghèo", "Hộ có mức sống trung bình",
      "Hộ không nghèo"};
  return names[c <= POVREG_CLASS_NON_POOR ? c : 0];
}

/* Write the explanation of a decided result in both languages. */
static void explain(povreg_classify_result *r, povreg_area area,
                    int score_b_cutoff)
{
  char v[32], pl[32], nl[32], al[32], vv[32], plv[32], nlv[32], alv[32];
  const char *an = area == POVREG_AREA_URBAN ? "urban" : "rural";
  const char *anv = area == POVREG_AREA_URBAN ? "thành thị" : "nông thôn";
  const char *what = r->used_score ? "score A" : "income";
  const char *whatv = r->used_score ? "điểm A" : "thu nhập";
  const char *unit = r->used_score ? "" : " VND";
  const char *unitv = r->used_score ? "" : " đồng";
  char dep[96], depv[96];

  money(v, sizeof v, r->value, ',');
  money(pl, sizeof pl, r->poverty_line, ',');
  money(nl, sizeof nl, r->near_poverty_line, ',');
  money(al, sizeof al, r->average_line, ',');
  money(vv, sizeof vv, r->value, '.');
  money(plv, sizeof plv, r->poverty_line, '.');
  money(nlv, sizeof nlv, r->near_poverty_line, '.');
  money(alv, sizeof alv, r->average_line, '.');
  if (r->used_score) {
    snprintf(dep, sizeof dep,
             "score B %d (%d indicator%s deprived), %d "
             "needed",
             r->score_b, r->deprived_count, r->deprived_count == 1 ? "" : "s",
             score_b_cutoff);
    snprintf(depv, sizeof depv, "điểm B %d (thiếu hụt %d chỉ số), cần %d",
             r->score_b, r->deprived_count, score_b_cutoff);
  } else {
    snprintf(dep, sizeof dep, "%d indicator%s deprived, %d needed",
             r->deprived_count, r->deprived_count == 1 ? "" : "s", r->cutoff);
    snprintf(depv, sizeof depv, "thiếu hụt %d chỉ số, cần %d",
             r->deprived_count, r->cutoff);
  }
  if (strcmp(r->reason, "income_at_or_below_poverty_line") == 0) {
    snprintf(r->explanation_en, sizeof r->explanation_en,
             "%s: income %s VND is at or below the %s poverty line of %s "
             "VND, which alone makes a household poor under %s (%s)",
             class_en(r->cls), v, an, pl, r->standard_id, dep);
    snprintf(r->explanation_vi, sizeof r->explanation_vi,
             "%s: thu nhập %s đồng không vượt chuẩn nghèo %s %s đồng; theo "
             "%s chỉ riêng thu nhập đã là hộ nghèo (%s)",
             class_vi(r->cls), vv, anv, plv, r->standard_id, depv);
  } else if (strncmp(r->reason, "income_in_band", 14) == 0) {
    snprintf(r->explanation_en, sizeof r->explanation_en,
             "%s: income %s VND is above the %s poverty line of %s VND and "
             "at or below the near-poverty line of %s VND; %s (%s)",
             class_en(r->cls), v, an, pl, nl, dep, r->standard_id);
    snprintf(r->explanation_vi, sizeof r->explanation_vi,
             "%s: thu nhập %s đồng trên chuẩn nghèo %s %s đồng và không "
             "vượt chuẩn cận nghèo %s đồng; %s (%s)",
             class_vi(r->cls), vv, anv, plv, nlv, depv, r->standard_id);
  } else if (strstr(r->reason, "at_or_below_line") != NULL) {
    snprintf(r->explanation_en, sizeof r->explanation_en,
             "%s: %s %s%s is at or below the %s line of %s%s; %s (%s)",
             class_en(r->cls), what, v, unit, an, pl, unit, dep,
             r->standard_id);
    snprintf(r->explanation_vi, sizeof r->explanation_vi,
             "%s: %s %s%s không vượt chuẩn %s %s%s; %s (%s)", class_vi(r->cls),
             whatv, vv, unitv, anv, plv, unitv, depv, r->standard_id);
  } else if (strcmp(r->reason, "income_in_average_band") == 0) {
    snprintf(r->explanation_en, sizeof r->explanation_en,
             "%s: income %s VND is above the %s %s line of %s VND and at or "
             "below %s VND (%s)",
             class_en(r->cls), v, an,
             r->near_poverty_line ? "near-poverty" : "poverty",
             r->near_poverty_line ? nl : pl, al, r->standard_id);
    snprintf(r->explanation_vi, sizeof r->explanation_vi,
             "%s: thu nhập %s đồng trên chuẩn %s %s đồng và không vượt %s "
             "đồng (%s)",
             class_vi(r->cls), vv, r->near_poverty_line ? "cận nghèo" : "nghèo",
             r->near_poverty_line ? nlv : plv, alv, r->standard_id);
  } else {
    const char *top = r->average_line ? al : r->near_poverty_line ? nl : pl;
    const char *topv = r->average_line ? alv : r->near_poverty_line ? nlv : plv;
    snprintf(r->explanation_en, sizeof r->explanation_en,
             "%s: %s %s%s is above the %s line of %s%s%s (%s)",
             class_en(r->cls), what, v, unit, an, top, unit,
             r->average_line || r->used_score
                 ? ""
                 : "; this standard has no average-living-standard band",
             r->standard_id);
    snprintf(r->explanation_vi, sizeof r->explanation_vi,
             "%s: %s %s%s trên mức %s %s%s (%s)", class_vi(r->cls), whatv, vv,
             unitv, anv, topv, unitv, r->standard_id);
  }
}

/* Set the result's error and return POVREG_EINVALID. */
static int fail(povreg_classify_result *out, const char *msg)
{
  snprintf(out->error, sizeof out->error, "%s", msg);
  return POVREG_EINVALID;
}

/* Classify one household (see povreg/classify.h). */
int povreg_classify(povreg_classify_result *out, const povreg_rulebook *rb,
                    const povreg_classify_input *in)
{
  const int64_t *l;
  int64_t value;
  int d = 0, poor_by_d;
  size_t i;

  if (out == NULL) {
    return POVREG_EINVALID;
  }
  memset(out, 0, sizeof *out);
  out->reason = "none";
  if (rb == NULL || in == NULL) {
    return fail(out, "invalid argument");
  }
  snprintf(out->standard_id, sizeof out->standard_id, "%s", rb->id);
  out->version = rb->version;
  out->cutoff = rb->cutoff;
  if (in->area != POVREG_AREA_RURAL && in->area != POVREG_AREA_URBAN) {
    return fail(out, "area: must be rural or urban");
  }
  l = rb->lines[in->area];
  if (in->deprived != NULL) {
    for (i = 0; i < rb->n; i++) {
      if (in->deprived[i] > 1) { /* found by tests/fuzz/fuzz_classify */
        snprintf(out->error, sizeof out->error,
                 "deprived: the answer for %s is %d; it must be 0 or 1",
                 rb->ind[i].key, in->deprived[i]);
        return POVREG_EINVALID;
      }
      d += in->deprived[i];
    }
  }
  out->deprived_count = d;
  out->near_poverty_line = rb->banded ? l[POVREG__LINE_NEAR] : 0;
  out->average_line = l[POVREG__LINE_AVERAGE];
  if (in->has_income) {
    if (in->income < 0) {
      return fail(out, "income: must not be negative");
    }
    value = in->income;
    out->poverty_line = l[POVREG__LINE_POVERTY];
    poor_by_d = d >= rb->cutoff;
  } else if (in->has_score_a) {
    if (in->score_a < 0) {
      return fail(out, "score_a: must not be negative");
    }
    if (rb->score_b_per == 0) {
      snprintf(out->error, sizeof out->error,
               "score_a: %s has no score form in the ledger; give the "
               "income",
               rb->id);
      return POVREG_EINVALID;
    }
    value = in->score_a;
    out->used_score = 1;
    out->poverty_line = l[POVREG__LINE_SCORE_A];
    out->near_poverty_line = 0;
    out->average_line = 0;
    out->score_b = d * rb->score_b_per;
    out->cutoff = rb->cutoff;
    poor_by_d = out->score_b >= rb->score_b_cutoff;
  } else {
    return fail(out, "income: give the income per person or score A");
  }
  out->value = value;
  if (rb->banded && !out->used_score) {
    if (value <= l[POVREG__LINE_POVERTY]) {
      out->cls = POVREG_CLASS_POOR;
      out->reason = "income_at_or_below_poverty_line";
    } else if (value <= l[POVREG__LINE_NEAR]) {
      out->cls = poor_by_d ? POVREG_CLASS_POOR : POVREG_CLASS_NEAR_POOR;
      out->reason =
          poor_by_d ? "income_in_band_deprived" : "income_in_band_not_deprived";
    }
  } else if (value <= out->poverty_line) {
    out->cls = poor_by_d ? POVREG_CLASS_POOR : POVREG_CLASS_NEAR_POOR;
    if (out->used_score) {
      out->reason = poor_by_d ? "score_a_at_or_below_line_deprived"
                              : "score_a_at_or_below_line_not_deprived";
    } else {
      out->reason = poor_by_d ? "income_at_or_below_line_deprived"
                              : "income_at_or_below_line_not_deprived";
    }
  }
  if (out->cls == POVREG_CLASS_NONE) {
    if (!out->used_score && out->average_line != 0 &&
        value <= out->average_line) {
      out->cls = POVREG_CLASS_AVERAGE;
      out->reason = "income_in_average_band";
    } else {
      out->cls = POVREG_CLASS_NON_POOR;
      out->reason =
          out->used_score ? "score_a_above_line" : "income_above_bands";
    }
  }
  if (!in->skip_explanation) {
    explain(out, in->area, rb->score_b_cutoff);
  }
  return POVREG_OK;
}
