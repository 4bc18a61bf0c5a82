"""seizures."""
