from __future__ import annotations

import pytest

from vcx_hook.checks.error_handling import ID
from vcx_hook.config import default_config
from vcx_hook.engine import audit
from vcx_hook.engine.target import Target

CONFIG = default_config()._replace(enabled=frozenset((ID,)), show='low')


def lines(made: str, path: str = 'server/chain.ts', imported: str = "import { ethers } from 'ethers';") -> list[tuple[int, str]]:
    src = f"{imported}\nexport async function read(rpcUrl, config) {{\n  const provider = {made};\n  return provider.getBlockNumber();\n}}\n"
    result = audit.audit(Target(path, src.encode(), None), CONFIG)
    return [(f.line, f.confidence) for f in result.findings if f.check_id == ID and 'JSON-RPC provider' in f.message]


@pytest.mark.parametrize(
    'made',
    (
        pytest.param('new ethers.JsonRpcProvider(rpcUrl)', id='v6 address'),
        pytest.param('new ethers.providers.JsonRpcProvider(process.env.RPC_URL)', id='v5 address from env'),
        pytest.param('new ethers.JsonRpcProvider(getRpcUrl(1))', id='an address a helper gives'),
        pytest.param("new ethers.providers.StaticJsonRpcProvider({ url: rpcUrl, headers: {} })", id='connection without timeout'),
    ),
)
def test_no_timeout(made):
    assert lines(made) == [(3, 'low')]


@pytest.mark.parametrize(
    ('made', 'path', 'imported'),
    (
        pytest.param("new ethers.providers.JsonRpcProvider({ url: rpcUrl, timeout: 8000 })", 'server/chain.ts',
                     "import { ethers } from 'ethers';", id='timeout'),
        pytest.param('new ethers.JsonRpcProvider(config)', 'server/chain.ts', "import { ethers } from 'ethers';",
                     id='built elsewhere'),
        pytest.param('new JsonRpcProvider(rpcUrl)', 'server/chain.ts', "import { JsonRpcProvider } from './rpc';",
                     id='not ethers'),
        pytest.param('new ethers.JsonRpcProvider(rpcUrl)', 'src/components/Wallet.tsx', "import { ethers } from 'ethers';",
                     id='browser code'),
        pytest.param('new ethers.JsonRpcProvider(testRpcUrl)', 'server/chain.ts', "import { ethers } from 'ethers';",
                     id="a test node's"),
    ),
)
def test_not_asked(made, path, imported):
    assert lines(made, path, imported) == []
