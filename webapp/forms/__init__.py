"""Validation shared by the pages and the JSON API: the forms of each concern and their fields."""
