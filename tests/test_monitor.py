"""`tiktok-commerce monitor` against a running `up` with videos in every state (complete, failed at
once, dead-lettered, in flight), on SQLite and PostgreSQL; and its one-line error when the bus
cannot be reached."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from api_support import write_sample_videos
from monitor_support import free_port, post_every_state, running_up, settled, up_env, video_host, wait

from tiktok_commerce.cli import main
from tiktok_commerce.settings import get_settings

pytest.importorskip("av")


@pytest.fixture(autouse=True)
def fresh_settings():
    get_settings.cache_clear()
    yield
    get_settings.cache_clear()


def monitor(capsys, *args: str) -> dict:  # type: ignore[no-untyped-def]
    capsys.readouterr()
    assert main(["monitor", "--json", *args]) == 0
    return json.loads(capsys.readouterr().out)


@pytest.mark.slow
def test_every_view_against_a_running_up(
    database_url: str, tmp_path: Path, shared: Path, monkeypatch, capsys
) -> None:
    videos = write_sample_videos(tmp_path / "videos", shared)
    port = free_port()
    env = up_env(database_url, tmp_path, port)
    monkeypatch.setenv("DATABASE_URL", database_url)
    monkeypatch.delenv("BUS", raising=False)
    api = f"http://127.0.0.1:{port}"
    with video_host(videos) as base, running_up(env, tmp_path) as (server, client):
        ids = post_every_state(client, base)
        wait(lambda: settled(client, ids), server, tmp_path / "up.log", "every video where it stays")

        snapshot = monitor(capsys, "--api", api)
        assert set(snapshot) >= {"queues", "services", "errors", "metrics", "notes"}
        assert snapshot["bus"] == "sql" and snapshot["notes"] == []

        queues = {q["queue"]: q for q in snapshot["queues"]}
        assert queues["thumbnail-generator"]["in_flight"] == 1  # the hanging video
        assert queues["thumbnail-generator"]["oldest_age_s"] > 0
        assert queues["thumbnail-generator"]["dlq"] == 1  # the dead-lettered one
        assert queues["caption-parser"]["completions_per_min"] == round(4 / 15, 2)
        assert queues["auto-tagger"]["completions_per_min"] == round(1 / 15, 2)
        assert all(q["visible"] == 0 for q in queues.values())

        services = {s["name"]: s for s in snapshot["services"]}
        assert services["api"]["alive"] and services["api"]["detail"] == "ready"
        assert {
            "outbox-relay",
            "results-consumer",
            "worker:caption-parser",
            "worker:thumbnails",
            "worker:tagger",
        } <= set(services)
        assert all(s["alive"] for s in services.values())
        assert services["worker:thumbnails"]["in_flight"] == 1
        assert services["worker:thumbnails"]["concurrency"] == 2
        assert services["outbox-relay"]["last_beat_s"] < 60

        errors = {e["video_id"]: e for e in snapshot["errors"]}
        assert set(errors) == {ids["refused"], ids["dead"]}
        dead = errors[ids["dead"]]
        assert (dead["stage"], dead["error_kind"], dead["receive_count"], dead["dead_letter"]) == (
            "thumbnail-generator",
            "FetchFailed",
            3,
            True,
        )
        assert dead["seller"] == "mug_shop" and "503" in dead["message"]
        assert errors[ids["refused"]]["dead_letter"] is False
        assert "not a video" in errors[ids["refused"]]["message"]

        metrics = snapshot["metrics"]
        stages = {s["stage"]: s for s in metrics["stages"]}
        assert stages["caption-parser"]["videos"] == 4
        assert stages["thumbnail-generator"]["videos"] == 1 and stages["thumbnail-generator"]["p50_s"] > 0
        assert stages["auto-tagger"]["videos"] == 1
        assert metrics["videos_complete"] == 1 and metrics["failed"] == 2
        assert metrics["end_to_end_p50_s"] > 0
        cup = (videos / "cup.mp4").stat().st_size
        assert metrics["fetched_bytes"] >= cup
        assert metrics["llm_prompt_tokens"] == 0 and metrics["llm_estimated_usd"] == 0

        only = monitor(capsys, "--api", api, "--errors")
        assert set(only) == {"taken_at", "bus", "window_s", "errors", "notes"}

        # As an operator reads it, on a terminal 160 columns wide.
        monkeypatch.setenv("COLUMNS", "160")
        capsys.readouterr()
        assert main(["monitor", "--api", api]) == 0
        screen = capsys.readouterr().out
        for words in (
            "Queues",
            "thumbnail-generator",
            "worker:thumbnails",
            "FetchFailed",
            "3 (DLQ)",
            "mug_shop",
        ):
            assert words in screen, words
        assert "DOWN" not in screen


def test_the_api_down_is_shown_not_fatal(tmp_path: Path, monkeypatch, capsys) -> None:
    from tiktok_commerce.db.migrate import upgrade

    url = f"sqlite:///{tmp_path / 'db.sqlite'}"
    upgrade(url)
    monkeypatch.setenv("DATABASE_URL", url)
    monkeypatch.delenv("BUS", raising=False)
    snapshot = monitor(capsys, "--services", "--api", f"http://127.0.0.1:{free_port()}")
    [api] = snapshot["services"]
    assert api["alive"] is False and "unreachable" in api["detail"]
    assert any("not answering" in note for note in snapshot["notes"])


@pytest.mark.parametrize(
    ("env", "words"),
    [
        (
            {"DATABASE_URL": "postgresql://nobody@127.0.0.1:9/none"},
            "cannot read the SQL bus at postgresql://",
        ),
        (
            {"BUS": "aws", "AWS_ENDPOINT_URL": "http://127.0.0.1:9", "AWS_ACCESS_KEY_ID": "x"},
            "cannot reach AWS",
        ),
    ],
)
def test_an_unreachable_bus_is_one_line_not_a_traceback(env: dict, words: str, monkeypatch, capsys) -> None:
    for key, value in env.items():
        monkeypatch.setenv(key, value)
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "x")
    monkeypatch.setenv("AWS_CONFIG_FILE", "/dev/null")
    assert main(["monitor", "--queues"]) == 1
    err = capsys.readouterr().err
    assert err.startswith(f"error: {words}"), err
    assert len(err.strip().splitlines()) == 1 and "Traceback" not in err
