"""The pure clinical core: alert rules, the recovery checklist, clinical codes and chart geometry.

Plain data in, plain data out, with the clock passed in: no Flask, no database, no models.
"""
