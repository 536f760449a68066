"""Layer 8, host: the MkDocs (or ProperDocs) plugin and the site build that drives it; thin adapters to the host."""
