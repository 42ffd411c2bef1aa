/*
** povreg/search.h: find households and members by household code, by
** citizen ID, or by name, ignoring case and Vietnamese diacritics
** ("nguyen van duc" finds "Nguyễn Văn Đức").
*/
#ifndef POVREG_SEARCH_H
#define POVREG_SEARCH_H

#include "common.h"

POVREG_BEGIN_DECL

/** What a query is matched against. */
typedef enum povreg_search_kind {
  POVREG_SEARCH_AUTO =
      0, /**< 12 digits: citizen ID; a known household code: code; else name */
  POVREG_SEARCH_CODE = 1,       /**< exact household code */
  POVREG_SEARCH_CITIZEN_ID = 2, /**< exact 12-digit citizen ID */
  POVREG_SEARCH_NAME =
      3 /**< every word of the query starts a word of the name, in any order */
} povreg_search_kind;

/**
 * One hit.  Borrowed: valid only during the callback.  A search by code
 * gives the household's active head (for a dissolved household, its member
 * 1 if still recorded there; a household merged away has none, so use
 * povreg_household_get()); by citizen ID or name, the member found.
 * The hit never carries the citizen ID or birth date.
 */
typedef struct povreg_search_hit {
  const char *household_code; /**< household */
  int member_no;              /**< member in it */
  const char *full_name;      /**< member's name */
  const char *relation;       /**< relation to the head */
  const char *status;         /**< member status */
  int birth_year;           /**< year of birth only, to tell namesakes apart */
  const char *commune_code; /**< commune of the household */
  const char *village;      /**< village name or NULL */
  const char *matched;      /**< "code", "citizen_id" or "name" */
} povreg_search_hit;

/** Called once per hit; nonzero stops the search and is returned. */
typedef int (*povreg_search_cb)(const povreg_search_hit *hit, void *payload);

/**
 * Search the ledger.  Name hits come in the order members were registered.
 * @param query UTF-8 text (at most 200 bytes)
 * @param limit most hits to report; 0 means 100
 * @return POVREG_OK even when nothing matched; POVREG_EINVALID for an
 *         empty query, invalid UTF-8, or a citizen-ID query that is not
 *         12 digits
 */
POVREG_API int povreg_search(povreg_db *db, const char *query,
                             povreg_search_kind kind, int limit,
                             povreg_search_cb cb, void *payload);

/**
 * Fold a name for matching: lower case, Vietnamese diacritics removed,
 * đ/Đ to d, runs of spaces to one.  "Nguyễn Văn  Đức" -> "nguyen van duc".
 * @return allocated string (free with povreg_free()), or NULL if the text
 *         is not valid UTF-8 or memory ran out
 */
POVREG_API char *povreg_fold(const char *utf8);

POVREG_END_DECL

#endif /* POVREG_SEARCH_H */
