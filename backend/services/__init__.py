"""Service functions: every write in Seba goes through one of these, inside a `transaction`."""
