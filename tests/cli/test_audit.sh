#!/usr/bin/env bash
# test_audit.sh: `povreg audit verify` and `povreg audit log` on the real
# binary.  The ledger is attacked with the sqlite3 shell (the append-only
# triggers dropped first, as an attacker would): an entry edited, removed,
# inserted, two swapped, a hash cleared, the tail truncated; each attack
# must fail the check with exit 1 and one line naming the first bad entry,
# its action and what is wrong; the truncation only with --expect.  A
# ledger at schema 10 with entries is chained when it is migrated.  The
# log's filters, formats and the masking of personal data.
# shellcheck source-path=SCRIPTDIR
. "$(dirname "$0")/lib.sh"

CID=062078001234
CID2=062180005678
BHXH=6212345678
OK_RE='^ok: [0-9]+ entries, head [0-9a-f]{64}'

run_ok init
run_ok household add --commune 23536 --code H1 --created 2020-01-01 \
  --head-name "Nguyễn Văn Đức" --head-sex M --head-birth 1978-03-04 \
  --head-citizen-id "$CID" --head-bhxh "$BHXH"
run_ok member add H1 --name "Trần Thị Mai" --sex F --birth 1980 \
  --relation spouse
run_ok household add --commune 23536 --code H10 --created 2020-01-01 \
  --head-name "Lê Văn An" --head-sex M --head-birth 1970-01-01
run_ok member edit H1 2 --citizen-id "$CID2"
# entries: 11 migrations, then 12 household.add H1, 13 member.add H1/1,
# 14 member.add H1/2, 15 household.add H10, 16 member.add H10/1,
# 17 member.edit H1/2
expect_eq "$(sqlite3 "$LEDGER" "SELECT max(id) || ' ' || count(hash) FROM audit")" \
  "17 17" "every entry has a hash"

# ---- verify -------------------------------------------------------------

run_ok audit verify
expect_out "$OK_RE\$" "verify: ok line"
expect_out "^ok: 17 entries, " "verify: 17 entries"
expect_eq "$(lines "$OUT")" 1 "verify: one line"
HEAD=$(sed -E 's/.*head ([0-9a-f]{64}).*/\1/' <<<"$OUT")
expect_eq "$HEAD" "$(sqlite3 "$LEDGER" "SELECT hash FROM audit WHERE id = 17")" \
  "verify: the head is the last entry's hash"
run_ok audit verify --expect "$HEAD"
expect_out "$OK_RE \(the expected head\)$" "verify --expect the head"
run_ok audit verify --expect "${HEAD^^}"
expect_out "\(the expected head\)$" "verify --expect in upper case"
run_ok --format json audit verify
expect_out "\"entries\": 17" "verify --format json"
check "verify --format json is valid JSON" valid_json
run_fail 2 "expect" audit verify --expect abc
run_fail 2 "expect" audit verify --expect "${HEAD:0:63}g"

# attack SQL...: copy the ledger to $T_DIR/x.db, drop the triggers there,
# run the SQL with the sqlite3 shell; LEDGER points at the copy after it.
MAIN=$LEDGER
attack() {
  LEDGER=$MAIN
  rm -f "$T_DIR/x.db"*
  sqlite3 "$MAIN" ".backup '$T_DIR/x.db'"
  LEDGER=$T_DIR/x.db
  sqlite3 "$LEDGER" "DROP TRIGGER audit_no_update; DROP TRIGGER audit_no_delete; $1"
}

# (a) one field of a middle entry edited
attack "UPDATE audit SET operator = 'mallory' WHERE id = 14"
run_fail 1 "^povreg: audit entry 14 \(member\.add\): changed after it was written" \
  audit verify
# povreg check reports the broken chain as a problem of kind audit
pv check
expect_eq "$RC" "1" "check exits 1 on a broken chain"
expect_out "^audit: audit entry 14 \(member\.add\): changed" \
  "check names the first bad entry"
attack "UPDATE audit SET new_value = replace(new_value, '1978-03-04', '1979-03-04') WHERE id = 13"
run_fail 1 "^povreg: audit entry 13 \(member\.add\): changed" audit verify
attack "UPDATE audit SET entity_key = '' WHERE id = 14"
run_fail 1 "audit entry 14 \(member\.add\): changed" audit verify
attack "UPDATE audit SET old_value = '' WHERE id = 15"
run_fail 1 "audit entry 15 \(household\.add\): changed" audit verify

# (b) an entry removed, then a run of them
attack "DELETE FROM audit WHERE id = 14"
run_fail 1 "^povreg: audit entry 14 removed: the log goes from entry 13 to entry 15 \(household\.add\)$" \
  audit verify
attack "DELETE FROM audit WHERE id BETWEEN 13 AND 15"
run_fail 1 "audit entries 13-15 removed" audit verify

# (c) a forged entry inserted (ids moved up to make room), one appended,
# two entries' contents swapped
attack "UPDATE audit SET id = -id WHERE id >= 14;
        UPDATE audit SET id = 1 - id WHERE id < 0;
        INSERT INTO audit VALUES (14, '2026-11-29T08:00:00.000Z', 'mallory',
          'member.add', 'member', 'H1/9', NULL, '{}', printf('%.64c', 'a'))"
run_fail 1 "^povreg: audit entry 14 \(member\.add\): does not chain from entry 13" \
  audit verify
attack "INSERT INTO audit VALUES (18, '2026-11-29T08:00:00.000Z', 'mallory',
          'household.add', 'household', 'H99', NULL, '{}', printf('%.64c', 'b'))"
run_fail 1 "audit entry 18 \(household\.add\), the last: does not match its hash" \
  audit verify
attack "CREATE TEMP TABLE s AS SELECT * FROM audit WHERE id IN (15, 16);
        UPDATE audit SET
          action = (SELECT action FROM s WHERE s.id = 31 - audit.id),
          entity_key = (SELECT entity_key FROM s WHERE s.id = 31 - audit.id),
          new_value = (SELECT new_value FROM s WHERE s.id = 31 - audit.id)
        WHERE id IN (15, 16)"
run_fail 1 "^povreg: audit entry 15 \(member\.add\): does not chain from entry 14" \
  audit verify

# (d) a hash cleared
attack "UPDATE audit SET hash = NULL WHERE id = 16"
run_fail 1 "^povreg: audit entry 16 \(member\.add\): has no hash" audit verify

# (e) the tail truncated: caught only against the head written down
attack "DELETE FROM audit WHERE id > 15"
run_ok audit verify
expect_out "^ok: 15 entries, " "truncated: the rest still chains"
run_fail 1 "^povreg: the expected head [0-9a-f]{12}\.\.\. is not in the audit chain \(15 entries, head [0-9a-f]{12}\.\.\.\): the log was truncated or rewritten$" \
  audit verify --expect "$HEAD"

LEDGER=$MAIN
# the attacks worked on copies: the ledger itself is sound
run_ok audit verify --expect "$HEAD"

# the log grows: the old head is still in the chain
run_ok household add --commune 23536 --code H2 --created 2021-01-01 \
  --head-name "Y Blao" --head-sex M --head-birth 1966
run_ok audit verify --expect "$HEAD"
expect_out "^ok: 19 entries, head [0-9a-f]{64} \(the expected head is entry 17; 2 entries written since\)$" \
  "verify --expect an earlier head"

# ---- a ledger at schema 10 is chained when migrated ------------------------

V10=$T_DIR/v10.db
sqlite3 "$MAIN" ".backup '$V10'"
sqlite3 "$V10" "DROP TRIGGER audit_no_update;
  ALTER TABLE audit DROP COLUMN hash;
  CREATE TRIGGER audit_no_update BEFORE UPDATE ON audit BEGIN
    SELECT RAISE(ABORT, 'audit log is append-only');
  END;
  PRAGMA user_version = 10;"
LEDGER=$V10
run_fail 1 "needs upgrading" audit verify
run_ok household list
run_ok audit verify
expect_out "^ok: 20 entries, " "schema 10 migrated: every entry chained"
expect_eq "$(sqlite3 "$V10" "SELECT count(hash) || ' ' || max(action) FROM audit WHERE id = 20")" \
  "1 schema.migrate" "the migration's own entry is the head"
LEDGER=$MAIN

# ---- log ------------------------------------------------------------------

run_ok audit log
expect_eq "$(grep -c '^[0-9]' <<<"$OUT")" 19 "log: every entry"
expect_out "^1  [0-9T:.-]+Z  [^ ]+  schema\.migrate  schema 0001_ledger_core\.sql$" \
  "log: text line of an entry"
expect_out "^12  [0-9T:.-]+Z  [^ ]+  household\.add  household H1$" \
  "log: household.add H1"
expect_out '^    new: \{"code":"H1",' "log: the new value under the entry"
expect_out '^    old: \{"household":"H1","member_no":2,' "log: the old value"

run_ok audit log --household H1
expect_eq "$(grep -E '^[0-9]' <<<"$OUT" | awk '{print $4, $6}' | tr '\n' ';')" \
  "household.add H1;member.add H1/1;member.add H1/2;member.edit H1/2;" \
  "log --household H1: its entries only, not H10's"
run_ok audit log --household H10
expect_eq "$(grep -cE '^[0-9]' <<<"$OUT")" 2 "log --household H10"
run_ok audit log --household H7
expect_eq "$OUT" "" "log --household of no household: nothing"

run_ok audit log --limit 2
expect_eq "$(grep -E '^[0-9]' <<<"$OUT" | awk '{print $1}' | tr '\n' ' ')" \
  "18 19 " "log --limit 2: the latest two, oldest first"
DAY=$(sqlite3 "$LEDGER" "SELECT substr(at, 1, 10) FROM audit WHERE id = 19")
NEXT=$(sqlite3 "$LEDGER" "SELECT date('$DAY', '+1 day')")
run_ok audit log --since "$DAY"
expect_out "^19  " "log --since the day of the last entry includes it"
run_ok audit log --since "$NEXT"
expect_eq "$OUT" "" "log --since the next day: nothing"
run_unchanged 3 "^povreg: since: " audit log --since 2025-02-30
run_unchanged 3 "^povreg: household: " audit log --household "H 1"
run_fail 2 "limit" audit log --limit -1

for fmt in csv json; do
  run_ok --format "$fmt" audit log --household H1
  save "log.$fmt"
done
check "log --format csv: 4 rows" csv_ok "$T_DIR/log.csv" 4
check "log --format json is valid JSON" json_ok "$T_DIR/log.json"
run_ok --format csv audit log --limit 1
expect_out "^id,at,operator,action,entity,entity_key,old_value,new_value,hash" \
  "log --format csv: header"
expect_out ",[0-9a-f]{64}.?$" "log --format csv: the chain hash"

# ---- personal data --------------------------------------------------------

# no_personal_data DESC: the last output shows none of the secrets.
no_personal_data() {
  expect_no_out "$CID|$CID2|$BHXH|1978-03-04" "$1"
}
for fmt in table csv json; do
  run_ok --format "$fmt" audit log --household H1
  no_personal_data "log ($fmt) masks personal data"
  expect_out '\*{8}1234' "log ($fmt): citizen ID as ********1234"
  expect_out '\*{6}5678' "log ($fmt): BHXH as ******5678"
done
run_ok audit log --household H1
expect_out '"birth_date":"1978",' "log: birth date as its year"
for flag in --show-personal --reveal; do
  run_ok audit log --household H1 "$flag"
  expect_out "\"citizen_id\":\"$CID\"" "log $flag: citizen ID in full"
  expect_out "\"bhxh_no\":\"$BHXH\"" "log $flag: BHXH in full"
  expect_out '"birth_date":"1978-03-04"' "log $flag: birth date in full"
  expect_out "\"citizen_id\":\"$CID2\"" "log $flag: the edited ID in full"
done
run_fail 2 "show-personal and --redact exclude each other" \
  audit log --household H1 --show-personal --redact
run_ok audit log --household H1 --redact
no_personal_data "log --redact masks personal data"

finish
