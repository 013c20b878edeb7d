"""The text of a reportlab PDF, read back through its fonts' ToUnicode maps (no PDF library is installed), so that a
test can check what a report says rather than only that it is a PDF."""

from __future__ import annotations

import base64
import re
import zlib

_OBJECT = re.compile(rb"(\d+) 0 obj(.*?)endobj", re.S)
_STREAM = re.compile(rb"^(.*?)stream\r?\n(.*?)endstream", re.S)


def _objects(pdf: bytes) -> dict[int, tuple[bytes, bytes | None]]:
    """Object number → (dictionary text, decoded stream or None)."""
    out = {}
    for number, body in _OBJECT.findall(pdf):
        match = _STREAM.match(body.strip())
        if match is None:
            out[int(number)] = (body, None)
            continue
        head, data = match.groups()
        if b"ASCII85Decode" in head:
            data = base64.a85decode(data.strip().removesuffix(b"~>"), ignorechars=b" \n\r")
        if b"FlateDecode" in head:
            data = zlib.decompressobj().decompress(data)
        out[int(number)] = (head, data)
    return out


def _cmap(data: bytes) -> dict[int, str]:
    mapping = {}
    for block in re.findall(rb"beginbfchar(.*?)endbfchar", data, re.S):
        for code, text in re.findall(rb"<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>", block):
            mapping[int(code, 16)] = bytes.fromhex(text.decode()).decode("utf-16-be")
    for block in re.findall(rb"beginbfrange(.*?)endbfrange", data, re.S):
        for lo, hi, start in re.findall(rb"<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>", block):
            for offset in range(int(hi, 16) - int(lo, 16) + 1):
                mapping[int(lo, 16) + offset] = chr(int(start, 16) + offset)
    return mapping


def _unescape(raw: bytes) -> bytes:
    out, i = bytearray(), 0
    while i < len(raw):
        if raw[i] == 0x5C and i + 1 < len(raw):  # backslash
            nxt = raw[i + 1:i + 4]
            octal = re.match(rb"[0-7]{1,3}", nxt)
            if octal:
                out.append(int(octal.group(), 8))
                i += 1 + len(octal.group())
                continue
            out.append({ord("n"): 10, ord("r"): 13, ord("t"): 9}.get(raw[i + 1], raw[i + 1]))
            i += 2
            continue
        out.append(raw[i])
        i += 1
    return bytes(out)


def pdf_text(pdf: bytes) -> str:
    objects = _objects(pdf)
    fonts: dict[bytes, dict[int, str]] = {}
    for head, _data in objects.values():
        for name, ref in re.findall(rb"/(F[\w+]+) (\d+) 0 R", head):
            font_head = objects.get(int(ref), (b"", None))[0]
            to_unicode = re.search(rb"/ToUnicode (\d+) 0 R", font_head)
            if to_unicode:
                fonts[name] = _cmap(objects[int(to_unicode.group(1))][1] or b"")
    text = []
    for _head, data in objects.values():
        if data is None or b"BT" not in data:
            continue
        current: dict[int, str] = {}
        for font, string in re.findall(rb"/(F[\w+]+) [\d.]+ Tf|\(((?:\\.|[^\\)])*)\)", data):
            if font:
                current = fonts.get(font, {})
            else:
                text.append("".join(current.get(b, chr(b)) for b in _unescape(string)))
    return "".join(text)
