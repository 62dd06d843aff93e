"""PgTyped's queries (``@pgtyped/runtime``): ``const getUsers = sql<IGetUsersQuery>`SELECT ...```
declares a query, ``await getUsers.run({ ids }, db)`` runs it on the connection it is given. The
query is a store call by its binding: the ``sql`` tag imported from PgTyped, not its name."""
from __future__ import annotations

from vcx_hook.ecosystem import bindings
from vcx_hook.lang import scope as s
from vcx_hook.lang import sql
from vcx_hook.lang.scope import File
from vcx_hook.lang.syntax import Node

PACKAGES = frozenset(('@pgtyped/runtime', '@pgtyped/query'))
# A query object's methods that send it: `run(params, connection)`.
RUN = 'run'


def run_sql(file: File, call: Node) -> str | None:
    """The SQL text of the PgTyped query ``call`` runs (``getUsers.run(params, db)``), or None."""
    if s.callee_name(call) != RUN or len(s.arguments(call)) != 2 or b'pgtyped' not in file.source:
        return None
    receiver = s.receiver(call)
    if receiver is None or receiver.type != 'identifier':
        return None
    decl = s.declaration(receiver)
    value = decl.child_by_field_name('value') if decl is not None and decl.type == 'variable_declarator' else None
    tag, template = _tagged(value) if value is not None else (None, None)
    if tag is None or template is None:
        return None
    bound = bindings.imports(file).get(s.text(tag))
    if bound is None or bound.library not in PACKAGES:
        return None
    return sql.sql_text(template) or ''


def _tagged(value: Node) -> tuple[Node | None, Node | None]:
    """The tag and the template of ``sql`...``` or ``sql<IQuery>`...```, which the TypeScript grammar
    reads as a comparison, ``(sql < IQuery) > `...```."""
    if value.type == 'call_expression':
        tag = value.child_by_field_name('function')
        template = value.child_by_field_name('arguments')
    elif value.type == 'binary_expression' and s.text(value.child_by_field_name('operator')) == '>':
        left = value.child_by_field_name('left')
        template = value.child_by_field_name('right')
        tag = left.child_by_field_name('left') if left is not None and left.type == 'binary_expression' \
            and s.text(left.child_by_field_name('operator')) == '<' else None
    else:
        return None, None
    if tag is None or tag.type != 'identifier' or template is None or template.type != 'template_string':
        return None, None
    return tag, template
