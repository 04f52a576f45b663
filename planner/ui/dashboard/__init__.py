"""The dashboard: portfolio health, next steps and the meeting log."""
