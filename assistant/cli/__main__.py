"""`python -m assistant.cli`: the `assistant` command."""

import sys

from .commands import main

sys.exit(main())
