from __future__ import annotations

import os.path

import pytest

from vcx_hook.checks import CHECKS
from vcx_hook.engine.audit import combined_query
from vcx_hook.lang import syntax


@pytest.mark.parametrize(
    ('path', 'grammar'),
    (
        ('a.js', 'javascript'), ('a.mjs', 'javascript'), ('a.cjs', 'javascript'), ('a.jsx', 'javascript'),
        ('a.ts', 'typescript'), ('a.mts', 'typescript'), ('a.cts', 'typescript'), ('a.tsx', 'tsx'),
        ('A.JS', 'javascript'), ('a.json', None), ('a.d', None), ('Makefile', None),
    ),
)
def test_grammar_for(path, grammar):
    assert syntax.grammar_for(path) == grammar


@pytest.mark.parametrize('grammar', syntax.GRAMMARS)
@pytest.mark.parametrize('check', CHECKS, ids=lambda c: c.ID)
def test_every_query_compiles_for_every_grammar(check, grammar):
    if check.QUERY:
        syntax.compile_query(grammar, check.QUERY)


@pytest.mark.parametrize('check', CHECKS, ids=lambda c: c.ID)
def test_capture_names_are_prefixed_with_the_check_id(check):
    if not check.QUERY:
        return
    q = syntax.compile_query('typescript', check.QUERY)
    names = [q.capture_name(i) for i in range(q.capture_count)]
    bad = [n for n in names if not (n.startswith(f'{check.ID}.') or n.startswith(f'_{check.ID}.'))]
    assert bad == []


@pytest.mark.parametrize('grammar', syntax.GRAMMARS)
def test_combined_query_compiles(grammar):
    syntax.compile_query(grammar, combined_query(tuple(c.ID for c in CHECKS)))


@pytest.mark.parametrize('grammar', syntax.GRAMMARS)
def test_region_queries_compile(grammar):
    """Queries a check runs over regions of its own choosing, outside the family query."""
    from vcx_hook.checks import missing_cleanup
    from vcx_hook.checks import missing_rate_limit
    from vcx_hook.checks import unvalidated_input

    for query in (unvalidated_input.GUARD_QUERY, missing_cleanup.REGION_QUERY, missing_rate_limit.HANDLER_QUERY):
        syntax.compile_query(grammar, query)
    q = syntax.compile_query(grammar, unvalidated_input.GUARD_QUERY)
    assert {q.capture_name(i) for i in range(q.capture_count)} >= {'unvalidated-input.cond', 'unvalidated-input.check'}


def test_bad_query_names_the_grammar():
    with pytest.raises(ValueError, match='javascript'):
        syntax.compile_query('javascript', '(no_such_node) @x')


def test_tsx_parses_jsx():
    tree = syntax.parse(b'const a = <div>{x}</div>;', 'tsx')
    assert not tree.has_error


@pytest.mark.parametrize('path', [
    'a.js', '.js', '..js', 'dir/.js', 'dir/..ts', 'dir/a.TSX', 'a.d.ts', 'x', 'dir.js/x', 'dir.js/x.ts',
    '.eslintrc.js', 'a.', 'a.min.js', 'x/y/z.mjs', '...js', 'a..js', 'js', 'a.json', 'a.cts', 'src/App.jsx',
])
def test_grammar_for_reads_the_extension_as_splitext_does(path):
    expected = syntax.GRAMMAR_BY_SUFFIX.get(os.path.splitext(path)[1].lower())
    assert syntax.grammar_for(path) == expected


@pytest.mark.parametrize('source', [
    pytest.param(b'const A = styled.div<{ $on: boolean }>`\n  color: ${(p) => p.c};\n`;', id='member'),
    pytest.param(b'const A = styled(Button)<{ a: { b: number } }>`x`;', id='call-nested-object'),
    pytest.param(b'const A = css<{ gap?: number }>`margin: 0;`;\nexport const B = <div />;', id='css-then-jsx'),
    pytest.param(b'async function f(sql) {\n  const rows = await sql<Row[]>`SELECT * FROM t`;\n  return rows;\n}', id='awaited-sql-array'),
    pytest.param(b'const v = { value: sql<unknown>`${a}->${b}::text` };', id='sql-in-object'),
    pytest.param(b'const p = this.sql<Row[]>`SELECT 1`.then(f);', id='member-then-chained'),
])
def test_type_arguments_before_a_template_parse(source):
    for grammar in ('tsx', 'typescript') if b'<div' not in source else ('tsx',):
        assert not syntax.parse(source, grammar).has_error, grammar
    tree = syntax.parse(source, 'tsx')
    assert not tree.has_error
    assert tree.source == source
    template = source.index(b'`')
    tick = tree.root.descendant_for_byte_range(template, template + 1)
    assert tick.type in ('template_string', '`')
    assert tick.parent.parent.type == 'call_expression'  # the template is the argument of a tagged call


def test_blanking_keeps_length_rows_and_other_type_arguments():
    source = b'f<{ a: 1 }>(x);\nconst A = s.div<{\n a: T\n}>`x`;\nconst m = new Map<string, {a: 1}>();'
    blanked = syntax.blank_template_type_arguments(source)
    assert blanked == b'f<{ a: 1 }>(x);\nconst A = s.div  \n     \n  `x`;\nconst m = new Map<string, {a: 1}>();'


def test_flow_javascript_is_read_as_tsx():
    source = (
        b'/* @flow */\nimport type { Node } from "react";\ntype P = {| name: string |};\n'
        b'function g(p: P, x: ?string): string { return p.name; }\n'
        b'export default class A extends React.Component<P> { render(): Node { return <div/>; } }\n'
    )
    assert syntax.parse(source, 'javascript').grammar == 'tsx'
    assert not syntax.parse(source, 'javascript').has_error


def test_javascript_without_the_flow_pragma_keeps_its_grammar_and_error():
    tree = syntax.parse(b'function g(p: P) { return p; }\n', 'javascript')
    assert (tree.grammar, tree.has_error) == ('javascript', True)


@pytest.mark.parametrize('source', [
    pytest.param(b'async function f(db, sql) { const row = await db.oneOrNone<Row>(sql); }', id='member'),
    pytest.param(b'async function f() { return await fetchJson<User[]>(url); }', id='bare'),
    pytest.param(b'async function f() { await a.b(x).c<Map<string, T>>(y); }', id='chain-nested'),
    pytest.param(b'async function f() { const r = (await axios.get<T>(u)).data; }', id='parenthesized'),
])
def test_an_awaited_generic_call_is_an_awaited_call(source):
    # tree-sitter-typescript reads `await x.get<T>(u)` as a call of `await x.get`.
    tree = syntax.parse(source, 'typescript')
    start = source.index(b'await')
    awaited = tree.root.descendant_for_byte_range(start, start + 5).parent
    assert awaited.type == 'await_expression'
    assert awaited.named_children[0].type == 'call_expression'
    assert tree.source == source


def test_only_an_awaited_call_s_type_arguments_are_blanked():
    source = (b'const m = new Map<string, number>();\nconst x = id<T>(1);\n'
              b'async function f() { const y = a < b; if (await n < max && y > (z)) { await g<\n T>(1); } }\n'
              b'function h() { return <Row>(x); }\n')
    assert syntax.blank_awaited_type_arguments(source) == source.replace(b'g<\n T>(1)', b'g \n   (1)')



def test_a_comparison_before_a_template_is_left_alone():
    source = b'const q = (a < b) > `x`;\nconst r = a < b && c > `y`;'
    assert syntax.blank_template_type_arguments(source) == source


@pytest.mark.parametrize('grammar', ['typescript', 'tsx'])
def test_type_only_star_exports_parse(grammar):
    source = b"export type * from './types';\nexport type * as T from './t';\nexport type { A } from './a';\n"
    tree = syntax.parse(source, grammar)
    assert not tree.has_error
    assert [n.type for n in tree.root.named_children] == ['export_statement'] * 3
    assert syntax.blank_type_only_exports(source).startswith(b"export      * from './types';\nexport      * as T")


@pytest.mark.parametrize('grammar', ['tsx', 'javascript'])
def test_a_bare_ampersand_of_jsx_text_or_an_attribute_string_parses(grammar):
    source = (b'function Card({ a, b }) {\n  const m = a & b;\n  return (\n    <section title={t("x")} src="/e?a=1&b=2">\n'
              b'      <h2>Role & Access</h2>{m && <p>Q &amp; A</p>}\n    </section>\n  );\n}\n')
    tree = syntax.parse(source, grammar)
    assert not tree.has_error and tree.source == source
    assert syntax.blank_text_ampersands(source) == source.replace(b'1&b', b'1 b').replace(b'Role & ', b'Role   ')


def test_ampersands_of_code_are_kept():
    source = b'const f = (a) => a & 1 < 2;\nif (x > y & z) { s = "p&q"; }\nlet k = a && b; k &= 3;\n'
    assert syntax.blank_text_ampersands(source) == source
