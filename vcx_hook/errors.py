from __future__ import annotations


class VcxError(RuntimeError):
    """An expected failure (usage, configuration, not a repository): exit 2."""
