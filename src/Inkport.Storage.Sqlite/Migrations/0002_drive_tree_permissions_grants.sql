-- The drive as a tree with limits (spec/04 §6): each node knows its drive (root) and depth,
-- uploaded files their bytes; collaborators per node; OAuth grants; scopes of user tokens.

ALTER TABLE drive_nodes ADD COLUMN root_token TEXT NOT NULL DEFAULT '';
ALTER TABLE drive_nodes ADD COLUMN depth INTEGER NOT NULL DEFAULT 0;
ALTER TABLE drive_nodes ADD COLUMN size INTEGER NOT NULL DEFAULT 0;
ALTER TABLE drive_nodes ADD COLUMN blob_id TEXT;
CREATE INDEX ix_drive_nodes_root ON drive_nodes (root_token);
CREATE INDEX ix_drive_nodes_tenant_type ON drive_nodes (tenant_key, type);
CREATE INDEX ix_media_files_tenant ON media_files (tenant_key);

ALTER TABLE access_tokens ADD COLUMN scope TEXT;

CREATE TABLE node_members (
    node_token   TEXT NOT NULL,
    open_id      TEXT NOT NULL,
    member_type  TEXT NOT NULL,
    member_id    TEXT NOT NULL,
    permission   TEXT NOT NULL,
    PRIMARY KEY (node_token, open_id)
);
CREATE INDEX ix_node_members_principal ON node_members (open_id, node_token);

CREATE TABLE oauth_grants (
    code                   TEXT    NOT NULL PRIMARY KEY,
    kind                   TEXT    NOT NULL,
    app_id                 TEXT    NOT NULL,
    user_id                TEXT    NOT NULL,
    redirect_uri           TEXT    NOT NULL,
    code_challenge         TEXT,
    code_challenge_method  TEXT,
    scope                  TEXT    NOT NULL,
    issued_at              INTEGER NOT NULL,
    expires_at             INTEGER NOT NULL,
    used_at                INTEGER
);
