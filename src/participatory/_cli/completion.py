"""``participatory completion bash|zsh|fish``: print a shell completion script (via shtab).

What each argument completes is decided here, in one place, from its option string or
metavar (the command line's own vocabulary), so a new command's ``PATH`` or ``--stage``
completes without a change here:

- a path (``PATH``, ``FILE``, ``PLAN``, ``--output`` ...) completes as a file, a ``DIR``
  as a directory (shtab's markers, which each shell turns into its own file completion);
- an id (``show ID``, ``--stage``, ``--stakeholder``, ``--technique``, ``--checklist``)
  completes from the installed catalogues, through the hidden option ``--list-ids KIND``,
  which prints the ids one a line and is quick (no graph is built);
- ``--catalogue NAME|PATH`` completes the installed catalogues' names and files;
- an argument with ``choices`` (``--level``, ``--mode``, ``--cost``, ``--format`` ...)
  completes its values (shtab reads them from argparse).

Anything else (a number, a title, a URL) is free text and completes nothing.
"""

import argparse
import sys
import warnings
from collections.abc import Iterator, Sequence
from typing import Any

from . import EXIT_OK

__all__ = ["SHELLS", "add_completers", "add_list_ids_option", "add_parser", "run"]

SHELLS = ("bash", "zsh", "fish")
_INSTALL = {
    "bash": "participatory completion bash > ~/.local/share/bash-completion/completions/participatory",
    "zsh": 'participatory completion zsh > "${fpath[1]}/_participatory"',
    "fish": "participatory completion fish > ~/.config/fish/completions/participatory.fish",
}

#: Options whose value is the id of a record of one kind, by the option's ``dest``.
ID_OPTIONS = {
    "stage": "stage",
    "stakeholder": "stakeholder",
    "technique": "technique",
    "checklist": "checklist",
}
#: Positional arguments whose value is a record's id of any kind: (command, dest).
ID_POSITIONALS = frozenset({("show", "id")})
#: Metavars of arguments that name a file (to read or to write).
FILE_METAVARS = frozenset({"PATH", "FILE", "PLAN", "MAP.toml", "NAME.toml", "PATH_OR_TEXT"})
#: Metavars of arguments that name a directory.
DIR_METAVARS = frozenset({"DIR", "CATALOGUE_DIR"})
#: Metavars of arguments that name an installed catalogue or a catalogue's file or directory.
CATALOGUE_METAVARS = frozenset({"NAME|PATH", "NAME_OR_PATH"})
#: Options that name a file to write whatever their metavar.
FILE_OPTIONS = frozenset({"--output"})
#: What ``--list-ids`` lists: a record kind, ``any`` record or the installed ``catalogue`` names.
LISTABLE = ("any", "catalogue", *ID_OPTIONS.values())


def add_parser(sub: "argparse._SubParsersAction[Any]") -> None:
    """Register the ``completion`` sub-command."""
    p = sub.add_parser(
        "completion",
        help="print a shell completion script for bash, zsh or fish",
        description="Print a completion script for the shell. Paths complete as files, ids "
        "(show, --stage, --stakeholder, --technique, --checklist) from the installed catalogues, "
        "and values such as --level, --mode and --cost from their choices. Install it with, for "
        "example:\n" + "\n".join(f"  {cmd}" for cmd in _INSTALL.values()),
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    p.add_argument("shell", choices=SHELLS, metavar="bash|zsh|fish", help="the shell")
    p.set_defaults(func=run)


class _ListIds(argparse.Action):
    """Print the ids of one kind in the installed catalogues, one a line, and exit 0."""

    def __call__(
        self, parser: argparse.ArgumentParser, namespace: argparse.Namespace, values: Any, option: Any = None
    ) -> None:
        for word in _listed(str(values)):
            print(word)
        parser.exit(EXIT_OK)


def _listed(kind: str) -> Iterator[str]:
    """Yield what ``--list-ids KIND`` prints; nothing when no catalogue loads (never an error)."""
    from .._errors import CatalogueError

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # a broken plugin must not print into a completion
        try:
            if kind == "catalogue":
                from .._registry import catalogues

                yield from (status.name for status in catalogues())
                return
            from ._load import installed

            cat = installed()
        except (CatalogueError, OSError):
            return
        if kind == "any":
            yield from cat
        else:
            yield from cat.of_kind(kind)


def add_list_ids_option(parser: argparse.ArgumentParser) -> None:
    """Add the hidden ``--list-ids KIND`` option that the completion scripts call."""
    parser.add_argument("--list-ids", action=_ListIds, choices=LISTABLE, help=argparse.SUPPRESS)


def _ids(kind: str) -> dict[str, Any]:
    import shtab

    return shtab.cmd(f"participatory --list-ids {kind} 2>/dev/null")


def _catalogue_completer() -> dict[str, Any]:
    """Installed catalogue names and files in bash; files in the other shells."""
    import shtab

    names = _ids("catalogue")
    fn = "_participatory_catalogue_or_path"
    return {
        **shtab.FILE,
        "bash": fn,
        "preamble": {
            "bash": f"{names['preamble']['bash']}\n"
            f'{fn}() {{\n  {names["bash"]} "$1"\n  compgen -f -- "$1"\n}}\n',
        },
    }


def _completer(command: str, action: argparse.Action) -> Any:
    """Return the shtab completer for one argument, or None for free text."""
    import shtab

    if action.choices is not None:
        return None  # shtab completes the choices themselves
    if action.option_strings and action.dest in ID_OPTIONS:
        return _ids(ID_OPTIONS[action.dest])
    if not action.option_strings and (command, action.dest) in ID_POSITIONALS:
        return _ids("any")
    metavar = action.metavar if isinstance(action.metavar, str) else None
    if metavar in CATALOGUE_METAVARS:
        return _catalogue_completer()
    if metavar in DIR_METAVARS:
        return shtab.DIRECTORY
    if metavar in FILE_METAVARS or FILE_OPTIONS.intersection(action.option_strings):
        return shtab.FILE
    return None


def _arguments(
    parser: argparse.ArgumentParser, path: Sequence[str] = ()
) -> Iterator[tuple[str, argparse.Action]]:
    """Yield ``(command path, action)`` for every argument that takes a value, in every sub-command."""
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for name, child in action.choices.items():
                yield from _arguments(child, (*path, name))
        elif action.nargs != 0 and action.help != argparse.SUPPRESS:
            yield " ".join(path), action


def add_completers(parser: argparse.ArgumentParser) -> argparse.ArgumentParser:
    """Mark each argument of ``parser`` with what it completes (shtab's ``complete``); return it."""
    for command, action in _arguments(parser):
        completer = _completer(command, action)
        if completer is not None:
            action.complete = completer  # type: ignore[attr-defined]
    return parser


def run(args: argparse.Namespace) -> int:
    """Print the script."""
    import shtab

    from . import build_parser

    sys.stdout.write(shtab.complete(add_completers(build_parser()), shell=args.shell))
    return EXIT_OK
