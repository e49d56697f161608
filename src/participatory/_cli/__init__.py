"""The ``participatory`` command.

Each sub-command lives in its own module here, with an ``add_parser(subparsers)``
function that registers it and sets ``func`` to a callable taking the parsed
arguments and returning the exit status. Errors a user can cause
(:class:`~participatory.CatalogueError`) are printed without a traceback.
"""

import argparse
import re
import sys
import warnings
from collections.abc import Sequence
from importlib import import_module
from typing import NoReturn, TextIO

from .._errors import CatalogueError, CatalogueNotFoundError, ParticipatoryWarning, PluginWarning
from .._version import __version__

__all__ = ["EXIT_OK", "EXIT_PROBLEMS", "EXIT_USAGE", "main", "message"]

EXIT_OK, EXIT_PROBLEMS, EXIT_USAGE = 0, 1, 2

#: Sub-command modules, in the order ``--help`` lists them.
COMMANDS = (
    "find",
    "show",
    "list_",
    "usage",
    "readability",
    "export",
    "validate",
    "i18n",
    "catalogues",
    "new_catalogue",
    "plan",
    "import_",
    "intake",
    "schema",
    "completion",
    "site",
)

_INVALID_CHOICE = re.compile(r"invalid choice: '(?P<word>[^']*)' \(choose from (?P<choices>.*)\)")


def did_you_mean(message: str) -> str:
    """Add a "did you mean" hint to argparse's "invalid choice" message, when one is close.

    >>> did_you_mean("argument COMMAND: invalid choice: 'fnd' (choose from 'find', 'show')")
    "argument COMMAND: invalid choice: 'fnd' (choose from 'find', 'show'); did you mean 'find'?"
    """
    from .._schema import did_you_mean as suggest

    match = _INVALID_CHOICE.search(message)
    if match is None:
        return message
    choices = [c.strip().strip("'") for c in match.group("choices").split(",")]
    return message + suggest(match.group("word"), choices)


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:
        self.print_usage(sys.stderr)
        self.exit(EXIT_USAGE, f"{self.prog}: error: {did_you_mean(message)}\n")


def message(error: CatalogueError) -> str:
    """Say an error as the command line says it (``--force``, not ``overwrite=True``)."""
    return str(getattr(error, "command_line", "") or error)


def build_parser() -> argparse.ArgumentParser:
    """Build the argument parser with every sub-command."""
    parser = _Parser(
        prog="participatory",
        description="Find, check and report participatory research techniques.",
    )
    parser.add_argument("-V", "--version", action="version", version=f"%(prog)s {__version__}")
    import_module(".completion", __name__).add_list_ids_option(parser)  # hidden: for completion scripts
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)
    for name in COMMANDS:
        import_module(f".{name}", __name__).add_parser(sub)
    return parser


def _show_warning(  # noqa: PLR0917  (the signature of warnings.showwarning)
    message: Warning | str,
    category: type[Warning],
    filename: str,
    lineno: int,
    file: TextIO | None = None,
    line: str | None = None,
) -> None:
    """Print a warning as one clean line: ``warning: plugin 'x' was not loaded: ...``."""
    if isinstance(message, PluginWarning) and message.name:
        why = f": {message.error}" if message.error else ""
        text = (
            f"plugin {message.name!r} was not loaded{why} (the others were; see `participatory catalogues`)"
        )
    else:
        text = " ".join(str(message).split())
    print(f"warning: {text}", file=file if file is not None else sys.stderr)


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; return the exit status.

    Everything written to standard output and error, by the commands, argparse and
    warnings alike, has its control characters neutralised (:mod:`._term`).
    """
    from ._term import safe_streams

    with safe_streams(), warnings.catch_warnings():
        warnings.simplefilter("default", ParticipatoryWarning)  # shown once each, as one line
        warnings.showwarning = _show_warning
        return _main(argv)


def _main(argv: Sequence[str] | None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if getattr(args, "func", None) is None:
        # Like argparse's own "required" arguments (and git): the usage and a hint on
        # standard error, exit 2; `--help` is the way to print the help on standard output.
        parser.print_usage(sys.stderr)
        print(f"{parser.prog}: error: choose a command; `{parser.prog} --help` lists them", file=sys.stderr)
        return EXIT_USAGE
    try:
        return int(args.func(args))
    except CatalogueNotFoundError as e:
        # A path or name that does not exist is a usage error, as in `validate`.
        print(f"participatory: error: {e}", file=sys.stderr)
        return EXIT_USAGE
    except CatalogueError as e:
        print(f"participatory: error: {message(e)}", file=sys.stderr)
        return EXIT_PROBLEMS
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        return EXIT_OK
    except OSError as e:  # a path the system refuses (a name too long, ...): the user's to fix
        where = f"{e.filename}: " if e.filename else ""
        print(f"participatory: error: {where}{e.strerror or e}", file=sys.stderr)
        return EXIT_PROBLEMS
