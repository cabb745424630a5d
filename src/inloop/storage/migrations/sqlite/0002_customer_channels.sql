-- inloop schema 2: what the customer's side needs. Secure links, saved partial answers,
-- uploaded files, kept mail, API keys, stored API responses, webhook endpoints.

CREATE TABLE links (
    id          TEXT PRIMARY KEY,
    token_hash  TEXT NOT NULL UNIQUE,     -- SHA-256 of the token; the token itself is never stored
    case_id     TEXT NOT NULL REFERENCES cases (id),
    request_id  TEXT REFERENCES requests (id),
    purpose     TEXT NOT NULL,            -- 'request' (answer one request) or 'status' (follow the case)
    channel     TEXT NOT NULL,            -- where it was sent: email, api, portal
    expires_at  TEXT NOT NULL,
    revoked_at  TEXT,
    used_at     TEXT,
    created_at  TEXT NOT NULL
);
CREATE INDEX links_case ON links (case_id);
CREATE INDEX links_request ON links (request_id);

CREATE TABLE drafts (
    request_id TEXT PRIMARY KEY REFERENCES requests (id),
    data       TEXT NOT NULL,
    saved_at   TEXT NOT NULL
);

CREATE TABLE files (
    id           TEXT PRIMARY KEY,
    case_id      TEXT NOT NULL REFERENCES cases (id),
    request_id   TEXT REFERENCES requests (id),
    name         TEXT NOT NULL,
    content_type TEXT NOT NULL,
    size         INTEGER NOT NULL,
    sha256       TEXT NOT NULL,
    storage_key  TEXT NOT NULL,
    created_at   TEXT NOT NULL
);
CREATE INDEX files_case ON files (case_id);

CREATE TABLE mails (
    id          INTEGER PRIMARY KEY,
    direction   TEXT NOT NULL,            -- 'out' or 'in'
    message_id  TEXT NOT NULL,
    outbox_id   INTEGER REFERENCES outbox (id),
    case_id     TEXT REFERENCES cases (id),
    sender      TEXT NOT NULL,
    recipient   TEXT NOT NULL,
    subject     TEXT NOT NULL,
    text_body   TEXT,                     -- kept only where no SMTP server is configured
    html_body   TEXT,
    headers     TEXT NOT NULL DEFAULT '{}',
    created_at  TEXT NOT NULL
);
CREATE UNIQUE INDEX mails_message ON mails (direction, message_id);
CREATE INDEX mails_case ON mails (case_id);

CREATE TABLE api_keys (
    id           TEXT PRIMARY KEY,
    name         TEXT NOT NULL,
    key_hash     TEXT NOT NULL UNIQUE,
    scopes       TEXT NOT NULL DEFAULT '[]',
    created_at   TEXT NOT NULL,
    revoked_at   TEXT,
    last_used_at TEXT
);

CREATE TABLE idempotency (
    api_key_id   TEXT NOT NULL REFERENCES api_keys (id),
    key          TEXT NOT NULL,
    method       TEXT NOT NULL,
    path         TEXT NOT NULL,
    request_hash TEXT NOT NULL,
    status_code  INTEGER NOT NULL,
    response     TEXT NOT NULL,
    created_at   TEXT NOT NULL,
    PRIMARY KEY (api_key_id, key)
);

CREATE TABLE webhooks (
    id          TEXT PRIMARY KEY,
    url         TEXT NOT NULL,
    secret      TEXT NOT NULL,
    event_types TEXT NOT NULL DEFAULT '[]',   -- empty: every event
    created_at  TEXT NOT NULL,
    disabled_at TEXT
);

CREATE TABLE meta (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
);
