#!/usr/bin/env bash
# test_member.sh: member add, edit, show, move and leave.
# shellcheck source-path=SCRIPTDIR
. "$(dirname "$0")/lib.sh"

run_ok init
run_ok household add --commune 23536 --code H1 --created 2020-01-01 \
  --head-name "Nguyễn Văn Đức" --head-sex M --head-birth 1978-03-04
run_ok household add --commune 23536 --code H2 --created 2020-01-01 \
  --head-name "Rơ Châm Hyơk" --head-sex F --head-birth 1982 \
  --head-ethnicity "Gia Rai"

# ---- add ----

run_ok member add H1 --name "Trần Thị Mai" --sex Nữ --birth 1980-05-06 \
  --relation vợ --citizen-id 062180005678 --bhxh 6212345678 \
  --joined 2020-01-01
expect_eq "$OUT" 2 "member add prints the member number"
run_ok member add H1 --name "Nguyễn Văn An" --sex M --birth 2002 \
  --relation child --ethnicity 01
expect_eq "$OUT" 3 "member numbers count up"
run_ok --format json member add H1 --name "Nguyễn Thị Hoa" --sex F \
  --birth 2004 --relation child
expect_eq "$OUT" $'{\n  "member_no": 4\n}' "member add --format json"
run_fail 2 "missing required option --relation" \
  member add H1 --name X --sex M --birth 2000
run_unchanged 1 "NOPE" member add NOPE --name X --sex M --birth 2000 \
  --relation child

# ---- show ----

run_ok member show H1 2 --reveal
expect_out "^household +H1$" "show: household"
expect_out "^member no +2$" "show: member no"
expect_out "^name +Trần Thị Mai$" "show: name"
expect_out "^sex +F$" "show: Nữ stored as F"
expect_out "^birth +1980-05-06$" "show --reveal: full birth date"
expect_out "^relation +spouse$" "show: vợ stored as spouse"
expect_out "^ethnicity code +01$" "show: ethnicity code"
expect_out "^status +active$" "show: status"
expect_out "^joined on +2020-01-01$" "show: joined on"
run_ok member show H1 2 --format json
check "member show --format json is valid JSON" valid_json
expect_out '^  "member_no": 2,$' "json: member_no is a number"
run_fail 1 "member" member show H1 9
run_fail 2 "member number" member show H1 two

# ---- edit ----

run_ok member edit H1 3 --name "Nguyễn Văn Ân" --birth 2002-07-08 \
  --citizen-id 062202001111
run_ok member show H1 3 --reveal
expect_out "^name +Nguyễn Văn Ân$" "edit: name"
expect_out "^birth +2002-07-08$" "edit: birth"
expect_out "^citizen id +062202001111$" "edit: citizen id"
run_ok member edit H1 3 --citizen-id ""
run_ok member show H1 3 --reveal
expect_out "^citizen id +-$" "edit: \"\" clears the citizen id"
run_fail 2 "nothing to change" member edit H1 3
run_unchanged 3 "relation|head" member edit H1 3 --relation head
run_unchanged 3 "relation|head" member edit H1 1 --relation child
run_unchanged 3 "birth" member edit H1 3 --birth 2030
run_unchanged 3 "sex" member edit H1 3 --sex X

# ---- move ----

run_ok member move H1 4 --to H2 --relation other --date 2025-01-01
expect_eq "$OUT" 2 "move prints the number in the new household"
run_ok member show H2 2
expect_out "^name +Nguyễn Thị Hoa$" "move: member is in H2"
run_ok household show H1
expect_out "^active members +3$" "move: H1 has 3 left"
run_unchanged 3 "relation" member move H1 3 --to H2 --relation head \
  --date 2025-01-01
run_unchanged 1 "NOPE" member move H1 3 --to NOPE --relation child \
  --date 2025-01-01
run_unchanged 3 "head|source" member move H1 1 --to H2 --relation other \
  --date 2025-01-01
run_ok member move H1 1 --to H2 --relation spouse --date 2025-02-01 \
  --source-head 2
run_ok household show H1
expect_out "^head +Trần Thị Mai$" "move of the head with --source-head"

# ---- leave ----

run_ok member leave H1 3 --status moved_out --date 2025-03-01
run_ok member show H1 3
expect_out "^status +moved_out$" "leave: status"
expect_out "^status since +2025-03-01$" "leave: date"
run_ok household show H1
expect_out "^active members +1$" "leave: one left in H1"
expect_out "^3 +Nguyễn Văn Ân +M +2002 +child +Kinh +moved_out +2025-03-01" \
  "leave: former members still shown"
run_unchanged 3 "status" member leave H1 2 --status vanished \
  --date 2025-03-01
run_unchanged 3 "head" member leave H2 1 --status died --date 2025-04-01
run_ok member leave H2 1 --status died --date 2025-04-01 --new-head 3
run_ok household show H2
expect_out "^head +Nguyễn Văn Đức$" "leave with --new-head"
# The last member leaves: the household is dissolved.
run_ok member leave H1 2 --status moved_out --date 2025-05-01
run_ok household show H1
expect_out "^dissolved on +2025-05-01$" "last member left: dissolved"
expect_out "^dissolved because +no_members$" "last member left: no_members"

# The default date is --today.
run_ok member leave H2 2 --status moved_out
run_ok member show H2 2
expect_out "^status since +$TODAY$" "leave defaults to --today"

finish
