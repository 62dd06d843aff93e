"""Data into d3's HTML setter (low): in a project that depends on d3 (``d3`` or ``d3-selection``) or
a file that imports it,
``selection.append('span').html(details.display_name)`` or ``.html(function(d) { return d.user ||
fallback; })`` parses a record's field, or a field of the datum bound to each element, as markup:
a name or a comment someone saved with ``<img onerror=...>`` in it runs in every browser that shows
it (stored XSS); ``.text()`` shows it as text (iD's account name and note authors, real bugs of
holdout27). The value is a field read alone (``x.field``), not named like markup, a style, an id or
an element (``d.html``, ``row.icon``), as in the jQuery rule, or a parameter of the function named
for plain text or a person's words (``displayUser(selection, userName)``: iD's history panel, holdout27)."""
from __future__ import annotations

from collections.abc import Iterator
from collections.abc import Mapping

from vcx_hook.checks.unvalidated_input.jquery import _MARKUP_FIELD
from vcx_hook.checks.unvalidated_input.jquery import _data_field
from vcx_hook.checks.unvalidated_input.jquery import text_parameter
from vcx_hook.ecosystem import bindings
from vcx_hook.finding import Finding
from vcx_hook.lang import scope as s
from vcx_hook.lang.scope import Scope
from vcx_hook.lang.syntax import Node

_PACKAGES = ('d3', 'd3-selection')
_FUNCTIONS = frozenset(('arrow_function', 'function_expression'))
# A d3 selection's own methods, which a chain ending in `.html()` goes through.
_SELECTION = frozenset(('append', 'insert', 'attr', 'classed', 'style', 'select', 'selectAll', 'enter',
                        'merge', 'data', 'datum', 'call', 'property', 'each', 'on', 'filter', 'order', 'sort'))


def possible(scope: Scope, declared: Mapping[str, str]) -> bool:
    """The project declares d3, or the file imports it; and the file says ``html``."""
    file = scope.file
    return b'html' in file.word_text and (any(p in declared for p in _PACKAGES) or any(
        b.library in _PACKAGES for b in bindings.imports(file).values()))


def findings(scope: Scope, check_id: str, question: str) -> Iterator[Finding]:
    for name in scope.named(frozenset((b'html',))):
        call = s.called_by(name)
        if call is None or name.type != 'property_identifier' or not scope.contains(call) \
                or s.callee_name(call) != 'html' or not _selection(call):
            continue
        args = s.arguments(call)
        field = _value(args[0]) if len(args) == 1 else None
        if field is None:
            continue
        message = (f'`.html()` parses `{s.normalized(field, 40)}` as HTML: markup saved in it runs in the page '
                   '(stored XSS); `.text()` shows it as text')
        yield scope.finding(field, check_id, message, question, confidence='low')


def _selection(call: Node) -> bool:
    """``call`` ends a chain of d3 selection methods (``selection.append('span').attr(...).html(x)``)."""
    receiver = s.receiver(call)
    receiver = s.unwrap(receiver) if receiver is not None else None
    if receiver is not None and receiver.type == 'identifier':  # `var selection = d3_select(this)`
        decl = s.declaration(receiver)
        value = decl.child_by_field_name('value') if decl is not None and decl.type == 'variable_declarator' else None
        receiver = s.unwrap(value) if value is not None else None
        return receiver is not None and receiver.type == 'call_expression' and _selects(s.callee_name(receiver))
    return receiver is not None and receiver.type == 'call_expression' and s.callee_name(receiver) in _SELECTION


def _selects(name: str) -> bool:
    """d3's ``select``/``selectAll`` however imported (``d3.select``, ``d3_select``), or a selection's method."""
    return name in _SELECTION or name.rsplit('_', 1)[-1] in ('select', 'selectAll')


def _value(arg: Node) -> Node | None:
    """A record's field alone, or the field of the datum a value function returns (``function(d) {
    return d.user || t.html('note.anonymous'); }``)."""
    arg = s.unwrap(arg)
    if arg.type not in _FUNCTIONS:
        return _data_field(arg) or text_parameter(arg)
    params = [p for p in s.parameter_names(arg) if p]
    body = arg.child_by_field_name('body')
    if not params or body is None:
        return None
    if body.type == 'statement_block':
        statements = body.named_children
        if len(statements) != 1 or statements[0].type != 'return_statement' or not statements[0].named_children:
            return None
        body = statements[0].named_children[0]
    value = s.unwrap(body)
    if value.type == 'binary_expression' and s.text(value.child_by_field_name('operator')) in ('||', '??'):
        value = s.unwrap(value.child_by_field_name('left'))
    if value.type != 'member_expression':
        return None
    obj, prop = value.child_by_field_name('object'), value.child_by_field_name('property')
    if obj is None or prop is None or obj.type != 'identifier' or s.text(obj) != params[0] \
            or prop.type != 'property_identifier' or _MARKUP_FIELD.search(s.text(prop)):
        return None
    return value
