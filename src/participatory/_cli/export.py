"""``participatory export FORMAT PATH``: write the technique graph to a file."""

import argparse
import sys
from typing import Any

from .._errors import CatalogueError
from .._export import (
    CSV_TABLES,
    DOT_MAX_EDGES,
    EXPORTS,
    MERMAID_MAX_EDGES,
    RENDERERS,
    check_base_url,
    check_size,
    export,
    render,
    select,
)
from .._io import check_output
from .._kinds import NODE_KINDS
from . import EXIT_OK, EXIT_USAGE, message
from ._load import add_catalogue_option, catalogue_from_args, non_empty, positive


def add_parser(sub: "argparse._SubParsersAction[Any]") -> None:
    """Register the ``export`` sub-command."""
    p = sub.add_parser(
        "export",
        help="write the technique graph as node-link JSON, GraphML, GEXF, CSV, JSON-LD, Mermaid or DOT",
        description=(
            "Write the graph of the catalogues to PATH (atomically). csv writes a directory with "
            "nodes.csv, edges.csv and catalogue.csv; PATH '-' prints the other formats to standard "
            "output. Every format keeps each record's sources and the catalogues' licence and "
            f"version. Mermaid draws at most {MERMAID_MAX_EDGES} edges by default and dot "
            f"{DOT_MAX_EDGES} (Graphviz takes minutes over more and draws a mesh): narrow the graph "
            "with --stage, --technique and --kinds. jsonld names each record by its page on the "
            "site at --base-url. An existing PATH is replaced only with --force. "
            "Exit 2 when an option names nothing known or the graph is too big."
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
    p.add_argument(
        "--technique",
        "-t",
        action="append",
        type=non_empty,
        metavar="ID",
        help="only these techniques and what they link to (repeatable)",
    )
    p.add_argument(
        "--kinds",
        "-k",
        type=non_empty,
        metavar="KIND,...",
        help=f"only these kinds of node, comma-separated ({', '.join(NODE_KINDS)})",
    )
    p.add_argument(
        "--max-edges",
        type=positive,
        metavar="N",
        help=(
            f"refuse a graph with more than N edges "
            f"(default for mermaid: {MERMAID_MAX_EDGES}, for dot: {DOT_MAX_EDGES})"
        ),
    )
    p.add_argument(
        "--base-url",
        type=non_empty,
        metavar="URL",
        help="jsonld: the address the catalogue's site is published at; records are named by their pages",
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
    base_url = args.base_url or ""
    narrowing = {"stage": args.stage, "technique": args.technique, "kinds": args.kinds}
    try:
        _, selected = select(graph, **narrowing)
        check_size(selected, args.format, args.max_edges)
        if args.base_url and args.format != "jsonld":
            raise CatalogueError(f"--base-url is for the jsonld format, not {args.format}")
        check_base_url(base_url)
    except CatalogueError as e:
        print(f"participatory export: error: {message(e)}", file=sys.stderr)
        return EXIT_USAGE
    if args.path == "-":
        if args.format not in RENDERERS:
            print("participatory export: error: csv writes a directory; give its path", file=sys.stderr)
            return EXIT_USAGE
        sys.stdout.write(render(graph, args.format, max_edges=args.max_edges, base_url=base_url, **narrowing))
        return EXIT_OK
    written = export(
        graph,
        args.format,
        args.path,
        max_edges=args.max_edges,
        base_url=base_url,
        overwrite=args.force,
        **narrowing,
    )
    print(f"wrote {written}", file=sys.stderr)
    return EXIT_OK
