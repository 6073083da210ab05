"""Benchmark leaflet-i18n against GNU gettext's C tools on a synthetic workspace.

    python benchmarks/run.py --size small            # 20 leaflets x 6 locales (CI)
    python benchmarks/run.py --size eu --runs 3      # 1,500 leaflets x 26 locales
    python benchmarks/run.py --only reader,corpus    # the PO reader alone

Prints each figure as the median of --runs runs, with its ratio to the GNU
reference measured in the same run (two processes in parallel, as with our
--jobs 2; the reader and corpus figures take turns with it), and the peak
memory (resident set of the whole process tree).
The workspace is generated once under benchmarks/.work/<size>/, the
100,000-entry catalog of the reader figure under benchmarks/.work/reader/.
"""

from __future__ import annotations

import argparse
import hashlib
import os
import resource
import shutil
import statistics
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from pathlib import Path

HERE = Path(__file__).resolve().parent
SIZES = {"small": (20, 6), "medium": (200, 26), "eu": (1500, 26)}
JOBS = 2
WORKSPACE_FIGURES = ("stats", "check", "build", "update")
FIGURES = (*WORKSPACE_FIGURES, "merge10k", "reader", "corpus")
READER_ENTRIES = 100_000
CORPUS = Path(os.environ.get("LEAFLET_I18N_CORPUS", HERE.parent.parent / "shared" / "corpus"))
Row = Callable[[str, tuple[float, int], str, float], None]


def rss_of_tree(root: int) -> int:
    """Resident memory (bytes) of a process and all its descendants, from /proc."""
    children: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat", "rb") as fh:
                fields = fh.read().rsplit(b")", 1)[1].split()
            children.setdefault(int(fields[1]), []).append(int(entry))
        except OSError:
            continue
    total, stack = 0, [root]
    while stack:
        pid = stack.pop()
        stack.extend(children.get(pid, []))
        try:
            with open(f"/proc/{pid}/statm") as fh:
                total += int(fh.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")
        except OSError:
            continue
    return total


def measure(command: list[str] | str, cwd: Path, ok: tuple[int, ...] = (0,)) -> tuple[float, int]:
    """Wall seconds and peak memory (bytes) of a command and its children."""
    elapsed, peak, _ = measure_cpu(command, cwd, ok)
    return elapsed, peak


def measure_cpu(
    command: list[str] | str, cwd: Path, ok: tuple[int, ...] = (0,)
) -> tuple[float, int, float]:
    """Wall seconds, peak memory (bytes) and CPU seconds of a command and its children."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    proc = subprocess.Popen(
        command,
        cwd=cwd,
        shell=isinstance(command, str),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    peak = 0
    done = threading.Event()

    def sample() -> None:
        nonlocal peak
        while not done.is_set():
            peak = max(peak, rss_of_tree(proc.pid))
            done.wait(0.05)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    _, err = proc.communicate()
    elapsed = time.perf_counter() - start
    done.set()
    sampler.join()
    if proc.returncode not in ok:
        sys.exit(f"failed ({proc.returncode}): {command}\n{err.decode()[-2000:]}")
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime
    return elapsed, peak, cpu


def median_of(
    runs: int,
    setup: Callable[[], None],
    command: list[str] | str,
    cwd: Path,
    ok: tuple[int, ...] = (0,),
) -> tuple[float, int]:
    times, peaks = [], []
    for _ in range(runs):
        setup()
        elapsed, peak = measure(command, cwd, ok)
        times.append(elapsed)
        peaks.append(peak)
    return statistics.median(times), max(peaks)


def interleaved(
    runs: int, commands: list[tuple[list[str] | str, tuple[int, ...]]], cwd: Path
) -> list[tuple[float, int, float]]:
    """Median wall seconds, peak memory and median CPU seconds of each command, run in turn.

    Taking turns, ours and the reference see the same machine: on a shared
    virtual machine its speed drifts by more than the differences measured.
    CPU seconds (user + system, of the whole process tree) say the same less
    noisily when other work competes for the cores.
    """
    results: list[list[tuple[float, int, float]]] = [[] for _ in commands]
    for _ in range(runs):
        for result, (command, ok) in zip(results, commands, strict=True):
            result.append(measure_cpu(command, cwd, ok))
    return [
        (
            statistics.median(t for t, _, _ in result),
            max(p for _, p, _ in result),
            statistics.median(c for _, _, c in result),
        )
        for result in results
    ]


def cpu_line(name: str, ours: float, ref_name: str, ref: float) -> None:
    print(f"  {name:<34} {ours:8.2f} s  {ours / ref if ref else 0:5.2f}x {ref_name}", flush=True)


def compile_package() -> None:
    """Byte-compile the package being measured, as an installed package is.

    Where PYTHONDONTWRITEBYTECODE is set, every run would otherwise compile
    the sources again (some 0.05 s).
    """
    subprocess.run(
        [
            sys.executable,
            "-c",
            "import compileall, os, leaflet_i18n; "
            "compileall.compile_dir(os.path.dirname(leaflet_i18n.__file__), quiet=1)",
        ],
        check=True,
    )


def generator_stamp() -> str:
    """What a generated workspace depends on: the generator and the built-in templates of the
    package measured (their strings are in every template catalog). A workspace made for other
    templates would show their new strings untranslated on every page, and measure that."""
    package = subprocess.run(
        [sys.executable, "-c", "import leaflet_i18n; print(leaflet_i18n.__file__)"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    digest = hashlib.sha256((HERE / "generate.py").read_bytes())
    for path in sorted(Path(package).parent.joinpath("templates").glob("*")):
        digest.update(path.name.encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()


def catalogs_list(ws: Path) -> Path:
    listing = ws / "catalogs.txt"
    files = sorted(p.relative_to(ws).as_posix() for p in (ws / "locales").rglob("*.po"))
    listing.write_text("\n".join(files) + "\n")
    return listing


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--size", choices=SIZES, default="small")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--regenerate", action="store_true")
    parser.add_argument("--only", help=f"comma-separated figures to measure ({','.join(FIGURES)})")
    args = parser.parse_args()
    only = set(args.only.split(",")) if args.only else None
    if only and not only <= set(FIGURES):
        parser.error(f"unknown figure(s): {', '.join(sorted(only - set(FIGURES)))}")
    tool = [sys.executable, "-m", "leaflet_i18n"]
    compile_package()
    rows: list[tuple[str, float, int, str, float]] = []

    def row(name: str, ours: tuple[float, int], ref_name: str, ref: float) -> None:
        rows.append((name, ours[0], ours[1], ref_name, ref))
        print(
            f"  {name:<34} {ours[0]:8.2f} s  {ours[0] / ref if ref else 0:5.2f}x {ref_name:<22} "
            f"peak {ours[1] / 2**20:7.0f} MiB",
            flush=True,
        )

    if not only or only & set(WORKSPACE_FIGURES):
        workspace_figures(args.size, args.runs, args.regenerate, only, tool, row)
    if not only or "merge10k" in only:
        merge_10k(args.runs, tool, row)
    if not only or "reader" in only:
        reader_figure(args.runs, args.regenerate, tool, row)
    if not only or "corpus" in only:
        corpus_figure(args.runs, tool, row)


def nothing() -> None:
    pass


def workspace_figures(
    size: str, runs: int, regenerate: bool, only: set[str] | None, tool: list[str], row: Row
) -> None:
    """stats, check, build and update on the generated workspace of ``size``."""
    leaflets, locales = SIZES[size]
    ws = HERE / ".work" / size
    pristine = HERE / ".work" / f"{size}-pristine"
    stamp = generator_stamp()
    made_by = pristine / ".generated-by"
    stale = not made_by.exists() or made_by.read_text() != stamp
    if regenerate or not pristine.exists() or stale:
        print(f"generating {leaflets} leaflets x {locales} locales in {pristine} ...", flush=True)
        shutil.rmtree(pristine, ignore_errors=True)
        subprocess.run(
            [
                sys.executable,
                str(HERE / "generate.py"),
                "--leaflets",
                str(leaflets),
                "--locales",
                str(locales),
                "--out",
                str(pristine),
            ],
            check=True,
        )
        made_by.write_text(stamp)

    def reset() -> None:
        if ws.exists():
            shutil.rmtree(ws)
        shutil.copytree(pristine, ws)

    reset()
    listing = catalogs_list(ws)
    count = len(listing.read_text().split())
    entries = sum(p.read_bytes().count(b"\nmsgid ") for p in (ws / "locales").rglob("*.po"))
    print(
        f"size {size}: {leaflets} leaflets x {locales} locales = "
        f"{leaflets * locales:,} pages, "
        f"{count:,} catalogs, {entries:,} entries; {runs} runs, median; jobs {JOBS}"
    )
    xargs = f"xargs -a catalogs.txt -P{JOBS} -n1"

    def clear_cache() -> None:
        shutil.rmtree(ws / ".leaflet-i18n-cache", ignore_errors=True)

    ref_stats = median_of(runs, nothing, f"{xargs} msgfmt --statistics -o /dev/null", ws)[0]
    print(f"  {'msgfmt --statistics (reference)':<34} {ref_stats:8.2f} s", flush=True)
    if not only or "stats" in only:
        row(
            "stats, cold",
            median_of(runs, clear_cache, [*tool, "stats", "--jobs", str(JOBS), "locales"], ws),
            "msgfmt --statistics",
            ref_stats,
        )
    if not only or "check" in only:
        ref_check = median_of(runs, nothing, f"{xargs} msgfmt --check -o /dev/null", ws, (0, 123))[
            0
        ]
        print(f"  {'msgfmt --check (reference)':<34} {ref_check:8.2f} s", flush=True)
        row(
            "check, cold",
            median_of(
                runs,
                clear_cache,
                [*tool, "check", "--jobs", str(JOBS), "--format", "json"],
                ws,
                (0, 1),
            ),
            "msgfmt --check",
            ref_check,
        )
    if not only or "build" in only:

        def cold() -> None:
            clear_cache()
            shutil.rmtree(ws / "site", ignore_errors=True)

        build = [*tool, "build", "--jobs", str(JOBS)]
        row(
            "build, cold",
            median_of(runs, cold, build, ws, (0, 1)),
            "msgfmt --statistics",
            ref_stats,
        )
        row(
            "build, nothing changed",
            median_of(runs, nothing, build, ws, (0, 1)),
            "msgfmt --statistics",
            ref_stats,
        )
        changed = sorted((ws / "locales" / "de" / "LC_MESSAGES").glob("medicol-*.po"))[0]

        def touch_one() -> None:
            text = changed.read_text(encoding="utf-8")
            changed.write_text(
                text.replace("‹de›", "‹de ›", 1)
                if "‹de›" in text
                else text.replace("‹de ›", "‹de›", 1),
                encoding="utf-8",
            )

        row(
            "build, one .po changed",
            median_of(runs, touch_one, build, ws, (0, 1)),
            "msgfmt --statistics",
            ref_stats,
        )
    if not only or "update" in only:
        update_figures(runs, ws, reset, tool, row)


def update_figures(
    runs: int, ws: Path, reset: Callable[[], None], tool: list[str], row: Row
) -> None:
    """update of every locale after a source change, vs msgmerge over the same files."""

    def change_sources() -> None:
        reset()
        for path in (ws / "content").glob("*.yaml"):
            text = path.read_text(encoding="utf-8")
            path.write_text(
                text.replace("Do not store above 25 °C.", "Do not store above 30 °C."),
                encoding="utf-8",
            )
        subprocess.run([*tool, "extract"], cwd=ws, check=True, stdout=subprocess.DEVNULL)
        pairs = [
            f"{po.relative_to(ws)} locales/{po.stem}.pot"
            for po in sorted((ws / "locales").rglob("*.po"))
        ]
        (ws / "pairs.txt").write_text("\n".join(pairs) + "\n")

    ref = median_of(
        runs,
        change_sources,
        f"xargs -a pairs.txt -P{JOBS} -n2 sh -c "
        '\'msgmerge --quiet --previous -o /dev/null "$0" "$1"\'',
        ws,
    )[0]
    print(f"  {'msgmerge --previous (reference)':<34} {ref:8.2f} s", flush=True)
    row(
        "update, all locales",
        median_of(runs, change_sources, [*tool, "update", "--jobs", str(JOBS)], ws),
        "msgmerge",
        ref,
    )


def merge_10k(runs: int, tool: list[str], row: Row) -> None:
    """update of one 10,000-entry catalog after 10% of its source changed, vs msgmerge."""
    sys.path.insert(0, str(HERE.parent / "src"))
    from leaflet_i18n.formats.po_writer import dumps
    from leaflet_i18n.model.catalog import Catalog, Entry

    work = HERE / ".work" / "merge10k"
    shutil.rmtree(work, ignore_errors=True)
    (work / "content").mkdir(parents=True)
    import random

    rng = random.Random(7)
    words = (
        "take tablet tablets daily dose doctor pharmacist liver kidney blood water food "
        "children adults hours days mg week pain fever allergy skin"
    ).split()
    sections = [f"section-{i:03d}" for i in range(100)]
    lines = ["title: Merge test", "source_locale: en", "sections:"]
    texts: list[tuple[str, str]] = []
    for section in sections:
        lines += [f"  - id: {section}", "    kind: warnings", "    blocks:"]
        for _ in range(100):
            text = (
                " ".join(rng.choice(words) for _ in range(rng.randint(6, 14))).capitalize()
                + f" {rng.randint(1, 999)}."
            )
            texts.append((section, text))
            lines.append(f'      - "{text}"')
    (work / "content" / "merge.yaml").write_text("\n".join(lines) + "\n")
    (work / "leaflet-i18n.yaml").write_text("source_locale: en\ntarget_locales: [de]\n")
    subprocess.run([*tool, "extract"], cwd=work, check=True, stdout=subprocess.DEVNULL)
    header = Entry(
        msgid="",
        msgstr="Language: de\nContent-Type: text/plain; charset=UTF-8\n"
        "Plural-Forms: nplurals=2; plural=(n != 1);\n",
    )
    po = Catalog(
        entries=[header]
        + [Entry(msgid=t, msgstr="DE " + t, msgctxt=s) for s, t in dict.fromkeys(texts)]
    )
    target = work / "locales" / "de" / "LC_MESSAGES" / "merge.po"
    target.parent.mkdir(parents=True)
    pristine_po = dumps(po)
    content = (work / "content" / "merge.yaml").read_text()
    for _section, text in rng.sample(texts, len(texts) // 10):
        content = content.replace(f'"{text}"', f'"{text[:-1]} today."', 1)
    (work / "content" / "merge.yaml").write_text(content)
    subprocess.run([*tool, "extract"], cwd=work, check=True, stdout=subprocess.DEVNULL)

    def restore() -> None:
        target.write_bytes(pristine_po)

    ref = median_of(
        runs,
        restore,
        [
            "msgmerge",
            "--quiet",
            "--previous",
            "-o",
            "/dev/null",
            str(target),
            str(work / "locales" / "merge.pot"),
        ],
        work,
    )[0]
    print(f"  {'msgmerge 10k (reference)':<34} {ref:8.2f} s", flush=True)
    row(
        "update, 10,000 entries, 10% changed",
        median_of(runs, restore, [*tool, "update", "-l", "de"], work),
        "msgmerge",
        ref,
    )


def reader_figure(runs: int, regenerate: bool, tool: list[str], row: Row) -> None:
    """stats on one 100,000-entry program-shaped catalog, vs msgfmt --statistics on it."""
    work = HERE / ".work" / "reader"
    path = work / f"real-{READER_ENTRIES}.po"
    if regenerate or not path.exists():
        work.mkdir(parents=True, exist_ok=True)
        subprocess.run(
            [
                sys.executable,
                str(HERE / "generate.py"),
                "--catalog",
                str(READER_ENTRIES),
                "--out",
                str(path),
            ],
            check=True,
        )
    print(
        f"reader: {path.name}, {READER_ENTRIES:,} entries + 10% obsolete, "
        f"{path.stat().st_size / 2**20:.1f} MiB; {runs} runs, median",
        flush=True,
    )
    ref, check, ours = interleaved(
        runs,
        [
            (["msgfmt", "--statistics", "-o", os.devnull, path.name], (0,)),
            (["msgfmt", "--check", "--statistics", "-o", os.devnull, path.name], (0,)),
            ([*tool, "stats", path.name], (0,)),
        ],
        work,
    )
    print(f"  {'msgfmt --statistics (reference)':<34} {ref[0]:8.2f} s", flush=True)
    print(f"  {'msgfmt --check --statistics':<34} {check[0]:8.2f} s", flush=True)
    row("stats, 100,000 real-shaped entries", ours[:2], "msgfmt --statistics", ref[0])
    cpu_line("  the same in CPU seconds", ours[2], "msgfmt --statistics CPU", ref[2])


def corpus_files(corpus: Path) -> list[Path]:
    """Every catalog of the real-world corpus: good, rejected by msgfmt --check, and broken."""
    return sorted(
        p
        for folder in ("po", "po-invalid", "po-bad")
        for p in (corpus / folder).iterdir()
        if p.suffix in (".po", ".pot")
    )


def corpus_figure(runs: int, tool: list[str], row: Row) -> None:
    """stats over every corpus file, vs msgfmt --statistics over the same files."""
    if not CORPUS.is_dir():
        print(f"corpus: skipped, no corpus at {CORPUS} (set LEAFLET_I18N_CORPUS)", flush=True)
        return
    files = corpus_files(CORPUS)
    work = HERE / ".work" / "corpus"
    work.mkdir(parents=True, exist_ok=True)
    (work / "files.txt").write_text("".join(f"{p}\n" for p in files))
    size = sum(p.stat().st_size for p in files)
    print(
        f"corpus: {len(files)} files of {CORPUS}, {size / 2**20:.1f} MiB; "
        f"{runs} runs, median; jobs {JOBS}",
        flush=True,
    )
    xargs = f"xargs -a files.txt -P{JOBS} -n1"
    # Some corpus files are broken on purpose: exit status 1 (ours) or 123 (xargs) is expected.
    ref, check, ours = interleaved(
        runs,
        [
            (f"{xargs} msgfmt --statistics -o /dev/null", (0, 123)),
            (f"{xargs} msgfmt --check --statistics -o /dev/null", (0, 123)),
            ([*tool, "stats", "--jobs", str(JOBS), *map(str, files)], (0, 1)),
        ],
        work,
    )
    print(f"  {'msgfmt --statistics (reference)':<34} {ref[0]:8.2f} s", flush=True)
    print(f"  {'msgfmt --check --statistics':<34} {check[0]:8.2f} s", flush=True)
    row("stats, every corpus file", ours[:2], "msgfmt --statistics", ref[0])
    cpu_line("  the same in CPU seconds", ours[2], "msgfmt --statistics CPU", ref[2])


if __name__ == "__main__":
    main()
