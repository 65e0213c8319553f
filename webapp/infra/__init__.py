"""Plumbing under every layer: configuration, the database engine, extensions, times, passwords, page access."""
