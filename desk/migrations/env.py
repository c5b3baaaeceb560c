"""Alembic environment of the desk's store: run by :class:`shebao.desk.store.Store` on the
connection it opens (``config.attributes["connection"]``), online only."""

from alembic import context
from shebao.desk.store import Base

connection = context.config.attributes["connection"]
context.configure(connection=connection, target_metadata=Base.metadata,
                  render_as_batch=True)  # SQLite alters tables by copying them
with context.begin_transaction():
    context.run_migrations()
