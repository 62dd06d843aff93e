"""race-condition's numbers stored under a unique key: ``number: last + 1`` written to a column
the project's schema keeps unique (Prisma ``@@unique([teamId, number])`` or ``@unique``, TypeORM
``@Unique``/``@Index({ unique: true })``, Sequelize and Mongoose ``unique: true``, a SQL ``UNIQUE``:
``engine.project.with_uniques``).  Two calls that read the same number both try to store it and the
database refuses the second: its caller gets an error, nothing is silently lost.  Low: tegon's issue
number moved to another team (round 24) was judged not worth asking; trackdechets' transporter
segment number, with no unique key, worth asking (it stays listed)."""
from __future__ import annotations

from vcx_hook.ecosystem import ddl
from vcx_hook.ecosystem import schemas
from vcx_hook.finding import LOW
from vcx_hook.lang import scope as s
from vcx_hook.lang.syntax import Node
from vcx_hook.lang import lazyre

# What a receiver's name adds to its model's (`this.issueRepository`, `ticketModel`, `InvoiceEntity`).
_KIND = lazyre.compile(r'(?i)(?:repository|repo|model|entity|collection)$')
# How many locals a number may pass through on its way to the write (`const padded = String(n + 1)`).
_HOPS = 3


def question(write: Node, value: Node, uniques: schemas.Uniques, said: str, lost: str, readers: str,
             stored: str = 'as') -> tuple[str, str]:
    """The message and confidence for ``write`` storing ``value``: ``said`` and what is ``lost``;
    or, when a unique key holds the column, that of two ``readers`` of the same value the second
    fails (low), the column named after ``stored`` (``as``/``to``)."""
    column = unique_column(write, value, uniques)
    if column is None:
        return f'{said}; {lost}', ''
    return (f'{said}, {stored} `{column}`, which the schema keeps unique: of two {readers} the second fails '
            f'(retry on the unique violation?)'), LOW


def unique_column(write: Node, value: Node, uniques: schemas.Uniques) -> str | None:
    """The column ``write`` stores ``value`` under (a key of its object arguments or of Prisma's
    ``data``/Mongo's ``$set`` in them), when a unique key of the write's model holds it."""
    if not uniques:
        return None
    keys = ddl.table_keys(_model(write), uniques)
    if not keys:
        return None
    for column in _columns(write, value):
        name = column.replace('_', '').lower()
        if any(name in {k.lower() for k in key} for key in keys):
            return column
    return None


def _model(write: Node) -> str:
    """``this.prisma.issue.update`` -> ``issue``; ``this.issueRepository.save`` -> ``issue``."""
    segments = s.callee_path(write).split('.')
    return _KIND.sub('', segments[-2]) if len(segments) >= 2 else ''


def _columns(write: Node, value: Node) -> list[str]:
    """The keys of ``write``'s object arguments whose value holds ``value`` or a local carrying it."""
    found = []
    stack = [s.unwrap(a) for a in s.arguments(write)]
    while stack:
        node = stack.pop()
        if node.type == 'object':
            stack.extend(node.named_children)
        elif node.type == 'pair':
            held = node.child_by_field_name('value')
            key = node.child_by_field_name('key')
            if held is None or key is None:
                continue
            if s.unwrap(held).type == 'object':
                stack.append(s.unwrap(held))  # `data: { ... }`, `$set: { ... }`
            elif _carries(held, value, _HOPS):
                found.append(s.string_value(key) or s.text(key))
        elif node.type == 'shorthand_property_identifier' and _carries(node, value, _HOPS):
            found.append(s.text(node))
    return found


def _carries(node: Node, value: Node, hops: int) -> bool:
    """``node`` holds ``value``, or names a local declared with an expression that carries it."""
    if node.start_byte <= value.start_byte and value.end_byte <= node.end_byte:
        return True
    if hops == 0:
        return False
    names = [node] if node.type in ('identifier', 'shorthand_property_identifier') else list(s.identifiers(node))
    for name in names:
        decl = s.declaration(name)
        init = decl.child_by_field_name('value') if decl is not None and decl.type == 'variable_declarator' else None
        if init is not None and init.start_byte < node.start_byte and _carries(init, value, hops - 1):
            return True
    return False
