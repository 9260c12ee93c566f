"""The LLM path of the auto tagger: ask, validate, and fall back to the rules for what fails.

The model gets the caption, titles, hashtags, detected objects and the taxonomy as quoted JSON data
(tiktok_commerce.llm: captions are data, never instructions) and answers against a strict schema.
Its answer is believed only as far as it checks out:
- the category must be one of the taxonomy's (case and spacing forgiven), else the product is
  tagged by the rules;
- each tag must be a short non-empty string with a confidence that is a number in [0, 1], else
  that tag is dropped;
- the threshold and the maximum number of tags apply as on the rules path.
A failed call (network, timeout after retries, malformed JSON) tags every product by the rules.
"""

from __future__ import annotations

import logging
from typing import Any

from tiktok_commerce.llm import LLMError, configured_client
from tiktok_commerce.workers.tagger.rules import Listing, RulesTagger, Suggested, Suggestion

MAX_TAG_CHARS = 60

SYSTEM_PROMPT = """You categorise products that sellers list under their TikTok videos and suggest \
the search terms shoppers would type to find them.
For each product in "products": choose exactly one category, copied verbatim from "categories"; and \
give up to {max_tags} tags: short search phrases (1-4 words, lower case) in the listing's language \
(an Indonesian caption gets Indonesian tags), such as the product type, its material, style, use \
and who it is for. Never use generic hashtags (fyp, viral, tiktokmademebuyit) or prices as tags. \
Give each tag a confidence between 0 and 1: the probability that a shopper searching that phrase \
wants this product. Answer for every product, with its "index"."""

TAGS_SCHEMA: dict[str, Any] = {
    "type": "object",
    "additionalProperties": False,
    "required": ["products"],
    "properties": {
        "products": {
            "type": "array",
            "items": {
                "type": "object",
                "additionalProperties": False,
                "required": ["index", "category", "tags"],
                "properties": {
                    "index": {"type": "integer"},
                    "category": {"type": "string"},
                    "tags": {
                        "type": "array",
                        "items": {
                            "type": "object",
                            "additionalProperties": False,
                            "required": ["tag", "confidence"],
                            "properties": {
                                "tag": {"type": "string"},
                                "confidence": {"type": "number"},
                            },
                        },
                    },
                },
            },
        }
    },
}


def request_data(listings: list[Listing], rules: RulesTagger) -> dict[str, Any]:
    first = listings[0]
    return {
        "caption": first.caption,
        "hashtags": first.hashtags,
        "language": first.language,
        "categories": list(rules.taxonomy.categories),
        "products": [
            {
                "index": i,
                "title": item.title,
                "detected_objects": sorted(
                    item.detector_labels, key=lambda label: item.detector_labels[label]
                )[::-1],
            }
            for i, item in enumerate(listings)
        ],
    }


def validate_answer(
    answer: Any, count: int, rules: RulesTagger, threshold: float, max_tags: int
) -> tuple[dict[int, tuple[str, list[Suggested]]], list[str]]:
    """index -> (category, tags) for the products whose answer checks out; warnings for the rest."""
    warnings: list[str] = []
    if not isinstance(answer, dict) or not isinstance(answer.get("products"), list):
        return {}, ["llm answer dropped: no products list"]
    valid: dict[int, tuple[str, list[Suggested]]] = {}
    for position, item in enumerate(answer["products"]):
        if not isinstance(item, dict):
            warnings.append(f"llm product {position} dropped: not an object")
            continue
        index = item.get("index", position)
        if isinstance(index, bool) or not isinstance(index, int) or not 0 <= index < count:
            warnings.append(f"llm product {position} dropped: index {index!r} is not a product")
            continue
        if index in valid:
            warnings.append(f"llm product {index} answered twice: kept the first")
            continue
        category = rules.taxonomy.canonical(
            item.get("category") if isinstance(item.get("category"), str) else None
        )
        if category is None:
            warnings.append(
                f"llm product {index} dropped: category {item.get('category')!r} is not in the taxonomy"
            )
            continue
        tags, dropped = _valid_tags(item.get("tags"), threshold, max_tags)
        if dropped:
            warnings.append(
                f"llm product {index}: {dropped} tag(s) dropped (not text, or confidence not in [0, 1])"
            )
        valid[index] = (category, tags)
    return valid, warnings


def _valid_tags(raw: Any, threshold: float, max_tags: int) -> tuple[list[Suggested], int]:
    if not isinstance(raw, list):
        return [], 1
    tags: dict[str, Suggested] = {}
    dropped = 0
    for entry in raw:
        tag = entry.get("tag") if isinstance(entry, dict) else None
        confidence = entry.get("confidence") if isinstance(entry, dict) else None
        if (
            not isinstance(tag, str)
            or not tag.strip()
            or len(tag) > MAX_TAG_CHARS
            or isinstance(confidence, bool)
            or not isinstance(confidence, int | float)
            or not 0.0 <= float(confidence) <= 1.0
        ):
            dropped += 1
            continue
        text = " ".join(tag.split()).lower()
        if float(confidence) >= threshold and (text not in tags or tags[text].confidence < confidence):
            tags[text] = Suggested(text, round(float(confidence), 3), "llm", "llm")
    ordered = sorted(tags.values(), key=lambda t: -t.confidence)
    return ordered[:max_tags], dropped


def suggest_with_llm(
    listings: list[Listing], rules: RulesTagger, settings: Any, log: logging.Logger
) -> tuple[list[Suggestion], str, list[str]]:
    """(suggestions, tagger name, warnings): the LLM's where valid, the rules' elsewhere."""
    threshold, max_tags = settings.tag_threshold, settings.max_tags
    fallback = [rules.suggest(item, threshold, max_tags) for item in listings]
    client = configured_client(settings)
    if client is None:
        return fallback, "rules", []
    try:
        answer, _usage = client.complete_json(
            SYSTEM_PROMPT.format(max_tags=max_tags),
            request_data(listings, rules),
            TAGS_SCHEMA,
            "product_tags",
        )
    except LLMError as exc:
        log.warning("LLM tagging failed, using the rules: %s", exc)
        return fallback, "rules", [f"llm failed ({exc}); tagged by the rules"]
    valid, warnings = validate_answer(answer, len(listings), rules, threshold, max_tags)
    suggestions: list[Suggestion] = []
    for index, rules_suggestion in enumerate(fallback):
        if index in valid:
            category, tags = valid[index]
            suggestions.append(Suggestion(category, tags, rules_suggestion.language, {}))
        else:
            if not any(w.startswith(f"llm product {index} ") for w in warnings):
                warnings.append(f"llm product {index} missing from the answer")
            suggestions.append(rules_suggestion)
    if not valid:
        return suggestions, "rules", warnings + ["no valid llm answer; tagged by the rules"]
    tagger = "llm" if len(valid) == len(listings) else "llm+rules"
    return suggestions, tagger, warnings
