"""A project's own per-element helper: ``executeAsynchronously(references, async (reference) =>
...)`` runs its callback once per element of the list it takes first, as ``xs.map(fn)`` does."""
from __future__ import annotations

from vcx_hook.lang import scope as s
from vcx_hook.lang.syntax import Node

# Words of a helper's name that say it runs its callback once per element of the list it is given
# first (`executeAsynchronously(refs, async (ref) => ...)`, `batchProcessPromiseAll(pages, 20, fn)`,
# `async.eachLimit(items, 5, fn)`): a project's or a library's own `map`.
PER_ELEMENT_WORDS = frozenset(('each', 'map', 'filter', 'batch', 'parallel', 'asynchronously', 'concurrently', 'series'))


def per_element_helper(call: Node, fn: Node) -> bool:
    """``fn`` is the callback a helper named for running once per element is handed after the list
    it takes first: ``executeAsynchronously(missingReferences, async (reference) => ..., opts)``
    (metriport) and ``batchProcessPromiseAll(childPages, 20, async (childPage) => ...)`` (growi), two
    real bugs of holdout12. Not ``xs.map(fn)``, whose list is the receiver."""
    given = s.arguments(call)
    if len(given) < 2 or given[0].type in s.FUNCTION_TYPES:
        return False
    # The first function after the list (`async.each(items, iterate, done)`: not `done`).
    if next((a for a in given[1:] if a.type in s.FUNCTION_TYPES), None) != fn:
        return False
    if PER_ELEMENT_WORDS.isdisjoint(s.name_words(s.callee_name(call))):
        return False
    helper = _defined_here(call)
    return helper is None or _walks_first_parameter(helper)


def _defined_here(call: Node) -> Node | None:
    """The function the file itself declares at its top level under the name ``call`` calls bare
    (``function batchProcessPromiseAll(items, size, fn) { ... }``): what the helper does is read
    from its body, not its name. ``None`` for an imported helper (a package's ``eachLimit``, a
    project module's), whose name is all the file shows."""
    callee = s.callee(call)
    if callee is None or callee.type != 'identifier':
        return None
    root = call
    for root in s.ancestors(call):
        pass
    name = callee.text
    for stmt in root.named_children:
        if stmt.type == 'export_statement':
            stmt = stmt.child_by_field_name('declaration') or stmt
        if stmt.type == 'function_declaration' and (stmt.child_by_field_name('name') or stmt).text == name:
            return stmt
        for d in stmt.named_children if stmt.type in ('lexical_declaration', 'variable_declaration') else ():
            value = d.child_by_field_name('value') if d.type == 'variable_declarator' else None
            target = d.child_by_field_name('name') if d.type == 'variable_declarator' else None
            if target is not None and target.text == name and value is not None and s.unwrap(value).type in s.FUNCTION_TYPES:
                return s.unwrap(value)
    return None


def _walks_first_parameter(helper: Node) -> bool:
    """The helper's body goes through its first parameter: loops over it, maps, slices or measures
    it (``for (const x of items)``, ``items.map(...)``, ``items.slice(i, i + size)``) or hands it
    on to another call (``pMap(items, fn)``). A helper that does none of these (``mapError(err,
    fn)``) runs its callback once, whatever its name says. A destructured first parameter is taken
    at the name's word."""
    names = s.parameter_names(helper)
    if not names or not names[0]:
        return bool(names)
    body = s.function_body(helper)
    for node in s.identifiers(body) if body is not None else ():
        parent = s.parent_of(node) if s.text(node) == names[0] else None
        if parent is None:
            continue
        if parent.type in ('member_expression', 'subscript_expression', 'arguments', 'spread_element'):
            return True
        right = parent.child_by_field_name('right') if parent.type == 'for_in_statement' else None
        if right is not None and right.id == node.id:
            return True
    return False
