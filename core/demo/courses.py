"""The demo courses, written for Storybridge in plain language.

Module bodies are lists of (block type, value) pairs in the shape of courses/blocks/. Narrative
blocks name a narrative by its title in core/demo/narratives.py; `load_demo` swaps in the id.
Pages are found again by slug, so re-running the command updates them in place.
"""

INDEX = {
    "slug": "courses",
    "title": "Courses",
    "intro": (
        "<p>Short courses built around people's own stories of mental health and recovery. "
        "These are demo courses: the stories in them are illustrative.</p>"
    ),
}

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
            ],
        },
    ],
}

COURSES = [CARE_ASSISTANT_COURSE, TRAINEE_COURSE]
