#!/usr/bin/env bash
# test_backup.sh: "povreg backup FILE [--force]" and "povreg check".
#  - backups taken while another process imports a few thousand
#    generated households, members and surveys (bench/gen_ledger) open,
#    pass the integrity check and `povreg check`, and each holds a
#    committed state: before or after each import transaction;
#  - the backup is mode 0600, replaces nothing unless --force, never the
#    ledger itself, leaves no temporary file;
#  - restore (docs/reliability.md), both ways: copying the backup over the
#    ledger while nobody uses it, and `povreg --db BACKUP backup LEDGER
#    --force`; the ledger then holds the backed-up data exactly;
#  - `povreg check` says ok on a fresh and on a demo ledger, and reports
#    each broken invariant (injected with the sqlite3 shell) with a clear
#    line and exit 1, and a damaged page without crashing.
# shellcheck source-path=SCRIPTDIR
. "$(dirname "$0")/lib.sh"

GEN=${POVREG_BINARY_DIR:-}/bench/gen_ledger

# pv_db DB ARGS...: povreg on another ledger file.
pv_db() {
  local db=$1
  shift
  pv_raw --db "$db" --today "$TODAY" "$@"
}

# mode FILE: its permission bits in octal.
mode() {
  stat -c %a "$1"
}

# counts DB: "households members surveys" of a ledger, read with sqlite3.
counts() {
  sqlite3 "$1" "SELECT (SELECT count(*) FROM household) || ' ' ||
    (SELECT count(*) FROM member) || ' ' || (SELECT count(*) FROM survey)"
}

# data_dump DB: every row of every table but the audit log and the
# statistics (which opening and closing may refresh), as SQL text.
data_dump() {
  sqlite3 "$1" .dump | grep -v -e '^INSERT INTO audit' -e 'sqlite_stat'
}

# ---- backup: a fresh ledger ----

run_ok init
run_ok backup "$T_DIR/fresh.bak"
expect_out "^backed up [0-9]+ pages to $T_DIR/fresh.bak \(integrity ok\)$" \
  "backup prints one line: pages, file, integrity"
expect_eq "$(lines "$OUT")" 1 "backup prints exactly one line"
expect_eq "$(mode "$T_DIR/fresh.bak")" 600 "the backup is mode 0600"
expect_eq "$(sqlite3 "$T_DIR/fresh.bak" 'PRAGMA journal_mode')" delete \
  "the backup is one self-contained file (rollback journal, no -wal)"
expect_eq "$(find "$T_DIR" -name '*.tmp-*' | wc -l)" 0 \
  "no temporary file is left"
pv_db "$T_DIR/fresh.bak" check
expect_eq "$RC/$OUT" "0/ok" "povreg --db BACKUP check: ok"

# ---- refusing to overwrite ----

printf 'precious\n' >"$T_DIR/precious.txt"
run_fail 3 "precious.txt: already exists; .*--force" backup "$T_DIR/precious.txt"
expect_eq "$(cat "$T_DIR/precious.txt")" precious "the existing file is untouched"
run_ok backup "$T_DIR/precious.txt" --force
expect_eq "$(sqlite3 "$T_DIR/precious.txt" 'PRAGMA application_id')" \
  1886351207 "--force replaces it with a ledger"
expect_eq "$(mode "$T_DIR/precious.txt")" 600 "a forced backup is mode 0600"
run_fail 3 "is the ledger itself" backup "$LEDGER" --force
run_fail 1 "cannot create" backup "$T_DIR/no/such/dir/b.db"
run_fail 2 "" backup
pv backup --format json "$T_DIR/fresh.json.bak"
if [[ $RC -eq 0 ]] && valid_json && [[ $OUT == *'"integrity": "ok"'* ]]; then
  ok "backup --format json: a record with the integrity"
else
  not_ok "backup --format json: a record with the integrity"
fi

# ---- backups while another process imports ----

if [[ -x $GEN ]]; then
  mkdir -p "$T_DIR/gen"
  "$GEN" --households 5000 --seed 8 --out "$T_DIR/gen" >"$T_DIR/gen.txt" || exit 1
  H=$(sed -n 's/^households=//p' "$T_DIR/gen.txt")
  M=$(sed -n 's/^members=//p' "$T_DIR/gen.txt")
  S=$(sed -n 's/^surveys=//p' "$T_DIR/gen.txt")
  LIVE=$T_DIR/live.db
  pv_db "$LIVE" init
  (
    for kind in households members survey; do
      extra=()
      [[ $kind == households ]] && extra=(--new-villages)
      "$POVREG_BIN" --db "$LIVE" --today "$TODAY" import "$kind" \
        "$T_DIR/gen/$kind.csv" "${extra[@]}" >/dev/null 2>>"$T_DIR/import.err" ||
        exit 1
    done
  ) &
  writer=$!
  n=0 during=0 bad=0 states=""
  while kill -0 "$writer" 2>/dev/null && ((n < 200)); do
    n=$((n + 1))
    alive_before=0
    kill -0 "$writer" 2>/dev/null && alive_before=1
    pv_db "$LIVE" backup "$T_DIR/during-$n.db"
    if ((alive_before)) && kill -0 "$writer" 2>/dev/null; then
      during=$((during + 1))
    fi
    if [[ $RC -ne 0 || $OUT != *"(integrity ok)" ]]; then
      bad=$((bad + 1))
      printf '# backup %d: rc %s: %s %s\n' "$n" "$RC" "$OUT" "$ERR"
    fi
  done
  wait "$writer"
  expect_eq "$?" 0 "the background imports succeeded$(cat "$T_DIR/import.err")"
  expect_eq "$bad" 0 "every backup taken during the imports succeeded"
  check "at least one backup started and ended while the import ran ($during of $n)" \
    test "$during" -ge 1
  committed=" 0 0 0 | $H 0 0 | $H $M 0 | $H $M $S "
  wrong=0
  for ((i = 1; i <= n; i++)); do
    f=$T_DIR/during-$i.db
    [[ -f $f ]] || continue
    c=$(counts "$f")
    states+="$c;"
    if [[ $committed != *" $c "* ]]; then
      wrong=$((wrong + 1))
      printf '# %s holds %s: not a committed state\n' "$f" "$c"
    fi
    pv_db "$f" check
    if [[ $RC -ne 0 || $OUT != ok ]]; then
      wrong=$((wrong + 1))
      printf '# povreg check %s: %s %s\n' "$f" "$OUT" "$ERR"
    fi
    [[ $(mode "$f") == 600 ]] || wrong=$((wrong + 1))
  done
  expect_eq "$wrong" 0 \
    "each backup opens, checks ok, is 0600 and holds a committed state"
  printf '# %d backups during the import; states seen: %s\n' "$n" \
    "$(tr ";" "\n" <<<"${states%;}" | sort | uniq -c | tr "\n" ";")"
  expect_eq "$(counts "$LIVE")" "$H $M $S" "the ledger has every row"
  expect_eq "$(find "$T_DIR" -name '*.tmp-*' | wc -l)" 0 \
    "no temporary file is left"
else
  ok "# SKIP backups during an import: $GEN not built (POVREG_BENCH=OFF)"
fi

# ---- restore ----

run_ok household add --commune 23536 --code R1 --created 2020-01-01 \
  --head-name "Y Blưu" --head-sex F --head-birth 1990
run_ok backup "$T_DIR/saved.db"
data_dump "$T_DIR/saved.db" >"$T_DIR/saved.sql"
run_ok household add --commune 23536 --code R2 --created 2020-01-01 \
  --head-name "A Thanh" --head-sex M --head-birth 1985
# 1. copy it over the ledger while nobody uses it (no -wal beside it)
check "the closed ledger has no -wal file" test ! -e "$LEDGER-wal"
cp "$T_DIR/saved.db" "$LEDGER"
run_ok household list
expect_no_out "R2" "restored by copying: R2, added after the backup, is gone"
expect_out "R1" "restored by copying: R1 is back"
data_dump "$LEDGER" >"$T_DIR/restored.sql"
check "restored by copying: the same data as the backup" \
  cmp -s "$T_DIR/saved.sql" "$T_DIR/restored.sql"
# 2. back up the backup over the ledger
run_ok household add --commune 23536 --code R3 --created 2020-01-01 \
  --head-name "Rơ Châm H'Mai" --head-sex F --head-birth 1970
pv_db "$T_DIR/saved.db" backup "$LEDGER" --force
expect_eq "$RC" 0 "povreg --db BACKUP backup LEDGER --force"
run_ok household list
expect_no_out "R3" "restored with backup --force: R3 is gone"
data_dump "$LEDGER" >"$T_DIR/restored2.sql"
check "restored with backup --force: the same data as the backup" \
  cmp -s "$T_DIR/saved.sql" "$T_DIR/restored2.sql"
expect_eq "$(mode "$LEDGER")" 600 "the restored ledger is mode 0600"

# ---- check: ok ----

run_ok check
expect_eq "$OUT" ok "check on a ledger with data: ok"
DEMO=$T_DIR/demo.db
pv_db "$DEMO" demo "$T_DIR/demo" --scale 2
expect_eq "$RC" 0 "demo --scale 2 builds"
pv_db "$DEMO" check
expect_eq "$RC/$OUT" "0/ok" "check on the demo ledger: ok"
pv_db "$DEMO" check --format json
if [[ $RC -eq 0 ]] && valid_json && [[ $OUT == *'"ok": "yes"'* ]]; then
  ok "check --format json: ok yes"
else
  not_ok "check --format json: ok yes"
fi

# ---- check: each broken invariant ----

# broken DESC SQL REGEX: on a copy of the demo ledger changed by SQL,
# `povreg check` must exit 1, print a line matching REGEX on stdout and
# "povreg: check: N problem(s) found" on stderr.
broken() {
  local desc=$1 sql=$2 re=$3 f=$T_DIR/broken.db
  rm -f "$f" "$f-wal" "$f-shm"
  cp "$DEMO" "$f"
  if ! sqlite3 "$f" "$sql" 2>"$T_DIR/.sqlerr"; then
    not_ok "check: $desc" "the SQL failed: $(cat "$T_DIR/.sqlerr")"
    return
  fi
  pv_db "$f" check
  if [[ $RC -ne 1 ]]; then
    not_ok "check: $desc" "expected exit 1"
  elif ! grep -qE -- "$re" <<<"$OUT"; then
    not_ok "check: $desc" "stdout does not match /$re/"
  elif [[ ! $ERR =~ ^povreg:\ check:\ [0-9]+\ problems?\ found$ ]]; then
    not_ok "check: $desc" "stderr is not the count of problems"
  else
    ok "check: $desc"
  fi
}

HH="SELECT h.id FROM household h JOIN member m ON m.household_id = h.id
  WHERE m.status = 'active' AND h.dissolved_on IS NULL"
broken "two active heads" \
  "DROP INDEX member_one_head; UPDATE member SET relation = 'head'
   WHERE relation = 'spouse' AND status = 'active' AND household_id =
   ($HH AND m.relation = 'spouse' ORDER BY h.id LIMIT 1)" \
  "^head: household [0-9]+-[0-9]+ has 2 active heads; it must have exactly one$"
broken "no active head" \
  "UPDATE member SET relation = 'other' WHERE relation = 'head' AND
   status = 'active' AND household_id = ($HH ORDER BY h.id LIMIT 1)" \
  "^head: household [0-9]+-[0-9]+ has [0-9]+ active members? and no active head; it must have exactly one$"
broken "a dissolved household with an active member" \
  "UPDATE household SET dissolved_on = '2024-01-01', dissolved_reason =
   'other' WHERE id = ($HH ORDER BY h.id LIMIT 1)" \
  "^dissolved: household [0-9]+-[0-9]+ is dissolved but still has [0-9]+ active members?$"
broken "two statuses in force for a year" \
  "INSERT INTO household_status(household_id, status_year, class,
   effective_on, decision, review_id, recorded_at) SELECT household_id,
   status_year, class, effective_on, decision, review_id, recorded_at FROM
   household_status WHERE class = 'poor' ORDER BY id LIMIT 1" \
  "^status: household [0-9]+-[0-9]+ has 2 statuses in force for [0-9]{4}; it must have at most one$"
broken "transitions that no longer match the statuses" \
  "INSERT INTO household_status(household_id, status_year, class,
   effective_on, decision, review_id, recorded_at) SELECT household_id,
   status_year, class, effective_on, decision, review_id, recorded_at FROM
   household_status WHERE class = 'poor' ORDER BY id LIMIT 1" \
  "^transition: commune [0-9]{5}, [0-9]{4}, poor: the transitions count [0-9]+ households at the start and [0-9]+ at the end, but [0-9]+ and [0-9]+ statuses are in force"
broken "an amendment of another year" \
  "INSERT INTO household_status(household_id, status_year, class,
   effective_on, decision, supersedes, reason, recorded_at) SELECT
   household_id, status_year + 10, 'average', effective_on, 'QĐ sửa', id,
   'test', recorded_at FROM household_status ORDER BY id LIMIT 1" \
  "^status: status [0-9]+ of household [0-9]+-[0-9]+ for [0-9]{4} amends status [0-9]+, which belongs to another household or year$"
broken "a status with no basis" \
  "INSERT INTO household_status(household_id, status_year, class,
   effective_on, decision, recorded_at) SELECT id, 2030, 'poor',
   '2030-01-01', 'QĐ ?', '2030-01-01T00:00:00Z' FROM household ORDER BY id
   LIMIT 1" \
  "^status: status [0-9]+ of household [0-9]+-[0-9]+ for 2030 names neither the review that decided it nor the status it amends$"
broken "a decided household without its status" \
  "DROP TRIGGER household_status_no_delete; DELETE FROM household_status
   WHERE id = (SELECT max(id) FROM household_status WHERE review_id IS NOT
   NULL)" \
  "^review_status: approved review [0-9]+ of commune [0-9]{5} decided household [0-9]+-[0-9]+ is [a-z_]+ for [0-9]{4}, but the ledger holds no status from that decision$"
broken "a row whose parent is missing (foreign key)" \
  "PRAGMA foreign_keys = OFF; UPDATE member SET household_id = 999999
   WHERE id = (SELECT max(id) FROM member WHERE status = 'moved_out')" \
  "^foreign_key: row [0-9]+ of table member refers to a row of household that does not exist$"

# ---- check: a damaged page ----

cp "$DEMO" "$T_DIR/damaged.db"
page=$(sqlite3 "$T_DIR/damaged.db" "SELECT rootpage FROM sqlite_schema WHERE name = 'member'")
head -c 4096 /dev/urandom |
  dd of="$T_DIR/damaged.db" bs=4096 seek=$((page - 1)) conv=notrunc status=none
pv_db "$T_DIR/damaged.db" check
if [[ $RC -eq 1 ]] && grep -qE '^integrity: the file is damaged: ' <<<"$OUT"; then
  ok "check: a damaged page is reported (exit 1, an integrity line)"
else
  not_ok "check: a damaged page is reported (exit 1, an integrity line)"
fi
pv_db "$T_DIR/damaged.db" backup "$T_DIR/from-damaged.db"
check_fail "a backup of a damaged ledger is refused" 1 \
  "the copy fails the integrity check"
check "and leaves no file" test ! -e "$T_DIR/from-damaged.db"

finish
