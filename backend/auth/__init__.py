"""Authentication: agent passwords, customer one-time codes, sessions, throttling, role guards."""
