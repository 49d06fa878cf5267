"""SQL adapters (SQLAlchemy Core): SQLite in the embedded runtime, MySQL/MariaDB in production."""
