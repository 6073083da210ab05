"""Review sign-off: approvals bound to the exact text, the records, the policy and the gate."""

from __future__ import annotations

import json
import shutil
import subprocess
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from leaflet_i18n.checks.approval import ApprovalIndex, approval_problems
from leaflet_i18n.checks.conformance import read_catalog
from leaflet_i18n.formats.po_writer import dumps
from leaflet_i18n.model.approval import Approval, ApprovalRecord, ReviewPolicy
from leaflet_i18n.model.diagnostics import ContentError
from leaflet_i18n.sources.approvals import dump_record, load_record
from leaflet_i18n.sources.settings import load_settings
from leaflet_i18n.sources.workspace import Workspace
from leaflet_i18n.steps.review import page_signatures
from leaflet_i18n.steps.signoff import Signoff, word_diff

from .helpers import cli, translated_workspace

DAY = date(2026, 11, 26)
REVIEW_SETTINGS = """\
review:
  required:
    critical: [linguistic, medical]
    other: []
"""


def review_workspace(tmp_path: Path, settings: str = REVIEW_SETTINGS) -> Path:
    ws = translated_workspace(tmp_path)
    (ws / "leaflet-i18n.yaml").write_text(settings, encoding="utf-8")
    return ws


def approve_everything(ws: Path, roles: tuple[str, ...] = ("linguistic", "medical")) -> None:
    signoff = Signoff(Workspace.open(ws), "de")
    for role in roles:
        todo, _ = signoff.pending(role, signoff.catalogs())
        for item in todo:
            signoff.approve(item, role, "A. Reviewer", DAY)


def build_de(ws: Path) -> tuple[int, dict[str, Any]]:
    code, output = cli(ws, "build", "--format", "json", "-l", "de")
    [page] = json.loads(output)["pages"]
    return code, page


def set_msgstr(ws: Path, msgid: str, text: str) -> None:
    path = ws / "locales/de/LC_MESSAGES/demo.po"
    catalog = read_catalog(path)
    [entry] = [e for e in catalog.messages() if e.msgid == msgid]
    entry.msgstr = text
    path.write_bytes(dumps(catalog))


# ---------------------------------------------------------------- approvals and what voids them


def approval(
    context: str | None = "storage",
    msgid: str = "Do not store above 25 °C.",
    forms: tuple[str, ...] = ("Nicht über 25 °C lagern.",),
    plural: str | None = None,
    role: str = "medical",
) -> Approval:
    return Approval.of(context, msgid, plural, forms, role, "A. Reviewer", DAY)


def status_of(
    record: ApprovalRecord,
    context: str | None,
    msgid: str,
    forms: tuple[str, ...],
    plural: str | None = None,
    role: str = "medical",
) -> tuple[str, str]:
    index = ApprovalIndex(record, [(context, msgid)])
    found = index.status(context, msgid, plural, forms, role)
    return found.state, found.change


def test_an_approval_holds_for_exactly_the_approved_text() -> None:
    record = ApprovalRecord("demo", "de", (approval(),))
    assert status_of(
        record, "storage", "Do not store above 25 °C.", ("Nicht über 25 °C lagern.",)
    ) == (
        "approved",
        "",
    )
    # another role's approval does not count
    assert status_of(
        record,
        "storage",
        "Do not store above 25 °C.",
        ("Nicht über 25 °C lagern.",),
        role="linguistic",
    ) == ("missing", "")


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        ("msgstr", ("outdated", "translation changed")),
        ("msgid", ("outdated", "source changed, translation changed")),
        ("msgid-only", ("outdated", "source changed")),
        ("context", ("outdated", "moved from 'storage', translation changed")),
        ("context-only", ("outdated", "moved from 'storage'")),
    ],
)
def test_every_kind_of_change_voids_the_approval(change: str, expected: tuple[str, str]) -> None:
    record = ApprovalRecord("demo", "de", (approval(),))
    context, msgid, forms = "storage", "Do not store above 25 °C.", ("Nicht über 25 °C lagern.",)
    if change == "msgstr":
        forms = ("Nicht über 30 °C lagern.",)
    elif change == "msgid":
        msgid, forms = "Do not store above 30 °C.", ("Nicht über 30 °C lagern.",)
    elif change == "msgid-only":
        msgid = "Do not store above 25 °C!"
    elif change == "context":
        context, forms = "keeping", ("Nicht über 30 °C lagern.",)
    elif change == "context-only":
        context = "keeping"
    assert status_of(record, context, msgid, forms) == expected


def test_a_changed_plural_form_voids_the_approval() -> None:
    forms = ("Nehmen Sie {n} Tablette.", "Nehmen Sie {n} Tabletten.")
    record = ApprovalRecord(
        "demo", "de", (approval("dose", "Take {n} tablet.", forms, "Take {n} tablets."),)
    )
    assert (
        status_of(record, "dose", "Take {n} tablet.", forms, "Take {n} tablets.")[0] == "approved"
    )
    changed = (forms[0], "Nehmen Sie {n} Kapseln.")
    assert status_of(record, "dose", "Take {n} tablet.", changed, "Take {n} tablets.") == (
        "outdated",
        "translation changed",
    )
    # the plural source is part of the message too
    assert status_of(record, "dose", "Take {n} tablet.", forms, "Take {n} pills.") == (
        "outdated",
        "source changed",
    )


def test_an_unrelated_new_message_is_missing_not_changed() -> None:
    record = ApprovalRecord("demo", "de", (approval(),))
    assert status_of(
        record, "storage", "Keep out of the sight of children.", ("Für Kinder …",)
    ) == (
        "missing",
        "",
    )


def test_problems_name_who_approved_what() -> None:
    index = ApprovalIndex(ApprovalRecord("demo", "de", (approval(),)), [])
    statuses = [
        index.status("storage", "Do not store above 25 °C.", None, ("Nicht über 30 °C lagern.",), r)
        for r in ("linguistic", "medical")
    ]
    [(missing, missing_text), (outdated, outdated_text)] = sorted(
        approval_problems(statuses, critical=True)
    )
    assert missing == "review.missing" and "a linguistic reviewer" in missing_text
    assert outdated == "review.outdated"
    assert "changed since review (translation changed: approved by A. Reviewer as medical" in (
        outdated_text
    )


def test_word_diff_marks_what_changed() -> None:
    assert word_diff("Nicht über 25 °C lagern.", "Nicht über 30 °C lagern.") == (
        "Nicht über [-25-] {+30+} °C lagern."
    )
    assert word_diff("Selten", "Häufig") == "[-Selten-] {+Häufig+}"
    assert word_diff("Nicht einnehmen.", "Einnehmen.") == "[-Nicht einnehmen.-] {+Einnehmen.+}"


# ---------------------------------------------------------------- the record file


def test_record_is_sorted_stable_and_loads_back(tmp_path: Path) -> None:
    record = ApprovalRecord(
        "demo",
        "de",
        (
            approval("storage", role="medical"),
            approval("how-to-take", "Take 2.", ("Nehmen Sie 2.",), role="linguistic"),
            approval("storage", role="linguistic"),
            approval("dose", "Take {n} tablet.", ("a", "b"), "Take {n} tablets."),
        ),
    )
    data = dump_record(record, ["_title", "how-to-take", "storage", "dose", "what-it-is"])
    text = data.decode()
    # every section has its line, approvals in msgctxt, msgid, role order
    assert (
        text.index("# section: _title")
        < text.index("# section: dose")
        < text.index("# section: how-to-take")
        < text.index("# section: storage")
        < text.index("# section: what-it-is")
    )
    storage = text.split("# section: storage")[1]
    assert storage.index("role: linguistic") < storage.index("role: medical")
    assert "msgstr:\n    - a\n    - b\n" in text
    path = tmp_path / "demo.yaml"
    path.write_bytes(data)
    back = load_record(path, "reviews/demo.yaml", "demo", "de")
    assert set(back.approvals) == set(record.approvals)
    assert dump_record(back, ["_title", "how-to-take", "storage", "dose", "what-it-is"]) == data
    keys = [line.split(":")[0].strip("- ") for line in storage.splitlines() if ":" in line]
    assert keys[:9] == [
        "msgctxt", "msgid", "msgstr", "role", "reviewer", "date", "source_sha256", "msgstr_sha256",
        "msgctxt",
    ]  # fmt: skip


def test_a_text_edited_by_hand_approves_nothing(tmp_path: Path) -> None:
    path = tmp_path / "demo.yaml"
    path.write_bytes(dump_record(ApprovalRecord("demo", "de", (approval(),)), ["storage"]))
    path.write_text(path.read_text().replace("Nicht über 25", "Nicht über 30"))
    with pytest.raises(ContentError) as caught:
        load_record(path, "reviews/demo.yaml", "demo", "de")
    [finding] = caught.value.findings
    assert finding.code == "review.record" and finding.location.line == 8
    assert "do not match its hashes" in finding.message


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (
            "leaflet: demo\nlocale: de\napprovals:\n- msgid: x\n  rol: medical\n",
            "unknown key 'rol'",
        ),
        ("leaflet: other\nlocale: de\napprovals: []\n", "this record is for 'other'"),
        ("leaflet: demo\nlocale: fr\napprovals: []\n", "for locale 'fr'"),
        ("leaflet: demo\nlocale: de\napprovals: {a: 1}\n", "must be a list"),
        ("leaflet: demo\nlocale: de\napprovals: [\n", "invalid YAML"),
        ("!!python/object:os.system {}\n", "missing required key 'leaflet'"),  # nothing is run
    ],
)
def test_broken_records_name_their_line(tmp_path: Path, text: str, message: str) -> None:
    path = tmp_path / "demo.yaml"
    path.write_text(text)
    with pytest.raises(ContentError, match=message) as caught:
        load_record(path, "reviews/demo.yaml", "demo", "de")
    assert caught.value.location is not None and caught.value.line


def test_a_missing_record_is_empty(tmp_path: Path) -> None:
    assert load_record(tmp_path / "none.yaml", "x", "demo", "de").approvals == ()


# ---------------------------------------------------------------- the policy


def test_review_settings(tmp_path: Path) -> None:
    (tmp_path / "leaflet-i18n.yaml").write_text(
        "review:\n  required:\n    critical: [linguistic, medical]\n    other: [linguistic]\n"
        "  roles: [linguistic, medical, regulatory]\n  locales: [de, pt-BR]\n"
    )
    policy = load_settings(tmp_path).review
    assert policy.critical == ("linguistic", "medical") and policy.other == ("linguistic",)
    assert policy.roles == ("linguistic", "medical", "regulatory")
    assert policy.locales == ("de", "pt_BR")
    assert policy.required("de_AT", True) == ("linguistic", "medical")  # the language covers it
    assert policy.required("fr", True) == ()
    assert load_settings(tmp_path / "nowhere").review == ReviewPolicy()  # default: nothing


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (
            "review:\n  required:\n    critical: [medic]\n",
            r"unknown role 'medic' \(did you mean 'medical'\?\)",
        ),
        ("review:\n  required:\n    criticial: [medical]\n", "unknown key 'criticial'"),
        ("review:\n  roles: [Medical]\n", "must be a lower-case word"),
        ("review:\n  locales: [../x]\n", "locale"),
    ],
)
def test_bad_review_settings_are_refused(tmp_path: Path, text: str, message: str) -> None:
    (tmp_path / "leaflet-i18n.yaml").write_text(text)
    with pytest.raises(ContentError, match=message) as caught:
        load_settings(tmp_path)
    assert caught.value.path == "leaflet-i18n.yaml" and caught.value.line


# ---------------------------------------------------------------- the gate, through build


def test_the_gate_needs_every_approval_and_any_change_refuses_again(tmp_path: Path) -> None:
    ws = review_workspace(tmp_path)
    code, page = build_de(ws)
    assert code == 1 and not page["published"]
    codes = {r["code"] for r in page["blocking"]}
    assert codes == {"review.missing"}
    # file:line of the message in its catalog
    first = page["blocking"][0]
    assert first["file"] == "locales/de/LC_MESSAGES/demo.po" and first["line"] > 0

    approve_everything(ws, ("linguistic",))  # one role is not enough
    code, page = build_de(ws)
    assert code == 1 and {r["code"] for r in page["blocking"]} == {"review.missing"}

    approve_everything(ws, ("medical",))
    code, page = build_de(ws)
    assert code == 0 and page["published"], page
    assert (ws / "site/de/demo.html").exists()

    set_msgstr(ws, "Do not take more than 8 tablets (4 g) in 24 hours.", "Nehmen Sie in 24 Stunden höchstens 8 Tabletten (4 g) ein.")  # fmt: skip
    code, page = build_de(ws)
    assert code == 1 and not (ws / "site/de/demo.html").exists()  # the stale copy is gone
    [reason] = page["blocking"]
    assert reason["code"] == "review.outdated" and reason["section"] == "how-to-take"
    assert "changed since review (translation changed" in reason["message"]
    code, output = cli(ws, "status", "-l", "de")
    assert "changed since review" in output


def test_a_changed_source_voids_the_approval_too(tmp_path: Path) -> None:
    ws = review_workspace(tmp_path)
    approve_everything(ws)
    assert build_de(ws)[0] == 0
    content = ws / "content/demo.yaml"
    content.write_text(
        content.read_text().replace("Do not take more than 8", "Never take more than 8")
    )
    cli(ws, "extract")
    cli(ws, "update", "-l", "de")
    path = ws / "locales/de/LC_MESSAGES/demo.po"
    catalog = read_catalog(path)
    [entry] = [e for e in catalog.messages() if e.msgid.startswith("Never take")]
    entry.fuzzy, entry.previous_msgid = False, None  # the translator confirms the old text
    path.write_bytes(dumps(catalog))
    code, page = build_de(ws)
    [reason] = page["blocking"]
    assert code == 1 and reason["code"] == "review.outdated"
    assert "source changed" in reason["message"]


def test_the_review_record_is_an_input_of_the_page(tmp_path: Path) -> None:
    ws = review_workspace(tmp_path)
    workspace = Workspace.open(ws)
    before = page_signatures(workspace, [("demo", "de")])
    approve_everything(ws, ("medical",))
    assert page_signatures(workspace, [("demo", "de")]) != before
    assert page_signatures(workspace, [("demo", "en")]) == page_signatures(
        workspace, [("demo", "en")]
    )


def test_review_applies_only_to_the_listed_locales(tmp_path: Path) -> None:
    ws = review_workspace(tmp_path, REVIEW_SETTINGS + "  locales: [fr]\n")
    code, page = build_de(ws)
    assert code == 0 and page["published"]


def test_other_text_needing_review_falls_back_until_approved(tmp_path: Path) -> None:
    settings = "review:\n  required:\n    critical: []\n    other: [linguistic]\n"
    ws = review_workspace(tmp_path, settings)
    code, page = build_de(ws)
    assert code == 0 and page["published"]  # the fallback policy shows the source text
    assert "Contents of the pack" in [f["msgid"] for f in page["fallbacks"]]
    (ws / "leaflet-i18n.yaml").write_text(settings + "policy:\n  fallback: block\n")
    code, page = build_de(ws)
    assert code == 1 and {r["code"] for r in page["blocking"]} == {"review.missing"}
    approve_everything(ws, ("linguistic",))
    assert build_de(ws)[0] == 0


def test_an_unreadable_record_refuses_the_page(tmp_path: Path) -> None:
    ws = review_workspace(tmp_path)
    approve_everything(ws)
    record = ws / "locales/de/reviews/demo.yaml"
    record.write_text(record.read_text().replace("role: medical", "role: Medical", 1))
    code, page = build_de(ws)
    assert code == 1
    reasons = page["blocking"]
    assert [r["code"] for r in reasons] == ["review.record"]
    assert reasons[0]["file"] == "locales/de/reviews/demo.yaml" and reasons[0]["line"]


def test_untranslated_text_is_reported_once_not_also_as_unapproved(tmp_path: Path) -> None:
    ws = review_workspace(tmp_path)
    approve_everything(ws)
    set_msgstr(ws, "Do not take more than 8 tablets (4 g) in 24 hours.", "")
    code, page = build_de(ws)
    assert [r["code"] for r in page["blocking"]] == ["untranslated"]


# ---------------------------------------------------------------- two reviewers, one git history


def git(repo: Path, *args: str) -> str:
    done = subprocess.run(
        ["git", "-c", "user.name=T", "-c", "user.email=t@example.org", *args],
        cwd=repo,
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    return done.stdout


@pytest.mark.skipif(shutil.which("git") is None, reason="needs git")
def test_two_reviewers_on_different_sections_merge_cleanly(tmp_path: Path) -> None:
    ws = review_workspace(tmp_path)
    git(ws, "init", "-q", "-b", "main")
    signoff = Signoff(Workspace.open(ws), "de")
    todo, _ = signoff.pending("medical", ["demo"])
    [title] = [i for i in todo if i.section == "_title"]
    signoff.approve(title, "medical", "Someone", DAY)  # the record exists in the history
    git(ws, "add", "-A")
    git(ws, "commit", "-q", "-m", "base")

    def review_section(branch: str, section: str, reviewer: str, role: str) -> None:
        git(ws, "checkout", "-q", "-b", branch, "main")
        signoff = Signoff(Workspace.open(ws), "de")
        todo, _ = signoff.pending(role, ["demo"])
        chosen = [i for i in todo if i.section == section]
        assert chosen
        for item in chosen:
            signoff.approve(item, role, reviewer, DAY)
        git(ws, "commit", "-q", "-am", f"{reviewer} reviews {section}")

    # adjacent sections, so their entries would collide without the record's section lines
    review_section("linguist", "before-you-take/do-not-take", "B. Linguist", "linguistic")
    review_section("doctor", "before-you-take/warnings", "C. Doctor", "medical")
    git(ws, "checkout", "-q", "linguist")
    git(ws, "merge", "-q", "--no-edit", "doctor")  # no conflict
    record = load_record(ws / "locales/de/reviews/demo.yaml", "demo.yaml", "demo", "de")
    reviewers = {a.reviewer for a in record.approvals}
    assert reviewers == {"Someone", "B. Linguist", "C. Doctor"}
    # the merged file is what the toolkit itself would write
    contexts = Signoff(Workspace.open(ws), "de").contexts("demo")
    assert (ws / "locales/de/reviews/demo.yaml").read_bytes() == dump_record(record, contexts)
