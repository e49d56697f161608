"""Who uses what: every case and organisation that uses a technique is in a group (issue 28).

Those that state no value for what is grouped by (an organisation without a sector, a
case without a year) are counted in the group "not stated", so the groups add up to the
total in Python, in every output format of ``participatory usage`` and on the site.
"""

import csv
import io
import json
from collections import defaultdict

import pytest
from hypothesis import HealthCheck, given, settings

import participatory as pr
from participatory._cli import main
from participatory._usage import NOT_STATED, USAGE_KEYS

from . import strategies

#: Keys by which a case, or an organisation, is in exactly one group.
ONE_GROUP_FOR_A_CASE = {"case-year"}
ONE_GROUP_FOR_AN_ORGANISATION = {"sector", "country", "organisation"}


def users(cat: pr.Catalogue, tid: str) -> tuple[set[str], set[str]]:
    """The cases and organisations that use technique ``tid``, counted from the records."""
    cases = {c.id for c in cat.cases.values() if tid in c.techniques}
    orgs = {o.id for o in cat.organisations.values() if tid in o.techniques}
    orgs |= {o for c in cases for o in cat.cases[c].organisations if o in cat.organisations}
    return cases, orgs


def totals(rows: list[dict[str, object]], key: str) -> dict[str, int]:
    out: defaultdict[str, int] = defaultdict(int)
    for row in rows:
        out[str(row["technique"])] += int(str(row[key]))
    return dict(out)


def check_every_user_is_in_a_group(cat: pr.Catalogue, by: str) -> None:
    rows = cat.graph().usage(by=by).to_records()
    case_sums, org_sums = totals(rows, "cases"), totals(rows, "organisations")
    for tid in cat.techniques:
        cases, orgs = users(cat, tid)
        if by in ONE_GROUP_FOR_A_CASE:
            assert case_sums.get(tid, 0) == len(cases), (tid, by)
        else:
            assert case_sums.get(tid, 0) >= len(cases), (tid, by)
        if by in ONE_GROUP_FOR_AN_ORGANISATION:
            assert org_sums.get(tid, 0) == len(orgs), (tid, by)
        else:
            assert org_sums.get(tid, 0) >= len(orgs), (tid, by)


@pytest.fixture(scope="module")
def unstated() -> pr.Catalogue:
    """A catalogue whose users state some values and leave others out."""
    return pr.Catalogue(
        [
            pr.Stage(id="design", name="Design", order=1),
            pr.Stakeholder(id="patient", name="Patient"),
            pr.Technique(id="jury", name="Jury"),
            pr.Organisation(
                id="trust", name="Trust", sector=pr.Sector.HEALTH_OR_CARE_PROVIDER, country="Wales"
            ),
            pr.Organisation(id="group", name="Group", techniques=("jury",)),  # no sector, no country
            pr.Organisation(id="club", name="Club", techniques=("jury",), stakeholders=("patient",)),
            pr.Case(id="a", name="A", year=2020, techniques=("jury",), organisations=("trust",)),
            pr.Case(id="b", name="B", techniques=("jury",), stages=("design",)),  # no year, no organisation
        ]
    )


@pytest.mark.parametrize("by", USAGE_KEYS)
def test_every_user_is_in_a_group(unstated, by):
    check_every_user_is_in_a_group(unstated, by)


def test_those_that_state_no_sector_are_a_group(unstated):
    rows = {r["sector"]: r for r in unstated.graph().usage(by="sector").to_records()}
    assert rows[NOT_STATED]["organisations"] == 2  # the group and the club
    assert rows["health-or-care-provider"]["organisations"] == 1
    assert rows[NOT_STATED]["cases"] == 1  # case b: no organisation, so no sector
    by_year = {r["case-year"]: r["cases"] for r in unstated.graph().usage(by="case-year").to_records()}
    assert by_year == {"2020": 1, NOT_STATED: 1}


@pytest.mark.parametrize("by", USAGE_KEYS)
def test_core_every_user_is_in_a_group(by):
    check_every_user_is_in_a_group(pr.load("core"), by)


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(strategies.catalogues(max_records=5))
def test_any_catalogue_every_user_is_in_a_group(cat):
    for by in USAGE_KEYS:
        check_every_user_is_in_a_group(cat, by)


@pytest.mark.parametrize("by", ["sector", "country"])
def test_every_output_format_has_the_not_stated_group(unstated, tmp_path, capsys, by):
    path = tmp_path / "cat.json"
    unstated.to_path(path)
    expected = {
        (r["technique"], r[by], r["cases"], r["organisations"]) for r in unstated.graph().usage(by=by)
    }
    assert any(group == NOT_STATED for _, group, _, _ in expected)

    assert main(["usage", "--by", by, "--format", "json", "-c", str(path)]) == 0
    rows = json.loads(capsys.readouterr().out)
    assert {(r["technique"], r["group"], r["cases"], r["organisations"]) for r in rows} == expected

    assert main(["usage", "--by", by, "--format", "csv", "-c", str(path)]) == 0
    table = list(csv.DictReader(io.StringIO(capsys.readouterr().out)))
    assert {(r["technique"], r[by], int(r["cases"]), int(r["organisations"])) for r in table} == expected

    assert main(["usage", "--by", by, "-c", str(path)]) == 0
    text = capsys.readouterr().out
    assert NOT_STATED in text
    assert len(text.splitlines()) == len(expected) + 1  # a header and one line a group


def test_the_site_charts_and_tables_have_the_not_stated_group(unstated, tmp_path):
    pytest.importorskip("jinja2")  # the site extra
    from participatory._publish import build_site

    build_site(unstated, tmp_path / "site", search=False)
    html = (tmp_path / "site" / "usage" / "index.html").read_text()
    assert "Not stated" in html
    with (tmp_path / "site" / "downloads" / "usage-by-sector.csv").open(encoding="utf-8-sig") as f:
        rows = list(csv.reader(f))[1:]
    assert sum(int(r[3]) for r in rows) == len(users(unstated, "jury")[1]) == 3
