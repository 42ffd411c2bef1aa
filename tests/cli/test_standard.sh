#!/usr/bin/env bash
# test_standard.sh: "povreg standard list|show|import": the shipped
# standards, the exported document, a corrected threshold imported as a new
# data version (and what it changes for a household), refused documents.
# shellcheck source-path=SCRIPTDIR
. "$(dirname "$0")/lib.sh"

run_ok init

# ---- list ----

run_ok standard list
expect_out "^ID +FROM +TO +VERSION +FAMILY +CUTOFF +INDICATORS +PROVISIONAL +CONFIDENCE$" \
  "list: header"
expect_out "^QD59-2015 +2016 +2021 +1 +banded +3 +10 +no +confirmed$" \
  "list: QD59-2015"
expect_out "^ND07-2021 +2022 +2026 +1 +single_line +3 +12 +no +confirmed$" \
  "list: ND07-2021"
expect_out "^ND351-2025 +2027 +2030 +1 +single_line +3 +12 +yes +secondary$" \
  "list: ND351-2025 is provisional"
expect_eq "$(lines "$OUT")" 4 "list: three standards"
run_ok standard list --format json
check "list --format json is valid JSON" valid_json
expect_out '"id": "ND07-2021", "first_year": 2022, "last_year": 2026, "version": 1,' \
  "list json: numbers are bare"
run_ok standard list --format csv
expect_out "^id,first_year,last_year,version,family,cutoff,indicators," \
  "list csv: header"

# ---- show ----

run_ok standard show ND07-2021
expect_out "^id +ND07-2021$" "show: id"
expect_out "^version +1$" "show: version"
expect_out "^name \(vi\) +Chuẩn nghèo đa chiều giai đoạn 2021-2025$" \
  "show: Vietnamese name"
expect_out "^name \(en\) +Multidimensional poverty standard 2021-2025$" \
  "show: English name"
expect_out "^citation +Nghị định 07/2021/NĐ-CP" "show: citation"
expect_out "^family +single_line$" "show: family"
expect_out "^cutoff \(D\) +3$" "show: cutoff"
expect_out "^score form +.*B = 10 x D, poor if B >= 30$" "show: score form"
expect_out "^status years +2022-2026$" "show: years"
expect_out "^rural +poverty +1500000 +confirmed " "show: rural poverty line"
expect_out "^rural +average +2250000 +secondary " "show: rural average line"
expect_out "^rural +score_a +140 " "show: rural score A line"
expect_out "^urban +poverty +2000000 " "show: urban poverty line"
expect_out "^urban +score_a +175 " "show: urban score A line"
expect_out \
  "^4 +health_insurance +Bảo hiểm y tế +Health insurance +health +member_any +unconfirmed$" \
  "show: an indicator row"
expect_out "^8 +housing_area +.* +housing +fact_below +unconfirmed$" \
  "show: housing_area"
run_ok standard show QD59-2015
expect_out "^score form +none$" "show: QD59 has no score form"
expect_out "^rural +near_poverty +1000000 " "show: QD59 near-poverty line"
run_ok standard show ND351-2025
expect_out "^provisional +yes$" "show: ND351 provisional"
expect_out "^12 +waste +Xử lý rác thải sinh hoạt +Domestic waste handling " \
  "show: ND351 waste indicator"
run_ok standard show QD59-2015 --format csv
expect_eq "$(grep -E '^(rural|urban),' <<<"$OUT" | cut -d, -f1,2 | tr '\n' ' ')" \
  "rural,poverty rural,near_poverty rural,average urban,poverty \
urban,near_poverty urban,average " \
  "show csv: lines by area, then from the poverty line up"
run_ok standard show ND07-2021 --format csv
expect_out "^id,version,name_vi,name_en,citation,family,cutoff," \
  "show csv: record header"
expect_out "^ordinal,key,name_vi,name_en,dimension,rule,confidence" \
  "show csv: indicators header"
run_fail 1 "standard: no standard 'NOPE'" standard show NOPE

# ---- export, import ----

run_ok standard show ND07-2021 --format json
check "show --format json is valid JSON" valid_json
expect_out '"below":8' "the document holds the thresholds"
printf '%s\n' "$OUT" >"$T_DIR/nd07.json"

run_unchanged 3 \
  "^povreg: .*nd07\.json: standard: ND07-2021 version 1 already has exactly this data$" \
  standard import "$T_DIR/nd07.json"

# A two-member household with 20 m2 (10 per person), every fact of ND07.
run_ok household add --commune 23536 --code H2 --created 2020-01-01 \
  --head-name "A Thoa" --head-sex M --head-birth 1970-02-02 \
  --head-ethnicity "Gia Rai"
run_ok member add H2 --name "Y Nhung" --sex F --birth 1972-03-03 \
  --relation spouse --joined 2020-01-01
run_ok survey record H2 --year 2025 --reference-date 2025-10-01 \
  --income 1400000 --fact unemployed_members=0 \
  --fact malnourished_children=0 --fact nondurable_parts=0 \
  --fact living_area_m2=20 --fact water_source=piped --fact latrine=septic \
  --fact uses_internet=1 --fact has_tv=1 --fact has_radio=0 \
  --fact has_computer=0 --fact has_smartphone=1 \
  --member-fact 1:has_health_insurance=1 --member-fact 1:disabled=0 \
  --member-fact 2:has_health_insurance=1 --member-fact 2:disabled=0
run_ok classify --household H2 --year 2026
expect_out "^housing_area +no +derived +living_area_m2 20 / 2 members = 10\.00 \(>= 8\)$" \
  "version 1: 10 m2 per person is not below 8"

# Correct the threshold: below 8 -> below 12 (a new data version).
sed 's/"per_member":true,"below":8/"per_member":true,"below":12/' \
  "$T_DIR/nd07.json" >"$T_DIR/nd07-v2.json"
check "the edit changed the document" \
  bash -c "! cmp -s '$T_DIR/nd07.json' '$T_DIR/nd07-v2.json'"
a0=$(sqlite3 "$LEDGER" "SELECT count(*) FROM audit")
run_ok standard import "$T_DIR/nd07-v2.json"
expect_eq "$OUT" "ND07-2021 version 2" "import prints the new version"
expect_eq "$(sqlite3 "$LEDGER" "SELECT count(*) FROM audit")" $((a0 + 1)) \
  "import is audited once"
expect_eq "$(sqlite3 "$LEDGER" "SELECT count(*) FROM standard_version WHERE \
  standard_id = 'ND07-2021'")" 2 "the old version is kept"
run_ok standard list
expect_out "^ND07-2021 +2022 +2026 +2 " "list: current version 2"
run_ok standard show ND07-2021 --format json
expect_out '"below":12' "show: the corrected threshold"
run_ok standard show ND07-2021
expect_out "^version +2$" "show: the current version"
run_ok classify --household H2 --year 2026
expect_out "^standard +ND07-2021 version 2$" "classified with version 2"
expect_out "^housing_area +yes +derived +living_area_m2 20 / 2 members = 10\.00 \(< 12\)$" \
  "version 2: 10 m2 per person is below 12"
run_ok classify --year 2026 --area rural --income 1400000 --deprived water
expect_out "^standard +ND07-2021 version 2$" "the what-if uses version 2"
expect_out "^class +near_poor$" "the what-if still works"

# The same document again is refused; a third version at exactly 10.
run_unchanged 3 "ND07-2021 version 2 already has exactly this data" \
  standard import "$T_DIR/nd07-v2.json"
sed 's/"per_member":true,"below":8/"per_member":true,"below":10/' \
  "$T_DIR/nd07.json" >"$T_DIR/nd07-v3.json"
run_ok --format json standard import "$T_DIR/nd07-v3.json"
expect_eq "$OUT" $'{\n  "id": "ND07-2021",\n  "version": 3\n}' \
  "import --format json"
run_ok classify --household H2 --year 2026
expect_out "^housing_area +no +derived +living_area_m2 20 / 2 members = 10\.00 \(>= 10\)$" \
  "version 3: exactly 10 per person is not below 10 (deprived -> not)"

# A new standard: a copy of ND351-2025 for 2031-2035; standard input works.
run_ok standard show ND351-2025 --format json
sed -e 's/"id":"ND351-2025"/"id":"TEST-2031"/' \
  -e 's/"first_year":2027,"last_year":2030/"first_year":2031,"last_year":2035/' \
  <<<"$OUT" >"$T_DIR/test.json"
RC=0
"$POVREG_BIN" --db "$LEDGER" standard import - <"$T_DIR/test.json" \
  >"$T_DIR/.out" 2>"$T_DIR/.err" || RC=$?
OUT=$(<"$T_DIR/.out")
expect_eq "$RC $OUT" "0 TEST-2031 version 1" "import - reads standard input"
run_ok classify --year 2031 --area urban --income 2800000 \
  --deprived water,latrine,waste
expect_out "^standard +TEST-2031 version 1$" "--year 2031 uses the new one"
expect_out "^class +poor$" "the new standard classifies"
run_ok standard show TEST-2031
expect_out "^id +TEST-2031$" "show: the new standard"
expect_out "^status years +2031-2035$" "show: its status years"

# A standard with a ticked-only indicator (no rule) and no note.
telecom='"rule":"facts_none","params":{"facts":\["uses_internet"\]}'
sed -e 's/"id":"TEST-2031"/"id":"TEST-2036"/' \
  -e 's/:2031,"last_year":2035/:2036,"last_year":2040/' \
  -e 's/"note":"[^"]*"/"note":null/' \
  -e "s/$telecom/\"rule\":null,\"params\":null/" \
  "$T_DIR/test.json" >"$T_DIR/test2036.json"
check "the TEST-2036 document has no note and a rule-less indicator" \
  grep -q '"note":null.*"key":"telecom".*"rule":null,"params":null' \
  "$T_DIR/test2036.json"
run_ok standard import "$T_DIR/test2036.json"
expect_eq "$OUT" "TEST-2036 version 1" "import prints the new standard's id"
run_ok standard show TEST-2036
expect_out "^note +-$" "show: no note"
expect_out "^11 +telecom +.+ +information +unconfirmed$" \
  "show: a ticked-only indicator has no rule"
run_ok standard show TEST-2036 --format csv
expect_out "^11,telecom,.*,information,,unconfirmed"$'\r$' \
  "show csv: an empty rule"

# ---- refused documents: the ledger never changes ----

run_unchanged 1 "^povreg: .*missing\.json: No such file or directory$" \
  standard import "$T_DIR/missing.json"
printf '' >"$T_DIR/empty.json"
run_unchanged 3 "empty\.json: standard: the document is not a JSON object" \
  standard import "$T_DIR/empty.json"
printf '{"id": "X", ' >"$T_DIR/broken.json"
run_unchanged 3 "broken\.json: standard: the document is not a JSON object" \
  standard import "$T_DIR/broken.json"
sed 's/"cutoff":3,/"cutoff":"three",/' "$T_DIR/nd07.json" \
  >"$T_DIR/cutoff.json"
run_unchanged 3 "cutoff\.json: cutoff: must be an integer, not text" \
  standard import "$T_DIR/cutoff.json"
sed 's/"rule":"fact_below"/"rule":"fact_beneath"/' "$T_DIR/nd07.json" \
  >"$T_DIR/rule.json"
run_unchanged 3 "rule\.json: " standard import "$T_DIR/rule.json"
sed -e 's/"id":"ND351-2025"/"id":"OVERLAP"/' <"$T_DIR/test.json" \
  | sed 's/"id":"TEST-2031"/"id":"OVERLAP"/' >"$T_DIR/overlap.json"
run_unchanged 3 "overlap\.json: first_year: status years overlap TEST-2031" \
  standard import "$T_DIR/overlap.json"
head -c 1100000 /dev/zero | tr '\0' ' ' >"$T_DIR/big.json"
run_unchanged 3 "big\.json: larger than 1 MiB" \
  standard import "$T_DIR/big.json"
printf '{"id":"A\0B"}' >"$T_DIR/nul.json"
run_unchanged 3 "nul\.json: contains a NUL byte" \
  standard import "$T_DIR/nul.json"
run_unchanged 2 "missing argument" standard import
run_unchanged 2 "unexpected argument" standard import a b

run_ok standard import --help
expect_out "^Usage: povreg standard import FILE" "standard import --help"
run_ok standard --help
expect_out "^  import " "standard --help lists import"

finish
