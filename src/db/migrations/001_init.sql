-- First schema of the hotline. Codes are the primary keys citizens and officers see.

CREATE TABLE teams (
  id          text PRIMARY KEY,
  name        text NOT NULL,
  created_at  timestamptz NOT NULL DEFAULT now()
);

-- One registry for every officer: those listed in the commune config and those who link their
-- own Zalo account later. role: officer | lead (team lead) | leader (commune leadership) | admin.
CREATE TABLE officers (
  id              text PRIMARY KEY,
  name            text NOT NULL,
  role            text NOT NULL DEFAULT 'officer' CHECK (role IN ('officer', 'lead', 'leader', 'admin')),
  team_id         text REFERENCES teams(id),
  zalo_user_id    text UNIQUE,
  on_duty         boolean NOT NULL DEFAULT true,
  api_token_hash  text UNIQUE,
  created_at      timestamptz NOT NULL DEFAULT now(),
  updated_at      timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX officers_team ON officers (team_id);

-- Administrative dossiers (hồ sơ TTHC). status: the national 1–10 code.
CREATE TABLE dossiers (
  code         text PRIMARY KEY,
  procedure    text NOT NULL,
  channel      text NOT NULL CHECK (channel IN ('online', 'direct', 'postal')),
  status       smallint NOT NULL CHECK (status BETWEEN 1 AND 10),
  received_at  timestamptz NOT NULL,
  due_at       timestamptz,
  finished_at  timestamptz,
  updated_at   timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX dossiers_received_at ON dossiers (received_at);

CREATE TABLE dossier_followers (
  dossier_code          text NOT NULL REFERENCES dossiers(code) ON DELETE CASCADE,
  channel               text NOT NULL,
  user_id               text NOT NULL,
  last_notified_status  smallint,
  created_at            timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (dossier_code, channel, user_id)
);

-- Construction-order violation reports. source_key makes filing idempotent (one report, one case).
-- reporter_* is kept only to send the reporter status updates; contact_* is null for anonymous
-- reports, and neither is ever shown with an anonymous case.
CREATE TABLE cases (
  code               text PRIMARY KEY,
  source_key         text NOT NULL UNIQUE,
  source             text NOT NULL DEFAULT 'zalo' CHECK (source IN ('zalo', 'phone', 'counter', 'open311')),
  category           text NOT NULL,
  status             text NOT NULL DEFAULT 'new'
                     CHECK (status IN ('new', 'acknowledged', 'in_progress', 'resolved', 'rejected', 'closed')),
  latitude           double precision,
  longitude          double precision,
  address            text,
  area_id            text,
  team_id            text REFERENCES teams(id),
  description        text NOT NULL,
  anonymous          boolean NOT NULL DEFAULT false,
  reporter_channel   text,
  reporter_user_id   text,
  contact_name       text,
  contact_phone      text,
  ack_due_at         timestamptz,
  resolve_due_at     timestamptz,
  acknowledged_at    timestamptz,
  resolved_at        timestamptz,
  escalation_level   smallint NOT NULL DEFAULT 0,
  created_at         timestamptz NOT NULL DEFAULT now(),
  updated_at         timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX cases_status ON cases (status, created_at);
CREATE INDEX cases_team ON cases (team_id, status);
CREATE INDEX cases_category_created ON cases (category, created_at);

CREATE TABLE case_photos (
  case_code     text NOT NULL REFERENCES cases(code) ON DELETE CASCADE,
  position      smallint NOT NULL,
  source_url    text NOT NULL,
  stored_path   text,
  content_type  text,
  bytes         integer,
  created_at    timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (case_code, position)
);

CREATE TABLE case_notes (
  id          integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  case_code   text NOT NULL REFERENCES cases(code) ON DELETE CASCADE,
  author      text NOT NULL,
  body        text NOT NULL,
  created_at  timestamptz NOT NULL DEFAULT now()
);

-- Audit trail: every change of a case, by whom.
CREATE TABLE case_events (
  id           integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  case_code    text NOT NULL REFERENCES cases(code) ON DELETE CASCADE,
  actor        text NOT NULL,
  action       text NOT NULL,
  from_status  text,
  to_status    text,
  detail       jsonb,
  created_at   timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX case_events_case ON case_events (case_code, id);

-- Nearby reports of the same kind, shown together to officers.
CREATE TABLE case_links (
  case_code          text NOT NULL REFERENCES cases(code) ON DELETE CASCADE,
  related_case_code  text NOT NULL REFERENCES cases(code) ON DELETE CASCADE,
  distance_m         double precision,
  PRIMARY KEY (case_code, related_case_code)
);

-- Residents who follow a case (the reporter, or one who chose to follow a nearby case instead).
CREATE TABLE case_followers (
  case_code   text NOT NULL REFERENCES cases(code) ON DELETE CASCADE,
  channel     text NOT NULL,
  user_id     text NOT NULL,
  created_at  timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (case_code, channel, user_id)
);

-- Messages the platform would not deliver now (outside the window, at night…): delivered the next
-- time the user writes. dedupe_key keeps a retried hold from storing a notice twice.
CREATE TABLE held_notices (
  id            integer GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  channel       text NOT NULL,
  user_id       text NOT NULL,
  dedupe_key    text NOT NULL UNIQUE,
  replies       jsonb NOT NULL,
  reason        text,
  created_at    timestamptz NOT NULL DEFAULT now(),
  delivered_at  timestamptz
);
CREATE INDEX held_notices_pending ON held_notices (channel, user_id, id) WHERE delivered_at IS NULL;
