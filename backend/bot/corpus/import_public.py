"""Import the public data sets (Bitext, CLINC150, BPRD) into the bot's training data, mapped to our labels.

Run once from the repository root: `python -m backend.bot.corpus.import_public /path/to/shared/data`.
It writes intents/bitext_en.csv, intents/clinc_en.csv and sentiment/bprd_bn.csv next to this file; the
mapping below is the documentation of what each source label became (README.md repeats it).
"""

from __future__ import annotations

import csv
import json
import re
import sys
from pathlib import Path

DATA_DIR = Path(__file__).resolve().parent

# Bitext intent -> our intent (None: dropped, no matching intent and not unrelated to shopping).
BITEXT_MAP: dict[str, str | None] = {
    "cancel_order": "cancel_order",
    "track_order": "track_order",
    "change_shipping_address": "change_address",
    "set_up_shipping_address": "change_address",
    "check_payment_methods": "payment_methods",
    "payment_issue": "payment_issue",
    "get_refund": "request_refund",
    "check_refund_policy": "request_refund",
    "track_refund": "refund_status",
    "complaint": "complaint",
    "contact_human_agent": "talk_to_agent",
    "contact_customer_service": "talk_to_agent",
    "delivery_options": "delivery_info",
    "delivery_period": "delivery_info",  # rows about "my" parcel/order arriving become track_order
    "recover_password": "account_help",
    "registration_problems": "account_help",
    "create_account": "account_help",
    "delete_account": "account_help",
    "edit_account": "account_help",
    "switch_account": None,  # "use the Platinum profile": subscription tiers we do not have
    "change_order": None,  # editing items of an order: no such intent
    "check_cancellation_fee": None,
    "check_invoice": None,
    "get_invoice": None,
    "newsletter_subscription": None,
    "place_order": None,
    "review": None,
}
_MY = re.compile(r"\bmy\b", re.IGNORECASE)

# CLINC150 intents used: greetings and thanks/goodbyes, plus domains unrelated to shopping (out_of_scope).
CLINC_MAP: dict[str, str] = {
    "greeting": "greeting",
    "goodbye": "thanks_goodbye",
    "thank_you": "thanks_goodbye",
}
CLINC_UNRELATED = [
    "weather",
    "tell_joke",
    "recipe",
    "calories",
    "flip_coin",
    "roll_dice",
    "meaning_of_life",
    "fun_fact",
    "play_music",
    "alarm",
    "timer",
    "translate",
    "definition",
    "spelling",
    "directions",
    "traffic",
    "book_flight",
    "book_hotel",
    "restaurant_reservation",
    "what_is_your_name",
    "how_old_are_you",
    "where_are_you_from",
    "do_you_have_pets",
    "what_are_your_hobbies",
    "timezone",
    "date",
    "time",
    "calculator",
    "measurement_conversion",
    "travel_suggestion",
    "next_holiday",
    "meal_suggestion",
    "ingredients_list",
    "cook_time",
    "uber",
    "car_rental",
    "tire_pressure",
    "oil_change_how",
    "gas",
    "mpg",
    "vaccines",
    "plug_type",
    "international_visa",
    "smart_home",
    "change_volume",
    "next_song",
    "what_song",
    "flight_status",
    "nutrition_info",
    "restaurant_suggestion",
    "todo_list",
    "reminder",
    "schedule_meeting",
    "travel_alert",
    "lost_luggage",
    "carry_on",
    "exchange_rate",
    "distance",
    "current_location",
    "sync_device",
]
CLINC_PER_UNRELATED_INTENT = 15


def import_bitext(source: Path) -> int:
    rows = []
    with source.open(encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh):
            target = BITEXT_MAP[row["intent"]]
            if target is None:
                continue
            text = " ".join(row["instruction"].split())
            if row["intent"] == "delivery_period" and _MY.search(text):
                target = "track_order"
            rows.append((text, target, row["intent"]))
    with (DATA_DIR / "intents" / "bitext_en.csv").open("w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh)
        writer.writerow(["text", "intent", "source_intent"])
        writer.writerows(rows)
    return len(rows)


def import_clinc(source: Path) -> int:
    data = json.loads(source.read_text(encoding="utf-8"))
    rows: list[tuple[str, str, str]] = []
    per_intent: dict[str, int] = {}
    for text, label in data["train"]:
        if label in CLINC_MAP:
            rows.append((text, CLINC_MAP[label], label))
        elif label in CLINC_UNRELATED and per_intent.get(label, 0) < CLINC_PER_UNRELATED_INTENT:
            per_intent[label] = per_intent.get(label, 0) + 1
            rows.append((text, "out_of_scope", label))
    rows.extend((text, "out_of_scope", "oos") for text, _ in data["oos_train"])
    with (DATA_DIR / "intents" / "clinc_en.csv").open("w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh)
        writer.writerow(["text", "intent", "source_intent"])
        writer.writerows(rows)
    # oos_val and 3 validation utterances per unrelated domain are never trained on: the validation
    # set on which the out-of-scope confidence threshold is tuned (with the out-of-fold predictions).
    per_domain: dict[str, int] = {}
    validation = [{"text": text, "intent": "out_of_scope", "language": "en"} for text, _ in data["oos_val"]]
    for text, label in data["val"]:
        if label in CLINC_UNRELATED and per_domain.get(label, 0) < 3:
            per_domain[label] = per_domain.get(label, 0) + 1
            validation.append({"text": text, "intent": "out_of_scope", "language": "en"})
    (DATA_DIR / "intents" / "clinc_oos_val_en.jsonl").write_text(
        "".join(json.dumps(r) + "\n" for r in validation), encoding="utf-8"
    )
    # The oos_test utterances are never trained on: they are an outside out-of-scope test set.
    oos_test = [{"text": text, "intent": "out_of_scope", "language": "en"} for text, _ in data["oos_test"]]
    (DATA_DIR / "intents" / "clinc_oos_test_en.jsonl").write_text(
        "".join(json.dumps(r) + "\n" for r in oos_test), encoding="utf-8"
    )
    return len(rows)


def import_bprd(source: Path) -> int:
    rows = []
    with source.open(encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh):
            stars = int(row["Label"])
            label = "positive" if stars >= 4 else "neutral" if stars == 3 else "negative"
            text = " ".join(row["Reviews"].split())
            if text:
                rows.append((text, label, stars))
    with (DATA_DIR / "sentiment" / "bprd_bn.csv").open("w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh)
        writer.writerow(["text", "sentiment", "stars"])
        writer.writerows(rows)
    return len(rows)


def main(argv: list[str]) -> None:
    source = Path(argv[1] if len(argv) > 1 else "../shared/data")
    n_bitext = import_bitext(source / "bitext_customer_support_train.csv")
    n_clinc = import_clinc(source / "clinc150_data_full.json")
    n_bprd = import_bprd(source / "bprd_bengali_reviews.csv")
    sys.stdout.write(f"bitext {n_bitext}, clinc {n_clinc}, bprd {n_bprd}\n")


if __name__ == "__main__":
    main(sys.argv)
