-- What a request filed under an Idempotency-Key said, as a SHA-256 of its whole content
-- (issue 20): a retry with the same key is answered with the case only when it is the same
-- request; the key reused for anything else (another caller, place, anonymity…) is refused.
-- Null for cases filed before this column, and for reports from the chat (keyed by event id).
ALTER TABLE cases ADD COLUMN request_digest text;
