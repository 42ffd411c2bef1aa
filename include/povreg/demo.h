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

/**
 * Fill an empty ledger with the synthetic Sa Thầy of the district's
 * 2016-2020 poverty-reduction plan (docs/demo.md).  At scale 100 its
 * start of 2016 (status year 2016, set by the periodic review held in
 * 2015) is exactly the plan's: 11,558 households, 4,658 poor (40.30%) of
 * which 4,193 with an ethnic-minority head, 983 near-poor (8.50%), the
 * plan's ten deprivation counts among the poor and the six communes above
 * 50% at their stated rates.  Then life goes on (splits, arrivals,
 * departures, births, deaths, marriages) and the periodic reviews of
 * 2016-2020 bring the poor down by about 6 points a year to 1,360
 * (10.34%) for 2021; the review of 2021 applies the 2022 standard
 * (ND07-2021) to every household and the review of 2022 sets 2023.
 * Every review goes from opening to approval (surveys with every
 * indicator ticked, classification, village meetings, posting, a
 * complaint resolved, decision).  The plan's targets are recorded for
 * district 616.  Everything goes through the public API.  The build
 * commits before each review's classification (a large classification
 * inside an enclosing transaction is slow), so a failure leaves part of
 * the demo in the ledger: build again in a new one.  The same seed gives
 * the same ledger; the plan's figures, and the district's households,
 * poor and near-poor of every year, do not depend on the seed.  About
 * 20 s at scale 100 in a Release build; the ledger is 236 MB.
 * @param seed          0 means 2016
 * @param scale_percent 100: the plan's district; 1..99: every count
 *                      scaled down (a small ledger for tests; the rates
 *                      are then only close to the plan's)
 * @return POVREG_EEXISTS if the ledger already holds households or
 *         villages; POVREG_EINVALID for a scale outside 1..100
 */
POVREG_API int povreg_demo_build_seed(povreg_db *db, unsigned seed,
                                      int scale_percent);

POVREG_END_DECL

#endif /* POVREG_DEMO_H */
