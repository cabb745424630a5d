"""The reference documentation and the code agree.

Each test reads the code (by introspection or by scanning the source) and the Markdown under
``docs/``, and fails when one was changed without the other.
"""

from __future__ import annotations

import ast
import dataclasses
import re
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path
from typing import Any

import click
import pytest
from click.testing import CliRunner

import inloop
import inloop.errors
from inloop.cli.main import main as cli_main
from inloop.config import Settings, env_var
from inloop.engine.waits import Cancel, Escalate, Raise, UseDefault
from inloop.testing import FakeClock, Harness

ROOT = Path(__file__).resolve().parents[2]
SRC = ROOT / "src" / "inloop"
DOCS = ROOT / "docs"
REFERENCE = DOCS / "reference"


# -- helpers ----------------------------------------------------------------------------------


def doc(name: str) -> str:
    return (REFERENCE / name).read_text(encoding="utf-8")


@dataclasses.dataclass(frozen=True)
class Section:
    level: int
    title: str
    body: str
    """The text under the heading, including its subsections."""


def sections(markdown: str) -> list[Section]:
    """Every heading of ``markdown`` (headings inside fenced code blocks do not count)."""
    lines = markdown.splitlines()
    heads: list[tuple[int, int, str]] = []
    fenced = False
    for i, line in enumerate(lines):
        if line.startswith("```"):
            fenced = not fenced
            continue
        match = re.match(r"^(#{1,6})\s+(.*?)\s*$", line)
        if match and not fenced:
            heads.append((i, len(match.group(1)), match.group(2)))
    out = []
    for n, (i, level, title) in enumerate(heads):
        end = len(lines)
        for j, other_level, _ in heads[n + 1 :]:
            if other_level <= level:
                end = j
                break
        out.append(Section(level, title, "\n".join(lines[i + 1 : end])))
    return out


def section(markdown: str, title: str) -> Section:
    found = [s for s in sections(markdown) if s.title == title]
    assert found, f"no heading {title!r}"
    assert len(found) == 1, f"heading {title!r} appears {len(found)} times"
    return found[0]


def backticked_headings(markdown: str, pattern: str) -> dict[str, Section]:
    """Headings that are exactly one backticked name matching ``pattern``."""
    out = {}
    for s in sections(markdown):
        match = re.fullmatch(rf"`({pattern})`", s.title)
        if match:
            out[match.group(1)] = s
    return out


def table_first_cells(body: str, header: str) -> list[str]:
    """First cells of the rows of every table in ``body`` whose first header cell is
    ``header``."""
    cells: list[str] = []
    in_table = False
    for line in body.splitlines():
        if not line.startswith("|"):
            in_table = False
            continue
        first = line.strip("|").split("|")[0].strip()
        if not in_table:
            in_table = first == header
            continue
        if set(first) <= set("-: "):
            continue
        cells.append(first)
    return cells


def source_files() -> Iterator[Path]:
    yield from sorted(SRC.rglob("*.py"))


def parsed_sources() -> Iterator[tuple[Path, ast.Module]]:
    for path in source_files():
        yield path, ast.parse(path.read_text(encoding="utf-8"), filename=str(path))


# -- (1) settings -----------------------------------------------------------------------------


def _default_text(field: dataclasses.Field[Any]) -> str:
    default = field.default
    if isinstance(default, timedelta):  # documented in hours, like its variable
        return f"{default / timedelta(hours=1):g}"
    return str(default)


def test_every_setting_is_documented_with_its_variable_and_default() -> None:
    text = doc("settings.md")
    documented = backticked_headings(text, r"[a-z_]+")
    for field in dataclasses.fields(Settings):
        var = env_var(field.name)
        assert var in text, f"settings.md does not mention {var}"
        assert field.name in documented, f"settings.md has no section `{field.name}`"
        assert var in documented[field.name].body, f"section `{field.name}` does not name {var}"
        rows = [line for line in text.splitlines() if line.startswith(f"| `{field.name}` |")]
        assert len(rows) == 1, f"settings.md overview has no single row for `{field.name}`"
        assert f"`{var}`" in rows[0]
        assert f"`{_default_text(field)}`" in rows[0], (
            f"settings.md gives another default for {field.name} than {_default_text(field)}"
        )


def test_settings_md_documents_no_setting_that_does_not_exist() -> None:
    fields = {f.name for f in dataclasses.fields(Settings)}
    headings = set(backticked_headings(doc("settings.md"), r"[a-z_]+"))
    assert headings <= fields, f"settings.md documents unknown settings {headings - fields}"


def test_every_environment_variable_in_the_docs_exists() -> None:
    known = {env_var(f.name) for f in dataclasses.fields(Settings)}
    for path in source_files():
        known |= set(re.findall(r"INLOOP_[A-Z0-9_]+", path.read_text(encoding="utf-8")))
    for path in sorted(DOCS.rglob("*.md")):
        named = set(re.findall(r"INLOOP_[A-Z0-9_]+", path.read_text(encoding="utf-8")))
        unknown = named - known
        assert not unknown, f"{path.name} names variables the code does not read: {unknown}"


# -- (2) the CLI ------------------------------------------------------------------------------


def cli_commands(
    command: click.Command = cli_main, path: tuple[str, ...] = ("inloop",)
) -> Iterator[tuple[str, click.Command]]:
    yield " ".join(path), command
    if isinstance(command, click.Group):
        for name, sub in sorted(command.commands.items()):
            yield from cli_commands(sub, (*path, name))


def test_the_cli_walk_sees_every_command() -> None:
    names = [name for name, _ in cli_commands()]
    assert {"inloop", "inloop serve", "inloop worker", "inloop db upgrade"} <= set(names)
    assert "inloop bench engine" in names


def test_every_command_and_option_is_documented() -> None:
    documented = backticked_headings(doc("cli.md"), r"inloop(?: [a-z][a-z-]*)*")
    for name, command in cli_commands():
        assert name in documented, f"cli.md has no section `{name}`"
        body = documented[name].body
        for param in command.params:
            if isinstance(param, click.Option):
                for opt in [*param.opts, *param.secondary_opts]:
                    assert f"`{opt}`" in body, f"cli.md: `{name}` does not document `{opt}`"
            else:
                label = param.human_readable_name
                assert label in body, f"cli.md: `{name}` does not document {label}"


def test_the_help_option_is_documented() -> None:
    ctx = click.Context(cli_main)
    help_option = cli_main.get_help_option(ctx)
    assert help_option is not None
    body = section(doc("cli.md"), "`inloop`").body
    for opt in help_option.opts:
        assert f"`{opt}`" in body


def test_cli_md_documents_no_command_that_does_not_exist() -> None:
    documented = set(backticked_headings(doc("cli.md"), r"inloop(?: [a-z][a-z-]*)*"))
    real = {name for name, _ in cli_commands()}
    assert documented <= real, f"cli.md documents unknown commands {documented - real}"


def test_the_documented_error_line_is_what_the_cli_prints() -> None:
    text = doc("cli.md")
    assert "error: <message> [<code>]" in text
    exit_rows = {row.split("|")[1].strip(): row for row in text.splitlines() if row[:4] == "| 2 "}
    assert "[<code>]" in exit_rows["2"], "cli.md: exit status 2 is the inloop error line"
    result = CliRunner().invoke(
        cli_main,
        ["worker", "--app", "no_such_module_for_the_docs_test:app"],
        env={"INLOOP_DEBUG": None},
    )
    assert result.exit_code == 2
    lines = [line for line in result.output.splitlines() if line.strip()]
    assert len(lines) == 1
    assert re.fullmatch(r"error: .+ \[config_invalid\]", lines[0]), lines[0]


def bench_figures() -> set[str]:
    """Every key ``run_engine_bench`` puts into its figures."""
    tree = ast.parse((SRC / "bench" / "engine.py").read_text(encoding="utf-8"))
    keys: set[str] = set()
    for node in ast.walk(tree):
        if (
            isinstance(node, ast.AnnAssign | ast.Assign)
            and isinstance(node.value, ast.Dict)
            and "figures" in ast.unparse(node)
        ):
            targets = [node.target] if isinstance(node, ast.AnnAssign) else node.targets
            if any(isinstance(t, ast.Name) and t.id == "figures" for t in targets):
                keys |= {k.value for k in node.value.keys if isinstance(k, ast.Constant)}
        elif (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Attribute)
            and node.func.attr == "update"
            and isinstance(node.func.value, ast.Name)
            and node.func.value.id == "figures"
        ):
            keys |= {kw.arg for kw in node.keywords if kw.arg}
        elif isinstance(node, ast.Assign):
            for target in node.targets:
                if (
                    isinstance(target, ast.Subscript)
                    and isinstance(target.value, ast.Name)
                    and target.value.id == "figures"
                    and isinstance(target.slice, ast.Constant)
                ):
                    keys.add(target.slice.value)
    return keys


def test_every_bench_figure_is_documented() -> None:
    figures = bench_figures()
    assert {"cases_per_s", "resume_p99_ms", "bytes_per_case", "parked_rss_mb"} <= figures
    body = section(doc("cli.md"), "Figures").body
    documented: set[str] = set()
    for cell in table_first_cells(body, "Figure"):
        documented |= set(re.findall(r"`([a-z0-9_]+)`", cell))
    assert figures - documented == set(), f"undocumented figures {figures - documented}"
    assert documented - figures == set(), f"documented figures that do not exist {documented}"


# -- (3) events -------------------------------------------------------------------------------

EVENT_CALL = re.compile(r"""\.event\(\s*["']([^"']+)["']""")
EVENT_SQL = re.compile(r"INSERT INTO events\b[^;]{0,300}?VALUES \([^)]*?'([a-z_]+(?:\.[a-z_]+)+)'")
EVENT_TYPE = r"[a-z_]+(?:\.[a-z_]+)+"


def emitted_event_types() -> set[str]:
    types: set[str] = set()
    for path in source_files():
        text = path.read_text(encoding="utf-8")
        types |= set(EVENT_CALL.findall(text))
        if "storage" in path.relative_to(SRC).parts:
            types |= set(EVENT_SQL.findall(text))
    return types


def test_the_event_scan_finds_the_events() -> None:
    types = emitted_event_types()
    assert "case.created" in types, "the scan no longer finds the event written by SQL"
    assert {"request.answered", "step.completed", "case.completed"} <= types
    assert all(re.fullmatch(EVENT_TYPE, t) for t in types), types


def test_every_emitted_event_has_a_section_and_every_section_is_emitted() -> None:
    emitted = emitted_event_types()
    documented = set(backticked_headings(doc("events.md"), EVENT_TYPE))
    assert emitted - documented == set(), f"events.md lacks {sorted(emitted - documented)}"
    assert documented - emitted == set(), (
        f"events.md documents events the code never writes: {sorted(documented - emitted)}"
    )


@dataclasses.dataclass
class EmittedEvent:
    fields: set[str] = dataclasses.field(default_factory=set)
    actors: set[str] = dataclasses.field(default_factory=set)
    dynamic: bool = False
    """Some payload keys are not visible in the source (``**error.to_dict()``)."""


def emitted_payloads() -> dict[str, EmittedEvent]:
    """Payload keys per event type, from the ``.event(...)`` calls and ``case.created``'s
    ``event_payload``."""
    found: dict[str, EmittedEvent] = {}
    for _path, tree in parsed_sources():
        for node in ast.walk(tree):
            if not isinstance(node, ast.Call):
                continue
            for kw in node.keywords:
                if kw.arg == "event_payload" and isinstance(kw.value, ast.Dict):
                    keys = {k.value for k in kw.value.keys if isinstance(k, ast.Constant)}
                    found.setdefault("case.created", EmittedEvent()).fields |= keys
            if not (
                isinstance(node.func, ast.Attribute)
                and node.func.attr == "event"
                and node.args
                and isinstance(node.args[0], ast.Constant)
                and isinstance(node.args[0].value, str)
            ):
                continue
            event = found.setdefault(node.args[0].value, EmittedEvent())
            if len(node.args) > 1 and isinstance(node.args[1], ast.Constant):
                event.actors.add(node.args[1].value)
            for kw in node.keywords:
                if kw.arg is not None:
                    event.fields.add(kw.arg)
                elif isinstance(kw.value, ast.Dict) and all(
                    isinstance(k, ast.Constant) for k in kw.value.keys
                ):
                    event.fields |= {k.value for k in kw.value.keys if isinstance(k, ast.Constant)}
                else:
                    event.dynamic = True
    return found


def test_every_payload_field_and_actor_is_documented() -> None:
    documented = backticked_headings(doc("events.md"), EVENT_TYPE)
    payloads = emitted_payloads()
    assert payloads["case.created"].fields == {"process", "version", "input"}
    for event_type, emitted in payloads.items():
        assert event_type in documented, f"events.md has no section `{event_type}`"
        body = documented[event_type].body
        for field in sorted(emitted.fields):
            assert f"`{field}`" in body, f"events.md: `{event_type}` lacks field `{field}`"
        for actor in emitted.actors:
            assert f"`{actor}`" in body, f"events.md: `{event_type}` lacks actor `{actor}`"
        if not emitted.dynamic:
            listed = {
                m for cell in table_first_cells(body, "Field") for m in re.findall(r"`(\w+)`", cell)
            }
            stale = listed - emitted.fields
            assert not stale, f"events.md: `{event_type}` documents fields it lacks: {stale}"


# -- (4) errors -------------------------------------------------------------------------------


def error_codes() -> set[str]:
    """``code = "..."`` in errors.py and every ``code=`` literal passed to ``SchemaError``."""
    codes = set(re.findall(r'^\s+code = "([a-z_]+)"', (SRC / "errors.py").read_text(), re.M))
    for _path, tree in parsed_sources():
        for node in ast.walk(tree):
            if not isinstance(node, ast.Call):
                continue
            func = node.func
            name = func.id if isinstance(func, ast.Name) else getattr(func, "attr", None)
            if name != "SchemaError":
                continue
            for kw in node.keywords:
                if kw.arg == "code" and isinstance(kw.value, ast.Constant):
                    codes.add(kw.value.value)
    return codes


def error_classes() -> dict[str, type[inloop.errors.InloopError]]:
    return {
        name: obj
        for name, obj in vars(inloop.errors).items()
        if isinstance(obj, type) and issubclass(obj, inloop.errors.InloopError)
    }


def test_the_error_scan_finds_the_codes() -> None:
    codes = error_codes()
    assert {"config_invalid", "answer_invalid", "nondeterminism"} <= codes
    assert {"database_corrupt", "not_an_inloop_database", "schema_outdated"} <= codes
    assert "schema_too_new" in codes


def test_every_error_code_is_documented() -> None:
    text = doc("errors.md")
    missing = {code for code in error_codes() if f"`{code}`" not in text}
    assert not missing, f"errors.md lacks the codes {sorted(missing)}"


def test_every_error_class_has_a_section_with_its_code() -> None:
    documented = backticked_headings(doc("errors.md"), r"[A-Z][A-Za-z]+")
    classes = error_classes()
    for name, cls in classes.items():
        if cls is inloop.errors.InloopError:
            continue
        assert name in documented, f"errors.md has no section `{name}`"
        if cls is not inloop.errors.SchemaError:  # its codes are per raise, checked above
            assert f"`{cls.code}`" in documented[name].body, f"`{name}`: code `{cls.code}`"
    stale = set(documented) - set(classes)
    assert not stale, f"errors.md documents error classes that do not exist: {stale}"


def test_every_schema_error_code_is_in_the_schema_error_section() -> None:
    body = section(doc("errors.md"), "`SchemaError`").body
    class_codes = {cls.code for cls in error_classes().values()}
    for code in error_codes() - class_codes:
        assert f"`{code}`" in body, f"`SchemaError` section lacks `{code}`"


# -- (5) the public API -----------------------------------------------------------------------

PUBLIC_API = [
    "AnswerReceipt",
    "App",
    "BusinessHours",
    "Cancel",
    "Case",
    "CaseRecord",
    "CaseStatus",
    "Choice",
    "Clock",
    "Confirmation",
    "Customer",
    "Engine",
    "Escalate",
    "Escalated",
    "Escalation",
    "EventRecord",
    "InloopError",
    "Option",
    "Process",
    "Queue",
    "Raise",
    "RequestKind",
    "RequestRecord",
    "RequestStatus",
    "Review",
    "SLAPolicy",
    "Settings",
    "Stage",
    "SystemClock",
    "TaskRecord",
    "TaskStatus",
    "Upload",
    "UploadedFile",
    "UseDefault",
    "Worker",
    "__version__",
]


def test_the_public_api_is_frozen() -> None:
    """Adding to or removing from ``inloop.__all__`` is a deliberate change: update this list
    and the reference documentation with it."""
    assert sorted(inloop.__all__) == PUBLIC_API
    for name in inloop.__all__:
        assert hasattr(inloop, name), name


def test_every_public_name_is_in_the_reference() -> None:
    text = "\n".join(p.read_text(encoding="utf-8") for p in sorted(REFERENCE.glob("*.md")))
    missing = [n for n in inloop.__all__ if n != "__version__" and f"`{n}" not in text]
    assert not missing, f"the reference does not mention {missing}"


# -- the process API reference ----------------------------------------------------------------


def public_members(cls: type) -> list[str]:
    return [name for name in dir(cls) if not name.startswith("_")]


@pytest.mark.parametrize(
    ("cls", "prefix"),
    [
        (inloop.Case, "case."),
        (inloop.Engine, "engine."),
        (inloop.Worker, "worker."),
        (Harness, "h."),
        (FakeClock, "clock."),
    ],
    ids=lambda v: v if isinstance(v, str) else v.__name__,
)
def test_every_public_member_is_in_the_process_api(cls: type, prefix: str) -> None:
    text = doc("process-api.md")
    missing = [m for m in public_members(cls) if f"{prefix}{m}" not in text]
    assert not missing, f"process-api.md lacks {[prefix + m for m in missing]}"


def test_every_fallback_parameter_is_documented() -> None:
    body = section(doc("process-api.md"), "Fallbacks").body
    for cls in (Escalate, UseDefault, Cancel, Raise):
        assert f"`{cls.__name__}(" in body, cls.__name__
        for field in dataclasses.fields(cls):
            assert re.search(rf"`{cls.__name__}\([^`]*\b{field.name}\b", body), (
                f"{cls.__name__}.{field.name}"
            )


@pytest.mark.parametrize(
    ("heading", "models"),
    [
        ("`Confirmation`", [inloop.Confirmation]),
        ("`Choice`", [inloop.Choice]),
        ("`Review`", [inloop.Review]),
        ("`Upload`", [inloop.Upload, inloop.UploadedFile]),
    ],
    ids=lambda v: v if isinstance(v, str) else "",
)
def test_every_answer_field_is_documented(heading: str, models: list[type[Any]]) -> None:
    body = section(doc("process-api.md"), heading).body
    fields = set().union(*(set(m.model_fields) for m in models))
    listed = {m for cell in table_first_cells(body, "Field") for m in re.findall(r"`(\w+)`", cell)}
    assert listed == fields, f"{heading}: documented {sorted(listed)}, fields {sorted(fields)}"


async def test_the_test_kit_example_runs(tmp_path: Path) -> None:
    text = doc("process-api.md")
    blocks = [b for b in re.findall(r"```python\n(.*?)```", text, re.S) if "Harness(" in b]
    assert len(blocks) == 1
    namespace: dict[str, Any] = {"__name__": "process_api_example"}
    exec(compile(blocks[0], "process-api.md", "exec", dont_inherit=True), namespace)
    await namespace["test_address_change"](tmp_path)
