"""The ``lambda-router`` command (also ``python -m lambda_universal_router``).

Apps are named ``module:attr`` or ``path/to/file.py[:attr]``; without ``:attr`` the module's
``lambda_handler`` function is used (what Lambda runs), or else its ``router``. Mistakes on the
command line (a bad app path, bad JSON, an unknown event) exit with status 2 and one line saying
what to fix.
"""

from __future__ import annotations

import argparse
import sys
from typing import TYPE_CHECKING, Any, NoReturn

if TYPE_CHECKING:
    from collections.abc import Sequence

    from lambda_universal_router._registry import Registration
    from lambda_universal_router._router import Router

PROG = "lambda-router"


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:
        """One line, not argparse's usage block: what is wrong and where help is."""
        self.exit(2, f"{self.prog}: error: {message} (see {self.prog} --help)\n")


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line ``argv`` (default: ``sys.argv[1:]``); returns the exit status."""
    from .loader import AppImportError, UsageError

    try:
        options = _parser().parse_args(argv)
    except SystemExit as done:  # --help, and argparse's own errors
        return done.code if isinstance(done.code, int) else 0
    try:
        status: int = options.run(options)
    except UsageError as error:
        print(f"{PROG} {options.command}: error: {error}", file=sys.stderr)
        return 2
    except AppImportError as error:
        import traceback

        traceback.print_exception(type(error.error), error.error, error.error.__traceback__)
        print(f"{PROG}: error: {error} (traceback above)", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:  # the reader went away: `lambda-router routes --json | head`
        _silence_stdout()
        return 141  # what a shell reports for a writer stopped by SIGPIPE
    return status


def _silence_stdout() -> None:
    """Point stdout at the null device, so the interpreter's last flush finds no broken pipe."""
    import os

    os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())


def _parser() -> _Parser:
    parser = _Parser(
        prog=PROG,
        description="Run, inspect, serve and deploy a lambda-universal-router app.",
        epilog="APP is module:attr or path/to/file.py[:attr] (default attr: lambda_handler, or "
        "router). Run '%(prog)s COMMAND --help' for a command's options.",
    )
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    demo = commands.add_parser(
        "demo", help="run the bundled bookstore example on sample events", description=_demo.__doc__
    )
    demo.set_defaults(run=_demo)

    generate = commands.add_parser(
        "generate-event",
        help="print a realistic sample event",
        description="Print a realistic event of SOURCE (and VARIANT) as Lambda would deliver it.",
        epilog="Examples: generate-event sqs fifo; generate-event http alb "
        "--set path=/books --set httpMethod=POST",
    )
    generate.add_argument("source", nargs="?", metavar="SOURCE", help="sqs, s3, http, ...")
    generate.add_argument("variant", nargs="?", metavar="VARIANT", help="fifo, alb, INSERT, ...")
    _add_set(generate)
    generate.add_argument("--list", action="store_true", help="list every SOURCE[:VARIANT] name")
    generate.set_defaults(run=_generate_event)

    invoke = commands.add_parser(
        "invoke",
        help="dispatch an event to the app and print the result",
        description="Dispatch events to APP with a fake Lambda context. The result is printed "
        "as JSON on stdout; logs and prints go to stderr. An unhandled error exits 1 with its "
        "traceback. A directory of .json files runs them all, with a summary.",
    )
    invoke.add_argument("app", metavar="APP", help="module:attr or path/to/file.py[:attr]")
    source = invoke.add_mutually_exclusive_group(required=True)
    source.add_argument(
        "--event", "-e", metavar="FILE", help="event file, '-' for stdin, or a directory"
    )
    source.add_argument(
        "--sample", "-s", metavar="SOURCE[:VARIANT]", help="a generated event (see generate-event)"
    )
    _add_set(invoke, "with --sample: ")
    invoke.add_argument(
        "--log-level", default="INFO", type=str.upper, help="logging level (default: INFO)"
    )
    invoke.set_defaults(run=_invoke)

    openapi = commands.add_parser(
        "openapi",
        help="print the OpenAPI 3.1 document of the HTTP routes",
        description="Print the OpenAPI 3.1 document of APP's HTTP routes (typed handlers give "
        "parameters and schemas).",
    )
    openapi.add_argument("app", metavar="APP", help="module:attr or path/to/file.py[:attr]")
    openapi.add_argument("--format", default="json", choices=("json", "yaml"), help="syntax")
    openapi.add_argument("--title", help="the document's title (default: the module name)")
    openapi.add_argument("--version", default="0.1.0", help="the API's version (0.1.0)")
    openapi.set_defaults(run=_openapi)

    routes = commands.add_parser(
        "routes",
        help="show the routing table",
        description="List every registration of APP: source, filters or HTTP method and path, "
        "per-record mode and concurrency, handler.",
    )
    routes.add_argument("app", metavar="APP", help="module:attr or path/to/file.py[:attr]")
    routes.add_argument("--json", action="store_true", help="print the table as JSON")
    routes.set_defaults(run=_routes)

    serve = commands.add_parser(
        "serve",
        help="serve the app's HTTP routes locally",
        description="Serve APP over HTTP: each request becomes an event of the chosen flavor and "
        "the router's answer becomes the HTTP response. Raw events of any source are accepted at "
        "POST /2015-03-31/functions/function/invocations, as the Lambda invoke API does.",
    )
    serve.add_argument("app", metavar="APP", help="module:attr or path/to/file.py[:attr]")
    serve.add_argument("--host", default="127.0.0.1", help="address to listen on (127.0.0.1)")
    serve.add_argument("--port", type=int, default=3000, help="port (3000; 0 picks a free one)")
    from lambda_universal_router.testing._http_factory import FLAVORS

    serve.add_argument(
        "--flavor",
        default="rest",
        choices=FLAVORS,
        help="which integration's events to send: API Gateway REST (default) or HTTP API, "
        "ALB, a function URL, or VPC Lattice",
    )
    serve.add_argument("--reload", action="store_true", help="re-import the app when it changes")
    serve.add_argument(
        "--timeout",
        type=float,
        default=30.0,
        metavar="SECONDS",
        help="close a connection idle or slow to send its request for this long (30)",
    )
    serve.set_defaults(run=_serve)

    _add_poll(commands)

    template = commands.add_parser(
        "template",
        help="print an AWS SAM template for the app",
        description="Print an AWS SAM template: the function, an event for every registration, "
        "and the resources it subscribes to as Parameters. Registrations SAM cannot wire are "
        "listed under Metadata and on stderr.",
    )
    template.add_argument("app", metavar="APP", help="module:attr or path/to/file.py[:attr]")
    template.add_argument("--format", default="sam", choices=("sam",), help="template kind")
    template.add_argument("--output", default="yaml", choices=("yaml", "json"), help="syntax")
    template.add_argument(
        "--api", default="http", choices=("http", "rest"), help="HttpApi (default) or Api events"
    )
    template.add_argument(
        "--starting-position",
        default="LATEST",
        choices=("LATEST", "TRIM_HORIZON"),
        help="where stream sources start reading (LATEST)",
    )
    template.add_argument(
        "--kafka",
        default="msk",
        choices=("msk", "self-managed"),
        help="the cluster Kafka handlers read: Amazon MSK (default) or self-managed",
    )
    template.add_argument(
        "--resources",
        action="store_true",
        help="declare the queues (with dead-letter queues), tables, topics and streams the "
        "handlers name, instead of taking their ARNs as parameters",
    )
    template.add_argument(
        "--catch-all",
        action="store_true",
        help="send every HTTP request to the function ($default, or /{proxy+} and / with ANY) "
        "so the router answers 404, 405, OPTIONS and HEAD as it does locally",
    )
    template.add_argument(
        "--requirements",
        nargs="?",
        const="",
        metavar="DIR",
        help="also write requirements.txt pinning this library, for sam build (default DIR: "
        "the CodeUri folder)",
    )
    template.add_argument("--runtime", default="python3.12", help="Lambda runtime (python3.12)")
    template.add_argument("--handler", help="Handler setting (default: MODULE.lambda_handler)")
    template.add_argument("--code-uri", help="CodeUri (default: the app's directory)")
    template.set_defaults(run=_template)
    return parser


def _add_poll(commands: Any) -> None:
    poll = commands.add_parser(
        "poll",
        help="feed the app from SQS, Kinesis and DynamoDB Streams, as Lambda's event source "
        "mappings do",
        description="Poll queues and streams on AWS or any AWS-compatible endpoint (moto, "
        "LocalStack) and hand APP each batch as Lambda builds it; apply its answer as Lambda "
        "does (deletes, checkpoints, retries). One batch at a time; SIGINT or SIGTERM finishes "
        "the batch in flight and exits 0. Needs boto3: pip install "
        "'lambda-universal-router[aws]'. See docs/poll.md.",
    )
    poll.add_argument("app", metavar="APP", help="module:attr or path/to/file.py[:attr]")
    poll.add_argument(
        "--sqs", action="append", default=[], metavar="QUEUE_URL", help="an SQS queue to poll"
    )
    poll.add_argument(
        "--kinesis",
        action="append",
        default=[],
        metavar="STREAM",
        help="a Kinesis stream (name or ARN)",
    )
    poll.add_argument(
        "--dynamodb-stream",
        action="append",
        default=[],
        metavar="STREAM_ARN",
        help="a DynamoDB stream",
    )
    poll.add_argument("--endpoint-url", metavar="URL", help="the AWS endpoint (default: AWS's)")
    poll.add_argument("--region", metavar="R", help="the AWS region (default: boto3's)")
    poll.add_argument(
        "--batch-size",
        type=int,
        metavar="N",
        help="records per batch (default: 10 for SQS, 100 for streams)",
    )
    poll.add_argument(
        "--batch-window",
        type=float,
        default=0.0,
        metavar="SECONDS",
        help="gather records this long before invoking (0)",
    )
    poll.add_argument(
        "--starting-position",
        default="LATEST",
        choices=("TRIM_HORIZON", "LATEST"),
        help="where streams start without a checkpoint (LATEST)",
    )
    poll.add_argument(
        "--max-retries",
        type=int,
        default=-1,
        metavar="N",
        help="retries of a failing stream batch before it is skipped (-1: until it expires)",
    )
    poll.add_argument(
        "--bisect-on-error", action="store_true", help="split a failing stream batch in two"
    )
    poll.add_argument(
        "--on-failure",
        metavar="QUEUE_URL",
        help="an SQS queue told about skipped stream records",
    )
    poll.add_argument("--state-dir", metavar="DIR", help="where stream checkpoints persist")
    poll.add_argument(
        "--function-timeout",
        type=float,
        default=30.0,
        metavar="SECONDS",
        help="the invocation timeout the context counts down from (30)",
    )
    poll.add_argument(
        "--log-level", default="INFO", type=str.upper, help="logging level (default: INFO)"
    )
    poll.set_defaults(run=_poll)


def _add_set(parser: argparse.ArgumentParser, prefix: str = "") -> None:
    parser.add_argument(
        "--set",
        action="append",
        default=[],
        metavar="PATH=VALUE",
        help=f"{prefix}set a field by dotted path (Records.0.body=hi); JSON values are parsed",
    )


# --- commands -------------------------------------------------------------------------------------


def _demo(options: argparse.Namespace) -> int:
    """Run the bundled bookstore example against generated events and report what happened."""
    from .demo import run

    return run(sys.stdout)


def _generate_event(options: argparse.Namespace) -> int:
    import json

    from lambda_universal_router.testing import names

    if options.list:
        print("\n".join(names()))
        return 0
    if not options.source:
        from .loader import UsageError

        raise UsageError("name an event source, such as sqs or http (--list shows them all)")
    name = f"{options.source}:{options.variant}" if options.variant else options.source
    print(json.dumps(sample_event(name, options.set), indent=2))
    return 0


def sample_event(name: str, settings: Sequence[str]) -> Any:
    """The catalog event ``name`` with ``PATH=VALUE`` settings applied; UsageError if unknown."""
    from lambda_universal_router.testing import generate, names
    from lambda_universal_router.testing._catalog import ALIASES

    from .loader import UsageError

    known = names()
    if name not in known and name not in ALIASES:
        source = name.partition(":")[0]
        variants = [n.partition(":")[2] for n in known if n.startswith(f"{source}:")]
        if variants:
            raise UsageError(
                f"{source} has no variant {name[len(source) + 1 :]!r}; "
                f"its variants: {', '.join(variants)}"
            )
        import difflib

        close = difflib.get_close_matches(name, known, n=3)
        hint = f"did you mean {' or '.join(close)}? " if close else ""
        raise UsageError(
            f"unknown event source {name!r}; {hint}(generate-event --list shows them all)"
        )
    overrides = {}
    for setting in settings:
        path, equals, text = setting.partition("=")
        if not equals or not path:
            raise UsageError(f"--set takes PATH=VALUE (such as Records.0.body=hi), not {setting!r}")
        overrides[path] = text
    try:
        return generate(name, overrides)
    except ValueError as error:
        raise UsageError(str(error)) from None


def _invoke(options: argparse.Namespace) -> int:
    from .invoke import invoke

    return invoke(
        options.app,
        event=options.event,
        sample=options.sample,
        settings=options.set,
        log_level=options.log_level,
    )


def _openapi(options: argparse.Namespace) -> int:
    from .loader import load_app

    app = load_app(options.app)
    title = options.title or app.name
    document = app.router().openapi(title=title, version=options.version)
    if options.format == "yaml":
        from .yaml import dump

        print(dump(document), end="")
    else:
        import json

        print(json.dumps(document, indent=2))
    return 0


def _routes(options: argparse.Namespace) -> int:
    from .loader import load_app

    app = load_app(options.app)
    router = app.router()
    registrations = router.routes()
    if options.json:
        import json

        described = [_described(registration, router) for registration in registrations]
        print(json.dumps(described, indent=2, default=_plain))
        return 0
    if not registrations:
        print(f"{options.app}: no handlers registered")
        return 0
    modules = {getattr(r.handler, "__module__", None) for r in registrations}
    common = modules.pop() if len(modules) == 1 else None
    rows = [
        ("SOURCE", "ROUTE OR FILTERS", "MODE", f"HANDLER (in {common})" if common else "HANDLER")
    ]
    rows.extend(
        (
            source_name(registration),
            _route_or_filters(registration),
            _mode(registration),
            registration.name.removeprefix(f"{common}.") if common else registration.name,
        )
        for registration in registrations
    )
    widths = [max(len(row[column]) for row in rows) for column in range(3)]
    for row in rows:
        cells = [cell.ljust(width) for cell, width in zip(row, widths, strict=False)]
        print("  ".join([*cells, row[3]]))
    return 0


def source_name(registration: Registration) -> str:
    """The source as its decorator names it: schedules are EventBridge events to the router."""
    if registration.source == "eventbridge" and registration.filters.get("scheduled"):
        return "schedule"
    return registration.source


def _shown_filters(registration: Registration) -> dict[str, Any]:
    filters = dict(registration.filters)
    if source_name(registration) == "schedule":
        del filters["scheduled"]  # what the name already says
    return filters


def _described(registration: Registration, router: Router) -> dict[str, Any]:
    """``describe()``, with what the dispatching router adds: its middleware, and its CORS and
    compression where the route sets none."""
    from lambda_universal_router._registry import qualified_name

    summary = registration.describe()
    summary["source"] = source_name(registration)
    layers = router.layers_for(registration)
    if layers:
        summary["middlewares"] = [qualified_name(layer) for layer in layers]
    if registration.source == "http":
        if registration.cors is None and router.cors is not None:
            summary["cors"] = router.cors.describe()
        if registration.compress is None and router.compress is not None:
            summary["compress"] = router.compress
    filters = _shown_filters(registration)
    if filters:
        summary["filters"] = filters
    else:
        summary.pop("filters", None)
    return summary


def _plain(value: Any) -> Any:
    """JSON for filter values: sets as sorted lists, event patterns as written."""
    if isinstance(value, (set, frozenset)):
        return sorted(value)
    return getattr(value, "pattern", None) or str(value)


def _route_or_filters(registration: Registration) -> str:
    if registration.path is not None:
        return f"{','.join(registration.methods)} {registration.path}"
    import json

    parts = []
    for key, value in _shown_filters(registration).items():
        if value is True:
            parts.append(key)
        elif isinstance(value, (set, frozenset, list, tuple)):
            parts.append(f"{key}={','.join(sorted(map(str, value)))}")
        elif isinstance(value, str):
            parts.append(f"{key}={value}")
        else:
            parts.append(f"{key}={json.dumps(_plain(value), separators=(',', ':'))}")
    return " ".join(parts) or "(any)"


def _mode(registration: Registration) -> str:
    if not registration.per_record:
        return "-"
    if registration.concurrency > 1:
        return f"per record, {registration.concurrency} at once"
    return "per record"


def _serve(options: argparse.Namespace) -> int:
    from .loader import load_app
    from .serve import serve

    app = load_app(options.app)
    return serve(
        app,
        host=options.host,
        port=options.port,
        flavor=options.flavor,
        reload=options.reload,
        timeout=options.timeout,
    )


def _poll(options: argparse.Namespace) -> int:
    import logging

    from lambda_universal_router._poll.aws import MissingExtraError
    from lambda_universal_router._poll.checkpoints import CheckpointError
    from lambda_universal_router._poll.runner import OptionsError, PollOptions, check, poll
    from lambda_universal_router._poll.sqs import QueueConfigError

    from .loader import UsageError, load_app

    logging.basicConfig(
        level=options.log_level, stream=sys.stderr, format="%(asctime)s %(levelname)s %(message)s"
    )
    settings = PollOptions(
        queues=options.sqs,
        kinesis=options.kinesis,
        dynamodb=options.dynamodb_stream,
        endpoint_url=options.endpoint_url,
        region=options.region,
        batch_size=options.batch_size,
        batch_window=options.batch_window,
        starting_position=options.starting_position,
        max_retries=options.max_retries,
        bisect=options.bisect_on_error,
        on_failure=options.on_failure,
        state_dir=options.state_dir,
        function_timeout=options.function_timeout,
    )
    try:
        check(settings)
        app = load_app(options.app)
        return poll(app.invoke, settings, name=app.name)
    except (OptionsError, QueueConfigError, MissingExtraError, CheckpointError) as error:
        raise UsageError(str(error)) from None
    except Exception as error:
        if type(error).__module__.startswith("botocore"):
            raise UsageError(f"cannot start polling: {error}") from None
        raise


def _template(options: argparse.Namespace) -> int:
    import os

    from .loader import load_app
    from .template import METADATA_KEY, build, camel

    app = load_app(options.app)
    router = app.router()
    handler = options.handler or app.handler_name()
    if handler is None:
        handler = f"{app.module.__name__}.lambda_handler"
        print(
            f"{PROG} template: note: {app.module.__name__} defines no lambda_handler; add "
            f"'lambda_handler = {app.attribute}.dispatch' to it, or pass --handler",
            file=sys.stderr,
        )
    code_uri = options.code_uri
    if code_uri is None:
        code_uri = os.path.relpath(app.root) if app.root is not None else "."
        if code_uri.startswith(".."):
            code_uri = str(app.root)
    template = build(
        router,
        app=options.app,
        function=f"{camel(app.name)}Function",
        handler=handler,
        code_uri=code_uri,
        api=options.api,
        starting_position=options.starting_position,
        runtime=options.runtime,
        kafka=options.kafka,
        resources=options.resources,
        catch_all=options.catch_all,
    )
    if options.requirements is not None:
        from .template_requirements import write_requirements

        written = write_requirements(options.requirements or code_uri)
        print(f"{PROG} template: wrote {written}", file=sys.stderr)
    for entry in template["Metadata"][METADATA_KEY].get("NotWired", []):
        print(
            f"{PROG} template: note: {entry['Source']} handler {entry['Handler']} is not wired: "
            f"{entry['Wiring']}",
            file=sys.stderr,
        )
    if options.output == "json":
        import json

        print(json.dumps(template, indent=2))
    else:
        from .yaml import dump

        sys.stdout.write(dump(template, header=f"Generated by: {PROG} template {options.app}"))
    return 0
