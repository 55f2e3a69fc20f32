"""nginx / OpenResty extractor: `proxy_pass`, `grpc_pass`, `upstream` blocks, locations and Lua calls.

nginx.conf is a small config language, so a tokenizer (quotes, `#` comments, `{ } ;`) builds
the directive tree; no regular expression decides what a directive is. A `.conf`/`.template`
file is reported only when it really holds nginx directives (a `server`/`location`/`upstream`
block or a `*_pass`), so other `.conf` files yield nothing. Lua (`*_by_lua_block` bodies and
`.lua` files) is tokenized for strings and comments, then `httpc:request_uri(url)`,
`httpc:connect(host, port)` and `ngx.location.capture(uri)` are read from the token stream.

Reported: each `*_pass` as an http/grpc OutboundCall (an upstream name expands to its
`server` entries; `${VAR}` from envsubst templates becomes target_kind env), each `location`
that proxies as an inbound Route (method ANY, framework nginx).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from analyzer.ingest.code.facts import FileFacts, OutboundCall, ParseProblem, Route

FILENAMES = ("nginx.conf",)
SUFFIXES = (".conf", ".lua", ".template")

_PASSES = {"proxy_pass": "http", "grpc_pass": "grpc", "fastcgi_pass": "http", "uwsgi_pass": "http"}
_NGINX_MARKERS = {"server", "location", "upstream", "http", "server_name", "listen"} | set(_PASSES)
_MAX_DETAIL = 120


@dataclass
class _Directive:
    name: str
    args: list[str]
    line: int
    children: list[_Directive] = field(default_factory=list)
    lua: str = ""  # raw body of a *_by_lua_block


def extract(text: str, path: str) -> FileFacts:
    """Extract calls and routes from an nginx config or an OpenResty Lua file; never raises."""
    if path.lower().endswith(".lua"):
        calls: set[OutboundCall] = set()
        _lua_calls(text, 0, {}, calls)
        return FileFacts(language="lua", calls=sorted(calls, key=_key))
    problems: list[ParseProblem] = []
    roots = _parse(text, problems)
    if not _is_nginx(roots):
        return FileFacts(language="nginx")
    facts = _Walker(_upstreams(roots))
    facts.locations = _locations(roots)
    facts.walk(roots, "")
    return FileFacts(language="nginx", calls=sorted(facts.calls, key=_key),
                     routes=sorted(facts.routes, key=_key), problems=problems)


class _Walker:
    def __init__(self, upstreams: dict[str, list[str]]) -> None:
        self.upstreams = upstreams
        self.calls: set[OutboundCall] = set()
        self.routes: set[Route] = set()
        self.locations: list[tuple[str, _Directive]] = []
        self.variables: dict[str, str] = {}

    def walk(self, directives: list[_Directive], location: str) -> None:
        """Visit blocks depth-first in file order (an explicit stack: blocks nest arbitrarily)."""
        stack = [(iter(directives), location)]
        while stack:
            items, location = stack[-1]
            d = next(items, None)
            if d is None:
                stack.pop()
                continue
            if d.name == "set" and len(d.args) == 2:
                self.variables[d.args[0]] = d.args[1]
            if d.name == "location" and d.args:
                path = d.args[-1]
                if any(c.name in _PASSES for c in d.children):
                    self.routes.add(Route(d.line, "ANY", path, "nginx"))
                stack.append((iter(d.children), path))
            elif d.name in _PASSES and d.args:
                self._pass(d, location)
            elif d.lua:
                _lua_calls(d.lua, d.line - 1, self._capture_targets(), self.calls)
            elif d.children and d.name != "upstream":
                stack.append((iter(d.children), location))

    def _pass(self, d: _Directive, location: str) -> None:
        protocol = _PASSES[d.name]
        target = d.args[0]
        for name, value in self.variables.items():
            target = target.replace(name, value)
        where = f"location {location} " if location else ""
        scheme, sep, rest = target.partition("://")
        host, slash, tail = (rest if sep else target).partition("/")
        if host.startswith("unix:"):
            return
        if host.startswith("${") and "}" in host:  # envsubst template: http://${ORDERS_HOST}/x
            var = host[2:host.index("}")]
            suffix = host[host.index("}") + 1:] + slash + tail
            self.calls.add(OutboundCall(d.line, protocol, "env", var, _clip(f"nginx {where}{d.name} {target}"), suffix))
            return
        if "$" in host:
            return  # a runtime variable (e.g. $host): nothing static to report
        servers = self.upstreams.get(host) or [host]
        for server in servers:
            url = f"{scheme}://{server}{slash}{tail}" if sep else server + slash + tail
            via = f" (upstream {host})" if host in self.upstreams else ""
            self.calls.add(OutboundCall(d.line, protocol, "url", url, _clip(f"nginx {where}{d.name} {url}{via}")))

    def _capture_targets(self) -> dict[str, list[str]]:
        """location prefix -> literal URLs its proxy_pass reaches (for ngx.location.capture)."""
        out: dict[str, list[str]] = {}
        for path, loc in self.locations:
            probe = _Walker(self.upstreams)
            probe.variables = self.variables
            probe.walk([c for c in loc.children if c.name in _PASSES], path)
            out[path] = [c.target for c in probe.calls if c.target_kind == "url"]
        return out


def parse_directives(text: str) -> list[_Directive]:
    """The directive tree of an nginx config (parse problems dropped): the gateway summary in
    ingest/platform reads TLS, auth and rate-limit directives from it."""
    return _parse(text, [])


def _locations(roots: list[_Directive]) -> list[tuple[str, _Directive]]:
    out, stack = [], list(roots)
    while stack:
        d = stack.pop()
        if d.name == "location" and d.args:
            out.append((d.args[-1], d))
        stack.extend(d.children)
    return out


def _is_nginx(roots: list[_Directive]) -> bool:
    stack = list(roots)
    while stack:
        d = stack.pop()
        if d.name in _NGINX_MARKERS and (d.children or d.name in _PASSES or d.name == "listen"):
            return True
        stack.extend(d.children)
    return False


def _upstreams(roots: list[_Directive]) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    stack = list(roots)
    while stack:
        d = stack.pop()
        if d.name == "upstream" and d.args:
            out[d.args[0]] = [c.args[0] for c in d.children if c.name == "server" and c.args]
        stack.extend(d.children)
    return out


# -- nginx.conf tokenizer and parser ---------------------------------------------------------

def _tokens(text: str):
    """Yield (kind, value, line): kind is word | { | } | ; . Quotes and # comments handled."""
    i, line, n = 0, 1, len(text)
    while i < n:
        ch = text[i]
        if ch == "\n":
            line += 1
            i += 1
        elif ch.isspace():
            i += 1
        elif ch == "#":
            while i < n and text[i] != "\n":
                i += 1
        elif ch in "{};":
            yield ch, ch, line, i
            i += 1
        elif ch in "\"'":
            start_line, j, buf = line, i + 1, []
            while j < n and text[j] != ch:
                if text[j] == "\\" and j + 1 < n:
                    j += 1
                if text[j] == "\n":
                    line += 1
                buf.append(text[j])
                j += 1
            yield "word", "".join(buf), start_line, i
            i = j + 1
        else:
            j = i
            while j < n and not text[j].isspace() and text[j] not in ";{}\"'":
                if text[j] == "$" and j + 1 < n and text[j + 1] == "{":  # ${VAR} stays in the word
                    j = text.find("}", j) + 1 or n
                    continue
                j += 1
            yield "word", text[i:j], line, i
            i = j


def _parse(text: str, problems: list[ParseProblem]) -> list[_Directive]:
    root: list[_Directive] = []
    stack: list[list[_Directive]] = [root]
    words: list[tuple[str, int]] = []
    tokens = _tokens(text)
    while (token := next(tokens, None)) is not None:
        kind, value, line, offset = token
        if kind == "word":
            words.append((value, line))
        elif kind == ";":
            if words:
                stack[-1].append(_Directive(words[0][0], [w for w, _ in words[1:]], words[0][1]))
            words = []
        elif kind == "{":
            name, at = (words[0] if words else ("", line))
            block = _Directive(name, [w for w, _ in words[1:]], at)
            stack[-1].append(block)
            words = []
            if name.endswith("_by_lua_block"):
                block.lua, end = _lua_block(text, offset + 1)
                tokens = _tokens_from(text, end + 1, line + block.lua.count("\n"))
                continue
            stack.append(block.children)
        elif kind == "}":
            if len(stack) == 1:
                problems.append(ParseProblem(line, "unexpected '}'"))
                continue
            stack.pop()
    if len(stack) > 1 or words:
        problems.append(ParseProblem(None, "unexpected end of file: missing '}' or ';'"))
    return root


def _tokens_from(text: str, start: int, line: int):
    """Tokenize from `start` (just after a Lua block), keeping absolute lines and offsets."""
    for kind, value, tline, offset in _tokens(text[start:]):
        yield kind, value, tline + line - 1, offset + start


def _lua_block(text: str, start: int) -> tuple[str, int]:
    """Raw Lua body from `start` to its closing brace (strings and comments skipped)."""
    depth, i, n = 1, start, len(text)
    while i < n:
        ch = text[i]
        if ch in "\"'":
            i = _skip_quoted(text, i)
            continue
        if text.startswith("--", i):
            i = text.find("\n", i) if text.find("\n", i) >= 0 else n
            continue
        if ch == "{":
            depth += 1
        elif ch == "}":
            depth -= 1
            if depth == 0:
                return text[start:i], i
        i += 1
    return text[start:], n


def _skip_quoted(text: str, i: int) -> int:
    quote, i = text[i], i + 1
    while i < len(text) and text[i] not in (quote, "\n"):
        i += 2 if text[i] == "\\" else 1
    return i + 1


# -- Lua ------------------------------------------------------------------------------------

def _lua_tokens(text: str, line0: int) -> list[tuple[str, str, int]]:
    """(kind, value, line) with kind str | name | op; comments dropped."""
    out, i, line, n = [], 0, line0 + 1, len(text)
    while i < n:
        ch = text[i]
        if ch == "\n":
            line += 1
            i += 1
        elif ch.isspace():
            i += 1
        elif text.startswith("--", i):
            if text.startswith("[[", i + 2) or text.startswith("[=[", i + 2):
                close = "]]" if text.startswith("[[", i + 2) else "]=]"
                end = text.find(close, i)
                end = n if end < 0 else end + len(close)
            else:
                end = text.find("\n", i)
                end = n if end < 0 else end
            line += text.count("\n", i, end)
            i = end
        elif ch in "\"'":
            end = _skip_quoted(text, i)
            out.append(("str", text[i + 1:end - 1].replace("\\" + ch, ch), line))
            i = end
        elif text.startswith("[[", i):
            end = text.find("]]", i)
            end = n if end < 0 else end
            out.append(("str", text[i + 2:end], line))
            line += text.count("\n", i, end)
            i = end + 2
        elif ch.isalnum() or ch == "_":
            j = i
            while j < n and (text[j].isalnum() or text[j] == "_"):
                j += 1
            out.append(("name", text[i:j], line))
            i = j
        else:
            op = ".." if text.startswith("..", i) else ch
            out.append(("op", op, line))
            i += len(op)
    return out


def _lua_calls(text: str, line0: int, captures: dict[str, list[str]], calls: set[OutboundCall]) -> None:
    toks = _lua_tokens(text, line0)
    local: dict[str, tuple[str, str, str]] = {}
    for k, (kind, value, line) in enumerate(toks):
        if kind == "name" and value == "local" and k + 3 < len(toks) and toks[k + 2][1] == "=":
            val = _lua_expr(toks, k + 3, local)
            if val is not None:
                local[toks[k + 1][1]] = val
        if kind != "name" or k + 1 >= len(toks) or toks[k + 1][1] != "(" or k == 0 or toks[k - 1][1] not in (":", "."):
            continue
        val = _lua_expr(toks, k + 2, local)
        if value == "request_uri" and val is not None:
            _lua_emit(calls, line, val, "resty.http request_uri")
        elif value == "connect" and val is not None and val[0] == "url" and toks[k - 2][1] != "ngx":
            port = toks[_lua_skip(toks, k + 2) + 1] if _lua_skip(toks, k + 2) + 1 < len(toks) else None
            host = val[1] + (f":{port[1]}" if port is not None and port[0] == "name" and port[1].isdigit() else "")
            if ":" in host and "/" not in host:
                _lua_emit(calls, line, ("url", host, ""), "resty connect")
        elif value in ("capture", "capture_multi") and k >= 3 and toks[k - 2][1] == "location" and val is not None:
            matches = [p for p in captures if p.startswith("/") and val[1].startswith(p.rstrip("/"))]
            for url in captures[max(matches, key=len)] if matches else []:
                _lua_emit(calls, line, ("url", url, ""), f"ngx.location.capture {val[1]} ->")


def _lua_expr(toks, start: int, local: dict) -> tuple[str, str, str] | None:
    """Evaluate `"lit" .. os.getenv("X") .. "/tail"`-style expressions to (kind, target, suffix)."""
    head, suffix, k = None, "", start
    while k < len(toks):
        kind, value, _ = toks[k]
        part = None
        if kind == "str":
            part = ("url", value, "")
        elif kind == "name" and value == "os" and [t[1] for t in toks[k + 1:k + 4]] == [".", "getenv", "("] \
                and k + 4 < len(toks) and toks[k + 4][0] == "str":
            part, k = ("env", toks[k + 4][1], ""), k + 5
        elif kind == "name" and value in local:
            part = local[value]
        elif kind == "name" and head is not None and (k + 1 >= len(toks) or toks[k + 1][1] not in "(.:["):
            part = ("url", "{" + value + "}", "")  # an unknown variable inside the tail
        if part is None:
            break
        if head is None:
            head = part
        else:
            suffix += part[1] if part[0] == "url" else "{" + part[1] + "}"
        k += 1
        if k < len(toks) and toks[k][1] == "..":
            k += 1
            continue
        break
    if head is None:
        return None
    if head[0] == "url":
        return "url", head[1] + head[2] + suffix, ""
    return head[0], head[1], head[2] + suffix


def _lua_skip(toks, start: int) -> int:
    """Index of the `,` or `)` that ends the argument starting at `start`."""
    depth, k = 0, start
    while k < len(toks):
        if toks[k][1] in "({[":
            depth += 1
        elif toks[k][1] in ")}]":
            if depth == 0:
                return k
            depth -= 1
        elif toks[k][1] == "," and depth == 0:
            return k
        k += 1
    return k


def _lua_emit(calls: set[OutboundCall], line: int, val: tuple[str, str, str], what: str) -> None:
    kind, target, suffix = val
    if kind == "url" and ("://" not in target and ":" not in target):
        return
    shown = target + (f" + {suffix}" if suffix else "")
    calls.add(OutboundCall(line, "http", kind, target, _clip(f"{what} {shown}"), suffix))


def _clip(text: str) -> str:
    text = " ".join(text.split())
    return text if len(text) <= _MAX_DETAIL else text[: _MAX_DETAIL - 3] + "..."


def _key(item) -> tuple:
    return tuple((0, v) if isinstance(v, int) else (1, str(v)) for v in vars(item).values())
