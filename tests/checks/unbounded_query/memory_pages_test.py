from __future__ import annotations

import pytest

from vcx_hook.checks.unbounded_query import ID
from vcx_hook.config import default_config
from vcx_hook.engine import audit
from vcx_hook.engine.target import Target


def findings(src: str) -> list[tuple[int, str]]:
    result = audit.audit(Target('src/services/chats.js', src.encode(), None), default_config())
    return [(f.line, f.confidence) for f in result.findings if f.check_id == ID and 'paged in memory' in f.message]


def page(read: str, cut: str = 'rows.slice(skip, skip + take)') -> str:
    return f"async function list(instanceId, skip, take) {{\n  const rows = await {read};\n  return {cut};\n}}\n"


@pytest.mark.parametrize(
    'read',
    (
        pytest.param("db.query('SELECT * FROM chats WHERE instance_id = $1', [instanceId])", id='sql runner'),
        pytest.param("prisma.chat.findMany({ where: { instanceId } })", id='prisma'),
        pytest.param("Chat.find({ instanceId }).lean()", id='mongoose chain'),
    ),
)
def test_read_then_sliced(read):
    assert findings(page(read)) == [(2, 'low')]


@pytest.mark.parametrize(
    'read, cut',
    (
        pytest.param("prisma.chat.findMany({ where: { instanceId }, take: 100 })", 'rows.slice(skip, skip + take)',
                     id='read with a take'),
        pytest.param("db.query('SELECT * FROM chats WHERE instance_id = $1 LIMIT 100', [instanceId])",
                     'rows.slice(skip, skip + take)', id='sql with a limit'),
        pytest.param("prisma.chat.findMany({ where: { instanceId } })", 'rows.slice(1)', id='not a page'),
        pytest.param("Promise.all(ids.map(load))", 'rows.slice(skip, skip + take)', id='not a read'),
        pytest.param("db.query(sql, [instanceId])", 'rows.slice(skip, skip + take)', id='sql out of sight'),
    ),
)
def test_not_asked(read, cut):
    assert findings(page(read, cut)) == []


def top(read: str, cut: str = 'rows.slice(0, count)') -> list[tuple[int, str]]:
    src = f"async function related(postId, count) {{\n  const rows = await {read};\n  return {cut};\n}}\n"
    result = audit.audit(Target('src/services/posts.js', src.encode(), None), default_config())
    return [(f.line, f.confidence) for f in result.findings if f.check_id == ID and 'first are kept' in f.message]


@pytest.mark.parametrize(
    'read',
    (
        pytest.param("Post.findAll({ where: { authorId }, order: [['views', 'DESC']] })", id='sequelize order'),
        pytest.param("prisma.post.findMany({ where: { authorId }, orderBy: { views: 'desc' } })", id='prisma orderBy'),
        pytest.param("Post.find({ authorId }).sort({ views: -1 }).lean()", id='mongoose sort'),
        pytest.param("db.query('SELECT * FROM posts WHERE author_id = $1 ORDER BY views DESC', [postId])",
                     id='sql order by'),
    ),
)
def test_ordered_read_cut_to_its_top(read):
    assert top(read) == [(2, 'low')]


@pytest.mark.parametrize(
    'read, cut',
    (
        pytest.param("Post.findAll({ where: { authorId }, order: [['views', 'DESC']], limit: count })",
                     'rows.slice(0, count)', id='read with a limit'),
        pytest.param("Post.findAll({ where: { authorId } })", 'rows.slice(0, count)', id='not ordered'),
        pytest.param("Post.findAll({ where: { authorId }, order: [['views', 'DESC']] })", 'rows.slice(1, count)',
                     id='not the top'),
        pytest.param("Promise.all(ids.map(load))", 'rows.slice(0, count)', id='not a read'),
        pytest.param("Post.findAll({ where: { authorId }, order: [['views', 'DESC']] })",
                     '[rows.slice(0, count), rows.slice(count).length]', id='the others counted too'),
    ),
)
def test_top_not_asked(read, cut):
    assert top(read, cut) == []
