"""The caption-parser worker: `video.posted` in, `caption.parsed` out.

A video posted without a caption has it looked up here first (oEmbed, then the page), through the
guarded fetcher; a lookup that times out raises, so the runtime retries the event with backoff.

Pure function of the event (plus the LLM when one is configured), so a redelivered event gives the
same output event id (`event.child`) and the results consumer drops the repeat.
"""

from __future__ import annotations

from tiktok_commerce.events import CaptionParsed, Envelope, Product, VideoPosted
from tiktok_commerce.llm import LanguageModel, configured_client
from tiktok_commerce.workers.base import WorkerContext
from tiktok_commerce.workers.caption_parser.caption_source import CaptionSource
from tiktok_commerce.workers.caption_parser.llm import parse_with_llm
from tiktok_commerce.workers.caption_parser.rules import ParseResult, parse_caption


def parse(caption: str, client: LanguageModel | None) -> ParseResult:
    """Rules always; the LLM on top when configured (it falls back to the rules answer itself)."""
    result = parse_caption(caption)
    if client is not None and caption.strip():
        result = parse_with_llm(caption, client, result)
    return result


def handle(event: Envelope, ctx: WorkerContext) -> list[Envelope]:
    """`video.posted` in (workers/registry.py refuses every other type), `caption.parsed` out."""
    posted: VideoPosted = event.parsed()
    caption, source = posted.caption, "seller"
    if not caption:
        # Looked up here, not in the API's request: retries, backoff and the DLQ hold a slow page.
        found = CaptionSource(ctx.settings).resolve(posted.video_url)
        caption, source = found.caption, found.source
    result = parse(caption or "", configured_client(ctx.settings))
    ctx.log.info(
        "caption parsed video=%s caption=%s parser=%s products=%d",
        event.video_id,
        source,
        result.parser,
        len(result.products),
    )
    return [
        event.child(
            CaptionParsed(
                seller_handle=posted.seller_handle,
                video_url=posted.video_url,
                caption=caption,
                caption_source=source,
                products=[Product.model_validate(p) for p in result.products],
                hashtags=result.hashtags,
                mentions=result.mentions,
                language=result.language,
                parser=result.parser,
                warnings=result.warnings,
            )
        )
    ]
