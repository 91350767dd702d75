"""The dependency audit's use of maintained libraries and its network manners: CVSS v3/v4 scores
from `cvss`, PEP 440 from `packaging`, SemVer for Go/npm, the first fixed version above the
installed one, and OSV retries against real servers on 127.0.0.1 started by each test."""
from __future__ import annotations

import json
import threading
import time
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from auditor.engines.deps import _vuln_finding
from auditor.engines.deps import osv
from auditor.engines.deps.cvss import advisory_severity, base_score
from auditor.engines.deps.manifest import Dep, canonical_pypi
from auditor.engines.deps.osv import Budget, first_fixed, fixed_versions, semver_key
from auditor.engines.deps.python import _exact_version, parse_requirement
from auditor.engines.tools import EngineError

V4_CRITICAL = "CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N"  # 9.3
V3_HIGH = "CVSS:3.1/AV:N/AC:L/PR:N/UI:R/S:U/C:H/I:L/A:N"  # 7.1


# -- CVSS ------------------------------------------------------------------------------------------
def test_cvss_v4_only_advisory_is_critical_with_its_v4_score():
    assert base_score(V4_CRITICAL) == 9.3
    vuln = {"severity": [{"type": "CVSS_V4", "score": V4_CRITICAL}],
            "database_specific": {"severity": "MODERATE"}}
    assert advisory_severity(vuln) == ("critical", "CVSS 9.3 v4.0")


def test_cvss_v3_vector_and_per_package_severity():
    assert base_score(V3_HIGH) == 7.1
    assert base_score("CVSS:3.0/AV:L/AC:L/PR:L/UI:N/S:C/C:H/I:H/A:H") == 8.8
    vuln = {"affected": [{"severity": [{"type": "CVSS_V3", "score": V3_HIGH}]}]}
    assert advisory_severity(vuln) == ("high", "CVSS 7.1")


def test_the_highest_of_v3_and_v4_counts():
    low_v4 = "CVSS:4.0/AV:L/AC:H/AT:P/PR:H/UI:A/VC:L/VI:N/VA:N/SC:N/SI:N/SA:N"
    assert base_score(low_v4) < 4.0
    both = {"severity": [{"type": "CVSS_V4", "score": low_v4}, {"type": "CVSS_V3", "score": V3_HIGH}]}
    assert advisory_severity(both) == ("high", "CVSS 7.1")
    both["severity"].append({"type": "CVSS_V4", "score": V4_CRITICAL})
    assert advisory_severity(both) == ("critical", "CVSS 9.3 v4.0")


@pytest.mark.parametrize("vector", [
    "", "garbage", "CVSS:4.0/AV:N", "CVSS:4.0/AV:X/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N",
    "CVSS:3.1/AV:N/AC:L", "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H/AV:N",
    "CVSS:2.0/AV:N/AC:L/Au:N/C:P/I:P/A:P", "AV:N/AC:L/Au:N/C:P/I:P/A:P", None, 9.3,
])
def test_a_malformed_vector_never_raises(vector):
    assert base_score(vector) is None
    vuln = {"severity": [{"type": "CVSS_V4", "score": vector}, {"type": "CVSS_V3", "score": vector},
                         "not a dict"],
            "affected": [{"severity": [{"type": "CVSS_V4", "score": vector}]}, "not a dict"],
            "database_specific": {"severity": "HIGH"}}
    assert advisory_severity(vuln) == ("high", "advisory severity high")
    del vuln["database_specific"]
    assert advisory_severity(vuln) == ("medium", "no severity in the advisory")


# -- versions --------------------------------------------------------------------------------------
def _advisory(ecosystem: str, name: str, *ranges: tuple[str, str], extra: list | None = None) -> dict:
    return {"id": "GHSA-test", "affected": [
        {"package": {"ecosystem": ecosystem, "name": name},
         "ranges": [{"type": "ECOSYSTEM", "events": [{"introduced": lo}, {"fixed": fix}]}
                    for lo, fix in ranges] + (extra or [])},
        {"package": {"ecosystem": ecosystem, "name": name + "-other"},
         "ranges": [{"type": "ECOSYSTEM", "events": [{"introduced": "0"}, {"fixed": "2.5.5"}]}]}]}


def test_first_fixed_version_above_the_installed_one_across_ranges():
    vuln = _advisory("PyPI", "pkg", ("0", "1.2.3"), ("2.0", "2.6.1"), ("3.0", "3.0.2"),
                     extra=[{"type": "GIT", "events": [{"introduced": "0"}, {"fixed": "a1b2c3d"}]}])
    fixed = fixed_versions(vuln, "PyPI", "pkg")
    assert fixed == ["1.2.3", "2.6.1", "3.0.2"]  # no commit, no other package's fix
    assert first_fixed("2.5.0", fixed, "PyPI") == ["2.6.1"]
    assert first_fixed("1.0", fixed, "PyPI") == ["1.2.3"]
    assert first_fixed("3.0.2", fixed, "PyPI") == []
    # PEP 440, not text: 2.10 > 2.9, a release candidate is below its release, 2.6.1 == 2.6.1.0
    assert first_fixed("2.9", ["2.10", "2.9.1rc1", "2.9rc1"], "PyPI") == ["2.9.1rc1"]
    assert first_fixed("2.6.1.0", ["2.6.1", "2.6.2"], "PyPI") == ["2.6.2"]


def test_go_and_npm_versions_compare_as_semver():
    assert semver_key("v1.10.0") > semver_key("1.9.3")
    assert semver_key("v1.7.7-rc.1") < semver_key("v1.7.7") == semver_key("v1.7.7+incompatible")
    assert semver_key("1.0.0-beta.2") < semver_key("1.0.0-beta.11") < semver_key("1.0.0-rc.1")
    assert semver_key("1.0.0-1") < semver_key("1.0.0-alpha")  # numeric ids below alphanumeric
    assert semver_key("0.0.0-20210101000000-abcdef123456") < semver_key("v0.1.0")  # pseudo-version
    assert first_fixed("1.6.0", ["v1.5.0", "v1.10.0", "v1.7.7"], "Go") == ["v1.7.7"]
    assert first_fixed("v1.6.0", ["1.6.0-rc.1", "1.6.1"], "Go") == ["1.6.1"]
    assert first_fixed("4.17.19-beta.2", ["4.17.19", "4.17.21"], "npm") == ["4.17.19"]
    assert first_fixed("4.17.15", ["4.17.19", "4.17.15-beta.11"], "npm") == ["4.17.19"]


def test_uncomparable_versions_are_listed_never_a_crash():
    assert first_fixed("not-a-version", ["1.0", "2.0"], "npm") == ["1.0", "2.0"]
    assert first_fixed("1.0", ["1.1", "commit a1b2"], "Go") == ["1.1", "commit a1b2"]
    assert first_fixed("1.0", ["1.1", "1.2-?!"], "PyPI") == ["1.1", "1.2-?!"]
    assert first_fixed("2013b", ["2014a"], "Debian") == ["2014a"]  # another scheme: listed
    assert first_fixed("1.0", [], "PyPI") == []


def test_finding_reports_the_first_fix_above_and_the_v4_severity():
    d = Dep("PyPI", "pkg", "2.5.0", "requirements.txt", 3, "pkg==2.5.0")
    vuln = _advisory("PyPI", "pkg", ("0", "1.2.3"), ("2.0", "2.6.1"), ("3.0", "3.0.2"))
    vuln["severity"] = [{"type": "CVSS_V4", "score": V4_CRITICAL}]
    f = _vuln_finding(d, "GHSA-test", [], {}, vuln)
    assert f.severity == "critical"
    assert "; fixed in 2.6.1 [CVSS 9.3 v4.0]" in f.message
    # pip-audit's list of fixes gets the same treatment
    f = _vuln_finding(d, "GHSA-test", ["1.2.3", "3.0.2", "2.6.1"], {}, vuln)
    assert "; fixed in 2.6.1 [" in f.message
    late = Dep("PyPI", "pkg", "3.1", "requirements.txt", 3)
    assert "no fixed version above 3.1 published" in _vuln_finding(late, "GHSA-test", [], {}, vuln).message
    odd = Dep("npm", "pkg", "latest", "yarn.lock", 3)
    vuln = _advisory("npm", "pkg", ("0", "1.0.0"), ("2.0.0", "2.0.1"))
    assert "fixed in 1.0.0, 2.0.1 [" in _vuln_finding(odd, "GHSA-test", [], {}, vuln).message


# -- requirements ----------------------------------------------------------------------------------
@pytest.mark.parametrize("spec,expected", [
    ("requests==2.19.0", ("requests", "2.19.0", "==2.19.0")),
    ("Requests [security] == 2.19.0 ; python_version >= '3.8'", ("Requests", "2.19.0", "==2.19.0")),
    ("pkg===1.0-custom", ("pkg", "1.0-custom", "===1.0-custom")),
    ("flask>=2.0", ("flask", None, ">=2.0")),
    ("flask==2.*", ("flask", None, "==2.*")),
    ("flask>=2.0,<3", ("flask", None, "<3,>=2.0")),
    ("flask", ("flask", None, "")),
    ("pkg @ https://example.invalid/pkg-1.0.tar.gz", ("pkg", None, "@ https://example.invalid/pkg-1.0.tar.gz")),
    ("./local/path", ("", None, "./local/path")),
    ("pkg==1.0 extra junk", ("", None, "pkg==1.0 extra junk")),
])
def test_requirements_are_parsed_by_packaging(spec, expected):
    assert parse_requirement(spec) == expected


def test_poetry_exact_versions_and_canonical_names():
    assert [_exact_version(v) for v in ("1.2.3", "==1.2.3", "= 1.2.3", "^1.2", "1.2.*", ">=1", "*", "",
                                        "~1.2", "1.0 || 2.0")] == [
        "1.2.3", "1.2.3", "1.2.3", None, None, None, None, None, None, None]
    assert canonical_pypi("Zope.Interface__X") == "zope-interface-x"


# -- OSV retries against a real local server -------------------------------------------------------
@contextmanager
def scripted_server(answers: list):
    """A server on 127.0.0.1 answering each request with the next (code, headers) of `answers`
    ("drop" closes the connection without an answer); the last answer repeats. Yields the
    (base URL, request times)."""
    times: list[float] = []
    lock = threading.Lock()

    class Handler(BaseHTTPRequestHandler):
        def log_message(self, *args):
            pass

        def _answer(self):
            length = int(self.headers.get("Content-Length") or 0)
            if length:
                self.rfile.read(length)
            with lock:
                times.append(time.monotonic())
                answer = answers[min(len(times), len(answers)) - 1]
            if answer == "drop":
                self.close_connection = True
                return
            code, headers = answer
            data = json.dumps({"ok": code} if code == 200 else {"message": "no"}).encode()
            self.send_response(code)
            for k, v in headers.items():
                self.send_header(k, v)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        do_GET = do_POST = _answer

    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}", times
    finally:
        httpd.shutdown()
        httpd.server_close()
        thread.join(5)


def test_429_then_503_then_200_is_retried_with_backoff_and_retry_after():
    answers = [(429, {"Retry-After": "0"}), (503, {}), (200, {})]
    with scripted_server(answers) as (url, times):
        assert osv._request(url + "/v1/querybatch", Budget(10), {"queries": []}) == {"ok": 200}
    assert len(times) == 3
    assert times[1] - times[0] < osv.RETRY_DELAYS[0]  # Retry-After: 0 honoured over the 0.5 s
    assert times[2] - times[1] >= osv.RETRY_DELAYS[1] - 0.05  # then the 1 s backoff


def test_400_fails_at_once():
    with scripted_server([(400, {}), (200, {})]) as (url, times):
        start = time.monotonic()
        with pytest.raises(EngineError, match="HTTP 400"):
            osv._request(url + "/v1/vulns/X", Budget(10))
        assert time.monotonic() - start < osv.RETRY_DELAYS[0]
    assert len(times) == 1


def test_retries_stop_after_the_last_attempt_and_within_the_budget(monkeypatch):
    monkeypatch.setattr(osv, "RETRY_DELAYS", (0.01, 0.02, 0.04))
    with scripted_server([(502, {})]) as (url, times):
        with pytest.raises(EngineError, match="HTTP 502 after 4 attempts"):
            osv._request(url + "/v1/vulns/X", Budget(10))
    assert len(times) == 4
    with scripted_server([(429, {"Retry-After": "30"}), (200, {})]) as (url, times):
        start = time.monotonic()
        with pytest.raises(EngineError, match="HTTP 429; no time left to retry"):
            osv._request(url + "/v1/vulns/X", Budget(5))
        assert time.monotonic() - start < 1
    assert len(times) == 1


def test_a_dropped_connection_is_retried(monkeypatch):
    monkeypatch.setattr(osv, "RETRY_DELAYS", (0.01, 0.02, 0.04))
    with scripted_server(["drop", (200, {})]) as (url, times):
        assert osv._request(url + "/v1/vulns/X", Budget(10)) == {"ok": 200}
    assert len(times) == 2
