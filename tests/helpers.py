"""Helpers shared by the tests: the repository's paths and git in temporary repositories."""
from __future__ import annotations

import pathlib
import subprocess

ROOT = pathlib.Path(__file__).resolve().parent.parent
FIXTURES = ROOT / 'fixtures'


def git(cwd, *args, env=None, check=True):
    """Run git in ``cwd`` with a fixed identity and branch name, whatever the machine's config."""
    return subprocess.run(
        ('git', '-c', 'user.name=t', '-c', 'user.email=t@example.com', '-c', 'init.defaultBranch=main', *args),
        cwd=cwd, check=check, capture_output=True, text=True, env=env,
    )
