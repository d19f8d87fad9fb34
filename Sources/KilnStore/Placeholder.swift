// Replaced by the KilnStore implementation.
