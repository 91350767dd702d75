"""Routes and auth on shapes of public code labelled before auditor ran (session 47), each with
a look-alike that must not change (the injection and secret cases are fixture lines under
fixtures/security/go/h65 and fixtures/secrets/field_lookalikes):

- gorilla/mux: a table of `Route{Method, Pattern, HandlerFunc, Middlewares}` literals returned
  by a function and handed to a helper in another package that loops over it
  (`router.Methods(route.Method).Path(route.Pattern).Handler(h)`): every entry is a route, and
  the middlewares the entry lists guard it.
- net/http middleware (chi): `if token == "" { ctx := WithValue(..., &Info{...}); next.ServeHTTP(...)
  }` lets anonymous requests through (the struct literal's braces do not end the block): the
  routes it covers are optional, and a route-level guard still requires.
"""
from __future__ import annotations

from conftest import endpoint_map, write_tree

ROUTE_TABLE = {
    "go.mod": "module example.com/pl\n\ngo 1.21\n\nrequire github.com/gorilla/mux v1.8.0\n",
    "routes/routes.go": (
        'package routes\n\nimport (\n\t"net/http"\n\n\t"github.com/gorilla/mux"\n'
        '\t"github.com/urfave/negroni"\n)\n\n'
        'type Route struct {\n\tName        string\n\tMethod      string\n\tPattern     string\n'
        '\tHandlerFunc http.HandlerFunc\n\tMiddlewares []negroni.Handler\n}\n\n'
        'func AddRoutes(routes []Route, router *mux.Router) {\n'
        '\tvar handler http.Handler\n'
        '\tfor _, route := range routes {\n'
        '\t\tif len(route.Middlewares) > 0 {\n'
        '\t\t\tn := negroni.New()\n'
        '\t\t\tfor _, m := range route.Middlewares {\n\t\t\t\tn.Use(m)\n\t\t\t}\n'
        '\t\t\tn.Use(negroni.Wrap(route.HandlerFunc))\n\t\t\thandler = n\n'
        '\t\t} else {\n\t\t\thandler = route.HandlerFunc\n\t\t}\n'
        '\t\trouter.Methods(route.Method).Path(route.Pattern).Name(route.Name).Handler(handler)\n'
        '\t}\n}\n'),
    "teams/routes.go": (
        'package teams\n\nimport (\n\t"github.com/gorilla/mux"\n\t"github.com/urfave/negroni"\n\n'
        '\t"example.com/pl/accounts"\n\t"example.com/pl/routes"\n)\n\n'
        'func RegisterRoutes(router *mux.Router, s *Service) {\n'
        '\tsub := router.PathPrefix("/v1").Subrouter()\n'
        '\troutes.AddRoutes(newRoutes(s), sub)\n}\n\n'
        'func newRoutes(s *Service) []routes.Route {\n\treturn []routes.Route{\n'
        '\t\troutes.Route{\n\t\t\tName:        "create_team",\n\t\t\tMethod:      "POST",\n'
        '\t\t\tPattern:     "/teams",\n\t\t\tHandlerFunc: s.createTeamHandler,\n'
        '\t\t\tMiddlewares: []negroni.Handler{\n'
        '\t\t\t\taccounts.NewUserAuthMiddleware(s.accounts),\n\t\t\t},\n\t\t},\n'
        '\t\troutes.Route{\n\t\t\tName:        "list_teams",\n\t\t\tMethod:      "GET",\n'
        '\t\t\tPattern:     "/teams",\n\t\t\tHandlerFunc: s.listTeamsHandler,\n\t\t},\n'
        '\t}\n}\n'),
    "teams/handlers.go": (
        'package teams\n\nimport "net/http"\n\ntype Service struct{ accounts interface{} }\n\n'
        'func (s *Service) createTeamHandler(w http.ResponseWriter, r *http.Request) {}\n'
        'func (s *Service) listTeamsHandler(w http.ResponseWriter, r *http.Request) {}\n'),
    "accounts/middleware.go": (
        'package accounts\n\nimport (\n\t"net/http"\n\t"strings"\n)\n\n'
        'type UserAuthMiddleware struct{ svc interface{} }\n\n'
        'func NewUserAuthMiddleware(svc interface{}) *UserAuthMiddleware {\n'
        '\treturn &UserAuthMiddleware{svc}\n}\n\n'
        'func (m *UserAuthMiddleware) ServeHTTP(w http.ResponseWriter, r *http.Request, '
        'next http.HandlerFunc) {\n'
        '\ttoken := strings.TrimPrefix(r.Header.Get("Authorization"), "Bearer ")\n'
        '\tif token == "" {\n\t\thttp.Error(w, "unauthorized", http.StatusUnauthorized)\n'
        '\t\treturn\n\t}\n\tnext(w, r)\n}\n'),
    "main.go": (
        'package main\n\nimport (\n\t"net/http"\n\n\t"github.com/gorilla/mux"\n\n'
        '\t"example.com/pl/teams"\n)\n\n'
        'func main() {\n\trouter := mux.NewRouter()\n'
        '\tteams.RegisterRoutes(router, &teams.Service{})\n'
        '\thttp.ListenAndServe(":8080", router)\n}\n'),
}


def test_gorilla_route_table_handed_to_a_loop_in_another_package(tmp_path):
    eps = endpoint_map(write_tree(tmp_path, ROUTE_TABLE))
    assert set(eps) >= {("POST", "/v1/teams"), ("GET", "/v1/teams")}, sorted(eps)
    create, listing = eps[("POST", "/v1/teams")], eps[("GET", "/v1/teams")]
    assert create.auth == "required", create.auth_reason
    assert listing.auth == "none", listing.auth_reason
    assert create.handler["name"].endswith("createTeamHandler")


OPTIONAL_MW = {
    "go.mod": "module example.com/shop\n\ngo 1.21\n\nrequire github.com/go-chi/chi/v5 v5.0.10\n",
    "cmd/api/middleware.go": (
        'package main\n\nimport (\n\t"context"\n\t"net/http"\n)\n\n'
        'type contextKey string\n\nconst authContextKey contextKey = "auth"\n\n'
        'type AuthInfo struct {\n\tUserID      string\n\tIsAnonymous bool\n}\n\n'
        'func (app *application) AuthMiddleware(next http.Handler) http.Handler {\n'
        '\treturn http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {\n'
        '\t\ttoken := r.Header.Get("Authorization")\n'
        '\t\tif token == "" {\n'
        '\t\t\tctx := context.WithValue(r.Context(), authContextKey, &AuthInfo{\n'
        '\t\t\t\tIsAnonymous: true,\n\t\t\t})\n'
        '\t\t\tnext.ServeHTTP(w, r.WithContext(ctx))\n\t\t\treturn\n\t\t}\n'
        '\t\tuserID, err := app.validate(token)\n'
        '\t\tif err != nil {\n\t\t\tw.WriteHeader(http.StatusUnauthorized)\n\t\t\treturn\n\t\t}\n'
        '\t\tctx := context.WithValue(r.Context(), authContextKey, &AuthInfo{UserID: userID})\n'
        '\t\tnext.ServeHTTP(w, r.WithContext(ctx))\n\t})\n}\n\n'
        'func (app *application) requireUser(next http.Handler) http.Handler {\n'
        '\treturn http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {\n'
        '\t\tif getUserFromCtx(r).IsAnonymous {\n'
        '\t\t\tw.WriteHeader(http.StatusUnauthorized)\n\t\t\treturn\n\t\t}\n'
        '\t\tnext.ServeHTTP(w, r)\n\t})\n}\n\n'
        'func getUserFromCtx(r *http.Request) *AuthInfo {\n'
        '\treturn r.Context().Value(authContextKey).(*AuthInfo)\n}\n'),
    "cmd/api/api.go": (
        'package main\n\nimport (\n\t"net/http"\n\n\t"github.com/go-chi/chi/v5"\n)\n\n'
        'type application struct{}\n\n'
        'func (app *application) validate(t string) (string, error) { return t, nil }\n\n'
        'func (app *application) routes() http.Handler {\n\tr := chi.NewRouter()\n'
        '\tr.Use(app.AuthMiddleware)\n'
        '\tr.Route("/v1", func(r chi.Router) {\n'
        '\t\tr.Get("/categories", app.getCategories)\n'
        '\t\tr.Get("/products", app.getProducts)\n'
        '\t\tr.With(app.requireUser).Get("/cart", app.getCart)\n'
        '\t})\n\treturn r\n}\n\n'
        'func (app *application) getCategories(w http.ResponseWriter, r *http.Request) {\n'
        '\tw.Write([]byte("[]"))\n}\n\n'
        'func (app *application) getProducts(w http.ResponseWriter, r *http.Request) {\n'
        '\tuser := getUserFromCtx(r)\n\tif user.IsAnonymous {\n\t\tw.Write([]byte("[]"))\n'
        '\t\treturn\n\t}\n\tw.Write([]byte(user.UserID))\n}\n\n'
        'func (app *application) getCart(w http.ResponseWriter, r *http.Request) {\n'
        '\tw.Write([]byte(getUserFromCtx(r).UserID))\n}\n\n'
        'func main() {\n\tapp := &application{}\n\thttp.ListenAndServe(":8080", app.routes())\n}\n'),
}


def test_net_http_middleware_passing_anonymous_requests_on_is_optional(tmp_path):
    eps = endpoint_map(write_tree(tmp_path, OPTIONAL_MW))
    assert eps[("GET", "/v1/categories")].auth == "optional", eps[("GET", "/v1/categories")].auth_reason
    assert eps[("GET", "/v1/products")].auth == "optional", eps[("GET", "/v1/products")].auth_reason
    assert eps[("GET", "/v1/cart")].auth == "required", eps[("GET", "/v1/cart")].auth_reason


FLASK_FACTORY = {
    "requirements.txt": "flask\nflask-security\nwerkzeug\n",
    "shop/__init__.py": "",
    "shop/factory.py": (
        "import importlib\nimport pkgutil\n\nfrom flask import Blueprint, Flask\n\n\n"
        "def create_app(package_name, package_path):\n"
        "    app = Flask(package_name)\n"
        "    for _, name, _ in pkgutil.iter_modules(package_path):\n"
        "        m = importlib.import_module('%s.%s' % (package_name, name))\n"
        "        for item in dir(m):\n"
        "            item = getattr(m, item)\n"
        "            if isinstance(item, Blueprint):\n"
        "                app.register_blueprint(item)\n"
        "    return app\n"),
    "shop/api/__init__.py": (
        "from functools import wraps\n\nfrom flask import jsonify\n"
        "from flask_security import login_required\n\nfrom .. import factory\n\n\n"
        "def create_app():\n    return factory.create_app(__name__, __path__)\n\n\n"
        "def route(bp, *args, **kwargs):\n"
        "    kwargs.setdefault('strict_slashes', False)\n\n"
        "    def decorator(f):\n"
        "        @bp.route(*args, **kwargs)\n"
        "        @login_required\n"
        "        @wraps(f)\n"
        "        def wrapper(*args, **kwargs):\n"
        "            return jsonify(dict(data=f(*args, **kwargs)))\n"
        "        return f\n\n"
        "    return decorator\n\n\n"
        "def cached(store, key):\n"
        "    def decorator(f):\n"
        "        return f\n"
        "    return decorator\n"),
    "shop/api/stores.py": (
        "from flask import Blueprint\n\nfrom . import cached, route\n\n"
        "bp = Blueprint('stores', __name__, url_prefix='/stores')\n\n\n"
        "@route(bp, '/')\ndef list_stores():\n    return []\n\n\n"
        "@route(bp, '/', methods=['POST'])\ndef new_store():\n    return {}\n\n\n"
        "@cached(bp, '/report')\ndef report():\n    return {}\n"),
    "shop/frontend/__init__.py": (
        "from .. import factory\n\n\n"
        "def create_app():\n    return factory.create_app(__name__, __path__)\n"),
    "shop/frontend/pages.py": (
        "from flask import Blueprint\n\nbp = Blueprint('pages', __name__)\n\n\n"
        "@bp.route('/')\ndef index():\n    return 'home'\n"),
    "wsgi.py": (
        "from werkzeug.middleware.dispatcher import DispatcherMiddleware\n\n"
        "from shop import api, frontend\n\n"
        "application = DispatcherMiddleware(frontend.create_app(), {\n"
        "    '/api': api.create_app()\n})\n"),
}


def test_flask_route_decorator_factory_and_wsgi_mounts(tmp_path):
    eps = endpoint_map(write_tree(tmp_path, FLASK_FACTORY))
    paths = {(m, p) for m, p in eps if m in ("GET", "POST")}
    assert {("GET", "/api/stores"), ("POST", "/api/stores"), ("GET", "/")} <= paths, sorted(eps)
    assert not any("report" in p for _m, p in eps)  # a decorator that registers nothing
    assert eps[("POST", "/api/stores")].auth == "required", eps[("POST", "/api/stores")].auth_reason
    assert eps[("GET", "/")].auth == "none"


DRF_LIBRARY = {
    "requirements.txt": "django\ndjangorestframework\ndj-rest-auth\ndrf-jwt\n",
    "proj/__init__.py": "",
    "proj/settings.py": (
        "ROOT_URLCONF = 'proj.urls'\nINSTALLED_APPS = ['rest_framework']\n"
        "REST_FRAMEWORK = {'DEFAULT_PERMISSION_CLASSES': "
        "['rest_framework.permissions.IsAuthenticated']}\n"),
    "proj/models.py": (
        "from django.db import models\n\n"
        "class Lesson(models.Model):\n    name = models.CharField(max_length=20)\n"),
    "proj/viewsets.py": (
        "from rest_framework.viewsets import ModelViewSet\n"
        "from rest_framework.viewsets import ReadOnlyModelViewSet as _ReadOnlyModelViewSet\n\n"
        "class ReadOnlyAppViewSet(_ReadOnlyModelViewSet):\n    pass\n\n"
        "class AppViewSet(ModelViewSet):\n    pass\n"),
    "proj/views.py": (
        "from dj_rest_auth import views as dj_rest_auth_views\n"
        "from rest_framework.exceptions import MethodNotAllowed\n"
        "from rest_framework_jwt import views as jwt\n\n"
        "from proj.models import Lesson\n"
        "from proj.viewsets import AppViewSet, ReadOnlyAppViewSet\n\n\n"
        "class LessonViewSet(ReadOnlyAppViewSet):\n    queryset = Lesson.objects.all()\n\n\n"
        "class DiplomaViewSet(AppViewSet):\n    queryset = Lesson.objects.all()\n\n"
        "    def destroy(self, request, **kwargs):\n"
        "        raise MethodNotAllowed(request.method)\n\n\n"
        "class AnswerViewSet(AppViewSet):\n    queryset = Lesson.objects.all()\n\n"
        "    def update(self, request, *args, **kwargs):\n"
        "        \"\"\"Update answer text\"\"\"\n"
        "        if not kwargs.get('partial', False):\n"
        "            raise MethodNotAllowed('Please use patch')\n"
        "        return super().update(request, *args, **kwargs)\n\n\n"
        "class ObtainJSONWebTokenView(jwt.ObtainJSONWebTokenView):\n    pass\n\n\n"
        "class RequestPasswordResetView(dj_rest_auth_views.PasswordResetView):\n    pass\n"),
    "proj/urls.py": (
        "from dj_rest_auth.views import PasswordChangeView as DjRestAuthPasswordChangeView\n"
        "from django.urls import include, path\n"
        "from rest_framework.routers import SimpleRouter\n\n"
        "from proj import views\n\n"
        "router = SimpleRouter()\n"
        "router.register('lessons', views.LessonViewSet)\n"
        "router.register('diplomas', views.DiplomaViewSet)\n"
        "router.register('answers', views.AnswerViewSet)\n\n"
        "urlpatterns = [\n"
        "    path('', include(router.urls)),\n"
        "    path('token/', views.ObtainJSONWebTokenView.as_view()),\n"
        "    path('password/reset/', views.RequestPasswordResetView.as_view()),\n"
        "    path('password/change/', DjRestAuthPasswordChangeView.as_view()),\n"
        "]\n"),
}


def test_drf_aliased_bases_refused_actions_and_auth_library_views(tmp_path):
    eps = endpoint_map(write_tree(tmp_path, DRF_LIBRARY))
    assert {("GET", "/lessons"), ("GET", "/lessons/{pk}")} <= set(eps), sorted(eps)
    assert ("POST", "/lessons") not in eps  # read-only, through the aliased base
    assert ("DELETE", "/diplomas/{pk}") not in eps and ("PUT", "/diplomas/{pk}") in eps
    assert ("PUT", "/answers/{pk}") not in eps and ("PATCH", "/answers/{pk}") in eps
    for path in ("/token", "/password/reset", "/password/change"):
        assert ("POST", path) in eps and ("ANY", path) not in eps and ("GET", path) not in eps, \
            sorted(k for k in eps if k[1] == path)
    assert eps[("POST", "/token")].auth == "none", eps[("POST", "/token")].auth_reason
    assert eps[("POST", "/password/reset")].auth == "none"
    assert eps[("POST", "/password/change")].auth == "required"
    assert eps[("GET", "/lessons")].auth == "required"


NETHTTP_VALUES = {
    "go.mod": "module example.com/blog\n\ngo 1.22\n",
    "web/middleware.go": (
        'package web\n\nimport "net/http"\n\ntype Middleware func(http.Handler) http.Handler\n\n'
        'type ctxKey struct{}\n\n'
        'func RequireAccount() Middleware {\n'
        '\treturn func(next http.Handler) http.Handler {\n'
        '\t\treturn http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {\n'
        '\t\t\tif _, ok := r.Context().Value(ctxKey{}).(string); !ok {\n'
        '\t\t\t\thttp.Redirect(w, r, "/signin", http.StatusSeeOther)\n\t\t\t\treturn\n\t\t\t}\n'
        '\t\t\tnext.ServeHTTP(w, r)\n\t\t})\n\t}\n}\n'),
    "web/handlers.go": (
        'package web\n\nimport "net/http"\n\n'
        'type FetchUserID func(token string) (string, error)\n\n'
        'func FetchGithubUserID(token string) (string, error) { return token, nil }\n\n'
        'func HandleBlogList() http.Handler {\n'
        '\treturn http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {})\n}\n\n'
        'func HandleOAuthCallback(key string, fetchUserID FetchUserID) http.Handler {\n'
        '\treturn http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {\n'
        '\t\tid, _ := fetchUserID(r.URL.Query().Get("code"))\n\t\tw.Write([]byte(id))\n\t})\n}\n\n'
        'func Handler() http.Handler {\n\tmux := http.NewServeMux()\n'
        '\trequireAccount := RequireAccount()\n'
        '\tmux.Handle("GET /blogs", requireAccount(HandleBlogList()))\n'
        '\tmux.Handle("GET /signin/github/callback", HandleOAuthCallback("k", FetchGithubUserID))\n'
        '\treturn mux\n}\n'),
    "main.go": (
        'package main\n\nimport (\n\t"net/http"\n\n\t"example.com/blog/web"\n)\n\n'
        'func main() { http.ListenAndServe(":8080", web.Handler()) }\n'),
}


def test_nethttp_middleware_values_and_handler_factories(tmp_path):
    eps = endpoint_map(write_tree(tmp_path, NETHTTP_VALUES))
    assert eps[("GET", "/blogs")].auth == "required", eps[("GET", "/blogs")].auth_reason
    cb = eps[("GET", "/signin/github/callback")]
    assert cb.auth == "none", cb.auth_reason  # a handler factory handed a function, no wrapper
    assert cb.handler["name"].endswith("HandleOAuthCallback"), cb.handler


EXPRESS_CLASS_ROUTERS = {
    "package.json": '{"dependencies": {"express": "^4.18.0", "jsonwebtoken": "^9.0.0"}}\n',
    "tsconfig.json": (
        '{"compilerOptions": {"baseUrl": ".", "paths": {"@configs/*": ["./src/configs/*"],'
        ' "@routes/*": ["./src/routes/*"], "@middlewares/*": ["./src/middlewares/*"],'
        ' "@controllers/*": ["./src/controllers/*"]}}}\n'),
    "src/controllers/User.ts": (
        "export default class UserController {\n"
        "  getMany = async (req: any, res: any) => res.json([]);\n"
        "  getById = async (req: any, res: any) => res.json({});\n}\n"),
    "src/routes/User.ts": (
        'import { Router } from "express";\n\n'
        "class UserRouter {\n  path: string = \"/user\";\n  ctrl: any;\n\n"
        "  constructor(ctrl: any) {\n    this.ctrl = ctrl;\n  }\n\n"
        "  getRouter(): Router {\n    const router: Router = Router();\n"
        "    router.route(`${this.path}`).get(this.ctrl.getMany);\n"
        "    router.route(`${this.path}/:id`).get(this.ctrl.getById);\n"
        "    return router;\n  }\n}\n\nexport default UserRouter;\n"),
    "src/configs/routes/User.ts": (
        'import UserController from "@controllers/User";\n'
        'import UserRouter from "@routes/User";\n\n'
        "const userRouter = new UserRouter(new UserController());\n\n"
        "export default userRouter.getRouter();\n"),
    "src/middlewares/Auth.ts": (
        'import jwt from "jsonwebtoken";\n\n'
        "const middleware = (req: any, res: any, next: any): void => {\n"
        "  try {\n    req.user = jwt.verify(req.cookies.token, process.env.JWT_SECRET);\n"
        "    return next();\n  } catch (error) {\n    return res.status(401).end();\n  }\n};\n\n"
        "export default middleware;\n"),
    "src/configs/express.ts": (
        'import express from "express";\n\n'
        'const API = "/api/v1";\nconst PRIVATE = `${API}/private`;\n\n'
        "export default () => {\n  const app = express();\n"
        '  app.use(PRIVATE, require("@middlewares/Auth").default);\n'
        '  app.use(PRIVATE, require("@configs/routes/User").default);\n'
        "  return app;\n};\n"),
}


def test_express_class_routers_from_a_composition_root(tmp_path):
    eps = endpoint_map(write_tree(tmp_path, EXPRESS_CLASS_ROUTERS))
    for key in (("GET", "/api/v1/private/user"), ("GET", "/api/v1/private/user/:id")):
        assert key in eps, sorted(eps)
        assert eps[key].auth == "required", eps[key].auth_reason


ALCHEMICAL = {
    "requirements.txt": "flask\nalchemical\n",
    "api/__init__.py": "",
    "api/app.py": (
        "from flask import Flask\nfrom alchemical.flask import Alchemical\n\n"
        "db = Alchemical()\n\n\ndef create_app():\n    app = Flask(__name__)\n"
        "    db.init_app(app)\n    from api.users import users\n"
        "    app.register_blueprint(users, url_prefix='/api')\n    return app\n"),
    "api/models.py": (
        "import sqlalchemy as sqla\nfrom sqlalchemy import orm as sqla_orm\n\n"
        "from api.app import db\n\n\nclass User(db.Model):\n"
        "    id: sqla_orm.Mapped[int] = sqla_orm.mapped_column(primary_key=True)\n"),
    "api/users.py": (
        "from flask import Blueprint, abort\n\nfrom api.app import db\nfrom api.models import User\n\n"
        "users = Blueprint('users', __name__)\n\n\n"
        "@users.route('/users/<int:id>', methods=['GET'])\ndef get(id):\n"
        "    return db.session.get(User, id) or abort(404)\n\n\n"
        "@users.route('/ping', methods=['GET'])\ndef ping():\n    return {'ok': True}\n"),
}


def test_alchemical_session_is_sqlalchemy(tmp_path):
    eps = endpoint_map(write_tree(tmp_path, ALCHEMICAL))
    assert eps[("GET", "/api/users/<int:id>")].data_sites, eps[("GET", "/api/users/<int:id>")].chain
    assert not eps[("GET", "/api/ping")].data_sites


NEXT_CONNECT = {
    "package.json": '{"dependencies": {"next": "13.0.0", "next-connect": "^0.13.0"}}\n',
    "utils.server.ts": (
        "import nc from 'next-connect';\n\n"
        "export const apiHandler = () => nc({ onError: (e, req, res) => res.status(500).end() });\n"),
    "pages/api/open/comments.ts": (
        "import { apiHandler } from '../../../utils.server';\n\n"
        "export default apiHandler()\n  .use((req, res, next) => next())\n"
        "  .get(async (req, res) => { res.json([]); })\n"
        "  .post(async (req, res) => { res.json({}); });\n"),
    "pages/api/open/count.ts": (
        "import nc from 'next-connect';\n\nconst handler = nc();\n\n"
        "handler.get(async (req, res) => { res.json({ count: 0 }); });\n\n"
        "export default handler;\n"),
    "pages/api/hello.ts": (
        "export default function handler(req, res) {\n  res.json({ hello: 'world' });\n}\n"),
}


def test_next_connect_routers_serve_the_methods_they_are_given(tmp_path):
    eps = endpoint_map(write_tree(tmp_path, NEXT_CONNECT))
    assert {("GET", "/api/open/comments"), ("POST", "/api/open/comments"),
            ("GET", "/api/open/count")} <= set(eps), sorted(eps)
    assert ("ANY", "/api/open/comments") not in eps and ("PUT", "/api/open/comments") not in eps
    assert ("ANY", "/api/hello") in eps  # a plain handler still serves every method
