"""``participatory export FORMAT PATH``: write the technique graph to a file."""

import argparse
import sys
from typing import Any

from .._errors import UnknownIdError
from .._export import CSV_TABLES, EXPORTS, RENDERERS, render
from .._io import check_output
from . import EXIT_OK, EXIT_USAGE
from ._load import add_catalogue_option, catalogue_from_args, non_empty


def add_parser(sub: "argparse._SubParsersAction[Any]") -> None:
    """Register the ``export`` sub-command."""
    p = sub.add_parser(
        "export",
        help="write the technique graph as node-link JSON, GraphML, GEXF, CSV, JSON-LD, Mermaid or DOT",
        description=(
            "Write the graph of the catalogues to PATH (atomically). csv writes a directory with "
            "nodes.csv and edges.csv; PATH '-' prints the other formats to standard output."
        ),
    )
    p.add_argument("format", choices=EXPORTS, metavar="FORMAT", help=f"one of: {', '.join(EXPORTS)}")
    p.add_argument("path", metavar="PATH", help="file to write (a directory for csv; '-' for stdout)")
    p.add_argument(
        "--stage",
        "-s",
        action="append",
        type=non_empty,
        metavar="STAGE",
        help="only the graph of these stages",
    )
    p.add_argument("--force", action="store_true", help="replace PATH if it exists")
    add_catalogue_option(p)
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    """Write the export."""
    if args.path != "-":
        csv = args.format == "csv"
        inputs = args.catalogue or ()
        check_output(args.path, overwrite=args.force, directory=csv, replaces=CSV_TABLES, inputs=inputs)
    graph = catalogue_from_args(args).graph()
    if args.stage:
        try:
            graph = graph.subgraph(stage=args.stage)
        except UnknownIdError as e:
            print(f"participatory export: error: {e}", file=sys.stderr)
            return EXIT_USAGE
    if args.path == "-":
        if args.format not in RENDERERS:
            print("participatory export: error: csv writes a directory; give its path", file=sys.stderr)
            return EXIT_USAGE
        sys.stdout.write(render(graph, args.format))
        return EXIT_OK
    written = graph.export(args.format, args.path, overwrite=args.force)
    print(f"wrote {written}", file=sys.stderr)
    return EXIT_OK
