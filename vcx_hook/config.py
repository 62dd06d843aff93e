"""Effective configuration: defaults from the check modules, extended by the user's file."""
from __future__ import annotations

from collections.abc import Mapping
from typing import NamedTuple

BLOCK = 'block'
WARN = 'warn'


class Config(NamedTuple):
    enabled: frozenset[str]
    severity: Mapping[str, str]  # check id -> 'block' | 'warn'
    names: Mapping[str, Mapping[str, frozenset[str]]]  # check id -> list name -> names
    exclude: tuple[str, ...] = ()
    max_file_bytes: int = 1_000_000
    max_line_length: int = 10_000
    sources: Mapping[str, str] = {}  # dotted key -> where its value came from


def default_config() -> Config:
    from vcx_hook.checks import CHECKS

    return Config(
        enabled=frozenset(c.ID for c in CHECKS),
        severity={c.ID: BLOCK for c in CHECKS},
        names={c.ID: dict(c.NAMES) for c in CHECKS},
    )
