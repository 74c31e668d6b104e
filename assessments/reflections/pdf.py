"""The learner's reflections as a PDF portfolio (fpdf2), for professional revalidation.

Learners write in any language. The portfolio uses the DejaVu fonts when the system has them
(Debian's fonts-dejavu-core), which cover Latin, Greek, Cyrillic, Arabic and Hebrew letters;
otherwise fpdf2's built-in Helvetica, which covers Latin-1 only. A character the font cannot
show becomes "?" and the portfolio says so: it never fails because of what someone wrote.
"""

import re
from pathlib import Path

from django.conf import settings
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from fpdf import FPDF
from fpdf.enums import XPos, YPos

DEFAULT_FONT_DIR = "/usr/share/fonts/truetype/dejavu"
REGULAR_FONT = "DejaVuSans.ttf"
BOLD_FONT = "DejaVuSans-Bold.ttf"
MISSING = "?"
_PARAGRAPH_BREAK = re.compile(r"\n\s*\n")

INK = (27, 27, 31)
MUTED = (74, 79, 87)
BRAND = (11, 92, 107)


def font_files():
    """(regular, bold) TrueType files for the portfolio, or None to use the built-in font."""
    directory = Path(getattr(settings, "STORYBRIDGE_PDF_FONT_DIR", DEFAULT_FONT_DIR))
    regular, bold = directory / REGULAR_FONT, directory / BOLD_FONT
    if regular.is_file() and bold.is_file():
        return regular, bold
    return None


def _date(value):
    return formats.date_format(value, "j F Y")


class PortfolioDocument(FPDF):
    def __init__(self, fonts=None):
        super().__init__(format="A4", unit="mm")
        if fonts is not None:
            self.add_font("DejaVu", "", str(fonts[0]))
            self.add_font("DejaVu", "B", str(fonts[1]))
            self.family_name = "DejaVu"
            self._covered = set(self.fonts["dejavu"].cmap) & set(self.fonts["dejavuB"].cmap)
        else:
            self.family_name = "helvetica"
            self._covered = None
        self.replaced_characters = False
        self.set_margins(18, 18, 18)
        self.set_auto_page_break(True, margin=20)
        self.set_text_color(*INK)

    def showable(self, text):
        """The text with every character the font cannot draw replaced by "?"."""
        text = str(text or "")
        if self._covered is None:
            shown = text.encode(self.core_fonts_encoding, errors="replace").decode(
                self.core_fonts_encoding
            )
        else:
            shown = "".join(
                ch if ch in "\n\t" or ord(ch) in self._covered else MISSING for ch in text
            )
        if shown != text:
            self.replaced_characters = True
        return shown

    def use_font(self, size, bold=False):
        self.set_font(self.family_name, "B" if bold else "", size)

    def footer(self):
        self.set_y(-14)
        self.use_font(8)
        self.set_text_color(*MUTED)
        self.cell(
            0,
            6,
            self.showable(_("Reflective accounts · page %(page)s of %(pages)s"))
            % {"page": self.page_no(), "pages": "{nb}"},
            align="C",
        )
        self.set_text_color(*INK)

    def line_text(self, text, size=11, bold=False, height=None, color=INK):
        self.use_font(size, bold)
        self.set_text_color(*color)
        # Ragged right: justified text is harder to read, for dyslexic readers above all.
        self.multi_cell(
            0,
            height or size * 0.5,
            self.showable(text),
            align="L",
            new_x=XPos.LMARGIN,
            new_y=YPos.NEXT,
        )
        self.set_text_color(*INK)

    def fact(self, label, value):
        """A label and its value on one line, the value wrapping under itself."""
        self.use_font(10, bold=True)
        self.set_text_color(*MUTED)
        label_width = 38
        self.cell(label_width, 6, self.showable(label), new_x=XPos.RIGHT, new_y=YPos.TOP)
        self.use_font(10)
        self.set_text_color(*INK)
        self.multi_cell(0, 6, self.showable(value), align="L", new_x=XPos.LMARGIN, new_y=YPos.NEXT)

    def rule(self):
        self.ln(3)
        self.set_draw_color(*BRAND)
        self.set_line_width(0.4)
        self.line(self.l_margin, self.get_y(), self.w - self.r_margin, self.get_y())
        self.ln(4)


def period_label(reflections, since=None, until=None):
    """The period the portfolio covers: the one asked for, else first to last submission."""
    dates = [timezone.localdate(r.submitted_at) for r in reflections if r.submitted_at]
    start = since or (min(dates) if dates else None)
    end = until or (max(dates) if dates else None)
    if start and end:
        return _("%(start)s to %(end)s") % {"start": _date(start), "end": _date(end)}
    if start:
        return _("From %(start)s") % {"start": _date(start)}
    if end:
        return _("Up to %(end)s") % {"end": _date(end)}
    return _("No reflections submitted yet")


def portfolio_filename(on=None):
    return f"storybridge-reflections-{(on or timezone.localdate()).isoformat()}.pdf"


def portfolio_pdf(user, reflections, since=None, until=None, organisation_name="", fonts=None):
    """The PDF bytes of the learner's portfolio: owner, period, then each reflection with its
    prompt, date submitted, course, module, narrative and text (paragraphs kept)."""
    pdf = PortfolioDocument(fonts if fonts is not None else font_files())
    owner_name = user.get_full_name() or user.get_username()
    pdf.set_title(_("Reflective accounts"))
    pdf.set_author(owner_name)
    pdf.set_creator("Storybridge")
    pdf.set_lang(settings.LANGUAGE_CODE)
    pdf.add_page()
    _cover(pdf, user, owner_name, reflections, since, until, organisation_name)
    if not reflections:
        pdf.rule()
        pdf.line_text(_("There are no submitted reflections in this period."), size=11)
    for number, reflection in enumerate(reflections, start=1):
        _reflection(pdf, reflection, number, len(reflections))
    if pdf.replaced_characters:
        pdf.rule()
        pdf.line_text(
            _(
                'Some characters could not be shown in this PDF and appear as "?". Your '
                "journal on Storybridge keeps every character as you wrote it."
            ),
            size=9,
            height=5,
            color=MUTED,
        )
    return bytes(pdf.output())


def _cover(pdf, user, owner_name, reflections, since, until, organisation_name):
    """The title and the facts about the portfolio: owner, organisation, period, count."""
    pdf.line_text(_("Reflective accounts"), size=20, bold=True, height=10, color=BRAND)
    pdf.line_text(
        _("A portfolio of reflections written on Storybridge"), size=11, height=6, color=MUTED
    )
    pdf.ln(4)
    pdf.fact(_("Owner"), owner_name)
    if user.email:
        pdf.fact(_("Email"), user.email)
    # The owner's own workplace, from their profile; else the organisation running the site.
    organisation = getattr(user, "organisation", "") or organisation_name
    if organisation:
        pdf.fact(_("Organisation"), organisation)
    pdf.fact(_("Period"), period_label(reflections, since, until))
    pdf.fact(_("Reflections"), str(len(reflections)))
    pdf.fact(_("Exported on"), _date(timezone.localdate()))
    pdf.ln(2)
    pdf.line_text(
        _(
            "The owner wrote these reflections while learning from recorded recovery narratives. "
            "They are the owner's own document, private unless the owner chose to share them."
        ),
        size=9,
        height=5,
        color=MUTED,
    )


def _reflection(pdf, reflection, number, total):
    """One reflection: its place in the portfolio, prompt, facts and text, paragraphs kept."""
    pdf.rule()
    pdf.line_text(
        _("Reflection %(n)d of %(total)d") % {"n": number, "total": total},
        size=9,
        height=5,
        color=MUTED,
    )
    pdf.line_text(reflection.prompt, size=13, bold=True, height=7)
    pdf.ln(1)
    if reflection.submitted_at:
        pdf.fact(_("Date submitted"), _date(timezone.localtime(reflection.submitted_at)))
    pdf.fact(_("Course"), reflection.course_title)
    pdf.fact(_("Module"), reflection.module_title)
    if reflection.narrative_title:
        pdf.fact(_("Narrative"), reflection.narrative_title)
    pdf.ln(2)
    for paragraph in _PARAGRAPH_BREAK.split(reflection.text):
        pdf.line_text(paragraph.strip("\n"), size=11, height=6)
        pdf.ln(2.5)
