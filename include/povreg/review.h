/*
** povreg/review.h: the commune's reviews and each household's recognised
** status per year.
**
** A periodic review is held in year Y (1 September - 14 December) and
** sets statuses for Y + 1 under the standard governing Y + 1.  An ad-hoc
** review is held monthly from the 15th and sets statuses for its own
** year.  Steps: who must be reviewed (households recognised poor or
** near-poor for the year the review starts from, and households that
** applied), survey (povreg_survey_record with the review's year),
** classify, board override (with a reason), village meeting (at least
** half of the attendees agree, else back to survey), public posting,
** complaints (an unresolved one blocks its household), approval by
** decision.  An approved review is locked (library and triggers);
** a correction is an amendment with its own decision.
*/
#ifndef POVREG_REVIEW_H
#define POVREG_REVIEW_H

#include "classify.h"
#include "common.h"

POVREG_BEGIN_DECL

/**
 * Record a household's application to be reviewed.
 * @param[out] id_out the application's id (may be NULL)
 * @param kind "enter" (sudden hardship: to be added to the lists) or
 *             "escape" (to be recognised as escaped)
 * @param applied_on date; NULL: today
 */
POVREG_API int povreg_apply(int64_t *id_out, povreg_db *db,
                            const char *household_code, const char *kind,
                            const char *applied_on, const char *reason);

/** How to open a review.  Borrowed strings. */
typedef struct povreg_review_spec {
  const char *commune_code; /**< commune reviewed */
  int year;                 /**< year the review is held */
  int month; /**< 0: periodic; 1-12: ad-hoc review of that month */
  const char *reference_date; /**< ages at; NULL: Y-09-01 (periodic) or
                                   Y-MM-15 (ad-hoc) */
  const char *standard_id;    /**< NULL: the one governing the status year */
  const char *opened_on;      /**< NULL: today */
} povreg_review_spec;

/**
 * Open a review and list who must be reviewed.
 * @param[out] id_out the review's id (may be NULL)
 * @return POVREG_EEXISTS if that review is already open
 */
POVREG_API int povreg_review_open(int64_t *id_out, povreg_db *db,
                                  const povreg_review_spec *spec);

/**
 * Find a review.
 * @param month 0 for the periodic review
 * @return POVREG_ENOTFOUND if there is none
 */
POVREG_API int povreg_review_find(int64_t *id_out, povreg_db *db,
                                  const char *commune_code, int year,
                                  int month);

/** Add a household that does not have to be reviewed. */
POVREG_API int povreg_review_add(povreg_db *db, int64_t review_id,
                                 const char *household_code);

/**
 * Add every household of the review's commune (and of the codes it took
 * over) that existed on the reference date and is not in the review yet,
 * as one that does not have to be reviewed ("added").  Audited once.
 * @param[out] n_out how many were added (may be NULL)
 */
POVREG_API int povreg_review_add_all(int *n_out, povreg_db *db,
                                     int64_t review_id);

/**
 * Classify every household of the review that has a survey for it and is
 * not excused, storing the proposed class with its explanation.
 * @param[out] n_out how many were classified (may be NULL)
 */
POVREG_API int povreg_review_classify(int *n_out, povreg_db *db,
                                      int64_t review_id);

/** The board overrides the proposed class; reason required; audited. */
POVREG_API int povreg_review_override(povreg_db *db, int64_t review_id,
                                      const char *household_code,
                                      const char *class_key,
                                      const char *reason);

/**
 * Record the village meeting for a household.  With fewer than half of
 * the attendees agreeing the household goes back to survey (its proposal
 * is cleared).
 * @param[out] agreed_out 1 if the meeting agreed (may be NULL)
 */
POVREG_API int povreg_review_meeting(int *agreed_out, povreg_db *db,
                                     int64_t review_id,
                                     const char *household_code,
                                     const char *date, int attendees,
                                     int agreeing);

/** Record the public posting of the review's list. */
POVREG_API int povreg_review_post(povreg_db *db, int64_t review_id,
                                  const char *from, const char *to);

/** File a complaint about a household's class during posting. */
POVREG_API int povreg_complaint_file(int64_t *id_out, povreg_db *db,
                                     int64_t review_id,
                                     const char *household_code,
                                     const char *date, const char *text);

/** Resolve a complaint. */
POVREG_API int povreg_complaint_resolve(povreg_db *db, int64_t complaint_id,
                                        const char *date,
                                        const char *resolution);

/**
 * Excuse a household that must be reviewed but cannot be.
 * @param reason "moved_away", "died", "merged" or "other"
 */
POVREG_API int povreg_review_excuse(povreg_db *db, int64_t review_id,
                                    const char *household_code,
                                    const char *reason, const char *note);

/** What blocks approval, one household at a time. */
typedef struct povreg_review_blocker {
  const char *household_code; /**< household */
  const char *what;           /**< "no survey", "not classified", "no
                                   meeting", "meeting disagreed: survey
                                   again", "open complaint", "not posted" */
} povreg_review_blocker;

/** Where a review stands. */
typedef struct povreg_review_state {
  int64_t id;              /**< review id */
  char commune_code[6];    /**< commune */
  int year;                /**< year held */
  int month;               /**< 0 periodic, else the ad-hoc month */
  int status_year;         /**< statuses it sets */
  char reference_date[11]; /**< ages at */
  char standard_id[33];    /**< standard */
  int standard_version;    /**< and its data version */
  int approved;            /**< 1 once approved */
  char decision[64];       /**< decision reference when approved */
  char decision_date[11];  /**< and its date */
  char posted_from[11];    /**< "" if not posted */
  char posted_to[11];
  int households;                  /**< in the review */
  int must_review;                 /**< of which must be reviewed */
  int surveyed;                    /**< have a survey for the review */
  int classified;                  /**< have a proposal */
  int agreed;                      /**< meeting agreed */
  int excused;                     /**< excused */
  int open_complaints;             /**< unresolved complaints */
  int proposed[5];                 /**< proposals by povreg_class */
  size_t n_blockers;               /**< entries in blockers */
  povreg_review_blocker *blockers; /**< what stops approval */
} povreg_review_state;

/**
 * Where a review stands and what blocks approval.
 * @param[out] out allocated; free with povreg_review_state_free()
 */
POVREG_API int povreg_review_status(povreg_review_state **out, povreg_db *db,
                                    int64_t review_id);

/** Free a review state.  NULL-safe. */
POVREG_API void povreg_review_state_free(povreg_review_state *s);

/** A household of a review and where it stands.  Borrowed strings. */
typedef struct povreg_review_household {
  const char *household_code;  /**< household */
  const char *head_name;       /**< active head, or NULL */
  int must_review;             /**< 1 if it must be reviewed */
  const char *why;             /**< "listed", "applied" or "added" */
  int surveyed;                /**< has a survey for the review */
  const char *proposed_class;  /**< proposal, or NULL */
  const char *reason;          /**< reason key of the proposal, or NULL */
  const char *override_class;  /**< the board's override, or NULL */
  const char *override_reason; /**< and its reason */
  int meeting;                 /**< -1 no meeting, 0 disagreed, 1 agreed */
  int needs_resurvey;          /**< 1: sent back by the meeting */
  const char *excused_reason;  /**< or NULL */
  int open_complaints;         /**< unresolved complaints */
} povreg_review_household;

/** Called once per household; nonzero stops and is returned. */
typedef int (*povreg_review_household_cb)(const povreg_review_household *h,
                                          void *payload);

/** The households of a review, by code. */
POVREG_API int povreg_review_households(povreg_db *db, int64_t review_id,
                                        povreg_review_household_cb cb,
                                        void *payload);

/**
 * Approve the review by decision: refused while anything blocks it (see
 * povreg_review_status); then records every reviewed household's
 * recognised status for the status year and locks the review.
 */
POVREG_API int povreg_review_approve(povreg_db *db, int64_t review_id,
                                     const char *decision, const char *date);

/**
 * Amend a recognised status after approval: a new status row superseding
 * the old one, with its own decision and reason; audited.
 */
POVREG_API int povreg_status_amend(povreg_db *db, const char *household_code,
                                   int status_year, const char *class_key,
                                   const char *decision, const char *date,
                                   const char *reason);

/**
 * A household's recognised class for a year (POVREG_CLASS_NONE if it has
 * no status that year).
 */
POVREG_API int povreg_status_get(povreg_class *out, povreg_db *db,
                                 const char *household_code, int status_year);

/** A household on a list of the year. Borrowed strings. */
typedef struct povreg_list_entry {
  const char *household_code; /**< household */
  const char *head_name;      /**< head, or NULL */
  const char *village;        /**< village, or NULL */
  const char *class_now;      /**< class in the status year, or NULL */
  const char *class_before;   /**< class the year before, or NULL */
  const char *transition;     /**< "escaped", "relapsed", "new", "stayed",
                                   "left", "to_poor" or NULL */
  const char *changes;        /**< for escaped households: what changed
                                   between the two surveys, or NULL */
} povreg_list_entry;

/** Called once per entry; nonzero stops. */
typedef int (*povreg_list_cb)(const povreg_list_entry *e, void *payload);

/**
 * The lists of a status year in a commune (or all communes when NULL).
 * @param list "poor", "near_poor", "escaped" (escaped poverty or
 *             near-poverty), "relapsed", "new"
 */
POVREG_API int povreg_status_list(povreg_db *db, const char *commune_code,
                                  int status_year, const char *list,
                                  povreg_list_cb cb, void *payload);

/** The year's changes for one commune and class. */
typedef struct povreg_transition_row {
  const char *commune_code; /**< commune */
  const char *class_key;    /**< "poor" or "near_poor" */
  int start;                /**< in the class the year before */
  int escaped;              /**< left the class for a better one */
  int to_poor;              /**< near-poor who became poor */
  int left;                 /**< left without review (moved, died, merged) */
  int relapsed;             /**< back in the class after having left it */
  int newly;                /**< in the class for the first time */
  int end;                  /**< in the class this year */
  int reconciles;           /**< end == start - escaped - to_poor - left +
                                 relapsed + newly */
} povreg_transition_row;

/** Called once per commune and class; nonzero stops. */
typedef int (*povreg_transition_cb)(const povreg_transition_row *r,
                                    void *payload);

/**
 * The changes between status_year - 1 and status_year, per commune and
 * class, with the reconciliation checked.
 */
POVREG_API int povreg_transitions(povreg_db *db, const char *commune_code,
                                  int status_year, povreg_transition_cb cb,
                                  void *payload);

/** An application waiting for a decision. Borrowed strings. */
typedef struct povreg_overdue {
  int64_t application_id;     /**< application */
  const char *household_code; /**< household */
  const char *kind;           /**< "enter" or "escape" */
  const char *applied_on;     /**< date */
  const char *due_on;         /**< decision due: 15 days after the ad-hoc
                                   review that took it up opened or, not
                                   yet taken up, after the next monthly
                                   review (the 15th on or after applying) */
} povreg_overdue;

/** Called once per overdue application; nonzero stops. */
typedef int (*povreg_overdue_cb)(const povreg_overdue *o, void *payload);

/** Applications undecided past their due date on `date`. */
POVREG_API int povreg_applications_overdue(povreg_db *db, const char *date,
                                           povreg_overdue_cb cb, void *payload);

POVREG_END_DECL

#endif /* POVREG_REVIEW_H */
