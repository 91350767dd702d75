"""A Go handler factory named like a wrapper (`rest.LoginUser(service)`: "log" and "token" are
words wrappers are named with) is still a factory when what it is handed is no function (an
interface of services): the route is served by the closure the factory returns, and its data is
found through it. A wrapper handed a function (`withAuth(h)` with `h gin.HandlerFunc`) still
wraps it. Shape read in litmuschaos/litmus's authentication server."""
from __future__ import annotations

from conftest import scan, write_tree

TREE = {
    "go.mod": ("module example.com/auth\n\ngo 1.22\n\n"
               "require (\n\tgithub.com/gin-gonic/gin v1.9.1\n"
               "\tgo.mongodb.org/mongo-driver v1.13.1\n)\n"),
    "services/service.go": (
        "package services\n\n"
        "import (\n\t\"context\"\n\n\t\"go.mongodb.org/mongo-driver/bson\"\n"
        "\t\"go.mongodb.org/mongo-driver/mongo\"\n)\n\n"
        "type ApplicationService interface {\n\tFindUser(name string) (string, error)\n}\n\n"
        "type appService struct {\n\tusers *mongo.Collection\n}\n\n"
        "func New(users *mongo.Collection) ApplicationService {\n"
        "\treturn &appService{users: users}\n}\n\n"
        "func (s *appService) FindUser(name string) (string, error) {\n"
        "\tvar out bson.M\n"
        "\terr := s.users.FindOne(context.Background(), bson.M{\"name\": name}).Decode(&out)\n"
        "\treturn name, err\n}\n"),
    "rest/handlers.go": (
        "package rest\n\n"
        "import (\n\t\"github.com/gin-gonic/gin\"\n\n\t\"example.com/auth/services\"\n)\n\n"
        "func LoginUser(service services.ApplicationService) gin.HandlerFunc {\n"
        "\treturn func(c *gin.Context) {\n"
        "\t\tname, err := service.FindUser(c.PostForm(\"name\"))\n"
        "\t\tif err != nil {\n\t\t\tc.JSON(401, gin.H{\"error\": \"no\"})\n\t\t\treturn\n\t\t}\n"
        "\t\tc.JSON(200, gin.H{\"name\": name})\n"
        "\t}\n}\n\n"
        "func GetApiTokens(service services.ApplicationService) gin.HandlerFunc {\n"
        "\treturn func(c *gin.Context) {\n"
        "\t\tname, _ := service.FindUser(c.Param(\"uid\"))\n"
        "\t\tc.JSON(200, gin.H{\"tokens\": name})\n"
        "\t}\n}\n\n"
        "func withLogging(h gin.HandlerFunc) gin.HandlerFunc {\n"
        "\treturn func(c *gin.Context) { h(c) }\n}\n\n"
        "func Ping(c *gin.Context) { c.String(200, \"pong\") }\n\n"
        "func Register(router *gin.Engine, service services.ApplicationService, h gin.HandlerFunc) {\n"
        "\trouter.POST(\"/login\", LoginUser(service))\n"
        "\trouter.GET(\"/token/:uid\", GetApiTokens(service))\n"
        "\trouter.GET(\"/wrapped\", withLogging(h))\n"
        "}\n"),
    "main.go": (
        "package main\n\n"
        "import (\n\t\"github.com/gin-gonic/gin\"\n\n\t\"example.com/auth/rest\"\n"
        "\t\"example.com/auth/services\"\n)\n\n"
        "func main() {\n"
        "\trouter := gin.Default()\n"
        "\trest.Register(router, services.New(nil), rest.Ping)\n"
        "\trouter.Run()\n"
        "}\n"),
}


def test_a_factory_named_like_a_wrapper_serves_its_route(tmp_path):
    result = scan(write_tree(tmp_path, TREE))
    eps = {(e.method, e.path): e for e in result.endpoints if not e.implicit}
    for key, factory in ((("POST", "/login"), "LoginUser"), (("GET", "/token/:uid"), "GetApiTokens")):
        assert key in eps, (key, sorted(eps))
        e = eps[key]
        assert factory in (e.handler or {}).get("name", ""), (key, e.handler, e.middleware)
        assert not any(factory in m for m in e.middleware), (key, e.middleware)
        assert [s["kind"] for s in e.data_sites] == ["document"], (key, e.data_sites)
    wrapped = eps[("GET", "/wrapped")]
    assert any("withLogging" in m for m in wrapped.middleware), wrapped.middleware
