"""Satisfaction surveys (CSAT): sent once after resolution through the ticket's channel, answered in
the app, by an SMS of one digit 1-5 or by a signed email link; one answer per ticket."""
