"""Milestone timelines: the Gantt chart, slip charts and meeting mode."""
