#!/usr/bin/env bash
# test_import.sh: "povreg import households|members|survey": the fixtures
# of tests/data/cli (households of Xã Mô Rai 23536, Xã Rơ Kơi 23530 and
# Xã Ia Đal 23535, their members, their surveys of 2024 and 2025), the
# summary lines, --dry-run (ledger byte for byte unchanged), re-import
# (nothing changed), the same file saved by Excel (BOM, ';', CRLF), a
# corrected file, standard input, --format json, the audit entry and
# import log, and a corpus of bad files: each error line printed exactly,
# exit 3, and the ledger unchanged.
# shellcheck source-path=SCRIPTDIR
. "$(dirname "$0")/lib.sh"

DATA=$(cd "${POVREG_SOURCE_DIR:-$(dirname "$0")/../..}/tests/data/cli" &&
  pwd) || exit 1
# Work next to copies of the fixtures, so file names in messages are short.
cp -R "$DATA"/. "$T_DIR"/ || exit 1
cd "$T_DIR" || exit 1

# pv_in FILE ARGS...: pv with standard input read from FILE.
pv_in() {
  local file=$1
  shift
  RC=0
  "$POVREG_BIN" --db "$LEDGER" --today "$TODAY" "$@" <"$file" \
    >"$T_DIR/.out" 2>"$T_DIR/.err" || RC=$?
  OUT=$(<"$T_DIR/.out")
  ERR=$(<"$T_DIR/.err")
}

# ledger_same DESC: the ledger's dump must equal $T_DIR/.before.
ledger_same() {
  dump_ledger "$T_DIR/.after"
  if cmp -s "$T_DIR/.before" "$T_DIR/.after"; then
    ok "$1"
  else
    not_ok "$1" "$(diff "$T_DIR/.before" "$T_DIR/.after" | head -20)"
  fi
}

# refused EXPECTED_STDERR ARGS...: povreg ARGS must exit 3 with nothing on
# stdout, exactly EXPECTED_STDERR on stderr, and the ledger unchanged.
refused() {
  local want=$1 desc
  shift
  desc="$(describe "$@") is refused"
  dump_ledger "$T_DIR/.before"
  pv "$@"
  if [[ $RC -ne 3 ]]; then
    not_ok "$desc" "expected exit 3"
  elif [[ -n $OUT ]]; then
    not_ok "$desc" "expected nothing on stdout"
  elif [[ $ERR != "$want" ]]; then
    not_ok "$desc" "expected stderr:" "$want"
  else
    ok "$desc"
  fi
  ledger_same "ledger unchanged after: $desc"
}

# count SQL: the single value of a query on the ledger.
count() {
  sqlite3 "$LEDGER" "$1"
}

# sha FILE: the SHA-256 of a file, lower-case hex.
sha() {
  sha256sum "$1" | cut -d' ' -f1
}

# ---- help and usage ----

run_ok import --help
expect_out "^  households +import households from a CSV file$" \
  "import --help lists households"
for k in households members survey; do
  run_ok import "$k" --help
  expect_out "^Usage: povreg import $k FILE \[--dry-run\] \[--ignore-extra\]" \
    "import $k --help shows its usage"
  expect_out "^Example:" "import $k --help has an example"
done
run_ok help import members
expect_out "^Usage: povreg import members FILE" "povreg help import members"
run_ok --help
expect_out "^  import households +import households from a CSV file$" \
  "povreg --help lists import households"

run_fail 1 "no such ledger" import households households.csv
check "no ledger created by a failed import" test ! -e "$LEDGER"
run_ok init
run_fail 2 "^povreg: missing subcommand \(households, members, survey\)$" import
run_fail 2 "^povreg: unknown command 'import people'$" import people x.csv
run_fail 2 "^povreg: missing argument$" import households
run_fail 2 "^povreg: unexpected argument 'b.csv'$" \
  import households a.csv b.csv
run_fail 2 "^povreg: unknown option '--new-villages'$" \
  import members members.csv --new-villages
run_unchanged 1 "^povreg: nosuch.csv: No such file or directory$" \
  import households nosuch.csv

# ---- households: villages must exist, unless --new-villages ----

H_ERR="households.csv:2:village: commune 23536 has no village 'Làng Trấp' \
(add it, or import with --new-villages)
households.csv:3:village: commune 23536 has no village 'Làng Trấp' \
(add it, or import with --new-villages)
households.csv:4:village: commune 23536 has no village 'Thôn 2' \
(add it, or import with --new-villages)
households.csv:5:village: commune 23530 has no village 'Làng Rơ Kơi' \
(add it, or import with --new-villages)
households.csv:6:village: commune 23535 has no village 'Thôn 5' \
(add it, or import with --new-villages)
povreg: households.csv: 5 errors, nothing imported"
refused "$H_ERR" import households households.csv

H_SHA=$(sha households.csv)
dump_ledger "$T_DIR/.before"
run_ok import households households.csv --new-villages --dry-run
expect_eq "$OUT" "households.csv (dry run, nothing written): 5 rows: \
5 would be added, 0 would be changed, 0 unchanged; \
4 new villages would be created (sha256 $H_SHA)" "dry run summary"
ledger_same "a dry run writes nothing (audit and import log included)"

run_ok import households households.csv --new-villages
expect_eq "$OUT" "households.csv: 5 rows: 5 added, 0 changed, 0 unchanged; \
4 new villages created (sha256 $H_SHA)" "households imported"
expect_eq "$(count "SELECT count(*) FROM household")" 5 "5 households"
expect_eq "$(count "SELECT group_concat(name, '|') FROM (SELECT name FROM \
village ORDER BY id)")" "Làng Trấp|Thôn 2|Làng Rơ Kơi|Thôn 5" \
  "the 4 villages were created"
expect_eq "$(count "SELECT address || '/' || phone FROM household WHERE \
code = 'MR-001'")" "Thôn 1, xã Mô Rai/0912345678" \
  "a quoted field with a comma"
expect_eq "$(count "SELECT notes FROM household WHERE code = 'MR-003'")" \
  'nhà "sàn" gỗ' "a quoted field with doubled quotes"
expect_eq "$(count "SELECT action || ' ' || entity_key || ' ' || new_value \
FROM audit WHERE entity = 'import'")" "import.households households.csv \
{\"file\":\"households.csv\",\"sha256\":\"$H_SHA\",\"rows\":5,\"added\":5,\
\"changed\":0,\"unchanged\":0}" "one audit entry with the file's SHA-256"
expect_eq "$(count "SELECT kind, file_name, sha256, rows, added, changed, \
unchanged FROM import_log")" "households|households.csv|$H_SHA|5|5|0|0" \
  "one import_log row"
expect_eq "$(count "SELECT count(*) FROM audit WHERE action LIKE \
'household.%'")" 0 "added rows are not audited one by one"

dump_ledger "$T_DIR/.before"
run_ok import households households.csv
expect_eq "$OUT" "households.csv: 5 rows, nothing changed" \
  "re-import: nothing changed"
ledger_same "re-import writes nothing"
run_ok import households households-excel.csv
expect_eq "$OUT" "households-excel.csv: 5 rows, nothing changed" \
  "the same file saved by Excel (BOM, ';', CRLF) changes nothing"
ledger_same "the Excel file writes nothing"

# ---- members ----

M_SHA=$(sha members.csv)
dump_ledger "$T_DIR/.before"
run_ok import members members.csv --dry-run
expect_eq "$OUT" "members.csv (dry run, nothing written): 12 rows: \
12 would be added, 0 would be changed, 0 unchanged (sha256 $M_SHA)" \
  "members dry run"
ledger_same "members dry run writes nothing"
run_ok import members members.csv
expect_eq "$OUT" "members.csv: 12 rows: 12 added, 0 changed, 0 unchanged \
(sha256 $M_SHA)" "members imported"
expect_eq "$(count "SELECT group_concat(x, ' ') FROM (SELECT sex || ':' || \
relation || ':' || ethnicity_code AS x FROM member m JOIN household h ON \
h.id = m.household_id WHERE h.code = 'MR-002' ORDER BY member_no)")" \
  "M:head:14 F:spouse:14 M:child:14" \
  "chủ hộ is head; Xơ-đăng (by name) and 14 (by code) are one group"
expect_eq "$(count "SELECT sex || ' ' || birth_date FROM member m JOIN \
household h ON h.id = m.household_id WHERE h.code = 'MR-001' AND \
member_no = 2")" "F 1985" "Nữ is F; a birth year alone is kept"
expect_eq "$(count "SELECT status || ' ' || status_on FROM member WHERE \
full_name = 'Hồ Thị Lài'")" "died 2024-06-01" "status and status_on"
expect_eq "$(count "SELECT count(*) FROM member WHERE relation = 'head' AND \
status = 'active'")" 5 "every household has one active head"
dump_ledger "$T_DIR/.before"
run_ok import members members.csv
expect_eq "$OUT" "members.csv: 12 rows, nothing changed" \
  "members re-import: nothing changed"
ledger_same "members re-import writes nothing"

# ---- survey (no review needs to be open) ----

S_SHA=$(sha survey.csv)
run_ok import survey survey.csv
expect_eq "$OUT" "survey.csv: 4 rows: 4 added, 0 changed, 0 unchanged \
(sha256 $S_SHA)" "surveys imported"
expect_eq "$(count "SELECT count(*) FROM survey")" 4 "4 surveys"
run_ok classify --household MR-002 --year 2026
expect_out "^class +poor$" "an imported survey classifies (1.2M, D=4)"
expect_out "^survey of review +2025$" "the survey of review year 2025"
run_ok classify --household RK-001 --year 2026
expect_out "^class +near_poor$" "RK-001 near-poor (1.4M, D=1)"
run_ok import survey survey.csv
expect_eq "$OUT" "survey.csv: 4 rows, nothing changed" \
  "survey re-import: nothing changed"

# ---- a corrected file updates what changed; an empty cell keeps ----

a0=$(count "SELECT count(*) FROM audit")
run_ok import households households-v2.csv
expect_eq "$OUT" "households-v2.csv: 5 rows: 0 added, 1 changed, \
4 unchanged (sha256 $(sha households-v2.csv))" "one household changed"
expect_eq "$(count "SELECT address || '/' || phone FROM household WHERE \
code = 'MR-002'")" "Nhà 12, Làng Trấp/0987654321" "the correction landed"
expect_eq "$(count "SELECT phone FROM household WHERE code = 'MR-001'")" \
  "0912345678" "an empty cell never erases a stored value"
expect_eq "$(count "SELECT count(*) FROM audit")" $((a0 + 2)) \
  "audited: the import and the one changed row"
run_ok import members members-v2.csv
expect_eq "$OUT" "members-v2.csv: 12 rows: 0 added, 1 changed, 11 unchanged \
(sha256 $(sha members-v2.csv))" "one member changed"
expect_eq "$(count "SELECT birth_date FROM member WHERE full_name = \
'Trần Thị Mai'")" "1985-07-07" "the full birth date replaced the year"
run_ok import households households.csv
expect_eq "$OUT" "households.csv: 5 rows, nothing changed" \
  "the old file again: its empty cells keep the corrected values"
expect_eq "$(count "SELECT address FROM household WHERE code = 'MR-002'")" \
  "Nhà 12, Làng Trấp" "MR-002 keeps its corrected address"

# ---- standard input, --format ----

pv_in members.csv import members -
check "import members - reads standard input" test "$RC" -eq 0 -a -z "$ERR"
expect_eq "$OUT" "-: 12 rows: 0 added, 1 changed, 11 unchanged \
(sha256 $M_SHA)" "standard input is named '-'"
pv_in bad/unknown-household.csv import members -
expect_eq "$RC:$ERR" "3:-:2:household_code: no household 'XX-404'
povreg: -: 1 error, nothing imported" "errors on standard input"
pv import members members.csv --dry-run --format json
check "import --format json is valid JSON" valid_json
expect_out '"dry_run": "yes",' "JSON: dry run"
expect_out '"rows": 12,' "JSON: rows"
expect_out "\"sha256\": \"$M_SHA\"" "JSON: sha256"
pv import households households.csv --format csv
expect_eq "$OUT" "file,dry_run,rows,added,changed,unchanged,villages_added,\
sha256"$'\r\n'"households.csv,no,5,0,0,5,0,$H_SHA"$'\r' "CSV summary"

# ---- --ignore-extra ----

refused "bad/extra-column.csv:1:color: unknown column (--ignore-extra skips \
unknown columns)
povreg: bad/extra-column.csv: 1 error, nothing imported" \
  import households bad/extra-column.csv
run_ok import households bad/extra-column.csv --ignore-extra
expect_eq "$OUT" "bad/extra-column.csv: 1 row: 1 added, 0 changed, \
0 unchanged (sha256 $(sha bad/extra-column.csv))" \
  "--ignore-extra imports the known columns"

# ---- the corpus of bad files ----

refused "bad/unknown-commune.csv:2:commune_code: no commune '99999' on \
2026-11-29
povreg: bad/unknown-commune.csv: 1 error, nothing imported" \
  import households bad/unknown-commune.csv
refused "bad/commune-change.csv:2:commune_code: cannot change (household \
MR-001 is registered in 23536; a move between communes is a new household)
povreg: bad/commune-change.csv: 1 error, nothing imported" \
  import households bad/commune-change.csv
refused "bad/missing-column.csv:1: missing required column address
povreg: bad/missing-column.csv: 1 error, nothing imported" \
  import households bad/missing-column.csv
refused "bad/duplicate-code.csv:4:household_code: household XX-001 is also \
on line 2
povreg: bad/duplicate-code.csv: 1 error, nothing imported" \
  import households bad/duplicate-code.csv
refused "bad/unterminated-quote.csv:3:village: quoted field not closed at \
the end of the file
povreg: bad/unterminated-quote.csv: 1 error, nothing imported" \
  import households bad/unterminated-quote.csv
refused "bad/column-count.csv:3: 2 fields, the header has 4
povreg: bad/column-count.csv: 1 error, nothing imported" \
  import households bad/column-count.csv
refused "bad/empty.csv:1: no header (the file is empty)
povreg: bad/empty.csv: 1 error, nothing imported" \
  import households bad/empty.csv
refused "bad/header-only.csv:1: no data rows (the file has only its header)
povreg: bad/header-only.csv: 1 error, nothing imported" \
  import households bad/header-only.csv
refused "bad/bad-utf8.csv:2:address: invalid UTF-8 at byte 3 (save the file \
as CSV UTF-8)
povreg: bad/bad-utf8.csv: 1 error, nothing imported" \
  import households bad/bad-utf8.csv
refused "bad/bad-dates.csv:2:birth_date: in the future (today is 2026-11-29)
bad/bad-dates.csv:3:birth_date: not a date YYYY-MM-DD or a year YYYY
povreg: bad/bad-dates.csv: 2 errors, nothing imported" \
  import members bad/bad-dates.csv
refused "bad/two-heads.csv:2:relation: member 1 is already the head of \
household MR-001 (use povreg household set-head to change it)
povreg: bad/two-heads.csv: 1 error, nothing imported" \
  import members bad/two-heads.csv
refused "bad/taken-citizen-id.csv:2:citizen_id: already recorded for another \
person (household MR-001, member 1)
povreg: bad/taken-citizen-id.csv: 1 error, nothing imported" \
  import members bad/taken-citizen-id.csv
check "the taken citizen ID is not repeated in the message" \
  test "${ERR/062080001234/}" == "$ERR"
refused "bad/unknown-household.csv:2:household_code: no household 'XX-404'
povreg: bad/unknown-household.csv: 1 error, nothing imported" \
  import members bad/unknown-household.csv
refused "bad/bad-income.csv:2:income_per_capita: must not be negative
bad/bad-income.csv:3:income_per_capita: must be a whole number in plain \
digits (no sign, separators or decimals; at most 15 digits)
povreg: bad/bad-income.csv: 2 errors, nothing imported" \
  import survey bad/bad-income.csv
refused "bad/bad-income.csv:2:income_per_capita: must not be negative
bad/bad-income.csv:3:income_per_capita: must be a whole number in plain \
digits (no sign, separators or decimals; at most 15 digits)
povreg: bad/bad-income.csv: 2 errors, nothing imported" \
  import survey bad/bad-income.csv --dry-run

# More errors than the limit: the first 100 are shown.
{
  echo "household_code,commune_code,village,address"
  for i in $(seq 1 150); do
    echo "ZZ-$i,99999,,"
  done
} >many.csv
dump_ledger "$T_DIR/.before"
pv import households many.csv
expect_eq "$RC" 3 "150 bad rows: exit 3"
expect_eq "$(lines "$ERR")" 101 "100 error lines and the closing line"
expect_eq "$(tail -n 1 <<<"$ERR")" \
  "povreg: many.csv: first 100 errors shown, nothing imported" \
  "the closing line says the list was cut"
expect_eq "$(head -n 1 <<<"$ERR")" \
  "many.csv:2:commune_code: no commune '99999' on 2026-11-29" \
  "the first error comes first"
ledger_same "ledger unchanged after 150 bad rows"

finish
