// Replaced by the KilnPostgres implementation.
