"""Writing the static website: Jinja2 templates over :func:`participatory._site.site_data`.

Every text goes through Jinja2's autoescaping (the same rule as
:func:`participatory._html.escape`); web addresses go through the ``link`` filter, so
only ``http``/``https`` addresses become links. Nothing on the site is fetched from the
internet: the stylesheet and the two small scripts are copied from ``static/`` and the
search index is built by Pagefind into ``pagefind/``.

The site is written into a temporary sibling of the output directory and swapped in
at the end (:func:`participatory._io.atomic_directory`), so a failed build leaves the
old site as it was. A built site holds the marker file :data:`MARKER`; an output
directory that is neither empty nor a site is refused unless ``force=True``.
"""

import csv
import io
import json
import os
import shutil
import subprocess
from collections.abc import Iterable, Mapping
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, Any, Final
from urllib.parse import urlsplit

from .._errors import CatalogueError, CatalogueWriteError
from .._frames import require
from .._io import atomic_directory, csv_safe, protected_problem
from .._site import Ref, Site, UsageGroup, kind_folder, site_data
from . import dated, link, mail_address, safe_url

if TYPE_CHECKING:
    import jinja2

    from .._catalogue import Catalogue

__all__ = ["MARKER", "build_site", "json_for_script", "search_command", "usage_csv"]

#: File that marks a directory as a site built by participatory (safe to replace).
MARKER: Final = ".participatory-site"

_PACKAGE: Final = "participatory._html"


def json_for_script(data: object) -> str:
    r"""Return ``data`` as JSON that is safe inside an HTML ``<script>`` element.

    ``<``, ``>`` and ``&`` are written as ``\\u`` escapes, so no text in the data can
    close the element (``</script>``) or open a comment.

    >>> json_for_script({"name": "</script><b>"})
    '{"name": "\\u003c/script\\u003e\\u003cb\\u003e"}'
    """
    text = json.dumps(data, ensure_ascii=False, indent=None)
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def _environment() -> "jinja2.Environment":
    require("jinja2", "site", "building a site")
    import jinja2
    from markupsafe import Markup

    # Markup() below wraps only what the presentation layer's policy functions return
    # (escaped text, http/https links) and JSON with <, > and & escaped.

    env = jinja2.Environment(
        loader=jinja2.PackageLoader(_PACKAGE, "templates"),
        autoescape=True,
        trim_blocks=True,
        lstrip_blocks=True,
        undefined=jinja2.StrictUndefined,
    )

    def link_filter(url: object, text: object = None) -> Markup:
        return Markup(link(str(url), None if text is None else str(text)))  # noqa: S704

    env.filters["safe_url"] = lambda url: safe_url(str(url))
    env.filters["mail_address"] = lambda text: mail_address(str(text))

    def jsonld_filter(data: object) -> Markup:
        return Markup(json_for_script(data))  # noqa: S704

    env.filters["link"] = link_filter
    env.filters["jsonld"] = jsonld_filter
    env.filters["dated"] = dated
    return env


def search_command() -> list[str]:
    """Return the command that runs Pagefind (the binary shipped by ``pagefind[bin]``).

    Raises
    ------
    ImportError
        Naming the extra to install, when Pagefind's binary is not installed.
    """
    try:
        from pagefind_bin import get_executable

        return [str(get_executable())]
    except (ImportError, FileNotFoundError):
        pass
    found = shutil.which("pagefind")
    if found:
        return [found]
    msg = "building a site's search needs Pagefind; install it with: pip install 'participatory[site]'"
    raise ImportError(msg)


def check_output(output: Path, *, force: bool, inputs: "Iterable[str | os.PathLike[str]]" = ()) -> None:
    """Refuse an output the build must not replace: the one rule of where a site may go.

    Never (even with ``force``): an existing file; the current or home directory, or a
    directory holding one; one of ``inputs``, a directory holding one, or a directory
    inside one. Without ``force``: a non-empty directory that is not a built site.
    """
    if not str(output).strip():
        raise CatalogueWriteError("the output directory must not be empty")
    problem = protected_problem(output, inputs)
    if problem is not None:
        raise CatalogueWriteError(f"{output}: {problem}")
    if not output.exists():
        return
    if not output.is_dir():
        raise CatalogueWriteError(f"{output}: exists and is not a directory")
    if force or (output / MARKER).is_file() or not any(output.iterdir()):
        return
    start = f"{output}: is not empty and is not a site built by participatory (no {MARKER} file); "
    raise CatalogueWriteError(
        start + "choose an empty or new directory, or pass force=True to replace it",
        command_line=start + "choose an empty or new directory, or use --force to replace it",
    )


class _Writer:
    def __init__(self, env: "jinja2.Environment", root: Path, common: Mapping[str, Any]) -> None:
        self.env, self.root, self.common = env, root, common
        self.count = 0

    def page(self, path: str, template: str, **context: Any) -> None:
        """Render ``template`` to ``<path>index.html`` (``path`` is ``""`` or ends in ``/``)."""
        depth = path.count("/")
        html = self.env.get_template(template).render(**self.common, root="../" * depth, here=path, **context)
        target = self.root / path / "index.html"
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(html, encoding="utf-8")
        self.count += 1


def _write_pages(site: Site, out: Path, contribute_url: str, files: Mapping[str, int], base_url: str) -> int:
    env = _environment()
    # Where stories go: an email address or a web page; with neither, no share page at all.
    mail, href = mail_address(contribute_url), safe_url(contribute_url)
    send = {"kind": "mail", "address": mail} if mail else {"kind": "web", "href": href} if href else {}
    common = {"site": site, "send": send, "kind_folder": kind_folder, "files": files}
    w = _Writer(env, out, common)
    w.page("", "home.html")
    # The page a web server shows for a missing address, at any depth: links from the site's root.
    root = (urlsplit(base_url).path.rstrip("/") + "/") if base_url else "/"
    html = env.get_template("404.html").render(**common, root=root, here="404")
    (out / "404.html").write_text(html, encoding="utf-8")
    for page in site.pages:
        w.page(page.path, "record.html", page=page)
    for kind, plural, pages in site.kinds:
        w.page(f"{kind_folder(kind)}/", "kind.html", kind=kind, plural=plural, pages=pages)
    techniques = {p.record.id: p for p in site.pages if p.record.record_kind == "technique"}
    w.page(
        "find/", "find.html", techniques=sorted(techniques.values(), key=lambda p: p.record.name.casefold())
    )
    for facet in site.facets:
        w.page(f"find/{facet.name}/", "facet.html", facet=facet)
        for value in facet.values:
            listed = sorted((techniques[t] for t in value.techniques), key=lambda p: p.record.name.casefold())
            w.page(
                f"find/{facet.name}/{value.slug}/",
                "facet_value.html",
                facet=facet,
                value=value,
                listed=listed,
            )
    w.page("map/", "map.html")
    w.page("usage/", "usage.html")
    w.page("downloads/", "downloads.html")
    if send:
        w.page("contribute/", "contribute.html")
    w.page("search/", "search.html")
    return w.count


def usage_csv(group: UsageGroup) -> str:
    """Return a usage group's table (each technique and group, with its counts) as CSV text.

    Names, not ids, in the spreadsheet's own words; a cell a spreadsheet would run as a
    formula is neutralised (:func:`participatory._io.csv_safe`).
    """
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(["Technique", group.column, "Case stories", "Organisations"])
    for technique, grp, cases, orgs in group.rows:
        label = grp.text if isinstance(grp, Ref) else grp
        writer.writerow([csv_safe(technique.text), csv_safe(label), cases, orgs])
    return buffer.getvalue()


def _write_downloads(cat: "Catalogue", site: Site, out: Path) -> dict[str, int]:
    """Write the downloads and return the size in bytes of each, by site-relative path."""
    folder = out / "downloads"
    folder.mkdir(parents=True, exist_ok=True)
    cat.to_path(folder / "catalogue.json")
    graph = cat.graph()
    graph.export("jsonld", folder / "catalogue.jsonld")
    graph.export("csv", folder / "csv")
    lines = [
        f"{title} ({name}): {licence or 'licence not stated'}" for name, title, licence in site.catalogues
    ]
    (folder / "licence.txt").write_text(
        "The content of this site comes from these catalogues, under these licences:\n\n"
        + "\n".join(lines)
        + "\n\nEach record also cites its own public sources; follow them for the originals.\n",
        encoding="utf-8",
    )
    for group in site.usage:
        # utf-8-sig: spreadsheet programs then read names with accents correctly.
        (folder / f"usage-by-{group.by}.csv").write_text(usage_csv(group), encoding="utf-8-sig", newline="")
    return {f.relative_to(out).as_posix(): f.stat().st_size for f in folder.rglob("*") if f.is_file()}


def _copy_static(out: Path) -> None:
    static = resources.files(_PACKAGE).joinpath("static")
    target = out / "static"
    target.mkdir(parents=True, exist_ok=True)
    for item in static.iterdir():
        if item.is_file() and not item.name.startswith("."):
            (target / item.name).write_bytes(item.read_bytes())


def _index(tmp: Path, out: Path) -> None:
    """Index the site being built in ``tmp`` with Pagefind; a failure names ``out``, the output."""
    command = [*search_command(), "--site", str(tmp), "--output-subdir", "pagefind", "--quiet"]
    done = subprocess.run(command, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        said = (done.stderr or done.stdout).strip().replace(str(tmp), str(out))
        msg = f"{out}: building the search index failed (the old site is unchanged): {said}"
        raise CatalogueError(msg)


def build_site(
    catalogue: "Catalogue",
    output: str | os.PathLike[str],
    *,
    title: str = "",
    base_url: str = "",
    contribute_url: str = "",
    force: bool = False,
    search: bool = True,
    inputs: "Iterable[str | os.PathLike[str]] | None" = None,
) -> Path:
    """Build the static website of a catalogue into ``output``, atomically.

    The site has one page per record at ``<kind>s/<id>/index.html`` (``techniques/``,
    ``resources/``, ``cases/``, ``organisations/``, ``stages/``, ``stakeholders/``, ...), a
    home page with ways in by role, the technique finder (``find/``, with one page per
    filter value for browsers without JavaScript), resources by stage (``map/``), usage
    charts from the cases and organisations (``usage/``), downloads (``downloads/``) and
    a form that builds a case record
    (``contribute/``). Nothing on it is fetched from the internet. Needs the ``site``
    extra: ``pip install 'participatory[site]'``.

    Parameters
    ----------
    catalogue : Catalogue
        What to publish (merge several catalogues first to publish them together).
    output : path-like
        The directory to write. It is built in a temporary sibling and swapped in at the
        end, so a failed build leaves the old site untouched.
    title : str
        The site's title (default: "Patient and public involvement techniques").
    base_url : str
        The address the site will be published at, used in each page's JSON-LD.
    contribute_url : str
        Where people send the case records made on the "share your experience" page.
    force : bool
        Replace ``output`` even when it is a non-empty directory that is not a built site.
    search : bool
        Build the Pagefind search index (default). Without it the finder's filters still
        work, but its text search does not.
    inputs : iterable of path-like, optional
        The catalogue files and directories the site is built from, which ``output``
        must not be, hold or sit inside; the files the records were read from always count.

    Returns
    -------
    Path
        The output directory.

    Raises
    ------
    CatalogueWriteError
        If ``output`` is a file, or a non-empty directory that is not a built site (and
        ``force`` is false), or cannot be written; or, whatever ``force`` says, if it is,
        holds or sits inside an input, or is or holds the current or home directory.
    ImportError
        If Jinja2 or Pagefind is not installed; the message names the extra to install.

    Examples
    --------
    >>> import participatory as pr
    >>> site = pr.build_site(pr.load("core"), "site")  # doctest: +SKIP
    >>> (site / "techniques" / "photovoice" / "index.html").is_file()  # doctest: +SKIP
    True
    """
    out = Path(output)
    read = {o.file for o in map(catalogue.origin, catalogue) if o.file}
    check_output(out, force=force, inputs=[*sorted(read), *(inputs or ())])
    require("jinja2", "site", "building a site")
    if search:
        search_command()
    site = site_data(catalogue, title=title, base_url=base_url)
    with atomic_directory(out) as tmp:
        files = _write_downloads(catalogue, site, tmp)
        _write_pages(site, tmp, contribute_url, files, base_url)
        _copy_static(tmp)
        if search:
            _index(tmp, out)
        (tmp / MARKER).write_text(
            "Built by participatory; `participatory site build` may replace this directory.\n",
            encoding="utf-8",
        )
    return out
