"""The trie-shaped alternation matches exactly what the flat "longest|...|shortest" one did."""

from __future__ import annotations

import random
import re

from hypothesis import given, settings
from hypothesis import strategies as st

from tiktok_commerce import languages
from tiktok_commerce.workers.caption_parser.alternation import alternation, whole_word_alternation


def _flat(phrases: list[str]) -> str:
    return "|".join(re.escape(p) for p in sorted(phrases, key=len, reverse=True)) or "(?!)"


def _same(phrases: list[str], texts: list[str], flags: int = 0) -> None:
    # Pasted between a prefix and a suffix without a group, as the parser's patterns do.
    for shape in ("{}", "(?<!\\w)(?:{})(?!\\w)", "x?{}(?!\\d)", "^(?:{})$"):
        old = re.compile(shape.format(_flat(phrases)), flags)
        new = re.compile(shape.format(alternation(phrases)), flags)
        for text in texts:
            assert [m.span() for m in old.finditer(text)] == [m.span() for m in new.finditer(text)], (
                shape,
                text,
            )


def test_pack_phrases_match_as_before() -> None:
    phrases = sorted(set(languages.words("cues.selling")) | set(languages.words("cues.story")))
    rng = random.Random(7)
    texts = [" ".join(rng.sample(phrases, 5)) + " " + "".join(rng.sample(phrases, 3)) for _ in range(200)]
    _same(phrases, texts)
    _same(phrases, [t.upper() for t in texts], re.IGNORECASE)


def test_letters_in_two_cases_keep_the_flat_form() -> None:
    phrases = ["RM", "rm", "Rp", "k", "K", "\u212a"]
    assert alternation(phrases) == _flat(phrases)
    _same(phrases, ["rm5 RM5 rp5 k K \u212a kk"], re.IGNORECASE)


def test_no_phrases_never_match() -> None:
    assert re.search(alternation([]), "anything") is None


@settings(max_examples=300, deadline=None)
@given(
    st.lists(st.text(alphabet="abcAB1 .$", min_size=0, max_size=4), max_size=12),
    st.lists(st.text(alphabet="abcAB1 .$", max_size=20), max_size=5),
)
def test_any_phrases_match_as_before(phrases: list[str], texts: list[str]) -> None:
    _same(phrases, texts)
    _same(phrases, texts, re.IGNORECASE)


def _same_whole_words(phrases: list[str], texts: list[str]) -> None:
    old = re.compile(f"(?<!\\w)(?:{_flat(phrases)})(?!\\w)")
    new = re.compile(whole_word_alternation(phrases))
    for text in texts:
        assert [m.span() for m in old.finditer(text)] == [m.span() for m in new.finditer(text)], text


def test_pack_phrases_match_as_whole_words_as_before() -> None:
    phrases = sorted(set(languages.words("cues.selling")) | set(languages.words("cues.not_selling")))
    rng = random.Random(7)
    texts = [" ".join(rng.sample(phrases, 5)) + " " + "".join(rng.sample(phrases, 3)) for _ in range(200)]
    _same_whole_words(phrases, texts)


@settings(max_examples=300, deadline=None)
@given(
    st.lists(st.text(alphabet="abcAB1 .$\n", min_size=1, max_size=4), max_size=12),
    st.lists(st.text(alphabet="abcAB1 .$\n", max_size=20), max_size=5),
)
def test_any_phrases_match_as_whole_words_as_before(phrases: list[str], texts: list[str]) -> None:
    _same_whole_words(phrases, texts)
