"""Sources that need a specific answer: one dispatcher module per source."""
