#!/usr/bin/env bash
# test_privacy.sh: citizen IDs, BHXH numbers and full birth dates are
# masked unless --reveal is given, never shown by search or lists, and
# never echoed in full by an error message.
# shellcheck source-path=SCRIPTDIR
. "$(dirname "$0")/lib.sh"

CID=062078001234
CID2=062180005678
BHXH=6212345678
run_ok init
run_ok household add --commune 23536 --code H1 --created 2020-01-01 \
  --head-name "Nguyễn Văn Đức" --head-sex M --head-birth 1978-03-04 \
  --head-citizen-id "$CID" --head-bhxh "$BHXH"
run_ok member add H1 --name "Trần Thị Mai" --sex F --birth 1980 \
  --relation spouse --citizen-id "$CID2"

# no_personal_data DESC: the last output shows none of the secrets.
no_personal_data() {
  expect_no_out "$CID|$CID2|$BHXH|1978-03-04" "$1"
}

# ---- household show ----
for fmt in table csv json; do
  run_ok household show H1 --format "$fmt"
  no_personal_data "household show ($fmt) masks personal data"
  expect_out "\*\*\*\*\*\*\*\*1234" "household show ($fmt): citizen ID as ********1234"
  expect_out "\*\*\*\*\*\*5678" "household show ($fmt): BHXH as ******5678"
  expect_out "1978" "household show ($fmt): birth year shown"
done
run_ok household show H1
expect_out "^1 +Nguyễn Văn Đức +M +1978 +head +Kinh +active +\*{8}1234 +\*{6}5678$" \
  "household show: masked row"
run_ok household show H1 --reveal
expect_out "^1 +Nguyễn Văn Đức +M +1978-03-04 +head +Kinh +active +$CID +$BHXH$" \
  "household show --reveal shows everything"
expect_out "^2 +Trần Thị Mai +F +1980 +spouse .* $CID2$" \
  "household show --reveal: a year-only birth date stays a year"
run_ok household show H1 --reveal --format json
expect_out "\"citizen_id\": \"$CID\"" "household show --reveal --format json"

# ---- member show ----
run_ok member show H1 1
no_personal_data "member show masks personal data"
expect_out "^citizen id +\*{8}1234$" "member show: citizen ID masked"
expect_out "^bhxh +\*{6}5678$" "member show: BHXH masked"
expect_out "^birth +1978$" "member show: birth year only"
run_ok member show H1 1 --format json
no_personal_data "member show --format json masks personal data"
run_ok member show H1 1 --reveal
expect_out "^citizen id +$CID$" "member show --reveal: citizen ID"
expect_out "^bhxh +$BHXH$" "member show --reveal: BHXH"
expect_out "^birth +1978-03-04$" "member show --reveal: birth date"

# ---- search and lists never show them ----
for q in "$CID" H1 nguyen "tran thi mai"; do
  for fmt in table csv json; do
    run_ok search "$q" --format "$fmt"
    no_personal_data "search '$q' ($fmt) shows no personal data"
  done
done
run_ok search "$CID"
expect_out "^H1 +1 +Nguyễn Văn Đức +1978 " "search by citizen ID finds the member"
run_ok household list --format json
no_personal_data "household list shows no personal data"

# ---- error messages do not echo a citizen ID ----
# secret_free DESC: stderr must not hold the ID given ($1) in full.
secret_free() {
  if grep -qF -- "$1" <<<"$ERR"; then
    not_ok "$2" "stderr echoes $1"
  else
    ok "$2"
  fi
}
run_unchanged 3 "citizen_id" member add H1 --name X --sex M --birth 1990 \
  --relation child --citizen-id "$CID"
secret_free "$CID" "duplicate citizen ID: not echoed"
run_unchanged 3 "citizen_id" member add H1 --name X --sex M --birth 1990 \
  --relation child --citizen-id 0620780012345
secret_free 0620780012345 "13-digit citizen ID: not echoed"
run_unchanged 3 "citizen_id" member add H1 --name X --sex M --birth 1990 \
  --relation child --citizen-id 06207800123
secret_free 06207800123 "11-digit citizen ID: not echoed"
run_unchanged 3 "citizen_id" member edit H1 2 --citizen-id "$CID"
secret_free "$CID" "member edit to a taken citizen ID: not echoed"
run_unchanged 3 "bhxh" member add H1 --name X --sex M --birth 1990 \
  --relation child --bhxh "$BHXH"
secret_free "$BHXH" "duplicate BHXH number: not echoed"
run_fail 3 "." search --by citizen-id 0620780012345
secret_free 0620780012345 "search with a bad citizen ID: not echoed"
run_fail 3 "." search --by citizen-id 06207800123
secret_free 06207800123 "search with a short citizen ID: not echoed"

# ---- help says who may use --reveal ----
pv_raw household show --help
expect_out "--reveal .*authorised" "household show --help documents --reveal"

# ---- --redact: accepted by every command, refuses --reveal ----
run_fail 2 "^povreg: --reveal and --redact exclude each other$" \
  household show H1 --reveal --redact
run_fail 2 "^povreg: --reveal and --redact exclude each other$" \
  --redact member show H1 1 --reveal
run_fail 2 "^povreg: option --redact takes no value$" --redact=yes \
  household list
pv_raw --help
expect_out "^  --redact +mask citizen IDs" "povreg --help documents --redact"
for args in "household show H1" "member show H1 1" "member show H1 2"; do
  for fmt in table csv json; do
    # shellcheck disable=SC2086 # split the words of args on purpose
    run_ok --redact --format "$fmt" $args
    no_personal_data "--redact $args ($fmt) shows no personal data"
  done
done

# ---- every list on a ledger with reviews, with and without --redact ----
# The fixtures of tests/data/cli, the 2024 review of Xã Mô Rai approved
# and its 2025 review posted: lists, reports and posting lists.
DATA=$(cd "${POVREG_SOURCE_DIR:-$(dirname "$0")/../..}/tests/data/cli" &&
  pwd) || exit 1
LEDGER=$T_DIR/full.db
cd "$T_DIR" || exit 1
run_ok init
run_ok import households "$DATA/households.csv" --new-villages
run_ok import members "$DATA/members.csv"
run_ok import survey "$DATA/survey.csv"
run_ok unit flag 23536 especially_difficult --from 2021-01-01 \
  --source "QĐ 861/QĐ-TTg"
for y in 2024 2025; do
  run_ok review open --year "$y" --commune 23536 --date "$y-09-05"
  pv review add MR-002 --year "$y" --commune 23536
  pv review add MR-003 --year "$y" --commune 23536
  run_ok review classify --year "$y" --commune 23536
  run_ok review post --from "$y-10-05" --to "$y-10-12" --year "$y" \
    --commune 23536
done
pv review meeting MR-003 --date 2024-10-01 --attendees 20 --agreeing 15 \
  --year 2024 --commune 23536
run_ok review approve --decision "số 10/QĐ-UBND" --date 2024-12-10 \
  --year 2024 --commune 23536

# Every citizen ID, BHXH number and full birth date of members.csv.
SECRETS=$(tail -n +2 "$DATA/members.csv" | cut -d, -f5,8,12 | tr ',' '\n' |
  grep -E '^[0-9]{4}-|^[0-9]{10,12}$' | sort -u | paste -sd'|')
check "the fixtures hold personal data to look for" test -n "$SECRETS"

# shown_nothing DESC: neither stdout nor stderr of the last run shows any
# of SECRETS.
shown_nothing() {
  if grep -qE -- "$SECRETS" <<<"$OUT$ERR"; then
    not_ok "$1" "shows $(grep -oE -- "$SECRETS" <<<"$OUT$ERR" | head -3 |
      paste -sd' ')"
  else
    ok "$1"
  fi
}

# file_lacks_secrets FILE: FILE shows none of SECRETS (called by check).
# shellcheck disable=SC2317
file_lacks_secrets() {
  ! grep -qE -- "$SECRETS" "$1"
}

while IFS= read -r args; do
  for redact in "" --redact; do
    for fmt in table csv json; do
      # shellcheck disable=SC2086 # split the words of args on purpose
      pv $redact --format "$fmt" $args
      if [[ $RC -ne 0 ]]; then
        not_ok "povreg $redact $args ($fmt) runs" "expected exit 0"
      else
        shown_nothing "povreg $redact $args ($fmt): no personal data"
      fi
    done
  done
done <<'EOF_LISTS'
household list
household list --commune 23536 --all
household show MR-001
member show MR-001 1
search nguyen
search 062080001234
search --by citizen-id 062075000555
review status --year 2025 --commune 23536
review list --year 2025 --class poor
review list --year 2026 --commune 23536 --class new
review transitions --year 2025 --commune 23536
review overdue
classify --household MR-002 --year 2026
unit list --parent 616
village list --commune 23536
standard list
target list
report summary --year 2025 --unit 23536
report deprivation --year 2025 --unit 23536
report transitions --year 2025 --unit 23536
report mpi --year 2025 --unit 23536
export posting --year 2025 --commune 23536
export posting --year 2024 --commune 23536
export poor --year 2025
export near-poor --year 2026
export escaped --year 2026
EOF_LISTS

pv --redact --format html report html --year 2025 --unit 23536
shown_nothing "povreg --redact report html: no personal data"

# The two exports that need the data in full mask it with --redact.
run_ok export bhyt -o bhyt.csv
check "export bhyt holds the citizen IDs in full" \
  grep -q "062080001234" bhyt.csv
run_ok export bhyt -o bhyt.csv --redact
check "export bhyt --redact shows none of them" \
  file_lacks_secrets bhyt.csv
check "export bhyt --redact fix list shows none of them" \
  file_lacks_secrets bhyt.csv.fix.csv
check "export bhyt --redact keeps the last 3 digits" \
  grep -q ",\*\{9\}234," bhyt.csv
run_ok export ledger -o full
check "export ledger holds the citizen IDs in full" \
  grep -q "062080001234" full/members.csv
run_ok --redact export ledger -o redacted
check "export ledger --redact: members.csv shows none of them" \
  file_lacks_secrets redacted/members.csv
check "export ledger --redact: birth dates become years" \
  grep -q "^MR-001,1,Nguyễn Văn Đức,M,1980,head,01,\*\{9\}234," \
  redacted/members.csv
check "export ledger --redact: the other files are the same" \
  cmp -s full/households.csv redacted/households.csv
expect_eq "$(sqlite3 "$LEDGER" "SELECT json_extract(new_value, '$.redact')
  FROM audit WHERE action = 'export.members' ORDER BY id DESC LIMIT 1")" 1 \
  "the audit entry of export ledger --redact says redact"

finish
