"""Check the catalogue: valid, installed, and found by participatory."""

import participatory_example

import participatory as pr
from participatory.testing import check_catalogue


def test_catalogue_is_valid():
    assert check_catalogue(participatory_example.catalogue) == ()


def test_catalogue_is_installed_and_loads():
    cat = pr.load("example", strict=True)
    assert "example-walking-interview" in cat.techniques
    assert cat.origin("example-walking-interview").distribution == "participatory-example"
    assert "example" in [row.name for row in pr.catalogues()]
