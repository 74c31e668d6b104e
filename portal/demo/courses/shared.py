"""Blocks more than one demo course uses."""

TAKE_YOUR_TIME = (
    "callout",
    {
        "style": "tip",
        "title": "Take your time",
        "body": (
            "<p>Some stories talk about hard times. You can pause, read the transcript "
            "instead, or stop and come back later. Nobody is timing you.</p>"
        ),
    },
)

SUPPORT = (
    "support",
    {
        "heading": "If this brings things up for you",
        "body": (
            "<p>It is normal to feel something after hearing these stories. If you would "
            "like to talk to someone, here is where to go.</p>"
        ),
    },
)
