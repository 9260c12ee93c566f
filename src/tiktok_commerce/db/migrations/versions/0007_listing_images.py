"""thumbnails.listing_*: the larger listing image cut around the same pick (LISTING_IMAGE_SIZE).

Revision ID: 0007_listing_images
Revises: 0006_api_keys
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0007_listing_images"
down_revision: str | None = "0006_api_keys"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("thumbnails") as batch:
        batch.add_column(sa.Column("listing_blob_key", sa.String(length=500), nullable=True))
        batch.add_column(sa.Column("listing_width", sa.Integer(), nullable=True))
        batch.add_column(sa.Column("listing_height", sa.Integer(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("thumbnails") as batch:
        batch.drop_column("listing_height")
        batch.drop_column("listing_width")
        batch.drop_column("listing_blob_key")
