"""Engagement with a course (report), the analyst's questionnaire export (export), and their
admin views (views)."""
