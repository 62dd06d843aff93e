"""When a whole-table ORM read is worth asking: a read with no filter and no limit is most often of a
table small by construction (a tenant's brands, boards, SSO providers, plans: bench/judged,
uq:small-table), so it is asked only where the code shows the table's size matters: the rows are
filtered, searched or deduplicated in memory after the read (the filter belongs in the query), or the
model names a table that grows with use (events, logs, messages, users...).

Listed (medium) where the judged ones were worth asking: the client deduplicates (Prisma
``distinct``), or the rows are picked in memory by ids the function holds (the posted ids, a
project's: ``rows.filter((p) => ids.includes(p.id))``), which belongs in the query. Narrowed by the
rows' own fields or a constant (a catalog's test packages, the versioned tables), looked up by a
name or a code the function holds (a reference table read as a dictionary), or only named like a
growing table, they were not (bench/judged): low."""
from __future__ import annotations

import re
from collections.abc import Mapping

from vcx_hook.finding import LOW
from vcx_hook.finding import MEDIUM
from vcx_hook.lang import scope as s
from vcx_hook.lang import sql
from vcx_hook.lang.syntax import Node
from vcx_hook.lang import lazyre

Names = Mapping[str, frozenset[str]]
# Array methods that keep, find or test some of the rows: the read's filter, written in memory.
_NARROWING = frozenset(('filter', 'find', 'findIndex', 'findLast', 'some', 'every'))
# Last words that say what kind of class names the table, not what it holds.
_KINDS = frozenset(('entity', 'model', 'schema', 'table', 'record', 'doc', 'document'))
_WORDS = lazyre.compile(r'[A-Z]?[a-z0-9]+|[A-Z]+(?![a-z])')


def worth_asking(call: Node, model: str, names: Names) -> str | None:
    """The confidence a read of every ``model`` record by ``call`` is asked at: MEDIUM when its
    options deduplicate in the client (Prisma ``distinct``) or its rows are narrowed in memory by a
    value of the function's; LOW when they are narrowed otherwise or ``model`` grows; None when
    nothing shows the table's size matters. A ``distinct`` over a model whose name does not say it
    grows is LOW: one column of a reference table deduplicated, small and needed whole
    (platform-services-registry's licence plates of its cloud products, round 18, judged not; the
    ``distinct`` reads of errors, audit logs, tags and posts stay listed: 2 worth asking, 2 borderline)."""
    if _distinct(call) and not grows(model, names['growing_tables']) and not _picked_by_ids(call):
        return LOW
    if narrowed_here(call):
        return MEDIUM
    if narrowings(call) or grows(model, names['growing_tables']):
        return LOW
    return None


def narrowed_here(call: Node) -> bool:
    """The client deduplicates the rows (Prisma ``distinct``) or picks them by their ids from values
    of the function's (``rows.filter((p) => ids.includes(p.id))``, ``tasks.filter((t) => t.ProjectId
    === project.Id)``): a ``WHERE id IN (...)`` or a parent's key, which belongs in the query."""
    return _distinct(call) or _picked_by_ids(call)


def _picked_by_ids(call: Node) -> bool:
    """``narrowed_here``'s pick of the rows by ids the function holds."""
    fn = s.enclosing_function(call)
    if fn is None:
        return False
    picks = narrowings(call)
    return any(_uses_a_local(cb, fn) and _picks_by_id(cb, fn) for cb in picks) \
        and all(_picked_once(cb, fn) for cb in picks) and not _used_whole(call, fn)


def _picked_once(narrowing: Node, fn: Node) -> bool:
    """The pick is not a dictionary lookup: not in a function ``fn`` declares (``function get(id) {
    return content.find(...) }``, called for each key) nor in a callback over, or the body of a
    ``for ... of`` loop over, the rows of another read or response (``emails.map((e) =>
    segmentEmails.find((se) => se.emailId === e.id))``, ``for (const row of response.data.rows) {
    ... organizations.find((o) => o.peoplesoft_id === row.SETID) }``: two whole sets joined in
    memory).  A pick per value of the function's input (``projectIds.map((id) => tasks.filter(...))``)
    is one ``WHERE ... IN``.  Round 23's admin pages (beabee's content rows by key, the ongoing
    e-mails of each e-mail) and the loops of round 24's PeopleSoft sync (psa-job-store's business
    units per department row) and commonwealth's chain-event sources (per chain node) were not
    worth asking."""
    node = s.parent_of(narrowing) if narrowing.type in s.FUNCTION_TYPES else narrowing
    child = narrowing
    while node is not None and node != fn:
        if node.type in s.FUNCTION_TYPES and (node.type != 'arrow_function' and node.type != 'function_expression'
                                              or _over_a_read(node)):
            return False
        if node.type == 'for_in_statement' and child == node.child_by_field_name('body') \
                and _awaited(node.child_by_field_name('right')):
            return False
        child, node = node, s.parent_of(node)
    return True


def _awaited(rows: Node | None) -> bool:
    """``rows`` names an awaited value or a field of one (``chainNodes``, ``response?.data?.rows ?? []``
    of ``const response = await ...``)."""
    while rows is not None and rows.type in ('binary_expression', 'member_expression', 'subscript_expression',
                                             'parenthesized_expression', 'non_null_expression'):
        rows = rows.child_by_field_name('left') if rows.type == 'binary_expression' else \
            rows.child_by_field_name('object') if rows.type != 'parenthesized_expression' and rows.type != 'non_null_expression' \
            else rows.named_children[0] if rows.named_children else None
    decl = s.declaration(rows) if rows is not None and rows.type == 'identifier' else None
    value = decl.child_by_field_name('value') if decl is not None and decl.type == 'variable_declarator' else None
    return value is not None and value.type == 'await_expression'


def _over_a_read(callback: Node) -> bool:
    """``callback`` is handed to a method of a name bound to an awaited value (``emails.map(cb)`` of
    ``const emails = await ...getMany()``): it runs once per row of another read."""
    args = s.parent_of(callback)
    call = s.parent_of(args) if args is not None and args.type == 'arguments' else None
    receiver = s.receiver(call) if call is not None and call.type == 'call_expression' else None
    return receiver is not None and receiver.type == 'identifier' and _awaited(receiver)


def _used_whole(call: Node, fn: Node) -> bool:
    """The name the rows are bound to is also used as a whole (rendered, returned, handed on),
    beyond its narrowings and its ``length``: the read needs every row whatever it picks (round
    23's segment list, rendered whole, whose one segment is also picked by the request's id)."""
    outer = s.outer_expression(s.chain_top(call))
    parent = s.parent_of(outer)
    if parent is None or parent.type != 'variable_declarator':
        return False
    target = parent.child_by_field_name('name')
    if target is None or target.type != 'identifier':
        return False
    for ident in s.identifiers(fn, _NAMES):
        if ident.text != target.text or ident.start_byte <= target.start_byte or s.declaration(ident) != parent:
            continue
        member = s.parent_of(ident)
        if member is not None and member.type == 'assignment_expression' and member.child_by_field_name('left') == ident:
            return False  # `rows = rows.filter(...)`: what follows uses the narrowed rows
        prop = member.child_by_field_name('property') if member is not None and member.type == 'member_expression' \
            and member.child_by_field_name('object') == ident else None
        if prop is None or s.text(prop) not in _NARROWING | {'length'}:
            return True
    return False


# A row's field named for a key: its id, or its parent's (`_id`, `id`, `ProjectId`, `tag_id`, `uuid`).
_ID_FIELD = lazyre.compile(r'^_?id$|^uuid$|[a-z0-9_](?:Id|ID|_id|_uuid)$', re.I)
_MEMBERSHIP = frozenset(('includes', 'has', 'indexOf'))


def _picks_by_id(callback: Node, fn: Node) -> bool:
    """Every comparison of a row's field with a value of ``fn``'s in ``callback`` is an equality or
    a membership test on a key (``ids.includes(p._id.toString())``, ``t.ProjectId === project.Id``).
    Held out (rounds 3 to 18), the reads narrowed in memory by a value of the function's were worth
    asking 39% of 9 times; picked by their ids, 83% of 3 (VRMS's posted project ids and PIMS's
    project export worth asking, saltcorn's posted tag ids borderline); looked up by a name, a code
    or a path (``orgs.find((o) => o.code === ministryCode)``, ``persons.find((p) => p.name ===
    name)``, an app's path conflict) or all but one id excluded, 17% of 6: a reference table read as
    a dictionary, small by design (round 18's ministries, a gallery's persons, a start page's apps)."""
    params = set(s.parameter_names(callback))
    compared = []
    stack = [callback.child_by_field_name('body') or callback]
    while stack:
        node = stack.pop()
        if node.type == 'binary_expression' and s.text(node.child_by_field_name('operator')) in ('===', '==', '!==', '!='):
            sides = [node.child_by_field_name('left'), node.child_by_field_name('right')]
            equal = s.text(node.child_by_field_name('operator')) in ('===', '==')
        elif node.type == 'call_expression' and s.callee_name(node) in _MEMBERSHIP and s.arguments(node):
            sides = [s.receiver(node), s.arguments(node)[0]]
            equal = True
        else:
            stack.extend(node.named_children)
            continue
        fields = [f for f in map(_row_field, sides, [params] * 2) if f is not None]
        if fields and any(side is not None and _row_field(side, params) is None and _uses_a_local(side, fn, callback)
                          for side in sides):
            compared.append(equal and all(_ID_FIELD.search(f) for f in fields))
    return bool(compared) and all(compared)


def _row_field(node: Node | None, params: set[str]) -> str | None:
    """The field of the row that ``node`` reads (``p._id.toString()``: ``_id``;
    ``p.gitProvider.organizationId``: ``organizationId``; ``getPath(app.path).toLowerCase()``:
    ``path``), the row being a parameter of the narrowing callback."""
    stack = [node] if node is not None else []
    while stack:
        n = stack.pop()
        obj = n.child_by_field_name('object') if n.type == 'member_expression' else None
        if obj is not None and obj.type == 'identifier' and s.text(obj) in params:
            up = s.parent_of(n)
            while up is not None and up.type == 'member_expression' and up.child_by_field_name('object') == n and not (
                    s.parent_of(up) is not None and s.parent_of(up).type == 'call_expression'
                    and s.callee(s.parent_of(up)) == up):
                n, up = up, s.parent_of(up)  # down the path, to the field before a method call
            return s.text(n.child_by_field_name('property'))
        stack.extend(reversed(n.named_children))
    return None


def whole_read(call: Node, table: str | None, query: str | None = None) -> tuple[str, tuple[Node, ...]]:
    """The confidence a SQL or query-builder read of every row of ``table`` by ``call`` is asked
    at, with the comment that makes it MEDIUM where one does.  MEDIUM where the code says the whole
    table matters: a filter is commented out beside the read (``// where project_id = ${projectId}``),
    or its rows are picked in memory by ids the function holds or deduplicated (``narrowed_here``).
    LOW otherwise: a start-up cache, an allow list, a job that visits every row, an admin-curated
    table need every row by design (bench/judged, round 3: 2 of 12 such reads worth asking, 2
    borderline); and so does a table named at run time (``FROM ${this.table}``), held out worth
    asking 30% of 5 times (a document store's index build worth asking; a generic model's list
    borderline; a settings table of one row and a key-value table's migration, twice, not)."""
    comment = commented_filter(call)
    if comment is not None:
        return MEDIUM, (comment,)
    if (query is not None and _sql_commented_filter(query)) or narrowed_here(call):
        return MEDIUM, ()
    return LOW, ()


# A filter in a comment: SQL (`where project_id = ${id}`, `where org_id in (?)`) comparing a column with a
# value bound at run time (an interpolation or a placeholder), a builder's `.where(` or an ORM's `where: {`.
# Not a literal comparison (`where 1=1` in a note on a remote API's URL, camino) nor a join condition
# (`where items.jop_id = paths.jop_parent_id` in the SQL a builder's recursive CTE writes, joplin).
_COMMENTED_FILTER = lazyre.compile(
    r'(?i)\bwhere\s+[a-z_"`][\w."`]*\s*(?:=|<|>|!=|\bin\b|\blike\b|\bis\b)\s*\(?\s*(?:\$\{\s*([\w$]+)|\$\d|\?|[:@][a-z_])'
    r'|\.where\s*\(|\bwhere\s*:\s*\{')
_COMMENTS = lazyre.compile(rb'//[^\n]*|/\*.*?\*/', re.S)
_SQL_COMMENTS = lazyre.compile(r'--[^\n]*|/\*.*?\*/', re.S)
_NAME = lazyre.compile(r'[A-Za-z_$][\w$]*')
# How far above the read's statement a comment may end and still be about it.
_NEAR_ROWS = 2


def commented_filter(call: Node) -> Node | None:
    """A comment beside the read (in its statement or just above it) that holds a filter on a value
    the function holds (``// where project_id = ${projectId}``, ``// .where(eq(t.orgId, orgId))``):
    one the author took out of the read, which then returns every tenant's rows.  Held out, the
    commented filters this took for one anywhere in the function were judged 1 of 3 worth asking:
    lunary's charts route, its tenant filter commented out, worth; a note on a remote API's URL
    (``where 1=1``) and the SQL a builder writes, written out above it, not."""
    fn = s.enclosing_function(call)
    if fn is None:
        return None
    stmt = _statement_of(call)
    held: set[str] | None = None
    for m in _COMMENTS.finditer(fn.text):
        found = _COMMENTED_FILTER.search(m.group().decode('utf-8', 'replace'))
        if found is None:
            continue
        node = s.descendant(fn, fn.start_byte + m.start(), fn.start_byte + m.start() + 2)
        if node is None or node.type != 'comment' or not (
                stmt.start_point.row - _NEAR_ROWS <= node.end_point.row and node.start_point.row <= stmt.end_point.row):
            continue
        if found.group().lower().startswith('where') and found.group(1) is None:
            return node  # a placeholder: a value bound at run time
        held = _held_names(fn) if held is None else held
        if not held.isdisjoint(_NAME.findall(found.group(1) or m.group().decode('utf-8', 'replace')[found.end():])):
            return node
    return None


def _statement_of(node: Node) -> Node:
    """The statement of a block that holds ``node`` (``node``'s outermost expression if none)."""
    while True:
        parent = s.parent_of(node)
        if parent is None or parent.type in ('statement_block', 'program', 'switch_case') \
                or parent.type in s.FUNCTION_TYPES:
            return node
        node = parent


def _held_names(fn: Node) -> set[str]:
    """The names ``fn`` takes or declares (its parameters, its ``const``/``let`` bindings)."""
    names: set[str] = set()
    stack = [fn]
    while stack:
        node = stack.pop()
        target = node.child_by_field_name('parameters') or node.child_by_field_name('parameter') \
            if node.type in s.FUNCTION_TYPES else node.child_by_field_name('name') \
            if node.type == 'variable_declarator' else None
        names.update(s.text(n) for n in s.identifiers(target, _BOUND))
        stack.extend(node.named_children)
    return names


_BOUND = frozenset(('identifier', 'shorthand_property_identifier_pattern'))
_NAMES = frozenset(('identifier', 'shorthand_property_identifier'))


def _sql_commented_filter(query: str) -> bool:
    """A filter commented out in the SQL text itself (``-- WHERE org_id = $1``)."""
    return any(_COMMENTED_FILTER.search(c) for c in _SQL_COMMENTS.findall(query))


def grows(model: str, growing: frozenset[str]) -> bool:
    """``auditLogs``, ``ErrorEvent``, ``user_sessions``: the last word of the name, singular."""
    words = _WORDS.findall(model.rpartition('.')[2])
    while len(words) > 1 and words[-1].lower() in _KINDS:
        words.pop()  # ArticleEntity, EventModel
    if not words:
        return False
    return sql.is_small_table(words[-1], growing)  # its singular forms, looked up in a set of names


def _distinct(call: Node) -> bool:
    args = s.arguments(call)
    opts = s.unwrap(args[0]) if args else None
    return opts is not None and opts.type == 'object' and 'distinct' in s.object_keys(opts)


def narrowings(call: Node) -> list[Node]:
    """The callbacks that narrow the rows in memory: ``(await X.findMany()).filter(cb)``, or the
    name the rows are bound to (``const rows = ...``, ``result = ...``) given to one of
    ``_NARROWING`` later in the function (``rows.filter(cb)``)."""
    outer = s.outer_expression(s.chain_top(call))
    parent = s.parent_of(outer)
    if parent is None:
        return []
    if parent.type == 'member_expression' and s.text(parent.child_by_field_name('property')) in _NARROWING:
        return _callback_of(parent)
    if parent.type == 'variable_declarator' and parent.child_by_field_name('value') == outer:
        target = parent.child_by_field_name('name')
    elif parent.type == 'assignment_expression' and parent.child_by_field_name('right') == outer:
        target = parent.child_by_field_name('left')
    else:
        return []
    fn = s.enclosing_function(parent)
    if target is None or target.type != 'identifier' or fn is None:
        return []
    methods = '|'.join(sorted(_NARROWING))
    pattern = re.compile(rb'(?<![\w$.])' + re.escape(target.text) + rb'\s*\??\.\s*(?:' + methods.encode() + rb')\s*\(')
    found = []
    for m in pattern.finditer(fn.text, parent.end_byte - fn.start_byte):
        name = s.descendant(fn, fn.start_byte + m.start(), fn.start_byte + m.start() + len(target.text))
        member = s.parent_of(name) if name is not None else None
        if member is not None and member.type == 'member_expression':
            found += _callback_of(member) or [member]
    return found


def _callback_of(member: Node) -> list[Node]:
    """The function given to the call of ``member`` (``rows.filter``), or ``member`` itself."""
    call = s.parent_of(member)
    args = s.arguments(call) if call is not None and call.type == 'call_expression' else []
    return [args[0]] if args and args[0].type in s.FUNCTION_TYPES else [member]


def _uses_a_local(callback: Node, fn: Node, within: Node | None = None) -> bool:
    """Whether ``callback`` compares with a name the function around the read declares or takes
    (``ctx.session.orgId``, ``tag_ids`` from the request): not only the row's own fields or constants.
    With ``within`` (the narrowing callback), ``callback`` is one of its expressions."""
    if within is None and callback.type not in s.FUNCTION_TYPES:
        return False
    within = within or callback
    stack = [callback]
    while stack:
        node = stack.pop()
        if node.type == 'identifier':
            decl = s.declaration(node)
            if decl is not None and fn.start_byte <= decl.start_byte < fn.end_byte and not (
                    within.start_byte <= decl.start_byte < within.end_byte):
                return True
        elif node.type == 'member_expression':
            obj = node.child_by_field_name('object')
            if obj is not None:
                stack.append(obj)
        else:
            stack.extend(node.named_children)
    return False
