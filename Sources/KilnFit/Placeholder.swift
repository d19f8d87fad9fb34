// Replaced by the KilnFit implementation.
