"""The SQL reader: which SELECTs load a whole table."""
from __future__ import annotations

import pytest

from vcx_hook.checks.unbounded_query import NAMES
from vcx_hook.lang.sql import children_read
from vcx_hook.lang.sql import is_small_table
from vcx_hook.lang.sql import unbounded_table

@pytest.mark.parametrize(
    ('sql', 'table'),
    (
        pytest.param('SELECT * FROM events', 'events', id='whole table'),
        pytest.param('  select id from "Users" order by id', 'Users', id='quoted name, lower case, leading space'),
        pytest.param('SELECT * FROM events WHERE id = $1', None, id='where'),
        pytest.param('SELECT * FROM events LIMIT 10', None, id='limit'),
        pytest.param('SELECT TOP 10 * FROM events', None, id='top'),
        pytest.param('SELECT * FROM events FETCH FIRST 10 ROWS ONLY', None, id='fetch first'),
        pytest.param('SELECT COUNT(*) FROM events', None, id='count'),
        pytest.param('SELECT COALESCE(SUM(amount), 0) AS total, MAX(at) FROM payments', None, id='wrapped aggregates'),
        pytest.param('SELECT count(*)::int FROM events', None, id='cast aggregate'),
        pytest.param('SELECT COUNT(*) OVER () AS n, id FROM events', 'events', id='window is not an aggregate'),
        pytest.param(
            'WITH RECURSIVE t AS (SELECT r.* FROM run r WHERE r.id = $1 UNION ALL '
            'SELECT c.* FROM run c JOIN t ON t.id = c.parent_id) SELECT * FROM t ORDER BY at',
            None, id='recursive cte anchored by its first member'),
        pytest.param(
            'WITH RECURSIVE t AS (SELECT r.* FROM run r UNION ALL '
            'SELECT c.* FROM run c JOIN t ON t.id = c.parent_id) SELECT * FROM t',
            'run', id='recursive cte with an unfiltered anchor'),
        pytest.param('SELECT COUNT(x) FILTER (WHERE deleted) FROM docs', None, id='filtered aggregate'),
        pytest.param('SELECT status, COUNT(*) FROM orders GROUP BY status', 'orders', id='group by is asked'),
        pytest.param('SELECT 1', None, id='no from'),
        pytest.param('SELECT * FROM a -- WHERE x\n', 'a', id='where in a comment'),
        pytest.param("SELECT * FROM a WHERE note = 'limit'", None, id='keyword in a string'),
        pytest.param("SELECT 'where' AS w FROM a", 'a', id='string literal is not a clause'),
        pytest.param('SELECT * FROM (SELECT * FROM a WHERE b) t', None, id='filtered subquery'),
        pytest.param('SELECT * FROM (SELECT * FROM a) t', 'a', id='unfiltered subquery'),
        pytest.param('SELECT a.*, (SELECT COUNT(*) FROM b WHERE b.a = a.id) FROM a', 'a', id='where only in a scalar subquery'),
        pytest.param('SELECT * FROM a JOIN b ON b.a_id = a.id', 'a', id='join on is not a where'),
        pytest.param('SELECT * FROM a JOIN (SELECT * FROM b WHERE c) q ON q.id = a.id', None, id='inner join to a filtered set'),
        pytest.param('SELECT * FROM a LEFT JOIN (SELECT * FROM b WHERE c) q ON q.id = a.id', 'a', id='left join does not filter'),
        pytest.param('WITH x AS (SELECT * FROM a WHERE b) SELECT * FROM x', None, id='filtered cte'),
        pytest.param('WITH x AS (SELECT * FROM a) SELECT * FROM x', 'a', id='unfiltered cte'),
        pytest.param('WITH x AS (SELECT * FROM a WHERE b), y AS (SELECT * FROM x JOIN c ON 1 = 1) SELECT * FROM y',
                     None, id='cte chain'),
        pytest.param('WITH RECURSIVE t(n) AS (SELECT 1 UNION SELECT n + 1 FROM t WHERE n < 5) SELECT * FROM t',
                     None, id='recursive cte'),
        pytest.param('SELECT a FROM b UNION SELECT c FROM d WHERE e', 'b', id='one unfiltered union branch'),
        pytest.param('SELECT a FROM b UNION ALL SELECT c FROM d LIMIT 5', None, id='limit on a union'),
        pytest.param('SELECT * FROM ${}', '', id='dynamic table'),
        pytest.param('SELECT * FROM t ${}', None, id='dynamic clause'),
        pytest.param('SELECT ${} FROM t', 't', id='dynamic column list'),
        pytest.param('SELECT * FROM generate_series(1, 10)', None, id='table function'),
        pytest.param('INSERT INTO a SELECT * FROM b', None, id='insert select'),
        pytest.param('SELECT * INTO archive FROM events', None, id='select into'),
        pytest.param('SELECT * FROM a; SELECT * FROM b WHERE c', 'a', id='first statement only'),
    ),
)
def test_unbounded_table(sql, table):
    assert unbounded_table(sql) == table


@pytest.mark.parametrize(
    ('name', 'small'),
    (
        pytest.param('countries', True, id='plural'),
        pytest.param('Currency', True, id='model name'),
        pytest.param('public.roles', True, id='schema prefix'),
        pytest.param('information_schema.tables', True, id='system schema'),
        pytest.param('pg_tables', True, id='pg catalog'),
        pytest.param('feature_flags', True, id='separators'),
        pytest.param('user_roles', False, id='join table of a small table'),
        pytest.param('statuses', True, id='-es plural'),
        pytest.param('events', False, id='ordinary table'),
    ),
)
def test_small_tables(name, small):
    assert is_small_table(name, NAMES['small_tables']) is small


def test_ches_and_shes_plurals_are_singular():
    assert is_small_table('Batches', frozenset(('batch',)))
    assert is_small_table('push_dishes', frozenset(('pushdish',)))
    assert is_small_table('caches', frozenset(('cache',)))


@pytest.mark.parametrize(
    ('sql', 'read'),
    (
        pytest.param('SELECT u.id FROM "GroupMembers" gm JOIN "Users" u ON (u.id = gm."userId") '
                     'WHERE gm."groupId" = :groupId AND gm."deletedAt" IS NULL', ('GroupMembers', 'groupId'),
                     id='a parent key, a named placeholder'),
        pytest.param('SELECT * FROM posts WHERE user_id = $1 ORDER BY at', ('posts', 'user_id'), id='numbered placeholder'),
        pytest.param('SELECT * FROM posts p WHERE p.userId = ${}', ('posts', 'userId'), id='interpolated value'),
        pytest.param('SELECT * FROM posts WHERE user_id = $1 LIMIT 10', None, id='limit'),
        pytest.param('SELECT count(*) FROM posts WHERE user_id = ?', None, id='aggregate'),
        pytest.param('SELECT * FROM posts WHERE user_id = $1 AND id = $2', None, id='the row own id'),
        pytest.param('SELECT * FROM posts WHERE user_id = $1 ${}', None, id='a clause built at run time'),
        pytest.param('SELECT * FROM posts WHERE status = $1', None, id='not a parent key'),
        pytest.param('SELECT kind, count(*) FROM posts WHERE user_id = $1 GROUP BY kind', None, id='grouped'),
    ),
)
def test_children_read(sql, read):
    assert children_read(sql) == read
