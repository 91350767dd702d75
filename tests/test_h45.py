"""Precision of the real-implementation rules on unseen code (issue 18, h45): each cause of a
judged-wrong finding, fixed by how the framework or library works, with a look-alike that stays
reported."""
from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from auditor.checks.secrets.places import place, source_place
from auditor.scan import ScanOptions, run_scan


def _scan(tmp_path: Path, files: dict[str, str]):
    for name, text in files.items():
        p = tmp_path / name
        p.parent.mkdir(parents=True, exist_ok=True)
        p.write_text(textwrap.dedent(text))
    return run_scan(ScanOptions(path=str(tmp_path), engines=["native"], use_cache=False)).result


def _line(root: Path, name: str, text: str) -> int:
    return next(i for i, ln in enumerate((root / name).read_text().splitlines(), 1) if text in ln)


def _fired(result, rule: str) -> set[str]:
    out = set()
    for f in result.findings:
        if f.rule_id == rule:
            out.update(f.endpoints or [f"{f.file}:{f.line}"])
    return out


# -- Django REST framework generic views and Django's page views ------------------------------

DRF_VIEWS = {
    "app/user/serializers.py": """
        from django.contrib.auth import get_user_model
        from rest_framework import serializers


        class UserSerializer(serializers.ModelSerializer):
            class Meta:
                model = get_user_model()
                fields = ("email", "password", "name")

            def create(self, validated_data):
                return get_user_model().objects.create_user(**validated_data)


        class PingSerializer(serializers.Serializer):
            message = serializers.CharField()
        """,
    "app/user/views.py": """
        from django.views.generic import TemplateView
        from rest_framework import generics, permissions
        from rest_framework.authtoken.views import ObtainAuthToken
        from rest_framework.response import Response
        from rest_framework.views import APIView

        from user.serializers import PingSerializer, UserSerializer


        class CreateUserView(generics.CreateAPIView):
            serializer_class = UserSerializer


        class CreateTokenView(ObtainAuthToken):
            pass


        class ManageUserView(generics.RetrieveUpdateAPIView):
            serializer_class = UserSerializer
            permission_classes = (permissions.IsAuthenticated,)

            def get_object(self):
                return self.request.user


        class SignUpView(TemplateView):
            template_name = "registration/signup.html"


        class MeApi(APIView):
            permission_classes = (permissions.IsAuthenticated,)

            def get(self, request):
                data = {"id": request.user.id, "email": request.user.email}
                return Response(data)


        class StatsApi(APIView):
            permission_classes = (permissions.IsAuthenticated,)

            def get(self, request):
                return Response({"visits": 10, "orders": 3})


        class EchoView(generics.CreateAPIView):
            serializer_class = PingSerializer
        """,
    "app/app/urls.py": """
        from django.urls import path

        from user import views

        urlpatterns = [
            path("api/user/create/", views.CreateUserView.as_view()),
            path("api/user/token/", views.CreateTokenView.as_view()),
            path("api/user/me/", views.ManageUserView.as_view()),
            path("accounts/signup/", views.SignUpView.as_view()),
            path("api/auth/me/", views.MeApi.as_view()),
            path("api/stats/", views.StatsApi.as_view()),
            path("api/echo/", views.EchoView.as_view()),
        ]
        """,
    "app/app/settings.py": """
        ROOT_URLCONF = "app.urls"
        INSTALLED_APPS = ["rest_framework", "rest_framework.authtoken", "user"]
        """,
    "app/manage.py": """
        import os
        os.environ.setdefault("DJANGO_SETTINGS_MODULE", "app.settings")
        """,
}


def test_drf_generic_views_save_through_their_model_serializer(tmp_path):
    fired = _fired(_scan(tmp_path, DRF_VIEWS), "endpoint-without-data")
    for key in ("POST /api/user/create/", "POST /api/user/token/", "GET /api/user/me/",
                "PUT /api/user/me/", "PATCH /api/user/me/", "GET /accounts/signup/",
                "GET /api/auth/me/"):
        assert key not in fired, (key, fired)
    # a literal answer under auth, and a generic view whose serializer is no ModelSerializer
    assert "GET /api/stats/" in fired, fired
    assert "POST /api/echo/" in fired, fired


# -- Express: passport.authorize, the request's user, redirects, SDKs --------------------------

EXPRESS = {
    "package.json": '{"dependencies": {"express": "4", "passport": "0.7", "stripe": "14"}}',
    "app.js": """
        const express = require('express');
        const passport = require('passport');
        const stripe = require('stripe')(process.env.STRIPE_SKEY);
        const nodemailer = require('nodemailer');
        const { getSignedUrl } = require('@aws-sdk/s3-request-presigner');
        const { PutObjectCommand, S3Client } = require('@aws-sdk/client-s3');

        const app = express();
        const s3 = new S3Client({});
        const transporter = nodemailer.createTransport({});

        function isAuthenticated(req, res, next) {
          if (req.isAuthenticated()) return next();
          return res.status(401).json({ error: 'login' });
        }

        app.get('/auth/tumblr/callback', passport.authorize('tumblr', { failureRedirect: '/api' }), (req, res) => {
          res.redirect(req.session.returnTo || '/api/tumblr');
        });
        app.get('/account/webauthn/register', (req, res) => {
          req.flash('info', { msg: 'Sign in first' });
          res.redirect('/login');
        });
        app.post('/account/webauthn/remove', isAuthenticated, async (req, res) => {
          req.user.webauthnCredentials = [];
          await req.user.save();
          res.redirect('/account');
        });
        app.post('/api/stripe', async (req, res) => {
          const charge = await stripe.charges.create({ amount: 395, currency: 'usd' });
          res.json({ paid: charge.paid });
        });
        app.post('/api/upload-url', isAuthenticated, async (req, res) => {
          const url = await getSignedUrl(s3, new PutObjectCommand({ Bucket: 'b', Key: req.body.key }));
          res.json({ url });
        });
        app.post('/api/contact', async (req, res) => {
          await transporter.sendMail({ to: 'team@example.com', text: req.body.text });
          res.json({ sent: true });
        });
        // look-alikes: a literal answer under auth that mentions the user, a stub
        app.get('/api/stats', isAuthenticated, (req, res) => {
          res.json({ visits: 10, orders: 3 });
        });
        app.get('/api/report', isAuthenticated, (req, res) => {
          res.json({ owner: req.user.id.toString(), rows: [] });
        });
        app.post('/orders', (req, res) => {
          req.flash('info', { msg: 'Order placed' });
          res.redirect('/orders');
        });

        module.exports = app;
        """,
}


def test_express_routes_whose_data_lives_elsewhere(tmp_path):
    fired = _fired(_scan(tmp_path, EXPRESS), "endpoint-without-data")
    for key in ("GET /auth/tumblr/callback", "GET /account/webauthn/register",
                "POST /account/webauthn/remove", "POST /api/stripe", "POST /api/upload-url",
                "POST /api/contact"):
        assert key not in fired, (key, fired)
    assert "GET /api/stats" in fired, fired
    assert "GET /api/report" in fired, fired
    assert "POST /orders" in fired, fired  # a form's POST that only redirects


# -- CORS answers of OPTIONS handlers ----------------------------------------------------------

def test_an_options_handler_answering_cors_headers_is_a_preflight(tmp_path):
    result = _scan(tmp_path, {
        "go.mod": "module example.com/notes\n\ngo 1.21\n\nrequire github.com/gorilla/mux v1.8.0\n",
        "main.go": """
            package main

            import (
            \t"net/http"

            \t"github.com/gorilla/mux"
            )

            func notesOptions(w http.ResponseWriter, r *http.Request) {
            \tw.Header().Set("Access-Control-Allow-Methods", "POST")
            \tw.Header().Set("Access-Control-Allow-Headers", "Authorization, Version")
            }

            func notesDescribe(w http.ResponseWriter, r *http.Request) {
            \tw.Write([]byte(`{"fields": ["title", "body"]}`))
            }

            func main() {
            \tr := mux.NewRouter()
            \tr.HandleFunc("/api/notes", notesOptions).Methods("OPTIONS")
            \tr.HandleFunc("/api/books", notesDescribe).Methods("OPTIONS")
            \thttp.ListenAndServe(":8080", r)
            }
            """,
    })
    fired = _fired(result, "endpoint-without-data")
    assert "OPTIONS /api/notes" not in fired, fired
    assert "OPTIONS /api/books" in fired, fired


# -- FastAPI: Celery tasks, OpenAPI examples, abstract methods, faker in a seeding function ----

FASTAPI = {
    "app/worker.py": """
        from celery import Celery

        celery_app = Celery("app")


        @celery_app.task
        def send_email(recipients, subject, html):
            pass
        """,
    "app/schemas.py": """
        from pydantic import BaseModel, Field


        class UserCreate(BaseModel):
            email: str
            password: str = Field(min_length=6)

            model_config = {
                "json_schema_extra": {
                    "example": {"email": "johndoe@example.com", "password": "testpass123"}
                }
            }


        class Settings(BaseModel):
            admin_password: str = "S3cr3t-Adm1n-Pa55!"
        """,
    "app/main.py": """
        from fastapi import FastAPI

        from app.schemas import UserCreate
        from app.worker import send_email

        app = FastAPI()


        def build_summary():
            return {"visits": 10}


        @app.post("/api/send_mail")
        async def send_mail(addresses: list[str]):
            send_email.delay(addresses, "Welcome", "<h1>Welcome</h1>")
            return {"message": "Email sent successfully"}


        @app.get("/api/summary")
        def summary():
            return build_summary()


        @app.post("/api/users")
        def create_user(user: UserCreate):
            return build_summary()
        """,
}


def test_fastapi_celery_task_and_openapi_example(tmp_path):
    result = _scan(tmp_path, FASTAPI)
    fired = _fired(result, "endpoint-without-data")
    assert "POST /api/send_mail" not in fired, fired
    assert "GET /api/summary" in fired, fired
    secrets = {(f.file, f.line) for f in result.findings if f.rule_id == "hardcoded-secret"}
    example = _line(tmp_path, "app/schemas.py", "testpass123")
    default = _line(tmp_path, "app/schemas.py", "S3cr3t")
    assert ("app/schemas.py", example) not in secrets, secrets  # the example body
    assert ("app/schemas.py", default) in secrets, secrets  # a default in the settings


def test_celery_delay_is_python_only(tmp_path):
    fired = _fired(_scan(tmp_path, {
        "package.json": '{"dependencies": {"express": "4"}}',
        "app.js": """
            const express = require('express');
            const app = express();
            const timer = { delay: (ms) => new Promise((r) => setTimeout(r, ms)) };
            app.get('/api/orders', async (req, res) => {
              await timer.delay(10);
              res.json(buildOrders());
            });
            function buildOrders() { return { count: 3 }; }
            module.exports = app;
            """,
    }), "endpoint-without-data")
    assert "GET /api/orders" in fired, fired


def test_faker_imported_in_a_seeding_function_is_not_production_mock_data(tmp_path):
    result = _scan(tmp_path, {
        "app/models.py": """
            from app import db


            class User(db.Model):
                @staticmethod
                def generate_fake(count=100):
                    from faker import Faker

                    fake = Faker()
                    for _ in range(count):
                        db.session.add(User(email=fake.email()))
                    db.session.commit()
            """,
        "app/profiles.py": """
            from faker import Faker

            fake = Faker()


            def sample_user():
                return {"email": fake.email()}
            """,
        "app/__init__.py": "db = None\n",
    })
    hits = {(f.file, f.line) for f in result.findings if f.rule_id == "mock-data"}
    assert not any(f == "app/models.py" for f, _l in hits), hits
    assert ("app/profiles.py", _line(tmp_path, "app/profiles.py", "from faker")) in hits, hits


# -- secrets: a root integration-test suite ----------------------------------------------------

@pytest.mark.parametrize("path,expected", [
    ("integration/agentcompat/internal/dashboard/dashboard.go", "test"),
    ("integration-tests/harness/main.go", "test"),
    ("internal/integration/slack/client.go", "deploy"),  # an integration with a service
    ("integrations/github/app.go", "deploy"),
])
def test_a_root_integration_suite_is_test_code(path, expected):
    assert source_place(path) == expected
    assert place(path) == expected


@pytest.mark.parametrize("path,expected", [
    ("/*", True), ("/api/v1/{path:.*}", True), ("/api/*", True), ("/{path...}", True),
    ("/api/files/*", False), ("/api/resources/{path:.*}", False), ("/users/:id", False),
])
def test_a_router_fallback_is_static_by_design(path, expected):
    from auditor.checks.rules.endpoint_without_data import _fallback

    assert _fallback(path) is expected


def test_configuration_and_asset_answers(tmp_path):
    fired = _fired(_scan(tmp_path, {
        "package.json": '{"dependencies": {"express": "4"}}',
        "app.js": """
            const express = require('express');
            const app = express();
            app.get('/api/config/paypal', (req, res) => res.send(process.env.PAYPAL_CLIENT_ID));
            app.get('/api/config', (req, res) => res.json(clientSettings()));
            app.get('/css/custom.css', (req, res) => res.type('css').send(theme.css));
            app.get('/api/avatar/:hash.svg', (req, res) => res.type('svg').send(renderAvatar(req.params.hash)));
            // look-alikes: a literal data answer, a JSON document of literals
            app.get('/api/orders', (req, res) => res.json(listOrders()));
            app.get('/api/orders.json', (req, res) => res.json(listOrders()));
            const theme = { css: 'body{}' };
            function clientSettings() {
              return { registration: process.env.DISABLE_REGISTRATION !== 'true' };
            }
            function renderAvatar(hash) { return '<svg>' + hash + '</svg>'; }
            function listOrders() { return [{ id: 1, total: 10 }]; }
            module.exports = app;
            """,
    }), "endpoint-without-data")
    for key in ("GET /api/config/paypal", "GET /api/config", "GET /css/custom.css",
                "GET /api/avatar/:hash.svg"):
        assert key not in fired, (key, fired)
    assert "GET /api/orders" in fired, fired
    assert "GET /api/orders.json" in fired, fired


def test_a_login_behind_passport_is_no_noop(tmp_path):
    result = _scan(tmp_path, {
        "package.json": '{"dependencies": {"express": "4", "passport": "0.7"}}',
        "app.js": """
            const express = require('express');
            const passport = require('passport');
            const app = express();
            const pauth = passport.authenticate.bind(passport);
            app.post('/users/session', pauth('local', { failureRedirect: '/login' }), (req, res) => {
              res.json({ ok: true });
            });
            app.post('/api/alerts/:id/ack', (req, res) => {
              res.json({ ok: true });
            });
            module.exports = app;
            """,
    })
    fired = _fired(result, "noop-handler")
    assert "POST /users/session" not in fired, fired
    assert "POST /api/alerts/:id/ack" in fired, fired


def test_host_metrics_and_the_api_root(tmp_path):
    fired = _fired(_scan(tmp_path, {
        "go.mod": "module example.com/mon\n\ngo 1.21\n\nrequire (\n\tgithub.com/gin-gonic/gin v1.9.0\n"
                  "\tgithub.com/shirou/gopsutil/v3 v3.23.0\n)\n",
        "main.go": """
            package main

            import (
            \t"net"

            \t"github.com/gin-gonic/gin"
            \t"github.com/shirou/gopsutil/v3/mem"
            )

            func memory(c *gin.Context) {
            \tv, _ := mem.VirtualMemory()
            \tc.JSON(200, gin.H{"used": v.Used, "total": v.Total})
            }

            func addresses(c *gin.Context) {
            \tifaces, _ := net.Interfaces()
            \tc.JSON(200, ifaces)
            }

            func root(c *gin.Context) {
            \tc.String(200, "Hello World!")
            }

            func stats(c *gin.Context) {
            \tc.JSON(200, gin.H{"visits": 10})
            }

            func main() {
            \tr := gin.Default()
            \tr.GET("/api/v1/server-monitor", memory)
            \tr.GET("/api/machine-ips", addresses)
            \tr.GET("/api", root)
            \tr.GET("/api/v1/stats", stats)
            \tr.Run()
            }
            """,
    }), "endpoint-without-data")
    for key in ("GET /api/v1/server-monitor", "GET /api/machine-ips", "GET /api"):
        assert key not in fired, (key, fired)
    assert "GET /api/v1/stats" in fired, fired


def test_a_json_schema_document_is_documentation(tmp_path):
    fired = _fired(_scan(tmp_path, {
        "app/main.py": """
            from fastapi import FastAPI
            from pydantic import BaseModel

            app = FastAPI()


            class RunInput(BaseModel):
                question: str


            def build_summary():
                return {"runs": 3}


            @app.get("/runs/input_schema")
            async def input_schema() -> dict:
                return RunInput.model_json_schema()


            @app.get("/runs/summary")
            async def summary() -> dict:
                return build_summary()
            """,
    }), "endpoint-without-data")
    assert "GET /runs/input_schema" not in fired, fired
    assert "GET /runs/summary" in fired, fired
