"""Corrections by hand (who, when, old and new value of a cell read), and which phone link
brought each upload (a phone's photos in order are one document).

Revision ID: 0002
Revises: 0001
"""

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "corrections",
        sa.Column("id", sa.Integer, primary_key=True),
        sa.Column("case_id", sa.Integer, sa.ForeignKey("cases.id"), nullable=False),
        sa.Column("upload_id", sa.Integer, sa.ForeignKey("uploads.id"), nullable=False),
        sa.Column("page", sa.Integer, nullable=False),
        sa.Column("row", sa.Integer, nullable=False),
        sa.Column("insurance", sa.String(20), nullable=True),
        sa.Column("field", sa.String(20), nullable=False),
        sa.Column("month", sa.String(7), nullable=True),
        sa.Column("old", sa.Text, nullable=False),
        sa.Column("new", sa.Text, nullable=False),
        sa.Column("by", sa.String(100), nullable=False),
        sa.Column("at", sa.DateTime, nullable=False),
    )
    op.create_index("ix_corrections_case_id", "corrections", ["case_id"])
    op.add_column("uploads", sa.Column("link_id", sa.Integer, nullable=True))
    op.add_column("links", sa.Column("one_document", sa.Boolean, nullable=False,
                                     server_default=sa.true()))


def downgrade() -> None:
    op.drop_column("links", "one_document")
    op.drop_column("uploads", "link_id")
    op.drop_index("ix_corrections_case_id", "corrections")
    op.drop_table("corrections")
