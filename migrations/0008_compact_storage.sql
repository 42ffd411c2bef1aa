-- 0008_compact_storage.sql: store survey answers in one B-tree each and
-- stop maintaining an index nothing reads.  No data changes meaning.
--  * survey_tick, survey_fact and survey_member_fact hold one row per
--    answer (about 20 per surveyed household) and are only ever reached by
--    their primary key.  As rowid tables each row was written twice: in
--    the table and in the primary key's index.  WITHOUT ROWID keeps them
--    in the primary key's B-tree alone: a bulk survey import writes half
--    as many pages (measured: 100,000 surveys 4.5 s -> 3.5 s).
--  * member_name_fold indexed member.name_fold, but name search goes
--    through the member_name_fts full-text index and no query filters or
--    sorts on the column: the index cost about a tenth of a members
--    import and a tenth of the members' pages for nothing.
--  * member_name_fts kept the size of every name in tokens (its docsize
--    table), which only ranking (bm25) reads; search orders hits by member
--    id.  columnsize=0 drops it: about 5% of a members import.  The index
--    is rebuilt from the member table.
-- Nothing references these tables (no view, trigger or foreign key points
-- at them), so each is rebuilt by copy, drop and rename inside this
-- migration's transaction.

CREATE TABLE survey_tick_new (
  survey_id INTEGER NOT NULL REFERENCES survey(id),
  key       TEXT NOT NULL,
  deprived  INTEGER NOT NULL CHECK (deprived IN (0, 1)),
  PRIMARY KEY (survey_id, key)
) STRICT, WITHOUT ROWID;
INSERT INTO survey_tick_new(survey_id, key, deprived)
  SELECT survey_id, key, deprived FROM survey_tick;
DROP TABLE survey_tick;
ALTER TABLE survey_tick_new RENAME TO survey_tick;

CREATE TABLE survey_fact_new (
  survey_id INTEGER NOT NULL REFERENCES survey(id),
  key       TEXT NOT NULL CHECK (key GLOB '[a-z]*' AND key NOT GLOB '*[^a-z0-9_]*'),
  value     TEXT NOT NULL,
  PRIMARY KEY (survey_id, key)
) STRICT, WITHOUT ROWID;
INSERT INTO survey_fact_new(survey_id, key, value)
  SELECT survey_id, key, value FROM survey_fact;
DROP TABLE survey_fact;
ALTER TABLE survey_fact_new RENAME TO survey_fact;

CREATE TABLE survey_member_fact_new (
  survey_id INTEGER NOT NULL REFERENCES survey(id),
  member_id INTEGER NOT NULL REFERENCES member(id),
  key       TEXT NOT NULL CHECK (key GLOB '[a-z]*' AND key NOT GLOB '*[^a-z0-9_]*'),
  value     TEXT NOT NULL,
  PRIMARY KEY (survey_id, member_id, key)
) STRICT, WITHOUT ROWID;
INSERT INTO survey_member_fact_new(survey_id, member_id, key, value)
  SELECT survey_id, member_id, key, value FROM survey_member_fact;
DROP TABLE survey_member_fact;
ALTER TABLE survey_member_fact_new RENAME TO survey_member_fact;

DROP INDEX member_name_fold;

-- the triggers on member (member_fts_insert, member_fts_update) name the
-- table and keep working once it exists again
DROP TABLE member_name_fts;
CREATE VIRTUAL TABLE member_name_fts USING fts5(
  name_fold, content = 'member', content_rowid = 'id',
  tokenize = 'unicode61 remove_diacritics 0', prefix = '2 3',
  columnsize = 0);
INSERT INTO member_name_fts(member_name_fts) VALUES ('rebuild');
