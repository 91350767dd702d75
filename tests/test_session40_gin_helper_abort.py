"""gin: a middleware whose missing-credential branch hands the context to a helper and
returns (`if h == "" { no("missing", ctx); return }`) stops the chain only when the helper
aborts it (`ctx.AbortWithStatusJSON(401, ...)`); a helper that only logs lets the request go on
to the handler (gin runs the next handler after a middleware that returns without aborting).
Shape read in a gin + mongo-go-driver backend labelled before auditor ran."""
from __future__ import annotations

from conftest import scan, write_tree

GO_MOD = "module jury\n\ngo 1.22\n\nrequire github.com/gin-gonic/gin v1.9.1\n"

MAIN = (
    "package main\n\n"
    "import (\n\t\"log\"\n\n\t\"github.com/gin-gonic/gin\"\n)\n\n"
    "func no(msg string, ctx *gin.Context) {\n"
    "\tctx.AbortWithStatusJSON(401, gin.H{\"error\": msg})\n}\n\n"
    "func note(msg string, ctx *gin.Context) {\n\tlog.Println(msg, ctx.FullPath())\n}\n\n"
    "func AuthenticateJudge() gin.HandlerFunc {\n"
    "\treturn func(ctx *gin.Context) {\n"
    "\t\tauthHeader := ctx.GetHeader(\"Authorization\")\n"
    "\t\tif authHeader == \"\" {\n"
    "\t\t\tno(\"Authorization header required\", ctx)\n"
    "\t\t\treturn\n\t\t}\n"
    "\t\tctx.Set(\"token\", authHeader)\n"
    "\t\tctx.Next()\n\t}\n}\n\n"
    "func MaybeJudge() gin.HandlerFunc {\n"
    "\treturn func(ctx *gin.Context) {\n"
    "\t\tauthHeader := ctx.GetHeader(\"Authorization\")\n"
    "\t\tif authHeader == \"\" {\n"
    "\t\t\tnote(\"anonymous\", ctx)\n"
    "\t\t\treturn\n\t\t}\n"
    "\t\tctx.Set(\"token\", authHeader)\n"
    "\t\tctx.Next()\n\t}\n}\n\n"
    "func list(ctx *gin.Context) { ctx.JSON(200, gin.H{}) }\n\n"
    "func main() {\n"
    "\tr := gin.Default()\n"
    "\tjudge := r.Group(\"/api\", AuthenticateJudge())\n"
    "\tmaybe := r.Group(\"/api\", MaybeJudge())\n"
    "\tjudge.GET(\"/judge/next\", list)\n"
    "\tmaybe.GET(\"/projects\", list)\n"
    "\tr.Run()\n}\n")


def test_helper_that_aborts_rejects(tmp_path):
    root = write_tree(tmp_path, {"go.mod": GO_MOD, "main.go": MAIN})
    eps = {(e.method, e.path): e for e in scan(root).endpoints if not e.implicit}
    assert eps[("GET", "/api/judge/next")].auth == "required", \
        eps[("GET", "/api/judge/next")].auth_reason
    # the helper only logs: gin goes on to the handler without a credential
    assert eps[("GET", "/api/projects")].auth != "required", eps[("GET", "/api/projects")].auth_reason
