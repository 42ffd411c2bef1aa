/*
** povreg/demo.h: build the Sa Thầy demonstration ledger.
*/
#ifndef POVREG_DEMO_H
#define POVREG_DEMO_H

#include "common.h"

POVREG_BEGIN_DECL

/**
 * Fill an empty ledger with a deterministic sample of Sa Thầy (Kon Tum):
 * villages in each of its 11 communes, households with their members
 * (Vietnamese and ethnic-minority names, year-only birth dates among
 * them), a few splits, moves and deaths, then the periodic reviews of
 * 2015, 2016 and 2017 in every commune (surveys, classification under
 * QD59-2015, meetings, posting, approval: statuses for 2016-2018, with
 * escaped, relapsed and newly arising households).  Everything goes
 * through the public API, so it is validated and audited like any other
 * change.
 * @param seed           same seed, same ledger
 * @param households_per_commune how many households each commune gets
 * (1..100000)
 * @return POVREG_EEXISTS if the ledger already holds households
 */
POVREG_API int povreg_demo_build(povreg_db *db, unsigned seed,
                                 int households_per_commune);

POVREG_END_DECL

#endif /* POVREG_DEMO_H */
