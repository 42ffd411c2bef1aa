/*
** check_validate.c: the text and date checks every module relies on
** (povreg__date_valid, povreg__utf8_valid, povreg__utf8_len,
** povreg__check_text, povreg__relation_key) and name folding
** (povreg_fold).  No ledger needed.
*/
#include "check_util.h"

/* Assert povreg_fold(in) == want (want NULL: the call returns NULL). */
static void fold_is(const char *in, const char *want)
{
  char *got = povreg_fold(in);

  if (want == NULL) {
    ck_assert_msg(got == NULL, "fold(%s) gave '%s', expected NULL",
                  in ? in : "NULL", got ? got : "");
    return;
  }
  ck_assert_msg(got != NULL, "fold(%s) gave NULL, expected '%s'", in, want);
  ck_assert_msg(strcmp(got, want) == 0, "fold(%s) = '%s', expected '%s'", in,
                got, want);
  povreg_free(got);
}

/* ---- dates ---- */

START_TEST(test_date_leap_years)
{
  ck_assert_int_eq(povreg__date_valid("2000-02-29"), 1); /* by 400 */
  ck_assert_int_eq(povreg__date_valid("1900-02-29"), 0); /* by 100 */
  ck_assert_int_eq(povreg__date_valid("2024-02-29"), 1); /* by 4 */
  ck_assert_int_eq(povreg__date_valid("2023-02-29"), 0);
  ck_assert_int_eq(povreg__date_valid("2023-02-28"), 1);
  ck_assert_int_eq(povreg__date_valid("2024-02-30"), 0);
  ck_assert_int_eq(povreg__date_valid("2100-02-29"), 0);
  ck_assert_int_eq(povreg__date_valid("2400-02-29"), 1);
}
END_TEST

START_TEST(test_date_month_day_ranges)
{
  ck_assert_int_eq(povreg__date_valid("2023-13-01"), 0);
  ck_assert_int_eq(povreg__date_valid("2023-00-10"), 0);
  ck_assert_int_eq(povreg__date_valid("2023-01-00"), 0);
  ck_assert_int_eq(povreg__date_valid("2023-04-31"), 0);
  ck_assert_int_eq(povreg__date_valid("2023-04-30"), 1);
  ck_assert_int_eq(povreg__date_valid("2023-06-31"), 0);
  ck_assert_int_eq(povreg__date_valid("2023-09-31"), 0);
  ck_assert_int_eq(povreg__date_valid("2023-11-31"), 0);
  ck_assert_int_eq(povreg__date_valid("2023-01-31"), 1);
  ck_assert_int_eq(povreg__date_valid("2023-07-31"), 1);
  ck_assert_int_eq(povreg__date_valid("2023-08-31"), 1);
  ck_assert_int_eq(povreg__date_valid("2023-12-31"), 1);
  ck_assert_int_eq(povreg__date_valid("2023-12-32"), 0);
  ck_assert_int_eq(povreg__date_valid("0001-01-01"), 1);
  ck_assert_int_eq(povreg__date_valid("0000-01-01"), 0);
  ck_assert_int_eq(povreg__date_valid("9999-12-31"), 1);
}
END_TEST

START_TEST(test_date_shape)
{
  ck_assert_int_eq(povreg__date_valid(NULL), 0);
  ck_assert_int_eq(povreg__date_valid(""), 0);
  ck_assert_int_eq(povreg__date_valid("2023"), 0);
  ck_assert_int_eq(povreg__date_valid("20230101"), 0);
  ck_assert_int_eq(povreg__date_valid("2023-1-01"), 0);
  ck_assert_int_eq(povreg__date_valid("2023-01-1"), 0);
  ck_assert_int_eq(povreg__date_valid("23-01-01"), 0);
  ck_assert_int_eq(povreg__date_valid("2023-01-011"), 0);
  ck_assert_int_eq(povreg__date_valid("2023/01/01"), 0);
  ck_assert_int_eq(povreg__date_valid("2023-01-0a"), 0);
  ck_assert_int_eq(povreg__date_valid("abcd-01-01"), 0);
  ck_assert_int_eq(povreg__date_valid("2023-0x-01"), 0);
  ck_assert_int_eq(povreg__date_valid(" 2023-01-01"), 0);
  ck_assert_int_eq(povreg__date_valid("2023-01-01 "), 0);
  ck_assert_int_eq(povreg__date_valid("2023-01-01\n"), 0);
  ck_assert_int_eq(povreg__date_valid("+023-01-01"), 0);
  ck_assert_int_eq(povreg__date_valid("2023--1-01"), 0);
  ck_assert_int_eq(povreg__date_valid("2023-01-01T00:00"), 0);
}
END_TEST

/* ---- UTF-8 ---- */

START_TEST(test_utf8_valid_text)
{
  ck_assert_int_eq(povreg__utf8_valid(""), 1);
  ck_assert_int_eq(povreg__utf8_valid("plain ASCII 123"), 1);
  ck_assert_int_eq(povreg__utf8_valid("Nguyễn Văn Đức"), 1);
  ck_assert_int_eq(povreg__utf8_valid("Làng Kà Bầy, xã Rờ Kơi"), 1);
  ck_assert_int_eq(povreg__utf8_valid("a\tb"), 1);         /* tab is allowed */
  ck_assert_int_eq(povreg__utf8_valid("\xed\x9f\xbf"), 1); /* U+D7FF */
  ck_assert_int_eq(povreg__utf8_valid("\xee\x80\x80"), 1); /* U+E000 */
  ck_assert_int_eq(povreg__utf8_valid("\xf0\x9f\x98\x80"), 1); /* emoji */
  ck_assert_int_eq(povreg__utf8_valid("\xf4\x8f\xbf\xbf"), 1); /* U+10FFFF */
  ck_assert_int_eq(povreg__utf8_valid("\xc2\xa0"), 1);         /* NBSP */
  ck_assert_int_eq(povreg__utf8_valid("\xe0\xa0\x80"), 1);     /* U+0800 */
  ck_assert_int_eq(povreg__utf8_valid("\xf0\x90\x80\x80"), 1); /* U+10000 */
}
END_TEST

START_TEST(test_utf8_malformed)
{
  /* overlong forms */
  ck_assert_int_eq(povreg__utf8_valid("\xc0\xaf"), 0);
  ck_assert_int_eq(povreg__utf8_valid("\xc1\xbf"), 0);
  ck_assert_int_eq(povreg__utf8_valid("\xe0\x80\xaf"), 0);
  ck_assert_int_eq(povreg__utf8_valid("\xe0\x9f\xbf"), 0);
  ck_assert_int_eq(povreg__utf8_valid("\xf0\x80\x80\xaf"), 0);
  ck_assert_int_eq(povreg__utf8_valid("\xf0\x8f\xbf\xbf"), 0);
  /* surrogates */
  ck_assert_int_eq(povreg__utf8_valid("\xed\xa0\x80"), 0);
  ck_assert_int_eq(povreg__utf8_valid("\xed\xbf\xbf"), 0);
  /* above U+10FFFF */
  ck_assert_int_eq(povreg__utf8_valid("\xf4\x90\x80\x80"), 0);
  ck_assert_int_eq(povreg__utf8_valid("\xf5\x80\x80\x80"), 0);
  ck_assert_int_eq(povreg__utf8_valid("\xf7\xbf\xbf\xbf"), 0);
  /* truncated sequences, at the end and in the middle */
  ck_assert_int_eq(povreg__utf8_valid("\xc3"), 0);
  ck_assert_int_eq(povreg__utf8_valid("abc\xe1\xbb"), 0);
  ck_assert_int_eq(povreg__utf8_valid("\xf0\x9f\x98"), 0);
  ck_assert_int_eq(povreg__utf8_valid("\xc3(x"), 0);
  ck_assert_int_eq(povreg__utf8_valid("\xe1\xbb(x"), 0);
  /* stray bytes */
  ck_assert_int_eq(povreg__utf8_valid("\x80"), 0);
  ck_assert_int_eq(povreg__utf8_valid("a\xbf"), 0);
  ck_assert_int_eq(povreg__utf8_valid("\xfe"), 0);
  ck_assert_int_eq(povreg__utf8_valid("\xff"), 0);
  ck_assert_int_eq(povreg__utf8_valid("Nguy\xe1n"), 0);
  /* Latin-1 instead of UTF-8 */
  ck_assert_int_eq(povreg__utf8_valid("Jos\xe9"), 0);
}
END_TEST

START_TEST(test_utf8_control_chars)
{
  ck_assert_int_eq(povreg__utf8_valid("a\nb"), 0);
  ck_assert_int_eq(povreg__utf8_valid("a\rb"), 0);
  ck_assert_int_eq(povreg__utf8_valid("\x01"), 0);
  ck_assert_int_eq(povreg__utf8_valid("\x1b[31m"), 0);
  ck_assert_int_eq(povreg__utf8_valid("\x1f"), 0);
  ck_assert_int_eq(povreg__utf8_valid("a\x7f"), 0);
}
END_TEST

/*
** C1 controls (U+0080..U+009F) are control characters too (category Cc):
** U+0085 NEL is a line break in some terminals and parsers.
*/
START_TEST(test_utf8_c1_control_chars)
{
  ck_assert_int_eq(povreg__utf8_valid("a\xc2\x85"
                                      "b"),
                   0);                                 /* U+0085 NEL */
  ck_assert_int_eq(povreg__utf8_valid("\xc2\x80"), 0); /* U+0080 */
  ck_assert_int_eq(povreg__utf8_valid("\xc2\x9b"), 0); /* U+009B CSI */
  ck_assert_int_eq(povreg__utf8_valid("\xc2\x9f"), 0); /* U+009F */
}
END_TEST

START_TEST(test_utf8_len)
{
  ck_assert_uint_eq(povreg__utf8_len(""), 0);
  ck_assert_uint_eq(povreg__utf8_len("abc"), 3);
  ck_assert_uint_eq(povreg__utf8_len("Đức"), 3);
  ck_assert_uint_eq(povreg__utf8_len("Nguyễn Văn Đức"), 14);
  ck_assert_uint_eq(povreg__utf8_len("\xf0\x9f\x98\x80x"), 2);
}
END_TEST

START_TEST(test_check_text)
{
  char *s100 = tu_repeat("Đ", 100), *s101 = tu_repeat("Đ", 101);

  ck_assert_int_eq(povreg__check_text(NULL, "f", "Đức", 3, 0), POVREG_OK);
  ck_assert_int_eq(povreg__check_text(NULL, "f", "Đức!", 3, 0),
                   POVREG_EINVALID);
  ck_assert_int_eq(povreg__check_text(NULL, "f", s100, 100, 0), POVREG_OK);
  ck_assert_int_eq(povreg__check_text(NULL, "f", s101, 100, 0),
                   POVREG_EINVALID);
  ck_assert_int_eq(povreg__check_text(NULL, "f", "", 10, 0), POVREG_EINVALID);
  ck_assert_int_eq(povreg__check_text(NULL, "f", "", 10, 1), POVREG_OK);
  ck_assert_int_eq(povreg__check_text(NULL, "f", NULL, 10, 1), POVREG_EINVALID);
  ck_assert_int_eq(povreg__check_text(NULL, "f", "\xc3", 10, 1),
                   POVREG_EINVALID);
  free(s100);
  free(s101);
}
END_TEST

START_TEST(test_relation_key)
{
  ck_assert_str_eq(povreg__relation_key("head"), "head");
  ck_assert_str_eq(povreg__relation_key("chủ hộ"), "head");
  ck_assert_str_eq(povreg__relation_key("Chủ hộ"), "head");
  ck_assert_str_eq(povreg__relation_key("vợ"), "spouse");
  ck_assert_str_eq(povreg__relation_key("CHỒNG"), "spouse");
  ck_assert_str_eq(povreg__relation_key("con"), "child");
  ck_assert_str_eq(povreg__relation_key("cháu"), "grandchild");
  ck_assert_str_eq(povreg__relation_key("mẹ"), "parent");
  ck_assert_str_eq(povreg__relation_key("em"), "sibling");
  ck_assert_str_eq(povreg__relation_key("khác"), "other");
  ck_assert_ptr_null(povreg__relation_key("bạn"));
  ck_assert_ptr_null(povreg__relation_key(""));
  ck_assert_ptr_null(povreg__relation_key(NULL));
  ck_assert_ptr_null(povreg__relation_key("\xc3"));
}
END_TEST

/* ---- folding ---- */

START_TEST(test_fold_names)
{
  fold_is("Nguyễn Văn  Đức", "nguyen van duc");
  fold_is("ĐẶNG THỊ HỒNG", "dang thi hong");
  fold_is("Trần Thị Lan", "tran thi lan");
  fold_is("Ksor H'Blơng", "ksor h'blong");
  fold_is("Ơ Đu", "o du");
  fold_is("Xơ-đăng", "xo-dang");
  fold_is("Rơ-măm", "ro-mam");
  fold_is("Phạm Ngọc Ánh", "pham ngoc anh");
  fold_is("Lý Thường Kiệt", "ly thuong kiet");
  fold_is("already folded", "already folded");
  fold_is("ABC xyz 123", "abc xyz 123");
}
END_TEST

START_TEST(test_fold_all_vietnamese_letters)
{
  fold_is("àáảãạ ăằắẳẵặ âầấẩẫậ", "aaaaa aaaaaa aaaaaa");
  fold_is("ÀÁẢÃẠ ĂẰẮẲẴẶ ÂẦẤẨẪẬ", "aaaaa aaaaaa aaaaaa");
  fold_is("èéẻẽẹ êềếểễệ", "eeeee eeeeee");
  fold_is("ÈÉẺẼẸ ÊỀẾỂỄỆ", "eeeee eeeeee");
  fold_is("ìíỉĩị ÌÍỈĨỊ", "iiiii iiiii");
  fold_is("òóỏõọ ôồốổỗộ ơờớởỡợ", "ooooo oooooo oooooo");
  fold_is("ÒÓỎÕỌ ÔỒỐỔỖỘ ƠỜỚỞỠỢ", "ooooo oooooo oooooo");
  fold_is("ùúủũụ ưừứửữự", "uuuuu uuuuuu");
  fold_is("ÙÚỦŨỤ ƯỪỨỬỮỰ", "uuuuu uuuuuu");
  fold_is("ỳýỷỹỵ ỲÝỶỸỴ", "yyyyy yyyyy");
  fold_is("đĐ", "dd");
}
END_TEST

START_TEST(test_fold_decomposed)
{
  /* NFD: e + U+0302 circumflex + U+0303 tilde */
  fold_is("Nguye\xcc\x82\xcc\x83n", "nguyen");
  /* NFD: "Văn" with U+0306 breve, "Đức" with u + U+031B horn + U+0301 */
  fold_is("Va\xcc\x86n \xc4\x90u\xcc\x9b\xcc\x81"
          "c",
          "van duc");
}
END_TEST

START_TEST(test_fold_spaces)
{
  fold_is("  Trần   Thị\tLan  ", "tran thi lan");
  fold_is("\xc2\xa0"
          "Lan\xc2\xa0\xc2\xa0"
          "Anh\xc2\xa0",
          "lan anh");
  fold_is("", "");
  fold_is("   ", "");
}
END_TEST

START_TEST(test_fold_invalid)
{
  fold_is(NULL, NULL);
  fold_is("\xc3", NULL);
  fold_is("Nguy\xe1n", NULL);
  fold_is("\xed\xa0\x80", NULL);     /* surrogate */
  fold_is("\xc0\xaf", NULL);         /* overlong */
  fold_is("\xf4\x90\x80\x80", NULL); /* above U+10FFFF */
}
END_TEST

START_TEST(test_fold_non_latin_kept)
{
  fold_is("Иван", "Иван");
  fold_is("北京 Hà Nội", "北京 ha noi");
  fold_is("ß × ÷", "ß × ÷");
  fold_is("\xf0\x9f\x98\x80 Đức", "\xf0\x9f\x98\x80 duc");
}
END_TEST

/* The suite. */
static Suite *validate_suite(void)
{
  Suite *s = suite_create("validate");
  TCase *core = tcase_create("core");
  TCase *errors = tcase_create("errors");
  TCase *limits = tcase_create("limits");

  tcase_add_test(core, test_date_leap_years);
  tcase_add_test(core, test_utf8_valid_text);
  tcase_add_test(core, test_utf8_len);
  tcase_add_test(core, test_relation_key);
  tcase_add_test(core, test_fold_names);
  tcase_add_test(core, test_fold_all_vietnamese_letters);
  tcase_add_test(core, test_fold_decomposed);
  tcase_add_test(core, test_fold_spaces);
  tcase_add_test(core, test_fold_non_latin_kept);
  tcase_add_test(errors, test_date_shape);
  tcase_add_test(errors, test_utf8_malformed);
  tcase_add_test(errors, test_utf8_control_chars);
  tcase_add_test(errors, test_utf8_c1_control_chars);
  tcase_add_test(errors, test_fold_invalid);
  tcase_add_test(limits, test_date_month_day_ranges);
  tcase_add_test(limits, test_check_text);
  suite_add_tcase(s, core);
  suite_add_tcase(s, errors);
  suite_add_tcase(s, limits);
  return s;
}

/* Run the suite; the exit status is the number of failed tests. */
int main(void)
{
  return tu_run(validate_suite());
}
