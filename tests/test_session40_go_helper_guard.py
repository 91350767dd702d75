"""Go: a middleware named for no guard (`TraQUserMiddleware`) whose helpers read the session
(`getRequestUserID(c)` -> `session.Get`) and answer 401 (`return unauthorized(err)` ->
`echo.NewHTTPError(http.StatusUnauthorized)`) authenticates the routes of its group, whatever it
is called; one whose helper reads the session only to log who asked, and rejects nobody, does
not. Shape read in an echo + gorm backend labelled before auditor ran."""
from __future__ import annotations

from conftest import scan, write_tree

GO_MOD = ("module knoq\n\ngo 1.22\n\nrequire (\n\tgithub.com/labstack/echo/v4 v4.11.4\n"
          "\tgithub.com/labstack/echo-contrib v0.15.0\n)\n")

MW = (
    "package router\n\n"
    "import (\n\t\"log\"\n\t\"net/http\"\n\n\t\"github.com/labstack/echo-contrib/session\"\n"
    "\t\"github.com/labstack/echo/v4\"\n)\n\n"
    "func unauthorized(err error) error {\n"
    "\treturn echo.NewHTTPError(http.StatusUnauthorized, err)\n}\n\n"
    "func getRequestUserID(c echo.Context) (string, error) {\n"
    "\tsess, err := session.Get(\"session\", c)\n"
    "\tif err != nil {\n\t\treturn \"\", err\n\t}\n"
    "\tid, _ := sess.Values[\"userID\"].(string)\n\treturn id, nil\n}\n\n"
    "func UserMiddleware(next echo.HandlerFunc) echo.HandlerFunc {\n"
    "\treturn func(c echo.Context) error {\n"
    "\t\tid, err := getRequestUserID(c)\n"
    "\t\tif err != nil || id == \"\" {\n\t\t\treturn unauthorized(err)\n\t\t}\n"
    "\t\tc.Set(\"user\", id)\n\t\treturn next(c)\n\t}\n}\n\n"
    "func VisitMiddleware(next echo.HandlerFunc) echo.HandlerFunc {\n"
    "\treturn func(c echo.Context) error {\n"
    "\t\tid, _ := getRequestUserID(c)\n"
    "\t\tlog.Println(\"visit\", id)\n\t\treturn next(c)\n\t}\n}\n\n"
    "func list(c echo.Context) error { return c.JSON(200, nil) }\n\n"
    "func Setup() *echo.Echo {\n"
    "\te := echo.New()\n"
    "\tapi := e.Group(\"/api\")\n"
    "\tapi.GET(\"/version\", list)\n"
    "\tauthed := api.Group(\"\", UserMiddleware)\n"
    "\tauthed.GET(\"/groups\", list)\n"
    "\tvisits := api.Group(\"/public\", VisitMiddleware)\n"
    "\tvisits.GET(\"/events\", list)\n"
    "\treturn e\n}\n")


def test_neutral_name_guard_through_helpers(tmp_path):
    root = write_tree(tmp_path, {"go.mod": GO_MOD, "router/router.go": MW})
    eps = {(e.method, e.path): e for e in scan(root).endpoints if not e.implicit}
    assert eps[("GET", "/api/groups")].auth == "required", eps[("GET", "/api/groups")].auth_reason
    assert eps[("GET", "/api/version")].auth == "none"
    assert eps[("GET", "/api/public/events")].auth != "required", \
        eps[("GET", "/api/public/events")].auth_reason
