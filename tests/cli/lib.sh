#!/usr/bin/env bash
# lib.sh: helpers for the CLI tests in tests/cli/test_*.sh.
#
# Source it from a test file:   . "$(dirname "$0")/lib.sh"
#
# Each test file gets a fresh temporary directory $T_DIR (mktemp -d,
# removed on exit) holding its ledger $LEDGER.  The binary is $POVREG_BIN
# (default /work/main/build/povreg).  Every run passes --db $LEDGER and
# --today 2026-11-29, so results do not depend on the clock.
#
#   pv ARGS...                 run povreg; sets OUT, ERR (text) and RC
#   run_ok ARGS...             pass if exit 0 and nothing on stderr
#   run_fail CODE REGEX ARGS... pass if exit CODE, stdout empty, stderr
#                              matching REGEX (grep -E) and one line long
#                              (two for usage errors, code 2: the problem
#                              and "Try 'povreg ... --help'.")
#   run_unchanged CODE REGEX ARGS...  run_fail, and the ledger's
#                              `sqlite3 .dump` (audit log included) must be
#                              identical before and after
#   expect_out REGEX [DESC]    pass if the last stdout matches
#   expect_no_out REGEX [DESC] pass if it does not
#   expect_eq ACTUAL EXPECTED DESC
#   check DESC COMMAND...      pass if COMMAND succeeds
#   finish                     print "N passed, M failed"; exit 1 if M > 0
#
# Run directly (bash lib.sh), it tests its own helpers against a fake
# binary.
set -u

POVREG_BIN=${POVREG_BIN:-/work/main/build/povreg}
TODAY=2026-11-29
# A UTF-8 locale, so ${#var} counts characters, not bytes.
export LC_ALL=C.UTF-8
# The tests must not see the developer's settings.
unset POVREG_DB POVREG_OPERATOR POVREG_TODAY

T_DIR=$(mktemp -d "${TMPDIR:-/tmp}/povreg-cli.XXXXXX") || {
  echo "mktemp failed" >&2
  exit 1
}
trap 'rm -rf "$T_DIR"' EXIT
LEDGER=$T_DIR/ledger.db
T_PASS=0
T_FAIL=0
OUT=
ERR=
RC=0

# ok DESC: count a pass.
ok() {
  T_PASS=$((T_PASS + 1))
  printf 'ok %d - %s\n' $((T_PASS + T_FAIL)) "$1"
}

# not_ok DESC DETAILS...: count a failure and show why.
not_ok() {
  local desc=$1
  shift
  T_FAIL=$((T_FAIL + 1))
  printf 'not ok %d - %s\n' $((T_PASS + T_FAIL)) "$desc"
  local line
  for line in "$@"; do
    printf '#   %s\n' "$line"
  done
  printf '#   exit status: %s\n' "$RC"
  printf '#   stdout: %s\n' "${OUT:0:2000}"
  printf '#   stderr: %s\n' "${ERR:0:2000}"
}

# pv ARGS...: run povreg on $LEDGER with --today; sets OUT, ERR and RC.
pv() {
  pv_raw --db "$LEDGER" --today "$TODAY" "$@"
}

# pv_raw ARGS...: run povreg with exactly these arguments.
pv_raw() {
  RC=0
  "$POVREG_BIN" "$@" >"$T_DIR/.out" 2>"$T_DIR/.err" </dev/null || RC=$?
  OUT=$(<"$T_DIR/.out")
  ERR=$(<"$T_DIR/.err")
}

# describe ARGS...: the command line as text, for messages.
describe() {
  local s="povreg" a
  for a in "$@"; do
    if [[ $a =~ ^[A-Za-z0-9_.,:/=+-]+$ ]]; then
      s+=" $a"
    else
      s+=" '${a//$'\n'/\\n}'"
    fi
  done
  printf '%s' "$s"
}

# lines TEXT: number of lines in TEXT (0 for empty).
lines() {
  if [[ -z $1 ]]; then
    echo 0
  else
    printf '%s\n' "$1" | wc -l | tr -d ' '
  fi
}

# run_ok ARGS...: povreg ARGS must exit 0 and print nothing on stderr.
run_ok() {
  local desc
  desc=$(describe "$@")
  pv "$@"
  if [[ $RC -eq 0 && -z $ERR ]]; then
    ok "$desc"
  else
    not_ok "$desc" "expected exit 0 and an empty stderr"
  fi
}

# check_fail DESC CODE REGEX: judge the last run as a failure.
check_fail() {
  local desc=$1 code=$2 re=$3 want_lines=1
  [[ $code -eq 2 ]] && want_lines=2
  if [[ $RC -ne $code ]]; then
    not_ok "$desc" "expected exit $code"
  elif [[ -n $OUT ]]; then
    not_ok "$desc" "expected nothing on stdout"
  elif ! grep -qE -- "$re" <<<"$ERR"; then
    not_ok "$desc" "stderr does not match /$re/"
  elif [[ $(lines "$ERR") -ne $want_lines ]]; then
    not_ok "$desc" "expected $want_lines line(s) on stderr"
  elif [[ $ERR != "povreg: "* ]]; then
    not_ok "$desc" "stderr does not start with 'povreg: '"
  elif [[ $code -eq 2 && $ERR != *$'\n'"Try 'povreg "*"--help'." ]]; then
    not_ok "$desc" "a usage error must end with Try 'povreg ... --help'."
  else
    ok "$desc"
  fi
}

# run_fail CODE REGEX ARGS...: povreg ARGS must fail with CODE (see top).
run_fail() {
  local code=$1 re=$2
  shift 2
  local desc
  desc="$(describe "$@") fails with $code"
  pv "$@"
  check_fail "$desc" "$code" "$re"
}

# dump_ledger FILE: write the ledger's full SQL dump to FILE.
dump_ledger() {
  sqlite3 "$LEDGER" .dump >"$1" 2>&1
}

# run_unchanged CODE REGEX ARGS...: run_fail, and the ledger (every table,
# the audit log too) must be exactly as before.
run_unchanged() {
  local code=$1 re=$2
  shift 2
  local desc
  desc="$(describe "$@") fails with $code"
  dump_ledger "$T_DIR/.before"
  pv "$@"
  check_fail "$desc" "$code" "$re"
  dump_ledger "$T_DIR/.after"
  if cmp -s "$T_DIR/.before" "$T_DIR/.after"; then
    ok "ledger unchanged after: $desc"
  else
    not_ok "ledger unchanged after: $desc" \
      "$(diff "$T_DIR/.before" "$T_DIR/.after" | head -20)"
  fi
}

# expect_out REGEX [DESC]: the last stdout must match REGEX (grep -E).
expect_out() {
  local desc=${2:-"stdout matches /$1/"}
  if grep -qE -- "$1" <<<"$OUT"; then
    ok "$desc"
  else
    not_ok "$desc" "stdout does not match /$1/"
  fi
}

# expect_no_out REGEX [DESC]: the last stdout must not match REGEX.
expect_no_out() {
  local desc=${2:-"stdout does not match /$1/"}
  if grep -qE -- "$1" <<<"$OUT"; then
    not_ok "$desc" "stdout matches /$1/"
  else
    ok "$desc"
  fi
}

# expect_eq ACTUAL EXPECTED DESC: the two strings must be equal.
expect_eq() {
  if [[ $1 == "$2" ]]; then
    ok "$3"
  else
    not_ok "$3" "expected: $2" "actual:   $1"
  fi
}

# check DESC COMMAND...: COMMAND must succeed.
check() {
  local desc=$1
  shift
  if "$@"; then
    ok "$desc"
  else
    not_ok "$desc" "command failed: $*"
  fi
}

# valid_json: true if the last stdout is valid JSON (skipped, true, when
# python3 is not installed).
valid_json() {
  if ! command -v python3 >/dev/null 2>&1; then
    return 0
  fi
  python3 -c 'import json, sys; json.load(sys.stdin)' <<<"$OUT" 2>/dev/null
}

# ---- files a command wrote (sqlite3 is always there; python3 may not be) ----

# json_ok FILE: FILE is valid JSON (sqlite3's json_valid, and python3's
# parser when it is installed).
json_ok() {
  [[ $(sqlite3 :memory: "SELECT json_valid(readfile('$1'))") == 1 ]] || return 1
  if command -v python3 >/dev/null 2>&1; then
    python3 -c 'import json, sys; json.load(open(sys.argv[1]))' "$1" \
      2>/dev/null || return 1
  fi
}

# csv_ok FILE ROWS: FILE parses as CSV (RFC 4180, every row as wide as
# the header) and has ROWS rows after the header.
csv_ok() {
  local n err
  n=$(sqlite3 :memory: ".import --csv '$1' t" "SELECT count(*) FROM t" \
    2>"$T_DIR/.csverr") || return 1
  err=$(<"$T_DIR/.csverr")
  [[ -z $err && $n == "$2" ]]
}

# html_ok FILE: FILE is well-formed (xmllint, else python3's XML parser,
# else only a balance of the main tags), self-contained and script-free.
html_ok() {
  local f=$1 t
  if grep -qiE '<script|https?://|<link|<img|@import|url\(' "$f"; then
    return 1
  fi
  if command -v xmllint >/dev/null 2>&1; then
    xmllint --noout "$f" 2>/dev/null || return 1
  elif command -v python3 >/dev/null 2>&1; then
    python3 -c 'import sys, xml.etree.ElementTree as E; E.parse(sys.argv[1])' \
      "$f" 2>/dev/null || return 1
  fi
  for t in html head body svg table section tr td th; do
    [[ $(grep -o "<${t}[ >]" "$f" | wc -l) -eq $(grep -o "</$t>" "$f" | wc -l) ]] ||
      return 1
  done
}

# save NAME: write the last stdout to $T_DIR/NAME (for the checks above).
save() {
  printf '%s\n' "$OUT" >"$T_DIR/$1"
}

# finish: print the tally; exit 1 if anything failed.
finish() {
  echo "$T_PASS passed, $T_FAIL failed"
  if [[ $T_FAIL -gt 0 ]]; then
    exit 1
  fi
  exit 0
}

# ---- self-test, when run directly ----

if [[ ${BASH_SOURCE[0]} == "$0" ]]; then
  # A fake povreg: prints its arguments, fails as told by the first one.
  fake=$T_DIR/fake-povreg
  cat >"$fake" <<'EOF'
#!/usr/bin/env bash
for a; do case $a in
  --fail=*) echo "povreg: failed ${a#--fail=}" >&2; exit "${a#--fail=}" ;;
  --usage) echo "povreg: bad option" >&2
           echo "Try 'povreg fake --help'." >&2; exit 2 ;;
  --write) sqlite3 "$2" "CREATE TABLE IF NOT EXISTS t(x); INSERT INTO t VALUES (1);"
           echo "povreg: wrote" >&2; exit 3 ;;
esac; done
echo "args: $*"
EOF
  chmod +x "$fake"
  POVREG_BIN=$fake
  sqlite3 "$LEDGER" "CREATE TABLE t(x);"

  run_ok hello
  expect_out "args: --db .* --today 2026-11-29 hello" "pv passes --db and --today"
  expect_no_out "nope"
  expect_eq "$(lines "")" 0 "lines of empty text"
  expect_eq "$(lines $'a\nb')" 2 "lines of two lines"
  run_fail 3 "failed 3" --fail=3
  run_fail 2 "bad option" --usage
  run_unchanged 1 "failed 1" --fail=1

  # The helpers must also notice failures: count them, then undo.
  before_pass=$T_PASS before_fail=$T_FAIL
  {
    run_ok --fail=1
    run_fail 1 "other text" --fail=1
    run_fail 2 "failed" --fail=1
    run_unchanged 3 "wrote" --write
    expect_out "absent"
    expect_eq a b "different strings"
  } >/dev/null
  caught=$((T_FAIL - before_fail))
  T_PASS=$before_pass
  T_FAIL=$before_fail
  expect_eq "$caught" 6 "helpers report the 6 planted failures"
  finish
fi
