"""Routes, auth and data on shapes of public code labelled before auditor ran (session 46),
each with a look-alike that must not change (the injection cases are fixture lines under
fixtures/security/*/h62*, h63*, h64*, checked by test_security_rules):

- FastAPI with fastapi-jwt-auth: `Authorize: AuthJWT = Depends()` and a helper the handler
  calls first (`auth_check(Authorize)`, which calls `Authorize.jwt_required()` and turns its
  error into a 401) guards the route; `Authorize.jwt_optional()` and a login that creates the
  token guard nothing.
- Echo: echo-jwt's `echojwt.WithConfig(cfg)` guards its group; `CORSWithConfig` does not.
- gin: a middleware reading a header named `token` and aborting guards its group.
- Express: sequelize-cli's `models/index.js` registry resolves to the model class; iron-session
  loads a session and refuses nobody; a handler writing the caller into the session is a login.
- TypeScript: a type alias of an intersection (`Document & User`) reaches the Mongoose document.
- flask-restx: resources sharing one wrapper decorator keep their own handlers; a package named
  after the library it wraps imports the library.
- Next.js: Auth.js v5 `auth(fn)` middleware is judged by `fn`.
- Django: a CreateView saves its ModelForm on POST; a FormView of a plain Form does not.
- Go: a function held in a struct field is followed, but not in generated code.
"""
from __future__ import annotations

from conftest import endpoint_map, write_tree

JWT_AUTH = {
    "requirements.txt": "fastapi\nfastapi-jwt-auth\n",
    "app/__init__.py": "",
    "app/auth.py": (
        "from fastapi import HTTPException\n"
        "from fastapi_jwt_auth.exceptions import JWTDecodeError\n"
        "from app.settings import settings\n\n"
        "def auth_check(Authorize):\n"
        "    if str(settings.DISABLE_AUTH).lower() == 'true':\n"
        "        return\n"
        "    try:\n"
        "        return Authorize.jwt_required()\n"
        "    except JWTDecodeError as exc:\n"
        "        raise HTTPException(status_code=exc.status_code, detail=exc.message)\n"),
    "app/settings.py": "class S:\n    DISABLE_AUTH = False\nsettings = S()\n",
    "app/main.py": (
        "from fastapi import FastAPI, APIRouter, Depends\n"
        "from fastapi_jwt_auth import AuthJWT\n"
        "from app.auth import auth_check\n"
        "app = FastAPI()\n"
        "router = APIRouter()\n\n"
        "@router.get('/apps')\n"
        "def list_apps(Authorize: AuthJWT = Depends()):\n"
        "    auth_check(Authorize)\n"
        "    return []\n\n"
        "@router.post('/refresh')\n"
        "def refresh(Authorize: AuthJWT = Depends()):\n"
        "    Authorize.jwt_refresh_token_required()\n"
        "    user = Authorize.get_jwt_subject()\n"
        "    return {'access_token': Authorize.create_access_token(subject=user)}\n\n"
        "@router.get('/feed')\n"
        "def feed(Authorize: AuthJWT = Depends()):\n"
        "    Authorize.jwt_optional()\n"
        "    return {'user': Authorize.get_jwt_subject()}\n\n"
        "@router.post('/login')\n"
        "def login(form: dict, Authorize: AuthJWT = Depends()):\n"
        "    return {'access_token': Authorize.create_access_token(subject=form['username'])}\n\n"
        "app.include_router(router, prefix='/auth')\n"),
}


def test_fastapi_jwt_auth_guards_called_in_the_view_or_a_helper(tmp_path):
    eps = endpoint_map(write_tree(tmp_path, JWT_AUTH))
    assert eps[("GET", "/auth/apps")].auth == "required", eps[("GET", "/auth/apps")].auth_reason
    assert eps[("POST", "/auth/refresh")].auth == "required"
    assert eps[("GET", "/auth/feed")].auth != "required"
    assert eps[("POST", "/auth/login")].auth != "required"


ECHO_JWT = {
    "main.go": (
        'package main\n\nimport (\n\t"net/http"\n\n\techojwt "github.com/labstack/echo-jwt/v4"\n'
        '\t"github.com/labstack/echo/v4"\n\t"github.com/labstack/echo/v4/middleware"\n)\n\n'
        'func main() {\n\te := echo.New()\n'
        '\te.Use(middleware.CORSWithConfig(middleware.CORSConfig{}))\n'
        '\te.GET("/api/info", info)\n'
        '\tcfg := echojwt.Config{SigningKey: []byte("k")}\n'
        '\tg := e.Group("/api")\n\tg.Use(echojwt.WithConfig(cfg))\n'
        '\tg.GET("/apps", info)\n\te.Logger.Fatal(e.Start(":1323"))\n}\n\n'
        'func info(c echo.Context) error { return c.JSON(http.StatusOK, nil) }\n'),
}


def test_echo_jwt_with_config_guards_its_group(tmp_path):
    """echo-jwt's `echojwt.WithConfig(cfg)` is the JWT middleware (the package names what it
    is, `WithConfig` is Echo's spelling of a configured middleware); `CORSWithConfig` is not."""
    from conftest import scan_go_module

    eps, _ = scan_go_module(tmp_path, ECHO_JWT)
    assert eps[("GET", "/api/apps")].auth == "required", eps[("GET", "/api/apps")].auth_reason
    assert eps[("GET", "/api/info")].auth == "none"


GIN_TOKEN_HEADER = {
    "main.go": (
        'package main\n\nimport "github.com/gin-gonic/gin"\n\n'
        'func LoginInterceptor(c *gin.Context) {\n\tcToken := c.GetHeader("token")\n'
        '\tif cToken == "" {\n\t\tc.JSON(200, gin.H{"code": 1000})\n\t\tc.Abort()\n\t\treturn\n\t}\n'
        '\tuser, ok := cache.Get(cToken)\n\tif !ok {\n\t\tc.JSON(200, gin.H{"code": 1001})\n'
        '\t\tc.Abort()\n\t\treturn\n\t}\n\tc.Set("userInfo", user)\n}\n\n'
        'func Lang(c *gin.Context) {\n\tc.Set("lang", c.GetHeader("lang"))\n\tc.Next()\n}\n\n'
        'func main() {\n\tr := gin.Default()\n\tapi := r.Group("/api")\n'
        '\tpriv := api.Group("", LoginInterceptor)\n\tpriv.POST("/user/getInfo", info)\n'
        '\tpub := api.Group("", Lang)\n\tpub.POST("/about", info)\n\tr.Run()\n}\n\n'
        'func info(c *gin.Context) { c.JSON(200, nil) }\n'),
}


def test_gin_middleware_reading_a_token_header_guards(tmp_path):
    """A middleware reading a request header named for the token (`c.GetHeader("token")`) and
    aborting when it is empty or unknown guards its group, whatever status its error helper
    writes; one reading another header and calling Next guards nothing."""
    from conftest import scan_go_module

    eps, _ = scan_go_module(tmp_path, GIN_TOKEN_HEADER)
    assert eps[("POST", "/api/user/getInfo")].auth == "required", \
        eps[("POST", "/api/user/getInfo")].auth_reason
    assert eps[("POST", "/api/about")].auth == "none"


SEQUELIZE_CLI = {
    "package.json": '{"dependencies": {"express": "^4", "sequelize": "^6"}}\n',
    "models/index.js": (
        "'use strict';\nconst fs = require('fs');\nconst path = require('path');\n"
        "const Sequelize = require('sequelize');\nconst basename = path.basename(__filename);\n"
        "const sequelize = new Sequelize(process.env.DATABASE_URL);\nconst db = {};\n"
        "fs.readdirSync(__dirname)\n  .filter(file => file !== basename && file.slice(-3) === '.js')\n"
        "  .forEach(file => {\n"
        "    const model = require(path.join(__dirname, file))(sequelize, Sequelize.DataTypes);\n"
        "    db[model.name] = model;\n  });\n"
        "db.sequelize = sequelize;\nmodule.exports = db;\n"),
    "models/organisation.js": (
        "'use strict';\nconst { Model } = require('sequelize');\n"
        "module.exports = (sequelize, DataTypes) => {\n"
        "  class Organisation extends Model {\n"
        "    static show(id) {\n      return this.findByPk(id);\n    }\n"
        "    static label(name) {\n      return `org: ${name}`;\n    }\n  }\n"
        "  Organisation.init({ name: DataTypes.STRING }, { sequelize, modelName: 'Organisation' });\n"
        "  return Organisation;\n};\n"),
    "app.js": (
        "const express = require('express');\nconst { Organisation } = require('./models');\n"
        "const app = express();\n"
        "app.get('/organisations/:id', async (req, res) => {\n"
        "  res.json(await Organisation.show(req.params.id));\n});\n"
        "app.get('/label/:name', (req, res) => {\n"
        "  res.json({ label: Organisation.label(req.params.name) });\n});\n"
        "app.listen(3000);\n"),
}


def test_sequelize_cli_model_registry_resolves_to_the_model_class(tmp_path):
    """sequelize-cli's models/index.js loads every file beside it and exports each model
    under its name: `const { Organisation } = require('./models')` is the class of
    models/organisation.js, so its static method (`this.findByPk`) is on the route's trace."""
    from conftest import scan

    res = scan(write_tree(tmp_path, SEQUELIZE_CLI))
    eps = {(e.method, e.path): e for e in res.endpoints}
    show = eps[("GET", "/organisations/:id")]
    assert any(c.name.endswith("Organisation.show") for c in show.chain), show.chain
    assert any(s["file"] == "models/organisation.js" for s in show.data_sites), show.data_sites
    label = eps[("GET", "/label/:name")]
    assert not label.data_sites, label.data_sites


MONGOOSE_ALIAS = {
    "package.json": '{"dependencies": {"express": "^4", "mongoose": "^7"}}\n',
    "src/user.schema.ts": (
        "import { Document } from 'mongoose';\n"
        "export class User { fullName: string; serialize(groups: string[]) { return {}; } }\n"
        "export type UserDocument = Document & User;\n"),
    "src/profile.service.ts": (
        "import { UserDocument } from './user.schema';\n"
        "export class ProfileService {\n"
        "  async rename(user: UserDocument, name: string) {\n"
        "    user.fullName = name;\n    await user.save();\n    return user;\n  }\n"
        "  show(user: UserDocument) {\n    return user.serialize(['mine']);\n  }\n}\n"),
    "src/app.ts": (
        "import express from 'express';\nimport { ProfileService } from './profile.service';\n"
        "const app = express();\nconst service = new ProfileService();\n"
        "app.put('/profile/name', async (req: any, res) => {\n"
        "  res.json(await service.rename(req.user, req.body.name));\n});\n"
        "app.get('/profile', (req: any, res) => {\n  res.json(service.show(req.user));\n});\n"
        "app.listen(3000);\n"),
}


def test_a_type_alias_intersection_reaches_the_mongoose_document(tmp_path):
    """`type UserDocument = Document & User`: a parameter typed with it is a Mongoose document,
    whose `save()` writes the store; its other members (`serialize`) read nothing."""
    from conftest import scan

    res = scan(write_tree(tmp_path, MONGOOSE_ALIAS))
    eps = {(e.method, e.path): e for e in res.endpoints}
    assert eps[("PUT", "/profile/name")].data_sites, eps[("PUT", "/profile/name")].chain
    assert not eps[("GET", "/profile")].data_sites, eps[("GET", "/profile")].data_sites


RESTPLUS_SHARED_DECORATOR = {
    "requirements.txt": "flask\nflask-restx\nflask-sqlalchemy\nsqlalchemy-utils\n",
    "app/__init__.py": (
        "from flask import Flask, Blueprint\nfrom flask_restx import Api\n"
        "from app.users import ns as users_ns\nfrom app.teams import ns as teams_ns\n"
        "def create_app():\n    app = Flask(__name__)\n"
        "    bp = Blueprint('api', __name__, url_prefix='/api/v1')\n"
        "    api = Api(bp)\n    api.add_namespace(users_ns)\n    api.add_namespace(teams_ns)\n"
        "    app.register_blueprint(bp)\n    return app\n"),
    "app/extensions/__init__.py": "from .flask_sqlalchemy import SQLAlchemy\ndb = SQLAlchemy()\n",
    "app/extensions/flask_sqlalchemy/__init__.py": (
        "from flask_sqlalchemy import SQLAlchemy as BaseSQLAlchemy\n\n"
        "class SQLAlchemy(BaseSQLAlchemy):\n    def init_app(self, app):\n"
        "        super().init_app(app)\n"),
    "app/deco.py": (
        "import functools\n\ndef paginate(func):\n    @functools.wraps(func)\n"
        "    def wrapper(*args, **kwargs):\n        return func(*args, **kwargs)\n"
        "    return wrapper\n"),
    "app/models.py": (
        "from sqlalchemy_utils import Timestamp\nfrom app.extensions import db\n\n"
        "class User(db.Model, Timestamp):\n    id = db.Column(db.Integer, primary_key=True)\n\n"
        "class Team(db.Model, Timestamp):\n    id = db.Column(db.Integer, primary_key=True)\n"),
    "app/users.py": (
        "from flask_restx import Namespace, Resource\nfrom app.deco import paginate\n"
        "from app.models import User\n\nns = Namespace('users')\n\n"
        "@ns.route('/')\nclass Users(Resource):\n    @paginate\n    def get(self):\n"
        "        return User.query.all()\n"),
    "app/teams.py": (
        "from flask_restx import Namespace, Resource\nfrom app.deco import paginate\n"
        "from app.models import Team\n\nns = Namespace('teams')\n\n"
        "@ns.route('/')\nclass Teams(Resource):\n    @paginate\n    def get(self):\n"
        "        return {'teams': []}\n"),
}


def test_handlers_sharing_a_decorator_and_a_package_named_after_its_library(tmp_path):
    """Two resources decorated by the same wrapper keep their own handlers (the solver merges
    what the wrapper hands back; the method the route names is the answer), and a package
    named after the library it wraps (`app/extensions/flask_sqlalchemy/`) imports the
    library: `db.Model` is Flask-SQLAlchemy's, so `User.query.all()` reads the store."""
    eps = endpoint_map(write_tree(tmp_path, RESTPLUS_SHARED_DECORATOR))
    users, teams = eps[("GET", "/api/v1/users")], eps[("GET", "/api/v1/teams")]
    assert users.handler["name"].endswith("Users.get"), users.handler
    assert teams.handler["name"].endswith("Teams.get"), teams.handler
    assert users.data_sites, users.chain
    assert not teams.data_sites, teams.data_sites


AUTHJS_V5_MIDDLEWARE = {
    "package.json": '{"dependencies": {"next": "15.0.0", "next-auth": "5.0.0-beta.25"}}\n',
    "middleware.ts": (
        "import NextAuth from 'next-auth';\nimport { NextResponse } from 'next/server';\n"
        "import { authConfig } from './auth.config';\nconst { auth } = NextAuth(authConfig);\n"
        "const protectedRoutes = ['/dashboard', '/admin'];\n"
        "export default auth(async function middleware(req) {\n"
        "  const isProtected = protectedRoutes.some((r) => req.nextUrl.pathname.startsWith(r));\n"
        "  if (isProtected && !req.auth) {\n"
        "    return NextResponse.redirect(new URL('/login', req.url));\n  }\n"
        "  return NextResponse.next();\n});\n"
        "export const config = { matcher: ['/dashboard/:path*', '/admin/:path*', '/api/:path*'] };\n"),
    "auth.config.ts": "export const authConfig = { providers: [] };\n",
    "app/api/health/route.ts": (
        "import { NextResponse } from 'next/server';\n"
        "export async function GET() {\n  return NextResponse.json({ ok: true });\n}\n"),
}


def test_authjs_v5_auth_wrapper_is_judged_by_the_function_it_runs(tmp_path):
    """Auth.js v5 `export default auth(fn)` puts the session on `req.auth` and runs `fn`: a
    middleware that sends only page paths to the login page guards no API route it matches."""
    eps = endpoint_map(write_tree(tmp_path, AUTHJS_V5_MIDDLEWARE))
    assert eps[("GET", "/api/health")].auth != "required", eps[("GET", "/api/health")].auth_reason


DJANGO_SIGNUP = {
    "requirements.txt": "django\n",
    "proj/__init__.py": "",
    "proj/urls.py": (
        "from django.urls import path, include\n"
        "urlpatterns = [path('accounts/', include('accounts.urls'))]\n"),
    "accounts/__init__.py": "",
    "accounts/views.py": (
        "from django import forms\n"
        "from django.contrib.auth.forms import UserCreationForm\n"
        "from django.urls import reverse_lazy\n"
        "from django.views import generic\n\n"
        "class ContactForm(forms.Form):\n    message = forms.CharField()\n\n"
        "class SignUp(generic.CreateView):\n"
        "    form_class = UserCreationForm\n"
        "    success_url = reverse_lazy('login')\n"
        "    template_name = 'signup.html'\n\n"
        "class Contact(generic.FormView):\n"
        "    form_class = ContactForm\n"
        "    template_name = 'contact.html'\n"),
    "accounts/urls.py": (
        "from django.urls import path\nfrom . import views\n"
        "urlpatterns = [path('signup', views.SignUp.as_view()),\n"
        "               path('contact', views.Contact.as_view())]\n"),
}


def test_django_create_view_saves_its_model_form(tmp_path):
    """A CreateView whose `form_class` is a ModelForm (the auth app's UserCreationForm) saves
    it on a valid POST: the route writes the store; a FormView of a plain Form does not."""
    eps = endpoint_map(write_tree(tmp_path, DJANGO_SIGNUP))
    assert eps[("POST", "/accounts/signup")].data_sites, eps[("POST", "/accounts/signup")].chain
    assert not eps[("POST", "/accounts/contact")].data_sites


EXPRESS_IRON_SESSION = {
    "package.json": '{"dependencies": {"express": "^4", "iron-session": "^6"}}\n',
    "src/index.ts": (
        "import express from 'express';\nimport { ironSession } from 'iron-session/express';\n"
        "import { users } from './users';\n"
        "const app = express();\n"
        "app.use(ironSession({ cookieName: 'app', password: process.env.COOKIE_PASSWORD! }));\n"
        "function isLoggedIn(req: any, res: any, next: any) {\n"
        "  if (!req.session.userId) { return res.status(401).send(); }\n  next();\n}\n"
        "app.post('/auth/verify', async (req: any, res) => {\n"
        "  const ok = await verifySignature(req.body.proof);\n"
        "  if (!ok) { return res.status(401).send(); }\n"
        "  const user = await users.upsert(req.body.id);\n"
        "  req.session.userId = user.id;\n  await req.session.save();\n"
        "  return res.status(200).send({ data: user });\n});\n"
        "app.post('/auth/logout', (req: any, res) => {\n"
        "  req.session.destroy();\n  res.status(204).send();\n});\n"
        "app.get('/me', isLoggedIn, (req: any, res) => res.send({ id: req.session.userId }));\n"
        "declare function verifySignature(p: string): Promise<boolean>;\n"
        "app.listen(3000);\n"),
    "src/users.ts": "export const users = { upsert: async (id: string) => ({ id }) };\n",
}


def test_session_library_middleware_and_a_login_that_writes_the_session(tmp_path):
    """iron-session's `ironSession(...)` loads a session and refuses nobody; a handler that
    checks a proof and writes the caller into the session (`req.session.userId = ...; await
    req.session.save()`) is a login, whatever its 401; a guard reading the session guards."""
    eps = endpoint_map(write_tree(tmp_path, EXPRESS_IRON_SESSION))
    assert eps[("POST", "/auth/verify")].auth != "required", eps[("POST", "/auth/verify")].auth_reason
    assert eps[("POST", "/auth/logout")].auth != "required", eps[("POST", "/auth/logout")].auth_reason
    assert eps[("GET", "/me")].auth == "required", eps[("GET", "/me")].auth_reason


GO_FIELD_FUNCS = {
    "main.go": (
        'package main\n\nimport (\n\t"net/http"\n\t"os/exec"\n\n\t"example.com/svc/ent"\n)\n\n'
        'type Sink struct {\n\tName    string\n\tHandler func(string) string\n}\n\n'
        'func run(in string) string {\n\tout, _ := exec.Command(in).Output()\n\treturn string(out)\n}\n\n'
        'var sinks = []*Sink{{Name: "run", Handler: run}}\n\n'
        'func main() {\n\tfor _, s := range sinks {\n\t\ts := s\n'
        '\t\thttp.HandleFunc("/sink/"+s.Name, func(w http.ResponseWriter, r *http.Request) {\n'
        '\t\t\ts.Handler(r.URL.Query().Get("in"))\n\t\t})\n\t}\n'
        '\thttp.HandleFunc("/tags", func(w http.ResponseWriter, r *http.Request) {\n'
        '\t\tent.NewTagQuery().All()\n\t})\n\thttp.ListenAndServe(":8080", nil)\n}\n'),
    "ent/tag.go": (
        '// Code generated by ent, DO NOT EDIT.\n\npackage ent\n\n'
        'type TagQuery struct {\n\tpath func() []string\n}\n\n'
        'func NewTagQuery() *TagQuery { return &TagQuery{} }\n\n'
        'func (q *TagQuery) All() []string {\n\tif q.path != nil {\n\t\treturn q.path()\n\t}\n\treturn nil\n}\n\n'
        'func (q *TagQuery) QueryUsers() *TagQuery {\n'
        '\tq.path = func() []string { return usersOfTags() }\n\treturn q\n}\n\n'
        'func usersOfTags() []string { return nil }\n'),
}


def test_go_field_functions_are_followed_outside_generated_code(tmp_path):
    """A function held in a struct field (`Sink{Handler: run}`, called as `s.Handler(in)`) is
    reached from the call; in generated code (ent's queries set a `path` closure per edge)
    the field's closures are not tied to every call of it."""
    from conftest import scan_go_module

    eps, res = scan_go_module(tmp_path, GO_FIELD_FUNCS)
    assert any(f.category == "command-injection" for f in res.findings), \
        [f.category for f in res.findings]
    tags = next(e for (m, p), e in eps.items() if p == "/tags")
    assert not any("usersOfTags" in c.name for c in tags.chain), [c.name for c in tags.chain]
