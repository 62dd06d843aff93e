"""``vcx config``: the configuration ``vcx audit`` would use here, where each value came from,
and a note when the file on disk differs from the staged one commits are judged by."""
from __future__ import annotations

import os
import sys

from vcx_hook import config as config_mod
from vcx_hook.constants import EXIT_CLEAN
from vcx_hook.engine import git
from vcx_hook.engine.collect import Request
from vcx_hook.engine.files import read_optional
from vcx_hook.engine.project import load_config
from vcx_hook.errors import VcxError


def run(config_file: str | None = None) -> int:
    cwd = os.getcwd()
    repo = git.discover(cwd)
    cfg = load_config(Request(config_file=config_file), repo, 'staged' if repo is not None else 'all', cwd)
    sys.stdout.write(config_mod.describe(cfg))
    if repo is not None and not config_file:
        for note in _unstaged_config(repo):
            print(f'vcx: note: {note}', file=sys.stderr)
    return EXIT_CLEAN


def _unstaged_config(repo: git.Repo) -> list[str]:
    notes = []
    for name in config_mod.CONFIG_FILES:
        staged = git.index_blob(repo, name)
        disk = read_optional(os.path.join(repo.root, name))
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
