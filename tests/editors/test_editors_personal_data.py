"""An article holding personal data is not published without a word
(issue 19): the editors' preview (API dry run) and `assistant add
--dry-run` say so in Swedish, naming the kinds and the paragraphs but never
the values; an add is refused until the editor confirms
(`allow_personal_data`, `--allow-personal-data`, the checkbox on the
editors' page: test_browser_editor.py); a confirmed add is published and
its audit row names the kinds. Real app on uvicorn, real model and index."""

from __future__ import annotations


import pytest
from conftest import PROXY, project_settings
from pii_forms import P4, P6, PUBLISHED
from served import Served

from assistant.answering.pipeline import Assistant, update_index
from assistant.cli import commands as cli
from assistant.governance.audit import AuditLog
from assistant.web.app import create_app

EDITOR = {"X-Remote-User": "erik", "X-Remote-Groups": "Redaktion"}
QUESTION = "Hur fungerar nattpatrullen i Ale?"


def article(number: str) -> str:
    return f"""Nattpatrullen i Ale utökas

Ale kommun utökar nattpatrullen i hemtjänsten från och med mars. Patrullen gör tillsynsbesök,
svarar på trygghetslarm och samverkar med sjuksköterskorna i den kommunala hemsjukvården.

Brukaren med personnummer {number[:6]}-{number[6:]} var först att få besök av den nya patrullen,
som har sex medarbetare och en samordnare. Samordnaren nås på 0303-33 00 00.

Socialnämnden följer upp satsningen efter ett år med en enkät till brukare och anhöriga.
"""


def corpus_files(settings) -> set[str]:
    return {p.name for p in settings.corpus_dir.iterdir() if p.suffix == ".md"}


@pytest.fixture(scope="module")
def project(tmp_path_factory, e5, shipped):
    root = tmp_path_factory.mktemp("editors-pii")
    settings = project_settings(root, index_from=shipped.settings.index_dir)
    update_index(settings, e5)
    served = Served(create_app(Assistant(settings, e5), settings), settings).start()
    yield served, settings
    served.stop()


def upload(client, text: str, dry_run=False, **fields):
    return client.post("/api/articles" + ("?dry_run=1" if dry_run else ""),
                       files=[("files", ("nattpatrull.txt", text.encode("utf-8"), "text/plain"))],
                       data={"municipality": "Ale", **fields})


def test_preview_names_the_kinds_and_an_add_is_refused_without_confirmation(project):
    served, settings = project
    before = corpus_files(settings)
    text = article(P6 + P4)
    with served.client(PROXY, headers=EDITOR) as client:
        preview = upload(client, text, dry_run=True)
        assert preview.status_code == 200, preview.text
        p = preview.json()
        assert p["status"] == "checked"
        assert p["personal_data"] == ["personnummer", "telefonnummer"]
        assert p["personal_data_where"] == "stycke 2"
        assert P6 not in preview.text and "33 00 00" not in preview.text

        refused = upload(client, text)
        assert refused.status_code == 422, refused.text
        error = refused.json()["error"]
        assert "innehåller personuppgifter (personnummer, telefonnummer i stycke 2)" in error
        assert "läggs inte till" in error and "allow_personal_data" in error
        assert P6 not in refused.text
        for no in ("0", "false", ""):
            assert upload(client, text, allow_personal_data=no).status_code == 422
    assert corpus_files(settings) == before
    assert not [e for e in AuditLog(settings.audit_db).entries() if e.action == "article.add"]


def test_a_confirmed_article_is_published_and_the_audit_names_the_kinds(project):
    served, settings = project
    with served.client(PROXY, headers=EDITOR) as client:
        added = upload(client, article(PUBLISHED), allow_personal_data="1")
        assert added.status_code == 201, added.text
        new_id = added.json()["id"]
        answer = client.post("/api/ask", json={"question": QUESTION, "k": 1}).json()
        assert answer["passages"][0]["article"]["id"] == new_id
    (entry,) = [e for e in AuditLog(settings.audit_db).entries() if e.action == "article.add"]
    assert entry.actor == "erik" and entry.target == new_id
    assert entry.detail["personal_data"] == ["personnummer", "telefonnummer"]
    assert PUBLISHED[:6] not in settings.audit_db.read_bytes().decode("utf-8", "replace")


def _add(settings, capsys, *args):
    code = cli.main(["add", "--corpus", str(settings.corpus_dir), "--index",
                     str(settings.index_dir), "-q", "--no-index", "--municipality", "Ale", *args])
    out = capsys.readouterr()
    return code, out.out, out.err


def test_assistant_add_says_so_and_adds_only_when_told(small_project, outside_inputs, capsys):
    refused = outside_inputs / "nattpatrull.txt"
    refused.write_text(article(P6 + P4), encoding="utf-8")

    code, out, err = _add(small_project, capsys, str(refused), "--dry-run")
    assert code == 0, err
    assert ("Varning:  innehåller personuppgifter (personnummer, telefonnummer) i stycke 2; "
            "läggs bara till med --allow-personal-data") in out
    code, out, err = _add(small_project, capsys, str(refused))
    assert code == 2
    assert "artikeln innehåller personuppgifter (personnummer, telefonnummer i stycke 2)" in err
    assert "--allow-personal-data" in err and P6 not in out + err
    assert list(small_project.corpus_dir.glob("*.md")) == []

    confirmed = outside_inputs / "nattpatrull-publiceras.txt"
    confirmed.write_text(article(PUBLISHED), encoding="utf-8")
    code, out, err = _add(small_project, capsys, str(confirmed), "--allow-personal-data")
    assert code == 0, err
    assert "publiceras eftersom du angav --allow-personal-data" in out
    assert len(list(small_project.corpus_dir.glob("*.md"))) == 1
