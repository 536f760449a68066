"""Layer 2, read: source files, isms.yml and catalogs read into the core model, with the line of every value."""
