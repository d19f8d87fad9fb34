-- The scheduler's working columns: what to execute, cancellation, progress and protocol health.

ALTER TABLE runs
    -- The resolved trainer ({"builtin": TrainingConfig} or {"command": [argv]}); NULL until registered.
    ADD COLUMN trainer           jsonb,
    ADD COLUMN parent_optimizer  boolean NOT NULL DEFAULT false,
    ADD COLUMN parent_keep_step  boolean NOT NULL DEFAULT false,
    -- Set by `kiln cancel`; the worker holding the run stops it and marks it cancelled.
    ADD COLUMN cancel_requested  boolean NOT NULL DEFAULT false,
    -- Why the run ended when it did not succeed ("exit 1", "signal 11", "timed out after 5 s", "diverged", …).
    ADD COLUMN failure           text,
    ADD COLUMN malformed_lines   integer NOT NULL DEFAULT 0,
    -- Progress reported with each heartbeat.
    ADD COLUMN progress_step     bigint,
    ADD COLUMN progress_loss     double precision,
    ADD COLUMN tokens_per_second double precision;

CREATE INDEX runs_status ON runs (sweep_id, status);
