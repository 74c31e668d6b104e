"""Accounts: the extra sign-up questions, the "Your profile" page, and the guards on the two
places people sign in.

Sign-up, the learner sign-in, email verification and password reset are django-allauth's own
flows (adapter.py: failed sign-ins counted per account, email links from SITE_BASE_URL). The
admin sign-in is Wagtail's page with forms.AdminLoginForm, and its "forgotten password" page is
views.AdminPasswordResetView; both share allauth's limits (throttle.py).
"""
