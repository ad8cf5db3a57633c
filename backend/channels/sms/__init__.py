"""SMS: sending through Twilio (or the development log when no credentials are set)."""
