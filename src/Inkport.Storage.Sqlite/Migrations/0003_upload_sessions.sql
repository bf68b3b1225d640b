-- Multipart uploads in progress (spec/02 §2): the session and which blob holds each received block.

CREATE TABLE upload_sessions (
    upload_id              TEXT    NOT NULL PRIMARY KEY,
    kind                   TEXT    NOT NULL,
    app_id                 TEXT    NOT NULL,
    tenant_key             TEXT    NOT NULL,
    owner_id               TEXT    NOT NULL,
    file_name              TEXT    NOT NULL,
    parent_type            TEXT    NOT NULL,
    parent_node            TEXT    NOT NULL,
    size                   INTEGER NOT NULL,
    block_size             INTEGER NOT NULL,
    block_num              INTEGER NOT NULL,
    import_obj_type        TEXT,
    import_file_extension  TEXT,
    created_at             INTEGER NOT NULL,
    expires_at             INTEGER NOT NULL
);
CREATE INDEX ix_upload_sessions_expires ON upload_sessions (expires_at);
CREATE INDEX ix_upload_sessions_tenant ON upload_sessions (tenant_key);

CREATE TABLE upload_parts (
    upload_id  TEXT    NOT NULL REFERENCES upload_sessions (upload_id) ON DELETE CASCADE,
    seq        INTEGER NOT NULL,
    size       INTEGER NOT NULL,
    blob_id    TEXT    NOT NULL,
    PRIMARY KEY (upload_id, seq)
);
