"""Partners & people: partner organisations and people (ui layer)."""
