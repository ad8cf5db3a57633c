"""Every page route in one place."""

CUSTOMER_HOME = "/"
CUSTOMER_LOGIN = "/login"
CUSTOMER_NEW_TICKET = "/tickets/new"
CUSTOMER_TICKET = "/t/[ticket_id]"
AGENT_LOGIN = "/agent/login"
AGENT_INBOX = "/agent"
AGENT_TICKET = "/agent/t/[ticket_id]"
ADMIN_AGENTS = "/admin/agents"
FORBIDDEN = "/forbidden"
AGENT_NEXT_TICKET = "/agent/next"
SUPERVISOR_BOARD = "/agent/board"
ADMIN_JOBS = "/admin/jobs"
# SLA policies (issue 6, SLA part)
ADMIN_SLA = "/admin/sla"
# Business calendars (issue 6, calendar part)
ADMIN_CALENDAR = "/admin/calendar"
# Automation rules and satisfaction (issue 6, automation part)
ADMIN_RULES = "/admin/rules"
ADMIN_CSAT = "/admin/csat"
# The support bot: training, versions and monitoring (issue 7, bot part)
ADMIN_BOT = "/admin/bot"
# Help centre editor and analytics (issue 8, knowledge base)
ADMIN_KB = "/admin/kb"
CUSTOMER_HELP = "/help"
CUSTOMER_HELP_ARTICLE = "/help/[lang]/[slug]"
