/*
** povreg/audit.h: the tamper-evident audit log: checking its hash chain
** and reading who did what.
**
** Every change the library makes is recorded in the audit log, and every
** entry carries a SHA-256 hash over the previous entry's hash and its own
** content (id, time, operator, action, entity, key, old and new value), so
** the entries form a chain.  Editing, removing, inserting or reordering
** entries with another tool (the `sqlite3` shell) breaks the chain at the
** first entry touched, unless whoever did it also recomputed every hash
** after it.  That last case is caught by an anchor: the head hash written
** down outside the ledger (in an approval decision, on a printed report)
** and given back to povreg_audit_verify() later.  See docs/audit.md.
*/
#ifndef POVREG_AUDIT_H
#define POVREG_AUDIT_H

#include "common.h"

POVREG_BEGIN_DECL

/** What is wrong with the first bad entry of the chain. */
typedef enum povreg_audit_fault {
  POVREG_AUDIT_OK = 0,       /**< nothing: the chain holds */
  POVREG_AUDIT_CHANGED = 1,  /**< its content was changed after it was
                                  written: it no longer matches its hash,
                                  while the next entry still chains from
                                  that hash */
  POVREG_AUDIT_REMOVED = 2,  /**< entries were removed before it: audit
                                  ids are never skipped, so a gap in the
                                  ids is a removed entry */
  POVREG_AUDIT_UNLINKED = 3, /**< its hash does not chain from the entry
                                  before it: it was inserted, moved or
                                  reordered, or changed together with its
                                  hash */
  POVREG_AUDIT_MISSING = 4,  /**< it has no hash (or not a SHA-256 in
                                  hex): written or altered outside povreg */
  POVREG_AUDIT_ANCHOR = 5    /**< every entry chains, but the expected
                                  head hash is not in the chain: the log
                                  was truncated before it, or rewritten
                                  with recomputed hashes */
} povreg_audit_fault;

/** The result of povreg_audit_verify(). */
typedef struct povreg_audit_report {
  int ok;                   /**< 1 if the chain holds (and the expected
                                 head, when given, is in it) */
  int64_t entries;          /**< entries checked and found sound (all of
                                 them when ok) */
  char head[65];            /**< hash of the last sound entry, lower-case
                                 hex; "" when there is none */
  povreg_audit_fault fault; /**< what is wrong; POVREG_AUDIT_OK when ok */
  int64_t bad_id;           /**< the first bad entry's id (REMOVED: the
                                 first missing id); 0 when ok */
  char bad_action[64];      /**< its action (REMOVED: the action of the
                                 entry after the gap); "" when ok */
  int64_t anchor_id;        /**< with an expected head: the entry whose
                                 hash it is; 0 if not found or not given */
  int64_t since_anchor;     /**< entries written after the anchor entry */
  char message[320];        /**< one line saying what is wrong; "" when ok */
} povreg_audit_report;

/**
 * Check the audit log's hash chain, entry by entry in id order, in one
 * read of the ledger.  Stops at the first bad entry.
 *
 * An expected head is how an officer anchors the chain outside the
 * ledger: give the head hash a previous check printed.  If it is the
 * hash of an entry of the intact chain, everything up to that entry is
 * exactly as it was when the hash was written down, and entries after
 * it were added since (see since_anchor).  If it is not there, the log
 * was truncated or rewritten: POVREG_AUDIT_ANCHOR.
 *
 * @param[out] out     the verdict, filled in whenever the walk ran
 * @param expect_head  a head hash (64 hex digits, either case), or NULL
 * @return POVREG_OK when the chain holds; POVREG_ECONSTRAINT when it does
 *         not (out says where and how; povreg_errmsg() holds
 *         out->message); POVREG_EINVALID for a malformed expect_head;
 *         another code when the ledger could not be read
 */
POVREG_API int povreg_audit_verify(povreg_audit_report *out, povreg_db *db,
                                   const char *expect_head);

/** Which entries povreg_audit_log() gives.  Borrowed strings; zero it for
    every entry, personal data masked. */
typedef struct povreg_audit_filter {
  const char *since;     /**< 'YYYY-MM-DD': entries written on or after
                              that day (UTC, as `at`); NULL: from the start */
  const char *household; /**< a household code: the entries about it, its
                              members (including a member's move out of
                              it), its surveys and classifications, and
                              its review steps; NULL: every entry */
  int limit;             /**< the latest `limit` entries that match; 0: all */
  int show_personal;     /**< 1: citizen IDs, BHXH numbers and birth dates
                              in old/new values in full; 0: masked (all
                              but the last 4 characters, the birth year) */
} povreg_audit_filter;

/** One audit entry.  Borrowed: valid only during the callback. */
typedef struct povreg_audit_entry {
  int64_t id;                /**< 1, 2, 3 ... in the order written */
  const char *at;            /**< UTC time 'YYYY-MM-DDTHH:MM:SS.sssZ' */
  const char *operator_name; /**< who (povreg_set_operator) */
  const char *action;        /**< e.g. "household.add", "member.move" */
  const char *entity;        /**< e.g. "household", "member", "review" */
  const char *entity_key;    /**< e.g. "H1", "H1/2", "23536/2025/H1";
                                  may be NULL */
  const char *old_value;     /**< JSON before the change, or NULL */
  const char *new_value;     /**< JSON after the change, or NULL */
  const char *hash;          /**< its chain hash (hex), or NULL */
} povreg_audit_entry;

/** Called once per entry, oldest first; nonzero stops and is returned. */
typedef int (*povreg_audit_cb)(const povreg_audit_entry *e, void *payload);

/**
 * Give the audit entries that match a filter, oldest first.
 * @param f  the filter, or NULL for every entry (personal data masked)
 * @return POVREG_OK (also when nothing matched); POVREG_EINVALID for a
 *         malformed since date or household code or a negative limit; or
 *         the callback's nonzero value
 */
POVREG_API int povreg_audit_log(povreg_db *db, const povreg_audit_filter *f,
                                povreg_audit_cb cb, void *payload);

POVREG_END_DECL

#endif /* POVREG_AUDIT_H */
