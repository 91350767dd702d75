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
