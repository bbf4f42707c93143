"""Command line of the knowledge base (``python -m knowledge``, see knowledge/__main__.py).

    python -m knowledge build            (re)build the database from knowledge/content/
    python -m knowledge check            validate what is in the database; non-zero on problems
    python -m knowledge search "vraag"   ranked passages with their citations
    python -m knowledge lint FILE...     check content files (no database needed)
    python -m knowledge nlu-data         write the NLU's name lists (data/nlu/) from names.yml
    python -m knowledge import ID FILE   what changed in a saved copy of a guideline page;
                                         --apply takes it over (see knowledge/README.md)

The database is ``DATABASE_URL`` when set, else ``var/knowledge.sqlite3``.
"""
from __future__ import annotations

import argparse
import datetime as dt
import logging
import sys
import textwrap
import time
from pathlib import Path
from typing import List, Optional

from sqlalchemy.exc import OperationalError, ProgrammingError


def _say(message: str) -> None:
    print(message, flush=True)


def cmd_build(args: argparse.Namespace) -> int:
    from jeugdhulp.knowledge import build as builder
    from jeugdhulp.knowledge import db

    started = time.perf_counter()
    url = db.database_url()
    _say(f"Kennisbank bouwen in {db.describe_url(url)} ...")
    try:
        counts = builder.build(db.get_engine(url), progress=_say)
    except builder.content.ContentError as error:
        print(f"FOUT in de inhoudsbestanden: {error}", file=sys.stderr)
        return 2
    took = time.perf_counter() - started
    summary = ", ".join(f"{n} {name}" for name, n in counts.items())
    _say(f"Klaar in {took:.1f} s: {summary}.")
    return 0


def check_problems(url: str, coverage: bool = True) -> List[str]:
    """What ``knowledge check`` reports for the database at ``url``."""
    from sqlalchemy.orm import Session

    from jeugdhulp.knowledge import check, db

    with Session(db.get_engine(url), future=True) as session:
        problems = [str(p) for p in check.check_database(session)]
    if not problems:  # references are judged against a database that is current
        problems += reference_problems(url)
    if coverage:
        problems += _coverage_problems(url)
    return problems


def cmd_check(args: argparse.Namespace) -> int:
    from jeugdhulp.knowledge import db

    url = db.database_url()
    _say(f"Kennisbank controleren: {db.describe_url(url)}")
    problems = check_problems(url, args.coverage)
    for problem in problems:
        print(f"FOUT {problem}", file=sys.stderr)
    if problems:
        print(f"{len(problems)} probleem/problemen gevonden.", file=sys.stderr)
        return 1
    _say("In orde: elke passage is letterlijk en heeft een volledige bronvermelding, en elke "
         "verwijzing in de inhoudsbestanden (antwoorden, oefenvragen, teksten) bestaat.")
    return 0


def content_references() -> list:
    """Every reference of the content outside the guideline files into the knowledge
    base: the answer rules (answers.yml), the practice questions (quiz.yml), the practice
    language (practice.yml) and the example questions (questions/*.yml)."""
    from jeugdhulp import quiz
    from jeugdhulp.knowledge import examples, practice, rules
    from jeugdhulp.knowledge.references import Reference

    references = rules.references(rules.load())
    references += [r if isinstance(r, Reference) else Reference(*r)
                   for r in quiz.passage_references()]
    references += practice.references(practice.load())
    references += examples.references(examples.load())
    return references


def reference_problems(url: str) -> List[str]:
    """Content that points at something the knowledge base does not have, or that cannot
    be read at all (answers.yml, quiz.yml, the texts)."""
    from jeugdhulp import messages
    from jeugdhulp.knowledge import db, references, vocabulary
    from jeugdhulp.knowledge.index import get_index

    try:
        messages.load()
        found = content_references()
    except (OSError, ValueError, KeyError, TypeError) as error:
        return [f"inhoudsbestand niet leesbaar: {error}"]
    return references.unresolved(found, get_index(db.get_engine(url)), vocabulary.problems())


def _coverage_problems(url: str) -> List[str]:
    from sqlalchemy.orm import Session

    from jeugdhulp.knowledge import coverage, db

    with Session(db.get_engine(url), future=True) as session:
        return [f"ontbreekt in de kennisbank: {m}" for m in coverage.missing_sentences(session)]


def cmd_lint(args: argparse.Namespace) -> int:
    from pathlib import Path

    from jeugdhulp.knowledge import check

    failed = 0
    for name in args.files:
        problems = check.lint_file(Path(name))
        for problem in problems:
            print(f"{name}: {problem}", file=sys.stderr)
        _say(f"{name}: {'in orde' if not problems else f'{len(problems)} probleem/problemen'}")
        failed += bool(problems)
    return 1 if failed else 0


def cmd_nlu_data(args: argparse.Namespace) -> int:
    from jeugdhulp.knowledge import vocabulary

    try:
        changed = vocabulary.write_nlu_data()
    except (OSError, ValueError) as error:
        print(f"FOUT in knowledge/content/names.yml: {error}", file=sys.stderr)
        return 2
    for path in changed:
        _say(f"Bijgewerkt: {path.relative_to(vocabulary.ROOT)}")
    return 0


def cmd_import(args: argparse.Namespace) -> int:
    """Compare a saved copy of a guideline page with the content; ``--apply`` writes it."""
    from jeugdhulp.knowledge import content, revision
    from jeugdhulp.messages import message

    try:
        day = _import_date(args.date)
        specs = content.load_guidelines()
        spec = next((g for g in specs if g.id == args.guideline), None)
        if spec is None:
            raise revision.RevisionInputError(message(
                "revision.errors.unknown_guideline", guideline=args.guideline,
                known=", ".join(g.id for g in specs)))
        comparison = _comparison(spec, specs, revision.read_copy(Path(args.file)), args)
        references = content_references()
    except revision.RevisionInputError as error:
        print(f"FOUT: {error}", file=sys.stderr)
        return 2
    except (OSError, ValueError, KeyError, TypeError) as error:  # ContentError too
        print(f"FOUT in de inhoudsbestanden: {error}", file=sys.stderr)
        return 2
    _say(message("revision.report.title", title=spec.title, guideline=spec.id, path=args.file))
    for line in revision.report(comparison, references, specs):
        _say(line)
    _say("")
    if not args.apply:
        _say(message("revision.report.dry_run"))
        return 0
    refusals = revision.refusals(comparison, references, specs)
    if refusals:
        for line in refusals:
            print(f"FOUT: {line}", file=sys.stderr)
        print(message("revision.refuse.summary"), file=sys.stderr)
        return 1
    return _apply_revision(comparison, day)


def _import_date(text: Optional[str]) -> dt.date:
    from jeugdhulp.knowledge.revision import RevisionInputError
    from jeugdhulp.messages import message

    if not text:
        return dt.date.today()
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise RevisionInputError(message("revision.errors.bad_date", date=text)) from None


def _comparison(spec, specs, copy: str, args: argparse.Namespace):  # type: ignore[no-untyped-def]
    """The comparison, unless the copy is of another guideline, truncated or unrelated
    (the last two pass with ``--force``)."""
    from jeugdhulp.knowledge import content, revision
    from jeugdhulp.messages import message

    other = revision.other_guideline(spec, specs, copy)
    if other is not None:
        raise revision.RevisionInputError(message(
            "revision.errors.wrong_guideline", other_title=other.title, other=other.id,
            title=spec.title, guideline=spec.id, path=args.file))
    comparison = revision.compare(spec, copy)
    found = len(comparison.unchanged) + len(comparison.changed)
    total = len(spec.passages())
    if not args.force and revision.looks_truncated(comparison):
        current = spec.source_path.read_text(encoding="utf-8")
        raise revision.RevisionInputError(message(
            "revision.errors.truncated", found=found, total=total,
            length=len(content.normalize_space(copy)),
            current=len(content.normalize_space(current))))
    if not args.force and comparison.found_share < 0.3:
        raise revision.RevisionInputError(message(
            "revision.errors.unrelated", title=spec.title, found=found, total=total))
    return comparison


def _apply_revision(comparison, day) -> int:  # type: ignore[no-untyped-def]
    """Write the revision, check the whole knowledge base built from it in a temporary
    database (the assistant's own database is left alone until ``make kb``), and put the
    previous files back when the check fails."""
    from jeugdhulp.knowledge import revision
    from jeugdhulp.messages import message

    spec = comparison.spec
    files = {"guideline_file": spec.file.name, "source_file": spec.source}
    try:
        written = revision.write(comparison, day)
    except revision.ApplyError as error:
        print(message("revision.errors.layout", file=spec.file.name, problem=error),
              file=sys.stderr)
        return 2
    _say(message("revision.apply.written", date=day.isoformat(), **files))
    _say(message("revision.apply.checking"))
    try:
        problems = _check_in_temporary_database()
    except BaseException:  # interrupted: the previous files come back all the same
        written.restore()
        raise
    if problems:
        for problem in problems:
            print(f"FOUT {problem}", file=sys.stderr)
        written.restore()
        print(message("revision.apply.check_failed", count=len(problems), **files),
              file=sys.stderr)
        return 1
    _say(message("revision.apply.done"))
    if comparison.new_paragraphs:
        _say(message("revision.apply.todo"))
    return 0


def _check_in_temporary_database() -> List[str]:
    """Build the knowledge base from the content as it now is into a temporary SQLite
    database and run the knowledge check on it (without the coverage of the sources: the
    new paragraphs are reported as a to-do instead)."""
    import tempfile

    from jeugdhulp.knowledge import build as builder
    from jeugdhulp.knowledge import check, db

    check.source_text.cache_clear()  # the source may have been read before it was replaced
    with tempfile.TemporaryDirectory(prefix="kb-import-") as folder:
        url = f"sqlite:///{folder}/knowledge.sqlite3"
        engine = db.get_engine(url)
        try:
            builder.build(engine)
            return check_problems(url, coverage=False)
        except Exception as error:  # noqa: BLE001 - any failure is a failed check
            return [f"in de inhoudsbestanden: {error}"]
        finally:
            engine.dispose()


def cmd_search(args: argparse.Namespace) -> int:
    from jeugdhulp.knowledge.answers import Citation
    from jeugdhulp.knowledge.base import KnowledgeBase

    kb = KnowledgeBase()
    query = " ".join(args.query)
    hits = kb.search(query, limit=args.limit, guideline=args.guideline, topic=args.topic,
                     kinds=args.kind)
    if not hits:
        _say("Geen passages gevonden.")
        return 0
    for rank, hit in enumerate(hits, 1):
        p = hit.passage
        _say(f"{rank}. [{hit.score:.2f}] {p.kind} — {p.key}")
        _say(textwrap.indent(textwrap.fill(f"«{p.text}»", 96), "   "))
        _say(f"   Bron: {Citation.of(p).plain()}")
    return 0


def main(argv: Optional[List[str]] = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m knowledge", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = parser.add_subparsers(dest="command", required=True)
    sub.add_parser("build", help="(re)build the database from knowledge/content/")
    check_parser = sub.add_parser("check", help="validate the database against the sources")
    check_parser.add_argument("--no-coverage", dest="coverage", action="store_false",
                              help="skip the check that every source sentence is covered")
    lint_parser = sub.add_parser("lint", help="check content files without a database")
    lint_parser.add_argument("files", nargs="+")
    import_parser = sub.add_parser(
        "import", help="compare a saved copy of a guideline page; --apply takes it over")
    import_parser.add_argument("guideline", help="the guideline's id, e.g. samen-beslissen")
    import_parser.add_argument("file", help="the saved page: a text dump or the HTML page")
    import_parser.add_argument("--apply", action="store_true",
                               help="write the new source and wording, then run the check")
    import_parser.add_argument("--date", help="day the copy was taken (YYYY-MM-DD; today)")
    import_parser.add_argument("--force", action="store_true",
                               help="go ahead with a copy that looks truncated or unrelated")
    sub.add_parser("nlu-data", help="write the NLU's name lists (data/nlu/) from names.yml")
    search_parser = sub.add_parser("search", help="ranked passages for a question")
    search_parser.add_argument("query", nargs="+")
    search_parser.add_argument("--limit", type=int, default=5)
    search_parser.add_argument("--guideline")
    search_parser.add_argument("--topic")
    search_parser.add_argument("--kind", action="append")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.WARNING)
    handlers = {"build": cmd_build, "check": cmd_check, "search": cmd_search, "lint": cmd_lint,
                "nlu-data": cmd_nlu_data, "import": cmd_import}
    try:
        return handlers[args.command](args)
    except (OperationalError, ProgrammingError) as error:
        print(f"FOUT: de database is niet bereikbaar of niet gebouwd ({error.orig}). "
              f"Controleer DATABASE_URL of voer `python -m knowledge build` uit.",
              file=sys.stderr)
        return 2
    except Exception as error:  # clear message instead of a traceback for known failures
        from jeugdhulp.knowledge.index import KnowledgeBaseError

        if isinstance(error, KnowledgeBaseError):
            print(f"FOUT: {error}", file=sys.stderr)
            return 2
        raise


if __name__ == "__main__":
    sys.exit(main())
