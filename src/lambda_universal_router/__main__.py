"""``python -m lambda_universal_router``: the ``lambda-router`` command."""

import sys

from ._cli.main import main

sys.exit(main())
