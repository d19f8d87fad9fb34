-- Kiln's schema: sweeps, their runs (the work queue), checkpoints, metrics and fits.

CREATE TABLE sweeps (
    id          bigserial PRIMARY KEY,
    name        text NOT NULL UNIQUE,
    description text NOT NULL DEFAULT '',
    spec_text   text NOT NULL,
    spec_hash   text NOT NULL,
    spec_path   text,
    created_at  timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE runs (
    id               bigserial PRIMARY KEY,
    sweep_id         bigint NOT NULL REFERENCES sweeps (id) ON DELETE CASCADE,
    -- Stable identity derived from the resolved configuration (unique within a sweep).
    name             text NOT NULL,
    stage            text NOT NULL DEFAULT 'main',
    params           jsonb NOT NULL,
    config_hash      text NOT NULL,
    status           text NOT NULL DEFAULT 'pending'
                     CHECK (status IN ('pending', 'running', 'succeeded', 'failed', 'cancelled')),
    priority         integer NOT NULL DEFAULT 0,
    attempt          integer NOT NULL DEFAULT 0,
    max_attempts     integer NOT NULL DEFAULT 3,
    threads          integer NOT NULL DEFAULT 1,
    timeout_seconds  double precision,
    worker           text,
    heartbeat_at     timestamptz,
    lease_expires_at timestamptz,
    started_at       timestamptz,
    finished_at      timestamptz,
    exit_code        integer,
    log_tail         text,
    -- Checkpoint branching: this run starts from `parent_run_id`'s checkpoint at `parent_step`
    -- (NULL: its final checkpoint) and is claimable only once the parent has succeeded.
    parent_run_id    bigint REFERENCES runs (id) ON DELETE CASCADE,
    parent_step      bigint,
    run_dir          text,
    checkpoint_path  text,
    log_path         text,
    -- Compute accounting from the plan.
    total_steps      bigint,
    params_count     bigint,
    tokens           bigint,
    flops            double precision,
    created_at       timestamptz NOT NULL DEFAULT now(),
    UNIQUE (sweep_id, name)
);

CREATE INDEX runs_queue ON runs (sweep_id, priority, id) WHERE status IN ('pending', 'running');
CREATE INDEX runs_parent ON runs (parent_run_id) WHERE parent_run_id IS NOT NULL;

CREATE TABLE checkpoints (
    run_id     bigint NOT NULL REFERENCES runs (id) ON DELETE CASCADE,
    step       bigint NOT NULL,
    path       text NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (run_id, step)
);

-- No foreign key on run_id: ingestion is the hot path, and a foreign-key check per row costs a
-- fifth of its speed. Runs are deleted through RunStore, which deletes their metrics first.
CREATE TABLE metrics (
    run_id      bigint NOT NULL,
    name        text NOT NULL,
    step        bigint NOT NULL,
    value       double precision NOT NULL,
    recorded_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (run_id, name, step)
);

CREATE TABLE fits (
    id         bigserial PRIMARY KEY,
    kind       text NOT NULL,
    sweep_id   bigint REFERENCES sweeps (id) ON DELETE CASCADE,
    inputs     jsonb NOT NULL,
    parameters jsonb NOT NULL,
    summary    jsonb NOT NULL DEFAULT '{}',
    created_at timestamptz NOT NULL DEFAULT now()
);
