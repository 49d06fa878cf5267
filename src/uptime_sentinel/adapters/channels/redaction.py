"""Secret-free renderings of channel DSNs, for logs, errors and API answers.

Never raises. Exact for DSNs that parse_dsn accepts; best effort for malformed strings (a
password with unencoded '/', '?', '#' or '@' is detected where possible). Errs on the side of
hiding: anything that may be a credential becomes `***`.
"""

from __future__ import annotations

from urllib.parse import SplitResult, unquote, urlsplit

MASK = "***"

_SECRET_WORDS = ("secret", "token", "key", "pass", "pwd", "sig", "auth", "cred", "session")
# Generic HTTP schemes of apprise whose URLs we can show in part (they name a user's endpoint).
_GENERIC_APPRISE = {"json", "jsons", "form", "forms", "xml", "xmls"}


def _looks_secret_key(key: str) -> bool:
    key = unquote(key).lower()
    # apprise's json/form/xml take headers (+X-Token=…) and payload fields (-k=…, :k=…).
    return key[:1] in ("+", "-", ":") or any(word in key for word in _SECRET_WORDS)


def _looks_like_token(segment: str) -> bool:
    # Webhook URLs often carry their credential in the path (…/hooks/AbC123…).
    return (
        len(segment) >= 16
        and any(c.isalpha() for c in segment)
        and any(c.isdigit() for c in segment)
    )


def redact_query(query: str, *, all_values: bool = False) -> str:
    """Masks values of secret-looking keys, keeping the raw form of the others."""
    pairs = []
    for pair in query.split("&") if query else []:
        key, eq, _value = pair.partition("=")
        if eq and (all_values or _looks_secret_key(key)):
            pairs.append(f"{key}={MASK}")
        elif not eq and (_looks_like_token(pair) or "@" in pair):
            pairs.append(MASK)
        else:
            pairs.append(pair)
    return "&".join(pairs)


class _Broken(Exception):
    """The URL does not split cleanly: a part of a secret could sit anywhere in it."""


def _split(url: str) -> SplitResult:
    try:
        parts = urlsplit(url)
    except ValueError:
        raise _Broken from None
    hostport = parts.netloc.rpartition("@")[2]
    if hostport.startswith("["):
        port = hostport.partition("]")[2].removeprefix(":")
    else:
        port = hostport.partition(":")[2]
    # A password with an unencoded '/', '?' or '#' ends the authority early ("user:pa"), and
    # leaves its tail in the path: mask everything rather than show either half.
    first_pair = parts.query.partition("&")[0]
    if (
        (port and not port.isdigit())
        or "@" in parts.path
        or ("@" in first_pair and "=" not in first_pair)
        or ("@" in parts.fragment and "@" not in parts.netloc)
    ):
        raise _Broken
    return parts


def _host(parts: SplitResult) -> str:
    return parts.netloc.rpartition("@")[2]


def _masked(scheme: str) -> str:
    return f"{scheme.lower() or 'unknown'}://{MASK}"


def redact_http_url(url: str) -> str:
    """http(s)-shaped URL: user info, secret-looking query values, token-like path segments
    and the fragment are masked; scheme, host, port and the rest of the path stay."""
    try:
        parts = _split(url)
    except _Broken:
        return _masked(url.partition("://")[0])
    netloc = f"{MASK}@{_host(parts)}" if "@" in parts.netloc else _host(parts)
    path = "/".join(MASK if _looks_like_token(s) else s for s in parts.path.split("/"))
    out = f"{parts.scheme}://{netloc}{path}"
    if parts.query:
        out += "?" + redact_query(parts.query)
    if parts.fragment:
        out += "#" + MASK
    return out


def redact_smtp(dsn: str) -> str:
    try:
        parts = _split(dsn)
    except _Broken:
        return _masked(dsn.partition("://")[0])
    if parts.fragment:
        return _masked(parts.scheme)
    userinfo, at, host = parts.netloc.rpartition("@")
    netloc = f"{userinfo.partition(':')[0]}:{MASK}@{host}" if at else host
    query = redact_query(parts.query)
    return f"{parts.scheme}://{netloc}" + (f"?{query}" if query else "")


def redact_slack(dsn: str) -> str:
    try:
        parts = _split(dsn)
    except _Broken:
        return _masked(dsn.partition("://")[0])
    path = [s for s in parts.path.split("/") if s]
    if parts.scheme.lower() in ("http", "https") or parts.netloc.lower() == "hooks":
        # …/services/T…/B…/TOKEN: workspace and bot ids identify the hook, the last part is its key.
        kept = "/".join([*path[:-1], MASK]) if path else MASK
        return f"{parts.scheme}://{_host(parts)}/{kept}"
    if path or "@" not in parts.netloc:
        return _masked("slack")
    query = redact_query(parts.query)
    out = f"slack://{MASK}@{_host(parts)}" + (f"?{query}" if query else "")
    # "?channel=#alerts" unencoded puts the channel in the fragment: it names, it is no secret.
    return out + (f"#{parts.fragment}" if parts.fragment and "@" not in parts.fragment else "")


def redact_apprise(dsn: str) -> str:
    scheme = dsn.partition("://")[0].lower()
    if scheme in _GENERIC_APPRISE:
        return redact_http_url(dsn)
    if scheme in ("http", "https"):
        # A vendor's webhook URL (Discord, Teams, …): the whole path is its credential.
        try:
            host = urlsplit(dsn).netloc.rpartition("@")[2]
        except ValueError:
            host = ""
        return f"{scheme}://{host}/{MASK}"
    # Every other apprise service keeps tokens in host and path: show only the service.
    return f"{scheme}://{MASK}"
