// Replaced by the KilnTestSupport implementation.
