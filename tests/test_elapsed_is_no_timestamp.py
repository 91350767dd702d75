"""fabricated-timestamp: `Date.now() - startTime` is an elapsed time measured from a recorded
start, not the clock moved back by a made-up amount; `Date.now() - 30 * 864e5` presented as a
review date is. Expectations on exact lines."""
from __future__ import annotations

from conftest import assert_findings

TS = '''import express from "express";

const app = express();

async function runStep(step: any) {
  const startTime = Date.now();
  await step.run();
  return { ok: true, duration: Date.now() - startTime };
}

function reviewState() {
  return { status: "passed", lastReviewedAt: new Date(Date.now() - 30 * 864e5) };
}

app.post("/api/steps/run", async (req, res) => {
  res.json({ result: await runStep(req.body), review: reviewState() });
});

app.listen(3000);
'''


def test_elapsed_time_is_no_fabricated_timestamp(tmp_path):
    assert_findings(tmp_path, {"src/app.ts": TS},
                    "fabricated-timestamp", {("fabricated-timestamp", 12)})


TS_DEFAULT = '''import express from "express";

const app = express();

function recentlyAdded(options: { addedAt: number } = { addedAt: Date.now() - 1000 * 60 * 60 }) {
  return { since: options.addedAt, lastSyncedAt: new Date(Date.now() - 1000 * 60 * 60) };
}

app.get("/api/recent", (req, res) => res.json(recentlyAdded()));
app.listen(3000);
'''


def test_a_parameter_default_window_is_no_timestamp(tmp_path):
    assert_findings(tmp_path, {"src/app.ts": TS_DEFAULT}, "fabricated-timestamp",
                    {("fabricated-timestamp", 6)})
