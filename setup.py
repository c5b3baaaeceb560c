"""Package mapping: the design card keeps ingest/, audit/, reports/ and samples/ at the top
level of the repository, installed under the one import namespace ``shebao``."""

from pathlib import Path

from setuptools import setup

ROOTS = {
    "shebao": "shebao",
    "shebao.ingest": "ingest",
    "shebao.audit": "audit",
    "shebao.reports": "reports",
    "shebao.samples": "samples",
}
DATA = ["*.yaml", "*.yml", "*.json", "*.j2", "*.html", "*.css", "*.docx", "*.md", "*.csv"]


def _packages() -> tuple[list[str], dict[str, str]]:
    packages: list[str] = []
    package_dir: dict[str, str] = {}
    for name, root in ROOTS.items():
        package_dir[name] = root
        for init in sorted(Path(root).rglob("__init__.py")):
            rel = init.parent.relative_to(root)
            packages.append(".".join((name, *rel.parts)) if rel.parts else name)
    return packages, package_dir


packages, package_dir = _packages()
setup(
    packages=packages,
    package_dir=package_dir,
    package_data={pkg: [*DATA, *(f"**/{pattern}" for pattern in DATA)] for pkg in packages},
    include_package_data=True,
)
