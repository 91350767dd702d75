"""Which declared middleware runs for a route, by each framework's own rules.

- Fiber, Express: one stack in registration order; a `Use`/`use` runs for the routes registered
  after it whose path matches its prefix (Fiber matches by prefix across groups; Express only
  within the router the request is dispatched into). A guard registered after a route never runs
  for it: it is returned as `late`.
- Gin, Echo groups: a group's handlers are copied when a route (or child group) is registered,
  so only `Use` calls before that count; Echo's root `e.Use` wraps the whole router.
- Chi, gorilla/mux, FastAPI, Flask, NestJS: router-level middleware/dependencies apply to every
  route of the router and of what is mounted on it, whatever the order.
- net/http: only the wrappers around the handler, and those around the whole mux
  (`return auth(mux)`), which run before every route of it, whatever the order.
Route-level middleware (arguments, decorators, dependencies) always runs, after the group's.
"""
from __future__ import annotations

ORDERED_STACK = {"fiber"}
ORDERED_ROUTER = {"express", "gin", "echo"}


def _matches(prefix: str, path: str) -> bool:
    if prefix in ("", "/", "*", "/*"):
        return True
    # Fiber's Group("api") and Gin's Group("v1") add the leading slash (getGroupPath /
    # joinPaths): compare both sides with one
    prefix = "/" + prefix.lstrip("/")
    path = "/" + path.lstrip("/")
    prefix = prefix.rstrip("/").rstrip("*").rstrip("/")
    return path == prefix or path.startswith(prefix + "/") or prefix == ""


def middleware_in_effect(replay, route, chain, path) -> tuple[list[tuple], list[tuple]]:
    """([(name, file, line)] in effect, in run order; [(name, file, line)] declared too late)."""
    fw = route.framework
    effective: list[tuple] = []
    late: list[tuple] = []
    chain_ids = [c[0] for c in chain]
    if fw in ORDERED_STACK:
        # Fiber: every Use on any router whose full prefix matches, by registration order.
        prefixes: dict[int, list[str]] = {}
        root = chain[-1][0]
        for u in sorted(replay.uses, key=lambda u: u.seq):
            r = replay.routers[u.router]
            # (a router whose framework is unknown: a group of a root nobody could tie to
            # an app, such as one passed in from a struct field of another package)
            if r.framework and r.framework != fw and not r.implicit_root:
                continue
            if u.router not in prefixes:
                prefixes[u.router] = [replay.full_prefix(c) for c in replay.chains(u.router)
                                      if c[-1][0] == root]
            from auditor.endpoints.interpret import join

            if not any(_matches(join(p, u.prefix), path) for p in prefixes[u.router]):
                continue
            target = effective if u.seq < route.seq or u.wraps else late
            target.extend((n, u.file, u.line) for n in u.names)
    else:
        # Per-router: uses on the routers of this route's chain (leaf first in `chain`).
        for i in range(len(chain) - 1, -1, -1):
            rid = chain[i][0]
            # the moment the request's path through this router was fixed
            # chain[i] (i > 0) carries how chain[i-1] hangs on it: (router, prefix, seq, mw)
            cutoff = route.seq if i == 0 else chain[i][2] or route.seq
            is_root = i == len(chain) - 1
            rest = _rest(path, replay, chain, i)
            mine = list(_uses_by_router(replay).get(rid, ()))
            if fw == "express":
                mine += _passed_through(replay, rid, chain[i - 1][0] if i else None, rest)
            mine.sort(key=lambda u: u.seq)
            # Starlette's add_middleware wraps the app: the last one added runs first
            outer = [u for u in mine if u.outer_first][::-1]
            mine = outer + [u for u in mine if not u.outer_first]
            for u in mine:
                if u.prefix and not _matches(u.prefix, rest):
                    continue
                if fw in ORDERED_ROUTER and not (fw == "echo" and is_root) and not u.wraps:
                    target = effective if u.seq < cutoff else late
                else:
                    target = effective
                target.extend((n, u.file, u.line) for n in u.names)
            if i > 0:  # the mount's own middleware runs after the parent's earlier ones
                effective.extend((n, chain[i][4], chain[i][5]) for n in chain[i][3])
    at = route.extra.get("mw_at") or {}  # (a Django function view's decorators: its module's)
    effective.extend((n, at.get(n, route.file), route.line) for n in route.mw)
    # one declaration seen through two ops (a chained `Group(...).Use(mw)` is both the group's
    # middleware and a use of the inline group) counts once
    return list(dict.fromkeys(effective)), list(dict.fromkeys(late))


def _rest(path: str, replay, chain, i: int) -> str:
    """The part of the path below router chain[i] (for `router.use('/x', mw)` prefixes)."""
    base = replay.full_prefix(chain[i:])
    return path[len(base):] if base and path.startswith(base) else path


def _passed_through(replay, rid: int, own_child: int | None, rest: str) -> list:
    """Express: the middleware a request meets inside the other routers mounted on `rid`
    before it is dispatched on: a router mounted at a prefix runs every request below it
    through its own path-less `use` middleware first, and when none of its routes answers, the
    request leaves it (`next()`) for the layers registered after it (express/lib/router
    `handle`). A guard in `router.use(require('./isAdmin'))` (a router holding only
    `router.use((req, res, next) => req.user.isAdmin ? next() : res.sendStatus(401))`) thus
    guards the routes registered after that mount. As Use records on `rid`, at the mount's
    place in its stack."""
    from auditor.endpoints.interpret import Use, join

    seq, mounts = getattr(replay, "_express_mounts", (-1, None))
    if seq != replay.seq:  # (every mount the replay records takes a new sequence number)
        mounts = {}
        for child in replay.routers:
            for parent in child.parents:
                mounts.setdefault(parent[0], []).append((child.id, parent[1], parent[2]))
        replay._express_mounts = (replay.seq, mounts)
    by_router = _uses_by_router(replay)
    out = []
    for child, prefix, seq in mounts.get(rid, ()):
        if child == own_child or not _matches(prefix, rest):
            continue
        for u in by_router.get(child, ()):
            if not u.prefix or _matches(join(prefix, u.prefix), rest):
                out.append(Use(seq, rid, "", list(u.names), u.file, u.line))
    return out


def _uses_by_router(replay) -> dict:
    """The replay's Use records by router, built again only when the replay recorded more
    since (every record takes a new sequence number; read for every route's chain)."""
    seq, got = getattr(replay, "_uses_by_router", (-1, None))
    if seq != replay.seq:
        got = {}
        for u in replay.uses:
            got.setdefault(u.router, []).append(u)
        replay._uses_by_router = (replay.seq, got)
    return got
