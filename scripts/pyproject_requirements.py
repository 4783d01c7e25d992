"""Prints, one a line, the requirements pyproject.toml lists under a name: `build` (the build system's) or an
extra's name (`docs`, `test`, ...), for `pip install -r /dev/stdin` where pip must not build the package itself."""

import pathlib
import sys

import tomllib

project = tomllib.loads((pathlib.Path(__file__).resolve().parents[1] / "pyproject.toml").read_text())
name = sys.argv[1]
print("\n".join(project["build-system"]["requires"] if name == "build"
                else project["project"]["optional-dependencies"][name]))
