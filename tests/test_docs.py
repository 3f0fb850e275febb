"""The documentation says what the code does: every setting in docs/it.md
with its real default, no page naming a setting that does not exist, every
/api route in docs/api.md, and no link to a file or heading that is not there.
Fast: reads files only, no model, no server."""

from __future__ import annotations

import re
import sys
from pathlib import Path

import pytest

from assistant.config import ENVIRONMENT

ROOT = Path(__file__).resolve().parents[1]
PAGES = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]
TEST_HOOKS = {"ASSISTANT_TEST_CRASH_AT"}  # editors/journal.py: for tests/test_editing_crash.py only

sys.path.insert(0, str(ROOT / "scripts"))
from settings_table import rows  # noqa: E402


def _settings_table() -> dict[str, str]:
    """variable -> default as docs/it.md's settings table gives it."""
    table = {}
    for line in (ROOT / "docs" / "it.md").read_text(encoding="utf-8").splitlines():
        m = re.match(r"\| `(ASSISTANT_[A-Z_]+)` \| (`[^`]*`|none) \|", line)
        if m:
            table[m[1]] = "" if m[2] == "none" else m[2].strip("`")
    return table


def test_it_md_lists_every_setting_with_its_default():
    documented = _settings_table()
    assert documented == dict(rows()), (
        "docs/it.md's settings table differs from assistant/config.py; "
        "python scripts/settings_table.py prints the rows")


@pytest.mark.parametrize("page", PAGES, ids=lambda p: p.name)
def test_no_page_names_a_setting_that_does_not_exist(page):
    named = set(re.findall(r"\bASSISTANT_[A-Z][A-Z_]*[A-Z]\b", page.read_text(encoding="utf-8")))
    unknown = named - set(ENVIRONMENT) - TEST_HOOKS
    assert not unknown, f"{page.name} names settings the code does not read: {sorted(unknown)}"


def _api_routes() -> set[str]:
    """'METHOD /api/path' for every route declared in assistant/web/routes/."""
    found = set()
    for source in (ROOT / "assistant" / "web" / "routes").glob("*.py"):
        text = source.read_text(encoding="utf-8")
        for method, path in re.findall(r'@(?:router|app)\.(get|post|patch|delete|put)\(\s*"(/api[^"]*)"',
                                       text):
            found.add(f"{method.upper()} {re.sub(r'{[a-z_]+}', '{id}', path)}")
    return found


def test_api_md_documents_every_api_route():
    routes = _api_routes()
    assert "POST /api/ask" in routes and "DELETE /api/articles/{id}" in routes  # the scan works
    text = (ROOT / "docs" / "api.md").read_text(encoding="utf-8")
    missing = {r for r in routes
               if not re.search(rf"`{re.escape(r)}[`?]", text)
               and not re.search(rf"{r.split()[0]}[^\n]*`{re.escape(r.split()[1])}[`?]", text)}
    assert not missing, f"docs/api.md lacks {sorted(missing)}"


def _anchors(page: Path) -> set[str]:
    """GitHub's anchors for the page's headings."""
    out = set()
    for line in page.read_text(encoding="utf-8").splitlines():
        if m := re.match(r"#{1,6} (.+)", line):
            slug = re.sub(r"[^\w\- ]", "", m[1].strip().lower()).replace(" ", "-")
            out.add(slug)
    return out


@pytest.mark.parametrize("page", PAGES, ids=lambda p: p.name)
def test_links_point_at_files_and_headings_that_exist(page):
    text = re.sub(r"```.*?```", "", page.read_text(encoding="utf-8"), flags=re.S)
    broken = []
    for target in re.findall(r"\]\(([^)\s]+)\)", text):
        if re.match(r"[a-z]+:", target):
            continue  # http(s), mailto: not checked here
        file_part, _, anchor = target.partition("#")
        linked = (page.parent / file_part).resolve() if file_part else page
        if not linked.exists():
            broken.append(target)
        elif anchor and linked.suffix == ".md" and anchor not in _anchors(linked):
            broken.append(target)
    assert not broken, f"{page.name}: broken links {broken}"
