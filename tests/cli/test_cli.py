import json
import os
import subprocess
import sys

import pytest

from conftest import ROOT


def run(args, settings, stdin=None):
    env = dict(os.environ, ASSISTANT_CORPUS=str(settings.corpus_dir),
               ASSISTANT_INDEX=str(settings.index_dir))
    return subprocess.run([sys.executable, "-m", "assistant.cli", *args], input=stdin,
                          capture_output=True, text=True, env=env, cwd=ROOT, timeout=300)


def test_ask_json_quotes_vargarda_first_at_stated_offsets(shipped):
    out = run(["ask", "--json", "Vem är socialchef i Vårgårda?"], shipped.settings)
    assert out.returncode == 0, out.stderr
    obj = json.loads(out.stdout)
    first = obj["passages"][0]
    assert first["article"]["municipality"] == "Vårgårda"
    body = shipped.searcher.data.articles[0].body  # any article: check by path below
    for p in obj["passages"]:
        body = next(a.body for a in shipped.searcher.data.articles if a.id == p["article"]["id"])
        assert body[p["start"]:p["end"]] == p["quote"]


def test_ask_reads_many_questions_from_stdin(shipped):
    out = run(["ask", "--json", "-k", "2", "-"], shipped.settings,
              stdin="Vem är socialchef i Vårgårda?\n\nVem är socialchef i Borås?\n")
    assert out.returncode == 0, out.stderr
    lines = [json.loads(line) for line in out.stdout.splitlines()]
    assert [o["no_answer"] for o in lines] == [False, True]
    assert len(lines[0]["passages"]) <= 2


def test_ask_plain_text_in_swedish(shipped):
    out = run(["ask", "Hur samverkar Bengtsfors och Mellerud?"], shipped.settings)
    assert out.returncode == 0 and "Källa:" in out.stdout and "Bengtsfors" in out.stdout


def test_errors_are_one_line_without_traceback(tmp_path):
    from assistant.config import Settings
    settings = Settings.from_env(env={}, corpus_dir=tmp_path / "c", index_dir=tmp_path / "i")
    out = run(["ask", "Vem är socialchef?"], settings)
    assert out.returncode == 2
    assert "assistant index" in out.stderr and "Traceback" not in out.stderr
    out = run(["index"], settings)
    assert out.returncode == 2 and "Traceback" not in out.stderr


def test_eval_prints_metrics(shipped):
    out = run(["eval", str(ROOT / "eval" / "questions.jsonl")], shipped.settings)
    assert out.returncode == 0, out.stderr
    header, overall = out.stdout.splitlines()[:2]
    assert "hit@3" in header and "mrr@10" in header and overall.startswith("all")


@pytest.mark.parametrize("args", [["--help"], ["ask", "--help"]])
def test_help(args, tmp_path):
    from assistant.config import Settings
    out = run(args, Settings.from_env(env={}))
    assert out.returncode == 0 and out.stdout.startswith("användning: assistant")
    for english in ("usage:", "show this help", "positional arguments", "options:"):
        assert english not in out.stdout


@pytest.mark.parametrize("args, says", [
    (["ask", "-k", "x", "fråga"], "Fel: -k: 'x' är inte ett heltal"),
    (["ask", "--year", "tjugo", "fråga"], "Fel: --year: 'tjugo' är inte ett heltal"),
    (["ask", "--nope", "fråga"], "Fel: okänt argument: --nope"),
    (["ask"], "Fel: saknas: FRÅGA"),
    (["add"], "Fel: saknas: FIL"),
    ([], "Fel: saknas: KOMMANDO"),
    (["fråga"], "Fel: KOMMANDO: 'fråga' finns inte"),
])
def test_usage_errors_are_one_swedish_line_with_exit_2(args, says, tmp_path):
    from assistant.cli import commands as cli

    out = subprocess.run([sys.executable, "-m", "assistant.cli", *args], capture_output=True,
                         text=True, cwd=ROOT, timeout=60)
    assert out.returncode == 2 and out.stdout == ""
    assert out.stderr.startswith(says) and out.stderr.count("\n") == 1, out.stderr
    assert "error:" not in out.stderr and "usage" not in out.stderr
    with pytest.raises(SystemExit) as exit_:
        cli.build_parser().parse_args(args)
    assert exit_.value.code == 2
