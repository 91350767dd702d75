"""A Next.js catch-all pages route whose handler looks the route up in a module-level table
(`routeHandlers["GET /"](req, res)`, papermark's conversations) is one route per entry, and
each is traced on into its own entry: the data its entry reads is the route's, an entry that
reads nothing gives its route nothing."""
from __future__ import annotations

from conftest import scan, write_tree

CONV = '''import type { NextApiRequest, NextApiResponse } from "next";
import { PrismaClient } from "@prisma/client";

const prisma = new PrismaClient();

const routeHandlers = {
  "GET /": async (req: NextApiRequest, res: NextApiResponse) => {
    const rows = await prisma.conversation.findMany({ where: { open: true } });
    res.json(rows);
  },
  "POST /notifications": async (req: NextApiRequest, res: NextApiResponse) => {
    res.json({ ok: true });
  },
};

export async function handleRoute(req: NextApiRequest, res: NextApiResponse) {
  const { method, query } = req;
  const path = Array.isArray(query.conversations) ? query.conversations.join("/") : "";
  const routeKey = `${method} /${path}`;
  const handler = routeHandlers[routeKey as keyof typeof routeHandlers];
  if (!handler) {
    return res.status(404).json({ error: "API endpoint not found" });
  }
  return await handler(req, res);
}
'''

PAGE = '''import { NextApiRequest, NextApiResponse } from "next";

import { handleRoute } from "../../../ee/conv";

export default async function handler(req: NextApiRequest, res: NextApiResponse) {
  return handleRoute(req, res);
}
'''


def test_each_table_entry_is_traced_for_its_route(tmp_path):
    root = write_tree(tmp_path, {
        "ee/conv.ts": CONV, "pages/api/conversations/[[...conversations]].ts": PAGE,
        "package.json": '{"name": "x", "dependencies": {"next": "14.0.0"}}'})
    eps = {(e.method, e.path): e for e in scan(root).endpoints}
    get = eps[("GET", "/api/conversations")]
    assert [(s["file"], s["line"]) for s in get.data_sites] == [("ee/conv.ts", 8)], get.data_sites
    post = eps[("POST", "/api/conversations/notifications")]
    assert post.data_sites == [] and not post.reaches_sql
