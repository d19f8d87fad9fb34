// Replaced by the KilnReport implementation.
