/*
** sha256.c: SHA-256 as specified in FIPS 180-4 (sections 4.1.2, 4.2.2,
** 5.1.1, 5.3.3 and 6.2), byte-oriented, portable C11.
**
** Portability notes.  Bytes are widened to uint32_t *before* they are
** shifted (an unsigned char promotes to int, and 0x80 << 24 overflows
** it).  Additions and left shifts of words start from 0u + x: should int
** be wider than 32 bits, uint32_t would promote to signed int, which can
** overflow; 0u + x is unsigned whatever the widths, and every helper
** returns uint32_t, reducing the result mod 2^32.  Rotation counts are
** 1..31 only: a shift by 32 would be undefined.  No ~ on promoted values
** (Ch is written without it).  Bytes are read and written one at a time,
** so neither alignment nor host byte order matters.
*/
#include <string.h>

#include "sha256.h"

/*
** K: the first 32 bits of the fractional parts of the cube roots of the
** first 64 primes (FIPS 180-4 section 4.2.2).
*/
static const uint32_t K[64] = {
    0x428a2f98u, 0x71374491u, 0xb5c0fbcfu, 0xe9b5dba5u, 0x3956c25bu,
    0x59f111f1u, 0x923f82a4u, 0xab1c5ed5u, 0xd807aa98u, 0x12835b01u,
    0x243185beu, 0x550c7dc3u, 0x72be5d74u, 0x80deb1feu, 0x9bdc06a7u,
    0xc19bf174u, 0xe49b69c1u, 0xefbe4786u, 0x0fc19dc6u, 0x240ca1ccu,
    0x2de92c6fu, 0x4a7484aau, 0x5cb0a9dcu, 0x76f988dau, 0x983e5152u,
    0xa831c66du, 0xb00327c8u, 0xbf597fc7u, 0xc6e00bf3u, 0xd5a79147u,
    0x06ca6351u, 0x14292967u, 0x27b70a85u, 0x2e1b2138u, 0x4d2c6dfcu,
    0x53380d13u, 0x650a7354u, 0x766a0abbu, 0x81c2c92eu, 0x92722c85u,
    0xa2bfe8a1u, 0xa81a664bu, 0xc24b8b70u, 0xc76c51a3u, 0xd192e819u,
    0xd6990624u, 0xf40e3585u, 0x106aa070u, 0x19a4c116u, 0x1e376c08u,
    0x2748774cu, 0x34b0bcb5u, 0x391c0cb3u, 0x4ed8aa4au, 0x5b9cca4fu,
    0x682e6ff3u, 0x748f82eeu, 0x78a5636fu, 0x84c87814u, 0x8cc70208u,
    0x90befffau, 0xa4506cebu, 0xbef9a3f7u, 0xc67178f2u};

/*
** H0: the first 32 bits of the fractional parts of the square roots of the
** first 8 primes (FIPS 180-4 section 5.3.3).
*/
static const uint32_t H0[8] = {0x6a09e667u, 0xbb67ae85u, 0x3c6ef372u,
                               0xa54ff53au, 0x510e527fu, 0x9b05688cu,
                               0x1f83d9abu, 0x5be0cd19u};

/* x rotated right by k bits, 1 <= k <= 31 (both shifts stay below 32). */
static uint32_t rotr(uint32_t x, unsigned k)
{
  return (uint32_t)(((0u + x) >> k) | ((0u + x) << (32u - k)));
}

/* Ch(x, y, z): y where x is 1, z where x is 0; z ^ (x & (y ^ z)). */
static uint32_t ch(uint32_t x, uint32_t y, uint32_t z)
{
  return (uint32_t)(z ^ (x & (y ^ z)));
}

/* Maj(x, y, z): the majority bit of x, y and z. */
static uint32_t maj(uint32_t x, uint32_t y, uint32_t z)
{
  return (uint32_t)((x & y) | (z & (x | y)));
}

/* The big sigma 0 function (4.4) of the compression rounds. */
static uint32_t bsig0(uint32_t x)
{
  return (uint32_t)(rotr(x, 2) ^ rotr(x, 13) ^ rotr(x, 22));
}

/* The big sigma 1 function (4.5) of the compression rounds. */
static uint32_t bsig1(uint32_t x)
{
  return (uint32_t)(rotr(x, 6) ^ rotr(x, 11) ^ rotr(x, 25));
}

/* The small sigma 0 function (4.6) of the message schedule. */
static uint32_t ssig0(uint32_t x)
{
  return (uint32_t)(rotr(x, 7) ^ rotr(x, 18) ^ (x >> 3));
}

/* The small sigma 1 function (4.7) of the message schedule. */
static uint32_t ssig1(uint32_t x)
{
  return (uint32_t)(rotr(x, 17) ^ rotr(x, 19) ^ (x >> 10));
}

/* a + b mod 2^32, whatever the width of int. */
static uint32_t add(uint32_t a, uint32_t b)
{
  return (uint32_t)(0u + a + b);
}

/* The big-endian 32-bit word at p[0..3]. */
static uint32_t load_be32(const unsigned char *p)
{
  return ((uint32_t)p[0] << 24) | ((uint32_t)p[1] << 16) |
         ((uint32_t)p[2] << 8) | (uint32_t)p[3];
}

/* Store x big-endian at p[0..3]. */
static void store_be32(unsigned char *p, uint32_t x)
{
  p[0] = (unsigned char)((x >> 24) & 0xffu);
  p[1] = (unsigned char)((x >> 16) & 0xffu);
  p[2] = (unsigned char)((x >> 8) & 0xffu);
  p[3] = (unsigned char)(x & 0xffu);
}

/* Process one 64-byte block into the state h (FIPS 180-4 section 6.2.2). */
static void compress(uint32_t h[8], const unsigned char block[64])
{
  uint32_t w[64];
  uint32_t a, b, c, d, e, f, g, hh, t1, t2;
  unsigned i;

  for (i = 0; i < 16; i++) {
    w[i] = load_be32(block + 4 * i);
  }
  for (i = 16; i < 64; i++) {
    w[i] =
        add(add(ssig1(w[i - 2]), w[i - 7]), add(ssig0(w[i - 15]), w[i - 16]));
  }
  a = h[0];
  b = h[1];
  c = h[2];
  d = h[3];
  e = h[4];
  f = h[5];
  g = h[6];
  hh = h[7];
  for (i = 0; i < 64; i++) {
    t1 = add(add(add(hh, bsig1(e)), add(ch(e, f, g), K[i])), w[i]);
    t2 = add(bsig0(a), maj(a, b, c));
    hh = g;
    g = f;
    f = e;
    e = add(d, t1);
    d = c;
    c = b;
    b = a;
    a = add(t1, t2);
  }
  h[0] = add(h[0], a);
  h[1] = add(h[1], b);
  h[2] = add(h[2], c);
  h[3] = add(h[3], d);
  h[4] = add(h[4], e);
  h[5] = add(h[5], f);
  h[6] = add(h[6], g);
  h[7] = add(h[7], hh);
}

/* Start a new digest in *c: initial hash value, nothing buffered. */
void povreg__sha256_init(povreg__sha256 *c)
{
  memcpy(c->h, H0, sizeof c->h);
  c->len = 0;
  memset(c->buf, 0, sizeof c->buf);
  c->n = 0;
}

/*
** Hash n more bytes: top up the buffered partial block first, then whole
** blocks straight from data, then keep the tail in c->buf.  data may be
** NULL when n is 0 (it is then not touched: memcpy(NULL, 0) is undefined).
*/
void povreg__sha256_update(povreg__sha256 *c, const void *data, size_t n)
{
  const unsigned char *p = data;
  size_t take;

  if (n == 0) {
    return;
  }
  c->len += (uint64_t)n;
  if (c->n > 0) {
    take = sizeof c->buf - c->n;
    if (take > n) {
      take = n;
    }
    memcpy(c->buf + c->n, p, take);
    c->n += take;
    p += take;
    n -= take;
    if (c->n < sizeof c->buf) {
      return;
    }
    compress(c->h, c->buf);
    c->n = 0;
  }
  while (n >= sizeof c->buf) {
    compress(c->h, p);
    p += sizeof c->buf;
    n -= sizeof c->buf;
  }
  if (n > 0) {
    memcpy(c->buf, p, n);
    c->n = n;
  }
}

/*
** Finish (5.1.1): append the bit 1, zeros up to 56 mod 64, and the message
** length in bits as 64-bit big-endian (one extra block when fewer than 9
** bytes are left in the current one); write the state big-endian to out,
** then wipe *c.  Lengths of 2^61 bytes or more wrap, as 2^64 bits is the
** standard's limit anyway.
*/
void povreg__sha256_final(povreg__sha256 *c, unsigned char out[32])
{
  uint64_t bits = c->len << 3;
  unsigned i;

  c->buf[c->n++] = 0x80u;
  if (c->n > 56) {
    memset(c->buf + c->n, 0, sizeof c->buf - c->n);
    compress(c->h, c->buf);
    c->n = 0;
  }
  memset(c->buf + c->n, 0, 56 - c->n);
  store_be32(c->buf + 56, (uint32_t)((bits >> 32) & 0xffffffffu));
  store_be32(c->buf + 60, (uint32_t)(bits & 0xffffffffu));
  compress(c->h, c->buf);
  for (i = 0; i < 8; i++) {
    store_be32(out + 4 * i, c->h[i]);
  }
  memset(c, 0, sizeof *c);
}

/* Write digest as 64 lower-case hex digits and a NUL into out[0..64]. */
void povreg__sha256_hex(const unsigned char digest[32], char out[65])
{
  static const char digits[] = "0123456789abcdef";
  unsigned i;

  for (i = 0; i < 32; i++) {
    out[2 * i] = digits[(digest[i] >> 4) & 0x0fu];
    out[2 * i + 1] = digits[digest[i] & 0x0fu];
  }
  out[64] = '\0';
}
