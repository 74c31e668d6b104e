"""Learner accounts: the extra sign-up questions and the "Your profile" page.

Sign-up, sign-in, email verification and password reset are django-allauth's own flows.
"""
