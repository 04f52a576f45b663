"""Pure rules of the planner (domain layer): no Qt, no SQL, no PDF."""
