"""Pick the bus the settings ask for: `sql` (default, the app's own database) or `aws` (SNS/SQS)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from tiktok_commerce import topology
from tiktok_commerce.bus.base import Bus
from tiktok_commerce.settings import Settings

if TYPE_CHECKING:  # SQLAlchemy is loaded only for the SQL bus
    from sqlalchemy import Engine


def make_bus(settings: Settings, engine: Engine | None = None) -> Bus:
    """The bus for these settings. For `sql`, pass the app's engine to share its connection pool."""
    if settings.bus == "aws":
        from tiktok_commerce.bus.aws import SqsBus  # boto3 only where it is used

        return SqsBus.from_settings(settings)

    from tiktok_commerce.bus.sql import SqlBus

    if engine is None:
        from tiktok_commerce.sql_engine import make_engine

        engine = make_engine(settings.database_url)
    override = settings.visibility_timeout_s
    return SqlBus(
        engine,
        visibility_timeout_s=override if override != topology.VISIBILITY_TIMEOUT_S else None,
    )
