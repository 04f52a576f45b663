"""Protocol agreements: sections, agreeing, signing and amending."""
