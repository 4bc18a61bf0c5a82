"""Performance benchmarks: ``python -m benchmarks [--size small|full] [--only NAME]``."""
