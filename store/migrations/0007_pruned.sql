-- Schedule-aware early stopping (`early_stop:` in a spec): a run the rule stops ends `pruned`, its own
-- state (not failed, not cancelled), and keeps its checkpoint so `kiln retry` continues it. The sweep
-- stores its settings, so workers need no spec; each stop stores its decision for the report.

ALTER TABLE runs DROP CONSTRAINT runs_status_check;
ALTER TABLE runs ADD CONSTRAINT runs_status_check
    CHECK (status IN ('pending', 'running', 'succeeded', 'failed', 'cancelled', 'pruned'));

ALTER TABLE attempts DROP CONSTRAINT attempts_status_check;
ALTER TABLE attempts ADD CONSTRAINT attempts_status_check
    CHECK (status IN ('running', 'succeeded', 'failed', 'cancelled', 'released', 'lost', 'pruned'));

-- The spec's `early_stop:` settings as JSON (EarlyStopSettings); NULL: no early stopping.
ALTER TABLE sweeps ADD COLUMN early_stop jsonb;

-- Why a run was pruned: the step it was stopped at, its predicted final loss with the interval at the
-- rule's confidence, the best predicted final loss of the other runs, and the predicted curve to the
-- end (JSON: steps, predicted, low, high) for the report. One row per stop; a retried run that is
-- pruned again adds a row.
CREATE TABLE prune_decisions (
    id              bigserial PRIMARY KEY,
    run_id          bigint NOT NULL REFERENCES runs (id) ON DELETE CASCADE,
    step            bigint NOT NULL,
    metric          text NOT NULL,
    law             text NOT NULL,
    predicted_final double precision NOT NULL,
    low             double precision NOT NULL,
    high            double precision NOT NULL,
    best_predicted  double precision NOT NULL,
    best_run        text NOT NULL,
    probability     double precision NOT NULL,
    curve           jsonb NOT NULL,
    created_at      timestamptz NOT NULL DEFAULT now()
);

CREATE INDEX prune_decisions_run ON prune_decisions (run_id, id);
