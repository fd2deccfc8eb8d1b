"""The CLI's documentation is complete and current: every command and option is documented, and
docs/cli.md is what scripts/cli_reference.py writes now.

"Documented" is read from README.md and docs/*.md, never from docs/cli.md (the generated reference
lists every option whatever anyone wrote). Markdown is cut into passages: a paragraph, a list item,
a table row, a heading, or one command line of a fenced code block (with its indented continuation
lines). A passage belongs to the commands it names (``kg build``, ``kg plot network``); one that
names none belongs to the commands its section's own passages name (a section that names none:
its parent's);
one that speaks of "every command" belongs to all. An option of ``kg X`` is documented when one of
its spellings (``--jobs`` or ``-j``) stands as a whole word in a passage that belongs to ``kg X``,
so a new option, or an option another command documents, fails until someone documents it there.
"""
from __future__ import annotations

import importlib.util
import os
import re
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import click
import pytest

from kg.cli.main import main

from conftest import REPO, run_kg

REFERENCE = REPO / "docs" / "cli.md"


def load_script():
    spec = importlib.util.spec_from_file_location("cli_reference", REPO / "scripts" / "cli_reference.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


cli_reference = load_script()
# every command as the words after `kg`, the group itself first: (), ("build",), …, ("plot", "network")
COMMAND_PATHS = cli_reference.command_paths()


def title(path: tuple[str, ...]) -> str:
    return " ".join(("kg",) + path)


def context(path: tuple[str, ...]) -> click.Context:
    """The context `kg PATH` runs in (what gives it `-h` besides `--help`), arguments not parsed."""
    ctx = main.make_context("kg", [], resilient_parsing=True)
    for name in path:
        command = ctx.command.get_command(ctx, name)
        ctx = command.make_context(name, [], parent=ctx, resilient_parsing=True)
    return ctx


def options(path: tuple[str, ...]) -> list[list[str]]:
    """The spellings of each option of `kg PATH`, `-h/--help` included; hidden ones left out."""
    ctx = context(path)
    return [param.opts + param.secondary_opts for param in ctx.command.get_params(ctx)
            if isinstance(param, click.Option) and not param.hidden]


def word(text: str) -> re.Pattern:
    """`text` standing alone: `--update` is not found in `--allow-updates`, nor `kg query` in `kg queries`."""
    return re.compile(r"(?<![\w-])" + re.escape(text) + r"(?![\w-])")


# `kg` alone is in every command's name: the group is named by `kg` followed by an option (`kg --version`)
COMMAND_WORDS = {path: word(title(path)) if path else re.compile(r"(?<![\w-])kg(?= +-)") for path in COMMAND_PATHS}
EVERY_COMMAND = re.compile(r"\bevery command\b", re.IGNORECASE)


def commands_named(text: str) -> frozenset:
    if EVERY_COMMAND.search(text):
        return frozenset(COMMAND_PATHS)
    return frozenset(path for path, pattern in COMMAND_WORDS.items() if pattern.search(text))


@dataclass(frozen=True)
class Passage:
    where: str  # FILE:LINE
    text: str
    commands: frozenset  # the command paths it belongs to


FENCE = re.compile(r"^\s*(```|~~~)")
HEADING = re.compile(r"^(#{1,6})\s")
STARTS_PASSAGE = re.compile(r"^\s{0,3}([-*+]|\d+[.)])\s|^\s*\|")  # a list item or a table row


def passages(path: Path) -> list[Passage]:
    """The passages of one Markdown file, each with the commands it belongs to."""
    sections = [{"level": 0, "parent": None, "passages": []}]  # sections[0]: before the first heading
    current, lines, start, fenced = 0, [], 0, False

    def close():
        nonlocal lines
        if lines:
            sections[current]["passages"].append((start, "\n".join(lines)))
        lines = []

    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if FENCE.match(line):
            close()
            fenced = not fenced
            continue
        if fenced:
            if not (lines and line[:1].isspace() and line.strip()):  # an indented line continues a command
                close()
        elif heading := HEADING.match(line):
            close()
            level, parent = len(heading.group(1)), current
            while sections[parent]["level"] >= level:
                parent = sections[parent]["parent"]
            sections.append({"level": level, "parent": parent, "passages": [(number, line)]})
            current = len(sections) - 1
            continue
        elif STARTS_PASSAGE.match(line):
            close()
        if not line.strip():
            close()
            continue
        if not lines:
            start = number
        lines.append(line)
    close()

    named = [frozenset().union(*(commands_named(text) for _, text in section["passages"]))
             for section in sections]
    where = path.relative_to(REPO) if path.is_relative_to(REPO) else path.name
    found = []
    for index, section in enumerate(sections):
        inherited, up = frozenset(), index
        while not inherited and up is not None:
            inherited, up = named[up], sections[up]["parent"]
        found += [Passage(f"{where}:{number}", text, commands_named(text) or inherited)
                  for number, text in section["passages"]]
    return found


def documentation() -> list[Path]:
    """README.md and docs/*.md, less the generated reference."""
    return [REPO / "README.md"] + [page for page in sorted((REPO / "docs").glob("*.md")) if page != REFERENCE]


def undocumented(path: tuple[str, ...], spellings: list[list[str]], found: list[Passage]) -> list[str]:
    """The options of `kg PATH` (each given as its spellings) that no passage of `kg PATH` names."""
    mine = [passage.text for passage in found if path in passage.commands]
    return ["/".join(names) for names in spellings
            if not any(word(name).search(text) for name in names for text in mine)]


@pytest.fixture(scope="module")
def documented() -> list[Passage]:
    return [passage for page in documentation() for passage in passages(page)]


@pytest.mark.parametrize("path", COMMAND_PATHS, ids=title)
def test_every_command_has_help(path):
    result = run_kg(*path, "--help")
    assert result.exit_code == 0, result.output
    usage = result.stdout.split()  # Usage: PROG build [OPTIONS] PATHS...
    assert usage[0] == "Usage:" and usage[2:2 + len(path)] == list(path), result.stdout
    assert (context(path).command.help or "").strip(), f"{title(path)} has no help text"


@pytest.mark.parametrize("path", COMMAND_PATHS, ids=title)
def test_every_option_has_help(path):
    ctx = context(path)
    silent = [param.opts for param in ctx.command.get_params(ctx)
              if isinstance(param, click.Option) and not param.hidden and not (param.help or "").strip()]
    assert not silent, f"{title(path)}: options without help text: {silent}"


def test_readme_names_every_command():
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    unnamed = [title(path) for path in COMMAND_PATHS if path and not word(title(path)).search(readme)]
    assert not unnamed, f"README.md does not mention {unnamed}"


def elsewhere(spellings: str, found: list[Passage]) -> list[str]:
    """Where an option's spellings ("-q/--quiet") are found, and whose those passages are."""
    return [f"{passage.where} ({', '.join(sorted(title(path) for path in passage.commands)) or 'no command'})"
            for passage in found
            if any(word(name).search(passage.text) for name in spellings.split("/"))]


@pytest.mark.parametrize("path", COMMAND_PATHS, ids=title)
def test_every_option_is_documented(path, documented):
    missing = undocumented(path, options(path), documented)
    assert not missing, "\n".join(
        [f"no passage of README.md or docs/*.md (docs/cli.md does not count) that belongs to "
         f"`{title(path)}` names these options; say what they do where `{title(path)}` is described:"]
        + [f"  {names}: " + (f"found only at {found[:3]}" if (found := elsewhere(names, documented)) else "found nowhere")
           for names in missing])


def test_an_option_nobody_documents_fails(documented):
    # a spelling nobody wrote, and one documented for other commands only
    assert undocumented(("info",), [["--frobnicate"], ["--format"]], documented) == ["--frobnicate", "--format"]
    assert undocumented(("query",), [["--format"], ["-p", "--param"]], documented) == []


def test_passages_belong_to_the_commands_they_name(tmp_path):
    page = tmp_path / "page.md"
    page.write_text(
        "# Serving\n\n"
        "`kg serve` serves the store.\n\n"
        "- `--port N` is where it listens.\n"
        "- `kg query --endpoint URL` asks it.\n\n"
        "```sh\n"
        "kg build a.txt --jobs 2\n"
        "    --no-check\n"
        "# kg push: a comment line\n"
        "```\n\n"
        "## Options\n\n"
        "`--host NAME` binds elsewhere.\n\n"
        "## Waiting\n\n"
        "| option | meaning |\n"
        "| `--wait` | for `kg build` |\n\n"
        "## Help\n\n"
        "Every command has `--help`.\n\n"
        "`kg --version` prints the version.\n",
        encoding="utf-8")
    found = {passage.text.splitlines()[0]: {title(path) for path in passage.commands} for passage in passages(page)}
    assert found["`kg serve` serves the store."] == {"kg serve"}
    assert found["- `--port N` is where it listens."] == {"kg serve", "kg query", "kg build", "kg push"}
    assert found["- `kg query --endpoint URL` asks it."] == {"kg query"}
    assert found["kg build a.txt --jobs 2"] == {"kg build"}  # with its continuation line
    assert [p.text for p in passages(page) if p.text.startswith("kg build")] == ["kg build a.txt --jobs 2\n    --no-check"]
    assert found["# kg push: a comment line"] == {"kg push"}  # inside the fence: not a heading
    assert found["`--host NAME` binds elsewhere."] == {"kg serve", "kg query", "kg build", "kg push"}  # from its parent
    assert found["| `--wait` | for `kg build` |"] == {"kg build"}
    assert found["Every command has `--help`."] == {title(path) for path in COMMAND_PATHS}
    assert found["`kg --version` prints the version."] == {"kg"}


def test_cli_reference_is_what_the_script_writes():
    assert REFERENCE.read_text(encoding="utf-8") == cli_reference.render(), (
        "docs/cli.md is stale: run .venv/bin/python scripts/cli_reference.py")


def test_cli_reference_has_every_command_and_option():
    sections = re.split(r"(?m)^## ", REFERENCE.read_text(encoding="utf-8"))[1:]
    by_title = {section.split("\n", 1)[0]: section for section in sections}
    assert list(by_title) == [title(path) for path in COMMAND_PATHS]
    for path in COMMAND_PATHS:
        for names in options(path):
            assert any(word(name).search(by_title[title(path)]) for name in names), (title(path), names)


def test_cli_reference_ignores_terminal_store_and_directory(tmp_path):
    # another width, store and working directory: not a byte of the page may change
    written = tmp_path / "cli.md"
    environment = {**os.environ, "COLUMNS": "40", "LINES": "10", "KG_STORE": str(tmp_path / "elsewhere")}
    result = subprocess.run([sys.executable, str(REPO / "scripts" / "cli_reference.py"), "--output", str(written)],
                            cwd=tmp_path, env=environment, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    text = written.read_text(encoding="utf-8")
    assert text == REFERENCE.read_text(encoding="utf-8")
    assert str(tmp_path) not in text and str(REPO) not in text
