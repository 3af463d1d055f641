"""The application layer: middleware chains and composing routers."""
