"""A small OSV API client (`POST /v1/querybatch`, `GET /v1/vulns/{id}`) with one time budget for
every request it makes, so an unreachable server costs seconds, not minutes; and the fixed
version to report for an advisory.

Rate limits (429), server errors (5xx) and dropped connections are usually transient on a public
API, so a request is retried with exponential backoff (or the server's numeric Retry-After) while
the budget lasts; any other 4xx is our fault and fails at once.
"""
from __future__ import annotations

import http.client
import json
import re
import time
import urllib.error
import urllib.request
from concurrent.futures import ThreadPoolExecutor

from packaging.version import InvalidVersion, Version

from auditor.engines.tools import EngineError

BATCH = 1000
DEFAULT_URL = "https://api.osv.dev"
RETRY_DELAYS = (0.5, 1.0, 2.0)  # seconds before the 2nd, 3rd and 4th attempt


class Budget:
    def __init__(self, seconds: float) -> None:
        self.seconds = seconds
        self.deadline = time.monotonic() + seconds

    def left(self) -> float:
        left = self.deadline - time.monotonic()
        if left <= 0:
            raise EngineError(f"OSV network time limit of {self.seconds:.0f} s used up")
        return left


def _retry_after(exc: urllib.error.HTTPError) -> float | None:
    """The numeric Retry-After of an answer in seconds (the HTTP-date form is not honoured)."""
    value = exc.headers.get("Retry-After") if exc.headers is not None else None
    try:
        seconds = float(str(value).strip())
    except (TypeError, ValueError):
        return None
    return seconds if seconds >= 0 else None


def _request(url: str, budget: Budget, body: dict | None = None) -> dict:
    """The JSON answer of one request, retried on 429, 5xx and connection errors (up to
    len(RETRY_DELAYS) times, never past the budget); EngineError when it cannot be had."""
    data = json.dumps(body).encode() if body is not None else None
    for attempt in range(len(RETRY_DELAYS) + 1):
        req = urllib.request.Request(url, data=data, method="POST" if data else "GET",
                                     headers={"Content-Type": "application/json",
                                              "User-Agent": "auditor"})
        wait = RETRY_DELAYS[attempt] if attempt < len(RETRY_DELAYS) else None
        try:
            with urllib.request.urlopen(req, timeout=budget.left()) as resp:
                return json.loads(resp.read() or b"{}")
        except urllib.error.HTTPError as exc:
            error = f"OSV {url}: HTTP {exc.code}"
            exc.close()
            if exc.code != 429 and exc.code < 500:
                raise EngineError(error) from None
            after = _retry_after(exc)
            if wait is not None and after is not None:
                wait = after
        except (urllib.error.URLError, OSError, http.client.HTTPException) as exc:
            reason = getattr(exc, "reason", None) or exc
            error = f"OSV {url}: unreachable ({reason})"
        except (json.JSONDecodeError, UnicodeDecodeError):
            raise EngineError(f"OSV {url}: not a JSON answer") from None
        if wait is None:
            raise EngineError(f"{error} after {attempt + 1} attempts")
        if wait >= budget.deadline - time.monotonic():
            raise EngineError(f"{error}; no time left to retry")
        time.sleep(wait)
    raise AssertionError("unreachable")  # the loop always returns or raises


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
    """Every `fixed` event of the package's version ranges (GIT ranges name commits, not
    versions, and are left out), in the advisory's order."""
    out = []
    for aff in vuln.get("affected") or []:
        pkg = aff.get("package") or {}
        if pkg.get("ecosystem") != ecosystem or pkg.get("name") != name:
            continue
        for rng in aff.get("ranges") or []:
            if str(rng.get("type", "")).upper() == "GIT":
                continue
            for ev in rng.get("events") or []:
                if ev.get("fixed") and ev["fixed"] not in out:
                    out.append(ev["fixed"])
    return out


_SEMVER = re.compile(r"^v?(\d+(?:\.\d+)*)(?:-([0-9A-Za-z.-]+))?(?:\+[0-9A-Za-z.+-]*)?$")


def semver_key(version: str) -> tuple:
    """A sort key of a SemVer version as Go and npm use it: an optional leading `v` (or npm's
    `=`), numeric core parts, a pre-release sorting before its release (numeric identifiers
    numerically and below alphanumeric ones), build metadata (`+incompatible`) ignored.
    ValueError when the text is not such a version."""
    m = _SEMVER.match(version.strip().lstrip("="))
    if not m:
        raise ValueError(f"not a semantic version: {version!r}")
    core = tuple(int(p) for p in m.group(1).split("."))
    core += (0,) * (3 - len(core))
    if not m.group(2):
        return core, (1,)
    ids = tuple((0, int(p), "") if p.isdigit() else (1, 0, p) for p in m.group(2).split("."))
    return core, (0, ids)


def version_key(ecosystem: str, version: str):
    """A sort key of a version in its ecosystem: PEP 440 (packaging) for PyPI, SemVer for the
    others. ValueError (InvalidVersion is one) when the text cannot be compared."""
    if ecosystem == "PyPI":
        return Version(version)
    return semver_key(version)


def first_fixed(installed: str, fixed: list[str], ecosystem: str) -> list[str]:
    """The fixed version to report for an installed one: [the lowest fixed version above it],
    [] when none is above it, or every fixed version as given when the versions cannot be
    compared (an unknown scheme is listed, never a crash)."""
    try:
        mine = version_key(ecosystem, installed)
        keyed = [(version_key(ecosystem, v), v) for v in fixed]
    except (ValueError, InvalidVersion, TypeError):
        return list(fixed)
    above = [kv for kv in keyed if kv[0] > mine]
    return [min(above, key=lambda kv: kv[0])[1]] if above else []
