/*
** output.c: writers for lists and records in three formats.
**
**  - table: aligned columns, widths counted in displayed characters
**    (UTF-8 code points; combining marks take no room), so Vietnamese
**    names line up; rows are buffered to measure the columns.
**  - csv:   RFC 4180: a header row, CRLF line ends, fields quoted when
**    they hold a comma, a quote, CR or LF; streamed.
**  - json:  an array of objects for a list, one object for a record,
**    strings escaped per RFC 8259; streamed.
*/
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

/* A list being written (see cli_list_begin). */
struct cli_list {
  FILE *fp;            /* where to write */
  cli_format fmt;      /* format */
  const cli_col *cols; /* columns (borrowed) */
  size_t ncols;        /* how many */
  int indent;          /* JSON nesting depth */
  size_t nrows;        /* rows added */
  char **cells;        /* table: buffered cells, nrows * ncols (allocated) */
  size_t cap;          /* table: capacity of cells, in rows */
};

/*
** Decode one UTF-8 sequence at s (not at a NUL).  Returns its length in
** bytes and stores the code point in *cp; an invalid byte gives length 1
** and *cp = 0xFFFD.
*/
static size_t utf8_next(const unsigned char *s, uint32_t *cp)
{
  size_t len, k;
  uint32_t c;

  if (s[0] < 0x80) {
    *cp = s[0];
    return 1;
  }
  if (s[0] >= 0xC2 && s[0] <= 0xDF) {
    len = 2;
    c = s[0] & 0x1Fu;
  } else if (s[0] >= 0xE0 && s[0] <= 0xEF) {
    len = 3;
    c = s[0] & 0x0Fu;
  } else if (s[0] >= 0xF0 && s[0] <= 0xF4) {
    len = 4;
    c = s[0] & 0x07u;
  } else {
    *cp = 0xFFFD;
    return 1;
  }
  for (k = 1; k < len; k++) {
    if ((s[k] & 0xC0u) != 0x80u) {
      *cp = 0xFFFD;
      return 1;
    }
    c = (c << 6) | (s[k] & 0x3Fu);
  }
  if ((len == 3 && (c < 0x800 || (c >= 0xD800 && c <= 0xDFFF))) ||
      (len == 4 && (c < 0x10000 || c > 0x10FFFF))) {
    *cp = 0xFFFD;
    return 1;
  }
  *cp = c;
  return len;
}

/* Nonzero for a combining mark (takes no room on screen). */
static int is_combining(uint32_t cp)
{
  return (cp >= 0x0300 && cp <= 0x036F) || (cp >= 0x1AB0 && cp <= 0x1AFF) ||
         (cp >= 0x1DC0 && cp <= 0x1DFF) || (cp >= 0x20D0 && cp <= 0x20FF) ||
         (cp >= 0xFE20 && cp <= 0xFE2F);
}

/* Display width of UTF-8 text: code points, combining marks count 0. */
size_t cli_utf8_width(const char *s)
{
  const unsigned char *p = (const unsigned char *)s;
  size_t w = 0;
  uint32_t cp;

  if (s == NULL) {
    return 0;
  }
  while (*p) {
    p += utf8_next(p, &cp);
    if (!is_combining(cp)) {
      w++;
    }
  }
  return w;
}

/* Write s for a table cell: control characters become spaces. */
static void put_plain(FILE *fp, const char *s)
{
  for (; s && *s; s++) {
    unsigned char c = (unsigned char)*s;
    fputc(c < 0x20 || c == 0x7f ? ' ' : c, fp);
  }
}

/* Write n spaces. */
static void put_spaces(FILE *fp, size_t n)
{
  while (n-- > 0) {
    fputc(' ', fp);
  }
}

/* Write a CSV field (RFC 4180): quoted if it holds , " CR or LF. */
static void put_csv(FILE *fp, const char *s)
{
  if (s == NULL) {
    return;
  }
  if (strpbrk(s, ",\"\r\n") == NULL) {
    fputs(s, fp);
    return;
  }
  fputc('"', fp);
  for (; *s; s++) {
    if (*s == '"') {
      fputc('"', fp);
    }
    fputc(*s, fp);
  }
  fputc('"', fp);
}

/*
** Write a JSON string literal: quotes, backslash and control characters
** escaped; invalid UTF-8 bytes replaced by U+FFFD so the output stays
** valid JSON.
*/
static void put_json_str(FILE *fp, const char *s)
{
  const unsigned char *p = (const unsigned char *)s;

  fputc('"', fp);
  while (*p) {
    uint32_t cp;
    size_t len = utf8_next(p, &cp);

    if (cp == 0xFFFD && len == 1 && p[0] >= 0x80) {
      fputs("\xEF\xBF\xBD", fp);
    } else if (*p == '"' || *p == '\\') {
      fputc('\\', fp);
      fputc(*p, fp);
    } else if (*p == '\n') {
      fputs("\\n", fp);
    } else if (*p == '\r') {
      fputs("\\r", fp);
    } else if (*p == '\t') {
      fputs("\\t", fp);
    } else if (*p == '\b') {
      fputs("\\b", fp);
    } else if (*p == '\f') {
      fputs("\\f", fp);
    } else if (*p < 0x20) {
      fprintf(fp, "\\u%04x", (unsigned)*p);
    } else {
      fwrite(p, 1, len, fp);
    }
    p += len;
  }
  fputc('"', fp);
}

/* Nonzero if s is a decimal integer: an optional '-', then digits. */
static int is_integer(const char *s)
{
  const char *digits = s[0] == '-' ? s + 1 : s;

  return digits[0] != '\0' && strspn(digits, "0123456789") == strlen(digits);
}

/* Nonzero if s is a decimal number: an integer, then '.' and digits. */
static int is_decimal(const char *s)
{
  const char *dot = strchr(s, '.');
  size_t int_len = dot ? (size_t)(dot - s) : strlen(s);
  char head[32];

  if (int_len == 0 || int_len >= sizeof head) {
    return 0;
  }
  memcpy(head, s, int_len);
  head[int_len] = '\0';
  if (!is_integer(head)) {
    return 0;
  }
  return dot == NULL ||
         (dot[1] != '\0' && strspn(dot + 1, "0123456789") == strlen(dot + 1));
}

/* Write a JSON value: null, a bare number or a string. */
static void put_json_value(FILE *fp, const char *s, cli_type type)
{
  if (s == NULL) {
    fputs("null", fp);
  } else if ((type == CLI_INT && is_integer(s)) ||
             (type == CLI_NUM && is_decimal(s))) {
    fputs(s, fp);
  } else {
    put_json_str(fp, s);
  }
}

/* Write 2 * depth spaces. */
static void put_indent(FILE *fp, int depth)
{
  put_spaces(fp, (size_t)depth * 2);
}

/* Start a list (see cli.h).  Allocates. */
cli_list *cli_list_begin(FILE *fp, cli_format fmt, const cli_col *cols,
                         size_t ncols, int indent)
{
  cli_list *l = calloc(1, sizeof *l);
  size_t k;

  if (l == NULL) {
    return NULL;
  }
  l->fp = fp;
  l->fmt = fmt;
  l->cols = cols;
  l->ncols = ncols;
  l->indent = indent;
  if (fmt == CLI_FMT_CSV) {
    for (k = 0; k < ncols; k++) {
      if (k > 0) {
        fputc(',', fp);
      }
      put_csv(fp, cols[k].key);
    }
    fputs("\r\n", fp);
  } else if (fmt == CLI_FMT_JSON) {
    fputc('[', fp);
  }
  return l;
}

/* Add a row (see cli.h).  The table format copies the cells. */
int cli_list_row(cli_list *l, const char *const *cells)
{
  size_t k;

  if (l->fmt == CLI_FMT_TABLE) {
    if (l->nrows == l->cap) {
      size_t cap = l->cap ? l->cap * 2 : 64;
      char **grown = realloc(l->cells, cap * l->ncols * sizeof *grown);

      if (grown == NULL) {
        return -1;
      }
      l->cells = grown;
      l->cap = cap;
    }
    for (k = 0; k < l->ncols; k++) {
      const char *c = cells[k] ? cells[k] : "";
      char *copy = malloc(strlen(c) + 1);

      if (copy == NULL) {
        while (k-- > 0) {
          free(l->cells[l->nrows * l->ncols + k]);
        }
        return -1;
      }
      memcpy(copy, c, strlen(c) + 1);
      l->cells[l->nrows * l->ncols + k] = copy;
    }
  } else if (l->fmt == CLI_FMT_CSV) {
    for (k = 0; k < l->ncols; k++) {
      if (k > 0) {
        fputc(',', l->fp);
      }
      put_csv(l->fp, cells[k]);
    }
    fputs("\r\n", l->fp);
  } else {
    fputs(l->nrows ? ",\n" : "\n", l->fp);
    put_indent(l->fp, l->indent + 1);
    fputc('{', l->fp);
    for (k = 0; k < l->ncols; k++) {
      if (k > 0) {
        fputs(", ", l->fp);
      }
      put_json_str(l->fp, l->cols[k].key);
      fputs(": ", l->fp);
      put_json_value(l->fp, cells[k], l->cols[k].type);
    }
    fputc('}', l->fp);
  }
  l->nrows++;
  return 0;
}

/* Rows added so far. */
size_t cli_list_count(const cli_list *l)
{
  return l ? l->nrows : 0;
}

/* Write the buffered table: header, then rows, columns padded. */
static void flush_table(cli_list *l)
{
  size_t *width = calloc(l->ncols ? l->ncols : 1, sizeof *width);
  size_t r, k;

  if (width == NULL) {
    return;
  }
  for (k = 0; k < l->ncols; k++) {
    width[k] = cli_utf8_width(l->cols[k].label);
  }
  for (r = 0; r < l->nrows; r++) {
    for (k = 0; k < l->ncols; k++) {
      size_t w = cli_utf8_width(l->cells[r * l->ncols + k]);
      if (w > width[k]) {
        width[k] = w;
      }
    }
  }
  for (r = 0; r <= l->nrows; r++) {
    const char *const *row =
        r == 0 ? NULL : (const char *const *)&l->cells[(r - 1) * l->ncols];
    size_t last = l->ncols; /* cells after the last non-empty one: none */

    while (last > 0 &&
           (row ? row[last - 1] : l->cols[last - 1].label)[0] == '\0') {
      last--;
    }
    for (k = 0; k < last; k++) {
      const char *c = row ? row[k] : l->cols[k].label;

      put_plain(l->fp, c);
      if (k + 1 < last) {
        put_spaces(l->fp, width[k] - cli_utf8_width(c) + 2);
      }
    }
    fputc('\n', l->fp);
  }
  free(width);
}

/* Finish and free a list.  NULL-safe. */
void cli_list_end(cli_list *l)
{
  if (l == NULL) {
    return;
  }
  if (l->fmt == CLI_FMT_TABLE) {
    flush_table(l);
  } else if (l->fmt == CLI_FMT_JSON) {
    if (l->nrows) {
      fputc('\n', l->fp);
      put_indent(l->fp, l->indent);
    }
    fputc(']', l->fp);
    if (l->indent == 0) {
      fputc('\n', l->fp);
    }
  }
  cli_list_abort(l);
}

/* Free a list without finishing it (see cli.h).  NULL-safe. */
void cli_list_abort(cli_list *l)
{
  size_t k;

  if (l == NULL) {
    return;
  }
  if (l->fmt == CLI_FMT_TABLE) {
    for (k = 0; k < l->nrows * l->ncols; k++) {
      free(l->cells[k]);
    }
    free(l->cells);
  }
  free(l);
}

/* Print one record (see cli.h). */
void cli_record(FILE *fp, cli_format fmt, const cli_field *f, size_t n,
                int open)
{
  size_t k, width = 0;

  if (fmt == CLI_FMT_TABLE) {
    for (k = 0; k < n; k++) {
      size_t w = cli_utf8_width(f[k].label);
      if (w > width) {
        width = w;
      }
    }
    for (k = 0; k < n; k++) {
      put_plain(fp, f[k].label);
      put_spaces(fp, width - cli_utf8_width(f[k].label) + 2);
      put_plain(fp, f[k].value ? f[k].value : "-");
      fputc('\n', fp);
    }
  } else if (fmt == CLI_FMT_CSV) {
    for (k = 0; k < n; k++) {
      if (k > 0) {
        fputc(',', fp);
      }
      put_csv(fp, f[k].key);
    }
    fputs("\r\n", fp);
    for (k = 0; k < n; k++) {
      if (k > 0) {
        fputc(',', fp);
      }
      put_csv(fp, f[k].value);
    }
    fputs("\r\n", fp);
  } else {
    fputs("{", fp);
    for (k = 0; k < n; k++) {
      fputs(k ? ",\n  " : "\n  ", fp);
      put_json_str(fp, f[k].key);
      fputs(": ", fp);
      put_json_value(fp, f[k].value, f[k].type);
    }
    if (!open) {
      fputs("\n}\n", fp);
    }
  }
}

/* Start a nested list inside an open record (see cli.h). */
void cli_record_nested(FILE *fp, cli_format fmt, const char *key,
                       const char *label)
{
  if (fmt == CLI_FMT_TABLE) {
    fputc('\n', fp);
    put_plain(fp, label);
    fputs(":\n", fp);
  } else if (fmt == CLI_FMT_CSV) {
    fputs("\r\n", fp);
  } else {
    fputs(",\n  ", fp);
    put_json_str(fp, key);
    fputs(": ", fp);
  }
}

/* Close a record left open by cli_record(). */
void cli_record_close(FILE *fp, cli_format fmt)
{
  if (fmt == CLI_FMT_JSON) {
    fputs("\n}\n", fp);
  }
}

/* Print a single result (see cli.h). */
void cli_value(FILE *fp, cli_format fmt, const char *key, const char *value,
               cli_type type)
{
  cli_field f;

  if (fmt == CLI_FMT_TABLE) {
    put_plain(fp, value);
    fputc('\n', fp);
    return;
  }
  f.key = key;
  f.label = key;
  f.value = value;
  f.type = type;
  cli_record(fp, fmt, &f, 1, 0);
}

/* Mask personal data: '*' for all but the last 4 characters (see cli.h). */
const char *cli_mask(const char *s, char *buf, size_t n)
{
  size_t len, shown_from, k;

  if (s == NULL) {
    return NULL;
  }
  if (n == 0) {
    return buf;
  }
  len = strlen(s);
  shown_from = len > 4 ? len - 4 : len; /* 4 or fewer: all hidden */
  for (k = 0; k < len && k + 1 < n; k++) {
    buf[k] = k < shown_from ? '*' : s[k];
  }
  buf[k] = '\0';
  return buf;
}
