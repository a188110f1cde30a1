"""One escaper per destination, for every text that comes from a source, bank, record, CSV or
URL. Portable (CPython and MicroPython): the pages, the CLIs and the build use the same ones.

    html(text)        HTML element content and double- or single-quoted attribute values
    csv_cell(value)   one CSV cell: RFC 4180 quoting, spreadsheet formulas neutralised
    markdown(text)    literal text inside a Markdown paragraph, list item, table cell or heading
                      of a downloaded memo (CommonMark, as any Markdown viewer reads it)
    page_markdown(text)  literal text inside a page of the site (Python-Markdown, as MkDocs
                      reads it: "<" is no escape there, so text is HTML-escaped first)
    terminal(text)    one line for a terminal: control characters shown, never obeyed
"""

_HTML = (("&", "&amp;"), ("<", "&lt;"), (">", "&gt;"), ('"', "&quot;"), ("'", "&#39;"))
# A cell starting with one of these is run as a formula (or splits a row) by spreadsheets.
_FORMULA_LEADS = ("=", "+", "-", "@", "\t", "\r", "\n")
_MARKDOWN_SPECIAL = "\\`*_[]<>|"
# Everything Markdown (or a browser) may treat as a line end; a memo field stays one line.
_LINE_BREAKS = ("\r\n", "\r", "\n", "\x0b", "\x0c", "\x85", "\u2028", "\u2029")


def html(text):
    """text with & < > " ' replaced by entities."""
    text = str(text)
    for plain, entity in _HTML:
        text = text.replace(plain, entity)
    return text


def csv_cell(value):
    """One cell: a leading = + - @ tab or line break gets a ' so it stays text; a cell with a
    comma, quote or line break is quoted."""
    text = str(value)
    if text[:1] in _FORMULA_LEADS:
        text = "'" + text
    if any(ch in text for ch in ',"\r\n'):
        text = '"' + text.replace('"', '""') + '"'
    return text


def csv_line(values):
    """A CSV line of cells, CRLF-terminated (RFC 4180)."""
    return ",".join(csv_cell(value) for value in values) + "\r\n"


def one_line(text):
    """text with every kind of line break turned into a space."""
    text = str(text)
    for mark in _LINE_BREAKS:
        text = text.replace(mark, " ")
    return text


def markdown(text):
    """User text as literal Markdown: no emphasis, link, HTML, heading or list can start."""
    text = "".join("\\" + c if c in _MARKDOWN_SPECIAL else c for c in one_line(text))
    # "#", "+", "-" or "1." opening a line would start a heading or a list.
    if text[:1] and text[:1] in "#+-":
        return "\\" + text
    digits = len(text) - len(text.lstrip("0123456789"))
    if digits and text[digits:digits + 1] in (".", ")"):
        return text[:digits] + "\\" + text[digits:]
    return text


# Python-Markdown's backslash escapes; "<" is not among them ("\<" would show the backslash),
# hence html() first. "#" only outside the entities html() writes ("&\#39;" would show as
# "&#39;" in the table of contents).
_PAGE_MARKDOWN_SPECIAL = "\\`*_{}[]()+!|.-"


def page_markdown(text):
    """Text from a source as literal inline content of a site page (a heading, a list entry,
    a table cell, a blockquote) that MkDocs renders."""
    out = []
    for ch in html(one_line(text)):
        if ch in _PAGE_MARKDOWN_SPECIAL or (ch == "#" and not (out and out[-1] == "&")):
            out.append("\\")
        out.append(ch)
    return "".join(out)


def terminal(text, limit=500):
    """One printable line: control characters (escape sequences, CR, LF, DEL, C1) are shown as
    \\xNN, and a text longer than limit characters is cut with a note of its length."""
    text = str(text)
    shown = text if len(text) <= limit else text[:limit]
    out = []
    for ch in shown:
        code = ord(ch)
        out.append("\\x%02x" % code if code < 0x20 or 0x7F <= code <= 0x9F else ch)
    if len(text) > limit:
        out.append("… (%d characters in all)" % len(text))
    return "".join(out)
