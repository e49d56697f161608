"""The package template behind ``participatory new-catalogue`` and ``examples/plugin-template``.

:func:`render` returns every file of an installable package that publishes one
catalogue (extending ``core``) through the ``participatory.catalogues`` entry point.
The output depends only on its arguments, so ``examples/plugin-template`` is checked
against it by the test suite.
"""

import os
import re
from pathlib import Path

from ._errors import CatalogueError
from ._schema import is_slug

__all__ = [
    "MAX_NAME_LENGTH",
    "MAX_TITLE_LENGTH",
    "MIN_PARTICIPATORY",
    "RESERVED",
    "names_for",
    "render",
    "write",
]

#: The oldest participatory release that loads catalogue plugins.
MIN_PARTICIPATORY = "0.1"
#: The published JSON Schema of catalogue files (``participatory schema catalogue``); the
#: ``#:schema`` line at the top of each TOML file lets editors (Even Better TOML) use it.
CATALOGUE_SCHEMA_URL = (
    "https://raw.githubusercontent.com/participatory/participatory/main/docs/schema/catalogue.schema.json"
)

#: Longest catalogue name and title a new package may have.
MAX_NAME_LENGTH, MAX_TITLE_LENGTH = 40, 200
#: Names that a plugin can never take (the built-in catalogue's).
RESERVED = frozenset({"core"})


def names_for(name: str) -> tuple[str, str]:
    """Return the distribution and import names of the package for catalogue ``name``.

    Examples
    --------
    >>> names_for("arc-example")
    ('participatory-arc-example', 'participatory_arc_example')
    """
    if len(name) > MAX_NAME_LENGTH:
        msg = f"the catalogue name is {len(name)} characters long; at most {MAX_NAME_LENGTH} are allowed"
        raise CatalogueError(msg)
    if not is_slug(name):
        msg = f"{name!r} is not a valid catalogue name (lowercase letters, digits and single hyphens)"
        raise CatalogueError(msg)
    if name in RESERVED:
        msg = f"{name!r} is the built-in catalogue's name; a plugin by that name would never load"
        raise CatalogueError(msg)
    base = name.removeprefix("participatory-")
    dist = f"participatory-{base}"
    return dist, dist.replace("-", "_")


def render(name: str, *, title: str | None = None) -> dict[str, str]:
    """Return the package's files (relative path -> text) for catalogue ``name``."""
    from ._report import _md as markdown_text

    dist, module = names_for(name)
    title = _checked_title(title) if title is not None else None
    title = title or f"The {name} catalogue of participatory research techniques"
    prefix = re.sub(r"^participatory-", "", name)
    values = {
        "name": name,
        "dist": dist,
        "module": module,
        # The title goes into three languages, each escaped its own way.
        "title:toml": _toml_string(title),
        "title:md": markdown_text(title),
        "title:py": title.replace("\\", "\\\\").replace('"', '\\"'),
        "prefix": prefix,
        "min": MIN_PARTICIPATORY,
        "schema": CATALOGUE_SCHEMA_URL,
    }
    return {_fill(path, values): _fill(text, values) for path, text in _FILES.items()}


def _checked_title(title: str) -> str:
    import unicodedata

    if len(title) > MAX_TITLE_LENGTH:
        msg = f"the title is {len(title)} characters long; at most {MAX_TITLE_LENGTH} are allowed"
        raise CatalogueError(msg)
    if any(unicodedata.category(c) in ("Cc", "Cs", "Zl", "Zp") for c in title):
        msg = "the title must be one line of text, without control characters"
        raise CatalogueError(msg)
    return title.strip()


def _toml_string(text: str) -> str:
    from ._io import toml_dumps

    return toml_dumps({"x": text}).partition(" = ")[2].strip()


def _fill(text: str, values: dict[str, str]) -> str:
    out = text
    for key, value in values.items():
        out = out.replace("{{" + key + "}}", value)
    return out.lstrip("\n")


def write(
    name: str, directory: str | os.PathLike[str], *, title: str | None = None, overwrite: bool = False
) -> list[Path]:
    """Write the package for ``name`` into ``directory`` (which must be empty or absent).

    The package is written beside ``directory`` and swapped in as a whole; with
    ``overwrite``, a directory that is not empty is replaced (its other files are kept).

    Returns
    -------
    list of Path
        The files written.

    Raises
    ------
    CatalogueWriteError
        If ``directory`` exists and is not empty (without ``overwrite``), or a file
        cannot be written.
    """
    from ._io import check_output, write_tree

    files = render(name, title=title)
    root = check_output(directory, directory=True, overwrite=overwrite)
    write_tree(root, files)
    return [root / relative for relative in files]


_PYPROJECT = """
[build-system]
requires = ["hatchling>=1.25"]
build-backend = "hatchling.build"

[project]
name = "{{dist}}"
version = "0.1.0"
description = {{title:toml}}
readme = "README.md"
requires-python = ">=3.11"
license = "CC-BY-4.0"
dependencies = ["participatory>={{min}}"]
keywords = ["participatory", "patient and public involvement", "catalogue"]
classifiers = [
    "Programming Language :: Python :: 3",
    "Topic :: Scientific/Engineering :: Medical Science Apps.",
]

# The entry point that makes `participatory.load()` find the catalogue.
# Name = catalogue name; value = the object holding (or returning) the catalogue.
[project.entry-points."participatory.catalogues"]
{{name}} = "{{module}}:catalogue"

[dependency-groups]
test = ["pytest>=8"]

[tool.hatch.build.targets.wheel]
packages = ["src/{{module}}"]

[tool.pytest.ini_options]
addopts = ["-ra"]
filterwarnings = ["error"]
"""

_README = """
# {{dist}}

{{title:md}}: a catalogue for [participatory](https://pypi.org/project/participatory/).
Installing it makes its techniques, resources and cases appear next to the
built-in ones:

```python
import participatory as pr

cat = pr.load()  # every installed catalogue, this one included
cat = pr.load("{{name}}")  # this one (and `core`, which it extends)
cat.origin("{{prefix}}-walking-interview")  # which package a record came from
```

## Layout

- `src/{{module}}/catalogue/`: the catalogue, one TOML file per kind of record
  (`catalogue.toml` holds the `[catalogue]` table with `extends = ["core"]`).
- `src/{{module}}/__init__.py`: `catalogue`, the directory the entry point names.
  Importing the package reads nothing; participatory reads the files only when the
  catalogue is asked for.
- `pyproject.toml`: the `participatory.catalogues` entry point `{{name}}`.
- `tests/test_catalogue.py`: checks the catalogue is valid and installed.
- `.github/workflows/site.yml`: builds the catalogue's website and publishes it.

## Develop

```console
pip install -e . pytest
participatory validate src/{{module}}/catalogue   # every problem, one a line
participatory catalogues                           # is `{{name}}` listed and loaded?
pytest
```

Ids must be unique across every installed catalogue: start yours with `{{prefix}}-`.
Reference the built-in stages and stakeholders by their ids (`design`,
`data-collection`, `patient`, `carer`, ...). After changing the entry point in
`pyproject.toml`, run `pip install -e .` again.

## Publish a website

`.github/workflows/site.yml` builds a website of the catalogue (a page per record, a
technique finder, case stories, downloads) with `participatory site build` and publishes
it on GitHub Pages at every push to `main`. Turn it on once: Settings > Pages > Source:
GitHub Actions. To look at it on your computer first:

```console
pip install "participatory[site]"
participatory site build {{name}} --output _site
participatory site serve _site        # then open http://127.0.0.1:8000/
```

## Release

Raise `version` in `pyproject.toml` (and in `catalogue.toml`), then build and upload:

```console
python -m build
python -m twine upload dist/*
```

The catalogue data is published under CC BY 4.0; cite your sources on every record.
"""

_INIT = '''
"""{{title:py}}.

A catalogue for participatory, found through the ``participatory.catalogues`` entry
point ``{{name}}``. Load it with ``participatory.load("{{name}}")``.
"""

from importlib.resources import files

__all__ = ["catalogue"]

#: The catalogue's directory. Reading it is left to participatory, on first use.
catalogue = files(__name__) / "catalogue"
'''

_CATALOGUE = """
#:schema {{schema}}
[catalogue]
name = "{{name}}"
version = "0.1.0"
title = {{title:toml}}
description = "Techniques, resources and cases published by our organisation."
licence = "CC BY 4.0"
extends = ["core"]
"""

_TECHNIQUE = '''
#:schema {{schema}}
# Techniques. Reference core's stages and stakeholders by id.
# The record below is an example: replace it with your own.

[[technique]]
id = "{{prefix}}-walking-interview"
name = "Walking interview"
summary = """\\
A researcher and a participant talk while walking a route that matters to the \\
participant, such as the way to a clinic. The place prompts memories and views \\
that a room would not."""
stages = ["data-collection", "identify-prioritise"]
stakeholders = ["patient", "carer"]
levels = ["consult", "involve"]
modes = ["in-person"]
group_size = { min = 1, max = 2 }
duration = "1 to 2 hours"
timescale = "hours"
cost = "low"
strengths = ["Participants lead, so the conversation follows what matters to them."]
limitations = ["Needs a route that is safe and accessible for the participant."]
resources = ["{{prefix}}-walking-interview-guide"]

[[technique.sources]]
title = "The walking interview: methodology, mobility and place"
url = "https://doi.org/10.1016/j.apgeog.2010.09.006"
publisher = "Applied Geography"
year = 2011
'''

_RESOURCE = """
#:schema {{schema}}
# Resources: guides, checklists, toolkits that support a technique.
# The record below is an example: replace it with your own.

[[resource]]
id = "{{prefix}}-walking-interview-guide"
name = "Walking interview guide"
summary = "Our step-by-step guide to planning a walking interview with patients and carers."
kind = "guide"
url = "https://example.org/walking-interview-guide"
publisher = "Our organisation"
year = 2024
techniques = ["{{prefix}}-walking-interview"]
stages = ["data-collection"]
audience = ["researcher", "patient"]
"""

_CASE = '''
#:schema {{schema}}
# Cases: real projects that used techniques.
# The record below is an example: replace it with your own.

[[case]]
id = "{{prefix}}-clinic-journeys"
name = "Journeys to the clinic"
summary = """\\
Patients and carers walked researchers along their route to a hospital clinic, \\
which shaped the questions of a study on missed appointments."""
organisation = "Our organisation"
year = 2023
techniques = ["{{prefix}}-walking-interview"]
stages = ["identify-prioritise", "data-collection"]
stakeholders = ["patient", "carer"]
outcomes = ["Transport was added to the study's questions."]
'''

_TEST = '''
"""Check the catalogue: valid, installed, and found by participatory."""

import {{module}}

import participatory as pr
from participatory.testing import check_catalogue


def test_catalogue_is_valid():
    assert check_catalogue({{module}}.catalogue) == ()


def test_catalogue_is_installed_and_loads():
    cat = pr.load("{{name}}", strict=True)
    assert "{{prefix}}-walking-interview" in cat.techniques
    assert cat.origin("{{prefix}}-walking-interview").distribution == "{{dist}}"
    assert "{{name}}" in [row.name for row in pr.catalogues()]
'''

_SITE_WORKFLOW = """
# Build this catalogue's website and publish it on GitHub Pages, on every push to main.
# Once, in the repository's Settings > Pages, set "Source" to "GitHub Actions".
# The site is static: no server, database, web font or tracker.
name: site

on:
  push:
    branches: [main]
  workflow_dispatch:

permissions:
  contents: read
  pages: write
  id-token: write

concurrency:
  group: pages
  cancel-in-progress: false

jobs:
  build:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
      - uses: actions/setup-python@v5
        with:
          python-version: "3.12"
      - name: Install the catalogue and the site builder
        run: python -m pip install . "participatory[site]"
      - name: Check the catalogue
        run: participatory validate --strict src/{{module}}/catalogue
      - id: pages
        uses: actions/configure-pages@v5
      - name: Build the site
        run: >-
          participatory site build {{name}} --output _site
          --base-url "${{ steps.pages.outputs.base_url }}"
          --contribute-url "${{ github.server_url }}/${{ github.repository }}/issues/new"
      - uses: actions/upload-pages-artifact@v3
        with:
          path: _site

  deploy:
    needs: build
    runs-on: ubuntu-latest
    environment:
      name: github-pages
      url: ${{ steps.deployment.outputs.page_url }}
    steps:
      - id: deployment
        uses: actions/deploy-pages@v4
"""

_GITIGNORE = """
__pycache__/
*.egg-info/
build/
dist/
.venv/
_site/
"""

_FILES = {
    "pyproject.toml": _PYPROJECT,
    "README.md": _README,
    ".gitignore": _GITIGNORE,
    "src/{{module}}/__init__.py": _INIT,
    "src/{{module}}/catalogue/catalogue.toml": _CATALOGUE,
    "src/{{module}}/catalogue/technique.toml": _TECHNIQUE,
    "src/{{module}}/catalogue/resource.toml": _RESOURCE,
    "src/{{module}}/catalogue/case.toml": _CASE,
    "tests/test_catalogue.py": _TEST,
    ".github/workflows/site.yml": _SITE_WORKFLOW,
}
