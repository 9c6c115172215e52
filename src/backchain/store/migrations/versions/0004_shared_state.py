"""imports that land in short turns, and failed log-ins kept in the database

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-01 09:00:00.000000
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    """Apply this revision."""
    with op.batch_alter_table("import_batches") as batch:
        batch.add_column(sa.Column("finished_at", sa.DateTime(), nullable=True))
        batch.add_column(sa.Column("alive_at", sa.DateTime(), nullable=True))
    # Every import so far landed in one transaction: all are finished.
    op.execute("UPDATE import_batches SET finished_at = imported_at, alive_at = imported_at")
    op.create_table(
        "login_failures",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("key_hash", sa.String(length=64), nullable=False),
        sa.Column("failed_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_login_failures")),
    )
    op.create_index("ix_login_failures_key_failed", "login_failures", ["key_hash", "failed_at"])


def downgrade() -> None:
    """Revert this revision."""
    op.drop_index("ix_login_failures_key_failed", table_name="login_failures")
    op.drop_table("login_failures")
    with op.batch_alter_table("import_batches") as batch:
        batch.drop_column("alive_at")
        batch.drop_column("finished_at")
