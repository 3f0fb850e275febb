#!/bin/sh
# Every question of eval/*.jsonl answered by `assistant ask --json` at the
# default k and at k=10, one JSON line each: two files to compare byte for
# byte before and after a change that must keep every answer.
#
#   mkdir /tmp/base && git archive <base> assistant | tar -x -C /tmp/base
#   scripts/answers_dump.sh /tmp/base /tmp/before     # the code of <base>
#   scripts/answers_dump.sh "" /tmp/after             # the working tree
#   cmp /tmp/before-k3.jsonl /tmp/after-k3.jsonl && cmp /tmp/before-k10.jsonl /tmp/after-k10.jsonl
#
# $1: a folder holding another version's assistant/ ("" for this tree), $2: output prefix.
# The other version runs from inside $1 (python -m puts the working folder
# first on the path, ahead of PYTHONPATH and of this tree's editable install),
# over this tree's corpus/ and index/.
set -e
cd "$(dirname "$0")/.."
root=$(pwd)
case "$2" in /*) out=$2 ;; *) out=$root/$2 ;; esac
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
export ASSISTANT_CORPUS="$root/corpus" ASSISTANT_INDEX="$root/index"
cd "${1:-$root}"
"$root/.venv/bin/python" -c 'import assistant; print("code:", assistant.__file__)' >&2
"$root/.venv/bin/python" -m assistant.cli ask --json - < "$questions" > "$out-k3.jsonl" || true
"$root/.venv/bin/python" -m assistant.cli ask --json -k 10 - < "$questions" > "$out-k10.jsonl" || true
wc -l "$out-k3.jsonl" "$out-k10.jsonl"
rm -f "$questions"
