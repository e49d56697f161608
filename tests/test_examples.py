"""The example notebooks are stored without outputs (CI runs them with tools/run_notebooks.py, nbmake)."""

import json
from pathlib import Path

import pytest

NOTEBOOKS = sorted((Path(__file__).parents[1] / "examples").glob("*.ipynb"))


def test_there_are_at_least_three_notebooks():
    assert len(NOTEBOOKS) >= 3


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_notebook_is_stored_without_outputs(path):
    nb = json.loads(path.read_text(encoding="utf-8"))
    assert nb["nbformat"] == 4
    for cell in nb["cells"]:
        if cell["cell_type"] == "code":
            assert cell["outputs"] == []
            assert cell["execution_count"] is None


def test_worked_costed_plan_runs_every_part(tmp_path):
    """examples/costed-plan.toml exercises costs, the log, wellbeing, reports, adverts, recognition."""
    import participatory as pr

    plan = pr.Plan.from_path(Path(__file__).parents[1] / "examples" / "costed-plan.toml")
    cat = pr.load(*plan.catalogues)
    assert plan.check(cat) == ()
    budget = plan.budget(cat)
    assert budget.start == "2025-04-01"
    assert len(budget.years) == 3
    assert not budget.notes
    audit = plan.audit(cat)
    assert audit.ok
    assert {"feedback-overdue", "benefits-signpost"} <= {f.rule for f in audit}
    for checklist in ("gripp2-sf", "uk-standards", "ethics-involvement", "nihr-ppi-section"):
        assert plan.report(checklist, cat).write(tmp_path / f"{checklist}.html").exists()
    assert plan.advert(3, cat).complete
    assert plan.recognise(cat).sections
    assert plan.contributor_summary(1, cat).complete
    assert any(a.wellbeing and a.wellbeing.sensitivity for a in plan.activities)
