"""An OSV-compatible HTTP server on 127.0.0.1 serving recorded advisories, for the tests.

It answers `POST /v1/query` (pip-audit), `POST /v1/querybatch` and `GET /v1/vulns/{id}` like
api.osv.dev: a version is affected when it is listed in `versions` or falls in a range between
an `introduced` and a `fixed` event. Requests are logged so tests can see what was asked.
"""
from __future__ import annotations

import json
import re
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

ADVISORIES = Path(__file__).resolve().parent.parent / "fixtures" / "engines" / "osv"


def _key(version: str) -> tuple:
    """A comparable form of a version: numeric parts compare as numbers; a pre-release sorts
    before its release."""
    v = version.lstrip("v").split("+", 1)[0]
    main, _, pre = v.partition("-")
    nums = tuple(int(p) if p.isdigit() else 0 for p in re.split(r"[.]", main))
    nums = nums + (0,) * (4 - len(nums))
    return nums + ((0, pre) if pre else (1, ""),)


def _canon(ecosystem: str, name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower() if ecosystem == "PyPI" else name


def affected(vuln: dict, ecosystem: str, name: str, version: str) -> bool:
    for aff in vuln.get("affected", []):
        pkg = aff.get("package", {})
        if pkg.get("ecosystem") != ecosystem or _canon(ecosystem, pkg.get("name", "")) != _canon(ecosystem, name):
            continue
        if version in aff.get("versions", []):
            return True
        for rng in aff.get("ranges", []):
            lo = None
            for ev in rng.get("events", []):
                if "introduced" in ev:
                    lo = ev["introduced"]
                elif "fixed" in ev and lo is not None:
                    if (lo == "0" or _key(version) >= _key(lo)) and _key(version) < _key(ev["fixed"]):
                        return True
                    lo = None
            if lo is not None and (lo == "0" or _key(version) >= _key(lo)):
                return True
    return False


class OsvServer:
    def __init__(self, folder: Path = ADVISORIES) -> None:
        self.vulns = {p.stem: json.loads(p.read_text()) for p in sorted(folder.glob("*.json"))}
        self.requests: list[tuple[str, str, dict | None]] = []
        server = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args):  # quiet
                pass

            def _send(self, code: int, body: dict) -> None:
                data = json.dumps(body).encode()
                self.send_response(code)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def do_GET(self):
                server.requests.append(("GET", self.path, None))
                m = re.fullmatch(r"/v1/vulns/([^/?]+)", self.path)
                if m and m.group(1) in server.vulns:
                    return self._send(200, server.vulns[m.group(1)])
                return self._send(404, {"code": 5, "message": "Bug not found."})

            def do_POST(self):
                length = int(self.headers.get("Content-Length") or 0)
                try:
                    body = json.loads(self.rfile.read(length) or b"{}")
                except json.JSONDecodeError:
                    return self._send(400, {"message": "invalid JSON"})
                server.requests.append(("POST", self.path, body))
                if self.path == "/v1/query":
                    return self._send(200, server.match(body, full=True))
                if self.path == "/v1/querybatch":
                    results = [server.match(q, full=False) for q in body.get("queries", [])]
                    return self._send(200, {"results": results})
                return self._send(404, {"message": "not found"})

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}"
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    def match(self, query: dict, full: bool) -> dict:
        pkg = query.get("package") or {}
        hits = [v for v in self.vulns.values()
                if affected(v, pkg.get("ecosystem", ""), pkg.get("name", ""), query.get("version", ""))]
        if not hits:
            return {}
        if full:
            return {"vulns": hits}
        return {"vulns": [{"id": v["id"], "modified": v["modified"]} for v in hits]}

    def __enter__(self) -> "OsvServer":
        self.thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()


def closed_port_url() -> str:
    """A URL on 127.0.0.1 where nothing listens (a port bound, then released)."""
    import socket

    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    return f"http://127.0.0.1:{port}"
