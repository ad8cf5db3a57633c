"""Bilingual (Bengali and English) texts the backend sends to people."""
