"""race-condition's shared state: module-level mutable state (a top-level ``let``, or a top-level
object, array or map mutated) read before an ``await`` and written after it in an async request
handler, as a stale copy written back or as a check whose act comes after the await. Not in an AWS
Lambda's handler (``handlers.lambda_handler``): its environment runs one event at a time."""
from __future__ import annotations

from collections.abc import Iterator
from collections.abc import Mapping

from vcx_hook.checks.race_condition.candidates import awaits
from vcx_hook.checks.race_condition.candidates import writes
from vcx_hook.checks.race_condition.nodes import acts_after
from vcx_hook.checks.race_condition.nodes import if_testing
from vcx_hook.checks.race_condition.nodes import root_identifier
from vcx_hook.checks.race_condition.nodes import same
from vcx_hook.ecosystem import handlers as entry_points
from vcx_hook.ecosystem import routes
from vcx_hook.lang import flow
from vcx_hook.lang import scope as s
from vcx_hook.lang.flow import Flow
from vcx_hook.lang.scope import Scope
from vcx_hook.lang.syntax import Node


def find(scope: Scope, names: Mapping[str, frozenset[str]]) -> Iterator[tuple[Node, str, tuple[Node, ...]]]:
    """(write, message, evidence) for module state read before an ``await`` and written after it
    in an async request handler."""
    every_await = awaits(scope)
    # Only an async handler's writes are asked about, after an await in that same handler: the
    # writes are looked for only in the handlers that await (and the functions nested in them).
    handlers: dict[tuple[int, int], bool] = {}

    def serving(fn: Node | None) -> bool:
        if fn is None:
            return False
        key = (fn.start_byte, fn.end_byte)
        if key not in handlers:
            handlers[key] = s.is_async(fn) and routes.serves_requests(fn) and not entry_points.lambda_handler(fn)
        return handlers[key]
    in_handlers = [a for a in every_await if serving(s.enclosing_function(a))]
    if not in_handlers:
        return
    candidates = writes(scope, in_handlers)
    for write in candidates:
        target = write.child_by_field_name('left') or write.child_by_field_name('argument')
        root = root_identifier(target)
        fn = s.enclosing_function(write)
        if root is None or fn is None or not serving(fn):
            continue
        name = s.text(root)
        if not module_state(root, target, names):
            continue
        between = [a for a in every_await if a.end_byte <= write.start_byte and same(s.enclosing_function(a), fn)]
        if not between:
            continue
        fl = flow.of(scope.file, write)
        for ref in fl.free_references(name):
            if ref.start_byte >= between[-1].start_byte or not same(s.enclosing_function(ref), fn):
                continue
            awaited = next((a for a in between if a.start_byte > ref.end_byte), None)
            if awaited is None or not _stale_write(fl, ref, write):
                continue
            if any(ref.end_byte < w.start_byte < awaited.start_byte and _writes_name(w, name) for w in candidates):
                continue  # taken before the await (`left -= 1; await charge()`): later writes compensate
            yield write, (
                f'`{name}` is read on line {ref.start_point.row + 1} and written here after '
                f'`{s.normalized(awaited, 30)}` on line {awaited.start_point.row + 1}; another request can run in between'
            ), (ref, awaited)
            break


def _writes_name(write: Node, name: str) -> bool:
    root = root_identifier(write.child_by_field_name('left') or write.child_by_field_name('argument'))
    return root is not None and s.text(root) == name


def module_state(root: Node, target: Node, names: Mapping[str, frozenset[str]]) -> bool:
    """A module-level ``let``/``var`` (or a top-level object written through), not named as a cache."""
    name = s.text(root)
    if any(c in name.lower() for c in names['cache_names']):
        return False
    decl = s.declaration(root)
    if decl is None or decl.type != 'variable_declarator':
        return False
    statement = s.parent_of(decl)
    container = s.parent_of(statement) if statement is not None else None
    if container is not None and container.type == 'export_statement':
        container = s.parent_of(container)
    if container is None or container.type != 'program':
        return False
    return target.type != 'identifier' or s.text(statement.children[0]) in ('let', 'var')


def _stale_write(fl: Flow, ref: Node, write: Node) -> bool:
    """The write uses a value read before the await: through a local, or after checking it."""
    use = flow.use_of(ref)
    if use is not None and use.role == 'declared':
        local = use.target.child_by_field_name('name')
        value = write.child_by_field_name('right')
        if local is not None and value is not None and local.type == 'identifier':
            return any(r.start_byte >= value.start_byte and r.end_byte <= value.end_byte
                       for lb in fl.bindings_of(local) for r in fl.references(lb))
    stmt = if_testing(ref)
    return stmt is not None and acts_after(stmt, write)
