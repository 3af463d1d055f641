"""Typed handlers cost nothing until one is registered: a 1.0 handler loads no typing machinery."""

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
router.sqs(per_record=True)(lambda message, context: None)
on_register = loaded()
router.dispatch({"httpMethod": "GET", "path": "/users/7", "resource": "/users/{id}"}, {})
on_dispatch = loaded()
exec("def typed(user_id: int):\n    return {'id': user_id}")
lambda_universal_router.Router().get("/typed/{user_id}")(typed)
on_typed = loaded()
print(json.dumps([sorted(on_import), sorted(on_register), sorted(on_dispatch), sorted(on_typed)]))
"""

TYPED = {
    "lambda_universal_router._typed",
    "lambda_universal_router._typed.signature",
    "lambda_universal_router._typed.convert",
    "lambda_universal_router.params",
}


def test_typed_modules_load_only_when_a_typed_handler_is_registered() -> None:
    output = subprocess.run(
        [sys.executable, "-c", PROGRAM], capture_output=True, text=True, check=True
    ).stdout
    on_import, on_register, on_dispatch, on_typed = (set(step) for step in json.loads(output))
    assert not (on_register | on_dispatch) & TYPED
    assert not (on_dispatch - on_import) & {"inspect", "dataclasses", "decimal", "uuid"}
    assert on_typed >= TYPED
    assert "inspect" in on_typed
