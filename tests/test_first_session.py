"""A new user's first session, from the README alone.

1. Every `narrate ...` command the README shows (code blocks, inline code, section headings) names a
   command that exists, and every option it shows exists on that command.
2. The README's own commands, run as written on a fresh project: the demo convert, segment, then the
   "Podcast feed" recipe line by line (init, build, episodes, serve), a byte-range request to the served
   episode, and `narrate cache info`.
"""

from __future__ import annotations

import http.client
import re
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import typer

from conftest import EXAMPLE, ROOT
from narrate.cli import app

pytestmark = pytest.mark.slow  # every test here synthesises speech or runs narrate as a subprocess

README = (ROOT / "README.md").read_text(encoding="utf-8")
OPTION = re.compile(r"(?<![\w-])(--?[A-Za-z][\w-]*)")


def narrate(*args, cwd: Path) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "narrate", *map(str, args)], cwd=cwd, capture_output=True, text=True, timeout=600
    )


# -- 1. what the README shows matches the code ------------------------------------------------------


def root_command():
    return typer.main.get_command(app)


def options_of(command) -> set[str]:
    names = {"-h", "--help"}
    for param in command.params:
        names.update(getattr(param, "opts", ()))
        names.update(getattr(param, "secondary_opts", ()))
    return names


def resolve(words: list[str]):
    """The command a `narrate w1 w2 ...` line names, and the words after it."""
    command = root_command()
    path = []
    while words and hasattr(command, "commands") and words[0] in command.commands:
        path.append(words[0])
        command = command.commands[words.pop(0)]
    return command, path, words


def documented_command_lines() -> list[str]:
    """`narrate ...` as the README shows it, in code blocks, inline code and headings."""
    lines = []
    for block in re.findall(r"```(?:sh|crontab)\n(.*?)```", README, re.DOTALL):
        for line in block.splitlines():
            line = line.split(" #")[0].strip()
            match = re.search(r"(?:^|[\s/])narrate (.*)$", line)
            if match:
                lines.append("narrate " + match.group(1))
    prose = re.sub(r"```.*?```", "", README, flags=re.DOTALL)
    for span in re.findall(r"`(narrate [^`]+)`", prose):
        pieces = span.split(" | ")
        lines.append(pieces[0])
        group = " ".join(pieces[0].split()[:2])  # `narrate voices list | preview ...`: the rest are voices' too
        lines.extend(f"{group} {piece}" for piece in pieces[1:])
    return lines


def option_spans_by_command() -> list[tuple[list[str], str]]:
    """Inline `--option` spans in each `### \\`narrate X ...\\`` section: options of command X."""
    found = []
    command: list[str] | None = None
    for line in re.sub(r"```.*?```", "", README, flags=re.DOTALL).split("\n#"):
        heading = re.match(r"#* `narrate ([a-z]+)", line)
        command = [heading.group(1)] if heading else None
        if command:
            found += [(command, span) for span in re.findall(r"`(-[^`]+)`", line, re.DOTALL)]
    return found


def test_the_readme_shows_commands():
    lines = documented_command_lines()
    assert len(lines) > 15 and any(line.startswith("narrate build") for line in lines)


@pytest.mark.parametrize("line", documented_command_lines())
def test_every_documented_command_and_option_exists(line):
    command, path, rest = resolve(shlex.split(line.replace("...", ""))[1:])
    assert path or line.split()[1].startswith("-"), f"README names no known command: {line}"
    known = options_of(command) | options_of(root_command())  # global options work after the command too
    if hasattr(command, "commands"):  # `narrate voices list | preview ...`: an option of any subcommand
        for sub in command.commands.values():
            known |= options_of(sub)
    for word in rest:
        for option in OPTION.findall(word.strip("[]")):
            if word.strip("[]").startswith("-"):
                assert option in known, f"README: {line!r}: {option} is not an option of narrate {' '.join(path)}"


@pytest.mark.parametrize("command, span", option_spans_by_command())
def test_options_named_in_each_command_section_exist(command, span):
    group, _, _ = resolve(list(command))
    known = options_of(group)
    for sub in getattr(group, "commands", {}).values():
        known |= options_of(sub)
    for option in OPTION.findall(span):
        assert option in known, f"README section narrate {command[0]}: {option} is not an option"


# -- 2. the README's own commands on a fresh project ---------------------------------------------------


def recipe(title: str) -> list[str]:
    """The lines of the first sh block after the heading that starts with `title`."""
    section = README.split(title, 1)[1]
    block = re.search(r"```sh\n(.*?)```", section, re.DOTALL).group(1)
    return [line.split(" #")[0].strip() for line in block.splitlines() if line.strip()]


def test_a_first_session_runs_as_documented(tmp_path):
    demo_name = re.search(r"`make demo` writes `output/([^`]+\.mp3)`", README).group(1)
    example = tmp_path / EXAMPLE.name
    shutil.copy(EXAMPLE, example)
    converted = narrate("convert", example.name, "-o", "output", cwd=tmp_path)  # what `make demo` runs
    assert converted.returncode == 0, converted.stderr
    assert (tmp_path / "output" / demo_name).is_file()
    for beside in (
        demo_name.removesuffix(".mp3") + ".vtt",
        demo_name.removesuffix(".mp3") + ".chapters.json",
        "cover.png",
    ):
        assert (tmp_path / "output" / beside).is_file(), beside
    segmented = narrate("segment", example.name, cwd=tmp_path)
    assert segmented.returncode == 0 and segmented.stdout.startswith("title:  Harbour town votes")

    cwd = tmp_path
    server = None
    try:
        for line in recipe("## Podcast feed and nightly builds"):
            words = shlex.split(line.replace("\\\n", " "))
            if words[0] == "cd":
                cwd = cwd / words[1]
            elif words[0] == "cp":  # "your drafts": the bundled example article
                shutil.copy(EXAMPLE, cwd / words[-1])
            elif words[:2] == ["narrate", "serve"]:
                server = subprocess.Popen(
                    [sys.executable, "-m", "narrate", *words[1:], "--port", "0", "-q"],
                    cwd=cwd,
                    stdout=subprocess.PIPE,
                    stderr=subprocess.PIPE,
                    text=True,
                )
                serving = server.stdout.readline()
                feed_line = server.stdout.readline()
            else:
                assert words[0] == "narrate", line
                result = narrate(*words[1:], cwd=cwd)
                assert result.returncode == 0, f"{line}: {result.stderr}"
                if words[1] == "episodes":
                    assert "Harbour town votes to bring back its night ferry" in result.stdout
        assert server is not None, "the recipe serves the feed"
        url = re.search(r"at (http://127\.0\.0\.1:(\d+)/)", serving)
        assert url and feed_line.strip() == f"Feed: {url.group(1)}feed.xml", (serving, feed_line)
        mp3 = next((cwd / "output").glob("*.mp3"))
        connection = http.client.HTTPConnection("127.0.0.1", int(url.group(2)), timeout=10)
        connection.request("GET", f"/{mp3.name}", headers={"Range": "bytes=100-1099"})
        response = connection.getresponse()
        assert response.status == 206 and response.read() == mp3.read_bytes()[100:1100]
        connection.request("GET", "/")
        index = connection.getresponse()
        assert index.status == 200 and b"feed.xml" in index.read()
        connection.close()
    finally:
        if server is not None:
            server.terminate()
            server.wait(timeout=10)
    info = narrate("cache", "info", cwd=cwd)
    assert info.returncode == 0
    fields = dict(line.split(":", 1) for line in info.stdout.splitlines())
    assert {"path", "entries", "size", "cap"} <= set(fields) and int(fields["entries"]) > 0
