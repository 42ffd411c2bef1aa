/*
** check_member.c: members: adding (every field at and past its limit),
** editing, moving between households and leaving, with the head rule
** kept at every step.  Every failing call must leave the ledger exactly
** as it was (audit log included).
*/
#include "check_util.h"

/* Households of the fixture. */
static char g_h1[33]; /* head Nguyễn Văn Đức (1), spouse Trần Thị Lan (2) */
static char g_h2[33]; /* head Y Hlinh (1), Xơ-đăng */

/* A citizen ID recorded in the fixture (member 1 of g_h2). */
#define CID_H2 "062180000777"

/* Fixture: two households in 23530. */
static void mem_setup(void)
{
  povreg_member_spec m;

  tu_setup();
  tu_add_household(g_h1, NULL, "23530", "2020-01-15", "Nguyễn Văn Đức", "M",
                   "1970-05-12");
  ck_assert_int_eq(tu_add_member(g_h1, "Trần Thị Lan", "F", "1972", "vợ"), 2);
  tu_add_household(g_h2, NULL, "23530", "2020-01-15", "Y Hlinh", "F", "1980");
  m = tu_person(NULL, NULL, NULL, NULL);
  m.ethnicity = "14";
  m.citizen_id = CID_H2;
  m.bhxh_no = "6200000777";
  TU_OK(povreg_member_update(tu_db, g_h2, 1, &m));
}

/* Read a member that must exist.  Caller frees. */
static povreg_member *mget(const char *code, int no)
{
  povreg_member *m = NULL;

  TU_OK(povreg_member_get(&m, tu_db, code, no));
  ck_assert_ptr_nonnull(m);
  return m;
}

/* Read a household that must exist.  Caller frees. */
static povreg_household *hget(const char *code)
{
  povreg_household *h = NULL;

  TU_OK(povreg_household_get(&h, tu_db, code));
  return h;
}

/* Add a child to g_h1 with the given field changes applied by the caller. */
static int add_spec(const povreg_member_spec *m)
{
  int no = 0;

  TU_OK(povreg_member_add(&no, tu_db, g_h1, m));
  return no;
}

/* Expect member_add of m to g_h1 to fail with code, naming the field. */
#define ADD_FAILS(code, field, m)                                              \
  TU_FAILS(code, field, povreg_member_add(NULL, tu_db, g_h1, &(m)))

/* ---- core ---- */

START_TEST(test_add_numbers)
{
  povreg_member *m;
  povreg_member_spec s = tu_person("Nguyễn Văn Hùng", "M", "1995-03-02", "con");
  int no = 0;

  s.joined_on = "2020-01-15";
  TU_OK(povreg_member_add(&no, tu_db, g_h1, &s));
  ck_assert_int_eq(no, 3);
  ck_assert_int_eq(tu_add_member(g_h1, "Nguyễn Thị Mai", "F", "1998", "con"),
                   4);
  m = mget(g_h1, 3);
  ck_assert_int_eq(m->member_no, 3);
  ck_assert_str_eq(m->household_code, g_h1);
  ck_assert_str_eq(m->full_name, "Nguyễn Văn Hùng");
  ck_assert_str_eq(m->sex, "M");
  ck_assert_str_eq(m->birth_date, "1995-03-02");
  ck_assert_str_eq(m->ethnicity_code, "01");
  ck_assert_str_eq(m->ethnicity_name, "Kinh");
  ck_assert_str_eq(m->relation, "child");
  ck_assert_ptr_null(m->citizen_id);
  ck_assert_ptr_null(m->bhxh_no);
  ck_assert_str_eq(m->status, "active");
  ck_assert_ptr_null(m->status_on);
  ck_assert_str_eq(m->joined_on, "2020-01-15");
  povreg_member_free(m);
  /* numbers are never reused, even after someone leaves */
  TU_OK(povreg_member_leave(tu_db, g_h1, 4, "moved_out", "2024-01-01", 0));
  ck_assert_int_eq(tu_add_member(g_h1, "Nguyễn Văn An", "M", "2020", "con"), 5);
  /* numbering is per household */
  ck_assert_int_eq(tu_add_member(g_h2, "A Dun", "M", "2005", "con"), 2);
  ck_assert_int_eq(tu_int(tu_db, "SELECT count(*) FROM audit WHERE action = "
                                 "'member.add'"),
                   7);
}
END_TEST

START_TEST(test_get_errors)
{
  povreg_member *m = NULL;

  TU_FAILS(POVREG_ENOTFOUND, "member_no",
           povreg_member_get(&m, tu_db, g_h1, 9));
  TU_FAILS(POVREG_ENOTFOUND, "household",
           povreg_member_get(&m, tu_db, "NO-SUCH", 1));
  TU_FAILS(POVREG_EINVALID, NULL, povreg_member_get(NULL, tu_db, g_h1, 1));
  ck_assert_ptr_null(m);
}
END_TEST

START_TEST(test_full_name_limits)
{
  char *d100 = tu_repeat("Đ", 100), *d101 = tu_repeat("Đ", 101);
  char *a100 = tu_repeat("a", 100), *a101 = tu_repeat("a", 101);
  povreg_member_spec s = tu_person(d100, "M", "2000", "con");
  povreg_member *m;
  int no;

  no = add_spec(&s);
  m = mget(g_h1, no);
  ck_assert_str_eq(m->full_name, d100);
  ck_assert_uint_eq(strlen(m->full_name), 200); /* bytes */
  povreg_member_free(m);
  s.full_name = a100;
  add_spec(&s);
  s.full_name = d101;
  ADD_FAILS(POVREG_EINVALID, "full_name", s);
  s.full_name = a101;
  ADD_FAILS(POVREG_EINVALID, "full_name", s);
  s.full_name = "";
  ADD_FAILS(POVREG_EINVALID, "full_name", s);
  s.full_name = "   ";
  ADD_FAILS(POVREG_EINVALID, "full_name", s);
  s.full_name = NULL;
  ADD_FAILS(POVREG_EINVALID, "full_name", s);
  s.full_name = "Nguyễn\nVăn";
  ADD_FAILS(POVREG_EINVALID, "full_name", s);
  s.full_name = "Nguy\xe1n";
  ADD_FAILS(POVREG_EINVALID, "full_name", s);
  free(d100);
  free(d101);
  free(a100);
  free(a101);
}
END_TEST

START_TEST(test_sex)
{
  static const struct {
    const char *in, *want;
  } ok[] = {{"M", "M"},  {"F", "F"},  {"Nam", "M"},
            {"Nữ", "F"}, {"nữ", "F"}, {"NAM", "M"}};
  povreg_member_spec s = tu_person("Nguyễn Văn An", "M", "2000", "con");
  size_t i;

  for (i = 0; i < sizeof ok / sizeof ok[0]; i++) {
    povreg_member *m;
    int no;
    s.sex = ok[i].in;
    no = add_spec(&s);
    m = mget(g_h1, no);
    ck_assert_msg(strcmp(m->sex, ok[i].want) == 0, "sex %s stored as %s",
                  ok[i].in, m->sex);
    povreg_member_free(m);
  }
  s.sex = "x";
  ADD_FAILS(POVREG_EINVALID, "sex", s);
  s.sex = "";
  ADD_FAILS(POVREG_EINVALID, "sex", s);
  s.sex = "MF";
  ADD_FAILS(POVREG_EINVALID, "sex", s);
  s.sex = NULL;
  ADD_FAILS(POVREG_EINVALID, "sex", s);
}
END_TEST

START_TEST(test_birth_dates)
{
  static const char *const ok[] = {"1985",       "1985-07-20", TU_TODAY,
                                   "2026",       "1880-01-01", "1880",
                                   "2024-02-29", "1900-12-31"};
  static const char *const bad[] = {
      "2026-11-30", "2027",       "2027-01-01", "1879-12-31", "1879",
      "2023-02-29", "2023-13-01", "23-01-01",   "",           "198",
      "19850",      "1985-7-20",  "1985/07/20", "abcd",       "20-11-1985"};
  povreg_member_spec s = tu_person("Nguyễn Văn An", "M", NULL, "con");
  size_t i;

  for (i = 0; i < sizeof ok / sizeof ok[0]; i++) {
    povreg_member *m;
    int no;
    s.birth_date = ok[i];
    no = add_spec(&s);
    m = mget(g_h1, no);
    ck_assert_str_eq(m->birth_date, ok[i]);
    povreg_member_free(m);
  }
  for (i = 0; i < sizeof bad / sizeof bad[0]; i++) {
    s.birth_date = bad[i];
    ADD_FAILS(POVREG_EINVALID, "birth_date", s);
  }
  s.birth_date = NULL;
  ADD_FAILS(POVREG_EINVALID, "birth_date", s);
}
END_TEST

START_TEST(test_citizen_id)
{
  povreg_member_spec s = tu_person("Nguyễn Văn An", "M", "2000", "con");
  povreg_member *m;
  int no;

  s.citizen_id = "062200000001";
  no = add_spec(&s);
  m = mget(g_h1, no);
  ck_assert_str_eq(m->citizen_id, "062200000001");
  povreg_member_free(m);
  s.citizen_id = ""; /* "" means none */
  no = add_spec(&s);
  m = mget(g_h1, no);
  ck_assert_ptr_null(m->citizen_id);
  povreg_member_free(m);

  s.citizen_id = "06220000000"; /* 11 */
  ADD_FAILS(POVREG_EINVALID, "citizen_id", s);
  ck_assert_msg(!tu_msg_has(tu_db, "06220000000"), "ID echoed: %s",
                povreg_errmsg(tu_db));
  s.citizen_id = "0622000000012"; /* 13 */
  ADD_FAILS(POVREG_EINVALID, "citizen_id", s);
  ck_assert_msg(!tu_msg_has(tu_db, "0622000000012"), "ID echoed: %s",
                povreg_errmsg(tu_db));
  s.citizen_id = "06220000000a";
  ADD_FAILS(POVREG_EINVALID, "citizen_id", s);
  ck_assert_msg(!tu_msg_has(tu_db, "06220000000a"), "ID echoed: %s",
                povreg_errmsg(tu_db));
  s.citizen_id = " 06220000000";
  ADD_FAILS(POVREG_EINVALID, "citizen_id", s);
  /* the same ID as the head of g_h2 */
  s.citizen_id = CID_H2;
  ADD_FAILS(POVREG_EEXISTS, "citizen_id", s);
  ck_assert_msg(tu_msg_has(tu_db, g_h2), "other household not named: %s",
                povreg_errmsg(tu_db));
  ck_assert_msg(!tu_msg_has(tu_db, CID_H2), "ID echoed: %s",
                povreg_errmsg(tu_db));
}
END_TEST

START_TEST(test_bhxh_no)
{
  povreg_member_spec s = tu_person("Nguyễn Văn An", "M", "2000", "con");
  povreg_member *m;
  int no;

  s.bhxh_no = "6200000001";
  no = add_spec(&s);
  m = mget(g_h1, no);
  ck_assert_str_eq(m->bhxh_no, "6200000001");
  povreg_member_free(m);
  s.bhxh_no = "620000000"; /* 9 */
  ADD_FAILS(POVREG_EINVALID, "bhxh_no", s);
  s.bhxh_no = "62000000011"; /* 11 */
  ADD_FAILS(POVREG_EINVALID, "bhxh_no", s);
  s.bhxh_no = "62000000x1";
  ADD_FAILS(POVREG_EINVALID, "bhxh_no", s);
  s.bhxh_no = "6200000777"; /* g_h2's head */
  ADD_FAILS(POVREG_EEXISTS, "bhxh_no", s);
  ck_assert_msg(!tu_msg_has(tu_db, "6200000777"), "number echoed: %s",
                povreg_errmsg(tu_db));
}
END_TEST

START_TEST(test_ethnicity)
{
  static const struct {
    const char *in, *code, *name;
  } ok[] = {
      {"14", "14", "Xơ-đăng"},      {"Xơ-đăng", "14", "Xơ-đăng"},
      {"xo dang", "14", "Xơ-đăng"}, {"XƠ ĐĂNG", "14", "Xơ-đăng"},
      {"xodang", "14", "Xơ-đăng"},  {"Gia-rai", "10", "Gia-rai"},
      {"gia rai", "10", "Gia-rai"}, {"10", "10", "Gia-rai"},
      {"Kinh", "01", "Kinh"},       {"01", "01", "Kinh"},
      {"Brâu", "52", "Brâu"},       {"52", "52", "Brâu"},
      {"ro mam", "54", "Rơ-măm"},   {"54", "54", "Rơ-măm"},
  };
  povreg_member_spec s = tu_person("A Blơng", "M", "2000", "con");
  povreg_member *m;
  size_t i;
  int no;

  for (i = 0; i < sizeof ok / sizeof ok[0]; i++) {
    s.ethnicity = ok[i].in;
    no = add_spec(&s);
    m = mget(g_h1, no);
    ck_assert_msg(strcmp(m->ethnicity_code, ok[i].code) == 0,
                  "ethnicity %s gave %s", ok[i].in, m->ethnicity_code);
    ck_assert_str_eq(m->ethnicity_name, ok[i].name);
    povreg_member_free(m);
  }
  s.ethnicity = NULL; /* default Kinh */
  no = add_spec(&s);
  m = mget(g_h1, no);
  ck_assert_str_eq(m->ethnicity_code, "01");
  povreg_member_free(m);
  s.ethnicity = "99";
  ADD_FAILS(POVREG_EINVALID, "ethnicity", s);
  s.ethnicity = "00";
  ADD_FAILS(POVREG_EINVALID, "ethnicity", s);
  s.ethnicity = "Klingon";
  ADD_FAILS(POVREG_EINVALID, "ethnicity", s);
  s.ethnicity = "";
  ADD_FAILS(POVREG_EINVALID, "ethnicity", s);
  s.ethnicity = "\xc3";
  ADD_FAILS(POVREG_EINVALID, "ethnicity", s);
}
END_TEST

START_TEST(test_relations)
{
  static const struct {
    const char *in, *want;
  } ok[] = {{"vợ", "spouse"},       {"chồng", "spouse"},   {"con", "child"},
            {"Cháu", "grandchild"}, {"bố", "parent"},      {"anh", "sibling"},
            {"khác", "other"},      {"sibling", "sibling"}};
  povreg_member_spec s = tu_person("Nguyễn Văn An", "M", "2000", NULL);
  size_t i;

  for (i = 0; i < sizeof ok / sizeof ok[0]; i++) {
    povreg_member *m;
    int no;
    s.relation = ok[i].in;
    no = add_spec(&s);
    m = mget(g_h1, no);
    ck_assert_msg(strcmp(m->relation, ok[i].want) == 0,
                  "relation %s stored as %s", ok[i].in, m->relation);
    povreg_member_free(m);
  }
  s.relation = "bạn";
  ADD_FAILS(POVREG_EINVALID, "relation", s);
  s.relation = NULL;
  ADD_FAILS(POVREG_EINVALID, "relation", s);
}
END_TEST

/* household.h: povreg_member_add "@return POVREG_ECONSTRAINT for a second
** head". */
START_TEST(test_second_head)
{
  povreg_member_spec s = tu_person("Nguyễn Văn An", "M", "2000", "head");

  ADD_FAILS(POVREG_ECONSTRAINT, "head", s);
  s.relation = "chủ hộ";
  ADD_FAILS(POVREG_ECONSTRAINT, "head", s);
}
END_TEST

START_TEST(test_add_to_dissolved)
{
  povreg_member_spec s = tu_person("A Dun", "M", "2005", "con");
  povreg_member *m;

  TU_OK(
      povreg_household_dissolve(tu_db, g_h2, "2024-01-01", "moved_away", NULL));
  TU_FAILS(POVREG_EINVALID, "dissolved",
           povreg_member_add(NULL, tu_db, g_h2, &s));
  TU_FAILS(POVREG_ENOTFOUND, "household",
           povreg_member_add(NULL, tu_db, "NO-SUCH", &s));
  TU_FAILS(POVREG_EINVALID, NULL, povreg_member_add(NULL, tu_db, g_h1, NULL));
  /* former members of a dissolved household can still be read */
  m = mget(g_h2, 1);
  ck_assert_str_eq(m->status, "moved_out");
  ck_assert_str_eq(m->status_on, "2024-01-01");
  povreg_member_free(m);
}
END_TEST

START_TEST(test_update)
{
  povreg_member_spec c;
  povreg_member *m;
  char *before, *after;

  /* all NULL: nothing changes but the audit log */
  memset(&c, 0, sizeof c);
  before = tu_dump_table(tu_db, "member");
  TU_OK(povreg_member_update(tu_db, g_h1, 2, &c));
  after = tu_dump_table(tu_db, "member");
  TU_ASSERT_SAME(before, after, "member_update with no changes");
  free(before);
  free(after);

  c.full_name = "Trần Thị Lan Anh";
  c.birth_date = "1973-02-03";
  c.ethnicity = "Xơ-đăng";
  c.relation = "khác";
  c.citizen_id = "062173000002";
  c.bhxh_no = "6200000002";
  c.joined_on = "2021-01-01";
  TU_OK(povreg_member_update(tu_db, g_h1, 2, &c));
  m = mget(g_h1, 2);
  ck_assert_str_eq(m->full_name, "Trần Thị Lan Anh");
  ck_assert_str_eq(m->sex, "F"); /* kept */
  ck_assert_str_eq(m->birth_date, "1973-02-03");
  ck_assert_str_eq(m->ethnicity_code, "14");
  ck_assert_str_eq(m->relation, "other");
  ck_assert_str_eq(m->citizen_id, "062173000002");
  ck_assert_str_eq(m->bhxh_no, "6200000002");
  ck_assert_str_eq(m->joined_on, "2021-01-01");
  povreg_member_free(m);
  ck_assert_int_eq(tu_int(tu_db, "SELECT count(*) FROM member WHERE "
                                 "name_fold = 'tran thi lan anh'"),
                   1);

  /* "" clears the optional fields, NULL keeps the others */
  memset(&c, 0, sizeof c);
  c.citizen_id = "";
  c.bhxh_no = "";
  c.joined_on = "";
  TU_OK(povreg_member_update(tu_db, g_h1, 2, &c));
  m = mget(g_h1, 2);
  ck_assert_ptr_null(m->citizen_id);
  ck_assert_ptr_null(m->bhxh_no);
  ck_assert_ptr_null(m->joined_on);
  ck_assert_str_eq(m->full_name, "Trần Thị Lan Anh");
  ck_assert_str_eq(m->relation, "other");
  povreg_member_free(m);
  /* the head may be edited, keeping the relation */
  memset(&c, 0, sizeof c);
  c.sex = "Nam";
  c.relation = "chủ hộ";
  TU_OK(povreg_member_update(tu_db, g_h1, 1, &c));
  ck_assert_int_eq(tu_int(tu_db, "SELECT count(*) FROM audit WHERE action = "
                                 "'member.edit'"),
                   5); /* one by the fixture */
  ck_assert_int_eq(tu_int(tu_db, "SELECT count(*) FROM audit WHERE action = "
                                 "'member.edit' AND old_value LIKE "
                                 "'%Trần Thị Lan\"%' AND new_value LIKE "
                                 "'%Trần Thị Lan Anh%'"),
                   1);
}
END_TEST

START_TEST(test_update_errors)
{
  povreg_member_spec c;

#define UPD_FAILS(code, field, no)                                             \
  TU_FAILS(code, field, povreg_member_update(tu_db, g_h1, no, &c))

  memset(&c, 0, sizeof c);
  c.relation = "head";
  UPD_FAILS(POVREG_EINVALID, "relation", 2);
  c.relation = "chủ hộ";
  UPD_FAILS(POVREG_EINVALID, "relation", 2);
  c.relation = "spouse"; /* the head cannot stop being head here */
  UPD_FAILS(POVREG_EINVALID, "relation", 1);
  c.relation = "bạn";
  UPD_FAILS(POVREG_EINVALID, "relation", 2);
  memset(&c, 0, sizeof c);
  c.sex = "x";
  UPD_FAILS(POVREG_EINVALID, "sex", 2);
  memset(&c, 0, sizeof c);
  c.full_name = "";
  UPD_FAILS(POVREG_EINVALID, "full_name", 2);
  memset(&c, 0, sizeof c);
  c.birth_date = "2026-11-30";
  UPD_FAILS(POVREG_EINVALID, "birth_date", 2);
  memset(&c, 0, sizeof c);
  c.citizen_id = "06217300000";
  UPD_FAILS(POVREG_EINVALID, "citizen_id", 2);
  c.citizen_id = CID_H2;
  UPD_FAILS(POVREG_EEXISTS, "citizen_id", 2);
  ck_assert_msg(tu_msg_has(tu_db, g_h2), "other household not named: %s",
                povreg_errmsg(tu_db));
  ck_assert_msg(!tu_msg_has(tu_db, CID_H2), "ID echoed: %s",
                povreg_errmsg(tu_db));
  memset(&c, 0, sizeof c);
  c.bhxh_no = "6200000777";
  UPD_FAILS(POVREG_EEXISTS, "bhxh_no", 2);
  memset(&c, 0, sizeof c);
  c.joined_on = "2026-11-30";
  UPD_FAILS(POVREG_EINVALID, "joined_on", 2);
  memset(&c, 0, sizeof c);
  c.ethnicity = "99";
  UPD_FAILS(POVREG_EINVALID, "ethnicity", 2);
  memset(&c, 0, sizeof c);
  c.full_name = "Lan";
  UPD_FAILS(POVREG_ENOTFOUND, "member_no", 9);
  TU_FAILS(POVREG_ENOTFOUND, "household",
           povreg_member_update(tu_db, "NO-SUCH", 1, &c));
  TU_FAILS(POVREG_EINVALID, NULL, povreg_member_update(tu_db, g_h1, 2, NULL));
#undef UPD_FAILS
}
END_TEST

START_TEST(test_move)
{
  povreg_member *m;
  povreg_household *h;
  int64_t id;
  int no = 0;

  tu_add_member(g_h1, "Nguyễn Văn Hùng", "M", "1995", "con");
  m = mget(g_h1, 3);
  id = m->id;
  povreg_member_free(m);
  TU_OK(povreg_member_move(&no, tu_db, g_h1, 3, g_h2, "cháu", "2024-01-01", 0));
  ck_assert_int_eq(no, 2);
  m = mget(g_h2, 2);
  ck_assert_int_eq(m->id, id);
  ck_assert_str_eq(m->full_name, "Nguyễn Văn Hùng");
  ck_assert_str_eq(m->household_code, g_h2);
  ck_assert_str_eq(m->relation, "grandchild");
  ck_assert_str_eq(m->joined_on, "2024-01-01");
  ck_assert_str_eq(m->status, "active");
  povreg_member_free(m);
  m = NULL;
  TU_FAILS(POVREG_ENOTFOUND, "member_no",
           povreg_member_get(&m, tu_db, g_h1, 3));
  h = hget(g_h1);
  ck_assert_int_eq(h->n_active, 2);
  ck_assert_uint_eq(h->n_members, 2);
  povreg_household_free(h);
  h = hget(g_h2);
  ck_assert_int_eq(h->n_active, 2);
  ck_assert_str_eq(h->head_name, "Y Hlinh");
  povreg_household_free(h);
  ck_assert_int_eq(tu_int(tu_db, "SELECT count(*) FROM audit WHERE action = "
                                 "'member.move'"),
                   1);
  /* back again; the date defaults to today */
  TU_OK(povreg_member_move(&no, tu_db, g_h2, 2, g_h1, "con", NULL, 0));
  ck_assert_int_eq(no, 4); /* 3 was given once; numbers are never reused */
  m = mget(g_h1, no);
  ck_assert_str_eq(m->full_name, "Nguyễn Văn Hùng");
  ck_assert_str_eq(m->joined_on, TU_TODAY);
  povreg_member_free(m);
}
END_TEST

START_TEST(test_move_head)
{
  povreg_household *h;
  povreg_member *m;
  int no = 0;

  /* the head moves, nobody named to replace him */
  TU_FAILS(
      POVREG_ECONSTRAINT, "new_head",
      povreg_member_move(&no, tu_db, g_h1, 1, g_h2, "chồng", "2024-01-01", 0));
  TU_OK(
      povreg_member_move(&no, tu_db, g_h1, 1, g_h2, "chồng", "2024-01-01", 2));
  ck_assert_int_eq(no, 2);
  h = hget(g_h1);
  ck_assert_str_eq(h->head_name, "Trần Thị Lan");
  ck_assert_int_eq(h->n_active, 1);
  ck_assert_ptr_null(h->dissolved_on);
  povreg_household_free(h);
  m = mget(g_h1, 2);
  ck_assert_str_eq(m->relation, "head");
  povreg_member_free(m);
  m = mget(g_h2, 2);
  ck_assert_str_eq(m->full_name, "Nguyễn Văn Đức");
  ck_assert_str_eq(m->relation, "spouse");
  povreg_member_free(m);
}
END_TEST

START_TEST(test_move_last_member)
{
  char h3[33];
  povreg_household *h;

  tu_add_household(h3, NULL, "23530", "2021-01-01", "Lê Văn Tám", "M", "1960");
  TU_OK(povreg_member_move(NULL, tu_db, h3, 1, g_h2, "other", "2024-05-05", 0));
  h = hget(h3);
  ck_assert_str_eq(h->dissolved_on, "2024-05-05");
  ck_assert_str_eq(h->dissolved_reason, "no_members");
  ck_assert_ptr_null(h->head_name);
  ck_assert_int_eq(h->n_active, 0);
  povreg_household_free(h);
  h = hget(g_h2);
  ck_assert_int_eq(h->n_active, 2);
  povreg_household_free(h);
}
END_TEST

START_TEST(test_move_errors)
{
  char late[33], d[33], single[33];
  int no = 0;

  tu_add_household(late, NULL, "23530", "2023-01-01", "Phạm Văn Sơn", "M",
                   "1965");
  tu_add_household(d, NULL, "23530", "2020-01-15", "Lê Văn Tám", "M", "1960");
  TU_OK(povreg_household_dissolve(tu_db, d, "2024-01-01", "moved_away", NULL));
  tu_add_household(single, NULL, "23530", "2020-01-15", "Võ Văn Ba", "M",
                   "1950");
  tu_add_member(g_h1, "Nguyễn Văn Hùng", "M", "1995", "con");
  TU_OK(povreg_member_leave(tu_db, g_h1, 3, "died", "2024-01-01", 0));

#define MOVE_FAILS(code, field, from, mno, to, rel, date, snh)                 \
  TU_FAILS(code, field,                                                        \
           povreg_member_move(&no, tu_db, from, mno, to, rel, date, snh))

  MOVE_FAILS(POVREG_EINVALID, "relation", g_h1, 2, g_h2, "head", NULL, 0);
  MOVE_FAILS(POVREG_EINVALID, "relation", g_h1, 2, g_h2, "chủ hộ", NULL, 0);
  MOVE_FAILS(POVREG_EINVALID, "relation", g_h1, 2, g_h2, "bạn", NULL, 0);
  MOVE_FAILS(POVREG_EINVALID, "relation", g_h1, 2, g_h2, NULL, NULL, 0);
  MOVE_FAILS(POVREG_EINVALID, "already", g_h1, 2, g_h1, "other", NULL, 0);
  MOVE_FAILS(POVREG_EINVALID, "dissolved", g_h1, 2, d, "other", NULL, 0);
  MOVE_FAILS(POVREG_ENOTFOUND, "household", g_h1, 2, "NO-SUCH", "other", NULL,
             0);
  MOVE_FAILS(POVREG_ENOTFOUND, "household", "NO-SUCH", 2, g_h2, "other", NULL,
             0);
  MOVE_FAILS(POVREG_ENOTFOUND, "member_no", g_h1, 9, g_h2, "other", NULL, 0);
  MOVE_FAILS(POVREG_EINVALID, "no longer active", g_h1, 3, g_h2, "other", NULL,
             0);
  MOVE_FAILS(POVREG_EINVALID, "date", g_h1, 2, g_h2, "other", "2026-11-30", 0);
  MOVE_FAILS(POVREG_EINVALID, "date", g_h1, 2, g_h2, "other", "2024-02-30", 0);
  /* the target did not exist yet on that date */
  MOVE_FAILS(POVREG_EINVALID, "date", g_h1, 2, late, "other", "2022-06-01", 0);
  /* a new head named although the mover is not the head */
  MOVE_FAILS(POVREG_EINVALID, "new_head", g_h1, 2, g_h2, "other", NULL, 1);
  /* the head moves and the named new head has died */
  MOVE_FAILS(POVREG_EINVALID, "new_head", g_h1, 1, g_h2, "other", NULL, 3);
  /* the last member moves: there is nobody to name */
  MOVE_FAILS(POVREG_EINVALID, "new_head", single, 1, g_h2, "other", NULL, 1);
#undef MOVE_FAILS
}
END_TEST

/*
** A failed move reports no member number: the move was rolled back, so
** the number written to *new_no_out would name nobody.
*/
START_TEST(test_move_failure_no_number)
{
  int no = 0;

  TU_FAILS(POVREG_ECONSTRAINT, "new_head",
           povreg_member_move(&no, tu_db, g_h1, 1, g_h2, "other", NULL, 0));
  ck_assert_msg(no == 0, "a failed move reported member number %d", no);
}
END_TEST

START_TEST(test_leave)
{
  povreg_member *m;
  povreg_household *h;
  povreg_counts c;

  tu_add_member(g_h1, "Nguyễn Văn Hùng", "M", "1995", "con");
  TU_OK(povreg_member_leave(tu_db, g_h1, 3, "died", "2024-05-01", 0));
  m = mget(g_h1, 3);
  ck_assert_str_eq(m->status, "died");
  ck_assert_str_eq(m->status_on, "2024-05-01");
  ck_assert_str_eq(m->relation, "child");
  povreg_member_free(m);
  TU_OK(povreg_member_leave(tu_db, g_h1, 2, "moved_out", NULL, 0));
  m = mget(g_h1, 2);
  ck_assert_str_eq(m->status, "moved_out");
  ck_assert_str_eq(m->status_on, TU_TODAY);
  povreg_member_free(m);
  h = hget(g_h1);
  ck_assert_ptr_null(h->dissolved_on);
  ck_assert_int_eq(h->n_active, 1);
  ck_assert_uint_eq(h->n_members, 3);
  ck_assert_str_eq(h->head_name, "Nguyễn Văn Đức");
  povreg_household_free(h);
  TU_OK(povreg_counts_get(&c, tu_db, NULL));
  ck_assert_int_eq(c.members, 2);
  ck_assert_int_eq(c.members_former, 2);
}
END_TEST

START_TEST(test_leave_head)
{
  povreg_household *h;
  povreg_member *m;

  tu_add_member(g_h1, "Nguyễn Văn Hùng", "M", "1995", "con");
  TU_FAILS(POVREG_ECONSTRAINT, "new_head",
           povreg_member_leave(tu_db, g_h1, 1, "died", "2024-05-01", 0));
  TU_OK(povreg_member_leave(tu_db, g_h1, 1, "died", "2024-05-01", 3));
  h = hget(g_h1);
  ck_assert_str_eq(h->head_name, "Nguyễn Văn Hùng");
  ck_assert_int_eq(h->n_active, 2);
  povreg_household_free(h);
  m = mget(g_h1, 1);
  ck_assert_str_eq(m->status, "died");
  povreg_member_free(m);
  m = mget(g_h1, 3);
  ck_assert_str_eq(m->relation, "head");
  povreg_member_free(m);
}
END_TEST

START_TEST(test_leave_last_member)
{
  char h3[33];
  povreg_household *h;

  /* the last one dies: the household is dissolved, "no_members" */
  TU_OK(povreg_member_leave(tu_db, g_h2, 1, "died", "2024-01-01", 0));
  h = hget(g_h2);
  ck_assert_str_eq(h->dissolved_on, "2024-01-01");
  ck_assert_str_eq(h->dissolved_reason, "no_members");
  povreg_household_free(h);
  /* the last two move out one after the other */
  TU_OK(povreg_member_leave(tu_db, g_h1, 2, "moved_out", "2024-02-01", 0));
  TU_OK(povreg_member_leave(tu_db, g_h1, 1, "moved_out", "2024-03-01", 0));
  h = hget(g_h1);
  ck_assert_str_eq(h->dissolved_on, "2024-03-01");
  ck_assert_str_eq(h->dissolved_reason, "no_members");
  povreg_household_free(h);
  tu_add_household(h3, NULL, "23530", "2021-01-01", "Lê Văn Tám", "M", "1960");
  TU_FAILS(POVREG_EINVALID, "new_head",
           povreg_member_leave(tu_db, h3, 1, "died", "2024-01-01", 2));
}
END_TEST

START_TEST(test_leave_errors)
{
  tu_add_member(g_h1, "Nguyễn Văn Hùng", "M", "1995", "con");
  TU_OK(povreg_member_leave(tu_db, g_h1, 3, "died", "2024-01-01", 0));
  TU_FAILS(POVREG_EINVALID, "status",
           povreg_member_leave(tu_db, g_h1, 2, "dead", NULL, 0));
  TU_FAILS(POVREG_EINVALID, "status",
           povreg_member_leave(tu_db, g_h1, 2, NULL, NULL, 0));
  TU_FAILS(POVREG_EINVALID, "no longer active",
           povreg_member_leave(tu_db, g_h1, 3, "died", NULL, 0));
  /* a new head named although the leaver is not the head */
  TU_FAILS(POVREG_EINVALID, "new_head",
           povreg_member_leave(tu_db, g_h1, 2, "died", NULL, 1));
  /* the new head cannot be the leaver, a former member or nobody */
  TU_FAILS(POVREG_EINVALID, "new_head",
           povreg_member_leave(tu_db, g_h1, 1, "died", NULL, 1));
  TU_FAILS(POVREG_EINVALID, "new_head",
           povreg_member_leave(tu_db, g_h1, 1, "died", NULL, 3));
  TU_FAILS(POVREG_ENOTFOUND, "member_no",
           povreg_member_leave(tu_db, g_h1, 1, "died", NULL, 9));
  TU_FAILS(POVREG_EINVALID, "date",
           povreg_member_leave(tu_db, g_h1, 2, "died", "2019-12-31", 0));
  TU_FAILS(POVREG_EINVALID, "date",
           povreg_member_leave(tu_db, g_h1, 2, "died", "2026-11-30", 0));
  TU_FAILS(POVREG_ENOTFOUND, "member_no",
           povreg_member_leave(tu_db, g_h1, 9, "died", NULL, 0));
  TU_FAILS(POVREG_ENOTFOUND, "household",
           povreg_member_leave(tu_db, "NO-SUCH", 1, "died", NULL, 0));
}
END_TEST

/*
** Standing facts (health insurance, schooling, grade): stored when given,
** -1 when unknown, kept by NULL, cleared by "", checked, and audited.
*/
START_TEST(test_standing_facts)
{
  povreg_member_spec s = tu_person("Nguyễn Văn Hùng", "M", "2010", "con");
  povreg_member *m;
  int no;

  /* unknown unless given */
  m = mget(g_h1, 2);
  ck_assert_int_eq(m->health_insurance, -1);
  ck_assert_int_eq(m->in_school, -1);
  ck_assert_int_eq(m->education_grade, -1);
  povreg_member_free(m);
  s.health_insurance = "1";
  s.in_school = "1";
  s.education_grade = "9";
  no = add_spec(&s);
  m = mget(g_h1, no);
  ck_assert_int_eq(m->health_insurance, 1);
  ck_assert_int_eq(m->in_school, 1);
  ck_assert_int_eq(m->education_grade, 9);
  povreg_member_free(m);
  ck_assert_int_eq(tu_int(tu_db, "SELECT count(*) FROM audit WHERE action = "
                                 "'member.add' AND new_value LIKE "
                                 "'%\"health_insurance\":1,\"in_school\":1,"
                                 "\"education_grade\":9%'"),
                   1);
  /* NULL keeps, "" clears, a value replaces */
  s = tu_person(NULL, NULL, NULL, NULL);
  s.in_school = "0";
  s.education_grade = "";
  TU_OK(povreg_member_update(tu_db, g_h1, no, &s));
  m = mget(g_h1, no);
  ck_assert_int_eq(m->health_insurance, 1);
  ck_assert_int_eq(m->in_school, 0);
  ck_assert_int_eq(m->education_grade, -1);
  povreg_member_free(m);
  s.in_school = NULL;
  s.education_grade = "0";
  s.health_insurance = "0";
  TU_OK(povreg_member_update(tu_db, g_h1, no, &s));
  m = mget(g_h1, no);
  ck_assert_int_eq(m->health_insurance, 0);
  ck_assert_int_eq(m->in_school, 0);
  ck_assert_int_eq(m->education_grade, 0);
  povreg_member_free(m);
  ck_assert_int_eq(tu_int(tu_db, "SELECT count(*) FROM audit WHERE action = "
                                 "'member.edit' AND old_value LIKE "
                                 "'%\"education_grade\":null%' AND new_value "
                                 "LIKE '%\"education_grade\":0%'"),
                   1);
  /* bad values name the field; nothing changes */
  s = tu_person(NULL, NULL, NULL, NULL);
  s.health_insurance = "2";
  TU_FAILS(POVREG_EINVALID, "health_insurance: must be 0 or 1",
           povreg_member_update(tu_db, g_h1, no, &s));
  s.health_insurance = "yes";
  TU_FAILS(POVREG_EINVALID, "health_insurance",
           povreg_member_update(tu_db, g_h1, no, &s));
  s.health_insurance = NULL;
  s.in_school = "01";
  TU_FAILS(POVREG_EINVALID, "in_school: must be 0 or 1",
           povreg_member_update(tu_db, g_h1, no, &s));
  s.in_school = "-1";
  TU_FAILS(POVREG_EINVALID, "in_school",
           povreg_member_update(tu_db, g_h1, no, &s));
  s.in_school = NULL;
  s.education_grade = "13";
  TU_FAILS(POVREG_EINVALID,
           "education_grade: must be a whole number from 0 "
           "to 12",
           povreg_member_update(tu_db, g_h1, no, &s));
  s.education_grade = "9.5";
  TU_FAILS(POVREG_EINVALID, "education_grade",
           povreg_member_update(tu_db, g_h1, no, &s));
  s.education_grade = "1000";
  TU_FAILS(POVREG_EINVALID, "education_grade",
           povreg_member_update(tu_db, g_h1, no, &s));
  s = tu_person("Nguyễn Thị Mai", "F", "2012", "con");
  s.in_school = "x";
  ADD_FAILS(POVREG_EINVALID, "in_school", s);
  /* the household record carries them too */
  {
    povreg_household *h = hget(g_h1);
    ck_assert_int_eq(h->members[no - 1].education_grade, 0);
    ck_assert_int_eq(h->members[0].in_school, -1);
    povreg_household_free(h);
  }
}
END_TEST

/* The suite. */
static Suite *member_suite(void)
{
  Suite *s = suite_create("member");
  TCase *core = tcase_create("core");
  TCase *errors = tcase_create("errors");
  TCase *limits = tcase_create("limits");

  tcase_add_checked_fixture(core, mem_setup, tu_teardown);
  tcase_add_checked_fixture(errors, mem_setup, tu_teardown);
  tcase_add_checked_fixture(limits, mem_setup, tu_teardown);
  tcase_add_test(core, test_add_numbers);
  tcase_add_test(core, test_relations);
  tcase_add_test(core, test_update);
  tcase_add_test(core, test_move);
  tcase_add_test(core, test_move_head);
  tcase_add_test(core, test_move_last_member);
  tcase_add_test(core, test_leave);
  tcase_add_test(core, test_leave_head);
  tcase_add_test(core, test_leave_last_member);
  tcase_add_test(errors, test_get_errors);
  tcase_add_test(errors, test_add_to_dissolved);
  tcase_add_test(errors, test_update_errors);
  tcase_add_test(errors, test_move_errors);
  tcase_add_test(errors, test_move_failure_no_number);
  tcase_add_test(errors, test_second_head);
  tcase_add_test(errors, test_leave_errors);
  tcase_add_test(limits, test_full_name_limits);
  tcase_add_test(limits, test_sex);
  tcase_add_test(limits, test_birth_dates);
  tcase_add_test(limits, test_citizen_id);
  tcase_add_test(limits, test_bhxh_no);
  tcase_add_test(limits, test_ethnicity);
  tcase_add_test(limits, test_standing_facts);
  suite_add_tcase(s, core);
  suite_add_tcase(s, errors);
  suite_add_tcase(s, limits);
  return s;
}

/* Run the suite; the exit status is the number of failed tests. */
int main(void)
{
  return tu_run(member_suite());
}
