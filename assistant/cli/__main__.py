"""`python -m assistant.cli`: the `assistant` command."""

import sys

from .pipes import main

sys.exit(main())
