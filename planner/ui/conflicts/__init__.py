"""The conflict-area register and its heat map."""
