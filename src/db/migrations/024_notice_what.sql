-- What each case notice told and to whom (its kind and the recipient's role), beside its path: a
-- held notice released by the citizen's next message writes its own event in the case's trail,
-- naming both. Rows from before stay without them (the trail then names neither).
ALTER TABLE notice_deliveries ADD COLUMN kind text;
ALTER TABLE notice_deliveries ADD COLUMN recipient text CHECK (recipient IN ('reporter', 'follower'));
