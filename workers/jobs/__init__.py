"""RQ jobs. Each takes ids, reloads what it needs and is safe to run twice."""
