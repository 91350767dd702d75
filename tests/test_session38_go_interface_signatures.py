"""Go: a type implements an interface when its methods have the interface's signatures, not
only its method names. A service interface (`Create(ctx, CreateRequest)`) and the database type
beside it (`Create(ctx, DatabaseInsert)`) share names: a handler calling the service through the
interface reaches the service, which reaches the database through its own interface, so the
trace is handler -> service -> database and handler-bypasses-service is quiet. A Redis
subscription on the way (pub/sub, messaging) is no data site. Shape read in a chi + bun backend
labelled before auditor ran."""
from __future__ import annotations

from conftest import scan, write_tree

TREE = {
    "go.mod": ("module example.com/t\n\ngo 1.22\n\nrequire (\n\tgithub.com/go-chi/chi/v5 v5.0.12\n"
               "\tgithub.com/redis/go-redis/v9 v9.5.1\n)\n"),
    "templates/api.go": (
        "package templates\n\n"
        "import \"context\"\n\n"
        "type CreateRequest struct{ Name string }\n"
        "type DatabaseInsert struct{ Name string }\n\n"
        "type TemplateService interface {\n"
        "\tCreate(ctx context.Context, body CreateRequest) (string, error)\n}\n\n"
        "type TemplateDatabase interface {\n"
        "\tCreate(ctx context.Context, row DatabaseInsert) (string, error)\n}\n"),
    "templates/service.go": (
        "package templates\n\n"
        "import \"context\"\n\n"
        "type Service struct{ db TemplateDatabase }\n\n"
        "func NewService(db TemplateDatabase) TemplateService { return &Service{db: db} }\n\n"
        "func (s *Service) Create(ctx context.Context, body CreateRequest) (string, error) {\n"
        "\treturn s.db.Create(ctx, DatabaseInsert{Name: body.Name})\n}\n"),
    "templates/database.go": (
        "package templates\n\n"
        "import (\n\t\"context\"\n\t\"database/sql\"\n)\n\n"
        "type DB struct{ db *sql.DB }\n\n"
        "func NewDatabase(db *sql.DB) TemplateDatabase { return &DB{db: db} }\n\n"
        "func (d *DB) Create(ctx context.Context, row DatabaseInsert) (string, error) {\n"
        "\t_, err := d.db.ExecContext(ctx, \"INSERT INTO templates (name) VALUES ($1)\", row.Name)\n"  # 13
        "\treturn row.Name, err\n}\n"),
    "realtime/redis.go": (
        "package realtime\n\n"
        "import (\n\t\"context\"\n\n\t\"github.com/redis/go-redis/v9\"\n)\n\n"
        "type Client struct{ con *redis.Client }\n\n"
        "func (c *Client) Subscribe(ctx context.Context, subject string) error {\n"
        "\tpubsub := c.con.Subscribe(ctx, subject)\n"  # 12
        "\t_, err := pubsub.Receive(ctx)\n"
        "\treturn err\n}\n"),
    "api/server.go": (
        "package api\n\n"
        "import (\n\t\"net/http\"\n\n\t\"github.com/go-chi/chi/v5\"\n\n"
        "\t\"example.com/t/realtime\"\n\t\"example.com/t/templates\"\n)\n\n"
        "type Server struct {\n\ttemplates templates.TemplateService\n\trt *realtime.Client\n}\n\n"
        "func (s *Server) create(w http.ResponseWriter, r *http.Request) {\n"
        "\t_ = s.rt.Subscribe(r.Context(), \"board\")\n"
        "\tname, _ := s.templates.Create(r.Context(), templates.CreateRequest{Name: r.FormValue(\"name\")})\n"
        "\tw.Write([]byte(name))\n}\n\n"
        "func (s *Server) Routes() http.Handler {\n"
        "\tr := chi.NewRouter()\n"
        "\tr.Post(\"/templates\", s.create)\n"
        "\treturn r\n}\n"),
}


def test_implementers_by_signature_and_pubsub(tmp_path):
    res = scan(write_tree(tmp_path, TREE))
    ep = next(e for e in res.endpoints if (e.method, e.path) == ("POST", "/templates"))
    sites = {(s["file"], s["line"]) for s in ep.data_sites}
    assert ("templates/database.go", 13) in sites, ep.data_sites
    assert ("realtime/redis.go", 12) not in sites, ep.data_sites
    assert ep.reaches_service
    # the handler's own callees: the service's Create, not the database's of the same name
    first = {c.name.rsplit("/", 1)[-1] for c in ep.chain if c.depth == 1}
    assert "templates.Service.Create" in first and "templates.DB.Create" not in first, first
    assert not [f for f in res.findings if f.rule_id == "handler-bypasses-service"], \
        [f.message for f in res.findings if f.rule_id == "handler-bypasses-service"]
