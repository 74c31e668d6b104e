"""Storybridge as an LTI 1.3 / LTI Advantage tool (django-lti, PyLTI1p3): see launch.py."""
