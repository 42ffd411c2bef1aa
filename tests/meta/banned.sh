#!/usr/bin/env bash
# Banned functions: no call to gets sprintf vsprintf strcpy strcat strtok
# atoi atol in src/, src/cli/ or tests/ (C files).  Use snprintf, and
# strtol/strtoll with endptr and errno checks.  Comments and string
# literals are ignored.  Env: POVREG_SOURCE_DIR.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
src=${POVREG_SOURCE_DIR:-$(cd "$here/../.." && pwd)}
pattern='\b(gets|sprintf|vsprintf|strcpy|strcat|strtok|atoi|atol)\s*\('

# Self-check: the pattern and the comment stripper do what they claim.
probe=$(printf '%s\n' 'n = atoi(s); /* strcpy(a, b) */' \
  'snprintf(b, 4, "x"); fgets(b, 4, f); p = "sprintf(";' \
  '  sprintf (buf, "%d", 1);' |
  awk -f "$here/strip.awk" | grep -nE "$pattern" | cut -d: -f1 | tr '\n' ' ')
if [[ $probe != "1 3 " ]]; then
  echo "FAIL: banned.sh self-check found lines '$probe', expected '1 3 '"
  exit 1
fi

fail=0
count=0
while IFS= read -r -d '' f; do
  count=$((count + 1))
  while IFS=: read -r ln _; do
    printf '%s:%s: %s\n' "${f#"$src/"}" "$ln" "$(sed -n "${ln}p" "$f")"
    fail=1
  done < <(awk -f "$here/strip.awk" "$f" | grep -nE "$pattern" || true)
done < <(find "$src/src" "$src/tests" -type f \( -name '*.c' -o -name '*.h' \) \
  -print0 | sort -z)

if ((fail)); then
  echo "FAIL: banned functions called above (gets sprintf vsprintf strcpy" \
    "strcat strtok atoi atol); use snprintf and strtol with endptr+errno"
  exit 1
fi
echo "banned-function check passed ($count C files)"
