"""The shop's category taxonomy: which categories a product may get, read from a data file.

The default lives beside this module (`data/taxonomy.json`); a shop with another taxonomy points
`TAXONOMY_FILE` at its own file of the same shape:

    {"categories": ["Womenswear", ...], "detector_labels": {"cup": "Home & Kitchen", ...}}

`detector_labels` (optional) says which category a COCO label seen in the thumbnails supports;
`for_men` (optional) moves clothing sold for men to the men's category: {"Womenswear": "Menswear"}.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

DEFAULT_TAXONOMY_FILE = Path(__file__).parent / "data" / "taxonomy.json"


class TaxonomyError(ValueError):
    """The taxonomy file is missing or malformed."""


@dataclass(frozen=True)
class Taxonomy:
    categories: tuple[str, ...]
    detector_labels: dict[str, str] = field(default_factory=dict)
    for_men: dict[str, str] = field(default_factory=dict)  # clothing category -> its men's one

    def __contains__(self, name: object) -> bool:
        return name in self.categories

    def canonical(self, name: str | None) -> str | None:
        """The taxonomy's own spelling of `name` (case and spacing forgiven), or None."""
        if not name:
            return None
        key = " ".join(name.split()).casefold()
        return next((c for c in self.categories if c.casefold() == key), None)


def parse_taxonomy(data: object, source: str = "taxonomy") -> Taxonomy:
    if not isinstance(data, dict) or not isinstance(data.get("categories"), list):
        raise TaxonomyError(f'{source}: expected {{"categories": [...]}}')
    categories = tuple(str(c).strip() for c in data["categories"] if str(c).strip())
    if not categories:
        raise TaxonomyError(f"{source}: the category list is empty")
    if len(set(categories)) != len(categories):
        raise TaxonomyError(f"{source}: a category is listed twice")
    labels = data.get("detector_labels") or {}
    if not isinstance(labels, dict):
        raise TaxonomyError(f"{source}: detector_labels must map a label to a category")
    # A label pointing at a category this taxonomy lacks is simply not evidence here.
    detector_labels = {str(k).lower(): v for k, v in labels.items() if v in categories}
    pairs = data.get("for_men") or {}
    if not isinstance(pairs, dict):
        raise TaxonomyError(f"{source}: for_men must map a category to its men's category")
    for_men = {k: v for k, v in pairs.items() if k in categories and v in categories}
    return Taxonomy(categories=categories, detector_labels=detector_labels, for_men=for_men)


@lru_cache(maxsize=8)
def load_taxonomy(path: Path | str | None = None) -> Taxonomy:
    """The taxonomy in `path`, or the default one."""
    file = Path(path) if path else DEFAULT_TAXONOMY_FILE
    try:
        data = json.loads(file.read_text(encoding="utf-8"))
    except FileNotFoundError as exc:
        raise TaxonomyError(f"taxonomy file not found: {file}") from exc
    except (OSError, json.JSONDecodeError) as exc:
        raise TaxonomyError(f"taxonomy file {file} is not readable JSON: {exc}") from exc
    return parse_taxonomy(data, str(file))
