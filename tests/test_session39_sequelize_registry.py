"""Sequelize's model registry (sequelize-cli's `models/index.js`: every file of the folder is
loaded with `sequelize.import` / `require(file)(sequelize, DataTypes)` and stored in one object
under its name) hands models to repositories that never import sequelize: `const PostModel =
this.models.Post; PostModel.findOne(q)`. In a tree that uses sequelize, a Sequelize model method
on an untyped receiver is a data site; JavaScript's globals (`Math.max`, `Object.create`) and
an in-tree class's own `create` are not. Shape read in a DDD Express + Sequelize backend
labelled before auditor ran."""
from __future__ import annotations

from conftest import scan, write_tree

TREE = {
    "package.json": '{"dependencies": {"express": "^4", "sequelize": "^6"}}',
    "src/models/index.ts": (
        "import * as Sequelize from 'sequelize'\n"
        "import * as fs from 'fs'\n\n"
        "const sequelize = new Sequelize.Sequelize('postgres://x')\n"
        "let models: any = {};\n"
        "fs.readdirSync(__dirname).forEach((f) => {\n"
        "  const model = sequelize.import(__dirname + '/' + f);\n"
        "  models[model.name] = model;\n"
        "});\n"
        "models['sequelize'] = sequelize;\n"
        "export default models;\n"),
    "src/domain/post.ts": (
        "export class Post {\n"
        "  constructor(public title: string) {}\n"
        "  static create(title: string): Post { return new Post(title) }\n"
        "}\n"),
    "src/repos/postRepo.ts": (
        "import { Post } from '../domain/post'\n\n"
        "export class PostRepo {\n"
        "  private models: any;\n"
        "  constructor(models: any) { this.models = models; }\n"
        "  public async getPost(id: string) {\n"
        "    const PostModel = this.models.Post;\n"
        "    const raw = await PostModel.findOne({ where: { id } });\n"
        "    return Post.create(raw.title);\n"
        "  }\n"
        "  public limit(n: number) { return Math.max(n, 10) }\n"
        "}\n"),
    "src/repos/index.ts": (
        "import models from '../models'\nimport { PostRepo } from './postRepo'\n\n"
        "export const postRepo = new PostRepo(models);\n"),
    "src/app.ts": (
        "import express from 'express'\nimport { postRepo } from './repos'\n\n"
        "const app = express()\n"
        "app.get('/posts/:id', async (req, res) => {\n"
        "  res.json(await postRepo.getPost(req.params.id))\n})\n"
        "app.get('/limit/:n', (req, res) => {\n"
        "  res.json({ n: postRepo.limit(Number(req.params.n)) })\n})\n"
        "app.listen(3000)\n"),
}


def test_registry_model_is_data_globals_are_not(tmp_path):
    res = scan(write_tree(tmp_path, TREE))
    by = {(e.method, e.path): e for e in res.endpoints if not e.implicit}
    post = by[("GET", "/posts/:id")]
    sites = {(d["file"], d["line"]) for d in post.data_sites}
    assert ("src/repos/postRepo.ts", 8) in sites, post.data_sites
    assert not any(d["line"] == 9 for d in post.data_sites), post.data_sites
    assert not by[("GET", "/limit/:n")].data_sites, by[("GET", "/limit/:n")].data_sites
