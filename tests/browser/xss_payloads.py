"""A corpus of cross-site scripting payloads for tests/browser/test_xss.py.

Every payload that runs sets `window.__xss` (in whatever frame it runs in), so a test proves
none ran by reading that one flag in every frame of the page. One that fetches anything from
`xss.invalid` shows up as a request the browser fixture's guard blocked.

Each payload is at most MAX_LENGTH characters, so any text field of 120 characters or more
takes it whole; no payload starts or ends with whitespace (forms strip it) or holds a null
character (forms refuse it).
"""

MAX_LENGTH = 110

SCRIPTS = [
    "<script>window.__xss=1</script>",
    "<SCRIPT>window.__xss=1</SCRIPT>",
    '<script src="data:text/javascript,window.__xss=1"></script>',
    '<script type="module">window.__xss=1</script>',
    "<scr<script>ipt>window.__xss=1</scr</script>ipt>",
    "<<script>window.__xss=1//<</script>",
    "<svg><script>window.__xss=1</script></svg>",
    "<math><mtext><script>window.__xss=1</script></mtext></math>",
]

# Closing whatever element or context the text might be rendered into.
BREAKOUTS = [
    "</textarea><script>window.__xss=1</script>",
    "</title><script>window.__xss=1</script>",
    "</script><script>window.__xss=1</script>",
    "</style><img src=x onerror=window.__xss=1>",
    "--><script>window.__xss=1</script>",
    "</option></select><img src=x onerror=window.__xss=1>",
    "</noscript><img src=x onerror=window.__xss=1>",
    "]]></x><script>window.__xss=1</script>",
]

EVENT_HANDLERS = [
    '<img src=x onerror="window.__xss=1">',
    "<IMG SRC=x OnErRoR=window.__xss=1>",
    '<img/src="x"/onerror="window.__xss=1">',
    '<img src="https://xss.invalid/p.png" onerror="window.__xss=1">',
    "<svg onload=window.__xss=1>",
    "<svg><animate onbegin=window.__xss=1 attributeName=x dur=1s>",
    "<body onload=window.__xss=1>",
    "<iframe onload=window.__xss=1></iframe>",
    "<details open ontoggle=window.__xss=1>",
    "<input autofocus onfocus=window.__xss=1>",
    "<select autofocus onfocus=window.__xss=1></select>",
    "<video><source onerror=window.__xss=1></video>",
    "<audio src=x onerror=window.__xss=1></audio>",
    "<marquee onstart=window.__xss=1>x</marquee>",
    "<style onload=window.__xss=1></style>",
    "<link rel=stylesheet href=x onerror=window.__xss=1>",
    "<object data=x onerror=window.__xss=1></object>",
]

URLS = [
    "javascript:window.__xss=1",
    "JaVaScRiPt:window.__xss=1//http://example.org",
    '<a href="javascript:window.__xss=1">click me</a>',
    '<a href="jav&#x09;ascript:window.__xss=1">click me</a>',
    '<form action="javascript:window.__xss=1"><button>go</button></form>',
    '<button formaction="javascript:window.__xss=1">go</button>',
    '<iframe src="javascript:window.__xss=1"></iframe>',
    '<iframe src="data:text/html,<script>window.__xss=1</script>"></iframe>',
    '<iframe srcdoc="<script>window.__xss=1</script>"></iframe>',
    '<iframe srcdoc="&lt;img src=x onerror=window.__xss=1&gt;"></iframe>',
    '<object data="javascript:window.__xss=1"></object>',
    '<embed src="javascript:window.__xss=1">',
    '<meta http-equiv="refresh" content="0;url=javascript:window.__xss=1">',
    '<base href="javascript:window.__xss=1//">',
    '<svg><a href="javascript:window.__xss=1"><text y=20>x</text></a></svg>',
    '<math><a xlink:href="javascript:window.__xss=1">x</a></math>',
    "[click me](javascript:window.__xss=1)",
]

CSS = [
    '<div style="background:url(javascript:window.__xss=1)">x</div>',
    '<div style="width:expression(window.__xss=1)">x</div>',
    "<style>@import 'javascript:window.__xss=1';</style>",
    '<style>*{background:url("https://xss.invalid/?window.__xss=1")}</style>',
    "<x style=behavior:url(#default#time2) onbegin=window.__xss=1>",
]

BROKEN_MARKUP = [
    "<img src=x onerror=window.__xss=1",
    "<svg/onload=window.__xss=1//",
    '<img """><script>window.__xss=1</script>">',
    "<!--><img src=x onerror=window.__xss=1>-->",
    '<noscript><p title="</noscript><img src=x onerror=window.__xss=1>">',
    '<p title="x\'><img src=x onerror=window.__xss=1>">',
    "<img src=`x`onerror=window.__xss=1>",
    "<a\u00a0href=x onmouseover=window.__xss=1>x",
]

# Text that ends up inside an attribute value, quoted either way or not at all.
ATTRIBUTE_BREAKOUTS = [
    '" autofocus onfocus="window.__xss=1" x="',
    "' autofocus onfocus='window.__xss=1' x='",
    '"><img src=x onerror=window.__xss=1>',
    "'><svg onload=window.__xss=1>",
    '"/><script>window.__xss=1</script>',
    "x onmouseover=window.__xss=1 autofocus onfocus=window.__xss=1",
    "`><img src=x onerror=window.__xss=1>",
]

# Text that ends up inside a script: a JSON value, a string literal, a template literal.
SCRIPT_CONTEXT = [
    '"};window.__xss=1;//',
    "';window.__xss=1;//",
    '\\";window.__xss=1;//',
    "${window.__xss=1}",
    "</script><img src=x onerror=window.__xss=1>",
]

TEMPLATES = [
    "{{constructor.constructor('window.__xss=1')()}}",
    "{% autoescape off %}<img src=x onerror=window.__xss=1>{% endautoescape %}",
    "{{ '<img src=x onerror=window.__xss=1>'|safe }}",
    "<%= window.__xss=1 %>",
    "{{7*7}} [[7*7]] #{window.__xss=1}",
]

# Encoded forms: harmless unless something decodes them before or instead of escaping.
ENCODED = [
    "&lt;script&gt;window.__xss=1&lt;/script&gt;",
    "&#60;img src=x onerror=window.__xss=1&#62;",
    "%3Cscript%3Ewindow.__xss=1%3C/script%3E",
    "\\u003cimg src=x onerror=window.__xss=1\\u003e",
    "\\x3csvg onload=window.__xss=1\\x3e",
    '<img src=x onerror="&#119;indow.__xss=1">',
    '<img src=x onerror="\\u0077indow.__xss=1">',
    "\uff1cscript\uff1ewindow.__xss=1\uff1c/script\uff1e",
    "+ADw-script+AD4-window.__xss=1+ADw-/script+AD4-",
    "\u202e<img src=x onerror=window.__xss=1>",
]

POLYGLOTS = [
    "jaVasCript:/*'/*\"/**/window.__xss=1//</stYle/</titLe/</teXtarEa/</scRipt/--!>"
    "<sVg/oNloAd=window.__xss=1//>",
]

PAYLOADS = (
    SCRIPTS
    + BREAKOUTS
    + EVENT_HANDLERS
    + URLS
    + CSS
    + BROKEN_MARKUP
    + ATTRIBUTE_BREAKOUTS
    + SCRIPT_CONTEXT
    + TEMPLATES
    + ENCODED
    + POLYGLOTS
)


def pack(payloads, max_length, separator=" "):
    """The payloads joined into as few values of at most `max_length` characters as will hold
    them, in order; each value is a list of payloads. A later payload may sit inside an earlier
    one's broken markup; any escaping failure still shows as the first payload running and the
    text not showing as typed."""
    values, current = [], []
    for payload in payloads:
        if len(payload) > max_length:
            raise ValueError(f"payload longer than {max_length}: {payload!r}")
        if current and len(separator.join([*current, payload])) > max_length:
            values.append(current)
            current = []
        current.append(payload)
    if current:
        values.append(current)
    return values
