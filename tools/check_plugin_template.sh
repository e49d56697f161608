#!/usr/bin/env bash
# Build examples/plugin-template into a wheel, install it next to participatory in the
# environment of VENV_PYTHON, check that participatory.load() sees its records, run the
# template's own tests, then uninstall it again (so later test runs see no extra plugin).
#
# usage: tools/check_plugin_template.sh VENV_PYTHON
set -euo pipefail

PY=${1:?usage: tools/check_plugin_template.sh VENV_PYTHON}
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
TEMPLATE="$ROOT/examples/plugin-template"
DIST=participatory-example

"$PY" -c "import participatory" 2>/dev/null || {
    echo "check_plugin_template: participatory is not installed for $PY" >&2
    exit 1
}

WORK=$(mktemp -d)
cleanup() {
    "$PY" -m pip uninstall -q -y "$DIST" >/dev/null 2>&1 || true
    rm -rf "$WORK"
}
trap cleanup EXIT

# Build a wheel (hatchling, in an isolated build environment) and install only it:
# participatory itself must come from the environment, never from an index.
"$PY" -m pip wheel -q --no-deps --wheel-dir "$WORK" "$TEMPLATE"
"$PY" -m pip install -q --no-deps "$WORK"/participatory_example-*.whl

cd "$WORK"  # away from the source tree: use what is installed
PARTICIPATORY_STRICT=1 "$PY" - <<'PYEOF'
import warnings

warnings.simplefilter("error")
import participatory as pr

rows = {row.name: row for row in pr.catalogues()}
assert "example" in rows, f"the template's catalogue is not discovered: {list(rows)}"
assert rows["example"].distribution == "participatory-example", rows["example"]
assert rows["example"].status == "available", rows["example"]
cat = pr.load()
tid = "example-walking-interview"
assert tid in cat.techniques, "the template's technique is missing from pr.load()"
origin = cat.origin(tid)
assert (origin.catalogue, origin.distribution) == ("example", "participatory-example"), origin
assert "example-walking-interview-guide" in cat.resources
assert "example-clinic-journeys" in cat.cases
assert pr.catalogues()[[r.name for r in pr.catalogues()].index("example")].status == "loaded"
print(f"plugin template: {origin}; {len(cat)} records in the merged catalogue")
PYEOF

if "$PY" -c "import pytest" 2>/dev/null; then
    "$PY" -m pytest -q -p no:cacheprovider --rootdir "$TEMPLATE" "$TEMPLATE/tests"
else
    echo "check_plugin_template: pytest not installed; skipped the template's own tests" >&2
fi
