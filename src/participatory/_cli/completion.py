"""``participatory completion bash|zsh|fish``: print a shell completion script (via shtab)."""

import argparse
import sys
from typing import Any

from . import EXIT_OK

SHELLS = ("bash", "zsh", "fish")
_INSTALL = {
    "bash": "participatory completion bash > ~/.local/share/bash-completion/completions/participatory",
    "zsh": 'participatory completion zsh > "${fpath[1]}/_participatory"',
    "fish": "participatory completion fish > ~/.config/fish/completions/participatory.fish",
}


def add_parser(sub: "argparse._SubParsersAction[Any]") -> None:
    """Register the ``completion`` sub-command."""
    p = sub.add_parser(
        "completion",
        help="print a shell completion script for bash, zsh or fish",
        description="Print a completion script for the shell. Install it with, for example:\n"
        + "\n".join(f"  {cmd}" for cmd in _INSTALL.values()),
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    p.add_argument("shell", choices=SHELLS, metavar="bash|zsh|fish", help="the shell")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    """Print the script."""
    import shtab

    from . import build_parser

    sys.stdout.write(shtab.complete(build_parser(), shell=args.shell))
    return EXIT_OK
