/*
** csvwrite.h: a small streaming CSV writer for the exports.  Internal
** (never installed); names are povreg__csvw_*.
**
** What it writes:
**  - UTF-8 as given (the caller passes valid UTF-8), ',' between fields,
**    LF at the end of every record (also the last one);
**  - an optional byte-order mark first (EF BB BF, for Excel);
**  - a field is quoted ("...", with every '"' doubled) when it holds ','
**    ';' '"' CR or LF, or starts or ends with a space or a tab (a reader
**    may trim blanks around an unquoted field, ours does); otherwise it
**    is written bare.  An empty field and a NULL field are both empty.
**
** Records are built in a buffer and handed to fwrite() in blocks of about
** 64 KiB, so the memory used does not grow with the number of rows.
** Every byte written (the BOM included) goes through SHA-256, so the
** digest is that of the file's bytes.  A failed fwrite() or fflush(), or
** the stream's error indicator, makes the writer fail: every later call
** returns the same code, and povreg__csvw_finish() reports it.
**
** Nothing here prints, exits or closes the FILE.
*/
#ifndef POVREG_CSVWRITE_H
#define POVREG_CSVWRITE_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "sha256.h"

/* Bytes buffered before they are handed to fwrite(). */
#define POVREG__CSVW_BLOCK 65536

/* A writer.  Lives wherever the caller puts it; fields are private. */
typedef struct povreg__csvw {
  FILE *out;          /* where the bytes go (borrowed) */
  povreg__sha256 sha; /* digest of every byte handed to out */
  char *buf;          /* pending bytes (allocated) */
  size_t len, cap;    /* bytes in buf, its size */
  size_t fields;      /* fields in the record being built */
  long records;       /* records ended (the header included) */
  int failed;         /* 0, or the POVREG_E* code of the first failure */
  int err_no;         /* errno of a failed write, or 0 */
} povreg__csvw;

/* Start a writer on out (nothing is written yet).  Does not allocate. */
void povreg__csvw_init(povreg__csvw *w, FILE *out);

/* Write the UTF-8 byte-order mark.  Call first, if at all. */
int povreg__csvw_bom(povreg__csvw *w);

/* Add a field to the current record; NULL writes an empty field. */
int povreg__csvw_field(povreg__csvw *w, const char *s);

/* Add a field of n bytes (s need not be NUL-terminated). */
int povreg__csvw_fieldn(povreg__csvw *w, const char *s, size_t n);

/* Add an integer field. */
int povreg__csvw_int(povreg__csvw *w, int64_t v);

/* End the current record (writes the line end). */
int povreg__csvw_end(povreg__csvw *w);

/*
** Write a whole record of n fields (NULL entries are empty), ended.
** Handy for header rows.
*/
int povreg__csvw_row(povreg__csvw *w, const char *const *fields, size_t n);

/*
** Hand the pending bytes to the stream, fflush() it and check its error
** indicator; then write the digest of everything written as 64 hex digits
** into hex (may be NULL).  Returns 0, or the failure's code
** (POVREG_ERROR for a write error, POVREG_ENOMEM).
*/
int povreg__csvw_finish(povreg__csvw *w, char hex[65]);

/* Free the writer's buffer (not the stream).  NULL-safe. */
void povreg__csvw_free(povreg__csvw *w);

#endif /* POVREG_CSVWRITE_H */
