/*
** sha256.h: SHA-256 (FIPS 180-4) for the library's own use, e.g. the
** digest of every imported CSV file.  Internal: never installed, names
** are povreg__*.  No allocation; the context lives wherever the caller
** puts it (usually on the stack).
**
**   povreg__sha256 c;
**   unsigned char d[32];
**   char hex[65];
**
**   povreg__sha256_init(&c);
**   povreg__sha256_update(&c, buf, n);   (any number of times)
**   povreg__sha256_final(&c, d);
**   povreg__sha256_hex(d, hex);          ("e3b0c442...b855" for "")
*/
#ifndef POVREG_SHA256_H
#define POVREG_SHA256_H

#include <stddef.h>
#include <stdint.h>

/* Digest size in bytes, and the length of its hex form without the NUL. */
#define POVREG__SHA256_SIZE 32
#define POVREG__SHA256_HEX_LEN 64

/* A running SHA-256 computation.  Fields are private to sha256.c. */
typedef struct povreg__sha256 {
  uint32_t h[8];         /* the chaining state H0..H7 */
  uint64_t len;          /* message bytes hashed so far (mod 2^64) */
  unsigned char buf[64]; /* a partial block waiting for more input */
  size_t n;              /* bytes in buf, 0..63 */
} povreg__sha256;

/* Start a new digest in *c (any previous content is overwritten). */
void povreg__sha256_init(povreg__sha256 *c);

/*
** Hash n more bytes of data.  data may be NULL when n is 0.  Feeding a
** message in pieces of any sizes gives the same digest as in one piece.
*/
void povreg__sha256_update(povreg__sha256 *c, const void *data, size_t n);

/*
** Finish: pad, write the 32-byte digest to out, and wipe *c.  Call
** povreg__sha256_init before using *c again.
*/
void povreg__sha256_final(povreg__sha256 *c, unsigned char out[32]);

/* Write digest as 64 lower-case hex digits plus a NUL into out. */
void povreg__sha256_hex(const unsigned char digest[32], char out[65]);

#endif /* POVREG_SHA256_H */
