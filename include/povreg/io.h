/*
** povreg/io.h: bulk import of CSV files (households, members, surveys)
** and the exports (health-insurance list, posting list, recognised lists,
** the ledger in the import formats).
**
** Files are read and written as Excel and LibreOffice save them: UTF-8
** with or without a byte-order mark, ',' or ';' (detected on import),
** CRLF or LF, RFC 4180 quoting.  The column names are the interface;
** docs/import-export.md lists them.
**
** An import is one transaction: every row lands or none does.  Errors
** are collected (up to a limit) with the line and column they are about;
** when there is any, nothing is written.  Importing the same file twice
** changes nothing the second time; an empty cell never erases a stored
** value.  Every committed import is recorded in the audit log and the
** import log with the file's name, SHA-256 and row counts.
**
** An export streams rows to a FILE the caller opened (the library writes
** to it but never opens, closes or prints to the terminal), and is
** recorded in the audit log with its kind, filters, rows and SHA-256.
*/
#ifndef POVREG_IO_H
#define POVREG_IO_H

#include <stdio.h>

#include "common.h"

POVREG_BEGIN_DECL

/** What a file holds. */
typedef enum povreg_import_kind {
  POVREG_IMPORT_HOUSEHOLDS = 1, /**< households.csv */
  POVREG_IMPORT_MEMBERS = 2,    /**< members.csv */
  POVREG_IMPORT_SURVEY = 3      /**< survey.csv */
} povreg_import_kind;

/** Parse "households", "members" or "survey"; 0 if unknown. */
POVREG_API povreg_import_kind povreg_import_kind_parse(const char *name);

/** How to import.  Zero it for the defaults. */
typedef struct povreg_import_opts {
  int dry_run;       /**< validate and count, write nothing */
  int ignore_extra;  /**< unknown columns are ignored, not an error */
  int new_villages;  /**< create villages the households file names that
                          the commune does not have yet (else an error) */
  size_t max_errors; /**< errors collected before stopping (0: 100) */
  size_t chunk;      /**< bytes read at a time (0: 64 KiB); tests only */
} povreg_import_opts;

/** One error found in a file. */
typedef struct povreg_import_error {
  long line;            /**< 1-based physical line (header = 1) */
  int column;           /**< 1-based column, 0 if about the row or file */
  char column_name[64]; /**< header name of the column, or "" */
  char message[200];    /**< what is wrong; never the value of a personal
                             field (citizen ID, birth date, BHXH no.) */
} povreg_import_error;

/** What an import did (or, in a dry run, would do). */
typedef struct povreg_import_report {
  povreg_import_kind kind;
  char file_name[256];  /**< as given */
  char sha256[65];      /**< of the file's bytes, lower-case hex */
  int dry_run;          /**< 1 if nothing was written */
  long rows;            /**< data rows read */
  long added;           /**< rows that created a household/member/survey */
  long changed;         /**< rows that changed one */
  long unchanged;       /**< rows identical to the ledger */
  long villages_added;  /**< villages created (households file) */
  size_t n_errors;      /**< entries in errors */
  int errors_truncated; /**< 1 if the limit stopped the collection */
  povreg_import_error *errors; /**< in file order; owned by the report */
} povreg_import_report;

/**
 * Import a CSV file.
 * @param[out] out the report, allocated whenever memory allowed, also on
 *                 failure (its errors say what is wrong); free with
 *                 povreg_import_report_free()
 * @param path     the file; "-" reads standard input
 * @return POVREG_OK; POVREG_ECSV when the file has errors (the ledger is
 *         unchanged, see (*out)->errors); POVREG_ERROR when the file cannot
 *         be read; POVREG_EBUSY / POVREG_ELOCKED when the ledger is busy.
 */
POVREG_API int povreg_import(povreg_import_report **out, povreg_db *db,
                             povreg_import_kind kind, const char *path,
                             const povreg_import_opts *opts);

/**
 * Import from an open stream (read from where it stands, never closed).
 * @param name the file's name for the report and the audit log
 */
POVREG_API int povreg_import_stream(povreg_import_report **out, povreg_db *db,
                                    povreg_import_kind kind, FILE *in,
                                    const char *name,
                                    const povreg_import_opts *opts);

/**
 * Write error i of a report as one line "FILE:LINE:COLUMN: message"
 * (COLUMN is the column's header name; "FILE:LINE: message" when the
 * error is about no one column) into buf of size n, cut if too small.
 * @return the length it needed (as snprintf), or -1 if there is no error i
 */
POVREG_API int povreg_import_error_format(const povreg_import_report *r,
                                          size_t i, char *buf, size_t n);

/** Free a report.  NULL-safe. */
POVREG_API void povreg_import_report_free(povreg_import_report *r);

/** What to export.  Borrowed strings; zero it for the defaults. */
typedef struct povreg_export_spec {
  const char *kind; /**< "bhyt", "posting", "poor", "near_poor", "escaped",
                         "households", "members", "survey" */
  int year;         /**< status year of the lists; review year of the
                         posting list; "survey": 0 = every year */
  int month;        /**< posting: 0 the periodic review, 1-12 ad-hoc */
  const char *date; /**< bhyt: entitled on this date; NULL: today */
  const char *changes_since; /**< bhyt: list only the increases and
                                  decreases between this date and date */
  const char *commune_code;  /**< one commune; NULL: all */
  int bom;                   /**< start the file with a UTF-8 BOM (Excel) */
  int redact;                /**< mask citizen IDs, BHXH numbers and birth
                                  dates (all but the year) */
} povreg_export_spec;

/** Counts of one group (bhyt), class (lists) or change kind. */
typedef struct povreg_export_count {
  char key[16];  /**< group code ("HN"), class or "increase"/"decrease" */
  long rows;     /**< rows written to the list */
  long fix;      /**< rows written to the fix list instead */
  long eligible; /**< bhyt: people in the ledger who fit the group,
                      counted on their own */
  long better;   /**< bhyt: of those, listed in a more favourable group;
                      eligible == rows + fix + better */
} povreg_export_count;

/** What an export wrote. */
typedef struct povreg_export_report {
  long rows;       /**< data rows written to csv */
  long fix_rows;   /**< rows written to the fix list */
  size_t n_counts; /**< entries in counts */
  povreg_export_count counts[16];
  char sha256[65];     /**< of the bytes written to csv */
  char fix_sha256[65]; /**< of the bytes written to fix ("" if none) */
} povreg_export_report;

/**
 * Write an export as CSV.
 * @param[out] out counts and checksums (may be NULL)
 * @param csv  where the list goes (header row first)
 * @param fix  bhyt only, required there: rows missing a mandatory field
 *             (name, sex, birth date, and a BHXH number or citizen ID),
 *             with a column saying what is missing
 * @return POVREG_EINVALID for a bad spec ("kind: ...", "date: ...");
 *         POVREG_ENOTFOUND for an unknown commune or review;
 *         POVREG_ERROR when writing failed.  Audited (a read-only ledger
 *         cannot record it: POVREG_EREADONLY).
 */
POVREG_API int povreg_export(povreg_export_report *out, povreg_db *db,
                             const povreg_export_spec *spec, FILE *csv,
                             FILE *fix);

POVREG_END_DECL

#endif /* POVREG_IO_H */
