"""The bookstore example app, as a deployable handler module.

The app itself lives in the package (``lambda_universal_router.examples.bookstore``) so that
``lambda-router demo`` can run it from an installed library. Try:

    lambda-router routes examples/bookstore.py
    lambda-router serve examples/bookstore.py
    lambda-router template examples/bookstore.py
"""

from lambda_universal_router.examples.bookstore import lambda_handler, router

__all__ = ["lambda_handler", "router"]
