"""Memos as data (a list of blocks) and their two renderings, Markdown and printable HTML.

Writing the wording once as blocks keeps the Markdown and HTML memos from drifting apart.
Blocks:
    ("title", text)                       the memo's heading
    ("fields", [(label, value), ...])     To / From / Date / Subject style lines
    ("heading", text)
    ("para", text)
    ("list", [text, ...])
    ("table", [header, ...], [[cell, ...], ...])
    ("quote", [paragraph, ...], citation) policy text, verbatim
    ("signature", [label, ...])           blank lines to sign on paper
"""
from model import escape

def to_markdown(blocks):
    return "\n\n".join(_MARKDOWN[b[0]](*b[1:]) for b in blocks) + "\n"


def _md_fields(pairs):
    return "  \n".join(f"**{escape.markdown(label)}:** {escape.markdown(value)}" for label, value in pairs)


def _md_table(headers, rows):
    lines = ["| " + " | ".join(escape.markdown(h) for h in headers) + " |",
             "|" + "---|" * len(headers)]
    lines += ["| " + " | ".join(escape.markdown(c) for c in row) + " |" for row in rows]
    return "\n".join(lines)


def _md_quote(paragraphs, citation):
    # Policy text is quoted as is (only Markdown syntax escaped), one quoted paragraph each.
    quoted = "\n>\n".join("> " + escape.markdown(p) for p in paragraphs)
    return f"{quoted}\n>\n> — {escape.markdown(citation)}"


def _md_signature(labels):
    return "\n\n".join(f"{escape.markdown(label)}: ______________________________" for label in labels)


_MARKDOWN = {
    "title": lambda text: "# " + escape.markdown(text),
    "fields": _md_fields,
    "heading": lambda text: "## " + escape.markdown(text),
    "para": escape.markdown,
    "list": lambda items: "\n".join("- " + escape.markdown(i) for i in items),
    "table": _md_table,
    "quote": _md_quote,
    "signature": _md_signature,
}


def to_html(blocks):
    """The memo as an HTML fragment (an <article>), for a page or for html_document."""
    body = "\n".join(_HTML[b[0]](*b[1:]) for b in blocks)
    return f'<article class="memo">\n{body}\n</article>'


def _html_fields(pairs):
    rows = "".join(f"<tr><th scope=\"row\">{escape.html(label)}:</th><td>{escape.html(value)}</td></tr>"
                   for label, value in pairs)
    return f'<table class="memo-fields">{rows}</table>'


def _html_table(headers, rows):
    head = "".join(f'<th scope="col">{escape.html(h)}</th>' for h in headers)
    body = "".join("<tr>" + "".join(f"<td>{escape.html(c)}</td>" for c in row) + "</tr>"
                   for row in rows)
    # The wrapper scrolls sideways on a phone; focusable so a keyboard can scroll it too.
    return (f'<div class="memo-scroll" tabindex="0" role="region" aria-label="Table">'
            f'<table class="memo-table"><thead><tr>{head}</tr></thead><tbody>{body}</tbody>'
            '</table></div>')


def _html_quote(paragraphs, citation):
    inner = "".join(f"<p>{escape.html(p)}</p>" for p in paragraphs)
    return f'<blockquote class="memo-policy">{inner}<footer>— {escape.html(citation)}</footer></blockquote>'


def _html_signature(labels):
    return "".join(f'<p class="memo-sign">{escape.html(label)}: <span></span></p>' for label in labels)


_HTML = {
    "title": lambda text: f"<h1>{escape.html(text)}</h1>",
    "fields": _html_fields,
    "heading": lambda text: f"<h2>{escape.html(text)}</h2>",
    "para": lambda text: f"<p>{escape.html(text)}</p>",
    "list": lambda items: "<ul>" + "".join(f"<li>{escape.html(i)}</li>" for i in items) + "</ul>",
    "table": _html_table,
    "quote": _html_quote,
    "signature": _html_signature,
}

PRINT_CSS = """
body { font: 12pt/1.45 Georgia, "Times New Roman", serif; color: #111; background: #fff;
       max-width: 46rem; margin: 2rem auto; padding: 0 1rem; }
h1 { font-size: 1.5rem; margin: 0 0 1rem; } h2 { font-size: 1.15rem; margin: 1.5rem 0 .5rem; }
table { border-collapse: collapse; width: 100%; margin: .5rem 0; }
.memo-table th, .memo-table td { border: 1px solid #444; padding: .25rem .4rem; text-align: left;
       vertical-align: top; }
.memo-fields th { text-align: left; padding-right: 1rem; white-space: nowrap; vertical-align: top; }
.memo-policy { border-left: 4px solid #444; margin: .5rem 0; padding: .25rem 1rem; }
.memo-policy footer { font-style: italic; }
.memo-sign span { display: inline-block; border-bottom: 1px solid #111; width: 18rem; }
@media print { body { margin: 0; max-width: none; } h2 { break-after: avoid; }
               tr, blockquote { break-inside: avoid; } }
"""


def html_document(blocks, title):
    """A stand-alone printable HTML page for the memo (no external resources)."""
    return ("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
            "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
            f"<title>{escape.html(title)}</title>\n<style>{PRINT_CSS}</style>\n</head>\n<body>\n"
            f"{to_html(blocks)}\n</body>\n</html>\n")
