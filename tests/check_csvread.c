/*
** check_csvread.c: the streaming CSV reader (src/csvread.c).
**
** Each fixture under tests/data/csv/ is read into a "transcript", one line
** per event:
**   open=<rc> sep=<c> cols=<name|name|...>
**   R<line> <field|field|...> e=<empty flags>   (a record; \r \n \\ escaped)
**   read=<rc>
**   E<line>:<column>:<column name>: <message>   (the errors, in order)
** The transcript is compared with the expected one, then the file is read
** again in chunks of every size from 1 byte to its length, and every
** transcript must be the same (libcsv's own test style).
**
** Fixtures (bytes matter: BOM, CRLF, no final line end):
**   excel_semicolon_crlf  BOM, ';', CRLF, quoted ';' and quotes, line
**                         breaks in quotes (one blank), no final CRLF
**   comma_lf              ',', LF, quoted header name with blanks
**   header_only           a header and nothing else
**   empty, bom_only, blank_only   no header
**   unterminated          a quote still open at the end of the file
**   field_count           records with 3, 5 and 2 fields for 4 columns
**   duplicate_header      "code" twice (once quoted with blanks)
**   empty_name            a header with an empty name
**   bad_utf8              malformed, Windows-1258, surrogate, overlong
**   nul_byte              a NUL inside a field
**   overlong*             a long field; an unclosed quote running to the
**                         end; a short value followed by many blanks; a
**                         long quoted field with text after its quote
**   blank_lines           empty and blank lines between records
**   malformed_*           text after a closing quote; a quote inside an
**                         unquoted field
**   utf16                 Excel's "Unicode text"
**   one_column            no separator in the header; blank lines first
**   quoted_sep_header     a ';' inside a quoted header name
**   mac_cr                lone CR line ends
*/
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "csvread.h"
#include "povreg.h"

/* ---- helpers -------------------------------------------------------- */

/* Path of a fixture (static buffer; POVREG_SOURCE_DIR from env or build). */
static const char *fixture(const char *name)
{
  static char path[1024];
  const char *src = getenv("POVREG_SOURCE_DIR");
  int n;

  if (src == NULL || src[0] == '\0') {
    src = POVREG_SOURCE_DIR;
  }
  n = snprintf(path, sizeof path, "%s/tests/data/csv/%s", src, name);
  ck_assert_msg(n > 0 && (size_t)n < sizeof path, "path too long");
  return path;
}

/* Size of a file in bytes. */
static size_t file_size(const char *path)
{
  FILE *f = fopen(path, "rb");
  long n;

  ck_assert_msg(f != NULL, "cannot open %s", path);
  ck_assert_int_eq(fseek(f, 0, SEEK_END), 0);
  n = ftell(f);
  fclose(f);
  ck_assert_int_ge(n, 0);
  return (size_t)n;
}

/* Write s to f with CR, LF and backslash escaped. */
static void put_escaped(FILE *f, const char *s)
{
  for (; *s != '\0'; s++) {
    if (*s == '\r') {
      fputs("\\r", f);
    } else if (*s == '\n') {
      fputs("\\n", f);
    } else if (*s == '\\') {
      fputs("\\\\", f);
    } else {
      fputc(*s, f);
    }
  }
}

/* Record callback: one transcript line per record (payload: the FILE). */
static int tr_record(povreg__csv *r, const char *const *fields,
                     const unsigned char *empty, size_t n, long line,
                     void *payload)
{
  FILE *f = payload;
  size_t i;

  ck_assert_uint_eq(n, povreg__csv_columns(r));
  fprintf(f, "R%ld ", line);
  for (i = 0; i < n; i++) {
    if (i > 0) {
      fputc('|', f);
    }
    put_escaped(f, fields[i]);
    ck_assert_int_eq(empty[i], fields[i][0] == '\0');
  }
  fputs(" e=", f);
  for (i = 0; i < n; i++) {
    fputc(empty[i] ? '1' : '0', f);
  }
  fputc('\n', f);
  return 0;
}

/* The header part of a transcript. */
static void tr_header(FILE *out, const povreg__csv *r, int rc)
{
  size_t i;

  fprintf(out, "open=%d sep=%c cols=", rc, povreg__csv_separator(r));
  for (i = 0; i < povreg__csv_columns(r); i++) {
    fprintf(out, "%s%s", i ? "|" : "", povreg__csv_column_name(r, i));
  }
  fputc('\n', out);
}

/* The error part of a transcript. */
static void tr_errors(FILE *out, const povreg__csv *r)
{
  size_t i;

  for (i = 0; i < povreg__csv_error_count(r); i++) {
    const povreg__csv_error *e = povreg__csv_error_at(r, i);

    fprintf(out, "E%ld:%d:%s: %s\n", e->line, e->column, e->column_name,
            e->message);
  }
}

/*
** Read a fixture with the given parameters and return its transcript.
** Allocates (free() it).
*/
static char *transcript(const char *name, size_t chunk, size_t max_field,
                        size_t max_errors)
{
  char *text = NULL;
  size_t len = 0;
  FILE *out, *in;
  povreg__csv *r = NULL;
  int rc;

  out = open_memstream(&text, &len);
  ck_assert_ptr_nonnull(out);
  in = fopen(fixture(name), "rb");
  ck_assert_msg(in != NULL, "cannot open %s", fixture(name));
  rc = povreg__csv_open(&r, in, name, chunk, max_field, max_errors);
  ck_assert_ptr_nonnull(r);
  tr_header(out, r, rc);
  rc = povreg__csv_read(r, tr_record, out);
  fprintf(out, "read=%d\n", rc);
  tr_errors(out, r);
  povreg__csv_close(r);
  fclose(in);
  fclose(out);
  return text;
}

/* ---- the fixtures and what reading them gives ----------------------- */

typedef struct fixture_case {
  const char *name;  /* file under tests/data/csv/ */
  size_t max_field;  /* 0: default */
  size_t max_errors; /* 0: default */
  const char *expect;
} fixture_case;

#define MALFORMED                                                              \
  "malformed quotes (a field with quotes must be wholly quoted, with "         \
  "inner quotes doubled)"
#define NOHEADER "E1:0:: no header (the file is empty)\n"
#define BADUTF8 "invalid UTF-8 at byte %s (save the file as CSV UTF-8)"

static const fixture_case cases[] = {
    {"excel_semicolon_crlf.csv", 0, 0,
     "open=0 sep=; cols=household_code|head_name|address|note\n"
     "R2 HH001|Nguyễn Văn An|Thôn 1; xã Tân Lập|nói \"xin chào\" e=0000\n"
     "R3 HH002|Trần Thị Bình|Thôn 2\\r\\nxã Hòa Bình| e=0001\n"
     "R5 HH003|Lê Văn Cường||dòng 1\\r\\ndòng 2\\r\\n\\r\\ndòng 4 e=0010\n"
     "R9 HH004|Phạm Thị Dung||a;b\"c,d e=0010\n"
     "R10 HH005||Thôn 5|cuối e=0100\n"
     "read=0\n"},
    {"comma_lf.csv", 0, 0,
     "open=0 sep=, cols=code|name|amount, VND\n"
     "R2 A1|Alpha|1,000 e=000\n"
     "R3 A2|Beta \"B\"|2000 e=000\n"
     "R4 A3|| e=011\n"
     "read=0\n"},
    {"header_only.csv", 0, 0,
     "open=0 sep=; cols=household_code|name\n"
     "read=0\n"},
    {"empty.csv", 0, 0, "open=-8 sep=, cols=\nread=-8\n" NOHEADER},
    {"bom_only.csv", 0, 0, "open=-8 sep=, cols=\nread=-8\n" NOHEADER},
    {"blank_only.csv", 0, 0, "open=-8 sep=, cols=\nread=-8\n" NOHEADER},
    {"unterminated.csv", 0, 0,
     "open=0 sep=, cols=a|b\n"
     "R2 1|2 e=00\n"
     "read=-8\n"
     "E3:2:b: quoted field not closed at the end of the file\n"},
    {"field_count.csv", 0, 0,
     "open=0 sep=; cols=a|b|c|d\n"
     "R2 1|2|3|4 e=0000\n"
     "R4 5|6|7|8 e=0000\n"
     "R6 x\\ny|2|3|4 e=0000\n"
     "R9 9|10|11|12 e=0000\n"
     "R11 13|14|15|16 e=0000\n"
     "read=-8\n"
     "E3:0:: 3 fields, the header has 4\n"
     "E8:0:: 5 fields, the header has 4\n"
     "E10:0:: 2 fields, the header has 4\n"},
    {"field_count.csv", 0, 2,
     "open=0 sep=; cols=a|b|c|d\n"
     "R2 1|2|3|4 e=0000\n"
     "R4 5|6|7|8 e=0000\n"
     "R6 x\\ny|2|3|4 e=0000\n"
     "read=-8\n"
     "E3:0:: 3 fields, the header has 4\n"
     "E8:0:: 5 fields, the header has 4\n"},
    {"duplicate_header.csv", 0, 0,
     "open=-8 sep=; cols=code|name|code\n"
     "read=-8\n"
     "E1:3:code: duplicate column name (also column 1)\n"},
    {"empty_name.csv", 0, 0,
     "open=-8 sep=, cols=a||c\n"
     "read=-8\n"
     "E1:2:: empty column name\n"},
    {"bad_utf8.csv", 0, 0,
     "open=0 sep=; cols=code|name|village\n"
     "R2 H1|An|Thôn 1 e=000\n"
     "R5 H4|Cường|Thôn 4 e=000\n"
     "read=-8\n"
     "E3:2:name: invalid UTF-8 at byte 1 (save the file as CSV UTF-8)\n"
     "E4:3:village: invalid UTF-8 at byte 3 (save the file as CSV UTF-8)\n"
     "E6:2:name: invalid UTF-8 at byte 1 (save the file as CSV UTF-8)\n"
     "E6:3:village: invalid UTF-8 at byte 1 (save the file as CSV UTF-8)\n"},
    {"nul_byte.csv", 0, 0,
     "open=0 sep=, cols=a|b\n"
     "R2 1|2 e=00\n"
     "read=-8\n"
     "E3:2:b: NUL byte in the field (not a UTF-8 text file?)\n"},
    {"overlong.csv", 16, 0,
     "open=0 sep=, cols=id|text\n"
     "R2 1|short e=00\n"
     "read=-8\n"
     "E3:2:text: field longer than 16 bytes\n"},
    {"overlong.csv", 0, 0,
     "open=0 sep=, cols=id|text\n"
     "R2 1|short e=00\n"
     "R3 2|this value is much longer than sixteen e=00\n"
     "R4 3|ok e=00\n"
     "read=0\n"},
    {"overlong_unclosed.csv", 16, 0,
     "open=0 sep=, cols=id|text\n"
     "R2 1|ok e=00\n"
     "read=-8\n"
     "E3:2:text: field longer than 16 bytes\n"},
    {"overlong_unclosed.csv", 0, 0,
     "open=0 sep=, cols=id|text\n"
     "R2 1|ok e=00\n"
     "read=-8\n"
     "E3:2:text: quoted field not closed at the end of the file\n"},
    {"overlong_blanks.csv", 16, 0,
     "open=0 sep=, cols=id|text\n"
     "R2 1|ok e=00\n"
     "read=-8\n"
     "E3:2:text: field longer than 16 bytes\n"},
    {"overlong_blanks.csv", 0, 0,
     "open=0 sep=, cols=id|text\n"
     "R2 1|ok e=00\n"
     "R3 2|abc e=00\n"
     "R4 3|ok e=00\n"
     "read=0\n"},
    {"overlong_malformed.csv", 16, 0,
     "open=0 sep=, cols=id|text\n"
     "R2 1|ok e=00\n"
     "read=-8\n"
     "E3:2:text: field longer than 16 bytes\n"},
    {"overlong_malformed.csv", 0, 0,
     "open=0 sep=, cols=id|text\n"
     "R2 1|ok e=00\n"
     "read=-8\n"
     "E3:2:text: " MALFORMED "\n"},
    {"blank_lines.csv", 0, 0,
     "open=0 sep=, cols=name|age\n"
     "R2 Ann|30 e=00\n"
     "R6 Bob|40 e=00\n"
     "read=0\n"},
    {"malformed_quote.csv", 0, 0,
     "open=0 sep=; cols=a|b\n"
     "read=-8\n"
     "E2:2:b: " MALFORMED "\n"},
    {"malformed_unquoted.csv", 0, 0,
     "open=0 sep=, cols=a|b\n"
     "R2 1|2 e=00\n"
     "read=-8\n"
     "E3:2:b: " MALFORMED "\n"},
    {"utf16.csv", 0, 0,
     "open=-8 sep=, cols=\n"
     "read=-8\n"
     "E1:0:: UTF-16 text: save the file as CSV UTF-8\n"},
    {"one_column.csv", 0, 0,
     "open=0 sep=, cols=name\n"
     "R4 An e=0\n"
     "R5 Bình, Chi e=0\n"
     "R6 x;y e=0\n"
     "read=0\n"},
    {"quoted_sep_header.csv", 0, 0,
     "open=0 sep=, cols=a;b|c\n"
     "R2 1|2 e=00\n"
     "read=0\n"},
    {"mac_cr.csv", 0, 0,
     "open=0 sep=, cols=a|b\n"
     "R2 1|2 e=00\n"
     "R3 x\\ry|3 e=00\n"
     "R6 4|5 e=00\n"
     "read=0\n"},
};

#define NCASES (sizeof cases / sizeof cases[0])

/* Each fixture, read with the default chunk, gives the expected events. */
START_TEST(test_fixture)
{
  const fixture_case *c = &cases[_i];
  char *got = transcript(c->name, 0, c->max_field, c->max_errors);

  ck_assert_msg(strcmp(got, c->expect) == 0,
                "%s (max_field %zu, max_errors %zu)\n--- expected\n%s"
                "--- got\n%s",
                c->name, c->max_field, c->max_errors, c->expect, got);
  free(got);
}
END_TEST

/* Each fixture gives the same events for every chunk size 1..length. */
START_TEST(test_fixture_every_chunk)
{
  const fixture_case *c = &cases[_i];
  size_t len = file_size(fixture(c->name)), chunk;

  for (chunk = 1; chunk <= len + 1; chunk++) {
    char *got = transcript(c->name, chunk, c->max_field, c->max_errors);

    ck_assert_msg(strcmp(got, c->expect) == 0,
                  "%s, chunk %zu\n--- expected\n%s--- got\n%s", c->name, chunk,
                  c->expect, got);
    free(got);
  }
}
END_TEST

/* ---- API -------------------------------------------------------------- */

/* Open a fixture with defaults; the FILE goes to *in. */
static povreg__csv *open_fixture(const char *name, FILE **in, int want_rc)
{
  povreg__csv *r = NULL;

  *in = fopen(fixture(name), "rb");
  ck_assert_ptr_nonnull(*in);
  ck_assert_int_eq(povreg__csv_open(&r, *in, name, 0, 0, 0), want_rc);
  ck_assert_ptr_nonnull(r);
  return r;
}

/* Columns are found by exact name; unknown ones can be listed. */
START_TEST(test_columns)
{
  static const char *const known[] = {"household_code", "head_name", "address",
                                      NULL};
  static const char *const none[] = {NULL};
  FILE *in;
  povreg__csv *r = open_fixture("excel_semicolon_crlf.csv", &in, 0);

  ck_assert_int_eq(povreg__csv_separator(r), ';');
  ck_assert_uint_eq(povreg__csv_columns(r), 4);
  ck_assert_int_eq(povreg__csv_column(r, "household_code"), 0);
  ck_assert_int_eq(povreg__csv_column(r, "note"), 3);
  ck_assert_int_eq(povreg__csv_column(r, "Note"), -1);
  ck_assert_int_eq(povreg__csv_column(r, "note "), -1);
  ck_assert_int_eq(povreg__csv_column(r, ""), -1);
  ck_assert_int_eq(povreg__csv_column(r, NULL), -1);
  ck_assert_str_eq(povreg__csv_column_name(r, 1), "head_name");
  ck_assert_ptr_null(povreg__csv_column_name(r, 4));
  ck_assert_int_eq(povreg__csv_unknown(r, known, 0), 3);
  ck_assert_int_eq(povreg__csv_unknown(r, known, 4), -1);
  ck_assert_int_eq(povreg__csv_unknown(r, none, 0), 0);
  ck_assert_int_eq(povreg__csv_unknown(r, none, 2), 2);
  ck_assert_int_eq(povreg__csv_unknown(r, NULL, 1), 1);
  ck_assert_uint_eq(povreg__csv_error_count(r), 0);
  ck_assert_ptr_null(povreg__csv_error_at(r, 0));
  povreg__csv_close(r);
  fclose(in);
}
END_TEST

/* NULL arguments: no crash, sensible answers. */
START_TEST(test_null_args)
{
  povreg__csv *r = (povreg__csv *)&r;

  ck_assert_int_eq(povreg__csv_open(NULL, stdin, "x", 0, 0, 0),
                   POVREG_EINVALID);
  ck_assert_int_eq(povreg__csv_open(&r, NULL, "x", 0, 0, 0), POVREG_EINVALID);
  ck_assert_ptr_null(r);
  ck_assert_int_eq(povreg__csv_read(NULL, NULL, NULL), POVREG_EINVALID);
  ck_assert_int_eq(povreg__csv_column(NULL, "a"), -1);
  ck_assert_uint_eq(povreg__csv_columns(NULL), 0);
  ck_assert_ptr_null(povreg__csv_column_name(NULL, 0));
  ck_assert_int_eq(povreg__csv_unknown(NULL, NULL, 0), -1);
  ck_assert_int_eq(povreg__csv_separator(NULL), ',');
  ck_assert_uint_eq(povreg__csv_error_count(NULL), 0);
  ck_assert_ptr_null(povreg__csv_error_at(NULL, 0));
  ck_assert_int_eq(povreg__csv_error_format(NULL, 0, NULL, 0), -1);
  povreg__csv_close(NULL);
}
END_TEST

/* State for the callbacks below. */
typedef struct cb_state {
  int calls;         /* records seen */
  int stop_at;       /* stop (return 42) at this call, 0: never */
  long lines[16];    /* line of each record seen */
  char codes[16][8]; /* first field of each record seen */
} cb_state;

/* Remember each record; stop at s->stop_at. */
static int cb_collect(povreg__csv *r, const char *const *fields,
                      const unsigned char *empty, size_t n, long line,
                      void *payload)
{
  cb_state *s = payload;

  (void)r;
  (void)empty;
  (void)n;
  ck_assert_int_lt(s->calls, 16);
  s->lines[s->calls] = line;
  snprintf(s->codes[s->calls], sizeof s->codes[0], "%s", fields[0]);
  s->calls++;
  return s->calls == s->stop_at ? 42 : 0;
}

/* The callback's nonzero value stops the reading; reading again resumes. */
START_TEST(test_callback_stop_resume)
{
  cb_state s;
  FILE *in;
  povreg__csv *r = open_fixture("excel_semicolon_crlf.csv", &in, 0);

  memset(&s, 0, sizeof s);
  s.stop_at = 2;
  ck_assert_int_eq(povreg__csv_read(r, cb_collect, &s), 42);
  ck_assert_int_eq(s.calls, 2);
  ck_assert_str_eq(s.codes[1], "HH002");
  s.stop_at = 5; /* the last record, delivered at the end of the input */
  ck_assert_int_eq(povreg__csv_read(r, cb_collect, &s), 42);
  ck_assert_int_eq(s.calls, 5);
  ck_assert_str_eq(s.codes[2], "HH003");
  ck_assert_str_eq(s.codes[4], "HH005");
  ck_assert_int_eq(s.lines[2], 5);
  ck_assert_int_eq(s.lines[4], 10);
  ck_assert_int_eq(povreg__csv_read(r, cb_collect, &s), 0);
  ck_assert_int_eq(povreg__csv_read(r, cb_collect, &s), 0);
  ck_assert_int_eq(s.calls, 5);
  povreg__csv_close(r);
  fclose(in);
}
END_TEST

/* Reading without a callback checks the file. */
START_TEST(test_no_callback)
{
  FILE *in;
  povreg__csv *r = open_fixture("field_count.csv", &in, 0);

  ck_assert_int_eq(povreg__csv_read(r, NULL, NULL), POVREG_ECSV);
  ck_assert_uint_eq(povreg__csv_error_count(r), 3);
  povreg__csv_close(r);
  fclose(in);
}
END_TEST

/* Report the household code "HH003" as a caller's own error. */
static int cb_add_error(povreg__csv *r, const char *const *fields,
                        const unsigned char *empty, size_t n, long line,
                        void *payload)
{
  (void)empty;
  (void)n;
  (void)payload;
  if (strcmp(fields[0], "HH003") == 0) {
    return povreg__csv_add_error(r, line, 3, "not a village of %s", "X");
  }
  return 0;
}

/* Errors added by the callback join the list, with their column name. */
START_TEST(test_add_error)
{
  FILE *in;
  povreg__csv *r = open_fixture("excel_semicolon_crlf.csv", &in, 0);
  const povreg__csv_error *e;
  char buf[200];

  ck_assert_int_eq(povreg__csv_read(r, cb_add_error, NULL), POVREG_ECSV);
  ck_assert_uint_eq(povreg__csv_error_count(r), 1);
  e = povreg__csv_error_at(r, 0);
  ck_assert_int_eq(e->line, 5);
  ck_assert_int_eq(e->column, 3);
  ck_assert_str_eq(e->column_name, "address");
  ck_assert_str_eq(e->message, "not a village of X");
  ck_assert_int_eq(povreg__csv_error_format(r, 0, buf, sizeof buf),
                   (int)strlen(buf));
  ck_assert_str_eq(buf, "excel_semicolon_crlf.csv:5: column \"address\": "
                        "not a village of X");
  ck_assert_int_eq(povreg__csv_error_format(r, 1, buf, sizeof buf), -1);
  povreg__csv_close(r);
  fclose(in);
}
END_TEST

/* A callback's error that fills the list stops the reading. */
START_TEST(test_add_error_full)
{
  FILE *in = fopen(fixture("excel_semicolon_crlf.csv"), "rb");
  povreg__csv *r = NULL;

  ck_assert_ptr_nonnull(in);
  ck_assert_int_eq(povreg__csv_open(&r, in, NULL, 0, 0, 1), 0);
  ck_assert_int_eq(povreg__csv_read(r, cb_add_error, NULL), POVREG_ECSV);
  ck_assert_int_eq(povreg__csv_read(r, cb_add_error, NULL), POVREG_ECSV);
  ck_assert_uint_eq(povreg__csv_error_count(r), 1);
  ck_assert_int_eq(povreg__csv_add_error(r, 1, 0, "more"), POVREG_ECSV);
  ck_assert_uint_eq(povreg__csv_error_count(r), 1);
  povreg__csv_close(r);
  fclose(in);
}
END_TEST

/* The three shapes of a formatted error, and cutting to the buffer. */
START_TEST(test_error_format)
{
  FILE *in;
  povreg__csv *r = open_fixture("field_count.csv", &in, 0);
  char buf[200], small[8];
  int n;

  ck_assert_int_eq(povreg__csv_read(r, NULL, NULL), POVREG_ECSV);
  povreg__csv_error_format(r, 0, buf, sizeof buf);
  ck_assert_str_eq(buf, "field_count.csv:3: 3 fields, the header has 4");
  ck_assert_int_eq(povreg__csv_add_error(r, 12, 7, "far right"), 0);
  povreg__csv_error_format(r, 3, buf, sizeof buf);
  ck_assert_str_eq(buf, "field_count.csv:12: column 7: far right");
  ck_assert_int_eq(povreg__csv_add_error(r, 13, 2, "bad"), 0);
  povreg__csv_error_format(r, 4, buf, sizeof buf);
  ck_assert_str_eq(buf, "field_count.csv:13: column \"b\": bad");
  n = povreg__csv_error_format(r, 4, small, sizeof small);
  ck_assert_int_eq(n, (int)strlen(buf));
  ck_assert_str_eq(small, "field_c");
  povreg__csv_close(r);
  fclose(in);
}
END_TEST

/* ---- generated inputs -------------------------------------------------- */

/* A temporary file holding text (rewound). */
static FILE *temp_with(const char *text, size_t len)
{
  FILE *f = tmpfile();

  ck_assert_ptr_nonnull(f);
  ck_assert_uint_eq(fwrite(text, 1, len, f), len);
  rewind(f);
  return f;
}

/* A header of more than POVREG__CSV_MAX_COLUMNS columns is refused. */
START_TEST(test_too_many_columns)
{
  size_t cap = (POVREG__CSV_MAX_COLUMNS + 1) * 8 + 16, len = 0, i;
  char *text = malloc(cap);
  FILE *in;
  povreg__csv *r = NULL;

  ck_assert_ptr_nonnull(text);
  for (i = 0; i <= POVREG__CSV_MAX_COLUMNS; i++) {
    len += (size_t)snprintf(text + len, cap - len, "%sc%zu", i ? ";" : "", i);
  }
  len += (size_t)snprintf(text + len, cap - len, "\n");
  in = temp_with(text, len);
  ck_assert_int_eq(povreg__csv_open(&r, in, "wide", 0, 0, 0), POVREG_ECSV);
  ck_assert_uint_eq(povreg__csv_error_count(r), 1);
  ck_assert_str_eq(povreg__csv_error_at(r, 0)->message,
                   "more than 1024 columns in the header");
  ck_assert_uint_eq(povreg__csv_columns(r), 0);
  ck_assert_int_eq(povreg__csv_read(r, NULL, NULL), POVREG_ECSV);
  povreg__csv_close(r);
  fclose(in);
  free(text);
}
END_TEST

/* Exactly POVREG__CSV_MAX_COLUMNS columns are fine. */
START_TEST(test_max_columns)
{
  size_t cap = POVREG__CSV_MAX_COLUMNS * 8 + 16, len = 0, i;
  char *text = malloc(cap);
  FILE *in;
  povreg__csv *r = NULL;

  ck_assert_ptr_nonnull(text);
  for (i = 0; i < POVREG__CSV_MAX_COLUMNS; i++) {
    len += (size_t)snprintf(text + len, cap - len, "%sc%zu", i ? "," : "", i);
  }
  in = temp_with(text, len);
  ck_assert_int_eq(povreg__csv_open(&r, in, "wide", 0, 0, 0), 0);
  ck_assert_uint_eq(povreg__csv_columns(r), POVREG__CSV_MAX_COLUMNS);
  ck_assert_int_eq(povreg__csv_column(r, "c1023"), 1023);
  povreg__csv_close(r);
  fclose(in);
  free(text);
}
END_TEST

/* Count records and check their lines and fields (payload: long[2]). */
static int cb_count(povreg__csv *r, const char *const *fields,
                    const unsigned char *empty, size_t n, long line,
                    void *payload)
{
  long *k = payload;
  char want[32];

  (void)r;
  (void)empty;
  ck_assert_uint_eq(n, 3);
  snprintf(want, sizeof want, "HH%06ld", k[0]);
  ck_assert_str_eq(fields[0], want);
  ck_assert_int_eq(line, 2 + 2 * k[0]);
  ck_assert_str_eq(fields[2], "Thôn 1\r\nxã A; \"B\"");
  k[0]++;
  k[1] = line;
  return 0;
}

/* Many records (with quoted line breaks), read with small chunks. */
START_TEST(test_many_records)
{
  const long nrec = 20000;
  FILE *in = tmpfile();
  povreg__csv *r = NULL;
  long k[2] = {0, 0}, i;

  ck_assert_ptr_nonnull(in);
  fputs("\xEF\xBB\xBF"
        "code;name;address\r\n",
        in);
  for (i = 0; i < nrec; i++) {
    fprintf(in, "HH%06ld;Nguyễn Văn %ld;\"Thôn 1\r\nxã A; \"\"B\"\"\"\r\n", i,
            i);
  }
  rewind(in);
  ck_assert_int_eq(povreg__csv_open(&r, in, "many", 1000, 0, 0), 0);
  ck_assert_int_eq(povreg__csv_read(r, cb_count, k), 0);
  ck_assert_int_eq(k[0], nrec);
  ck_assert_int_eq(k[1], 2 * nrec);
  povreg__csv_close(r);
  fclose(in);
}
END_TEST

/* A field of exactly max_field bytes is fine; one more byte is not. */
START_TEST(test_field_limit_edge)
{
  char text[64];
  FILE *in;
  povreg__csv *r = NULL;
  int n;

  n = snprintf(text, sizeof text, "a,b\n1,%s\n", "0123456789abcdef");
  in = temp_with(text, (size_t)n);
  ck_assert_int_eq(povreg__csv_open(&r, in, "edge", 0, 16, 0), 0);
  ck_assert_int_eq(povreg__csv_read(r, NULL, NULL), 0);
  povreg__csv_close(r);
  fclose(in);

  n = snprintf(text, sizeof text, "a,b\n1,\"%s\"\n", "0123456789abcdefg");
  in = temp_with(text, (size_t)n);
  ck_assert_int_eq(povreg__csv_open(&r, in, "edge", 0, 16, 0), 0);
  ck_assert_int_eq(povreg__csv_read(r, NULL, NULL), POVREG_ECSV);
  ck_assert_str_eq(povreg__csv_error_at(r, 0)->message,
                   "field longer than 16 bytes");
  povreg__csv_close(r);
  fclose(in);

  /* a header name counts too */
  n = snprintf(text, sizeof text, "a,%s\n", "0123456789abcdefg");
  in = temp_with(text, (size_t)n);
  ck_assert_int_eq(povreg__csv_open(&r, in, "edge", 0, 16, 0), POVREG_ECSV);
  ck_assert_int_eq(povreg__csv_error_at(r, 0)->column, 2);
  povreg__csv_close(r);
  fclose(in);
}
END_TEST

/* Column names longer than 63 bytes are cut on a character boundary. */
START_TEST(test_long_column_name)
{
  /* "x" and 32 two-byte characters: 65 bytes, cut after a character */
  char text[256], name[128];
  const povreg__csv_error *e;
  FILE *in;
  povreg__csv *r = NULL;
  size_t i, len = 0;

  len += (size_t)snprintf(name + len, sizeof name - len, "x");
  for (i = 0; i < 32; i++) {
    len += (size_t)snprintf(name + len, sizeof name - len, "ô");
  }
  ck_assert_uint_eq(len, 65);
  len = (size_t)snprintf(text, sizeof text, "a;%s\n1;\xff\n", name);
  in = temp_with(text, len);
  ck_assert_int_eq(povreg__csv_open(&r, in, "long", 0, 0, 0), 0);
  ck_assert_int_eq(povreg__csv_read(r, NULL, NULL), POVREG_ECSV);
  e = povreg__csv_error_at(r, 0);
  ck_assert_int_eq(e->column, 2);
  ck_assert_uint_eq(strlen(e->column_name), 63);
  ck_assert_int_eq(strncmp(e->column_name, name, 63), 0);
  povreg__csv_close(r);
  fclose(in);

  /* without the "x" the cut falls inside a character: 62 bytes kept */
  len = (size_t)snprintf(text, sizeof text, "a;%s\n1;\xff\n", name + 1);
  in = temp_with(text, len);
  ck_assert_int_eq(povreg__csv_open(&r, in, "long", 0, 0, 0), 0);
  ck_assert_int_eq(povreg__csv_read(r, NULL, NULL), POVREG_ECSV);
  e = povreg__csv_error_at(r, 0);
  ck_assert_uint_eq(strlen(e->column_name), 62);
  ck_assert_int_eq(strncmp(e->column_name, name + 1, 62), 0);
  povreg__csv_close(r);
  fclose(in);
}
END_TEST

/* The header is read from where the FILE stands; the FILE stays open. */
START_TEST(test_file_position)
{
  static const char text[] = "junk\na,b\n1,2\n";
  FILE *in = temp_with(text, sizeof text - 1);
  povreg__csv *r = NULL;
  cb_state s;

  memset(&s, 0, sizeof s);
  ck_assert_int_eq(fseek(in, 5, SEEK_SET), 0);
  ck_assert_int_eq(povreg__csv_open(&r, in, "pos", 0, 0, 0), 0);
  ck_assert_str_eq(povreg__csv_column_name(r, 0), "a");
  ck_assert_int_eq(povreg__csv_read(r, cb_collect, &s), 0);
  ck_assert_int_eq(s.calls, 1);
  ck_assert_str_eq(s.codes[0], "1");
  povreg__csv_close(r);
  ck_assert_int_eq(fseek(in, 0, SEEK_SET), 0); /* still open */
  fclose(in);
}
END_TEST

/* A read error is reported as POVREG_ERROR and listed. */
START_TEST(test_read_error)
{
  /* glibc opens a directory for reading; fread() then fails (EISDIR) */
  FILE *in = fopen(fixture(""), "rb");
  povreg__csv *r = NULL;

  ck_assert_ptr_nonnull(in);
  ck_assert_int_eq(povreg__csv_open(&r, in, "dir", 0, 0, 0), POVREG_ERROR);
  ck_assert_uint_eq(povreg__csv_error_count(r), 1);
  ck_assert_str_eq(povreg__csv_error_at(r, 0)->message, "read error");
  ck_assert_int_eq(povreg__csv_read(r, NULL, NULL), POVREG_ERROR);
  povreg__csv_close(r);
  fclose(in);
}
END_TEST

/* Calling povreg__csv_read() from the callback is refused. */
static int cb_reenter(povreg__csv *r, const char *const *fields,
                      const unsigned char *empty, size_t n, long line,
                      void *payload)
{
  (void)fields;
  (void)empty;
  (void)n;
  (void)line;
  *(int *)payload = povreg__csv_read(r, cb_reenter, payload);
  return 1;
}

/* Re-entering povreg__csv_read() gives POVREG_EINVALID. */
START_TEST(test_reenter)
{
  FILE *in;
  povreg__csv *r = open_fixture("comma_lf.csv", &in, 0);
  int inner = 0;

  ck_assert_int_eq(povreg__csv_read(r, cb_reenter, &inner), 1);
  ck_assert_int_eq(inner, POVREG_EINVALID);
  povreg__csv_close(r);
  fclose(in);
}
END_TEST

/* ---- runner ---------------------------------------------------------- */

/* The suite: fixtures, chunk sizes, API, limits. */
static Suite *csvread_suite(void)
{
  Suite *s = suite_create("csvread");
  TCase *tc;

  tc = tcase_create("fixtures");
  tcase_add_loop_test(tc, test_fixture, 0, (int)NCASES);
  suite_add_tcase(s, tc);

  tc = tcase_create("chunks");
  tcase_add_loop_test(tc, test_fixture_every_chunk, 0, (int)NCASES);
  suite_add_tcase(s, tc);

  tc = tcase_create("api");
  tcase_add_test(tc, test_columns);
  tcase_add_test(tc, test_null_args);
  tcase_add_test(tc, test_callback_stop_resume);
  tcase_add_test(tc, test_no_callback);
  tcase_add_test(tc, test_add_error);
  tcase_add_test(tc, test_add_error_full);
  tcase_add_test(tc, test_error_format);
  tcase_add_test(tc, test_file_position);
  tcase_add_test(tc, test_read_error);
  tcase_add_test(tc, test_reenter);
  suite_add_tcase(s, tc);

  tc = tcase_create("limits");
  tcase_add_test(tc, test_too_many_columns);
  tcase_add_test(tc, test_max_columns);
  tcase_add_test(tc, test_many_records);
  tcase_add_test(tc, test_field_limit_edge);
  tcase_add_test(tc, test_long_column_name);
  suite_add_tcase(s, tc);
  return s;
}

/* Run the suite; the exit status is the number of failures. */
int main(void)
{
  SRunner *sr = srunner_create(csvread_suite());
  int failed;

  srunner_run_all(sr, CK_NORMAL);
  failed = srunner_ntests_failed(sr);
  srunner_free(sr);
  return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
