-- Times are Unix milliseconds (UTC) so comparisons in SQL are exact integer comparisons.
-- Enums are stored by name: readable in the sqlite3 shell and immune to member reordering.

CREATE TABLE access_tokens (
    token       TEXT    NOT NULL PRIMARY KEY,
    kind        TEXT    NOT NULL,
    app_id      TEXT    NOT NULL,
    tenant_key  TEXT    NOT NULL,
    user_id     TEXT,
    issued_at   INTEGER NOT NULL,
    expires_at  INTEGER NOT NULL
);
CREATE INDEX ix_access_tokens_latest ON access_tokens (app_id, kind, user_id, issued_at);

CREATE TABLE media_files (
    file_token            TEXT    NOT NULL PRIMARY KEY,
    app_id                TEXT    NOT NULL,
    tenant_key            TEXT    NOT NULL,
    owner_id              TEXT    NOT NULL,
    file_name             TEXT    NOT NULL,
    parent_type           TEXT    NOT NULL,
    parent_node           TEXT    NOT NULL,
    size                  INTEGER NOT NULL,
    import_obj_type       TEXT,
    import_file_extension TEXT,
    blob_id               TEXT    NOT NULL,
    created_at            INTEGER NOT NULL
);

CREATE TABLE drive_nodes (
    token         TEXT    NOT NULL PRIMARY KEY,
    type          TEXT    NOT NULL,
    name          TEXT    NOT NULL,
    parent_token  TEXT    REFERENCES drive_nodes (token),
    owner_id      TEXT    NOT NULL,
    tenant_key    TEXT    NOT NULL,
    created_at    INTEGER NOT NULL,
    modified_at   INTEGER NOT NULL
);
CREATE INDEX ix_drive_nodes_parent ON drive_nodes (parent_token);
-- At most one root folder per owner; GetOrInsertRoot relies on it.
CREATE UNIQUE INDEX ux_drive_nodes_root ON drive_nodes (owner_id) WHERE parent_token IS NULL;

-- The import queue.
CREATE TABLE import_tasks (
    ticket            TEXT    NOT NULL PRIMARY KEY,
    app_id            TEXT    NOT NULL,
    tenant_key        TEXT    NOT NULL,
    owner_id          TEXT    NOT NULL,
    file_token        TEXT    NOT NULL,
    file_extension    TEXT    NOT NULL,
    target            TEXT    NOT NULL,
    file_name         TEXT    NOT NULL,
    folder_token      TEXT    NOT NULL,
    created_at        INTEGER NOT NULL,
    state             TEXT    NOT NULL,
    job_status        INTEGER NOT NULL,
    job_error_msg     TEXT    NOT NULL,
    document_token    TEXT,
    extra             TEXT    NOT NULL, -- JSON array of strings
    updated_at        INTEGER NOT NULL,
    lease_owner       TEXT,
    lease_expires_at  INTEGER,
    attempts          INTEGER NOT NULL
);
-- Claiming walks queued tasks in created_at order without sorting the backlog, and finds
-- expired leases among the (few) Processing tasks.
CREATE INDEX ix_import_tasks_queue ON import_tasks (state, created_at);
CREATE INDEX ix_import_tasks_lease ON import_tasks (state, lease_expires_at);

CREATE TABLE document_parts (
    document_token  TEXT    NOT NULL,
    kind            TEXT    NOT NULL,
    seq             INTEGER NOT NULL,
    key             TEXT,
    data            BLOB    NOT NULL,
    PRIMARY KEY (document_token, kind, seq)
);
CREATE INDEX ix_document_parts_key ON document_parts (document_token, kind, key);
