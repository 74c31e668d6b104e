from django.apps import AppConfig


class ReportingConfig(AppConfig):
    """Reports for educators on what learners did: attitude change from the questionnaires
    (attitude/), engagement and the analyst's export (engagement/). No models of its own."""

    name = "reporting"
    verbose_name = "Reports"
