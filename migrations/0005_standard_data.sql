-- 0005_standard_data.sql: the shipped data of the three poverty standards
-- (chuẩn nghèo), version 1 of each: QD59-2015 (status years 2016-2021),
-- ND07-2021 (2022-2026) and ND351-2025 (2027-2030, provisional).  The
-- tables are in 0004_standards_surveys.sql; docs/standards.md explains
-- every row, the JSON format of a correction and what is unconfirmed.
--
-- Confidence (tags as in shared/domain/sources.md):
-- * Income lines and the classification rule of QĐ 59/2015 and NĐ 07/2021
--   [CONFIRMED] (sources.md §2.1, §2.4, §4.1, §4.3); their
--   average-living-standard lines [SECONDARY].  Score form of TT 07/2021
--   (A <= 140 / 175, B = 10 x D, poor if B >= 30) [CONFIRMED via secondary
--   quotes] (§4.4).  NĐ 351/2025 lines and rule [SECONDARY, news quoting
--   the decree] (§5).
-- * Indicator NAMES of QĐ 59 and NĐ 07 [CONFIRMED] (§2.2, §4.2).  Every
--   indicator THRESHOLD is researcher's memory or a third-party note
--   (§2.3, §4.2, §5), so every indicator row is 'unconfirmed'.  The
--   thresholds are data: a correction is a new version
--   (`povreg standard import`, docs/standards.md), never a code change.
-- * Not shipped: the TT 17/2016 score form of QĐ 59 (B1/B2 thresholds are
--   memory only, §3.2) and any average line or score form for NĐ 351
--   (not found, §9.6).
--
-- Dates of birth known only by year are taken as YYYY-07-01
-- (year_only_birthday); ages are completed years at the survey's
-- reference date.  Booleans in params are the strings "1"/"0".  params
-- are written readably and stored minified through json(), as
-- `povreg standard import` stores them.

-- The standards and the status years they govern (the review held late in
-- year Y sets the status for Y+1).
INSERT INTO standard (id, first_year, last_year, version) VALUES
  ('QD59-2015',  2016, 2021, 1),   -- 2021: NĐ 07/2021 Art. 2 kept QĐ 59
  ('ND07-2021',  2022, 2026, 1),   -- 2026: NĐ 351/2025 kept NĐ 07 Art. 3
  ('ND351-2025', 2027, 2030, 1);

-- Version 1 of each standard.
INSERT INTO standard_version (standard_id, version, name_vi, name_en,
                              citation, family, cutoff,
                              score_b_per_indicator, score_b_cutoff,
                              year_only_birthday, provisional, confidence,
                              note, recorded_at, first_year, last_year) VALUES
  ('QD59-2015', 1,
   'Chuẩn nghèo tiếp cận đa chiều giai đoạn 2016-2020',
   'Multidimensional poverty standard 2016-2020',
   'Quyết định 59/2015/QĐ-TTg, Điều 1-2 (2016-2020); Nghị định '
   || '07/2021/NĐ-CP, Điều 2 khoản 1 (kept for 2021)',
   'banded', 3, NULL, NULL, '07-01', 0, 'confirmed',
   'Lines and rule CONFIRMED (sources.md §2.1, §2.4); average lines '
   || 'SECONDARY.  No score form shipped: the TT 17/2016 Phiếu B '
   || 'thresholds (B1 <= 120 / 150 rural, 140 / 175 urban; B2 = 10 per '
   || 'indicator, >= 30) are unconfirmed memory (sources.md §3.2) and a '
   || 'banded B1 needs two score lines.  All 10 indicator thresholds are '
   || 'unconfirmed memory (sources.md §2.3): check QĐ 1614/QĐ-TTg and '
   || 'TT 17/2016 Phụ lục 3b.',
   '2026-11-29T00:00:00Z', 2016, 2021),
  ('ND07-2021', 1,
   'Chuẩn nghèo đa chiều giai đoạn 2021-2025',
   'Multidimensional poverty standard 2021-2025',
   'Nghị định 07/2021/NĐ-CP, Điều 3 (2022-2025); Nghị định '
   || '351/2025/NĐ-CP (kept for 2026)',
   'single_line', 3, 10, 30, '07-01', 0, 'confirmed',
   'Lines and rule CONFIRMED (sources.md §4.1, §4.3); average lines '
   || 'SECONDARY; score form TT 07/2021 CONFIRMED via secondary quotes '
   || '(§4.4).  All 12 indicator thresholds come from third-party notes '
   || 'or memory (sources.md §4.2): check the Phụ lục of NĐ 07/2021.  '
   || 'Employment: the wording may also count wage work without a labour '
   || 'contract, which the derived rule does not see.  2026 status: '
   || 'NĐ 351/2025 as reported in the news (SECONDARY).',
   '2026-11-29T00:00:00Z', 2022, 2026),
  ('ND351-2025', 1,
   'Chuẩn nghèo đa chiều quốc gia giai đoạn 2026-2030',
   'National multidimensional poverty standard 2026-2030',
   'Nghị định 351/2025/NĐ-CP (30/12/2025), as reported (text not read)',
   'single_line', 3, NULL, NULL, '07-01', 1, 'secondary',
   'PROVISIONAL.  Lines and rule from news quoting the decree '
   || '(vietnamplus post1086100, huengaynay 161540; sources.md §5).  No '
   || 'average-living-standard line and no score form found.  Indicators: '
   || 'those of NĐ 07/2021 with the information-means indicator removed, '
   || 'telecom turned into internet/digital-service use and domestic-waste '
   || 'handling added (vietnamnet EN 2484119, September 2025 draft); final '
   || 'wording, order and thresholds unconfirmed (sources.md §9.6).',
   '2026-11-29T00:00:00Z', 2027, 2030);

-- Income lines (VND per person per month) and score-A lines.
INSERT INTO standard_line (standard_id, version, area, line, amount,
                           confidence, citation) VALUES
  ('QD59-2015', 1, 'rural', 'poverty',       700000, 'confirmed',
   'QĐ 59/2015/QĐ-TTg Điều 1 khoản 1 (thuvienphapluat Q&A 24980; '
   || 'sources.md §2.1)'),
  ('QD59-2015', 1, 'rural', 'near_poverty', 1000000, 'confirmed',
   'QĐ 59/2015/QĐ-TTg Điều 1 khoản 1 (thuvienphapluat Q&A 24980; '
   || 'sources.md §2.1)'),
  ('QD59-2015', 1, 'rural', 'average',      1500000, 'secondary',
   'QĐ 59/2015/QĐ-TTg Điều 2 khoản 3 (text not read; vietnamnet.vn/en '
   || 'E146686; sources.md §2.1)'),
  ('QD59-2015', 1, 'urban', 'poverty',       900000, 'confirmed',
   'QĐ 59/2015/QĐ-TTg Điều 1 khoản 1 (thuvienphapluat Q&A 24980; '
   || 'sources.md §2.1)'),
  ('QD59-2015', 1, 'urban', 'near_poverty', 1300000, 'confirmed',
   'QĐ 59/2015/QĐ-TTg Điều 1 khoản 1 (thuvienphapluat Q&A 24980; '
   || 'sources.md §2.1)'),
  ('QD59-2015', 1, 'urban', 'average',      1950000, 'secondary',
   'QĐ 59/2015/QĐ-TTg Điều 2 khoản 3 (text not read; vietnamnet.vn/en '
   || 'E146686; sources.md §2.1)'),

  ('ND07-2021', 1, 'rural', 'poverty',      1500000, 'confirmed',
   'NĐ 07/2021/NĐ-CP Điều 3 khoản 1 điểm a (english.luatvietnam.vn; '
   || 'sources.md §4.1)'),
  ('ND07-2021', 1, 'rural', 'average',      2250000, 'secondary',
   'NĐ 07/2021/NĐ-CP Điều 3 khoản 2 (text not read; vnexpress 4228672; '
   || 'sources.md §4.1)'),
  ('ND07-2021', 1, 'rural', 'score_a',          140, 'confirmed',
   'TT 07/2021/TT-BLĐTBXH Phụ lục III-IV (quoted by thukyluat.vn 94531, '
   || 'luathungson.vn; sources.md §4.4)'),
  ('ND07-2021', 1, 'urban', 'poverty',      2000000, 'confirmed',
   'NĐ 07/2021/NĐ-CP Điều 3 khoản 1 điểm a (english.luatvietnam.vn; '
   || 'sources.md §4.1)'),
  ('ND07-2021', 1, 'urban', 'average',      3000000, 'secondary',
   'NĐ 07/2021/NĐ-CP Điều 3 khoản 2 (text not read; vnexpress 4228672; '
   || 'sources.md §4.1)'),
  ('ND07-2021', 1, 'urban', 'score_a',          175, 'confirmed',
   'TT 07/2021/TT-BLĐTBXH Phụ lục III-IV (quoted by thukyluat.vn 94531, '
   || 'luathungson.vn; sources.md §4.4)'),

  ('ND351-2025', 1, 'rural', 'poverty',     2200000, 'secondary',
   'NĐ 351/2025/NĐ-CP (text not read; vietnamplus post1086100, '
   || 'huengaynay 161540; sources.md §5)'),
  ('ND351-2025', 1, 'urban', 'poverty',     2800000, 'secondary',
   'NĐ 351/2025/NĐ-CP (text not read; vietnamplus post1086100, '
   || 'huengaynay 161540; sources.md §5)');

-- QĐ 59/2015: 10 indicators in five services, in the decision's order
-- (Điều 1 khoản 2).  Names CONFIRMED; thresholds memory (sources.md §2.3).
INSERT INTO indicator (standard_id, version, key, ordinal, dimension,
                       dimension_vi, name_vi, name_en, definition, rule,
                       params, confidence, citation) VALUES
  ('QD59-2015', 1, 'health_access', 1, 'health', 'Y tế',
   'Tiếp cận các dịch vụ y tế', 'Access to health services',
   'At least one member was ill (bedridden or unable to carry on normal '
   || 'activities) and did not seek medical treatment.',
   'fact_at_least',
   json('{"fact": "sick_untreated_members", "at_least": 1}'),
   'unconfirmed',
   'QĐ 59/2015/QĐ-TTg Điều 1 khoản 2 (name); threshold not read in '
   || 'QĐ 1614/QĐ-TTg or TT 17/2016 Phụ lục 3b: researcher memory, '
   || 'sources.md §2.3 #1'),
  ('QD59-2015', 1, 'health_insurance', 2, 'health', 'Y tế',
   'Bảo hiểm y tế', 'Health insurance',
   'At least one member aged 6 or over has no health insurance.',
   'member_any',
   json('{"bands": [{"age_min": 6, "age_max": null, "born_from": null, '
   || '"when": [{"fact": "has_health_insurance", "is": "0"}]}]}'),
   'unconfirmed',
   'QĐ 59/2015/QĐ-TTg Điều 1 khoản 2 (name); threshold not read in '
   || 'QĐ 1614/QĐ-TTg or TT 17/2016 Phụ lục 3b: researcher memory, '
   || 'sources.md §2.3 #2'),
  ('QD59-2015', 1, 'adult_education', 3, 'education', 'Giáo dục',
   'Trình độ giáo dục của người lớn', 'Adult education attainment',
   'At least one member aged 15 or over and born in 1986 or later has '
   || 'not completed lower-secondary school (grade 9) and is not in school.',
   'member_any',
   json('{"bands": [{"age_min": 15, "age_max": null, "born_from": 1986, '
   || '"when": [{"fact": "in_school", "is": "0"}, '
   || '{"fact": "education_grade", "below": 9}]}]}'),
   'unconfirmed',
   'QĐ 59/2015/QĐ-TTg Điều 1 khoản 2 (name); threshold not read in '
   || 'QĐ 1614/QĐ-TTg or TT 17/2016 Phụ lục 3b: researcher memory, '
   || 'sources.md §2.3 #3'),
  ('QD59-2015', 1, 'child_schooling', 4, 'education', 'Giáo dục',
   'Tình trạng đi học của trẻ em', 'Children''s school attendance',
   'At least one child aged 5 to under 15 is not attending school.',
   'member_any',
   json('{"bands": [{"age_min": 5, "age_max": 14, "born_from": null, '
   || '"when": [{"fact": "in_school", "is": "0"}]}]}'),
   'unconfirmed',
   'QĐ 59/2015/QĐ-TTg Điều 1 khoản 2 (name); threshold not read in '
   || 'QĐ 1614/QĐ-TTg or TT 17/2016 Phụ lục 3b: researcher memory, '
   || 'sources.md §2.3 #4'),
  ('QD59-2015', 1, 'housing_quality', 5, 'housing', 'Nhà ở',
   'Chất lượng nhà ở', 'Housing quality',
   'The household lives in a non-durable house: at least 2 of its 3 main '
   || 'parts (walls, columns or frame, roof) are of non-durable materials.',
   'fact_at_least',
   json('{"fact": "nondurable_parts", "at_least": 2}'),
   'unconfirmed',
   'QĐ 59/2015/QĐ-TTg Điều 1 khoản 2 (name); threshold not read in '
   || 'QĐ 1614/QĐ-TTg or TT 17/2016 Phụ lục 3b: researcher memory, '
   || 'sources.md §2.3 #5'),
  ('QD59-2015', 1, 'housing_area', 6, 'housing', 'Nhà ở',
   'Diện tích nhà ở bình quân đầu người', 'Housing area per person',
   'The living area per member is below 8 m².',
   'fact_below',
   json('{"fact": "living_area_m2", "per_member": true, "below": 8}'),
   'unconfirmed',
   'QĐ 59/2015/QĐ-TTg Điều 1 khoản 2 (name); threshold not read in '
   || 'QĐ 1614/QĐ-TTg or TT 17/2016 Phụ lục 3b: researcher memory, '
   || 'sources.md §2.3 #6'),
  ('QD59-2015', 1, 'water', 7, 'water_sanitation', 'Nước sạch và vệ sinh',
   'Nguồn nước sinh hoạt', 'Domestic water source',
   'The household has no hygienic water source (piped water, borehole, '
   || 'protected dug well, protected spring, rain water or bottled water).',
   'fact_not_in',
   json('{"fact": "water_source", "ok": ["piped", "borehole", '
   || '"protected_well", "protected_spring", "rain", "bottled"]}'),
   'unconfirmed',
   'QĐ 59/2015/QĐ-TTg Điều 1 khoản 2 (name); threshold not read: '
   || 'researcher memory, sources.md §2.3 #7; list of sources borrowed '
   || 'from the NĐ 07/2021 third-party note, sources.md §4.2 #9'),
  ('QD59-2015', 1, 'latrine', 8, 'water_sanitation', 'Nước sạch và vệ sinh',
   'Hố xí/nhà tiêu hợp vệ sinh', 'Hygienic latrine',
   'The household does not use a hygienic latrine (septic, semi-septic, '
   || 'pour-flush, double-vault or ventilated pit).',
   'fact_not_in',
   json('{"fact": "latrine", "ok": ["septic", "semi_septic", "pour_flush", '
   || '"double_vault", "ventilated_pit"]}'),
   'unconfirmed',
   'QĐ 59/2015/QĐ-TTg Điều 1 khoản 2 (name); threshold not read: '
   || 'researcher memory, sources.md §2.3 #8; list of types borrowed '
   || 'from the NĐ 07/2021 third-party note, sources.md §4.2 #10'),
  ('QD59-2015', 1, 'telecom', 9, 'information', 'Thông tin',
   'Sử dụng dịch vụ viễn thông', 'Use of telecom services',
   'No member uses a telephone or an internet service.',
   'facts_none',
   json('{"facts": ["uses_phone", "uses_internet"]}'),
   'unconfirmed',
   'QĐ 59/2015/QĐ-TTg Điều 1 khoản 2 (name); threshold not read in '
   || 'QĐ 1614/QĐ-TTg or TT 17/2016 Phụ lục 3b: researcher memory, '
   || 'sources.md §2.3 #9'),
  ('QD59-2015', 1, 'info_assets', 10, 'information', 'Thông tin',
   'Tài sản phục vụ tiếp cận thông tin', 'Assets for information access',
   'The household owns no TV, radio or computer and cannot hear the '
   || 'commune or village loudspeaker system.',
   'facts_none',
   json('{"facts": ["has_tv", "has_radio", "has_computer", '
   || '"hears_loudspeaker"]}'),
   'unconfirmed',
   'QĐ 59/2015/QĐ-TTg Điều 1 khoản 2 (name); threshold not read in '
   || 'QĐ 1614/QĐ-TTg or TT 17/2016 Phụ lục 3b: researcher memory, '
   || 'sources.md §2.3 #10');

-- NĐ 07/2021: 12 indicators in six services, in the decree's order (Điều 3
-- khoản 1 điểm b).  Names CONFIRMED; thresholds from the Phụ lục, not
-- read: third-party notes and memory (sources.md §4.2).
INSERT INTO indicator (standard_id, version, key, ordinal, dimension,
                       dimension_vi, name_vi, name_en, definition, rule,
                       params, confidence, citation) VALUES
  ('ND07-2021', 1, 'employment', 1, 'employment', 'Việc làm',
   'Việc làm', 'Employment',
   'At least one working-age member is unemployed (the unconfirmed wording '
   || 'also counts wage work without a labour contract; tick it by hand).',
   'fact_at_least',
   json('{"fact": "unemployed_members", "at_least": 1}'),
   'unconfirmed',
   'NĐ 07/2021/NĐ-CP Điều 3 khoản 1 điểm b (name); Phụ lục (not read); '
   || 'threshold from sources.md §4.2 #1, memory and third-party note'),
  ('ND07-2021', 1, 'dependants', 2, 'employment', 'Việc làm',
   'Người phụ thuộc trong hộ gia đình', 'Dependants in the household',
   'Dependants (children under 16, people aged 60 or over and disabled '
   || 'people) are more than half of the household members.',
   'member_share_above',
   json('{"age_under": 16, "age_from": 60, "fact": "disabled", '
   || '"share_above": 0.5}'),
   'unconfirmed',
   'NĐ 07/2021/NĐ-CP Điều 3 khoản 1 điểm b (name); Phụ lục (not read); '
   || 'threshold from sources.md §4.2 #2 (memory); who is a dependant from '
   || 'the September 2025 draft of NĐ 351, sources.md §5; age 60 assumed'),
  ('ND07-2021', 1, 'nutrition', 3, 'health', 'Y tế',
   'Dinh dưỡng', 'Nutrition',
   'At least one child under 16 is malnourished (stunted or underweight).',
   'fact_at_least',
   json('{"fact": "malnourished_children", "at_least": 1}'),
   'unconfirmed',
   'NĐ 07/2021/NĐ-CP Điều 3 khoản 1 điểm b (name); Phụ lục (not read); '
   || 'threshold from sources.md §4.2 #3, third-party note'),
  ('ND07-2021', 1, 'health_insurance', 4, 'health', 'Y tế',
   'Bảo hiểm y tế', 'Health insurance',
   'At least one member aged 6 or over has no health insurance.',
   'member_any',
   json('{"bands": [{"age_min": 6, "age_max": null, "born_from": null, '
   || '"when": [{"fact": "has_health_insurance", "is": "0"}]}]}'),
   'unconfirmed',
   'NĐ 07/2021/NĐ-CP Điều 3 khoản 1 điểm b (name); Phụ lục (not read); '
   || 'threshold from sources.md §4.2 #4, memory'),
  ('ND07-2021', 1, 'adult_education', 5, 'education', 'Giáo dục',
   'Trình độ giáo dục của người lớn', 'Adult education attainment',
   'At least one member aged 16-17 is not in school and has not completed '
   || 'grade 9, or one aged 18-30 is not in school and has neither '
   || 'completed grade 12 nor a vocational or college qualification.',
   'member_any',
   json('{"bands": [{"age_min": 16, "age_max": 17, "born_from": null, '
   || '"when": [{"fact": "in_school", "is": "0"}, '
   || '{"fact": "education_grade", "below": 9}]}, '
   || '{"age_min": 18, "age_max": 30, "born_from": null, '
   || '"when": [{"fact": "in_school", "is": "0"}, '
   || '{"fact": "education_grade", "below": 12}, '
   || '{"fact": "has_vocational", "is": "0"}]}]}'),
   'unconfirmed',
   'NĐ 07/2021/NĐ-CP Điều 3 khoản 1 điểm b (name); Phụ lục (not read); '
   || 'threshold from sources.md §4.2 #5, third-party note'),
  ('ND07-2021', 1, 'child_schooling', 6, 'education', 'Giáo dục',
   'Tình trạng đi học của trẻ em', 'Children''s school attendance',
   'At least one child aged 3 to under 16 is not attending school (the '
   || 'wording may require the grade or level appropriate to the age).',
   'member_any',
   json('{"bands": [{"age_min": 3, "age_max": 15, "born_from": null, '
   || '"when": [{"fact": "in_school", "is": "0"}]}]}'),
   'unconfirmed',
   'NĐ 07/2021/NĐ-CP Điều 3 khoản 1 điểm b (name); Phụ lục (not read); '
   || 'threshold from sources.md §4.2 #6, third-party note'),
  ('ND07-2021', 1, 'housing_quality', 7, 'housing', 'Nhà ở',
   'Chất lượng nhà ở', 'Housing quality',
   'The household lives in a non-durable house: at least 2 of its 3 main '
   || 'parts (walls, columns or frame, roof) are of non-durable materials.',
   'fact_at_least',
   json('{"fact": "nondurable_parts", "at_least": 2}'),
   'unconfirmed',
   'NĐ 07/2021/NĐ-CP Điều 3 khoản 1 điểm b (name); Phụ lục (not read); '
   || 'threshold from sources.md §4.2 #7, third-party note'),
  ('ND07-2021', 1, 'housing_area', 8, 'housing', 'Nhà ở',
   'Diện tích nhà ở bình quân đầu người', 'Housing area per person',
   'The living area per member is below 8 m².',
   'fact_below',
   json('{"fact": "living_area_m2", "per_member": true, "below": 8}'),
   'unconfirmed',
   'NĐ 07/2021/NĐ-CP Điều 3 khoản 1 điểm b (name); Phụ lục (not read); '
   || 'threshold from sources.md §4.2 #8, third-party note'),
  ('ND07-2021', 1, 'water', 9, 'water_sanitation',
   'Nước sinh hoạt và vệ sinh',
   'Nguồn nước sinh hoạt', 'Domestic water source',
   'The household has no clean water source (piped water, borehole, '
   || 'protected dug well, protected spring, rain water or bottled water).',
   'fact_not_in',
   json('{"fact": "water_source", "ok": ["piped", "borehole", '
   || '"protected_well", "protected_spring", "rain", "bottled"]}'),
   'unconfirmed',
   'NĐ 07/2021/NĐ-CP Điều 3 khoản 1 điểm b (name); Phụ lục (not read); '
   || 'threshold from sources.md §4.2 #9, third-party note'),
  ('ND07-2021', 1, 'latrine', 10, 'water_sanitation',
   'Nước sinh hoạt và vệ sinh',
   'Nhà tiêu hợp vệ sinh', 'Hygienic latrine',
   'The household does not use a hygienic latrine (septic, semi-septic, '
   || 'pour-flush, double-vault or ventilated pit).',
   'fact_not_in',
   json('{"fact": "latrine", "ok": ["septic", "semi_septic", "pour_flush", '
   || '"double_vault", "ventilated_pit"]}'),
   'unconfirmed',
   'NĐ 07/2021/NĐ-CP Điều 3 khoản 1 điểm b (name); Phụ lục (not read); '
   || 'threshold from sources.md §4.2 #10, third-party note'),
  ('ND07-2021', 1, 'telecom', 11, 'information', 'Thông tin',
   'Sử dụng dịch vụ viễn thông', 'Use of telecom services',
   'No member uses an internet service.',
   'facts_none',
   json('{"facts": ["uses_internet"]}'),
   'unconfirmed',
   'NĐ 07/2021/NĐ-CP Điều 3 khoản 1 điểm b (name); Phụ lục (not read); '
   || 'threshold from sources.md §4.2 #11, memory'),
  ('ND07-2021', 1, 'info_access', 12, 'information', 'Thông tin',
   'Phương tiện phục vụ tiếp cận thông tin',
   'Means of information access',
   'The household has no TV, radio, computer or smartphone.',
   'facts_none',
   json('{"facts": ["has_tv", "has_radio", "has_computer", "has_smartphone"]}'),
   'unconfirmed',
   'NĐ 07/2021/NĐ-CP Điều 3 khoản 1 điểm b (name); Phụ lục (not read); '
   || 'threshold from sources.md §4.2 #12, memory');

-- NĐ 351/2025 (2027-2030, provisional): 12 indicators, NĐ 07's list with
-- the information-means indicator replaced by domestic-waste handling.
-- Order, names and thresholds unconfirmed; thresholds carried over from
-- NĐ 07/2021 (sources.md §5).
INSERT INTO indicator (standard_id, version, key, ordinal, dimension,
                       dimension_vi, name_vi, name_en, definition, rule,
                       params, confidence, citation) VALUES
  ('ND351-2025', 1, 'employment', 1, 'employment', 'Việc làm',
   'Việc làm', 'Employment',
   'At least one working-age member is unemployed (the unconfirmed wording '
   || 'also counts wage work without a labour contract; tick it by hand).',
   'fact_at_least',
   json('{"fact": "unemployed_members", "at_least": 1}'),
   'unconfirmed',
   'NĐ 351/2025/NĐ-CP (text not read; indicator in the September 2025 '
   || 'draft, sources.md §5); threshold carried over from ND07-2021, '
   || 'sources.md §4.2 #1'),
  ('ND351-2025', 1, 'dependants', 2, 'employment', 'Việc làm',
   'Người phụ thuộc trong hộ gia đình', 'Dependants in the household',
   'Dependants (children under 16, people aged 60 or over and disabled '
   || 'people) are more than half of the household members.',
   'member_share_above',
   json('{"age_under": 16, "age_from": 60, "fact": "disabled", '
   || '"share_above": 0.5}'),
   'unconfirmed',
   'NĐ 351/2025/NĐ-CP (text not read); ratio > 50% and who is a '
   || 'dependant from the September 2025 draft, sources.md §5 (the draft '
   || 'counts elderly and disabled people receiving a monthly social '
   || 'allowance); age 60 assumed'),
  ('ND351-2025', 1, 'nutrition', 3, 'health', 'Y tế',
   'Dinh dưỡng', 'Nutrition',
   'At least one child under 16 is malnourished (stunted or underweight).',
   'fact_at_least',
   json('{"fact": "malnourished_children", "at_least": 1}'),
   'unconfirmed',
   'NĐ 351/2025/NĐ-CP (text not read); threshold from the September 2025 '
   || 'draft, sources.md §5'),
  ('ND351-2025', 1, 'health_insurance', 4, 'health', 'Y tế',
   'Bảo hiểm y tế', 'Health insurance',
   'At least one member aged 6 or over has no health insurance.',
   'member_any',
   json('{"bands": [{"age_min": 6, "age_max": null, "born_from": null, '
   || '"when": [{"fact": "has_health_insurance", "is": "0"}]}]}'),
   'unconfirmed',
   'NĐ 351/2025/NĐ-CP (text not read; indicator in the September 2025 '
   || 'draft, sources.md §5); threshold carried over from ND07-2021, '
   || 'sources.md §4.2 #4'),
  ('ND351-2025', 1, 'adult_education', 5, 'education', 'Giáo dục',
   'Trình độ giáo dục của người lớn', 'Adult education attainment',
   'At least one member aged 16-17 is not in school and has not completed '
   || 'grade 9, or one aged 18-30 is not in school and has neither '
   || 'completed grade 12 nor a vocational or college qualification.',
   'member_any',
   json('{"bands": [{"age_min": 16, "age_max": 17, "born_from": null, '
   || '"when": [{"fact": "in_school", "is": "0"}, '
   || '{"fact": "education_grade", "below": 9}]}, '
   || '{"age_min": 18, "age_max": 30, "born_from": null, '
   || '"when": [{"fact": "in_school", "is": "0"}, '
   || '{"fact": "education_grade", "below": 12}, '
   || '{"fact": "has_vocational", "is": "0"}]}]}'),
   'unconfirmed',
   'NĐ 351/2025/NĐ-CP (text not read; indicator in the September 2025 '
   || 'draft, sources.md §5); threshold carried over from ND07-2021, '
   || 'sources.md §4.2 #5'),
  ('ND351-2025', 1, 'child_schooling', 6, 'education', 'Giáo dục',
   'Tình trạng đi học của trẻ em', 'Children''s school attendance',
   'At least one child aged 3 to under 16 is not attending school (the '
   || 'wording may require the grade or level appropriate to the age).',
   'member_any',
   json('{"bands": [{"age_min": 3, "age_max": 15, "born_from": null, '
   || '"when": [{"fact": "in_school", "is": "0"}]}]}'),
   'unconfirmed',
   'NĐ 351/2025/NĐ-CP (text not read; indicator in the September 2025 '
   || 'draft, sources.md §5); threshold carried over from ND07-2021, '
   || 'sources.md §4.2 #6'),
  ('ND351-2025', 1, 'housing_quality', 7, 'housing', 'Nhà ở',
   'Chất lượng nhà ở', 'Housing quality',
   'The household lives in a non-durable house: at least 2 of its 3 main '
   || 'parts (walls, columns or frame, roof) are of non-durable materials.',
   'fact_at_least',
   json('{"fact": "nondurable_parts", "at_least": 2}'),
   'unconfirmed',
   'NĐ 351/2025/NĐ-CP (text not read; indicator in the September 2025 '
   || 'draft, sources.md §5); threshold carried over from ND07-2021, '
   || 'sources.md §4.2 #7'),
  ('ND351-2025', 1, 'housing_area', 8, 'housing', 'Nhà ở',
   'Diện tích nhà ở bình quân đầu người', 'Housing area per person',
   'The living area per member is below 8 m².',
   'fact_below',
   json('{"fact": "living_area_m2", "per_member": true, "below": 8}'),
   'unconfirmed',
   'NĐ 351/2025/NĐ-CP (text not read; indicator in the September 2025 '
   || 'draft, sources.md §5); threshold carried over from ND07-2021, '
   || 'sources.md §4.2 #8'),
  ('ND351-2025', 1, 'water', 9, 'water_sanitation',
   'Nước sinh hoạt, vệ sinh và môi trường',
   'Nguồn nước sinh hoạt', 'Domestic water source',
   'The household has no clean water source (piped water, borehole, '
   || 'protected dug well, protected spring, rain water or bottled water).',
   'fact_not_in',
   json('{"fact": "water_source", "ok": ["piped", "borehole", '
   || '"protected_well", "protected_spring", "rain", "bottled"]}'),
   'unconfirmed',
   'NĐ 351/2025/NĐ-CP (text not read; indicator in the September 2025 '
   || 'draft, sources.md §5); threshold carried over from ND07-2021, '
   || 'sources.md §4.2 #9'),
  ('ND351-2025', 1, 'latrine', 10, 'water_sanitation',
   'Nước sinh hoạt, vệ sinh và môi trường',
   'Nhà tiêu hợp vệ sinh', 'Hygienic latrine',
   'The household does not use a hygienic latrine (septic, semi-septic, '
   || 'pour-flush, double-vault or ventilated pit).',
   'fact_not_in',
   json('{"fact": "latrine", "ok": ["septic", "semi_septic", "pour_flush", '
   || '"double_vault", "ventilated_pit"]}'),
   'unconfirmed',
   'NĐ 351/2025/NĐ-CP (text not read; indicator in the September 2025 '
   || 'draft, sources.md §5); threshold carried over from ND07-2021, '
   || 'sources.md §4.2 #10'),
  ('ND351-2025', 1, 'telecom', 11, 'information', 'Thông tin',
   'Sử dụng dịch vụ viễn thông, dịch vụ số',
   'Use of telecom and digital services',
   'No member uses the internet or a digital service (final wording '
   || 'unconfirmed).',
   'facts_none',
   json('{"facts": ["uses_internet"]}'),
   'unconfirmed',
   'NĐ 351/2025/NĐ-CP (text not read); telecom use becomes digital-service '
   || 'and internet use per vietnamnet.vn/en 2484119, sources.md §5; '
   || 'threshold carried over from ND07-2021, sources.md §4.2 #11'),
  ('ND351-2025', 1, 'waste', 12, 'water_sanitation',
   'Nước sinh hoạt, vệ sinh và môi trường',
   'Xử lý rác thải sinh hoạt', 'Domestic waste handling',
   'The household''s domestic waste is neither collected nor treated on '
   || 'site (final wording unconfirmed).',
   'fact_not_in',
   json('{"fact": "waste_handling", "ok": ["collected", "treated_onsite"]}'),
   'unconfirmed',
   'NĐ 351/2025/NĐ-CP (text not read); indicator added per '
   || 'vietnamnet.vn/en 2484119 and the September 2025 draft, sources.md '
   || '§5; threshold not found: what counts as handled is assumed');
