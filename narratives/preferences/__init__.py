"""Viewer preferences: how a learner wants content warnings, modality and media handled.

The rules the narrative rendering uses live in `rules.py`; import them from there.
"""
