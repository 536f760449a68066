"""`python -m isms.cli` runs the isms command, as `python -m isms` and the `isms` script do."""

import sys

from isms.cli import main

sys.exit(main())
