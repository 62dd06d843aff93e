from __future__ import annotations

from vcx_hook.main import main

if __name__ == '__main__':
    raise SystemExit(main())
