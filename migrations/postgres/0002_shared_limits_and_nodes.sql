-- Rate limits shared by every node: one token bucket a row, kept until it is full again.
CREATE TABLE rate_buckets (
  key TEXT PRIMARY KEY,
  tokens DOUBLE PRECISION NOT NULL,
  updated_ms BIGINT NOT NULL,
  full_at_ms BIGINT NOT NULL
);
CREATE INDEX rate_buckets_full_at ON rate_buckets (full_at_ms);

-- Messages between nodes too large for NOTIFY (the socket.io PostgreSQL adapter's table).
CREATE TABLE socket_io_attachments (
  id BIGSERIAL UNIQUE,
  created_at TIMESTAMPTZ DEFAULT NOW(),
  payload BYTEA
);
