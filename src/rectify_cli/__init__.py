"""rectify: ledgers for the rectification of problems found by Party inspection tours (巡视巡察整改)."""

__version__ = "0.1.0"
