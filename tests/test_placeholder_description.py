"""hardcoded-secret: a value that describes what to put there (`SESSION_SECRET=random_string`,
`a-long-random-string`) is a placeholder; a real value beside it stays reported."""
from __future__ import annotations

from conftest import assert_findings

COMPOSE = '''services:
  app:
    image: example/app:1.0
    environment:
      - SESSION_SECRET=random_string  # change to a random string
      - JWT_SECRET=a-long-random-string
      - API_SIGNING_KEY=Qm9vdHN0cmFwS2V5Zm9yUHJvZA9x
'''


def test_described_placeholder_is_no_secret(tmp_path):
    assert_findings(tmp_path, {"docker-compose.yml": COMPOSE},
                    "hardcoded-secret", {("hardcoded-secret", 7)})


GO_MOD = "module example.com/app\n\ngo 1.22\n"

GO = '''package lastfm

const (
	agentName          = "lastfm"
	sessionKeyProperty = "LastFMSessionKey"
	apiSecret          = "9fK2mQ7xLp0aZ3wE5r"
)
'''


def test_property_name_with_an_acronym_is_no_secret(tmp_path):
    files = {"go.mod": GO_MOD, "lastfm/agent.go": GO}
    assert_findings(tmp_path, files, "hardcoded-secret", {("hardcoded-secret", 6)})


GO_NAMES = '''package shared

type StateName string

const (
	StateMFAOTPSecretCreation StateName = "mfa_otp_secret_creation"
	StatePasswordCreation     StateName = "password_creation"
	ClientSecret                        = "x7Kq2Lm9Vb4Rt8Np3Zw6"
)
'''

TS_MARKERS = '''export function protect(text: string): string {
  const HIGHLIGHT_TOKEN = "___APP_HIGHLIGHT_MARKER___";
  const signingSecret = "q8Wv2Xk7Lp4Mz9Rt5Bn3";
  return text.replace(/==/g, HIGHLIGHT_TOKEN) + signingSecret.length;
}
'''


def test_enum_values_spelling_their_names_and_markers_are_no_secrets(tmp_path):
    files = {"go.mod": GO_MOD, "flow/shared/states.go": GO_NAMES, "web/src/format.ts": TS_MARKERS,
             # fixtures of an end-to-end test service
             "internal/service/e2etest_service.go":
                 'package service\n\nconst e2eRefreshToken = "Zk3Lq8Wm2Vx7Rb4Np9Tc"\n'}
    assert_findings(tmp_path, files, "hardcoded-secret",
                    {("flow/shared/states.go", 8), ("web/src/format.ts", 3)}, by_file=True)


ANCHORS = '''x-db-credentials: &db-credentials
  POSTGRES_USER: &db-user app
  POSTGRES_PASSWORD: &db-password Zk3Lq8Wm2Vx7Rb4Np9
services:
  db:
    image: postgres:16
    environment:
      <<: *db-credentials
'''


def test_yaml_anchor_is_no_value(tmp_path):
    assert_findings(tmp_path, {"docker-compose.yml": ANCHORS}, "hardcoded-secret",
                    {("hardcoded-secret", 3)})


PY_FLAGS = '''import os

OPTIONAL_CREDENTIALS = os.environ.get("ATHENA_OPTIONAL_CREDENTIALS", "true")
SECRET_KEY = os.environ.get("APP_SECRET_KEY", "dev-secret-please-keep")
'''


def test_a_flag_default_is_no_secret(tmp_path):
    assert_findings(tmp_path, {"app/settings.py": PY_FLAGS}, "hardcoded-secret",
                    {("hardcoded-secret", 4)})


TS_ICONS = r'''export const icons = {
  "fa-user-plus": "\uf234",
  "fa-user-secret": "\uf21b",
  "api-secret": "Zk3Lq8Wm2Vx7Rb4Np9Tc",
};
'''


def test_an_icon_glyph_is_no_secret(tmp_path):
    assert_findings(tmp_path, {"web/src/icons.ts": TS_ICONS}, "hardcoded-secret",
                    {("hardcoded-secret", 4)})
