"""Form classes generated from forms/*.ui by pyside6-uic (do not edit by hand)."""
