#!/usr/bin/env bash
# test_concurrency.sh: several povreg processes on one ledger at once.
#  1. Two imports at once of different files (two halves of the
#     households written by gen_ledger, then their members), and two
#     imports at once of the same file: nothing lost, nothing twice.
#  2. An import of members while another process adds and edits members
#     in a loop: every command succeeds, no update is lost.
#  3. Readers (report summary, search, household show) while a writer
#     works: an import, and a write lock held by the sqlite3 shell with a
#     change pending: readers never wait (WAL) and never see uncommitted
#     data.
#  4. The busy timeout: a writer waits for a lock held for 2 s and
#     succeeds; one that would wait longer than its timeout
#     (POVREG_BUSY_TIMEOUT_MS, default 10 s) fails with one line saying
#     what and what to do, exit 1, and changes nothing.
# After each part: PRAGMA integrity_check ok, no foreign-key violation.
# shellcheck source-path=SCRIPTDIR
. "$(dirname "$0")/lib.sh"

unset POVREG_BUSY_TIMEOUT_MS
GEN=${POVREG_GEN_LEDGER:-}
HOUSEHOLDS=${POVREG_CONCURRENCY_HOUSEHOLDS:-1500}
if [[ ! -x $GEN ]]; then
  not_ok "helpers" "POVREG_GEN_LEDGER must name gen_ledger (ctest sets it)"
  finish
fi
cd "$T_DIR" || exit 1

# q SQL: run SQL on the ledger with the sqlite3 shell.
q() {
  sqlite3 "$LEDGER" "$1"
}

# sound DESC: the ledger passes integrity_check and foreign_key_check.
sound() {
  expect_eq "$(q "PRAGMA integrity_check; PRAGMA foreign_key_check;")" ok \
    "$1: integrity_check ok, foreign keys hold"
}

# now_ms: the wall clock in milliseconds.
now_ms() {
  local t=${EPOCHREALTIME/[.,]/}
  echo $((t / 1000))
}

# bg NAME ARGS...: start povreg ARGS on the ledger in the background;
# its stdout, stderr and exit status go to $T_DIR/NAME.{out,err,rc}.
bg() {
  local name=$1
  shift
  (
    rc=0
    "$POVREG_BIN" --db "$LEDGER" --today "$TODAY" "$@" \
      >"$T_DIR/$name.out" 2>"$T_DIR/$name.err" </dev/null || rc=$?
    echo "$rc" >"$T_DIR/$name.rc"
  ) &
}

# bg_ok NAME DESC: the background run NAME exited 0 with an empty stderr.
bg_ok() {
  local rc err
  rc=$(<"$T_DIR/$1.rc")
  err=$(<"$T_DIR/$1.err")
  if [[ $rc == 0 && -z $err ]]; then
    ok "$2"
  else
    RC=$rc OUT=$(<"$T_DIR/$1.out") ERR=$err
    not_ok "$2" "expected exit 0 and an empty stderr"
  fi
}

# hold_lock SECONDS: the sqlite3 shell takes the ledger's write lock
# (BEGIN IMMEDIATE), renames the first member "Chưa Lưu" without
# committing, holds the lock SECONDS, then rolls back.  Returns once the
# lock is held; $LOCK_PID is the shell's job.
hold_lock() {
  rm -f "$T_DIR/lock.out"
  {
    echo "BEGIN IMMEDIATE;"
    echo "UPDATE member SET full_name = 'Chưa Lưu', name_fold = 'chua luu'"
    echo "  WHERE id = (SELECT min(id) FROM member);"
    echo "SELECT 'locked';"
    sleep "$1"
    echo "ROLLBACK;"
  } | sqlite3 "$LEDGER" >"$T_DIR/lock.out" 2>&1 &
  LOCK_PID=$!
  local i
  for ((i = 0; i < 100; i++)); do
    [[ -s $T_DIR/lock.out ]] && break
    sleep 0.05
  done
  expect_eq "$(<"$T_DIR/lock.out")" locked "the sqlite3 shell holds the lock"
}

# ---- data: two halves of the generated households ----

"$GEN" --households "$HOUSEHOLDS" --seed 9 --out "$T_DIR" >"$T_DIR/gen.txt"
check "gen_ledger wrote $HOUSEHOLDS households" \
  grep -qx "households=$HOUSEHOLDS" "$T_DIR/gen.txt"
# hA.csv / hB.csv: odd and even rows; mA.csv / mB.csv: their members.
awk -F, 'NR == 1 { print > "hA.csv"; print > "hB.csv"; next }
  { print > (NR % 2 ? "hA.csv" : "hB.csv") }' households.csv
awk -F, 'NR == FNR { if (FNR > 1) a[$1] = 1; next }
  FNR == 1 { print > "mA.csv"; print > "mB.csv"; next }
  { print > ($1 in a ? "mA.csv" : "mB.csv") }' hA.csv members.csv
NHA=$(($(wc -l <hA.csv) - 1))
NHB=$(($(wc -l <hB.csv) - 1))
NMA=$(($(wc -l <mA.csv) - 1))
NMB=$(($(wc -l <mB.csv) - 1))
expect_eq "$((NHA + NHB))" "$HOUSEHOLDS" "the halves hold every household"
# hNew.csv: one household the ledger does not have yet.
sed -n '1p;2s/^[^,]*/Z-0001/p' households.csv >hNew.csv
VILLAGES=$(awk -F, 'NR > 1 { v[$2 "," $3] = 1 } END { print length(v) }' \
  households.csv)

# ---- 1. two imports at once ----

run_ok init
bg impA import households hA.csv --new-villages
bg impB import households hB.csv --new-villages
wait
bg_ok impA "import households hA.csv, beside another import"
bg_ok impB "import households hB.csv, beside another import"
expect_eq "$(q "SELECT count(*) FROM household")" "$HOUSEHOLDS" \
  "two imports at once: $NHA + $NHB households"
expect_eq "$(q "SELECT count(*) FROM village")" "$VILLAGES" \
  "the villages both files name were created once ($VILLAGES)"
created=$(cat impA.out impB.out | sed -n 's/.*; \([0-9]*\) new villages.*/\1/p' |
  awk '{ n += $1 } END { print n + 0 }')
expect_eq "$created" "$VILLAGES" "the two imports report $VILLAGES new villages"
bg impA import members mA.csv
bg impB import members mB.csv
wait
bg_ok impA "import members mA.csv, beside another import"
bg_ok impB "import members mB.csv, beside another import"
expect_eq "$(q "SELECT count(*) FROM member")" "$((NMA + NMB))" \
  "two imports at once: $NMA + $NMB members"
expect_eq "$(q "SELECT count(*) FROM import_log")" 4 "four imports logged"
sound "two imports at once"

# The same file twice at once: one adds every row, the other finds them.
cp "$LEDGER" "$T_DIR/halves.db"
rm -f "$LEDGER"
run_ok init
bg same1 import households households.csv --new-villages
bg same2 import households households.csv --new-villages
wait
bg_ok same1 "import households households.csv (first of two at once)"
bg_ok same2 "import households households.csv (second of two at once)"
expect_eq "$(cat same1.out same2.out | grep -c "$HOUSEHOLDS rows: \
$HOUSEHOLDS added, 0 changed")" 1 "one of the two adds every household"
expect_eq "$(cat same1.out same2.out | grep -c \
  "$HOUSEHOLDS rows, nothing changed")" 1 "the other finds nothing to change"
expect_eq "$(q "SELECT count(*) FROM household")" "$HOUSEHOLDS" \
  "the same file twice at once: each household once"
sound "the same file twice at once"

# ---- 2. an import while another process edits members ----

rm -f "$LEDGER"
run_ok init
run_ok import households households.csv --new-villages
run_ok import members mA.csv
# Households of half A, edited while half B's members are imported.
mapfile -t EDIT < <(sed -n '2,11s/,.*//p' hA.csv)
before_members=$(q "SELECT count(*) FROM member")
a_edit=$(q "SELECT count(*) FROM audit WHERE action = 'member.edit'")
bg impB import members mB.csv
imp=$!
edits=0
adds=0
overlap=0
fails=0
k=0
# at least 20 rounds, and on until the import has finished
while ((k < 20)) || kill -0 "$imp" 2>/dev/null; do
  kill -0 "$imp" 2>/dev/null && overlap=$((overlap + 1))
  h=${EDIT[k % ${#EDIT[@]}]}
  pv member edit "$h" 1 --name "Đinh Văn Sửa $k"
  if [[ $RC -eq 0 ]]; then
    edits=$((edits + 1))
  else
    fails=$((fails + 1))
    printf '# member edit %s failed: %s\n' "$h" "$ERR"
  fi
  pv member add "$h" --name "Y Thêm $k" --sex F --birth 2020 --relation child
  if [[ $RC -eq 0 ]]; then
    adds=$((adds + 1))
  else
    fails=$((fails + 1))
    printf '# member add %s failed: %s\n' "$h" "$ERR"
  fi
  k=$((k + 1))
done
wait
bg_ok impB "import members mB.csv while members are edited"
expect_eq "$fails" 0 "every edit and add beside the import succeeded ($k rounds)"
check "edit rounds started while the import ran ($overlap)" test "$overlap" -gt 0
expect_eq "$(q "SELECT count(*) FROM member")" \
  "$((before_members + NMB + adds))" \
  "no lost update: $before_members + $NMB imported + $adds added"
expect_eq "$(q "SELECT count(*) FROM audit WHERE action = 'member.edit'")" \
  "$((a_edit + edits))" "every edit audited ($edits)"
# the last name given to each edited household's head is the one kept
last_ok=1
for ((j = 0; j < ${#EDIT[@]} && j < k; j++)); do
  last=$(((k - 1 - j) / ${#EDIT[@]} * ${#EDIT[@]} + j))
  got=$(q "SELECT m.full_name FROM member m JOIN household h ON h.id =
    m.household_id WHERE h.code = '${EDIT[j]}' AND m.member_no = 1")
  [[ $got == "Đinh Văn Sửa $last" ]] || last_ok=0
done
expect_eq "$last_ok" 1 "each head keeps its last edit"
sound "import beside member edits"

# ---- 3. readers while a writer works ----

rm -f "$LEDGER"
cp "$T_DIR/halves.db" "$LEDGER"
bg surv import survey survey.csv
imp=$!
reads=0
rfails=0
roverlap=0
k=0
while ((k < 10)) || kill -0 "$imp" 2>/dev/null; do
  for r in report search; do
    alive=0
    kill -0 "$imp" 2>/dev/null && alive=1
    if [[ $r == report ]]; then
      pv report summary --year 2024 --unit 616
      want="Huyện Sa Thầy"
    else
      pv search "${EDIT[0]}"
      want=${EDIT[0]}
    fi
    if [[ $RC -eq 0 && -z $ERR && $OUT == *"$want"* ]]; then
      reads=$((reads + 1))
    else
      rfails=$((rfails + 1))
      printf '# %s failed: %s\n' "$r" "$ERR"
    fi
    # the import ran from before the read started to after it ended
    ((alive)) && kill -0 "$imp" 2>/dev/null && roverlap=$((roverlap + 1))
  done
  k=$((k + 1))
done
wait
bg_ok surv "import survey survey.csv while reports and searches run"
expect_eq "$rfails" 0 "every reader succeeded ($reads reads)"
check "readers ran during the import ($roverlap reads)" test "$roverlap" -gt 0
expect_eq "$(q "SELECT count(*) FROM survey")" "$HOUSEHOLDS" \
  "the import beside the readers is complete"
sound "readers beside an import"

# ---- 3b and 4: a write lock held by the sqlite3 shell ----

dump_ledger "$T_DIR/.held.before"
hold_lock 15
t0=$(now_ms)
# the default timeout (10 s) runs out while the rest is checked
bg default member add "${EDIT[0]}" --name "Y Đợi" --sex F --birth 2021 \
  --relation child
default_pid=$!
export POVREG_BUSY_TIMEOUT_MS=0
run_ok report summary --year 2024 --unit 616
expect_out "Huyện Sa Thầy" "a report runs while the ledger is locked"
run_ok search "${EDIT[0]}"
expect_out "${EDIT[0]}" "a search runs while the ledger is locked"
run_ok search chua luu
expect_no_out "Chưa Lưu" "a search does not see the uncommitted name"
FIRST_HH=$(q "SELECT h.code FROM member m JOIN household h ON h.id =
  m.household_id ORDER BY m.id LIMIT 1")
run_ok household show "$FIRST_HH"
expect_no_out "Chưa Lưu" "household show does not see the uncommitted name"
export POVREG_BUSY_TIMEOUT_MS=300
t1=$(now_ms)
pv member add "${EDIT[0]}" --name "Y Vội" --sex F --birth 2021 \
  --relation child
t2=$(now_ms)
check_fail "member add with POVREG_BUSY_TIMEOUT_MS=300 fails with 1" 1 \
  "^povreg: the ledger is busy: another program has been writing to it for \
over 0\.3 s; nothing was changed, try again when it has finished$"
check "it gave up after its 0.3 s, not much later ($((t2 - t1)) ms)" \
  test $((t2 - t1)) -ge 300 -a $((t2 - t1)) -lt 5000
run_unchanged 1 "^povreg: .*the ledger is busy: .*0\.3 s; nothing was \
changed, try again when it has finished$" import households hNew.csv
run_unchanged 1 "the ledger is busy" \
  household add --commune 23527 --head-name "Y Vội" --head-sex F \
  --head-birth 1990
unset POVREG_BUSY_TIMEOUT_MS
wait "$default_pid"
t3=$(now_ms)
RC=$(<"$T_DIR/default.rc") OUT=$(<"$T_DIR/default.out")
ERR=$(<"$T_DIR/default.err")
check_fail "member add with the default timeout fails with 1" 1 \
  "^povreg: the ledger is busy: another program has been writing to it for \
over 10\.0 s; nothing was changed"
check "it waited the default 10 s ($((t3 - t0)) ms)" \
  test $((t3 - t0)) -ge 9500 -a $((t3 - t0)) -lt 14000
wait "$LOCK_PID"
dump_ledger "$T_DIR/.held.after"
check "the ledger is unchanged by the refused writers and the rollback" \
  cmp -s "$T_DIR/.held.before" "$T_DIR/.held.after"

# A writer that has to wait, waits: the lock is released after 2 s.
hold_lock 2
t0=$(now_ms)
run_ok member add "${EDIT[0]}" --name "Y Chờ" --sex F --birth 2021 \
  --relation child
t1=$(now_ms)
check "member add waited for the lock ($((t1 - t0)) ms) and succeeded" \
  test $((t1 - t0)) -ge 1000
wait "$LOCK_PID"
expect_eq "$(q "SELECT count(*) FROM member WHERE full_name = 'Y Chờ'")" 1 \
  "the waiting writer's member is there"
sound "after the lock"

# A malformed POVREG_BUSY_TIMEOUT_MS is refused.
export POVREG_BUSY_TIMEOUT_MS=10s
run_unchanged 3 "^povreg: POVREG_BUSY_TIMEOUT_MS: '10s' is not a number of \
milliseconds from 0 to 3600000$" search "${EDIT[0]}"
unset POVREG_BUSY_TIMEOUT_MS

finish
