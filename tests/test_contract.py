"""The event contract and the topology: what every part of the pipeline relies on."""

from __future__ import annotations

from tiktok_commerce import events, topology
from tiktok_commerce.events import CaptionParsed, Envelope, Product, VideoPosted


def test_envelope_round_trips_through_json() -> None:
    event = Envelope.new(
        "vid-1", VideoPosted(seller_handle="shop", video_url="https://x/v.mp4", caption="hi")
    )
    again = Envelope.from_json(event.to_json())
    assert again == event
    assert again.type == events.VIDEO_POSTED
    assert again.parsed().caption == "hi"


def test_child_event_ids_are_stable_across_redeliveries() -> None:
    posted = Envelope.new("vid-1", VideoPosted(seller_handle="shop", video_url="https://x/v.mp4"))
    parsed = CaptionParsed(seller_handle="shop", video_url="https://x/v.mp4", products=[Product(title="Mug")])
    first, second = posted.child(parsed), posted.child(parsed)
    assert first.id == second.id != posted.id
    assert first.video_id == "vid-1"
    assert first.type == events.CAPTION_PARSED


def test_unknown_fields_are_tolerated_so_adding_a_field_is_compatible() -> None:
    body = Envelope.new("v", VideoPosted(seller_handle="s", video_url="https://x")).model_dump(mode="json")
    body["payload"]["added_later"] = 1
    body["also_new"] = True
    assert Envelope.model_validate(body).parsed().seller_handle == "s"


def test_topology_matches_the_design() -> None:
    assert topology.TOPICS == {
        "video-posted": ("caption-parser",),
        "caption-parsed": ("thumbnail-generator", "results"),
        "thumbnails-generated": ("auto-tagger", "results"),
        "products-tagged": ("results",),
        "processing-failed": ("results",),
    }
    for queue in topology.QUEUES.values():
        assert queue.max_receive_count == 3
        assert queue.retention_s == 14 * 24 * 3600
        assert queue.dlq == f"{queue.name}-dlq"
    assert set(topology.EVENT_TOPICS) == set(events.PAYLOADS)
