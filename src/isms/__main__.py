"""`python -m isms` runs the isms command."""

import sys

from isms.cli import main

sys.exit(main())
