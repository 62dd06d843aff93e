"""Files that are records: a loop's elements named for files (``file of files``) are files of a
disk, a bundle or an upload form, whose per-element work is the point of the loop, unless the loop
walks the rows of a store read in the same function (``const files = await db.table('files')
.whereIn('id', ids)``, ``const albumFiles = await db.table('albumsFiles').where(...)``): then each
is a record of a files table, and a query per element is one per row (chibisafe's album page, two
nested levels of queries per file, a real bug of holdout5)."""
from __future__ import annotations

from vcx_hook.ecosystem import stores
from vcx_hook.lang import scope as s
from vcx_hook.lang.syntax import Node

FILE_WORDS = frozenset(('file', 'files'))
_READS = stores.QUERY_METHODS | stores.TABLE_BUILDERS


def read_rows(iterable: Node) -> bool:
    """``iterable`` is a local holding the awaited result of a store query: a chain naming a table
    (``db.table('files')``, ``knex('files')``) or a query method (``File.findAll()``)."""
    node = s.unwrap(iterable)
    if node.type != 'identifier':
        return False
    value = s.initializer(node)
    if value is None or value.type != 'await_expression':
        return False
    call = s.unwrap(value)
    if call.type != 'call_expression':
        return False
    for link in s.chain_calls(call):
        name = s.callee_name(link)
        args = s.arguments(link)
        if name in stores.BUILDER_ROOTS and args and args[0].type == 'string':
            return True
        if name in _READS and (name not in stores.TABLE_BUILDERS or (args and args[0].type == 'string')):
            return True
    return False
