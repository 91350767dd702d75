"""Ships the declarative packs in `rules/` inside the wheel as `auditor.packs`."""
from setuptools import find_packages, setup

setup(
    packages=find_packages("src") + ["auditor.packs"],
    package_dir={"": "src", "auditor.packs": "rules"},
    package_data={"auditor": ["data/*", "data/**/*"], "auditor.packs": ["*", "**/*"]},
    include_package_data=False,
)
