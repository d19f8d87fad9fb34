// Replaced by the KilnScheduler implementation.
