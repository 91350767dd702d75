"""Is a seeded bcrypt hash (or unsalted hex digest) the hash of a password the repository spells out?

Each test costs 2^cost bcrypt rounds (about 60 ms at cost 10), so the work is bounded: hashes of
cost above MAX_COST are not tested, each distinct hash is tested once whatever the number of rows
and files that seed it, against at most PER_HASH candidates, and the whole scan spends at most
BUDGET units (one unit: one test at cost 10). Without the `bcrypt` package nothing is tested.
"""
from __future__ import annotations

import hashlib

from auditor.checks.secrets.candidates import Candidate
from auditor.checks.secrets.sql import HEX_HASH, bcrypt_cost

HEX_DIGESTS = {32: "md5", 40: "sha1", 64: "sha256", 128: "sha512"}
MAX_DIGEST_TESTS = 2000

MAX_COST = 12
PER_HASH = 32
BUDGET = 24.0


def available() -> bool:
    try:
        import bcrypt  # noqa: F401
    except ImportError:
        return False
    return True


class Verifier:
    """Tests hashes against ranked candidates; a candidate is tested once per hash, so a larger
    pool (the next tier of files) costs only its new candidates."""

    def __init__(self, budget: float = BUDGET):
        self.budget = budget
        self.tried: dict[str, set[str]] = {}
        self.untested: set[str] = set()  # hashes the budget or the cost left (partly) untested
        try:
            import bcrypt
        except ImportError:  # pragma: no cover - a dependency; kept optional at run time
            bcrypt = None
        self._bcrypt = bcrypt

    def match(self, hashed: str, ranked: list[Candidate]) -> Candidate | None:
        """The first of `ranked` that `hashed` is the bcrypt hash of (or the unsalted MD5, SHA-1,
        SHA-256, SHA-512 hex digest of: free to test); None when none is, or when it could not be
        tested (then it is in `untested`)."""
        algo = HEX_DIGESTS.get(len(hashed)) if HEX_HASH.match(hashed) else None
        if algo is not None:
            want = hashed.lower()
            for cand in ranked[:MAX_DIGEST_TESTS]:
                if hashlib.new(algo, cand.value.encode("utf-8")).hexdigest() == want:
                    return cand
            return None
        cost = bcrypt_cost(hashed)
        if self._bcrypt is None or not cost or cost > MAX_COST:
            self.untested.add(hashed)
            return None
        unit = 2.0 ** (cost - 10)
        tried = self.tried.setdefault(hashed, set())
        for cand in ranked:
            if len(tried) >= PER_HASH:
                return None
            if cand.value in tried:
                continue
            if self.budget < unit:
                self.untested.add(hashed)
                return None
            self.budget -= unit
            tried.add(cand.value)
            try:
                if self._bcrypt.checkpw(cand.value.encode("utf-8")[:72], hashed.encode("ascii")):
                    self.untested.discard(hashed)
                    return cand
            except ValueError:
                self.untested.add(hashed)
                return None  # not a hash this library reads
        return None
