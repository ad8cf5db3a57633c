"""One module per page; importing this package registers them all."""

from app.pages import (
    admin_agents,
    admin_calendar,
    admin_csat,
    admin_jobs,
    admin_sla,
    admin_rules,
    agent_board,
    agent_inbox,
    agent_login,
    agent_next,
    agent_ticket,
    customer_home,
    customer_login,
    customer_new_ticket,
    customer_ticket,
    errors,
)

__all__ = [
    "admin_agents",
    "admin_calendar",
    "admin_csat",
    "admin_jobs",
    "admin_sla",
    "admin_rules",
    "agent_board",
    "agent_inbox",
    "agent_login",
    "agent_next",
    "agent_ticket",
    "customer_home",
    "customer_login",
    "customer_new_ticket",
    "customer_ticket",
    "errors",
]
