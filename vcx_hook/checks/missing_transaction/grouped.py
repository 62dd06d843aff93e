"""The writes of the scope, by the function whose sequence they belong to (``candidates.owner_of``):
the executed calls the lists take for writes (``writes.write_of``), with what the project knows of
them (a provider that calls out, a find-or-create, a helper of another file whose body writes), and
the calls of the project's own helpers whose bodies write (``imported``)."""
from __future__ import annotations

from vcx_hook.checks.missing_transaction import imported
from vcx_hook.checks.missing_transaction.candidates import executed_calls
from vcx_hook.checks.missing_transaction.candidates import gathered
from vcx_hook.checks.missing_transaction.candidates import owner_of
from vcx_hook.checks.missing_transaction.writes import Names
from vcx_hook.checks.missing_transaction.writes import Write
from vcx_hook.checks.missing_transaction.writes import write_of
from vcx_hook.config import Config
from vcx_hook.ecosystem import found_or_made
from vcx_hook.ecosystem import remote_providers
from vcx_hook.lang import scope as s
from vcx_hook.lang.scope import Scope
from vcx_hook.lang.syntax import Node

ByOwner = dict[int, tuple[Node | None, dict[int, Write]]]  # owner's start byte -> (owner, write's start byte -> write)


def by_owner(scope: Scope, config: Config, names: Names) -> ByOwner:
    out: ByOwner = {}
    for call in executed_calls(scope, names):
        if s.parent_of(call) is not None and s.parent_of(call).type == 'array' and not gathered(s.parent_of(call)):
            continue
        write = write_of(call, names, scope.file)
        if write is None:
            continue
        write = imported.confirmed(write, scope.file, config.helper_effects, names)
        if remote_providers.is_remote(call, config.remote_methods):
            write = write._replace(remote=True)
        elif found_or_made.is_found_or_made(call, config.found_or_made):
            write = write._replace(idempotent=True)  # a provider's find-or-create: a retry reuses its row
        _add(out, write)
    known = {k for _, found in out.values() for k in found}
    for write in imported.writes(scope, config.helper_effects, names, known):
        _add(out, write)
    return out


def _add(out: ByOwner, write: Write) -> None:
    owner = owner_of(write.node)
    key = owner.start_byte if owner is not None else -1
    out.setdefault(key, (owner, {}))[1].setdefault(write.node.start_byte, write)
