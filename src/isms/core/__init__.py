"""Layer 1, core: the model, catalogs, diagnostics and file safety. Imports no other layer."""
