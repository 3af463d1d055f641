"""The testing package: a complete, sorted namespace that the router never loads by itself."""

from __future__ import annotations

import subprocess
import sys

from lambda_universal_router import testing


def test_all_is_sorted_and_every_name_resolves() -> None:
    assert testing.__all__ == sorted(testing.__all__)
    for name in testing.__all__:
        assert getattr(testing, name) is not None


def test_every_public_name_of_the_package_is_in_all() -> None:
    public = {
        name
        for name, value in vars(testing).items()
        if not name.startswith("_")
        and getattr(value, "__module__", "").startswith(testing.__name__)
    }
    assert public <= set(testing.__all__)


def test_every_factory_module_is_merged_and_its_factories_exported() -> None:
    from importlib import import_module
    from pathlib import Path

    from lambda_universal_router.testing._catalog import MODULES

    found = {path.stem for path in Path(testing.__file__).parent.glob("_factories*.py")}
    helpers = {"_factories_cognito"}  # imported by _factories_api, which carries its catalog
    assert found - helpers == set(MODULES)
    for module in MODULES:
        factories = set(getattr(import_module(f"{testing.__name__}.{module}"), "__all__", ()))
        assert factories - {"CATALOG"} <= set(testing.__all__), module


def test_dispatching_does_not_load_the_testing_package() -> None:
    script = (
        "import sys; from lambda_universal_router import Router; r = Router(); "
        "r.sqs()(lambda e, c: 1); "
        "r.dispatch({'Records': [{'eventSource': 'aws:sqs', 'body': 'x'}]}, None); "
        "print('lambda_universal_router.testing' in sys.modules)"
    )
    result = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=False
    )
    assert result.stdout.strip() == "False", result.stderr
