"""the training day: units and plates per athlete, body weight over time, and a
workout's own list of exercises and when it was finished

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-05 09:00:00.000000
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    """Apply this revision."""
    with op.batch_alter_table("athletes") as batch:
        batch.add_column(
            sa.Column("units", sa.String(length=2), nullable=False, server_default="kg")
        )
        batch.add_column(sa.Column("bar_kg", sa.Float(), nullable=True))
        batch.add_column(sa.Column("plates_kg", sa.Text(), nullable=True))
    with op.batch_alter_table("workouts") as batch:
        batch.add_column(sa.Column("finished_at", sa.DateTime(), nullable=True))
        batch.add_column(sa.Column("layout", sa.Text(), nullable=True))
    op.create_table(
        "body_weights",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("athlete_id", sa.Integer(), nullable=False),
        sa.Column("measured_on", sa.Date(), nullable=False),
        sa.Column("weight_kg", sa.Float(), nullable=False),
        sa.ForeignKeyConstraint(
            ["athlete_id"],
            ["athletes.id"],
            name=op.f("fk_body_weights_athlete_id_athletes"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_body_weights")),
        sa.UniqueConstraint("athlete_id", "measured_on", name=op.f("uq_body_weights_athlete_id")),
    )
    op.create_index("ix_sets_athlete_exercise", "sets", ["athlete_id", "exercise_id"])


def downgrade() -> None:
    """Revert this revision."""
    op.drop_index("ix_sets_athlete_exercise", table_name="sets")
    op.drop_table("body_weights")
    with op.batch_alter_table("workouts") as batch:
        batch.drop_column("layout")
        batch.drop_column("finished_at")
    with op.batch_alter_table("athletes") as batch:
        batch.drop_column("plates_kg")
        batch.drop_column("bar_kg")
        batch.drop_column("units")
