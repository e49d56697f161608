"""``participatory plan new|audit|suggest|report``: involvement plans on the command line."""

import argparse
import json
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any, TextIO

import attrs

from .. import _io
from .._catalogue import Catalogue
from .._convert import unstructure
from .._defaults import CHECKLIST_ALIASES, DEFAULT_CHECKLIST
from .._errors import CatalogueError, CatalogueValidationError, CatalogueWriteError
from .._model import Cost, Level, Mode
from .._plan import Activity, Plan, PlanInfo
from .._schema import did_you_mean
from . import EXIT_OK, EXIT_PROBLEMS, EXIT_USAGE, _Parser
from ._term import SEVERITY_COLOURS, use_colour, write_styled

_HEADER = """\
# Involvement plan. One [[activity]] per involvement activity: keep, change or delete each.
# Required: technique, stage, stakeholders and level, as ids from the catalogues named in
# [plan] catalogues (levels: inform, consult, involve, collaborate, empower).
# Then record when, mode (in-person, online, hybrid), reach (under-served groups reached),
# not_reached, payment, support, feedback (how contributors hear what happened to their
# input) and, once known, impact (what changed). For a budget, fill in contributors,
# sessions, hours, preparation_hours and travel_hours (see docs/plans.md for expenses, the
# "you said, we did" log and wellbeing). Check it: participatory plan audit FILE
"""
#: Numbers a skeleton activity shows, to fill in for a budget.
_COSTING = ("contributors", "sessions", "hours", "preparation_hours", "travel_hours")
_REPORT_ALIASES = CHECKLIST_ALIASES


def add_parser(sub: "argparse._SubParsersAction[Any]") -> None:
    """Register the ``plan`` sub-command and its own sub-commands."""
    p = sub.add_parser(
        "plan",
        help="write, audit, suggest and report involvement plans",
        description="Work with involvement plans: a [plan] table and [[activity]] tables in TOML or JSON.",
    )
    p.set_defaults(func=lambda _: _usage(p))
    plan_sub = p.add_subparsers(dest="plan_command", metavar="ACTION", parser_class=_Parser)

    new = plan_sub.add_parser(
        "new",
        help="write a plan skeleton with an activity for every stage",
        description="Write a plan skeleton: a suggested activity for every stage, fields left to fill in.",
    )
    new.add_argument("--title", default="Involvement plan", help="the plan's title")
    new.add_argument("--output", "-o", default="plan.toml", help="file to write (.toml or .json)")
    new.add_argument("--force", action="store_true", help="overwrite the output file if it exists")
    _stakeholder_option(new)
    _catalogue_option(new)
    new.set_defaults(func=_new)

    audit = plan_sub.add_parser(
        "audit",
        help="check a plan for gaps; exit 1 when a finding has severity error",
        description=(
            "Audit a plan against the rules (see docs/plans.md). Exit 0 when no finding has "
            "severity error, 1 otherwise or when the plan is invalid, 2 for a usage error."
        ),
    )
    audit.add_argument("plan", metavar="PLAN", help="the plan file")
    audit.add_argument("--format", choices=("text", "json"), default="text", help="output format")
    _catalogue_option(audit)
    audit.set_defaults(func=_audit)

    suggest = plan_sub.add_parser(
        "suggest",
        help="suggest a plan with an activity for every stage",
        description="Suggest a plan: one technique or more for every stage, within the constraints given.",
    )
    _stakeholder_option(suggest)
    suggest.add_argument(
        "--mode", action="append", choices=[m.value for m in Mode], help="acceptable mode (repeatable)"
    )
    suggest.add_argument("--max-cost", choices=[c.value for c in Cost], help="most expensive cost band")
    suggest.add_argument(
        "--min-level", choices=[lv.value for lv in Level], help="shallowest level acceptable"
    )
    suggest.add_argument(
        "--underserved", action="append", metavar="GROUP", help="under-served group to reach (repeatable)"
    )
    suggest.add_argument("--title", default="Suggested involvement plan", help="the plan's title")
    suggest.add_argument("--output", "-o", help="file to write (.toml or .json); default: print TOML")
    suggest.add_argument("--force", action="store_true", help="overwrite the output file if it exists")
    _catalogue_option(suggest)
    suggest.set_defaults(func=_suggest)

    report = plan_sub.add_parser(
        "report",
        help="fill GRIPP2, UK Standards or reflective questions from a plan",
        description=(
            "Fill a checklist from a plan: gripp2-sf, uk-standards, reflective (or any checklist id "
            "in the catalogue). Gaps are marked, never filled in. HTML is one accessible page."
        ),
    )
    report.add_argument("plan", metavar="PLAN", help="the plan file")
    report.add_argument(
        "--checklist", "-k", default=DEFAULT_CHECKLIST, metavar="CHECKLIST", help="checklist id"
    )
    report.add_argument(
        "--format",
        "-f",
        dest="checklist",
        action=_DeprecatedChecklist,
        metavar="CHECKLIST",
        help="deprecated spelling of --checklist (--format means an output format elsewhere)",
    )
    report.add_argument(
        "--activity",
        "-a",
        type=int,
        metavar="N",
        help="instead of a checklist, a plain 'you said, we did' summary for the contributors of activity N "
        "(.txt or .html)",
    )
    report.add_argument("--output", "-o", help="file to write (.md or .html); default: print Markdown")
    report.add_argument("--force", action="store_true", help="overwrite the output file if it exists")
    _catalogue_option(report)
    report.set_defaults(func=_report)

    budget = plan_sub.add_parser(
        "budget",
        help="cost a plan: fees and expenses per activity, in total and by project year",
        description=(
            "Cost a plan's activities with a payment policy's rates (or each activity's own "
            "pay_per_hour). CSV gives one budget line a row, for a grant form."
        ),
    )
    budget.add_argument("plan", metavar="PLAN", help="the plan file")
    budget.add_argument(
        "--rates", metavar="ID", help="id of the payment policy to use (default: [plan] payment_policy)"
    )
    _format_option(budget)
    _output_option(budget)
    _catalogue_option(budget)
    budget.set_defaults(func=_budget)

    advert = plan_sub.add_parser(
        "advert",
        help="draft an advert for one activity, checked for completeness and readability",
        description=(
            "Draft the opportunity for activity N (counted from 1): what, when, time asked, pay and "
            "expenses, support, accessibility, who can take part, how to apply. Exit 1 when a heading "
            "has nothing from the plan. --format toml writes it as an [[opportunity]] record for a "
            "catalogue (exit 1, listing every missing fact, when the plan lacks one)."
        ),
    )
    advert.add_argument("plan", metavar="PLAN", help="the plan file")
    advert.add_argument("activity", metavar="ACTIVITY", type=int, help="the activity's number, from 1")
    _format_option(advert, ("text", "html", "json", "toml"))
    advert.add_argument(
        "--id",
        metavar="ID",
        help="with --format toml or --inbox: the opportunity record's id (default: from the activity's name)",
    )
    advert.add_argument(
        "--inbox",
        metavar="DIR",
        help="put the opportunity record into this intake inbox for review, instead of printing it",
    )
    _output_option(advert)
    _catalogue_option(advert)
    advert.set_defaults(func=_advert)

    recognise = plan_sub.add_parser(
        "recognise",
        aliases=["recognize"],
        help="draft contribution statements, acknowledgements and authorship prompts for each role",
        description=(
            "For each kind of public contributor in the plan: a contribution statement, acknowledgement "
            "text for papers, and a prompt on the ICMJE authorship criteria. No person is named."
        ),
    )
    recognise.add_argument("plan", metavar="PLAN", help="the plan file")
    _format_option(recognise, ("text", "html", "json"))
    _output_option(recognise)
    _catalogue_option(recognise)
    recognise.set_defaults(func=_recognise)


class _DeprecatedChecklist(argparse.Action):
    """``plan report --format CHECKLIST``: the old spelling of ``--checklist``, with a warning."""

    def __call__(
        self,
        parser: argparse.ArgumentParser,
        namespace: argparse.Namespace,
        values: Any,
        option_string: str | None = None,
    ) -> None:
        print(
            f"participatory plan report: warning: {option_string} is deprecated for the checklist; "
            "use --checklist (--format will mean the output format, as in other commands)",
            file=sys.stderr,
        )
        setattr(namespace, self.dest, values)


def _usage(p: argparse.ArgumentParser) -> int:
    p.print_help(sys.stderr)
    return EXIT_USAGE


def _stakeholder_option(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "--stakeholder",
        action="append",
        metavar="ID",
        help="kind of people to involve (repeatable; default patient, carer and public)",
    )


def _format_option(
    p: argparse.ArgumentParser, choices: tuple[str, ...] = ("table", "json", "csv", "html")
) -> None:
    p.add_argument("--format", "-f", choices=choices, default=choices[0], help="output format")


def _output_option(p: argparse.ArgumentParser) -> None:
    p.add_argument("--output", "-o", help="file to write; default: print")
    p.add_argument("--force", action="store_true", help="overwrite the output file if it exists")


def _emit(text: str, args: argparse.Namespace, what: str) -> int:
    """Print ``text``, or write it atomically to ``--output`` (never over a file without --force)."""
    if args.output:
        _io.check_output(args.output, overwrite=args.force, inputs=[args.plan, *(args.catalogue or ())])
        _io.atomic_write(Path(args.output), text)
        print(f"wrote {args.output}: {what}", file=sys.stderr)
    else:
        sys.stdout.write(text if text.endswith("\n") else text + "\n")
    return EXIT_OK


def _catalogue_option(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "--catalogue",
        "-c",
        action="append",
        metavar="NAME|PATH",
        help="catalogue to resolve ids in (repeatable; default: those the plan names, or core)",
    )


def _catalogue(args: argparse.Namespace, names: tuple[str, ...] = ("core",)) -> Catalogue:
    from ._load import catalogue_from_args

    return catalogue_from_args(args, default=names or ("core",))


def _read_plan(args: argparse.Namespace) -> Plan:
    """Read ``args.plan``; if it has problems, report every one at once.

    A plan that cannot be read is read again with its ids checked against its
    catalogues (``--catalogue``, else those it names), so that an unknown level does
    not hide an unknown technique, stage or stakeholder.
    """
    from .._loader import read_document

    try:
        return Plan.from_path(args.plan)
    except CatalogueValidationError as first:
        doc, _ = read_document(Path(args.plan), args.plan)
        info = doc.get("plan") if isinstance(doc, dict) else None
        named = info.get("catalogues") if isinstance(info, dict) else None
        names = tuple(n for n in named if isinstance(n, str)) if isinstance(named, list) else ()
        try:
            catalogue = _catalogue(args, names)
        except CatalogueError:  # the catalogues cannot be loaded: the plan's own problems stand
            raise first from None
        Plan.from_path(args.plan, catalogue=catalogue)  # raises again, listing every problem
        raise


def _unknown_stakeholders(args: argparse.Namespace, catalogue: Catalogue, command: str) -> bool:
    """Say, as a usage error, each ``--stakeholder`` the catalogue lacks; return whether any."""
    unknown = [
        (s, why) for s in args.stakeholder or () if (why := catalogue.reference_problem(s, "stakeholder"))
    ]
    for _, why in unknown:
        print(f"participatory plan {command}: error: argument --stakeholder: {why}", file=sys.stderr)
    return bool(unknown)


def _check_target(path: str, args: argparse.Namespace) -> Path:
    target = Path(path)
    if target.suffix not in _io.FORMATS:
        raise CatalogueWriteError(f"{target}: a plan file must end in .toml or .json")
    return _io.check_output(target, overwrite=args.force, inputs=args.catalogue or ())


def _new(args: argparse.Namespace) -> int:
    from .._suggest import suggest_plan

    target = _check_target(args.output, args)
    cat = _catalogue(args)
    if _unknown_stakeholders(args, cat, "new"):
        return EXIT_USAGE
    suggestion = suggest_plan(cat, stakeholders=args.stakeholder, title=args.title)
    doc = suggestion.plan.to_document()
    doc["plan"] = _skeleton(PlanInfo, doc["plan"])
    doc["activity"] = [
        _skeleton(Activity, act, clear=("payment", "support", "feedback")) for act in doc.get("activity", [])
    ]
    text = _io.dumps(doc, target.suffix)
    _io.atomic_write(target, _HEADER + "\n" + text if target.suffix == ".toml" else text)
    print(f"wrote {target}: {len(doc['activity'])} activities, one or more for every stage", file=sys.stderr)
    return EXIT_OK


def _skeleton(cls: type[Any], given: dict[str, Any], clear: tuple[str, ...] = ()) -> dict[str, Any]:
    """``given`` with every text and list field of ``cls`` present, in field order, to fill in."""
    out: dict[str, Any] = {}
    for field in attrs.fields(cls):
        if field.name in given and field.name not in clear:
            out[field.name] = given[field.name]
        elif field.default == "":
            out[field.name] = ""
        elif field.default == ():
            out[field.name] = []
        elif type(field.default) in (int, float) and field.name in _COSTING:
            out[field.name] = field.default
    return out


def _audit(args: argparse.Namespace) -> int:
    plan = _read_plan(args)
    result = plan.audit(_catalogue(args, plan.catalogues))
    if args.format == "json":
        json.dump(result.to_dict(), sys.stdout, indent=2)
        print()
    else:
        _print_audit(str(result), sys.stdout)
    return EXIT_OK if result.ok else EXIT_PROBLEMS


def _print_audit(text: str, stream: TextIO) -> None:
    """Print an audit, the severity that starts each finding line in colour on a terminal."""
    on = use_colour(stream)
    for line in text.splitlines():
        word, sep, rest = line.partition(":")
        if on and sep and word in SEVERITY_COLOURS:
            write_styled(stream, word, SEVERITY_COLOURS[word])
            line = sep + rest  # noqa: PLW2901
        stream.write(line + "\n")


def _suggest(args: argparse.Namespace) -> int:
    from .._suggest import suggest_plan

    target = _check_target(args.output, args) if args.output else None
    cat = _catalogue(args)
    if _unknown_stakeholders(args, cat, "suggest"):
        return EXIT_USAGE
    constraints: dict[str, Any] = {
        "modes": args.mode or [],
        "max_cost": args.max_cost,
        "min_level": args.min_level,
        "underserved": args.underserved or [],
    }
    suggestion = suggest_plan(
        cat,
        stakeholders=args.stakeholder,
        constraints=constraints,
        title=args.title,
    )
    if target is None:
        sys.stdout.write(_io.toml_dumps(suggestion.plan.to_document()))
    else:
        suggestion.plan.to_path(target, overwrite=args.force)
    print(suggestion, file=sys.stderr)
    return EXIT_OK if suggestion.audit.ok else EXIT_PROBLEMS


def _report(args: argparse.Namespace) -> int:
    if args.activity is not None:
        plan = _read_plan(args)
        summary = plan.contributor_summary(args.activity, _catalogue(args, plan.catalogues))
        html = bool(args.output) and Path(args.output).suffix in (".html", ".htm")
        return _emit(
            summary.to_html() if html else summary.to_text(), args, f"summary of activity {args.activity}"
        )
    if args.output:
        _io.check_output(args.output, overwrite=args.force, inputs=[args.plan, *(args.catalogue or ())])
    plan = _read_plan(args)
    checklist = _REPORT_ALIASES.get(args.checklist, args.checklist)
    cat = _catalogue(args, plan.catalogues)
    if checklist not in cat.checklists:
        known = [*_REPORT_ALIASES, *cat.checklists]
        hint = did_you_mean(checklist, known)
        print(f"participatory plan report: error: unknown checklist {checklist!r}{hint}", file=sys.stderr)
        return EXIT_USAGE
    report = plan.report(checklist, cat)
    if args.output:
        report.write(args.output, overwrite=args.force)
        print(f"wrote {args.output}: {len(report.items)} items, {report.gaps} gaps marked", file=sys.stderr)
    else:
        sys.stdout.write(report.to_markdown())
    return EXIT_OK


def _budget(args: argparse.Namespace) -> int:
    if args.output:
        _io.check_output(args.output, overwrite=args.force, inputs=[args.plan, *(args.catalogue or ())])
    plan = _read_plan(args)
    wants_catalogue = bool(args.rates or plan.info.payment_policy or args.catalogue)
    cat = _catalogue(args, plan.catalogues) if wants_catalogue else None
    result = plan.budget(cat, rates=args.rates)
    render: dict[str, Callable[[Any], str]] = {
        "table": str,
        "json": lambda b: b.to_json(),
        "csv": lambda b: b.to_csv(),
        "html": lambda b: b.to_html(),
    }
    return _emit(
        render[args.format](result),
        args,
        f"{len(result.lines)} budget lines, total {result.money(result.total)}",
    )


def _paper(paper: Any, args: argparse.Namespace, what: str) -> int:
    render = {
        "text": paper.to_text,
        "html": paper.to_html,
        "json": lambda: json.dumps(paper.to_dict(), indent=2),
    }
    _emit(render[args.format](), args, what)
    if paper.missing:
        print(f"not complete: {'; '.join(paper.missing)}", file=sys.stderr)
        return EXIT_PROBLEMS
    return EXIT_OK


def _advert(args: argparse.Namespace) -> int:
    plan = _read_plan(args)
    cat = _catalogue(args, plan.catalogues)
    if args.inbox is not None:
        from .._paperwork import to_inbox

        if args.output:
            print("participatory plan advert: error: give --inbox or --output, not both", file=sys.stderr)
            return EXIT_USAGE
        record = plan.opportunity(args.activity, cat, id=args.id)
        draft, added = to_inbox(record, args.inbox, source=args.plan)
        if added:
            print(f"added draft {draft} to {args.inbox}; review it: participatory intake review {args.inbox}")
        else:
            print(f"{args.inbox} already holds this record, as draft {draft}; nothing added")
        return EXIT_OK
    if args.format == "toml":
        record = plan.opportunity(args.activity, cat, id=args.id)
        text = _io.toml_dumps({"opportunity": [unstructure(record)]})
        return _emit(text, args, f"opportunity {record.id!r} for activity {args.activity}")
    if args.id is not None:
        print("participatory plan advert: error: --id is for --format toml or --inbox", file=sys.stderr)
        return EXIT_USAGE
    paper = plan.advert(args.activity, cat)
    return _paper(paper, args, f"advert for activity {args.activity}")


def _recognise(args: argparse.Namespace) -> int:
    plan = _read_plan(args)
    paper = plan.recognise(_catalogue(args, plan.catalogues))
    return _paper(paper, args, f"recognition for {len(paper.sections)} roles")
