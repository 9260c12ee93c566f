"""`words(text)`: a frozenset of the whitespace-separated words of a data table written as text."""

from __future__ import annotations


def words(text: str) -> frozenset[str]:
    return frozenset(text.split())
