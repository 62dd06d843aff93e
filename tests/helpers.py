"""Helpers shared by the tests: the repository's paths, git in temporary repositories, and one
check's findings and gates on a snippet."""
from __future__ import annotations

import pathlib
import subprocess
from collections.abc import Callable
from collections.abc import Sequence
from typing import Any
from typing import TypeVar

ROOT = pathlib.Path(__file__).resolve().parent.parent
FIXTURES = ROOT / 'fixtures'
T = TypeVar('T')


def git(cwd, *args, env=None, check=True):
    """Run git in ``cwd`` with a fixed identity and branch name, whatever the machine's config."""
    return subprocess.run(
        ('git', '-c', 'user.name=t', '-c', 'user.email=t@example.com', '-c', 'init.defaultBranch=main', *args),
        cwd=cwd, check=check, capture_output=True, text=True, env=env,
    )


def project(tmp_path: pathlib.Path, monkeypatch: Any, files: dict[str, str]) -> pathlib.Path:
    """A fresh git repository in ``tmp_path``, made the working directory, with ``files`` (path ->
    text) written and staged; no hook variable of the calling environment leaks in."""
    monkeypatch.chdir(tmp_path)
    for var in ('GIT_INDEX_FILE', 'PRE_COMMIT_FROM_REF', 'PRE_COMMIT_TO_REF'):
        monkeypatch.delenv(var, raising=False)
    git(tmp_path, 'init', '-q')
    for name, text in files.items():
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)
    git(tmp_path, 'add', '-A')
    return tmp_path


def findings(check_id: str, src: str, path: str = 'x.js', rows: Sequence[int] | None = None, config=None) -> list[str]:
    """``path:line message`` of one check's findings in ``src``: the whole file, or a change of
    the given 0-based ``rows`` (one row each), as the hook sees it."""
    from vcx_hook.config import default_config
    from vcx_hook.engine import audit
    from vcx_hook.engine.target import Change
    from vcx_hook.engine.target import Target

    change = None if rows is None else Change(tuple((r, r + 1) for r in rows))
    result = audit.audit(Target(path, src.encode(), change), config or default_config())
    return [f'{f.path}:{f.line} {f.message}' for f in result.findings if f.check_id == check_id]


def about(check_id: str, src: str, path: str = 'x.js') -> list[tuple[int, ...]]:
    """The 1-based lines each of one check's findings in ``src`` is about (its line and evidence)."""
    from vcx_hook.config import default_config
    from vcx_hook.engine import audit
    from vcx_hook.engine.target import Target

    result = audit.audit(Target(path, src.encode(), None), default_config())
    return [f.about for f in result.findings if f.check_id == check_id]


def gate_opens(check_id: str, src: str, path: str = 'x.js', config=None, rows: bool = False) -> list[bool]:
    """One check's ``relevant`` per scope: the whole file, or (``rows``) the functions and
    statements of a change touching every row, as in the hook."""
    from vcx_hook.checks import BY_ID
    from vcx_hook.config import default_config
    from vcx_hook.engine import audit
    from vcx_hook.engine.target import Change
    from vcx_hook.lang import scope
    from vcx_hook.lang import syntax

    data = src.encode()
    grammar = syntax.grammar_for(path)
    assert grammar is not None, path
    file = scope.File(path, syntax.parse(data, grammar), audit.family_queries((check_id,)))
    if rows:
        scopes = scope.touched_scopes(file, Change(((0, data.count(b'\n') + 1),)))
    else:
        scopes = scope.whole_file_scopes(file)
    return [BY_ID[check_id].relevant(sc, config or default_config()) for sc in scopes]


def gated_and_ungated(check_id: str, src: str, path: str = 'x.js', change=None, config=None) -> tuple[list[str], list[str]]:
    """``line message`` of one check's findings in ``src`` (a ``Change`` or the whole file), with
    the gates and without them: a gate must never hide what the rules would report."""
    from vcx_hook.config import default_config
    from vcx_hook.engine import audit
    from vcx_hook.engine.target import Target

    def run(gates: bool) -> list[str]:
        result = audit.audit(Target(path, src.encode(), change), config or default_config(), gates=gates)
        return [f'{f.line} {f.message}' for f in result.findings if f.check_id == check_id]
    return run(True), run(False)


def bind(helper: Callable[..., T], check_id: str, path: str) -> Callable[..., T]:
    """``helper`` for one check, with its test module's usual file name: ``f(src, path=..., ...)``."""
    def bound(src: str, path: str = path, **kwargs: Any) -> T:
        return helper(check_id, src, path, **kwargs)
    return bound
