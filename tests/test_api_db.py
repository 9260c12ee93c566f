"""The database migrations and the natural keys that keep redelivered events from duplicating rows."""

from __future__ import annotations

import pytest
from sqlalchemy import inspect
from sqlalchemy.exc import IntegrityError

from tiktok_commerce.db import models
from tiktok_commerce.db.migrate import current, upgrade
from tiktok_commerce.db.session import make_engine, make_session_factory, normalize_url


def test_postgres_urls_use_the_installed_psycopg_driver() -> None:
    assert normalize_url("postgresql://u@h/db").drivername == "postgresql+psycopg"
    assert normalize_url("postgres://u@h/db").drivername == "postgresql+psycopg"
    assert normalize_url("sqlite:///./data/x.db").drivername == "sqlite"


def test_upgrade_creates_every_table_and_is_safe_to_repeat(database_url: str) -> None:
    upgrade(database_url)
    upgrade(database_url)  # every start migrates: the second run must be a no-op
    assert current(database_url) is not None
    engine = make_engine(database_url)
    try:
        tables = set(inspect(engine).get_table_names())
    finally:
        engine.dispose()
    assert {"shops", "videos", "products", "thumbnails", "tags", "outbox", "processed_events"} <= tables


def test_migrations_match_the_models(database_url: str) -> None:
    from alembic.autogenerate import compare_metadata
    from alembic.runtime.migration import MigrationContext

    from tiktok_commerce.bus import schema as bus_schema

    upgrade(database_url)
    engine = make_engine(database_url)
    try:
        with engine.connect() as connection:
            context = MigrationContext.configure(connection, opts={"compare_type": True})
            diff = compare_metadata(context, [models.Base.metadata, bus_schema.metadata])
    finally:
        engine.dispose()
    assert diff == []  # a model changed without a migration (or the other way round)


def test_sqlite_folder_is_created(tmp_path) -> None:
    url = f"sqlite:///{tmp_path / 'nested' / 'deeper' / 'app.db'}"
    upgrade(url)
    assert (tmp_path / "nested" / "deeper" / "app.db").is_file()


def test_product_ids_are_deterministic_and_video_index_is_unique(database_url: str) -> None:
    assert models.product_id("v1", 0) == models.product_id("v1", 0) != models.product_id("v1", 1)
    upgrade(database_url)
    engine = make_engine(database_url)
    factory = make_session_factory(engine)
    try:
        with factory() as session, session.begin():
            session.add(models.Shop(seller_handle="shop"))
            session.add(models.Video(id="v1", seller_handle="shop", video_url="https://x/v.mp4"))
            session.flush()
            session.add(
                models.Product(
                    id=models.product_id("v1", 0), video_id="v1", index=0, seller_handle="shop", title="Mug"
                )
            )
        with pytest.raises(IntegrityError), factory() as session, session.begin():
            session.add(models.Product(id="other", video_id="v1", index=0, seller_handle="shop", title="Mug"))
    finally:
        engine.dispose()


def test_sqlite_writers_take_turns_and_a_failed_transaction_frees_the_lock(tmp_path) -> None:  # type: ignore[no-untyped-def]
    import threading

    from sqlalchemy import text

    url = f"sqlite:///{tmp_path / 'lock.db'}"
    upgrade(url)
    engine = make_engine(url)
    try:
        with pytest.raises(RuntimeError), engine.begin() as connection:
            connection.execute(
                text("INSERT INTO shops (seller_handle, created_at) VALUES ('a1', '2026-01-01')")
            )
            raise RuntimeError("the caller's own error: rolled back")

        def write(n: int) -> None:
            for i in range(20):
                with engine.begin() as connection:
                    connection.execute(
                        text("INSERT INTO shops (seller_handle, created_at) VALUES (:h, '2026-01-01')"),
                        {"h": f"s{n}-{i}"},
                    )

        threads = [threading.Thread(target=write, args=(n,)) for n in range(4)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(60)
        with engine.connect() as connection:
            assert connection.execute(text("SELECT count(*) FROM shops")).scalar() == 80
    finally:
        engine.dispose()
