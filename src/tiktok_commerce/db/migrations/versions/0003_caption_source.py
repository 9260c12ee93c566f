"""videos.caption_source: where the caption came from (seller, oembed, page, none; pending meanwhile).

Revision ID: 0003_caption_source
Revises: 0002_bus
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0003_caption_source"
down_revision: str | None = "0002_bus"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("videos") as batch:
        batch.add_column(sa.Column("caption_source", sa.String(length=16), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("videos") as batch:
        batch.drop_column("caption_source")
