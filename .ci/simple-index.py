"""Writes a PEP 503 simple index of a wheelhouse into its simple/ folder, so installers
that only take an index (pdm) can install from the wheelhouse offline:
    python3 .ci/simple-index.py WHEELHOUSE
"""

import hashlib
import html
import re
import sys
from collections import defaultdict
from pathlib import Path


def project(filename: str) -> str:
    if filename.endswith(".whl"):
        name = filename.split("-")[0]
    else:  # an sdist: NAME-VERSION.tar.gz or .zip
        name = re.sub(r"\.(tar\.gz|zip)$", "", filename).rsplit("-", 1)[0]
    return re.sub(r"[-_.]+", "-", name).lower()


def main(wheelhouse: Path) -> None:
    files = defaultdict(list)
    for path in sorted(wheelhouse.iterdir()):
        if path.is_file() and re.search(r"\.(whl|tar\.gz|zip)$", path.name):
            files[project(path.name)].append(path)
    simple = wheelhouse / "simple"
    for name, paths in files.items():
        links = []
        for path in paths:
            digest = hashlib.sha256(path.read_bytes()).hexdigest()
            href = html.escape(f"../../{path.name}#sha256={digest}")
            links.append(f'<a href="{href}">{html.escape(path.name)}</a><br>')
        page = simple / name / "index.html"
        page.parent.mkdir(parents=True, exist_ok=True)
        page.write_text("<!DOCTYPE html><html><body>\n" + "\n".join(links) + "\n</body></html>\n")
    index = "\n".join(f'<a href="{n}/">{n}</a><br>' for n in sorted(files))
    (simple / "index.html").write_text(f"<!DOCTYPE html><html><body>\n{index}\n</body></html>\n")


if __name__ == "__main__":
    main(Path(sys.argv[1]))
