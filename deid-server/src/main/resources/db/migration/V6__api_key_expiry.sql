-- Optional expiry of API keys (epoch milliseconds, UTC); NULL never expires.
ALTER TABLE api_keys ADD COLUMN expires_at BIGINT;
