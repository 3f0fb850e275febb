"""One-time sign-in links for trying the editors' pages on this machine
(`assistant editors link`; web/local_sign_in.py accepts them). Only a
digest of each code is on disk, a file per link under the index folder,
readable by its owner only; using a link deletes its file, atomically, so
of two requests with one code at most one signs in."""

from __future__ import annotations

import hashlib
import json
import os
import secrets
import time
from pathlib import Path

LINK_SECONDS = 300
FOLDER = ".lokala-inloggningar"
SIGN_IN_PATH = "/redaktion/logga-in"  # where the web app takes a link


def folder(settings) -> Path:
    return Path(settings.index_dir) / FOLDER


def _digest(code: str) -> str:
    return hashlib.sha256(code.encode("utf-8")).hexdigest()


def new_link(settings, name: str, now: float | None = None) -> str:
    """A new one-time code (written as its digest); returns the code."""
    code = secrets.token_urlsafe(32)
    where = folder(settings)
    where.mkdir(parents=True, exist_ok=True, mode=0o700)
    now = time.time() if now is None else now
    for old in where.glob("*.json"):  # expired links are removed as new ones are made
        try:
            if json.loads(old.read_text("utf-8")).get("expires", 0) < now:
                old.unlink()
        except (OSError, ValueError):
            continue
    target = where / f"{_digest(code)}.json"
    fd = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as f:
        json.dump({"name": name, "expires": now + LINK_SECONDS}, f)
    return code


def use_link(settings, code: str, now: float | None = None) -> str | None:
    """The name a valid, unused, unexpired link was made for; the link is
    gone afterwards, whatever the outcome."""
    if not isinstance(code, str) or not 20 <= len(code) <= 100:
        return None
    target = folder(settings) / f"{_digest(code)}.json"
    claimed = target.with_suffix(f".{secrets.token_hex(8)}.used")
    try:
        os.rename(target, claimed)  # atomic: of two requests, one gets it
    except OSError:
        return None
    try:
        entry = json.loads(claimed.read_text("utf-8"))
    except (OSError, ValueError):
        return None
    finally:
        claimed.unlink(missing_ok=True)
    now = time.time() if now is None else now
    if not isinstance(entry, dict) or entry.get("expires", 0) < now:
        return None
    return str(entry.get("name") or "lokal redaktör")[:100]
