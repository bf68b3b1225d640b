-- Times are Unix milliseconds (UTC) in bigint, as in the SQLite store, so comparisons are exact and every
-- process compares the times it was given, never the database server's clock (blob ages excepted).
-- Enums are stored by name. `seq` identity columns keep insertion order where the contract breaks ties by it.

CREATE TABLE access_tokens (
    seq         bigint  GENERATED ALWAYS AS IDENTITY,
    token       text    NOT NULL PRIMARY KEY,
    kind        text    NOT NULL,
    app_id      text    NOT NULL,
    tenant_key  text    NOT NULL,
    user_id     text,
    scope       text,
    issued_at   bigint  NOT NULL,
    expires_at  bigint  NOT NULL
);
CREATE INDEX ix_access_tokens_latest ON access_tokens (app_id, kind, user_id, issued_at, seq);

CREATE TABLE media_files (
    file_token             text    NOT NULL PRIMARY KEY,
    app_id                 text    NOT NULL,
    tenant_key             text    NOT NULL,
    owner_id               text    NOT NULL,
    file_name              text    NOT NULL,
    parent_type            text    NOT NULL,
    parent_node            text    NOT NULL,
    size                   bigint  NOT NULL,
    import_obj_type        text,
    import_file_extension  text,
    blob_id                text    NOT NULL,
    created_at             bigint  NOT NULL
);
CREATE INDEX ix_media_files_tenant ON media_files (tenant_key);
CREATE INDEX ix_media_files_blob ON media_files (blob_id);
CREATE INDEX ix_media_files_staged ON media_files (parent_type, created_at);

CREATE TABLE drive_nodes (
    token         text    NOT NULL PRIMARY KEY,
    type          text    NOT NULL,
    name          text    NOT NULL,
    parent_token  text    REFERENCES drive_nodes (token),
    owner_id      text    NOT NULL,
    tenant_key    text    NOT NULL,
    created_at    bigint  NOT NULL,
    modified_at   bigint  NOT NULL,
    root_token    text    NOT NULL,
    depth         integer NOT NULL,
    size          bigint  NOT NULL,
    blob_id       text
);
CREATE INDEX ix_drive_nodes_parent ON drive_nodes (parent_token);
CREATE INDEX ix_drive_nodes_root ON drive_nodes (root_token);
CREATE INDEX ix_drive_nodes_tenant_type ON drive_nodes (tenant_key, type);
CREATE INDEX ix_drive_nodes_blob ON drive_nodes (blob_id) WHERE blob_id IS NOT NULL;
-- At most one root folder per owner; GetOrInsertRoot relies on it.
CREATE UNIQUE INDEX ux_drive_nodes_root ON drive_nodes (owner_id) WHERE parent_token IS NULL;

-- The import queue.
CREATE TABLE import_tasks (
    seq               bigint  GENERATED ALWAYS AS IDENTITY,
    ticket            text    NOT NULL PRIMARY KEY,
    app_id            text    NOT NULL,
    tenant_key        text    NOT NULL,
    owner_id          text    NOT NULL,
    file_token        text    NOT NULL,
    file_extension    text    NOT NULL,
    target            text    NOT NULL,
    file_name         text    NOT NULL,
    folder_token      text    NOT NULL,
    created_at        bigint  NOT NULL,
    state             text    NOT NULL,
    job_status        integer NOT NULL,
    job_error_msg     text    NOT NULL,
    document_token    text,
    extra             text    NOT NULL, -- JSON array of strings
    updated_at        bigint  NOT NULL,
    lease_owner       text,
    lease_expires_at  bigint,
    attempts          integer NOT NULL
);
-- Claiming walks only the unfinished tasks, oldest first: finished ones (the bulk of the table) are not in it.
CREATE INDEX ix_import_tasks_queue ON import_tasks (created_at, seq) WHERE state IN ('Initializing', 'Processing');
CREATE INDEX ix_import_tasks_document ON import_tasks (document_token) WHERE state IN ('Initializing', 'Processing');
CREATE INDEX ix_import_tasks_file ON import_tasks (file_token) WHERE state IN ('Initializing', 'Processing');

CREATE TABLE document_parts (
    document_token  text    NOT NULL,
    kind            text    NOT NULL,
    seq             bigint  NOT NULL,
    key             text,
    data            bytea   NOT NULL,
    PRIMARY KEY (document_token, kind, seq)
);
CREATE INDEX ix_document_parts_key ON document_parts (document_token, kind, key);

CREATE TABLE node_members (
    seq          bigint GENERATED ALWAYS AS IDENTITY,
    node_token   text   NOT NULL,
    open_id      text   NOT NULL,
    member_type  text   NOT NULL,
    member_id    text   NOT NULL,
    permission   text   NOT NULL,
    PRIMARY KEY (node_token, open_id)
);
CREATE INDEX ix_node_members_principal ON node_members (open_id, node_token);

CREATE TABLE oauth_grants (
    code                   text    NOT NULL PRIMARY KEY,
    kind                   text    NOT NULL,
    app_id                 text    NOT NULL,
    user_id                text    NOT NULL,
    redirect_uri           text    NOT NULL,
    code_challenge         text,
    code_challenge_method  text,
    scope                  text    NOT NULL,
    issued_at              bigint  NOT NULL,
    expires_at             bigint  NOT NULL,
    used_at                bigint
);

-- Multipart uploads in progress (spec/02 §2): the session and which blob holds each received block.
CREATE TABLE upload_sessions (
    upload_id              text    NOT NULL PRIMARY KEY,
    kind                   text    NOT NULL,
    app_id                 text    NOT NULL,
    tenant_key             text    NOT NULL,
    owner_id               text    NOT NULL,
    file_name              text    NOT NULL,
    parent_type            text    NOT NULL,
    parent_node            text    NOT NULL,
    size                   bigint  NOT NULL,
    block_size             integer NOT NULL,
    block_num              integer NOT NULL,
    import_obj_type        text,
    import_file_extension  text,
    created_at             bigint  NOT NULL,
    expires_at             bigint  NOT NULL
);
CREATE INDEX ix_upload_sessions_expires ON upload_sessions (expires_at);
CREATE INDEX ix_upload_sessions_tenant ON upload_sessions (tenant_key);

CREATE TABLE upload_parts (
    upload_id  text    NOT NULL REFERENCES upload_sessions (upload_id) ON DELETE CASCADE,
    seq        integer NOT NULL,
    size       bigint  NOT NULL,
    blob_id    text    NOT NULL,
    PRIMARY KEY (upload_id, seq)
);
CREATE INDEX ix_upload_parts_blob ON upload_parts (blob_id);

-- Uploaded bytes: a blob is a row naming its length, and its bytes in fixed-size chunks (the last may be
-- shorter), so a reader fetches one chunk at a time and seeks by chunk index. The blob row is inserted last,
-- in the transaction that wrote the chunks: a blob without its row does not exist.
CREATE TABLE blobs (
    blob_id     text    NOT NULL PRIMARY KEY,
    length      bigint  NOT NULL,
    chunk_size  integer NOT NULL,
    written_at  timestamptz NOT NULL
);
CREATE INDEX ix_blobs_written ON blobs (written_at);

CREATE TABLE blob_chunks (
    blob_id  text    NOT NULL,
    chunk    integer NOT NULL,
    data     bytea   NOT NULL,
    PRIMARY KEY (blob_id, chunk)
);
-- Chunks are already compressed or not worth it; no TOAST compression on the write path.
ALTER TABLE blob_chunks ALTER COLUMN data SET STORAGE EXTERNAL;

-- Fixed-window rate counters shared by the cluster. Unlogged: a crash of the database server empties it,
-- which starts the current windows afresh; in exchange a counter bump writes no WAL.
CREATE UNLOGGED TABLE rate_counters (
    key           text    NOT NULL,
    window_start  bigint  NOT NULL,
    evict_after   bigint  NOT NULL, -- a whole window after its end: a request begun before the end may still count
    count         bigint  NOT NULL,
    PRIMARY KEY (key, window_start)
);
CREATE INDEX ix_rate_counters_evict ON rate_counters (evict_after);
