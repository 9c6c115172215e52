"""Storage: SQLAlchemy tables, the unit of work and Alembic migrations.
SQLite by default, PostgreSQL by URL."""

from backchain.store.database import Database

__all__ = ["Database"]
