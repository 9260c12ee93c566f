"""Language packs: what the parser, the tagger and the thumbnail matcher know of each language.

One TOML file per language in `languages/packs/` (and in `LANGUAGE_PACKS_DIR`, when set, so a market
can be added with no code change; a pack there with the same `language` adds to the built-in one;
`LANGUAGE_PACKS_BUILTIN=0` leaves the built-in ones out).
The format is documented in docs/caption-parser.md ("Adding a language"). A pack's lists are read
by role (`words("price.former_before")`), merged over every pack, in a fixed order.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

import rtoml

BUILT_IN = Path(__file__).parent / "packs"


class PackError(ValueError):
    """A pack file that cannot be read; the message names the file and what is wrong."""


@dataclass
class Pack:
    language: str  # ISO 639-1
    name: str
    locale: str  # CLDR locale for number formats and price display, e.g. "pt_BR"
    markets: tuple[str, ...]  # ISO 3166 territories where sellers write this language
    sections: dict[str, Any] = field(default_factory=dict)

    def words(self, role: str) -> tuple[str, ...]:
        """The pack's list for a dotted role ("price.former_before"), lower-cased; () when absent."""
        node: Any = self.sections
        for part in role.split("."):
            if not isinstance(node, dict) or part not in node:
                return ()
            node = node[part]
        if not isinstance(node, list) or not all(isinstance(w, str) for w in node):
            raise PackError(f"{self.language}: {role} must be a list of strings")
        return tuple(w.lower() for w in node if w.strip())

    def table(self, role: str) -> dict[str, Any]:
        node: Any = self.sections
        for part in role.split("."):
            if not isinstance(node, dict) or part not in node:
                return {}
            node = node[part]
        if not isinstance(node, dict):
            raise PackError(f"{self.language}: {role} must be a table")
        return node


def _read(path: Path) -> Pack:
    try:
        # rtoml (Rust) reads the ~800 KB of packs in ~20 ms where tomllib takes ~150 ms: every
        # process that parses a caption or tags a product pays it at start (CLI, Lambda cold start).
        raw = rtoml.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, rtoml.TomlParsingError) as exc:
        raise PackError(f"{path}: {exc}") from exc
    language = raw.pop("language", None)
    if not isinstance(language, str) or not language.isalpha():
        raise PackError(f'{path}: `language` must be an ISO 639-1 code such as "pt"')
    markets = raw.pop("markets", [])
    return Pack(
        language=language.lower(),
        name=str(raw.pop("name", language)),
        locale=str(raw.pop("locale", language)),
        markets=tuple(str(m).upper() for m in markets),
        sections=raw,
    )


_chosen_dirs: list[Path] | None = None


def use_pack_dirs(dirs: list[Path] | None) -> None:
    """Read the packs from these folders (None: from Settings again). The thumbnails command
    names them from its light settings reader, so a product title costs no pydantic-settings."""
    global _chosen_dirs
    _chosen_dirs = None if dirs is None else list(dirs)
    packs.cache_clear()


def pack_dirs() -> list[Path]:
    if _chosen_dirs is not None:
        return list(_chosen_dirs)
    from tiktok_commerce.settings import get_settings

    settings = get_settings()
    extra = settings.language_packs_dir
    return [*([BUILT_IN] if settings.language_packs_builtin else []), *([Path(extra)] if extra else [])]


@lru_cache(maxsize=1)
def packs() -> dict[str, Pack]:
    """Every pack by language; packs from LANGUAGE_PACKS_DIR add their lists to built-in ones."""
    found: dict[str, Pack] = {}
    for folder in pack_dirs():
        for path in sorted(folder.glob("*.toml")):
            pack = _read(path)
            if pack.language in found:
                found[pack.language] = _merge(found[pack.language], pack)
            else:
                found[pack.language] = pack
    return found


def _merged(a: Any, b: Any) -> Any:
    """Tables merge key by key, lists keep a's words then b's new ones; anything else: b wins."""
    if isinstance(a, dict) and isinstance(b, dict):
        keys = [*a, *(k for k in b if k not in a)]  # a fixed order: the same tables in every process
        return {k: _merged(a[k], b[k]) if k in a and k in b else a.get(k, b.get(k)) for k in keys}
    if isinstance(a, list) and isinstance(b, list):
        return [*a, *(x for x in b if x not in a)]
    return b


def _merge(base: Pack, extra: Pack) -> Pack:
    return Pack(
        language=base.language,
        name=extra.name or base.name,
        locale=extra.locale or base.locale,
        markets=tuple(dict.fromkeys((*base.markets, *extra.markets))),
        sections=_merged(base.sections, extra.sections),
    )


def words(role: str) -> tuple[str, ...]:
    """A role's words over every pack (languages in alphabetical order), without repeats."""
    seen: dict[str, None] = {}
    for language in sorted(packs()):
        for word in packs()[language].words(role):
            seen.setdefault(word, None)
    return tuple(seen)


def by_language(role: str) -> dict[str, tuple[str, ...]]:
    """A role's words per language, for the languages whose pack has any."""
    return {code: pack.words(role) for code, pack in sorted(packs().items()) if pack.words(role)}
