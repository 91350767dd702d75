"""Django and DRF routes expanded from the view class behind them, once every module's classes
are known: a class-based view becomes one route per method it serves, a router's ViewSet its
list and detail routes and `@action` routes (see `django_views`)."""
from __future__ import annotations

from dataclasses import replace

from auditor.endpoints.frameworks.django_views import _ALL as _ALL_METHODS
from auditor.endpoints.frameworks.django_views import HTTP as HTTP_NAMES
from auditor.endpoints.frameworks.django_views import (ACTIONS, GENERIC_VIEW_METHODS,
                                                       extra_actions, lineage, served_methods,
                                                       viewset_actions)


DRF_BASES = {"APIView", "GenericAPIView", "ViewSet", "GenericViewSet", "ModelViewSet",
             "ReadOnlyModelViewSet", "ViewSetMixin", "CreateAPIView", "ListAPIView",
             "RetrieveAPIView", "DestroyAPIView", "UpdateAPIView", "ListCreateAPIView",
             "RetrieveUpdateAPIView", "RetrieveDestroyAPIView", "RetrieveUpdateDestroyAPIView"}


def drf_default_permissions(replay) -> list[str]:
    """REST_FRAMEWORK["DEFAULT_PERMISSION_CLASSES"] of the project's settings ([] = AllowAny).
    Several settings modules that disagree: the one nearest the project root."""
    if not hasattr(replay, "_drf_defaults"):
        found = sorted((len(path.split("/")), path, op.get("perm", []))
                       for path, fx in replay.facts.items() for op in fx.get("routes", ())
                       if op.get("op") == "drf_defaults")
        replay._drf_defaults = list(found[0][2]) if found else []
    return replay._drf_defaults


def with_drf_defaults(route, replay) -> None:
    """A DRF view class without permission_classes anywhere in its MRO gets the settings'
    default permission classes."""
    from auditor.endpoints.frameworks.django_views import LIBRARY_PERMISSIONS

    defaults = drf_default_permissions(replay)
    cls = route.extra.get("view_class")
    if not cls:
        return
    drf = False
    for short, info in lineage(cls, preferring(replay, route.file, cls)):
        if info is None and short in LIBRARY_PERMISSIONS:
            # a library view's own permission_classes (dj-rest-auth's PasswordChangeView:
            # IsAuthenticated), inherited where no class of the tree sets its own
            route.mw = list(route.mw) + [p for p in LIBRARY_PERMISSIONS[short]
                                         if p not in route.mw]
            return
        if info is None:
            drf = drf or short in DRF_BASES
            continue
        if info.get("perm_set"):
            return  # its own permission_classes (even empty) win
        drf = drf or any(b.rsplit(".", 1)[-1] in DRF_BASES for b in info.get("bases", []))
    if drf and defaults:
        route.mw = list(route.mw) + [d for d in defaults if d not in route.mw]
        # (what `self.permission_classes` is: a get_permissions choosing classes replaces it)
        route.extra = {**route.extra, "drf_defaults": list(defaults)}


_FORM = ("GET", "POST", "PUT")
# Views libraries export as functions (`obtain_jwt_token = ObtainJSONWebToken.as_view()`), each
# a class that defines only `post` (rest_framework_jwt/views.py, rest_framework/authtoken/views.py)
LIBRARY_FUNCTION_VIEWS = {
    "rest_framework_jwt.views": {"obtain_jwt_token": ("POST",), "refresh_jwt_token": ("POST",),
                                 "verify_jwt_token": ("POST",)},
    "rest_framework.authtoken.views": {"obtain_auth_token": ("POST",)},
    # django-allauth's function views (`login = LoginView.as_view()` in allauth/account/views.py
    # and its siblings): form views serve GET, POST and PUT (Django's ProcessFormView), template
    # views GET; its LogoutView defines get and post
    "allauth.account.views": {
        "login": _FORM, "signup": _FORM, "logout": ("GET", "POST"),
        "password_change": _FORM, "password_set": _FORM, "account_inactive": ("GET",),
        "email": _FORM, "email_verification_sent": ("GET",), "confirm_email": ("GET", "POST"),
        "password_reset": _FORM, "password_reset_done": ("GET",),
        "password_reset_from_key": _FORM, "password_reset_from_key_done": ("GET",)},
    "allauth.socialaccount.views": {
        "login_cancelled": ("GET",), "login_error": ("GET",), "signup": _FORM,
        "connections": _FORM},
    "allauth.mfa.base.views": {"authenticate": _FORM, "reauthenticate": _FORM},
}


def _library_function_methods(replay, route) -> tuple:
    """The methods of a library's function view the route names through an import."""
    head, _, rest = route.handler.partition(".")
    for imp in (replay.facts.get(route.file) or {}).get("imports", ()):
        mod = imp.get("target") or ""
        if imp.get("alias") != head:
            continue
        if not rest and imp.get("name"):  # from rest_framework_jwt.views import obtain_jwt_token
            got = LIBRARY_FUNCTION_VIEWS.get(mod, {}).get(imp["name"])
        elif rest:  # from allauth.account import views as allauth_account_views
            got = LIBRARY_FUNCTION_VIEWS.get(f"{mod}.{imp['name']}" if imp.get("name") else mod,
                                             {}).get(rest)
        else:
            continue
        if got:
            return got
    return ()


def function_view(route, resolver, replay) -> list:
    """A function view: its decorators guard it, `@api_view([...])` / `@require_http_methods`
    restrict its methods (else every method), DRF's default permissions apply to an
    `@api_view` without `@permission_classes`."""
    fn = resolver.middleware_fn(route.file, route.handler)
    if fn is None and resolver.cg is not None:
        # a view the imports reach only through `from .views import *` chains: the function
        # the call graph names
        node = resolver.handler_node(route)
        fn = resolver.fn_for_node(node) if node is not None else None
    if fn is None:
        methods = _library_function_methods(replay, route)
        if methods and route.method == "ANY":
            return [replace(route, method=m) for m in methods]
        return [route]
    mw = list(route.mw) + [d for d in fn.get("decorators", []) if d not in route.mw]
    if fn.get("drf") is True:
        mw += [d for d in drf_default_permissions(replay) if d not in mw]
    route.mw = mw
    methods = fn.get("http_methods") or fn.get("branch_methods")
    key = resolver.middleware_key(route.file, route.handler)
    if key is not None and key[0] != route.file:
        # the view's decorators are names of the view's module, not of the urls module
        route.extra = {**route.extra, "mw_at": {d: key[0] for d in fn.get("decorators", [])}}
    for deco, named in (fn.get("deco_method_args") or {}).items():
        dfn = resolver.middleware_fn(key[0], deco) if key is not None else None
        if dfn is not None and dfn.get("method_filter"):
            # a decorator of the tree that answers 405 to the methods it was not given
            methods = [m for m in named if m not in ("HEAD", "OPTIONS")
                       and (methods is None or m in methods)]
    if not methods or route.method != "ANY":
        return [route]
    return [replace(route, method=m) for m in methods]


def expand(route, replay) -> list:
    cls = route.extra.get("view_class") or route.handler
    if route.extra.get("library_view"):
        # a view Django ships (django.contrib.auth.views.LoginView): the methods of its class in
        # Django, never those of a class of the tree that has the same name
        methods = GENERIC_VIEW_METHODS.get(cls.rsplit(".", 1)[-1]) \
            if route.method in ("ANY", "VIEW", "VIEWSET") else None
        # (a library urlconf listed per method, METHOD_URLCONFS, keeps its method: dj-rest-auth's
        # LoginView is no django.contrib.auth LoginView)
        return [replace(route, method=m) for m in methods] if methods else [route]
    if cls.rsplit(".", 1)[-1] == "LogoutView" and route.method == "ANY" and \
            (methods := _django_logout_methods(route, replay, cls)):
        return [replace(route, method=m) for m in methods]
    classes = preferring(replay, route.file, cls)
    from auditor.endpoints.frameworks.django_views import own_dispatch

    if route.method == "ANY" and own_dispatch(cls, classes, methods=True):
        return [route]  # (no `get`/`post` is looked up, no 405)
    allowed = _allowed_methods(cls, classes)
    if allowed:  # `http_method_names = ["get", "patch"]`: Django's dispatch answers 405 to others
        return [r for r in _expand(route, replay, cls, classes)
                if r.method in allowed or r.method not in _DISPATCHED]
    return _expand(route, replay, cls, classes)


def _django_logout_methods(route, replay, cls: str) -> tuple | None:
    """The methods of django.contrib.auth's LogoutView, by the Django the project requires:
    POST alone from Django 5.0 (`http_method_names = ["post", "options"]`); None before (its
    `dispatch` logs out whatever the method, then answers), when the view is another (a class
    of the tree, allauth's) or the version is unknown."""
    head, _, rest = cls.rpartition(".")
    for imp in (replay.facts.get(route.file) or {}).get("imports", ()):
        if imp.get("alias") != (head.split(".", 1)[0] if head else rest):
            continue
        full = ".".join(x for x in (imp.get("target") or "", imp.get("name") or "") if x)
        if not (full == "django.contrib.auth.views" and head or
                full == "django.contrib.auth.views.LogoutView" and not head):
            return None
        major = django_major(replay.facts)
        if major is None:
            return None
        return ("POST",) if major >= 5 else None
    return None


def django_major(facts: dict) -> int | None:
    """The major version of Django a requirements file, a pyproject or a Pipfile of the tree
    pins or starts from (the lowest, where several say)."""
    found = []
    for fx in facts.values():
        v = ((fx.get("extra") or {}).get("py_requires") or {}).get("django")
        if v and v.split(".", 1)[0].isdigit():
            found.append(int(v.split(".", 1)[0]))
    return min(found) if found else None


def preferring(replay, file: str, cls: str):
    """The class table with the class `cls` names from `file` first among those of its short
    name (`external_viewsets.RoomViewSet` through `from core.external_api import viewsets as
    external_viewsets`, not `core/api/viewsets.py`'s RoomViewSet)."""
    import collections
    import posixpath

    short = cls.rsplit(".", 1)[-1]
    found = replay.classes.get(short) or []
    if len(found) < 2:
        return replay.classes
    tfile, name = (replay.imports.get(file) or {}).get(cls.split(".", 1)[0], ("", ""))
    want: set = set()
    if "." in cls and tfile:
        if not name:
            want.add(tfile)
        else:
            base = posixpath.dirname(tfile)
            want |= {posixpath.join(base, name + ".py"), posixpath.join(base, name, "__init__.py")}
    elif tfile:  # `from core.api.viewsets import RoomViewSet`
        want.add(tfile)
    else:
        want.add(file)  # a class of the urls module itself
    first = [f for f in found if f[0] in want]
    if not first:
        return replay.classes
    return collections.ChainMap({short: first + [f for f in found if f not in first]},
                                replay.classes)


_DISPATCHED = frozenset({"GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS"})


def _allowed_methods(cls: str, classes: dict) -> set:
    """The methods a class view's `http_method_names` (its own or a base's) lets through."""
    from auditor.endpoints.frameworks.django_views import lineage

    for _s, c in lineage(cls, classes):
        if c and c.get("http_method_names"):
            return set(c["http_method_names"])
    return set()


def _expand(route, replay, cls: str, classes: dict) -> list:
    if route.method != "VIEWSET":
        methods = served_methods(cls, classes)
        if not methods:
            return [route]  # a view we cannot see into: every method, as written
        info = (classes.get(cls.rsplit(".", 1)[-1]) or [(None, {})])[0][1]
        own = set(info.get("methods", ()))
        decos = info.get("method_decos") or {}
        if len(methods) == len(_ALL_METHODS) and not own & set(HTTP_NAMES) and not decos:
            # a view that serves every method through one base (RedirectView): one ANY route
            return [route]
        # the method's own handler where the class defines it, else the class (a generic base);
        # its own decorators (`@method_decorator(login_required) def post`) guard that method
        # (a get_permissions choosing by the request's method: its classes for that method)
        return [replace(route, method=m, handler=f"{route.handler}.{m.lower()}"
                        if m.lower() in own else route.handler,
                        mw=_action_permissions(list(route.mw), cls, classes, "", m,
                                               route.extra.get("drf_defaults")) +
                        [d for d in decos.get(m.lower(), ()) if d not in route.mw])
                for m in methods]
    base = (route.path or "").strip("/")
    info = (classes.get(cls.rsplit(".", 1)[-1]) or [(None, {})])[0][1]
    lookup = "{" + (info.get("lookup_field") or "pk") + "}"
    actions = viewset_actions(cls, classes)
    if actions is None:  # the ViewSet is not in the scan: what a ModelViewSet serves
        actions = list(ACTIONS)
    out = []
    for action in actions:
        method, detail = ACTIONS[action]
        path = f"{base}/{lookup}/" if detail else (f"{base}/" if base else "")
        out.append(replace(route, method=method, path=path, handler=f"{cls}.{action}",
                           mw=_action_permissions(route.mw, cls, classes, action, method,
                                                  route.extra.get("drf_defaults"))))
    for act in extra_actions(cls, classes):
        sub = act["url_path"].strip("/")
        path = f"{base}/{lookup}/{sub}/" if act["detail"] else f"{base}/{sub}/"
        mw = route.mw
        if act.get("permissions") is not None:  # the action's own permission_classes win
            from auditor.endpoints.frameworks.django_views import lineage

            own = next((c.get("perm_classes") for _s, c in lineage(cls, classes)
                        if c and c.get("perm_classes") is not None), [])
            mw = [m for m in route.mw if m not in own] + list(act["permissions"])
        for m in act["methods"]:
            out.append(replace(route, method=m, path=path, handler=f"{cls}.{act['name']}",
                               mw=list(mw) if act.get("permissions") is not None else
                               _action_permissions(mw, cls, classes, act["name"], m,
                                                   route.extra.get("drf_defaults"))))
    return out


def _action_permissions(mw: list, cls: str, classes: dict, action: str,
                        method: str = "", defaults: list | None = None) -> list:
    """The route's guards when the view's `get_permissions` picks its permission classes from
    a table by `self.action` (`perm_by_action`, read in `python._class_info`) or by the
    request's method (`if self.request.method in SAFE_METHODS: return [AllowAny()]`: keys
    `method:GET`, ...): the table's entry for this action or method instead of the class's
    permission_classes; unchanged for one the table does not list (the usual fallback to
    permission_classes)."""
    from auditor.endpoints.frameworks.django_views import lineage

    chain = [c or {} for _s, c in lineage(cls, classes)]
    for c in chain:
        # the get_permissions that runs reads its table off the instance: the nearest class
        # that declares it (a subclass's table over the base's own)
        reads = c.get("perm_reads") or ()
        table = next((t[r] for t in (x.get("perm_tables") or {} for x in chain)
                      for r in reads if r in t), None) if reads else c.get("perm_by_action")
        if table is None:
            continue
        if action not in table and f"method:{method}" in table:
            action = f"method:{method}"
        default = next((x.get("perm_default") for x in chain if x.get("perm_default")), None)
        if action not in table and default in table:
            action = default  # (the entry get_permissions falls back to)
        if action not in table and c.get("perm_else") is not None:
            table = {action: c["perm_else"]}  # (its `else:` branch's own classes)
        if action not in table:
            return list(mw)
        own = next((x.get("perm_classes") for _t, x in lineage(cls, classes)
                    if x and x.get("perm_classes") is not None), defaults or [])
        kept = [m for m in mw if m not in own]
        return kept + [p for p in table[action] if p not in kept]
    return list(mw)
