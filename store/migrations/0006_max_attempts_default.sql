-- One default for a run's attempts: RunDefaults.maxAttempts (2), what every spec has always given.
-- Registration always supplies the value; the column default only matches it, so that no second
-- answer remains in the schema.
ALTER TABLE runs ALTER COLUMN max_attempts SET DEFAULT 2;
