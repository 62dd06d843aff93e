from __future__ import annotations

from vcx_hook.main import cli

if __name__ == '__main__':
    cli()
