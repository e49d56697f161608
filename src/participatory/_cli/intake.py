"""``participatory intake import|list|check|review|approve|hold|reject|withdraw``: moderation in files."""

import argparse
import getpass
import json
import os
import sys
from typing import Any

from . import EXIT_OK, EXIT_PROBLEMS

_KINDS = ("opportunity", "answer", "case")
#: The inbox used when ``--inbox`` is not given (``$PARTICIPATORY_INBOX``, else ``inbox``).
DEFAULT_INBOX = "inbox"


def _inbox_option(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "--inbox",
        metavar="DIR",
        default=os.environ.get("PARTICIPATORY_INBOX", DEFAULT_INBOX),
        help="the inbox folder: private, never published (default: $PARTICIPATORY_INBOX or ./inbox)",
    )


def _format_option(p: argparse.ArgumentParser) -> None:
    p.add_argument("--format", choices=("text", "json"), default="text", help="output format")


def _reviewer_option(p: argparse.ArgumentParser) -> None:
    p.add_argument("--reviewer", metavar="NAME", help="who decides (default: your login name)")


def add_parser(sub: "argparse._SubParsersAction[Any]") -> None:
    """Register the ``intake`` sub-command and its steps."""
    p = sub.add_parser(
        "intake",
        help="turn form responses into reviewed records, through a private inbox",
        description=(
            "Moderation in files, with no server: import form responses as drafts into a private "
            "inbox, check them for personal data, review them against the rubric, and approve "
            "(into a catalogue), hold, reject or withdraw each. A decision deletes the sender's "
            "contact. The inbox is never read by catalogue readers or the site build."
        ),
    )
    steps = p.add_subparsers(dest="step", metavar="STEP", parser_class=type(p), required=True)

    imp = steps.add_parser(
        "import",
        help="turn a file of form responses into drafts",
        description=(
            "Read the site's form download (.toml) or a CSV export of Microsoft Forms, JISC Online "
            "Surveys, Google Forms or Qualtrics, and add one draft a response to the inbox (all or "
            "none). A response already in the inbox is skipped. Exit 0 when imported, 1 when the "
            "file cannot be (every problem is listed, with its row and column), 2 for a usage error."
        ),
    )
    imp.add_argument("file", metavar="FILE", help="the responses: a .toml form download or a .csv export")
    imp.add_argument("--as", dest="kind", required=True, choices=_KINDS, help="the kind of record proposed")
    imp.add_argument(
        "--mapping", metavar="MAP.toml", help="column headings to fields (default: the shipped one)"
    )
    from .._intake import TOOLS

    imp.add_argument(
        "--tool", choices=tuple(TOOLS), help="the survey tool (default: recognised from the header)"
    )
    imp.add_argument(
        "--catalogue",
        "-c",
        action="append",
        metavar="NAME|PATH",
        help="where answers naming techniques, stages and people are found (default: every installed one)",
    )
    imp.add_argument("--contact", default="", help="how to reach the sender, when the file does not say")
    imp.add_argument(
        "--consent",
        action="append",
        default=[],
        metavar="NAME",
        help="what the sender agreed to (publish, attribution), when the file does not say; repeatable",
    )
    _inbox_option(imp)
    _format_option(imp)
    imp.set_defaults(func=run_import)

    lst = steps.add_parser("list", help="list the drafts and their status")
    lst.add_argument("--status", choices=("received", "needs-info", "approved", "rejected", "withdrawn"))
    _inbox_option(lst)
    _format_option(lst)
    lst.set_defaults(func=run_list)

    chk = steps.add_parser(
        "check",
        help="flag personal data in drafts",
        description=(
            "Flag e-mail addresses, telephone numbers, NHS numbers (checksum verified), postcodes, "
            "dates of birth and health disclosures about named people in the drafts' records. "
            "Exit 1 when anything is flagged."
        ),
    )
    chk.add_argument("ids", nargs="*", metavar="ID", help="drafts to check (default: all)")
    _inbox_option(chk)
    _format_option(chk)
    chk.set_defaults(func=run_check)

    rev = steps.add_parser(
        "review",
        help="show drafts against the moderation rubric",
        description=(
            "Show each undecided draft against the rubric: relevant, required fields, plain "
            "language, no personal details, payment and support stated for roles asked of the "
            "public, closing date in the future, import notes. Exit 1 when an item fails."
        ),
    )
    rev.add_argument("ids", nargs="*", metavar="ID", help="drafts to review (default: all undecided)")
    rev.add_argument(
        "--catalogue", metavar="DIR", help="the catalogue they would go into (to spot ids in use)"
    )
    rev.add_argument("--all", action="store_true", help="decided drafts too")
    _inbox_option(rev)
    _format_option(rev)
    rev.set_defaults(func=run_review)

    app = steps.add_parser(
        "approve",
        help="write a draft's record into a catalogue",
        description=(
            "Write the draft's record into the catalogue's TOML (keeping its comments and layout), "
            "mark the draft approved and delete the sender's contact. Refused, with every reason, "
            "when the record is invalid, its id is taken or it holds personal data."
        ),
    )
    app.add_argument("id", metavar="ID", help="the draft")
    app.add_argument("--into", required=True, metavar="CATALOGUE_DIR", help="the catalogue's folder")
    app.add_argument("--id", dest="record_id", metavar="NEW_ID", help="publish under another id")
    app.add_argument("--file", metavar="NAME.toml", help="the catalogue file to add it to")
    app.add_argument("--accept-flags", metavar="REASON", default="", help="publish despite flags, saying why")
    _reviewer_option(app)
    _inbox_option(app)
    app.set_defaults(func=run_approve)

    for name, status, text in (
        ("hold", "needs-info", "ask the sender for more information (keeps the contact)"),
        ("reject", "rejected", "reject a draft (deletes the contact)"),
        ("withdraw", "withdrawn", "the sender took it back (deletes the contact and the record)"),
    ):
        dec = steps.add_parser(name, help=text, description=text[0].upper() + text[1:] + ".")
        dec.add_argument("id", metavar="ID", help="the draft")
        dec.add_argument("--reason", action="append", default=[], help="why; repeatable")
        _reviewer_option(dec)
        _inbox_option(dec)
        dec.set_defaults(func=run_decide, status=status)


def _reviewer(args: argparse.Namespace) -> str:
    if args.reviewer:
        return str(args.reviewer)
    try:
        return getpass.getuser()
    except (OSError, KeyError):  # no login name (a container without a user entry)
        return ""


def _problems(problems: list[Any]) -> None:
    for problem in problems:
        print(f"participatory: warning: {problem}", file=sys.stderr)


def run_import(args: argparse.Namespace) -> int:
    """Import a file of responses."""
    from .._intake import import_responses
    from ._load import catalogue_from_args

    names = None if args.file.endswith((".toml", ".json")) else catalogue_from_args(args)
    summary = import_responses(
        args.file,
        args.kind,
        args.inbox,
        mapping=args.mapping,
        tool=args.tool,
        contact=args.contact,
        consents=args.consent,
        names=names,
    )
    if args.format == "json":
        json.dump(summary.to_dict(), sys.stdout, indent=2, ensure_ascii=False)
        print()
    else:
        print(summary)
    return EXIT_OK


def run_list(args: argparse.Namespace) -> int:
    """List the drafts."""
    from .._intake import Inbox

    drafts, problems = Inbox(args.inbox).drafts()
    _problems(problems)
    rows = [d for d in drafts if args.status is None or d.envelope.status == args.status]
    if args.format == "json":
        out = [
            {
                "id": d.id,
                "kind": d.envelope.kind,
                "status": d.envelope.status,
                "received": d.envelope.received,
                "channel": d.envelope.channel,
                "name": d.record.get("name", ""),
            }
            for d in rows
        ]
        json.dump(out, sys.stdout, indent=2, ensure_ascii=False)
        print()
        return EXIT_OK
    for d in rows:
        print(f"{d.id}\t{d.envelope.status}\t{d.envelope.received}\t{d.envelope.channel}")
    print(f"{len(rows)} draft{'s' if len(rows) != 1 else ''}", file=sys.stderr)
    return EXIT_OK


def run_check(args: argparse.Namespace) -> int:
    """Flag personal data."""
    from .._intake import check_drafts

    found, problems = check_drafts(args.inbox, args.ids)
    _problems(problems)
    flagged = {i: f for i, f in found.items() if any(x.level == "flag" for x in f)}
    if args.format == "json":
        out = {
            i: [{"field": x.field, "what": x.what, "excerpt": x.excerpt, "level": x.level} for x in f]
            for i, f in found.items()
        }
        json.dump(out, sys.stdout, indent=2, ensure_ascii=False)
        print()
    else:
        for draft_id, findings in found.items():
            for finding in findings:
                print(f"{draft_id}: {finding}")
        print(f"{len(flagged)} of {len(found)} drafts with personal data flagged", file=sys.stderr)
    return EXIT_PROBLEMS if flagged or problems else EXIT_OK


def _measure() -> Any:
    from importlib import import_module

    try:
        module = import_module("participatory._readability")
    except ImportError:  # a participatory without the readability measures
        return None
    return getattr(module, "readability", None)


def run_review(args: argparse.Namespace) -> int:
    """Review drafts against the rubric."""
    from .._intake import review_drafts

    taken: list[str] = []
    if args.catalogue:
        from .._catalogue import Catalogue
        from .._registry import current_registry

        target = Catalogue.from_path(args.catalogue)
        context, _ = current_registry().extends_context(target)
        known = context.merge(target) if context is not None else target
        taken = list(target)
    else:
        from ._load import installed

        known = installed()
    reviews, problems = review_drafts(
        args.inbox, args.ids, measure=_measure(), taken=taken, known=known, decided=args.all
    )
    _problems(problems)
    if args.format == "json":
        json.dump([r.to_dict() for r in reviews], sys.stdout, indent=2, ensure_ascii=False)
        print()
    else:
        print("\n\n".join(str(r) for r in reviews) if reviews else "no drafts to review")
    return EXIT_OK if all(r.ready for r in reviews) and not problems else EXIT_PROBLEMS


def run_approve(args: argparse.Namespace) -> int:
    """Approve a draft into a catalogue."""
    from .._intake import approve

    done = approve(
        args.inbox,
        args.id,
        args.into,
        record_id=args.record_id,
        file=args.file,
        reviewer=_reviewer(args),
        accept=args.accept_flags,
    )
    print(done)
    return EXIT_OK


def run_decide(args: argparse.Namespace) -> int:
    """Hold, reject or withdraw a draft."""
    from .._intake import decide

    draft = decide(args.inbox, args.id, args.status, reasons=args.reason, reviewer=_reviewer(args))
    print(f"{draft.id}: {draft.envelope.status}")
    return EXIT_OK
