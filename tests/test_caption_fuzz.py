"""Any caption gets an answer, never a crash: any size, any script, mixed scripts, control characters.

Hypothesis draws captions from every pack's words, amounts in every market's format and arbitrary
Unicode, so the rules meet the combinations no labelled caption holds.
"""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tiktok_commerce import languages
from tiktok_commerce.workers.caption_parser.llm import validate_products
from tiktok_commerce.workers.caption_parser.rules import MAX_AMOUNTS, parse_caption
from tiktok_commerce.workers.tagger.rules import Listing, RulesTagger

_WORDS = sorted(
    {
        w
        for role in (
            "price.former_before",
            "price.now_between",
            "price.unpriced_before",
            "price.not_price_before",
            "price.fee_near",
            "price.installment_near",
            "price.tenths_off",
            "price.half_off",
            "title.product_nouns",
            "cues.selling",
            "cues.story",
        )
        for w in languages.words(role)
    }
)
_AMOUNTS = [
    "$19.99",
    "19,99 €",
    "R$ 49,90",
    "¥1,980",
    "1,980円",
    "Rp 89.000",
    "89rb",
    "RM39.90",
    "₱499",
    "฿290",
    "199.000đ",
    "1tr2",
    "MX$299",
    "1 299,00 €",
    "29,-",
    "1.290.-",
    "£5",
    "twenty bucks",
    "a tenner",
    "2割引",
    "{n}x",
    "3x de R$ 16,63",
    "0",
    "-5 €",
    "99999999999999999999 $",
]
_PIECES = st.one_of(
    st.sampled_from(_WORDS),
    st.sampled_from(_AMOUNTS),
    st.text(max_size=12),
    st.sampled_from(
        ["\x00", "\u202e", "\ufeff", "\n", "#fyp", "@shop", "🔥", "|", "→", "~~", "%", "％", "１２３"]
    ),
)
_CAPTIONS = st.lists(_PIECES, max_size=40).map(" ".join)


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow], derandomize=True)
@given(_CAPTIONS)
def test_the_rules_answer_every_caption(caption: str) -> None:
    result = parse_caption(caption)
    for product in result.products:
        assert isinstance(product["title"], str)
        assert product["price"] is None or product["price"] > 0


@settings(max_examples=150, deadline=None, derandomize=True)
@given(_CAPTIONS)
def test_the_tagger_answers_every_caption(caption: str) -> None:
    suggestion = RulesTagger().suggest(Listing(title=caption[:80] or "x", caption=caption))
    assert len(suggestion.tags) <= 10


@settings(max_examples=150, deadline=None, derandomize=True)
@given(
    _CAPTIONS,
    st.lists(
        st.fixed_dictionaries(
            {"title": st.text(max_size=20), "price": st.floats(), "currency": st.text(max_size=4)}
        ),
        max_size=3,
    ),
)
def test_the_llm_validator_answers_every_caption(caption: str, products: list[dict]) -> None:
    validate_products(products, caption)


def test_a_huge_caption_is_answered() -> None:
    caption = ("Wireless earbuds $29 | " * 5000) + "🔥" * 10000
    assert parse_caption(caption).products


def test_a_caption_of_thousands_of_amounts_is_read_up_to_a_bound() -> None:
    # Naming each price looks at the others: past MAX_AMOUNTS the rest are left unread, and said so.
    result = parse_caption("Dieser Schnüffelteppich kostet " + "9,99 und " * 5000)
    assert result.products and len(result.products) <= MAX_AMOUNTS
    assert any(f"first {MAX_AMOUNTS}" in w for w in result.warnings)
