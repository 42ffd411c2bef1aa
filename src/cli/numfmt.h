/*
** numfmt.h: numbers for reports in three styles: plain for CSV and JSON
** ("4658", "40.30"), English for people ("4,658", "40.30%") and
** Vietnamese ("4.658", "40,30%": thousands '.', decimal ',').
**
** Rates are computed from exact counts and rounded half-up to hundredths
** of a percent (4658 of 11558 is 40.30%), so every format shows the same
** digits.  Nothing here allocates; every function writes into a buffer
** it is given (NUL-terminated, truncated to fit) and returns it.
*/
#ifndef POVREG_CLI_NUMFMT_H
#define POVREG_CLI_NUMFMT_H

#include <stddef.h>

/* How to write a number. */
typedef enum numfmt_style {
  NUMFMT_PLAIN = 0, /* CSV and JSON: 4658, 40.30, -1.25 */
  NUMFMT_EN = 1,    /* English text: 4,658, 40.30% */
  NUMFMT_VI = 2     /* Vietnamese text: 4.658, 40,30% */
} numfmt_style;

/* Big enough for any number this file writes. */
#define NUMFMT_MAX 48

/*
** num/den as hundredths of a percent, rounded half-up (away from zero
** for negative num): 4658/11558 gives 4030.  den must be > 0.
*/
long numfmt_hundredths(long num, long den);

/* A count: "4658" (plain), "4,658" (EN), "4.658" (VI). */
char *numfmt_count(char *buf, size_t n, long v, numfmt_style st);

/*
** A fixed-point value given in hundredths (4030) with two decimals:
** "40.30" (plain and EN), "40,30" (VI); thousands grouped in EN and VI.
** A sign is written for negative values, and for positive ones when
** plus is nonzero ("+1.25").
*/
char *numfmt_fixed2(char *buf, size_t n, long hundredths, int plus,
                    numfmt_style st);

/*
** A percentage from basis points (4030 = 40.30%): "40.30" (plain),
** "40.30%" (EN), "40,30%" (VI).
*/
char *numfmt_bp(char *buf, size_t n, long bp, numfmt_style st);

/*
** The rate num/den (half-up to hundredths of a percent) as numfmt_bp()
** writes it; "" when den is 0 (no households: no rate).
*/
char *numfmt_rate(char *buf, size_t n, long num, long den, numfmt_style st);

/*
** A real number with `decimals` digits after the point (0..9), rounded
** half away from zero; no grouping; the VI style writes ',' for the
** point; "+" before a positive value when plus is nonzero.
*/
char *numfmt_real(char *buf, size_t n, double v, int decimals, int plus,
                  numfmt_style st);

/*
** Parse a percentage or a number of percentage points written with at
** most two decimals ("10.34", "10,34", "6", "0.5") into hundredths
** (1034, 600, 50).  Returns 0, or -1 if s is not such a number or is
** above max_hundredths.
*/
int numfmt_parse_fixed2(const char *s, long max_hundredths, long *out);

#endif /* POVREG_CLI_NUMFMT_H */
