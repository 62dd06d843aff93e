"""A synthetic JavaScript repository of webpack's size and shape, for offline benchmarks.

Deterministic from a seed: about 12.9k files and 532k lines, most files tiny (test cases), a few
hundred library files of several hundred lines, a handful of multi-thousand-line ones.  The code
is ordinary CommonJS: requires, classes, async functions, loops, awaits, callbacks, JSDoc.
"""
from __future__ import annotations

import random
from collections.abc import Iterator

FILES = 12_939
LINES = 531_761
LIB_FILES = 700

_WORDS = (
    'module', 'chunk', 'graph', 'entry', 'asset', 'cache', 'hash', 'source', 'options', 'runtime',
    'plugin', 'compiler', 'request', 'context', 'resolver', 'factory', 'dependency', 'template',
    'stats', 'output', 'record', 'item', 'group', 'origin', 'block', 'parser', 'hooks', 'logger',
    'user', 'order', 'session', 'token', 'config', 'result', 'error', 'value', 'key', 'list', 'map',
)
_VERBS = (
    'get', 'set', 'add', 'remove', 'update', 'create', 'build', 'resolve', 'apply', 'process',
    'compute', 'collect', 'emit', 'load', 'save', 'find', 'check', 'render', 'merge', 'sort',
)


class _Writer:
    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self.lines: list[str] = []

    def word(self) -> str:
        return self.rng.choice(_WORDS)

    def name(self) -> str:
        w = self.word()
        return w + self.word().capitalize() if self.rng.random() < 0.5 else w

    def method(self) -> str:
        return self.rng.choice(_VERBS) + self.word().capitalize()

    def cls(self) -> str:
        return self.word().capitalize() + self.word().capitalize()

    def expr(self, depth: int = 0) -> str:
        r = self.rng.random()
        if depth > 1 or r < 0.25:
            return self.rng.choice((
                self.name(), f'this.{self.name()}', str(self.rng.randint(0, 100)),
                f'"{self.word()}-{self.word()}"', 'null', 'undefined', 'true',
            ))
        if r < 0.45:
            return f'{self.name()}.{self.method()}({self.expr(depth + 1)})'
        if r < 0.6:
            return f'`${{{self.name()}}}/{self.word()}`'
        if r < 0.7:
            return f'{{ {self.word()}: {self.expr(depth + 1)}, {self.word()} }}'
        if r < 0.8:
            return f'[{self.expr(depth + 1)}, {self.expr(depth + 1)}]'
        if r < 0.9:
            return f'{self.expr(depth + 1)} || {self.expr(depth + 1)}'
        return f'{self.name()}.map(x => x.{self.word()})'

    def statements(self, indent: int, count: int, depth: int, is_async: bool) -> None:
        pad = '\t' * indent
        for _ in range(count):
            r = self.rng.random()
            if depth < 3 and r < 0.12:
                self.lines.append(f'{pad}for (const {self.word()} of {self.expr(1)}) {{')
                self.statements(indent + 1, self.rng.randint(1, 4), depth + 1, is_async)
                self.lines.append(f'{pad}}}')
            elif depth < 3 and r < 0.24:
                self.lines.append(f'{pad}if ({self.expr(1)} === {self.expr(2)}) {{')
                self.statements(indent + 1, self.rng.randint(1, 3), depth + 1, is_async)
                if self.rng.random() < 0.4:
                    self.lines.append(f'{pad}}} else {{')
                    self.statements(indent + 1, self.rng.randint(1, 3), depth + 1, is_async)
                self.lines.append(f'{pad}}}')
            elif depth < 3 and is_async and r < 0.3:
                self.lines.append(f'{pad}try {{')
                self.statements(indent + 1, self.rng.randint(1, 3), depth + 1, is_async)
                self.lines.append(f'{pad}}} catch (err) {{')
                self.lines.append(f'{pad}\tlogger.warn(`{self.word()} failed: ${{err.message}}`);')
                self.lines.append(f'{pad}\tthrow err;')
                self.lines.append(f'{pad}}}')
            elif depth < 3 and r < 0.36:
                self.lines.append(f'{pad}{self.name()}.forEach(({self.word()}, index) => {{')
                self.statements(indent + 1, self.rng.randint(1, 3), depth + 1, False)
                self.lines.append(f'{pad}}});')
            elif is_async and r < 0.5:
                self.lines.append(f'{pad}const {self.name()}{self.rng.randint(1, 9)} = await {self.name()}.{self.method()}({self.expr(1)});')
            elif r < 0.62:
                self.lines.append(f'{pad}const {self.name()}{self.rng.randint(1, 9)} = {self.expr()};')
            elif r < 0.72:
                self.lines.append(f'{pad}this.{self.name()} = {self.expr()};')
            elif r < 0.84:
                self.lines.append(f'{pad}{self.name()}.{self.method()}({self.expr(1)}, {self.expr(1)});')
            elif r < 0.9:
                self.lines.append(f'{pad}// {self.word()} {self.word()} {self.word()} before {self.word()}')
            else:
                self.lines.append(f'{pad}if (!{self.name()}) return {self.expr(1)};')

    def jsdoc(self, indent: int, params: list[str]) -> None:
        pad = '\t' * indent
        self.lines.append(f'{pad}/**')
        self.lines.append(f'{pad} * {self.method()} the {self.word()} of the {self.word()}.')
        for p in params:
            self.lines.append(f'{pad} * @param {{{self.cls()}}} {p} the {self.word()}')
        self.lines.append(f'{pad} * @returns {{{self.cls()}}} the {self.word()}')
        self.lines.append(f'{pad} */')

    def function(self, indent: int, in_class: bool) -> None:
        pad = '\t' * indent
        params = sorted({self.word() for _ in range(self.rng.randint(0, 3))})
        is_async = self.rng.random() < 0.35
        self.jsdoc(indent, params)
        head = ('async ' if is_async else '') + ('' if in_class else 'function ')
        self.lines.append(f'{pad}{head}{self.method()}({", ".join(params)}) {{')
        self.statements(indent + 1, self.rng.randint(2, 9), 0, is_async)
        self.lines.append(f'{pad}\treturn {self.expr()};')
        self.lines.append(f'{pad}}}')
        self.lines.append('')

    def klass(self, target: int) -> None:
        name = self.cls()
        self.lines.append(f'class {name} {{')
        self.lines.append('\tconstructor(options) {')
        for _ in range(self.rng.randint(2, 6)):
            self.lines.append(f'\t\tthis.{self.name()} = {self.expr()};')
        self.lines.append('\t}')
        self.lines.append('')
        while len(self.lines) < target:
            self.function(1, True)
        self.lines.append('}')
        self.lines.append('')
        self.lines.append(f'module.exports = {name};')

    def library(self, target: int) -> None:
        self.lines += ['/*', '\tMIT License http://www.opensource.org/licenses/mit-license.php', '*/', '', '"use strict";', '']
        for _ in range(self.rng.randint(2, 12)):
            self.lines.append(f'const {self.cls()} = require("./{self.cls()}");')
        self.lines.append('')
        if self.rng.random() < 0.6:
            self.klass(target)
        else:
            while len(self.lines) < target:
                self.function(0, False)
            self.lines.append(f'module.exports = {{ {self.name()}, {self.name()} }};')

    def small(self, target: int) -> None:
        r = self.rng.random()
        if target <= 2:
            self.lines.append(f'module.exports = {self.expr(1)};' if r < 0.5 else f'export default "{self.word()}";')
            return
        if target < 12 or r < 0.5:
            self.lines.append(f'const {self.name()} = require("./{self.word()}");')
            while len(self.lines) < target - 2:
                self.lines.append('')
                self.lines.append(f'it("should {self.method()} the {self.word()}", async () => {{')
                self.statements(1, self.rng.randint(1, 3), 2, True)
                self.lines.append('});')
            if len(self.lines) < target:
                self.lines.append(f'expect({self.expr(1)}).toBe({self.expr(1)});')
        else:
            while len(self.lines) < target - 1:
                self.function(0, False)
            self.lines.append(f'module.exports = {{ {self.name()} }};')


def _sizes(rng: random.Random) -> list[int]:
    lib = [max(20, int(rng.lognormvariate(5.6, 0.9))) for _ in range(LIB_FILES)]
    rest = [max(1, int(rng.lognormvariate(1.9, 1.3))) for _ in range(FILES - LIB_FILES)]
    # Small files overshoot their target by about a third (they grow a whole block at a time).
    scale = (LINES - sum(lib)) / sum(rest) / 1.41
    return lib + [max(1, round(n * scale)) for n in rest]


def files(seed: int = 1) -> Iterator[tuple[str, bytes]]:
    """``(path, content)`` for every file of the synthetic repository, in a fixed order."""
    rng = random.Random(seed)
    sizes = _sizes(rng)
    dirs = ('configCases', 'cases', 'statsCases', 'hotCases', 'watchCases')
    for i, target in enumerate(sizes):
        w = _Writer(random.Random(f'{seed}:{i}'))
        if i < LIB_FILES:
            w.library(target)
            sub = ('', 'dependencies/', 'util/', 'optimize/', 'runtime/')[i % 5]
            path = f'lib/{sub}{w.cls()}{i}.js'
        else:
            w.small(target)
            case = i // 4  # webpack's test cases hold 3-4 files each (3.7k directories in all)
            group = dirs[case % len(dirs) if case % 3 else 0]
            name = 'index.js' if i % 4 == 0 else f'{w.word()}{i}.js'
            path = f'test/{group}/{_WORDS[case % len(_WORDS)]}-{case}/{name}'
        yield path, ('\n'.join(w.lines) + '\n').encode()
