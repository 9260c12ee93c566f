"""The auto-tagger worker: `thumbnails.generated` in, `products.tagged` out.

Pure function of the event (plus settings), so a redelivery yields the same event with the same id.
The LLM path is used when one is configured; any failure there falls back to the offline rules.
"""

from __future__ import annotations

import logging
from collections import Counter

from tiktok_commerce.events import (
    Envelope,
    ProductsTagged,
    Tag,
    TaggedProduct,
    Thumbnail,
    ThumbnailsGenerated,
)
from tiktok_commerce.settings import Settings
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


def tag_products(
    listings: list[Listing], settings: Settings, log: logging.Logger, use_llm: bool | None = None
) -> tuple[list[TaggedProduct], str, list[str]]:
    """Category and tags for every listing, within the contract: (products, tagger, warnings).

    `use_llm` None means "if one is configured". The LLM path falls back to the rules itself.
    """
    taxonomy_file = str(settings.taxonomy_file) if settings.taxonomy_file else None
    try:
        rules = tagger_for(taxonomy_file)
    except TaxonomyError as exc:
        raise PermanentError(str(exc)) from exc
    threshold, max_tags = settings.tag_threshold, settings.max_tags
    if use_llm is None:
        use_llm = settings.llm_enabled
    suggestions: list[Suggestion] | None = None
    tagger = "rules"
    warnings: list[str] = []
    if use_llm and listings:
        # Imported here: the LLM client (httpx) stays out of a rules-only run.
        from tiktok_commerce.workers.tagger.llm import suggest_with_llm

        suggestions, tagger, warnings = suggest_with_llm(listings, rules, settings, log)
    if suggestions is None:
        suggestions = [rules.suggest(item, threshold, max_tags) for item in listings]
    products = [to_tagged(i, s, threshold, max_tags) for i, s in enumerate(suggestions)]
    return products, tagger, warnings


def handle(event: Envelope, ctx: WorkerContext) -> list[Envelope]:
    payload: ThumbnailsGenerated = event.parsed()
    products, tagger, warnings = tag_products(listings_of(payload), ctx.settings, ctx.log)
    tagged = ProductsTagged(
        seller_handle=payload.seller_handle, products=products, tagger=tagger, warnings=warnings
    )
    return [event.child(tagged)]
