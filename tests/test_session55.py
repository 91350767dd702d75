"""Routes, auth, data and injections of backends and vulnerable apps whose truth was written
before auditor ran (session 55: the held-out batches 23-24 and round 21, then batches 25-27 and
round 22), each case from how the language or library behaves, with the look-alike that must
not change.
"""
from __future__ import annotations

from conftest import scan, write_tree


def _auths(root, files: dict) -> set:
    """(method, path, auth) of the explicit endpoints of a scan of `files` under `root`."""
    res = scan(write_tree(root, files))
    return {(e.method, e.path, e.auth) for e in res.endpoints if not e.implicit}


TS_PATTERN_ON_REQUEST = """import { NextApiRequest, NextApiResponse } from "next";
import { match, P } from "ts-pattern";
import { getItem, putItem, removeItem } from "@/lib/items";

export default async function handler(req: NextApiRequest, res: NextApiResponse) {
  return match(req)
    .with({ method: "GET" }, () => getItem(req, res))
    .with({ method: P.union("PUT", "PATCH") }, () => putItem(req, res))
    .with({ method: "DELETE" }, () => removeItem(req, res))
    .otherwise(() => res.status(405).end());
}
"""

TS_PATTERN_ON_METHOD = """import { match } from "ts-pattern";

export default async function handler(req, res) {
  return match(req.method)
    .with("POST", () => res.status(201).json({}))
    .otherwise(() => res.status(405).end());
}
"""

# look-alike: a `match` of another library (or of the app) dispatching on something else
OTHER_MATCH = """import { match } from "./router";

export default async function handler(req, res) {
  return match(req)
    .with({ method: "GET" }, () => res.json({}))
    .otherwise(() => res.status(405).end());
}
"""


def test_ts_pattern_method_dispatch_in_a_pages_api_handler(tmp_path):
    """ts-pattern's `match(req).with({ method: "GET" }, h)` and `match(req.method).with("POST",
    h)` (its `P.union` too): each `.with` serves the methods its pattern names, `.otherwise`
    none; a `match` imported from elsewhere is not read as ts-pattern."""
    got = _auths(tmp_path, {
        "package.json": '{"dependencies": {"next": "14.0.0", "ts-pattern": "5.0.0"}}',
        "pages/api/items/[id].ts": TS_PATTERN_ON_REQUEST,
        "pages/api/blocks.ts": TS_PATTERN_ON_METHOD,
        "pages/api/other.ts": OTHER_MATCH,
        "lib/items.ts": "export async function getItem(req, res) {}\n"
                        "export async function putItem(req, res) {}\n"
                        "export async function removeItem(req, res) {}\n",
    })
    methods = {(m, p) for m, p, _a in got}
    assert {("GET", "/api/items/[id]"), ("PUT", "/api/items/[id]"),
            ("PATCH", "/api/items/[id]"), ("DELETE", "/api/items/[id]"),
            ("POST", "/api/blocks"), ("ANY", "/api/other")} <= methods, got
    assert ("ANY", "/api/items/[id]") not in methods and ("ANY", "/api/blocks") not in methods


GUARDED_PAGE = """import { NextApiRequest, NextApiResponse } from "next";
import { validateSession } from "@shared/lib/auth";
import { readSession } from "@shared/lib/session";
import { verifySession } from "next-session-kit";

export default async function handler(req: NextApiRequest, res: NextApiResponse) {
  const user = await validateSession(req, res);
  return res.json({ email: user.email });
}
"""


def test_guard_helper_from_a_workspace_package_outside_the_scanned_folder(tmp_path):
    """`const user = await validateSession(req, res)` imported through a tsconfig alias that
    points outside the scanned folder (`@shared/lib/*` -> `../../packages/lib/src/*`): its
    code cannot be read, its name and the request it is handed say it is the guard. The same
    call imported from a published package stays an optional read (its code is a library's,
    and nothing here tests its result), and a reader named for loading keeps its meaning."""
    app = tmp_path / "apps" / "admin"
    tsconfig = ('{"compilerOptions": {"paths": {"@/*": ["./src/*"], '
                '"@shared/lib/*": ["../../packages/lib/src/*"]}}}')
    got = _auths(app, {
        "package.json": '{"dependencies": {"next": "14.0.0"}}',
        "tsconfig.json": tsconfig,
        "src/pages/api/me.ts": GUARDED_PAGE,
        "src/pages/api/lib.ts": GUARDED_PAGE.replace(
            "const user = await validateSession(req, res);",
            "const user = await verifySession(req, res);"),
        "src/pages/api/read.ts": GUARDED_PAGE.replace(
            "const user = await validateSession(req, res);",
            "const user = await readSession(req, res);"),
    })
    auth = {p: a for _m, p, a in got}
    assert auth["/api/me"] == "required", got
    assert auth["/api/lib"] == "optional", got
    assert auth["/api/read"] == "optional", got


NC_AUTH = """const isAuthenticatedUser = async (req, res, next) => {
  const session = await getToken({ req });
  if (!session) {
    return res.status(401).json({ message: "Login first" });
  }
  await next();
};
import { getToken } from "next-auth/jwt";
export { isAuthenticatedUser };
"""

NC_ORDERS = """import { createRouter } from "next-connect";
import { isAuthenticatedUser } from "@/backend/auth";
import { myOrders, allOrders } from "@/backend/orders";

const router = createRouter();

router.get(allOrders);
router.use(isAuthenticatedUser).post(myOrders);

export default router.handler({ onError: (err, req, res) => res.status(500).end() });
"""


def test_next_connect_use_guards_the_routes_added_after_it_and_names_their_handler(tmp_path):
    """next-connect runs a router's entries in the order they were added: a `router.use(mw)`
    runs before the method routes added after it, not before those added earlier; the
    function handed to `.get(fn)` is the route's handler (the default export is the router's
    `handler()`, no function of the module)."""
    res = scan(write_tree(tmp_path, {
        "package.json": '{"dependencies": {"next": "14.0.0", "next-connect": "1.0.0"}}',
        "tsconfig.json": '{"compilerOptions": {"paths": {"@/*": ["./*"]}}}',
        "backend/auth.ts": NC_AUTH,
        "backend/orders.ts": "export async function myOrders(req, res) { res.json([]) }\n"
                             "export async function allOrders(req, res) { res.json([]) }\n",
        "pages/api/orders.ts": NC_ORDERS,
    }))
    got = {(e.method, e.path): e for e in res.endpoints if not e.implicit}
    assert got[("POST", "/api/orders")].auth == "required", got
    assert got[("GET", "/api/orders")].auth == "none", got
    assert got[("POST", "/api/orders")].handler["name"].endswith("myOrders"), got
    assert got[("GET", "/api/orders")].handler["name"].endswith("allOrders"), got


def _rule_lines(root, files: dict, rule: str) -> set:
    res = scan(write_tree(root, files))
    return {(f.file, f.line) for f in res.findings if f.rule_id == rule and not f.suppressed}


JS_YAML_ROUTES = """const express = require("express");
const yaml = require("js-yaml");
const router = express.Router();

router.post("/parse", (req, res) => {
  const doc = yaml.load(req.body.text);
  res.json(doc);
});

router.post("/safe", (req, res) => {
  res.json(yaml.safeLoad(req.body.text));
});

router.post("/schema", (req, res) => {
  res.json(yaml.load(req.body.text, { schema: yaml.FAILSAFE_SCHEMA }));
});

module.exports = router;
"""


def test_js_yaml_load_is_unsafe_below_version_4_only(tmp_path):
    """js-yaml 3's `load` builds `!!js/function` values (its default schema is the full one):
    request YAML there runs code. `safeLoad`, a `load` given another schema, and every `load`
    of js-yaml 4 (whose `load` is the safe one) are not findings."""
    files = {"routes/y.js": JS_YAML_ROUTES,
             "package.json": '{"dependencies": {"express": "4.18.0", "js-yaml": "^3.13.1"}}'}
    assert _rule_lines(tmp_path / "v3", files, "deserialization") == {("routes/y.js", 6)}
    files["package.json"] = '{"dependencies": {"express": "4.18.0", "js-yaml": "^4.1.0"}}'
    assert _rule_lines(tmp_path / "v4", files, "deserialization") == set()


SSRF_ROUTES = """const express = require("express");
const axios = require("axios");
const crossFetch = require("cross-fetch");
const router = express.Router();

router.post("/batch", async (req, res) => {
  const { urls } = req.body;
  await Promise.all(urls.map(url => axios.get(url)));
  res.json({});
});

router.post("/one", async (req, res) => {
  const r = await crossFetch(req.body.url);
  res.json(await r.json());
});

router.post("/fixed", async (req, res) => {
  const { ids } = req.body;
  await Promise.all(ids.map(id => axios.get("https://api.example.com/items/" + id)));
  const names = ["a", "b"].map(n => axios.get(n));
  res.json({});
});

module.exports = router;
"""


def test_array_callback_element_and_fetch_packages_carry_the_request(tmp_path):
    """`urls.map(url => axios.get(url))`: the callback's element is what the request's array
    holds; cross-fetch's (node-fetch's, isomorphic-fetch's) default export is `fetch` under
    any local name. A fixed host with the element in its path, and a constant array, are not
    findings."""
    got = _rule_lines(tmp_path, {"routes/s.js": SSRF_ROUTES}, "ssrf")
    assert got == {("routes/s.js", 8), ("routes/s.js", 13)}, got


GORM_HANDLERS = """package handlers

import (
	"strconv"

	"github.com/gin-gonic/gin"
	"gorm.io/gorm"
)

var DB *gorm.DB

type User struct{ ID uint }

func Debug(c *gin.Context) {
	userID := c.Param("id")
	var user User
	DB.First(&user, userID)
	c.JSON(200, user)
}

func Get(c *gin.Context) {
	id, _ := strconv.Atoi(c.Param("id"))
	var user User
	DB.First(&user, id)
	DB.First(&user, "id = ?", c.Param("id"))
	uid, _ := c.Get("user_id")
	DB.First(&user, uid)
	c.JSON(200, user)
}
"""


def test_gorm_inline_condition_string_from_the_request_is_sql(tmp_path):
    """gorm's `db.First(&user, cond)`: a string that is not a number is the WHERE text itself
    (gorm's security guide), so the request's string as sent is SQL; a number converted from
    it, a bound `"id = ?"` condition and a value a middleware set are not."""
    got = _rule_lines(tmp_path, {"go.mod": "module x\n\ngo 1.22\n",
                                 "handlers/h.go": GORM_HANDLERS}, "sql-injection")
    assert got == {("handlers/h.go", 17)}, got


def test_database_session_middleware_is_no_guard(tmp_path):
    """fastapi-sqlalchemy's `DBSessionMiddleware` opens a database session per request: its
    name says session, the session is the ORM's; a route behind it alone is public. A route
    with a bearer dependency stays guarded."""
    got = _auths(tmp_path, {
        "requirements.txt": "fastapi\nfastapi-sqlalchemy\n",
        "main.py": "from fastapi import FastAPI, Depends\n"
                   "from fastapi.security import HTTPBearer\n"
                   "from fastapi_sqlalchemy import DBSessionMiddleware\n"
                   "app = FastAPI()\n"
                   "app.add_middleware(DBSessionMiddleware, db_url='sqlite://')\n"
                   "bearer = HTTPBearer()\n\n"
                   "@app.get('/')\ndef home():\n    return {}\n\n"
                   "@app.get('/me')\ndef me(token=Depends(bearer)):\n    return {}\n",
    })
    assert ("GET", "/", "none") in got and ("GET", "/me", "required") in got, got


GO_REDIRECT_MW = """package main

import (
	"net/http"

	"github.com/gorilla/mux"
)

func RestrictToLoggedIn(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		cookie, err := r.Cookie("token")
		if err != nil {
			http.Redirect(w, r, "/login", http.StatusSeeOther)
			return
		}
		_ = cookie
		next.ServeHTTP(w, r)
	})
}

func LogRequests(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/old" {
			http.Redirect(w, r, "/new", http.StatusMovedPermanently)
			return
		}
		next.ServeHTTP(w, r)
	})
}

func menu(w http.ResponseWriter, r *http.Request) {}
func home(w http.ResponseWriter, r *http.Request) {}

func main() {
	r := mux.NewRouter()
	r.Use(LogRequests)
	r.HandleFunc("/", home).Methods("GET")
	m := r.PathPrefix("/menu").Subrouter()
	m.Use(RestrictToLoggedIn)
	m.HandleFunc("", menu).Methods("GET")
	http.ListenAndServe(":8080", r)
}
"""


def test_go_middleware_redirecting_to_the_login_page_refuses(tmp_path):
    """A net/http middleware that reads the session cookie and, without it, redirects to the
    login page and returns: the handler never runs. A redirect elsewhere that reads no
    credential (an old path moved) is no guard."""
    got = _auths(tmp_path, {"go.mod": "module x\n\ngo 1.22\n\nrequire github.com/gorilla/mux v1.8.0\n",
                            "main.go": GO_REDIRECT_MW})
    assert ("GET", "/menu", "required") in got and ("GET", "/", "none") in got, got


PASSPORT_MW = """const passport = require("passport");
const isLoggedIn = passport.authenticate("jwt", { session: false });
const githubLogin = passport.authenticate("github");
const maybeUser = passport.authenticate(["jwt", "anonymous"], { session: false });
module.exports = { isLoggedIn, githubLogin, maybeUser };
"""

PASSPORT_ROUTES = """const express = require("express");
const { isLoggedIn, githubLogin, maybeUser } = require("../middlewares/auth");
const router = express.Router();
router.post("/answers", isLoggedIn, (req, res) => res.json({}));
router.get("/auth/github", githubLogin);
router.get("/feed", maybeUser, (req, res) => res.json({}));
module.exports = router;
"""


def test_passport_authenticate_with_a_token_strategy_held_in_a_variable(tmp_path):
    """`const isLoggedIn = passport.authenticate('jwt', {session: false})` in another module:
    Passport answers 401 when a per-request strategy fails; a provider login (`github`) is a
    login, and a list ending in `anonymous` lets requests without a token through."""
    got = _auths(tmp_path, {
        "package.json": '{"dependencies": {"express": "4.18.0", "passport": "0.6.0"}}',
        "middlewares/auth.js": PASSPORT_MW,
        "routes/index.js": PASSPORT_ROUTES,
        "app.js": "const express = require('express');\nconst app = express();\n"
                  "app.use('/api', require('./routes/index'));\napp.listen(3000);\n",
    })
    auth = {(m, p): a for m, p, a in got}
    assert auth[("POST", "/api/answers")] == "required", got
    assert auth[("GET", "/api/auth/github")] == "none", got
    assert auth[("GET", "/api/feed")] == "optional", got
