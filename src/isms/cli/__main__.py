"""`python -m isms.cli` runs the isms command, as `python -m isms` does."""

import sys

from isms.cli import main

sys.exit(main())
