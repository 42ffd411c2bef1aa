#!/usr/bin/env bash
# Header self-test: every public header must compile on its own (and when
# included twice) with -std=c11 -Wall -Wextra -pedantic -Werror, and the
# umbrella include/povreg.h must include every include/povreg/*.h.
# Env: POVREG_SOURCE_DIR (default: this repo), CC (default: cc).
set -euo pipefail

src=${POVREG_SOURCE_DIR:-$(cd "$(dirname "$0")/../.." && pwd)}
cc=${CC:-cc}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

fail=0
headers=("$src/include/povreg.h" "$src/include/povreg"/*.h)
for h in "${headers[@]}"; do
  if [[ ! -f $h ]]; then
    echo "FAIL: no public headers found under $src/include" >&2
    exit 1
  fi
  rel=${h#"$src/include/"}
  printf '#include "%s"\n#include "%s"\nint povreg_header_test_;\n' \
    "$rel" "$rel" >"$tmp/t.c"
  if "$cc" -std=c11 -Wall -Wextra -pedantic -Werror -fsyntax-only \
    -I"$src/include" "$tmp/t.c" 2>"$tmp/err"; then
    echo "ok   $rel"
  else
    echo "FAIL $rel does not compile on its own:"
    sed 's/^/     /' "$tmp/err"
    fail=1
  fi
done

for h in "$src/include/povreg"/*.h; do
  rel=${h#"$src/include/"}
  if ! grep -Eq "^[[:space:]]*#[[:space:]]*include[[:space:]]+[\"<]${rel//./\\.}[\">]" \
    "$src/include/povreg.h"; then
    echo "FAIL include/povreg.h does not include $rel"
    fail=1
  fi
done

if ((fail)); then
  echo "header self-test FAILED"
  exit 1
fi
echo "header self-test passed (${#headers[@]} headers)"
