"""Corrections of pay-slip and annual rows (``record``) and of a column's role (``column``,
``table_no``; ``field`` "column").

Revision ID: 0003
Revises: 0002
"""

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("corrections") as batch:
        batch.add_column(sa.Column("record", sa.String(12), nullable=True))
        batch.add_column(sa.Column("column", sa.Integer, nullable=True))
        batch.add_column(sa.Column("table_no", sa.Integer, nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("corrections") as batch:
        batch.drop_column("table_no")
        batch.drop_column("column")
        batch.drop_column("record")
