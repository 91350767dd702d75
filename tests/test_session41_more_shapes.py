"""Shapes of backends labelled before auditor ran, each read as the framework or library does:
`module.exports = (req, res, next) => {...}` is the module's default (a guard mounted with
`app.use("/api/classes", restricted, router)`); `export const GET = auth(async (req) => {...})
as any` is Auth.js's wrapper around the handler; `mongoose.models.User || mongoose.model(...)`
is a model, `new UserModel(...).save()` writes; Django's `urlpatterns = [path("api/",
include(urlpatterns))]` includes the list built before it; drf-nested-routers'
`NestedSimpleRouter(router, "courses", lookup="course")` serves below `courses/{course_pk}/`;
a Channels consumer (`as_asgi()`) is a WebSocket; gin's `OAuth2GoogleLogin(jwtToken)` with
`jwtToken *jwt.GinJWTMiddleware` is a factory of the handler, not a wrapper of the token."""
from __future__ import annotations

from conftest import scan, write_tree

EXPRESS = {
    "package.json": '{"dependencies": {"express": "*", "jsonwebtoken": "*"}}',
    "api/middleware/restricted.js": (
        "const jwt = require('jsonwebtoken');\n\n"
        "module.exports = (req, res, next) => {\n"
        "  const token = req.headers.authorization;\n"
        "  if (!token) {\n    res.status(401).json({ error: 'Please provide token' });\n"
        "  } else {\n    jwt.verify(token, 'x', (err, decoded) => {\n"
        "      if (err) { res.status(401).json({}); } else { next(); }\n    });\n  }\n};\n"),
    "api/classes/router.js": (
        "const router = require('express').Router();\n"
        "router.get('/', (req, res) => res.json([]));\n"
        "module.exports = router;\n"),
    "api/server.js": (
        "const express = require('express');\n"
        "const restricted = require('./middleware/restricted');\n"
        "const classRouter = require('./classes/router');\n"
        "const server = express();\n"
        "server.use('/api/classes', restricted, classRouter);\n"
        "server.get('/', (req, res) => res.json({ server: 'up' }));\n"
        "module.exports = server;\n"),
}


def test_commonjs_default_function_guard(tmp_path):
    root = write_tree(tmp_path, EXPRESS)
    eps = {(e.method, e.path): e for e in scan(root).endpoints if not e.implicit}
    got = eps.get(("GET", "/api/classes/")) or eps.get(("GET", "/api/classes"))
    assert got is not None and got.auth == "required", (sorted(eps), got and got.auth_reason)
    assert eps[("GET", "/")].auth == "none"


NEXT = {
    "package.json": '{"dependencies": {"next": "*", "next-auth": "5.0.0-beta.4", "mongoose": "*"}}',
    "lib/auth.ts": "import NextAuth from 'next-auth'\nexport const { auth } = NextAuth({})\n",
    "lib/models/UserModel.ts": (
        "import mongoose from 'mongoose'\n"
        "const UserSchema = new mongoose.Schema({ name: String })\n"
        "const UserModel = mongoose.models?.User || mongoose.model('User', UserSchema)\n"
        "export default UserModel\n"),
    "app/api/admin/users/route.ts": (
        "import { auth } from '../../../../lib/auth'\n"
        "import UserModel from '../../../../lib/models/UserModel'\n\n"
        "export const GET = auth(async (req: any) => {\n"
        "  if (!req.auth || !req.auth.user?.isAdmin) {\n"
        "    return Response.json({ message: 'unauthorized' }, { status: 401 })\n  }\n"
        "  const users = await UserModel.find()\n"
        "  return Response.json(users)\n}) as any\n"),
    "app/api/auth/register/route.ts": (
        "import UserModel from '../../../../lib/models/UserModel'\n\n"
        "export const POST = async (request: Request) => {\n"
        "  const newUser = new UserModel({ name: 'x' })\n"
        "  await newUser.save()\n"
        "  return Response.json({ message: 'created' }, { status: 201 })\n}\n"),
}


def test_authjs_wrapper_cast_and_mongoose_registry(tmp_path):
    root = write_tree(tmp_path, NEXT)
    eps = {(e.method, e.path): e for e in scan(root).endpoints if not e.implicit}
    users = eps[("GET", "/api/admin/users")]
    assert users.auth == "required", (users.middleware, users.auth_reason)
    reg = eps[("POST", "/api/auth/register")]
    assert [d["line"] for d in reg.data_sites] == [5], reg.data_sites  # the save, not the `new`


DJANGO = {
    "manage.py": "import django\n",
    "requirements.txt": "django\ndjangorestframework\ndrf-nested-routers\nchannels\n",
    "proj/__init__.py": "",
    "proj/settings.py": "ROOT_URLCONF = 'proj.urls'\n",
    "proj/urls.py": (
        "from django.urls import include, path\n\n"
        "urlpatterns = [\n    path('', include('ohq.urls')),\n]\n\n"
        "urlpatterns = [\n    path('api/', include(urlpatterns)),\n]\n"),
    "ohq/__init__.py": "",
    "ohq/models.py": (
        "from django.db import models\n\n"
        "class Course(models.Model):\n    name = models.CharField(max_length=9)\n\n"
        "class Queue(models.Model):\n    name = models.CharField(max_length=9)\n"),
    "ohq/views.py": (
        "from rest_framework import viewsets\nfrom ohq.models import Course, Queue\n\n"
        "class CourseViewSet(viewsets.ReadOnlyModelViewSet):\n"
        "    queryset = Course.objects.all()\n\n"
        "class QueueViewSet(viewsets.ReadOnlyModelViewSet):\n"
        "    queryset = Queue.objects.all()\n"),
    "ohq/consumers.py": (
        "from channels.generic.websocket import WebsocketConsumer\n\n"
        "class Live(WebsocketConsumer):\n    pass\n"),
    "ohq/urls.py": (
        "from django.urls import path\n"
        "from rest_framework_nested import routers\n"
        "from ohq.views import CourseViewSet, QueueViewSet\n"
        "from ohq.consumers import Live\n\n"
        "router = routers.SimpleRouter()\n"
        "router.register('courses', CourseViewSet, basename='course')\n"
        "course_router = routers.NestedSimpleRouter(router, 'courses', lookup='course')\n"
        "course_router.register('queues', QueueViewSet, basename='queue')\n\n"
        "urlpatterns = router.urls + course_router.urls + [\n"
        "    path('ws/live/', Live.as_asgi()),\n]\n"),
}


def test_self_include_nested_routers_and_channels(tmp_path):
    root = write_tree(tmp_path, DJANGO)
    got = {(e.method, e.path) for e in scan(root).endpoints if not e.implicit}
    want = {("GET", "/api/courses/"), ("GET", "/api/courses/{pk}/"),
            ("GET", "/api/courses/{course_pk}/queues/"),
            ("GET", "/api/courses/{course_pk}/queues/{pk}/"), ("WS", "/api/ws/live/")}
    assert want <= got, sorted(got)


GIN = {
    "go.mod": "module example.com/am\n\ngo 1.22\n\nrequire (\n\tgithub.com/gin-gonic/gin v1.9.1\n"
              "\tgithub.com/appleboy/gin-jwt/v2 v2.9.1\n)\n",
    "routes/routes.go": (
        "package routes\n\nimport (\n\tjwt \"github.com/appleboy/gin-jwt/v2\"\n"
        "\t\"github.com/gin-gonic/gin\"\n\n\t\"example.com/am/controllers\"\n)\n\n"
        "func oauth2Router(router *gin.RouterGroup, jwtToken *jwt.GinJWTMiddleware) {\n"
        "\tc := controllers.NewOAuth2Controller()\n"
        "\toauth := router.Group(\"/oauth\")\n"
        "\toauth.POST(\"/google\", c.OAuth2GoogleLogin(jwtToken))\n}\n\n"
        "func Setup(r *gin.Engine, jwtToken *jwt.GinJWTMiddleware) {\n"
        "\tapi := r.Group(\"/api/v1\")\n\toauth2Router(api, jwtToken)\n}\n"),
    "controllers/oauth2.go": (
        "package controllers\n\nimport (\n\t\"net/http\"\n\n"
        "\tjwt \"github.com/appleboy/gin-jwt/v2\"\n\t\"github.com/gin-gonic/gin\"\n)\n\n"
        "type OAuth2Controller struct{}\n\n"
        "func NewOAuth2Controller() OAuth2Controller { return OAuth2Controller{} }\n\n"
        "func (o *OAuth2Controller) OAuth2GoogleLogin(j *jwt.GinJWTMiddleware) gin.HandlerFunc {\n"
        "\treturn func(c *gin.Context) {\n"
        "\t\tresp, err := http.Get(\"https://www.googleapis.com/oauth2/v3/tokeninfo\")\n"
        "\t\tif err != nil || resp == nil {\n"
        "\t\t\tc.JSON(http.StatusUnauthorized, gin.H{\"message\": \"failed\"})\n"
        "\t\t\treturn\n\t\t}\n\t\tc.JSON(200, gin.H{})\n\t}\n}\n"),
}


def test_factory_handed_a_library_pointer(tmp_path):
    root = write_tree(tmp_path, GIN)
    eps = {(e.method, e.path): e for e in scan(root).endpoints if not e.implicit}
    ep = eps[("POST", "/api/v1/oauth/google")]
    assert ep.handler["name"] != "jwtToken", ep.handler
    assert "OAuth2GoogleLogin" not in " ".join(ep.middleware), ep.middleware
