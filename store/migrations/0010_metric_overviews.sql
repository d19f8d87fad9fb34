-- Overviews: a bounded summary of each stored series (at most 400 points: the first, last, lowest and highest
-- point of each of 100 step buckets; a series of at most 400 points is kept whole), so a report or a sweep
-- page draws a sweep of a thousand long runs without reading every point. Derived data: written when a run
-- ends (and by the first reader of an ended run without one), and deleted by the triggers below whenever
-- the run's points change, so an overview that exists always summarises every stored point.
CREATE TABLE metric_overviews (
    run_id  bigint NOT NULL REFERENCES runs (id) ON DELETE CASCADE,
    name    text NOT NULL,
    points  bigint NOT NULL,
    steps   bigint[] NOT NULL,
    vals    double precision[] NOT NULL,
    PRIMARY KEY (run_id, name)
);

CREATE FUNCTION kiln_forget_overviews() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    DELETE FROM metric_overviews o USING (SELECT DISTINCT run_id FROM changed_points) p WHERE o.run_id = p.run_id;
    RETURN NULL;
END $$;

CREATE TRIGGER metrics_forget_overviews_insert AFTER INSERT ON metrics
    REFERENCING NEW TABLE AS changed_points FOR EACH STATEMENT EXECUTE FUNCTION kiln_forget_overviews();
CREATE TRIGGER metrics_forget_overviews_delete AFTER DELETE ON metrics
    REFERENCING OLD TABLE AS changed_points FOR EACH STATEMENT EXECUTE FUNCTION kiln_forget_overviews();
