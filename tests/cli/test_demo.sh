#!/usr/bin/env bash
# test_demo.sh: povreg demo builds the synthetic Sa Thầy of the district's
# 2016-2020 plan, prints the plan's tables from the ledger and writes the
# HTML report; its start-of-2016 figures are exactly the plan's (the seed
# in /work/shared/seed, docs/reports.md): 11,558 households, 4,658 poor =
# 40.30%, 4,193 of them ethnic-minority, 983 near-poor = 8.50%, the ten
# deprivation counts, the six communes above 50%; the plan's end (1,360
# poor, 10.34%, for 2021).  The same seed gives the same ledger.
#
# The full district takes a while to build; in a sanitizer build (ASan
# makes it several times slower) the figures are checked at --scale 5
# instead, where only the structure (reconciliation, formats) is known.
# shellcheck source-path=SCRIPTDIR
. "$(dirname "$0")/lib.sh"

SCALE=100
if ldd "$POVREG_BIN" 2>/dev/null | grep -q 'libasan'; then
  SCALE=5
fi

# ---- help and usage errors ----

pv_raw demo --help
expect_eq "$RC" 0 "demo --help"
expect_out "^Usage: povreg demo \[DIR\] \[--html FILE\]" "demo usage"
expect_out "^Example:" "demo example"
pv_raw --today "$TODAY" demo "$T_DIR/x" --seed abc
check_fail "demo --seed abc" 2 "--seed"
pv_raw --today "$TODAY" demo "$T_DIR/x" --scale 0
check_fail "demo --scale 0" 2 "--scale"
pv_raw --today "$TODAY" demo "$T_DIR/x" --scale 101
check_fail "demo --scale 101" 2 "--scale"
pv_raw --today "$TODAY" demo "$T_DIR/x" --locale fr
check_fail "demo --locale fr" 2 "--locale"
check "a usage error creates no directory" test ! -e "$T_DIR/x"
: >"$T_DIR/file"
pv_raw --today "$TODAY" demo "$T_DIR/file"
check_fail "demo into a file" 1 "file"

# ---- the district ----

D=$T_DIR/demo/sub
pv_raw --today "$TODAY" demo "$D" --scale "$SCALE"
expect_eq "$RC" 0 "demo exits 0"
expect_eq "$ERR" "" "demo prints nothing on stderr"
check "demo creates DIR and DIR/povreg-demo.db" test -s "$D/povreg-demo.db"
check "demo writes DIR/demo-report.html" test -s "$D/demo-report.html"
expect_out "^Sa Thầy demonstration ledger \(seed 2016, scale $SCALE%\): \
$D/povreg-demo.db$" "demo: first line"
expect_out "^Poor and near-poor households: Huyện Sa Thầy \(616\), status \
year 2016, standard QD59-2015" "demo: the summary of 2016"
expect_eq "$(grep -cE '^235[0-9]{2} ' <<<"$OUT")" 11 "demo: the 11 communes"
expect_out "^Deprivation among poor households: Huyện Sa Thầy \(616\), status \
year 2016" "demo: the deprivation table of 2016"
expect_out "^Changes per year, status years 2017-2021: Huyện Sa Thầy \(616\)$" \
  "demo: the changes of 2017-2021"
for y in 2017 2018 2019 2020 2021; do
  expect_out "^$y +poor +[0-9,]+ .* ok$" "demo: $y poor reconciles"
  expect_out "^$y +near-poor +[0-9,]+ .* ok$" "demo: $y near-poor reconciles"
done
expect_no_out "MISMATCH" "demo: nothing fails to reconcile"
expect_out "^Plan targets against results: Huyện Sa Thầy \(616\)$" \
  "demo: the targets"
expect_out "^616 +Huyện Sa Thầy +2017 +poor +yearly fall +6.00 pts " \
  "demo: -6 points a year recorded"
expect_out "^Ledger: $D/povreg-demo.db$" "demo: names the ledger"
expect_out "^HTML report: $D/demo-report.html$" "demo: names the HTML report"
expect_out "^  povreg --db $D/povreg-demo.db report summary " "demo: report hint"
expect_out "^  povreg --db $D/povreg-demo.db search " "demo: search hint"
expect_out "^  povreg --db $D/povreg-demo.db household show " \
  "demo: household show hint"

check "the demo's HTML report is well-formed and self-contained" \
  html_ok "$D/demo-report.html"
expect_eq "$(grep -c '<svg ' "$D/demo-report.html")" 5 \
  "HTML: rates over the years, deprivation, changes (2), MPI"
check "HTML: the plan's target line" \
  grep -q 'stroke-dasharray="7 5"' "$D/demo-report.html"
check "HTML: the years of the reviews" \
  grep -q '>2023</text>' "$D/demo-report.html"

if ((SCALE == 100)); then
  # The plan's figures, exactly.
  expect_out "^Total +Huyện Sa Thầy +11,558 +4,658 +40.30% +983 +8.50% +4,193 " \
    "11,558 households, 4,658 poor = 40.30%, 983 near-poor = 8.50%, 4,193 \
ethnic-minority poor"
  expect_out "^Total: 11,558 households; 4,658 poor \(40.30%\), of which 4,193 \
ethnic-minority" "the key figures"
  for c in "23545|Xã Sa Bình|58.32%" "23554|Xã Ya ly|51.12%" \
    "23551|Xã Ya Tăng|54.38%" "23530|Xã Rơ Kơi|52.62%" \
    "23536|Xã Mô Rai|62.93%" "23534|Xã Hơ Moong|71.14%"; do
    IFS='|' read -r code name rate <<<"$c"
    expect_out "^$code +$name +[0-9,]+ +[0-9,]+ +$rate .* yes$" \
      "above 50%: $name at $rate"
  done
  expect_eq "$(grep -cE ' yes$' <<<"$OUT")" 6 "exactly six communes above 50%"
  expect_out "^Communes with a poor rate above 50.00%: Xã Rơ Kơi \(52.62%\), \
Xã Hơ Moong \(71.14%\), Xã Mô Rai \(62.93%\), Xã Sa Bình \(58.32%\), Xã Ya \
Tăng \(54.38%\), Xã Ya ly \(51.12%\).$" "the six communes, listed"
  for d in "1 +Access to health services +health_access +578" \
    "2 +Health insurance +health_insurance +594" \
    "3 +Adult education attainment +adult_education +1,589" \
    "4 +Children's school attendance +child_schooling +700" \
    "5 +Housing quality +housing_quality +1,876" \
    "6 +Housing area per person +housing_area +2,026" \
    "7 +Domestic water source +water +1,697" \
    "8 +Hygienic latrine +latrine +3,598" \
    "9 +Use of telecom services +telecom +1,723" \
    "10 +Assets for information access +info_assets +2,194"; do
    expect_out "^ ?$d +[0-9.]+%$" "deprivation: ${d##* +}"
  done
  expect_out "^ 8 +Hygienic latrine +latrine +3,598 +77.24%$" \
    "latrine: 3,598 of 4,658 = 77.24%"
  expect_out "^Base of the shares: 4,658 poor households" "base 4,658"
  expect_out "^2021 +poor +[0-9,]+ +[0-9,]+ +0 +[0-9,]+ +[0-9,]+ +[0-9,]+ \
+1,360 +ok$" "1,360 poor at the end of 2020"
  expect_out "^616 +Huyện Sa Thầy +2021 +poor +households +1,360 +1,360 +0 \
+yes " "the target of 1,360 poor households is met"
  expect_out "^616 +Huyện Sa Thầy +2021 +poor +rate +10.34% +10.34% " \
    "10.34% at the end of 2020"
  check "HTML: the start of 2016" grep -q '>40.30%<' "$D/demo-report.html"
  check "HTML: 3,598 latrines" grep -q '3,598 (77.24%)' "$D/demo-report.html"
fi

# ---- the reports on the demo ledger ----

LEDGER=$D/povreg-demo.db
if ((SCALE == 100)); then
  run_ok report summary --year 2016 --unit 616 --above 50 --locale vi
  expect_out "^Tổng +Huyện Sa Thầy +11.558 +4.658 +40,30% +983 +8,50% +4.193 " \
    "Vietnamese: 11.558, 4.658, 40,30%"
  expect_out "^Tổng số: 11.558 hộ; 4.658 hộ nghèo \(40,30%\), trong đó 4.193 \
hộ nghèo dân tộc thiểu số" "Vietnamese: 4.658 hộ"
  run_ok report deprivation --year 2016 --unit 616 --locale vi
  expect_out "^ 8 +Hố xí/nhà tiêu hợp vệ sinh +latrine +3.598 +77,24%$" \
    "Hố xí/nhà tiêu hợp vệ sinh: 3.598 hộ"
  # The MPI of 2021 is over the summary's 13,153 households, each with
  # its status in effect (most were last reviewed before 2021); the
  # 1,217 registered since 2016 and never reviewed are left out.
  run_ok report mpi --year 2021 --unit 616
  expect_out "^households of the year +13,153$" \
    "mpi 2021: the summary's households"
  expect_out "^left out: no classification behind the status +1,217$" \
    "mpi 2021: households never classified are left out"
  expect_out "^households classified \(n\) +11,936$" \
    "mpi 2021: n = 13,153 - 1,217"
fi
pv report summary --year 2016 --unit 616 --format csv
save s.csv
check "summary CSV of the demo parses" csv_ok "$T_DIR/s.csv" 12
pv report all --year 2021 --unit 616 --compare 2016 --format json
save all.json
check "report all JSON of the demo parses" json_ok "$T_DIR/all.json"
run_ok report mpi --year 2022 --unit 616
expect_out "standard ND07-2021" "2022: the 2022 standard"
expect_out "1/12 " "twelve indicators, equal weights"
run_ok report transitions --year 2022 --unit 616
expect_out "^Total +Huyện Sa Thầy +poor .* ok$" "2022 reconciles"

# ---- same seed, same ledger; --db, --html, --format ----

pv_raw --today "$TODAY" --db "$T_DIR/a.db" demo --seed 7 --scale 2 \
  --html "$T_DIR/a.html"
expect_eq "$RC" 0 "demo --seed 7 --scale 2 --db a.db"
check "--db names the demo ledger" test -s "$T_DIR/a.db"
check "--html names the report" test -s "$T_DIR/a.html"
check "--db: no povreg-demo.db in ." test ! -e povreg-demo.db
pv_raw --today "$TODAY" --db "$T_DIR/b.db" demo --seed 7 --scale 2 \
  --html "$T_DIR/b.html"
LEDGER=$T_DIR/a.db
pv household list --all --format csv
a=$OUT
pv report summary --year 2021 --unit 616 --format csv
a+=$OUT
LEDGER=$T_DIR/b.db
pv household list --all --format csv
b=$OUT
pv report summary --year 2021 --unit 616 --format csv
b+=$OUT
check "same seed, same households and statuses" test "$a" == "$b"
check "same seed, same HTML report" cmp -s "$T_DIR/a.html" "$T_DIR/b.html"
expect_eq "$(($(lines "$a") > 10))" 1 "the seeded ledger is not empty"

# Running it again refuses to add a second district.
LEDGER=$T_DIR/a.db
dump_ledger "$T_DIR/before"
pv_raw --today "$TODAY" --db "$T_DIR/a.db" demo --scale 2 \
  --html "$T_DIR/a2.html"
check_fail "demo on a filled ledger" 3 "."
dump_ledger "$T_DIR/after"
check "demo on a filled ledger changes nothing" \
  cmp -s "$T_DIR/before" "$T_DIR/after"
check "nor writes a report" test ! -e "$T_DIR/a2.html"

pv_raw --today "$TODAY" --db "$T_DIR/c.db" --format json demo --scale 1 \
  --html "$T_DIR/c.html"
expect_eq "$RC" 0 "demo --format json"
save c.json
check "demo --format json is valid JSON" json_ok "$T_DIR/c.json"
expect_no_out "^Try:" "no hints in json"
expect_eq "$(grep -c '^  "report": ' "$T_DIR/c.json")" 4 \
  "JSON: summary, deprivation, changes, targets"

pv_raw --today "$TODAY" --db "$T_DIR/v.db" demo --scale 1 --locale vi \
  --html "$T_DIR/v.html"
expect_eq "$RC" 0 "demo --locale vi"
expect_out "^Hộ nghèo, hộ cận nghèo: Huyện Sa Thầy \(616\), năm 2016" \
  "Vietnamese tables"
check "Vietnamese HTML" grep -q '<html lang="vi">' "$T_DIR/v.html"

finish
