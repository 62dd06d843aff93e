"""Reading SQL out of JavaScript: literals, templates and ``+`` concatenations, and whether a
``SELECT`` is bounded (``WHERE``/``LIMIT``/``TOP``/``FETCH FIRST``, aggregates, filtered CTEs).

Shared by the families that look at SQL (unbounded-query, missing-transaction).
"""
from __future__ import annotations

import re

from vcx_hook.lang import lazyre
from vcx_hook.lang import scope as s
from vcx_hook.lang.syntax import Node

_SQL_NOISE = lazyre.compile(r"--[^\n]*|/\*.*?\*/|'(?:[^']|'')*'", re.S)
_SQL_TOKEN = lazyre.compile(r'\$\{\}|"[^"]*"|`[^`]*`|\[[^\]]*\]|[\w$.]+|\S')
_AGGREGATES = frozenset((
    'count', 'sum', 'avg', 'min', 'max', 'stddev', 'variance', 'bool_and', 'bool_or', 'every',
    'uniq', 'uniqexact',
))
_WRAPPERS = frozenset((
    'coalesce', 'ifnull', 'isnull', 'nvl', 'cast', 'round', 'floor', 'ceil', 'abs', 'nullif', 'to_char',
))
_LIMITS = frozenset(('limit', 'top', 'fetch', 'rownum', 'into'))
_FILTERS = frozenset(('where', 'prewhere', 'limit', 'top', 'rownum'))
_GROUP_BY = lazyre.compile(r'\bgroup\s+by\b', re.I)
_SYSTEM_SCHEMAS = frozenset(('information_schema', 'pg_catalog', 'sys', 'performance_schema', 'mysql'))


def sql_text(node: Node | None) -> str | None:
    """SQL text of a literal, template or ``+`` concatenation; other parts show as ``${}``."""
    if node is None:
        return None
    node = s.unwrap(node)
    if node.type in ('string', 'template_string'):
        return s.string_like_text(node)
    if node.type == 'binary_expression' and s.text(node.child_by_field_name('operator')) == '+':
        left = sql_text(node.child_by_field_name('left'))
        right = sql_text(node.child_by_field_name('right'))
        if left is None and right is None:
            return None
        return (left if left is not None else '${}') + (right if right is not None else '${}')
    return None


def const_sql(ident: Node) -> str | None:
    """The SQL a ``const`` name was declared with (``let`` may be appended to later)."""
    decl = s.declaration(ident)
    if decl is None or decl.type != 'variable_declarator' or s.parent_of(decl) is None:
        return None
    keyword = s.parent_of(decl).children[0].type if s.parent_of(decl).children else ''
    if keyword != 'const':
        return None
    return sql_text(decl.child_by_field_name('value'))


def _tokens(sql: str) -> list[tuple[int, str]]:
    """(depth, token) pairs of the first statement, comments and string literals dropped."""
    out = []
    depth = 0
    for tok in _SQL_TOKEN.findall(_SQL_NOISE.sub(' ? ', sql)):
        if tok == ';' and depth == 0:
            break
        if tok == ')':
            depth = max(depth - 1, 0)
        out.append((depth, tok))
        if tok == '(':
            depth += 1
    return out


def unbounded_table(sql: str, ctes: dict[str, str | None] | None = None) -> str | None:
    """The table a SELECT reads whole (``''`` when it is a dynamic name), or ``None`` when the
    statement is not a SELECT, or is filtered, limited, aggregated or built dynamically.  ``ctes``
    maps the common table expressions in scope to their bodies (``None``: the one being read, whose
    recursive member joins what its anchor found)."""
    toks = _tokens(sql)
    if not toks or toks[0][1].lower() not in ('select', 'with'):
        return None
    base = toks[0][0]
    starts = [i for i, (d, t) in enumerate(toks) if d == base and t.lower() == 'select']
    if not starts:
        return None
    ctes = {**(ctes or {}), **_ctes(toks[:starts[0]], base)}
    main = toks[starts[0]:]
    if any(d == base and t.lower() in _LIMITS for d, t in main):
        return None
    branches: list[list[tuple[int, str]]] = [[]]
    for d, t in main:
        if d == base and t.lower() in ('union', 'intersect', 'except'):
            branches.append([])
        else:
            branches[-1].append((d, t))
    for branch in branches:
        table = _unbounded_branch(branch, base, ctes)
        if table is not None:
            return table
    return None


def _ctes(toks: list[tuple[int, str]], base: int) -> dict[str, str | None]:
    """``WITH name AS (body), ...``: each common table expression's body by lower-case name."""
    out: dict[str, str | None] = {}
    for i, (d, t) in enumerate(toks):
        if d == base and t == '(' and i >= 2 and toks[i - 1][1].lower() in ('as', 'materialized'):
            j = i - 1
            while j > 0 and toks[j][1].lower() in ('as', 'not', 'materialized'):
                j -= 1
            if toks[j][1] == ')':  # name(col, ...) AS (...)
                j = max(k for k in range(j) if toks[k] == (base, '(')) - 1
            end = next((k for k in range(i + 1, len(toks)) if toks[k] == (base, ')')), len(toks))
            out[toks[j][1].strip('"`').lower()] = ' '.join(t for _, t in toks[i + 1:end])
    return out


def _source(toks: list[tuple[int, str]], at: int, base: int, ctes: dict[str, str | None]) -> tuple[str | None, int]:
    """What the table reference at ``toks[at]`` reads whole (``None`` if bounded), and where it ends."""
    tok = toks[at][1]
    if tok == '(':
        end = next((i for i in range(at + 1, len(toks)) if toks[i] == (base, ')')), len(toks))
        return unbounded_table(' '.join(t for _, t in toks[at + 1:end]), ctes), end + 1
    if at + 1 < len(toks) and toks[at + 1][1] == '(':
        return None, at + 1  # a table function: generate_series(...), unnest($1)
    name = tok.strip('"`[]')
    if name.lower() in ctes:
        body = ctes[name.lower()]
        if body is None:
            return None, at + 1  # a recursive CTE's own name: rows its anchor member found, bounded with it
        return unbounded_table(body, {**ctes, name.lower(): None}), at + 1
    return ('' if name == '${}' else name), at + 1


def _unbounded_branch(toks: list[tuple[int, str]], base: int, ctes: dict[str, str | None]) -> str | None:
    top = [i for i, (d, _) in enumerate(toks) if d == base]
    words = [toks[i][1].lower() for i in top]
    if 'from' not in words or any(w in _FILTERS for w in words):
        return None
    from_at = top[words.index('from')]
    if 'group' not in words and _aggregate_only(toks[1:from_at], base):
        return None
    if from_at + 1 >= len(toks):
        return None
    table, after = _source(toks, from_at + 1, base, ctes)
    if table is None:
        return None
    for i in range(after, len(toks)):
        d, t = toks[i]
        if d != base:
            continue
        if t == '${}':
            return None  # a clause built at run time may hold the WHERE or LIMIT
        if t.lower() == 'join' and i + 1 < len(toks) and not _outer_join(toks, i):
            joined, _ = _source(toks, i + 1, base, ctes)
            if joined is None:
                return None  # an inner join with a filtered set filters this one too
    return table


def _outer_join(toks: list[tuple[int, str]], join_at: int) -> bool:
    before = {toks[k][1].lower() for k in range(max(join_at - 2, 0), join_at)}
    return bool(before & {'left', 'right', 'full', 'cross'})


def _aggregate_only(items: list[tuple[int, str]], base: int) -> bool:
    """Whether a select list has only aggregates (one row), e.g. ``COUNT(*), SUM(x) AS total``."""
    parts: list[list[str]] = [[]]
    for d, t in items:
        if d == base and t == ',':
            parts.append([])
        else:
            parts[-1].append(t.lower())
    for part in parts:
        while part and part[0] in ('distinct', 'all'):
            part = part[1:]
        while len(part) > 1 and part[0] in _WRAPPERS and part[1] == '(':
            part = part[2:]
        if 'over' in part:
            return False
        if len(part) > 1 and part[0] in _AGGREGATES and part[1] == '(':
            continue
        if len(part) == 1 and (part[0] == '?' or part[0].isdigit()):
            continue
        return False
    return True


def is_small_table(name: str, small: frozenset[str]) -> bool:
    """Whether ``name`` (SQL table, model, entity or collection name) is a small lookup table."""
    schema, _, table = name.rpartition('.')
    if schema.strip('"`[]').lower() in _SYSTEM_SCHEMAS:
        return True
    if table.lower().startswith(('pg_', 'sqlite_')):
        return True
    key = re.sub(r'[^a-z0-9]', '', table.lower())
    for singular in (key, key[:-3] + 'y' if key.endswith('ies') else key,
                     key[:-2] if key.endswith(('ses', 'xes', 'ches', 'shes')) else key, key[:-1] if key.endswith('s') else key):
        if singular in small:
            return True
    return False


# Words that make a statement write, wherever they stand (`WITH x AS (DELETE ...) SELECT`).
_WRITE_WORDS = frozenset(('insert', 'update', 'delete', 'replace', 'merge', 'upsert', 'truncate', 'into'))


def reads_only(sql: str) -> bool:
    """A ``SELECT`` from a table that writes nothing: no write verb anywhere (a CTE's ``DELETE``, ``SELECT
    ... INTO``, ``FOR UPDATE``), and a ``FROM``: a bare ``SELECT pg_notify(...)`` or ``SELECT setval(...)``
    calls a function that may write."""
    words = [t.lower() for _, t in _tokens(sql)]
    return words[:1] == ['select'] and 'from' in words and _WRITE_WORDS.isdisjoint(words)


def has_group_by(text: str) -> bool:
    return bool(_GROUP_BY.search(text))


def aggregate_only(text: str) -> bool:
    """Whether a SELECT list (or expression) only computes aggregates."""
    return _aggregate_only(_tokens(text), 0)


def unlimited_ranking(sql: str) -> tuple[str, list[str]] | None:
    """The table a SELECT ranks whole and the columns it groups by: grouped and ordered descending
    (a top-N list, ``GROUP BY url ORDER BY count(*) DESC``) with no ``LIMIT``/``TOP``/``FETCH`` and
    nothing built at run time after its ``GROUP BY`` that could add one; ``None`` otherwise (the
    table is ``''`` when dynamic, a grouped column ``''`` unless it is a plain name)."""
    toks = _tokens(sql)
    if not toks or toks[0][1].lower() != 'select':
        return None
    base = toks[0][0]
    words = [t.lower() for d, t in toks if d == base]
    if any(w in _LIMITS or w in ('union', 'intersect', 'except') for w in words):
        return None
    at = next((i for i in range(len(words) - 1) if words[i] == 'group' and words[i + 1] == 'by'), None)
    order = next((i for i in range(len(words) - 1) if words[i] == 'order' and words[i + 1] == 'by'), None)
    if at is None or order is None or order < at or '${}' in words[at:] or 'desc' not in words[order:]:
        return None
    if 'from' not in words:
        return None
    table = words[words.index('from') + 1] if words.index('from') + 1 < len(words) else ''
    cases = _case_aliases(toks)
    columns = [_column(part) for part in _split(words[at + 2:], ('order', 'having', 'window'))]
    # A grouped CASE has as many values as its branches: not a column that ranks the data.
    columns = [c for c in columns if c not in cases]
    return ('' if table in ('${}', '(') else table.strip('"`[]')), columns


def _column(part: list[str]) -> str:
    """``url``, ``t.url``, ``t."currency"`` (tokenized ``t.``, ``"currency"``): the plain name
    grouped by; ``''`` for an expression."""
    if len(part) == 1 or all(p.endswith('.') for p in part[:-1]):
        return part[-1].strip('"`[]').rsplit('.', 1)[-1]
    return ''


def _case_aliases(toks: list[tuple[int, str]]) -> frozenset[str]:
    """Names the SELECT list gives a ``CASE ... END`` (``(CASE WHEN ... END) AS "label"``)."""
    out = set()
    for i in range(2, len(toks) - 1):
        if toks[i][1].lower() != 'as':
            continue
        before = toks[i - 1][1].lower()
        if before == ')':
            j = i - 2  # the opening of the parenthesized expression, then its first word
            while j > 0 and toks[j][0] > toks[i][0]:
                j -= 1
            before = toks[j + 1][1].lower() if j + 1 < i - 1 and toks[j + 1][0] > toks[i][0] else ''
            if before == 'case':
                out.add(toks[i + 1][1].strip('"`[]').lower())
        elif before == 'end':
            out.add(toks[i + 1][1].strip('"`[]').lower())
    return frozenset(out)


def _split(words: list[str], stops: tuple[str, ...]) -> list[list[str]]:
    """A comma-separated list of top-level words, up to the first of ``stops``."""
    parts: list[list[str]] = [[]]
    for w in words:
        if w in stops:
            break
        if w == ',':
            parts.append([])
        else:
            parts[-1].append(w)
    return [p for p in parts if p]


# A parent's key compared in a filter: `gm."groupId"`, `user_id`, `t.projectid` (not the row's own `id`).
_PARENT_KEY = lazyre.compile(r'(?i)^[a-z_][a-z0-9_]*?_?id$')
_PLACEHOLDERS = lazyre.compile(r'^(?:\?|\$\d+|\$\{\}|@\w+)$')


def children_read(sql: str) -> tuple[str, str] | None:
    """(table, key) when a SELECT reads the rows of one parent: a filter comparing a parent's key
    with a value given at run time (``WHERE gm."groupId" = :groupId``, ``where user_id = $1``) and
    nothing that bounds it: no ``LIMIT``/``TOP``/``FETCH``, grouping, aggregate-only list, set
    operation, a row's own ``id`` compared, nor a clause built at run time after ``WHERE``. A
    parent's children come back whole however many it has."""
    toks = _tokens(sql)
    if not toks or toks[0][1].lower() != 'select':
        return None
    base = toks[0][0]
    top = [(i, t.lower()) for i, (d, t) in enumerate(toks) if d == base]
    words = [w for _, w in top]
    if 'from' not in words or 'where' not in words or any(w in _LIMITS or w in ('union', 'intersect', 'except', 'group')
                                                         for w in words):
        return None
    from_at = top[words.index('from')][0]
    if _aggregate_only(toks[1:from_at], base):
        return None
    where = words.index('where')
    table = toks[top[words.index('from') + 1][0]][1] if words.index('from') + 1 < len(words) else ''
    clause = [toks[i][1] for i, _ in top[where + 1:]]
    if any(t == '${}' and (k == 0 or clause[k - 1] != '=') for k, t in enumerate(clause)):
        return None  # a clause built at run time may hold a LIMIT
    key = ''
    for k in range(len(clause) - 2):
        column = clause[k].rsplit('.', 1)[-1].strip('"`[]')
        if not column and clause[k].endswith('.'):
            continue
        if clause[k + 1] != '=':
            continue
        value = clause[k + 2] + (clause[k + 3] if clause[k + 2] == ':' and k + 3 < len(clause) else '')
        given = _PLACEHOLDERS.match(value) is not None or (value.startswith(':') and len(value) > 1)
        if column.lower() == 'id':
            return None
        if given and _PARENT_KEY.match(column):
            key = column
    return (table.strip('"`[]'), key) if key and table not in ('${}', '(') else None
