"""Understand: metadata, region, statistical tables and their checks."""
