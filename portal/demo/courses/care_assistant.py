"""The demo course for care assistants (an induction)."""

from .shared import SUPPORT, TAKE_YOUR_TIME

CARE_ASSISTANT_COURSE = {
    "slug": "care-assistant-induction",
    "title": "Supporting people's mental health: an induction for care assistants",
    "summary": (
        "For care assistants in their first weeks. Hear from people who have been unwell, "
        "and learn the small, everyday things that help someone feel safe and respected."
    ),
    "audience": "care_assistant",
    "estimated_minutes": 45,
    "outcomes": [
        "Say in your own words what recovery can mean to the person living it.",
        "Name three small, everyday things that help someone feel respected.",
        "Know where to get support for yourself after a hard shift.",
    ],
    "modules": [
        {
            "slug": "what-recovery-means",
            "title": "What recovery means",
            "intro": "Recovery is not always about being cured. Jo tells us what it meant for her.",
            "estimated_minutes": 15,
            "body": [
                (
                    "text",
                    "<h2>Recovery is personal</h2>"
                    "<p>When people talk about recovery from a mental health problem, they "
                    "do not always mean that the problem has gone away. Many people mean "
                    "living a good life, with or without symptoms.</p>"
                    "<p>Recovery looks different for everyone. For one person it is going back "
                    "to work. For another it is opening the post, or seeing friends again.</p>",
                ),
                TAKE_YOUR_TIME,
                (
                    "narrative",
                    {
                        "narrative": "The kettle was the loudest thing",
                        "framing": (
                            "<p>Jo came home after six weeks on a ward. As you read, notice "
                            "who helped her, and how small their help was.</p>"
                        ),
                        "discussion_prompts": [
                            "What made the biggest difference to Jo?",
                            "Who plays the part of Pat for the people you support?",
                        ],
                    },
                ),
                (
                    "callout",
                    {
                        "style": "info",
                        "title": "Remember",
                        "body": (
                            "<p>You do not need to fix someone's problems to help their "
                            "recovery. Being reliable and kind is already a lot.</p>"
                        ),
                    },
                ),
                # Last, so the blocks before it keep their ids when load_demo runs again.
                (
                    "knowledge_check",
                    {
                        "question": "What helped Jo most in her first days at home?",
                        "kind": "single",
                        "options": [
                            {
                                "text": "Her neighbour Pat knocking on her door every morning",
                                "correct": True,
                                "feedback": (
                                    "<p>Yes. Pat's short visit was small, but it happened "
                                    "every day. It gave Jo's day a shape.</p>"
                                ),
                            },
                            {
                                "text": "Being told what to do to get better",
                                "correct": False,
                                "feedback": (
                                    "<p>Not quite. Nobody told Jo what to do. Ray at the "
                                    "group just said he knew how she felt.</p>"
                                ),
                            },
                            {
                                "text": "Being left alone to rest",
                                "correct": False,
                                "feedback": (
                                    "<p>Not quite. Jo felt lost when nobody knew where she "
                                    "was. Small, regular contact helped her more.</p>"
                                ),
                            },
                        ],
                        "explanation": (
                            "<p>Small things, done reliably, can matter a lot to someone's "
                            "recovery.</p>"
                        ),
                        # A learner who chose another story is told the question is Jo's.
                        "about_narrative": "The kettle was the loudest thing",
                    },
                ),
            ],
        },
        {
            "slug": "small-things-that-help",
            "title": "Small things that help",
            "intro": "Marcus remembers the care assistant who made his first days on a ward "
            "a little easier.",
            "estimated_minutes": 15,
            "body": [
                (
                    "text",
                    "<h2>The little things are not little</h2>"
                    "<p>People who have stayed in hospital often remember one member of staff "
                    "who treated them as a person. It is rarely about a big gesture. It is "
                    "about being noticed.</p>",
                ),
                (
                    "narrative",
                    {
                        "narrative": "What helped on the ward",
                        "framing": (
                            "<p>Listen to Marcus, or read the transcript. It takes about one "
                            "minute.</p>"
                        ),
                        "discussion_prompts": [
                            "Why did the cup of tea matter so much to Marcus?",
                            "What could you remember about the people you support?",
                        ],
                    },
                ),
                (
                    "callout",
                    {
                        "style": "tip",
                        "title": "Try this on your next shift",
                        "body": (
                            "<ul><li>Use the name the person likes to be called.</li>"
                            "<li>Remember one thing they told you, and ask about it.</li>"
                            "<li>Sit down when you talk, if you can.</li></ul>"
                        ),
                    },
                ),
                (
                    "reflection",
                    {
                        "prompt": (
                            "What is one small thing you will do differently on your next shift?"
                        ),
                        # The block itself says who can see it: the guidance does not repeat it.
                        "guidance": "<p>A few sentences is plenty.</p>",
                        "minimum_words": 20,
                        "required": True,
                    },
                ),
                SUPPORT,
            ],
        },
        {
            "slug": "looking-after-yourself",
            "title": "Looking after yourself",
            "intro": "Caring work can be hard. This short module is about you.",
            "estimated_minutes": 15,
            "body": [
                (
                    "text",
                    "<h2>You matter too</h2>"
                    "<p>Care work can bring up feelings, especially if you have had your own "
                    "hard times, or someone close to you has. That is normal, and it does not "
                    "mean you are not good at your job.</p>"
                    "<p>Talk to someone you trust after a difficult shift. Take your breaks. "
                    "Ask for help early, not only when things feel too much.</p>",
                ),
                (
                    "callout",
                    {
                        "style": "important",
                        "title": "If you are worried about someone's safety",
                        "body": (
                            "<p>Tell the nurse in charge straight away. You do not have to "
                            "be sure, and you will not be in trouble for asking.</p>"
                        ),
                    },
                ),
                SUPPORT,
            ],
        },
    ],
}
