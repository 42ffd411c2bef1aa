#!/usr/bin/env bash
# test_classify.sh: "povreg classify" what-if: every boundary of every
# shipped standard in both areas, the score form, choosing the standard by
# status year, --compare, JSON output, and refused input.
# shellcheck source-path=SCRIPTDIR
. "$(dirname "$0")/lib.sh"

# A what-if on a ledger that does not exist fails and creates nothing.
run_fail 1 "no such ledger" classify --year 2026 --area rural --income 1
check "a what-if creates no ledger" test ! -e "$LEDGER"

run_ok init

D0=""
D2="health_insurance,water"
D3="health_insurance,water,latrine"

# cls STANDARD AREA INCOME DEPRIVED CLASS: a what-if must give CLASS.
cls() {
  local std=$1 area=$2 income=$3 dep=$4 want=$5
  local args=(classify --standard "$std" --area "$area" --income "$income")
  [[ -n $dep ]] && args+=(--deprived "$dep")
  pv "${args[@]}"
  local got
  got=$(sed -n 's/^class  *//p' <<<"$OUT")
  local d
  d=$(sed -n 's/^deprived (D)  *//p' <<<"$OUT")
  if [[ $RC -eq 0 && $got == "$want" && -z $ERR ]]; then
    ok "$std $area income $income D=$d: $want"
  else
    not_ok "$std $area income $income deprived '$dep': $want" \
      "got class '$got'"
  fi
}

# score STANDARD AREA SCORE_A DEPRIVED CLASS: the same with score A.
score() {
  local std=$1 area=$2 a=$3 dep=$4 want=$5
  local args=(classify --standard "$std" --area "$area" --score-a "$a")
  [[ -n $dep ]] && args+=(--deprived "$dep")
  pv "${args[@]}"
  local got
  got=$(sed -n 's/^class  *//p' <<<"$OUT")
  if [[ $RC -eq 0 && $got == "$want" && -z $ERR ]]; then
    ok "$std $area score A $a deprived '$dep': $want"
  else
    not_ok "$std $area score A $a deprived '$dep': $want" "got class '$got'"
  fi
}

# ---- QĐ 59/2015 (banded): rural 700k / 1M / 1.5M, urban 900k / 1.3M / 1.95M

cls QD59-2015 rural 700000 "$D0" poor
expect_out "^reason +income_at_or_below_poverty_line$" \
  "QD59: income alone makes poor"
expect_out "^deprived \(D\) +0$" "QD59: D=0 shown"
cls QD59-2015 rural 700001 "$D2" near_poor
cls QD59-2015 rural 700001 "$D3" poor
expect_out "^reason +income_in_band_deprived$" "QD59: in band, deprived"
cls QD59-2015 rural 1000000 "$D2" near_poor
expect_out "^near-poverty line +1000000$" "QD59: near-poverty line shown"
cls QD59-2015 rural 1000000 "$D3" poor
cls QD59-2015 rural 1000001 "$D3" average
cls QD59-2015 rural 1500000 "$D0" average
cls QD59-2015 rural 1500001 "$D3" non_poor
cls QD59-2015 urban 900000 "$D0" poor
cls QD59-2015 urban 900001 "$D2" near_poor
cls QD59-2015 urban 900001 "$D3" poor
cls QD59-2015 urban 1300000 "$D2" near_poor
cls QD59-2015 urban 1300001 "$D0" average
cls QD59-2015 urban 1950000 "$D0" average
cls QD59-2015 urban 1950001 "$D0" non_poor

# ---- NĐ 07/2021 (single line): rural 1.5M / 2.25M, urban 2M / 3M

cls ND07-2021 rural 1500000 "$D2" near_poor
expect_out "^reason +income_at_or_below_line_not_deprived$" \
  "ND07: at the line, not deprived"
cls ND07-2021 rural 1500000 "$D3" poor
cls ND07-2021 rural 1500001 "$D3" average
cls ND07-2021 rural 2250000 "$D0" average
cls ND07-2021 rural 2250001 "$D0" non_poor
cls ND07-2021 urban 2000000 "$D2" near_poor
cls ND07-2021 urban 2000000 "$D3" poor
cls ND07-2021 urban 2000001 "$D3" average
cls ND07-2021 urban 3000000 "$D0" average
cls ND07-2021 urban 3000001 "$D0" non_poor
expect_out "^average line +3000000$" "ND07: average line shown"

# income-only poverty exists under QĐ 59 and not under NĐ 07
cls QD59-2015 rural 700000 "$D0" poor
cls ND07-2021 rural 1500000 "$D0" near_poor

# ---- NĐ 351/2025 (single line, no average band): rural 2.2M, urban 2.8M

cls ND351-2025 rural 2200000 "$D3" poor
cls ND351-2025 rural 2200000 "$D2" near_poor
cls ND351-2025 rural 2200001 "$D3" non_poor
expect_out "^average line +-$" "ND351: no average line"
expect_out "^reason +income_above_bands$" "ND351: above the line"
cls ND351-2025 urban 2800000 "$D3" poor
cls ND351-2025 urban 2800001 "$D0" non_poor

# ---- score form (TT 07/2021): A <= 140 rural / 175 urban, B = 10 x D >= 30

score ND07-2021 rural 140 "$D3" poor
expect_out "^score B +30$" "score form: B = 30 with 3 deprived"
expect_out "^score A line +140$" "score form: rural score A line"
score ND07-2021 rural 140 "$D2" near_poor
expect_out "^score B +20$" "score form: B = 20 with 2 deprived"
score ND07-2021 rural 141 "$D3" non_poor
score ND07-2021 urban 175 "$D3" poor
score ND07-2021 urban 175 "$D2" near_poor
score ND07-2021 urban 176 "$D3" non_poor
run_unchanged 3 "score_a: QD59-2015 has no score form" \
  classify --standard QD59-2015 --area rural --score-a 100 --deprived "$D3"
run_unchanged 3 "score_a: ND351-2025 has no score form" \
  classify --year 2027 --area urban --score-a 100

# ---- the standard of a status year

run_ok classify --year 2026 --area rural --income 1000000
expect_out "^standard +ND07-2021 version 1$" "--year 2026 is ND07-2021"
run_ok classify --year 2027 --area rural --income 1000000
expect_out "^standard +ND351-2025 version 1$" "--year 2027 is ND351-2025"
run_ok classify --year 2021 --area rural --income 1000000
expect_out "^standard +QD59-2015 version 1$" "--year 2021 is QD59-2015"
run_ok classify --year 2016 --area urban --income 1000000
expect_out "^standard +QD59-2015 version 1$" "--year 2016 is QD59-2015"
run_unchanged 1 "year: no standard governs status year 2031" \
  classify --year 2031 --area rural --income 1000000
run_unchanged 1 "no standard governs status year 2015" \
  classify --year 2015 --area rural --income 1000000

# ---- what the table shows

run_ok classify --year 2026 --area rural --income 1400000 \
  --deprived health_insurance,water --deprived latrine
expect_out "^class +poor$" "repeated --deprived add up"
expect_out "^deprived \(D\) +3$" "D counts every key"
expect_out "^cutoff +3$" "cutoff shown"
expect_out "^poverty line +1500000$" "poverty line shown"
expect_out "^explanation \(en\) +Poor: income 1,400,000 VND is at or below" \
  "English explanation"
expect_out "^explanation \(vi\) +Hộ nghèo: thu nhập 1\.400\.000 đồng" \
  "Vietnamese explanation"
expect_out "^health_insurance +Bảo hiểm y tế +Health insurance$" \
  "deprived indicator with its names"
expect_out "^latrine +Nhà tiêu hợp vệ sinh +Hygienic latrine$" \
  "deprived indicator latrine"
run_ok classify --year 2026 --area rural --income 1400000 --lang en \
  --deprived water
expect_no_out "explanation \(vi\)" "--lang en: no Vietnamese explanation"
expect_out "^water +Domestic water source$" "--lang en: English name only"
run_ok classify --year 2026 --area rural --income 1400000 --lang vi \
  --deprived water
expect_no_out "explanation \(en\)" "--lang vi: no English explanation"
expect_out "^water +Nguồn nước sinh hoạt$" "--lang vi: Vietnamese name only"

# ---- JSON

# has_keys KEY...: the last stdout is a JSON object with these keys.
# shellcheck disable=SC2317  # called through check
has_keys() {
  local k
  if command -v python3 >/dev/null 2>&1; then
    python3 -c '
import json, sys
d = json.loads(sys.stdin.read())
missing = [k for k in sys.argv[1:] if k not in d]
sys.exit(1 if missing else 0)' "$@" <<<"$OUT"
    return
  fi
  for k in "$@"; do
    grep -q "^  \"$k\": " <<<"$OUT" || return 1
  done
}

run_ok classify --year 2026 --area urban --income 2000000 \
  --deprived health_insurance,water,latrine --format json
check "what-if --format json is valid JSON" valid_json
check "what-if JSON has the keys" has_keys class reason deprived \
  deprived_count cutoff standard version area income score_a poverty_line \
  near_poverty_line average_line explanation_en explanation_vi
expect_out '^  "class": "poor",$' "json: class"
expect_out '^  "deprived": \["health_insurance", "water", "latrine"\],$' \
  "json: deprived is an array of keys"
expect_out '^  "income": 2000000,$' "json: income is a number"
expect_out '^  "near_poverty_line": null,$' "json: no near-poverty line"
run_ok classify --standard ND07-2021 --area rural --score-a 120 \
  --deprived water --format json
check "score what-if JSON is valid" valid_json
expect_out '^  "score_a": 120,$' "json: score_a"
expect_out '^  "score_b": 10,$' "json: score_b"
run_ok classify --year 2026 --area rural --income 1 --format csv
expect_out "^standard,version,area,income,score_a,class,reason," "csv header"
expect_out "^ND07-2021,1,rural,1,,near_poor," "csv row"

# ---- --compare: 2026 against 2027 rules

run_ok classify --year 2026 --area rural --income 1800000 \
  --deprived health_insurance,water,latrine --compare ND351-2025
expect_out "^ +ND07-2021 +ND351-2025$" "compare: side-by-side header"
expect_out "^class +average +poor$" "compare: classes side by side"
expect_out "^poverty line +1500000 +2200000$" "compare: lines side by side"
expect_out "^ND351-2025 \(en\): Poor: income 1,800,000" \
  "compare: explanation of the second"
run_ok classify --year 2026 --area rural --income 1800000 \
  --deprived water --compare ND351-2025 --format json
check "compare JSON is valid" valid_json
expect_out '^  "compare": \{$' "compare: nested object"
expect_out '^    "standard": "ND351-2025",$' "compare: second standard"
run_ok classify --year 2026 --area rural --income 1800000 \
  --compare ND351-2025 --format csv
expect_eq "$(lines "$OUT")" 3 "compare csv: header and two rows"

# ---- refused input: the ledger never changes

run_unchanged 2 "--income: '-5' is negative" \
  classify --year 2026 --area rural --income -5
run_unchanged 2 "--income: '12x' is not a number" \
  classify --year 2026 --area rural --income 12x
run_unchanged 2 "--income: '\+5' is not a number" \
  classify --year 2026 --area rural --income +5
run_unchanged 2 "--score-a: 'abc' is not a number" \
  classify --year 2026 --area rural --score-a abc
run_unchanged 2 "missing --area" classify --year 2026 --income 1000
run_unchanged 2 "--area: 'suburb'" \
  classify --year 2026 --area suburb --income 1000
run_unchanged 2 "--standard ID or --year" \
  classify --area rural --income 1000
run_unchanged 2 "--standard ID or --year" \
  classify --standard ND07-2021 --year 2026 --area rural --income 1000
run_unchanged 2 "--income N or --score-a N" \
  classify --year 2026 --area rural
run_unchanged 2 "--income N or --score-a N" \
  classify --year 2026 --area rural --income 1 --score-a 1
run_unchanged 2 "--year: 'next' is not a number" \
  classify --year next --area rural --income 1
run_unchanged 2 "--save needs --household" \
  classify --year 2026 --area rural --income 1 --save
run_unchanged 2 "--lang: 'fr'" \
  classify --year 2026 --area rural --income 1 --lang fr
run_unchanged 2 "--deprived: expected indicator keys" \
  classify --year 2026 --area rural --income 1 --deprived water,,latrine
run_unchanged 1 "standard: no standard 'NOPE'" \
  classify --standard NOPE --area rural --income 1
run_unchanged 1 "standard: no standard 'NOPE'" \
  classify --year 2026 --area rural --income 1 --compare NOPE
run_unchanged 3 "deprived: bogus is not an indicator of ND07-2021$" \
  classify --year 2026 --area rural --income 1 --deprived bogus
run_unchanged 3 \
  "deprived: waste is not an indicator of ND07-2021 \(it is one of ND351-2025\)" \
  classify --year 2026 --area rural --income 1 --deprived waste
run_unchanged 3 "deprived: employment is not an indicator of QD59-2015" \
  classify --year 2021 --area rural --income 1 --deprived employment
run_unchanged 3 "deprived: water given twice" \
  classify --year 2026 --area rural --income 1 --deprived water,latrine \
  --deprived water
run_unchanged 3 "deprived: info_access is not an indicator of ND351-2025" \
  classify --year 2026 --area rural --income 1 --deprived info_access \
  --compare ND351-2025

# a successful what-if changes nothing either
dump_ledger "$T_DIR/before.sql"
run_ok classify --year 2026 --area rural --income 1 --deprived water \
  --compare QD59-2015
dump_ledger "$T_DIR/after.sql"
check "a what-if writes nothing" cmp -s "$T_DIR/before.sql" "$T_DIR/after.sql"

run_ok classify --help
expect_out "^Usage: povreg classify" "classify --help"

finish
