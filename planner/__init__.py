"""Partnership Planner."""
