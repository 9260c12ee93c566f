"""Language packs are the parser's source of a language's words: a pack added from outside the
package (LANGUAGE_PACKS_DIR) teaches it a language with no code change."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tiktok_commerce import languages

TOY_PACK = """
language = "eo"
name = "Esperanto"
locale = "eo"
markets = []

[detect]
function_words = ["kaj", "estas", "nun", "antaŭe", "tre", "bela"]

[currency]
after = { "eŭroj" = "EUR" }

[price]
former_before = ["antaŭe"]
not_price_before = ["sendokosto"]

[title]
head = "first"
product_nouns = ["taso"]
clause_words = ["kaj", "estas"]

[tagger]
head = "first"
stopwords = ["kaj", "estas", "nun", "tre"]

[tagger.categories."Home & Kitchen"]
tags = ["hejmo kaj kuirejo"]

[tagger.categories."Home & Kitchen".keywords]
taso = 3
"""

CAPTION = "Bela ceramika taso nun 12 eŭroj, antaŭe 18 eŭroj, sendokosto 3 eŭroj #hejmo"


def parse_in_fresh_process(caption: str, packs_dir: Path | None) -> dict:
    env = {k: v for k, v in os.environ.items() if k != "LANGUAGE_PACKS_DIR"}
    if packs_dir is not None:
        env["LANGUAGE_PACKS_DIR"] = str(packs_dir)
    code = (
        "import json, sys; from tiktok_commerce.workers.caption_parser.rules import parse_caption; "
        "print(json.dumps(parse_caption(sys.argv[1]).to_dict()))"
    )
    out = subprocess.run(
        [sys.executable, "-c", code, caption], capture_output=True, text=True, env=env, check=True, timeout=60
    )
    return json.loads(out.stdout)


def test_a_pack_from_outside_the_package_teaches_a_new_language(tmp_path: Path) -> None:
    (tmp_path / "eo.toml").write_text(TOY_PACK, encoding="utf-8")
    without = parse_in_fresh_process(CAPTION, None)
    assert without["products"] == []  # "eŭroj" is no currency the parser knows by itself
    result = parse_in_fresh_process(CAPTION, tmp_path)
    assert result["language"] == "eo"
    (product,) = result["products"]
    assert (product["price"], product["currency"], product["original_price"]) == (12.0, "EUR", 18.0)
    assert "taso" in product["title"].lower()  # the shipping fee is no second product


def test_the_same_pack_teaches_the_tagger(tmp_path: Path) -> None:
    (tmp_path / "eo.toml").write_text(TOY_PACK, encoding="utf-8")
    code = (
        "import json, sys; from tiktok_commerce.workers.tagger.rules import Listing, RulesTagger; "
        "s = RulesTagger().suggest(Listing(title='Ceramika taso', caption=sys.argv[1])); "
        "print(json.dumps([s.language, s.category, [t.tag for t in s.tags]]))"
    )
    env = {**os.environ, "LANGUAGE_PACKS_DIR": str(tmp_path)}
    out = subprocess.run(
        [sys.executable, "-c", code, CAPTION], capture_output=True, text=True, env=env, check=True, timeout=60
    )
    language, category, tags = json.loads(out.stdout)
    assert (language, category) == ("eo", "Home & Kitchen")
    assert "hejmo kaj kuirejo" in tags  # the category's tag in the new language


def test_every_built_in_pack_loads_and_names_its_language() -> None:
    packs = languages.packs()
    assert {"en", "es", "pt", "de", "fr", "it", "ja", "id", "ms", "tl", "th", "vi", "zh"} <= set(packs)
    for code, pack in packs.items():
        assert pack.language == code and pack.locale and pack.name


def test_a_broken_pack_is_refused_with_its_file_name(tmp_path: Path) -> None:
    bad = tmp_path / "xx.toml"
    bad.write_text('language = "xx"\n[price]\nformer_before = "antes"\n', encoding="utf-8")
    pack = languages._read(bad)
    with pytest.raises(languages.PackError, match="former_before must be a list"):
        pack.words("price.former_before")
    (tmp_path / "yy.toml").write_text("language = [", encoding="utf-8")
    with pytest.raises(languages.PackError, match="yy.toml"):
        languages._read(tmp_path / "yy.toml")
