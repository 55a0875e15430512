-- Run summaries sent by the on-prem CLI after each run (no PII, no tokens: only the documented
-- fields, validated by org.deid.server.run.RunSummary before they are stored).
CREATE TABLE client_runs (
  id VARCHAR(40) PRIMARY KEY,
  client_id VARCHAR(40) NOT NULL,
  api_key_id VARCHAR(40) NOT NULL,
  received_at BIGINT NOT NULL,
  exit_status INT NOT NULL,
  summary VARCHAR(1000000) NOT NULL
);

CREATE INDEX client_runs_by_client ON client_runs (client_id, received_at);
