"""Constructs met on a holdout of unseen Python and JavaScript backends (2026-12-04), one small
tree each, with the routes, auth and data sites on exact lines that the framework really gives:

- Flask: a blueprint re-exported by its package `__init__.py` and imported under an alias inside
  the app factory; flask-assets' `assets_env.register(name, bundle)` (not a DRF router); a model
  whose first base is Flask-Login's `UserMixin` (its `query` is Flask-SQLAlchemy's), models
  re-exported by a star import, and WTForms' `validate_on_submit()` running `validate_<field>`.
- FastAPI: a prefix built from a module constant that is itself an f-string; a `get_session`
  dependency yielding a database session (no guard, whatever "session" says); dependencies that
  are instances of in-tree classes (an `HTTPBearer` subclass, a `RoleChecker` whose `__call__`
  depends on the current user), named directly or through a module variable holding `Depends(..)`.
- DRF: permission classes judged by the `has_permission` they really run (an in-tree subclass of
  IsAuthenticatedOrReadOnly that adds only `has_object_permission` rejects anonymous writes; its
  reads are optional where the view or its serializer reads `request.user`, else open; a
  `BasePermission` whose `has_permission` never looks at the user lets anyone in, whatever it is
  called); `include("rest_framework.urls")` (Django's LoginView and LogoutView);
  `include_docs_urls` (generated documentation, not listed); a router action a viewset inherits
  from DRF is not another class's method of the same name; a `queryset` of a model of an
  installed app (`taggit.models.Tag.objects.all()`) is data.
- Express (CommonJS): `exports.requiresLogin = function (req, res, next) { if
  (req.isAuthenticated()) return next(); res.redirect('/login') }` is a guard (the test written
  the positive way round); `const pauth = passport.authenticate.bind(passport)` then
  `pauth('github')` is Passport's login, not a guard; `app.param('id', articles.load)` loads the
  record (through `co`'s `wrap(function* ...)`) for every route with `:id`: its data is theirs;
  `articles.load` is that module's `load`, not another module's.
"""
from __future__ import annotations

from pathlib import Path

from conftest import scan, write_tree


def _eps(tmp_path: Path, files: dict) -> dict:
    result = scan(write_tree(tmp_path, files))
    return {(e.method, e.path): e for e in result.endpoints if not e.implicit}


def _lines(ep) -> set:
    return {(s["file"], s["line"]) for s in ep.data_sites}


FLASK_FACTORY = {
    "app/__init__.py": (
        "from flask import Flask\n"
        "from flask_assets import Environment\n"
        "from flask_sqlalchemy import SQLAlchemy\n"
        "from flask_login import LoginManager\n"
        "from app.assets import app_css\n"
        "\n"
        "db = SQLAlchemy()\n"
        "login_manager = LoginManager()\n"
        "\n"
        "def create_app():\n"
        "    app = Flask(__name__)\n"
        "    db.init_app(app)\n"
        "    assets_env = Environment(app)\n"
        "    assets_env.register('app_css', app_css)\n"
        "    from .main import main as main_blueprint\n"
        "    app.register_blueprint(main_blueprint)\n"
        "    from .account import account as account_blueprint\n"
        "    app.register_blueprint(account_blueprint, url_prefix='/account')\n"
        "    return app\n"),
    "app/assets.py": (
        "from flask_assets import Bundle\n"
        "app_css = Bundle('styles/app.scss', output='styles/app.css')\n"),
    "app/models/__init__.py": "from .user import *  # noqa\n",
    "app/models/user.py": (
        "from flask_login import UserMixin\n"
        "from .. import db\n"
        "\n"
        "class User(UserMixin, db.Model):\n"
        "    id = db.Column(db.Integer, primary_key=True)\n"
        "    email = db.Column(db.String(64))\n"),
    "app/main/__init__.py": "from app.main.views import main  # noqa\n",
    "app/main/views.py": (
        "from flask import Blueprint, render_template\n"
        "\n"
        "main = Blueprint('main', __name__)\n"
        "\n"
        "@main.route('/')\n"
        "def index():\n"
        "    return render_template('index.html')\n"),
    "app/account/__init__.py": "from app.account.views import account  # noqa\n",
    "app/account/forms.py": (
        "from flask_wtf import FlaskForm\n"
        "from wtforms import StringField\n"
        "from app.models import User\n"
        "\n"
        "class ChangeEmailForm(FlaskForm):\n"
        "    email = StringField('Email')\n"
        "\n"
        "    def validate_email(self, field):\n"
        "        if User.query.filter_by(email=field.data).first():\n"  # 9
        "            raise ValueError('taken')\n"),
    "app/account/views.py": (
        "from flask import Blueprint, render_template\n"
        "from flask_login import login_required\n"
        "from app.account.forms import ChangeEmailForm\n"
        "from app.models import User\n"
        "\n"
        "account = Blueprint('account', __name__)\n"
        "\n"
        "@account.route('/user/<int:user_id>')\n"
        "@login_required\n"
        "def user_info(user_id):\n"
        "    user = User.query.filter_by(id=user_id).first()\n"  # 11
        "    return render_template('user.html', user=user)\n"
        "\n"
        "@account.route('/change-email', methods=['POST'])\n"
        "@login_required\n"
        "def change_email():\n"
        "    form = ChangeEmailForm()\n"
        "    if form.validate_on_submit():\n"
        "        return 'ok'\n"
        "    return render_template('change.html', form=form)\n"),
}


def test_flask_factory_blueprints_assets_and_models(tmp_path):
    eps = _eps(tmp_path, FLASK_FACTORY)
    assert {(m, p, e.auth) for (m, p), e in eps.items()} == {
        ("GET", "/", "none"),
        ("GET", "/account/user/<int:user_id>", "required"),
        ("POST", "/account/change-email", "required"),
    }  # no route from assets_env.register('app_css', app_css)
    assert _lines(eps[("GET", "/account/user/<int:user_id>")]) == {("app/account/views.py", 11)}
    assert _lines(eps[("POST", "/account/change-email")]) == {("app/account/forms.py", 9)}


FASTAPI_CLASS_DEPS = {
    "src/__init__.py": (
        "from fastapi import FastAPI\n"
        "from src.books.routes import book_router\n"
        "from src.auth.routes import auth_router\n"
        "\n"
        "version = 'v1'\n"
        "version_prefix = f'/api/{version}'\n"
        "app = FastAPI()\n"
        "app.include_router(book_router, prefix=f'{version_prefix}/books')\n"
        "app.include_router(auth_router, prefix=f'{version_prefix}/auth')\n"),
    "src/db/main.py": (
        "from sqlalchemy.orm import sessionmaker\n"
        "from sqlmodel.ext.asyncio.session import AsyncSession\n"
        "\n"
        "async def get_session() -> AsyncSession:\n"
        "    Session = sessionmaker(class_=AsyncSession, expire_on_commit=False)\n"
        "    async with Session() as session:\n"
        "        yield session\n"),
    "src/auth/dependencies.py": (
        "from fastapi import Depends, Request\n"
        "from fastapi.security import HTTPBearer\n"
        "\n"
        "class TokenBearer(HTTPBearer):\n"
        "    def __init__(self, auto_error=True):\n"
        "        super().__init__(auto_error=auto_error)\n"
        "\n"
        "    async def __call__(self, request: Request):\n"
        "        creds = await super().__call__(request)\n"
        "        return decode(creds.credentials)\n"
        "\n"
        "class AccessTokenBearer(TokenBearer):\n"
        "    pass\n"
        "\n"
        "class RefreshTokenBearer(TokenBearer):\n"
        "    pass\n"
        "\n"
        "async def get_current_user(token: dict = Depends(AccessTokenBearer())):\n"
        "    return token['user']\n"
        "\n"
        "class RoleChecker:\n"
        "    def __init__(self, roles):\n"
        "        self.roles = roles\n"
        "\n"
        "    def __call__(self, user=Depends(get_current_user)):\n"
        "        return user['role'] in self.roles\n"),
    "src/auth/routes.py": (
        "from fastapi import APIRouter, Depends\n"
        "from src.db.main import get_session\n"
        "from .dependencies import RefreshTokenBearer\n"
        "\n"
        "auth_router = APIRouter()\n"
        "\n"
        "@auth_router.post('/login')\n"
        "async def login(session=Depends(get_session)):\n"
        "    return {}\n"
        "\n"
        "@auth_router.get('/refresh_token')\n"
        "async def refresh(details: dict = Depends(RefreshTokenBearer())):\n"
        "    return details\n"
        "\n"
        "@auth_router.get('/lenient')\n"
        "async def lenient(details=Depends(RefreshTokenBearer(auto_error=False))):\n"
        "    return details\n"),
    "src/books/routes.py": (
        "from fastapi import APIRouter, Depends\n"
        "from src.db.main import get_session\n"
        "from src.auth.dependencies import AccessTokenBearer, RoleChecker\n"
        "\n"
        "book_router = APIRouter()\n"
        "bearer = AccessTokenBearer()\n"
        "role_checker = Depends(RoleChecker(['admin']))\n"
        "\n"
        "@book_router.get('/{uid}', dependencies=[role_checker])\n"
        "async def get_book(uid: str, session=Depends(get_session)):\n"
        "    return {}\n"
        "\n"
        "@book_router.delete('/{uid}')\n"
        "async def delete_book(uid: str, _: dict = Depends(bearer)):\n"
        "    return None\n"),
}


def test_fastapi_class_dependencies_session_getter_and_fstring_prefix(tmp_path):
    eps = _eps(tmp_path, FASTAPI_CLASS_DEPS)
    assert {(m, p, e.auth) for (m, p), e in eps.items()} == {
        ("POST", "/api/v1/auth/login", "none"),  # get_session guards nothing
        ("GET", "/api/v1/auth/refresh_token", "required"),  # an HTTPBearer subclass
        ("GET", "/api/v1/auth/lenient", "optional"),  # ... made with auto_error=False
        ("GET", "/api/v1/books/{uid}", "required"),  # RoleChecker.__call__ -> current user
        ("DELETE", "/api/v1/books/{uid}", "required"),  # a module instance of the bearer
    }


DRF = {
    "proj/settings.py": (
        "REST_FRAMEWORK = {\n"
        "    'DEFAULT_PERMISSION_CLASSES': ['rest_framework.permissions.IsAuthenticatedOrReadOnly'],\n"
        "}\n"),
    "proj/urls.py": (
        "from django.urls import path, include\n"
        "from rest_framework.documentation import include_docs_urls\n"
        "from core.views import router\n"
        "\n"
        "urlpatterns = [\n"
        "    path('api/', include(router.urls)),\n"
        "    path('api-auth/', include('rest_framework.urls', namespace='rest_framework')),\n"
        "    path('api/docs/', include_docs_urls(title='API')),\n"
        "]\n"),
    "core/__init__.py": "",
    "core/models.py": (
        "from django.db import models\n"
        "\n"
        "class Pin(models.Model):\n"
        "    private = models.BooleanField()\n"),
    "core/permissions.py": (
        "from rest_framework import permissions\n"
        "\n"
        "class IsOwnerOrReadOnly(permissions.IsAuthenticatedOrReadOnly):\n"
        "    def has_object_permission(self, request, view, obj):\n"
        "        if request.method in permissions.SAFE_METHODS:\n"
        "            return True\n"
        "        return obj.owner == request.user\n"
        "\n"
        "class RegistrationOpen(permissions.BasePermission):\n"
        "    def has_permission(self, request, view):\n"
        "        return request.method != 'POST' or OPEN\n"),
    "core/serializers.py": (
        "from rest_framework import serializers\n"
        "\n"
        "class ProfileSerializer(serializers.Serializer):\n"
        "    def get_following(self, instance):\n"
        "        request = self.context.get('request')\n"
        "        return request.user.is_authenticated\n"),
    "core/views.py": (
        "from rest_framework import viewsets, mixins, routers\n"
        "from rest_framework.viewsets import GenericViewSet\n"
        "from taggit.models import Tag\n"
        "from core.models import Pin\n"
        "from core.permissions import IsOwnerOrReadOnly, RegistrationOpen\n"
        "from core.serializers import ProfileSerializer\n"
        "\n"
        "class PinViewSet(viewsets.ModelViewSet):\n"
        "    permission_classes = [IsOwnerOrReadOnly]\n"
        "\n"
        "    def get_queryset(self):\n"
        "        return Pin.objects.exclude(private=True, owner=self.request.user)\n"  # 12
        "\n"
        "class TagViewSet(mixins.ListModelMixin, GenericViewSet):\n"
        "    queryset = Tag.objects.all()\n"  # 15
        "\n"
        "    def list(self, request, *args, **kwargs):\n"
        "        return super().list(request, *args, **kwargs)\n"
        "\n"
        "class SignupViewSet(mixins.CreateModelMixin, GenericViewSet):\n"
        "    permission_classes = [RegistrationOpen]\n"
        "    queryset = Pin.objects.all()\n"
        "\n"
        "class ProfileViewSet(mixins.RetrieveModelMixin, GenericViewSet):\n"
        "    queryset = Pin.objects.all()\n"
        "    serializer_class = ProfileSerializer\n"
        "\n"
        "router = routers.DefaultRouter()\n"
        "router.register(r'profiles', ProfileViewSet)\n"
        "router.register(r'pins', PinViewSet, basename='pin')\n"
        "router.register(r'tags', TagViewSet)\n"
        "router.register(r'signup', SignupViewSet, basename='signup')\n"),
}


def test_drf_permission_classes_builtin_urlconfs_and_inherited_actions(tmp_path):
    eps = _eps(tmp_path, DRF)
    got = {(m, p, e.auth) for (m, p), e in eps.items()}
    assert got == {
        ("GET", "/api/pins/", "optional"), ("POST", "/api/pins/", "required"),
        ("GET", "/api/pins/{pk}/", "optional"), ("PUT", "/api/pins/{pk}/", "required"),
        ("PATCH", "/api/pins/{pk}/", "required"), ("DELETE", "/api/pins/{pk}/", "required"),
        ("GET", "/api/tags/", "none"),  # IsAuthenticatedOrReadOnly, nothing reads the user
        ("GET", "/api/profiles/{pk}/", "optional"),  # its serializer reads request.user
        ("POST", "/api/signup/", "none"),  # its has_permission never looks at the user
        ("GET", "/api-auth/login/", "none"), ("POST", "/api-auth/login/", "none"),
        ("PUT", "/api-auth/login/", "none"), ("ANY", "/api-auth/logout/", "none"),
    }  # no /api/docs/ route
    assert _lines(eps[("GET", "/api/pins/")]) == {("core/views.py", 12)}  # PinViewSet's own
    assert _lines(eps[("GET", "/api/tags/")]) == {("core/views.py", 15)}


EXPRESS_CJS = {
    "server.js": (
        "const express = require('express');\n"
        "const passport = require('passport');\n"
        "const app = express();\n"
        "require('./config/routes')(app, passport);\n"
        "app.listen(3000);\n"),
    "config/middlewares/authorization.js": (
        "exports.requiresLogin = function (req, res, next) {\n"
        "  if (req.isAuthenticated()) return next();\n"
        "  res.redirect('/login');\n"
        "};\n"),
    "app/models/article.js": (
        "const mongoose = require('mongoose');\n"
        "const ArticleSchema = new mongoose.Schema({ title: String });\n"
        "mongoose.model('Article', ArticleSchema);\n"),
    "app/controllers/comments.js": (
        "exports.load = function (req, res, next, id) {\n"
        "  req.comment = req.article.comments.find((c) => c.id === id);\n"
        "  next();\n"
        "};\n"),
    "app/controllers/articles.js": (
        "const mongoose = require('mongoose');\n"
        "const { wrap: async } = require('co');\n"
        "const Article = mongoose.model('Article');\n"
        "\n"
        "exports.load = async(function* (req, res, next, id) {\n"
        "  req.article = yield Article.findById(id);\n"  # 6
        "  next();\n"
        "});\n"
        "\n"
        "exports.show = function (req, res) {\n"
        "  res.render('articles/show', { article: req.article });\n"
        "};\n"
        "\n"
        "exports.new = function (req, res) {\n"
        "  res.render('articles/new', {});\n"
        "};\n"),
    "config/routes.js": (
        "const articles = require('../app/controllers/articles');\n"
        "const comments = require('../app/controllers/comments');\n"
        "const auth = require('./middlewares/authorization');\n"
        "\n"
        "module.exports = function (app, passport) {\n"
        "  const pauth = passport.authenticate.bind(passport);\n"
        "  app.get('/auth/github', pauth('github', { failureRedirect: '/login' }), articles.new);\n"
        "  app.param('id', articles.load);\n"
        "  app.param('commentId', comments.load);\n"
        "  app.get('/articles/new', auth.requiresLogin, articles.new);\n"
        "  app.get('/articles/:id', articles.show);\n"
        "};\n"),
}


def test_express_commonjs_guard_passport_alias_and_param_loaders(tmp_path):
    eps = _eps(tmp_path, EXPRESS_CJS)
    assert {(m, p, e.auth) for (m, p), e in eps.items()} == {
        ("GET", "/auth/github", "none"),  # the GitHub login itself
        ("GET", "/articles/new", "required"),
        ("GET", "/articles/:id", "none"),
    }
    assert _lines(eps[("GET", "/articles/:id")]) == {("app/controllers/articles.js", 6)}
    assert eps[("GET", "/articles/new")].data_sites == []  # no `:id`, no loader
