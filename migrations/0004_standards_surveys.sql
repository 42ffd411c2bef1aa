-- 0004_standards_surveys.sql: poverty standards as versioned data, their
-- income lines and indicators, household surveys (answers and facts), and
-- stored classification results.  The rows of the three shipped standards
-- are in 0005_standard_data.sql.

-- A poverty standard (chuẩn nghèo) and the status years it governs.
CREATE TABLE standard (
  id          TEXT PRIMARY KEY CHECK (length(id) BETWEEN 1 AND 32
                                      AND id NOT GLOB '*[^A-Za-z0-9._-]*'),
  first_year  INTEGER NOT NULL CHECK (first_year BETWEEN 1990 AND 2100), -- first status year governed
  last_year   INTEGER NOT NULL,                 -- last status year governed
  version     INTEGER NOT NULL DEFAULT 1 CHECK (version >= 1), -- current data version
  CHECK (last_year >= first_year)
) STRICT;

-- Every version of a standard's data.  A correction is a new version; old
-- versions stay so stored results can say which data produced them.
CREATE TABLE standard_version (
  standard_id  TEXT NOT NULL REFERENCES standard(id),
  version      INTEGER NOT NULL CHECK (version >= 1),
  name_vi      TEXT NOT NULL,                  -- e.g. 'Chuẩn nghèo tiếp cận đa chiều 2016-2020'
  name_en      TEXT NOT NULL,
  citation     TEXT NOT NULL CHECK (length(citation) > 0), -- legal act and article
  family       TEXT NOT NULL CHECK (family IN ('banded', 'single_line')),
               -- banded: poor below the poverty line whatever D, or in the band with D >= cutoff (QĐ 59);
               -- single_line: poor needs income <= line and D >= cutoff (NĐ 07, NĐ 351)
  cutoff       INTEGER NOT NULL CHECK (cutoff >= 1), -- deprived indicators needed (3)
  score_b_per_indicator INTEGER,               -- points of score B per deprived indicator (10), NULL: no score form
  score_b_cutoff INTEGER,                      -- score B needed to be poor (30)
  year_only_birthday TEXT NOT NULL DEFAULT '07-01'
               CHECK (year_only_birthday GLOB '[0-1][0-9]-[0-3][0-9]'),
               -- birthday assumed for a birth date known only by its year (MM-DD)
  provisional  INTEGER NOT NULL DEFAULT 0 CHECK (provisional IN (0, 1)), -- 1: wording not final
  confidence   TEXT NOT NULL CHECK (confidence IN ('confirmed', 'secondary', 'unconfirmed')),
  note         TEXT,                           -- what is unsure, and why
  recorded_at  TEXT NOT NULL,                  -- when this version was loaded (UTC)
  first_year   INTEGER NOT NULL CHECK (first_year BETWEEN 1990 AND 2100), -- status years this
  last_year    INTEGER NOT NULL,               -- version says the standard governs
  CHECK (last_year >= first_year),
  PRIMARY KEY (standard_id, version),
  CHECK ((score_b_per_indicator IS NULL) = (score_b_cutoff IS NULL))
) STRICT;

-- Income lines (VND per person per month) and score-A lines of a version.
CREATE TABLE standard_line (
  standard_id TEXT NOT NULL,
  version     INTEGER NOT NULL,
  area        TEXT NOT NULL CHECK (area IN ('rural', 'urban')),
  line        TEXT NOT NULL CHECK (line IN ('poverty', 'near_poverty', 'average', 'score_a')),
              -- poverty: the (single) poverty line; near_poverty: top of QĐ 59's band;
              -- average: top of the average-living-standard band; score_a: score A equal to the poverty line
  amount      INTEGER NOT NULL CHECK (amount > 0),
  confidence  TEXT NOT NULL CHECK (confidence IN ('confirmed', 'secondary', 'unconfirmed')),
  citation    TEXT NOT NULL,
  PRIMARY KEY (standard_id, version, area, line),
  FOREIGN KEY (standard_id, version) REFERENCES standard_version(standard_id, version)
) STRICT;

-- The deprivation indicators of a version, with how to derive each one
-- from survey facts.  `rule` names a rule family implemented in C
-- (src/derive.c); `params` holds its thresholds as JSON, so a corrected
-- threshold is a data change.
CREATE TABLE indicator (
  standard_id  TEXT NOT NULL,
  version      INTEGER NOT NULL,
  key          TEXT NOT NULL CHECK (key GLOB '[a-z]*' AND key NOT GLOB '*[^a-z_]*'),
  ordinal      INTEGER NOT NULL CHECK (ordinal >= 1), -- order in the legal text
  dimension    TEXT NOT NULL,                  -- service dimension key: health, education, ...
  dimension_vi TEXT NOT NULL,
  name_vi      TEXT NOT NULL,
  name_en      TEXT NOT NULL,
  definition   TEXT NOT NULL,                  -- when a household is deprived, in words
  rule         TEXT CHECK (rule IN ('member_any', 'member_share_above', 'fact_below',
                                    'fact_at_least', 'fact_not_in', 'facts_none')),
               -- NULL: the enumerator's tick only, never derived
  params       TEXT CHECK (params IS NULL OR json_valid(params)),
  confidence   TEXT NOT NULL CHECK (confidence IN ('confirmed', 'secondary', 'unconfirmed')),
  citation     TEXT NOT NULL,
  PRIMARY KEY (standard_id, version, key),
  UNIQUE (standard_id, version, ordinal),
  FOREIGN KEY (standard_id, version) REFERENCES standard_version(standard_id, version),
  CHECK ((rule IS NULL) = (params IS NULL))
) STRICT;

-- A household's survey for one review year: the income criterion and the
-- indicator answers.  One per household and review year; a corrected
-- survey replaces its answers (audited).
CREATE TABLE survey (
  id             INTEGER PRIMARY KEY,
  household_id   INTEGER NOT NULL REFERENCES household(id),
  review_year    INTEGER NOT NULL CHECK (review_year BETWEEN 1990 AND 2100), -- year the review is held
  reference_date TEXT NOT NULL CHECK (date(reference_date, '+0 days') IS reference_date),
                 -- date ages and membership are evaluated at
  income         INTEGER CHECK (income IS NULL OR income >= 0), -- VND per person per month
  score_a        INTEGER CHECK (score_a IS NULL OR score_a >= 0), -- income proxy score (TT 07/2021)
  surveyed_on    TEXT CHECK (surveyed_on IS NULL OR date(surveyed_on, '+0 days') IS surveyed_on),
  enumerator     TEXT,                          -- rà soát viên
  CHECK (income IS NOT NULL OR score_a IS NOT NULL),
  UNIQUE (household_id, review_year)
) STRICT;

-- The enumerator's tick for an indicator (1 deprived, 0 not).  An
-- indicator without a tick is derived from facts.
CREATE TABLE survey_tick (
  survey_id INTEGER NOT NULL REFERENCES survey(id),
  key       TEXT NOT NULL,
  deprived  INTEGER NOT NULL CHECK (deprived IN (0, 1)),
  PRIMARY KEY (survey_id, key)
) STRICT;

-- Facts about the household (living_area_m2, water_source, has_tv, ...).
CREATE TABLE survey_fact (
  survey_id INTEGER NOT NULL REFERENCES survey(id),
  key       TEXT NOT NULL CHECK (key GLOB '[a-z]*' AND key NOT GLOB '*[^a-z0-9_]*'),
  value     TEXT NOT NULL,
  PRIMARY KEY (survey_id, key)
) STRICT;

-- Facts about a member at the survey (has_health_insurance, in_school,
-- education_grade, disabled, ...).
CREATE TABLE survey_member_fact (
  survey_id INTEGER NOT NULL REFERENCES survey(id),
  member_id INTEGER NOT NULL REFERENCES member(id),
  key       TEXT NOT NULL CHECK (key GLOB '[a-z]*' AND key NOT GLOB '*[^a-z0-9_]*'),
  value     TEXT NOT NULL,
  PRIMARY KEY (survey_id, member_id, key)
) STRICT;

-- A classification of a survey under a standard, with everything that
-- explains it.  Append-only.
CREATE TABLE classification (
  id              INTEGER PRIMARY KEY,
  survey_id       INTEGER NOT NULL REFERENCES survey(id),
  status_year     INTEGER NOT NULL,             -- year the class would hold for
  standard_id     TEXT NOT NULL,
  version         INTEGER NOT NULL,             -- data version used
  area            TEXT NOT NULL CHECK (area IN ('rural', 'urban')),
  class           TEXT NOT NULL CHECK (class IN ('poor', 'near_poor', 'average', 'non_poor')),
  reason          TEXT NOT NULL,                -- reason key, see povreg/classify.h
  deprived_count  INTEGER NOT NULL CHECK (deprived_count >= 0),
  deprived        TEXT NOT NULL,                -- comma-separated indicator keys
  detail          TEXT NOT NULL CHECK (json_valid(detail)), -- lines applied, per-indicator source
  classified_at   TEXT NOT NULL,
  FOREIGN KEY (standard_id, version) REFERENCES standard_version(standard_id, version)
) STRICT;
CREATE INDEX classification_survey ON classification(survey_id);
CREATE TRIGGER classification_no_update BEFORE UPDATE ON classification BEGIN
  SELECT RAISE(ABORT, 'classifications are never changed: classify again');
END;
CREATE TRIGGER classification_no_delete BEFORE DELETE ON classification BEGIN
  SELECT RAISE(ABORT, 'classifications are never deleted');
END;
