"""The support bot: language understanding (nlu/), its training data (data/) and conversation flows."""
