"""hardcoded-secret: a value that describes what to put there (`SESSION_SECRET=random_string`,
`a-long-random-string`) is a placeholder; a real value beside it stays reported."""
from __future__ import annotations

from conftest import scan, write_tree

COMPOSE = '''services:
  app:
    image: example/app:1.0
    environment:
      - SESSION_SECRET=random_string  # change to a random string
      - JWT_SECRET=a-long-random-string
      - API_SIGNING_KEY=Qm9vdHN0cmFwS2V5Zm9yUHJvZA9x
'''


def test_described_placeholder_is_no_secret(tmp_path):
    write_tree(tmp_path, {"docker-compose.yml": COMPOSE})
    res = scan(tmp_path)
    got = {(f.rule_id, f.line) for f in res.findings if f.rule_id == "hardcoded-secret"}
    want = {("hardcoded-secret", 7)}
    assert got == want, f"missed {want - got}, extra {got - want}"


GO = '''package lastfm

const (
	agentName          = "lastfm"
	sessionKeyProperty = "LastFMSessionKey"
	apiSecret          = "9fK2mQ7xLp0aZ3wE5r"
)
'''


def test_property_name_with_an_acronym_is_no_secret(tmp_path):
    write_tree(tmp_path, {"go.mod": "module example.com/app\n\ngo 1.22\n", "lastfm/agent.go": GO})
    res = scan(tmp_path)
    got = {(f.rule_id, f.line) for f in res.findings if f.rule_id == "hardcoded-secret"}
    want = {("hardcoded-secret", 6)}
    assert got == want, f"missed {want - got}, extra {got - want}"
