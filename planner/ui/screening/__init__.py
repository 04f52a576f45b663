"""Priority screening: the ranked list of opportunities, gates, scores and weights."""
