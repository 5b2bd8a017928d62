"""What attachments say: bounded text extraction from PDF, Office, CSV/TXT, archives and attached mail."""
