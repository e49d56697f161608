"""Records and catalogues survive structuring and files unchanged."""

from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import participatory as pr
from participatory._convert import CONVERTER, unstructure
from tests import strategies as strat

RECORDS = {
    pr.Stage: strat.stages,
    pr.Stakeholder: strat.stakeholders,
    pr.Technique: strat.techniques(),
    pr.Resource: strat.resources(),
    pr.Case: strat.cases(),
    pr.Crosswalk: strat.crosswalks(),
    pr.Checklist: strat.checklists(),
    pr.Source: strat.sources,
}


@pytest.mark.parametrize("cls", list(RECORDS), ids=lambda c: c.__name__)
@given(data=st.data())
def test_structure_unstructure_round_trip(cls, data):
    record = data.draw(RECORDS[cls])
    assert CONVERTER.structure(unstructure(record), cls) == record


@given(strat.techniques())
def test_unstructure_leaves_out_defaults(tech):
    data = unstructure(tech)
    assert {"id", "name"} <= data.keys()
    assert all(value not in ((), None, "") for key, value in data.items() if key not in {"id", "name"})


FILE_TARGETS = ["cat.toml", "cat.json", "dir-toml", "dir-json"]


@pytest.mark.parametrize("target", FILE_TARGETS)
@settings(suppress_health_check=[HealthCheck.function_scoped_fixture], max_examples=25)
@given(cat=strat.catalogues())
def test_to_path_from_path_round_trip(tmp_path_factory, target, cat):
    root: Path = tmp_path_factory.mktemp("rt")
    fmt = "json" if target == "dir-json" else None
    written = cat.to_path(root / target, format=fmt)
    assert pr.Catalogue.from_path(written) == cat


@settings(suppress_health_check=[HealthCheck.function_scoped_fixture], max_examples=15)
@given(first=strat.catalogues(), second=strat.catalogues())
def test_rewriting_a_directory_replaces_the_old_catalogue(tmp_path_factory, first, second):
    root = tmp_path_factory.mktemp("rw") / "cat"
    first.to_path(root)
    second.to_path(root, overwrite=True)
    assert pr.Catalogue.from_path(root) == second
