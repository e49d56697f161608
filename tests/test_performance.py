"""The speed-ups keep behaviour, and the benchmark's synthetic catalogues are valid."""

import importlib.util
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType
from typing import Any
from urllib.parse import urlsplit

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import participatory as pr
from participatory import (
    AgeRange,
    Catalogue,
    CatalogueValidationError,
    Cost,
    Form,
    Format,
    GroupSize,
    Level,
    Mode,
    Record,
    Skill,
    Stage,
    Stakeholder,
    Technique,
    Timescale,
    UnknownIdError,
)
from participatory._checks import slug_list_problems as _slug_list_problems
from participatory._checks import url_problem as _url_problem
from participatory._schema import slug_problem

from . import strategies
from .strategies import catalogues

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


@settings(max_examples=300)
@given(
    st.lists(
        st.characters(codec=None, exclude_categories=())
        | st.sampled_from([*strategies.HOSTILE_CHARACTERS, "\xa0", "\xc2", "\u0080", "\uffff", "\n"])
        | st.sampled_from("ab -"),
        max_size=12,
    ).map("".join)
)
def test_the_text_check_finds_what_the_pattern_finds(text: str) -> None:
    from participatory._checks import _BAD_CHARACTER, _clean_text

    assert _clean_text(text) == (_BAD_CHARACTER.search(text) is None)


#: Values that break some rule of a field (or none), by the kind of field they are put into.
_TEXTS = [
    "", " ", "ok", "Bad Id", "a--b", "-a", "a" * 101, "bell\x07", "c1\x85", "\ud800", "\ufffe",
    "abc\u202edef", "ftp://example.org", "https://exa mple.org", "https://example.org/x",
    "mailto:a@example.org", "SW1A 1AA", "stage", "level", 5, None,
]  # fmt: skip
_TUPLES = [
    (), ("a", "a"), ("Bad",), ("",), ("a\x00",), (1,), ("ok", "fine"), ("A", "a"), ("a", "b\u202e"),
    (Level.CONSULT, Level.CONSULT), (Level.CONSULT,), ("rate",), (pr.Source(title=" ", url="x"),),
    (pr.Source(title="T", url="https://e.org", year=99),), (pr.Source(title="T", url="https://e.org"),),
    "own id", None,
]  # fmt: skip
_OTHERS = [
    10**12, -1, 0, 1499, 2024, None, True, 1.5, "x", Level.INFORM, GroupSize(min=5, max=2), GroupSize(min=0),
    AgeRange(min=-1), AgeRange(min=9, max=3), AgeRange(min=121), AgeRange(max=121), AgeRange(min=3, max=121),
    AgeRange(max=-1), AgeRange(min=9, max=9), GroupSize(max=0), GroupSize(min=4, max=4),
    pr.Source(title="T", url="x"),
]  # fmt: skip


#: Fields that rules beyond their type apply to (the rest are checked as values only).
_RULED = {
    "id", "name", "aliases", "replaces", "tags", "sources", "url", "year", "levels", "modes", "stages",
    "group_size", "ages", "estimated", "pairs_with", "underserved", "contact", "target", "entries", "items",
}  # fmt: skip


#: A record of any kind the compiled checks know.
_ANY_RECORD = st.one_of(
    strategies.techniques(), strategies.cases(), strategies.organisations(), strategies.stages,
    strategies.stakeholders, strategies.resources(), strategies.crosswalks(), strategies.checklists(),
)  # fmt: skip


def _damaged(rec: Record, data: st.DataObject, *, any_type: bool) -> Record:
    """Return a copy of ``rec`` with up to three awkward values (of the field's sort, or ``any_type``)."""
    import copy

    import attrs

    rec = copy.copy(rec)
    fields = attrs.fields(type(rec))
    for _ in range(data.draw(st.integers(0, 3))):
        field = data.draw(st.sampled_from([f for f in fields if f.name in _RULED]) | st.sampled_from(fields))
        pool = _TEXTS if "str" in str(field.type) else _TUPLES if "tuple" in str(field.type) else _OTHERS
        anything = _TEXTS + _TUPLES + _OTHERS if any_type else pool
        value = data.draw(st.sampled_from(pool) | st.sampled_from(anything))
        value = (rec.id,) if value == "own id" else value
        object.__setattr__(rec, field.name, value)  # unchecked, as Python allows
    return rec


@settings(max_examples=500, deadline=None)
@given(_ANY_RECORD, st.data())
def test_the_compiled_record_check_agrees_with_the_walk(rec: Record, data: st.DataObject) -> None:
    """A record the compiled check passes has no problem; one with no problem passes it."""
    _assert_compiled_check_agrees(_damaged(rec, data, any_type=True))


@settings(max_examples=400, deadline=None)
@given(_ANY_RECORD, st.data())
def test_the_fast_paths_records_typed_check_agrees_with_the_walk(rec: Record, data: st.DataObject) -> None:
    """Records decoded by the fast path are checked without testing their types again (``typed``).

    The record, given awkward values, is written as a JSON document and read back by the
    fast path's decoder; whatever it accepts, the typed check passes exactly when the
    walk finds nothing.
    """
    pytest.importorskip("msgspec")
    made = _through_the_fast_path(_damaged(rec, data, any_type=False))
    if made is not None:
        _assert_compiled_check_agrees(made, typed=True)


def _through_the_fast_path(rec: Record) -> Record | None:
    """Return ``rec`` written as a JSON document and read back by the fast path, or ``None``.

    ``None``: JSON cannot hold one of its values, or the fast path leaves the document to
    the detailed path (a value of the wrong type, say).
    """
    import json

    from participatory import _fast
    from participatory._convert import unstructure

    try:
        text = json.dumps({rec.record_kind: [unstructure(rec)]}, default=str)
    except (TypeError, ValueError, AttributeError):  # a value JSON cannot hold
        return None
    decoded = _fast.decode_document(text.encode("utf-8", "surrogatepass"))
    if decoded is None:
        return None
    (made,) = decoded[0][1]  # type: ignore[misc]
    return made


def _assert_compiled_check_agrees(rec: Record, *, typed: bool = False) -> None:
    from participatory._checks import _record_fine, _record_walk
    from participatory._kinds import generation

    try:
        problems = list(_record_walk(rec))
    except (TypeError, AttributeError):  # a value the walk's later checks cannot take
        return
    assert _record_fine(type(rec), generation(), typed)(rec) == (not problems), (rec, problems)  # type: ignore[arg-type]


def test_the_compiled_record_check_agrees_with_the_walk_on_every_field_of_every_kind() -> None:
    """Each field of a record of each kind in core, given each awkward value in turn.

    Each damaged record is also read back through the fast path, where the fast path takes
    it, and checked as the fast path's records are (``typed``).
    """
    import copy

    import attrs

    from participatory import _fast

    core = pr.load("core")
    community = Catalogue.from_path(ROOT / "examples" / "community" / "catalogue.toml", context=core)
    first = {type(rec): rec for rec in reversed([*core.records(), *community.records()])}
    assert len(first) >= 11
    for rec in first.values():
        _assert_compiled_check_agrees(rec)
        for field in attrs.fields(type(rec)):
            for value in (*_TEXTS, *_TUPLES, *_OTHERS):
                damaged = copy.copy(rec)
                object.__setattr__(damaged, field.name, (rec.id,) if value == "own id" else value)
                _assert_compiled_check_agrees(damaged)
                if _fast.AVAILABLE and (made := _through_the_fast_path(damaged)) is not None:
                    _assert_compiled_check_agrees(made, typed=True)  # as the fast path checks it


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


@pytest.mark.parametrize(
    ("statement", "modules"),
    [
        (
            "import participatory",
            "networkx cattrs tomllib json tempfile difflib urllib.parse importlib.metadata",
        ),
        # catalogues() reads metadata: no record kinds, translations, converter or TOML parser.
        (
            "import participatory as pr; pr.catalogues()",
            "participatory._translations participatory._kinds cattrs tomllib networkx",
        ),
    ],
)
def test_import_loads_no_heavy_module(statement: str, modules: str) -> None:
    probe = f"import sys; {statement}; print(' '.join(m for m in {modules.split()!r} if m in sys.modules))"
    out = subprocess.run([sys.executable, "-c", probe], check=True, capture_output=True, text=True)
    assert out.stdout.split() == []


# --- the benchmark's generator --------------------------------------------------------


def load_script(name: str, path: Path) -> ModuleType:
    """Import a script that is not part of a package (benchmarks/, tools/)."""
    spec = importlib.util.spec_from_file_location(name, path)
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def load_generator() -> ModuleType:
    return load_script("bench_generate", ROOT / "benchmarks" / "generate.py")


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


def test_lean_catalogues_copy_the_shape_of_core(tmp_path: Path) -> None:
    gen = load_generator()
    core = pr.load("core")
    k = len(core.techniques)
    cat = Catalogue.from_path(gen.lean(2 * k + 3, tmp_path))
    assert len(cat.techniques) == 2 * k + 3
    for original in core.techniques.values():  # the second copy: numbered, otherwise core's
        tech = cat.techniques[f"{original.id}-1"]
        assert tech.name == f"{original.name} 1"
        assert tech.summary == original.summary
        assert tech.stages == original.stages
        assert tech.stakeholders == original.stakeholders
        assert tech.replaces == tuple(f"{r}-1" for r in original.replaces)
    with pytest.raises(ValueError, match="at least"):
        gen.lean_document(k - 1)


def test_the_lean_floor_leaves_out_only_the_field_checks(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The benchmark's "no field checks" load reads what the loader reads, minus those checks."""
    import json

    monkeypatch.setattr(sys, "path", list(sys.path))  # run.py puts benchmarks/ first: undone after
    run = load_script("bench_run", ROOT / "benchmarks" / "run.py")
    gen = load_generator()
    path = gen.lean(len(pr.load("core").techniques), tmp_path)
    assert run.without_field_checks(path) == Catalogue.from_path(path)
    doc = json.loads(path.read_text(encoding="utf-8"))
    doc["technique"][0]["sources"][0]["year"] = 1  # a field check's problem
    path.write_text(json.dumps(doc), encoding="utf-8")
    assert run.without_field_checks(path).techniques[doc["technique"][0]["id"]].sources[0].year == 1
    with pytest.raises(CatalogueValidationError, match="year 1 is out of range"):
        Catalogue.from_path(path)  # the loader's own checks are back
    doc["technique"][1]["stages"] = ["no-such-stage"]  # a reference: still checked
    path.write_text(json.dumps(doc), encoding="utf-8")
    with pytest.raises(CatalogueValidationError, match="no-such-stage"):
        run.without_field_checks(path)


def test_paused_baselines_pause_the_collector_and_restore_it(monkeypatch: pytest.MonkeyPatch) -> None:
    """The lean rows' paused baselines decode with the collector off, and turn it back on."""
    import gc

    monkeypatch.setattr(sys, "path", list(sys.path))
    run = load_script("bench_run", ROOT / "benchmarks" / "run.py")
    seen: list[bool] = []

    def decode(data: bytes) -> bytes:
        seen.append(gc.isenabled())
        if data == b"bad":
            raise ValueError(data)
        return data[::-1]

    assert gc.isenabled()
    assert run.paused(decode)(b"abc") == b"cba"
    with pytest.raises(ValueError, match="bad"):
        run.paused(decode)(b"bad")
    assert seen == [False, False]
    assert gc.isenabled()
    assert run.json_no_gc(b'{"a": [1]}') == {"a": [1]}


# --- the query index gives exactly the results and scores of a plain scan -----------

_STAGES = ["plan", "design", "run", "share"]
_PEOPLE = ["patients", "carers", "public", "staff", "youth"]
_PURPOSES = ["prioritise", "co-design", "evaluate"]
_GROUPS = ["rural", "older-people", "digitally-excluded"]


def _subset(pool: list[Any]) -> st.SearchStrategy[tuple[Any, ...]]:
    return st.lists(st.sampled_from(pool), unique=True, max_size=3).map(tuple)


def _optional(strategy: st.SearchStrategy[Any]) -> st.SearchStrategy[Any]:
    return st.none() | strategy


@st.composite
def _query_techniques(draw: st.DrawFn, i: int) -> Technique:
    low = draw(st.integers(1, 60))
    return Technique(
        id=f"t-{i}",
        name=draw(st.sampled_from(["Jury", "jury", "Photovoice", "Panel", "World cafe", "Zine"]))
        + f" {i % 7}",
        aliases=draw(st.sampled_from([(), ("citizens panel",), ("photo voice", "zine")])),
        summary=draw(st.sampled_from(["", "a panel of citizens", "photos and stories"])),
        stages=draw(_subset(_STAGES)),
        stakeholders=draw(_subset(_PEOPLE)),
        levels=draw(_subset(list(Level))),
        modes=draw(_subset(list(Mode))),
        cost=draw(_optional(st.sampled_from(list(Cost)))),
        group_size=draw(_optional(st.builds(GroupSize, min=st.just(low), max=st.integers(low, 80)))),
        purposes=draw(_subset(_PURPOSES)),
        underserved=draw(_subset(_GROUPS)),
        form=draw(_optional(st.sampled_from(list(Form)))),
        facilitation=draw(_optional(st.sampled_from(list(Skill)))),
        internet=draw(_optional(st.booleans())),
        formats=draw(_subset(list(Format))),
        ages=draw(_optional(st.builds(AgeRange, min=st.integers(0, 30), max=st.integers(30, 120)))),
        contributor_time=draw(_optional(st.sampled_from(list(Timescale)))),
        lead_time=draw(_optional(st.sampled_from(list(Timescale)))),
    )


@st.composite
def _query_catalogues(draw: st.DrawFn) -> Catalogue:
    # Up to 72 techniques, so that both ways of matching run: probing a small set
    # (one facet value held by fewer than 1 in 32 techniques) and ANDing bitsets. (Drawing
    # the techniques is most of this test's time: 72 keeps both paths at half the cost.)
    n = draw(st.integers(0, 72))
    records: list[Record] = [Stage(id=s, name=s.title(), order=i) for i, s in enumerate(_STAGES)]
    records += [Stakeholder(id=p, name=p.title()) for p in _PEOPLE]
    records += [draw(_query_techniques(i)) for i in range(n)]
    return Catalogue(records)


_ARGUMENTS: dict[str, st.SearchStrategy[Any]] = {
    "stage": _subset(_STAGES) | st.sampled_from(_STAGES),
    "stakeholder": _subset(_PEOPLE) | st.sampled_from(_PEOPLE),
    "level": _subset(list(Level)) | st.sampled_from([lv.value for lv in Level]),
    "mode": _subset(list(Mode)) | st.sampled_from(list(Mode)),
    "cost": st.sampled_from(list(Cost)),
    "group_size": st.integers(0, 90),
    "purpose": _subset(_PURPOSES),
    "underserved": st.booleans() | _subset(_GROUPS),
    "text": st.sampled_from(["jury", "panel citizens", "photo", "zzz", ""]),
    "limit": st.integers(0, 10),
    "form": _subset(list(Form)),
    "facilitation": st.sampled_from(list(Skill)),
    "internet": st.booleans(),
    "formats": _subset(list(Format)),
    "age": st.integers(0, 120),
    "contributor_time": st.sampled_from(list(Timescale)),
    "lead_time": st.sampled_from(list(Timescale)),
}
#: Queries of up to three conditions (more would mostly find nothing).
_QUERIES = st.lists(st.sampled_from(sorted(_ARGUMENTS)), unique=True, max_size=3).flatmap(
    lambda keys: st.fixed_dictionaries({k: _ARGUMENTS[k] for k in keys})
)


def _many(value: Any) -> tuple[Any, ...]:
    return value if isinstance(value, tuple) else (value,)


def reference_query(cat: Catalogue, q: dict[str, Any]) -> list[tuple[str, int]]:
    """``g.techniques(**q)`` as a plain scan of every technique, as documented."""
    found: list[tuple[int, str, str]] = []
    for t in cat.techniques.values():
        score = 0
        ok = True
        for arg, field in (
            ("stage", "stages"),
            ("stakeholder", "stakeholders"),
            ("mode", "modes"),
            ("purpose", "purposes"),
        ):
            if q.get(arg):
                wanted = set(_many(q[arg]))
                held = wanted & set(getattr(t, field))
                ok &= bool(held)
                score += 1 if len(wanted) == 1 else len(held)
        groups = q.get("underserved")
        if groups is True:
            ok &= bool(t.underserved)
        elif groups:
            held = set(groups) & set(t.underserved)
            ok &= bool(held)
            score += 1 if len(set(groups)) == 1 else len(held)
        if q.get("level"):
            lowest = min(Level.parse(v) for v in _many(q["level"]))
            ok &= bool(t.levels) and max(t.levels) >= lowest
            score += lowest in t.levels
        if "cost" in q:
            ok &= t.cost is not None and t.cost <= q["cost"]
        if "group_size" in q:
            ok &= t.group_size is not None and q["group_size"] in t.group_size
        if q.get("form"):
            ok &= t.form in q["form"]
        if "facilitation" in q:
            ok &= t.facilitation is not None and t.facilitation <= q["facilitation"]
        if "internet" in q:
            ok &= t.internet is q["internet"]
        if q.get("formats"):
            ok &= set(q["formats"]) <= set(t.formats)
        if "age" in q:
            ok &= t.ages is not None and q["age"] in t.ages
        for field in ("contributor_time", "lead_time"):
            if field in q:
                ok &= getattr(t, field) is not None and getattr(t, field) <= q[field]
        terms = q.get("text", "").casefold().split()
        if terms:
            text = "\n".join((t.name, *t.aliases, t.summary, *t.tags, *t.purposes)).casefold()
            ok &= all(term in text for term in terms)
            score += all(term in "\n".join((t.name, *t.aliases)).casefold() for term in terms)
        if ok:
            found.append((-score, t.name.casefold(), t.id))
    found.sort()
    limit = q.get("limit")
    return [(tid, -score) for score, _, tid in found[: limit if limit is None else max(limit, 0)]]


@settings(max_examples=40, deadline=None)
@given(_query_catalogues(), st.lists(_QUERIES, min_size=1, max_size=8))
def test_queries_match_a_plain_scan(cat: Catalogue, queries: list[dict[str, Any]]) -> None:
    graph = cat.graph()
    held = {
        "purpose": {p for t in cat.techniques.values() for p in t.purposes},
        "underserved": {u for t in cat.techniques.values() for u in t.underserved},
    }
    for q in queries:
        as_lists: dict[str, Any] = {k: list(v) if isinstance(v, tuple) else v for k, v in q.items()}
        if any(isinstance(q.get(k), tuple) and set(q[k]) - held[k] for k in held):
            with pytest.raises(UnknownIdError):  # a purpose or group no technique has: unknown
                graph.techniques(**q)
            continue
        expected = reference_query(cat, q)
        for _ in range(2):  # the second time, the arguments come resolved from the cache
            got = graph.techniques(**q)
            assert list(zip(got.ids, got.scores, strict=True)) == expected, q
        got = graph.techniques(**as_lists)  # unhashable arguments: resolved every time
        assert list(zip(got.ids, got.scores, strict=True)) == expected, q


@settings(max_examples=10, deadline=None)
@given(_query_catalogues(), st.lists(_QUERIES, min_size=1, max_size=8))
def test_probing_sets_and_anding_bitsets_agree(cat: Catalogue, queries: list[dict[str, Any]]) -> None:
    """The two ways of matching give the same techniques, whichever the estimate picks."""
    index = cat.graph()._index
    for q in queries:
        try:
            plan = index.plan(q)
        except UnknownIdError:
            continue
        plan.small = True
        probed = index.match(plan)
        plan.small = False
        assert index.match(plan) == probed, q


# --- the JSON fast path reads exactly what the detailed path reads ------------------

_DAMAGE = st.sampled_from(
    [
        ("unknown field", "colour", "blue"),
        ("wrong type", "name", 3),
        ("null", "summary", None),
        ("bool for int", "year", True),
        ("float for int", "year", 2001.0),
        ("huge int", "year", 10**30),
        ("bad date", "sources", [{"title": "T", "url": "https://a.org", "accessed": "2024-13-01"}]),
        ("odd date", "sources", [{"title": "T", "url": "https://a.org", "accessed": "20240101"}]),
        ("unknown nested", "sources", [{"title": "T", "url": "https://a.org", "pages": 3}]),
        ("bad level", "levels", ["consultt"]),
        ("not a list", "tags", "a-tag"),
        ("bad slug", "id", "Not A Slug"),
        ("blank id", "id", " "),
        ("duplicate id", "id", None),
        ("bad url", "url", "ftp://x"),
    ]
)


@settings(max_examples=60, deadline=None)
@given(catalogues(max_records=3), st.lists(st.tuples(_DAMAGE, st.integers(0, 50)), max_size=3))
def test_json_fast_path_reads_what_the_detailed_path_reads(
    tmp_path_factory: pytest.TempPathFactory, cat: Catalogue, damage: list[tuple[tuple[str, str, Any], int]]
) -> None:
    import json

    from participatory import _fast
    from participatory._loader import read_records

    assert _fast.AVAILABLE  # msgspec is a dependency on CPython
    doc = cat.to_document()
    records = [r for kind, items in doc.items() if kind != "catalogue" for r in items]
    for (_, field, value), where in damage:
        if records:
            rec = records[where % len(records)]
            rec[field] = records[0]["id"] if value is None and field == "id" else value
    if damage and not records:
        doc["catalogue"]["extends"] = "core"  # a wrong type in the [catalogue] table instead
    path = tmp_path_factory.mktemp("fast") / "cat.json"
    path.write_text(json.dumps(doc), encoding="utf-8")
    fast = read_records(path)
    _fast.AVAILABLE = False
    try:
        detailed = read_records(path)
    finally:
        _fast.AVAILABLE = True
    assert fast == detailed
    assert [type(r) for r in fast.records] == [type(r) for r in detailed.records]


# --- the TOML fast path (compiled tomli) reads exactly what tomllib reads -------------

_BROKEN_TOML = st.sampled_from(
    [
        "[[technique]\nid = 'x'\n",
        "a = 1\na = 2\n",
        'a = "unterminated\n',
        "a = [1, 2\n",
        "a = {b = 1,}\n",
        "a = 1979-05-27T07:32\n",  # a TOML 1.1 time without seconds
        'a = "\\e"\n',  # a TOML 1.1 escape
        "[a]\nb = 1\n[a]\n",
        "a = 0x\n",
        "= 1\n",
    ]
)


@settings(max_examples=25, deadline=None)
@given(catalogues(max_records=4), _BROKEN_TOML, st.booleans())
def test_toml_fast_path_reads_what_tomllib_reads(cat: Catalogue, broken: str, damage: bool) -> None:
    import tomllib
    from unittest import mock

    from participatory import _io

    assert _io._fast_toml() is not None  # tomli's compiled wheel is a dependency on CPython
    data = (_io.toml_dumps(cat.to_document()) + (broken if damage else "")).encode()
    fast = _io.parse(data, "cat.toml")
    with mock.patch.object(_io, "_fast_toml", return_value=None):
        detailed = _io.parse(data, "cat.toml")
    # The same document, or the same problem (tomllib's line and column), either way; TOML
    # 1.1 that the standard parser here does not read is refused with tomli installed too.
    assert fast == detailed
    try:
        expected = tomllib.loads(data.decode())
    except tomllib.TOMLDecodeError:
        assert fast[0] is None
        assert fast[1] is not None
        assert fast[1].message.startswith("invalid TOML")
    else:
        assert fast == (expected, None)


def test_toml_fast_path_is_tomli_compiled() -> None:
    from participatory import _io

    fast = _io._fast_toml()
    assert fast is not None
    assert fast.__module__.startswith("tomli")


@pytest.mark.parametrize(
    ("version", "file", "used"),
    [
        ("2.3.2", "tomli/__init__.cpython-311-x86_64-linux-gnu.so", True),
        ("2.4.0", "tomli/__init__.cpython-311-x86_64-linux-gnu.so", False),  # reads TOML 1.1
        ("2.5.0", "tomli/__init__.cp311-win_amd64.pyd", False),
        ("2.3.2", "tomli/__init__.py", False),  # pure Python: no faster than tomllib
        ("2.1.0", "tomli/__init__.so", False),  # before the compiled wheels
    ],
)
def test_toml_fast_path_only_with_a_compiled_toml_1_0_tomli(
    monkeypatch: pytest.MonkeyPatch, version: str, file: str, used: bool
) -> None:
    from participatory import _io

    fake = ModuleType("tomli")
    fake.__version__ = version  # type: ignore[attr-defined]
    fake.__file__ = file
    fake.loads = lambda text: {}  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "tomli", fake)
    _io._fast_toml.cache_clear()
    try:
        assert (_io._fast_toml() is not None) is used
    finally:
        _io._fast_toml.cache_clear()


# --- the built-in catalogue's snapshot --------------------------------------------


def test_core_snapshot_is_current() -> None:
    from participatory._builtin import snapshot_path

    expected = load_script("gen_core_snapshot", ROOT / "tools" / "gen_core_snapshot.py").render()
    assert snapshot_path().read_text(encoding="utf-8") == expected, (
        "catalogues/core changed: run python tools/gen_core_snapshot.py"
    )


def test_builtin_catalogue_from_the_snapshot_is_the_toml_catalogue() -> None:
    from participatory._builtin import _snapshot, builtin_catalogue, core_path

    assert _snapshot(core_path()) is not None  # the snapshot is read...
    builtin_catalogue.cache_clear()
    fast = builtin_catalogue()
    slow = Catalogue.from_path(core_path())  # ...and gives what the TOML gives
    assert list(fast.values()) == list(slow.values())
    assert [fast.origin(rid) for rid in fast] == [slow.origin(rid) for rid in slow]
    assert (fast.info, fast.members) == (slow.info, slow.members)


def test_an_edit_to_core_is_never_ignored(tmp_path: Path) -> None:
    import shutil

    from participatory._builtin import _snapshot, core_path

    copy = tmp_path / "core"
    shutil.copytree(str(core_path()), copy)
    assert _snapshot(copy) is not None  # the same files: the snapshot stands for them
    edited = sorted(copy.glob("*.toml"))[-1]
    edited.write_text(edited.read_text(encoding="utf-8") + "\n# an edit\n", encoding="utf-8")
    assert _snapshot(copy) is None  # an edit: the TOML is read
    (copy / "extra.toml").write_text("", encoding="utf-8")
    edited.write_text(edited.read_text(encoding="utf-8").removesuffix("\n# an edit\n"), encoding="utf-8")
    assert _snapshot(copy) is None  # a new file: the TOML is read


def test_builtin_catalogue_is_read_without_cattrs() -> None:
    code = (
        "import sys; from participatory._builtin import builtin_catalogue; builtin_catalogue(); "
        "print(*(m for m in ('cattrs', 'tomllib', 'json', 'importlib.resources') if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], check=True, capture_output=True, text=True).stdout
    assert out.split() == []


# --- the networkx view, built in place, is what add_node and add_edge build ----------


@settings(max_examples=40, deadline=None)
@given(catalogues())
def test_networkx_view_is_the_plain_networkx_graph(cat: Catalogue) -> None:
    import networkx as nx

    from participatory._kinds import NODE_KINDS
    from participatory._network import graph_edges as _edges
    from participatory._network import node_attributes, node_key
    from participatory._schema import LIST_SEPARATOR

    members = LIST_SEPARATOR.join(m.name for m in cat.members)
    plain: nx.MultiDiGraph[str] = nx.MultiDiGraph(name=cat.info.name, catalogues=members)
    for kind in NODE_KINDS:
        for rec in cat.of_kind(kind).values():
            plain.add_node(node_key(kind, rec.id), **node_attributes(rec, cat.origin(rec.id).catalogue))
    for source, target, kind, data in _edges(cat):
        plain.add_edge(source, target, key=kind, kind=kind, **data)
    view = cat.graph().nx
    assert list(view.nodes) == list(plain.nodes)
    expected: dict[str, Any] = {n: plain.nodes[n] for n in plain}
    assert {n: dict(d) for n, d in view.nodes(data=True)} == expected
    assert {n: d.copy() for n, d in view.nodes(data=True)} == expected
    assert sorted(view.edges(keys=True, data=True)) == sorted(plain.edges(keys=True, data=True))
    assert sorted(view.in_edges(keys=True, data=True)) == sorted(plain.in_edges(keys=True, data=True))
    assert nx.utils.graphs_equal(view.copy(), plain)


@pytest.mark.parametrize("limit", [None, 1, 3])
def test_a_level_query_scores_two_bands_each_in_name_order(limit: int | None) -> None:
    techniques = [
        Technique(id="d", name="Delta", levels=(Level.INVOLVE,)),
        Technique(id="c", name="charlie", levels=(Level.CONSULT, Level.INVOLVE)),
        Technique(id="b", name="Bravo", levels=(Level.COLLABORATE,)),
        Technique(id="a", name="Alpha", levels=(Level.CONSULT,)),
        Technique(id="e", name="Echo", levels=(Level.INFORM,)),
    ]
    graph = Catalogue(techniques).graph()
    for _ in range(2):  # resolved, then from the cache
        found = graph.techniques(level="consult", limit=limit)
        expected = [("a", 1), ("c", 1), ("b", 0), ("d", 0)][:limit]
        assert list(zip(found.ids, found.scores, strict=True)) == expected


# --- the website writes its downloads and pages a piece at a time, with the same results ---


def test_the_sites_downloads_are_the_exports_written_a_record_at_a_time(tmp_path: Path) -> None:
    """The catalogue, JSON-LD and CSV downloads hold what the exports hold (written streamed)."""
    pytest.importorskip("jinja2")  # the site extra
    import json

    from participatory._export import jsonld
    from participatory._publish import build_site

    cat = pr.load("core")
    site = build_site(cat, tmp_path / "site", base_url="https://example.org/ppi/", search=False)
    downloads = site / "downloads"
    assert Catalogue.from_path(downloads / "catalogue.json") == cat
    written = json.loads((downloads / "catalogue.jsonld").read_text(encoding="utf-8"))
    assert written == jsonld(cat.graph(), base_url="https://example.org/ppi/")
    cat.graph().export("csv", tmp_path / "csv")
    for name in ("nodes.csv", "edges.csv", "catalogue.csv"):
        assert (downloads / "csv" / name).read_bytes() == (tmp_path / "csv" / name).read_bytes()


def test_lazy_site_pages_are_the_pages(tmp_path: Path) -> None:
    """``site_data(lazy=True)`` makes the same pages, one at a time, and lists the same records."""
    from participatory.site import RecordPages, site_data

    cat = pr.load("core")
    eager, lazy = site_data(cat), site_data(cat, lazy=True)
    assert isinstance(lazy.pages, RecordPages)
    assert len(lazy.pages) == len(eager.pages)
    assert list(lazy.pages) == list(eager.pages)
    assert lazy.pages[3] == eager.pages[3]
    assert lazy.pages[2:5] == eager.pages[2:5]
    assert [(k, p, [(x.record, x.path) for x in listed]) for k, p, listed in lazy.kinds] == [
        (k, p, [(x.record, x.path) for x in listed]) for k, p, listed in eager.kinds
    ]
