"""The caption-parser worker: video.posted in, caption.parsed out, idempotent, LLM when configured."""

from __future__ import annotations

from fake_llm import FakeLLM, Reply

from tiktok_commerce.events import CaptionParsed, Envelope, VideoPosted
from tiktok_commerce.settings import Settings
from tiktok_commerce.workers.base import WorkerContext
from tiktok_commerce.workers.caption_parser.handler import handle

CAPTION = "Matching sets are back!! 🤍 ribbed tank $18, ribbed flare pants $26 #loungewear @shop.co"


def posted(caption: str | None = CAPTION) -> Envelope:
    payload = VideoPosted(
        seller_handle="ribbedco", video_url="https://www.tiktok.com/@r/video/1", caption=caption
    )
    return Envelope.new("video-1", payload, event_id="evt-1")


def context(**settings) -> WorkerContext:
    base = {"openrouter_api_key": None, "llm_base_url": None}
    return WorkerContext(settings=Settings(**{**base, **settings}), blobs=None)  # type: ignore[arg-type]


def test_video_posted_becomes_caption_parsed():
    (out,) = handle(posted(), context())
    assert out.type == "caption.parsed" and out.video_id == "video-1"
    parsed: CaptionParsed = out.parsed()
    assert (parsed.seller_handle, parsed.video_url, parsed.caption) == (
        "ribbedco",
        "https://www.tiktok.com/@r/video/1",
        CAPTION,
    )
    assert [(p.title, p.price, p.currency) for p in parsed.products] == [
        ("Ribbed Tank", 18.0, "USD"),
        ("Ribbed Flare Pants", 26.0, "USD"),
    ]
    assert parsed.hashtags == ["loungewear"] and parsed.mentions == ["shop.co"]
    assert parsed.language == "en" and parsed.parser == "rules" and parsed.warnings == []


def test_redelivery_gives_the_same_event():
    first, second = handle(posted(), context())[0], handle(posted(), context())[0]
    assert first.id == second.id
    assert first.payload == second.payload


def test_no_caption_gives_no_products():
    (out,) = handle(posted(None), context())
    assert out.parsed().products == []


def test_configured_llm_answers_and_is_validated():
    answer = {
        "products": [
            {
                "title": "Ribbed Tank Top",
                "price": 18,
                "currency": "USD",
                "original_price": None,
                "variants": {"size": [], "color": []},
            },
            {
                "title": "Ribbed Flare Pants",
                "price": 99,
                "currency": "USD",
                "original_price": None,
                "variants": {"size": [], "color": []},
            },
        ]
    }
    with FakeLLM(default=Reply.json(answer)) as fake:
        (out,) = handle(posted(), context(llm_base_url=fake.url, llm_timeout_s=2.0))
    parsed = out.parsed()
    assert parsed.parser == "llm"
    assert [(p.title, p.price) for p in parsed.products] == [("Ribbed Tank Top", 18.0)]
    assert any("99 is not in the caption" in w for w in parsed.warnings)
