"""The demo course for nursing and psychology trainees."""

from .shared import SUPPORT, TAKE_YOUR_TIME

TRAINEE_COURSE = {
    "slug": "understanding-recovery",
    "title": "Understanding recovery: learning from lived experience",
    "summary": (
        "For nursing and psychology trainees. Explore what recovery means to people who "
        "have lived with mental health problems, in their own words, and what that means for "
        "your practice."
    ),
    "audience": "trainee",
    "estimated_minutes": 90,
    "outcomes": [
        "Describe the five CHIME recovery themes and recognise them in a person's story.",
        "Reflect on how staff attitudes and language can help or hinder recovery.",
        "Choose words that put the person before the diagnosis.",
        "Plan one change to your own practice based on what people told you.",
    ],
    "modules": [
        {
            "slug": "what-we-mean-by-recovery",
            "title": "What we mean by recovery",
            "intro": "Clinical recovery and personal recovery are not the same thing. This "
            "module introduces the five CHIME themes.",
            "estimated_minutes": 20,
            "body": [
                (
                    "text",
                    "<h2>Two meanings of recovery</h2>"
                    "<p><b>Clinical recovery</b> is about symptoms going down and staying "
                    "down. <b>Personal recovery</b> is about living a life that feels "
                    "meaningful to the person, whether or not symptoms remain.</p>"
                    "<h2>The CHIME themes</h2>"
                    "<p>When people describe their own recovery, five themes come up again "
                    "and again:</p>"
                    "<ul><li><b>Connectedness</b>: relationships and belonging.</li>"
                    "<li><b>Hope</b>: believing that things can get better.</li>"
                    "<li><b>Identity</b>: being more than a diagnosis.</li>"
                    "<li><b>Meaning</b>: making sense of what happened.</li>"
                    "<li><b>Empowerment</b>: having a say in your own life.</li></ul>",
                ),
                (
                    "callout",
                    {
                        "style": "info",
                        "title": "Keep these in mind",
                        "body": (
                            "<p>In the next module you will hear several stories. Listen for "
                            "the CHIME themes in each one.</p>"
                        ),
                    },
                ),
            ],
        },
        {
            "slug": "in-their-own-words",
            "title": "In their own words",
            "intro": "Three people tell their stories, and then you choose one more. Notice "
            "what helped them, and who.",
            "estimated_minutes": 35,
            "body": [
                (
                    "text",
                    "<h2>Before you start</h2>"
                    "<p>These stories were written for this demo course and are read or told "
                    "as if by the people in them. Each one shows its content warnings first. "
                    "You can read the transcript instead of listening or watching.</p>",
                ),
                TAKE_YOUR_TIME,
                (
                    "narrative",
                    {
                        "narrative": "The kettle was the loudest thing",
                        "framing": (
                            "<p>Jo's story is about leaving hospital. Which CHIME themes can "
                            "you find in it?</p>"
                        ),
                        "discussion_prompts": [
                            "Which CHIME themes did you notice?",
                            "What might a ward team do to make going home less lonely?",
                        ],
                    },
                ),
                (
                    "narrative",
                    {
                        "narrative": "What helped on the ward",
                        "framing": (
                            "<p>Marcus talks about being detained. Listen for what made him "
                            "feel seen as a person.</p>"
                        ),
                        "discussion_prompts": [
                            "How did Bev show that she had noticed Marcus?",
                            "How might being detained affect trust in staff?",
                        ],
                    },
                ),
                (
                    "narrative",
                    {
                        "narrative": "Back at my desk",
                        "framing": (
                            "<p>Aisha's story moves from stigma at work to peer support. "
                            "Notice the difference one manager made.</p>"
                        ),
                        "discussion_prompts": [
                            "What did Aisha's manager do that her colleague did not?",
                            "Where have you heard jokes like that at work or on placement?",
                        ],
                    },
                ),
                (
                    "narrative_choice",
                    {
                        "prompt": "Choose one more story",
                        # Shared words are true of every story, and of the ones a learner's
                        # settings leave: "all three" is not.
                        "framing": (
                            "<p>Each of these is a short piece of writing. Choose whichever "
                            "speaks to you today.</p>"
                        ),
                        "narratives": ["Small hours", "Letters to my sister", "The allotment"],
                        "discussion_prompts": [
                            "Who was the turning point in the story you chose?",
                            "What would you want to say to this person?",
                        ],
                        "story_words": [
                            {
                                "narrative": "Small hours",
                                "framing": (
                                    "<p>Priya's poem is about nights without sleep. Notice what "
                                    "the nurse, Dee, did when Priya spoke.</p>"
                                ),
                                "discussion_prompts": [
                                    "Why did it matter that Dee did not flinch?"
                                ],
                            },
                            {
                                "narrative": "Letters to my sister",
                                "framing": (
                                    "<p>Tom writes about the evenings after his sister died. "
                                    "Notice who he told the truth to, and what she did.</p>"
                                ),
                                "discussion_prompts": [
                                    "What did the letters give Tom that drinking did not?"
                                ],
                            },
                            {
                                "narrative": "The allotment",
                                "framing": (
                                    "<p>Bea hears voices. Notice the first question someone "
                                    "asked her that was not about her voices.</p>"
                                ),
                                "discussion_prompts": [
                                    "How did the allotment change the way people saw Bea?"
                                ],
                            },
                        ],
                    },
                ),
                (
                    "callout",
                    {
                        "style": "important",
                        "title": "Stories are not case studies",
                        "body": (
                            "<p>Each story is one person's view. Use them to widen your "
                            "understanding, not to predict what any one patient will "
                            "need.</p>"
                        ),
                    },
                ),
                (
                    "reflection",
                    {
                        "prompt": "Which story stayed with you most, and why?",
                        "guidance": (
                            "<p>Write a few sentences in your own words. Think about the CHIME "
                            "themes: connectedness, hope, identity, meaning and empowerment.</p>"
                        ),
                        "minimum_words": 50,
                        "required": True,
                    },
                ),
                SUPPORT,
            ],
        },
        {
            "slug": "stigma-and-language",
            "title": "Stigma and language",
            "intro": "The words we use can open doors or close them. This module looks at "
            "everyday language in health care.",
            "estimated_minutes": 20,
            "body": [
                (
                    "text",
                    "<h2>Person first</h2>"
                    '<p>Saying "a person with schizophrenia" rather than "a '
                    'schizophrenic" keeps the person in view. Many people prefer this, but '
                    "not everyone does: ask how someone describes themselves.</p>"
                    "<h2>Words to think twice about</h2>"
                    '<ul><li>"Attention-seeking": try "needs support" or describe what '
                    "happened.</li>"
                    '<li>"Non-compliant": try "has decided not to take" and ask why.</li>'
                    '<li>"Frequent flyer": try "has been admitted several times".</li>'
                    "</ul>",
                ),
                (
                    "callout",
                    {
                        "style": "tip",
                        "title": "A quick check",
                        "body": (
                            "<p>Before you write in someone's notes, ask yourself: would I "
                            "be happy for them to read this?</p>"
                        ),
                    },
                ),
                (
                    "knowledge_check",
                    {
                        "question": "Which of these put the person first? Tick all that do.",
                        "kind": "multiple",
                        "options": [
                            {
                                "text": '"A person with schizophrenia"',
                                "correct": True,
                                "feedback": (
                                    "<p>Yes. This names the person first, not the diagnosis.</p>"
                                ),
                            },
                            {
                                "text": '"A schizophrenic"',
                                "correct": False,
                                "feedback": (
                                    "<p>Not quite. This turns a diagnosis into who someone is.</p>"
                                ),
                            },
                            {
                                "text": '"Has decided not to take their medication"',
                                "correct": True,
                                "feedback": (
                                    "<p>Yes. It describes a choice the person made, and "
                                    "invites you to ask why.</p>"
                                ),
                            },
                            {
                                "text": '"Non-compliant"',
                                "correct": False,
                                "feedback": (
                                    "<p>Not quite. It sounds like a judgement and says "
                                    "nothing about the person's reasons.</p>"
                                ),
                            },
                        ],
                        "explanation": (
                            "<p>When in doubt, ask how the person describes themselves.</p>"
                        ),
                    },
                ),
                SUPPORT,
            ],
        },
        {
            "slug": "bringing-it-into-practice",
            "title": "Bringing it into practice",
            "intro": "Turn what you have heard into one small change you can make on your "
            "next placement.",
            "estimated_minutes": 15,
            "body": [
                (
                    "text",
                    "<h2>One small change</h2>"
                    "<p>Think back over the stories in this course. Each person named "
                    "someone who helped, and it was usually something small: a knock on the "
                    "door, a remembered cup of tea, a question asked and an answer listened "
                    "to.</p>"
                    "<p>Write down one thing you will do differently on your next placement, "
                    "in the box below. Keep it small enough that you will really do it.</p>",
                ),
                (
                    "callout",
                    {
                        "style": "info",
                        "title": "For your portfolio",
                        "body": (
                            "<p>Your note can become a reflective account for your "
                            "portfolio. Say what you heard, what you felt and what you "
                            "will do.</p>"
                        ),
                    },
                ),
                # Last, so the blocks before it keep their ids in an existing demo.
                (
                    "reflection",
                    {
                        "prompt": "What is one thing you will do differently on your next "
                        "placement?",
                        "guidance": (
                            "<p>Say what you heard in the stories, how it made you feel and "
                            "what you will do. One or two sentences is enough.</p>"
                        ),
                        "minimum_words": None,
                        "required": True,
                    },
                ),
                # After the reflection, so the blocks before it keep their ids in an existing
                # demo. Filters name themes and content-warning domains by slug (load_demo).
                (
                    "library_choice",
                    {
                        "prompt": "Before you go: choose a story of hope from the library",
                        "framing": (
                            "<p>Any story about hope that does not talk about self-harm, "
                            "suicide or other mental health crises. Pick the one you like the "
                            "look of.</p>"
                        ),
                        "filters": {"themes": ["hope"], "without_topics": ["mental-health"]},
                        "discussion_prompts": ["What gave this person hope?"],
                        "max_shown": 6,
                    },
                ),
            ],
        },
    ],
}
