#!/usr/bin/env bash
# test_survey.sh: "povreg survey record" and "povreg classify --household":
# every ND07-2021 indicator derived from facts, a birthday on the reference
# date, ticks, a missing or malformed fact, --save, and --compare
# ND351-2025.
# shellcheck source-path=SCRIPTDIR
. "$(dirname "$0")/lib.sh"

run_ok init
# A rural household of Xã Mô Rai (23536), five members of various ages.
run_ok household add --commune 23536 --code H1 --created 2020-01-01 \
  --head-name "Nguyễn Văn Đức" --head-sex M --head-birth 1980-03-04
run_ok member add H1 --name "Trần Thị Mai" --sex F --birth 1985-05-06 \
  --relation spouse --joined 2020-01-01
run_ok member add H1 --name "Nguyễn Văn An" --sex M --birth 2008-05-01 \
  --relation child --joined 2020-01-01
# turns 6 on 2025-10-01, the reference date
run_ok member add H1 --name "Nguyễn Thị Hoa" --sex F --birth 2019-10-01 \
  --relation child --joined 2020-01-01
# birth year only: taken as 1950-07-01
run_ok member add H1 --name "Lê Thị Lan" --sex F --birth 1950 \
  --relation parent --joined 2020-01-01

# Facts for every ND07-2021 indicator (household, then members).
HH_FACTS=(--fact unemployed_members=0 --fact malnourished_children=0
  --fact nondurable_parts=1 --fact living_area_m2=45 --fact water_source=piped
  --fact latrine=open_pit --fact uses_internet=1 --fact has_tv=0
  --fact has_radio=0 --fact has_computer=0 --fact has_smartphone=1)
M_FACTS=(--member-fact 1:has_health_insurance=1 --member-fact 1:disabled=0
  --member-fact 2:has_health_insurance=1 --member-fact 2:disabled=0
  --member-fact 3:has_health_insurance=1 --member-fact 3:in_school=0
  --member-fact 3:education_grade=8 --member-fact 3:has_vocational=0
  --member-fact 3:disabled=0
  --member-fact 4:has_health_insurance=0 --member-fact 4:in_school=1
  --member-fact 5:has_health_insurance=1)

# audit_count: number of audit entries.
audit_count() {
  sqlite3 "$LEDGER" "SELECT count(*) FROM audit"
}

# ---- survey record ----

a0=$(audit_count)
run_ok survey record H1 --year 2025 --reference-date 2025-10-01 \
  --income 1400000 --surveyed-on 2025-10-05 --enumerator "Y Tâm" \
  "${HH_FACTS[@]}" "${M_FACTS[@]}"
expect_eq "$OUT" "" "survey record prints nothing"
expect_eq "$(audit_count)" $((a0 + 1)) "survey record is audited"
expect_eq "$(sqlite3 "$LEDGER" "SELECT count(*) FROM survey_fact")" 11 \
  "11 household facts stored"
expect_eq "$(sqlite3 "$LEDGER" "SELECT count(*) FROM survey_member_fact")" \
  12 "12 member facts stored"

# ---- classify --household: every indicator derived ----

run_ok classify --household H1 --year 2026
expect_out "^household +H1$" "household shown"
expect_out "^commune +23536$" "commune used"
expect_out "^area +rural$" "area from the commune"
expect_out "^survey of review +2025$" "survey used"
expect_out "^reference date +2025-10-01$" "reference date"
expect_out "^status year +2026$" "status year"
expect_out "^standard +ND07-2021 version 1$" "standard of 2026"
expect_out "^class +poor$" "class poor (1.4M rural, D=3)"
expect_out "^deprived \(D\) +3$" "D = 3"
for k in employment dependants nutrition health_insurance adult_education \
  child_schooling housing_quality housing_area water latrine telecom \
  info_access; do
  expect_out "^$k +(yes|no) +derived +" "$k is derived"
done
expect_out "^health_insurance +yes +derived +member 4 \(age 6\)" \
  "a child 6 on the reference date without a card is deprived"
expect_out "^adult_education +yes +derived +member 3 \(age 17\)" \
  "a 17-year-old out of school below grade 9 is deprived"
expect_out "^dependants +no +derived +2 of 5 members" \
  "dependants: the child and the grandmother (born 1950)"
expect_out "^housing_area +no +derived +living_area_m2 45 / 5 members" \
  "housing area per member"
expect_out "^latrine +yes +derived +latrine = open_pit" "latrine"
expect_out "^health_insurance +Bảo hiểm y tế +Health insurance$" \
  "deprived indicators with their names"

run_ok classify --household H1 --year 2026 --format json
check "household JSON is valid" valid_json
expect_out '^  "household": "H1",$' "json: household"
expect_out '^  "reference_date": "2025-10-01",$' "json: reference date"
expect_out \
  '"key": "health_insurance", "name_vi": "Bảo hiểm y tế", "name_en": "Health insurance", "deprived": true, "ticked": false' \
  "json: per-indicator detail"
run_ok classify --household H1 --year 2026 --format csv
expect_out "^H1,23536,2025,2025-10-01,2026,ND07-2021,1,rural,1400000,,poor," \
  "csv: the result row"
expect_out "^ND07-2021,health_insurance,yes,derived," "csv: indicator rows"

# ---- the day before the birthday: 5 years old, outside the band ----

run_ok survey record H1 --year 2025 --reference-date 2025-09-30 \
  --income 1400000 "${HH_FACTS[@]}" "${M_FACTS[@]}"
expect_eq "$(sqlite3 "$LEDGER" "SELECT count(*) FROM survey")" 1 \
  "recording the same review year replaces the survey"
expect_eq "$(sqlite3 "$LEDGER" \
  "SELECT count(*) FROM audit WHERE action = 'survey.replace'")" 1 \
  "the replacement is audited"
run_ok classify --household H1 --year 2026
expect_out "^health_insurance +no +derived +" \
  "the day before turning 6, no card is not a deprivation"
expect_out "^class +near_poor$" "D = 2: near-poor"

# ---- ticks: the enumerator's answer wins ----

run_ok survey record H1 --year 2025 --reference-date 2025-10-01 \
  --income 1400000 "${HH_FACTS[@]}" "${M_FACTS[@]}" --tick employment=1 \
  --tick latrine=0
run_ok classify --household H1 --year 2026
expect_out "^employment +yes +ticked +ticked by the enumerator$" \
  "a tick of 1 is used"
expect_out "^latrine +no +ticked +" "a tick of 0 overrides the facts"
expect_out "^deprived \(D\) +3$" "D with ticks"

# ---- a missing fact is an error naming the indicator ----

NO_LATRINE=()
for f in "${HH_FACTS[@]}"; do
  [[ $f == latrine=* ]] && { unset 'NO_LATRINE[-1]'; continue; }
  NO_LATRINE+=("$f")
done
run_ok survey record H1 --year 2025 --reference-date 2025-10-01 \
  --income 1400000 "${NO_LATRINE[@]}" "${M_FACTS[@]}"
run_unchanged 3 "^povreg: latrine: fact latrine is missing" \
  classify --household H1 --year 2026
run_unchanged 3 "^povreg: latrine: fact latrine is missing" \
  classify --household H1 --year 2026 --save
NO_CARD=()
for f in "${M_FACTS[@]}"; do
  [[ $f == 4:has_health_insurance=* ]] && {
    unset 'NO_CARD[-1]'
    continue
  }
  NO_CARD+=("$f")
done
run_ok survey record H1 --year 2025 --reference-date 2025-10-01 \
  --income 1400000 "${HH_FACTS[@]}" "${NO_CARD[@]}"
run_unchanged 3 \
  "health_insurance: member 4 \(age 6\) has no fact has_health_insurance" \
  classify --household H1 --year 2026

# ---- a boolean fact is 0 or 1, a vocabulary fact a lower-case key ----

# Recorded as given; classify refuses the value, naming the indicator.
run_ok survey record H1 --year 2025 --reference-date 2025-10-01 \
  --income 1400000 "${HH_FACTS[@]/#has_tv=0/has_tv=yes}" "${M_FACTS[@]}"
run_unchanged 3 "^povreg: info_access: fact has_tv must be 0 or 1$" \
  classify --household H1 --year 2026
run_unchanged 3 "^povreg: info_access: fact has_tv must be 0 or 1$" \
  classify --household H1 --year 2026 --save
run_ok survey record H1 --year 2025 --reference-date 2025-10-01 \
  --income 1400000 "${HH_FACTS[@]/#water_source=piped/water_source=Piped}" \
  "${M_FACTS[@]}"
run_unchanged 3 "^povreg: water: fact water_source must be a lower-case \
value such as piped$" classify --household H1 --year 2026
run_ok survey record H1 --year 2025 --reference-date 2025-10-01 \
  --income 1400000 "${HH_FACTS[@]}" \
  "${M_FACTS[@]/#4:has_health_insurance=0/4:has_health_insurance=no}"
run_unchanged 3 "^povreg: health_insurance: fact has_health_insurance of \
member 4 must be 0 or 1$" classify --household H1 --year 2026 --save

# ---- --save ----

run_ok survey record H1 --year 2025 --reference-date 2025-10-01 \
  --income 1400000 "${HH_FACTS[@]}" "${M_FACTS[@]}"
a1=$(audit_count)
run_ok classify --household H1 --year 2026 --save
expect_out "^class +poor$" "--save prints the result"
expect_eq "$(sqlite3 "$LEDGER" "SELECT count(*) FROM classification")" 1 \
  "--save stores one classification"
expect_eq "$(sqlite3 "$LEDGER" "SELECT class || ' ' || standard_id || ' ' \
  || version || ' ' || deprived FROM classification")" \
  "poor ND07-2021 1 health_insurance,adult_education,latrine" \
  "the stored class, standard, version and deprived keys"
expect_eq "$(audit_count)" $((a1 + 1)) "--save adds one audit entry"
expect_eq "$(sqlite3 "$LEDGER" "SELECT action FROM audit ORDER BY id DESC \
  LIMIT 1")" "household.classify" "the audit entry is household.classify"

# without --save nothing is written
dump_ledger "$T_DIR/before.sql"
run_ok classify --household H1 --year 2026
dump_ledger "$T_DIR/after.sql"
check "classify --household without --save writes nothing" \
  cmp -s "$T_DIR/before.sql" "$T_DIR/after.sql"

# ---- --compare ND351-2025 (2027 rules) needs the waste fact ----

run_unchanged 3 "^povreg: waste: fact waste_handling is missing" \
  classify --household H1 --year 2026 --compare ND351-2025
run_unchanged 3 "^povreg: waste: fact waste_handling is missing" \
  classify --household H1 --year 2026 --compare ND351-2025 --save
run_ok survey record H1 --year 2025 --reference-date 2025-10-01 \
  --income 1800000 "${HH_FACTS[@]}" "${M_FACTS[@]}" \
  --fact waste_handling=burned
run_ok classify --household H1 --year 2026 --compare ND351-2025
expect_out "^ +ND07-2021 +ND351-2025$" "compare: both standards"
expect_out "^class +average +poor$" \
  "compare: average under 2026 rules, poor under 2027 rules"
expect_out "^deprived \(D\) +3 +4$" "compare: waste counts under ND351"
expect_out "^waste +yes +derived +waste_handling = burned" \
  "compare: waste derived under ND351-2025"
run_ok classify --household H1 --year 2026 --compare ND351-2025 \
  --format json
check "compare household JSON is valid" valid_json
run_ok classify --household H1 --year 2027
expect_out "^standard +ND351-2025 version 1$" "--year 2027 uses ND351-2025"
run_ok classify --household H1 --year 2026 --standard ND351-2025
expect_out "^standard +ND351-2025 version 1$" "--standard overrides the year"

# ---- refused input ----

run_unchanged 1 "household: no household 'NOPE'" \
  classify --household NOPE --year 2026
run_unchanged 1 "survey: household H1 has no survey before status year 2025" \
  classify --household H1 --year 2025
run_unchanged 1 "standard: no standard 'NOPE'" \
  classify --household H1 --year 2026 --standard NOPE
run_unchanged 2 "--household needs --year" classify --household H1
run_unchanged 2 "--area is not used with --household" \
  classify --household H1 --year 2026 --area rural
run_unchanged 2 "--deprived is not used with --household" \
  classify --household H1 --year 2026 --deprived water

run_unchanged 2 "missing required option --reference-date" \
  survey record H1 --year 2025 --income 1
run_unchanged 2 "missing required option --year" \
  survey record H1 --reference-date 2025-10-01 --income 1
run_unchanged 2 "give --income N or --score-a N" \
  survey record H1 --year 2025 --reference-date 2025-10-01
run_unchanged 2 "--income: '1.5e6' is not a number" \
  survey record H1 --year 2025 --reference-date 2025-10-01 --income 1.5e6
run_unchanged 2 "--tick: expected KEY=1" \
  survey record H1 --year 2025 --reference-date 2025-10-01 --income 1 \
  --tick water=2
run_unchanged 2 "--fact: expected KEY=VALUE" \
  survey record H1 --year 2025 --reference-date 2025-10-01 --income 1 \
  --fact water_source
run_unchanged 2 "--member-fact: expected NO:KEY=VALUE" \
  survey record H1 --year 2025 --reference-date 2025-10-01 --income 1 \
  --member-fact x:disabled=1
run_unchanged 3 "indicator: waste is not an indicator of ND07-2021" \
  survey record H1 --year 2025 --reference-date 2025-10-01 --income 1 \
  --tick waste=1
run_unchanged 3 "water: ticked twice" \
  survey record H1 --year 2025 --reference-date 2025-10-01 --income 1 \
  --tick water=1 --tick water=0
run_unchanged 3 "living_area_m2: given twice" \
  survey record H1 --year 2025 --reference-date 2025-10-01 --income 1 \
  --fact living_area_m2=1 --fact living_area_m2=2
run_unchanged 3 "reference_date" \
  survey record H1 --year 2025 --reference-date 2025-02-30 --income 1
run_unchanged 3 "review_year: no standard governs status year 2041" \
  survey record H1 --year 2040 --reference-date 2040-10-01 --income 1
run_unchanged 1 "household H1 has no member 9" \
  survey record H1 --year 2025 --reference-date 2025-10-01 --income 1 \
  --member-fact 9:disabled=0
run_unchanged 1 "household: no household 'NOPE'" \
  survey record NOPE --year 2025 --reference-date 2025-10-01 --income 1

run_ok survey record --help
expect_out "^Usage: povreg survey record" "survey record --help"

finish
