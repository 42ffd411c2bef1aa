-- 0001_ledger_core.sql: administrative units, villages, households,
-- members, ethnic groups and the append-only audit log.
-- Applied once by the migration ladder in src/migrate.c; never edit an
-- applied migration, add a new NNNN_*.sql file instead.

PRAGMA application_id = 1886351207;  -- 'povg' (0x706f7667): marks a povreg ledger

-- Kinds of administrative unit.  Area (urban/rural) is a property of the
-- kind, so a unit's area on a date follows from its version on that date.
CREATE TABLE unit_kind (
  kind    TEXT PRIMARY KEY,                    -- stable key used by the code
  level   TEXT NOT NULL CHECK (level IN ('province', 'district', 'commune')),
  name_vi TEXT NOT NULL,                       -- Vietnamese name of the kind
  area    TEXT CHECK (area IN ('urban', 'rural')), -- NULL: not a commune, or not settled in law
  source  TEXT NOT NULL                        -- legal basis / convention
) STRICT;

INSERT INTO unit_kind (kind, level, name_vi, area, source) VALUES
  ('province',          'province', 'tỉnh',                   NULL,    'QĐ 124/2004/QĐ-TTg'),
  ('city',              'province', 'thành phố trực thuộc TW', NULL,    'QĐ 124/2004/QĐ-TTg'),
  ('district',          'district', 'huyện',                  NULL,    'QĐ 124/2004/QĐ-TTg'),
  ('urban_district',    'district', 'quận',                   NULL,    'QĐ 124/2004/QĐ-TTg'),
  ('town',              'district', 'thị xã',                 NULL,    'QĐ 124/2004/QĐ-TTg'),
  ('provincial_city',   'district', 'thành phố thuộc tỉnh',   NULL,    'QĐ 124/2004/QĐ-TTg'),
  ('commune',           'commune',  'xã',                     'rural', 'GSO convention: xã = rural (sources.md §7.2, §8)'),
  ('ward',              'commune',  'phường',                 'urban', 'GSO convention: phường = urban (sources.md §7.2, §8)'),
  ('township',          'commune',  'thị trấn',               'urban', 'GSO convention: thị trấn = urban (sources.md §7.2, §8)'),
  ('special_zone',      'commune',  'đặc khu',                NULL,    'NQ 1677/NQ-UBTVQH15; area not settled (sources.md §9.7)');

-- One row per administrative-unit code.  A code never changes while the
-- unit exists and is never reused once closed (QĐ 124/2004 Art. 1).
CREATE TABLE unit (
  code           TEXT PRIMARY KEY
                 CHECK ((length(code) = 2 OR length(code) = 3 OR length(code) = 5)
                        AND code NOT GLOB '*[^0-9]*'),  -- province 2, district 3, commune 5 digits
  level          TEXT NOT NULL CHECK (level IN ('province', 'district', 'commune')),
  closed_on      TEXT CHECK (closed_on IS NULL OR date(closed_on, '+0 days') IS closed_on), -- first day the code is no longer valid
  successor_code TEXT REFERENCES unit(code),      -- unit that took over (merger); NULL if none (district level 2025)
  CHECK ((level = 'province' AND length(code) = 2) OR
         (level = 'district' AND length(code) = 3) OR
         (level = 'commune'  AND length(code) = 5)),
  CHECK (successor_code IS NULL OR closed_on IS NOT NULL)
) STRICT;

-- The name, kind and parent of a unit over a period [valid_from, valid_to).
-- NULL valid_from: since before the ledger's records; NULL valid_to: still valid.
CREATE TABLE unit_version (
  id          INTEGER PRIMARY KEY,
  code        TEXT NOT NULL REFERENCES unit(code),
  name        TEXT NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
  kind        TEXT NOT NULL REFERENCES unit_kind(kind),
  parent_code TEXT REFERENCES unit(code),      -- NULL for provinces
  valid_from  TEXT CHECK (valid_from IS NULL OR date(valid_from, '+0 days') IS valid_from),
  valid_to    TEXT CHECK (valid_to IS NULL OR date(valid_to, '+0 days') IS valid_to), -- exclusive
  source      TEXT NOT NULL,                   -- legal act or list this version comes from
  CHECK (valid_from IS NULL OR valid_to IS NULL OR valid_from < valid_to),
  UNIQUE (code, valid_from)
) STRICT;
CREATE INDEX unit_version_parent ON unit_version(parent_code);

-- Flags that reports and health insurance depend on, each for a period.
CREATE TABLE unit_flag (
  id         INTEGER PRIMARY KEY,
  code       TEXT NOT NULL REFERENCES unit(code),
  flag       TEXT NOT NULL CHECK (flag IN ('especially_difficult', 'difficult_area',
                                           'island', 'poor_district')),
  valid_from TEXT NOT NULL CHECK (date(valid_from, '+0 days') IS valid_from),
  valid_to   TEXT CHECK (valid_to IS NULL OR date(valid_to, '+0 days') IS valid_to), -- exclusive
  source     TEXT NOT NULL CHECK (length(source) > 0), -- decision that lists the unit
  CHECK (valid_to IS NULL OR valid_from < valid_to),
  UNIQUE (code, flag, valid_from)
) STRICT;

-- The 54 ethnic groups of Vietnam by their official code (Kinh = 01).
CREATE TABLE ethnicity (
  code       TEXT PRIMARY KEY CHECK (length(code) = 2 AND code NOT GLOB '*[^0-9]*'),
  name_vi    TEXT NOT NULL UNIQUE,               -- official name
  name_fold  TEXT NOT NULL,                      -- folded name (no diacritics, lower case) for lookups
  is_minority INTEGER NOT NULL CHECK (is_minority IN (0, 1)) -- 0 only for Kinh
) STRICT;

-- Villages (thôn, làng, bản, buôn, ấp, tổ dân phố) inside a commune.
CREATE TABLE village (
  id           INTEGER PRIMARY KEY,
  commune_code TEXT NOT NULL REFERENCES unit(code),
  name         TEXT NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
  kind         TEXT NOT NULL DEFAULT 'thon'
               CHECK (kind IN ('thon', 'lang', 'ban', 'buon', 'ap', 'to_dan_pho', 'other')),
  UNIQUE (commune_code, name)
) STRICT;

-- Households.  A household is never deleted: it is dissolved with a date
-- and a reason, and keeps its code for ever.
CREATE TABLE household (
  id               INTEGER PRIMARY KEY,
  code             TEXT NOT NULL UNIQUE
                   CHECK (length(code) BETWEEN 1 AND 32 AND code NOT GLOB '*[^A-Za-z0-9._-]*'),
  commune_code     TEXT NOT NULL REFERENCES unit(code), -- commune when registered
  village_id       INTEGER REFERENCES village(id),
  address          TEXT CHECK (address IS NULL OR length(address) <= 500),
  phone            TEXT CHECK (phone IS NULL OR (length(phone) BETWEEN 3 AND 20
                                                 AND phone NOT GLOB '*[^0-9+ .-]*')),
  notes            TEXT CHECK (notes IS NULL OR length(notes) <= 2000),
  created_on       TEXT NOT NULL CHECK (date(created_on, '+0 days') IS created_on),
  split_from       INTEGER REFERENCES household(id), -- household it split from, if any
  dissolved_on     TEXT CHECK (dissolved_on IS NULL OR date(dissolved_on, '+0 days') IS dissolved_on),
  dissolved_reason TEXT CHECK (dissolved_reason IN ('merged', 'moved_away', 'died_out',
                                                    'no_members', 'duplicate', 'other')),
  merged_into      INTEGER REFERENCES household(id),
  last_member_no   INTEGER NOT NULL DEFAULT 0  -- numbers are never reused, even after a member leaves
                   CHECK (last_member_no BETWEEN 0 AND 999),
  CHECK ((dissolved_on IS NULL) = (dissolved_reason IS NULL)),
  CHECK (dissolved_on IS NULL OR dissolved_on >= created_on),
  CHECK (merged_into IS NULL OR dissolved_reason = 'merged')
) STRICT;
CREATE INDEX household_commune ON household(commune_code, village_id);

-- Members of households.  A member is never deleted: leaving is a status
-- (moved out, died) with a date.  Moving to another household changes
-- household_id (the audit log keeps where they were).
CREATE TABLE member (
  id             INTEGER PRIMARY KEY,
  household_id   INTEGER NOT NULL REFERENCES household(id),
  member_no      INTEGER NOT NULL CHECK (member_no BETWEEN 1 AND 999), -- order in the household
  full_name      TEXT NOT NULL CHECK (length(full_name) BETWEEN 1 AND 100),
  name_fold      TEXT NOT NULL,                 -- folded name for search (set by the library)
  sex            TEXT NOT NULL CHECK (sex IN ('M', 'F')),
  birth_date     TEXT NOT NULL                  -- 'YYYY-MM-DD', or 'YYYY' when only the year is known
                 CHECK ((length(birth_date) = 4 AND birth_date NOT GLOB '*[^0-9]*'
                         AND birth_date >= '1880')
                        OR (length(birth_date) = 10 AND date(birth_date, '+0 days') IS birth_date
                            AND birth_date >= '1880-01-01')),
  ethnicity_code TEXT NOT NULL DEFAULT '01' REFERENCES ethnicity(code),
  relation       TEXT NOT NULL CHECK (relation IN ('head', 'spouse', 'child', 'parent',
                                                   'grandchild', 'sibling', 'other')),
  citizen_id     TEXT UNIQUE CHECK (citizen_id IS NULL OR
                                    (length(citizen_id) = 12 AND citizen_id NOT GLOB '*[^0-9]*')),
  bhxh_no        TEXT UNIQUE CHECK (bhxh_no IS NULL OR
                                    (length(bhxh_no) = 10 AND bhxh_no NOT GLOB '*[^0-9]*')),
  status         TEXT NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'moved_out', 'died')),
  status_on      TEXT CHECK (status_on IS NULL OR date(status_on, '+0 days') IS status_on), -- date status took effect
  joined_on      TEXT CHECK (joined_on IS NULL OR date(joined_on, '+0 days') IS joined_on), -- date joined this household
  CHECK ((status = 'active') OR status_on IS NOT NULL),
  UNIQUE (household_id, member_no)
) STRICT;
-- At most one active head per household; "at least one" is checked by the
-- library at the end of every operation that touches heads.
CREATE UNIQUE INDEX member_one_head ON member(household_id)
  WHERE relation = 'head' AND status = 'active';
CREATE INDEX member_name_fold ON member(name_fold);

-- Full-text index over folded names, kept in step by triggers.
CREATE VIRTUAL TABLE member_name_fts USING fts5(
  name_fold, content = 'member', content_rowid = 'id',
  tokenize = 'unicode61 remove_diacritics 0', prefix = '2 3');
CREATE TRIGGER member_fts_insert AFTER INSERT ON member BEGIN
  INSERT INTO member_name_fts(rowid, name_fold) VALUES (new.id, new.name_fold);
END;
CREATE TRIGGER member_fts_update AFTER UPDATE OF name_fold ON member BEGIN
  INSERT INTO member_name_fts(member_name_fts, rowid, name_fold)
    VALUES ('delete', old.id, old.name_fold);
  INSERT INTO member_name_fts(rowid, name_fold) VALUES (new.id, new.name_fold);
END;

-- Members and households are history: never deleted.
CREATE TRIGGER member_no_delete BEFORE DELETE ON member BEGIN
  SELECT RAISE(ABORT, 'members are never deleted: set status moved_out or died');
END;
CREATE TRIGGER household_no_delete BEFORE DELETE ON household BEGIN
  SELECT RAISE(ABORT, 'households are never deleted: dissolve them');
END;
-- A dissolved household takes no new or returning members.
CREATE TRIGGER member_into_dissolved_insert BEFORE INSERT ON member
  WHEN (SELECT dissolved_on FROM household WHERE id = new.household_id) IS NOT NULL BEGIN
  SELECT RAISE(ABORT, 'household is dissolved');
END;
CREATE TRIGGER member_into_dissolved_update BEFORE UPDATE OF household_id ON member
  WHEN (SELECT dissolved_on FROM household WHERE id = new.household_id) IS NOT NULL BEGIN
  SELECT RAISE(ABORT, 'household is dissolved');
END;

-- Append-only audit log, written by the library on every change.
CREATE TABLE audit (
  id         INTEGER PRIMARY KEY,
  at         TEXT NOT NULL,                  -- UTC time, ISO 8601 with milliseconds
  operator   TEXT NOT NULL CHECK (length(operator) BETWEEN 1 AND 100),
  action     TEXT NOT NULL,                  -- e.g. household.add, member.move
  entity     TEXT NOT NULL,                  -- table or concept changed
  entity_key TEXT,                           -- household code, unit code, ...
  old_value  TEXT,                           -- JSON of the row before, NULL on insert
  new_value  TEXT                            -- JSON of the row after, NULL when nothing remains
) STRICT;
CREATE INDEX audit_entity ON audit(entity, entity_key);
CREATE TRIGGER audit_no_update BEFORE UPDATE ON audit BEGIN
  SELECT RAISE(ABORT, 'audit log is append-only');
END;
CREATE TRIGGER audit_no_delete BEFORE DELETE ON audit BEGIN
  SELECT RAISE(ABORT, 'audit log is append-only');
END;
