"""Rebuild patentbridge/core/fonts/NotoSansSC-GB2312.ttf, the contract PDF's embedded CJK font.

Source: Noto Sans CJK SC Regular (SIL Open Font License 1.1), as Debian's fonts-noto-cjk package installs it.
The font is cut down to ASCII, Latin-1, general and CJK punctuation, full-width forms and the 6,763 hanzi of
GB 2312, and its CFF outlines are converted to TrueType (quadratic) outlines, because reportlab embeds
TrueType fonts only. Needs fontTools (`pip install fonttools`), which the platform itself does not.

    python3 scripts/build_contract_font.py [/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc]
"""

import sys
from pathlib import Path

from fontTools.pens.cu2quPen import Cu2QuPen
from fontTools.pens.ttGlyphPen import TTGlyphPen
from fontTools.subset import Options, Subsetter
from fontTools.ttLib import TTCollection, newTable

SOURCE = "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc"
TARGET = Path(__file__).resolve().parent.parent / "patentbridge/core/fonts/NotoSansSC-GB2312.ttf"
MAX_ERROR = 1.0  # font units: the largest distance between the cubic outline and its quadratic copy


def gb2312_characters() -> set[int]:
    chars = set()
    for high in range(0xB0, 0xF8):
        for low in range(0xA1, 0xFF):
            try:
                chars.add(ord(bytes([high, low]).decode("gb2312")))
            except UnicodeDecodeError:
                pass
    return chars


def wanted() -> set[int]:
    ranges = [(0x20, 0x7F), (0xA0, 0x100), (0x2000, 0x2070), (0x2100, 0x2200), (0x3000, 0x3040), (0xFF00, 0xFFF0)]
    return gb2312_characters() | {c for low, high in ranges for c in range(low, high)}


def sc_font(path: str):
    for font in TTCollection(path).fonts:
        if "SC" in font["name"].getDebugName(4):
            return font
    raise SystemExit(f"no Simplified Chinese face in {path}")


def cff_to_glyf(font) -> None:
    order = font.getGlyphOrder()
    glyph_set = font.getGlyphSet()
    glyf = newTable("glyf")
    glyf.glyphOrder = order
    glyf.glyphs = {}
    for name in order:
        pen = TTGlyphPen(glyph_set)
        glyph_set[name].draw(Cu2QuPen(pen, MAX_ERROR, reverse_direction=True))
        glyf.glyphs[name] = pen.glyph()
    font["glyf"] = glyf
    font["loca"] = newTable("loca")
    del font["CFF "]
    if "VORG" in font:
        del font["VORG"]
    font["maxp"].tableVersion = 0x00010000
    for attr in ("maxZones", "maxTwilightPoints", "maxStorage", "maxFunctionDefs", "maxInstructionDefs",
                 "maxStackElements", "maxSizeOfInstructions", "maxComponentElements"):
        setattr(font["maxp"], attr, 0)
    font["maxp"].maxZones = 1
    font["head"].glyphDataFormat = 0
    font.sfntVersion = "\x00\x01\x00\x00"
    font["post"].formatType = 2.0
    font["post"].extraNames = []
    font["post"].mapping = {}


def main(source: str = SOURCE) -> None:
    font = sc_font(source)
    options = Options()
    options.layout_features = []
    options.name_IDs = ["*"]
    options.notdef_outline = True
    subsetter = Subsetter(options)
    subsetter.populate(unicodes=wanted())
    subsetter.subset(font)
    cff_to_glyf(font)
    TARGET.parent.mkdir(parents=True, exist_ok=True)
    font.save(TARGET)
    print(f"{TARGET}: {TARGET.stat().st_size:,} bytes, {len(font.getGlyphOrder()):,} glyphs")


if __name__ == "__main__":
    main(*sys.argv[1:])
