// Replaced by the KilnTraining implementation.
