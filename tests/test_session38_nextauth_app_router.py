"""Next.js app router: `const handler = NextAuth(authOptions); export { handler as GET, handler
as POST }` serves the sign-in and the provider's callback with the library's handler, which runs
the options' `authorize` and callbacks: their data (a Mongoose `User.findOne`, a new user saved)
is the route's, as for the pages router's `export default NextAuth(authOptions)`. Shape read in
a Next.js + Mongoose CMS labelled before auditor ran."""
from __future__ import annotations

import json

from conftest import scan, write_tree

TREE = {
    "package.json": json.dumps({"name": "n", "dependencies": {
        "next": "14.1.0", "next-auth": "4.24.0", "mongoose": "8.0.0"}}),
    "tsconfig.json": json.dumps({"compilerOptions": {"baseUrl": ".", "paths": {"@/*": ["./*"]}}}),
    "models/user.ts": (
        "import mongoose from 'mongoose'\n"
        "const schema = new mongoose.Schema({ email: String })\n"
        "export const User = mongoose.models.User || mongoose.model('User', schema)\n"),
    "utils/auth-helpers.ts": (
        "import { NextAuthOptions } from 'next-auth'\n"  # 1
        "import CredentialsProvider from 'next-auth/providers/credentials'\n"
        "import { User } from '@/models/user'\n"
        "export const authOptions: NextAuthOptions = {\n"
        "  providers: [\n"  # 5
        "    CredentialsProvider({\n"
        "      credentials: { email: {}, password: {} },\n"
        "      async authorize(credentials) {\n"
        "        const user = await User.findOne({ email: credentials?.email })\n"  # 9
        "        return user ? { id: String(user._id) } : null\n"
        "      },\n"
        "    }),\n"
        "  ],\n"
        "}\n"),
    "app/(api-routes)/api/[auth]/[...nextauth]/route.ts": (
        "import NextAuth from 'next-auth'\n"
        "import { authOptions } from '@/utils/auth-helpers'\n\n"
        "const handler = NextAuth(authOptions)\n"
        "export { handler as GET, handler as POST }\n"),
    "app/api/hello/route.ts": (
        "export async function GET() {\n"
        "  return Response.json({ hello: 'world' })\n"
        "}\n"),
}


def test_nextauth_app_router_handler_reaches_its_options_data(tmp_path):
    res = scan(write_tree(tmp_path, TREE))
    eps = {(e.method, e.path): e for e in res.endpoints if not e.implicit}
    for method in ("GET", "POST"):
        ep = eps[(method, "/api/[auth]/[...nextauth]")]
        assert ("utils/auth-helpers.ts", 9) in {(s["file"], s["line"]) for s in ep.data_sites}, \
            (method, ep.data_sites)
    assert not eps[("GET", "/api/hello")].data_sites
