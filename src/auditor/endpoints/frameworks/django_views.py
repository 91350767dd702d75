"""Which HTTP methods a Django class-based view, a DRF APIView or a DRF ViewSet really serves.

Django dispatches a request to the view's method named after the HTTP method (`get`, `post`...),
so a `View` subclass serves exactly the methods it defines; generic views bring theirs from
their bases (`CreateView`: GET, POST, PUT; `DeleteView`: GET, POST, DELETE). DRF's generic API
views likewise (`ListCreateAPIView`: GET, POST), and a router maps a ViewSet's actions onto
list and detail routes (`list`/`create` on the list route, `retrieve`/`update`/
`partial_update`/`destroy` on the detail route) plus its `@action` methods. Bases defined in
the project are followed through the classes the scan saw.
"""
from __future__ import annotations

HTTP = ("get", "post", "put", "patch", "delete")
_ALL = ("GET", "POST", "PUT", "PATCH", "DELETE")
GENERIC_VIEW_METHODS = {
    # django.views.generic and django.contrib.auth.views
    "TemplateView": ("GET",), "ListView": ("GET",), "DetailView": ("GET",),
    "ArchiveIndexView": ("GET",), "YearArchiveView": ("GET",), "MonthArchiveView": ("GET",),
    "DayArchiveView": ("GET",), "DateDetailView": ("GET",), "RedirectView": _ALL,
    "FormView": ("GET", "POST", "PUT"), "CreateView": ("GET", "POST", "PUT"),
    "UpdateView": ("GET", "POST", "PUT"), "DeleteView": ("GET", "POST", "DELETE"),
    "LoginView": ("GET", "POST", "PUT"), "PasswordChangeView": ("GET", "POST", "PUT"),
    "PasswordResetView": ("GET", "POST", "PUT"), "PasswordResetConfirmView": ("GET", "POST", "PUT"),
    "PasswordResetDoneView": ("GET",), "PasswordResetCompleteView": ("GET",),
    "PasswordChangeDoneView": ("GET",),
    # rest_framework.generics
    "CreateAPIView": ("POST",), "ListAPIView": ("GET",), "RetrieveAPIView": ("GET",),
    "DestroyAPIView": ("DELETE",), "UpdateAPIView": ("PUT", "PATCH"),
    "ListCreateAPIView": ("GET", "POST"), "RetrieveUpdateAPIView": ("GET", "PUT", "PATCH"),
    "RetrieveDestroyAPIView": ("GET", "DELETE"),
    "RetrieveUpdateDestroyAPIView": ("GET", "PUT", "PATCH", "DELETE"),
    # library views that define only `post`: rest_framework.authtoken.views.ObtainAuthToken
    # (what `obtain_auth_token` is a view of) and rest_framework_simplejwt.views.TokenViewBase
    # with its subclasses
    "ObtainAuthToken": ("POST",), "TokenViewBase": ("POST",),
    "TokenObtainPairView": ("POST",), "TokenRefreshView": ("POST",),
    "TokenVerifyView": ("POST",), "TokenBlacklistView": ("POST",),
    "TokenObtainSlidingView": ("POST",), "TokenRefreshSlidingView": ("POST",),
    # django-allauth's views (allauth/account/views.py, allauth/socialaccount/views.py): form
    # views (GET, POST; PUT as Django's ProcessFormView), template views, and ConfirmEmailView
    # defining get and post (allauth's LogoutView shares its name with Django's, whose methods
    # changed across Django versions: left as every method)
    "SignupView": ("GET", "POST", "PUT"), "PasswordSetView": ("GET", "POST", "PUT"),
    "EmailView": ("GET", "POST", "PUT"), "PasswordResetFromKeyView": ("GET", "POST", "PUT"),
    "ConnectionsView": ("GET", "POST", "PUT"), "ConfirmEmailView": ("GET", "POST"),
    "AccountInactiveView": ("GET",), "EmailVerificationSentView": ("GET",),
    "PasswordResetFromKeyDoneView": ("GET",), "LoginCancelledView": ("GET",),
    "LoginErrorView": ("GET",),
    # graphene-django's and strawberry-django's GraphQLView answer GET (a query, or GraphiQL)
    # and POST and refuse every other method ("GraphQL only supports GET and POST requests.")
    "GraphQLView": ("GET", "POST"), "AsyncGraphQLView": ("GET", "POST"),
    # django-filter's FilterView (BaseFilterView defines only `get`) and django-tables2's
    # SingleTableView (a ListView)
    "FilterView": ("GET",), "SingleTableView": ("GET",),
}
# DRF views of authentication libraries whose names are those of Django's own views (a
# dj-rest-auth PasswordResetView answers POST only; Django's serves a form on GET), keyed by
# module: (methods, the permission classes the library sets). dj_rest_auth/views.py (and its
# predecessor rest_auth), dj_rest_auth/registration/views.py, drf-jwt's rest_framework_jwt/
# views.py (BaseJSONWebTokenAPIView: `permission_classes = ()`, post only).
_REST_AUTH = {
    "LoginView": (("POST",), ["AllowAny"]), "LogoutView": (("POST",), ["AllowAny"]),
    "PasswordResetView": (("POST",), ["AllowAny"]),
    "PasswordResetConfirmView": (("POST",), ["AllowAny"]),
    "PasswordChangeView": (("POST",), ["IsAuthenticated"]),
    "UserDetailsView": (("GET", "PUT", "PATCH"), ["IsAuthenticated"]),
}
_REST_AUTH_REGISTRATION = {
    "RegisterView": (("POST",), ["AllowAny"]), "VerifyEmailView": (("POST",), ["AllowAny"]),
    "ResendEmailVerificationView": (("POST",), ["AllowAny"]),
    "SocialLoginView": (("POST",), ["AllowAny"]),
}
_DRF_JWT = {n: (("POST",), ["AllowAny"]) for n in (
    "ObtainJSONWebTokenView", "RefreshJSONWebTokenView", "VerifyJSONWebTokenView",
    "ObtainJSONWebToken", "RefreshJSONWebToken", "VerifyJSONWebToken",
    "BaseJSONWebTokenAPIView")}
LIBRARY_CLASSES = {
    "dj_rest_auth.views": _REST_AUTH, "rest_auth.views": _REST_AUTH,
    "dj_rest_auth.registration.views": _REST_AUTH_REGISTRATION,
    "rest_auth.registration.views": _REST_AUTH_REGISTRATION,
    "rest_framework_jwt.views": _DRF_JWT,
}


def library_key(module: str, name: str) -> str:
    """The name a library class of LIBRARY_CLASSES goes by among class names (no dots: the
    tables are keyed by a class's last name), or ""."""
    if name in LIBRARY_CLASSES.get(module, {}):
        return module.replace(".", "__") + "__" + name
    return ""


def imported_library_key(module: str, name: str, rest: str = "") -> str:
    """The library key of what an import names: `from dj_rest_auth.views import X` (module,
    "X"), `from dj_rest_auth import views` then `views.LoginView` (module, "views",
    "LoginView"), `import dj_rest_auth.views as v` then `v.LoginView` (module, "", "LoginView")."""
    full = f"{module}.{name}" if name else module
    qual_mod, _, qual_name = (f"{full}.{rest}" if rest else full).rpartition(".")
    return library_key(qual_mod, qual_name)


for _mod, _table in LIBRARY_CLASSES.items():
    for _name, (_methods, _perm) in _table.items():
        GENERIC_VIEW_METHODS[library_key(_mod, _name)] = _methods
LIBRARY_PERMISSIONS = {library_key(m, n): list(p) for m, t in LIBRARY_CLASSES.items()
                       for n, (_x, p) in t.items()}

VIEWSET_BASE_ACTIONS = {
    "ModelViewSet": ("list", "create", "retrieve", "update", "partial_update", "destroy"),
    "ReadOnlyModelViewSet": ("list", "retrieve"),
    "ListModelMixin": ("list",), "CreateModelMixin": ("create",),
    "RetrieveModelMixin": ("retrieve",), "UpdateModelMixin": ("update", "partial_update"),
    "DestroyModelMixin": ("destroy",),
}
# action -> (method, on the detail route)
ACTIONS = {"list": ("GET", False), "create": ("POST", False), "retrieve": ("GET", True),
           "update": ("PUT", True), "partial_update": ("PATCH", True), "destroy": ("DELETE", True)}


def lineage(cls: str, classes: dict, seen: set | None = None, near: str = ""):
    """The class's own info, then its project bases' (depth first), each once. Of several
    classes of one name, a base's is the one defined in the module of the class naming it
    (`near`), where there is one there (Python looks the name up in that module)."""
    seen = seen if seen is not None else set()
    short = cls.rsplit(".", 1)[-1]
    if short in seen:
        return
    seen.add(short)
    found = classes.get(short) or []
    if not found:
        yield short, None
        return
    here = next((f for f in found if f[0] == near), found[0]) if near else found[0]
    info = here[1]
    yield short, info
    for b in info.get("bases", []):
        if b.rsplit(".", 1)[-1] == short:
            # `class PasswordChangeView(AllauthPasswordChangeView)` with the library's class
            # imported under another name: no class inherits itself, the base is the library's
            yield short, None
            continue
        yield from lineage(b, classes, seen, here[0] if isinstance(here[0], str) else "")


def own_dispatch(cls: str, classes: dict, methods: bool = False) -> bool:
    """Whether the `dispatch` Django calls for the view (the nearest one in its lineage) is one
    of the tree's that never calls super(): it answers every method itself, and the mixins'
    dispatch (LoginRequiredMixin's login check) never runs."""
    nearest = next((c for _s, c in lineage(cls, classes)
                    if c and "dispatch" in (c.get("methods") or ())), None)
    return bool(nearest and nearest.get("own_dispatch") and
                not (methods and nearest.get("dispatch_by_method")))


def served_methods(cls: str, classes: dict) -> list[str]:
    """The HTTP methods a (Django or DRF) view class serves; [] when it cannot be told."""
    out: list[str] = []
    for short, info in lineage(cls, classes):
        if info is None:
            out.extend(GENERIC_VIEW_METHODS.get(short, ()))
            continue
        out.extend(m.upper() for m in info.get("methods", []) if m in HTTP)
        for b in info.get("bases", []):
            out.extend(GENERIC_VIEW_METHODS.get(b.rsplit(".", 1)[-1], ()))
    return [m for m in _ALL if m in out]


def viewset_actions(cls: str, classes: dict) -> list[str] | None:
    """The router actions a ViewSet implements (None when the class is not known)."""
    acts: list[str] = []
    known = False
    refused: dict[str, str] = {}  # the nearest definition of each action decides
    defined: set = set()
    for short, info in lineage(cls, classes):
        acts.extend(VIEWSET_BASE_ACTIONS.get(short, ()))
        if info is None:
            continue
        known = True
        acts.extend(m for m in info.get("methods", []) if m in ACTIONS)
        for m in info.get("methods", []):
            if m in ACTIONS and m not in defined:
                defined.add(m)
                if (info.get("refused") or {}).get(m):
                    refused[m] = info["refused"][m]
        for b in info.get("bases", []):
            acts.extend(VIEWSET_BASE_ACTIONS.get(b.rsplit(".", 1)[-1], ()))
    if not known and not acts:
        return None
    if refused.get("update") == "all" and "partial_update" not in defined:
        refused["partial_update"] = "all"  # DRF's partial_update calls update
    return [a for a in ACTIONS if a in acts and a not in refused]


def extra_actions(cls: str, classes: dict) -> list[dict]:
    """`@action` methods of a ViewSet and its project bases: {name, detail, methods, url_path}."""
    out: list[dict] = []
    for _short, info in lineage(cls, classes):
        if info is not None:
            out.extend(info.get("actions", []))
    return out
