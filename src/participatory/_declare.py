"""The declarations of a record kind (:class:`Kind`) and of a query facet (:class:`Facet`).

These are plain data: :mod:`participatory._kinds` holds the package's own declarations
and the registry of the ones added at run time, and derives every table from them.
"""

from collections.abc import Callable, Mapping
from types import MappingProxyType
from typing import Any, Final, Literal

import attrs

from ._enums import _OrderedEnum
from ._i18n import N_
from ._model import (
    Record,
)

__all__ = ["AGE_BANDS", "GROUP_SIZES", "PLAIN_COLOURS", "Edge", "Facet", "FacetValues", "Kind"]


#: The colours of a kind drawn without colours of its own (a contrast ratio above 4.5:1).
PLAIN_COLOURS: Final = ("#e5e7eb", "#1f2937")


def _texts(mapping: Mapping[str, str]) -> Mapping[str, str]:
    return MappingProxyType(dict(mapping))


def _edges(mapping: "Mapping[str, Edge]") -> "Mapping[str, Edge]":
    return MappingProxyType(dict(mapping))


def _by_name(rec: Record) -> tuple[str, str]:
    return (rec.name.casefold(), rec.id)


@attrs.frozen(kw_only=True)
class Edge:
    """The graph edge a reference field makes.

    Parameters
    ----------
    name : str
        The edge kind (``"fits"``), unique across the graph.
    meaning : str
        What the edge says, in a sentence (shown in the docs and exports).
    backwards : bool
        The edge points from the referenced record to this one (a case naming a technique
        makes ``technique -used-in-> case``).
    """

    name: str
    meaning: str
    backwards: bool = False


@attrs.frozen(kw_only=True)
class Kind:
    """One kind of record, declared once.

    Parameters
    ----------
    cls : type
        The frozen attrs class of the records (a :class:`~participatory.Record`); its
        ``record_kind`` is the kind's name and the name of its TOML table (``[[case]]``).
    plural : str
        The plural (``"cases"``): the :class:`~participatory.Catalogue` view, the file a
        catalogue directory keeps them in, and the default folder of its web pages.
    schema_type : str
        Its schema.org type (``"HowTo"``), the same in the website's JSON-LD and in the
        JSON-LD export. Required: a kind is never a generic ``Thing``.
    label, label_plural : str
        How the kind is named to people (``"Case story"``, ``"Case stories"``).
    references : mapping of str to str
        Reference fields and the kind each names (``{"techniques": "technique"}``).
    edges : mapping of str to Edge
        The graph edge each reference field makes; a reference field without one makes
        an edge named ``<kind>-<field>``.
    also : tuple of str
        Types from other vocabularies the JSON-LD export adds (``"skos:Concept"``).
    translatable : tuple of str
        Text fields a translation may give in another language (``name``, ``summary``).
    urls : tuple of str
        Fields that hold a web address (checked: http or https only). By default every
        text field named ``url`` or ending in ``_url``.
    folder : str
        The folder of its web pages (default: the plural).
    node : bool
        Whether its records are nodes of the graph (and so are drawn and exported).
    colour : tuple of str
        Fill and line colour of its nodes in drawings and the Mermaid and DOT exports.
    sort_key : callable
        How its records are ordered in lists (default: by name, then id).
    field_labels : mapping of str to str
        Labels of its fields that differ from the shared ones (``{"url": "Its website"}``).
    template : str
        The template of its web pages (only for a kind whose page needs its own layout).
    index_template : str
        The template of the page listing them all (only for a kind whose list needs its own).
    """

    cls: type[Record]
    plural: str
    schema_type: str
    label: str
    label_plural: str
    references: Mapping[str, str] = attrs.field(factory=dict, converter=_texts)
    edges: Mapping[str, Edge] = attrs.field(factory=dict, converter=_edges)
    also: tuple[str, ...] = ()
    translatable: tuple[str, ...] = ("name", "summary", "plain")
    urls: tuple[str, ...] | None = None
    folder: str = ""
    node: bool = True
    colour: tuple[str, str] = PLAIN_COLOURS
    sort_key: Callable[[Any], Any] = _by_name
    field_labels: Mapping[str, str] = attrs.field(factory=dict, converter=_texts)
    template: str = "record.html"
    index_template: str = "kind.html"

    @property
    def name(self) -> str:
        """The kind's name and TOML table: the class's ``record_kind`` (``"case"``)."""
        return self.cls.record_kind

    @property
    def pages(self) -> str:
        """The folder of the kind's web pages (``"cases"``)."""
        return self.folder or self.plural

    @property
    def url_fields(self) -> tuple[str, ...]:
        """The fields that hold a web address."""
        if self.urls is not None:
            return self.urls
        return tuple(
            f.name
            for f in attrs.fields(self.cls)
            if f.type in (str, "str") and (f.name == "url" or f.name.endswith("_url"))
        )

    def edge(self, field: str) -> Edge:
        """Return the graph edge a reference field makes."""
        found = self.edges.get(field)
        if found is not None:
            return found
        target = self.references[field]
        return Edge(
            name=f"{self.name}-{field.replace('_', '-')}", meaning=f"the {self.name} names the {target}"
        )


FacetValues = type[_OrderedEnum] | type[bool] | type[int] | Literal["slug"] | str


@attrs.frozen(kw_only=True)
class Facet:
    """One way of filtering records (techniques, by default), declared once.

    Parameters
    ----------
    name : str
        The query's keyword (``g.techniques(stage=...)``) and the finder's filter name.
    field : str
        The record field it reads (``"stages"``).
    label : str
        Its label on the website's finder (``"Research stage"``).
    values : enum class, bool, int, ``"slug"`` or a kind's name
        What its values are: members of an ordered enum, yes/no, whole numbers (matched
        against a range field), free slugs, or ids of records of a kind (``"stage"``).
    match : str
        ``any`` (one of the values asked for), ``all`` (every value asked for),
        ``at-least`` / ``at-most`` (ordered values: this one or deeper / or lower),
        ``fits`` (a number within the record's range).
    kind : str
        The kind of record it filters.
    what : str
        How a value is named in messages (``"under-served group"``).
    option, short, metavar, help : str
        The ``participatory find`` option (default ``--<name>``), its one-letter form,
        its placeholder and its help.
    scored : bool
        Whether a match earns a point per value asked for that the record holds (best fit
        first).
    listed_bonus : bool
        For ``at-least`` over a list field: a point when the record lists the value asked
        for itself (not only a deeper one).
    true_means_any : bool
        ``True`` asks for a record with any value at all (``underserved=True``).
    many : bool
        The option takes several values (repeat it or separate them with commas).
    site : bool
        Whether the website's finder offers it.
    unit, bounds : str, (int, int)
        For a ``fits`` facet: what its number counts (``"people"``) and the range a
        query's number must be in, if any.
    site_name, site_label : str
        The finder's name of the filter (in its addresses, ``find/<site_name>/``; default:
        the name with hyphens) and its heading (default: ``label``).
    bands : tuple
        For a ``fits`` facet: the finder's bands, ``(slug, label, lowest, highest or None)``.
    flag : tuple
        For a yes/no facet: the one value the finder offers, ``(value, slug, label)``.
    """

    name: str
    field: str
    label: str
    values: FacetValues
    match: Literal["any", "all", "at-least", "at-most", "fits"]
    kind: str = "technique"
    what: str = ""
    option: str = ""
    short: str = ""
    metavar: str = ""
    help: str = ""
    scored: bool = False
    listed_bonus: bool = False
    true_means_any: bool = False
    many: bool = True
    site: bool = True
    unit: str = ""
    bounds: tuple[int, int] | None = None
    site_name: str = ""
    site_label: str = ""
    bands: tuple[tuple[str, str, int, int | None], ...] = ()
    flag: tuple[object, str, str] | None = None

    @property
    def noun(self) -> str:
        """How a value is named in messages (``"facilitation skill"``)."""
        return self.what or self.name.replace("_", " ")

    @property
    def cli(self) -> str:
        """The command-line option (``"--contributor-time"``)."""
        return self.option or "--" + self.name.replace("_", "-")

    @property
    def finder(self) -> str:
        """The finder's name of the filter (``"contributor-time"``)."""
        return self.site_name or self.name.replace("_", "-")

    @property
    def heading(self) -> str:
        """The finder's heading of the filter."""
        return self.site_label or self.label

    @property
    def how(self) -> str:
        """How the finder combines ticked values: ``any``, ``all``, ``at-least`` or ``at-most``."""
        return "any" if self.match == "fits" else self.match


#: Group sizes the finder offers: (slug, label, smallest, largest or None).
GROUP_SIZES: Final = (
    ("1-5", N_("1 to 5 people"), 1, 5),
    ("6-12", N_("6 to 12 people"), 6, 12),
    ("13-30", N_("13 to 30 people"), 13, 30),
    ("31-100", N_("31 to 100 people"), 31, 100),
    ("over-100", N_("More than 100 people"), 101, None),
)

#: Age bands the finder offers: (slug, label, youngest, oldest or None).
AGE_BANDS: Final = (
    ("under-11", N_("Children under 11"), 0, 10),
    ("11-17", N_("Young people aged 11 to 17"), 11, 17),
    ("18-64", N_("Adults aged 18 to 64"), 18, 64),
    ("65-and-over", N_("People aged 65 and over"), 65, None),
)
