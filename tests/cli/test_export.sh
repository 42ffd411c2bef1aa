#!/usr/bin/env bash
# test_export.sh: "povreg export bhyt|posting|poor|near-poor|escaped|ledger"
# on a small ledger built by "povreg import" (tests/data/cli) and by two
# periodic reviews of Xã Mô Rai (23536: held 2024 and 2025) and one of
# Xã Rơ Kơi (23530: held 2025), with unit flags: 23536 especially
# difficult, 23530 difficult area, 23535 island.  Every export is checked
# row by row, with its counts; the BHYT list person by person (every
# group, overlaps, the fix list, --changes-since, --redact, --commune);
# the posting list holds no personal data; --bom; files of mode 0600,
# written atomically (a failed export leaves no file and an existing one
# untouched); the ledger round trip export -> import -> export.
# shellcheck source-path=SCRIPTDIR
. "$(dirname "$0")/lib.sh"

DATA=$(cd "${POVREG_SOURCE_DIR:-$(dirname "$0")/../..}/tests/data/cli" &&
  pwd) || exit 1
cd "$T_DIR" || exit 1

# sha FILE: the SHA-256 of a file, lower-case hex.
sha() {
  sha256sum "$1" | cut -d' ' -f1
}

# expect_file FILE EXPECTED DESC: FILE must hold exactly EXPECTED and a
# final line end (LF), nothing else.
expect_file() {
  if [[ ! -f $1 ]]; then
    not_ok "$3" "no file $1"
  elif [[ "$(<"$1")" != "$2" || "$(tail -c 1 "$1" | od -An -c | tr -d ' ')" \
    != '\n' ]]; then
    not_ok "$3" "$(diff <(printf '%s\n' "$2") "$1" | head -20)"
  else
    ok "$3"
  fi
}

# mode FILE: the file's permission bits, octal.
mode() {
  stat -c %a "$1"
}

# audit_count ACTION: audit entries of that action.
audit_count() {
  sqlite3 "$LEDGER" "SELECT count(*) FROM audit WHERE action = '$1'"
}

# ---- help, and usage errors before the ledger is opened ----

run_ok export --help
expect_out "^  near-poor +the recognised near-poor households of a year$" \
  "export --help lists near-poor"
for k in bhyt posting poor near-poor escaped ledger; do
  run_ok export "$k" --help
  expect_out "^Usage: povreg export $k " "export $k --help shows its usage"
  expect_out "^Example:" "export $k --help has an example"
done
run_ok --help
expect_out "^  export bhyt +the health-insurance list" \
  "povreg --help lists export"

run_fail 2 "^povreg: --fix-list FILE is required when the list goes to \
standard output$" export bhyt
run_fail 2 "^povreg: the list and the fix list cannot both go to standard \
output$" export bhyt --fix-list -
run_fail 2 "^povreg: the list and the fix list must be two files$" \
  export bhyt --output b.csv --fix-list b.csv
run_fail 2 "^povreg: missing required option --output$" export ledger
run_fail 2 "^povreg: unknown option '-x'$" export ledger -x L
run_fail 2 "^povreg: missing required option --commune$" \
  export posting --year 2025
run_fail 2 "^povreg: missing required option --year$" export poor
run_fail 2 "^povreg: --year: 'next' is not a number$" \
  export escaped --year next
run_fail 2 "^povreg: unknown option '--reveal'$" export poor --year 2026 \
  --reveal
run_fail 2 "^povreg: unknown command 'export near_poor'$" \
  export near_poor --year 2026
run_fail 1 "no such ledger" export bhyt --output bhyt.csv
check "no ledger and no file created by a failed export" \
  test ! -e "$LEDGER" -a ! -e bhyt.csv -a ! -e bhyt.csv.fix.csv

# ---- the ledger: imported, flagged, reviewed ----

run_ok init
run_ok import households "$DATA/households.csv" --new-villages
run_ok import members "$DATA/members.csv"
run_ok import survey "$DATA/survey.csv"
run_ok unit flag 23536 especially_difficult --from 2021-01-01 \
  --source "QĐ 861/QĐ-TTg"
run_ok unit flag 23530 difficult_area --from 2021-01-01 \
  --source "QĐ 861/QĐ-TTg"
run_ok unit flag 23535 island --from 2021-01-01 --source "test"

# review YEAR COMMUNE HOUSEHOLD...: run the periodic review held in YEAR
# to approval, the households added and met about (agreed).
review() {
  local y=$1 c=$2 h
  shift 2
  run_ok review open --year "$y" --commune "$c" --date "$y-09-05"
  for h in "$@"; do
    pv review add "$h" --year "$y" --commune "$c" # listed ones are in already
  done
  run_ok review classify --year "$y" --commune "$c"
  for h in "$@"; do
    run_ok review meeting "$h" --date "$y-10-01" --attendees 20 \
      --agreeing 15 --year "$y" --commune "$c"
  done
  run_ok review post --from "$y-10-05" --to "$y-10-12" --year "$y" \
    --commune "$c"
}

# MR-003 poor in 2025; the 2025 review: MR-002 poor, MR-003 average
# (escaped) in 2026; RK-001 near-poor in 2026.
review 2024 23536 MR-003
run_ok review approve --decision "số 10/QĐ-UBND" --date 2024-12-10 \
  --year 2024 --commune 23536
review 2025 23536 MR-002 MR-003
# the posting list while the review is open
run_ok export posting --year 2025 --commune 23536 --output posting.csv
expect_file posting.csv "stt,household_code,head_name,village,\
proposed_class,class_before
1,MR-002,A Thoa,Làng Trấp,poor,
2,MR-003,Lê Văn Hùng,Thôn 2,average,poor" "the posting list, row by row"
expect_eq "$OUT" "list     posting
year     2025
commune  23536
file     posting.csv
rows     2
sha256   $(sha posting.csv)

Rows per class:
CLASS    ROWS
poor     1
average  1" "posting counts"
check "the posting list has no citizen ID, BHXH number or birth date column" \
  bash -c "! head -n 1 posting.csv | grep -Eq 'citizen|bhxh|birth'"
check "the posting list holds no ID number or full birth date" \
  bash -c "! grep -Eq '[0-9]{10}|(19|20)[0-9]{2}-[0-9]{2}-[0-9]{2}' \
posting.csv"
run_ok review approve --decision "số 20/QĐ-UBND" --date 2025-12-10 \
  --year 2025 --commune 23536
review 2025 23530 RK-001
run_ok review approve --decision "số 21/QĐ-UBND" --date 2025-12-11 \
  --year 2025 --commune 23530

# ---- bhyt: the list of a date, person by person ----

BHYT_HEAD="stt,full_name,bhxh_no,citizen_id,birth_date,sex,household_code,\
village,commune_code,group,support_rate,valid_from"
a0=$(audit_count export.bhyt)
run_ok export bhyt --output bhyt.csv
# Y Lan: minority in a difficult area (DT) beats near-poor (CN); Bình, a
# Kinh member of the same near-poor household, is CN at 70%; Sơn lives in
# an island commune; Đức and Hùng in an especially difficult commune (DK);
# the children under 6 are TE before anything else; A Thoa and Y Hoa are
# HN (poor household) before DT and DK; the spouse of MR-001 has no ID
# number: fix list; the member who moved out and the one who died are not
# listed.
expect_file bhyt.csv "$BHYT_HEAD
1,Y Lan,,062190000777,1990-01-01,F,RK-001,Làng Rơ Kơi,23530,DT,100,2021-01-01
2,Phạm Văn Bình,,062088000888,1988-08-08,M,RK-001,Làng Rơ Kơi,23530,CN,70,\
2025-12-11
3,Hồ Văn Sơn,6201112223,,1970,M,ID-001,Thôn 5,23535,XD,100,2021-01-01
4,Nguyễn Văn Đức,6201234567,062080001234,1980-03-04,M,MR-001,Làng Trấp,23536,\
DK,100,2021-01-01
5,Nguyễn Văn An,,062222000111,2022-05-01,M,MR-001,Làng Trấp,23536,TE,100,\
2022-05-01
6,A Thoa,,062078000222,1978,M,MR-002,Làng Trấp,23536,HN,100,2025-12-10
7,Y Hoa,,062182000333,1982-02-02,F,MR-002,Làng Trấp,23536,HN,100,2025-12-10
8,A Nhân,,062221000444,2021-12-01,M,MR-002,Làng Trấp,23536,TE,100,2021-12-01
9,Lê Văn Hùng,,062075000555,1975-06-15,M,MR-003,Thôn 2,23536,DK,100,\
2021-01-01" "the BHYT list, person by person"
expect_file bhyt.csv.fix.csv "$BHYT_HEAD,missing
1,Trần Thị Mai,,,1985,F,MR-001,Làng Trấp,23536,DK,100,2021-01-01,\
bhxh_no or citizen_id" "the fix list: default name FILE.fix.csv"
BHYT_COUNTS="GROUP  LISTED  FIX LIST  ELIGIBLE  IN A BETTER GROUP  CHECK
TE     2       0         2         0                  ok
HN     2       0         3         1                  ok
DT     1       0         4         3                  ok
DK     2       1         7         4                  ok
XD     1       0         1         0                  ok
CN     1       0         2         1                  ok
total  9       1         19        9                  ok"
expect_eq "$OUT" "list             bhyt
date             2026-11-29
commune          -
file             bhyt.csv
rows             9
sha256           $(sha bhyt.csv)
fix list         bhyt.csv.fix.csv
fix list rows    1
fix list sha256  $(sha bhyt.csv.fix.csv)
reconciles       yes

Rows per group:
$BHYT_COUNTS" "the counts per group reconcile, with the files' SHA-256"
expect_eq "$(mode bhyt.csv) $(mode bhyt.csv.fix.csv)" "600 600" \
  "the list and the fix list are mode 0600"
expect_eq "$(audit_count export.bhyt)" $((a0 + 1)) "the export is audited"
expect_eq "$(sqlite3 "$LEDGER" "SELECT new_value FROM audit WHERE action = \
'export.bhyt' ORDER BY id DESC LIMIT 1")" "{\"kind\":\"bhyt\",\"filters\":\
{\"date\":\"2026-11-29\"},\"bom\":0,\"redact\":0,\"rows\":9,\"fix_rows\":1,\
\"sha256\":\"$(sha bhyt.csv)\",\"fix_sha256\":\"$(sha bhyt.csv.fix.csv)\"}" \
  "the audit entry: kind, filters, rows, SHA-256"
ls -a >"$T_DIR/.ls"
check "no temporary file left" bash -c "! grep -q tmp '$T_DIR/.ls'"

# to standard output: the counts go to stderr
pv export bhyt --fix-list fix.csv
expect_eq "$RC" 0 "export bhyt to standard output"
expect_eq "$OUT" "$(<bhyt.csv)" "the same list on standard output"
expect_eq "$(tail -n 9 <<<"$ERR")" "Rows per group:
$BHYT_COUNTS" "the counts on stderr"
expect_eq "$(sha fix.csv)" "$(sha bhyt.csv.fix.csv)" "--fix-list names the \
fix list"
pv export bhyt --output - --fix-list fix.csv
expect_eq "$OUT" "$(<bhyt.csv)" "--output - is standard output"

pv export bhyt --output bhyt.csv --format json
check "counts --format json are valid JSON" valid_json
expect_out '^  "reconciles": "yes",$' "JSON: reconciles"
expect_out '^    \{"group": "DK", "listed": 2, "fix": 1, "eligible": 7, '\
'"better": 4, "check": "ok"\},$' "JSON: a group"
pv export bhyt --output bhyt.csv --format csv
expect_out "^TE,2,0,2,0,ok"$'\r'"$" "CSV counts"

run_ok export bhyt --commune 23530 --output rk.csv --fix-list rk-fix.csv
expect_file rk.csv "$BHYT_HEAD
1,Y Lan,,062190000777,1990-01-01,F,RK-001,Làng Rơ Kơi,23530,DT,100,2021-01-01
2,Phạm Văn Bình,,062088000888,1988-08-08,M,RK-001,Làng Rơ Kơi,23530,CN,70,\
2025-12-11" "--commune: one commune"
expect_file rk-fix.csv "$BHYT_HEAD,missing" "an empty fix list has its header"

# a year and a half earlier: MR-003 was poor (2025), RK-001 had no status
run_ok export bhyt --date 2025-06-01 --output early.csv
expect_file early.csv "$BHYT_HEAD
1,Y Lan,,062190000777,1990-01-01,F,RK-001,Làng Rơ Kơi,23530,DT,100,2021-01-01
2,Hồ Văn Sơn,6201112223,,1970,M,ID-001,Thôn 5,23535,XD,100,2021-01-01
3,Nguyễn Văn Đức,6201234567,062080001234,1980-03-04,M,MR-001,Làng Trấp,23536,\
DK,100,2021-01-01
4,Nguyễn Văn An,,062222000111,2022-05-01,M,MR-001,Làng Trấp,23536,TE,100,\
2022-05-01
5,A Thoa,,062078000222,1978,M,MR-002,Làng Trấp,23536,DT,100,2021-01-01
6,Y Hoa,,062182000333,1982-02-02,F,MR-002,Làng Trấp,23536,DT,100,2021-01-01
7,A Nhân,,062221000444,2021-12-01,M,MR-002,Làng Trấp,23536,TE,100,2021-12-01
8,Lê Văn Hùng,,062075000555,1975-06-15,M,MR-003,Thôn 2,23536,HN,100,\
2024-12-10" "--date: the list of an earlier date"
expect_out "^reconciles +yes$" "the earlier list reconciles too"

# ---- bhyt --changes-since: the quarterly revision ----

run_ok export bhyt --changes-since 2025-06-01 --output changes.csv
expect_file changes.csv "stt,change,full_name,bhxh_no,citizen_id,birth_date,\
sex,household_code,village,commune_code,group,support_rate,valid_from
1,increase,Phạm Văn Bình,,062088000888,1988-08-08,M,RK-001,Làng Rơ Kơi,23530,\
CN,70,2025-12-11
2,decrease,A Thoa,,062078000222,1978,M,MR-002,Làng Trấp,23536,DT,100,\
2021-01-01
3,increase,A Thoa,,062078000222,1978,M,MR-002,Làng Trấp,23536,HN,100,\
2025-12-10
4,decrease,Y Hoa,,062182000333,1982-02-02,F,MR-002,Làng Trấp,23536,DT,100,\
2021-01-01
5,increase,Y Hoa,,062182000333,1982-02-02,F,MR-002,Làng Trấp,23536,HN,100,\
2025-12-10
6,decrease,Lê Văn Hùng,,062075000555,1975-06-15,M,MR-003,Thôn 2,23536,HN,\
100,2024-12-10
7,increase,Lê Văn Hùng,,062075000555,1975-06-15,M,MR-003,Thôn 2,23536,DK,\
100,2021-01-01" "the increases and decreases since 2025-06-01"
expect_eq "$(tail -n 9 <<<"$OUT")" "Changes per group:
GROUP  INCREASES  DECREASES  FIX LIST
TE     0          0          0
HN     2          1          0
DT     0          2          0
DK     1          0          0
XD     0          0          0
CN     1          0          0
total  4          3          0" "the changes per group"
expect_out "^changes since +2025-06-01$" "the record names the earlier date"
expect_no_out "^reconciles" "no reconciliation line for changes"

# ---- bhyt --redact, --bom ----

run_ok export bhyt --redact --bom --output redacted.csv
expect_eq "$(head -c 3 redacted.csv | od -An -tx1 | tr -d ' ')" "efbbbf" \
  "--bom starts the file with EF BB BF"
expect_file redacted.csv $'\xEF\xBB\xBF'"$BHYT_HEAD
1,Y Lan,,*********777,1990,F,RK-001,Làng Rơ Kơi,23530,DT,100,2021-01-01
2,Phạm Văn Bình,,*********888,1988,M,RK-001,Làng Rơ Kơi,23530,CN,70,2025-12-11
3,Hồ Văn Sơn,*******223,,1970,M,ID-001,Thôn 5,23535,XD,100,2021-01-01
4,Nguyễn Văn Đức,*******567,*********234,1980,M,MR-001,Làng Trấp,23536,DK,100,\
2021-01-01
5,Nguyễn Văn An,,*********111,2022,M,MR-001,Làng Trấp,23536,TE,100,2022
6,A Thoa,,*********222,1978,M,MR-002,Làng Trấp,23536,HN,100,2025-12-10
7,Y Hoa,,*********333,1982,F,MR-002,Làng Trấp,23536,HN,100,2025-12-10
8,A Nhân,,*********444,2021,M,MR-002,Làng Trấp,23536,TE,100,2021
9,Lê Văn Hùng,,*********555,1975,M,MR-003,Thôn 2,23536,DK,100,2021-01-01" \
  "--redact masks the numbers and keeps the birth year"
check "the plain export has no BOM" \
  test "$(head -c 3 bhyt.csv)" == "stt"

# ---- the recognised lists of 2026 ----

LIST_HEAD="stt,household_code,head_name,village,commune_code,class,\
class_before,transition"
run_ok export poor --year 2026 --output poor.csv
expect_file poor.csv "$LIST_HEAD
1,MR-002,A Thoa,Làng Trấp,23536,poor,,new" "the poor list of 2026"
expect_eq "$OUT" "list     poor
year     2026
commune  -
file     poor.csv
rows     1
sha256   $(sha poor.csv)

Rows per class:
CLASS  ROWS
poor   1" "poor counts"
run_ok export near-poor --year 2026 --output near-poor.csv
expect_file near-poor.csv "$LIST_HEAD
1,RK-001,Y Lan,Làng Rơ Kơi,23530,near_poor,,new" "the near-poor list of 2026"
expect_out "^near_poor +1$" "near-poor counts"
run_ok export escaped --year 2026 --output escaped.csv
expect_file escaped.csv "$LIST_HEAD,changes
1,MR-003,Lê Văn Hùng,Thôn 2,23536,average,poor,escaped,\"income 1200000 -> \
1800000 (line 1500000); no longer deprived: employment,health_insurance,\
housing_quality,water; newly deprived: telecom\"" \
  "the escaped list of 2026, with what changed"
expect_out "^average +1$" "escaped counts per class now"
run_ok export poor --year 2025 --commune 23536 --output poor-2025.csv
expect_file poor-2025.csv "$LIST_HEAD
1,MR-003,Lê Văn Hùng,Thôn 2,23536,poor,,new" "the poor list of 2025"
pv export poor --year 2026
expect_eq "$OUT" "$(<poor.csv)" "a list to standard output, nothing else"
expect_eq "$(head -n 1 <<<"$ERR")" "list     poor" "the counts on stderr"
# -o, the one short option, is --output
run_ok export poor --year 2026 -o poor-short.csv
check "-o FILE writes the file as --output does" cmp poor.csv poor-short.csv
pv export poor --year 2026 -o -
expect_eq "$OUT" "$(<poor.csv)" "-o - is standard output"
expect_eq "$(stat -c %a poor.csv near-poor.csv escaped.csv posting.csv |
  sort -u)" 600 "every list is mode 0600"

# ---- refusals and failures leave no file behind ----

echo "old content" >keep.csv
run_unchanged 3 "^povreg: date: '2026-13-01' is not a valid date YYYY-MM-DD$" \
  export bhyt --date 2026-13-01 --output keep.csv
expect_eq "$(<keep.csv)" "old content" "a failed export leaves FILE as it was"
check "and creates no fix list" test ! -e keep.csv.fix.csv
run_unchanged 3 "^povreg: changes_since: 2027-01-01 is not before the date \
2026-11-29$" export bhyt --changes-since 2027-01-01 --output keep.csv
run_unchanged 1 "^povreg: commune_code: no commune 99999$" \
  export poor --year 2026 --commune 99999 --output keep.csv
expect_eq "$(<keep.csv)" "old content" "still as it was"
run_unchanged 1 "^povreg: review: no review of 23536 in 2019 " \
  export posting --year 2019 --commune 23536 --output keep.csv
run_unchanged 1 "^povreg: /nonexistent/dir/x.csv: cannot create: No such file \
or directory$" export bhyt --output /nonexistent/dir/x.csv
check "nothing written under /nonexistent" test ! -e /nonexistent
run_unchanged 1 "^povreg: keep.csv/x: cannot create: Not a directory$" \
  export ledger --output keep.csv/x
mkdir adir
run_unchanged 1 "^povreg: adir: Is a directory$" export poor --year 2026 \
  --output adir
ls -a >"$T_DIR/.ls"
check "no temporary file left after the failures" \
  bash -c "! grep -q tmp '$T_DIR/.ls'"

# ---- the ledger, and its round trip ----

run_ok export ledger --output L1
expect_eq "$OUT" "FILE               ROWS  SHA256
L1/households.csv  5     $(sha L1/households.csv)
L1/members.csv     12    $(sha L1/members.csv)
L1/survey.csv      4     $(sha L1/survey.csv)" "export ledger lists its files"
expect_eq "$(stat -c %a L1 L1/households.csv L1/members.csv L1/survey.csv |
  tr '\n' ' ')" "700 600 600 600 " "the directory 0700, the files 0600"
expect_file L1/households.csv "household_code,commune_code,village,address,\
phone,notes,created_on
ID-001,23535,Thôn 5,,,,2020-01-01
MR-001,23536,Làng Trấp,\"Thôn 1, xã Mô Rai\",0912345678,,2020-01-01
MR-002,23536,Làng Trấp,,,,2020-01-01
MR-003,23536,Thôn 2,,,\"nhà \"\"sàn\"\" gỗ\",2020-01-01
RK-001,23530,Làng Rơ Kơi,,,,2020-01-01" "households.csv in the import format"
expect_file L1/members.csv "household_code,member_no,full_name,sex,\
birth_date,relation,ethnicity,citizen_id,health_insurance,in_school,\
education_grade,bhxh_no,joined_on,status,status_on
ID-001,1,Hồ Văn Sơn,M,1970,head,01,,1,0,4,6201112223,,active,
ID-001,2,Hồ Thị Lài,F,1945,parent,01,,1,0,0,,,died,2024-06-01
MR-001,1,Nguyễn Văn Đức,M,1980-03-04,head,01,062080001234,1,0,9,6201234567,,\
active,
MR-001,2,Trần Thị Mai,F,1985,spouse,01,,1,0,7,,,active,
MR-001,3,Nguyễn Văn An,M,2022-05-01,child,01,062222000111,,,,,,active,
MR-002,1,A Thoa,M,1978,head,14,062078000222,0,0,5,,,active,
MR-002,2,Y Hoa,F,1982-02-02,spouse,14,062182000333,0,0,3,,,active,
MR-002,3,A Nhân,M,2021-12-01,child,14,062221000444,,,,,,active,
MR-003,1,Lê Văn Hùng,M,1975-06-15,head,01,062075000555,1,0,12,,,active,
MR-003,2,Lê Thị Thu,F,2001-04-04,child,01,062301000666,1,0,12,,,moved_out,\
2025-03-01
RK-001,1,Y Lan,F,1990-01-01,head,10,062190000777,1,0,6,,,active,
RK-001,2,Phạm Văn Bình,M,1988-08-08,spouse,01,062088000888,1,0,9,,,active," \
  "members.csv in the import format"
expect_eq "$(cut -d, -f1-7 L1/survey.csv)" "review_year,household_code,\
income_per_capita,score_a,reference_date,surveyed_on,enumerator
2025,MR-002,1200000,,2025-09-01,2025-09-10,Y Tâm
2024,MR-003,1200000,,2024-09-01,2024-09-10,Y Tâm
2025,MR-003,1800000,,2025-09-01,2025-09-10,Y Tâm
2025,RK-001,1400000,,2025-09-01,2025-09-12,A Hùng" \
  "survey.csv: the surveys of every year"
expect_eq "$(audit_count export.households) $(audit_count export.members) \
$(audit_count export.survey)" "1 1 1" "the three exports are audited"

# into a fresh ledger, and out again: the same bytes
MAIN=$LEDGER
LEDGER=$T_DIR/fresh.db
run_ok init
run_ok import households L1/households.csv --new-villages
run_ok import members L1/members.csv
run_ok import survey L1/survey.csv
run_ok export ledger --output L2
for f in households members survey; do
  check "round trip: $f.csv identical" cmp L1/$f.csv L2/$f.csv
done
run_ok export ledger -o L2-short
check "export ledger -o DIR" cmp L2/members.csv L2-short/members.csv
run_ok export ledger --output L2 --bom
expect_eq "$(head -c 3 L2/members.csv | od -An -tx1 | tr -d ' ')" "efbbbf" \
  "export ledger --bom"
run_ok import members L2/members.csv
expect_eq "$OUT" "L2/members.csv: 12 rows, nothing changed" \
  "a file with a BOM imports as the same data"
LEDGER=$MAIN

run_ok export ledger --output L3 --commune 23530 --year 2025
expect_eq "$(wc -l <L3/households.csv) $(wc -l <L3/members.csv) \
$(wc -l <L3/survey.csv)" "2 3 2" "--commune and --year narrow the ledger"
echo "stale" >L3/members.csv
run_unchanged 1 "^povreg: commune_code: no commune 99999$" \
  export ledger --output L3 --commune 99999
expect_eq "$(<L3/members.csv)" "stale" \
  "a failed ledger export replaces none of the three files"

finish
