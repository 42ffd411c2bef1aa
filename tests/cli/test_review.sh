#!/usr/bin/env bash
# test_review.sh: "povreg apply" and "povreg review ...": a full periodic
# cycle in Xã Mô Rai (23536) held in 2021 (statuses of 2022), with a
# meeting at exactly half (agreed) and one short of half (back to survey),
# a complaint blocking approval, the lock after approval (library and
# triggers); a second review held in 2022 (statuses of 2023) where a
# household escapes, the lists and transitions of 2023 (two communes,
# with totals), an amendment, an overdue application, and an ad-hoc review
# that takes it up.  Every refusal leaves the ledger exactly as it was.
# shellcheck source-path=SCRIPTDIR
. "$(dirname "$0")/lib.sh"

# ---- before the ledger exists ----

run_fail 1 "no such ledger" review status --year 2021 --commune 23536
run_fail 2 "complaint id: 'x' is not a number" \
  review resolve x --resolution "checked"
check "no ledger created by a failed review command" test ! -e "$LEDGER"

# ---- help on every command ----

for c in open add classify override meeting post complaint resolve excuse \
  status approve amend list transitions overdue; do
  run_ok review "$c" --help
  expect_out "^Usage: povreg review $c" "review $c --help shows its usage"
  expect_out "^Example:" "review $c --help has an example"
done
run_ok apply --help
expect_out "^Usage: povreg apply HOUSEHOLD --kind enter\|escape" "apply help"
run_ok review --help
expect_out "^  transitions +the year's changes" "review --help lists commands"
run_ok review open --help
expect_out "held late in year Y and sets the statuses of" \
  "review open documents the Y -> Y+1 convention"
for c in list transitions amend; do
  run_ok review "$c" --help
  expect_out "STATUS_YEAR.*(the year the statuses hold for|the year the)" \
    "review $c --help says --year is the status year"
done
run_ok --help
expect_out "^  review open +open a review" "povreg --help lists review open"

# ---- the ledger: three households, two communes ----

run_ok init
run_ok household add --commune 23536 --code H1 --created 2020-01-01 \
  --head-name "Nguyễn Văn Đức" --head-sex M --head-birth 1980-03-04
run_ok household add --commune 23536 --code H2 --created 2020-01-01 \
  --head-name "Y Hoa" --head-sex F --head-birth 1975
run_ok household add --commune 23530 --code H3 --created 2020-01-01 \
  --head-name "A Thoa" --head-sex M --head-birth 1978

# The 12 ND07-2021 indicators; $1 lists the deprived ones.
ticks() {
  local k
  TICKS=()
  for k in employment dependants nutrition health_insurance adult_education \
    child_schooling housing_quality housing_area water latrine telecom \
    info_access; do
    if [[ " $1 " == *" $k "* ]]; then
      TICKS+=(--tick "$k=1")
    else
      TICKS+=(--tick "$k=0")
    fi
  done
}

# audit_count ACTION: audit entries of that action.
audit_count() {
  sqlite3 "$LEDGER" "SELECT count(*) FROM audit WHERE action = '$1'"
}

R21=(--year 2021 --commune 23536)
R22=(--year 2022 --commune 23536)

run_unchanged 1 "^povreg: review: no review of 23536 in 2021" \
  review status "${R21[@]}"
run_unchanged 2 "missing required option --commune" review status --year 2021
run_unchanged 2 "^povreg: --year: 'soon' is not a number" \
  review status --year soon --commune 23536

# ---- apply ----

run_ok apply H1 --kind enter --reason "house lost in the flood" \
  --date 2021-08-20
expect_eq "$OUT" "1" "apply prints the application id"
run_unchanged 3 "^povreg: kind: must be enter or escape$" \
  apply H1 --kind stay --reason "x" --date 2021-08-20
run_unchanged 2 "missing required option --reason" apply H1 --kind enter
run_unchanged 1 "no household 'H9'" apply H9 --kind enter --reason "x"
run_unchanged 3 "^povreg: reason: empty$" apply H1 --kind enter --reason ""

# ---- open: the review held in 2021 sets the statuses of 2022 ----

run_ok review open "${R21[@]}" --date 2021-09-05
expect_out "^status year +2022$" "review held in 2021 sets 2022"
expect_out "^standard +ND07-2021 version 1$" "standard governing 2022"
expect_out "^reference date +2021-09-01$" "default reference date Y-09-01"
expect_out "^opened on +2021-09-05$" "opened on"
expect_out "^kind +periodic$" "periodic"
expect_out "^must be reviewed +1$" "the applicant must be reviewed"
expect_out "^H1 +Nguyễn Văn Đức +applied$" "the applicant is listed"
expect_no_out "^H2 " "a household without status or application is not"
run_unchanged 3 "^povreg: review: 23536 already has this review for 2022$" \
  review open "${R21[@]}" --date 2021-09-05
run_unchanged 3 "^povreg: year: 1800 is not a year" \
  review open --year 1800 --commune 23536
run_unchanged 2 "^povreg: --month: 13 is out of range" \
  review open --year 2021 --commune 23536 --month 13
run_unchanged 1 "^povreg: commune_code: no commune 99999" \
  review open --year 2021 --commune 99999
run_unchanged 1 "^povreg: standard: no standard 'NOPE'" \
  review open --year 2023 --commune 23536 --standard NOPE

# ---- add ----

run_ok review add H2 "${R21[@]}"
expect_eq "$OUT" "" "review add prints nothing"
run_unchanged 3 "^povreg: household: H2 is already in the review$" \
  review add H2 "${R21[@]}"
run_unchanged 3 "^povreg: household: H3 is not in commune 23536$" \
  review add H3 "${R21[@]}"
run_unchanged 1 "no household 'H9'" review add H9 "${R21[@]}"
run_unchanged 1 "^povreg: review: no ad-hoc review of 23536 in 2021-03$" \
  review add H2 "${R21[@]}" --month 3
run_unchanged 2 "^povreg: give a household or --all, not both$" \
  review add H2 --all "${R21[@]}"
run_unchanged 2 "^povreg: give a household or --all, not neither$" \
  review add "${R21[@]}"
# H1 and H2 are the commune's only households, and both are in already
run_ok review add --all "${R21[@]}"
expect_eq "$OUT" "added 0 households" "review add --all counts what it added"
run_unchanged 1 "^povreg: review: no ad-hoc review of 23536 in 2021-03$" \
  review add --all "${R21[@]}" --month 3

run_ok review status "${R21[@]}"
expect_out "^households +2$" "two households in the review"
expect_out "^must be reviewed +1$" "one must be reviewed"
expect_out "^H1 +no survey$" "the applicant blocks until surveyed"
expect_no_out "^H2 " "an added household left unsurveyed blocks nothing"
expect_out "^- +not posted$" "the review is not posted"
expect_out "^approved +no$" "not approved"

# ---- survey (review year 2021) and classify ----

ticks "employment health_insurance housing_quality water"
run_ok survey record H1 --year 2021 --reference-date 2021-09-01 \
  --income 1200000 "${TICKS[@]}"
ticks "water"
run_ok survey record H2 --year 2021 --reference-date 2021-09-01 \
  --income 1400000 "${TICKS[@]}"

run_unchanged 3 "^povreg: household: H1 has no proposed class yet" \
  review override H1 --class near_poor --reason "x" "${R21[@]}"
run_unchanged 3 "^povreg: household: H1 has no proposed class to meet" \
  review meeting H1 --date 2021-10-01 --attendees 40 --agreeing 20 \
  "${R21[@]}"

run_ok review classify "${R21[@]}"
expect_out "^classified +2$" "two classified"
expect_out "^H1 +Nguyễn Văn Đức +poor +income_at_or_below_line_deprived$" \
  "H1 proposed poor (1.2M, D=4)"
expect_out "^H2 +Y Hoa +near_poor +income_at_or_below_line_not_deprived$" \
  "H2 proposed near-poor (1.4M, D=1)"
pv review classify "${R21[@]}" --format json
check "review classify --format json is valid JSON" valid_json
expect_out '"classified": 2' "JSON count"
expect_out '\{"household": "H2", "head": "Y Hoa", "proposed": "near_poor"' \
  "JSON proposal"

# ---- override ----

run_unchanged 2 "^povreg: missing required option --reason$" \
  review override H2 --class poor "${R21[@]}"
run_unchanged 3 "^povreg: reason: an override needs the board's reason$" \
  review override H2 --class poor --reason "" "${R21[@]}"
run_unchanged 3 "^povreg: class: must be poor, near_poor, average or" \
  review override H2 --class rich --reason "x" "${R21[@]}"
run_unchanged 1 "^povreg: household: H3 is not in the review of 23536" \
  review override H3 --class poor --reason "x" "${R21[@]}"
a0=$(audit_count review.override)
run_ok review override H2 --class poor --reason "chronic illness" "${R21[@]}"
expect_eq "$(audit_count review.override)" $((a0 + 1)) "override is audited"
run_ok review status "${R21[@]}"
expect_out "^proposed poor +2$" "the override counts as poor"
run_ok review override H2 --class near_poor --reason "board reconsidered" \
  "${R21[@]}"
run_ok review status "${R21[@]}"
expect_out "^proposed poor +1$" "overridden back: one poor"
expect_out "^proposed near-poor +1$" "and one near-poor"

# ---- village meeting: exactly half agrees; one short is back to survey ----

run_ok review meeting H1 --date 2021-10-01 --attendees 40 --agreeing 20 \
  "${R21[@]}"
expect_eq "$OUT" "agreed" "20 of 40 (exactly half) is agreed"
run_ok review meeting H2 --date 2021-10-01 --attendees 40 --agreeing 19 \
  "${R21[@]}"
expect_eq "$OUT" "not agreed: survey the household again" \
  "19 of 40 is not agreed"
run_unchanged 3 "^povreg: attendees: at least 1$" \
  review meeting H1 --date 2021-10-01 --attendees 0 --agreeing 0 "${R21[@]}"
run_unchanged 3 "^povreg: agreeing: must be from 0 to the 10 attendees$" \
  review meeting H1 --date 2021-10-01 --attendees 10 --agreeing 11 \
  "${R21[@]}"
run_unchanged 2 "^povreg: --attendees: 'many' is not a number" \
  review meeting H1 --date 2021-10-01 --attendees many --agreeing 1 \
  "${R21[@]}"
run_unchanged 2 "^povreg: missing required option --date" \
  review meeting H1 --attendees 10 --agreeing 5 "${R21[@]}"

run_ok review status "${R21[@]}"
expect_out "^H2 +meeting disagreed: survey again$" \
  "status shows the disagreement"
expect_out "^meeting agreed +1$" "one agreed"
expect_out "^classified +1$" "the disagreed proposal is cleared"
run_unchanged 3 "^povreg: review: cannot approve: .*H2: meeting disagreed" \
  review approve --decision "số 123/QĐ-UBND" --date 2021-12-10 "${R21[@]}"

# a meeting that disagrees sends the household back to survey: classify
# skips it until a new survey is recorded
run_ok review classify "${R21[@]}"
expect_out "^classified +1$" "H2 is not classified again from the old survey"
expect_no_out "^H2 " "no proposal for H2 before the new survey"
ticks "water"
run_ok survey record H2 --year 2021 --reference-date 2021-09-01 \
  --income 1400000 "${TICKS[@]}"
run_ok review classify "${R21[@]}"
expect_out "^classified +2$" "classified again"
expect_out "^H2 +Y Hoa +near_poor " "H2 proposed again"
run_ok review status "${R21[@]}"
expect_out "^H2 +no meeting$" "H2 needs a new meeting"
expect_no_out "^H1 " "H1 keeps its agreed meeting (same proposal)"
run_ok review meeting H2 --date 2021-10-03 --attendees 30 --agreeing 25 \
  "${R21[@]}"
expect_eq "$OUT" "agreed" "second meeting agreed"

# ---- posting and complaints ----

run_unchanged 3 "^povreg: from: 2021-09-01 is before the review opened" \
  review post --from 2021-09-01 --to 2021-09-10 "${R21[@]}"
run_unchanged 3 "^povreg: to: 2021-10-05 is before 2021-10-12$" \
  review post --from 2021-10-12 --to 2021-10-05 "${R21[@]}"
run_unchanged 3 "^povreg: review: cannot approve: .*first not posted" \
  review approve --decision "số 123/QĐ-UBND" --date 2021-12-10 "${R21[@]}"
run_ok review post --from 2021-10-05 --to 2021-10-12 "${R21[@]}"

run_ok review complaint H2 --text "they own a tractor" --date 2021-10-06 \
  "${R21[@]}"
expect_eq "$OUT" "1" "complaint prints its id"
CID=$OUT
run_unchanged 2 "^povreg: missing required option --text" \
  review complaint H2 "${R21[@]}"
run_ok review status "${R21[@]}"
expect_out "^open complaints +1$" "one open complaint"
expect_out "^H2 +open complaint$" "the complaint blocks H2"
expect_out "^posted from +2021-10-05$" "posting shown"
run_unchanged 3 "^povreg: review: cannot approve: .*first H2: open complaint$" \
  review approve --decision "số 123/QĐ-UBND" --date 2021-12-10 "${R21[@]}"
run_unchanged 1 "^povreg: complaint: no complaint 99$" \
  review resolve 99 --resolution "checked"
run_unchanged 2 "^povreg: missing required option --resolution" \
  review resolve "$CID"
run_ok review resolve "$CID" --resolution "the tractor is borrowed" \
  --date 2021-10-10
run_unchanged 3 "^povreg: complaint: 1 is already resolved$" \
  review resolve "$CID" --resolution "again"

# ---- approval ----

run_ok review status "${R21[@]}" --format json
check "review status --format json is valid JSON" valid_json
expect_out '"blockers": 0' "nothing blocks any more"
run_unchanged 3 "^povreg: date: 2021-10-11 is before the public posting ends" \
  review approve --decision "số 123/QĐ-UBND" --date 2021-10-11 "${R21[@]}"
run_unchanged 2 "^povreg: missing required option --decision" \
  review approve --date 2021-12-10 "${R21[@]}"
run_ok review approve --decision "số 123/QĐ-UBND" --date 2021-12-10 \
  "${R21[@]}"
expect_eq "$OUT" "" "approve prints nothing"
run_ok review status "${R21[@]}"
expect_out "^approved +yes$" "approved"
expect_out "^decision +số 123/QĐ-UBND$" "decision recorded"
expect_out "^decision date +2021-12-10$" "decision date"

# ---- the approved review is locked ----

dump_ledger "$T_DIR/.locked.before"
RC=0
ERR=$(sqlite3 "$LEDGER" "UPDATE review_household SET agreeing = 1" 2>&1) ||
  RC=$?
check "raw UPDATE of an approved review's household fails" test "$RC" -ne 0
expect_eq "$(grep -c 'approved and locked' <<<"$ERR")" 1 \
  "the lock trigger says why"
RC=0
ERR=$(sqlite3 "$LEDGER" "INSERT INTO complaint(review_id, household_id, \
  filed_on, text) VALUES (1, 1, '2021-12-20', 'late')" 2>&1) || RC=$?
check "raw INSERT of a complaint on an approved review fails" test "$RC" -ne 0
dump_ledger "$T_DIR/.locked.after"
check "raw SQL changed nothing" \
  cmp -s "$T_DIR/.locked.before" "$T_DIR/.locked.after"
run_unchanged 1 "^povreg: review: .*approved .*and locked" \
  review meeting H1 --date 2021-12-20 --attendees 40 --agreeing 30 "${R21[@]}"
run_unchanged 1 "locked" review classify "${R21[@]}"
run_unchanged 1 "locked" review complaint H1 --text "late" "${R21[@]}"
run_unchanged 1 "locked" review add H2 "${R21[@]}"
run_unchanged 1 "locked" \
  review approve --decision "số 124/QĐ-UBND" --date 2021-12-11 "${R21[@]}"
run_unchanged 1 "locked" \
  review override H1 --class near_poor --reason "late" "${R21[@]}"
run_unchanged 3 "^povreg: reason: an override needs the board's reason$" \
  review override H1 --class near_poor --reason "" "${R21[@]}"

# ---- the lists of 2022 (status year) ----

run_ok review list --year 2022 --class poor
expect_out "^H1 +Nguyễn Văn Đức +poor +new$" "H1 newly poor in 2022"
expect_no_out "^H2 " "H2 is not poor"
run_ok review list --year 2022 --commune 23536 --class near_poor
expect_out "^H2 +Y Hoa +near_poor +new$" "H2 newly near-poor in 2022"
run_ok review list --year 2021 --class poor
expect_no_out "^H[0-9]" "--year is the status year: nothing holds for 2021"
run_unchanged 3 "^povreg: list: must be poor, near_poor, escaped" \
  review list --year 2022 --class rich
run_unchanged 2 "^povreg: missing required option --class" \
  review list --year 2022

# ---- the review held in 2022 (statuses of 2023): H2 escapes ----

run_ok review open "${R22[@]}" --date 2022-09-05
expect_out "^status year +2023$" "review held in 2022 sets 2023"
expect_out "^must be reviewed +2$" "both recognised households"
expect_out "^H1 +Nguyễn Văn Đức +listed$" "H1 listed (poor in 2022)"
expect_out "^H2 +Y Hoa +listed$" "H2 listed (near-poor in 2022)"
ticks "employment health_insurance housing_quality water"
run_ok survey record H1 --year 2022 --reference-date 2022-09-01 \
  --income 1250000 "${TICKS[@]}"
ticks "telecom"
run_ok survey record H2 --year 2022 --reference-date 2022-09-01 \
  --income 1800000 "${TICKS[@]}"
run_ok review classify "${R22[@]}"
expect_out "^H1 +Nguyễn Văn Đức +poor " "H1 still poor"
expect_out "^H2 +Y Hoa +average +income_in_average_band$" \
  "H2 above the line: average"
for h in H1 H2; do
  run_ok review meeting "$h" --date 2022-10-01 --attendees 30 --agreeing 16 \
    "${R22[@]}"
done
run_ok review post --from 2022-10-05 --to 2022-10-12 "${R22[@]}"
run_ok review approve --decision "số 200/QĐ-UBND" --date 2022-12-10 \
  "${R22[@]}"

# A household of Xã Rơ Kơi (23530), newly poor in 2023.
R30=(--year 2022 --commune 23530)
run_ok review open "${R30[@]}" --date 2022-09-05
expect_out "^must be reviewed +0$" "nobody must be reviewed in 23530"
run_ok review add H3 "${R30[@]}"
ticks "employment nutrition water latrine"
run_ok survey record H3 --year 2022 --reference-date 2022-09-01 \
  --income 900000 "${TICKS[@]}"
run_ok review classify "${R30[@]}"
expect_out "^H3 +A Thoa +poor " "H3 proposed poor"
run_ok review meeting H3 --date 2022-10-01 --attendees 12 --agreeing 12 \
  "${R30[@]}"
run_ok review post --from 2022-10-05 --to 2022-10-12 "${R30[@]}"
run_ok review approve --decision "số 77/QĐ-UBND" --date 2022-12-12 \
  "${R30[@]}"

run_ok review list --year 2023 --class escaped
CHANGES_H2="income 1400000 -> 1800000 \(line 1500000\); no longer deprived: \
water; newly deprived: telecom"
expect_out "^H2 +Y Hoa +near_poor +average +escaped +$CHANGES_H2$" \
  "H2 escaped, with what changed"
expect_out "^HOUSEHOLD +HEAD +VILLAGE +BEFORE +NOW +TRANSITION +CHANGES$" \
  "the escaped list has a changes column"
pv review list --year 2023 --class escaped --format csv
expect_out "^household,head,village,before,now,transition,changes" "CSV header"
expect_out "^H2,Y Hoa,,near_poor,average,escaped,income 1400000 -> 1800000 " \
  "CSV row"
run_ok review list --year 2023 --class poor
expect_out "^H1 +Nguyễn Văn Đức +poor +poor +stayed$" "H1 stayed poor"
expect_out "^H3 +A Thoa +poor +new$" "H3 new in another commune"
expect_no_out "CHANGES" "no changes column outside the escaped list"

run_ok review transitions --year 2023 --commune 23536
expect_out "^23536 +poor +1 +0 +0 +0 +0 +0 +1 +ok$" "23536 poor reconciles"
expect_out "^23536 +near_poor +1 +1 +0 +0 +0 +0 +0 +ok$" \
  "23536 near-poor: one escaped, reconciles"
expect_no_out "^total" "no totals for one commune"
run_ok review transitions --year 2023
expect_out "^23530 +poor +0 +0 +0 +0 +0 +1 +1 +ok$" "23530: one new poor"
expect_out "^total +poor +1 +0 +0 +0 +0 +1 +2 +ok$" "total poor"
expect_out "^total +near_poor +1 +1 +0 +0 +0 +0 +0 +ok$" "total near-poor"
pv review transitions --year 2023 --format json
check "review transitions --format json is valid JSON" valid_json
expect_out '"commune": "total", "class": "poor", "start": 1' "JSON totals"

# ---- amendment ----

a0=$(audit_count status.amend)
run_ok review amend H1 --year 2023 --class near_poor \
  --decision "số 45/QĐ-UBND" --date 2023-03-02 --reason "a member found work"
expect_eq "$(audit_count status.amend)" $((a0 + 1)) "amendment is audited"
expect_eq "$(sqlite3 "$LEDGER" "SELECT count(*) FROM household_status h \
  JOIN household x ON x.id = h.household_id WHERE x.code = 'H1' AND \
  h.status_year = 2023")" 2 "the old status is kept, superseded"
run_ok review list --year 2023 --class near_poor
expect_out "^H1 +Nguyễn Văn Đức +poor +near_poor +escaped$" \
  "H1 near-poor in 2023 after the amendment"
run_ok review transitions --year 2023 --commune 23536
expect_out "^23536 +poor +1 +1 +0 +0 +0 +0 +0 +ok$" "poor after the amendment"
expect_out "^23536 +near_poor +1 +1 +0 +0 +0 +1 +1 +ok$" \
  "near-poor after the amendment"
run_unchanged 3 "^povreg: class: household H1 is already near_poor for 2023$" \
  review amend H1 --year 2023 --class near_poor --decision "số 46/QĐ-UBND" \
  --date 2023-03-03 --reason "again"
run_unchanged 1 "^povreg: status: household H1 has no recognised status" \
  review amend H1 --year 2019 --class poor --decision "số 1/QĐ-UBND" \
  --date 2023-03-03 --reason "x"
run_unchanged 2 "^povreg: missing required option --reason" \
  review amend H1 --year 2023 --class poor --decision "số 46/QĐ-UBND" \
  --date 2023-03-03

# ---- overdue applications ----

# Filed after the 2022 opening, so no review took it up.
run_ok apply H2 --kind escape --reason "found a job" --date 2022-10-01
expect_eq "$OUT" "2" "second application id"
run_ok review overdue --date 2022-12-31
expect_out "^2 +H2 +escape +2022-10-01 +2022-10-30$" \
  "the application never taken up is overdue"
expect_no_out "^1 " "the application taken up by the 2021 review is not"
run_ok review overdue --date 2022-10-30
expect_no_out "^2 " "not overdue on its due date"
pv review overdue --date 2022-12-31 --format json
check "review overdue --format json is valid JSON" valid_json
expect_out '"application": 2, "household": "H2", "kind": "escape"' \
  "JSON overdue row"
run_unchanged 3 "^povreg: date: '2022-13-01' is not a valid date" \
  review overdue --date 2022-13-01


# ---- an ad-hoc review takes the application up ----

RADHOC=(--year 2023 --month 3 --commune 23536)
run_ok review open "${RADHOC[@]}" --date 2023-03-15
expect_out "^kind +ad-hoc$" "ad-hoc review"
expect_out "^month +3$" "its month"
expect_out "^status year +2023$" "an ad-hoc review held in 2023 sets 2023"
expect_out "^reference date +2023-03-15$" "default reference date Y-M-15"
expect_out "^must be reviewed +1$" "only the applicant must be reviewed"
expect_out "^H2 +Y Hoa +applied$" "the applicant is in the ad-hoc review"
run_ok review status --year 2023 --commune 23536 --month 3
expect_out "^H2 +not classified$" \
  "its survey for 2023 (review year 2022) exists already"
run_ok review classify "${RADHOC[@]}"
expect_out "^classified +1$" "one classified"
expect_out "^H2 +Y Hoa +average " "the applicant's proposal"
expect_no_out "^H1 " "H1 (surveyed for 2023 too, not in the review) is not"
run_ok review overdue --date 2022-12-31
expect_no_out "^2 " "taken up: no longer overdue at the old date"
run_ok review overdue --date 2023-04-30
expect_out "^2 +H2 +escape +2022-10-01 +2023-03-30$" \
  "due 15 days after the ad-hoc review opened"

finish
