#!/usr/bin/env bash
# test_report.sh: "povreg report ..." on a small fixture worked by hand.
#
# Six households of Sa Thầy (616), surveyed under QD59-2015 (10
# indicators, cut-off 3) for the reviews held in 2015 (status year 2016)
# and 2016 (status year 2017) in Xã Mô Rai (23536) and Xã Rơ Kơi (23530):
#
#   hh  commune  head      income 2015 / deprived       income 2016 / deprived
#   H1  23536    M Xơ Đăng 500000  hi water latrine     1500000 water
#   H2  23536    F Kinh    600000  latrine tel info hq  600000  (the same)
#   H3  23536    M Xơ Đăng 900000  water                650000  water latrine
#   H4  23536    F Kinh    2500000 -                    2500000 -
#   H5  23530    M Gia Rai 650000  latrine adult child  650000  (the same)
#   H6  23530    F Kinh    2500000 -                    900000  latrine
#
# Status year 2016: poor H1 H2 H5, near-poor H3.  616: 6 households,
# 3 poor = 50.00%, 1 near-poor = 16.67% (1/6 rounded half-up), 2 of the
# poor ethnic-minority = 66.67%.  Mô Rai 2/4 = 50.00%, near 1/4 = 25.00%;
# Rơ Kơi 1/2 = 50.00%.  Deprivation among the 3 poor: latrine 3
# (100.00%), health insurance, water, telecom, info assets, housing
# quality, adult education, child schooling 1 each (33.33%), health
# access and housing area 0.
# Status year 2017: poor H2 H3 H5, near-poor H6; H1 escaped, H3 went from
# near-poor to poor (near-poor: to_poor 1; poor: new 1), H6 new near-poor.
# MPI 2016 (n = 6, deprivation counts 3 4 1 0 3 0, k = 3): q = 3,
# H = 0.5, A = (3+4+3)/3/10 = 0.333333, M0 = 0.166667; latrine censored
# 3/6, contribution 0.1 * 0.5 / M0 = 30%; water uncensored 2/6 but
# censored 1/6 (H3 has c = 1).  By commune: 23536 n 4 q 2 A 0.35
# M0 0.175 share 70%; 23530 n 2 q 1 A 0.3 M0 0.15 share 30%.  By sex: M
# (H1 H3 H5) q 2 H 66.67% A 30% M0 0.2 share 60%; F q 1 A 40% share 40%.
# MPI 2017: q = 2 (H2 4, H5 3), H = 33.33%, A = 35%, M0 = 0.116667.
# shellcheck source-path=SCRIPTDIR
. "$(dirname "$0")/lib.sh"

# ---- help, and usage errors before any ledger exists ----

run_ok report --help
for c in summary deprivation transitions targets mpi all html; do
  expect_out "^  $c " "report --help lists $c"
done
for c in summary deprivation transitions targets mpi all html; do
  run_ok report "$c" --help
  expect_out "^Usage: povreg report $c" "report $c --help shows its usage"
  expect_out "^Example:" "report $c --help has an example"
done
run_ok help report mpi
expect_out "equal weights" "report mpi --help states the weighting"
run_ok --help
expect_out "^  report summary " "povreg --help lists the reports"
expect_out "^  target set " "povreg --help lists target set"

run_fail 1 "no such ledger" report summary --year 2016
run_fail 2 "missing required option --year" report summary
run_fail 2 "^povreg: --class: must be poor or near-poor" \
  report deprivation --year 2016 --class rich
run_fail 2 "^povreg: --above: 'half' is not a percentage" \
  report summary --year 2016 --above half
run_fail 2 "^povreg: --above: '50.123' is not a percentage" \
  report summary --year 2016 --above 50.123
run_fail 2 "^povreg: --locale: must be en or vi" \
  report summary --year 2016 --locale fr
run_fail 2 "^povreg: --year: 16 is out of range" report summary --year 16
run_fail 2 "unknown option '--above'" report mpi --year 2016 --above 50
run_fail 2 "unknown option '-x'" report mpi --year 2016 -x
run_fail 2 "unknown format 'pdf'" report summary --year 2016 --format pdf
check "no ledger created by a failed report" test ! -e "$LEDGER"

# ---- the fixture ----

run_ok init
run_fail 2 "^povreg: --format html is for 'povreg report' only" \
  --format html unit list
run_fail 2 "unknown option '-o'" unit list -o x.txt

add() {
  run_ok household add --commune "$2" --code "$1" --created 2014-01-01 \
    --head-name "Head $1" --head-sex "$3" --head-birth 1970 \
    --head-ethnicity "$4"
}
add H1 23536 M "Xơ Đăng"
add H2 23536 F 01
add H3 23536 M "Xơ Đăng"
add H4 23536 F 01
add H5 23530 M "Gia Rai"
add H6 23530 F 01

QD59="health_access health_insurance adult_education child_schooling \
housing_quality housing_area water latrine telecom info_assets"

# survey HOUSEHOLD REVIEW_YEAR INCOME DEPRIVED...
survey() {
  local h=$1 y=$2 inc=$3 k
  shift 3
  local t=()
  for k in $QD59; do
    if [[ " $* " == *" $k "* ]]; then t+=(--tick "$k=1"); else t+=(--tick "$k=0"); fi
  done
  run_ok survey record "$h" --year "$y" --reference-date "$y-09-01" \
    --income "$inc" "${t[@]}"
}

# review YEAR COMMUNE HOUSEHOLD...: a periodic review, to approval.
review() {
  local y=$1 c=$2 h
  shift 2
  local id=(--year "$y" --commune "$c")
  run_ok review open "${id[@]}" --date "$y-09-05"
  for h in "$@"; do
    pv review add "$h" "${id[@]}" # already in it when listed: fine
  done
  run_ok review classify "${id[@]}"
  for h in "$@"; do
    run_ok review meeting "$h" --date "$y-10-01" --attendees 10 \
      --agreeing 10 "${id[@]}"
  done
  run_ok review post --from "$y-10-05" --to "$y-10-12" "${id[@]}"
  run_ok review approve --decision "QĐ $y/$c" --date "$y-12-10" "${id[@]}"
}

survey H1 2015 500000 health_insurance water latrine
survey H2 2015 600000 latrine telecom info_assets housing_quality
survey H3 2015 900000 water
survey H4 2015 2500000
survey H5 2015 650000 latrine adult_education child_schooling
survey H6 2015 2500000
review 2015 23536 H1 H2 H3 H4
review 2015 23530 H5 H6
survey H1 2016 1500000 water
survey H2 2016 600000 latrine telecom info_assets housing_quality
survey H3 2016 650000 water latrine
survey H4 2016 2500000
survey H5 2016 650000 latrine adult_education child_schooling
survey H6 2016 900000 latrine
review 2016 23536 H1 H2 H3 H4
review 2016 23530 H5 H6

# ---- summary ----

run_ok report summary --year 2016 --unit 616 --above 40
expect_out "^Poor and near-poor households: Huyện Sa Thầy \(616\), status year \
2016, standard QD59-2015, units as on 2016-01-01$" "summary title line"
expect_out "^COMMUNE +NAME +HOUSEHOLDS +POOR +RATE +NEAR-POOR +RATE +MINORITY \
POOR +SHARE +ABOVE$" "summary header"
expect_out "^23536 +Xã Mô Rai +4 +2 +50.00% +1 +25.00% +1 +50.00% +yes$" \
  "Mô Rai: 2 of 4 poor, 1 near-poor, 1 minority poor, above 40%"
expect_out "^23530 +Xã Rơ Kơi +2 +1 +50.00% +0 +0.00% +1 +100.00% +yes$" \
  "Rơ Kơi"
expect_out "^23527 +Thị trấn Sa Thầy +0 +0 +- +0 +- +0 +-$" \
  "an empty commune: no rate"
expect_out "^Total +Huyện Sa Thầy +6 +3 +50.00% +1 +16.67% +2 +66.67% +yes$" \
  "the district's total (1/6 = 16.67%, half-up)"
expect_out "^Total: 6 households; 3 poor \(50.00%\), of which 2 ethnic-minority \
\(66.67%\); 1 near-poor \(16.67%\).$" "key figures"
expect_out "^Communes with a poor rate above 40.00%: Xã Rơ Kơi \(50.00%\), Xã \
Mô Rai \(50.00%\).$" "communes above 40% listed"
expect_no_out "NO WORK" "working capacity not recorded: no such columns"

run_ok report summary --year 2016 --unit 616 --above 50
expect_no_out " yes$" "50.00% is not above 50"
expect_out "above 50.00%: none.$" "none above 50%"
run_ok report summary --year 2016 --unit 616 --above 49.99
expect_out "^23536 .* yes$" "50.00% is above 49.99"

run_ok report summary --year 2016 --unit 616 --locale vi
expect_out "^Hộ nghèo, hộ cận nghèo: Huyện Sa Thầy \(616\), năm 2016, chuẩn \
QD59-2015" "Vietnamese title"
expect_out "^Mã +Tên +Số hộ +Hộ nghèo +Tỷ lệ +Hộ cận nghèo +Tỷ lệ" \
  "Vietnamese header"
expect_out "^Tổng +Huyện Sa Thầy +6 +3 +50,00% +1 +16,67% +2 +66,67%$" \
  "Vietnamese numbers: decimal comma"
expect_out "^Tổng số: 6 hộ; 3 hộ nghèo \(50,00%\), trong đó 2 hộ nghèo dân tộc \
thiểu số \(66,67%\); 1 hộ cận nghèo \(16,67%\).$" "Vietnamese key figures"

run_ok report summary --year 2016 --unit 23536
expect_out "^23536 +Xã Mô Rai +4 +2 +50.00%" "a commune as the unit"
expect_out "^Total +Xã Mô Rai +4 +2 +50.00%" "its total"
expect_no_out "^23530 " "only that commune"

run_ok report summary --year 2016 --unit 23527
expect_out "^Total +Thị trấn Sa Thầy +0 +0 +- +0 +- +0 +-$" \
  "an empty unit: zeros, no rate"

run_ok report summary --year 2018 --unit 616
expect_out "^Total +Huyện Sa Thầy +6 +0 +0.00% +0 +0.00% +0 +-$" \
  "a year with no review: households, no statuses"

run_ok report summary --year 2016
expect_out "^Poor and near-poor households: every commune, status year 2016" \
  "no --unit: every commune"
expect_out "^Total +every commune +6 +3 +50.00%" "total of every commune"

run_unchanged 1 "99999" report summary --year 2016 --unit 99999
run_unchanged 3 "^povreg: as_of: '2016-13-01' is not a valid date" \
  report summary --year 2016 --as-of 2016-13-01
run_unchanged 1 "^povreg: year: no standard governs status year 1990$" \
  report deprivation --year 1990

pv report summary --year 2016 --unit 616 --above 40 --format csv
expect_out "^unit,name,households,poor,poor_rate,near_poor,near_poor_rate,\
poor_minority,poor_minority_share,no_work,no_work_recorded,above,total"$'\r'"?$" \
  "CSV header"
expect_out "^23536,Xã Mô Rai,4,2,50.00,1,25.00,1,50.00,0,0,1,0"$'\r'"?$" \
  "CSV row: plain numbers"
expect_out "^616,Huyện Sa Thầy,6,3,50.00,1,16.67,2,66.67,0,0,1,1"$'\r'"?$" \
  "CSV total row"
expect_out "^23527,Thị trấn Sa Thầy,0,0,,0,,0,,0,0,0,0"$'\r'"?$" \
  "CSV: no rate is an empty field"
save s.csv
check "summary CSV parses: 11 communes and the total" csv_ok "$T_DIR/s.csv" 12

pv report summary --year 2016 --unit 616 --above 40 --format json --locale vi
save s.json
check "summary JSON parses" json_ok "$T_DIR/s.json"
expect_out '^  "report": "summary",$' "JSON: the report"
expect_out '^  "unit": "616",$' "JSON: the unit"
expect_out '^  "year": 2016,$' "JSON: the year"
expect_out '^  "standard": "QD59-2015",$' "JSON: the standard"
expect_out '^  "above": 40.00,$' "JSON: the threshold, a number"
expect_out '"unit": "616", "name": "Huyện Sa Thầy", "households": 6, "poor": 3, '\
'"poor_rate": 50.00, "near_poor": 1, "near_poor_rate": 16.67' \
  "JSON total row: plain numbers even with --locale vi"
expect_out '"unit": "23527", .*"poor_rate": null' "JSON: no rate is null"

# ---- deprivation ----

run_ok report deprivation --year 2016 --unit 616
expect_out "^Deprivation among poor households: Huyện Sa Thầy \(616\), status \
year 2016, standard QD59-2015" "deprivation title"
expect_out "^ 8 +Hygienic latrine +latrine +3 +100.00%$" "latrine: 3 of 3"
expect_out "^ 2 +Health insurance +health_insurance +1 +33.33%$" \
  "health insurance: 1 of 3"
expect_out "^ 7 +Domestic water source +water +1 +33.33%$" \
  "water: H1 only (H3 is near-poor)"
expect_out "^ 1 +Access to health services +health_access +0 +0.00%$" \
  "nobody deprived in health access"
expect_eq "$(grep -cE '^ ?[0-9]+ ' <<<"$OUT")" 10 "the ten QD59 indicators"
expect_out "^Base of the shares: 3 poor households with a classification.$" \
  "the base"
run_ok report deprivation --year 2016 --unit 616 --locale vi
expect_out "^ 8 +Hố xí/nhà tiêu hợp vệ sinh +latrine +3 +100,00%$" \
  "Vietnamese: the plan's wording"
run_ok report deprivation --year 2016 --unit 616 --class near-poor
expect_out "^Deprivation among near-poor households" "near-poor title"
expect_out "^ 7 +Domestic water source +water +1 +100.00%$" \
  "near-poor: H3 deprived in water"
expect_out "^Base of the shares: 1 near-poor households" "near-poor base"
run_ok report deprivation --year 2022 --unit 616
expect_out "standard ND07-2021" "2022: the year's own standard"
expect_eq "$(grep -cE '^ ?[0-9]+ ' <<<"$OUT")" 12 "the twelve ND07 indicators"
expect_out "^Base of the shares: 0 poor households" "no statuses: base 0"
pv report deprivation --year 2016 --unit 616 --format csv
save d.csv
check "deprivation CSV parses: 10 rows" csv_ok "$T_DIR/d.csv" 10
expect_out "^8,Hố xí/nhà tiêu hợp vệ sinh,latrine,Nước sạch và vệ sinh,3,3,\
100.00"$'\r'"?$" "CSV: the legal name, dimension, base"
pv report deprivation --year 2016 --unit 616 --format json
save d.json
check "deprivation JSON parses" json_ok "$T_DIR/d.json"
expect_out '"class": "poor"' "JSON: the class"

# ---- transitions ----

run_ok report transitions --year 2017 --unit 616
expect_out "^Changes from 2016 to 2017: Huyện Sa Thầy \(616\)" \
  "transitions title"
expect_out "^COMMUNE +NAME +CLASS +START +ESCAPED +TO POOR +LEFT +RELAPSED +NEW \
+END +CHECK$" "transitions header"
expect_out "^23536 +Xã Mô Rai +poor +2 +1 +0 +0 +0 +1 +2 +ok$" \
  "Mô Rai poor: H1 escaped, H3 new"
expect_out "^23536 +Xã Mô Rai +near-poor +1 +0 +1 +0 +0 +0 +0 +ok$" \
  "Mô Rai near-poor: H3 to poor"
expect_out "^23530 +Xã Rơ Kơi +near-poor +0 +0 +0 +0 +0 +1 +1 +ok$" \
  "Rơ Kơi: H6 new near-poor"
expect_out "^Total +Huyện Sa Thầy +poor +3 +1 +0 +0 +0 +1 +3 +ok$" \
  "total poor"
expect_out "^Reconciliation, poor: start 3 - escaped 1 - to poor 0 - left 0 \
\+ relapsed 0 \+ new 1 = 3; end 3: ok.$" "the reconciliation, written out"
expect_out "^Reconciliation, near-poor: start 1 - escaped 0 - to poor 1 - \
left 0 \+ relapsed 0 \+ new 1 = 1; end 1: ok.$" "near-poor reconciliation"
run_ok report transitions --year 2017 --unit 616 --class near-poor
expect_no_out "  poor +[0-9]" "--class near-poor: no poor rows"
expect_no_out "Reconciliation, poor" "--class near-poor: one reconciliation"
run_ok report transitions --year 2017 --unit 616 --locale vi
expect_out "^Tổng +Huyện Sa Thầy +nghèo +3 +1 +0 +0 +0 +1 +3 +khớp$" \
  "Vietnamese transitions"
run_ok report transitions --year 2016 --unit 616
expect_out "^Total +Huyện Sa Thầy +poor +0 +0 +0 +0 +0 +3 +3 +ok$" \
  "the first status year: every poor household is new"
pv report transitions --year 2017 --unit 616 --format csv
save t.csv
check "transitions CSV parses: 11 communes x 2 classes + 2 totals" \
  csv_ok "$T_DIR/t.csv" 24
expect_out "^616,Huyện Sa Thầy,poor,3,1,0,0,0,1,3,ok,1"$'\r'"?$" \
  "CSV total row"
pv report transitions --year 2017 --unit 616 --format json
save t.json
check "transitions JSON parses" json_ok "$T_DIR/t.json"

# ---- targets ----

run_ok target set --help
expect_out "^Usage: povreg target set" "target set help"
run_ok target list --help
expect_out "^Usage: povreg target list" "target list help"

run_ok report targets --unit 616
expect_out "^No target recorded" "no targets yet"

SRC="Kế hoạch giảm nghèo 2016-2020"
run_ok target set --unit 616 --year 2017 --class poor --reduction 6 \
  --source "$SRC"
expect_eq "$OUT" "" "target set prints nothing"
run_ok target set --unit 616 --year 2017 --class poor --count 4 --source "$SRC"
run_ok target set --unit 616 --year 2017 --class near-poor --rate 20 \
  --source "$SRC"
run_ok target set --unit 23536 --year 2017 --class poor --rate 40.5 \
  --source "$SRC"
run_ok target set --unit 616 --year 2021 --class poor --count 1360 \
  --source "$SRC"
run_ok target set --unit 616 --year 2021 --class poor --rate 10.34 \
  --source "$SRC"
# the same unit, year, class and measure: replaced
run_ok target set --unit 616 --year 2017 --class poor --count 3 --source "$SRC"

run_unchanged 2 "give one of --count, --rate or --reduction" \
  target set --unit 616 --year 2017 --class poor --source "$SRC"
run_unchanged 2 "give one of --count, --rate or --reduction" \
  target set --unit 616 --year 2017 --class poor --count 3 --rate 10 \
  --source "$SRC"
run_unchanged 2 "^povreg: --rate: '10.345' is not a percentage" \
  target set --unit 616 --year 2017 --class poor --rate 10.345 --source "$SRC"
run_unchanged 2 "^povreg: --rate: '101' is not a percentage" \
  target set --unit 616 --year 2017 --class poor --rate 101 --source "$SRC"
run_unchanged 2 "^povreg: --count: must be 0 or more" \
  target set --unit 616 --year 2017 --class poor --count -1 --source "$SRC"
run_unchanged 2 "missing required option --source" \
  target set --unit 616 --year 2017 --class poor --count 1
run_unchanged 3 "class" \
  target set --unit 616 --year 2017 --class rich --count 1 --source "$SRC"
run_unchanged 3 "source" \
  target set --unit 616 --year 2017 --class poor --count 1 --source ""
run_unchanged 1 "99999" \
  target set --unit 99999 --year 2017 --class poor --count 1 --source "$SRC"

run_ok target list --unit 616
expect_out "^UNIT +NAME +YEAR +CLASS +MEASURE +TARGET +SOURCE$" \
  "target list header"
expect_out "^616 +Huyện Sa Thầy +2017 +poor +households +3 +$SRC$" \
  "the replaced count target"
expect_no_out " households +4 " "the old value is gone"
expect_out "^616 +Huyện Sa Thầy +2017 +poor +yearly fall +6.00 pts +$SRC$" \
  "a yearly reduction, in percentage points"
expect_out "^616 +Huyện Sa Thầy +2021 +poor +rate +10.34% +$SRC$" "a rate"
expect_out "^23536 +Xã Mô Rai +2017 +poor +rate +40.50% " \
  "a commune's target under the district"
expect_eq "$(grep -c "^[0-9]" <<<"$OUT")" 6 "six targets"
pv target list --unit 616 --format json
save tl.json
check "target list JSON parses" json_ok "$T_DIR/tl.json"
run_fail 2 "--format html is for 'povreg report' only" \
  target list --format html

run_ok report targets --unit 616
expect_out "^Plan targets against results: Huyện Sa Thầy \(616\)$" \
  "targets title"
expect_out "^UNIT +NAME +YEAR +CLASS +MEASURE +TARGET +ACTUAL +GAP +MET +SOURCE$" \
  "targets header"
expect_out "^616 +Huyện Sa Thầy +2017 +poor +households +3 +3 +0 +yes +" \
  "count target met exactly"
expect_out "^616 +Huyện Sa Thầy +2017 +poor +yearly fall +6.00 pts +0.00 pts \
+-6.00 pts +no +" "no fall in 2017: 6 points short"
expect_out "^616 +Huyện Sa Thầy +2017 +near-poor +rate +20.00% +16.67% \
+-3.33 pts +yes +" "near-poor rate below the target"
expect_out "^23536 +Xã Mô Rai +2017 +poor +rate +40.50% +50.00% +\+9.50 pts \
+no +" "Mô Rai above its target rate"
expect_out "^616 +Huyện Sa Thầy +2021 +poor +households +1,360 +- +- +no \
statuses yet +" "a future year: no result yet"
run_ok report targets --unit 616 --year 2017 --class near-poor
expect_eq "$(grep -c "^616" <<<"$OUT")" 1 "one year, one class"
run_ok report targets --unit 23536
expect_no_out "^616 " "a commune's report has no district targets"
run_ok report targets --unit 616 --locale vi
expect_out "^616 +Huyện Sa Thầy +2021 +nghèo +số hộ +1.360 " \
  "Vietnamese targets"
pv report targets --unit 616 --format csv
save tg.csv
check "targets CSV parses: 6 rows" csv_ok "$T_DIR/tg.csv" 6
expect_out "^616,Huyện Sa Thầy,2017,poor,reduction,6.00,0.00,-6.00,0," \
  "CSV: points as plain numbers"
pv report targets --unit 616 --format json
save tg.json
check "targets JSON parses" json_ok "$T_DIR/tg.json"
expect_out '"measure": "count", "target": 1360, "actual": null, "gap": null, '\
'"met": null' "JSON: no result is null"

# ---- mpi ----

run_ok report mpi --year 2016 --unit 616
expect_out "^Multidimensional poverty \(Alkire-Foster\): Huyện Sa Thầy \(616\)" \
  "mpi title"
expect_out "^Weighting: equal, 1/10 per indicator .* at least k = 3 of d = 10 " \
  "the weighting is stated"
expect_out "^households classified \(n\) +6$" "n"
expect_out "^multidimensionally poor \(q\) +3$" "q"
expect_out "^headcount ratio H = q/n +50.00%$" "H"
expect_out "^intensity A .* +33.33%$" "A"
expect_out "^adjusted headcount ratio M0 = H x A +0.1667$" "M0"
expect_out "^latrine +Hygienic latrine +1/10 +50.00% +50.00% +30.00%$" \
  "latrine: censored 3/6, 30% of M0"
expect_out "^water +Domestic water source +1/10 +33.33% +16.67% +10.00%$" \
  "water: H3 deprived but not poor: censored"
expect_out "^23536 +Xã Mô Rai +4 +2 +50.00% +35.00% +0.1750 +70.00%$" \
  "decomposition: Mô Rai"
expect_out "^23530 +Xã Rơ Kơi +2 +1 +50.00% +30.00% +0.1500 +30.00%$" \
  "decomposition: Rơ Kơi"
expect_out "^M +male +3 +2 +66.67% +30.00% +0.2000 +60.00%$" "by sex: male"
expect_out "^F +female +3 +1 +33.33% +40.00% +0.1333 +40.00%$" \
  "by sex: female"
expect_out "^By ethnicity of the head:$" "by ethnicity"
expect_out "^10 +Gia-rai +1 +1 +100.00% +30.00% +0.3000 +30.00%$" \
  "by ethnicity: the Gia-rai head (H5), named"
expect_out "^14 +Xơ-đăng +2 +1 +50.00% +30.00% +0.1500 +30.00%$" \
  "by ethnicity: the two Xơ-đăng heads (H1 poor, H3 not)"
run_ok report mpi --year 2017 --unit 616 --compare 2016
expect_out "^Change from 2016 to 2017:$" "the change"
expect_out "^headcount ratio H +50.00% +33.33% +-16.67 pts +-33.33%$" \
  "H fell by a third"
expect_out "^M0 +0.1667 +0.1167 +-0.0500 +-30.00%$" "M0 fell"
pv report mpi --year 2016 --unit 616 --format json
save m.json
check "mpi JSON parses" json_ok "$T_DIR/m.json"
expect_out '^  "weighting": "equal",$' "JSON: weighting"
expect_out '^  "H": 0.500000,$' "JSON: H as a fraction"
expect_out '^  "M0": 0.166667,$' "JSON: M0"
expect_out '^  "households": 6,$' "JSON: the households of the year"
expect_out '^  "excluded": 0,$' "JSON: the households left out"
expect_out '"key": "latrine", "indicator": "Hố xí/nhà tiêu hợp vệ sinh", '\
'"deprived": 3, "deprived_poor": 3, "weight": 0.100000, "uncensored": '\
'0.500000, "censored": 0.500000, "contribution": 0.300000' \
  "JSON: an indicator, with its exact counts"
expect_out '"key": "water", .*"deprived": 2, "deprived_poor": 1, ' \
  "JSON: water deprived in 2, 1 of them poor"
expect_out '"by": "ethnicity", "key": "10", "name": "[^"]+", "n": 1, "q": 1' \
  "JSON: the ethnic group's name"
pv report mpi --year 2017 --unit 616 --compare 2016 --format csv
expect_out "^H,0.500000,0.333333,-0.166667,-0.333333"$'\r'"?$" \
  "CSV change: plain, no '+'"
run_ok report mpi --year 2018 --unit 616
expect_out "^households of the year +6$" \
  "a year without a review: the households of 2018"
expect_out "^households classified \(n\) +6$" \
  "a year without a review: each household's 2017 status stays in effect"
expect_out "^left out: no classification behind the status +0$" \
  "a year without a review: nobody left out"
expect_out "^adjusted headcount ratio M0 = H x A +0.1167$" \
  "a year without a review: M0 of the 2017 classifications"

# ---- the reorganisation of 1 July 2025 ----

run_ok report summary --year 2016 --unit 616 --as-of 2015-12-31
expect_out "units as on 2015-12-31$" "--as-of in the title"

# H7, registered in 2017 in Xã Sa Bình (23545), which the reorganisation
# merged into the new Xã Sa Bình (23534, formerly Hơ Moong).
run_ok household add --commune 23545 --code H7 --created 2017-06-01 \
  --head-name "Head H7" --head-sex M --head-birth 1980
run_ok report summary --year 2018 --unit 616
expect_out "^23545 +Xã Sa Bình +1 +0 " "2018, communes of 2018: H7 in 23545"
expect_out "^23534 +Xã Hơ Moong +0 +0 " "Hơ Moong empty"
expect_out "^Total +Huyện Sa Thầy +7 +0 " "seven households of 2018"
run_ok report summary --year 2018 --unit 51 --as-of 2025-07-01
expect_out "^Poor and near-poor households: Tỉnh Quảng Ngãi \(51\), status \
year 2018, standard QD59-2015, units as on 2025-07-01$" \
  "the communes after 1 July 2025, under the new province"
expect_out "^23534 +Xã Sa Bình +1 +0 " "H7 under the new Xã Sa Bình"
expect_no_out "^23545 " "the old Sa Bình no longer exists"
expect_out "^23530 +Xã Rờ Kơi +2 " "Rờ Kơi kept its code"
expect_out "^Total +Tỉnh Quảng Ngãi +7 +0 " "the same seven households"
run_fail 1 "no unit 616 on 2025-07-01" \
  report summary --year 2018 --unit 616 --as-of 2025-07-01

# ---- all, html, -o ----

run_ok report all --year 2017 --unit 616
expect_eq "$(grep -cE "^(Poor and near|Deprivation among|Changes from|Plan \
targets|Multidimensional)" <<<"$OUT")" 5 "report all: the five reports"
pv report all --year 2017 --unit 616 --format json
save all.json
check "report all JSON parses" json_ok "$T_DIR/all.json"
expect_eq "$(grep -c '^  "report": ' "$T_DIR/all.json")" 5 \
  "JSON: an array of five reports"
pv report all --year 2017 --unit 616 --format csv
expect_eq "$(grep -c $'^\r$' <<<"$OUT")" 6 \
  "CSV: the tables separated by empty lines"

run_ok report html --year 2017 --unit 616 --above 40 -o "$T_DIR/r.html"
expect_eq "$OUT" "" "-o: nothing on stdout"
check "the HTML report is written" test -s "$T_DIR/r.html"
check "no temporary file left" \
  test -z "$(find "$T_DIR" -name 'r.html.tmp*' -print)"
check "the HTML is well-formed, self-contained, without scripts" \
  html_ok "$T_DIR/r.html"
expect_eq "$(grep -c '<svg ' "$T_DIR/r.html")" 5 \
  "five charts: rates, deprivation, changes (poor, near-poor), MPI"
check "the rate chart has the plan's line" \
  grep -q 'stroke-dasharray="7 5"' "$T_DIR/r.html"
check "HTML: the summary table" grep -q '<td>Xã Mô Rai</td>' "$T_DIR/r.html"
check "HTML: flagged communes" grep -q '<tr class="above">' "$T_DIR/r.html"
check "HTML: tooltip of a point" \
  grep -q '<title>Xã Mô Rai, 2017: 50.00%</title>' "$T_DIR/r.html"
pv report all --year 2017 --unit 616 --format html --locale vi
save r-vi.html
check "Vietnamese HTML is well-formed" html_ok "$T_DIR/r-vi.html"
check "Vietnamese HTML: lang" grep -q '<html lang="vi">' "$T_DIR/r-vi.html"
check "Vietnamese HTML: numbers" grep -q '>16,67%<' "$T_DIR/r-vi.html"
pv report summary --year 2016 --unit 616 --format html
save s.html
check "one report as HTML" html_ok "$T_DIR/s.html"
expect_eq "$(grep -c '<svg ' "$T_DIR/s.html")" 1 "the summary's chart"
pv report transitions --year 2017 --unit 616 --format html
save t.html
check "transitions as HTML" html_ok "$T_DIR/t.html"

run_ok report summary --year 2016 --unit 616 --output "$T_DIR/s.txt"
check "--output writes the text report" \
  grep -qE "^Total +Huyện Sa Thầy" "$T_DIR/s.txt"
run_fail 1 "nodir/x.html" report html --year 2017 --unit 616 \
  -o "$T_DIR/nodir/x.html"
: >"$T_DIR/keep.html"
run_fail 1 "99999" report html --year 2017 --unit 99999 -o "$T_DIR/keep.html"
check "a failed report leaves the file alone" test ! -s "$T_DIR/keep.html"
run_fail 1 "99999" report all --year 2017 --unit 99999
expect_eq "$OUT" "" "a failed report prints nothing on stdout"

finish
