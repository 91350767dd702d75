"""A small OSV API client (`POST /v1/querybatch`, `GET /v1/vulns/{id}`) with one time budget for
every request it makes, so an unreachable server costs seconds, not minutes."""
from __future__ import annotations

import json
import time
import urllib.error
import urllib.request
from concurrent.futures import ThreadPoolExecutor

from auditor.engines.tools import EngineError

BATCH = 1000
DEFAULT_URL = "https://api.osv.dev"


class Budget:
    def __init__(self, seconds: float) -> None:
        self.seconds = seconds
        self.deadline = time.monotonic() + seconds

    def left(self) -> float:
        left = self.deadline - time.monotonic()
        if left <= 0:
            raise EngineError(f"OSV network time limit of {self.seconds:.0f} s used up")
        return left


def _request(url: str, budget: Budget, body: dict | None = None) -> dict:
    data = json.dumps(body).encode() if body is not None else None
    req = urllib.request.Request(url, data=data, method="POST" if data else "GET",
                                 headers={"Content-Type": "application/json",
                                          "User-Agent": "auditor"})
    try:
        with urllib.request.urlopen(req, timeout=budget.left()) as resp:
            return json.loads(resp.read() or b"{}")
    except urllib.error.HTTPError as exc:
        raise EngineError(f"OSV {url}: HTTP {exc.code}") from None
    except (urllib.error.URLError, OSError) as exc:
        reason = getattr(exc, "reason", exc)
        raise EngineError(f"OSV {url}: unreachable ({reason})") from None
    except (json.JSONDecodeError, UnicodeDecodeError):
        raise EngineError(f"OSV {url}: not a JSON answer") from None


def query_batch(base: str, packages: list[tuple[str, str, str]], budget: Budget) -> list[list[str]]:
    """Advisory ids for each (ecosystem, name, version), in order (pages followed)."""
    url = base.rstrip("/") + "/v1/querybatch"
    out: list[list[str]] = []
    for start in range(0, len(packages), BATCH):
        part = packages[start:start + BATCH]
        queries = [{"package": {"ecosystem": e, "name": n}, "version": v} for e, n, v in part]
        answer = _request(url, budget, {"queries": queries})
        results = answer.get("results") or []
        if len(results) != len(queries):
            raise EngineError(f"OSV {url}: {len(results)} results for {len(queries)} queries")
        for q, r in zip(queries, results):
            ids = [v["id"] for v in (r or {}).get("vulns") or [] if v.get("id")]
            token = (r or {}).get("next_page_token")
            while token:
                more = _request(url, budget, {"queries": [{**q, "page_token": token}]})
                page = (more.get("results") or [{}])[0] or {}
                ids += [v["id"] for v in page.get("vulns") or [] if v.get("id")]
                token = page.get("next_page_token")
            out.append(list(dict.fromkeys(ids)))
    return out


def fetch_vulns(base: str, ids: list[str], budget: Budget) -> tuple[dict[str, dict], list[str]]:
    """(id -> advisory, problems) for every id, fetched a few at a time."""
    base = base.rstrip("/")
    found: dict[str, dict] = {}
    problems: list[str] = []

    def one(vid: str):
        return vid, _request(f"{base}/v1/vulns/{urllib.request.quote(vid, safe='')}", budget)

    with ThreadPoolExecutor(max_workers=8) as pool:
        futures = [pool.submit(one, vid) for vid in dict.fromkeys(ids)]
        for fut in futures:
            try:
                vid, vuln = fut.result()
                found[vid] = vuln
            except EngineError as exc:
                problems.append(str(exc))
    return found, problems


def fixed_versions(vuln: dict, ecosystem: str, name: str) -> list[str]:
    out = []
    for aff in vuln.get("affected") or []:
        pkg = aff.get("package") or {}
        if pkg.get("ecosystem") != ecosystem or pkg.get("name") != name:
            continue
        for rng in aff.get("ranges") or []:
            for ev in rng.get("events") or []:
                if ev.get("fixed") and ev["fixed"] not in out:
                    out.append(ev["fixed"])
    return out
