"""The guides for each kind of visitor that the home page leads to, declared once.

Each :class:`RoleDeclaration` holds one guide's own words (what to do now, marked for
translation with :func:`~participatory._i18n.N_`) and what it points to on the site: stage
guides, people pages, techniques, resources, the questions answered for its audience and
chances to get involved. :func:`role_guide` resolves those against a catalogue (a page only
links what the site has), so the guide stays data: ``_html/templates/role.html`` shows it.
"""

from typing import TYPE_CHECKING, Final

import attrs

from ._guides import Ref, first_sentence
from ._i18n import N_, Words
from ._words import page_path

if TYPE_CHECKING:
    from ._catalogue import Catalogue

__all__ = ["ROLES", "RoleDeclaration", "RoleGuide", "role_guide"]


@attrs.frozen
class RoleDeclaration:
    """One kind of visitor: the way in on the home page and the guide it leads to.

    Ids name records of the catalogue (the built-in ``core`` catalogue's fixed ids); a
    guide leaves out any that a site does not have.
    """

    #: The guide's address: ``guides/<id>/``.
    id: str
    #: The home page's heading for this visitor ("I am planning a study").
    heading: Words
    #: The home page's line under the heading.
    text: Words
    #: The guide's title and its first paragraph.
    title: Words
    intro: Words
    #: What to do now, in order.
    steps: tuple[Words, ...]
    #: Stage guides to read, people pages, techniques and resources to start with (ids).
    stages: tuple[str, ...] = ()
    #: Link every stage's guide, in research-cycle order (instead of ``stages``).
    every_stage: bool = False
    people: tuple[str, ...] = ()
    techniques: tuple[str, ...] = ()
    resources: tuple[str, ...] = ()
    #: Questions answered for these audiences (stakeholder ids) are listed.
    audience: tuple[str, ...] = ()
    #: Whether chances to get involved (opportunities) are listed.
    opportunities: bool = False
    #: Other pages of the site: (text, site-relative path).
    pages: tuple[tuple[Words, str], ...] = ()


@attrs.frozen
class RoleGuide:
    """A role's guide resolved against a catalogue: what its page shows.

    Its words are :class:`str` (English), marked for translation where they are declared.
    """

    id: str
    title: str
    intro: str
    steps: tuple[str, ...]
    #: Headed lists of links, each with a line on why (may be empty): (heading, items).
    sections: tuple[tuple[str, tuple[tuple[Ref, str], ...]], ...]
    pages: tuple[Ref, ...]

    @property
    def path(self) -> str:
        """The guide's site-relative address."""
        return f"guides/{self.id}/"


#: The four ways in, in the home page's order.
ROLES: Final = (
    RoleDeclaration(
        id="planning-a-study",
        heading=N_("I am planning a study"),
        text=N_("Find ways to involve patients and the public that suit your study, stage by stage."),
        title=N_("Planning a study"),
        intro=N_(
            "How to involve patients, carers and the public in your study, from the first idea "
            "to sharing what you found."
        ),
        steps=(
            N_("Find the stage your study is at. Each stage guide says what to do and which techniques fit."),
            N_(
                "Use the technique finder to narrow the choice by stage, "
                "people, depth of involvement, cost and time."
            ),
            N_("Plan payment and expenses before anyone starts, and put them in your budget."),
            N_("Read what the people you want to involve are told about taking part, so your plans match."),
            N_("Check your plans against the UK Standards for Public Involvement."),
        ),
        every_stage=True,
        people=("researcher", "patient", "carer", "public"),
        resources=(
            "uk-standards-for-public-involvement",
            "nihr-briefing-notes",
            "nihr-funding-applications-guide",
            "involvement-cost-calculator",
            "hra-ethics-review-checklist",
        ),
        audience=("researcher",),
        pages=((N_("Find a technique"), "find/"), (N_("Resources by stage"), "map/")),
    ),
    RoleDeclaration(
        id="patients-carers-public",
        heading=N_("I am a patient, carer or member of the public"),
        text=N_("See how people like you have helped shape research, and share your own story."),
        title=N_("For patients, carers and members of the public"),
        intro=N_(
            "How you can help shape health and care research, what to expect, and the help you "
            "can ask for. You do not need to know about research to take part."
        ),
        steps=(
            N_(
                "Open the page for people like you, below. It says how "
                "you can take part, what to expect, and about payment."
            ),
            N_("Read the questions people ask, such as how to get involved and whether you will be paid."),
            N_("Read how other people have helped shape research, in the case stories."),
            N_("Before you say yes to a role, ask what it is, how long it takes and how you will be paid."),
            N_("You can stop at any time, and you do not have to say why."),
        ),
        people=("patient", "carer", "public", "service-user", "young-person", "expert-by-experience"),
        audience=("patient", "carer", "public"),
        opportunities=True,
        pages=((N_("Case stories"), "cases/"), (N_("Share your experience"), "contribute/")),
    ),
    RoleDeclaration(
        id="involvement-lead",
        heading=N_("I lead involvement"),
        text=N_("Plan involvement across a project, check it against standards and find guides."),
        title=N_("For involvement leads"),
        intro=N_(
            "For people who plan and run the ways patients and the public help with research. "
            "You may be called a PPI lead or an involvement manager."
        ),
        steps=(
            N_("Agree how you will pay people and cover their costs before involvement starts."),
            N_("Help each study plan involvement stage by stage, with the stage guides."),
            N_(
                "Use the checklists and the UK Standards for Public "
                "Involvement to check plans and report what was done."
            ),
            N_("Find guides and training for each stage in the resources."),
            N_("Record the difference involvement makes, and tell the people involved."),
        ),
        stages=("identify-prioritise", "design", "funding", "ethics-governance", "oversight"),
        people=("involvement-lead", "patient", "carer", "public", "researcher"),
        resources=(
            "uk-standards-for-public-involvement",
            "gripp2",
            "nihr-payment-policy",
            "hra-payment-guidance",
            "learning-for-involvement",
        ),
        audience=("involvement-lead",),
        opportunities=True,
        pages=((N_("Resources by stage"), "map/"), (N_("Checklists"), "checklists/")),
    ),
    RoleDeclaration(
        id="data-and-clinical",
        heading=N_("I work with data or care for patients"),
        text=N_(
            "Involve the public in data research and clinical studies, and see which techniques are used."
        ),
        title=N_("For data scientists and clinicians"),
        intro=N_(
            "For people who build models from health data, hold data, or care for patients, and "
            "want the public to help shape that work."
        ),
        steps=(
            N_(
                "Involve the public in choices about which data you "
                "use, how you label it and how you judge success."
            ),
            N_(
                "For studies that use health data, read the guides "
                "for the ethics, analysis and oversight stages."
            ),
            N_("Tell your patients about chances to take part in studies and to help shape research."),
            N_("See which techniques are used and by whom, and download the data."),
        ),
        stages=("ethics-governance", "data-collection", "analysis", "oversight"),
        people=("data-scientist", "data-custodian", "clinician"),
        techniques=(
            "participant-panel",
            "public-advisory-board",
            "data-access-committee-member",
            "citizens-jury",
        ),
        resources=("data-intensive-consensus-statement",),
        audience=("data-scientist", "data-custodian", "clinician"),
        pages=((N_("Which techniques are used"), "usage/"), (N_("Downloads"), "downloads/")),
    ),
)


def _line(record: object) -> str:
    """Return one line on why: the first sentence of a record's plain summary (or its summary)."""
    return first_sentence(getattr(record, "plain", "") or getattr(record, "summary", ""))


def role_guide(cat: "Catalogue", role: RoleDeclaration) -> RoleGuide:
    """Return ``role``'s guide for the site of ``cat``: only what the site has is linked."""

    def listed(ids: tuple[str, ...], records: object) -> tuple[tuple[Ref, str], ...]:
        found = [records[i] for i in ids if i in records]  # type: ignore[operator,index]
        return tuple((Ref(r.name, page_path(r)), _line(r)) for r in found)

    ordered = sorted(cat.stages.values(), key=lambda s: (s.order, s.id))
    stages = tuple(s.id for s in ordered) if role.every_stage else role.stages
    answers = tuple(
        (Ref(a.name, page_path(a)), "")
        for a in cat.answers.values()
        if any(who in a.audience for who in role.audience)
    )
    chances: tuple[tuple[Ref, str], ...] = ()
    if role.opportunities and cat.opportunities:
        chances = tuple((Ref(o.name, page_path(o)), _line(o)) for o in cat.opportunities.values())
    sections = (
        (N_("Research stage guides"), listed(stages, cat.stages)),
        (N_("Pages for each group of people"), listed(role.people, cat.stakeholders)),
        (N_("Techniques to start with"), listed(role.techniques, cat.techniques)),
        (N_("Questions people ask"), answers),
        (N_("Chances to get involved"), chances),
        (N_("Guides and standards"), listed(role.resources, cat.resources)),
    )
    return RoleGuide(
        id=role.id,
        title=role.title,
        intro=role.intro,
        steps=role.steps,
        sections=tuple((heading, items) for heading, items in sections if items),
        pages=tuple(Ref(text, path) for text, path in role.pages),
    )
