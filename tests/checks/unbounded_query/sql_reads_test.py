"""unbounded-query's rankings: a grouped CASE has as many values as its branches."""
from __future__ import annotations

import pytest

from vcx_hook.lang import sql


@pytest.mark.parametrize(('query', 'expected'), [
    pytest.param('SELECT (CASE WHEN a THEN 1 ELSE 2 END) AS "kind", t."currency", SUM(x) FROM orders t WHERE y '
                 'GROUP BY "kind", t."currency" ORDER BY SUM(x) DESC', ('orders', ['currency']), id='parenthesized case'),
    pytest.param('SELECT CASE WHEN a THEN 1 ELSE 2 END AS bucket, url, count(*) FROM ev WHERE x '
                 'GROUP BY bucket, url ORDER BY count(*) DESC', ('ev', ['url']), id='bare case'),
    pytest.param('SELECT e.url, count(*) FROM ev e WHERE x GROUP BY e.url ORDER BY 2 DESC', ('ev', ['url']),
                 id='qualified'),
    pytest.param('SELECT lower(url) AS u, count(*) FROM ev WHERE x GROUP BY lower(url) ORDER BY 2 DESC', ('ev', ['']),
                 id='an expression'),
    pytest.param('SELECT coalesce(a, b) AS "label", count(*) FROM ev WHERE x GROUP BY "label" ORDER BY 2 DESC',
                 ('ev', ['label']), id='an alias of something else'),
])
def test_the_columns_a_ranking_groups_by(query, expected):
    assert sql.unlimited_ranking(query) == expected
