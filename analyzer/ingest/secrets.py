"""The one place credentials are masked: by the key that holds a value, and by its shape.

archgov prints what it reads (evidence details, env values, config entries, code literals),
so every text that may reach an output goes through `mask_value` (when the key is known) or
`mask_text` (free text). By shape, `mask_text` replaces with `****`:
- the password of URL user-info (`postgres://app:****@db/x`, `redis://:****@cache`) and of a
  scheme-less DSN (`app:****@tcp(db:3306)/x`, `app:****@db:5432/x`), hosts kept visible,
  because edges are built from hosts;
- the value of every `name=value` pair (query parameter, connection-string or libpq field,
  command flag) or `name: value` (YAML, JSON; a space after the colon, so `token:8080` stays a
  host and port) whose name is a credential name (`is_sensitive_key`: password, token, key,
  sig, X-Amz-Signature, AccountKey, ...), and the token after `Bearer` / `Basic`;
- tokens of known shapes (`shapes.KNOWN`): JWTs, AWS access key ids, GitHub, GitLab, Slack,
  Stripe, Google API keys, npm tokens; PEM private-key blocks (to their END line, or to the
  end of the text when clipped);
- any other base64/base64url token of 32+ characters that looks random (`looks_random`):
  upper, lower case and digits, a character class that switches at least 45% of the time
  (camelCase identifiers switch once a word) and a Shannon entropy of at least 4.3 bits per
  character (an AWS secret key, a random API key: about 97% of random 40-char base64 keys).
  Kept visible on purpose: tokens of hex digits and dashes only (image digests, git SHAs in
  tags, checksums, UUIDs are far more common than hex keys; those are masked by their key),
  and `/`-separated tokens with a lower-case word or `v1` segment (URL paths).

Every scan is linear in the text: plain `str.find` walks, or patterns whose matches can only
start at a token boundary and never rescan a token (checked by tests with 200,000-char inputs).
"""

from __future__ import annotations

import math
import re
from collections import Counter

MASK = "****"

# A key is sensitive when its letters (separators dropped, upper-cased) contain one of these,
# or its last word (split at separators and camelCase) is one of _SENSITIVE_LAST_WORDS.
_SENSITIVE_PARTS = ("PASSWORD", "PASSWD", "SECRET", "TOKEN", "APIKEY", "CREDENTIAL",
                    "PRIVATEKEY", "PASSPHRASE")
_SENSITIVE_LAST_WORDS = frozenset({"KEY", "PWD", "PASS", "SIG", "SIGNATURE", "AUTH"})
_WORDS = re.compile(r"[A-Z]?[a-z]+|[A-Z]+(?![a-z])|[0-9]+")

_TOKEN_CHARS = "A-Za-z0-9_\\-"
_KNOWN = re.compile(
    rf"(?<![{_TOKEN_CHARS}])(?:"
    rf"eyJ[{_TOKEN_CHARS}]{{8,}}\.eyJ[{_TOKEN_CHARS}]*(?:\.[{_TOKEN_CHARS}]*)?"  # JWT
    r"|(?:AKIA|ASIA|ABIA|ACCA)[A-Z0-9]{16}(?![A-Za-z0-9])"  # AWS access key id
    r"|gh[pousr]_[A-Za-z0-9]{12,}|github_pat_[A-Za-z0-9_]{12,}"  # GitHub
    rf"|glpat-[{_TOKEN_CHARS}]{{12,}}"  # GitLab
    rf"|xox[abposr]-[{_TOKEN_CHARS}]{{8,}}|xapp-[{_TOKEN_CHARS}]{{8,}}"  # Slack
    r"|(?:sk|rk)_(?:live|test)_[A-Za-z0-9]{8,}|whsec_[A-Za-z0-9]{8,}"  # Stripe
    rf"|AIza[{_TOKEN_CHARS}]{{20,}}"  # Google API key
    r"|npm_[A-Za-z0-9]{20,}"  # npm
    rf")[{_TOKEN_CHARS}]*")
_BEARER = re.compile(r"(?i)(?<![A-Za-z0-9])(bearer|basic)([ \t]+)([A-Za-z0-9._~+/\-]{8,}=*)")
# `name=value`: the name starts at a boundary, so no name run is scanned twice.
_PAIR = re.compile(r"(?<![A-Za-z0-9_.\-])([A-Za-z0-9_.\-]+)"
                   r"([ \t]*=[ \t]*[\"']?|[\"']?:[ \t]+[\"']?)")
_PAIR_VALUE_END = re.compile(r"[&;\s\"'<>]")
_ENTROPY_TOKEN = re.compile(r"(?<![A-Za-z0-9+/=_\-])[A-Za-z0-9+/_\-]{32,}={0,2}")
_ENTROPY_BITS = 4.3
_CLASS_SWITCHES = 0.45  # share of adjacent pairs of different class: ~0.64 random, ~0.25 words
_HEXISH = frozenset("0123456789abcdefABCDEF-")
_AUTHORITY = re.compile(r"[^/?#\\\s\"'<>]*")
_PATH_WORD = re.compile(r"[a-z][a-z_\-]{2,}|v[0-9]+")
_DIGESTS = ("sha1:", "sha256:", "sha384:", "sha512:")
_PEM_BEGIN, _PEM_END = "-----BEGIN ", "-----END "


def is_sensitive_key(key: str) -> bool:
    """True when a key (env name, config key, query parameter) names a credential, so its
    whole value is masked: DB_PASSWORD, clientSecret, GITHUB_TOKEN, api-key, AccountKey, sig."""
    letters = "".join(ch for ch in key.upper() if ch.isalnum())
    if any(part in letters for part in _SENSITIVE_PARTS):
        return True
    words = _WORDS.findall(key)
    return bool(words) and words[-1].upper() in _SENSITIVE_LAST_WORDS


def mask_value(key: str, value: str, secret: bool = False) -> str:
    """`value` as it may be shown: `****` for a secret or under a credential key, else
    `mask_text(value)`."""
    if secret or is_sensitive_key(key):
        return MASK
    return mask_text(value)


def env_detail(key: str, value: str, secret: bool = False) -> str:
    """The evidence detail of an env entry, credentials masked."""
    return f"env {key}={mask_value(key, value, secret)}"


def mask_text(text: str) -> str:
    """`text` with every credential recognisable by shape replaced by `****` (idempotent)."""
    if not text or text == MASK:
        return text
    text = _mask_pem(text)
    text = _mask_userinfo(text)
    text = _mask_dsn(text)
    text = _mask_pairs(text)
    text = _BEARER.sub(_bearer_mask, text)
    text = _KNOWN.sub(MASK, text)
    return _ENTROPY_TOKEN.sub(_entropy_mask, text)


def looks_random(token: str) -> bool:
    """True for a base64-like token random enough to be a key (see the module docstring)."""
    if len(token) < 32 or set(token) <= _HEXISH:
        return False
    if "/" in token and any(_PATH_WORD.fullmatch(part) for part in token.split("/")):
        return False  # a path: /api/v1/OrdersById2024 ...
    classes = [_char_class(c) for c in token]
    if not {"upper", "lower", "digit"} <= set(classes):
        return False
    switches = sum(a != b for a, b in zip(classes, classes[1:])) / (len(token) - 1)
    if switches < _CLASS_SWITCHES:
        return False  # words: camelCase identifiers switch case once a word, keys every 2 chars
    counts = Counter(token)
    bits = -sum(n / len(token) * math.log2(n / len(token)) for n in counts.values())
    return bits >= _ENTROPY_BITS


# -- private --------------------------------------------------------------------------------


def _char_class(char: str) -> str:
    if char.isdigit():
        return "digit"
    if char.isupper():
        return "upper"
    return "lower" if char.islower() else "other"


def _entropy_mask(match: re.Match) -> str:
    return MASK if looks_random(match.group()) else match.group()


def _bearer_mask(match: re.Match) -> str:
    """`Bearer <token>` / `Basic <base64>`, unless the word after is plain prose."""
    token = match.group(3)
    if len(token) < 16 and not any(c.isdigit() or c in "+/=._-" for c in token):
        return match.group()
    return f"{match.group(1)}{match.group(2)}{MASK}"


def _mask_pem(text: str) -> str:
    """Private-key blocks, BEGIN line to END line (or to the end of a clipped text)."""
    out, pos = [], 0
    while (start := text.find(_PEM_BEGIN, pos)) >= 0:
        header_end = text.find("-----", start + len(_PEM_BEGIN))
        if header_end < 0:
            break
        if "PRIVATE KEY" not in text[start:header_end]:
            out.append(text[pos:header_end])
            pos = header_end
            continue
        end = text.find(_PEM_END, header_end)
        stop = len(text) if end < 0 else text.find("-----", end + len(_PEM_END))
        stop = len(text) if stop < 0 else stop + 5
        out.append(text[pos:start] + MASK)
        pos = stop
    out.append(text[pos:])
    return "".join(out)


def _mask_userinfo(text: str) -> str:
    """The password of every `scheme://user:password@host`, found from each `://`."""
    out, pos = [], 0
    while (mark := text.find("://", pos)) >= 0:
        start = mark + 3
        end = _AUTHORITY.match(text, start).end()
        at = text.rfind("@", start, end)
        colon = text.find(":", start, at) if at > 0 else -1
        if colon >= 0 and text[colon + 1:at] != MASK:
            out.append(text[pos:colon + 1] + MASK)
            pos = at
        out.append(text[pos:end])
        pos = end
    out.append(text[pos:])
    return "".join(out)


def _mask_dsn(text: str) -> str:
    """`user:password@tcp(host:port)/db` and `user:password@host:port/db` without a scheme."""
    out, pos = [], 0
    for token in re.finditer(r"\S+", text):
        word = token.group()
        at = word.find("@")
        colon = word.find(":", 0, at) if at > 0 else -1
        if colon <= 0 or "/" in word[:at] or word[colon + 1:at] in ("", MASK):
            continue
        host = word[at + 1:]
        if host.startswith(_DIGESTS) or not (host.startswith(("tcp(", "unix("))
                                             or _host_then_port_or_path(host)):
            continue
        out.append(text[pos:token.start() + colon + 1] + MASK)
        pos = token.start() + at
    out.append(text[pos:])
    return "".join(out)


def _host_then_port_or_path(rest: str) -> bool:
    index = 0
    while index < len(rest) and (rest[index].isalnum() or rest[index] in "._-"):
        index += 1
    return index > 0 and index < len(rest) and rest[index] in ":/"


def _mask_pairs(text: str) -> str:
    """The value of every `name=value` whose name is a credential name."""
    out, pos = [], 0
    for match in _PAIR.finditer(text):
        if match.start() < pos or not is_sensitive_key(match.group(1)):
            continue
        start, quote = match.end(), match.group(2)[-1]
        if quote in "\"'":
            end = text.find(quote, start)
        else:
            found = _PAIR_VALUE_END.search(text, start)
            end = found.start() if found else -1
        end = len(text) if end < 0 else end
        if end > start and text[start:end] != MASK:
            out.append(text[pos:start] + MASK)
            pos = end
    out.append(text[pos:])
    return "".join(out)

