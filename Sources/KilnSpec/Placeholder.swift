// Replaced by the KilnSpec implementation.
