"""CodeDeploy lifecycle hooks: a deployment waits for the function to validate a stage.

For Lambda and ECS deployments, CodeDeploy invokes the hook function (``BeforeAllowTraffic``,
``AfterAllowTraffic``, ...) with the deployment id and the hook execution id, then waits until
the function reports ``Succeeded`` or ``Failed`` with ``PutLifecycleEventHookExecutionStatus``.
The return value is ignored; without the report, the deployment times out.
"""

from __future__ import annotations

from typing import Any, ClassVar

from ._base import Event
from ._fields import text
from ._sdk import client as client_for

#: The statuses a hook function reports.
STATUSES = frozenset({"Succeeded", "Failed"})


class CodeDeployLifecycleEvent(Event):
    """A lifecycle hook of a deployment, waiting for a ``Succeeded`` or ``Failed`` report."""

    __slots__ = ()
    _repr_fields: ClassVar[tuple[str, ...]] = ("deployment_id",)

    @property
    def deployment_id(self) -> str | None:
        """The deployment (``d-...``) the hook belongs to."""
        return text(self.raw_event, "DeploymentId")

    @property
    def lifecycle_event_hook_execution_id(self) -> str | None:
        """The id of this hook's execution, needed to report its status."""
        return text(self.raw_event, "LifecycleEventHookExecutionId")

    def status_params(self, status: str) -> dict[str, str]:
        """Arguments for ``put_lifecycle_event_hook_execution_status``."""
        if status not in STATUSES:
            raise ValueError(f"A lifecycle hook reports Succeeded or Failed, not {status!r}")
        deployment, execution = self.deployment_id, self.lifecycle_event_hook_execution_id
        if deployment is None or execution is None:
            from lambda_universal_router._exceptions import InvalidEventError

            raise InvalidEventError(
                "This CodeDeploy event lacks DeploymentId or LifecycleEventHookExecutionId"
            )
        return {
            "deploymentId": deployment,
            "lifecycleEventHookExecutionId": execution,
            "status": status,
        }

    def succeeded_params(self) -> dict[str, str]:
        """Arguments reporting ``Succeeded``: the deployment goes on."""
        return self.status_params("Succeeded")

    def failed_params(self) -> dict[str, str]:
        """Arguments reporting ``Failed``: the deployment stops and rolls back."""
        return self.status_params("Failed")

    def succeed(self, client: Any = None) -> Any:
        """Report ``Succeeded`` with ``client`` (a boto3 CodeDeploy client; one made if None)."""
        params = self.succeeded_params()
        return client_for("codedeploy", client).put_lifecycle_event_hook_execution_status(**params)

    def fail(self, client: Any = None) -> Any:
        """Report ``Failed`` with ``client`` (a boto3 CodeDeploy client; one made if None)."""
        params = self.failed_params()
        return client_for("codedeploy", client).put_lifecycle_event_hook_execution_status(**params)
