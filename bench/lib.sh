# bench/lib.sh: what bench/run and bench/bench_import.sh both need; sourced,
# not run.  The sourcing script sets `prog` (its name in messages) and
# `work` (its work directory) before calling these.
# prog and work come from the caller; T and RSS are read by it
# shellcheck shell=bash disable=SC2154,SC2034

# die MESSAGE...: say what went wrong and stop.
die() {
  printf '%s: %s\n' "$prog" "$*" >&2
  exit 1
}

# timed CMD...: run CMD; set T to its wall time in seconds and RSS to its
# peak resident memory in KiB.  Stops the benchmark if CMD fails.
timed() {
  local t0 t1
  t0=$EPOCHREALTIME
  if ! /usr/bin/time -f %M -o "$work/run.rss" "$@" >"$work/run.out" \
    2>"$work/run.err"; then
    printf '%s: failed: %s\n' "$prog" "$*" >&2
    head -n 20 "$work/run.err" >&2
    exit 1
  fi
  t1=$EPOCHREALTIME
  T=$(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.4f", b - a }')
  RSS=$(tail -n 1 "$work/run.rss")
}

# median X...: the median of numbers (mean of the middle two if even).
median() {
  printf '%s\n' "$@" | sort -g |
    awk '{ v[NR] = $1 } END {
      if (NR % 2) printf "%.4f", v[(NR + 1) / 2];
      else printf "%.4f", (v[NR / 2] + v[NR / 2 + 1]) / 2 }'
}

# calc EXPR: evaluate an awk expression, 4 decimals.
calc() {
  awk "BEGIN { printf \"%.4f\", $1 }"
}
