"""bench/realbugs/score.py: reading cases, matching findings to a function's span, and one whole run
on a synthetic repository (no network)."""
from __future__ import annotations

import importlib.util
import os
import subprocess

import pytest

from tests.helpers import ROOT

_PATH = os.path.join(str(ROOT), 'bench', 'realbugs', 'score.py')
_SPEC = importlib.util.spec_from_file_location('realbugs_score', _PATH)
assert _SPEC is not None and _SPEC.loader is not None
score = importlib.util.module_from_spec(_SPEC)
_SPEC.loader.exec_module(score)

HEADER = ','.join(score.COLUMNS)
ROW = 'c1,acme/shop,{fix},{parent},src/posts.js,getPosts,1,7,n-plus-one,query per post,one query with include'


def test_a_row_becomes_a_case():
    (case,) = score.parse_cases([HEADER, ROW.format(fix='f' * 40, parent='a' * 40)])
    assert case == score.Case(
        'c1', 'acme/shop', 'f' * 40, 'a' * 40, 'src/posts.js', 'getPosts', 1, 7, 'n-plus-one',
        'query per post', 'one query with include',
    )


@pytest.mark.parametrize(('row', 'message'), [
    pytest.param('c1,r/r,f,p,a.js,f,1,7,n-plus-two,s,x', "cases:2: unknown family 'n-plus-two'", id='family'),
    pytest.param('c1,r/r,f,p,a.js,f,9,7,n-plus-one,s,x', 'cases:2: the span 9-7 is empty', id='span'),
    pytest.param('c1,r/r,f,p,a.js,f,one,7,n-plus-one,s,x', 'cases:2: start and end must be line numbers', id='line'),
    pytest.param('c1,r/r,f,p,a.js,f,1,7,n-plus-one,s', 'cases:2: 11 columns expected', id='columns'),
])
def test_a_malformed_row_is_an_error(row, message):
    with pytest.raises(score.CaseError) as e:
        score.parse_cases([HEADER, row])
    assert str(e.value) == message


def test_only_a_finding_of_the_family_inside_the_span_counts():
    report = {'findings': [
        {'check': 'n-plus-one', 'path': 'src/posts.js', 'line': 9, 'message': 'after the span'},
        {'check': 'error-handling', 'path': 'src/posts.js', 'line': 4, 'message': 'other family'},
        {'check': 'n-plus-one', 'path': 'src/other.js', 'line': 4, 'message': 'other file'},
    ]}
    (case,) = score.parse_cases([HEADER, ROW.format(fix='f', parent='p')])
    hits = score.hits_in(report, 'src/posts.js', 1, 7)
    assert hits == (score.Hit('error-handling', 4, 'other family'),)
    assert not score.is_found(case, hits)
    report['findings'].append({'check': 'n-plus-one', 'path': 'src/posts.js', 'line': 7, 'message': 'last line'})
    assert score.is_found(case, score.hits_in(report, 'src/posts.js', 1, 7))


@pytest.mark.parametrize(('after', 'span'), [
    pytest.param('a\nb\nc\nd\ne\n', (2, 4), id='unchanged'),
    pytest.param('x\ny\na\nb\nc\nd\ne\n', (4, 6), id='lines-added-above'),
    pytest.param('a\nb\nc2\nc3\nd\ne\n', (2, 5), id='grown-inside'),
    pytest.param('a\nB\nc\nD\ne\n', (2, 4), id='both-ends-replaced'),
])
def test_the_span_is_carried_over_to_the_fixed_file(after, span):
    assert score.carry_span('a\nb\nc\nd\ne\n', after, 2, 4) == span


PARENT = b'''\
async function getPosts(ids) {
  const posts = await db.posts.findMany({ where: { id: { in: ids } } })
  for (const post of posts) {
    post.author = await db.users.findUnique({ where: { id: post.authorId } })
  }
  return posts
}
'''
FIXED = b'''\
async function getPosts(ids) {
  return db.posts.findMany({ where: { id: { in: ids } }, include: { author: true } })
}
'''


def _commit(work: str, data: bytes) -> str:
    with open(os.path.join(work, 'src', 'posts.js'), 'wb') as f:
        f.write(data)
    env = {**os.environ, 'GIT_AUTHOR_NAME': 't', 'GIT_AUTHOR_EMAIL': 't@t', 'GIT_COMMITTER_NAME': 't',
           'GIT_COMMITTER_EMAIL': 't@t'}
    subprocess.run(['git', '-C', work, 'add', '-A'], check=True)
    subprocess.run(['git', '-C', work, 'commit', '-q', '-m', 'c'], check=True, env=env)
    return subprocess.run(['git', '-C', work, 'rev-parse', 'HEAD'], check=True, capture_output=True,
                          text=True).stdout.strip()


def _mirror(tmp_path, extra: dict[str, str] | None = None) -> tuple[str, str, str]:
    """A bare mirror ``<tmp>/mirrors/acme+shop.git`` of a repository with two commits, PARENT then
    FIXED as ``src/posts.js`` (and ``extra`` files in the first): (mirrors directory, parent, fix)."""
    work = tmp_path / 'work'
    (work / 'src').mkdir(parents=True)
    subprocess.run(['git', 'init', '-q', str(work)], check=True)
    for path, text in (extra or {}).items():
        (work / path).write_text(text)
    parent = _commit(str(work), PARENT)
    fix = _commit(str(work), FIXED)
    mirrors = tmp_path / 'mirrors'
    subprocess.run(['git', 'clone', '-q', '--bare', str(work), str(mirrors / 'acme+shop.git')], check=True)
    return str(mirrors), parent, fix


def test_a_whole_run_over_a_synthetic_mirror(tmp_path, capsys):
    mirrors, parent, fix = _mirror(tmp_path)
    cases = tmp_path / 'cases.csv'
    cases.write_text('\n'.join([HEADER, ROW.format(fix=fix, parent=parent),
                                ROW.replace('c1', 'c2').replace('1,7', '6,7').format(fix=fix, parent=parent)]) + '\n')
    assert score.main(['--mirrors', str(mirrors), '--cases', str(cases), '--check-fixed']) == 0
    assert capsys.readouterr().out.splitlines() == [
        # n-plus-one's questions are low confidence: found, not listed (docs/confidence.md).
        'low    c1                       n-plus-one          acme/shop:src/posts.js:1-7 getPosts  fixed: gone',
        'MISSED c2                       n-plus-one          acme/shop:src/posts.js:6-7 getPosts',
        '',
        'family               found missed error  recall listed  recall',
        'n-plus-one               1      1     0     50%      0      0%',
        'total                    1      1     0     50%      0      0%',
        'question gone in the fix: 1 of 1 found cases',
    ]


def test_a_missing_repository_is_reported_and_fails_the_run(tmp_path, capsys):
    cases = tmp_path / 'cases.csv'
    cases.write_text(HEADER + '\n' + ROW.format(fix='f' * 40, parent='a' * 40) + '\n')
    assert score.main(['--mirrors', str(tmp_path), '--cases', str(cases)]) == 2
    out = capsys.readouterr().out.splitlines()
    assert out[:2] == [
        'ERROR  c1                       n-plus-one          acme/shop:src/posts.js:1-7 getPosts',
        f'       acme/shop: no git directory under {tmp_path} (fetch github:acme/shop, or git clone --mirror)',
    ]


def test_high_only_leaves_out_medium_questions():
    (case,) = score.parse_cases([HEADER, ROW.format(fix='f', parent='p')])
    report = {'findings': [{'check': 'n-plus-one', 'path': 'src/posts.js', 'line': 4, 'message': 'm',
                            'confidence': 'medium'}]}
    hits = score.hits_in(report, 'src/posts.js', 1, 7)
    assert hits == (score.Hit('n-plus-one', 4, 'm', 'medium'),)
    assert score.is_found(case, hits)
    assert score.is_found(case, hits, 'medium')
    assert not score.is_found(case, hits, 'high')


def test_a_case_found_only_by_a_low_confidence_question_is_found_not_listed():
    (case,) = score.parse_cases([HEADER, ROW.format(fix='f', parent='p')])
    hits = (score.Hit('n-plus-one', 4, 'm', 'low'), score.Hit('timezone', 5, 't', 'high'))
    assert (score.is_found(case, hits), score.is_found(case, hits, 'medium')) == (True, False)
    outcome = score.Outcome(case, True, hits, None, '', False)
    assert score.case_line(outcome) == (
        'low    c1                       n-plus-one          acme/shop:src/posts.js:1-7 getPosts  [in span: timezone]'
    )
    assert score.table([outcome, outcome._replace(listed=True)]) == [
        'family               found missed error  recall listed  recall',
        'n-plus-one               2      0     0    100%      1     50%',
        'total                    2      0     0    100%      1     50%',
    ]


def test_the_manifests_of_the_root_and_every_folder_above_the_file_are_copied():
    assert score.manifests('apps/web/src/server/users.ts') == [
        'package.json', 'apps/package.json', 'apps/web/package.json', 'apps/web/src/package.json',
        'apps/web/src/server/package.json',
    ]
    assert score.manifests('index.js') == ['package.json']
    assert score.manifests('package.json') == []


def test_tree_checks_out_the_whole_commit_with_head_at_it(tmp_path):
    mirrors, parent, _ = _mirror(tmp_path, {'src/db.js': 'module.exports = {}\n'})
    dest = tmp_path / 'tree'
    score.checkout(os.path.join(mirrors, 'acme+shop.git'), parent, str(dest))
    assert (dest / 'src' / 'posts.js').read_bytes() == PARENT
    assert (dest / 'src' / 'db.js').read_text() == 'module.exports = {}\n'
    head = subprocess.run(['git', '-C', str(dest), 'rev-parse', 'HEAD'], check=True, capture_output=True, text=True)
    assert head.stdout.strip() == parent
    status = subprocess.run(['git', '-C', str(dest), 'status', '--porcelain'], check=True, capture_output=True, text=True)
    assert status.stdout == ''


def test_tree_audits_the_case_in_the_checkout(tmp_path, capsys):
    mirrors, parent, fix = _mirror(tmp_path)
    cases = tmp_path / 'cases.csv'
    cases.write_text('\n'.join([HEADER, ROW.format(fix=fix, parent=parent)]) + '\n')
    assert score.main(['--mirrors', str(mirrors), '--cases', str(cases), '--check-fixed', '--tree']) == 0
    assert capsys.readouterr().out.splitlines()[0] == \
        'low    c1                       n-plus-one          acme/shop:src/posts.js:1-7 getPosts  fixed: gone'
