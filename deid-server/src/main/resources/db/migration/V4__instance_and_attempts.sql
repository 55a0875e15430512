-- Facts about the installation that every process checks at start, one row each:
-- 'master-key-check' holds a value sealed under the master key (a process started with another
-- key refuses to start instead of failing jobs); 'first-admin-key' marks that the first admin key
-- was issued (its primary key lets exactly one of several API nodes starting at once issue it).
CREATE TABLE instance_facts (
  name VARCHAR(100) PRIMARY KEY,
  content BYTEA NOT NULL,
  created_at BIGINT NOT NULL
);

-- The worker whose attempt an event starts or ends (claims, outcomes, expired leases).
ALTER TABLE job_events ADD COLUMN worker_id VARCHAR(100);

-- The reaper looks for running jobs by lease expiry.
CREATE INDEX jobs_lease_idx ON jobs (state, lease_until);
