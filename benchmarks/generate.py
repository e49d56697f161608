"""Seeded synthetic catalogues in the real file format, for the benchmarks.

    python benchmarks/generate.py                 # 1 000, 10 000 and 100 000 techniques
    python benchmarks/generate.py --sizes 1000    # only the smallest

Writes ``benchmarks/data/synthetic-N.toml`` and ``benchmarks/data/synthetic-N.json``
(git-ignored). The same seed and size always give the same bytes, and every file
validates with ``Catalogue.from_path``.

Proportions, per N techniques: the 10 core stages, 30 stakeholders (the 18 fixed core
ids and 12 more), N/2 resources and N/5 cases. Field sizes follow the built-in
catalogue: a 2 to 3 sentence summary, 1 to 4 stages, 2 to 5 stakeholders, a range of
1 to 3 consecutive levels, 1 to 3 modes, 1 to 2 sources, strengths, limitations,
references to resources and paired techniques, and so on.

Stakeholders are drawn with skewed (Zipf-like) weights, as in real catalogues where
patients and carers are everywhere and industry is rare. One stakeholder,
``rare-group``, is given to exactly :data:`RARE_COUNT` techniques at every size, so a
query for it is *selective*: its result does not grow with the catalogue, and neither
should its time.
"""

import argparse
import json
import random
import sys
import time
from pathlib import Path
from typing import Any

from participatory._io import toml_dumps

DATA = Path(__file__).resolve().parent / "data"
SIZES = (1_000, 10_000, 100_000)
SEED = 20240607
#: How many techniques involve the ``rare-group`` stakeholder, at every size.
RARE_COUNT = 100
RARE = "rare-group"

STAGES = (
    "identify-prioritise",
    "design",
    "funding",
    "ethics-governance",
    "data-collection",
    "analysis",
    "dissemination",
    "implementation",
    "evaluation",
    "oversight",
)
STAKEHOLDERS = (
    "patient",
    "carer",
    "public",
    "researcher",
    "clinician",
    "community-organisation",
    "expert-by-experience",
    "research-participant",
    "young-person",
    "patient-advocacy-organisation",
    "care-practitioner",
    "involvement-lead",
    "data-scientist",
    "data-custodian",
    "funder",
    "policymaker",
    "ethics-committee",
    "industry",
    "older-person",
    "parent",
    "teacher",
    "social-worker",
    "pharmacist",
    "commissioner",
    "charity",
    "faith-group",
    "student",
    "peer-researcher",
    "journalist",
)  # + RARE = 30
CATEGORIES = ("lived-experience", "community", "professional")
LEVELS = ("inform", "consult", "involve", "collaborate", "empower")
MODES = ("in-person", "online", "hybrid")
COSTS = ("low", "medium", "high", "very-high")
TIMESCALES = ("hours", "days", "weeks", "months", "years")
KINDS = (
    "guide",
    "checklist",
    "standard",
    "toolkit",
    "training",
    "question-set",
    "framework",
    "policy",
    "case-collection",
    "report",
)
PURPOSES = (
    "advise",
    "prioritise",
    "co-design",
    "review-materials",
    "govern",
    "share-findings",
    "develop-questions",
    "collect-data",
    "interpret",
    "evaluate",
    "build-capacity",
    "deliberate",
)
UNDERSERVED = ("ethnic-minority", "digitally-excluded", "low-income", "rural", "disabled", "young-people")
RECRUITMENT = ("open", "targeted", "random", "stratified", "self-selected", "snowball")
INTERACTIONS = ("discussion", "storytelling", "voting", "making", "walking", "writing")
DECISIONS = ("consensus", "voting", "opinion", "ranking", "none")
PUBLISHERS = ("NIHR", "INVOLVE", "PCORI", "NHS England", "Wellcome", "Health Research Authority", "A charity")
WORDS = (
    "patients",
    "carers",
    "public",
    "researchers",
    "involvement",
    "research",
    "study",
    "group",
    "panel",
    "session",
    "people",
    "questions",
    "priorities",
    "design",
    "data",
    "health",
    "community",
    "members",
    "views",
    "decisions",
    "workshop",
    "online",
    "meeting",
    "trust",
    "findings",
    "plain",
    "language",
    "partners",
    "time",
    "support",
    "experience",
    "lived",
    "evidence",
    "methods",
    "stage",
    "project",
    "team",
    "training",
    "payment",
    "access",
    "recruitment",
    "diverse",
    "voices",
    "shared",
    "power",
    "feedback",
    "report",
    "change",
    "service",
    "care",
    "clinical",
    "trial",
    "consent",
    "ethics",
    "governance",
    "analysis",
    "interpretation",
    "results",
    "impact",
    "evaluation",
    "practice",
    "policy",
    "local",
    "national",
    "small",
    "large",
    "regular",
    "open",
    "facilitated",
)


def _sentence(rng: random.Random, low: int = 8, high: int = 18) -> str:
    words = rng.choices(WORDS, k=rng.randint(low, high))
    return " ".join(words).capitalize() + "."


def _paragraph(rng: random.Random, low: int, high: int) -> str:
    return " ".join(_sentence(rng) for _ in range(rng.randint(low, high)))


def _sentences(rng: random.Random, low: int, high: int) -> list[str]:
    return [_sentence(rng, 6, 14) for _ in range(rng.randint(low, high))]


def _name(rng: random.Random, i: int, what: str) -> str:
    a, b = rng.sample(WORDS, 2)
    return f"{a.capitalize()} {b} {what} {i}"


def _sources(rng: random.Random, rid: str) -> list[dict[str, Any]]:
    out = []
    for j in range(rng.randint(1, 2)):
        src: dict[str, Any] = {
            "title": _sentence(rng, 3, 8)[:-1],
            "url": f"https://example.org/{rid}/source-{j}",
            "publisher": rng.choice(PUBLISHERS),
        }
        if rng.random() < 0.7:
            src["year"] = rng.randint(1995, 2024)
        out.append(src)
    return out


def _pick(rng: random.Random, values: tuple[str, ...], low: int, high: int) -> list[str]:
    return rng.sample(values, rng.randint(low, high))


def _stakeholder_weights() -> list[float]:
    return [1 / (rank + 1) ** 0.8 for rank in range(len(STAKEHOLDERS))]


def _weighted_unique(rng: random.Random, values: tuple[str, ...], weights: list[float], k: int) -> list[str]:
    chosen: dict[str, None] = {}
    while len(chosen) < k:
        chosen.update(dict.fromkeys(rng.choices(values, weights, k=k - len(chosen))))
    return list(chosen)


def stages() -> list[dict[str, Any]]:
    """The 10 core stages (ids and order as in core)."""
    return [
        {
            "id": sid,
            "name": sid.replace("-", " ").capitalize(),
            "order": i + 1,
            "cross_cutting": sid == "oversight",
            "summary": f"The {sid.replace('-', ' ')} stage of the research cycle.",
            "sources": [{"title": "The research cycle", "url": "https://example.org/research-cycle"}],
        }
        for i, sid in enumerate(STAGES)
    ]


def stakeholders(rng: random.Random) -> list[dict[str, Any]]:
    return [
        {
            "id": sid,
            "name": sid.replace("-", " ").capitalize(),
            "category": rng.choice(CATEGORIES),
            "summary": _paragraph(rng, 1, 2),
            "aliases": [sid.replace("-", " ") + "s"],
        }
        for sid in (*STAKEHOLDERS, RARE)
    ]


def techniques(rng: random.Random, n: int) -> list[dict[str, Any]]:
    weights = _stakeholder_weights()
    rare = set(rng.sample(range(n), min(RARE_COUNT, n)))
    out = []
    for i in range(n):
        tid = f"technique-{i}"
        low = rng.randint(0, 3)
        levels = list(LEVELS[low : low + rng.randint(1, 3)])
        people = _weighted_unique(rng, STAKEHOLDERS, weights, rng.randint(2, 5))
        if i in rare:
            people[-1] = RARE
        tech: dict[str, Any] = {
            "id": tid,
            "name": _name(rng, i, "technique"),
            "summary": _paragraph(rng, 2, 3),
            "aliases": list(dict.fromkeys(_name(rng, i, "method") for _ in range(rng.randint(0, 2)))),
            "stages": _pick(rng, STAGES, 1, 4),
            "stakeholders": people,
            "levels": levels,
            "modes": _pick(rng, MODES, 1, 3),
            "group_size": {"min": (m := rng.randint(1, 12)), "max": m + rng.randint(0, 40)},
            "duration": f"{rng.randint(1, 4)} hour sessions, {rng.randint(1, 12)} times",
            "timescale": rng.choice(TIMESCALES),
            "cost": rng.choice(COSTS),
            "purposes": _pick(rng, PURPOSES, 1, 4),
            "strengths": _sentences(rng, 2, 3),
            "limitations": _sentences(rng, 2, 3),
            "accessibility": _sentences(rng, 1, 2),
            "underserved": _pick(rng, UNDERSERVED, 0, 2),
            "resources": [f"resource-{r}" for r in rng.sample(range(max(n // 2, 1)), rng.randint(0, 3))],
            "pairs_with": [
                f"technique-{p}" for p in {rng.randrange(n) for _ in range(rng.randint(0, 3))} - {i}
            ],
            "recruitment": _pick(rng, RECRUITMENT, 1, 2),
            "interactions": _pick(rng, INTERACTIONS, 1, 2),
            "decisions": _pick(rng, DECISIONS, 1, 2),
            "facilitated": rng.random() < 0.8,
            "sources": _sources(rng, tid),
            "tags": _pick(rng, ("standing-group", "data", "deliberative", "creative", "digital"), 0, 2),
        }
        out.append(tech)
    return out


def resources(rng: random.Random, n: int, n_tech: int) -> list[dict[str, Any]]:
    out = []
    for i in range(n):
        rid = f"resource-{i}"
        res: dict[str, Any] = {
            "id": rid,
            "name": _name(rng, i, "guide"),
            "kind": rng.choice(KINDS),
            "url": f"https://example.org/resources/{rid}",
            "publisher": rng.choice(PUBLISHERS),
            "year": rng.randint(1995, 2024),
            "licence": rng.choice(("CC BY 4.0", "CC BY-NC-SA 4.0", "all rights reserved", "")),
            "summary": _paragraph(rng, 1, 3),
            "techniques": [f"technique-{t}" for t in rng.sample(range(n_tech), rng.randint(1, 5))],
            "stages": _pick(rng, STAGES, 1, 3),
            "audience": _pick(rng, STAKEHOLDERS, 1, 3),
            "sources": _sources(rng, rid),
        }
        out.append(res)
    return out


def cases(rng: random.Random, n: int, n_tech: int) -> list[dict[str, Any]]:
    out = []
    for i in range(n):
        cid = f"case-{i}"
        case: dict[str, Any] = {
            "id": cid,
            "name": _name(rng, i, "project"),
            "organisation": f"{rng.choice(PUBLISHERS)} partner {rng.randint(1, 500)}",
            "year": rng.randint(2000, 2024),
            "url": f"https://example.org/cases/{cid}",
            "summary": _paragraph(rng, 2, 4),
            "techniques": [f"technique-{t}" for t in rng.sample(range(n_tech), rng.randint(1, 4))],
            "stages": _pick(rng, STAGES, 1, 4),
            "stakeholders": _pick(rng, STAKEHOLDERS, 2, 5),
            "underserved": _pick(rng, UNDERSERVED, 0, 2),
            "outcomes": _sentences(rng, 1, 3),
            "lessons": _sentences(rng, 1, 3),
            "sources": _sources(rng, cid),
        }
        out.append(case)
    return out


def document(n: int, seed: int = SEED) -> dict[str, Any]:
    """The catalogue document with ``n`` techniques (plain data, file-shaped)."""
    rng = random.Random(seed + n)
    return {
        "catalogue": {
            "name": f"synthetic-{n}",
            "version": "1.0.0",
            "title": f"Synthetic catalogue with {n} techniques",
            "description": "Generated by benchmarks/generate.py for performance measurements.",
            "licence": "CC0-1.0",
        },
        "stage": stages(),
        "stakeholder": stakeholders(rng),
        "technique": techniques(rng, n),
        "resource": resources(rng, max(n // 2, 1), n),
        "case": cases(rng, max(n // 5, 1), n),
    }


def paths(n: int, data: Path = DATA) -> dict[str, Path]:
    """Where the catalogue with ``n`` techniques is written, by format."""
    return {fmt: data / f"synthetic-{n}.{fmt}" for fmt in ("toml", "json")}


def generate(n: int, data: Path = DATA, *, force: bool = False) -> dict[str, Path]:
    """Write the TOML and JSON files for size ``n`` (kept when already there)."""
    targets = paths(n, data)
    if not force and all(p.exists() for p in targets.values()):
        return targets
    doc = document(n)
    data.mkdir(parents=True, exist_ok=True)
    targets["json"].write_text(json.dumps(doc, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    targets["toml"].write_text(toml_dumps(doc), encoding="utf-8")
    return targets


# --------------------------------------------------------------------------- lean catalogues

#: The built-in catalogue's sources, whose techniques the lean catalogues copy in shape.
CORE = Path(__file__).resolve().parents[1] / "catalogues" / "core"
LEAN_SIZES = (1_000, 20_000, 100_000)


def lean_document(n: int) -> dict[str, Any]:
    """A catalogue document with ``n`` techniques shaped exactly like the core catalogue's.

    Technique ``i`` is core's technique ``i mod k`` (``k`` techniques in core) with its
    id and name numbered, so every field is there as often as in core, with core's text
    lengths and list sizes. References to techniques point at the first copy (core's own
    ids; the ids a copy replaces are numbered like it), and core's stages, stakeholders
    and resources are included, so that every reference resolves. ``n`` must be at
    least ``k``.
    """
    import tomllib

    def table(name: str, kind: str) -> list[dict[str, Any]]:
        rows: list[dict[str, Any]] = tomllib.loads((CORE / name).read_text(encoding="utf-8"))[kind]
        return rows

    templates = table("techniques.toml", "technique")
    if n < len(templates):
        raise ValueError(f"a lean catalogue needs at least {len(templates)} techniques")
    techniques = []
    for i in range(n):
        copy, block = templates[i % len(templates)], i // len(templates)
        if block:
            number = [f"{old}-{block}" for old in copy.get("replaces", ())]  # replaced once each
            copy = dict(copy, id=f"{copy['id']}-{block}", name=f"{copy['name']} {block}")
            if number:
                copy["replaces"] = number
        techniques.append(copy)
    info = tomllib.loads((CORE / "catalogue.toml").read_text(encoding="utf-8"))["catalogue"]
    return {
        "catalogue": dict(info, name=f"lean-{n}", title=f"Lean catalogue with {n} techniques"),
        "stage": table("stages.toml", "stage"),
        "stakeholder": table("stakeholders.toml", "stakeholder"),
        "resource": table("resources.toml", "resource"),
        "technique": techniques,
    }


def lean(n: int, data: Path = DATA, *, force: bool = False) -> Path:
    """Write the lean JSON catalogue with ``n`` techniques (kept when already there)."""
    target = data / f"lean-{n}.json"
    if force or not target.exists():
        data.mkdir(parents=True, exist_ok=True)
        target.write_text(json.dumps(lean_document(n), ensure_ascii=False) + "\n", encoding="utf-8")
    return target


# --------------------------------------------------------------------------- Participedia exports

#: Records of Participedia's whole database, roughly: methods, cases, organisations.
PARTICIPEDIA: dict[str, int] = {"method": 400, "case": 2_300, "organization": 850}
_P_SECTORS = (
    "non_profit_non_gov",
    "Non-Profit or Non Governmental",
    "government",
    "higher_ed",
    "for_profit",
    "",
)
_P_CHANGES = ("changes", "changes_civic", "changes_how", "changes_public", "conflict")
_P_PARTICIPANTS = ("lowincome", "youth", "women", "elected", "experts", "indigenous", "people", "students")
_P_METHOD_TYPES = ("deliberative", "collaborative", "community", "planning", "research", "participatory")
_P_SCOPES = ("neighbourhood", "city/town", "regional", "national", "multinational", "no_geo")
_P_COUNTRIES = ("United Kingdom", "Italia", "Italy", "Canada", "United States", "Brasil", "India", "Kenya")


def _p_csv(path: Path, header: list[str], rows: list[dict[str, str]]) -> None:
    """Write rows as Participedia does: UTF-8 with a BOM, every header quoted."""
    import csv
    import io

    buf = io.StringIO(newline="")
    buf.write(",".join(f'"{h}"' for h in header) + "\n")
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerows([row.get(h, "") for h in header] for row in rows)
    path.write_bytes(b"\xef\xbb\xbf" + buf.getvalue().encode("utf-8"))


def _p_multi(rng: random.Random, column: str, values: tuple[str, ...], k: int) -> dict[str, str]:
    picked = rng.sample(values, k)
    return {f"{column}_{i}": (" " if i > 1 else "") + v for i, v in enumerate(picked, 1)}


def participedia_exports(directory: Path, scale: int = 1, seed: int = SEED) -> dict[str, Path]:
    """Write synthetic ``methods.csv``, ``cases.csv`` and ``organizations.csv`` exports.

    ``scale`` 1 is about Participedia's whole database (:data:`PARTICIPEDIA`); 10 is ten
    times that. The files have the real exports' shape and quirks: long multi-line
    bodies, values after the first with a leading space, mixed sector spellings, link
    columns as Postgres arrays of ``(id,type,title)`` rows, titles with commas, quotes
    and parentheses, and about 5 % of links pointing at records not exported. The same
    seed and scale always give the same bytes.
    """
    from participatory._participedia._pgarray import format_array, format_row

    rng = random.Random(seed + scale)
    directory.mkdir(parents=True, exist_ok=True)
    n = {kind: count * scale for kind, count in PARTICIPEDIA.items()}
    ids = {"method": range(1, n["method"] + 1)}
    ids["organization"] = range(100_000, 100_000 + n["organization"])
    ids["case"] = range(200_000, 200_000 + n["case"])
    titles = {kind: {pid: _name(rng, pid, kind) for pid in pids} for kind, pids in ids.items()}
    for pid in list(titles["method"])[::7]:
        titles["method"][pid] += ' (the "classic", version)'

    def link(kind: str) -> str:
        if rng.random() < 0.05:  # a record not in the export
            pid = rng.randrange(900_000, 999_999)
            return format_row([str(pid), kind, "A record not exported"])
        pid = rng.choice(ids[kind])
        return format_row([str(pid), kind, titles[kind][pid]])

    def base(kind: str, pid: int) -> dict[str, str]:
        body = "\n\n".join(_paragraph(rng, 4, 10) for _ in range(rng.randint(3, 12)))
        return {
            "id": str(pid),
            "type": kind,
            "title": titles[kind][pid],
            "url": f"https://participedia.net/{kind}/{pid}",
            "description": _sentence(rng) if rng.random() < 0.8 else "",
            "body": "Problems and Purpose\n\n" + body,
            "post_date": f"{rng.randint(2009, 2023)}-0{rng.randint(1, 9)}-1{rng.randint(0, 9)}",
            "original_language": rng.choice(("en", "en", "en", "it", "es", "fr")),
            "creator_name": 'A ""quoted"" contributor',
        }

    methods = [
        base("method", pid)
        | {"public_spectrum": rng.choice(("inform", "consult", "involve", "collaborate", "empower", ""))}
        | {"facetoface_online_or_both": rng.choice(("facetoface", "online", "both"))}
        | _p_multi(rng, "method_types", _P_METHOD_TYPES, rng.randint(1, 3))
        for pid in ids["method"]
    ]
    organisations = [
        base("organization", pid)
        | {"sector": rng.choice(_P_SECTORS), "country": rng.choice(_P_COUNTRIES)}
        | _p_multi(rng, "scope_of_influence", _P_SCOPES, rng.randint(0, 2))
        | {
            "specific_methods_tools_techniques": format_array(
                [link("method") for _ in range(rng.randint(1, 5))]
            )
            if rng.random() < 1 / 4.5
            else "{}"
        }
        for pid in ids["organization"]
    ]
    cases = [
        base("case", pid)
        | {"country": rng.choice(_P_COUNTRIES), "start_date": f"{rng.randint(1990, 2023)}-05-01"}
        | {
            "specific_methods_tools_techniques": format_array(
                [link("method") for _ in range(rng.randint(0, 4))]
            )
        }
        | ({"primary_organizer": link("organization")} if rng.random() < 0.8 else {})
        | _p_multi(rng, "change_types", _P_CHANGES, rng.randint(0, 3))
        | _p_multi(rng, "targeted_participants", _P_PARTICIPANTS, rng.randint(0, 3))
        | {"formal_evaluation": rng.choice(("1", "0", "")), "impact_evidence": rng.choice(("1", "0", ""))}
        for pid in ids["case"]
    ]
    written = {}
    for name, rows in (("methods", methods), ("organizations", organisations), ("cases", cases)):
        header = list(dict.fromkeys(k for row in rows for k in row))
        path = directory / f"{name}.csv"
        _p_csv(path, header, rows)
        written[name] = path
    return written


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=list(SIZES))
    parser.add_argument("--data", type=Path, default=DATA)
    parser.add_argument("--force", action="store_true", help="rewrite files that exist")
    parser.add_argument("--check", action="store_true", help="validate each file with Catalogue.from_path")
    args = parser.parse_args(argv)
    for n in args.sizes:
        t0 = time.perf_counter()
        written = generate(n, args.data, force=args.force)
        sizes = ", ".join(f"{p.name} {p.stat().st_size / 1e6:.1f} MB" for p in written.values())
        print(f"{n:>7} techniques: {sizes} ({time.perf_counter() - t0:.1f} s)")
        if args.check:
            from participatory import Catalogue

            for p in written.values():
                cat = Catalogue.from_path(p)
                print(f"         {p.name}: {cat!r}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
