#!/usr/bin/env bash
# test_household.sh: household add, show, list, edit, set-head, split and
# dissolve.
# shellcheck source-path=SCRIPTDIR
. "$(dirname "$0")/lib.sh"

run_ok init
run_ok village add --commune 23536 --name "Làng Trấp" --kind lang
run_ok village add --commune 23536 --name "Thôn 2"

# ---- add ----

run_ok household add --commune 23536 --village "Làng Trấp" \
  --created 2020-01-01 --address "Làng Trấp, xã Mô Rai" --phone "0260 123 456" \
  --notes "hộ nghèo 2016" --head-name "Nguyễn Văn Đức" --head-sex M \
  --head-birth 1978-03-04 --head-citizen-id 062078001234
expect_out "^[A-Za-z0-9._-]+$" "household add prints the new code"
H1=$OUT
expect_eq "$(lines "$OUT")" 1 "household add prints one line"

run_ok household add --commune 23536 --code HX2 --created 2020-01-01 \
  --head-name "A Thoa" --head-sex Nam --head-birth 1980 \
  --head-ethnicity "Gia Rai"
expect_eq "$OUT" HX2 "household add --code uses the code"

run_ok --format json household add --commune 23530 --code HX3 \
  --created 2021-06-01 --head-name "Y Nhung" --head-sex Nữ --head-birth 1990
expect_eq "$OUT" $'{\n  "code": "HX3"\n}' "household add --format json"

run_ok member add "$H1" --name "Trần Thị Mai" --sex F --birth 1980-05-06 \
  --relation spouse --joined 2020-01-01
run_ok member add "$H1" --name "Nguyễn Văn An" --sex M --birth 2002 \
  --relation con
run_ok member add "$H1" --name "Nguyễn Thị Hoa" --sex F --birth 2004-09-10 \
  --relation child

# ---- show ----

run_ok household show "$H1"
expect_out "^code +$H1$" "show: code"
expect_out "^commune +23536$" "show: commune"
expect_out "^commune name +Xã Mô Rai$" "show: commune name"
expect_out "^village +Làng Trấp$" "show: village"
expect_out "^address +Làng Trấp, xã Mô Rai$" "show: address"
expect_out "^created on +2020-01-01$" "show: created on"
expect_out "^head +Nguyễn Văn Đức$" "show: head"
expect_out "^active members +4$" "show: active members"
expect_out "^dissolved on +-$" "show: not dissolved"
expect_out "^NO +NAME +SEX +BIRTH +RELATION +ETHNICITY +STATUS" \
  "show: members table header"
expect_out "^1 +Nguyễn Văn Đức +M +1978 +head +Kinh +active" "show: head row"
expect_out "^2 +Trần Thị Mai +F +1980 +spouse " "show: spouse row"
expect_out "^3 +Nguyễn Văn An +M +2002 +child " "show: relation 'con' is child"

run_ok household show HX2
expect_out "^1 +A Thoa +M +1980 +head +Gia-?[Rr]ai " \
  "show: Nam is M, ethnicity by name"

run_ok household show "$H1" --format json
check "household show --format json is valid JSON" valid_json
expect_out '"active_members": 4,' "json: active members is a number"
expect_out '^  "members": \[$' "json: nested members"
expect_out '\{"member_no": 4, "name": "Nguyễn Thị Hoa"' "json: member row"

run_ok household show "$H1" --format csv
expect_out '^code,commune,commune_name,village,address' "csv: household header"
expect_out '"Làng Trấp, xã Mô Rai"' "csv: quoted address"
expect_out '^member_no,name,sex,birth,relation' "csv: members header"

run_fail 1 "NOPE" household show NOPE

# ---- list ----

run_ok household list
expect_out "^CODE +COMMUNE +VILLAGE +HEAD +ACTIVE +DISSOLVED$" "list header"
expect_out "^$H1 +23536 +Làng Trấp +Nguyễn Văn Đức +4$" "list: household 1"
expect_out "^HX2 +23536 +A Thoa +1$" "list: household 2, no village"
expect_eq "$(lines "$OUT")" 4 "list: 3 households"
run_ok household list --commune 23536
expect_no_out "^HX3 " "list --commune filters"
run_ok household list --commune 23536 --village "Làng Trấp"
expect_eq "$(lines "$OUT")" 2 "list --village filters"
run_fail 2 "--village needs --commune" household list --village "Làng Trấp"
run_ok household list --format csv
expect_out "^code,commune,village,head,active_members,dissolved_on"$'\r'"$" \
  "list csv header"
run_ok household list --format json
check "household list --format json is valid JSON" valid_json

# ---- edit ----

run_ok household edit HX2 --village "Thôn 2" --phone "0912.345.678"
run_ok household show HX2
expect_out "^village +Thôn 2$" "edit: village"
expect_out "^phone +0912.345.678$" "edit: phone"
run_ok household edit "$H1" --notes ""
run_ok household show "$H1"
expect_out "^notes +-$" "edit: \"\" clears notes"
run_fail 2 "nothing to change" household edit HX2
run_unchanged 3 "phone" household edit HX2 --phone "call me"
run_unchanged 1 "village" household edit HX2 --village "Thôn 99"
run_unchanged 1 "NOPE" household edit NOPE --phone 123456

# ---- set-head ----

run_ok household set-head "$H1" 2 --old-head-relation spouse
run_ok household show "$H1"
expect_out "^head +Trần Thị Mai$" "set-head: new head"
expect_out "^1 +Nguyễn Văn Đức +M +1978 +spouse " "set-head: old head relation"
expect_out "^2 +Trần Thị Mai +F +1980 +head " "set-head: new head row"
run_unchanged 1 "member" household set-head "$H1" 9
run_fail 2 "member number" household set-head "$H1" x

# ---- split ----

run_ok household split "$H1" --members 3,4 --head 3 --date 2024-05-01 \
  --village "Thôn 2" --address "Thôn 2"
expect_out "^[A-Za-z0-9._-]+$" "split prints the new code"
H4=$OUT
run_ok household show "$H4"
expect_out "^split from +$H1$" "split: split from"
expect_out "^village +Thôn 2$" "split: village"
expect_out "^head +Nguyễn Văn An$" "split: new head"
expect_out "^active members +2$" "split: two members"
run_ok household show "$H1"
expect_out "^active members +2$" "split: source keeps two"
run_unchanged 3 "stay" household split HX2 --members 1 --head 1 \
  --date 2024-01-01
run_unchanged 3 "source|head" household split "$H1" --members 2 --head 2 \
  --date 2024-06-01
run_ok member add "$H1" --name "Nguyễn Văn Bình" --sex M --birth 2006 \
  --relation child
expect_out "^[0-9]+$" "member add prints the member number"
M5=$OUT
run_ok member add "$H1" --name "Phạm Thị Thu" --sex F --birth 2007 \
  --relation other
M6=$OUT
run_ok household split "$H1" --members "$M5" --members "$M6" --head "$M5" \
  --code HX6 --date 2024-06-01
expect_eq "$OUT" HX6 "split with repeated --members"
run_ok household show HX6
expect_out "^active members +2$" "split with repeated --members: both left"
run_fail 2 "--members" household split "$H1" --members 1,,2 --head 1
run_fail 2 "missing required option --head" household split "$H1" --members 1

# ---- dissolve ----

run_ok household add --commune 23536 --code HX7 --created 2020-01-01 \
  --head-name "Lê Văn Tám" --head-sex M --head-birth 1950
run_ok member add HX7 --name "Lê Thị Chín" --sex F --birth 1955 \
  --relation spouse
run_ok household dissolve HX7 --date 2025-03-01 --reason merged --into "$H4"
run_ok household show HX7
expect_out "^dissolved on +2025-03-01$" "dissolve: date"
expect_out "^dissolved because +merged$" "dissolve: reason"
expect_out "^merged into +$H4$" "dissolve: merged into"
run_ok household show "$H4"
expect_out "^active members +4$" "dissolve: members moved into the target"
run_ok household list
expect_no_out "^HX7 " "list hides dissolved households"
run_ok household list --all
expect_out "^HX7 +23536 +0 +2025-03-01$" "list --all shows them"
run_unchanged 3 "" household dissolve HX3 --date 2025-03-01 --reason merged
run_unchanged 3 "reason" household dissolve HX3 --date 2025-03-01 \
  --reason bored
run_unchanged 3 "date" household dissolve HX3 --date 2025-02-29 \
  --reason moved_away
run_unchanged 1 "NOPE" household dissolve NOPE --date 2025-03-01 \
  --reason other
run_ok household dissolve HX3 --date 2025-03-01 --reason moved_away
run_ok household show HX3
expect_out "^1 +Y Nhung +F +1990 +head +Kinh +moved_out +2025-03-01" \
  "dissolve moved_away: members moved out"
run_unchanged 3 "" member add HX3 --name "X" --sex M --birth 2000 \
  --relation child

finish
