"""When is an endpoint without authentication an alarm? Evidence from its siblings.

Most routes without auth are public by design: sign-up, login, token refresh, health, docs,
and the public reads of a resource whose reads are all public (a blog's articles). Crying wolf
on each of them gets the tool switched off. An endpoint is an alarm when

- its path is administrative or internal (`/admin`, `/internal`, `/manage`...), or
- it changes state while routes of the same resource (same path once parameters are dropped,
  else the parent resource) require authentication, or
- it reads a resource while most other reads of that resource require authentication.

The reason names the evidence ("POST /api/articles changes state; 7 of 9 routes under
/api/articles require auth; this one has none").
"""
from __future__ import annotations

import re
from collections import defaultdict

STATE_CHANGING = {"POST", "PUT", "PATCH", "DELETE"}
READS = {"GET"}
ADMIN_PATH = re.compile(r"(?i)(^|/)(admin\w*|internal|manage(ment)?|superuser|sudo|staff|"
                        r"backoffice|ops|debug)(/|$)")
_PARAM = re.compile(r"^(\{.*\}|:.+|<.+>|\[.+\]|\*.*)$")


# The last segment of a path that matches whatever follows, in each router's notation: `*`,
# `*path` (gin, echo, chi, httprouter, Express 5), fiber's `+`, gorilla's `{path:.*}`, Go 1.22
# ServeMux's `{rest...}`, `{*path}`, path-to-regexp's `:path*` and `(.*)`, werkzeug's and
# Django's `<path:name>`, Starlette's `{name:path}`, Next.js's `[...slug]` and `[[...slug]]`.
CATCH_ALL = re.compile(r"/(\*\w*|\+\w*|\{\w*:\.[*+]\}|\{\w+\.\.\.\}|\{\*\w*\}|:\w+[*+]|\(\.\*\)|"
                       r"<path:\w+>|\{\w+:path\}|\[\[?\.\.\.\w+\]\]?)/?$")


def resource_of(path: str) -> str:
    """The resource a path addresses: its parameters as `{}`, trailing parameters dropped
    (`/api/articles/{slug}` and `/api/articles` are the same resource)."""
    parts = ["{}" if _PARAM.match(p) else p for p in path.strip("/").split("/") if p]
    while parts and parts[-1] == "{}":
        parts.pop()
    return "/" + "/".join(parts)


class Siblings:
    """The endpoints of a scan grouped by resource, to weigh one endpoint against its
    neighbours."""

    def __init__(self, endpoints) -> None:
        self.by_resource: dict[str, list] = defaultdict(list)
        # every resource prefix -> the endpoints at or below it (one pass, not one per endpoint)
        self.under: dict[str, list] = defaultdict(list)
        for e in endpoints:
            if not e.implicit and e.method not in ("HEAD", "OPTIONS"):
                res = resource_of(e.path)
                self.by_resource[res].append(e)
                prefix = res
                while True:
                    self.under[prefix].append(e)
                    if prefix == "/":
                        break
                    prefix = prefix.rsplit("/", 1)[0] or "/"

    def group(self, e) -> tuple[str, list]:
        """(resource, its other endpoints); the parent resource when the resource has no other
        endpoint and the parent is more than one segment deep (not `/api` as a whole)."""
        res = resource_of(e.path)
        others = [o for o in self.by_resource.get(res, ()) if o is not e]
        if not others:
            parent = res.rsplit("/", 1)[0]
            if not _is_api_root(parent) and (
                    parent.count("/") >= 2 or (parent.count("/") == 1 and "{}" not in parent
                                               and len(parent) > 1)):
                others = [o for o in self.under.get(parent, ()) if o is not e]
                res = parent
        return res, others

    def alarm(self, e) -> tuple[str, str] | None:
        """(severity, reason) when `e`, which has no authentication, should be reported."""
        if ADMIN_PATH.search(e.path):
            return "high", f"{e.key} is an administrative or internal path with no authentication"
        res, others = self.group(e)
        if res == "/" and CATCH_ALL.search(e.path):
            return None  # `/{path:.*}` answers every path (a landing page, an SPA): no resource
        required = [o for o in others if getattr(o, "auth", "none") == "required"
                    or (getattr(o, "auth", None) is None and o.authenticated)]
        if not required:
            return None
        n = len(others) + 1
        where = f"{len(required)} of {n} routes under {res} require auth; this one has none"
        if e.method in STATE_CHANGING:
            return "high", f"{e.key} changes state; {where}"
        if e.method in READS:
            reads = [o for o in others if o.method in READS]
            protected = [o for o in reads if o in required]
            # most reads of it require auth: a public read among them is the odd one out
            if protected and 2 * len(protected) > len(reads):
                return "medium", (f"{e.key} reads {res} while {len(protected)} of "
                                  f"{len(reads)} other reads of it require auth; this one has none")
        return None


def _is_api_root(prefix: str) -> bool:
    """`/api`, `/v1`, `/api/v1`, `/rest/v2`: where every resource of an API hangs, not one."""
    return bool(re.fullmatch(r"(?i)(/(api|v\d+(\.\d+)?|rest|graphql))+", prefix))
