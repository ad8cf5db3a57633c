"""Tests of the support bot."""
