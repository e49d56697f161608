"""``participatory site build|serve``: the static website for people who do not code."""

import argparse
import contextlib
import os
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

from . import EXIT_OK, EXIT_USAGE

if TYPE_CHECKING:
    import http.server
from ._load import bounded, catalogue_from_args, catalogue_in_language, non_empty

DEFAULT_PORT = 8000
_MAX_PORT = 65535


def port(text: str) -> int:
    """Parse ``--port``: 0 (any free port) to 65535, a usage error otherwise."""
    return bounded(text, int, 0, _MAX_PORT, "a port number")


def add_parser(sub: "argparse._SubParsersAction[Any]") -> None:
    """Register the ``site`` sub-command and its ``build`` and ``serve`` actions."""
    p = sub.add_parser(
        "site",
        help="build a static website of catalogues, or serve one for a local look",
        description=(
            "Build a static website of catalogues (a page per record, a technique finder, "
            "resources by stage, case stories, usage charts, downloads and a form to share "
            "experience), or serve a built site on this computer. Needs: pip install "
            "'participatory[site]'."
        ),
    )
    actions = p.add_subparsers(dest="action", metavar="ACTION", parser_class=type(p))
    b = actions.add_parser(
        "build",
        help="build the site into a directory (atomically)",
        description=(
            "Build the site of the named catalogues (every installed catalogue when none is "
            "named) into DIR. The old site stays in place if the build fails. A non-empty "
            "directory that is not a built site is refused unless --force."
        ),
    )
    b.add_argument(
        "catalogue",
        nargs="*",
        metavar="NAME_OR_PATH",
        help="an installed catalogue's name, or a catalogue file or directory (default: all installed)",
    )
    b.add_argument(
        "--output",
        "-o",
        required=True,
        type=non_empty,
        metavar="DIR",
        help=(
            "directory to write the site to; never the current or home directory, nor a directory "
            "holding or inside a catalogue being published"
        ),
    )
    b.add_argument(
        "--title", default="", help="the site's title (default: 'Patient and public involvement techniques')"
    )
    b.add_argument("--base-url", default="", metavar="URL", help="address the site is published at")
    b.add_argument(
        "--contribute-url",
        default="",
        metavar="URL",
        help=(
            "an email address or http(s) page where people send stories, opportunities and "
            "questions (without it: no forms)"
        ),
    )
    b.add_argument(
        "--community-url",
        default="",
        metavar="URL",
        help="an http(s) page where your community talks (a forum or chat), linked from every page",
    )
    b.add_argument(
        "--languages",
        default=["en"],
        type=_languages,
        metavar="LANG,...",
        help=(
            "languages to publish, comma-separated, such as en,cy: English at the root, each other "
            "language under its own folder (cy/) from the catalogues' translations/ (default: en)"
        ),
    )
    b.add_argument(
        "--locale-dir",
        default=None,
        type=non_empty,
        metavar="DIR",
        help=(
            "your own translations of the website's words, as DIR/<lang>/LC_MESSAGES/messages.po, "
            "used before those shipped (Welsh); words not translated are shown in English, marked"
        ),
    )
    b.add_argument(
        "--no-machine-translations",
        action="store_true",
        help="show the English instead of machine translations of records, marked as not yet translated",
    )
    b.add_argument("--force", action="store_true", help="replace DIR even if it is not a built site")
    b.set_defaults(func=run_build)
    s = actions.add_parser(
        "serve",
        help="serve a built site on 127.0.0.1 (search needs HTTP)",
        description="Serve a built site on this computer only (127.0.0.1) for a local look; Ctrl+C stops.",
    )
    s.add_argument("directory", metavar="DIR", help="a directory built by 'participatory site build'")
    s.add_argument(
        "--port",
        type=port,
        default=DEFAULT_PORT,
        help=f"port to listen on (default {DEFAULT_PORT}; 0: any free port)",
    )
    s.set_defaults(func=run_serve)
    p.set_defaults(func=lambda _args: _usage(p))


def _languages(text: str) -> list[str]:
    """Parse ``--languages``: language tags, comma-separated, English among them."""
    from .._translations import LANGUAGE_TAG

    tags = list(dict.fromkeys(t.strip() for t in text.split(",") if t.strip()))
    bad = [t for t in tags if not LANGUAGE_TAG.fullmatch(t)]
    if bad or "en" not in tags:
        why = f"{', '.join(map(repr, bad))} is not a language tag" if bad else "en must be one of them"
        msg = f"{text!r}: {why} (such as en,cy)"
        raise argparse.ArgumentTypeError(msg)
    return tags


def _usage(parser: argparse.ArgumentParser) -> int:
    parser.print_help(sys.stderr)
    return EXIT_USAGE


def _missing(e: ImportError) -> int:
    print(f"participatory site: error: {e}", file=sys.stderr)
    return EXIT_USAGE


def run_build(args: argparse.Namespace) -> int:
    """Build the site."""
    try:
        from .._publish import build_site
    except ImportError as e:  # pragma: no cover - the module itself needs no extra
        return _missing(e)
    cat = catalogue_from_args(args)
    languages = {
        language: catalogue_in_language(cat, args.catalogue, language)
        for language in args.languages
        if language != "en"
    }
    try:
        out = build_site(
            cat,
            args.output,
            title=args.title,
            base_url=args.base_url,
            contribute_url=args.contribute_url,
            community_url=args.community_url,
            force=args.force,
            inputs=[ref for ref in args.catalogue if Path(ref).exists()],
            languages=languages,
            machine_translations=not args.no_machine_translations,
            locale_dir=args.locale_dir,
        )
    except ImportError as e:
        return _missing(e)
    pages = sum(1 for _ in out.rglob("index.html"))
    print(f"wrote {pages} pages to {out}", file=sys.stderr)
    return EXIT_OK


#: The largest ``404.html`` the server sends (a built one is a few kilobytes): reads are bounded.
_MAX_MISSING_PAGE = 1 << 20


def _missing_page(base: str) -> bytes | None:
    """Return the site's ``404.html`` (inside ``base``, at most 1 MiB), or ``None`` without one."""
    real = Path(base, "404.html").resolve()
    if not str(real).startswith(base + os.sep):  # a symbolic link out of the site: not served
        return None
    try:
        with real.open("rb") as f:
            page = f.read(_MAX_MISSING_PAGE + 1)
    except OSError:
        return None
    return page if len(page) <= _MAX_MISSING_PAGE else None


def _server(root: Path, port: int) -> "http.server.ThreadingHTTPServer":
    """Make a loopback server of the files inside ``root`` only (no symbolic link out, no traceback)."""
    import http.server
    from http import HTTPStatus

    base = os.path.realpath(root)

    class Handler(http.server.SimpleHTTPRequestHandler):
        def __init__(self, *args: Any, **kwargs: Any) -> None:
            super().__init__(*args, directory=base, **kwargs)

        def send_head(self) -> Any:
            try:
                path = self.translate_path(self.path)
                if "\x00" in path:
                    raise ValueError("a NUL in the path")
                real = os.path.realpath(path)
            except (ValueError, OSError):
                self.send_error(HTTPStatus.BAD_REQUEST, "Bad request")
                return None
            if real != base and not real.startswith(base + os.sep):
                self.send_error(HTTPStatus.NOT_FOUND, "File not found")  # outside the site: as if absent
                return None
            return super().send_head()

        def send_error(self, code: int, message: str | None = None, explain: str | None = None) -> None:
            """Answer a missing page with the site's own ``404.html`` (status 404), when it has one."""
            page = _missing_page(base) if code == HTTPStatus.NOT_FOUND else None
            if page is None:
                super().send_error(code, message, explain)
                return
            self.send_response(code, message)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(page)))
            self.send_header("Connection", "close")
            self.end_headers()
            if self.command != "HEAD":
                self.wfile.write(page)

    class Server(http.server.ThreadingHTTPServer):
        def handle_error(self, request: Any, client_address: Any) -> None:
            """Say in one line that a request failed (never a traceback); keep serving."""
            error = sys.exc_info()[1]
            print(f"participatory site serve: a request failed: {error}", file=sys.stderr)

    return Server(("127.0.0.1", port), Handler)


def run_serve(args: argparse.Namespace) -> int:
    """Serve a built site on the loopback interface until interrupted."""
    directory = Path(args.directory)
    if not (directory / "index.html").is_file():
        print(
            f"participatory site: error: {directory}: no site here (build one: participatory site build)",
            file=sys.stderr,
        )
        return EXIT_USAGE
    try:
        server = _server(directory, args.port)
    except OSError as e:
        print(
            f"participatory site: error: cannot listen on 127.0.0.1:{args.port}: {e.strerror or e}",
            file=sys.stderr,
        )
        return EXIT_USAGE
    with server:
        print(
            f"serving {directory} at http://127.0.0.1:{server.server_address[1]}/ (Ctrl+C to stop)",
            file=sys.stderr,
        )
        with contextlib.suppress(KeyboardInterrupt):
            server.serve_forever()
    return EXIT_OK
