/*
** check_unit.c: administrative units over time (the 2025-07-01
** reorganisation of Kon Tum shipped by 0003), areas, successors, adding
** and closing units, period flags, and villages.
*/
#include "check_util.h"

/* What a unit or village listing saw. */
typedef struct seen {
  int n;             /* callbacks */
  char codes[512];   /* codes (or names), comma-separated */
  const char *watch; /* a code whose flags to keep */
  unsigned flags;    /* flags of `watch` */
  int stop_after;    /* return 7 after this many callbacks (0: never) */
} seen;

/* Append a word to s->codes. */
static void seen_add(seen *s, const char *word)
{
  size_t len = strlen(s->codes);

  snprintf(s->codes + len, sizeof s->codes - len, "%s%s", len ? "," : "", word);
}

/* povreg_unit_list callback. */
static int on_unit(const povreg_unit *u, void *payload)
{
  seen *s = payload;

  s->n++;
  seen_add(s, u->code);
  if (s->watch != NULL && strcmp(u->code, s->watch) == 0) {
    s->flags = u->flags;
  }
  return (s->stop_after != 0 && s->n >= s->stop_after) ? 7 : 0;
}

/* povreg_village_list callback: names (and kinds) in order. */
static int on_village(const povreg_village *v, void *payload)
{
  seen *s = payload;
  char word[256];

  s->n++;
  snprintf(word, sizeof word, "%s:%s:%s", v->commune_code, v->name, v->kind);
  seen_add(s, word);
  ck_assert_int_gt(v->id, 0);
  return (s->stop_after != 0 && s->n >= s->stop_after) ? 9 : 0;
}

/* List units into a fresh `seen`. */
static seen list_units(const char *parent, const char *level, const char *date)
{
  seen s;

  memset(&s, 0, sizeof s);
  TU_OK(povreg_unit_list(tu_db, parent, level, date, on_unit, &s));
  return s;
}

/* Resolve code on date, expecting success; returns the result in out. */
static void resolve_is(const char *code, const char *date, const char *want)
{
  char out[6] = "";
  int rc = povreg_unit_resolve(out, tu_db, code, date);

  ck_assert_msg(rc == POVREG_OK, "resolve %s on %s: %d (%s)", code, date, rc,
                povreg_errmsg(tu_db));
  ck_assert_msg(strcmp(out, want) == 0, "resolve %s on %s = %s, want %s", code,
                date, out, want);
}

/* Flags of code on date (which must exist). */
static unsigned flags_on(const char *code, const char *date)
{
  povreg_unit *u = NULL;
  unsigned f;

  TU_OK(povreg_unit_get(&u, tu_db, code, date));
  f = u->flags;
  povreg_unit_free(u);
  return f;
}

/* A commune spec. */
static povreg_unit_spec commune_spec(const char *code, const char *name,
                                     const char *parent, const char *valid_from)
{
  povreg_unit_spec s;

  memset(&s, 0, sizeof s);
  s.code = code;
  s.name = name;
  s.kind = "commune";
  s.parent_code = parent;
  s.valid_from = valid_from;
  s.source = "test decision";
  return s;
}

/* ---- core ---- */

START_TEST(test_get_boundary_day)
{
  povreg_unit *u = NULL;

  TU_OK(povreg_unit_get(&u, tu_db, "23527", "2025-06-30"));
  ck_assert_str_eq(u->code, "23527");
  ck_assert_str_eq(u->level, "commune");
  ck_assert_str_eq(u->name, "Thị trấn Sa Thầy");
  ck_assert_str_eq(u->kind, "township");
  ck_assert_str_eq(u->parent_code, "616");
  ck_assert_int_eq(u->area, POVREG_AREA_URBAN);
  ck_assert_ptr_null(u->valid_from);
  ck_assert_str_eq(u->valid_to, "2025-07-01");
  ck_assert_ptr_null(u->closed_on);
  ck_assert_ptr_null(u->successor_code);
  ck_assert_uint_eq(u->flags, 0);
  povreg_unit_free(u);
  u = NULL;

  TU_OK(povreg_unit_get(&u, tu_db, "23527", "2025-07-01"));
  ck_assert_str_eq(u->name, "Xã Sa Thầy");
  ck_assert_str_eq(u->kind, "commune");
  ck_assert_str_eq(u->parent_code, "51");
  ck_assert_int_eq(u->area, POVREG_AREA_RURAL);
  ck_assert_str_eq(u->valid_from, "2025-07-01");
  ck_assert_ptr_null(u->valid_to);
  ck_assert_ptr_nonnull(u->source);
  povreg_unit_free(u);
  u = NULL;

  /* NULL date: the latest version */
  TU_OK(povreg_unit_get(&u, tu_db, "23527", NULL));
  ck_assert_str_eq(u->name, "Xã Sa Thầy");
  povreg_unit_free(u);
  u = NULL;

  /* a closed commune: found before, not on the day it closed */
  TU_OK(povreg_unit_get(&u, tu_db, "23545", "2025-06-30"));
  ck_assert_str_eq(u->name, "Xã Sa Bình");
  ck_assert_str_eq(u->closed_on, "2025-07-01");
  ck_assert_str_eq(u->successor_code, "23534");
  povreg_unit_free(u);
  u = NULL;
  TU_FAILS(POVREG_ENOTFOUND, "23545",
           povreg_unit_get(&u, tu_db, "23545", "2025-07-01"));
  ck_assert_ptr_null(u);

  /* a version with no valid_from stands for any earlier date */
  TU_OK(povreg_unit_get(&u, tu_db, "23527", "1900-01-01"));
  ck_assert_str_eq(u->name, "Thị trấn Sa Thầy");
  povreg_unit_free(u);
  u = NULL;

  /* provinces */
  TU_OK(povreg_unit_get(&u, tu_db, "62", "2025-06-30"));
  ck_assert_str_eq(u->level, "province");
  ck_assert_str_eq(u->name, "Tỉnh Kon Tum");
  ck_assert_ptr_null(u->parent_code);
  ck_assert_int_eq(u->area, POVREG_AREA_UNKNOWN);
  povreg_unit_free(u);
}
END_TEST

START_TEST(test_area_boundary)
{
  povreg_area a = POVREG_AREA_UNKNOWN;

  TU_OK(povreg_unit_area(&a, tu_db, "23527", "2025-06-30"));
  ck_assert_int_eq(a, POVREG_AREA_URBAN);
  TU_OK(povreg_unit_area(&a, tu_db, "23527", "2025-07-01"));
  ck_assert_int_eq(a, POVREG_AREA_RURAL);
  TU_OK(povreg_unit_area(&a, tu_db, "23530", "2020-01-01"));
  ck_assert_int_eq(a, POVREG_AREA_RURAL);
  TU_OK(povreg_unit_area(&a, tu_db, "23530", "2026-01-01"));
  ck_assert_int_eq(a, POVREG_AREA_RURAL);
  TU_FAILS(POVREG_ENOTFOUND, NULL,
           povreg_unit_area(&a, tu_db, "23545", "2025-07-01"));
  TU_FAILS(POVREG_EINVALID, "commune",
           povreg_unit_area(&a, tu_db, "616", "2020-01-01"));
  TU_FAILS(POVREG_EINVALID, NULL, povreg_unit_area(&a, tu_db, "23527", NULL));
}
END_TEST

START_TEST(test_resolve)
{
  char out[6];

  resolve_is("23545", "2025-06-30", "23545");
  resolve_is("23545", "2025-07-01", "23534");
  resolve_is("23545", "2030-01-01", "23534");
  resolve_is("23533", "2025-07-01", "23527");
  resolve_is("23554", "2026-11-29", "23548");
  resolve_is("23527", "2025-07-01", "23527");
  resolve_is("62", "2025-06-30", "62");
  resolve_is("62", "2025-07-01", "51");
  resolve_is("616", "2025-06-30", "616");
  TU_FAILS(POVREG_ENOTFOUND, "no successor",
           povreg_unit_resolve(out, tu_db, "616", "2025-07-01"));
  TU_FAILS(POVREG_ENOTFOUND, "616",
           povreg_unit_resolve(out, tu_db, "616", "2025-07-01"));
  TU_FAILS(POVREG_ENOTFOUND, NULL,
           povreg_unit_resolve(out, tu_db, "99999", "2025-07-01"));
  TU_FAILS(POVREG_EINVALID, "date",
           povreg_unit_resolve(out, tu_db, "23545", "2025-13-01"));
}
END_TEST

START_TEST(test_list_by_parent_and_date)
{
  seen s;

  s = list_units("616", NULL, "2020-01-01");
  ck_assert_int_eq(s.n, 11);
  ck_assert_str_eq(s.codes, "23527,23530,23533,23534,23536,23539,23542,"
                            "23545,23548,23551,23554");
  s = list_units("616", "commune", "2025-06-30");
  ck_assert_int_eq(s.n, 11);
  s = list_units("616", NULL, "2025-07-01");
  ck_assert_int_eq(s.n, 0);
  s = list_units("51", NULL, "2026-01-01");
  ck_assert_int_eq(s.n, 7);
  ck_assert_str_eq(s.codes, "23527,23530,23534,23535,23536,23538,23548");
  s = list_units("51", NULL, "2025-06-30");
  ck_assert_int_eq(s.n, 0);
  s = list_units("618", NULL, "2020-01-01");
  ck_assert_str_eq(s.codes, "23535,23537,23538");
  s = list_units(NULL, "province", "2025-06-30");
  ck_assert_str_eq(s.codes, "51,62");
  s = list_units(NULL, "province", "2025-07-01");
  ck_assert_str_eq(s.codes, "51");
  s = list_units(NULL, "district", "2025-07-01");
  ck_assert_int_eq(s.n, 0);
  s = list_units(NULL, "district", NULL);
  ck_assert_str_eq(s.codes, "616,618");
  /* every version ever: 23527 twice */
  s = list_units(NULL, "commune", NULL);
  ck_assert_int_eq(s.n, 14 + 7);
}
END_TEST

START_TEST(test_list_stop_and_errors)
{
  seen s;

  memset(&s, 0, sizeof s);
  s.stop_after = 2;
  ck_assert_int_eq(
      povreg_unit_list(tu_db, "616", NULL, "2020-01-01", on_unit, &s), 7);
  ck_assert_int_eq(s.n, 2);
  memset(&s, 0, sizeof s);
  TU_FAILS(POVREG_EINVALID, "level",
           povreg_unit_list(tu_db, NULL, "village", NULL, on_unit, &s));
  TU_FAILS(POVREG_EINVALID, "date",
           povreg_unit_list(tu_db, NULL, NULL, "2025-02-30", on_unit, &s));
  TU_FAILS(POVREG_EINVALID, NULL,
           povreg_unit_list(tu_db, NULL, NULL, NULL, NULL, &s));
  ck_assert_int_eq(s.n, 0);
}
END_TEST

START_TEST(test_get_errors)
{
  povreg_unit *u = NULL;

  TU_FAILS(POVREG_ENOTFOUND, NULL, povreg_unit_get(&u, tu_db, "99999", NULL));
  TU_FAILS(POVREG_ENOTFOUND, NULL,
           povreg_unit_get(&u, tu_db, "2352", "2020-01-01"));
  TU_FAILS(POVREG_EINVALID, "date",
           povreg_unit_get(&u, tu_db, "23527", "2025-02-30"));
  TU_FAILS(POVREG_EINVALID, NULL, povreg_unit_get(NULL, tu_db, "23527", NULL));
  ck_assert_ptr_null(u);
}
END_TEST

START_TEST(test_add_commune)
{
  povreg_unit_spec s =
      commune_spec("23999", "Xã Thử Nghiệm", "616", "2020-01-01");
  povreg_unit *u = NULL;
  seen l;

  TU_OK(povreg_unit_add(tu_db, &s));
  TU_OK(povreg_unit_get(&u, tu_db, "23999", "2020-06-01"));
  ck_assert_str_eq(u->name, "Xã Thử Nghiệm");
  ck_assert_str_eq(u->parent_code, "616");
  ck_assert_str_eq(u->level, "commune");
  ck_assert_str_eq(u->valid_from, "2020-01-01");
  ck_assert_int_eq(u->area, POVREG_AREA_RURAL);
  ck_assert_str_eq(u->source, "test decision");
  povreg_unit_free(u);
  u = NULL;
  TU_FAILS(POVREG_ENOTFOUND, NULL,
           povreg_unit_get(&u, tu_db, "23999", "2019-12-31"));
  l = list_units("616", NULL, "2021-01-01");
  ck_assert_int_eq(l.n, 12);
  ck_assert_int_eq(tu_int(tu_db, "SELECT count(*) FROM audit WHERE action = "
                                 "'unit.add' AND entity = 'unit' AND "
                                 "entity_key = '23999'"),
                   1);
  /* a ward is urban */
  s = commune_spec("23998", "Phường Mới", "51", "2026-01-01");
  s.kind = "ward";
  TU_OK(povreg_unit_add(tu_db, &s));
  {
    povreg_area a;
    TU_OK(povreg_unit_area(&a, tu_db, "23998", "2026-01-01"));
    ck_assert_int_eq(a, POVREG_AREA_URBAN);
  }
  /* a new province and district */
  s = commune_spec("99", "Tỉnh Thử", NULL, NULL);
  s.kind = "province";
  TU_OK(povreg_unit_add(tu_db, &s));
  s = commune_spec("999", "Huyện Thử", "99", NULL);
  s.kind = "district";
  TU_OK(povreg_unit_add(tu_db, &s));
}
END_TEST

START_TEST(test_add_new_version)
{
  povreg_unit_spec s =
      commune_spec("23530", "Xã Rờ Kơi Mới", "51", "2026-03-01");
  povreg_unit *u = NULL;

  TU_OK(povreg_unit_add(tu_db, &s));
  TU_OK(povreg_unit_get(&u, tu_db, "23530", "2026-02-28"));
  ck_assert_str_eq(u->name, "Xã Rờ Kơi");
  ck_assert_str_eq(u->valid_to, "2026-03-01");
  povreg_unit_free(u);
  u = NULL;
  TU_OK(povreg_unit_get(&u, tu_db, "23530", "2026-03-01"));
  ck_assert_str_eq(u->name, "Xã Rờ Kơi Mới");
  ck_assert_ptr_null(u->valid_to);
  povreg_unit_free(u);
  u = NULL;
  TU_OK(povreg_unit_get(&u, tu_db, "23530", "2020-01-01"));
  ck_assert_str_eq(u->name, "Xã Rơ Kơi");
  povreg_unit_free(u);
  ck_assert_int_eq(tu_int(tu_db, "SELECT count(*) FROM audit WHERE action = "
                                 "'unit.version' AND entity_key = '23530'"),
                   1);
}
END_TEST

START_TEST(test_add_errors)
{
  povreg_unit_spec s = commune_spec("2399", "Xã X", "616", "2020-01-01");

  TU_FAILS(POVREG_EINVALID, "code:", povreg_unit_add(tu_db, &s));
  s.code = "23a99";
  TU_FAILS(POVREG_EINVALID, "code:", povreg_unit_add(tu_db, &s));
  s.code = "ab";
  TU_FAILS(POVREG_EINVALID, "code:", povreg_unit_add(tu_db, &s));
  s.code = "239999";
  TU_FAILS(POVREG_EINVALID, "code:", povreg_unit_add(tu_db, &s));
  s.code = NULL;
  TU_FAILS(POVREG_EINVALID, "code:", povreg_unit_add(tu_db, &s));
  /* a commune code must have 5 digits */
  s.code = "999";
  TU_FAILS(POVREG_EINVALID, "code:", povreg_unit_add(tu_db, &s));
  s.code = "23999";
  s.kind = "hamlet";
  TU_FAILS(POVREG_EINVALID, "kind:", povreg_unit_add(tu_db, &s));
  s.kind = NULL;
  TU_FAILS(POVREG_EINVALID, "kind:", povreg_unit_add(tu_db, &s));
  s.kind = "commune";
  s.parent_code = NULL;
  TU_FAILS(POVREG_EINVALID, "parent:", povreg_unit_add(tu_db, &s));
  s.parent_code = "23530"; /* a commune under a commune */
  TU_FAILS(POVREG_EINVALID, "parent:", povreg_unit_add(tu_db, &s));
  s.parent_code = "88";
  TU_FAILS(POVREG_ENOTFOUND, "parent:", povreg_unit_add(tu_db, &s));
  /* a district after the district level ended */
  s.parent_code = "616";
  s.valid_from = "2026-01-01";
  TU_FAILS(POVREG_ENOTFOUND, "parent:", povreg_unit_add(tu_db, &s));
  s.valid_from = "2020-02-30";
  TU_FAILS(POVREG_EINVALID, "valid_from", povreg_unit_add(tu_db, &s));
  s.valid_from = "2020-01-01";
  s.source = NULL;
  TU_FAILS(POVREG_EINVALID, "source", povreg_unit_add(tu_db, &s));
  s.source = "";
  TU_FAILS(POVREG_EINVALID, "source", povreg_unit_add(tu_db, &s));
  s.source = "test";
  s.name = "";
  TU_FAILS(POVREG_EINVALID, "name", povreg_unit_add(tu_db, &s));
  s.name = "Xã \xc3(";
  TU_FAILS(POVREG_EINVALID, "name", povreg_unit_add(tu_db, &s));
  /* a province with a parent */
  s = commune_spec("98", "Tỉnh X", "51", NULL);
  s.kind = "province";
  TU_FAILS(POVREG_EINVALID, "parent:", povreg_unit_add(tu_db, &s));
  /* a district under a district */
  s = commune_spec("998", "Huyện X", "616", NULL);
  s.kind = "district";
  TU_FAILS(POVREG_EINVALID, "parent:", povreg_unit_add(tu_db, &s));
  TU_FAILS(POVREG_EINVALID, NULL, povreg_unit_add(tu_db, NULL));
}
END_TEST

START_TEST(test_add_existing_and_closed)
{
  povreg_unit_spec s =
      commune_spec("23545", "Xã Sa Bình Mới", "51", "2026-01-01");

  /* a closed code is never reused */
  TU_FAILS(POVREG_ECONSTRAINT, "23545", povreg_unit_add(tu_db, &s));
  /* an existing code needs valid_from for a new version */
  s = commune_spec("23530", "Xã Rờ Kơi", "51", NULL);
  TU_FAILS(POVREG_EEXISTS, "23530", povreg_unit_add(tu_db, &s));
  /* a version starting the day an existing one starts */
  s = commune_spec("23530", "Xã Rờ Kơi", "51", "2025-07-01");
  TU_FAILS(POVREG_EEXISTS, NULL, povreg_unit_add(tu_db, &s));
  /* a commune code cannot become a district */
  s = commune_spec("616", "Huyện X", "62", "2020-01-01");
  s.kind = "commune";
  TU_FAILS(POVREG_EINVALID, "code:", povreg_unit_add(tu_db, &s));
}
END_TEST

START_TEST(test_close_and_resolve)
{
  povreg_unit *u = NULL;

  TU_OK(povreg_unit_close(tu_db, "23536", "2026-06-01", "23530", "NQ test"));
  resolve_is("23536", "2026-05-31", "23536");
  resolve_is("23536", "2026-06-01", "23530");
  TU_FAILS(POVREG_ENOTFOUND, NULL,
           povreg_unit_get(&u, tu_db, "23536", "2026-06-01"));
  TU_OK(povreg_unit_get(&u, tu_db, "23536", "2026-05-31"));
  ck_assert_str_eq(u->name, "Xã Mô Rai");
  povreg_unit_free(u);
  u = NULL;
  TU_OK(povreg_unit_get(&u, tu_db, "23536", NULL));
  ck_assert_str_eq(u->closed_on, "2026-06-01");
  ck_assert_str_eq(u->successor_code, "23530");
  ck_assert_str_eq(u->valid_to, "2026-06-01");
  povreg_unit_free(u);
  ck_assert_int_eq(tu_int(tu_db, "SELECT count(*) FROM audit WHERE action = "
                                 "'unit.close' AND entity_key = '23536'"),
                   1);
  /* two hops: 23545 -> 23534 -> 23530 */
  TU_OK(povreg_unit_close(tu_db, "23534", "2026-07-01", "23530", "NQ test"));
  resolve_is("23545", "2026-06-30", "23534");
  resolve_is("23545", "2026-07-01", "23530");
  /* closed without successor */
  TU_OK(povreg_unit_close(tu_db, "23535", "2026-07-01", NULL, "NQ test"));
  {
    char out[6];
    TU_FAILS(POVREG_ENOTFOUND, "no successor",
             povreg_unit_resolve(out, tu_db, "23535", "2026-07-01"));
  }
  resolve_is("23535", "2026-06-30", "23535");
}
END_TEST

START_TEST(test_close_errors)
{
  TU_FAILS(POVREG_ECONSTRAINT, "closed",
           povreg_unit_close(tu_db, "23545", "2026-01-01", NULL, "x"));
  /* before the start of the current version (2025-07-01) */
  TU_FAILS(POVREG_EINVALID, "date",
           povreg_unit_close(tu_db, "23530", "2025-01-01", NULL, "x"));
  TU_FAILS(POVREG_EINVALID, "date",
           povreg_unit_close(tu_db, "23530", "2025-07-01", NULL, "x"));
  TU_FAILS(POVREG_EINVALID, "successor",
           povreg_unit_close(tu_db, "23530", "2026-01-01", "51", "x"));
  TU_FAILS(POVREG_EINVALID, "successor",
           povreg_unit_close(tu_db, "23530", "2026-01-01", "23530", "x"));
  TU_FAILS(POVREG_ENOTFOUND, "successor",
           povreg_unit_close(tu_db, "23530", "2026-01-01", "23545", "x"));
  TU_FAILS(POVREG_ENOTFOUND, NULL,
           povreg_unit_close(tu_db, "99999", "2026-01-01", NULL, "x"));
  TU_FAILS(POVREG_EINVALID, "source",
           povreg_unit_close(tu_db, "23530", "2026-01-01", NULL, NULL));
  TU_FAILS(POVREG_EINVALID, "date",
           povreg_unit_close(tu_db, "23530", "2026-02-30", NULL, "x"));
  TU_FAILS(POVREG_EINVALID, "date",
           povreg_unit_close(tu_db, "23530", NULL, NULL, "x"));
}
END_TEST

START_TEST(test_flags)
{
  seen l;

  TU_OK(povreg_unit_flag_set(tu_db, "23536", "especially_difficult",
                             "2021-01-01", "2026-01-01", "QĐ 861/QĐ-TTg"));
  ck_assert_uint_eq(flags_on("23536", "2020-12-31"), 0);
  ck_assert_uint_eq(flags_on("23536", "2021-01-01"),
                    POVREG_UNIT_ESPECIALLY_DIFFICULT);
  ck_assert_uint_eq(flags_on("23536", "2025-12-31"),
                    POVREG_UNIT_ESPECIALLY_DIFFICULT);
  ck_assert_uint_eq(flags_on("23536", "2026-01-01"), 0); /* exclusive */
  /* an adjacent period does not overlap */
  TU_OK(povreg_unit_flag_set(tu_db, "23536", "especially_difficult",
                             "2026-01-01", NULL, "QĐ 2026"));
  TU_OK(povreg_unit_flag_set(tu_db, "23536", "difficult_area", "2025-07-01",
                             NULL, "QĐ 2025"));
  ck_assert_uint_eq(flags_on("23536", "2025-12-31"),
                    POVREG_UNIT_ESPECIALLY_DIFFICULT |
                        POVREG_UNIT_DIFFICULT_AREA);
  ck_assert_uint_eq(flags_on("23536", "2030-01-01"),
                    POVREG_UNIT_ESPECIALLY_DIFFICULT |
                        POVREG_UNIT_DIFFICULT_AREA);
  ck_assert_uint_eq(flags_on("23536", "2025-06-30"),
                    POVREG_UNIT_ESPECIALLY_DIFFICULT);
  /* NULL date: flags in force today (2026-11-29) */
  ck_assert_uint_eq(flags_on("23536", NULL), POVREG_UNIT_ESPECIALLY_DIFFICULT |
                                                 POVREG_UNIT_DIFFICULT_AREA);
  TU_OK(povreg_unit_flag_set(tu_db, "616", "poor_district", "2018-01-01",
                             "2025-07-01", "QĐ 275/QĐ-TTg"));
  ck_assert_uint_eq(flags_on("616", "2020-01-01"), POVREG_UNIT_POOR_DISTRICT);
  TU_OK(povreg_unit_flag_set(tu_db, "23530", "island", "2020-01-01", NULL,
                             "test"));
  ck_assert_uint_eq(flags_on("23530", "2020-01-01"), POVREG_UNIT_ISLAND);
  /* the listing reports flags on its date */
  memset(&l, 0, sizeof l);
  l.watch = "23536";
  TU_OK(povreg_unit_list(tu_db, "616", NULL, "2022-01-01", on_unit, &l));
  ck_assert_uint_eq(l.flags, POVREG_UNIT_ESPECIALLY_DIFFICULT);
  memset(&l, 0, sizeof l);
  l.watch = "23533";
  l.flags = 99;
  TU_OK(povreg_unit_list(tu_db, "616", NULL, "2022-01-01", on_unit, &l));
  ck_assert_uint_eq(l.flags, 0);
  ck_assert_int_eq(tu_int(tu_db, "SELECT count(*) FROM audit WHERE action = "
                                 "'unit.flag'"),
                   5);
}
END_TEST

START_TEST(test_flag_errors)
{
  TU_OK(povreg_unit_flag_set(tu_db, "23536", "especially_difficult",
                             "2021-01-01", "2026-01-01", "QĐ 861/QĐ-TTg"));
  TU_FAILS(POVREG_EEXISTS, "overlap",
           povreg_unit_flag_set(tu_db, "23536", "especially_difficult",
                                "2025-06-01", NULL, "x"));
  TU_FAILS(POVREG_EEXISTS, "overlap",
           povreg_unit_flag_set(tu_db, "23536", "especially_difficult",
                                "2020-01-01", "2021-01-02", "x"));
  TU_FAILS(POVREG_EEXISTS, "overlap",
           povreg_unit_flag_set(tu_db, "23536", "especially_difficult",
                                "2021-01-01", "2026-01-01", "x"));
  TU_FAILS(
      POVREG_EINVALID, "flag",
      povreg_unit_flag_set(tu_db, "23536", "poor", "2021-01-01", NULL, "x"));
  TU_FAILS(POVREG_EINVALID, "valid_to",
           povreg_unit_flag_set(tu_db, "23536", "island", "2021-01-01",
                                "2021-01-01", "x"));
  TU_FAILS(POVREG_EINVALID, "valid_to",
           povreg_unit_flag_set(tu_db, "23536", "island", "2021-01-01",
                                "2020-01-01", "x"));
  TU_FAILS(POVREG_EINVALID, "valid_from",
           povreg_unit_flag_set(tu_db, "23536", "island", NULL, NULL, "x"));
  TU_FAILS(
      POVREG_EINVALID, "valid_from",
      povreg_unit_flag_set(tu_db, "23536", "island", "2021-02-29", NULL, "x"));
  TU_FAILS(
      POVREG_EINVALID, "source",
      povreg_unit_flag_set(tu_db, "23536", "island", "2021-01-01", NULL, ""));
  TU_FAILS(
      POVREG_ENOTFOUND, NULL,
      povreg_unit_flag_set(tu_db, "99999", "island", "2021-01-01", NULL, "x"));
}
END_TEST

START_TEST(test_villages)
{
  int64_t id1 = 0, id2 = 0;
  seen s;

  TU_OK(povreg_village_add(&id1, tu_db, "23530", "Thôn 1", NULL));
  TU_OK(povreg_village_add(&id2, tu_db, "23530", "Làng Trấp", "lang"));
  ck_assert_int_gt(id1, 0);
  ck_assert_int_gt(id2, id1);
  /* the same name in another commune is fine */
  TU_OK(povreg_village_add(NULL, tu_db, "23536", "Thôn 1", "thon"));
  memset(&s, 0, sizeof s);
  TU_OK(povreg_village_list(tu_db, "23530", on_village, &s));
  ck_assert_int_eq(s.n, 2);
  ck_assert_str_eq(s.codes, "23530:Làng Trấp:lang,23530:Thôn 1:thon");
  memset(&s, 0, sizeof s);
  TU_OK(povreg_village_list(tu_db, NULL, on_village, &s));
  ck_assert_int_eq(s.n, 3);
  ck_assert_str_eq(s.codes, "23530:Làng Trấp:lang,23530:Thôn 1:thon,"
                            "23536:Thôn 1:thon");
  memset(&s, 0, sizeof s);
  TU_OK(povreg_village_list(tu_db, "23548", on_village, &s));
  ck_assert_int_eq(s.n, 0);
  memset(&s, 0, sizeof s);
  s.stop_after = 1;
  ck_assert_int_eq(povreg_village_list(tu_db, NULL, on_village, &s), 9);
  ck_assert_int_eq(s.n, 1);
  ck_assert_int_eq(tu_int(tu_db, "SELECT count(*) FROM audit WHERE action = "
                                 "'village.add'"),
                   3);
}
END_TEST

START_TEST(test_village_errors)
{
  char *s201 = tu_repeat("ấ", 201);

  TU_OK(povreg_village_add(NULL, tu_db, "23530", "Làng Trấp", "lang"));
  TU_FAILS(POVREG_EEXISTS, "Làng Trấp",
           povreg_village_add(NULL, tu_db, "23530", "Làng Trấp", "lang"));
  TU_FAILS(POVREG_EEXISTS, "name",
           povreg_village_add(NULL, tu_db, "23530", "Làng Trấp", "thon"));
  TU_FAILS(POVREG_ENOTFOUND, "commune",
           povreg_village_add(NULL, tu_db, "99999", "Thôn 1", NULL));
  TU_FAILS(POVREG_EINVALID, "commune",
           povreg_village_add(NULL, tu_db, "616", "Thôn 1", NULL));
  TU_FAILS(POVREG_EINVALID, "commune",
           povreg_village_add(NULL, tu_db, NULL, "Thôn 1", NULL));
  TU_FAILS(POVREG_EINVALID, "kind",
           povreg_village_add(NULL, tu_db, "23530", "Thôn 1", "village"));
  TU_FAILS(POVREG_EINVALID, "name",
           povreg_village_add(NULL, tu_db, "23530", "", NULL));
  TU_FAILS(POVREG_EINVALID, "name",
           povreg_village_add(NULL, tu_db, "23530", NULL, NULL));
  TU_FAILS(POVREG_EINVALID, "name",
           povreg_village_add(NULL, tu_db, "23530", s201, NULL));
  TU_FAILS(POVREG_EINVALID, "name",
           povreg_village_add(NULL, tu_db, "23530", "Thôn \xc3", NULL));
  s201[strlen(s201) - strlen("ấ")] = '\0'; /* 200 characters: fine */
  TU_OK(povreg_village_add(NULL, tu_db, "23530", s201, NULL));
  free(s201);
}
END_TEST

/* The suite. */
static Suite *unit_suite(void)
{
  Suite *s = suite_create("unit");
  TCase *core = tcase_create("core");
  TCase *errors = tcase_create("errors");

  tcase_add_checked_fixture(core, tu_setup, tu_teardown);
  tcase_add_checked_fixture(errors, tu_setup, tu_teardown);
  tcase_add_test(core, test_get_boundary_day);
  tcase_add_test(core, test_area_boundary);
  tcase_add_test(core, test_resolve);
  tcase_add_test(core, test_list_by_parent_and_date);
  tcase_add_test(core, test_add_commune);
  tcase_add_test(core, test_add_new_version);
  tcase_add_test(core, test_close_and_resolve);
  tcase_add_test(core, test_flags);
  tcase_add_test(core, test_villages);
  tcase_add_test(errors, test_list_stop_and_errors);
  tcase_add_test(errors, test_get_errors);
  tcase_add_test(errors, test_add_errors);
  tcase_add_test(errors, test_add_existing_and_closed);
  tcase_add_test(errors, test_close_errors);
  tcase_add_test(errors, test_flag_errors);
  tcase_add_test(errors, test_village_errors);
  suite_add_tcase(s, core);
  suite_add_tcase(s, errors);
  return s;
}

/* Run the suite; the exit status is the number of failed tests. */
int main(void)
{
  return tu_run(unit_suite());
}
