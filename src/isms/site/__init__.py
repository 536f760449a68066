"""The intranet site: an MkDocs plugin that publishes the ISMS with Material for MkDocs."""
