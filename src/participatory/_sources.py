"""The public documents the built-in audit rules rest on, each cited as the catalogue cites.

Data apart from the rules (:mod:`participatory._audit`): a rule names its source by key.
"""

from ._model import Source

__all__ = ["SOURCES"]

#: The public documents the built-in rules rest on.
SOURCES: dict[str, Source] = {
    "uk-standards-for-public-involvement": Source(
        title="UK Standards for Public Involvement",
        url="https://www.cso.scot.nhs.uk/patientspublic/ppistandards/",
        publisher="UK Public Involvement Standards Development Partnership",
        year=2019,
    ),
    "nihr-briefing-notes": Source(
        title="Briefing notes for researchers: public involvement in NHS, health and social care research",
        url="https://www.nihr.ac.uk/briefing-notes-researchers-public-involvement-nhs-health-and-social-care-research",
        publisher="NIHR",
        year=2021,
    ),
    "involve-research-cycle": Source(
        title="Where and how to involve in the research cycle",
        url="https://www.invo.org.uk/posttyperesource/where-and-how-to-involve-in-the-research-cycle/",
        publisher="INVOLVE (NIHR)",
    ),
    "nihr-coproduction": Source(
        title="Guidance on co-producing a research project",
        url="https://www.learningforinvolvement.org.uk/?opportunity=nihr-guidance-on-co-producing-a-research-project",
        publisher="NIHR",
        year=2021,
    ),
    "nihr-include": Source(
        title="Improving inclusion of under-served groups in clinical research (NIHR-INCLUDE)",
        url="https://www.nihr.ac.uk/explore-nihr/innovation-areas/include.htm",
        publisher="NIHR",
        year=2020,
    ),
    "nihr-payment": Source(
        title="Payment guidance for researchers and professionals (public contributor payment policy)",
        url="https://www.nihr.ac.uk/documents/nihr-public-contributor-payment-policy/31626",
        publisher="NIHR",
        year=2022,
    ),
    "gripp2": Source(
        title="GRIPP2 reporting checklists: tools to improve reporting of patient and public involvement",
        url="https://doi.org/10.1136/bmj.j3453",
        publisher="BMJ",
        year=2017,
    ),
    "nihr-payment-guidance": Source(
        title="Payment guidance for researchers and professionals (version 1.6)",
        url="https://www.nihr.ac.uk/payment-guidance-researchers-and-professionals",
        publisher="NIHR",
        year=2024,
        accessed="2026-12-06",
    ),
    "nihr-benefits": Source(
        title="Reward and recognition for public contributors: a guide on payment for reviewers",
        url="https://www.nihr.ac.uk/documents/reward-and-recognition-for-public-contributors-a-guide-on-payment-for-reviewers/21573",
        publisher="NIHR",
        year=2019,
        accessed="2026-12-06",
    ),
    "distress-protocols": Source(
        title="Developing distress protocols for research on sensitive topics",
        url="https://doi.org/10.1016/j.apnu.2008.10.008",
        publisher="Archives of Psychiatric Nursing",
        year=2009,
    ),
    "vocal-safeguarding": Source(
        title="Safeguarding and trauma-informed involvement statement",
        url="https://www.vocalcollective.org.uk/safeguarding-policy",
        publisher="Vocal",
        accessed="2026-12-06",
    ),
}
