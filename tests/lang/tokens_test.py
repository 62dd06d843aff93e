from __future__ import annotations

import pytest

from vcx_hook.lang import syntax
from vcx_hook.lang.tokens import code_tokens
from vcx_hook.lang.tokens import UNPARSABLE


def tokens(source: str, grammar: str = 'javascript', start: int = 0, end: int | None = None):
    data = source.encode()
    return code_tokens(syntax.parse(data, grammar).root, start, len(data) if end is None else end)


def test_the_stream_is_the_tree_and_its_leaves_without_semicolons_and_trailing_commas():
    assert tokens("f(a, 'b',);") == [
        ('program', ''), ('expression_statement', ''), ('call_expression', ''), ('identifier', 'f'),
        ('arguments', ''), ('(', '('), ('identifier', 'a'), (',', ','), ('string', 'b'), (')', ')'),
        ('/', 'arguments'), ('/', 'call_expression'), ('/', 'expression_statement'), ('/', 'program'),
    ]


@pytest.mark.parametrize(('before', 'after', 'grammar'), [
    pytest.param(
        'fetch(url).then(async (res) =>\n  res.arrayBuffer(),\n);\n',
        'fetch(url).then(async (res) => res.arrayBuffer())\n', 'javascript', id='rewrapped-with-a-trailing-comma',
    ),
    pytest.param("const a = {x: 'it\\'s', y: [1,2,],};\n", 'const a = {\n  x: "it\'s",\n  y: [1, 2],\n}\n', 'javascript', id='quotes-and-commas'),
    pytest.param('function f() { return <div>a  b<i/></div> }\n',
                 'function f() {\n  return (\n    <div>\n      a b\n      <i />\n    </div>\n  );\n}\n', 'tsx', id='jsx-in-parentheses'),
    pytest.param('let x: Array<string> = [\n  "a",\n];\n', "let x: Array<string> = ['a']\n", 'typescript', id='typescript'),
])
def test_formatting_alone_gives_the_same_stream(before, after, grammar):
    assert tokens(before, grammar) == tokens(after, grammar)


@pytest.mark.parametrize(('before', 'after'), [
    pytest.param('a\n(b)\n', 'a;\n(b)\n', id='a-semicolon-that-ends-a-statement-is-not-formatting'),
    pytest.param('x = a * (b + c);', 'x = a * b + c;', id='parentheses-that-group'),
    pytest.param('f(a) // one\n', 'f(a) // two\n', id='a-comment'),
    pytest.param("f('a')", "f('b')", id='a-string'),
    pytest.param('f(a, b)', 'f(b, a)', id='order'),
])
def test_a_change_in_what_the_code_says_gives_another_stream(before, after):
    assert tokens(before) != tokens(after)


def test_only_the_nodes_over_the_range_are_in_it():
    source = 'one();\ntwo();\n'
    assert tokens(source, start=7, end=14) == [
        ('program', ''), ('expression_statement', ''), ('call_expression', ''), ('identifier', 'two'),
        ('arguments', ''), ('(', '('), (')', ')'), ('/', 'arguments'), ('/', 'call_expression'),
        ('/', 'expression_statement'), ('/', 'program'),
    ]
    assert tokens(source, start=7, end=7) == [('program', ''), ('/', 'program')]


def test_a_syntax_error_in_the_range_is_never_formatting():
    assert tokens('f(a,, b;\n') == [UNPARSABLE]
