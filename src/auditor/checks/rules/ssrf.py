"""An outbound HTTP request to a URL taken from the request.

What it finds:
Outbound HTTP calls (Go `http.Get`/`Post`/`Head`, `http.NewRequest[WithContext]`, a client's
`Get`/`Post`; Python `requests`, `httpx`, `urllib.request.urlopen`, `aiohttp` sessions,
pycurl's `setopt(c.URL, url)`, go-curl's `Setopt(curl.OPT_URL, url)`; Node
`fetch`, `axios`, `got`, `http(s).get`/`request`) whose URL contains a value from the HTTP
request (query, path, body fields such as a webhook URL, FastAPI route parameters), followed
through local variables, in a function with no URL validation (an allowlist, a host check,
a private-address check such as `IsPrivate`/`is_private`, a `validate...URL` helper). Not a
finding: a URL whose scheme and host are literal text (`"https://api.example.com/" + id`), or
that starts with a base the deployment configures (`os.Getenv("USERS_URL") + "/users/" + id`,
`settings.API_BASE + path`, a factory's `serviceURL` parameter followed by a path): the request
chooses what to ask that server, not which server.

Why it matters:
The server becomes a proxy into its own network: cloud metadata endpoints
(169.254.169.254), internal admin services and databases answer it (CWE-918).

Example:
    resp, err := http.Post(req.WebhookURL, "application/json", body)

Fix:
Allow only https URLs whose host is on an allowlist, resolve the host and refuse private,
loopback and link-local addresses (at connect time, to defeat DNS rebinding).
"""
from __future__ import annotations

import re
from typing import Iterable

from auditor.checks.base import Example, FileContext, Rule
from auditor.checks.treeutil import last_names, mentions, sink_finding, tainted_calls
from auditor.model import Finding
from auditor.taint.propagate import AcrossFunctions

GUARD = (r"(?i)allow(ed)?_?(list|hosts|domains)|whitelist|IsPrivate|is_private|IsLoopback|"
         r"is_loopback|validate\w*(URL|Url|url)|isValid\w*(URL|Url)|is_safe_url|"
         r"\.Hostname\(\)\s*(==|!=)|\.hostname\s*(===|!==|==|!=|in|not\s+in)|\.netloc\s*(==|!=|in|not\s+in)")
PY_RECV = re.compile(r"^(requests|httpx|session|client|self\.session|self\.client|\w*session|\w*client|aiohttp)$",
                     re.IGNORECASE)
METHODS = {"get", "post", "put", "delete", "patch", "head", "request", "urlopen", "stream"}
GO_HTTP = ("Get", "Post", "Head", "PostForm")
GO_NEW = ("http.NewRequest", "http.NewRequestWithContext")
# (`request`, the npm `request` client: `request(url | {uri, url, ...}, cb)`, `request.get(url)`)
JS_CLIENTS = ("axios", "got", "http", "https", "superagent", "needle", "request")
# packages whose default export is a `fetch(url, init)` function, under whatever local name
FETCH_PACKAGES = ("node-fetch", "cross-fetch", "isomorphic-fetch", "isomorphic-unfetch",
                  "unfetch", "make-fetch-happen")
WORDS = {"go": last_names(GO_HTTP, GO_NEW, ("Setopt",)), "python": last_names(METHODS),
         "js": last_names(("fetch", "request"), JS_CLIENTS)}


# a URL whose text starts with a literal scheme and host: `f"https://api.example.com/{x}"`,
# `"https://host/" + x`, `fmt.Sprintf("https://host/%s", x)`, `'https://host' '/p?q={}'.format(x)`
_FIXED_HOST = re.compile(r"""^\s*(?:fmt\.Sprintf\(\s*|new\s+URL\(\s*)?[fFrRbBuU]*["'`]https?://"""
                         r"""[A-Za-z0-9\-.]+(?::\d+)?(?:/|\?|["'`])""")


# the same, as the constant text a built URL starts with (`url := "https://host/p?q="; url + q`)
_FIXED_HOST_TEXT = re.compile(r"^https?://[A-Za-z0-9\-.]+(?::\d+)?[/?#]")


def fixed_host(node, idx, func) -> bool:
    """The URL's scheme and host are literal text (only its path or query varies): the request
    can choose what to ask that server, not which server to ask."""
    from auditor.checks.treeutil import leading_text, unwrap

    text = leading_text(node, idx, func, _FIXED_HOST_TEXT)
    if text is not None and _FIXED_HOST_TEXT.match(text):
        return True
    node = unwrap(node)
    for _ in range(3):
        if node is None:
            return False
        if node.type == "identifier":
            assigns = idx.assigns_in(func).get(idx.text(node), [])
            if len(assigns) != 1 or assigns[0][0] is None:
                return False
            node = unwrap(assigns[0][0])
            continue
        return bool(_FIXED_HOST.match(idx.text(node, 300)))
    return False


# a base URL the deployment configures (`os.Getenv("USERS_URL")`, `process.env.API_URL`,
# `settings.UPSTREAM`, `cfg.ServiceURL`) or a parameter named for one (`serviceURL`, `baseUrl`)
_CONFIG_READ = re.compile(r"^(?:os\.Getenv\(|os\.environ|process\.env\b|(?:\w+\.)?(?:settings|config|"
                          r"cfg|conf|env)\.\w)", re.IGNORECASE)
_BASE_NAME = re.compile(r"(?i)(?:url|base|host|endpoint|service|origin|upstream|server)\w*$")


def _template_base(node, idx):
    """The expression a JavaScript template literal starts with when a path follows it
    (`${baseUrl}/api/tasks/${id}` -> `baseUrl`), else None."""
    parts = [c for c in node.named_children if c.type != "comment"]
    if len(parts) < 2 or parts[0].type != "template_substitution" or \
            parts[0].named_child_count != 1 or parts[1].type != "string_fragment" or \
            not idx.text(parts[1], 2).startswith("/") or node.start_byte + 1 != parts[0].start_byte:
        return None
    return parts[0].named_children[0]


def configured_base(node, idx, func) -> bool:
    """The URL starts with a base the deployment configures, whatever the request adds after
    it (`serviceURL + path`, `os.Getenv("API") + "/users/" + id`): the request chooses what
    to ask that server, not which server."""
    from auditor.checks.treeutil import unwrap

    node = unwrap(node)
    joined = False  # (a base alone is the whole URL: the value decides the server)
    for _ in range(4):
        while node is not None and node.type in ("binary_expression", "binary_operator") and \
                idx.text(node.child_by_field_name("operator") or node) == "+":
            joined = True
            node = unwrap(node.child_by_field_name("left"))
        if node is not None and node.type == "template_string" and \
                (lead := _template_base(node, idx)) is not None:
            joined, node = True, lead  # `${baseUrl}/api/tasks/${id}`: the base, then a path
        if node is None or not joined and node.type != "identifier":
            return False
        if node.type == "identifier":
            name = idx.text(node)
            assigns = [a for a in idx.assigns_in(func).get(name, []) if a[0] is not None]
            first = min(assigns, key=lambda a: a[0].start_byte) if assigns else None
            if first is not None and all(
                    a is first or a[1] == "+=" or re.search(rf"\b{re.escape(name)}\b",
                                                          idx.text(a[0], 300))
                    for a in assigns):
                # its first value, the later ones adding to it (`u += "?" + q`) or rewriting
                # it (`u = strings.Replace(u, k, v, 1)`): the start stays the first value's
                node = unwrap(first[0])
                continue
            # a parameter of the function (or of a factory around a closure) named for a base
            params = set(idx.params.get(func, {}))
            for outer in idx.outer_keys(func):
                params |= set(idx.params.get(outer, {}))
            return joined and not assigns and name in params and bool(_BASE_NAME.search(name))
        return joined and bool(_CONFIG_READ.match(idx.text(node, 120)))
    return False


_ORM_MODULES = re.compile(r"^(sqlalchemy|sqlmodel|flask_sqlalchemy|flask_sqlalchemy_lite|tortoise|"
                          r"peewee|pony|ormar|piccolo|beanie|odmantic|mongoengine|pymongo|motor|"
                          r"django\.db|databases)(\.|$)")
_HTTP_MODULES = re.compile(r"^(requests|httpx|aiohttp|urllib3|urllib|http\.client|pycurl|treq|"
                           r"tornado\.httpclient)(\.|$)")


def _orm_without_http(ctx) -> bool:
    """The file imports a database library and no HTTP client library."""
    from auditor.checks.treeutil import import_map

    mods = set(import_map(ctx).values())
    return any(_ORM_MODULES.match(m) for m in mods) and \
        not any(_HTTP_MODULES.match(m) for m in mods)


class Ssrf(AcrossFunctions, Rule):
    __doc__ = __doc__
    id = "ssrf"
    name = "ServerSideRequestForgery"
    category = "ssrf"
    cwe = ("CWE-918",)
    severity = "high"
    confidence = "medium"
    precision = "high"
    positive = [
        Example("go", 'package h\n\nfunc H(c *fiber.Ctx) error {\n\t_, err := http.Get(c.Query("url"))\n\treturn err\n}\n'),
        Example("typescript", 'export async function h(req, res) {\n  res.json(await fetch(req.body.url));\n}\n'),
    ]
    negative = [
        Example("go", 'package h\n\nfunc H(c *fiber.Ctx) error {\n\t_, err := http.Get("https://api.example.com/v1")\n\treturn err\n}\n'),
        Example("python", 'import requests\nfrom flask import request\n\ndef h():\n'
                          '    return requests.get(f"https://api.example.com/items/{request.args[\'id\']}").text\n'),
        # SQLModel's session: deleting the object the request names is no outbound request
        Example("python", 'from fastapi import FastAPI\nfrom sqlmodel import Session\n\napp = FastAPI()\n\n\n'
                          '@app.delete("/items/{item_id}")\ndef remove(item_id: int, session: Session):\n'
                          '    item = session.get(Item, item_id)\n    session.delete(item)\n'),
        Example("typescript", 'export async function h(req, res) {\n  const u = new URL(req.body.url);\n'
                              '  if (!ALLOWED_HOSTS.has(u.hostname)) return res.status(400).end();\n'
                              '  res.json(await fetch(u));\n}\n'),
    ]

    def check_file(self, ctx: FileContext) -> Iterable[Finding]:
        if not mentions(ctx, WORDS.get(ctx.language, WORDS["js"])):
            return
        orm_only = ctx.language == "python" and _orm_without_http(ctx)
        aliases: dict = {}
        if ctx.language == "go":
            from auditor.checks.treeutil import go_import_alias

            alias = go_import_alias(ctx.data, "net/http")
            if alias and alias not in ("http", "_", "."):
                aliases = {alias: "http"}  # `stdhttp "net/http"`: `stdhttp.NewRequest(...)`
        if ctx.language not in ("python", "go"):
            from auditor.checks.treeutil import import_map

            # a client bound under another name (`const requests = require('axios')`)
            imports = import_map(ctx)
            aliases = {n: m.split(".", 1)[0] for n, m in imports.items()
                       if m.split(".", 1)[0] in JS_CLIENTS and n not in JS_CLIENTS}
            if imports.get("request", "").split(".", 1)[0] == "request":
                aliases["request"] = "request"  # the npm client, called as a function
            for n, m in imports.items():
                if m.split(".", 1)[0] in FETCH_PACKAGES or m in ("undici.fetch",
                                                                  "undici.request"):
                    aliases[n] = "fetch"  # `const crossFetch = require("cross-fetch")`
            aliases.update(_chosen_clients(ctx, aliases))

        def select(call, idx):
            url = self._url(call, idx, orm_only, aliases)
            return (None if url is None or fixed_host(url, idx, call.func) or
                    configured_base(url, idx, call.func) else url), True
        for call, culprits, names in tainted_calls(ctx, select, guard=GUARD, rule=self):
            yield sink_finding(self, ctx, call, culprits, f"Outbound request to a URL from the "
                               f"request ({names}) without an allowlist")

    @staticmethod
    def _url(call, idx, orm_only: bool = False, aliases: dict | None = None):
        """The URL argument of an outbound request; names are tested before the arguments are
        read (most calls are not requests). `orm_only`: the file imports a database library and
        no HTTP client, so a `session` or `db` there is the ORM's (`session.delete(user)`,
        `session.get(User, id)` of SQLAlchemy or SQLModel), not a requests session."""
        name, recv = call.name, call.receiver or ""
        if aliases and recv in aliases:
            recv = aliases[recv]
        elif aliases and not recv and name in aliases:
            return call.args[0] if call.args else None  # `request(url)` of an aliased client
        if idx.lang not in ("go", "python") and recv.endswith(".default"):
            # the ES-module interop spelling of a CommonJS client: `import * as axios from
            # "axios"` or `require("axios").default`, then `axios.default.get(url)`
            recv = recv[: -len(".default")]
        if idx.lang == "go":
            callee = f"{recv}.{name}" if recv else call.callee
            if recv == "http" and name in GO_HTTP and call.args:
                return call.args[0]
            if callee == GO_NEW[0] and len(call.args) >= 2:
                return call.args[1]
            if callee == GO_NEW[1] and len(call.args) >= 3:
                return call.args[2]
            if name in ("Get", "Post", "Head") and re.search(r"[Cc]lient$", recv) and call.args:
                return call.args[0]
            if name == "Setopt" and len(call.args) >= 2 and b"go-curl" in idx.data and \
                    re.fullmatch(r"(?:\w+\.)?OPT_URL", idx.text(call.args[0], 60)):
                # libcurl's Go binding (andelf/go-curl): `easy.Setopt(curl.OPT_URL, url)` names
                # the URL `Perform()` fetches, in any scheme libcurl speaks
                return call.args[1]
            return None
        if idx.lang == "python":
            if orm_only and recv not in ("requests", "httpx", "aiohttp") and \
                    not re.search(r"(?i)client", recv):
                return None
            if name in METHODS and (PY_RECV.match(recv) or call.callee in ("urllib.request.urlopen", "urlopen")):
                a = call.args
                if name == "request" and len(a) >= 2:
                    return a[1]
                return call.kwargs.get("url", a[0] if a else None)
            if name == "setopt" and len(call.args) >= 2 and b"pycurl" in idx.data and \
                    re.fullmatch(r"(?:[\w.]+\.)?URL", idx.text(call.args[0], 60)):
                # pycurl: `c.setopt(c.URL, url)` / `setopt(pycurl.URL, url)` names the URL
                # `perform()` fetches (any scheme libcurl speaks: file://, gopher://)
                return call.args[1]
            return None
        if call.callee == "fetch" and call.args:
            return call.args[0]
        if (recv in JS_CLIENTS and name in METHODS | {"axios"}) and call.args:
            return call.args[0]
        if call.callee in ("axios", "got", "axios.default", "got.default") and call.args:
            return call.args[0]
        return None


_PICKED = re.compile(rb"\?\s*[\w$]+\s*:\s*[\w$]+\s*[;,\n)]")  # `c ? https : http;`


def _chosen_clients(ctx, aliases: dict) -> dict:
    """Locals bound to a client module picked at run time (`const sender =
    url.startsWith("https") ? https : http`): each is that client wherever it is called."""
    from auditor.checks.treeutil import file_index, unwrap

    if not _PICKED.search(ctx.data):
        return {}
    idx = file_index(ctx)
    out: dict = {}
    for table in (idx.assigns if idx is not None else {}).values():
        for name, values in table.items():
            for value, _op, _line in values:
                v = unwrap(value) if value is not None else None
                if v is None or v.type != "ternary_expression":
                    continue
                picks = [idx.text(v.child_by_field_name(k), 40)
                         for k in ("consequence", "alternative")]
                mods = {aliases.get(p, p) for p in picks}
                if mods and mods <= set(JS_CLIENTS):
                    out[name] = sorted(mods)[0]
    return out
