/*
** check_search.c: finding members by folded name (any word order,
** prefixes, diacritics and case ignored), by citizen ID and by household
** code; limits, the callback's stop value, and queries full of FTS5
** syntax that must be taken as plain words.
*/
#include "check_util.h"

/* Households of the fixture. */
static char
    g_h1[33]; /* Nguyễn Văn Đức (1), Trần Thị Lan (2), Nguyễn Đức Anh (3) */
static char g_h2[33]; /* Đặng Văn Nguyên (1), in 23536, no village */
static char g_h3[33]; /* Ksor H'Blơng (1) */

/* What a search saw. */
typedef struct hits {
  int n;
  char keys[1024];         /* "CODE/NO" of every hit, comma-separated */
  povreg_search_hit first; /* the first hit (strings copied below) */
  char f_code[33], f_name[128], f_rel[16], f_status[16], f_commune[6];
  char f_village[64], f_matched[16];
  int f_village_null;
  int stop_at; /* return 42 at this hit (0: never) */
} hits;

/* povreg_search callback: record the hit. */
static int on_hit(const povreg_search_hit *h, void *payload)
{
  hits *r = payload;
  size_t len = strlen(r->keys);

  r->n++;
  if (len + 48 < sizeof r->keys) {
    snprintf(r->keys + len, sizeof r->keys - len, "%s%s/%d", len ? "," : "",
             h->household_code, h->member_no);
  }
  if (r->n == 1) {
    r->first = *h;
    snprintf(r->f_code, sizeof r->f_code, "%s", h->household_code);
    snprintf(r->f_name, sizeof r->f_name, "%s", h->full_name);
    snprintf(r->f_rel, sizeof r->f_rel, "%s", h->relation);
    snprintf(r->f_status, sizeof r->f_status, "%s", h->status);
    snprintf(r->f_commune, sizeof r->f_commune, "%s", h->commune_code);
    snprintf(r->f_matched, sizeof r->f_matched, "%s", h->matched);
    r->f_village_null = h->village == NULL;
    snprintf(r->f_village, sizeof r->f_village, "%s",
             h->village ? h->village : "");
  }
  return (r->stop_at != 0 && r->n == r->stop_at) ? 42 : 0;
}

/* Search expecting POVREG_OK; returns what was seen. */
static hits search(const char *q, povreg_search_kind kind, int limit)
{
  hits r;
  int rc;

  memset(&r, 0, sizeof r);
  rc = povreg_search(tu_db, q, kind, limit, on_hit, &r);
  ck_assert_msg(rc == POVREG_OK, "search '%s': %d (%s)", q, rc,
                povreg_errmsg(tu_db));
  return r;
}

/* Assert a name search gives exactly the hits `want` ("CODE/NO,..."). */
static void name_hits(const char *q, const char *want)
{
  hits r = search(q, POVREG_SEARCH_NAME, 0);

  ck_assert_msg(strcmp(r.keys, want) == 0, "search '%s' gave '%s', want '%s'",
                q, r.keys, want);
}

/* Build "CODE/NO" lists for the fixture's members. */
static void key(char *out, size_t n, const char *a, int ano, const char *b,
                int bno, const char *c, int cno)
{
  int len = snprintf(out, n, "%s/%d", a, ano);

  if (b != NULL) {
    len += snprintf(out + len, n - (size_t)len, ",%s/%d", b, bno);
  }
  if (c != NULL) {
    snprintf(out + len, n - (size_t)len, ",%s/%d", c, cno);
  }
}

/* Fixture: three households with namesakes. */
static void search_setup(void)
{
  povreg_household_spec h;
  povreg_member_spec m;
  char *code = NULL;

  tu_setup();
  TU_OK(povreg_village_add(NULL, tu_db, "23530", "Làng Trấp", "lang"));
  h = tu_hh("23530", "2020-01-15");
  h.village = "Làng Trấp";
  m = tu_person("Nguyễn Văn Đức", "M", "1970-05-12", NULL);
  m.citizen_id = "062070000001";
  TU_OK(povreg_household_add(&code, tu_db, &h, &m));
  snprintf(g_h1, sizeof g_h1, "%s", code);
  povreg_free(code);
  tu_add_member(g_h1, "Trần Thị Lan", "F", "1972", "vợ");
  tu_add_member(g_h1, "Nguyễn Đức Anh", "M", "2000-08-08", "con");
  tu_add_household(g_h2, NULL, "23536", "2020-01-15", "Đặng Văn Nguyên", "M",
                   "1965");
  h = tu_hh("23530", "2020-01-15");
  m = tu_person("Ksor H'Blơng", "M", "1980", NULL);
  m.ethnicity = "10";
  TU_OK(povreg_household_add(&code, tu_db, &h, &m));
  snprintf(g_h3, sizeof g_h3, "%s", code);
  povreg_free(code);
}

/* ---- core ---- */

START_TEST(test_name_exact_words)
{
  hits r = search("nguyen van duc", POVREG_SEARCH_NAME, 0);

  ck_assert_int_eq(r.n, 1);
  ck_assert_str_eq(r.f_code, g_h1);
  ck_assert_int_eq(r.first.member_no, 1);
  ck_assert_str_eq(r.f_name, "Nguyễn Văn Đức");
  ck_assert_str_eq(r.f_rel, "head");
  ck_assert_str_eq(r.f_status, "active");
  ck_assert_int_eq(r.first.birth_year, 1970);
  ck_assert_str_eq(r.f_commune, "23530");
  ck_assert_int_eq(r.f_village_null, 0);
  ck_assert_str_eq(r.f_village, "Làng Trấp");
  ck_assert_str_eq(r.f_matched, "name");
  r = search("Đặng Văn Nguyên", POVREG_SEARCH_NAME, 0);
  ck_assert_int_eq(r.n, 1);
  ck_assert_int_eq(r.f_village_null, 1);
  ck_assert_str_eq(r.f_commune, "23536");
  ck_assert_int_eq(r.first.birth_year, 1965);
}
END_TEST

START_TEST(test_name_folding_and_order)
{
  char w3[128], w2[128], w1[64];

  key(w3, sizeof w3, g_h1, 1, g_h1, 3, g_h2, 1);
  name_hits("NGUYEN", w3);
  name_hits("nguyen", w3);
  name_hits("Nguyễn", w3);
  name_hits("Nguye\xcc\x82\xcc\x83n", w3); /* decomposed */
  name_hits("nguy", w3);                   /* prefix */
  key(w2, sizeof w2, g_h1, 1, g_h1, 3, NULL, 0);
  name_hits("duc nguyen", w2); /* any order */
  name_hits("Đức", w2);
  name_hits("đuc", w2);
  name_hits("ĐỨC", w2);
  name_hits("  duc   NGUYEN ", w2);
  key(w2, sizeof w2, g_h1, 1, g_h2, 1, NULL, 0);
  name_hits("Nguyễn Văn", w2);
  key(w1, sizeof w1, g_h1, 2, NULL, 0, NULL, 0);
  name_hits("tran lan", w1);
  name_hits("lan tran thi", w1);
  key(w1, sizeof w1, g_h3, 1, NULL, 0, NULL, 0);
  name_hits("blong", w1);
  name_hits("h'blong", w1);
  name_hits("Ksor H'Blơng", w1);
  /* a word must start a word of the name, not sit inside one */
  name_hits("guyen", "");
  name_hits("zzz", "");
  name_hits("van duc nguyen anh", "");
  /* AUTO takes an unknown word as a name */
  {
    hits r = search("nguyen", POVREG_SEARCH_AUTO, 0);
    ck_assert_str_eq(r.keys, w3);
    ck_assert_str_eq(r.f_matched, "name");
  }
}
END_TEST

START_TEST(test_one_letter_word_is_exact)
{
  char hy[33], hyen[33], want[64];

  tu_add_household(hy, NULL, "23536", "2020-01-15", "Y Hlinh", "F", "1985");
  tu_add_household(hyen, NULL, "23536", "2020-01-15", "Nguyễn Thị Yến", "F",
                   "1990");
  key(want, sizeof want, hy, 1, NULL, 0, NULL, 0);
  name_hits("y hlinh", want);
  name_hits("Y", want); /* "Y" is a word of its own, not a prefix of Yến */
  key(want, sizeof want, hyen, 1, NULL, 0, NULL, 0);
  name_hits("ye", want);
  name_hits("yen", want);
}
END_TEST

START_TEST(test_citizen_id)
{
  hits r;

  r = search("062070000001", POVREG_SEARCH_CITIZEN_ID, 0);
  ck_assert_int_eq(r.n, 1);
  ck_assert_str_eq(r.f_code, g_h1);
  ck_assert_int_eq(r.first.member_no, 1);
  ck_assert_str_eq(r.f_matched, "citizen_id");
  r = search("062070000001", POVREG_SEARCH_AUTO, 0);
  ck_assert_int_eq(r.n, 1);
  ck_assert_str_eq(r.f_matched, "citizen_id");
  r = search("062070000999", POVREG_SEARCH_CITIZEN_ID, 0);
  ck_assert_int_eq(r.n, 0);
  /* 11 digits with AUTO: not an ID, searched as a name, nothing found */
  r = search("06207000000", POVREG_SEARCH_AUTO, 0);
  ck_assert_int_eq(r.n, 0);
  memset(&r, 0, sizeof r);
  TU_FAILS(POVREG_EINVALID, "12 digits",
           povreg_search(tu_db, "06207000000", POVREG_SEARCH_CITIZEN_ID, 0,
                         on_hit, &r));
  TU_FAILS(POVREG_EINVALID, "12 digits",
           povreg_search(tu_db, "0620700000011", POVREG_SEARCH_CITIZEN_ID, 0,
                         on_hit, &r));
  TU_FAILS(POVREG_EINVALID, "12 digits",
           povreg_search(tu_db, "06207000000a", POVREG_SEARCH_CITIZEN_ID, 0,
                         on_hit, &r));
  ck_assert_int_eq(r.n, 0);
}
END_TEST

START_TEST(test_code)
{
  hits r;

  r = search(g_h1, POVREG_SEARCH_CODE, 0);
  ck_assert_int_eq(r.n, 1);
  ck_assert_str_eq(r.f_code, g_h1);
  ck_assert_int_eq(r.first.member_no, 1); /* the head */
  ck_assert_str_eq(r.f_rel, "head");
  ck_assert_str_eq(r.f_matched, "code");
  r = search(g_h1, POVREG_SEARCH_AUTO, 0);
  ck_assert_int_eq(r.n, 1);
  ck_assert_str_eq(r.f_matched, "code");
  r = search("NO-SUCH", POVREG_SEARCH_CODE, 0);
  ck_assert_int_eq(r.n, 0);
  /* a new head is what the code finds */
  TU_OK(povreg_household_set_head(tu_db, g_h1, 2, "chồng"));
  r = search(g_h1, POVREG_SEARCH_CODE, 0);
  ck_assert_int_eq(r.n, 1);
  ck_assert_int_eq(r.first.member_no, 2);
  ck_assert_str_eq(r.f_name, "Trần Thị Lan");
  /* a dissolved household is still found by its code */
  TU_OK(
      povreg_household_dissolve(tu_db, g_h2, "2024-01-01", "moved_away", NULL));
  r = search(g_h2, POVREG_SEARCH_CODE, 0);
  ck_assert_int_eq(r.n, 1);
  ck_assert_int_eq(r.first.member_no, 1);
  ck_assert_str_eq(r.f_status, "moved_out");
}
END_TEST

START_TEST(test_limit_and_stop)
{
  char w[128];
  hits r;
  int i, rc;

  key(w, sizeof w, g_h1, 1, g_h1, 3, NULL, 0);
  r = search("nguyen", POVREG_SEARCH_NAME, 2);
  ck_assert_str_eq(r.keys, w);
  r = search("nguyen", POVREG_SEARCH_NAME, 1);
  ck_assert_int_eq(r.n, 1);
  r = search("nguyen", POVREG_SEARCH_NAME, -5);
  ck_assert_int_eq(r.n, 3);
  /* the callback's value stops the search and is returned */
  memset(&r, 0, sizeof r);
  r.stop_at = 2;
  rc = povreg_search(tu_db, "nguyen", POVREG_SEARCH_NAME, 0, on_hit, &r);
  ck_assert_int_eq(rc, 42);
  ck_assert_int_eq(r.n, 2);
  memset(&r, 0, sizeof r);
  r.stop_at = 1;
  ck_assert_int_eq(
      povreg_search(tu_db, g_h1, POVREG_SEARCH_CODE, 0, on_hit, &r), 42);
  /* 0 means 100 */
  for (i = 0; i < 102; i++) {
    tu_add_member(g_h3, "Nguyễn Thị Hoa", "F", "2001", "other");
  }
  r = search("nguyen", POVREG_SEARCH_NAME, 0);
  ck_assert_int_eq(r.n, 100);
  r = search("nguyen", POVREG_SEARCH_NAME, 1000);
  ck_assert_int_eq(r.n, 105);
}
END_TEST

START_TEST(test_fts_syntax_is_plain_text)
{
  static const struct {
    const char *q;
    int hits; /* -1: must be refused with EINVALID (no words) */
  } cases[] = {
      {"\"", -1},
      {"*", -1},
      {"\"\"", -1},
      {"()", -1},
      {"AND", 0},
      {"OR", 0},
      {"NOT", 0},
      {"NEAR(", 0},
      {"NEAR(nguyen duc)", 0},
      {"nguyen AND duc", 0},
      {"name_fold:nguyen", 0},
      {"{name_fold}: nguyen", 0},
      {"'; DROP TABLE member; --", 0},
      {"nguyen*", 3},
      {"^nguyen", 3},
      {"-nguyen", 3},
      {"(nguyen", 3},
      {"nguyen\"", 3},
      {"\"nguyen", 3},
      {"nguyen + duc", 2},
      {"duc OR", 0},
  };
  size_t i;

  for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
    hits r;
    char *before = tu_dump(tu_db), *after;
    int rc;
    memset(&r, 0, sizeof r);
    rc = povreg_search(tu_db, cases[i].q, POVREG_SEARCH_NAME, 0, on_hit, &r);
    if (cases[i].hits < 0) {
      ck_assert_msg(rc == POVREG_EINVALID, "'%s': %d (%s)", cases[i].q, rc,
                    povreg_errmsg(tu_db));
    } else {
      ck_assert_msg(rc == POVREG_OK, "'%s': %d (%s)", cases[i].q, rc,
                    povreg_errmsg(tu_db));
      ck_assert_msg(r.n == cases[i].hits, "'%s': %d hits, want %d", cases[i].q,
                    r.n, cases[i].hits);
    }
    after = tu_dump(tu_db);
    TU_ASSERT_SAME(before, after, cases[i].q);
    free(before);
    free(after);
  }
}
END_TEST

START_TEST(test_rename_reflected)
{
  povreg_member_spec c;
  char w[128], w1[64];

  memset(&c, 0, sizeof c);
  c.full_name = "Đặng Văn Bình";
  TU_OK(povreg_member_update(tu_db, g_h2, 1, &c));
  key(w, sizeof w, g_h1, 1, g_h1, 3, NULL, 0);
  name_hits("nguyen", w); /* the old name is gone */
  key(w1, sizeof w1, g_h2, 1, NULL, 0, NULL, 0);
  name_hits("binh", w1);
  name_hits("Đặng Văn", w1);
  name_hits("dang van nguyen", "");
}
END_TEST

START_TEST(test_moved_and_former_members)
{
  hits r;

  TU_OK(
      povreg_member_move(NULL, tu_db, g_h1, 3, g_h2, "cháu", "2024-01-01", 0));
  r = search("anh", POVREG_SEARCH_NAME, 0);
  ck_assert_int_eq(r.n, 1);
  ck_assert_str_eq(r.f_code, g_h2);
  ck_assert_int_eq(r.first.member_no, 2);
  ck_assert_str_eq(r.f_rel, "grandchild");
  ck_assert_str_eq(r.f_commune, "23536");
  TU_OK(povreg_member_leave(tu_db, g_h1, 2, "died", "2024-02-01", 0));
  r = search("tran thi lan", POVREG_SEARCH_NAME, 0);
  ck_assert_int_eq(r.n, 1);
  ck_assert_str_eq(r.f_status, "died");
  ck_assert_int_eq(r.first.birth_year, 1972);
}
END_TEST

/* ---- errors ---- */

START_TEST(test_query_errors)
{
  char *q200 = tu_repeat("a", 200), *q201 = tu_repeat("a", 201);
  hits r;

  memset(&r, 0, sizeof r);
  TU_FAILS(POVREG_EINVALID, "query",
           povreg_search(tu_db, NULL, POVREG_SEARCH_AUTO, 0, on_hit, &r));
  TU_FAILS(POVREG_EINVALID, "query",
           povreg_search(tu_db, "", POVREG_SEARCH_AUTO, 0, on_hit, &r));
  TU_FAILS(POVREG_EINVALID, "query",
           povreg_search(tu_db, "   ", POVREG_SEARCH_NAME, 0, on_hit, &r));
  TU_FAILS(
      POVREG_EINVALID, "query",
      povreg_search(tu_db, "Nguy\xe1n", POVREG_SEARCH_NAME, 0, on_hit, &r));
  TU_FAILS(POVREG_EINVALID, "query",
           povreg_search(tu_db, "a\nb", POVREG_SEARCH_NAME, 0, on_hit, &r));
  TU_FAILS(POVREG_EINVALID, "query",
           povreg_search(tu_db, q201, POVREG_SEARCH_NAME, 0, on_hit, &r));
  TU_FAILS(POVREG_EINVALID, NULL,
           povreg_search(tu_db, "nguyen", POVREG_SEARCH_NAME, 0, NULL, &r));
  TU_FAILS(
      POVREG_EINVALID, "kind",
      povreg_search(tu_db, "nguyen", (povreg_search_kind)99, 0, on_hit, &r));
  ck_assert_int_eq(r.n, 0);
  r = search(q200, POVREG_SEARCH_NAME, 0);
  ck_assert_int_eq(r.n, 0);
  free(q200);
  free(q201);
}
END_TEST

/* The suite. */
static Suite *search_suite(void)
{
  Suite *s = suite_create("search");
  TCase *core = tcase_create("core");
  TCase *errors = tcase_create("errors");
  TCase *limits = tcase_create("limits");

  tcase_add_checked_fixture(core, search_setup, tu_teardown);
  tcase_add_checked_fixture(errors, search_setup, tu_teardown);
  tcase_add_checked_fixture(limits, search_setup, tu_teardown);
  tcase_add_test(core, test_name_exact_words);
  tcase_add_test(core, test_name_folding_and_order);
  tcase_add_test(core, test_one_letter_word_is_exact);
  tcase_add_test(core, test_citizen_id);
  tcase_add_test(core, test_code);
  tcase_add_test(core, test_rename_reflected);
  tcase_add_test(core, test_moved_and_former_members);
  tcase_add_test(errors, test_query_errors);
  tcase_add_test(errors, test_fts_syntax_is_plain_text);
  tcase_add_test(limits, test_limit_and_stop);
  suite_add_tcase(s, core);
  suite_add_tcase(s, errors);
  suite_add_tcase(s, limits);
  return s;
}

/* Run the suite; the exit status is the number of failed tests. */
int main(void)
{
  return tu_run(search_suite());
}
