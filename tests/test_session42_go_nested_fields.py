"""Go routes wired by a dependency injector (uber-fx) through struct fields (session 42): a
constructor builds `HttpHandler{Engine: engine, RouterV1: engine.Group("/api/v1")}`, each
route struct holds that handler (`handler lib.HttpHandler`) and registers in its `Setup()` on
`a.handler.RouterV1.Group("/roles")`; nothing calls the constructors or Setup directly."""
from __future__ import annotations

from conftest import scan_go_module

LIB = """package lib

import "github.com/labstack/echo/v4"

type HttpHandler struct {
	Engine   *echo.Echo
	RouterV1 *echo.Group
}

func NewHttpHandler() HttpHandler {
	engine := echo.New()
	httpHandler := HttpHandler{
		Engine:   engine,
		RouterV1: engine.Group("/api/v1"),
	}
	return httpHandler
}
"""

ROUTES = """package routes

import (
	"github.com/labstack/echo/v4"

	"example.com/svc/lib"
)

type RoleRoutes struct {
	handler lib.HttpHandler
}

func NewRoleRoutes(handler lib.HttpHandler) RoleRoutes {
	return RoleRoutes{handler: handler}
}

func list(c echo.Context) error { return nil }

func (a RoleRoutes) Setup() {
	api := a.handler.RouterV1.Group("/roles")
	{
		api.GET("", list)
		api.DELETE("/:id", list)
	}
}
"""


def test_router_in_a_field_of_a_field(tmp_path):
    eps, _ = scan_go_module(tmp_path, {"lib/http_handler.go": LIB,
                                       "routes/role_route.go": ROUTES})
    assert ("GET", "/api/v1/roles") in eps, sorted(eps)
    assert ("DELETE", "/api/v1/roles/:id") in eps or ("DELETE", "/api/v1/roles/{id}") in eps, \
        sorted(eps)


INFLUX = """package api

import (
	"context"
	"net/http"

	influxdb2 "github.com/influxdata/influxdb-client-go/v2"
	"github.com/influxdata/influxdb-client-go/v2/api"
)

type Stats struct {
	write api.WriteAPIBlocking
}

func NewStats() *Stats {
	c := influxdb2.NewClient("http://localhost:8086", "token")
	return &Stats{write: c.WriteAPIBlocking("org", "bucket")}
}

func (s *Stats) online(w http.ResponseWriter, r *http.Request) {
	p := influxdb2.NewPoint("online", map[string]string{}, map[string]interface{}{"n": 1}, nil)
	_ = s.write.WritePoint(context.Background(), p)
}

func Routes(s *Stats) *http.ServeMux {
	mux := http.NewServeMux()
	mux.HandleFunc("POST /online", s.online)
	return mux
}
"""


def test_influxdb_writes_are_data(tmp_path):
    eps, _ = scan_go_module(tmp_path, {"api/api.go": INFLUX})
    ep = eps[("POST", "/online")]
    assert [(d["line"], d["kind"]) for d in ep.data_sites] == [(22, "document")], ep.data_sites
