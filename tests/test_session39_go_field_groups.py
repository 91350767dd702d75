"""Go: a router handed to another package inside a struct literal's field, as a group made in
place (`v1routes.New(&v1routes.V1Routes{Echo: e.Group(basePath)})`), and the methods of that
type registering on the field (`g := i.Echo.Group("/customer")`, called through an interface):
their routes hang below the group, with the middleware of their own groups. A struct of the
same name in an unrelated package lends nothing. Shape read in an Echo + pgx backend labelled
before auditor ran."""
from __future__ import annotations

from conftest import assert_routes, write_tree

TREE = {
    "go.mod": "module shop\n\ngo 1.22\n\nrequire (\n\tgithub.com/labstack/echo/v4 v4.11.4\n\tgithub.com/labstack/echo-jwt/v4 v4.2.0\n)\n",
    "main.go": (
        "package main\n\nimport \"shop/routes\"\n\n"
        "func main() {\n\troutes.New(&routes.Routes{}).Mount()\n}\n"),
    "routes/route.go": (
        "package routes\n\n"
        "import (\n\tv1routes \"shop/routes/v1\"\n\n\t\"github.com/labstack/echo/v4\"\n)\n\n"
        "type Routes struct{}\n\n"
        "func New(r *Routes) *Routes { return r }\n\n"
        "func (r *Routes) Mount() {\n"
        "\te := echo.New()\n"
        "\tbasePath := \"/v1\"\n"
        "\tv1 := v1routes.New(&v1routes.V1Routes{\n\t\tEcho: e.Group(basePath),\n\t})\n"
        "\tv1.MountCustomer()\n"
        "\tv1.MountProduct()\n"
        "\te.Logger.Fatal(e.Start(\":8080\"))\n}\n"),
    "routes/v1/interface.go": (
        "package v1\n\nimport \"github.com/labstack/echo/v4\"\n\n"
        "type V1Routes struct {\n\tEcho *echo.Group\n}\n\n"
        "type iV1Routes interface {\n\tMountCustomer()\n\tMountProduct()\n}\n\n"
        "func New(v *V1Routes) iV1Routes { return v }\n"),
    "routes/v1/customer.go": (
        "package v1\n\n"
        "import (\n\t\"net/http\"\n\n\t\"github.com/labstack/echo/v4\"\n"
        "\techojwt \"github.com/labstack/echo-jwt/v4\"\n)\n\n"
        "func list(c echo.Context) error { return c.String(http.StatusOK, \"x\") }\n\n"
        "func (i *V1Routes) MountCustomer() {\n"
        "\tg := i.Echo.Group(\"/customer\")\n"
        "\tg.Use(echojwt.JWT([]byte(\"k\")))\n"
        "\tg.GET(\"\", list)\n"
        "\tg.POST(\"/register\", list)\n}\n"),
    "routes/v1/product.go": (
        "package v1\n\n"
        "func (i *V1Routes) MountProduct() {\n"
        "\tg := i.Echo.Group(\"/product\")\n"
        "\tg.GET(\"/:id\", list)\n}\n"),
    # the same type name elsewhere: its methods' field is no router of routes/route.go
    "admin/v1/interface.go": (
        "package v1\n\nimport \"github.com/labstack/echo/v4\"\n\n"
        "type V1Routes struct {\n\tEcho *echo.Group\n}\n\n"
        "func (i *V1Routes) MountAdmin() {\n"
        "\tg := i.Echo.Group(\"/admin\")\n"
        "\tg.GET(\"/stats\", nil)\n}\n"),
}


def test_group_in_a_struct_field_reaches_the_types_methods(tmp_path):
    root = write_tree(tmp_path, TREE)
    from conftest import scan

    got = {(e.method, e.path, e.auth) for e in scan(root).endpoints if not e.implicit}
    want = {("GET", "/v1/customer", "required"), ("POST", "/v1/customer/register", "required"),
            ("GET", "/v1/product/:id", "none")}
    assert want <= got, f"missed {sorted(want - got)}"
    assert not any(p.startswith("/v1/admin") for _m, p, _a in got), sorted(got)
