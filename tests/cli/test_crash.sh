#!/usr/bin/env bash
# test_crash.sh: crash safety.  Kills povreg with SIGKILL at many points
# of three operations, each one transaction:
#   (a) import members and (b) import survey, on a ledger of
#       $POVREG_CRASH_HOUSEHOLDS households (default 2000; fewer under the
#       sanitizers) written by gen_ledger;
#   (c) review approve of the review of the largest commune (every
#       household of the commune added, classified, its meeting agreed).
# The kill points are spread over the operation's file system calls: a
# first run under tests/killpoint counts them (M), then run i = 1..P
# (P = $POVREG_CRASH_POINTS, default 24, at least 20) starts again from a
# copy of the ledger before the operation and is killed just before call
# i * M / (P + 1).  A file only changes at such a call, so this reaches the
# input being read, the WAL being written, the commit, the checkpoint and
# the clean-up (see tests/killpoint.c).  After each kill the ledger is
# reopened by povreg itself (a read command, which recovers the WAL), then
# PRAGMA integrity_check must be ok, PRAGMA foreign_key_check empty, the
# full-text index sound, and the ledger must hold the whole operation or
# none of it: its counts (members, surveys and their answers, statuses,
# approved reviews, audit entries, import log) equal the state before or
# the state after, nothing in between.  Last, the operation is run again
# on a ledger left "before" by a kill and must complete.
# Prints the kill points tried and how many landed before and after the
# commit.
# shellcheck source-path=SCRIPTDIR
. "$(dirname "$0")/lib.sh"

KP=${POVREG_KILLPOINT:-}
GEN=${POVREG_GEN_LEDGER:-}
HOUSEHOLDS=${POVREG_CRASH_HOUSEHOLDS:-2000}
POINTS=${POVREG_CRASH_POINTS:-24}
# LeakSanitizer does not run in a traced process; every other test checks
# leaks.  Harmless in a build without sanitizers.
KP_ENV=(env "ASAN_OPTIONS=${ASAN_OPTIONS:+$ASAN_OPTIONS:}detect_leaks=0")

if [[ ! -x $KP || ! -x $GEN ]]; then
  not_ok "helpers" "POVREG_KILLPOINT and POVREG_GEN_LEDGER must name" \
    "tests/killpoint and gen_ledger (ctest sets them)"
  finish
fi
if ((POINTS < 20)); then
  not_ok "POVREG_CRASH_POINTS=$POINTS" "the issue asks for at least 20"
  finish
fi

WORK=$T_DIR/work.db
cd "$T_DIR" || exit 1

# now_ms: the wall clock in milliseconds.
now_ms() {
  local t=${EPOCHREALTIME/[.,]/}
  echo $((t / 1000))
}

# since T0_MS: seconds elapsed since T0_MS, as "12.3".
since() {
  local d=$(($(now_ms) - $1))
  printf '%d.%d' $((d / 1000)) $((d % 1000 / 100))
}
START=$(now_ms)

# ---- data and the ledger before the operations ----

"$GEN" --households "$HOUSEHOLDS" --seed 8 --out "$T_DIR" >"$T_DIR/gen.txt"
check "gen_ledger wrote $HOUSEHOLDS households" \
  grep -qx "households=$HOUSEHOLDS" "$T_DIR/gen.txt"
MEMBERS=$(sed -n 's/^members=//p' "$T_DIR/gen.txt")
run_ok init
run_ok import households households.csv --new-villages

STATE_SQL="SELECT (SELECT count(*) FROM member) || ' members ' ||
  (SELECT count(*) FROM survey) || ' surveys ' ||
  (SELECT count(*) FROM survey_tick) || ' ticks ' ||
  (SELECT count(*) FROM survey_fact) || ' facts ' ||
  (SELECT count(*) FROM household_status) || ' statuses ' ||
  (SELECT count(*) FROM review WHERE approved = 1) || ' approved ' ||
  (SELECT count(*) FROM audit) || ' audit ' ||
  (SELECT count(*) FROM import_log) || ' imports';"

# state FILE: one line of counts that tells the states apart.
state() {
  sqlite3 "$1" "$STATE_SQL"
}

# sound_state FILE: check that FILE is sound (integrity_check ok, no
# foreign-key violation, the full-text index agrees with the member
# table), then print its state.  When it is not sound, print what is
# wrong and return 1.
sound_state() {
  local out
  out=$(sqlite3 "$1" "PRAGMA integrity_check; PRAGMA foreign_key_check;
    INSERT INTO member_name_fts(member_name_fts) VALUES ('integrity-check');
    SELECT 'fts ok'; $STATE_SQL" 2>&1)
  if [[ $out != $'ok\nfts ok\n'* || $out == *$'\n'*$'\n'*$'\n'* ]]; then
    printf '%s\n' "${out:0:500}"
    return 1
  fi
  printf '%s\n' "${out##*$'\n'}"
}

# fresh FILE: copy the ledger FILE (closed, no WAL) to $WORK.
fresh() {
  rm -f "$WORK" "$WORK-wal" "$WORK-shm" "$WORK-journal"
  cp "$1" "$WORK"
}

# crash NAME BEFORE_DB READ_ARGS... -- OPERATION...: count the
# operation's file system calls on a copy of BEFORE_DB (the complete run
# gives the state after, left in $T_DIR/NAME.after.db), then kill it at
# POINTS points, each on a fresh copy, and check the ledger after each
# kill.  povreg READ_ARGS (a read command) reopens the ledger.
crash() {
  local name=$1 before=$2
  local read_cmd=()
  shift 2
  while [[ $1 != -- ]]; do
    read_cmd+=("$1")
    shift
  done
  shift
  local s_before s_after s line total n i n_before=0 n_after=0 bad=0
  local n_landed=0 n_torn=0 n_replayed=0 wal t0
  t0=$(now_ms)

  s_before=$(state "$before")
  fresh "$before"
  line=$("${KP_ENV[@]}" "$KP" count "$POVREG_BIN" --db "$WORK" \
    --today "$TODAY" "$@")
  total=${line#syscalls=}
  total=${total%% *}
  if [[ $line != *" exit=0" || ! $total =~ ^[0-9]+$ ]]; then
    not_ok "$name: the complete run under killpoint" "killpoint: $line"
    return
  fi
  ok "$name: the complete run makes $total file system calls"
  s_after=$(state "$WORK")
  if [[ $s_after == "$s_before" ]]; then
    not_ok "$name: the operation changes the ledger" "state: $s_after"
    return
  fi
  cp "$WORK" "$T_DIR/$name.after.db"
  rm -rf "$T_DIR/$name.killed"

  for ((i = 1; i <= POINTS; i++)); do
    n=$((i * total / (POINTS + 1)))
    ((n < 1)) && n=1
    fresh "$before"
    line=$("${KP_ENV[@]}" "$KP" at "$n" "$POVREG_BIN" --db "$WORK" \
      --today "$TODAY" "$@" 2>"$T_DIR/.kperr")
    if [[ $line != "killed=$n" ]]; then
      # ended before call n (a run may make a few calls fewer)
      s=$(state "$WORK")
      [[ $s == "$s_after" ]] || bad=$((bad + 1))
      printf '# %s: call %d of %d: not reached (%s)\n' "$name" "$n" \
        "$total" "$line"
      continue
    fi
    n_landed=$((n_landed + 1))
    # WAL frames the killed run wrote: torn if the ledger comes back
    # "before" (recovery drops them), replayed if "after" (the commit
    # was in the WAL, not yet copied back into the ledger file)
    wal=$(stat -c %s "$WORK-wal" 2>/dev/null || echo 0)
    pv_raw --db "$WORK" --today "$TODAY" "${read_cmd[@]}"
    if [[ $RC -ne 0 ]]; then
      bad=$((bad + 1))
      not_ok "$name: killed at call $n of $total: reopened by povreg" \
        "$(describe "${read_cmd[@]}") failed"
      continue
    fi
    if ! s=$(sound_state "$WORK"); then
      bad=$((bad + 1))
      not_ok "$name: killed at call $n of $total: the ledger is sound" "$s"
      continue
    fi
    if [[ $s == "$s_before" ]]; then
      n_before=$((n_before + 1))
      ((wal > 32)) && n_torn=$((n_torn + 1))
      rm -rf "$T_DIR/$name.killed"
      mkdir "$T_DIR/$name.killed"
      cp "$WORK"* "$T_DIR/$name.killed/"
    elif [[ $s == "$s_after" ]]; then
      n_after=$((n_after + 1))
      ((wal > 32)) && n_replayed=$((n_replayed + 1))
    else
      bad=$((bad + 1))
      not_ok "$name: killed at call $n of $total: all or nothing" \
        "before: $s_before" "after:  $s_after" "found:  $s"
    fi
  done
  expect_eq "$bad" 0 "$name: every kill left a sound ledger, all or nothing"
  check "$name: at least 20 kill points landed ($n_landed)" \
    test "$n_landed" -ge 20
  check "$name: some kills landed before the commit ($n_before)" \
    test "$n_before" -gt 0
  check "$name: some kills landed after the commit ($n_after)" \
    test "$n_after" -gt 0
  printf '# %s: %d kill points tried over %d file system calls, %d landed:' \
    "$name" "$POINTS" "$total" "$n_landed"
  printf ' %d before the commit (%d with a torn WAL), %d after' \
    "$n_before" "$n_torn" "$n_after"
  printf ' (%d replayed from the WAL); %s s\n' "$n_replayed" "$(since "$t0")"
  TRIED=$((TRIED + POINTS))
  LANDED=$((LANDED + n_landed))
  BEFORE=$((BEFORE + n_before))
  AFTER=$((AFTER + n_after))
  TORN=$((TORN + n_torn))
  REPLAYED=$((REPLAYED + n_replayed))

  # A ledger a kill left "before" takes the operation again.
  if [[ -d $T_DIR/$name.killed ]]; then
    rm -f "$WORK" "$WORK-wal" "$WORK-shm"
    cp "$T_DIR/$name.killed/"* "$T_DIR/"
    pv_raw --db "$WORK" --today "$TODAY" "$@"
    expect_eq "$RC $(state "$WORK")" "0 $s_after" \
      "$name: run again after a kill, the operation completes"
  fi
}

TRIED=0
LANDED=0
BEFORE=0
AFTER=0
TORN=0
REPLAYED=0
cp "$LEDGER" "$T_DIR/households.db"
FIRST=$(sed -n '2s/,.*//p' households.csv)

# ---- (a) import members: one transaction of $MEMBERS rows ----

crash members "$T_DIR/households.db" household show "$FIRST" -- \
  import members members.csv
expect_eq "$(sqlite3 "$T_DIR/members.after.db" \
  "SELECT count(*) FROM member")" "$MEMBERS" "members: all $MEMBERS imported"

# ---- (b) import survey: one transaction of $HOUSEHOLDS surveys ----

crash survey "$T_DIR/members.after.db" search "$FIRST" -- \
  import survey survey.csv
expect_eq "$(sqlite3 "$T_DIR/survey.after.db" \
  "SELECT count(*) FROM survey")" "$HOUSEHOLDS" \
  "survey: all $HOUSEHOLDS imported"

# ---- (c) review approve: the review of the largest commune ----

cp "$T_DIR/survey.after.db" "$LEDGER"
COMMUNE=$(sqlite3 "$LEDGER" "SELECT commune_code FROM household
  GROUP BY 1 ORDER BY count(*) DESC, 1 LIMIT 1")
R=(--year 2023 --commune "$COMMUNE")
run_ok review open "${R[@]}" --date 2023-09-15
# Every household of the commune joins the review as `review add` would
# put it (one statement instead of one command per household), ...
sqlite3 "$LEDGER" "INSERT INTO review_household(review_id, household_id,
  must_review, why) SELECT r.id, h.id, 0, 'added' FROM household h
  JOIN review r ON r.commune_code = h.commune_code AND r.year = 2023
  AND r.month = 0 WHERE h.created_on <= r.reference_date"
run_ok review classify "${R[@]}"
# ... and its village meeting agrees, as `review meeting` records it.
sqlite3 "$LEDGER" "UPDATE review_household SET meeting_date = '2023-10-01',
  attendees = 30, agreeing = 20, meeting_agreed = 1
  WHERE proposed_class IS NOT NULL"
run_ok review post "${R[@]}" --from 2023-10-05 --to 2023-10-12
run_ok review status "${R[@]}"
expect_out "^approved +no$" "review: not approved yet"
IN_REVIEW=$(sqlite3 "$LEDGER" "SELECT count(*) FROM review_household
  WHERE meeting_agreed = 1")
check "review: $IN_REVIEW households to approve (a tenth of the ledger)" \
  test "$IN_REVIEW" -ge $((HOUSEHOLDS / 10))
cp "$LEDGER" "$T_DIR/review.db"

crash approve "$T_DIR/review.db" review status "${R[@]}" -- \
  review approve "${R[@]}" --decision "số 88/QĐ-UBND" --date 2023-12-10
expect_eq "$(sqlite3 "$T_DIR/approve.after.db" "SELECT count(*) FROM
  household_status")" "$IN_REVIEW" "approve: $IN_REVIEW statuses recorded"

check "some kills tore a WAL ($TORN) and some left one to replay ($REPLAYED)" \
  test "$TORN" -gt 0 -a "$REPLAYED" -gt 0
printf '# kill points: %d tried, %d landed (%d before the commit, %d of' \
  "$TRIED" "$LANDED" "$BEFORE" "$TORN"
printf ' them with a torn WAL; %d after, %d replayed from the WAL),' \
  "$AFTER" "$REPLAYED"
printf ' %d households, %s s\n' "$HOUSEHOLDS" "$(since "$START")"
finish
