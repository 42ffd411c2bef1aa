-- bhyt_baseline.sql: the baseline of bench/run's export step (issue 7): the
-- sqlite3 shell writing the health-insurance list on date :d as CSV with
-- ONE query, the join `povreg export bhyt --date D -o FILE` makes.
-- bench/run sets :d (`.parameter set :d 'YYYY-MM-DD'`) and the output
-- file (`.once FILE`) before reading it.
--
-- The same people and groups as far as one query reasonably goes: members
-- active on :d of households registered on or before :d and not dissolved;
-- the household's status in force on :d (status year year(:d) or the one
-- before, effective on or before :d, the latest); flags of the commune or
-- of its district on :d; each person once, in the most favourable group
-- (bhyt_group.rank): TE child under 72 months (a birth year alone taken as
-- 1 July), HN poor household, DT minority in a commune with one of its
-- flags, DK and XD flagged communes, CN near-poor household.  Not done:
-- the successor of a closed commune code, TE's "until 30 September if not
-- in school", CN's rate in a poor district, the fix list, the per-group
-- reconciliation counts and the audit entry povreg writes.
WITH fl AS MATERIALIZED (
  SELECT code,
         max(flag = 'especially_difficult') AS ed,
         max(flag IN ('difficult_area', 'especially_difficult')) AS da,
         max(flag = 'island') AS isl
  FROM unit_flag
  WHERE valid_from <= :d AND (valid_to IS NULL OR valid_to > :d)
  GROUP BY code
),
cm AS MATERIALIZED (
  SELECT u.code,
         coalesce(max(fc.ed), 0) | coalesce(max(fd.ed), 0) AS ed,
         coalesce(max(fc.da), 0) | coalesce(max(fd.da), 0) AS da,
         coalesce(max(fc.isl), 0) | coalesce(max(fd.isl), 0) AS isl
  FROM unit u
  LEFT JOIN unit_version v ON v.code = u.code
   AND (v.valid_from IS NULL OR v.valid_from <= :d)
   AND (v.valid_to IS NULL OR v.valid_to > :d)
  LEFT JOIN fl fc ON fc.code = u.code
  LEFT JOIN fl fd ON fd.code = v.parent_code
  WHERE u.level = 'commune'
  GROUP BY u.code
),
p AS (
  SELECT h.commune_code, h.code AS household_code, m.member_no, m.full_name,
         m.bhxh_no, m.citizen_id, m.birth_date, m.sex, vl.name AS village,
         s.effective_on,
         CASE
           WHEN (CASE WHEN length(m.birth_date) = 4
                      THEN m.birth_date || '-07-01' ELSE m.birth_date END)
                > date(:d, '-72 months') THEN 'TE'
           WHEN s.class = 'poor' THEN 'HN'
           WHEN e.is_minority AND cm.da THEN 'DT'
           WHEN cm.ed THEN 'DK'
           WHEN cm.isl THEN 'XD'
           WHEN s.class = 'near_poor' THEN 'CN'
         END AS grp
  FROM household h
  JOIN cm ON cm.code = h.commune_code
  JOIN member m ON m.household_id = h.id
  JOIN ethnicity e ON e.code = m.ethnicity_code
  LEFT JOIN village vl ON vl.id = h.village_id
  LEFT JOIN household_status s ON s.id = (
    SELECT s2.id FROM household_status s2 WHERE s2.household_id = h.id
      AND s2.status_year BETWEEN CAST(substr(:d, 1, 4) AS INTEGER) - 1
                             AND CAST(substr(:d, 1, 4) AS INTEGER)
      AND s2.effective_on <= :d
    ORDER BY s2.status_year DESC, s2.id DESC LIMIT 1)
  WHERE h.created_on <= :d
    AND (h.dissolved_on IS NULL OR h.dissolved_on > :d)
    AND (m.status = 'active' OR m.status_on > :d)
    AND (m.joined_on IS NULL OR m.joined_on <= :d)
)
SELECT row_number() OVER (ORDER BY commune_code, household_code, member_no)
         AS stt,
       full_name, bhxh_no, citizen_id, birth_date, sex, household_code,
       village, commune_code, grp AS "group", g.support_rate,
       CASE WHEN grp = 'TE' THEN birth_date ELSE coalesce(effective_on, :d)
       END AS valid_from
FROM p JOIN bhyt_group g ON g.code = p.grp
ORDER BY commune_code, household_code, member_no;
