#!/usr/bin/env bash
# Prefix test.
#  1. Every identifier declared at file scope in include/ (functions,
#     variables, typedefs, struct/union/enum tags, enum values, macros)
#     starts with povreg_ or POVREG_ (include guards are POVREG_* anyway),
#     and every function is declared POVREG_API.
#  2. The shared library exports exactly the POVREG_API functions: nothing
#     else (no povreg__ internals, no unprefixed helpers), none missing.
#  3. Every global symbol the static library defines starts with povreg_
#     (internals are povreg__*), so it cannot clash in a static link.
# Env: POVREG_SOURCE_DIR, POVREG_SHARED_LIB, POVREG_STATIC_LIB, NM.
# The parser checks itself first on a header full of mistakes.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
src=${POVREG_SOURCE_DIR:-$(cd "$here/../.." && pwd)}
nm=${NM:-nm}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# decls FILE... : the file-scope declarations of the headers (decls.awk).
decls() {
  local f
  for f in "$@"; do
    awk -f "$here/strip.awk" "$f" | awk -v FILE="${f#"$src/"}" -f "$here/decls.awk"
  done
}

# bad_names: the declarations read on stdin that break the naming rules.
bad_names() {
  awk -F'\t' '
    $2 !~ /^(povreg_|POVREG_)/ { print $3 ": " $1 " " $2 " lacks the povreg_/POVREG_ prefix"; next }
    $1 == "func" && $4 != 1    { print $3 ": function " $2 " is not declared POVREG_API" }
  '
}

# ---- 0. self-test of the parser ----
cat >"$tmp/bad.h" <<'HDR'
/* A header with one mistake of each kind (and decoys that are fine). */
#ifndef BAD_GUARD_H
#define BAD_GUARD_H
#define POVREG_FINE 1 /* fine */
typedef struct povreg_ok { int member_name; } povreg_ok; /* fine */
typedef struct bad_tag bad_typedef;
enum povreg_kind { POVREG_KIND_A = 1, BAD_ENUM_VALUE, POVREG_KIND_C = BAD_GUARD_H };
POVREG_API int povreg_fine(const char *param_name, int (*cb)(void *payload));
int bad_function(void);
POVREG_API void *bad_pointer_function(struct tm *when);
typedef int (*bad_callback)(const povreg_ok *record, void *payload);
extern int bad_variable;
int povreg_no_api(void);
#endif
HDR
decls "$tmp/bad.h" | bad_names | sed 's/^[^ ]* //' | sort >"$tmp/got"
sort >"$tmp/want" <<'WANT'
function povreg_no_api is not declared POVREG_API
func bad_function lacks the povreg_/POVREG_ prefix
func bad_pointer_function lacks the povreg_/POVREG_ prefix
enumval BAD_ENUM_VALUE lacks the povreg_/POVREG_ prefix
macro BAD_GUARD_H lacks the povreg_/POVREG_ prefix
tag bad_tag lacks the povreg_/POVREG_ prefix
typedef bad_callback lacks the povreg_/POVREG_ prefix
typedef bad_typedef lacks the povreg_/POVREG_ prefix
var bad_variable lacks the povreg_/POVREG_ prefix
WANT
if ! diff -u "$tmp/want" "$tmp/got"; then
  echo "FAIL: the declaration parser (tests/meta/decls.awk) misreads its" \
    "self-test header"
  exit 1
fi

# ---- 1. names declared in include/ ----
fail=0
headers=("$src/include/povreg.h" "$src/include/povreg"/*.h)
decls "${headers[@]}" >"$tmp/decls"
bad_names <"$tmp/decls" >"$tmp/bad"
n_decls=$(wc -l <"$tmp/decls")
if [[ -s $tmp/bad ]]; then
  echo "FAIL: public headers declare names outside the povreg namespace:"
  sed 's/^/  /' "$tmp/bad"
  fail=1
else
  echo "ok   $n_decls file-scope declarations in include/ are prefixed"
fi
awk -F'\t' '$1 == "func" { print $2 }' "$tmp/decls" | sort -u >"$tmp/api"

# ---- 2. symbols exported by the shared library ----
if [[ -n ${POVREG_SHARED_LIB:-} ]]; then
  if [[ ! -f $POVREG_SHARED_LIB ]]; then
    echo "FAIL: shared library $POVREG_SHARED_LIB not built"
    exit 1
  fi
  "$nm" -D --defined-only "$POVREG_SHARED_LIB" |
    awk 'NF >= 3 { print $3 }' |
    grep -Ev '^(_init|_fini|_edata|_end|__bss_start)$' |
    sort -u >"$tmp/exported"
  grep -Ev '^povreg_[^_]' "$tmp/exported" >"$tmp/extra" || true
  comm -23 "$tmp/exported" "$tmp/api" | grep -E '^povreg_[^_]' \
    >>"$tmp/extra" || true
  comm -13 "$tmp/exported" "$tmp/api" >"$tmp/missing" || true
  if [[ -s $tmp/extra ]]; then
    echo "FAIL: $(basename "$POVREG_SHARED_LIB") exports symbols that are" \
      "not POVREG_API functions of include/:"
    sed 's/^/  /' "$tmp/extra"
    fail=1
  fi
  if [[ -s $tmp/missing ]]; then
    echo "FAIL: POVREG_API functions declared in include/ but not defined" \
      "(exported) by $(basename "$POVREG_SHARED_LIB"):"
    sed 's/^/  /' "$tmp/missing"
    fail=1
  fi
  if [[ ! -s $tmp/extra && ! -s $tmp/missing ]]; then
    echo "ok   $(wc -l <"$tmp/exported") exported symbols ==" \
      "the POVREG_API functions"
  fi
fi

# ---- 3. global symbols of the static library ----
if [[ -n ${POVREG_STATIC_LIB:-} ]]; then
  if [[ ! -f $POVREG_STATIC_LIB ]]; then
    echo "FAIL: static library $POVREG_STATIC_LIB not built"
    exit 1
  fi
  # Sanitizer instrumentation adds its own (reserved) __asan/__ubsan names.
  "$nm" -g --defined-only "$POVREG_STATIC_LIB" 2>/dev/null |
    awk 'NF >= 3 { print $3 }' |
    grep -Ev '^(povreg_|__(asan|ubsan|sancov|odr_asan)|___asan)' |
    sort -u >"$tmp/sglobal" || true
  if [[ -s $tmp/sglobal ]]; then
    echo "FAIL: $(basename "$POVREG_STATIC_LIB") defines global symbols" \
      "without the povreg_ prefix (make them static, or povreg__name):"
    sed 's/^/  /' "$tmp/sglobal"
    fail=1
  else
    echo "ok   every global symbol of $(basename "$POVREG_STATIC_LIB")" \
      "starts with povreg_"
  fi
fi

if ((fail)); then
  echo "prefix test FAILED"
  exit 1
fi
echo "prefix test passed"
