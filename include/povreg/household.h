/*
** povreg/household.h: households and their members.
**
** A household always has exactly one active head while it exists.  It is
** created together with its head, and every operation that could leave it
** without one (the head leaves, moves or is replaced) names the new head.
** Nothing is ever deleted: a member leaves with a status and a date, a
** household is dissolved with a date and a reason, and every change is
** written to the audit log with the operator's name.
*/
#ifndef POVREG_HOUSEHOLD_H
#define POVREG_HOUSEHOLD_H

#include "common.h"

POVREG_BEGIN_DECL

/**
 * Fields of a member to add or change.  Strings are borrowed for the call.
 * For povreg_member_update(), NULL leaves a field as it is and "" clears
 * an optional field (citizen_id, bhxh_no, joined_on, health_insurance,
 * in_school, education_grade).  The last three are standing facts that
 * classification uses when a survey does not give them for the member.
 */
typedef struct povreg_member_spec {
  const char *full_name;  /**< UTF-8, 1..100 characters; required to add */
  const char *sex;        /**< "M"/"F", also "Nam"/"Nữ"; required to add */
  const char *birth_date; /**< "YYYY-MM-DD", or "YYYY" when only the year is
                             known; required */
  const char *ethnicity;  /**< official code ("01" Kinh) or name; NULL: "01" */
  const char *relation;   /**< to the head: "head", "spouse", "child", "parent",
                               "grandchild", "sibling", "other" (Vietnamese
                               "chủ hộ", "vợ", "chồng", "con", ... accepted) */
  const char *citizen_id; /**< 12 digits, unique in the ledger; optional */
  const char *bhxh_no;    /**< 10-digit social-insurance number; optional */
  const char *joined_on;  /**< date they joined the household; optional */
  const char *health_insurance; /**< "1" holds a valid health-insurance
                                     card, "0" not; optional */
  const char *in_school;        /**< "1" attends school or training, "0"
                                     not; optional */
  const char *education_grade;  /**< highest grade completed, "0".."12";
                                     optional */
} povreg_member_spec;

/** Fields of a household to add or change.  Borrowed for the call. */
typedef struct povreg_household_spec {
  const char *code; /**< stable code [A-Za-z0-9._-]{1,32}; NULL: generated */
  const char *
      commune_code; /**< 5-digit commune valid on created_on; required to add */
  const char
      *village; /**< name of an existing village of the commune, or NULL */
  const char *address;    /**< free text, up to 500 characters */
  const char *phone;      /**< digits, spaces, + . - */
  const char *notes;      /**< free text, up to 2000 characters */
  const char *created_on; /**< registration date; NULL: today */
} povreg_household_spec;

/** A member as stored.  Strings owned by the enclosing record. */
typedef struct povreg_member {
  int64_t id;           /**< row id, stable for life (also across moves) */
  int member_no;        /**< number in the household, 1.. */
  char *household_code; /**< current household */
  char *full_name;      /**< as entered */
  char *sex;            /**< "M" or "F" */
  char *birth_date;     /**< "YYYY-MM-DD" or "YYYY" (personal data) */
  char *ethnicity_code; /**< "01".."54" */
  char *ethnicity_name; /**< official name */
  char *relation;       /**< relation to the head */
  char *citizen_id;     /**< or NULL (personal data) */
  char *bhxh_no;        /**< or NULL (personal data) */
  char *status;         /**< "active", "moved_out" or "died" */
  char *status_on;      /**< date of the status, NULL while active */
  char *joined_on;      /**< or NULL */
  int health_insurance; /**< 1 holds a valid health-insurance card, 0 not,
                             -1 unknown */
  int in_school;        /**< 1 attends school or training, 0 not, -1
                             unknown */
  int education_grade;  /**< highest grade completed 0..12, -1 unknown */
} povreg_member;

/** A household as stored.  Everything owned by the record. */
typedef struct povreg_household {
  int64_t id;             /**< row id */
  char *code;             /**< stable code */
  char *commune_code;     /**< commune it was registered in */
  char *commune_name;     /**< its latest name */
  char *village;          /**< village name or NULL */
  char *address;          /**< or NULL */
  char *phone;            /**< or NULL */
  char *notes;            /**< or NULL */
  char *created_on;       /**< registration date */
  char *split_from;       /**< code of the household it split from, or NULL */
  char *dissolved_on;     /**< or NULL */
  char *dissolved_reason; /**< or NULL */
  char *merged_into;      /**< code, or NULL */
  char *head_name;  /**< full name of the active head, NULL if dissolved */
  int n_active;     /**< active members */
  size_t n_members; /**< entries in members (0 in listings) */
  povreg_member *members; /**< all members, former ones too, by member_no;
                               NULL in listings */
} povreg_household;

/**
 * Add a household together with its head.
 * @param[out] code_out the household's code (allocated; free with
 *                      povreg_free()); may be NULL
 * @param hh    the household; hh->commune_code is required
 * @param head  the head; head->relation is ignored (it is "head")
 * @return POVREG_EEXISTS for a taken code or citizen ID, POVREG_ENOTFOUND
 *         for an unknown commune or village, POVREG_EINVALID for a bad field
 */
POVREG_API int povreg_household_add(char **code_out, povreg_db *db,
                                    const povreg_household_spec *hh,
                                    const povreg_member_spec *head);

/**
 * Change a household's village, address, phone or notes (NULL: keep,
 * "": clear).  The code, commune and dates cannot be changed here.
 */
POVREG_API int povreg_household_update(povreg_db *db, const char *code,
                                       const povreg_household_spec *changes);

/**
 * Read a household and all its members.
 * @param[out] out allocated; free with povreg_household_free()
 */
POVREG_API int povreg_household_get(povreg_household **out, povreg_db *db,
                                    const char *code);

/** Free a household record.  NULL-safe. */
POVREG_API void povreg_household_free(povreg_household *h);

/** What povreg_household_list() lists.  Borrowed strings; NULL: any. */
typedef struct povreg_household_filter {
  const char *commune_code; /**< registered in this commune */
  const char *village;      /**< in this village (needs commune_code) */
  int include_dissolved;    /**< nonzero: dissolved households too */
} povreg_household_filter;

/**
 * Called once per household by povreg_household_list(); the record is
 * borrowed (members not loaded).  Nonzero stops and is returned.
 */
typedef int (*povreg_household_cb)(const povreg_household *h, void *payload);

/** List households by code, streaming: memory does not grow with the ledger. */
POVREG_API int povreg_household_list(povreg_db *db,
                                     const povreg_household_filter *filter,
                                     povreg_household_cb cb, void *payload);

/**
 * Make another active member the head.
 * @param member_no          the new head
 * @param old_head_relation  what the old head becomes to the new one
 *                           (NULL: "other")
 */
POVREG_API int povreg_household_set_head(povreg_db *db, const char *code,
                                         int member_no,
                                         const char *old_head_relation);

/** How to split a household (a married child forms a new one). */
typedef struct povreg_split_spec {
  const char *new_code;   /**< code of the new household; NULL: generated */
  const int *member_nos;  /**< members (of the source) who leave with it */
  size_t n_members;       /**< how many */
  int new_head_no;        /**< which of them heads the new household */
  int source_new_head_no; /**< new head of the source if its head leaves, else 0
                           */
  const char *date;       /**< date of the split; NULL: today */
  const char *village;    /**< village of the new household; NULL: same */
  const char *address;    /**< address of the new household; NULL: same */
} povreg_split_spec;

/**
 * Split members off into a new household in the same commune.
 * @param[out] new_code_out code of the new household (allocated; free with
 *                          povreg_free()); may be NULL
 */
POVREG_API int povreg_household_split(char **new_code_out, povreg_db *db,
                                      const char *code,
                                      const povreg_split_spec *spec);

/**
 * Dissolve a household.
 * @param reason "merged" (needs into_code: active members move there, the
 *               old head as "other"), "moved_away", "died_out",
 *               "duplicate" or "other".  Without a merge, active members
 *               are marked moved out (moved_away, duplicate, other) or
 *               died (died_out) on that date.
 * @param into_code household to merge into, or NULL
 */
POVREG_API int povreg_household_dissolve(povreg_db *db, const char *code,
                                         const char *date, const char *reason,
                                         const char *into_code);

/**
 * Add a member to a household.
 * @param[out] member_no_out the member's number (may be NULL)
 * @return POVREG_ECONSTRAINT for a second head
 */
POVREG_API int povreg_member_add(int *member_no_out, povreg_db *db,
                                 const char *household_code,
                                 const povreg_member_spec *m);

/**
 * Change a member's fields (NULL: keep; "": clear an optional one).  The
 * relation cannot be changed to or from "head": use
 * povreg_household_set_head().
 */
POVREG_API int povreg_member_update(povreg_db *db, const char *household_code,
                                    int member_no,
                                    const povreg_member_spec *changes);

/**
 * Read one member.
 * @param[out] out allocated; free with povreg_member_free()
 */
POVREG_API int povreg_member_get(povreg_member **out, povreg_db *db,
                                 const char *household_code, int member_no);

/** Free a member record from povreg_member_get().  NULL-safe. */
POVREG_API void povreg_member_free(povreg_member *m);

/**
 * Move an active member to another household.
 * @param[out] new_no_out the member's number in the new household (may be NULL)
 * @param relation       relation to the new household's head (not "head")
 * @param source_new_head_no new head of the source if the mover is its
 *                       head and others remain, else 0.  A household left
 *                       with no active member is dissolved ("no_members").
 */
POVREG_API int povreg_member_move(int *new_no_out, povreg_db *db,
                                  const char *household_code, int member_no,
                                  const char *to_household_code,
                                  const char *relation, const char *date,
                                  int source_new_head_no);

/**
 * A member leaves the household: moved out or died.
 * @param status      "moved_out" or "died"
 * @param new_head_no the new head if the leaver is the head and others
 *                    remain, else 0.  A household left with no active
 *                    member is dissolved ("no_members").
 */
POVREG_API int povreg_member_leave(povreg_db *db, const char *household_code,
                                   int member_no, const char *status,
                                   const char *date, int new_head_no);

POVREG_END_DECL

#endif /* POVREG_HOUSEHOLD_H */
