"""Prints, one a line, the requirements pyproject.toml lists under each name given: `build` (the build system's),
`dependencies` (the package's own) or an extra's name (`docs`, `dask`, ...), for `pip install -r /dev/stdin` where
pip must not build the package itself.
The extras' lower bounds matter there too: without them pip may pair the newest dask with an old distributed
that does not pin its dask."""

import pathlib
import sys

import tomllib

project = tomllib.loads((pathlib.Path(__file__).resolve().parents[1] / "pyproject.toml").read_text())
for name in sys.argv[1:]:
    if name == "build":
        print("\n".join(project["build-system"]["requires"]))
    elif name == "dependencies":
        print("\n".join(project["project"]["dependencies"]))
    else:
        print("\n".join(project["project"]["optional-dependencies"][name]))
