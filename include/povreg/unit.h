/*
** povreg/unit.h: administrative units (province, district, commune) with
** their history, the flags that depend on a period, and villages.
*/
#ifndef POVREG_UNIT_H
#define POVREG_UNIT_H

#include "common.h"

POVREG_BEGIN_DECL

/** Area of a commune, which selects the income lines. */
typedef enum povreg_area {
  POVREG_AREA_UNKNOWN =
      0, /**< not a commune, or not settled in law (đặc khu) */
  POVREG_AREA_RURAL = 1, /**< xã */
  POVREG_AREA_URBAN = 2  /**< phường, thị trấn */
} povreg_area;

/*
** Unit flags (bit mask), each valid for a period:
** especially difficult commune (xã đặc biệt khó khăn), difficult area
** (vùng có điều kiện kinh tế - xã hội khó khăn), island commune or
** district, poor district (huyện nghèo).
*/
#define POVREG_UNIT_ESPECIALLY_DIFFICULT 0x1u
#define POVREG_UNIT_DIFFICULT_AREA 0x2u
#define POVREG_UNIT_ISLAND 0x4u
#define POVREG_UNIT_POOR_DISTRICT 0x8u

/**
 * One version of an administrative unit: what it was called, what kind it
 * was and where it belonged over [valid_from, valid_to).  All strings are
 * owned by the record.
 */
typedef struct povreg_unit {
  char *code;        /**< 2, 3 or 5 digits */
  char *level;       /**< "province", "district" or "commune" */
  char *name;        /**< official name, e.g. "Xã Mô Rai" */
  char *kind;        /**< unit_kind key: "commune", "ward", "township", ... */
  char *parent_code; /**< code of the unit above, or NULL */
  char
      *valid_from; /**< first day of this version, NULL: since before records */
  char *valid_to;  /**< first day after it, NULL: still valid */
  char *closed_on; /**< first day the code is no longer valid, or NULL */
  char *successor_code; /**< unit that took it over, or NULL */
  char *source;         /**< legal act this version comes from */
  povreg_area area;     /**< area of a commune in this version */
  unsigned flags;       /**< POVREG_UNIT_* flags on the date asked for */
} povreg_unit;

/**
 * Look up a unit as it was on a date.
 * @param[out] out  allocated record; free with povreg_unit_free()
 * @param code      unit code
 * @param date      'YYYY-MM-DD'; NULL means its latest version
 * @return POVREG_ENOTFOUND if the code is unknown or had no version on date
 */
POVREG_API int povreg_unit_get(povreg_unit **out, povreg_db *db,
                               const char *code, const char *date);

/** Free a unit record.  NULL-safe. */
POVREG_API void povreg_unit_free(povreg_unit *unit);

/**
 * Called once per unit by povreg_unit_list().  The record is borrowed and
 * valid only during the call.  Return 0 to go on; any other value stops
 * the listing and is returned by povreg_unit_list().
 */
typedef int (*povreg_unit_cb)(const povreg_unit *unit, void *payload);

/**
 * List units valid on a date, ordered by code.
 * @param parent_code only the units directly under this one, or NULL
 * @param level       "province", "district", "commune", or NULL for all
 * @param date        'YYYY-MM-DD', or NULL for every version ever recorded
 */
POVREG_API int povreg_unit_list(povreg_db *db, const char *parent_code,
                                const char *level, const char *date,
                                povreg_unit_cb cb, void *payload);

/**
 * The area (urban or rural) of a commune on a date, from its kind then.
 * @param[out] out POVREG_AREA_RURAL or POVREG_AREA_URBAN (or UNKNOWN for a
 *                 kind whose area the law does not settle)
 * @return POVREG_ENOTFOUND if the commune had no version on that date
 */
POVREG_API int povreg_unit_area(povreg_area *out, povreg_db *db,
                                const char *code, const char *date);

/**
 * Follow successor codes: the code that stands for unit `code` on `date`
 * (itself if still valid then).
 * @param[out] out buffer of at least 6 bytes for the resulting code
 */
POVREG_API int povreg_unit_resolve(char out[6], povreg_db *db, const char *code,
                                   const char *date);

/** What a new unit (or a new version of one) looks like.  Borrowed strings. */
typedef struct povreg_unit_spec {
  const char *code;        /**< 2, 3 or 5 digits */
  const char *name;        /**< official name */
  const char *kind;        /**< unit_kind key */
  const char *parent_code; /**< NULL for provinces */
  const char *valid_from;  /**< NULL: since before records */
  const char *source;      /**< legal act; required */
} povreg_unit_spec;

/**
 * Add a unit, or a new version of an existing unit starting on
 * spec->valid_from (the open version then ends that day).
 */
POVREG_API int povreg_unit_add(povreg_db *db, const povreg_unit_spec *spec);

/**
 * Close a unit's code from a date (merger or abolition).
 * @param successor_code the unit that takes it over, or NULL
 */
POVREG_API int povreg_unit_close(povreg_db *db, const char *code,
                                 const char *date, const char *successor_code,
                                 const char *source);

/**
 * Record a flag of a unit for [valid_from, valid_to).
 * @param flag   "especially_difficult", "difficult_area", "island" or
 *               "poor_district"
 * @param valid_to NULL for open-ended
 * @param source the decision that lists the unit; required
 */
POVREG_API int povreg_unit_flag_set(povreg_db *db, const char *code,
                                    const char *flag, const char *valid_from,
                                    const char *valid_to, const char *source);

/** A village of a commune.  Strings owned by the library; borrowed. */
typedef struct povreg_village {
  int64_t id;               /**< row id */
  const char *commune_code; /**< commune it belongs to */
  const char *name;         /**< e.g. "Làng Trấp" */
  const char
      *kind; /**< "thon", "lang", "ban", "buon", "ap", "to_dan_pho", "other" */
} povreg_village;

/**
 * Add a village to a commune.
 * @param[out] id_out new row id (may be NULL)
 * @param kind   NULL means "thon"
 * @return POVREG_EEXISTS if the commune already has a village of that name
 */
POVREG_API int povreg_village_add(int64_t *id_out, povreg_db *db,
                                  const char *commune_code, const char *name,
                                  const char *kind);

/** Called once per village; the record is borrowed.  Nonzero stops. */
typedef int (*povreg_village_cb)(const povreg_village *v, void *payload);

/** List the villages of a commune (or of all communes if NULL), by name. */
POVREG_API int povreg_village_list(povreg_db *db, const char *commune_code,
                                   povreg_village_cb cb, void *payload);

POVREG_END_DECL

#endif /* POVREG_UNIT_H */
