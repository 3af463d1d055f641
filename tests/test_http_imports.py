"""HTTP support loads in steps: nothing on import, the route table on registration, the rest on
the first HTTP dispatch, and never logging, asyncio and friends until they are needed."""

from __future__ import annotations

import json
import subprocess
import sys

PROGRAM = r"""
import json, sys
loaded = lambda: set(sys.modules)
import lambda_universal_router
on_import = loaded()
router = lambda_universal_router.Router()
router.get("/users/{id}")(lambda event, context: {"id": event.path_parameters["id"]})
on_register = loaded()
router.dispatch({"httpMethod": "GET", "path": "/users/7", "resource": "/users/{id}"}, {})
router.dispatch({"httpMethod": "GET", "path": "/users/7", "resource": "/{proxy+}"}, {})
router.dispatch({"httpMethod": "GET", "path": "/nowhere"}, {})
on_dispatch = loaded()
print(json.dumps([sorted(on_import), sorted(on_register), sorted(on_dispatch)]))
"""

HTTP_MODULES = {
    "lambda_universal_router._http.routing",
    "lambda_universal_router._http.dispatch",
    "lambda_universal_router._http.response",
    "lambda_universal_router.events._http",
    "lambda_universal_router._http.flavors",
}
HEAVY = {"logging", "asyncio", "inspect", "dataclasses", "http.cookies", "http", "urllib.parse"}


def test_modules_load_only_when_needed() -> None:
    output = subprocess.run(
        [sys.executable, "-c", PROGRAM], capture_output=True, text=True, check=True
    ).stdout
    on_import, on_register, on_dispatch = (set(step) for step in json.loads(output))
    assert not on_import & HTTP_MODULES
    assert on_register & HTTP_MODULES == {"lambda_universal_router._http.routing"}
    assert on_dispatch >= HTTP_MODULES
    assert not (on_dispatch - on_import) & HEAVY
