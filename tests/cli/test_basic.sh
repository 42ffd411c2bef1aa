#!/usr/bin/env bash
# test_basic.sh: help, version, usage errors, init, units and villages.
# shellcheck source-path=SCRIPTDIR
. "$(dirname "$0")/lib.sh"

# ---- help and version (no ledger needed) ----

pv_raw --help
expect_eq "$RC" 0 "--help exits 0"
expect_out "^Usage: povreg \[OPTIONS\] COMMAND" "--help shows the synopsis"
expect_out "household split" "--help lists the commands"
expect_out "POVREG_DB" "--help names the environment variables"

pv_raw --version
expect_eq "$RC" 0 "--version exits 0"
expect_out "^povreg [0-9]+\.[0-9]+\.[0-9]+ \(schema [0-9]+\)$" "--version"

pv_raw help
expect_eq "$RC" 0 "help exits 0"
expect_out "^Commands:" "help lists the commands"

pv_raw help household add
expect_eq "$RC" 0 "help household add exits 0"
expect_out "^Usage: povreg household add" "help household add"

pv_raw help unit
expect_out "^  resolve " "help unit lists its subcommands"

# Every command and subcommand has --help with an example, exit 0.
for cmd in init "unit list" "unit show" "unit add" "unit close" "unit flag" \
  "unit resolve" "village add" "village list" "household add" \
  "household edit" "household show" "household list" "household set-head" \
  "household split" "household dissolve" "member add" "member edit" \
  "member show" "member move" "member leave" search demo; do
  # shellcheck disable=SC2086
  pv_raw $cmd --help
  if [[ $RC -eq 0 && $OUT == "Usage: povreg $cmd"* &&
    $OUT == *$'\nExample:\n  povreg '* && -z $ERR ]]; then
    ok "$cmd --help"
  else
    not_ok "$cmd --help" "expected exit 0, 'Usage: povreg $cmd', an example"
  fi
done
for group in unit village household member; do
  pv_raw "$group" --help
  if [[ $RC -eq 0 && $OUT == "Usage: povreg $group SUBCOMMAND"* &&
    $OUT == *$'\nExample:\n  povreg '* && -z $ERR ]]; then
    ok "$group --help"
  else
    not_ok "$group --help" "expected exit 0, the subcommands, an example"
  fi
done
pv_raw household --help
expect_out "^  set-head +make another member the head$" \
  "household --help lists the subcommands"
pv_raw --help
expect_out "^Exit status: 0 success, 1 " "--help explains the exit statuses"
check "--help needs no ledger" test ! -e "$LEDGER"

# ---- usage errors: exit 2, the problem, then the hint ----

pv_raw
check_fail "no command" 2 "no command given"
run_fail 2 "unknown command 'frobnicate'" frobnicate
run_fail 2 "unknown command 'unit frob'" unit frob
run_fail 2 "unknown option '--bogus'" unit list --bogus
expect_eq "$(tail -n 1 <<<"$ERR")" "Try 'povreg unit list --help'." \
  "the hint names the command"
pv_raw --bogus unit list
check_fail "unknown global option" 2 "unknown option '--bogus'"
run_fail 2 "unknown format 'xml'" --format xml unit list
run_fail 2 "needs a value" unit list --date
run_fail 2 "missing required option --source" \
  unit add 23999 --name X --kind commune
run_fail 2 "missing argument" unit show
run_fail 2 "unexpected argument 'extra'" unit show 23527 extra
run_fail 2 "given more than once" unit list --date 2020-01-01 --date 2021-01-01
run_fail 2 "takes no value" household list --all=yes
run_fail 2 "not a number" household set-head H1 two
run_fail 2 "not a number" search nguyen --limit 10x
pv_raw --db "$LEDGER" household
check_fail "a group without a subcommand" 2 "missing subcommand \(add, edit, show"
check "usage errors create no ledger" test ! -e "$LEDGER"

# ---- the ledger must exist ----

run_fail 1 "ledger.db: no such ledger \(run 'povreg init'\)" unit list
check "a failed open creates no file" test ! -e "$LEDGER"

# ---- init ----

run_ok init
expect_out "^ledger +$LEDGER$" "init prints the path"
expect_out "^schema version +[1-9][0-9]*$" "init prints the schema version"
check "init creates the ledger" test -s "$LEDGER"
dump_ledger "$T_DIR/init1"
run_ok init
dump_ledger "$T_DIR/init2"
check "a second init changes nothing" cmp -s "$T_DIR/init1" "$T_DIR/init2"
run_ok --format json init
check "init --format json is valid JSON" valid_json
expect_out '"schema_version": [0-9]+' "json numbers are bare"

# $POVREG_DB names the ledger.
RC=0
OUT=$(POVREG_DB=$LEDGER "$POVREG_BIN" --today "$TODAY" unit resolve 23527 2>&1) ||
  RC=$?
expect_eq "$RC:$OUT" "0:23527" "\$POVREG_DB names the ledger"

# ---- units: Sa Thầy before and after the 2025 reorganisation ----

run_ok unit list --parent 616 --date 2020-01-01
expect_eq "$(grep -cE '^235[0-9]{2} ' <<<"$OUT")" 11 "Sa Thầy had 11 communes in 2020"
expect_out "^23527 +commune +Thị trấn Sa Thầy +township +urban +616 " \
  "23527 was Thị trấn Sa Thầy, urban"
expect_out "^23545 +commune +Xã Sa Bình " "23545 Xã Sa Bình listed in 2020"

run_ok unit list --parent 616 --date 2026-01-01
expect_eq "$(lines "$OUT")" 1 "no commune under 616 in 2026 (header only)"

run_ok unit list --parent 51 --level commune --date 2026-01-01
expect_out "^23527 +commune +Xã Sa Thầy +commune +rural +51 +2025-07-01" \
  "23527 is Xã Sa Thầy, rural, from 2025-07-01"
expect_out "^23534 +commune +Xã Sa Bình " "23534 is the new Xã Sa Bình"
expect_no_out "^23545 " "23545 is gone in 2026"

# The default date is --today (2026-11-29).
run_ok unit list --parent 616
expect_eq "$(lines "$OUT")" 1 "unit list defaults to --today"

run_ok unit list --all --parent 616
expect_out "^23545 .* 2025-07-01 +2025-07-01 +23534" "--all lists closed versions"

run_ok unit show 23545
expect_out "^closed on +2025-07-01$" "unit show: closing date"
expect_out "^successor +23534$" "unit show: successor"
run_ok unit show 23527 --date 2020-01-01
expect_out "^name +Thị trấn Sa Thầy$" "unit show on 2020-01-01: name"
expect_out "^area +urban$" "unit show on 2020-01-01: urban"
run_ok unit show 23527 --date 2026-01-01 --format json
check "unit show --format json is valid JSON" valid_json
expect_out '"name": "Xã Sa Thầy"' "unit show on 2026-01-01: name"
expect_out '"area": "rural"' "unit show on 2026-01-01: rural"
run_fail 1 "23545" unit show 23545 --date 2026-01-01

run_ok unit resolve 23545 --date 2026-01-01
expect_eq "$OUT" 23534 "23545 resolves to 23534 in 2026"
run_ok unit resolve 23545 --date 2020-01-01
expect_eq "$OUT" 23545 "23545 stands for itself in 2020"
run_ok unit resolve 23554
expect_eq "$OUT" 23548 "resolve defaults to --today"

# CSV: header, CRLF line ends.
run_ok unit list --parent 616 --date 2020-01-01 --format csv
expect_eq "$(head -n 1 "$T_DIR/.out")" \
  $'code,level,name,kind,area,parent,valid_from,valid_to,closed_on,successor,flags\r' \
  "csv header row, CRLF"
expect_eq "$(grep -c $'\r$' "$T_DIR/.out")" 12 "every csv line ends in CRLF"
run_ok unit list --parent 616 --date 2020-01-01 --format json
check "unit list --format json is valid JSON" valid_json
expect_eq "$(grep -c '"code": "235' <<<"$OUT")" 11 "json: 11 objects"

# unit add / close / flag
run_ok unit add 23999 --name "Xã Thử" --kind commune --parent 51 \
  --from 2025-07-01 --source "test act"
run_ok unit show 23999
expect_out "^parent +51$" "unit add: parent"
run_ok unit flag 23536 especially_difficult --from 2021-01-01 --to 2026-01-01 \
  --source "QĐ 861/QĐ-TTg"
run_ok unit show 23536 --date 2022-06-01
expect_out "^flags +especially_difficult$" "unit flag: set on 2022"
run_ok unit show 23536 --date 2026-06-01
expect_out "^flags +-$" "unit flag: not after --to"
run_ok unit close 23999 --date 2026-01-01 --successor 23527 --source "test act"
run_ok unit resolve 23999 --date 2026-02-01
expect_eq "$OUT" 23527 "unit close: successor"
run_unchanged 3 "date" unit close 23536 --date 2023-02-30 --source x
run_unchanged 3 "flag" unit flag 23536 rich --from 2021-01-01 --source x
run_unchanged 3 "kind" unit add 23998 --name X --kind planet --source x

# ---- villages ----

run_ok village add --commune 23536 --name "Làng Trấp" --kind lang
expect_out "^[0-9]+$" "village add prints the new id"
run_ok village add --commune 23536 --name 'Thôn "Mới", 2'
run_ok village list --commune 23536
expect_out "^[0-9]+ +23536 +Làng Trấp +lang$" "village list"
# Columns line up by characters, not bytes ("Làng Trấp" has 9 characters
# and 12 bytes): the KIND column starts at the same character everywhere.
cols=$(while IFS= read -r line; do
  prefix=${line%%lang*}
  [[ $line == *lang ]] && echo "${#prefix}"
  prefix=${line%%KIND*}
  [[ $line == *KIND ]] && echo "${#prefix}"
done <<<"$OUT" | sort -u | wc -l)
expect_eq "$cols" 1 "table columns aligned by characters"
run_ok village list --format csv
expect_out '^[0-9]+,23536,"Thôn ""Mới"", 2",thon' "csv quotes per RFC 4180"
run_ok village list --format json
check "village list --format json is valid JSON" valid_json
expect_out '"name": "Thôn \\"Mới\\", 2"' "json escapes quotes"
run_unchanged 3 "name" village add --commune 23536 --name "Làng Trấp"
run_unchanged 1 "99999" village add --commune 99999 --name "Thôn 1"
run_unchanged 3 "kind" village add --commune 23536 --name "Thôn 9" --kind city

# ---- the operator is recorded in the audit log ----

last_operator() {
  sqlite3 "$LEDGER" "SELECT operator FROM audit ORDER BY id DESC LIMIT 1"
}
run_ok --operator "Cán bộ A" village add --commune 23530 --name "Thôn 1"
expect_eq "$(last_operator)" "Cán bộ A" "--operator is recorded"
RC=0
POVREG_OPERATOR="Cán bộ B" "$POVREG_BIN" --db "$LEDGER" --today "$TODAY" \
  village add --commune 23530 --name "Thôn 2" >/dev/null 2>&1 || RC=$?
expect_eq "$RC:$(last_operator)" "0:Cán bộ B" "\$POVREG_OPERATOR is recorded"
run_unchanged 3 "operator" --operator "$(printf 'x%.0s' {1..101})" \
  village add --commune 23530 --name "Thôn 3"

# ---- a full disk is an error, not silent success ----

if [[ -w /dev/full ]]; then
  RC=0
  "$POVREG_BIN" --db "$LEDGER" --today "$TODAY" unit list --all \
    >/dev/full 2>"$T_DIR/err" || RC=$?
  expect_eq "$RC:$(cat "$T_DIR/err")" "1:povreg: write error on standard output" \
    "a write error on stdout exits 1"
fi

finish
