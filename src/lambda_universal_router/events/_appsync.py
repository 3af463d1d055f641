"""AppSync direct Lambda resolvers: the resolver context AppSync sends for one GraphQL field.

With batching enabled AppSync sends a list of these contexts; the router resolves each one with
its own handler (see ``_answers.appsync``).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from ._base import Event, mapping, text_listing, text_mapping
from ._fields import text


class AppSyncEvent(Event):
    """The context of one field to resolve: arguments, identity, parent object, selection."""

    __slots__ = ()
    _repr_fields = ("parent_type_name", "field_name")

    @property
    def arguments(self) -> dict[str, Any]:
        """The GraphQL arguments of the field."""
        return mapping(self.raw_event, "arguments")

    @property
    def identity(self) -> dict[str, Any]:
        """Who called: Cognito (``sub``, ``username``, ``claims``, ``groups``), IAM
        (``userArn``, ``accountId``), OIDC or Lambda authorizer (``resolverContext``) fields;
        ``{}`` for API key calls."""
        return mapping(self.raw_event, "identity")

    @property
    def username(self) -> str | None:
        """The caller's user name (Cognito, IAM)."""
        return text(self.identity, "username")

    @property
    def sub(self) -> str | None:
        """The caller's subject (Cognito, OIDC)."""
        return text(self.identity, "sub")

    @property
    def claims(self) -> dict[str, Any]:
        """The caller's token claims (Cognito, OIDC)."""
        return mapping(self.identity, "claims")

    @property
    def groups(self) -> list[str]:
        """The caller's Cognito groups."""
        return text_listing(self.identity, "groups")

    @property
    def source_ip(self) -> list[str]:
        """The caller's IP addresses, as AppSync lists them."""
        return text_listing(self.identity, "sourceIp")

    @property
    def resolver_context(self) -> dict[str, Any]:
        """What a Lambda authorizer returned as ``resolverContext``."""
        return mapping(self.identity, "resolverContext")

    @property
    def source(self) -> dict[str, Any]:
        """The parent object, for fields of a type other than Query, Mutation and Subscription."""
        return mapping(self.raw_event, "source")

    @property
    def request(self) -> dict[str, Any]:
        """The HTTP request of the GraphQL call: ``headers`` and ``domainName``."""
        return mapping(self.raw_event, "request")

    @property
    def request_headers(self) -> dict[str, str]:
        """The HTTP headers of the GraphQL call (lower-case names)."""
        return text_mapping(self.request, "headers")

    @property
    def domain_name(self) -> str | None:
        """The custom domain the call came through, if any."""
        return text(self.request, "domainName")

    @property
    def info(self) -> dict[str, Any]:
        """The ``info`` map: field name, parent type, variables, selection set."""
        return mapping(self.raw_event, "info")

    @property
    def field_name(self) -> str | None:
        """The field being resolved (``getPost``)."""
        return text(self.info, "fieldName")

    @property
    def parent_type_name(self) -> str | None:
        """The type the field belongs to (``Query``, ``Mutation``, ``Post``)."""
        return text(self.info, "parentTypeName")

    @property
    def variables(self) -> dict[str, Any]:
        """The variables the GraphQL operation was sent with."""
        return mapping(self.info, "variables")

    @property
    def selection_set_list(self) -> list[str]:
        """The selected subfields, as paths (``["id", "author/name"]``)."""
        return text_listing(self.info, "selectionSetList")

    @property
    def selection_set_graphql(self) -> str | None:
        """The selection set as GraphQL text."""
        return text(self.info, "selectionSetGraphQL")

    @property
    def prev(self) -> dict[str, Any]:
        """The previous step of a pipeline resolver (``{"result": ...}``), ``{}`` otherwise."""
        return mapping(self.raw_event, "prev")

    @property
    def prev_result(self) -> Any:
        """The result of the previous pipeline function."""
        return self.prev.get("result")

    @property
    def stash(self) -> dict[str, Any]:
        """The map pipeline functions share within one resolver."""
        return mapping(self.raw_event, "stash")


#: Filters for ``@router.appsync(type_name=..., field_name=...)``.
FILTERS: dict[str, Callable[[Any, Any], bool]] = {
    "type_name": lambda wanted, event: event.parent_type_name in wanted,
    "field_name": lambda wanted, event: event.field_name in wanted,
}
