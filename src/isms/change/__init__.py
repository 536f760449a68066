"""Layer 7, change: what alters the repository: hooks, version bumps, approvals, new and imported documents."""
