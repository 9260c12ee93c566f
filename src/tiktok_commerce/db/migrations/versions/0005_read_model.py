"""The read model: each product's public document, seller edits and visibility; a shop's keyset index.

Documents of products that exist before this revision are written after the upgrade
(`api.read_model.backfill`, run by `db upgrade`, `up` and `api`).

Revision ID: 0005_read_model
Revises: 0004_video_language
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0005_read_model"
down_revision: str | None = "0004_video_language"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("products") as batch:
        batch.add_column(sa.Column("edited_fields", sa.JSON(), nullable=True))
        batch.add_column(sa.Column("hidden", sa.Boolean(), server_default=sa.false(), nullable=False))
        batch.add_column(sa.Column("listed", sa.Boolean(), server_default=sa.false(), nullable=False))
        batch.add_column(sa.Column("document", sa.Text(), nullable=True))
        batch.drop_index("ix_products_seller_handle")
        batch.create_index(
            "ix_products_seller_created_id", ["seller_handle", "created_at", "id"], unique=False
        )


def downgrade() -> None:
    with op.batch_alter_table("products") as batch:
        batch.drop_index("ix_products_seller_created_id")
        batch.create_index("ix_products_seller_handle", ["seller_handle"], unique=False)
        batch.drop_column("document")
        batch.drop_column("listed")
        batch.drop_column("hidden")
        batch.drop_column("edited_fields")
