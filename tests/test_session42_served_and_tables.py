"""What is served, and by what (session 42, third part):

- NestJS serves only the controllers a module declares (`@Module({controllers: [...]})`); a
  controller class no module lists is not an endpoint, unless some module's list is not
  readable (a spread, a call), when every controller is kept.
- Flask-RESTful: `[api.add_resource(*r) for r in routes]` over a module-level table of
  (Resource, "/path") rows imported from another module: one route per row.
- Passport: a login route whose middleware or handler runs `passport.authenticate("local")`
  reaches the data its strategy's verify function reads (`new LocalStrategy(opts, verify)`,
  registered with `passport.use(...)`, written inline or as a module value).
"""
from __future__ import annotations

from conftest import scan, write_tree


def _endpoints(tmp_path, tree):
    """{(method, path): endpoint} of a scan of `tree`, implicit ones left out."""
    return {(e.method, e.path): e for e in scan(write_tree(tmp_path, tree)).endpoints
            if not e.implicit}


def _eps(res):
    return {(e.method, e.path): e for e in res.endpoints if not e.implicit}


NEST = {
    "package.json": '{"dependencies": {"@nestjs/core": "10.0.0", "@nestjs/common": "10.0.0"}}',
    "src/main.ts": (
        "import { NestFactory } from '@nestjs/core';\n"
        "import { AppModule } from './app.module';\n"
        "async function bootstrap() {\n"
        "  const app = await NestFactory.create(AppModule);\n"
        "  await app.listen(3000);\n}\nbootstrap();\n"),
    "src/app.module.ts": (
        "import { Module } from '@nestjs/common';\n"
        "import { ItemsController } from './items.controller';\n"
        "@Module({ controllers: [ItemsController] })\n"
        "export class AppModule {}\n"),
    "src/items.controller.ts": (
        "import { Controller, Get } from '@nestjs/common';\n"
        "@Controller('items')\n"
        "export class ItemsController {\n"
        "  @Get()\n  list() { return []; }\n}\n"),
    "src/app.controller.ts": (
        "import { Controller, Get } from '@nestjs/common';\n"
        "@Controller()\n"
        "export class AppController {\n"
        "  @Get()\n  hello() { return 'hi'; }\n}\n"),
}


def test_nest_controller_no_module_declares_is_not_served(tmp_path):
    res = scan(write_tree(tmp_path / "a", NEST))
    eps = _eps(res)
    assert ("GET", "/items") in eps, sorted(eps)
    assert ("GET", "/") not in eps, sorted(eps)
    assert any("declares in its controllers" in u["reason"] for u in res.unresolved_routes)
    tree = dict(NEST)
    tree["src/extra.module.ts"] = (
        "import { Module } from '@nestjs/common';\n"
        "import * as all from './controllers';\n"
        "@Module({ controllers: [...Object.values(all)] })\n"
        "export class ExtraModule {}\n")
    eps = _eps(scan(write_tree(tmp_path / "b", tree)))
    assert ("GET", "/") in eps, sorted(eps)  # a list not read: every controller kept


FLASK = {
    "requirements.txt": "flask\nflask-restful\n",
    "config.py": (
        "from flask import Flask\nfrom flask_restful import Api\n"
        "from resources.routes import routes\n\n"
        "def create_app():\n"
        "    app = Flask(__name__)\n"
        "    api = Api(app)\n"
        "    [api.add_resource(*r) for r in routes]\n"
        "    return app\n"),
    "resources/__init__.py": "",
    "resources/routes.py": (
        "from resources.home import HomeResource, HomesResource\n\n"
        "routes = (\n"
        "    (HomeResource, '/home', '/home/<int:home_id>'),\n"
        "    (HomesResource, '/homes'),\n"
        ")\n"),
    "resources/home.py": (
        "from flask_restful import Resource\n\n"
        "class HomeResource(Resource):\n"
        "    def get(self, home_id=None):\n        return {}\n"
        "    def post(self):\n        return {}, 201\n\n"
        "class HomesResource(Resource):\n"
        "    def get(self):\n        return []\n"),
}


def test_restful_table_of_resources(tmp_path):
    eps = _eps(scan(write_tree(tmp_path, FLASK)))
    for key in [("GET", "/home"), ("POST", "/home"), ("GET", "/home/<int:home_id>"),
                ("GET", "/homes")]:
        assert key in eps, (key, sorted(eps))
    assert ("POST", "/homes") not in eps


PASSPORT = {
    "package.json": '{"dependencies": {"express": "4.18.0", "passport": "0.6.0", '
                    '"passport-local": "1.0.0", "mongoose": "7.0.0"}}',
    "src/app.js": (
        "const express = require('express');\n"
        "const passport = require('passport');\n"
        "const auth = require('./routes/auth');\n"
        "require('./passport')(passport);\n"
        "const app = express();\n"
        "app.use(passport.initialize());\n"
        "app.use('/auth', auth);\n"
        "module.exports = app;\n"),
    "src/passport.js": (
        "const LocalStrategy = require('passport-local').Strategy;\n"
        "const User = require('./user');\n"
        "module.exports = function (passport) {\n"
        "  passport.use(new LocalStrategy({ usernameField: 'email' },\n"
        "    async (email, password, done) => {\n"
        "      const user = await User.findOne({ email });\n"
        "      return done(null, user);\n"
        "    }));\n"
        "};\n"),
    "src/user.js": (
        "const mongoose = require('mongoose');\n"
        "module.exports = mongoose.model('User', new mongoose.Schema({ email: String }));\n"),
    "src/routes/auth.js": (
        "const router = require('express').Router();\n"
        "const passport = require('passport');\n"
        "router.post('/login', passport.authenticate('local'), (req, res) => res.json(req.user));\n"
        "router.post('/login2', (req, res, next) => {\n"
        "  passport.authenticate('local', (err, user) => res.json(user))(req, res, next);\n"
        "});\n"
        "router.post('/logout', (req, res) => { req.logout(() => res.json({})); });\n"
        "module.exports = router;\n"),
}


def test_passport_login_reaches_its_strategy_data(tmp_path):
    eps = _eps(scan(write_tree(tmp_path, PASSPORT)))
    for path in ("/auth/login", "/auth/login2"):
        ep = eps[("POST", path)]
        assert [(d["file"], d["line"]) for d in ep.data_sites] == [("src/passport.js", 6)], \
            (path, ep.data_sites)
    assert not eps[("POST", "/auth/logout")].data_sites


DJANGO_FEED = {
    "manage.py": "import django\n",
    "proj/__init__.py": "",
    "proj/settings.py": "ROOT_URLCONF = 'proj.urls'\n",
    "proj/urls.py": (
        "from django.urls import re_path\n"
        "from blog import views\n\n"
        "urlpatterns = [\n"
        "    re_path(r'^feed/atom/$', views.AtomFeed()),\n"
        "    re_path(r'^feed/rss/$', views.RssFeed()),\n"
        "]\n"),
    "blog/__init__.py": "",
    "blog/models.py": (
        "from django.db import models\n\n"
        "class BlogPost(models.Model):\n    subject = models.CharField(max_length=9)\n"),
    "blog/views.py": (
        "from django.contrib.syndication.views import Feed\n"
        "from django.utils.feedgenerator import Atom1Feed\n"
        "from blog.models import BlogPost\n\n"
        "class RssFeed(Feed):\n"
        "    title = 'News'\n\n"
        "    def items(self):\n"
        "        return BlogPost.objects.filter(subject='x')[:10]\n\n"
        "class AtomFeed(RssFeed):\n"
        "    feed_type = Atom1Feed\n"),
}


def test_class_view_inherits_its_data_from_a_base_of_the_tree(tmp_path):
    eps = {e.path: e for e in scan(write_tree(tmp_path, DJANGO_FEED)).endpoints if not e.implicit}
    for path in ("/feed/rss/", "/feed/atom/"):
        assert [d["line"] for d in eps[path].data_sites] == [9], (path, eps[path].data_sites)


NEST_LOGIN = {
    "package.json": '{"dependencies": {"@nestjs/core": "10.0.0", "@nestjs/passport": "10.0.0"}}',
    "src/app.module.ts": (
        "import { Module } from '@nestjs/common';\n"
        "import { AuthController } from './auth.controller';\n"
        "@Module({ controllers: [AuthController] })\nexport class AppModule {}\n"),
    "src/guards.ts": (
        "import { Injectable } from '@nestjs/common';\n"
        "import { AuthGuard } from '@nestjs/passport';\n"
        "@Injectable()\nexport class LocalGuard extends AuthGuard('local') {}\n"
        "@Injectable()\nexport class GitHubGuard extends AuthGuard('github') {}\n"
        "@Injectable()\nexport class TwoFactorGuard extends AuthGuard('two-factor') {}\n"),
    "src/auth.controller.ts": (
        "import { Controller, Get, Post, UseGuards } from '@nestjs/common';\n"
        "import { LocalGuard, GitHubGuard, TwoFactorGuard } from './guards';\n"
        "@Controller('auth')\n"
        "export class AuthController {\n"
        "  @Post('login')\n  @UseGuards(LocalGuard)\n  login() { return {}; }\n\n"
        "  @Get('github/callback')\n  @UseGuards(GitHubGuard)\n  cb() { return {}; }\n\n"
        "  @Get('me')\n  @UseGuards(TwoFactorGuard)\n  me() { return {}; }\n}\n"),
}


def test_nest_passport_login_strategies_are_logins(tmp_path):
    eps = _eps(scan(write_tree(tmp_path, NEST_LOGIN)))
    assert eps[("POST", "/auth/login")].auth == "none", eps[("POST", "/auth/login")].auth_reason
    assert eps[("GET", "/auth/github/callback")].auth == "none"
    assert eps[("GET", "/auth/me")].auth == "required"  # a strategy of the project's own name


DRF_DESTROY = {
    "manage.py": "import django\n",
    "requirements.txt": "django\ndjangorestframework\n",
    "proj/__init__.py": "",
    "proj/settings.py": "ROOT_URLCONF = 'proj.urls'\n",
    "proj/urls.py": (
        "from django.urls import path, include\n"
        "from rest_framework.routers import DefaultRouter\n"
        "from shop.views import ReviewViewSet, UserDeleteView\n\n"
        "router = DefaultRouter()\n"
        "router.register('reviews', ReviewViewSet, basename='review')\n"
        "urlpatterns = [\n"
        "    path('api/', include(router.urls)),\n"
        "    path('api/accounts/delete/', UserDeleteView.as_view()),\n"
        "]\n"),
    "shop/__init__.py": "",
    "shop/models.py": (
        "from django.db import models\n\n"
        "class Review(models.Model):\n    text = models.CharField(max_length=9)\n"),
    "shop/views.py": (
        "from rest_framework import viewsets\n"
        "from rest_framework.generics import DestroyAPIView\n"
        "from shop.models import Review\n\n"
        "class ReviewViewSet(viewsets.ModelViewSet):\n"
        "    def get_queryset(self):\n"
        "        return Review.objects.filter(text='x')\n\n"
        "    def destroy(self, request, *args, **kwargs):\n"
        "        return super().destroy(request, *args, **kwargs)\n\n"
        "class UserDeleteView(DestroyAPIView):\n"
        "    def get_object(self):\n"
        "        return self.request.user\n"),
}


def test_drf_generic_actions_reach_the_view_hooks(tmp_path):
    eps = _endpoints(tmp_path, DRF_DESTROY)
    destroy = next(e for (m, p), e in eps.items() if m == "DELETE" and "reviews" in p)
    assert [d["line"] for d in destroy.data_sites] == [7], destroy.data_sites
    delete = eps[("DELETE", "/api/accounts/delete/")]
    assert delete.data_sites and delete.data_sites[0]["kind"] == "orm", delete.data_sites


DJANGO_AS_VIEW_MODEL = {
    "manage.py": "import django\n",
    "proj/__init__.py": "",
    "proj/settings.py": "ROOT_URLCONF = 'proj.urls'\n",
    "proj/urls.py": (
        "from django.urls import re_path\n"
        "from dal import autocomplete\n"
        "from subs.models import Plan\n\n"
        "class FilteredPlanView(autocomplete.Select2QuerySetView):\n"
        "    def get_queryset(self):\n"
        "        return super().get_queryset()\n\n"
        "urlpatterns = [\n"
        "    re_path(r'^plans/$', FilteredPlanView.as_view(model=Plan)),\n"
        "]\n"),
    "subs/__init__.py": "",
    "subs/models.py": (
        "from model_utils.models import TimeStampedModel\n"
        "from django.db import models\n\n"
        "class Plan(TimeStampedModel):\n    title = models.CharField(max_length=9)\n"),
}


def test_view_configured_with_a_model_in_as_view(tmp_path):
    res = scan(write_tree(tmp_path, DJANGO_AS_VIEW_MODEL))
    ep = next(e for e in res.endpoints if e.path.startswith("/plans"))
    assert ep.data_sites and ep.data_sites[0]["kind"] == "orm", ep.data_sites
    assert not [f for f in res.findings if f.rule_id == "endpoint-without-data"]
