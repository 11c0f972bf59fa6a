-- Retention of the photos of closed cases (issue 25). The nightly purge deletes a closed case's
-- report photos past `privacy.retentionDays.closedCasePhotos` unless its reporter consented to
-- keeping them (`photos_kept`, their latest answer). That answer is read through the case's
-- `reporter_hash`, which the purge itself removes with the contact (`closedCaseContacts`) or once an
-- anonymous reporter is let go: the answer in force at that moment is kept here, so consented
-- photos outlive the link to their reporter.
ALTER TABLE cases ADD COLUMN photos_kept_by_consent boolean NOT NULL DEFAULT false;
