"""The speed-ups keep behaviour, and the benchmark's synthetic catalogues are valid."""

import importlib.util
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType
from urllib.parse import urlsplit

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from participatory import Catalogue, CatalogueValidationError, Stage, Technique
from participatory._checks import slug_list_problems as _slug_list_problems
from participatory._checks import url_problem as _url_problem
from participatory._schema import slug_problem

ROOT = Path(__file__).resolve().parents[1]


# --- the fast paths give the same answers as the plain code they short-cut ----------


def url_problem_reference(url: str) -> str | None:
    """The check as first written, before its fast path."""
    if url != url.strip() or any(c.isspace() for c in url):
        return f"{url!r} is not a valid web address (it contains spaces)"
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.netloc or "." not in parts.netloc:
        return f"{url!r} is not a web address; expected one starting with https://"
    return None


def slug_problems_reference(field: str, values: tuple[str, ...]) -> Iterator[tuple[str, str]]:
    import re

    seen: set[str] = set()
    for i, value in enumerate(values):
        if value in seen:
            yield f"{field}[{i}]", f"{value!r} is listed twice"
        seen.add(value)
        if not re.fullmatch(r"[a-z0-9]+(?:-[a-z0-9]+)*", value):
            yield f"{field}[{i}]", str(slug_problem(value))


URL_PARTS = st.sampled_from(
    ["https://", "http://", "HTTPS://", "ftp://", "//", "example", ".", "org", "/", "?q=1", "#x", ":8080",
     "a-b", "_", "~", " ", "\t", "\u00a0", "\u2003", "é", "[", "@", "%20", "\x00", ""]
)  # fmt: skip


@settings(max_examples=300)
@given(st.lists(URL_PARTS, max_size=8).map("".join))
def test_url_check_matches_the_plain_check(url: str) -> None:
    try:
        expected = url_problem_reference(url)
    except ValueError:  # urlsplit rejects some hosts: a problem, not a crash
        expected = f"{url!r} is not a web address; expected one starting with https://"
    assert _url_problem(url) == expected


@pytest.mark.parametrize(
    ("url", "ok"),
    [
        ("https://example.org/a?b=c#d", True),
        ("http://nhs.uk", True),
        ("https://localhost/x", False),
        ("https://exa mple.org", False),
        (" https://example.org", False),
        ("HTTPS://Example.org/", True),
        ("https://user@example.org:80/", True),
        ("mailto:someone@example.org", False),
        ("https://", False),
        ("https://[x.org", False),
    ],
)
def test_url_check_examples(url: str, ok: bool) -> None:
    assert (_url_problem(url) is None) is ok


@settings(max_examples=200)
@given(st.lists(st.sampled_from(["design", "a-b", "a--b", "Design", "x1", "", "-x", "carer"]), max_size=6))
def test_slug_list_check_matches_the_plain_check(values: list[str]) -> None:
    assert list(_slug_list_problems("f", tuple(values))) == list(slug_problems_reference("f", tuple(values)))


def test_problems_still_collected_in_full() -> None:
    bad = Technique(
        id="t",
        name="T",
        stages=("design", "design", "Bad Stage"),
        tags=("ok", "Not OK"),
    )
    with pytest.raises(CatalogueValidationError) as info:
        Catalogue([Stage(id="design", name="Design", order=1), bad])
    text = str(info.value)
    assert "stages[1]: 'design' is listed twice" in text
    assert "stages[2]: 'Bad Stage' is not a valid id" in text
    assert "tags[1]: 'Not OK' is not a valid id" in text


# --- import stays cheap --------------------------------------------------------------


def test_import_loads_no_heavy_module() -> None:
    probe = (
        "import sys, participatory; "
        "print(' '.join(m for m in ('networkx', 'cattrs', 'tomllib', 'json', 'tempfile', 'difflib', "
        "'urllib.parse', 'importlib.metadata') if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", probe], check=True, capture_output=True, text=True)
    assert out.stdout.split() == []


# --- the benchmark's generator --------------------------------------------------------


def load_generator() -> ModuleType:
    spec = importlib.util.spec_from_file_location("bench_generate", ROOT / "benchmarks" / "generate.py")
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.mark.parametrize("n", [60, 250])
def test_synthetic_catalogues_are_valid_in_both_formats(tmp_path: Path, n: int) -> None:
    gen = load_generator()
    written = gen.generate(n, tmp_path)
    cats = {fmt: Catalogue.from_path(path) for fmt, path in written.items()}
    assert cats["toml"] == cats["json"]
    cat = cats["json"]
    assert list(cat.stages) == list(gen.STAGES)
    assert len(cat.techniques) == n
    assert len(cat.resources) == n // 2
    assert len(cat.cases) == n // 5
    assert sum(gen.RARE in t.stakeholders for t in cat.techniques.values()) == min(gen.RARE_COUNT, n)
    assert all(1 <= len(t.stages) <= 4 and 2 <= len(t.stakeholders) <= 5 for t in cat.techniques.values())


def test_synthetic_catalogues_are_reproducible(tmp_path: Path) -> None:
    gen = load_generator()
    first = gen.generate(30, tmp_path / "a")
    second = gen.generate(30, tmp_path / "b")
    for fmt in ("toml", "json"):
        assert first[fmt].read_bytes() == second[fmt].read_bytes()
