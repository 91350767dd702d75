"""The JSON report: the `ScanResult` of the design, described by the JSON Schema in `auditor/data/scan-result.schema.json`."""
from __future__ import annotations

import json


def render_json(result) -> str:
    return json.dumps(result.to_dict(), indent=2, ensure_ascii=False, sort_keys=False) + "\n"
