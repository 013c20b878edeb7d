"""The CJK font and paragraph styles of the platform's PDFs (fonts/README.md says where the font comes from)."""

from __future__ import annotations

from pathlib import Path

from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

# A TrueType font, so reportlab embeds the glyphs each PDF uses and it prints the same everywhere; the
# built-in STSong-Light CID font is never embedded and prints in whatever font the reader substitutes.
FONT = "NotoSansSC"
FONT_FILE = Path(__file__).with_name("fonts") / "NotoSansSC-GB2312.ttf"
pdfmetrics.registerFont(TTFont(FONT, FONT_FILE))

TITLE = ParagraphStyle("title", fontName=FONT, fontSize=16, leading=22, alignment=1, spaceAfter=8)
BODY = ParagraphStyle("body", fontName=FONT, fontSize=10.5, leading=16, wordWrap="CJK")
