"""Where a `next` parameter may send the browser: to a page of this site, and nowhere else."""


def safe_next(target: object) -> str | None:
    """Return target if it is a path on this site, else None: the one check for every `next` (no open redirects).

    A path starts with a single "/": "//host" and "/\\host" are another site to a browser, and a
    scheme cannot come before the "/". Backslashes, control and white-space characters are refused
    anywhere, not stripped: browsers drop tabs and newlines inside a URL ("/\\t/host" becomes
    "//host"), read a backslash as a slash, and a CR or LF cannot go into a Location header at all.
    """
    if not isinstance(target, str) or not target.startswith("/") or target.startswith("//"):
        return None
    if any(char == "\\" or char.isspace() or not char.isprintable() for char in target):
        return None
    return target
