/*
** check_sha256.c: the internal SHA-256 (src/sha256.c).  The FIPS 180-4 /
** NIST example vectors, messages around the padding boundaries, every
** byte value, and the same message fed in pieces of every size.
** No ledger needed.
**
** Digests not taken from the NIST examples were computed once with the
** shell (GNU coreutils sha256sum) and pasted here:
**   alpha(L):  yes abcdefghijklmnopqrstuvwxyz | tr -d '\n' | head -c L
**   bytes256:  perl -e 'print map chr, 0..255'
**   mod251:    perl -e 'print map { chr($_ % 251) } 0..999'
*/
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sha256.h"

/* Length of the mod251 message. */
#define MOD251_LEN 1000

/* Fill buf[0..n-1] with the alphabet repeated ("abc...zabc..."). */
static void fill_alpha(unsigned char *buf, size_t n)
{
  size_t i;

  for (i = 0; i < n; i++) {
    buf[i] = (unsigned char)('a' + i % 26);
  }
}

/* Fill buf[0..n-1] with byte i = i mod 251 (all byte values, unaligned). */
static void fill_mod251(unsigned char *buf, size_t n)
{
  size_t i;

  for (i = 0; i < n; i++) {
    buf[i] = (unsigned char)(i % 251);
  }
}

/*
** The hex digest of data[0..n-1] into hex, fed to update in pieces of
** chunk bytes (the last one shorter); chunk 0 means all in one call.
*/
static void digest_hex(const void *data, size_t n, size_t chunk, char hex[65])
{
  const unsigned char *p = data;
  povreg__sha256 c;
  unsigned char d[32];
  size_t off = 0;
  size_t take;

  povreg__sha256_init(&c);
  if (chunk == 0) {
    povreg__sha256_update(&c, data, n);
  } else {
    while (off < n) {
      take = n - off < chunk ? n - off : chunk;
      povreg__sha256_update(&c, p + off, take);
      off += take;
    }
  }
  povreg__sha256_final(&c, d);
  povreg__sha256_hex(d, hex);
}

/* Assert the one-shot hex digest of the NUL-terminated text s is want. */
static void text_is(const char *s, const char *want)
{
  char hex[65];

  digest_hex(s, strlen(s), 0, hex);
  ck_assert_msg(strcmp(hex, want) == 0, "sha256(\"%.40s\"...) = %s, want %s", s,
                hex, want);
}

/* ---- core ---- */

START_TEST(test_nist_vectors)
{
  text_is("",
          "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  text_is("abc",
          "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  /* 448 bits: the padding needs a second block. */
  text_is("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq",
          "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
  /* 896 bits. */
  text_is("abcdefghbcdefghicdefghijdefghijkefghijklfghijklmghijklmn"
          "hijklmnoijklmnopjklmnopqklmnopqrlmnopqrsmnopqrstnopqrstu",
          "cf5b16a778af8380036ce59e7b0492370b249b11e8f07a51afac45037afee9d1");
}
END_TEST

START_TEST(test_million_a)
{
  static const char want[] =
      "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0";
  const size_t n = 1000000;
  unsigned char *buf = malloc(n);
  char hex[65];

  ck_assert_ptr_nonnull(buf);
  memset(buf, 'a', n);
  digest_hex(buf, n, 0, hex);
  ck_assert_str_eq(hex, want);
  digest_hex(buf, n, 997, hex); /* pieces never block-aligned */
  ck_assert_str_eq(hex, want);
  free(buf);
}
END_TEST

START_TEST(test_padding_boundaries)
{
  /* 55: 0x80 and the length fit; 56..63: one extra block; 64, 65: a full
     block, then the padding alone / after one byte. */
  static const struct {
    size_t len;
    const char *want;
  } cases[] = {
      {55, "595615dbe4f0f407ae397d08b4c2cb870cb9b0e11937416f950c5160acf9c005"},
      {56, "784f623b787495078e93ff28a25b581df0584055a7e71d8cd90c454716b92f51"},
      {63, "5ca3e1ef5207490eac01a795e5cc94d59582a5118bf9534665c8668d87aa647c"},
      {64, "2fcd5a0d60e4c941381fcc4e00a4bf8be422c3ddfafb93c809e8d1e2bfffae8e"},
      {65, "1b3cd1877ab2f2f19f7be001722554f336cb799df0329de0bb4c118dc6abc06d"},
  };
  unsigned char buf[65];
  char hex[65];
  size_t i;

  fill_alpha(buf, sizeof buf);
  for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
    digest_hex(buf, cases[i].len, 0, hex);
    ck_assert_msg(strcmp(hex, cases[i].want) == 0,
                  "alpha(%zu) one-shot = %s, want %s", cases[i].len, hex,
                  cases[i].want);
    digest_hex(buf, cases[i].len, 1, hex);
    ck_assert_msg(strcmp(hex, cases[i].want) == 0,
                  "alpha(%zu) byte by byte = %s, want %s", cases[i].len, hex,
                  cases[i].want);
  }
}
END_TEST

START_TEST(test_all_byte_values)
{
  /* Bytes 0x80..0xff catch sign trouble in the big-endian loads. */
  unsigned char buf[256];
  char hex[65];
  size_t i;

  for (i = 0; i < sizeof buf; i++) {
    buf[i] = (unsigned char)i;
  }
  digest_hex(buf, sizeof buf, 0, hex);
  ck_assert_str_eq(
      hex, "40aff2e9d2d8922e47afd4648e6967497158785fbd1da870e7110266bf944880");
}
END_TEST

START_TEST(test_hex)
{
  unsigned char d[32];
  char out[66];
  size_t i;

  for (i = 0; i < sizeof d; i++) {
    d[i] = (unsigned char)(i * 8 + (i & 1 ? 0x80 : 0));
  }
  d[0] = 0x00;
  d[31] = 0xff;
  memset(out, 'X', sizeof out);
  povreg__sha256_hex(d, out);
  ck_assert_str_eq(
      out, "0088109820a830b840c850d860e870f880089018a028b038c048d058e068f0ff");
  ck_assert_int_eq(out[64], '\0');
  ck_assert_int_eq(out[65], 'X'); /* nothing past the NUL */
}
END_TEST

/* ---- streaming ---- */

START_TEST(test_chunks_1_to_130)
{
  static const char want[] =
      "4e4c294b331f7a2099a379bec34b9f9fc03dc46ab465d998f4d683da53487e6d";
  unsigned char buf[MOD251_LEN];
  char hex[65];
  size_t chunk;

  fill_mod251(buf, sizeof buf);
  digest_hex(buf, sizeof buf, 0, hex);
  ck_assert_str_eq(hex, want);
  for (chunk = 1; chunk <= 130; chunk++) {
    digest_hex(buf, sizeof buf, chunk, hex);
    ck_assert_msg(strcmp(hex, want) == 0, "chunk %zu: %s, want %s", chunk, hex,
                  want);
  }
}
END_TEST

START_TEST(test_every_split)
{
  /* Every length 0..130, cut in two at every point, matches one call. */
  unsigned char buf[130];
  char one[65], two[65];
  povreg__sha256 c;
  unsigned char d[32];
  size_t len, cut;

  fill_mod251(buf, sizeof buf);
  for (len = 0; len <= sizeof buf; len++) {
    digest_hex(buf, len, 0, one);
    for (cut = 0; cut <= len; cut++) {
      povreg__sha256_init(&c);
      povreg__sha256_update(&c, buf, cut);
      povreg__sha256_update(&c, buf + cut, len - cut);
      povreg__sha256_final(&c, d);
      povreg__sha256_hex(d, two);
      ck_assert_msg(strcmp(one, two) == 0, "len %zu cut at %zu: %s, want %s",
                    len, cut, two, one);
    }
  }
}
END_TEST

START_TEST(test_empty_updates)
{
  /* Zero-length updates (NULL data allowed) change nothing. */
  povreg__sha256 c;
  unsigned char d[32];
  char hex[65];

  povreg__sha256_init(&c);
  povreg__sha256_update(&c, NULL, 0);
  povreg__sha256_update(&c, "a", 1);
  povreg__sha256_update(&c, "", 0);
  povreg__sha256_update(&c, "bc", 2);
  povreg__sha256_update(&c, NULL, 0);
  povreg__sha256_final(&c, d);
  povreg__sha256_hex(d, hex);
  ck_assert_str_eq(
      hex, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");

  povreg__sha256_init(&c);
  povreg__sha256_update(&c, NULL, 0);
  povreg__sha256_final(&c, d);
  povreg__sha256_hex(d, hex);
  ck_assert_str_eq(
      hex, "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
}
END_TEST

START_TEST(test_contexts_independent)
{
  /* Two interleaved contexts, and one reused after final. */
  povreg__sha256 x, y;
  unsigned char d[32];
  char hex[65];

  povreg__sha256_init(&x);
  povreg__sha256_init(&y);
  povreg__sha256_update(&x, "ab", 2);
  povreg__sha256_update(&y, "abcdbcdecdefdefgefghfghighijhijk", 32);
  povreg__sha256_update(&x, "c", 1);
  povreg__sha256_update(&y, "ijkljklmklmnlmnomnopnopq", 24);
  povreg__sha256_final(&x, d);
  povreg__sha256_hex(d, hex);
  ck_assert_str_eq(
      hex, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  povreg__sha256_final(&y, d);
  povreg__sha256_hex(d, hex);
  ck_assert_str_eq(
      hex, "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");

  povreg__sha256_init(&x);
  povreg__sha256_final(&x, d);
  povreg__sha256_hex(d, hex);
  ck_assert_str_eq(
      hex, "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
}
END_TEST

/* The suite. */
static Suite *sha256_suite(void)
{
  Suite *s = suite_create("sha256");
  TCase *core = tcase_create("core");
  TCase *streaming = tcase_create("streaming");

  tcase_add_test(core, test_nist_vectors);
  tcase_add_test(core, test_million_a);
  tcase_add_test(core, test_padding_boundaries);
  tcase_add_test(core, test_all_byte_values);
  tcase_add_test(core, test_hex);
  tcase_add_test(streaming, test_chunks_1_to_130);
  tcase_add_test(streaming, test_every_split);
  tcase_add_test(streaming, test_empty_updates);
  tcase_add_test(streaming, test_contexts_independent);
  suite_add_tcase(s, core);
  suite_add_tcase(s, streaming);
  return s;
}

/* Run the suite; the exit status is the number of failed tests. */
int main(void)
{
  SRunner *sr = srunner_create(sha256_suite());
  int failed;

  srunner_run_all(sr, CK_NORMAL);
  failed = srunner_ntests_failed(sr);
  srunner_free(sr);
  return failed > 100 ? 100 : failed;
}
