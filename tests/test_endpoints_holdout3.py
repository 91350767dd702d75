"""Framework and library behaviour found on a holdout round (a Next.js app with Clerk, a gin
dashboard, an Express MERN API), each as a small tree: gin handlers handed to a project's own
adapter (`commonHandler(listConfig)`), a gin engine built inside a function whose parameter is no
router, custom Go build tags, gin middleware that returns without aborting, Express mount paths
built from expressions and `process.env`, `require('express').Router()`, Clerk's
`authMiddleware({publicRoutes})`."""
from __future__ import annotations

from conftest import scan, write_tree

GO_MOD = "module example.com/dash\n\ngo 1.22\n"


def _eps(root):
    return {(e.method, e.path): e for e in scan(root).endpoints
            if e.method not in ("HEAD", "OPTIONS") or not e.implicit}


GIN_APP = '''package controller

import (
	"io/fs"
	"net/http"

	jwt "github.com/appleboy/gin-jwt/v2"
	"github.com/gin-gonic/gin"
	"gorm.io/gorm"
)

var DB *gorm.DB

type handlerFunc[T any] func(c *gin.Context) (T, error)

func commonHandler[T any](handler handlerFunc[T]) func(*gin.Context) {
	return func(c *gin.Context) {
		handle(c, handler)
	}
}

func handle[T any](c *gin.Context, handler handlerFunc[T]) {
	data, err := handler(c)
	if err != nil {
		c.JSON(http.StatusOK, err.Error())
		return
	}
	c.JSON(http.StatusOK, data)
}

func fallbackAuthMiddleware(mw *jwt.GinJWTMiddleware) func(c *gin.Context) {
	return func(c *gin.Context) {
		claims, err := mw.GetClaimsFromJWT(c)
		if err != nil {
			return
		}
		c.Set("JWT_PAYLOAD", claims)
		c.Next()
	}
}

type Item struct{ ID uint64 }

func listItems(c *gin.Context) ([]Item, error) {
	var items []Item
	err := DB.Find(&items).Error
	return items, err
}

func oauth2callback(mw *jwt.GinJWTMiddleware) func(c *gin.Context) (any, error) {
	return func(c *gin.Context) (any, error) {
		var item Item
		return item, DB.First(&item).Error
	}
}

func itemStream(c *gin.Context) (any, error) {
	conn, err := upgrader.Upgrade(c.Writer, c.Request, nil)
	if err != nil {
		return nil, err
	}
	defer conn.Close()
	return nil, nil
}

// ServeWeb builds its own engine: its parameter is the frontend, not a router
func ServeWeb(frontendDist fs.FS) http.Handler {
	r := gin.Default()
	routers(r, frontendDist)
	return r
}

func routers(r *gin.Engine, frontendDist fs.FS) {
	authMiddleware, _ := jwt.New(&jwt.GinJWTMiddleware{})
	api := r.Group("api/v1")
	fallbackAuthMw := fallbackAuthMiddleware(authMiddleware)
	fallbackAuth := api.Group("", fallbackAuthMw)
	fallbackAuth.GET("/items", commonHandler(listItems))
	fallbackAuth.GET("/oauth2/callback", commonHandler(oauth2callback(authMiddleware)))
	auth := api.Group("", authMiddleware.MiddlewareFunc())
	auth.GET("/ws/items", commonHandler(itemStream))
	registerProbeRoutes(r)
}
'''

PROBES = '''//go:build probes

package controller

import "github.com/gin-gonic/gin"

func registerProbeRoutes(r *gin.Engine) {
	r.POST("/probes/reset", func(c *gin.Context) {})
}
'''

PROBES_DEFAULT = '''//go:build !probes

package controller

import "github.com/gin-gonic/gin"

func registerProbeRoutes(*gin.Engine) {}
'''


def test_gin_project_adapter_engine_of_a_non_router_function_and_custom_build_tags(tmp_path):
    """`commonHandler(listItems)` hands the route to listItems (its data, its WebSocket
    upgrade); the adapter is listed as middleware. ServeWeb's parameter is the frontend: the
    routes on the engine it builds keep their prefix and are not 'never called with a router'.
    The `//go:build probes` file is not in a default build (its `!probes` twin is). A gin
    middleware that returns when there is no JWT, without aborting, lets the request on."""
    root = write_tree(tmp_path / "dash", {"go.mod": GO_MOD,
                                          "controller/controller.go": GIN_APP,
                                          "controller/probes.go": PROBES,
                                          "controller/probes_default.go": PROBES_DEFAULT})
    res = scan(root)
    eps = {(e.method, e.path): e for e in res.endpoints if not e.implicit}
    assert set(eps) == {("GET", "/api/v1/items"), ("GET", "/api/v1/oauth2/callback"),
                        ("WS", "/api/v1/ws/items")}, sorted(eps)
    items = eps[("GET", "/api/v1/items")]
    assert items.handler["name"].endswith("listItems"), items.handler
    assert "commonHandler" in items.middleware
    assert items.data_sites, items.chain
    assert items.auth == "optional", items.auth_reason
    assert eps[("GET", "/api/v1/oauth2/callback")].data_sites
    assert eps[("WS", "/api/v1/ws/items")].auth == "required"
    assert all(e.prefix_resolved is not False for e in res.endpoints)
    assert not [u for u in res.unresolved_routes if "never called" in u["reason"]]


def test_custom_build_tags_are_unset_in_a_default_build():
    from auditor.index.gobuild import never_built

    for left_out in (b"//go:build probes\npackage x\n", b"//go:build agentcompat && linux\n"
                     b"package x\n", b"//go:build wireinject\n// +build wireinject\npackage x\n",
                     b"// +build integration\npackage x\n"):
        assert never_built(left_out), left_out
    for kept in (b"//go:build !probes\npackage x\n", b"//go:build linux || probes\npackage x\n",
                 b"//go:build cgo && unix\npackage x\n", b"//go:build goexperiment.arenas\n"
                 b"package x\n", b"//go:build !race\npackage x\n"):
        assert not never_built(kept), kept


EXPRESS_FILES = {
    "package.json": '{"dependencies": {"express": "^4"}}',
    ".env.example": "PORT=3000\nBASE_API_URL=api\nJWT_SECRET=abc123\n",
    "index.js": '''const express = require('express');
const routes = require('./routes');
const app = express();
app.use(routes);
app.listen(3000);
''',
    "config/keys.js": '''module.exports = {
  app: {
    apiURL: `${process.env.BASE_API_URL}`
  },
  jwt: { secret: process.env.JWT_SECRET }
};
''',
    "routes/index.js": '''const router = require('express').Router();
const apiRoutes = require('./api');
const keys = require('../config/keys');
const { apiURL } = keys.app;

const api = `/${apiURL}`;

router.use(api, apiRoutes);

module.exports = router;
''',
    "routes/api/index.js": '''const router = require('express').Router();
const userRoutes = require('./user');
const V2 = '/v2';

router.use('/user', userRoutes);
router.use(V2 + '/user', userRoutes);

module.exports = router;
''',
    "routes/api/user.js": '''const router = require('express').Router();
const auth = require('../../middleware/auth');

router.get('/me', auth, async (req, res) => {
  res.json(req.user);
});

module.exports = router;
''',
    "middleware/auth.js": '''const passport = require('passport');
const auth = passport.authenticate('jwt', { session: false });
module.exports = auth;
''',
}


def test_express_mount_paths_from_expressions_and_env_files(tmp_path):
    """`router.use(api, apiRoutes)` with api = `/${apiURL}`, apiURL destructured from a required
    config module whose value is process.env.BASE_API_URL, given by the committed .env.example;
    `V2 + '/user'`; routers made by `require('express').Router()`."""
    root = write_tree(tmp_path / "server", EXPRESS_FILES)
    got = {(e.method, e.path, e.auth) for e in scan(root).endpoints if not e.implicit}
    assert got == {("GET", "/api/user/me", "required"), ("GET", "/api/v2/user/me", "required")}, got


def test_express_mount_path_without_a_value_is_flagged(tmp_path):
    files = dict(EXPRESS_FILES)
    files.pop(".env.example")
    res = scan(write_tree(tmp_path / "server", files))
    got = {(e.method, e.path) for e in res.endpoints if not e.implicit}
    assert got == {("GET", "/user/me"), ("GET", "/v2/user/me")}, got
    assert any("mount path" in u["reason"] for u in res.unresolved_routes)


def test_express_middleware_named_by_a_variable_is_still_middleware(tmp_path):
    """`app.use(requireAuth, router)`: a name with no string value is a middleware."""
    root = write_tree(tmp_path / "srv", {
        "package.json": '{"dependencies": {"express": "^4"}}',
        "app.js": '''const express = require('express');
const app = express();
const router = express.Router();
const requireAuth = (req, res, next) => {
  if (!req.headers.authorization) return res.status(401).end();
  next();
};
router.get('/x', (req, res) => res.json({}));
app.use(requireAuth, router);
''',
    })
    got = {(e.method, e.path, e.auth) for e in scan(root).endpoints if not e.implicit}
    assert got == {("GET", "/x", "required")}, got


def test_env_values_keep_path_pieces_only():
    from auditor.scan.analyze import env_values

    got = env_values(b"export BASE_API_URL='api'\nAPI_PREFIX=/v1 # the version\n"
                     b"JWT_SECRET=abc123\nDATABASE_URL=postgres://u:p@h/db\nEMPTY=\n")
    assert got == {"BASE_API_URL": "api", "API_PREFIX": "/v1"}, got


CLERK_FILES = {
    "package.json": '{"dependencies": {"next": "13.4.5", "@clerk/nextjs": "^4.21.3"}}',
    "middleware.ts": '''import { authMiddleware } from "@clerk/nextjs";

export default authMiddleware({
  publicRoutes: ["/api/:path*"],
});

export const config = {
  matcher: ["/((?!.*\\\\..*|_next).*)", "/", "/(api|trpc)(.*)"],
};
''',
    "app/api/stores/route.ts": '''import { NextResponse } from "next/server";
import { auth } from "@clerk/nextjs";

export async function POST(req: Request) {
  const { userId } = auth();
  if (!userId) {
    return new NextResponse("Unauthorized", { status: 403 });
  }
  return NextResponse.json({});
}

export async function GET(req: Request) {
  return NextResponse.json([]);
}
''',
}


def test_clerk_auth_middleware_public_routes_are_not_guarded(tmp_path):
    """Clerk 4's authMiddleware guards what config.matcher selects except `publicRoutes` and
    `ignoredRoutes`: the API's own handlers decide (a POST that checks auth() and 403s)."""
    root = write_tree(tmp_path / "web", CLERK_FILES)
    got = {(e.method, e.path, e.auth) for e in scan(root).endpoints if not e.implicit}
    assert got == {("POST", "/api/stores", "required"), ("GET", "/api/stores", "none")}, got
    files = dict(CLERK_FILES, **{"middleware.ts": CLERK_FILES["middleware.ts"].replace(
        '"/api/:path*"', '"/sign-in"')})
    got = {(e.method, e.path, e.auth) for e in scan(write_tree(tmp_path / "web2", files)).endpoints
           if not e.implicit}
    assert got == {("POST", "/api/stores", "required"), ("GET", "/api/stores", "required")}, got
