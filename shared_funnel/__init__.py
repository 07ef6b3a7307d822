"""Shared Funnel: the Python half of the project (demo data, warehouse build, meeting pack)."""

__version__ = "0.1.0"
