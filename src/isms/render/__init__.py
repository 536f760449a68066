"""Renderers that read the resolved ISMS (an Index) and write controlled outputs."""
