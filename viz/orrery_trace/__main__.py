"""Run the trace decoder command line: python3 -m orrery_trace decode|perfetto ..."""

import sys

from .cli import main

sys.exit(main())
