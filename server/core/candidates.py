"""Candidate fixes to try: from a diagnosis's patches, given patches, or a user's values for a named setting.

A diagnosis's patch that changes one number on one line (a learning rate, a
clip norm, a warmup length) says where the number is set: the candidates are
then a small log grid around the original value, in the patch's direction
(lower for `lr_too_high`, higher for `lr_too_low`), the diagnosis's own value
first. A patch that inserts a clipping call is tried at a few clip norms. Any
other code fix (zero_grad, logsigmoid, shuffling) is one candidate. A named
setting (`setting='LR'`) is found in the code or config where it is assigned
(`LR = 5.0`, `lr=5.0` in a call, `"--lr", default=5.0`, `lr: 5.0`) and tried at
the values given, else at the grid its name suggests.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path

from pydantic import BaseModel, Field

from .diagnosis.codescan import make_patch
from .errors import UserError
from .workspace import Workspace

LOWER_FACTORS = (10.0, 30.0, 3.0, 100.0)
"""A too-high value is divided by these, in this order: the diagnosis's /10 first, then further the same way
(a value still too high is the likelier miss), then a smaller change, then far: the half-decade steps of a
learning-rate range test (Smith 2017, 'Cyclical Learning Rates', sec. 3.3)."""
RAISE_FACTORS = (100.0, 1000.0, 10000.0, 30.0)
"""A too-low value is multiplied by these (the diagnosis's x100 first, then further up: the code scan calls a
rate too low at 1e-6 for SGD and 1e-7 for Adam, three to five decades under their usual 1e-2 and 1e-3)."""
CLIP_NORMS = (1.0, 0.5, 5.0, 0.1)
"""Clip norms tried: 1.0 (Hugging Face Trainer's max_grad_norm default), 0.5 and 5.0 around it, 0.1 for
gradients orders of magnitude above it."""
WARMUP_STEPS = (100.0, 500.0, 1000.0, 50.0)
"""Warmup lengths tried when a warmup setting is named without values (common transformer recipes)."""
SETTING_SUFFIXES = (".py", ".yaml", ".yml", ".json", ".toml", ".cfg", ".ini")
MAX_SETTING_FILES = 200
"""Files searched for a named setting when none are given: the project's first 200 code and config files."""
NUMBER = r"[-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?"
NUMBER_TOKEN = re.compile(rf"(?<![\w.]){NUMBER}(?![\w.])")
CLIP_CALL = re.compile(rf"clip_grad_norm_?\((?P<args>.*?),\s*(?:max_norm\s*=\s*)?(?P<num>{NUMBER})\s*\)")


class Origin(StrEnum):
    DIAGNOSIS = "diagnosis"
    """The diagnosis's own patch, as proposed."""
    GRID = "grid"
    """Another value on the grid around the number the diagnosis's patch changes."""
    GIVEN = "given"
    """A patch the caller passed."""
    SETTING = "setting"
    """A value of a setting the caller named."""
    COMBINED = "combined"
    """Two candidates together, tried when neither alone cleared the cause."""


class Candidate(BaseModel):
    label: str = Field(description="Short name of the change, e.g. 'LR 5 -> 0.5 (train.py:9)'.")
    patch: str = Field(description="The unified diff, ready for apply_patch.")
    origin: Origin
    cause: str | None = Field(default=None, description="The root-cause id it targets (from the diagnosis).")
    file: str | None = Field(default=None, description="The file it changes (first one), relative to the repository.")
    old_value: float | None = Field(default=None, description="The number it changes, before.")
    new_value: float | None = Field(default=None, description="The number it sets.")
    lines_changed: int = Field(description="Lines the patch touches (a replaced line counts once).")

    @property
    def distance(self) -> float:
        """How far the number moves, in decades (0 for a code fix): the smaller change among equals wins."""
        if self.old_value and self.new_value and self.old_value > 0 and self.new_value > 0:
            return abs(math.log10(self.new_value / self.old_value))
        return 0.0


@dataclass(frozen=True)
class NumericEdit:
    """A one-line patch whose `-` and `+` lines differ in one number."""

    head: list[str]
    """The diff's lines before the `+` line."""
    plus: str
    """The `+` line (without the leading `+`)."""
    tail: list[str]
    start: int
    end: int
    """The number's span in `plus`."""
    old: float
    new: float
    file: str
    line: int
    """1-based line of the number in the file (after the patch)."""

    def with_value(self, value: float) -> str:
        plus = self.plus[: self.start] + number_text(value) + self.plus[self.end :]
        return "\n".join([*self.head, "+" + plus, *self.tail]) + "\n"


def number_text(value: float) -> str:
    text = f"{value:.4g}"
    return text if any(c in text for c in ".e") else text + ".0" if abs(value) < 1e16 else text


def diff_files(diff: str) -> list[str]:
    """The files a diff touches, read as apply_patch reads them (empty when it would refuse the diff)."""
    from .patches import parse_headers

    try:
        return [header.path for header in parse_headers(diff)]
    except UserError:
        return []


def lines_changed(diff: str) -> int:
    """Lines the diff touches: a line replaced counts once (the larger of lines added and lines removed)."""
    body = [line for line in diff.splitlines() if not line.startswith(("+++ ", "--- "))]
    return max(sum(1 for line in body if line[:1] == "+"), sum(1 for line in body if line[:1] == "-"))


def numeric_edit(diff: str) -> NumericEdit | None:
    """The edit when `diff` changes exactly one number on exactly one line of one file, else None."""
    lines = diff.splitlines()
    files = diff_files(diff)
    minus = [i for i, line in enumerate(lines) if line.startswith("-") and not line.startswith("--- ")]
    plus = [i for i, line in enumerate(lines) if line.startswith("+") and not line.startswith("+++ ")]
    hunks = [i for i, line in enumerate(lines) if line.startswith("@@")]
    if len(files) != 1 or len(minus) != 1 or len(plus) != 1 or len(hunks) != 1:
        return None
    old_line, new_line = lines[minus[0]][1:], lines[plus[0]][1:]
    old_numbers, new_numbers = list(NUMBER_TOKEN.finditer(old_line)), list(NUMBER_TOKEN.finditer(new_line))
    if len(old_numbers) != len(new_numbers):
        return None
    changed = [(a, b) for a, b in zip(old_numbers, new_numbers, strict=True) if a.group() != b.group()]
    if len(changed) != 1:
        return None
    a, b = changed[0]
    if old_line[: a.start()] != new_line[: b.start()] or old_line[a.end() :] != new_line[b.end() :]:
        return None
    header = re.match(r"@@ -\d+(?:,\d+)? \+(\d+)", lines[hunks[0]])
    first = int(header.group(1)) if header else 0
    line = first + sum(1 for i in range(hunks[0] + 1, plus[0]) if not lines[i].startswith("-"))
    return NumericEdit(
        head=lines[: plus[0]],
        plus=new_line,
        tail=lines[plus[0] + 1 :],
        start=b.start(),
        end=b.end(),
        old=float(a.group()),
        new=float(b.group()),
        file=files[0],
        line=line,
    )


def grid(old: float, proposed: float) -> list[float]:
    """Values to try for a number the diagnosis moves from `old` to `proposed`: its value first, then the grid."""
    factors = LOWER_FACTORS if abs(proposed) < abs(old) else RAISE_FACTORS
    values = [proposed] + [old / f if abs(proposed) < abs(old) else old * f for f in factors]
    return list(dict.fromkeys(float(number_text(v)) for v in values))


def clip_variants(diff: str, cause: str | None) -> list[Candidate]:
    """A patch that inserts a clip_grad_norm_ call, at each of CLIP_NORMS (its own norm first)."""
    lines = diff.splitlines()
    added = [
        (i, m)
        for i, line in enumerate(lines)
        if line.startswith("+") and not line.startswith("+++") and (m := CLIP_CALL.search(line))
    ]
    if len(added) != 1:
        return []
    index, match = added[0]
    own = float(match.group("num"))
    file = diff_files(diff)[0] if diff_files(diff) else None
    out = []
    for norm in dict.fromkeys([own, *CLIP_NORMS]):
        line = lines[index]
        start, end = match.start("num"), match.end("num")
        variant = lines[:index] + [line[:start] + number_text(norm) + line[end:]] + lines[index + 1 :]
        out.append(
            Candidate(
                label=f"clip the gradient norm at {norm:g}" + (f" ({file})" if file else ""),
                patch="\n".join(variant) + "\n",
                origin=Origin.DIAGNOSIS if norm == own else Origin.GRID,
                cause=cause,
                file=file,
                new_value=norm,
                lines_changed=lines_changed(diff),
            )
        )
    return out


def from_patch(diff: str, cause: str | None, origin: Origin, search: bool, what: str | None = None) -> list[Candidate]:
    """The candidates one patch stands for: a grid for a numeric edit or a clip (when `search`), else itself
    (labelled `what` when given: the diagnosis's fix text)."""
    edit = numeric_edit(diff)
    if edit is not None and search:
        return [
            Candidate(
                label=f"{edit.file}:{edit.line}: {number_text(edit.old)} -> {number_text(value)}",
                patch=edit.with_value(value),
                origin=origin if value == edit.new else Origin.GRID,
                cause=cause,
                file=edit.file,
                old_value=edit.old,
                new_value=value,
                lines_changed=1,
            )
            for value in grid(edit.old, edit.new)
        ]
    if search and (clipped := clip_variants(diff, cause)):
        return clipped
    files = diff_files(diff)
    label = f"{edit.file}:{edit.line}: {number_text(edit.old)} -> {number_text(edit.new)}" if edit else None
    return [
        Candidate(
            label=label or f"{what or cause or 'patch'} ({', '.join(files) or 'no file named'})",
            patch=diff if diff.endswith("\n") else diff + "\n",
            origin=origin,
            cause=cause,
            file=files[0] if files else None,
            old_value=edit.old if edit else None,
            new_value=edit.new if edit else None,
            lines_changed=lines_changed(diff),
        )
    ]


def allot(groups: list[list[Candidate]], limit: int) -> list[Candidate]:
    """Up to `limit` candidates: the first group (the top root cause) searched as far as the budget allows once
    every other group has its first candidate, then the others' further values in turn; no patch twice."""
    out: list[Candidate] = []
    seen: set[str] = set()

    def take(candidate: Candidate) -> None:
        if candidate.patch not in seen and len(out) < limit:
            seen.add(candidate.patch)
            out.append(candidate)

    groups = [g for g in groups if g]
    if not groups:
        return out
    for candidate in groups[0][: max(1, limit - (len(groups) - 1))]:
        take(candidate)
    for group in groups[1:]:
        take(group[0])
    for depth in range(1, max(len(g) for g in groups)):
        for group in groups:
            if depth < len(group):
                take(group[depth])
    return out


@dataclass
class Assignment:
    """Where a named setting's number is written: file, line, the number's span."""

    path: Path
    rel: str
    line: int
    start: int
    end: int
    value: float


def config_pattern(name: str) -> re.Pattern[str]:
    """A config line giving `name` a number: `name: 5.0`, `name = 5.0`, `"name": 5.0`."""
    return re.compile(rf"""^\s*["']?{re.escape(name)}["']?\s*[:=]\s*(?P<num>{NUMBER})(?![\w.])""")


def python_places(text: str, name: str) -> list[tuple[int, int, int, str]]:
    """(line, start, end, number) where Python code gives `name` a number, read from its tokens (so never in a
    string or a comment): `NAME = 5.0`, `name=5.0` in a call, `"name": 5.0`, `"--name", ..., default=5.0`."""
    import io
    import tokenize

    try:
        tokens = [t for t in tokenize.generate_tokens(io.StringIO(text).readline) if t.type != tokenize.NL]
    except (tokenize.TokenError, SyntaxError):
        return []
    keys = {name, f'"{name}"', f"'{name}'"}
    flags = {f"{q}--{n}{q}" for q in "\"'" for n in (name, name.replace("_", "-"))}
    found = []
    for i, tok in enumerate(tokens[:-2]):
        number = None
        if tok.string in keys and tokens[i + 1].string in ("=", ":") and tokens[i + 2].type == tokenize.NUMBER:
            number = tokens[i + 2]
        elif tok.type == tokenize.STRING and tok.string in flags:
            for j in range(i + 1, len(tokens) - 2):
                if tokens[j].type in (tokenize.NEWLINE, tokenize.ENDMARKER):
                    break
                if tokens[j].string == "default" and tokens[j + 1].string == "=":
                    number = tokens[j + 2] if tokens[j + 2].type == tokenize.NUMBER else None
                    break
        if number is not None and number.start[0] == number.end[0]:
            found.append((number.start[0], number.start[1], number.end[1], number.string))
    return found


def find_setting(workspace: Workspace, top: Path, name: str, files: list[Path]) -> list[Assignment]:
    """Every place in `files` where the setting `name` is given a number (each file through the workspace gate)."""
    pattern = config_pattern(name)
    found = []
    for path in files:
        real = workspace.resolve_file(path, "a code or config file")
        try:
            text = real.read_text(encoding="utf-8")
        except (UnicodeDecodeError, OSError):
            continue
        rel = real.relative_to(top).as_posix() if real.is_relative_to(top) else real.name
        if real.suffix == ".py":
            places = python_places(text, name)
        else:
            places = [
                (row, m.start("num"), m.end("num"), m["num"])
                for row, line in enumerate(text.splitlines(), start=1)
                if (m := pattern.search(line))
            ]
        for row, start, end, number in places:
            try:
                value = float(number.replace("_", ""))
            except ValueError:  # a complex or non-decimal literal (1j, 0x10)
                continue
            found.append(Assignment(real, rel, row, start, end, value))
    return found


def setting_grid(name: str, old: float, cause: str | None) -> list[float]:
    """Values to try for a named setting when the caller gave none, from what its name says it is."""
    low = name.lower()
    if "warmup" in low:
        return [v for v in WARMUP_STEPS if v != old]
    if "clip" in low or "grad_norm" in low:
        return [v for v in CLIP_NORMS if v != old]
    if cause == "lr_too_low":
        return [old * f for f in sorted(RAISE_FACTORS)]
    return [old / f for f in sorted(LOWER_FACTORS)]


def from_setting(
    workspace: Workspace, top: Path, name: str, values: list[float] | None, files: list[Path], cause: str | None
) -> tuple[list[Candidate], list[str]]:
    """Candidates setting `name` to each value (or its grid) where it is assigned; notes on what was found."""
    places = find_setting(workspace, top, name, files)
    if not places:
        raise UserError(
            f"found no number assigned to {name!r} in {len(files)} file(s) "
            f"(looked for `{name} = 0.1`, `{name}=0.1` in a call, `--{name} ... default=0.1`, `{name}: 0.1`); "
            "pass files= with the file that sets it, or check the name"
        )
    place = places[0]
    notes = [f"{name} is set in {len(places)} places; the first one is changed ({place.rel}:{place.line})"]
    lines = place.path.read_text(encoding="utf-8").splitlines(keepends=True)
    out = []
    for value in values if values else setting_grid(name, place.value, cause):
        if not math.isfinite(value):
            raise UserError(f"{value} is not a finite number; pass plain numbers as values")
        new = list(lines)
        row = new[place.line - 1]
        new[place.line - 1] = row[: place.start] + number_text(value) + row[place.end :]
        patch = make_patch(place.rel, lines, new)
        if patch is None:
            raise UserError(f"{place.rel} does not end with a newline; add one so a patch can be made")
        out.append(
            Candidate(
                label=f"{place.rel}:{place.line}: {name} {number_text(place.value)} -> {number_text(value)}",
                patch=patch,
                origin=Origin.SETTING,
                cause=cause,
                file=place.rel,
                old_value=place.value,
                new_value=value,
                lines_changed=1,
            )
        )
    return out, notes[: 1 if len(places) > 1 else 0]


def setting_files(top: Path, listed: list[str]) -> list[Path]:
    """The project's code and config files to search for a setting when none are named."""
    return [top / name for name in listed if name.endswith(SETTING_SUFFIXES)][:MAX_SETTING_FILES]


def combine(first: Candidate, second: Candidate, patch: str) -> Candidate:
    return Candidate(
        label=f"{first.label} + {second.label}",
        patch=patch,
        origin=Origin.COMBINED,
        cause=first.cause,
        file=first.file,
        old_value=first.old_value,
        new_value=first.new_value,
        lines_changed=first.lines_changed + second.lines_changed,
    )
