"""Effective configuration: defaults from the check modules, extended by the user's file."""
from __future__ import annotations

import functools
import re
from collections.abc import Mapping
from typing import NamedTuple

BLOCK = 'block'
WARN = 'warn'
# Test, story and declaration files do not run in production; `exclude = []` in the config audits them.
DEFAULT_EXCLUDE = (
    '**/*.test.*', '**/*.spec.*', '**/__tests__/**', '**/__mocks__/**', '**/test/**', '**/tests/**',
    '**/e2e/**', '**/cypress/**', '**/*.stories.*', '**/*.d.ts',
)


class Config(NamedTuple):
    enabled: frozenset[str]
    severity: Mapping[str, str]  # check id -> 'block' | 'warn'
    names: Mapping[str, Mapping[str, frozenset[str]]]  # check id -> list name -> names
    exclude: tuple[str, ...] = DEFAULT_EXCLUDE
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


@functools.lru_cache(maxsize=None)
def _glob(pattern: str) -> re.Pattern[str]:
    """Translate a path glob (``**`` any directories, ``*`` within one) to a regex."""
    out = []
    i = 0
    while i < len(pattern):
        if pattern.startswith('**/', i):
            out.append('(?:.*/)?')
            i += 3
        elif pattern.startswith('**', i):
            out.append('.*')
            i += 2
        elif pattern[i] == '*':
            out.append('[^/]*')
            i += 1
        elif pattern[i] == '?':
            out.append('[^/]')
            i += 1
        else:
            out.append(re.escape(pattern[i]))
            i += 1
    return re.compile(''.join(out) + r'\Z')


def excluded(path: str, config: Config) -> bool:
    return any(_glob(p).match(path) for p in config.exclude)
