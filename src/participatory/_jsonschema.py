"""JSON Schema (2020-12) for catalogue files and plan files, generated from the attrs model.

Editors that read JSON Schema (VS Code, Even Better TOML / taplo) use these schemas to
complete and check fields while a file is written; other tools can validate files
without Python. The schemas are derived from the record classes, so they follow the
model: enums become ``enum``, tuples arrays, ids and references a ``pattern`` (the slug
rule of :func:`participatory.is_slug`), every object ``additionalProperties: false``,
and a field without a default is ``required``. Descriptions come from the numpydoc
``Parameters`` sections of the classes.

The schemas check the *shape* of one file. What needs the whole catalogue (whether a
referenced id exists, duplicate ids across files) is left to ``participatory validate``.
"""

import enum
import re
import types
import typing
from collections.abc import Mapping
from typing import Any, Final

import attrs

from ._checks import BIDI_CONTROLS, INT_BOUNDS, MAX_ID_LENGTH, NON_EMPTY, URL_SCHEMES
from ._kinds import KINDS, KINDS_BY_CLASS, REFERENCES
from ._model import CatalogueInfo, ChecklistItem, Record
from ._plan import Activity, PlanInfo
from ._schema import SLUG

__all__ = ["SCHEMAS", "SCHEMA_BASE", "catalogue_schema", "plan_schema", "schema"]

#: Where the published schemas live (docs/schema/ in the repository).
SCHEMA_BASE: Final = "https://raw.githubusercontent.com/participatory/participatory/main/docs/schema/"
#: The JSON Schema dialect of every schema.
DIALECT: Final = "https://json-schema.org/draft/2020-12/schema"
#: The id rule as a JSON Schema ``pattern`` (anchored: JSON Schema patterns search).
SLUG_PATTERN: Final = f"^{SLUG.pattern}$"

#: Fields holding ids (or lists of ids), beyond ``id``, ``tags`` and the references.
_SLUG_FIELDS: Final[Mapping[type, frozenset[str]]] = {
    CatalogueInfo: frozenset({"name", "extends"}),
    ChecklistItem: frozenset({"id", "stages"}),
    PlanInfo: frozenset({"catalogues", "underserved"}),
    Activity: frozenset({"technique", "stage", "stakeholders", "reach", "not_reached"}),
}
_RECORD_SLUG_FIELDS: Final = frozenset(
    {"id", "tags", "underserved", "purposes", "replaces", "changes", "scope"}
)
#: String fields with a JSON Schema ``format`` (a TOML date is read as such a string).
_FORMATS: Final = {"accessed": "date", "url": "uri"}
#: Names (and titles) hold no bidirectional control, as ``validate`` checks (``_checks.name_problem``).
_NAME_FIELDS: Final = frozenset({"name", "title", "aliases"})
_NO_BIDI: Final = f"^[^{BIDI_CONTROLS}]*$"
#: A name that must not be empty: one character or more that is not a space.
_NOT_BLANK: Final = f"^[^{BIDI_CONTROLS}]*[^\\s{BIDI_CONTROLS}][^{BIDI_CONTROLS}]*$"
#: A web address as ``_checks.url_problem`` accepts it: an allowed scheme (in any case), a dotted host.
_SCHEMES = "|".join("".join(f"[{c.lower()}{c.upper()}]" for c in scheme) for scheme in URL_SCHEMES)
_URL: Final = f"^(?:{_SCHEMES})://[^\\s/?#]*\\.[^\\s/?#]*(?:[/?#]\\S*)?$"
_PARAM = re.compile(r"^    (\w+(?:, \w+)*) : .*$")


def _descriptions(cls: type) -> dict[str, str]:
    """Return ``{field: description}`` from the ``Parameters`` section of ``cls`` and its bases."""
    found: dict[str, str] = {}
    for klass in reversed(cls.__mro__):
        doc = klass.__doc__ or ""
        if "Parameters\n    ----------" not in doc:
            continue
        section = doc.split("Parameters\n    ----------", 1)[1]
        names: list[str] = []
        for line in section.splitlines()[1:]:
            if line.strip() and not line.startswith("    "):
                break
            if re.match(r"^    \w[\w ]*\n?$", line) and not line.startswith("     "):
                break  # the next numpydoc section
            if match := _PARAM.match(line):
                names = match.group(1).split(", ")
                for name in names:
                    found[name] = ""
            elif line.startswith("        ") and names:
                for name in names:
                    found[name] = (found[name] + " " + line.strip()).strip()
    return found


def _slug_fields(cls: type) -> frozenset[str]:
    if cls in _SLUG_FIELDS:
        return _SLUG_FIELDS[cls]
    if issubclass(cls, Record):
        return _RECORD_SLUG_FIELDS | frozenset(REFERENCES.get(getattr(cls, "record_kind", ""), {}))
    return frozenset()


def _type_schema(tp: Any, *, slug: bool, defs: dict[str, Any]) -> dict[str, Any]:
    """Return the schema of one Python type hint."""
    origin = typing.get_origin(tp)
    if origin in (typing.Union, types.UnionType):
        members = [a for a in typing.get_args(tp) if a is not type(None)]
        # None is "leave the key out" in files: TOML has no null.
        return _type_schema(members[0], slug=slug, defs=defs) if len(members) == 1 else {}
    if origin is tuple:
        item = typing.get_args(tp)[0]
        return {"type": "array", "items": _type_schema(item, slug=slug, defs=defs)}
    if isinstance(tp, type) and issubclass(tp, enum.Enum):
        return {"enum": [m.value for m in tp]}
    if isinstance(tp, type) and attrs.has(tp):
        name = tp.__name__
        if name not in defs:
            defs[name] = {}  # placeholder against recursion
            defs[name] = _object_schema(tp, defs)
        return {"$ref": f"#/$defs/{name}"}
    if tp is str:
        return {"type": "string", "pattern": SLUG_PATTERN} if slug else {"type": "string"}
    if tp is bool:
        return {"type": "boolean"}
    if tp is int:
        return {"type": "integer"}
    if tp is float:
        return {"type": "number"}
    return {}


def _is_url(cls: type, name: str) -> bool:
    declared = KINDS_BY_CLASS.get(cls)
    return name == "url" or (declared is not None and name in declared.url_fields)


def _add_checks(cls: type, field: "attrs.Attribute[Any]", prop: dict[str, Any]) -> None:
    """Add the bounds, non-empty and web-address rules ``validate`` applies (from ``_checks``)."""
    bounds = next((b for (c, f), b in INT_BOUNDS.items() if f == field.name and issubclass(cls, c)), None)
    if bounds is not None and prop.get("type") == "integer":
        prop["minimum"] = bounds[0]
        if bounds[1] is not None:
            prop["maximum"] = bounds[1]
    if prop.get("type") != "string":
        return
    if any(f == field.name and issubclass(cls, c) for c, f in NON_EMPTY):
        prop["minLength"] = 1
        prop["pattern"] = _NOT_BLANK
    if _is_url(cls, field.name):
        # an optional address may be left empty, as validate allows
        prop["pattern"] = _URL if field.default is attrs.NOTHING else f"^$|{_URL}"


def _object_schema(cls: type, defs: dict[str, Any]) -> dict[str, Any]:
    """Return the schema of an attrs class: one property per field, no other key."""
    hints = typing.get_type_hints(cls)
    descriptions = _descriptions(cls)
    slugs = _slug_fields(cls)
    properties: dict[str, Any] = {}
    required: list[str] = []
    for field in attrs.fields(cls):
        prop = _type_schema(hints[field.name], slug=field.name in slugs, defs=defs)
        if field.name == "id" and "pattern" in prop:
            prop["maxLength"] = MAX_ID_LENGTH  # the limit of _checks.id_problem
        if field.name in _NAME_FIELDS and issubclass(cls, Record | ChecklistItem | CatalogueInfo):
            target = prop["items"] if prop.get("type") == "array" else prop
            if target.get("type") == "string" and "pattern" not in target:  # a slug has its own
                target["pattern"] = _NO_BIDI
        _add_checks(cls, field, prop)
        if field.name in _FORMATS and prop.get("type") == "string":
            prop["format"] = _FORMATS[field.name]
        elif field.metadata.get("date") and prop.get("type") == "string":
            prop["format"] = "date"
        if descriptions.get(field.name):
            prop = {"description": descriptions[field.name], **prop}
        properties[field.name] = prop
        if field.default is attrs.NOTHING:
            required.append(field.name)
    out: dict[str, Any] = {"type": "object"}
    doc = (cls.__doc__ or "").strip().split("\n\n")[0]
    if doc:
        out["description"] = " ".join(doc.split())
    out["properties"] = properties
    if required:
        out["required"] = required
    out["additionalProperties"] = False
    return out


def _document(title: str, name: str, description: str) -> dict[str, Any]:
    return {
        "$schema": DIALECT,
        "$id": f"{SCHEMA_BASE}{name}.schema.json",
        "title": title,
        "description": description,
        "type": "object",
    }


def catalogue_schema() -> dict[str, Any]:
    """Return the JSON Schema of one catalogue file (TOML or JSON).

    A catalogue may be split over several files, so every table is optional: a file
    holds the ``[catalogue]`` table, or some ``[[technique]]`` tables, or both.

    Examples
    --------
    >>> s = catalogue_schema()
    >>> sorted(s["properties"])[:3]
    ['answer', 'case', 'catalogue']
    >>> s["$defs"]["Technique"]["properties"]["levels"]["items"]["enum"][:2]
    ['inform', 'consult']
    """
    defs: dict[str, Any] = {}
    properties: dict[str, Any] = {"catalogue": _type_schema(CatalogueInfo, slug=False, defs=defs)}
    for table, cls in KINDS.items():
        properties[table] = {
            "description": f"[[{table}]] tables: {(cls.__doc__ or '').strip().splitlines()[0]}",
            "type": "array",
            "items": _type_schema(cls, slug=False, defs=defs),
        }
    doc = _document(
        "participatory catalogue file",
        "catalogue",
        "One file of a participatory catalogue: a [catalogue] table and/or arrays of record tables.",
    )
    return {
        **doc,
        "properties": properties,
        "additionalProperties": False,
        "$defs": dict(sorted(defs.items())),
    }


def plan_schema() -> dict[str, Any]:
    """Return the JSON Schema of an involvement plan file (TOML or JSON).

    Examples
    --------
    >>> plan_schema()["required"]
    ['plan']
    """
    defs: dict[str, Any] = {}
    properties = {
        "plan": _type_schema(PlanInfo, slug=False, defs=defs),
        "activity": {
            "description": "[[activity]] tables: one per involvement activity.",
            "type": "array",
            "items": _type_schema(Activity, slug=False, defs=defs),
        },
    }
    doc = _document(
        "participatory involvement plan",
        "plan",
        "An involvement plan: one [plan] table and one [[activity]] table per activity.",
    )
    return {
        **doc,
        "properties": properties,
        "required": ["plan"],
        "additionalProperties": False,
        "$defs": dict(sorted(defs.items())),
    }


#: Name -> function returning the schema.
SCHEMAS: Final = {"catalogue": catalogue_schema, "plan": plan_schema}


def schema(name: str) -> dict[str, Any]:
    """Return the schema called ``name`` (``"catalogue"`` or ``"plan"``)."""
    return SCHEMAS[name]()
