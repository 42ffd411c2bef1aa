-- 0011_audit_chain.sql: the audit log becomes a hash chain.
--
-- Every entry gets `hash`: SHA-256, in lower-case hex, over the previous
-- entry's hash (64 zeros for the first entry) and the entry's own id, at,
-- operator, action, entity, entity_key, old_value and new_value, each
-- written as its length in bytes, ':' and the bytes, or '-' for NULL (see
-- src/audit.c and docs/audit.md).  The library computes it on every write
-- (povreg__audit in src/db.c); `povreg audit verify` checks the chain.
--
-- The entries already in the ledger are chained by the library in the
-- same transaction as this step, right after it runs (migrate() in
-- src/db.c calls povreg__audit_chain_fill), so every ledger is chained
-- from its first entry.  That is one UPDATE per entry, which the
-- append-only trigger must let through: it now allows exactly one kind of
-- update, giving an entry without a hash its hash, every other column
-- unchanged.  Once chained, no entry is ever without a hash, so in
-- practice the log stays append-only; an entry without a hash is reported
-- by the verification all the same.

ALTER TABLE audit ADD COLUMN hash TEXT  -- chain hash, SHA-256 in lower-case hex
  CHECK (hash IS NULL OR (length(hash) = 64 AND hash NOT GLOB '*[^0-9a-f]*'));

DROP TRIGGER audit_no_update;
CREATE TRIGGER audit_no_update BEFORE UPDATE ON audit
WHEN NOT (OLD.hash IS NULL AND NEW.hash IS NOT NULL AND NEW.id = OLD.id
          AND NEW.at IS OLD.at AND NEW.operator IS OLD.operator
          AND NEW.action IS OLD.action AND NEW.entity IS OLD.entity
          AND NEW.entity_key IS OLD.entity_key
          AND NEW.old_value IS OLD.old_value
          AND NEW.new_value IS OLD.new_value)
BEGIN
  SELECT RAISE(ABORT, 'audit log is append-only');
END;
