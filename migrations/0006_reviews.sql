-- 0006_reviews.sql: the annual (periodic) and monthly (ad-hoc) reviews of
-- a commune, applications, village meetings, public posting, complaints,
-- board decisions, and each household's recognised status per year.
-- An approved review is locked by triggers; a correction is an amendment.

-- A review of one commune.  Periodic: held in `year`, sets statuses for
-- year + 1.  Ad-hoc: monthly from the 15th, sets statuses for `year`.
CREATE TABLE review (
  id             INTEGER PRIMARY KEY,
  commune_code   TEXT NOT NULL REFERENCES unit(code),
  year           INTEGER NOT NULL CHECK (year BETWEEN 1990 AND 2100), -- review year
  kind           TEXT NOT NULL CHECK (kind IN ('periodic', 'adhoc')),
  month          INTEGER NOT NULL DEFAULT 0 CHECK (month BETWEEN 0 AND 12), -- 0 for periodic
  status_year    INTEGER NOT NULL,             -- year the recognised statuses hold for
  reference_date TEXT NOT NULL CHECK (date(reference_date, '+0 days') IS reference_date),
  standard_id    TEXT NOT NULL,
  standard_version INTEGER NOT NULL,
  opened_on      TEXT NOT NULL CHECK (date(opened_on, '+0 days') IS opened_on),
  posted_from    TEXT CHECK (posted_from IS NULL OR date(posted_from, '+0 days') IS posted_from),
  posted_to      TEXT CHECK (posted_to IS NULL OR date(posted_to, '+0 days') IS posted_to),
  approved       INTEGER NOT NULL DEFAULT 0 CHECK (approved IN (0, 1)),
  decision       TEXT,                          -- 'số .../QĐ-UBND'
  decision_date  TEXT CHECK (decision_date IS NULL OR date(decision_date, '+0 days') IS decision_date),
  CHECK ((kind = 'periodic') = (month = 0)),
  CHECK (posted_to IS NULL OR posted_from <= posted_to),
  CHECK (approved = 0 OR (decision IS NOT NULL AND decision_date IS NOT NULL)),
  UNIQUE (commune_code, year, kind, month),
  FOREIGN KEY (standard_id, standard_version) REFERENCES standard_version(standard_id, version)
) STRICT;

-- A household's application to be reviewed: to enter the lists (sudden
-- hardship) or to be recognised as escaped.
CREATE TABLE application (
  id           INTEGER PRIMARY KEY,
  household_id INTEGER NOT NULL REFERENCES household(id),
  applied_on   TEXT NOT NULL CHECK (date(applied_on, '+0 days') IS applied_on),
  kind         TEXT NOT NULL CHECK (kind IN ('enter', 'escape')),
  reason       TEXT NOT NULL CHECK (length(reason) BETWEEN 1 AND 500),
  review_id    INTEGER REFERENCES review(id)    -- review that took it up
) STRICT;
CREATE INDEX application_household ON application(household_id);

-- A household in a review and where it stands.
CREATE TABLE review_household (
  review_id       INTEGER NOT NULL REFERENCES review(id),
  household_id    INTEGER NOT NULL REFERENCES household(id),
  must_review     INTEGER NOT NULL CHECK (must_review IN (0, 1)),
  why             TEXT NOT NULL CHECK (why IN ('listed', 'applied', 'added')),
  classification_id INTEGER REFERENCES classification(id), -- proposal
  proposed_class  TEXT CHECK (proposed_class IN ('poor', 'near_poor', 'average', 'non_poor')),
  override_class  TEXT CHECK (override_class IN ('poor', 'near_poor', 'average', 'non_poor')),
  override_reason TEXT,
  meeting_date    TEXT CHECK (meeting_date IS NULL OR date(meeting_date, '+0 days') IS meeting_date),
  attendees       INTEGER CHECK (attendees IS NULL OR attendees >= 1),
  agreeing        INTEGER CHECK (agreeing IS NULL OR agreeing >= 0),
  meeting_agreed  INTEGER CHECK (meeting_agreed IN (0, 1)), -- NULL: no meeting yet
  needs_resurvey  INTEGER NOT NULL DEFAULT 0 CHECK (needs_resurvey IN (0, 1)),
                  -- 1: the meeting disagreed and no new survey was recorded since
  excused_reason  TEXT CHECK (excused_reason IN ('moved_away', 'died', 'merged', 'other')),
  excused_note    TEXT,
  PRIMARY KEY (review_id, household_id),
  CHECK ((override_class IS NULL) = (override_reason IS NULL)),
  CHECK (agreeing IS NULL OR agreeing <= attendees)
) STRICT;

-- Complaints during public posting; a household under an unresolved
-- complaint cannot be approved.
CREATE TABLE complaint (
  id           INTEGER PRIMARY KEY,
  review_id    INTEGER NOT NULL REFERENCES review(id),
  household_id INTEGER NOT NULL REFERENCES household(id),
  filed_on     TEXT NOT NULL CHECK (date(filed_on, '+0 days') IS filed_on),
  text         TEXT NOT NULL CHECK (length(text) BETWEEN 1 AND 2000),
  resolved_on  TEXT CHECK (resolved_on IS NULL OR date(resolved_on, '+0 days') IS resolved_on),
  resolution   TEXT,
  CHECK ((resolved_on IS NULL) = (resolution IS NULL))
) STRICT;

-- The recognised status of a household for a year, by decision.
-- Append-only: an amendment is a new row that supersedes the old one.
CREATE TABLE household_status (
  id             INTEGER PRIMARY KEY,
  household_id   INTEGER NOT NULL REFERENCES household(id),
  status_year    INTEGER NOT NULL,
  class          TEXT NOT NULL CHECK (class IN ('poor', 'near_poor', 'average', 'non_poor')),
  effective_on   TEXT NOT NULL CHECK (date(effective_on, '+0 days') IS effective_on),
  decision       TEXT NOT NULL CHECK (length(decision) > 0),
  review_id      INTEGER REFERENCES review(id),
  supersedes     INTEGER REFERENCES household_status(id),
  reason         TEXT,                          -- why an amendment changed it
  recorded_at    TEXT NOT NULL
) STRICT;
CREATE INDEX household_status_year ON household_status(status_year, household_id);
CREATE INDEX household_status_household ON household_status(household_id, status_year);
CREATE TRIGGER household_status_no_update BEFORE UPDATE ON household_status BEGIN
  SELECT RAISE(ABORT, 'statuses are never changed: amend by decision');
END;
CREATE TRIGGER household_status_no_delete BEFORE DELETE ON household_status BEGIN
  SELECT RAISE(ABORT, 'statuses are never deleted: amend by decision');
END;

-- The current status of each household per year: the latest row that no
-- other row supersedes.
CREATE VIEW current_status AS
  SELECT s.* FROM household_status s
  WHERE NOT EXISTS (SELECT 1 FROM household_status n WHERE n.supersedes = s.id);

-- Locks: nothing of an approved review changes.
CREATE TRIGGER review_locked BEFORE UPDATE ON review WHEN old.approved = 1 BEGIN
  SELECT RAISE(ABORT, 'the review is approved and locked; amend by decision');
END;
CREATE TRIGGER review_no_delete BEFORE DELETE ON review BEGIN
  SELECT RAISE(ABORT, 'reviews are never deleted');
END;
CREATE TRIGGER review_household_locked_update BEFORE UPDATE ON review_household
  WHEN (SELECT approved FROM review WHERE id = old.review_id) = 1 BEGIN
  SELECT RAISE(ABORT, 'the review is approved and locked; amend by decision');
END;
CREATE TRIGGER review_household_locked_insert BEFORE INSERT ON review_household
  WHEN (SELECT approved FROM review WHERE id = new.review_id) = 1 BEGIN
  SELECT RAISE(ABORT, 'the review is approved and locked; amend by decision');
END;
CREATE TRIGGER review_household_no_delete BEFORE DELETE ON review_household
  WHEN (SELECT approved FROM review WHERE id = old.review_id) = 1 BEGIN
  SELECT RAISE(ABORT, 'the review is approved and locked; amend by decision');
END;
CREATE TRIGGER complaint_locked_update BEFORE UPDATE ON complaint
  WHEN (SELECT approved FROM review WHERE id = old.review_id) = 1 BEGIN
  SELECT RAISE(ABORT, 'the review is approved and locked; amend by decision');
END;
CREATE TRIGGER complaint_locked_insert BEFORE INSERT ON complaint
  WHEN (SELECT approved FROM review WHERE id = new.review_id) = 1 BEGIN
  SELECT RAISE(ABORT, 'the review is approved and locked; amend by decision');
END;
CREATE TRIGGER complaint_no_delete BEFORE DELETE ON complaint BEGIN
  SELECT RAISE(ABORT, 'complaints are never deleted; resolve them');
END;
