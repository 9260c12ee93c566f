"""`tiktok-commerce caption parse`: JSON lines in, one result per line out, in order."""

from __future__ import annotations

import io
import json

from tiktok_commerce.cli import main


def run(monkeypatch, capsys, stdin: str, *args: str) -> tuple[int, str, str]:
    monkeypatch.setattr("sys.stdin", io.StringIO(stdin))
    code = main(["caption", "parse", *args])
    out = capsys.readouterr()
    return code, out.out, out.err


def test_jsonl_keeps_order_and_a_bad_line_gets_an_error_object(monkeypatch, capsys):
    lines = [
        json.dumps({"id": "a", "caption": "wireless earbuds S$39.90, clear case S$8.90 #sgtiktok"}),
        "{not json",
        json.dumps(["a", "list"]),
        "",
        json.dumps({"id": 7, "caption": 42}),
        json.dumps({"id": "b", "caption": "thank you for 100k followers 🥹"}),
        json.dumps({"id": "c"}),
    ]
    code, out, _ = run(monkeypatch, capsys, "\n".join(lines) + "\n", "--jsonl")
    assert code == 0
    rows = [json.loads(line) for line in out.splitlines()]
    assert [r.get("id") for r in rows] == ["a", None, None, 7, "b", "c"]
    assert [(p["title"], p["price"], p["currency"]) for p in rows[0]["products"]] == [
        ("Wireless Earbuds", 39.9, "SGD"),
        ("Clear Case", 8.9, "SGD"),
    ]
    assert rows[0]["hashtags"] == ["sgtiktok"] and rows[0]["parser"] == "rules"
    assert rows[1]["line"] == 2 and "not JSON" in rows[1]["error"]
    assert "JSON object" in rows[2]["error"]
    assert rows[3] == {"id": 7, "line": 5, "error": "caption must be a string"}
    assert rows[4]["products"] == [] and rows[5]["products"] == []


def test_one_caption_as_an_argument(monkeypatch, capsys):
    code, out, _ = run(monkeypatch, capsys, "", "cropped puffer vest was $65 now $39 🔥")
    assert code == 0
    (product,) = json.loads(out)["products"]
    assert (product["price"], product["original_price"]) == (39.0, 65.0)


def test_llm_flag_without_configuration_is_a_clear_error(monkeypatch, capsys, tmp_path):
    monkeypatch.delenv("OPENROUTER_API_KEY", raising=False)
    monkeypatch.delenv("LLM_BASE_URL", raising=False)
    monkeypatch.chdir(tmp_path)  # no .env file from the project
    from tiktok_commerce.settings import get_settings

    get_settings.cache_clear()
    code, out, err = run(monkeypatch, capsys, "", "--jsonl", "--llm")
    get_settings.cache_clear()
    assert code == 2 and out == ""
    assert "OPENROUTER_API_KEY or LLM_BASE_URL" in err


def test_one_caption_prints_each_price_as_its_shoppers_read_it(monkeypatch, capsys):
    code = main(["caption", "parse", "Escova secadora R$ 199,90 saindo por R$ 129,90 💨 #cabelo"])
    (product,) = json.loads(capsys.readouterr().out)["products"]
    assert code == 0
    assert (product["price"], product["price_display"]) == (129.9, "R$ 129,90")  # numbers stay numbers
    assert product["original_price_display"] == "R$ 199,90"
