"""Command line: ``main(argv) -> int`` is the one error boundary."""
from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Callable
from collections.abc import Sequence
from typing import Any
from typing import NamedTuple
from typing import TYPE_CHECKING

from vcx_hook.errors import VcxError

if TYPE_CHECKING:
    from vcx_hook.commands.baseline import Entry
    from vcx_hook.config import Config
    from vcx_hook.engine.parallel import Helper
    from vcx_hook.engine.parallel import Pool
    from vcx_hook.engine.target import FileResult
    from vcx_hook.finding import Finding

EXIT_CLEAN = 0
EXIT_OPEN = 1
EXIT_USAGE = 2
EXIT_INTERNAL = 3
EXIT_INTERRUPTED = 130

ISSUES_URL = 'https://github.com/vcx-hook/vcx_hook/issues'
SUBCOMMANDS = ('audit', 'explain', 'config', 'baseline', 'answers', 'install')


def version() -> str:
    from importlib.metadata import PackageNotFoundError
    from importlib.metadata import version as dist_version

    try:
        return dist_version('vcx_hook')
    except PackageNotFoundError:
        return '0+unknown'


class _Formatter(argparse.HelpFormatter):
    """argparse's formatter, with the terminal width read once: argparse builds one for every
    ``add_argument`` and each asks ``shutil`` for the width (importing it costs ~5 ms, and the
    whole parser ~15 ms on the hook's critical path)."""

    def __init__(self, prog: str, indent_increment: int = 2, max_help_position: int = 24, width: int | None = None) -> None:
        super().__init__(prog, indent_increment, max_help_position, _terminal_width() if width is None else width)


_width: list[int] = []


def _terminal_width() -> int:
    """What ``HelpFormatter`` computes: ``$COLUMNS``, else the terminal's width, else 80; minus 2."""
    if not _width:
        try:
            columns = int(os.environ['COLUMNS'])
        except (KeyError, ValueError):
            try:
                columns = os.get_terminal_size(sys.__stdout__.fileno()).columns if sys.__stdout__ else 80
            except (AttributeError, ValueError, OSError):
                columns = 80
        _width.append((columns if columns > 0 else 80) - 2)
    return _width[0]


class _Parser(argparse.ArgumentParser):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault('formatter_class', _Formatter)
        super().__init__(*args, **kwargs)

    def error(self, message: str) -> None:  # type: ignore[override]
        raise VcxError(f'{self.prog}: {message} (see {self.prog} --help)')


class _VersionAction(argparse.Action):
    """``--version`` that reads the version only when asked: importlib.metadata is slow to import."""

    def __init__(self, option_strings: Sequence[str], dest: str = argparse.SUPPRESS, help: str | None = None) -> None:
        super().__init__(option_strings, dest, nargs=0, default=argparse.SUPPRESS, help=help)

    def __call__(self, parser: argparse.ArgumentParser, *args: object) -> None:
        print(f'{parser.prog} {version()}')
        parser.exit()


def _jobs(text: str) -> int:
    try:
        jobs = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f'{text!r} is not a number') from None
    if jobs < 1:
        raise argparse.ArgumentTypeError(f'must be 1 or more, not {jobs} (leave it out for one process per core)')
    return jobs


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog='vcx', description='Audit questions for AI-written JavaScript/TypeScript.')
    parser.add_argument('--version', action=_VersionAction, help="show the program's version number and exit")
    sub = parser.add_subparsers(dest='command', parser_class=_Parser)

    audit = sub.add_parser('audit', help='audit staged changes (default), a ref range, a diff, or whole files')
    audit.add_argument('paths', nargs='*', metavar='PATH', help='limit to these files (as pre-commit passes them); with --all, files or directories')
    mode = audit.add_mutually_exclusive_group()
    mode.add_argument('--all', action='store_true', help='audit whole files: PATHs, or every tracked JS/TS file')
    mode.add_argument('--diff', metavar='FILE', help="audit the lines a unified diff adds ('-' for stdin); contents from the work tree")
    audit.add_argument('--from-ref', help='audit the changes from this ref (with --to-ref); default $PRE_COMMIT_FROM_REF')
    audit.add_argument('--to-ref', help='audit the changes up to this ref; default $PRE_COMMIT_TO_REF')
    audit.add_argument('--format', choices=('text', 'json', 'sarif', 'github'), default='text')
    audit.add_argument('--color', choices=('auto', 'always', 'never'), default='auto')
    audit.add_argument('--jobs', '-j', type=_jobs, default=0, metavar='N', help='worker processes for --all (default: all cores); 1 runs everything in this process, hook mode included')
    audit.add_argument('--config', metavar='FILE', help='configuration file (default: .vcx.toml or [tool.vcx] in pyproject.toml at the repository root)')
    audit.add_argument('--no-baseline', action='store_true', help='report findings recorded in .vcx-baseline.json too')

    explain = sub.add_parser('explain', help='what a check asks and why; with no id, list the checks')
    explain.add_argument('check', nargs='?', metavar='CHECK-ID')

    config = sub.add_parser('config', help='print the effective configuration and where each value came from')
    config.add_argument('--config', metavar='FILE', help='configuration file (default: as for vcx audit)')

    baseline = sub.add_parser('baseline', help='record the open questions of every tracked file in .vcx-baseline.json')
    baseline.add_argument('--prune', action='store_true', help='only drop entries that no longer occur; record nothing new')
    baseline.add_argument('--config', metavar='FILE', help='configuration file (default: as for vcx audit)')
    baseline.add_argument('--jobs', '-j', type=_jobs, default=0, metavar='N', help='worker processes (default: all cores)')

    answers = sub.add_parser('answers', help='list every vcx-ignore answer with its check, location and reason')
    answers.add_argument('paths', nargs='*', metavar='PATH', help='files or directories (default: every tracked JS/TS file)')
    answers.add_argument('--format', choices=('text', 'json'), default='text')

    install = sub.add_parser('install', help='write a plain git pre-commit hook that runs vcx audit')
    install.add_argument('--force', action='store_true', help='replace a pre-commit hook vcx did not write')
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args_list = list(sys.argv[1:] if argv is None else argv)
    if args_list and args_list[0] not in SUBCOMMANDS and not args_list[0].startswith('-') \
            and not os.path.lexists(args_list[0]):
        print(f'vcx: {_unknown_command(args_list[0])}', file=sys.stderr)
        return EXIT_USAGE
    if not args_list or (args_list[0] not in SUBCOMMANDS and args_list[0] not in ('-h', '--help', '--version')):
        args_list.insert(0, 'audit')
    helper = _early_helper(args_list)
    try:
        args = build_parser().parse_args(args_list)
        if args.command == 'audit':
            return run_audit(args, helper)
        commands = {
            'explain': run_explain, 'config': run_config, 'baseline': run_baseline,
            'answers': run_answers, 'install': run_install,
        }
        return commands[args.command](args)
    except VcxError as e:
        print(f'vcx: {e}', file=sys.stderr)
        return EXIT_USAGE
    except KeyboardInterrupt:
        print('vcx: interrupted', file=sys.stderr)
        return EXIT_INTERRUPTED
    except BrokenPipeError:
        return EXIT_CLEAN
    except Exception as e:
        if os.environ.get('VCX_DEBUG'):
            import traceback  # only here: it costs ~5 ms to import on every run

            traceback.print_exc()
        print(
            f'vcx: internal error: {type(e).__name__}: {e} -- please report it at {ISSUES_URL} '
            f'with the output of VCX_DEBUG=1 (skip the hook meanwhile: SKIP=vcx git commit ...)',
            file=sys.stderr,
        )
        return EXIT_INTERNAL
    finally:
        if helper is not None:
            helper.abandon()  # a no-op once the audit has its answer


def _unknown_command(word: str) -> str:
    """``vcx PATH...`` means ``vcx audit PATH...``, so a mistyped command would be a path that
    matches nothing, audited in silence."""
    import difflib

    near = difflib.get_close_matches(word, SUBCOMMANDS, n=1, cutoff=0.6)
    if near:
        return f'{word!r} is not a command, file or directory; did you mean `vcx {near[0]}`?'
    return f'{word!r} is not a command, file or directory (commands: {", ".join(SUBCOMMANDS)})'


def _early_helper(args_list: list[str]) -> Helper | None:
    """The hook's helper (see parallel.py), forked before the command line is parsed: every
    millisecond it starts earlier is one more for compiling queries off the critical path.  Only
    when the command may be a hook-mode audit; ``run_audit`` lets it go if it is not needed."""
    if args_list[0] != 'audit' or '--all' in args_list or not {'-h', '--help'}.isdisjoint(args_list):
        return None
    from vcx_hook.engine import parallel

    return parallel.start_helper()


def cli() -> None:
    """The ``vcx`` command: ``main()``, then exit at once.  Tearing the interpreter down (freeing
    every module, tree and libgit2's caches, which the OS frees anyway) costs ~25 ms, a tenth of a
    hook run.  Nothing is left to flush: the tool writes only to stdout and stderr."""
    code = main()
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except (BrokenPipeError, OSError):
            pass  # the reader went away (`vcx ... | head`): what main() returned still stands
    os._exit(code)


class Collected(NamedTuple):
    mode: str
    items: list[object]  # Target | Skipped
    # Tracked files not on disk (sparse checkout, skip-worktree), not audited: not gone either.
    absent: frozenset[str] = frozenset()


def collect(args: argparse.Namespace, cwd: str) -> tuple[Collected, object]:
    from vcx_hook.engine import files
    from vcx_hook.engine import git
    from vcx_hook.engine.target import Target

    from_ref = args.from_ref or os.environ.get('PRE_COMMIT_FROM_REF') or ''
    to_ref = args.to_ref or os.environ.get('PRE_COMMIT_TO_REF') or ''
    # A range reads only trees: a bare repository (a server-side hook) has all it needs.
    repo = git.discover(cwd, bare_ok=bool(from_ref and to_ref) and not args.all and not args.diff)

    if args.diff:
        text = sys.stdin.read() if args.diff == '-' else _read_text(args.diff, cwd)
        items: list[object] = []
        for path, change in files.diff_changes(text, 'stdin' if args.diff == '-' else args.diff):
            full = _diff_file(path, cwd, repo)
            if full is None:
                from vcx_hook.engine.target import Skipped
                items.append(Skipped(path, 'in the diff but not in the work tree, not audited'))
                continue
            with open(full, 'rb') as f:
                items.append(Target(path, f.read(), change))
        return Collected('diff', items), repo

    if args.all:
        from vcx_hook.engine.parallel import Pending

        if repo is not None:
            real_dirs: dict[str, str] = {}
            real_root = os.path.realpath(repo.root)

            def display(p: str) -> str:
                # Resolving each directory once (not each file) keeps 10k-file walks fast.
                if os.path.islink(p):
                    return git.repo_path(repo, p, cwd)
                head, tail = os.path.split(p)
                if head not in real_dirs:
                    real_dirs[head] = os.path.realpath(head)
                return os.path.relpath(os.path.join(real_dirs[head], tail), real_root).replace(os.sep, '/')

            def ignored(p: str) -> bool:
                return not p.startswith('../') and git.is_ignored(repo, p)
        else:
            def display(p: str) -> str:
                return os.path.relpath(p, cwd).replace(os.sep, '/')

            def ignored(p: str) -> bool:
                return False
        if args.paths:
            pending = [Pending(display(p), p) for p in files.walk(args.paths, cwd, display, ignored)]
            return Collected('all', list(pending)), repo
        if repo is None:
            raise VcxError('not in a git repository: give --all the files or directories to audit')
        return _tracked(repo, getattr(args, 'absent_from_index', False)), repo

    if repo is None:
        raise VcxError(f'{cwd} is not in a git repository (use --all PATH or --diff FILE outside one)')
    if from_ref or to_ref:
        if not (from_ref and to_ref):
            raise VcxError('--from-ref and --to-ref go together')
        only = git.limit(repo, args.paths, cwd, (from_ref, to_ref)) if args.paths else None
        return Collected('range', list(git.ref_range(repo, from_ref, to_ref, only))), repo
    only = git.limit(repo, args.paths, cwd) if args.paths else None
    return Collected('staged', list(git.staged(repo, only))), repo


def _tracked(repo: Any, absent_from_index: bool) -> Collected:
    """Every tracked JS/TS file, read from disk; one the work tree lacks (sparse checkout,
    skip-worktree) from the index when ``absent_from_index``, else listed as absent."""
    from vcx_hook.engine import files
    from vcx_hook.engine import git
    from vcx_hook.engine import parallel
    from vcx_hook.engine.parallel import Pending

    items: list[object] = []
    absent = []
    for path in git.tracked_paths(repo):
        if files.is_minified_name(path):
            continue
        full = os.path.join(repo.root, path)
        size = parallel.file_size(full)
        if size is not None:
            items.append(Pending(path, full, size))
        elif absent_from_index:
            items.append(git.indexed(repo, path))
        else:
            absent.append(path)
    return Collected('all', items, frozenset(absent))


def _read_text(path: str, cwd: str) -> str:
    try:
        with open(os.path.join(cwd, path), encoding='utf-8', errors='replace') as f:
            return f.read()
    except OSError as e:
        raise VcxError(f'--diff {path}: {e.strerror}') from None


def _diff_file(path: str, cwd: str, repo: object) -> str | None:
    candidates = [os.path.join(cwd, path)]
    root = getattr(repo, 'root', None)
    if root:
        candidates.append(os.path.join(root, path))
    return next((c for c in candidates if os.path.isfile(c)), None)


def load_config(args: argparse.Namespace, repo: object, mode: str, cwd: str) -> Config:
    """The configuration the audited code is judged by, with the project's declared packages.
    Staged mode reads both from the index, range mode from the to-ref's tree."""
    from vcx_hook import config as config_mod

    cfg = _load_config_file(args, repo, mode, cwd)
    manifest = _project_file(args, repo, mode, cwd, 'package.json')
    return config_mod.with_packages(cfg, manifest[0] if manifest else None)


def _project_file(
        args: argparse.Namespace, repo: object, mode: str, cwd: str, name: str,
) -> tuple[bytes, str] | None:
    """A file at the project root as the audited code sees it: (bytes, where it came from)."""
    from vcx_hook.engine import git

    if isinstance(repo, git.Repo):
        if mode == 'staged':
            data = git.index_blob(repo, name)
            origin = f'{name} (staged)'
        elif mode == 'range':
            to_ref = args.to_ref or os.environ.get('PRE_COMMIT_TO_REF') or 'HEAD'
            data = git.tree_blob(repo, to_ref, name)
            origin = f'{name} (at {to_ref})'
        else:
            data = _read_optional(os.path.join(repo.root, name))
            origin = name
    else:
        data = _read_optional(os.path.join(cwd, name))
        origin = name
    return (data, origin) if data is not None else None


def _load_config_file(args: argparse.Namespace, repo: object, mode: str, cwd: str) -> Config:
    from vcx_hook import config as config_mod

    if getattr(args, 'config', None):
        path = os.path.join(cwd, args.config)
        try:
            with open(path, encoding='utf-8') as f:
                return config_mod.parse(f.read(), args.config)
        except OSError as e:
            raise VcxError(f'--config {args.config}: {e.strerror}') from None
    for name in config_mod.CONFIG_FILES:
        found = _project_file(args, repo, mode, cwd, name)
        if found is None:
            continue
        cfg = config_mod.parse(found[0].decode('utf-8', 'replace'), found[1])
        if name == '.vcx.toml' or cfg.sources:
            return cfg
    return config_mod.default_config()


def _read_optional(path: str) -> bytes | None:
    try:
        with open(path, 'rb') as f:
            return f.read()
    except OSError:
        return None


def run_audit(args: argparse.Namespace, helper: Helper | None = None) -> int:
    from vcx_hook.engine import parallel

    cwd = os.getcwd()
    # Compiles the queries on another core while git is read, parses while the configuration
    # is read, audits while moves are looked for; --all uses a pool instead.
    if args.all or args.jobs == 1:
        if helper is not None:
            helper.abandon()
        helper = None
    elif helper is None:
        helper = parallel.start_helper()
    # --all: where there is no fork, spawned workers start now and warm up while files are listed.
    pool = parallel.start_pool(args.jobs) if args.all else None
    try:
        return _run_audit(args, cwd, helper, pool)
    finally:
        if pool is not None:
            pool.close()


def _run_audit(args: argparse.Namespace, cwd: str, helper: Helper | None, pool: Pool | None) -> int:
    from vcx_hook import report
    from vcx_hook import suppress
    from vcx_hook.config import BLOCK
    from vcx_hook.config import excluded
    from vcx_hook.engine import parallel
    from vcx_hook.engine import progress
    from vcx_hook.engine.parallel import Pending
    from vcx_hook.engine.target import Skipped
    from vcx_hook.engine.target import Target
    from vcx_hook.finding import Finding
    from vcx_hook.finding import Problem

    collected, repo = collect(args, cwd)
    if helper is not None:
        helper.prefetch(collected.items)
    config = load_config(args, repo, collected.mode, cwd)
    targets = [t for t in collected.items if isinstance(t, (Target, Pending)) and not excluded(t.path, config)]
    problems = [Problem(s.path, 0, s.reason) for s in collected.items if isinstance(s, Skipped)]
    if helper is not None:
        helper.prefetch(targets, config)
    notes: list[str] = []
    if collected.mode in ('staged', 'range') and targets:
        targets, moved = drop_moved(args, repo, targets)
        if moved:
            notes.append(f'{moved} function{"" if moved == 1 else "s"} moved, not audited')

    shown = progress.Progress(len(targets), enabled=collected.mode == 'all')
    results = parallel.audit_targets(targets, config, args.jobs, helper, pool, shown)
    findings = [f for r in results for f in r.findings]
    if not args.no_baseline:
        findings, baseline_notes = apply_baseline(args, repo, collected, config, targets, results, findings)
        notes += baseline_notes
    problems += [p for r in results for p in r.problems]
    answered = []
    if collected.mode in ('staged', 'range', 'diff'):
        by_path = {t.path: t for t in targets if isinstance(t, Target)}
        for r in results:
            change = by_path[r.path].change
            for d in suppress.answering(r.directives, r.suppressed):
                if change is None or any(s <= d.line - 1 < e for s, e in change.rows):
                    answered.append(d)
    findings.sort(key=Finding.sort_key)
    summary = report.Summary(
        mode=collected.mode,
        files=sum(1 for r in results if r.audited),
        scopes=sum(r.scopes for r in results),
        findings=[f for f in findings if config.severity.get(f.check_id, BLOCK) == BLOCK],
        warnings=[f for f in findings if config.severity.get(f.check_id, BLOCK) != BLOCK],
        suppressed=sorted((s for r in results for s in r.suppressed), key=lambda s: s.finding.sort_key()),
        problems=sorted(problems, key=lambda p: (p.path, p.line, p.message)),
        answered=sorted(answered, key=lambda d: (d.path, d.line)),
        notes=notes,
    )
    out = sys.stdout
    if args.format == 'json':
        out.write(report.as_json(summary))
    elif args.format == 'sarif':
        out.write(report.as_sarif(summary, version()))
    elif args.format == 'github':
        out.write(report.as_github(summary))
    else:
        out.write(report.text(summary, report.use_color(out, args.color)))
    out.flush()
    return EXIT_OPEN if summary.findings else EXIT_CLEAN


def drop_moved(args: argparse.Namespace, repo: object, targets: list[Any]) -> tuple[list[Any], int]:
    """Take code moved unchanged within the change out of the targets (see moved.py)."""
    from vcx_hook.engine import git
    from vcx_hook.engine import moved

    assert isinstance(repo, git.Repo)
    from_ref = args.from_ref or os.environ.get('PRE_COMMIT_FROM_REF') or ''
    to_ref = args.to_ref or os.environ.get('PRE_COMMIT_TO_REF') or ''
    old_sides = git.deleted_code(repo, from_ref, to_ref)
    if not old_sides:
        return targets, 0
    # A PATH with no staged change is audited whole because it was asked for, moved code or not.
    asked = set() if from_ref and to_ref else {
        t.path for t in targets if t.change is None and git.tree_blob(repo, 'HEAD', t.path) is not None
    }
    result = moved.apply([t for t in targets if t.path not in asked], old_sides)
    unmoved = {t.path: t for t in result.targets}
    return [unmoved.get(t.path, t) for t in targets], result.functions


def load_baseline(repo: object, mode: str, to_ref: str, cwd: str) -> list[Entry]:
    """The baseline the audited code is judged by: like the configuration, staged mode reads the index."""
    from vcx_hook.commands import baseline
    from vcx_hook.engine import git

    name = baseline.FILENAME
    if not isinstance(repo, git.Repo):
        return baseline.read(_read_optional(os.path.join(cwd, name)), name)
    if mode == 'staged':
        return baseline.read(git.index_blob(repo, name), f'{name} (staged)')
    if mode == 'range':
        return baseline.read(git.tree_blob(repo, to_ref, name), f'{name} (at {to_ref})')
    return baseline.read(_read_optional(os.path.join(repo.root, name)), name)


def apply_baseline(
        args: argparse.Namespace, repo: object, collected: Collected, config: Config,
        targets: Sequence[Any], results: Sequence[FileResult], findings: list[Finding],
) -> tuple[list[Finding], list[str]]:
    from vcx_hook.commands import baseline

    to_ref = args.to_ref or os.environ.get('PRE_COMMIT_TO_REF') or 'HEAD'
    entries = load_baseline(repo, collected.mode, to_ref, os.getcwd())
    if not entries:
        return findings, []
    judged = _judged_paths(collected, config, targets, results, repo_wide=not args.paths and repo is not None)
    applied = baseline.apply(entries, findings, judged)
    return applied.open, baseline.notes(applied)


def _judged_paths(
        collected: Collected, config: Config, targets: Sequence[Any], results: Sequence[FileResult], repo_wide: bool,
) -> Callable[[str], bool]:
    """Paths whose every finding is known: audited whole, or (whole-repository runs) gone or excluded."""
    from vcx_hook.config import excluded

    whole = {t.path for t in targets if getattr(t, 'change', None) is None}
    audited = {r.path for r in results if r.audited} & whole
    repo_wide = repo_wide and collected.mode == 'all'
    listed = {getattr(i, 'path', '') for i in collected.items} | collected.absent

    def judged(path: str) -> bool:
        return path in audited or (repo_wide and (path not in listed or excluded(path, config)))

    return judged


def _all_tracked(paths: Sequence[str] = (), absent_from_index: bool = False) -> argparse.Namespace:
    return argparse.Namespace(
        all=True, paths=list(paths), diff=None, from_ref=None, to_ref=None, absent_from_index=absent_from_index,
    )


def run_explain(args: argparse.Namespace) -> int:
    from vcx_hook.commands import explain

    sys.stdout.write(explain.explain(args.check) if args.check else explain.listing())
    return EXIT_CLEAN


def run_config(args: argparse.Namespace) -> int:
    """The configuration `vcx audit` would use here (the staged version in a repository)."""
    from vcx_hook import config as config_mod
    from vcx_hook.engine import git

    cwd = os.getcwd()
    repo = git.discover(cwd)
    cfg = load_config(args, repo, 'staged' if repo is not None else 'all', cwd)
    sys.stdout.write(config_mod.describe(cfg))
    if repo is not None and not args.config:
        for note in _unstaged_config(repo):
            print(f'vcx: note: {note}', file=sys.stderr)
    return EXIT_CLEAN


def _unstaged_config(repo: Any) -> list[str]:
    from vcx_hook import config as config_mod
    from vcx_hook.engine import git

    notes = []
    for name in config_mod.CONFIG_FILES:
        staged = git.index_blob(repo, name)
        disk = _read_optional(os.path.join(repo.root, name))
        if staged == disk or disk is None:
            continue
        if staged is None:
            notes.append(f'{name} is not staged; commits are judged without it (git add {name})')
            continue
        try:
            same = (
                config_mod.parse(staged.decode('utf-8', 'replace'), name)._replace(sources={})
                == config_mod.parse(disk.decode('utf-8', 'replace'), name)._replace(sources={})
            )
        except VcxError:
            same = False
        if not same:
            notes.append(f'{name} has unstaged changes; commits are judged by the staged version shown (git add {name})')
    return notes


def run_baseline(args: argparse.Namespace) -> int:
    from vcx_hook.commands import baseline
    from vcx_hook.config import excluded
    from vcx_hook.engine import git
    from vcx_hook.engine import parallel
    from vcx_hook.engine import progress
    from vcx_hook.engine.parallel import Pending
    from vcx_hook.engine.target import Target

    cwd = os.getcwd()
    if git.discover(cwd) is None:
        raise VcxError('baseline: not in a git repository (the baseline covers every tracked JS/TS file)')
    # A file in the index but not on disk (sparse checkout, skip-worktree) is still committed:
    # its questions are read from the index, not dropped as if fixed.
    collected, repo = collect(_all_tracked(absent_from_index=True), cwd)
    assert isinstance(repo, git.Repo)
    config = load_config(args, repo, 'all', cwd)
    targets = [t for t in collected.items if isinstance(t, (Target, Pending)) and not excluded(t.path, config)]
    results = parallel.audit_targets(targets, config, args.jobs, progress=progress.Progress(len(targets)))
    findings = [f for r in results for f in r.findings]

    path = os.path.join(repo.root, baseline.FILENAME)
    data = _read_optional(path)
    existing = [] if data is None else baseline.loads(data.decode('utf-8', 'replace'), baseline.FILENAME, resolve_conflicts=True)
    judged = _judged_paths(collected, config, targets, results, repo_wide=True)
    kept = [e for e in existing if not judged(e.path)]  # files not audited this time (too big...)
    if args.prune:
        entries = baseline.prune([e for e in existing if judged(e.path)], findings) + kept
    else:
        entries = baseline.from_findings(findings) + kept
    baseline.write(repo.root, entries)
    before = sum(e.occurrences for e in existing)
    after = sum(e.occurrences for e in entries)
    files = len({e.path for e in entries})
    if args.prune:
        print(f'vcx: {baseline.FILENAME}: dropped {before - after} of {before} recorded questions; {after} left in {files} file{"" if files == 1 else "s"}')
    else:
        print(f'vcx: wrote {baseline.FILENAME}: {after} open question{"" if after == 1 else "s"} in {files} file{"" if files == 1 else "s"}; commit it to share it')
    return EXIT_CLEAN


def run_answers(args: argparse.Namespace) -> int:
    from vcx_hook.commands import answers
    from vcx_hook.engine import git
    from vcx_hook.engine.parallel import Pending

    cwd = os.getcwd()
    if not args.paths and git.discover(cwd) is None:
        raise VcxError('answers: not in a git repository: give the files or directories to read')
    collected, _ = collect(_all_tracked(args.paths), cwd)
    found = []
    files = 0
    for item in collected.items:
        if isinstance(item, Pending):
            data = _read_optional(item.file)
            if data is not None:
                files += 1
                found += answers.find(item.path, data)
    found.sort(key=lambda a: (a.directive.path, a.directive.line))
    sys.stdout.write(answers.as_json(found) if args.format == 'json' else answers.text(found, files))
    return EXIT_CLEAN


def run_install(args: argparse.Namespace) -> int:
    from vcx_hook.commands import install
    from vcx_hook.engine import git

    cwd = os.getcwd()
    repo = git.discover(cwd)
    if repo is None:
        raise VcxError('install: not in a git repository')
    done = install.install(git.hooks_dir(repo), sys.executable, args.force)
    print(f'vcx: installed {install.shown(done.path)}: runs `{sys.executable} -m vcx_hook audit` before each commit')
    if done.backup:
        print(f'vcx: the hook it replaced is kept as {install.shown(done.backup)}')
    return EXIT_CLEAN
