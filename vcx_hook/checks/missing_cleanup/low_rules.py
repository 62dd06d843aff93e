"""missing-cleanup's low-confidence rules (new shapes, not judged yet), chained: each a module of
its own with ``possible(scope)`` and ``find(...)`` yielding (node, message, evidence)."""
from __future__ import annotations

from collections.abc import Iterator
from collections.abc import Mapping

from vcx_hook.checks.missing_cleanup import added_among_removals
from vcx_hook.checks.missing_cleanup import bound_removals
from vcx_hook.checks.missing_cleanup import capture_removals
from vcx_hook.checks.missing_cleanup import deadline_timers
from vcx_hook.checks.missing_cleanup import empty_clears
from vcx_hook.checks.missing_cleanup import handed_in_listeners
from vcx_hook.checks.missing_cleanup import kept_disposers
from vcx_hook.checks.missing_cleanup import mounted_trees
from vcx_hook.checks.missing_cleanup import object_urls
from vcx_hook.checks.missing_cleanup import open_fields
from vcx_hook.checks.missing_cleanup import open_files
from vcx_hook.checks.missing_cleanup import pending_entries
from vcx_hook.checks.missing_cleanup import racing_waiters
from vcx_hook.checks.missing_cleanup import ref_disposers
from vcx_hook.checks.missing_cleanup import settling_listeners
from vcx_hook.checks.missing_cleanup import per_call_clients
from vcx_hook.checks.missing_cleanup import skipped_deletes
from vcx_hook.checks.missing_cleanup import stale_teardowns
from vcx_hook.checks.missing_cleanup import success_only_releases
from vcx_hook.checks.missing_cleanup import unclosed_handles
from vcx_hook.checks.missing_cleanup import undisposed_views
from vcx_hook.checks.missing_cleanup import unread_bodies
from vcx_hook.checks.missing_cleanup import unrun_cleanups
from vcx_hook.lang.scope import Scope
from vcx_hook.lang.syntax import Node

_GATED = (deadline_timers, pending_entries, open_files, kept_disposers, unread_bodies, stale_teardowns,
          added_among_removals, capture_removals, unclosed_handles, mounted_trees, per_call_clients,
          empty_clears, skipped_deletes, object_urls, unrun_cleanups, undisposed_views, success_only_releases,
          racing_waiters, open_fields, bound_removals, settling_listeners, ref_disposers)


def possible(scope: Scope) -> bool:
    """A rule's own gate opens (``handed_in_listeners`` rides on the registrations' gate)."""
    return any(rule.possible(scope) for rule in _GATED)


def listed(scope: Scope) -> Iterator[tuple[Node, str, tuple[Node, ...]]]:
    """The shapes of these rules judged worth asking often enough to list (the family's medium)."""
    yield from per_call_clients.per_request(scope)


def find(scope: Scope, names: Mapping[str, frozenset[str]]) -> Iterator[tuple[Node, str, tuple[Node, ...]]]:
    yield from deadline_timers.find(scope, names)
    yield from pending_entries.find(scope)
    yield from open_files.find(scope)
    yield from kept_disposers.find(scope)
    yield from ref_disposers.find(scope)
    yield from stale_teardowns.find(scope, names)
    yield from added_among_removals.find(scope)
    yield from capture_removals.find(scope)
    yield from unclosed_handles.find(scope)
    yield from per_call_clients.find(scope)
    yield from open_fields.find(scope, names)
    yield from empty_clears.find(scope)
    yield from mounted_trees.find(scope, names)
    yield from unread_bodies.find(scope)
    yield from handed_in_listeners.find(scope, names)
    yield from skipped_deletes.find(scope)
    yield from object_urls.find(scope)
    yield from unrun_cleanups.find(scope)
    yield from undisposed_views.find(scope)
    yield from success_only_releases.find(scope)
    yield from racing_waiters.find(scope)
    yield from bound_removals.find(scope)
    yield from settling_listeners.find(scope)
