"""hardcoded-return: a reply that only says the service is up is a liveness answer whatever its
route is called (`GET /daemon` -> `{Message: "daemon is running"}`); a fixed count beside an
"ok" is still made-up data."""
from __future__ import annotations

from conftest import scan, write_tree

GO = '''package web

import (
	"net/http"

	"github.com/gin-gonic/gin"
)

type Running struct{ Message string }

func getStatus(c *gin.Context) {
	c.JSON(http.StatusOK, &Running{Message: "daemon is running"})
}

func getStats(c *gin.Context) {
	c.JSON(http.StatusOK, gin.H{"status": "ok", "users": 0})
}

func Register(r *gin.Engine) {
	r.GET("/daemon", getStatus)
	r.GET("/api/stats", getStats)
}
'''


def test_liveness_reply_is_not_a_hardcoded_value(tmp_path):
    root = write_tree(tmp_path / "p", {"web/root.go": GO, "go.mod": "module x\n\ngo 1.22\n"})
    res = scan(root)
    got = {(f.file, f.line) for f in res.findings if f.rule_id == "hardcoded-return"}
    assert got == {("web/root.go", 16)}, got
