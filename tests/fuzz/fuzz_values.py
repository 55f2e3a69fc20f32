"""Hypothesis building blocks shared by the fuzz strategies: hostile scalars, names, URLs,
env keys, odd containers, and text mangling (truncation, injected noise).

Everything here is "structurally plausible but hostile": real-looking addresses and keys
mixed with odd types, unicode, control characters and long values. `hazards=True` adds the
inputs of crashes already known and being fixed elsewhere (very long values that feed the
scheme regex); the property tests keep those in separate, xfail-marked tests.
"""

from __future__ import annotations

from functools import cache

from hypothesis import strategies as st

SERVICE_NAMES = ("orders", "cart", "web", "api-gateway", "payments", "catalog", "db", "redis",
                 "kafka", "rabbitmq", "postgres", "mongo", "frontend", "worker", "auth")
ENV_KEYS = ("ORDERS_URL", "CART_SERVICE_HOST", "DATABASE_URL", "REDIS_HOST", "KAFKA_BROKERS",
            "SPRING_DATASOURCE_URL", "PAYMENTS_ADDR", "DB_PASSWORD", "API_KEY", "AMQP_URL",
            "ConnectionStrings__Default", "Services__Orders__BaseUrl", "PORT", "JWT_SECRET")
_SCHEMES = ("http", "https", "grpc", "postgres", "postgresql", "mysql", "mongodb", "redis",
            "amqp", "kafka", "nats", "jdbc:mysql", "jdbc:postgresql", "lb", "tcp", "ws", "")
_PATHS = ("", "/", "/api", "/api/v1/orders", "/%s", "/{id}", "?q=1&x=%00", "#frag", "/../../etc")
# Characters that break naive parsers: quotes, braces, escapes, line and control characters.
_NASTY = "\"'`\\{}[]()<>$%#&|;:=,*!?@~^\n\r\t\x00\x01\x07\x0b\x0c\x1b\x7f\u0085\u2028\u202e\ufeff\U0001f600"
_KEY_CHARS = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcxyz0123456789_.:-"
NOISE_TEXT = st.text(alphabet=st.one_of(st.sampled_from(_NASTY), st.characters(codec="utf-8")), max_size=24)


@cache
def long_text(max_repeat: int = 400) -> st.SearchStrategy[str]:
    """A short piece repeated: long values without a long hypothesis buffer."""
    return st.builds(lambda piece, n: piece * n, st.text(min_size=1, max_size=6),
                     st.integers(min_value=20, max_value=max_repeat))


@cache
def names(hazards: bool = False) -> st.SearchStrategy[str]:
    """Service / object names: real ones, unicode, dots and slashes, numbers as text."""
    odd = [st.text(min_size=1, max_size=12).filter(lambda s: s.strip()),
           st.text(alphabet="abcdefghijklmnopqrstuvwxyz0123456789.-", min_size=1, max_size=20),
           st.sampled_from(("Orders", "ORDERS", "orders.v1", "0", "123", "-", "a b", "ü-ß",
                            "../up", "x/y", "服务", "true", "null", "~"))]
    if hazards:
        odd.append(long_text(2000))
        odd.append(st.sampled_from(("svc\x00nul", "\x00", "a\u0000b\u0000c")))
    return st.one_of(st.sampled_from(SERVICE_NAMES), *odd)


@cache
def hosts() -> st.SearchStrategy[str]:
    return st.one_of(st.sampled_from(SERVICE_NAMES), st.sampled_from(
        ("localhost", "127.0.0.1", "[::1]", "10.0.0.7", "orders.default.svc.cluster.local",
         "user:p%40ss@db", "${DB_HOST}", "$(HOST)", "xn--bcher-kva.example", "", "::", "ü.example")))


@cache
def urls(hazards: bool = False) -> st.SearchStrategy[str]:
    """URL-ish values: scheme://host:port/path, host:port, with odd ports and placeholders."""
    port = st.one_of(st.integers(min_value=0, max_value=70000).map(str),
                     st.sampled_from(("", "${PORT}", "http", "-1", "99999999999999999999")))
    url = st.builds(lambda s, h, p, path: f"{s}://{h}{':' + p if p else ''}{path}" if s else
                    f"{h}:{p}{path}", st.sampled_from(_SCHEMES), hosts(), port,
                    st.sampled_from(_PATHS))
    parts = [url, url.map(lambda u: f"${{ORDERS_URL:{u}}}"), url.map(lambda u: u + "/" + "x" * 40)]
    if hazards:  # very long values with many "://": the known quadratic scheme regex
        parts.append(st.builds(lambda n: "a://" * n + "x", st.integers(2000, 20000)))
        parts.append(long_text(20000))
    return st.one_of(*parts)


@cache
def env_keys() -> st.SearchStrategy[str]:
    return st.one_of(st.sampled_from(ENV_KEYS), st.text(alphabet=_KEY_CHARS, min_size=1,
                                                             max_size=30), NOISE_TEXT)


@cache
def scalars(hazards: bool = False) -> st.SearchStrategy[object]:
    """Scalar YAML/JSON values of every type a careless manifest has."""
    parts = [st.none(), st.booleans(), st.integers(min_value=-(2**70), max_value=2**70),
             st.floats(allow_nan=True, allow_infinity=True), NOISE_TEXT, urls(), names(),
             st.sampled_from(("", " ", "8080:80", "yes", "no", "on", "0x1F", "1e3", "~",
                              "${VAR}", "$$", "%", "\\", "*")), st.dates(), st.datetimes()]
    if hazards:  # bytes become !!binary when dumped: the known facts-JSON crash
        parts.append(st.binary(max_size=16))
    return st.one_of(*parts)


@cache
def odd_values(hazards: bool = False, leaves: int = 8) -> st.SearchStrategy[object]:
    """Scalars, or small lists and maps of them (a list where a map is expected, and so on)."""
    return st.recursive(scalars(hazards), lambda inner: st.one_of(
        st.lists(inner, max_size=3), st.dictionaries(st.one_of(names(), st.integers()), inner,
                                                     max_size=3)), max_leaves=leaves)


@cache
def or_odd(strategy: st.SearchStrategy, hazards: bool = False) -> st.SearchStrategy:
    """Mostly `strategy`, sometimes an odd value in its place."""
    return st.one_of(strategy, strategy, strategy, odd_values(hazards, leaves=4))


@st.composite
def mangled(draw, text: str) -> str:
    """`text` as written, truncated, with noise injected, or with a line repeated."""
    how = draw(st.sampled_from(("keep", "keep", "truncate", "inject", "repeat", "crlf")))
    if not text or how == "keep":
        return text
    at = draw(st.integers(min_value=0, max_value=len(text)))
    if how == "truncate":
        return text[:at]
    if how == "inject":
        return text[:at] + draw(NOISE_TEXT) + text[at:]
    if how == "crlf":
        return text.replace("\n", "\r\n")
    lines = text.splitlines(keepends=True)
    line = lines[draw(st.integers(min_value=0, max_value=len(lines) - 1))]
    return text + line * draw(st.integers(min_value=1, max_value=30))


def mangle(texts: st.SearchStrategy[str]) -> st.SearchStrategy[str]:
    return texts.flatmap(mangled)
