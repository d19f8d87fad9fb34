-- Population-based training (issue 17). A population is a stage whose runs are its members'
-- segments of `ready` steps; the worker that finishes a generation's last segment ranks the members
-- and registers the next generation (one transaction, under this row's lock), so runs appear while
-- the sweep runs. `rule` is KilnProtocol.PopulationRule as JSON: workers need no spec.

CREATE TABLE populations (
    id       bigserial PRIMARY KEY,
    sweep_id bigint NOT NULL REFERENCES sweeps (id) ON DELETE CASCADE,
    stage    text NOT NULL,
    rule     jsonb NOT NULL,
    UNIQUE (sweep_id, stage)
);

-- Lineage: one row per segment run of a member.
CREATE TABLE population_members (
    run_id        bigint PRIMARY KEY REFERENCES runs (id) ON DELETE CASCADE,
    population_id bigint NOT NULL REFERENCES populations (id) ON DELETE CASCADE,
    member        integer NOT NULL,
    generation    integer NOT NULL,
    -- The member whose checkpoint the segment starts from (itself when it continues; NULL in
    -- generation 0), that checkpoint's run, and the step the segment starts at.
    source_member integer,
    source_run_id bigint REFERENCES runs (id) ON DELETE SET NULL,
    start_step    bigint NOT NULL DEFAULT 0,
    -- Explored parameters: {"lr": {"from": 0.01, "to": 0.0125}}; {} when nothing changed.
    changed       jsonb NOT NULL DEFAULT '{}',
    -- The metric's value at the end of the segment, recorded when the generation was ranked.
    score         double precision,
    UNIQUE (population_id, generation, member)
);

CREATE INDEX population_members_generation ON population_members (population_id, generation);
