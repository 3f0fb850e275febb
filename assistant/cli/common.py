"""What every command shares: the settings from the flags and the environment."""

from __future__ import annotations


def settings_of(args):
    from ..config import Settings

    return Settings.from_env(corpus_dir=args.corpus, index_dir=args.index,
                             model=getattr(args, "model", None))
