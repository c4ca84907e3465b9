"""Training recipe for the default model (needs the `train` extra)."""
