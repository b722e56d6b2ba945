-- JdbcOAuthStore schema, version 1. ${prefix} is the store's table prefix. Statements end with ';' at the end of a
-- line. Timestamps keep microseconds; hashes are hex text; sealed tokens are bytes; skills are comma-separated
-- skill ids; the permission level is its id; the token kind its enum name.

CREATE TABLE ${prefix}clients (
  client_id TEXT NOT NULL PRIMARY KEY,
  secret_hash TEXT,
  metadata_json TEXT NOT NULL,
  issued_at TIMESTAMP WITH TIME ZONE NOT NULL
);

CREATE TABLE ${prefix}pending (
  id TEXT NOT NULL PRIMARY KEY,
  client_id TEXT NOT NULL,
  redirect_uri TEXT NOT NULL,
  code_challenge TEXT NOT NULL,
  client_state TEXT,
  resource TEXT NOT NULL,
  permission_level TEXT NOT NULL,
  skills TEXT NOT NULL,
  organization_slug TEXT,
  project_slug TEXT,
  browser_binding TEXT NOT NULL,
  expires_at TIMESTAMP WITH TIME ZONE NOT NULL
);

CREATE INDEX ${prefix}pending_expires_idx ON ${prefix}pending (expires_at);

CREATE TABLE ${prefix}grants (
  id TEXT NOT NULL PRIMARY KEY,
  client_id TEXT NOT NULL,
  user_id TEXT NOT NULL,
  resource TEXT NOT NULL,
  permission_level TEXT NOT NULL,
  skills TEXT NOT NULL,
  organization_slug TEXT,
  project_slug TEXT,
  sealed_upstream BYTEA NOT NULL,
  upstream_expires_at TIMESTAMP WITH TIME ZONE NOT NULL,
  version BIGINT NOT NULL,
  created_at TIMESTAMP WITH TIME ZONE NOT NULL
);

CREATE INDEX ${prefix}grants_created_idx ON ${prefix}grants (created_at);

CREATE TABLE ${prefix}tokens (
  hash TEXT NOT NULL PRIMARY KEY,
  kind TEXT NOT NULL,
  grant_id TEXT NOT NULL REFERENCES ${prefix}grants (id) ON DELETE CASCADE,
  client_id TEXT NOT NULL,
  resource TEXT NOT NULL,
  redirect_uri TEXT,
  code_challenge TEXT,
  issued_at TIMESTAMP WITH TIME ZONE NOT NULL,
  expires_at TIMESTAMP WITH TIME ZONE NOT NULL,
  used BOOLEAN NOT NULL DEFAULT FALSE
);

CREATE INDEX ${prefix}tokens_grant_idx ON ${prefix}tokens (grant_id);

CREATE INDEX ${prefix}tokens_expires_idx ON ${prefix}tokens (expires_at);
