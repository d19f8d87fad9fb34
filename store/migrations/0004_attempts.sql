-- Queue controls and provenance: one row per attempt of a run (who ran it where, with what), the
-- attempts a `kiln retry` gives a run, and the spec version whose plan last contained each run.

ALTER TABLE runs
    -- Attempts `kiln retry` gives the run again: its spec's `max_attempts` (runs.max_attempts grows).
    ADD COLUMN retry_attempts integer NOT NULL DEFAULT 3,
    -- The spec hash of the latest registration whose plan contains the run; a run whose hash differs
    -- from its sweep's belongs to an earlier version of the spec (`kiln prune`). NULL: registered
    -- before this column existed.
    ADD COLUMN spec_hash      text;

UPDATE runs SET retry_attempts = max_attempts;

CREATE TABLE attempts (
    id                bigserial PRIMARY KEY,
    run_id            bigint NOT NULL REFERENCES runs (id) ON DELETE CASCADE,
    -- runs.attempt when claimed; an attempt given back without counting (Ctrl-C) keeps its row with
    -- status 'released', and the next claim reuses its number.
    attempt           integer NOT NULL,
    worker            text NOT NULL,
    host              text NOT NULL,
    started_at        timestamptz NOT NULL DEFAULT now(),
    finished_at       timestamptz,
    status            text NOT NULL DEFAULT 'running'
                      CHECK (status IN ('running', 'succeeded', 'failed', 'cancelled', 'released', 'lost')),
    exit_code         integer,
    failure           text,
    kiln_version      text NOT NULL,
    -- Provenance, written by the worker once the attempt's command is known.
    git_commit        text,
    git_dirty         boolean,
    argv              jsonb,
    executable        text,
    executable_sha256 text,
    environment       jsonb
);

CREATE INDEX attempts_run ON attempts (run_id, attempt);
CREATE INDEX attempts_running ON attempts (run_id) WHERE status = 'running';
