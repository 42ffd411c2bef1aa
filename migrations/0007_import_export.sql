-- 0007_import_export.sql: what the CSV import and the exports need.
--  * Standing facts about a member (health insurance, schooling) that the
--    members file carries.  A survey's own member facts take precedence;
--    these fill the gaps when a household is classified.
--  * The health-insurance (BHYT) groups the commune lists, as data: who
--    is in a group is decided by `basis` (a rule implemented in
--    src/export.c), its thresholds are in `params`, and a person in
--    several groups is listed in the one with the lowest `rank`.
--  * The register of imports, so a re-import can say what it changed.

-- health_insurance: holds a valid BHYT card; in_school: attends school or
-- training; education_grade: highest general-education grade completed.
ALTER TABLE member ADD COLUMN health_insurance INTEGER CHECK (health_insurance IN (0, 1));
ALTER TABLE member ADD COLUMN in_school INTEGER CHECK (in_school IN (0, 1));
ALTER TABLE member ADD COLUMN education_grade INTEGER CHECK (education_grade BETWEEN 0 AND 12);

-- Groups whose health-insurance premium the State pays or supports
-- (Decree 146/2018/NĐ-CP as amended by Decree 75/2023/NĐ-CP; card codes
-- per QĐ 1351/QĐ-BHXH as seen in third-party code, see sources.md §6).
CREATE TABLE bhyt_group (
  code          TEXT PRIMARY KEY CHECK (length(code) = 2 AND code NOT GLOB '*[^A-Z]*'),
  rank          INTEGER NOT NULL UNIQUE CHECK (rank >= 1), -- 1: most favourable
  name_vi       TEXT NOT NULL,
  name_en       TEXT NOT NULL,
  support_rate  INTEGER NOT NULL CHECK (support_rate BETWEEN 1 AND 100), -- % of the premium the State pays
  benefit_level INTEGER NOT NULL CHECK (benefit_level BETWEEN 1 AND 5),  -- digit on the card
  basis         TEXT NOT NULL CHECK (basis IN ('child_under', 'poor_household',
                                               'minority_in_flagged_commune',
                                               'flagged_commune', 'near_poor_household')),
  params        TEXT NOT NULL CHECK (json_valid(params)),
  citation      TEXT NOT NULL CHECK (length(citation) > 0),
  confidence    TEXT NOT NULL CHECK (confidence IN ('confirmed', 'secondary', 'unconfirmed')),
  note          TEXT
) STRICT;

INSERT INTO bhyt_group (code, rank, name_vi, name_en, support_rate, benefit_level,
                        basis, params, citation, confidence, note) VALUES
  ('TE', 1, 'Trẻ em dưới 6 tuổi', 'Child under 6', 100, 1, 'child_under',
   '{"months": 72, "until_if_not_in_school": "09-30"}',
   'NĐ 146/2018/NĐ-CP Điều 3 khoản 7; card valid to 72 months or 30/9 of that year', 'confirmed',
   'rank: benefit level 1 (no cap) is the most favourable; benefit digit unconfirmed (sources.md §6.3)'),
  ('HN', 2, 'Người thuộc hộ gia đình nghèo', 'Member of a poor household', 100, 2, 'poor_household',
   '{}', 'NĐ 146/2018/NĐ-CP Điều 3 khoản 9 điểm a (sửa đổi bởi NĐ 75/2023/NĐ-CP)', 'confirmed',
   '2016-2020 wording gave 70% to multidimensionally poor without the BHYT deprivation: not modelled'),
  ('DT', 3, 'Người dân tộc thiểu số sống ở vùng có điều kiện KT-XH khó khăn',
   'Ethnic-minority person living in a difficult area', 100, 2, 'minority_in_flagged_commune',
   '{"flags": ["difficult_area", "especially_difficult"]}',
   'NĐ 146/2018/NĐ-CP Điều 3 khoản 9 điểm b', 'confirmed', NULL),
  ('DK', 4, 'Người sống ở vùng có điều kiện KT-XH đặc biệt khó khăn',
   'Resident of an especially difficult area', 100, 2, 'flagged_commune',
   '{"flags": ["especially_difficult"]}',
   'NĐ 146/2018/NĐ-CP Điều 3 khoản 9 điểm c', 'confirmed', NULL),
  ('XD', 5, 'Người sống ở xã đảo, huyện đảo', 'Resident of an island commune or district', 100, 2,
   'flagged_commune', '{"flags": ["island"]}',
   'NĐ 146/2018/NĐ-CP Điều 3 khoản 9 điểm d', 'confirmed', NULL),
  ('CN', 6, 'Người thuộc hộ gia đình cận nghèo', 'Member of a near-poor household', 70, 3,
   'near_poor_household', '{"rate_in_poor_district": 100}',
   'NĐ 146/2018/NĐ-CP Điều 4 khoản 1, Điều 8 khoản 1', 'confirmed',
   'at least 70%, 100% in a poor district; provinces may add more (Điều 8 khoản 3)');

-- One row per import that was committed (dry runs are not recorded).
CREATE TABLE import_log (
  id          INTEGER PRIMARY KEY,
  at          TEXT NOT NULL,                  -- UTC time, ISO 8601
  operator    TEXT NOT NULL,
  kind        TEXT NOT NULL CHECK (kind IN ('households', 'members', 'survey')),
  file_name   TEXT NOT NULL,
  sha256      TEXT NOT NULL CHECK (length(sha256) = 64 AND sha256 NOT GLOB '*[^0-9a-f]*'),
  rows        INTEGER NOT NULL CHECK (rows >= 0),
  added       INTEGER NOT NULL CHECK (added >= 0),
  changed     INTEGER NOT NULL CHECK (changed >= 0),
  unchanged   INTEGER NOT NULL CHECK (unchanged >= 0),
  CHECK (added + changed + unchanged = rows)
) STRICT;
CREATE TRIGGER import_log_no_update BEFORE UPDATE ON import_log BEGIN
  SELECT RAISE(ABORT, 'the import log is append-only');
END;
CREATE TRIGGER import_log_no_delete BEFORE DELETE ON import_log BEGIN
  SELECT RAISE(ABORT, 'the import log is append-only');
END;

-- current_status looks for a row superseding each status: without this
-- index the recognised lists of a province scan the table per row.
CREATE INDEX household_status_supersedes ON household_status(supersedes);
