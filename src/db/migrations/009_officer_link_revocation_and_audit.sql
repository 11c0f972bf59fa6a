-- Link codes and the officers' own audit trail (issue 20).

-- Issuing a new link code revokes the officer's older unused ones: a code handed out earlier (a
-- lost paper, a forwarded message) stops working the moment the admin issues another.
ALTER TABLE officer_link_codes ADD COLUMN revoked_at timestamptz;

-- What happened to an officer's account that the admin must see in the officer list: today a Zalo
-- account replacing the one already linked (`zalo_relinked`). The Zalo ids themselves are not kept
-- here (the list never shows them).
CREATE TABLE officer_events (
  id          integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  officer_id  text NOT NULL REFERENCES officers(id) ON DELETE CASCADE,
  kind        text NOT NULL,
  at          timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX officer_events_officer ON officer_events (officer_id, at);
