-- Tenants, their credentials, policies, keys and notification targets.
-- Plain SQL that H2 2.x and PostgreSQL 12+ both accept (one schema, one set of repositories).
-- Times are epoch milliseconds (UTC); binary values are BYTEA (BINARY VARYING in H2).
CREATE TABLE clients (
  id VARCHAR(40) PRIMARY KEY,
  name VARCHAR(200) NOT NULL,
  created_at BIGINT NOT NULL,
  webhook_secret_sealed BYTEA NOT NULL,
  CONSTRAINT clients_name_unique UNIQUE (name)
);

CREATE TABLE api_keys (
  id VARCHAR(40) PRIMARY KEY,
  client_id VARCHAR(40),
  is_admin BOOLEAN NOT NULL,
  key_hash VARCHAR(64) NOT NULL,
  created_at BIGINT NOT NULL,
  revoked_at BIGINT,
  CONSTRAINT api_keys_hash_unique UNIQUE (key_hash)
);

CREATE TABLE client_policies (
  client_id VARCHAR(40) NOT NULL,
  version INT NOT NULL,
  policy_text BYTEA NOT NULL,
  sha256 VARCHAR(64) NOT NULL,
  created_at BIGINT NOT NULL,
  PRIMARY KEY (client_id, version)
);

CREATE TABLE client_keys (
  client_id VARCHAR(40) NOT NULL,
  version INT NOT NULL,
  sealed BYTEA NOT NULL,
  description VARCHAR(4000) NOT NULL,
  created_at BIGINT NOT NULL,
  PRIMARY KEY (client_id, version)
);

CREATE TABLE notification_targets (
  client_id VARCHAR(40) NOT NULL,
  channel VARCHAR(16) NOT NULL,
  target VARCHAR(2000) NOT NULL,
  PRIMARY KEY (client_id, channel, target)
);
