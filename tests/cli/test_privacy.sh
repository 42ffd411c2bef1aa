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

finish
