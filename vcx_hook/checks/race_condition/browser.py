"""What the family asks of browser code, where a request's work is not shared between users: a
long-lived object's member set after a wait (``instance_state``) and a React effect's answer written
with no guard against a superseded run (``effect_responses``)."""
from __future__ import annotations

from collections.abc import Iterator

from vcx_hook.checks.race_condition import effect_responses
from vcx_hook.checks.race_condition import instance_state
from vcx_hook.lang.scope import Scope
from vcx_hook.lang.syntax import Node


def possible(scope: Scope) -> bool:
    return instance_state.possible(scope) or effect_responses.possible(scope)


def find(scope: Scope) -> Iterator[tuple[Node, str, tuple[Node, ...]]]:
    yield from instance_state.find(scope)
    yield from effect_responses.find(scope)
