/*
** povreg.h: the whole public API of libpovreg, the household poverty
** registry.  See docs/api.md.
*/
#ifndef POVREG_H
#define POVREG_H

#include "povreg/audit.h"
#include "povreg/backup.h"
#include "povreg/classify.h"
#include "povreg/common.h"
#include "povreg/demo.h"
#include "povreg/household.h"
#include "povreg/io.h"
#include "povreg/report.h"
#include "povreg/review.h"
#include "povreg/search.h"
#include "povreg/unit.h"

#endif /* POVREG_H */
