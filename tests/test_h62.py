"""Holdout round 6 (h62): shapes of unseen Go (chi, gorilla, gin) and Next.js backends.

- Go registration helpers replayed per call with their string and bool parameters bound
  (`RX(r, "/user", true)` -> `r.Route(pathPrefix, ...)`, `if persistable { r.Post }`; Subsonic
  style `h(r, "ping", f)` -> `hr` -> `addHandler(r, path)` -> `"/"+path` and `+".view"`; a
  variadic `h501(r, "a", "b")` ranging over its names); chi `h(r.With(mw), ...)`.
- `r.Mount(urlPath, subRouter)` in a wrapper (`MountRouter`) whose router parameter is bound at
  each call site to the router the argument builds (a wire-style constructor returning a struct
  that embeds http.Handler set from `r.routes()`), prefix `path.Join(base, urlPath)` with the
  call's constant; a chi `r.Route(path.Join(base, "/auth"), ...)` alone in a function.
- gorilla `r.Path(p).Subrouter()` + `sub.Methods("GET").HandlerFunc(h)`; Methods("GET", "HEAD")
  on an upgrading handler is WS; a middleware reading an application header `X-Runner-Token`
  and answering 401 authenticates (a CSRF token header does not).
- gin: a guard that returns early for the paths of a package list (with an exception list)
  exempts them; `ginSwagger.DeepLinking(false)` is no optional guard.
- Next.js pages: anonymous default export profiled; `export { default } from`, `import h;
  export default h`, `return handleRoute(req, res)` serve the other function's methods and
  auth; a catch-all dispatching through a `"METHOD /sub"` table serves each entry; an app route
  rejecting when `await helper()` (reading the session) gives nothing is authenticated.
"""
import json
import os
import subprocess
import sys
from pathlib import Path


def _write(root: Path, files: dict) -> None:
    for rel, src in files.items():
        p = root / rel
        p.parent.mkdir(parents=True, exist_ok=True)
        p.write_text(src)


def _routes(root: Path) -> dict:
    out = subprocess.run([sys.executable, "-m", "auditor", "endpoints", str(root), "--format",
                          "json", "--no-cache"], capture_output=True, text=True,
                         env=dict(os.environ), check=True).stdout
    eps = json.loads(out)["endpoints"]
    return {(e["method"], e["path"].rstrip("/") or "/"): e for e in eps}


CHI = {
    'api/api.go': 'package api\n\nimport (\n\t"net/http"\n\n\t"github.com/go-chi/chi/v5"\n\t"example.com/app/server"\n)\n\ntype Router struct {\n\thttp.Handler\n}\n\nfunc New() *Router {\n\tr := &Router{}\n\tr.Handler = r.routes()\n\treturn r\n}\n\nfunc (api *Router) routes() http.Handler {\n\tr := chi.NewRouter()\n\tapi.RX(r, "/translation", false)\n\tr.Group(func(r chi.Router) {\n\t\tr.Use(server.Authenticator)\n\t\tapi.RX(r, "/user", true)\n\t\th(r, "ping", ping)\n\t\th(r, "getUser", ping)\n\t\th501(r, "getPodcasts", "createUser")\n\t})\n\treturn r\n}\n\nfunc (api *Router) RX(r chi.Router, pathPrefix string, persistable bool) {\n\tr.Route(pathPrefix, func(r chi.Router) {\n\t\tr.Get("/", list)\n\t\tif persistable {\n\t\t\tr.Post("/", list)\n\t\t}\n\t\tr.Route("/{id}", func(r chi.Router) {\n\t\t\tr.Get("/", list)\n\t\t})\n\t})\n}\n\nfunc h(r chi.Router, path string, f http.HandlerFunc) {\n\thr(r, path, f)\n}\n\nfunc hr(r chi.Router, path string, f http.HandlerFunc) {\n\taddHandler(r, path, f)\n}\n\nfunc h501(r chi.Router, paths ...string) {\n\tfor _, path := range paths {\n\t\taddHandler(r, path, list)\n\t}\n}\n\nfunc addHandler(r chi.Router, path string, handle http.HandlerFunc) {\n\tr.HandleFunc("/"+path, handle)\n\tr.HandleFunc("/"+path+".view", handle)\n}\n\nfunc list(w http.ResponseWriter, r *http.Request) {}\nfunc ping(w http.ResponseWriter, r *http.Request) {}\n',
    'cmd/root.go': 'package cmd\n\nimport (\n\t"example.com/app/api"\n\t"example.com/app/consts"\n\t"example.com/app/server"\n)\n\nfunc CreateAPIRouter() *api.Router {\n\trouter := api.New()\n\treturn router\n}\n\nfunc Start() {\n\ta := server.New()\n\ta.MountRouter("Native API", consts.URLPathAPI, CreateAPIRouter())\n}\n',
    'consts/consts.go': 'package consts\n\nconst (\n\tURLPathAPI  = "/api"\n\tURLPathRest = "/rest"\n)\n',
    'go.mod': 'module example.com/app\n\ngo 1.22\n',
    'server/server.go': 'package server\n\nimport (\n\t"net/http"\n\t"path"\n\n\t"github.com/go-chi/chi/v5"\n)\n\nvar BasePath = ""\n\ntype Server struct {\n\trouter chi.Router\n}\n\nfunc New() *Server {\n\ts := &Server{}\n\tr := chi.NewRouter()\n\tr.Group(func(r chi.Router) {\n\t\ts.router = r\n\t})\n\ts.mountAuth()\n\treturn s\n}\n\nfunc (s *Server) MountRouter(description, urlPath string, subRouter http.Handler) {\n\turlPath = path.Join(BasePath, urlPath)\n\ts.router.Group(func(r chi.Router) {\n\t\tr.Mount(urlPath, subRouter)\n\t})\n}\n\nfunc (s *Server) mountAuth() chi.Router {\n\tr := s.router\n\treturn r.Route(path.Join(BasePath, "/auth"), func(r chi.Router) {\n\t\tr.Post("/login", login)\n\t})\n}\n\nfunc login(w http.ResponseWriter, r *http.Request) {}\n\nfunc Authenticator(next http.Handler) http.Handler {\n\treturn http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {\n\t\tif r.Header.Get("Authorization") == "" {\n\t\t\tw.WriteHeader(http.StatusUnauthorized)\n\t\t\treturn\n\t\t}\n\t\tnext.ServeHTTP(w, r)\n\t})\n}\n',
}

GIN = {
    'go.mod': 'module example.com/g\n\ngo 1.22\n',
    'mw/auth.go': 'package mw\n\nimport (\n\t"net/http"\n\t"strings"\n\n\t"github.com/gin-gonic/gin"\n)\n\nvar noLogin = []string{"/auth/", "/api/config"}\nvar overrideRequireLogin = []string{"/auth/reauth"}\n\nfunc AuthMiddleware(c *gin.Context) {\n\tfor _, v := range noLogin {\n\t\tif strings.HasPrefix(c.Request.URL.Path, v) {\n\t\t\tskip := false\n\t\t\tfor _, o := range overrideRequireLogin {\n\t\t\t\tif o == c.Request.URL.Path {\n\t\t\t\t\tskip = true\n\t\t\t\t\tbreak\n\t\t\t\t}\n\t\t\t}\n\t\t\tif !skip {\n\t\t\t\treturn\n\t\t\t}\n\t\t}\n\t}\n\tif c.GetHeader("Authorization") == "" {\n\t\tc.AbortWithStatus(http.StatusUnauthorized)\n\t\treturn\n\t}\n}\n',
    'web/web.go': 'package web\n\nimport (\n\t"github.com/gin-gonic/gin"\n\tginSwagger "github.com/swaggo/gin-swagger"\n\tswaggerFiles "github.com/swaggo/files"\n\t"example.com/g/mw"\n)\n\nfunc Register(e *gin.Engine) {\n\te.GET("/swagger/*any", ginSwagger.WrapHandler(swaggerFiles.Handler, ginSwagger.DeepLinking(false)))\n\tapi := e.Group("/api")\n\tapi.Use(mw.AuthMiddleware)\n\tapi.GET("/config", h)\n\tapi.GET("/servers", h)\n\tauth := e.Group("/auth")\n\tauth.POST("/login", h)\n\tauth.POST("/reauth", mw.AuthMiddleware, h)\n}\n\nfunc h(c *gin.Context) {}\n\nfunc main() {\n\te := gin.New()\n\tRegister(e)\n\te.Run()\n}\n',
}

NEXT = {
    'app/api/cron/route.ts': 'import { receiver } from "@/lib/cron";\n\nexport async function POST(req: Request) {\n  const body = await req.json();\n  const isValid = await receiver.verify({\n    signature: req.headers.get("Upstash-Signature") || "",\n    body: JSON.stringify(body),\n  });\n  if (!isValid) {\n    return new Response("Unauthorized", { status: 401 });\n  }\n  return new Response("ok");\n}\n',
    'app/api/teams/[teamId]/saml/route.ts': 'import { getServerSession } from "next-auth";\nimport { NextResponse } from "next/server";\n\nasync function getAuthenticatedAdmin(teamId: string) {\n  const session = await getServerSession();\n  if (!session) return null;\n  return { teamId };\n}\n\nexport async function GET(req: Request, { params }: { params: { teamId: string } }) {\n  const auth = await getAuthenticatedAdmin(params.teamId);\n  if (!auth) {\n    return NextResponse.json({ error: "Unauthorized" }, { status: 401 });\n  }\n  return NextResponse.json({ ok: true });\n}\n',
    'ee/conv.ts': 'import type { NextApiRequest, NextApiResponse } from "next";\n\nconst routeHandlers = {\n  "GET /": async (req: NextApiRequest, res: NextApiResponse) => {\n    res.json([]);\n  },\n  "POST /messages": async (req: NextApiRequest, res: NextApiResponse) => {\n    res.json({});\n  },\n};\n\nexport async function handleRoute(req: NextApiRequest, res: NextApiResponse) {\n  const { method, query } = req;\n  const path = Array.isArray(query.conversations) ? query.conversations.join("/") : "";\n  const routeKey = `${method} /${path}`;\n  const handler = routeHandlers[routeKey as keyof typeof routeHandlers];\n  if (!handler) {\n    return res.status(404).json({ error: "API endpoint not found" });\n  }\n  return await handler(req, res);\n}\n',
    'ee/notify.ts': 'import type { NextApiRequest, NextApiResponse } from "next";\n\nexport default async function handle(req: NextApiRequest, res: NextApiResponse) {\n  if (req.method !== "POST") {\n    res.status(405).end();\n    return;\n  }\n  const token = req.headers.authorization?.split(" ")[1];\n  if (token !== process.env.INTERNAL_API_KEY) {\n    res.status(401).json({ message: "Unauthorized" });\n    return;\n  }\n  res.status(200).json({});\n}\n',
    'ee/unpause.ts': 'import type { NextApiRequest, NextApiResponse } from "next";\n\nexport async function handleRoute(req: NextApiRequest, res: NextApiResponse) {\n  if (req.method !== "POST") {\n    res.status(405).end();\n    return;\n  }\n  const token = req.headers.authorization?.split(" ")[1];\n  if (token !== process.env.INTERNAL_API_KEY) {\n    res.status(401).json({ message: "Unauthorized" });\n    return;\n  }\n  res.status(200).json({});\n}\n',
    'package.json': '{"name":"fx","dependencies":{"next":"14.0.0","next-auth":"4.0.0"}}\n',
    'pages/api/conversations/[[...conversations]].ts': 'import { NextApiRequest, NextApiResponse } from "next";\n\nimport { handleRoute } from "../../../ee/conv";\n\nexport default async function handler(req: NextApiRequest, res: NextApiResponse) {\n  return handleRoute(req, res);\n}\n',
    'pages/api/get-pages.ts': 'import type { NextApiRequest, NextApiResponse } from "next";\n\nexport default async (req: NextApiRequest, res: NextApiResponse) => {\n  if (req.method !== "POST") {\n    res.status(405).json({ error: "Method Not Allowed" });\n    return;\n  }\n  const authHeader = req.headers.authorization;\n  const token = authHeader?.split(" ")[1];\n  if (token !== process.env.INTERNAL_API_KEY) {\n    res.status(401).json({ message: "Unauthorized" });\n    return;\n  }\n  res.status(200).json({ ok: true });\n};\n',
    'pages/api/internal/unpause.ts': 'import { NextApiRequest, NextApiResponse } from "next";\n\nimport { handleRoute } from "../../../ee/unpause";\n\nexport default async function handle(req: NextApiRequest, res: NextApiResponse) {\n  return handleRoute(req, res);\n}\n',
    'pages/api/jobs/notify.ts': 'export { default } from "../../../ee/notify";\n',
    'pages/api/jobs/notify2.ts': 'import defaultHandler from "../../../ee/notify";\n\nexport default defaultHandler;\n',
}


def test_go_helpers_bound_per_call_and_mount_wrapper(tmp_path):
    _write(tmp_path, CHI)
    got = _routes(tmp_path)
    keys = set(got)
    for k in [("GET", "/api/translation"), ("GET", "/api/translation/{id}"), ("GET", "/api/user"),
              ("POST", "/api/user"), ("GET", "/api/user/{id}"), ("ANY", "/api/ping"),
              ("ANY", "/api/ping.view"), ("ANY", "/api/getUser.view"),
              ("ANY", "/api/getPodcasts"), ("ANY", "/api/createUser.view"),
              ("POST", "/auth/login")]:
        assert k in keys, (k, sorted(keys))
    # `if persistable { r.Post(...) }` replayed with false: no POST; nothing without its prefix
    assert ("POST", "/api/translation") not in keys
    assert not any(p.startswith(("/translation", "/user", "/ping")) for _m, p in keys), keys
    assert got[("GET", "/api/user")]["auth"] == "required"
    assert got[("ANY", "/api/ping")]["auth"] == "required"
    assert got[("GET", "/api/translation")]["auth"] == "none"


def test_chi_with_argument_is_an_inline_router(tmp_path):
    files = dict(CHI)
    files["api/api.go"] = files["api/api.go"].replace(
        'h(r, "getUser", ping)', 'h(r.With(server.Authenticator), "getUser", ping)').replace(
        "\t\tr.Use(server.Authenticator)\n", "")
    _write(tmp_path, files)
    got = _routes(tmp_path)
    assert got[("ANY", "/api/getUser")]["auth"] == "required"
    assert got[("ANY", "/api/ping")]["auth"] == "none"  # the look-alike without With


GORILLA = {
    "go.mod": "module example.com/s\n\ngo 1.22\n",
    "api/router.go": """package api

import (
\t"net/http"

\t"github.com/gorilla/mux"
\t"github.com/gorilla/websocket"
)

var upgrader = websocket.Upgrader{}

func runnerMW(next http.Handler) http.Handler {
\treturn http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
\t\tif r.Header.Get("X-Runner-Token") == "" {
\t\t\tw.WriteHeader(http.StatusUnauthorized)
\t\t\treturn
\t\t}
\t\tnext.ServeHTTP(w, r)
\t})
}

func csrfMW(next http.Handler) http.Handler {
\treturn http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
\t\tif r.Header.Get("X-CSRF-Token") == "" {
\t\t\tw.WriteHeader(http.StatusForbidden)
\t\t\treturn
\t\t}
\t\tnext.ServeHTTP(w, r)
\t})
}

func ws(w http.ResponseWriter, r *http.Request) {
\tc, _ := upgrader.Upgrade(w, r, nil)
\t_ = c
}

func h(w http.ResponseWriter, r *http.Request) {}

func Route() *mux.Router {
\tr := mux.NewRouter()
\tapi := r.PathPrefix("/api").Subrouter()
\tuser := api.Path("/users/{user_id}").Subrouter()
\tuser.Methods("GET", "HEAD").HandlerFunc(h)
\tuser.Methods("PUT").HandlerFunc(h)
\tme := api.Path("/project/{id}/me").Subrouter()
\tme.HandleFunc("", h).Methods("DELETE")
\tapi.Path("/ws").HandlerFunc(ws).Methods("GET", "HEAD")
\trunners := api.PathPrefix("/runners").Subrouter()
\trunners.Use(runnerMW)
\trunners.Path("").HandlerFunc(h).Methods("GET")
\tforms := api.PathPrefix("/forms").Subrouter()
\tforms.Use(csrfMW)
\tforms.Path("").HandlerFunc(h).Methods("POST")
\treturn r
}

func main() { _ = http.ListenAndServe(":1", Route()) }
""",
}


def test_gorilla_path_subrouter_ws_and_app_token_header(tmp_path):
    _write(tmp_path, GORILLA)
    got = _routes(tmp_path)
    for k in [("GET", "/api/users/{user_id}"), ("HEAD", "/api/users/{user_id}"),
              ("PUT", "/api/users/{user_id}"), ("DELETE", "/api/project/{id}/me"),
              ("WS", "/api/ws"), ("HEAD", "/api/ws")]:
        assert k in got, (k, sorted(got))
    assert ("DELETE", "/") not in got
    assert got[("GET", "/api/runners")]["auth"] == "required"
    assert got[("POST", "/api/forms")]["auth"] == "none"  # a CSRF token proves no identity


def test_gin_guard_exempt_list_and_option_flag(tmp_path):
    _write(tmp_path, GIN)
    got = _routes(tmp_path)
    assert got[("GET", "/api/config")]["auth"] == "none"
    assert got[("GET", "/api/servers")]["auth"] == "required"
    assert got[("POST", "/auth/reauth")]["auth"] == "required"  # listed as an exception
    assert got[("POST", "/auth/login")]["auth"] == "none"
    assert got[("GET", "/swagger/*any")]["auth"] == "none"  # DeepLinking(false) is an option


def test_next_pages_delegations_tables_and_helper_gate(tmp_path):
    files = dict(NEXT)
    # the look-alike: a helper that reads no credential, whose null result is also a 401
    files["app/api/teams/[teamId]/open/route.ts"] = files[
        "app/api/teams/[teamId]/saml/route.ts"].replace(
        "const session = await getServerSession();\n  if (!session) return null;\n", "")
    _write(tmp_path, files)
    got = _routes(tmp_path)
    assert got[("POST", "/api/get-pages")]["auth"] == "required"
    assert got[("POST", "/api/jobs/notify")]["auth"] == "required"
    assert got[("POST", "/api/jobs/notify2")]["auth"] == "required"
    assert got[("POST", "/api/internal/unpause")]["auth"] == "required"
    assert ("GET", "/api/conversations") in got and \
        ("POST", "/api/conversations/messages") in got
    assert not any(p.startswith("/api/conversations/[") for _m, p in got), sorted(got)
    assert got[("GET", "/api/teams/[teamId]/saml")]["auth"] == "required"
    assert got[("GET", "/api/teams/[teamId]/open")]["auth"] == "none"


TUS = {
    "package.json": '{"name":"fx","dependencies":{"next":"14.0.0","next-auth":"4.0.0"}}',
    "pages/api/file/tus/[[...file]].ts": """import type { NextApiRequest, NextApiResponse } from "next";
import { getServerSession } from "next-auth/next";

export default async function handler(req: NextApiRequest, res: NextApiResponse) {
  const session = await getServerSession(req, res, {});
  const userId = (session?.user as { id: string } | undefined)?.id;
  if (!userId) {
    return res.status(401).json({ message: "Unauthorized" });
  }
  return res.status(200).json({ userId });
}
""",
    # the look-alike: the session read, and a 400 on a local that does not come from it
    "pages/api/soft/index.ts": """import type { NextApiRequest, NextApiResponse } from "next";
import { getServerSession } from "next-auth/next";

export default async function handler(req: NextApiRequest, res: NextApiResponse) {
  const session = await getServerSession(req, res, {});
  const page = Number(req.query.page || 1);
  if (!page) {
    return res.status(400).json({ message: "bad page" });
  }
  return res.status(200).json({ user: session?.user ?? null });
}
""",
}


TUS["pages/api/revalidate.ts"] = """import type { NextApiRequest, NextApiResponse } from "next";

export default async function handler(req: NextApiRequest, res: NextApiResponse) {
  if (req.method !== "GET") {
    return res.status(405).json({ message: "Method not allowed" });
  }
  if (req.query.secret !== process.env.REVALIDATE_TOKEN) {
    return res.status(401).json({ message: "Invalid token" });
  }
  return res.json({ revalidated: true });
}
"""
# the look-alike: a query value compared with the configuration, answered 404 (no credential)
TUS["pages/api/flag.ts"] = """import type { NextApiRequest, NextApiResponse } from "next";

export default async function handler(req: NextApiRequest, res: NextApiResponse) {
  if (req.query.region !== process.env.REGION) {
    return res.status(404).json({ message: "not here" });
  }
  return res.json({ ok: true });
}
"""


def test_next_handler_tests_a_value_derived_from_the_session(tmp_path):
    _write(tmp_path, TUS)
    got = _routes(tmp_path)
    assert got[("ANY", "/api/file/tus/[[...file]]")]["auth"] == "required"
    assert got[("ANY", "/api/soft")]["auth"] == "optional"
    assert got[("GET", "/api/revalidate")]["auth"] == "required"  # a shared secret in the query
    assert got[("ANY", "/api/flag")]["auth"] == "none"
