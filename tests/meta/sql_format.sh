#!/usr/bin/env bash
# SQL is never built from values: in src/ and src/cli/ no printf-style call
# (snprintf, vsnprintf, sqlite3_mprintf, sqlite3_vmprintf,
# sqlite3_snprintf, sqlite3_str_appendf) whose format string is SQL may
# format anything but an integer (%d, %ld, %lld, %u, %zu, %" PRId64 ...):
# no %s, %q, %Q, %w, %z, %c, %f.  Values reach SQL as bound parameters;
# the integer cases are PRAGMA values and savepoint numbers, which SQLite
# cannot bind.  A format string is SQL if it starts with an SQL verb or
# holds FROM/WHERE/VALUES/SET between spaces.  Env: POVREG_SOURCE_DIR.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
src=${POVREG_SOURCE_DIR:-$(cd "$here/../.." && pwd)}

# scan FILE...: print "FILE:LINE: FORMAT" for every offending call.  A call
# runs from its name to the first ';' after it; its string literals are
# joined (adjacent literals concatenate in C) and judged as one format.
scan() {
  awk '
    function judge(text, file, line,    fmt, s, verb, conv) {
      fmt = ""
      s = text
      while (match(s, /"([^"\\]|\\.)*"/)) {
        fmt = fmt substr(s, RSTART + 1, RLENGTH - 2)
        s = substr(s, RSTART + RLENGTH)
      }
      verb = "^[ \t]*(SELECT|INSERT|UPDATE|DELETE|REPLACE|CREATE|DROP|ALTER|PRAGMA|SAVEPOINT|RELEASE|ROLLBACK|BEGIN|COMMIT|ATTACH|DETACH|WITH|VACUUM|ANALYZE)[ ;(]"
      if (fmt !~ verb && fmt !~ / (FROM|WHERE|VALUES|SET) /) {
        return
      }
      s = fmt
      gsub(/%%/, "", s)
      while (match(s, /%[-+ #0-9.*]*(hh|h|ll|l|z|j|t)?[a-zA-Z]/)) {
        conv = substr(s, RSTART, RLENGTH)
        if (conv !~ /[diu]$/) {
          printf "%s:%d: %s\n", file, line, fmt
          return
        }
        s = substr(s, RSTART + RLENGTH)
      }
    }
    FNR == 1 { inside = 0 }
    {
      line_text = $0
      if (!inside && match(line_text, /(^|[^A-Za-z0-9_])(v?snprintf|sqlite3_v?mprintf|sqlite3_snprintf|sqlite3_str_v?appendf)[ \t]*\(/)) {
        inside = 1
        start = FNR
        call = substr(line_text, RSTART)
        line_text = ""
      }
      if (inside) {
        call = call " " line_text
        # PRId64 and friends sit between literals: treat them as %d
        gsub(/"[ \t]*PRI[diu](8|16|32|64|MAX|PTR)[ \t]*"/, "d", call)
        if (call ~ /\)[ \t]*;/ || call ~ /\)[ \t]*[<>=!]/ || call ~ /\)[ \t]*\)/) {
          judge(call, FILENAME, start)
          inside = 0
        }
      }
    }
  ' "$@"
}

# Self-check: the scanner catches what it must and passes what it may.
probe=$(mktemp -d)
trap 'rm -rf "$probe"' EXIT
cat >"$probe/bad.c" <<'EOF'
snprintf(sql, sizeof sql, "SELECT * FROM household WHERE code = '%s'", c);
snprintf(sql, sizeof sql,
         "DELETE FROM member "
         "WHERE id = %lld AND name = %Q", id, n);
z = sqlite3_mprintf("PRAGMA %w.user_version", schema);
EOF
cat >"$probe/good.c" <<'EOF'
snprintf(sql, sizeof sql, "PRAGMA user_version = %d", v);
snprintf(sql, sizeof sql, "SAVEPOINT povreg_%d", n);
snprintf(buf, sizeof buf, "%s: no household '%s'", field, code);
snprintf(k, sizeof k, "%s/%d", code, year);
snprintf(s, n, "ROLLBACK TO p_%" PRId64 "; RELEASE p_%" PRId64, a, b);
EOF
got=$(scan "$probe/bad.c" | cut -d: -f2 | tr '\n' ' ')
if [[ $got != "1 2 5 " ]]; then
  echo "FAIL: sql_format.sh self-check flagged lines '$got' of bad.c," \
    "expected '1 2 5 '"
  exit 1
fi
got=$(scan "$probe/good.c")
if [[ -n $got ]]; then
  echo "FAIL: sql_format.sh self-check flagged good.c: $got"
  exit 1
fi

count=0
files=()
while IFS= read -r -d '' f; do
  files+=("$f")
  count=$((count + 1))
done < <(find "$src/src" -type f \( -name '*.c' -o -name '*.h' \) -print0 |
  sort -z)
bad=$(scan "${files[@]}")
if [[ -n $bad ]]; then
  printf '%s\n' "${bad//"$src/"/}"
  echo "FAIL: SQL formatted from values above; bind them (?1, :name)" \
    "instead (integers only may be formatted, for PRAGMA and SAVEPOINT)"
  exit 1
fi
echo "SQL format check passed ($count C files: SQL text formats integers" \
  "only)"
