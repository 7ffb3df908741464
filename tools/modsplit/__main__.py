"""Allow ``python -m modsplit``."""

import sys

from modsplit.cli import main

sys.exit(main())
