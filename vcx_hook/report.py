"""The only place that formats output: the checklist, JSON, SARIF and GitHub annotations."""
from __future__ import annotations

import os
from collections.abc import Sequence
from typing import IO
from typing import NamedTuple

from vcx_hook.finding import Finding
from vcx_hook.finding import HIGH
from vcx_hook.finding import LOW
from vcx_hook.finding import MEDIUM
from vcx_hook.finding import Problem
from vcx_hook.finding import SYNTAX_ERROR
from vcx_hook.suppress import Directive
from vcx_hook.suppress import Suppressed

class Run(NamedTuple):
    """How the checklist names a kind of run."""

    what: str  # in the header: "(this commit: 3 files audited)"
    answered: str  # the heading of the vcx-ignore answers it holds
    skip: str  # how to skip the hook once ('' when no hook runs)


RUNS = {
    'commit': Run('this commit', 'answered in this commit', 'SKIP=vcx git commit ...'),
    'push': Run('this push', 'answered in this push', 'SKIP=vcx git push ...'),
    'range': Run('commit range', 'answered in this range', ''),
    'files': Run('whole files', 'answers in these files', ''),
    'diff': Run('lines added by the diff', 'answered in this diff', ''),
}
_RUN_OF_MODE = {'staged': 'commit', 'range': 'range', 'all': 'files', 'diff': 'diff'}


class Summary(NamedTuple):
    mode: str
    files: int  # files audited
    scopes: int  # touched functions / module scopes audited
    findings: list[Finding]  # open, blocking
    warnings: list[Finding]  # open, shown but not blocking
    suppressed: list[Suppressed]
    problems: list[Problem]
    answered: list[Directive]  # vcx-ignore directives added by the change (hook mode)
    notes: list[str]  # header remarks (moved functions, stale baseline entries...)
    older: Sequence[Finding] = ()  # open in touched functions, asked before the change too: not blocking
    run: str = ''  # a key of RUNS; '' for the mode's usual one
    listing: str = 'vcx audit --ask touched-functions'  # the command that lists ``older`` too
    hidden: int = 0  # open questions below the configured ``show`` (low confidence): counted, not listed

    @property
    def kind(self) -> Run:
        return RUNS[self.run or _RUN_OF_MODE[self.mode]]


class Item(NamedTuple):
    """Findings of one check in one function with the same message, folded into one line."""

    first: Finding
    lines: tuple[int, ...]
    warning: bool


def fold(findings: Sequence[Finding], warning: bool = False) -> list[Item]:
    """Only identical messages fold: two different things one check asks about in one function
    (no `ok` check, no timeout) are two lines."""
    groups: dict[tuple[str, str, str, str], list[Finding]] = {}
    for f in findings:
        groups.setdefault((f.path, f.function, f.check_id, f.message), []).append(f)
    items = [
        Item(fs[0], tuple(sorted({n for f in fs for n in f.about})), warning)
        for fs in (sorted(g, key=Finding.sort_key) for g in groups.values())
    ]
    return sorted(items, key=lambda i: i.first.sort_key())


def _questions(items: Sequence[Item]) -> list[list[Item]]:
    """The items of one question (a check in a function), in the order each question is first
    asked; the question is printed once, under its lines."""
    out: dict[tuple[str, str, str, bool], list[Item]] = {}
    for i in items:
        out.setdefault((i.first.path, i.first.function, i.first.check_id, i.warning), []).append(i)
    return list(out.values())


def fingerprint(f: Finding) -> str:
    """Stable across line shifts: check, path, function and the normalized offending code."""
    import hashlib  # here, not at the top: the checklist needs neither hashlib nor json

    raw = '\0'.join((f.check_id, f.path, f.function, f.code))
    return hashlib.sha256(raw.encode('utf-8', 'surrogateescape')).hexdigest()[:32]  # a path's raw bytes


# --- text ------------------------------------------------------------------------------------

class _Style:
    def __init__(self, enabled: bool) -> None:
        self.enabled = enabled

    def __call__(self, code: str, s: str) -> str:
        return f'\033[{code}m{s}\033[0m' if self.enabled else s


def use_color(stream: IO[str], choice: str = 'auto') -> bool:
    if choice != 'auto':
        return choice == 'always'
    if os.environ.get('NO_COLOR'):
        return False
    return hasattr(stream, 'isatty') and stream.isatty()


def text(summary: Summary, color: bool = False) -> str:
    st = _Style(color)
    items = fold(summary.findings) + fold(summary.warnings, warning=True)
    items.sort(key=lambda i: i.first.sort_key())
    questions = _questions(items)
    out: list[str] = []
    if items:
        functions = len({(i.first.path, i.first.function) for i in items})
        files = len({i.first.path for i in items})
        blocking = sum(1 for q in questions if not q[0].warning)
        tiers = [(c, sum(1 for q in questions if q[0].warning and q[0].first.confidence == c)) for c in (MEDIUM, LOW)]
        head = f'vcx: {_n(blocking, "question")} to answer'
        if len(questions) - blocking - sum(n for _, n in tiers):
            head += f', {_n(len(questions) - blocking - sum(n for _, n in tiers), "warning")}'
        if any(n for _, n in tiers):
            head += f', {" and ".join(f"{n} of {c}" for c, n in tiers if n)} confidence (not blocking)'
        head += f' in {_n(functions, "function")} of {_n(files, "file")} ({summary.kind.what}: {_n(summary.files, "file")} audited)'
        out.append(st('1', head))
        for note in summary.notes:
            out.append(f'  {note}')
        current: tuple[str, str] | None = None
        for question in questions:
            f = question[0].first
            if (f.path, f.function) != current:
                current = (f.path, f.function)
                out.append('')
                out.append(st('1', f'{f.path} · {f.function}'))
            for item in question:
                out.append(_item_line(item, st))
            out.append(f'    {st("36", "?")} {f.question}')
    elif summary.notes and summary.mode == 'staged':
        out.extend(summary.notes)
    if summary.problems:
        if out:
            out.append('')
        out.extend(st('2', line) for line in _notes(summary.problems))
    if summary.answered:
        if out:
            out.append('')
        out.append(st('1', f'{summary.kind.answered} ({len(summary.answered)}):'))
        for d in summary.answered:
            out.append(f'  {d.path}:{d.line}: {", ".join(d.check_ids)} -- {d.reason}')
    if items and any(not i.warning for i in items):
        out.append('')
        out.append('Answer each question: fix the code, or say why it is fine on that line or the line above it:')
        out.append('    // vcx-ignore <check-id> -- <why this is fine>')
        skip = f'  Skip the hook once: {summary.kind.skip}' if summary.kind.skip else ''
        out.append(f'What a check looks for: vcx explain <check-id>.{skip}')
    if summary.hidden:
        if out:
            out.append('')
        out.append(
            f'{_n(summary.hidden, "low-confidence question")} not listed (usually not worth asking):'
            ' vcx audit --show low lists them'
        )
    if summary.older:
        if out:
            out.append('')
        n = len(_questions(fold(summary.older)))
        out.append(
            f'{_n(n, "older question")} in the functions this change touches {"does" if n == 1 else "do"}'
            f' not block (asked before the change, about lines it did not write): {summary.listing}'
        )
    return '\n'.join(out) + ('\n' if out else '')


def _item_line(item: Item, st: _Style) -> str:
    f = item.first
    also = ''
    if len(item.lines) > 1:
        others = [str(n) for n in item.lines if n != f.line and n not in f.folded]  # those the message names
        also = f' (also line{"s" if len(others) > 1 else ""} {", ".join(others)})' if others else ''
    marks = [m for m, on in (('warning', item.warning and f.confidence == HIGH), (f.confidence, f.confidence != HIGH)) if on]
    tag = st('33', f.check_id) + (f' ({", ".join(marks)})' if marks else '')
    return f'{f.path}:{f.line}:{f.col}: {tag}: {f.message}{also}'


def _n(count: int, word: str) -> str:
    return f'{count} {word}{"" if count == 1 else "s"}'


# --- json ------------------------------------------------------------------------------------

def uri(path: str) -> str:
    """``path`` as a relative URI reference (RFC 3986): each byte of its UTF-8 (or, for a name
    that is not UTF-8, its raw bytes) but letters, digits, ``-._~`` and ``/`` is ``%XX``."""
    from urllib.parse import quote

    return quote(path.encode('utf-8', 'surrogateescape'), safe='/')


def path_fields(path: str) -> dict[str, str]:
    """``path``, always valid Unicode, and for a name that is not UTF-8 (held as surrogates)
    ``path_bytes`` as well: its exact bytes, percent-encoded like a SARIF ``uri``."""
    try:
        path.encode('utf-8')
    except UnicodeEncodeError:
        return {'path': readable(path), 'path_bytes': uri(path)}
    return {'path': path}


def readable(s: str) -> str:
    """``s`` with the bytes of a name that is not UTF-8 shown as U+FFFD (no lone surrogates)."""
    return s.encode('utf-8', 'surrogateescape').decode('utf-8', 'replace')


def finding_dict(f: Finding) -> dict[str, object]:
    return {
        'check': f.check_id,
        **path_fields(f.path),
        'line': f.line,
        'column': f.col,
        'end_line': f.end_line,
        'evidence': list(f.about),
        'function': f.function,
        'message': f.message,
        'question': f.question,
        'fingerprint': fingerprint(f),
        'confidence': f.confidence,
        'folded': list(f.folded),
    }


def as_json(summary: Summary) -> str:
    import json

    doc = {
        'mode': summary.mode,
        'files': summary.files,
        'findings': [dict(finding_dict(f), severity='block') for f in summary.findings]
        + [dict(finding_dict(f), severity='warn') for f in summary.warnings],
        'suppressed': [
            dict(finding_dict(s.finding), reason=s.reason, directive_line=s.directive_line)
            for s in summary.suppressed
        ],
        'problems': [
            {**path_fields(p.path), 'line': p.line, 'message': readable(p.message)} for p in summary.problems
        ],
        'answered': [
            {**path_fields(d.path), 'line': d.line, 'checks': list(d.check_ids), 'reason': d.reason}
            for d in summary.answered
        ],
        'notes': [readable(n) for n in summary.notes],
        'older': [finding_dict(f) for f in summary.older],
        'hidden': summary.hidden,
    }
    return json.dumps(doc, indent=2, sort_keys=False) + '\n'


# --- sarif -----------------------------------------------------------------------------------

SARIF_RANK = {HIGH: 90.0, MEDIUM: 50.0, LOW: 20.0}  # result.rank: 0-100, higher is more likely a true question


def as_sarif(summary: Summary, version: str) -> str:
    import json

    from vcx_hook.checks import CHECKS

    rules = [
        {
            'id': c.ID,
            'name': ''.join(w.title() for w in c.ID.split('-')),
            'shortDescription': {'text': c.SUMMARY or c.QUESTION},
            'fullDescription': {'text': c.QUESTION},
            'help': {'text': (c.__doc__ or c.QUESTION).strip()},
            'defaultConfiguration': {'level': 'error'},
        }
        for c in CHECKS
    ]
    index = {c.ID: n for n, c in enumerate(CHECKS)}

    def result(f: Finding, level: str, suppression: Suppressed | None = None) -> dict[str, object]:
        r: dict[str, object] = {
            'ruleId': f.check_id,
            'ruleIndex': index.get(f.check_id, 0),
            'level': level,
            'message': {'text': f'{f.message} {f.question}'},
            'locations': [{
                'physicalLocation': {
                    'artifactLocation': {'uri': uri(f.path)},
                    'region': {'startLine': f.line, 'startColumn': f.col, 'endLine': f.end_line},
                },
                'logicalLocations': [{'name': f.function, 'kind': 'function'}],
            }],
            'partialFingerprints': {'vcxFingerprint/v1': fingerprint(f)},
            'rank': SARIF_RANK[f.confidence],
            'properties': {'precision': f.confidence},
        }
        if f.evidence:
            r['relatedLocations'] = [
                {
                    'id': n,
                    'physicalLocation': {'artifactLocation': {'uri': uri(f.path)}, 'region': {'startLine': line}},
                    'message': {'text': 'the question is also about this line'},
                }
                for n, line in enumerate(f.evidence, 1)
            ]
        if suppression is not None:
            r['suppressions'] = [{'kind': 'inSource', 'justification': suppression.reason}]
        return r

    results = (
        [result(f, 'error') for f in summary.findings]
        + [result(f, 'warning') for f in summary.warnings]
        + [result(s.finding, 'error', s) for s in summary.suppressed]
    )
    doc = {
        '$schema': 'https://json.schemastore.org/sarif-2.1.0.json',
        'version': '2.1.0',
        'runs': [{
            'tool': {'driver': {
                'name': 'vcx',
                'version': version,
                'informationUri': 'https://pypi.org/project/vcx_hook/',
                'rules': rules,
            }},
            'results': results,
            'columnKind': 'unicodeCodePoints',
        }],
    }
    return json.dumps(doc, indent=2) + '\n'


# --- github ----------------------------------------------------------------------------------

def _gh_escape(s: str, prop: bool = False) -> str:
    s = s.replace('%', '%25').replace('\r', '%0D').replace('\n', '%0A')
    if prop:
        s = s.replace(':', '%3A').replace(',', '%2C')
    return s


def _notes(problems: Sequence[Problem]) -> list[str]:
    """One note per problem, except syntax errors: one line with their count once there are
    several (a Flow or exotic-syntax codebase would otherwise fill the screen)."""
    broken = [p for p in problems if p.message == SYNTAX_ERROR]
    shown = broken if len(broken) < 2 else []
    out = [
        f'note: {p.path}:{p.line}: {p.message}' if p.line else f'note: {p.path}: {p.message}'
        for p in problems if p.message != SYNTAX_ERROR or p in shown
    ]
    if len(broken) >= 2:
        first = ', '.join(f'{p.path}:{p.line}' for p in broken[:_SHOWN])
        more = f' and {len(broken) - _SHOWN} more' if len(broken) > _SHOWN else ''
        out.append(f'note: syntax errors in {len(broken)} files (audited what parses): {first}{more}')
    return out


_SHOWN = 3


def as_github(summary: Summary) -> str:
    out = []
    for level, findings in (('error', summary.findings), ('warning', summary.warnings)):
        for f in findings:
            props = f'file={_gh_escape(f.path, True)},line={f.line},endLine={f.end_line},col={f.col},title={_gh_escape("vcx " + f.check_id, True)}'
            body = _gh_escape(f.message + '\n' + f.question)
            out.append(f'::{level} {props}::{body}')
    for p in summary.problems:
        props = f'file={_gh_escape(p.path, True)}' + (f',line={p.line}' if p.line else '')
        out.append(f'::notice {props}::{_gh_escape(p.message)}')
    return '\n'.join(out) + ('\n' if out else '')
