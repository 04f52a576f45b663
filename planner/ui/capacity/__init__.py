"""The capacity board: the CEO's hours across the partnerships in play."""
