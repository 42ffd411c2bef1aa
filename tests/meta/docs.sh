#!/usr/bin/env bash
# Docs sync: every POVREG_API function declared in include/ and every
# POVREG_E* result code must be mentioned (as a whole word) in docs/api.md.
# Env: POVREG_SOURCE_DIR.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
src=${POVREG_SOURCE_DIR:-$(cd "$here/../.." && pwd)}
doc=$src/docs/api.md

if [[ ! -f $doc ]]; then
  echo "FAIL: docs/api.md is missing: it must document every POVREG_API" \
    "function and every POVREG_E* code of include/"
  exit 1
fi

names=$(
  for f in "$src/include/povreg.h" "$src/include/povreg"/*.h; do
    awk -f "$here/strip.awk" "$f" | awk -v FILE="$f" -f "$here/decls.awk"
  done | awk -F'\t' '
    ($1 == "func" && $4 == 1) || ($1 == "enumval" && $2 ~ /^POVREG_E/) {
      print $2
    }' | sort -u
)
if [[ -z $names ]]; then
  echo "FAIL: found no POVREG_API functions in include/ (parser broken?)"
  exit 1
fi

missing=()
total=0
for n in $names; do
  total=$((total + 1))
  if ! grep -qw -- "$n" "$doc"; then
    missing+=("$n")
  fi
done

if ((${#missing[@]})); then
  echo "FAIL: docs/api.md does not mention ${#missing[@]} of $total public" \
    "names:"
  printf '  %s\n' "${missing[@]}"
  exit 1
fi
echo "docs sync passed ($total functions and codes in docs/api.md)"
