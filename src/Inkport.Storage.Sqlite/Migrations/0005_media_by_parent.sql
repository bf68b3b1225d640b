-- A document's images and files are found by the document they were uploaded into, to be removed with it.

CREATE INDEX ix_media_files_parent ON media_files (parent_node);
