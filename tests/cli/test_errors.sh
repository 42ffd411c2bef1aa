#!/usr/bin/env bash
# test_errors.sh: every bad input must exit non-zero (3 for data the
# library refuses, 1 for something not found, 2 for a bad command line),
# print one line on stderr naming the field, and leave the ledger exactly
# as it was (audit log included).
# shellcheck source-path=SCRIPTDIR
. "$(dirname "$0")/lib.sh"

run_ok init
run_ok village add --commune 23536 --name "Làng Trấp"
run_ok household add --commune 23536 --code H1 --created 2020-01-01 \
  --head-name "Nguyễn Văn Đức" --head-sex M --head-birth 1978-03-04 \
  --head-citizen-id 062078001234 --head-bhxh 6212345678
run_ok member add H1 --name "Trần Thị Mai" --sex F --birth 1980 \
  --relation spouse

# A valid head without a birth date: each case adds the rest.
head=(--head-name "Lê Văn Tám" --head-sex M)

# ---- unknown units and households ----
run_unchanged 1 "commune.*99999" household add --commune 99999 "${head[@]}" \
  --head-birth 1990
run_unchanged 1 "commune.*23545" household add --commune 23545 "${head[@]}" \
  --head-birth 1990
run_unchanged 1 "village" household add --commune 23536 --village "Thôn 9" \
  "${head[@]}" --head-birth 1990
run_unchanged 1 "NOPE" member add NOPE --name X --sex M --birth 1990 \
  --relation child

# ---- malformed and impossible dates ----
for d in 2023-02-30 2023-13-01 23-01-01 2023-1-1 "2023-01-01 " 1990x; do
  run_unchanged 3 "birth" household add --commune 23536 "${head[@]}" \
    --head-birth "$d"
done
run_unchanged 3 "birth.*future" household add --commune 23536 "${head[@]}" \
  --head-birth 2026-11-30
run_unchanged 3 "birth" member add H1 --name X --sex M --birth 2027 \
  --relation child
run_unchanged 3 "created" household add --commune 23536 "${head[@]}" \
  --head-birth 1990 --created 2023-02-30
run_unchanged 3 "created.*future" household add --commune 23536 \
  "${head[@]}" --head-birth 1990 --created 2026-12-01
run_unchanged 3 "joined" member add H1 --name X --sex M --birth 1990 \
  --relation child --joined 2023-13-01
run_unchanged 3 "date" member leave H1 2 --status died --date 2023-02-30
run_unchanged 3 "date" unit list --date 23-01-01
run_unchanged 3 "today" --today 2023-02-30 unit list

# ---- citizen IDs, BHXH numbers ----
run_unchanged 3 "citizen_id" household add --commune 23536 "${head[@]}" \
  --head-birth 1990 --head-citizen-id 06207800123
run_unchanged 3 "citizen_id" household add --commune 23536 "${head[@]}" \
  --head-birth 1990 --head-citizen-id 0620780012345
run_unchanged 3 "citizen_id" household add --commune 23536 "${head[@]}" \
  --head-birth 1990 --head-citizen-id 06207800123x
run_unchanged 3 "citizen_id" household add --commune 23536 "${head[@]}" \
  --head-birth 1990 --head-citizen-id 062078001234
run_unchanged 3 "citizen_id" member add H1 --name X --sex M --birth 1990 \
  --relation child --citizen-id 062078001234
run_unchanged 3 "bhxh" member add H1 --name X --sex M --birth 1990 \
  --relation child --bhxh 621234567
run_unchanged 3 "bhxh" member add H1 --name X --sex M --birth 1990 \
  --relation child --bhxh 6212345678

# ---- codes ----
run_unchanged 3 "code" household add --commune 23536 --code H1 "${head[@]}" \
  --head-birth 1990
run_unchanged 3 "code" household add --commune 23536 --code "H 1" \
  "${head[@]}" --head-birth 1990
run_unchanged 3 "code" household add --commune 23536 \
  --code "$(printf 'H%.0s' {1..33})" "${head[@]}" --head-birth 1990

# ---- heads ----
run_unchanged 3 "relation|head" member add H1 --name X --sex M --birth 1990 \
  --relation head
run_unchanged 3 "head" member leave H1 1 --status died --date 2025-01-01
run_unchanged 3 "head|member" household set-head H1 1
run_unchanged 1 "member" member leave H1 7 --status died --date 2025-01-01

# ---- names and text ----
run_unchanged 3 "name" household add --commune 23536 \
  --head-name "$(printf 'Nguy\xffn')" --head-sex M --head-birth 1990
run_unchanged 3 "name" member add H1 --name "$(printf '\xc3\x28')" \
  --sex M --birth 1990 --relation child
run_unchanged 3 "name" member add H1 --name "$(printf 'a%.0s' {1..101})" \
  --sex M --birth 1990 --relation child
run_unchanged 3 "name" member add H1 --name "$(printf 'Đ%.0s' {1..101})" \
  --sex M --birth 1990 --relation child
# 100 characters (200 bytes of 'Đ') is the limit, and fine.
run_ok member add H1 --name "$(printf 'Đ%.0s' {1..100})" --sex M \
  --birth 1990 --relation child
run_unchanged 3 "name" member add H1 --name "" --sex M --birth 1990 \
  --relation child
run_unchanged 3 "name" member add H1 --name $'Anh\nBa' --sex M --birth 1990 \
  --relation child
run_unchanged 3 "sex" member add H1 --name X --sex Q --birth 1990 \
  --relation child
run_unchanged 3 "relation" member add H1 --name X --sex M --birth 1990 \
  --relation cousin
run_unchanged 3 "ethnicity" member add H1 --name X --sex M --birth 1990 \
  --relation child --ethnicity 99
run_unchanged 3 "address" household edit H1 \
  --address "$(printf 'x%.0s' {1..501})"
run_unchanged 3 "notes" household edit H1 --notes "$(printf 'x%.0s' {1..2001})"
run_unchanged 3 "phone" household edit H1 --phone "abc"

# ---- bad command lines never touch the ledger ----
run_unchanged 2 "unknown option '--head-nmae'" household add --commune 23536 \
  --head-nmae X --head-sex M --head-birth 1990
run_unchanged 2 "--members" household split H1 --members x --head 1
run_unchanged 2 "--new-head" member leave H1 1 --status died --new-head one
run_unchanged 2 "--limit" search nguyen --limit -5
run_unchanged 2 "given more than once" member add H1 --name A --name B \
  --sex M --birth 1990 --relation child

# ---- a ledger that is not one ----
printf 'not a database, just text\n%.0s' {1..200} >"$T_DIR/junk.db"
pv_raw --db "$T_DIR/junk.db" --today "$TODAY" unit list
check_fail "a file that is not a ledger" 1 "."

finish
