"""The guides at the top of some record pages: a stage's, a group of people's, a technique's.

A stage's page opens with what to do, the techniques that fit best, resources by kind,
questions to ask and the stages either side; a group of people's page speaks to them
(taking part, what to expect, payment, support, stopping) or says what a professional
group needs to do; a technique's page opens with an "at a glance" box and "how to run it"
steps, and ends with one list of related techniques. The words come from the catalogue
(translatable fields); the headings are in the templates.
"""

import re
from collections import Counter, defaultdict
from collections.abc import Mapping
from typing import TYPE_CHECKING, Final

import attrs

from ._enums import Level, ResourceKind
from ._i18n import N_
from ._model import ESTIMABLE, Record, Source, Stage, Stakeholder, Technique
from ._words import page_path, words

if TYPE_CHECKING:
    from ._catalogue import Catalogue
    from ._graph import TechniqueGraph

__all__ = [
    "GLANCE",
    "Field",
    "Guide",
    "Ref",
    "first_sentence",
    "paired_with",
    "people_guide",
    "provenance",
    "stage_guide",
    "technique_guide",
]


@attrs.frozen
class Ref:
    """A link to a page of the site: the text shown and its site-relative ``path``."""

    text: str
    path: str


@attrs.frozen
class Field:
    """One labelled piece of a page.

    ``items`` are text or :class:`Ref`; ``url`` is ``True`` when the text items are web
    addresses (the presentation layer makes only http/https ones links). ``note`` says
    where a value comes from: the sources that state it (``"from NIHR, 2021"``, from their
    ``supports``), ``"our estimate"`` or ``"from the sources"``. ``name`` is the
    record's field shown, when it is one (so a page can say its text is not translated).
    """

    label: str
    items: tuple["str | Ref", ...]
    url: bool = False
    note: str = ""
    name: str = ""


@attrs.frozen
class Guide:
    """The guide at the top of a stage's, a group of people's or a technique's page.

    Data only: the template of each part (``_guide_stage.html``, ``_guide_people.html``,
    ``_at_a_glance.html``) holds its headings, so the interface's words stay in templates.
    Every part may be empty; an empty part is not shown.
    """

    #: Numbered steps: what to do at a stage, what a professional group needs to do,
    #: or how to run a technique.
    steps: tuple[str, ...] = ()
    #: The best-fitting techniques, each with one line on why.
    picks: tuple[tuple[Ref, str], ...] = ()
    #: Resources grouped by kind: (kind in words, links).
    resources: tuple[tuple[str, tuple[Ref, ...]], ...] = ()
    questions: tuple[str, ...] = ()
    previous: Ref | None = None
    next: Ref | None = None
    #: The finder, filtered for this record (site-relative, with its query).
    finder: str = ""
    #: A public group's guide: how to take part, what to expect, payment, support, stopping.
    take_part: tuple[str, ...] = ()
    expect: str = ""
    payment: str = ""
    payment_links: tuple[Ref, ...] = ()
    support: str = ""
    stopping: str = ""
    #: A technique's "at a glance" box: its fields in :data:`GLANCE` (shown nowhere else).
    glance: tuple[Field, ...] = ()
    #: One list of related techniques.
    related: tuple[Ref, ...] = ()


def first_sentence(text: str) -> str:
    """Return the first sentence of ``text`` (all of it when it has one)."""
    head, dot, _ = text.partition(". ")
    return f"{head}." if dot else text


_KIND_ORDER: Final = {words(k): i for i, k in enumerate(ResourceKind)}


def stage_guide(cat: "Catalogue", g: "TechniqueGraph", stage: Stage, n: int = 5) -> Guide:
    """Return the guide at the top of a stage's page.

    The best-fitting techniques are those the stage suits that case stories on the site
    used at this stage most often, then those reaching the deepest involvement, then by
    name; each says why in the first sentence of its plain summary (or its summary).
    """
    used: Counter[str] = Counter(
        t for case in cat.cases.values() if stage.id in case.stages for t in dict.fromkeys(case.techniques)
    )
    fitting = [t for t in cat.techniques.values() if stage.id in t.stages]
    depth = {level: i for i, level in enumerate(Level)}
    fitting.sort(
        key=lambda t: (-used[t.id], -max((depth[v] for v in t.levels), default=-1), t.name.casefold())
    )
    picks = tuple((Ref(t.name, page_path(t)), first_sentence(t.plain or t.summary)) for t in fitting[:n])
    groups: dict[str, tuple[Ref, ...]] = defaultdict(tuple)
    for r in sorted(cat.resources.values(), key=lambda r: r.name.casefold()):
        if stage.id in r.stages:
            groups[words(r.kind)] += (Ref(r.name, page_path(r)),)
    ordered = sorted(cat.stages.values(), key=lambda s: (s.order, s.id))
    at = ordered.index(stage)
    before = ordered[at - 1] if at > 0 else None
    after = ordered[at + 1] if at + 1 < len(ordered) else None
    return Guide(
        steps=stage.steps,
        picks=picks,
        resources=tuple(sorted(groups.items(), key=lambda p: _KIND_ORDER.get(p[0], 99))),
        questions=stage.questions,
        previous=Ref(before.name, page_path(before)) if before is not None else None,
        next=Ref(after.name, page_path(after)) if after is not None else None,
        finder=f"find/index.html?stage={stage.id}" if fitting else "",
    )


def people_guide(cat: "Catalogue", who: Stakeholder) -> Guide:
    """Return the guide at the top of a group of people's page (spoken to them).

    Payment links are the catalogue's resources tagged ``payment``, policies first.
    """
    payment_links: tuple[Ref, ...] = ()
    if who.payment:
        paying = [r for r in cat.resources.values() if "payment" in r.tags]
        paying.sort(key=lambda r: (r.kind != ResourceKind.POLICY, r.name.casefold()))
        payment_links = tuple(Ref(r.name, page_path(r)) for r in paying)
    return Guide(
        steps=who.to_do,
        take_part=who.take_part,
        expect=who.expect,
        payment=who.payment,
        payment_links=payment_links,
        support=who.support,
        stopping=who.stopping,
        finder=f"find/index.html?people={who.id}"
        if any(who.id in t.stakeholders for t in cat.techniques.values())
        else "",
    )


#: What a technique's "at a glance" box shows: time, cost, group size, skill, online or
#: not, depth of involvement (its fields, in order; each keeps its label and its mark).
GLANCE: Final = ("duration", "timescale", "cost", "group_size", "facilitation", "modes", "internet", "levels")


def technique_guide(
    cat: "Catalogue",
    tech: Technique,
    own: Mapping[str, Field],
    similar: Mapping[str, tuple[str, ...]],
    paired_by: Mapping[str, tuple[str, ...]] | None = None,
) -> Guide:
    """Return a technique's "at a glance" box, its steps and its one list of related techniques.

    Related techniques: those it works well with (either way), then the most similar,
    without repeats. ``paired_by`` gives, by technique id, the techniques whose
    ``pairs_with`` names it, in catalogue order (:func:`paired_with`, worked out once for a
    whole site); without it the catalogue is scanned.
    """
    glance = tuple(own[name] for name in GLANCE if name in own)
    partners = [*tech.pairs_with]
    if paired_by is None:
        partners += [t.id for t in cat.techniques.values() if tech.id in t.pairs_with]
    else:
        partners += paired_by.get(tech.id, ())
    partners += similar.get(tech.id, ())
    related = tuple(
        Ref(cat[t].name, page_path(cat[t]))
        for t in dict.fromkeys(partners)
        if t != tech.id and t in cat.techniques
    )
    return Guide(steps=tech.how_to, glance=glance, related=related[:8])


def paired_with(cat: "Catalogue") -> dict[str, tuple[str, ...]]:
    """Return, by technique id, the techniques whose ``pairs_with`` names it, in catalogue order.

    One pass over the catalogue, so that a site's technique pages do not each scan it.
    """
    found: dict[str, list[str]] = {}
    for t in cat.techniques.values():
        for other in dict.fromkeys(t.pairs_with):
            found.setdefault(other, []).append(t.id)
    return {tid: tuple(ids) for tid, ids in found.items()}


#: A bracketed aside in a name: "(BioMed Central)" in "Trials (BioMed Central)".
_ASIDE: Final = re.compile(r"\s*\([^()]*\)")


def _cited_as(src: Source) -> str:
    """Name a source in a few words: its publisher and year (``NIHR, 2021``), or its title.

    A page shows this name in brackets after the value ("Months (from Trials, 2020)"), so
    a bracketed aside in the publisher ("Trials (BioMed Central)") is left out here: a
    second pair of brackets inside the first reads badly. The source's full entry, in the
    list of sources, keeps the whole name.
    """
    who = short = src.publisher or src.title
    while (shorter := _ASIDE.sub("", short)) != short:  # innermost first: "(a (b))"
        short = shorter
    who = short.strip() or who
    return f"{who}, {src.year}" if src.year is not None else who


def provenance(rec: Record, name: str) -> str:
    """Say where a value comes from: the sources that state it, or the catalogue's estimate.

    A field a source ``supports`` names that source (``from NIHR, 2021``); any other
    number of a technique is "our estimate" or "from the sources".
    """
    evidence = getattr(rec, "effectiveness", None)
    cited = [*rec.sources, *(evidence.sources if evidence is not None else ())]
    stating = dict.fromkeys(_cited_as(src) for src in cited if name in src.supports)
    if stating:
        return N_("from %(sources)s", sources="; ".join(stating))
    if not isinstance(rec, Technique) or name not in ESTIMABLE:
        return ""
    if name in rec.estimated:
        return N_("our estimate")
    return N_("from the sources") if rec.sources else ""
