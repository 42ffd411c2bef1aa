#!/usr/bin/env bash
# test_filemodes.sh: with a permissive umask (000), everything povreg
# creates that holds personal data is readable and writable by its owner
# only: a new ledger (0600), its -wal and -shm files while it is open
# (0600), every export file and fix list (0600, also when replacing a
# file that was 0644), the ledger export's directory (0700) and files
# (0600), a report file (0600, its temporary file never a planted link)
# and a backup (0600) when this build has "povreg backup".
# shellcheck source-path=SCRIPTDIR
. "$(dirname "$0")/lib.sh"

DATA=$(cd "${POVREG_SOURCE_DIR:-$(dirname "$0")/../..}/tests/data/cli" &&
  pwd) || exit 1
cd "$T_DIR" || exit 1
umask 000

# mode_is FILE MODE DESC: FILE exists with permission bits MODE (octal).
mode_is() {
  local m
  if [[ ! -e $1 ]]; then
    not_ok "$3" "no file $1"
    return
  fi
  m=$(stat -c %a "$1")
  expect_eq "$m" "$2" "$3"
}

check "umask is 000 for this test" test "$(umask)" = 0000

# ---- the ledger and its WAL ----

run_ok init
mode_is "$LEDGER" 600 "a new ledger is created 0600"
run_ok import households "$DATA/households.csv" --new-villages
run_ok import members "$DATA/members.csv"
mode_is "$LEDGER" 600 "the ledger stays 0600 after writes"

# Keep povreg inside the ledger: an import reading standard input from a
# FIFO opens the ledger (creating -wal and -shm) and waits for its input.
mkfifo in.fifo
"$POVREG_BIN" --db "$LEDGER" --today "$TODAY" import households - \
  <in.fifo >import.out 2>import.err &
pid=$!
exec 3>in.fifo
for _ in $(seq 100); do
  [[ -e $LEDGER-wal && -e $LEDGER-shm ]] && break
  sleep 0.1
done
mode_is "$LEDGER-wal" 600 "the -wal file of an open ledger is 0600"
mode_is "$LEDGER-shm" 600 "the -shm file of an open ledger is 0600"
head -1 "$DATA/households.csv" >&3
exec 3>&-
wait "$pid"
expect_eq "$?" 3 "the held import ends (a file with only its header)"
check "no -wal file is left after the last close" test ! -e "$LEDGER-wal"

# ---- exports ----

run_ok export bhyt -o bhyt.csv
mode_is bhyt.csv 600 "export bhyt: the list is 0600"
mode_is bhyt.csv.fix.csv 600 "export bhyt: the fix list is 0600"
touch old.csv
chmod 644 old.csv
run_ok export bhyt -o old.csv --fix-list old-fix.csv --redact
mode_is old.csv 600 "export bhyt over a 0644 file leaves it 0600"
mode_is old-fix.csv 600 "export bhyt --fix-list FILE is 0600"
for k in poor near-poor escaped; do
  run_ok export "$k" --year 2026 -o "$k.csv"
  mode_is "$k.csv" 600 "export $k: 0600"
done
run_ok review open --year 2025 --commune 23536 --date 2025-09-05
run_ok export posting --year 2025 --commune 23536 -o posting.csv
mode_is posting.csv 600 "export posting: 0600"
run_ok export ledger -o out/ledger
mode_is out 700 "export ledger: a directory it creates is 0700"
mode_is out/ledger 700 "export ledger: the innermost directory is 0700"
for k in households members survey; do
  mode_is "out/ledger/$k.csv" 600 "export ledger: $k.csv is 0600"
done
# A report is no personal data, but its temporary file is created the
# same way (mkstemp: a fresh name, never a link someone planted).
ln -s "$T_DIR/victim" report.html.tmp
run_ok report summary --year 2025 --unit 23536 -o report.html
mode_is report.html 600 "report -o FILE: 0600"
check "report -o FILE does not write through a planted FILE.tmp link" \
  test ! -e "$T_DIR/victim"
rm -f report.html.tmp
check "no temporary file is left behind" \
  test -z "$(find . -name '*.tmp*' -print)"

# ---- backup, when this build has it ----

pv_raw backup --help
if [[ $RC -eq 0 ]]; then
  run_ok backup backup.db
  mode_is backup.db 600 "povreg backup FILE: the copy is 0600"
  for f in backup.db-wal backup.db-shm backup.db-journal; do
    if [[ -e $f ]]; then
      mode_is "$f" 600 "povreg backup: $f is 0600"
    fi
  done
else
  ok "povreg backup FILE is 0600 # SKIP no 'povreg backup' in this build"
fi

finish
