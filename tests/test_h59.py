"""h59 (issue 18): handler-bypasses-service per area and resource; mock-data parameter defaults.

mock-data: a mock-named record literal that is only the default value of a parameter or of a
destructured property (`function Weather({ weatherAtLocation = SAMPLE })`, `def f(rows=SAMPLE)`)
stands in when a caller passes nothing (a preview, a story); the callers pass the data, so it is
not what requests are answered with. The same literal returned or rendered is still reported.
"""
from __future__ import annotations

from auditor.scan import ScanOptions, run_scan


def _findings(root, rules):
    res = run_scan(ScanOptions(path=str(root), engines=["native"], use_cache=False)).result
    return sorted((f.rule_id, f.file, f.line) for f in res.findings if f.rule_id in rules)


WEATHER_TSX = '''const SAMPLE = {
  current: { time: "2024-10-07T19:30", temperature_2m: 29.3 },
  hourly: { time: ["2024-10-07T00:00"], temperature_2m: [36.6] },
};

export function Weather({
  weatherAtLocation = SAMPLE,
}: {
  weatherAtLocation?: typeof SAMPLE;
}) {
  return <div>{weatherAtLocation.current.temperature_2m}</div>;
}
'''

WEATHER_USED_TSX = '''const SAMPLE = {
  current: { time: "2024-10-07T19:30", temperature_2m: 29.3 },
  hourly: { time: ["2024-10-07T00:00"], temperature_2m: [36.6] },
};

export function Weather({ weatherAtLocation }: { weatherAtLocation?: typeof SAMPLE }) {
  const data = SAMPLE;
  return <div>{data.current.temperature_2m}</div>;
}
'''

MOCK_DEFAULT_PY = '''MOCK_ORDERS = [{"id": 1, "total": 10.0}, {"id": 2, "total": 12.5}]


def render_orders(orders=MOCK_ORDERS):
    return [o["id"] for o in orders]


def list_orders():
    return MOCK_ORDERS
'''


def test_mock_literal_as_parameter_default_is_not_a_use(tmp_path):
    (tmp_path / "components").mkdir()
    (tmp_path / "components" / "weather.tsx").write_text(WEATHER_TSX)
    assert _findings(tmp_path, {"mock-data"}) == []


def test_mock_literal_read_in_the_body_is_reported(tmp_path):
    (tmp_path / "components").mkdir()
    (tmp_path / "components" / "weather.tsx").write_text(WEATHER_USED_TSX)
    assert _findings(tmp_path, {"mock-data"}) == [("mock-data", "components/weather.tsx", 7)]


def test_python_default_quiet_return_reported(tmp_path):
    (tmp_path / "orders").mkdir()
    (tmp_path / "orders" / "service.py").write_text(MOCK_DEFAULT_PY)
    # the default of render_orders (line 4) is no use; list_orders' return (line 9) is
    assert _findings(tmp_path, {"mock-data"}) == [("mock-data", "orders/service.py", 9)]
