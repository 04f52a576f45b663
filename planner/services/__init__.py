"""Use cases (services layer): validate input, call the store, return a ChangeSet."""
