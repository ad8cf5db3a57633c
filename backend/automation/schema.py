"""The rule format: allow-listed triggers, conditions (field, operator, value) and actions, as
pydantic models; anything outside the allow-lists is refused with a bilingual error."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from backend.errors import ValidationFailed
from backend.intents import INTENTS
from backend.models.enums import ChannelKind, CustomerTier, TicketPriority, TicketStatus

TRIGGERS: tuple[str, ...] = (
    "ticket_created",
    "ticket_updated",
    "message_received",
    "sla_warning",
    "sla_breach",
    "customer_silent",
)
SENTIMENTS: tuple[str, ...] = ("positive", "neutral", "negative")
LANGUAGES: tuple[str, ...] = ("bn", "en")
SILENT_HOURS_MAX = 24 * 30
CLOSE_DAYS_MAX = 30
CONDITIONS_MAX = 20
ACTIONS_MAX = 10

_SCALAR_OPS = ("is", "is_not", "in", "not_in")
_OPTIONAL_OPS = (*_SCALAR_OPS, "is_set", "is_not_set")
LIST_OPERATORS = frozenset({"in", "not_in", "any", "all", "none"})
VALUELESS_OPERATORS = frozenset({"is_set", "is_not_set"})


@dataclass(frozen=True)
class FieldSpec:
    operators: tuple[str, ...]
    values: tuple[str, ...] | None  # None: free text (tags)


CONDITION_FIELDS: dict[str, FieldSpec] = {
    "channel": FieldSpec(_SCALAR_OPS, tuple(ChannelKind)),
    "intent": FieldSpec(_OPTIONAL_OPS, INTENTS),
    "language": FieldSpec(_OPTIONAL_OPS, LANGUAGES),
    "sentiment": FieldSpec(_OPTIONAL_OPS, SENTIMENTS),
    "priority": FieldSpec((*_SCALAR_OPS, "at_least", "at_most"), tuple(TicketPriority)),
    "tags": FieldSpec(("any", "all", "none"), None),
    "customer_tier": FieldSpec(_SCALAR_OPS, tuple(CustomerTier)),
    "business_hours": FieldSpec(("is",), ("open", "closed")),
    "holiday": FieldSpec(("is",), ("yes", "no")),
    "status": FieldSpec(_SCALAR_OPS, tuple(TicketStatus)),
}
OPERATORS: tuple[str, ...] = tuple(dict.fromkeys(op for s in CONDITION_FIELDS.values() for op in s.operators))


class Condition(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    field: str
    operator: str
    value: str | list[str] | None = None


class _Action(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class AssignTeam(_Action):
    type: Literal["assign_team"]
    team: str = Field(min_length=1, max_length=60)  # the team's slug


class AssignAgent(_Action):
    type: Literal["assign_agent"]
    agent: str = Field(min_length=3, max_length=320)  # the agent's email


class SetPriority(_Action):
    type: Literal["set_priority"]
    priority: Literal["low", "normal", "high", "urgent"]


class AddTag(_Action):
    type: Literal["add_tag"]
    tag: str = Field(min_length=1, max_length=40)


class SendCanned(_Action):
    type: Literal["send_canned"]
    canned: str = Field(min_length=1, max_length=40)  # the canned response's shortcut


class SendSurvey(_Action):
    type: Literal["send_survey"]


class Escalate(_Action):
    type: Literal["escalate"]


class CloseAfter(_Action):
    type: Literal["close_after"]
    days: int = Field(ge=1, le=CLOSE_DAYS_MAX)


Action = Annotated[
    AssignTeam | AssignAgent | SetPriority | AddTag | SendCanned | SendSurvey | Escalate | CloseAfter,
    Field(discriminator="type"),
]
ACTIONS: tuple[str, ...] = (
    "assign_team",
    "assign_agent",
    "set_priority",
    "add_tag",
    "send_canned",
    "send_survey",
    "escalate",
    "close_after",
)


class RuleSpec(BaseModel):
    """A rule as an admin writes it (the JSON of `seba rules dry-run --rule-json`)."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    name: str = Field(min_length=1, max_length=120)
    active: bool = True
    trigger: str
    silent_hours: int | None = Field(default=None, ge=1, le=SILENT_HOURS_MAX)
    match: Literal["all", "any"] = "all"
    conditions: list[Condition] = Field(default_factory=list, max_length=CONDITIONS_MAX)
    actions: list[Action] = Field(min_length=1, max_length=ACTIONS_MAX)
    stop_processing: bool = False

    @field_validator("name")
    @classmethod
    def _strip_name(cls, value: str) -> str:
        value = " ".join(value.split())
        if not value:
            raise ValueError("name is empty")
        return value


def _allowed(values: tuple[str, ...] | list[str]) -> str:
    return ", ".join(values)


def _check_condition(raw: Any) -> None:
    if not isinstance(raw, dict):
        raise ValidationFailed("automation_rule_invalid", detail="every condition is an object")
    field = raw.get("field")
    spec = CONDITION_FIELDS.get(str(field))
    if spec is None:
        raise ValidationFailed(
            "automation_condition_unknown", field=str(field)[:60], allowed=_allowed(list(CONDITION_FIELDS))
        )
    operator = raw.get("operator")
    if operator not in spec.operators:
        raise ValidationFailed(
            "automation_operator_unknown",
            operator=str(operator)[:60],
            field=field,
            allowed=_allowed(spec.operators),
        )
    value = raw.get("value")
    if operator in VALUELESS_OPERATORS:
        if value not in (None, "", []):
            raise ValidationFailed(
                "automation_value_invalid", field=field, value=str(value)[:60], allowed="-"
            )
        return
    values = value if operator in LIST_OPERATORS else [value]
    if not isinstance(values, list) or not values or not all(isinstance(v, str) and v for v in values):
        raise ValidationFailed(
            "automation_value_invalid",
            field=field,
            value=str(value)[:60],
            allowed=_allowed(spec.values) if spec.values else "…",
        )
    if operator not in LIST_OPERATORS and isinstance(value, list):
        raise ValidationFailed("automation_value_invalid", field=field, value=str(value)[:60], allowed="…")
    if spec.values is not None:
        for v in values:
            if v not in spec.values:
                raise ValidationFailed(
                    "automation_value_invalid", field=field, value=str(v)[:60], allowed=_allowed(spec.values)
                )


def parse_rule(raw: Any) -> RuleSpec:
    """Validate a rule's JSON against the allow-lists; the first problem is refused (bilingual)."""
    if not isinstance(raw, dict):
        raise ValidationFailed("automation_rule_invalid", detail="the rule is a JSON object")
    trigger = raw.get("trigger")
    if trigger not in TRIGGERS:
        raise ValidationFailed(
            "automation_trigger_unknown", trigger=str(trigger)[:60], allowed=_allowed(TRIGGERS)
        )
    if trigger == "customer_silent" and raw.get("silent_hours") in (None, ""):
        raise ValidationFailed("automation_silent_hours_required", max=SILENT_HOURS_MAX)
    if raw.get("match", "all") not in ("all", "any"):
        raise ValidationFailed("automation_rule_invalid", detail="match is all or any")
    conditions = raw.get("conditions", [])
    if not isinstance(conditions, list):
        raise ValidationFailed("automation_rule_invalid", detail="conditions is a list")
    for condition in conditions:
        _check_condition(condition)
    actions = raw.get("actions")
    if not isinstance(actions, list) or not actions:
        raise ValidationFailed("automation_actions_required")
    for action in actions:
        kind = action.get("type") if isinstance(action, dict) else None
        if kind not in ACTIONS:
            raise ValidationFailed(
                "automation_action_unknown", action=str(kind)[:60], allowed=_allowed(ACTIONS)
            )
    try:
        spec = RuleSpec.model_validate(raw)
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(p) for p in first.get("loc", ()))
        raise ValidationFailed(
            "automation_rule_invalid", detail=f"{where}: {first.get('msg', '')}"[:200]
        ) from None
    if spec.trigger != "customer_silent" and spec.silent_hours is not None:
        raise ValidationFailed("automation_rule_invalid", detail="silent_hours is only for customer_silent")
    return spec


def rule_as_json(spec: RuleSpec) -> dict[str, Any]:
    """The stored form of a rule's parts (the inverse of `parse_rule`)."""
    return spec.model_dump(mode="json", exclude_none=False)
