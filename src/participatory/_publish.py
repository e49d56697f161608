"""Publishing the static website: pages written, Pagefind run, the finished site swapped in.

The site's content is data (:mod:`participatory._site`) and its HTML is text
(:mod:`participatory._html._site`); this module does the I/O. The site is written into
a temporary sibling of the output directory and swapped in at the end
(:func:`participatory._io.atomic_directory`), so a failed build leaves the old site as
it was. A built site holds the marker file :data:`MARKER`; an output directory that is
neither empty nor a site is refused unless ``force=True``.
"""

import datetime as dt
import json
import os
import shutil
import subprocess
from collections.abc import Iterable, Iterator, Mapping, Sequence
from itertools import islice
from pathlib import Path
from typing import TYPE_CHECKING, Any, Final, TypeAlias

from ._errors import CatalogueError, CatalogueWriteError
from ._export import write_csv_files
from ._frames import require
from ._io import atomic_directory, csv_safe, protected_problem
from ._jsonld import jsonld_items
from ._site import Site, site_data

if TYPE_CHECKING:
    from ._catalogue import Catalogue

__all__ = ["MARKER", "build_site", "check_output", "search_command", "search_pages"]

#: File that marks a directory as a site built by participatory (safe to replace).
MARKER: Final = ".participatory-site"


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


def _write_pages(
    site: Site,
    out: Path,
    contribute_url: str,
    files: Mapping[str, int],
    base_url: str,
    *,
    languages: Sequence[str] = (),
    locale_dir: "str | os.PathLike[str] | None" = None,
    workers: int = 1,
) -> list[str]:
    """Write every page of ``site`` (in its language's folder) and return the pages' paths.

    Each page is written as it is made, a batch of pieces at a time (never held whole).
    With ``workers`` above 1, as many processes write a share of the pages each
    (:func:`_in_processes`); the files and the paths returned are the same.
    """
    from ._locale import interface_words

    words = interface_words(site.language, locale_dir)
    options = {
        "translations": words.translations if words else None,
        "languages": languages,
        "machine_words": bool(words and words.machine),
        "english_words": bool(words and words.missing),
    }
    job = (site, out, contribute_url, files, base_url, options)
    parts = min(workers, len(site.pages))
    placed = _in_processes(job, parts) if parts > 1 else _write_share(job, (0, 1))
    return [path for _, path in sorted(placed)]


_Job: TypeAlias = tuple[Site, Path, str, Mapping[str, int], str, dict[str, Any]]
_Placed: TypeAlias = list[tuple[tuple[int, int, int], str]]


def _write_share(job: _Job, share: tuple[int, int]) -> _Placed:
    """Write one share of a site's pages (:func:`participatory._html._site.placed_pieces`)."""
    from ._html._site import placed_pieces

    site, out, contribute_url, files, base_url, options = job
    placed = []
    for place, path, pieces in placed_pieces(site, contribute_url, files, base_url, share=share, **options):
        target = out / path
        try:  # a page's own folder is new: one call (its parents made only when new too)
            target.parent.mkdir()
        except FileExistsError:
            pass
        except FileNotFoundError:
            target.parent.mkdir(parents=True, exist_ok=True)
        with target.open("w", encoding="utf-8") as file:
            while batch := list(islice(pieces, _BATCH)):
                file.write("".join(batch))
        placed.append((place, path))
    return placed


#: In a worker process, the site it writes (inherited when it is forked: shared, not copied).
_JOB: list[_Job] = []


def _start_worker(job: _Job) -> None:
    _JOB[:] = [job]


def _share_in_worker(share: tuple[int, int]) -> _Placed:
    return _write_share(_JOB[0], share)


def _in_processes(job: _Job, parts: int) -> _Placed:
    """Write a site's pages in ``parts`` forked processes, a share each; an error in one is raised here.

    The processes are forked, so they start with the site as it is in this process (the
    catalogue, its pages' data) without copying it; each writes the records' pages
    ``k`` with ``k % parts`` its number, and the first also the other pages.
    """
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    context = multiprocessing.get_context("fork")  # the job goes with the fork, never pickled
    with ProcessPoolExecutor(parts, mp_context=context, initializer=_start_worker, initargs=(job,)) as pool:
        shares = [pool.submit(_share_in_worker, (i, parts)) for i in range(parts)]
        return [placed for share in shares for placed in share.result()]


def page_workers(pages: int) -> int:
    """Return how many processes write a site of ``pages`` record pages by default.

    One below :data:`PARALLEL_FROM` pages or where processes cannot be forked (Windows,
    and macOS, where forking is unsafe); else one per processor this process may use, at
    most four.
    """
    import multiprocessing
    import sys

    if pages < PARALLEL_FROM or sys.platform != "linux":
        return 1
    if "fork" not in multiprocessing.get_all_start_methods():
        return 1
    return max(1, min(4, len(os.sched_getaffinity(0))))


#: Records from which a site's pages are written by several processes by default.
PARALLEL_FROM: Final = 5000


#: Pieces of a page's HTML joined before each write (a page of every technique has a million).
_BATCH: Final = 8192


def _editions(
    catalogue: "Catalogue", languages: "Mapping[str, Catalogue] | None", machine: bool
) -> dict[str, "Catalogue"]:
    """Return the catalogue of each language of the site, English (at the root) first.

    Any language can be published: the website's words it has no translation of are shown
    in English, marked as English (see :func:`participatory._locale.interface_words`).
    """
    from ._translations import check_language, without_machine

    editions = {"en": catalogue}
    for language, shown in (languages or {}).items():
        check_language(language)
        if language == "en":
            continue
        if shown.language != language:
            msg = (
                f"the catalogue given for the language {language!r} is not shown in it "
                f"(load it with language={language!r})"
            )
            raise CatalogueError(msg)
        editions[language] = shown if machine else without_machine(shown, catalogue)
    return editions


def _write_feeds(site: Site, out: Path) -> None:
    """Write the feeds of opportunities and answers, and the calendar, into ``feeds/``."""
    from ._feeds import feed_files

    for path, text in feed_files(site.board, site_title=site.title, base=site.base):
        target = out / path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8", newline="")


#: A spreadsheet column with a cell longer than this many characters is set wider.
_LONG_TEXT: Final = 200


def _write_spreadsheet(rows: tuple[tuple[str, ...], ...], stem: Path, day: dt.date | None = None) -> None:
    """Write the techniques spreadsheet as CSV and, when XlsxWriter is installed, as XLSX.

    In both, a cell a spreadsheet would run as a formula stays text.
    """
    import csv

    # utf-8-sig: spreadsheet programs then read names with accents correctly. Written a row
    # at a time (a large catalogue's sheet held as one text took four bytes a character).
    with stem.with_suffix(".csv").open("w", encoding="utf-8-sig", newline="") as file:
        csv.writer(file, lineterminator="\r\n").writerows([csv_safe(c) for c in row] for row in rows)
    try:
        import xlsxwriter
    except ImportError:  # the site extra brings it; without it, the CSV alone
        return
    options = {
        "strings_to_formulas": False,
        "strings_to_urls": False,
        "strings_to_numbers": False,
        # Each row written to a temporary file as the next starts, its text in the row
        # (not in one table of every text): a large catalogue's sheet is never held whole.
        "constant_memory": True,
    }
    with xlsxwriter.Workbook(str(stem.with_suffix(".xlsx")), options) as book:
        # Made on the day of the build (not at this second), so a site built twice is the same.
        book.set_properties({"created": dt.datetime.combine(day or dt.date.today(), dt.time())})
        sheet = book.add_worksheet("Techniques")
        bold = book.add_format({"bold": True, "text_wrap": True, "valign": "top"})
        wrap = book.add_format({"text_wrap": True, "valign": "top"})
        sheet.set_column(0, len(rows[0]) - 1, 24)
        for c in range(len(rows[0])):  # long text (the summary, the steps) gets wider columns
            if max(len(row[c]) for row in rows) > _LONG_TEXT:
                sheet.set_column(c, c, 48)
        sheet.freeze_panes(1, 1)
        sheet.autofilter(0, 0, len(rows) - 1, len(rows[0]) - 1)
        for r, row in enumerate(rows):
            sheet.write_row(r, 0, row, bold if r == 0 else wrap)


def _write_lines(path: Path, lines: Iterable[str]) -> None:
    with path.open("w", encoding="utf-8") as file:
        file.writelines(lines)


def _array_lines(items: Iterable[Any]) -> Iterator[str]:
    """Yield a JSON array of ``items``, one to a line."""
    yield "["
    for i, item in enumerate(items):
        yield ("\n" if i == 0 else ",\n") + _compact(item)
    yield "\n]"


def _document_lines(head: Mapping[str, Any], key: str, items: Iterable[Any]) -> Iterator[str]:
    """Yield a JSON document: ``head``'s entries, then ``key`` holding ``items``, one to a line."""
    yield "{" + "".join(f"{_compact(k)}: {_compact(v)},\n" for k, v in head.items()) + f"{_compact(key)}: "
    yield from _array_lines(items)
    yield "}\n"


def _catalogue_lines(cat: "Catalogue") -> Iterator[str]:
    """Yield the catalogue as a JSON catalogue file, one record to a line (read back as ``cat``)."""
    from ._convert import unstructure
    from ._kinds import KINDS

    yield "{" + f'"catalogue": {_compact(unstructure(cat.info))}'
    for kind in KINDS:  # in the order of Catalogue.to_document
        if records := cat.of_kind(kind):
            yield f",\n{_compact(kind)}: "
            yield from _array_lines(map(unstructure, records.values()))
    yield "}\n"


def _compact(value: object) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"))


def _write_downloads(
    cat: "Catalogue", site: Site, out: Path, base_url: str = "", day: dt.date | None = None
) -> dict[str, int]:
    """Write the downloads and return the size in bytes of each, by site-relative path."""
    from ._html._site import usage_csv

    folder = out / "downloads"
    folder.mkdir(parents=True, exist_ok=True)
    # Each written a record at a time (one to a line), from the records and their one view.
    _write_lines(folder / "catalogue.json", _catalogue_lines(cat))
    graph = cat.graph()
    context, items = jsonld_items(graph, base_url=base_url)  # records named by their pages
    _write_lines(folder / "catalogue.jsonld", _document_lines({"@context": context}, "@graph", items))
    write_csv_files(graph, folder / "csv")
    lines = [
        f"{title} ({name}): {licence or 'licence not stated'}" for name, title, licence in site.catalogues
    ]
    (folder / "licence.txt").write_text(
        "The content of this site comes from these catalogues, under these licences:\n\n"
        + "\n".join(lines)
        + "\n\nEach record also cites its own public sources; follow them for the originals.\n",
        encoding="utf-8",
    )
    _write_spreadsheet(site.spreadsheet, folder / "techniques", day)
    for group in site.usage:
        # utf-8-sig: spreadsheet programs then read names with accents correctly.
        (folder / f"usage-by-{group.by}.csv").write_text(usage_csv(group), encoding="utf-8-sig", newline="")
    return {f.relative_to(out).as_posix(): f.stat().st_size for f in folder.rglob("*") if f.is_file()}


def _copy_static(out: Path) -> None:
    from ._html._site import static_files

    target = out / "static"
    target.mkdir(parents=True, exist_ok=True)
    for item in static_files():
        (target / item.name).write_bytes(item.read_bytes())


def search_pages(prefixes: Iterable[str]) -> str:
    """Return the glob of the pages Pagefind reads: a record's or a guide's, in each language's folder.

    Only those pages are searchable (``data-pagefind-body``: a record's page, an
    opportunity's, a guide's, each ``<folder>/<id>/index.html``); Pagefind leaves out
    every other page it reads, so it is not given them (the finder's and the cards',
    a third of a large site): the same index, made in about three quarters of the time.
    A test checks that every searchable page of a built site matches.
    """
    return "{" + ",".join(f"{prefix}*/*/index.html" for prefix in prefixes) + "}"


def _index(tmp: Path, out: Path, prefixes: Iterable[str] = ("",)) -> None:
    """Index the site being built in ``tmp`` with Pagefind; a failure names ``out``, the output."""
    command = [*search_command(), "--site", str(tmp), "--output-subdir", "pagefind", "--quiet"]
    command += ["--glob", search_pages(prefixes)]
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
    community_url: str = "",
    today: "dt.date | None" = None,
    force: bool = False,
    search: bool = True,
    inputs: "Iterable[str | os.PathLike[str]] | None" = None,
    languages: "Mapping[str, Catalogue] | None" = None,
    machine_translations: bool = True,
    locale_dir: "str | os.PathLike[str] | None" = None,
    workers: int | None = 1,
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
        Where people send the stories they write on the "share your experience" page: an
        email address or an ``http``/``https`` page. Without one the site has no such page.
    community_url : str
        Where the publisher's community talks (an ``http``/``https`` page: a forum, a chat
        workspace), linked from every page's footer and the "people to work with" page.
    today : datetime.date, optional
        The day the site is built for (default: today): opportunities closed by then are left
        off the lists and the feeds.
    force : bool
        Replace ``output`` even when it is a non-empty directory that is not a built site.
    search : bool
        Build the Pagefind search index (default). Without it the finder's filters still
        work, but its text search does not.
    inputs : iterable of path-like, optional
        The catalogue files and directories the site is built from, which ``output``
        must not be, hold or sit inside; the files the records were read from always count.
    languages : mapping of str to Catalogue, optional
        Other languages to publish, each with the catalogue shown in it
        (``{"cy": pr.load(language="cy")}``). English is at the root and each other language
        under its own folder (``cy/``), with the same pages; every page links to its
        counterparts, and, with ``base_url``, lists them as ``hreflang`` alternates and in
        ``sitemap.xml``. Text with no translation is shown in English, marked as such. Needs
        the ``i18n`` extra for the website's own words.
    machine_translations : bool
        Publish machine translations of records (default), labelled as such; ``False`` shows
        the English instead, marked as not yet translated. The website's own words are
        published in each language whether or not a speaker checked them, and say so.
    locale_dir : path-like, optional
        A folder of the publisher's own translations of the website's words, as
        ``<lang>/LC_MESSAGES/messages.po`` (gettext's layout), laid over those shipped in
        the package (which has Welsh): for a language the package does not have, or to
        change its words. Words no catalogue translates are shown in English, marked as
        English (``lang="en"``) in the pages' text; a language with no catalogue at all has
        an English interface, and every page says its words are not yet translated.
    workers : int or None
        How many processes write the pages, each a share of them (the site is the same,
        byte for byte): 1 (default), this process; ``None``, one per processor (at most
        four) from 5 000 records where processes can be forked (Linux), else one. Several
        save waiting on a machine with free processors, not work, and each holds much of
        the site's data again (at 100 000 techniques about 0.7 GB a process).

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
    words = [locale_dir] if locale_dir is not None else []  # the publisher's words are an input too
    check_output(out, force=force, inputs=[*sorted(read), *(inputs or ()), *words])
    require("jinja2", "site", "building a site")
    if search:
        search_command()
    if locale_dir is not None and not Path(locale_dir).is_dir():
        raise CatalogueError(f"{locale_dir}: the folder of the website's words (locale_dir) does not exist")
    editions = _editions(catalogue, languages, machine_translations)
    if len(editions) > 1:
        require("babel", "i18n", "building a site in another language than English")
    sites = {
        language: site_data(  # pages made as they are written
            cat, title=title, base_url=base_url, community_url=community_url, today=today, lazy=True
        )
        for language, cat in editions.items()
    }
    with atomic_directory(out) as tmp:
        files = _write_downloads(catalogue, sites["en"], tmp, base_url, today)
        parts = page_workers(len(catalogue)) if workers is None else workers
        written = {
            lang: _write_pages(
                site,
                tmp,
                contribute_url,
                files,
                base_url,
                languages=list(sites),
                locale_dir=locale_dir,
                workers=parts,
            )
            for lang, site in sites.items()
        }
        if base_url:  # every page, in every language, for search engines
            from ._html._site import sitemap

            pages = [p.removesuffix("index.html") for p in written["en"] if p.endswith("index.html")]
            text = sitemap(pages, list(sites), sites["en"].base)
            (tmp / "sitemap.xml").write_text(text, encoding="utf-8")
        _write_feeds(sites["en"], tmp)
        _copy_static(tmp)
        if search:
            from ._html._site import language_prefix

            _index(tmp, out, [language_prefix(lang, list(sites)) for lang in sites])
        (tmp / MARKER).write_text(
            "Built by participatory; `participatory site build` may replace this directory.\n",
            encoding="utf-8",
        )
    return out
