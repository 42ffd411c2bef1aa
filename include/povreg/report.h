/*
** povreg/report.h: the tables of the board and the plan, computed from
** the recognised statuses and the classifications in the ledger:
** summary (rates per commune), deprivation table, transitions, plan
** targets against results, and the Alkire-Foster multidimensional
** poverty measures.
**
** Every report is for a status year Y and a unit: a province, a district
** or a commune, by a code valid on the grouping date (spec.as_of,
** default Y-01-01), or every commune of the ledger.  The communes of a
** unit are those whose version on that date lies under it (through any
** number of levels: a commune under a district under a province before
** 1 July 2025, directly under the province after).  Households are
** grouped under the commune standing for their registered commune on
** that date (a commune closed by a merger counts under its successor,
** as povreg_unit_resolve()), so a report can show the communes as they
** were before or after the 1 July 2025 reorganisation.
**
** Definitions (docs/api.md, "Reports", says more):
**  - households of Y: registered on or before Y-01-01 and not dissolved
**    on or before it;
**  - a household's class in Y: its current recognised status for Y
**    (amendments included); households of Y only;
**  - ethnic-minority household: its head on Y-01-01 belongs to an ethnic
**    minority;
**  - deprivations: those of the classification behind the status (the
**    review's proposal), or, for an amended status, the latest
**    classification for Y; counted against the indicators (by key) of
**    the standard governing Y, in its current data version (the MPI
**    takes the status in effect for Y instead, see povreg_report_mpi());
**  - rates: basis points of households rounded half up (5000 = 50.00%).
** Nothing here writes to the ledger except povreg_target_set().
*/
#ifndef POVREG_REPORT_H
#define POVREG_REPORT_H

#include "common.h"
#include "review.h"

POVREG_BEGIN_DECL

/** What a report covers.  Borrowed strings; zero it for the defaults. */
typedef struct povreg_report_spec {
  int year;              /**< status year (required) */
  const char *unit_code; /**< province, district or commune; NULL: all */
  const char *as_of;     /**< date of the unit tree to group by; NULL:
                              Y-01-01 */
  const char *class_key; /**< deprivation: "poor" (NULL), "near_poor",
                              "average" or "non_poor" */
  int above_bp;          /**< summary: flag communes whose poor rate,
                              rounded to basis points, is above this
                              (5000 = 50%: 50.00% is not above, 50.01%
                              is); 0..10000, 0: no flag */
} povreg_report_spec;

/** A commune's (or the total's) figures for the summary. */
typedef struct povreg_summary_row {
  const char *unit_code; /**< commune code, or the unit's for the total
                              ("" when the report covers every commune) */
  const char *unit_name; /**< its name on the grouping date ("" for the
                              total of every commune) */
  int is_total;          /**< 1 for the total of the chosen unit */
  long households;       /**< households of Y */
  long poor;             /**< recognised poor for Y */
  long near_poor;        /**< recognised near-poor for Y */
  long poor_minority;    /**< of the poor, ethnic-minority households */
  long no_work_recorded; /**< poor households whose survey recorded the
                              fact no_working_capacity */
  long no_work;          /**< of those, with no working capacity
                              (the fact's value is "1") */
  int above;             /**< 1 if poor_bp > spec.above_bp (and
                              spec.above_bp > 0) */
  long poor_bp;          /**< poor * 10000 / households, rounded half
                              up; 0 without households */
  long near_poor_bp;     /**< the same for the near-poor */
} povreg_summary_row;

/** Called once per commune, then once for the total; nonzero stops. */
typedef int (*povreg_summary_cb)(const povreg_summary_row *r, void *payload);

/**
 * The summary: households, poor and near-poor per commune of the unit
 * (by code, communes without households included) and in total.
 * @return POVREG_ENOTFOUND if the unit had no version on the grouping date
 */
POVREG_API int povreg_report_summary(povreg_db *db,
                                     const povreg_report_spec *spec,
                                     povreg_summary_cb cb, void *payload);

/** One indicator of the deprivation table. */
typedef struct povreg_deprivation_row {
  int ordinal;         /**< order in the legal text */
  const char *key;     /**< indicator key */
  const char *name_vi; /**< name, as in the plan's table */
  const char *dimension_vi;
  long deprived; /**< households of the class deprived in it */
  long base;     /**< households of Y of the class with a
                      classification (the denominator) */
} povreg_deprivation_row;

/** Called once per indicator of the year's standard; nonzero stops. */
typedef int (*povreg_deprivation_cb)(const povreg_deprivation_row *r,
                                     void *payload);

/**
 * The deprivation table: among households of a class in Y, how many are
 * deprived in each indicator of the standard governing Y (one row per
 * indicator, in legal order, zeros included).
 * @param[out] standard_out the standard's id (may be NULL; 33 bytes)
 * @return POVREG_ENOTFOUND if no standard governs Y or the unit had no
 *         version on the grouping date
 */
POVREG_API int povreg_report_deprivation(char *standard_out, povreg_db *db,
                                         const povreg_report_spec *spec,
                                         povreg_deprivation_cb cb,
                                         void *payload);

/**
 * The year's transitions per commune of the unit (grouped as above; every
 * commune, zeros included) and class, then the unit's total per class
 * (is_total 1, commune_code = the unit's code, or "" for all).  Rows and
 * definitions as povreg_transitions() (povreg/review.h), which counts
 * every household with a status in Y - 1 or Y (not only households of Y).
 */
typedef int (*povreg_report_transition_cb)(const povreg_transition_row *r,
                                           int is_total, void *payload);
POVREG_API int povreg_report_transitions(povreg_db *db,
                                         const povreg_report_spec *spec,
                                         povreg_report_transition_cb cb,
                                         void *payload);

/** A plan target.  Borrowed strings. */
typedef struct povreg_target_spec {
  const char *unit_code; /**< unit the target is for */
  int year;              /**< status year (end of year Y-1 = start of Y) */
  const char *class_key; /**< "poor" or "near_poor" */
  const char *measure;   /**< "count" (households), "rate" (basis points
                              of households) or "reduction" (basis points
                              of rate fall against the year before) */
  long value;            /**< the target */
  const char *source;    /**< the plan or resolution that sets it */
} povreg_target_spec;

/**
 * Record (or replace) a target; audited (action "target.set", the row
 * before and after).  Setting the same value and source again changes
 * nothing.
 * @return POVREG_ENOTFOUND for an unknown unit, POVREG_EINVALID for a
 *         bad year, class, measure, value (a rate or reduction is
 *         0..10000 basis points) or source
 */
POVREG_API int povreg_target_set(povreg_db *db, const povreg_target_spec *t);

/** A target against the result. */
typedef struct povreg_target_row {
  const char *unit_code;
  const char *unit_name;
  int year;
  const char *class_key;
  const char *measure;
  long target;    /**< as set */
  long actual;    /**< same measure computed from the ledger for the unit
                       (its communes on Y-01-01): count of households of
                       the class; rate in basis points (rounded half up);
                       reduction = rate(Y - 1) - rate(Y), both on the
                       communes of Y-01-01 (negative when it rose) */
  int has_actual; /**< 0 when a year needed has no statuses in the unit
                       (Y; and Y - 1 for a reduction): actual, gap and
                       met are then 0 */
  long gap;       /**< actual - target (count, rate: above 0 is short of
                       the target; reduction: below 0 is short of it) */
  int met;        /**< 1 if met: actual <= target (count, rate), actual >=
                       target (reduction) */
  const char *source;
} povreg_target_row;

/** Called once per target of the unit (and its communes); nonzero stops. */
typedef int (*povreg_target_cb)(const povreg_target_row *r, void *payload);

/**
 * Targets against results, for every year (spec->year 0) or one year,
 * of the chosen unit (any unit that exists; NULL: every target) and the
 * units that were ever under it, by unit (provinces first), year, class
 * and measure.  Each target is computed on its own year's communes;
 * spec->as_of and class_key are not used.
 */
POVREG_API int povreg_report_targets(povreg_db *db,
                                     const povreg_report_spec *spec,
                                     povreg_target_cb cb, void *payload);

/** Alkire-Foster figures of one indicator. */
typedef struct povreg_mpi_indicator {
  char key[32];
  long deprived;       /**< households deprived in it */
  long deprived_poor;  /**< of them, multidimensionally poor */
  double weight;       /**< 1/d: equal per indicator */
  double uncensored;   /**< share of households deprived in it */
  double censored;     /**< share multidimensionally poor and deprived */
  double contribution; /**< weight * censored / M0 (0 when M0 = 0) */
} povreg_mpi_indicator;

/** A subgroup of a decomposition. */
typedef struct povreg_mpi_group {
  char by[16];     /**< "commune", "ethnicity" (of the head) or
                        "head_sex" */
  char key[64];    /**< commune code, ethnic code, "M"/"F" ("unknown"
                        when the household has no head recorded) */
  char name[256];  /**< commune name on the grouping date, ethnic
                        group's name, "Nam"/"Nữ" ("" if unknown) */
  long n;          /**< households classified */
  long q;          /**< multidimensionally poor (c >= k) */
  long sum_c_poor; /**< sum of c over its q poor */
  double H, A, M0; /**< the subgroup's measures */
  double share;    /**< n/N * M0 / M0(total): contribution to the total */
} povreg_mpi_group;

/** The Alkire-Foster measures of a year. */
typedef struct povreg_mpi {
  int year;
  char standard_id[33];
  int d;           /**< indicators */
  int k;           /**< cut-off (deprivations needed) */
  long n;          /**< households of Y with a classification behind
                        their status in effect (see below); the
                        summary's households of Y less n were left
                        out */
  long q;          /**< of which with c >= k */
  long sum_c_poor; /**< sum of c over the q poor: A = sum / (q d),
                        M0 = sum / (n d) */
  double H;        /**< q / n */
  double A;        /**< mean deprivation share c/d among the q */
  double M0;       /**< H * A */
  size_t n_indicators;
  povreg_mpi_indicator *indicators; /**< in legal order */
  size_t n_groups;
  povreg_mpi_group *groups; /**< by commune (code order), then ethnicity
                                 (code order), then sex of the head (M,
                                 F); only groups with households */
} povreg_mpi;

/**
 * Compute the Alkire-Foster measures exactly over the households of Y of
 * the unit (those povreg_report_summary() counts), each with the
 * deprivations of the classification behind its status in effect for Y:
 * of its recognised statuses (amendments included), the one of the latest
 * status year up to Y, so a household not reviewed again in Y keeps the
 * classification of its last review.  A household is left out when that
 * status has no classification behind it made under the standard
 * governing Y (no status up to Y, a status recorded without a survey, or
 * one classified under an earlier standard): their number is the
 * summary's households less n.  The unit of analysis is the household;
 * each indicator of the standard governing Y weighs 1/d, as the standard
 * counts indicators; the cut-off k is the standard's.  Income does not
 * enter: the standard's income criterion is separate.  Counts are
 * integers; the ratios are computed from them at the end.  With no
 * household every measure is 0.
 * @param[out] out allocated; free with povreg_mpi_free()
 */
POVREG_API int povreg_report_mpi(povreg_mpi **out, povreg_db *db,
                                 const povreg_report_spec *spec);

/** Free MPI results.  NULL-safe. */
POVREG_API void povreg_mpi_free(povreg_mpi *m);

POVREG_END_DECL

#endif /* POVREG_REPORT_H */
