"""The delivery ladder, notification attempts and agents' pushes (see ladder.py)."""
