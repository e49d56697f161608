"""The records and the ordered enums."""

import typing

import attrs
import pytest

import participatory as pr


def test_levels_are_ordered_inform_to_empower():
    assert list(pr.Level) == sorted(pr.Level)
    assert [lv.value for lv in pr.Level] == ["inform", "consult", "involve", "collaborate", "empower"]
    assert pr.Level.INFORM < pr.Level.CONSULT < pr.Level.INVOLVE < pr.Level.COLLABORATE < pr.Level.EMPOWER
    assert pr.Level.COLLABORATE >= pr.Level.COLLABORATE
    assert not pr.Level.CONSULT >= pr.Level.INVOLVE


def test_levels_do_not_compare_with_other_types():
    with pytest.raises(TypeError):
        _ = pr.Level.INFORM < "consult"
    with pytest.raises(TypeError):
        _ = pr.Level.INFORM < pr.Cost.LOW


def test_parse_accepts_names_and_members_and_explains_bad_ones():
    assert pr.Level.parse("involve") is pr.Level.INVOLVE
    assert pr.Level.parse(pr.Level.EMPOWER) is pr.Level.EMPOWER
    with pytest.raises(
        ValueError,
        match=r"unknown level 'colab'; did you mean 'collaborate'\? \(expected one of inform, consult",
    ):
        pr.Level.parse("colab")


def test_records_are_frozen_keyword_only_with_tuples():
    tech = pr.Technique(id="x", name="X", stages=("design",))
    with pytest.raises(attrs.exceptions.FrozenInstanceError):
        tech.name = "Y"  # type: ignore[misc]
    with pytest.raises(TypeError):
        pr.Technique("x", "X")  # type: ignore[call-arg]
    for cls in (pr.Stage, pr.Stakeholder, pr.Technique, pr.Resource, pr.Case, pr.Organisation, pr.Checklist):
        hints = typing.get_type_hints(cls)
        sequences = [f for f in attrs.fields(cls) if f.default == ()]
        assert sequences, cls
        for field in sequences:  # every sequence a record holds is a tuple, never a list
            assert typing.get_origin(hints[field.name]) is tuple, (
                cls.__name__,
                field.name,
                hints[field.name],
            )


def test_min_and_max_level_of_a_technique():
    tech = pr.Technique(id="x", name="X", levels=(pr.Level.CONSULT, pr.Level.COLLABORATE))
    assert tech.min_level is pr.Level.CONSULT
    assert tech.max_level is pr.Level.COLLABORATE
    assert pr.Technique(id="y", name="Y").max_level is None


def test_group_size_contains():
    size = pr.GroupSize(min=6, max=12)
    assert 6 in size
    assert 12 in size
    assert 13 not in size
    assert 5 not in size
    assert True not in size
    assert 1000 in pr.GroupSize(min=10)


def test_record_kinds_name_the_file_tables():
    assert pr.Technique.record_kind == "technique"
    assert pr.Case(id="c", name="C").record_kind == "case"


def test_crosswalk_lookup_by_term_or_name():
    walk = pr.Crosswalk(
        id="pcori",
        name="PCORI",
        target="stage",
        entries=(pr.CrosswalkEntry(term="conducting", name="Conducting the study", maps_to=("analysis",)),),
    )
    assert walk.lookup("Conducting") == ("analysis",)
    assert walk.lookup("conducting the study") == ("analysis",)
    with pytest.raises(KeyError):
        walk.lookup("funding")
