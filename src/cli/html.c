/*
** html.c: the one-file HTML report's writer (see html.h): page, tables
** and SVG charts, all inline, well-formed XML, no scripts.
*/
#include <string.h>

#include "html.h"

/* The style sheet of the page (inline: the file stands alone). */
static const char page_css[] =
    "body{font-family:\"DejaVu Sans\",\"Noto Sans\",Arial,sans-serif;"
    "color:#222;margin:24px auto;max-width:1240px;padding:0 16px;"
    "line-height:1.4}\n"
    "h1{font-size:1.5em;margin-bottom:0.2em}\n"
    "h2{font-size:1.2em;margin-top:1.8em;border-bottom:1px solid #ccc;"
    "padding-bottom:0.2em}\n"
    "h3{font-size:1.05em;margin-top:1.2em}\n"
    "p.meta{color:#555;margin-top:0}\n"
    "p.note{color:#555;font-size:0.9em}\n"
    "div.scroll{overflow-x:auto}\n"
    "table{border-collapse:collapse;margin:0.6em 0 1em;font-size:0.85em}\n"
    "caption{text-align:left;font-weight:bold;padding:0.3em 0}\n"
    "th,td{border:1px solid #ccc;padding:3px 6px;vertical-align:top}\n"
    "td{white-space:nowrap}\n"
    "th{background:#eef2f7;text-align:left}\n"
    "td.num,th.num{text-align:right;white-space:nowrap}\n"
    "tr.total td{font-weight:bold;background:#f6f6f6}\n"
    "tr.above td{background:#fde8e6}\n"
    "tr.mismatch td{color:#b00}\n"
    "svg{display:block;margin:0.6em 0 1.2em;max-width:100%;height:auto}\n"
    "nav a{margin-right:1em}\n"
    "@media print{body{margin:0}h2{page-break-before:auto}}\n";

/* Colours of the parts of a line chart and of the series of bars. */
static const char *const palette[] = {
    "#1f77b4", "#ff7f0e", "#2ca02c", "#9467bd", "#8c564b", "#e377c2",
    "#17becf", "#bcbd22", "#7f7f7f", "#aec7e8", "#ffbb78", "#98df8a",
    "#c5b0d5", "#c49c94", "#f7b6d2", "#9edae5",
};
#define N_PALETTE (sizeof palette / sizeof palette[0])

/* Escape text for HTML and XML (see html.h). */
void html_text(FILE *fp, const char *s)
{
  for (; s && *s; s++) {
    unsigned char c = (unsigned char)*s;

    switch (c) {
    case '&':
      fputs("&amp;", fp);
      break;
    case '<':
      fputs("&lt;", fp);
      break;
    case '>':
      fputs("&gt;", fp);
      break;
    case '"':
      fputs("&quot;", fp);
      break;
    case '\'':
      fputs("&#39;", fp);
      break;
    default:
      /* XML 1.0 allows no other control character */
      fputc(c < 0x20 && c != '\n' && c != '\t' ? ' ' : c, fp);
    }
  }
}

/* Doctype, head and the opening of the body (see html.h). */
void html_begin(FILE *fp, const char *lang, const char *title)
{
  fputs("<!DOCTYPE html>\n<html lang=\"", fp);
  html_text(fp, lang);
  fputs("\">\n<head>\n<meta charset=\"utf-8\"/>\n"
        "<meta name=\"viewport\" content=\"width=device-width, "
        "initial-scale=1\"/>\n<title>",
        fp);
  html_text(fp, title);
  fputs("</title>\n<style>\n", fp);
  fputs(page_css, fp);
  fputs("</style>\n</head>\n<body>\n", fp);
}

/* Close the document (see html.h). */
void html_end(FILE *fp)
{
  fputs("</body>\n</html>\n", fp);
}

/* A heading, with an optional id (see html.h). */
void html_heading(FILE *fp, int level, const char *id, const char *text)
{
  if (level < 1 || level > 6) {
    level = 2;
  }
  fprintf(fp, "<h%d", level);
  if (id) {
    fputs(" id=\"", fp);
    html_text(fp, id);
    fputc('"', fp);
  }
  fputc('>', fp);
  html_text(fp, text);
  fprintf(fp, "</h%d>\n", level);
}

/* A paragraph (see html.h). */
void html_para(FILE *fp, const char *cls, const char *text)
{
  fputs("<p", fp);
  if (cls) {
    fputs(" class=\"", fp);
    html_text(fp, cls);
    fputc('"', fp);
  }
  fputc('>', fp);
  html_text(fp, text);
  fputs("</p>\n", fp);
}

/* A bar of links to sections (see html.h). */
void html_nav(FILE *fp, const char *const *ids, const char *const *labels,
              size_t n)
{
  size_t k;

  fputs("<nav>", fp);
  for (k = 0; k < n; k++) {
    fputs("<a href=\"#", fp);
    html_text(fp, ids[k]);
    fputs("\">", fp);
    html_text(fp, labels[k]);
    fputs("</a>", fp);
  }
  fputs("</nav>\n", fp);
}

/* Open a section (see html.h). */
void html_section_begin(FILE *fp, const char *id)
{
  fputs("<section", fp);
  if (id) {
    fputs(" id=\"", fp);
    html_text(fp, id);
    fputc('"', fp);
  }
  fputs(">\n", fp);
}

/* Close a section (see html.h). */
void html_section_end(FILE *fp)
{
  fputs("</section>\n", fp);
}

/* Start a table with its header row (see html.h). */
void html_table_begin(FILE *fp, const char *caption, const char *const *labels,
                      const unsigned char *numeric, size_t n)
{
  size_t k;

  fputs("<div class=\"scroll\"><table>\n", fp);
  if (caption) {
    fputs("<caption>", fp);
    html_text(fp, caption);
    fputs("</caption>\n", fp);
  }
  fputs("<thead><tr>", fp);
  for (k = 0; k < n; k++) {
    fputs(numeric && numeric[k] ? "<th class=\"num\">" : "<th>", fp);
    html_text(fp, labels[k]);
    fputs("</th>", fp);
  }
  fputs("</tr></thead>\n<tbody>\n", fp);
}

/* One table row (see html.h). */
void html_table_row(FILE *fp, const char *const *cells,
                    const unsigned char *numeric, size_t n,
                    const char *row_class)
{
  size_t k;

  fputs("<tr", fp);
  if (row_class) {
    fputs(" class=\"", fp);
    html_text(fp, row_class);
    fputc('"', fp);
  }
  fputc('>', fp);
  for (k = 0; k < n; k++) {
    fputs(numeric && numeric[k] ? "<td class=\"num\">" : "<td>", fp);
    html_text(fp, cells[k]);
    fputs("</td>", fp);
  }
  fputs("</tr>\n", fp);
}

/* Close a table (see html.h). */
void html_table_end(FILE *fp)
{
  fputs("</tbody>\n</table></div>\n", fp);
}

/* Open an <svg> of w x h with an accessible title. */
static void svg_begin(FILE *fp, int w, int h, const char *title)
{
  fprintf(fp,
          "<svg width=\"%d\" height=\"%d\" viewBox=\"0 0 %d %d\" "
          "role=\"img\" font-family=\"DejaVu Sans, Noto Sans, Arial, "
          "sans-serif\" font-size=\"12\">\n<title>",
          w, h, w, h);
  html_text(fp, title);
  fputs("</title>\n", fp);
  fprintf(fp,
          "<rect x=\"0\" y=\"0\" width=\"%d\" height=\"%d\" "
          "fill=\"#ffffff\"/>\n",
          w, h);
  fputs("<text x=\"8\" y=\"18\" font-size=\"14\" font-weight=\"bold\">", fp);
  html_text(fp, title);
  fputs("</text>\n", fp);
}

/* Close an <svg>. */
static void svg_end(FILE *fp)
{
  fputs("</svg>\n", fp);
}

/*
** Write <text> at (x, y) with the given anchor ("start", "middle",
** "end") and text.
*/
static void svg_label(FILE *fp, double x, double y, const char *anchor,
                      const char *text)
{
  fprintf(fp, "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"%s\">", x, y, anchor);
  html_text(fp, text);
  fputs("</text>\n", fp);
}

/* The smallest multiple of 1000 (10%) at or above v, 1000 at least. */
static long pct_ceiling(long v)
{
  long top = ((v + 999) / 1000) * 1000;

  if (top < 1000) {
    top = 1000;
  }
  return top > 10000 ? 10000 : top;
}

/* A line chart of percentages over the years (see html.h). */
void html_line_chart(FILE *fp, const char *title, const char *const *x_labels,
                     size_t nx, const html_series *series, size_t ns,
                     numfmt_style st)
{
  const double x0 = 64, x1 = 600, y0 = 40, y1 = 330;
  const int legend_x = 624, row = 18;
  int height = 370;
  long top = 0, tick;
  size_t i, s, part = 0;
  char buf[NUMFMT_MAX];

  for (s = 0; s < ns; s++) {
    for (i = 0; i < nx; i++) {
      if (series[s].has[i] && series[s].values[i] > top) {
        top = series[s].values[i];
      }
    }
  }
  top = pct_ceiling(top);
  if ((int)(y0 + ns * row + 10) > height) {
    height = (int)(y0 + ns * row + 10);
  }
  svg_begin(fp, 900, height, title);
  /* grid and y axis */
  for (tick = 0; tick <= top; tick += 1000) {
    double y = y1 - (y1 - y0) * (double)tick / (double)top;

    fprintf(fp,
            "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" "
            "stroke=\"%s\" stroke-width=\"1\"/>\n",
            x0, y, x1, y, tick == 0 ? "#888888" : "#dddddd");
    numfmt_bp(buf, sizeof buf, tick, st == NUMFMT_VI ? NUMFMT_VI : NUMFMT_EN);
    /* whole percents on the axis: drop ".00" / ",00" */
    if (strlen(buf) > 4) {
      memmove(buf + strlen(buf) - 4, buf + strlen(buf) - 1, 2);
    }
    svg_label(fp, x0 - 6, y + 4, "end", buf);
  }
  /* x labels */
  for (i = 0; i < nx; i++) {
    double x = x0 + (x1 - x0) * ((double)i + 0.5) / (double)nx;

    svg_label(fp, x, y1 + 18, "middle", x_labels[i]);
  }
  /* lines, then points with tooltips */
  for (s = 0; s < ns; s++) {
    const html_series *se = &series[s];
    const char *colour = se->kind == HTML_LINE_TOTAL ? "#111111"
                         : se->kind == HTML_LINE_TARGET
                             ? "#d62728"
                             : palette[part++ % N_PALETTE];
    const char *width = se->kind == HTML_LINE_PART ? "1.5" : "3";
    int pen_down = 0;

    fprintf(fp, "<g fill=\"none\" stroke=\"%s\" stroke-width=\"%s\"%s>\n",
            colour, width,
            se->kind == HTML_LINE_TARGET ? " stroke-dasharray=\"7 5\"" : "");
    fputs("<path d=\"", fp);
    for (i = 0; i < nx; i++) {
      double x = x0 + (x1 - x0) * ((double)i + 0.5) / (double)nx;
      double y;

      if (!se->has[i]) {
        pen_down = 0;
        continue;
      }
      y = y1 - (y1 - y0) * (double)se->values[i] / (double)top;
      fprintf(fp, "%s%.1f %.1f ", pen_down ? "L" : "M", x, y);
      pen_down = 1;
    }
    fputs("\"/>\n</g>\n", fp);
    fprintf(fp, "<g fill=\"%s\">\n", colour);
    for (i = 0; i < nx; i++) {
      double x = x0 + (x1 - x0) * ((double)i + 0.5) / (double)nx;
      double y;

      if (!se->has[i]) {
        continue;
      }
      y = y1 - (y1 - y0) * (double)se->values[i] / (double)top;
      fprintf(fp, "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"%s\"><title>", x, y,
              se->kind == HTML_LINE_PART ? "2.5" : "3.5");
      html_text(fp, se->label);
      fputs(", ", fp);
      html_text(fp, x_labels[i]);
      fputs(": ", fp);
      html_text(fp, numfmt_bp(buf, sizeof buf, se->values[i],
                              st == NUMFMT_PLAIN ? NUMFMT_EN : st));
      fputs("</title></circle>\n", fp);
    }
    fputs("</g>\n", fp);
    /* legend entry */
    fprintf(fp,
            "<line x1=\"%d\" y1=\"%.1f\" x2=\"%d\" y2=\"%.1f\" stroke=\"%s\" "
            "stroke-width=\"%s\"%s/>\n",
            legend_x, y0 + (double)s * row - 4, legend_x + 24,
            y0 + (double)s * row - 4, colour, width,
            se->kind == HTML_LINE_TARGET ? " stroke-dasharray=\"7 5\"" : "");
    svg_label(fp, legend_x + 30, y0 + (double)s * row, "start", se->label);
  }
  svg_end(fp);
}

/* Horizontal bars on a 0..100% scale (see html.h). */
void html_hbar_chart(FILE *fp, const char *title, const char *const *labels,
                     const long *values, const char *const *value_text,
                     size_t n)
{
  const double lx = 300, bar_w = 360, top = 40, row = 24;
  int height = (int)(top + row * (double)n + 30);
  size_t i;
  int tick;

  svg_begin(fp, 860, height, title);
  for (tick = 0; tick <= 100; tick += 20) {
    double x = lx + bar_w * tick / 100.0;
    char lab[8];

    fprintf(fp,
            "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" "
            "stroke=\"#dddddd\" stroke-width=\"1\"/>\n",
            x, top - 6, x, top + row * (double)n);
    snprintf(lab, sizeof lab, "%d%%", tick);
    svg_label(fp, x, top + row * (double)n + 16, "middle", lab);
  }
  for (i = 0; i < n; i++) {
    double y = top + row * (double)i;
    long v = values[i] < 0 ? 0 : values[i] > 10000 ? 10000 : values[i];
    double w = bar_w * (double)v / 10000.0;

    svg_label(fp, lx - 8, y + 15, "end", labels[i]);
    fprintf(fp,
            "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" "
            "fill=\"%s\"><title>",
            lx, y + 3, w, row - 7, palette[0]);
    html_text(fp, labels[i]);
    fputs(": ", fp);
    html_text(fp, value_text[i]);
    fputs("</title></rect>\n", fp);
    svg_label(fp, lx + w + 6, y + 15, "start", value_text[i]);
  }
  svg_end(fp);
}

/* A "nice" axis top at or above v: 1, 2 or 5 times a power of ten. */
static long nice_ceiling(long v)
{
  long p = 1;

  if (v <= 0) {
    return 1;
  }
  while (p <= v / 10) {
    p *= 10;
  }
  /* p <= v < 10p */
  if (v <= p) {
    return p;
  }
  if (v <= 2 * p) {
    return 2 * p;
  }
  if (v <= 5 * p) {
    return 5 * p;
  }
  return 10 * p;
}

/* Grouped vertical bars of counts (see html.h). */
void html_bar_chart(FILE *fp, const char *title, const char *const *groups,
                    size_t ng, const char *const *series, size_t ns,
                    const long *values, numfmt_style st)
{
  const double x0 = 72, x1 = 840, y0 = 60, y1 = 320;
  numfmt_style shown = st == NUMFMT_PLAIN ? NUMFMT_EN : st;
  double group_w = ng ? (x1 - x0) / (double)ng : (x1 - x0);
  double bar_w;
  long top = 0, step;
  size_t g, s;
  char buf[NUMFMT_MAX];
  int k;

  if (group_w > 160) {
    group_w = 160;
  }
  bar_w = ns ? group_w * 0.8 / (double)ns : group_w;
  for (g = 0; g < ng * ns; g++) {
    if (values[g] > top) {
      top = values[g];
    }
  }
  top = nice_ceiling(top);
  step = top / 5 > 0 ? top / 5 : 1;
  svg_begin(fp, 860, 350, title);
  /* legend */
  for (s = 0; s < ns; s++) {
    double lx = 8 + 120 * (double)s;

    fprintf(fp,
            "<rect x=\"%.1f\" y=\"30\" width=\"12\" height=\"12\" "
            "fill=\"%s\"/>\n",
            lx, palette[s % N_PALETTE]);
    svg_label(fp, lx + 16, 40, "start", series[s]);
  }
  for (k = 0; (long)k * step <= top; k++) {
    long tick = (long)k * step;
    double y = y1 - (y1 - y0) * (double)tick / (double)top;

    fprintf(fp,
            "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" "
            "stroke=\"%s\" stroke-width=\"1\"/>\n",
            x0, y, x1, y, tick == 0 ? "#888888" : "#dddddd");
    svg_label(fp, x0 - 6, y + 4, "end",
              numfmt_count(buf, sizeof buf, tick, shown));
  }
  for (g = 0; g < ng; g++) {
    double gx = x0 + group_w * (double)g;

    svg_label(fp, gx + group_w / 2, y1 + 18, "middle", groups[g]);
    for (s = 0; s < ns; s++) {
      long v = values[g * ns + s] < 0 ? 0 : values[g * ns + s];
      double h = (y1 - y0) * (double)v / (double)top;
      double x = gx + group_w * 0.1 + bar_w * (double)s;

      fprintf(fp,
              "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" "
              "fill=\"%s\"><title>",
              x, y1 - h, bar_w > 1 ? bar_w - 1 : bar_w, h,
              palette[s % N_PALETTE]);
      html_text(fp, groups[g]);
      fputs(", ", fp);
      html_text(fp, series[s]);
      fputs(": ", fp);
      html_text(fp, numfmt_count(buf, sizeof buf, v, shown));
      fputs("</title></rect>\n", fp);
    }
  }
  svg_end(fp);
}
