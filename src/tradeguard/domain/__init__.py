"""Shared vocabulary: typed records, identifiers and validators, money, calendars, decisions."""
