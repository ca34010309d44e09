"""Pure helpers with no Django state; each has its own tests under tests/lib."""
