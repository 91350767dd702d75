"""startup-integrity on multi-file trees: names imported from the tree's own modules that do not
exist, and attributes read at import time that the configuration class does not declare; with
the look-alikes that must stay quiet."""
from __future__ import annotations

from conftest import scan, write_tree

TREE = {
    "app/__init__.py": "",
    "app/db.py": "from sqlalchemy.orm import sessionmaker\n\n"
                 "SyncSessionLocal = sessionmaker()\n\n\ndef get_db():\n    return SyncSessionLocal()\n",
    "app/settings/__init__.py": "from .base import BaseConfig as BaseConfig\n",
    "app/settings/base.py": "class Root:\n    region = 'eu'\n\n\n"
                            "class BaseConfig(Root):\n    debug: bool = False\n\n"
                            "    def __init__(self):\n        self.token_ttl = 60\n\n"
                            "    @property\n    def is_prod(self):\n        return not self.debug\n",
    "app/settings/star.py": "from app.settings.base import *\n",
    "app/payments.py": "from dataclasses import dataclass\n\n\n@dataclass\nclass PayConfig:\n"
                       "    enabled: bool\n    price: float\n\n\n"
                       "def get_pay_config() -> 'PayConfig':\n    return PayConfig(True, 0.1)\n",
    "app/main.py": (
        "from typing import TYPE_CHECKING\n"                            # 1
        "from app.db import SessionLocal\n"                              # 2 expect high
        "from app.db import get_db, SyncSessionLocal\n"                  # 3 ok
        "from app.settings import BaseConfig, base\n"                    # 4 ok: re-export, submodule
        "from app.settings.star import anything\n"                       # 5 ok: star import
        "from app.payments import get_pay_config\n"                      # 6
        "from app import payments\n"                                     # 7
        "try:\n    from app.db import fast_session\n"                    # 9 ok: guarded
        "except ImportError:\n    fast_session = None\n"
        "if TYPE_CHECKING:\n    from app.db import Session\n"            # 13 ok: never runs
        "cfg = BaseConfig()\n"                                           # 14
        "pay = get_pay_config()\n"                                       # 15
        "pay2 = payments.get_pay_config()\n"                             # 16
        "if cfg.debug and cfg.token_ttl and cfg.is_prod and cfg.region:\n"  # 17 ok
        "    print(cfg.verbose)\n"                                       # 18 expect
        "if pay.middleware_enabled or pay.enabled:\n"                    # 19 expect
        "    print(pay2.webhook_secret)\n"                               # 20 expect
        "\n\ndef handler():\n"
        "    from app.db import AsyncSessionLocal\n"                     # 24 expect medium
        "    return AsyncSessionLocal\n"),
}


def test_startup_integrity_on_a_tree(tmp_path):
    root = write_tree(tmp_path / "proj", TREE)
    res = scan(root)
    got = sorted((f.file, f.line, f.severity) for f in res.findings
                 if f.rule_id == "startup-integrity")
    want = [("app/main.py", 2, "high"), ("app/main.py", 18, "high"), ("app/main.py", 19, "high"),
            ("app/main.py", 20, "high"), ("app/main.py", 24, "medium")]
    missed = sorted(set(want) - set(got))
    extra = sorted(set(got) - set(want))
    assert not missed and not extra, f"missed {missed}, extra {extra}"


def test_classes_with_bases_outside_the_tree_are_not_judged(tmp_path):
    root = write_tree(tmp_path / "proj", {
        "app/__init__.py": "",
        "app/config.py": "from pydantic_settings import BaseSettings\n\n\n"
                         "class Settings(BaseSettings):\n    debug: bool = False\n\n\n"
                         "def get_settings() -> Settings:\n    return Settings()\n",
        "app/main.py": "from app.config import get_settings\n\nsettings = get_settings()\n"
                       "print(settings.model_config, settings.database_url)\n"})
    res = scan(root)
    assert not [f for f in res.findings if f.rule_id == "startup-integrity"]


def test_modules_that_bind_names_through_globals_and_object_attributes(tmp_path):
    """A generated protobuf module defines its message classes by handing `globals()` to the
    builder; every instance has `__class__` and `__dict__`. Neither is a missing name; a module
    that only reads `globals()` inside a function, and a plain missing name, still are."""
    root = write_tree(tmp_path / "proj", {
        "app/__init__.py": "",
        "app/api_pb2.py": "from google.protobuf.internal import builder as _builder\n"
                          "DESCRIPTOR = object()\n_globals = globals()\n"
                          "_builder.BuildTopDescriptorsAndMessages(DESCRIPTOR, 'api_pb2', _globals)\n",
        "app/plain.py": "def dump():\n    return globals()\n\n\nKNOWN = 1\n",
        "app/wallet.py": "class Wallet:\n    def pay(self):\n        return 1\n\n\n"
                         "def make() -> 'Wallet':\n    return Wallet()\n",
        "app/main.py": (
            "from app.api_pb2 import AddInvoiceRequest\n"               # 1 ok: built via globals()
            "from app.plain import KNOWN, MISSING\n"                    # 2 expect: MISSING
            "from app.wallet import make\n"                             # 3
            "w = make()\n"                                              # 4
            "print(w.__class__.__name__, w.__dict__, w.pay)\n"          # 5 ok
            "print(w.balance)\n"),                                      # 6 expect
    })
    res = scan(root)
    got = sorted((f.file, f.line) for f in res.findings if f.rule_id == "startup-integrity")
    want = [("app/main.py", 2), ("app/main.py", 6)]
    assert got == want, f"missed {sorted(set(want) - set(got))}, extra {sorted(set(got) - set(want))}"
