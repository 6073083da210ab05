"""The ``leaflet-i18n`` command line: a thin layer over the library.

Only this module prints and chooses exit codes: 0 ok, 1 problems found,
2 usage error.
"""

from __future__ import annotations

import contextlib
import itertools
import json
import os
import sys
import textwrap
import time
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

import click

from leaflet_i18n import __version__
from leaflet_i18n.model.diagnostics import Finding, LeafletError, Location, sort_findings
from leaflet_i18n.steps.shard import Shard, selector
from leaflet_i18n.util.fs import Transaction

if TYPE_CHECKING:  # the steps are imported by the commands that use them: start-up stays fast
    from leaflet_i18n.sources.workspace import Workspace
    from leaflet_i18n.steps.build import BuildResult
    from leaflet_i18n.steps.review import ReviewedPage


class _Group(click.Group):
    """Turns library errors into ``error: file:line: message`` and an exit code."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except LeafletError as exc:
            for finding in exc.findings or [exc.as_finding()]:
                if finding.location.path == "-":
                    click.echo(f"error: {finding.message}", err=True)
                else:
                    click.echo(str(finding), err=True)
            sys.exit(exc.exit_code)


def _workspace(ctx: click.Context) -> Workspace:
    from leaflet_i18n.sources.workspace import Workspace  # with YAML and Babel: loaded when used

    root: Path = ctx.obj
    return Workspace.open(root)


def normalize_locale(code: str) -> str:
    """:func:`leaflet_i18n.model.locales.normalize_locale`, with Babel loaded when first needed
    (a command on catalog files alone, such as ``stats``, then starts without it)."""
    from leaflet_i18n.model.locales import normalize_locale as normalize

    return normalize(code)


def _set_workspace(ctx: click.Context, _param: click.Parameter, value: Path | None) -> None:
    if value is not None:
        ctx.obj = value


_WORKSPACE_HELP = "Workspace folder (holds content/, locales/, templates/)."


def _accept_workspace_anywhere(group: click.Group) -> None:
    """Let ``-C DIR`` follow the command name too (``leaflet-i18n build -C demo``)."""
    for command in group.commands.values():
        if isinstance(command, click.Group):
            _accept_workspace_anywhere(command)
        elif not any(p.name == "workspace" for p in command.params):
            command.params.append(
                click.Option(
                    ["-C", "--workspace"],
                    type=click.Path(file_okay=False, path_type=Path),
                    expose_value=False,
                    is_eager=True,
                    callback=_set_workspace,
                    help=_WORKSPACE_HELP,
                )
            )


F = TypeVar("F", bound=Callable[..., Any])


def _locale_option(multiple: bool = False, required: bool = False) -> Callable[[F], F]:
    return click.option(
        "-l",
        "--locale",
        "locales",
        multiple=multiple,
        required=required,
        help="Locale code, e.g. de or pt_BR" + (" (repeatable)." if multiple else "."),
    )


_FORMATS = {
    "text": "for people",
    "json": "for programs",
    "github": "GitHub Actions annotations",
    "html": "a web page",
}


def _format_option(*choices: str) -> Callable[[F], F]:
    return click.option(
        "--format",
        "fmt",
        type=click.Choice(choices),
        default="text",
        show_default=True,
        help="; ".join(f"{c}: {_FORMATS[c]}" for c in choices) + ".",
    )


def _file_output_option() -> Callable[[F], F]:
    return click.option(
        "-o",
        "--output",
        type=click.Path(dir_okay=False, path_type=Path),
        help="File to write (default: standard output).",
    )


def _locales(values: Iterable[str]) -> list[str]:
    return [normalize_locale(v) for v in values]


def _jobs_option(function: F) -> F:
    return click.option(
        "-j",
        "--jobs",
        type=click.IntRange(min=1),
        default=None,
        help="Worker processes (default: the number of cores).",
    )(function)


def _cache_option(function: F) -> F:
    return click.option(
        "--no-cache",
        is_flag=True,
        help="Review everything again instead of reusing results for unchanged files.",
    )(function)


def _phase_timings() -> Callable[[str, float], None]:
    """Print each phase of a build with its seconds on stderr (``LEAFLET_I18N_TIMINGS=1``)."""

    def report(phase: str, seconds: float) -> None:
        click.echo(f"  {phase}: {seconds:.2f} s", err=True)

    return report


@contextlib.contextmanager
def _progress(total: int, label: str) -> Iterator[Callable[[int], None] | None]:
    """A progress bar on an interactive terminal; nothing in CI or when output is redirected."""
    if total < 50 or os.environ.get("CI") or not sys.stderr.isatty():
        yield None
        return
    from tqdm import tqdm

    with tqdm(total=total, desc=label, unit="page", leave=False, file=sys.stderr) as bar:
        yield bar.update


def _emit_json(data: Any) -> None:
    click.echo(json.dumps(data, ensure_ascii=False, indent=2))


def _print_findings(findings: Iterable[Finding]) -> None:
    for finding in sort_findings(list(findings)):
        click.echo(str(finding))


@click.group(cls=_Group, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, "-V", "--version", prog_name="leaflet-i18n")
@click.option(
    "-C",
    "--workspace",
    type=click.Path(file_okay=False, path_type=Path),
    default=Path("."),
    show_default=True,
    help=_WORKSPACE_HELP,
)
@click.pass_context
def main(ctx: click.Context, workspace: Path) -> None:
    """Localize medicine patient leaflets with gettext.

    \b
    Workflow:
      import   text, Word, ePI or SPL leaflet -> content/<slug>.yaml
      align    an existing translation -> fuzzy entries in its .po
      lint     check the source leaflets
      extract  content + templates -> locales/*.pot
      init     start a translation  -> locales/<ll>/LC_MESSAGES/*.po
      update   merge changed sources into every .po (nothing is lost)
      review   a second person approves each translation, bound to its text
    """
    ctx.obj = workspace


# ---------------------------------------------------------------- extract


@main.command()
@click.option("--check", is_flag=True, help="Write nothing; exit 1 if a .pot is out of date (CI).")
@click.pass_context
def extract(ctx: click.Context, check: bool) -> None:
    """Extract leaflet and template text into locales/*.pot.

    One message per heading, paragraph, list lead-in and list item; the
    section path is the message context. A .pot whose only change would be
    its creation date is not rewritten (SOURCE_DATE_EPOCH is honoured).
    """
    from leaflet_i18n.steps.extract import rendered_pots

    ws = _workspace(ctx)
    pots = rendered_pots(ws, ws.leaflets())
    txn = Transaction()
    for path, pot in pots.items():
        txn.stage(path, pot.data)
    stale = [path for path, _ in txn.changes()]
    if check:
        for path in stale:
            click.echo(f"{ws.display(path)}: out of date; run `leaflet-i18n extract`")
        if stale:
            sys.exit(1)
        click.echo(f"{len(pots)} catalog templates are up to date")
        return
    txn.commit()
    for path in sorted(pots):
        state = "wrote" if path in stale else "unchanged"
        click.echo(f"{state} {ws.display(path)} ({pots[path].messages} messages)")


# ---------------------------------------------------------------- init / update


@main.command()
@_locale_option(required=True)
@click.argument("leaflets", nargs=-1)
@click.pass_context
def init(ctx: click.Context, locales: str, leaflets: tuple[str, ...]) -> None:
    """Start translating into a locale: create its .po files from the .pot files.

    The header gets the Language and the CLDR Plural-Forms of the locale.
    Existing .po files are never overwritten (use `update`). LEAFLETS limits
    the catalogs created (default: every leaflet and the templates).
    """
    from leaflet_i18n.steps.merge import plan_init

    ws = _workspace(ctx)
    locale = normalize_locale(locales)
    domains = list(leaflets) or None
    if domains:
        known = ws.domains()
        unknown = [d for d in domains if d not in known]
        if unknown:
            raise click.BadParameter(
                f"no leaflet named {', '.join(unknown)} (have: {', '.join(known)})"
            )
    plans = plan_init(ws, locale, domains)
    txn = Transaction()
    for plan in plans:
        txn.stage(plan.path, plan.data)
    txn.commit()
    for plan in plans:
        memory = plan.report.memory if plan.report else 0
        note = f" ({memory} translations from other leaflets)" if memory else ""
        click.echo(f"created {ws.display(plan.path)}{note}")
    skipped = len(domains or ws.domains()) - len(plans)
    if skipped:
        click.echo(f"{skipped} catalog(s) for {locale} already exist; use `leaflet-i18n update`")


@main.command()
@_locale_option(multiple=True)
@click.option(
    "--check",
    is_flag=True,
    help="Write nothing; report what would change, exit 1 if anything would.",
)
@_jobs_option
@click.pass_context
def update(ctx: click.Context, locales: tuple[str, ...], check: bool, jobs: int | None) -> None:
    """Merge the .pot files into every locale's .po files.

    \b
    - unchanged messages keep their translation;
    - a changed message keeps its old translation as fuzzy, with the old
      source text as previous msgid (#|); similar text is matched only
      within its section;
    - a message whose section was renamed or moved keeps the translation of
      the same text as fuzzy, with the old section as #| msgctxt;
    - translations that match nothing become obsolete (#~), never deleted.

    A catalog that says the same as the merge result (re-saved by an editor
    with other wrapping, comment order or CRLF) is left as it is.
    """
    from leaflet_i18n.steps.merge import iter_update
    from leaflet_i18n.util.fs import SpooledTransaction

    ws = _workspace(ctx)
    chosen = ws.translation_locales(locales)
    if not chosen:
        raise click.UsageError("no locales to update; start one with `leaflet-i18n init -l LOCALE`")
    from leaflet_i18n.util.parallel import default_jobs

    # Merged catalogs are spooled to temporary files as they come (every locale
    # of a large workspace would not fit in memory) and renamed at the end.
    plans = []
    with SpooledTransaction() as spool:
        for plan in iter_update(ws, chosen, jobs or default_jobs()):
            if not check:
                spool.stage(plan.path, plan.data)
            plans.append((plan.path, plan.action, plan.report))
        spool.commit()
    verb = "would " if check else ""
    for path, action, report in plans:
        detail = f": {report.summary()}" if report else ""
        done = "create" if action == "create" else "update"
        click.echo(f"{verb}{done}{'d' if not check else ''} {ws.display(path)}{detail}")
    if not plans:
        click.echo(f"all catalogs of {', '.join(chosen)} are up to date")
    if check and plans:
        sys.exit(1)


# ---------------------------------------------------------------- import / lint


@main.command("import")
@click.argument("source", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Content file to write (default: content/<file name>.yaml).",
)
@click.option("--force", is_flag=True, help="Overwrite the output file if it exists.")
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["auto", "text", "docx", "epi", "spl"]),
    default="auto",
    show_default=True,
    help="text; docx: Word; epi: EU ePI FHIR document (JSON, XML, FSH); spl: FDA SPL XML. "
    "auto: by extension and content.",
)
@click.option(
    "-l",
    "--language",
    help="Language of the leaflet, for its QRD headings (default: detected).",
)
@click.pass_context
def import_(
    ctx: click.Context,
    source: Path,
    output: Path | None,
    force: bool,
    fmt: str,
    language: str | None,
) -> None:
    """Turn a leaflet (text, Word, EU ePI, FDA SPL) into a content file to review.

    Headings are found with the QRD template's heading table of the leaflet's
    language (numbered sections 1-6 and their sub-headings, also when run into
    their text), by Word styles, by ePI/SPL section codes cross-checked with
    the heading text, and by line shape. Each section's kind is a guess marked
    '# guess' in the YAML with what it was based on; what could not be decided
    is printed as file:line: warning. Text is kept verbatim.
    """
    from leaflet_i18n.sources.content import SLUG, load_leaflet
    from leaflet_i18n.sources.importers import import_file
    from leaflet_i18n.sources.text import slugify
    from leaflet_i18n.sources.yaml_writer import dump_draft
    from leaflet_i18n.util.fs import atomic_write

    ws_root: Path = ctx.obj
    if output is None:
        output = ws_root / "content" / f"{slugify(source.stem, set())}.yaml"
    if not SLUG.fullmatch(output.stem):
        raise click.BadParameter(
            f"'{output.name}': the file name must be a slug like baclofen.yaml"
        )
    if output.exists() and not force:
        raise click.UsageError(f"{output} exists; use --force to overwrite it")
    lang = normalize_locale(language) if language else None
    draft, notes = import_file(source, str(source), None if fmt == "auto" else fmt, lang)
    yaml_text = dump_draft(draft)
    atomic_write(output, yaml_text.encode("utf-8"))
    load_leaflet(output, str(output))  # what we wrote must load
    for note in notes:
        click.echo(str(note))
    click.echo(f"wrote {output}: {len(draft.sections)} sections; review the '# guess' comments")


@main.command()
@_locale_option(required=True)
@click.argument("source", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.argument("translated", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["auto", "text", "docx", "epi", "spl"]),
    default="auto",
    show_default=True,
    help="Format of TRANSLATED (auto: by extension and content).",
)
@click.pass_context
def align(ctx: click.Context, locales: str, source: Path, translated: Path, fmt: str) -> None:
    """Align an existing translation of a leaflet; write its texts as fuzzy entries.

    SOURCE is the leaflet's content file (content/<slug>.yaml), TRANSLATED the
    translated leaflet (text, Word, ePI, SPL). Sections are paired by their QRD
    headings in each language, messages within them by order, length, numbers
    and protected terms. Each aligned text goes into
    locales/LL/LC_MESSAGES/<slug>.po (made as `init` makes it when missing) as a
    fuzzy entry whose comment says where it came from ("aligned from
    es.txt:123"): a human confirms each one, and the gate refuses fuzzy text
    until then. An existing translation is never overwritten.
    """
    from leaflet_i18n.sources.content import load_leaflet
    from leaflet_i18n.sources.importers import import_file
    from leaflet_i18n.steps.align import (
        align as align_leaflet,
    )
    from leaflet_i18n.steps.align import (
        alignment_findings,
        apply_alignment,
        catalog_for,
        render_catalog,
    )

    ws = _workspace(ctx)
    locale = normalize_locale(locales)
    if locale == ws.settings.source_locale:
        raise click.UsageError(f"'{locale}' is the source locale; align a translation")
    leaflet = load_leaflet(source, ws.display(source.resolve()), ws.settings)
    shown = ws.display(translated.resolve())
    draft, _notes = import_file(translated, shown, None if fmt == "auto" else fmt, locale)
    result = align_leaflet(leaflet, draft)
    po_path = ws.po_path(locale, leaflet.slug)
    catalog = catalog_for(leaflet, locale, po_path, ws.pot_path(leaflet.slug), ws.display(po_path))
    report = apply_alignment(catalog, result, translated.name)
    txn = Transaction()
    txn.stage(po_path, render_catalog(catalog))
    txn.commit()
    _print_findings(alignment_findings(result, leaflet, shown))
    total = sum(1 for _ in leaflet.messages())
    kept = f"; kept {report.kept} existing translation(s)" if report.kept else ""
    click.echo(
        f"aligned {len(result.pairs)} of {total} messages of {leaflet.path} with {shown} "
        f"({result.agreeing} with the same numbers); {len(result.unaligned)} without a "
        f"translation, {len(result.leftover)} translated text(s) left over"
    )
    entries = "entry" if report.aligned == 1 else "entries"
    click.echo(f"wrote {ws.display(po_path)}: {report.aligned} fuzzy {entries} to confirm{kept}")


@main.command()
@_format_option("text", "json")
@click.argument("leaflets", nargs=-1)
@click.pass_context
def lint(ctx: click.Context, fmt: str, leaflets: tuple[str, ...]) -> None:
    """Check the source leaflets (content/*.yaml).

    Reports schema errors (unknown keys and kinds, duplicate ids), empty
    sections, critical sections without text, list lead-ins without items,
    unused protected terms and run-together text. Exit status 1 on errors.
    An error in a critical section also refuses every page of the leaflet
    (build, check), unless the content file records a waiver for it
    (waivers: code, section, reason, by); waived findings are listed as such.
    """
    from leaflet_i18n.steps.lint import lint_files

    ws = _workspace(ctx)
    files = ws.content_files()
    if leaflets:
        files = [f for f in files if f.stem in leaflets]
        missing = set(leaflets) - {f.stem for f in files}
        if missing:
            raise click.BadParameter(f"no leaflet named {', '.join(sorted(missing))}")
    if not files:
        raise click.UsageError(f"no content files in {ws.display(ws.content_dir)}/")
    report = lint_files(ws, files)
    errors, warnings = report.count("error"), report.count("warning")
    if fmt == "json":
        summary = {"files": report.files, "errors": errors, "warnings": warnings}
        summary["waived"] = report.waived
        _emit_json({"findings": [f.as_dict() for f in report.findings], "summary": summary})
    else:
        for item in report.findings:
            click.echo(item.line())
        waived = f", {report.waived} waived" if report.waived else ""
        click.echo(f"{report.files} leaflet(s): {errors} error(s), {warnings} warning(s){waived}")
    if errors:
        sys.exit(1)


# ---------------------------------------------------------------- stats / check / status


@main.command()
@_format_option("text", "json")
@_jobs_option
@click.argument("files", nargs=-1, required=True, type=click.Path(path_type=Path))
def stats(fmt: str, jobs: int | None, files: tuple[Path, ...]) -> None:
    """Count translated, fuzzy, untranslated and obsolete messages in PO files.

    FILES are PO/POT files or folders (searched for *.po and *.pot). Works
    on any catalog, inside a workspace or not; counts agree with
    `msgfmt --statistics` (header and obsolete entries excluded). A file GNU
    msgfmt --check would reject is reported as file:line and the exit
    status is 1.
    """
    from leaflet_i18n.steps.status import file_stats
    from leaflet_i18n.util.parallel import default_jobs, run

    paths = _expand_catalogs(files)
    rows, failed = [], False
    with _progress(len(paths), "stats") as progress:
        for result in run(
            file_stats, [str(p) for p in paths], jobs or default_jobs(), progress=progress
        ):
            if "errors" in result:
                failed = True
                for finding in result["errors"]:
                    where = Location(finding["file"], finding["line"])
                    click.echo(f"{where}: error: {finding['message']}", err=True)
            else:
                rows.append(result)
    if fmt == "json":
        _emit_json({"files": rows})
    elif rows:
        width = max([len(r["file"]) for r in rows] + [4])
        click.echo(f"{'file':<{width}}  translated  fuzzy  untranslated  obsolete")
        for r in rows:
            click.echo(
                f"{r['file']:<{width}}  {r['translated']:>10}  {r['fuzzy']:>5}  "
                f"{r['untranslated']:>12}  {r['obsolete']:>8}"
            )
    if failed:
        sys.exit(1)


def _expand_catalogs(files: tuple[Path, ...]) -> list[Path]:
    paths: list[Path] = []
    for path in files:
        if path.is_dir():
            paths.extend(
                sorted(p for p in path.rglob("*") if p.suffix in (".po", ".pot") and p.is_file())
            )
        else:
            paths.append(path)
    return paths


def _workspace_catalog(ws: Workspace, path: Path) -> tuple[str, str] | None:
    """(locale, domain) of a catalog of the workspace's layout, or None for any other file."""
    if not ws.content_dir.is_dir():
        return None
    try:
        rel = path.resolve().relative_to(ws.locales_dir.resolve()).parts
    except ValueError:
        return None
    if len(rel) != 3 or rel[1] != "LC_MESSAGES" or not rel[2].endswith(".po"):
        return None
    return normalize_locale(rel[0]), rel[2][:-3]


def _review(
    ctx: click.Context,
    locales: tuple[str, ...],
    jobs: int | None,
    no_cache: bool,
    targets_only: bool = False,
) -> tuple[Workspace, list[ReviewedPage]]:
    """Every page of the chosen locales, reviewed (default: every locale but the source)."""
    from leaflet_i18n.steps.cache import Store
    from leaflet_i18n.steps.review import review
    from leaflet_i18n.util.parallel import default_jobs

    ws = _workspace(ctx)
    chosen = ws.translation_locales(locales, targets_only)
    ws.leaflets()  # report content errors before reading any catalog
    pages = [(p.stem, loc) for loc in chosen for p in ws.content_files()]
    store = Store(ws.root, enabled=not no_cache)
    with _progress(len(pages), "review") as progress:
        reviewed = review(ws, pages, jobs or default_jobs(), store, progress)
    return ws, [reviewed[page] for page in pages]


def _github(level: str, where: Location, section: str | None, code: str, message: str) -> str:
    """A GitHub Actions workflow command (annotation) for one finding or reason."""

    def escape(value: str, prop: bool = False) -> str:
        value = value.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
        return value.replace(":", "%3A").replace(",", "%2C") if prop else value

    level = level if level in ("error", "warning") else "notice"
    place = f"file={escape(where.path, True)}"
    if where.line:
        place += f",line={where.line}"
    text = f"{section}: {message}" if section else message
    return f"::{level} {place},title={escape(code, True)}::{escape(text)}"


def _cut(text: str, width: int = 60) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"


def _deviations(ws: Workspace, pages: list[ReviewedPage]) -> list[Any]:
    from leaflet_i18n.steps.policy import deviations

    locales = {p.verdict.locale for p in pages}
    return deviations(ws, [p.verdict.decision for p in pages], locales)


def _print_deviations(found: list[Any]) -> None:
    if found:
        click.echo(f"{len(found)} deviation(s) from the default policy:")
        for deviation in found:
            click.echo(f"  {deviation.line_text()}")


def _finding_line(f: Finding) -> str:
    where = f"{f.section}{' (critical)' if f.critical else ''}: " if f.section else ""
    suffix = " (suppressed)" if f.suppressed else ""
    return f"{f.location}: {f.severity}: {where}{f.message} [{f.code}]{suffix}"


@main.command()
@_format_option("text", "json", "github")
@_locale_option(multiple=True)
@click.option(
    "--targets", is_flag=True, help="Only the published locales (target_locales in the settings)."
)
@click.option(
    "--list",
    "list_checks",
    is_flag=True,
    help="Print every check code with its severity and what it catches, and exit.",
)
@_jobs_option
@_cache_option
@click.argument("catalogs", nargs=-1, type=click.Path(exists=True, path_type=Path))
@click.pass_context
def check(
    ctx: click.Context,
    fmt: str,
    locales: tuple[str, ...],
    targets: bool,
    list_checks: bool,
    jobs: int | None,
    no_cache: bool,
    catalogs: tuple[Path, ...],
) -> None:
    """Check translations against the source leaflets.

    \b
    Errors: untranslated, missing or fuzzy text in critical sections; numbers
    and units that differ (read as the target locale writes numbers);
    protected terms dropped; broken **emphasis** or {placeholders}; control
    characters; a wrong Language header; a file msgfmt --check would reject.
    Warnings: the same in non-critical text (it falls back to the source),
    identical-to-source, whitespace, end punctuation, length, Plural-Forms.

    A translator comment "# check-ok: CODE" suppresses a finding for one
    message, except an error in a critical section. Exit status 1 on errors.

    CATALOGS (files or folders) limit the report to those catalogs. A PO file
    that is not a catalog of this workspace (or any PO file outside a
    workspace) gets every check that needs no source leaflet: what msgfmt
    --check checks, the header and Plural-Forms, and numbers, units,
    **emphasis**, placeholders, control and bidirectional characters against
    its msgid.
    """
    from leaflet_i18n.steps.check import CheckReport

    if list_checks:
        _print_registry(fmt)
        return
    ws = _workspace(ctx)
    wanted, loose = _split_catalogs(ws, catalogs)
    pages: list[ReviewedPage] = []
    if wanted or not loose:
        ws, pages = _review(ctx, locales, jobs, no_cache, targets_only=targets)
    report = CheckReport.of(pages, wanted or None, loose, ws.settings.source_locale)
    policy = _deviations(ws, pages) if pages else []
    if fmt == "json":
        findings = [f.as_dict() for f in report.findings]
        deviations = [d.as_dict() for d in policy]
        _emit_json({"findings": findings, "deviations": deviations, "summary": report.summary()})
    elif fmt == "github":
        for f in report.active:
            click.echo(_github(f.severity, f.location, f.section, f.code, f.message))
    else:
        for f in report.findings:
            click.echo(_finding_line(f))
        _print_deviations(policy)
        click.echo(report.summary_line())
    if report.errors:
        sys.exit(1)


def _print_registry(fmt: str) -> None:
    from leaflet_i18n.checks.registry import listing
    from leaflet_i18n.checks.spec import SCOPES

    codes = listing()
    if fmt == "json":
        _emit_json(
            [
                {
                    "code": c.code,
                    "severity": c.severity,
                    "elsewhere": c.elsewhere or c.severity,
                    "waivable": c.suppressible,
                    "critical_only": c.critical_only,
                    "scope": c.scope,
                    "summary": c.summary,
                }
                for c in codes
            ]
        )
        return
    scope = None
    for c in codes:
        if c.scope != scope:
            scope = c.scope
            click.echo(f"{'' if scope == codes[0].scope else chr(10)}checks of {SCOPES[scope]}:")
        waivable = "" if c.suppressible else ", not waivable"
        click.echo(f"  {c.code:<24} {c.describe_severity()}{waivable}")
        summary = textwrap.wrap(c.summary.replace("`", ""), 72)
        click.echo("".join(f"  {'':<24} {line}\n" for line in summary), nl=False)


def _split_catalogs(
    ws: Workspace, catalogs: tuple[Path, ...]
) -> tuple[set[tuple[str, str]], list[Path]]:
    """The workspace's catalogs among ``catalogs`` (as locale, domain), and the other PO files."""
    wanted: set[tuple[str, str]] = set()
    loose: list[Path] = []
    for path in _expand_catalogs(catalogs):
        key = _workspace_catalog(ws, path)
        if key is None:
            loose.append(path)
        else:
            wanted.add(key)
    return wanted, loose


@main.command()
@_format_option("text", "json", "html")
@_locale_option(multiple=True)
@click.option(
    "--sections",
    "all_sections",
    is_flag=True,
    help="Text: list every section, not only incomplete ones.",
)
@_file_output_option()
@_jobs_option
@_cache_option
@click.pass_context
def status(
    ctx: click.Context,
    fmt: str,
    locales: tuple[str, ...],
    all_sections: bool,
    output: Path | None,
    jobs: int | None,
    no_cache: bool,
) -> None:
    """Show the completeness matrix: locale × leaflet × section.

    Messages and words translated, fuzzy and untranslated, and one verdict per
    page: publishable, or blocked with the reasons. Critical sections are
    marked '!' (text) or '⚠' (HTML). --format html writes a self-contained page.
    """
    from leaflet_i18n.render.html import render_status
    from leaflet_i18n.render.templating import environment
    from leaflet_i18n.steps.status import status_matrix, status_text
    from leaflet_i18n.util.fs import atomic_write

    ws, pages = _review(ctx, locales, jobs, no_cache)
    data = status_matrix(p.verdict for p in pages)
    data["deviations"] = [d.as_dict() for d in _deviations(ws, pages)]
    if fmt == "json":
        text = json.dumps(data, ensure_ascii=False, indent=2)
    elif fmt == "html":
        text = render_status(environment(ws.templates_dir), data)
    else:
        text = status_text(data, all_sections)
    if output:
        atomic_write(output, (text.rstrip("\n") + "\n").encode("utf-8"))
        click.echo(f"wrote {output}")
    else:
        click.echo(text)


# ---------------------------------------------------------------- build


def _parse_shard(ctx: click.Context, param: click.Parameter, value: str | None) -> Shard | None:
    if value is None:
        return None
    try:
        return Shard.parse(value)
    except ValueError as error:
        raise click.BadParameter(str(error), ctx, param) from None


@main.command()
@click.option(
    "-o",
    "--output",
    type=click.Path(file_okay=False, path_type=Path),
    help="Output folder (default: site/, or `output` in leaflet-i18n.yaml).",
)
@_locale_option(multiple=True)
@click.option(
    "--leaflets",
    "pattern",
    help="Only leaflets whose name matches this pattern (e.g. 'a*'), to shard a build.",
)
@click.option(
    "--shard",
    metavar="K/N",
    callback=_parse_shard,
    help="Job K of N: every N-th leaflet in name order, so N jobs split the work evenly "
    "(after --leaflets). Collect the folders, then run build --merge.",
)
@_format_option("text", "json", "github")
@click.option(
    "--merge",
    is_flag=True,
    help="Only rewrite index.html and status.html from the builds (shards) copied into DIR.",
)
@click.option(
    "--verify-in-browser",
    is_flag=True,
    help="Read every published page back in headless Chromium (Playwright) and refuse one "
    "whose critical sections do not show their translations.",
)
@_jobs_option
@_cache_option
@click.pass_context
def build(
    ctx: click.Context,
    output: Path | None,
    locales: tuple[str, ...],
    pattern: str | None,
    shard: Shard | None,
    fmt: str,
    merge: bool,
    verify_in_browser: bool,
    jobs: int | None,
    no_cache: bool,
) -> None:
    """Render one HTML leaflet per leaflet × locale, behind the safety gate.

    Writes DIR/<locale>/<leaflet>.html (the source locale too), with
    <leaflet>.pdf and <leaflet>.epi.json when `outputs` in leaflet-i18n.yaml
    asks for them, DIR/<locale>/index.html, DIR/index.html and DIR/status.html,
    reading the .po files directly. A page whose critical
    text is not fully and correctly translated is refused: it is not written,
    a stale copy is removed, every reason is printed as
    po-file:line: section: reason, and the exit status is 1.

    Pages whose inputs did not change are not reviewed or rendered again;
    --no-cache forces a full build (recommended for release builds).
    """
    from leaflet_i18n.steps.build import build_site, merge_shards
    from leaflet_i18n.steps.cache import Store
    from leaflet_i18n.util.parallel import default_jobs

    started = time.perf_counter()
    ws = _workspace(ctx)
    target = output if output is not None else ws.output_dir
    if merge:
        count = merge_shards(ws, target)
        click.echo(
            f"wrote {ws.display(target)}/index.html and status.html from {count} page records"
        )
        return
    chosen = [normalize_locale(code) for code in locales] or None
    files = ws.content_files()
    matches = selector([f.stem for f in files], pattern, shard)
    share = sum(1 for f in files if matches(f.stem)) if matches else len(files)
    count = share * (len(chosen) if chosen else 1 + len(ws.target_locales()))
    with _progress(count, "build") as progress:
        result = build_site(
            ws,
            target,
            chosen,
            jobs or default_jobs(),
            Store(ws.root, not no_cache),
            progress,
            matches,
            _phase_timings() if os.environ.get("LEAFLET_I18N_TIMINGS") else None,
            verify_in_browser,
        )
    seconds = time.perf_counter() - started
    if fmt == "github":
        _print_build_annotations(result)
    elif fmt == "json":
        _emit_json(
            {
                "output": str(target),
                "pages": [p.as_dict() for p in result.pages],
                "deviations": [d.as_dict() for d in result.deviations],
                "errors": [e.as_dict() for e in result.errors],
                "summary": {
                    "published": len(result.published),
                    "refused": len(result.refused),
                    "up_to_date": result.up_to_date,
                    "outputs": list(result.outputs),
                    "seconds": round(seconds, 2),
                },
            }
        )
    else:
        _print_build(ws.display(target), result, seconds)
    for error in result.errors:
        click.echo(str(error), err=True)
    if result.refused or result.errors:
        sys.exit(1)


def _print_build_annotations(result: BuildResult) -> None:
    for page in result.refused:
        for r in page.decision.blocking:
            click.echo(_github("error", r.location, r.section, r.code, r.message))
    click.echo(
        f"::notice title=leaflet-i18n build::{len(result.published)} page(s) published, "
        f"{len(result.refused)} refused"
    )


def _print_build(shown: str, result: BuildResult, seconds: float) -> None:
    for page in result.refused:
        stale = "; removed the stale copy" if page.removed_stale else ""
        click.echo(
            f"refused {page.locale}/{page.leaflet}.html "
            f"({len(page.decision.blocking)} reason(s){stale}):"
        )
        for reason in page.decision.blocking:
            click.echo(f"  {reason.text()}")
    for page in [p for p in result.published if p.decision.fallbacks][:20]:
        click.echo(
            f"note: {page.locale}/{page.leaflet}.html shows {len(page.decision.fallbacks)} "
            "non-critical message(s) in the source language"
        )
    _print_deviations(list(result.deviations))
    refused = ", ".join(f"{p.locale}/{p.leaflet}" for p in result.refused[:8])
    if len(result.refused) > 8:
        refused += f", … ({len(result.refused) - 8} more; see status.html)"
    names = [{"html": "HTML", "pdf": "PDF", "epi": "ePI"}[o] for o in result.outputs]
    many = len(names) > 1 and result.published
    kinds = f" as {', '.join(names[:-1])} and {names[-1]}" if many else ""
    click.echo(
        f"built {shown}/: {len(result.published)} page(s) published{kinds}, "
        f"{len(result.refused)} refused{f' ({refused})' if refused else ''}, "
        f"{result.up_to_date} up to date; {seconds:.1f} s"
    )


# ---------------------------------------------------------------- review sign-off


class _DefaultGroup(click.Group):
    """A group that runs its ``start`` command when the first argument names no command."""

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        if args and args[0] not in self.commands and args[0] not in ctx.help_option_names:
            args = ["start", *args]
        return super().parse_args(ctx, args)


def _reviewer_options(function: F) -> F:
    function = click.option(
        "--role",
        required=True,
        help="The role you approve in: linguistic, medical, or one of review.roles.",
    )(function)
    return click.option(
        "--reviewer", required=True, help="Your name, as the review record keeps it."
    )(function)


def _leaflets_option(function: F) -> F:
    return click.option(
        "--leaflet",
        "leaflets",
        multiple=True,
        help="Only this leaflet (repeatable; 'templates' for the template strings). "
        "Default: every leaflet and the templates.",
    )(function)


def _reviewer_name(name: str) -> str:
    cleaned = " ".join(name.split())
    if not cleaned:
        raise click.BadParameter("give your name", param_hint="--reviewer")
    return cleaned


@main.group(cls=_DefaultGroup)
def review() -> None:
    """Review sign-off: a second person approves each translation, bound to its exact text.

    \b
      review -l de --reviewer NAME --role ROLE   review in the terminal (= review start)
      review sheet -l de -o sheet.html           a printable sheet to review and sign
      review approve -l de ... --from LIST       record approvals decided elsewhere
      review status                              approved, missing, changed since review

    Approvals are kept in locales/<ll>/reviews/<leaflet>.yaml, each bound to
    hashes of the source and the translation: any change voids it. Where the
    settings require review (review: required:), the gate refuses a page whose
    messages lack a valid approval (review.missing, review.outdated).
    """


@review.command("start")
@_locale_option(required=True)
@_leaflets_option
@_reviewer_options
@click.pass_context
def review_start(
    ctx: click.Context, locales: str, leaflets: tuple[str, ...], reviewer: str, role: str
) -> None:
    """Review in the terminal: every message that needs your role's approval, one by one.

    Each shows its section, source and translation (side by side on a wide
    terminal), the checks' findings and, when an earlier approval is void, a
    word diff against the approved text. Answer a (approve), r (reject, with a
    comment for the translator: the entry becomes fuzzy), s (skip) or q
    (quit). Every decision is written at once.
    """
    import shutil

    from leaflet_i18n.steps.signoff import Signoff, review_date

    ws = _workspace(ctx)
    signoff = Signoff(ws, normalize_locale(locales))
    name = _reviewer_name(reviewer)
    catalogs = signoff.catalogs(leaflets)
    todo, waiting = signoff.pending(role, catalogs)
    when = review_date()
    width = shutil.get_terminal_size((80, 24)).columns
    done = {"approved": 0, "rejected": 0, "skipped": 0}
    if not ws.settings.review.applies_to(signoff.locale):
        click.echo(
            f"note: the gate does not require review in {signoff.locale} (review: in the settings)"
        )
    for number, first in enumerate(todo, 1):
        item = signoff.refreshed(first) if done["rejected"] else first
        if item is None or not item.ready:
            continue
        _show_item(item, role, f"[{number}/{len(todo)}]", width, ws.settings.source_locale)
        answer = _ask("a approve · r reject · s skip · q quit: ", "arsq")
        if answer in (None, "q"):
            break
        if answer == "a":
            written = signoff.approve(item, role, name, when)
            click.echo(f"  approved as {role}: wrote {written}")
            done["approved"] += 1
        elif answer == "r":
            comment = _ask_text("  why (the translator reads this): ")
            if comment is None:
                break
            written = signoff.reject(item, role, name, when, comment)
            click.echo(f"  rejected: wrote {written} (fuzzy, with your comment)")
            done["rejected"] += 1
        else:
            done["skipped"] += 1
    left = len(todo) - done["approved"] - done["rejected"]
    waits = f"; {waiting} more wait for the translator (untranslated or fuzzy)" if waiting else ""
    if not todo:
        click.echo(
            f"nothing to review: no message of {signoff.locale} needs a {role} approval now{waits}"
        )
        return
    click.echo(
        f"{done['approved']} approved, {done['rejected']} rejected, {done['skipped']} skipped; "
        f"{left} left to review as {role} in {signoff.locale}{waits}"
    )


def _show_item(item: Any, role: str, counter: str, width: int, source_locale: str) -> None:
    """One message as a reviewer sees it: where, what changed, source and translation."""
    critical = " (critical)" if item.message.critical else ""
    click.echo(f"{counter} {item.catalog}: {item.section}{critical}, {item.location}")
    status = item.status(role)
    source, translation = item.message.msgid, item.translation
    if status is not None and status.state == "outdated":
        click.echo(f"  {status.text()}")
        source = item.source_diff(role) or source
        translation = item.translation_diff(role) or translation
    labels = (source_locale, item.locale)
    if width >= 100:
        column = (width - 6) // 2
        left = textwrap.wrap(source, column) or [""]
        right = textwrap.wrap(translation, column) or [""]
        click.echo(f"  {labels[0]:<{column}}  {labels[1]}")
        for a, b in itertools.zip_longest(left, right, fillvalue=""):
            click.echo(f"  {a:<{column}}  {b}")
    else:
        pad = max(len(label) for label in labels) + 2
        for label, text in zip(labels, (source, translation), strict=True):
            lines = textwrap.wrap(text, max(width - pad - 2, 20)) or [""]
            click.echo(f"  {label:<{pad}}{lines[0]}")
            for line in lines[1:]:
                click.echo(f"  {'':<{pad}}{line}")
    for finding in item.findings:
        click.echo(f"  {finding.severity}: {finding.message} [{finding.code}]")


def _ask(prompt: str, choices: str) -> str | None:
    """One key from the reviewer (a line; from a pipe too); None at the end of the input."""
    while True:
        click.echo(prompt, nl=False)
        line = sys.stdin.readline()
        if not line:
            click.echo()
            return None
        answer = line.strip().lower()
        if not sys.stdin.isatty():
            click.echo(answer)  # what a terminal would have shown
        if len(answer) == 1 and answer in choices:
            return answer
        click.echo(f"  answer {', '.join(choices[:-1])} or {choices[-1]}")


def _ask_text(prompt: str) -> str | None:
    while True:
        click.echo(prompt, nl=False)
        line = sys.stdin.readline()
        if not line:
            click.echo()
            return None
        if not sys.stdin.isatty():
            click.echo(line.rstrip("\n"))
        if line.strip():
            return line.strip()
        click.echo("  a rejection needs a comment")


@review.command("sheet")
@_locale_option(required=True)
@click.option(
    "-o",
    "--output",
    required=True,
    type=click.Path(dir_okay=False, path_type=Path),
    help="The HTML file to write.",
)
@_leaflets_option
@click.pass_context
def review_sheet(ctx: click.Context, locales: str, output: Path, leaflets: tuple[str, ...]) -> None:
    """Write a printable review sheet (HTML, A4): every message by section, to sign.

    Per message: source and translation, the checks' findings, each role's
    approval status and a short id that `review approve --from` accepts; per
    section a signature box. An id stands for the translation printed.
    """
    from leaflet_i18n.render.sheet import render_review_sheet
    from leaflet_i18n.render.templating import environment
    from leaflet_i18n.steps.signoff import Signoff, review_date, sheet_catalogs
    from leaflet_i18n.util.fs import atomic_write

    ws = _workspace(ctx)
    signoff = Signoff(ws, normalize_locale(locales))
    catalogs = signoff.catalogs(leaflets)
    data = sheet_catalogs(signoff, catalogs)
    html = render_review_sheet(
        environment(ws.templates_dir),
        data,
        signoff.locale,
        ws.settings.source_locale,
        review_date(),
        ws.settings.review.applies_to(signoff.locale),
    )
    atomic_write(output, html.encode("utf-8"))
    rows = [r for c in data for s in c.sections for r in s.rows]
    states = [a.state for r in rows for a in r.approvals]
    click.echo(
        f"wrote {output}: {len(rows)} messages of {', '.join(catalogs)}; approvals: "
        f"{states.count('approved')} in place, {states.count('outdated')} changed since review, "
        f"{states.count('missing')} missing"
    )


@review.command("approve")
@_locale_option(required=True)
@_reviewer_options
@click.option(
    "--from",
    "source",
    required=True,
    type=click.File("r", encoding="utf-8"),
    help="The list: one message per line, a sheet id or 'msgctxt: msgid' ('-': standard input).",
)
@_leaflets_option
@click.pass_context
def review_approve(
    ctx: click.Context,
    locales: str,
    reviewer: str,
    role: str,
    source: Any,
    leaflets: tuple[str, ...],
) -> None:
    """Record approvals decided elsewhere (a signed sheet, a review meeting).

    Each line of the list names one message: the id a review sheet prints
    (bound to the translation printed), or 'msgctxt: msgid'. Nothing is
    approved implicitly: a line that names no message, or one that is
    untranslated or fuzzy, is an error (exit status 1) and approves nothing.
    """
    from leaflet_i18n.steps.signoff import Signoff, review_date

    ws = _workspace(ctx)
    signoff = Signoff(ws, normalize_locale(locales))
    name = _reviewer_name(reviewer)
    catalogs = signoff.catalogs(leaflets)
    shown = "<stdin>" if source.name == "<stdin>" else ws.display(Path(source.name))
    result = signoff.approve_lines(
        source.read().splitlines(), shown, role, name, review_date(), catalogs
    )
    for item in result.approved:
        click.echo(
            f"approved {item.id} {item.catalog}: {item.section}: “{_cut(item.message.msgid)}”"
        )
    _print_findings(result.errors)
    files = ", ".join(result.written) or "nothing"
    click.echo(
        f"{len(result.approved)} approved as {role} by {name}, {len(result.errors)} refused; "
        f"wrote {files}"
    )
    if result.errors:
        sys.exit(1)


@review.command("status")
@_format_option("text", "json")
@_locale_option(multiple=True)
@_leaflets_option
@click.option(
    "--sections",
    "all_sections",
    is_flag=True,
    help="Text: every section, not only incomplete ones.",
)
@click.pass_context
def review_status_command(
    ctx: click.Context,
    fmt: str,
    locales: tuple[str, ...],
    leaflets: tuple[str, ...],
    all_sections: bool,
) -> None:
    """Approved, missing and changed-since-review counts per locale, leaflet, section and role.

    Default: the locales where the gate requires review. Exit status 1 when
    an approval the gate needs is missing or void.
    """
    from leaflet_i18n.steps.signoff import review_status

    ws = _workspace(ctx)
    policy = ws.settings.review
    if not policy.enabled:
        click.echo("no review required (review: required: in leaflet-i18n.yaml)")
        return
    chosen = ws.translation_locales(locales)
    if not locales:
        chosen = [loc for loc in chosen if policy.applies_to(loc)]
    data = review_status(ws, chosen, leaflets)
    if fmt == "json":
        _emit_json(data)
    else:
        click.echo(_review_status_text(data, all_sections))
    gaps = [
        counts
        for row in data["locales"]
        if row["enforced"]
        for page in row["leaflets"]
        for counts in page["roles"].values()
        if counts["missing"] or counts["outdated"]
    ]
    if gaps:
        sys.exit(1)


def _review_status_text(data: dict[str, Any], all_sections: bool) -> str:
    lines = [
        f"{'locale':<8} {'leaflet':<14} {'section':<28} {'role':<12} "
        f"{'approved':>9} {'missing':>8} {'changed':>8}"
    ]

    def row(locale: str, leaflet: str, section: str, role: str, c: dict[str, int]) -> str:
        total = c["approved"] + c["missing"] + c["outdated"]
        done = f"{c['approved']}/{total}"
        return (
            f"{locale:<8} {leaflet:<14} {section[:28]:<28} {role:<12} "
            f"{done:>9} {c['missing']:>8} {c['outdated']:>8}"
        )

    for loc in data["locales"]:
        locale = loc["locale"] + ("" if loc["enforced"] else "*")
        for page in loc["leaflets"]:
            for role, counts in page["roles"].items():
                lines.append(row(locale, page["leaflet"], "(all)", role, counts))
                for section in page["sections"]:
                    c = section["roles"].get(role)
                    if c and (all_sections or c["missing"] or c["outdated"]):
                        mark = "! " if section["critical"] else "  "
                        lines.append(row(locale, page["leaflet"], mark + section["path"], role, c))
    if any(not loc["enforced"] for loc in data["locales"]):
        lines.append("* review not enforced by the gate in this locale (review.locales)")
    return "\n".join(lines)


# ---------------------------------------------------------------- interchange


@main.group()
def xliff() -> None:
    """Exchange translations with CAT tools (Trados, memoQ, Phrase) as XLIFF."""


@xliff.command("export")
@_locale_option(required=True)
@_file_output_option()
@click.option(
    "--version",
    "version",
    type=click.Choice(["1.2", "2.0"]),
    default="1.2",
    show_default=True,
    help="XLIFF version; 1.2 round-trips every PO detail.",
)
@click.argument("leaflets", nargs=-1)
@click.pass_context
def xliff_export(
    ctx: click.Context, locales: str, output: Path | None, version: str, leaflets: tuple[str, ...]
) -> None:
    """Write a locale's catalogs as one XLIFF file for a translation agency.

    One unit per message; unit ids are stable across exports; resname is
    the section path; notes carry the extracted comments and mark
    safety-critical text; fuzzy entries are needs-review-translation, with
    the previous source as alt-trans. LEAFLETS limits the catalogs (default:
    every leaflet and the templates).
    """
    from leaflet_i18n.steps.interchange import export_locale
    from leaflet_i18n.util.fs import atomic_write

    ws = _workspace(ctx)
    export = export_locale(ws, normalize_locale(locales), version, list(leaflets) or None)
    if output is None:
        click.echo(export.data.decode("utf-8"), nl=False)
    else:
        atomic_write(output, export.data)
        click.echo(f"wrote {output} ({export.units} units)", err=True)


@xliff.command("import")
@click.argument("source", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@_locale_option()
@click.option("--dry-run", is_flag=True, help="Report what would change; write nothing.")
@click.option(
    "--reviewer",
    help="Record the units the file marks approved or signed off as approvals by this person.",
)
@click.option("--role", help="The role of --reviewer (linguistic, medical, ...).")
@click.pass_context
def xliff_import(
    ctx: click.Context,
    source: Path,
    locales: str | None,
    dry_run: bool,
    reviewer: str | None,
    role: str | None,
) -> None:
    """Merge translations from an XLIFF file back into the .po files.

    A unit becomes current only if its source is still the current text of
    its section; a unit translated against an older source fills the
    closest message as fuzzy (and only if that message has no reviewed
    translation). Replaced translations and units that match nothing are
    listed. A file for another locale than -l (default: its
    target-language; it-IT goes into it when there are no it_IT catalogs) is
    refused. A unit with an inline code PO text cannot hold is refused by
    name (exit status 1).

    Units marked approved or signed off (XLIFF state signed-off or final,
    approved="yes", memoQ Reviewer1/2Confirmed, Trados ApprovedTranslation or
    ApprovedSignOff) become approvals in the review record only with
    --reviewer and --role; otherwise they are counted and nothing is approved.
    """
    from leaflet_i18n.formats.xliff import parse
    from leaflet_i18n.steps.interchange import Approver, plan_import
    from leaflet_i18n.steps.signoff import review_date

    if (reviewer is None) != (role is None):
        raise click.UsageError("give --reviewer and --role together")
    ws = _workspace(ctx)
    shown = ws.display(source.resolve()) if source.is_absolute() else str(source)
    doc = parse(source.read_bytes(), shown)
    approver = (
        Approver(_reviewer_name(reviewer), role, review_date())
        if reviewer is not None and role is not None
        else None
    )
    given = normalize_locale(locales) if locales else None
    txn, report = plan_import(ws, doc, given, shown, approver)
    changes = [path for path, _ in txn.changes()]
    if not dry_run:
        txn.commit()
    for refusal in report.refused:
        click.echo(
            f"{Location(shown, refusal.line or None)}: error: {refusal.message} [xliff.inline]"
        )
    for name, msgid, old, new in report.replaced:
        click.echo(f"replaced in {name}: “{_cut(msgid)}”\n  was: “{old}”\n  now: “{new}”")
    for name, unit_source, current in report.outdated:
        click.echo(
            f"outdated source in {name}: “{_cut(unit_source)}” now reads “{_cut(current)}”: "
            "imported as fuzzy"
        )
    for name, unit_source in report.kept:
        click.echo(
            f"not applied in {name}: “{_cut(unit_source)}” (translated against an older "
            "source; the reviewed translation is kept)"
        )
    for name, unit_source in report.ambiguous:
        click.echo(
            f"not applied in {name}: “{_cut(unit_source)}” has no context (resname) and is in "
            "several sections"
        )
    for name, unit_source in report.unmatched:
        click.echo(f"matches nothing in {name}: “{_cut(unit_source)}”")
    if report.notes:
        click.echo(f"{report.notes} translator note(s) kept as translator comments")
    _print_imported_approvals(report, approver, dry_run)
    files = ", ".join(ws.display(p) for p in changes) or "nothing"
    refused = f", {len(report.refused)} refused" if report.refused else ""
    click.echo(
        f"{report.updated} updated, {report.unchanged} unchanged, "
        f"{len(report.outdated)} fuzzy (outdated source), {len(report.unmatched)} unmatched"
        f"{refused}, {report.untranslated} untranslated in the file; "
        f"{'would write' if dry_run else 'wrote'} {files}"
    )
    if report.refused:
        sys.exit(1)


def _print_imported_approvals(report: Any, approver: Any, dry_run: bool) -> None:
    for name, msgid, why in report.not_recorded:
        click.echo(f"approval not recorded in {name}: “{_cut(msgid)}”: {why}")
    if not report.approved_in_file:
        return
    if approver is None:
        click.echo(
            f"{report.approved_in_file} unit(s) marked approved or signed off in the file; "
            "no approval recorded (give --reviewer and --role to record them)"
        )
        return
    verb = "would record" if dry_run else "recorded"
    click.echo(
        f"{verb} {len(report.recorded)} approval(s) as {approver.role} by {approver.reviewer} "
        f"in {', '.join(report.records) or 'no record'}"
    )


@main.group()
def tm() -> None:
    """Translation memory shared by the leaflets of a locale."""


@tm.command("export")
@_locale_option(required=True)
@_file_output_option()
@click.pass_context
def tm_export(ctx: click.Context, locales: str, output: Path | None) -> None:
    """Write every reviewed translation of a locale as TMX 1.4b for CAT tools."""
    from leaflet_i18n.steps.tm import export_tmx
    from leaflet_i18n.util.fs import atomic_write

    export = export_tmx(_workspace(ctx), normalize_locale(locales))
    if output is None:
        click.echo(export.data.decode("utf-8"), nl=False)
    else:
        atomic_write(output, export.data)
        click.echo(f"wrote {output} ({export.units} translation units)", err=True)


@main.command("compile")
@_locale_option(multiple=True)
@click.option("--statistics", is_flag=True, help="Print what went into each .mo file.")
@click.option(
    "--allow-blocked",
    is_flag=True,
    help="Compile catalogs whose pages the gate refuses too (their reasons are still printed).",
)
@_jobs_option
@_cache_option
@click.pass_context
def compile_(
    ctx: click.Context,
    locales: tuple[str, ...],
    statistics: bool,
    allow_blocked: bool,
    jobs: int | None,
    no_cache: bool,
) -> None:
    """Write .mo files next to the .po files, for applications that use gettext.

    The bytes are those GNU msgfmt writes (fuzzy entries left out, header
    unchanged, with msgfmt's hash table), so C programs, Python's gettext and
    every other runtime read them. A catalog whose page the safety gate
    refuses is not compiled (as build refuses the page): its reasons are
    printed as file:line and the exit status is 1, unless --allow-blocked.
    The HTML build does not need .mo files; it reads the .po files directly.
    """
    from leaflet_i18n.steps.compile import plan_compile

    ws, pages = _review(ctx, locales, jobs, no_cache)
    plans = plan_compile(ws, [p.verdict for p in pages], allow_blocked)
    txn = Transaction()
    for plan in plans:
        if plan.blocked:
            click.echo(f"{'compiled anyway' if allow_blocked else 'refused'} {plan.shown}:")
            for reason in plan.blocked:
                click.echo(f"  {reason.text()}")
        if plan.data is not None:
            txn.stage(plan.path.with_suffix(".mo"), plan.data)
            if statistics:
                click.echo(f"{ws.display(plan.path.with_suffix('.mo'))}: {plan.stats}")
    written = txn.commit()
    refused = sum(plan.data is None for plan in plans)
    click.echo(
        f"compiled {len(written)} .mo file(s); {txn.staged - len(written)} unchanged; "
        f"{refused} refused"
    )
    if refused:
        sys.exit(1)


_accept_workspace_anywhere(main)
