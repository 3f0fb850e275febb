"""`assistant add`: real files of each format into corpus/ and the index."""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
import time
import unicodedata
from pathlib import Path

import pytest

from assistant.cli import commands as cli
from assistant.corpus.articles import load_corpus, read_article
from assistant.corpus.ingest import _write_exclusive, add_files, slugify
from assistant.answering.pipeline import Assistant, update_index
from assistant.index.store import current_generation, load_index
from conftest import ROOT, write_article
from test_extract import PARAGRAPHS, PDF_PAGE, TITLE, make_pdf, news_page

BASE_BODY = ("Kommunerna i Sjuhärad samverkar om socialtjänst och äldreomsorg genom en "
             "gemensam ledningsgrupp som träffas varje månad.")


@pytest.fixture
def project(small_project, e5):
    """A project with one article and its index."""
    write_article(small_project.corpus_dir, "grund.md", "Samverkan i Sjuhärad", BASE_BODY)
    update_index(small_project, e5)
    return small_project


def run_cli(settings, *args, env_extra=None):
    env = dict(os.environ, ASSISTANT_CORPUS=str(settings.corpus_dir),
               ASSISTANT_INDEX=str(settings.index_dir), **(env_extra or {}))
    return subprocess.run([sys.executable, "-m", "assistant.cli", *args], capture_output=True,
                          text=True, env=env, cwd=ROOT, timeout=300)


def main(settings, capsys, *args) -> tuple[int, str, str]:
    """The CLI in this process (no model is loaded unless something is added)."""
    code = cli.main(["add", "--corpus", str(settings.corpus_dir), "--index",
                     str(settings.index_dir), "-q", *args])
    out = capsys.readouterr()
    return code, out.out, out.err


def snapshot(*folders: Path) -> dict[str, tuple[int, str]]:
    """Every file under the folders: (mtime, sha256)."""
    out = {}
    for folder in folders:
        for path in sorted(folder.rglob("*")):
            if path.is_file():
                out[str(path)] = (path.stat().st_mtime_ns,
                                  hashlib.sha256(path.read_bytes()).hexdigest())
    return out


def added_files(settings) -> list[Path]:
    return sorted(p for p in settings.corpus_dir.glob("*.md") if p.name != "grund.md")


def test_saved_news_page_is_added_indexed_and_answered(project, tmp_path):
    page = tmp_path / "nyhet.html"
    page.write_text(news_page(), encoding="utf-8")
    out = run_cli(project, "add", str(page))
    assert out.returncode == 0, out.stderr
    for shown in (f"Rubrik:   {TITLE}", 'Kommun:   Tranemo (webbplatsens namn "Tranemo kommun")',
                  "Datum:    publicerad 2019-04-01, uppdaterad 2019-04-08",
                  f"Text:     {sum(len(p.split()) for p in PARAGRAPHS)} ord i 3 stycken",
                  "Fil:      ", "Index klart", "1 tillagda", "Klart: 1 artikel tillagd"):
        assert shown in out.stdout, shown
    [file] = added_files(project)
    assert file.name == "001-samverkan-i-fokus-for-nya-ledningsgruppen-inom-omsorg.md"
    text = file.read_text("utf-8")
    assert text == unicodedata.normalize("NFC", text)
    article = read_article(file, project.corpus_dir.parent)
    assert (article.title, article.municipality, article.published, article.updated) == (
        TITLE, "Tranemo", "2019-04-01", "2019-04-08")
    assert article.id == file.stem and article.source.startswith("https://www.tranemo.se/")
    assert article.body == "\n\n".join(PARAGRAPHS) + "\n"
    assert text.split("\n---\n", 1)[1].lstrip("\n") == article.body  # the README's rule

    answer = Assistant(project).ask("Vem erbjöd sin socialchef till Tranemo?")
    top = answer.passages[0]
    assert top.article.id == article.id
    assert article.body[top.start:top.end] == top.quote


@pytest.mark.parametrize("kind", ["txt", "md", "html", "pdf", "cp1252"])
def test_each_format_becomes_a_standard_article(small_project, tmp_path, kind):
    body_lines = "\n\n".join(PARAGRAPHS)
    source = tmp_path / f"in.{'txt' if kind == 'cp1252' else kind}"
    if kind == "txt":
        source.write_text(f"{TITLE}\n\n{body_lines}\n", encoding="utf-8")
    elif kind == "cp1252":
        source.write_bytes(f"{TITLE}\r\n\r\n{body_lines}\r\n".replace("\n\n", "\r\n\r\n")
                           .encode("cp1252"))
    elif kind == "md":
        source.write_text(f"# {TITLE}\n\n{body_lines}\n", encoding="utf-8")
    elif kind == "html":
        source.write_text(news_page(), encoding="utf-8")
    else:
        source.write_bytes(make_pdf([PDF_PAGE], author="Söderhamns kommun"))
    [outcome] = add_files(small_project.corpus_dir, [source])
    assert outcome.status == "added", outcome.message
    article = read_article(outcome.file, small_project.corpus_dir.parent)
    assert article.path == f"corpus/{outcome.file.name}" and article.id == outcome.file.stem
    assert outcome.file.name.isascii() and outcome.file.name.startswith("001-")
    if kind == "pdf":
        assert article.title == "Nytt arbetssätt i hemtjänstgruppen Linden"
        assert article.municipality == "Söderhamn" and article.published == "2017-11-13"
        assert "Hemtjänstgruppen Linden är först ut" in article.body
    else:
        assert article.title == TITLE
        assert article.body.strip() == body_lines
        if kind == "html":  # the site's name says whose page it is
            assert article.municipality == "Tranemo"
        else:  # the text names Tranemo and Svenljunga: no guess
            assert article.municipality is None
            assert "flera kommuner" in outcome.municipality_reason
            assert "Tranemo" in outcome.municipality_reason
    if kind == "cp1252":
        assert any("Windows-1252" in note for note in outcome.notes)
    assert "\n\n\n" not in article.body and "\r" not in article.body


def test_cp1252_file_is_converted_and_the_user_told(small_project, tmp_path, capsys):
    source = tmp_path / "are.txt"
    source.write_bytes(("Äldreomsorgen i Åre får ny ledning\n\nÅre kommun inför en ny "
                        "ledningsorganisation för äldreomsorgen, och socialchefen säger att "
                        "samverkan med regionen blir viktigare än förut.\n").encode("cp1252"))
    code, out, err = main(small_project, capsys, str(source), "--no-index")
    assert code == 0, err
    assert "Obs:      texten var kodad som Windows-1252" in out and "konverterats" in out
    assert "assistant index" in out  # --no-index says what to run
    [file] = added_files(small_project)
    assert file.name == "001-aldreomsorgen-i-are-far-ny-ledning.md"
    assert "Åre kommun inför" in file.read_text("utf-8")


def test_same_article_twice_is_recognised(project, tmp_path, capsys):
    page = tmp_path / "nyhet.html"
    page.write_text(news_page(), encoding="utf-8")
    code, out, err = main(project, capsys, str(page))
    assert code == 0, err
    [first] = added_files(project)
    before = snapshot(project.corpus_dir, project.index_dir)

    # the same text: saved again under another name, and copied as plain text
    copy = tmp_path / "kopia av nyhet.htm"
    copy.write_text(news_page().replace("<title>", "<title>Kopia: "), encoding="utf-8")
    plain = tmp_path / "nyhet.txt"
    plain.write_text("Annan rubrik\n\n" + "\n".join(PARAGRAPHS) + "\n", encoding="utf-8")
    code, out, err = main(project, capsys, str(copy), str(plain))
    assert code == 1
    assert out.count(f"Dubblett: samma text som corpus/{first.name}") == 2
    assert "hoppade över 2 dubbletter" in out
    assert snapshot(project.corpus_dir, project.index_dir) == before


def test_duplicates_within_one_run_and_dropped_in_by_hand(small_project, tmp_path, capsys):
    one, two = tmp_path / "a.md", tmp_path / "b.md"
    for path in (one, two):
        path.write_text(f"# {TITLE}\n\n" + "\n\n".join(PARAGRAPHS), encoding="utf-8")
    code, out, _ = main(small_project, capsys, str(one), str(two), "--no-index")
    assert code == 1 and len(added_files(small_project)) == 1 and "Dubblett" in out
    # copied straight into corpus/ under another name and id: indexed once, reported
    [file] = added_files(small_project)
    text = file.read_text("utf-8").replace(f'id: "{file.stem}"', 'id: "kopia"')
    (small_project.corpus_dir / "kopia.md").write_text(text, encoding="utf-8")
    corpus = load_corpus(small_project.corpus_dir)
    assert len(corpus.articles) == 1
    assert [Path(f).name for f, reason in corpus.problems if "samma text" in reason] == [
        "kopia.md"]


BAD_FILES = {
    "tom.txt": b"",
    "skrap.txt": os.urandom(4000) + b"\x00",
    "skrap.html": bytes(range(1, 256)) * 40,
    "skannad.pdf": make_pdf([[]], scanned=True),
    "stor.pdf": None,  # 50 MB
    "brev.docx": b"PK\x03\x04 inte en artikel",
}


@pytest.mark.parametrize("name, reason", [
    ("tom.txt", "filen är tom"), ("skrap.txt", "binär"), ("skrap.html", "binär"),
    ("skannad.pdf", "inskannad"), ("stor.pdf", "för stor"), ("brev.docx", "stöds inte"),
])
def test_bad_file_gets_a_message_and_changes_nothing(project, tmp_path, capsys, name, reason):
    path = tmp_path / name
    if BAD_FILES[name] is None:
        with path.open("wb") as fh:
            fh.truncate(50 * 1024 * 1024)
    else:
        path.write_bytes(BAD_FILES[name])
    before = snapshot(project.corpus_dir, project.index_dir)
    code, out, err = main(project, capsys, str(path))
    assert code == 2
    [line] = err.splitlines()
    assert line.startswith(f"Fel: {path}: ") and reason in line
    assert "Traceback" not in err and "hoppade över 1 fil med fel" in out
    assert snapshot(project.corpus_dir, project.index_dir) == before


def test_good_files_are_added_when_another_is_bad(small_project, tmp_path, capsys):
    good = tmp_path / "bra.txt"
    good.write_text(f"{TITLE}\n\n" + "\n\n".join(PARAGRAPHS), encoding="utf-8")
    bad = tmp_path / "tom.txt"
    bad.write_bytes(b"")
    code, out, err = main(small_project, capsys, str(bad), str(good), "--no-index")
    assert code == 2 and "filen är tom" in err
    assert len(added_files(small_project)) == 1 and "Klart: 1 artikel tillagd" in out


def test_flags_set_and_correct_the_metadata(small_project, tmp_path, capsys):
    page = tmp_path / "nyhet.html"
    page.write_text(news_page(), encoding="utf-8")
    code, out, err = main(small_project, capsys, str(page), "--no-index", "--title",
                          "Ny ledning i Tranemo", "--municipality", "svenljunga kommun",
                          "--published", "2019-03-30", "--updated", "", "--partner", "Tranemo",
                          "--id", "tranemo-ledning")
    assert code == 0, err
    assert "Kommun:   Svenljunga (angiven med --municipality)" in out
    article = read_article(small_project.corpus_dir / "tranemo-ledning.md",
                           small_project.corpus_dir.parent)
    assert (article.id, article.title, article.municipality, article.partners,
            article.published, article.updated) == (
        "tranemo-ledning", "Ny ledning i Tranemo", "Svenljunga", ("Tranemo",), "2019-03-30",
        None)


@pytest.mark.parametrize("args, message", [
    (["--municipality", "Vårgård"], "Menar du Vårgårda?"),
    (["--published", "1 april"], "2019-04-01"),
    (["--id", "å/../x"], "--id"),
    (["--id", "README"], "läses aldrig som artikel"),  # README.md is skipped by the loader
    (["--id", "readme"], "läses aldrig som artikel"),
    (["second.txt", "--title", "A"], "en fil i taget"),
])
def test_wrong_flags_are_refused_before_anything_is_read(small_project, tmp_path, capsys,
                                                         args, message):
    page = tmp_path / "nyhet.html"
    page.write_text(news_page(), encoding="utf-8")
    code, out, err = main(small_project, capsys, str(page), *args)
    assert code == 2 and message in err and "Traceback" not in err
    assert added_files(small_project) == []


def test_used_id_and_missing_title_are_refused(small_project, tmp_path, capsys):
    write_article(small_project.corpus_dir, "finns.md", "Finns", "En annan text om samverkan.")
    page = tmp_path / "nyhet.html"
    page.write_text(news_page(), encoding="utf-8")
    code, _, err = main(small_project, capsys, str(page), "--id", "finns")
    assert code == 2 and "används redan av corpus/finns.md" in err
    untitled = tmp_path / "utan.txt"
    untitled.write_text("Det här är en lång första mening utan rubrik före, som fortsätter.\n"
                        "och som bryts på flera rader.\n", encoding="utf-8")
    code, _, err = main(small_project, capsys, str(untitled))
    assert code == 2 and "--title" in err


def test_dry_run_shows_but_writes_nothing(project, tmp_path, capsys):
    page = tmp_path / "nyhet.html"
    page.write_text(news_page(), encoding="utf-8")
    before = snapshot(project.corpus_dir, project.index_dir)
    code, out, err = main(project, capsys, str(page), "--dry-run")
    assert code == 0, err
    assert "(skrivs inte: --dry-run)" in out and "Klart: 1 artikel kan läggas till" in out
    assert snapshot(project.corpus_dir, project.index_dir) == before


def test_names_are_numbered_slugs_and_never_overwrite(small_project, tmp_path):
    assert slugify("Äldreomsorg i Åre – en översyn!") == "aldreomsorg-i-are-en-oversyn"
    assert slugify("???") == "artikel"
    write_article(small_project.corpus_dir, "041-gammal.md", "Gammal", "Text om annat.")
    # the name the next article would get is taken by a file that is not an article
    taken = small_project.corpus_dir / f"042-{slugify(TITLE)}.md"
    taken.write_bytes(b"\x00 skadad")
    source = tmp_path / "in.md"
    source.write_text(f"# {TITLE}\n\n" + "\n\n".join(PARAGRAPHS), encoding="utf-8")
    [outcome] = add_files(small_project.corpus_dir, [source])
    assert outcome.file.name == f"043-{slugify(TITLE)}.md"
    assert taken.read_bytes() == b"\x00 skadad"
    with pytest.raises(FileExistsError):
        _write_exclusive(outcome.file, "något annat")
    assert read_article(outcome.file, small_project.corpus_dir.parent).title == TITLE
    assert not list(small_project.corpus_dir.glob(".*.tmp"))


@pytest.mark.slow  # measured: seconds of its own
def test_two_adds_at_once_get_their_own_files(small_project, tmp_path):
    sources = []
    for i, place in enumerate(["Borås", "Mark"]):
        path = tmp_path / f"{i}.txt"
        path.write_text(f"Samverkan i {place}\n\nI {place} kommun samverkar socialtjänsten och "
                        f"äldreomsorgen sedan {2010 + i} i en gemensam ledning.\n",
                        encoding="utf-8")
        sources.append(path)
    env = dict(os.environ, ASSISTANT_CORPUS=str(small_project.corpus_dir),
               ASSISTANT_INDEX=str(small_project.index_dir))
    procs = [subprocess.Popen([sys.executable, "-m", "assistant.cli", "add", "--no-index",
                               str(p)], env=env, cwd=ROOT, stdout=subprocess.PIPE,
                              stderr=subprocess.PIPE, text=True) for p in sources]
    assert [p.wait(timeout=120) for p in procs] == [0, 0]
    names = sorted(p.name for p in added_files(small_project))
    assert [n[:4] for n in names] == ["001-", "002-"]
    assert {read_article(small_project.corpus_dir / n, small_project.corpus_dir.parent)
            .municipality for n in names} == {"Borås", "Mark"}


def test_running_assistant_finds_an_article_added_meanwhile(project, tmp_path, e5):
    assistant = Assistant(project, e5)
    generation = current_generation(project.index_dir)
    question = "Vem erbjöd sin socialchef till Tranemo?"
    assert all(p.article.municipality != "Tranemo" for p in assistant.ask(question).passages)

    page = tmp_path / "nyhet.html"
    page.write_text(news_page(), encoding="utf-8")
    out = run_cli(project, "add", "-q", str(page))
    assert out.returncode == 0, out.stderr
    assert current_generation(project.index_dir) != generation
    time.sleep(assistant.RELOAD_CHECK_SECONDS + 0.1)
    answer = assistant.ask(question)
    assert answer.passages[0].article.municipality == "Tranemo"
    assert len(load_index(project.index_dir).articles) == 2


def test_add_keeps_index_incremental(project, tmp_path, capsys):
    source = tmp_path / "in.md"
    source.write_text(f"# {TITLE}\n\n" + "\n\n".join(PARAGRAPHS), encoding="utf-8")
    code, out, err = main(project, capsys, str(source))
    assert code == 0, err
    assert "1 tillagda, 0 ändrade, 0 borttagna, 1 oförändrade artiklar" in out


def test_help_names_the_add_command(small_project):
    assert "add" in cli.build_parser().format_help()
    out = run_cli(small_project, "add", "--help")
    assert out.returncode == 0 and "--municipality" in out.stdout and "--dry-run" in out.stdout


def test_files_are_read_before_the_corpus_is_locked(small_project, tmp_path, monkeypatch):
    """A file that takes long to read must not keep other editors waiting: while
    it is read (in its own process) the corpus folder is not locked."""
    import fcntl

    from assistant.corpus import ingest

    source = tmp_path / "in.md"
    source.write_text(f"# {TITLE}\n\n" + "\n\n".join(PARAGRAPHS), encoding="utf-8")
    locked_while_reading = []
    real = ingest.read_bounded

    def reading(path, budget):
        fd = os.open(small_project.corpus_dir, os.O_RDONLY)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            locked_while_reading.append(False)
        except BlockingIOError:
            locked_while_reading.append(True)
        finally:
            os.close(fd)
        return real(path, budget)

    monkeypatch.setattr(ingest, "read_bounded", reading)
    [outcome] = add_files(small_project.corpus_dir, [source])
    assert outcome.status == "added" and locked_while_reading == [False]
