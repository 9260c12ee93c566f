"""The auto-tagger worker: `thumbnails.generated` in, `products.tagged` out.

Pure function of the event (plus settings), so a redelivery yields the same event with the same id.
The LLM path is used when one is configured; any failure there falls back to the offline rules.
"""

from __future__ import annotations

from collections import Counter

from tiktok_commerce.events import (
    Envelope,
    ProductsTagged,
    Tag,
    TaggedProduct,
    Thumbnail,
    ThumbnailsGenerated,
)
from tiktok_commerce.workers.base import PermanentError, WorkerContext
from tiktok_commerce.workers.tagger.rules import Listing, Suggestion, tagger_for
from tiktok_commerce.workers.tagger.taxonomy import TaxonomyError


def listings_of(payload: ThumbnailsGenerated) -> list[Listing]:
    """One Listing per product, each with the detector labels of the thumbnails that show it."""
    titles = [p.title for p in payload.products]
    return [
        Listing(
            title=product.title,
            caption=payload.caption or "",
            hashtags=list(payload.hashtags),
            language=payload.language,
            detector_labels=detector_shares(payload.thumbnails, index, len(titles)),
            other_titles=titles[:index] + titles[index + 1 :],
        )
        for index, product in enumerate(payload.products)
    ]


def detector_shares(thumbnails: list[Thumbnail], index: int, products: int) -> dict[str, float]:
    """label -> share of this product's thumbnails that show it (unassigned ones count for all
    when the caption sells one product)."""
    own = [t for t in thumbnails if t.product_index == index or (t.product_index is None and products == 1)]
    if not own:
        return {}
    counts = Counter(t.label.lower() for t in own if t.label)
    return {label: n / len(own) for label, n in counts.items()}


def to_tagged(index: int, suggestion: Suggestion, threshold: float, max_tags: int) -> TaggedProduct:
    """The contract, enforced here whatever produced the suggestion."""
    tags = [
        Tag(tag=t.tag, confidence=round(min(1.0, t.confidence), 3), source=t.source)
        for t in suggestion.tags
        if t.confidence >= threshold
    ]
    tags.sort(key=lambda t: -t.confidence)
    return TaggedProduct(index=index, category=suggestion.category, tags=tags[:max_tags])


def suggest_all(
    listings: list[Listing], ctx: WorkerContext, use_llm: bool | None = None
) -> tuple[list[Suggestion], str, list[str]]:
    """Suggestions for every listing: (suggestions, tagger name, warnings)."""
    settings = ctx.settings
    taxonomy_file = str(settings.taxonomy_file) if settings.taxonomy_file else None
    try:
        rules = tagger_for(taxonomy_file)
    except TaxonomyError as exc:
        raise PermanentError(str(exc)) from exc
    threshold, max_tags = settings.tag_threshold, settings.max_tags
    if use_llm is None:
        use_llm = settings.llm_enabled
    if use_llm:
        try:
            from tiktok_commerce.workers.tagger.llm import suggest_with_llm
        except ImportError:  # the LLM path lands after the shared client (tiktok_commerce.llm)
            ctx.log.warning("LLM tagging is configured but not available; using the rules")
        else:
            return suggest_with_llm(listings, rules, settings, ctx.log)
    return [rules.suggest(item, threshold, max_tags) for item in listings], "rules", []


def handle(event: Envelope, ctx: WorkerContext) -> list[Envelope]:
    payload: ThumbnailsGenerated = event.parsed()
    listings = listings_of(payload)
    suggestions, tagger, warnings = suggest_all(listings, ctx)
    threshold, max_tags = ctx.settings.tag_threshold, ctx.settings.max_tags
    products = [to_tagged(i, s, threshold, max_tags) for i, s in enumerate(suggestions)]
    tagged = ProductsTagged(
        seller_handle=payload.seller_handle, products=products, tagger=tagger, warnings=warnings
    )
    return [event.child(tagged)]
