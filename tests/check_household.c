/*
** check_household.c: households: adding with a head, reading, listing,
** editing, changing the head, splitting and dissolving, and for every bad
** input the right code, a message naming the field, and a ledger left
** exactly as it was (audit log included).
*/
#include "check_util.h"

/* Fixture: a ledger with villages in 23530 and 23536. */
static void hh_setup(void)
{
  tu_setup();
  TU_OK(povreg_village_add(NULL, tu_db, "23530", "Làng Trấp", "lang"));
  TU_OK(povreg_village_add(NULL, tu_db, "23530", "Thôn 1", "thon"));
  TU_OK(povreg_village_add(NULL, tu_db, "23536", "Thôn 2", "thon"));
}

/* Read a household that must exist.  Caller frees. */
static povreg_household *get_hh(const char *code)
{
  povreg_household *h = NULL;

  TU_OK(povreg_household_get(&h, tu_db, code));
  ck_assert_ptr_nonnull(h);
  return h;
}

/* Relation of member no of household code (copied into out). */
static void relation_of(const char *code, int no, char *out, size_t n)
{
  povreg_member *m = NULL;

  TU_OK(povreg_member_get(&m, tu_db, code, no));
  snprintf(out, n, "%s", m->relation);
  povreg_member_free(m);
}

/* The family used by several tests: head, spouse and two children. */
static void add_family(char code[33])
{
  tu_add_household(code, NULL, "23530", "2020-01-15", "Nguyễn Văn Đức", "M",
                   "1970-05-12");
  ck_assert_int_eq(tu_add_member(code, "Trần Thị Lan", "F", "1972", "vợ"), 2);
  ck_assert_int_eq(
      tu_add_member(code, "Nguyễn Văn Hùng", "M", "1995-03-02", "con"), 3);
  ck_assert_int_eq(
      tu_add_member(code, "Nguyễn Thị Mai", "F", "1998-11-20", "con"), 4);
}

/* What a household listing saw. */
typedef struct listed {
  int n;
  char codes[512];
  int stop_after;
  int dissolved_seen;
} listed;

/* povreg_household_list callback. */
static int on_household(const povreg_household *h, void *payload)
{
  listed *l = payload;
  size_t len = strlen(l->codes);

  l->n++;
  snprintf(l->codes + len, sizeof l->codes - len, "%s%s", len ? "," : "",
           h->code);
  ck_assert_ptr_null(h->members);
  ck_assert_uint_eq(h->n_members, 0);
  if (h->dissolved_on != NULL) {
    l->dissolved_seen++;
    ck_assert_ptr_null(h->head_name);
    ck_assert_int_eq(h->n_active, 0);
  } else {
    ck_assert_ptr_nonnull(h->head_name);
    ck_assert_int_ge(h->n_active, 1);
  }
  return (l->stop_after != 0 && l->n >= l->stop_after) ? 5 : 0;
}

/* List with a filter into a fresh `listed`. */
static listed list_hh(const char *commune, const char *village,
                      int include_dissolved)
{
  povreg_household_filter f;
  listed l;

  memset(&f, 0, sizeof f);
  memset(&l, 0, sizeof l);
  f.commune_code = commune;
  f.village = village;
  f.include_dissolved = include_dissolved;
  TU_OK(povreg_household_list(tu_db, &f, on_household, &l));
  return l;
}

/* ---- core ---- */

START_TEST(test_add_generated_codes)
{
  char c[33];

  tu_add_household(c, NULL, "23530", "2020-01-15", "Nguyễn Văn Đức", "M",
                   "1970");
  ck_assert_str_eq(c, "23530-000001");
  tu_add_household(c, NULL, "23530", "2020-01-15", "Trần Văn Nam", "M", "1971");
  ck_assert_str_eq(c, "23530-000002");
  tu_add_household(c, NULL, "23536", "2020-01-15", "Y Hlinh", "F", "1980");
  ck_assert_str_eq(c, "23536-000003");
  tu_add_household(c, "HH-01", "23536", "2020-01-15", "A Dun", "M", "1982");
  ck_assert_str_eq(c, "HH-01");
  tu_add_household(c, NULL, "23530", "2020-01-15", "Lê Thị Hoa", "F", "1975");
  ck_assert_str_eq(c, "23530-000005");
  ck_assert_int_eq(tu_int(tu_db, "SELECT count(*) FROM audit WHERE action = "
                                 "'household.add'"),
                   5);
  ck_assert_int_eq(tu_int(tu_db, "SELECT count(*) FROM audit WHERE action = "
                                 "'member.add'"),
                   5);
}
END_TEST

START_TEST(test_add_and_get)
{
  povreg_household_spec h = tu_hh("23530", "2020-01-15");
  povreg_member_spec m = tu_person("Nguyễn Văn Đức", "Nam", "1970-05-12", "vợ");
  povreg_household *got;
  char *code = NULL;

  h.village = "Làng Trấp";
  h.address = "Làng Trấp, nhà số 5";
  h.phone = "0912 345 678";
  h.notes = "Hộ nghèo năm 2021";
  m.citizen_id = "062070000123";
  m.bhxh_no = "6200000001";
  m.ethnicity = "Kinh";
  TU_OK(povreg_household_add(&code, tu_db, &h, &m));
  ck_assert_str_eq(code, "23530-000001");
  got = get_hh(code);
  ck_assert_int_gt(got->id, 0);
  ck_assert_str_eq(got->code, code);
  ck_assert_str_eq(got->commune_code, "23530");
  ck_assert_str_eq(got->commune_name, "Xã Rờ Kơi");
  ck_assert_str_eq(got->village, "Làng Trấp");
  ck_assert_str_eq(got->address, "Làng Trấp, nhà số 5");
  ck_assert_str_eq(got->phone, "0912 345 678");
  ck_assert_str_eq(got->notes, "Hộ nghèo năm 2021");
  ck_assert_str_eq(got->created_on, "2020-01-15");
  ck_assert_ptr_null(got->split_from);
  ck_assert_ptr_null(got->dissolved_on);
  ck_assert_ptr_null(got->dissolved_reason);
  ck_assert_ptr_null(got->merged_into);
  ck_assert_str_eq(got->head_name, "Nguyễn Văn Đức");
  ck_assert_int_eq(got->n_active, 1);
  ck_assert_uint_eq(got->n_members, 1);
  ck_assert_int_gt(got->members[0].id, 0);
  ck_assert_int_eq(got->members[0].member_no, 1);
  ck_assert_str_eq(got->members[0].household_code, code);
  ck_assert_str_eq(got->members[0].full_name, "Nguyễn Văn Đức");
  ck_assert_str_eq(got->members[0].sex, "M");
  ck_assert_str_eq(got->members[0].birth_date, "1970-05-12");
  ck_assert_str_eq(got->members[0].ethnicity_code, "01");
  ck_assert_str_eq(got->members[0].ethnicity_name, "Kinh");
  ck_assert_str_eq(got->members[0].relation, "head"); /* "vợ" ignored */
  ck_assert_str_eq(got->members[0].citizen_id, "062070000123");
  ck_assert_str_eq(got->members[0].bhxh_no, "6200000001");
  ck_assert_str_eq(got->members[0].status, "active");
  ck_assert_ptr_null(got->members[0].status_on);
  ck_assert_ptr_null(got->members[0].joined_on);
  povreg_household_free(got);

  ck_assert_int_eq(tu_add_member(code, "Trần Thị Lan", "Nữ", "1972", "vợ"), 2);
  got = get_hh(code);
  ck_assert_uint_eq(got->n_members, 2);
  ck_assert_int_eq(got->n_active, 2);
  ck_assert_int_eq(got->members[1].member_no, 2);
  ck_assert_str_eq(got->members[1].relation, "spouse");
  ck_assert_str_eq(got->members[1].sex, "F");
  ck_assert_str_eq(got->members[1].birth_date, "1972");
  ck_assert_ptr_null(got->members[1].citizen_id);
  povreg_household_free(got);
  povreg_free(code);

  /* created_on NULL: today */
  h = tu_hh("23530", NULL);
  m = tu_person("Lê Văn Tám", "M", "1980", NULL);
  TU_OK(povreg_household_add(&code, tu_db, &h, &m));
  got = get_hh(code);
  ck_assert_str_eq(got->created_on, TU_TODAY);
  ck_assert_ptr_null(got->village);
  ck_assert_ptr_null(got->address);
  ck_assert_ptr_null(got->phone);
  povreg_household_free(got);
  povreg_free(code);
}
END_TEST

START_TEST(test_unit_boundaries)
{
  char c[33];
  povreg_household *h;

  /* 23545 is valid up to 2025-06-30 */
  tu_add_household(c, NULL, "23545", "2025-06-30", "A Blơng", "M", "1980");
  h = get_hh(c);
  ck_assert_str_eq(h->commune_code, "23545");
  ck_assert_str_eq(h->commune_name, "Xã Sa Bình");
  povreg_household_free(h);
  tu_add_household(c, NULL, "23527", "2025-06-30", "Phạm Văn Sơn", "M", "1965");
  tu_add_household(c, NULL, "23527", "2025-07-01", "Phạm Văn Hải", "M", "1966");
  h = get_hh(c);
  ck_assert_str_eq(h->commune_name, "Xã Sa Thầy");
  povreg_household_free(h);
}
END_TEST

START_TEST(test_list_filters)
{
  char a[33], b[33], c[33], d[33];
  povreg_household_spec h = tu_hh("23530", "2020-01-15");
  povreg_member_spec m = tu_person("Nguyễn Văn Đức", "M", "1970", NULL);
  char *code = NULL;
  listed l;

  h.village = "Làng Trấp";
  TU_OK(povreg_household_add(&code, tu_db, &h, &m));
  snprintf(a, sizeof a, "%s", code);
  povreg_free(code);
  h.village = "Thôn 1";
  m.full_name = "Trần Văn Nam";
  TU_OK(povreg_household_add(&code, tu_db, &h, &m));
  snprintf(b, sizeof b, "%s", code);
  povreg_free(code);
  h = tu_hh("23536", "2020-01-15");
  h.village = "Thôn 2";
  m.full_name = "A Dun";
  TU_OK(povreg_household_add(&code, tu_db, &h, &m));
  snprintf(c, sizeof c, "%s", code);
  povreg_free(code);
  tu_add_household(d, NULL, "23530", "2020-01-15", "Lê Văn Tám", "M", "1960");
  TU_OK(povreg_household_dissolve(tu_db, d, "2024-01-01", "moved_away", NULL));

  l = list_hh(NULL, NULL, 0);
  ck_assert_int_eq(l.n, 3);
  ck_assert_str_eq(l.codes, "23530-000001,23530-000002,23536-000003");
  ck_assert_int_eq(l.dissolved_seen, 0);
  l = list_hh(NULL, NULL, 1);
  ck_assert_int_eq(l.n, 4);
  ck_assert_str_eq(l.codes, "23530-000001,23530-000002,23530-000004,"
                            "23536-000003");
  ck_assert_int_eq(l.dissolved_seen, 1);
  l = list_hh("23530", NULL, 0);
  ck_assert_str_eq(l.codes, "23530-000001,23530-000002");
  l = list_hh("23530", NULL, 1);
  ck_assert_int_eq(l.n, 3);
  l = list_hh("23530", "Làng Trấp", 0);
  ck_assert_str_eq(l.codes, a);
  l = list_hh("23530", "Thôn 1", 0);
  ck_assert_str_eq(l.codes, b);
  l = list_hh("23530", "Thôn 2", 0);
  ck_assert_int_eq(l.n, 0);
  l = list_hh("23536", NULL, 0);
  ck_assert_str_eq(l.codes, c);
  l = list_hh("23548", NULL, 1);
  ck_assert_int_eq(l.n, 0);
  /* NULL filter: every open household */
  memset(&l, 0, sizeof l);
  TU_OK(povreg_household_list(tu_db, NULL, on_household, &l));
  ck_assert_int_eq(l.n, 3);
  /* the callback's value stops the listing */
  memset(&l, 0, sizeof l);
  l.stop_after = 2;
  ck_assert_int_eq(povreg_household_list(tu_db, NULL, on_household, &l), 5);
  ck_assert_int_eq(l.n, 2);
}
END_TEST

START_TEST(test_list_errors)
{
  povreg_household_filter f;
  listed l;

  memset(&f, 0, sizeof f);
  memset(&l, 0, sizeof l);
  f.village = "Thôn 1";
  TU_FAILS(POVREG_EINVALID, "village",
           povreg_household_list(tu_db, &f, on_household, &l));
  TU_FAILS(POVREG_EINVALID, NULL, povreg_household_list(tu_db, NULL, NULL, &l));
  ck_assert_int_eq(l.n, 0);
}
END_TEST

START_TEST(test_edit)
{
  povreg_household_spec h = tu_hh("23530", "2020-01-15");
  povreg_member_spec m = tu_person("Nguyễn Văn Đức", "M", "1970", NULL);
  povreg_household_spec ch;
  povreg_household *got;
  char *code = NULL;

  h.address = "Địa chỉ cũ";
  h.phone = "0123 456";
  TU_OK(povreg_household_add(&code, tu_db, &h, &m));

  memset(&ch, 0, sizeof ch);
  ch.address = "Thôn 1, nhà 5";
  TU_OK(povreg_household_update(tu_db, code, &ch));
  got = get_hh(code);
  ck_assert_str_eq(got->address, "Thôn 1, nhà 5");
  ck_assert_str_eq(got->phone, "0123 456"); /* NULL keeps */
  ck_assert_ptr_null(got->village);
  povreg_household_free(got);

  memset(&ch, 0, sizeof ch);
  ch.phone = ""; /* "" clears */
  ch.village = "Thôn 1";
  ch.notes = "ghi chú";
  TU_OK(povreg_household_update(tu_db, code, &ch));
  got = get_hh(code);
  ck_assert_ptr_null(got->phone);
  ck_assert_str_eq(got->address, "Thôn 1, nhà 5");
  ck_assert_str_eq(got->village, "Thôn 1");
  ck_assert_str_eq(got->notes, "ghi chú");
  ck_assert_str_eq(got->created_on, "2020-01-15");
  povreg_household_free(got);

  memset(&ch, 0, sizeof ch);
  ch.village = "";
  ch.address = "";
  TU_OK(povreg_household_update(tu_db, code, &ch));
  got = get_hh(code);
  ck_assert_ptr_null(got->village);
  ck_assert_ptr_null(got->address);
  ck_assert_str_eq(got->notes, "ghi chú");
  povreg_household_free(got);

  ck_assert_int_eq(tu_int(tu_db, "SELECT count(*) FROM audit WHERE action = "
                                 "'household.edit'"),
                   3);
  ck_assert_int_eq(tu_int(tu_db, "SELECT count(*) FROM audit WHERE action = "
                                 "'household.edit' AND old_value LIKE "
                                 "'%Địa chỉ cũ%' AND new_value LIKE "
                                 "'%Thôn 1, nhà 5%'"),
                   1);
  povreg_free(code);
}
END_TEST

START_TEST(test_edit_errors)
{
  char a[33], d[33];
  char *a501 = tu_repeat("ộ", 501);
  povreg_household_spec ch;

  tu_add_household(a, NULL, "23530", "2020-01-15", "Nguyễn Văn Đức", "M",
                   "1970");
  tu_add_household(d, NULL, "23530", "2020-01-15", "Lê Văn Tám", "M", "1960");
  TU_OK(povreg_household_dissolve(tu_db, d, "2024-01-01", "moved_away", NULL));
  memset(&ch, 0, sizeof ch);
  ch.code = "NEW";
  TU_FAILS(POVREG_EINVALID, "code", povreg_household_update(tu_db, a, &ch));
  memset(&ch, 0, sizeof ch);
  ch.commune_code = "23536";
  TU_FAILS(POVREG_EINVALID, "commune_code",
           povreg_household_update(tu_db, a, &ch));
  memset(&ch, 0, sizeof ch);
  ch.created_on = "2021-01-01";
  TU_FAILS(POVREG_EINVALID, "created_on",
           povreg_household_update(tu_db, a, &ch));
  memset(&ch, 0, sizeof ch);
  ch.village = "Thôn 2"; /* a village of 23536 */
  TU_FAILS(POVREG_ENOTFOUND, "village", povreg_household_update(tu_db, a, &ch));
  memset(&ch, 0, sizeof ch);
  ch.phone = "abc";
  TU_FAILS(POVREG_EINVALID, "phone", povreg_household_update(tu_db, a, &ch));
  memset(&ch, 0, sizeof ch);
  ch.address = a501;
  TU_FAILS(POVREG_EINVALID, "address", povreg_household_update(tu_db, a, &ch));
  memset(&ch, 0, sizeof ch);
  ch.notes = "bad \xc3(";
  TU_FAILS(POVREG_EINVALID, "notes", povreg_household_update(tu_db, a, &ch));
  memset(&ch, 0, sizeof ch);
  ch.address = "x";
  TU_FAILS(POVREG_ENOTFOUND, "household",
           povreg_household_update(tu_db, "NO-SUCH", &ch));
  TU_FAILS(POVREG_EINVALID, "dissolved",
           povreg_household_update(tu_db, d, &ch));
  TU_FAILS(POVREG_EINVALID, NULL, povreg_household_update(tu_db, a, NULL));
  free(a501);
}
END_TEST

START_TEST(test_get_errors)
{
  povreg_household *h = NULL;

  TU_FAILS(POVREG_ENOTFOUND, "household",
           povreg_household_get(&h, tu_db, "NO-SUCH"));
  ck_assert_ptr_null(h);
  TU_FAILS(POVREG_EINVALID, NULL, povreg_household_get(NULL, tu_db, "X"));
  TU_FAILS(POVREG_EINVALID, NULL, povreg_household_get(&h, tu_db, NULL));
}
END_TEST

START_TEST(test_set_head)
{
  char a[33], rel[16];
  povreg_household *h;

  add_family(a);
  TU_OK(povreg_household_set_head(tu_db, a, 2, "chồng"));
  relation_of(a, 1, rel, sizeof rel);
  ck_assert_str_eq(rel, "spouse");
  relation_of(a, 2, rel, sizeof rel);
  ck_assert_str_eq(rel, "head");
  h = get_hh(a);
  ck_assert_str_eq(h->head_name, "Trần Thị Lan");
  ck_assert_int_eq(h->n_active, 4);
  povreg_household_free(h);
  /* NULL: the old head becomes "other" */
  TU_OK(povreg_household_set_head(tu_db, a, 3, NULL));
  relation_of(a, 2, rel, sizeof rel);
  ck_assert_str_eq(rel, "other");
  relation_of(a, 3, rel, sizeof rel);
  ck_assert_str_eq(rel, "head");
  ck_assert_int_eq(tu_int(tu_db, "SELECT count(*) FROM audit WHERE action = "
                                 "'member.relation'"),
                   4);
}
END_TEST

START_TEST(test_set_head_errors)
{
  char a[33], d[33];

  add_family(a);
  tu_add_household(d, NULL, "23530", "2020-01-15", "Lê Văn Tám", "M", "1960");
  TU_OK(povreg_household_dissolve(tu_db, d, "2024-01-01", "moved_away", NULL));
  TU_FAILS(POVREG_EINVALID, "already",
           povreg_household_set_head(tu_db, a, 1, NULL));
  TU_FAILS(POVREG_ENOTFOUND, "member",
           povreg_household_set_head(tu_db, a, 9, NULL));
  TU_FAILS(POVREG_EINVALID, "old_head_relation",
           povreg_household_set_head(tu_db, a, 2, "chủ hộ"));
  TU_FAILS(POVREG_EINVALID, "old_head_relation",
           povreg_household_set_head(tu_db, a, 2, "boss"));
  TU_FAILS(POVREG_ENOTFOUND, "household",
           povreg_household_set_head(tu_db, "NO-SUCH", 2, NULL));
  TU_FAILS(POVREG_EINVALID, "dissolved",
           povreg_household_set_head(tu_db, d, 1, NULL));
  TU_OK(povreg_member_leave(tu_db, a, 4, "died", "2024-01-01", 0));
  TU_FAILS(POVREG_EINVALID, "no longer active",
           povreg_household_set_head(tu_db, a, 4, NULL));
}
END_TEST

START_TEST(test_split_child)
{
  povreg_household_spec hs = tu_hh("23530", "2020-01-15");
  povreg_member_spec m = tu_person("Nguyễn Văn Đức", "M", "1970", NULL);
  povreg_split_spec s;
  povreg_household *src, *dst;
  char *a = NULL, *n1 = NULL, *n2 = NULL;
  int movers[1] = {3};
  int64_t hung_id;

  hs.village = "Làng Trấp";
  hs.address = "Làng Trấp, nhà 5";
  TU_OK(povreg_household_add(&a, tu_db, &hs, &m));
  tu_add_member(a, "Trần Thị Lan", "F", "1972", "vợ");
  tu_add_member(a, "Nguyễn Văn Hùng", "M", "1995-03-02", "con");
  tu_add_member(a, "Nguyễn Thị Mai", "F", "1998-11-20", "con");
  src = get_hh(a);
  hung_id = src->members[2].id;
  povreg_household_free(src);

  memset(&s, 0, sizeof s);
  s.member_nos = movers;
  s.n_members = 1;
  s.new_head_no = 3;
  s.date = "2024-03-01";
  TU_OK(povreg_household_split(&n1, tu_db, a, &s));
  ck_assert_str_eq(n1, "23530-000002");
  dst = get_hh(n1);
  ck_assert_str_eq(dst->split_from, a);
  ck_assert_str_eq(dst->created_on, "2024-03-01");
  ck_assert_str_eq(dst->commune_code, "23530");
  ck_assert_str_eq(dst->village, "Làng Trấp");
  ck_assert_str_eq(dst->address, "Làng Trấp, nhà 5");
  ck_assert_str_eq(dst->head_name, "Nguyễn Văn Hùng");
  ck_assert_int_eq(dst->n_active, 1);
  ck_assert_uint_eq(dst->n_members, 1);
  ck_assert_int_eq(dst->members[0].member_no, 1);
  ck_assert_str_eq(dst->members[0].relation, "head");
  ck_assert_str_eq(dst->members[0].joined_on, "2024-03-01");
  ck_assert_int_eq(dst->members[0].id, hung_id); /* same person */
  povreg_household_free(dst);
  src = get_hh(a);
  ck_assert_int_eq(src->n_active, 3);
  ck_assert_uint_eq(src->n_members, 3);
  ck_assert_str_eq(src->head_name, "Nguyễn Văn Đức");
  ck_assert_ptr_null(src->dissolved_on);
  povreg_household_free(src);

  /* a given code, village and address */
  movers[0] = 4;
  s.new_head_no = 4;
  s.new_code = "HH-SPLIT";
  s.village = "Thôn 1";
  s.address = "Thôn 1, nhà 9";
  TU_OK(povreg_household_split(&n2, tu_db, a, &s));
  ck_assert_str_eq(n2, "HH-SPLIT");
  dst = get_hh(n2);
  ck_assert_str_eq(dst->village, "Thôn 1");
  ck_assert_str_eq(dst->address, "Thôn 1, nhà 9");
  ck_assert_str_eq(dst->head_name, "Nguyễn Thị Mai");
  povreg_household_free(dst);
  src = get_hh(a);
  ck_assert_int_eq(src->n_active, 2);
  povreg_household_free(src);
  povreg_free(a);
  povreg_free(n1);
  povreg_free(n2);
}
END_TEST

START_TEST(test_split_head_leaves)
{
  char a[33], rel[16];
  int movers[2] = {1, 2};
  povreg_split_spec s;
  povreg_household *src, *dst;
  char *n = NULL;

  add_family(a);
  memset(&s, 0, sizeof s);
  s.member_nos = movers;
  s.n_members = 2;
  s.new_head_no = 2;        /* Lan heads the new household */
  s.source_new_head_no = 3; /* Hùng heads the old one */
  s.date = "2024-03-01";
  TU_OK(povreg_household_split(&n, tu_db, a, &s));
  dst = get_hh(n);
  ck_assert_str_eq(dst->head_name, "Trần Thị Lan");
  ck_assert_uint_eq(dst->n_members, 2);
  ck_assert_str_eq(dst->members[0].full_name, "Nguyễn Văn Đức");
  ck_assert_str_eq(dst->members[0].relation, "other"); /* no longer head */
  ck_assert_str_eq(dst->members[1].full_name, "Trần Thị Lan");
  ck_assert_str_eq(dst->members[1].relation, "head");
  povreg_household_free(dst);
  src = get_hh(a);
  ck_assert_str_eq(src->head_name, "Nguyễn Văn Hùng");
  ck_assert_int_eq(src->n_active, 2);
  povreg_household_free(src);
  relation_of(a, 3, rel, sizeof rel);
  ck_assert_str_eq(rel, "head");
  relation_of(a, 4, rel, sizeof rel);
  ck_assert_str_eq(rel, "child");
  povreg_free(n);
}
END_TEST

START_TEST(test_split_errors)
{
  char a[33], d[33];
  char *a501 = tu_repeat("ộ", 501), *n = NULL;
  int nos[4];
  povreg_split_spec s;

  add_family(a);
  tu_add_household(d, NULL, "23530", "2020-01-15", "Lê Văn Tám", "M", "1960");
  tu_add_member(d, "Lê Văn Chín", "M", "1990", "con");
  memset(&s, 0, sizeof s);
  s.member_nos = nos;
  s.date = "2024-03-01";

#define SPLIT_FAILS(code, needle)                                              \
  do {                                                                         \
    TU_FAILS(code, needle, povreg_household_split(&n, tu_db, a, &s));          \
    ck_assert_ptr_null(n);                                                     \
  } while (0)

  nos[0] = 3;
  s.n_members = 1;
  s.new_head_no = 4; /* not among the movers */
  SPLIT_FAILS(POVREG_EINVALID, "head");
  nos[0] = 1;
  nos[1] = 2;
  nos[2] = 3;
  nos[3] = 4;
  s.n_members = 4;
  s.new_head_no = 1; /* everybody leaves */
  SPLIT_FAILS(POVREG_EINVALID, "stay");
  nos[0] = 1;
  nos[1] = 3;
  s.n_members = 2;
  s.new_head_no = 3; /* the head leaves, no new head named */
  SPLIT_FAILS(POVREG_EINVALID, "source_head");
  nos[0] = 3;
  s.n_members = 1;
  s.new_head_no = 3;
  s.source_new_head_no = 2; /* the head stays */
  SPLIT_FAILS(POVREG_EINVALID, "source_head");
  s.source_new_head_no = 0;
  nos[0] = 3;
  nos[1] = 3;
  s.n_members = 2;
  SPLIT_FAILS(POVREG_EINVALID, "twice");
  nos[0] = 9;
  s.n_members = 1;
  s.new_head_no = 9;
  SPLIT_FAILS(POVREG_ENOTFOUND, "member");
  nos[0] = 3;
  s.new_head_no = 3;
  s.n_members = 0;
  SPLIT_FAILS(POVREG_EINVALID, "members");
  s.n_members = 1;
  s.date = "2019-12-31"; /* before the household was registered */
  SPLIT_FAILS(POVREG_EINVALID, "date");
  s.date = "2026-11-30";
  SPLIT_FAILS(POVREG_EINVALID, "date");
  s.date = "2024-02-30";
  SPLIT_FAILS(POVREG_EINVALID, "date");
  s.date = "2024-03-01";
  s.new_code = d; /* taken */
  SPLIT_FAILS(POVREG_EEXISTS, "code");
  s.new_code = "bad code";
  SPLIT_FAILS(POVREG_EINVALID, "code");
  s.new_code = NULL;
  s.village = "Không có";
  SPLIT_FAILS(POVREG_ENOTFOUND, "village");
  s.village = NULL;
  s.address = a501;
  SPLIT_FAILS(POVREG_EINVALID, "address");
  s.address = NULL;
  TU_FAILS(POVREG_ENOTFOUND, "household",
           povreg_household_split(&n, tu_db, "NO-SUCH", &s));
  TU_FAILS(POVREG_EINVALID, NULL, povreg_household_split(&n, tu_db, a, NULL));
  /* a member who is no longer active */
  TU_OK(povreg_member_leave(tu_db, a, 4, "died", "2024-01-01", 0));
  nos[0] = 4;
  s.new_head_no = 4;
  SPLIT_FAILS(POVREG_EINVALID, "no longer active");
  /* the new head of the source must be active */
  nos[0] = 1;
  nos[1] = 3;
  s.n_members = 2;
  s.new_head_no = 3;
  s.source_new_head_no = 4;
  SPLIT_FAILS(POVREG_EINVALID, "source_head");
  /* a dissolved source */
  TU_OK(povreg_household_dissolve(tu_db, d, "2024-01-01", "moved_away", NULL));
  nos[0] = 2;
  s.n_members = 1;
  s.new_head_no = 2;
  s.source_new_head_no = 0;
  TU_FAILS(POVREG_EINVALID, "dissolved",
           povreg_household_split(&n, tu_db, d, &s));
#undef SPLIT_FAILS
  free(a501);
}
END_TEST

START_TEST(test_dissolve_merged)
{
  char a[33], b[33];
  povreg_household *h;
  povreg_counts c;

  tu_add_household(b, NULL, "23530", "2019-05-01", "Lê Thị Hoa", "F", "1950");
  tu_add_household(a, NULL, "23530", "2020-01-15", "Nguyễn Văn Đức", "M",
                   "1970");
  tu_add_member(a, "Trần Thị Lan", "F", "1972", "vợ");
  TU_OK(povreg_household_dissolve(tu_db, a, "2024-06-01", "merged", b));
  h = get_hh(a);
  ck_assert_str_eq(h->dissolved_on, "2024-06-01");
  ck_assert_str_eq(h->dissolved_reason, "merged");
  ck_assert_str_eq(h->merged_into, b);
  ck_assert_int_eq(h->n_active, 0);
  ck_assert_ptr_null(h->head_name);
  ck_assert_uint_eq(h->n_members, 0); /* they now belong to b */
  povreg_household_free(h);
  h = get_hh(b);
  ck_assert_ptr_null(h->dissolved_on);
  ck_assert_str_eq(h->head_name, "Lê Thị Hoa");
  ck_assert_int_eq(h->n_active, 3);
  ck_assert_uint_eq(h->n_members, 3);
  ck_assert_str_eq(h->members[1].full_name, "Nguyễn Văn Đức");
  ck_assert_str_eq(h->members[1].relation, "other");
  ck_assert_str_eq(h->members[1].joined_on, "2024-06-01");
  ck_assert_int_eq(h->members[1].member_no, 2);
  ck_assert_str_eq(h->members[2].full_name, "Trần Thị Lan");
  ck_assert_str_eq(h->members[2].relation, "other");
  ck_assert_int_eq(h->members[2].member_no, 3);
  povreg_household_free(h);
  TU_OK(povreg_counts_get(&c, tu_db, NULL));
  ck_assert_int_eq(c.households, 1);
  ck_assert_int_eq(c.households_dissolved, 1);
  ck_assert_int_eq(c.members, 3);
  ck_assert_int_eq(c.members_former, 0);
}
END_TEST

START_TEST(test_dissolve_died_out_and_moved)
{
  char a[33], b[33];
  povreg_household *h;
  povreg_counts c;
  size_t i;

  tu_add_household(a, NULL, "23530", "2020-01-15", "Nguyễn Văn Đức", "M",
                   "1930");
  tu_add_member(a, "Trần Thị Lan", "F", "1932", "vợ");
  TU_OK(povreg_household_dissolve(tu_db, a, "2024-06-01", "died_out", NULL));
  h = get_hh(a);
  ck_assert_str_eq(h->dissolved_reason, "died_out");
  ck_assert_ptr_null(h->merged_into);
  ck_assert_int_eq(h->n_active, 0);
  ck_assert_uint_eq(h->n_members, 2);
  for (i = 0; i < h->n_members; i++) {
    ck_assert_str_eq(h->members[i].status, "died");
    ck_assert_str_eq(h->members[i].status_on, "2024-06-01");
  }
  povreg_household_free(h);

  tu_add_household(b, NULL, "23530", "2020-01-15", "Lê Văn Tám", "M", "1960");
  tu_add_member(b, "Lê Văn Chín", "M", "1990", "con");
  TU_OK(povreg_household_dissolve(tu_db, b, NULL, "moved_away", NULL));
  h = get_hh(b);
  ck_assert_str_eq(h->dissolved_on, TU_TODAY);
  ck_assert_str_eq(h->dissolved_reason, "moved_away");
  for (i = 0; i < h->n_members; i++) {
    ck_assert_str_eq(h->members[i].status, "moved_out");
    ck_assert_str_eq(h->members[i].status_on, TU_TODAY);
  }
  povreg_household_free(h);
  TU_OK(povreg_counts_get(&c, tu_db, "23530"));
  ck_assert_int_eq(c.households, 0);
  ck_assert_int_eq(c.households_dissolved, 2);
  ck_assert_int_eq(c.members, 0);
  ck_assert_int_eq(c.members_former, 4);
}
END_TEST

START_TEST(test_dissolve_errors)
{
  char a[33], b[33], late[33], d[33];

  tu_add_household(a, NULL, "23530", "2020-01-15", "Nguyễn Văn Đức", "M",
                   "1970");
  tu_add_household(b, NULL, "23530", "2019-05-01", "Lê Thị Hoa", "F", "1950");
  tu_add_household(late, NULL, "23530", "2022-01-01", "Phạm Văn Sơn", "M",
                   "1965");
  tu_add_household(d, NULL, "23530", "2020-01-15", "Lê Văn Tám", "M", "1960");
  TU_OK(povreg_household_dissolve(tu_db, d, "2024-01-01", "moved_away", NULL));
  TU_FAILS(POVREG_EINVALID, "into",
           povreg_household_dissolve(tu_db, a, "2024-06-01", "merged", NULL));
  TU_FAILS(POVREG_EINVALID, "into",
           povreg_household_dissolve(tu_db, a, "2024-06-01", "moved_away", b));
  TU_FAILS(POVREG_EINVALID, "reason",
           povreg_household_dissolve(tu_db, a, "2024-06-01", "gone", NULL));
  TU_FAILS(
      POVREG_EINVALID, "reason",
      povreg_household_dissolve(tu_db, a, "2024-06-01", "no_members", NULL));
  TU_FAILS(POVREG_EINVALID, "reason",
           povreg_household_dissolve(tu_db, a, "2024-06-01", NULL, NULL));
  TU_FAILS(POVREG_EINVALID, "itself",
           povreg_household_dissolve(tu_db, a, "2024-06-01", "merged", a));
  TU_FAILS(
      POVREG_ENOTFOUND, "household",
      povreg_household_dissolve(tu_db, a, "2024-06-01", "merged", "NO-SUCH"));
  TU_FAILS(POVREG_EINVALID, "dissolved",
           povreg_household_dissolve(tu_db, a, "2024-06-01", "merged", d));
  TU_FAILS(POVREG_EINVALID, "dissolved",
           povreg_household_dissolve(tu_db, d, "2024-06-01", "other", NULL));
  TU_FAILS(POVREG_EINVALID, "date",
           povreg_household_dissolve(tu_db, a, "2019-12-31", "other", NULL));
  TU_FAILS(POVREG_EINVALID, "date",
           povreg_household_dissolve(tu_db, a, "2026-11-30", "other", NULL));
  TU_FAILS(POVREG_EINVALID, "date",
           povreg_household_dissolve(tu_db, a, "2024-13-01", "other", NULL));
  /* merging into a household registered after the date */
  TU_FAILS(POVREG_EINVALID, "date",
           povreg_household_dissolve(tu_db, a, "2021-06-01", "merged", late));
  TU_FAILS(
      POVREG_ENOTFOUND, "household",
      povreg_household_dissolve(tu_db, "NO-SUCH", "2024-06-01", "other", NULL));
}
END_TEST

/* ---- errors: every bad input to household_add leaves no trace ---- */

START_TEST(test_add_bad_inputs)
{
  char existing[33];
  char *a501 = tu_repeat("ộ", 501), *a500 = tu_repeat("ộ", 500);
  char *n2001 = tu_repeat("x", 2001), *c33 = tu_repeat("A", 33);
  char *c32 = tu_repeat("B", 32);
  povreg_household_spec h;
  povreg_member_spec m;
  char *code = NULL;

  tu_add_household(existing, "HH-01", "23530", "2020-01-15", "Nguyễn Văn Đức",
                   "M", "1970");
  {
    povreg_member_spec s = tu_person("Trần Thị Lan", "F", "1972", "vợ");
    s.citizen_id = "062172000001";
    TU_OK(povreg_member_add(NULL, tu_db, existing, &s));
  }

#define ADD_FAILS(code_, needle)                                               \
  do {                                                                         \
    TU_FAILS(code_, needle, povreg_household_add(&code, tu_db, &h, &m));       \
    ck_assert_ptr_null(code);                                                  \
  } while (0)
#define RESET()                                                                \
  do {                                                                         \
    h = tu_hh("23530", "2024-01-01");                                          \
    m = tu_person("Lê Văn Tám", "M", "1960", NULL);                            \
  } while (0)

  RESET();
  h.commune_code = "99999";
  ADD_FAILS(POVREG_ENOTFOUND, "commune_code");
  RESET();
  h.commune_code = "23545"; /* closed 2025-07-01, successor 23534 */
  h.created_on = "2026-01-01";
  ADD_FAILS(POVREG_ENOTFOUND, "commune_code");
  ck_assert_msg(tu_msg_has(tu_db, "23534"), "'%s' does not name 23534",
                povreg_errmsg(tu_db));
  h.created_on = "2025-07-01";
  ADD_FAILS(POVREG_ENOTFOUND, "23534");
  RESET();
  h.commune_code = "616";
  h.created_on = "2020-01-01";
  ADD_FAILS(POVREG_EINVALID, "commune_code");
  RESET();
  h.commune_code = "62";
  h.created_on = "2020-01-01";
  ADD_FAILS(POVREG_EINVALID, "commune_code");
  RESET();
  h.commune_code = NULL;
  ADD_FAILS(POVREG_EINVALID, "commune_code");
  RESET();
  h.created_on = "2026-11-30";
  ADD_FAILS(POVREG_EINVALID, "created_on");
  h.created_on = "2023-02-29";
  ADD_FAILS(POVREG_EINVALID, "created_on");
  h.created_on = "29/11/2026";
  ADD_FAILS(POVREG_EINVALID, "created_on");
  RESET();
  h.code = "HH-01";
  ADD_FAILS(POVREG_EEXISTS, "code");
  h.code = "HH 01";
  ADD_FAILS(POVREG_EINVALID, "code");
  h.code = "hộ-1";
  ADD_FAILS(POVREG_EINVALID, "code");
  h.code = "a/b";
  ADD_FAILS(POVREG_EINVALID, "code");
  h.code = "";
  ADD_FAILS(POVREG_EINVALID, "code");
  h.code = c33;
  ADD_FAILS(POVREG_EINVALID, "code");
  RESET();
  h.phone = "09-ABC";
  ADD_FAILS(POVREG_EINVALID, "phone");
  h.phone = "12";
  ADD_FAILS(POVREG_EINVALID, "phone");
  h.phone = "012345678901234567890"; /* 21 */
  ADD_FAILS(POVREG_EINVALID, "phone");
  RESET();
  h.address = a501;
  ADD_FAILS(POVREG_EINVALID, "address");
  h.address = "Thôn \xc3(";
  ADD_FAILS(POVREG_EINVALID, "address");
  h.address = "line\nbreak";
  ADD_FAILS(POVREG_EINVALID, "address");
  RESET();
  h.notes = n2001;
  ADD_FAILS(POVREG_EINVALID, "notes");
  h.notes = "\xff";
  ADD_FAILS(POVREG_EINVALID, "notes");
  RESET();
  h.village = "Không có";
  ADD_FAILS(POVREG_ENOTFOUND, "village");
  h.village = "Thôn 2"; /* a village of 23536 */
  ADD_FAILS(POVREG_ENOTFOUND, "village");
  h.village = "Thôn \xc3";
  ADD_FAILS(POVREG_EINVALID, "village");
  RESET();
  m.full_name = NULL;
  ADD_FAILS(POVREG_EINVALID, "full_name");
  m.full_name = "Lê \xc3(";
  ADD_FAILS(POVREG_EINVALID, "full_name");
  RESET();
  m.sex = "x";
  ADD_FAILS(POVREG_EINVALID, "sex");
  RESET();
  m.birth_date = "2026-11-30";
  ADD_FAILS(POVREG_EINVALID, "birth_date");
  RESET();
  m.citizen_id = "062172000001"; /* Lan's */
  ADD_FAILS(POVREG_EEXISTS, "citizen_id");
  RESET();
  m.ethnicity = "99";
  ADD_FAILS(POVREG_EINVALID, "ethnicity");
  RESET();
  TU_FAILS(POVREG_EINVALID, NULL, povreg_household_add(&code, tu_db, NULL, &m));
  TU_FAILS(POVREG_EINVALID, NULL, povreg_household_add(&code, tu_db, &h, NULL));
  ck_assert_ptr_null(code);
#undef ADD_FAILS
#undef RESET

  /* the limits themselves are fine */
  h = tu_hh("23530", TU_TODAY);
  m = tu_person("Lê Văn Tám", "M", "1960", NULL);
  h.code = c32;
  h.address = a500;
  h.phone = "+84 912.345-678";
  TU_OK(povreg_household_add(&code, tu_db, &h, &m));
  ck_assert_str_eq(code, c32);
  povreg_free(code);
  free(a501);
  free(a500);
  free(n2001);
  free(c33);
  free(c32);
}
END_TEST

/* The suite. */
static Suite *household_suite(void)
{
  Suite *s = suite_create("household");
  TCase *core = tcase_create("core");
  TCase *errors = tcase_create("errors");

  tcase_add_checked_fixture(core, hh_setup, tu_teardown);
  tcase_add_checked_fixture(errors, hh_setup, tu_teardown);
  tcase_add_test(core, test_add_generated_codes);
  tcase_add_test(core, test_add_and_get);
  tcase_add_test(core, test_unit_boundaries);
  tcase_add_test(core, test_list_filters);
  tcase_add_test(core, test_edit);
  tcase_add_test(core, test_set_head);
  tcase_add_test(core, test_split_child);
  tcase_add_test(core, test_split_head_leaves);
  tcase_add_test(core, test_dissolve_merged);
  tcase_add_test(core, test_dissolve_died_out_and_moved);
  tcase_add_test(errors, test_add_bad_inputs);
  tcase_add_test(errors, test_list_errors);
  tcase_add_test(errors, test_edit_errors);
  tcase_add_test(errors, test_get_errors);
  tcase_add_test(errors, test_set_head_errors);
  tcase_add_test(errors, test_split_errors);
  tcase_add_test(errors, test_dissolve_errors);
  suite_add_tcase(s, core);
  suite_add_tcase(s, errors);
  return s;
}

/* Run the suite; the exit status is the number of failed tests. */
int main(void)
{
  return tu_run(household_suite());
}
