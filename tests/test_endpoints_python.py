"""Python routes as FastAPI, Flask, Django and DRF really register them (fixtures under
fixtures/endpoints/python-field, one small app per family of constructs):

- FastAPI: prefixes from pydantic settings defaults (`Field("/v1")`), concatenated and in
  f-strings, getenv defaults; nested include_router; add_api_route by keyword; websocket routes
  (WS); a sub-application mounted with app.mount; routers included in a loop; auth through
  dependencies of dependencies and dependencies returning Optional; routes of tests left out.
- Flask: a url_prefix given to register_blueprint replaces the blueprint's own, also for nested
  blueprints; Flask-RESTful Api(prefix=...) + init_app; decorators on Resource methods; a View
  answering `methods = [...]`; flask_jwt_extended optional guards; a routes module that never
  names flask; flask-smorest MethodView classes.
- Django/DRF: DEFAULT_PERMISSION_CLASSES, @api_view / @require_http_methods methods,
  @permission_classes, ViewSet.as_view({...}) maps, url() regexes, include() of a module-level
  list and of django.contrib.auth.urls, a view wrapped in login_required in urls.py.
"""
from __future__ import annotations

from pathlib import Path

import pytest

from conftest import assert_routes, scan

FIX = Path(__file__).resolve().parent.parent / "fixtures" / "endpoints" / "python-field"

EXPECTED = {
    "fastapi-settings": {
        ("GET", "/api/v1/items/{item_id}", "none"), ("PATCH", "/api/v1/items/{item_id}", "none"),
        ("GET", "/api/v1/users/me", "required"),
        ("GET", "/api/v1/users/{user_id}", "optional"),  # Optional[...] from a lenient scheme
        ("DELETE", "/api/v1/users/{user_id}", "required"),
        ("POST", "/api/v1/users/bulk", "none"), ("PUT", "/api/v1/users/bulk", "none"),
        ("WS", "/api/v1/users/ws", "none"), ("WS", "/live", "none"),
        ("GET", "/api/v1/users/articles/{slug}", "optional"),  # a dependency's dependency
        ("GET", "/api/v1/users/strict/me", "required"),  # Optional, but its scheme rejects
        ("GET", "/admin/stats", "none"), ("GET", "/api/health", "none"),
        ("GET", "/sub/ping", "none"),
    },
    "fastapi-router-loop": {
        ("GET", "/api/a/", "none"), ("POST", "/api/b", "none"), ("GET", "/v2/a/", "none"),
    },
    "flask-blueprints": {
        ("GET", "/rest/todos", "none"), ("POST", "/rest/todos", "required"),
        ("GET", "/rest/todos/<int:todo_id>", "required"),
        ("DELETE", "/rest/todos/<int:todo_id>", "required"),
        ("GET", "/items/<int:id>", "required"), ("PUT", "/items/<int:id>", "required"),
        ("GET", "/admin/report", "none"), ("POST", "/admin/report", "none"),
        ("GET", "/admin/dash", "required"),
        ("GET", "/api/v2/posts", "optional"), ("POST", "/api/v2/posts", "optional"),
        ("GET", "/api/v2/me", "required"), ("GET", "/api/v2/feed", "optional"),
        ("DELETE", "/api/v2/posts/<int:pid>", "required"),
        ("GET", "/api/v2/one/ping", "none"), ("DELETE", "/api/v2/extra", "none"),
    },
    "flask-smorest": {
        ("GET", "/pets/", "none"), ("POST", "/pets/", "none"), ("GET", "/pets/<pet_id>", "none"),
    },
    "django-drf": {
        # DefaultRouter + ModelViewSet with IsAuthenticatedOrReadOnly and an @action; its reads
        # never look at the user (no method or serializer reads request.user): open
        ("GET", "/api/articles/", "none"), ("POST", "/api/articles/", "required"),
        ("GET", "/api/articles/{pk}/", "none"), ("PUT", "/api/articles/{pk}/", "required"),
        ("PATCH", "/api/articles/{pk}/", "required"),
        ("DELETE", "/api/articles/{pk}/", "required"),
        ("POST", "/api/articles/{pk}/favorite/", "required"),
        ("DELETE", "/api/articles/{pk}/favorite/", "required"),
        ("GET", "/api/tags/", "none"),
        # no permission_classes: the settings' DEFAULT_PERMISSION_CLASSES (IsAuthenticated)
        ("GET", "/api/articles/{slug}/comments", "required"),
        ("POST", "/api/articles/{slug}/comments", "required"),
        ("GET", "/api/ping/", "none"),
        ("GET", "/api/dash/", "required"), ("POST", "/api/dash/", "required"),
        ("GET", "/api/hello/", "none"), ("POST", "/api/hello/", "none"),
        ("GET", "/api/hello2/", "required"),
        ("POST", "/api/submit/", "none"),
        ("GET", "/api/edit/<int:pk>/", "required"), ("PUT", "/api/edit/<int:pk>/", "required"),
        ("GET", "/api/users/", "required"), ("GET", "/api/users/<int:pk>/", "required"),
        ("GET", "/api/users2/", "required"), ("POST", "/api/users2/", "required"),
        ("GET", "/api/v2/profiles/{username}", "none"),
        ("GET", "/api/v2/x/{arg1}/", "none"), ("POST", "/api/v2/x/{arg1}/", "none"),
        ("GET", "/me/dash/", "required"), ("POST", "/me/dash/", "required"),
        # library views that define only `post`: a subclass of DRF's ObtainAuthToken, and
        # simplejwt's TokenRefreshView used as it is
        ("POST", "/api/token/", "none"), ("POST", "/api/jwt/refresh/", "none"),
        # include("django.contrib.auth.urls")
        ("GET", "/accounts/login/", "none"), ("POST", "/accounts/login/", "none"),
        ("PUT", "/accounts/login/", "none"), ("ANY", "/accounts/logout/", "none"),
        ("GET", "/accounts/password_change/", "required"),
        ("POST", "/accounts/password_change/", "required"),
        ("PUT", "/accounts/password_change/", "required"),
        ("GET", "/accounts/password_change/done/", "required"),
        ("GET", "/accounts/password_reset/", "none"), ("POST", "/accounts/password_reset/", "none"),
        ("PUT", "/accounts/password_reset/", "none"),
        ("GET", "/accounts/password_reset/done/", "none"),
        ("GET", "/accounts/reset/<uidb64>/<token>/", "none"),
        ("POST", "/accounts/reset/<uidb64>/<token>/", "none"),
        ("PUT", "/accounts/reset/<uidb64>/<token>/", "none"),
        ("GET", "/accounts/reset/done/", "none"),
    },
}


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_python_routes_methods_and_auth(name):
    got = {(e.method, e.path, e.auth) for e in scan(FIX / name).endpoints if not e.implicit}
    want = EXPECTED[name]
    assert got == want, f"missed {sorted(want - got)}\nextra {sorted(got - want)}"


def test_settings_field_defaults_resolve_prefixes():
    res = scan(FIX / "fastapi-settings")
    assert not [u for u in res.unresolved_routes
                if "prefix" in u["reason"] or "run time" in u["reason"]], res.unresolved_routes


def test_decorator_names_keep_optional_arguments():
    import tree_sitter
    import tree_sitter_python

    from auditor.endpoints.frameworks.python import _deco_methods, _deco_names
    from auditor.index.walk import walk

    parser = tree_sitter.Parser(tree_sitter.Language(tree_sitter_python.language()))
    src = (b"@jwt_required(optional=True)\n@permission_classes([AllowAny, IsAdmin])\n"
           b"@api_view(['GET', 'POST'])\n@require_POST\ndef f(): pass\n")
    tree = parser.parse(src)
    decos = [n.named_children[0] for n in walk(tree.root_node) if n.type == "decorator"]
    names = [x for d in decos for x in _deco_names(d, src)]
    assert names == ["jwt_required(optional=True)", "AllowAny", "IsAdmin", "api_view",
                     "require_POST"]
    assert [_deco_methods(d, src) for d in decos] == [None, None, ["GET", "POST"], ["POST"]]


# Each framework's own auth in its usual places: a FastAPI router's dependencies and a route's
# Depends, Flask-Login and a project decorator that rejects, DRF permission_classes
AUTH_FORMS = {
    "fastapi": {("GET", "/open", "none"), ("GET", "/secure/me", "required"),
                ("POST", "/items", "required")},
    "flask": {("GET", "/hello", "none"), ("GET", "/profile", "required"),
              ("POST", "/keys", "required")},
    "drf": {("GET", "/api/items/", "required"), ("POST", "/api/items/", "required"),
            ("GET", "/api/ping/", "none")},
    # LoginRequiredMixin; a ViewSet's permission_classes, replaced for one @action by its own
    "django": {("GET", "/dashboard/", "required"), ("GET", "/api/notes/", "required"),
               ("POST", "/api/notes/", "required"), ("GET", "/api/notes/{pk}/", "required"),
               ("PUT", "/api/notes/{pk}/", "required"), ("PATCH", "/api/notes/{pk}/", "required"),
               ("DELETE", "/api/notes/{pk}/", "required"), ("GET", "/api/notes/public/", "none")},
    # Flask-RESTful method_decorators on a Resource
    "restful": {("GET", "/api/todos/<int:todo_id>", "required"),
                ("DELETE", "/api/todos/<int:todo_id>", "required"), ("GET", "/api/health", "none")},
}


@pytest.mark.parametrize("fw", sorted(AUTH_FORMS))
def test_auth_forms(fw):
    assert_routes(FIX / "auth-forms" / fw, AUTH_FORMS[fw])
