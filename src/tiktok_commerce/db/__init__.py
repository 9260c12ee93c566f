"""The database: SQLAlchemy models, engine/session helpers and Alembic migrations.

Only the API process writes it; workers never import this package.
"""
