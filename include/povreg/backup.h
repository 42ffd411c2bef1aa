/*
** povreg/backup.h: a consistent copy of a ledger while others keep
** working on it (SQLite's online backup API), and a check of a ledger's
** integrity, foreign keys and the library's own invariants.
*/
#ifndef POVREG_BACKUP_H
#define POVREG_BACKUP_H

#include "common.h"

POVREG_BEGIN_DECL

/**
 * Called after each step of a backup with the pages still to copy and
 * the pages of the whole copy.  Return nonzero to stop the backup (that
 * value is returned by povreg_backup(); nothing is left behind).
 */
typedef int (*povreg_backup_progress_cb)(int remaining, int total,
                                         void *payload);

/** How to back up.  Zero it for the defaults. */
typedef struct povreg_backup_opts {
  int force;                          /**< replace an existing file */
  int pages_per_step;                 /**< pages copied per step (0: 256) */
  povreg_backup_progress_cb progress; /**< or NULL */
  void *payload;                      /**< passed to progress */
} povreg_backup_opts;

/** What a backup did. */
typedef struct povreg_backup_report {
  int pages;           /**< pages copied (the size of the copy in pages) */
  int page_size;       /**< bytes per page */
  int steps;           /**< backup steps taken */
  int busy_waits;      /**< times a step found the file busy and waited */
  int integrity_ok;    /**< 1 if PRAGMA integrity_check of the copy is ok */
  char integrity[200]; /**< the check's first line ("ok" when sound) */
} povreg_backup_report;

/**
 * Copy the ledger to a new file at path: a consistent snapshot of the
 * last committed state when the copy began, taken with SQLite's online
 * backup API in steps while other processes go on writing (their commits
 * after the start are not in the copy).  The copy is written to a
 * temporary file (mode 0600) in the same directory, checked with PRAGMA
 * integrity_check, made durable, then given the name path, so a failed
 * backup leaves no partial file.  The copy is an ordinary ledger in
 * rollback-journal mode (one file, no -wal); povreg_open() opens it.
 *
 * @param[out] out what was done (may be NULL); filled as far as it got,
 *                 also on failure
 * @param db       the ledger; not inside a transaction of this handle
 * @param path     the new file
 * @param opts     NULL for the defaults
 * @return POVREG_OK; POVREG_EEXISTS when path exists (without force);
 *         POVREG_EINVALID when path is the ledger itself or db is inside
 *         a transaction; POVREG_EBUSY when the file stayed busy too long;
 *         POVREG_ERROR when the copy fails its integrity check (nothing
 *         is written) or on I/O errors; or the progress callback's value
 */
POVREG_API int povreg_backup(povreg_backup_report *out, povreg_db *db,
                             const char *path, const povreg_backup_opts *opts);

/** One problem povreg_check() found. */
typedef struct povreg_check_problem {
  const char *kind; /**< static: "integrity", "foreign_key", "head",
                         "dissolved", "status", "review_status",
                         "transition", "audit", "check" */
  char *key;        /**< what it is about: a household code, "table:rowid",
                         "23536/2025/poor" (commune/year/class); "" if
                         nothing narrower than the ledger; owned by the
                         report */
  char *message;    /**< one plain sentence; owned by the report */
} povreg_check_problem;

/** What povreg_check() found. */
typedef struct povreg_check_report {
  size_t n;                       /**< problems listed */
  povreg_check_problem *problems; /**< in check order */
  long total;                     /**< problems found (more than n when the
                                       list was cut at POVREG_CHECK_MAX) */
} povreg_check_report;

/** Most problems a check report lists (all are counted). */
#define POVREG_CHECK_MAX 1000

/**
 * Check a ledger: PRAGMA integrity_check, PRAGMA foreign_key_check and
 * the library's invariants (an open household with active members has
 * exactly one active head; a dissolved one has no active member; the
 * recognised statuses of a household and year form one chain of
 * amendments with one status in force; every household an approved
 * review decided has that decision as a status; each year's transitions
 * reconcile with the statuses).  Reads only, in one read transaction, so
 * the ledger may be in use.  A check that cannot run (a damaged file) is
 * itself reported as a problem of kind "check".
 *
 * @param[out] out the report (allocated, also when problems were found);
 *                 free with povreg_check_report_free()
 * @return the number of problems found (0: the ledger is sound), or a
 *         negative POVREG_E* code when the check could not be made
 */
POVREG_API int povreg_check(povreg_check_report **out, povreg_db *db);

/** Free a check report.  NULL-safe. */
POVREG_API void povreg_check_report_free(povreg_check_report *r);

POVREG_END_DECL

#endif /* POVREG_BACKUP_H */
