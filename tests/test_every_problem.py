"""Every problem at once, without cascades (catalogues and plans)."""

import textwrap

import pytest

import participatory as pr

CATALOGUE = textwrap.dedent(
    """\
    [catalogue]
    name = "broken"

    [[stage]]
    id = "design"
    name = "Design"
    order = 1

    [[technique]]
    id = "walk"
    name = "Walk"
    levels = ["colaborate"]
    stages = ["desgn"]
    tags = ["Not A Slug"]

    [[technique]]
    id = "talk"
    name = 5
    stages = ["design"]
    pairs_with = ["walk", "nowhere"]

    [[case]]
    id = "story"
    name = "Story"
    techniques = ["walk", "talk"]
    """
)


def test_a_broken_record_still_has_its_other_fields_and_references_checked(tmp_path):
    path = tmp_path / "broken.toml"
    path.write_text(CATALOGUE)
    with pytest.raises(pr.CatalogueValidationError) as info:
        pr.Catalogue.from_path(path)
    found = {(p.record, p.field): p.message for p in info.value.problems}
    assert "levels[0]" in {f for r, f in found if r == "walk"}  # its own bad value
    assert "unknown stage 'desgn'" in found["walk", "stages[0]"]  # ... and its bad reference
    assert ("walk", "tags[0]") in found  # ... and its other field
    assert ("talk", "name") in found
    assert "unknown technique 'nowhere'" in found["talk", "pairs_with[1]"]
    # No cascade: "walk" and "talk" exist, with problems of their own.
    assert not any("unknown technique 'walk'" in m or "unknown technique 'talk'" in m for m in found.values())


PLAN = textwrap.dedent(
    """\
    [plan]
    title = "A plan"
    catalogues = ["broken"]

    [[activity]]
    technique = "no-such-technique"
    stage = "design"
    stakeholders = ["patient"]
    level = "colaborate"
    """
)


def test_a_plan_reports_field_errors_and_unknown_ids_in_one_pass(tmp_path):
    cat = pr.Catalogue([pr.Stage(id="design", name="Design", order=1)])
    path = tmp_path / "plan.toml"
    path.write_text(PLAN)
    with pytest.raises(pr.CatalogueValidationError) as info:
        pr.Plan.from_path(path, catalogue=cat)
    fields = {p.field for p in info.value.problems}
    assert "level" in fields
    assert "technique" in fields
    assert "stakeholders[0]" in fields
