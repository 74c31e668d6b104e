"""Attitude change on a course: the statistics (analysis), the report with every small group
suppressed (report, built from loading and results), its summary, histogram and charts, and the
admin views (views)."""
