"""The command line: argparse, and ``main(argv) -> int``, the one error boundary.  Each command
lives in ``vcx_hook/commands/``; exit codes are in ``constants``."""
from __future__ import annotations

import argparse
import gc
import os
import sys
from collections.abc import Sequence
from typing import Any
from typing import TYPE_CHECKING

from vcx_hook.constants import EXIT_CLEAN
from vcx_hook.constants import EXIT_INTERNAL
from vcx_hook.constants import EXIT_INTERRUPTED
from vcx_hook.constants import EXIT_USAGE
from vcx_hook.constants import ISSUES_URL
from vcx_hook.constants import version
from vcx_hook.errors import VcxError

if TYPE_CHECKING:
    from vcx_hook.engine.parallel import Helper

SUBCOMMANDS = ('audit', 'explain', 'config', 'baseline', 'answers', 'install')


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
    audit.add_argument('--show', choices=('high', 'medium', 'low'), help="the lowest confidence listed (default: the configuration's show, \"medium\"): low lists the questions that are usually not worth asking too")
    audit.add_argument('--no-baseline', action='store_true', help='report findings recorded in .vcx-baseline.json too')
    audit.add_argument('--ask', choices=('changed', 'touched-functions'), help="which questions block (default: the configuration's ask, \"changed\"): new ones and those about the lines the change wrote, or every question in a touched function")

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
        return _run(build_parser().parse_args(args_list), helper)
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
    import difflib  # only for a mistyped command

    near = difflib.get_close_matches(word, SUBCOMMANDS, n=1, cutoff=0.6)
    if near:
        return f'{word!r} is not a command, file or directory; did you mean `vcx {near[0]}`?'
    return f'{word!r} is not a command, file or directory (commands: {", ".join(SUBCOMMANDS)})'


def _run(args: argparse.Namespace, helper: Helper | None) -> int:
    """Each command's module is imported only when it runs: a hook run pays for ``audit``'s
    alone, and only after its helper is forked (``audit`` imports pygit2)."""
    if args.command == 'audit':
        from vcx_hook.commands import audit
        from vcx_hook.engine.collect import Request

        request = Request(
            paths=tuple(args.paths), all_files=args.all, diff=args.diff,
            from_ref=args.from_ref or os.environ.get('PRE_COMMIT_FROM_REF') or '',
            to_ref=args.to_ref or os.environ.get('PRE_COMMIT_TO_REF') or '',
            config_file=args.config,
            ask=args.ask or '',
            show=args.show or '',
            pushed=not (args.from_ref and args.to_ref),
        )
        return audit.run(request, audit.Output(args.format, args.color), args.jobs, not args.no_baseline, helper)
    if args.command == 'explain':
        from vcx_hook.commands import explain

        return explain.run(args.check)
    if args.command == 'config':
        from vcx_hook.commands import config

        return config.run(args.config)
    if args.command == 'baseline':
        from vcx_hook.commands import baseline

        return baseline.run(args.prune, args.config, args.jobs)
    if args.command == 'answers':
        from vcx_hook.commands import answers

        return answers.run(args.paths, args.format)
    from vcx_hook.commands import install

    return install.run(args.force)


def _early_helper(args_list: list[str]) -> Helper | None:
    """The hook's helper (see parallel.py), forked before the command line is parsed: every
    millisecond it starts earlier is one more for compiling queries off the critical path.  Only
    when the command may be a hook-mode audit; ``run_audit`` lets it go if it is not needed."""
    if args_list[0] != 'audit' or '--all' in args_list or not {'-h', '--help'}.isdisjoint(args_list):
        return None
    from vcx_hook.engine import parallel  # the fork comes first: nothing else is imported yet

    return parallel.start_helper()


def cli() -> None:
    """The ``vcx`` command: ``main()``, then exit at once.  Tearing the interpreter down (freeing
    every module, tree and libgit2's caches, which the OS frees anyway) costs ~25 ms, a tenth of a
    hook run.  Nothing is left to flush: the tool writes only to stdout and stderr.

    The cyclic garbage collector runs every 50,000 allocations instead of 700: importing the checks
    and auditing allocate long-lived objects it would scan again and again (~8% of a hook run's
    CPU, by ``gc.callbacks``), and an audited file's facts are released without cycles
    (``File.release``), so the peak memory of ``--all`` stays where it was (89 MB on webpack)."""
    gc.set_threshold(50_000, 20, 20)
    code = main()
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except (BrokenPipeError, OSError):
            pass  # the reader went away (`vcx ... | head`): what main() returned still stands
    os._exit(code)
