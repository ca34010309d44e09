"""Wspólnie: a web platform for a city's intercultural community."""
