/*
** csvread.h: a streaming CSV reader over libcsv, for the bulk imports.
** Internal (never installed); names are povreg__csv_*.
**
** It reads files as Excel and LibreOffice save them:
**  - UTF-8, with or without a byte-order mark (EF BB BF, dropped);
**    a UTF-16 file is refused with a message saying so;
**  - separator ',' or ';', chosen from the header line: the first of the
**    two that appears outside double quotes wins; a header line with
**    neither is one column and the separator is then ','.  (Only the
**    first 2 * max_field + 256 bytes are looked at: past that the first
**    name would be over-long anyway, and ',' is assumed.)
**  - line ends CRLF, LF (or a lone CR);
**  - RFC 4180 quoting: "a;b", "say ""hi""", and line breaks inside
**    quotes.  Anything else around quotes is a parse error (libcsv with
**    CSV_STRICT | CSV_STRICT_FINI).
**  - blanks (space, tab) around unquoted fields are dropped (libcsv);
**    lines that hold nothing but blanks and a line end are skipped.
**
** The input is read in chunks of a fixed size and never held whole: the
** memory used is bounded by the chunk size, the longest field allowed
** and the number of columns, whatever the length of the file.
**
** The first record is the header.  Its names are trimmed (blanks, line
** breaks) and compared byte for byte (case-sensitive).  An empty name, a
** duplicate name or more than POVREG__CSV_MAX_COLUMNS columns make the
** header invalid.
**
** Every later record is passed to a callback, unless it has an error:
** a different number of fields than the header, invalid UTF-8 in a field
** (every field is checked).  Those are recorded and reading goes on.
** Reading stops at the first error of the input itself: malformed quoting,
** a quote not closed by the end of the file, a NUL byte, a field longer
** than the limit; and once the error list is full.  A field is longer
** than the limit when its value has more than max_field bytes, or when
** libcsv had to buffer more than 2 * max_field + 256 bytes for it (blanks
** around an unquoted value count there; this catches an unclosed quote
** early, so it never swallows the rest of a large file).
**
** Line numbers are physical lines, 1-based: the header is normally line 1
** and a line break inside quotes counts as a line.  A record's line is the
** line where it starts; an error about one field gives the line where that
** field starts.
**
** Nothing here prints, exits or closes the FILE.
*/
#ifndef POVREG_CSVREAD_H
#define POVREG_CSVREAD_H

#include <stddef.h>
#include <stdio.h>

#include "sha256.h"

/* Default bytes read per fread(), and the most allowed. */
#define POVREG__CSV_CHUNK 65536
#define POVREG__CSV_CHUNK_MAX (64 * 1024 * 1024)
/* Default longest field (bytes of its value). */
#define POVREG__CSV_MAX_FIELD 4096
/* Default size of the error list. */
#define POVREG__CSV_MAX_ERRORS 100
/* Most columns a header may have. */
#define POVREG__CSV_MAX_COLUMNS 1024

/* A reader: the file's header and the state of the parse.  Opaque. */
typedef struct povreg__csv povreg__csv;

/*
** One error found in the file.
*/
typedef struct povreg__csv_error {
  long line;            /* 1-based physical line (see above) */
  int column;           /* 1-based column index, 0 if about no one column */
  char column_name[64]; /* the header's name for that column, or "" (cut
                           to 63 bytes on a character boundary) */
  char message[200];    /* short, English, no field values in it */
} povreg__csv_error;

/*
** Called once per valid data record, in file order.
**   r        the reader (for povreg__csv_column() and the like)
**   fields   the values, NUL-terminated, in header order; borrowed, valid
**            only during the call
**   empty    empty[i] is 1 when fields[i] is "" (an empty field, quoted
**            or not), else 0; borrowed likewise
**   n        number of fields, always povreg__csv_columns(r)
**   line     line where the record starts
**   payload  as given to povreg__csv_read()
** Return 0 to go on; anything else stops the reading, and
** povreg__csv_read() returns that value.  The callback may use the
** accessors and povreg__csv_add_error(), but must not call
** povreg__csv_read() (it returns POVREG_EINVALID) or povreg__csv_close().
*/
typedef int (*povreg__csv_record_cb)(povreg__csv *r, const char *const *fields,
                                     const unsigned char *empty, size_t n,
                                     long line, void *payload);

/*
** Open a reader on `in` and read the header (and the byte-order mark).
**   out         the new reader; set whenever memory allowed, even when the
**               call fails, so the errors can be read: always release it
**               with povreg__csv_close()
**   in          the input, read from where it stands; never closed
**   name        the file's name, for povreg__csv_error_format() (copied;
**               NULL gives "-")
**   chunk       bytes per fread() (0: POVREG__CSV_CHUNK; at most
**               POVREG__CSV_CHUNK_MAX)
**   max_field   longest field value in bytes (0: POVREG__CSV_MAX_FIELD)
**   max_errors  size of the error list (0: POVREG__CSV_MAX_ERRORS)
** Returns 0; POVREG_ECSV when the header is missing (empty file) or
** invalid (the errors say why); POVREG_ENOMEM; POVREG_ERROR on a read
** error (also listed as an error).  Allocates.
*/
int povreg__csv_open(povreg__csv **out, FILE *in, const char *name,
                     size_t chunk, size_t max_field, size_t max_errors);

/*
** povreg__csv_open(), also feeding every byte read from `in` (the
** byte-order mark included, in file order) to the running SHA-256
** `digest` (initialised by the caller; may be NULL).  Once the reading
** has reached the end of the input, the digest has seen the whole file;
** if it stopped early, the caller hashes the rest of `in` itself.
*/
int povreg__csv_open_digest(povreg__csv **out, FILE *in, const char *name,
                            size_t chunk, size_t max_field, size_t max_errors,
                            povreg__sha256 *digest);

/* 1 once the whole input has been read (fread saw its end), else 0. */
int povreg__csv_at_eof(const povreg__csv *r);

/* Physical line the header starts on (1 unless blank lines precede it);
   0 before a header was read. */
long povreg__csv_header_line(const povreg__csv *r);

/*
** Read the data records, calling cb (which may be NULL, to just check
** the file) for each valid one.
** Returns 0 when the whole file was read without an error; the callback's
** nonzero value if it stopped; POVREG_ECSV when errors were found (or the
** header was invalid); POVREG_ENOMEM; POVREG_ERROR on a read error.
** After the callback stopped, calling again goes on with the next record;
** after anything else, calling again just returns the same code.
*/
int povreg__csv_read(povreg__csv *r, povreg__csv_record_cb cb, void *payload);

/* Index of the column with this exact name, or -1 (also before a header). */
int povreg__csv_column(const povreg__csv *r, const char *name);

/* Number of columns in the header (0 if there is none). */
size_t povreg__csv_columns(const povreg__csv *r);

/* Name of column i (0-based), trimmed; borrowed from r.  NULL if no such. */
const char *povreg__csv_column_name(const povreg__csv *r, size_t i);

/*
** Index of the first column at or after `from` whose name is not in
** `known` (a NULL-terminated list), or -1 when there is none.  List the
** unknown columns with:
**   for (i = povreg__csv_unknown(r, known, 0); i >= 0;
**        i = povreg__csv_unknown(r, known, (size_t)i + 1))
*/
int povreg__csv_unknown(const povreg__csv *r, const char *const *known,
                        size_t from);

/* The separator in use: ',' or ';' (',' before a header was read). */
char povreg__csv_separator(const povreg__csv *r);

/* Number of errors collected so far. */
size_t povreg__csv_error_count(const povreg__csv *r);

/* Error i (0-based, in the order found); borrowed from r.  NULL if no such. */
const povreg__csv_error *povreg__csv_error_at(const povreg__csv *r, size_t i);

/*
** Add an error of the caller's own (say a bad date found by the callback)
** to the list, at a line and a 1-based column (0: none; the name is filled
** in from the header).  povreg__csv_read() then returns POVREG_ECSV.
** Returns 0, or POVREG_ECSV once the list is full, so that a callback can
** stop with:  return povreg__csv_add_error(r, line, col, "...");
*/
int povreg__csv_add_error(povreg__csv *r, long line, int column,
                          const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 4, 5)))
#endif
    ;

/*
** Write error i as one line into buf (size n; cut if too small):
**   name:line: message
**   name:line: column "household_code": message
**   name:line: column 7: message            (a column past the header)
** Returns the length it needed (as snprintf), or -1 if there is no error i.
*/
int povreg__csv_error_format(const povreg__csv *r, size_t i, char *buf,
                             size_t n);

/* Free the reader.  NULL is a no-op.  Does not fclose() the input. */
void povreg__csv_close(povreg__csv *r);

#endif /* POVREG_CSVREAD_H */
