"""The SMS channel's fixtures (local Twilio peer, the composed API) for the survey's SMS tests."""

from tests.channels.sms.conftest import api, twilio_peer  # noqa: F401  (re-exported fixtures)
