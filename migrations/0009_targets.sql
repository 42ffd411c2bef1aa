-- 0009_targets.sql: the targets of poverty-reduction plans, per unit and
-- status year, against which `povreg report targets` sets the results.

CREATE TABLE target (
  id         INTEGER PRIMARY KEY,
  unit_code  TEXT NOT NULL REFERENCES unit(code),
  year       INTEGER NOT NULL CHECK (year BETWEEN 1990 AND 2100), -- status year
  class      TEXT NOT NULL CHECK (class IN ('poor', 'near_poor')),
  measure    TEXT NOT NULL CHECK (measure IN ('count', 'rate', 'reduction')),
             -- count: households; rate: basis points of households (1034 = 10.34%);
             -- reduction: fall of the rate against the year before, in basis points (600 = 6 points)
  value      INTEGER NOT NULL CHECK (value >= 0),
  source     TEXT NOT NULL CHECK (length(source) BETWEEN 1 AND 500), -- plan, resolution
  set_at     TEXT NOT NULL,                                        -- UTC time it was recorded
  CHECK (measure = 'count' OR value <= 10000),                     -- a rate is at most 100%
  UNIQUE (unit_code, year, class, measure)
) STRICT;

-- The index on household_status(supersedes) that reports need is made by
-- 0007_import_export.sql.
