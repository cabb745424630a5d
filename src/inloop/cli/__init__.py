"""The `inloop` command line."""
