"""Demo site settings and demo accounts. Everything here is a placeholder to replace."""

REPLACE = "replace in Settings → Storybridge settings"

SETTINGS = {
    "organisation_name": f"Example Care Trust (demo — {REPLACE})",
    # example.org is reserved for examples (RFC 2606): nothing sent there reaches anyone.
    "contact_email": "learning-support@example.org",
    "contact_phone": "Example: 01632 960 000, Monday to Friday, 9am to 5pm",
    "support_intro": (
        "<p>These are example entries for the demo. Your organisation should put its own "
        "support services here.</p>"
    ),
    "support_resources": [
        {
            "name": f"Example: urgent help — {REPLACE}",
            "description": (
                "If you or someone else is in danger right now, call the emergency services. "
                "Put your local urgent mental health line here."
            ),
            "phone": "",
            "url": "",
            "hours": "Example: 24 hours a day",
        },
        {
            "name": f"Example: your Employee Assistance Programme — {REPLACE}",
            "description": "Free, confidential support for staff. Add its phone number here.",
            "phone": "",
            "url": "https://example.org/employee-assistance",
            "hours": "Example: 24 hours a day, 7 days a week",
        },
        {
            "name": f"Example: your occupational health team — {REPLACE}",
            "description": "Support if your work is affecting your health, or your health "
            "is affecting your work.",
            "phone": "",
            "url": "",
            "hours": "Example: Monday to Friday, 9am to 5pm",
        },
    ],
    "readability_target_grade": 8,
}

# username, password, group names, is_staff, is_superuser. The Makefile prints these passwords.
USERS = [
    ("educator", "storybridge-educator", ["Educators"], True, False),
    ("curator", "storybridge-curator", ["Narrative curators"], True, False),
    ("learner", "storybridge-learner", [], False, False),
    ("admin", "storybridge-admin", [], True, True),
]
