"""Browser glue for the pages. Shipped with every web/ module a page lists, so what all the
views share lives here (no extra download)."""


def esc(text):
    """HTML-escape text for element content and double-quoted attributes."""
    return (str(text).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
            .replace('"', "&quot;").replace("'", "&#39;"))
