"""Everything Qt (ui layer): windows, views, Qt models, charts and undo commands."""
