/*
** fold.c: folding Vietnamese text for matching.  Lower case, diacritics
** removed (precomposed letters and combining marks alike), đ/Đ to d,
** white space runs to one space, trimmed.  "Nguyễn Văn  Đức" folds to
** "nguyen van duc".  Letters outside Latin are kept as they are.
*/
#include <stdlib.h>
#include <string.h>

#include "povreg_int.h"

/* Base letters of U+00C0..U+00FF; '\0' keeps the character. */
static const char latin1[64] = "aaaaaaaceeeeiiiidnooooo\0ouuuuy\0\0"
                               "aaaaaaaceeeeiiiidnooooo\0ouuuuy\0y";

/* Base letters of U+0100..U+017F (Latin Extended-A). */
static const char latin_ext_a[128] = "aaaaaa"
                                     "cccccccc"
                                     "dddd"
                                     "eeeeeeeeee"
                                     "gggggggg"
                                     "hhhh"
                                     "iiiiiiiiii"
                                     "ii"
                                     "jj"
                                     "kkk"
                                     "llllllllll"
                                     "nnnnnnnnn"
                                     "oooooooo"
                                     "rrrrrr"
                                     "ssssssss"
                                     "tttttt"
                                     "uuuuuuuuuuuu"
                                     "ww"
                                     "yyy"
                                     "zzzzzz"
                                     "s";

/* Base letters of U+1EA0..U+1EF9 (Vietnamese letters with two marks). */
static const char viet[90] = "aaaaaaaaaaaaaaaaaaaaaaaa"
                             "eeeeeeeeeeeeeeee"
                             "iiii"
                             "oooooooooooooooooooooooo"
                             "uuuuuuuuuuuuuu"
                             "yyyyyyyy";

/*
** Decode one code point of valid UTF-8 at s into *cp; returns its length
** in bytes, or 0 if malformed.
*/
static size_t decode(const unsigned char *s, unsigned *cp)
{
  if (s[0] < 0x80) {
    *cp = s[0];
    return 1;
  }
  if ((s[0] & 0xE0) == 0xC0 && (s[1] & 0xC0) == 0x80) {
    *cp = ((unsigned)(s[0] & 0x1F) << 6) | (s[1] & 0x3F);
    return *cp >= 0x80 ? 2 : 0;
  }
  if ((s[0] & 0xF0) == 0xE0 && (s[1] & 0xC0) == 0x80 && (s[2] & 0xC0) == 0x80) {
    *cp = ((unsigned)(s[0] & 0x0F) << 12) | ((unsigned)(s[1] & 0x3F) << 6) |
          (s[2] & 0x3F);
    return (*cp >= 0x800 && (*cp < 0xD800 || *cp > 0xDFFF)) ? 3 : 0;
  }
  if ((s[0] & 0xF8) == 0xF0 && (s[1] & 0xC0) == 0x80 && (s[2] & 0xC0) == 0x80 &&
      (s[3] & 0xC0) == 0x80) {
    *cp = ((unsigned)(s[0] & 0x07) << 18) | ((unsigned)(s[1] & 0x3F) << 12) |
          ((unsigned)(s[2] & 0x3F) << 6) | (s[3] & 0x3F);
    return (*cp >= 0x10000 && *cp <= 0x10FFFF) ? 4 : 0;
  }
  return 0;
}

/*
** The ASCII base letter of code point cp, 0 to drop it (a combining
** mark), or -1 to keep it unchanged.
*/
static int base_letter(unsigned cp)
{
  char c = 0;

  if (cp < 0x80) {
    return (cp >= 'A' && cp <= 'Z') ? (int)(cp - 'A' + 'a') : (int)cp;
  }
  if (cp >= 0x300 && cp <= 0x36F) {
    return 0;
  }
  if (cp >= 0xC0 && cp <= 0xFF) {
    c = latin1[cp - 0xC0];
  } else if (cp >= 0x100 && cp <= 0x17F) {
    c = latin_ext_a[cp - 0x100];
  } else if (cp == 0x1A0 || cp == 0x1A1) {
    c = 'o';
  } else if (cp == 0x1AF || cp == 0x1B0) {
    c = 'u';
  } else if (cp >= 0x1EA0 && cp <= 0x1EF9) {
    c = viet[cp - 0x1EA0];
  }
  return c != 0 ? (int)(unsigned char)c : -1;
}

/* Fold UTF-8 text (see the file comment).  Allocates; NULL if invalid. */
char *povreg_fold(const char *utf8)
{
  const unsigned char *p = (const unsigned char *)utf8;
  char *out, *q;
  int pending_space = 0;

  if (utf8 == NULL) {
    return NULL;
  }
  out = malloc(strlen(utf8) + 1); /* folding never lengthens text */
  if (out == NULL) {
    return NULL;
  }
  q = out;
  while (*p != '\0') {
    unsigned cp;
    size_t n = decode(p, &cp);
    int b;
    if (n == 0) {
      free(out);
      return NULL;
    }
    if (cp == ' ' || cp == '\t' || cp == '\n' || cp == '\r' || cp == 0xA0) {
      pending_space = (q != out);
      p += n;
      continue;
    }
    b = base_letter(cp);
    if (b == 0) {
      p += n;
      continue;
    }
    if (pending_space) {
      *q++ = ' ';
      pending_space = 0;
    }
    if (b > 0) {
      *q++ = (char)b;
    } else {
      memcpy(q, p, n);
      q += n;
    }
    p += n;
  }
  *q = '\0';
  return out;
}
