"""Who is signed in: an agent (with a role) or a customer (bound to a device)."""

from __future__ import annotations

import uuid
from dataclasses import dataclass

from backend.errors import Forbidden
from backend.models.enums import Role

ROLE_RANK = {Role.agent: 1, Role.supervisor: 2, Role.admin: 3}


@dataclass(frozen=True)
class Principal:
    kind: str  # "agent" | "customer"
    id: uuid.UUID
    session_id: uuid.UUID
    name: str
    locale: str
    role: str | None = None  # agents only
    device_id: str | None = None  # customers only

    @property
    def is_agent(self) -> bool:
        return self.kind == "agent"

    @property
    def is_customer(self) -> bool:
        return self.kind == "customer"

    def has_role(self, minimum: Role) -> bool:
        return self.is_agent and ROLE_RANK.get(Role(self.role or "agent"), 0) >= ROLE_RANK[minimum]


def require_agent(principal: Principal | None, minimum: Role = Role.agent) -> Principal:
    from backend.errors import Unauthorized

    if principal is None:
        raise Unauthorized("auth_required")
    if not principal.has_role(minimum):
        raise Forbidden("forbidden_role")
    return principal


def require_customer(principal: Principal | None) -> Principal:
    from backend.errors import Unauthorized

    if principal is None:
        raise Unauthorized("auth_required")
    if not principal.is_customer:
        raise Forbidden("forbidden_role")
    return principal
