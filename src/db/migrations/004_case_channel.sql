-- The way a report reached the commune, named as the commune counts it: `channel` (zalo, phone,
-- counter, open311). The first schema called this column `source`; renamed rather than copied
-- so there is one truth. Existing rows keep their value (`zalo` by default); the CHECK and the
-- default follow the column.
ALTER TABLE cases RENAME COLUMN source TO channel;
CREATE INDEX cases_channel_created ON cases (channel, created_at);
