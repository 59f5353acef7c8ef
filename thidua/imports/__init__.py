"""Spreadsheet round-trip: reading rosters as offices make them, validating, deduplicating, exporting."""
