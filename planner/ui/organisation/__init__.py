"""The organisation profile: vision, values, priorities and capacity."""
