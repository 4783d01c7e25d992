"""Every code example of README.md and docs/**/*.md (less docs/api/, which autodoc and breathe fill in) runs, or is
found in a compiled example: one test per fenced block, named "FILE:LINE" (the line of its opening fence).

What each block's language means:

- ``python`` (``py``): the Python blocks of one file run in order in ONE interpreter (a subprocess of this Python,
  which has cxscore installed), so a later block sees the names an earlier one made, as a reader who types them in
  would. The file's blocks run once, at its first test, and each test reports its own block: the traceback of a
  failing block names the Markdown file and the line in it. A block after a failed one still runs (in the state
  the failure left); its failure then says that an earlier block failed too.
- ``sh``, ``bash``, ``shell``: run as ``bash -euo pipefail``, each on its own, within the same file run (in
  document order with the Python blocks, so a Python block can read what a command wrote), with the installed
  ``cxscore`` command first on PATH ($CXSCORE_CLI, else the command beside this Python: conftest's ``cli``), then
  this Python's folder, as in an activated environment (Python blocks get that PATH too: Spark starts its
  workers with the ``python3`` it finds there).
  ``console``: the same, with only the lines that start with ``$ `` run (the prompt removed; a line ending in a
  backslash continues on the next); a console block without prompts runs whole. 120 s for each block.
- ``cpp`` (``c++``): not compiled here; its lines, blank lines dropped and blanks within a line collapsed, must
  appear in that order, one after another, in a file under examples/cpp/, which CI builds and runs. The test fails
  naming the block when no file holds it.
- Anything else (``cmake``, ``text``, ``json``, ``csv``, ``yaml``, no language, MyST directives such as
  ``{toctree}``) is not run and has no test.

Where they run: a fresh temporary folder for each Markdown file, holding symbolic links to the repository's
examples/, tests/data/ (as tests/data) and docs/, so examples read ``examples/data/events.csv`` and write what they
write into that folder, never into the repository (unless they write into one of the links).

A block whose previous non-blank line is ``<!-- not run: REASON -->`` is not run; its test passes, and records the
reason (printed, and as the test's property "not run"). A marker without a reason fails: a block is left out only
for a reason a reader can see, e.g. the README's set-up commands, which CI itself runs.
"""

from __future__ import annotations

import dataclasses
import json
import os
import pathlib
import re
import select
import subprocess
import sys
import time
from typing import Optional

import pytest

ROOT = pathlib.Path(__file__).resolve().parents[2]
TIMEOUT = 120.0  # seconds for each block

PYTHON = {"python", "py", "python3"}
SHELL = {"sh", "bash", "shell", "console"}
CPP = {"cpp", "c++"}

FENCE = re.compile(r"^(?P<indent>[ \t]*)(?P<fence>`{3,}|~{3,})(?P<info>.*)$")
NOT_RUN = re.compile(r"^\s*<!--\s*not run\b\s*(?::(?P<reason>.*?))?\s*-->\s*$")


@dataclasses.dataclass(frozen=True)
class Block:
    """A fenced block that the runner checks: ``kind`` is python, shell or cpp, or "unclosed" for a fence never
    closed. ``not_run`` is None without a marker, else the marker's reason (empty: none given)."""

    path: pathlib.Path
    name: str  # the file as the test ids show it: relative to the repository where it is in it
    line: int  # 1-based line of the opening fence
    language: str
    kind: str
    code: str
    not_run: Optional[str] = None

    @property
    def id(self) -> str:
        return f"{self.name}:{self.line}"


@dataclasses.dataclass
class Outcome:
    ok: bool
    message: str = ""


def kind_of(language: str) -> Optional[str]:
    if language in PYTHON:
        return "python"
    if language in SHELL:
        return "shell"
    if language in CPP:
        return "cpp"
    return None


def display_name(path: pathlib.Path) -> str:
    try:
        return path.resolve().relative_to(ROOT).as_posix()
    except ValueError:
        return path.name


def blocks_of(path: pathlib.Path, name: Optional[str] = None) -> list[Block]:
    """The checked blocks of a Markdown file, in order."""
    name = name or display_name(path)
    lines = path.read_text(encoding="utf-8").splitlines()
    blocks: list[Block] = []
    i = 0
    previous = ""  # the last non-blank line before the current one
    while i < len(lines):
        opening = FENCE.match(lines[i])
        if not opening or (opening["fence"][0] == "`" and "`" in opening["info"]):
            if lines[i].strip():
                previous = lines[i]
            i += 1
            continue
        indent, fence = len(opening["indent"]), opening["fence"]
        info = opening["info"].strip()
        language = info.split()[0].lower() if info else ""
        closing = re.compile(rf"^[ \t]*{re.escape(fence[0])}{{{len(fence)},}}[ \t]*$")
        end = i + 1
        while end < len(lines) and not closing.match(lines[end]):
            end += 1
        body = [line[indent:] if line[:indent].strip() == "" else line.lstrip() for line in lines[i + 1:end]]
        marker = NOT_RUN.match(previous)
        kind = kind_of(language)
        if end == len(lines):
            kind = "unclosed"
        if kind is not None:
            blocks.append(Block(path, name, i + 1, language, kind, "\n".join(body) + "\n",
                                None if marker is None else (marker["reason"] or "").strip()))
        previous = ""
        i = end + 1
    return blocks


def documents(root: pathlib.Path = ROOT) -> list[pathlib.Path]:
    """README.md and docs/**/*.md less docs/api/ (generated from the sources), in a fixed order."""
    found = [root / "README.md"] if (root / "README.md").is_file() else []
    docs = root / "docs"
    if docs.is_dir():
        found += sorted(p for p in docs.rglob("*.md") if "api" not in p.relative_to(docs).parts[:1])
    return found


def workspace(folder: pathlib.Path, root: pathlib.Path = ROOT) -> pathlib.Path:
    """``folder`` (made if need be) with links to the repository's examples/, tests/data and docs/."""
    folder.mkdir(parents=True, exist_ok=True)
    for relative in ("examples", "tests/data", "docs"):
        link = folder / relative
        if (root / relative).exists() and not link.exists():
            link.parent.mkdir(parents=True, exist_ok=True)
            link.symlink_to(root / relative, target_is_directory=True)
    return folder


def normalised(text: str) -> list[str]:
    return [" ".join(line.split()) for line in text.splitlines() if line.strip()]


def cpp_problem(block: Block, sources: pathlib.Path) -> Optional[str]:
    """None where a file under ``sources`` holds the block's lines in order, else why the test fails."""
    wanted = normalised(block.code)
    if not wanted:
        return None
    for source in sorted(p for p in sources.rglob("*") if p.is_file()):
        have = normalised(source.read_text(encoding="utf-8", errors="replace"))
        if any(have[k:k + len(wanted)] == wanted for k in range(len(have) - len(wanted) + 1)):
            return None
    where = sources.relative_to(ROOT) if sources.is_relative_to(ROOT) else sources
    return (f"{block.id}: this C++ block appears in no file under {where}/ (which CI compiles and runs); "
            f"copy it verbatim from one, or put it into one")


def console_commands(code: str) -> str:
    """The commands of a console transcript: the ``$ `` lines, prompt removed, with their continuation lines."""
    lines = code.splitlines()
    if not any(line.startswith("$ ") or line == "$" for line in lines):
        return code
    commands: list[str] = []
    continued = False
    for line in lines:
        if continued or line.startswith("$ "):
            text = line if continued else line[2:]
            commands.append(text)
            continued = text.rstrip().endswith("\\")
    return "\n".join(commands) + "\n"


# The interpreter that runs a file's Python blocks: it reads one block a line (JSON) from standard input, runs it
# in one namespace, and reports on the file descriptor it is given.
DRIVER = r"""
import json, os, sys, traceback
report = os.fdopen(int(sys.argv[1]), "w")
namespace = {"__name__": "__main__", "__builtins__": __builtins__}
for line in sys.stdin:
    block = json.loads(line)
    error = None
    try:
        # Padded to its line, so that a traceback names the Markdown file's own line and shows it.
        exec(compile("\n" * block["line"] + block["code"], block["path"], "exec"), namespace)
    except SystemExit as stop:
        if stop.code not in (None, 0):
            error = "SystemExit: " + repr(stop.code)
    except BaseException as e:  # the traceback from the block's own frame on: this loop's is noise
        error = "".join(traceback.format_exception(type(e), e, e.__traceback__.tb_next))
    sys.stdout.flush()
    sys.stderr.flush()
    report.write(json.dumps({"error": error}) + "\n")
    report.flush()
"""


class Interpreter:
    """One Python process that runs a file's blocks in order, its output appended to ``log``."""

    def __init__(self, folder: pathlib.Path, env: dict[str, str], log: pathlib.Path) -> None:
        self.read_end, write_end = os.pipe()
        self.log = log
        with open(log, "ab") as out:
            self.process = subprocess.Popen([sys.executable, "-c", DRIVER, str(write_end)], cwd=folder, env=env,
                                            stdin=subprocess.PIPE, stdout=out, stderr=subprocess.STDOUT,
                                            pass_fds=(write_end,), text=True)
        os.close(write_end)
        self.pending = b""

    def run(self, block: Block, timeout: float) -> Optional[str]:
        """None if the block ran, else the error (a traceback, a time-out, the interpreter's end)."""
        assert self.process.stdin is not None
        self.process.stdin.write(json.dumps({"path": str(block.path), "line": block.line, "code": block.code}) + "\n")
        self.process.stdin.flush()
        deadline = time.monotonic() + timeout
        while b"\n" not in self.pending:
            left = deadline - time.monotonic()
            if left <= 0:
                self.close(kill=True)
                return f"timed out after {timeout:.0f} s (the interpreter was stopped: later blocks start afresh)"
            ready, _, _ = select.select([self.read_end], [], [], left)
            if ready:
                chunk = os.read(self.read_end, 65536)
                if not chunk:
                    self.close()
                    return f"the interpreter ended (exit status {self.process.returncode})"
                self.pending += chunk
        line, self.pending = self.pending.split(b"\n", 1)
        error: Optional[str] = json.loads(line)["error"]
        return error

    def close(self, kill: bool = False) -> None:
        if self.process.poll() is None:
            assert self.process.stdin is not None
            if kill:
                self.process.kill()
            self.process.stdin.close()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        if self.read_end >= 0:
            os.close(self.read_end)
            self.read_end = -1


def output_since(log: pathlib.Path, offset: int, limit: int = 4000) -> str:
    text = log.read_bytes()[offset:].decode("utf-8", errors="replace")
    return text if len(text) <= limit else "...\n" + text[-limit:]


def run_document(blocks: list[Block], folder: pathlib.Path, cli: Optional[str] = None,
                 timeout: float = TIMEOUT) -> dict[int, Outcome]:
    """Runs a file's Python and shell blocks in document order in ``folder``; the outcome of each, by line."""
    env = dict(os.environ, MPLBACKEND="Agg")
    # As in an activated virtual environment: its python3 first on PATH (Spark starts its workers with it), and
    # before it the command's folder.
    first = [str(pathlib.Path(sys.executable).parent)]
    if cli is not None:
        first.insert(0, str(pathlib.Path(cli).resolve().parent))
    env["PATH"] = os.pathsep.join([*first, env.get("PATH", "")])
    log = folder / ".doc-snippets.log"
    log.touch()
    outcomes: dict[int, Outcome] = {}
    interpreter: Optional[Interpreter] = None
    failed: list[str] = []
    try:
        for block in blocks:
            if block.kind not in ("python", "shell") or block.not_run is not None:
                continue
            offset = log.stat().st_size
            if block.kind == "python":
                if interpreter is None or interpreter.process.poll() is not None:
                    interpreter = Interpreter(folder, env, log)
                error = interpreter.run(block, timeout)
                if error is not None and interpreter.process.poll() is not None:
                    interpreter = None
            else:
                script = folder / ".doc-snippet.sh"
                script.write_text(console_commands(block.code) if block.language == "console" else block.code)
                with open(log, "ab") as out:
                    try:
                        done = subprocess.run(["bash", "-euo", "pipefail", str(script)], cwd=folder, env=env,
                                              stdin=subprocess.DEVNULL, stdout=out, stderr=subprocess.STDOUT,
                                              timeout=timeout)
                        error = None if done.returncode == 0 else f"bash exited with status {done.returncode}"
                    except subprocess.TimeoutExpired:
                        error = f"timed out after {timeout:.0f} s"
            if error is None:
                outcomes[block.line] = Outcome(True)
                continue
            note = (f"\n({len(failed)} earlier block(s) failed too, the last {failed[-1]}: this may follow from it)"
                    if failed else "")
            output = output_since(log, offset)
            shown = f"\n--- its output:\n{output}" if output.strip() else ""
            message = f"{block.id}: {block.kind} block failed: {error.rstrip()}{note}{shown}"
            outcomes[block.line] = Outcome(False, message)
            failed.append(block.id)
    finally:
        if interpreter is not None:
            interpreter.close()
    return outcomes


def check_block(block: Block, outcomes: dict[int, Outcome], cpp_sources: pathlib.Path) -> Optional[str]:
    """None where the block passes (a not-run block with a reason included), else the failure's message."""
    if block.kind == "unclosed":
        return f"{block.id}: the fence is never closed"
    if block.not_run is not None:
        return None if block.not_run else f"{block.id}: a not-run marker needs a reason: <!-- not run: REASON -->"
    if block.kind == "cpp":
        return cpp_problem(block, cpp_sources)
    outcome = outcomes.get(block.line)
    if outcome is None:
        return f"{block.id}: the block was not run"
    return None if outcome.ok else outcome.message


BLOCKS = [block for document in documents() for block in blocks_of(document)]
_RUNS: dict[pathlib.Path, dict[int, Outcome]] = {}


def _outcomes(block: Block, request: pytest.FixtureRequest,
              factory: pytest.TempPathFactory) -> dict[int, Outcome]:
    if block.path not in _RUNS:
        blocks = [b for b in BLOCKS if b.path == block.path]
        needs_cli = any(b.kind == "shell" and b.not_run is None for b in blocks)
        cli = request.getfixturevalue("cli") if needs_cli else None
        folder = workspace(factory.mktemp(re.sub(r"\W", "_", block.name)))
        _RUNS[block.path] = run_document(blocks, folder, cli)
    return _RUNS[block.path]


if BLOCKS:  # an empty parameter set would be reported as a skip

    @pytest.mark.parametrize("block", BLOCKS, ids=lambda b: b.id)
    def test_doc_block(block: Block, request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory,
                       record_property) -> None:
        if block.not_run:
            record_property("not run", block.not_run)
            print(f"{block.id}: not run: {block.not_run}")
        runs = block.kind in ("python", "shell") and block.not_run is None
        outcomes = _outcomes(block, request, tmp_path_factory) if runs else {}
        problem = check_block(block, outcomes, ROOT / "examples" / "cpp")
        if problem:
            pytest.fail(problem, pytrace=False)


def test_readme_is_checked() -> None:
    assert (ROOT / "README.md") in documents(), "README.md is missing"


# The runner itself, on a small Markdown file.
SAMPLE = """# Sample

```python
x = 41
```

Text between.

```python
assert x + 1 == 42
print("fine")
```

```python
y = x
raise ValueError("boom")
```

```sh
echo "$x" > out.txt
test -f examples/data/events.csv
```

```console
$ echo one \\
  two > console.txt
one two
```

```sh
false
echo never
```

```cpp
int main() {
  return   add(1, 2);
}
```

```cpp
this_is_nowhere();
```

<!-- not run: CI runs it -->
```sh
exit 1
```

<!-- not run: -->
```python
raise SystemExit(1)
```

```text
not run either
```
"""


def test_runner_on_a_sample(tmp_path: pathlib.Path) -> None:
    page = tmp_path / "page.md"
    page.write_text(SAMPLE)
    sources = tmp_path / "cpp"
    sources.mkdir()
    (sources / "add.cpp").write_text("int add(int a, int b) { return a + b; }\n\nint main() {\n\n"
                                     "  return add(1,  2);\n}\n")
    blocks = blocks_of(page)
    assert [(b.line, b.kind) for b in blocks] == [
        (3, "python"), (9, "python"), (14, "python"), (19, "shell"), (24, "shell"), (30, "shell"), (35, "cpp"),
        (41, "cpp"), (46, "shell"), (51, "python")]
    assert [b.id for b in blocks][:1] == ["page.md:3"]
    folder = workspace(tmp_path / "work")
    outcomes = run_document(blocks, folder, sys.executable)
    problems = {b.line: check_block(b, outcomes, sources) for b in blocks}
    # Later blocks see earlier names; output is printed.
    assert problems[3] is None and problems[9] is None
    # A failing block names its file and line, with the traceback's line in the Markdown file.
    assert problems[14] is not None and problems[14].startswith("page.md:14: python block failed")
    assert "ValueError: boom" in problems[14] and f'File "{page}", line 16' in problems[14]
    # Shell blocks run with -u (so $x fails), in the folder with the links; console runs the prompt lines.
    assert problems[19] is not None and "x: unbound variable" in problems[19]
    assert "1 earlier block(s) failed too, the last page.md:14" in problems[19]
    assert problems[24] is None and (folder / "console.txt").read_text() == "one two\n"
    assert problems[30] is not None and "status 1" in problems[30] and "never" not in problems[30]
    # C++: found despite other blank lines and spacing; not found names the block.
    assert problems[35] is None
    assert problems[41] is not None and problems[41].startswith("page.md:41: this C++ block appears in no file")
    # Not-run markers: with a reason the block passes unrun; without one it fails.
    assert problems[46] is None and 46 not in outcomes
    assert problems[51] is not None and "needs a reason" in problems[51]
    # The python blocks shared one interpreter, and the second printed.
    assert "fine" in (folder / ".doc-snippets.log").read_text()


def test_runner_python_state_and_timeout(tmp_path: pathlib.Path) -> None:
    page = tmp_path / "slow.md"
    page.write_text("```python\nimport time\n```\n\n```python\ntime.sleep(30)\n```\n\n```python\nz = 1\n```\n")
    blocks = blocks_of(page)
    outcomes = run_document(blocks, workspace(tmp_path / "work"), timeout=2)
    assert outcomes[1].ok and outcomes[9].ok  # a fresh interpreter after the time-out
    assert not outcomes[5].ok and "timed out after 2 s" in outcomes[5].message


def test_unclosed_fence_and_empty_documents(tmp_path: pathlib.Path) -> None:
    page = tmp_path / "broken.md"
    page.write_text("```python\nprint(1)\n")
    [block] = blocks_of(page)
    assert check_block(block, {}, tmp_path) == "broken.md:1: the fence is never closed"
    assert documents(tmp_path) == []
    (tmp_path / "docs" / "api").mkdir(parents=True)
    (tmp_path / "docs" / "api" / "python.md").write_text("# API\n")
    (tmp_path / "docs" / "page.md").write_text("# Page\n")
    assert documents(tmp_path) == [tmp_path / "docs" / "page.md"]


def test_python_api_page_shows_every_public_name() -> None:
    """docs/api/python.md documents each name of cxscore.__all__ (autodoc fills in the text)."""
    import cxscore

    page = (ROOT / "docs" / "api" / "python.md").read_text(encoding="utf-8")
    shown = set(re.findall(r"^\.\. auto\w+:: cxscore\.(\w+)\s*$", page, flags=re.M))
    missing = sorted(set(cxscore.__all__) - shown - {"__version__"})
    assert not missing, f"docs/api/python.md lacks {missing}"
    for module in ("cxscore.dask", "cxscore.spark"):
        assert f".. automodule:: {module}" in page, module
