"""A stand-in engine for the runner test: sleeps, then reports ok."""
import time


def run(payload: dict) -> dict:
    time.sleep(payload["seconds"])
    return {"findings": [], "status": {"status": "ok", "message": "slept"}}
