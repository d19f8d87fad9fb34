-- Beyond one machine (issue 13). Slurm jobs submitted for a sweep (`kiln slurm submit`): a job array
-- of `kiln worker --sweep`, one row per submission, so `kiln status` can show their states and
-- `kiln cancel` can scancel them.

CREATE TABLE slurm_jobs (
    id           bigserial PRIMARY KEY,
    sweep_id     bigint NOT NULL REFERENCES sweeps (id) ON DELETE CASCADE,
    -- The job id sbatch printed (the array's job id), as text: Slurm may append ';cluster'.
    job_id       text NOT NULL,
    -- Array size: how many `kiln worker` tasks the job asked for.
    workers      integer NOT NULL CHECK (workers > 0),
    -- The sbatch script written under .kiln/slurm/, and the host that submitted it.
    script_path  text NOT NULL,
    submit_host  text NOT NULL,
    submitted_at timestamptz NOT NULL DEFAULT now(),
    cancelled_at timestamptz,
    UNIQUE (sweep_id, job_id)
);

CREATE INDEX slurm_jobs_sweep ON slurm_jobs (sweep_id);

-- Workers announce the GPUs they have (kiln worker), so `kiln status` can say when a run asks for
-- more GPUs than any live worker has. A worker is live while it announces (every poll) or holds a run.
CREATE TABLE workers (
    name    text PRIMARY KEY,
    gpus    integer NOT NULL DEFAULT 0,
    seen_at timestamptz NOT NULL DEFAULT now()
);
