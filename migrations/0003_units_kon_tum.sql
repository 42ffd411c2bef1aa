-- 0003_units_kon_tum.sql: administrative units of Huyện Sa Thầy and
-- Huyện Ia H' Drai (Tỉnh Kon Tum) and what became of them on 2025-07-01,
-- when Kon Tum merged into Tỉnh Quảng Ngãi and districts were abolished.
-- See docs/units.md and shared/domain/sources.md §7.
--
-- Sources [CONFIRMED, sources.md §7.2-7.4]:
-- * before 2025-07-01: GSO list as mirrored in daohoangson/dvhcvn
--   data/dvhcvn.json, tags v20210201 and v20250301 (identical).  Names are
--   spelled as in that list ("Rơ Kơi", "Ya ly", "Ia H' Drai").
-- * from 2025-07-01: Nghị quyết 1677/NQ-UBTVQH15 (16/06/2025) Art. 1
--   items 72-75 and 92; codes from Công văn 1027/CTK-CSCL (25/06/2025);
--   province code 51 from Công văn 915/CTK-CSCL; Kon Tum + Quảng Ngãi ->
--   Quảng Ngãi: Nghị quyết 60-NQ/TW item 11.
--
-- Rules (QĐ 124/2004/QĐ-TTg Art. 1): a code never changes while its unit
-- exists; the merged unit keeps the code of the unit whose seat is kept;
-- the other codes are closed for good.  A kept code gets a new
-- unit_version from 2025-07-01 (new name, kind or parent); a closed code
-- gets unit.closed_on and, when a unit took it over, successor_code.
-- District codes close with no successor (the level was abolished).
--
-- Known limits: versions with valid_from NULL are "since before the
-- ledger's records".  The lists before 2021-02-01 were not checked, and
-- Ia H' Drai was split from Sa Thầy in 2015 [UNCONFIRMED - memory], so
-- these rows are not right for dates before 2016.  Only these two
-- districts are shipped; other units are added with `povreg unit add` or
-- an import.  No unit flags are shipped (see docs/units.md).

-- Codes.  Rows a successor points to come first.
INSERT INTO unit (code, level, closed_on, successor_code) VALUES
  ('51',    'province', NULL,         NULL),   -- Tỉnh Quảng Ngãi
  ('62',    'province', '2025-07-01', '51'),   -- Tỉnh Kon Tum
  ('616',   'district', '2025-07-01', NULL),   -- Huyện Sa Thầy
  ('618',   'district', '2025-07-01', NULL),   -- Huyện Ia H' Drai
  -- kept commune codes
  ('23527', 'commune',  NULL,         NULL),   -- TT Sa Thầy -> Xã Sa Thầy
  ('23530', 'commune',  NULL,         NULL),   -- Xã Rơ Kơi -> Xã Rờ Kơi
  ('23534', 'commune',  NULL,         NULL),   -- Xã Hơ Moong -> Xã Sa Bình
  ('23536', 'commune',  NULL,         NULL),   -- Xã Mô Rai
  ('23548', 'commune',  NULL,         NULL),   -- Xã Ya Xiêr -> Xã Ya Ly
  ('23535', 'commune',  NULL,         NULL),   -- Xã Ia Đal
  ('23538', 'commune',  NULL,         NULL),   -- Xã Ia Tơi
  -- closed commune codes (NQ 1677 Art. 1 items 72-75)
  ('23533', 'commune',  '2025-07-01', '23527'), -- Xã Sa Nhơn   (item 72)
  ('23539', 'commune',  '2025-07-01', '23527'), -- Xã Sa Sơn    (item 72)
  ('23542', 'commune',  '2025-07-01', '23534'), -- Xã Sa Nghĩa  (item 73)
  ('23545', 'commune',  '2025-07-01', '23534'), -- Xã Sa Bình   (item 73)
  ('23551', 'commune',  '2025-07-01', '23548'), -- Xã Ya Tăng   (item 74)
  ('23554', 'commune',  '2025-07-01', '23548'), -- Xã Ya ly     (item 74)
  ('23537', 'commune',  '2025-07-01', '23538'); -- Xã Ia Dom    (item 75)

-- Provinces and districts.
INSERT INTO unit_version (code, name, kind, parent_code, valid_from, valid_to,
                          source) VALUES
  ('51',  'Tỉnh Quảng Ngãi',    'province', NULL, NULL, NULL,
   'GSO danh mục (dvhcvn v20250301); code kept: CV 915/CTK-CSCL'),
  ('62',  'Tỉnh Kon Tum',       'province', NULL, NULL, '2025-07-01',
   'GSO danh mục (dvhcvn v20250301); merged into 51: NQ 60-NQ/TW item 11, '
   || 'CV 915/CTK-CSCL'),
  ('616', 'Huyện Sa Thầy',      'district', '62', NULL, '2025-07-01',
   'GSO danh mục (dvhcvn v20250301); district level ended 2025-07-01: '
   || 'NQ 60-NQ/TW'),
  ('618', 'Huyện Ia H'' Drai',  'district', '62', NULL, '2025-07-01',
   'GSO danh mục (dvhcvn v20250301); district level ended 2025-07-01: '
   || 'NQ 60-NQ/TW');

-- Communes before 2025-07-01 (Tỉnh Kon Tum).
INSERT INTO unit_version (code, name, kind, parent_code, valid_from, valid_to,
                          source) VALUES
  ('23527', 'Thị trấn Sa Thầy', 'township', '616', NULL, '2025-07-01',
   'GSO danh mục (dvhcvn v20250301)'),
  ('23530', 'Xã Rơ Kơi',        'commune',  '616', NULL, '2025-07-01',
   'GSO danh mục (dvhcvn v20250301)'),
  ('23533', 'Xã Sa Nhơn',       'commune',  '616', NULL, '2025-07-01',
   'GSO danh mục (dvhcvn v20250301)'),
  ('23534', 'Xã Hơ Moong',      'commune',  '616', NULL, '2025-07-01',
   'GSO danh mục (dvhcvn v20250301)'),
  ('23536', 'Xã Mô Rai',        'commune',  '616', NULL, '2025-07-01',
   'GSO danh mục (dvhcvn v20250301)'),
  ('23539', 'Xã Sa Sơn',        'commune',  '616', NULL, '2025-07-01',
   'GSO danh mục (dvhcvn v20250301)'),
  ('23542', 'Xã Sa Nghĩa',      'commune',  '616', NULL, '2025-07-01',
   'GSO danh mục (dvhcvn v20250301)'),
  ('23545', 'Xã Sa Bình',       'commune',  '616', NULL, '2025-07-01',
   'GSO danh mục (dvhcvn v20250301)'),
  ('23548', 'Xã Ya Xiêr',       'commune',  '616', NULL, '2025-07-01',
   'GSO danh mục (dvhcvn v20250301)'),
  ('23551', 'Xã Ya Tăng',       'commune',  '616', NULL, '2025-07-01',
   'GSO danh mục (dvhcvn v20250301)'),
  ('23554', 'Xã Ya ly',         'commune',  '616', NULL, '2025-07-01',
   'GSO danh mục (dvhcvn v20250301)'),
  ('23535', 'Xã Ia Đal',        'commune',  '618', NULL, '2025-07-01',
   'GSO danh mục (dvhcvn v20250301)'),
  ('23537', 'Xã Ia Dom',        'commune',  '618', NULL, '2025-07-01',
   'GSO danh mục (dvhcvn v20250301)'),
  ('23538', 'Xã Ia Tơi',        'commune',  '618', NULL, '2025-07-01',
   'GSO danh mục (dvhcvn v20250301)');

-- Communes from 2025-07-01 (Tỉnh Quảng Ngãi, no district level).
-- 23527 was a thị trấn (urban) and is now a xã (rural).
INSERT INTO unit_version (code, name, kind, parent_code, valid_from, valid_to,
                          source) VALUES
  ('23527', 'Xã Sa Thầy',  'commune', '51', '2025-07-01', NULL,
   'NQ 1677/NQ-UBTVQH15 Art.1 item 72; CV 1027/CTK-CSCL'),
  ('23534', 'Xã Sa Bình',  'commune', '51', '2025-07-01', NULL,
   'NQ 1677/NQ-UBTVQH15 Art.1 item 73; CV 1027/CTK-CSCL'),
  ('23548', 'Xã Ya Ly',    'commune', '51', '2025-07-01', NULL,
   'NQ 1677/NQ-UBTVQH15 Art.1 item 74; CV 1027/CTK-CSCL'),
  ('23530', 'Xã Rờ Kơi',   'commune', '51', '2025-07-01', NULL,
   'NQ 1677/NQ-UBTVQH15 Art.1 item 92 (not reorganised); CV 1027/CTK-CSCL'),
  ('23536', 'Xã Mô Rai',   'commune', '51', '2025-07-01', NULL,
   'NQ 1677/NQ-UBTVQH15 Art.1 item 92 (not reorganised); CV 1027/CTK-CSCL'),
  ('23538', 'Xã Ia Tơi',   'commune', '51', '2025-07-01', NULL,
   'NQ 1677/NQ-UBTVQH15 Art.1 item 75; CV 1027/CTK-CSCL'),
  ('23535', 'Xã Ia Đal',   'commune', '51', '2025-07-01', NULL,
   'NQ 1677/NQ-UBTVQH15 Art.1 item 92 (not reorganised); CV 1027/CTK-CSCL');
