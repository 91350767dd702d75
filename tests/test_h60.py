"""h60 (issue 18): endpoint-without-data quiet where the endpoint is an error, a build stamp or
a group's greeting by design; a fresh id handed back for a record nothing writes
(stub-comment); AIM's stub list matched by span and `also` places (judge_impl)."""
from __future__ import annotations

import importlib.util
import textwrap
from pathlib import Path

from auditor.scan import ScanOptions, run_scan


def _scan(tmp_path: Path, files: dict[str, str]):
    for name, src in files.items():
        p = tmp_path / name
        p.parent.mkdir(parents=True, exist_ok=True)
        p.write_text(textwrap.dedent(src).lstrip())
    return run_scan(ScanOptions(path=str(tmp_path), engines=["native"], use_cache=False)).result


def _hits(result, rule: str) -> set[tuple[str, int]]:
    return {(f.file, f.line) for f in result.findings if f.rule_id == rule}


def _ewd(result) -> set[str]:
    return {ep for f in result.findings if f.rule_id == "endpoint-without-data"
            for ep in f.endpoints}


# --- a fresh id answered for a record nothing writes ------------------------------------------

_FRESH_ID = '''
package main

import (
\t"github.com/gofiber/fiber/v2"
\t"github.com/google/uuid"
)

type Repo interface {
\tGet(id string) (bool, error)
\tCreateAudit(id uuid.UUID, action string) error
}

type Service struct{ repo Repo }

func (s *Service) VerifyAction(id string, action string) (bool, uuid.UUID, error) {
\tok, err := s.repo.Get(id)
\tif err != nil {
\t\treturn false, uuid.Nil, err
\t}
\t// 4. Audit log
\tauditID := uuid.New()
\t// TODO: Implement proper audit logging
\t// This should create an audit log entry

\treturn ok, auditID, nil
}

func (s *Service) VerifyRecorded(id string, action string) (bool, uuid.UUID, error) {
\tok, err := s.repo.Get(id)
\tif err != nil {
\t\treturn false, uuid.Nil, err
\t}
\tauditID := uuid.New()
\t// TODO: add the metadata to the audit entry
\tif err := s.repo.CreateAudit(auditID, action); err != nil {
\t\treturn false, uuid.Nil, err
\t}
\treturn ok, auditID, nil
}

// NewRequestID makes the id of a request.
func (s *Service) NewRequestID() string {
\t// TODO: switch to ULIDs
\trequestID := uuid.NewString()
\treturn requestID
}

func main() {
\ts := &Service{}
\tapp := fiber.New()
\tapp.Post("/verify/:id", func(c *fiber.Ctx) error {
\t\tok, audit, err := s.VerifyAction(c.Params("id"), c.Query("action"))
\t\tif err != nil {
\t\t\treturn err
\t\t}
\t\treturn c.JSON(fiber.Map{"allowed": ok, "audit_id": audit, "req": s.NewRequestID()})
\t})
\tapp.Post("/verify2/:id", func(c *fiber.Ctx) error {
\t\tok, audit, err := s.VerifyRecorded(c.Params("id"), c.Query("action"))
\t\tif err != nil {
\t\t\treturn err
\t\t}
\t\treturn c.JSON(fiber.Map{"allowed": ok, "audit_id": audit})
\t})
\tapp.Listen(":3000")
}
'''


def test_fresh_id_for_an_unwritten_record(tmp_path):
    """`auditID := uuid.New()` above "TODO: Implement proper audit logging", returned and passed
    to nothing: reported. The same id passed to the repository's CreateAudit, and an id
    generator (`NewRequestID`) answering a fresh id by design: quiet."""
    result = _scan(tmp_path, {"main.go": _FRESH_ID})
    assert _hits(result, "stub-comment") == {("main.go", 21)}
    f = next(f for f in result.findings if f.rule_id == "stub-comment")
    assert "auditID" in f.message and "TODO: Implement proper audit logging" in f.message


# --- endpoint-without-data: errors, build stamps and group greetings by design ----------------

_GO_ROUTES = '''
package web

import (
\t"database/sql"
\t"net/http"

\t"github.com/go-chi/chi/v5"

\t"example.com/app/build"
)

var db *sql.DB

func commit(w http.ResponseWriter, r *http.Request) {
\tw.Header().Set("Content-Type", "text/plain")
\tw.Write([]byte(build.Commit))
}

func stats(w http.ResponseWriter, r *http.Request) {
\tw.Write([]byte("users: 3"))
}

func listAccounts(w http.ResponseWriter, r *http.Request) {
\trows, _ := db.Query("SELECT id FROM accounts")
\tdefer rows.Close()
\tw.Write([]byte("ok"))
}

func Router() *chi.Mux {
\tr := chi.NewRouter()
\tr.Get("/debug/commit", commit)
\tr.Get("/debug/stats", stats)
\tr.Get("/admin/", func(w http.ResponseWriter, r *http.Request) {
\t\tw.Write([]byte("Hello Admin"))
\t})
\tr.Get("/admin/accounts", listAccounts)
\tr.Get("/reports/summary", func(w http.ResponseWriter, r *http.Request) {
\t\tw.Write([]byte("Hello reports"))
\t})
\treturn r
}
'''
_GO_BUILD = '''
package build

// Commit is set at link time: go build -ldflags "-X example.com/app/build.Commit=..."
var Commit string
'''


def test_build_stamp_and_group_greeting_are_static(tmp_path):
    """`w.Write([]byte(build.Commit))` answers the linker's build stamp, and the GET of a group's
    root (`/admin/`, under which `/admin/accounts` is served) answering one fixed text is its
    greeting: neither is reported. A fixed text at a leaf (`/debug/stats`, `/reports/summary`,
    under which nothing is served) still is."""
    result = _scan(tmp_path, {"go.mod": "module example.com/app\n\ngo 1.22\n",
                              "web/routes.go": _GO_ROUTES, "build/build.go": _GO_BUILD})
    assert _ewd(result) == {"GET /debug/stats", "GET /reports/summary"}


_PY_ERRORS = '''
from flask import Flask

app = Flask(__name__)


@app.get("/api/errors/boom")
def boom():
    try:
        raise RuntimeError("Oops")
    except RuntimeError:
        app.logger.exception("boom")
        raise
    return {"never": True}


@app.get("/api/items")
def items():
    if app.debug:
        raise RuntimeError("debug")
    return {"items": [1, 2]}
'''


def test_handler_that_always_raises_is_an_error_endpoint(tmp_path):
    """A handler every run of which raises (the try raises and its handler re-raises) answers
    an error by design; one that raises under a branch and otherwise answers fixed data is
    reported."""
    result = _scan(tmp_path, {"app.py": _PY_ERRORS})
    assert _ewd(result) == {"GET /api/items"}


def test_always_raises_signal_shapes():
    from auditor.index.signals import extract_signals
    from auditor.parse import ts_parse

    go = (b'package m\nfunc A() { panic("boom") }\n'
          b'func B(x int) int { if x > 0 { panic("no") }\n return x }\n')
    ts = (b'function a() { throw new Error("x"); }\n'
          b'function b() { try { throw new Error("x"); } catch (e) { return 1; } }\n'
          b'function c() { try { throw new Error("x"); } finally { done(); } }\n'
          b'function d() { return 1; throw new Error("dead"); }\n')
    for lang, src, want in (("go", go, {"A": 2, "B": None}),
                            ("typescript", ts, {"a": 1, "b": None, "c": None, "d": None})):
        sig = extract_signals(lang, ts_parse(lang, src), src)
        got = {f["name"]: f.get("raises") for f in sig["functions"]}
        assert got == want, (lang, got)


# --- AIM's stub list: a span and `also` places count ------------------------------------------

def test_stub_reported_by_span_or_also_place():
    path = Path(__file__).resolve().parents[1] / "benchmarks" / "field" / "judge_impl.py"
    spec = importlib.util.spec_from_file_location("judge_impl", path)
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    stub = {"file": "a.go", "line": 148, "span": [146, 148], "also": [["h.go", 516]]}
    assert mod._stub_reported(stub, {("a.go", 146)})
    assert mod._stub_reported(stub, {("h.go", 516)})
    assert mod._stub_reported(stub, {("a.go", 148)})
    assert not mod._stub_reported(stub, {("a.go", 145), ("h.go", 515), ("b.go", 148)})
    assert not mod._stub_reported({"file": "a.go", "line": 10}, {("a.go", 11)})


_GO_IMAGE_UPLOAD = '''
package web

import (
\t"encoding/csv"
\t"encoding/json"
\t"net/http"

\t"github.com/go-chi/chi/v5"
\t"github.com/skip2/go-qrcode"
)

func qr(w http.ResponseWriter, r *http.Request) {
\tpng, err := qrcode.Encode(r.URL.Query().Get("data"), qrcode.Medium, 256)
\tif err != nil {
\t\thttp.Error(w, err.Error(), 400)
\t\treturn
\t}
\tw.Header().Set("Content-Type", "image/png")
\tw.Write(png)
}

func parseUpload(r *http.Request) ([][]string, error) {
\tf, _, err := r.FormFile("file")
\tif err != nil {
\t\treturn nil, err
\t}
\treturn csv.NewReader(f).ReadAll()
}

func importRows(w http.ResponseWriter, r *http.Request) {
\trows, err := parseUpload(r)
\tif err != nil {
\t\thttp.Error(w, err.Error(), 400)
\t\treturn
\t}
\tjson.NewEncoder(w).Encode(rows)
}

func summary(w http.ResponseWriter, r *http.Request) {
\tw.Header().Set("Content-Type", "application/json")
\tjson.NewEncoder(w).Encode(map[string]int{"rows": 10})
}

func Router() *chi.Mux {
\tr := chi.NewRouter()
\tr.Get("/api/qrcode", qr)
\tr.Post("/api/import", importRows)
\tr.Get("/api/summary", summary)
\treturn r
}
'''


def test_rendered_image_and_uploaded_file_are_the_data(tmp_path):
    """A handler that answers an image it renders (Content-Type image/png) and one that works
    on the file the client uploads (`r.FormFile`, read through a helper) are not reported; a
    JSON answer of fixed numbers is."""
    result = _scan(tmp_path, {"go.mod": "module example.com/app\n\ngo 1.22\n",
                              "web/routes.go": _GO_IMAGE_UPLOAD})
    assert _ewd(result) == {"GET /api/summary"}


_PY_SDK_CLIENT = '''
import langsmith
from fastapi import FastAPI

app = FastAPI()
langsmith_client = langsmith.Client()


class FakeClient:
    def create_report(self, run_id):
        return {"id": run_id}


reports_client = FakeClient()


@app.post("/runs/feedback")
def feedback(run_id: str, score: float):
    langsmith_client.create_feedback(run_id, "user_score", score=score)
    return {"status": "ok"}


@app.post("/runs/report")
def report(run_id: str):
    reports_client.create_report(run_id)
    return {"status": "ok"}
'''


def test_call_on_another_services_sdk_client(tmp_path):
    """`langsmith_client.create_feedback(...)`: a call on an SDK's client object that the call
    graph does not resolve into the project sends the data to that service; a "client" that is
    the project's own class (its method on the trace) is judged by what it does."""
    result = _scan(tmp_path, {"app.py": _PY_SDK_CLIENT})
    assert _ewd(result) == {"POST /runs/report"}


_GO_FIBER_META = '''
package meta

import (
\t"net/http"

\t"github.com/gofiber/fiber/v2"

\t"example.com/app/bininfo"
)

func BinInfo(ctx *fiber.Ctx) error {
\treturn ctx.JSON(fiber.Map{
\t\t"version": bininfo.Version,
\t\t"build":   bininfo.BuildTime,
\t})
}

// Bonjour lets the dashboard learn whether its session is still accepted.
func Bonjour(ctx *fiber.Ctx) error {
\treturn ctx.SendStatus(http.StatusNoContent)
}

func Stats(ctx *fiber.Ctx) error {
\treturn ctx.JSON(fiber.Map{"version": 2, "users": 10})
}

func Flush(ctx *fiber.Ctx) error {
\treturn ctx.SendStatus(http.StatusNoContent)
}

func RequireAdmin(ctx *fiber.Ctx) error {
\tif ctx.Get("Authorization") != "Bearer admin" {
\t\treturn ctx.SendStatus(http.StatusUnauthorized)
\t}
\treturn ctx.Next()
}

func Register(app *fiber.App) {
\tapp.Get("/api/_/bininfo", BinInfo)
\tapp.Get("/api/ping204", Bonjour)
\tadmin := app.Group("/api/admin", RequireAdmin)
\tadmin.Get("/bonjour", Bonjour)
\tadmin.Get("/stats", Stats)
\tadmin.Post("/flush", Flush)
}
'''
_GO_BININFO = '''
package bininfo

var (
\tVersion   = "dev"
\tBuildTime = "unknown"
)
'''


def test_build_stamp_map_and_status_only_probe(tmp_path):
    """A JSON map of the linker's build stamp (`bininfo.Version`, `bininfo.BuildTime`) and an
    authenticated GET answering 204 with no body (a probe of the credentials) are not data
    endpoints; a map of fixed numbers is reported, and so are the same 204 GET without auth and
    a POST that answers 204 doing nothing."""
    result = _scan(tmp_path, {"go.mod": "module example.com/app\n\ngo 1.22\n",
                              "meta/meta.go": _GO_FIBER_META, "bininfo/bininfo.go": _GO_BININFO})
    assert _ewd(result) == {"GET /api/admin/stats", "POST /api/admin/flush", "GET /api/ping204"}


_GO_ECHO_STATE = '''
package handler

import (
\t"net/http"
\t"strconv"

\t"github.com/labstack/echo/v4"
\t"github.com/plutov/paypal/v4"

\t"example.com/app/util"
)

func GetOrderedSubnetRanges() echo.HandlerFunc {
\treturn func(c echo.Context) error {
\t\treturn c.JSON(http.StatusOK, util.SubnetRangesOrder)
\t}
}

func Defaults() echo.HandlerFunc {
\treturn func(c echo.Context) error {
\t\tranges := []string{"10.0.0.0/24"}
\t\treturn c.JSON(http.StatusOK, ranges)
\t}
}

func AllRoutes(e *echo.Echo) echo.HandlerFunc {
\treturn func(c echo.Context) error {
\t\treturn c.JSON(http.StatusOK, e.Routes())
\t}
}

func ValidateAmount(c echo.Context) error {
\tamount := c.Param("amount")
\tif _, err := strconv.ParseFloat(amount, 32); err != nil || amount == "" {
\t\treturn c.JSON(400, map[string]bool{"validationError": true})
\t}
\treturn c.JSON(200, map[string]bool{"validationError": false})
}

func Flags(c echo.Context) error {
\tif c.QueryParam("all") != "" {
\t\treturn c.JSON(200, map[string]bool{"beta": true, "dark": true})
\t}
\treturn c.JSON(200, map[string]bool{"beta": true})
}

type PayPal struct{ Client *paypal.Client }

func (p *PayPal) GetOrder(id string) (*paypal.Order, error) {
\treturn p.Client.GetOrder(c0, id)
}

var pp = &PayPal{}

func Order(c echo.Context) error {
\torder, err := pp.GetOrder(c.Param("id"))
\tif err != nil {
\t\treturn err
\t}
\treturn c.JSON(200, order)
}

func Register(e *echo.Echo) {
\te.GET("/api/subnet-ranges", GetOrderedSubnetRanges())
\te.GET("/api/defaults", Defaults())
\te.GET("/api/routes", AllRoutes(e))
\te.POST("/api/validate/:amount", ValidateAmount)
\te.GET("/api/flags", Flags)
\te.GET("/api/orders/:id", Order)
}
'''


def test_process_state_route_table_verdict_and_sdk_field_client(tmp_path):
    """Quiet: a variable of another package of the program answered whole
    (`util.SubnetRangesOrder`), the router's route table (`e.Routes()`), a validation
    answering one boolean verdict or another, a wrapper calling the SDK client it holds in a
    field (`p.Client.GetOrder`, named like the wrapper). Reported: a local literal list, and
    boolean maps with different keys (not one verdict whose value a check decides)."""
    result = _scan(tmp_path, {"go.mod": "module example.com/app\n\ngo 1.22\n",
                              "handler/routes.go": _GO_ECHO_STATE,
                              "util/config.go": "package util\n\nvar SubnetRangesOrder []string\n"})
    got = _ewd(result)
    assert {"GET /api/defaults", "GET /api/flags"} <= got
    assert not got & {"GET /api/subnet-ranges", "GET /api/routes", "POST /api/validate/:amount",
                      "GET /api/orders/:id"}


_NEXT_DEV_ONLY = '''
import { NextRequest, NextResponse } from "next/server";

export async function GET(request: NextRequest) {
  if (process.env.NODE_ENV === "production") {
    return NextResponse.json({ error: "Not available" }, { status: 404 });
  }
  const email = request.nextUrl.searchParams.get("email");
  return NextResponse.json({ otp: "123456", email });
}
'''
_NEXT_STUB = '''
import { NextRequest, NextResponse } from "next/server";

export async function GET(request: NextRequest) {
  if (process.env.NODE_ENV === "production") {
    console.log("serving stats");
  }
  return NextResponse.json({ users: 10, active: 3 });
}
'''


def test_handler_switched_off_in_production(tmp_path):
    """A Next.js route that answers 404 when NODE_ENV is production is a development helper;
    one that only logs there is judged like any route."""
    result = _scan(tmp_path, {"package.json": '{"dependencies": {"next": "14.0.0"}}',
                              "app/api/auth/test-otp/route.ts": _NEXT_DEV_ONLY,
                              "app/api/stats/route.ts": _NEXT_STUB})
    assert _ewd(result) == {"GET /api/stats"}


_EXPRESS_ERROR_MW = '''
const express = require("express");
const app = express();

function errorHandler(err, req, res, next) {
  res.status(400).json({ error: err.message });
}

function needsPermission(p) {
  return (req, res, next) => next();
}

const flows = {
  get(req, res) {
    res.json(runtime.flows());
  },
};

app.get("/flows", needsPermission("flows.read"), flows.get, errorHandler);
app.get("/stats", (req, res) => res.json({ users: 10 }));

module.exports = app;
'''


def test_express_error_middleware_last_is_not_the_handler(tmp_path):
    """A route whose last function is an error-handling middleware (`(err, req, res, next)`):
    the function before it serves the route, so the trace of the error handler says nothing of
    its data. A route whose own handler answers fixed numbers is reported."""
    result = _scan(tmp_path, {"package.json": '{"dependencies": {"express": "4.18.0"}}',
                              "app.js": _EXPRESS_ERROR_MW})
    assert _ewd(result) == {"GET /stats"}


_FLASK_DATASTORE = '''
from flask import Flask, send_from_directory

app = Flask(__name__)


class ChangeDetectionStore:
    def __init__(self, path):
        self.data = {"watching": {}}


datastore = ChangeDetectionStore("/datastore")


@app.get("/api/v1/watch/<uuid>")
def watch(uuid):
    return datastore.data["watching"].get(uuid) or ({}, 404)


@app.get("/backups/download/<name>")
def download(name):
    return send_from_directory("/datastore/backups", name)


@app.get("/api/v1/summary")
def summary():
    data = {"watching": 3}
    return data
'''


def test_app_datastore_and_files_sent_from_a_folder(tmp_path):
    """The application's own data store (`datastore.data["watching"]`) and a file sent from a
    folder are the endpoint's data; a local dict called `data` is not."""
    result = _scan(tmp_path, {"app.py": _FLASK_DATASTORE})
    assert _ewd(result) == {"GET /api/v1/summary"}
