"""The `seba` command for operators and developers."""
