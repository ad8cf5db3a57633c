"""Reads: what pages and APIs show. No writes here."""
