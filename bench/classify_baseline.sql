-- classify_baseline.sql: the baseline of bench/run's classify step (issue 7):
-- ONE SQL statement, run by the sqlite3 shell on a copy of the ledger, that
-- classifies every household of the open periodic reviews from the stored
-- survey answers and stores the class in review_household.proposed_class.
--
-- The same rules as the library, as far as plain SQL reasonably goes:
--  - the review's standard, data version and reference date; the area of the
--    commune's kind on that date; the lines of the version (single_line
--    family: poor if income <= poverty line and D >= cut-off, near-poor if
--    income <= line and D < cut-off, average up to the average line, else
--    non-poor; score A against its line when there is no income);
--  - D counts the enumerator's ticks and, for an indicator left empty, the
--    household-fact rules of the indicator table (fact_at_least, fact_below
--    with per_member, fact_not_in, facts_none), parameters read from JSON;
--  - the member rules (member_any, member_share_above: ages and member
--    facts) count only when ticked.  gen_ledger ticks every indicator whose
--    member facts the files cannot carry, so the classes match povreg's on
--    generated data except where an untouched member rule would have been
--    deprived (bench/run prints how many agree).
-- No classification row, no explanation, no audit: what SQLite itself needs
-- to read the answers, count, compare and store one class per household.
PRAGMA synchronous = NORMAL;
PRAGMA cache_size = -16384;
BEGIN;
WITH ind AS MATERIALIZED (
  SELECT standard_id, version, key, rule,
         json_extract(params, '$.fact') AS fact,
         json_extract(params, '$.at_least') AS at_least,
         json_extract(params, '$.below') AS below,
         coalesce(json_extract(params, '$.per_member'), 0) AS per_member,
         json_extract(params, '$.ok') AS ok,
         json_extract(params, '$.facts') AS facts
  FROM indicator
),
rv AS MATERIALIZED (
  SELECT r.id, r.status_year, r.standard_id, r.standard_version AS version,
         r.reference_date, sv.cutoff, sv.score_b_per_indicator AS b_per,
         sv.score_b_cutoff AS b_cut,
         (SELECT amount FROM standard_line l WHERE l.standard_id = r.standard_id
            AND l.version = r.standard_version AND l.area = uk.area
            AND l.line = 'poverty') AS poverty,
         (SELECT amount FROM standard_line l WHERE l.standard_id = r.standard_id
            AND l.version = r.standard_version AND l.area = uk.area
            AND l.line = 'average') AS average,
         (SELECT amount FROM standard_line l WHERE l.standard_id = r.standard_id
            AND l.version = r.standard_version AND l.area = uk.area
            AND l.line = 'score_a') AS score_line
  FROM review r
  JOIN standard_version sv ON sv.standard_id = r.standard_id
                          AND sv.version = r.standard_version
  JOIN unit_version uv ON uv.code = r.commune_code
   AND (uv.valid_from IS NULL OR uv.valid_from <= r.reference_date)
   AND (uv.valid_to IS NULL OR uv.valid_to > r.reference_date)
  JOIN unit_kind uk ON uk.kind = uv.kind
  WHERE r.approved = 0 AND r.kind = 'periodic'
),
scored AS (
  SELECT x.review_id, x.household_id, s.income, s.score_a, rv.poverty,
         rv.average, rv.score_line, rv.cutoff, rv.b_per, rv.b_cut,
         (SELECT count(*) FROM ind i
            LEFT JOIN survey_tick t ON t.survey_id = s.id AND t.key = i.key
            LEFT JOIN survey_fact f ON f.survey_id = s.id AND f.key = i.fact
          WHERE i.standard_id = rv.standard_id AND i.version = rv.version
            AND coalesce(t.deprived, CASE i.rule
              WHEN 'fact_at_least' THEN CAST(f.value AS REAL) >= i.at_least
              WHEN 'fact_below' THEN CAST(f.value AS REAL) /
                CASE WHEN i.per_member THEN (SELECT max(count(*), 1)
                  FROM member m WHERE m.household_id = s.household_id
                  AND (m.joined_on IS NULL OR m.joined_on <= rv.reference_date)
                  AND (m.status = 'active' OR m.status_on > rv.reference_date))
                ELSE 1 END < i.below
              WHEN 'fact_not_in' THEN f.value NOT IN
                (SELECT value FROM json_each(i.ok))
              WHEN 'facts_none' THEN NOT EXISTS (SELECT 1
                FROM json_each(i.facts) j JOIN survey_fact g
                ON g.survey_id = s.id AND g.key = j.value
                WHERE g.value = '1')
              ELSE 0 END) = 1) AS d
  FROM rv
  JOIN review_household x ON x.review_id = rv.id
   AND x.excused_reason IS NULL AND x.needs_resurvey = 0
  JOIN survey s ON s.household_id = x.household_id
   AND s.review_year = rv.status_year - 1
)
UPDATE review_household AS rh SET proposed_class = c.class
FROM (
  SELECT review_id, household_id,
    CASE
      WHEN income IS NOT NULL AND income <= poverty THEN
        CASE WHEN d >= cutoff THEN 'poor' ELSE 'near_poor' END
      WHEN income IS NOT NULL AND average IS NOT NULL AND income <= average
        THEN 'average'
      WHEN income IS NOT NULL THEN 'non_poor'
      WHEN score_a <= score_line THEN
        CASE WHEN d * b_per >= b_cut THEN 'poor' ELSE 'near_poor' END
      ELSE 'non_poor'
    END AS class
  FROM scored
) AS c
WHERE rh.review_id = c.review_id AND rh.household_id = c.household_id;
COMMIT;
