"""mock-data: a fake-data generator imported at the top of a file no route reaches (a
`populate.py` script, a CLI's `generate` command) serves that program, not requests; one a
route's code uses stays reported. Expectations on exact lines."""
from __future__ import annotations

from conftest import assert_findings

FILES = {
    "app/__init__.py": "",
    "app/views.py": (
        "from faker import Faker\n"  # 1: a route uses it
        "from flask import Flask, jsonify\n"
        "app = Flask(__name__)\n"
        "fake = Faker()\n"
        "\n"
        "@app.route('/api/users')\n"
        "def users():\n"
        "    return jsonify([{'name': fake.name()} for _ in range(3)])\n"),
    "populate.py": (
        "from faker import Faker\n"  # 1: a developer's script
        "from app.views import app\n"
        "\n"
        "def main():\n"
        "    fake = Faker()\n"
        "    print(fake.name())\n"
        "\n"
        "if __name__ == '__main__':\n"
        "    main()\n"),
}


def test_fake_data_generator_of_a_script_is_not_production(tmp_path):
    assert_findings(tmp_path, FILES, "mock-data", {("app/views.py", 1)}, by_file=True)
