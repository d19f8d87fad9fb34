-- `kiln serve`'s live updates: every statement that adds metric points or inserts or updates runs sends
-- one NOTIFY on channel `kiln_serve` whose payload is the ids of the sweeps it touched, comma-separated.
-- Statement-level (with transition tables), so a COPY of thousands of points costs one notification,
-- delivered at commit; identical notifications of one transaction are folded into one by PostgreSQL.

CREATE FUNCTION kiln_serve_notify_points() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM pg_notify('kiln_serve', string_agg(r.sweep_id::text, ','))
    FROM (SELECT DISTINCT r.sweep_id FROM (SELECT DISTINCT run_id FROM new_points) p
          JOIN runs r ON r.id = p.run_id) r
    HAVING count(*) > 0;
    RETURN NULL;
END $$;

CREATE FUNCTION kiln_serve_notify_runs() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM pg_notify('kiln_serve', string_agg(s.sweep_id::text, ','))
    FROM (SELECT DISTINCT sweep_id FROM changed_runs) s
    HAVING count(*) > 0;
    RETURN NULL;
END $$;

CREATE TRIGGER metrics_serve_notify AFTER INSERT ON metrics
    REFERENCING NEW TABLE AS new_points FOR EACH STATEMENT EXECUTE FUNCTION kiln_serve_notify_points();
CREATE TRIGGER runs_serve_notify_insert AFTER INSERT ON runs
    REFERENCING NEW TABLE AS changed_runs FOR EACH STATEMENT EXECUTE FUNCTION kiln_serve_notify_runs();
CREATE TRIGGER runs_serve_notify_update AFTER UPDATE ON runs
    REFERENCING NEW TABLE AS changed_runs FOR EACH STATEMENT EXECUTE FUNCTION kiln_serve_notify_runs();
