"""The window's frame: main window, view switching, commands, dialogs, background jobs."""
