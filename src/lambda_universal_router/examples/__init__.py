"""Example applications shipped with the library (``lambda-router demo`` runs the bookstore)."""
