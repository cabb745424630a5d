-- inloop schema 1: cases, journal, customer requests, agent tasks, timers, events, outbox.
-- Times are UTC ISO 8601 text of fixed width (text order is time order); JSON is text.

CREATE TABLE cases (
    id          TEXT PRIMARY KEY,
    process     TEXT NOT NULL,
    version     TEXT NOT NULL,
    process_key TEXT NOT NULL,               -- process || '@' || version
    status      TEXT NOT NULL,
    stage       TEXT,
    input       TEXT NOT NULL,
    customer    TEXT NOT NULL,
    result      TEXT,
    error       TEXT,
    runnable    INTEGER NOT NULL DEFAULT 0,
    lease_owner TEXT,
    lease_until TEXT,
    lease_token INTEGER NOT NULL DEFAULT 0,
    event_seq   INTEGER NOT NULL DEFAULT 0,
    start_key   TEXT UNIQUE,
    created_at  TEXT NOT NULL,
    updated_at  TEXT NOT NULL,
    closed_at   TEXT
);
CREATE INDEX cases_runnable ON cases (updated_at) WHERE runnable = 1;
CREATE INDEX cases_status ON cases (status, updated_at);

CREATE TABLE journal (
    case_id     TEXT NOT NULL,
    position    INTEGER NOT NULL,
    kind        TEXT NOT NULL,
    name        TEXT NOT NULL,
    state       TEXT NOT NULL,
    result      TEXT,
    created_at  TEXT NOT NULL,
    resolved_at TEXT,
    PRIMARY KEY (case_id, position)
) WITHOUT ROWID;

CREATE TABLE requests (
    id          TEXT PRIMARY KEY,
    case_id     TEXT NOT NULL REFERENCES cases (id),
    position    INTEGER NOT NULL,
    kind        TEXT NOT NULL,
    status      TEXT NOT NULL,
    spec        TEXT NOT NULL,
    deadline    TEXT NOT NULL,
    on_timeout  TEXT NOT NULL,
    attempts    INTEGER NOT NULL DEFAULT 0,
    answer      TEXT,
    answer_hash TEXT,
    answered_by TEXT,
    answered_at TEXT,
    response    TEXT,
    created_at  TEXT NOT NULL,
    closed_at   TEXT
);
CREATE INDEX requests_case ON requests (case_id);
CREATE INDEX requests_open ON requests (deadline) WHERE status = 'open';

CREATE TABLE tasks (
    id           TEXT PRIMARY KEY,
    case_id      TEXT NOT NULL REFERENCES cases (id),
    position     INTEGER NOT NULL,
    queue        TEXT NOT NULL,
    reason       TEXT NOT NULL,
    priority     INTEGER NOT NULL DEFAULT 0,
    status       TEXT NOT NULL,
    spec         TEXT NOT NULL,
    outcome      TEXT,
    completed_by TEXT,
    created_at   TEXT NOT NULL,
    closed_at    TEXT
);
CREATE INDEX tasks_case ON tasks (case_id);
CREATE INDEX tasks_queue ON tasks (queue, status, priority);

CREATE TABLE timers (
    id       INTEGER PRIMARY KEY,
    case_id  TEXT NOT NULL REFERENCES cases (id),
    kind     TEXT NOT NULL,
    due_at   TEXT NOT NULL,
    position INTEGER,
    ref      TEXT,
    payload  TEXT NOT NULL DEFAULT '{}',
    status   TEXT NOT NULL DEFAULT 'pending',
    fired_at TEXT
);
CREATE INDEX timers_due ON timers (due_at) WHERE status = 'pending';
CREATE INDEX timers_case ON timers (case_id, ref) WHERE status = 'pending';

CREATE TABLE events (
    id      INTEGER PRIMARY KEY,
    case_id TEXT NOT NULL REFERENCES cases (id),
    seq     INTEGER NOT NULL,
    type    TEXT NOT NULL,
    actor   TEXT NOT NULL,
    at      TEXT NOT NULL,
    payload TEXT NOT NULL,
    UNIQUE (case_id, seq)
);
CREATE INDEX events_type ON events (type, id);

CREATE TABLE outbox (
    id              INTEGER PRIMARY KEY,
    case_id         TEXT REFERENCES cases (id),
    channel         TEXT NOT NULL,
    kind            TEXT NOT NULL,
    idempotency_key TEXT NOT NULL UNIQUE,
    payload         TEXT NOT NULL,
    status          TEXT NOT NULL DEFAULT 'pending',
    attempts        INTEGER NOT NULL DEFAULT 0,
    next_attempt_at TEXT NOT NULL,
    last_error      TEXT,
    created_at      TEXT NOT NULL,
    sent_at         TEXT
);
CREATE INDEX outbox_pending ON outbox (next_attempt_at) WHERE status = 'pending';
