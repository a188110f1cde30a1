"""The official text (tests/reference) read the way the fidelity test compares it.

The reference is a Word export: `[bookmark: …]` and `[footnoteRef:N]` are export artifacts;
a footnote's text sits at the end of its line as `[N:  text]`.
"""
import os
import re

REFERENCE = os.path.join(os.path.dirname(os.path.abspath(__file__)), "reference",
                         "official-policy-text.txt")
QUOTES = {"\u2018": "'", "\u2019": "'", "\u201c": '"', "\u201d": '"'}
FOOTNOTE_AT_END = re.compile(r"\[(\d+):\s+(.*)\]\s*$")


def normalize(text):
    """Collapse white space and straighten quotes: the only liberties the comparison takes."""
    for curly, straight in QUOTES.items():
        text = text.replace(curly, straight)
    return re.sub(r"\s+", " ", text).strip()


def official_paragraphs():
    """Every paragraph, heading, list item, footnote and signature line, normalized."""
    with open(REFERENCE, encoding="utf-8") as handle:
        lines = handle.read().split("\n")
    paragraphs = []
    for line in lines:
        line = re.sub(r"\[bookmark: [^\]]*\]", "", line)
        line = re.sub(r"\[footnoteRef:\d+\]", "", line)
        footnote = FOOTNOTE_AT_END.search(line)
        if footnote:
            paragraphs.append(normalize(footnote.group(2)))
            line = line[:footnote.start()]
        if normalize(line):
            paragraphs.append(normalize(line))
    return paragraphs
