"""Seed a PostgreSQL database with a million tickets and five million messages for the inbox benchmark.

Usage (an empty database; it is migrated first):

    createdb -h 127.0.0.1 -U postgres bench_inbox
    .venv/bin/python bench/seed_volume.py --database-url postgresql://postgres@127.0.0.1:5432/bench_inbox

Shape (a marketplace's support desk after about two years): 50 agents in 5 teams, 200,000
customers, 1,000,000 tickets of which about 7.5 % are still active (new/open/pending/on_hold, 3 %
of those snoozed), the rest resolved or closed (0.5 % merged); languages bn/banglish/en,
the 17 intents of INTENTS.md, six channels, four priorities, 0-3 tags each (as `ticket_tag` rows),
an SLA deadline on most active tickets (some overdue), 1-9 messages per ticket (5 on average).

Fast: rows are generated as COPY text and streamed with psycopg's `cursor.copy`; foreign-key
triggers are off during the load (`session_replication_role = replica`, the data is consistent
by construction) and secondary indexes are dropped before the load and rebuilt after it, then
ANALYZE. Refuses a database that already has tickets unless `--force` (which empties it first).
"""

from __future__ import annotations

import argparse
import json
import os
import random
import sys
import time
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import psycopg

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

INTENTS = {  # intent: relative frequency
    "track_order": 22,
    "cancel_order": 7,
    "return_item": 7,
    "item_problem": 9,
    "refund_status": 8,
    "request_refund": 5,
    "payment_issue": 9,
    "payment_methods": 3,
    "delivery_info": 5,
    "change_address": 4,
    "account_help": 6,
    "promo_coupon": 4,
    "complaint": 5,
    "talk_to_agent": 3,
    "greeting": 1,
    "thanks_goodbye": 1,
    "out_of_scope": 1,
}
TEAMS = {  # slug: (name, intents it handles)
    "general": ("Customer care", ["account_help", "promo_coupon", "talk_to_agent", "greeting"]),
    "payments": ("Payments", ["payment_issue", "payment_methods", "refund_status", "request_refund"]),
    "logistics": ("Delivery", ["track_order", "delivery_info", "change_address", "cancel_order"]),
    "returns": ("Returns", ["return_item", "item_problem"]),
    "escalations": ("Escalations", ["complaint"]),
}
LANGUAGES = {"bn": 55, "banglish": 25, "en": 20}
CHANNELS = {"web": 35, "sms": 20, "whatsapp": 20, "messenger": 15, "email": 8, "voice": 2}
PRIORITIES = {"low": 15, "normal": 60, "high": 20, "urgent": 5}
STATUSES = {  # per mille
    "new": 15,
    "open": 35,
    "pending": 15,
    "on_hold": 10,
    "resolved": 450,
    "closed": 475,
}
TAGS = [
    "vip",
    "cod",
    "bkash",
    "nagad",
    "rocket",
    "card",
    "dhaka",
    "chattogram",
    "sylhet",
    "fragile",
    "repeat-contact",
    "escalated",
    "seller-issue",
    "courier-delay",
    "fake-product",
    "warranty",
    "eid-campaign",
    "flash-sale",
    "social-media",
    "legal",
]
SUBJECTS = {
    "bn": ["অর্ডার কোথায়?", "টাকা কেটেছে কিন্তু অর্ডার হয়নি", "ভাঙা পণ্য পেয়েছি", "রিফান্ড কবে পাব?", "ঠিকানা বদলাতে চাই"],
    "banglish": [
        "amar order kothay?",
        "taka kete geche",
        "product vanga",
        "refund kobe pabo",
        "address change korbo",
    ],
    "en": [
        "Where is my order?",
        "Charged twice on bKash",
        "Wrong item delivered",
        "Refund status",
        "Change address",
    ],
}
BODIES = {
    "bn": [
        "আমার অর্ডার এখনো আসেনি, তিন দিন হয়ে গেল। একটু দেখবেন কি?",
        "বিকাশে টাকা কেটেছে কিন্তু অর্ডার কনফার্ম হয়নি। TrxID দিচ্ছি।",
        "পণ্যটি ভাঙা অবস্থায় এসেছে, ছবি পাঠালাম।",
        "আপনার অর্ডারটি কুরিয়ারে আছে, আগামীকাল পৌঁছাবে ইনশাআল্লাহ।",
        "ধন্যবাদ, আমরা বিষয়টি দেখছি। একটু অপেক্ষা করুন।",
    ],
    "banglish": [
        "amar order ekhono ashe nai, 3 din hoye gelo. ektu dekhben?",
        "bkash e taka kete geche kintu order confirm hoy nai",
        "product ta vanga ashche, chobi dilam",
        "apnar order courier e ache, kalke pouchabe",
        "dhonnobad, amra dekhchi. ektu opekkha korun",
    ],
    "en": [
        "My order has not arrived yet, it has been three days. Could you check?",
        "I was charged on bKash but the order is not confirmed. Here is the TrxID.",
        "The product arrived broken, I have attached photos.",
        "Your order is with the courier and should arrive tomorrow.",
        "Thank you, we are looking into it. Please bear with us.",
    ],
}
FIRST_NAMES = ["Ayesha", "Rahim", "Karim", "Fatema", "Nusrat", "Tanvir", "Sadia", "Imran", "Mitu", "Rafi"]
LAST_NAMES = ["Rahman", "Hossain", "Akter", "Islam", "Chowdhury", "Begum", "Uddin", "Sarkar"]
ACTIVE = ("new", "open", "pending", "on_hold")
DAY = 86400.0


def _weighted(table: dict[str, int]) -> tuple[list[str], list[int]]:
    return list(table), list(table.values())


def _uuid7(ms: int, rng: random.Random) -> str:
    """A version-7 UUID for a given millisecond (rows are created in time order, like the app)."""
    value = (ms << 80) | (0x7 << 76) | (rng.getrandbits(12) << 64) | (0b10 << 62) | rng.getrandbits(62)
    h = f"{value:032x}"
    return f"{h[:8]}-{h[8:12]}-{h[12:16]}-{h[16:20]}-{h[20:]}"


def _ts(epoch: float | None) -> str:
    if epoch is None:
        return "\\N"
    return datetime.fromtimestamp(epoch, UTC).isoformat()


def _n(value: str | None) -> str:
    return "\\N" if value is None else value


def _sqlalchemy_url(url: str) -> str:
    from backend.config import normalise_database_url

    return normalise_database_url(url)


def _psycopg_url(url: str) -> str:
    return url.replace("postgresql+psycopg://", "postgresql://", 1)


class Seeder:
    def __init__(self, conn: psycopg.Connection, *, tickets: int, customers: int, seed: int) -> None:
        self.conn = conn
        self.tickets = tickets
        self.customers = customers
        self.rng = random.Random(seed)
        self.now = time.time()
        self.org_id = ""
        self.inbox_by_channel: dict[str, str] = {}
        self.team_ids: dict[str, str] = {}
        self.agents_by_team: dict[str, list[str]] = {}
        self.customer_ids: list[str] = []

    def copy(self, table: str, columns: list[str], lines: Iterator[str]) -> int:
        count = 0
        statement = f"COPY {table} ({', '.join(columns)}) FROM STDIN"
        with self.conn.cursor() as cur, cur.copy(statement) as copy:
            buffer: list[str] = []
            for line in lines:
                buffer.append(line)
                count += 1
                if len(buffer) >= 20000:
                    copy.write("".join(buffer))
                    buffer.clear()
            if buffer:
                copy.write("".join(buffer))
        return count

    def people(self) -> None:
        from backend.auth.passwords import hash_password

        rng = self.rng
        start_ms = int((self.now - 800 * DAY) * 1000)
        self.org_id = _uuid7(start_ms, rng)
        created = _ts(self.now - 800 * DAY)
        with self.conn.cursor() as cur:
            cur.execute(
                "INSERT INTO organisation (id, name, ticket_counter, created_at) VALUES (%s, %s, %s, %s)",
                (self.org_id, "Seba bench", self.tickets, created),
            )
            for channel in CHANNELS:
                inbox_id = _uuid7(start_ms, rng)
                self.inbox_by_channel[channel] = inbox_id
                cur.execute(
                    "INSERT INTO inbox (id, organisation_id, name, channel, settings, is_enabled, created_at)"
                    " VALUES (%s, %s, %s, %s, '{}', true, %s)",
                    (inbox_id, self.org_id, channel.title(), channel, created),
                )
            password = hash_password("seba-bench-2026")
            agent_number = 0
            for slug, (name, handles) in TEAMS.items():
                team_id = _uuid7(start_ms, rng)
                self.team_ids[slug] = team_id
                cur.execute(
                    "INSERT INTO team (id, organisation_id, slug, name, name_bn, handles, created_at)"
                    " VALUES (%s, %s, %s, %s, '', %s, %s)",
                    (team_id, self.org_id, slug, name, json.dumps(handles), created),
                )
                self.agents_by_team[slug] = []
                for _ in range(10):
                    agent_number += 1
                    agent_id = _uuid7(start_ms, rng)
                    gender = "female" if agent_number % 3 == 0 else "male"
                    cur.execute(
                        "INSERT INTO agent (id, organisation_id, email, name, password_hash, role, skills,"
                        " languages, capacity, gender, locale, is_active, created_at)"
                        " VALUES (%s, %s, %s, %s, %s, %s, %s, %s, 8, %s, 'bn', true, %s)",
                        (
                            agent_id,
                            self.org_id,
                            f"agent{agent_number:02d}@bench.seba.test",
                            f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)}",
                            password,
                            "supervisor" if agent_number % 10 == 1 else "agent",
                            json.dumps(handles),
                            json.dumps(["bn", "en", "banglish"]),
                            gender,
                            created,
                        ),
                    )
                    self.agents_by_team[slug].append(agent_id)
                    cur.execute(
                        "INSERT INTO team_membership (team_id, agent_id) VALUES (%s, %s)", (team_id, agent_id)
                    )
            # A few agents work in two teams (my_teams then spans both).
            for slug, other in (
                ("general", "escalations"),
                ("payments", "general"),
                ("returns", "logistics"),
            ):
                agent_id = self.agents_by_team[slug][1]
                cur.execute(
                    "INSERT INTO team_membership (team_id, agent_id) VALUES (%s, %s)",
                    (self.team_ids[other], agent_id),
                )

        def customers() -> Iterator[str]:
            for i in range(self.customers):
                created_s = self.now - 800 * DAY + i * (790 * DAY / self.customers)
                customer_id = _uuid7(int(created_s * 1000), rng)
                self.customer_ids.append(customer_id)
                phone = f"+8801{rng.choice('3456789')}{i:08d}"
                email = f"customer{i}@example.com" if i % 5 < 2 else None
                name = f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)}"
                ts = _ts(created_s)
                locale = "en" if i % 5 == 0 else "bn"
                yield (
                    f"{customer_id}\t{self.org_id}\t{name}\t{phone}\t{_n(email)}\t{locale}\tbengali\t"
                    f"{'vip' if i % 50 == 0 else 'standard'}\t{ts}\t{ts}\n"
                )

        self.copy(
            "customer",
            [
                "id",
                "organisation_id",
                "name",
                "phone",
                "email",
                "locale",
                "sms_script",
                "tier",
                "created_at",
                "updated_at",
            ],
            customers(),
        )

    def tickets_and_messages(self, messages_out: Path) -> tuple[int, int, int]:
        """COPY tickets and tags; write messages to a file COPYed afterwards (one pass over tickets)."""
        rng = self.rng
        intents, intent_w = _weighted(INTENTS)
        languages, language_w = _weighted(LANGUAGES)
        channels, channel_w = _weighted(CHANNELS)
        priorities, priority_w = _weighted(PRIORITIES)
        statuses, status_w = _weighted(STATUSES)
        team_of_intent = {intent: slug for slug, (_n2, handles) in TEAMS.items() for intent in handles}
        span = 760 * DAY
        tag_lines: list[str] = []
        message_count = 0
        messages = messages_out.open("w", encoding="utf-8")
        ticket_ids: list[str] = []

        def tickets() -> Iterator[str]:
            nonlocal message_count
            for number in range(1, self.tickets + 1):
                status = rng.choices(statuses, status_w)[0]
                active = status in ACTIVE
                # Active tickets are recent; finished ones spread over two years, in number order.
                if active:
                    created = self.now - rng.uniform(0, 14 * DAY)
                else:
                    created = self.now - span - 20 * DAY + span * number / self.tickets
                ticket_id = _uuid7(int(created * 1000), rng)
                ticket_ids.append(ticket_id)
                intent = rng.choices(intents, intent_w)[0]
                language = rng.choices(languages, language_w)[0]
                channel = rng.choices(channels, channel_w)[0]
                priority = rng.choices(priorities, priority_w)[0]
                team = team_of_intent.get(intent, "general")
                assigned = rng.random() < (0.8 if active else 0.97)
                assignee = rng.choice(self.agents_by_team[team]) if assigned else None
                customer_id = self.customer_ids[int(rng.paretovariate(1.2) * 1000) % len(self.customer_ids)]
                tags = rng.sample(TAGS, rng.choice((0, 0, 0, 1, 1, 2, 3)))
                for tag in tags:
                    tag_lines.append(f"{ticket_id}\t{tag}\n")
                n_messages = rng.randint(1, 9)
                last = created
                first_response = None
                for k in range(n_messages):
                    last = created if k == 0 else last + rng.uniform(60, 6 * 3600)
                    direction = "inbound" if k % 2 == 0 else ("note" if k % 5 == 3 else "outbound")
                    if direction == "outbound" and first_response is None:
                        first_response = last
                    body = rng.choice(BODIES[language])
                    author = "customer" if direction == "inbound" else "agent"
                    agent_col = assignee if author == "agent" and assignee else "\\N"
                    delivery = "received" if direction == "inbound" else "delivered"
                    messages.write(
                        f"{_uuid7(int(last * 1000), rng)}\t{ticket_id}\t{direction}\t{author}\t{agent_col}\t"
                        f"{body}\t[]\t{channel}\t{delivery}\t[]\t{_ts(last)}\n"
                    )
                message_count += n_messages
                if active:
                    last = min(last, self.now - 1)
                waiting = last if active and status in ("new", "open") else None
                sla_due = None
                if active and (status in ("new", "open") or rng.random() < 0.3):
                    sla_due = self.now + rng.uniform(-4 * 3600, 24 * 3600)
                snoozed = None
                if active and rng.random() < 0.03:
                    snoozed = self.now + rng.uniform(-2 * 3600, 3 * DAY)
                resolved_at = last if status in ("resolved", "closed") else None
                closed_at = last + 3 * DAY if status == "closed" else None
                merged = None
                if status == "closed" and len(ticket_ids) > 1 and rng.random() < 0.005:
                    merged = ticket_ids[-2]
                subject = rng.choice(SUBJECTS[language])
                order_ref = (
                    f"BD{number:08d}" if intent in ("track_order", "cancel_order", "item_problem") else None
                )
                yield (
                    f"{ticket_id}\t{self.org_id}\t{number}\t{subject}\t{status}\t{priority}\t{customer_id}\t"
                    f"{self.inbox_by_channel[channel]}\t{channel}\t{_n(assignee)}\t{self.team_ids[team]}\t"
                    f"\\N\t{language}\t{intent}\t{_n(order_ref)}\t{json.dumps(tags)}\t{_ts(created)}\t"
                    f"{_ts(last)}\t{_ts(last)}\t{_ts(waiting)}\t{_ts(first_response)}\t{_ts(resolved_at)}\t"
                    f"{_ts(closed_at)}\t{_ts(sla_due)}\t{_ts(snoozed)}\t{_n(merged)}\t\\N\n"
                )

        count = self.copy(
            "ticket",
            [
                "id",
                "organisation_id",
                "number",
                "subject",
                "status",
                "priority",
                "customer_id",
                "inbox_id",
                "channel",
                "assignee_id",
                "team_id",
                "category",
                "language",
                "intent",
                "order_ref",
                "tags",
                "created_at",
                "updated_at",
                "last_activity_at",
                "waiting_since",
                "first_response_at",
                "resolved_at",
                "closed_at",
                "sla_due_at",
                "snoozed_until",
                "merged_into_id",
                "agent_gender_requested",
            ],
            tickets(),
        )
        messages.close()
        tags = self.copy("ticket_tag", ["ticket_id", "tag"], iter(tag_lines))
        return count, tags, message_count

    def copy_messages(self, path: Path) -> None:
        columns = "id, ticket_id, direction, author_type, author_agent_id, body, attachments, channel,"
        columns += " delivery_status, mentions, created_at"
        statement = f"COPY message ({columns}) FROM STDIN"
        with self.conn.cursor() as cur, cur.copy(statement) as copy, path.open("rb") as source:
            while chunk := source.read(1 << 20):
                copy.write(chunk)


SEEDED_TABLES = ("message", "ticket_tag", "ticket", "customer", "team_membership", "agent", "team", "inbox")


def _secondary_indexes(conn: psycopg.Connection) -> list[tuple[str, str]]:
    """Indexes that are not constraints on the bulk-loaded tables (dropped for the load)."""
    rows = conn.execute(
        """
        SELECT i.indexname, i.indexdef FROM pg_indexes i
        WHERE i.schemaname = 'public' AND i.tablename IN ('ticket', 'message', 'ticket_tag', 'customer')
          AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conname = i.indexname)
        """
    ).fetchall()
    return [(name, definition) for name, definition in rows]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database-url", default=os.environ.get("DATABASE_URL", ""))
    parser.add_argument("--tickets", type=int, default=1_000_000)
    parser.add_argument("--customers", type=int, default=200_000)
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--force", action="store_true", help="empty a database that already has data")
    args = parser.parse_args()
    if not args.database_url.startswith(("postgres://", "postgresql")):
        parser.error("--database-url (or DATABASE_URL) must be a postgresql:// URL")

    from alembic import command

    from backend.migrations import alembic_config

    started = time.perf_counter()
    command.upgrade(alembic_config(_sqlalchemy_url(args.database_url)), "head")
    with psycopg.connect(_psycopg_url(_sqlalchemy_url(args.database_url)), autocommit=True) as conn:
        has_data = conn.execute(
            "SELECT EXISTS (SELECT 1 FROM ticket) OR EXISTS (SELECT 1 FROM agent)"
        ).fetchone()
        if has_data and has_data[0]:
            if not args.force:
                print(
                    "the database already has tickets or agents; pass --force to empty it first",
                    file=sys.stderr,
                )
                return 2
            conn.execute("TRUNCATE organisation CASCADE")
        conn.execute("SET session_replication_role = replica")
        conn.execute("SET maintenance_work_mem = '1GB'")
        conn.execute("SET max_parallel_maintenance_workers = 2")
        conn.execute("SET synchronous_commit = off")
        indexes = _secondary_indexes(conn)
        for name, _definition in indexes:
            conn.execute(f'DROP INDEX "{name}"')
        seeder = Seeder(conn, tickets=args.tickets, customers=args.customers, seed=args.seed)
        seeder.people()
        print(f"people: {time.perf_counter() - started:.0f} s", flush=True)
        spool = Path(os.environ.get("TMPDIR", "/tmp")) / f"seba-bench-messages-{os.getpid()}.tsv"
        try:
            tickets, tags, messages = seeder.tickets_and_messages(spool)
            print(f"{tickets} tickets, {tags} tags: {time.perf_counter() - started:.0f} s", flush=True)
            seeder.copy_messages(spool)
            print(f"{messages} messages: {time.perf_counter() - started:.0f} s", flush=True)
        finally:
            spool.unlink(missing_ok=True)
        for name, definition in indexes:
            conn.execute(definition)
            print(f"index {name}: {time.perf_counter() - started:.0f} s", flush=True)
        conn.execute("SET session_replication_role = origin")
        conn.execute("VACUUM ANALYZE")
    print(f"seeded in {time.perf_counter() - started:.0f} s", flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
