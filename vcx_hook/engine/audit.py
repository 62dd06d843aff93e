"""One file through the pipeline: guard → parse → touched scopes → checks → suppression."""
from __future__ import annotations

import datetime
import functools
import re
from collections import Counter
from collections.abc import Callable
from collections.abc import Iterable
from collections.abc import Sequence
from typing import NamedTuple

from vcx_hook import suppress
from vcx_hook.checks import BY_ID
from vcx_hook.checks import CHECKS
from vcx_hook.config import Config
from vcx_hook.config import role_checks
from vcx_hook.ecosystem import exports
from vcx_hook.ecosystem import runtime
from vcx_hook.engine import minified
from vcx_hook.engine import reformat
from vcx_hook.engine.target import Base
from vcx_hook.engine.target import Change
from vcx_hook.engine.target import FileResult
from vcx_hook.engine.target import Target
from vcx_hook.engine.target import lines_differ_from_git
from vcx_hook.engine.target import source_text
from vcx_hook.finding import Finding
from vcx_hook.finding import HIGH
from vcx_hook.finding import LOW
from vcx_hook.finding import Problem
from vcx_hook.finding import SYNTAX_ERROR
from vcx_hook.lang import scope as scope_mod
from vcx_hook.lang import syntax
from vcx_hook.lang.scope import File

@functools.lru_cache(maxsize=None)
def family_queries(check_ids: tuple[str, ...]) -> dict[str, str]:
    """Each enabled family's query; ``Scope.captures`` compiles and runs one only when asked."""
    return {i: BY_ID[i].QUERY for i in check_ids if BY_ID[i].QUERY}


def combined_query(check_ids: tuple[str, ...]) -> str:
    """All the families' patterns as one query (compiled by the tests, to catch clashes)."""
    return '\n'.join(BY_ID[i].QUERY for i in check_ids if BY_ID[i].QUERY)


def enabled_checks(config: Config) -> tuple[str, ...]:
    return _enabled(config.enabled)


@functools.lru_cache(maxsize=8)
def _enabled(enabled: frozenset[str]) -> tuple[str, ...]:
    return tuple(c.ID for c in CHECKS if c.ID in enabled)


def skip_reason(data: bytes, config: Config) -> str | None:
    """Why a file is not audited at all (``data`` as stored), or ``None``."""
    if data.startswith((b'\xff\xfe', b'\xfe\xff', b'\x00\x00\xfe\xff')):
        try:
            source_text(data)
        except UnicodeDecodeError as e:
            return f'{e.encoding.upper()} with a byte-order mark that does not decode (at byte {e.start:,}), not audited'
    elif b'\0' in data:
        reason = _nul_reason(data)
        if reason is not None:
            return reason
    if len(data) > config.max_file_bytes:
        return f'{len(data):,} bytes is over the {config.max_file_bytes:,}-byte limit, not audited'
    return None


def _nul_reason(data: bytes) -> str | None:
    """A NUL byte in UTF-8 text is a character (JavaScript allows it in strings and comments);
    NULs between most characters are UTF-16 saved without its byte-order mark."""
    head = data[:8192]
    nuls = head.count(b'\0')
    if nuls * 3 >= len(head) and max(head[0::2].count(b'\0'), head[1::2].count(b'\0')) * 10 >= nuls * 9:
        return 'NUL bytes between the characters: UTF-16 without a byte-order mark? Not audited (save it as UTF-8)'
    try:
        data.decode('utf-8')
    except UnicodeDecodeError:
        return 'binary content (NUL bytes, and bytes that are not UTF-8), not audited'
    return None


def audit(
        target: Target,
        config: Config,
        today: datetime.date | None = None,
        gates: bool = True,
) -> FileResult:
    """Audit one file.  ``gates=False`` runs every check on every scope, ignoring their
    ``relevant`` pre-filters: the same findings, slower (the tests compare the two)."""
    grammar = syntax.grammar_for(target.path)
    if grammar is None:
        return FileResult(target.path, [], [], [], [], 0, False)
    reason = skip_reason(target.data, config)
    if reason is not None:
        if role_checks(target.path, b'', config) == frozenset():
            return FileResult(target.path, [], [], [], [], 0, False)  # its role is not audited: nothing to say
        return FileResult(target.path, [], [], [Problem(target.path, 0, reason)], [], 0, False)
    data = source_text(target.data)
    if not data.strip():
        return FileResult(target.path, [], [], [], [], 0, True)
    ids = enabled_checks(config)
    policy = role_checks(target.path, data, config)
    if policy is not None:  # a test, a migration, a script... (ecosystem/roles.py)
        ids = tuple(i for i in ids if i in policy)
        if not ids:
            return FileResult(target.path, [], [], [], [], 0, False)
    notes: list[Problem] = []
    longest = minified.longest_line(data, config.max_line_length)
    if longest:
        tree = None if minified.bundle(data, config.max_line_length) else syntax.parse(data, grammar)
        left = minified.left_out(tree, config.max_line_length) if tree else []
        if tree is None or (left and minified.only_code(tree, left)):
            reason = f'a {longest:,}-character line (minified or generated?), not audited'
            return FileResult(target.path, [], [], [Problem(target.path, 0, reason)], [], 0, False)
        data = minified.blank(data, left)
        notes = [Problem(target.path, x.first_row + 1, _left_note(x)) for x in left]

    if target.change is None:
        # Parsed when a gate or a check asks for the tree: a file no gate opens on is not.
        file = File.unparsed(target.path, data, grammar, family_queries(ids))
        file.runtime_hint = runtime.hint_for(target.path, config.runtimes)
        file.element_bases = config.element_bases
        scopes = scope_mod.whole_file_scopes(file)
    else:
        file = File(target.path, syntax.parse(data, grammar), family_queries(ids))
        file.runtime_hint = runtime.hint_for(target.path, config.runtimes)
        file.element_bases = config.element_bases
        scopes = scope_mod.touched_scopes(file, target.change)
    if not scopes:
        return FileResult(target.path, [], [], notes + _syntax_problems(file), [], 0, True)

    # An app on its user's device, or code using what a module of it makes there: no server-scale questions.
    device = runtime.is_device(file) or target.path in config.device_importers
    checks = [BY_ID[i] for i in ids if not (device and i in runtime.DEVICE_NOT_ASKED)]
    raw = [
        f if f.confidence else f._replace(confidence=getattr(check, 'CONFIDENCE', HIGH))
        for sc in scopes for check in checks
        if not gates or check.relevant(sc, config)
        for f in check.run(sc, config)
    ]
    if device:
        raw = [f._replace(confidence=LOW) if f.check_id in runtime.DEVICE_LOW else f for f in raw]
    # One question per line and check: `d.setDate(d.getDate() + 1)` is one thing to look at.
    findings: dict[tuple[int, str], Finding] = {}
    for f in sorted(raw, key=Finding.sort_key):
        findings.setdefault((f.line, f.check_id), f)
    ordered = sorted(findings.values(), key=Finding.sort_key)
    outcome = suppress.apply(file, ordered, scopes, BY_ID, ids, today)
    open_ = outcome.open
    older: tuple[Finding, ...] = ()
    if target.base is not None and target.change is not None and config.ask == 'changed' and open_:
        base, change, root = target.base, target.change, file.tree.root
        code_change = functools.cache(lambda: reformat.code_change(change, base, root, data))
        maybe = _maybe_older(open_, change, code_change)
        before = _asked_before(base, maybe, config, today) if maybe else Counter()
        open_, older = split_older(open_, change, before, code_change)
    problems = notes + _syntax_problems(file) + outcome.problems
    lone = _lone_exports(file, (*open_, *older)) if b'export' in data else ()
    file.release()
    return FileResult(target.path, open_, outcome.suppressed, problems, outcome.directives, len(scopes), True, older,
                      lone)


def _lone_exports(file: File, findings: Iterable[Finding]) -> tuple[tuple[Finding, str], ...]:
    """The questions asked in an exported function that the file spells only where it declares it."""
    out = []
    for f in findings:
        start = file.line_starts[f.line - 1] + f.col - 1 if f.line - 1 < len(file.line_starts) else -1
        node = scope_mod.descendant(file.tree.root, start, start) if start >= 0 else None
        name = exports.lone_export(file, node) if node is not None else None
        if name is not None:
            out.append((f, name))
    return tuple(out)


def _left_note(x: minified.Left) -> str:
    lines = f'line {x.first_row + 1}' if x.first_row == x.last_row else f'lines {x.first_row + 1}-{x.last_row + 1}'
    return f'a {x.longest:,}-character line (minified or generated?): {lines} not audited'


class Key(NamedTuple):
    """A question without its path and position, to find it among those the version before the change asked."""

    check_id: str
    function: str
    code: str  # ``Finding.code`` as a formatter leaves it: no whitespace, semicolons, trailing commas; one quote
    cut: bool  # ``Finding.code`` was cut at its 200 characters: ``code`` is the start of the code's


_LAYOUT = re.compile(r'\s+|;')
_TRAILING_COMMA = re.compile(r',(?=[)\]}>])')
_CODE_LIMIT = 200  # ``nodes.normalized``'s


def _key(f: Finding) -> Key:
    code = _TRAILING_COMMA.sub('', _LAYOUT.sub('', f.code)).replace('"', "'")
    return Key(f.check_id, f.function, code, len(f.code) >= _CODE_LIMIT)


def _asked(k: Key, before: Counter[Key]) -> Key | None:
    """The question of ``before`` (left to match) that ``k`` is, though a formatter rewrapped,
    requoted or punctuated its code: the same code, or the start of it where one was cut."""
    if before[k] > 0:
        return k
    for b, left in before.items():
        if left > 0 and b[:2] == k[:2] and (
                (b.cut and k.code.startswith(b.code)) or (k.cut and b.code.startswith(k.code))):
            return b
    return None


def _maybe_older(found: Sequence[Finding], change: Change, code_change: Callable[[], Change]) -> list[Finding]:
    """The questions that may be older: all but those about lines the change wrote as code (not
    only reformatted).  When there are none, the version before the change need not be audited."""
    wrote = _writer(change, code_change)
    return [f for f in found if not wrote(f)]


def _writer(change: Change, code_change: Callable[[], Change] | None) -> Callable[[Finding], bool]:
    """Whether a question is about lines ``change`` wrote (or next to lines it deleted); with
    ``code_change`` (``reformat``), lines it only reformatted do not count.  The code change is
    worked out once, and only for a question about written lines."""
    touched = _rows_written(change)
    in_code: list[set[int]] = []

    def wrote(f: Finding) -> bool:
        rows = {n - 1 for n in f.about}
        if touched.isdisjoint(rows):
            return False
        if code_change is None:
            return True
        if not in_code:
            in_code.append(_rows_written(code_change()))
        return not in_code[0].isdisjoint(rows)
    return wrote


def _asked_before(base: Base, found: Sequence[Finding], config: Config, today: datetime.date | None) -> Counter[Key]:
    """The questions the version before the change asked in the functions the change touched
    there, answered or not: only the families that asked something now run."""
    families = frozenset(f.check_id for f in found)
    before = audit(Target(base.path, base.data, base.change), config._replace(enabled=families, ask='touched-functions'), today)
    return Counter(_key(f) for f in [*before.findings, *(s.finding for s in before.suppressed)])


def split_older(
        found: Sequence[Finding], change: Change, before: Counter[Key],
        code_change: Callable[[], Change] | None = None,
) -> tuple[list[Finding], tuple[Finding, ...]]:
    """``found`` as (new, older): a question is older when the version before the change asked
    it in the same function and none of the lines it is about is one the change wrote, or one
    next to lines it deleted.  ``code_change()`` is the part of ``change`` that changes code
    (``reformat``): asked only for a question that would be older but for lines the change wrote,
    to see whether it only reformatted them."""
    wrote = _writer(change, code_change)
    budget = Counter(before)
    new: list[Finding] = []
    older: list[Finding] = []
    for f in found:
        k = _asked(_key(f), budget)
        if k is not None and not wrote(f):
            budget[k] -= 1
            older.append(f)
        else:
            new.append(f)
    return new, tuple(older)


def _rows_written(change: Change) -> set[int]:
    """The rows a change added or changed, and the two around each place it deleted lines."""
    touched = {row for start, end in change.rows for row in range(start, end)}
    touched.update(row for d in change.deletions for row in (d - 1, d))
    return touched


def _syntax_problems(file: File) -> list[Problem]:
    """A syntax error, where the audit parsed the file: a file no check had anything to look
    at in is complete whatever its syntax (and was not parsed)."""
    if not file.parsed or not file.tree.has_error:
        return []
    return [Problem(file.path, _first_error_line(file.tree.root), SYNTAX_ERROR)]


def preparse(target: Target) -> syntax.Tree | None:
    """Parse ahead what ``audit`` will parse (the hook's helper does it while git is being read);
    the same bytes are parsed once however often this is asked."""
    grammar = syntax.grammar_for(target.path)
    if grammar is None or len(target.data) > 1_000_000:
        return None
    if b'\0' in target.data and not lines_differ_from_git(target.data) and _nul_reason(target.data):
        return None
    try:
        data = source_text(target.data)
    except UnicodeDecodeError:
        return None
    if not data.strip() or minified.longest_line(data, 10_000):
        return None  # empty, or parsed with its minified statements blanked
    return syntax.prime(data, grammar)


def likely_queries(
        targets: Sequence[Target],
        config: Config,
        go_on: Callable[[], bool] = lambda: True,
) -> list[tuple[str, str]]:
    """``(grammar, query)`` pairs the audit of ``targets`` will most likely run: the families
    whose gate opens on some whole file (a function's gate opens on less).  Parses the files
    ahead on the way, while ``go_on()``.  Only a forecast for compiling ahead: a query it misses
    is compiled when first run, as always."""
    ids = enabled_checks(config)
    queries = family_queries(ids)
    wanted: dict[tuple[str, str], None] = {}
    for target in targets:
        if not go_on():
            break
        tree = preparse(target)
        if tree is None:
            continue
        file = File(target.path, tree, queries)
        scope = scope_mod.whole_file_scopes(file)[0]
        for i in ids:
            if i in queries and (tree.grammar, queries[i]) not in wanted and BY_ID[i].relevant(scope, config):
                wanted[(tree.grammar, queries[i])] = None
    return list(wanted)


def _first_error_line(root: object) -> int:
    stack = [root]
    while stack:
        node = stack.pop()
        if node.type == 'ERROR' or node.is_missing:  # type: ignore[attr-defined]
            return int(node.start_point.row) + 1  # type: ignore[attr-defined]
        if node.has_error:  # type: ignore[attr-defined]
            stack.extend(reversed(node.children))  # type: ignore[attr-defined]
    return 0


def audit_all(targets: Sequence[Target], config: Config) -> list[FileResult]:
    return [audit(t, config) for t in targets]
