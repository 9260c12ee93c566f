"""The ECS thumbnail worker's life on SQS: ECS stops a task with SIGTERM; in-flight work must finish.

The worker runs in a subprocess (its own main thread, real signals) against moto's server, with a
handler that holds the message until the test has sent SIGTERM.
"""
# ruff: noqa: F811  (pytest fixtures imported from aws_support are parameters by design)

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

from aws_support import AwsStack, aws_env, aws_stack, moto_endpoint  # noqa: F401 (fixtures)

from tiktok_commerce import events
from tiktok_commerce.events import CaptionParsed, Envelope

WORKER_SCRIPT = textwrap.dedent(
    """
    import logging, sys, time
    from pathlib import Path
    from tiktok_commerce.bus.aws import SqsBus
    from tiktok_commerce.events import ThumbnailsGenerated
    from tiktok_commerce.settings import Settings
    from tiktok_commerce.workers.runtime import Worker

    logging.basicConfig(level=logging.INFO)
    flags = Path(sys.argv[1])

    def slow_thumbnails(event, ctx):
        (flags / "started").touch()
        for _ in range(600):  # at most 30 s: the test lets it go right after SIGTERM
            if (flags / "go").exists():
                break
            time.sleep(0.05)
        src = event.parsed()
        return [event.child(ThumbnailsGenerated(seller_handle=src.seller_handle, video_url=src.video_url))]

    worker = Worker(SqsBus.from_settings(Settings(_env_file=None)), "thumbnails", slow_thumbnails, wait_s=1)
    worker.run_forever()
    print("stats", worker.stats.acked, worker.stats.retry, flush=True)
    """
)


def wait_for(path: Path, proc: subprocess.Popen, seconds: float = 30) -> None:
    deadline = time.monotonic() + seconds
    while not path.exists():
        assert proc.poll() is None, proc.communicate()[1]
        assert time.monotonic() < deadline, f"{path.name} never appeared"
        time.sleep(0.05)


def test_sigterm_lets_the_message_in_hand_finish_then_exits(aws_stack: AwsStack, tmp_path: Path) -> None:
    event = Envelope.new(
        "vid-1", CaptionParsed(seller_handle="shop", video_url="https://www.tiktok.com/@s/video/1")
    )
    aws_stack.bus.publish(event)
    proc = subprocess.Popen(
        [sys.executable, "-c", WORKER_SCRIPT, str(tmp_path)],
        env=os.environ.copy(),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        wait_for(tmp_path / "started", proc)
        proc.send_signal(signal.SIGTERM)  # what ECS sends on scale-in or deploy
        time.sleep(0.3)
        assert proc.poll() is None  # still finishing the message in hand
        (tmp_path / "go").touch()
        out, err = proc.communicate(timeout=60)
    finally:
        if proc.poll() is None:
            proc.kill()
    assert proc.returncode == 0, err
    assert "stats 1 0" in out  # handled and acked, not retried
    assert "received SIGTERM" in err

    # Its output was published and the input deleted: nothing to redo after the task is gone.
    [output] = aws_stack.bus.receive("auto-tagger", wait_s=1)
    assert output.envelope().type == events.THUMBNAILS_GENERATED
    assert output.envelope().id == event.child(output.envelope().parsed()).id
    stats = {s.queue: s for s in aws_stack.bus.stats()}
    assert stats["thumbnail-generator"].depth == 0 and stats["thumbnail-generator"].in_flight == 0
