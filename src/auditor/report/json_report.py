"""The JSON report: the `ScanResult` of the design, validated by `schemas/scan-result.schema.json`."""
from __future__ import annotations

import json


def render_json(result) -> str:
    return json.dumps(result.to_dict(), indent=2, ensure_ascii=False, sort_keys=False) + "\n"
