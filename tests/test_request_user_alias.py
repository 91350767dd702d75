"""endpoint-without-data: an authenticated handler that deletes or saves the request's user
through a local (`user = request.user.object; user.delete()`, Starlette's wrapper of the
model instance, khoj's DELETE /api/self) writes the user's row; a local holding one field of
the user (`name = request.user.name; name.upper()`) touches no row."""
from __future__ import annotations

from conftest import assert_findings

APP = '''from fastapi import FastAPI, Request
from starlette.authentication import requires

app = FastAPI()


@app.delete("/api/self")
@requires(["authenticated"])
def delete_self(request: Request):
    user = request.user.object
    user.delete()
    return {"status": "ok"}


@app.get("/api/self/teams")
@requires(["authenticated"])
def teams(request: Request):
    name = request.user.name
    name.upper()
    return {"teams": [], "count": 0}
'''


def test_a_request_user_saved_through_a_local_is_data(tmp_path):
    assert_findings(tmp_path, {"app.py": APP}, "endpoint-without-data",
                    {("endpoint-without-data", 15)})
