"""race-condition: PLACEHOLDER until its family lands (being written now)."""
from __future__ import annotations

from collections.abc import Iterator

from vcx_hook.config import Config
from vcx_hook.finding import Finding
from vcx_hook.scope import Scope

ID = 'race-condition'
QUESTION = 'What happens when two requests run this at the same time?'
SUMMARY = ''
QUERY = ''
NAMES: dict[str, frozenset[str]] = {}


def run(scope: Scope, config: Config) -> Iterator[Finding]:
    return iter(())
