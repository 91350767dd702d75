"""A tagged template with type arguments (`await prisma.$queryRaw<Row[]>`SELECT ...``, inbox-zero's
organization stats) parses in tree-sitter's TypeScript grammar as a call of
`(await prisma.$queryRaw)<Row[]>`: the call is still `prisma.$queryRaw`, a raw query, so the
route that runs it is not one "without data"; a typed call of an in-tree helper is still that
helper."""
from __future__ import annotations

from conftest import scan, write_tree

ROUTE = '''import { PrismaClient } from "@prisma/client";

const prisma = new PrismaClient();

async function helper<T>(x: T): Promise<T> {
  return x;
}

export async function GET(request: Request) {
  const id = new URL(request.url).searchParams.get("id");
  const rows = await prisma.$queryRaw<{ n: bigint }[]>`
    SELECT COUNT(*) AS n FROM "EmailMessage" WHERE "accountId" = ${id}`;
  const same = await helper<number>(1);
  return Response.json({ n: Number(rows[0].n), same });
}
'''


def test_a_typed_tagged_template_is_a_call_of_its_function(tmp_path):
    root = write_tree(tmp_path, {"app/api/stats/route.ts": ROUTE, "package.json": '{"name": "x"}'})
    res = scan(root)
    ep = next(e for e in res.endpoints if e.path == "/api/stats")
    assert ep.reaches_sql and [s["line"] for s in ep.sql_sites] == [11], ep.sql_sites
    assert [c.name.rsplit(".", 1)[-1] for c in ep.chain] == ["GET", "helper"]
    assert not [f for f in res.findings if f.rule_id == "endpoint-without-data"]
