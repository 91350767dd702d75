"""A Go route whose handler is what a library's function returns (`rest.GetAll(constructor)`
of github.com/deluan/rest, navidrome) is served by that library: its handler is not guessed by
name among the tree's functions, neither a test double's `GetAll` (tests/mock_repo.go) nor a
service's. A handler of the tree's own package built the same way is still found."""
from __future__ import annotations

from conftest import scan_go_module

ROUTES = '''package server

import (
	"net/http"

	"github.com/deluan/rest"
	"github.com/go-chi/chi/v5"

	"example.com/svc/core"
)

func Routes(constructor rest.RepositoryConstructor, svc *core.Playlists) http.Handler {
	r := chi.NewRouter()
	r.Get("/api/album", rest.GetAll(constructor))
	r.Get("/api/playlist", core.Handler(svc))
	return r
}
'''

CORE = '''package core

import "net/http"

type Playlists struct{}

func (p *Playlists) GetAll() []string { return nil }

func Handler(p *Playlists) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		_ = p.GetAll()
	}
}
'''

MOCK = '''package tests

type MockRepo struct{}

func (m *MockRepo) GetAll(options ...int) (any, error) { return nil, nil }
'''


def test_a_library_handler_is_not_guessed_by_name(tmp_path):
    eps, _ = scan_go_module(tmp_path, {"server/routes.go": ROUTES, "core/core.go": CORE,
                                       "tests/mock_repo.go": MOCK})
    album = eps[("GET", "/api/album")]
    assert not album.chain, [c.name for c in album.chain]
    playlist = eps[("GET", "/api/playlist")]
    assert playlist.chain and playlist.chain[0].file == "core/core.go", playlist.chain


QUEUE = '''package server

import (
	"net/http"

	"github.com/go-chi/chi/v5"
	"github.com/example/playback"
)

type Router struct {
	playback.Player
}

func (api *Router) Routes() http.Handler {
	r := chi.NewRouter()
	r.Delete("/api/queue", api.clearQueue)
	return r
}
'''

UI = '''export const clearQueue = () => ({
  type: "PLAYER_CLEAR_QUEUE",
})
'''


def test_a_go_route_is_not_served_by_a_javascript_function(tmp_path):
    """navidrome: `api.clearQueue`, a method the router gets from an embedded type of a library,
    is not the UI's redux action of the same name."""
    eps, _ = scan_go_module(tmp_path, {"server/routes.go": QUEUE, "ui/src/actions.js": UI})
    assert not eps[("DELETE", "/api/queue")].chain
