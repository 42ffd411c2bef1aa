#!/usr/bin/env bash
# bench_import.sh: `povreg import` of households, members and surveys
# against the sqlite3 shell's `.import` of the same files into plain
# tables (issue 5's performance line; issue 7 builds on it), and against
# the floor: the sqlite3 shell storing the same rows in the ledger's own
# schema with INSERT ... SELECT.
#
# Generates the files once with gen_ledger, then runs RUNS rounds.  Each
# round builds a fresh ledger and a fresh floor ledger (`povreg init`, not
# timed) and a fresh baseline database, and for each file in turn
# (households, members, survey) times the three loads, alternating their
# order from round to round.  Wall time is taken around the whole process
# (start, open, import, commit, exit).  Prints the figures of every round,
# a table of the medians, then name=value lines, import_ratio last.
# Writes nothing outside its work directory (removed unless --keep).
set -euo pipefail
prog=bench_import
# shellcheck source=bench/lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh" # die, timed, median, calc
export LC_ALL=C # '.' as the decimal point of $EPOCHREALTIME and awk

usage() {
  cat <<'EOF'
usage: bench/bench_import.sh [--build DIR] [--households N] [--seed S]
                             [--shuffle] [--runs R] [--work DIR] [--keep]

  --build DIR       build directory holding povreg and bench/gen_ledger
                    (default: $POVREG_BUILD_DIR, else build-rel); build it
                    in Release for real figures
  --households N    households to generate (default 100000)
  --seed S          generator seed (default 1)
  --shuffle         write the rows in random order (same rows)
  --runs R          rounds; medians are taken over them (default 3)
  --work DIR        where files and databases go (default: a new
                    directory under $TMPDIR or /tmp, removed at the end)
  --keep            keep the work directory
EOF
}


build=${POVREG_BUILD_DIR:-build-rel}
households=100000
seed=1
shuffle=0
runs=3
work=
keep=0
while (($#)); do
  case $1 in
  --build) build=${2:?--build needs a value}; shift ;;
  --households) households=${2:?--households needs a value}; shift ;;
  --seed) seed=${2:?--seed needs a value}; shift ;;
  --shuffle) shuffle=1 ;;
  --runs) runs=${2:?--runs needs a value}; shift ;;
  --work) work=${2:?--work needs a value}; shift ;;
  --keep) keep=1 ;;
  -h | --help) usage; exit 0 ;;
  *) usage >&2; exit 2 ;;
  esac
  shift
done
[[ $households =~ ^[1-9][0-9]*$ ]] || die "--households must be a number"
[[ $seed =~ ^[0-9]+$ ]] || die "--seed must be a number"
[[ $runs =~ ^[1-9][0-9]*$ ]] || die "--runs must be a number"

povreg=$build/povreg
gen=$build/bench/gen_ledger
[[ -x $povreg ]] || die "$povreg: not built (cmake --build $build)"
[[ -x $gen ]] || die "$gen: not built (cmake --build $build)"
command -v sqlite3 >/dev/null || die "sqlite3: not installed (apt-get install sqlite3)"
[[ -x /usr/bin/time ]] || die "/usr/bin/time: not installed (apt-get install time)"

if [[ -z $work ]]; then
  work=$(mktemp -d "${TMPDIR:-/tmp}/povreg-bench.XXXXXX")
  created=1
else
  mkdir -p "$work"
  created=0
fi
[[ $work != *[\"\']* ]] || die "--work: no quotes in the path, please"

# cleanup: remove what this run made, unless --keep.
cleanup() {
  if ((keep)); then
    printf 'bench_import: kept %s\n' "$work" >&2
  elif ((created)); then
    rm -rf "$work"
  else
    rm -rf "$work/data" "$work"/ledger.db* "$work"/base.db* "$work"/floor.db* \
      "$work"/run.*
  fi
}
trap cleanup EXIT

# count DB SQL: one number from a query.
count() {
  sqlite3 "$1" "$2"
}

# ---- the files --------------------------------------------------------

data=$work/data
mkdir -p "$data"
gen_args=(--households "$households" --seed "$seed" --out "$data")
((shuffle)) && gen_args+=(--shuffle)
t0=$EPOCHREALTIME
"$gen" "${gen_args[@]}" >"$work/run.gen" || die "gen_ledger failed"
gen_s=$(awk -v a="$t0" -v b="$EPOCHREALTIME" 'BEGIN { printf "%.2f", b - a }')
members=$(sed -n 's/^members=//p' "$work/run.gen")
surveys=$(sed -n 's/^surveys=//p' "$work/run.gen")
order=$( ((shuffle)) && echo shuffled || echo "key order")
printf 'files: %s households, %s members, %s surveys (%s, seed %s), ' \
  "$households" "$members" "$surveys" "$order" "$seed"
printf '%s MB, generated in %s s\n' \
  "$(du -cm "$data"/*.csv | tail -n 1 | cut -f 1)" "$gen_s"

steps=(households members survey)
declare -A P B F R # povreg, baseline, floor times, povreg RSS by "step.round"
peak=0

# load_povreg STEP: import one file into the ledger.
load_povreg() {
  local extra=()
  [[ $1 == households ]] && extra=(--new-villages)
  timed "$povreg" --db "$work/ledger.db" import "$1" "$data/$1.csv" \
    "${extra[@]}"
}

# load_base STEP: the sqlite3 shell's .import of the same file.
load_base() {
  timed sqlite3 -bail "$work/base.db" ".import --csv \"$data/$1.csv\" $1"
}

# floor_sql STEP: SQL for the sqlite3 shell that stores the rows of one
# file in the ledger's own tables (same schema, indexes, triggers, full-text
# index), straight from the CSV: what SQLite itself needs to hold these data
# the way the ledger does, without povreg's validation, folding or audit.
floor_sql() {
  local f=$data/$1.csv
  printf 'PRAGMA foreign_keys = ON;\nPRAGMA synchronous = NORMAL;\n'
  printf 'PRAGMA cache_size = -16384;\n'
  printf '.import --csv --schema temp "%s" raw\nBEGIN;\n' "$f"
  case $1 in
  households)
    cat <<'SQL'
INSERT OR IGNORE INTO village(commune_code, name)
  SELECT DISTINCT commune_code, village FROM temp.raw WHERE village <> '';
INSERT INTO household(code, commune_code, village_id, address, phone, notes,
                      created_on)
  SELECT household_code, commune_code,
         (SELECT id FROM village v WHERE v.commune_code = r.commune_code
            AND v.name = r.village),
         nullif(address, ''), nullif(phone, ''), nullif(notes, ''), created_on
  FROM temp.raw r;
SQL
    ;;
  members)
    cat <<'SQL'
INSERT INTO member(household_id, member_no, full_name, name_fold, sex,
                   birth_date, ethnicity_code, relation, citizen_id, bhxh_no,
                   health_insurance, in_school, education_grade)
  SELECT h.id, CAST(r.member_no AS INTEGER), r.full_name, lower(r.full_name),
         CASE r.sex WHEN 'Nam' THEN 'M' WHEN 'Nữ' THEN 'F' ELSE r.sex END,
         r.birth_date,
         coalesce((SELECT code FROM ethnicity WHERE code = r.ethnicity),
                  (SELECT code FROM ethnicity WHERE name_vi = r.ethnicity),
                  '01'),
         CASE r.relation WHEN 'chủ hộ' THEN 'head' ELSE r.relation END,
         nullif(r.citizen_id, ''), nullif(r.bhxh_no, ''),
         CAST(nullif(r.health_insurance, '') AS INTEGER),
         CAST(nullif(r.in_school, '') AS INTEGER),
         CAST(nullif(r.education_grade, '') AS INTEGER)
  FROM temp.raw r JOIN household h ON h.code = r.household_code;
UPDATE household SET last_member_no = (SELECT max(member_no) FROM member m
  WHERE m.household_id = household.id);
SQL
    ;;
  survey)
    local header col key ticks
    ticks=" $(sqlite3 "$work/floor.db" "SELECT DISTINCT key FROM indicator" |
      tr '\n' ' ') "
    cat <<'SQL'
CREATE TEMP TABLE base AS SELECT coalesce(max(id), 0) AS id FROM survey;
INSERT INTO survey(household_id, review_year, reference_date, income,
                   score_a, surveyed_on, enumerator)
  SELECT h.id, CAST(review_year AS INTEGER), review_year || '-09-01',
         CAST(nullif(income_per_capita, '') AS INTEGER),
         CAST(nullif(score_a, '') AS INTEGER), nullif(surveyed_on, ''),
         nullif(enumerator, '')
  FROM temp.raw r JOIN household h ON h.code = r.household_code
  ORDER BY r.rowid;
SQL
    IFS=, read -r -a header <"$f"
    local tick_sel=() fact_sel=()
    for col in "${header[@]}"; do
      col=${col%$'\r'}
      case $col in
      review_year | household_code | income_per_capita | score_a | \
        surveyed_on | enumerator) continue ;;
      esac
      key=${col#fact:}
      if [[ $col != fact:* && $ticks == *" $key "* ]]; then
        tick_sel+=("SELECT b.id + r.rowid, '$key', CAST(\"$col\" AS INTEGER) FROM temp.raw r, temp.base b WHERE \"$col\" <> ''")
      else
        fact_sel+=("SELECT b.id + r.rowid, '$key', \"$col\" FROM temp.raw r, temp.base b WHERE \"$col\" <> ''")
      fi
    done
    # one sorted statement per table: the rows arrive in key order
    if ((${#tick_sel[@]})); then
      printf 'INSERT INTO survey_tick(survey_id, key, deprived) SELECT * FROM (\n'
      (IFS=$'\n'; printf '%s\n' "${tick_sel[@]}" | sed '2,$s/^/UNION ALL /')
      printf ') ORDER BY 1, 2;\n'
    fi
    if ((${#fact_sel[@]})); then
      printf 'INSERT INTO survey_fact(survey_id, key, value) SELECT * FROM (\n'
      (IFS=$'\n'; printf '%s\n' "${fact_sel[@]}" | sed '2,$s/^/UNION ALL /')
      printf ') ORDER BY 1, 2;\n'
    fi
    ;;
  esac
  printf 'COMMIT;\n'
}

# load_floor STEP: the sqlite3 shell storing the file in the ledger schema.
load_floor() {
  floor_sql "$1" >"$work/run.sql"
  timed sqlite3 -bail "$work/floor.db" ".read '$work/run.sql'"
}

for ((r = 1; r <= runs; r++)); do
  rm -f "$work"/ledger.db* "$work"/base.db* "$work"/floor.db*
  "$povreg" --db "$work/ledger.db" init >/dev/null ||
    die "povreg init failed"
  "$povreg" --db "$work/floor.db" init >/dev/null ||
    die "povreg init failed"
  for s in "${steps[@]}"; do
    if ((r % 2)); then
      load_povreg "$s"
      P[$s.$r]=$T R[$s.$r]=$RSS
      load_base "$s"
      B[$s.$r]=$T
      load_floor "$s"
      F[$s.$r]=$T
    else
      load_floor "$s"
      F[$s.$r]=$T
      load_base "$s"
      B[$s.$r]=$T
      load_povreg "$s"
      P[$s.$r]=$T R[$s.$r]=$RSS
    fi
    ((${R[$s.$r]} > peak)) && peak=${R[$s.$r]}
  done
  if ((r == 1)); then # everything landed, in both
    for q in "household:households:$households" "member:members:$members" \
      "survey:survey:$surveys"; do
      IFS=: read -r table base_table want <<<"$q"
      got=$(count "$work/ledger.db" "SELECT count(*) FROM $table")
      [[ $got == "$want" ]] ||
        die "ledger has $got rows in $table, the file $want"
      got=$(count "$work/base.db" "SELECT count(*) FROM $base_table")
      [[ $got == "$want" ]] ||
        die "baseline has $got rows in $base_table, the file $want"
      got=$(count "$work/floor.db" "SELECT count(*) FROM $table")
      [[ $got == "$want" ]] ||
        die "floor has $got rows in $table, the file $want"
    done
    for t in survey_tick survey_fact; do
      want=$(count "$work/ledger.db" "SELECT count(*) FROM $t")
      got=$(count "$work/floor.db" "SELECT count(*) FROM $t")
      [[ $got == "$want" ]] ||
        die "floor has $got rows in $t, the ledger $want"
    done
  fi
  printf 'run %d:' "$r"
  for s in "${steps[@]}"; do
    printf '  %s %ss / %ss / %ss' "$s" "${P[$s.$r]}" "${B[$s.$r]}" \
      "${F[$s.$r]}"
  done
  printf '  (povreg / .import / floor)\n'
done

# ---- medians and ratios ------------------------------------------------

printf '\n%-12s %9s %10s %8s %9s %8s %9s\n' step "povreg s" ".import s" \
  ratio "floor s" ratio "peak MiB"
ratios=() fratios=()
for ((r = 1; r <= runs; r++)); do
  pt=0 bt=0 ft=0
  for s in "${steps[@]}"; do
    pt=$(calc "$pt + ${P[$s.$r]}")
    bt=$(calc "$bt + ${B[$s.$r]}")
    ft=$(calc "$ft + ${F[$s.$r]}")
  done
  P[total.$r]=$pt B[total.$r]=$bt F[total.$r]=$ft
  ratios+=("$(calc "$pt / $bt")")
  fratios+=("$(calc "$pt / $ft")")
done
declare -A MP MB MF
for s in "${steps[@]}" total; do
  pl=() bl=() fl=() rl=() frl=() rss=0
  for ((r = 1; r <= runs; r++)); do
    pl+=("${P[$s.$r]}")
    bl+=("${B[$s.$r]}")
    fl+=("${F[$s.$r]}")
    rl+=("$(calc "${P[$s.$r]} / ${B[$s.$r]}")")
    frl+=("$(calc "${P[$s.$r]} / ${F[$s.$r]}")")
    if [[ $s != total ]] && ((${R[$s.$r]} > rss)); then
      rss=${R[$s.$r]}
    fi
  done
  ((rss == 0)) && rss=$peak
  MP[$s]=$(median "${pl[@]}")
  MB[$s]=$(median "${bl[@]}")
  MF[$s]=$(median "${fl[@]}")
  printf '%-12s %9.3f %10.3f %8.2f %9.3f %8.2f %9.1f\n' "$s" "${MP[$s]}" \
    "${MB[$s]}" "$(median "${rl[@]}")" "${MF[$s]}" "$(median "${frl[@]}")" \
    "$(calc "$rss / 1024")"
done
printf '(medians of %d runs; ratios taken run by run, then the median)\n\n' \
  "$runs"

printf 'households=%s\nmembers=%s\nsurveys=%s\nshuffle=%s\nseed=%s\n' \
  "$households" "$members" "$surveys" "$shuffle" "$seed"
printf 'runs=%s\n' "$runs"
for s in "${steps[@]}"; do
  printf 'import_%s_s=%s\n' "$s" "${MP[$s]}"
done
for s in "${steps[@]}"; do
  printf 'baseline_%s_s=%s\n' "$s" "${MB[$s]}"
done
for s in "${steps[@]}"; do
  printf 'floor_%s_s=%s\n' "$s" "${MF[$s]}"
done
printf 'import_total_s=%s\nbaseline_total_s=%s\nfloor_total_s=%s\n' \
  "${MP[total]}" "${MB[total]}" "${MF[total]}"
printf 'peak_rss_mib=%s\n' "$(calc "$peak / 1024")"
printf 'floor_ratio=%s\n' "$(median "${fratios[@]}")"
printf 'import_ratio=%s\n' "$(median "${ratios[@]}")"
