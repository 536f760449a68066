"""isms-docs: docs-as-code for an ISO/IEC 27001 information security management system."""

__version__ = "0.1.0"
