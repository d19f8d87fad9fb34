-- The metric a fit was made on (`val/prose/loss`, `train/loss`, …), so a report compares a fit with the
-- curve it was fitted to. NULL for fits saved before Kiln recorded it: reports say so instead of guessing.

ALTER TABLE fits ADD COLUMN metric text;
