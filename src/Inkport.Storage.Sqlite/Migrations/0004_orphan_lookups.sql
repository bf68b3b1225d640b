-- Lookups of the orphan chore: which blobs are still named, which documents an unfinished import still writes,
-- and which staged uploads one still reads.

CREATE INDEX ix_media_files_blob ON media_files (blob_id);
CREATE INDEX ix_drive_nodes_blob ON drive_nodes (blob_id) WHERE blob_id IS NOT NULL;
CREATE INDEX ix_upload_parts_blob ON upload_parts (blob_id);
CREATE INDEX ix_import_tasks_document ON import_tasks (document_token) WHERE document_token IS NOT NULL;
CREATE INDEX ix_import_tasks_file ON import_tasks (file_token);
CREATE INDEX ix_media_files_staged ON media_files (parent_type, created_at);
