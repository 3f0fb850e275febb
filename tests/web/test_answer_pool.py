"""Issue 23, every core: questions computed in worker processes
(web/answer_pool.py), each with the real model and the real index."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import threading
import time
from dataclasses import replace

import shutil

import psutil
import pytest

from assistant.answering.pipeline import update_index
from assistant.config import Settings
from assistant.errors import BadQuestion
from assistant.web.answer_pool import PooledAssistant, processes_for, usable_cores
from conftest import write_article

QUESTIONS = ["Vem är socialchef i Vårgårda?", "Hur leds hemtjänsten i Söderhamn?",
             "Vad heter Tranemos verksamhetschef för vård och omsorg?"]


@pytest.fixture(scope="module")
def pooled(shipped):
    assistant = PooledAssistant(shipped.settings, shipped.embedder)
    assistant.start_pool(2)
    yield assistant
    assistant.pool.close()


def _quotes(answer) -> list[tuple[str, str]]:
    return [(p.article.id, p.quote, p.start) for p in answer.passages]


def test_the_workers_answer_as_the_server_process_would(pooled, shipped):
    workers = {p.pid for p in pooled.pool._executor._processes.values()}
    assert len(workers) == 2 and os.getpid() not in workers
    for question in QUESTIONS:
        here, there = shipped.ask(question), pooled.ask(question)
        assert _quotes(there) == _quotes(here) and _quotes(here)
        assert there.no_answer == here.no_answer
        assert dict(there.query.terms) == dict(here.query.terms)  # read-only terms crossed over
    asked = pooled.ask_ranked(QUESTIONS[0], depth=5)
    assert len(asked.ranked) == 5


def test_every_entry_points_question_is_computed_in_a_worker(pooled):
    """The pipeline's `ask`, which the chat, /api/ask, the CLI and /healthz
    call, sends steps 4-7 to the pool (it once ran them in the server
    process: the pool sat idle and one core answered)."""
    from assistant.answering.pipeline import ask
    from assistant.answering.request import Ask

    seen = []
    before = pooled.pool.answered
    for source in ("chat", "api", "health"):
        asked = ask(pooled, Ask(QUESTIONS[0], source), [seen.append])
        assert asked.answer.passages
    assert pooled.pool.answered == before + 3
    assert [o.request.source for o in seen] == ["chat", "api", "health"]  # observed here


def test_a_bad_question_comes_back_as_the_same_swedish_error(pooled):
    with pytest.raises(BadQuestion, match="Året måste vara ett årtal"):
        pooled.ask(QUESTIONS[0], year=1800)


def test_a_killed_worker_costs_no_answer_and_the_pool_comes_back(pooled):
    victim = next(iter(pooled.pool._executor._processes.values()))
    os.kill(victim.pid, signal.SIGKILL)
    victim.join(10)
    answer = pooled.ask(QUESTIONS[0])  # answered in this process while the pool restarts
    assert answer.passages and "socialchef" in answer.passages[0].quote.lower()
    assert pooled.pool.restarts == 1
    assert _quotes(pooled.ask(QUESTIONS[1]))
    workers = {p.pid for p in pooled.pool._executor._processes.values()}
    assert victim.pid not in workers and os.getpid() not in workers


def test_an_article_added_is_answered_by_the_workers_at_once(shipped, tmp_path):
    """As an editor's upload: the index is updated and the server process
    reloads it; the very next question, computed in a worker, finds it."""
    shutil.copytree(shipped.settings.corpus_dir, tmp_path / "corpus")
    shutil.copytree(shipped.settings.index_dir, tmp_path / "index")
    settings = replace(shipped.settings, corpus_dir=tmp_path / "corpus",
                       index_dir=tmp_path / "index")
    assistant = PooledAssistant(settings, shipped.embedder)
    assistant.start_pool(2)
    try:
        question = "Vem är fritidschef i Ödeshög?"
        assert not any("Ödeshög" in p.quote for p in assistant.ask(question).passages)
        write_article(tmp_path / "corpus", "900-odeshog-fritid.md", "Ny fritidschef i Ödeshög",
                      "Kommunen har anställt en ny chef. Fritidschef i Ödeshög är sedan "
                      "i våras Malin Grönqvist, som kommer från Vadstena.", municipality="Ödeshög")
        busy = threading.Event()

        def keep_asking():  # the workers check for a new index all the time
            while not busy.is_set():
                assistant.pool.call("ask", QUESTIONS[0])

        askers = [threading.Thread(target=keep_asking) for _ in range(2)]
        for t in askers:
            t.start()
        try:
            update_index(settings, shipped.embedder)
            assert assistant.reload()
        finally:
            busy.set()
            for t in askers:
                t.join()
        for _ in range(4):  # every worker, at once: no second of grace
            answer = assistant.ask(question)
            assert any("Malin Grönqvist" in p.quote for p in answer.passages), answer.passages
    finally:
        assistant.pool.close()


CHILD = """
import json, sys, time
from pathlib import Path
from assistant.config import Settings
from assistant.web.answer_pool import AnswerPool
settings = Settings.from_env(env={}, corpus_dir=Path(sys.argv[1]), index_dir=Path(sys.argv[2]))
pool = AnswerPool(settings, 2)
pool.warm_up()
print(json.dumps([p.pid for p in pool._executor._processes.values()]), flush=True)
time.sleep(300)
"""


def _alive(pid: int) -> bool:
    try:
        return psutil.Process(pid).status() != psutil.STATUS_ZOMBIE
    except psutil.NoSuchProcess:
        return False


def test_workers_leave_with_a_server_killed_by_kill_9(shipped):
    settings = shipped.settings
    server = subprocess.Popen([sys.executable, "-c", CHILD, str(settings.corpus_dir),
                               str(settings.index_dir)], stdout=subprocess.PIPE, text=True)
    try:
        workers = json.loads(server.stdout.readline())
        assert len(workers) == 2 and all(_alive(pid) for pid in workers)
        server.kill()
        server.wait(10)
        deadline = time.monotonic() + 15
        while any(_alive(pid) for pid in workers) and time.monotonic() < deadline:
            time.sleep(0.2)
        assert not any(_alive(pid) for pid in workers), "worker processes outlived the server"
    finally:
        if server.poll() is None:
            server.kill()


def test_one_process_per_core_unless_told(small_project):
    assert processes_for(small_project) == usable_cores() == len(os.sched_getaffinity(0))
    assert processes_for(replace(small_project, processes=3)) == 3
    assert Settings.from_env(env={"ASSISTANT_PROCESSES": "1"}).processes == 1
    with pytest.raises(Exception, match="ASSISTANT_PROCESSES"):
        Settings.from_env(env={"ASSISTANT_PROCESSES": "-1"})


def test_a_lone_question_is_sent_at_once_and_waiting_ones_together(pooled, shipped):
    """Micro-batching: a question that finds a worker free goes alone, at
    once (the pool never waits for a batch to fill); questions arriving
    while the workers are busy are sent together, answered as alone."""
    pool = pooled.pool
    for question in QUESTIONS:
        batches, answered = pool.batches, pool.answered
        pooled.ask(question)
        assert (pool.batches, pool.answered) == (batches + 1, answered + 1)  # alone
    questions = [f"{opening}{q}" for q in QUESTIONS for opening in ("", "Hej! ", "Fråga: ", "Snälla, ")]
    answers: dict[str, object] = {}
    start = threading.Barrier(len(questions))

    def ask(question: str) -> None:
        start.wait()
        answers[question] = pooled.ask(question)

    batches, answered = pool.batches, pool.answered
    askers = [threading.Thread(target=ask, args=(q,)) for q in questions]
    for t in askers:
        t.start()
    for t in askers:
        t.join()
    assert pool.answered == answered + len(questions)
    assert pool.batches - batches < len(questions)  # some were sent together
    for question in questions:
        assert _quotes(answers[question]) == _quotes(shipped.ask(question))
