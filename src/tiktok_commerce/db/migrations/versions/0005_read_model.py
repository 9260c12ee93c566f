"""The read model: each product's public document, seller edits and visibility; a shop's keyset index;
videos.tiktok_id, so a repeated post is found by an index instead of a LIKE over the seller's videos.

Documents of products that exist before this revision are written after the upgrade
(`api.read_model.backfill`, run by `db upgrade`, `up` and `api`).

Revision ID: 0005_read_model
Revises: 0004_video_language
"""

from __future__ import annotations

import re
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0005_read_model"
down_revision: str | None = "0004_video_language"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


# Stored TikTok URLs are canonical (video_urls.canonical_url): https://www.tiktok.com/@user/video/ID
_TIKTOK = re.compile(r"^https://www\.tiktok\.com/@[^/]*/video/(\d{1,30})$")


def upgrade() -> None:
    with op.batch_alter_table("videos") as batch:
        batch.add_column(sa.Column("tiktok_id", sa.String(length=32), nullable=True))
        batch.create_index("ix_videos_seller_tiktok", ["seller_handle", "tiktok_id"], unique=False)
    connection = op.get_bind()
    videos = sa.table("videos", sa.column("id", sa.String), sa.column("video_url", sa.String),
                      sa.column("tiktok_id", sa.String))  # fmt: skip
    rows = connection.execute(
        sa.select(videos.c.id, videos.c.video_url).where(videos.c.video_url.like("https://www.tiktok.com/@%"))
    ).all()
    for video_id, url in rows:
        match = _TIKTOK.match(url)
        if match:
            connection.execute(
                videos.update().where(videos.c.id == video_id).values(tiktok_id=match.group(1))
            )
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
    with op.batch_alter_table("videos") as batch:
        batch.drop_index("ix_videos_seller_tiktok")
        batch.drop_column("tiktok_id")
    with op.batch_alter_table("products") as batch:
        batch.drop_index("ix_products_seller_created_id")
        batch.create_index("ix_products_seller_handle", ["seller_handle"], unique=False)
        batch.drop_column("document")
        batch.drop_column("listed")
        batch.drop_column("hidden")
        batch.drop_column("edited_fields")
