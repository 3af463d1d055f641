"""The lambda-router command: its subcommands and their helpers."""
