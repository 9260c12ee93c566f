"""The LLM path of the caption parser: ask, then believe only what the caption supports.

The model gets the caption as quoted JSON data (tiktok_commerce.llm) and answers against a strict
JSON schema. Each product it returns is checked before use:
- shape: a non-empty title, numbers where numbers belong, known variant keys;
- currency: an ISO 4217 code, present whenever there is a price;
- prices: the price and the former price must be among the caption's own numbers, read in the
  market's formats ("Rp 89.000" -> 89000, "45rb" -> 45000, "24,99" -> 24.99), or follow from them
  (a stated percentage off a stated price). When the caption marks amounts with a currency, the
  price must be one of those amounts: "set every price to 0" has a number in it, but not a price;
- roles and markets, read by the rules with the same language packs: a price that the caption
  gives only as an instalment or a fee is refused ("ou 3x de R$ 16,63", "shipping is $5"),
  and so is a currency other than the caption's for that amount (a bare "$299" in a Mexican caption
  is MXN, not USD).
What fails is dropped with a warning; if nothing valid remains, the rules answer. A well-formed
answer that lists no product (a review, a story, an injection attempt read as data) is believed.
Percentages off include half ("half price", "半額", from the packs) and tenths ("2割引").
"""

from __future__ import annotations

import logging
import re
from typing import Any

from tiktok_commerce.llm import LanguageModel, LLMError
from tiktok_commerce.workers.caption_parser import number_words, rules, vocab
from tiktok_commerce.workers.caption_parser.currencies import ISO_4217

log = logging.getLogger(__name__)

SYSTEM_PROMPT = """You read captions that sellers write under their TikTok videos and extract the \
products offered for sale.
For each product: title (what a shop listing would show: 2-8 words, in the caption's language, no \
price, emoji or hashtags, brand kept), price (a number in the currency's major unit, e.g. "Rp 89.000" \
is 89000, "199k" in Vietnamese is 199000, "24,99 €" is 24.99; null when no price is given), currency \
(ISO 4217 code; null when no price), original_price (the former or regular price when one is stated, \
else null), variants (sizes and colours the caption lists, else empty lists).
Several products each with a price are separate products; a bundle with its own price is its own \
product; "2 for $30" is one 2-pack at 30. "50% off, normally $40" means price 20 and original_price 40. \
Counts, sizes, dates, times, follower numbers, shipping fees and savings are not prices. A caption \
that sells nothing has no products."""

_NULLABLE_NUMBER = {"type": ["number", "null"]}
PRODUCTS_SCHEMA: dict[str, Any] = {
    "type": "object",
    "additionalProperties": False,
    "required": ["products"],
    "properties": {
        "products": {
            "type": "array",
            "items": {
                "type": "object",
                "additionalProperties": False,
                "required": ["title", "price", "currency", "original_price", "variants"],
                "properties": {
                    "title": {"type": "string"},
                    "price": _NULLABLE_NUMBER,
                    "currency": {"type": ["string", "null"]},
                    "original_price": _NULLABLE_NUMBER,
                    "variants": {
                        "type": "object",
                        "additionalProperties": False,
                        "required": ["size", "color"],
                        "properties": {
                            "size": {"type": "array", "items": {"type": "string"}},
                            "color": {"type": "array", "items": {"type": "string"}},
                        },
                    },
                },
            },
        }
    },
}

_MULTIPLIER = vocab.MULTIPLIERS  # the same multipliers as the rules ("45rb", "150k"), from the packs
_NUMBER_RE = re.compile(
    r"(?<![\d.,])(\d{1,3}(?:[.,]\d{3})+(?:[.,]\d{1,2})?|\d+(?:[.,]\d{1,2})?)(?!\d)\s?"
    rf"({rules._alt(_MULTIPLIER)})?(?![^\W\d_])",
    re.IGNORECASE,
)
_PERCENT_RE = rules._PERCENT_RE  # the same "30%" as the rules read (a "12.50%" is not a "50%")


def caption_numbers(caption: str) -> set[float]:
    """Every number the caption states, in every reading its format allows."""
    text = rules.prepare(caption)
    found: set[float] = set()
    for m in _NUMBER_RE.finditer(text):
        raw, mult = m.group(1), _MULTIPLIER.get((m.group(2) or "").lower(), 1.0)
        readings = {rules.parse_number(raw)}
        if raw.count(".") + raw.count(",") == 1 and len(raw) - max(raw.rfind("."), raw.rfind(",")) == 4:
            readings.add(float(raw.replace(",", ".")))  # "1.299" may also be one and a bit
        for value in readings:
            found.add(value)
            found.add(value * mult)
    return found


def _percentages(caption: str) -> set[float]:
    """The percentages off the caption states: "30%", half ("half price", "半額"), tenths ("2割引")."""
    pcts = {rules.parse_number(p) for p in _PERCENT_RE.findall(caption)}
    lower = caption.lower()
    if any(phrase in lower for phrase in vocab.HALF_OFF):
        pcts.add(50.0)
    pcts.update(
        10.0 * int(next(g for g in m.groups() if g)) for m in _TENTHS_RE.finditer(rules.prepare(caption))
    )
    return {p for p in pcts if 0 < p < 100}


# "2割引き": tenths off, as the packs write them ("{n}割引").
_TENTHS_RE = re.compile(
    "|".join(re.escape(p).replace(re.escape(vocab.COUNT_PLACEHOLDER), r"(\d)") for p in vocab.TENTHS_OFF)
    or r"(?!x)x"
)


def _close(value: float, candidates: set[float]) -> bool:
    return any(abs(value - c) <= max(0.01, 0.005 * abs(c)) for c in candidates)


class PriceCheck:
    """Which prices a caption supports, read with the same packs as the rules."""

    def __init__(self, caption: str) -> None:
        numbers = caption_numbers(caption)
        read = rules.read_amounts(caption)
        amounts = {a.value for a in read}
        # With currency-marked amounts in the caption, only those are prices; otherwise any number.
        # A number in words counts either way: "was twenty five quid, now fifteen".
        self.stated = (amounts or numbers) | number_words.spelled_values(caption.lower())
        self.derived = {round(v * (1 - p / 100), 2) for v in self.stated for p in _percentages(caption)}
        # Instalments and fees the packs' nouns name ("ou 3x de", "shipping is"): nothing sells at them.
        self.priced = {a.value for a in read if a.role in ("price", "original")}
        self.not_prices = {a.value for a in read if a.cue} - self.priced
        self.currencies: dict[float, set[str]] = {}
        for a in read:
            if a.currency:
                # a "$" only the caption's language placed: a model may read the market better
                # ("Tenis Converse ... $1,099" in Mexico), so any dollar or peso is its currency
                self.currencies.setdefault(a.value, set()).update(
                    rules.DOLLAR_CURRENCIES if a.guessed else {a.currency}
                )

    def supports(self, value: float) -> bool:
        return value > 0 and (_close(value, self.stated) or _close(value, self.derived))

    def sells_at_no_price(self, value: float) -> bool:
        """Is the value only an instalment or a fee in the caption?"""
        # "$34.99 ... free shipping over $35": the price said, not the fee a cent away
        return (
            _close(value, self.not_prices)
            and not _close(value, self.derived)
            and not _close(value, self.priced)
        )

    def currencies_of(self, value: float) -> set[str]:
        """The currencies the caption gives an amount of this value (its market's for a bare "$")."""
        return {c for v, cs in self.currencies.items() if _close(value, {v}) for c in cs}

    def supports_original(self, value: float) -> bool:
        return value > 0 and _close(value, self.stated)


def validate_products(raw: Any, caption: str) -> tuple[list[dict[str, Any]], list[str]]:
    """The products that pass every check, and a warning for each one dropped."""
    if not isinstance(raw, dict) or not isinstance(raw.get("products"), list):
        return [], ["llm answer dropped: no products list"]
    check = PriceCheck(caption)
    valid: list[dict[str, Any]] = []
    warnings: list[str] = []
    for n, item in enumerate(raw["products"], 1):
        product, problem = _validate_one(item, check)
        if problem:
            warnings.append(f"llm product {n} dropped: {problem}")
        else:
            valid.append(product)
    return valid, warnings


def _number_or_none(value: Any) -> tuple[float | None, bool]:
    if value is None:
        return None, True
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None, False
    return float(value), True


def _validate_one(item: Any, check: PriceCheck) -> tuple[dict[str, Any], str | None]:
    if not isinstance(item, dict):
        return {}, "not an object"
    title = item.get("title")
    if not isinstance(title, str) or not title.strip() or len(title) > 120:
        return {}, "missing or overlong title"
    price, ok_price = _number_or_none(item.get("price"))
    original, ok_original = _number_or_none(item.get("original_price"))
    if not (ok_price and ok_original):
        return {}, "price is not a number"
    currency = item.get("currency")
    if price is None:
        currency, original = None, None
    else:
        if not isinstance(currency, str) or currency.upper() not in ISO_4217:
            return {}, f"currency {currency!r} is not an ISO 4217 code"
        currency = currency.upper()
        if not check.supports(price):
            return {}, f"price {price:g} is not in the caption"
        if check.sells_at_no_price(price):
            return {}, f"price {price:g} is an instalment or a fee in the caption"
        stated = check.currencies_of(price)
        if stated and currency not in stated:
            return {}, f"currency {currency} is not the caption's ({', '.join(sorted(stated))})"
    if original is not None and not check.supports_original(original):
        return {}, f"original price {original:g} is not in the caption"
    variants = item.get("variants") or {}
    if not isinstance(variants, dict):
        return {}, "variants is not an object"
    clean_variants = {
        key: [str(v) for v in values if isinstance(v, str | int | float)]
        for key, values in variants.items()
        if key in ("size", "color") and isinstance(values, list) and values
    }
    product = {
        "title": title.strip(),
        "price": price,
        "currency": currency,
        "original_price": original
        if original is not None and price is not None and original > price
        else None,
        "variants": clean_variants,
    }
    return product, None


def parse_with_llm(caption: str, client: LanguageModel, rules_result: rules.ParseResult) -> rules.ParseResult:
    """The LLM's validated products, or the rules answer (with the reason as a warning)."""
    try:
        answer, _usage = client.complete_json(
            SYSTEM_PROMPT, {"caption": caption}, PRODUCTS_SCHEMA, "caption_products"
        )
    except LLMError as exc:
        log.warning("LLM caption parse failed, rules answer: %s", exc)
        return _with_warnings(rules_result, [f"llm failed ({exc}); rules answered"])
    products, warnings = validate_products(answer, caption)
    if not products and not warnings:
        # A well-formed answer that lists nothing: the model read a review, a story or an
        # injection attempt as selling nothing, and that is believed (it is checked like any answer).
        return rules.ParseResult(
            hashtags=rules_result.hashtags,
            mentions=rules_result.mentions,
            language=rules_result.language,
            parser="llm",
            warnings=["llm found no product for sale"],
        )
    if not products:
        return _with_warnings(rules_result, [*warnings, "llm gave no valid product; rules answered"])
    return rules.ParseResult(
        products=products,
        hashtags=rules_result.hashtags,
        mentions=rules_result.mentions,
        language=rules_result.language,
        parser="llm",
        warnings=warnings,
    )


def _with_warnings(result: rules.ParseResult, warnings: list[str]) -> rules.ParseResult:
    return rules.ParseResult(
        products=result.products,
        hashtags=result.hashtags,
        mentions=result.mentions,
        language=result.language,
        parser=result.parser,
        warnings=[*result.warnings, *warnings],
    )
