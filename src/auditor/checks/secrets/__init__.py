"""The parts of the hardcoded-secret rule, one concern per module.

- `values`: what a secret looks like: known key formats, placeholders, names that say secret.
- `places`: where a secret can be: deployment configuration versus API client collections,
  examples, documentation, translations, test settings and CI test jobs.
- `config`: configuration files (`.env*`, YAML, JSON, TOML, Dockerfile, compose) read line by
  line with their YAML nesting (a CI job, a compose service).
- `sql`: migrations and seeds: `INSERT`/`UPDATE` statements that seed password hashes, plain
  passwords, API keys and tokens.
- `candidates`: strings near the word password anywhere in the repository, and `known`, which
  tests seeded bcrypt hashes against them within a fixed budget.
- `guards`: request values compared with configuration (a default admin key is a secret when it
  guards a route) and the minimum-length validations a backend applies to its own secrets.

Only `auditor.checks.rules.hardcoded_secret` imports this package.
"""
