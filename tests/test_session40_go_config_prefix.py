"""Go: a route prefix read from the configuration struct a YAML file fills through viper's
mapstructure (or yaml) tags (`r.Group("/" + config.Conf.System.UrlPathPrefix)` with
`System *SystemConfig \\`mapstructure:"system"\\`` and `UrlPathPrefix string
\\`mapstructure:"url-path-prefix"\\``, `system: {url-path-prefix: api}` in config.yml): the value
the file gives. Two files that disagree leave the prefix unknown (and the route says so). Shape
read in a gin + gorm backend labelled before auditor ran."""
from __future__ import annotations

from conftest import scan, write_tree

GO_MOD = "module ldap\n\ngo 1.22\n\nrequire github.com/gin-gonic/gin v1.9.1\n"
CONFIG_GO = (
    "package config\n\n"
    "var Conf = new(config)\n\n"
    "type config struct {\n"
    "\tSystem *SystemConfig `mapstructure:\"system\" json:\"system\"`\n}\n\n"
    "type SystemConfig struct {\n"
    "\tMode          string `mapstructure:\"mode\" json:\"mode\"`\n"
    "\tUrlPathPrefix string `mapstructure:\"url-path-prefix\" json:\"urlPathPrefix\"`\n}\n")
ROUTES = (
    "package routes\n\n"
    "import (\n\t\"github.com/gin-gonic/gin\"\n\t\"ldap/config\"\n)\n\n"
    "func ping(c *gin.Context) { c.JSON(200, nil) }\n\n"
    "func Init() *gin.Engine {\n"
    "\tr := gin.Default()\n"
    "\tapi := r.Group(\"/\" + config.Conf.System.UrlPathPrefix)\n"
    "\tapi.GET(\"/base/ping\", ping)\n"
    "\treturn r\n}\n")
YML = "system:\n  mode: debug\n  url-path-prefix: api\n  port: 8888\n"


def test_prefix_from_the_yaml_config(tmp_path):
    root = write_tree(tmp_path, {"go.mod": GO_MOD, "config/config.go": CONFIG_GO,
                                 "routes/routes.go": ROUTES, "config.yml": YML})
    got = {(e.method, e.path) for e in scan(root).endpoints if not e.implicit}
    assert ("GET", "/api/base/ping") in got, sorted(got)


def test_disagreeing_files_leave_it_unknown(tmp_path):
    root = write_tree(tmp_path, {"go.mod": GO_MOD, "config/config.go": CONFIG_GO,
                                 "routes/routes.go": ROUTES, "config.yml": YML,
                                 "deploy/config.yml": YML.replace("api", "v2")})
    res = scan(root)
    got = {(e.method, e.path) for e in res.endpoints if not e.implicit}
    assert ("GET", "/base/ping") in got, sorted(got)
    assert any("UrlPathPrefix" in u["reason"] for u in res.unresolved_routes), res.unresolved_routes


DOCS = (
    "package routes\n\n"
    "import (\n\tjwt \"github.com/appleboy/gin-jwt/v2\"\n\t\"github.com/gin-gonic/gin\"\n)\n\n"
    "// LoginHandler exists only to carry the API documentation of gin-jwt's login.\n"
    "func LoginHandler() {}\n\n"
    "func InitBase(r *gin.RouterGroup, authMiddleware *jwt.GinJWTMiddleware) {\n"
    "\tbase := r.Group(\"/base\")\n"
    "\tbase.POST(\"/login\", authMiddleware.LoginHandler)\n}\n")


def test_library_typed_parameter_method_is_no_function_of_the_tree(tmp_path):
    # `authMiddleware.LoginHandler` with `authMiddleware *jwt.GinJWTMiddleware`: gin-jwt's
    # method, not the documentation stub of the same name in the package
    root = write_tree(tmp_path, {"go.mod": GO_MOD.replace(
        "require github.com/gin-gonic/gin v1.9.1",
        "require (\n\tgithub.com/gin-gonic/gin v1.9.1\n\tgithub.com/appleboy/gin-jwt/v2 v2.6.4\n)"),
        "routes/base.go": DOCS})
    res = scan(root)
    ep = next(e for e in res.endpoints if e.path.endswith("/base/login"))
    assert ep.handler["name"] == "authMiddleware.LoginHandler", ep.handler
    assert not any(f.rule_id == "endpoint-without-data" for f in res.findings), \
        [(f.rule_id, f.line) for f in res.findings]
