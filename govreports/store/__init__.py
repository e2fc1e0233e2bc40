"""Store: parsed reports in a SQL database (SQLite by default, PostgreSQL in production)."""
