"""`tiktok-commerce tags suggest`: JSON lines in, JSON lines out, in order, bad lines reported."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest

from tiktok_commerce import cli
from tiktok_commerce.settings import get_settings


@pytest.fixture(autouse=True)
def offline(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("OPENROUTER_API_KEY", raising=False)
    monkeypatch.delenv("LLM_BASE_URL", raising=False)
    get_settings.cache_clear()
    yield
    get_settings.cache_clear()


def run(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], stdin: str, *args: str):
    monkeypatch.setattr("sys.stdin", io.StringIO(stdin))
    code = cli.main(["tags", "suggest", *args])
    out, err = capsys.readouterr()
    return code, [json.loads(line) for line in out.splitlines()], err


def test_jsonl_answers_every_line_in_order(monkeypatch, capsys) -> None:
    lines = [
        {"id": "a", "caption": "lash serum $21.99 #lashserum", "products": [{"title": "Lash Growth Serum"}]},
        {"id": "b", "caption": "nothing for sale today", "products": []},
        {
            "id": "c",
            "caption": "Kemeja batik pria lengan panjang, Rp125.000",
            "products": [{"title": "Kemeja Batik Pria Lengan Panjang", "price": 125000}],
        },
    ]
    code, out, _ = run(monkeypatch, capsys, "\n".join(json.dumps(x) for x in lines) + "\n", "--jsonl")
    assert code == 0
    assert [o["id"] for o in out] == ["a", "b", "c"]
    assert out[0]["products"][0]["title"] == "Lash Growth Serum"
    assert out[0]["products"][0]["category"] == "Beauty & Makeup"
    assert out[1]["products"] == []
    assert out[2]["products"][0]["category"] == "Menswear"
    for tag in out[0]["products"][0]["tags"]:
        assert set(tag) == {"tag", "confidence", "source"}
        assert 0.6 <= tag["confidence"] <= 1.0


def test_a_bad_line_becomes_an_error_object_and_the_rest_still_run(monkeypatch, capsys) -> None:
    stdin = "\n".join(
        [
            '{"id": "ok1", "caption": "", "products": [{"title": "Yoga Mat"}]}',
            "{not json",
            '{"id": "x", "products": [{"price": 3}]}',
            '["a list"]',
            '{"id": "ok2", "caption": "", "products": [{"title": "Dog Harness"}]}',
        ]
    )
    code, out, _ = run(monkeypatch, capsys, stdin, "--jsonl")
    assert code == 0
    assert len(out) == 5
    assert out[0]["id"] == "ok1" and out[0]["products"][0]["category"] == "Sports & Outdoor"
    assert out[1]["error"].startswith("line 2 is not JSON")
    assert out[2] == {"id": "x", "line": 3, "error": 'line 3: product 0 needs a "title" string'}
    assert "expected a JSON object" in out[3]["error"]
    assert out[4]["id"] == "ok2" and out[4]["products"][0]["category"] == "Pet Supplies"


def test_jsonl_reads_a_file_and_reports_a_missing_one(monkeypatch, capsys, tmp_path: Path) -> None:
    path = tmp_path / "in.jsonl"
    path.write_text('{"id": 7, "caption": "", "products": [{"title": "Robot Vacuum"}]}\n', encoding="utf-8")
    code, out, _ = run(monkeypatch, capsys, "", "--jsonl", str(path))
    assert code == 0 and out[0]["id"] == 7 and out[0]["products"][0]["category"] == "Home & Kitchen"
    code, out, err = run(monkeypatch, capsys, "", "--jsonl", str(tmp_path / "missing.jsonl"))
    assert code == 2 and out == [] and "cannot read" in err


def test_one_title_prints_a_readable_answer(capsys) -> None:
    code = cli.main(
        ["tags", "suggest", "Ceramic Bud Vases Set of 3", "--caption", "shelf styling #homedecor"]
    )
    out = capsys.readouterr().out
    assert code == 0
    assert out.splitlines()[0] == "Ceramic Bud Vases Set of 3: Home Decor"
    assert "vases" in out


def test_a_broken_taxonomy_file_is_a_clear_message(monkeypatch, capsys, tmp_path: Path) -> None:
    bad = tmp_path / "taxonomy.json"
    bad.write_text("{not json", encoding="utf-8")
    monkeypatch.setenv("TAXONOMY_FILE", str(bad))
    get_settings.cache_clear()
    code, out, err = run(monkeypatch, capsys, '{"id": 1, "products": [{"title": "Mug"}]}\n', "--jsonl")
    assert code == 2 and out == []
    assert err.startswith("cannot tag: taxonomy file") and "Traceback" not in err
