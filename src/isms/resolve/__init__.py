"""Layer 4, resolve: the read ISMS resolved into an index, validated, and restricted to an audience."""
