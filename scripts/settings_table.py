"""Print every ASSISTANT_* setting with its default, as the Markdown rows
docs/it.md lists them (variable | default), from assistant/config.py.

    python scripts/settings_table.py

tests/test_docs.py checks that docs/it.md names exactly these variables
with these defaults, and that no page names a variable that does not exist.
"""

from __future__ import annotations

from dataclasses import fields
from pathlib import Path

from assistant.config import ENVIRONMENT, Settings


def default_text(name: str) -> str:
    """A setting's default as the docs show it ('' for none)."""
    settings = Settings()
    if name.startswith("ranking."):
        value = getattr(settings.ranking, name.split(".", 1)[1])
    else:
        value = getattr(settings, name)
    if value is None or value == "" or value == ():
        return ""
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, Path):
        return str(value)
    if isinstance(value, tuple):
        return ", ".join(value)
    return str(value)


def rows() -> list[tuple[str, str]]:
    return [(var, default_text(name)) for var, (name, _) in ENVIRONMENT.items()]


if __name__ == "__main__":
    assert {f.name for f in fields(Settings)} >= {n for n, _ in ENVIRONMENT.values()
                                                  if not n.startswith("ranking.")}
    for var, default in rows():
        print(f"| `{var}` | {f'`{default}`' if default else 'none'} |")
