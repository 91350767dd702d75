"""Python routers: FastAPI (APIRouter prefix/dependencies, include_router, add_api_route,
Depends/Security), Flask (blueprints, url_prefix, add_url_rule, MethodView, before_request) and
Django (urls.py path/re_path/include, class-based views, DRF routers and ViewSets).

Everything is recorded in the module scope: Python routers are module-level objects that other
modules import, so the replay resolves them through the importing file's imports.
"""
from __future__ import annotations

import re

from auditor.endpoints.frameworks import ScopeTracker, nodes_of
from auditor.endpoints.profile import SpanProfiler
from auditor.index.walk import text, walk

FASTAPI_METHODS = {"get", "post", "put", "delete", "patch", "head", "options", "trace"}
MODULE = "<module>"
# (fastapi-utils' and fastapi-restful's InferringRouter is an APIRouter subclass)
CONSTRUCTORS = {"FastAPI": "fastapi", "APIRouter": "fastapi", "InferringRouter": "fastapi",
                "Flask": "flask", "Blueprint": "flask", "Starlette": "fastapi", "Quart": "flask",
                # APIFlask (apiflask): a Flask subclass and its Blueprint subclass
                "APIFlask": "flask", "APIBlueprint": "flask"}
SECURITY_SCHEMES = {"HTTPBearer", "HTTPBasic", "HTTPDigest", "OAuth2PasswordBearer",
                    "OAuth2AuthorizationCodeBearer", "OpenIdConnect", "APIKeyHeader",
                    "APIKeyCookie", "APIKeyQuery"}
# Flask-RESTX / Flask-RESTful: Api(app_or_blueprint) mounts on what it is given; a Namespace
# is a router of its own, mounted by api.add_namespace(ns, path=...) (default "/<name>")
RESTX_CONSTRUCTORS = {"Api", "Namespace"}
DRF_ROUTERS = {"DefaultRouter", "SimpleRouter", "ExtendedDefaultRouter", "NestedSimpleRouter",
               "NestedDefaultRouter", "ExtendedSimpleRouter"}
VIEWSET_ACTIONS = [("GET", "", "list"), ("POST", "", "create"), ("GET", "{pk}/", "retrieve"),
                   ("PUT", "{pk}/", "update"), ("PATCH", "{pk}/", "partial_update"),
                   ("DELETE", "{pk}/", "destroy")]
# django/contrib/auth/urls.py (Django 2.0+): the views include("django.contrib.auth.urls")
# mounts, classes of django.contrib.auth.views: the route's handler is the library's view, not
# code of the tree (route.extra["library_view"]); what each reads or writes is in
# data_access.LIBRARY_VIEWS. PasswordChangeView and PasswordChangeDoneView decorate their
# dispatch with @method_decorator(login_required) in django/contrib/auth/views.py; the others
# are public by design (LoginView, LogoutView, the password-reset views).
BUILTIN_URLCONFS = {"django.contrib.auth.urls": [
    ("login/", "LoginView", []), ("logout/", "LogoutView", []),
    ("password_change/", "PasswordChangeView", ["login_required"]),
    ("password_change/done/", "PasswordChangeDoneView", ["login_required"]),
    ("password_reset/", "PasswordResetView", []),
    ("password_reset/done/", "PasswordResetDoneView", []),
    ("reset/<uidb64>/<token>/", "PasswordResetConfirmView", []),
    ("reset/done/", "PasswordResetCompleteView", [])],
    # rest_framework/urls.py: the browsable API's login and logout, Django's own views
    "rest_framework.urls": [("login/", "LoginView", []), ("logout/", "LogoutView", [])],
    # django-allauth's allauth/urls.py: allauth/account/urls.py, then "social/" with
    # allauth/socialaccount/urls.py (included when allauth.socialaccount is installed, as it is
    # wherever a provider is); the account views that need a user are decorated
    # login_required in allauth/account/views.py (password_change, password_set, email) and
    # allauth/socialaccount/views.py (connections)
    "allauth.urls": [
        ("signup/", "SignupView", []), ("login/", "LoginView", []),
        ("logout/", "allauth.account.views.LogoutView", []),
        ("password/change/", "PasswordChangeView", ["login_required"]),
        ("password/set/", "PasswordSetView", ["login_required"]),
        ("inactive/", "AccountInactiveView", []),
        ("email/", "EmailView", ["login_required"]),
        ("confirm-email/", "EmailVerificationSentView", []),
        ("confirm-email/<key>/", "ConfirmEmailView", []),
        ("password/reset/", "PasswordResetView", []),
        ("password/reset/done/", "PasswordResetDoneView", []),
        ("password/reset/key/<uidb36>-<key>/", "PasswordResetFromKeyView", []),
        ("password/reset/key/done/", "PasswordResetFromKeyDoneView", []),
        ("social/login/cancelled/", "allauth.socialaccount.views.LoginCancelledView", []),
        ("social/login/error/", "allauth.socialaccount.views.LoginErrorView", []),
        ("social/signup/", "allauth.socialaccount.views.SignupView", []),
        ("social/connections/", "allauth.socialaccount.views.ConnectionsView",
         ["login_required"])]}
# the module whose views a built-in urlconf routes to
BUILTIN_VIEWS = {"rest_framework.urls": "django.contrib.auth.views",
                 "allauth.urls": "allauth.account.views"}
# djoser's urlconfs (djoser/urls/base.py: a DefaultRouter registering UserViewSet as "users",
# with its @action routes; urls/jwt.py: simplejwt's token views; urls/authtoken.py;
# social/urls.py), as (method, path, view, guarded). Guarded as djoser's default PERMISSIONS
# (djoser/conf.py) say: CurrentUserOrAdmin (an authenticated user) on the user views,
# set_password and set_username, IsAuthenticated on token/logout, AllowAny elsewhere. The
# username actions are named for the user model's USERNAME_FIELD (`set_{USERNAME_FIELD}`).
_DJOSER_USERS = "djoser.views.UserViewSet"
_DJOSER_BASE = [("GET", "users/", _DJOSER_USERS, True), ("POST", "users/", _DJOSER_USERS, False)] + \
    [(m, "users/<id>/", _DJOSER_USERS, True) for m in ("GET", "PUT", "PATCH", "DELETE")] + \
    [(m, "users/me/", _DJOSER_USERS, True) for m in ("GET", "PUT", "PATCH", "DELETE")] + \
    [("POST", f"users/{a}/", _DJOSER_USERS, a.startswith("set_"))
     for a in ("activation", "resend_activation", "set_password", "reset_password",
               "reset_password_confirm", "set_username", "reset_username",
               "reset_username_confirm")]
METHOD_URLCONFS = {
    "djoser.urls": _DJOSER_BASE, "djoser.urls.base": _DJOSER_BASE,
    "djoser.urls.jwt": [("POST", f"jwt/{a}/", f"rest_framework_simplejwt.views.{v}", False)
                        for a, v in (("create", "TokenObtainPairView"),
                                     ("refresh", "TokenRefreshView"),
                                     ("verify", "TokenVerifyView"))],
    "djoser.urls.authtoken": [("POST", "token/login/", "djoser.views.TokenCreateView", False),
                              ("POST", "token/logout/", "djoser.views.TokenDestroyView", True)],
    "djoser.social.urls": [(m, "o/<provider>/", "djoser.social.views.ProviderAuthView", False)
                           for m in ("GET", "POST")]}


def _rest_auth(pkg: str) -> dict:
    """dj-rest-auth's urlconfs and those of django-rest-auth before it (dj_rest_auth/urls.py,
    registration/urls.py): LogoutView's GET answers 405 unless ACCOUNT_LOGOUT_ON_GET, the
    user and password-change views are IsAuthenticated, the rest AllowAny; the JWT token
    routes exist only with USE_JWT (not listed)."""
    v, r = f"{pkg}.views", f"{pkg}.registration.views"
    base = [("POST", "password/reset/", f"{v}.PasswordResetView", False),
            ("POST", "password/reset/confirm/", f"{v}.PasswordResetConfirmView", False),
            ("POST", "login/", f"{v}.LoginView", False),
            ("POST", "logout/", f"{v}.LogoutView", False),
            ("POST", "password/change/", f"{v}.PasswordChangeView", True)] + \
        [(m, "user/", f"{v}.UserDetailsView", True) for m in ("GET", "PUT", "PATCH")]
    reg = [("POST", "", f"{r}.RegisterView", False),
           ("POST", "verify-email/", f"{r}.VerifyEmailView", False),
           ("GET", "account-confirm-email/<key>/", "django.views.generic.TemplateView", False)]
    if pkg == "dj_rest_auth":
        reg += [("POST", "resend-email/", f"{r}.ResendEmailVerificationView", False),
                ("GET", "account-email-verification-sent/",
                 "django.views.generic.TemplateView", False)]
    return {f"{pkg}.urls": base, f"{pkg}.registration.urls": reg}


METHOD_URLCONFS.update(_rest_auth("dj_rest_auth"))
METHOD_URLCONFS.update(_rest_auth("rest_auth"))
HTTP_METHOD_NAMES = ("get", "post", "put", "patch", "delete", "head", "options")
PERMISSIVE = re.compile(r"AllowAny")
KINDS = ("import_from_statement", "import_statement", "function_definition", "class_definition",
         "assignment", "augmented_assignment", "decorated_definition",
         "(call function: (attribute))",
         # a route decorator applied by a call: `bp.post("/login")(login_user)`
         "(call function: (call function: (attribute)))",
         # a call of a plain function that is handed a path (or a list of paths): a project
         # function that registers routes for its caller (`register_view(bp, routes=[...],
         # view_func=V.as_view("v"))`), see _wrapper_call
         "(call function: (identifier) arguments: (argument_list (string)))",
         "(call function: (identifier) arguments: (argument_list (list (string))))",
         "(call function: (identifier) arguments: (argument_list "
         "(keyword_argument value: [(string) (list (string))])))",
         # a call of a plain function handed a router made in the file (`generate_endpoint(
         # router, deps)`, a function imported by name that registers its routes on it), see
         # _router_pass
         "(call function: (identifier) arguments: (argument_list (identifier)))")


def _s(node, data) -> str | None:
    """The value of a plain string literal (no f-string interpolation); adjacent literals
    (`'/comment' '/<id>'`) are one string."""
    if node is not None and node.type == "concatenated_string":
        parts = [_s(c, data) for c in node.named_children if c.type != "comment"]
        return None if not parts or None in parts else "".join(parts)
    if node is None or node.type != "string":
        return None
    if any(c.type == "interpolation" for c in node.children):
        return None
    parts = [text(c, data) for c in node.children if c.type == "string_content"]
    return "".join(parts)


_ENV_READERS = ("getenv", "get", "config", "env", "str")  # os.getenv, environ.get, decouple, environs


_STR_METHODS = ("strip", "rstrip", "lstrip", "lower", "upper", "removeprefix", "removesuffix")


def _nested_settings_type(assign, right, data) -> str | None:
    """The class of a field holding a nested model: `v1: ApiV1Prefix = ApiV1Prefix()`,
    `db = DbConfig()`, `api: ApiPrefix = Field(default_factory=ApiPrefix)`, or annotated only
    (`run: RunConfig` with a default elsewhere): a capitalised class name, else None."""
    if right is not None and right.type == "call":
        fn = text(right.child_by_field_name("function"), data)
        if fn.rsplit(".", 1)[-1] == "Field":
            kw = _kwargs(right.child_by_field_name("arguments"), data)
            fac = kw.get("default_factory")
            fn = text(fac, data) if fac is not None else ""
        elif _positional(right.child_by_field_name("arguments"), data) or \
                _kwargs(right.child_by_field_name("arguments"), data):
            fn = ""  # (a model built with values: those, not its defaults)
        return fn if re.fullmatch(r"[A-Z]\w*", fn or "") else None
    typ = assign.child_by_field_name("type")
    t = text(typ, data) if typ is not None else ""
    return t if right is None and re.fullmatch(r"[A-Z]\w*", t) else None


def _default_value(node, data) -> str | None:
    """The string a settings field or constant has when nothing overrides it: a literal,
    `Field("/api")` / `Field(default="/api")` (pydantic), `os.getenv("X", "/api")`,
    `os.environ.get("X", default="/api")`, `config("X", default="/api")` (decouple)."""
    value = _s(node, data)
    if value is not None or node is None or node.type != "call":
        return value
    fn = text(node.child_by_field_name("function"), data).rsplit(".", 1)[-1]
    args = node.child_by_field_name("arguments")
    pos, kw = _positional(args, data), _kwargs(args, data)
    callee = node.child_by_field_name("function")
    if fn in _STR_METHODS and callee.type == "attribute" and not kw and len(pos) <= 1:
        # `config("SUB_PATH", default="sub").strip("/")`: the default, as the method leaves it
        base = _default_value(callee.child_by_field_name("object"), data)
        arg = _s(pos[0], data) if pos else None
        if base is None or (pos and arg is None):
            return None
        try:
            return getattr(base, fn)(*([arg] if pos else []))
        except TypeError:  # (`"x".lower("/")`: not a call Python runs)
            return None
    if fn == "Field":
        return _s(kw.get("default"), data) if "default" in kw else (_s(pos[0], data) if pos
                                                                    else None)
    if fn in _ENV_READERS:
        if "default" in kw:
            return _s(kw["default"], data)
        return _s(pos[1], data) if len(pos) > 1 else None
    return None


# Django/DRF decorators that restrict a function view to some methods
METHOD_DECORATORS = {"require_GET": ["GET"], "require_POST": ["POST"],
                     "require_safe": ["GET", "HEAD"]}


def _deco_names(expr, data) -> list[str]:
    """What a decorator contributes to a route's guards: its name, with its arguments where
    they let anonymous requests through (`jwt_required(optional=True)`,
    `login_required(optional=True)`), and DRF `@permission_classes([A, B])` as A and B."""
    if expr.type != "call":
        return [text(expr, data)]
    fn = text(expr.child_by_field_name("function"), data)
    short = fn.rsplit(".", 1)[-1]
    args = expr.child_by_field_name("arguments")
    if short == "permission_classes":
        pos = _positional(args, data)
        if pos and pos[0].type in ("list", "tuple"):
            return [text(x, data) for x in pos[0].named_children] or ["AllowAny"]
        return [text(p, data) for p in pos]
    if short == "method_decorator":
        # Django's `@method_decorator(login_required(login_url=...))` (or a list of them) on a
        # view's method: the decorators it adapts
        pos = _positional(args, data)
        if not pos:
            return []
        items = pos[0].named_children if pos[0].type in ("list", "tuple") else [pos[0]]
        return [n for x in items for n in _deco_names(x, data)]
    from auditor.endpoints.auth import optional_args

    full = text(expr, data)
    return [full[:200] if optional_args(full) else fn]


def _deco_methods(expr, data) -> list[str] | None:
    """The methods a decorator restricts a function view to: DRF `@api_view([...])` (GET by
    default), Django `@require_http_methods([...])`, `@require_POST`..."""
    fn = text(expr.child_by_field_name("function"), data) if expr.type == "call" \
        else text(expr, data)
    short = fn.rsplit(".", 1)[-1]
    if short in METHOD_DECORATORS:
        return METHOD_DECORATORS[short]
    if short in ("api_view", "require_http_methods") and expr.type == "call":
        args = expr.child_by_field_name("arguments")
        pos, kw = _positional(args, data), _kwargs(args, data)
        node = kw.get("http_method_names") or (pos[0] if pos else None)
        if node is None:
            return ["GET"] if short == "api_view" else None
        return _methods(node, data) or None
    if short == "api_view":
        return ["GET"]
    return None


_HTTP_NAMES = ("GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS")


def _method_args(expr, data) -> list[str]:
    """The HTTP method names a decorator call is given, when every positional argument is one
    (`cors("GET", "POST")`), else []."""
    args = expr.child_by_field_name("arguments")
    pos = _positional(args, data)
    got = [(_s(p, data) or "").upper() for p in pos]
    return got if got and all(g in _HTTP_NAMES for g in got) else []


def _filters_methods(n, data) -> bool:
    """A decorator factory whose wrapper serves only the methods it was given and answers the
    others 405 (`def cors(*methods): ... elif request.method in methods: ... else:
    HttpResponse(status=405)`)."""
    plist = n.child_by_field_name("parameters")
    names = [text(p, data).split(":", 1)[0].split("=", 1)[0].strip().lstrip("*")
             for p in (plist.named_children if plist is not None else [])]
    if not names:
        return False
    start, end = n.start_byte, min(n.end_byte, n.start_byte + 4000)
    if data.find(b"405", start, end) < 0 and data.find(b"NotAllowed", start, end) < 0:
        return False
    for name in names:
        bare = name.encode()
        if bare and data.find(b"request.method in " + bare, start, end) >= 0:
            return True
    return False


def _kwargs(args, data) -> dict:
    return {text(a.child_by_field_name("name"), data): a.child_by_field_name("value")
            for a in (args.named_children if args is not None else [])
            if a.type == "keyword_argument"}


def _positional(args, data) -> list:
    return [a for a in (args.named_children if args is not None else [])
            if a.type not in ("keyword_argument", "comment", "list_splat", "dictionary_splat")]


def _dep_names(node, data) -> list[str]:
    """`[Depends(auth), Security(user, scopes=[..])]` -> ["auth", "user"]."""
    out = []
    if node is None:
        return out
    if node.type == "identifier":
        # `PROTECTED = [Depends(check_token)]` at module level, then `dependencies=PROTECTED`
        right = _module_value(node, data)
        if right is not None and right.type in ("list", "tuple"):
            node = right
    if node.type in ("list", "tuple"):
        for x in node.named_children:
            if x.type == "identifier":
                # `role_checker = Depends(RoleChecker(["admin"]))` at module level, then
                # `dependencies=[role_checker]`
                right = _module_value(x, data)
                if right is not None and right.type == "call":
                    out.extend(_dep_names(right, data))
                elif right is None:
                    # imported (`from app.core.dependency import DependPermission`, there
                    # `DependPermission = Depends(...)`): the tree's alias of that name, if any
                    out.append("annot:" + text(x, data))
            elif x.type == "call" and text(x.child_by_field_name("function"), data).rsplit(
                    ".", 1)[-1] not in ("Depends", "Security"):
                # `dependencies=[CoreSecurity("apps:r")]`: a function of the tree returning
                # `Security(get_current_user, ...)` (its `dep_alias`)
                out.append("annot:" + text(x.child_by_field_name("function"),
                                           data).rsplit(".", 1)[-1] + "()")
    for n in walk(node):
        if n.type == "call":
            fn = text(n.child_by_field_name("function"), data)
            if fn.rsplit(".", 1)[-1] in ("Depends", "Security"):
                pos = _positional(n.child_by_field_name("arguments"), data)
                if pos:  # (a bare Depends() builds the annotated class: form data)
                    out.append(text(pos[0], data))
    return out


# a module that registers routes on a router it imports (`from app.api import bp`) need not
# name its framework
_ROUTE_WORDS = re.compile(rb"@[\w.]+\.(?:route|get|post|put|patch|delete|api_route|websocket)\(|"
                          rb"\.(?:add_url_rule|add_resource|include_router|register_blueprint|"
                          rb"add_api_route|add_namespace)\(|"
                          # the decorator applied by a call: `bp.post("/login")(login_user)`
                          rb"\.(?:route|get|post|put|patch|delete|api_route)\([^()\n]{0,200}\)\("
                          rb"[A-Za-z_]|"
                          # a router made from a class of the tree's own (`class APIRouter(
                          # fastapi.APIRouter)` imported from a helpers module) and handed on
                          rb"\b(?:APIRouter|Blueprint)\(")


def _view_classes_only(tree, data: bytes, ops: list[dict]) -> None:
    """The classes of a module that names no framework but answers HTTP methods (a
    Flask-RESTful `Resource` subclass whose base lives elsewhere: `class
    QueryFavoriteResource(BaseResource): def post(...)`): another module routes them
    (`api.add_resource(QueryFavoriteResource, ...)`), which reads their methods and guards."""
    if b"class " not in data:
        return
    for n in tree.root_node.named_children:
        d = n.child_by_field_name("definition") if n.type == "decorated_definition" else n
        if d is None or d.type != "class_definition" or d.child_by_field_name("superclasses") \
                is None:
            continue
        info = _class_info(d, data)
        if any(m in HTTP_METHOD_NAMES for m in info["methods"]) or any(
                b.rsplit(".", 1)[-1] not in _PLAIN_BASES for b in info["bases"]):
            # (a subclass of a view defined elsewhere, `class TaskViewSetV1(TaskViewSet)`
            # overriding only get_serializer_class: a view the urlconf routes, its guards and
            # methods those of its bases)
            ops.append({"op": "class", "name": text(d.child_by_field_name("name"), data), **info})


# bases that make no view of a class (builtins, typing and data-model classes)
_PLAIN_BASES = frozenset(("object", "Exception", "BaseException", "ValueError", "TypeError",
                          "RuntimeError", "KeyError", "Enum", "IntEnum", "StrEnum", "Flag",
                          "str", "int", "dict", "list", "tuple", "set", "NamedTuple",
                          "TypedDict", "Protocol", "Generic", "ABC", "BaseModel", "Model",
                          "TestCase", "Schema", "Serializer", "ModelSerializer", "Form",
                          "ModelForm", "Base", "DeclarativeBase", "SQLModel", "Document"))


_TABLE_ROW = re.compile(rb"[\(\[]\s*[A-Za-z_][\w.]*\s*,\s*[rfbu]?[\"']/")


def _route_tables(tree, data: bytes, ops: list[dict]) -> None:
    """Module-level tables of (Resource, "/path", ...) rows (`routes = ((Logout, "/logout"),
    ...)`), which a loop elsewhere hands to `api.add_resource(*row)`: kept as written."""
    if not _TABLE_ROW.search(data):
        return
    for st in tree.root_node.named_children:
        n = st.named_children[0] if st.type == "expression_statement" and st.named_children \
            else None
        if n is None or n.type != "assignment":
            continue
        left, right = n.child_by_field_name("left"), n.child_by_field_name("right")
        if left is None or right is None or left.type != "identifier" or \
                right.type not in ("tuple", "list"):
            continue
        rows = []
        for row in right.named_children:
            if row.type not in ("tuple", "list"):
                continue
            names = [text(x, data) for x in row.named_children
                     if x.type in ("identifier", "attribute")]
            paths = [_s(x, data) for x in row.named_children if x.type == "string"]
            if names and paths and all(p is not None for p in paths):
                rows.append({"cls": names[0], "paths": paths, "line": row.start_point[0] + 1})
        if rows:
            ops.append({"op": "py_route_table", "name": text(left, data), "rows": rows,
                        "line": n.start_point[0] + 1})


def _loop_table(node, names: set[str], data) -> str | None:
    """The module-level name a `for` or a comprehension around `node` iterates when it binds
    `names` (`for r in routes`, `[api.add_resource(*r) for r in routes]`), or None."""
    cur = node.parent
    for _ in range(8):
        if cur is None:
            return None
        if cur.type == "for_statement":
            left, right = cur.child_by_field_name("left"), cur.child_by_field_name("right")
        elif cur.type == "for_in_clause":
            left, right = cur.child_by_field_name("left"), cur.child_by_field_name("right")
        elif cur.type in ("list_comprehension", "generator_expression", "set_comprehension"):
            clause = next((c for c in cur.named_children if c.type == "for_in_clause"), None)
            left = clause.child_by_field_name("left") if clause is not None else None
            right = clause.child_by_field_name("right") if clause is not None else None
        else:
            cur = cur.parent
            continue
        bound = {text(x, data) for x in ([left] if left is not None and left.type ==
                                         "identifier" else (left.named_children if left
                                                            is not None else ()))}
        if names <= bound and right is not None and right.type == "identifier":
            return text(right, data)
        cur = cur.parent
    return None


def extract(path: str, tree, data: bytes, ops: list[dict]) -> None:
    src_has = data.find
    _route_tables(tree, data, ops)
    if src_has(b"fastapi") < 0 and src_has(b"flask") < 0 and src_has(b"django") < 0 \
            and src_has(b"REST_FRAMEWORK") < 0 \
            and src_has(b"rest_framework") < 0 and src_has(b"urlpatterns") < 0 \
            and src_has(b"starlette") < 0 and src_has(b"Depends") < 0 and src_has(b"quart") < 0 \
            and not _ROUTE_WORDS.search(data):
        _functions_only(tree, data, ops)
        # its imported names are attributes of the module: a package `__init__.py` that only
        # does `from app.main.views import main` re-exports a blueprint someone mounts
        for n in nodes_of(tree, ("import_from_statement",)):
            _import_from(n, data, ops)
        if _VALUE_WORDS.search(data):
            _values_only(tree, data, ops)
        else:
            _alias_refs(tree, data, ops)
        _view_classes_only(tree, data, ops)
        if src_has(b"DispatcherMiddleware") >= 0:
            for n in nodes_of(tree, ("call",)):
                if _is_dispatcher(n, data):
                    _wsgi_mounts(n, data, ops)
        return
    if path.rsplit("/", 1)[-1] == "conftest.py" or (
            path.rsplit("/", 1)[-1] == "tests.py" and src_has(b"Router(") < 0 and
            src_has(b"Blueprint(") < 0):
        # a Django app's tests module (or a root tests.py): the app's routes never come from
        # it; a `tests.py` making a router (a quiz app's `routers/tests.py`) is read, and
        # `modules.production_paths` keeps it when the application imports it
        _functions_only(tree, data, ops)
        return
    if src_has(b"URLRouter") >= 0:
        for n in nodes_of(tree, ("(call function: (identifier) arguments: (argument_list "
                                 "(list)))",)):
            _channels_router(n, data, ops)
    classes: dict[str, dict] = {}
    ctors = _constructor_subclasses(tree, data)
    tracker = ScopeTracker(outer="")
    prof = SpanProfiler(data, "python")
    fn_params: dict[str, set[str]] = {}  # function scope -> its parameter names
    for n in nodes_of(tree, KINDS):
        t = n.type
        outer = tracker.at(n)
        first = len(ops)
        if t in ("function_definition", "class_definition"):
            name = text(n.child_by_field_name("name"), data)
            tracker.enter(n, f"{outer}.{name}" if outer else name)
            if t == "function_definition":
                fn_params[tracker.stack[-1][1]] = set(_param_names(n, data))
        if t == "import_from_statement":
            _import_from(n, data, ops)
        elif t == "import_statement":
            for c in n.children_by_field_name("name"):
                if c.type == "aliased_import":
                    ops.append({"op": "import", "alias": text(c.child_by_field_name("alias"), data),
                                "module": text(c.child_by_field_name("name"), data), "name": "",
                                "level": 0, "line": n.start_point[0] + 1})
                else:
                    mod = text(c, data)
                    ops.append({"op": "import", "alias": mod.split(".")[0], "module": mod,
                                "name": "", "level": 0, "line": n.start_point[0] + 1})
        elif t == "function_definition":
            _fn_op(n, data, ops, tracker.stack[-1][1], prof)
            if not outer:
                _route_factory(n, data, ops)
        elif t == "class_definition":
            info = _class_info(n, data)
            if info.get("bases"):
                info["bases"] = _unaliased(info["bases"], ops)
            classes[text(n.child_by_field_name("name"), data)] = info
            ops.append({"op": "class", "name": text(n.child_by_field_name("name"), data), **info})
        elif t == "assignment":
            _assignment(n, data, ops, ctors)
        elif t == "augmented_assignment":  # urlpatterns += [...] / += router.urls
            if text(n.child_by_field_name("left"), data) == "urlpatterns" and \
                    text(n.child_by_field_name("operator"), data) == "+=" and \
                    not _debug_only(n, data):
                right = n.child_by_field_name("right")
                if right is not None:
                    _django_list(right, "urlpatterns", data, ops)
        elif t == "call":
            _call(n, data, ops, classes)
        elif t == "decorated_definition":
            d = n.child_by_field_name("definition")
            dname = text(d.child_by_field_name("name"), data) if d is not None else ""
            _decorated(n, data, ops, f"{outer}.{dname}" if outer else dname)
        if len(ops) > first and outer in fn_params:
            # what a function does to a router it is handed (`def include_routers(router):
            # router.include_router(...)`): replayed on the caller's router where a call hands
            # it one (`x = include_routers(APIRouter(prefix="/{slug}"))`, Replay.py_apply)
            for op in ops[first:]:
                if op.get("op") in ("route", "mount", "use") and \
                        (op.get("target") or "").split(".")[0] in fn_params[outer]:
                    op["param_of"] = outer


def _refused(body, data) -> str:
    """A DRF action that answers 405 (`def destroy(self, request): raise
    MethodNotAllowed(request.method)`): "all"; one that does so unless the update is partial
    (`if not kwargs.get("partial"): raise MethodNotAllowed("use PATCH")`): "put"; else ""."""
    if body is None or data.find(b"MethodNotAllowed", body.start_byte, body.end_byte) < 0:
        return ""
    stmts = [c for c in body.named_children if c.type != "comment" and not (
        c.type == "expression_statement" and c.named_children and
        c.named_children[0].type == "string")]
    if not stmts:
        return ""
    first = stmts[0]
    if first.type == "raise_statement" and "MethodNotAllowed" in text(first, data):
        return "all"
    if first.type == "if_statement" and re.match(
            r"if\s+not\s+kwargs\.get\(\s*['\"]partial['\"]", text(first, data)):
        cons = first.child_by_field_name("consequence")
        if cons is not None and "MethodNotAllowed" in text(cons, data) and \
                first.child_by_field_name("alternative") is None:
            return "put"
    return ""


def _unaliased(bases: list, ops: list) -> list:
    """Base class names as their module spells them: `from rest_framework.viewsets import
    ReadOnlyModelViewSet as _ReadOnlyModelViewSet` makes `_ReadOnlyModelViewSet` the DRF class;
    a class of an authentication library (`dj_rest_auth_views.PasswordResetView` through `from
    dj_rest_auth import views as dj_rest_auth_views`) its library key (django_views)."""
    from auditor.endpoints.frameworks.django_views import imported_library_key

    imports = {o["alias"]: (o.get("module") or "", o.get("name") or "") for o in ops
               if o.get("op") == "import" and o.get("alias") and o.get("level", 0) == 0}
    out = []
    for b in bases:
        head, dot, rest = b.partition(".")
        mod, name = imports.get(head, ("", ""))
        if not mod:
            out.append(b)
            continue
        key = imported_library_key(mod, name, rest)
        if key:
            out.append(key)
        elif name and not dot and head != name:
            out.append(name)  # `... import ReadOnlyModelViewSet as _ReadOnlyModelViewSet`
        else:
            out.append(b)
    return out


def _param_names(n, data) -> list[str]:
    """The names of a function's plain, typed and defaulted parameters, in order (not *args
    and **kwargs)."""
    plist = n.child_by_field_name("parameters")
    out: list[str] = []
    for p in (plist.named_children if plist is not None else []):
        if p.type == "identifier":
            out.append(text(p, data))
        elif p.type in ("typed_parameter", "default_parameter", "typed_default_parameter"):
            name = p.child_by_field_name("name") or (p.named_children[0] if p.named_children
                                                     else None)
            if name is not None and name.type == "identifier":  # (not *args: list_splat)
                out.append(text(name, data))
    return out


def _functions_only(tree, data, ops) -> None:
    tracker = ScopeTracker(outer="")
    prof = SpanProfiler(data, "python")
    for n in nodes_of(tree, ("function_definition", "class_definition")):
        outer = tracker.at(n)
        name = text(n.child_by_field_name("name"), data)
        tracker.enter(n, f"{outer}.{name}" if outer else name)
        if n.type == "function_definition":
            _fn_op(n, data, ops, tracker.stack[-1][1], prof)


def _import_from(n, data, ops) -> None:
    mod = n.child_by_field_name("module_name")
    level = 0
    modname = ""
    if mod is not None and mod.type == "relative_import":
        for c in mod.children:
            if c.type == "import_prefix":
                level = len(text(c, data))
            elif c.type == "dotted_name":
                modname = text(c, data)
    elif mod is not None:
        modname = text(mod, data)
    for c in n.children_by_field_name("name"):
        if c.type == "aliased_import":
            name = text(c.child_by_field_name("name"), data)
            alias = text(c.child_by_field_name("alias"), data)
        else:
            name = alias = text(c, data)
        ops.append({"op": "import", "alias": alias, "module": ("." * level) + modname if level
                    else modname, "name": name, "level": level, "line": n.start_point[0] + 1})


_RAISE = re.compile(rb"\braise\s")
_TO_LOGIN = re.compile(rb"(?i)(?:redirect|[\"']location[\"'])[^\n]{0,160}\blog_?in\b|"
                       rb"url_for\([^\n)]{0,80}\blog_?in\b")


def _raises_to_login(data: bytes, start: int, end: int) -> bool:
    """The function raises (an HTTPException, a redirect) that sends the request to the login
    page: each `raise` statement's next few lines are read (linear: once per raise)."""
    end = min(end, start + 6000)
    for m in _RAISE.finditer(data, start, end):
        if _TO_LOGIN.search(data, m.end(), min(end, m.end() + 400)):
            return True
    return False


_OPTIONAL_TYPE = re.compile(r"^\s*(?:typing\.)?Optional\[|\|\s*None\s*$|^\s*None\s*\||"
                            r"^\s*(?:typing\.)?Union\[.*\bNone\s*\]\s*$")
# dependencies that hand out data access, not identities (`get_db_session`)
_DATA_DEP = re.compile(r"(?i)(^|_)(db|database|sessions?|sessionmaker|repo|repository|engine|"
                       r"conn|connection|cache|redis|settings|config|client)($|_)")


def expand_dependencies(route, replay, resolver) -> None:
    """FastAPI dependencies of dependencies: a dependency that is no guard itself
    (`get_article_by_slug(user=Depends(get_user(required=False)))`) brings the guards it
    depends on; one that lets anonymous requests through (returns `Optional[User]`) still
    rejects them when what it depends on does (`OAuth2PasswordBearer()` with auto_error)."""
    from auditor.endpoints import auth as authmod

    if not any(m for m in route.mw):
        return
    file_of = _fn_files(replay)
    out = list(route.mw)
    queue = [(m, route.file, 0) for m in route.mw]
    seen: set = set()
    while queue:
        name, file, depth = queue.pop(0)
        fn = resolver.middleware_fn(file, name)
        if fn is None or not fn.get("deps") or depth >= 4:
            continue
        verdict, _ = authmod.verdict(name, fn, [], route.method)
        if verdict == authmod.AUTH:
            continue
        fn_file = file_of.get(id(fn), file)
        for d in _sub_dependencies(fn, replay):
            if d in out:
                continue
            sub = resolver.middleware_fn(fn_file, d)
            v, why = authmod.verdict(d, sub, [], route.method)
            prof = (sub or {}).get("auth") or {}
            strict = prof.get("reads_credential") and prof.get("rejects") and \
                not prof.get("next_on_missing")
            if verdict == authmod.OPTIONAL and not (v == authmod.AUTH and strict):
                continue  # only what rejects for certain overrides an optional guard
            if v == authmod.AUTH and not strict and _DATA_DEP.search(
                    d.split("(", 1)[0].rsplit(".", 1)[-1]):
                continue
            if (d, fn_file) not in seen:
                seen.add((d, fn_file))
                queue.append((d, fn_file, depth + 1))
            if sub is not None and v == authmod.NONE:
                # read where it is declared and found guarding nothing (`get_session` yielding
                # the ORM's session): not one of the route's guards, which are judged from the
                # route's file, where its name may mean nothing; what it depends on still is
                continue
            out.append(d)
    route.mw = out


def dependency_verdict(name: str, file: str, resolver, replay, method: str,
                       depth: int = 0) -> tuple[str, str] | None:
    """The verdict on a FastAPI dependency of the tree that only provides a value
    (auth.value_dependency): FastAPI solves the dependencies it declares first (its whole
    sub-dependency tree, fastapi/dependencies/utils.py solve_dependencies), so it guards where
    one of them does and lets anonymous requests through where one of them only reads a
    credential; with none of either, it authenticates nobody, whatever its name says. None
    for a dependency that is not such a function."""
    from auditor.endpoints import auth as authmod

    fn = resolver.middleware_fn(file, name)
    if depth > 4 or not authmod.value_dependency(name, fn):
        return None
    deep = (resolver.guard_fn(file, name) or {}).get("auth") or {}
    if deep.get("reads_credential") and deep.get("rejects") and not deep.get("next_on_missing"):
        # its own text only hands what it was given to a helper (`return await
        # _check_account_exists(r, access_token, usr)`), which rejects a request without a
        # credential: the dependency guards, whatever its sub-dependencies let through
        return None
    fn_file = _fn_files(replay).get(id(fn), file)
    best: tuple[str, str] = (authmod.NONE, "")
    for d in _sub_dependencies(fn, replay):
        sub = dependency_verdict(d, fn_file, resolver, replay, method, depth + 1)
        if sub is None:
            sub = authmod.verdict(d, resolver.guard_fn(fn_file, d), [], method)
            if sub[0] != authmod.AUTH:
                # `is_authed(token = Depends(oauth2_scheme))` letting a missing user id through
                # never runs without the token its own sub-dependency demands
                sub = guarding_sub_dependency(d, fn_file, resolver, replay, method,
                                              depth + 1) or sub
        if sub[0] == authmod.AUTH:
            return authmod.AUTH, f"{name} depends on {d}: {sub[1]}"
        if sub[0] == authmod.OPTIONAL and best[0] == authmod.NONE:
            best = authmod.OPTIONAL, f"{name} depends on {d}: {sub[1]}"
    return best


def guarding_sub_dependency(name: str, file: str, resolver, replay, method: str,
                            depth: int = 0) -> tuple[str, str] | None:
    """(auth, reason) when a FastAPI dependency of the tree that is no guard by itself
    (`check_super_user(account = Depends(check_admin))`, which only tests the account it is
    handed) declares, however deep, a sub-dependency that guards: FastAPI solves the whole
    sub-dependency tree before the route runs (fastapi/dependencies/utils.py
    solve_dependencies), so a request that one of them rejects never reaches the route."""
    from auditor.endpoints import auth as authmod

    fn = resolver.middleware_fn(file, name)
    if fn is None or depth > 4 or not fn.get("deps"):
        return None
    fn_file = _fn_files(replay).get(id(fn), file)
    for d in _sub_dependencies(fn, replay):
        sub = dependency_verdict(d, fn_file, resolver, replay, method, depth + 1)
        if sub is None:
            sub = authmod.verdict(d, resolver.guard_fn(fn_file, d), [], method)
        if sub[0] != authmod.AUTH:
            sub = guarding_sub_dependency(d, fn_file, resolver, replay, method, depth + 1)
        if sub is not None and sub[0] == authmod.AUTH:
            return authmod.AUTH, f"{name} depends on {d}: {sub[1]}"
    return None


def _sub_dependencies(fn: dict, replay) -> list[str]:
    subs: list[str] = []
    for d in fn.get("deps") or []:
        if d.startswith("annot:"):
            found = replay.dep_aliases.get(d[6:])
            subs.extend(found[0] if found and all(x == found[0] for x in found) else [])
        else:
            subs.append(d)
    return subs


def _fn_files(replay) -> dict[int, str]:
    """The file of every function op of the replay, built once (asked for every route)."""
    got = getattr(replay, "_py_fn_files", None)
    if got is None:
        got = {id(op): key[0] for key, op in replay.fns.items()}
        replay._py_fn_files = got
    return got


_REQUEST_PARAMS = ("request", "req", "websocket", "connection", "conn")


def _runs_request(n, data, names: list[str]) -> bool:
    """The function calls what it was handed (`await auth_handler(request)`, a dependency's
    callable) or hands the request to a call (`verify(request)`): what it does with the
    request is not all in its own text."""
    body = n.child_by_field_name("body")
    if body is None or not names:
        return False
    code = data[body.start_byte:min(body.end_byte, body.start_byte + 6000)]
    for p in names:
        if p in ("self", "cls") or not p.isidentifier():
            continue
        b = p.encode()
        if b not in code:
            continue  # (each name's pattern is compiled anew: only where it is written)
        if re.search(rb"(?<![\w.])" + b + rb"\s*\(", code):
            return True
        if p in _REQUEST_PARAMS and re.search(rb"[(,]\s*" + b + rb"\s*[,)]", code):
            return True
    return False


_RETURNS_NONE = re.compile(rb"\breturn(?:[ \t]+None)?[ \t]*(?:#[^\n]*)?$", re.MULTILINE)


_METHOD_TEST = re.compile(r"""(?<![\w.])(\w+)\.method\s*(?:==\s*['"]([A-Z]+)['"]|"""
                          r"""in\s*[\[(]([^\[\]()]{1,80})[\])])\s*""")


def _request_param(params: list) -> str:
    """The name a view's request goes by: its first parameter after `self` / `cls`."""
    if params and params[0][0] not in ("self", "cls"):
        return params[0][0]
    return params[1][0] if len(params) > 1 else ""


def _tested_methods(m) -> list[str]:
    """The methods a `_METHOD_TEST` match names (`== "POST"`, `in ("POST", "PUT")`)."""
    return [m.group(2)] if m.group(2) else re.findall(r"[A-Z]+", m.group(3))


# `request.method != "POST"`, `request.method not in ("GET", "POST")`
_METHOD_REFUSED = re.compile(r"""(?<![\w.])(\w+)\.method\s*(?:!=\s*['"]([A-Z]+)['"]|"""
                             r"""not\s+in\s*[\[(]([^\[\]()]{1,80})[\])])\s*""")


def _gate_methods(n, data: bytes, params: list) -> list[str] | None:
    """A view that first turns away the methods it does not serve (`if request.method !=
    "POST": return HttpResponseForbidden()`, before any other statement but its docstring):
    the methods it lets through. None for any other shape."""
    body = n.child_by_field_name("body")
    if body is None or not params:
        return None
    req = _request_param(params)
    for st in [c for c in body.named_children if c.type != "comment"][:2]:
        if st.type == "expression_statement" and st.named_children and \
                st.named_children[0].type == "string":
            continue  # the docstring
        c = st.child_by_field_name("condition") if st.type == "if_statement" else None
        m = _METHOD_REFUSED.fullmatch(text(c, data).strip()) if c is not None else None
        cons = st.child_by_field_name("consequence") if m is not None else None
        if m is None or m.group(1) != req or cons is None or \
                st.child_by_field_name("alternative") is not None or \
                not re.search(rb"\b(?:return|raise)\b", data[cons.start_byte:cons.end_byte]):
            return None
        return [m.group(2)] if m.group(2) else re.findall(r"[A-Z]+", m.group(3))
    return None


def _branch_methods(n, data: bytes, params: list) -> list[str] | None:
    """A view whose last statement is `if request.method == "GET": ... elif request.method ==
    "POST": ...` with no `else`: another method falls off the end and the view returns None,
    which Django answers with an error (a view must return an HttpResponse): the methods it
    serves are those it tests. None for any other shape."""
    body = n.child_by_field_name("body")
    if body is None or not params:
        return None
    stmts = [c for c in body.named_children if c.type != "comment"]
    if not stmts or stmts[-1].type != "if_statement":
        return None
    req = _request_param(params)
    methods: list[str] = []
    branches = []
    # the run of `if request.method == ...:` statements the view ends with (`if GET: return
    # render(...)` then `if POST: ...`), each without an `else`
    tail = []
    for st in reversed(stmts):
        c = st.child_by_field_name("condition") if st.type == "if_statement" else None
        m = _METHOD_TEST.fullmatch(text(c, data).strip()) if c is not None else None
        if m is None or m.group(1) != req:
            break
        tail.insert(0, st)
    if not tail:
        return None
    for st in tail:
        branches.append(st)
        for alt in st.children_by_field_name("alternative"):
            if alt.type == "else_clause":
                return None
            branches.append(alt)
    for b in branches:
        c = b.child_by_field_name("condition")
        m = _METHOD_TEST.fullmatch(text(c, data).strip()) if c is not None else None
        if m is None or m.group(1) != req:
            return None
        cons = b.child_by_field_name("consequence")
        if cons is None or not re.search(rb"\b(?:return|raise)\b",
                                         data[cons.start_byte:cons.end_byte]):
            continue  # (`if request.method == "GET": pass`: that method falls off too)
        for meth in _tested_methods(m):
            if meth not in methods:
                methods.append(meth)
    return methods or None


# Flask-WTF's `form.validate_on_submit()` is `is_submitted() and validate()`, and is_submitted
# is true only for POST, PUT, PATCH and DELETE (flask_wtf/form.py SUBMIT_METHODS)
# (the name starts where a name starts, not inside one: linear on a long run of word characters)
_SUBMIT_TEST = re.compile(r"(?:not\s+)?(?<![\w.])\w+(?:\.\w+)*\.(?:validate_on_submit|"
                          r"is_submitted)\(\s*\)")
_SUBMIT_METHODS = ["POST", "PUT", "PATCH", "DELETE"]


def _method_blocks(n, data: bytes, params: list) -> list:
    """[first line, last line, methods] of each `if` block of the function that runs only for
    some methods: `if request.method == "POST":`, `if request.method in ("POST", "PUT"):`,
    `if form.validate_on_submit():` (Flask-WTF: a submission). What it does is not what a GET
    of the same view does."""
    src = data[n.start_byte:n.end_byte]
    if b".method" not in src and b"_submit" not in src and b"is_submitted" not in src:
        return []
    req = {"request", _request_param(params) or "request"}
    out = []
    for node in walk(n):
        if node.type not in ("if_statement", "elif_clause") or len(out) >= 12:
            continue
        c = node.child_by_field_name("condition")
        ctext = text(c, data).strip() if c is not None else ""
        m = _METHOD_TEST.fullmatch(ctext)
        if m is not None and m.group(1) in req:
            methods = _tested_methods(m)
        elif _SUBMIT_TEST.fullmatch(ctext) and not ctext.startswith("not"):
            methods = list(_SUBMIT_METHODS)
        else:
            continue
        cons = node.child_by_field_name("consequence")
        if cons is not None and methods:
            out.append([cons.start_point[0] + 1, cons.end_point[0] + 1, methods])
    return out


def _tested_params(n, data: bytes, params: list) -> list[str]:
    """The parameters the function tests for being there (`if token:`, `if not user`, `token is
    None`, `x if token else y`): a value it was written to do without."""
    body = n.child_by_field_name("body")
    if body is None or not params:
        return []
    code = data[body.start_byte:body.end_byte].decode("utf-8", "replace")[:6000]
    return [p for p, _d in params if p not in ("self", "cls", "request") and p in code and
            re.search(rf"\b(?:if|elif|and|or|while)\s+(?:not\s+)?{re.escape(p)}\b(?!\s*[.(\[=])|"
                      rf"\b{re.escape(p)}\s+is\s+(?:not\s+)?None\b", code)]


def _decorator_def(body, data: bytes, params: list, rets: list) -> bool:
    """A decorator written as a function of the view that returns a function it defines inside
    (`def user_protect(callback): @wraps(callback) def wrapper(*a, **kw): ...; return wrapper`)."""
    if body is None or len(params) != 1 or len(rets) != 1:
        return False
    for c in body.named_children:
        fn = c.child_by_field_name("definition") if c.type == "decorated_definition" else c
        if fn is not None and fn.type == "function_definition" and \
                text(fn.child_by_field_name("name"), data) == rets[0]:
            return True
    return False


def _fn_op(n, data, ops, q: str, prof: SpanProfiler) -> None:
    params = []
    plist = n.child_by_field_name("parameters")
    for p in (plist.named_children if plist is not None else []):
        # (a typed parameter `app: FastAPI` has no name field: its first child is the name)
        name = p if p.type == "identifier" else p.child_by_field_name("name") or (
            p.named_children[0] if p.type == "typed_parameter" and p.named_children else None)
        if name is None or name.type != "identifier":
            continue
        val = p.child_by_field_name("value")
        params.append([text(name, data), text(val, data)[:200] if val is not None else ""])
    start = n.parent if n.parent is not None and n.parent.type == "decorated_definition" else n
    runs_request = _runs_request(n, data, [p[0] for p in params])
    decos, http_methods, drf = [], None, False
    deco_method_args: dict[str, list[str]] = {}
    for c in (start.children if start is not n else ()):
        if c.type == "decorator" and c.named_children:
            expr = c.named_children[0]
            decos.extend(_deco_names(expr, data))
            got = _deco_methods(expr, data)
            if got is not None:
                http_methods = [m for m in got if http_methods is None or m in http_methods]
            elif expr.type == "call":
                named = _method_args(expr, data)
                if named:  # `@cors("GET", "POST")`: restricts methods if its wrapper does
                    deco_method_args[text(expr.child_by_field_name("function"),
                                          data)] = named
            head = text(expr, data).split("(")[0].rsplit(".", 1)[-1]
            if head == "permission_classes":
                drf = "perm"  # its own permission classes: the settings default is not used
            elif head == "api_view" and not drf:
                drf = True
    auth = prof.for_span(n.start_byte, n.end_byte)
    if _raises_to_login(data, n.start_byte, n.end_byte):
        # `raise HTTPException(status_code=307, headers={"Location": url_for("auth:login")})`:
        # the request is sent to log in, not served
        auth = {**auth, "rejects": True, "login_redirect": True}
    if plist is not None and b"PasswordRequestForm" in data[plist.start_byte:plist.end_byte]:
        # a login view (OAuth2PasswordRequestForm): its 401 answers a wrong password; it hands
        # out credentials rather than requiring them
        auth = {**auth, "rejects": False}
    deps = _dep_names(plist, data) + _annotation_names(plist, data) if plist is not None else []
    ret = n.child_by_field_name("return_type")
    if ret is not None and _OPTIONAL_TYPE.search(text(ret, data)):
        from auditor.endpoints.auth import AUTH_NAME

        if (auth.get("reads_credential") or AUTH_NAME.search(q.rsplit(".", 1)[-1])) and not (
                auth.get("rejects") and not _RETURNS_NONE.search(data, n.start_byte, n.end_byte)):
            # a FastAPI dependency returning `Optional[User]`: anonymous requests get None
            # (unless it never returns None and rejects: the annotation is then only loose)
            auth = {**auth, "reads_credential": True, "next_on_missing": True,
                    "returns_optional": True}
    perm = {}
    if _READS_USER.search(data, n.start_byte, n.end_byte):
        perm["reads_user"] = True  # Django's request.user (or a DRF view's self.request.user)
    if q.endswith(".has_permission"):
        # a DRF permission class's own test: does it look at the user (request.user,
        # is_authenticated, is_staff), and does it let safe methods through first?
        body = data[n.start_byte:n.end_byte]
        perm["perm_check"] = {"user": bool(_PERM_USER.search(body)),
                              "safe": _safe_methods_pass(body)}
        if _ANON_ONLY.search(body):
            # `return not request.user.is_authenticated`: for anonymous visitors only (a
            # registration), whoever is logged in is refused
            perm["perm_check"]["anon"] = True
        allowed = _perm_methods(body)
        if allowed is not None:
            perm["perm_check"]["methods"] = allowed
        if re.search(rb"\bsuper\(\s*\)\.has_permission\(", body):
            # `request.method in SAFE_METHODS or super().has_permission(request, view)`: the
            # base class decides what the reads do not
            perm["perm_check"]["super"] = True
        if re.search(rb"\brequest\.(?:data|META|headers|query_params|GET|POST|COOKIES|auth)\b",
                     body):
            perm["perm_check"]["reads_request"] = True  # (a presented proof, a key: a check)
    if q.endswith(".has_object_permission"):
        # object-level: DRF asks it only where the view fetches the object (get_object)
        perm["obj_check"] = _object_check(n, data)
    elif "." in q and _GETS_OBJECT.search(data, n.start_byte, n.end_byte):
        perm["gets_object"] = True  # (a view method whose object DRF checks)
    url_rule = _url_rule_wrapper(n, data, _param_names(n, data))
    if url_rule:
        perm["url_rule"] = url_rule
    if any(d.rsplit(".", 1)[-1] in ("before_request", "before_app_request") for d in decos):
        src = text(n, data)
        exempt = request_exemptions(src)
        if exempt:
            perm["request_exempt"] = exempt
        if hook_rejects_otherwise(src):
            perm["reject_unrelated"] = True
        elif hook_rejects_present(src):
            perm["reject_present"] = True
    body = n.child_by_field_name("body")
    last = body.named_children[-1] if body is not None and body.named_children else None
    if last is not None and last.type == "return_statement" and last.named_children and \
            last.named_children[0].type == "identifier" and \
            text(last.named_children[0], data) in _param_names(n, data):
        perm["returns_param"] = text(last.named_children[0], data)  # `return router`
    if runs_request:
        perm["runs_request"] = True
    if last is not None and last.type == "return_statement" and last.named_children and \
            last.named_children[0].type == "call":
        # `def is_organizer(f): ...; return user_passes_test(check_perms)(f)`: a decorator
        # handing back its parameter as a library decorator made it
        ret = last.named_children[0]
        inner = ret.child_by_field_name("function")
        args = _positional(ret.child_by_field_name("arguments"), data)
        if inner is not None and inner.type == "call" and len(args) == 1 and \
                text(args[0], data) in _param_names(n, data):
            perm["returns_decorated"] = text(inner, data)[:200]
    rets = _returned(body, data) if body is not None else []
    ann = _returned_annotated(body, data) if body is not None and any(
        w in data[n.start_byte:n.end_byte] for w in (b"Annotated", b"Security(", b"Depends(")) \
        else []
    if ann:
        # `def require_scopes(*s): return Annotated[User, Security(get_current_user, ...)]`:
        # a parameter annotated `user: require_scopes(...)` depends on what it names
        ops.append({"op": "dep_alias", "name": q.rsplit(".", 1)[-1] + "()", "deps": ann,
                    "line": n.start_point[0] + 1})
    ops.append({"op": "fn", "scope": q, "name": q.rsplit(".", 1)[-1], **perm,
                "recv": q.rsplit(".", 1)[0] if "." in q else "", "params": params,
                "line": n.start_point[0] + 1, "end_line": n.end_point[0] + 1,
                "deco_line": start.start_point[0] + 1,
                **({"deps": deps} if deps else {}),
                "auth": auth,
                "decorators": decos,
                **({"http_methods": http_methods} if http_methods is not None else {}),
                **({"deco_method_args": deco_method_args} if deco_method_args else {}),
                **({"method_filter": True} if _filters_methods(n, data) else {}),
                **({"method_blocks": mb} if (mb := _method_blocks(n, data, params)) else {}),
                **({"tested_params": tp} if (tp := _tested_params(n, data, params)) else {}),
                **({"branch_methods": bm} if (bm := _branch_methods(n, data, params) or
                                              _gate_methods(n, data, params)) else {}),
                **({"drf": drf} if drf else {}),
                **({"wraps_view": True} if _decorator_def(body, data, params, rets) else {}),
                "parent_scope": "", "returns": rets})


_EXEMPT_BRANCH = re.compile(r"^[ \t]*(?:if|elif)\s+(.+?):[ \t]*(?:#.*)?\n(?:[ \t]*#.*\n)*"
                            r"[ \t]*return(?:[ \t]+None)?[ \t]*(?:#.*)?$", re.MULTILINE)
_REJECT_BRANCH = re.compile(r"^[ \t]*(?:if|elif)\s+(.+?):[ \t]*\n[ \t]*(?:return|abort|raise)\b",
                            re.MULTILINE)
_ENDPOINT_EQ = re.compile(r"request\.endpoint\s*==\s*['\"]([\w.]+)['\"]")
_ENDPOINT_IN = re.compile(r"request\.endpoint\s+in\s*[\(\[\{]([^\)\]\}]*)[\)\]\}]")
_ENDPOINT_NOT_IN = re.compile(r"request\.endpoint\s+not\s+in\s*[\(\[\{]([^\)\]\}]*)[\)\]\}]")
_ENDPOINT_HAS = re.compile(r"['\"]([\w.]+)['\"]\s+in\s+request\.endpoint\b")
_PATH_PREFIX = re.compile(r"request\.path\.startswith\(\s*['\"]([^'\"]+)['\"]\s*\)")
# terms of a test that say nothing against the exemption (`request.endpoint and ...`)
_NEUTRAL_TERM = re.compile(r"^(?:request\.endpoint|request\.view_args)$")


_HOOK_REJECT = re.compile(r"\babort\(\s*40[13]\b|,\s*40[13](?:\s*\))?\s*$|"
                          r"\b(?:Unauthorized|Forbidden)\b", re.MULTILINE)
_HOOK_IF = re.compile(r"^(\s*)(?:el)?if\b(.*)$")  # (a condition's first line)
# a test of which request it is (`request.endpoint == "admin.import_ctf"`): an exemption, not
# the reason for a refusal
_REQUEST_TEST = re.compile(r"request\.(?:endpoint|path|url_rule|blueprint|method)\s*"
                           r"(?:==|!=|not\s+in|in)\s*(?:\([^)]*\)|\[[^\]]*\]|\"[^\"]*\"|'[^']*'|\w+)")
_CREDENTIAL_WORDS = re.compile(r"(?i)token|auth|session|user|login|logged|key|jwt|credential|"
                               r"identity|secret|password|permission|role|admin|anonymous")


def _enclosing_ifs(lines: list[str], i: int) -> list[str]:
    """The conditions of the `if`s enclosing line `i` of a Python function, innermost first."""
    indent = len(lines[i]) - len(lines[i].lstrip())
    conds = []
    for j in range(i - 1, max(-1, i - 40), -1):
        stripped = lines[j].lstrip()
        level = len(lines[j]) - len(stripped)
        if not stripped or level >= indent:
            continue
        m = _HOOK_IF.match(lines[j])
        if m:
            conds.append(m.group(2).rstrip().rstrip(":"))
            indent = level
        elif stripped.startswith(("def ", "async def ")):
            break
        elif stripped.startswith(("try", "except", "finally", "with ", "for ", "while ")):
            indent = level
    return conds


_PRESENT_TEST = re.compile(r"^\s*(?:\(\s*)?([A-Za-z_]\w*)\s*(?:and\b|(?:\)\s*)?$)")


def _every_refusal(body: str, hangs) -> bool:
    """Whether the function has a 401/403 and `hangs(conditions)` holds for each of them, the
    conditions of the `if`s enclosing it, innermost first."""
    lines = body.splitlines()
    found = False
    for i, line in enumerate(lines):
        if not _HOOK_REJECT.search(line):
            continue
        if not hangs(_enclosing_ifs(lines, i)):
            return False
        found = True
    return found


def hook_rejects_present(body: str) -> bool:
    """A Flask `before_request` hook that refuses only a credential that is there and bad:
    every 401/403 sits under `if token and ...:` where `token` is read from the request
    (`token = request.headers.get("Authorization")`): a request without one goes through."""
    def sent(cond: str) -> bool:
        m = _PRESENT_TEST.match(cond)
        return bool(m) and bool(re.search(rf"\b{re.escape(m.group(1))}\s*=\s*request\."
                                          rf"(?:headers|cookies|args|authorization)\b", body))

    return _every_refusal(body, lambda conds: any(sent(c) for c in conds))


def hook_rejects_otherwise(body: str) -> bool:
    """A Flask `before_request` hook whose every 401/403 hangs on a condition that names no
    credential (`if import_in_progress(): return "...", 403`, a maintenance switch): it
    refuses requests for another reason, whoever sends them."""
    return _every_refusal(body, lambda conds: bool(conds) and not any(
        _CREDENTIAL_WORDS.search(_REQUEST_TEST.sub("", c)) for c in conds))


def request_exemptions(body: str) -> dict:
    """The requests a Flask `before_request` guard lets through by what they ask for, read from
    its branches that return nothing (Flask goes on to the view, flask/app.py
    `preprocess_request`): `elif request.endpoint == 'static_flags': return None`, `'login' in
    request.endpoint`, `request.endpoint in ('a', 'b')`, `request.path.startswith('/api/')`;
    and from the one that rejects unless `request.endpoint not in ['login', 'static']`. A test
    that also reads anything else (a setting, the method) is not taken: what it lets through
    depends on it. {"endpoints", "contains", "prefixes"} or {}."""
    out: dict = {"endpoints": [], "contains": [], "prefixes": []}
    for m in _EXEMPT_BRANCH.finditer(body):
        cond = m.group(1).strip()
        terms = [t.strip() for t in re.split(r"\s+and\s+", cond)]
        terms = [t[1:-1].strip() if t.startswith("(") and t.endswith(")") and
                 t.count("(") == 1 else t for t in terms]
        tests = [t for t in terms if not _NEUTRAL_TERM.match(t)]
        if len(tests) != 1:
            continue
        _request_test(tests[0], out)
    for m in _REJECT_BRANCH.finditer(body):
        e = _ENDPOINT_NOT_IN.search(m.group(1))
        if e is not None and not re.search(r"\bor\b", m.group(1)):
            out["endpoints"].extend(re.findall(r"['\"]([\w.]+)['\"]", e.group(1)))
        if not re.search(r"\bor\b", m.group(1)):
            # `if not current_user.is_authenticated and not allowed_path:` with `allowed_path
            # = (request.path.startswith("/login") or ...)`: the refusal needs every one of
            # them false, so each lets its requests through
            for t in re.findall(r"\bnot\s+([A-Za-z_]\w*)\s*(?=$|\band\b)", m.group(1)):
                for kind, vals in _request_disjunction(body, t).items():
                    out[kind].extend(vals)
    return {k: v for k, v in out.items() if v}


def _request_disjunction(body: str, var: str) -> dict:
    """The requests `var = (request.path.startswith("/login") or request.endpoint == "static"
    or ...)` names, when every disjunct is such a test; {} otherwise."""
    m = re.search(rf"^[ \t]*{re.escape(var)}\s*=\s*(\([^()]*(?:\([^()]*\)[^()]*)*\)|[^\n]+)$",
                  body, re.MULTILINE)
    if m is None:
        return {}
    expr = m.group(1).strip()
    if expr.startswith("(") and expr.endswith(")"):
        expr = expr[1:-1]
    out: dict = {"endpoints": [], "contains": [], "prefixes": []}
    for t in (x.strip() for x in re.split(r"\s+or\s+", " ".join(expr.split()))):
        if not _request_test(t, out):
            return {}
    return out


def _request_test(t: str, out: dict) -> bool:
    """One test of which request it is (`request.endpoint == "login"`, `request.endpoint in
    (...)`, `"auth." in request.endpoint`, `request.path.startswith("/api/")`), added to `out`;
    False for anything else."""
    if (e := _ENDPOINT_EQ.fullmatch(t)) is not None:
        out["endpoints"].append(e.group(1))
    elif (e := _ENDPOINT_IN.fullmatch(t)) is not None:
        out["endpoints"].extend(re.findall(r"['\"]([\w.]+)['\"]", e.group(1)))
    elif (e := _ENDPOINT_HAS.fullmatch(t)) is not None:
        out["contains"].append(e.group(1))
    elif (e := _PATH_PREFIX.fullmatch(t)) is not None:
        out["prefixes"].append(e.group(1))
    else:
        return False
    return True


def flask_exempt(exempt: dict, handler: str, path: str) -> bool:
    """Whether a route (its view's name, `views.login` or the blueprint-qualified endpoint,
    and its path) is among what `request_exemptions` found the guard lets through."""
    short = handler.rsplit(".", 1)[-1]
    names = {short, handler}
    if any(e in names or e.rsplit(".", 1)[-1] == short and "." in e
           for e in exempt.get("endpoints", ())):
        return True
    if any(c in handler for c in exempt.get("contains", ())):
        return True
    return any(path.startswith(p) or path == p.rstrip("/") for p in exempt.get("prefixes", ()))


def _returned_annotated(body, data) -> list[str]:
    """The dependencies of an `Annotated[T, Depends(x)]` / `Security(x)` a function returns
    (its own return statements, not those of nested functions)."""
    stack = [body]
    while stack:
        node = stack.pop()
        for c in node.named_children:
            if c.type in ("function_definition", "class_definition", "decorated_definition"):
                continue
            if c.type == "return_statement" and c.named_children and (
                    (c.named_children[0].type == "subscript" and
                     text(c.named_children[0], data).startswith(("Annotated",
                                                                  "typing.Annotated"))) or
                    # `def CoreSecurity(*scopes): return Security(get_current_user, scopes=...)`
                    (c.named_children[0].type == "call" and text(
                        c.named_children[0].child_by_field_name("function"), data).rsplit(
                            ".", 1)[-1] in ("Depends", "Security"))):
                deps = _dep_names(c.named_children[0], data)
                if deps:
                    return deps
            stack.append(c)
    return []


def _returned(body, data) -> list[str]:
    """What a function returns, read where it is a name or a call (at most five): `return bp`
    (a blueprint the function built: a factory `construct_blueprint(datastore)` mounted with
    `app.register_blueprint(construct_blueprint(ds), url_prefix=...)`) or `return
    make_bp(...)` as "@call:make_bp". Returns of nested functions and classes are theirs."""
    out: list[str] = []
    stack = [body]
    while stack and len(out) < 5:
        node = stack.pop()
        for c in node.named_children:
            if c.type in ("function_definition", "class_definition", "decorated_definition",
                          "lambda"):
                continue
            if c.type == "return_statement":
                e = c.named_children[0] if c.named_children else None
                if e is not None and e.type == "identifier":
                    out.append(text(e, data))
                elif e is not None and e.type == "call":
                    f = text(e.child_by_field_name("function"), data)
                    if re.fullmatch(r"[A-Za-z_][\w.]*", f):
                        out.append("@call:" + f)
                continue
            stack.append(c)
    return out


_READS_USER = re.compile(rb"\brequest\.user\b")
_METHOD_IN = re.compile(rb"request\.method\s+in\s+(?:([A-Za-z_]\w*)\b|[\[(]([^\[\]()]{1,120})[\])])")


def _perm_methods(body: bytes) -> list[str] | None:
    """A has_permission that returns `request.method in ["POST"]` (or a local list of method
    names): the methods it lets through; None for any other test."""
    m = _METHOD_IN.search(body)
    if m is None or body.count(b"return") != 1:
        return None
    items = m.group(2)
    if m.group(1):
        lit = re.search(rb"\b" + re.escape(m.group(1)) + rb"\s*=\s*[\[(]([^\[\]()]{1,120})[\])]",
                        body)
        items = lit.group(1) if lit else None
    if items is None:
        return None
    got = [x.decode() for x in re.findall(rb"""['"]([A-Z]+)['"]""", items)]
    return got or None


_PERM_USER = re.compile(rb"\buser\b|is_authenticated|is_staff|is_superuser|\bauth\b")
_ANON_ONLY = re.compile(rb"(?m)^\s*return\s+(?:bool\()?\s*(?:not\s+[\w.]*\.is_authenticated|"
                        rb"[\w.]*\.is_anonymous)\s*\)?\s*$")
_SAFE_IN = rb"request\.method\s+in\s+[\w.]*SAFE_METHODS"
# the ways a permission lets a read through without looking at the user: DRF's own
# `request.method in SAFE_METHODS or request.user...`, `if request.method in SAFE_METHODS:
# return True`; and `if request.method not in SAFE_METHODS: return <test>` before `return True`
_SAFE_PASSES = re.compile(rb"if\s+\(?\s*" + _SAFE_IN + rb"\s*\)?\s*:\s*(?:#[^\n]*)?\s*return\s+True\b"
                          rb"|" + _SAFE_IN + rb"\s*\)?\s+or\b|\bor\s+\(?\s*" + _SAFE_IN)
_SAFE_NOT_IN = re.compile(rb"if\s+\(?\s*request\.method\s+not\s+in\s+[\w.]*SAFE_METHODS")


def _safe_methods_pass(body: bytes) -> bool:
    """Does a has_permission let GET, HEAD and OPTIONS through whoever asks? Naming
    SAFE_METHODS is not enough: `if request.method in SAFE_METHODS: return
    user.is_authenticated` asks for a user on reads too."""
    if _SAFE_PASSES.search(body):
        return True
    return bool(_SAFE_NOT_IN.search(body)) and \
        re.search(rb"return\s+True\s*$", body.rstrip()) is not None


_ANON_TEST = re.compile(r"return\s+(?:not\s+[\w.]*\bis_authenticated\b|[\w.]*\bis_anonymous\b)")
_GETS_OBJECT = re.compile(rb"\bself\.(?:get_object|check_object_permissions)\(")
_OBJ_USER = re.compile(r"\buser\b|\bis_staff\b|\bis_superuser\b|\bis_authenticated\b")
_OBJ_SAFE = re.compile(r"^\(?\s*request\.method\s+in\s+[\w.]*SAFE_METHODS\s*\)?$")


def _object_check(n, data) -> dict:
    """What a DRF permission's `has_object_permission(self, request, view, obj)` lets through:
    `refuses_anon` when every way it returns true needs the request's user (`obj.owner ==
    request.user`, `if obj.user == user: return True`, `request.user.is_staff`: an anonymous
    user equals no row and is no staff), `safe` when reads pass first (`request.method in
    SAFE_METHODS or ...`). A true returned under an `else`, by a delegate (`super()`), or by
    a test of anything but the user (`obj.is_public or ...`, `obj.owner != request.user`)
    lets anonymous requests through."""
    safe = False

    def bound(expr: str) -> bool:
        nonlocal safe
        for part in re.split(r"\s+or\s+", expr.strip()):
            part = part.strip()
            if _OBJ_SAFE.match(part):
                safe = True
                continue
            if "!=" in part or re.match(r"\(?\s*not\b", part) and "is_anonymous" not in part:
                return False
            if not _OBJ_USER.search(part) or "is_anonymous" in part and \
                    not re.match(r"\(?\s*not\b", part):
                return False
        return True

    body = n.child_by_field_name("body")
    rets, stack = [], [body] if body is not None else []
    while stack:
        cur = stack.pop()
        if cur.type == "return_statement":
            rets.append(cur)
        elif cur.type not in ("function_definition", "lambda", "class_definition"):
            stack.extend(cur.named_children)
    if not rets:
        return {"refuses_anon": False}
    for r in rets:
        value = r.named_children[0] if r.named_children else None
        vtext = text(value, data) if value is not None else "None"
        if vtext in ("False", "None"):
            continue
        if vtext != "True":
            if not bound(vtext):
                return {"refuses_anon": False}
            continue
        block = r.parent
        cond = None
        while block is not None and block is not body:
            if block.type in ("else_clause", "except_clause", "finally_clause"):
                return {"refuses_anon": False}
            if block.type in ("if_statement", "elif_clause"):
                cond = block.child_by_field_name("condition")
                break
            block = block.parent
        if cond is None or not bound(text(cond, data)):
            return {"refuses_anon": False}
    return {"refuses_anon": True, "safe": safe}


def _class_info(n, data) -> dict:
    bases = n.child_by_field_name("superclasses")
    # a generic base is its class (`ModelViewSet[Tag]`: DRF's views take a type parameter
    # through __class_getitem__, the class is ModelViewSet)
    info = {"bases": [text(b.child_by_field_name("value") or b, data) if b.type == "subscript"
                      else text(b, data) for b in _positional(bases, data)]
            if bases is not None else [],
            "methods": [], "line": n.start_point[0] + 1, "perm": [], "decorators": []}
    if n.parent is not None and n.parent.type == "decorated_definition":
        # @method_decorator([login_required, staff_required], name="dispatch") on the class
        for dec in n.parent.named_children:
            if dec.type != "decorator" or not dec.named_children:
                continue
            expr = dec.named_children[0]
            if expr.type == "call" and text(expr.child_by_field_name("function"),
                                            data).endswith("method_decorator"):
                info["decorators"].extend(_deco_names(expr, data))
            else:
                info["decorators"].append(text(expr, data).split("(")[0])
    body = n.child_by_field_name("body")
    declared: list[str] = []
    by_action: dict[str, dict[str, list[str]]] = {}
    for c in (body.named_children if body is not None else []):
        d = c.child_by_field_name("definition") if c.type == "decorated_definition" else c
        if d is not None and d.type == "function_definition":
            info["methods"].append(text(d.child_by_field_name("name"), data))
            if info["methods"][-1] == "test_func":
                # UserPassesTestMixin's test: one passing anonymous visitors (`return not
                # self.request.user.is_authenticated`, an anonymous-only page) guards nothing
                info["test_func"] = "anonymous" if _ANON_TEST.search(
                    text(d.child_by_field_name("body"), data)) else "user"
            fbody = d.child_by_field_name("body")
            if info["methods"][-1] == "dispatch" and fbody is not None and \
                    data.find(b"super(", fbody.start_byte, fbody.end_byte) < 0:
                # a dispatch that never calls the base's: the mixins' dispatch (Django's
                # LoginRequiredMixin, PermissionRequiredMixin) never runs for this view
                info["own_dispatch"] = True
                if re.search(rb"\b\w+\.dispatch\(\s*self\b", data[fbody.start_byte:fbody.end_byte]):
                    # `return View.dispatch(self, request, ...)`: Django's View.dispatch, which
                    # still answers with the class's get/post, only the mixins' are skipped
                    info["dispatch_by_method"] = True
            refused = _refused(fbody, data)
            if refused:
                info.setdefault("refused", {})[info["methods"][-1]] = refused
            if info["methods"][-1] == "dispatch" and fbody is not None and \
                    b"url.path" in data[fbody.start_byte:fbody.end_byte]:
                skip = _dispatch_skip(text(fbody, data), body, data)
                if skip:
                    info["dispatch_skip"] = skip
            if fbody is not None and data.find(b"self.add_resource(", fbody.start_byte,
                                               fbody.end_byte) >= 0:
                # a Flask-RESTful Api subclass's own registration method
                # (`def add_org_resource(self, resource, *urls): ... self.add_resource(...)`)
                info.setdefault("forwards_add_resource", []).append(info["methods"][-1])
            if c.type == "decorated_definition":
                own = [x for dec in c.named_children if dec.type == "decorator"
                       and dec.named_children for x in _deco_names(dec.named_children[0], data)]
                if own:
                    info.setdefault("method_decos", {})[info["methods"][-1]] = own
                act = _drf_action(c, text(d.child_by_field_name("name"), data), data)
                if act is not None:
                    info.setdefault("actions", []).append(act)
        if c.type == "expression_statement" and c.named_child_count == 1 \
                and c.named_children[0].type == "assignment":
            a = c.named_children[0]
            left = text(a.child_by_field_name("left"), data)
            right = a.child_by_field_name("right")
            if left == "methods" and right is not None and _methods(right, data):
                declared = [m.lower() for m in _methods(right, data)]  # Flask View.methods
            if left == "lookup_field" and _s(right, data):
                info["lookup_field"] = _s(right, data)
            if left == "http_method_names" and right is not None and _methods(right, data):
                # Django's View.dispatch answers 405 to any other method (DRF's viewsets too)
                info["http_method_names"] = _methods(right, data)
            if right is not None and right.type == "dictionary" and "perm" in left.lower():
                table = {}
                for pair in right.named_children:
                    key = _s(pair.child_by_field_name("key"), data) if pair.type == "pair" \
                        else None
                    val = pair.child_by_field_name("value") if key else None
                    if val is not None:
                        table[key] = [text(x, data) for x in val.named_children] \
                            if val.type in ("list", "tuple") else [text(val, data)]
                if table:
                    by_action[left] = table
            if left == "serializer_class" and right is not None and right.type in (
                    "identifier", "attribute"):
                info["serializer"] = text(right, data)  # DRF: what renders the view's data
            if right is not None and _default_value(right, data) is not None:  # settings defaults
                info.setdefault("attrs", {})[left] = _default_value(right, data)
            elif (typ := _nested_settings_type(a, right, data)) is not None:
                # `api: ApiPrefix = ApiPrefix()`: a nested settings model whose fields the
                # prefixes read (`settings.api.v1.prefix`, values.Values)
                info.setdefault("attr_types", {})[left] = typ
            if right is not None and right.type == "call" and text(
                    right.child_by_field_name("function"), data).rsplit(".", 1)[-1] in (
                    "Depends", "Security"):
                # `user: PrivateUser = Depends(get_current_user)`: a class-based view's
                # dependency (fastapi-utils' `@cbv(router)`), run for every route of the class
                info.setdefault("depends_attrs", {})[left] = _dep_names(right, data)
            if left in ("permission_classes", "authentication_classes", "decorators",
                        "method_decorators", "dependencies") and right is not None:
                names = [text(x, data) for x in right.named_children if x.type != "comment"] \
                    if right.type in ("list", "tuple") else [text(right, data)]
                if right.type == "binary_operator" and left in ("decorators",
                                                                "method_decorators"):
                    # `decorators = BaseResource.decorators + [csp_allows_embeding]`: the base
                    # class's list, then these
                    names = []
                    for side in (right.child_by_field_name("left"),
                                 right.child_by_field_name("right")):
                        if side is None:
                            continue
                        if side.type in ("list", "tuple"):
                            names += [text(x, data) for x in side.named_children]
                        elif side.type == "attribute" and text(
                                side.child_by_field_name("attribute"), data) == left:
                            info["perm_extends"] = True
                        else:
                            names.append(text(side, data))
                if left in ("permission_classes", "decorators", "method_decorators"):
                    info["perm"].extend(names)
                if left == "permission_classes":
                    info["perm_set"] = True
                    info["perm_classes"] = names
    init = next((d for c in (body.named_children if body is not None else ())
                 for d in [c.child_by_field_name("definition") if c.type == "decorated_definition"
                           else c]
                 if d is not None and d.type == "function_definition" and
                 text(d.child_by_field_name("name"), data) == "__init__"), None)
    if init is not None:
        # fastapi_utils' @cbv(router) makes the __init__ parameters (and the class's annotated
        # attributes) dependencies of every route of the class: `def __init__(self, user=
        # Authorize)` with `Authorize = Depends(authorize)` runs authorize for each of them
        params = init.child_by_field_name("parameters")
        names = _dep_names(params, data) + _annotation_names(params, data) + [
            "annot:" + text(v, data) for p in (params.named_children if params else ())
            if p.type in ("default_parameter", "typed_default_parameter")
            for v in [p.child_by_field_name("value")] if v is not None and v.type == "identifier"]
        if names:
            info.setdefault("depends_attrs", {})["__init__"] = names
    if by_action:
        info["perm_tables"] = by_action  # (a base class's get_permissions may read them)
    # `def get_permissions(self): self.permission_classes = self.perms[self.action]` (or
    # `.get(self.action)`, or returning `[p() for p in self.perms[self.action]]`): a class dict
    # from action names to permission classes, read per request by action; the dict may be a
    # subclass's (`ActionAPIViewSet.get_permissions` reading each viewset's table)
    for c in (body.named_children if body is not None and b"get_permissions" in data else []):
        d = c.child_by_field_name("definition") if c.type == "decorated_definition" else c
        if d is None or d.type != "function_definition" or \
                text(d.child_by_field_name("name"), data) != "get_permissions":
            continue
        gbody = text(d.child_by_field_name("body"), data)
        reads = list(dict.fromkeys(m.group(1) for m in _PERM_TABLE_READ.finditer(gbody)))
        if reads:
            info["perm_reads"] = reads
            # `self.perms.get(self.action, self.perms["default"])`, or that entry read into a
            # local first: the table's entry every unlisted action falls back to
            fallback = [m.group(2) for m in _PERM_TABLE_KEY.finditer(gbody) if m.group(1) in reads]
            if len(set(fallback)) == 1:
                info["perm_default"] = fallback[0]
        for name in reads:
            if name in by_action:
                info["perm_by_action"] = by_action[name]
        if not reads:
            got = _perm_branches(d, data)
            if got is not None:
                info["perm_by_action"], default = got
                if default is not None:
                    info["perm_else"] = default
    if declared and not any(m in HTTP_METHOD_NAMES for m in info["methods"]):
        # a flask.views.View answering `methods = [...]` from dispatch_request
        info["methods"].extend(m for m in declared if m in HTTP_METHOD_NAMES)
    if any(b.rsplit(".", 1)[-1].endswith("Router") for b in info["bases"]):
        init = _router_init(body, data)
        if init is not None:
            info["router_init"] = init
    return info


def _perm_branches(fn, data) -> tuple[dict, list | None] | None:
    """What a `get_permissions` picks by `self.action` when it spells the choice out: an
    `if self.action in ("create", "destroy"): permission_classes = [IsAdmin] ... else:
    permission_classes = [AllowAny]` chain (or each branch returning its list), or a local dict
    read with `table.get(self.action, default)`. ({action: [classes]}, the else branch's
    classes, or None when it falls back to the class's own); None when the method decides on
    anything but the action (the request's method, the user), which is not read here."""
    body = fn.child_by_field_name("body")
    stmts = [c for c in (body.named_children if body is not None else ()) if c.type != "comment"]
    tables: dict[str, dict] = {}
    table: dict = {}
    default: list | None = None
    decided = False
    for st in stmts:
        if st.type == "expression_statement" and st.named_children and \
                st.named_children[0].type == "assignment":
            a = st.named_children[0]
            left, right = text(a.child_by_field_name("left"), data), a.child_by_field_name("right")
            if right is not None and right.type == "dictionary":
                tables[left] = _perm_dict(right, data)
                continue
            got = _perm_lookup(right, data, tables)
            if got is not None:
                table, default, decided = got[0], got[1], True
            continue
        if st.type == "if_statement" and not decided:
            arms = [(st.child_by_field_name("condition"), st.child_by_field_name("consequence"))]
            for alt in st.children_by_field_name("alternative"):
                arms.append((alt.child_by_field_name("condition"),
                             alt.child_by_field_name("body") or alt.child_by_field_name(
                                 "consequence")))
            for cond, block in arms:
                classes = _perm_block(block, data, tables)
                if classes is False:
                    return None
                if cond is None:
                    default = classes
                    continue
                actions = _action_test(cond, data)
                if actions is None:
                    return None
                for action in actions:
                    table.setdefault(action, classes if classes is not None else [])
            decided = True
            continue
        if st.type == "return_statement" and not decided:
            got = _perm_lookup(st.named_children[0] if st.named_children else None, data, tables)
            if got is not None:
                table, default, decided = got[0], got[1], True
        elif st.type == "return_statement" and decided and default is None and table and \
                st.named_children and st.named_children[0].type in (
                    "list", "tuple", "list_comprehension") and \
                (classes := _class_list(st.named_children[0], data)):
            # `if self.action in [...]: return [IsAdminUser()]` then `return [IsAuthenticated()]`:
            # the classes every other action gets (not `[p() for p in permission_classes]`)
            default = classes
    return (table, default) if decided and table else None


def _perm_dict(node, data) -> dict:
    out = {}
    for pair in node.named_children:
        key = _s(pair.child_by_field_name("key"), data) if pair.type == "pair" else None
        val = pair.child_by_field_name("value") if key else None
        if val is not None:
            out[key] = _class_list(val, data)
    return out


def _class_list(node, data) -> list:
    """[A, B] of `[A, B]`, `(A,)`, `[A(), B()]`, `[p() for p in [A, B]]`."""
    if node is not None and node.type == "list_comprehension":
        inner = [c for c in walk(node) if c.type in ("list", "tuple") and c is not node]
        node = inner[0] if inner else None
    if node is None or node.type not in ("list", "tuple"):
        return [text(node, data)] if node is not None else []
    out = []
    for x in node.named_children:
        if x.type == "call":
            x = x.child_by_field_name("function")
        out.append(text(x, data))
    return out


_SELF_ACTION_GET = re.compile(r"^(\w+)\.get\(\s*self\.action\s*(?:,\s*(.+?))?\s*\)$", re.S)


def _perm_lookup(node, data, tables: dict):
    """`table.get(self.action, default)` / `table[self.action]` of a local dict: (table,
    default classes or None)."""
    if node is None:
        return None
    t = text(node, data)
    m = _SELF_ACTION_GET.match(t)
    if m is not None and m.group(1) in tables:
        dflt = m.group(2)
        if dflt is None or dflt.startswith("self.permission_classes"):
            return tables[m.group(1)], None
        return tables[m.group(1)], [x.strip() for x in dflt.strip("[]()").split(",") if x.strip()]
    m = re.match(r"^(\w+)\[\s*self\.action\s*\]$", t)
    if m is not None and m.group(1) in tables:
        return tables[m.group(1)], None
    return None


def _perm_block(block, data, tables: dict):
    """The classes a branch of get_permissions picks: a list assigned (to any local), or
    returned; None when it hands over to `super().get_permissions()`; False when it does
    something else."""
    if block is None:
        return False
    for st in block.named_children:
        node = None
        if st.type == "expression_statement" and st.named_children and \
                st.named_children[0].type == "assignment":
            node = st.named_children[0].child_by_field_name("right")
        elif st.type == "return_statement" and st.named_children:
            node = st.named_children[0]
        if node is None:
            continue
        if b"super()" in data[node.start_byte:node.end_byte] or \
                text(node, data) == "self.permission_classes":
            return None  # (the class's own permission_classes)
        if node.type in ("list", "tuple", "list_comprehension"):
            return _class_list(node, data)
    return False


def _action_test(cond, data) -> list | None:
    """The actions `self.action in ("a", "b")`, `self.action == "a"` (or a chain of them joined
    by `or`) names; None for any other condition."""
    if cond is None:
        return None
    if cond.type == "parenthesized_expression" and cond.named_children:
        return _action_test(cond.named_children[0], data)
    if cond.type == "boolean_operator":
        if text(cond.child_by_field_name("operator"), data) != "or":
            return None
        left = _action_test(cond.child_by_field_name("left"), data)
        right = _action_test(cond.child_by_field_name("right"), data)
        return left + right if left is not None and right is not None else None
    if cond.type != "comparison_operator" or len(cond.named_children) != 2:
        return None
    left, right = cond.named_children
    ops = [text(c, data) for c in cond.children if not c.is_named]
    if text(left, data) in ("self.request.method", "request.method"):
        # `self.request.method in permissions.SAFE_METHODS`: keys `method:GET`, ... (read by
        # django_routes._action_permissions for the route's method)
        if ops in (["in"], ["not", "in"], ["not in"]) and text(right, data).endswith(
                "SAFE_METHODS"):
            safe = ["GET", "HEAD", "OPTIONS"]
            return ["method:" + m for m in (safe if ops == ["in"] else
                                            ["POST", "PUT", "PATCH", "DELETE"])]
        if ops == ["=="]:
            v = _s(right, data)
            return ["method:" + v.upper()] if v else None
        if ops == ["in"] and right.type in ("list", "tuple", "set"):
            vals = [_s(x, data) for x in right.named_children]
            return ["method:" + v.upper() for v in vals] if vals and all(vals) else None
        return None
    if text(left, data) != "self.action":
        return None
    if ops == ["=="]:
        v = _s(right, data)
        return [v] if v else None
    if ops == ["in"] and right.type in ("list", "tuple", "set"):
        vals = [_s(x, data) for x in right.named_children]
        return vals if vals and all(vals) else None
    return None


# `self.perms[self.action]` / `self.perms.get(self.action, ...)` in a get_permissions
_PERM_TABLE_KEY = re.compile(r"""\bself\.(\w+)\s*\[\s*['"](\w+)['"]\s*\]""")
_PERM_TABLE_READ = re.compile(r"\bself\.(\w+)\s*(?:\[\s*self\.action\s*\]|\.get\(\s*self\.action\b)")


def _router_init(body, data) -> dict | None:
    """A router subclass's `__init__` that calls `super().__init__(..., dependencies=[...],
    prefix=...)`: what every instance gets (FastAPI's `APIRouter.__init__` stores them on the
    router, and `include_router` hands the dependencies to each route). `prefix` only when a
    literal; a parameter passed on is the instance's own."""
    for c in (body.named_children if body is not None else []):
        d = c.child_by_field_name("definition") if c.type == "decorated_definition" else c
        if d is None or d.type != "function_definition" or \
                text(d.child_by_field_name("name"), data) != "__init__":
            continue
        for n in walk(d):
            if n.type != "call":
                continue
            fn = text(n.child_by_field_name("function"), data)
            if fn.replace(" ", "") not in ("super().__init__", "APIRouter.__init__") and \
                    not fn.endswith("Router.__init__"):
                continue
            kw = _kwargs(n.child_by_field_name("arguments"), data)
            return {"mw": _dep_names(kw.get("dependencies"), data),
                    "prefix": _s(kw.get("prefix"), data) if kw.get("prefix") is not None else None}
    return None


def _restx_constructor(short, var, args, kw, data, ops, line) -> None:
    pos = _positional(args, data)
    if short == "Api":
        # Api(app_or_blueprint, prefix=...) / Api(prefix=...) + api.init_app(app): the prefix is
        # the Api's own, before every resource and namespace
        ops.append({"op": "new", "scope": MODULE, "var": var, "framework": "flask",
                    "line": line, "prefix": _s(kw.get("prefix"), data) or "", "mw": [],
                    "kind": "restx-api"})
        app = kw.get("app") or (pos[0] if pos else None)
        if app is not None and text(app, data) != "None":  # the resources hang on it
            ops.append({"op": "mount", "scope": MODULE, "target": text(app, data),
                        "prefix": "", "child": var, "line": line, "framework": "flask"})
        return
    name = _s(kw.get("name"), data)
    if name is None:
        name = _s(pos[0], data) if pos else None
    name = var if name is None else name
    path = _s(kw.get("path"), data)
    ops.append({"op": "new", "scope": MODULE, "var": var, "framework": "flask", "line": line,
                "prefix": "", "mw": _restx_decorators(kw.get("decorators"), data),
                "kind": "restx-namespace", "mount_default": path if path is not None
                else ("/" + name).rstrip("/")})  # (Namespace.path: `path or "/" + name`)


def _restx_decorators(node, data) -> list[str]:
    if node is None or node.type not in ("list", "tuple"):
        return []
    return [text(x, data).split("(")[0] for x in node.named_children]


def _restx_resource(obj, cls_name, info, path_nodes, line, data, ops) -> None:
    """The routes of a Resource class: one per HTTP method it defines, with its decorators."""
    for path_node in path_nodes:
        for m in info.get("methods", []):
            if m in HTTP_METHOD_NAMES:
                ops.append(_route(obj, m.upper(), path_node, f"{cls_name}.{m}", line,
                                  list(info.get("perm", [])) + list(info.get("decorators", []))
                                  + list(info.get("method_decos", {}).get(m, [])),
                                  line, data, "flask"))


def _drf_action(decorated, name: str, data) -> dict | None:
    """A DRF `@action(detail=..., methods=[...], url_path=...)` on a ViewSet method."""
    for dec in decorated.named_children:
        if dec.type != "decorator" or not dec.named_children:
            continue
        call = dec.named_children[0]
        if call.type != "call" or text(call.child_by_field_name("function"),
                                       data).rsplit(".", 1)[-1] not in ("action", "detail_route",
                                                                        "list_route"):
            continue
        fn = text(call.child_by_field_name("function"), data).rsplit(".", 1)[-1]
        kw = _kwargs(call.child_by_field_name("arguments"), data)
        detail = fn == "detail_route" or (text(kw["detail"], data) == "True" if "detail" in kw
                                          else False)
        perms = kw.get("permission_classes")
        return {"name": name, "detail": detail,
                "methods": [m.upper() for m in _methods(kw.get("methods"), data)] or ["GET"],
                "url_path": _action_url_path(_s(kw.get("url_path"), data)) or name,
                # @action(permission_classes=[...]) replaces the ViewSet's for this route
                "permissions": ([text(x, data) for x in perms.named_children]
                                if perms.type in ("list", "tuple") else [text(perms, data)])
                if perms is not None else None}
    return None


def _constructor_subclasses(tree, data) -> dict[str, str]:
    """Classes of the file that extend a router class (`class APIBlueprint(Blueprint)` whose
    `route()` adds documentation before calling `super().route(rule, **options)`): an
    instance is a router of the base's framework. A subclass that overrides how routes are
    registered still hands Flask (or FastAPI) the rule it was given."""
    out: dict[str, str] = {}
    if data.find(b"class ") < 0:
        return out
    for n in nodes_of(tree, ("class_definition",)):
        sup = n.child_by_field_name("superclasses")
        if sup is None:
            continue
        for b in sup.named_children:
            base = text(b, data).rsplit(".", 1)[-1]
            if b.type in ("identifier", "attribute") and base in CONSTRUCTORS:
                out[text(n.child_by_field_name("name"), data)] = base
                break
    return out


def _assignment(n, data, ops, ctors: dict[str, str] | None = None) -> None:
    left, right = n.child_by_field_name("left"), n.child_by_field_name("right")
    if left is None or right is None or left.type != "identifier":
        return
    var = text(left, data)
    line = n.start_point[0] + 1
    if n.parent is not None and n.parent.type == "expression_statement" and \
            n.parent.parent is not None and n.parent.parent.type == "module":
        value = _default_value(right, data)  # "/api", os.getenv("API_PREFIX", "/api")
        if value is not None:
            ops.append({"op": "const", "name": var, "value": value, "line": line})
        elif right.type in ("string", "concatenated_string", "binary_operator") and \
                right.end_byte - right.start_byte <= 200:
            # `version_prefix = f"/api/{version}"`: a value built from others, resolved when a
            # prefix names it (`prefix=f"{version_prefix}/books"`)
            ops.append({"op": "const", "name": var, "expr": text(right, data), "line": line})
        if right.type == "subscript" and text(right, data).startswith(("Annotated", "typing.Annotated")):
            deps = _dep_names(right, data)
            if deps:  # CurrentUser = Annotated[User, Depends(get_current_user)]
                ops.append({"op": "dep_alias", "name": var, "deps": deps, "line": line})
        elif right.type == "call" and text(right.child_by_field_name("function"), data).rsplit(
                ".", 1)[-1] in ("Depends", "Security"):
            deps = _dep_names(right, data)
            if deps:  # DependAuth = Depends(AuthControl.is_authed), used as dependencies=[...]
                ops.append({"op": "dep_alias", "name": var, "deps": deps, "line": line})
        elif right.type == "call" and re.fullmatch(
                r"[A-Za-z_][\w.]*", text(right.child_by_field_name("function"), data)):
            # `ViewNode: type[User] = require_scopes(Scopes.NODE_VIEW)`: an alias of what the
            # function returns, if that is an Annotated dependency (resolved by name later)
            callee = text(right.child_by_field_name("function"), data).rsplit(".", 1)[-1]
            from auditor.endpoints.auth import OPTIONAL_ARGS

            args = text(right.child_by_field_name("arguments"), data)[:300]
            ops.append({"op": "dep_alias_ref", "name": var, "ref": callee + "()",
                        "line": line,
                        # `current_user = fastapi_users.current_user(optional=True)`: a guard
                        # made to let anonymous requests through
                        # (a fastapi.security scheme has its own reading: `scheme` profiles)
                        **({"optional": True} if OPTIONAL_ARGS.search(args) and
                           callee not in SECURITY_SCHEMES else {})})
        elif right.type == "identifier" and var[:1].isupper() and b"Depends" in data:
            # `AuthorizeRole = authorize_role` (a factory returning `Depends(check_role)`),
            # then `dependencies=[AuthorizeRole(["admin"])]`: a call of the alias is one of it
            ops.append({"op": "dep_alias_ref", "name": var + "()",
                        "ref": text(right, data) + "()", "line": line})
    if right.type == "call" and _is_i18n(right, data):
        # `lang_patterns = i18n_patterns(path(...), ...)`: a list below the language prefix
        _i18n(right, var, data, ops)
        return
    if right.type == "call":
        fn = text(right.child_by_field_name("function"), data)
        short = fn.rsplit(".", 1)[-1]
        short = (ctors or {}).get(short, short)  # (a subclass of a router class)
        args = right.child_by_field_name("arguments")
        kw = _kwargs(args, data)
        if short in SECURITY_SCHEMES:
            # security = HTTPBearer(): rejects a request without credentials unless auto_error=False
            lenient = text(kw["auto_error"], data) == "False" if "auto_error" in kw else False
            ops.append({"op": "fn", "scope": var, "name": var, "recv": "", "params": [],
                        "line": line, "end_line": line, "decorators": [],
                        "auth": {"reads_credential": True, "rejects": not lenient,
                                 "next_on_missing": lenient, "scheme": True},
                        "parent_scope": "", "returns": []})
            return
        if short in RESTX_CONSTRUCTORS:
            _restx_constructor(short, var, args, kw, data, ops, line)
            return
        if short == "namespace" and fn.count(".") == 1 and _positional(args, data) and \
                _s(_positional(args, data)[0], data) is not None:
            # flask-restx / flask-restplus `ns = api.namespace("todos", ...)`: Api.namespace
            # makes a Namespace and adds it to the Api (`Namespace(*args, **kwargs)`,
            # `self.add_namespace(ns)`), its path `path` or "/<name>"
            _restx_constructor("Namespace", var, args, kw, data, ops, line)
            ops.append({"op": "mount", "scope": MODULE, "target": fn.split(".", 1)[0],
                        "prefix": None, "child": var, "line": line, "framework": "flask"})
            return
        if short in CONSTRUCTORS:
            fw = CONSTRUCTORS[short]
            pnode = kw.get("prefix") or kw.get("url_prefix")
            if short == "FastAPI" and pnode is None and _s(kw.get("root_path"), data):
                # FastAPI(root_path="/api"): the prefix a proxy serves the app under, which
                # FastAPI puts in the OpenAPI document's `servers` and Starlette strips before
                # routing: the path a client requests starts with it
                pnode = kw["root_path"]
            prefix = _s(pnode, data) or ""
            cls = _body_class(n, data)
            if cls:
                # `class UserController: PREFIX = "/users"; ROUTER = APIRouter(prefix=PREFIX)`:
                # a class attribute, reached as `UserController.ROUTER`; its prefix may name
                # the class's own attributes or another class's of the module
                var = f"{cls}.{var}"
                if pnode is not None and not prefix:
                    prefix = _class_value(text(pnode, data), cls, ops) or ""
                    if prefix:
                        pnode = None
            op = {"op": "new", "scope": MODULE, "var": var, "framework": fw, "line": line,
                  "prefix": prefix, "mw": _dep_names(kw.get("dependencies"), data),
                  "kind": short}
            if pnode is not None and _s(pnode, data) is None:
                op["prefix_expr"] = text(pnode, data)[:200]
            if short in ("FastAPI", "Starlette"):
                docs = {}
                for k in ("docs_url", "redoc_url", "openapi_url"):
                    if k in kw:
                        v = kw[k]
                        docs[k] = None if text(v, data) == "None" else (
                            _s(v, data) or "expr:" + text(v, data)[:200])
                op["docs"] = docs
                if short == "Starlette":
                    op["docs"] = {"docs_url": None, "redoc_url": None, "openapi_url": None}
            ops.append(op)
        elif short in DRF_ROUTERS:
            ops.append({"op": "new", "scope": MODULE, "var": var, "framework": "django",
                        "line": line, "prefix": _nested_prefix(short, args, kw, data, ops),
                        "kind": "drf"})
        elif _py_apply(var, fn, args, data, ops, line):
            pass
        elif not short[:1].isupper() and re.fullmatch(r"[A-Za-z_][\w.]*", fn) and \
                n.parent is not None and n.parent.parent is not None and \
                n.parent.parent.type != "module":
            # `child = construct_edit_blueprint(datastore)` in a function: a name bound to what
            # a function of the tree returns, for a `register_blueprint(child)` to follow
            ops.append({"op": "py_call_var", "var": var, "callee": fn, "line": line})
        elif short[:1].isupper() and "." not in var and n.parent is not None and \
                n.parent.parent is not None and n.parent.parent.type == "module":
            # `access_token_bearer = AccessTokenBearer()`: an instance a FastAPI dependency may
            # name (`Depends(access_token_bearer)` calls the class's `__call__`)
            inst = {"op": "instance", "var": var, "cls": short, "line": line,
                    "args": text(args, data)[:200] if args is not None else ""}
            if "prefix" in kw or "dependencies" in kw:  # (a router subclass's own, if it is one)
                inst["prefix"] = _s(kw.get("prefix"), data) if "prefix" in kw else None
                inst["mw"] = _dep_names(kw.get("dependencies"), data)
            ops.append(inst)
    elif var == "REST_FRAMEWORK" and right.type == "dictionary":
        # DRF settings: DEFAULT_PERMISSION_CLASSES guard every API view without its own
        for pair in right.named_children:
            if pair.type == "pair" and _s(pair.child_by_field_name("key"), data) == \
                    "DEFAULT_PERMISSION_CLASSES":
                value = pair.child_by_field_name("value")
                names = [(_s(x, data) or text(x, data)).rsplit(".", 1)[-1]
                         for x in (value.named_children if value is not None and value.type in
                                   ("list", "tuple") else []) if x.type != "comment"]
                ops.append({"op": "drf_defaults", "scope": MODULE, "perm": names,
                            "line": line})
    elif (var == "urlpatterns" and (right.type in ("list", "binary_operator") or (
            # `urlpatterns = router.urls`: the DRF router's routes are the module's urlconf
            right.type == "attribute" and text(right.child_by_field_name("attribute"),
                                               data) == "urls"))) or \
            (right.type == "list" and n.parent is not None and n.parent.parent is not None
             and n.parent.parent.type == "module" and _is_url_list(right, data)):
        # urlpatterns, or another list of path()s that an include(name) mounts
        prev = None
        if any(o.get("op") == "new" and o.get("var") == var for o in ops) and re.search(
                rb"\b" + var.encode() + rb"\b", data[right.start_byte:right.end_byte]):
            # `urlpatterns = [path("api/", include(urlpatterns))]`: the list built so far,
            # under the name it had, is what the new one includes
            prev = f"{var}@{line}"
            for o in ops:
                for k in ("var", "target", "child"):
                    if o.get(k) == var:
                        o[k] = prev
        start = len(ops)
        ops.append({"op": "new", "scope": MODULE, "var": var, "framework": "django",
                    "line": line, "prefix": ""})
        _django_list(right, var, data, ops)
        if prev is not None:
            for o in ops[start:]:
                if o.get("child") == var:
                    o["child"] = prev


def _channels_router(call, data, ops) -> None:
    """Django Channels `URLRouter([path("ws/", Consumer.as_asgi()), ...])` with its patterns
    written in place (in an ASGI `ProtocolTypeRouter({"websocket": ...})`): a urlconf of its
    own, served at the root like a routing module's `websocket_urlpatterns`."""
    fn = call.child_by_field_name("function")
    args = call.child_by_field_name("arguments")
    if fn is None or text(fn, data).rsplit(".", 1)[-1] != "URLRouter" or args is None:
        return
    first = next((a for a in args.named_children if a.type != "comment"), None)
    if first is None or first.type != "list" or not _is_url_list(first, data):
        return
    var = f"URLRouter@{call.start_point[0] + 1}"
    ops.append({"op": "new", "scope": MODULE, "var": var, "framework": "django",
                "line": call.start_point[0] + 1, "prefix": ""})
    start = len(ops)
    _django_list(first, var, data, ops)
    for op in ops[start:]:
        if op.get("op") == "route" and op.get("target") == var:
            op["method"] = "WS"  # (Channels 2's bare consumer class too: a WebSocket either way)


def _body_class(n, data) -> str:
    """The class whose body this assignment statement is directly in, or ""."""
    stmt = n.parent
    return _block_class(stmt.parent if stmt is not None and stmt.type == "expression_statement"
                        else None, data)


def _block_class(block, data) -> str:
    """The name of the class whose body `block` is, or ""."""
    cls = block.parent if block is not None and block.type == "block" else None
    if cls is None or cls.type != "class_definition":
        return ""
    return text(cls.child_by_field_name("name"), data)


def _class_attr_owner(n, data) -> tuple[str, set]:
    """For a definition directly in a class body: the class's name and the names its body
    assigns before it (what a decorator's bare name means there); ("", set()) otherwise."""
    block = n.parent
    owner = _block_class(block, data)
    if not owner:
        return "", set()
    names = set()
    for c in block.named_children:
        if c.start_byte >= n.start_byte:
            break
        a = c.named_children[0] if c.type == "expression_statement" and c.named_children \
            else None
        if a is not None and a.type == "assignment" and \
                (left := a.child_by_field_name("left")) is not None and left.type == "identifier":
            names.add(text(left, data))
    return owner, names


def _class_value(expr: str, cls: str, ops: list) -> str | None:
    """A string expression in a class body (`PREFIX`, `Base.PREFIX`, `f"{Base.PREFIX}/x"`,
    `A + B`) from the string attributes of that class, its bases and the module's other classes
    seen so far; None when a part has no such value."""
    classes = {o["name"]: o for o in ops if o.get("op") == "class"}
    names: dict[str, str] = {}
    for name, op in classes.items():
        for k, v in (op.get("attrs") or {}).items():
            if isinstance(v, str):
                names[f"{name}.{k}"] = v
    chain, seen = [cls], set()
    while chain:  # the class's own attributes first, then its bases' (Python's lookup order)
        c = chain.pop(0)
        if c in seen or c not in classes:
            continue
        seen.add(c)
        for k, v in (classes[c].get("attrs") or {}).items():
            if isinstance(v, str):
                names.setdefault(k, v)
        chain.extend(classes[c].get("bases") or ())

    def one(e: str) -> str | None:
        e = e.strip()
        if e in names:
            return names[e]
        m = re.fullmatch(r"""[rRuU]?(['"])(.*)\1""", e, re.S)
        if m:
            return m.group(2)
        m = re.fullmatch(r"""[rR]?[fF][rR]?(['"])(.*)\1""", e, re.S)
        if m:
            parts = re.split(r"\{([^{}]+)\}", m.group(2))
            vals = [p if i % 2 == 0 else names.get(p.strip()) for i, p in enumerate(parts)]
            return None if None in vals else "".join(vals)
        return None
    vals = [one(p) for p in expr.split(" + ")]
    return None if None in vals else "".join(vals)


def _registry_chain(n, data) -> tuple[str, str | None] | None:
    """drf-extensions' NestedRegistryItem: `.register(prefix, viewset, basename,
    parents_query_lookups)` on what an earlier `register` returned registers below each
    parent's prefix and lookup (rest_framework_extensions/routers.py `get_parent_prefix`:
    `pages/(?P<parent_lookup_page_id>[^/.]+)/posts`). (the router, the joined prefix) for such a
    call, the prefix None when a part is not a literal; None for any other call."""
    calls = []
    cur = n
    while cur is not None and cur.type == "call":
        fn = cur.child_by_field_name("function")
        if fn is None or fn.type != "attribute" or \
                text(fn.child_by_field_name("attribute"), data) != "register":
            break
        calls.append(cur)
        cur = fn.child_by_field_name("object")
    if len(calls) < 2 or cur is None or cur.type not in ("identifier", "attribute"):
        return None
    calls.reverse()  # the router's own register first
    parts: list[str] = []
    for i, call in enumerate(calls):
        args = call.child_by_field_name("arguments")
        pos, kw = _positional(args, data), _kwargs(args, data)
        pnode = pos[0] if pos else kw.get("prefix")
        prefix = _s(pnode, data) if pnode is not None else None
        if prefix is None:
            return text(cur, data), None
        lookups_node = pos[3] if len(pos) > 3 else kw.get("parents_query_lookups")
        lookups = [_s(x, data) for x in lookups_node.named_children] \
            if lookups_node is not None and lookups_node.type in ("list", "tuple") else []
        if i and len(lookups) >= i and all(lookups):
            parts.append("{parent_lookup_%s}" % lookups[i - 1])
        elif i:
            parts.append("{pk}")
        parts.append(_LOOKAROUND.sub("", prefix).strip("/"))
    return text(cur, data), "/".join(p for p in parts if p)


def _nested_prefix(short: str, args, kw: dict, data, ops: list) -> str:
    """drf-nested-routers: `NestedSimpleRouter(router, r"courses", lookup="course")` serves its
    viewsets below `courses/{course_pk}/` (rest_framework_nested/routers.py: the parent's
    prefix, then `<lookup>_pk`), and below its parent's own nesting when the parent is nested
    too. "" for any other router."""
    if not short.startswith("Nested"):
        return ""
    pos = _positional(args, data)
    parent = text(pos[0], data) if pos else text(kw.get("parent_router"), data) \
        if kw.get("parent_router") is not None else ""
    pnode = pos[1] if len(pos) > 1 else kw.get("parent_prefix")
    prefix = _s(pnode, data) if pnode is not None else None
    lookup = _s(kw.get("lookup"), data) if kw.get("lookup") is not None else ""
    if prefix is None:
        return ""
    above = next((o.get("prefix") or "" for o in reversed(ops) if o.get("op") == "new"
                  and o.get("var") == parent and o.get("kind") == "drf"), "")
    pk = f"{{{lookup}_pk}}" if lookup else "{pk}"
    return f"{above}{_LOOKAROUND.sub('', prefix).strip('/')}/{pk}/"


def _py_apply(var: str, fn: str, args, data, ops, line: int) -> bool:
    """`tenant_router = include_routers(APIRouter(prefix="/{tenant_slug}"))`: a function of the
    tree handed a router it then returns (the replay binds its parameter to that router)."""
    pos = _positional(args, data)
    if not pos or pos[0].type != "call" or fn.rsplit(".", 1)[-1][:1].isupper():
        return False
    arg = pos[0]
    ctor = text(arg.child_by_field_name("function"), data).rsplit(".", 1)[-1]
    if ctor not in CONSTRUCTORS:
        return False
    kw = _kwargs(arg.child_by_field_name("arguments"), data)
    pnode = kw.get("prefix") or kw.get("url_prefix")
    new = {"op": "new", "scope": MODULE, "var": f"@apply:{line}", "framework": CONSTRUCTORS[ctor],
           "line": line, "prefix": _s(pnode, data) or "",
           "mw": _dep_names(kw.get("dependencies"), data), "kind": ctor}
    if pnode is not None and _s(pnode, data) is None:
        new["prefix_expr"] = text(pnode, data)[:200]
    ops.append({"op": "py_apply", "scope": MODULE, "var": var, "callee": fn, "new": new,
                "line": line})
    return True


def _debug_only(node, data) -> bool:
    """Inside the body of `if settings.DEBUG:` (or `if DEBUG:`): URL patterns Django serves only
    in development (a live-reload view, the debug toolbar), not routes of the deployed app."""
    cur = node
    while cur.parent is not None:
        par = cur.parent
        if par.type == "if_statement" and cur == par.child_by_field_name("consequence"):
            cond = par.child_by_field_name("condition")
            if cond is not None and re.fullmatch(r"(?:[\w.]+\.)?DEBUG", text(cond, data).strip()):
                return True
        if par.type in ("function_definition", "class_definition"):
            return False
        cur = par
    return False


def _url_args(call, data) -> tuple:
    """The route and the view of a Django `path()` / `re_path()` / `url()` call, positional or
    by keyword: Django's `_path(route, view, kwargs=None, name=None, Pattern=None)`
    (django/urls/conf.py) takes `path(route="x/", view=View.as_view())` as well, and the old
    `django.conf.urls.url(regex, view, kwargs=None, name=None)` `url(regex=r"^$", view=...)`."""
    args = call.child_by_field_name("arguments")
    pos, kw = _positional(args, data), _kwargs(args, data)
    route = pos[0] if pos else (kw.get("route") or kw.get("regex"))
    view = pos[1] if len(pos) > 1 else (kw.get("view") if len(pos) < 2 else None)
    return route, view


def _is_url_list(node, data) -> bool:
    """A list of Django `path("x/", view)` / `re_path` / `url` entries."""
    items = [c for c in node.named_children if c.type != "comment"]
    return bool(items) and all(
        c.type == "call" and text(c.child_by_field_name("function"), data).rsplit(".", 1)[-1]
        in ("path", "re_path", "url") and None not in _url_args(c, data)
        and _url_args(c, data)[0].type == "string"
        for c in items)


def _is_i18n(call, data) -> bool:
    return text(call.child_by_field_name("function"), data).rsplit(".", 1)[-1] == "i18n_patterns"


def _i18n(call, var: str, data, ops) -> None:
    """`i18n_patterns(path(...), ...)` (django/conf/urls/i18n.py): its patterns below a
    LocalePrefixPattern, `/<language code>/`, as router `var`. With
    `prefix_default_language=False` the default language is served without the prefix (the
    LocalePrefixPattern matches "" for it): that form, the URL a client asks by default, is
    listed."""
    line = call.start_point[0] + 1
    kw = _kwargs(call.child_by_field_name("arguments"), data)
    bare = "prefix_default_language" in kw and \
        text(kw["prefix_default_language"], data) == "False"
    entries: list = []
    for arg in _positional(call.child_by_field_name("arguments"), data):
        if arg.type == "call":
            _django_entry(arg, data, entries, var)
        else:
            _django_list(arg, var, data, entries)
    ops.append({"op": "new", "scope": MODULE, "var": var, "framework": "django", "line": line,
                "prefix": "" if bare else "{lang}/"})
    ops.extend(entries)


def _django_list(node, target: str, data, ops) -> None:
    """The entries of a urlpatterns list (or of lists joined with `+`), for router `target`.
    Lists nested in an `include((...))` are their own routers (see `_django_entry`)."""
    if node.type == "call" and _is_i18n(node, data):  # `[...] + i18n_patterns(...)`
        child = f"@i18n:{node.start_point[0] + 1}:{node.start_point[1]}"
        _i18n(node, child, data, ops)
        node = None
    elif node.type == "identifier" and text(node, data) != target:
        child = text(node, data)  # `urlpatterns = lang_patterns + [...]`: a list of the module
    else:
        child = None
    if child is not None:
        ops.append({"op": "mount", "scope": MODULE, "target": target, "prefix": "",
                    "child": child, "line": ops[-1]["line"] if node is None else
                    node.start_point[0] + 1, "framework": "django"})
        return
    if node.type == "binary_operator":
        for side in (node.child_by_field_name("left"), node.child_by_field_name("right")):
            if side is not None:
                _django_list(side, target, data, ops)
        return
    if node.type == "attribute" and text(node.child_by_field_name("attribute"), data) == "urls":
        # `urlpatterns = [...] + router.urls`: the DRF router's routes at this level
        obj = node.child_by_field_name("object")
        if obj.type == "list_splat" and obj.named_children:
            obj = obj.named_children[0]  # `[*router.urls]` alone: read as `(*router).urls`
        ops.append({"op": "mount", "scope": MODULE, "target": target, "prefix": "",
                    "child": text(obj, data),
                    "line": node.start_point[0] + 1, "framework": "django"})
        return
    if node.type != "list":
        return
    start = len(ops)
    try:
        _django_items(node, target, data, ops)
    finally:
        _drop_shadowed(ops, start, target)


# Django's path() converters (django/urls/converters.py): what each segment matches
_CONVERTERS = {"str": r"[^/]+", "int": r"[0-9]+", "slug": r"[-a-zA-Z0-9_]+",
               "uuid": r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}",
               "path": r".+"}
_CONVERTER = re.compile(r"<(?:(\w+):)?\w+>")


def _path_string(path_text: str) -> str | None:
    """The text of a `path()` route string literal as written (prefix and quotes removed), None
    for anything else or a regex route's (`re_path`, `url`)."""
    raw = path_text.strip()
    raw = raw[1:] if raw[:1] in "rRbBuU" else raw
    if len(raw) < 2 or raw[0] not in "'\"" or raw[-1] != raw[0] or "\\" in raw:
        return None
    raw = raw[1:-1]
    return None if "^" in raw or "$" in raw or "(?" in raw else raw


def _path_regex(raw: str):
    """The compiled full-match pattern of a `path()` route string (`_path_string`), None for a
    converter of the project's own (its pattern is not known here)."""
    out, pos = [], 0
    for m in _CONVERTER.finditer(raw):
        conv = _CONVERTERS.get(m.group(1) or "str")
        if conv is None:
            return None
        out.append(re.escape(raw[pos:m.start()]) + conv)
        pos = m.end()
    out.append(re.escape(raw[pos:]))
    return re.compile("".join(out))


def _drop_shadowed(ops: list, start: int, target: str) -> None:
    """Django resolves a URL to the first pattern of the list that matches it: a `path()` whose
    literal path an earlier `path()` of the same list already matches (`add/` after
    `<str:pk>/`) is never reached. (An earlier `include()` does not shadow: Django goes on to
    the next pattern when nothing under it matches.)"""
    earlier: list = []
    keep = []
    for op in ops[start:]:
        if op.get("op") != "route" or op.get("target") != target or \
                op.get("framework") != "django":
            keep.append(op)
            continue
        raw = _path_string(op.get("path_text") or "")
        rx = _path_regex(raw) if raw is not None else None
        lit = raw if rx is not None and not _CONVERTER.search(raw) else None
        # (the ops of one entry, one per method of `as_view({...})`, do not shadow each other)
        if lit is not None and any(e.fullmatch(lit) for ln, e in earlier if ln != op.get("line")):
            continue
        if rx is not None:
            earlier.append((op.get("line"), rx))
        keep.append(op)
    ops[start:] = keep


def _django_items(node, target: str, data, ops) -> None:
    for item in node.named_children:
        if item.type == "call":
            _django_entry(item, data, ops, target)
        elif item.type == "list_splat" and item.named_children:
            # `[path(...), *router.urls]`: the router's routes spread into this list
            _django_list(item.named_children[0], target, data, ops)
        elif item.type == "attribute" and item.named_children and \
                item.named_children[0].type == "list_splat":
            _django_list(item, target, data, ops)  # `[*router.urls]` alone


# drf-spectacular's views (drf_spectacular/views.py): the schema and the documentation UIs
# it generates, like DRF's include_docs_urls
_SCHEMA_VIEWS = frozenset({"SpectacularAPIView", "SpectacularJSONAPIView", "SpectacularYAMLAPIView",
                           "SpectacularSwaggerView", "SpectacularSwaggerSplitView",
                           "SpectacularRedocView", "SpectacularElementsView",
                           "SpectacularRapiDocView"})


def _schema_instance(name: str, data: bytes) -> bool:
    """`spec_view = SpectacularSwaggerView()` at module level, then `spec_view.as_view()`."""
    if not name.isidentifier() or name.encode() not in data:
        return False
    m = re.search(rb"(?m)^" + re.escape(name.encode()) + rb"\s*=\s*([\w.]+)\(", data)
    return bool(m) and m.group(1).decode().rsplit(".", 1)[-1] in _SCHEMA_VIEWS


def _django_entry(call, data, ops, target: str = "urlpatterns") -> None:
    fn = text(call.child_by_field_name("function"), data).rsplit(".", 1)[-1]
    if fn not in ("path", "re_path", "url"):
        return
    rnode, view = _url_args(call, data)
    if rnode is None or view is None:
        return
    route = _s(rnode, data)
    line = call.start_point[0] + 1
    vtext = text(view, data)
    if view.type == "call" and not text(view.child_by_field_name("function"), data).endswith(
            "include"):
        wpos = _positional(view.child_by_field_name("arguments"), data)
        if len(wpos) == 1 and wpos[0].type == "call" and text(
                wpos[0].child_by_field_name("function"), data).endswith("include"):
            # `path("v1/", optional_trailing_slash(include(v1_urls)))`: a function of the
            # tree handed include()'s (patterns, app, namespace) gives path() an urlconf back
            view = wpos[0]
    if view.type == "call" and text(view.child_by_field_name("function"), data).endswith("include"):
        ipos = _positional(view.child_by_field_name("arguments"), data)
        child = ""
        if ipos:
            arg = ipos[0]
            if arg.type == "tuple" and arg.named_children:  # include((patterns, app_name))
                arg = arg.named_children[0]
            s = _s(arg, data)
            child = f"module:{s}" if s is not None else text(arg, data)
            routes = list(_library_routes(s or ""))
            if routes:  # a urlconf Django or a library ships: its routes, as listed
                child = f"@include:{arg.start_point[0] + 1}:{arg.start_point[1]}"
                ops.append({"op": "new", "scope": MODULE, "var": child, "framework": "django",
                            "line": line, "prefix": ""})
                for method, sub, cls, guards, why, extra in routes:
                    ops.append({"op": "route", "scope": MODULE, "target": child, "method": method,
                                "path": sub, "path_text": repr(sub), "handler": cls,
                                "handler_line": line, "mw": guards, "line": line,
                                "framework": "django",
                                "extra": {"view_class": cls, "library_view": True, **extra,
                                          "guard_reasons": {g: why.format(g=g)
                                                            for g in guards}}})
            if arg.type == "list":  # include(([path(...), ...], "app")): a router of its own
                child = f"@include:{arg.start_point[0] + 1}:{arg.start_point[1]}"
                ops.append({"op": "new", "scope": MODULE, "var": child, "framework": "django",
                            "line": arg.start_point[0] + 1, "prefix": ""})
                _django_list(arg, child, data, ops)
        op = {"op": "mount", "scope": MODULE, "target": target,
              "prefix": django_path(route, fn), "child": child, "line": line,
              "framework": "django"}
        if route is None:
            # path(f"api/{settings.API_VERSION}/", include(...)): the value the tree gives it
            op.update(_prefix_expr(rnode, data))
            if fn != "path":  # re_path(rf"^{BASE}/", include(...)): a regex once resolved
                op["prefix_regex"] = True
        ops.append(op)
        return
    if vtext.endswith("admin.site.urls") or vtext.endswith(".site.urls") or \
            vtext.endswith("admin_site.urls"):  # an AdminSite instance: linkding_admin_site
        return  # Django's admin: routes of the framework, not of the application
    callee = vtext.split("(", 1)[0]
    if callee.rsplit(".", 1)[-1] == "include_docs_urls":
        return  # DRF's generated API documentation (rest_framework.documentation)
    if callee.split(".", 1)[0] in _SCHEMA_VIEWS or \
            callee.rsplit(".", 1)[-1] in ("with_ui", "without_ui") or \
            _schema_instance(callee.split(".", 1)[0], data):
        return  # drf-spectacular's and drf-yasg's generated schema and its viewers
    mw: list[str] = []
    view = _as_view_of(view, call, data)
    while view.type == "call" and not text(view.child_by_field_name("function"),
                                           data).endswith("as_view"):
        # login_required(View.as_view()), csrf_exempt(view): a decorator applied in urls.py
        wpos = _positional(view.child_by_field_name("arguments"), data)
        if len(wpos) != 1:
            break
        mw.extend(_deco_names(view, data)[:1] if text(view.child_by_field_name("function"),
                                                      data).rsplit(".", 1)[-1]
                  != "permission_classes" else [])
        view = _as_view_of(wpos[0], call, data)
    vtext = text(view, data)
    handler = vtext
    extra: dict = {}
    if view.type == "call" and text(view.child_by_field_name("function"), data).endswith("as_view"):
        handler = text(view.child_by_field_name("function"), data).rsplit(".", 1)[0]
        extra = {"view_class": handler}
        vkw = _kwargs(view.child_by_field_name("arguments"), data)
        for key in ("model", "queryset"):
            if vkw.get(key) is not None:
                # `ListView.as_view(model=Publisher)`: as_view's initkwargs set the view's
                # attributes, the generic view reads that model
                extra["view_" + key] = text(vkw[key], data)[:120]
        vpos = _positional(view.child_by_field_name("arguments"), data)
        if vpos and vpos[0].type == "dictionary":
            # ViewSet.as_view({"get": "list", "post": "create"}): the methods of the map
            for pair in vpos[0].named_children:
                m = _s(pair.child_by_field_name("key"), data) if pair.type == "pair" else None
                act = _s(pair.child_by_field_name("value"), data) if m else None
                if m and m.lower() in HTTP_METHOD_NAMES:
                    ops.append({"op": "route", "scope": MODULE, "target": target,
                                "method": m.upper(), "path": django_path(route, fn, True),
                                "path_text": text(rnode, data)[:200],
                                "handler": f"{handler}.{act or m.lower()}", "handler_line": line,
                                "mw": list(mw), "line": line, "framework": "django",
                                "extra": {"view_class": handler, "mapped": True,
                                          **({"path_regex": True}
                                             if route is None and fn != "path" else {})}})
            return
    if route is None and fn != "path":
        # re_path(rf"^programs/{UUID_PATTERN}/send$", view): a regex once the endpoints stage
        # resolves the constants it interpolates
        extra = {**extra, "path_regex": True}
    # a Django Channels consumer (`Consumer.as_asgi()` in a routing module's patterns): a
    # WebSocket endpoint
    method = "WS" if re.search(r"\.as_asgi\(\s*\)\s*$", vtext) else "ANY"
    ops.append({"op": "route", "scope": MODULE, "target": target, "method": method,
                "path": django_path(route, fn, True), "path_text": text(rnode, data)[:200],
                "handler": handler, "handler_line": line, "mw": mw, "line": line,
                "framework": "django", "extra": extra})


def _loop_values(call, arg, data) -> list[str]:
    """What a mounted router argument names: itself, or, for the variable of an enclosing
    `for r in [a.router, b.router]:` (or of a module-level list/tuple it iterates), each
    element in turn."""
    name = text(arg, data)
    if arg.type != "identifier":
        return [name]
    loop = _enclosing_loop(call, data)
    if loop is None or text(loop[0].child_by_field_name("left"), data) != name:
        return [name]
    return [text(x, data) for x in loop[1]] if loop[1] else [name]


def _enclosing_loop(call, data):
    """(the `for` statement around `call` in its function or module, the elements it visits:
    a list or tuple written out or a module-level one it names, else None); None outside a
    loop."""
    node = call.parent
    while node is not None and node.type not in ("for_statement", "function_definition",
                                                 "module"):
        node = node.parent
    if node is None or node.type != "for_statement":
        return None
    seq = node.child_by_field_name("right")
    if seq is not None and seq.type == "identifier":
        seq = _module_value(seq, data)
    return node, _seq_items(seq, data, 0) if seq is not None else None


# a Starlette `dispatch` answering early for the paths of a list it keeps: `if any(
# fnmatch(request.url.path, p) for p in self.exclude_urls): return response`, `if
# request.url.path in self.public_paths:`, `if request.url.path.startswith(tuple(self.x))`
_SKIP_GLOB = re.compile(r"\bif\s+any\(\s*(?:fnmatch\.)?fnmatch\(\s*request\.url\.path\s*,\s*"
                        r"(\w+)\s*\)\s+for\s+(\w+)\s+in\s+self\.(\w+)\s*\)\s*:\s*(?:\n\s*)?return\b")
_SKIP_IN = re.compile(r"\bif\s+request\.url\.path\s+in\s+self\.(\w+)\s*:\s*(?:\n\s*)?return\b")
_SKIP_PREFIX = re.compile(r"\bif\s+(?:request\.url\.path\.startswith\(\s*tuple\(\s*self\.(\w+)\s*\)"
                          r"\s*\)|any\(\s*request\.url\.path\.startswith\(\s*(\w+)\s*\)\s+for\s+\w+"
                          r"\s+in\s+self\.(\w+)\s*\))\s*:\s*(?:\n\s*)?return\b")


def _dispatch_skip(src: str, cls_body, data) -> dict:
    """{"glob" | "exact" | "prefix": [paths]} a Starlette middleware's dispatch lets through
    before (or without) its check, the list read from `self.<name> = [...]` in `__init__`
    or the class body; {} when there is no such test."""
    lists = _self_string_lists(cls_body, data)
    for rx, kind in ((_SKIP_GLOB, "glob"), (_SKIP_IN, "exact"), (_SKIP_PREFIX, "prefix")):
        for m in rx.finditer(src):
            name = m.group(3) if kind == "glob" else m.group(1) if kind == "exact" else \
                (m.group(1) or m.group(3))
            if kind == "glob" and m.group(1) != m.group(2):
                continue
            if name in lists:
                return {kind: lists[name]}
    return {}


def _self_string_lists(cls_body, data) -> dict:
    """`self.x = ["/a", "/b"]` (or `x = (...)` in the class body): name -> the strings."""
    out = {}
    for n in walk(cls_body) if cls_body is not None else ():
        if n.type != "assignment":
            continue
        left, right = n.child_by_field_name("left"), n.child_by_field_name("right")
        if left is None or right is None or right.type not in ("list", "tuple"):
            continue
        lt = text(left, data)
        name = lt[5:] if lt.startswith("self.") else lt
        vals = [_s(x, data) for x in right.named_children]
        if name.isidentifier() and vals and all(v is not None for v in vals):
            out[name] = vals
    return out


def _loop_rows(call, data) -> list[dict] | None:
    """The names a call inside `for m in [a, b]:` sees per element, with the locals the loop
    body binds from the loop variable before it (`r = m.router`): [{"m": "a", "r":
    "a.router"}, ...]; None outside such a loop."""
    loop = _enclosing_loop(call, data)
    if loop is None:
        return None
    node, items = loop
    left = node.child_by_field_name("left")
    if left is None or left.type != "identifier":
        return None
    var = text(left, data)
    if not items or not all(x.type in ("identifier", "attribute") for x in items):
        return None
    attrs: dict[str, str] = {}
    body = node.child_by_field_name("body")
    for st in (body.named_children if body is not None else ()):
        if st.start_byte >= call.start_byte:
            break
        a = st.named_children[0] if st.type == "expression_statement" and \
            st.named_children else None
        if a is None or a.type != "assignment":
            continue
        lhs, rhs = a.child_by_field_name("left"), a.child_by_field_name("right")
        if lhs is not None and lhs.type == "identifier" and rhs is not None and \
                rhs.type == "attribute" and text(rhs.child_by_field_name("object"), data) == var:
            attrs[text(lhs, data)] = text(rhs.child_by_field_name("attribute"), data)
    return [{var: text(x, data), **{k: f"{text(x, data)}.{v}" for k, v in attrs.items()}}
            for x in items]


def _unrolled_args(call, pos: list, data) -> list[list] | None:
    """The positional arguments of `call` per element of the literal sequence of tuples its
    `for` visits, where they are the loop variable's items (`entry[0]`) or the names it unpacks
    into (`for prefix, view, name in ROUTES`); None for anything else (the loop unrolled up to
    LOOP_LIMIT elements)."""
    if not any(a.type in ("subscript", "identifier") for a in pos):
        return None
    loop = _enclosing_loop(call, data)
    if loop is None or not loop[1] or len(loop[1]) > LOOP_LIMIT:
        return None
    node, items = loop
    left = node.child_by_field_name("left")
    if left is None:
        return None
    names = [text(left, data)] if left.type == "identifier" else \
        [text(x, data) for x in left.named_children] \
        if left.type in ("pattern_list", "tuple_pattern") else []
    if not names or not all(x.type in ("tuple", "list") for x in items):
        return None
    out = []
    for item in items:
        elems = [x for x in item.named_children if x.type != "comment"]
        row, used = [], False
        for a in pos:
            got = None
            if a.type == "subscript" and len(names) == 1 and \
                    text(a.child_by_field_name("value"), data) == names[0]:
                sub = a.child_by_field_name("subscript")
                idx = text(sub, data) if sub is not None else ""
                if idx.isdigit() and int(idx) < len(elems):
                    got = elems[int(idx)]
            elif a.type == "identifier" and len(names) > 1 and text(a, data) in names and \
                    len(elems) == len(names):
                got = elems[names.index(text(a, data))]
            used = used or got is not None
            row.append(got if got is not None else a)
        if not used:
            return None
        out.append(row)
    return out


LOOP_LIMIT = 200  # elements of a literal sequence a registration loop is unrolled over


def _seq_items(seq, data, depth: int) -> list | None:
    """The elements a loop over `seq` visits: a list or tuple written out, the lists it nests
    through `itertools.chain(a, b)` or `chain.from_iterable([[...], [...]])`; None when that
    is not what `seq` is."""
    if depth > 3:
        return None
    if seq.type in ("list", "tuple"):
        return [x for x in seq.named_children if x.type != "comment"]
    if seq.type != "call":
        return None
    fn = text(seq.child_by_field_name("function"), data)
    parts = _positional(seq.child_by_field_name("arguments"), data)
    if fn.endswith("chain.from_iterable") and len(parts) == 1:
        parts = _seq_items(parts[0], data, depth + 1)  # the iterables, each chained in turn
    elif fn not in ("chain", "itertools.chain"):
        return None
    out: list = []
    for part in parts or ():
        inner = _seq_items(part, data, depth + 1)
        if inner is None:
            return None
        out.extend(inner)
    return out if parts is not None else None


def _module_value(ident, data):
    """The right-hand side of the module-level assignment of this name, if any."""
    root = ident
    while root.parent is not None:
        root = root.parent
    name = text(ident, data)
    for st in root.named_children:
        a = st.named_children[0] if st.type == "expression_statement" and st.named_children \
            else None
        if a is not None and a.type == "assignment" and \
                text(a.child_by_field_name("left"), data) == name:
            return a.child_by_field_name("right")
    return None


def _made_by_non_router(at, name: str, data) -> bool:
    """`name` is assigned, in the function (or module) around `at`, the result of a call to
    something that is not a router class (`assets_env = Environment(app)`): its `register(name,
    x)` is that object's own method (flask-assets bundles, a plugin registry), not DRF's
    `router.register(prefix, ViewSet)`. A receiver made nowhere in sight (imported, a
    parameter) keeps the DRF reading."""
    if "." in name:
        return False
    scope = at.parent
    while scope is not None and scope.type not in ("function_definition", "module"):
        scope = scope.parent
    if scope is None:
        return False
    made: list[str] = []
    while scope is not None and not made:
        # the function's own names first, then (a global the function uses) the module's
        stack = [scope]
        while stack:
            node = stack.pop()
            for c in node.named_children:
                if c.type in ("function_definition", "class_definition", "decorated_definition") \
                        and c is not scope:
                    continue
                if c.type == "assignment" and text(c.child_by_field_name("left"), data) == name:
                    right = c.child_by_field_name("right")
                    if right is not None and right.type == "call":
                        made.append(text(right.child_by_field_name("function"), data))
                    continue
                stack.append(c)
        if scope.type == "module":
            break
        while scope.parent is not None:
            scope = scope.parent
    return bool(made) and not any("router" in m.rsplit(".", 1)[-1].lower() for m in made)


_LOOKAROUND = re.compile(r"\(\?<?[=!][^()]*\)")


def _drf_register_shape(pos, kw, obj: str, data) -> bool:
    """Whether `obj.register(...)` can be DRF's `BaseRouter.register(prefix, viewset,
    basename=None)`: at most three positional arguments and no keyword but `basename` (or the
    old `base_name`), on a receiver that is not `super()` (a router subclass's own override),
    and a viewset that is not a function or a plain value of this module (DRF calls the class's
    `get_extra_actions()`): mistune's `md.inline.register("mention", PATTERN, parse, before=..)`
    and `md.renderer.register("mention", render_fn)`, pluggy's `register(plugin, name)` are
    other libraries' registries."""
    if obj.startswith("super(") or len(pos) > 3 or any(k not in ("basename", "base_name")
                                                       for k in kw):
        return False
    if b"rest_framework" not in data and b"Router" not in data and \
            "router" not in obj.lower():
        # no DRF router in sight (webassets' `assets.register('main_js', bundle)`, a plugin
        # registry): a router is made from a DRF class or named as one where it is used
        return False
    last = obj.rsplit(".", 1)[-1]
    if last == "site" or last.endswith("_site"):
        # Django's AdminSite.register(model, admin_class) (`admin.site.register(User,
        # UserAdmin)`): a model for the admin, no router's prefix
        return False
    view = pos[1]
    if view.type == "attribute":
        # a viewset is a class (`views.ActionViewSet`); a bound method (`self.record_view`, a
        # plugin hook registry's `hooks.register('after_body', self.record_view)`) or a
        # lower-case attribute is some other registry's callback
        vtext = text(view, data)
        if vtext.startswith(("self.", "cls.")):
            return False
        # (`views.productsViews` on a DRF router this module made, `router = DefaultRouter()`:
        # a viewset whatever its case)
        return vtext.rsplit(".", 1)[-1][:1].isupper() or (
            b"rest_framework" in data and re.search(
                rb"(?m)^" + re.escape(obj.encode()) + rb"[ \t]*=[ \t]*(?:[\w.]+\.)?\w*Router\(",
                data) is not None)
    if view.type != "identifier":
        return True
    name = text(view, data)
    root = view
    while root.parent is not None:
        root = root.parent
    for st in root.named_children:
        d = st.child_by_field_name("definition") if st.type == "decorated_definition" else st
        if d is not None and d.type == "function_definition" and \
                text(d.child_by_field_name("name"), data) == name:
            return False
    value = _module_value(view, data)
    return value is None or value.type not in ("string", "concatenated_string", "integer",
                                               "float", "list", "dictionary", "tuple")


def _as_view_of(view, at, data):
    """A view named by a module-level variable of the same urls.py (`user_list =
    UserViewSet.as_view({...})`): the call it was assigned, else the view as written."""
    if view.type != "identifier":
        return view
    right = _module_value(view, data)
    return right if right is not None and right.type == "call" else view


def _action_url_path(url_path: str | None) -> str | None:
    """An `@action(url_path=...)`: DRF puts it in the route's regex as written
    (rest_framework/routers.py `url_path` in `{url_path}`), so a regex group in it
    (`versions/(?P<version_id>\\d+)`) is a parameter: rendered as the path a client requests."""
    if url_path and ("(" in url_path or "\\" in url_path):
        from auditor.endpoints.frameworks.django_paths import regex_to_path

        return regex_to_path(url_path)
    return url_path


def django_path(route: str | None, fn: str, endpoint: bool = False) -> str | None:
    """The path a `path()` / `re_path()` / `url()` entry writes. An endpoint's regex that does
    not end in `$` is matched with `re.search` (django/urls/resolvers.py RegexPattern.match:
    fullmatch only `if self._is_endpoint and self.regex.pattern.endswith("$")`), so
    `re_path("", view)` and `url(r"^app/", view)` serve every path under theirs: written with
    a trailing `{path}`."""
    if route is None:
        return None
    if fn in ("re_path", "url"):
        from auditor.endpoints.frameworks.django_paths import regex_to_path

        open_ended = endpoint and not (route.endswith("$") and not route.endswith("\\$"))
        route = regex_to_path(route)
        if open_ended and route == "":
            # `re_path("", view)`, `re_path(r".*", view)`: the catch-all. One with a path of
            # its own (`re_path("^statistics/", view)`) is that path: what follows it is no
            # parameter the view is handed
            route += "{path}"
    return route


def _library_routes(conf: str):
    """(method, path, view class, guards, why a guard applies, extra) of each route a urlconf
    that Django (BUILTIN_URLCONFS: every method, the view's dispatch decorated) or a library
    (METHOD_URLCONFS: per method, guarded by its default permissions) adds under
    `include(conf)`."""
    for sub, short_cls, guards in BUILTIN_URLCONFS.get(conf, ()):
        cls = short_cls if "." in short_cls else \
            BUILTIN_VIEWS.get(conf, conf.rsplit(".", 1)[0] + ".views") + "." + short_cls
        yield ("ANY", sub, cls, list(guards), f"{cls} decorates its dispatch with {{g}} in "
               "Django's source (django/contrib/auth/views.py)", {})
    lib = conf.split(".", 1)[0]
    for method, sub, cls, guarded in METHOD_URLCONFS.get(conf, ()):
        yield (method, sub, cls, ["login_required"] if guarded else [],
               f"{cls} asks for an authenticated user in {lib}'s default permissions",
               {"username_field": True} if "username" in sub else {})


def _path_arg(node, data) -> list[str] | None:
    """The paths an argument writes out: a string literal that starts with "/" (or is empty),
    or a list/tuple of them; None for anything else."""
    if node is None:
        return None
    if node.type == "string":
        s = _s(node, data)
        return [s] if s is not None and (s == "" or s.startswith("/")) else None
    if node.type in ("list", "tuple"):
        items = [x for x in node.named_children if x.type != "comment"]
        got = [_path_arg(x, data) for x in items]
        if items and all(g is not None and len(g) == 1 for g in got):
            return [g[0] for g in got]
    return None


def _wrapper_call(n, data, ops) -> None:
    """A statement-level call of a function (of the tree, resolved by the replay) that is handed
    a path or a list of paths: if that function calls `<param>.add_url_rule(<param or each
    element of one>, view_func=<param>)` (Flask), the call registers those routes on the router
    it is handed (`interpret.Replay.url_rule_wrapper`)."""
    if n.parent is None or n.parent.type != "expression_statement":
        return
    args = n.child_by_field_name("arguments")
    pos, kw = _positional(args, data), _kwargs(args, data)
    if not any(_path_arg(a, data) is not None for a in list(pos) + list(kw.values())):
        _router_pass(n, pos, data, ops)
        return

    def arg(a) -> dict:
        out = {"text": text(a, data)[:200]}
        paths = _path_arg(a, data)
        if paths is not None:
            out["paths"] = paths
            out["list"] = a.type in ("list", "tuple")
        if a.type == "call":
            f = text(a.child_by_field_name("function"), data)
            if f.endswith(".as_view"):
                out["view_class"] = f.rsplit(".", 1)[0]
        if a.type in ("list", "tuple", "set") and _methods(a, data):
            out["methods"] = _methods(a, data)
        return out
    ops.append({"op": "wrapper_call", "scope": MODULE,
                "callee": text(n.child_by_field_name("function"), data),
                "args": [arg(a) for a in pos], "kw": {k: arg(v) for k, v in kw.items()},
                "line": n.start_point[0] + 1})


def _router_pass(n, pos, data, ops) -> None:
    """`main_feed.construct_main_feed_routes(rss_blueprint, datastore)`: a statement handing a
    router made in this file (a `new` op so far) to a function, which registers routes on
    its parameter (`@rss_blueprint.route(...)` inside it); the replay runs that function's
    work on the router handed (`interpret.Replay.py_pass`)."""
    made = {o["var"] for o in ops if o.get("op") == "new"}
    args = [text(a, data) if a.type == "identifier" else "" for a in pos]
    if not made.intersection(args):
        return
    fn = text(n.child_by_field_name("function"), data)
    if re.fullmatch(r"[A-Za-z_][\w.]*", fn):
        # the string literals it is handed (`register_routers(app, prefix="/api")`): the
        # function's prefixes may be its parameters
        strs = {str(i): v for i, a in enumerate(pos) if (v := _s(a, data)) is not None}
        strs.update({k: v for k, a in _kwargs(n.child_by_field_name("arguments"), data).items()
                     if (v := _s(a, data)) is not None})
        ops.append({"op": "py_pass", "scope": MODULE, "callee": fn, "args": args,
                    "line": n.start_point[0] + 1, **({"strs": strs} if strs else {})})


def _url_rule_wrapper(n, data, params: list[str]) -> dict | None:
    """A function that registers a Flask URL rule on a router it is handed:
    `def register_view(bp_or_app, routes, view_func, *args, **kwargs): for route in routes:
    bp_or_app.add_url_rule(route, view_func=view_func, *args, **kwargs)`. Which parameter is
    the router, which the rule (or the list of rules it loops over), which the view, which the
    methods; whether the caller's other keyword arguments reach add_url_rule (**kwargs)."""
    body = n.child_by_field_name("body")
    if body is None or data.find(b".add_url_rule(", n.start_byte, n.end_byte) < 0:
        return None
    names = list(params)
    for call in _calls_in(body):
        fn = call.child_by_field_name("function")
        if fn is None or fn.type != "attribute" or \
                text(fn.child_by_field_name("attribute"), data) != "add_url_rule":
            continue
        router = text(fn.child_by_field_name("object"), data)
        if router not in names:
            continue
        args = call.child_by_field_name("arguments")
        pos, kw = _positional(args, data), _kwargs(args, data)
        rule = kw.get("rule") or (pos[0] if pos else None)
        view = kw.get("view_func") or (pos[2] if len(pos) > 2 else None)
        if rule is None or view is None or view.type != "identifier" or \
                text(view, data) not in names:
            continue
        rname, each = text(rule, data), False
        if rule.type == "identifier" and rname not in names:
            loop = call.parent
            while loop is not None and loop is not body and loop.type != "for_statement":
                loop = loop.parent
            if loop is None or loop.type != "for_statement" or \
                    text(loop.child_by_field_name("left"), data) != rname:
                continue
            rname, each = text(loop.child_by_field_name("right"), data), True
            if rname not in names:
                continue
        elif rule.type != "identifier":
            continue
        out = {"router": router, "rule": rname, "each": each, "view": text(view, data),
               "params": names}
        methods = kw.get("methods")
        if methods is not None and methods.type == "identifier" and text(methods, data) in names:
            out["methods_param"] = text(methods, data)
        elif methods is not None:
            out["methods"] = _methods(methods, data)
        if any(a.type == "dictionary_splat" for a in (args.named_children if args else ())):
            out["forwards_kwargs"] = True
        return out
    return None


def _calls_in(node) -> list:
    """The call nodes below `node` (a function body: small), outer before inner."""
    out, stack = [], [node]
    while stack:
        cur = stack.pop()
        if cur.type == "call":
            out.append(cur)
        stack.extend(reversed(cur.named_children))
    return out


def _call(n, data, ops, classes, given_pos: list | None = None) -> None:
    fn = n.child_by_field_name("function")
    if _is_dispatcher(n, data):
        _wsgi_mounts(n, data, ops)
        return
    if fn is not None and fn.type == "identifier":
        _wrapper_call(n, data, ops)
        return
    if fn is not None and fn.type == "call":
        _decorator_applied(n, fn, data, ops)
        return
    if fn is None or fn.type != "attribute":
        return
    obj = text(fn.child_by_field_name("object"), data)
    attr = text(fn.child_by_field_name("attribute"), data)
    args = n.child_by_field_name("arguments")
    pos, kw = _positional(args, data), _kwargs(args, data)
    if given_pos is not None:
        pos = given_pos
    elif attr == "register" and (rows := _unrolled_args(n, pos, data)):
        # `for entry in ROUTES: router.register(entry[0], entry[1])` over a literal list of
        # tuples: one registration per element, as the loop makes at import
        for row in rows:
            _call(n, data, ops, classes, row)
        return
    if attr == "register" and "viewset" in kw and len(pos) < 2:
        # DRF `router.register(prefix=r"users", viewset=UserViewSet, basename="user")`: the
        # parameters of BaseRouter.register named
        head = pos[:1] or ([kw["prefix"]] if "prefix" in kw else [])
        if head:
            pos = [head[0], kw["viewset"]]
            kw = {k: v for k, v in kw.items() if k not in ("prefix", "viewset")}
    line = n.start_point[0] + 1
    if obj == "urlpatterns" and attr in ("append", "extend", "insert") and pos and \
            n.parent is not None and n.parent.type == "expression_statement" and \
            not _debug_only(n, data):
        # urlpatterns.append(path(...)) / .extend([...]) / .insert(0, path(...)), often under
        # `if settings.DEBUG:`: list methods on the module's urlpatterns (Django reads the
        # list when the URLconf is first resolved, after the module ran)
        item = pos[-1]
        if item.type == "call":
            _django_entry(item, data, ops)
        else:
            _django_list(item, "urlpatterns", data, ops)
        return
    # (the router or blueprint may be given by keyword: `include_router(router=api_router)`)
    given_child = pos[0] if pos else kw.get("router" if attr == "include_router" else "blueprint")
    rows = _loop_rows(n, data) if attr in ("include_router", "register_blueprint") and \
        given_child is not None and given_child.type == "identifier" else None
    if rows and text(given_child, data) in rows[0]:
        # `for m in [auth, users]: r = m.router; name = m.name; api.include_router(r,
        # prefix=f"/{name}")`: each module's router under its own `name` (resolved from the
        # module's constant where the prefix is read)
        for row in rows:
            pnode = kw.get("prefix" if attr == "include_router" else "url_prefix")
            ptext = text(pnode, data) if pnode is not None else ""
            for var, value in row.items():
                ptext = re.sub(r"(?<![\w.])" + re.escape(var) + r"(?![\w])", value, ptext)
            ops.append({"op": "mount", "scope": MODULE, "target": obj, "prefix": "",
                        "child": row[text(given_child, data)], "line": line,
                        "mw": _dep_names(kw.get("dependencies"), data),
                        **({"prefix_expr": ptext[:200]} if ptext else {})})
    elif attr in ("include_router", "register_blueprint") and given_child is not None:
        for child in _loop_values(n, given_child, data):
            if attr == "include_router":
                ops.append({"op": "mount", "scope": MODULE, "target": obj,
                            "prefix": _s(kw.get("prefix"), data) or "", "child": child,
                            "mw": _dep_names(kw.get("dependencies"), data), "line": line,
                            **_prefix_expr(kw.get("prefix"), data)})
                continue
            # Flask: a url_prefix given at registration replaces the blueprint's own
            # (None keeps it)
            given = "url_prefix" in kw and text(kw["url_prefix"], data) != "None"
            ops.append({"op": "mount", "scope": MODULE, "target": obj,
                        "prefix": _s(kw.get("url_prefix"), data) or "", "child": child,
                        "line": line, **_prefix_expr(kw.get("url_prefix"), data),
                        **({"replaces_prefix": True} if given else {})})
    elif attr == "init_app" and pos and "api" in obj.lower():
        # Flask-RESTful/RESTX/Smorest: api = Api(prefix=...); api.init_app(app)
        ops.append({"op": "mount", "scope": MODULE, "target": text(pos[0], data), "prefix": "",
                    "child": obj, "line": line, "framework": "flask", "optional_child": True})
    elif attr == "add_namespace" and pos:
        # (`for ns in namespaces: api.add_namespace(ns)`: each namespace of the list)
        for child in _loop_values(n, pos[0], data):
            ops.append({"op": "mount", "scope": MODULE, "target": obj,
                        "prefix": _s(kw.get("path"), data) if "path" in kw else None,
                        "child": child, "line": line, "framework": "flask"})
    elif attr == "add_resource" and (raw := [a for a in (args.named_children if args is not None
                                                       else ()) if a.type != "comment"]) and \
            all(a.type in ("identifier", "list_splat") for a in raw) and (table := _loop_table(
                n, {text(a.named_children[0] if a.type == "list_splat" and a.named_children
                         else a, data) for a in raw}, data)):
        # `for r in routes: api.add_resource(*r)`: every row of the module-level table
        ops.append({"op": "py_table_routes", "scope": MODULE, "target": obj, "table": table,
                    "line": line, "framework": "flask"})
    elif len(pos) >= 2 and (attr == "add_resource" or any(
            attr in (c.get("forwards_add_resource") or ()) for c in classes.values())):
        # (or a method of the tree's Api subclass that hands its arguments to add_resource)
        cls = text(pos[0], data)
        info = classes.get(cls.rsplit(".", 1)[-1], {})
        if info:
            _restx_resource(obj, cls, info, pos[1:], line, data, ops)
        else:  # the Resource lives in another module: the endpoints stage expands it
            for path_node in pos[1:]:
                ops.append({**_route(obj, "VIEW", path_node, cls, line, [], line, data, "flask"),
                            "extra": {"view_class": cls}})
    elif attr == "add_middleware" and pos:
        ops.append({"op": "use", "scope": MODULE, "target": obj, "prefix": None,
                    "mw": [text(pos[0], data)], "line": line, "outer_first": True})
    elif attr in ("add_api_route", "add_route", "add_api_websocket_route",
                  "add_websocket_route") and (len(pos) >= 2 or "endpoint" in kw or "route" in kw):
        # FastAPI add_api_route(path, endpoint, methods=...) (GET by default), Starlette
        # add_route(path, route, methods=...), add_(api_)websocket_route(path, endpoint)
        path_node = kw.get("path") or (pos[0] if pos else None)
        endpoint = kw.get("endpoint") or kw.get("route") or (pos[1] if len(pos) > 1 else None)
        if path_node is None or endpoint is None:
            return
        ws = "websocket" in attr
        methods = ["WS"] if ws else (_methods(kw.get("methods"), data) or ["GET"])
        for m in methods:
            op = _route(obj, m, path_node, text(endpoint, data), endpoint.start_point[0] + 1,
                        _dep_names(kw.get("dependencies"), data), line, data, "fastapi")
            if attr == "add_route" or ws:
                op["extra"] = {"no_options": True}
            ops.append(op)
    elif attr == "mount" and len(pos) + len(kw) >= 2:
        # Starlette/FastAPI app.mount("/v1", sub_app): the sub-application's routes below it;
        # StaticFiles(...) and other ASGI apps built inline serve files, not routes
        path_node = kw.get("path") or (pos[0] if pos else None)
        child = kw.get("app") or (pos[1] if len(pos) > 1 else None)
        if path_node is not None and child is not None and child.type in ("identifier",
                                                                          "attribute"):
            ops.append({"op": "mount", "scope": MODULE, "target": obj,
                        "prefix": _s(path_node, data) or "", "child": text(child, data),
                        "line": line, "optional_child": True, **_prefix_expr(path_node, data)})
    elif attr == "add_url_rule" and pos:
        view = kw.get("view_func") or (pos[2] if len(pos) > 2 else None)
        if view is None:
            return
        if view.type == "identifier" and (kw.get("rule") or pos[0]).type == "identifier":
            fdef = n.parent
            while fdef is not None and fdef.type != "function_definition":
                fdef = fdef.parent
            if fdef is not None and _url_rule_wrapper(fdef, data, _param_names(fdef, data)):
                return  # a wrapper's own call: its callers' routes (Replay.url_rule_wrapper)
        methods = _methods(kw.get("methods"), data)
        vtext = text(view, data)
        if view.type == "call" and vtext.split("(")[0].endswith(".as_view"):
            cls = vtext.split("(")[0].rsplit(".", 1)[0]
            info = classes.get(cls.rsplit(".", 1)[-1], {})
            if not info:  # defined in another module: expanded by the endpoints stage
                ops.append({**_route(obj, "VIEW", pos[0], cls, line, [], line, data, "flask"),
                            "extra": {"view_class": cls}})
                return
            served = [m for m in info.get("methods", []) if m in HTTP_METHOD_NAMES]
            own = "dispatch_request" in info.get("methods", [])  # (answers what it declares)
            for m in served:
                ops.append(_route(obj, m.upper(), pos[0],
                                  f"{cls}.{'dispatch_request' if own else m}", line,
                                  list(info.get("perm", [])) +
                                  list(info.get("method_decos", {}).get(m, [])),
                                  line, data, "flask"))
            if not served and own:
                # a flask.views.View without `methods`: add_url_rule routes GET only
                ops.append(_route(obj, "GET", pos[0], f"{cls}.dispatch_request", line,
                                  list(info.get("perm", [])), line, data, "flask"))
            return
        for m in methods or ["GET"]:
            ops.append(_route(obj, m, pos[0], vtext, line, [], line, data, "flask"))
    elif attr == "register" and (chained := _registry_chain(n, data)) is not None:
        # drf-extensions: `router.register("pages", PageViewSet).register("posts", PostViewSet,
        # parents_query_lookups=["page_id"])` registers the second below the first
        obj, prefix = chained
        view = text(pos[1], data) if len(pos) >= 2 else text(kw.get("viewset"), data) \
            if kw.get("viewset") is not None else ""
        if view and prefix is not None:
            ops.append({"op": "route", "scope": MODULE, "target": obj, "method": "VIEWSET",
                        "path": prefix, "path_text": text(pos[0], data) if pos else "",
                        "handler": view, "handler_line": line, "mw": [], "line": line,
                        "framework": "django", "extra": {"view_class": view}})
    elif attr == "register" and obj and len(pos) >= 2 and not _made_by_non_router(n, obj, data) \
            and _drf_register_shape(pos, kw, obj, data):
        # DRF: router.register(r"users", UserViewSet)
        prefix = _s(pos[0], data)
        if prefix:
            # the prefix is a regular expression (`^{prefix}/$`): its zero-width assertions
            # (`(?<!learner-)subscriptions`) match no character of the URL
            prefix = _LOOKAROUND.sub("", prefix)
            if any(c in prefix for c in "(\\["):
                # `(?P<post_id>\d+)/comments`: a nested resource written as a regex (no
                # nested-router library): the path a client requests, as a re_path's is
                from auditor.endpoints.frameworks.django_paths import regex_to_path

                prefix = regex_to_path(prefix)
        view = text(pos[1], data)
        info = classes.get(view.rsplit(".", 1)[-1], {})
        base = "/".join(x for x in [(prefix or "").strip("/")] if x)
        if not info or info.get("actions") or info.get("lookup_field") or not any(
                b.endswith(("ModelViewSet", "ReadOnlyModelViewSet")) for b in info["bases"]):
            # the class (or its bases) may live in another module: the endpoints stage expands
            # the router's routes from every class the scan saw (`django_views`)
            ops.append({"op": "route", "scope": MODULE, "target": obj, "method": "VIEWSET",
                        "path": base if prefix is not None else None,
                        "path_text": text(pos[0], data), "handler": view, "handler_line": line,
                        "mw": [], "line": line, "framework": "django",
                        "extra": {"view_class": view}})
            return
        for method, suffix, action in VIEWSET_ACTIONS:
            if info and action not in info.get("methods", []) and not any(
                    b.endswith(("ModelViewSet", "ReadOnlyModelViewSet")) for b in info["bases"]):
                continue
            if info and any(b.endswith("ReadOnlyModelViewSet") for b in info["bases"]) \
                    and method not in ("GET",):
                continue
            if info.get("http_method_names") and method not in info["http_method_names"]:
                continue
            ops.append({"op": "route", "scope": MODULE, "target": obj, "method": method,
                        "path": (base + "/" + suffix) if prefix is not None else None,
                        "path_text": text(pos[0], data), "handler": f"{view}.{action}",
                        "handler_line": line, "mw": list(info.get("perm", [])), "line": line,
                        "framework": "django", "extra": {"view_class": view}})
    elif attr not in ("register", "route", "get", "post", "put", "patch", "delete",
                      "api_route", "websocket", "add_url_rule", "add_resource", "include",
                      "path", "re_path", "url"):
        _wrapper_call(n, data, ops)  # `helpers.register_view(bp, routes=[...], view_func=...)`


# a settings module or a constants module that may hold a route prefix
_VALUE_WORDS = re.compile(rb"(?i)prefix|_str\b|_path\b|base_?url|root_path|BaseSettings|"
                          rb"\bField\(|getenv|environ|\bapi|version|route|pattern|regex")


def _values_only(tree, data, ops) -> None:
    """Module constants and settings-class defaults of a file that registers no route: the
    prefixes other modules name (`settings.API_V1_STR`, `API_PREFIX`)."""
    for n in nodes_of(tree, ("assignment",)):
        parent = n.parent
        if parent is None or parent.type != "expression_statement" or parent.parent is None:
            continue
        where = parent.parent
        if where.type == "module":
            _assignment(n, data, ops)
        elif where.type == "block" and where.parent is not None and \
                where.parent.type == "class_definition":
            left, right = n.child_by_field_name("left"), n.child_by_field_name("right")
            value = _default_value(right, data) if left is not None else None
            typ = _nested_settings_type(n, right, data) if left is not None and value is None \
                else None
            if value is not None or typ is not None:
                name = text(where.parent.child_by_field_name("name"), data)
                ops.append({"op": "class", "name": name, "bases": [], "methods": [], "perm": [],
                            "decorators": [], "line": where.parent.start_point[0] + 1,
                            **({"attrs": {text(left, data): value}} if value is not None else
                               {"attr_types": {text(left, data): typ}})})


def _alias_refs(tree, data, ops) -> None:
    """Module-level `ViewNode: type[User] = require_scopes(...)` of a file that registers no
    route: a type alias a route's parameter may be annotated with (`user: scopes.ViewNode`),
    a dependency when the function returns `Annotated[T, Depends(...)]`. CapWords names only,
    as type aliases are written."""
    for st in tree.root_node.named_children if hasattr(tree, "root_node") else tree.named_children:
        a = st.named_children[0] if st.type == "expression_statement" and st.named_children \
            else None
        if a is None or a.type != "assignment":
            continue
        left, right = a.child_by_field_name("left"), a.child_by_field_name("right")
        if left is None or right is None or left.type != "identifier" or right.type != "call":
            continue
        var = text(left, data)
        f = text(right.child_by_field_name("function"), data)
        if var[:1].isupper() and not var.isupper() and re.fullmatch(r"[A-Za-z_][\w.]*", f):
            ops.append({"op": "dep_alias_ref", "name": var, "ref": f.rsplit(".", 1)[-1] + "()",
                        "line": a.start_point[0] + 1})


def _annotation_names(params, data) -> list[str]:
    """`annot:X` for every parameter annotated with a plain name X: X may be a dependency
    alias (`CurrentUser = Annotated[User, Depends(get_current_user)]`, often in another
    module), which the endpoints stage expands; names that are not aliases are dropped."""
    out = []
    for p in (params.named_children if params is not None else ()):
        if p.type in ("typed_parameter", "typed_default_parameter"):
            t = p.child_by_field_name("type")
            if t is not None and t.named_child_count == 1 and t.type == "type":
                t = t.named_children[0]
            if t is not None and t.type == "identifier":
                out.append("annot:" + text(t, data))
            elif t is not None and t.type == "attribute":  # `user: scopes.ViewNode`
                out.append("annot:" + text(t.child_by_field_name("attribute"), data))
            elif t is not None and t.type == "call":  # `user: require_scopes(Scopes.X)`
                f = text(t.child_by_field_name("function"), data)
                if re.fullmatch(r"[A-Za-z_][\w.]*", f):
                    out.append("annot:" + f.rsplit(".", 1)[-1] + "()")
    return out


def _prefix_expr(node, data) -> dict:
    """A prefix that is not a literal, for the endpoints stage to resolve (`values.Values`);
    one built from locals of the function it is written in (`BASE_PATH = f"{prefix}/api/{V}"`
    with `V = "v1"` and the parameter `prefix=""`) is computed here, a parameter taken at its
    default."""
    if node is None or _s(node, data) is not None:
        return {}
    local = _local_value(node, data)
    if local is not None:
        return {"prefix": local}
    return {"prefix_expr": text(node, data)[:200]}


def _local_value(node, data, depth: int = 0, fn=None) -> str | None:
    """The string value of an expression made of literals, f-strings, `+` and names the
    enclosing function assigns once before it (or takes as a parameter with a string default);
    None for anything else."""
    if node is None or depth > 6:
        return None
    if fn is None:
        fn = node.parent
        while fn is not None and fn.type not in ("function_definition", "module"):
            fn = fn.parent
        if fn is None or fn.type != "function_definition":
            return None
    s = _s(node, data)
    if s is not None:
        return s
    if node.type == "string" and any(c.type == "interpolation" for c in node.named_children):
        out = []
        for c in node.named_children:
            if c.type == "string_content":
                out.append(text(c, data))
            elif c.type == "interpolation":
                e = c.named_children[0] if c.named_children else None
                v = _local_value(e, data, depth + 1, fn) if e is not None and \
                    e.type == "identifier" and len(c.named_children) == 1 else None
                if v is None:
                    return None
                out.append(v)
            elif c.type not in ("string_start", "string_end"):
                return None
        return "".join(out)
    if node.type == "binary_operator" and text(node.child_by_field_name("operator"), data) == "+":
        a = _local_value(node.child_by_field_name("left"), data, depth + 1, fn)
        b = _local_value(node.child_by_field_name("right"), data, depth + 1, fn)
        return a + b if a is not None and b is not None else None
    if node.type != "identifier":
        return None
    name = text(node, data)
    body = fn.child_by_field_name("body")
    found = []
    for st in (body.named_children if body is not None else ()):
        if st.start_byte >= node.start_byte:
            break
        a = st.named_children[0] if st.type == "expression_statement" and st.named_children \
            else None
        if a is not None and a.type == "assignment" and \
                text(a.child_by_field_name("left"), data) == name:
            found.append(a.child_by_field_name("right"))
    if len(found) == 1:
        return _local_value(found[0], data, depth + 1, fn)
    if found:
        return None
    params = fn.child_by_field_name("parameters")
    for p in (params.named_children if params is not None else ()):
        if p.type == "default_parameter" and text(p.child_by_field_name("name"), data) == name:
            return _s(p.child_by_field_name("value"), data)
    return None


def _methods(node, data) -> list[str]:
    if node is None or node.type not in ("list", "tuple", "set"):
        return []
    return [s.upper() for s in (_s(x, data) for x in node.named_children) if s]


def _route(obj, method, path_node, handler, hline, mw, line, data, fw) -> dict:
    return {"op": "route", "scope": MODULE, "target": obj, "method": method,
            "path": _s(path_node, data), "path_text": text(path_node, data)[:200],
            "handler": handler, "handler_line": hline, "mw": list(mw), "line": line,
            "framework": fw}


def _decorated(n, data, ops, name: str) -> None:
    d = n.child_by_field_name("definition")
    if d is None:
        return
    decos = [c for c in n.children if c.type == "decorator"]
    if d.type == "class_definition":
        # Flask-RESTX: @ns.route("/path") on a Resource class
        for deco in decos:
            expr = deco.named_children[0] if deco.named_children else None
            if expr is None or expr.type != "call":
                continue
            fn = expr.child_by_field_name("function")
            if fn is None or fn.type != "attribute" or \
                    text(fn.child_by_field_name("attribute"), data) != "route":
                continue
            pos = _positional(expr.child_by_field_name("arguments"), data)
            if pos:
                _restx_resource(text(fn.child_by_field_name("object"), data),
                                text(d.child_by_field_name("name"), data), _class_info(d, data),
                                pos, deco.start_point[0] + 1, data, ops)
        return
    others = []
    routes = []
    for deco in decos:
        expr = deco.named_children[0] if deco.named_children else None
        if expr is None:
            continue
        if expr.type == "call":
            fn = expr.child_by_field_name("function")
            args = expr.child_by_field_name("arguments")
            ftext = text(fn, data)
            if fn.type == "attribute":
                obj = text(fn.child_by_field_name("object"), data)
                attr = text(fn.child_by_field_name("attribute"), data)
                path_node, found, deps = _route_decorator(attr, args, data)
                if found:
                    routes.extend((obj, m, path_node, deps, deco, kind) for m, kind in found)
                    continue
                if attr == "middleware":
                    ops.append({"op": "use", "scope": MODULE, "target": obj, "prefix": None,
                                "mw": [name], "line": deco.start_point[0] + 1,
                                "outer_first": True})
                    continue
            elif fn.type == "identifier":
                pos, kw = _positional(args, data), _kwargs(args, data)
                rule = _s(pos[1], data) if len(pos) >= 2 and pos[0].type == "identifier" else None
                if rule is not None and rule.startswith("/"):
                    # `@route(bp, "/stores", methods=["POST"])`: a project's decorator factory
                    # handed the blueprint and the rule; a route where the replay finds that
                    # function forwarding them to `bp.route(*args, **kwargs)` (route_factory)
                    for m in _methods(kw.get("methods"), data) or ["GET"]:
                        routes.append((text(pos[0], data), m, pos[1], [], deco,
                                       "factory:" + ftext))
                    continue
            others.extend((deco, x) for x in _deco_names(expr, data))
        else:
            etext = text(expr, data)
            if etext.endswith((".before_request", ".before_app_request")):
                # the hook registered is the function as the decorators below this one made it
                # (`@api.before_request` over `@auth.login_required`: the login check runs
                # before the hook's body, flask_httpauth rejecting a request without one)
                below = [m for x in decos[decos.index(deco) + 1:] if x.named_children
                         for m in _deco_names(x.named_children[0], data)]
                # (`@jwt_required(optional=True)` under it: the hook loads whoever sends a
                # token for every view and refuses nobody; the views decide what they need)
                below = [m for m in below if "optional=True" not in m.replace(" ", "")]
                ops.append({"op": "use", "scope": MODULE, "target": etext.rsplit(".", 1)[0],
                            "prefix": None, "mw": [*below, name],
                            "line": deco.start_point[0] + 1})
                continue
            others.append((deco, etext))
    if not routes:
        return
    params = d.child_by_field_name("parameters")
    param_deps = _dep_names(params, data) + _annotation_names(params, data)
    body = d.child_by_field_name("body")
    if body is not None and b"verify_jwt_in_request" in data[body.start_byte:body.end_byte]:
        # flask_jwt_extended's guard called in the view: verify_jwt_in_request(optional=True)
        for c in walk(body):
            if c.type == "call" and text(c.child_by_field_name("function"), data).rsplit(
                    ".", 1)[-1] == "verify_jwt_in_request":
                param_deps += _deco_names(c, data)
                break
    owner = _class_attr_owner(n, data)
    for obj, method, path_node, deps, deco, kind in routes:
        if obj.split(".", 1)[0] in owner[1]:
            # `class Api: router = APIRouter(); @router.get(...)`: in a class body the name is
            # the class attribute (the router `_assignment` records as `Api.router`)
            obj = f"{owner[0]}.{obj}"
        fw = "fastapi" if kind in ("fastapi?", "websocket") else "flask"
        if kind in ("route",) and "api_route" in text(deco, data):
            fw = "fastapi"
        # the route decorator registers the function as the decorators below it made it
        # (Flask's `route` and FastAPI's `api_route` return it unchanged): one written above
        # wraps a function no request reaches through this route
        at = decos.index(deco)
        below = [x for o, x in others if decos.index(o) > at]
        above = [(x, o.start_point[0] + 1) for o, x in others if decos.index(o) < at]
        op = _route(obj, method, path_node, name, d.start_point[0] + 1,
                    deps + param_deps + below, deco.start_point[0] + 1, data, fw)
        op["extra"] = {"node_hint": d.start_point[0] + 1, "deco_hint": n.start_point[0] + 1,
                       "fw_guess": "route" if kind.startswith("factory:") else kind}
        if above:
            op["extra"]["dead"] = [
                (x, ln, f"it decorates the view above the route decorator (line "
                        f"{deco.start_point[0] + 1}), which registered the function undecorated")
                for x, ln in above]
        if kind.startswith("factory:"):
            op["via_factory"] = kind[len("factory:"):]
        cbv = _cbv_class(n, obj, data)
        if cbv:
            op["extra"]["cbv_class"] = cbv
        ops.append(op)


def _route_decorator(attr: str, args, data) -> tuple:
    """(the path node, [(method, kind)], dependencies) of a route decorator's call
    `<router>.<attr>(args)`: FastAPI's and Flask 2's method shortcuts ("fastapi?", told apart
    by the router at replay), `websocket`, and `route` / `api_route` with their `methods`;
    ([], no path) for anything else. The path may be given by keyword: `@router.get(path="/x")`
    (FastAPI's and Starlette's parameter), `@bp.route(rule="/x")` (Flask's)."""
    pos, kw = _positional(args, data), _kwargs(args, data)
    if not pos and (kw.get("path") or kw.get("rule")) is not None:
        pos = [kw.get("path") or kw.get("rule")]
    if not pos:
        return None, [], []
    if attr in FASTAPI_METHODS:
        found = [(attr.upper(), "fastapi?")]
    elif attr in ("websocket", "websocket_route"):  # FastAPI/Starlette
        found = [("WS", "websocket")]
    elif attr in ("route", "api_route"):
        found = [(m, "route") for m in _methods(kw.get("methods"), data) or ["GET"]]
    else:
        return None, [], []
    return pos[0], found, _dep_names(kw.get("dependencies"), data)


def _decorator_applied(n, inner, data, ops) -> None:
    """`bp.post("/login")(login_user)`, `app.route("/x", methods=[...])(view)`,
    `router.get("/items")(list_items)`: a route decorator is a function that registers what it
    is called with, so calling it on a view (often one imported from a controllers package) is
    the decorated form written out."""
    fn = inner.child_by_field_name("function")
    outer = [a for a in (n.child_by_field_name("arguments").named_children
                         if n.child_by_field_name("arguments") is not None else ())
             if a.type != "comment"]
    if fn is None or fn.type != "attribute" or len(outer) != 1 or \
            outer[0].type not in ("identifier", "attribute"):
        return
    obj = text(fn.child_by_field_name("object"), data)
    attr = text(fn.child_by_field_name("attribute"), data)
    path_node, found, deps = _route_decorator(attr, inner.child_by_field_name("arguments"), data)
    view = outer[0]
    line = n.start_point[0] + 1
    for method, kind in found:
        fw = "fastapi" if kind in ("fastapi?", "websocket") or attr == "api_route" else "flask"
        op = _route(obj, method, path_node, text(view, data), view.start_point[0] + 1, deps,
                    line, data, fw)
        op["extra"] = {"fw_guess": kind}
        ops.append(op)


def _is_dispatcher(n, data) -> bool:
    fn = n.child_by_field_name("function")
    return fn is not None and fn.type in ("identifier", "attribute") and \
        text(fn, data).rsplit(".", 1)[-1] == "DispatcherMiddleware"


def _wsgi_mounts(n, data, ops) -> None:
    """werkzeug's `DispatcherMiddleware(app, {"/api": api.create_app()})`: each mounted WSGI
    app serves its routes under its prefix (the middleware moves the prefix into SCRIPT_NAME).
    The app is named by the module that builds it (`api.create_app()`, `api.app`)."""
    args = n.child_by_field_name("arguments")
    pos, kw = _positional(args, data), _kwargs(args, data)
    mounts = kw.get("mounts") or (pos[1] if len(pos) > 1 else None)
    if mounts is None or mounts.type != "dictionary":
        return
    out = []
    for pair in mounts.named_children:
        if pair.type != "pair":
            continue
        prefix = _s(pair.child_by_field_name("key"), data)
        value = pair.child_by_field_name("value")
        if prefix is None or value is None:
            continue
        head = value.child_by_field_name("function") if value.type == "call" else value
        expr = text(head, data) if head is not None else ""
        if re.fullmatch(r"[A-Za-z_][\w.]*", expr):
            out.append({"prefix": prefix, "app": expr})
    if out:
        ops.append({"op": "wsgi_mounts", "mounts": out, "line": n.start_point[0] + 1})


def _route_factory(n, data, ops) -> None:
    """A module-level decorator factory that registers the function it decorates on the router
    it is handed: `def route(bp, *args, **kwargs): def decorator(f): @bp.route(*args,
    **kwargs) @login_required def wrapper(...): ...` (the route_factory op: which parameter is
    the router, and the decorators below `bp.route` in it, which run before the view)."""
    params = _param_names(n, data)
    body = n.child_by_field_name("body")
    if not params or body is None or data.find(b".route(", n.start_byte, n.end_byte) < 0:
        return
    for dd in walk(body):
        if dd.type != "decorated_definition":
            continue
        decos = [c for c in dd.children if c.type == "decorator"]
        for i, deco in enumerate(decos):
            expr = deco.named_children[0] if deco.named_children else None
            fn = expr.child_by_field_name("function") if expr is not None and \
                expr.type == "call" else None
            if fn is None or fn.type != "attribute" or \
                    text(fn.child_by_field_name("attribute"), data) != "route":
                continue
            router = text(fn.child_by_field_name("object"), data)
            args = text(expr.child_by_field_name("arguments"), data).replace(" ", "")
            if router not in params or "*args" not in args:
                continue
            below = [m for x in decos[i + 1:] if x.named_children
                     for m in _deco_names(x.named_children[0], data)
                     if not m.split("(", 1)[0].endswith("wraps")]
            ops.append({"op": "route_factory", "name": text(n.child_by_field_name("name"), data),
                        "router": params.index(router), "mw": below,
                        "line": n.start_point[0] + 1})
            return


def _cbv_class(n, router: str, data) -> str:
    """The class a route method belongs to when that class is a class-based view of `router`
    (`@cbv(router)` of fastapi-utils / fastapi-restful, or a project's own decorator called with
    the router): its `x = Depends(...)` attributes run before every route of the class."""
    block = n.parent
    cls = block.parent if block is not None and block.type == "block" else None
    if cls is None or cls.type != "class_definition" or cls.parent is None or \
            cls.parent.type != "decorated_definition":
        return ""
    for deco in cls.parent.named_children:
        expr = deco.named_children[0] if deco.type == "decorator" and deco.named_children else None
        if expr is not None and expr.type == "call" and any(
                text(a, data) == router for a in _positional(expr.child_by_field_name("arguments"),
                                                              data)):
            return text(cls.child_by_field_name("name"), data)
    return ""
