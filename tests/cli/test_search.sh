#!/usr/bin/env bash
# test_search.sh: search by name (case and diacritics folded, đ/Đ too),
# by citizen ID and by household code.
# shellcheck source-path=SCRIPTDIR
. "$(dirname "$0")/lib.sh"

run_ok init
run_ok village add --commune 23536 --name "Làng Trấp"
run_ok household add --commune 23536 --code H1 --village "Làng Trấp" \
  --created 2020-01-01 --head-name "Nguyễn Văn Đức" --head-sex M \
  --head-birth 1978-03-04 --head-citizen-id 062078001234
run_ok member add H1 --name "Trần Thị Mai" --sex F --birth 1980 \
  --relation spouse --citizen-id 062180005678
run_ok household add --commune 23530 --code H2 --created 2020-01-01 \
  --head-name "Nguyễn Đình Dũng" --head-sex M --head-birth 1965
run_ok household add --commune 23530 --code H3 --created 2020-01-01 \
  --head-name "Đỗ Văn Đức" --head-sex M --head-birth 1990

header="^HOUSEHOLD +NO +NAME +BORN +RELATION +STATUS +COMMUNE +VILLAGE +MATCHED BY$"

run_ok search nguyen van duc
expect_out "$header" "search: header"
expect_out "^H1 +1 +Nguyễn Văn Đức +1978 +head +active +23536 +Làng Trấp +name$" \
  "nguyen van duc finds Nguyễn Văn Đức"
expect_eq "$(lines "$OUT")" 2 "nguyen van duc: one hit"

run_ok search NGUYEN
expect_out "^H1 +1 +Nguyễn Văn Đức " "NGUYEN finds Nguyễn Văn Đức"
expect_out "^H2 +1 +Nguyễn Đình Dũng " "NGUYEN finds Nguyễn Đình Dũng"
expect_eq "$(lines "$OUT")" 3 "NGUYEN: two hits"

run_ok search "Nguyễn Văn Đức"
expect_out "^H1 +1 " "the exact name finds itself"
run_ok search ĐỨC
expect_out "^H1 +1 " "ĐỨC finds Đức (đ/Đ folding)"
expect_out "^H3 +1 +Đỗ Văn Đức " "ĐỨC finds Đỗ Văn Đức"
run_ok search duc
expect_eq "$(lines "$OUT")" 3 "duc finds both Đức"
run_ok search "do" van
expect_out "^H3 " "do van finds Đỗ Văn Đức"
run_ok search duc nguyen
expect_out "^H1 " "words in any order"
run_ok search "dinh  dung"
expect_out "^H2 " "runs of spaces are one"
run_ok search "van du"
expect_out "^H1 " "a word may be a prefix"
run_ok search "van d"
expect_eq "$(lines "$OUT")" 1 "a one-letter word is a whole word, not a prefix"
run_ok search zzz
expect_eq "$OUT" "$(head -n 1 <<<"$OUT")" "no hits: header only"
expect_out "$header" "no hits: header"

# Citizen ID: the hit says how it matched and never shows the ID.
run_ok search 062180005678
expect_out "^H1 +2 +Trần Thị Mai +1980 +spouse +active +23536 +Làng Trấp +citizen_id$" \
  "a 12-digit query is a citizen ID"
expect_no_out "062180005678" "the citizen ID is not printed"
run_ok search --by citizen-id 062078001234
expect_out "^H1 +1 .* citizen_id$" "--by citizen-id"
run_fail 3 "citizen" search --by citizen-id 06207800123
run_ok search 062078009999
expect_eq "$(lines "$OUT")" 1 "an unknown citizen ID: no hits"

# Household code: the head.
run_ok search H2
expect_out "^H2 +1 +Nguyễn Đình Dũng .* code$" "a household code finds its head"
run_ok search --by code H3
expect_out "^H3 +1 .* code$" "--by code"
run_ok search --by name H3
expect_eq "$(lines "$OUT")" 1 "--by name does not match codes"

# --limit, formats
run_ok search nguyen --limit 1
expect_eq "$(lines "$OUT")" 2 "--limit 1"
run_ok search duc --format csv
expect_out "^household,member_no,name,birth_year,relation,status,commune,village,matched"$'\r'"$" \
  "csv header"
expect_out "^H1,1,Nguyễn Văn Đức,1978,head,active,23536,Làng Trấp,name"$'\r'"$" \
  "csv row"
run_ok search duc --format json
check "search --format json is valid JSON" valid_json
expect_out '"birth_year": 1978' "json: birth year is a number"
run_ok search zzz --format json
expect_eq "$OUT" "[]" "json: no hits is []"

# Bad queries
run_fail 2 "missing argument" search
run_fail 2 "--by" search --by phone 0123
run_fail 3 "query" search "$(printf '\xff')"
run_fail 3 "query" search ""
run_fail 3 "query" search "$(printf 'a%.0s' {1..201})"

finish
