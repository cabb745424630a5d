-- inloop schema 3: accounts of the staff (agents, supervisors, admins), their queues, their
-- sessions, and the counters that throttle logins.

CREATE TABLE users (
    id                  TEXT PRIMARY KEY,
    email               TEXT NOT NULL COLLATE NOCASE UNIQUE,  -- stored lower-cased as well
    name                TEXT NOT NULL,
    role                TEXT NOT NULL CHECK (role IN ('agent', 'supervisor', 'admin')),
    password_hash       TEXT NOT NULL,        -- Argon2id, in the PHC string format
    disabled_at         TEXT,
    created_at          TEXT NOT NULL,
    password_changed_at TEXT NOT NULL,        -- sessions begun before this are void
    failed_logins       INTEGER NOT NULL DEFAULT 0,
    locked_until        TEXT
);

CREATE TABLE queue_members (
    queue   TEXT NOT NULL,
    user_id TEXT NOT NULL REFERENCES users (id),
    PRIMARY KEY (queue, user_id)
);
CREATE INDEX queue_members_user ON queue_members (user_id);

CREATE TABLE login_throttle (
    key          TEXT PRIMARY KEY,            -- 'email:' + SHA-256 of the address, or 'addr:' + client
    failures     INTEGER NOT NULL,
    first_at     TEXT NOT NULL,               -- first failure of the current window
    locked_until TEXT
);

CREATE TABLE staff_sessions (
    token_hash   TEXT PRIMARY KEY,            -- SHA-256 of the cookie; the token is never stored
    user_id      TEXT NOT NULL REFERENCES users (id),
    created_at   TEXT NOT NULL,
    seen_at      TEXT NOT NULL,
    ended_at     TEXT
);
CREATE INDEX staff_sessions_user ON staff_sessions (user_id);
