/*
** povreg/classify.h: poverty standards as data, household surveys, the
** derivation of deprivation indicators from facts, and classification.
**
** A standard (QD59-2015, ND07-2021, ND351-2025, ...) is rows in the
** ledger: income lines per area, the deprivation cut-off, the score form,
** and its indicators, each with the rule family and the thresholds
** (JSON) used to derive it.  A correction is a new data version; every
** stored classification names the standard and version that made it.
**
** povreg_classify() is pure: no ledger, no clock, no allocation.  It
** takes a rulebook (a standard loaded into memory) and one household's
** area, income (or score A) and deprived indicators.
*/
#ifndef POVREG_CLASSIFY_H
#define POVREG_CLASSIFY_H

#include "common.h"
#include "unit.h"

POVREG_BEGIN_DECL

/** The classes of the standard. */
typedef enum povreg_class {
  POVREG_CLASS_NONE = 0,      /**< not classified */
  POVREG_CLASS_POOR = 1,      /**< hộ nghèo */
  POVREG_CLASS_NEAR_POOR = 2, /**< hộ cận nghèo */
  POVREG_CLASS_AVERAGE = 3,   /**< hộ có mức sống trung bình */
  POVREG_CLASS_NON_POOR = 4   /**< hộ không nghèo (above every band) */
} povreg_class;

/** "poor", "near_poor", "average", "non_poor" (or "none").  Static. */
POVREG_API const char *povreg_class_key(povreg_class c);

/** Parse a class key; POVREG_CLASS_NONE if unknown. */
POVREG_API povreg_class povreg_class_parse(const char *key);

/** A standard as listed.  Borrowed strings. */
typedef struct povreg_standard_info {
  const char *id;         /**< "QD59-2015" */
  int first_year;         /**< first status year governed */
  int last_year;          /**< last status year governed */
  int version;            /**< current data version */
  const char *name_vi;    /**< Vietnamese name */
  const char *name_en;    /**< English name */
  const char *citation;   /**< legal act */
  const char *family;     /**< "banded" or "single_line" */
  int cutoff;             /**< deprived indicators needed to be poor */
  int indicators;         /**< number of indicators */
  int provisional;        /**< 1 if the wording is not final */
  const char *confidence; /**< "confirmed", "secondary", "unconfirmed" */
} povreg_standard_info;

/** Called once per standard; nonzero stops and is returned. */
typedef int (*povreg_standard_cb)(const povreg_standard_info *s, void *payload);

/** List the standards by first year. */
POVREG_API int povreg_standard_list(povreg_db *db, povreg_standard_cb cb,
                                    void *payload);

/**
 * The standard governing a status year (the year a recognised status
 * holds; the review held in late Y sets statuses for Y+1).
 * @param[out] out buffer of at least 33 bytes for the standard id
 * @return POVREG_ENOTFOUND if no standard governs that year
 */
POVREG_API int povreg_standard_for_year(char out[33], povreg_db *db,
                                        int status_year);

/**
 * A standard's current data as JSON, in the format povreg_standard_import()
 * reads (see docs/standards.md).
 * @param[out] json_out allocated; free with povreg_free()
 */
POVREG_API int povreg_standard_export(char **json_out, povreg_db *db,
                                      const char *id);

/**
 * Load a standard from JSON text: a new standard, or a new data version
 * of an existing one (a corrected threshold).  Everything is checked
 * before anything is written; one transaction; audited.
 * @param[out] version_out the version now current (may be NULL)
 * @param json   the document (docs/standards.md)
 * @return POVREG_EINVALID with "field: problem" for a bad document;
 *         POVREG_EEXISTS if it is identical to the current version
 */
POVREG_API int povreg_standard_import(int *version_out, povreg_db *db,
                                      const char *json);

/** An income or score line of a standard.  Strings owned by the record. */
typedef struct povreg_standard_line {
  char *area;       /**< "rural" or "urban" */
  char *line;       /**< "poverty", "near_poverty", "average", "score_a" */
  int64_t amount;   /**< VND per person per month, or score A points */
  char *confidence; /**< "confirmed", "secondary", "unconfirmed" */
  char *citation;   /**< where it was read */
} povreg_standard_line;

/** An indicator of a standard.  Strings owned by the record. */
typedef struct povreg_standard_indicator {
  int ordinal;        /**< order in the legal text, 1.. */
  char *key;          /**< e.g. "health_insurance" */
  char *dimension;    /**< service key, e.g. "health" */
  char *dimension_vi; /**< service, Vietnamese */
  char *name_vi;      /**< Vietnamese name */
  char *name_en;      /**< English name */
  char *definition;   /**< when a household is deprived */
  char *rule;         /**< rule family, or NULL: ticked only */
  char *params;       /**< its thresholds as JSON, or NULL */
  char *confidence;   /**< "confirmed", "secondary", "unconfirmed" */
  char *citation;     /**< legal source and where it was read */
} povreg_standard_indicator;

/** One version of a standard with its lines and indicators. */
typedef struct povreg_standard {
  char *id;            /**< "ND07-2021" */
  int version;         /**< this data version */
  int current_version; /**< the standard's current version */
  int first_year;      /**< status years this version governs */
  int last_year;
  char *name_vi;             /**< Vietnamese name */
  char *name_en;             /**< English name */
  char *citation;            /**< legal act */
  char *family;              /**< "banded" or "single_line" */
  int cutoff;                /**< deprived indicators needed */
  int score_b_per_indicator; /**< 0 if no score form */
  int score_b_cutoff;        /**< 0 if no score form */
  char *year_only_birthday;  /**< "MM-DD" assumed for a year-only birth date */
  int provisional;           /**< 1 if the wording is not final */
  char *confidence;          /**< of the standard as a whole */
  char *note;                /**< what is unsure, or NULL */
  char *recorded_at;         /**< when this version was loaded (UTC) */
  size_t n_lines;            /**< entries in lines (by area, then line) */
  povreg_standard_line *lines;
  size_t n_indicators; /**< entries in indicators (legal order) */
  povreg_standard_indicator *indicators;
} povreg_standard;

/**
 * Read a version of a standard with its lines and indicators.
 * @param[out] out allocated; free with povreg_standard_free()
 * @param version 0 for the current version
 */
POVREG_API int povreg_standard_get(povreg_standard **out, povreg_db *db,
                                   const char *id, int version);

/** Free a standard record.  NULL-safe. */
POVREG_API void povreg_standard_free(povreg_standard *s);

/** A standard loaded into memory for classification.  Opaque. */
typedef struct povreg_rulebook povreg_rulebook;

/**
 * Load a standard's current version.
 * @param[out] out allocated; free with povreg_rulebook_free()
 * @param id the standard, or NULL for the one governing status_year
 */
POVREG_API int povreg_rulebook_load(povreg_rulebook **out, povreg_db *db,
                                    const char *id, int status_year);

/** Free a rulebook.  NULL-safe. */
POVREG_API void povreg_rulebook_free(povreg_rulebook *rb);

/** The rulebook's standard id.  Borrowed from the rulebook. */
POVREG_API const char *povreg_rulebook_id(const povreg_rulebook *rb);

/** The rulebook's data version. */
POVREG_API int povreg_rulebook_version(const povreg_rulebook *rb);

/** Number of indicators. */
POVREG_API size_t povreg_rulebook_indicators(const povreg_rulebook *rb);

/** Key of indicator i (0-based, legal order), or NULL.  Borrowed. */
POVREG_API const char *povreg_rulebook_indicator_key(const povreg_rulebook *rb,
                                                     size_t i);

/** Vietnamese name of indicator i, or NULL.  Borrowed. */
POVREG_API const char *
povreg_rulebook_indicator_name_vi(const povreg_rulebook *rb, size_t i);

/** English name of indicator i, or NULL.  Borrowed. */
POVREG_API const char *
povreg_rulebook_indicator_name_en(const povreg_rulebook *rb, size_t i);

/** Index of an indicator key, or -1 if the standard has no such key. */
POVREG_API int povreg_rulebook_indicator_index(const povreg_rulebook *rb,
                                               const char *key);

/** What povreg_classify() needs to know about a household. */
typedef struct povreg_classify_input {
  povreg_area area;              /**< rural or urban */
  int has_income;                /**< income is given */
  int64_t income;                /**< VND per person per month, >= 0 */
  int has_score_a;               /**< score A is given (used when no income) */
  int64_t score_a;               /**< income proxy score (TT 07/2021) */
  const unsigned char *deprived; /**< one entry per indicator of the
                                      rulebook, 1 deprived, 0 not (any
                                      other value: POVREG_EINVALID); NULL:
                                      none deprived */
  int skip_explanation;          /**< nonzero: leave explanation_en/_vi
                                      empty (bulk work that stores only the
                                      class and reason) */
} povreg_classify_input;

/** Longest explanation kept in a result. */
#define POVREG_EXPLAIN_MAX 512

/** The result of povreg_classify().  Self-contained (no pointers to free). */
typedef struct povreg_classify_result {
  povreg_class cls;          /**< the class */
  const char *reason;        /**< static reason key, e.g.
                                  "income_at_or_below_poverty_line" */
  int deprived_count;        /**< D */
  int cutoff;                /**< D needed to be poor */
  int used_score;            /**< 1 if score A/B decided, 0 income */
  int64_t value;             /**< the income or score A compared */
  int64_t poverty_line;      /**< line (or score-A line) applied */
  int64_t near_poverty_line; /**< top of QĐ 59's band, 0 if none */
  int64_t average_line;      /**< top of the average band, 0 if none */
  int score_b;               /**< D x points per indicator, 0 if no score */
  char standard_id[33];      /**< standard used */
  int version;               /**< its data version */
  char explanation_en[POVREG_EXPLAIN_MAX]; /**< why, in English */
  char explanation_vi[POVREG_EXPLAIN_MAX]; /**< why, in Vietnamese */
  char error[160];                         /**< on failure: "field: problem" */
} povreg_classify_result;

/**
 * Classify one household.  Pure and deterministic: the same rulebook and
 * input give the same result; no ledger, no clock, no allocation.
 * @return POVREG_OK, or POVREG_EINVALID with out->error set (no income or
 *         score, a negative value, an unknown area, a score form the
 *         standard lacks)
 */
POVREG_API int povreg_classify(povreg_classify_result *out,
                               const povreg_rulebook *rb,
                               const povreg_classify_input *in);

/** A fact of a survey: about the household (member_no 0) or a member. */
typedef struct povreg_fact {
  int member_no;     /**< 0: the household; else the member's number */
  const char *key;   /**< e.g. "living_area_m2", "has_health_insurance" */
  const char *value; /**< text; booleans are "1"/"0" */
} povreg_fact;

/** The enumerator's answer for an indicator. */
typedef struct povreg_tick {
  const char *key; /**< indicator key */
  int deprived;    /**< 1 deprived, 0 not */
} povreg_tick;

/** A household's survey for one review year.  Borrowed for the call. */
typedef struct povreg_survey_spec {
  int review_year;            /**< year the review is held */
  const char *reference_date; /**< date ages are evaluated at; required */
  const char *surveyed_on;    /**< optional */
  const char *enumerator;     /**< optional */
  int has_income;             /**< income given */
  int64_t income;             /**< VND per person per month */
  int has_score_a;            /**< score A given */
  int64_t score_a;            /**< income proxy score */
  const povreg_tick *ticks;   /**< indicators the enumerator ticked */
  size_t n_ticks;
  const povreg_fact *facts; /**< facts to derive the others from */
  size_t n_facts;
} povreg_survey_spec;

/**
 * Record (or replace) a household's survey for a review year.  Tick keys
 * must be indicators of the standard governing review_year + 1; facts
 * of members name active members.  One transaction; audited.
 */
POVREG_API int povreg_survey_record(povreg_db *db, const char *household_code,
                                    const povreg_survey_spec *s);

/** How one indicator was settled for a household. */
typedef struct povreg_indicator_eval {
  char key[32];    /**< indicator key */
  int deprived;    /**< 1 or 0 */
  int ticked;      /**< 1: the enumerator's tick; 0: derived from facts */
  char basis[200]; /**< what it was derived from, in words */
} povreg_indicator_eval;

/** A household classified from a survey. */
typedef struct povreg_evaluation {
  char household_code[33];       /**< household */
  char commune_code[6];          /**< commune standing for it on the date */
  int review_year;               /**< survey used */
  int status_year;               /**< year the class is for */
  char reference_date[11];       /**< ages evaluated at */
  povreg_area area;              /**< from the commune on the reference date */
  povreg_classify_result result; /**< class, reason, lines, explanation */
  size_t n_indicators;           /**< entries in indicators */
  povreg_indicator_eval *indicators; /**< every indicator of the standard */
} povreg_evaluation;

/**
 * Classify a stored household from its latest survey held before
 * status_year, deriving every indicator the enumerator did not tick.
 * @param[out] out allocated; free with povreg_evaluation_free()
 * @param standard_id NULL: the standard governing status_year
 * @param save nonzero: store the result in the ledger (audited)
 * @return POVREG_ENOTFOUND without a survey; POVREG_EINVALID naming the
 *         indicator when a fact needed to derive it is missing
 */
POVREG_API int povreg_household_classify(povreg_evaluation **out, povreg_db *db,
                                         const char *household_code,
                                         int status_year,
                                         const char *standard_id, int save);

/** Free an evaluation.  NULL-safe. */
POVREG_API void povreg_evaluation_free(povreg_evaluation *ev);

POVREG_END_DECL

#endif /* POVREG_CLASSIFY_H */
