/*
** html.h: a small writer for the one-file HTML report: the page with its
** inline style sheet, headings, paragraphs, tables and three SVG charts
** (lines over the years, horizontal bars, grouped bars).
**
** The page needs nothing else: no script, no font, no image, no link to
** the network.  Its markup is also well-formed XML (void elements are
** closed, text is escaped, the only entity is &#160;), so XML tools can
** check it.  Numbers in the SVG coordinates are written with '.' (the
** tool never calls setlocale()).  Nothing here allocates.
*/
#ifndef POVREG_CLI_HTML_H
#define POVREG_CLI_HTML_H

#include <stddef.h>
#include <stdio.h>

#include "numfmt.h"

/* Write the doctype, <head> (title, style sheet) and open <body>. */
void html_begin(FILE *fp, const char *lang, const char *title);

/* Close <body> and the document. */
void html_end(FILE *fp);

/* Write text with & < > " ' escaped (NULL writes nothing). */
void html_text(FILE *fp, const char *s);

/* <hN>text</hN>, with an id for links when id is not NULL. */
void html_heading(FILE *fp, int level, const char *id, const char *text);

/* <p class="cls">text</p> (cls may be NULL). */
void html_para(FILE *fp, const char *cls, const char *text);

/* A <nav> of n links to the sections ids[k] named labels[k]. */
void html_nav(FILE *fp, const char *const *ids, const char *const *labels,
              size_t n);

/* Open a <section>; close it with html_section_end(). */
void html_section_begin(FILE *fp, const char *id);

/* Close a <section>. */
void html_section_end(FILE *fp);

/*
** Start a table: an optional caption and a header row of n labels; a
** column whose numeric[k] is nonzero is right-aligned.
*/
void html_table_begin(FILE *fp, const char *caption, const char *const *labels,
                      const unsigned char *numeric, size_t n);

/* One row of n cells; row_class ("total", "above") may be NULL. */
void html_table_row(FILE *fp, const char *const *cells,
                    const unsigned char *numeric, size_t n,
                    const char *row_class);

/* Close a table. */
void html_table_end(FILE *fp);

/* Kinds of line in a line chart. */
typedef enum html_line_kind {
  HTML_LINE_PART = 0,  /* a part (a commune): thin, coloured */
  HTML_LINE_TOTAL = 1, /* the whole unit: thick, dark */
  HTML_LINE_TARGET = 2 /* the plan's target: dashed, red */
} html_line_kind;

/* One line of a line chart: a value (or none) for each x. */
typedef struct html_series {
  const char *label;        /* legend text */
  const long *values;       /* nx values in hundredths of a percent */
  const unsigned char *has; /* nx flags: 1 if values[i] is given */
  html_line_kind kind;      /* how it is drawn */
} html_series;

/*
** An SVG line chart of percentages over nx points labelled x_labels
** (years), from 0 to a rounded-up maximum; each point has a tooltip
** (<title>) with the series label and value written in style st.
*/
void html_line_chart(FILE *fp, const char *title, const char *const *x_labels,
                     size_t nx, const html_series *series, size_t ns,
                     numfmt_style st);

/*
** An SVG chart of n horizontal bars, one per label, of length
** values[i] (hundredths of a percent, 0..10000) on a 0..100% scale, with
** value_text[i] written after each bar.
*/
void html_hbar_chart(FILE *fp, const char *title, const char *const *labels,
                     const long *values, const char *const *value_text,
                     size_t n);

/*
** An SVG chart of grouped vertical bars: ng groups (years) of ns bars
** (start, escaped, ...), values[g * ns + s] counts, with a legend of the
** series labels; counts written in style st in the tooltips.
*/
void html_bar_chart(FILE *fp, const char *title, const char *const *groups,
                    size_t ng, const char *const *series, size_t ns,
                    const long *values, numfmt_style st);

#endif /* POVREG_CLI_HTML_H */
