"""Layer 8, host: the MkDocs (or ProperDocs) plugin and the site build that drives it; thin adapters to the host.

Importing the layer chooses the site generator (`hosts`), before any of its modules imports mkdocs.
"""

import os

from isms.host.hosts import SiteHost, activate, choose

HOST: SiteHost = activate(choose(os.environ))
