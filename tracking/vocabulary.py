"""Every xAPI IRI Storybridge uses: verbs, activity types, extensions and profiles. Nothing
else in the code base spells an IRI out; statement builders, the served JSON-LD profile and the
tests all read them from here.

Published vocabularies are used where they fit: ADL's verbs and activity types, the xAPI Video
Profile (https://w3id.org/xapi/video) for video narratives and the ADL Audio Profile
(https://w3id.org/xapi/audio) for audio ones. The Audio Profile reuses the Video Profile's
verbs and extensions and adds its own activity type and category, so both share the
constants below. Concepts no published vocabulary has are Storybridge's own, defined in the
JSON-LD profile the platform serves at /xapi/profile (tracking/profile.py) and named under
its IRI, so they resolve.
"""

from django.conf import settings

XAPI_VERSION = "1.0.3"
LANGUAGE = "en-GB"  # of activity names and descriptions
# Verb displays use the words and language of the registries that define the verbs; Ralph's
# profile models accept nothing else.
VERB_LANGUAGE = "en-US"
PLATFORM = "Storybridge"


# -- ADL verbs (http://adlnet.gov/expapi/verbs/) --------------------------------------------
REGISTERED = "http://adlnet.gov/expapi/verbs/registered"
INITIALIZED = "http://adlnet.gov/expapi/verbs/initialized"
COMPLETED = "http://adlnet.gov/expapi/verbs/completed"
TERMINATED = "http://adlnet.gov/expapi/verbs/terminated"
ANSWERED = "http://adlnet.gov/expapi/verbs/answered"
EXPERIENCED = "http://adlnet.gov/expapi/verbs/experienced"
# Activity Streams' "submit", as registered in the xAPI registry; used for reflections.
SUBMITTED = "http://activitystrea.ms/schema/1.0/submit"

# -- Video Profile verbs, also used by the Audio Profile ---------------------------------------
PLAYED = "https://w3id.org/xapi/video/verbs/played"
PAUSED = "https://w3id.org/xapi/video/verbs/paused"
SEEKED = "https://w3id.org/xapi/video/verbs/seeked"


# The IRI of Storybridge's own xAPI profile, served as JSON-LD at this address. Read once from
# SITE_BASE_URL, which is fixed for the life of a process.
PROFILE = f"{settings.SITE_BASE_URL}/xapi/profile"


def own(kind, name):
    """The IRI of one of Storybridge's own concepts: `<profile>/<kind>/<name>`."""
    return f"{PROFILE}/{kind}/{name}"


# -- Storybridge's own verbs ---------------------------------------------------------------
WARNING_SHOWN = own("verbs", "content-warning-shown")
WARNING_ACCEPTED = own("verbs", "content-warning-accepted")
WARNING_DECLINED = own("verbs", "content-warning-declined")
CHOSE = own("verbs", "chose")
TOOK_A_BREAK = own("verbs", "took-a-break")
ASKED_FOR_SUPPORT = own("verbs", "asked-for-support")

# Display names for every verb, in the platform's language.
VERB_DISPLAY = {
    REGISTERED: "registered",
    INITIALIZED: "initialized",
    COMPLETED: "completed",
    TERMINATED: "terminated",
    ANSWERED: "answered",
    EXPERIENCED: "experienced",
    SUBMITTED: "submitted",
    PLAYED: "played",
    PAUSED: "paused",
    SEEKED: "seeked",
    WARNING_SHOWN: "was shown the content warning for",
    WARNING_ACCEPTED: "accepted the content warning for",
    WARNING_DECLINED: "declined the content warning for",
    CHOSE: "chose",
    TOOK_A_BREAK: "took a break from",
    ASKED_FOR_SUPPORT: "asked for support while viewing",
}


def verb_display(verb_iri):
    """The display name of a verb IRI (its last path segment if it is not ours)."""
    return VERB_DISPLAY.get(verb_iri) or verb_iri.rstrip("/").rsplit("/", 1)[-1]


# -- Activity types ------------------------------------------------------------------------
COURSE = "http://adlnet.gov/expapi/activities/course"
MODULE = "http://adlnet.gov/expapi/activities/module"
ASSESSMENT = "http://adlnet.gov/expapi/activities/assessment"  # a questionnaire
CMI_INTERACTION = "http://adlnet.gov/expapi/activities/cmi.interaction"
PROFILE_ACTIVITY = "http://adlnet.gov/expapi/activities/profile"
VIDEO = "https://w3id.org/xapi/video/activity-type/video"
AUDIO = "https://w3id.org/xapi/audio/activity-type/audio"


# Storybridge's own activity types. Video and audio narratives use the profiles' types.
NARRATIVE = own("activity-types", "narrative")  # a text narrative
CONTENT_WARNING = own("activity-types", "content-warning")  # the notice before a narrative
CHOICE_SET = own("activity-types", "choice-set")
REFLECTION = own("activity-types", "reflection")
SUPPORT = own("activity-types", "support")  # the support page, as the object of get-support
# The learner library (/stories/): stories a learner opens outside any course. No published
# vocabulary has a collection type (ADL's list has course, module, lesson... but no library).
LIBRARY = own("activity-types", "library")

# Interaction types (xAPI 1.0.3, Part Two, 2.4.4.1.1)
LIKERT = "likert"
CHOICE = "choice"

# -- Profiles, as context.contextActivities.category -----------------------------------------
VIDEO_PROFILE = "https://w3id.org/xapi/video"
AUDIO_PROFILE = "https://w3id.org/xapi/audio"
# The LMS Profile: Ralph's LMSRegisteredCourse model (registered + course) requires it.
LMS_PROFILE = "https://w3id.org/xapi/lms"

# -- Video Profile extensions (the Audio Profile uses the same) ------------------------------
EXT_SESSION_ID = "https://w3id.org/xapi/video/extensions/session-id"
EXT_LENGTH = "https://w3id.org/xapi/video/extensions/length"
EXT_COMPLETION_THRESHOLD = "https://w3id.org/xapi/video/extensions/completion-threshold"
EXT_CC_SUBTITLE_LANG = "https://w3id.org/xapi/video/extensions/cc-subtitle-lang"
EXT_USER_AGENT = "https://w3id.org/xapi/video/extensions/user-agent"
EXT_TIME = "https://w3id.org/xapi/video/extensions/time"
EXT_TIME_FROM = "https://w3id.org/xapi/video/extensions/time-from"
EXT_TIME_TO = "https://w3id.org/xapi/video/extensions/time-to"
EXT_PROGRESS = "https://w3id.org/xapi/video/extensions/progress"
EXT_PLAYED_SEGMENTS = "https://w3id.org/xapi/video/extensions/played-segments"


# -- Storybridge's own extensions ----------------------------------------------------------
EXT_WORD_COUNT = own("extensions", "word-count")  # result: words in a submitted reflection
EXT_TIMEPOINT = own("extensions", "timepoint")  # context: "pre", "post" or "follow-up"
EXT_SUBSCALE_SCORES = own("extensions", "subscale-scores")  # result: {subscale: score}
EXT_INSTRUMENT_VERSION = own("extensions", "instrument-version")  # context
EXT_ATTEMPT = own("extensions", "attempt")  # result: attempt number at a knowledge check
EXT_WARNINGS = own("extensions", "content-warnings")  # context: warnings named on the notice

# Timepoints as they appear in statements (assessments.questionnaires.models.Timepoint values
# map onto these).
TIMEPOINT_VALUES = ("pre", "post", "follow-up")
