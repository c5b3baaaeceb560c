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
    "shebao.desk": "desk",
    "shebao.batch": "batch",
}
DATA = ["*.yaml", "*.yml", "*.json", "*.j2", "*.html", "*.css", "*.docx", "*.md", "*.csv", "*.js",
        "*.mako"]


def _packages() -> tuple[list[str], dict[str, str]]:
    packages: list[str] = []
    package_dir: dict[str, str] = {}
    for name, root in ROOTS.items():
        package_dir[name] = root
        # every folder is a package (data-only folders such as audit/parameters/ included), so
        # that setuptools ships their files; caches and the demo outputs are not.
        folders = [Path(root), *sorted(p for p in Path(root).rglob("*") if p.is_dir())]
        for folder in folders:
            rel = folder.relative_to(root)
            if any(part.startswith((".", "__")) for part in rel.parts):
                continue
            packages.append(".".join((name, *rel.parts)) if rel.parts else name)
    return packages, package_dir


packages, package_dir = _packages()
setup(
    packages=packages,
    package_dir=package_dir,
    package_data={pkg: [*DATA, *(f"**/{pattern}" for pattern in DATA)] for pkg in packages},
    include_package_data=True,
)
