#!/usr/bin/env bash
# test_demo.sh: povreg demo builds the Sa Thầy ledger and says what it
# holds; the same seed gives the same ledger.
# shellcheck source-path=SCRIPTDIR
. "$(dirname "$0")/lib.sh"

D=$T_DIR/demo/sub
pv_raw --today "$TODAY" demo "$D"
expect_eq "$RC" 0 "demo exits 0"
expect_eq "$ERR" "" "demo prints nothing on stderr"
check "demo creates DIR and DIR/povreg-demo.db" test -s "$D/povreg-demo.db"
expect_out "^COMMUNE +NAME \(2016\) +AREA +VILLAGES +HOUSEHOLDS +MEMBERS$" \
  "demo: summary header"
expect_eq "$(grep -cE '^235[0-9]{2} ' <<<"$OUT")" 11 "demo: the 11 communes"
expect_out "^23527 +Thị trấn Sa Thầy +urban +[1-9][0-9]* +[1-9][0-9]* +[1-9][0-9]*$" \
  "demo: Thị trấn Sa Thầy, urban, with villages, households, members"
expect_out "^23545 +Xã Sa Bình +rural " "demo: Xã Sa Bình"
expect_out "^ +total +[0-9]+ +[0-9]+ +[0-9]+$" "demo: totals"
expect_out "^Ledger: $D/povreg-demo.db$" "demo: names the ledger"
expect_out "^  povreg --db $D/povreg-demo.db search " "demo: search hint"
expect_out "^  povreg --db $D/povreg-demo.db household show " \
  "demo: household show hint"

DEMO_OUT=$OUT

# The totals add up, and match household list.
sum=$(awk '/^235[0-9][0-9] / { h += $(NF-1) } END { print h }' <<<"$OUT")
total=$(awk '/^ +total / { print $(NF-1) }' <<<"$OUT")
expect_eq "$sum" "$total" "demo: total households is the sum"
LEDGER=$D/povreg-demo.db
run_ok household list
expect_eq "$(($(lines "$OUT") - 1))" "$total" "demo: household list agrees"

# The hints work.
hint_code=$(sed -n 's/^  povreg --db .* household show //p' <<<"$DEMO_OUT")
hint_query=$(sed -n "s/^  povreg --db .* search //p" <<<"$DEMO_OUT" | tr -d "'")
run_ok household show "$hint_code"
expect_out "^active members +[1-9]" "demo: the hinted household has members"
run_ok search "$hint_query"
expect_out "^$hint_code +1 " "demo: the hinted search finds its head"
run_ok search nguyen --limit 5
expect_eq "$(lines "$OUT")" 6 "demo: search nguyen finds people"

# Running it again refuses to add a second sample.
dump_ledger "$T_DIR/before"
pv_raw --today "$TODAY" demo "$D"
check_fail "demo on a filled ledger" 3 "."
dump_ledger "$T_DIR/after"
check "demo on a filled ledger changes nothing" \
  cmp -s "$T_DIR/before" "$T_DIR/after"

# Same seed, same ledger; --db overrides DIR.
pv_raw --today "$TODAY" --db "$T_DIR/a.db" demo --seed 7 \
  --households-per-commune 3
expect_eq "$RC" 0 "demo --seed 7 --db a.db"
check "--db names the demo ledger" test -s "$T_DIR/a.db"
check "--db: no povreg-demo.db in ." test ! -e povreg-demo.db
pv_raw --today "$TODAY" --db "$T_DIR/b.db" demo --seed 7 \
  --households-per-commune 3
LEDGER=$T_DIR/a.db
pv household list --all --format csv
a=$OUT
pv search nguyen --format csv
a+=$OUT
LEDGER=$T_DIR/b.db
pv household list --all --format csv
b=$OUT
pv search nguyen --format csv
b+=$OUT
check "same seed, same households and members" test "$a" == "$b"
expect_eq "$(($(lines "$a") > 10))" 1 "the seeded ledger is not empty"

# JSON summary
pv_raw --today "$TODAY" --db "$T_DIR/c.db" --format json demo \
  --households-per-commune 1
expect_eq "$RC" 0 "demo --format json"
check "demo --format json is valid JSON" valid_json
expect_no_out "^Try:" "no hints in json"

# Bad options
pv_raw --today "$TODAY" demo "$T_DIR/x" --seed abc
check_fail "demo --seed abc" 2 "--seed"
check "a usage error creates no directory" test ! -e "$T_DIR/x"
pv_raw --today "$TODAY" demo "$T_DIR/x" --households-per-commune 0
check_fail "demo --households-per-commune 0" 3 "."
: >"$T_DIR/file"
pv_raw --today "$TODAY" demo "$T_DIR/file"
check_fail "demo into a file" 1 "file"

finish
