"""missing-auth on evidence: siblings of the same resource that require auth, administrative
paths, and one finding for an application with no authentication at all."""
from __future__ import annotations

from auditor.checks.access import Siblings, resource_of
from auditor.model import Endpoint


def ep(method: str, path: str, auth: str = "none") -> Endpoint:
    return Endpoint(method, path, "express", {"name": "h", "file": "a.js", "line": 1},
                    {"file": "a.js", "line": 1}, authenticated=auth == "required", auth=auth)


def test_resource_of_drops_trailing_parameters():
    assert resource_of("/api/articles/{slug}") == "/api/articles"
    assert resource_of("/api/articles/:slug/comments/:id") == "/api/articles/{}/comments"
    assert resource_of("/") == "/"


def test_state_change_beside_protected_siblings_is_an_alarm():
    eps = [ep("GET", "/api/articles"), ep("GET", "/api/articles/{slug}"),
           ep("POST", "/api/articles", "required"), ep("PUT", "/api/articles/{slug}", "required"),
           ep("DELETE", "/api/articles/{slug}")]
    s = Siblings(eps)
    sev, why = s.alarm(eps[-1])
    assert sev == "high" and "changes state" in why and "2 of 5 routes under /api/articles" in why
    # the public reads of a resource whose reads are all public are by design
    assert s.alarm(eps[0]) is None and s.alarm(eps[1]) is None


def test_a_read_is_an_alarm_only_when_other_reads_are_protected():
    eps = [ep("GET", "/api/users/{id}"), ep("GET", "/api/users", "required"),
           ep("GET", "/api/tags")]
    s = Siblings(eps)
    assert s.alarm(eps[0])[0] == "medium"
    assert s.alarm(eps[2]) is None


def test_admin_paths_need_auth_whatever_the_siblings():
    s = Siblings([ep("GET", "/admin/stats")])
    assert s.alarm(ep("GET", "/admin/stats"))[0] == "high"


def test_an_app_without_any_auth_gets_one_finding(tmp_path):
    from conftest import scan, write_tree

    root = write_tree(tmp_path / "app", {"app.py": (
        "from flask import Flask\napp = Flask(__name__)\n\n"
        "@app.route('/items', methods=['POST'])\ndef add():\n    return ''\n\n"
        "@app.route('/items/<int:i>', methods=['DELETE'])\ndef rm(i):\n    return ''\n\n"
        "@app.route('/items/<int:i>')\ndef get(i):\n    return ''\n")})
    found = [f for f in scan(root).findings if f.rule_id == "missing-auth"]
    assert len(found) == 1 and found[0].line == 4, [(f.line, f.message) for f in found]
    assert "no route of this flask application requires authentication" in found[0].message


def test_reads_weigh_against_most_siblings_and_api_roots_are_no_resource():
    eps = [ep("GET", "/api/v1/endpoints/{key}/statuses"), ep("GET", "/api/v1/endpoints/{key}/uptimes"),
           ep("GET", "/api/v1/endpoints/{key}/badges"), ep("GET", "/api/v1/endpoints/{key}/raw", "required"),
           ep("GET", "/api/v1/tiers"), ep("GET", "/api/v1/me", "required"),
           ep("GET", "/api/v1/config", "required")]
    s = Siblings(eps)
    # one protected read among four: the public ones are by design
    assert s.alarm(eps[0]) is None
    # /api/v1 is where every resource hangs, not the resource of /api/v1/tiers
    assert s.alarm(eps[4]) is None
    # most reads of the resource protected: the public one is the odd one out
    eps2 = [ep("GET", "/api/users/{id}"), ep("GET", "/api/users/{id}/posts", "required"),
            ep("GET", "/api/users", "required")]
    assert Siblings(eps2).alarm(eps2[0])[0] == "medium"


def test_sign_up_sign_in_and_token_refresh_are_public_by_design(tmp_path):
    from conftest import scan, write_tree

    routes = [("/api/v1/user/sign/up", "POST"), ("/api/v1/user/sign/in", "POST"),
              ("/v1/auth/refresh-tokens", "POST"), ("/api/auth/webauthn/begin-login", "POST"),
              ("/api/v1/password-recovery/<email>", "POST"), ("/api/users", "POST"),
              ("/api/users/<int:i>", "DELETE")]
    src = ["from flask import Flask\nfrom app.auth import login_required\napp = Flask(__name__)\n"]
    for i, (path, method) in enumerate(routes):
        src.append(f"\n@app.route('{path}', methods=['{method}'])\ndef open{i}(**kw):\n    return ''\n")
    src.append("\n@app.route('/api/users/<int:i>', methods=['PUT'])\n@login_required\n"
               "def me(i):\n    return ''\n")
    src.append("\n@app.route('/api/v1/user/sign/out', methods=['POST'])\n@login_required\n"
               "def out():\n    return ''\n")
    src.append("\n@app.route('/v1/auth/me', methods=['PATCH'])\n@login_required\n"
               "def patch_me():\n    return ''\n")
    src.append("\n@app.route('/api/auth/webauthn/register', methods=['PUT'])\n@login_required\n"
               "def reg():\n    return ''\n")
    root = write_tree(tmp_path / "app", {"app.py": "".join(src),
                                         "app/auth.py": "def login_required(f):\n    return f\n"})
    found = {e for f in scan(root).findings if f.rule_id == "missing-auth" for e in f.endpoints}
    # only the account deletion beside the protected update of the account is an alarm
    assert found == {"DELETE /api/users/<int:i>"}, found


def test_a_root_catch_all_has_no_resource_to_compare():
    """`/{path:.*}` (a phishing landing page, an SPA's fallback) answers every path: the root's
    authenticated admin index says nothing about it; a catch-all under a resource still is
    weighed against that resource."""
    root_index = ep("GET", "/", "required")
    catch_all = ep("POST", "/{path:.*}")
    files = ep("POST", "/api/files/{rest...}")
    listing = ep("GET", "/api/files", "required")
    s = Siblings([root_index, catch_all, files, listing, ep("POST", "/", "required")])
    assert s.alarm(catch_all) is None
    assert s.alarm(files) is not None


def test_catch_all_in_every_router_notation():
    from auditor.checks.access import CATCH_ALL

    for path in ("/*", "/api/*filepath", "/+", "/{path:.*}", "/{p:.+}", "/{rest...}",
                 "/{*splat}", "/:rest*", "/(.*)", "/<path:name>", "/{name:path}",
                 "/[...slug]", "/[[...slug]]"):
        assert CATCH_ALL.search(path), path
    # one segment's parameter is a resource, whatever the notation
    for path in ("/users/:id", "/users/{id}", "/<int:id>", "/[id]", "/a/{id:[0-9]+}", "/x/"):
        assert not CATCH_ALL.search(path), path


def test_a_root_catch_all_is_no_resource_in_any_notation():
    for path in ("/<path:path>", "/{full_path:path}", "/[...slug]"):
        eps = [ep("GET", path), ep("GET", "/", "required"), ep("POST", "/", "required")]
        assert Siblings(eps).alarm(eps[0]) is None, path
