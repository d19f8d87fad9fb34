// Replaced by the training core's entry point.
print("kiln-train: not built yet")
