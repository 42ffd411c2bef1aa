/*
** povreg/common.h: the ledger handle, result codes, error messages and
** the few settings every other module needs.
**
** Conventions (see docs/api.md):
**  - every function returns an int: POVREG_OK (0) or a negative POVREG_E*
**    code, and on failure povreg_errmsg() holds one line saying what went
**    wrong, usually "field: problem";
**  - out parameters come first, then the handle, then inputs;
**  - strings are UTF-8; dates are 'YYYY-MM-DD' text;
**  - a pointer returned through **out is owned by the caller and freed
**    with the matching povreg_*_free(); a pointer passed to a callback or
**    returned by value is borrowed and valid only as documented.
*/
#ifndef POVREG_COMMON_H
#define POVREG_COMMON_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
#define POVREG_BEGIN_DECL extern "C" {
#define POVREG_END_DECL }
#else
#define POVREG_BEGIN_DECL
#define POVREG_END_DECL
#endif

#if defined(__GNUC__) && __GNUC__ >= 4
#define POVREG_API __attribute__((visibility("default")))
#else
#define POVREG_API
#endif

POVREG_BEGIN_DECL

/** Library version, as text. */
#define POVREG_VERSION "0.1.0"

/**
 * Result codes.  Numbered explicitly; a number is never reused.
 */
typedef enum povreg_code {
  POVREG_OK = 0,     /**< success */
  POVREG_ERROR = -1, /**< unexpected failure (I/O, SQLite, bug) */
  POVREG_ENOTFOUND =
      -2, /**< the named unit, household or member does not exist */
  POVREG_EEXISTS = -3,     /**< a code or identifier is already taken */
  POVREG_ECONSTRAINT = -4, /**< the change would break a rule of the ledger */
  POVREG_EINVALID = -5,    /**< a bad argument or a malformed value */
  POVREG_EBUSY = -6,       /**< another process holds the ledger too long */
  POVREG_ESCHEMA =
      -7, /**< the ledger is newer than this library, or not a ledger */
  POVREG_ECSV = -8,       /**< a CSV file could not be parsed */
  POVREG_ENOMEM = -9,     /**< out of memory */
  POVREG_EREADONLY = -10, /**< the ledger was opened read-only */
  POVREG_ELOCKED = -11    /**< the record is locked (approved review) */
} povreg_code;

/** The lowest (most negative) code, for loops over all codes. */
#define POVREG_CODE_MIN POVREG_ELOCKED

/** Open the ledger, creating it if it does not exist. */
#define POVREG_OPEN_CREATE 0x1u
/** Open the ledger read-only; migrations are not applied. */
#define POVREG_OPEN_READONLY 0x2u

/** An open ledger.  Opaque. */
typedef struct povreg_db povreg_db;

/**
 * Open (or create) a ledger file and bring its schema up to date.
 *
 * A new file gets the whole schema; an older one is migrated forward one
 * step per transaction; a newer one is refused with POVREG_ESCHEMA.  A
 * new file is created readable and writable by its owner only.
 *
 * @param[out] out   the new handle.  Set even when the call fails (unless
 *                   memory ran out), so povreg_errmsg(*out) can be read;
 *                   always release it with povreg_close().
 * @param path       file name, or ":memory:"
 * @param flags      POVREG_OPEN_CREATE and/or POVREG_OPEN_READONLY
 * @return POVREG_OK or a POVREG_E* code
 */
POVREG_API int povreg_open(povreg_db **out, const char *path, unsigned flags);

/** Close a ledger and free the handle.  NULL is a no-op. */
POVREG_API void povreg_close(povreg_db *db);

/**
 * The message of the last failure on this handle: one line, borrowed,
 * valid until the next call on the handle.  Never NULL.
 */
POVREG_API const char *povreg_errmsg(const povreg_db *db);

/** A short English description of a result code.  Static, never NULL. */
POVREG_API const char *povreg_strerror(int code);

/** Version of the ledger's schema (its PRAGMA user_version). */
POVREG_API int povreg_schema_version(const povreg_db *db);

/** Latest schema version this library knows. */
POVREG_API int povreg_schema_latest(void);

/** The library's version, POVREG_VERSION.  Static. */
POVREG_API const char *povreg_version(void);

/**
 * Set who is working (recorded in the audit log with every change).
 * NULL or "" restores the default, the operating-system user.
 * The name is copied.  Returns POVREG_EINVALID for an over-long name.
 */
POVREG_API int povreg_set_operator(povreg_db *db, const char *name);

/**
 * Fix "today" for the checks that need it (a birth date in the future, a
 * household created tomorrow).  NULL restores the system clock.  Rules
 * (ages, areas) never use this: they take an explicit reference date.
 * Returns POVREG_EINVALID unless date is a valid 'YYYY-MM-DD'.
 */
POVREG_API int povreg_set_today(povreg_db *db, const char *date);

/** Free memory that the library allocated for a char * result.  NULL-safe. */
POVREG_API void povreg_free(void *p);

/**
 * Counts of what the ledger holds, in one commune or in all.
 */
typedef struct povreg_counts {
  int64_t units;      /**< administrative units (all levels, all periods) */
  int64_t villages;   /**< villages */
  int64_t households; /**< households not dissolved */
  int64_t households_dissolved; /**< dissolved households */
  int64_t members;        /**< active members of households not dissolved */
  int64_t members_former; /**< members who moved out or died */
} povreg_counts;

/**
 * Count what the ledger holds.
 * @param[out] out     the counts
 * @param commune_code a commune code to restrict households, villages and
 *                     members to, or NULL for the whole ledger
 */
POVREG_API int povreg_counts_get(povreg_counts *out, povreg_db *db,
                                 const char *commune_code);

POVREG_END_DECL

#endif /* POVREG_COMMON_H */
