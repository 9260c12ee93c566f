"""Word lists the title finder reads: the language packs' [title] roles (languages/packs/*.toml).

Each table is a role's words merged over every pack, lowercase (see docs/caption-parser.md, "Adding
a language"). Plurals are matched by stripping "s"/"es".

PRODUCT_NOUNS are the heads of listing titles ("... drill KIT", "... sheet SET"): a caption phrase
that contains one is far more likely to name what is for sale than a phrase that does not.
"""

from __future__ import annotations

from tiktok_commerce import languages as language_packs
from tiktok_commerce.languages.detect import DEFAULT as DEFAULT_LANGUAGE


def _pack_words(role: str) -> frozenset[str]:
    return frozenset(w for w in language_packs.words(role) if " " not in w)


# Heads of product names: a phrase holding one most likely names what is sold.
PRODUCT_NOUNS = _pack_words("title.product_nouns")

# Words that start a clause about something else, or end a name: a title stops before them.
CUT_WORDS = _pack_words("title.cut_words") | _pack_words("title.clause_words")

# Words stripped from the front of a phrase ("the", "this", "my new", "obsessed with these").
LEAD_WORDS = _pack_words("title.lead_words")

# Words that end a phrase just before its price ("... for $38", "cuma Rp 89.000", "chỉ 199k").
TAIL_WORDS = _pack_words("title.tail_words")

# Words before a phrase that make it an object or a comparison, not the thing sold:
# "fits the door pocket", "smells like a leather jacket", "free pillowcase".
OBJECT_BEFORE = _pack_words("title.object_before")

# Words after which a phrase is likely the product itself: "this aluminum laptop stand".
PRODUCT_BEFORE = _pack_words("title.product_before")

# Words that end a title even without a clause word ("stacking ring restock").
TAIL_NOISE = _pack_words("title.tail_noise")

# "16 colours", "12 shades", "3 heat levels": counts of options, not names.
COUNT_NOUNS = _pack_words("title.count_nouns")

# Words that only announce a sale: a run made of them is not a product name.
PROMO_WORDS = _pack_words("title.promo_words")

# Small words kept lowercase in Title Case.
SMALL_WORDS = _pack_words("title.small_words")

# Narrative openers: a phrase starting with one rarely names the product.
NARRATIVE_START = _pack_words("title.narrative_start")

# Clothing sizes, smallest first: symbols of no one language, so they stay here.
SIZE_ORDER = ("XXS", "XS", "S", "M", "L", "XL", "XXL", "3XL", "4XL", "5XL")

# Colour names: a run of them is a variant, not part of the name; two or more list the colours.
COLOURS = _pack_words("title.colours")

# Units after a figure: "15 lb weighted blanket", "15.6 inch portable monitor" name a size.
UNITS = _pack_words("title.units")

# Who a product is for, kept in its name: "salmon oil for dogs", "vitamins for kids".
AUDIENCE = _pack_words("title.audience")

# Product nouns that are more often a part, accessory or spec of the thing sold than the thing
# itself: in "mini projector, 180° rotating stand" or "yoga mat 🧘 alignment lines + carry strap
# included" they describe the projector and the mat. A phrase headed by one still names the
# product when the caption names nothing stronger ("rechargeable book light", "tote bag").
COMPONENT_NOUNS = _pack_words("title.part_nouns")

# Words that open a feature rather than a product name: "removable lavender pouch", "built-in
# speaker", "replacement heads".
FEATURE_LEAD = _pack_words("title.feature_lead")

# Words after a noun that make it a property of the product: "dishwasher safe", "TSA friendly",
# "USB powered", "gift box included". A phrase like that is a spec, not the product's name.
SPEC_TAIL = _pack_words("title.spec_tail")


def _tagger_product_words(pack: language_packs.Pack, others: frozenset[str]) -> tuple[str, ...]:
    """A pack's tagger keywords that name products (one word, weight 2 to 3.5), less words of
    the other packs' keywords (a false friend would head names in their captions too)."""
    found: dict[str, None] = {}
    for spec in pack.table("tagger.categories").values():
        for word, weight in (spec.get("keywords") or {}).items():
            word = word.lower()
            if word.isalpha() and len(word) >= 4 and 2 <= float(weight) <= 3.5 and word not in others:
                found.setdefault(word, None)
    return tuple(found)


def _keywords(pack: language_packs.Pack) -> frozenset[str]:
    return frozenset(
        w.lower()
        for spec in pack.table("tagger.categories").values()
        for k in spec.get("keywords") or {}
        for w in k.split()
    )


# Heads of compounds ("flasche" of "Trinkflasche"), by last letter, from packs with compounds = true.
# A compounding language names its products with glued words the title lists cannot foresee, so its
# tagger's product words head names too ("Milchaufschäumer", "Akku-Schlagschrauber").
COMPOUND_HEADS: dict[str, tuple[str, ...]] = {}
for _code, _pack in sorted(language_packs.packs().items()):
    if _pack.table("title").get("compounds"):
        _others = frozenset().union(*(_keywords(p) for c, p in language_packs.packs().items() if c != _code))
        _tagger_words = _tagger_product_words(_pack, _others | PRODUCT_NOUNS)
        PRODUCT_NOUNS = PRODUCT_NOUNS | frozenset(_tagger_words)
        for _head in (*_pack.words("title.product_nouns"), *_tagger_words):
            if len(_head) >= 4:
                COMPOUND_HEADS[_head[-1]] = (*COMPOUND_HEADS.get(_head[-1], ()), _head)
# The tagger's strong keywords of three words joined by a small word ("canne à pêche", "jeu de
# société", "mulinello da spinning"), per language: said whole in a caption, their first word heads
# a name there (a noun and its complement name one product in every language).
_NAMED_PHRASE_WEIGHT = 4.5


def _named_phrases(pack: language_packs.Pack) -> frozenset[str]:
    joins = SMALL_WORDS | frozenset(pack.words("title.name_words"))
    return frozenset(
        " ".join(words)
        for spec in pack.table("tagger.categories").values()
        for keyword, weight in (spec.get("keywords") or {}).items()
        if len(words := keyword.lower().split()) == 3
        and words[1] in joins
        and float(weight) >= _NAMED_PHRASE_WEIGHT
    )


NAMED_PHRASES: dict[str, frozenset[str]] = {
    code: phrases for code, pack in language_packs.packs().items() if (phrases := _named_phrases(pack))
}
# "with" in every language: "cafetera con filtro", "Kette mit Anhänger", "kettle w/ timer".
WITH_WORDS = _pack_words("title.with_words")
# Abbreviations written out in a title ("w/" -> "with").
WITH_SPELLED: dict[str, str] = {
    short.lower(): str(spelled)
    for pack in language_packs.packs().values()
    for short, spelled in pack.table("title.with_abbreviations").items()
}

# Words that stand inside a product name in a language although other languages' tables cut at
# them ("Collana in argento", "Piastra per capelli", "Borsa a tracolla"): per language.
NAME_WORDS: dict[str, frozenset[str]] = {
    code: frozenset(pack.words("title.name_words"))
    for code, pack in language_packs.packs().items()
    if pack.words("title.name_words")
}
# Articles a name word may take inside a name ("Macchina per il sottovuoto", "Crema para el cabello"):
# per language, though other languages' tables cut names at them ("il" is French for "he").
NAME_ARTICLES: dict[str, frozenset[str]] = {
    code: frozenset(pack.words("title.name_articles"))
    for code, pack in language_packs.packs().items()
    if pack.words("title.name_articles")
}
# How many words after "with" a listing name keeps in a language ("Akkuschrauber 12V mit 2 Akkus"),
# where its labellers keep them: per language, 0 (the default) cuts a long "with" phrase off.
WITH_WORDS_KEPT: dict[str, int] = {
    code: int(kept)
    for code, pack in language_packs.packs().items()
    if isinstance(kept := pack.table("title").get("with_words_kept"), int) and kept > 0
}
# Words that end a name only in their own language's captions: the verbs, pronouns and adverbs a
# language has too many of to pool with the others' clause words, where another language may use the
# same spelling for a product ("hat", "set"): per language.
LOCAL_CLAUSE_WORDS: dict[str, frozenset[str]] = {
    code: frozenset(pack.words("title.local_clause_words"))
    for code, pack in language_packs.packs().items()
    if pack.words("title.local_clause_words")
}
# Languages that capitalise every noun (German): in a caption written so, a lowercase word that
# does not end like an inflected adjective ("kabellose", "neuer") is a verb, an adverb or a
# predicate ("lädt", "komplett", "rutschfest"), no part of a name. Language -> adjective endings.
ADJECTIVE_ENDINGS: dict[str, tuple[str, ...]] = {
    code: tuple(pack.words("title.adjective_endings"))
    for code, pack in language_packs.packs().items()
    if pack.table("title").get("nouns_capitalised") and pack.words("title.adjective_endings")
}
# ... except uninflected adjectives right after a name, as listings write them ("Hundebett
# orthopädisch", "Flanellhemd kariert"): their endings, `title.postposed_adjective_endings`.
POSTPOSED_ENDINGS: dict[str, tuple[str, ...]] = {
    code: tuple(pack.words("title.postposed_adjective_endings"))
    for code, pack in language_packs.packs().items()
    if code in ADJECTIVE_ENDINGS and pack.words("title.postposed_adjective_endings")
}
# ... and the determiners after which such an adjective belongs to a sentence, not a listing
# ("braucht einen ordentlichen Topf", "die passende Kuscheldecke"): `title.determiners`.
DETERMINERS: dict[str, frozenset[str]] = {
    code: frozenset(pack.words("title.determiners"))
    for code, pack in language_packs.packs().items()
    if code in ADJECTIVE_ENDINGS and pack.words("title.determiners")
}
# A name's inner connectors stay lower case in Title Case ("Piastra per Capelli").
SMALL_WORDS = SMALL_WORDS.union(
    *NAME_WORDS.values(), *NAME_ARTICLES.values(), WITH_WORDS - WITH_SPELLED.keys()
)

# Languages whose noun phrases end with their head ("kabellose Kopfhörer"), as the packs say.
HEAD_LAST_LANGUAGES = frozenset(
    code for code, pack in language_packs.packs().items() if pack.table("title").get("head") == "last"
)


def said(key: str, language: str | None) -> str:
    """What the language's pack writes for `title.<key>` ("unnamed": "Product"), else what the
    default language's pack writes, else ""."""
    for code in (language, DEFAULT_LANGUAGE):
        pack = language_packs.packs().get(code or "")
        value = pack.table("title").get(key) if pack else None
        if isinstance(value, str):
            return value
    return ""
