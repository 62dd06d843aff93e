"""Helpers shared by the tests that build temporary git repositories."""
from __future__ import annotations

import subprocess


def git(cwd, *args, env=None, check=True):
    """Run git in ``cwd`` with a fixed identity and branch name, whatever the machine's config."""
    return subprocess.run(
        ('git', '-c', 'user.name=t', '-c', 'user.email=t@example.com', '-c', 'init.defaultBranch=main', *args),
        cwd=cwd, check=check, capture_output=True, text=True, env=env,
    )
