from pathlib import Path

import pytest

from assistant.corpus.articles import load_corpus, read_article
from assistant.errors import BadArticle
from conftest import CORPUS, write_article


def test_shipped_corpus_metadata():
    corpus = load_corpus(CORPUS)
    assert corpus.problems == ()
    by_source = {a.source[:3]: a for a in corpus.articles}
    assert sorted(by_source) == ["000", "001", "002", "003", "004"]
    assert by_source["000"].municipality == "Tranemo"
    assert by_source["000"].published == "2019-04-01"
    assert by_source["001"].municipality == "Bengtsfors"
    assert by_source["001"].partners == ("Mellerud",)
    assert by_source["002"].municipality is None
    assert by_source["003"].municipality == "Söderhamn"
    assert by_source["004"].municipality == "Vårgårda"
    for a in corpus.articles:
        assert a.path.startswith("corpus/") and a.title
        for junk in ("Skriv ut", "Lämna en kommentar", "Öppettider", "Fakturaadress", "© Foto"):
            assert junk not in a.body, (a.id, junk)


def test_swedish_letters_and_body_offsets(tmp_path):
    path = write_article(tmp_path, "a.md", "Äldreomsorg i Åre", "Första stycket.\n\nÖversyn av ledningen.",
                         municipality="Åre", published="2020-05-01")
    a = read_article(path, tmp_path)
    assert (a.title, a.municipality, a.published) == ("Äldreomsorg i Åre", "Åre", "2020-05-01")
    text = path.read_text("utf-8")
    assert a.body == text.split("\n---\n", 1)[1].lstrip("\n")
    assert a.id == "a"


@pytest.mark.parametrize("content, reason", [
    (b"", "tom"),
    (b"\x00\x01\x02binary", "binär"),
    ("---\ntitle: x\n---\n\nåäö".encode("latin-1"), "UTF-8"),
    (b"Ingen front matter alls", "front matter"),
    (b"---\ntitle: [unclosed\n---\n\ntext", "YAML"),
    (b"---\nmunicipality: Tranemo\n---\n\ntext", "title"),
    (b"---\ntitle: Tom\n---\n\n   \n", "ingen text"),
    ("---\ntitle: Datum\npublished: igår\n---\n\ntext".encode(), "datum"),
])
def test_bad_files_get_a_clear_reason(tmp_path, content, reason):
    path = tmp_path / "bad.md"
    path.write_bytes(content)
    with pytest.raises(BadArticle, match=reason):
        read_article(path, tmp_path)


def test_huge_file_is_refused(tmp_path):
    path = tmp_path / "huge.md"
    path.write_bytes(b"---\ntitle: Stor\n---\n\n" + b"ord " * 600_000)
    with pytest.raises(BadArticle, match="för stor"):
        read_article(path, tmp_path)


def test_bad_files_are_reported_and_good_ones_kept(tmp_path):
    write_article(tmp_path, "good.md", "Bra", "En mening om samverkan.")
    (tmp_path / "bad.md").write_bytes(b"\xff\xfe\x00junk")
    write_article(tmp_path, "dup.md", "Dubblett", "Annan text.", id="good")
    corpus = load_corpus(tmp_path)
    assert [a.id for a in corpus.articles] == ["good"]
    reasons = dict((Path(f).name, r) for f, r in corpus.problems)
    assert "binär" in reasons["bad.md"]
    # files are read in name order: dup.md claims the id first
    assert "används redan" in reasons["good.md"]


def test_front_matter_lines_must_be_exact_so_the_readme_recipe_agrees(tmp_path):
    path = tmp_path / "a.md"
    path.write_text("---\ntitle: A\n---\n\nFirst.\n\n---\n\nSecond.\n", encoding="utf-8")
    a = read_article(path, tmp_path)
    assert a.body == path.read_text("utf-8").split("\n---\n", 1)[1].lstrip("\n")
    assert a.body.startswith("First.")
    # a closing line with a trailing space is no closing line: refused, not misread
    path.write_text("---\ntitle: A\n--- \nFirst.\n\n---\n\nSecond.\n", encoding="utf-8")
    with pytest.raises(BadArticle):
        read_article(path, tmp_path)


# Nine levels of nine aliases: 9**9 names in 650 bytes. Turning `partners` into
# text grew memory by 80-130 MB/s until the machine ran out (issue 19).
ALIAS_BOMB = "\n".join(
    ["---", 'title: "Samverkan"', f"l0: &l0 [{', '.join(['Ale'] * 9)}]"]
    + [f"l{n}: &l{n} [{', '.join([f'*l{n - 1}'] * 9)}]" for n in range(1, 9)]
    + [f"partners: [{', '.join(['*l8'] * 9)}]", "---", "",
       "Kommunerna samverkar om hemtjänst och äldreomsorg enligt en ny överenskommelse."]) + "\n"


def test_yaml_anchors_and_aliases_are_refused(tmp_path):
    from assistant.corpus.articles import parse_front_matter

    with pytest.raises(BadArticle, match="alias"):
        parse_front_matter(ALIAS_BOMB)
    path = tmp_path / "bomb.md"
    path.write_text(ALIAS_BOMB, encoding="utf-8")
    with pytest.raises(BadArticle, match="alias"):
        read_article(path, tmp_path)
    with pytest.raises(BadArticle, match="alias"):  # one anchor is enough
        parse_front_matter("---\ntitle: &t Samverkan\n---\n\ntext")
    # '&' and '*' in a value are text, not YAML marks
    meta, _ = parse_front_matter(
        '---\ntitle: "Vård & omsorg *i* Åre"\npartners: [Åre]\n---\n\ntext')
    assert meta == {"title": "Vård & omsorg *i* Åre", "partners": ["Åre"]}
