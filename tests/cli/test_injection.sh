#!/usr/bin/env bash
# test_injection.sh: hostile text reaches SQL only as bound values.
# Households, members and surveys are imported (and added, edited and
# searched for on the command line) with names, codes, addresses, notes,
# village names, enumerators and sources such as "'); DROP TABLE
# household;--", '" OR 1=1 --', "%s%n", backslashes and quotes.  Each is
# stored byte for byte as text (compared as hex), or refused with a
# message naming the field where the field's rules forbid it (codes,
# phone numbers, citizen IDs, control characters); a refused file changes
# nothing.  Afterwards every table, index and trigger still exists, the
# integrity check passes and the audit log only grew.
# shellcheck source-path=SCRIPTDIR
. "$(dirname "$0")/lib.sh"

cd "$T_DIR" || exit 1

S1="'); DROP TABLE household;--"
S2='" OR 1=1 --'
S3='%s%n%x%p%%'
S4="C:\\temp\\new \\\\ ' \\\" end"
S5="Robert'); DELETE FROM audit; --"
S6="x' UNION SELECT citizen_id FROM member --"

# q TEXT: TEXT as one quoted CSV field.
q() {
  local s=${1//\"/\"\"}
  printf '"%s"' "$s"
}

# hex TEXT: TEXT as upper-case hex, as SQLite's hex() writes it.
hex() {
  printf '%s' "$1" | od -An -tx1 | tr -d ' \n' | tr 'a-f' 'A-F'
}

# stored SQL TEXT DESC: the one value SQL selects (as hex(...)) must be
# exactly TEXT.
stored() {
  local got
  got=$(sqlite3 "$LEDGER" "$1")
  expect_eq "$got" "$(hex "$2")" "$3"
}

# schema: every table, index, trigger and view of the ledger.
schema() {
  sqlite3 "$LEDGER" "SELECT type || ' ' || name FROM sqlite_schema
    WHERE name NOT LIKE 'sqlite_stat%' ORDER BY type, name"
}

# refused_file CODE COLUMN-REGEX ARGS...: an import that must fail with
# exit 3, an error line naming the column, and leave the ledger as it was.
refused_file() {
  local re=$1 desc
  shift
  desc="$(describe "$@") is refused"
  dump_ledger "$T_DIR/.before"
  pv "$@"
  if [[ $RC -ne 3 ]]; then
    not_ok "$desc" "expected exit 3"
  elif ! grep -qE -- "$re" <<<"$ERR"; then
    not_ok "$desc" "stderr does not match /$re/"
  else
    ok "$desc"
  fi
  dump_ledger "$T_DIR/.after"
  if cmp -s "$T_DIR/.before" "$T_DIR/.after"; then
    ok "ledger unchanged after: $desc"
  else
    not_ok "ledger unchanged after: $desc" \
      "$(diff "$T_DIR/.before" "$T_DIR/.after" | head -20)"
  fi
}

# has_text TEXT DESC: the last stdout holds TEXT verbatim.
has_text() {
  if grep -qF -- "$1" <<<"$OUT"; then
    ok "$2"
  else
    not_ok "$2" "stdout lacks: $1"
  fi
}

run_ok init
SCHEMA_BEFORE=$(schema)
AUDIT_BEFORE=$(sqlite3 "$LEDGER" "SELECT count(*) FROM audit")

# ---- import: values stored verbatim ----

{
  echo "household_code,commune_code,village,address,phone,notes,created_on"
  echo "INJ-1,23536,$(q "$S1"),$(q "$S2"),0912345678,$(q "$S3"),2020-01-01"
  echo "INJ-2,23536,$(q "$S4"),$(q "$S5"),,$(q "$S6"),2020-01-01"
} >households.csv
run_ok import households households.csv --new-villages
stored "SELECT hex(name) FROM village v JOIN household h ON h.village_id = v.id
  WHERE h.code = 'INJ-1'" "$S1" "village name stored verbatim: $S1"
stored "SELECT hex(address) FROM household WHERE code = 'INJ-1'" "$S2" \
  "address stored verbatim: $S2"
stored "SELECT hex(notes) FROM household WHERE code = 'INJ-1'" "$S3" \
  "notes stored verbatim: $S3"
stored "SELECT hex(name) FROM village v JOIN household h ON h.village_id = v.id
  WHERE h.code = 'INJ-2'" "$S4" "village name stored verbatim: $S4"
stored "SELECT hex(address) FROM household WHERE code = 'INJ-2'" "$S5" \
  "address stored verbatim: $S5"
stored "SELECT hex(notes) FROM household WHERE code = 'INJ-2'" "$S6" \
  "notes stored verbatim: $S6"

{
  echo "household_code,member_no,full_name,sex,birth_date,relation,\
ethnicity,citizen_id,health_insurance,in_school,education_grade"
  echo "INJ-1,1,$(q "$S1"),M,1970,head,Kinh,,,,"
  echo "INJ-1,2,$(q "$S2"),F,1972,spouse,01,,,,"
  echo "INJ-2,1,$(q "$S3"),M,1980,head,01,,,,"
  echo "INJ-2,2,$(q "$S4"),M,2000,child,01,,,,"
  echo "INJ-2,3,$(q "$S5"),F,2002,child,01,,,,"
  echo "INJ-2,4,$(q "$S6"),F,2004,child,01,,,,"
} >members.csv
run_ok import members members.csv
n=1
for s in "$S1" "$S2"; do
  stored "SELECT hex(full_name) FROM member m JOIN household h
    ON h.id = m.household_id WHERE h.code = 'INJ-1' AND member_no = $n" \
    "$s" "member name stored verbatim: $s"
  n=$((n + 1))
done
n=1
for s in "$S3" "$S4" "$S5" "$S6"; do
  stored "SELECT hex(full_name) FROM member m JOIN household h
    ON h.id = m.household_id WHERE h.code = 'INJ-2' AND member_no = $n" \
    "$s" "member name stored verbatim: $s"
  n=$((n + 1))
done

{
  echo "review_year,household_code,income_per_capita,enumerator"
  echo "2025,INJ-1,1000000,$(q "$S1")"
  echo "2025,INJ-2,1200000,$(q "$S3")"
} >survey.csv
run_ok import survey survey.csv
stored "SELECT hex(enumerator) FROM survey s JOIN household h
  ON h.id = s.household_id WHERE h.code = 'INJ-1'" "$S1" \
  "enumerator stored verbatim: $S1"
stored "SELECT hex(enumerator) FROM survey s JOIN household h
  ON h.id = s.household_id WHERE h.code = 'INJ-2'" "$S3" \
  "enumerator stored verbatim: $S3"

# ---- import: fields whose rules forbid such text are refused ----

{
  echo "household_code,commune_code,village,address"
  echo "$(q "$S1"),23536,,"
} >bad_code.csv
refused_file "^bad_code\.csv:2:household_code: " import households bad_code.csv
{
  echo "household_code,commune_code,village,address"
  echo "INJ-3,$(q "23536' OR 1=1 --"),,"
} >bad_commune.csv
refused_file "^bad_commune\.csv:2:commune_code: " \
  import households bad_commune.csv
{
  echo "household_code,commune_code,village,address,phone"
  echo "INJ-3,23536,,,$(q "$S2")"
} >bad_phone.csv
refused_file "^bad_phone\.csv:2:phone: " import households bad_phone.csv
{
  echo "household_code,member_no,full_name,sex,birth_date,relation,\
ethnicity,citizen_id,health_insurance,in_school,education_grade"
  echo "INJ-1,3,A,M,2010,child,$(q "$S1"),,,,"
} >bad_ethnicity.csv
refused_file "^bad_ethnicity\.csv:2:ethnicity: " \
  import members bad_ethnicity.csv
{
  echo "household_code,member_no,full_name,sex,birth_date,relation,\
ethnicity,citizen_id,health_insurance,in_school,education_grade"
  echo "INJ-1,3,A,M,2010,child,01,$(q "0620' OR 1=1"),,,"
} >bad_cid.csv
refused_file "^bad_cid\.csv:2:citizen_id: must be 12 digits" \
  import members bad_cid.csv
{
  echo "household_code,member_no,full_name,sex,birth_date,relation,\
ethnicity,citizen_id,health_insurance,in_school,education_grade"
  echo "INJ-1,3,A,M,$(q "2010' OR 1=1"),child,01,,,,"
} >bad_birth.csv
refused_file "^bad_birth\.csv:2:birth_date: " import members bad_birth.csv
{
  echo "review_year,household_code,income_per_capita,enumerator"
  echo "2025,$(q "$S5"),1000000,x"
} >bad_survey.csv
refused_file "^bad_survey\.csv:2:household_code: " \
  import survey bad_survey.csv

# Control characters (NUL-free): refused in one-line fields, naming them.
ESC=$'\033'
for c in $'\001' "${ESC}[31m" $'\177' $'\302\233'; do
  {
    echo "household_code,commune_code,village,address"
    echo "INJ-3,23536,,$(q "a${c}b")"
  } >ctl.csv
  refused_file "^ctl\.csv:2:address: " import households ctl.csv
  {
    echo "household_code,commune_code,village,address,notes"
    echo "INJ-3,23536,,,$(q "a${c}b")"
  } >ctl.csv
  refused_file "^ctl\.csv:2:notes: " import households ctl.csv
  {
    echo "household_code,member_no,full_name,sex,birth_date,relation,\
ethnicity,citizen_id,health_insurance,in_school,education_grade"
    echo "INJ-1,3,$(q "A${c}B"),M,2010,child,01,,,,"
  } >ctl.csv
  refused_file "^ctl\.csv:2:full_name: " import members ctl.csv
  {
    echo "review_year,household_code,income_per_capita,enumerator"
    echo "2025,INJ-1,1000000,$(q "Y${c}T")"
  } >ctl.csv
  refused_file "^ctl\.csv:2:enumerator: " import survey ctl.csv
done

# ---- the command line ----

run_ok household add --commune 23536 --code INJ-9 --address "$S1" \
  --notes "$S2" --head-name "$S5" --head-sex M --head-birth 1960
stored "SELECT hex(address) FROM household WHERE code = 'INJ-9'" "$S1" \
  "household add: address stored verbatim"
stored "SELECT hex(notes) FROM household WHERE code = 'INJ-9'" "$S2" \
  "household add: notes stored verbatim"
stored "SELECT hex(full_name) FROM member m JOIN household h
  ON h.id = m.household_id WHERE h.code = 'INJ-9' AND member_no = 1" "$S5" \
  "household add: head name stored verbatim"
run_ok household edit INJ-9 --notes "$S4"
stored "SELECT hex(notes) FROM household WHERE code = 'INJ-9'" "$S4" \
  "household edit: notes stored verbatim"
run_ok member add INJ-9 --name "$S3" --sex F --birth 1962 --relation spouse
stored "SELECT hex(full_name) FROM member m JOIN household h
  ON h.id = m.household_id WHERE h.code = 'INJ-9' AND member_no = 2" "$S3" \
  "member add: name stored verbatim"
run_ok member edit INJ-9 2 --name "$S6"
stored "SELECT hex(full_name) FROM member m JOIN household h
  ON h.id = m.household_id WHERE h.code = 'INJ-9' AND member_no = 2" "$S6" \
  "member edit: name stored verbatim"
run_ok village add --commune 23530 --name "$S2"
stored "SELECT hex(name) FROM village WHERE name = '\" OR 1=1 --'" "$S2" \
  "village add: name stored verbatim"
run_ok unit flag 23536 island --from 2021-01-01 --source "$S1"
stored "SELECT hex(source) FROM unit_flag WHERE flag = 'island'" "$S1" \
  "unit flag: source stored verbatim"

run_unchanged 3 "code: only letters" household add --commune 23536 \
  --code "$S1" --head-name A --head-sex M --head-birth 1960
run_unchanged 3 "phone: " household add --commune 23536 --phone "$S2" \
  --head-name A --head-sex M --head-birth 1960
run_unchanged 3 "full_name: " member add INJ-9 --name "a${ESC}[2Jb" \
  --sex M --birth 1990 --relation child
run_unchanged 1 "no household" household show "$S1"
run_unchanged 1 "no household" member show "$S2" 1

# Shown back as text, quotes, percent signs and backslashes included.
run_ok household show INJ-9
has_text "$S1" "household show prints the address as stored"
has_text "$S4" "household show prints the notes as stored"
has_text "$S5" "household show prints the head's name as stored"
run_ok household show INJ-9 --format json
check "household show --format json with hostile text is valid JSON" valid_json

# Searching with SQL, LIKE and FTS5 syntax finds nothing it should not.
for s in "$S1" "$S2" "$S3" "$S4" "$S6" "* OR x" "NEAR(a b)" \
  "full_name:robert" "a AND NOT b" "x' OR '1'='1"; do
  pv search "$s"
  if [[ $RC -eq 0 && -z $ERR ]] && ! grep -qv "^HOUSEHOLD \|^INJ-" <<<"$OUT"
  then
    ok "search '$s' runs as text"
  elif [[ $RC -eq 3 && -z $OUT && $ERR == "povreg: query: "* ]]; then
    ok "search '$s' is refused as a query"
  else
    not_ok "search '$s' runs as text" "expected exit 0 (or 3, 'query: ...')"
  fi
done
for s in "%" "_" '"'; do
  run_fail 3 "query: has no letters or digits" search "$s"
done
run_ok search robert delete from audit
expect_out "^INJ-2 +3 " "search finds the member named '$S5' by its words"
expect_out "^INJ-9 +1 " "search finds the head named '$S5' by its words"
run_ok search --by code "$S1"
expect_eq "$(lines "$OUT")" 1 "search --by code with SQL in it: no hits"

# ---- the ledger survived ----

expect_eq "$(schema)" "$SCHEMA_BEFORE" \
  "every table, index and trigger still exists"
expect_eq "$(sqlite3 "$LEDGER" "PRAGMA integrity_check")" ok \
  "integrity check ok"
expect_eq "$(sqlite3 "$LEDGER" "PRAGMA foreign_key_check")" "" \
  "foreign keys hold"
check "the audit log only grew" test \
  "$(sqlite3 "$LEDGER" "SELECT count(*) FROM audit")" -gt "$AUDIT_BEFORE"
expect_eq "$(sqlite3 "$LEDGER" "SELECT count(*) FROM household")" 3 \
  "three households (INJ-1, INJ-2, INJ-9)"
expect_eq "$(sqlite3 "$LEDGER" "SELECT count(*) FROM member")" 8 \
  "eight members"

finish
