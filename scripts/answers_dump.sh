#!/bin/sh
# Every question of eval/*.jsonl answered by `assistant ask --json` at the
# default k and at k=10, one JSON line each: two files to compare byte for
# byte before and after a change that must keep every answer.
#
#   git archive <base> assistant | tar -x -C /tmp/base
#   scripts/answers_dump.sh /tmp/base /tmp/before     # the code of <base>
#   scripts/answers_dump.sh "" /tmp/after             # the working tree
#   cmp /tmp/before-k3.jsonl /tmp/after-k3.jsonl && cmp /tmp/before-k10.jsonl /tmp/after-k10.jsonl
#
# $1: a folder holding another version's assistant/ ("" for this tree), $2: output prefix.
set -e
cd "$(dirname "$0")/.."
questions=$(mktemp)
.venv/bin/python - "$questions" <<'PY'
import json, pathlib, sys
out = []
for f in sorted(pathlib.Path("eval").glob("*.jsonl")):
    for line in f.read_text("utf-8").splitlines():
        if line.strip() and "question" in (d := json.loads(line)):
            out.append(d["question"].replace("\n", " "))
pathlib.Path(sys.argv[1]).write_text("\n".join(out) + "\n", "utf-8")
PY
PYTHONPATH=$1 .venv/bin/python -m assistant.cli ask --json - < "$questions" > "$2-k3.jsonl" || true
PYTHONPATH=$1 .venv/bin/python -m assistant.cli ask --json -k 10 - < "$questions" > "$2-k10.jsonl" || true
wc -l "$2-k3.jsonl" "$2-k10.jsonl"
rm -f "$questions"
