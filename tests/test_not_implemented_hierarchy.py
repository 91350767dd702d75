"""not-implemented: a base method that a subclass takes from a mixin listed before the base is
overridden (the abstract idiom); a provider declining a capability a sibling provider implements
does so by design; a capability no provider implements is still a stub. Exact lines."""
from __future__ import annotations

from conftest import assert_findings

PY = '''from fastapi import FastAPI

app = FastAPI()


class Base(dict):
    def save(self, data):
        raise NotImplementedError("Subclass must implement save()")


class DiskMixin:
    def save(self, data):
        return len(data)


class Watch(DiskMixin, Base):
    pass


class Provider:
    def create_domain(self, name):
        raise NotImplementedError()

    def export(self, name):
        raise NotImplementedError()


class SmtpProvider(Provider):
    def create_domain(self, name):
        raise NotImplementedError()

    def export(self, name):
        raise NotImplementedError()


class SesProvider(Provider):
    def create_domain(self, name):
        return {"domain": name}

    def export(self, name):
        raise NotImplementedError()


def provider(kind: str) -> Provider:
    return SmtpProvider() if kind == "smtp" else SesProvider()


def persist(entity: Base, data):
    return Base.save(entity, data)


@app.post("/api/domains/{kind}")
def domains(kind: str):
    p = provider(kind)
    persist(Watch(), {"kind": kind})
    return {"d": p.create_domain("x"), "e": p.export("x")}
'''


def test_mixins_and_declining_providers(tmp_path):
    assert_findings(tmp_path, {"app/main.py": PY}, "not-implemented",
                    {("not-implemented", 33), ("not-implemented", 41)})
