"""EventBridge event patterns: compiled once into predicates."""
