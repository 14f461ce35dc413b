"""The family casebook's builders (scripts/make_family_casebook.py): the later rounds' families train, log in
the script's formats and namings, and check their own faults. No diagnosis runs here: the report split's families are
never looked at before their measure."""

from __future__ import annotations

import csv
import json
import math
import random
import re
import sys
from collections import Counter
from dataclasses import replace
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "scripts"))

from make_family_casebook import (  # noqa: E402
    BATCH,
    FAMILIES,
    FAULTS,
    NAMINGS,
    NEW_FAMILIES,
    ROUND4_FAMILIES,
    ROUND5_FAMILIES,
    ROUND6_FAMILIES,
    ROUND6B_FAMILIES,
    ROUND7_FAMILIES,
    ROUND8_FAMILIES,
    ROUND9_FAMILIES,
    ROUND10_FAMILIES,
    ROUND11_FAMILIES,
    ROUND12_FAMILIES,
    ROUND13_FAMILIES,
    ROUND14_FAMILIES,
    ROUND15_FAMILIES,
    ROUND16_FAMILIES,
    ROUND17_FAMILIES,
    ROUND18_FAMILIES,
    ROUND19_FAMILIES,
    ROUND20_FAMILIES,
    ROUND21_FAMILIES,
    ROUND22_FAMILIES,
    ROUND23_FAMILIES,
    ROUND24_FAMILIES,
    ROUND25_FAMILIES,
    ROUND26_FAMILIES,
    ROUND27_FAMILIES,
    ROUND28_FAMILIES,
    ROUND29_FAMILIES,
    ROUND30_FAMILIES,
    ROUND31_FAMILIES,
    ROUND32_FAMILIES,
    ROUND33_FAMILIES,
    ROUND34_FAMILIES,
    ROUND35_FAMILIES,
    ROUND36_FAMILIES,
    ROUND37_FAMILIES,
    ROUND38_FAMILIES,
    ROUND39_FAMILIES,
    ROUND40_FAMILIES,
    ROUND41_FAMILIES,
    ROUND42_FAMILIES,
    ROUND43_FAMILIES,
    ROUND44_FAMILIES,
    ROUND45_FAMILIES,
    ROUND46_FAMILIES,
    ROUND47_FAMILIES,
    ROUND48_FAMILIES,
    ROUND49_FAMILIES,
    ROUND50_FAMILIES,
    ROUND51_FAMILIES,
    ROUND52_FAMILIES,
    ROUND53_FAMILIES,
    ROUND54_FAMILIES,
    ROUND55_FAMILIES,
    ROUND56_FAMILIES,
    ROUND57_FAMILIES,
    ROUND58_FAMILIES,
    ROUND59_FAMILIES,
    ROUND60_FAMILIES,
    ROUND61_FAMILIES,
    ROUND62_FAMILIES,
    ROUND63_FAMILIES,
    SPLIT_OF,
    TT_CARDS,
    VQ_CODES,
    Recipe,
    build,
    cases,
    char_error_rate,
    corrupt,
    make_model,
    make_task,
    mdn_nll,
    train,
)

FAULTY_R8, HEALTHY_R8 = 46, 29
"""Round 8's cases per seed: faulty and healthy (x3 seeds: 138 and 87)."""
FAULTY_R9, HEALTHY_R9 = 44, 35
"""Round 9's cases per seed: faulty (6 of them sorted_data, which leaves no trace in a log) and healthy (x3 seeds: 132
faulty, 114 of them with a trace, and 105 healthy)."""
FAULTY_R10, HEALTHY_R10 = 48, 35
"""Round 10's cases per seed: faulty (5 of them sorted_data, which leaves no trace in a log) and healthy (x3 seeds: 144
faulty, 129 of them with a trace, and 105 healthy)."""
FAULTY_R11, HEALTHY_R11 = 39, 34
"""Round 11's cases per seed: faulty (6 of them sorted_data, which leaves no trace in a log) and healthy (x3 seeds: 117
faulty, 99 of them with a trace, and 102 healthy)."""
FAULTY_R12, HEALTHY_R12 = 47, 32
"""Round 12's cases per seed: faulty (4 of them sorted_data, which leaves no trace in a log) and healthy (x3 seeds: 141
faulty, 129 of them with a trace, and 96 healthy)."""
FAULTY_R13, HEALTHY_R13 = 46, 32
"""Round 13's cases per seed: faulty (4 of them sorted_data, which leaves no trace in a log) and healthy (x3 seeds: 138
faulty, 126 of them with a trace, and 96 healthy)."""
FAULTY_R14, HEALTHY_R14 = 44, 35
"""Round 14's cases per seed: faulty (3 of them sorted_data, which leaves no trace in a log) and healthy (x3 seeds: 132
faulty, 123 of them with a trace, and 105 healthy)."""
FAULTY_R15, HEALTHY_R15 = 45, 33
"""Round 15's cases per seed: faulty (3 of them sorted_data, which leaves no trace in a log) and healthy (x3 seeds: 135
faulty, 126 of them with a trace, and 99 healthy)."""
FAULTY_R16, HEALTHY_R16 = 45, 33
"""Round 16's cases per seed: faulty (4 of them sorted_data, which leaves no trace in a log) and healthy (x3 seeds: 135
faulty, 123 of them with a trace, and 99 healthy)."""
FAULTY_R17, HEALTHY_R17 = 46, 30
"""Round 17's cases per seed: faulty (6 of them sorted_data, which leaves no trace in a log) and healthy (x3 seeds: 135
faulty, 117 of them with a trace, and 90 healthy)."""
FAULTY_R18, HEALTHY_R18, TRACED_R18 = 52, 35, 141
"""Round 18's cases per seed: faulty (5 of them sorted_data, which leaves no trace in a log) and healthy (x3 seeds: 156
faulty, 141 of them with a trace, and 105 healthy)."""
FAULTY_R19, HEALTHY_R19, TRACED_R19 = 49, 32, 135
"""Round 19's cases per seed: faulty (4 of them sorted_data, which leaves no trace in a log) and healthy (x3 seeds: 147
faulty, 135 of them with a trace, and 96 healthy)."""
FAULTY_R20, HEALTHY_R20, TRACED_R20 = 52, 32, 141
"""Round 20's cases per seed: faulty (5 of them sorted_data, which leaves no trace in a log) and healthy (x3 seeds: 156
faulty, 141 of them with a trace, and 96 healthy)."""
FAULTY_R21, HEALTHY_R21, TRACED_R21 = 49, 30, 132
"""Round 21's cases per seed: faulty (5 of them sorted_data, which leaves no trace in a log) and healthy (x3 seeds: 147
faulty, 132 of them with a trace, and 90 healthy)."""
FAULTY_R22, HEALTHY_R22, TRACED_R22 = 47, 30, 123
"""Round 22's cases per seed: faulty (6 of them sorted_data, which leaves no trace in a log) and healthy (x3 seeds: 141
faulty, 123 of them with a trace, and 90 healthy)."""
FAULTY_R23, HEALTHY_R23, TRACED_R23 = 48, 31, 126
"""Round 23's cases per seed: faulty (6 of them sorted_data, which leaves no trace in a log) and healthy (x3 seeds: 144
faulty, 126 of them with a trace, and 93 healthy)."""
FAULTY_R24, HEALTHY_R24, TRACED_R24 = 45, 30, 117
"""Round 24's cases per seed: faulty (6 of them sorted_data, which leaves no trace in a log) and healthy (x3 seeds: 135
faulty, 117 of them with a trace, and 90 healthy)."""
FAULTY_R25, HEALTHY_R25, TRACED_R25 = 45, 33, 117
"""Round 25's cases per seed: faulty (6 of them sorted_data, which leaves no trace in a log) and healthy (x3 seeds: 135
faulty, 117 of them with a trace, and 99 healthy)."""
FAULTY_R26, HEALTHY_R26, TRACED_R26 = 39, 31, 99
"""Round 26's cases per seed: faulty (6 of them sorted_data, which leaves no trace in a log) and healthy (x3 seeds: 117
faulty, 99 of them with a trace, and 93 healthy)."""
FAULTY_R27, HEALTHY_R27, TRACED_R27 = 36, 29, 90
"""Round 27's cases per seed: faulty (6 of them sorted_data, which leaves no trace in a log) and healthy (x3 seeds: 108
faulty, 90 of them with a trace, and 87 healthy)."""
FAULTY_R28, HEALTHY_R28, TRACED_R28 = 41, 30, 105
"""Round 28's cases per seed: faulty (6 of them sorted_data, which leaves no trace in a log) and healthy (x3 seeds: 123
faulty, 105 of them with a trace, and 90 healthy)."""
FAULTY_R29, HEALTHY_R29, TRACED_R29 = 43, 30, 111
"""Round 29's cases per seed: faulty (6 of them sorted_data, which leaves no trace in a log) and healthy (x3 seeds: 129
faulty, 111 of them with a trace, and 90 healthy)."""

FAULTY_R30, HEALTHY_R30, TRACED_R30 = 43, 31, 114
"""Round 30's cases per seed: faulty (5 of them sorted_data, which leaves no trace in a log) and healthy (x3 seeds: 129
faulty, 114 of them with a trace, and 93 healthy)."""
FAULTY_R31, HEALTHY_R31, TRACED_R31 = 46, 31, 123
"""Round 31's cases per seed: faulty (5 of them sorted_data, which leaves no trace in a log) and healthy (x3 seeds: 138
faulty, 123 of them with a trace, and 93 healthy)."""
FAULTY_R32, HEALTHY_R32, TRACED_R32 = 47, 33, 123
"""Round 32's cases per seed: faulty (6 of them sorted_data, which leaves no trace in a log) and healthy (x3 seeds: 141
faulty, 123 of them with a trace, and 99 healthy)."""
FAULTY_R33, HEALTHY_R33, TRACED_R33 = 46, 33, 120
"""Round 33's cases per seed: faulty (6 of them sorted_data, which leaves no trace in a log) and healthy (x3 seeds: 138
faulty, 120 of them with a trace, and 99 healthy)."""
FAULTY_R34, HEALTHY_R34, TRACED_R34 = 50, 30, 132
"""Round 34's cases per seed: faulty (6 of them sorted_data, which leaves no trace in a log) and healthy (x3 seeds: 150
faulty, 132 of them with a trace, and 90 healthy)."""
FAULTY_R35, HEALTHY_R35, TRACED_R35 = 44, 28, 114
"""Round 35's cases per seed: faulty (6 of them sorted_data, which leaves no trace in a log) and healthy (x3 seeds: 132
faulty, 114 of them with a trace, and 84 healthy)."""
FAULTY_R36, HEALTHY_R36, TRACED_R36 = 45, 30, 117
"""Round 36's cases per seed: faulty (6 of them sorted_data, which leaves no trace in a log) and healthy (x3 seeds: 135
faulty, 117 of them with a trace, and 90 healthy)."""
FAULTY_R37, HEALTHY_R37, TRACED_R37 = 43, 32, 111
"""Round 37's cases per seed: faulty (6 of them sorted_data, which leaves no trace in a log) and healthy (x3 seeds: 129
faulty, 111 of them with a trace, and 96 healthy)."""
FAULTY_R38, HEALTHY_R38, TRACED_R38 = 44, 30, 114
"""Round 38's cases per seed: faulty (6 of them sorted_data, which leaves no trace in a log) and healthy (x3 seeds: 132
faulty, 114 of them with a trace, and 90 healthy)."""
FAULTY_R39, HEALTHY_R39, TRACED_R39 = 48, 29, 126
"""Round 39's cases per seed: faulty (6 of them sorted_data, which leaves no trace in a log) and healthy (x3 seeds: 144
faulty, 126 of them with a trace, and 87 healthy)."""
FAULTY_R40, HEALTHY_R40, TRACED_R40 = 49, 32, 129
"""Round 40's cases per seed: faulty (6 of them sorted_data, which leaves no trace in a log) and healthy (x3 seeds: 147
faulty, 129 of them with a trace, and 96 healthy)."""
FAULTY_R41, HEALTHY_R41, TRACED_R41 = 48, 33, 126
"""Round 41's cases per seed: faulty (6 of them sorted_data, which leaves no trace in a log) and healthy (x3 seeds: 144
faulty, 126 of them with a trace, and 99 healthy)."""
FAULTY_R42, HEALTHY_R42, TRACED_R42 = 51, 31, 135
"""Round 42's cases per seed: faulty (6 of them sorted_data, which leaves no trace in a log) and healthy (x3 seeds: 153
faulty, 135 of them with a trace, and 93 healthy)."""
FAULTY_R43, HEALTHY_R43, TRACED_R43 = 45, 27, 117
"""Round 43's cases per seed: faulty (6 of them sorted_data, which leaves no trace in a log) and healthy (x3 seeds: 135
faulty, 117 of them with a trace, and 81 healthy)."""
FAULTY_R44, HEALTHY_R44, TRACED_R44 = 21, 12, 54
"""Round 44's cases per seed: faulty (3 of them sorted_data, which leaves no trace in a log) and healthy (x3 seeds: 63
faulty, 54 of them with a trace, and 36 healthy)."""
FAULTY_R45, HEALTHY_R45, TRACED_R45 = 42, 30, 108
"""Round 45's cases per seed: faulty (6 of them sorted_data, which leaves no trace in a log) and healthy (x3 seeds: 126
faulty, 108 of them with a trace, and 90 healthy)."""
FAULTY_R46, HEALTHY_R46, TRACED_R46 = 42, 28, 108
"""Round 46's cases per seed: faulty (6 of them sorted_data, which leaves no trace in a log) and healthy (x3 seeds: 126
faulty, 108 of them with a trace, and 84 healthy)."""
FAULTY_R47, HEALTHY_R47, TRACED_R47 = 29, 18, 75
"""Round 47's cases per seed: faulty (4 of them sorted_data, which leaves no trace in a log) and healthy (x3 seeds: 87
faulty, 75 of them with a trace, and 54 healthy)."""
FAULTY_R48, HEALTHY_R48, TRACED_R48 = 46, 27, 120
"""Round 48's cases per seed: faulty (6 of them sorted_data, which leaves no trace in a log) and healthy (x3 seeds: 138
faulty, 120 of them with a trace, and 81 healthy)."""
FAULTY_R49, HEALTHY_R49, TRACED_R49 = 47, 26, 123
"""Round 49's cases per seed: faulty (6 of them sorted_data, which leaves no trace in a log) and healthy (x3 seeds: 141
faulty, 123 of them with a trace, and 78 healthy)."""
FAULTY_R50, HEALTHY_R50, TRACED_R50 = 41, 26, 105
"""Round 50's cases per seed: faulty (6 of them sorted_data, which leaves no trace in a log) and healthy (x3 seeds: 123
faulty, 105 of them with a trace, and 78 healthy)."""
FAULTY_R51, HEALTHY_R51, TRACED_R51 = 37, 27, 93
"""Round 51's cases per seed: faulty (6 of them sorted_data, which leaves no trace in a log) and healthy (x3 seeds: 111
faulty, 93 of them with a trace, and 81 healthy)."""
FAULTY_R52, HEALTHY_R52, TRACED_R52 = 45, 27, 120
"""Round 52's cases per seed: faulty (5 of them sorted_data, which leaves no trace in a log) and healthy (x3 seeds: 135
faulty, 120 of them with a trace, and 81 healthy)."""
FAULTY_R53, HEALTHY_R53, TRACED_R53 = 37, 26, 93
"""Round 53's cases per seed: faulty (6 of them sorted_data, which leaves no trace in a log) and healthy (x3 seeds: 111
faulty, 93 of them with a trace, and 78 healthy)."""
FAULTY_R54, HEALTHY_R54, TRACED_R54 = 25, 17, 63
"""Round 54's cases per seed: faulty (4 of them sorted_data, which leaves no trace in a log) and healthy (x3 seeds: 75
faulty, 63 of them with a trace, and 51 healthy)."""
FAULTY_R55, HEALTHY_R55, TRACED_R55 = 37, 29, 93
"""Round 55's cases per seed: faulty (6 of them sorted_data, which leaves no trace in a log) and healthy (x3 seeds: 111
faulty, 93 of them with a trace, and 87 healthy)."""
FAULTY_R56, HEALTHY_R56, TRACED_R56 = 42, 29, 108
"""Round 56's cases per seed: faulty (6 of them sorted_data, which leaves no trace in a log) and healthy (x3 seeds: 126
faulty, 108 of them with a trace, and 87 healthy)."""
FAULTY_R57, HEALTHY_R57, TRACED_R57 = 19, 16, 45
"""Round 57's cases per seed: faulty (4 of them sorted_data, which leaves no trace in a log) and healthy (x3 seeds: 57
faulty, 45 of them with a trace, and 48 healthy)."""
FAULTY_R58, HEALTHY_R58, TRACED_R58 = 26, 17, 69
"""Round 58's cases per seed: faulty (3 of them sorted_data, which leaves no trace in a log) and healthy (x3 seeds: 78
faulty, 69 of them with a trace, and 51 healthy)."""
FAULTY_R59, HEALTHY_R59, TRACED_R59 = 24, 18, 60
"""Round 59's cases per seed: faulty (4 of them sorted_data, which leaves no trace in a log) and healthy (x3 seeds: 72
faulty, 60 of them with a trace, and 54 healthy)."""
FAULTY_R60, HEALTHY_R60, TRACED_R60 = 26, 18, 69
"""Round 60's cases per seed: faulty (3 of them sorted_data, which leaves no trace in a log) and healthy (x3 seeds: 78
faulty, 69 of them with a trace, and 54 healthy)."""
FAULTY_R61, HEALTHY_R61, TRACED_R61 = 24, 17, 60
"""Round 61's cases per seed: faulty (4 of them sorted_data, which leaves no trace in a log) and healthy (x3 seeds: 72
faulty, 60 of them with a trace, and 51 healthy)."""
FAULTY_R62, HEALTHY_R62, TRACED_R62 = 25, 18, 63
"""Round 62's cases per seed: faulty (4 of them sorted_data, which leaves no trace in a log) and healthy (x3 seeds: 75
faulty, 63 of them with a trace, and 54 healthy)."""
FAULTY_R63, HEALTHY_R63, TRACED_R63 = 23, 17, 57
"""Round 63's cases per seed: faulty (4 of them sorted_data, which leaves no trace in a log) and healthy (x3 seeds: 69
faulty, 57 of them with a trace, and 51 healthy)."""


def sees_no_later_token(model, x_val, vocab: int) -> bool:  # noqa: ANN001 - a torch module and its inputs
    """Whether a language model's outputs at every position but the last stay the same when the last token changes:
    no earlier position sees a later one (each forward pass seeded alike: the Reformer's LSH buckets are drawn)."""
    import torch

    with torch.no_grad():
        x = x_val[:2].clone()
        torch.manual_seed(1)
        out = model(x)
        x[:, -1] = (x[:, -1] + 1) % vocab
        torch.manual_seed(1)
        return torch.allclose(model(x)[:, :-1], out[:, :-1], atol=1e-5)


def one_case(folder: Path, family: str, fault: str) -> dict:
    build(folder, (family,), range(1), tuple(f for f in FAULTS if f.name == fault))
    [case] = json.loads((folder / "cases.json").read_text())
    return case


def naming_of(folder: Path, case: dict) -> tuple[dict[str, str], set[str]]:
    """The naming convention the run's file was written in (told by its lr's name), and the names the file holds."""
    names = logged_names(folder, case)
    return next(n for n in NAMINGS if n["lr"] in names), names


def loss_named(naming: dict[str, str], own: str) -> str:
    """The training loss's name under `naming`: the family's own (`ctc_loss`) where the convention says plain `loss`."""
    return own if naming["loss"] == "loss" else naming["loss"]


def logged_names(folder: Path, case: dict) -> set[str]:
    """The metric names the run's file holds, whatever its format."""
    path = folder / case["log"]
    if case["format"] == "jsonl":
        return {k for line in path.read_text().splitlines() for k in json.loads(line)}
    if case["format"] == "csv":
        with path.open() as f:
            return set(next(csv.reader(f)))
    sep, kv = (" | ", " ") if case["format"] == "text_pipe" else (" ", "=")
    return {field.split(kv)[0] for line in path.read_text().splitlines() for field in line.split(sep)}


def test_no_family_overwrites_another_familys_module_constant() -> None:
    """Each family's constants are module globals read when its runs are built: a later family that names one the same
    (round 44's SE-ResNet's `SE_NOISE` over the speech enhancer's) silently changes the earlier family's task and bars.
    The five names assigned twice before round 42 stay as measured (the later value is the one every run so far
    used)."""
    import ast

    source = Path(__file__).resolve().parent.parent / "scripts" / "make_family_casebook.py"
    assigned: Counter[str] = Counter()
    for node in ast.parse(source.read_text()).body:
        targets = (
            node.targets if isinstance(node, ast.Assign) else [node.target] if isinstance(node, ast.AnnAssign) else []
        )
        assigned.update(name.id for target in targets for name in ast.walk(target) if isinstance(name, ast.Name))
        if isinstance(node, ast.FunctionDef | ast.ClassDef):
            assigned[node.name] += 1
    twice = {name for name, count in assigned.items() if count > 1}
    assert twice == {"FT_NOISE", "FT_DIM", "FT_LEARNED", "FT_SLACK", "SG_SLACK"}


def test_the_report_split_is_round_63s_families_the_earlier_families_tuning() -> None:
    assert set(SPLIT_OF) == set(FAMILIES)
    assert sorted(f for f, split in SPLIT_OF.items() if split == "report") == sorted(ROUND63_FAMILIES)
    assert set(SPLIT_OF.values()) == {"tuning", "calibration", "report"}
    looked_at = ("resnet", "transformer_lm", "regression", *NEW_FAMILIES, *ROUND4_FAMILIES, *ROUND5_FAMILIES)
    looked_at += (*ROUND6_FAMILIES, *ROUND6B_FAMILIES, *ROUND7_FAMILIES, *ROUND8_FAMILIES, *ROUND9_FAMILIES)
    looked_at += (*ROUND10_FAMILIES, *ROUND11_FAMILIES, *ROUND12_FAMILIES, *ROUND13_FAMILIES, *ROUND14_FAMILIES)
    looked_at += (*ROUND15_FAMILIES, *ROUND16_FAMILIES, *ROUND17_FAMILIES, *ROUND18_FAMILIES, *ROUND19_FAMILIES)
    looked_at += (*ROUND20_FAMILIES, *ROUND21_FAMILIES, *ROUND22_FAMILIES, *ROUND23_FAMILIES, *ROUND24_FAMILIES)
    looked_at += (*ROUND25_FAMILIES, *ROUND26_FAMILIES, *ROUND27_FAMILIES, *ROUND28_FAMILIES, *ROUND29_FAMILIES)
    looked_at += (*ROUND30_FAMILIES, *ROUND31_FAMILIES, *ROUND32_FAMILIES, *ROUND33_FAMILIES, *ROUND34_FAMILIES)
    looked_at += (*ROUND35_FAMILIES, *ROUND36_FAMILIES, *ROUND37_FAMILIES, *ROUND38_FAMILIES, *ROUND39_FAMILIES)
    looked_at += (*ROUND40_FAMILIES, *ROUND41_FAMILIES, *ROUND42_FAMILIES, *ROUND43_FAMILIES, *ROUND44_FAMILIES)
    looked_at += (*ROUND45_FAMILIES, *ROUND46_FAMILIES, *ROUND47_FAMILIES, *ROUND48_FAMILIES, *ROUND49_FAMILIES)
    looked_at += (*ROUND50_FAMILIES, *ROUND51_FAMILIES, *ROUND52_FAMILIES, *ROUND53_FAMILIES, *ROUND54_FAMILIES)
    looked_at += (*ROUND55_FAMILIES, *ROUND56_FAMILIES, *ROUND57_FAMILIES, *ROUND58_FAMILIES, *ROUND59_FAMILIES)
    looked_at += (*ROUND60_FAMILIES, *ROUND61_FAMILIES, *ROUND62_FAMILIES)
    assert {SPLIT_OF[f] for f in looked_at} == {"tuning"}
    assert FAMILIES[:8] == ("mlp", "cnn", "resnet", "lstm", "transformer_lm", "autoencoder", "finetune", "regression")
    # appended only: the earlier families' seeds (their index) are unchanged
    assert FAMILIES[8:] == (
        *(*NEW_FAMILIES, *ROUND4_FAMILIES, *ROUND5_FAMILIES, *ROUND6_FAMILIES, *ROUND6B_FAMILIES, *ROUND7_FAMILIES),
        *ROUND8_FAMILIES,
        *ROUND9_FAMILIES,
        *ROUND10_FAMILIES,
        *ROUND11_FAMILIES,
        *ROUND12_FAMILIES,
        *ROUND13_FAMILIES,
        *ROUND14_FAMILIES,
        *ROUND15_FAMILIES,
        *ROUND16_FAMILIES,
        *ROUND17_FAMILIES,
        *ROUND18_FAMILIES,
        *ROUND19_FAMILIES,
        *ROUND20_FAMILIES,
        *ROUND21_FAMILIES,
        *ROUND22_FAMILIES,
        *ROUND23_FAMILIES,
        *ROUND24_FAMILIES,
        *ROUND25_FAMILIES,
        *ROUND26_FAMILIES,
        *ROUND27_FAMILIES,
        *ROUND28_FAMILIES,
        *ROUND29_FAMILIES,
        *ROUND30_FAMILIES,
        *ROUND31_FAMILIES,
        *ROUND32_FAMILIES,
        *ROUND33_FAMILIES,
        *ROUND34_FAMILIES,
        *ROUND35_FAMILIES,
        *ROUND36_FAMILIES,
        *ROUND37_FAMILIES,
        *ROUND38_FAMILIES,
        *ROUND39_FAMILIES,
        *ROUND40_FAMILIES,
        *ROUND41_FAMILIES,
        *ROUND42_FAMILIES,
        *ROUND43_FAMILIES,
        *ROUND44_FAMILIES,
        *ROUND45_FAMILIES,
        *ROUND46_FAMILIES,
        *ROUND47_FAMILIES,
        *ROUND48_FAMILIES,
        *ROUND49_FAMILIES,
        *ROUND50_FAMILIES,
        *ROUND51_FAMILIES,
        *ROUND52_FAMILIES,
        *ROUND53_FAMILIES,
        *ROUND54_FAMILIES,
        *ROUND55_FAMILIES,
        *ROUND56_FAMILIES,
        *ROUND57_FAMILIES,
        *ROUND58_FAMILIES,
        *ROUND59_FAMILIES,
        *ROUND60_FAMILIES,
        *ROUND61_FAMILIES,
        *ROUND62_FAMILIES,
        *ROUND63_FAMILIES,
    )
    assert FAMILIES[-len(ROUND63_FAMILIES) :] == ROUND63_FAMILIES  # appended last: no earlier family's seed moved
    assert FAMILIES.index("policy") == 27 and FAMILIES.index("recsys") == 28 and FAMILIES.index("pointnet") == 34
    assert FAMILIES.index("byol") == 40 and FAMILIES.index("ranknet") == 45 and FAMILIES.index("perceiver") == 46
    assert FAMILIES.index("kan") == 52 and FAMILIES.index("set_transformer") == 57
    assert FAMILIES.index("snn") == 58 and FAMILIES.index("graph_transformer") == 62 and FAMILIES.index("ebm") == 63
    assert FAMILIES.index("clip") == 64 and FAMILIES.index("quantile") == 69
    assert FAMILIES.index("wgan_gp") == 70 and FAMILIES.index("mobilenet") == 75
    assert FAMILIES.index("survival") == 76 and FAMILIES.index("egnn") == 81
    assert FAMILIES.index("ppo") == 82 and FAMILIES.index("mixup") == 87
    assert FAMILIES.index("sac") == 88 and FAMILIES.index("deep_svdd") == 93
    assert FAMILIES.index("pix2pix") == 94 and FAMILIES.index("tts_mel") == 99
    assert FAMILIES.index("arcface") == 100 and FAMILIES.index("dkt") == 105
    assert FAMILIES.index("semantic_seg") == 106 and FAMILIES.index("td3") == 111
    assert FAMILIES.index("speech_enhance") == 112 and FAMILIES.index("token_ner") == 117
    assert FAMILIES.index("sentence_embed") == 118 and FAMILIES.index("gin_graph") == 123
    assert FAMILIES.index("adv_train") == 124 and FAMILIES.index("word_lm") == 129
    assert FAMILIES.index("lstm_ae_anomaly") == 130 and FAMILIES.index("bahdanau_nmt") == 135
    assert FAMILIES.index("siamese_change") == 136 and FAMILIES.index("pointer_generator") == 141
    assert FAMILIES.index("ft_transformer") == 142 and FAMILIES.index("music_transformer") == 147
    assert FAMILIES.index("memn2n") == 148 and FAMILIES.index("deeponet") == 153
    assert FAMILIES.index("esim_nli") == 154 and FAMILIES.index("fasttext") == 159
    assert FAMILIES.index("rbm") == 160 and FAMILIES.index("kws_cnn") == 165
    assert FAMILIES.index("convnext") == 166 and FAMILIES.index("moco") == 171
    assert FAMILIES.index("densenet") == 172 and FAMILIES.index("policy_value") == 177
    assert FAMILIES.index("efficientnet") == 178 and FAMILIES.index("t5_span") == 183
    assert FAMILIES.index("segformer") == 184 and FAMILIES.index("speech_commands_crnn") == 189
    assert FAMILIES.index("mobilevit") == 190 and FAMILIES.index("sincnet_speaker") == 195
    assert FAMILIES.index("longformer_cls") == 196 and FAMILIES.index("lstnet") == 201
    assert FAMILIES.index("eegnet_braindecode") == 202 and FAMILIES.index("dlinear") == 207
    assert FAMILIES.index("spacy_textcat") == 208 and FAMILIES.index("fairseq_nmt") == 213
    assert FAMILIES.index("resnext_mxnet") == 214 and FAMILIES.index("googlenet_cifar") == 219
    assert FAMILIES.index("regnety_pycls") == 220 and FAMILIES.index("tdnn_kaldi") == 225
    assert FAMILIES.index("flair_textcls") == 226 and FAMILIES.index("w2l_flashlight") == 231
    assert FAMILIES.index("sklearn_mlp") == 232 and FAMILIES.index("mindspore_transformer") == 237
    assert FAMILIES.index("wrn_poutyne") == 238 and FAMILIES.index("dpcnn_text") == 243
    assert FAMILIES.index("repvgg_mmpretrain") == 244 and FAMILIES.index("nnunet_2d") == 249
    assert FAMILIES.index("nin_tflearn") == 250 and FAMILIES.index("rnn_ludwig") == 255


def test_round_8s_families_hold_the_cases_they_held_in_round_8() -> None:
    built = cases(ROUND8_FAMILIES, range(1))
    healthy = [c for c in built if c[1].accept == ("healthy",)]
    assert (len(built) - len(healthy), len(healthy)) == (FAULTY_R8, HEALTHY_R8)


def test_round_9s_families_hold_the_cases_they_held_in_round_9() -> None:
    built = cases(ROUND9_FAMILIES, range(1))
    healthy = [c for c in built if c[1].accept == ("healthy",)]
    assert (len(built) - len(healthy), len(healthy)) == (FAULTY_R9, HEALTHY_R9)


def test_round_10s_families_hold_the_cases_they_held_in_round_10() -> None:
    built = cases(ROUND10_FAMILIES, range(1))
    healthy = [c for c in built if c[1].accept == ("healthy",)]
    assert (len(built) - len(healthy), len(healthy)) == (FAULTY_R10, HEALTHY_R10)


def test_round_11s_families_hold_the_cases_they_held_in_round_11() -> None:
    built = cases(ROUND11_FAMILIES, range(1))
    healthy = [c for c in built if c[1].accept == ("healthy",)]
    assert (len(built) - len(healthy), len(healthy)) == (FAULTY_R11, HEALTHY_R11)


def test_round_12s_families_hold_the_cases_they_held_in_round_12() -> None:
    built = cases(ROUND12_FAMILIES, range(1))
    healthy = [c for c in built if c[1].accept == ("healthy",)]
    assert (len(built) - len(healthy), len(healthy)) == (FAULTY_R12, HEALTHY_R12)


def faults_per_family(families: tuple[str, ...], faulty: int, healthy: int, traced: int, least: int) -> dict[str, set]:
    """Check a round's families at one seed: `faulty` and `healthy` cases, `traced` faults a log can show over three
    seeds (the sorted batches leave no trace), every family with at least four healthy recipes and `least` faults;
    return each family's fault names."""
    built = cases(families, range(1))
    well = [c for c in built if c[1].accept == ("healthy",)]
    assert (len(built) - len(well), len(well)) == (faulty, healthy)  # x3 seeds: >= 100 and >= 50
    assert 3 * sum(1 for c in built if c[1].accept != ("healthy",) and c[1].name != "sorted_data") == traced
    assert {family for family, _, _ in well} == set(families)
    for family in families:
        assert sum(1 for f, fault, _ in well if f == family) >= 4
        assert sum(1 for f, fault, _ in built if f == family and fault.accept != ("healthy",)) >= least
    return {family: {fault.name for f, fault, _ in built if f == family} for family in families}


def test_round_13s_families_hold_the_cases_they_held_in_round_13() -> None:
    # at least four healthy recipes each (the MAE and the EGNN: no plain SGD, no small batch) and six faults (the MAE:
    # no labels to shuffle or sort by, no log in its MSE)
    faults_per_family(ROUND13_FAMILIES, FAULTY_R13, HEALTHY_R13, 126, 6)


def test_round_14s_families_hold_the_cases_they_held_in_round_14() -> None:
    # at least four healthy recipes each (MAML: no plain SGD) and five faults (Barlow Twins: no labels to overfit or
    # sort by, no log in its loss, blind to its inputs' and outputs' scale)
    faults_of = faults_per_family(ROUND14_FAMILIES, FAULTY_R14, HEALTHY_R14, 123, 5)
    assert {"random_labels", "corrupt_batches", "log_of_zero", "dead_relu"} <= faults_of["ppo"]
    assert {"overfitting", "sorted_data", "corrupt_batches", "deep_sigmoid"} <= faults_of["mixup"]


def test_round_15s_families_hold_the_cases_they_held_in_round_15() -> None:
    # at least four healthy recipes each (SAC, the triplet net and ESPCN: no plain SGD) and six faults (Deep SVDD: no
    # labels to shuffle or sort by, no log in its loss, no bias to kill)
    faults_of = faults_per_family(ROUND15_FAMILIES, FAULTY_R15, HEALTHY_R15, 126, 6)
    assert {"random_labels", "corrupt_batches", "log_of_zero", "dead_relu"} <= faults_of["sac"]
    assert {"hypersphere_collapse", "corrupt_batches", "deep_sigmoid"} <= faults_of["deep_svdd"]
    assert {"overfitting", "sorted_data", "log_of_zero", "random_labels"} <= faults_of["dann"]
    assert [f.name for f in FAULTS if "deep_svdd" in f.families][-1] == "hypersphere_collapse"


def test_round_16s_families_hold_the_cases_they_held_in_round_16() -> None:
    # at least four healthy recipes each (pix2pix and the heatmap net: no plain SGD) and five faults (SimSiam: no
    # labels to overfit or sort by, no log in its loss, blind to its inputs' and its rate's scale)
    faults_of = faults_per_family(ROUND16_FAMILIES, FAULTY_R16, HEALTHY_R16, 123, 5)
    assert {"representation_collapse", "deep_sigmoid", "dead_relu", "random_labels"} <= faults_of["simsiam"]
    assert {"overfitting", "sorted_data", "log_of_zero", "corrupt_batches"} <= faults_of["captioning"]
    assert {"log_of_zero", "corrupt_batches", "random_labels"} <= faults_of["depth"] & faults_of["tts_mel"]
    assert [f.name for f in FAULTS if "simsiam" in f.families][-1] == "representation_collapse"


def test_round_17s_families_hold_the_cases_they_held_in_round_17() -> None:
    # at least four healthy recipes each (ArcFace, style transfer, YOLO, DKT: no plain SGD; YOLO: no small batch;
    # ArcFace: no warmup-cosine) and six faults (style transfer: no labels to shuffle, no log in its losses, no MLP,
    # nothing to memorise)
    faults_of = faults_per_family(ROUND17_FAMILIES, FAULTY_R17, HEALTHY_R17, 120, 6)
    assert {"log_of_zero", "random_labels", "deep_sigmoid", "dead_relu"} <= faults_of["arcface"]
    assert {"log_of_zero", "random_labels", "corrupt_batches"} <= faults_of["optical_flow"]
    assert {"corrupt_batches", "deep_sigmoid", "dead_relu"} <= faults_of["flow_matching"]
    assert {"corrupt_batches", "dead_relu", "lr_too_low"} <= faults_of["style_transfer"]
    assert {"overfitting", "log_of_zero", "random_labels"} <= faults_of["yolo"]
    assert {"overfitting", "random_labels", "deep_sigmoid"} <= faults_of["dkt"] and "log_of_zero" not in faults_of[
        "dkt"
    ]


def test_round_7s_families_hold_enough_cases_per_seed() -> None:
    built = cases(ROUND7_FAMILIES, range(1))
    healthy = [c for c in built if c[1].accept == ("healthy",)]
    assert (len(built) - len(healthy), len(healthy)) == (42, 36)  # x3 seeds: >= 100 and >= 50
    assert {family for family, _, _ in healthy} == set(ROUND7_FAMILIES)
    assert {family for family, _, _ in built if family in ROUND7_FAMILIES} == set(ROUND7_FAMILIES)


def test_round_6s_second_look_holds_its_cases_per_seed() -> None:
    built = cases(ROUND6B_FAMILIES, range(1))
    healthy = [c for c in built if c[1].accept == ("healthy",)]
    assert (len(built) - len(healthy), len(healthy)) == (48, 34)  # x3 seeds: >= 100 and >= 50
    assert {family for family, _, _ in healthy} == set(ROUND6B_FAMILIES)


def test_round_6s_first_families_hold_their_cases_per_seed() -> None:
    built = cases(ROUND6_FAMILIES, range(1))
    healthy = [c for c in built if c[1].accept == ("healthy",)]
    assert (len(built) - len(healthy), len(healthy)) == (43, 33)  # x3 seeds: >= 100 and >= 50
    assert {family for family, _, _ in healthy} == set(ROUND6_FAMILIES)


def test_round_5s_families_hold_their_cases_per_seed() -> None:
    built = cases(ROUND5_FAMILIES, range(1))
    healthy = [c for c in built if c[1].accept == ("healthy",)]
    assert (len(built) - len(healthy), len(healthy)) == (55, 42)  # x3 seeds: >= 100 faulty and 50 healthy
    assert {family for family, _, _ in healthy} == set(ROUND5_FAMILIES)


def test_round_4s_families_hold_their_cases_per_seed() -> None:
    built = cases(ROUND4_FAMILIES, range(1))
    healthy = [c for c in built if c[1].accept == ("healthy",)]
    assert (len(built) - len(healthy), len(healthy)) == (39, 36)


def test_the_new_families_hold_enough_healthy_and_faulty_cases_per_seed() -> None:
    built = cases(NEW_FAMILIES, range(1))
    healthy = [c for c in built if c[1].accept == ("healthy",)]
    assert (len(built) - len(healthy), len(healthy)) == (43, 37)
    assert {family for family, _, _ in healthy} == set(NEW_FAMILIES)


def test_a_gan_with_its_noise_drawn_at_a_hundredth_of_its_scale_collapses(tmp_path: Path) -> None:
    case = one_case(tmp_path, "gan", "mode_collapse")
    assert (case["split"], case["accept"], case["fault_occurred"]) == ("tuning", ["mode_collapse"], True)
    naming = next(n for n in NAMINGS if n["d_loss"] in logged_names(tmp_path, case))
    assert {naming["g_loss"], naming["d_loss"], naming["modes"], naming["fake_std"]} <= logged_names(tmp_path, case)
    assert naming["loss"] not in logged_names(tmp_path, case)  # a GAN's training loss is its generator's


def test_a_pinn_at_200x_its_sgd_learning_rate_goes_non_finite_and_logs_its_loss_components(tmp_path: Path) -> None:
    case = one_case(tmp_path, "pinn", "lr_too_high_sgd")
    assert case["fault_occurred"], case["fault_check"]
    assert case["fault_check"].startswith("20 non-finite")  # the loop stops after twenty non-finite steps
    naming = next(n for n in NAMINGS if n["pde_loss"] in logged_names(tmp_path, case))
    assert {naming["pde_loss"], naming["bc_loss"]} <= logged_names(tmp_path, case)


def test_a_gcn_on_an_easy_graph_reaches_near_zero_loss_and_passes_the_healthy_check(tmp_path: Path) -> None:
    case = one_case(tmp_path, "gnn", "healthy_easy")
    first, last = (float(v) for v in re.findall(r"([\d.e-]+) in the (?:first|last)", case["fault_check"]))
    assert case["fault_occurred"] and case["accept"] == ["healthy"] and case["classes"] == 4
    assert last < 0.05 * first  # ~0: the easy healthy runs the issue asks for


def test_a_flow_on_an_easy_gaussian_ends_at_a_negative_nll_and_passes_its_nats_check(tmp_path: Path) -> None:
    case = one_case(tmp_path, "flow", "healthy_easy")
    first, last = (float(v) for v in re.findall(r"(-?[\d.e+-]+) in the (?:first|last)", case["fault_check"]))
    assert case["fault_occurred"] and case["split"] == "tuning" and case["accept"] == ["healthy"]
    assert first > 0 > last  # an NLL in nats goes below 0: the checks count nats (NLL_FALL), not ratios


def test_a_flow_density_taken_as_a_half_precision_probability_hits_log_of_zero(tmp_path: Path) -> None:
    case = one_case(tmp_path, "flow", "log_of_zero")
    assert case["fault_occurred"] and case["fault_check"].endswith("20 non-finite")
    assert case["accept"] == ["numerical_instability"]


def test_a_mixture_of_experts_logs_its_load_balance_loss_beside_the_cross_entropy(tmp_path: Path) -> None:
    case = one_case(tmp_path, "moe", "log_of_zero")
    naming = next(n for n in NAMINGS if n["balance_loss"] in logged_names(tmp_path, case))
    names = logged_names(tmp_path, case)
    assert {naming["loss"], naming["ce_loss"], naming["balance_loss"], naming["val_acc"]} <= names
    assert case["fault_occurred"] and case["classes"] == 4


def test_a_contrastive_encoder_with_dead_units_sits_at_infonces_chance_level_ln_2b_minus_1(tmp_path: Path) -> None:
    case = one_case(tmp_path, "contrastive", "dead_relu")
    first, last = (float(v) for v in re.findall(r"\d[\d.e+-]*", case["fault_check"]))
    assert case["fault_occurred"] and case["classes"] is None  # the loss's K is the batch's views, not classes
    assert abs(first - math.log(2 * BATCH - 1)) < 0.01 and abs(last - math.log(2 * BATCH - 1)) < 0.01


def test_a_triplet_loss_with_distances_by_hand_goes_nan_when_a_positive_is_its_own_anchor(tmp_path: Path) -> None:
    case = one_case(tmp_path, "siamese", "log_of_zero")
    assert case["fault_occurred"] and case["fault_check"] == "20 non-finite losses"
    assert (case["split"], case["accept"], case["classes"]) == ("tuning", ["numerical_instability"], None)


def test_a_detector_logs_its_total_loss_and_both_components_and_its_hand_softmax_goes_non_finite(
    tmp_path: Path,
) -> None:
    case = one_case(tmp_path, "detector", "log_of_zero")
    names = logged_names(tmp_path, case)
    naming = next(n for n in NAMINGS if n["box_loss"] in names)
    assert {naming["cls_loss"], naming["box_loss"], naming["val_acc"], naming["val_iou"]} <= names
    assert loss_named(naming, "total_loss") in names
    assert case["fault_occurred"] and case["classes"] == 4


def test_a_healthy_reinforce_policy_logs_a_loss_around_zero_and_a_reward_that_rises() -> None:
    logged, task = train("policy", Recipe(), FAMILIES.index("policy"))
    loss, reward, entropy = logged.series("loss"), logged.series("reward"), logged.series("entropy")
    assert min(loss) < 0 < max(loss)  # a policy-gradient loss with a baseline goes negative
    assert len(reward) == len(loss) == len(entropy)
    assert sum(reward[:10]) / 10 < 0.4 and logged.series("val_reward")[-1] > 0.85  # chance 0.3, the best 0.9
    assert entropy[0] > 0.95 * math.log(4) and entropy[-1] < 0.3  # from near uniform over 4 arms to near certain
    assert task.classes is None


def test_a_recommenders_sigmoid_by_hand_in_half_precision_hits_log_of_zero_and_its_chance_is_ln_2(
    tmp_path: Path,
) -> None:
    case = one_case(tmp_path, "recsys", "log_of_zero")
    assert case["fault_occurred"] and case["fault_check"] == "20 non-finite losses"
    assert (case["split"], case["accept"], case["classes"]) == ("tuning", ["numerical_instability"], 2)


def test_a_distilled_student_logs_its_total_as_the_weighted_kl_and_hard_label_terms() -> None:
    logged, task = train("distill", Recipe(steps=40), FAMILIES.index("distill"))
    for row in logged.rows:
        assert math.isclose(row["loss"], 0.5 * row["kd_loss"] + 0.5 * row["ce_loss"], rel_tol=1e-5)
    assert task.classes == 4 and "val_acc" in logged.rows[-1]


def test_a_multitask_run_logs_its_total_as_the_sum_of_its_two_heads_losses() -> None:
    logged, task = train("multitask", Recipe(steps=40), FAMILIES.index("multitask"))
    for row in logged.rows:
        assert math.isclose(row["loss"], row["ce_loss"] + row["mse_loss"], rel_tol=1e-5)
    assert {"val_loss", "val_acc", "val_mse"} <= set(logged.rows[-1]) and task.kind == "multitask"


def test_the_ctc_character_error_rate_decodes_greedily_merging_repeats_and_dropping_blanks() -> None:
    import torch

    frames = [0, 2, 2, 0, 2, 3, 3, 1]  # blank, 2, 2 (merged), blank, 2 (a new one after the blank), 3, 3, 1
    out = torch.nn.functional.one_hot(torch.tensor([frames, [0] * 8]), 6).float()
    labels = torch.tensor([[2, 2, 3, 1], [1, 2, 3, 4]])
    assert char_error_rate(out, labels) == 4 / 8  # the first decoded exactly; the second nothing: 4 deletions


def test_a_ctc_models_log_softmax_by_hand_goes_non_finite_and_its_loss_is_named_by_its_kind(tmp_path: Path) -> None:
    case = one_case(tmp_path, "ctc", "log_of_zero")
    assert case["fault_occurred"] and case["fault_check"] == "20 non-finite losses"
    assert case["classes"] is None  # a CTC loss has no ln K
    naming, names = naming_of(tmp_path, case)
    assert loss_named(naming, "ctc_loss") in names


def test_a_healthy_dqn_learns_to_reach_the_goal_and_logs_its_return_and_exploration_rate() -> None:
    logged, task = train("dqn", Recipe(), FAMILIES.index("dqn"))
    greedy = logged.series("val_reward")
    assert math.isclose(greedy[0], -0.5) and math.isclose(greedy[-1], 0.86)  # 25 moves never reaching it; the best
    assert logged.series("epsilon")[0] > 0.99 and logged.series("epsilon")[-1] == 0.05
    assert len(logged.series("reward")) > 0.9 * len(logged.rows) and task.classes is None


def test_a_pointnet_is_blind_to_the_order_of_its_points() -> None:
    import torch

    task = make_task("pointnet", 0)
    model = make_model("pointnet", Recipe(), 0)
    clouds = task.x[:4]
    shuffled = clouds[:, torch.randperm(clouds.shape[1])]
    assert torch.allclose(model(clouds), model(shuffled), atol=1e-6) and task.x.shape[1:] == (32, 3)


def logits_around_an_edit(family: str, vocab: int) -> tuple[Any, Any]:
    """A language model's logits on two of its task's sequences, before and after the token at position 20 changes:
    a causal model's logits before position 20 stay as they were."""
    task = make_task(family, 0)
    model = make_model(family, Recipe(), 0)
    tokens = task.x[:2].clone()
    before = model(tokens)
    tokens[:, 20] = (tokens[:, 20] + 1) % vocab
    return before, model(tokens)


def test_a_wavenets_convolutions_are_causal_and_its_rule_reads_the_token_eight_back() -> None:
    before, after = logits_around_an_edit("wavenet", 10)
    assert (before[:, :20] == after[:, :20]).all() and not (before[:, 20:] == after[:, 20:]).all()
    task = make_task("wavenet", 0)
    seq = [*task.x[0].tolist(), int(task.y[0, -1])]
    ruled = sum(1 for t in range(8, len(seq)) if seq[t] == (seq[t - 8] + 1) % 10)
    assert ruled > 0.75 * (len(seq) - 8)  # a fifth are drawn at random instead (one in ten of those by the rule)


def test_lora_trains_only_its_adapters_and_head_and_starts_at_the_frozen_bases_outputs() -> None:
    model = make_model("lora", Recipe(), 0)
    trainable = {name for name, p in model.named_parameters() if p.requires_grad}
    adapters = {f"{layer}.{m}" for layer in ("q", "v", "ff1", "ff2") for m in ("a", "b")}
    assert trainable == adapters | {"head.weight", "head.bias"}
    assert all(getattr(model, layer).b.abs().max().item() == 0 for layer in ("q", "v", "ff1", "ff2"))


def test_a_lora_classifiers_softmax_by_hand_goes_non_finite(tmp_path: Path) -> None:
    case = one_case(tmp_path, "lora", "log_of_zero")
    assert case["fault_occurred"] and case["fault_check"] == "20 non-finite losses"
    assert (case["split"], case["accept"], case["classes"]) == ("tuning", ["numerical_instability"], 4)


def test_a_coordinate_mlp_logs_its_psnr_and_a_batch_of_pixels_in_0_255_spikes_its_loss() -> None:
    fault = next(f for f in FAULTS if f.name == "corrupt_batches")
    seed = FAMILIES.index("nerf")
    logged, task = train("nerf", fault.recipe, seed)
    rows = logged.rows
    for row in rows:
        assert math.isclose(row["psnr"], -10 * math.log10(row["loss"]), rel_tol=1e-6)
    spikes = [
        row["step"] for before, row in zip(rows[:-1], rows[1:], strict=True) if row["loss"] > 100 * before["loss"]
    ]
    assert spikes == sorted(random.Random(seed).sample(range(30, 280), 4))  # the four corrupt batches, no other
    assert task.kind == "field" and task.classes is None and "val_psnr" in logged.rows[-1]


def test_a_gat_attends_over_neighbours_only() -> None:
    import torch

    task = make_task("gat", 0)
    model = make_model("gat", Recipe(), 0, task)
    mask, features = task.extra["mask"], task.extra["features"]
    node = 0
    stranger = int((~mask[node]).nonzero()[0])
    before = model.layer1(features, mask)[node]
    changed = features.clone()
    changed[stranger] += 10.0
    assert torch.allclose(before, model.layer1(changed, mask)[node])
    neighbour = next(int(j) for j in mask[node].nonzero().squeeze(1) if int(j) != node)
    changed[neighbour] += 10.0
    assert not torch.allclose(before, model.layer1(changed, mask)[node])


def test_a_tabtransformers_corrupt_batch_scales_its_numeric_columns_and_keeps_its_category_ids() -> None:
    task = make_task("tabtransformer", 0)
    batch = task.x[:8]
    bad = corrupt("tabtransformer", batch)
    cards = len(TT_CARDS)
    assert (bad[:, :cards] == batch[:, :cards]).all() and (bad[:, cards:] == 100 * batch[:, cards:]).all()
    assert set(ROUND6B_FAMILIES) <= {family for family, _, _ in cases(FAMILIES, range(1))}


def test_byols_target_is_an_ema_of_its_online_encoder_outside_the_optimizer() -> None:
    import torch

    model = make_model("byol", Recipe(), 0)
    trainable = {name.split(".")[0] for name, p in model.named_parameters() if p.requires_grad}
    assert trainable == {"encoder", "predictor"}
    before = [p.clone() for p in model.target.parameters()]
    with torch.no_grad():
        for p in model.encoder.parameters():
            p.add_(1.0)
    model.update_target()
    for old, new in zip(before, model.target.parameters(), strict=True):
        assert torch.allclose(new, old + 0.01, atol=1e-6)  # (1 - BYOL_TAU) of the online step


def test_a_byol_encoder_with_dead_units_leaves_its_linear_probe_at_chance(tmp_path: Path) -> None:
    case = one_case(tmp_path, "byol", "dead_relu")
    assert case["fault_occurred"], case["fault_check"]
    assert case["fault_check"].endswith("probe accuracy best 0.25, last 0.25")  # every input one vector
    assert (case["split"], case["classes"]) == ("tuning", None)


def test_a_vq_vae_logs_its_total_as_reconstruction_plus_codebook_terms_and_its_codes_perplexity() -> None:
    logged, task = train("vqvae", Recipe(steps=40), FAMILIES.index("vqvae"))
    for row in logged.rows:
        assert math.isclose(row["loss"], row["recon_loss"] + row["vq_loss"], rel_tol=1e-5)
        assert 1.0 <= row["perplexity"] <= VQ_CODES
    assert {"val_loss", "val_recon", "val_perplexity"} <= set(logged.rows[-1]) and task.kind == "vq"


def test_a_state_space_lms_convolution_is_causal_and_its_hand_softmax_goes_non_finite(tmp_path: Path) -> None:
    before, after = logits_around_an_edit("ssm_lm", 16)
    assert torch_close(before[:, :20], after[:, :20]) and not torch_close(before[:, 20:], after[:, 20:])
    case = one_case(tmp_path, "ssm_lm", "log_of_zero")
    assert case["fault_occurred"] and case["fault_check"] == "21 non-finite losses"
    assert (case["split"], case["accept"], case["classes"]) == ("tuning", ["numerical_instability"], 16)


def torch_close(a: object, b: object) -> bool:
    import torch

    assert isinstance(a, torch.Tensor) and isinstance(b, torch.Tensor)
    return torch.allclose(a, b, atol=1e-6)


def test_deep_sets_are_blind_to_the_order_of_a_sets_elements() -> None:
    import torch

    task = make_task("deepsets", 0)
    model = make_model("deepsets", Recipe(), 0)
    sets = task.x[:4]
    assert torch_close(model(sets), model(sets[:, torch.randperm(sets.shape[1])]))
    assert task.x.shape[1:] == (16, 2) and task.y.shape[1:] == (1,)


def test_a_forecaster_logs_its_mae_by_name_with_its_smape_and_passes_its_healthy_check(tmp_path: Path) -> None:
    case = one_case(tmp_path, "forecast", "healthy")
    assert case["fault_occurred"], case["fault_check"]
    naming, names = naming_of(tmp_path, case)
    assert {naming["smape"], naming["val_smape"]} <= names
    assert loss_named(naming, "mae") in names
    best, base = (float(v) for v in re.findall(r"best ([\d.]+).*constant's ([\d.]+)", case["fault_check"])[0])
    assert best < 0.5 * base  # it learned: below half the best constant's error


def test_a_ranknets_logit_flips_sign_when_its_pair_is_swapped_and_its_hand_sigmoid_hits_log_of_zero(
    tmp_path: Path,
) -> None:
    task = make_task("ranknet", 0)
    model = make_model("ranknet", Recipe(), 0)
    pairs = task.x[:8]
    assert torch_close(model(pairs), -model(pairs.flip(1)))
    case = one_case(tmp_path, "ranknet", "log_of_zero")
    assert case["fault_occurred"] and case["fault_check"] == "20 non-finite losses"
    assert (case["split"], case["accept"], case["classes"]) == ("tuning", ["numerical_instability"], 2)


def test_a_perceivers_latents_read_the_input_as_a_set_of_tokens() -> None:
    import torch

    task = make_task("perceiver", 0)
    model = make_model("perceiver", Recipe(), 0)
    tokens = task.x[:4]
    assert torch_close(model(tokens), model(tokens[:, torch.randperm(tokens.shape[1])]))
    assert task.x.shape[1:] == (48, 8) and model.latents.shape == (8, 32)  # 8 queries over 48 tokens


def test_a_sparse_autoencoder_logs_its_reconstruction_l1_and_live_latents_and_dead_latents_learn_nothing(
    tmp_path: Path,
) -> None:
    logged, task = train("sae", Recipe(steps=40), FAMILIES.index("sae"))
    for row in logged.rows:
        assert math.isclose(row["loss"], row["recon_loss"] + 3e-3 * row["l1_loss"], rel_tol=1e-5)
        assert 0 < row["live_frac"] <= 1
    assert {"val_loss", "val_recon", "val_live"} <= set(logged.rows[-1]) and task.kind == "sae"
    case = one_case(tmp_path, "sae", "dead_relu")
    assert case["fault_occurred"], case["fault_check"]
    assert (case["split"], case["classes"]) == ("tuning", None)
    naming, names = naming_of(tmp_path, case)
    assert {naming["l1_loss"], naming["live_frac"], naming["val_live"], naming["val_recon"]} <= names


def test_a_dead_sparse_autoencoder_has_no_live_latent() -> None:
    fault = next(f for f in FAULTS if f.name == "dead_relu")
    logged, _ = train("sae", replace(fault.recipe, steps=20), FAMILIES.index("sae"))
    assert set(logged.series("live_frac")) == {0.0}  # every latent's bias at -8: none ever fires


def test_an_mdns_nll_by_hand_equals_its_log_sum_exp_until_half_precision_underflows() -> None:
    import torch

    out = torch.tensor([[0.0, 1.0, 0.2, 0.8, -1.0, -2.0]])  # two components: logits, means, log stds
    y = torch.tensor([[0.3]])
    exact = mdn_nll(out, y, Recipe())
    assert math.isclose(float(exact), float(mdn_nll(out, y, Recipe(log_softmax_by_hand=True))), abs_tol=1e-3)
    far = torch.tensor([[5.0]])  # 13 and 31 standard deviations from the two means: fp16 rounds the density to 0
    assert math.isfinite(float(mdn_nll(out, far, Recipe())))
    assert float(mdn_nll(out, far, Recipe(log_softmax_by_hand=True))) == math.inf


def test_an_mdn_logs_its_nll_by_name_and_learns_a_multimodal_density(tmp_path: Path) -> None:
    case = one_case(tmp_path, "mdn", "healthy")
    assert case["fault_occurred"], case["fault_check"]
    naming, names = naming_of(tmp_path, case)
    assert loss_named(naming, "nll") in names
    best, bar = (float(v) for v in re.findall(r"val NLL best (-?[\d.]+).*below (-?[\d.]+)", case["fault_check"])[0])
    assert best < bar  # 0.5 nats below the best single Gaussian's NLL


def test_a_neural_odes_rk4_integrates_a_constant_field_exactly() -> None:
    import torch

    model = make_model("node", Recipe(), 0)
    with torch.no_grad():  # dh/dt = c: h(1) = h(0) + c
        last = model.field[-1]
        last.weight.zero_()
        last.bias.copy_(torch.arange(8.0))
    x = make_task("node", 0).x[:3]
    assert torch_close(model(x), model.head(model.lift(x) + torch.arange(8.0)))


def test_a_neural_ode_with_dead_units_sits_at_chance(tmp_path: Path) -> None:
    case = one_case(tmp_path, "node", "dead_relu")
    first, last = (float(v) for v in re.findall(r"[\d.]+(?:e[+-]\d+)?", case["fault_check"]))
    assert case["fault_occurred"] and case["classes"] == 4
    assert first > 2 * math.log(4) and abs(last - math.log(4)) < 0.05  # far above ln 4 at the start, then ln 4


def test_a_hypernetwork_generates_each_tasks_own_weights() -> None:
    import torch

    task = make_task("hypernet", 0)
    model = make_model("hypernet", Recipe(), 0)
    x = torch.tensor([[0.0, 0.5], [1.0, 0.5], [1.0, -0.5]])
    before = model(x)
    assert not torch_close(before[0], before[1])  # one input, two tasks: two target networks
    with torch.no_grad():
        model.tasks.weight[0].add_(1.0)  # task 0's embedding changes; task 1's network does not
    after = model(x)
    assert not torch_close(before[0], after[0]) and torch_close(before[1:], after[1:])
    assert int(task.x[:, 0].max()) == 23 and task.kind == "regress"


def test_a_hypernetworks_corrupt_batch_is_its_targets_x100(tmp_path: Path) -> None:
    case = one_case(tmp_path, "hypernet", "corrupt_batches")
    peak, median = (float(v) for v in re.findall(r"[\d.]+(?:e[+-]\d+)?", case["fault_check"]))
    assert case["fault_occurred"] and peak > 1000 * median


def test_a_convlstm_with_its_recurrent_kernel_scaled_up_blows_up(tmp_path: Path) -> None:
    import torch

    task = make_task("convlstm", 0)
    assert task.x.shape[1:] == (4, 1, 8, 8) and task.y.shape[1:] == (1, 8, 8)
    plain, scaled = make_model("convlstm", Recipe(), 0), make_model("convlstm", Recipe(recurrent_gain=6.0), 0)
    assert torch_close(6 * plain.gates.weight[:, 1:], scaled.gates.weight[:, 1:])
    assert torch.equal(plain.gates.weight[:, :1], scaled.gates.weight[:, :1])  # the frame's half untouched
    case = one_case(tmp_path, "convlstm", "exploding_recurrence")
    assert case["fault_occurred"] and "20 non-finite" in case["fault_check"]
    assert case["accept"] == ["exploding_gradients", "lr_too_high", "numerical_instability"]


def test_a_kan_edge_is_a_silu_base_plus_learned_rbfs_and_its_corrupt_batch_spikes(tmp_path: Path) -> None:
    import torch

    model = make_model("kan", Recipe(), 0)
    layer = model[0]
    with torch.no_grad():
        layer.coef.zero_()  # no RBF: the layer is its SiLU base
        x = torch.tensor([[0.3, -0.7]])
        assert torch_close(layer(x), layer.base(torch.nn.functional.silu(x)))
        layer.coef[0, 1, 3] = 2.0  # one RBF on the edge from input 1 to node 0, centred at -2 + 3 * 4 / 7
        bump = 2.0 * math.exp(-(((-0.7 - (-2 + 12 / 7)) / (4 / 7)) ** 2))
        assert math.isclose(float(layer(x)[0, 0] - layer.base(torch.nn.functional.silu(x))[0, 0]), bump, rel_tol=1e-5)
    case = one_case(tmp_path, "kan", "corrupt_batches")
    peak, median = (float(v) for v in re.findall(r"[\d.]+(?:e[+-]\d+)?", case["fault_check"]))
    assert case["fault_occurred"] and peak > 10 * median and case["split"] == "tuning"


def test_a_capsule_nets_scores_are_bounded_capsule_lengths_and_its_hand_softmax_overflows(tmp_path: Path) -> None:
    from make_family_casebook import CAPS_SCALE

    task = make_task("capsnet", 0)
    scores = make_model("capsnet", Recipe(), 0)(task.x[:8]).detach()
    assert scores.shape == (8, 4) and float(scores.min()) >= 0 and float(scores.max()) <= CAPS_SCALE
    case = one_case(tmp_path, "capsnet", "log_of_zero")
    assert case["fault_occurred"] and case["accept"] == ["numerical_instability"] and case["classes"] == 4


def test_a_linear_attention_lm_is_causal() -> None:

    task = make_task("linear_attn", 0)
    model = make_model("linear_attn", Recipe(), 0)
    tokens = task.x[:2].clone()
    before = model(tokens)
    tokens[:, 9] = (tokens[:, 9] + 1) % 12
    after = model(tokens)
    assert torch_close(before[:, :9], after[:, :9]) and not torch_close(before[:, 9:], after[:, 9:])


def test_a_pixelcnn_sees_only_the_pixels_before_each_one_and_logs_bits_per_dimension() -> None:

    task = make_task("pixelcnn", 0)
    model = make_model("pixelcnn", Recipe(), 0)
    images = task.x[:2].clone()
    before = model(images)
    images[:, 0, 3, 4] = 1 - images[:, 0, 3, 4]  # pixel 3 * 8 + 4 = 28
    after = model(images)
    assert before.shape == (2, 64, 4) and task.y.shape[1:] == (64,)
    assert torch_close(before[:, :29], after[:, :29]) and not torch_close(before[:, 29:], after[:, 29:])
    logged, _ = train("pixelcnn", Recipe(steps=20), FAMILIES.index("pixelcnn"))
    for row in logged.rows:
        assert math.isclose(row["bpd"], row["loss"] / math.log(2), rel_tol=1e-9)
    assert math.isclose(logged.rows[-1]["val_bpd"], logged.rows[-1]["val_loss"] / math.log(2), rel_tol=1e-9)


def test_a_tsmixer_forecasts_every_channel_and_learns(tmp_path: Path) -> None:
    task = make_task("tsmixer", 0)
    assert task.x.shape[1:] == (24, 3) and task.y.shape[1:] == (4, 3) and task.kind == "regress"
    case = one_case(tmp_path, "tsmixer", "healthy")
    assert case["fault_occurred"], case["fault_check"]
    best, base = (float(v) for v in re.findall(r"val error best ([\d.]+).*constant's ([\d.]+)", case["fault_check"])[0])
    assert best < 0.5 * base
    sorted_case = one_case(tmp_path / "sorted", "tsmixer", "sorted_data")  # sorted by its first target's first value
    assert sorted_case["fault_occurred"] and sorted_case["accept"] == ["data_issue", "loss_oscillation"]


def test_a_set_transformer_is_permutation_invariant() -> None:
    import torch

    task = make_task("set_transformer", 0)
    model = make_model("set_transformer", Recipe(), 0).eval()
    sets = task.x[:4]
    with torch.no_grad():
        assert torch_close(model(sets), model(sets[:, torch.randperm(sets.shape[1])]))
    assert sets.shape[1:] == (16, 2) and task.classes == 4


def test_a_spiking_neuron_fires_as_a_step_and_learns_through_its_fast_sigmoid_surrogate() -> None:
    import torch
    from make_family_casebook import SNN_SLOPE, SpikingNet

    v = torch.tensor([0.5, 0.99, 1.01, 3.0], requires_grad=True)
    spikes = SpikingNet.spike(v)
    assert spikes.tolist() == [0.0, 0.0, 1.0, 1.0]
    spikes.sum().backward()
    assert v.grad is not None
    expected = [1 / (1 + SNN_SLOPE * abs(x - 1.0)) ** 2 for x in (0.5, 0.99, 1.01, 3.0)]
    assert all(math.isclose(g, e, rel_tol=1e-5) for g, e in zip(v.grad.tolist(), expected, strict=True))
    task = make_task("snn", 0)
    assert task.x.shape[1:] == (20, 16) and set(task.x.unique().tolist()) == {0.0, 1.0} and task.classes == 4
    logged, _ = train("snn", Recipe(steps=3), FAMILIES.index("snn"))
    assert all(0 < row["spike_rate"] < 1 for row in logged.rows)
    silent, _ = train("snn", Recipe(steps=3, dead_bias=-8.0), FAMILIES.index("snn"))
    assert [row["spike_rate"] for row in silent.rows] == [0.0, 0.0, 0.0]  # a bias of -8: no neuron ever fires


def test_a_cnp_reads_only_its_context_points_and_its_nll_is_a_gaussians(tmp_path: Path) -> None:
    import torch
    from make_family_casebook import CNP_CONTEXT, cnp_nll

    task = make_task("cnp", 0)
    model = make_model("cnp", Recipe(), 0).eval()
    points = task.x[:3].clone()
    assert float(points[:, CNP_CONTEXT:, 1].abs().sum()) == 0  # the targets' values are not in the input
    with torch.no_grad():
        before = model(points)
        shuffled = points.clone()
        shuffled[:, :CNP_CONTEXT] = points[:, torch.randperm(CNP_CONTEXT)]
        assert torch_close(before, model(shuffled))  # the context is a set
        points[:, 0, 1] += 1.0
        assert not torch_close(before, model(points))
        out = model(task.x[:3])
        mu, raw = out.unbind(-1)
        sigma = 0.1 + 0.9 * torch.nn.functional.softplus(raw)
        want = -torch.distributions.Normal(mu, sigma).log_prob(task.y[:3]).mean()
        assert torch_close(cnp_nll(out, task.y[:3], Recipe()), want)
    case = one_case(tmp_path, "cnp", "corrupt_batches")
    assert case["fault_occurred"] and case["split"] == "tuning" and case["classes"] is None
    naming, names = naming_of(tmp_path, case)
    assert loss_named(naming, "nll") in names


def test_a_deep_and_cross_network_logs_logloss_and_auc_and_corrupts_its_numeric_fields(tmp_path: Path) -> None:
    import torch
    from make_family_casebook import DCN_CARDS, roc_auc

    assert roc_auc(torch.tensor([0.1, 0.4, 0.35, 0.8]), torch.tensor([0.0, 0.0, 1.0, 1.0])) == 0.75
    task = make_task("dcn", 0)
    assert task.kind == "click" and math.isclose(float(task.y.mean()), 0.25, abs_tol=0.02)
    xb = task.x[:4]
    bad = corrupt("dcn", xb)
    fields = len(DCN_CARDS)
    assert torch.equal(bad[:, :fields], xb[:, :fields]) and torch.equal(bad[:, fields:], 100 * xb[:, fields:])
    case = one_case(tmp_path, "dcn", "healthy")
    assert case["fault_occurred"], case["fault_check"]
    assert (case["split"], case["classes"]) == ("tuning", 2)
    naming, names = naming_of(tmp_path, case)
    assert naming["val_auc"] in names and loss_named(naming, "logloss") in names


def test_a_deq_reaches_its_fixed_point_and_blows_up_when_its_map_expands(tmp_path: Path) -> None:
    import torch
    from make_family_casebook import DEQ_TOL

    task = make_task("deq", 0)
    model = make_model("deq", Recipe(), 0)
    with torch.no_grad():
        model(task.x[:64])
        assert model.residual < DEQ_TOL
    logged, _ = train("deq", Recipe(steps=3), FAMILIES.index("deq"))
    assert all(row["residual"] < DEQ_TOL for row in logged.rows)
    case = one_case(tmp_path, "deq", "exploding_recurrence")
    assert case["fault_occurred"] and "20 non-finite" in case["fault_check"]
    assert case["accept"] == ["exploding_gradients", "lr_too_high", "numerical_instability"]


def test_a_graph_transformer_is_blind_to_node_order_and_its_shapes_are_the_four_graphs() -> None:
    import torch
    from make_family_casebook import GT_NODES, graph_shapes

    x, y = graph_shapes(torch.Generator().manual_seed(0), 8, 0.0)
    degrees = x[..., :GT_NODES].sum(2)
    for graph, shape in zip(degrees, y.tolist(), strict=True):  # ring, star, two joined cliques, 3 x 4 grid
        want = {0: [2] * 12, 1: [1] * 11 + [11], 2: [5] * 10 + [6, 6], 3: [2] * 4 + [3] * 6 + [4] * 2}[shape]
        assert sorted(int(d) for d in graph) == want
    task = make_task("graph_transformer", 0)
    model = make_model("graph_transformer", Recipe(), 0).eval()
    graphs = task.x[:4]
    perm = torch.randperm(GT_NODES)
    moved = torch.cat([graphs[:, perm][:, :, perm], graphs[:, perm, GT_NODES:]], 2)
    with torch.no_grad():
        assert torch.allclose(model(graphs), model(moved), atol=1e-5)


def test_an_ebm_samples_down_its_energy_and_a_flat_energy_tells_nothing_from_noise(tmp_path: Path) -> None:
    import torch
    from make_family_casebook import langevin, roc_auc

    model = make_model("ebm", Recipe(), 0)
    start = 3 * (2 * torch.rand(256, 2, generator=torch.Generator().manual_seed(1)) - 1)
    moved = langevin(model, start, torch.Generator().manual_seed(2))
    with torch.no_grad():
        assert float(model(moved).mean()) < float(model(start).mean())  # the chains go down the energy
    assert roc_auc(torch.zeros(6), torch.tensor([1.0, 1.0, 1.0, 0.0, 0.0, 0.0])) == 0.5  # ties count a half
    case = one_case(tmp_path, "ebm", "lr_too_high_sgd")
    assert case["fault_occurred"] and "20 non-finite" in case["fault_check"] and case["classes"] is None
    naming, names = naming_of(tmp_path, case)
    assert naming["energy_gap"] in names and naming["val_auc"] in names
    assert loss_named(naming, "cd_loss") in names


def test_clips_logit_scale_starts_at_1_over_0_07_is_clamped_at_100_and_its_hand_softmax_overflows(
    tmp_path: Path,
) -> None:
    import torch
    from make_family_casebook import CLIP_POOL, clip_loss

    task = make_task("clip", 0)
    model = make_model("clip", Recipe(), 0)
    assert math.isclose(float(model.logit_scale.detach().exp()), 1 / 0.07, rel_tol=1e-6)
    with torch.no_grad():
        model.logit_scale.fill_(10.0)
    model.clamp_scale()  # after each step, as OpenCLIP does
    assert math.isclose(float(model.logit_scale.detach().exp()), 100.0, rel_tol=1e-5)
    logits = model(task.x[:8], task.y[:8]).detach()
    ce = torch.nn.functional.cross_entropy
    assert torch_close(clip_loss(logits, Recipe()), (ce(logits, torch.arange(8)) + ce(logits.T, torch.arange(8))) / 2)
    assert float(logits.max()) > 11.1  # exp overflows half precision: the hand softmax is inf / inf
    assert math.isnan(float(clip_loss(logits, Recipe(log_softmax_by_hand=True))))
    case = one_case(tmp_path, "clip", "healthy")
    assert case["fault_occurred"] and (case["split"], case["classes"]) == ("tuning", None)
    assert float(re.findall(r"R@1 best [\d.]+, last ([\d.]+)", case["fault_check"])[0]) > 50 / CLIP_POOL
    naming, names = naming_of(tmp_path, case)
    assert {naming["logit_scale"], naming["val_r1"]} <= names
    assert loss_named(naming, "contrastive_loss") in names


def test_modular_addition_holds_every_pair_once_trains_with_adamw_and_memorising_counts_as_overfitting(
    tmp_path: Path, monkeypatch: Any
) -> None:
    import torch
    from make_family_casebook import MOD_DECAY, MOD_P

    task = make_task("modular", 0)
    tokens, sums = torch.cat([task.x, task.x_val]), torch.cat([task.y, task.y_val])
    assert tokens.shape == (MOD_P**2, 4) and task.classes == MOD_P
    assert len({(a, b) for a, _, b, _ in tokens.tolist()}) == MOD_P**2  # the held-out pairs were never trained on
    assert torch.equal(sums, (tokens[:, 0] + tokens[:, 2]) % MOD_P)
    assert set(tokens[:, 1].tolist()) == {MOD_P} and set(tokens[:, 3].tolist()) == {MOD_P + 1}  # "+", "="
    made: list[dict] = []
    adamw = torch.optim.AdamW
    monkeypatch.setattr(torch.optim, "AdamW", lambda params, **kw: made.append(kw) or adamw(params, **kw))
    train("modular", Recipe(steps=1), FAMILIES.index("modular"))
    train("modular", Recipe(steps=1, optimizer="sgd"), FAMILIES.index("modular"))
    assert len(made) == 1 and made[0]["weight_decay"] == MOD_DECAY and math.isclose(made[0]["lr"], 1e-2)
    case = one_case(tmp_path, "modular", "overfitting")  # 24 pairs memorised before the first evaluation
    assert case["fault_occurred"] and "counted as the untrained model's" in case["fault_check"]
    assert (case["split"], case["classes"], case["accept"]) == ("tuning", MOD_P, ["overfitting"])


def test_transe_keeps_its_entities_on_the_unit_sphere_and_ranks_tails_by_their_distance_from_h_plus_r(
    tmp_path: Path,
) -> None:
    import torch
    from make_family_casebook import KG_SIDE, kg_validate

    task = make_task("transe", 0)
    pairs = torch.cat([task.x, task.x_val]).tolist()
    assert len(pairs) == 4 * 132 + 2 * 121 + 2 * 120  # every in-grid move of every cell, once
    assert len({tuple(p) for p in pairs}) == len(pairs) and task.classes is None
    model = make_model("transe", Recipe(), 0)
    ones = torch.ones(KG_SIDE**2)
    assert torch.allclose(model.entities.weight.norm(dim=1), ones)
    with torch.no_grad():
        model.entities.weight.mul_(3.0)
        model.normalise()
        assert torch.allclose(model.entities.weight.norm(dim=1), ones)
        model.relations.weight[0] = model.entities.weight[1] - model.entities.weight[0]
        query = replace(task, x_val=torch.tensor([[0, 0]]), y_val=torch.tensor([1]))
        assert kg_validate(query, model)["val_mrr"] == 1.0  # h + r lands on t: ranked first
        farthest = int(torch.cdist(model(query.x_val), model.entities.weight).argmax())
        last = kg_validate(replace(query, y_val=torch.tensor([farthest])), model)
    assert math.isclose(last["val_mrr"], 1 / KG_SIDE**2, rel_tol=1e-6) and last["val_hits10"] == 0.0
    case = one_case(tmp_path, "transe", "lr_too_high")
    assert case["fault_occurred"] and case["split"] == "tuning"
    naming, names = naming_of(tmp_path, case)
    assert {naming["val_mrr"], naming["val_hits10"]} <= names
    assert loss_named(naming, "margin_loss") in names


def test_skip_gram_starts_at_six_ln_2_and_draws_its_negatives_from_the_unigram_to_the_three_quarters(
    tmp_path: Path,
) -> None:
    import torch
    from make_family_casebook import SG_NEGATIVE, sgns_loss, unigram

    dist = unigram(torch.tensor([0, 0, 0, 0, 1]))  # counts 4 and 1
    assert math.isclose(float(dist[0] / dist[1]), 4**0.75, rel_tol=1e-6) and float(dist[2:].sum()) == 0
    task = make_task("skipgram", 0)
    task.extra = {"unigram": unigram(task.y)}
    model = make_model("skipgram", Recipe(), 0)  # context vectors start at 0, as word2vec.c's: every score is 0
    loss = sgns_loss(model, task.x[:64], task.y[:64], task, torch.Generator().manual_seed(0))
    assert math.isclose(loss.item(), (1 + SG_NEGATIVE) * math.log(2), rel_tol=1e-6) and task.classes is None
    case = one_case(tmp_path, "skipgram", "random_labels")  # contexts shuffled across centres: no topics to learn
    assert case["fault_occurred"] and case["accept"] == ["data_issue", "overfitting"]
    naming, names = naming_of(tmp_path, case)
    assert naming["val_topic_acc"] in names and loss_named(naming, "sgns_loss") in names


def test_a_crfs_nll_and_viterbi_path_match_every_path_counted_and_its_probability_space_forward_overflows(
    tmp_path: Path,
) -> None:
    import itertools

    import torch
    from make_family_casebook import crf_nll, token_f1, viterbi

    model = make_model("bilstm_crf", Recipe(), 0)
    g = torch.Generator().manual_seed(0)
    with torch.no_grad():
        for p in (model.trans, model.start, model.end):
            p.copy_(torch.randn(p.shape, generator=g))
    emissions, tags = torch.randn(2, 3, 5, generator=g), torch.tensor([[0, 1, 2], [3, 4, 0]])

    def score(em: Any, path: tuple[int, ...]) -> Any:
        steps = sum(model.trans[a, b] for a, b in itertools.pairwise(path))
        return model.start[path[0]] + model.end[path[-1]] + sum(em[t, k] for t, k in enumerate(path)) + steps

    paths = list(itertools.product(range(5), repeat=3))
    with torch.no_grad():
        nll = []
        for em, gold in zip(emissions, tags.tolist(), strict=True):
            scores = torch.stack([score(em, p) for p in paths])
            nll.append(torch.logsumexp(scores, 0) - score(em, tuple(gold)))
            assert tuple(viterbi(model, em[None])[0].tolist()) == paths[int(scores.argmax())]
        want = torch.stack(nll).mean()
        assert torch.allclose(crf_nll(model, emissions, tags, Recipe()), want, atol=1e-4)
        by_hand = Recipe(log_softmax_by_hand=True)
        assert torch.allclose(crf_nll(model, emissions, tags, by_hand), want, atol=1e-4)  # small scores: it agrees
        assert math.isfinite(float(crf_nll(model, emissions + 30, tags, Recipe())))
        assert float(crf_nll(model, emissions + 30, tags, by_hand)) == math.inf  # Z past e^88: float32's inf
    assert token_f1(torch.tensor([[0, 1, 2, 0]]), torch.tensor([[0, 1, 1, 3]])) == 2 * 1 / (2 + 3)
    case = one_case(tmp_path, "bilstm_crf", "log_of_zero")
    assert case["fault_occurred"] and case["fault_check"] == "20 non-finite losses" and case["classes"] is None
    naming, names = naming_of(tmp_path, case)
    assert naming["val_f1"] in names and loss_named(naming, "crf_nll") in names


def test_a_pinball_loss_weighs_misses_by_their_quantile_and_a_quantile_forecaster_beats_the_best_constant(
    tmp_path: Path,
) -> None:
    import torch
    from make_family_casebook import coverage, pinball

    y = torch.tensor([[1.0]])
    assert math.isclose(float(pinball(torch.tensor([[0.0, 0.0, 2.0]]), y)), (0.1 + 0.5 + 0.1) / 3, rel_tol=1e-6)
    assert coverage(torch.tensor([[0.0, 0.5, 2.0], [1.5, 1.7, 2.0]]), torch.tensor([[1.0], [1.0]])) == 0.5
    task = make_task("quantile", 0)
    assert task.x.shape[1:] == (24,) and task.y.shape[1:] == (1,) and task.kind == "quantile"
    case = one_case(tmp_path, "quantile", "healthy")
    assert case["fault_occurred"] and (case["split"], case["classes"]) == ("tuning", None)
    best, base = (float(v) for v in re.findall(r"pinball best ([\d.]+).*constant's ([\d.]+)", case["fault_check"])[0])
    assert best < 0.5 * base
    naming, names = naming_of(tmp_path, case)
    assert naming["val_coverage"] in names
    assert loss_named(naming, "pinball_loss") in names


def test_a_wgan_gps_penalty_is_zero_for_a_unit_slope_critic_and_its_critic_loss_goes_negative(tmp_path: Path) -> None:
    import torch
    from make_family_casebook import GAN_MODES, gradient_penalty

    critic = torch.nn.Linear(2, 1)
    with torch.no_grad():
        critic.weight.copy_(torch.tensor([[0.6, 0.8]]))  # its gradient has norm 1 everywhere
    g = torch.Generator().manual_seed(0)
    real, fake = torch.randn(16, 2, generator=g), torch.randn(16, 2, generator=g)
    assert float(gradient_penalty(critic, real, fake, g).detach()) < 1e-10
    with torch.no_grad():
        critic.weight.mul_(3.0)
    assert math.isclose(float(gradient_penalty(critic, real, fake, g).detach()), 4.0, rel_tol=1e-5)  # (3 - 1)^2
    case = one_case(tmp_path, "wgan_gp", "healthy")
    assert case["fault_occurred"] and (case["split"], case["classes"]) == ("tuning", GAN_MODES)
    naming, names = naming_of(tmp_path, case)
    assert {naming["g_loss"], naming["d_loss"], naming["gp"], naming["modes"]} <= names
    logged, _ = train("wgan_gp", Recipe(steps=40), FAMILIES.index("wgan_gp"))
    assert min(logged.series("d_loss")) < 0 < min(logged.series("gp"))  # the critic tells the samples apart


def test_dinos_teacher_is_an_ema_outside_the_optimizer_and_its_centre_follows_the_teachers_outputs() -> None:
    import torch
    from make_family_casebook import DINO_CENTER, DINO_MOMENTUM, DINO_OUT

    model = make_model("dino", Recipe(), 0)
    assert all(not p.requires_grad for p in model.teacher.parameters())
    trainable = {id(p) for p in model.parameters() if p.requires_grad}
    assert not trainable & {id(p) for p in model.teacher.parameters()}
    before = [p.clone() for p in model.teacher.parameters()]
    with torch.no_grad():
        for p in model.backbone.parameters():
            p.add_(1.0)
    outputs = torch.ones(4, DINO_OUT)
    model.update_teacher(outputs)
    online = list(model.backbone.parameters())
    first = next(iter(model.teacher.parameters()))
    assert torch.allclose(first, DINO_MOMENTUM * before[0] + (1 - DINO_MOMENTUM) * online[0])
    assert torch.allclose(model.center, torch.full((DINO_OUT,), 1 - DINO_CENTER))
    task = make_task("dino", 0)
    assert task.x.shape[1:] == (24,) and task.kind == "dino" and task.classes is None


def test_a_reward_model_and_dpo_start_at_ln_2_and_their_margin_flips_sign_when_the_pair_is_swapped(
    tmp_path: Path,
) -> None:
    import torch
    from make_family_casebook import PREF_LEN, forward_loss

    task = make_task("reward_model", 0)
    assert task.x.shape[1:] == (1 + 2 * PREF_LEN,) and set(task.y.unique().tolist()) == {0.0, 1.0}
    swapped = torch.cat([task.x[:, :1], task.x[:, 1 + PREF_LEN :], task.x[:, 1 : 1 + PREF_LEN]], 1)[:8]
    for family in ("reward_model", "dpo"):
        model = make_model(family, Recipe(), 0)
        loss, parts = forward_loss(task, model, task.x[:32], task.y[:32], Recipe())
        assert math.isclose(loss.item(), math.log(2), rel_tol=1e-6) and parts["reward_margin"] == 0.0
        with torch.no_grad():
            for p in model.parameters():
                if p.requires_grad:
                    p.add_(0.1 * torch.randn(p.shape, generator=torch.Generator().manual_seed(1)))
            assert torch_close(model(swapped), -model(task.x[:8]))
    dpo = make_model("dpo", Recipe(), 0)
    assert all(not p.requires_grad for p in dpo.reference.parameters()) and not dpo.ref_pos.requires_grad
    case = one_case(tmp_path, "dpo", "log_of_zero")  # the sigmoid by hand rounds to 1 on a confident pair
    assert case["fault_occurred"] and (case["split"], case["classes"]) == ("tuning", None)
    naming, names = naming_of(tmp_path, case)
    assert {naming["reward_margin"], naming["val_margin"], naming["val_acc"]} <= names
    assert loss_named(naming, "dpo_loss") in names


def test_burgers_keeps_its_mean_and_an_fnos_spectral_layer_reads_any_grid(tmp_path: Path) -> None:
    import torch
    from make_family_casebook import FNO_GRID, burgers, relative_l2

    task = make_task("fno", 0)
    assert task.x.shape[1:] == (1, FNO_GRID) and task.y.shape == task.x.shape[:1] + (1, FNO_GRID)
    u0 = task.x[:16, 0]
    assert torch.allclose(burgers(u0).mean(1), u0.mean(1), atol=1e-5)  # u u_x and u_xx integrate to 0
    assert math.isclose(relative_l2(task.y_val.mean(0).expand_as(task.y_val), task.y_val), 1.0, rel_tol=1e-5)
    model = make_model("fno", Recipe(), 0)
    assert model(torch.zeros(2, 1, 2 * FNO_GRID)).shape == (2, 1, 2 * FNO_GRID)  # the same weights on a finer grid
    case = one_case(tmp_path, "fno", "corrupt_batches")
    assert case["fault_occurred"] and (case["split"], case["classes"]) == ("tuning", None)
    naming, names = naming_of(tmp_path, case)
    assert naming["val_rel_l2"] in names and loss_named(naming, "mse") in names


def test_a_mobilenets_convolutions_are_depthwise_separable_and_a_bad_init_shifts_its_batch_norms(
    tmp_path: Path,
) -> None:
    import torch
    from make_family_casebook import CLASSES

    model = make_model("mobilenet", Recipe(), 0)
    convs = [m for m in model.modules() if isinstance(m, torch.nn.Conv2d)]
    assert all(c.bias is None for c in convs)
    depthwise = [c for c in convs if c.groups > 1]
    assert len(depthwise) == 3 and all(c.groups == c.in_channels == c.out_channels for c in depthwise)
    assert all(c.kernel_size == (1, 1) for c in convs[2::2])  # each depthwise convolution then a pointwise one
    dead = make_model("mobilenet", Recipe(dead_bias=-8.0), 0)
    norms = [m for m in dead.modules() if isinstance(m, torch.nn.BatchNorm2d)]
    assert all(float(n.bias.detach().max()) == -8.0 for n in norms)
    case = one_case(tmp_path, "mobilenet", "healthy")
    assert case["fault_occurred"] and (case["split"], case["classes"]) == ("tuning", CLASSES)
    assert float(re.findall(r"val accuracy best [\d.]+, last ([\d.]+)", case["fault_check"])[0]) > 0.8


class Answers:
    """A stand-in model that answers every input with the same given outputs (the validation set's)."""

    def __init__(self, outputs: Any) -> None:
        self.outputs = outputs

    def __call__(self, x: Any) -> Any:
        return self.outputs


def test_a_cox_partial_likelihood_reads_risk_sets_and_the_concordance_index_is_half_at_chance(tmp_path: Path) -> None:
    import torch
    from make_family_casebook import concordance, cox_nll

    time = torch.tensor([4.0, 3.0, 2.0, 1.0])
    y = torch.stack([time, torch.tensor([1.0, 0.0, 1.0, 1.0])], 1)  # the second subject censored
    flat = cox_nll(torch.zeros(4), y)  # equal risks: each event's share of its risk set is 1 / its size
    assert math.isclose(float(flat), (math.log(1) + math.log(3) + math.log(4)) / 3, rel_tol=1e-6)
    assert concordance(-time, y) == 1.0 and concordance(time, y) == 0.0 and concordance(torch.zeros(4), y) == 0.5
    task = make_task("survival", 0)
    assert task.y.shape[1:] == (2,) and 0.5 < float(task.y[:, 1].mean()) < 0.9  # some censored, most not
    case = one_case(tmp_path, "survival", "healthy")
    assert case["fault_occurred"] and (case["split"], case["classes"]) == ("tuning", None)
    assert float(re.findall(r"concordance best [\d.]+, last ([\d.]+)", case["fault_check"])[0]) > 0.75
    naming, names = naming_of(tmp_path, case)
    assert naming["val_cindex"] in names and loss_named(naming, "cox_loss") in names


def test_a_masked_autoencoder_reads_only_its_visible_patches_and_scores_the_masked_ones(tmp_path: Path) -> None:
    import torch
    from make_family_casebook import MAE_MASK, mae_loss

    task = make_task("mae", 0)
    assert task.x.shape[1:] == (16, 16) and torch.equal(task.x, task.y)  # 16 patches of 4 x 4 pixels
    model = make_model("mae", Recipe(), 0)
    patches = task.x[:8]
    loss, masked = mae_loss(model, patches, torch.Generator().manual_seed(1))
    assert (masked.sum(1) == round(16 * MAE_MASK)).all()
    visible = (~masked).nonzero()[:, 1].reshape(8, -1)
    changed = patches.clone()
    changed[masked] = 100.0  # what the masked patches hold does not reach the model
    assert torch.allclose(model(patches, visible), model(changed, visible))
    case = one_case(tmp_path, "mae", "corrupt_batches")  # its inputs and its targets x100
    assert case["fault_occurred"] and (case["split"], case["accept"]) == ("tuning", ["loss_spike", "data_issue"])


def test_a_multilabel_classifier_scores_micro_f1_and_its_hand_sigmoid_hits_log_of_zero(tmp_path: Path) -> None:
    import torch
    from make_family_casebook import ML_LABELS, ML_RATE, validate13

    task = make_task("multilabel", 0)
    assert task.y.shape[1:] == (ML_LABELS,) and abs(float(task.y.mean()) - ML_RATE) < 0.01
    assert validate13(task, Answers(20 * task.y_val - 10))["val_f1"] == 1.0
    assert validate13(task, Answers(-torch.ones_like(task.y_val)))["val_f1"] == 0.0  # every label off: no hit
    case = one_case(tmp_path, "multilabel", "log_of_zero")
    assert case["fault_occurred"] and case["split"] == "tuning"
    naming, names = naming_of(tmp_path, case)
    assert naming["val_f1"] in names and loss_named(naming, "bce_loss") in names


def test_a_pointer_net_points_at_each_input_once_and_learns_to_sort(tmp_path: Path) -> None:
    import torch
    from make_family_casebook import PTR_LEN

    task = make_task("pointer_net", 0)
    assert torch.equal(task.x.gather(1, task.y), task.x.sort(1).values)
    model = make_model("pointer_net", Recipe(), 0)
    with torch.no_grad():
        greedy = model(task.x_val[:64]).argmax(2)
        forced = model(task.x_val[:64], task.y_val[:64])
    assert (greedy.sort(1).values == torch.arange(PTR_LEN)).all()  # a permutation: never the same position twice
    assert torch.isinf(forced[:, -1]).sum(1).eq(PTR_LEN - 1).all()  # the last step has one position left
    case = one_case(tmp_path, "pointer_net", "healthy")
    assert case["fault_occurred"] and (case["split"], case["classes"]) == ("tuning", None)
    assert float(re.findall(r"sequence accuracy best [\d.]+, last ([\d.]+)", case["fault_check"])[0]) > 0.8
    naming, names = naming_of(tmp_path, case)
    assert {naming["val_seq_acc"], naming["val_acc"]} <= names


def test_coral_starts_at_k_minus_1_ln_2_and_its_levels_count_the_thresholds_passed(tmp_path: Path) -> None:
    import torch
    from make_family_casebook import ORD_LEVELS, coral_loss, validate13

    levels = torch.arange(ORD_LEVELS)
    assert math.isclose(float(coral_loss(torch.zeros(ORD_LEVELS, ORD_LEVELS - 1), levels, Recipe())),
                        (ORD_LEVELS - 1) * math.log(2), rel_tol=1e-6)  # fmt: skip
    task = make_task("ordinal", 0)
    assert torch.bincount(task.y).min() > 0.9 * len(task.y) / ORD_LEVELS  # the levels are the score's quantiles
    exact = Answers(10.0 * (task.y_val[:, None] - levels[:-1]) - 5)  # past exactly the thresholds below its level
    assert validate13(task, exact)["val_mae"] == 0.0 and validate13(task, exact)["val_acc"] == 1.0
    case = one_case(tmp_path, "ordinal", "log_of_zero")
    assert case["fault_occurred"] and (case["split"], case["accept"]) == ("tuning", ["numerical_instability"])
    naming, names = naming_of(tmp_path, case)
    assert naming["val_mae"] in names and loss_named(naming, "coral_loss") in names


def test_an_egnns_energy_is_blind_to_rotations_translations_and_the_order_of_its_points(tmp_path: Path) -> None:
    import torch

    task = make_task("egnn", 0)
    points = task.x[:4]
    model = make_model("egnn", Recipe(), 0)
    rotation = torch.linalg.qr(torch.randn(3, 3, generator=torch.Generator().manual_seed(0)))[0]
    moved = torch.cat([points[..., :3] @ rotation.T + torch.tensor([1.0, -2.0, 0.5]), points[..., 3:]], 2)
    shuffled = points[:, torch.randperm(points.shape[1], generator=torch.Generator().manual_seed(1))]
    with torch.no_grad():
        energy = model(points)
        assert torch.allclose(model(moved), energy, atol=1e-4) and torch.allclose(model(shuffled), energy, atol=1e-4)
    case = one_case(tmp_path, "egnn", "healthy")
    assert case["fault_occurred"] and (case["split"], case["classes"]) == ("tuning", None)
    best, base = (float(v) for v in re.findall(r"val MAE best ([\d.]+).*constant's ([\d.]+)", case["fault_check"])[0])
    assert best < 0.3 * base


def test_ppo_reaches_the_best_return_and_its_hand_log_probability_of_a_ruled_out_move_is_minus_inf(
    tmp_path: Path,
) -> None:
    import torch
    from make_family_casebook import PPO_SIDE, best_return, grid_return, ppo_log_prob, random_return

    def down_then_right(row: torch.Tensor, col: torch.Tensor) -> torch.Tensor:  # MOVES: 1 is down, 3 is right
        return torch.where(row < PPO_SIDE - 1, 1, 3)

    best = best_return(PPO_SIDE)
    assert math.isclose(grid_return(down_then_right, PPO_SIDE), best, rel_tol=1e-5)
    assert random_return(PPO_SIDE, torch.Generator().manual_seed(0)) < 0 < best
    logits, ruled_out = torch.tensor([[0.0, -6.0, -1.0, -2.0]]), torch.tensor([1])
    assert math.isfinite(float(ppo_log_prob(logits, ruled_out, Recipe())))
    assert float(ppo_log_prob(logits, ruled_out, Recipe(log_softmax_by_hand=True))) == -math.inf  # rounds to 0
    case = one_case(tmp_path, "ppo", "healthy")
    assert case["fault_occurred"] and (case["split"], case["classes"]) == ("tuning", None)
    last = float(re.findall(r"return best [\d.-]+, last ([\d.-]+)", case["fault_check"])[0])
    assert math.isclose(last, best, abs_tol=1e-3)  # its greedy policy takes a shortest path from every start
    naming, names = naming_of(tmp_path, case)
    logged = {naming[k] for k in ("loss", "policy_loss", "value_loss", "entropy", "clip_fraction", "reward")}
    assert logged | {naming["val_reward"]} <= names


def test_a_focal_loss_weighs_down_easy_examples_and_average_precision_ranks_the_rare_positives(tmp_path: Path) -> None:
    import torch
    from make_family_casebook import FOCAL_POSITIVE, average_precision, focal_loss

    at_half = focal_loss(torch.zeros(2), torch.tensor([1.0, 0.0]), Recipe())  # p = 0.5: alpha_t x 0.25 x ln 2
    assert math.isclose(float(at_half), 0.25 * math.log(2) / 2, rel_tol=1e-5)  # alpha_t: 0.25 and 0.75, averaged
    easy, target = torch.tensor([-4.0]), torch.tensor([0.0])  # a negative scored confidently right
    bce = torch.nn.functional.binary_cross_entropy_with_logits(easy, target)
    assert float(focal_loss(easy, target, Recipe())) < 1e-3 * float(bce)
    labels = torch.tensor([1.0, 0, 0, 1, 0, 0, 0, 0])
    assert average_precision(labels, labels) == 1.0
    ranked = torch.tensor([0.9, 0.1, 0.1, 0.5, 0.6, 0.0, 0.0, 0.0])  # the positives ranked first and third
    assert math.isclose(average_precision(ranked, labels), (1 + 2 / 3) / 2, rel_tol=1e-6)
    assert abs(float(make_task("focal", 0).y.mean()) - FOCAL_POSITIVE) < 0.002
    case = one_case(tmp_path, "focal", "healthy")
    assert case["fault_occurred"] and (case["split"], case["classes"]) == ("tuning", None)
    assert float(re.findall(r"precision best [\d.]+, last ([\d.]+)", case["fault_check"])[0]) > 0.35  # chance 0.04
    naming, names = naming_of(tmp_path, case)
    assert naming["val_ap"] in names and loss_named(naming, "focal_loss") in names


def test_barlow_twins_is_zero_on_decorrelated_twins_and_a_dead_net_sits_at_its_dimension(tmp_path: Path) -> None:
    import types

    import torch
    from make_family_casebook import BT_PROJ, BarlowTwins, barlow_loss

    z = torch.randn(64, BT_PROJ, generator=torch.Generator().manual_seed(0))
    z = torch.linalg.qr(z - z.mean(0))[0]  # centred, orthogonal columns: their cross-correlation is the identity
    twins: Any = types.SimpleNamespace(encoder=lambda view: z, projector=lambda h: h)
    x = make_task("barlow_twins", 0).x[:64]
    assert barlow_loss(twins, x, torch.Generator().manual_seed(0), False)[0].item() < 1e-4
    dead = make_model("barlow_twins", Recipe(dead_bias=-8.0), 0)
    assert isinstance(dead, BarlowTwins)
    loss, parts = barlow_loss(dead, x, torch.Generator().manual_seed(0), False)  # every input one vector
    assert math.isclose(loss.item(), BT_PROJ, rel_tol=1e-4) and parts["off_diag"] < 1e-6
    case = one_case(tmp_path, "barlow_twins", "healthy")
    assert case["fault_occurred"] and (case["split"], case["classes"]) == ("tuning", None)
    assert float(re.findall(r"accuracy best [\d.]+, last ([\d.]+)", case["fault_check"])[0]) > 0.75
    naming, names = naming_of(tmp_path, case)
    assert {naming["on_diag"], naming["off_diag"], loss_named(naming, "bt_loss")} <= names


def test_a_graph_autoencoder_holds_out_its_validation_edges_and_scores_a_pair_by_an_inner_product(
    tmp_path: Path,
) -> None:
    import torch
    from make_family_casebook import GraphAutoencoder, gcn_adjacency

    task = make_task("gae", 0)
    trained = {frozenset(pair) for pair in zip(task.x.tolist(), task.y.tolist(), strict=True)}
    held = int(task.y_val.sum())
    assert held == len(task.y_val) - held  # each held-out edge against a sampled non-edge
    assert not any(frozenset(pair) in trained for pair in task.x_val.tolist())  # neither is a training edge
    adj = gcn_adjacency(task.x, task.y)
    assert torch.allclose(adj, adj.T) and bool((adj.diagonal() > 0).all())
    assert int((adj > 0).sum()) == 2 * len(trained) + len(adj)  # the training edges both ways, and self-loops
    model = GraphAutoencoder(adj, task.extra["features"])
    z, pairs = model.embed(), task.x_val[:8]
    assert torch.allclose(model(pairs), (z[pairs[:, 0]] * z[pairs[:, 1]]).sum(1))
    case = one_case(tmp_path, "gae", "healthy")
    assert case["fault_occurred"] and (case["split"], case["classes"]) == ("tuning", None)
    assert float(re.findall(r"val AUC best [\d.]+, last ([\d.]+)", case["fault_check"])[0]) > 0.8
    naming, names = naming_of(tmp_path, case)
    assert {naming["val_auc"], naming["val_ap"], loss_named(naming, "recon_loss")} <= names


def test_first_order_maml_adapts_a_copy_per_task_and_takes_the_query_gradient_at_the_adapted_weights(
    tmp_path: Path,
) -> None:
    import torch
    from make_family_casebook import MAML_INNER_LR, MAML_INNER_STEPS, MAML_SHOTS, MAMLNet, maml_adapt

    task = make_task("maml", 0)
    x, y = task.x[:3], task.y[:3]
    model = make_model("maml", Recipe(), 0)
    assert isinstance(model, MAMLNet)
    copies = [p.expand(3, *p.shape) for p in model.net.parameters()]
    assert torch.allclose(model.run(copies, x), model(x[..., None]).squeeze(2), atol=1e-6)
    post, _ = maml_adapt(model, x, y)
    post.backward()
    expected = [torch.zeros_like(p) for p in model.net.parameters()]
    for t in range(3):  # by hand: the task's own copy steps on its support MSE; its query MSE's gradient there
        params = [p.detach().clone().requires_grad_(True) for p in model.net.parameters()]
        copy = make_model("maml", Recipe(), 0)

        def mse(points: slice, params: list[torch.Tensor] = params, copy: Any = copy, t: int = t) -> torch.Tensor:
            return (copy.run([p[None] for p in params], x[t : t + 1, points])[0] - y[t, points]).pow(2).mean()

        for _ in range(MAML_INNER_STEPS):
            grads = torch.autograd.grad(mse(slice(0, MAML_SHOTS)), params)
            params = [(p - MAML_INNER_LR * g).detach().requires_grad_(True) for p, g in zip(params, grads, strict=True)]
        for total, g in zip(expected, torch.autograd.grad(mse(slice(MAML_SHOTS, None), params), params), strict=True):
            total += g / 3
    for p, e in zip(model.net.parameters(), expected, strict=True):
        assert p.grad is not None and torch.allclose(p.grad, e, atol=1e-5)
    case = one_case(tmp_path, "maml", "healthy")
    assert case["fault_occurred"] and (case["split"], case["classes"]) == ("tuning", None)
    assert float(re.findall(r"before it .* last ([\d.]+) \(learned", case["fault_check"])[0]) < 0.5
    naming, names = naming_of(tmp_path, case)
    assert {naming["pre_adapt_loss"], naming["val_pre_loss"], loss_named(naming, "meta_train_error")} <= names


def test_mixup_mixes_a_batch_with_a_shuffled_copy_and_its_soft_targets_keep_its_loss_above_zero(tmp_path: Path) -> None:
    import torch
    from make_family_casebook import mixup_loss

    task = make_task("mixup", 0)
    task.noise = torch.Generator().manual_seed(3)
    model = make_model("mixup", Recipe(), 0)
    x, y = task.x[:16], task.y[:16]
    loss = mixup_loss(task, model, x, y, Recipe())[0]
    same = torch.Generator().manual_seed(3)
    lam, other = float(torch.rand(1, generator=same)), torch.randperm(16, generator=same)
    out = model(lam * x + (1 - lam) * x[other])
    ce = torch.nn.functional.cross_entropy
    assert torch.isclose(loss, lam * ce(out, y) + (1 - lam) * ce(out, y[other]))
    case = one_case(tmp_path, "mixup", "healthy")
    assert case["fault_occurred"] and (case["split"], case["classes"]) == ("tuning", 4)
    last = float(re.findall(r"([\d.]+) in the last", case["fault_check"])[0])
    accuracy = float(re.findall(r"accuracy best [\d.]+, last ([\d.]+)", case["fault_check"])[0])
    assert accuracy > 0.9 and last > 0.3  # it reads the gratings, yet its mixed targets hold its loss well above 0


def test_sac_learns_to_reach_the_goal_and_a_temperature_learned_without_its_log_turns_nan(tmp_path: Path) -> None:
    import torch
    from make_family_casebook import SACAgent, best_point_action, point_return

    task = make_task("sac", 0)
    best = point_return(task, lambda pos: best_point_action(task, pos))
    assert math.isclose(best, float(task.extra["best_return"]), rel_tol=1e-6)
    assert float(task.extra["random_return"]) < best
    assert point_return(task, lambda pos: -best_point_action(task, pos)) < best  # away from the goal: worse
    agent = make_model("sac", Recipe(), 0)
    assert isinstance(agent, SACAgent)
    obs = torch.rand(5, 2)
    action, logp = agent.sample(obs, torch.Generator().manual_seed(0))
    mean, log_std = agent.actor(obs).chunk(2, dim=1)
    u = torch.atanh(action.clamp(-1 + 1e-6, 1 - 1e-6))
    normal = torch.distributions.Normal(mean, log_std.clamp(-5, 2).exp())
    expected = (normal.log_prob(u) - torch.log(1 - action.pow(2) + 1e-6)).sum(1)  # the tanh's change of variables
    assert torch.allclose(logp, expected, atol=1e-3) and bool((action.abs() < 1).all())
    buggy = make_model("sac", Recipe(log_softmax_by_hand=True), 0)
    assert isinstance(buggy, SACAgent)
    with torch.no_grad():
        buggy.temperature.fill_(-1e-3)  # one step past 0
    assert math.isnan(buggy.log_alpha().item()) and math.isfinite(agent.log_alpha().item())
    case = one_case(tmp_path, "sac", "healthy")
    assert case["fault_occurred"] and (case["split"], case["classes"]) == ("tuning", None)
    found = re.findall(r"last ([\d.-]+) \(a random policy's ([\d.-]+), the best ([\d.-]+)", case["fault_check"])
    last, rand, top = (float(v) for v in found[0])
    assert last - rand > 0.8 * (top - rand)  # most of the way from a random policy's return to the best one's
    naming, names = naming_of(tmp_path, case)
    assert {naming["actor_loss"], naming["alpha_loss"], naming["alpha"], naming["val_reward"]} <= names
    assert loss_named(naming, "critic_loss") in names


def test_semihard_triplets_sit_at_the_margin_when_collapsed_and_the_hand_root_is_nan_at_zero(tmp_path: Path) -> None:
    import torch
    from make_family_casebook import TRI_MARGIN, recall_at_1, semihard_triplet_loss

    labels = torch.tensor([0, 0, 1, 1])
    collapsed = torch.ones(4, 3, requires_grad=True)
    assert math.isclose(semihard_triplet_loss(collapsed, labels, Recipe())[0].item(), TRI_MARGIN, rel_tol=1e-5)
    one_identity = semihard_triplet_loss(torch.randn(4, 3), torch.zeros(4, dtype=torch.long), Recipe())[0]
    assert one_identity.item() == 0.0  # a batch of one identity holds no triplet
    # on a line: anchor 0 at 0, its positive at 1; negatives at 1.5 (semi-hard: farther than 1) and 3
    line = torch.tensor([[0.0], [1.0], [1.5], [3.0]])
    per = semihard_triplet_loss(line, torch.tensor([0, 0, 1, 1]), Recipe())[0]
    # (anchor, positive): (0, 1) takes the negative at 1.5 (0.5 away, farther than 1): 1 - 1.5 + 1; (1, 0) the one
    # at 3 (2 away; the other is nearer than its positive): 1 - 2 + 1 = 0; (1.5, 3): no negative farther than 1.5, so
    # the farthest (1.5 away): 1.5 - 1.5 + 1; (3, 1.5): the nearest farther one (2 away): 1.5 - 2 + 1
    assert math.isclose(per.item(), (0.5 + 0.0 + 1.0 + 0.5) / 4, rel_tol=1e-5)
    emb = torch.tensor([[0.0, 0.0], [0.0, 0.0], [3.0, 0.0], [3.0, 1.0]], requires_grad=True)  # a duplicate pair
    semihard_triplet_loss(emb, labels, Recipe(log_softmax_by_hand=True))[0].backward()
    assert emb.grad is not None and bool(torch.isnan(emb.grad).any())
    emb.grad = None
    semihard_triplet_loss(emb, labels, Recipe())[0].backward()
    assert emb.grad is not None and bool(torch.isfinite(emb.grad).all())
    assert recall_at_1(torch.tensor([[0.0], [0.1], [5.0], [5.1]]), labels) == 1.0
    case = one_case(tmp_path, "triplet", "healthy")
    assert case["fault_occurred"] and (case["split"], case["classes"]) == ("tuning", None)
    assert float(re.findall(r"recall@1 best [\d.]+, last ([\d.]+)", case["fault_check"])[0]) > 0.8
    naming, names = naming_of(tmp_path, case)
    assert {naming["val_r1"], naming["active_frac"], loss_named(naming, "triplet_loss")} <= names


def test_espcn_upscales_by_a_sub_pixel_shuffle_and_beats_bicubic(tmp_path: Path) -> None:
    import torch
    from make_family_casebook import ESPCN, SR_SIDE

    task = make_task("super_resolution", 0)
    assert task.x.shape[1:] == (1, SR_SIDE // 2, SR_SIDE // 2) and task.y.shape[1:] == (1, SR_SIDE, SR_SIDE)
    assert torch.allclose(torch.nn.functional.avg_pool2d(task.y, 2), task.x)  # the input: the target's 2x2 means
    model = make_model("super_resolution", Recipe(), 0)
    assert isinstance(model, ESPCN) and model(task.x[:2]).shape == task.y[:2].shape
    last_conv = model.net[4]
    assert isinstance(last_conv, torch.nn.Conv2d) and last_conv.bias is not None
    with torch.no_grad():  # each of the 4 output channels a constant: the shuffle tiles them as 2x2 sub-pixels
        last_conv.weight.zero_()
        last_conv.bias.copy_(torch.tensor([1.0, 2.0, 3.0, 4.0]))
    assert model(task.x[:1])[0, 0, :2, :2].tolist() == [[1.0, 2.0], [3.0, 4.0]]
    assert float(task.extra["bicubic_psnr"]) > float(task.extra["nearest_psnr"])
    case = one_case(tmp_path, "super_resolution", "healthy")
    assert case["fault_occurred"] and (case["split"], case["classes"]) == ("tuning", None)
    bicubic, last = (float(v) for v in re.findall(r"bicubic's ([\d.]+).* last ([\d.]+)", case["fault_check"])[0])
    assert last > bicubic + 1.0  # it learned more than bicubic interpolation knows
    naming, names = naming_of(tmp_path, case)
    assert naming["val_psnr"] in names and loss_named(naming, "l_pix") in names


def test_dann_reverses_the_domain_gradient_and_its_domain_loss_ends_near_ln_2(tmp_path: Path) -> None:
    import torch
    from make_family_casebook import DANN, GradientReversal

    x = torch.randn(3, 4, requires_grad=True)
    out = GradientReversal.apply(x, 0.5)
    assert torch.equal(out, x)
    out.sum().backward()
    assert x.grad is not None and torch.equal(x.grad, torch.full((3, 4), -0.5))  # the identity forward, -lambda back
    task = make_task("dann", 0)
    source, target = task.x.mean(0), task.extra["target_x"].mean(0)
    assert float((source - target).norm()) > 1.0  # the target domain moved away from the source
    model = make_model("dann", Recipe(), 0)
    assert isinstance(model, DANN)
    model.progress = 0.0
    feats = model.features(x.detach().repeat(1, 4))
    grad_in = feats.detach().requires_grad_(True)
    model.domain_logits(grad_in).sum().backward()  # lambda 0 at the start: the features get no domain gradient
    assert grad_in.grad is not None and float(grad_in.grad.abs().max()) == 0.0
    case = one_case(tmp_path, "dann", "healthy")
    assert case["fault_occurred"] and (case["split"], case["classes"]) == ("tuning", 4)
    assert float(re.findall(r"target accuracy best [\d.]+, last ([\d.]+)", case["fault_check"])[0]) > 0.8
    naming, names = naming_of(tmp_path, case)
    assert {naming["label_loss"], naming["domain_loss"], naming["val_acc"]} <= names
    logged, _ = train("dann", Recipe(), FAMILIES.index("dann"))
    domain = logged.series("domain_loss")
    assert abs(sum(domain[-50:]) / 50 - math.log(2)) < 0.05  # the domains blurred: the domain classifier guesses


def test_fixmatch_counts_only_confident_pseudo_labels_and_trains_on_forty_labels(tmp_path: Path) -> None:
    import torch
    from make_family_casebook import FM_LABELS, fixmatch_loss

    task = make_task("fixmatch", 0)
    assert len(task.x) == FM_LABELS and torch.bincount(task.y).tolist() == [FM_LABELS // 4] * 4
    assert len(task.extra["unlabelled"]) > 50 * FM_LABELS

    class Scaled(torch.nn.Module):
        def __init__(self, scale: float) -> None:
            super().__init__()
            self.scale = scale

        def forward(self, x: torch.Tensor) -> torch.Tensor:
            return self.scale * x[:, :4]

    x, y = task.x[:8], task.y[:8]
    task.noise = torch.Generator().manual_seed(0)
    _, unsure = fixmatch_loss(task, Scaled(0.0), x, y, Recipe())  # uniform guesses: no pseudo-label counts
    assert unsure["mask_rate"] == 0.0 and unsure["unsup_loss"] == 0.0
    _, sure = fixmatch_loss(task, Scaled(1e4), x, y, Recipe())  # near one-hot guesses: every pseudo-label counts
    assert sure["mask_rate"] > 0.95
    case = one_case(tmp_path, "fixmatch", "healthy")
    assert case["fault_occurred"] and (case["split"], case["classes"]) == ("tuning", 4)
    assert float(re.findall(r"val accuracy best [\d.]+, last ([\d.]+)", case["fault_check"])[0]) > 0.85
    naming, names = naming_of(tmp_path, case)
    assert {naming["sup_loss"], naming["unsup_loss"], naming["mask_rate"], naming["val_acc"]} <= names


def test_deep_svdds_bias_free_net_cannot_collapse_and_a_learned_centre_with_biases_does(tmp_path: Path) -> None:
    import torch
    from make_family_casebook import SVDD_EPS, DeepSVDD

    task = make_task("deep_svdd", 0)
    model = make_model("deep_svdd", Recipe(), 0, task)
    assert isinstance(model, DeepSVDD)
    assert all(not (isinstance(m, torch.nn.Linear) and m.bias is not None) for m in model.modules())
    x = task.x[:16]
    assert torch.allclose(model.net(3 * x), 3 * model.net(x), atol=1e-5)  # positively homogeneous: no constant map
    assert bool((model.center.abs() >= SVDD_EPS).all()) and "center" not in dict(model.named_parameters())
    collapsing = make_model("deep_svdd", Recipe(svdd_collapse=True), 0, task)
    assert "center_param" in dict(collapsing.named_parameters())
    assert any(isinstance(m, torch.nn.Linear) and m.bias is not None for m in collapsing.modules())
    case = one_case(tmp_path, "deep_svdd", "hypersphere_collapse")
    assert case["fault_occurred"] and (case["split"], case["accept"]) == ("tuning", ["mode_collapse"])
    healthy = one_case(tmp_path / "healthy", "deep_svdd", "healthy")
    assert healthy["fault_occurred"]
    assert float(re.findall(r"val AUROC best [\d.]+, last ([\d.]+)", healthy["fault_check"])[0]) > 0.85
    naming, names = naming_of(tmp_path / "healthy", healthy)
    assert {naming["val_auc"], naming["val_anomaly_dist"], loss_named(naming, "svdd_loss")} <= names


def test_pix2pix_fills_outlines_judged_patch_by_patch_and_logs_its_four_terms(tmp_path: Path) -> None:
    import torch
    from make_family_casebook import Pix2Pix, patch_bce

    task = make_task("pix2pix", 0, easy=True)
    outline, shape = task.x_val > 0.5, task.y_val > 0
    assert bool(shape[outline].all()) and 0 < int(outline.sum()) < int(shape.sum())  # the outline lies on the shape
    fills = {round(v, 3) for v in task.y_val[shape].tolist()}
    assert fills == {0.4, 0.7, 1.0}  # each kind its own fill, read off its outline alone
    model = make_model("pix2pix", Recipe(), 0)
    assert isinstance(model, Pix2Pix) and model(task.x_val[:2]).shape == task.y_val[:2].shape
    patches = model.discriminate(task.x_val[:2], task.y_val[:2])
    assert patches.shape[:2] == (2, 1) and patches.shape[2] * patches.shape[3] > 1  # a verdict per patch
    sure = torch.full((1, 1, 4, 4), 20.0)  # a discriminator sure the pair is real
    assert math.isinf(patch_bce(sure, 0.0, Recipe(log_softmax_by_hand=True)).item())
    assert math.isclose(patch_bce(sure, 0.0, Recipe()).item(), 20.0, rel_tol=1e-4)
    case = one_case(tmp_path, "pix2pix", "healthy")
    assert case["fault_occurred"] and (case["split"], case["classes"]) == ("tuning", None)
    last, copy = (float(v) for v in re.findall(r"last ([\d.]+) \(copying the input's ([\d.]+)", case["fault_check"])[0])
    assert last < 0.4 * copy  # it filled the shapes: far nearer them than its outlines are
    naming, names = naming_of(tmp_path, case)
    assert {naming["g_gan"], naming["g_l1"], naming["d_real"], naming["d_fake"], naming["val_l1"]} <= names
    assert loss_named(naming, "loss_G") in names
    assert [n["g_gan"] for n in NAMINGS][0] == "G_GAN" and [n["d_fake"] for n in NAMINGS][0] == "D_fake"


def test_simsiams_stop_gradient_keeps_it_spread_and_without_it_and_its_predictor_it_collapses_at_minus_1(
    tmp_path: Path,
) -> None:
    import torch
    from make_family_casebook import SS_DIM, SimSiam, simsiam_loss

    task = make_task("simsiam", 0)
    model = make_model("simsiam", Recipe(), 0)
    assert isinstance(model, SimSiam)
    x = task.x[:16]
    loss, _ = simsiam_loss(model, x, torch.Generator().manual_seed(0), Recipe())
    assert -1.0 <= loss.item() <= 1.0
    loss.backward()
    assert all(p.grad is not None for p in model.predictor.parameters())
    bare = make_model("simsiam", Recipe(simsiam_collapse=True), 0)
    assert isinstance(bare, SimSiam)
    simsiam_loss(bare, x, torch.Generator().manual_seed(0), Recipe(simsiam_collapse=True))[0].backward()
    assert all(p.grad is None for p in bare.predictor.parameters())  # the bug: no predictor (and no stop-gradient)
    collapsed = one_case(tmp_path / "collapse", "simsiam", "representation_collapse")
    assert collapsed["fault_occurred"] and (collapsed["split"], collapsed["accept"]) == ("tuning", ["mode_collapse"])
    healthy = one_case(tmp_path, "simsiam", "healthy")
    assert healthy["fault_occurred"]
    spread = float(re.findall(r"std in the last tenth ([\d.e-]+)", healthy["fault_check"])[0])
    gone = float(re.findall(r"std in the last tenth ([\d.e-]+)", collapsed["fault_check"])[0])
    assert spread > 0.5 * SS_DIM**-0.5 and gone < 0.1 * SS_DIM**-0.5  # one output for every input
    assert float(re.findall(r"first tenth, (-?[\d.]+) in the last;", collapsed["fault_check"])[0]) < -0.98
    assert float(re.findall(r"accuracy best [\d.]+, last ([\d.]+)", healthy["fault_check"])[0]) > 0.8
    naming, names = naming_of(tmp_path, healthy)
    assert {naming["z_std"], naming["val_acc"], naming["loss"]} <= names


def test_a_captioner_is_teacher_forced_causally_and_scores_its_greedy_captions(tmp_path: Path) -> None:
    import torch
    from make_family_casebook import CAP_VOCAB, Captioner, caption_bleu

    task = make_task("captioning", 0)
    words = task.y[:4]
    assert bool((words[:, 0] == 2).all() & (words[:, 3] == 3).all() & (words[:, 5] == 1).all())  # a ... at ... EOS
    model = make_model("captioning", Recipe(), 0)
    assert isinstance(model, Captioner)
    out = model(task.x[:4], words)
    assert out.shape == (4, 6, CAP_VOCAB)
    other = words.clone()
    other[:, 3:] = 0
    again = model(task.x[:4], other)
    assert torch.allclose(out[:, :4], again[:, :4]) and not torch.allclose(out[:, 4:], again[:, 4:])
    assert caption_bleu(words, words) == 1.0
    wrong = words.clone()
    wrong[:, 2] = 6 + (wrong[:, 2] - 6 + 1) % 4  # one word of five wrong
    assert 0.0 < caption_bleu(wrong, words) < 1.0
    case = one_case(tmp_path, "captioning", "healthy")
    assert case["fault_occurred"] and (case["split"], case["classes"]) == ("tuning", CAP_VOCAB)
    assert float(re.findall(r"exact match best [\d.]+, last ([\d.]+)", case["fault_check"])[0]) > 0.4
    naming, names = naming_of(tmp_path, case)
    assert {naming["ppl"], naming["val_exact"], naming["val_bleu"], naming["val_loss"]} <= names


def test_a_depth_nets_loss_is_eigens_scale_invariant_log_loss_and_its_hand_log_of_a_relu_hits_zero(
    tmp_path: Path,
) -> None:
    import torch
    from make_family_casebook import DEPTH_SI_LAMBDA, DepthNet, silog_loss

    task = make_task("depth", 0)
    y = task.y_val[:8]
    assert silog_loss(y.log(), y).item() < 1e-10
    twice = silog_loss(y.log() + math.log(2), y).item()  # a global scale is paid for only by (1 - lambda)
    assert math.isclose(twice, (1 - DEPTH_SI_LAMBDA) * math.log(2) ** 2, rel_tol=1e-4)
    buggy = make_model("depth", Recipe(log_softmax_by_hand=True), 0)
    assert isinstance(buggy, DepthNet)
    last_conv = buggy.net[-1]
    assert isinstance(last_conv, torch.nn.Conv2d) and last_conv.bias is not None
    with torch.no_grad():
        last_conv.bias.fill_(-100.0)  # every output below 0: the ReLU gives 0
    assert bool(torch.isinf(buggy.log_depth(task.x_val[:2])).all())
    case = one_case(tmp_path, "depth", "healthy")
    assert case["fault_occurred"] and (case["split"], case["classes"]) == ("tuning", None)
    last, base = (
        float(v) for v in re.findall(r"last ([\d.]+) \(the best constant map's ([\d.]+)", case["fault_check"])[0]
    )
    assert last < 0.5 * base
    naming, names = naming_of(tmp_path, case)
    assert {naming["val_rmse"], naming["val_abs_rel"], naming["val_delta1"]} <= names
    assert loss_named(naming, "silog_loss") in names


def test_a_heatmap_nets_loss_is_of_pose_codes_tiny_magnitude_and_its_pck_finds_the_true_keypoints(
    tmp_path: Path,
) -> None:
    import torch
    from make_family_casebook import POSE_KEYPOINTS, pck

    task = make_task("pose_heatmap", 0)
    assert task.y_val.shape[1] == POSE_KEYPOINTS and pck(task.y_val, task.extra["where_val"]) == 1.0
    assert pck(torch.roll(task.y_val, 5, dims=3), task.extra["where_val"]) < 0.2  # 5 pixels off: missed
    case = one_case(tmp_path, "pose_heatmap", "healthy")
    assert case["fault_occurred"] and (case["split"], case["classes"]) == ("tuning", None)
    last = float(re.findall(r"([\d.e-]+) in the last;", case["fault_check"])[0])
    assert 1e-4 < last < 5e-3  # a heatmap MSE of ~1e-3, as pose code logs it
    assert float(re.findall(r"PCK best [\d.]+, last ([\d.]+)", case["fault_check"])[0]) > 0.8
    naming, names = naming_of(tmp_path, case)
    assert naming["val_pck"] in names and loss_named(naming, "loss_kpt") in names


def test_a_tts_decoder_reads_past_frames_only_stops_at_the_utterances_end_and_beats_copying(tmp_path: Path) -> None:
    import torch
    from make_family_casebook import TTS_MELS, TTS_TEXT, TacotronLike, tts_loss

    task = make_task("tts_mel", 0)
    x, mel = task.x[:4], task.y[:4]
    frames = (x[:, TTS_TEXT:] < TTS_TEXT).sum(1)
    assert bool((mel[torch.arange(4), frames - 1].abs().sum(1) > 0).all())  # the last frame spoken...
    assert bool(((mel[:, -1].abs().sum(1) == 0) | (frames == mel.shape[1])).all())  # ...then silence
    model = make_model("tts_mel", Recipe(), 0)
    assert isinstance(model, TacotronLike)
    out = model(x, mel)
    changed = mel.clone()
    changed[:, 5:] += 1.0
    again = model(x, changed)
    assert torch.allclose(out[:, :6], again[:, :6]) and not torch.allclose(out[:, 6:], again[:, 6:])  # autoregressive
    stop = torch.where(
        (torch.arange(mel.shape[1])[None] >= frames[:, None] - 1), torch.tensor(50.0), torch.tensor(-50.0)
    )
    exact = torch.cat([mel, stop[..., None]], 2)
    total, parts = tts_loss(exact, x, mel, Recipe())
    assert parts["mel_loss"] == 0.0 and parts["stop_loss"] < 1e-6  # the stop target: 1 from the last frame on
    assert exact.shape[2] == TTS_MELS + 1
    case = one_case(tmp_path, "tts_mel", "healthy")
    assert case["fault_occurred"] and (case["split"], case["classes"]) == ("tuning", None)
    last, copy = (
        float(v) for v in re.findall(r"last ([\d.]+) \(copying the previous frame's ([\d.]+)", case["fault_check"])[0]
    )
    assert last < 0.2 * copy
    naming, names = naming_of(tmp_path, case)
    assert {naming["mel_loss"], naming["stop_loss"], naming["val_mel_loss"], naming["val_loss"]} <= names


def test_arcface_widens_the_targets_angle_by_its_margin_and_its_hand_softmax_overflows_at_scale(tmp_path: Path) -> None:
    import torch
    from make_family_casebook import ARC_M, ARC_S, ArcFaceNet, arcface_loss

    model = make_model("arcface", Recipe(), 0)
    assert isinstance(model, ArcFaceNet)
    emb = torch.nn.functional.normalize(torch.randn(4, model.weight.shape[1]), dim=1)
    y = torch.tensor([0, 1, 2, 3])
    cos = emb @ torch.nn.functional.normalize(model.weight, dim=1).T
    logits = model.logits(emb, y)
    theta = torch.acos(cos[torch.arange(4), y])
    assert torch.allclose(logits[torch.arange(4), y], ARC_S * torch.cos(theta + ARC_M), atol=1e-4)  # cos(theta + m)
    other = torch.ones_like(cos, dtype=torch.bool)
    other[torch.arange(4), y] = False
    assert torch.allclose(logits[other], ARC_S * cos[other], atol=1e-5)  # the others' cosines only scaled
    task = make_task("arcface", 0)
    with torch.no_grad():  # every face embedded onto its identity's weight: cosines of 1, exp(s) overflows fp16
        model.weight.copy_(torch.eye(model.weight.shape[0], model.weight.shape[1]))
    x, ids = task.x[:8], task.y[:8] % model.weight.shape[1]
    model.net = torch.nn.Sequential(torch.nn.Identity())
    model.forward = lambda x: torch.nn.functional.one_hot(ids, model.weight.shape[1]).float()  # type: ignore[method-assign]
    assert math.isnan(arcface_loss(model, x, ids, Recipe(log_softmax_by_hand=True)).item())
    assert math.isfinite(arcface_loss(model, x, ids, Recipe()).item())
    case = one_case(tmp_path, "arcface", "healthy")
    assert case["fault_occurred"] and (case["split"], case["classes"]) == ("tuning", 32)
    assert 15 < float(re.findall(r"loss ([\d.]+) in the first tenth", case["fault_check"])[0]) < 30  # as logged
    assert float(re.findall(r"accuracy best [\d.]+, last ([\d.]+)", case["fault_check"])[0]) > 0.85
    naming, names = naming_of(tmp_path, case)
    assert {naming["val_verif_acc"], naming["val_loss"]} <= names


def test_a_flow_nets_frames_move_by_their_flow_its_soft_argmax_reads_the_correlation_and_overflows_by_hand() -> None:
    import torch
    from make_family_casebook import OF_SIDE, FlowNetLite, flow_metrics

    task = make_task("optical_flow", 0, easy=True)
    x, flow = task.x[:64], task.y[:64].long()
    r = torch.arange(OF_SIDE)
    rows = (r[None, :, None] + flow[:, 0]) % OF_SIDE  # frame 2 at p + flow(p)...
    cols = (r[None, None, :] + flow[:, 1]) % OF_SIDE
    moved = x[:, 1][torch.arange(64)[:, None, None], rows, cols]
    assert float((moved - x[:, 0]).abs().lt(0.1).float().mean()) > 0.8  # ...is frame 1 at p (bar occlusions)
    assert flow_metrics(task.y_val.float(), task.y_val)["val_epe"] == 0.0
    zero = flow_metrics(torch.zeros_like(task.y_val), task.y_val)
    assert math.isclose(zero["val_epe"], float(task.extra["zero_epe"]), rel_tol=1e-5) and zero["val_5px"] == 1.0
    model = make_model("optical_flow", Recipe(), 0)
    assert isinstance(model, FlowNetLite) and model(x[:2]).shape == (2, 2, OF_SIDE, OF_SIDE)
    buggy = make_model("optical_flow", Recipe(log_softmax_by_hand=True), 0)
    assert torch.allclose(buggy(x[:2]), model(x[:2]), atol=1e-2)  # the same flow while the volume is small...
    with torch.no_grad():
        for net in (model, buggy):
            assert isinstance(net, FlowNetLite) and isinstance(net.enc, torch.nn.Sequential)
            last = net.enc[2]
            assert isinstance(last, torch.nn.Conv2d)
            last.weight.mul_(30.0)
    assert bool(torch.isfinite(model(x[:2])).all()) and bool(torch.isnan(buggy(x[:2])).any())  # ...inf / inf past it


def test_flow_matching_regresses_straight_path_velocities_its_loss_stays_high_and_its_samples_match_the_data(
    tmp_path: Path,
) -> None:
    import torch
    from make_family_casebook import flow_matching_loss, flow_sample, mmd

    task = make_task("flow_matching", 0)
    data = task.extra["held"]
    assert mmd(data[:256], data[256:]) < 0.1 * mmd(task.extra["fixed_noise"], data)
    shift = torch.nn.Linear(3, 2)
    with torch.no_grad():  # a constant velocity v: Euler's steps move every point by v exactly
        shift.weight.zero_()
        shift.bias.copy_(torch.tensor([1.0, -2.0]))
    moved = flow_sample(shift, task.extra["fixed_noise"])
    assert torch.allclose(moved - task.extra["fixed_noise"], torch.tensor([1.0, -2.0]).expand_as(moved), atol=1e-5)
    gen = torch.Generator().manual_seed(0)
    assert flow_matching_loss(shift, task.x[:512], gen).item() > 1.0
    case = one_case(tmp_path, "flow_matching", "healthy")
    assert case["fault_occurred"] and case["split"] == "tuning"
    first, last = (
        float(v) for v in re.findall(r"loss ([\d.]+) in the first tenth, ([\d.]+) in the last", case["fault_check"])[0]
    )
    assert last > 0.5 * first and last > 1.0  # nearly flat, its floor far above 0
    best, noise = (float(v) for v in re.findall(r"MMD best ([\d.e-]+), .*the noise's ([\d.]+)", case["fault_check"])[0])
    assert best < 0.4 * noise
    naming, names = naming_of(tmp_path, case)
    assert naming["val_mmd"] in names and loss_named(naming, "cfm_loss") in names


def test_style_transfer_losses_are_zero_at_their_targets_and_of_large_magnitude_as_printed(tmp_path: Path) -> None:
    import torch
    from make_family_casebook import STY_SIDE, gram, style_features, style_losses

    task = make_task("style_transfer", 0)
    x = task.x_val[:4]
    content, style, tv = style_losses(x, x, task)
    assert content.item() == 0.0 and style.item() > 0 and tv.item() > 0  # the input keeps its content, not the style
    feats = style_features(x, task)
    assert gram(feats[0]).shape == (4, feats[0].shape[1], feats[0].shape[1])
    assert torch.allclose(gram(feats[1]), gram(feats[1]).transpose(1, 2))
    assert x.shape[-1] == STY_SIDE
    case = one_case(tmp_path, "style_transfer", "healthy")
    assert case["fault_occurred"] and case["split"] == "tuning"
    assert float(re.findall(r"loss ([\d.e+]+) in the first tenth", case["fault_check"])[0]) > 1e4  # as printed
    last, base = (
        float(v)
        for v in re.findall(r"style loss best [\d.e+]+, last ([\d.e+]+) \(the input's ([\d.e+]+)", case["fault_check"])[
            0
        ]
    )
    assert last < 0.3 * base
    naming, names = naming_of(tmp_path, case)
    assert {naming["content_loss"], naming["style_loss"], naming["tv_loss"], naming["val_style"]} <= names


def test_yolo_assigns_objects_to_their_cells_scores_ap_and_writes_ultralytics_results_csv(tmp_path: Path) -> None:
    import torch
    from make_family_casebook import (
        YOLO_EPOCH,
        YOLO_STRIDE,
        Logged,
        box_iou_cxcywh,
        detection_ap,
        write_yolo,
        yolo_assign,
    )

    task = make_task("yolo", 0)
    mask, boxes, classes = yolo_assign(task.y[:8], 4)
    assert int(mask.sum()) == int((task.y[:8, :, 0] >= 0).sum())  # every object in its own cell
    cell = torch.nonzero(mask)[0]
    assert int(cell[1]) // 4 == int(boxes[cell[0], cell[1], 1] // YOLO_STRIDE) and int(classes[mask].min()) >= 0
    box = torch.tensor([5.0, 5.0, 4.0, 2.0])
    assert math.isclose(box_iou_cxcywh(box, box).item(), 1.0, rel_tol=1e-5)
    assert detection_ap(torch.tensor([0.9, 0.8, 0.1]), torch.tensor([True, True, False]), 2) == 1.0
    assert detection_ap(torch.tensor([0.9, 0.8]), torch.tensor([False, True]), 2) < 0.6
    rows = [{"step": e, "loss": 0.3, "box_loss": 0.1, "obj_loss": 0.15, "cls_loss": 0.05, "grad_norm": 1.0,
             "lr": 0.01, "val_box_loss": 0.1, "val_obj_loss": 0.1, "val_cls_loss": 0.1, "precision": 0.5,
             "recall": 0.4, "map50": 0.3, "map": 0.1} for e in range(3)]  # fmt: skip
    name = write_yolo(Logged(rows), tmp_path, "y", "csv", task)
    header, first = (tmp_path / name).read_text().splitlines()[:2]
    cells = header.split(",")
    assert all(len(c) == 20 for c in cells) and cells[0].strip() == "epoch" and cells[1] == "      train/box_loss"
    assert "metrics/mAP_0.5:0.95" in header and "x/lr0" in header and "loss" not in [c.strip() for c in cells]
    assert float(first.split(",")[0]) == 0 and len(first.split(",")) == len(cells)
    console = (tmp_path / write_yolo(Logged(rows), tmp_path, "z", "text_pipe", task)).read_text()
    assert "box_loss" in console and "mAP50-95" in console and f"{YOLO_EPOCH}/{YOLO_EPOCH}" in console
    case = one_case(tmp_path / "run", "yolo", "healthy")
    assert case["fault_occurred"] and case["split"] == "tuning"
    assert float(re.findall(r"mAP@0.5 best [\d.]+, last ([\d.]+)", case["fault_check"])[0]) > 0.25


def test_dkt_reads_past_answers_only_starts_near_ln_2_and_its_auc_is_a_rank_statistic(
    tmp_path: Path,
) -> None:
    import torch
    from make_family_casebook import DKT, implicit_loss, rank_auc, roc_auc

    task = make_task("dkt", 0)
    model = make_model("dkt", Recipe(), 0)
    assert isinstance(model, DKT)
    x = task.x[:4].clone()
    out = model(x)
    x[:, 1, 10] = 1 - x[:, 1, 10]  # answer 10 flipped: the predictions of answers 1..10 cannot change
    again = model(x)
    assert torch.allclose(out[:, :10], again[:, :10]) and not torch.allclose(out[:, 10:], again[:, 10:])
    scores, labels = torch.randn(200), (torch.rand(200) < 0.4).float()
    assert math.isclose(rank_auc(scores, labels), roc_auc(scores, labels), rel_tol=1e-6)
    assert rank_auc(torch.zeros(10), labels[:10]) == 0.5
    assert math.isclose(implicit_loss(out, task.y[:4], Recipe()).item(), math.log(2), rel_tol=0.1)  # ~ln 2 at first
    case = one_case(tmp_path, "dkt", "healthy")
    assert case["fault_occurred"] and (case["split"], case["classes"]) == ("tuning", None)
    assert float(re.findall(r"AUC best [\d.]+, last ([\d.]+)", case["fault_check"])[0]) > 0.72
    naming, names = naming_of(tmp_path, case)
    assert naming["val_auc"] in names and loss_named(naming, "bce_loss") in names


def test_round_18s_families_hold_the_cases_they_held_in_round_18() -> None:
    # at least four healthy recipes each (TD3: no plain SGD) and six faults (TD3: no held-out loss, no data set to
    # sort, no log in its losses; the text CNN, QA, SFT: ids, no corrupt batch)
    faults_of = faults_per_family(ROUND18_FAMILIES, FAULTY_R18, HEALTHY_R18, TRACED_R18, 6)
    assert {"corrupt_batches", "log_of_zero", "overfitting", "dead_relu"} <= faults_of["semantic_seg"]
    assert {"log_of_zero", "random_labels", "deep_sigmoid", "sorted_data"} <= faults_of["qa_span"]
    assert {"prompt_not_masked", "pad_is_eos", "log_of_zero", "overfitting"} <= faults_of["sft_lm"]
    assert {"random_labels", "deep_sigmoid", "dead_relu", "log_of_zero"} <= faults_of["video3d"]
    assert {"overfitting", "log_of_zero", "dead_relu"} <= faults_of["text_cnn"] and "deep_sigmoid" not in faults_of[
        "text_cnn"
    ]
    assert {"random_labels", "deep_sigmoid", "dead_relu", "lr_too_low"} <= faults_of["td3"]
    assert "healthy_sgd_momentum" not in faults_of["td3"]
    assert [f.name for f in FAULTS if "sft_lm" in f.families][-2:] == ["prompt_not_masked", "pad_is_eos"]


def test_a_segmenter_ignores_its_border_pixels_is_read_against_the_majority_class_and_logs_as_mmsegmentation(
    tmp_path: Path,
) -> None:
    import torch
    from make_family_casebook import SEM_CLASSES, SEM_IGNORE, Logged, seg_loss, seg_metrics, write_mmseg

    task = make_task("semantic_seg", 0)
    y = task.y[:16]
    border = y == SEM_IGNORE
    assert 0.05 < float(border.float().mean()) < 0.3  # every region's border is labelled 255
    logits = torch.randn(16, SEM_CLASSES, *y.shape[1:])
    moved = logits.permute(0, 2, 3, 1).clone()
    moved[border] += torch.tensor([50.0, -50.0, 0.0, 0.0])  # an ignored pixel's scores never move the loss
    assert torch.isclose(seg_loss(logits, y, Recipe()), seg_loss(moved.permute(0, 3, 1, 2), y, Recipe()))
    assert math.isnan(seg_loss(100 * logits, y, Recipe(log_softmax_by_hand=True)).item())  # exp overflows fp16
    assert math.isfinite(seg_loss(100 * logits, y, Recipe()).item())
    valid = task.y_val != SEM_IGNORE
    counts = torch.bincount(task.y_val[valid], minlength=SEM_CLASSES)
    majority = seg_metrics(torch.full_like(task.y_val, int(counts.argmax())), task.y_val)
    share = float(counts.max() / counts.sum())  # the majority class everywhere: its IoU is its share, the others' 0
    assert math.isclose(majority["val_aacc"], share, rel_tol=1e-5)
    assert math.isclose(majority["val_miou"], share / SEM_CLASSES, rel_tol=1e-5)
    assert math.isclose(float(task.extra["majority_miou"]), majority["val_miou"], rel_tol=0.1)
    perfect = seg_metrics(task.y_val.clamp(max=SEM_CLASSES - 1), task.y_val)
    assert perfect["val_miou"] == perfect["val_aacc"] == 1.0
    case = one_case(tmp_path, "semantic_seg", "healthy")
    assert case["fault_occurred"] and (case["split"], case["classes"]) == ("tuning", SEM_CLASSES)
    assert float(re.findall(r"mIoU .*best [\d.]+, last ([\d.]+)", case["fault_check"])[0]) > 0.7
    rows = [{"step": 10 * i, "lr": 3e-3, "loss": 0.5, "acc_seg": 80.0, "grad_norm": 1.0} for i in range(1, 4)]
    rows[-1].update(val_loss=0.4, val_aacc=0.9, val_miou=0.7, val_macc=0.8)
    old = (tmp_path / write_mmseg(Logged(rows), tmp_path, "a", "text_pipe", 30)).read_text()
    assert "Iter [10/30]\tlr: 3.000e-03" in old and "decode.loss_ce: 0.5000, decode.acc_seg: 80.0000" in old
    assert "|  aAcc |  mIoU |  mAcc |" in old and "| 90.00 | 70.00 | 80.00 |" in old and "val_loss" not in old
    new = (tmp_path / write_mmseg(Logged(rows), tmp_path, "b", "text_kv", 30)).read_text()
    assert "Iter(train) [10/30]" in new and "Iter(val) [128/128]    aAcc: 90.0000  mIoU: 70.0000" in new
    lines = (tmp_path / write_mmseg(Logged(rows), tmp_path, "c", "jsonl", 30)).read_text().splitlines()
    entries = [json.loads(line) for line in lines[1:]]
    assert "mmseg_version" in json.loads(lines[0]) and entries[0]["decode.loss_ce"] == 0.5
    assert [e["mode"] for e in entries] == ["train", "train", "train", "val"] and entries[-1]["mIoU"] == 0.7


def test_a_qa_reader_finds_the_asked_keys_span_decodes_spans_in_order_and_prints_squad_metrics(tmp_path: Path) -> None:
    import ast

    import torch
    from make_family_casebook import QA_CLOSERS, QA_KEY0, QA_MAX_SPAN, Logged, best_spans, span_scores, write_hf

    task = make_task("qa_span", 0)
    x, span = task.x[:200], task.y[:200]
    passage = x[:, 3:]
    rows = torch.arange(200)
    assert bool((passage[rows, span[:, 0]] == x[:, 1]).all())  # the answer starts at the asked key...
    assert bool((passage[rows, span[:, 1]] == x[:, 1] - QA_KEY0 + QA_CLOSERS).all())  # ...and ends at its closer
    assert int((span[:, 1] - span[:, 0]).max()) < QA_MAX_SPAN
    assert span_scores(span[:, 0], span[:, 1], span) == (100.0, 100.0)
    exact, f1 = span_scores(span[:, 0], span[:, 0], span)  # the key alone: never exact, a partial overlap
    assert exact == 0.0 and 20 < f1 < 80
    out = torch.full((2, passage.shape[1], 2), -5.0)
    out[0, 7, 0], out[0, 3, 1] = 9.0, 9.0  # an end before its start is never decoded
    out[1, 2, 0], out[1, 4, 1] = 9.0, 9.0
    start, end = best_spans(out)
    assert bool((end >= start).all()) and (int(start[1]), int(end[1])) == (2, 4)
    assert 5 < float(task.extra["chance_f1"]) < 40
    case = one_case(tmp_path, "qa_span", "healthy")
    assert case["fault_occurred"] and case["split"] == "tuning"
    assert float(re.findall(r"F1 .*best [\d.]+, last ([\d.]+)", case["fault_check"])[0]) > 80
    naming, names = naming_of(tmp_path, case)
    assert {naming["val_f1"], naming["val_exact"], naming["val_loss"]} <= names
    rows = [{"step": 1.0, "loss": 2.5, "grad_norm": 1.0, "lr": 3e-3, "epoch": 0.01},
            {"step": 2.0, "loss": 2.4, "grad_norm": 1.0, "lr": 3e-3, "epoch": 0.02, "val_loss": 2.3, "val_exact": 40.0,
             "val_f1": 55.5}]  # fmt: skip
    console = (tmp_path / write_hf(Logged(rows), tmp_path, "hf", "text_pipe", task)).read_text().splitlines()
    history = [ast.literal_eval(line) for line in console if line[0] == "{"]
    assert history[0] == {"loss": 2.5, "grad_norm": 1.0, "learning_rate": 3e-3, "epoch": 0.01}  # no step, as printed
    assert history[2]["eval_f1"] == 55.5 and history[-1] == {"exact_match": 40.0, "f1": 55.5}


def test_sft_masks_its_prompts_and_padding_learns_to_stop_and_a_pad_that_is_eos_never_stops(tmp_path: Path) -> None:
    import torch
    from make_family_casebook import IGNORE, SFT_EOS, SFT_PROMPT, sft_labels

    task = make_task("sft_lm", 0)
    y = task.y[:64]
    labels = sft_labels(y, Recipe())
    assert bool((labels[:, :SFT_PROMPT] == IGNORE).all())  # the prompt's labels (and its separator's) masked
    assert bool((labels == SFT_EOS).any(1).all())  # every answer's EOS labelled
    unmasked = sft_labels(y, Recipe(sft_unmasked=True))
    assert bool((unmasked[:, :SFT_PROMPT] != IGNORE).all())
    assert not bool((sft_labels(y, Recipe(sft_pad_eos=True)) == SFT_EOS).any())  # pad = EOS: every EOS masked
    model = make_model("sft_lm", Recipe(), 0)
    x = task.x[:4].clone()
    out = model(x)
    x[:, 10] = (x[:, 10] + 1) % 30  # a later token changes no earlier position's logits
    again = model(x)
    assert torch.allclose(out[:, :10], again[:, :10], atol=1e-5) and not torch.allclose(out[:, 10:], again[:, 10:])
    case = one_case(tmp_path / "a", "sft_lm", "healthy")
    assert case["fault_occurred"] and (case["split"], case["classes"]) == ("tuning", 35)
    assert float(re.findall(r"exact match last ([\d.]+)", case["fault_check"])[0]) > 0.9
    stuck = one_case(tmp_path / "b", "sft_lm", "pad_is_eos")
    assert (
        stuck["fault_occurred"]
        and float(re.findall(r"accuracy best [\d.]+, last ([\d.]+)", stuck["fault_check"])[0]) > 0.8
    )
    assert float(re.findall(r"exact match last ([\d.]+)", stuck["fault_check"])[0]) < 0.1  # it never stops


def test_a_video_nets_single_frames_tell_nothing_its_motion_tells_the_class(tmp_path: Path) -> None:
    import torch
    from make_family_casebook import VID_DIRS

    task = make_task("video3d", 0)
    x, y = task.x[:, 0], task.y
    onehot = torch.nn.functional.one_hot(y, VID_DIRS).float()

    def probe(features: torch.Tensor, val: torch.Tensor) -> float:  # ridge least squares onto one-hot classes
        a = torch.cat([features, torch.ones(len(features), 1)], 1)
        w = torch.linalg.solve(a.T @ a + 1.0 * torch.eye(a.shape[1]), a.T @ onehot)
        return float(((torch.cat([val, torch.ones(len(val), 1)], 1) @ w).argmax(1) == task.y_val).float().mean())

    frame = probe(x[:, 3].flatten(1), task.x_val[:, 0, 3].flatten(1))
    assert frame < 0.2  # one frame: chance (1/8)
    motion = (x[:, 1:] * x[:, :-1].roll(1, dims=2)).sum((2, 3)).mean(1)  # a frame against the last one shifted down
    assert float(motion[y == 2].mean() - motion[y == 6].mean()) > 1.0  # moving down: they match; moving up: they do not
    case = one_case(tmp_path, "video3d", "healthy")
    assert case["fault_occurred"] and (case["split"], case["classes"]) == ("tuning", VID_DIRS)
    assert float(re.findall(r"top-1 .*best [\d.]+, last ([\d.]+)", case["fault_check"])[0]) > 0.6


def test_a_kim_cnn_reads_cue_bigrams_and_prints_its_epochs_as_the_torchtext_tutorials(tmp_path: Path) -> None:
    import torch
    from make_family_casebook import TC_CUES, TC_WIDTHS, KimCNN, Logged, write_text_cnn

    task = make_task("text_cnn", 0)
    cues = (task.x >= 1) & (task.x <= TC_CUES)
    assert bool((cues[:, :-1] & cues[:, 1:]).any(1).all())  # every sentence holds a bigram of cue words
    assert math.isclose(float(task.extra["majority"]), 0.4, abs_tol=0.04)  # the majority class's share
    model = make_model("text_cnn", Recipe(), 0)
    assert isinstance(model, KimCNN) and [c.kernel_size[0] for c in model.convs] == list(TC_WIDTHS)
    model.eval()
    assert torch.allclose(model(task.x[:4]), model(task.x[:4].flip(0)).flip(0))
    rows = [{"step": 20.0, "lr": 3e-3, "loss": 1.2345, "acc": 0.5, "grad_norm": 1.0, "val_loss": 1.1, "val_acc": 0.55}]
    line = (tmp_path / write_text_cnn(Logged(rows), tmp_path, "a", "text_pipe")).read_text().strip()
    assert line == "Epoch: 01 | Train Loss: 1.234 | Train Acc: 50.00% | Val. Loss: 1.100 | Val. Acc: 55.00%"
    three = (tmp_path / write_text_cnn(Logged(rows), tmp_path, "b", "text_kv")).read_text().splitlines()
    assert three == ["Epoch: 01 | Epoch Time: 0m 0s", "\tTrain Loss: 1.234 | Train Acc: 50.00%",
                     "\t Val. Loss: 1.100 |  Val. Acc: 55.00%"]  # fmt: skip
    case = one_case(tmp_path / "run", "text_cnn", "dead_relu")
    assert case["fault_occurred"] and float(re.findall(r"accuracy .*last ([\d.]+)", case["fault_check"])[0]) < 0.45


def test_td3_learns_to_push_the_mass_beyond_a_random_policy_and_logs_sb3s_tables(tmp_path: Path) -> None:
    import torch
    from make_family_casebook import Logged, mass_return, mass_step, write_td3

    task = make_task("td3", 0)
    state = torch.tensor([[0.0, 0.0, 0.5, 0.0]])
    nxt, reward = mass_step(task, state, torch.tensor([[5.0, 0.0]]))  # a force clamped to 1
    assert torch.allclose(nxt, torch.tensor([[0.12, 0.0, 0.6, 0.0]])) and reward.item() < 0
    assert mass_return(task, lambda s: torch.zeros(len(s), 2)) == mass_return(task, lambda s: torch.zeros(len(s), 2))
    assert float(task.extra["best_return"]) > float(task.extra["random_return"]) + 10
    case = one_case(tmp_path, "td3", "healthy")
    assert case["fault_occurred"] and (case["split"], case["classes"]) == ("tuning", None)
    found = re.findall(r"last ([\d.-]+) \(learned above ([\d.-]+)", case["fault_check"])
    assert float(found[0][0]) > float(found[0][1])
    rows = [{"step": 10.0, "lr": 0.01, "loss": 0.05, "actor_loss": 1.5, "grad_norm": 1.0, "reward": -20.0},
            {"step": 20.0, "lr": 0.01, "loss": 0.04, "actor_loss": 1.4, "grad_norm": 1.0, "reward": -15.0,
             "val_reward": -12.0}]  # fmt: skip
    table = (tmp_path / write_td3(Logged(rows), tmp_path, "a", "text_pipe")).read_text()
    assert table.count("| train/") == 2 and table.count("| eval/") == 1 and "|    mean_reward     | -12" in table
    assert "|    critic_loss     | 0.04" in table and "|    actor_loss      | 1.4" in table
    author = (tmp_path / write_td3(Logged(rows), tmp_path, "b", "text_kv")).read_text()
    assert "Evaluation over 32 episodes: -12.000" in author and "Reward: -15.000" in author


def test_round_19s_families_hold_the_cases_they_held_in_round_19() -> None:
    # at least four healthy recipes each (ELECTRA, NER: no plain SGD; ELECTRA: no small batch; the enhancer: no easy
    # task) and seven faults (the enhancer: no softmax to log, its scale-invariant loss blind to a batch x100; DeepFM:
    # its FM learns around a dead or sigmoid deep part, its epochs' means dilute a corrupt batch; ELECTRA: no labels
    # to shuffle or sort by, token ids)
    faults_of = faults_per_family(ROUND19_FAMILIES, FAULTY_R19, HEALTHY_R19, TRACED_R19, 7)
    assert {"overfitting", "random_labels", "deep_sigmoid", "dead_relu"} <= faults_of["speech_enhance"]
    assert "log_of_zero" not in faults_of["speech_enhance"] and "healthy_easy" not in faults_of["speech_enhance"]
    assert {"overfitting", "random_labels", "sorted_data", "log_of_zero"} <= faults_of["ctr_deepfm"]
    assert not {"dead_relu", "deep_sigmoid", "corrupt_batches"} & faults_of["ctr_deepfm"]
    assert {"overfitting", "log_of_zero", "deep_sigmoid", "dead_relu"} <= faults_of["electra"]
    assert not {"random_labels", "sorted_data", "healthy_sgd_momentum"} & faults_of["electra"]
    assert {"corrupt_batches", "log_of_zero", "overfitting", "random_labels"} <= faults_of["pruning"]
    assert {"overfitting", "random_labels", "sorted_data", "log_of_zero"} <= faults_of["curriculum"]
    assert {"overfitting", "random_labels", "log_of_zero", "dead_relu"} <= faults_of["token_ner"]


def test_an_enhancer_starts_as_the_identity_is_scored_by_si_snr_and_prints_conv_tasnets_lines(tmp_path: Path) -> None:
    import torch
    from make_family_casebook import SE_LEARNED, ConvTasNet, Logged, si_snr, write_tasnet

    task = make_task("speech_enhance", 0)
    x, y = task.x[:64], task.y[:64]
    assert torch.allclose(si_snr(3.0 * x + 0.1, y), si_snr(x, y), atol=1e-3)  # scale- and offset-invariant
    assert float(si_snr(y, y).min()) > 60 and abs(float(task.extra["input_si_snr"]) - 3.1) < 1.0  # noise ~3 dB
    model = make_model("speech_enhance", Recipe(), 0)
    assert isinstance(model, ConvTasNet)
    spec = model.encoder(x[:, None])
    assert torch.allclose(model.decoder(spec)[:, 0], x, atol=1e-4)  # the decoder inverts the encoder at the start
    start = float(si_snr(model(x).detach(), y).mean() - si_snr(x, y).mean())
    assert abs(start) < 0.5  # masks near a half: about the mixture's SI-SNR (the loss starts near minus 3 dB)
    clean = torch.fft.rfft(y).abs()
    assert float((clean > 0.2 * clean.amax(1, keepdim=True)).float().mean()) < 0.2  # a few tones: sparse spectra
    case = one_case(tmp_path, "speech_enhance", "healthy")
    assert case["fault_occurred"] and case["split"] == "tuning"
    first, last = (float(v) for v in re.findall(r"loss ([-\d.]+) in the first tenth, ([-\d.]+) in the last",
                                                  case["fault_check"])[0])  # fmt: skip
    assert first < 0 and last < first - 2  # a negative loss, falling
    assert float(re.findall(r"SI-SNRi .*last ([-\d.]+)", case["fault_check"])[0]) > SE_LEARNED
    rows = [{"step": float(i), "loss": -1.0 * i, "lr": 3e-3, "grad_norm": 1.0} for i in range(1, 21)]
    rows[-1].update(val_loss=-8.5, val_si_snr=8.5, val_si_snri=5.25)
    lines = (tmp_path / write_tasnet(Logged(rows), tmp_path, "t")).read_text().splitlines()
    assert lines[1] == "Epoch 1 | Iter 2 | Average Loss -1.500 | Current Loss -2.000000 | 5.0 ms/batch"
    assert "Valid Summary | End of Epoch 1 | Time 0.01s | Valid Loss -8.500 | SI-SNR 8.50 dB | SI-SNRi 5.25 dB" in lines


def test_deepfm_sums_first_order_fm_and_deep_parts_at_a_fifth_of_clicks_and_prints_keras_epochs(tmp_path: Path) -> None:
    import torch
    from make_family_casebook import CTR_CARDS, CTR_EPOCH, DeepFM, Logged, write_keras

    task = make_task("ctr_deepfm", 0)
    assert abs(float(task.y.mean()) - 0.2) < 0.02 and abs(float(task.extra["entropy"]) - 0.5) < 0.02
    model = make_model("ctr_deepfm", Recipe(), 0)
    assert isinstance(model, DeepFM)
    x = task.x[:8]
    ids = x[:, : len(CTR_CARDS)].long()
    v = torch.stack([e(ids[:, i]) for i, e in enumerate(model.embeds)], 1)
    pairs = sum((v[:, i] * v[:, j]).sum(1) for i in range(len(CTR_CARDS)) for j in range(i + 1, len(CTR_CARDS)))
    first = sum(t(ids[:, i]).squeeze(1) for i, t in enumerate(model.first)) + model.dense(x[:, len(CTR_CARDS) :])[:, 0]
    deep = model.deep(torch.cat([v.flatten(1), x[:, len(CTR_CARDS) :]], 1))[:, 0]
    assert torch.allclose(model(x)[0], first + pairs + deep, atol=1e-5)  # the FM's identity: all pairs' products
    case = one_case(tmp_path, "ctr_deepfm", "healthy")
    assert case["fault_occurred"] and (case["split"], case["classes"]) == ("tuning", 2)
    logloss, entropy = (float(v) for v in re.findall(r"logloss last ([\d.]+) \(the base rate's entropy ([\d.]+)",
                                                       case["fault_check"])[0])  # fmt: skip
    assert 0.35 < logloss < 0.95 * entropy
    stuck = one_case(tmp_path / "low", "ctr_deepfm", "lr_too_low")
    assert stuck["fault_occurred"] and float(re.findall(r"AUC .*last ([\d.]+)", stuck["fault_check"])[0]) < 0.6
    rows = [{"step": float(CTR_EPOCH), "lr": 3e-3, "loss": 0.4512, "bce": 0.4498, "grad_norm": 1.0, "val_loss": 0.46,
             "val_bce": 0.4588, "val_auc": 0.7512}]  # fmt: skip
    lines = (tmp_path / write_keras(Logged(rows), tmp_path, "k", "text_pipe")).read_text().splitlines()
    assert lines == [
        "Epoch 1/1",
        f"{CTR_EPOCH}/{CTR_EPOCH} - 0s - loss: 0.4512 - binary_crossentropy: 0.4498 - "
        "val_loss: 0.4600 - val_binary_crossentropy: 0.4588 - val_auc: 0.7512 - 0s/epoch - 2ms/step",
    ]
    table = (tmp_path / write_keras(Logged(rows), tmp_path, "k", "csv")).read_text().splitlines()
    assert table[0] == "epoch,binary_crossentropy,loss,val_auc,val_binary_crossentropy,val_loss"


def test_electra_labels_only_replaced_tokens_weighs_its_discriminator_50x_and_logs_both_parts(tmp_path: Path) -> None:
    import torch
    from make_family_casebook import EL_VOCAB, EL_WEIGHT, Logged, electra_loss, write_electra

    task = make_task("electra", 0)
    task.family = "electra"
    masked = task.x == EL_VOCAB
    assert bool((task.x[~masked] == task.y[~masked]).all()) and bool(masked.any(1).all())
    model = make_model("electra", Recipe(), 0)
    loss, parts = electra_loss(task, model, task.x[:64], task.y[:64], Recipe(), torch.Generator().manual_seed(0))
    assert math.isclose(loss.item(), parts["gen_loss"] + EL_WEIGHT * parts["disc_loss"], rel_tol=1e-5)
    assert 0 < parts["replaced"] < float(masked[:64].float().mean())  # some samples equal their original
    dead = make_model("electra", Recipe(dead_bias=-8.0), 0)
    _, dead_parts = electra_loss(task, dead, task.x[:64], task.y[:64], Recipe(), torch.Generator().manual_seed(0))
    assert dead_parts["disc_auc"] == 0.5  # one score for every token: "original" everywhere
    case = one_case(tmp_path, "electra", "healthy")
    assert case["fault_occurred"] and case["split"] == "tuning"
    assert float(re.findall(r"AUC .*last ([\d.]+)", case["fault_check"])[0]) > 0.65
    rows = [{"step": 20.0, "lr": 3e-3, "loss": 27.5, "gen_loss": 2.5, "disc_loss": 0.5, "grad_norm": 1.0,
             "val_loss": 26.0, "val_gen_loss": 2.4, "val_disc_loss": 0.472, "val_disc_acc": 0.85, "val_disc_auc": 0.7,
             "val_gen_acc": 0.3}]  # fmt: skip
    text = (tmp_path / write_electra(Logged(rows), tmp_path, "e")).read_text()
    assert "INFO:tensorflow:loss = 27.5, generator_loss = 2.5, discriminator_loss = 0.5, step = 20 (0.050 sec)" in text
    assert "Saving dict for global step 20: disc_accuracy = 0.85, disc_auc = 0.7, disc_loss = 0.472" in text


def test_pruning_raises_every_layers_sparsity_keeps_its_masks_and_its_loss_jumps_at_each_event(tmp_path: Path) -> None:
    import torch
    from make_family_casebook import PR_EVENTS, PR_EVERY, PR_STEP, Logged, PrunedCNN, write_distiller

    model = make_model("pruning", Recipe(), 0)
    assert isinstance(model, PrunedCNN) and model.sparsity() == 0.0
    model.prune_at(PR_EVERY)  # no event before PR_EVERY steps have trained
    assert model.sparsity() == 0.0
    for event in range(1, PR_EVENTS + 2):
        model.prune_at(event * PR_EVERY + 1)
        share = min(event, PR_EVENTS) * PR_STEP
        assert abs(model.sparsity() - share) < 0.01  # every layer at the schedule's share (none after the last)
    opt = torch.optim.Adam(model.parameters(), 0.1)
    task = make_task("pruning", 0)
    torch.nn.functional.cross_entropy(model(task.x[:32]), task.y[:32]).backward()
    opt.step()
    model.apply_masks()
    assert abs(model.sparsity() - PR_EVENTS * PR_STEP) < 0.01  # the pruned weights stay 0
    logged, _ = train("pruning", Recipe(), FAMILIES.index("pruning"))
    loss = logged.series("loss")
    for event in range(2, PR_EVENTS + 1):  # the loss right after an event above the ten steps' before it
        at = event * PR_EVERY
        assert loss[at] > sum(loss[at - 10 : at]) / 10
    assert abs(logged.series("sparsity")[-1] - PR_EVENTS * PR_STEP) < 0.01
    case = one_case(tmp_path, "pruning", "healthy")
    assert case["fault_occurred"] and (case["split"], case["classes"]) == ("tuning", 4)
    rows = [{"step": 20.0, "lr": 3e-3, "loss": 0.5, "acc": 0.8, "grad_norm": 1.0, "sparsity": 0.4, "val_loss": 0.4,
             "val_acc": 0.9}]  # fmt: skip
    text = (tmp_path / write_distiller(Logged(rows), tmp_path, "d")).read_text()
    assert "Epoch: [0][   20/   20]    Overall Loss 0.500000" in text and "Total sparsity: 40.00" in text
    assert "==> Top1: 90.000    Loss: 0.400" in text


def test_a_curriculum_grows_its_sums_lengths_in_stages_and_its_loss_rises_at_each_new_stage() -> None:
    import torch
    from make_family_casebook import CUR_DIGITS, CUR_EVERY, CUR_STAGES, curriculum_length

    task = make_task("curriculum", 0)
    a, b = task.x // 10, task.x % 10
    powers = 10 ** torch.arange(CUR_DIGITS)
    total = (task.y * powers).sum(1)
    assert bool(((a * powers).sum(1) + (b * powers).sum(1) - total).remainder(10**CUR_DIGITS).eq(0).all())
    assert curriculum_length(1) == (1, CUR_STAGES[0]) and curriculum_length(CUR_EVERY + 1) == (2, CUR_STAGES[1])
    assert curriculum_length(10 * CUR_EVERY) == (len(CUR_STAGES), CUR_DIGITS)
    model = make_model("curriculum", Recipe(), 0)
    x = task.x[:4].clone()
    out = model(x)
    x[:, 5] = (x[:, 5] + 1) % 100  # a later digit pair changes no earlier digit's logits (a carry flows up only)
    assert torch.allclose(out[:, :5], model(x)[:, :5], atol=1e-5)
    logged, _ = train("curriculum", Recipe(), FAMILIES.index("curriculum"))
    loss, lengths = logged.series("loss"), logged.series("max_len")
    assert sorted(set(lengths)) == list(CUR_STAGES) and lengths == sorted(lengths)
    for stage in range(1, len(CUR_STAGES)):  # the loss of a new stage's first steps above the last stage's last
        at = stage * CUR_EVERY
        assert sum(loss[at : at + 5]) / 5 > sum(loss[at - 5 : at]) / 5
    val = logged.series("val_acc")
    assert val[-1] > 0.5 and val[0] < 0.4  # learned at the full length, not from its first stage's two digits


def test_ner_tags_typed_names_after_cues_scores_entities_as_seqeval_and_prints_its_report(tmp_path: Path) -> None:
    import torch
    from make_family_casebook import IGNORE, NER_PAD, NER_TYPES, Logged, entity_spans, ner_metrics, write_ner_report

    assert entity_spans([0, 1, 2, 0, 3, 0, 6, 5]) == {(0, 1, 2), (1, 4, 4), (2, 6, 6), (2, 7, 7)}  # an I- opens one too
    task = make_task("token_ner", 0)
    assert bool(((task.x == NER_PAD) == (task.y == IGNORE)).all())  # padding labelled -100
    gold = task.y_val
    perfect = ner_metrics(gold.clamp(min=0), gold)
    assert perfect["val_f1"] == perfect["val_precision"] == perfect["val_accuracy"] == 1.0
    none = ner_metrics(torch.zeros_like(gold), gold)  # everything O: no entity found
    assert none["val_f1"] == 0.0 and 0.6 < none["val_accuracy"] < 0.95
    assert sum(perfect[f"val_{t}_number"] for t in NER_TYPES) > len(gold)
    case = one_case(tmp_path, "token_ner", "healthy")
    assert case["fault_occurred"] and (case["split"], case["classes"]) == ("tuning", 7)
    assert float(re.findall(r"F1 .*last ([\d.]+)", case["fault_check"])[0]) > 0.6
    dead = one_case(tmp_path / "dead", "token_ner", "dead_relu")
    assert dead["fault_occurred"] and float(re.findall(r"F1 .*last ([\d.]+)", dead["fault_check"])[0]) == 0.0
    row = {"step": 20.0, "lr": 1e-2, "loss": 0.3, "grad_norm": 1.0, "epoch": 0.2, **perfect, "val_loss": 0.1}
    text = (tmp_path / write_ner_report(Logged([row]), tmp_path, "n")).read_text().splitlines()
    assert text[:3] == ["Iteration 20: loss = 0.3000, lr = 0.01", "***** Eval results *****", "  eval_loss = 0.1000"]
    assert text[3].split() == ["precision", "recall", "f1-score", "support"]
    assert text[5].split()[:4] == ["PER", "1.00", "1.00", "1.00"] and text[-3].split()[:5] == [
        "micro", "avg", "1.00", "1.00", "1.00"
    ]  # fmt: skip


def test_round_20s_families_hold_the_cases_they_held_in_round_20() -> None:
    # at least four healthy recipes each (VQA, GIN: no plain SGD, no small batch) and seven faults (the bi-encoder: no
    # label to sort its pairs by, token ids; the VAE: it reconstructs its input (no labels to shuffle); DnCNN: an MSE,
    # no MLP; GIN: its two logits stay close, no log(0))
    faults_of = faults_per_family(ROUND20_FAMILIES, FAULTY_R20, HEALTHY_R20, TRACED_R20, 7)
    assert {"overfitting", "random_labels", "log_of_zero", "dead_relu"} <= faults_of["sentence_embed"]
    assert not {"sorted_data", "corrupt_batches"} & faults_of["sentence_embed"]
    assert {"overfitting", "random_labels", "sorted_data", "log_of_zero"} <= faults_of["sasrec"]
    assert {"overfitting", "log_of_zero", "deep_sigmoid", "dead_relu"} <= faults_of["text_vae"]
    assert "random_labels" not in faults_of["text_vae"]
    assert {"corrupt_batches", "random_labels", "log_of_zero", "dead_relu"} <= faults_of["vqa"]
    assert not {"healthy_sgd_momentum", "healthy_small_batch"} & faults_of["vqa"]
    assert {"corrupt_batches", "random_labels", "overfitting", "dead_relu"} <= faults_of["dncnn"]
    assert not {"log_of_zero", "deep_sigmoid"} & faults_of["dncnn"]
    assert {"corrupt_batches", "random_labels", "overfitting", "deep_sigmoid"} <= faults_of["gin_graph"]
    assert "log_of_zero" not in faults_of["gin_graph"]


def test_a_bi_encoder_ranks_in_batch_negatives_and_is_scored_as_sentence_transformers_evaluator(tmp_path: Path) -> None:
    import torch
    from make_family_casebook import (
        STE_SCALE,
        STE_TOPICS,
        STE_WORDS,
        Logged,
        mnrl_loss,
        sts_scores,
        write_sentence_transformers,
    )

    task = make_task("sentence_embed", 0)
    task.family = "sentence_embed"
    topic_of = lambda s: ((s - 1) // STE_WORDS).where(s <= STE_TOPICS * STE_WORDS, -1)  # noqa: E731
    shared = [
        len(set(topic_of(a).tolist()) & set(topic_of(b).tolist()) - {-1})
        for a, b in zip(task.x[:64], task.y[:64], strict=True)
    ]
    assert min(shared) >= 1  # a pair's two sentences share their topic, not their words' order
    model = make_model("sentence_embed", Recipe(), 0)
    a, p = task.x[:8], task.y[:8]
    ea, ep = (torch.nn.functional.normalize(model(t), dim=-1) for t in (a, p))
    expected = torch.nn.functional.cross_entropy(STE_SCALE * ea @ ep.T, torch.arange(8))
    assert torch.isclose(mnrl_loss(task, model, a, p, Recipe()), expected)  # in-batch negatives: the others' positives
    gold = task.extra["sts_gold"]
    assert (
        sts_scores((5 - gold[:, None]) * torch.ones(1, 4) + 1, torch.ones(len(gold), 4), gold)["val_euclidean_spearman"]
        > 0.99
    )
    assert sts_scores(torch.ones(len(gold), 4), torch.ones(len(gold), 4), gold)["val_cosine_spearman"] == 0.0
    case = one_case(tmp_path, "sentence_embed", "healthy")
    assert case["fault_occurred"] and case["split"] == "tuning"
    found = re.findall(r"random encoder's ([\d.]+)\) best [\d.]+, last ([\d.]+)", case["fault_check"])[0]
    assert float(found[1]) > float(found[0]) + 0.4
    rows = [{"step": 20.0, "epoch": 0.2, "lr": 3e-3, "loss": 2.5, "grad_norm": 1.0, "val_loss": 2.0,
             **{f"val_{k}_{c}": 0.5 for k in ("cosine", "euclidean", "manhattan", "dot")
                for c in ("pearson", "spearman")}}]  # fmt: skip
    table = (tmp_path / write_sentence_transformers(Logged(rows), tmp_path, "s", "csv")).read_text().splitlines()
    assert table[0].startswith("epoch,steps,cosine_pearson,cosine_spearman,euclidean_pearson") and table[1].startswith(
        "0,20,0.5"
    )
    console = (tmp_path / write_sentence_transformers(Logged(rows), tmp_path, "s", "text_pipe")).read_text()
    assert (
        "Cosine-Similarity :\tPearson: 0.5000\tSpearman: 0.5000" in console
        and "'eval_sts-dev_spearman_cosine': 0.5" in console
    )


def test_sasrec_attends_causally_ranks_every_item_and_prints_its_valid_and_test_lines(tmp_path: Path) -> None:
    import torch
    from make_family_casebook import SAS_ITEMS, SAS_LEN, Logged, SASRec, next_item_metrics, write_sasrec

    task = make_task("sasrec", 0)
    assert bool((task.x[:, 1:] == task.y[:, :-1]).all()) and int(task.x.min()) >= 1 and int(task.x.max()) <= SAS_ITEMS
    following = (task.y[:, :, None] == task.x[:, :, None]).float()  # not a repeat: a chain moves on
    assert float(following.mean()) < 0.1
    model = make_model("sasrec", Recipe(), 0)
    assert isinstance(model, SASRec)
    model.eval()
    seq = task.x_val[:4].clone()
    out = model(seq)
    seq[:, 6] = seq[:, 6] % SAS_ITEMS + 1  # a later item changes no earlier position's query
    assert torch.allclose(out[:, :6], model(seq)[:, :6], atol=1e-5) and not torch.allclose(
        out[:, 6:], model(seq)[:, 6:]
    )
    with torch.no_grad():
        model.items.weight.zero_()  # every item scores the same: ties count halfway, no hit
        assert next_item_metrics(model, task.x_val, task.y_val, SAS_LEN - 1) == (0.0, 0.0)
    case = one_case(tmp_path, "sasrec", "healthy")
    assert case["fault_occurred"] and case["split"] == "tuning"
    assert float(re.findall(r"HR@10 .*last ([\d.]+)", case["fault_check"])[0]) > 0.6  # random ranking's: 10 / 60
    rows = [{"step": float(i), "lr": 3e-3, "loss": 0.5, "grad_norm": 1.0} for i in range(1, 21)]
    rows[-1].update(val_loss=0.4, val_ndcg10=0.5012, val_hr10=0.721, test_ndcg10=0.4907, test_hr10=0.7086)
    text = (tmp_path / write_sasrec(Logged(rows), tmp_path, "a", "text_pipe")).read_text()
    assert "loss in epoch 1 iteration 20: 0.5" in text
    assert "valid (NDCG@10: 0.5012, HR@10: 0.7210), test (NDCG@10: 0.4907, HR@10: 0.7086)" in text
    recbole = (tmp_path / write_sasrec(Logged(rows), tmp_path, "b", "text_kv")).read_text()
    assert "epoch 0 training [time: 0.10s, train loss: 10.0000]" in recbole and "hit@10 : 0.7210" in recbole


def test_a_sentence_vae_anneals_its_kl_its_loss_may_rise_while_it_learns_and_prints_timbmgs_lines(
    tmp_path: Path,
) -> None:
    from make_family_casebook import TV_ANNEAL, TV_CYCLE, Logged, kl_weight, write_sentence_vae

    assert kl_weight(1, False) < 0.01 and kl_weight(TV_ANNEAL, False) == kl_weight(10 * TV_ANNEAL, False) == 1.0
    assert kl_weight(TV_CYCLE // 2 + 1, True) == 1.0 and kl_weight(TV_CYCLE + 1, True) == 0.0  # a new cycle
    task = make_task("text_vae", 0)
    assert bool((task.x == task.y).all()) and 3.5 < float(task.extra["unigram_nll"]) < 3.9  # ~ln 48
    logged, _ = train("text_vae", Recipe(), FAMILIES.index("text_vae"))
    loss, weight = logged.series("loss"), logged.series("kl_weight")
    means = [sum(loss[i : i + 10]) / 10 for i in range(0, len(loss), 10)]
    assert any(b > a for a, b in zip(means, means[1:], strict=False))  # not monotone: the KL's weight rises under it
    assert max(weight) == 1.0 and weight[0] < 0.05
    val = logged.series("val_ppl")
    assert val[-1] < 0.5 * val[0]  # learned: its words' perplexity halved
    case = one_case(tmp_path, "text_vae", "healthy")
    assert case["fault_occurred"] and case["split"] == "tuning" and "posterior collapsed: " in case["fault_check"]
    dead = one_case(tmp_path / "dead", "text_vae", "dead_relu")
    assert dead["fault_occurred"] and "posterior collapsed: yes" in dead["fault_check"]
    rows = [{"step": float(i), "lr": 3e-3, "loss": 14.0, "recon_loss": 13.0, "kl_loss": 2.0, "kl_weight": 0.5,
             "grad_norm": 1.0} for i in range(1, 21)]  # fmt: skip
    rows[-1].update(val_loss=15.0)
    lines = (tmp_path / write_sentence_vae(Logged(rows), tmp_path, "v")).read_text().splitlines()
    assert lines[0] == "TRAIN Batch 0000/19, Loss   14.0000, NLL-Loss   13.0000, KL-Loss    2.0000, KL-Weight  0.500"
    assert lines[-2:] == ["TRAIN Epoch 01/1, Mean ELBO   14.0000", "VALID Epoch 01/1, Mean ELBO   15.0000"]


def test_vqa_needs_the_image_beyond_each_question_types_prior_and_prints_bottom_up_and_mcan_lines(
    tmp_path: Path,
) -> None:
    import torch
    from make_family_casebook import VQA_COUNT0, VQA_PIXELS, VQA_SHAPE0, Logged, corrupt, write_vqa

    task = make_task("vqa", 0)
    kinds, y = task.extra["val_kinds"], task.y_val
    assert bool((y[kinds == 0] < VQA_SHAPE0).all()) and bool((y[kinds == 2] >= VQA_COUNT0).all())
    assert 0.25 < float(task.extra["prior_acc"]) < 0.4  # answering each type's majority: about a third
    bad = corrupt("vqa", task.x[:4])
    assert torch.equal(bad[:, VQA_PIXELS:], task.x[:4, VQA_PIXELS:]) and torch.allclose(
        bad[:, :VQA_PIXELS], 100 * task.x[:4, :VQA_PIXELS]
    )
    model = make_model("vqa", Recipe(), 0)
    x = task.x[:2].clone()
    x[1, VQA_PIXELS:] = x[0, VQA_PIXELS:]
    assert not torch.allclose(model(x)[0], model(x)[1])  # one question, two scenes: two answers
    case = one_case(tmp_path, "vqa", "healthy")
    assert case["fault_occurred"] and (case["split"], case["classes"]) == ("tuning", 10)
    found = re.findall(r"majority answer's ([\d.]+)\) best [\d.]+, last ([\d.]+)", case["fault_check"])[0]
    assert float(found[1]) > float(found[0]) + 0.2
    rows = [{"step": float(i), "lr": 3e-3, "loss": 1.0, "acc": 0.5, "grad_norm": 1.0} for i in range(1, 21)]
    rows[-1].update(val_loss=0.9, val_acc=0.6, val_acc_colour=0.9, val_acc_shape=0.5, val_acc_number=0.4)
    text = (tmp_path / write_vqa(Logged(rows), tmp_path, "a", "text_pipe")).read_text().splitlines()
    assert text == ["epoch 0, time: 0.10", "\ttrain_loss: 1.00, score: 50.00", "\teval score: 60.00 (100.00)"]
    mcan = (tmp_path / write_vqa(Logged(rows), tmp_path, "b", "text_kv")).read_text()
    assert (
        "[epoch  1][step   20/  20][Train] loss: 1.0000, lr: 3.00e-03" in mcan and "Overall Accuracy is: 60.00" in mcan
    )


def test_dncnn_learns_the_noise_residually_beats_its_noisy_inputs_psnr_and_prints_kairs_lines(tmp_path: Path) -> None:
    import torch
    from make_family_casebook import DN_SIGMA, DnCNN, Logged, image_psnr, write_kair

    task = make_task("dncnn", 0)
    assert abs(float(task.x.sub(task.y).std()) - DN_SIGMA) < 0.005 and float(task.y.min()) >= 0.0
    assert abs(float(task.extra["input_psnr"]) - 20.0) < 0.5  # sigma 0.1: 20 dB
    assert image_psnr(task.y_val, task.y_val) > 100
    model = make_model("dncnn", Recipe(), 0)
    assert isinstance(model, DnCNN)
    last = model.net[-1]
    assert isinstance(last, torch.nn.Conv2d) and last.bias is None
    with torch.no_grad():
        last.weight.zero_()  # no noise predicted: the input itself
    assert torch.equal(model(task.x_val[:4]), task.x_val[:4])
    case = one_case(tmp_path, "dncnn", "healthy")
    assert case["fault_occurred"] and case["split"] == "tuning"
    assert float(re.findall(r"PSNR gain .*last ([\d.-]+)", case["fault_check"])[0]) > 3.0
    rows = [{"step": float(i), "lr": 1e-4, "loss": 0.01234, "psnr": 20.0, "grad_norm": 1.0} for i in range(1, 21)]
    rows[-1].update(val_loss=0.001, val_psnr=28.123)
    lines = (tmp_path / write_kair(Logged(rows), tmp_path, "k", 640)).read_text().splitlines()
    assert lines[0].endswith(" : <epoch:  0, iter:       1, lr:1.000e-04> G_loss: 1.234e-02 ")
    assert lines[-1].endswith(" : <epoch:  1, iter:      20, Average PSNR : 28.12dB")


def test_gin_is_blind_to_node_order_its_labels_follow_rings_and_it_prints_ogbs_and_pygs_lines(tmp_path: Path) -> None:
    import torch
    from make_family_casebook import GIN_ATOMS, GIN_MAX, Logged, write_graph

    task = make_task("gin_graph", 0)
    m = GIN_MAX
    adj, feats = task.x[:, : m * m].view(-1, m, m), task.x[:, m * m :].view(-1, m, GIN_ATOMS)
    nodes, edges = feats.sum((1, 2)), adj.sum((1, 2)) / 2
    ring = (edges == nodes).long()  # a tree has a node's count less one edge; a ring closes one more
    assert bool(((edges == nodes) | (edges == nodes - 1)).all())
    assert 0.85 < float((ring == task.y).float().mean()) < 0.95  # a tenth of the labels flipped
    model = make_model("gin_graph", Recipe(), 0)
    perm = torch.randperm(m)
    moved = torch.cat([adj[:4][:, perm][:, :, perm].flatten(1), feats[:4][:, perm].flatten(1)], 1)
    assert torch.allclose(model(task.x[:4]), model(moved), atol=1e-4)  # sums: the nodes' order does not matter
    case = one_case(tmp_path, "gin_graph", "healthy")
    assert case["fault_occurred"] and (case["split"], case["classes"]) == ("tuning", 2)
    assert float(re.findall(r"ROC-AUC .*last ([\d.]+)", case["fault_check"])[0]) > 0.8
    rows = [{"step": float(i), "lr": 3e-3, "loss": 0.5, "acc": 0.7, "grad_norm": 1.0} for i in range(1, 21)]
    rows[-1].update(val_loss=0.5, val_acc=0.78, val_auc=0.78, test_acc=0.69, test_auc=0.77, train_acc=0.71,
                    train_auc=0.81)  # fmt: skip
    ogb = (tmp_path / write_graph(Logged(rows), tmp_path, "o", "text_pipe")).read_text().splitlines()
    assert ogb[0] == "=====Epoch 1" and "{'Train': 0.81, 'Validation': 0.78, 'Test': 0.77}" in ogb
    pyg = (tmp_path / write_graph(Logged(rows), tmp_path, "p", "text_kv")).read_text().strip()
    assert pyg == "Epoch: 001, Loss: 0.5000, Train Acc: 0.7100, Test Acc: 0.6900"


def test_round_21s_families_hold_the_cases_they_held_in_round_21() -> None:
    # at least four healthy recipes each (only the word LM with SGD's momentum; the protonet: no small batch) and six
    # faults (the adversarial CNN: no corrupt batch nor log(0), its bars and attacks hold it; the word LM: token ids, no
    # MLP; the continual learner and the protonet: no tiny training set to overfit)
    faults_of = faults_per_family(ROUND21_FAMILIES, FAULTY_R21, HEALTHY_R21, TRACED_R21, 6)
    assert {"random_labels", "sorted_data", "deep_sigmoid", "dead_relu"} <= faults_of["adv_train"]
    assert not {"corrupt_batches", "log_of_zero", "overfitting"} & faults_of["adv_train"]
    assert {"random_labels", "sorted_data", "corrupt_batches", "log_of_zero", "dead_relu"} <= faults_of["continual_ewc"]
    assert {"random_labels", "corrupt_batches", "log_of_zero", "deep_sigmoid"} <= faults_of["protonet"]
    assert not {"healthy_small_batch", "sorted_data", "overfitting"} & faults_of["protonet"]
    assert {"corrupt_batches", "log_of_zero", "deep_sigmoid", "dead_relu"} <= faults_of["bayes_bnn"]
    assert {"overfitting", "random_labels", "corrupt_batches", "log_of_zero"} <= faults_of["deepar"]
    assert {"random_labels", "sorted_data", "log_of_zero", "healthy_sgd_momentum"} <= faults_of["word_lm"]
    assert not {"corrupt_batches", "dead_relu", "deep_sigmoid"} & faults_of["word_lm"]


def test_adversarial_training_attacks_within_its_ball_and_beats_a_standard_cnn_under_pgd(tmp_path: Path) -> None:
    import torch
    from make_family_casebook import ADV_EPS, Logged, pgd_attack, write_adversarial

    task = make_task("adv_train", 0)
    model = make_model("adv_train", Recipe(), 0)
    x, y = task.x_val[:64], task.y_val[:64]
    attacked = pgd_attack(model, x, y, torch.Generator().manual_seed(0))
    assert float((attacked - x).abs().max()) <= ADV_EPS + 1e-6  # projected into the L-inf ball
    with torch.no_grad():
        ce = torch.nn.functional.cross_entropy
        assert float(ce(model(attacked), y)) > float(ce(model(x), y))  # up the loss
    case = one_case(tmp_path, "adv_train", "healthy")
    assert case["fault_occurred"] and (case["split"], case["classes"]) == ("tuning", 4)
    base, last = (float(v) for v in re.findall(r"without attacks ([\d.]+)\) best [\d.]+, last ([\d.]+)",
                                                case["fault_check"])[0])  # fmt: skip
    assert last > base + 0.1  # robust beyond the CNN trained on clean images alone
    assert float(re.findall(r"([\d.]+) in the last", case["fault_check"])[0]) > 0.3  # its attacked loss stays high
    assert float(re.findall(r"clean accuracy last ([\d.]+)", case["fault_check"])[0]) > 0.9
    rows = [{"step": float(i), "lr": 3e-3, "loss": 1.0, "acc": 0.5, "grad_norm": 1.0} for i in range(1, 21)]
    rows[-1].update(val_loss=0.5, val_acc=0.85, val_robust_loss=1.2, val_robust_acc=0.45)
    text = (tmp_path / write_adversarial(Logged(rows), tmp_path, "a", "text_pipe")).read_text().splitlines()
    assert text[0] == "Epoch: [0][ 1/20]\tLoss 1.0000 (1.0000)\tAcc@1  50.00 ( 50.00)"
    assert text[-1] == " * Clean Acc 85.000 Robust Acc 45.000 Clean Loss 0.5000 Robust Loss 1.2000"
    trades = (tmp_path / write_adversarial(Logged(rows), tmp_path, "b", "text_kv")).read_text()
    assert "nat_acc 85.00 | adv_loss 1.2000, adv_acc 45.00" in trades


def test_a_continual_learner_meets_its_tasks_in_turn_its_loss_jumps_and_it_prints_avalanches_metrics(
    tmp_path: Path,
) -> None:
    import torch
    from make_family_casebook import CL_TASKS, ContinualMLP, Logged, continual_experience, write_continual

    task = make_task("continual_ewc", 0)
    assert set(task.x[:, -1].long().tolist()) == set(range(CL_TASKS))
    assert [continual_experience(s, 300) for s in (1, 75, 76, 300)] == [0, 0, 1, 3]
    model = make_model("continual_ewc", Recipe(), 0, task)
    assert isinstance(model, ContinualMLP)
    first = task.x[:, -1] == 0
    model.consolidate(task.x[first], task.y[first])
    assert model.penalty().item() == 0.0  # at its anchor
    with torch.no_grad():
        for p in model.parameters():
            p.add_(0.1)
    assert model.penalty().item() > 0.0  # away from it, weighed by the Fisher
    logged, _ = train("continual_ewc", Recipe(), FAMILIES.index("continual_ewc"))
    loss, seen = logged.series("loss"), logged.series("experience")
    assert seen[0] == 0 and seen[-1] == CL_TASKS - 1 and seen == sorted(seen)
    for start in (75, 150, 225):  # each new task's first steps: its loss jumps
        assert sum(loss[start : start + 3]) / 3 > 2 * sum(loss[start - 10 : start]) / 10
    case = one_case(tmp_path, "continual_ewc", "healthy")
    assert case["fault_occurred"] and case["split"] == "tuning" and "forgetting " in case["fault_check"]
    assert float(re.findall(r"4 tasks .*last ([\d.]+)", case["fault_check"])[0]) > 0.45
    rows = [{"step": float(i), "lr": 3e-3, "loss": 0.4, "ce_loss": 0.3, "ewc_penalty": 0.1, "experience": 1.0,
             "acc": 0.87, "grad_norm": 1.0} for i in range(1, 21)]  # fmt: skip
    rows[-1].update(val_loss=0.5, val_acc=0.521, **{f"val_acc_task{t}": 0.5 for t in range(CL_TASKS)})
    text = (tmp_path / write_continual(Logged(rows), tmp_path, "a", "text_pipe")).read_text().splitlines()
    assert "\tLoss_Epoch/train_phase/train_stream/Task001 = 0.4000" in text
    assert "\tTop1_Acc_Exp/eval_phase/test_stream/Task002/Exp002 = 0.5000" in text
    assert text[-1] == "\tTop1_Acc_Stream/eval_phase/test_stream/Task000 = 0.5210"
    table = (tmp_path / write_continual(Logged(rows), tmp_path, "b", "text_kv")).read_text()
    assert "[Task 2][Iter   20] loss: 0.4000 (ce: 0.3000, ewc: 0.1000)" in table and "average:  52.10%" in table


def test_a_protonet_classifies_by_distance_to_prototypes_and_generalises_to_held_out_classes(tmp_path: Path) -> None:
    import torch
    from make_family_casebook import PROTO_SEEN, PROTO_WAY, Logged, episode_indices, proto_logits, write_protonet

    task = make_task("protonet", 0)
    assert int(task.y.max()) < PROTO_SEEN <= int(task.y_val.min())  # held-out classes only in its episodes
    emb = torch.eye(PROTO_WAY)[:, None].repeat(1, 4, 1)  # each class's images at its own point
    logits, target = proto_logits(emb, 2)
    assert bool((logits.argmax(1) == target).all()) and logits.shape == (PROTO_WAY * 2, PROTO_WAY)
    model = make_model("protonet", Recipe(), 0)
    by_class = [(task.y == c).nonzero()[:, 0] for c in range(PROTO_SEEN)]
    idx = episode_indices(by_class, 32, torch.Generator().manual_seed(0), model)
    assert len(idx) == PROTO_WAY * 10 and len(set(task.y[idx].tolist())) == PROTO_WAY and model.shot == 5
    assert bool((task.y[idx].view(PROTO_WAY, 10) == task.y[idx].view(PROTO_WAY, 10)[:, :1]).all())
    case = one_case(tmp_path, "protonet", "healthy")
    assert case["fault_occurred"] and (case["split"], case["classes"]) == ("tuning", PROTO_WAY)
    base, last = (float(v) for v in re.findall(r"untrained embedding's ([\d.]+)\) best [\d.]+, last ([\d.]+)",
                                                case["fault_check"])[0])  # fmt: skip
    assert last > base + 0.15
    rows = [{"step": float(i), "lr": 3e-3, "loss": 1.0, "acc": 0.5, "grad_norm": 1.0} for i in range(1, 21)]
    rows[-1].update(val_loss=0.9, val_acc=0.6)
    text = (tmp_path / write_protonet(Logged(rows), tmp_path, "a", "text_pipe")).read_text().splitlines()
    assert text == ["Epoch 1 | train loss 1.0000, acc 0.5000 | val loss 0.9000, acc 0.6000"]
    l2l = (tmp_path / write_protonet(Logged(rows), tmp_path, "b", "text_kv")).read_text()
    assert "Iteration 20\nMeta Train Error 1.0\nMeta Train Accuracy 0.5\nMeta Valid Error 0.9" in l2l


def test_a_bayes_by_backprop_mlp_samples_its_weights_weighs_its_kl_by_batches_and_prints_blitzs_lines(
    tmp_path: Path,
) -> None:
    import torch
    from make_family_casebook import BNN_PRIOR, BayesLinear, BayesMLP, Logged, bnn_loss, write_bnn

    layer = BayesLinear(3, 2)
    x = torch.randn(4, 3)
    assert not torch.equal(layer(x), layer(x))  # a fresh weight sample every pass
    with torch.no_grad():
        layer.weight_mu.zero_()
        layer.bias_mu.zero_()
        sigma = torch.nn.functional.softplus(layer.weight_rho)
        assert layer.kl().item() > 0
        layer.weight_rho.fill_(math.log(math.expm1(BNN_PRIOR)))
        layer.bias_rho.fill_(math.log(math.expm1(BNN_PRIOR)))
    assert abs(layer.kl().item()) < 1e-4 and float(sigma.max()) < 0.01  # the prior itself: no KL
    task = make_task("bayes_bnn", 0)
    model = make_model("bayes_bnn", Recipe(), 0)
    assert isinstance(model, BayesMLP)
    model.batches = 1
    _, one = bnn_loss(model, task.x[:32], task.y[:32], Recipe())
    model.batches = 96
    _, many = bnn_loss(model, task.x[:32], task.y[:32], Recipe())
    assert abs(one["kl"] / many["kl"] - 96) < 1  # the KL's share of a batch: one over the number of batches
    logged, _ = train("bayes_bnn", Recipe(), FAMILIES.index("bayes_bnn"))
    kl = logged.series("kl")
    assert kl[-1] < 0.9 * kl[0]  # its posteriors widen towards the prior: the KL falls
    case = one_case(tmp_path, "bayes_bnn", "healthy")
    assert case["fault_occurred"] and case["split"] == "tuning"
    assert float(re.findall(r"RMSE gain .*last ([\d.]+)", case["fault_check"])[0]) > 0.4
    rows = [{"step": 20.0, "lr": 3e-3, "loss": 4.1234, "nll": 1.2345, "kl": 2.8889, "grad_norm": 1.0, "val_loss": 1.5,
             "val_rmse": 0.4321, "val_ci_acc": 0.95, "val_ci_upper": 0.97, "val_ci_lower": 0.98,
             "val_pred_std": 0.1234}]  # fmt: skip
    lines = (tmp_path / write_bnn(Logged(rows), tmp_path, "b")).read_text().splitlines()
    assert lines == ["Iteration: 20 | ELBO: 4.1234 | NLL: 1.2345 | KL: 2.8889",
                     "CI acc: 0.95, CI upper acc: 0.97, CI lower acc: 0.98",
                     "Val RMSE: 0.4321, predictive std: 0.1234, Val NLL: 1.5000"]  # fmt: skip


def test_deepar_forecasts_without_its_horizon_beats_seasonal_naive_and_prints_gluonts_and_lightning_logs(
    tmp_path: Path,
) -> None:
    import torch
    from make_family_casebook import AR_CONTEXT, Logged, deepar_forecast, write_forecasting_csv, write_gluonts

    task = make_task("deepar", 0)
    model = make_model("deepar", Recipe(), 0)
    x = task.x_val[:8]
    hidden = x.clone()
    hidden[:, AR_CONTEXT:] = 0.0  # the horizon's values never reach the forecast
    assert torch.allclose(deepar_forecast(model, x)[0], deepar_forecast(model, hidden)[0])
    assert float(task.extra["naive_mae"]) > 0.2  # the trends move a season on
    case = one_case(tmp_path, "deepar", "healthy")
    assert case["fault_occurred"] and case["split"] == "tuning"
    assert float(re.findall(r"([-\d.]+) in the last", case["fault_check"])[0]) < 0  # a Gaussian NLL below 0
    assert float(re.findall(r"CRPS gain .*last ([\d.]+)", case["fault_check"])[0]) > 0.4  # seasonal naive's: 0
    rows = [{"step": float(i), "lr": 0.01, "loss": -0.41, "grad_norm": 1.0} for i in range(1, 21)]
    rows[-1].update(val_loss=-0.5, val_mae=0.2, val_rmse=0.25, val_crps=0.15)
    text = (tmp_path / write_gluonts(Logged(rows), tmp_path, "g")).read_text()
    assert "INFO:gluonts.trainer:Epoch[0] Learning rate is 0.01" in text
    assert "Epoch[0] Evaluation metric 'epoch_loss'=-0.410000" in text and '"CRPS": 0.15' in text
    table = (tmp_path / write_forecasting_csv(Logged(rows), tmp_path, "c")).read_text().splitlines()
    assert table[0] == "epoch,step,train_loss_step,train_loss_epoch,val_loss,val_MAE,val_RMSE,val_CRPS"
    assert table[-2] == "0,19,,,-0.5,0.2,0.25,0.15" and table[-1].startswith("0,19,,-0.41")


def test_a_word_lm_ties_its_weights_anneals_its_rate_by_4_and_prints_the_examples_lines(tmp_path: Path) -> None:
    from make_family_casebook import WLM_LR, WLM_VOCAB, Logged, WordLM, write_word_lm

    model = make_model("word_lm", Recipe(), 0)
    assert isinstance(model, WordLM) and model.decoder.weight is model.encoder.weight  # tied
    task = make_task("word_lm", 0)
    assert bool((task.x[:, 1:] == task.y[:, :-1]).all()) and int(task.y.max()) < WLM_VOCAB
    assert float(task.extra["unigram_nll"]) > 3.0
    logged, _ = train("word_lm", Recipe(), FAMILIES.index("word_lm"))
    rates = logged.series("lr")
    assert rates[0] == WLM_LR and set(rates) <= {WLM_LR / 4**k for k in range(10)}  # 20, then divided by 4
    best = math.inf
    for row, after in zip(logged.rows, logged.rows[1:], strict=False):  # annealed exactly when it did not improve
        if "val_loss" in row:
            assert after["lr"] == (row["lr"] if row["val_loss"] < best else row["lr"] / 4)
            best = min(best, row["val_loss"])
    case = one_case(tmp_path, "word_lm", "healthy")
    assert case["fault_occurred"] and (case["split"], case["classes"]) == ("tuning", WLM_VOCAB)
    assert float(re.findall(r"NLL gain .*last ([\d.]+)", case["fault_check"])[0]) > 0.35
    rows = [{"step": float(i), "lr": 20.0, "loss": 3.78, "grad_norm": 1.0} for i in range(1, 21)]
    rows[-1].update(val_loss=5.84, val_ppl=343.9, test_loss=5.76, test_ppl=317.9)
    lines = (tmp_path / write_word_lm(Logged(rows), tmp_path, "w", "text_pipe")).read_text().splitlines()
    assert lines[0] == "| epoch   1 |     5/   20 batches | lr 20.00 | ms/batch 45.50 | loss  3.78 | ppl    43.82"
    end = "| end of epoch   1 | time:  0.91s | valid loss  5.84 | valid ppl   343.78"
    assert lines[4:7] == ["-" * 89, end, "-" * 89]
    assert lines[-2] == "| End of training | test loss  5.76 | test ppl   317.35"
    awd = (tmp_path / write_word_lm(Logged(rows), tmp_path, "a", "text_kv")).read_text().splitlines()
    assert awd[0].endswith("| lr 20.00000 | ms/batch 45.50 | loss  3.78 | ppl    43.82 | bpc    5.453")


def test_round_22s_families_hold_the_cases_they_held_in_round_22() -> None:
    # at least four healthy recipes each (no plain SGD but TabNet's; not the inpainter at batches of 8) and seven
    # faults (the LSTM autoencoder, the inpainter, the forecaster: MSEs, no log(0), and no tiny set to overfit; the HAN,
    # the translator: token ids, no corrupt batch, and the HAN's logits stay small, no log(0); TabNet, the inpainter: no
    # MLP for a deep sigmoid stack)
    faults_of = faults_per_family(ROUND22_FAMILIES, FAULTY_R22, HEALTHY_R22, TRACED_R22, 7)
    assert {"random_labels", "sorted_data", "deep_sigmoid", "dead_relu"} <= faults_of["lstm_ae_anomaly"]
    assert not {"corrupt_batches", "log_of_zero", "overfitting", "healthy_sgd_momentum"} & faults_of["lstm_ae_anomaly"]
    assert {"random_labels", "corrupt_batches", "dead_relu"} <= faults_of["inpainting"]
    assert not {"healthy_small_batch", "deep_sigmoid", "log_of_zero"} & faults_of["inpainting"]
    assert {"overfitting", "random_labels", "log_of_zero", "dead_relu", "healthy_sgd_momentum"} <= faults_of["tabnet"]
    assert {"corrupt_batches", "random_labels", "deep_sigmoid", "dead_relu"} <= faults_of["stgcn_traffic"]
    assert {"overfitting", "random_labels", "deep_sigmoid", "dead_relu"} <= faults_of["han_doc"]
    assert "log_of_zero" not in faults_of["han_doc"]
    assert {"overfitting", "random_labels", "log_of_zero", "deep_sigmoid"} <= faults_of["bahdanau_nmt"]
    assert not {"corrupt_batches"} & (faults_of["han_doc"] | faults_of["bahdanau_nmt"])


def test_an_lstm_autoencoders_anomalies_keep_their_energy_and_it_reconstructs_them_worse_than_normal_windows(
    tmp_path: Path,
) -> None:
    from make_family_casebook import AE_LATENT, Logged, LSTMAutoencoder, write_lstm_ae

    task = make_task("lstm_ae_anomaly", 0)
    anomalies = task.extra["anomalies"]
    assert abs(float(anomalies.pow(2).mean()) / float(task.x_val.pow(2).mean()) - 1) < 0.1  # as much energy
    assert abs(float(task.extra["const_auc"]) - 0.5) < 0.1  # the best constant window tells nothing
    model = make_model("lstm_ae_anomaly", Recipe(), 0)
    assert isinstance(model, LSTMAutoencoder) and model.bottleneck[-1].out_features == AE_LATENT
    logged, _ = train("lstm_ae_anomaly", Recipe(), FAMILIES.index("lstm_ae_anomaly"))
    last = [r for r in logged.rows if "val_loss" in r][-1]
    assert last["val_anomaly_loss"] > 2 * last["val_loss"]  # off the normal windows' manifold
    case = one_case(tmp_path, "lstm_ae_anomaly", "random_labels")
    assert case["fault_occurred"] and case["split"] == "tuning"  # windows reconstructed as others: no anomaly told
    rows = [{"step": float(i), "lr": 3e-3, "loss": 0.5, "grad_norm": 1.0} for i in range(1, 21)]
    rows[-1].update(val_loss=0.25, val_anomaly_loss=0.75, val_auc=0.9)
    text = (tmp_path / write_lstm_ae(Logged(rows), tmp_path, "a", "text_pipe")).read_text().splitlines()
    assert text == ["Epoch 1: train loss 0.5 val loss 0.25 | anomaly val loss 0.7500 | ROC AUC 0.9000"]
    keras = (tmp_path / write_lstm_ae(Logged(rows), tmp_path, "b", "text_kv")).read_text().splitlines()
    assert keras[0] == "Epoch 1/1" and keras[1].endswith(
        "- loss: 0.5000 - val_loss: 0.2500 - val_anomaly_loss: 0.7500 - val_auc: 0.9000"
    )


def test_an_inpainter_sees_no_pixel_of_its_hole_is_scored_there_only_and_beats_the_mean_fill(tmp_path: Path) -> None:
    import torch
    from make_family_casebook import Logged, hole_mse, write_inpainting

    task = make_task("inpainting", 0)
    hole = task.x[:, 1:]
    assert bool((task.x[:, :1][hole > 0] == 0).all()) and set(hole.flatten(1).sum(1).tolist()) == {16.0}
    out = task.y[:8].clone()
    out[hole[:8] == 0] = 5.0  # wrong everywhere but in the hole
    assert float(hole_mse(out, task.x[:8], task.y[:8])) == 0.0
    assert float(hole_mse(torch.zeros_like(out), task.x[:8], task.y[:8])) > 0.1
    case = one_case(tmp_path, "inpainting", "healthy")
    assert case["fault_occurred"] and case["split"] == "tuning"
    assert float(re.findall(r"mean \(its MSE [\d.]+\) best [\d.]+, last ([\d.]+)", case["fault_check"])[0]) > 0.4
    rows = [{"step": float(i), "lr": 1e-2, "loss": 0.0123, "grad_norm": 1.0} for i in range(1, 21)]
    rows[-1].update(val_loss=0.01, val_psnr=20.0)
    text = (tmp_path / write_inpainting(Logged(rows), tmp_path, "a")).read_text().splitlines()
    assert text[0] == "[1/1][1/20] Loss_G_l2: 0.0123" and text[-1] == " * Test hole MSE: 0.0100 PSNR: 20.00 dB"


def test_tabnets_sparsemax_masks_sum_to_one_with_exact_zeros_and_its_prior_discourages_reuse(tmp_path: Path) -> None:
    import torch
    from make_family_casebook import TABNET_STEPS, Logged, TabNet, sparsemax, write_tabnet

    z = torch.tensor([[3.0, 1.0, 0.5, -1.0], [0.1, 0.1, 0.1, 0.1]])
    p = sparsemax(z)
    assert torch.allclose(p.sum(1), torch.ones(2)) and p[0].tolist() == [1.0, 0.0, 0.0, 0.0]
    assert torch.allclose(p[1], torch.full((4,), 0.25))  # ties: uniform
    task = make_task("tabnet", 0)
    model = make_model("tabnet", Recipe(), 0)
    assert isinstance(model, TabNet)
    model(task.x[:64])
    masks = model.masks  # (rows, steps, features)
    assert masks.shape[1] == TABNET_STEPS and torch.allclose(masks.sum(2), torch.ones(64, TABNET_STEPS))
    case = one_case(tmp_path, "tabnet", "healthy")
    assert case["fault_occurred"] and (case["split"], case["classes"]) == ("tuning", 4)
    assert float(re.findall(r"accuracy \(chance 0.25\) best [\d.]+, last ([\d.]+)", case["fault_check"])[0]) > 0.6
    rows = [{"step": float(i), "lr": 3e-3, "loss": 1.2, "grad_norm": 1.0} for i in range(1, 21)]
    rows[-1].update(val_loss=1.1, val_acc=0.55)
    text = (tmp_path / write_tabnet(Logged(rows), tmp_path, "t")).read_text().splitlines()
    assert text[0] == "epoch 0  | loss: 1.20000 | valid_logloss: 1.1     | valid_accuracy: 0.55    |  0:00:00s"
    assert text[1].startswith("Stop training because you reached max_epochs = 1 with best_epoch = 0")


def test_stgcns_graph_convolution_reaches_one_hop_and_it_beats_repeating_the_last_speeds(tmp_path: Path) -> None:
    import torch
    from make_family_casebook import Logged, write_traffic

    task = make_task("stgcn_traffic", 0)
    model = make_model("stgcn_traffic", Recipe(), 0)
    x = task.x_val[:4]
    moved = x.clone()
    moved[:, :, 1] += 1.0  # sensor 1's past
    with torch.no_grad():
        change = (model(moved) - model(x)).abs().amax((0, 1))
    assert bool((change[[0, 1, 2]] > 0).all()) and float(change[5]) == 0.0  # its neighbours, not a far sensor
    case = one_case(tmp_path, "stgcn_traffic", "healthy")
    assert case["fault_occurred"] and case["split"] == "tuning"
    assert (
        float(re.findall(r"last speeds \(their MAE [\d.]+\) best [\d.]+, last ([\d.]+)", case["fault_check"])[0]) > 0.3
    )
    rows = [{"step": float(i), "lr": 0.01, "loss": 0.004, "grad_norm": 1.0} for i in range(1, 21)]
    rows[-1].update(val_loss=0.003, val_mae=0.04, val_rmse=0.05, val_wmape=0.045)
    text = (tmp_path / write_traffic(Logged(rows), tmp_path, "s", "text_pipe")).read_text().splitlines()
    assert text[0].startswith("Epoch: 001 | Lr: 0.01000000000000000021 |Train loss: 0.004000 | Val loss: 0.003000")
    assert text[1] == "Dataset ring-road | Test loss 0.003000 | MAE 0.040000 | RMSE 0.050000 | WMAPE 0.04500000"
    gwn = (tmp_path / write_traffic(Logged(rows), tmp_path, "g", "text_kv")).read_text().splitlines()
    assert gwn[0].startswith("Epoch: 001, Train Loss: 0.0040, Valid Loss: 0.0030, Valid MAE: 0.0400")


def test_a_han_reads_the_key_sentences_topic_beyond_a_bag_of_words(tmp_path: Path) -> None:
    from make_family_casebook import HAN_FIRST_TOPIC, HAN_KEY, HAN_TOPIC_WORDS, Logged, write_han

    task = make_task("han_doc", 0, easy=True)
    assert bool(((task.x == HAN_KEY).flatten(1).sum(1) == 1).all())  # one key word a document
    keyed = (task.x == HAN_KEY).any(2).float().argmax(1)
    sentence = task.x[range(len(task.x)), keyed]
    topical = sentence[sentence >= HAN_FIRST_TOPIC].view(len(task.x), -1)
    topic = (topical - HAN_FIRST_TOPIC) // HAN_TOPIC_WORDS
    assert float((topic == task.y[:, None]).float().mean()) > 0.9  # its class: the keyed sentence's topic
    case = one_case(tmp_path, "han_doc", "healthy")
    assert case["fault_occurred"] and (case["split"], case["classes"]) == ("tuning", 4)
    base, last = (float(v) for v in re.findall(r"commonest topic ([\d.]+)\) best [\d.]+, last ([\d.]+)",
                                                case["fault_check"])[0])  # fmt: skip
    assert base < 0.6 and last > base + 0.2  # beyond what the document's words alone tell
    rows = [{"step": 1.0, "lr": 0.003, "loss": 1.25, "acc": 0.5, "grad_norm": 1.0, "val_loss": 1.5, "val_acc": 0.25}]
    text = (tmp_path / write_han(Logged(rows), tmp_path, "h")).read_text().splitlines()
    assert text == ["Epoch: 1/1, Iteration: 1/20, Lr: 0.003, Loss: 1.25, Accuracy: 0.5",
                    "Epoch: 1/1, Lr: 0.003, Loss: 1.5, Accuracy: 0.25"]  # fmt: skip


def test_a_bahdanau_translator_reorders_its_words_masks_source_padding_and_stops_at_eos(tmp_path: Path) -> None:
    import torch
    from make_family_casebook import NMT_EOS, NMT_PAD, BahdanauNMT, Logged, write_opennmt

    task = make_task("bahdanau_nmt", 0)
    assert float(task.extra["mono_bleu"]) < 0.6  # a word-for-word translation in the source's order is far off
    model = make_model("bahdanau_nmt", Recipe(), 0)
    assert isinstance(model, BahdanauNMT)
    src = task.x_val[:16]
    with torch.no_grad():
        keys, mask, state, projected = model.encode(src)
        weights = model.attention(state, keys, mask, projected)
        said = model.translate(src)
    assert float(weights[~mask].abs().max()) < 1e-3 and torch.allclose(weights.sum(1), torch.ones(16))
    for row in said.tolist():  # padding after the first EOS
        if NMT_EOS in row:
            assert set(row[row.index(NMT_EOS) + 1 :]) <= {NMT_PAD}
    case = one_case(tmp_path, "bahdanau_nmt", "healthy")
    assert case["fault_occurred"] and case["split"] == "tuning"
    assert float(re.findall(r"BLEU .* best [\d.]+, last ([\d.]+)", case["fault_check"])[0]) > 0.9
    rows = [{"step": float(i), "lr": 3e-3, "loss": 2.0, "acc": 0.5, "grad_norm": 1.0} for i in range(1, 6)]
    rows[-1].update(val_loss=1.0, val_ppl=math.e, val_acc=0.6, val_bleu=0.345)
    text = (tmp_path / write_opennmt(Logged(rows), tmp_path, "o")).read_text().splitlines()
    assert text[0].endswith(
        "INFO] Step 5/    5; acc:  50.00; ppl:   7.39; xent: 2.0000; lr: 0.00300; sents:     160; "
        "bsz:    6/   6/32; 980/1010 tok/s;      0 sec"
    )
    assert text[1].endswith("Validation perplexity: 2.71828") and text[-1].endswith("Validation BLEU: 34.50")


def test_round_23s_families_hold_the_cases_they_held_in_round_23() -> None:
    # at least four healthy recipes each (no plain SGD for the change detector, the tagger, Swin and the Koopman
    # autoencoder; Swin: no small batch) and six
    # faults (Swin: its LayerNorms undo a corrupt batch and its biases; the change detector's sharpened softmax shrinks
    # its logits, no log(0); the Koopman autoencoder: MSEs, no log(0), and a smooth flow no tiny set overfits; the
    # tagger, RWKV, the pointer-generator: ids, no corrupt batch)
    faults_of = faults_per_family(ROUND23_FAMILIES, FAULTY_R23, HEALTHY_R23, TRACED_R23, 6)
    assert {"random_labels", "corrupt_batches", "deep_sigmoid", "dead_relu"} <= faults_of["siamese_change"]
    assert not {"log_of_zero", "healthy_sgd_momentum"} & faults_of["siamese_change"]
    assert {"overfitting", "random_labels", "log_of_zero", "deep_sigmoid", "dead_relu"} <= faults_of["charcnn_pos"]
    assert {"overfitting", "random_labels", "log_of_zero"} <= faults_of["swin"]
    assert not {"corrupt_batches", "dead_relu", "deep_sigmoid"} & faults_of["swin"]
    assert {"corrupt_batches", "deep_sigmoid", "dead_relu", "exploding_recurrence"} <= faults_of["koopman_ae"]
    assert not {"log_of_zero", "overfitting", "healthy_sgd_momentum"} & faults_of["koopman_ae"]
    assert {"overfitting", "random_labels", "log_of_zero"} <= faults_of["rwkv_lm"] and "dead_relu" not in faults_of[
        "rwkv_lm"
    ]
    assert {"random_labels", "log_of_zero", "dead_relu"} <= faults_of["pointer_generator"]
    assert not {"overfitting", "deep_sigmoid"} & faults_of["pointer_generator"]
    assert not {"corrupt_batches"} & (faults_of["charcnn_pos"] | faults_of["rwkv_lm"] | faults_of["pointer_generator"])


def test_a_siamese_change_detector_beats_image_differencing_under_changed_light(tmp_path: Path) -> None:
    from make_family_casebook import Logged, change_scores, write_bit_cd

    task = make_task("siamese_change", 0)
    assert task.x.shape[1] == 2 and set(task.y.unique().tolist()) == {0, 1}
    assert float(task.extra["diff_f1"]) < 0.6  # the illumination changes every pixel: differencing is far off
    perfect, none = change_scores(task.y_val, task.y_val), change_scores(0 * task.y_val, task.y_val)
    assert perfect["F1_1"] == 1.0 and perfect["mf1"] == 1.0 and none["F1_1"] == 0.0
    case = one_case(tmp_path, "siamese_change", "healthy")
    assert case["fault_occurred"] and (case["split"], case["classes"]) == ("tuning", 2)
    rows = [{"step": float(i), "lr": 1e-2, "loss": 0.25, "mf1": 0.5, "grad_norm": 1.0} for i in range(1, 21)]
    rows[-1].update(val_loss=0.2, val_acc=0.9, val_miou=0.7, val_mf1=0.8, val_iou_0=0.88, val_iou=0.5, val_f1_0=0.94,
                    val_f1=0.66, val_precision=0.7, val_recall=0.62)  # fmt: skip
    text = (tmp_path / write_bit_cd(Logged(rows), tmp_path, "c")).read_text().splitlines()
    assert text[0] == "Is_training: True. [0,0][1,20], imps: 512.00, est: 0.01h, G_loss: 0.25000, running_mf1: 0.50000"
    assert "Is_training: False. Epoch 0 / 0, epoch_mF1= 0.80000" in text
    assert "F1_1: 0.66000 precision_1: 0.70000" in text[-3] and text[-1] == "**********Best model updated!"


def test_a_char_cnn_tagger_reads_unseen_words_and_beats_their_most_frequent_tags(tmp_path: Path) -> None:
    from make_family_casebook import Logged, write_ncrfpp

    task = make_task("charcnn_pos", 0)
    unseen = task.x_val[:, :, 0] == 0
    assert float(unseen.float().mean()) > 0.03 and not bool((task.x[:, :, 0] == 0).any())  # unseen words: in val only
    assert 0.8 < float(task.extra["mft_acc"]) < 0.95
    case = one_case(tmp_path, "charcnn_pos", "healthy")
    assert case["fault_occurred"] and (case["split"], case["classes"]) == ("tuning", 4)
    base, last = (float(v) for v in re.findall(r"most frequent tag ([\d.]+)\) best [\d.]+, last ([\d.]+)",
                                                case["fault_check"])[0])  # fmt: skip
    assert last > base + 0.03
    rows = [{"step": float(i), "lr": 3e-3, "loss": 0.5, "acc": 0.75, "grad_norm": 1.0} for i in range(1, 21)]
    rows[-1].update(val_loss=0.4, val_acc=0.9, val_oov_acc=0.8)
    text = (tmp_path / write_ncrfpp(Logged(rows), tmp_path, "p")).read_text().splitlines()
    assert text[:3] == ["Epoch: 0/1", " Learning rate is set as: 0.003",
                        "     Instance: 160; Time: 0.31s; loss: 640.0000; acc: 960/1280=0.7500"]  # fmt: skip
    assert text[-1] == "Dev: time: 0.12s, speed: 4266.67st/s; acc: 0.9000"


def test_swins_shifted_windows_mask_the_tokens_their_roll_brought_together(tmp_path: Path) -> None:
    import torch
    from make_family_casebook import Logged, Swin, SwinBlock, write_swin

    block = SwinBlock(16, 4, 2, 1, 2)
    assert block.mask is not None and block.mask.shape == (4, 4, 4)
    assert float(block.mask[0].abs().max()) == 0.0 and float(block.mask[-1].min()) == -100.0  # the wrapped window
    assert SwinBlock(16, 4, 2, 0, 2).mask is None
    model = make_model("swin", Recipe(), 0)
    assert isinstance(model, Swin)
    with torch.no_grad():
        assert model(make_task("swin", 0).x_val[:3]).shape == (3, 4)
    case = one_case(tmp_path, "swin", "healthy")
    assert case["fault_occurred"] and (case["split"], case["classes"]) == ("tuning", 4)
    rows = [{"step": float(i), "lr": 3e-3, "loss": 1.0, "grad_norm": 2.0} for i in range(1, 21)]
    rows[-1].update(val_loss=0.9, val_acc=0.45)
    text = (tmp_path / write_swin(Logged(rows), tmp_path, "w")).read_text().splitlines()
    assert text[0].endswith(
        "INFO Train: [0/1][0/20]\teta 0:00:01 lr 0.003000\t wd 0.0500\ttime 0.0500 (0.0510)\tloss 1.0000 (1.0000)\t"
        "grad_norm 2.0000 (2.0000)\tloss_scale 65536.0000 (65536.0000)\tmem 0MB"
    )
    assert text[-3].endswith("INFO  * Acc@1 45.000") and text[-1].endswith("INFO Max accuracy: 45.00%")


def test_a_koopman_autoencoder_follows_the_slow_manifold_past_dmd_and_its_operators_powers_can_explode(
    tmp_path: Path,
) -> None:
    import torch
    from make_family_casebook import KAE_DT, KAE_LAMBDA, KAE_MU, KoopmanAE, Logged, slow_manifold, write_round23

    path = slow_manifold(torch.tensor([[1.0, 0.5]]))
    b = KAE_LAMBDA / (KAE_LAMBDA - 2 * KAE_MU)
    off = path[0, :, 1] - b * path[0, :, 0] ** 2  # the distance to the slow manifold decays at lambda
    assert torch.allclose(off[1:] / off[:-1], torch.full((len(off) - 1,), math.exp(KAE_LAMBDA * KAE_DT)))
    model = make_model("koopman_ae", Recipe(), 0)
    assert isinstance(model, KoopmanAE) and torch.equal(model.koopman.weight, torch.eye(3))
    assert float(make_task("koopman_ae", 0).extra["dmd_mse"]) > 0.05  # a linear map of the raw state misses x1^2
    case = one_case(tmp_path, "koopman_ae", "exploding_recurrence")
    assert case["fault_occurred"] and case["split"] == "tuning"
    task = make_task("koopman_ae", 0)
    task.family = "koopman_ae"
    assert write_round23(Logged([]), tmp_path, "k", "text_pipe", task) is None  # its logs are the generic shapes


def test_rwkvs_parallel_wkv_is_its_recurrence_and_it_reads_the_topic_a_bigram_model_cannot(tmp_path: Path) -> None:
    import torch
    from make_family_casebook import RWKVLM, Logged, write_rwkv

    model = make_model("rwkv_lm", Recipe(), 0)
    assert isinstance(model, RWKVLM)
    block = model.blocks[0]
    k, v = torch.randn(2, 7, 32), torch.randn(2, 7, 32)
    w, u = -torch.exp(block.time_decay), block.time_first
    num, den, expected = torch.zeros(2, 32), torch.zeros(2, 32), []
    for t in range(7):  # RWKV-4's recurrence, in plain exponentials
        expected.append((num + torch.exp(u + k[:, t]) * v[:, t]) / (den + torch.exp(u + k[:, t])))
        num, den = torch.exp(w) * num + torch.exp(k[:, t]) * v[:, t], torch.exp(w) * den + torch.exp(k[:, t])
    with torch.no_grad():
        assert torch.allclose(block.wkv(k, v), torch.stack(expected, 1), atol=1e-5)
    task = make_task("rwkv_lm", 0)
    assert float(task.extra["oracle_nll"]) < float(task.extra["bigram_nll"]) - 0.1
    case = one_case(tmp_path, "rwkv_lm", "healthy")
    assert case["fault_occurred"] and (case["split"], case["classes"]) == ("tuning", 16)
    rows = [{"step": float(i), "lr": 3e-3, "loss": 2.0, "grad_norm": 1.0} for i in range(1, 21)]
    text = (tmp_path / write_rwkv(Logged(rows), tmp_path, "r")).read_text().splitlines()
    assert text[0] == "NEW RUN 2026-12-03-15-00-00" and text[2].startswith("0 2.000000 7.3891 0.00300000 2026-12-03 ")
    assert text[2].endswith(" 0")


def test_a_pointer_generator_copies_names_outside_its_vocabulary(tmp_path: Path) -> None:
    import torch
    from make_family_casebook import (
        PG_NAMES,
        PG_VOCAB,
        Logged,
        PointerGenerator,
        rouge_scores,
        write_pointer_summarizer,
    )

    task = make_task("pointer_generator", 0)
    assert bool((task.y[:, [0, 2]] >= PG_VOCAB).all())  # the summary's names: only copying reaches them
    assert float(task.extra["lead_rouge1"]) < 0.3
    assert rouge_scores(task.y_val[:8], task.y_val[:8])["rouge1"] == 1.0
    model = make_model("pointer_generator", Recipe(), 0)
    assert isinstance(model, PointerGenerator)
    with torch.no_grad():
        dists = model(task.x_val[:4], task.y_val[:4])
    assert dists.shape == (4, 4, PG_VOCAB + PG_NAMES) and torch.allclose(dists.sum(2), torch.ones(4, 4))
    case = one_case(tmp_path, "pointer_generator", "healthy")
    assert case["fault_occurred"] and case["split"] == "tuning"
    rows = [{"step": float(i), "lr": 3e-3, "loss": 2.5, "grad_norm": 1.0} for i in range(1, 6)]
    rows[-1].update(val_loss=2.0, val_rouge1=0.4, val_rouge1_ci=0.01, val_rouge2=0.2, val_rouge2_ci=0.02,
                    val_rougeL=0.35, val_rougeL_ci=0.01)  # fmt: skip
    text = (tmp_path / write_pointer_summarizer(Logged(rows), tmp_path, "g")).read_text().splitlines()
    assert text[0] == "steps 5, seconds for 5 batch: 0.31 , loss: 2.500000"
    assert text[1:4] == ["", "ROUGE-1:", "rouge_1_f_score: 0.4000 with confidence interval (0.3900, 0.4100)"]


def test_round_24s_families_hold_the_cases_they_held_in_round_24() -> None:
    # at least four healthy recipes each (no plain SGD nor small batch for the FT-Transformer, DETR, PointNet++)
    # and six faults (the FT-Transformer, DETR: their LayerNorms undo a corrupt batch; PointNet++ learns around a
    # sharpened softmax and a batch x100 at its 1e-3; PatchTST, the HNN: MSEs, no
    # log(0), and no tiny set to overfit; the FT-Transformer, PatchTST, the music transformer: no MLP stack, and their
    # residual streams carry them past dead feed-forwards; the music transformer: pitch ids, no corrupt batch)
    faults_of = faults_per_family(ROUND24_FAMILIES, FAULTY_R24, HEALTHY_R24, TRACED_R24, 6)
    assert {"overfitting", "random_labels", "sorted_data", "log_of_zero"} <= faults_of["ft_transformer"]
    assert (
        not {"corrupt_batches", "dead_relu", "healthy_sgd_momentum", "healthy_small_batch"}
        & faults_of["ft_transformer"]
    )
    assert {"overfitting", "random_labels", "log_of_zero", "deep_sigmoid", "dead_relu"} <= faults_of["detr"]
    assert not {"corrupt_batches", "healthy_small_batch", "healthy_sgd_momentum"} & faults_of["detr"]
    assert {"random_labels", "sorted_data", "corrupt_batches"} <= faults_of["patchtst"]
    assert not {"overfitting", "log_of_zero", "dead_relu"} & faults_of["patchtst"]
    assert {"overfitting", "random_labels", "sorted_data", "deep_sigmoid", "dead_relu"} <= faults_of["pointnet2"]
    assert not {"corrupt_batches", "log_of_zero", "healthy_small_batch"} & faults_of["pointnet2"]
    assert {"random_labels", "corrupt_batches", "deep_sigmoid", "dead_relu"} <= faults_of["hnn"]
    assert not {"overfitting", "log_of_zero"} & faults_of["hnn"]
    assert {"overfitting", "random_labels", "sorted_data", "log_of_zero"} <= faults_of["music_transformer"]
    assert not {"corrupt_batches", "dead_relu"} & faults_of["music_transformer"]


def test_an_ft_transformer_makes_every_column_a_token_and_beats_a_linear_classifier(tmp_path: Path) -> None:
    import torch
    from make_family_casebook import FT_VAL, FTTransformer, Logged, write_rtdl

    task = make_task("ft_transformer", 0)
    assert task.x_val.shape == (2 * FT_VAL, 8) and float(task.extra["linear_acc"]) < 0.5  # products: no linear cue
    model = make_model("ft_transformer", Recipe(), 0)
    assert isinstance(model, FTTransformer)
    with torch.no_grad():
        assert model(task.x_val[:3]).shape == (3, 4)
    case = one_case(tmp_path, "ft_transformer", "healthy")
    assert case["fault_occurred"] and (case["split"], case["classes"]) == ("tuning", 4)
    rows = [{"step": float(i), "lr": 3e-3, "loss": 0.8, "grad_norm": 1.0} for i in range(1, 41)]
    rows[19].update(val_loss=0.9, val_acc=0.6, test_acc=0.58)
    rows[39].update(val_loss=0.9, val_acc=0.55, test_acc=0.57)
    text = (tmp_path / write_rtdl(Logged(rows), tmp_path, "t")).read_text().splitlines()
    assert text[0] == "(epoch) 1 (batch) 0 (loss) 0.8000" and text[1] == "(epoch) 1 (batch) 4 (loss) 0.8000"
    assert text[5] == "Epoch 001 | Validation score: 0.6000 | Test score: 0.5800 <<< BEST VALIDATION EPOCH"
    assert text[-1] == "Epoch 002 | Validation score: 0.5500 | Test score: 0.5700"


def test_detr_matches_its_queries_to_the_objects_one_to_one_and_finds_its_squares(tmp_path: Path) -> None:
    import torch
    from make_family_casebook import DETR, Logged, detr_ap50, detr_match, write_detr

    task = make_task("detr", 0)
    y = task.y_val[:2].clone()
    y[0, 0], y[0, 1] = torch.tensor([0.0, 0.3, 0.3, 0.25, 0.25]), torch.tensor([1.0, 0.7, 0.7, 0.3, 0.3])
    y[1, 0], y[1, 1] = torch.tensor([1.0, 0.5, 0.5, 0.4, 0.4]), -1.0
    boxes = torch.full((2, 4, 4), 0.5)
    boxes[0, 2], boxes[0, 0], boxes[1, 3] = y[0, 0, 1:], y[0, 1, 1:], y[1, 0, 1:]
    logits = torch.zeros(2, 4, 3)
    logits[0, 2, 0] = logits[0, 0, 1] = logits[1, 3, 1] = 5.0
    logits[0, 1, 2] = logits[0, 3, 2] = logits[1, :3, 2] = 5.0
    assign = detr_match(logits, boxes, y)
    assert assign[0].tolist() == [2, 0] and int(assign[1, 0]) == 3  # each object its own query
    assert abs(detr_ap50(logits, boxes, y) - 1.0) < 1e-6
    assert float(task.extra["const_ap"]) < 0.05  # the mean box everywhere finds almost nothing
    assert isinstance(make_model("detr", Recipe(), 0), DETR)
    case = one_case(tmp_path, "detr", "healthy")
    assert case["fault_occurred"] and (case["split"], case["classes"]) == ("tuning", 2)
    rows = [{"step": float(i), "lr": 1e-4, "loss": 3.0, "loss_ce": 0.5, "loss_bbox": 0.2, "loss_giou": 0.75,
             "class_error": 25.0, "cardinality_error": 1.0, "grad_norm": 1.0} for i in range(1, 21)]  # fmt: skip
    rows[-1].update(val_loss=2.5, val_loss_ce=0.4, val_loss_bbox=0.2, val_loss_giou=0.55, val_class_error=20.0,
                    val_ap50=0.5)  # fmt: skip
    text = (tmp_path / write_detr(Logged(rows), tmp_path, "d")).read_text().splitlines()
    assert text[0].startswith(
        "Epoch: [0]  [ 0/20]  eta: 0:00:02  lr: 0.000100  class_error: 25.00  loss: 3.0000 "
        "(3.0000)  loss_ce: 0.5000 (0.5000)  loss_bbox: 1.0000 (1.0000)  loss_giou: 1.5000"
    )
    assert text[0].endswith("cardinality_error_unscaled: 1.0000 (1.0000)  time: 0.0500  data: 0.0010  max mem: 0")
    assert text[-1] == " Average Precision  (AP) @[ IoU=0.50      | area=   all | maxDets=100 ] = 0.500"


def test_patchtsts_revin_puts_its_forecast_back_on_its_windows_scale(tmp_path: Path) -> None:
    import torch
    from make_family_casebook import Logged, PatchTST, write_tslib

    task = make_task("patchtst", 0)
    model = make_model("patchtst", Recipe(), 0)
    assert isinstance(model, PatchTST)
    with torch.no_grad():
        x = task.x_val[:4]
        assert torch.allclose(model(3 * x + 2), 3 * model(x) + 2, atol=1e-3)  # RevIN: a window's shift and scale
    assert float(task.extra["naive_mse"]) > 0.5  # repeating the last value misses the waves
    case = one_case(tmp_path, "patchtst", "healthy")
    assert case["fault_occurred"] and case["split"] == "tuning"
    rows = [{"step": float(i), "lr": 3e-3, "loss": 0.25, "grad_norm": 1.0} for i in range(1, 21)]
    rows[-1].update(val_loss=0.2, val_mae=0.35, test_loss=0.21)
    text = (tmp_path / write_tslib(Logged(rows), tmp_path, "p")).read_text().splitlines()
    assert text[:2] == ["\titers: 10, epoch: 1 | loss: 0.2500000", "\tspeed: 0.0500s/iter; left time: 0.5000s"]
    assert "Epoch: 1, Steps: 20 | Train Loss: 0.2500000 Vali Loss: 0.2000000 Test Loss: 0.2100000" in text
    assert "Validation loss decreased (inf --> 0.200000).  Saving model ..." in text


def test_pointnet2_groups_each_centroids_ball_and_tells_clumps_by_their_shape(tmp_path: Path) -> None:
    import torch
    from make_family_casebook import PN2_RADIUS, Logged, PointNet2, ball_query, farthest_points, write_pointnet2

    task = make_task("pointnet2", 0)
    xyz = task.x[:3]
    fps = farthest_points(xyz, 16)
    assert all(len(set(row)) == 16 for row in fps.tolist()) and bool((fps[:, 0] == 0).all())
    centres = xyz.gather(1, fps[..., None].expand(-1, -1, 3))
    group = ball_query(xyz, centres, PN2_RADIUS, 16)
    d = (xyz[torch.arange(3)[:, None, None], group] - centres[:, :, None]).norm(dim=-1)
    assert bool((d <= PN2_RADIUS + 1e-6).all())  # every neighbour within its ball (the first one repeated)
    assert isinstance(make_model("pointnet2", Recipe(), 0), PointNet2)
    case = one_case(tmp_path, "pointnet2", "healthy")
    assert case["fault_occurred"] and (case["split"], case["classes"]) == ("tuning", 4)
    rows = [{"step": float(i), "lr": 3e-3, "loss": 1.0, "acc": 0.5, "grad_norm": 1.0} for i in range(1, 21)]
    rows[-1].update(val_loss=0.9, val_acc=0.6, val_class_acc=0.55)
    text = (tmp_path / write_pointnet2(Logged(rows), tmp_path, "n")).read_text().splitlines()
    assert text[3].endswith(" - Model - INFO - Epoch 1 (1/1):")
    assert text[5].endswith(" - Model - INFO - Test Instance Accuracy: 0.600000, Class Accuracy: 0.550000")
    assert text[4].endswith("Train Instance Accuracy: 0.500000") and "loss" not in "".join(text).lower()


def test_an_hnns_field_is_the_symplectic_gradient_of_its_hamiltonian(tmp_path: Path) -> None:
    import torch
    from make_family_casebook import HNN, Logged, write_hnn

    model = make_model("hnn", Recipe(), 0)
    assert isinstance(model, HNN)
    x = torch.randn(5, 2)
    jac = torch.autograd.functional.jacobian(lambda s: model(s).sum(0), x)  # (2, 5, 2): d field_i / d state_j
    assert abs(float(jac[0, :, 0].sum() + jac[1, :, 1].sum())) < 1e-4  # divergence-free: H's volume is kept
    task = make_task("hnn", 0)
    assert float(task.extra["linear_mse"]) > 0.1  # dp/dt = -3 sin q: no affine field
    case = one_case(tmp_path, "hnn", "healthy")
    assert case["fault_occurred"] and case["split"] == "tuning"
    rows = [{"step": float(i), "lr": 3e-3, "loss": 0.05, "grad_norm": 1.0} for i in range(1, 21)]
    rows[-1].update(val_loss=0.04)
    text = (tmp_path / write_hnn(Logged(rows), tmp_path, "h")).read_text().splitlines()
    assert text == ["step 20, train_loss 5.0000e-02, test_loss 4.0000e-02"]


def test_a_music_transformers_skewed_relative_logits_are_each_querys_distances(tmp_path: Path) -> None:
    import torch
    from make_family_casebook import Logged, MusicTransformer, skew, write_music_transformer

    q, rel = torch.randn(1, 1, 5, 4), torch.randn(5, 4)  # rel's row j: distance 4 - j
    s = skew(q @ rel.T)
    for i in range(5):
        for k in range(i + 1):
            assert torch.allclose(s[0, 0, i, k], q[0, 0, i] @ rel[4 - (i - k)])
    task = make_task("music_transformer", 0)
    assert float(task.extra["bigram_acc"]) < 0.2  # a random motif: a pitch's successor is its piece's
    assert isinstance(make_model("music_transformer", Recipe(), 0), MusicTransformer)
    case = one_case(tmp_path, "music_transformer", "healthy")
    assert case["fault_occurred"] and (case["split"], case["classes"]) == ("tuning", 24)
    rows = [{"step": float(i), "lr": 3e-3, "loss": 2.5, "acc": 0.3, "grad_norm": 1.0} for i in range(1, 21)]
    rows[-1].update(val_loss=2.0, val_acc=0.5, train_eval_loss=1.9, train_acc=0.52)
    text = (tmp_path / write_music_transformer(Logged(rows), tmp_path, "m")).read_text().splitlines()
    assert text[:6] == ["=========================", "NEW EPOCH: 1", "=========================", "",
                        "=========================", "Epoch 1  Batch 1 / 20"]  # fmt: skip
    assert text[6:8] == ["LR: 0.003", "Train loss: 2.5"] and "Avg eval acc: 0.5" in text


def test_round_25s_families_hold_the_cases_they_held_in_round_25() -> None:
    # at least four healthy recipes each (no plain SGD for MemN2N and the x-vector, no small batch for the x-vector)
    # and seven faults (MemN2N, the parser: ids, no corrupt batch, no ReLU to kill; the interaction network,
    # DeepONet: MSEs, no log(0), and 24 systems or functions are a fair sample; the x-vector: its batch norms undo a
    # corrupt batch; the TFT: its GRNs' ELUs do not die, a pinball loss has no log)
    faults_of = faults_per_family(ROUND25_FAMILIES, FAULTY_R25, HEALTHY_R25, TRACED_R25, 7)
    weak = {"sorted_data", "overfitting", "dead_relu"}  # the debugger's weak spots, each from its real cause
    assert {"overfitting", "random_labels", "sorted_data", "log_of_zero"} <= faults_of["memn2n"]
    assert not {"corrupt_batches", "dead_relu", "healthy_sgd_momentum"} & faults_of["memn2n"]
    assert {"overfitting", "random_labels", "sorted_data", "log_of_zero"} <= faults_of["biaffine_parser"]
    assert weak - {"overfitting"} | {"corrupt_batches", "deep_sigmoid"} <= faults_of["interaction_net"]
    assert not {"overfitting", "log_of_zero"} & faults_of["interaction_net"]
    assert weak | {"log_of_zero", "random_labels"} <= faults_of["xvector"]
    assert not {"corrupt_batches", "healthy_small_batch", "healthy_sgd_momentum"} & faults_of["xvector"]
    assert {"overfitting", "sorted_data", "corrupt_batches", "random_labels"} <= faults_of["tft"]
    assert not {"dead_relu", "log_of_zero"} & faults_of["tft"]
    assert weak - {"overfitting"} | {"corrupt_batches", "deep_sigmoid"} <= faults_of["deeponet"]


def test_a_memory_network_reads_its_stories_last_move_of_the_asked_person(tmp_path: Path) -> None:
    import torch
    from make_family_casebook import MN_SENTS, MN_VAL, Logged, MemN2N, write_memn2n

    task = make_task("memn2n", 0)
    assert task.x_val.shape == (MN_VAL, 3 * MN_SENTS + 3) and float(task.extra["last_place_acc"]) < 0.6
    story = task.x[0, : 3 * MN_SENTS].view(MN_SENTS, 3)
    asked = int(task.x[0, -1])
    moves = [int(place) for who, verb, place in story.tolist() if who == asked and verb < 15 and verb > 10]
    assert moves and moves[-1] == int(task.y[0])  # the asked person's last move
    model = make_model("memn2n", Recipe(), 0)
    assert isinstance(model, MemN2N)
    with torch.no_grad():
        assert model(task.x_val[:3]).shape == (3, task.classes)
    case = one_case(tmp_path, "memn2n", "healthy")
    assert case["fault_occurred"] and (case["split"], case["classes"]) == ("tuning", task.classes)
    rows = [{"step": float(i), "lr": 1e-2, "loss": 0.5, "grad_norm": 1.0} for i in range(1, 21)]
    rows[-1].update(val_loss=0.4, val_acc=0.9, train_acc=0.95)
    text = (tmp_path / write_memn2n(Logged(rows), tmp_path, "m")).read_text().splitlines()
    assert text == ["-----------------------", "Epoch 1", "Total Cost: 10.0", "Training Accuracy: 0.95",
                    "Validation Accuracy: 0.9", "-----------------------"]  # fmt: skip


def test_a_biaffine_parser_scores_every_head_and_attaches_by_the_words(tmp_path: Path) -> None:
    import torch
    from make_family_casebook import DP_LEN, IGNORE, BiaffineParser, Logged, write_supar

    task = make_task("biaffine_parser", 0)
    heads = task.y[:64]
    real = heads != IGNORE
    assert bool((heads[real] <= DP_LEN).all()) and bool(((heads == 0).sum(1) == 1).all())  # one root a sentence
    assert float(task.extra["chain_uas"]) < 0.6
    model = make_model("biaffine_parser", Recipe(), 0)
    assert isinstance(model, BiaffineParser)
    with torch.no_grad():
        assert model(task.x_val[:3]).shape == (3, DP_LEN, DP_LEN + 1)  # every word against ROOT and every word
    case = one_case(tmp_path, "biaffine_parser", "healthy")
    assert case["fault_occurred"] and case["split"] == "tuning"
    rows = [{"step": float(i), "lr": 3e-3, "loss": 0.5, "grad_norm": 1.0} for i in range(1, 21)]
    rows[-1].update(val_loss=0.4, val_uas=0.8765, val_ucm=0.1234)
    text = (tmp_path / write_supar(Logged(rows), tmp_path, "p")).read_text().splitlines()
    assert text[0].endswith(" INFO Epoch 1 / 1:") and text[1].endswith(" INFO lr: 3.0000e-03 - loss: 0.5000")
    assert text[2].endswith(" INFO dev:  loss: 0.4000 - UCM: 12.34% UAS: 87.65%")
    assert text[3].endswith(" INFO 0:00:01.250000s elapsed (saved)")


def test_an_interaction_network_sums_its_springs_effects_and_beats_an_affine_map(tmp_path: Path) -> None:
    import torch
    from make_family_casebook import IN_BODIES, InteractionNetwork, Logged, springs_accel, write_gns

    pos = torch.tensor([[[0.0, 0.0], [1.5, 0.0]]])
    acc = springs_accel(pos, torch.zeros(1, 2, 2), torch.tensor([[[0.0, 1.0], [1.0, 0.0]]]))
    assert torch.allclose(acc, torch.tensor([[[1.0, 0.0], [-1.0, 0.0]]]))  # stretched by 1: pulled together
    task = make_task("interaction_net", 0)
    assert task.x.shape[1] == 4 * IN_BODIES + IN_BODIES**2 and float(task.extra["linear_mse"]) > 0.2
    model = make_model("interaction_net", Recipe(), 0)
    assert isinstance(model, InteractionNetwork)
    alone = task.x_val[:2].clone()
    alone[:, 4 * IN_BODIES :] = 0.0  # no springs: no effects, every body's acceleration its own state's alone
    with torch.no_grad():
        moved = alone.clone()
        moved[:, 2:4] += 0.5  # a body with no spring moved: the others' accelerations are unchanged
        assert torch.allclose(model(alone)[:, 4:], model(moved)[:, 4:], atol=1e-6)
    case = one_case(tmp_path, "interaction_net", "healthy")
    assert case["fault_occurred"] and case["split"] == "tuning"
    rows = [{"step": float(i), "lr": 3e-3, "loss": 0.25, "grad_norm": 1.0} for i in range(1, 21)]
    rows[-1].update(val_loss=0.5)
    text = (tmp_path / write_gns(Logged(rows), tmp_path, "g")).read_text().splitlines()
    assert text[0] == "Training step: 1/20. Loss: 0.25." and text[-1] == "Validation loss at 20: 0.5"


def test_an_xvector_pools_its_frames_statistics_and_verifies_unseen_speakers(tmp_path: Path) -> None:
    import torch
    from make_family_casebook import XV_EMBED, Logged, XVector, equal_error_rate, write_speechbrain

    assert equal_error_rate(torch.tensor([0.9, 0.8, 0.2, 0.1]), torch.tensor([True, True, False, False])) == 0.0
    assert equal_error_rate(torch.tensor([0.1, 0.2, 0.8, 0.9]), torch.tensor([True, True, False, False])) == 1.0
    task = make_task("xvector", 0)
    assert 0.2 < float(task.extra["mean_eer"]) < 0.5  # each utterance's channel hides its speaker's mean frame
    model = make_model("xvector", Recipe(), 0)
    assert isinstance(model, XVector)
    model.eval()
    with torch.no_grad():
        assert model.embed(task.x_val[:3]).shape == (3, XV_EMBED)
        assert model(task.x_val[:3]).shape == (3, task.classes)
    case = one_case(tmp_path, "xvector", "healthy")
    assert case["fault_occurred"] and case["split"] == "tuning"
    rows = [{"step": float(i), "lr": 3e-3, "loss": 2.5, "grad_norm": 1.0} for i in range(1, 21)]
    rows[-1].update(val_loss=2.25, val_error_rate=0.5, val_eer=0.125)
    text = (tmp_path / write_speechbrain(Logged(rows), tmp_path, "x")).read_text().splitlines()
    assert text == ["epoch: 1, lr: 3.00e-03 - train loss: 2.50 - valid loss: 2.25, valid ErrorRate: 5.00e-01, "
                    "valid EER: 1.25e-01"]  # fmt: skip


def test_a_tft_selects_its_variables_forecasts_quantiles_and_scales_back(tmp_path: Path) -> None:
    import torch
    from make_family_casebook import TFT, TFT_HORIZON, TFT_QUANTILES, Logged, quantile_loss, write_lightning_bar

    task = make_task("tft", 0)
    assert float(task.extra["snaive_mae"]) > 0.5  # last week again misses the promotions
    model = make_model("tft", Recipe(), 0)
    assert isinstance(model, TFT)
    with torch.no_grad():
        x = task.x_val[:4]
        shifted = x.clone()
        shifted[..., 0] += 10.0 * (torch.arange(x.shape[1]) < x.shape[1] - TFT_HORIZON)  # the past sales only
        assert model(x).shape == (4, TFT_HORIZON, len(TFT_QUANTILES))
        assert torch.allclose(model(shifted), model(x) + 10.0, atol=1e-3)  # the encoder normaliser puts it back
    y = torch.zeros(1, 1)
    assert abs(float(quantile_loss(torch.ones(1, 1, len(TFT_QUANTILES)), y)) - sum(1 - q for q in TFT_QUANTILES)) < 1e-6
    case = one_case(tmp_path, "tft", "healthy")
    assert case["fault_occurred"] and case["split"] == "tuning"
    rows = [{"step": float(i), "lr": 3e-3, "loss": 0.5, "grad_norm": 1.0} for i in range(1, 21)]
    rows[-1].update(val_loss=0.75, val_mae=0.3)
    text = (tmp_path / write_lightning_bar(Logged(rows), tmp_path, "t")).read_text().splitlines()
    assert text == ["Epoch 0: 100%|##########| 20/20 [00:01<00:00, 15.00it/s, v_num=0, train_loss_step=0.5, "
                    "val_loss=0.75, train_loss_epoch=0.5]"]  # fmt: skip


def test_a_deeponet_dots_its_branch_and_trunk_and_its_dead_units_fail_its_check(tmp_path: Path) -> None:
    import torch
    from make_family_casebook import DON_POINTS, DeepONet, Logged, write_deepxde

    task = make_task("deeponet", 0)
    assert task.x.shape[1] == task.y.shape[1] == DON_POINTS
    assert float(task.y[:, 0].abs().max()) < 0.1  # s(0) = 0 under the noise
    model = make_model("deeponet", Recipe(), 0)
    assert isinstance(model, DeepONet)
    with torch.no_grad():
        assert model(task.x_val[:3]).shape == (3, DON_POINTS)
    case = one_case(tmp_path, "deeponet", "healthy")
    assert case["fault_occurred"] and case["split"] == "tuning"
    dead = one_case(tmp_path / "dead", "deeponet", "dead_relu")
    assert dead["fault_occurred"] and "best 0.0" in dead["fault_check"]  # the mean field's, no better
    rows = [{"step": float(i), "lr": 3e-3, "loss": 0.0125, "grad_norm": 1.0} for i in range(1, 21)]
    rows[-1].update(val_loss=0.015, val_rel_l2=0.125)
    text = (tmp_path / write_deepxde(Logged(rows), tmp_path, "d")).read_text().splitlines()
    assert text[:4] == ["Training model...", "", "Step      Train loss    Test loss     Test metric   ",
                        "20        [1.25e-02]    [1.50e-02]    [1.25e-01]    "]  # fmt: skip
    assert text[5:7] == ["Best model at step 20:", "  train loss: 1.25e-02"] and text[-1] == "'train' took 0.046000 s"


def test_round_26s_families_hold_the_cases_they_held_in_round_26() -> None:
    # at least four healthy recipes each and three faults (ESIM, DIN, fastText: ids, no corrupt batch, logits kept
    # small by noisy labels; the counter: an MSE, no log; the decision transformer: its goal reached blind, no state
    # encoder to kill or saturate that matters; fastText: no hidden layer, its bag of embeddings takes Adam at x300 and
    # plain SGD at x200, 24 sentences teach it nothing to unlearn)
    faults_of = faults_per_family(ROUND26_FAMILIES, FAULTY_R26, HEALTHY_R26, TRACED_R26, 3)
    weak = {"sorted_data", "overfitting", "dead_relu"}  # the debugger's weak spots, each from its real cause
    for family in ("esim_nli", "din_ctr", "graphsage"):
        assert weak | {"random_labels"} <= faults_of[family]
    assert weak - {"overfitting"} | {"random_labels"} <= faults_of["crowd_count"]
    assert weak - {"dead_relu"} | {"random_labels", "lr_too_high"} <= faults_of["decision_transformer"]
    assert not {"dead_relu", "deep_sigmoid", "log_of_zero"} & faults_of["decision_transformer"]
    assert {"log_of_zero"} <= faults_of["graphsage"]
    assert {"corrupt_batches"} <= faults_of["crowd_count"] & faults_of["graphsage"]
    assert {"deep_sigmoid"} <= faults_of["din_ctr"]
    assert not {"corrupt_batches", "log_of_zero"} & faults_of["din_ctr"]
    assert {"sorted_data", "random_labels", "lr_too_low"} == faults_of["fasttext"] - {f.name for f in FAULTS[:6]}


def test_esim_aligns_the_hypothesis_with_the_premise_and_beats_lexical_overlap(tmp_path: Path) -> None:
    import torch
    from make_family_casebook import ESIM, NLI_PREMISE, Logged, write_esim

    task = make_task("esim_nli", 0)
    assert task.x.shape[1] == NLI_PREMISE + 4 and 0.55 < float(task.extra["overlap_acc"]) < 0.75
    model = make_model("esim_nli", Recipe(), 0)
    assert isinstance(model, ESIM)
    with torch.no_grad():
        assert model(task.x_val[:3]).shape == (3, 3)
    case = one_case(tmp_path, "esim_nli", "healthy")
    assert case["fault_occurred"] and (case["split"], case["classes"]) == ("tuning", 3)
    rows = [{"step": float(i), "lr": 1e-2, "loss": 0.5, "acc": 0.75, "grad_norm": 1.0} for i in range(1, 21)]
    rows[-1].update(val_loss=0.25, val_acc=0.875)
    text = (tmp_path / write_esim(Logged(rows), tmp_path, "e")).read_text().splitlines()
    assert text[:2] == ["* Training epoch 1:", "-> Training time: 0.2500s, loss = 0.5000, accuracy: 75.0000%"]
    assert text[2:4] == ["* Validation for epoch 1:", "-> Valid. time: 0.0031s, loss: 0.2500, accuracy: 87.5000%"]


def test_a_decision_transformer_reads_its_return_to_go_and_acts_from_its_state_tokens(tmp_path: Path) -> None:
    import torch
    from make_family_casebook import DT_HORIZON, IGNORE, DecisionTransformer, Logged, write_decision_transformer

    task = make_task("decision_transformer", 0)
    assert task.x.shape[1:] == (DT_HORIZON, 3)
    real = task.y != IGNORE
    assert bool((task.x[..., 2][real] == task.y[real].float()).all())  # the action tokens are the targets
    assert float(task.extra["behaviour_return"]) < float(task.extra["best_return"])
    model = make_model("decision_transformer", Recipe(), 0)
    assert isinstance(model, DecisionTransformer)
    with torch.no_grad():
        out = model(task.x_val[:2])
        later = task.x_val[:2].clone()
        later[:, -1] = 0.0  # the last step's tokens changed: no earlier step's prediction moves (causal)
        assert out.shape == (2, DT_HORIZON, 4) and torch.allclose(model(later)[:, :-1], out[:, :-1], atol=1e-5)
    case = one_case(tmp_path, "decision_transformer", "healthy")
    assert case["fault_occurred"] and case["split"] == "tuning"
    rows = [{"step": float(i), "lr": 3e-3, "loss": 1.0, "acc": 0.5, "action_error": 0.125, "grad_norm": 1.0}
            for i in range(1, 21)]  # fmt: skip
    rows[-1].update(val_loss=0.9, val_return=0.75, val_return_std=0.25, val_length=4.0, val_length_std=2.0)
    text = (tmp_path / write_decision_transformer(Logged(rows), tmp_path, "d")).read_text().splitlines()
    assert text[:2] == ["=" * 80, "Iteration 1"] and text[2].startswith("time/training: 0.2")
    assert text[3] == "evaluation/target_1_return_mean: 0.75"
    assert text[-3:-1] == ["training/train_loss_mean: 1.0", "training/train_loss_std: 0.0"]
    assert text[-1] == "training/action_error: 0.125"


def test_din_weighs_the_history_by_the_candidate_and_beats_popularity(tmp_path: Path) -> None:
    import torch
    from make_family_casebook import DIN, DIN_HIST, Logged, group_auc, write_din

    task = make_task("din_ctr", 0)
    assert task.x.shape[1] == DIN_HIST + 1 and 0.5 < float(task.extra["pop_auc"]) < 0.65
    assert group_auc(torch.arange(8.0).repeat(2), torch.tensor([0.0] * 4 + [1.0] * 4).repeat(2)) == 1.0
    model = make_model("din_ctr", Recipe(), 0)
    assert isinstance(model, DIN)
    with torch.no_grad():
        out = model(task.x_val[:3])
        shuffled = task.x_val[:3].clone()
        shuffled[:, :DIN_HIST] = shuffled[:, :DIN_HIST].flip(1)  # attention pools a set: the history's order is moot
        assert out.shape == (3,) and torch.allclose(model(shuffled), out, atol=1e-5)
    case = one_case(tmp_path, "din_ctr", "healthy")
    assert case["fault_occurred"] and case["split"] == "tuning"
    rows = [{"step": float(i), "lr": 3e-3, "loss": 0.5, "grad_norm": 1.0} for i in range(1, 21)]
    rows[-1].update(val_loss=0.45, val_auc=0.75, val_gauc=0.7)
    text = (tmp_path / write_din(Logged(rows), tmp_path, "c", 3072)).read_text().splitlines()
    assert text == ["Epoch 0 Global_step 20\tTrain_loss: 0.5000\tEval_GAUC: 0.7000\tEval_AUC: 0.7500"]


def test_a_crowd_counter_integrates_its_density_map_and_beats_the_mean_count(tmp_path: Path) -> None:
    import torch
    from make_family_casebook import CC_MAX, CSRNet, Logged, write_csrnet

    task = make_task("crowd_count", 0)
    counts = task.y.sum((1, 2))
    assert float(counts.min()) > -1e-4 and float(counts.max()) < CC_MAX + 1e-3 and float(task.extra["mean_mae"]) > 3
    model = make_model("crowd_count", Recipe(), 0)
    assert isinstance(model, CSRNet)
    with torch.no_grad():
        assert model(task.x_val[:3]).shape == task.y_val[:3].shape
    case = one_case(tmp_path, "crowd_count", "healthy")
    assert case["fault_occurred"] and case["split"] == "tuning"
    rows = [{"step": float(i), "lr": 3e-3, "loss": 2.0, "grad_norm": 1.0} for i in range(1, 21)]
    rows[-1].update(val_loss=1.5, val_mae=1.25)
    text = (tmp_path / write_csrnet(Logged(rows), tmp_path, "c", 3072)).read_text().splitlines()
    assert text[0] == "epoch 0, processed 0 samples, lr 0.0030000000"
    assert text[1] == "Epoch: [0][0/20]\tTime 0.050 (0.050)\tData 0.010 (0.010)\tLoss 2.0000 (2.0000)\t"
    assert text[-3:] == ["begin test", " * MAE 1.250 ", " * best MAE 1.250 "]


def test_graphsage_samples_its_neighbours_and_beats_its_features_alone(tmp_path: Path) -> None:
    import torch
    from make_family_casebook import GraphSAGE, Logged, write_pyg_sage

    task = make_task("graphsage", 0)
    assert task.x.dim() == 1 and 0.4 < float(task.extra["feature_acc"]) < 0.75  # the features alone: weak
    task.noise = torch.Generator().manual_seed(5)
    model = make_model("graphsage", Recipe(), 0, task)
    assert isinstance(model, GraphSAGE)
    with torch.no_grad():
        model.train()
        assert model(task.x[:4]).shape == (4, 4)
        model.eval()
        assert torch.equal(model(task.x_val[:4]), model(task.x_val[:4]))  # inference reads every neighbour
    case = one_case(tmp_path, "graphsage", "healthy")
    assert case["fault_occurred"] and (case["split"], case["classes"]) == ("tuning", 4)
    rows = [{"step": float(i), "lr": 3e-3, "loss": 0.5, "acc": 0.75, "grad_norm": 1.0} for i in range(1, 21)]
    rows[-1].update(val_loss=0.45, val_acc=0.8, train_acc=0.9, test_acc=0.85)
    text = (tmp_path / write_pyg_sage(Logged(rows), tmp_path, "g")).read_text().splitlines()
    assert text == ["Epoch 01, Loss: 0.5000, Approx. Train: 0.7500",
                    "Epoch: 01, Train: 0.9000, Val: 0.8000, Test: 0.8500"]  # fmt: skip


def test_fasttext_hashes_its_bigrams_and_beats_a_bag_of_words(tmp_path: Path) -> None:
    import torch
    from make_family_casebook import FastText

    task = make_task("fasttext", 0)
    assert float(task.extra["unigram_acc"]) < 0.6  # each cue word in two classes: unigrams half-tell them
    model = make_model("fasttext", Recipe(), 0)
    assert isinstance(model, FastText)
    with torch.no_grad():
        out = model(task.x_val[:3])
        assert out.shape == (3, 4) and not torch.allclose(model(task.x_val[:3].flip(1)), out)  # word order: bigrams
    case = one_case(tmp_path, "fasttext", "healthy")
    assert case["fault_occurred"] and case["split"] == "tuning"


def test_round_27s_families_hold_the_cases_they_held_in_round_27() -> None:
    # at least four healthy recipes each (no plain SGD; no small batch for the RBM) and
    # three faults (the RBM: no labels, no ReLU, its softplus by hand never overflowed; LightGCN: ids, no ReLU)
    faults_of = faults_per_family(ROUND27_FAMILIES, FAULTY_R27, HEALTHY_R27, TRACED_R27, 3)
    weak = {"sorted_data", "overfitting", "dead_relu"}  # the debugger's weak spots, each from its real cause
    assert weak - {"overfitting"} | {"random_labels", "corrupt_batches", "deep_sigmoid"} <= faults_of["nam"]
    assert {"sorted_data", "dead_relu", "log_of_zero", "corrupt_batches"} <= faults_of["kws_cnn"]
    assert {"sorted_data", "overfitting"} <= faults_of["tree_lstm"] and "corrupt_batches" in faults_of["rbm"]
    assert "random_labels" not in faults_of["rbm"] and "corrupt_batches" in faults_of["schnet"]
    assert all("sorted_data" in faults_of[f] for f in ROUND27_FAMILIES)


def test_an_rbm_sums_every_state_for_its_nll_and_beats_independent_bits(tmp_path: Path) -> None:
    import torch
    from make_family_casebook import RBM, RBM_SIDE, Logged, write_sklearn_rbm

    task = make_task("rbm", 0)
    assert task.x.shape[1] == RBM_SIDE**2 and float(task.extra["bits_nll"]) > 8
    model = make_model("rbm", Recipe(), 0)
    assert isinstance(model, RBM)
    with torch.no_grad():
        states = ((torch.arange(2 ** (RBM_SIDE**2))[:, None] >> torch.arange(RBM_SIDE**2)) & 1).float()
        assert abs(float(torch.logsumexp(-model.nll(states), 0))) < 1e-3  # a distribution: its probabilities sum to 1
    case = one_case(tmp_path, "rbm", "healthy")
    assert case["fault_occurred"] and case["split"] == "tuning"
    rows = [{"step": float(i), "lr": 1e-2, "loss": 0.5, "recon_error": 1.0, "grad_norm": 1.0} for i in range(1, 21)]
    rows[-1].update(val_loss=8.0, val_pl=-9.0, train_pl=-8.4567)
    text = (tmp_path / write_sklearn_rbm(Logged(rows), tmp_path, "r")).read_text().splitlines()
    assert text == ["[BernoulliRBM] Iteration 1, pseudo-likelihood = -8.46, time = 0.22s"]


def test_a_tree_lstm_composes_its_children_and_beats_a_bag_of_tokens(tmp_path: Path) -> None:
    import torch
    from make_family_casebook import TL_NODES, Logged, TreeLSTM, tree_values, write_dgl_tree

    x = torch.tensor([[4, 5, 6, 4, 4, 4, 4, 1, 2, 3, 3, 0, 1, 2, 2]])  # heap order: operators, then the leaves
    assert tree_values(x)[0, 1:7].tolist() == [3, 0, 3, 2, 1, 0] and int(tree_values(x)[0, 0]) == 3  # (3 + 0) mod 4
    task = make_task("tree_lstm", 0)
    assert task.y.shape[1] == TL_NODES and float(task.extra["bag_acc"]) < 0.5
    model = make_model("tree_lstm", Recipe(), 0)
    assert isinstance(model, TreeLSTM)
    with torch.no_grad():
        out = model(task.x_val[:2])
        leaf = task.x_val[:2].clone()
        leaf[:, -1] = (leaf[:, -1] + 1) % 4  # the last leaf changed: its sibling and its cousins' subtrees stay
        assert out.shape == (2, TL_NODES, 4) and torch.allclose(model(leaf)[:, 7:13], out[:, 7:13], atol=1e-6)
    case = one_case(tmp_path, "tree_lstm", "healthy")
    assert case["fault_occurred"] and (case["split"], case["classes"]) == ("tuning", 4)
    rows = [{"step": float(i), "lr": 3e-3, "loss": 1.5, "acc": 0.5, "root_acc": 0.375, "grad_norm": 1.0}
            for i in range(1, 21)]  # fmt: skip
    rows[-1].update(val_loss=1.0, val_acc=0.4, val_node_acc=0.6)
    text = (tmp_path / write_dgl_tree(Logged(rows), tmp_path, "t")).read_text().splitlines()
    assert text[0] == "Epoch 00000 | Step 00005 | Loss 1.5000 | Acc 0.5000 | Root Acc 0.3750 | Time(s) 0.0123"
    assert text[-1] == "Epoch 00000 | Dev Acc 0.6000 | Root Acc 0.4000"


def test_schnet_is_blind_to_its_molecules_pose_and_beats_their_composition(tmp_path: Path) -> None:
    import torch
    from make_family_casebook import SchNet

    task = make_task("schnet", 0)
    assert task.x.shape[1:] == (6, 4) and float(task.extra["composition_mae"]) > 0.5
    model = make_model("schnet", Recipe(), 0)
    assert isinstance(model, SchNet)
    with torch.no_grad():
        moved = task.x_val[:3].clone()
        moved[..., 1:] = moved[..., 1:] @ torch.linalg.qr(torch.randn(3, 3))[0] + 1.0  # turned and shifted
        assert torch.allclose(model(moved), model(task.x_val[:3]), atol=1e-4)
    case = one_case(tmp_path, "schnet", "healthy")
    assert case["fault_occurred"] and case["split"] == "tuning"
    spiked = one_case(tmp_path / "c", "schnet", "corrupt_batches")
    assert spiked["fault_occurred"]


def test_lightgcn_propagates_over_the_codes_pairs_and_beats_popularity(tmp_path: Path) -> None:
    import torch
    from make_family_casebook import LG_ITEMS, LG_USERS, Logged, lightgcn_adjacency, write_lightgcn

    task = make_task("lightgcn", 0)
    assert 0.3 < float(task.extra["pop_recall"]) < 0.6
    adj = lightgcn_adjacency(task.x, task.y)
    assert adj.shape == (LG_USERS + LG_ITEMS,) * 2 and torch.allclose(adj, adj.T)
    case = one_case(tmp_path, "lightgcn", "healthy")
    assert case["fault_occurred"] and case["split"] == "tuning"
    rows = [{"step": float(i), "lr": 3e-3, "loss": 0.5, "grad_norm": 1.0} for i in range(1, 21)]
    rows[-1].update(val_loss=0.45, val_recall=0.75, val_precision=0.075, val_ndcg=0.5)
    text = (tmp_path / write_lightgcn(Logged(rows), tmp_path, "l")).read_text().splitlines()
    assert text == ["EPOCH[1/1] loss0.500-|Sample:0.05|", "[TEST]",
                    "{'precision': array([0.075]), 'recall': array([0.75]), 'ndcg': array([0.5])}"]  # fmt: skip


def test_a_neural_additive_model_sums_its_feature_nets_and_its_dead_units_fail_its_check(tmp_path: Path) -> None:
    import torch
    from make_family_casebook import NAM

    task = make_task("nam", 0)
    assert float(task.extra["linear_mse"]) > 0.5
    model = make_model("nam", Recipe(), 0)
    assert isinstance(model, NAM)
    with torch.no_grad():
        x = task.x_val[:2].clone()
        moved = x.clone()
        moved[:, 0] += 1.0  # one feature moved: the sum moves by its net's change alone
        change = model.nets[0](moved[:, :1]) - model.nets[0](x[:, :1])
        assert torch.allclose(model(moved) - model(x), change, atol=1e-5)
    case = one_case(tmp_path, "nam", "healthy")
    assert case["fault_occurred"] and case["split"] == "tuning"
    dead = one_case(tmp_path / "dead", "nam", "dead_relu")
    assert dead["fault_occurred"]


def test_a_keyword_spotter_hears_the_phones_order_and_logs_as_honk(tmp_path: Path) -> None:
    import torch
    from make_family_casebook import KWS_BINS, KWS_FRAMES, KWSNet, Logged, write_honk

    task = make_task("kws_cnn", 0)
    assert task.x.shape[1:] == (KWS_FRAMES, KWS_BINS) and float(task.extra["frames_acc"]) < 0.4
    model = make_model("kws_cnn", Recipe(), 0)
    assert isinstance(model, KWSNet)
    with torch.no_grad():
        assert model(task.x_val[:3]).shape == (3, 4)
    case = one_case(tmp_path, "kws_cnn", "healthy")
    assert case["fault_occurred"] and (case["split"], case["classes"]) == ("tuning", 4)
    rows = [{"step": float(i), "lr": 3e-3, "loss": 0.5, "acc": 0.875, "grad_norm": 1.0} for i in range(1, 3)]
    rows[-1].update(val_loss=0.25, val_acc=0.9)
    text = (tmp_path / write_honk(Logged(rows), tmp_path, "k")).read_text().splitlines()
    assert text[0] == "train step #1 accuracy: 0.875, loss: 0.5" + " " * 22
    assert text[-2:] == ["dev accuracy:   0.9, loss: 0.25" + " " * 21, "final dev accuracy: 0.9"]


def test_round_28s_families_are_built_by_default_and_hold_enough_cases_per_seed() -> None:
    assert build.__defaults__ is not None and build.__defaults__[0] == FAMILIES and len(FAMILIES) == 361
    # at least four healthy recipes each (no plain SGD for ConvNeXt, the R-GCN, the ESN, MoCo; no small batch for
    # ConvNeXt, the R-GCN) and three faults (SIREN, the ESN: no labels to overfit as measured, no ReLU, no log)
    faults_of = faults_per_family(ROUND28_FAMILIES, FAULTY_R28, HEALTHY_R28, TRACED_R28, 5)
    weak = {"sorted_data", "overfitting", "dead_relu"}  # the debugger's weak spots, each from its real cause
    assert weak <= faults_of["rgcn"] and weak - {"overfitting"} <= faults_of["graph_wavenet"]
    assert {"sorted_data", "overfitting", "log_of_zero"} <= faults_of["convnext"]
    assert {"dead_relu", "deep_sigmoid", "log_of_zero"} <= faults_of["moco"]
    assert "corrupt_batches" in faults_of["siren"] and "corrupt_batches" in faults_of["esn"]
    assert all("sorted_data" in faults_of[f] for f in ROUND28_FAMILIES)


def test_convnext_pools_its_motifs_and_logs_as_its_main_py(tmp_path: Path) -> None:
    import torch
    from make_family_casebook import CNX_CLASSES, ConvNeXt, Logged, write_convnext

    task = make_task("convnext", 0)
    assert task.x.shape[1:] == (1, 16, 16) and float(task.extra["pixel_acc"]) < 0.4
    model = make_model("convnext", Recipe(), 0)
    assert isinstance(model, ConvNeXt)
    with torch.no_grad():
        out = model(task.x_val[:2])
        assert out.shape == (2, CNX_CLASSES)
        block = model.stage1[0]
        h = torch.randn(2, block.dwconv.in_channels, 4, 4)
        assert torch.allclose(block(h), h, atol=1e-4)  # layer scale from 1e-6: each block starts as the identity
    case = one_case(tmp_path, "convnext", "healthy")
    assert case["fault_occurred"] and (case["split"], case["classes"]) == ("tuning", CNX_CLASSES)
    rows = [{"step": float(i), "lr": 3e-3, "loss": 2.0, "acc": 0.25, "grad_norm": 1.0} for i in range(1, 21)]
    rows[-1].update(val_loss=1.5, val_acc=0.45, val_top5=0.9)
    text = (tmp_path / write_convnext(Logged(rows), tmp_path, "c")).read_text().splitlines()
    assert text[0].startswith(
        "Epoch: [0]  [ 0/20]  eta: 0:00:02  lr: 0.003000  min_lr: 0.003000  loss: 2.0000 (2.0000)"
    )
    assert text[-3:] == [
        "* Acc@1 45.000 Acc@5 90.000 loss 1.500",
        "Accuracy of the model on the 256 test images: 45.0%",
        "Max accuracy: 45.00%",
    ]


def test_an_rgcn_convolves_over_the_codes_facts_and_beats_popularity(tmp_path: Path) -> None:
    import torch
    from make_family_casebook import RG_ENTITIES, RG_RELATIONS, RGCN, Logged, rgcn_adjacency, write_dgl_rgcn

    task = make_task("rgcn", 0)
    assert float(task.extra["pop_mrr"]) < 0.1
    adj = rgcn_adjacency(task.x, task.y)
    assert adj.shape == (2 * RG_RELATIONS, RG_ENTITIES, RG_ENTITIES)
    assert torch.allclose(adj.sum(2)[adj.sum(2) > 0], torch.tensor(1.0))  # each entity's messages a mean
    task.extra["adj"] = adj
    model = make_model("rgcn", Recipe(), 0, task)
    assert isinstance(model, RGCN)
    with torch.no_grad():
        assert model(task.x_val[:3]).shape == (3, RG_ENTITIES)
    case = one_case(tmp_path, "rgcn", "healthy")
    assert case["fault_occurred"] and case["split"] == "tuning"
    dead = one_case(tmp_path / "dead", "rgcn", "dead_relu")
    assert dead["fault_occurred"]
    rows = [{"step": float(i), "lr": 1e-2, "loss": 0.5, "grad_norm": 1.0} for i in range(1, 3)]
    rows[0].update(val_loss=0.6, val_mrr=0.25, val_hits1=0.125, val_hits3=0.25, val_hits10=0.5)
    text = (tmp_path / write_dgl_rgcn(Logged(rows), tmp_path, "r")).read_text().splitlines()
    assert text[:3] == ["Epoch 0001 | Loss 0.5000 | Best MRR 0.0000 | Forward 0.0123s | Backward 0.0234s", "start eval",
                        "MRR (filtered): 0.250000"]  # fmt: skip
    assert text[-1] == "Epoch 0002 | Loss 0.5000 | Best MRR 0.2500 | Forward 0.0123s | Backward 0.0234s"


def test_a_siren_fits_its_clip_and_its_corrupt_batch_is_16_bit(tmp_path: Path) -> None:
    import torch
    from make_family_casebook import Logged, Siren, write_siren

    task = make_task("siren", 0)
    assert task.x.shape[1:] == (1,) and float(task.y.abs().max()) < 1.5
    model = make_model("siren", Recipe(), 0)
    assert isinstance(model, Siren)
    with torch.no_grad():
        assert model(task.x_val[:3]).shape == (3, 1)
    case = one_case(tmp_path, "siren", "healthy")
    assert case["fault_occurred"] and case["split"] == "tuning"
    spiked = one_case(tmp_path / "c", "siren", "corrupt_batches")
    assert spiked["fault_occurred"]
    rows = [{"step": float(i), "lr": 1e-4, "loss": 0.0123456, "grad_norm": 1.0} for i in range(1, 21)]
    rows[-1].update(val_loss=0.02)
    text = (tmp_path / write_siren(Logged(rows), tmp_path, "s")).read_text().splitlines()
    assert text == ["Epoch 20, Total loss 0.012346, iteration time 0.004567"]


def test_an_echo_state_network_trains_its_readout_alone(tmp_path: Path) -> None:
    import torch
    from make_family_casebook import ESN, ESN_WINDOW, narma10

    u = 0.5 * torch.rand(50)
    y = narma10(u)
    assert math.isclose(float(y[10]), 0.1 + 1.5 * float(u[0]) * float(u[9]), rel_tol=1e-5)  # from rest
    task = make_task("esn", 0)
    assert task.x.shape[1:] == (ESN_WINDOW,) and float(task.extra["const_mse"]) > 0.9
    model = make_model("esn", Recipe(), 0)
    assert isinstance(model, ESN) and [n for n, p in model.named_parameters() if p.requires_grad] == [
        "readout.weight", "readout.bias"]  # fmt: skip
    assert float(torch.linalg.eigvals(model.w).abs().max()) < 1  # the echo-state property
    case = one_case(tmp_path, "esn", "healthy")
    assert case["fault_occurred"] and case["split"] == "tuning"


def test_graph_wavenet_learns_its_adjacency_and_logs_as_its_train_py(tmp_path: Path) -> None:
    import torch
    from make_family_casebook import GraphWaveNet, Logged, write_graph_wavenet

    task = make_task("graph_wavenet", 0)
    assert task.x.shape[1:] == (12, 12) and task.y.shape[1:] == (3, 12)
    model = make_model("graph_wavenet", Recipe(), 0)
    assert isinstance(model, GraphWaveNet)
    model.eval()
    with torch.no_grad():
        assert model(task.x_val[:2]).shape == (2, 3, 12)
    case = one_case(tmp_path, "graph_wavenet", "healthy")
    assert case["fault_occurred"] and case["split"] == "tuning"
    rows = [{"step": float(i), "lr": 1e-3, "loss": 0.05, "mape": 0.06, "rmse": 0.07, "grad_norm": 1.0}
            for i in range(1, 21)]  # fmt: skip
    rows[-1].update(val_loss=0.04, val_mae=0.04, val_mape=0.05, val_rmse=0.06)
    text = (tmp_path / write_graph_wavenet(Logged(rows), tmp_path, "g")).read_text().splitlines()
    assert text[0] == "Iter: 000, Train Loss: 0.0500, Train MAPE: 0.0600, Train RMSE: 0.0700"
    assert text[3] == ("Epoch: 001, Train Loss: 0.0500, Train MAPE: 0.0600, Train RMSE: 0.0700, Valid Loss: 0.0400, "
                       "Valid MAPE: 0.0500, Valid RMSE: 0.0600, Training Time: 0.4500/epoch")  # fmt: skip


def test_moco_keeps_a_queue_of_keys_and_its_dead_units_fail_its_check(tmp_path: Path) -> None:
    import torch
    from make_family_casebook import MOCO_QUEUE, Logged, MoCo, write_moco

    task = make_task("moco", 0)
    assert 0.25 < float(task.extra["raw_acc"]) < 0.9
    model = make_model("moco", Recipe(), 0)
    assert isinstance(model, MoCo) and model.queue.shape[0] == MOCO_QUEUE
    model.enqueue(torch.ones(3, model.queue.shape[1]))
    assert model.pointer == 3 and float(model.queue[:3].sum()) == 3 * model.queue.shape[1]
    assert not any(p.requires_grad for p in model.key_encoder.parameters())
    case = one_case(tmp_path, "moco", "healthy")
    assert case["fault_occurred"] and case["split"] == "tuning"
    dead = one_case(tmp_path / "dead", "moco", "dead_relu")
    assert dead["fault_occurred"]
    rows = [{"step": float(i), "lr": 3e-3, "loss": 4.5, "acc1": 0.5, "acc5": 0.75, "grad_norm": 1.0}
            for i in range(1, 21)]  # fmt: skip
    rows[-1].update(val_loss=4.0, val_acc=0.8)
    text = (tmp_path / write_moco(Logged(rows), tmp_path, "m")).read_text().splitlines()
    assert text[0] == ("Epoch: [0][ 0/20]\tTime  0.050 ( 0.052)\tData  0.001 ( 0.001)\tLoss 4.5000e+00 (4.5000e+00)\t"
                       "Acc@1  50.00 ( 50.00)\tAcc@5  75.00 ( 75.00)")  # fmt: skip
    assert text[-1] == "Test Epoch: [1/1] Acc@1:80.00%"


def test_round_29s_families_are_built_by_default_and_hold_enough_cases_per_seed() -> None:
    assert build.__defaults__ is not None and build.__defaults__[0] == FAMILIES and len(FAMILIES) == 361
    # at least four healthy recipes each (no plain SGD for the Reformer, the Conformer, PonderNet; no warmup-cosine for
    # the Conformer; no small batch for PonderNet; no easy task for the policy-value net: a solved game) and five
    # faults (DenseNet: its batch norms take a rate far too high, its 24 images do not overfit as measured)
    faults_of = faults_per_family(ROUND29_FAMILIES, FAULTY_R29, HEALTHY_R29, TRACED_R29, 5)
    weak = {"sorted_data", "overfitting", "dead_relu", "lr_too_high"}  # the debugger's weak spots, each from its cause
    assert weak - {"dead_relu"} <= faults_of["reformer_lm"] and weak <= faults_of["made"]
    assert weak | {"deep_sigmoid"} <= faults_of["pondernet"] and weak | {"deep_sigmoid"} <= faults_of["policy_value"]
    assert {"sorted_data", "random_labels", "dead_relu", "log_of_zero"} <= faults_of["densenet"]
    assert {"log_of_zero", "overfitting", "random_labels"} <= faults_of["conformer_ctc"]
    assert "corrupt_batches" in faults_of["policy_value"]
    assert all("sorted_data" in faults_of[f] for f in ROUND29_FAMILIES)
    assert all(SPLIT_OF[f] == "tuning" for f in ROUND29_FAMILIES)


def test_a_densenet_concatenates_its_layers_and_logs_as_bamos_densenet(tmp_path: Path) -> None:
    import torch
    from make_family_casebook import DENSE_GROWTH, DenseLayer, DenseNet, Logged, write_bamos_densenet

    task = make_task("densenet", 0)
    assert task.x.shape[1:] == (1, 12, 12) and float(task.extra["pixel_acc"]) < 0.4
    model = make_model("densenet", Recipe(), 0)
    assert isinstance(model, DenseNet)
    layer = next(m for m in model.modules() if isinstance(m, DenseLayer))
    h = torch.randn(2, layer.net[0].num_features, 6, 6)
    assert torch.equal(layer(h)[:, : h.shape[1]], h) and layer(h).shape[1] == h.shape[1] + DENSE_GROWTH
    case = one_case(tmp_path, "densenet", "healthy")
    assert case["fault_occurred"] and (case["split"], case["classes"]) == ("tuning", 4)
    dead = one_case(tmp_path / "dead", "densenet", "dead_relu")
    assert dead["fault_occurred"]
    rows = [{"step": float(i), "lr": 1e-3, "loss": 1.5, "acc": 0.25, "grad_norm": 1.0} for i in range(1, 21)]
    rows[-1].update(val_loss=1.2345, val_acc=0.5)
    text = (tmp_path / write_bamos_densenet(Logged(rows), tmp_path, "d")).read_text().splitlines()
    assert text[0] == "Train Epoch: 0.00 [32/640 (0%)]\tLoss: 1.500000\tError: 75.000000"
    assert text[-2] == "Test set: Average loss: 1.2345, Error: 128/256 (50%)"


def test_a_reformer_hashes_its_tokens_causally_and_logs_as_lucidrains_example(tmp_path: Path) -> None:
    from make_family_casebook import REF_LEN, REF_VOCAB, Logged, ReformerLM, write_reformer

    task = make_task("reformer_lm", 0)
    assert task.x.shape[1:] == (REF_LEN,) and abs(float(task.extra["unigram_nll"]) - math.log(REF_VOCAB)) < 0.05
    model = make_model("reformer_lm", Recipe(), 0)
    assert isinstance(model, ReformerLM)
    assert sees_no_later_token(model, task.x_val, REF_VOCAB)
    case = one_case(tmp_path, "reformer_lm", "healthy")
    assert case["fault_occurred"] and case["split"] == "tuning"
    rows = [{"step": 1.0, "lr": 3e-3, "loss": 2.5, "grad_norm": 1.0, "val_loss": 2.25}]
    text = (tmp_path / write_reformer(Logged(rows), tmp_path, "r")).read_text().splitlines()
    assert text == ["training loss: 2.5", "validation loss: 2.25"]


def test_made_reads_only_the_bits_before_each_and_its_dead_units_fail_its_check(tmp_path: Path) -> None:
    import torch
    from make_family_casebook import MADE, MADE_BITS

    task = make_task("made", 0)
    assert task.x.shape[1:] == (MADE_BITS,) and float(task.extra["indep_nll"]) > 10
    model = make_model("made", Recipe(), 0)
    assert isinstance(model, MADE)
    with torch.no_grad():
        x = task.x_val[:2].clone()
        out = model(x)
        x[:, 5] = 1 - x[:, 5]  # bit 5 flipped: the logits of bits 0 to 5 cannot move
        assert torch.allclose(model(x)[:, :6], out[:, :6])
    case = one_case(tmp_path, "made", "healthy")
    assert case["fault_occurred"] and case["split"] == "tuning"
    dead = one_case(tmp_path / "dead", "made", "dead_relu")
    assert dead["fault_occurred"]


def test_a_conformer_recognises_its_phones_and_logs_as_wenet(tmp_path: Path) -> None:
    import torch
    from make_family_casebook import CONF_FRAMES, CONF_PHONES, Conformer, Logged, write_wenet

    task = make_task("conformer_ctc", 0)
    assert task.x.shape[1] == CONF_FRAMES and int(task.y.max()) == CONF_PHONES and int(task.y.min()) == 1
    model = make_model("conformer_ctc", Recipe(), 0)
    assert isinstance(model, Conformer)
    model.eval()
    with torch.no_grad():
        assert model(task.x_val[:2]).shape == (2, CONF_FRAMES, CONF_PHONES + 1)
    case = one_case(tmp_path, "conformer_ctc", "healthy")
    assert case["fault_occurred"] and case["split"] == "tuning"
    rows = [{"step": float(i), "lr": 3e-3, "loss": 1.5, "grad_norm": 1.0} for i in range(1, 21)]
    rows[-1].update(val_loss=1.25, val_cer=0.2)
    text = (tmp_path / write_wenet(Logged(rows), tmp_path, "w")).read_text().splitlines()
    assert text[0].endswith(" DEBUG TRAIN Batch 0/0 loss 1.500000 loss_ctc 1.500000 lr 0.00300000 rank 0")
    assert text[-1].endswith(" INFO Epoch 0 CV info cv_loss 1.25")


def test_pondernet_halts_within_its_steps_and_its_saturated_encoder_fails_its_check(tmp_path: Path) -> None:
    import torch
    from make_family_casebook import PONDER_STEPS, PonderNet

    task = make_task("pondernet", 0)
    assert float(task.extra["linear_acc"]) < 0.5
    model = make_model("pondernet", Recipe(), 0)
    assert isinstance(model, PonderNet)
    with torch.no_grad():
        logits, p = model(task.x_val[:5])
    assert logits.shape == (PONDER_STEPS, 5, 4) and torch.allclose(p.sum(0), torch.ones(5))  # it halts by the last
    case = one_case(tmp_path, "pondernet", "healthy")
    assert case["fault_occurred"] and (case["split"], case["classes"]) == ("tuning", 4)
    stack = one_case(tmp_path / "sig", "pondernet", "deep_sigmoid")
    assert stack["fault_occurred"]


def test_a_policy_value_net_learns_the_solved_game_and_logs_as_alpha_zero_general(tmp_path: Path) -> None:
    from make_family_casebook import Logged, PolicyValueNet, ttt_solve, write_alpha_zero

    solved = ttt_solve()
    assert len(solved) == 4520 and solved[(0,) * 9][0] == 0.0  # perfect play draws
    assert solved[(1, 1, 0, -1, -1, 0, 0, 0, 0)] == (1.0, (2,))  # the mover completes its row
    task = make_task("policy_value", 0)
    assert task.y.shape[1] == 10 and 0.4 < float(task.extra["random_opt"]) < 0.7
    assert isinstance(make_model("policy_value", Recipe(), 0), PolicyValueNet)
    case = one_case(tmp_path, "policy_value", "healthy")
    assert case["fault_occurred"] and case["split"] == "tuning"
    rows = [{"step": float(i), "lr": 3e-3, "loss": 1.5, "pi_loss": 1.25, "v_loss": 0.25, "grad_norm": 1.0}
            for i in range(1, 21)]  # fmt: skip
    rows[-1].update(val_loss=1.0, val_opt_acc=0.8)
    text = (tmp_path / write_alpha_zero(Logged(rows), tmp_path, "a")).read_text().splitlines()
    assert text == ["EPOCH ::: 1", "Training Net: 100%|##########| 20/20 [00:00<00:00, 150.00it/s, Loss_pi=1.25e+00, "
                    "Loss_v=2.50e-01]"]  # fmt: skip


def test_round_30s_families_are_built_by_default_and_hold_enough_cases_per_seed() -> None:
    assert build.__defaults__ is not None and build.__defaults__[0] == FAMILIES and len(FAMILIES) == 361
    # at least four healthy recipes each (no plain SGD for the Transformer-XL, wav2vec 2.0, the A2C, the NTM; no easy
    # task for the A2C: CartPole is CartPole) and five faults (the A2C: no data set to shuffle or sort, no log of its
    # own to break; wav2vec 2.0: no labels, fresh masks against overfitting)
    faults_of = faults_per_family(ROUND30_FAMILIES, FAULTY_R30, HEALTHY_R30, TRACED_R30, 5)
    weak = {"sorted_data", "overfitting", "dead_relu", "random_labels"}  # the debugger's weak spots, from their causes
    assert weak <= faults_of["efficientnet"] and weak <= faults_of["transformer_xl"] and weak <= faults_of["ntm_copy"]
    assert {"sorted_data", "overfitting", "random_labels", "log_of_zero"} <= faults_of["t5_span"]
    assert {"sorted_data", "dead_relu", "corrupt_batches", "log_of_zero", "lr_too_high"} <= faults_of["wav2vec2"]
    assert {"deep_sigmoid", "dead_relu", "corrupt_batches", "lr_too_high", "lr_too_low"} <= faults_of["a2c_cartpole"]
    assert all("sorted_data" in faults_of[f] for f in ROUND30_FAMILIES if f != "a2c_cartpole")
    assert all(SPLIT_OF[f] == "tuning" for f in ROUND30_FAMILIES)


def test_an_efficientnet_gates_its_channels_and_logs_as_timm(tmp_path: Path) -> None:
    import torch
    from make_family_casebook import EfficientNet, Logged, MBConv, SqueezeExcite, write_timm

    task = make_task("efficientnet", 0)
    assert task.x.shape[1:] == (3, 12, 12) and float(task.extra["pixel_acc"]) < 0.4
    model = make_model("efficientnet", Recipe(), 0)
    assert isinstance(model, EfficientNet)
    assert sum(isinstance(m, SqueezeExcite) for m in model.modules()) == 3
    block = [m for m in model.modules() if isinstance(m, MBConv)][-1]
    assert block.residual and not [m for m in model.modules() if isinstance(m, MBConv)][1].residual
    model.eval()
    with torch.no_grad():
        assert model(task.x_val[:2]).shape == (2, 4)
    case = one_case(tmp_path, "efficientnet", "healthy")
    assert case["fault_occurred"] and (case["split"], case["classes"]) == ("tuning", 4)
    dead = one_case(tmp_path / "dead", "efficientnet", "dead_relu")
    assert dead["fault_occurred"]
    rows = [{"step": float(i), "lr": 3e-3, "loss": 1.5, "acc": 0.25, "grad_norm": 1.0} for i in range(1, 21)]
    rows[-1].update(val_loss=1.2345, val_acc=0.5, val_acc5=1.0)
    text = (tmp_path / write_timm(Logged(rows), tmp_path, "e")).read_text().splitlines()
    assert text[0] == ("Train: 0 [   0/20 (  0%)]  Loss: 1.50 (1.50)  Time: 0.050s,  640.00/s  (0.052s,  615.38/s)  "
                       "LR: 3.000e-03  Data: 0.001 (0.001)")  # fmt: skip
    assert text[-2] == ("Test: [   7/7]  Time: 0.012 (0.012)  Loss:   1.234 ( 1.234)  Acc@1:  50.000 ( 50.000)  "
                        "Acc@5: 100.000 (100.000)")  # fmt: skip
    assert text[-1] == "*** Best metric: 50.0 (epoch 0)"


def test_a_transformer_xl_reads_its_lag_through_its_memory_and_logs_as_kimiyoung(tmp_path: Path) -> None:
    import torch
    from make_family_casebook import TXL_SEG, TXL_VOCAB, Logged, TransformerXL, write_txl

    task = make_task("transformer_xl", 0)
    assert task.x.shape[1:] == (48,) and abs(float(task.extra["unigram_nll"]) - math.log(TXL_VOCAB)) < 0.05
    model = make_model("transformer_xl", Recipe(), 0)
    assert isinstance(model, TransformerXL)
    with torch.no_grad():
        x = task.x_val[:2].clone()
        out = model(x)
        x[:, TXL_SEG - 1] = (x[:, TXL_SEG - 1] + 1) % TXL_VOCAB  # the first segment's last token changed:
        changed = model(x)
        assert torch.allclose(changed[:, : TXL_SEG - 1], out[:, : TXL_SEG - 1], atol=1e-5)  # causal
        assert not torch.allclose(changed[:, TXL_SEG : 2 * TXL_SEG], out[:, TXL_SEG : 2 * TXL_SEG])  # remembered
    case = one_case(tmp_path, "transformer_xl", "healthy")
    assert case["fault_occurred"] and case["split"] == "tuning"
    rows = [{"step": float(i), "lr": 3e-3, "loss": 2.5, "grad_norm": 1.0} for i in range(1, 21)]
    rows[-1].update(val_loss=2.25)
    text = (tmp_path / write_txl(Logged(rows), tmp_path, "t")).read_text().splitlines()
    head = "| epoch   1 step       10 |     10 batches | lr 0.003 | ms/batch 25.00 | loss  2.50 | ppl"
    assert text[0] == head + "    12.182"
    assert text[3] == "| Eval   1 at step       20 | time:  0.05s | valid loss  2.25 | valid ppl     9.488"
    assert text[2] == text[4] == "-" * 100 and text[-1] == "=" * 100


def test_wav2vec2_masks_spans_and_contrasts_distractors_and_logs_as_fairseq(tmp_path: Path) -> None:
    import torch
    from make_family_casebook import W2V_CODES, Logged, Wav2Vec2, w2v_loss, w2v_mask, write_fairseq_w2v

    task = make_task("wav2vec2", 0)
    assert task.x.shape[1:] == (1, 400) and task.y.shape[1:] == (1,)
    idx = w2v_mask(8, 18, torch.Generator().manual_seed(0))
    assert idx.shape[0] == 8 and idx.shape[1] >= 2 and bool((idx[:, 1:] > idx[:, :-1]).all())
    model = make_model("wav2vec2", Recipe(), 0)
    assert isinstance(model, Wav2Vec2)
    loss, parts = w2v_loss(model, task.x[:8], Recipe(), torch.Generator().manual_seed(0))
    assert math.isfinite(loss.item()) and 1 <= parts["prob_perplexity"] <= W2V_CODES and 0 <= parts["accuracy"] <= 1
    case = one_case(tmp_path, "wav2vec2", "healthy")
    assert case["fault_occurred"] and case["split"] == "tuning"
    keys = ("loss_0", "loss_1", "loss_2", "prob_perplexity", "code_perplexity", "temp", "accuracy")
    rows = [{"step": float(i), "lr": 3e-3, "loss": math.log(2), "grad_norm": 1.0, **dict.fromkeys(keys, 0.5)}
            for i in range(1, 21)]  # fmt: skip
    rows[-1].update(val_loss=math.log(2), **{f"val_{k}": 0.25 for k in keys if k != "temp"})
    text = (tmp_path / write_fairseq_w2v(Logged(rows), tmp_path, "w")).read_text().splitlines()
    head, _, body = text[0].partition(" - ")
    assert head == "[2021-03-24 14:00:01,269][train_inner][INFO]"
    first = json.loads(body)
    assert (first["epoch"], first["update"], first["loss"], first["accuracy"]) == (1, 0.25, "1", "0.5")
    assert text[-3].endswith('[fairseq_cli.train][INFO] - begin validation on "valid" subset')
    assert json.loads(text[-2].partition(" - ")[2])["valid_accuracy"] == "0.25"


def test_a2c_trains_with_stable_baselines3_and_logs_its_own_table(tmp_path: Path) -> None:
    case = one_case(tmp_path, "a2c_cartpole", "healthy")
    assert case["fault_occurred"] and case["split"] == "tuning"
    text = (tmp_path / case["log"]).read_text()
    if case["format"] == "csv":
        assert "rollout/ep_rew_mean" in text.splitlines()[0] and "train/value_loss" in text.splitlines()[0]
    elif case["format"] == "jsonl":
        assert "rollout/ep_rew_mean" in json.loads(text.splitlines()[-1])
    else:
        assert "| rollout/" in text and "|    ep_rew_mean" in text and "| train/" in text
    dead = one_case(tmp_path / "dead", "a2c_cartpole", "dead_relu")
    assert dead["fault_occurred"]


def test_an_ntm_addresses_its_memory_and_logs_as_pytorch_ntm(tmp_path: Path) -> None:
    import torch
    from make_family_casebook import NTM, NTM_LEN, NTM_SLOTS, NTM_WIDTH, Logged, write_ntm

    task = make_task("ntm_copy", 0)
    assert task.x.shape[1:] == (NTM_LEN + 1, NTM_WIDTH + 1) and task.y.shape[1:] == (NTM_LEN, NTM_WIDTH)
    assert bool((task.x[:, NTM_LEN, NTM_WIDTH] == 1).all()) and torch.equal(task.x[:, :NTM_LEN, :NTM_WIDTH], task.y)
    model = make_model("ntm_copy", Recipe(), 0)
    assert isinstance(model, NTM)
    with torch.no_grad():
        assert model(task.x_val[:3]).shape == (3, NTM_LEN, NTM_WIDTH)
        h, mem = torch.randn(3, 64), torch.randn(3, NTM_SLOTS, 10)
        w, _ = model.read_head.address(h, mem, torch.full((3, NTM_SLOTS), 1 / NTM_SLOTS))
        assert torch.allclose(w.sum(1), torch.ones(3))
    case = one_case(tmp_path, "ntm_copy", "healthy")
    assert case["fault_occurred"] and case["split"] == "tuning"
    rows = [{"step": float(i), "lr": 3e-3, "loss": 0.5, "cost": 4.0, "grad_norm": 1.0} for i in range(1, 11)]
    text = (tmp_path / write_ntm(Logged(rows), tmp_path, "n")).read_text().splitlines()
    assert text[1:] == ["Training model for 10 batches (batch_size=32)...",
                        "Batch 10 Loss: 0.500000 Cost: 4.00 Time: 3 ms/sequence", "Done training."]  # fmt: skip


def test_t5_corrupts_spans_with_sentinels_and_logs_as_the_hf_trainer(tmp_path: Path) -> None:
    from make_family_casebook import T5_EOS, T5_LEN, T5_SENTINEL, T5Span

    task = make_task("t5_span", 0)
    src, tgt = task.x[0].tolist(), task.y[0].tolist()
    assert src[-1] == tgt[-1] == T5_EOS and tgt[0] == T5_SENTINEL and src.count(T5_SENTINEL) == 1
    text, spans = [], {}
    for token in tgt[:-1]:  # the target: each sentinel followed by its span
        if token >= T5_SENTINEL:
            spans[token] = []
            current = token
        else:
            spans[current].append(token)
    for token in src[:-1]:  # the input with each sentinel filled in is the original text
        text += spans[token] if token >= T5_SENTINEL else [token]
    assert len(text) == T5_LEN
    assert isinstance(make_model("t5_span", Recipe(), 0, task), T5Span)
    case = one_case(tmp_path, "t5_span", "healthy")
    assert case["fault_occurred"] and case["split"] == "tuning"
    if case["format"] in ("text_pipe", "text_kv"):
        first = (tmp_path / case["log"]).read_text().splitlines()[0]
        assert first.startswith("{'loss': ") and "'learning_rate': " in first and "'epoch': " in first


def test_round_31s_families_are_built_by_default_and_hold_enough_cases_per_seed() -> None:
    assert build.__defaults__ is not None and build.__defaults__[0] == FAMILIES and len(FAMILIES) == 361
    # at least four healthy recipes each (no plain SGD for GPT-NeoX, the mesh forecaster, the keyword net; no easy task
    # for the DQN: its gridworld has no noise; no batches of 8 for the keyword net) and five faults (the DQN: no data
    # set to sort, no held-out loss, no log of its own to break; GPT-NeoX: its attention learns past dead MLPs)
    faults_of = faults_per_family(ROUND31_FAMILIES, FAULTY_R31, HEALTHY_R31, TRACED_R31, 5)
    weak = {"sorted_data", "overfitting", "dead_relu", "random_labels"}  # the debugger's weak spots, from their causes
    assert weak <= faults_of["segformer"] and weak - {"dead_relu"} | {"log_of_zero"} <= faults_of["gpt_neox_lm"]
    assert weak | {"deep_sigmoid", "log_of_zero"} <= faults_of["speech_commands_crnn"]
    stacks = {"sorted_data", "dead_relu", "random_labels", "deep_sigmoid", "corrupt_batches"}
    assert stacks <= faults_of["graphcast_mesh"] and stacks <= faults_of["tabular_ae_anomaly"]
    assert {"dead_relu", "deep_sigmoid", "random_labels", "corrupt_batches", "lr_too_low"} <= faults_of[
        "dqn_atari_like"
    ]
    assert all("sorted_data" in faults_of[f] for f in ROUND31_FAMILIES if f != "dqn_atari_like")
    assert all(SPLIT_OF[f] == "tuning" for f in ROUND31_FAMILIES)


def test_a_segformer_reduces_its_keys_and_logs_as_mmsegmentation(tmp_path: Path) -> None:
    import torch
    from make_family_casebook import SEGF_SIDE, MixBlock, SegFormer

    task = make_task("segformer", 0)
    assert task.x.shape[1:] == (1, SEGF_SIDE, SEGF_SIDE) and task.y.shape[1:] == (SEGF_SIDE, SEGF_SIDE)
    assert set(task.y.unique().tolist()) == {0, 1, 2, 3} and float(task.extra["ridge_miou"]) < 0.3
    model = make_model("segformer", Recipe(), 0)
    assert isinstance(model, SegFormer)
    assert [m.sr for m in model.modules() if isinstance(m, MixBlock)] == [2, 1]
    model.eval()
    with torch.no_grad():
        assert model(task.x_val[:2]).shape == (2, 4, SEGF_SIDE, SEGF_SIDE)
    case = one_case(tmp_path, "segformer", "healthy")
    assert case["fault_occurred"] and (case["split"], case["classes"]) == ("tuning", 4)
    text = (tmp_path / case["log"]).read_text()
    if case["format"] == "text_pipe":
        assert "Iter [5/300]\tlr: " in text and "decode.loss_ce: " in text and "mIoU: " in text
    elif case["format"] == "text_kv":
        assert "Iter(train) [  5/300]" in text and "Iter(val) [128/128]" in text


def test_gpt_neox_rotates_its_queries_and_logs_as_nanogpt(tmp_path: Path) -> None:
    import torch
    from make_family_casebook import NEOX_LEN, GPTNeoX, Logged, rotate_half_rope, write_nanogpt

    task = make_task("gpt_neox_lm", 0)
    assert task.x.shape[1:] == (NEOX_LEN,) and torch.equal(task.x[:, 1:], task.y[:, :-1])
    q = torch.randn(1, 1, 5, 8)
    turned = rotate_half_rope(q, 2)
    assert torch.allclose(turned[..., 2:], q[..., 2:]) and torch.allclose(turned.norm(dim=-1), q.norm(dim=-1))
    model = make_model("gpt_neox_lm", Recipe(), 0)
    assert isinstance(model, GPTNeoX)
    assert sees_no_later_token(model, task.x_val, 16)
    case = one_case(tmp_path, "gpt_neox_lm", "healthy")
    assert case["fault_occurred"] and case["split"] == "tuning"
    rows = [{"step": float(i), "lr": 1e-2, "loss": 2.5, "grad_norm": 1.0} for i in range(1, 21)]
    rows[-1].update(val_loss=2.25, val_train_loss=2.125)
    text = (tmp_path / write_nanogpt(Logged(rows), tmp_path, "n")).read_text().splitlines()
    assert text[0] == "iter 0: loss 2.5000, time 11.50ms, mfu -100.00%"
    assert text[-1] == "step 20: train loss 2.1250, val loss 2.2500" and text[-2].startswith("iter 19: loss 2.5000, ")


def test_a_mesh_forecaster_passes_messages_and_beats_persistence(tmp_path: Path) -> None:
    import torch
    from make_family_casebook import GC_SIDE, MeshGNN, mesh_edges

    task = make_task("graphcast_mesh", 0)
    assert task.x.shape[1:] == (GC_SIDE * GC_SIDE, 2) and task.y.shape[1:] == (GC_SIDE * GC_SIDE,)
    senders, feats = mesh_edges()
    assert senders.shape == (2, 8 * GC_SIDE * GC_SIDE) and feats.shape == (8 * GC_SIDE * GC_SIDE, 3)
    assert bool((torch.bincount(senders[1]) == 8).all())  # every node receives from its 4 + 4 neighbours
    model = make_model("graphcast_mesh", Recipe(), 0)
    assert isinstance(model, MeshGNN)
    with torch.no_grad():
        assert model(task.x_val[:3]).shape == (3, GC_SIDE * GC_SIDE)
    case = one_case(tmp_path, "graphcast_mesh", "healthy")
    assert case["fault_occurred"] and case["split"] == "tuning"
    dead = one_case(tmp_path / "dead", "graphcast_mesh", "dead_relu")
    assert dead["fault_occurred"]


def test_a_pixel_dqn_reaches_its_goal_and_logs_as_cleanrl(tmp_path: Path) -> None:
    import torch
    from make_family_casebook import DQA_FRAMES, DQA_SCALE, DQN_SIDE, Logged, PixelQNet, dqa_frame, write_cleanrl_dqn

    frame = dqa_frame(0)
    assert frame.shape == (DQN_SIDE * DQA_SCALE,) * 2 and float(frame[0, 0]) == 1.0 and float(frame[-1, -1]) == 0.5
    model = make_model("dqn_atari_like", Recipe(), 0)
    assert isinstance(model, PixelQNet)
    with torch.no_grad():
        assert model(torch.stack([frame] * DQA_FRAMES)[None]).shape == (1, 4)
    case = one_case(tmp_path, "dqn_atari_like", "healthy")
    assert case["fault_occurred"] and case["split"] == "tuning"
    rows = [{"step": float(i), "lr": 3e-3, "loss": 0.01, "q_values": 0.5, "grad_norm": 1.0, "epsilon": 0.5}
            for i in range(1, 26)]  # fmt: skip
    rows[2].update(episodic_return=0.84, episodic_length=9.0)
    text = (tmp_path / write_cleanrl_dqn(Logged(rows), tmp_path, "d", "text_pipe")).read_text().splitlines()
    assert text == ["global_step=12, episodic_return=[0.84]", "SPS: 825",
                    "global_step=100, losses/td_loss=0.01, losses/q_values=0.5"]  # fmt: skip
    name = write_cleanrl_dqn(Logged(rows), tmp_path, "d", "csv")
    header = (tmp_path / name).read_text().splitlines()[0].split(",")
    assert header[:2] == ["global_step", "charts/episodic_return"] and "losses/td_loss" in header


def test_a_tabular_autoencoder_scores_anomalies_and_logs_as_keras(tmp_path: Path) -> None:
    from make_family_casebook import TAE_ANOMALY, TAE_FEATURES, Logged, write_keras_ae

    task = make_task("tabular_ae_anomaly", 0)
    assert task.x.shape[1:] == (TAE_FEATURES,) and bool((task.x == task.y).all())
    share = float(task.extra["anomaly"].mean())
    assert abs(share - TAE_ANOMALY) < 0.05 and abs(float(task.extra["norm_auc"]) - 0.5) < 0.1
    case = one_case(tmp_path, "tabular_ae_anomaly", "healthy")
    assert case["fault_occurred"] and case["split"] == "tuning"
    rows = [{"step": float(i), "lr": 3e-3, "loss": 0.5, "grad_norm": 1.0} for i in range(1, 21)]
    rows[-1].update(val_loss=0.25, val_auroc=0.9)
    text = (tmp_path / write_keras_ae(Logged(rows), tmp_path, "k", "text_pipe")).read_text().splitlines()
    assert text == ["Epoch 1/1", "20/20 - 0s - loss: 0.5000 - val_loss: 0.2500 - val_auroc: 0.9000 - 45ms/epoch - "
                    "2ms/step"]  # fmt: skip
    csv_text = (tmp_path / write_keras_ae(Logged(rows), tmp_path, "k", "csv")).read_text().splitlines()
    assert csv_text == ["epoch,loss,val_auroc,val_loss", "0,0.5,0.9,0.25"]


def test_a_keyword_crnn_reads_its_phones_in_order_and_logs_as_lightning(tmp_path: Path) -> None:
    import torch
    from make_family_casebook import CRNN, SCR_FRAMES, SCR_MELS, SCR_WORDS, Logged, write_lightning_csv

    task = make_task("speech_commands_crnn", 0)
    assert task.x.shape[1:] == (1, SCR_FRAMES, SCR_MELS) and int(task.y.max()) == SCR_WORDS - 1
    model = make_model("speech_commands_crnn", Recipe(), 0)
    assert isinstance(model, CRNN)
    model.eval()
    with torch.no_grad():
        assert model(task.x_val[:2]).shape == (2, SCR_WORDS)
    case = one_case(tmp_path, "speech_commands_crnn", "healthy")
    assert case["fault_occurred"] and (case["split"], case["classes"]) == ("tuning", SCR_WORDS)
    rows = [{"step": float(i), "lr": 1e-2, "loss": 1.5, "acc": 0.5, "grad_norm": 1.0} for i in range(1, 21)]
    rows[-1].update(val_loss=1.25, val_acc=0.5)
    lines = (tmp_path / write_lightning_csv(Logged(rows), tmp_path, "l", "csv")).read_text().splitlines()
    assert lines[0] == "epoch,step,train_loss_epoch,train_loss_step,val_acc,val_loss"
    assert lines[1] == "0,4,,1.5,," and lines[-2] == "0,19,,,0.5,1.25" and lines[-1] == "0,19,1.5,,,"
    bar = (tmp_path / write_lightning_csv(Logged(rows), tmp_path, "l", "text_pipe")).read_text().splitlines()
    assert bar == ["Epoch 0: 100%|##########| 20/20 [00:01<00:00, 16.00it/s, v_num=0, train_loss_step=1.5, "
                   "val_loss=1.25, val_acc=0.5, train_loss_epoch=1.5]"]  # fmt: skip


def test_round_32s_families_are_built_by_default_and_hold_enough_cases_per_seed() -> None:
    assert build.__defaults__ is not None and build.__defaults__[0] == FAMILIES and len(FAMILIES) == 361
    # at least four healthy recipes each (no plain SGD for the spatial transformer; no batches of 8 for RetNet and the
    # spatial transformer) and five faults (RetNet: its residual stream carries past dead units, it reads ids; DGCNN,
    # SincNet: LeakyReLUs cannot die, their norms take x300 Adam and undo a batch x100; RMTPP's noisy marks keep its
    # logits small)
    faults_of = faults_per_family(ROUND32_FAMILIES, FAULTY_R32, HEALTHY_R32, TRACED_R32, 5)
    weak = {"sorted_data", "overfitting", "random_labels", "lr_too_high_sgd"}  # the debugger's weak spots, their causes
    assert all(weak <= faults_of[f] for f in ROUND32_FAMILIES)
    assert {"lr_too_high", "dead_relu", "log_of_zero"} <= faults_of["mobilevit"] & faults_of["stn_classifier"]
    assert {"lr_too_high", "log_of_zero"} <= faults_of["retnet_lm"]
    assert {"lr_too_high", "dead_relu", "deep_sigmoid", "corrupt_batches"} <= faults_of["rmtpp_events"]
    assert {"deep_sigmoid", "log_of_zero"} <= faults_of["dgcnn_points"] & faults_of["sincnet_speaker"]
    assert "dead_relu" not in faults_of["dgcnn_points"] | faults_of["sincnet_speaker"] | faults_of["retnet_lm"]
    assert all(SPLIT_OF[f] == "tuning" for f in ROUND32_FAMILIES)


def test_a_mobilevit_attends_across_its_patches_and_logs_as_timm(tmp_path: Path) -> None:
    import torch
    from make_family_casebook import MVIT_SIDE, Logged, MobileViT, MobileViTBlock, write_timm_summary

    task = make_task("mobilevit", 0)
    assert task.x.shape[1:] == (1, MVIT_SIDE, MVIT_SIDE) and float(task.extra["pixel_acc"]) < 0.35
    block = MobileViTBlock(8, 16, 2)
    block.eval()
    with torch.no_grad():
        x = torch.randn(2, 8, 8, 8)
        assert block(x).shape == x.shape
    model = make_model("mobilevit", Recipe(), 0)
    assert isinstance(model, MobileViT)
    model.eval()
    with torch.no_grad():
        assert model(task.x_val[:2]).shape == (2, 4)
    case = one_case(tmp_path, "mobilevit", "healthy")
    assert case["fault_occurred"] and (case["split"], case["classes"]) == ("tuning", 4)
    rows = [{"step": float(i), "lr": 3e-3, "loss": 1.5, "acc": 0.5, "grad_norm": 1.0} for i in range(1, 21)]
    rows[-1].update(val_loss=1.25, val_acc=0.5)
    lines = (tmp_path / write_timm_summary(Logged(rows), tmp_path, "t")).read_text().splitlines()
    assert lines == ["epoch,train_loss,eval_loss,eval_top1,eval_top5,lr", "0,1.5,1.25,50.0,100.0,0.003"]


def test_retnet_retains_with_decays_and_logs_as_fairseq(tmp_path: Path) -> None:
    import torch
    from make_family_casebook import RN_LEN, Logged, MultiScaleRetention, RetNet, write_fairseq_lm

    task = make_task("retnet_lm", 0)
    assert task.x.shape[1:] == (RN_LEN,) and torch.equal(task.x[:, 1:], task.y[:, :-1])
    retention = MultiScaleRetention()
    assert torch.allclose(retention.gamma, torch.tensor([1 - 2**-5, 1 - 2**-6]))
    model = make_model("retnet_lm", Recipe(), 0)
    assert isinstance(model, RetNet)
    assert sees_no_later_token(model, task.x_val, 16)
    case = one_case(tmp_path, "retnet_lm", "healthy")
    assert case["fault_occurred"] and case["split"] == "tuning"
    rows = [{"step": float(i), "lr": 1e-2, "loss": math.log(8), "grad_norm": 1.0} for i in range(1, 21)]
    rows[-1].update(val_loss=math.log(4))
    text = (tmp_path / write_fairseq_lm(Logged(rows), tmp_path, "f")).read_text().splitlines()
    assert text[0].endswith(
        "| INFO | train_inner | epoch 001:      5 / 20 loss=3, ppl=8.00, wps=41234.5, ups=40.27, "
        "wpb=1024, bsz=32, num_updates=5, lr=0.01, gnorm=1, train_wall=0, gb_free=10.5, wall=0"
    )
    assert "| INFO | valid | epoch 001 | valid on 'valid' subset | loss 2 | ppl 4.00 | " in text[-2]
    assert "| INFO | train | epoch 001 | loss 3 | ppl 8.00 | " in text[-1]


def test_a_spatial_transformer_resamples_its_input_and_logs_as_the_tutorial(tmp_path: Path) -> None:
    import torch
    from make_family_casebook import STN_SIDE, Logged, STNet, write_stn_tutorial

    task = make_task("stn_classifier", 0)
    assert task.x.shape[1:] == (1, STN_SIDE, STN_SIDE) and float(task.extra["pixel_acc"]) < 0.5
    model = make_model("stn_classifier", Recipe(), 0)
    assert isinstance(model, STNet)
    with torch.no_grad():  # started at the identity map: its resampled input is its input
        assert torch.allclose(model.transform(task.x_val[:2]), task.x_val[:2], atol=1e-5)
        assert model(task.x_val[:2]).shape == (2, 4)
    case = one_case(tmp_path, "stn_classifier", "healthy")
    assert case["fault_occurred"] and case["split"] == "tuning"
    rows = [{"step": float(i), "lr": 3e-3, "loss": 1.5, "acc": 0.5, "grad_norm": 1.0} for i in range(1, 21)]
    rows[-1].update(val_loss=1.25, val_acc=0.5)
    text = (tmp_path / write_stn_tutorial(Logged(rows), tmp_path, "s")).read_text().splitlines()
    assert text[0] == "Train Epoch: 1 [0/640 (0%)]\tLoss: 1.500000" and text[1].startswith(
        "Train Epoch: 1 [160/640 (25%)]"
    )
    assert text[-3:] == ["", "Test set: Average loss: 1.2500, Accuracy: 128/256 (50%)", ""]


def test_rmtpp_models_its_events_gaps_and_logs_as_thp(tmp_path: Path) -> None:
    import torch
    from make_family_casebook import RMTPP, TPP_LEN, Logged, tpp_terms, write_thp

    task = make_task("rmtpp_events", 0)
    assert task.x.shape[1:] == (TPP_LEN, 2) and torch.equal(task.x[:, 1:], task.y[:, :-1])
    assert bool((task.y[..., 1] > 0).all()) and float(task.extra["poisson_nll"]) > 1.0
    model = make_model("rmtpp_events", Recipe(), 0)
    assert isinstance(model, RMTPP)
    with torch.no_grad():
        logits, a, w = model(task.x_val[:2])
        assert logits.shape == (2, TPP_LEN, 4) and a.shape == (2, TPP_LEN) and float(w) > 0
        mark_nll, time_nll, median = tpp_terms(task, (logits, a, w), task.y_val[:2], Recipe())
        # the median gap: where the intensity's integral since the last event reaches ln 2
        assert torch.allclose(torch.exp(a) * torch.expm1(w * median) / w, torch.full_like(a, math.log(2)), atol=1e-4)
    case = one_case(tmp_path, "rmtpp_events", "healthy")
    assert case["fault_occurred"] and case["split"] == "tuning"
    rows = [
        {"step": float(i), "lr": 3e-3, "loss": 1.5, "acc": 0.5, "rmse": 1.0, "grad_norm": 1.0} for i in range(1, 21)
    ]
    rows[-1].update(val_loss=1.25, val_ll=-1.25, val_acc=0.5, val_rmse=0.75)
    text = (tmp_path / write_thp(Logged(rows), tmp_path, "t", "text_pipe")).read_text().splitlines()
    assert text == ["[ Epoch 1 ]",
                    "  - (Training)    loglikelihood: -1.50000, accuracy:  0.50000, RMSE:  1.00000, elapse: 0.001 min",
                    "  - (Testing)     loglikelihood: -1.25000, accuracy:  0.50000, RMSE:  0.75000, elapse: 0.000 min",
                    "  - [Info] Maximum ll: -1.25000, Maximum accuracy:  0.50000, Minimum RMSE:  0.75000"]  # fmt: skip
    log = (tmp_path / write_thp(Logged(rows), tmp_path, "t", "csv")).read_text().splitlines()
    assert log == ["Epoch, Log-likelihood, Accuracy, RMSE", "1, -1.25000,  0.50000,  0.75000"]


def test_dgcnn_rebuilds_its_graph_and_logs_as_its_repository(tmp_path: Path) -> None:
    import torch
    from make_family_casebook import DG_K, DG_POINTS, DGCNN, Logged, edge_features, write_dgcnn

    task = make_task("dgcnn_points", 0)
    assert task.x.shape[1:] == (DG_POINTS, 3) and float(task.extra["global_acc"]) < 0.5
    cloud = torch.randn(2, 3, 10)
    feats = edge_features(cloud, 4)
    assert feats.shape == (2, 6, 10, 4) and torch.allclose(feats[:, 3:, :, 0], torch.zeros(2, 3, 10))  # itself first
    model = make_model("dgcnn_points", Recipe(), 0)
    assert isinstance(model, DGCNN) and DG_K == 8
    model.eval()
    with torch.no_grad():
        turn = torch.linalg.qr(torch.randn(3, 3)).Q  # the same cloud turned: the same graph
        clouds = task.x_val[:2]
        assert model(clouds).shape == (2, 4) and model(clouds[:, torch.randperm(DG_POINTS)]).allclose(
            model(clouds), atol=1e-4
        )
        assert edge_features((clouds @ turn).transpose(1, 2), DG_K).shape == (2, 6, DG_POINTS, DG_K)
    case = one_case(tmp_path, "dgcnn_points", "healthy")
    assert case["fault_occurred"] and case["split"] == "tuning"
    rows = [{"step": float(i), "lr": 3e-3, "loss": 1.5, "acc": 0.5, "avg_acc": 0.25, "grad_norm": 1.0}
            for i in range(1, 21)]  # fmt: skip
    rows[-1].update(val_loss=1.25, val_acc=0.5, val_avg_acc=0.5)
    text = (tmp_path / write_dgcnn(Logged(rows), tmp_path, "d")).read_text().splitlines()
    assert text == ["Train 0, loss: 1.500000, train acc: 0.500000, train avg acc: 0.250000",
                    "Test 0, loss: 1.250000, test acc: 0.500000, test avg acc: 0.500000"]  # fmt: skip


def test_sincnet_learns_band_pass_filters_and_logs_as_speaker_id(tmp_path: Path) -> None:
    import torch
    from make_family_casebook import SN_CHUNK, SN_FILTERS, Logged, SincConv, SincNet, write_sincnet

    task = make_task("sincnet_speaker", 0)
    assert task.x.shape[1:] == (1, SN_CHUNK) and task.extra["val_sentences"].shape[1:] == (2, 1, SN_CHUNK)
    assert torch.equal(task.extra["val_sentences"][:, 0], task.x_val) and float(task.extra["pixel_acc"]) < 0.35
    sinc = SincConv()
    assert sum(p.numel() for p in sinc.parameters()) == 2 * SN_FILTERS  # two cut-offs a filter, nothing else
    model = make_model("sincnet_speaker", Recipe(), 0)
    assert isinstance(model, SincNet)
    with torch.no_grad():
        assert model(task.x_val[:2]).shape == (2, 4)
    case = one_case(tmp_path, "sincnet_speaker", "healthy")
    assert case["fault_occurred"] and case["split"] == "tuning"
    rows = [{"step": float(i), "lr": 3e-3, "loss": 1.5, "acc": 0.5, "grad_norm": 1.0} for i in range(1, 21)]
    rows[-1].update(val_loss=1.25, val_acc=0.75, val_snt_acc=0.875)
    text = (tmp_path / write_sincnet(Logged(rows), tmp_path, "s")).read_text().splitlines()
    assert text == ["epoch 0, loss_tr=1.500000 err_tr=0.500000 loss_te=1.250000 err_te=0.250000 err_te_snt=0.125000"]


def test_round_33s_families_are_built_by_default_and_hold_enough_cases_per_seed() -> None:
    assert build.__defaults__ is not None and build.__defaults__[0] == FAMILIES and len(FAMILIES) == 361
    # at least four healthy recipes each (no plain SGD for the Longformer and LeNet; no batches of 8 for the
    # Longformer) and five faults (Mamba: its residual stream carries past dead units, its tied embeddings keep its
    # logits small, it reads ids; GRU4Rec: no ReLU nor MLP, its gates bound plain SGD, it reads ids; LSTNet: an L1 loss,
    # its windows a fair sample of one law)
    faults_of = faults_per_family(ROUND33_FAMILIES, FAULTY_R33, HEALTHY_R33, TRACED_R33, 5)
    weak = {"sorted_data", "random_labels", "lr_too_high"}  # the debugger's weak spots, their causes
    assert all(weak <= faults_of[f] for f in ROUND33_FAMILIES)
    assert all("overfitting" in faults_of[f] for f in ROUND33_FAMILIES if f != "lstnet")
    assert all("lr_too_high_sgd" in faults_of[f] for f in ROUND33_FAMILIES if f != "gru4rec")
    assert {"dead_relu", "deep_sigmoid", "log_of_zero"} <= faults_of["longformer_cls"] & faults_of["lenet_caffe"]
    assert {"dead_relu", "log_of_zero"} <= faults_of["inception_time"]
    assert {"dead_relu", "corrupt_batches"} <= faults_of["lstnet"] & faults_of["lenet_caffe"]
    assert "log_of_zero" in faults_of["gru4rec"]
    assert "dead_relu" not in faults_of["mamba_lm"] | faults_of["gru4rec"]
    assert all(SPLIT_OF[f] == "tuning" for f in ROUND33_FAMILIES)


def test_a_longformer_attends_in_windows_and_globally_and_logs_as_the_hf_trainer(tmp_path: Path) -> None:
    import ast

    import torch
    from make_family_casebook import LF_LEN, LF_WINDOW, Logged, LongformerClassifier, LongformerSelfAttention, write_hf

    task = make_task("longformer_cls", 0)
    assert task.x.shape[1:] == (LF_LEN,) and bool((task.x[:, 0] == 0).all())
    for token in range(1, 6):  # every sequence holds each of the tokens 1 to 5 once: their counts tell nothing
        assert bool(((task.x == token).sum(1) == 1).all())
    assert float(task.extra["bag_acc"]) < 0.35
    attention = LongformerSelfAttention()
    allowed = attention.allowed(8)
    assert bool(allowed[5, 3]) and not bool(allowed[5, 2]) and bool(allowed[5, 0]) and int(allowed[4].sum()) == 6
    with torch.no_grad():  # a local token far from a change does not see it; the global token does
        x = torch.randn(1, 12, 64)
        out = attention(x)
        x2 = x.clone()
        x2[0, 11] += 1.0
        changed = attention(x2)
        assert torch.allclose(changed[0, 1 : 11 - LF_WINDOW], out[0, 1 : 11 - LF_WINDOW], atol=1e-6)
        assert not torch.allclose(changed[0, 0], out[0, 0])
    model = make_model("longformer_cls", Recipe(), 0)
    assert isinstance(model, LongformerClassifier)
    with torch.no_grad():
        assert model(task.x_val[:2]).shape == (2, 4)
    case = one_case(tmp_path, "longformer_cls", "healthy")
    assert case["fault_occurred"] and (case["split"], case["classes"]) == ("tuning", 4)
    rows = [
        {"step": 1.0, "loss": 1.4, "grad_norm": 1.0, "lr": 3e-3, "epoch": 0.01},
        {"step": 2.0, "loss": 1.3, "grad_norm": 1.0, "lr": 3e-3, "epoch": 0.02, "val_loss": 1.2, "val_acc": 0.5},
    ]
    console = (tmp_path / write_hf(Logged(rows), tmp_path, "hf", "text_pipe", task)).read_text().splitlines()
    history = [ast.literal_eval(line) for line in console]
    assert history[0] == {"loss": 1.4, "grad_norm": 1.0, "learning_rate": 3e-3, "epoch": 0.01}
    assert history[2]["eval_loss"] == 1.2 and history[2]["eval_accuracy"] == 0.5 and "train_runtime" in history[-1]
    state = json.loads((tmp_path / write_hf(Logged(rows), tmp_path, "hf", "jsonl", task)).read_text())
    assert state["global_step"] == 2 and state["log_history"][2]["eval_accuracy"] == 0.5


def test_mamba_scans_selectively_in_order_and_logs_as_lightning(tmp_path: Path) -> None:
    import torch
    from make_family_casebook import MAMBA_LEN, Logged, MambaBlock, MambaLM, write_lightning_csv

    task = make_task("mamba_lm", 0)
    assert task.x.shape[1:] == (MAMBA_LEN,) and torch.equal(task.x[:, 1:], task.y[:, :-1])
    block = MambaBlock()
    with torch.no_grad():  # the step size depends on the input (selective), started in [1e-3, 1e-1]
        dt = torch.nn.functional.softplus(block.dt_proj.bias)
        assert float(dt.min()) >= 1e-3 - 1e-6 and float(dt.max()) <= 0.1 + 1e-6
        assert torch.allclose(block.A_log.exp()[0], torch.arange(1, 9).float())  # S4D-real's A = -(1..N)
    model = make_model("mamba_lm", Recipe(), 0)
    assert isinstance(model, MambaLM)
    assert sees_no_later_token(model, task.x_val, 16)
    case = one_case(tmp_path, "mamba_lm", "healthy")
    assert case["fault_occurred"] and case["split"] == "tuning"
    rows = [{"step": float(i), "lr": 3e-3, "loss": 1.5, "grad_norm": 1.0} for i in range(1, 21)]
    rows[-1].update(val_loss=1.25, val_acc=0.5)
    lines = (tmp_path / write_lightning_csv(Logged(rows), tmp_path, "l", "csv")).read_text().splitlines()
    assert lines[0] == "epoch,step,train_loss_epoch,train_loss_step,val_acc,val_loss" and lines[-1] == "0,19,1.5,,,"


def test_gru4rec_ranks_every_item_and_logs_as_gru4rec_pytorch(tmp_path: Path) -> None:
    import torch
    from make_family_casebook import GR_ITEMS, GR_LEN, GRU4Rec, Logged, recall_mrr, write_gru4rec

    task = make_task("gru4rec", 0)
    assert task.x.shape[1:] == (GR_LEN,) and torch.equal(task.x[:, 1:], task.y[:, :-1])
    assert 0.3 < float(task.extra["pop_recall"]) < 0.6  # the 20 most popular of 64 items
    scores = torch.tensor([[0.0, 3.0, 2.0, 1.0]])
    assert recall_mrr(scores, torch.tensor([2]), 2) == (1.0, 0.5)  # ranked second
    assert recall_mrr(scores, torch.tensor([0]), 2) == (0.0, 0.0)  # ranked fourth: beyond the cut-off
    model = make_model("gru4rec", Recipe(), 0)
    assert isinstance(model, GRU4Rec)
    with torch.no_grad():
        assert model(task.x_val[:2]).shape == (2, GR_LEN, GR_ITEMS)
    case = one_case(tmp_path, "gru4rec", "healthy")
    assert case["fault_occurred"] and case["split"] == "tuning"
    rows = [{"step": float(i), "lr": 3e-3, "loss": 3.5, "grad_norm": 1.0} for i in range(1, 21)]
    rows[-1].update(val_loss=3.25, val_recall=0.75, val_mrr=0.375)
    text = (tmp_path / write_gru4rec(Logged(rows), tmp_path, "g")).read_text().splitlines()
    assert text[0] == "Start Epoch # 0"
    assert text[1].startswith("Epoch: 0, train loss: 3.5000, loss: 3.2500, recall: 0.7500, mrr: 0.3750, time: ")


def test_inception_time_sees_its_motifs_anywhere_and_logs_as_its_repository(tmp_path: Path) -> None:
    import torch
    from make_family_casebook import IT_LEN, InceptionModule, InceptionTime, Logged, write_inception_time

    task = make_task("inception_time", 0)
    assert task.x.shape[1:] == (1, IT_LEN) and float(task.extra["pixel_acc"]) < 0.45
    module = InceptionModule(32)
    assert all(conv.bias is None for conv in module.modules() if isinstance(conv, torch.nn.Conv1d))
    model = make_model("inception_time", Recipe(), 0)
    assert isinstance(model, InceptionTime)
    model.eval()
    with torch.no_grad():
        assert model(task.x_val[:2]).shape == (2, 4)
    dead = make_model("inception_time", Recipe(dead_bias=-8.0), 0)  # its batch norms shifted: every ReLU shut
    assert all(float(bn.bias.detach().max()) == -8.0 for bn in dead.modules() if isinstance(bn, torch.nn.BatchNorm1d))
    case = one_case(tmp_path, "inception_time", "healthy")
    assert case["fault_occurred"] and case["split"] == "tuning"
    rows = [{"step": float(i), "lr": 3e-3, "loss": 1.5, "acc": 0.5, "grad_norm": 1.0} for i in range(1, 21)]
    rows[-1].update(val_loss=1.25, val_acc=0.75)
    lines = (tmp_path / write_inception_time(Logged(rows), tmp_path, "i", "csv")).read_text().splitlines()
    assert lines == ["val_loss,val_acc,loss,acc,lr", "1.25,0.75,1.5,0.5,0.003"]
    text = (tmp_path / write_inception_time(Logged(rows), tmp_path, "i", "text_pipe")).read_text().splitlines()
    assert text == ["Epoch 1/1", "20/20 - 0s - loss: 1.5000 - acc: 0.5000 - val_loss: 1.2500 - val_acc: 0.7500 - "
                    "1s/epoch - 2ms/step"]  # fmt: skip


def test_lenet_reads_glyphs_anywhere_and_logs_as_caffe(tmp_path: Path) -> None:
    import torch
    from make_family_casebook import LENET_SIDE, LeNetCaffe, Logged, write_caffe

    task = make_task("lenet_caffe", 0)
    assert task.x.shape[1:] == (1, LENET_SIDE, LENET_SIDE) and float(task.x.min()) >= 0 and float(task.x.max()) <= 1
    assert float(task.extra["pixel_acc"]) < 0.5
    model = make_model("lenet_caffe", Recipe(), 0)
    assert isinstance(model, LeNetCaffe)
    assert sum(isinstance(m, torch.nn.ReLU) for m in model.modules()) == 1  # ip1's, Caffe's LeNet's only one
    with torch.no_grad():
        assert model(task.x_val[:2]).shape == (2, 4)
    case = one_case(tmp_path, "lenet_caffe", "healthy")
    assert case["fault_occurred"] and case["split"] == "tuning"
    rows = [{"step": float(i), "lr": 3e-3, "loss": 1.5, "grad_norm": 1.0} for i in range(1, 41)]
    rows[19].update(val_loss=1.25, val_acc=0.5)
    rows[-1].update(val_loss=0.75, val_acc=0.8125)
    text = (tmp_path / write_caffe(Logged(rows), tmp_path, "c")).read_text().splitlines()
    assert text[0].startswith("I1204 10:00:00.000000 16998 solver.cpp:239] Iteration 0 (")
    assert text[0].endswith(" iters), loss = 1.5")
    assert text[1].endswith("solver.cpp:258]     Train net output #0: loss = 1.5 (* 1 = 1.5 loss)")
    assert text[2].endswith("sgd_solver.cpp:112] Iteration 0, lr = 0.003")
    assert any(line.endswith("solver.cpp:347] Iteration 20, Testing net (#0)") for line in text)
    assert text[-5].endswith("solver.cpp:310] Iteration 40, loss = 1.5")
    assert text[-2].endswith("Test net output #1: loss = 0.75 (* 1 = 0.75 loss)")
    assert text[-1].endswith("solver.cpp:315] Optimization Done.")


def test_lstnet_reads_the_driver_past_its_highway_and_logs_as_its_repository(tmp_path: Path) -> None:
    import torch
    from make_family_casebook import LST_SERIES, LST_WINDOW, Logged, LSTNet, lstnet_scores, write_lstnet

    task = make_task("lstnet", 0)
    assert task.x.shape[1:] == (LST_WINDOW, LST_SERIES) and task.y.shape[1:] == (LST_SERIES,)
    assert 0.4 < float(task.extra["ar_rse"]) < 0.8  # a linear autoregression misses the driven parts
    y = torch.randn(64, 3)
    assert lstnet_scores(y, y)["val_rse"] == 0.0 and abs(lstnet_scores(y, y)["val_corr"] - 1) < 1e-5
    model = make_model("lstnet", Recipe(), 0)
    assert isinstance(model, LSTNet)
    with torch.no_grad():
        assert model(task.x_val[:2]).shape == (2, LST_SERIES)
    dead = make_model("lstnet", Recipe(dead_bias=-8.0), 0)  # its convolution's ReLUs shut, its outputs' biases kept
    assert float(dead.conv.bias.detach().max()) == -8.0 and float(dead.highway.bias.detach().abs().max()) == 0.0
    case = one_case(tmp_path, "lstnet", "healthy")
    assert case["fault_occurred"] and case["split"] == "tuning"
    rows = [{"step": float(i), "lr": 3e-3, "loss": 0.25, "grad_norm": 1.0} for i in range(1, 101)]
    for r in rows[19::20]:
        r.update(val_loss=0.2, val_rse=0.5, val_rae=0.375, val_corr=0.875)
    text = (tmp_path / write_lstnet(Logged(rows), tmp_path, "l")).read_text().splitlines()
    assert text[0].startswith("| end of epoch   1 | time: ")
    assert text[0].endswith("s | train_loss 0.2500 | valid rse 0.5000 | valid rae 0.3750 | valid corr  0.8750")
    assert len(text) == 6 and text[-1] == "test rse 0.5000 | test rae 0.3750 | test corr 0.8750"


def test_round_34s_families_are_built_by_default_and_hold_enough_cases_per_seed() -> None:
    assert build.__defaults__ is not None and build.__defaults__[0] == FAMILIES and len(FAMILIES) == 361
    # at least four healthy recipes each (no plain SGD for Wide & Deep, the Relation Network, gMLP; no batches of 8 for
    # EEGNet, Wide & Deep, gMLP) and seven faults (EEGNet, SqueezeNet: their batch norms undo a batch x100, SqueezeNet's
    # head's take x300 Adam and hold off 24 canvases' overfitting; gMLP reads ids; DLinear: no hidden unit, an MSE)
    faults_of = faults_per_family(ROUND34_FAMILIES, FAULTY_R34, HEALTHY_R34, TRACED_R34, 7)
    weak = {"sorted_data", "random_labels", "lr_too_high_sgd", "lr_too_low"}  # the debugger's weak spots, their causes
    assert all(weak <= faults_of[f] for f in ROUND34_FAMILIES)
    assert all("overfitting" in faults_of[f] and "lr_too_high" in faults_of[f] for f in ROUND34_FAMILIES[:4])
    assert all({"dead_relu", "log_of_zero"} <= faults_of[f] for f in ROUND34_FAMILIES[:5])
    assert {"overfitting", "lr_too_high", "corrupt_batches"} <= faults_of["dlinear"]
    assert {"deep_sigmoid", "corrupt_batches"} <= faults_of["wide_deep"] & faults_of["relation_net"]
    assert "deep_sigmoid" in faults_of["squeezenet_fastai"]
    assert "corrupt_batches" not in faults_of["eegnet_braindecode"] | faults_of["gmlp_ignite"]
    assert "dead_relu" not in faults_of["dlinear"] and "log_of_zero" not in faults_of["dlinear"]
    assert all(SPLIT_OF[f] == "tuning" for f in ROUND34_FAMILIES)


def test_eegnet_filters_in_time_then_space_and_logs_as_braindecode(tmp_path: Path) -> None:
    import torch
    from make_family_casebook import EEG_CHANNELS, EEG_SAMPLES, EEGNet, Logged, write_skorch

    task = make_task("eegnet_braindecode", 0)
    assert task.x.shape[1:] == (EEG_CHANNELS, EEG_SAMPLES) and float(task.extra["pixel_acc"]) < 0.4
    model = make_model("eegnet_braindecode", Recipe(), 0)
    assert isinstance(model, EEGNet)
    assert all(conv.bias is None for conv in model.modules() if isinstance(conv, torch.nn.Conv2d))
    assert model.spatial.weight.shape[2:] == (EEG_CHANNELS, 1)  # a depthwise filter over every channel
    model.eval()
    with torch.no_grad():
        model.spatial.weight.mul_(10.0)
        assert model(task.x_val[:2]).shape == (2, 4)
        assert float(model.spatial.weight.flatten(1).norm(dim=1).max()) <= 1.0 + 1e-5  # its max-norm constraint
    dead = make_model("eegnet_braindecode", Recipe(dead_bias=-8.0), 0)  # its batch norms shifted: its ELUs saturated
    assert all(float(bn.bias.detach().max()) == -8.0 for bn in dead.modules() if isinstance(bn, torch.nn.BatchNorm2d))
    case = one_case(tmp_path, "eegnet_braindecode", "healthy")
    assert case["fault_occurred"] and case["split"] == "tuning"
    rows = [{"step": float(i), "lr": 3e-3, "loss": 1.5, "acc": 0.25, "grad_norm": 1.0} for i in range(1, 41)]
    rows[19].update(val_loss=1.25, val_acc=0.5)
    rows[-1].update(val_loss=1.375, val_acc=0.75, loss=1.25)
    text = (tmp_path / write_skorch(Logged(rows), tmp_path, "e", "text_pipe")).read_text().splitlines()
    assert text[0] == "  epoch    train_accuracy    train_loss    valid_accuracy    valid_loss      lr     dur"
    assert text[1] == "-------  ----------------  ------------  ----------------  ------------  ------  ------"
    assert text[2].startswith("      1            \x1b[36m0.2500\x1b[0m        \x1b[32m1.5000\x1b[0m")
    assert "\x1b[31m" not in text[3] and text[3].split()[-3] == "1.3750"  # a worse valid loss is not coloured
    history = json.loads((tmp_path / write_skorch(Logged(rows), tmp_path, "e", "jsonl")).read_text())
    assert history[1]["epoch"] == 2 and history[1]["valid_loss_best"] is False and history[1]["event_lr"] == 3e-3
    assert len(history[0]["batches"]) == 21 and history[0]["batches"][0] == {"train_loss": 1.5, "train_batch_size": 32}


def test_wide_and_deep_sums_a_linear_model_and_a_dnn_and_logs_as_the_estimator(tmp_path: Path) -> None:
    import torch
    from make_family_casebook import WD_CARDS, Logged, WideDeep, write_estimator

    task = make_task("wide_deep", 0)
    assert task.x.shape[1:] == (len(WD_CARDS) + 4,) and set(task.y.unique().tolist()) == {0.0, 1.0}
    assert float(task.extra["wide_auc"]) + 0.1 < float(task.extra["bayes_auc"])  # the interactions need the DNN
    model = make_model("wide_deep", Recipe(), 0)
    assert isinstance(model, WideDeep)
    with torch.no_grad():
        assert model(task.x_val[:2]).shape == (2,)
    dead = make_model("wide_deep", Recipe(dead_bias=-8.0), 0)  # the DNN's hidden units dead, its logit's bias kept
    assert isinstance(dead, WideDeep) and isinstance(hidden := dead.deep[0], torch.nn.Linear)
    assert float(hidden.bias.detach().max()) == -8.0
    assert float(dead.deep_logit.bias.detach().abs().max()) == 0.0 and float(dead.wide_bias.detach()) == 0.0
    bad = corrupt("wide_deep", task.x[:4])  # a unit error: the numerics x100, the ids kept
    assert torch.equal(bad[:, :4], task.x[:4, :4]) and torch.allclose(bad[:, 4:], 100 * task.x[:4, 4:])
    case = one_case(tmp_path, "wide_deep", "healthy")
    assert case["fault_occurred"] and (case["split"], case["classes"]) == ("tuning", 2)
    rows = [{"step": float(i), "lr": 1e-2, "loss": 0.5, "grad_norm": 1.0} for i in range(1, 21)]
    metrics = {
        "val_loss": 0.5,
        "val_acc": 0.75,
        "val_acc_baseline": 0.5,
        "val_auc": 0.8125,
        "val_auc_pr": 0.75,
        "val_label_mean": 0.5,
        "val_prediction_mean": 0.25,
        "val_precision": 0.5,
        "val_recall": 0.25,
    }
    rows[-1].update(metrics)
    text = (tmp_path / write_estimator(Logged(rows), tmp_path, "w")).read_text().splitlines()
    assert "INFO:tensorflow:loss = 0.5, step = 0" in text
    assert "INFO:tensorflow:loss = 0.5, step = 10 (0.036 sec)" in text
    said = (
        "INFO:tensorflow:Saving dict for global step 20: accuracy = 0.75, accuracy_baseline = 0.5, auc = 0.8125, "
        "auc_precision_recall = 0.75, average_loss = 0.5, global_step = 20, label/mean = 0.5, loss = 0.5, "
        "precision = 0.5, prediction/mean = 0.25, recall = 0.25"
    )
    assert said in text
    assert text[-1] == "INFO:tensorflow:Loss for final step: 0.5."


def test_a_relation_network_sums_over_object_pairs_and_logs_as_kimhc6028(tmp_path: Path) -> None:
    import torch
    from make_family_casebook import (
        REL_COLOURS,
        REL_OBJECT,
        REL_OBJECTS,
        REL_QUESTION,
        Logged,
        RelationNetwork,
        write_relation_net,
    )

    task = make_task("relation_net", 0)
    assert task.x.shape[1:] == (REL_OBJECTS * REL_OBJECT + REL_QUESTION,) and int(task.y.max()) <= 9
    question = task.x[:, -REL_QUESTION:]
    c = REL_COLOURS
    assert bool((question[:, :c].sum(1) == 1).all() and (question[:, c : c + 2].sum(1) == 1).all())
    assert 0.3 < float(task.extra["prior_acc"]) < 0.6
    model = make_model("relation_net", Recipe(), 0)
    assert isinstance(model, RelationNetwork)
    model.eval()
    with torch.no_grad():  # a sum over every pair of objects: the objects' order does not matter
        x = task.x_val[:2]
        objects = x[:, : REL_OBJECTS * REL_OBJECT].reshape(2, REL_OBJECTS, REL_OBJECT)
        shuffled = torch.cat([objects[:, torch.randperm(REL_OBJECTS)].flatten(1), x[:, -REL_QUESTION:]], 1)
        assert model(x).shape == (2, 10) and torch.allclose(model(x), model(shuffled), atol=1e-5)
    clean = task.x[:2, : REL_OBJECTS * REL_OBJECT].reshape(2, REL_OBJECTS, REL_OBJECT)
    bad = corrupt("relation_net", task.x[:2])[:, : REL_OBJECTS * REL_OBJECT].reshape(2, REL_OBJECTS, REL_OBJECT)
    assert torch.allclose(bad[..., c : c + 2], 75 * clean[..., c : c + 2])  # positions in pixels
    assert torch.equal(bad[..., :c], clean[..., :c]) and torch.equal(bad[..., c + 2 :], clean[..., c + 2 :])
    case = one_case(tmp_path, "relation_net", "healthy")
    assert case["fault_occurred"] and (case["split"], case["classes"]) == ("tuning", 10)
    rows = [{"step": float(i), "lr": 3e-3, "loss": 1.5, "rel_acc": 0.5, "norel_acc": 0.515625} for i in range(1, 21)]
    rows[-1].update(val_loss=1.25, val_acc=0.75, val_rel_acc=0.62, val_norel_acc=0.91)
    text = (tmp_path / write_relation_net(Logged(rows), tmp_path, "r")).read_text().splitlines()
    assert text[0] == "Train Epoch: 1 [0/5120 (0%)] Relations accuracy: 50% | Non-relations accuracy: 52%"
    assert text[1].startswith("Train Epoch: 1 [1280/5120 (25%)]") and len(text) == 7
    assert text[-2:] == [" Test set: Relation accuracy: 62% | Non-relation accuracy: 91%", ""]


def test_gmlp_gates_across_positions_and_logs_as_ignite(tmp_path: Path) -> None:
    import torch
    from make_family_casebook import GM_LEN, GMLPClassifier, Logged, SpatialGatingUnit, write_ignite

    task = make_task("gmlp_ignite", 0)
    assert task.x.shape[1:] == (GM_LEN,)
    for token in range(1, 6):  # the marker and the tokens 2 to 5 once each: their counts tell nothing
        assert bool(((task.x == token).sum(1) == 1).all())
    after = task.x[torch.arange(len(task.x)), (task.x == 1).float().argmax(1) + 1] - 2
    assert float((after == task.y).float().mean()) > 0.75 and float(task.extra["bag_acc"]) < 0.35
    sgu = SpatialGatingUnit()
    with torch.no_grad():  # its spatial projection starts as a gate of 1 everywhere
        assert torch.allclose(sgu.proj(torch.zeros(1, GM_LEN, 4)), torch.ones(1, GM_LEN, 4))
    model = make_model("gmlp_ignite", Recipe(), 0)
    assert isinstance(model, GMLPClassifier)
    with torch.no_grad():
        assert model(task.x_val[:2]).shape == (2, 4)
    case = one_case(tmp_path, "gmlp_ignite", "healthy")
    assert case["fault_occurred"] and case["split"] == "tuning"
    rows = [{"step": float(i), "lr": 3e-3, "loss": 1.375, "grad_norm": 1.0} for i in range(1, 21)]
    rows[-1].update(val_loss=1.25, val_acc=0.41, train_eval_loss=1.2, train_eval_acc=0.45)
    text = (tmp_path / write_ignite(Logged(rows), tmp_path, "g")).read_text().splitlines()
    assert text[0] == "Epoch[1] Iteration[5/20] Loss: 1.38" and len(text) == 6
    assert text[-2:] == ["Training Results - Epoch: 1  Avg accuracy: 0.45 Avg loss: 1.20",
                         "Validation Results - Epoch: 1  Avg accuracy: 0.41 Avg loss: 1.25"]  # fmt: skip


def test_squeezenet_fires_squeeze_and_expand_and_logs_as_fastai(tmp_path: Path) -> None:
    import torch
    from make_family_casebook import SQZ_SIDE, Fire, Logged, SqueezeNet, write_fastai

    task = make_task("squeezenet_fastai", 0)
    assert task.x.shape[1:] == (1, SQZ_SIDE, SQZ_SIDE) and float(task.x.min()) >= 0 and float(task.x.max()) <= 1
    assert float(task.extra["pixel_acc"]) < 0.4
    fire = Fire(32, 8, 16)
    with torch.no_grad():  # squeezed to 8 channels, expanded by 1 x 1 and 3 x 3 convolutions to 16 each
        assert fire(torch.randn(1, 32, 5, 5)).shape == (1, 32, 5, 5) and fire.squeeze[0].out_channels == 8
    model = make_model("squeezenet_fastai", Recipe(), 0)
    assert isinstance(model, SqueezeNet) and sum(isinstance(m, Fire) for m in model.modules()) == 4
    assert not any(isinstance(m, torch.nn.BatchNorm2d) for m in model.features.modules())  # its body has none
    model.eval()
    with torch.no_grad():
        assert model(task.x_val[:2]).shape == (2, 4)
    case = one_case(tmp_path, "squeezenet_fastai", "healthy")
    assert case["fault_occurred"] and case["split"] == "tuning"
    rows = [{"step": float(i), "lr": 1e-3, "loss": 1.5, "grad_norm": 1.0} for i in range(1, 41)]
    rows[19].update(val_loss=1.25, val_acc=0.5)
    rows[-1].update(val_loss=1.125, val_acc=0.625)
    text = (tmp_path / write_fastai(Logged(rows), tmp_path, "f", "text_pipe")).read_text().splitlines()
    assert text[0] == "epoch     train_loss  valid_loss  accuracy  time    "
    assert text[1].startswith("0         1.500000    1.250000    0.500000  00:0")  # a constant loss smoothed is itself
    assert text[2].startswith("1         1.500000    1.125000    0.625000  00:0")
    lines = (tmp_path / write_fastai(Logged(rows), tmp_path, "f", "csv")).read_text().splitlines()
    assert lines[0] == "epoch,train_loss,valid_loss,accuracy,time" and abs(float(lines[2].split(",")[1]) - 1.5) < 1e-9
    assert lines[2].split(",")[::2] == ["1", "1.125", "00:01"] and lines[2].split(",")[3] == "0.625"


def test_dlinear_decomposes_trend_and_season_and_logs_as_time_series_library(tmp_path: Path) -> None:
    import torch
    from make_family_casebook import DL_HORIZON, DL_LOOKBACK, DLinear, Logged, write_tslib

    task = make_task("dlinear", 0)
    assert task.x.shape[1:] == (DL_LOOKBACK,) and task.y.shape[1:] == (DL_HORIZON,)
    assert task.extra["test_x"].shape == task.x_val.shape and float(task.extra["naive_mse"]) > 0.5
    model = make_model("dlinear", Recipe(), 0)
    assert isinstance(model, DLinear)
    with torch.no_grad():  # started at the window's mean: a constant window is forecast as itself
        flat = torch.full((1, DL_LOOKBACK), 2.0)
        bias = model.seasonal.bias + model.trend.bias
        assert torch.allclose(model(flat), 2.0 + bias, atol=1e-5)
    case = one_case(tmp_path, "dlinear", "healthy")
    assert case["fault_occurred"] and case["split"] == "tuning"
    rows = [{"step": float(i), "lr": 3e-3, "loss": 0.25, "grad_norm": 1.0} for i in range(1, 21)]
    rows[-1].update(val_loss=0.125, val_mae=0.25, test_loss=0.1875)
    text = (tmp_path / write_tslib(Logged(rows), tmp_path, "d")).read_text().splitlines()
    assert "Epoch: 1, Steps: 20 | Train Loss: 0.2500000 Vali Loss: 0.1250000 Test Loss: 0.1875000" in text


def test_round_35s_families_are_built_by_default_and_hold_enough_cases_per_seed() -> None:
    assert build.__defaults__ is not None and build.__defaults__[0] == FAMILIES and len(FAMILIES) == 361
    # at least four healthy recipes each (no plain SGD for NeuMF, the All-CNN, the GPT, fairseq's transformer; batches
    # of 8 for spaCy and the GPT only) and six faults (spaCy: maxout units cannot die, its squared error has no log, it
    # reads ids; NeuMF: its GMF path learns past a dead MLP tower, it reads ids; the GPT, fairseq's transformer: their
    # residual streams carry past dead FFNs, they read ids)
    faults_of = faults_per_family(ROUND35_FAMILIES, FAULTY_R35, HEALTHY_R35, TRACED_R35, 6)
    weak = {"sorted_data", "overfitting", "random_labels", "lr_too_high"}  # the debugger's weak spots (and dead_relu)
    assert all(weak | {"lr_too_high_sgd", "lr_too_low"} <= faults_of[f] for f in ROUND35_FAMILIES)
    assert {"dead_relu", "log_of_zero"} <= faults_of["pplcnet_paddle"] & faults_of["allconv_lasagne"]
    assert "log_of_zero" in faults_of["neumf_ncf"] & faults_of["megatron_gpt"] & faults_of["fairseq_nmt"]
    assert "log_of_zero" not in faults_of["spacy_textcat"] and "corrupt_batches" in faults_of["allconv_lasagne"]
    assert not {"dead_relu", "corrupt_batches"} & (faults_of["spacy_textcat"] | faults_of["neumf_ncf"])
    assert all(SPLIT_OF[f] == "tuning" for f in ROUND35_FAMILIES)


def test_spacy_textcat_hashes_its_tokens_and_logs_as_spacy_train(tmp_path: Path) -> None:
    import torch
    from make_family_casebook import SP_LEN, HashEmbed, Logged, SpacyTextCat, spacy_loss, write_spacy

    task = make_task("spacy_textcat", 0)
    assert task.x.shape[1:] == (SP_LEN,)
    for token in range(1, 6):  # the marker and the cues 2 to 5 once each: their counts tell nothing
        assert bool(((task.x == token).sum(1) == 1).all())
    assert float(task.extra["bag_acc"]) < 0.35
    embed = HashEmbed(7, 3, 1)
    ids = torch.tensor([[4]])
    rows = (5 * torch.tensor([2654435761, 2246822519, 3266489917, 668265263]) + 5) % 7  # its four keys, seed 1
    assert torch.allclose(embed(ids), embed.table.weight[rows].sum(0, keepdim=True)[None])
    model = make_model("spacy_textcat", Recipe(), 0)
    assert isinstance(model, SpacyTextCat)
    with torch.no_grad():
        out = model(task.x_val[:2])
    assert out.shape == (2, 4)
    y = torch.tensor([0, 1])  # its loss: the squared error of the probabilities, no log
    assert torch.allclose(spacy_loss(out, y), ((out.softmax(1) - torch.eye(4)[y]) ** 2).mean())
    case = one_case(tmp_path, "spacy_textcat", "healthy")
    assert case["fault_occurred"] and case["split"] == "tuning"
    rows_ = [{"step": float(i), "lr": 1e-3, "loss": 0.25, "acc": 0.5, "grad_norm": 1.0} for i in range(1, 41)]
    rows_[19].update(val_loss=0.2, val_acc=0.5, val_cats_score=0.5)
    rows_[-1].update(val_loss=0.15, val_acc=0.75, val_cats_score=0.75)
    text = (tmp_path / write_spacy(Logged(rows_), tmp_path, "s")).read_text().splitlines()
    at = text.index("E    #       LOSS TEXTCAT  CATS_SCORE  SCORE ")
    assert text[at + 1] == "---  ------  ------------  ----------  ------"
    assert text[at + 2 : at + 4] == ["  0      20          5.00       50.00    0.50",
                                     "  0      40          5.00       75.00    0.75"]  # fmt: skip
    assert text[-1] == "training/model-last"


def test_neumf_sums_gmf_and_an_mlp_tower_and_logs_as_ncf(tmp_path: Path) -> None:
    import torch
    from make_family_casebook import NCF_NEG, NCF_TEST_NEG, Logged, NeuMF, ncf_scores, write_ncf

    task = make_task("neumf_ncf", 0)
    assert task.x.shape[1:] == (2,) and set(task.y.unique().tolist()) == {0.0, 1.0}
    assert abs(float(task.y.mean()) - 1 / (1 + NCF_NEG)) < 1e-6 and task.extra["test_neg"].shape[1] == NCF_TEST_NEG
    assert float(task.extra["pop_hr"]) + 0.3 < float(task.extra["true_hr"])  # taste beyond popularity
    model = make_model("neumf_ncf", Recipe(), 0, task)
    assert isinstance(model, NeuMF) and 0.0 <= float(task.extra["init_hr"]) <= 0.3
    with torch.no_grad():
        assert model(task.x_val[:2]).shape == (2,)
        assert ncf_scores(lambda u, i: (i == task.extra["held"][u]).float(), task) == (1.0, 1.0)
    dead = make_model("neumf_ncf", Recipe(dead_bias=-8.0), 0)  # its MLP tower dead, its prediction layer's bias kept
    first = dead.tower[0] if isinstance(dead, NeuMF) else None
    assert isinstance(first, torch.nn.Linear) and float(first.bias.detach().max()) == -8.0
    assert isinstance(dead, NeuMF) and float(dead.predict.bias.detach().abs().max()) == 0.0
    case = one_case(tmp_path, "neumf_ncf", "healthy")
    assert case["fault_occurred"] and (case["split"], case["classes"]) == ("tuning", 2)
    rows = [{"step": float(i), "lr": 1e-2, "loss": 0.25, "grad_norm": 1.0} for i in range(1, 41)]
    rows[19].update(val_loss=0.5, val_hr=0.5, val_ndcg=0.25)
    rows[-1].update(val_loss=0.5, val_hr=0.625, val_ndcg=0.375)
    task.extra.update(init_hr=torch.tensor(0.1), init_ndcg=torch.tensor(0.05))
    text = (tmp_path / write_ncf(Logged(rows), tmp_path, "n", task)).read_text().splitlines()
    assert (
        text[0].startswith("NeuMF arguments: Namespace(batch_size=256, ")
        and text[2] == "Init: HR = 0.1000, NDCG = 0.0500"
    )
    assert text[3] == "Iteration 0 [1.2 s]: HR = 0.5000, NDCG = 0.2500, loss = 0.2500 [0.4 s]"
    assert text[-1] == "End. Best Iteration 1:  HR = 0.6250, NDCG = 0.3750. "


def test_pplcnet_separates_its_convolutions_and_logs_as_paddleclas(tmp_path: Path) -> None:
    import torch
    from make_family_casebook import LC_SIDE, Logged, PPLCNet, write_paddleclas

    task = make_task("pplcnet_paddle", 0)
    assert task.x.shape[1:] == (3, LC_SIDE, LC_SIDE) and float(task.x.min()) >= 0 and float(task.x.max()) <= 1
    model = make_model("pplcnet_paddle", Recipe(), 0)
    assert isinstance(model, PPLCNet)
    depthwise = [c for c in model.blocks if isinstance(c, torch.nn.Conv2d) and c.groups > 1]
    assert len(depthwise) == 4 and all(c.groups == c.in_channels and c.bias is None for c in depthwise)
    assert depthwise[-1].kernel_size == (5, 5)
    with torch.no_grad():
        assert model.eval()(task.x_val[:2]).shape == (2, 4)
    dead = make_model("pplcnet_paddle", Recipe(dead_bias=-8.0), 0)  # its batch norms shifted: its hard swishes at 0
    assert all(float(bn.bias.detach().max()) == -8.0 for bn in dead.modules() if isinstance(bn, torch.nn.BatchNorm2d))
    case = one_case(tmp_path, "pplcnet_paddle", "healthy")
    assert case["fault_occurred"] and case["split"] == "tuning"
    rows = [
        {"step": float(i), "lr": 3e-3, "loss": 0.25, "acc": 0.5, "acc2": 0.75, "grad_norm": 1.0} for i in range(1, 21)
    ]
    rows[-1].update(val_loss=1.25, val_acc=0.5, val_acc2=0.75)
    text = (tmp_path / write_paddleclas(Logged(rows), tmp_path, "p")).read_text().splitlines()
    assert all(re.match(r"\[2026/12/05 01:\d\d:\d\d\] ppcls INFO: \[(Train|Eval)\]\[Epoch 1", line) for line in text)
    assert text[0].endswith("[Train][Epoch 1/1][Iter: 0/20]lr: 0.00300, CELoss: 0.25000, loss: 0.25000, top1: 0.50000, "
                            "top2: 0.75000, batch_cost: 0.05123s, reader_cost: 0.00112, ips: 624.63400 images/sec, "
                            "eta: 0:00:02")  # fmt: skip
    assert text[-2].endswith("[Eval][Epoch 1][Avg]CELoss: 1.25000, loss: 1.25000, top1: 0.50000, top2: 0.75000")
    assert text[-1].endswith("[Eval][Epoch 1][best metric: 0.5]") and len(text) == 6


def test_the_all_cnn_strides_instead_of_pooling_and_logs_as_lasagne(tmp_path: Path) -> None:
    import torch
    from make_family_casebook import AC_SIDE, AllConvNet, Logged, write_lasagne

    task = make_task("allconv_lasagne", 0)
    assert task.x.shape[1:] == (1, AC_SIDE, AC_SIDE) and len(task.extra["test_x"]) == len(task.x_val)
    model = make_model("allconv_lasagne", Recipe(), 0)
    assert isinstance(model, AllConvNet)
    assert not any(isinstance(m, (torch.nn.MaxPool2d, torch.nn.AvgPool2d, torch.nn.Linear)) for m in model.modules())
    assert [c.stride for c in model.net if isinstance(c, torch.nn.Conv2d)].count((2, 2)) == 2
    with torch.no_grad():
        assert model.eval()(task.x_val[:2]).shape == (2, 4)
    bad = corrupt("allconv_lasagne", task.x[:2])
    assert torch.allclose(bad, 100 * task.x[:2])
    case = one_case(tmp_path, "allconv_lasagne", "healthy")
    assert case["fault_occurred"] and case["split"] == "tuning"
    rows = [{"step": float(i), "lr": 3e-3, "loss": 1.25, "acc": 0.5, "grad_norm": 1.0} for i in range(1, 21)]
    rows[-1].update(val_loss=0.5, val_acc=0.875, test_loss=0.625, test_acc=0.8125)
    text = (tmp_path / write_lasagne(Logged(rows), tmp_path, "a")).read_text().splitlines()
    assert text[:4] == ["Loading data...", "Building model and compiling functions...", "Starting training...",
                        "Epoch 1 of 1 took 1.213s"]  # fmt: skip
    assert text[4:7] == ["  training loss:\t\t1.250000", "  validation loss:\t\t0.500000",
                         "  validation accuracy:\t\t87.50 %"]  # fmt: skip
    assert text[7:] == ["Final results:", "  test loss:\t\t\t0.625000", "  test accuracy:\t\t81.25 %"]


def test_a_megatron_gpt_reads_two_tokens_back_and_logs_as_megatron_lm(tmp_path: Path) -> None:
    import torch
    from make_family_casebook import MG_LEN, MG_VOCAB, Logged, MegatronGPT, write_megatron

    task = make_task("megatron_gpt", 0)
    assert task.x.shape[1:] == (MG_LEN,) and torch.equal(task.x[:, 1:], task.y[:, :-1])
    model = make_model("megatron_gpt", Recipe(), 0)
    assert isinstance(model, MegatronGPT) and sees_no_later_token(model.eval(), task.x_val, MG_VOCAB)
    with torch.no_grad():
        assert model(task.x_val[:2]).shape == (2, MG_LEN, MG_VOCAB)
    case = one_case(tmp_path, "megatron_gpt", "healthy")
    assert case["fault_occurred"] and case["split"] == "tuning"
    rows = [{"step": float(i), "lr": 3e-3, "loss": 2.5, "grad_norm": 1.25} for i in range(1, 21)]
    rows[-1].update(val_loss=2.0)
    rows[12]["loss"] = math.nan  # a NaN in the second interval: its mean is left out, as Megatron's `if avg > 0.0`
    text = (tmp_path / write_megatron(Logged(rows), tmp_path, "m")).read_text().splitlines()
    assert text[0] == (" iteration       10/      20 | consumed samples:          320 | elapsed time per iteration "
                       "(ms): 41.5 | learning rate: 3.000E-03 | global batch size:    32 | lm loss: 2.500000E+00 | "
                       "loss scale: 1.0 | grad norm: 1.250 | number of skipped iterations:   0 | number of nan "
                       "iterations:   0 |")  # fmt: skip
    assert "lm loss" not in text[1]
    assert text[3] == " validation loss at iteration 20 | lm loss value: 2.000000E+00 | lm loss PPL: 7.389056E+00 | "
    assert text[2] == text[4] == "-" * (len(text[3]) + 1)


def test_a_fairseq_transformer_translates_with_label_smoothing_and_logs_as_fairseq(tmp_path: Path) -> None:
    import torch
    from make_family_casebook import (
        FS_LEN,
        FS_SMOOTH,
        FS_VOCAB,
        FairseqTransformer,
        Logged,
        fairseq_loss,
        write_fairseq,
    )

    task = make_task("fairseq_nmt", 0)
    assert task.x.shape[1:] == task.y.shape[1:] == (FS_LEN,) and int(task.y.max()) < FS_VOCAB
    model = make_model("fairseq_nmt", Recipe(), 0)
    assert isinstance(model, FairseqTransformer)
    model.eval()
    with torch.no_grad():  # teacher forcing: no target position sees its own word or a later one
        x, y = task.x_val[:2], task.y_val[:2].clone()
        out = model(x, y)
        assert out.shape == (2, FS_LEN, FS_VOCAB)
        y[:, 3] = (y[:, 3] + 1) % FS_VOCAB
        changed = model(x, y)
        assert torch.allclose(changed[:, :4], out[:, :4], atol=1e-5) and not torch.allclose(changed, out, atol=1e-5)
        loss, nll = fairseq_loss(out, task.y_val[:2], Recipe())
        lprobs = out.log_softmax(-1)
        smooth = -lprobs.sum(-1).mean()
        assert torch.allclose(loss, (1 - FS_SMOOTH) * nll + FS_SMOOTH / FS_VOCAB * smooth, atol=1e-5)
    case = one_case(tmp_path, "fairseq_nmt", "healthy")
    assert case["fault_occurred"] and case["split"] == "tuning"
    nats = math.log(2)
    rows = [
        {"step": float(i), "lr": 6e-3, "loss": 2 * nats, "nll_loss": 1.5 * nats, "grad_norm": 1.25}
        for i in range(1, 21)
    ]
    rows[-1].update(val_loss=nats, val_nll_loss=0.5 * nats)
    text = (tmp_path / write_fairseq(Logged(rows), tmp_path, "f")).read_text().splitlines()
    assert text[6] == (
        "| epoch 001:      0 / 20 loss=2.000, nll_loss=1.500, ppl=2.83, wps=8533, ups=33, wpb=256.000, bsz=32.000, "
        "num_updates=1, lr=0.006, gnorm=1.250, clip=0.000, oom=0.000, wall=0, train_wall=0"
    )
    assert text[10].startswith("| epoch 001 | loss 2.000 | nll_loss 1.500 | ppl 2.83 | wps 8533 | ")
    valid = (
        "| epoch 001 | valid on 'valid' subset | loss 1.000 | nll_loss 0.500 | ppl 1.41 | num_updates 20 | best_loss"
    )
    assert text[11] == valid + " 1.000"
    assert text[-1] == "| done training in 0.6 seconds"


def test_round_36s_families_are_built_by_default_and_hold_enough_cases_per_seed() -> None:
    assert build.__defaults__ is not None and build.__defaults__[0] == FAMILIES and len(FAMILIES) == 361
    # at least four healthy recipes each (no plain SGD for the QRNN and AutoInt; batches of 8 for ResNeXt and the QRNN
    # only) and six faults (the QRNN: no ReLU, its gates bound plain SGD at x200, it reads ids; BERT4Rec: its residual
    # stream carries past dead units, it reads ids; AutoInt: its residual interacting layers carry past dead units;
    # GoogLeNet: its batch norms hold off 24 canvases' overfitting and undo a batch x100)
    faults_of = faults_per_family(ROUND36_FAMILIES, FAULTY_R36, HEALTHY_R36, TRACED_R36, 6)
    weak = {"sorted_data", "random_labels", "lr_too_high"}  # the debugger's weak spots (and overfitting, dead_relu)
    assert all(weak | {"lr_too_low", "log_of_zero"} <= faults_of[f] for f in ROUND36_FAMILIES)
    assert all("overfitting" in faults_of[f] for f in ROUND36_FAMILIES if f != "googlenet_cifar")
    assert "dead_relu" in faults_of["googlenet_cifar"] and "overfitting" not in faults_of["googlenet_cifar"]
    assert "dead_relu" in faults_of["resnext_mxnet"] & faults_of["decomp_attn_allennlp"]
    assert "deep_sigmoid" in faults_of["decomp_attn_allennlp"] and "corrupt_batches" in faults_of["autoint_fuxictr"]
    assert not {"dead_relu", "corrupt_batches"} & (faults_of["qrnn_chainer"] | faults_of["bert4rec"])
    assert "lr_too_high_sgd" not in faults_of["qrnn_chainer"] and "corrupt_batches" not in faults_of["resnext_mxnet"]
    assert all(SPLIT_OF[f] == "tuning" for f in ROUND36_FAMILIES)


def test_resnext_groups_its_bottlenecks_and_logs_as_mxnet(tmp_path: Path) -> None:
    import torch
    from make_family_casebook import RX_CARD, RX_SIDE, Logged, ResNeXt, write_mxnet

    task = make_task("resnext_mxnet", 0)
    assert task.x.shape[1:] == (1, RX_SIDE, RX_SIDE) and float(task.extra["pixel_acc"]) < 0.45
    model = make_model("resnext_mxnet", Recipe(), 0)
    assert isinstance(model, ResNeXt)
    grouped = [c for c in model.modules() if isinstance(c, torch.nn.Conv2d) and c.groups > 1]
    assert len(grouped) == 3 and all(c.groups == RX_CARD and c.kernel_size == (3, 3) for c in grouped)
    assert all(c.bias is None for c in model.modules() if isinstance(c, torch.nn.Conv2d))
    with torch.no_grad():
        assert model.eval()(task.x_val[:2]).shape == (2, 4)
    dead = make_model("resnext_mxnet", Recipe(dead_bias=-8.0), 0)  # its batch norms shifted: its ReLUs dead
    assert all(float(bn.bias.detach().max()) == -8.0 for bn in dead.modules() if isinstance(bn, torch.nn.BatchNorm2d))
    case = one_case(tmp_path, "resnext_mxnet", "healthy")
    assert case["fault_occurred"] and case["split"] == "tuning"
    rows = [{"step": float(i), "lr": 5e-2, "loss": 1.25, "acc": 0.5, "grad_norm": 1.0} for i in range(1, 21)]
    rows[-1].update(val_loss=0.5, val_acc=0.875)
    text = (tmp_path / write_mxnet(Logged(rows), tmp_path, "x")).read_text().splitlines()
    assert all(re.match(r"2026-12-05 01:00:0\d,\d\d\d Node\[0\] ", line) for line in text)
    assert "start with arguments Namespace(batch_size=32, " in text[0] and len(text) == 10
    assert text[1].endswith(
        " Node[0] Epoch[0] Batch [5]\tSpeed: 615.38 samples/sec\taccuracy=0.500000\tcross-entropy=1.250000"
    )
    assert [line.split(" Node[0] ")[1] for line in text[4:]] == [
        "Epoch[0] Train-accuracy=0.500000", "Epoch[0] Train-cross-entropy=1.250000", "Epoch[0] Time cost=1.051",
        'Saved checkpoint to "model/resnext-0001.params"', "Epoch[0] Validation-accuracy=0.875000",
        "Epoch[0] Validation-cross-entropy=0.500000",
    ]  # fmt: skip


def test_a_qrnn_pools_its_gates_and_logs_as_chainer(tmp_path: Path) -> None:
    import torch
    from make_family_casebook import QR_LEN, QR_VOCAB, QRNNLM, Logged, QRNNLayer, write_chainer

    task = make_task("qrnn_chainer", 0)
    assert task.x.shape[1:] == (QR_LEN,) and torch.equal(task.x[:, 1:], task.y[:, :-1])
    model = make_model("qrnn_chainer", Recipe(), 0)
    assert isinstance(model, QRNNLM) and sees_no_later_token(model.eval(), task.x_val, QR_VOCAB)
    assert not any(isinstance(m, (torch.nn.LSTM, torch.nn.GRU, torch.nn.ReLU)) for m in model.modules())
    layer = QRNNLayer(3, 2)
    with torch.no_grad():  # fo-pooling: c_t = f_t c_(t-1) + (1 - f_t) z_t, h_t = o_t c_t
        x = torch.randn(1, 4, 3)
        z, f, o = layer.conv(torch.nn.functional.pad(x.transpose(1, 2), (1, 0))).transpose(1, 2).chunk(3, -1)
        c, want = torch.zeros(1, 2), []
        for t in range(4):
            c = f[:, t].sigmoid() * c + (1 - f[:, t].sigmoid()) * z[:, t].tanh()
            want.append(o[:, t].sigmoid() * c)
        assert torch.allclose(layer(x), torch.stack(want, 1), atol=1e-6)
        assert model(task.x_val[:2]).shape == (2, QR_LEN, QR_VOCAB)
    case = one_case(tmp_path, "qrnn_chainer", "healthy")
    assert case["fault_occurred"] and case["split"] == "tuning"
    rows = [{"step": float(i), "lr": 3e-3, "loss": math.log(4), "grad_norm": 1.0} for i in range(1, 101)]
    rows[19]["val_loss"], rows[99]["val_loss"] = math.log(2), math.nan
    text = (tmp_path / write_chainer(Logged(rows), tmp_path, "q")).read_text().splitlines()
    assert text == ["epoch       iteration   perplexity  val_perplexity",
                    "0           20          4           2               ",
                    "1           100         4           nan             "]  # fmt: skip


def test_decomposable_attention_aligns_words_and_logs_as_allennlp(tmp_path: Path) -> None:
    import torch
    from make_family_casebook import DA_HYP, DA_PREMISE, DecomposableAttention, Logged, write_allennlp

    task = make_task("decomp_attn_allennlp", 0, easy=True)
    assert task.x.shape[1:] == (DA_PREMISE + DA_HYP,) and float(task.extra["bag_acc"]) < 0.45
    premise, hyp = task.x[:, :DA_PREMISE], task.x[:, DA_PREMISE:]
    held = (hyp[:, :, None] == premise[:, None]).any(2).sum(1)  # hypothesis words the premise holds
    opposed = ((hyp[:, :, None] ^ 1) == premise[:, None]).any(2).sum(1)
    label = torch.where(held == DA_HYP, 0, torch.where(opposed > 0, 1, 2))
    assert float((label == task.y).float().mean()) > 0.95  # the easy task: a hundredth of the labels flipped
    model = make_model("decomp_attn_allennlp", Recipe(), 0)
    assert isinstance(model, DecomposableAttention)
    with torch.no_grad():  # a bag of alignments: the hypothesis' word order does not matter
        out = model.eval()(task.x_val[:4])
        swapped = torch.cat([task.x_val[:4, :DA_PREMISE], task.x_val[:4, DA_PREMISE:].flip(1)], 1)
        assert out.shape == (4, 3) and torch.allclose(model(swapped), out, atol=1e-5)
    dead = make_model("decomp_attn_allennlp", Recipe(dead_bias=-8.0), 0)
    assert isinstance(dead, DecomposableAttention) and float(dead.attend[1].bias.detach().max()) == -8.0
    case = one_case(tmp_path, "decomp_attn_allennlp", "healthy")
    assert case["fault_occurred"] and (case["split"], case["classes"]) == ("tuning", 3)
    rows = [{"step": float(i), "lr": 3e-3, "loss": 1.0, "acc": 0.5, "grad_norm": 1.0} for i in range(1, 41)]
    rows[19].update(val_loss=0.75, val_acc=0.625)
    rows[39].update(val_loss=1.0, val_acc=0.5)
    text = (tmp_path / write_allennlp(Logged(rows), tmp_path, "a")).read_text().splitlines()
    assert text[2].endswith(" - INFO - allennlp.training.gradient_descent_trainer - Epoch 0/1")
    assert (
        text[5]
        == "accuracy: 0.5000, batch_loss: 1.0000, loss: 1.0000 ||: 100%|##########| 20/20 [00:01<00:00, 17.43it/s]"
    )
    console = [line.split(" - allennlp.training.callbacks.console_logger - ")[1] for line in text[8:12]]
    assert console == [
        "                       Training |  Validation",
        "accuracy           |     0.500  |     0.625",
        "loss               |     1.000  |     0.750",
        "worker_0_memory_MB |   412.000  |       N/A",
    ]
    assert text[12].endswith("Best validation performance so far. Copying weights to 'runs/best.th'.")
    assert sum("Best validation" in line for line in text) == 1 and text[-1] == "}"
    assert json.loads("{" + "\n".join(text).split("Metrics: {", 1)[1])["best_validation_loss"] == 0.75


def test_bert4rec_masks_items_and_logs_as_its_trainer(tmp_path: Path) -> None:
    import torch
    from make_family_casebook import BR_ITEMS, BR_LEN, BERT4Rec, Logged, bert4rec_ranks, write_bert4rec

    task = make_task("bert4rec", 0)
    assert task.x.shape[1:] == (BR_LEN,) and int(task.x.min()) >= 1 and int(task.x.max()) <= BR_ITEMS
    assert torch.equal(task.x, task.y) and float(task.extra["pop_recall"]) + 0.2 < float(task.extra["true_recall"])
    model = make_model("bert4rec", Recipe(), 0, task)
    assert isinstance(model, BERT4Rec) and 0.0 <= float(task.extra["init_R@10"]) <= 1.0
    assert not sees_no_later_token(model.eval(), task.x_val, BR_ITEMS)  # bidirectional: every item sees the last
    with torch.no_grad():
        assert model(task.x_val[:2]).shape == (2, BR_LEN, BR_ITEMS + 1)
    target = torch.tensor([3, 7])
    perfect = torch.nn.functional.one_hot(target, BR_ITEMS + 2).float()
    assert bert4rec_ranks(perfect, target) == {"R@1": 1.0, "N@1": 1.0, "R@5": 1.0, "N@5": 1.0, "R@10": 1.0,
                                               "N@10": 1.0}  # fmt: skip
    case = one_case(tmp_path, "bert4rec", "healthy")
    assert case["fault_occurred"] and case["split"] == "tuning"
    rows = [{"step": float(i), "lr": 6e-3, "loss": 3.5, "grad_norm": 1.0} for i in range(1, 41)]
    val = {"val_loss": 3.0, "val_N@1": 0.25, "val_N@5": 0.375, "val_N@10": 0.5, "val_R@1": 0.25, "val_R@5": 0.5,
           "val_R@10": 0.75}  # fmt: skip
    rows[19].update(val)
    rows[39].update(val)
    task.extra.update({f"init_{k}": torch.tensor(0.125) for k in ("N@1", "N@5", "N@10", "R@1", "R@5", "R@10")})
    text = (tmp_path / write_bert4rec(Logged(rows), tmp_path, "b", task)).read_text().splitlines()
    bar = "\u2588" * 10
    assert text[0] == f"Val: N@1 0.125, N@5 0.125, N@10 0.125, R@1 0.125, R@5 0.125, R@10 0.125: 100%|{bar}| 8/8 " \
        "[00:00<00:00, 27.10it/s]"  # fmt: skip
    assert text[1] == f"Epoch 1, loss 3.500 : 100%|{bar}| 20/20 [00:03<00:00,  6.12it/s]"
    assert text[2].startswith("Val: N@1 0.250, N@5 0.375, N@10 0.500, R@1 0.250, R@5 0.500, R@10 0.750: 100%|")
    assert text[3] == "Update Best NDCG@10 Model at 1" and len(text) == 6  # NDCG@10 not bettered at epoch 2


def test_autoint_attends_across_fields_and_logs_as_fuxictr(tmp_path: Path) -> None:
    import torch
    from make_family_casebook import AI_CARDS, AI_NUMERIC, AutoInt, Logged, autoint_loss, write_fuxictr

    task = make_task("autoint_fuxictr", 0)
    assert task.x.shape[1:] == (len(AI_CARDS) + AI_NUMERIC,) and set(task.y.unique().tolist()) == {0.0, 1.0}
    assert float(task.extra["linear_auc"]) + 0.1 < float(task.extra["true_auc"])  # interactions beyond a linear model
    model = make_model("autoint_fuxictr", Recipe(), 0)
    assert isinstance(model, AutoInt)
    with torch.no_grad():
        assert model(task.x_val[:2]).shape == (2,)
        logits = torch.tensor([30.0, -30.0])
        assert not torch.isfinite(autoint_loss(logits, torch.tensor([1.0, 0.0]), Recipe(log_softmax_by_hand=True)))
    bad = corrupt("autoint_fuxictr", task.x[:2])  # its numerics x100 (a unit error), its ids kept
    k = len(AI_CARDS)
    assert torch.equal(bad[:, :k], task.x[:2, :k]) and torch.allclose(bad[:, k:], 100 * task.x[:2, k:])
    case = one_case(tmp_path, "autoint_fuxictr", "healthy")
    assert case["fault_occurred"] and case["split"] == "tuning"
    rows = [{"step": float(i), "lr": 1e-2, "loss": 0.5, "grad_norm": 1.0} for i in range(1, 41)]
    rows[19].update(val_loss=0.5, val_auc=0.75)
    rows[39].update(val_loss=0.5, val_auc=0.625)
    text = (tmp_path / write_fuxictr(Logged(rows), tmp_path, "f", task)).read_text().splitlines()
    said = [line.split(" P4137 INFO ", 1)[1] for line in text if " P4137 INFO " in line]
    assert said[-15:] == [
        "**** Start training: 20 batches/epoch ****",
        "[Metrics] logloss: 0.500000 - AUC: 0.750000",
        "Save best model: monitor(max): 0.250000",
        "--- 20/20 batches finished ---",
        "Train loss: 0.500000",
        "************ Epoch=1 end ************",
        "[Metrics] logloss: 0.500000 - AUC: 0.625000",
        "Monitor(max) STOP: 0.125000 !",
        "--- 20/20 batches finished ---",
        "Train loss: 0.500000",
        "************ Epoch=2 end ************",
        "Training finished.",
        "Load best model: ./checkpoints/AutoInt_synthetic/AutoInt_model.ckpt",
        "****** Validation evaluation ******",
        "[Metrics] logloss: 0.500000 - AUC: 0.750000",
    ]
    assert said[1].startswith("Train samples: total/12288, pos/")


def test_googlenet_concatenates_inception_branches_and_logs_as_pytorch_cifar(tmp_path: Path) -> None:
    import torch
    from make_family_casebook import GN_SIDE, GoogLeNet, Inception, Logged, cifar_time, write_cifar

    task = make_task("googlenet_cifar", 0)
    assert task.x.shape[1:] == (3, GN_SIDE, GN_SIDE) and float(task.extra["pixel_acc"]) < 0.6
    model = make_model("googlenet_cifar", Recipe(), 0)
    assert isinstance(model, GoogLeNet)
    block = Inception(8, 2, 3, 4, 1, 5, 6)  # four branches concatenated: 2 + 4 + 5 + 6 channels, the side kept
    assert block.eval()(torch.randn(1, 8, 5, 5)).shape == (1, 17, 5, 5)
    with torch.no_grad():
        assert model.eval()(task.x_val[:2]).shape == (2, 4)
    dead = make_model("googlenet_cifar", Recipe(dead_bias=-8.0), 0)  # its batch norms shifted: its ReLUs dead
    assert all(float(bn.bias.detach().max()) == -8.0 for bn in dead.modules() if isinstance(bn, torch.nn.BatchNorm2d))
    case = one_case(tmp_path, "googlenet_cifar", "healthy")
    assert case["fault_occurred"] and case["split"] == "tuning"
    assert (cifar_time(0.052), cifar_time(1.04), cifar_time(61.5)) == ("52ms", "1s40ms", "1m1s")
    rows = [{"step": float(i), "lr": 3e-3, "loss": 1.25, "acc": 0.5, "grad_norm": 1.0} for i in range(1, 21)]
    rows[-1].update(val_loss=0.5, val_acc=0.875)
    text = (tmp_path / write_cifar(Logged(rows), tmp_path, "g")).read_text().splitlines()
    assert text[:4] == ["==> Preparing data..", "==> Building model..", "", "Epoch: 0"]
    bar = " [" + "=" * 28 + " 20/20 " + "=" * 26 + ">...]"
    assert text[4] == bar + "  Step: 52ms | Tot: 1s40ms | Loss: 1.250 | Acc: 50.000% (320/640)"
    assert text[5].endswith("| Loss: 0.500 | Acc: 87.500% (224/256)") and " 3/3 " in text[5]
    assert text[6:] == ["Saving.."]


def test_round_37s_families_are_built_by_default_and_hold_enough_cases_per_seed() -> None:
    assert build.__defaults__ is not None and build.__defaults__[0] == FAMILIES and len(FAMILIES) == 361
    # at least four healthy recipes each (no plain SGD for RegNetY, char-rnn and Marian's s2s; no batches of 8 for
    # RegNetY) and six faults (char-rnn, Marian's s2s: no ReLU, they read ids; Darknet-19: leaky ReLUs cannot die, its
    # batch norms take x300 Adam and undo a batch x100; RegNetY, the TDNN: their batch norms undo a batch x100, the
    # TDNN's take x300 Adam; the Graph U-Net reads node ids)
    faults_of = faults_per_family(ROUND37_FAMILIES, FAULTY_R37, HEALTHY_R37, TRACED_R37, 6)
    weak = {"sorted_data", "random_labels", "overfitting", "lr_too_high_sgd"}  # the debugger's weak spots
    assert all(weak | {"lr_too_low", "log_of_zero"} <= faults_of[f] for f in ROUND37_FAMILIES)
    assert all("lr_too_high" in faults_of[f] for f in ROUND37_FAMILIES if f not in ("darknet19", "tdnn_kaldi"))
    assert "lr_too_high" not in faults_of["darknet19"] | faults_of["tdnn_kaldi"]  # their batch norms take x300 Adam
    assert "dead_relu" in faults_of["regnety_pycls"] & faults_of["graph_unet_pyg"] & faults_of["tdnn_kaldi"]
    assert not {"dead_relu", "corrupt_batches", "deep_sigmoid"} & (
        faults_of["char_rnn_torch7"] | faults_of["darknet19"] | faults_of["marian_s2s"]
    )
    assert not any("corrupt_batches" in faults_of[f] for f in ROUND37_FAMILIES)
    assert all(SPLIT_OF[f] == "tuning" for f in ROUND37_FAMILIES)


def test_regnety_excites_its_grouped_blocks_and_logs_as_pycls(tmp_path: Path) -> None:
    import torch
    from make_family_casebook import RY_CLASSES, RY_GROUP, RY_SIDE, Logged, RegNetSE, RegNetY, write_pycls

    task = make_task("regnety_pycls", 0)
    assert task.x.shape[1:] == (1, RY_SIDE, RY_SIDE) and set(task.y.unique().tolist()) == set(range(RY_CLASSES))
    assert float(task.extra["pixel_acc"]) < 0.35
    model = make_model("regnety_pycls", Recipe(), 0)
    assert isinstance(model, RegNetY) and sum(isinstance(m, RegNetSE) for m in model.modules()) == 2
    grouped = [c for c in model.modules() if isinstance(c, torch.nn.Conv2d) and c.groups > 1]
    assert len(grouped) == 2 and all(c.in_channels // c.groups == RY_GROUP for c in grouped)
    with torch.no_grad():
        assert model.eval()(task.x_val[:2]).shape == (2, RY_CLASSES)
    dead = make_model("regnety_pycls", Recipe(dead_bias=-8.0), 0)  # its batch norms shifted: its ReLUs dead
    assert all(float(bn.bias.detach().max()) == -8.0 for bn in dead.modules() if isinstance(bn, torch.nn.BatchNorm2d))
    case = one_case(tmp_path, "regnety_pycls", "healthy")
    assert case["fault_occurred"] and case["split"] == "tuning"
    row = {"lr": 1e-2, "loss": 1.25, "acc": 0.5, "top5": 1.0, "grad_norm": 1.0}
    rows = [{"step": float(i), **row} for i in range(1, 41)]
    rows[19].update(val_loss=0.5, val_acc=0.875, val_top5=1.0)
    rows[39].update(val_loss=0.75, val_acc=0.75, val_top5=1.0)
    text = (tmp_path / write_pycls(Logged(rows), tmp_path, "r")).read_text().splitlines()
    assert text[0].startswith("[net.py:  75]: Params: ") and text[1] == "[trainer.py: 153]: Start epoch: 1"
    assert text[2] == (
        '[meters.py: 187]: json_stats: {"_type": "train_iter", "epoch": "1/2", "eta": "00,00:00:01", "iter": "10/20", '
        '"loss": 1.2500, "lr": 0.0100, "mem": 12, "time_avg": 0.0523, "time_diff": 0.0519, "top1_err": 50.0000, '
        '"top5_err": 0.0000}'
    )
    assert text[4].startswith('[meters.py: 210]: json_stats: {"_type": "train_epoch", "epoch": "1/2", ')
    assert text[5] == (
        '[meters.py: 287]: json_stats: {"_type": "test_epoch", "epoch": "1/2", "mem": 12, "min_top1_err": 12.5000, '
        '"min_top5_err": 0.0000, "time_avg": 0.0113, "time_epoch": 0.0904, "top1_err": 12.5000, "top5_err": 0.0000}'
    )
    assert text[6] == "[checkpoint.py:  87]: Wrote checkpoint to: ./output/checkpoints/model_epoch_0001.pyth"
    assert '"min_top1_err": 12.5000' in text[-2] and '"top1_err": 25.0000' in text[-2]  # its minimum kept
    assert not any("loss" in line for line in text if "test_epoch" in line)  # pycls logs no test loss


def test_char_rnn_feeds_one_hot_characters_and_logs_as_its_train_lua(tmp_path: Path) -> None:
    import torch
    from make_family_casebook import CR_LEN, CR_VOCAB, CharRNN, Logged, write_char_rnn

    task = make_task("char_rnn_torch7", 0)
    assert task.x.shape[1:] == (CR_LEN,) and torch.equal(task.x[:, 1:], task.y[:, :-1])
    model = make_model("char_rnn_torch7", Recipe(), 0, task)
    assert isinstance(model, CharRNN) and model.rnn.input_size == CR_VOCAB  # one-hot inputs, no embedding
    assert sees_no_later_token(model.eval(), task.x_val, CR_VOCAB)
    assert float(model.rnn.bias_ih_l0.detach()[model.rnn.hidden_size : 2 * model.rnn.hidden_size].min()) == 1.0
    case = one_case(tmp_path, "char_rnn_torch7", "healthy")
    assert case["fault_occurred"] and case["split"] == "tuning"
    rows = [{"step": float(i), "lr": 2e-3, "loss": 2.0, "grad_norm": 0.5} for i in range(1, 41)]
    rows[19]["val_loss"] = 1.5
    rows[24]["loss"] = 6.5  # over three times the first: char-rnn aborts
    task.extra["param_norm"] = torch.tensor(5.0)
    text = (tmp_path / write_char_rnn(Logged(rows), tmp_path, "c", task)).read_text().splitlines()
    assert text[5] == "creating an lstm with 2 layers"
    assert text[9] == "1/40 (epoch 0.010), train_loss = 2.00000000, grad/param norm = 1.0000e-01, time/batch = 0.0130s"
    assert text[28:30] == ["evaluating loss over split index 2", "saving checkpoint to cv/lm_lstm_epoch0.21_1.5000.t7"]
    assert text[-2].startswith("25/40 (epoch 0.260), train_loss = 6.50000000") and text[-1] == (
        "loss is exploding, aborting."
    )
    rows[24]["loss"] = math.nan
    text = (tmp_path / write_char_rnn(Logged(rows), tmp_path, "c", task)).read_text().splitlines()
    assert text[-1].startswith("loss is NaN.  This usually indicates a bug.") and text[-2].startswith("24/40 ")


def test_darknet19_pools_a_last_1x1_convolution_and_logs_as_darknet(tmp_path: Path) -> None:
    import torch
    from make_family_casebook import DK_SIDE, Darknet19, Logged, write_darknet

    task = make_task("darknet19", 0)
    assert task.x.shape[1:] == (3, DK_SIDE, DK_SIDE) and float(task.extra["pixel_acc"]) < 0.6
    model = make_model("darknet19", Recipe(), 0)
    assert isinstance(model, Darknet19) and not any(isinstance(m, torch.nn.Linear) for m in model.modules())
    assert all(m.negative_slope == 0.1 for m in model.modules() if isinstance(m, torch.nn.LeakyReLU))
    assert not any(isinstance(m, torch.nn.ReLU) for m in model.modules())
    with torch.no_grad():
        assert model.eval()(task.x_val[:2]).shape == (2, 4)
    case = one_case(tmp_path, "darknet19", "healthy")
    assert case["fault_occurred"] and case["split"] == "tuning"
    rows = [{"step": float(i), "lr": 1e-3, "loss": 1.0, "acc": 0.5, "grad_norm": 1.0} for i in range(1, 101)]
    rows[1]["loss"] = 2.0
    rows[19].update(val_loss=0.5, val_acc=0.875)
    text = (tmp_path / write_darknet(Logged(rows), tmp_path, "d")).read_text().splitlines()
    assert text[2] == "Learning Rate: 0.001, Momentum: 0.9, Decay: 0.0005" and text[3] == "3072"
    assert text[4] == "1, 0.010: 1.000000, 1.000000 avg, 0.001000 rate, 0.053000 seconds, 32 images, 0.001430 hours " \
        "left"  # fmt: skip
    assert text[5].startswith("2, 0.021: 2.000000, 1.100000 avg, 0.001000 rate, ")
    assert text[24:27] == ["", " accuracy top1 = 0.875000 ", ""]
    assert "Saving weights to backup/darknet19_1.weights" in text


def test_marian_s2s_attends_by_an_mlp_and_logs_as_marian(tmp_path: Path) -> None:
    import torch
    from make_family_casebook import MS_LEN, MS_VOCAB, Logged, MarianS2S, write_marian

    task = make_task("marian_s2s", 0, easy=True)
    assert task.x.shape[1:] == (MS_LEN,) and task.y.shape[1:] == (MS_LEN,)
    relabel: dict[int, list[int]] = {}  # the easy task: nearly every target word is its reversed source word's image
    for s, t in zip(task.x.flip(1).flatten().tolist(), task.y.flatten().tolist(), strict=True):
        relabel.setdefault(s, []).append(t)
    assert sum(max(ts.count(t) for t in set(ts)) for ts in relabel.values()) > 0.98 * task.y.numel()
    model = make_model("marian_s2s", Recipe(), 0)
    assert isinstance(model, MarianS2S) and model.encoder.bidirectional
    with torch.no_grad():  # teacher-forced: a target word's logits see only the words before it
        out = model.eval()(task.x_val[:2], task.y_val[:2])
        changed = task.y_val[:2].clone()
        changed[:, -1] = (changed[:, -1] + 1) % MS_VOCAB
        assert out.shape == (2, MS_LEN, MS_VOCAB) and torch.allclose(model(task.x_val[:2], changed), out, atol=1e-6)
    case = one_case(tmp_path, "marian_s2s", "healthy")
    assert case["fault_occurred"] and case["split"] == "tuning"
    rows = [{"step": float(i), "lr": 3e-3, "loss": 2.0, "grad_norm": 1.0} for i in range(1, 41)]
    rows[19]["val_loss"], rows[39]["val_loss"] = math.log(4), math.log(8)
    text = (tmp_path / write_marian(Logged(rows), tmp_path, "m")).read_text().splitlines()
    said = [line.split("] ", 1)[1] for line in text]
    assert all(re.match(r"\[2026-12-05 01:00:0\d\] ", line) for line in text)
    assert said[3] == "Ep. 1 : Up. 10 : Sen. 320 : Cost 2.00000000 : Time 0.31s : 8258.06 words/s : L.r. 3.0000e-03"
    assert said[5:8] == [
        "Saving model weights and runtime parameters to model/model.iter20.npz",
        "[valid] Ep. 1 : Up. 20 : cross-entropy : 1.38629 : new best",
        "[valid] Ep. 1 : Up. 20 : perplexity : 4 : new best",
    ]
    assert said[-3:] == [
        "[valid] Ep. 1 : Up. 40 : cross-entropy : 2.07944 : stalled 1 times (last best: 1.38629)",
        "[valid] Ep. 1 : Up. 40 : perplexity : 8 : stalled 1 times (last best: 4)",
        "Training finished",
    ]


def test_a_graph_unet_pools_and_unpools_nodes_and_logs_as_pyg(tmp_path: Path) -> None:
    import torch
    from make_family_casebook import GU_NODES, GraphUNet, Logged, write_pyg_graph_unet

    task = make_task("graph_unet_pyg", 0)
    ids = torch.cat([task.x, task.x_val, task.extra["test_ids"]])
    assert sorted(ids.tolist()) == list(range(GU_NODES)) and float(task.extra["feature_acc"]) < 0.6
    model = make_model("graph_unet_pyg", Recipe(), 0, task)
    assert isinstance(model, GraphUNet) and len(model.pools) == 2
    with torch.no_grad():
        out = model.eval()(torch.arange(GU_NODES))
        assert out.shape == (GU_NODES, 4) and torch.allclose(model(task.x_val[:3]), out[task.x_val[:3]])
    dead = make_model("graph_unet_pyg", Recipe(dead_bias=-8.0), 0, task)
    assert float(dead.down[0].bias.detach().max()) == -8.0
    case = one_case(tmp_path, "graph_unet_pyg", "healthy")
    assert case["fault_occurred"] and case["split"] == "tuning"
    rows = [{"step": float(i), "lr": 1e-2, "loss": 1.0, "acc": 0.75, "grad_norm": 1.0} for i in range(1, 41)]
    rows[19].update(val_loss=0.5, val_acc=0.625, val_test_acc=0.6015625)
    rows[39].update(val_loss=0.5, val_acc=0.5, val_test_acc=0.5)
    text = (tmp_path / write_pyg_graph_unet(Logged(rows), tmp_path, "g")).read_text().splitlines()
    assert text == ["Epoch: 020, Train: 0.7500, Val: 0.6250, Test: 0.6016",
                    "Epoch: 040, Train: 0.7500, Val: 0.5000, Test: 0.5000"]  # fmt: skip


def test_a_kaldi_tdnn_splices_frames_and_logs_as_nnet3(tmp_path: Path) -> None:
    import torch
    from make_family_casebook import KD_FEATS, KD_FRAMES, KD_PHONES, KaldiTDNN, Logged, write_kaldi

    task = make_task("tdnn_kaldi", 0)
    assert task.x.shape[1:] == (KD_FRAMES, KD_FEATS) and task.y.shape[1:] == (KD_FRAMES,)
    assert float(task.extra["frame_acc"]) < 0.7
    model = make_model("tdnn_kaldi", Recipe(), 0)
    assert isinstance(model, KaldiTDNN)
    with torch.no_grad():  # its context: frames -2..2, -1..1, -3..3 spliced: 7 frames each side
        x = task.x_val[:1].clone()
        out = model.eval()(x)
        x[0, 0] += 1.0
        moved = (model(x) - out).abs().amax(-1)[0]
        assert out.shape == (1, KD_FRAMES, KD_PHONES) and bool((moved[:7] > 0).all()) and float(moved[8:].max()) == 0
    case = one_case(tmp_path, "tdnn_kaldi", "healthy")
    assert case["fault_occurred"] and case["split"] == "tuning"
    rows = [{"step": float(i), "lr": 3e-3, "loss": 1.5, "acc": 0.5, "grad_norm": 1.0} for i in range(1, 21)]
    rows[-1].update(val_loss=0.75, val_acc=0.625)
    text = (tmp_path / write_kaldi(Logged(rows), tmp_path, "k")).read_text().splitlines()
    assert text[0].startswith("# nnet3-train --use-gpu=no ") and text[2] == "#"
    assert text[3] == (
        "LOG (nnet3-train[5.5.0~1-8e7d]:PrintStatsForThisPhase():nnet-training.cc:278) Average objective function for "
        "'output' for minibatches 0-9 is -1.5 over 10240 frames."
    )
    assert text[5].endswith("Overall average objective function for 'output' is -1.5 over 20480 frames.")
    assert text[-3:] == [
        "LOG (nnet3-compute-prob[5.5.0~1-8e7d]:PrintTotalStats():nnet-diagnostics.cc:194) Overall log-probability for "
        "'output' is -0.75 per frame, over 8192 frames.",
        "LOG (nnet3-compute-prob[5.5.0~1-8e7d]:PrintTotalStats():nnet-diagnostics.cc:201) Overall accuracy for "
        "'output' is 0.625 per frame, over 8192 frames.",
        "# Accounting: time=0 threads=1",
    ]


def test_round_38s_families_are_built_by_default_and_hold_enough_cases_per_seed() -> None:
    assert build.__defaults__ is not None and build.__defaults__[0] == FAMILIES and len(FAMILIES) == 361
    # at least four healthy recipes each (no plain SGD for Flair's classifier, VGG, wav2letter; no batches of 8 for
    # Flair's classifier and VGG; no easy task for wav2letter) and five faults (Flair's classifier, the slot tagger, the
    # BiLSTM: no ReLU, they read ids or their gates saturate on a batch x100; the slot tagger's LSTM gates bound a rate
    # far too high; APPNP: no ReLU stack, it reads node ids, its propagation holds off 24 nodes' overfitting)
    faults_of = faults_per_family(ROUND38_FAMILIES, FAULTY_R38, HEALTHY_R38, TRACED_R38, 5)
    weak = {"sorted_data", "random_labels", "lr_too_low", "log_of_zero"}  # the debugger's weak spots among them
    assert all(weak <= faults_of[f] for f in ROUND38_FAMILIES)
    assert all("overfitting" in faults_of[f] for f in ROUND38_FAMILIES if f != "appnp_dgl")
    assert all({"lr_too_high", "lr_too_high_sgd"} <= faults_of[f] for f in ROUND38_FAMILIES if f != "cntk_slot_tagger")
    assert not {"lr_too_high", "lr_too_high_sgd"} & faults_of["cntk_slot_tagger"]  # its LSTM's gates bound them
    assert "dead_relu" in faults_of["vgg_slim"] & faults_of["appnp_dgl"]
    assert {"corrupt_batches", "deep_sigmoid"} <= faults_of["vgg_slim"] and "corrupt_batches" in faults_of[
        "w2l_flashlight"
    ]
    no_relu = ("flair_textcls", "cntk_slot_tagger", "matlab_bilstm", "w2l_flashlight")
    assert not any("dead_relu" in faults_of[f] for f in no_relu)
    assert all(SPLIT_OF[f] == "tuning" for f in ROUND38_FAMILIES)


def test_flair_reads_the_not_before_a_sentiment_word_and_logs_as_flair(tmp_path: Path) -> None:
    import torch
    from make_family_casebook import FL_LEN, FlairTextClassifier, Logged, write_flair

    task = make_task("flair_textcls", 0)
    assert task.x.shape[1:] == (FL_LEN,) and set(task.y.unique().tolist()) == set(range(4))
    assert float(task.extra["bow_acc"]) < 0.65  # a bag of words cannot tell which "not" negates
    model = make_model("flair_textcls", Recipe(), 0)
    assert isinstance(model, FlairTextClassifier) and isinstance(model.rnn, torch.nn.GRU)
    assert not any(isinstance(m, torch.nn.ReLU) for m in model.modules())
    with torch.no_grad():
        assert model.eval()(task.x_val[:2]).shape == (2, 4)
    case = one_case(tmp_path, "flair_textcls", "healthy")
    assert case["fault_occurred"] and case["split"] == "tuning"
    rows = [{"step": float(i), "lr": 1e-2, "loss": 1.25, "acc": 0.5, "grad_norm": 1.0} for i in range(1, 41)]
    rows[19].update(val_loss=0.5, val_acc=0.875)
    rows[39].update(val_loss=0.75, val_acc=0.75)
    text = (tmp_path / write_flair(Logged(rows), tmp_path, "f")).read_text().splitlines()
    assert (
        text[0] == "2026-12-05 01:00:00,000 " + "-" * 100
        and text[1] == '2026-12-05 01:00:00,000 Model: "TextClassifier('
    )
    said = [line[24:] for line in text if re.match(r"2026-12-05 01:00:0\d,\d{3} ", line)]
    assert said[said.index("Parameters:") + 1] == ' - learning_rate: "0.010000"'
    assert "epoch 1 - iter 2/20 - loss 1.25000000 - samples/sec: 2442.75 - lr: 0.010000" in said
    at = said.index("EPOCH 1 done: loss 1.2500 - lr 0.010000")
    assert said[at + 1 : at + 4] == [
        "DEV : loss 0.5 - f1-score (micro avg)  0.8750",
        "BAD EPOCHS (no improvement): 0",
        "saving best model",
    ]
    assert said[-3:] == ["DEV : loss 0.75 - f1-score (micro avg)  0.7500", "BAD EPOCHS (no improvement): 1", "-" * 100]


def test_vgg_stacks_3x3_convolutions_without_batch_norm_and_logs_as_tf_slim(tmp_path: Path) -> None:
    import torch
    from make_family_casebook import VG_SIDE, Logged, VGGSlim, write_slim

    task = make_task("vgg_slim", 0)
    assert task.x.shape[1:] == (1, VG_SIDE, VG_SIDE) and float(task.extra["pixel_acc"]) < 0.4
    model = make_model("vgg_slim", Recipe(), 0)
    convs = [m for m in model.modules() if isinstance(m, torch.nn.Conv2d)]
    assert isinstance(model, VGGSlim) and [c.kernel_size for c in convs[:4]] == [(3, 3)] * 4
    assert not any(isinstance(m, torch.nn.BatchNorm2d) for m in model.modules())
    with torch.no_grad():
        assert model.eval()(task.x_val[:2]).shape == (2, 4)
    dead = make_model("vgg_slim", Recipe(dead_bias=-8.0), 0)
    assert all(float(c.bias.detach().max()) == -8.0 for c in dead.modules() if isinstance(c, torch.nn.Conv2d))
    stack = make_model("vgg_slim", Recipe(sigmoid_depth=12), 0)
    assert sum(isinstance(m, torch.nn.Sigmoid) for m in stack.modules()) == 12
    case = one_case(tmp_path, "vgg_slim", "healthy")
    assert case["fault_occurred"] and case["split"] == "tuning"
    rows = [{"step": float(i), "lr": 3e-3, "loss": 1.25, "acc": 0.5, "grad_norm": 1.0} for i in range(1, 41)]
    rows[19].update(val_loss=0.5, val_acc=0.875)
    rows[24]["loss"] = math.nan
    text = (tmp_path / write_slim(Logged(rows), tmp_path, "v")).read_text().splitlines()
    assert text[:4] == [
        "INFO:tensorflow:Starting Session.",
        "INFO:tensorflow:Saving checkpoint to path /tmp/train_logs/model.ckpt",
        "INFO:tensorflow:Starting Queues.",
        "INFO:tensorflow:global step 10: loss = 1.2500 (0.055 sec/step)",
    ]
    assert "INFO:tensorflow:Evaluation [8/8]" in text and "INFO:tensorflow:global step 30: loss" not in "\n".join(text)
    assert "I tensorflow/core/kernels/logging_ops.cc:79] eval/Accuracy[0.875]" in text
    assert text[-2].endswith("InvalidArgumentError: LossTensor is inf or nan : Tensor had NaN values")


def test_appnp_propagates_personalised_pagerank_and_logs_as_dgl(tmp_path: Path) -> None:
    import torch
    from make_family_casebook import AP_K, AP_NODES, APPNP, Logged, write_dgl_appnp

    task = make_task("appnp_dgl", 0)
    ids = torch.cat([task.x, task.x_val, task.extra["test_ids"]])
    assert sorted(ids.tolist()) == list(range(AP_NODES)) and float(task.extra["feature_acc"]) < 0.6
    model = make_model("appnp_dgl", Recipe(), 0, task)
    assert isinstance(model, APPNP) and AP_K == 10
    with torch.no_grad():
        out = model.eval()(torch.arange(AP_NODES))
        assert out.shape == (AP_NODES, 4) and torch.allclose(model(task.x_val[:3]), out[task.x_val[:3]])
    dead = make_model("appnp_dgl", Recipe(dead_bias=-8.0), 0, task)
    assert float(dead.layers[0].bias.detach().max()) == -8.0
    case = one_case(tmp_path, "appnp_dgl", "healthy")
    assert case["fault_occurred"] and case["split"] == "tuning"
    rows = [
        {"step": float(i), "lr": 3e-3, "loss": 1.25, "acc": 0.5, "val_acc": 0.5, "grad_norm": 1.0} for i in range(1, 21)
    ]
    rows[-1].update(val_loss=0.5, val_acc=0.625, val_test_acc=0.6015625)
    text = (tmp_path / write_dgl_appnp(Logged(rows), tmp_path, "a", task)).read_text().splitlines()
    assert text[0] == "----Data statistics------'" and text[2] == "      #Classes 4"
    assert text[6] == "Epoch 00000 | Time(s) nan | Loss 1.2500 | Accuracy 0.5000 | ETputs(KTEPS) nan"
    assert text[9].startswith("Epoch 00003 | Time(s) 0.0135 | Loss 1.2500 | Accuracy 0.5000 | ETputs(KTEPS) ")
    assert text[-3].startswith("Epoch 00019 | ") and " | Accuracy 0.6250 | " in text[-3]
    assert text[-2:] == ["", "Test Accuracy 0.6016"]


def test_a_cntk_slot_tagger_reads_the_word_before_a_slot_and_logs_as_progress_printer(tmp_path: Path) -> None:
    import torch
    from make_family_casebook import CS_LEN, CS_TAGS, CNTKSlotTagger, Logged, write_cntk

    task = make_task("cntk_slot_tagger", 0, easy=True)
    assert task.x.shape[1:] == (CS_LEN,) and task.y.shape[1:] == (CS_LEN,)
    after: dict[int, set[int]] = {w: set() for w in range(4)}  # "from", "to", "on", "return": the next word's tag
    for words, tags in zip(task.x.tolist(), task.y.tolist(), strict=True):
        for k in range(CS_LEN - 1):
            if words[k] < 4:
                after[words[k]].add(tags[k + 1])
    assert all(len(tags) > 1 for tags in after.values())  # noisy tags (easy: a tenth of the noise)
    assert float(task.extra["word_acc"]) < 0.85
    model = make_model("cntk_slot_tagger", Recipe(), 0)
    assert isinstance(model, CNTKSlotTagger) and not model.rnn.bidirectional
    with torch.no_grad():  # one direction: a word's tag sees only the words before it
        x = task.x_val[:2].clone()
        out = model.eval()(x)
        x[:, -1] = (x[:, -1] + 1) % 8
        assert out.shape == (2, CS_LEN, len(CS_TAGS)) and torch.allclose(model(x)[:, :-1], out[:, :-1])
    case = one_case(tmp_path, "cntk_slot_tagger", "healthy")
    assert case["fault_occurred"] and case["split"] == "tuning"
    rows = [{"step": float(i), "lr": 1e-2, "loss": 1.25, "acc": 0.5, "grad_norm": 1.0} for i in range(1, 41)]
    rows[19].update(val_loss=0.5, val_acc=0.875)
    rows[39].update(val_loss=0.75, val_acc=0.75)
    text = (tmp_path / write_cntk(Logged(rows), tmp_path, "c")).read_text().splitlines()
    assert text[0] == " average      since    average      since      examples"
    assert text[3:5] == [
        "Learning rate per minibatch: 0.01",
        "     1.25       1.25        0.5        0.5          2560",
    ]
    assert text[6:8] == [
        "Finished Epoch[1 of 2]: [Training] loss = 1.250000 * 5120, metric = 50.00% * 5120 0.262s (19542.0 samples/s);",
        "Finished Evaluation [1]: Minibatch[1-8]: metric = 12.50% * 2048;",
    ]
    assert text[-1] == "Finished Evaluation [2]: Minibatch[1-8]: metric = 25.00% * 2048;"


def test_a_matlab_bilstm_hears_a_speakers_frequency_and_logs_as_train_network(tmp_path: Path) -> None:
    import torch
    from make_family_casebook import MLB_FEATS, MLB_FRAMES, Logged, MatlabBiLSTM, write_matlab

    task = make_task("matlab_bilstm", 0)
    assert task.x.shape[1:] == (MLB_FRAMES, MLB_FEATS) and float(task.extra["flat_acc"]) < 0.35
    model = make_model("matlab_bilstm", Recipe(), 0)
    assert isinstance(model, MatlabBiLSTM) and model.bilstm.bidirectional
    with torch.no_grad():
        assert model.eval()(task.x_val[:2]).shape == (2, 4)
    case = one_case(tmp_path, "matlab_bilstm", "healthy")
    assert case["fault_occurred"] and case["split"] == "tuning"
    rows = [{"step": float(i), "lr": 1e-2, "loss": 1.25, "acc": 0.5, "grad_norm": 1.0} for i in range(1, 41)]
    rows[19].update(val_loss=0.5, val_acc=0.875)
    rows[24]["loss"] = math.nan
    text = (tmp_path / write_matlab(Logged(rows), tmp_path, "m")).read_text().splitlines()
    rule = "|" + "=" * 118 + "|"
    assert text[:2] == ["Training on single CPU.", rule] and text[4] == rule
    assert text[2] == "|  Epoch  |  Iteration  |  Time Elapsed  |  Mini-batch  |  Validation  |  Mini-batch  |" \
        "  Validation  |  Base Learning  |"  # fmt: skip
    assert text[6] == "|       1 |          10 |       00:00:00 |       50.00% |              |       1.2500 |" \
        "              |          0.0100 |"  # fmt: skip
    assert text[7] == "|       1 |          20 |       00:00:01 |       50.00% |       87.50% |       1.2500 |" \
        "       0.5000 |          0.0100 |"  # fmt: skip
    assert " |          NaN |" in text[8] and text[-2:] == [rule, "Training finished: Training loss is NaN."]


def test_wav2letter_gates_its_convolutions_and_logs_as_its_train(tmp_path: Path) -> None:
    import torch
    from make_family_casebook import W2L_FEAT, W2L_FRAMES, W2L_TOKENS, Logged, Wav2Letter, w2l_error_rates, write_w2l

    task = make_task("w2l_flashlight", 0)
    assert task.x.shape[1:] == (W2L_FRAMES, W2L_FEAT)
    lengths = task.y[:, -1]
    assert int(lengths.min()) == 5 and int(lengths.max()) == 7  # two words of 2 or 3 letters and the pause between
    assert all(
        row[int(n) // 2 - 1 : int(n) // 2 + 2].tolist().count(W2L_TOKENS - 1) == 1
        for row, n in zip(task.y, lengths, strict=True)
    )
    model = make_model("w2l_flashlight", Recipe(), 0)
    assert isinstance(model, Wav2Letter) and not any(isinstance(m, torch.nn.ReLU) for m in model.modules())
    with torch.no_grad():
        assert model.eval()(task.x_val[:2]).shape == (2, W2L_FRAMES, W2L_TOKENS)
    perfect = torch.nn.functional.one_hot(torch.tensor([[1, 1, 0, 2, 9, 9, 3, 0, 4, 0]]), W2L_TOKENS).float()
    truth = torch.tensor([[1, 2, 9, 3, 4, 0, 0, 5]])
    assert w2l_error_rates(perfect, truth) == (0.0, 0.0)  # repeats merged, blanks dropped, "|" splits the words
    assert w2l_error_rates(perfect[:, :6], truth) == (40.0, 50.0)
    case = one_case(tmp_path, "w2l_flashlight", "lr_too_high")
    assert case["fault_occurred"] and case["split"] == "tuning"
    rows = [
        {"step": float(i), "lr": 3e-3, "loss": 12.5, "ter": 50.0, "wer": 100.0, "grad_norm": 1.0} for i in range(1, 41)
    ]
    rows[19].update(val_loss=10.0, val_ter=25.0, val_wer=50.0)
    rows[39].update(val_loss=math.nan, val_ter=100.0, val_wer=100.0)
    text = (tmp_path / write_w2l(Logged(rows), tmp_path, "w")).read_text().splitlines()
    assert text[0].startswith("I1205 01:00:00.000000  4242 Train.cpp:145] [Network] Sequential [input -> (0) -> ")
    assert text[1] == f"\t(0): Conv2D ({W2L_FEAT}->128, 5x1, 1,1, SAME,0, 1, 1) (with bias)"
    assert text[13].endswith("Train.cpp:496] Epoch 1 started!")
    epoch = text[14].split("] ", 1)[1].split(" | ")
    assert epoch[:3] == ["epoch:        1", "nupdates:           20", "lr: 0.003000"]
    assert epoch[11:17] == ["loss:   12.50000", "train-TER: 50.00", "train-WER: 100.00", "dev-loss:   10.00000",
                            "dev-TER: 25.00", "dev-WER: 50.00"]  # fmt: skip
    assert "dev-loss:       -nan" in text[17] and text[-1].endswith("Train.cpp:301] Saving snapshot")


def test_round_39s_families_are_built_by_default_and_hold_enough_cases_per_seed() -> None:
    assert build.__defaults__ is not None and build.__defaults__[0] == FAMILIES and len(FAMILIES) == 361
    # at least four healthy recipes each (no plain SGD for the Theano LSTM, xDeepFM, the MindSpore transformer; no easy
    # task for DoReFa-Net; no batches of 8 for DoReFa-Net, ECAPA and the transformer) and seven faults (scikit-learn's
    # log_loss clips its probabilities; the LSTM: no ReLU; DoReFa-Net's and ECAPA's batch norms undo a batch x100; the
    # others read ids)
    faults_of = faults_per_family(ROUND39_FAMILIES, FAULTY_R39, HEALTHY_R39, TRACED_R39, 7)
    weak = {"sorted_data", "random_labels", "lr_too_high", "lr_too_high_sgd", "lr_too_low", "overfitting"}
    assert all(weak <= faults_of[f] for f in ROUND39_FAMILIES)  # the debugger's weak spots among them
    assert all("log_of_zero" in faults_of[f] for f in ROUND39_FAMILIES if f != "sklearn_mlp")
    assert "log_of_zero" not in faults_of["sklearn_mlp"]  # its log_loss clips its probabilities
    assert all("dead_relu" in faults_of[f] for f in ROUND39_FAMILIES if f != "theano_lstm_imdb")
    assert "dead_relu" not in faults_of["theano_lstm_imdb"]  # no ReLU
    assert {"corrupt_batches", "deep_sigmoid"} <= faults_of["sklearn_mlp"]
    assert not any("corrupt_batches" in faults_of[f] for f in ROUND39_FAMILIES if f != "sklearn_mlp")
    assert all(SPLIT_OF[f] == "tuning" for f in ROUND39_FAMILIES)


def test_a_sklearn_mlp_reads_a_products_sign_and_a_radius_and_logs_as_its_verbose_fit(tmp_path: Path) -> None:
    import torch
    from make_family_casebook import SK_FEATS, Logged, SklearnMLP, write_sklearn

    task = make_task("sklearn_mlp", 0, easy=True)
    x, y = task.x, task.y
    truth = 2 * (x[:, 0] * x[:, 1] > 0).long() + (x[:, 2] ** 2 + x[:, 3] ** 2 > 2 * math.log(2)).long()
    assert x.shape[1:] == (SK_FEATS,) and float((truth == y).float().mean()) > 0.97  # easy: a tenth of the noise
    assert float(make_task("sklearn_mlp", 0).extra["linear_acc"]) < 0.35  # no linear map tells the class
    model = make_model("sklearn_mlp", Recipe(), 0)
    assert isinstance(model, SklearnMLP) and sum(isinstance(m, torch.nn.ReLU) for m in model.modules()) == 2
    first = model.net[0]
    w, b = first.weight.detach(), first.bias.detach()
    assert float(w.abs().max()) <= math.sqrt(6 / (SK_FEATS + 64)) and float(b.abs().max()) > 0
    stack = make_model("sklearn_mlp", Recipe(sigmoid_depth=12), 0)
    assert sum(isinstance(m, torch.nn.Sigmoid) for m in stack.modules()) == 12
    dead = make_model("sklearn_mlp", Recipe(dead_bias=-8.0), 0)
    assert float(dead.net[0].bias.detach().max()) == -8.0
    case = one_case(tmp_path, "sklearn_mlp", "healthy")
    assert case["fault_occurred"] and case["split"] == "tuning"
    rows = [{"step": float(i), "lr": 3e-3, "loss": 1.25, "acc": 0.5, "grad_norm": 1.0} for i in range(1, 61)]
    rows[19].update(val_loss=0.5, val_acc=0.875)
    rows[39].update(val_loss=0.75, val_acc=0.8125)
    rows[59].update(val_loss=0.75, val_acc=0.8125)
    text = (tmp_path / write_sklearn(Logged(rows), tmp_path, "s")).read_text().splitlines()
    assert text[:4] == ["Iteration 1, loss = 1.25000000", "Validation score: 0.875000",
                        "Iteration 2, loss = 1.25000000", "Validation score: 0.812500"]  # fmt: skip
    assert text[-2].endswith(": ConvergenceWarning: Stochastic Optimizer: Maximum iterations (3) reached and the "
                             "optimization hasn't converged yet.") and text[-1] == "  warnings.warn("  # fmt: skip
    rows[45]["loss"] = math.nan
    text = (tmp_path / write_sklearn(Logged(rows), tmp_path, "s")).read_text().splitlines()
    assert text[4] == "Iteration 3, loss = nan" and text[-1].startswith("ValueError: Solver produced non-finite")
    rows[45]["loss"] = 1.25
    stalled = [{**r, "val_acc": 0.5} if "val_acc" in r else r for r in rows * 5]
    text = (tmp_path / write_sklearn(Logged(stalled), tmp_path, "s")).read_text().splitlines()
    assert text[-1] == ("Validation score did not improve more than tol=0.000100 for 10 consecutive epochs. "
                        "Stopping.") and text[-2] == "Validation score: 0.500000"  # fmt: skip


def test_a_theano_lstm_reads_the_word_after_but_and_logs_as_lstm_py(tmp_path: Path) -> None:
    import torch
    from make_family_casebook import TH_LEN, Logged, TheanoLSTM, write_theano_lstm

    task = make_task("theano_lstm_imdb", 0)
    x = task.x
    assert x.shape[1:] == (TH_LEN,) and set(task.y.unique().tolist()) == {0, 1}
    assert bool(((x == 1).sum(1) == 1).all())  # one "but" a review
    positive, negative = ((x >= 2) & (x <= 5)).sum(1), ((x >= 6) & (x <= 9)).sum(1)
    assert bool((positive == 1).all() and (negative == 1).all())  # one word of each polarity: no bag of words tells
    assert float(task.extra["bow_acc"]) < 0.6 and task.extra["test_x"].shape == (256, TH_LEN)
    model = make_model("theano_lstm_imdb", Recipe(), 0)
    assert isinstance(model, TheanoLSTM) and not any(isinstance(m, torch.nn.ReLU) for m in model.modules())
    with torch.no_grad():  # its states' mean over the review: reversing the LSTM's input order changes its answer
        assert model.eval()(x[:2]).shape == (2, 2)
    case = one_case(tmp_path, "theano_lstm_imdb", "healthy")
    assert case["fault_occurred"] and case["split"] == "tuning"
    rows = [{"step": float(i), "lr": 1e-2, "loss": 0.6931472, "acc": 0.5, "grad_norm": 1.0} for i in range(1, 121)]
    for k in (19, 39, 59, 79, 99, 119):
        rows[k].update(val_loss=0.5, val_acc=0.75, val_test_acc=0.734375, val_train_acc=0.8125)
    text = (tmp_path / write_theano_lstm(Logged(rows), tmp_path, "t")).read_text().splitlines()
    assert text[0].startswith("model options {'dim_proj': 64, 'patience': 10, ") and "<function adam at " in text[0]
    assert text[1:7] == ["Loading data", "Building model", "Optimization", "3072 train examples",
                         "256 valid examples", "256 test examples"]  # fmt: skip
    assert text[7:10] == ["Epoch  0 Update  10 Cost  0.6931472", "Epoch  0 Update  20 Cost  0.6931472",
                          "Train  0.1875 Valid  0.25 Test  0.265625"]  # fmt: skip
    assert "Seen 3072 samples" in text and text[-2].startswith("The code run for 2 epochs, with ")
    assert text[-3] == "Train  0.1875 Valid  0.25 Test  0.265625" and text[-1].startswith("Training took ")
    rows[64]["loss"] = math.nan
    text = (tmp_path / write_theano_lstm(Logged(rows), tmp_path, "t")).read_text().splitlines()
    assert text[-3:] == ["Epoch  0 Update  60 Cost  0.6931472", "Train  0.1875 Valid  0.25 Test  0.265625",
                         "bad cost detected:  nan"]  # fmt: skip


def test_dorefa_net_binarises_its_weights_and_logs_as_tensorpack(tmp_path: Path) -> None:
    import torch
    from make_family_casebook import DF_SIDE, DoReFaConv, DoReFaNet, Logged, df_activate, write_tensorpack

    task = make_task("dorefa_tensorpack", 0)
    assert task.x.shape[1:] == (1, DF_SIDE, DF_SIDE) and float(task.extra["pixel_acc"]) < 0.5
    model = make_model("dorefa_tensorpack", Recipe(), 0)
    assert isinstance(model, DoReFaNet)
    convs = [m for m in model.modules() if isinstance(m, DoReFaConv)]
    assert len(convs) == 4 and all(c.bias is None for c in convs)
    conv = convs[0]
    h = torch.rand(2, conv.in_channels, 6, 6)
    w = conv.weight.detach()
    binary = torch.sign(w) * w.abs().mean()  # 1 bit: sign(w) x E|w|
    expected = torch.nn.functional.conv2d(h, binary, None, 1, 1)
    assert torch.allclose(conv(h), expected, atol=1e-5)
    levels = df_activate(torch.linspace(-2, 2, 101)).unique().tolist()
    assert [round(v, 4) for v in levels] == [0.0, 0.3333, 0.6667, 1.0]  # clipped to [0, 1], 2 bits
    with torch.no_grad():
        assert model.eval()(task.x_val[:2]).shape == (2, 4)
    dead = make_model("dorefa_tensorpack", Recipe(dead_bias=-8.0), 0)
    assert float(dead.conv0.bias.detach().max()) == -8.0  # conv0's clipped activations dead
    case = one_case(tmp_path, "dorefa_tensorpack", "lr_too_low")
    assert case["fault_occurred"] and case["split"] == "tuning"
    rows = [
        {"step": float(i), "lr": 6e-3, "loss": 1.5, "acc": 0.5, "cross_entropy_loss": 1.5, "wd_cost": 1e-7,
         "grad_norm": 1.0}
        for i in range(1, 41)
    ]  # fmt: skip
    rows[19].update(val_loss=1.25, val_acc=0.75)
    rows[39].update(val_loss=math.nan, val_acc=0.25)
    text = (tmp_path / write_tensorpack(Logged(rows), tmp_path, "d")).read_text().splitlines()
    assert text[0] == "[1205 01:00:00 @logger.py:90] Argv: ./svhn-digit-dorefa.py --dorefa 1,2,32"
    assert text[1] == "[1205 01:00:00 @svhn-digit-dorefa.py:52] Binarizing weight conv1/W"
    at = text.index("[1205 01:00:00 @base.py:275] Start Epoch 1 ...")
    assert text[at + 1] == "100%|##########|20/20[00:01<00:00,19.12it/s]"
    assert text[at + 2] == "[1205 01:00:01 @base.py:285] Epoch 1 (global_step 20) finished, time:1.05 seconds."
    assert [line.split("] ", 1)[1] for line in text[at + 4 : at + 13]] == [
        "QueueInput/queue_size: 50", "cost: 1.5", "cross_entropy_loss: 1.5", "lr: 0.006", "train_error: 0.5",
        "validation_cost: 1.25", "validation_error: 0.25", "wd_cost: 1e-07",
        "Start Epoch 2 ...",
    ]  # fmt: skip
    assert text[-2].endswith("validation_error: 0.75") and text[-3].endswith("validation_cost: nan")


def test_xdeepfm_compresses_field_interactions_and_logs_as_recommenders(tmp_path: Path) -> None:
    import torch
    from make_family_casebook import XD_CARDS, Logged, XDeepFM, write_recommenders

    task = make_task("xdeepfm_recommenders", 0)
    assert task.x.shape[1:] == (len(XD_CARDS),) and set(task.y.unique().tolist()) == {0.0, 1.0}
    assert all(int(task.x[:, j].max()) == c - 1 for j, c in enumerate(XD_CARDS))
    assert float(task.extra["linear_auc"]) + 0.1 < float(task.extra["true_auc"])  # interactions a linear model misses
    model = make_model("xdeepfm_recommenders", Recipe(), 0)
    assert isinstance(model, XDeepFM) and [c.kernel_size for c in model.cin] == [(1,), (1,)]
    assert model.cin[0].in_channels == len(XD_CARDS) ** 2 and model.cin[1].in_channels == 8 * len(XD_CARDS)
    with torch.no_grad():
        assert model.eval()(task.x_val[:3]).shape == (3,) and float(model.penalty()) > 0
    case = one_case(tmp_path, "xdeepfm_recommenders", "healthy")
    assert case["fault_occurred"] and case["split"] == "tuning"
    rows = [{"step": float(i), "lr": 1e-2, "loss": 0.75, "data_loss": 0.625, "grad_norm": 1.0} for i in range(1, 41)]
    rows[19].update(val_loss=0.56789, val_auc=0.71234)
    rows[29]["loss"] = math.nan
    rows[39].update(val_loss=math.nan, val_auc=0.5)
    text = (tmp_path / write_recommenders(Logged(rows), tmp_path, "x")).read_text().splitlines()
    assert text[:6] == [
        "step 10 , total_loss: 0.7500, data_loss: 0.6250", "step 20 , total_loss: 0.7500, data_loss: 0.6250",
        "at epoch 1", "train info: logloss loss:0.75", "eval info: auc:0.7123, logloss:0.5679",
        "at epoch 1 , train time: 1.0 eval time: 0.1",
    ]  # fmt: skip
    assert text[6] == "step 10 , total_loss: nan, data_loss: 0.6250" and text[-1] == "ValueError: Input contains NaN."


def test_ecapa_pools_attentive_statistics_and_logs_as_speechbrain(tmp_path: Path) -> None:
    import torch
    from make_family_casebook import EC_FEATS, EC_FRAMES, ECAPA, Logged, SERes2Block, write_speechbrain_log

    task = make_task("ecapa_speechbrain", 0)
    assert task.x.shape[1:] == (EC_FRAMES, EC_FEATS) and float(task.extra["mean_acc"]) < 0.4
    model = make_model("ecapa_speechbrain", Recipe(), 0)
    assert isinstance(model, ECAPA) and sum(isinstance(m, SERes2Block) for m in model.modules()) == 2
    with torch.no_grad():
        assert model.eval()(task.x_val[:2]).shape == (2, 4)
        assert model(torch.cat([task.x_val[:2], task.x_val[:2]], 1)).shape == (2, 4)  # pooled over any length
    dead = make_model("ecapa_speechbrain", Recipe(dead_bias=-8.0), 0)
    assert float(dead.block0.conv.bias.detach().max()) == -8.0
    case = one_case(tmp_path, "ecapa_speechbrain", "lr_too_low")
    assert case["fault_occurred"] and case["split"] == "tuning"
    rows = [{"step": float(i), "lr": 3e-3, "loss": 1.25, "acc": 0.5, "grad_norm": 1.0} for i in range(1, 61)]
    rows[19].update(val_loss=0.5, val_acc=0.765)
    rows[39].update(val_loss=1.5, val_acc=0.5)
    rows[59].update(val_loss=1.5, val_acc=0.5)
    for k in (41, 43, 45, 47):
        rows[k]["loss"] = math.nan
    rows[30]["loss"] = 0.25
    text = (tmp_path / write_speechbrain_log(Logged(rows), tmp_path, "e")).read_text().splitlines()
    assert text[0] == "2026-12-05 01:00:00,000 - speechbrain.core - INFO - Beginning experiment!"
    assert text[2].endswith(" - speechbrain.core - INFO - 23.2k trainable parameters in SpkIdBrain")
    assert text[3] == ("2026-12-05 01:00:00,624 - speechbrain.utils.train_logger - INFO - epoch: 1, lr: 3.00e-03 - "
                       "train loss: 1.25 - valid loss: 5.00e-01, valid error: 2.35e-01")  # fmt: skip
    assert text[4].endswith(" - speechbrain.utils.checkpoints - INFO - Saved an end-of-epoch checkpoint in "
                            "results/speaker_id/1986/save/CKPT+2026-12-05+01-00-00+00")  # fmt: skip
    assert text[5].endswith("epoch: 2, lr: 3.00e-03 - train loss: 1.20 - valid loss: 1.50, valid error: 5.00e-01")
    assert text[7].endswith(" - speechbrain.core - WARNING - Loss is tensor(nan, grad_fn=<DivBackward0>).")
    assert text[8].endswith(" - WARNING - Patience not yet exhausted, ignoring this batch.")
    assert text[-8].endswith(" - speechbrain.core - ERROR - Exception:") and text[-1] == "\tbrain.fit(...)"


def test_a_mindspore_transformer_finds_two_markers_and_logs_as_loss_monitor(tmp_path: Path) -> None:
    import torch
    from make_family_casebook import MSP_LEN, Logged, MSTransformer, write_mindspore

    task = make_task("mindspore_transformer", 0, easy=True)
    x, y = task.x, task.y
    first = (x == 1).float().argmax(1) < (x == 2).float().argmax(1)
    assert bool(((x == 1).sum(1) == 1).all() and ((x == 2).sum(1) == 1).all())
    assert float(((y // 2) == first.long()).float().mean()) > 0.97  # the class's high bit: which marker comes first
    assert float(make_task("mindspore_transformer", 0).extra["bow_acc"]) < 0.35
    model = make_model("mindspore_transformer", Recipe(), 0)
    assert isinstance(model, MSTransformer) and not model.encoder.layers[0].norm_first  # post-norm
    with torch.no_grad():
        assert model.eval()(x[:2]).shape == (2, 4) and x.shape[1:] == (MSP_LEN,)
    case = one_case(tmp_path, "mindspore_transformer", "lr_too_low")
    assert case["fault_occurred"] and case["split"] == "tuning"
    rows = [{"step": float(i), "lr": 6e-3, "loss": 1.3862944, "acc": 0.5, "grad_norm": 1.0} for i in range(1, 41)]
    rows[19].update(val_loss=0.5, val_acc=0.875)
    rows[39].update(val_loss=math.nan, val_acc=0.25)
    rows[26]["loss"] = math.inf
    text = (tmp_path / write_mindspore(Logged(rows), tmp_path, "m")).read_text().splitlines()
    assert text[0] == "epoch: 1 step: 1, loss is 1.3862944" and text[19] == "epoch: 1 step: 20, loss is 1.3862944"
    assert text[20:22] == ["epoch time: 1234.573 ms, per step time: 61.729 ms",
                           "============== Accuracy:{'Accuracy': 0.875} =============="]  # fmt: skip
    assert text[22] == "epoch: 2 step: 1, loss is 1.3862944"
    assert text[-1] == "ValueError: epoch: 2 step: 7. Invalid loss, terminating training."


def test_round_40s_families_are_built_by_default_and_hold_enough_cases_per_seed() -> None:
    assert build.__defaults__ is not None and build.__defaults__[0] == FAMILIES and len(FAMILIES) == 361
    # at least four healthy recipes each (no easy task for RevNet; no batches of 8 for the Wide ResNet, the Flax CNN,
    # RevNet) and six faults (DL4J's LSTM: no ReLU, its MCXENT clips its softmax, its gates saturate on a batch x100;
    # the Wide ResNet's and RevNet's batch norms undo a batch x100; DPCNN reads ids)
    faults_of = faults_per_family(ROUND40_FAMILIES, FAULTY_R40, HEALTHY_R40, TRACED_R40, 6)
    weak = {"sorted_data", "random_labels", "lr_too_high", "lr_too_high_sgd", "lr_too_low", "overfitting"}
    assert all(weak <= faults_of[f] for f in ROUND40_FAMILIES)  # the debugger's weak spots among them
    assert all({"log_of_zero", "dead_relu"} <= faults_of[f] for f in ROUND40_FAMILIES if f != "dl4j_lstm_uci")
    assert not {"log_of_zero", "dead_relu"} & faults_of["dl4j_lstm_uci"]  # a clipped softmax, no ReLU
    with_corrupt = {f for f in ROUND40_FAMILIES if "corrupt_batches" in faults_of[f]}
    assert with_corrupt == {"flax_cnn", "jax_stax_mlp"}
    assert "deep_sigmoid" in faults_of["jax_stax_mlp"]
    assert all(SPLIT_OF[f] == "tuning" for f in ROUND40_FAMILIES)


def test_a_wide_resnet_tells_an_ls_turn_and_logs_as_poutyne(tmp_path: Path) -> None:
    import torch
    from make_family_casebook import WRP_SIDE, Logged, WideResNet, WRNBlock, write_poutyne

    task = make_task("wrn_poutyne", 0)
    assert task.x.shape[1:] == (3, WRP_SIDE, WRP_SIDE) and float(task.extra["pixel_acc"]) < 0.4
    model = make_model("wrn_poutyne", Recipe(), 0)
    assert isinstance(model, WideResNet) and sum(isinstance(m, WRNBlock) for m in model.modules()) == 3
    blocks = [m for m in model.modules() if isinstance(m, WRNBlock)]
    assert [b.conv1.out_channels for b in blocks] == [16, 32, 64]  # widened x2
    assert all(m.bias is None for m in model.modules() if isinstance(m, torch.nn.Conv2d))
    with torch.no_grad():
        assert model.eval()(task.x_val[:2]).shape == (2, 4)
    dead = make_model("wrn_poutyne", Recipe(dead_bias=-8.0), 0)
    shifted = [m.bias for m in dead.modules() if isinstance(m, torch.nn.BatchNorm2d)]
    assert len(shifted) == 7 and all(float(b.detach().max()) == -8.0 for b in shifted)  # its ReLUs dead
    case = one_case(tmp_path, "wrn_poutyne", "lr_too_low")
    assert case["fault_occurred"] and case["split"] == "tuning"
    rows = [{"step": float(i), "lr": 3e-3, "loss": 1.25, "acc": 0.5, "grad_norm": 1.0} for i in range(1, 41)]
    rows[19].update(val_loss=0.5, val_acc=0.875)
    rows[39].update(val_loss=math.nan, val_acc=0.25)
    rows[25]["loss"] = math.nan
    with (tmp_path / write_poutyne(Logged(rows), tmp_path, "w")).open(newline="") as f:
        text = f.read().split("\n")
    steps = text[0].split("\r")
    assert len(text) == 3 and text[2] == "" and steps[0] == "" and len(steps) == 22
    assert steps[1] == "Epoch: 1/2 Step:  1/20   5.00% |\u2588" + " " * 19 + "|ETA: 0.97s loss: 1.250000 acc: 50.000000"
    end = "Epoch: 1/2 Train steps: 20 Val steps: 8 1.12s loss: 1.250000 acc: 50.000000 val_loss: 0.500000 val_acc: "
    assert steps[21] == end + "87.500000"
    second = text[1].split("\r")
    assert second[6].endswith("|ETA: 0.71s loss: nan acc: 50.000000     ")  # padded over the longer line before
    assert second[21].endswith("loss: nan acc: 50.000000 val_loss: nan val_acc: 25.000000")


def test_a_dl4j_lstm_tells_control_charts_and_logs_as_its_listeners(tmp_path: Path) -> None:
    import torch
    from make_family_casebook import DJ_HIDDEN, DJ_LEN, DL4JLSTM, Logged, write_dl4j

    task = make_task("dl4j_lstm_uci", 0, easy=True)
    x, y = task.x, task.y
    assert x.shape[1:] == (DJ_LEN, 1) and abs(float(x.mean())) < 0.1  # standardised
    rise = x[:, -5:, 0].mean(1) - x[:, :5, 0].mean(1)
    assert float(rise[y == 2].mean()) > float(rise[y == 0].abs().mean()) + 0.5  # a trend rises, a normal chart does not
    assert float(make_task("dl4j_lstm_uci", 0).extra["series_acc"]) < 0.75
    model = make_model("dl4j_lstm_uci", Recipe(), 0)
    assert isinstance(model, DL4JLSTM) and not any(isinstance(m, torch.nn.ReLU) for m in model.modules())
    biases = dict(model.lstm.named_parameters())
    forget = (biases["bias_hh_l0"] + biases["bias_ih_l0"])[DJ_HIDDEN : 2 * DJ_HIDDEN]
    assert bool((forget == 1.0).all())  # its forgetGateBiasInit
    with torch.no_grad():
        assert model.eval()(x[:2]).shape == (2, 4)
    case = one_case(tmp_path, "dl4j_lstm_uci", "healthy")
    assert case["fault_occurred"] and case["split"] == "tuning"
    rows = [{"step": float(i), "lr": 3e-3, "loss": 1.25, "acc": 0.5, "grad_norm": 1.0} for i in range(1, 41)]
    rows[19].update(val_loss=0.5, val_acc=0.625, val_f1=0.6)
    rows[39].update(val_loss=math.nan, val_acc=0.25, val_f1=0.1)
    rows[20]["loss"] = math.nan
    text = (tmp_path / write_dl4j(Logged(rows), tmp_path, "d")).read_text().splitlines()
    me = "o.d.e.r.s.UCISequenceClassificationExample - "
    assert text[0] == "o.n.l.f.Nd4jBackend - Loaded [CpuBackend] backend" and text[5] == me + "Starting training..."
    assert text[6:] == [
        "o.d.o.l.ScoreIterationListener - Score at iteration 0 is 1.25",
        me + "Test set evaluation at epoch 0: Accuracy = 0.63, F1 = 0.60",  # Java's half up
        "o.d.o.l.ScoreIterationListener - Score at iteration 20 is NaN",
        me + "Test set evaluation at epoch 1: Accuracy = 0.25, F1 = 0.10",
        me + "----- Example Complete -----",
    ]


def test_the_flax_cnn_reads_a_glyph_anywhere_and_logs_as_the_flax_example(tmp_path: Path) -> None:
    import torch
    from make_family_casebook import FX_SIDE, FlaxCNN, Logged, write_flax

    task = make_task("flax_cnn", 0)
    assert task.x.shape[1:] == (1, FX_SIDE, FX_SIDE) and float(task.extra["pixel_acc"]) < 0.4
    model = make_model("flax_cnn", Recipe(), 0)
    assert isinstance(model, FlaxCNN) and [model.conv1.out_channels, model.conv2.out_channels] == [32, 64]
    bias = model.conv1.bias
    assert model.dense1.out_features == 256 and bias is not None and float(bias.detach().abs().max()) == 0.0
    with torch.no_grad():
        assert model.eval()(task.x_val[:2]).shape == (2, 4)
    dead = make_model("flax_cnn", Recipe(dead_bias=-8.0), 0)
    assert isinstance(dead, FlaxCNN) and dead.conv1.bias is not None and float(dead.conv1.bias.detach().max()) == -8.0
    case = one_case(tmp_path, "flax_cnn", "lr_too_low")
    assert case["fault_occurred"] and case["split"] == "tuning"
    rows = [{"step": float(i), "lr": 3e-3, "loss": 1.25, "acc": 0.5, "grad_norm": 1.0} for i in range(1, 41)]
    rows[19].update(val_loss=0.5, val_acc=0.875)
    rows[39].update(val_loss=math.nan, val_acc=0.25)
    rows[25]["loss"] = math.nan
    text = (tmp_path / write_flax(Logged(rows), tmp_path, "f")).read_text().splitlines()
    assert text[0] == "I1205 01:00:00.000000 139872034526016 main.py:52] JAX process: 0 / 1"
    assert text[2] == ("I1205 01:00:00.780099 139872034526016 train.py:148] epoch:  1, train_loss: 1.2500, "
                       "train_accuracy: 50.00, test_loss: 0.5000, test_accuracy: 87.50")  # fmt: skip
    assert text[3].endswith("] epoch:  2, train_loss: nan, train_accuracy: 50.00, test_loss: nan, test_accuracy: 25.00")


def test_a_stax_mlp_learns_a_quadrant_xor_and_logs_as_the_jax_example(tmp_path: Path) -> None:
    import torch
    from make_family_casebook import STX_SIDE, Logged, StaxMLP, write_stax

    task = make_task("jax_stax_mlp", 0, easy=True)
    assert task.x.shape[1:] == (STX_SIDE**2,) and float(make_task("jax_stax_mlp", 0).extra["pixel_acc"]) < 0.55
    q = task.x.view(-1, 2, STX_SIDE // 2, 2, STX_SIDE // 2).mean((2, 4))
    high = ((q[:, 0, 0] > q[:, 0, 1]) == (q[:, 1, 0] > q[:, 1, 1])).long()
    assert float((high == task.y // 2).float().mean()) > 0.95  # the class's high bit: the quadrants' XOR
    model = make_model("jax_stax_mlp", Recipe(), 0)
    assert isinstance(model, StaxMLP) and sum(isinstance(m, torch.nn.ReLU) for m in model.modules()) == 2
    stack = make_model("jax_stax_mlp", Recipe(sigmoid_depth=12), 0)
    assert sum(isinstance(m, torch.nn.Sigmoid) for m in stack.modules()) == 12
    case = one_case(tmp_path, "jax_stax_mlp", "healthy")
    assert case["fault_occurred"] and case["split"] == "tuning"
    rows = [{"step": float(i), "lr": 1e-3, "loss": 1.25, "acc": 0.5, "grad_norm": 1.0} for i in range(1, 41)]
    rows[19].update(val_loss=0.5, val_acc=0.875, val_train_acc=0.90625)
    rows[39].update(val_loss=math.nan, val_acc=0.25, val_train_acc=0.2578125)
    text = (tmp_path / write_stax(Logged(rows), tmp_path, "s")).read_text().splitlines()
    assert text == ["", "Starting training...", "Epoch 0 in 0.52 sec", "Training set accuracy 0.90625",
                    "Test set accuracy 0.875", "Epoch 1 in 0.52 sec", "Training set accuracy 0.2578125",
                    "Test set accuracy 0.25"]  # fmt: skip
    assert "loss" not in " ".join(text)  # no loss at all


def test_revnet_inverts_its_blocks_and_logs_as_the_orbit_controller(tmp_path: Path) -> None:
    import torch
    from make_family_casebook import RVN_SIDE, Logged, ReversibleBlock, RevNet, write_orbit

    task = make_task("revnet_tfm", 0)
    assert task.x.shape[1:] == (1, RVN_SIDE, RVN_SIDE) and float(task.extra["pixel_acc"]) < 0.45
    model = make_model("revnet_tfm", Recipe(), 0)
    assert isinstance(model, RevNet) and sum(isinstance(m, ReversibleBlock) for m in model.modules()) == 2
    block = model.stage1.eval()
    with torch.no_grad():
        h = torch.randn(2, 16, 6, 6)
        assert torch.allclose(block.inverse(block(h)), h, atol=1e-5)  # reversible: its input from its output
        assert model.eval()(task.x_val[:2]).shape == (2, 4)
    dead = make_model("revnet_tfm", Recipe(dead_bias=-8.0), 0)
    assert isinstance(dead, RevNet) and float(dead.norm.bias.detach().max()) == -8.0  # its batch norms shifted
    case = one_case(tmp_path, "revnet_tfm", "lr_too_low")
    assert case["fault_occurred"] and case["split"] == "tuning"
    rows = [{"step": float(i), "lr": 1e-2, "loss": 1.25, "acc": 0.5, "top_k_acc": 0.75, "grad_norm": 1.0}
            for i in range(1, 41)]  # fmt: skip
    rows[19].update(val_loss=0.5, val_acc=0.875, val_top_k_acc=1.0)
    rows[39].update(val_loss=math.nan, val_acc=0.25, val_top_k_acc=0.5)
    text = (tmp_path / write_orbit(Logged(rows), tmp_path, "r")).read_text().splitlines()
    at = next(i for i, line in enumerate(text) if "train | step:     20 |" in line)
    assert text[at].endswith("controller.py:503] train | step:     20 | steps/sec:   19.5 | output: ")
    assert text[at + 1 : at + 5] == ["    {'learning_rate': 0.01,", "     'top_1_accuracy': 0.5,",
                                     "     'top_2_accuracy': 0.75,", "     'training_loss': 1.25}"]  # fmt: skip
    assert text[at + 5].endswith("]  eval | step:     20 | running complete evaluation...")
    assert text[at + 6].endswith("]  eval | step:     20 | eval time:    0.4 sec | output: ")
    assert text[at + 10] == "     'validation_loss': 0.5}" and text[-2] == "     'validation_loss': nan}"
    assert text[-1].endswith("controller.py:590] saved checkpoint to ./model_dir/ckpt-40.")


def test_dpcnn_reads_the_phrases_order_and_logs_as_the_text_classification_tutorial(tmp_path: Path) -> None:
    import torch
    from make_family_casebook import DPC_LEN, DPCNN, Logged, write_torchtext

    task = make_task("dpcnn_text", 0)
    x = task.x
    assert x.shape[1:] == (DPC_LEN,) and all(bool(((x == w).sum(1) == 1).all()) for w in (1, 2, 3, 4))
    assert float(task.extra["bow_acc"]) < 0.35 and task.extra["test_x"].shape == (256, DPC_LEN)
    model = make_model("dpcnn_text", Recipe(), 0)
    assert isinstance(model, DPCNN) and model.region.kernel_size == (3,)
    with torch.no_grad():
        assert model.eval()(x[:2]).shape == (2, 4)
    case = one_case(tmp_path, "dpcnn_text", "healthy")
    assert case["fault_occurred"] and case["split"] == "tuning"
    rows = [{"step": float(i), "lr": 3e-3, "loss": 1.25, "acc": 0.5, "grad_norm": 1.0} for i in range(1, 41)]
    rows[0]["acc"] = 1.0
    rows[19].update(val_loss=0.5, val_acc=0.875)
    rows[39].update(val_loss=math.nan, val_acc=0.25, val_test_acc=0.3125)
    text = (tmp_path / write_torchtext(Logged(rows), tmp_path, "t")).read_text().splitlines()
    assert text[:6] == ["| epoch   1 |     5/   20 batches | accuracy    0.583",  # batches 0 to 5
                        "| epoch   1 |    10/   20 batches | accuracy    0.500",
                        "| epoch   1 |    15/   20 batches | accuracy    0.500", "-" * 59,
                        "| end of epoch   1 | time:  0.82s | valid accuracy    0.875 ", "-" * 59]  # fmt: skip
    assert text[-2:] == ["Checking the results of test dataset.", "test accuracy    0.312"]
    assert "loss" not in " ".join(text)  # no loss at all


def test_round_41s_families_are_built_by_default_and_hold_enough_cases_per_seed() -> None:
    assert build.__defaults__ is not None and build.__defaults__[0] == FAMILIES and len(FAMILIES) == 361
    # at least four healthy recipes each (no plain SGD for the HAR LSTM; no batches of 8 for the DeepSpeed Net and the
    # DAN) and five faults (nnU-Net: LeakyReLUs cannot die, its instance norms take x300 Adam and undo a batch x100, its
    # 24 images hold its negative loss; the tagger and the DAN read ids; RepVGG's batch norms undo a batch x100, the HAR
    # LSTM's gates saturate on it)
    faults_of = faults_per_family(ROUND41_FAMILIES, FAULTY_R41, HEALTHY_R41, TRACED_R41, 5)
    weak = {"sorted_data", "random_labels", "lr_too_high_sgd", "lr_too_low", "log_of_zero"}
    assert all(weak <= faults_of[f] for f in ROUND41_FAMILIES)  # the debugger's weak spots among them
    assert all(
        {"overfitting", "dead_relu", "lr_too_high"} <= faults_of[f] for f in ROUND41_FAMILIES if f != "nnunet_2d"
    )
    assert not {"overfitting", "dead_relu", "lr_too_high", "corrupt_batches"} & faults_of["nnunet_2d"]
    assert {f for f in ROUND41_FAMILIES if "corrupt_batches" in faults_of[f]} == {"deepspeed_cifar_net"}
    assert {f for f in ROUND41_FAMILIES if "deep_sigmoid" in faults_of[f]} == {"deepspeed_cifar_net", "dan_paddle"}
    assert all(SPLIT_OF[f] == "tuning" for f in ROUND41_FAMILIES)


def test_repvgg_folds_its_branches_into_one_convolution_and_logs_as_mmpretrain(tmp_path: Path) -> None:
    import torch
    from make_family_casebook import RPV_SIDE, Logged, RepVGG, RepVGGBlock, write_mmpretrain

    task = make_task("repvgg_mmpretrain", 0)
    assert task.x.shape[1:] == (3, RPV_SIDE, RPV_SIDE) and float(task.extra["pixel_acc"]) < 0.45
    model = make_model("repvgg_mmpretrain", Recipe(), 0)
    assert isinstance(model, RepVGG) and sum(isinstance(m, RepVGGBlock) for m in model.modules()) == 5
    assert all(m.bias is None for m in model.modules() if isinstance(m, torch.nn.Conv2d))
    block = model.stages[0]
    assert isinstance(block, RepVGGBlock) and block.identity is not None  # its identity branch where the shape holds
    with torch.no_grad():
        for m in block.modules():  # running statistics of their own: the fold reads them
            if isinstance(m, torch.nn.BatchNorm2d):
                assert m.running_mean is not None and m.running_var is not None
                m.running_mean.uniform_(-0.5, 0.5)
                m.running_var.uniform_(0.5, 2.0)
                m.weight.uniform_(0.5, 1.5)
                m.bias.uniform_(-0.5, 0.5)
        block.eval()
        h = torch.randn(2, 16, 6, 6)
        assert torch.allclose(torch.relu(block.fused()(h)), block(h), atol=1e-5)  # one 3 x 3 convolution deployed
        assert model.eval()(task.x_val[:2]).shape == (2, 4)
    dead = make_model("repvgg_mmpretrain", Recipe(dead_bias=-8.0), 0)
    shifted = [m.bias for m in dead.modules() if isinstance(m, torch.nn.BatchNorm2d)]
    assert len(shifted) == 12 and all(float(b.detach().max()) == -8.0 for b in shifted)  # its ReLUs dead
    case = one_case(tmp_path, "repvgg_mmpretrain", "lr_too_low")
    assert case["fault_occurred"] and case["split"] == "tuning"
    rows = [{"step": float(i), "lr": 3e-3, "loss": 1.25, "acc": 0.5, "grad_norm": 1.0} for i in range(1, 41)]
    rows[19].update(val_loss=0.5, val_acc=0.875)
    rows[39].update(val_loss=math.nan, val_acc=0.25)
    rows[25]["loss"] = math.nan
    text = (tmp_path / write_mmpretrain(Logged(rows), tmp_path, "r")).read_text().splitlines()
    head = "2026/12/05 01:00:00 - mmengine - INFO - "
    assert text[1] == head + ("Epoch(train) [1][ 5/20]  lr: 3.0000e-03  eta: 0:00:01  time: 0.0513  data_time: 0.0021  "
                              "loss: 1.2500")  # fmt: skip
    assert text[5:7] == ["2026/12/05 01:00:01 - mmengine - INFO - Saving checkpoint at 1 epochs",
                         "2026/12/05 01:00:01 - mmengine - INFO - Epoch(val) [1][8/8]    accuracy/top1: 87.5000  "
                         "data_time: 0.0019  time: 0.0102"]  # fmt: skip
    assert text[8].endswith("Epoch(train) [2][10/20]  lr: 3.0000e-03  eta: 0:00:00  time: 0.0513  data_time: 0.0021  "
                            "loss: nan")  # fmt: skip
    assert text[-1].endswith(" - mmengine - INFO - Epoch(val) [2][8/8]    accuracy/top1: 25.0000  data_time: 0.0019  "
                             "time: 0.0102")  # fmt: skip


def test_stanzas_tagger_reads_its_neighbours_and_logs_as_stanza(tmp_path: Path) -> None:
    import torch
    from make_family_casebook import STZ_LEN, STZ_TAG_WORDS, STZ_VOCAB, Logged, StanzaTagger, write_stanza

    task = make_task("stanza_tagger", 0)
    x, y = task.x, task.y
    assert x.shape[1:] == (STZ_LEN,) and y.shape == x.shape and int(x.max()) < STZ_VOCAB
    own = x < 5 + 4 * STZ_TAG_WORDS
    assert bool(((x[own] - 5) // STZ_TAG_WORDS == y[own]).all())  # a word of its tag's own tells it
    assert 0.3 < float((~own).float().mean()) < 0.5 and float(task.extra["word_acc"]) < 0.75  # shared words: context
    model = make_model("stanza_tagger", Recipe(), 0)
    assert isinstance(model, StanzaTagger) and model.lstm.bidirectional
    with torch.no_grad():
        assert model.eval()(x[:2]).shape == (2, STZ_LEN, 4)
    dead = make_model("stanza_tagger", Recipe(dead_bias=-8.0), 0)
    assert isinstance(dead, StanzaTagger) and float(dead.upos_hid.bias.detach().max()) == -8.0
    case = one_case(tmp_path, "stanza_tagger", "healthy")
    assert case["fault_occurred"] and case["split"] == "tuning"
    rows = [{"step": float(i), "lr": 3e-3, "loss": 1.25, "acc": 0.5, "grad_norm": 1.0} for i in range(1, 41)]
    rows[19].update(val_loss=0.5, val_acc=0.875)
    rows[39].update(val_loss=math.nan, val_acc=0.25)
    rows[25]["loss"] = math.nan
    text = (tmp_path / write_stanza(Logged(rows), tmp_path, "s")).read_text().splitlines()
    assert text[:2] == [
        "2026-12-05 01:00:00 INFO: Training tagger...",
        "2026-12-05 01:00:00 INFO: Finished STEP 5/40, loss = 1.250000 (0.041 sec/batch), lr: 0.003000",
    ]
    assert text[5:8] == ["2026-12-05 01:00:00 INFO: Evaluating on dev set...",
                         "2026-12-05 01:00:01 INFO: step 20: train_loss = 1.250000, dev_score = 0.8750",
                         "2026-12-05 01:00:01 INFO: new best model saved."]  # fmt: skip
    assert text[-3].endswith("INFO: step 40: train_loss = nan, dev_score = 0.2500")  # no new best
    assert text[-2:] == ["2026-12-05 01:00:02 INFO: Training ended with 40 steps.",
                         "2026-12-05 01:00:02 INFO: Best dev F1 = 87.50, at iteration = 20"]  # fmt: skip


def test_the_deepspeed_cifar_net_tells_shapes_and_logs_as_deepspeed(tmp_path: Path) -> None:
    import torch
    from make_family_casebook import DSPD_CLASSES, DSPD_SIDE, DeepSpeedNet, Logged, write_deepspeed

    task = make_task("deepspeed_cifar_net", 0)
    assert task.x.shape[1:] == (3, DSPD_SIDE, DSPD_SIDE) and float(task.extra["pixel_acc"]) < 0.45
    model = make_model("deepspeed_cifar_net", Recipe(), 0)
    assert isinstance(model, DeepSpeedNet) and [model.conv1.out_channels, model.conv2.out_channels] == [6, 16]
    assert model.conv1.kernel_size == (5, 5) and sum(isinstance(m, torch.nn.ReLU) for m in model.modules()) == 2
    with torch.no_grad():
        assert model.eval()(task.x_val[:2]).shape == (2, 4)
    stack = make_model("deepspeed_cifar_net", Recipe(sigmoid_depth=12), 0)
    assert sum(isinstance(m, torch.nn.Sigmoid) for m in stack.modules()) == 12
    case = one_case(tmp_path, "deepspeed_cifar_net", "corrupt_batches")
    assert case["fault_occurred"] and case["split"] == "tuning"
    rows = [{"step": float(i), "lr": 3e-3, "loss": 1.25, "acc": 0.5, "grad_norm": 1.0} for i in range(1, 41)]
    rows[19].update(val_loss=0.5, val_acc=0.875)
    rows[39].update(val_loss=math.nan, val_acc=0.2578125)
    rows[39].update({f"val_acc_{name}": share for name, share in zip(DSPD_CLASSES, (0.5, 0.0, 0.25, 0.3), strict=True)})
    rows[25]["loss"] = math.nan
    text = (tmp_path / write_deepspeed(Logged(rows), tmp_path, "d")).read_text().splitlines()
    at = text.index("[ 1,    10] loss:  1.250")
    assert text[at - 2] == ("[2026-12-05 01:00:00,164] [INFO] [logging.py:96:log_dist] [Rank 0] step=10, skipped=0, "
                            "lr=[0.003], mom=[(0.9, 0.999)]")  # fmt: skip
    assert text[at - 1].startswith("[2026-12-05 01:00:00,164] [INFO] [timer.py:260:stop] epoch=0/micro_step=10/"
                                   "global_step=10, RunningAvgSamplesPerSec=")  # fmt: skip
    assert "[ 2,    10] loss:  nan" in text and "val" not in " ".join(text[: text.index("Finished Training")])
    assert text[-5:] == ["Accuracy of the network on the 256 test images: 25 %", "Accuracy of ring  : 50 %",
                         "Accuracy of disc  :  0 %", "Accuracy of cross : 25 %",
                         "Accuracy of slash : 30 %"]  # fmt: skip


def test_a_dan_averages_its_words_and_logs_as_paddle_hapi(tmp_path: Path) -> None:
    import torch
    from make_family_casebook import DAN, DAVG_LEN, Logged, write_paddle_hapi

    task = make_task("dan_paddle", 0, easy=True)
    x, y = task.x, task.y
    assert x.shape[1:] == (DAVG_LEN,) and bool((((x >= 1) & (x <= 12)).sum(1) == 1).all())  # one topic word each
    topic = (x.clamp(1, 13) - 1).min(1).values // 3
    turned = ((x == 15) | (x == 16)).any(1)
    assert float((((topic + 2 * turned) % 4) == y).float().mean()) > 0.95  # the modifier turns the topic
    assert float(make_task("dan_paddle", 0).extra["bow_acc"]) < 0.6
    model = make_model("dan_paddle", Recipe(), 0)
    assert isinstance(model, DAN) and sum(isinstance(m, torch.nn.ReLU) for m in model.modules()) == 2
    with torch.no_grad():
        assert model.eval()(x[:2]).shape == (2, 4)
    case = one_case(tmp_path, "dan_paddle", "dead_relu")
    assert case["fault_occurred"] and case["split"] == "tuning"
    rows = [{"step": float(i), "lr": 3e-3, "loss": 1.25, "acc": 0.5, "grad_norm": 1.0} for i in range(1, 41)]
    rows[0]["acc"] = 1.0
    rows[19].update(val_loss=0.5, val_acc=0.875, val_batch_loss=0.0004)
    rows[39].update(val_loss=math.nan, val_acc=0.25, val_batch_loss=math.nan)
    rows[25]["loss"] = math.nan
    text = (tmp_path / write_paddle_hapi(Logged(rows), tmp_path, "p")).read_text().splitlines()
    assert text[0].startswith("The loss value printed in the log is the current step, and the metric is the average")
    assert text[1:8] == ["Epoch 1/2", "step 10/20 - loss: 1.2500 - acc: 0.5500 - 12ms/step",
                         "step 20/20 - loss: 1.2500 - acc: 0.5250 - 12ms/step", "Eval begin...",
                         "The loss value printed in the log is the current batch, and the metric is the average value "
                         "of previous step.", "step 8/8 - loss: 4.0000e-04 - acc: 0.8750 - 5ms/step",
                         "Eval samples: 256"]  # fmt: skip
    assert text[-2:] == ["step 8/8 - loss: nan - acc: 0.2500 - 5ms/step", "Eval samples: 256"]


def test_the_har_lstm_tells_gaits_and_logs_as_its_notebook(tmp_path: Path) -> None:
    import torch
    from make_family_casebook import HAR_CHANNELS, HAR_HIDDEN, HAR_LEN, HARLSTM, Logged, write_har_tf

    task = make_task("har_lstm_tf", 0, easy=True)
    x, y = task.x, task.y
    assert x.shape[1:] == (HAR_LEN, HAR_CHANNELS) and float(make_task("har_lstm_tf", 0).extra["series_acc"]) < 0.45
    swing = x.std(1)
    assert float((swing[:, 2] > swing[:, 0])[y < 2].float().mean()) > 0.95  # the vertical gaits swing vertically
    model = make_model("har_lstm_tf", Recipe(), 0)
    assert isinstance(model, HARLSTM) and model.lstm.num_layers == 2
    forget = dict(model.lstm.named_parameters())["bias_ih_l1"][HAR_HIDDEN : 2 * HAR_HIDDEN]
    assert bool((forget == 1.0).all())  # BasicLSTMCell's forget_bias
    with torch.no_grad():
        assert model.eval()(x[:2]).shape == (2, 4)
    case = one_case(tmp_path, "har_lstm_tf", "random_labels")
    assert case["fault_occurred"] and case["split"] == "tuning"
    rows = [{"step": float(i), "lr": 3e-3, "loss": 1.25, "acc": 0.5, "grad_norm": 1.0} for i in range(1, 41)]
    rows[19].update(val_loss=0.5, val_acc=0.875)
    rows[39].update(val_loss=math.nan, val_acc=0.2578125)
    text = (tmp_path / write_har_tf(Logged(rows), tmp_path, "h")).read_text().splitlines()
    assert text == ["Training iter #640:   Batch Loss = 1.250000, Accuracy = 0.5",
                    "PERFORMANCE ON TEST SET: Batch Loss = 0.5, Accuracy = 0.875",
                    "Training iter #1280:   Batch Loss = 1.250000, Accuracy = 0.5",
                    "PERFORMANCE ON TEST SET: Batch Loss = nan, Accuracy = 0.2578125", "Optimization Finished!",
                    "FINAL RESULT: Batch Loss = nan, Accuracy = 0.2578125"]  # fmt: skip


def test_nnunet_segments_stripes_with_a_negative_loss_and_logs_as_nnunet(tmp_path: Path) -> None:
    import torch
    from make_family_casebook import NNU_SIDE, Logged, NNUNet, nnunet_loss, write_nnunet

    task = make_task("nnunet_2d", 0, easy=True)
    x, y = task.x, task.y
    assert x.shape[1:] == (1, NNU_SIDE, NNU_SIDE) and y.shape[1:] == (NNU_SIDE, NNU_SIDE)
    assert abs(float(x[:, 0][y == 1].mean()) - float(x[:, 0][y == 0].mean())) < 0.05  # no brightness tells the stripes
    assert 0.2 < float(make_task("nnunet_2d", 0).extra["all_dice"]) < 0.4
    model = make_model("nnunet_2d", Recipe(), 0)
    assert isinstance(model, NNUNet) and not any(isinstance(m, torch.nn.ReLU) for m in model.modules())
    assert sum(isinstance(m, torch.nn.InstanceNorm2d) for m in model.modules()) == 6
    perfect = 20.0 * torch.nn.functional.one_hot(y[:4], 2).permute(0, 3, 1, 2).float()
    loss, dice = nnunet_loss(task, perfect, y[:4], Recipe())
    assert float(dice) < -0.99 and float(loss) < -0.99  # its CE near 0, its Dice near 1: the loss near -1
    case = one_case(tmp_path, "nnunet_2d", "healthy")
    assert case["fault_occurred"] and case["split"] == "tuning"
    rows = [{"step": float(i), "lr": 3e-3, "loss": -0.5, "grad_norm": 1.0} for i in range(1, 41)]
    rows[19].update(val_loss=-0.61234, val_dice=0.81234)
    rows[39].update(val_loss=-0.7, val_dice=0.7)
    rows[25]["loss"] = math.nan
    text = (tmp_path / write_nnunet(Logged(rows), tmp_path, "n")).read_text().splitlines()
    assert text[2] == "Please cite the following paper when using nnU-Net:"
    at = text.index("2026-12-05 01:00:00.000000: Epoch 0 ")
    assert text[at - 1] == "2026-12-05 01:00:00.000000:  " and text[at + 1].endswith(": Current learning rate: 0.003 ")
    assert [line.split(": ", 1)[1] for line in text[at + 2 : at + 7]] == [
        "train_loss -0.5 ", "val_loss -0.6123 ", "Pseudo dice [0.8123] ", "Epoch time: 1.45 s ",
        "Yayy! New best EMA pseudo Dice: 0.8123 ",
    ]  # fmt: skip
    assert [line.split(": ", 1)[1] for line in text[-5:]] == [
        "train_loss nan ", "val_loss -0.7 ", "Pseudo dice [0.7] ", "Epoch time: 1.45 s ", "Training done. ",
    ]  # fmt: skip
    assert not any("New best" in line for line in text[at + 7 :])  # its EMA fell (0.8011 < 0.8123)


def test_round_42s_families_are_built_by_default_and_hold_enough_cases_per_seed() -> None:
    assert build.__defaults__ is not None and build.__defaults__[0] == FAMILIES and len(FAMILIES) == 361
    # at least four healthy recipes each (no plain SGD for NiN and the D-MPNN, no batches of 8 for them and BigDL's
    # CNN) and five faults (Trax's GRU LM: no ReLU to die, no MLP stack, it reads ids; Ludwig's RNN and the D-MPNN read
    # ids and one-hot graphs: no batch x100)
    faults_of = faults_per_family(ROUND42_FAMILIES, FAULTY_R42, HEALTHY_R42, TRACED_R42, 5)
    weak = {"sorted_data", "random_labels", "overfitting", "lr_too_high", "lr_too_low", "log_of_zero"}
    assert all(weak <= faults_of[f] for f in ROUND42_FAMILIES)  # the debugger's weak spots among them
    assert {f for f in ROUND42_FAMILIES if "dead_relu" not in faults_of[f]} == {"grulm_trax"}
    assert {f for f in ROUND42_FAMILIES if "corrupt_batches" in faults_of[f]} == {
        "nin_tflearn", "highway_catalyst", "textcnn_bigdl",
    }  # fmt: skip
    assert {f for f in ROUND42_FAMILIES if "deep_sigmoid" in faults_of[f]} == {"highway_catalyst"}
    assert all(SPLIT_OF[f] == "tuning" for f in ROUND42_FAMILIES)


def test_network_in_network_pools_class_maps_and_logs_as_tflearn(tmp_path: Path) -> None:
    import torch
    from make_family_casebook import NIN_SIDE, Logged, NetworkInNetwork, write_tflearn

    task = make_task("nin_tflearn", 0)
    assert task.x.shape[1:] == (3, NIN_SIDE, NIN_SIDE) and float(task.extra["pixel_acc"]) < 0.45
    model = make_model("nin_tflearn", Recipe(), 0)
    assert isinstance(model, NetworkInNetwork) and not any(isinstance(m, torch.nn.Linear) for m in model.modules())
    assert sum(isinstance(m, torch.nn.Conv2d) and m.kernel_size == (1, 1) for m in model.modules()) == 6  # micro MLPs
    with torch.no_grad():
        assert model.eval()(task.x_val[:2]).shape == (2, 4)
    dead = make_model("nin_tflearn", Recipe(dead_bias=-8.0), 0)
    assert all(float(m.bias.detach().max()) == -8.0 for m in dead.modules() if isinstance(m, torch.nn.Conv2d))
    case = one_case(tmp_path, "nin_tflearn", "lr_too_low")
    assert case["fault_occurred"] and case["split"] == "tuning"
    rows = [{"step": float(i), "lr": 3e-3, "loss": 1.25, "acc": 0.5, "grad_norm": 1.0} for i in range(1, 41)]
    rows[19].update(val_loss=0.5, val_acc=0.875)
    rows[39].update(val_loss=math.nan, val_acc=0.25)
    rows[25]["loss"] = math.nan
    text = (tmp_path / write_tflearn(Logged(rows), tmp_path, "n")).read_text().splitlines()
    assert text[:7] == ["-" * 33, "Run id: network_in_network", "Log directory: /tmp/tflearn_logs/", "-" * 33,
                        "Training samples: 640", "Validation samples: 256", "--"]  # fmt: skip
    assert text[7:10] == [
        "Training Step: 20  | total loss: \x1b[1m\x1b[32m1.25000\x1b[0m\x1b[0m | time: 0.824s",
        "| Adam | epoch: 001 | loss: 1.25000 - acc: 0.5000 | val_loss: 0.50000 - val_acc: 0.8750 -- iter: 640/640",
        "--",
    ]  # its moving averages of a constant are the constant
    assert text[-2] == ("| Adam | epoch: 002 | loss: nan - acc: 0.5000 | val_loss: nan - val_acc: 0.2500 -- iter: "
                        "640/640")  # fmt: skip


def test_traxs_gru_lm_spells_its_lexicon_and_logs_as_trax(tmp_path: Path) -> None:
    from make_family_casebook import TRX_LAYERS, TRX_LEN, TRX_LETTERS, Logged, TraxGRULM, write_trax

    task = make_task("grulm_trax", 0)
    x, y = task.x, task.y
    assert x.shape[1:] == (TRX_LEN,) and bool((x[:, 1:] == y[:, :-1]).all()) and int(x.max()) == TRX_LETTERS
    assert 0.1 < float((y == 0).float().mean()) < 0.3  # a space after every word of 3 to 5 letters
    model = make_model("grulm_trax", Recipe(), 0)
    assert isinstance(model, TraxGRULM) and model.gru.num_layers == TRX_LAYERS
    assert sees_no_later_token(model.eval(), task.x_val, TRX_LETTERS + 1)
    case = one_case(tmp_path, "grulm_trax", "lr_too_low")
    assert case["fault_occurred"] and case["split"] == "tuning"
    rows = [{"step": float(i), "lr": 3e-3, "loss": 1.25, "acc": 0.5, "grad_norm": 1.0} for i in range(1, 41)]
    rows[0]["loss"] = 2.75
    rows[19].update(val_loss=0.5, val_acc=0.875)
    rows[39].update(val_loss=math.nan, val_acc=0.25)
    rows[25]["loss"] = math.nan
    text = (tmp_path / write_trax(Logged(rows), tmp_path, "t")).read_text().splitlines()
    weights = sum(p.numel() for p in model.parameters())
    assert text[:9] == [f"Step      1: Total number of trainable weights: {weights}",
                        "Step      1: Ran 1 train steps in 2.34 secs",
                        "Step      1: train CrossEntropyLoss |  2.75000000",
                        "", "Step     20: Ran 19 train steps in 0.81 secs",
                        "Step     20: train CrossEntropyLoss |  1.25000000",  # steps 2 to 20
                        "Step     20: eval  CrossEntropyLoss |  0.50000000",
                        "Step     20: eval          Accuracy |  0.87500000", ""]  # fmt: skip
    assert text[-3:] == ["Step     40: train CrossEntropyLoss |  nan", "Step     40: eval  CrossEntropyLoss |  nan",
                         "Step     40: eval          Accuracy |  0.25000000"]  # fmt: skip


def test_the_highway_network_carries_its_input_and_logs_as_catalyst(tmp_path: Path) -> None:
    import torch
    from make_family_casebook import HWY_DEPTH, HWY_FEATS, HighwayLayer, HighwayNet, Logged, write_catalyst

    task = make_task("highway_catalyst", 0)
    assert task.x.shape[1:] == (HWY_FEATS,) and float(task.extra["linear_acc"]) < 0.4
    model = make_model("highway_catalyst", Recipe(), 0)
    assert isinstance(model, HighwayNet) and sum(isinstance(m, HighwayLayer) for m in model.modules()) == HWY_DEPTH
    layer = next(m for m in model.modules() if isinstance(m, HighwayLayer))
    with torch.no_grad():
        layer.t.bias.fill_(-30.0)  # its gate shut: the layer carries its input
        h = torch.randn(3, layer.h.in_features)
        assert torch.allclose(layer(h), h, atol=1e-6)
        assert model.eval()(task.x_val[:2]).shape == (2, 4)
    sigmoid = make_model("highway_catalyst", Recipe(sigmoid_depth=12), 0)
    assert sum(isinstance(m, torch.nn.Sigmoid) for m in sigmoid.modules()) == 12
    case = one_case(tmp_path, "highway_catalyst", "healthy")
    assert case["fault_occurred"] and case["split"] == "tuning"
    rows = [{"step": float(i), "lr": 3e-3, "loss": 1.25, "acc": 0.5, "grad_norm": 1.0} for i in range(1, 41)]
    rows[19].update(val_loss=0.5, val_acc=0.875, val_loss_std=0.125, val_acc_std=0.0625)
    rows[39].update(val_loss=math.nan, val_acc=0.25, val_loss_std=math.nan, val_acc_std=0.25)
    rows[25]["loss"] = math.nan
    text = (tmp_path / write_catalyst(Logged(rows), tmp_path, "c")).read_text().splitlines()
    assert text[:3] == ["train (1/2) accuracy01: 0.5 | accuracy01/std: 0.0 | loss: 1.25 | loss/mean: 1.25 | loss/std: "
                        "0.0 | lr: 0.003 | momentum: 0.9",
                        "valid (1/2) accuracy01: 0.875 | accuracy01/std: 0.0625 | loss: 0.5 | loss/mean: 0.5 | "
                        "loss/std: 0.125", "* Epoch (1/2) lr: 0.003 | momentum: 0.9"]  # fmt: skip
    assert text[3].startswith("train (2/2) accuracy01: 0.5 | accuracy01/std: 0.0 | loss: nan | loss/mean: nan |")
    assert text[-2:] == ["Top best models:", "logs/checkpoints/train.1.pth\t0.5000"]


def test_bigdls_text_cnn_reads_word_order_and_logs_as_bigdl(tmp_path: Path) -> None:
    import torch
    from make_family_casebook import BDL_DIM, BDL_LEN, BigDLTextCNN, Logged, write_bigdl

    task = make_task("textcnn_bigdl", 0)
    assert task.x.shape[1:] == (BDL_LEN, BDL_DIM) and float(task.extra["bow_acc"]) < 0.6  # the order, not the words
    model = make_model("textcnn_bigdl", Recipe(), 0)
    assert isinstance(model, BigDLTextCNN) and model.conv1.kernel_size == (5,) and model.conv2.kernel_size == (5,)
    with torch.no_grad():
        assert model.eval()(task.x_val[:2]).shape == (2, 4)
    case = one_case(tmp_path, "textcnn_bigdl", "random_labels")
    assert case["fault_occurred"] and case["split"] == "tuning"
    rows = [{"step": float(i), "lr": 3e-3, "loss": 1.25, "acc": 0.5, "grad_norm": 1.0} for i in range(1, 41)]
    rows[19].update(val_loss=0.5, val_acc=0.875)
    rows[39].update(val_loss=math.nan, val_acc=0.25)
    rows[25]["loss"] = math.nan
    text = (tmp_path / write_bigdl(Logged(rows), tmp_path, "b")).read_text().splitlines()
    head = "2026-12-05 02:00:00 INFO  DistriOptimizer$:"
    assert text[0] == head + "824 - caching training rdd ..."
    assert text[5] == head + ("430 - [Epoch 1 32/640][Iteration 1][Wall Clock 0.123s] Trained 32 records in 0.123 "
                              "seconds. Throughput is 260.16 records/second. Loss is 1.25. Current learning rate is "
                              "0.003. ")  # fmt: skip
    head = "2026-12-05 02:00:02 INFO  DistriOptimizer$:"  # 20 iterations of 0.123 s
    assert text[25:28] == [
        head + "475 - [Epoch 1 640/640][Iteration 20][Wall Clock 2.460s] Epoch finished. Wall clock time is 2460.0 ms",
        head + "116 - [Epoch 1 640/640][Iteration 20][Wall Clock 2.460s] Validate model...",
        head + "171 - [Epoch 1 640/640][Iteration 20][Wall Clock 2.460s] Top1Accuracy is Accuracy(correct: 224, "
        "count: 256, accuracy: 0.875)",
    ]  # fmt: skip
    assert text[33].endswith("[Iteration 26][Wall Clock 3.198s] Trained 32 records in 0.123 seconds. Throughput is "
                             "260.16 records/second. Loss is NaN. Current learning rate is 0.003. ")  # fmt: skip


def test_chemprops_dmpnn_passes_messages_on_directed_bonds_and_logs_as_chemprop(tmp_path: Path) -> None:
    import torch
    from make_family_casebook import CPR_ATOMS, CPR_TYPES, ChempropDMPNN, Logged, write_chemprop

    task = make_task("dmpnn_chemprop", 0)
    x = task.x
    assert x.shape[1:] == (CPR_ATOMS, CPR_TYPES + CPR_ATOMS) and float(task.extra["count_acc"]) < 0.65
    adj = x[..., CPR_TYPES:]
    assert bool((adj == adj.transpose(1, 2)).all()) and bool((adj.sum((1, 2)) == 2 * (CPR_ATOMS - 1)).all())  # trees
    model = make_model("dmpnn_chemprop", Recipe(), 0)
    assert isinstance(model, ChempropDMPNN) and model.W_i.bias is None and model.W_h.bias is None
    with torch.no_grad():
        model.eval()
        out = model(x[:2])
        order = torch.randperm(CPR_ATOMS, generator=torch.Generator().manual_seed(0))
        shuffled = x[:2, order][:, :, torch.cat([torch.arange(CPR_TYPES), CPR_TYPES + order])]
        assert out.shape == (2, 4) and torch.allclose(model(shuffled), out, atol=1e-5)  # the atoms' order is no matter
    dead = make_model("dmpnn_chemprop", Recipe(dead_bias=-8.0), 0)
    assert isinstance(dead, ChempropDMPNN) and float(dead.W_o.bias.detach().max()) == -8.0
    case = one_case(tmp_path, "dmpnn_chemprop", "lr_too_low")
    assert case["fault_occurred"] and case["split"] == "tuning"
    rows = [{"step": float(i), "lr": 3e-3, "loss": 1.25, "acc": 0.5, "grad_norm": 1.0, "pnorm": 12.5} for i in
            range(1, 41)]  # fmt: skip
    rows[19].update(val_loss=0.5, val_acc=0.875)
    rows[39].update(val_loss=math.nan, val_acc=0.25)
    rows[25]["loss"] = math.nan
    text = (tmp_path / write_chemprop(Logged(rows), tmp_path, "c")).read_text().splitlines()
    weights = sum(p.numel() for p in model.parameters())
    assert text[3:10] == ["Total size = 4,096 | train size = 3,072 | val size = 256 | test size = 768",
                          "Building model 0", f"Number of parameters = {weights:,}", "Epoch 0",
                          "Loss = 1.2500e+00, PNorm = 12.5000, GNorm = 1.0000, lr_0 = 3.0000e-03",
                          "Loss = 1.2500e+00, PNorm = 12.5000, GNorm = 1.0000, lr_0 = 3.0000e-03",
                          "Validation accuracy = 0.875000"]  # fmt: skip
    assert text[-5:] == ["Epoch 1", "Loss = nan, PNorm = 12.5000, GNorm = 1.0000, lr_0 = 3.0000e-03",
                         "Loss = 1.2500e+00, PNorm = 12.5000, GNorm = 1.0000, lr_0 = 3.0000e-03",
                         "Validation accuracy = 0.250000",
                         "Model 0 best validation accuracy = 0.875000 on epoch 0"]  # fmt: skip


def test_ludwigs_rnn_reads_which_symbol_comes_first_and_logs_as_ludwig(tmp_path: Path) -> None:
    import torch
    from make_family_casebook import LDW_LEN, Logged, LudwigRNN, write_ludwig

    task = make_task("rnn_ludwig", 0)
    x = task.x
    assert x.shape[1:] == (LDW_LEN,) and bool(((x < 4).sum(1) == 2).all()) and float(task.extra["bow_acc"]) < 0.6
    model = make_model("rnn_ludwig", Recipe(), 0)
    assert isinstance(model, LudwigRNN) and isinstance(model.rnn, torch.nn.GRU)
    with torch.no_grad():
        assert model.eval()(x[:2]).shape == (2, 4)
    dead = make_model("rnn_ludwig", Recipe(dead_bias=-8.0), 0)
    assert isinstance(dead, LudwigRNN) and float(dead.fc.bias.detach().max()) == -8.0
    case = one_case(tmp_path, "rnn_ludwig", "lr_too_low")
    assert case["fault_occurred"] and case["split"] == "tuning"
    rows = [{"step": float(i), "lr": 3e-3, "loss": 1.25, "acc": 0.5, "grad_norm": 1.0} for i in range(1, 41)]
    rows[19].update(val_loss=0.5, val_acc=0.875)
    rows[39].update(val_loss=math.nan, val_acc=0.25)
    rows[25]["loss"] = math.nan
    text = (tmp_path / write_ludwig(Logged(rows), tmp_path, "l")).read_text().splitlines()
    assert text[:6] == ["Training for 40 step(s), approximately 2 epoch(s).",
                        "Early stopping policy: 5 round(s) of evaluation, or 100 step(s)", "",
                        "Starting with step 0, epoch: 0", "", "Running evaluation for step: 20, epoch: 1"]  # fmt: skip
    assert text[6:14] == ["╒════════════╤════════╤══════════╕", "│ label      │   loss │ accuracy │",
                          "╞════════════╪════════╪══════════╡", "│ train      │ 1.2500 │   0.5000 │",
                          "├────────────┼────────┼──────────┤", "│ validation │ 0.5000 │   0.8750 │",
                          "╘════════════╧════════╧══════════╛", "╒════════════╤════════╕"]  # fmt: skip
    assert text[20] == "Validation loss on combined improved, model saved."
    assert "│ validation │  nan │   0.2500 │" in text
    assert text[-4:] == ["Last improvement of combined validation loss happened 20 step(s) ago.", "",
                         "Best validation model step: 20, epoch: 1:",
                         "Best validation model loss on validation set combined: 0.5"]  # fmt: skip


def test_round_43s_families_are_built_by_default_and_hold_enough_cases_per_seed() -> None:
    assert build.__defaults__ is not None and build.__defaults__[0] == FAMILIES and len(FAMILIES) == 361
    # at least four healthy recipes each (no plain SGD for Equinox's CNN, DLRM, Spektral's net: a sigmoid layer, an
    # interaction net, a swinging graph net) and five faults (DLRM: its BCE clamps its log; StarSpace: no ReLU, it took
    # x300 Adam and barely overfits 24 texts; only Haiku's MLP has no normalisation nor bound before a batch x100)
    faults_of = faults_per_family(ROUND43_FAMILIES, FAULTY_R43, HEALTHY_R43, TRACED_R43, 5)
    weak = {"sorted_data", "random_labels", "lr_too_low", "lr_too_high_sgd"}
    assert all(weak <= faults_of[f] for f in ROUND43_FAMILIES)  # the debugger's weak spots among them
    others = set(ROUND43_FAMILIES) - {"starspace_tagspace"}
    assert all({"overfitting", "lr_too_high", "dead_relu"} <= faults_of[f] for f in others)
    assert {f for f in ROUND43_FAMILIES if "log_of_zero" not in faults_of[f]} == {"dlrm_facebook"}
    assert {f for f in ROUND43_FAMILIES if "corrupt_batches" in faults_of[f]} == {"mlp_haiku"}
    assert not any("deep_sigmoid" in faults_of[f] for f in ROUND43_FAMILIES)
    assert all(SPLIT_OF[f] == "tuning" for f in ROUND43_FAMILIES)


def test_equinoxs_cnn_pools_at_stride_one_and_logs_as_its_tutorial(tmp_path: Path) -> None:
    import torch
    from make_family_casebook import EQX_SIDE, EquinoxCNN, Logged, write_equinox

    task = make_task("cnn_equinox", 0)
    assert task.x.shape[1:] == (1, EQX_SIDE, EQX_SIDE) and float(task.extra["pixel_acc"]) < 0.45
    model = make_model("cnn_equinox", Recipe(), 0)
    assert isinstance(model, EquinoxCNN)
    pools = [m for m in model.modules() if isinstance(m, torch.nn.MaxPool2d)]
    assert len(pools) == 1 and pools[0].stride == 1  # Equinox's MaxPool2d's default stride
    assert sum(isinstance(m, torch.nn.Sigmoid) for m in model.modules()) == 1
    with torch.no_grad():
        assert model.eval()(task.x[:2]).shape == (2, 4)
    dead = make_model("cnn_equinox", Recipe(dead_bias=-8.0), 0)
    assert float(dead.layers[0].bias.detach().max()) == -8.0
    case = one_case(tmp_path, "cnn_equinox", "lr_too_low")
    assert case["fault_occurred"] and case["split"] == "tuning"
    rows = [{"step": float(i), "lr": 3e-3, "loss": 1.25, "acc": 0.5, "grad_norm": 1.0} for i in range(1, 41)]
    rows[19].update(val_loss=0.5, val_acc=0.875)
    rows[39].update(loss=math.nan, val_loss=math.nan, val_acc=0.25)
    text = (tmp_path / write_equinox(Logged(rows), tmp_path, "e")).read_text().splitlines()
    assert text == ["step=20, train_loss=1.25, test_loss=0.5, test_accuracy=0.875",
                    "step=40, train_loss=nan, test_loss=nan, test_accuracy=0.25"]  # fmt: skip
    rows[19].update(loss=1.3862943611198906)
    text = (tmp_path / write_equinox(Logged(rows), tmp_path, "e")).read_text().splitlines()
    assert text[0].startswith("step=20, train_loss=1.3862943649291992, ")  # a float32's .item()


def test_dlrm_dots_its_embeddings_and_logs_as_dlrm_s_pytorch(tmp_path: Path) -> None:
    import torch
    from make_family_casebook import DLRM, DLRM_DENSE, DLRM_FIELDS, Logged, corrupt, write_dlrm

    task = make_task("dlrm_facebook", 0)
    assert task.x.shape[1:] == (DLRM_DENSE + DLRM_FIELDS,) and task.classes == 2
    assert float(task.extra["linear_acc"]) < 0.7
    model = make_model("dlrm_facebook", Recipe(), 0)
    assert isinstance(model, DLRM) and len(model.emb) == DLRM_FIELDS
    with torch.no_grad():
        out = model.eval()(task.x[:2])
        assert out.shape == (2, 2) and bool((out[:, 0] == 0).all())  # its sigmoid as a softmax of (0, logit)
    batch = corrupt("dlrm_facebook", task.x[:4])
    assert torch.equal(batch[:, DLRM_DENSE:], task.x[:4, DLRM_DENSE:])  # its ids kept, its dense features x100
    dead = make_model("dlrm_facebook", Recipe(dead_bias=-8.0), 0)
    assert float(dead.bot[0].bias.detach().max()) == -8.0
    case = one_case(tmp_path, "dlrm_facebook", "lr_too_low")
    assert case["fault_occurred"] and case["split"] == "tuning"
    rows = [{"step": float(i), "lr": 1e-2, "loss": 0.5, "acc": 0.5, "grad_norm": 1.0} for i in range(1, 101)]
    rows[19].update(val_loss=0.5, val_acc=0.875)
    rows[99].update(val_loss=0.6, val_acc=0.625)
    rows[50]["loss"] = math.nan
    text = (tmp_path / write_dlrm(Logged(rows), tmp_path, "d")).read_text().splitlines()
    assert text == ["time/loss/accuracy (if enabled):",
                    "Finished training it 20/96 of epoch 0, 41.23 ms/it, loss 0.500000",
                    "Testing at - 20/96 of epoch 0,", " accuracy 87.500 %, best 87.500 %",
                    "Finished training it 4/96 of epoch 1, 41.23 ms/it, loss nan",
                    "Testing at - 4/96 of epoch 1,", " accuracy 62.500 %, best 87.500 %"]  # fmt: skip


def test_spektrals_gcs_net_ignores_the_nodes_order_and_logs_as_its_example(tmp_path: Path) -> None:
    import torch
    from make_family_casebook import GCS_NODES, GCS_TYPES, Logged, SpektralGCSNet, write_spektral

    task = make_task("gcs_spektral", 0)
    x = task.x
    assert x.shape[1:] == (GCS_NODES, GCS_TYPES + GCS_NODES) and float(task.extra["count_acc"]) < 0.65
    adj = x[..., GCS_TYPES:]
    assert bool((adj == adj.transpose(1, 2)).all()) and bool((adj.sum((1, 2)) == 2 * (GCS_NODES - 1)).all())  # trees
    model = make_model("gcs_spektral", Recipe(), 0)
    assert isinstance(model, SpektralGCSNet) and len(model.convs) == 3
    with torch.no_grad():
        model.eval()
        out = model(x[:2])
        order = torch.randperm(GCS_NODES, generator=torch.Generator().manual_seed(0))
        shuffled = x[:2, order][:, :, torch.cat([torch.arange(GCS_TYPES), GCS_TYPES + order])]
        assert out.shape == (2, 4) and torch.allclose(model(shuffled), out, atol=1e-5)  # the nodes' order is no matter
    dead = make_model("gcs_spektral", Recipe(dead_bias=-8.0), 0)
    assert float(dead.convs[0].skip.bias.detach().max()) == -8.0
    case = one_case(tmp_path, "gcs_spektral", "lr_too_low")
    assert case["fault_occurred"] and case["split"] == "tuning"
    rows = [{"step": float(i), "lr": 3e-3, "loss": 1.25, "acc": 0.5, "grad_norm": 1.0} for i in range(1, 61)]
    rows[19].update(val_loss=0.5, val_acc=0.875)
    rows[39].update(val_loss=0.75, val_acc=0.625)
    rows[59].update(val_loss=0.25, val_acc=0.9375)
    rows[45]["loss"] = math.nan
    text = (tmp_path / write_spektral(Logged(rows), tmp_path, "s")).read_text().splitlines()
    assert text == ["Ep. 1 - Loss: 1.250 - Acc: 0.500 - Val loss: 0.500 - Val acc: 0.875", "New best val_loss 0.500",
                    "Ep. 2 - Loss: 1.250 - Acc: 0.500 - Val loss: 0.750 - Val acc: 0.625",
                    "Ep. 3 - Loss: nan - Acc: 0.500 - Val loss: 0.250 - Val acc: 0.938", "New best val_loss 0.250",
                    "Done. Test loss: 0.2500. Test acc: 0.94"]  # fmt: skip


def test_m5_reads_raw_waveforms_and_logs_as_the_torchaudio_tutorial(tmp_path: Path) -> None:
    import torch
    from make_family_casebook import M5, M5_LEN, Logged, write_m5

    task = make_task("m5_torchaudio", 0)
    assert task.x.shape[1:] == (1, M5_LEN) and float(task.extra["sample_acc"]) < 0.4
    model = make_model("m5_torchaudio", Recipe(), 0)
    assert isinstance(model, M5) and sum(isinstance(m, torch.nn.BatchNorm1d) for m in model.modules()) == 4
    with torch.no_grad():
        assert model.eval()(task.x[:2]).shape == (2, 4)
    dead = make_model("m5_torchaudio", Recipe(dead_bias=-8.0), 0)
    assert all(float(m.bias.detach().max()) == -8.0 for m in dead.modules() if isinstance(m, torch.nn.BatchNorm1d))
    case = one_case(tmp_path, "m5_torchaudio", "lr_too_low")
    assert case["fault_occurred"] and case["split"] == "tuning"
    rows = [{"step": float(i), "lr": 3e-3, "loss": 1.25, "acc": 0.5, "grad_norm": 1.0} for i in range(1, 41)]
    rows[19].update(val_loss=0.5, val_acc=0.875)
    rows[39].update(val_loss=math.nan, val_acc=0.25)
    rows[20]["loss"] = math.nan
    text = (tmp_path / write_m5(Logged(rows), tmp_path, "m")).read_text().splitlines()
    assert text == ["Train Epoch: 1 [0/640 (0%)]\tLoss: 1.250000", "", "Test Epoch: 1\tAccuracy: 224/256 (88%)",
                    "", "Train Epoch: 2 [0/640 (0%)]\tLoss: nan", "", "Test Epoch: 2\tAccuracy: 64/256 (25%)",
                    ""]  # fmt: skip


def test_starspace_embeds_words_and_bigrams_against_its_labels_and_logs_as_starspace(tmp_path: Path) -> None:
    import torch
    from make_family_casebook import STS_LEN, Logged, StarSpaceTagSpace, write_starspace

    task = make_task("starspace_tagspace", 0)
    assert task.x.shape[1:] == (STS_LEN,) and bool(((task.x < 4).sum(1) == 2).all())
    assert float(task.extra["bow_acc"]) < 0.65
    model = make_model("starspace_tagspace", Recipe(), 0)
    assert isinstance(model, StarSpaceTagSpace) and not any(isinstance(m, torch.nn.Linear) for m in model.modules())
    with torch.no_grad():
        out = model(task.x[:2])
        assert out.shape == (2, 4) and not torch.allclose(model(task.x[:2].flip(1)), out)  # bigrams read the order
    case = one_case(tmp_path, "starspace_tagspace", "lr_too_low")
    assert case["fault_occurred"] and case["split"] == "tuning"
    rows = [{"step": float(i), "lr": 3e-3, "loss": 1.25, "acc": 0.5, "grad_norm": 1.0} for i in range(1, 41)]
    rows[19].update(val_loss=0.5, val_acc=0.875)
    rows[39].update(val_loss=math.nan, val_acc=0.25)
    rows[25]["loss"] = math.nan
    for row in rows[20:]:
        row["lr"] = 1.5e-3
    text = (tmp_path / write_starspace(Logged(rows), tmp_path, "s")).read_text().splitlines()
    assert text == ["Start to initialize starspace model.", "Training epoch 0: 0.003 0.0015 K: 50", "",
                    " ---+++                Epoch    0 Train error : 1.25000000 +++--- ☃", "Validation error: 0.5",
                    "Training epoch 1: 0.0015 0 K: 50", "",
                    " ---+++                Epoch    1 Train error : nan +++--- ☃", "Validation error: nan",
                    "Saving model to file : tagspace"]  # fmt: skip


def test_haikus_mlp_tells_rings_and_logs_as_its_mnist_example(tmp_path: Path) -> None:
    import torch
    from make_family_casebook import FAMILY_DECAY, HK_FEATS, HaikuMLP, Logged, write_haiku

    task = make_task("mlp_haiku", 0)
    assert task.x.shape[1:] == (HK_FEATS,) and float(task.extra["linear_acc"]) < 0.4
    model = make_model("mlp_haiku", Recipe(), 0)
    assert isinstance(model, HaikuMLP) and FAMILY_DECAY["mlp_haiku"] == 1e-4
    assert sum(isinstance(m, torch.nn.ReLU) for m in model.modules()) == 2
    with torch.no_grad():
        assert model(task.x[:2]).shape == (2, 4)
    dead = make_model("mlp_haiku", Recipe(dead_bias=-8.0), 0)
    assert float(dead.mlp[0].bias.detach().max()) == -8.0
    case = one_case(tmp_path, "mlp_haiku", "lr_too_low")
    assert case["fault_occurred"] and case["split"] == "tuning"
    rows = [{"step": float(i), "lr": 3e-3, "loss": 1.25, "acc": 0.5, "grad_norm": 1.0} for i in range(1, 41)]
    rows[19].update(val_loss=0.5, val_acc=0.875)
    rows[39].update(val_loss=math.nan, val_acc=0.25)
    rows[25]["acc"] = 0.75
    text = (tmp_path / write_haiku(Logged(rows), tmp_path, "h")).read_text().splitlines()
    assert text == [
        "[Step 20] Train / Test accuracy: 0.500 / 0.875.",
        "[Step 40] Train / Test accuracy: 0.512 / 0.250.",
    ]


def test_round_44s_families_are_built_by_default_and_hold_enough_cases_per_seed() -> None:
    assert build.__defaults__ is not None and build.__defaults__[0] == FAMILIES and len(FAMILIES) == 361
    # at least four healthy recipes each (no plain SGD with momentum: it swung all three) and six faults (makemore's
    # MLP: a tanh layer, it reads ids; the SE-ResNet's batch norms take x300 Adam, hold 24 canvases' validation loss and
    # undo a batch x100; GCNII reads one-hot graphs)
    faults_of = faults_per_family(ROUND44_FAMILIES, FAULTY_R44, HEALTHY_R44, TRACED_R44, 6)
    weak = {"sorted_data", "random_labels", "lr_too_low", "lr_too_high_sgd", "log_of_zero"}
    assert all(weak <= faults_of[f] for f in ROUND44_FAMILIES)
    assert {f for f in ROUND44_FAMILIES if "dead_relu" in faults_of[f]} == {"gcnii_graph", "seresnet_monai"}
    assert {f for f in ROUND44_FAMILIES if "overfitting" in faults_of[f]} == {"bengio_makemore", "gcnii_graph"}
    assert {f for f in ROUND44_FAMILIES if "lr_too_high" in faults_of[f]} == {"bengio_makemore", "gcnii_graph"}
    assert not any("corrupt_batches" in faults_of[f] or "deep_sigmoid" in faults_of[f] for f in ROUND44_FAMILIES)
    assert all(SPLIT_OF[f] == "tuning" for f in ROUND44_FAMILIES)


def writer_rows(lr: float, at_20: dict[str, float], at_40: dict[str, float], **each: float) -> list[dict[str, float]]:
    """Forty logged steps for a writer's test: the same training values at each (`each` among them), evaluations at
    steps 20 and 40 (`at_20`, `at_40` beside the validation loss and accuracy) and a NaN loss at step 30."""
    rows = [{"step": float(i), "lr": lr, "loss": 1.25, "acc": 0.5, **each, "grad_norm": 1.0} for i in range(1, 41)]
    rows[19].update(val_loss=0.5, val_acc=0.875, **at_20)
    rows[39].update(val_loss=0.75, val_acc=0.25, **at_40)
    rows[29]["loss"] = math.nan
    return rows


def rows44() -> list[dict[str, float]]:
    return writer_rows(3e-3, {}, {})


def test_makemores_mlp_reads_its_context_and_logs_as_makemore(tmp_path: Path) -> None:
    import torch
    from make_family_casebook import MKM_BLOCK, Logged, MakemoreMLP, write_makemore

    task = make_task("bengio_makemore", 0)
    assert task.x.shape[1:] == (MKM_BLOCK,) and float(task.extra["context_acc"]) < 0.45
    model = make_model("bengio_makemore", Recipe(), 0)
    assert isinstance(model, MakemoreMLP) and not any(isinstance(m, torch.nn.ReLU) for m in model.modules())
    with torch.no_grad():
        assert model(task.x[:2]).shape == (2, 12)
    case = one_case(tmp_path, "bengio_makemore", "lr_too_low")
    assert case["fault_occurred"] and case["split"] == "tuning"
    text = (tmp_path / write_makemore(Logged(rows44()), tmp_path, "m")).read_text().splitlines()
    assert text == ["step 10 | loss 1.2500 | step time 1.23ms", "step 20 | loss 1.2500 | step time 1.23ms",
                    "step 20 train loss: 1.25 test loss: 0.5",
                    "test loss 0.5 is the best so far, saving model to out/model.pt",
                    "step 30 | loss nan | step time 1.23ms", "step 40 | loss 1.2500 | step time 1.23ms",
                    "step 40 train loss: nan test loss: 0.75"]  # fmt: skip


def test_gcnii_reads_the_neighbours_types_and_logs_as_its_train_py(tmp_path: Path) -> None:
    import torch
    from make_family_casebook import GC2_LAYERS, GC2_NODES, GC2_TYPES, GCNII, GCNIILayer, Logged, write_gcnii

    task = make_task("gcnii_graph", 0)
    assert task.x.shape[1:] == (GC2_NODES, GC2_TYPES + GC2_NODES) and float(task.extra["count_acc"]) < 0.6
    model = make_model("gcnii_graph", Recipe(), 0)
    assert isinstance(model, GCNII) and sum(isinstance(m, GCNIILayer) for m in model.modules()) == GC2_LAYERS
    with torch.no_grad():
        assert model(task.x[:2]).shape == (2, 4)
    dead = make_model("gcnii_graph", Recipe(dead_bias=-8.0), 0)
    assert float(dead.fcs[0].bias.detach().max()) == -8.0
    case = one_case(tmp_path, "gcnii_graph", "lr_too_low")
    assert case["fault_occurred"] and case["split"] == "tuning"
    text = (tmp_path / write_gcnii(Logged(rows44()), tmp_path, "g")).read_text().splitlines()
    assert text == ["Epoch:0001 train loss:1.250 acc:50.00 | val loss:0.500 acc:87.50",
                    "Epoch:0002 train loss:nan acc:50.00 | val loss:0.750 acc:25.00", "Train cost: 12.3456s",
                    "Load 0th epoch", "Val acc.:87.5"]  # fmt: skip


def test_monais_seresnet_squeezes_and_excites_and_logs_as_the_monai_tutorial(tmp_path: Path) -> None:
    import torch
    from make_family_casebook import SER_SIDE, Logged, SEBlock, SEResNetMONAI, write_monai

    task = make_task("seresnet_monai", 0)
    assert task.x.shape[1:] == (1, SER_SIDE, SER_SIDE) and float(task.extra["pixel_acc"]) < 0.4
    model = make_model("seresnet_monai", Recipe(), 0)
    assert isinstance(model, SEResNetMONAI) and sum(isinstance(m, SEBlock) for m in model.modules()) == 2
    with torch.no_grad():
        assert model.eval()(task.x[:2]).shape == (2, 4)
    dead = make_model("seresnet_monai", Recipe(dead_bias=-8.0), 0)
    assert all(float(m.bias.detach().max()) == -8.0 for m in dead.modules() if isinstance(m, torch.nn.BatchNorm2d))
    case = one_case(tmp_path, "seresnet_monai", "lr_too_low")
    assert case["fault_occurred"] and case["split"] == "tuning"
    text = (tmp_path / write_monai(Logged(rows44()), tmp_path, "s")).read_text().splitlines()
    assert text[:3] == ["----------", "epoch 1/2", "1/20, train_loss: 1.2500"]
    assert text[22:26] == [
        "epoch 1 average loss: 1.2500",
        "saved new best metric model",
        "current epoch: 1 current accuracy: 0.8750 best accuracy: 0.8750 at epoch 1",
        "----------",
    ]
    assert text[-3:] == ["epoch 2 average loss: nan", "current epoch: 2 current accuracy: 0.2500 best accuracy: 0.8750 "
                         "at epoch 1", "train completed, best_metric: 0.8750 at epoch: 1"]  # fmt: skip


def test_round_45s_families_are_built_by_default_and_hold_enough_cases_per_seed() -> None:
    assert build.__defaults__ is not None and build.__defaults__[0] == FAMILIES and len(FAMILIES) == 361
    # at least four healthy recipes each (all five: plain SGD with momentum and the easy task trained all six) and
    # five faults (ShuffleNet's batch norms hold 24 canvases' validation loss and undo a batch x100; InferSent: no
    # ReLU, it reads ids; PANNs' BCE clamps its log, its bn0 undoes a batch x100; the FFM: no ReLU, it reads ids, its
    # dot products took a rate far too high; IndRNN's batch norms took x300 Adam and undo a batch x100)
    faults_of = faults_per_family(ROUND45_FAMILIES, FAULTY_R45, HEALTHY_R45, TRACED_R45, 5)
    weak = {"sorted_data", "random_labels", "lr_too_low"}
    assert all(weak <= faults_of[f] for f in ROUND45_FAMILIES)
    assert {f for f in ROUND45_FAMILIES if "log_of_zero" not in faults_of[f]} == {"cnn14_panns"}
    assert {f for f in ROUND45_FAMILIES if "lr_too_high" not in faults_of[f]} == {"ffm_libffm", "indrnn_batzner"}
    assert {f for f in ROUND45_FAMILIES if "lr_too_high_sgd" not in faults_of[f]} == {"ffm_libffm"}
    dead = {"shufflenet_megvii", "chebnet_cnngraph", "cnn14_panns", "indrnn_batzner"}
    assert {f for f in ROUND45_FAMILIES if "dead_relu" in faults_of[f]} == dead
    assert {f for f in ROUND45_FAMILIES if "overfitting" not in faults_of[f]} == {"shufflenet_megvii"}
    assert {f for f in ROUND45_FAMILIES if "corrupt_batches" in faults_of[f]} == {"chebnet_cnngraph"}
    assert not any("deep_sigmoid" in faults_of[f] for f in ROUND45_FAMILIES)
    assert all(SPLIT_OF[f] == "tuning" for f in ROUND45_FAMILIES)


def rows45() -> list[dict[str, float]]:
    return writer_rows(3e-3, {"val_acc5": 1.0, "val_f1": 0.8}, {"val_acc5": 0.5, "val_f1": 0.2}, acc5=0.75)


def test_shufflenet_v2_splits_and_shuffles_channels_and_logs_as_shufflenet_series(tmp_path: Path) -> None:
    import torch
    from make_family_casebook import (
        SHF_SIDE,
        Logged,
        ShuffleNetV2Megvii,
        ShuffleV2Block,
        channel_shuffle,
        write_shufflenet,
    )

    task = make_task("shufflenet_megvii", 0)
    assert task.x.shape[1:] == (1, SHF_SIDE, SHF_SIDE) and float(task.extra["pixel_acc"]) < 0.3
    assert int(task.y.max()) == 7
    model = make_model("shufflenet_megvii", Recipe(), 0)
    assert isinstance(model, ShuffleNetV2Megvii) and sum(isinstance(m, ShuffleV2Block) for m in model.modules()) == 2
    with torch.no_grad():
        assert model.eval()(task.x[:2]).shape == (2, 8)
    halves = channel_shuffle(torch.arange(4.0).reshape(1, 4, 1, 1))
    assert halves[0].flatten().tolist() == [0.0, 2.0] and halves[1].flatten().tolist() == [1.0, 3.0]
    dead = make_model("shufflenet_megvii", Recipe(dead_bias=-8.0), 0)
    assert all(float(m.bias.detach().max()) == -8.0 for m in dead.modules() if isinstance(m, torch.nn.BatchNorm2d))
    case = one_case(tmp_path, "shufflenet_megvii", "lr_too_low")
    assert case["fault_occurred"] and case["split"] == "tuning"
    text = (tmp_path / write_shufflenet(Logged(rows45()), tmp_path, "s")).read_text().splitlines()
    assert text[:3] == [
        "[03 03:00:05] TRAIN Iter 10: lr = 0.003000,\tloss = 1.250000,\tTop-1 err = 0.500000,\tTop-5 err = 0.250000,"
        "\tdata_time = 0.000412,\ttrain_time = 0.012345",
        "[03 03:00:06] TRAIN Iter 20: lr = 0.003000,\tloss = 1.250000,\tTop-1 err = 0.500000,\tTop-5 err = 0.250000,"
        "\tdata_time = 0.000412,\ttrain_time = 0.012345",
        "[03 03:00:06] TEST Iter 20: loss = 0.500000,\tTop-1 err = 0.125000,\tTop-5 err = 0.000000,\tval_time = "
        "0.123456",
    ]
    assert text[3].startswith("[03 03:00:06] TRAIN Iter 30: lr = 0.003000,\tloss = nan,")
    last = "[03 03:00:07] TEST Iter 40: loss = 0.750000,\tTop-1 err = 0.750000,\tTop-5 err = 0.500000,\tval_time = "
    assert text[-1] == last + "0.123456"


def test_chebnet_filters_graph_signals_by_chebyshev_polynomials_and_logs_as_cnn_graph(tmp_path: Path) -> None:
    import torch
    from make_family_casebook import CHB_NODES, ChebConv, ChebNetCnnGraph, Logged, chebnet_graph, write_chebnet

    task = make_task("chebnet_cnngraph", 0)
    assert task.x.shape[1:] == (CHB_NODES,) and float(task.extra["signal_acc"]) < 0.35
    assert torch.equal(make_task("chebnet_cnngraph", 1).x[:0], task.x[:0]) and chebnet_graph()[0].sum() > 2 * CHB_NODES
    model = make_model("chebnet_cnngraph", Recipe(), 0)
    assert isinstance(model, ChebNetCnnGraph) and sum(isinstance(m, ChebConv) for m in model.modules()) == 2
    with torch.no_grad():
        assert model(task.x[:2]).shape == (2, 4)
    dead = make_model("chebnet_cnngraph", Recipe(dead_bias=-8.0), 0)
    assert float(dead.conv1.mix.bias.detach().max()) == -8.0 and float(dead.fc1.bias.detach().max()) == -8.0
    case = one_case(tmp_path, "chebnet_cnngraph", "lr_too_low")
    assert case["fault_occurred"] and case["split"] == "tuning"
    text = (tmp_path / write_chebnet(Logged(rows45()), tmp_path, "c")).read_text().splitlines()
    assert text == ["step 20 / 40 (epoch 0.21 / 0):", "  learning_rate = 3.00e-03, loss_average = 1.25e+00",
                    "  validation accuracy: 87.50 (224 / 256), f1 (weighted): 80.00, loss: 5.00e-01",
                    "  time: 0s (wall 0s)", "step 40 / 40 (epoch 0.42 / 0):",
                    "  learning_rate = 3.00e-03, loss_average = nan",
                    "  validation accuracy: 25.00 (64 / 256), f1 (weighted): 20.00, loss: 7.50e-01",
                    "  time: 1s (wall 0s)", "validation accuracy: peak = 87.50, mean = 56.25"]  # fmt: skip


def test_infersent_max_pools_a_bilstm_over_both_sentences_and_logs_as_train_nli(tmp_path: Path) -> None:
    import torch
    from make_family_casebook import INF_HYP, INF_PREMISE, InferSentNLI, Logged, write_infersent

    task = make_task("infersent_nli", 0)
    assert task.x.shape[1:] == (INF_PREMISE + INF_HYP,) and float(task.extra["bow_acc"]) < 0.45
    model = make_model("infersent_nli", Recipe(), 0)
    assert isinstance(model, InferSentNLI) and not any(isinstance(m, torch.nn.ReLU) for m in model.modules())
    assert model.enc_lstm.bidirectional
    with torch.no_grad():
        assert model(task.x[:2]).shape == (2, 3)
    case = one_case(tmp_path, "infersent_nli", "lr_too_low")
    assert case["fault_occurred"] and case["split"] == "tuning"
    text = (tmp_path / write_infersent(Logged(rows45()), tmp_path, "i")).read_text().splitlines()
    assert text[:10] == ["", "TRAINING : Epoch 1", "Learning rate : 0.003",
                         "288 ; loss 1.25 ; sentence/s 2150 ; words/s 25800 ; accuracy train : 50.0",
                         "608 ; loss 1.25 ; sentence/s 2150 ; words/s 25800 ; accuracy train : 50.0",
                         "results : epoch 1 ; mean accuracy train : 50.0", "", "VALIDATION : Epoch 1",
                         "togrep : results : epoch 1 ; mean accuracy valid : 87.5",
                         "saving model at epoch 1"]  # fmt: skip
    assert text[13] == "288 ; loss nan ; sentence/s 2150 ; words/s 25800 ; accuracy train : 50.0"
    assert text[-3:] == ["", "VALIDATION : Epoch 2", "togrep : results : epoch 2 ; mean accuracy valid : 25.0"]


def test_panns_cnn14_tags_sound_events_and_logs_as_audioset_tagging_cnn(tmp_path: Path) -> None:
    import torch
    from make_family_casebook import PAN_FRAMES, PAN_MELS, Cnn14Panns, Logged, PannsConvBlock, write_panns

    task = make_task("cnn14_panns", 0)
    assert task.x.shape[1:] == (1, PAN_FRAMES, PAN_MELS) and task.y.shape[1:] == (4,)
    assert float(task.extra["cell_map"]) < 0.65 and set(task.y.unique().tolist()) == {0.0, 1.0}
    model = make_model("cnn14_panns", Recipe(), 0)
    assert isinstance(model, Cnn14Panns) and sum(isinstance(m, PannsConvBlock) for m in model.modules()) == 2
    with torch.no_grad():
        assert model.eval()(task.x[:2]).shape == (2, 4)
    dead = make_model("cnn14_panns", Recipe(dead_bias=-8.0), 0)
    norms = [m for m in dead.modules() if isinstance(m, torch.nn.BatchNorm2d) and m is not dead.bn0]
    assert all(float(m.bias.detach().max()) == -8.0 for m in norms) and float(dead.bn0.bias.detach().max()) == 0.0
    case = one_case(tmp_path, "cnn14_panns", "lr_too_low")
    assert case["fault_occurred"] and case["split"] == "tuning"
    rows = rows45()
    rows[19].update(val_map=0.75, val_bal_map=0.5, val_test_map=1.0)
    rows[39].update(val_map=0.5, val_bal_map=0.25, val_test_map=0.75)
    text = (tmp_path / write_panns(Logged(rows), tmp_path, "p")).read_text().splitlines()
    assert text[:3] == ["tensor(1.2500, grad_fn=<BinaryCrossEntropyBackward0>)",
                        "--- Iteration: 0, train time: 1.234 s / 10 iterations ---",
                        "tensor(1.2500, grad_fn=<BinaryCrossEntropyBackward0>)"]  # fmt: skip
    assert text[22:24] == [
        "root        : INFO     Validate bal mAP: 0.500",
        "root        : INFO     Validate test mAP: 1.000",
    ]
    assert text[26:28] == ["root        : INFO     iteration: 20, train time: 2.468 s, validate time: 0.321 s",
                           "root        : INFO     ------------------------------------"]  # fmt: skip
    assert "tensor(nan, grad_fn=<BinaryCrossEntropyBackward0>)" in text
    assert text[-6] == "root        : INFO     Validate bal mAP: 0.250"


def test_libffm_pairs_fields_latent_vectors_and_logs_as_ffm_train(tmp_path: Path) -> None:
    import torch
    from make_family_casebook import FFM_FIELDS, FieldAwareFM, Logged, write_libffm

    task = make_task("ffm_libffm", 0)
    assert task.x.shape[1:] == (FFM_FIELDS,) and float(task.extra["onehot_acc"]) < 0.6
    model = make_model("ffm_libffm", Recipe(), 0)
    assert isinstance(model, FieldAwareFM) and not any(isinstance(m, torch.nn.Linear) for m in model.modules())
    with torch.no_grad():
        out = model(task.x[:2])
    assert out.shape == (2, 2) and torch.allclose(out[:, 0], -out[:, 1])
    case = one_case(tmp_path, "ffm_libffm", "lr_too_low")
    assert case["fault_occurred"] and case["split"] == "tuning"
    text = (tmp_path / write_libffm(Logged(rows45()), tmp_path, "f")).read_text().splitlines()
    assert text == ["iter   tr_logloss   va_logloss      tr_time", "   1      1.25000      0.50000          0.1",
                    "   2          nan      0.75000          0.2"]  # fmt: skip


def test_indrnn_recurs_unit_by_unit_and_logs_as_batzners_sequential_mnist(tmp_path: Path) -> None:
    import torch
    from make_family_casebook import IND_RECURRENT_MAX, IND_STEPS, IndRNNBatzner, IndRNNLayer, Logged, write_indrnn

    task = make_task("indrnn_batzner", 0)
    assert task.x.shape[1:] == (IND_STEPS, 1) and float(task.extra["value_acc"]) < 0.75
    model = make_model("indrnn_batzner", Recipe(), 0)
    assert isinstance(model, IndRNNBatzner) and sum(isinstance(m, IndRNNLayer) for m in model.modules()) == 2
    assert all(float(layer.recurrent.detach().max()) <= IND_RECURRENT_MAX for layer in model.layers)
    with torch.no_grad():
        assert model.eval()(task.x[:2]).shape == (2, 4)
    dead = make_model("indrnn_batzner", Recipe(dead_bias=-8.0), 0)
    assert all(float(layer.input_kernel.bias.detach().max()) == -8.0 for layer in dead.layers)
    case = one_case(tmp_path, "indrnn_batzner", "lr_too_low")
    assert case["fault_occurred"] and case["split"] == "tuning"
    text = (tmp_path / write_indrnn(Logged(rows45()), tmp_path, "r")).read_text().splitlines()
    assert [line[27:] for line in text] == [
        "Step 1 Loss 1.25 Acc 0.5", "Step 11 Loss 1.25 Acc 0.5", "Step 20 valid_loss 0.5 valid_acc 0.875",
        "Step 21 Loss 1.25 Acc 0.5", "Step 31 Loss nan Acc 0.5", "Step 40 valid_loss 0.75 valid_acc 0.25",
    ]  # fmt: skip
    assert text[0].startswith("2026-12-03 15:00:01.") and text[0][26] == " "


def test_round_46s_families_are_built_by_default_and_hold_enough_cases_per_seed() -> None:
    assert build.__defaults__ is not None and build.__defaults__[0] == FAMILIES and len(FAMILIES) == 361
    # at least four healthy recipes each (no plain SGD with momentum for DGCNN and VGGish: it left them unlearned) and
    # six faults (ConvMixer: GELUs, no ReLU, its batch norms undo a batch x100; TextRCNN: tanh contexts, it reads ids;
    # NFM: a square loss, no log, it reads ids, its batch norms held 24 rows' validation loss; PNN: a tanh layer, its
    # sigmoid cross-entropy with logits takes no log(0), it reads ids; DGCNN reads one-hot tags and links; VGGish: its
    # sigmoid cross-entropy with logits takes no log(0))
    faults_of = faults_per_family(ROUND46_FAMILIES, FAULTY_R46, HEALTHY_R46, TRACED_R46, 6)
    weak = {"sorted_data", "random_labels", "lr_too_low", "lr_too_high", "lr_too_high_sgd"}
    assert all(weak <= faults_of[f] for f in ROUND46_FAMILIES)
    no_log = {"nfm_hexiangnan", "pnn_atomu", "vggish_audioset"}
    assert {f for f in ROUND46_FAMILIES if "log_of_zero" not in faults_of[f]} == no_log
    assert {f for f in ROUND46_FAMILIES if "overfitting" not in faults_of[f]} == {"nfm_hexiangnan"}
    dead = {"nfm_hexiangnan", "dgcnn_sortpool", "vggish_audioset"}
    assert {f for f in ROUND46_FAMILIES if "dead_relu" in faults_of[f]} == dead
    assert {f for f in ROUND46_FAMILIES if "corrupt_batches" in faults_of[f]} == {"vggish_audioset"}
    sgd = {"dgcnn_sortpool", "vggish_audioset"}
    assert {f for f in ROUND46_FAMILIES if "healthy_sgd_momentum" not in faults_of[f]} == sgd
    assert not any("deep_sigmoid" in faults_of[f] for f in ROUND46_FAMILIES)
    assert all(SPLIT_OF[f] == "tuning" for f in ROUND46_FAMILIES)


def rows46() -> list[dict[str, float]]:
    first = {"train_rmse": 0.7, "val_rmse": 0.8, "test_rmse": 0.85, "train_auc": 0.7, "val_auc": 0.65}
    return writer_rows(
        1e-2, first, {"train_rmse": 0.6, "val_rmse": 0.9, "test_rmse": 0.95, "train_auc": 0.6, "val_auc": 0.5}
    )


def test_convmixer_mixes_patches_depthwise_and_logs_as_convmixer_cifar10(tmp_path: Path) -> None:
    import torch
    from make_family_casebook import CMX_SIDE, ConvMixerLocuslab, Logged, write_convmixer

    task = make_task("convmixer_locuslab", 0)
    assert task.x.shape[1:] == (1, CMX_SIDE, CMX_SIDE) and float(task.extra["pixel_acc"]) < 0.4
    assert abs(float(task.x.mean())) < 0.05  # a bright and a dark blob: every canvas sums to its noise's
    model = make_model("convmixer_locuslab", Recipe(), 0)
    assert isinstance(model, ConvMixerLocuslab) and not any(isinstance(m, torch.nn.ReLU) for m in model.modules())
    assert sum(isinstance(m, torch.nn.GELU) for m in model.modules()) == 1 + 2 * len(model.depthwise)
    assert all(m[0].groups == m[0].in_channels for m in model.depthwise)  # depthwise convolutions
    with torch.no_grad():
        assert model.eval()(task.x[:2]).shape == (2, 4)
    case = one_case(tmp_path, "convmixer_locuslab", "lr_too_low")
    assert case["fault_occurred"] and case["split"] == "tuning"
    text = (tmp_path / write_convmixer(Logged(rows46()), tmp_path, "c")).read_text().splitlines()
    assert text == ["[ConvMixer] Epoch: 0 | Train Acc: 0.5000, Test Acc: 0.8750, Time: 2.0, lr: 0.010000",
                    "[ConvMixer] Epoch: 1 | Train Acc: 0.5000, Test Acc: 0.2500, Time: 2.1, lr: 0.010000"]  # fmt: skip


def test_textrcnn_reads_left_and_right_contexts_and_logs_as_brightmarts_train(tmp_path: Path) -> None:
    import torch
    from make_family_casebook import RCN_FILLERS, RCN_LEN, Logged, TextRCNNBrightmart, write_textrcnn

    task = make_task("textrcnn_brightmart", 0)
    assert task.x.shape[1:] == (RCN_LEN,) and float(task.extra["bow_acc"]) < 0.55
    assert bool((task.x >= RCN_FILLERS).sum(1).eq(2).all())  # a sentiment word and a `not` in every text
    model = make_model("textrcnn_brightmart", Recipe(), 0)
    assert isinstance(model, TextRCNNBrightmart) and not any(isinstance(m, torch.nn.ReLU) for m in model.modules())
    assert model.projection.in_features == 3 * model.embedding.embedding_dim  # [c_l; e; c_r]
    with torch.no_grad():
        assert model(task.x[:2]).shape == (2, 4)
        assert not torch.allclose(model(task.x[:1]), model(task.x[:1].flip(1)))  # it reads the words' order
    case = one_case(tmp_path, "textrcnn_brightmart", "lr_too_low")
    assert case["fault_occurred"] and case["split"] == "tuning"
    text = (tmp_path / write_textrcnn(Logged(rows46()), tmp_path, "t")).read_text().splitlines()
    assert text[:7] == ["going to use single label loss.", "Initializing Variables",
                        "Epoch 0\tBatch 10\tTrain Loss:1.250\tTrain Accuracy:0.500",
                        "Epoch 0\tBatch 20\tTrain Loss:1.250\tTrain Accuracy:0.500",
                        "going to increment epoch counter....", "(0, 1, True)",
                        "Epoch 0 Validation Loss:0.500\tValidation Accuracy: 0.875"]  # fmt: skip
    assert text[7] == "Epoch 1\tBatch 10\tTrain Loss:nan\tTrain Accuracy:0.500"
    assert text[-1] == "Epoch 1 Validation Loss:0.750\tValidation Accuracy: 0.250"


def test_nfm_pools_bi_interactions_and_logs_as_neural_fm(tmp_path: Path) -> None:
    import torch
    from make_family_casebook import NFM_FIELDS, Logged, NeuralFMHe, write_nfm

    task = make_task("nfm_hexiangnan", 0)
    assert task.x.shape[1:] == (NFM_FIELDS,) and set(task.y.unique().tolist()) == {-1.0, 1.0}
    assert float(task.extra["onehot_rmse"]) > 0.95  # a ridge regression of the one-hot rows: about the constant's
    model = make_model("nfm_hexiangnan", Recipe(), 0)
    assert isinstance(model, NeuralFMHe) and model.prediction.bias is None
    with torch.no_grad():
        assert model.eval()(task.x[:2]).shape == (2,)
    dead = make_model("nfm_hexiangnan", Recipe(dead_bias=-8.0), 0)
    assert float(dead.bn_0.bias.detach().max()) == -8.0 and float(dead.bn_fm.bias.detach().abs().max()) == 0.0
    case = one_case(tmp_path, "nfm_hexiangnan", "lr_too_low")
    assert case["fault_occurred"] and case["split"] == "tuning"
    text = (tmp_path / write_nfm(Logged(rows46()), tmp_path, "n")).read_text().splitlines()
    assert text == ["Epoch 1 [0.4 s]\ttrain=0.7000, validation=0.8000, test=0.8500 [0.1 s]",
                    "Epoch 2 [0.4 s]\ttrain=0.6000, validation=0.9000, test=0.9500 [0.1 s]",
                    "Best Iter(validation)= 1\t train = 0.7000, valid = 0.8000, test = 0.8500 [1.0 s]"]  # fmt: skip


def test_pnn_feeds_field_pairs_inner_products_and_logs_as_product_nets(tmp_path: Path) -> None:
    import torch
    from make_family_casebook import PNN_EMB, PNN_FIELDS, Logged, ProductNetIPNN, write_pnn

    task = make_task("pnn_atomu", 0)
    assert task.x.shape[1:] == (PNN_FIELDS,) and set(task.y.unique().tolist()) == {0.0, 1.0}
    assert float(task.extra["onehot_auc"]) < 0.6
    model = make_model("pnn_atomu", Recipe(), 0)
    assert isinstance(model, ProductNetIPNN) and not any(isinstance(m, torch.nn.ReLU) for m in model.modules())
    assert model.w0.in_features == PNN_FIELDS * PNN_EMB + PNN_FIELDS * (PNN_FIELDS - 1) // 2  # embeddings, products
    with torch.no_grad():
        assert model(task.x[:2]).shape == (2,)
    case = one_case(tmp_path, "pnn_atomu", "lr_too_low")
    assert case["fault_occurred"] and case["split"] == "tuning"
    text = (tmp_path / write_pnn(Logged(rows46()), tmp_path, "p")).read_text().splitlines()
    assert text == ["[0]\ttraining...", "[0]\tevaluating...",
                    "[0]\tloss (with l2 norm):1.250000\ttrain-auc: 0.700000\teval-auc: 0.650000",
                    "[1]\ttraining...", "[1]\tevaluating...",
                    "[1]\tloss (with l2 norm):nan\ttrain-auc: 0.600000\teval-auc: 0.500000"]  # fmt: skip
    rows = rows46()
    rows[39]["val_loss"] = math.nan  # predictions not finite: roc_auc_score raises
    text = (tmp_path / write_pnn(Logged(rows), tmp_path, "q")).read_text().splitlines()
    assert text[3:6] == ["[1]\ttraining...", "[1]\tevaluating...", "Traceback (most recent call last):"]
    assert text[-1].startswith("ValueError: Input contains NaN, infinity")


def test_dgcnn_sort_pools_graph_convolutions_and_logs_as_pytorch_dgcnn(tmp_path: Path) -> None:
    import torch
    from make_family_casebook import DGS_FILLERS, DGS_NODES, DGCNNSortPool, Logged, write_dgcnn_sortpool

    task = make_task("dgcnn_sortpool", 0)
    assert task.x.shape[1:] == (DGS_NODES, DGS_NODES + DGS_FILLERS + 3) and float(task.extra["graph_acc"]) < 0.35
    adj = task.x[:, :, :DGS_NODES]
    assert torch.equal(adj, adj.transpose(1, 2)) and bool((task.x[:, :, DGS_NODES + DGS_FILLERS :].sum(1) == 1).all())
    model = make_model("dgcnn_sortpool", Recipe(), 0)
    assert isinstance(model, DGCNNSortPool) and len(model.conv_params) == 4 and model.dense_dim > 0
    with torch.no_grad():
        assert model(task.x[:2]).shape == (2, 4)
        order = torch.randperm(DGS_NODES)  # SortPooling: the nodes' order does not matter
        shuffled = torch.cat([task.x[:1, order][:, :, order], task.x[:1, order, DGS_NODES:]], 2)
        assert torch.allclose(model(shuffled), model(task.x[:1]), atol=1e-5)
    dead = make_model("dgcnn_sortpool", Recipe(dead_bias=-8.0), 0)
    assert float(dead.conv1d_params1.bias.detach().max()) == -8.0 and float(dead.h1_weights.bias.detach().max()) == -8.0
    case = one_case(tmp_path, "dgcnn_sortpool", "lr_too_low")
    assert case["fault_occurred"] and case["split"] == "tuning"
    text = (tmp_path / write_dgcnn_sortpool(Logged(rows46()), tmp_path, "d")).read_text().splitlines()
    assert text == [f"k used in SortPooling is: {DGS_NODES}",
                    "\033[92maverage training of epoch 0: loss 1.25000 acc 0.50000\033[0m",
                    "\033[93maverage test of epoch 0: loss 0.50000 acc 0.87500\033[0m",
                    "\033[92maverage training of epoch 1: loss nan acc 0.50000\033[0m",
                    "\033[93maverage test of epoch 1: loss 0.75000 acc 0.25000\033[0m"]  # fmt: skip


def test_vggish_stacks_vgg_blocks_on_log_mel_patches_and_logs_as_its_train_demo(tmp_path: Path) -> None:
    import torch
    from make_family_casebook import VGH_BANDS, VGH_FRAMES, Logged, VGGishAudioSet, write_vggish

    task = make_task("vggish_audioset", 0)
    assert task.x.shape[1:] == (1, VGH_FRAMES, VGH_BANDS) and float(task.extra["cell_acc"]) < 0.45
    model = make_model("vggish_audioset", Recipe(), 0)
    assert isinstance(model, VGGishAudioSet) and not any("Norm" in type(m).__name__ for m in model.modules())
    assert sum(isinstance(m, torch.nn.Conv2d) for m in model.modules()) == 6
    assert sum(isinstance(m, torch.nn.MaxPool2d) for m in model.modules()) == 4
    with torch.no_grad():
        assert model(task.x[:2]).shape == (2, 3)
    dead = make_model("vggish_audioset", Recipe(dead_bias=-8.0), 0)
    assert all(float(m.bias.detach().max()) == -8.0 for m in dead.modules() if isinstance(m, torch.nn.Conv2d))
    case = one_case(tmp_path, "vggish_audioset", "lr_too_low")
    assert case["fault_occurred"] and case["split"] == "tuning"
    text = (tmp_path / write_vggish(Logged(rows46()), tmp_path, "v")).read_text().splitlines()
    assert len(text) == 40 and text[0] == "Step 1: loss 1.25" and text[29] == "Step 30: loss nan"


def test_round_47s_families_are_built_by_default_and_hold_enough_cases_per_seed() -> None:
    assert build.__defaults__ is not None and build.__defaults__[0] == FAMILIES and len(FAMILIES) == 361
    # at least four healthy recipes each (no plain SGD with momentum for GGNN and Caser: it left them unlearned) and
    # five faults (PyramidNet, DS-CNN: their batch norms undo a batch x100; GGNN: a square loss, no log, a GRU cell, no
    # ReLU, it reads one-hot atoms and bonds, its 24 graphs held its validation loss; Caser reads ids)
    faults_of = faults_per_family(ROUND47_FAMILIES, FAULTY_R47, HEALTHY_R47, TRACED_R47, 5)
    weak = {"sorted_data", "random_labels", "lr_too_low", "lr_too_high", "lr_too_high_sgd"}
    assert all(weak <= faults_of[f] for f in ROUND47_FAMILIES)
    assert {f for f in ROUND47_FAMILIES if "log_of_zero" not in faults_of[f]} == {"ggnn_msr"}
    assert {f for f in ROUND47_FAMILIES if "overfitting" not in faults_of[f]} == {"ggnn_msr"}
    assert {f for f in ROUND47_FAMILIES if "dead_relu" in faults_of[f]} == {
        "pyramidnet_dyhan", "dscnn_armkws", "caser_graytowne"
    }  # fmt: skip
    assert {f for f in ROUND47_FAMILIES if "healthy_sgd_momentum" not in faults_of[f]} == {
        "ggnn_msr",
        "caser_graytowne",
    }
    assert all("healthy_easy" in faults_of[f] for f in ROUND47_FAMILIES)
    assert not any("corrupt_batches" in faults_of[f] or "deep_sigmoid" in faults_of[f] for f in ROUND47_FAMILIES)
    assert all(SPLIT_OF[f] == "tuning" for f in ROUND47_FAMILIES)


def rows47() -> list[dict[str, float]]:
    return writer_rows(1e-2, {"val_mae": 0.4}, {"val_mae": 0.6}, mae=0.5)


def test_pyramidnet_widens_its_blocks_additively_and_logs_as_pyramidnet_pytorch(tmp_path: Path) -> None:
    import torch
    from make_family_casebook import PYR_CLASSES, PYR_SIDE, Logged, PyramidNetDyhan, write_pyramidnet

    task = make_task("pyramidnet_dyhan", 0)
    assert task.x.shape[1:] == (1, PYR_SIDE, PYR_SIDE) and float(task.extra["pixel_acc"]) < 0.35
    model = make_model("pyramidnet_dyhan", Recipe(), 0)
    widths = [block.conv2.out_channels for block in model.blocks]
    assert isinstance(model, PyramidNetDyhan) and widths == sorted(widths) and len(set(widths)) == len(widths)
    steps = {b - a for a, b in zip(widths, widths[1:], strict=False)}
    assert steps <= {3, 4, 5}  # the additive pyramid: about alpha / N channels a block
    assert all(m.bias is None for m in model.modules() if isinstance(m, torch.nn.Conv2d))
    with torch.no_grad():
        assert model.eval()(task.x[:2]).shape == (2, PYR_CLASSES)
    dead = make_model("pyramidnet_dyhan", Recipe(dead_bias=-8.0), 0)
    assert (
        all(float(block.bn2.bias.detach().max()) == -8.0 for block in dead.blocks)
        and float(dead.bn_final.bias.detach().max()) == -8
    )
    case = one_case(tmp_path, "pyramidnet_dyhan", "lr_too_low")
    assert case["fault_occurred"] and case["split"] == "tuning"
    text = (tmp_path / write_pyramidnet(Logged(rows46()), tmp_path, "p")).read_text().splitlines()
    assert text[:5] == ["Epoch: [1][0/20]\tTime 0.052 (0.052)\tLoss 1.2500 (1.2500)\ttop 1-err 50.000 (50.000)",
                        "Epoch: [1][10/20]\tTime 0.052 (0.052)\tLoss 1.2500 (1.2500)\ttop 1-err 50.000 (50.000)",
                        "Test: [0/8]\tTime 0.031 (0.031)\tLoss 0.5000 (0.5000)\ttop 1-err 12.500 (12.500)",
                        "Epoch: [1/2]\t Top 1-err 12.500", "Current best accuracy (error): 12.5"]  # fmt: skip
    assert text[-3:] == ["Epoch: [2/2]\t Top 1-err 75.000", "Current best accuracy (error): 12.5",
                         "Best accuracy (error):  12.5"]  # fmt: skip


def test_ggnn_passes_gated_messages_and_logs_as_chem_tensorflow(tmp_path: Path) -> None:
    import torch
    from make_family_casebook import GGN_NODES, GGN_TYPES, GGNNMsr, Logged, write_ggnn

    task = make_task("ggnn_msr", 0)
    assert task.x.shape[1:] == (GGN_NODES, 2 * GGN_NODES + GGN_TYPES) and float(task.extra["graph_mae"]) > 0.5
    single, double = task.x[:, :, :GGN_NODES], task.x[:, :, GGN_NODES : 2 * GGN_NODES]
    assert torch.equal(single, single.transpose(1, 2)) and float((single * double).max()) == 0.0  # one bond a pair
    model = make_model("ggnn_msr", Recipe(), 0)
    assert isinstance(model, GGNNMsr) and not any(isinstance(m, torch.nn.ReLU) for m in model.modules())
    assert isinstance(model.gru, torch.nn.GRUCell) and len(model.edge_weights) == 2
    with torch.no_grad():
        assert model(task.x[:2]).shape == (2,)
        order = torch.randperm(GGN_NODES)  # a graph's atoms' order does not matter
        adj = torch.cat([task.x[:1, order][:, :, order], task.x[:1, order][:, :, GGN_NODES + order]], 2)
        shuffled = torch.cat([adj, task.x[:1, order, 2 * GGN_NODES :]], 2)
        assert torch.allclose(model(shuffled), model(task.x[:1]), atol=1e-5)
    case = one_case(tmp_path, "ggnn_msr", "lr_too_low")
    assert case["fault_occurred"] and case["split"] == "tuning"
    text = (
        (tmp_path / write_ggnn(Logged(rows47()), tmp_path, "g")).read_bytes().decode().split("\n")[:-1]
    )  # its \r kept
    assert text[0] == "== Epoch 1" and text[1].startswith("Running epoch 1 (training), batch 0 (has 32 graphs). ")
    assert text[1].count("\r") == 21 and text[1].endswith(
        "\r\x1b[K Train: loss: 1.25000 | acc: 0:0.50000 | error_ratio: 0:7.51725 | instances/sec: 1235.56"
    )
    assert text[2].endswith(
        "\r\x1b[K Valid: loss: 0.50000 | acc: 0:0.40000 | error_ratio: 0:6.01380 | instances/sec: 4322.09"
    )
    assert text[3] == (
        "  (Best epoch so far, cum. val. acc decreased to 0.40000 from inf. "
        "Saving to './2026-12-06-04-42-29_4242_model_best.pickle')"
    )
    assert text[4] == "== Epoch 2" and len(text) == 7  # no better epoch: no saving line
    assert "Loss so far: nan" in text[5]


def test_ds_cnn_separates_depthwise_and_logs_as_ml_kws_for_mcu(tmp_path: Path) -> None:
    import torch
    from make_family_casebook import DSK_COEFFS, DSK_FRAMES, DSCNNArmKws, Logged, write_dscnn

    task = make_task("dscnn_armkws", 0)
    assert task.x.shape[1:] == (1, DSK_FRAMES, DSK_COEFFS) and float(task.extra["cell_acc"]) < 0.4
    model = make_model("dscnn_armkws", Recipe(), 0)
    convs = [m for m in model.modules() if isinstance(m, torch.nn.Conv2d)]
    assert isinstance(model, DSCNNArmKws) and sum(m.groups == m.in_channels > 1 for m in convs) == 3  # depthwise
    assert sum(m.kernel_size == (1, 1) for m in convs) == 3  # pointwise
    with torch.no_grad():
        assert model.eval()(task.x[:2]).shape == (2, 4)
    dead = make_model("dscnn_armkws", Recipe(dead_bias=-8.0), 0)
    assert all(float(m.bias.detach().max()) == -8.0 for m in dead.modules() if isinstance(m, torch.nn.BatchNorm2d))
    case = one_case(tmp_path, "dscnn_armkws", "lr_too_low")
    assert case["fault_occurred"] and case["split"] == "tuning"
    text = (tmp_path / write_dscnn(Logged(rows46()), tmp_path, "k")).read_text().splitlines()
    assert text[0] == "INFO:tensorflow:Step #1: rate 0.010000, accuracy 50.00%, cross entropy 1.250000"
    assert text[20:23] == ["INFO:tensorflow:Step 20: Validation accuracy = 87.50% (N=256)",
                           'INFO:tensorflow:Saving best model to "/tmp/speech_commands_train/best/ds_cnn_8750.ckpt-20"',
                           "INFO:tensorflow:So far the best validation accuracy is 87.50%"]  # fmt: skip
    assert text[32] == "INFO:tensorflow:Step #30: rate 0.010000, accuracy 50.00%, cross entropy nan"
    assert text[-2:] == ["INFO:tensorflow:Step 40: Validation accuracy = 25.00% (N=256)",
                         "INFO:tensorflow:So far the best validation accuracy is 87.50%"]  # fmt: skip


def test_caser_convolves_its_window_beside_the_user_and_logs_as_caser_pytorch(tmp_path: Path) -> None:
    import torch
    from make_family_casebook import (
        CSR_DIM,
        CSR_ITEMS,
        CSR_L,
        CSR_NH,
        CSR_USERS,
        CaserGraytowne,
        Logged,
        caser_scores,
        write_caser,
    )

    task = make_task("caser_graytowne", 0)
    assert task.x.shape[1:] == (1 + CSR_L,) and int(task.x[:, 0].max()) < CSR_USERS
    assert int(task.x[:, 1:].max()) < CSR_ITEMS and int(task.y.max()) < CSR_ITEMS
    assert float(task.extra["pop_map"]) < float(task.extra["oracle_map"]) < 1
    model = make_model("caser_graytowne", Recipe(), 0)
    assert isinstance(model, CaserGraytowne) and model.conv_v.kernel_size == (CSR_L, 1)
    assert [conv.kernel_size for conv in model.conv_h] == [(i, CSR_DIM) for i in range(1, CSR_L + 1)]
    assert model.fc1.in_features == 4 * CSR_DIM + CSR_NH * CSR_L and model.W2.embedding_dim == 2 * CSR_DIM
    with torch.no_grad():
        assert caser_scores(model.eval(), task.x[:2]).shape == (2, CSR_ITEMS)
    dead = make_model("caser_graytowne", Recipe(dead_bias=-8.0), 0)
    assert all(float(conv.bias.detach().max()) == -8.0 for conv in dead.conv_h)
    assert float(dead.fc1.bias.detach().max()) == -8.0 and float(dead.b2.weight.detach().abs().max()) == 0.0
    case = one_case(tmp_path, "caser_graytowne", "lr_too_low")
    assert case["fault_occurred"] and case["split"] == "tuning"
    first = {f"val_{m}": 0.1 for m in ("map", "prec1", "prec5", "prec10", "recall1", "recall5", "recall10")}
    last = {f"val_{m}": 0.2 for m in ("map", "prec1", "prec5", "prec10", "recall1", "recall5", "recall10")}
    text = (tmp_path / write_caser(Logged(writer_rows(1e-2, first, last)), tmp_path, "c")).read_text().splitlines()
    assert text[0].startswith("Namespace(L=5, T=1, batch_size=32, l2=0.0, learning_rate=0.01, n_iter=2, ")
    assert text[1] == "Namespace(L=5, ac_conv='relu', ac_fc='relu', d=16, drop=0.2, nh=8, nv=4)"
    assert text[2] == "total training instances: 3072" and len(text) == 5
    assert text[3] == (
        "Epoch 1 [0.4 s]\tloss=1.2500, map=0.1000, prec@1=0.1000, prec@5=0.1000, prec@10=0.1000, recall@1=0.1000, "
        "recall@5=0.1000, recall@10=0.1000, [0.1 s]"
    )
    assert text[4].startswith("Epoch 2 [0.4 s]\tloss=nan, map=0.2000, ")


def test_round_48s_families_are_built_by_default_and_hold_enough_cases_per_seed() -> None:
    assert build.__defaults__ is not None and build.__defaults__[0] == FAMILIES and len(FAMILIES) == 361
    # at least four healthy recipes each (no plain SGD with momentum for tinygrad's CNN, GE2E and the maxout MLP: it
    # left them unlearned) and five faults (tinygrad's CNN, VDCNN: their batch norms undo a batch x100; VDCNN and
    # DiffPool read ids and one-hot graphs; VW's --nn: tanh units, no log of its own to break, its clipped hidden units
    # bound a batch x100; GE2E: an LSTM, no label in its loss, its gates bound a batch x100; maxout units cannot die)
    faults_of = faults_per_family(ROUND48_FAMILIES, FAULTY_R48, HEALTHY_R48, TRACED_R48, 5)
    weak = {"sorted_data", "lr_too_low", "lr_too_high", "lr_too_high_sgd", "overfitting"}
    assert all(weak <= faults_of[f] for f in ROUND48_FAMILIES)
    assert {f for f in ROUND48_FAMILIES if "random_labels" not in faults_of[f]} == {"ge2e_speaker"}
    assert {f for f in ROUND48_FAMILIES if "log_of_zero" not in faults_of[f]} == {"nn_vowpal"}
    assert {f for f in ROUND48_FAMILIES if "dead_relu" in faults_of[f]} == {
        "mnist_cnn_tinygrad", "vdcnn_littlemonkeys", "diffpool_rexying"
    }  # fmt: skip
    assert {f for f in ROUND48_FAMILIES if "deep_sigmoid" in faults_of[f]} == {"vdcnn_littlemonkeys", "maxout_pylearn2"}
    assert {f for f in ROUND48_FAMILIES if "healthy_sgd_momentum" not in faults_of[f]} == {
        "mnist_cnn_tinygrad", "ge2e_speaker", "maxout_pylearn2"
    }  # fmt: skip
    assert all("healthy_easy" in faults_of[f] for f in ROUND48_FAMILIES)
    assert {f for f in ROUND48_FAMILIES if "corrupt_batches" in faults_of[f]} == {"maxout_pylearn2"}
    assert all(SPLIT_OF[f] == "tuning" for f in ROUND48_FAMILIES)


def rows48() -> list[dict[str, float]]:
    return writer_rows(1e-2, {}, {})


def test_tinygrads_mnist_cnn_pools_after_its_batch_norms_and_logs_as_beautiful_mnist(tmp_path: Path) -> None:
    import torch
    from make_family_casebook import TNY_SIDE, Logged, TinygradMnistCNN, write_tinygrad

    task = make_task("mnist_cnn_tinygrad", 0)
    assert task.x.shape[1:] == (1, TNY_SIDE, TNY_SIDE) and float(task.extra["pixel_acc"]) < 0.4
    model = make_model("mnist_cnn_tinygrad", Recipe(), 0)
    kinds = [type(m).__name__ for m in model.layers]
    assert isinstance(model, TinygradMnistCNN) and kinds[:6] == ["Conv2d", "ReLU", "Conv2d", "ReLU", "BatchNorm2d",
                                                                 "MaxPool2d"]  # fmt: skip
    assert [m.kernel_size for m in model.modules() if isinstance(m, torch.nn.Conv2d)] == [
        (5, 5),
        (5, 5),
        (3, 3),
        (3, 3),
    ]
    with torch.no_grad():
        assert model.eval()(task.x[:2]).shape == (2, 4)
    dead = make_model("mnist_cnn_tinygrad", Recipe(dead_bias=-8.0), 0)
    assert all(float(m.bias.detach().max()) == -8.0 for m in dead.modules() if isinstance(m, torch.nn.Conv2d))
    case = one_case(tmp_path, "mnist_cnn_tinygrad", "lr_too_low")
    assert case["fault_occurred"] and case["split"] == "tuning"
    raw = (tmp_path / write_tinygrad(Logged(rows48()), tmp_path, "t")).read_bytes().decode()
    frames = raw.split("\r")
    assert frames[0] == "" and raw.endswith("\n") and raw.count("\n") == 1 and len(frames) == 43  # one bar
    assert frames[1] == "  0%|          | 0/40 [00:00<?, ?it/s]"
    assert frames[2] == "loss:   1.25 test_accuracy:   nan%:   0%|          | 0/40 [00:00<?, ?it/s]"
    assert frames[21] == (
        "loss:   1.25 test_accuracy: 87.50%:  48%|\u2588\u2588\u2588\u2588\u258a     | 19/40 [00:00<00:01, 20.00it/s]"
    )
    assert frames[31].startswith("loss:    nan test_accuracy: 87.50%:  72%|")
    assert (
        frames[-1] == "loss:   1.25 test_accuracy: 25.00%: 100%|" + "\u2588" * 10 + "| 40/40 [00:02<00:00, 20.00it/s]\n"
    )


def test_vdcnn_k_max_pools_residual_conv_blocks_and_logs_as_vdcnn_pytorch(tmp_path: Path) -> None:
    import torch
    from make_family_casebook import VDC_K, VDC_LEN, VDC_VOCAB, Logged, VdcnnNet, VdcnnResBlock, write_vdcnn

    task = make_task("vdcnn_littlemonkeys", 0)
    assert task.x.shape[1:] == (VDC_LEN,) and int(task.x.max()) < VDC_VOCAB and float(task.extra["count_acc"]) < 0.35
    assert bool(((task.x == 1).sum(1) == 2).all()) and bool(((task.x == 2).sum(1) == 2).all())  # two p's, two q's
    model = make_model("vdcnn_littlemonkeys", Recipe(), 0)
    blocks = [m for m in model.res_blocks if isinstance(m, VdcnnResBlock)]
    assert isinstance(model, VdcnnNet) and len(blocks) == 4 and [b.pool is not None for b in blocks] == [0, 1, 0, 1]
    assert model.fc[0].in_features == blocks[-1].shortcut.out_channels * VDC_K
    with torch.no_grad():
        assert model.eval()(task.x[:2]).shape == (2, 4)
    dead = make_model("vdcnn_littlemonkeys", Recipe(dead_bias=-8.0), 0)
    assert all(float(m.bias.detach().max()) == -8.0 for m in dead.modules() if isinstance(m, torch.nn.BatchNorm1d))
    deep = make_model("vdcnn_littlemonkeys", Recipe(sigmoid_depth=12), 0)
    assert sum(isinstance(m, torch.nn.Sigmoid) for m in deep.fc) == 12
    case = one_case(tmp_path, "vdcnn_littlemonkeys", "lr_too_low")
    assert case["fault_occurred"] and case["split"] == "tuning"
    text = (tmp_path / write_vdcnn(Logged(rows48()), tmp_path, "v")).read_text().splitlines()
    assert text[:5] == ["cuda: False", "loading data...", "data size: 3072", "batch size: 32", "vdcnn("]
    assert "    (0): res_block(" in text and "      (conv_block): conv_block(" in text
    assert text[-5:] == ["training model...", "epoch = 1, loss = 1.250000, time = 0.415345",
                         "epoch = 2, loss = nan, time = 0.418345", "saving model",
                         "saved model at epoch 2"]  # fmt: skip


def test_vowpal_wabbits_nn_clips_tanh_units_and_logs_its_progress_table(tmp_path: Path) -> None:
    import torch
    from make_family_casebook import VWN_CLIP, VWN_FEATS, VWN_HIDDEN, Logged, VowpalNN, write_vowpal

    task = make_task("nn_vowpal", 0)
    assert task.x.shape[1:] == (VWN_FEATS,) and set(task.y.unique().tolist()) == {0.0, 1.0}
    assert float(task.extra["linear_acc"]) < 0.6
    model = make_model("nn_vowpal", Recipe(), 0)
    assert isinstance(model, VowpalNN) and model.hidden.out_features == VWN_HIDDEN
    assert not any(isinstance(m, torch.nn.ReLU) for m in model.modules())
    with torch.no_grad():  # its hidden units clipped at +-3 before their tanh
        big = 100.0 * task.x[:4]
        pre = model.hidden(big)
        clipped = torch.tanh(pre.clamp(-VWN_CLIP, VWN_CLIP))
        assert float(pre.abs().max()) > 10 * VWN_CLIP and float(clipped.abs().max()) <= math.tanh(VWN_CLIP) + 1e-6
        assert torch.allclose(model(big), model.output(clipped).squeeze(1))
    case = one_case(tmp_path, "nn_vowpal", "lr_too_low")
    assert case["fault_occurred"] and case["split"] == "tuning"
    task.family = "nn_vowpal"
    task.extra["current"] = torch.tensor([[32.0, 2.0, 1.0, 0.25]] * 40)
    text = (tmp_path / write_vowpal(Logged(rows48()), tmp_path, "w", task)).read_text().splitlines()
    assert text[11:15] == [
        "average  since         example        example        current        current  current",
        "loss     last          counter         weight          label        predict features",
        "1.250000 1.250000          640          640.0         1.0000         0.2500        9",
        "nan      nan              1280         1280.0         1.0000         0.2500        9",
    ]
    assert text[15:19] == ["", "finished run", "number of examples = 1280", "weighted example sum = 1280.000000"]
    assert text[-1] == "total feature number = 11520"


def test_diffpool_pools_nodes_into_soft_clusters_and_logs_as_its_train(tmp_path: Path) -> None:
    import torch
    from make_family_casebook import DFP_CLUSTERS, DFP_NODES, DFP_TYPES, DiffPoolSoft, Logged, write_diffpool

    task = make_task("diffpool_rexying", 0)
    assert task.x.shape[1:] == (DFP_NODES, DFP_NODES + DFP_TYPES) and float(task.extra["graph_acc"]) < 0.6
    adj, types = task.x[:, :, :DFP_NODES], task.x[:, :, DFP_NODES:]
    assert torch.equal(adj, adj.transpose(1, 2)) and bool((types.sum(1)[:, 0] == 4).all())  # four marked nodes each
    model = make_model("diffpool_rexying", Recipe(), 0)
    assert isinstance(model, DiffPoolSoft) and model.assign_pred.out_features == DFP_CLUSTERS
    with torch.no_grad():
        out = model.eval()(task.x[:2])
        order = torch.randperm(DFP_NODES)  # a graph's nodes' order does not matter
        shuffled = torch.cat([task.x[:1, order][:, :, order], task.x[:1, order, DFP_NODES:]], 2)
        assert out.shape == (2, 2) and torch.allclose(model(shuffled), out[:1], atol=1e-5)
    dead = make_model("diffpool_rexying", Recipe(dead_bias=-8.0), 0)
    assert all(float(m.bias.detach().max()) == -8.0 for m in dead.modules() if isinstance(m, torch.nn.Linear))
    case = one_case(tmp_path, "diffpool_rexying", "lr_too_low")
    assert case["fault_occurred"] and case["split"] == "tuning"
    ev = {"val_prec": 0.875, "val_recall": 0.75, "train_acc": 0.5, "train_prec": 0.625, "train_recall": 0.5}
    text = (tmp_path / write_diffpool(Logged(writer_rows(1e-2, ev, ev)), tmp_path, "g")).read_text().splitlines()
    assert text[0] == "CUDA 1" and text[1] == "Num training graphs:  3072 ; Num testing graphs:  1024"
    assert text[4] == "Max, avg, std of graph size:  12 , 12.00, 0.00"
    assert text[5:9] == ["Epoch:  0", "Iter:  20 , loss:  1.25", "Avg loss:  1.25 ; epoch time:  0.4223456789",
                         "Train  prec: 0.625"]  # fmt: skip
    assert text[14] == "Best result:  {'epoch': 0, 'loss': 1.25, 'acc': 0.875}"
    assert text[17].startswith("Avg loss:  nan ; ") and text[-2] == "Validation  accuracy: 0.25"
    assert text[-1] == "Best result:  {'epoch': 0, 'loss': 1.25, 'acc': 0.875}"


def test_ge2e_embeds_speakers_against_their_centroids_and_logs_as_its_trainer(tmp_path: Path) -> None:
    import torch
    from make_family_casebook import GE2_FRAMES, GE2_M, GE2_MELS, Ge2eEmbedder, Logged, ge2e_loss, write_ge2e

    task = make_task("ge2e_speaker", 0)
    assert task.x.shape[1:] == (GE2_M, GE2_FRAMES, GE2_MELS) and 0.1 < float(task.extra["mean_eer"]) < 0.4
    model = make_model("ge2e_speaker", Recipe(), 0)
    assert isinstance(model, Ge2eEmbedder) and not any(isinstance(m, torch.nn.ReLU) for m in model.modules())
    assert (
        float(model.w.detach()) == 10.0 and float(model.b.detach()) == -5.0
    )  # the loss's scale and shift, learned with the model
    with torch.no_grad():
        emb = model(task.x[:4])
        assert emb.shape[:2] == (4, GE2_M) and abs(float(emb.norm()) - 1.0) < 1e-5  # divided by the batch's norm
        loss = float(ge2e_loss(model, emb, Recipe()))
        assert 4 * GE2_M * 0.5 < loss < 4 * GE2_M * 10  # summed over the utterances
        assert not math.isfinite(float(ge2e_loss(model, 100 * emb, Recipe(log_softmax_by_hand=True))))
    case = one_case(tmp_path, "ge2e_speaker", "lr_too_low")
    assert case["fault_occurred"] and case["split"] == "tuning"
    rows = [{"step": float(i), "lr": 0.01, "loss": 100.0 + i, "grad_norm": 1.0} for i in range(1, 101)]
    rows[59]["loss"] = math.nan
    text = (tmp_path / write_ge2e(Logged(rows), tmp_path, "s")).read_text().split("\n")
    assert text[:2] == ["Sun Dec  6 09:00:01 2026\tEpoch:1[30/96],Iteration:30\tLoss:130.0000\tTLoss:115.5000\t", ""]
    assert text[2] == "Sun Dec  6 09:00:03 2026\tEpoch:1[60/96],Iteration:60\tLoss:nan\tTLoss:nan\t"
    assert text[-2] == "Done, trained model saved at ./speech_id_checkpoint/final_epoch_2_batch_id_4.model"


def test_pylearn2s_maxout_mlp_caps_its_column_norms_and_logs_as_its_monitor(tmp_path: Path) -> None:
    import torch
    from make_family_casebook import (
        MXO_COL_NORM,
        MXO_FEATS,
        MXO_PIECES,
        MXO_UNITS,
        Logged,
        Pylearn2MaxoutLayer,
        Pylearn2MaxoutMLP,
        write_pylearn2,
    )

    task = make_task("maxout_pylearn2", 0)
    assert task.x.shape[1:] == (MXO_FEATS,) and float(task.extra["linear_acc"]) < 0.4
    assert torch.equal(make_task("maxout_pylearn2", 0).y, task.y)
    model = make_model("maxout_pylearn2", Recipe(), 0)
    layers = [m for m in model.modules() if isinstance(m, Pylearn2MaxoutLayer)]
    assert (
        isinstance(model, Pylearn2MaxoutMLP)
        and len(layers) == 2
        and not any(isinstance(m, torch.nn.ReLU) for m in model.modules())
    )
    assert layers[0].transformer.out_features == MXO_UNITS * MXO_PIECES
    with torch.no_grad():
        assert model.eval()(task.x[:2]).shape == (2, 4)
        layers[0].transformer.weight.mul_(1000.0)
    model.normalise()  # its max_col_norm
    assert float(layers[0].transformer.weight.detach().norm(dim=1).max()) <= MXO_COL_NORM + 1e-4
    deep = make_model("maxout_pylearn2", Recipe(sigmoid_depth=12), 0)
    assert sum(isinstance(m, torch.nn.Sigmoid) for m in deep.modules()) == 12
    case = one_case(tmp_path, "maxout_pylearn2", "lr_too_low")
    assert case["fault_occurred"] and case["split"] == "tuning"
    ev = ({"train_loss": 0.6, "train_acc": 0.8}, {"train_loss": math.nan, "train_acc": 0.25})
    text = (tmp_path / write_pylearn2(Logged(writer_rows(1e-2, *ev)), tmp_path, "x")).read_text().splitlines()
    assert text[:6] == ["Time this epoch: 0:00:00.413345", "Monitoring step:", "\tEpochs seen: 1", "\tBatches seen: 20",
                        "\tExamples seen: 640", "\tlearning_rate: 0.01"]  # fmt: skip
    assert text[7:10] == ["\ttrain_objective: 0.6", "\ttrain_y_misclass: 0.2", "\ttrain_y_nll: 0.6"]
    assert text[-3:] == ["\tvalid_objective: 0.75", "\tvalid_y_misclass: 0.75", "\tvalid_y_nll: 0.75"]
    assert "\ttrain_y_nll: nan" in text and len(text) == 28


def test_round_49s_families_are_built_by_default_and_hold_enough_cases_per_seed() -> None:
    assert build.__defaults__ is not None and build.__defaults__[0] == FAMILIES and len(FAMILIES) == 361
    # at least four healthy recipes each (no warmup-cosine for CRNN: it left it on CTC's blank plateau; no plain SGD
    # with momentum for SAGPool, the SNN and the self-attentive encoder: it left them unlearned or swung them) and five
    # faults (CRNN, SampleCNN, Shake-Shake: no MLP stack, their batch norms undo a batch x100, SampleCNN's take plain
    # SGD at x200, Shake-Shake's x300 Adam; SAGPool and the self-attentive encoder read one-hot graphs and ids; the SNN:
    # SELUs, no ReLU; the encoder: tanh)
    faults_of = faults_per_family(ROUND49_FAMILIES, FAULTY_R49, HEALTHY_R49, TRACED_R49, 5)
    weak = {"sorted_data", "random_labels", "lr_too_low", "overfitting"}
    assert all(weak | {"log_of_zero", "healthy_easy"} <= faults_of[f] for f in ROUND49_FAMILIES)
    assert {f for f in ROUND49_FAMILIES if "lr_too_high" not in faults_of[f]} == {"shakeshake_hysts"}
    assert {f for f in ROUND49_FAMILIES if "lr_too_high_sgd" not in faults_of[f]} == {"samplecnn_kyungyunlee"}
    assert {f for f in ROUND49_FAMILIES if "healthy_sgd_momentum" in faults_of[f]} == {
        "crnn_meijieru", "samplecnn_kyungyunlee", "shakeshake_hysts"
    }  # fmt: skip
    assert {f for f in ROUND49_FAMILIES if "dead_relu" in faults_of[f]} == {
        "crnn_meijieru", "sagpool_inyeoplee", "samplecnn_kyungyunlee", "shakeshake_hysts"
    }  # fmt: skip
    assert {f for f in ROUND49_FAMILIES if "deep_sigmoid" in faults_of[f]} == {"sagpool_inyeoplee", "selu_mlp_bioinf"}
    assert {f for f in ROUND49_FAMILIES if "healthy_warmup_cosine" not in faults_of[f]} == {"crnn_meijieru"}
    assert {f for f in ROUND49_FAMILIES if "corrupt_batches" in faults_of[f]} == {"selu_mlp_bioinf"}
    assert all(SPLIT_OF[f] == "tuning" for f in ROUND49_FAMILIES)


def rows49() -> list[dict[str, float]]:
    return writer_rows(5e-3, {}, {})


def test_crnn_reads_text_lines_through_bidirectional_lstms_and_logs_as_crnn_pytorch(tmp_path: Path) -> None:
    import torch
    from make_family_casebook import (
        CRN_CHARS,
        CRN_DISP,
        CRN_FRAMES,
        CRN_H,
        CRN_LEN,
        CRN_W,
        Logged,
        OcrBiLSTM,
        OcrCRNN,
        write_crnn,
    )

    task = make_task("crnn_meijieru", 0)
    assert task.x.shape[1:] == (1, CRN_H, CRN_W) and task.y.shape[1:] == (CRN_LEN,)
    assert int(task.y.min()) == 1 and int(task.y.max()) == CRN_CHARS and float(task.extra["common_acc"]) < 0.1
    model = make_model("crnn_meijieru", Recipe(), 0)
    convs = [m for m in model.cnn if isinstance(m, torch.nn.Conv2d)]
    norms = [name for name, m in model.cnn.named_children() if isinstance(m, torch.nn.BatchNorm2d)]
    assert isinstance(model, OcrCRNN) and len(convs) == 7 and convs[-1].kernel_size == (2, 2)
    assert norms == ["batchnorm2", "batchnorm4", "batchnorm6"] and all(isinstance(m, OcrBiLSTM) for m in model.rnn)
    with torch.no_grad():
        assert model.eval()(task.x[:2]).shape == (2, CRN_FRAMES, CRN_CHARS + 1)  # a frame a column, CTC's blank
    dead = make_model("crnn_meijieru", Recipe(dead_bias=-8.0), 0)
    assert all(float(m.bias.detach().max()) == -8.0 for m in dead.cnn if isinstance(m, torch.nn.Conv2d))
    case = one_case(tmp_path, "crnn_meijieru", "lr_too_low")
    assert case["fault_occurred"] and case["split"] == "tuning"
    task.extra["shown"] = torch.tensor([[[1, 1, 0, 2, 0, 0, 3, 3, 0]] * CRN_DISP, [[0] * CRN_FRAMES] * CRN_DISP])
    task.y_val[:CRN_DISP] = torch.tensor([1, 2, 3])
    text = (tmp_path / write_crnn(Logged(rows49()), tmp_path, "c", task)).read_text().splitlines()
    assert text[0].startswith("Namespace(adadelta=False, adam=True, alphabet='0123', batchSize=32, ")
    assert text[1] == "Random Seed:  1234" and text[2] == "CRNN(" and "    (0): BidirectionalLSTM(" in text
    at = text.index("[0/1][10/100] Loss: 1.250000")
    shown = f"{'00-1--22-':<20} => {'012':<20}, gt: {'012':<20}"
    assert text[at + 1 : at + 4] == ["[0/1][20/100] Loss: 1.250000", "Start val", shown]
    assert text[at + 13 : at + 16] == ["Test loss: 0.500000, accuray: 0.875000", "[0/1][30/100] Loss: nan",
                                       "[0/1][40/100] Loss: 1.250000"]  # fmt: skip
    assert text[at + 17] == f"{'---------':<20} => {'':<20}, gt: {'012':<20}"
    assert text[-1] == "Test loss: 0.750000, accuray: 0.250000"


def test_sagpool_keeps_its_top_scored_nodes_and_logs_as_its_main_py(tmp_path: Path) -> None:
    import torch
    from make_family_casebook import SAG_NODES, SAG_TYPES, Logged, SagPoolLayer, SagPoolNet, write_sagpool

    task = make_task("sagpool_inyeoplee", 0)
    assert task.x.shape[1:] == (SAG_NODES, SAG_NODES + SAG_TYPES) and float(task.extra["graph_acc"]) < 0.6
    adj, types = task.x[:, :, :SAG_NODES], task.x[:, :, SAG_NODES:].argmax(2)
    assert bool((adj == adj.transpose(1, 2)).all()) and bool(((types == 0).sum(1) == 1).all())
    model = make_model("sagpool_inyeoplee", Recipe(), 0)
    assert isinstance(model, SagPoolNet) and all(isinstance(p, SagPoolLayer) for p in model.pools)
    with torch.no_grad():
        assert model.eval()(task.x[:2]).shape == (2, 2)
        h = torch.relu(model.convs[0](task.x[:2, :, SAG_NODES:], adj[:2]))
        kept, kept_adj = model.pools[0](h, adj[:2])
        assert kept.shape == (2, 7, h.shape[2]) and kept_adj.shape == (2, 7, 7)  # ceil(0.5 x 13) nodes kept
    dead = make_model("sagpool_inyeoplee", Recipe(dead_bias=-8.0), 0)
    assert all(float(c.bias.detach().max()) == -8.0 for c in dead.convs)
    deep = make_model("sagpool_inyeoplee", Recipe(sigmoid_depth=12), 0)
    assert sum(isinstance(m, torch.nn.Sigmoid) for m in deep.lins) == 12
    case = one_case(tmp_path, "sagpool_inyeoplee", "lr_too_low")
    assert case["fault_occurred"] and case["split"] == "tuning"
    text = (tmp_path / write_sagpool(Logged(rows49()), tmp_path, "s")).read_text().splitlines()
    assert text[:20] == ["Training loss:1.25"] * 20
    assert text[20:22] == ["Validation loss:0.5\taccuracy:0.875", "Model saved at epoch0"]
    assert text[31] == "Training loss:nan"
    assert text[-1] == "Validation loss:0.75\taccuracy:0.25" and len(text) == 43


def test_a_selu_mlp_self_normalizes_and_logs_as_the_snn_notebook(tmp_path: Path) -> None:
    import torch
    from make_family_casebook import SLU_FEATS, SLU_HIDDEN, Logged, SeluMLP, write_selu

    task = make_task("selu_mlp_bioinf", 0)
    assert task.x.shape[1:] == (SLU_FEATS,) and float(task.extra["linear_acc"]) < 0.35
    model = make_model("selu_mlp_bioinf", Recipe(), 0)
    kinds = [type(m).__name__ for m in model.layers]
    assert isinstance(model, SeluMLP) and kinds == ["Linear", "SELU", "AlphaDropout"] * 2 + ["Linear"]
    assert not any(isinstance(m, torch.nn.ReLU) for m in model.modules())
    first = model.layers[0]
    assert abs(float(first.weight.detach().std()) - (1 / SLU_FEATS) ** 0.5) < 0.05 and not first.bias.detach().any()
    with torch.no_grad():  # self-normalizing: standard inputs keep about zero mean and unit variance through h1 and h2
        h = model.eval().layers[:6](torch.randn(4096, SLU_FEATS, generator=torch.Generator().manual_seed(0)))
        assert h.shape[1] == SLU_HIDDEN and abs(float(h.mean())) < 0.2 and abs(float(h.var()) - 1) < 0.3
    deep = make_model("selu_mlp_bioinf", Recipe(sigmoid_depth=12), 0)
    assert sum(isinstance(m, torch.nn.Sigmoid) for m in deep.layers) == 12
    case = one_case(tmp_path, "selu_mlp_bioinf", "lr_too_low")
    assert case["fault_occurred"] and case["split"] == "tuning"
    text = (tmp_path / write_selu(Logged(rows49()), tmp_path, "n")).read_text().split("\n")
    assert text[:4] == ["Epoch: 0001 cost= 1.250000000", "Train-Accuracy: 0.5 Train-Loss: 1.25",
                        "Validation-Accuracy: 0.875 Val-Loss: 0.5 ", ""]  # fmt: skip
    assert text[4:8] == ["Epoch: 0002 cost= nan", "Train-Accuracy: 0.5 Train-Loss: 1.25",
                         "Validation-Accuracy: 0.25 Val-Loss: 0.75 ", ""]  # fmt: skip


def test_samplecnn_pools_raw_waveforms_by_threes_and_logs_as_its_train_py(tmp_path: Path) -> None:
    import torch
    from make_family_casebook import SCN_LEN, SCN_TAGS, Logged, SampleCnn, write_samplecnn

    task = make_task("samplecnn_kyungyunlee", 0)
    assert task.x.shape[1:] == (1, SCN_LEN) and task.y.shape[1:] == (SCN_TAGS,)
    assert set(task.y.unique().tolist()) == {0.0, 1.0} and 0.2 < float(task.y.mean()) < 0.4  # tags, not classes
    model = make_model("samplecnn_kyungyunlee", Recipe(), 0)
    convs = [m for m in model.convs.modules() if isinstance(m, torch.nn.Conv1d)]
    assert isinstance(model, SampleCnn) and convs[0].stride == (3,) and convs[0].kernel_size == (3,)
    assert sum(isinstance(m, torch.nn.MaxPool1d) for m in model.convs.modules()) == 5
    with torch.no_grad():
        assert model.eval().convs(task.x[:2]).shape[2] == 1  # 729 samples pooled by threes to one frame
        assert model(task.x[:2]).shape == (2, SCN_TAGS)
    dead = make_model("samplecnn_kyungyunlee", Recipe(dead_bias=-8.0), 0)
    assert all(float(m.bias.detach().max()) == -8.0 for m in dead.modules() if isinstance(m, torch.nn.BatchNorm1d))
    case = one_case(tmp_path, "samplecnn_kyungyunlee", "lr_too_low")
    assert case["fault_occurred"] and case["split"] == "tuning"
    rows = writer_rows(5e-3, {}, {}, aroc=0.75, aroc_se=0.05, ap=0.5, ap_se=0.025)
    text = (tmp_path / write_samplecnn(Logged(rows), tmp_path, "a")).read_text().split("\n")
    assert text[:3] == ["Epoch [1/2], Iter [10/20] loss : 1.2500", "AROC = 0.750 (0.050)", "AP = 0.500 (0.025)"]
    assert text[6:10] == ["Evaluating...", "Average loss: 0.5000 ", "", "Learning rate : 0.005"]
    assert text[10] == "Epoch [2/2], Iter [10/20] loss : nan"
    assert text[-5:-1] == ["Evaluating...", "Average loss: 0.7500 ", "", "Learning rate : 0.005"]


def test_a_structured_self_attentive_encoder_penalises_its_hops_and_logs_as_its_train_py(tmp_path: Path) -> None:
    import torch
    from make_family_casebook import (
        CLASSES,
        SSE_HOPS,
        SSE_LEN,
        SSE_MARK,
        Logged,
        StructuredSelfAttention,
        structattn_penalty,
        write_structattn,
    )

    task = make_task("structattn_freda", 0)
    assert task.x.shape[1:] == (SSE_LEN,) and float(task.extra["count_acc"]) < 0.35
    assert bool(((task.x == SSE_MARK).sum(1) == 1).all())
    assert all(bool(((task.x == c).sum(1) == 1).all()) for c in range(2, 2 + CLASSES))  # every cue once
    model = make_model("structattn_freda", Recipe(), 0)
    assert isinstance(model, StructuredSelfAttention) and model.bilstm.bidirectional
    assert not any(isinstance(m, torch.nn.ReLU) for m in model.modules())
    with torch.no_grad():
        assert model.eval()(task.x[:2]).shape == (2, CLASSES)
        attention = model.last_attention
        assert attention.shape == (2, SSE_HOPS, SSE_LEN) and torch.allclose(attention.sum(2), torch.ones(2, SSE_HOPS))
        assert float(attention.masked_select((task.x[:2] == 0)[:, None, :].expand_as(attention)).sum()) < 1e-3
        assert float(structattn_penalty(attention)) > 0
    case = one_case(tmp_path, "structattn_freda", "lr_too_low")
    assert case["fault_occurred"] and case["split"] == "tuning"
    rows = writer_rows(5e-3, {}, {}, pure_loss=1.0)
    text = (tmp_path / write_structattn(Logged(rows), tmp_path, "s")).read_text().splitlines()
    assert text[0] == "Begin to load the dictionary." and text[1].startswith("Namespace(attention_hops=4, ")
    assert text[2] == "Begin to load data."
    assert text[3] == "| epoch   0 |     5/   20 batches | ms/batch 12.39 | loss 1.5000 | pure loss 1.2000"
    assert text[4] == "| epoch   0 |    10/   20 batches | ms/batch 12.37 | loss 1.2500 | pure loss 1.0000"
    assert text[6:9] == ["-" * 89, "| evaluation | time:  0.05s | valid loss (pure) 0.5000 | Acc   0.8750", "-" * 89]
    assert text[10] == "| epoch   1 |    10/   20 batches | ms/batch 12.37 | loss   nan | pure loss 1.0000"
    assert text[-2] == "| evaluation | time:  0.05s | valid loss (pure) 0.7500 | Acc   0.2500" and len(text) == 15


def test_shake_shake_mixes_two_residual_paths_and_logs_as_its_train_py(tmp_path: Path) -> None:
    import torch
    from make_family_casebook import (
        CLASSES,
        SHK_SIDE,
        Logged,
        ShakeBlock,
        ShakeDownsample,
        ShakeShakeNet,
        write_shake,
    )

    task = make_task("shakeshake_hysts", 0)
    assert task.x.shape[1:] == (1, SHK_SIDE, SHK_SIDE) and float(task.extra["pixel_acc"]) < 0.4
    model = make_model("shakeshake_hysts", Recipe(), 0)
    blocks = [m for m in model.modules() if isinstance(m, ShakeBlock)]
    assert isinstance(model, ShakeShakeNet) and len(blocks) == 3
    assert [isinstance(b.shortcut, ShakeDownsample) for b in blocks] == [False, True, True]
    assert all(m.bias is None for m in model.modules() if isinstance(m, torch.nn.Conv2d))
    with torch.no_grad():
        block, x = blocks[0].eval(), torch.randn(2, blocks[0].residual_path1.conv1.in_channels, 4, 4)
        half = block.shortcut(x) + 0.5 * (block.residual_path1(x) + block.residual_path2(x))
        assert torch.allclose(block(x), half)  # a half each in evaluation, alpha and beta drawn while training
        assert model.eval()(task.x[:2]).shape == (2, CLASSES)
    dead = make_model("shakeshake_hysts", Recipe(dead_bias=-8.0), 0)
    assert all(float(m.bias.detach().max()) == -8.0 for m in dead.modules() if isinstance(m, torch.nn.BatchNorm2d))
    case = one_case(tmp_path, "shakeshake_hysts", "lr_too_low")
    assert case["fault_occurred"] and case["split"] == "tuning"
    task.extra["initial"] = torch.tensor([1.5, 0.25])
    text = (tmp_path / write_shake(Logged(rows49()), tmp_path, "k", task)).read_text().splitlines()
    assert text[0] == "[2026/12/06 09:00:00 __main__ INFO] - {" and text[1] == '  "model_config": {'
    at = text.index("[2026/12/06 09:00:00 __main__ INFO] - Test 0")
    assert text[at + 1 : at + 4] == ["[2026/12/06 09:00:00 __main__ INFO] - Epoch 0 Loss 1.5000 Accuracy 0.2500",
                                   "[2026/12/06 09:00:00 __main__ INFO] - Elapsed 0.12",
                                   "[2026/12/06 09:00:00 __main__ INFO] - Train 1"]  # fmt: skip
    assert text[at + 4].endswith("- Epoch 1 Step 0/20 Loss 1.2500 (1.2500) Accuracy 0.5000 (0.5000)")
    assert text[at + 6 : at + 9] == ["[2026/12/06 09:00:01 __main__ INFO] - Elapsed 1.00",
                                     "[2026/12/06 09:00:01 __main__ INFO] - Test 1",
                                     "[2026/12/06 09:00:01 __main__ INFO] - Epoch 1 Loss 0.5000 "
                                     "Accuracy 0.8750"]  # fmt: skip
    assert text[at + 12].endswith("- Epoch 2 Step 10/20 Loss 1.2500 (nan) Accuracy 0.5000 (0.5000)")  # step 30 NaN
    assert text[-2].endswith("- Epoch 2 Loss 0.7500 Accuracy 0.2500")


def test_round_50s_families_are_built_by_default_and_hold_enough_cases_per_seed() -> None:
    assert build.__defaults__ is not None and build.__defaults__[0] == FAMILIES and len(FAMILIES) == 361
    # at least four healthy recipes each (no plain SGD with momentum for GloVe, BRITS, HED and AutoRec: it left GloVe
    # at chance, blew up the others' summed costs) and six faults (GloVe, AutoRec: no ReLU nor MLP stack, GloVe's 24
    # records and AutoRec's L2 hold their validation costs; HGNN reads node ids, its hypergraph took x300 Adam, its
    # dropout held its validation loss; BRITS: no ReLU layer; FastSpeech: no log, its residual stream carries past dead
    # units, 24 utterances teach it)
    faults_of = faults_per_family(ROUND50_FAMILIES, FAULTY_R50, HEALTHY_R50, TRACED_R50, 6)
    weak = {"sorted_data", "random_labels", "lr_too_low"}
    assert all(weak | {"healthy_easy", "healthy_warmup_cosine"} <= faults_of[f] for f in ROUND50_FAMILIES)
    assert {f for f in ROUND50_FAMILIES if "lr_too_high" not in faults_of[f]} == {"hgnn_imoonlab"}
    assert {f for f in ROUND50_FAMILIES if "lr_too_high_sgd" not in faults_of[f]} == {"glove_stanford"}
    momentum = {f for f in ROUND50_FAMILIES if "healthy_sgd_momentum" in faults_of[f]}
    assert momentum == {"hgnn_imoonlab", "fastspeech_xcmyz"}
    assert {f for f in ROUND50_FAMILIES if "overfitting" in faults_of[f]} == {"brits_caow13", "hed_xwjabc"}
    assert {f for f in ROUND50_FAMILIES if "corrupt_batches" not in faults_of[f]} == {"hgnn_imoonlab"}
    assert {f for f in ROUND50_FAMILIES if "log_of_zero" in faults_of[f]} == {
        "glove_stanford", "hgnn_imoonlab", "brits_caow13", "hed_xwjabc"
    }  # fmt: skip
    assert {f for f in ROUND50_FAMILIES if "dead_relu" in faults_of[f]} == {"hgnn_imoonlab", "hed_xwjabc"}
    assert not any("deep_sigmoid" in faults_of[f] for f in ROUND50_FAMILIES)
    assert all(SPLIT_OF[f] == "tuning" for f in ROUND50_FAMILIES)


def rows50(**each: float) -> list[dict[str, float]]:
    return writer_rows(1e-2, {}, {}, **each)


def test_glove_fits_log_counts_of_its_cooccurrences_and_logs_as_glove_c(tmp_path: Path) -> None:
    import torch
    from make_family_casebook import GLV_DIM, GLV_VOCAB, GLV_XMAX, GloVe, Logged, glove_cost, write_glove

    task = make_task("glove_stanford", 0)
    dense = task.extra["dense"]
    assert task.x.shape[1:] == (2,) and bool((task.y > 0).all()) and bool((dense == dense.T).all())
    assert torch.equal(dense[task.x[:, 0], task.x[:, 1]], task.y)  # its records: the matrix's nonzero cells
    model = make_model("glove_stanford", Recipe(), 0)
    assert isinstance(model, GloVe) and model.vectors().shape == (GLV_VOCAB, GLV_DIM)
    assert float(model.w.detach().abs().max()) <= 0.5 / (GLV_DIM + 1)  # glove.c's initialize_parameters
    with torch.no_grad():  # a record at x_max and past it weighs 1: its cost is half its squared error
        pairs, counts = torch.tensor([[0, 1], [2, 3]]), torch.tensor([GLV_XMAX, 4 * GLV_XMAX])
        diff = model(pairs) - counts.log()
        assert torch.isclose(glove_cost(task, model, pairs, counts, Recipe()), 0.5 * diff.pow(2).mean())
        assert math.isnan(float(glove_cost(task, model, pairs, counts, Recipe(log_softmax_by_hand=True))))
    case = one_case(tmp_path, "glove_stanford", "lr_too_low")
    assert case["fault_occurred"] and case["split"] == "tuning"
    task.extra["records"] = torch.tensor(3072)
    text = (tmp_path / write_glove(Logged(rows50()), tmp_path, "g", task)).read_text().splitlines()
    assert text[:3] == ["TRAINING MODEL", "Read 3072 lines.", "Initializing parameters...done."]
    assert text[3:7] == ["vector size: 16", "vocab size: 128", "x_max: 10.000000", "alpha: 0.750000"]
    assert text[7:] == ["12/06/26 - 09:00.02AM, iter: 001, cost: 1.250000",
                        "12/06/26 - 09:00.04AM, iter: 002, cost: -nan"]  # fmt: skip


def test_hgnn_convolves_over_knn_hyperedges_and_logs_as_its_train_py(tmp_path: Path) -> None:
    import torch
    from make_family_casebook import CLASSES, HGN_NODES, HGNN, HgnnConv, Logged, write_hgnn

    task = make_task("hgnn_imoonlab", 0)
    g = task.extra["G"]
    assert task.x.shape == (3 * HGN_NODES // 4,) and float(task.extra["feature_acc"]) < 0.65
    assert g.shape == (HGN_NODES, HGN_NODES) and torch.allclose(g, g.T, atol=1e-6) and float(g.min()) >= 0
    model = make_model("hgnn_imoonlab", Recipe(), 0, task)
    assert isinstance(model, HGNN) and isinstance(model.hgc1, HgnnConv) and not list(model.children())[2:]
    with torch.no_grad():
        model.eval()
        a, b = model(task.x_val[:8]), model(task.x_val[:8])
        assert a.shape == (8, CLASSES) and not torch.equal(a, b)  # its F.dropout stays on in evaluation
    dead = make_model("hgnn_imoonlab", Recipe(dead_bias=-8.0), 0, task)
    assert float(dead.hgc1.bias.detach().max()) == -8.0
    case = one_case(tmp_path, "hgnn_imoonlab", "lr_too_low")
    assert case["fault_occurred"] and case["split"] == "tuning"
    rows = rows50()
    for r in rows:
        r.pop("val_loss", None), r.pop("val_acc", None)
    rows[0].update(val_loss=1.5, val_acc=0.25)
    rows[20].update(val_loss=0.5, val_acc=0.875)
    rows[39].update(val_loss=0.75, val_acc=0.9)
    task.extra["records"], task.extra["steps"] = torch.tensor(768), torch.tensor(40)
    text = (tmp_path / write_hgnn(Logged(rows), tmp_path, "h", task)).read_text().splitlines()
    assert text[0] == "Classification on ModelNet40 dataset!!! class number: 4" and text[6] == "{'K_neigs': [10],"
    at = text.index("Configuration -> End")
    assert text[at + 1 : at + 7] == ["-" * 10, "Epoch 0/39", "train Loss: 1.6667 Acc: 0.5000",
                                     "val Loss: 6.0000 Acc: 0.2500", "Best val Acc: 0.250000", "-" * 20]  # fmt: skip
    assert text[at + 8 : at + 11] == ["Epoch 20/39", "train Loss: 1.6667 Acc: 0.5000", "val Loss: 2.0000 Acc: 0.8750"]
    assert text[-3:] == ["", "Training complete in 0m 1s", "Best val Acc: 0.900000"]  # epoch 39 seen, not printed


def test_brits_imputes_both_ways_with_decays_and_logs_as_its_python2_main(tmp_path: Path) -> None:
    import torch
    from make_family_casebook import BRT_FEATS, BRT_LEN, BRT_TRACEBACK, Brits, Logged, Rits, brits_held, write_brits

    task = make_task("brits_caow13", 0)
    assert task.x.shape[1:] == (BRT_LEN, 2 * BRT_FEATS) and float(task.extra["mean_mae"]) > 0.5
    evals, kept = brits_held(task.y)
    masks = task.x[..., BRT_FEATS:] > 0.5
    assert not bool((kept & masks).any()) and 0.03 < float(kept.float().mean()) < 0.1  # held out of the inputs
    model = make_model("brits_caow13", Recipe(), 0)
    assert isinstance(model, Brits) and isinstance(model.rits_f, Rits) and isinstance(model.rits_b, Rits)
    assert not bool(model.rits_f.feat_reg.m.diagonal().any())  # no feature regresses on itself
    with torch.no_grad():
        loss_f, z_f, imp_f, loss_b, z_b, imp_b = model(task.x[:4])
        assert imp_f.shape == imp_b.shape == (4, BRT_LEN, BRT_FEATS) and z_f.shape == (4,)
        seen = task.x[:4, :, BRT_FEATS:] > 0.5
        assert torch.equal(imp_f[seen], task.x[:4, :, :BRT_FEATS][seen])  # observed values kept, the rest imputed
    case = one_case(tmp_path, "brits_caow13", "lr_too_low")
    assert case["fault_occurred"] and case["split"] == "tuning"
    rows = writer_rows(1e-3, {"val_auc": 0.75, "val_mae": 0.5, "val_mre": 0.625}, {"val_auc": math.nan})
    text = (tmp_path / write_brits(Logged(rows), tmp_path, "b")).read_bytes().decode()  # its carriage returns kept
    lines = text.split("\n")
    assert lines[0].startswith("Total params is ")
    assert lines[1].startswith("\r Progress epoch 0, 5.00%, average loss 1.25 ")
    assert lines[1].endswith("\r Progress epoch 0, 100.00%, average loss 1.25 AUC 0.75")
    assert lines[2:4] == ["MAE 0.5", "MRE 0.625"] and "\r Progress epoch 1, 45.00%, average loss 1.25 " in lines[4]
    assert "\r Progress epoch 1, 50.00%, average loss nan " in lines[4] and lines[5:-1] == list(BRT_TRACEBACK)


def test_hed_fuses_its_side_outputs_and_logs_as_xwjabcs_hed_py(tmp_path: Path) -> None:
    import torch
    from make_family_casebook import HED_SIDE, HedNet, Logged, edge_f_measure, write_hed

    task = make_task("hed_xwjabc", 0)
    assert task.x.shape[1:] == (1, HED_SIDE, HED_SIDE) and set(task.y.unique().tolist()) == {0.0, 1.0}
    assert 0.4 < float(task.extra["sobel_f"]) < 0.7 and edge_f_measure(task.y_val, task.y_val) == 1.0
    model = make_model("hed_xwjabc", Recipe(), 0)
    convs = [name for name, m in model.named_children() if name.startswith("conv")]
    assert isinstance(model, HedNet) and len(convs) == 13 and convs[-1] == "conv5_3"
    assert bool((model.score_final.weight.detach() == torch.tensor(0.2)).all())  # its fusion layer at 0.2
    with torch.no_grad():
        assert model(task.x[:2]).shape == (2, 6, HED_SIDE, HED_SIDE)  # five side outputs and the fused map
        score = torch.zeros(1, 1, HED_SIDE // 8, HED_SIDE // 8)
        score[0, 0, 1, 1] = 1.0  # stage 4's pixel (1, 1) covers the image's rows and columns 8 to 15
        up = torch.nn.functional.conv_transpose2d(score, model.weight_deconv4, stride=8)[0, 0, 4:-4, 4:-4]
        peak = (up == up.max()).nonzero().tolist()
        assert up.shape == (HED_SIDE, HED_SIDE) and peak == [[11, 11], [11, 12], [12, 11], [12, 12]]  # in line
    dead = make_model("hed_xwjabc", Recipe(dead_bias=-8.0), 0)
    assert float(dead.conv1_1.bias.detach().max()) == -8.0
    case = one_case(tmp_path, "hed_xwjabc", "lr_too_low")
    assert case["fault_occurred"] and case["split"] == "tuning"
    task.extra["steps"] = torch.tensor(60)  # a run of 60 steps that logged 40
    text = (tmp_path / write_hed(Logged(rows50()), tmp_path, "e", task)).read_text().splitlines()
    assert text[:2] == ["module.conv1_1.weight      lr:    1 decay:1", "module.conv1_1.bias        lr:    2 decay:0"]
    assert text[20] == "module.conv5_1.weight      lr:  100 decay:1" and text[-5] == "Initial test..."
    assert text[-4] == ("Training epoch:0/3, batch:9/20 current iteration:10, current batch batch_loss:1.25, epoch "
                        "average batch_loss:1.25, learning rate list:[0.01].")  # fmt: skip
    assert text[-2].startswith("Training epoch:1/3, batch:9/20 current iteration:30, current batch batch_loss:nan")


def test_autorec_reconstructs_rated_entries_and_logs_as_gtshs2s_autorec(tmp_path: Path) -> None:
    import torch
    from make_family_casebook import AUR_ITEMS, AutoRecNet, Logged, autorec_cost, write_autorec

    task = make_task("autorec_gtshs2", 0)
    assert task.x.shape[1:] == (AUR_ITEMS,) and task.y.shape[1:] == (2, AUR_ITEMS)
    assert torch.equal(task.y[:, 0], task.x) and set(task.x.unique().tolist()) == {0.0, 1.0, 2.0, 3.0, 4.0, 5.0}
    assert not bool(((task.x_val > 0) & (task.y_val[:, 1] > 0)).any())  # a held-out rating is no input
    model = make_model("autorec_gtshs2", Recipe(), 0)
    assert isinstance(model, AutoRecNet) and not any(isinstance(m, torch.nn.ReLU) for m in model.modules())
    with torch.no_grad():
        out = model(task.x[:3])
        rated = ((task.y[:3, 0] - out) * task.y[:3, 1]).pow(2).sum()
        assert torch.isclose(autorec_cost(model, out, task.y[:3]), rated + model.reg_cost())  # summed, not averaged
    case = one_case(tmp_path, "autorec_gtshs2", "lr_too_low")
    assert case["fault_occurred"] and case["split"] == "tuning"
    text = (tmp_path / write_autorec(Logged(rows50(val_rmse=1.5)), tmp_path, "a")).read_text().splitlines()
    assert text[:3] == ["Training // Epoch 0 //  Total cost = 25.00 Elapsed time : 0 sec",
                        "Testing // Epoch 0 //  Total cost = 0.50  RMSE = 1.50000 Elapsed time : 0 sec",
                        "=" * 100]  # fmt: skip
    assert text[3] == "Training // Epoch 1 //  Total cost = nan Elapsed time : 0 sec" and len(text) == 6


def test_fastspeech_regulates_lengths_by_durations_and_logs_as_xcmyzs_train_py(tmp_path: Path) -> None:
    import torch
    from make_family_casebook import (
        FSP_FRAMES,
        FSP_MELS,
        FSP_TEXT,
        FastSpeech,
        FspCBHG,
        Logged,
        fastspeech_real,
        fastspeech_targets,
        write_fastspeech,
    )

    task = make_task("fastspeech_xcmyz", 0)
    mel, dur = fastspeech_targets(task.y)
    assert task.x.shape[1:] == (FSP_TEXT,) and mel.shape[1:] == (FSP_FRAMES, FSP_MELS) and dur.shape[1:] == (FSP_TEXT,)
    assert float(mel.mul(1 - fastspeech_real(dur)).abs().max()) == 0.0  # padded past each utterance's frames
    model = make_model("fastspeech_xcmyz", Recipe(), 0)
    assert isinstance(model, FastSpeech) and isinstance(model.postnet, FspCBHG)
    with torch.no_grad():
        model.eval()
        out = model(task.x[:2], dur[:2])
        k = FSP_FRAMES * FSP_MELS
        assert out.shape == (2, 2 * k + FSP_TEXT)
        frames = out[:, :k].reshape(2, FSP_FRAMES, FSP_MELS)
        assert float(frames.mul(1 - fastspeech_real(dur[:2])).abs().max()) == 0.0  # its mask_tensor
        short = dur[:2].clone()
        short[:, 0] = 0  # the first phoneme given no frames: the frames move up by its duration
        moved = model(task.x[:2], short)[:, :k].reshape(2, FSP_FRAMES, FSP_MELS)
        assert not torch.allclose(moved, frames)
    case = one_case(tmp_path, "fastspeech_xcmyz", "lr_too_low")
    assert case["fault_occurred"] and case["split"] == "tuning"
    task.extra["steps"] = torch.tensor(40)
    rows = rows50(mel_loss=0.5, mel_postnet_loss=0.25, duration_loss=0.125)
    text = (tmp_path / write_fastspeech(Logged(rows), tmp_path, "f", task)).read_text().splitlines()
    assert text[:2] == ["Use FastSpeech", "Model Has Been Defined"] and text[2].startswith("Number of TTS Parameters: ")
    assert text[6:10] == ["", "---Start New Training---", "", ""]
    assert text[10:14] == ["Epoch [1/2], Step [10/40]:",
                           "Mel Loss: 0.5000, Mel PostNet Loss: 0.2500, Duration Loss: 0.1250;",
                           "Current Learning Rate is 0.010000.",
                           "Time Used: 2.500s, Estimated Time Remaining: 7.500s."]  # fmt: skip
    assert text[-4] == "Epoch [2/2], Step [40/40]:" and len(text) == 10 + 4 * 5 - 1


def test_round_51s_families_are_built_by_default_and_hold_enough_cases_per_seed() -> None:
    assert build.__defaults__ is not None and build.__defaults__[0] == FAMILIES and len(FAMILIES) == 361
    # at least four healthy recipes each (no plain SGD with momentum for SR-GNN, Kim's CNN, RotatE: it left them
    # unlearned) and five faults (RotatE: its phases wrap, it took x300 Adam and plain SGD at x200, it reads ids, no
    # ReLU; BinaryNet: its signs and batch norms took plain SGD at x200, undo a batch x100 and held 24 images'
    # validation loss, Hardtanh, no ReLU; libFM: its clipped predictions bound a batch x100's loss and held 24 rows'
    # test cost, a squared error, no ReLU)
    faults_of = faults_per_family(ROUND51_FAMILIES, FAULTY_R51, HEALTHY_R51, TRACED_R51, 5)
    weak = {"sorted_data", "random_labels", "lr_too_low"}
    assert all(weak | {"healthy_easy", "healthy_warmup_cosine"} <= faults_of[f] for f in ROUND51_FAMILIES)
    assert {f for f in ROUND51_FAMILIES if "lr_too_high" not in faults_of[f]} == {"rotate_deepgraph"}
    assert {f for f in ROUND51_FAMILIES if "lr_too_high_sgd" not in faults_of[f]} == {
        "rotate_deepgraph", "binarynet_hubara"
    }  # fmt: skip
    momentum = {f for f in ROUND51_FAMILIES if "healthy_sgd_momentum" in faults_of[f]}
    assert momentum == {"binarynet_hubara", "libfm_srendle", "elmo_allenai"}
    assert {f for f in ROUND51_FAMILIES if "overfitting" not in faults_of[f]} == {"binarynet_hubara", "libfm_srendle"}
    assert not any("corrupt_batches" in faults_of[f] for f in ROUND51_FAMILIES)
    assert {f for f in ROUND51_FAMILIES if "log_of_zero" not in faults_of[f]} == {"libfm_srendle"}
    assert {f for f in ROUND51_FAMILIES if "dead_relu" in faults_of[f]} == {"kimcnn_yoonkim"}
    assert not any("deep_sigmoid" in faults_of[f] for f in ROUND51_FAMILIES)
    assert all(SPLIT_OF[f] == "tuning" for f in ROUND51_FAMILIES)


def rows51(**each: float) -> list[dict[str, float]]:
    return writer_rows(1e-2, {}, {}, **each)


def test_rotate_rotates_heads_onto_tails_and_logs_as_knowledge_graph_embeddings_run_py(tmp_path: Path) -> None:
    import torch
    from make_family_casebook import (
        RTE_DIM,
        RTE_ENTITIES,
        RTE_GAMMA,
        RTE_RING,
        Logged,
        RotatE,
        rotate_loss,
        write_rotate,
    )

    task = make_task("rotate_deepgraph", 0)
    assert task.x.shape[1:] == (2,) and int(task.y.max()) < RTE_ENTITIES
    same_ring = task.y // RTE_RING == task.x[:, 0] // RTE_RING
    assert 0.85 < float(same_ring.float().mean()) < 1.0  # its tails step around their heads' rings, a tenth noise
    model = make_model("rotate_deepgraph", Recipe(), 0)
    assert isinstance(model, RotatE) and model.entity_embedding.shape == (RTE_ENTITIES, 2 * RTE_DIM)
    with torch.no_grad():
        pairs, tails = task.x[:4], task.y[:4]
        forward = model(pairs, tails[:, None])
        backward = model(torch.stack([tails, pairs[:, 1]], 1), pairs[:, :1], head_batch=True)
        assert torch.allclose(forward, backward, atol=1e-5)  # head-batch scores the same triple as tail-batch
        phase = model.relation_embedding[pairs[0, 1]] / (model.embedding_range / 3.14159262358979323846)
        head = torch.complex(*model.entity_embedding[pairs[0, 0]].chunk(2))
        tail = head * torch.polar(torch.ones_like(phase), phase)
        model.entity_embedding[tails[0]] = torch.cat([tail.real, tail.imag])
        assert torch.isclose(model(pairs[:1], tails[:1, None])[0, 0], torch.tensor(RTE_GAMMA), atol=1e-4)
        negatives = torch.randint(0, RTE_ENTITIES, (4, 8))
        assert all(torch.isfinite(part) for part in rotate_loss(model, pairs, tails, negatives, False, Recipe()))
        bad = rotate_loss(model, pairs, tails, negatives, False, Recipe(log_softmax_by_hand=True))
        assert not all(torch.isfinite(part) for part in bad)  # its logsigmoid by hand in half precision: log(0)
    case = one_case(tmp_path, "rotate_deepgraph", "lr_too_low")
    assert case["fault_occurred"] and case["split"] == "tuning"
    task.extra["steps"], task.extra["records"] = torch.tensor(40), torch.tensor(768)
    rows = rows51(positive_sample_loss=0.5, negative_sample_loss=0.25)
    for r, mrr in ((rows[19], 0.5), (rows[39], 0.25)):
        r.update(val_mrr=mrr, val_mr=4.0, val_hits1=0.375, val_hits3=0.625, val_hits10=0.875)
    text = (tmp_path / write_rotate(Logged(rows), tmp_path, "r", task)).read_text().splitlines()
    assert text[0] == "2026-12-06 09:00:00 INFO     Model: RotatE" and text[4].endswith("INFO     #train: 768")
    assert text[10].endswith("Parameter entity_embedding: torch.Size([128, 32]), require_grad = True")
    assert text[21].endswith("INFO     learning_rate = 0")  # its %d of 0.01
    assert [line[20:] for line in text[22:25]] == ["INFO     Training average positive_sample_loss at step 0: 0.500000",
                                                   "INFO     Training average negative_sample_loss at step 0: 0.250000",
                                                   "INFO     Training average loss at step 0: 1.250000"]  # fmt: skip
    assert text[25].endswith("Training average positive_sample_loss at step 10: 0.500000")
    at = text.index("2026-12-06 09:00:00 INFO     Evaluating on Valid Dataset...")
    assert text[at + 2].endswith("INFO     Valid MRR at step 19: 0.500000") and text[at + 6].endswith(
        "HITS@10 at step 19: 0.875000"
    )
    assert text[at + 7].endswith("Change learning_rate to 0.001000 at step 20")
    assert text[at + 8].endswith("Training average positive_sample_loss at step 20: 0.500000")
    assert "Training average loss at step 30: nan" in text[at + 13]  # the step-30 NaN among steps 21 to 30
    assert text[-1].endswith("INFO     Valid HITS@10 at step 39: 0.875000")


def test_srgnn_gates_each_sessions_graph_and_logs_as_its_main_py(tmp_path: Path) -> None:
    import torch
    from make_family_casebook import SRG_ITEMS, SRG_NODES, Logged, SessionGraph, srgnn_graph, srgnn_unpack, write_srgnn

    items, alias, mask, adj = srgnn_unpack(srgnn_graph([3, 5, 3])[None])
    assert items[0].tolist() == [0, 3, 5, 0, 0, 0, 0] and alias[0].tolist() == [1, 2, 1, 0, 0, 0]
    assert mask[0].tolist() == [1.0, 1.0, 1.0, 0.0, 0.0, 0.0] and adj.shape == (1, SRG_NODES, 2 * SRG_NODES)
    assert adj[0, 2, 1] == 1.0 and adj[0, 1, 2] == 1.0 and adj[0, 1, SRG_NODES + 2] == 1.0  # 3 -> 5 -> 3, in and out
    task = make_task("srgnn_cripac", 0)
    assert int(task.y.max()) < SRG_ITEMS and 0.2 < float(task.extra["popular_recall"]) < 0.45
    model = make_model("srgnn_cripac", Recipe(), 0)
    assert isinstance(model, SessionGraph) and not any(isinstance(m, torch.nn.ReLU) for m in model.modules())
    assert float(model.embedding.weight.detach().abs().max()) <= 1 / 32**0.5  # its reset_parameters
    with torch.no_grad():
        assert model(task.x[:5]).shape == (5, SRG_ITEMS)
    case = one_case(tmp_path, "srgnn_cripac", "lr_too_low")
    assert case["fault_occurred"] and case["split"] == "tuning"
    rows = writer_rows(3e-3, {"val_recall": 0.5, "val_mrr": 0.25}, {"val_recall": 0.25, "val_mrr": 0.375})
    text = (tmp_path / write_srgnn(Logged(rows), tmp_path, "s", task)).read_text().splitlines()
    namespace = "Namespace(batchSize=32, dataset='diginetica', epoch=30, hiddenSize=32, l2=1e-05, lr=0.003,"
    assert text[0].startswith(namespace)
    assert text[1:9] == ["-" * 55, "epoch:  0", "start training:  2026-12-06 09:00:00.000000", "[0/20] Loss: 1.2500",
                         "[5/20] Loss: 1.2500", "[10/20] Loss: 1.2500", "[15/20] Loss: 1.2500",
                         "\tLoss:\t25.000"]  # fmt: skip
    assert text[9:12] == ["start predicting:  2026-12-06 09:00:01.000000", "Best Result:",
                          "\tRecall@20:\t50.0000\tMMR@20:\t25.0000\tEpoch:\t0,\t0"]  # fmt: skip
    assert text[19] == "\tLoss:\tnan" and text[22] == "\tRecall@20:\t50.0000\tMMR@20:\t37.5000\tEpoch:\t0,\t1"
    assert text[-2:] == ["-" * 55, "Run time: 2.040000 s"]


def test_binarynet_binarizes_weights_and_activations_and_logs_as_main_binary(tmp_path: Path) -> None:
    import torch
    from make_family_casebook import BIN_CLASSES, BIN_SIDE, BinarizeLinear, BinaryVGG, Logged, binarize, write_binarynet

    w = torch.tensor([-0.3, 0.2, 1.5], requires_grad=True)
    out = binarize(w)
    out.sum().backward()
    assert out.tolist() == [-1.0, 1.0, 1.0] and w.grad is not None and w.grad.tolist() == [1.0, 1.0, 1.0]  # its STE
    layer = BinarizeLinear(3, 2)
    x = torch.tensor([[0.5, -2.0, 0.1]])
    want = torch.nn.functional.linear(x.sign(), layer.weight.sign()) + layer.bias
    assert torch.allclose(layer(x), want)
    task = make_task("binarynet_hubara", 0)
    assert task.x.shape[1:] == (3, BIN_SIDE, BIN_SIDE) and int(task.y.max()) == BIN_CLASSES - 1
    model = make_model("binarynet_hubara", Recipe(), 0)
    assert isinstance(model, BinaryVGG) and not any(isinstance(m, torch.nn.ReLU) for m in model.modules())
    with torch.no_grad():
        model.eval()
        assert torch.allclose(model(task.x[:4]).exp().sum(1), torch.ones(4), atol=1e-5)  # its LogSoftmax
    case = one_case(tmp_path, "binarynet_hubara", "lr_too_low")
    assert case["fault_occurred"] and case["split"] == "tuning"
    each = {"val_top5": 0.9, "val_first_loss": 0.5, "val_first_acc": 0.875, "val_first_top5": 1.0}
    rows = writer_rows(3e-3, each, each, top5=0.75)
    text = (tmp_path / write_binarynet(Logged(rows), tmp_path, "b", task)).read_text().splitlines()
    assert text[0] == "2026-12-06 09:00:00 - INFO - saving to ./results/2026-12-06_09-00-00"
    assert (
        text[5] == "2026-12-06 09:00:01 - INFO - training regime: {0: {'optimizer': 'Adam', 'betas': (0.9, 0.999), "
        "'lr': 0.003}}"
    )
    assert text[6:9] == ["2026-12-06 09:00:02 - DEBUG - OPTIMIZER - setting method = Adam",
                         "2026-12-06 09:00:02 - DEBUG - OPTIMIZER - setting betas = (0.9, 0.999)",
                         "2026-12-06 09:00:02 - DEBUG - OPTIMIZER - setting lr = 0.003"]  # fmt: skip
    assert text[9].endswith(" - INFO - TRAINING - Epoch: [0][0/20]\tTime 0.050 (0.050)\tData 0.010 (0.010)\tLoss "
                            "1.2500 (1.2500)\tPrec@1 50.000 (50.000)\tPrec@5 75.000 (75.000)")  # fmt: skip
    assert text[11].endswith(" - INFO - EVALUATING - Epoch: [0][0/4]\tTime 0.030 (0.030)\tData 0.010 (0.010)\tLoss "
                             "0.5000 (0.5000)\tPrec@1 87.500 (87.500)\tPrec@5 100.000 (100.000)")  # fmt: skip
    assert text[12].endswith(" - INFO - ") and text[14] == ""
    assert text[13] == (" Epoch: 1\tTraining Loss 1.2500 \tTraining Prec@1 50.000 \tTraining Prec@5 75.000 \t"
                        "Validation Loss 0.5000 \tValidation Prec@1 87.500 \tValidation Prec@5 90.000 ")  # fmt: skip
    assert "Loss 1.2500 (nan)" in text[-5] and text[-2].startswith(" Epoch: 2\tTraining Loss nan \t")


def test_libfm_factorizes_pairwise_interactions_and_logs_as_libfm(tmp_path: Path) -> None:
    import torch
    from make_family_casebook import (
        LFM_FEATURES,
        LFM_ITEMS,
        LFM_USERS,
        FactorizationMachine,
        Logged,
        libfm_clip,
        write_libfm,
    )

    task = make_task("libfm_srendle", 0)
    assert task.x.shape[1:] == (LFM_FEATURES,) and set(task.y.unique().tolist()) == {1.0, 2.0, 3.0, 4.0, 5.0}
    assert bool((task.x[:, : LFM_USERS + LFM_ITEMS].sum(1) == 2).all())  # a one-hot user and a one-hot item a row
    model = make_model("libfm_srendle", Recipe(), 0)
    assert isinstance(model, FactorizationMachine) and not any(isinstance(m, torch.nn.ReLU) for m in model.modules())
    with torch.no_grad():
        model.w0.fill_(0.5), model.w.normal_()
        x = task.x[0]
        pairs = sum(
            x[i] * x[j] * (model.v[i] @ model.v[j]) for i in range(LFM_FEATURES) for j in range(i + 1, LFM_FEATURES)
        )
        assert torch.isclose(model(x[None])[0], 0.5 + x @ model.w + pairs, atol=1e-5)
    assert libfm_clip(torch.tensor([math.nan, -3.0, 2.5, 9.0])).tolist() == [5.0, 1.0, 2.5, 5.0]  # std::min's NaN
    case = one_case(tmp_path, "libfm_srendle", "lr_too_low")
    assert case["fault_occurred"] and case["split"] == "tuning"
    task.extra.update(train_x=task.x, train_y=task.y, steps=torch.tensor(40))
    rows = writer_rows(1e-2, {"val_rmse": 1.25, "train_rmse": 1.0}, {"val_rmse": 1.1234567, "train_rmse": math.nan})
    text = (tmp_path / write_libfm(Logged(rows), tmp_path, "l", task)).read_text().splitlines()
    assert text[:3] == ["-" * 76, "libFM", "  Version: 1.4.4"] and text[9] == "Loading train...\t"
    assert (
        text[10]
        == f"num_rows=3072\tnum_values={int((task.x != 0).sum())}\tnum_features=100\tmin_target=1\tmax_target=5"
    )
    assert text[11] == "Loading test... \t" and text[13:15] == ["#relations: 0", "Loading meta data...\t"]
    assert text[15:18] == ["learnrate=0.01", "learnrates=0.01,0.01,0.01", "#iterations=2"]
    assert text[19:] == ["#Iter=  0\tTrain=1\tTest=1.25", "#Iter=  1\tTrain=-nan\tTest=1.12346"]


def test_kims_cnn_reads_negations_through_its_filters_and_logs_as_conv_net_sentence(tmp_path: Path) -> None:
    import torch
    from make_family_casebook import KIM_LEN, KIM_NORM, KIM_PAD, KimSentenceCNN, Logged, write_kimcnn

    task = make_task("kimcnn_yoonkim", 0)
    assert task.x.shape[1:] == (KIM_LEN + 2 * KIM_PAD,) and bool((task.x[:, :KIM_PAD] == 0).all())
    assert 0.5 < float(task.extra["bow_acc"]) < 0.7  # a negator is a word like the others to a bag of words
    model = make_model("kimcnn_yoonkim", Recipe(), 0)
    assert isinstance(model, KimSentenceCNN) and [c.kernel_size[0] for c in model.convs] == [3, 4, 5]
    with torch.no_grad():
        model.out.weight.mul_(100.0)
        model.words.weight[0].fill_(1.0)
        model.normalise()
        assert (
            float(model.out.weight.norm(dim=1).max()) <= KIM_NORM + 1e-4
            and float(model.words.weight[0].abs().max()) == 0
        )
    dead = make_model("kimcnn_yoonkim", Recipe(dead_bias=-8.0), 0)
    assert all(float(c.bias.detach().max()) == -8.0 for c in dead.convs)
    case = one_case(tmp_path, "kimcnn_yoonkim", "lr_too_low")
    assert case["fault_occurred"] and case["split"] == "tuning"
    rows = writer_rows(1e-2, {"train_acc": 0.75}, {"train_acc": 0.8125})
    text = (tmp_path / write_kimcnn(Logged(rows), tmp_path, "k", task)).read_text().splitlines()
    assert text[:3] == ["loading data... data loaded!", "model architecture: CNN-non-static", "using: random vectors"]
    assert text[3].startswith("[('image shape', 28, 32), ('filter shape', [(16, 1, 3, 32), (16, 1, 4, 32), (16, 1, 5,")
    assert text[4:] == ["... training", "epoch 1, train perf 75.000000 %, val perf 87.500000",
                        "epoch 2, train perf 81.250000 %, val perf 25.000000", "cv: 0, perf: 0.875",
                        "0.875"]  # fmt: skip


def test_elmos_bilm_reads_both_ways_with_clipped_cells_and_logs_as_bilm_tf(tmp_path: Path) -> None:
    import torch
    from make_family_casebook import BLM_LEN, BLM_VOCAB, BiLM, Logged, write_elmo

    task = make_task("elmo_allenai", 0)
    assert task.x.shape[1:] == (BLM_LEN,) and torch.equal(task.x, task.y)
    assert 3.0 < float(task.extra["unigram_nll"]) < math.log(BLM_VOCAB) + 0.01
    model = make_model("elmo_allenai", Recipe(), 0)
    assert isinstance(model, BiLM) and not any(isinstance(m, torch.nn.ReLU) for m in model.modules())
    with torch.no_grad():
        tokens = task.x[:2]
        fwd, bwd = model(tokens)
        assert fwd.shape == bwd.shape == (2, BLM_LEN - 1, BLM_VOCAB)
        changed = tokens.clone()
        changed[:, 0], changed[:, -1] = (changed[:, 0] + 1) % BLM_VOCAB, (changed[:, -1] + 1) % BLM_VOCAB
        fwd2, bwd2 = model(changed)
        assert torch.equal(fwd2[:, -1], model(torch.cat([changed[:, :-1], tokens[:, -1:]], 1))[0][:, -1])
        assert not torch.allclose(fwd2[:, 0], fwd[:, 0]) and not torch.allclose(bwd2[:, -1], bwd[:, -1])
        assert torch.allclose(bwd2[:, 0], model(torch.cat([tokens[:, :1], changed[:, 1:]], 1))[1][:, 0])
    case = one_case(tmp_path, "elmo_allenai", "lr_too_low")
    assert case["fault_occurred"] and case["split"] == "tuning"
    task.extra["steps"] = torch.tensor(40)
    text = (tmp_path / write_elmo(Logged(rows51()), tmp_path, "e", task)).read_text().splitlines()
    assert text[:3] == [
        "Training for 2 epochs and 40 batches",
        "Batch 10, train_perplexity=3.4903429",
        "Total time: 2.5",
    ]
    assert text[5:] == ["Batch 30, train_perplexity=nan", "Total time: 7.5", "Batch 40, train_perplexity=3.4903429",
                        "Total time: 10.0"]  # fmt: skip


def test_round_52s_families_are_built_by_default_and_hold_enough_cases_per_seed() -> None:
    assert build.__defaults__ is not None and build.__defaults__[0] == FAMILIES and len(FAMILIES) == 361
    # at least four healthy recipes each (no plain SGD with momentum for DGI, CFRNet and SED-CRNN: it left them
    # unlearned) and five faults (DGI: its loss reads no label, its whole graph an epoch, a PReLU, no MLP stack, its
    # probes took x300 Adam; SED-CRNN: its batch norms undo a batch x100, Keras clips its log, 24 clips held its
    # validation loss; PSMNet: its batch norms undo a batch x100, 24 pairs held its validation loss)
    faults_of = faults_per_family(ROUND52_FAMILIES, FAULTY_R52, HEALTHY_R52, TRACED_R52, 5)
    weak = {"random_labels", "lr_too_low", "lr_too_high_sgd"}
    assert all(weak | {"healthy_easy", "healthy_warmup_cosine"} <= faults_of[f] for f in ROUND52_FAMILIES)
    assert {f for f in ROUND52_FAMILIES if "lr_too_high" not in faults_of[f]} == {"dgi_petarv"}
    momentum = {f for f in ROUND52_FAMILIES if "healthy_sgd_momentum" in faults_of[f]}
    assert momentum == {"fedavg_shaoxiongji", "psmnet_jiaren", "multvae_younggyoseo"}
    assert {f for f in ROUND52_FAMILIES if "sorted_data" not in faults_of[f]} == {"dgi_petarv"}
    assert {f for f in ROUND52_FAMILIES if "overfitting" in faults_of[f]} == {
        "cfrnet_clinicalml",
        "multvae_younggyoseo",
    }
    corrupt = {f for f in ROUND52_FAMILIES if "corrupt_batches" in faults_of[f]}
    assert corrupt == {"dgi_petarv", "fedavg_shaoxiongji", "cfrnet_clinicalml", "multvae_younggyoseo"}
    log_zero = {f for f in ROUND52_FAMILIES if "log_of_zero" in faults_of[f]}
    assert log_zero == {"dgi_petarv", "fedavg_shaoxiongji", "psmnet_jiaren", "multvae_younggyoseo"}
    deep = {f for f in ROUND52_FAMILIES if "deep_sigmoid" in faults_of[f]}
    assert deep == {"fedavg_shaoxiongji", "cfrnet_clinicalml", "multvae_younggyoseo"}
    dead = {f for f in ROUND52_FAMILIES if "dead_relu" in faults_of[f]}
    assert dead == {"fedavg_shaoxiongji", "cfrnet_clinicalml", "sedcrnn_adavanne", "psmnet_jiaren"}
    assert all(SPLIT_OF[f] == "tuning" for f in ROUND52_FAMILIES)


def rows52(**each: float) -> list[dict[str, float]]:
    return writer_rows(1e-3, {}, {}, **each)


def test_dgi_discriminates_its_graph_from_a_shuffled_one_and_logs_as_its_execute_py(tmp_path: Path) -> None:
    import torch
    from make_family_casebook import (
        DGI_NODES,
        DGI_PROBES,
        DeepGraphInfomax,
        Logged,
        dgi_loss,
        dgi_probe,
        write_dgi,
    )

    task = make_task("dgi_petarv", 0)
    adj, feats = task.extra["adj"], task.extra["features"]
    assert task.x.shape == (DGI_NODES * 3 // 4,) and torch.allclose(adj, adj.T) and bool((adj.diagonal() > 0).all())
    assert bool(((feats.sum(1) - 1).abs() < 1e-5).logical_or(feats.sum(1) == 0).all())  # its preprocess_features
    labels = torch.cat([task.y, task.y_val])[torch.argsort(torch.cat([task.x, task.x_val]))]
    linked = (adj > 0) & ~torch.eye(DGI_NODES, dtype=torch.bool)
    same = (labels[:, None] == labels[None, :])[linked].float().mean()
    assert 0.6 < float(same) < 0.95  # most edges join papers of one topic
    model = make_model("dgi_petarv", Recipe(), 0, task)
    assert isinstance(model, DeepGraphInfomax) and not any(isinstance(m, torch.nn.ReLU) for m in model.modules())
    assert any(isinstance(m, torch.nn.PReLU) for m in model.modules())
    gen = torch.Generator().manual_seed(0)
    with torch.no_grad():
        assert model.logits(torch.randperm(DGI_NODES, generator=gen)).shape == (2 * DGI_NODES,)
        assert abs(float(dgi_loss(model, gen, Recipe())) - math.log(2)) < 0.1  # its discriminator starts undecided
        model.disc.weight.mul_(1000.0)
        assert math.isfinite(float(dgi_loss(model, gen, Recipe())))
        assert not math.isfinite(float(dgi_loss(model, gen, Recipe(log_softmax_by_hand=True))))  # log(0)
        emb = model.embed()
        accs = dgi_probe(emb[task.x], task.y, emb[task.x_val], task.y_val, 0)
        assert len(accs) == DGI_PROBES and all(0.0 <= a <= 1.0 for a in accs)
    case = one_case(tmp_path, "dgi_petarv", "lr_too_low")
    assert case["fault_occurred"] and case["split"] == "tuning"
    task.extra["dgi_probes"] = torch.tensor([[0.5] * DGI_PROBES, [0.75] * DGI_PROBES])
    text = (tmp_path / write_dgi(Logged(rows52()), tmp_path, "d", task)).read_text().splitlines()
    loss = "Loss: tensor(1.2500, device='cuda:0', grad_fn=<BinaryCrossEntropyWithLogitsBackward0>)"
    assert text[0] == "Using CUDA" and text[1:22] == [loss] * 21  # no lower loss for 20 epochs after epoch 0
    assert text[22:24] == ["Early stopping!", "Loading 0th epoch"]
    assert text[24:74] == ["tensor(0.5000, device='cuda:0')"] * DGI_PROBES  # the evaluation nearest epoch 0's
    assert text[74:] == ["Average accuracy: tensor([0.5000], device='cuda:0')", "tensor(50., device='cuda:0')",
                         "tensor(0., device='cuda:0')"]  # fmt: skip


def test_fedavg_averages_its_clients_local_steps_and_logs_as_main_fed(tmp_path: Path) -> None:
    import torch
    from make_family_casebook import (
        FED_CLASSES,
        FED_LOCAL,
        FED_SIDE,
        FED_SLOTS,
        FED_USERS,
        FederatedAveraging,
        Logged,
        fedavg_loss,
        write_fedavg,
    )

    task = make_task("fedavg_shaoxiongji", 0)
    assert task.x.shape[1:] == (1, FED_SIDE, FED_SIDE) and int(task.y.max()) == FED_CLASSES - 1
    model = make_model("fedavg_shaoxiongji", Recipe(), 0)
    assert isinstance(model, FederatedAveraging) and not any(p.requires_grad for p in model.glob.parameters())
    model.partition(task.y, torch.Generator().manual_seed(0))
    assert len(model.users) == FED_USERS and sum(len(u) for u in model.users) == len(task.y)
    assert sum(len(task.y[u].unique()) <= 3 for u in model.users) >= FED_USERS - 2  # two digits a user, mostly
    idx = model.indices(1, 8, torch.Generator().manual_seed(0), False)
    assert idx.shape == (FED_SLOTS * 8,)
    chosen = model.chosen.tolist()
    assert all(bool(torch.isin(idx[8 * k : 8 * (k + 1)], model.users[u]).all()) for k, u in enumerate(chosen))
    model.eval()
    with torch.no_grad():
        xb = task.x[idx].reshape(FED_SLOTS, 8, 1, FED_SIDE, FED_SIDE)
        assert torch.allclose(model.local(xb), model.glob(xb.flatten(0, 1)).reshape(FED_SLOTS, 8, -1), atol=1e-5)
    loss, _ = fedavg_loss(task, model, task.x[idx], task.y[idx], Recipe())
    loss.backward()
    outs = model.local(task.x[idx].reshape(FED_SLOTS, 8, 1, FED_SIDE, FED_SIDE))
    means = [torch.nn.functional.cross_entropy(outs[k], task.y[idx][8 * k : 8 * (k + 1)]) for k in range(FED_SLOTS)]
    assert torch.isclose(loss, torch.stack(means).mean())  # the clients' mean logged...
    (own,) = torch.autograd.grad(means[0], model.clients[-1])
    assert model.clients[-1].grad is not None and torch.allclose(model.clients[-1].grad[0], own[0])  # ...each its own
    with torch.no_grad():
        for client in model.clients:
            client.copy_(
                torch.arange(FED_SLOTS, dtype=torch.float).reshape(-1, *[1] * (client.dim() - 1)).expand_as(client)
            )
        model.average()
        assert all(bool((p == (FED_SLOTS - 1) / 2).all()) for p in model.glob.parameters())  # its FedAvg's mean
    case = one_case(tmp_path, "fedavg_shaoxiongji", "lr_too_low")
    assert case["fault_occurred"] and case["split"] == "tuning"
    rows = writer_rows(1e-3, {"train_acc": 0.625}, {"train_acc": 0.8125})
    text = (tmp_path / write_fedavg(Logged(rows), tmp_path, "f", task)).read_text().splitlines()
    assert text[:2] == ["CNNMnist(", "  (conv1): Conv2d(1, 10, kernel_size=(3, 3), stride=(1, 1))"] and text[6] == ")"
    rounds = [
        f"Round {k:3d}, Average loss {'nan' if k == 29 // FED_LOCAL else '1.250'}" for k in range(40 // FED_LOCAL)
    ]
    assert text[7:-2] == rounds and text[-2:] == ["Training accuracy: 81.25", "Testing accuracy: 25.00"]


def test_cfrnet_balances_its_arms_representations_and_logs_as_its_log_txt(tmp_path: Path) -> None:
    import torch
    from make_family_casebook import CFR_COVS, CounterfactualRegression, Logged, cfr_terms, write_cfr

    task = make_task("cfrnet_clinicalml", 0)
    t = task.x[:, -1]
    assert task.x.shape[1:] == (CFR_COVS + 1,) and task.y.shape[1:] == (4,) and 0.2 < float(t.mean()) < 0.6
    assert float(task.x[t > 0, 0].mean() - task.x[t < 1, 0].mean()) > 0.3  # confounded: the treated differ
    assert 3.0 < float((task.y[:, 3] - task.y[:, 2]).mean()) < 5.0  # an average effect of about 4
    assert float(task.extra["naive_pehe"]) > 1.5  # the effect differs unit by unit
    model = make_model("cfrnet_clinicalml", Recipe(), 0)
    assert isinstance(model, CounterfactualRegression) and len(model.heads) == 2
    with torch.no_grad():
        model.eval()
        y0, y1, rep = model.both(task.x[:8])
        assert torch.equal(model(task.x[:8]), torch.where(task.x[:8, -1] > 0, y1, y0))
        terms = cfr_terms(model, task.x[:64], task.y[:64], 0.4)
        assert all(math.isfinite(float(v)) for v in terms.values())
        controls = task.x[task.x[:, -1] < 1][:16]
        assert math.isnan(float(cfr_terms(model, controls, task.y[:16], 0.4)["imb"]))  # an arm's empty mean
    dead = make_model("cfrnet_clinicalml", Recipe(dead_bias=-8.0), 0)
    assert all(float(layer.bias.detach().max()) == -8.0 for layer in dead.rep) and all(
        float(h[-1].bias.detach().abs().max()) == 0 for h in dead.heads
    )
    case = one_case(tmp_path, "cfrnet_clinicalml", "lr_too_low")
    assert case["fault_occurred"] and case["split"] == "tuning"
    task.extra.update(train_x=task.x, train_y=task.y)
    each = {"train_obj": 12.3456, "train_f": 3.5, "train_cf": 4.25, "train_imb": 0.0234, "val_f": 3.25,
            "val_imb": 2e-5, "rep_norm": 1.0}  # fmt: skip
    rows = writer_rows(1e-3, each, {**each, "train_obj": math.nan})
    text = (tmp_path / write_cfr(Logged(rows), tmp_path, "c", task)).read_text().splitlines()
    assert text[:7] == ["Training with hyperparameters: alpha=1, lambda=0.0001",
                        "Training data: data/ihdp_npci_1-100.train.npz", "Test data:     data/ihdp_npci_1-100.test.npz",
                        "Loaded data with shape [4096,25]", "Defining graph...", "",
                        "Training on experiment 1/1..."]  # fmt: skip
    assert (
        text[7]
        == "19\tObj: 12.346,\tF: 3.500,\tCf: 4.250,\tImb: 0.02,\tVal: 3.250,\tValImb: 2e-05,\tValObj: 0.50,\tRepNrm: "
        "1.000"
    )
    assert text[8].startswith("39\tObj: nan,\tF: 3.500,") and text[9] == "Experiment 1: Objective is NaN. Skipping."
    assert text[10:] == ["Saving result to results/example_ihdp/results_20261206_090000-000000/...", ""]


def test_sed_crnn_pools_over_frequency_into_gru_frames_and_logs_as_sed_py(tmp_path: Path) -> None:
    import torch
    from make_family_casebook import (
        SED_BANDS,
        SED_BLOCK,
        SED_EVENTS,
        SED_FRAMES,
        Logged,
        SedCRNN,
        sed_blocks,
        sed_keras_summary,
        sed_scores,
        write_sed,
    )

    task = make_task("sedcrnn_adavanne", 0)
    assert task.x.shape[1:] == (1, SED_FRAMES, SED_BANDS) and task.y.shape[1:] == (SED_FRAMES, SED_EVENTS)
    assert 0.05 < float(task.y.mean()) < 0.5 and float(task.y.sum(2).max()) >= 2  # events overlap
    truth = task.y_val[:8]
    f1, er = sed_scores(truth, truth)
    assert f1 > 0.999999 and er == 0.0
    f1, er = sed_scores(torch.zeros_like(truth), truth)
    assert f1 == 0.0 and er == 1.0  # no event: every reference event deleted
    frames = torch.zeros(1, 2 * SED_BLOCK, 1)
    frames[0, SED_BLOCK - 1, 0] = 1.0
    assert sed_blocks(frames, SED_BLOCK, 2).flatten().tolist() == [0.0, 0.0]  # its segments skip their last frame
    model = make_model("sedcrnn_adavanne", Recipe(), 0)
    assert isinstance(model, SedCRNN) and sum(isinstance(m, torch.nn.GRU) for m in model.modules()) == 2
    with torch.no_grad():
        model.eval()
        assert model(task.x[:2]).shape == (2, SED_FRAMES, SED_EVENTS)
    dead = make_model("sedcrnn_adavanne", Recipe(dead_bias=-8.0), 0)
    assert (
        all(float(bn.bias.detach().max()) == -8.0 for bn in dead.bns) and float(dead.out.bias.detach().abs().max()) == 0
    )
    summary = sed_keras_summary()
    assert summary[:3] == ["_" * 65, "Layer (type)                 Output Shape              Param #   ", "=" * 65]
    assert "batch_normalization_1 (Batch (None, 16, 24, 16)        64        " in summary
    assert summary[-4:] == ["Total params: 13,204", "Trainable params: 13,108", "Non-trainable params: 96", "_" * 65]
    case = one_case(tmp_path, "sedcrnn_adavanne", "lr_too_low")
    assert case["fault_occurred"] and case["split"] == "tuning"
    rows = writer_rows(1e-2, {"val_f1": 0.5, "val_er": 0.625}, {"val_f1": 0.25, "val_er": 0.75})
    text = (tmp_path / write_sed(Logged(rows), tmp_path, "s", task)).read_text().splitlines()
    assert text[:3] == ["", "", "UNIQUE ID: mon_2026_12_06_09_00_00"] and text[6:10] == ["", "", "-" * 46, "FOLD: 1"]
    at = text.index("Epoch : 0 Train on 3072 samples, validate on 1024 samples")
    assert text[at + 1 : at + 4] == ["Epoch 1/1", " - 1s - loss: 1.2500 - val_loss: 0.5000",
                                     "tr Er : 1.25, val Er : 0.5, F1_overall : 0.5, ER_overall : 0.625 Best ER : "
                                     "0.625, "
                                     "best_epoch: 0"]  # fmt: skip
    assert text[at + 6 :] == ["Epoch 1/1", " - 1s - loss: nan - val_loss: 0.7500",
                              "tr Er : nan, val Er : 0.75, F1_overall : 0.25, ER_overall : 0.75 Best ER : 0.625, "
                              "best_epoch: 0", "figure name : mon_2026_12_06_09_00_00"]  # fmt: skip


def test_psmnet_regresses_disparity_over_its_cost_volume_and_logs_as_finetune_py(tmp_path: Path) -> None:
    import torch
    from make_family_casebook import PSM_H, PSM_MAXDISP, PSM_VAL, PSM_W, Logged, PSMNet, psm_error, write_psm

    task = make_task("psmnet_jiaren", 0, easy=True)
    assert task.x.shape[1:] == (6, PSM_H, PSM_W) and task.y.shape[1:] == (PSM_H, PSM_W) and len(task.x_val) == PSM_VAL
    assert float(task.y.min()) >= 1 and float(task.y.max()) < PSM_MAXDISP
    left, right, disp = task.x[:64, :3], task.x[:64, 3:], task.y[:64].long()
    cols = torch.arange(PSM_W).expand(64, PSM_H, PSM_W)
    seen = cols - disp >= 0
    matched = right.gather(3, (cols - disp).clamp(min=0)[:, None].expand(-1, 3, -1, -1))
    gap, unmatched = (left - matched).abs()[seen[:, None].expand_as(left)], (left - right).abs()
    assert float(gap.median()) < 0.2 * float(unmatched.median())  # the right view is the left one shifted
    model = make_model("psmnet_jiaren", Recipe(), 0)
    assert isinstance(model, PSMNet)
    with torch.no_grad():
        model.eval()
        out = model(task.x[:2])
        assert out.shape == (2, PSM_H, PSM_W) and float(out.min()) >= 0 and float(out.max()) <= PSM_MAXDISP - 1
        hand = make_model("psmnet_jiaren", Recipe(log_softmax_by_hand=True), 0).eval()
        hand.classify[-1].weight.mul_(1000.0)
        assert not bool(torch.isfinite(hand(task.x[:2])).all())  # its softmax by hand: inf / inf
    assert psm_error(task.y_val, task.y_val) == 0.0 and psm_error(task.y_val + 3, task.y_val) == 1.0
    dead = make_model("psmnet_jiaren", Recipe(dead_bias=-8.0), 0)
    assert all(float(m.bias.detach().max()) == -8.0 for m in dead.modules() if isinstance(m, torch.nn.BatchNorm3d))
    case = one_case(tmp_path, "psmnet_jiaren", "lr_too_low")
    assert case["fault_occurred"] and case["split"] == "tuning"
    task.extra["psm_batches"] = torch.tensor([[0.125] * 8, [0.25] * 8])
    text = (tmp_path / write_psm(Logged(rows52()), tmp_path, "p", task)).read_text().splitlines()
    assert text[0].startswith("Number of model parameters: ") and text[1] == "0.001"
    assert (
        text[2] == "Iter 0 training loss = 1.250 , time = 0.08"
        and text[21] == "Iter 19 training loss = 1.250 , time = 0.08"
    )
    assert text[22:24] == ["epoch 1 total training loss = 1.250", "Iter 0 3-px error in val = 12.500"]
    assert text[31:33] == ["epoch 1 total 3-px error in val = 12.500", "MAX epoch 1 total test error = 12.500"]
    assert text[43] == "Iter 9 training loss = nan , time = 0.08" and text[54] == "epoch 2 total training loss = nan"
    assert text[-5:] == ["epoch 2 total 3-px error in val = 25.000", "MAX epoch 2 total test error = 25.000",
                         "full finetune time = 0.00 HR", "2", "25.0"]  # fmt: skip


def test_multvae_reconstructs_click_rows_under_its_annealed_kl_and_logs_as_its_main_py(tmp_path: Path) -> None:
    import torch
    from make_family_casebook import (
        MVAE_ANNEAL_CAP,
        MVAE_ITEMS,
        Logged,
        MultVAE,
        mvae_loss,
        mvae_ndcg,
        mvae_recall,
        write_mvae,
    )

    task = make_task("multvae_younggyoseo", 0)
    assert task.x.shape[1:] == (MVAE_ITEMS,) and torch.equal(task.x, task.y)
    assert bool((task.y_val.sum(1) >= 1).all()) and not bool(((task.x_val > 0) & (task.y_val > 0)).any())
    assert 0.1 < float(task.extra["popular_r20"]) < 0.4
    model = make_model("multvae_younggyoseo", Recipe(), 0)
    assert isinstance(model, MultVAE) and not any(isinstance(m, torch.nn.ReLU) for m in model.modules())
    model.step = 300
    assert model.anneal() == 0.2 and MVAE_ANNEAL_CAP == 0.2
    model.step = 150
    assert abs(model.anneal() - 0.1) < 1e-9
    with torch.no_grad():
        model.eval()
        assert torch.equal(model(task.x[:2])[0], model(task.x[:2])[0])  # its mean in evaluation
        loss, nll, kld = mvae_loss(model, task.x[:4], task.x[:4], Recipe())
        assert torch.isclose(loss, nll + 0.1 * kld)
        model.p_layers[-1].weight.mul_(1000.0)
        assert not math.isfinite(float(mvae_loss(model, task.x[:4], task.x[:4], Recipe(log_softmax_by_hand=True))[0]))
    scores, held = torch.tensor([[3.0, 2.0, 1.0, 0.0]]), torch.tensor([[0.0, 1.0, 0.0, 1.0]])
    assert mvae_recall(scores, held, 2).tolist() == [0.5]
    assert torch.isclose(mvae_ndcg(scores, held, 2), torch.tensor([(1 / math.log2(3)) / (1 + 1 / math.log2(3))]))
    case = one_case(tmp_path, "multvae_younggyoseo", "lr_too_low")
    assert case["fault_occurred"] and case["split"] == "tuning"
    each = {"val_n100": 0.375, "val_r20": 0.25, "val_r50": 0.5}
    rows = writer_rows(1e-3, each, {**each, "val_n100": 0.125})
    text = (tmp_path / write_mvae(Logged(rows), tmp_path, "m", task)).read_text().splitlines()
    assert text[:4] == ["Starting training...", "| epoch   1 |    5/  20 batches | ms/batch 9.60 | loss 1.50",
                        "| epoch   1 |   10/  20 batches | ms/batch 8.00 | loss 1.25",
                        "| epoch   1 |   15/  20 batches | ms/batch 8.00 | loss 1.25"]  # fmt: skip
    assert text[4:7] == ["-" * 89, "| end of epoch   1 | time: 0.20s | valid loss 0.50 | n100 0.375 | r20 0.250 | r50 "
                         "0.500", "-" * 89]  # fmt: skip
    assert text[8] == "| epoch   2 |   10/  20 batches | ms/batch 8.00 | loss  nan"  # its {:4.2f} pads a NaN
    assert text[-3:] == ["=" * 89, "| End of training | test loss 0.50 | n100 0.38 | r20 0.25 | r50 0.50", "=" * 89]


def test_round_53s_families_are_built_by_default_and_hold_enough_cases_per_seed() -> None:
    assert build.__defaults__ is not None and build.__defaults__[0] == FAMILIES and len(FAMILIES) == 361
    # at least four healthy recipes each (plain SGD with momentum for CPC and NGCF only: it left VoxelMorph unlearned,
    # blew up ETM, the center loss and DRAW) and five faults (VoxelMorph: LeakyReLUs, no MLP stack, an MSE, plain SGD at
    # x200 trained it, its deformations' 24 pairs held its validation loss; NGCF: LeakyReLUs, it reads ids, plain SGD
    # at x200 trained it)
    faults_of = faults_per_family(ROUND53_FAMILIES, FAULTY_R53, HEALTHY_R53, TRACED_R53, 5)
    weak = {"lr_too_low", "lr_too_high", "sorted_data"}
    assert all(weak | {"healthy_easy", "healthy_warmup_cosine"} <= faults_of[f] for f in ROUND53_FAMILIES)
    sgd = {f for f in ROUND53_FAMILIES if "lr_too_high_sgd" not in faults_of[f]}
    assert sgd == {"voxelmorph_dalca", "ngcf_huangtinglin"}
    momentum = {f for f in ROUND53_FAMILIES if "healthy_sgd_momentum" in faults_of[f]}
    assert momentum == {"cpc_jefflai108", "ngcf_huangtinglin"}
    labels = {f for f in ROUND53_FAMILIES if "random_labels" in faults_of[f]}
    assert labels == {"voxelmorph_dalca", "centerloss_kaiyangzhou", "ngcf_huangtinglin"}
    assert {f for f in ROUND53_FAMILIES if "overfitting" in faults_of[f]} == {"draw_ericjang"}
    corrupt = {f for f in ROUND53_FAMILIES if "corrupt_batches" in faults_of[f]}
    assert corrupt == {"voxelmorph_dalca", "etm_adjidieng", "centerloss_kaiyangzhou"}
    log_zero = {f for f in ROUND53_FAMILIES if "log_of_zero" in faults_of[f]}
    assert log_zero == {"cpc_jefflai108", "etm_adjidieng", "centerloss_kaiyangzhou", "draw_ericjang",
                        "ngcf_huangtinglin"}  # fmt: skip
    assert {f for f in ROUND53_FAMILIES if "deep_sigmoid" in faults_of[f]} == {"etm_adjidieng"}
    assert {f for f in ROUND53_FAMILIES if "dead_relu" in faults_of[f]} == {"cpc_jefflai108", "etm_adjidieng"}
    assert all(SPLIT_OF[f] == "tuning" for f in ROUND53_FAMILIES)


def rows53(**each: float) -> list[dict[str, float]]:
    return writer_rows(1e-3, {}, {}, **each)


def test_voxelmorph_warps_its_moving_scan_by_an_integrated_flow_and_logs_as_its_train_py(tmp_path: Path) -> None:
    import torch
    from make_family_casebook import VXM_SIDE, Logged, VxmDense, vxm_grad, vxm_warp, write_vxm

    task = make_task("voxelmorph_dalca", 0)
    assert task.x.shape[1:] == (2, VXM_SIDE, VXM_SIDE) and task.y.shape[1:] == (3, VXM_SIDE, VXM_SIDE)
    assert float(task.x.min()) >= 0 and float(task.x.max()) <= 1  # scaled to [0, 1] as its script asks
    moving, fixed, disp = task.x[:64, :1], task.y[:64, :1], task.y[:64, 1:]
    undone = (vxm_warp(moving, disp) - fixed).pow(2).mean()
    assert float(undone) < 0.2 * float((moving - fixed).pow(2).mean())  # the true deformation explains the pair
    assert torch.allclose(vxm_warp(moving, torch.zeros_like(disp)), moving, atol=1e-5)  # no flow: the identity
    model = make_model("voxelmorph_dalca", Recipe(), 0)
    assert isinstance(model, VxmDense) and not any(isinstance(m, torch.nn.ReLU) for m in model.modules())
    with torch.no_grad():
        warped, flow = model(task.x[:2])
        assert warped.shape == (2, 1, VXM_SIDE, VXM_SIDE) and flow.shape == (2, 2, VXM_SIDE, VXM_SIDE)
        assert float(flow.abs().max()) < 1e-2  # its flow layer starts near 0 (normal of std 1e-5)
    assert float(vxm_grad(torch.ones(1, 2, 4, 4))) == 0.0
    case = one_case(tmp_path, "voxelmorph_dalca", "lr_too_low")
    assert case["fault_occurred"] and case["split"] == "tuning"
    task.extra["steps"] = torch.tensor(40)
    text = (tmp_path / write_vxm(Logged(rows53(mse=0.0125, grad=0.00034)), tmp_path, "v", task)).read_text()
    assert text.splitlines() == ["Epoch 1/2 - 0.0213 sec/step - loss: 1.2500e+00  (1.2500e-02, 3.4000e-04)",
                                 "Epoch 2/2 - 0.0213 sec/step - loss: nan  (1.2500e-02, 3.4000e-04)"]  # fmt: skip


def test_cpc_predicts_its_future_frames_against_the_batch_and_logs_as_its_main_py(tmp_path: Path) -> None:
    import torch
    from make_family_casebook import CDCK2, CPC_K, CPC_LEN, CPC_Z, Logged, write_cpc

    task = make_task("cpc_jefflai108", 0)
    assert task.x.shape[1:] == (1, CPC_LEN) and int(task.y.max()) == 7
    model = make_model("cpc_jefflai108", Recipe(), 0)
    assert isinstance(model, CDCK2)
    with torch.no_grad():
        model.eval()
        assert model(task.x[:4]).shape == (4, CPC_LEN // 8, CPC_Z)
        loss, acc = model.nce(task.x[:32], 10, Recipe())
        assert abs(float(loss) - math.log(32)) < 1.0 and 0.0 <= acc <= 1.0  # about ln 32 untrained
        for w in model.Wk:
            w.weight.mul_(1000.0)
        assert math.isfinite(float(model.nce(task.x[:32], 10, Recipe())[0]))
        assert not math.isfinite(float(model.nce(task.x[:32], 10, Recipe(log_softmax_by_hand=True))[0]))  # log(0)
    assert len(model.Wk) == CPC_K
    dead = make_model("cpc_jefflai108", Recipe(dead_bias=-8.0), 0)
    assert all(float(m.bias.detach().max()) == -8.0 for m in dead.encoder if isinstance(m, torch.nn.BatchNorm1d))
    case = one_case(tmp_path, "cpc_jefflai108", "lr_too_low")
    assert case["fault_occurred"] and case["split"] == "tuning"
    task.extra["steps"] = torch.tensor(40)
    text = (tmp_path / write_cpc(Logged(rows53()), tmp_path, "c", task)).read_text().splitlines()
    assert text[0] == "===> loading train, validation and eval dataset" and text[1] == "### Model summary below###"
    at = text.index("Train Epoch: 1 [0/3072 (0%)]\tlr:0.00100\tAccuracy: 0.5000\tLoss: 1.250000")
    assert text[at + 1] == "Train Epoch: 1 [160/3072 (25%)]\tlr:0.00100\tAccuracy: 0.5000\tLoss: 1.250000"
    assert text[at + 4 : at + 7] == ["===> Validation set: Average loss: 0.5000\tAccuracy: 0.8750", "",
                                     "#### End epoch 1/2, elapsed time: 0.52"]  # fmt: skip
    assert text[at + 8] == "Train Epoch: 2 [160/3072 (25%)]\tlr:0.00100\tAccuracy: 0.5000\tLoss: 1.250000"
    assert text[-2:] == ["################## Success #########################", "Total elapsed time: 1.34"]


def test_etm_embeds_its_topics_and_words_and_logs_as_its_main_py(tmp_path: Path) -> None:
    import torch
    from make_family_casebook import ETM, ETM_TOPICS, ETM_VOCAB, Logged, write_etm

    task = make_task("etm_adjidieng", 0)
    assert task.x.shape[1:] == (ETM_VOCAB,) and torch.equal(task.x, task.y)
    assert bool((task.x_val.sum(1) >= 12).all()) and bool((task.y_val.sum(1) >= 12).all())  # two halves a document
    model = make_model("etm_adjidieng", Recipe(), 0)
    assert isinstance(model, ETM) and any(isinstance(m, torch.nn.ReLU) for m in model.modules())
    beta = model.get_beta(Recipe())
    assert beta.shape == (ETM_TOPICS, ETM_VOCAB) and torch.allclose(beta.sum(1), torch.ones(ETM_TOPICS))
    with torch.no_grad():
        model.eval()
        recon, kl = model.nelbo(task.x[:8], Recipe())
        assert abs(float(recon) / float(task.x[:8].sum(1).mean()) - math.log(ETM_VOCAB)) < 0.5 and float(kl) >= 0
        model.alphas.weight.mul_(1000.0)
        assert not math.isfinite(float(model.nelbo(task.x[:8], Recipe(log_softmax_by_hand=True))[0]))  # log(0)
    dead = make_model("etm_adjidieng", Recipe(dead_bias=-8.0), 0)
    assert float(dead.q_theta[0].bias.detach().max()) == -8.0 and float(dead.mu_q_theta.bias.detach().abs().max()) == 0
    case = one_case(tmp_path, "etm_adjidieng", "lr_too_low")
    assert case["fault_occurred"] and case["split"] == "tuning"
    rows = writer_rows(1e-2, {"val_ppl": 34.56}, {"val_ppl": 30.04}, rec_loss=123.456, kl_theta=1.234)
    text = (tmp_path / write_etm(Logged(rows), tmp_path, "e", task)).read_text().splitlines()
    assert text[2] == "=*" * 100 and text[3].startswith("Training an Embedded Topic Model on 20NG with the following")
    assert text[5].startswith("model: ETM(")
    at = text.index("Epoch: 1 .. batch: 2/20 .. LR: 0.01 .. KL_theta: 1.23 .. Rec_loss: 123.46 .. NELBO: 124.69")
    assert text[at + 9 : at + 15] == ["*" * 100, "Epoch----->1 .. LR: 0.01 .. KL_theta: 1.23 .. Rec_loss: 123.46 .. "
                                      "NELBO: 124.69", "*" * 100, "*" * 100, "VAL Doc Completion PPL: 34.6",
                                      "*" * 100]  # fmt: skip
    assert text[-2] == "VAL Doc Completion PPL: 30.0"


def test_the_center_loss_pulls_features_to_their_centers_and_logs_as_its_main_py(tmp_path: Path) -> None:
    import torch
    from make_family_casebook import CTL_FEAT, CTL_SIDE, CenterLossNet, Logged, forward_loss, write_ctl

    task = make_task("centerloss_kaiyangzhou", 0)
    task.family = "centerloss_kaiyangzhou"
    assert task.x.shape[1:] == (1, CTL_SIDE, CTL_SIDE) and int(task.y.max()) == 3
    model = make_model("centerloss_kaiyangzhou", Recipe(), 0)
    assert isinstance(model, CenterLossNet) and not any(isinstance(m, torch.nn.ReLU) for m in model.modules())
    assert model.features(task.x[:4]).shape == (4, CTL_FEAT) and model(task.x[:4]).shape == (4, 4)
    feats = torch.tensor([[1.0, 0.0], [0.0, 2.0]])
    centers = torch.zeros(4, CTL_FEAT)
    assert float(model.center_loss(feats, torch.tensor([0, 1]), centers)) == 2.5  # (1 + 4) / 2
    before = model.centers.clone()
    loss, parts = forward_loss(task, model, task.x[:32], task.y[:32], Recipe())
    assert not torch.equal(model.centers, before)  # its centers' own SGD step
    assert abs(float(loss.detach()) - parts["xent_loss"] - parts["center_loss"]) < 1e-4
    case = one_case(tmp_path, "centerloss_kaiyangzhou", "lr_too_low")
    assert case["fault_occurred"] and case["split"] == "tuning"
    task.extra["steps"] = torch.tensor(40)
    rows = writer_rows(1e-3, {}, {}, xent_loss=1.0, center_loss=0.25)
    text = (tmp_path / write_ctl(Logged(rows), tmp_path, "k", task)).read_text().splitlines()
    assert text[0] == "==========" and text[1].startswith("Args:Namespace(batch_size=32, dataset='mnist'")
    assert text[3:8] == ["Currently using CPU", "Creating dataset: mnist", "Creating model: cnn", "==> Start training",
                         "==> Epoch 1/2"]  # fmt: skip
    batch = "Batch 5/20\t Loss 1.250000 (1.250000) XentLoss 1.000000 (1.000000) CenterLoss 0.250000 (0.250000)"
    assert text[8] == batch
    assert text[12:14] == ["==> Test", "Accuracy (%): 87.5\t Error rate (%): 12.5"]
    assert text[16] == "Batch 10/20\t Loss nan (nan) XentLoss 1.000000 (1.000000) CenterLoss 0.250000 (0.250000)"
    assert text[-3:] == ["==> Test", "Accuracy (%): 25.0\t Error rate (%): 75.0",
                         "Finished. Total elapsed time (h:m:s): 0:00:01"]  # fmt: skip


def test_draw_reads_and_writes_through_attention_windows_and_logs_as_its_draw_py(tmp_path: Path) -> None:
    import torch
    from make_family_casebook import DRAW_N, DRAW_SIDE, Draw, Logged, draw_filterbank, draw_loss, write_draw

    task = make_task("draw_ericjang", 0)
    assert task.x.shape[1:] == (DRAW_SIDE * DRAW_SIDE,) and set(task.x.unique().tolist()) == {0.0, 1.0}
    assert 40 < float(task.extra["marginal_nll"]) < 100
    fx, fy, gamma = draw_filterbank(torch.zeros(3, 5), DRAW_N)
    assert fx.shape == (3, DRAW_N, DRAW_SIDE) and torch.allclose(fx.sum(2), torch.ones(3, DRAW_N))
    assert torch.allclose(gamma, torch.ones(3, 1))
    model = make_model("draw_ericjang", Recipe(), 0)
    assert isinstance(model, Draw) and not any(isinstance(m, torch.nn.ReLU) for m in model.modules())
    with torch.no_grad():
        logits, kl = model(task.x[:4])
        assert logits.shape == (4, DRAW_SIDE * DRAW_SIDE) and kl.shape == (4,)
        lx, lz = draw_loss(model, task.x[:4], Recipe())
        assert abs(float(lx) - DRAW_SIDE**2 * math.log(2)) < 15  # a near blank canvas: ln 2 a pixel
        model.write_patch.weight.mul_(1000.0)
        model.write_patch.bias.fill_(100.0)
        assert math.isfinite(float(draw_loss(model, task.x[:4], Recipe())[0]))
        assert not math.isfinite(float(draw_loss(model, task.x[:4], Recipe(log_softmax_by_hand=True))[0]))  # log(0)
    case = one_case(tmp_path, "draw_ericjang", "lr_too_low")
    assert case["fault_occurred"] and case["split"] == "tuning"
    text = (tmp_path / write_draw(Logged(rows53(lx=98.5, lz=1.25)), tmp_path, "d", task)).read_text()
    text = text.splitlines()
    assert text[:4] == [f"iter={i} : Lx: 98.500000 Lz: 1.250000" for i in (0, 10, 20, 30)]
    saved = ["Outputs saved in file: /tmp/draw/draw_data.npy", "Model saved in file: /tmp/draw/drawmodel.ckpt"]
    assert text[4:] == [*saved, "Done drawing! Have a nice day! :)"]


def test_ngcf_passes_bi_interaction_messages_and_logs_as_its_main_py(tmp_path: Path) -> None:
    import torch
    from make_family_casebook import (
        LG_DIM,
        LG_ITEMS,
        LG_USERS,
        NGCF,
        NGCF_LAYERS,
        Logged,
        ngcf_adjacency,
        ngcf_bpr,
        ngcf_metrics,
        write_ngcf,
    )

    task = make_task("ngcf_huangtinglin", 0)
    assert task.kind == "ngcf"
    adj = ngcf_adjacency(task.x, task.y)
    assert torch.allclose(adj.sum(1), torch.ones(LG_USERS + LG_ITEMS)) and bool((adj.diagonal() > 0).all())
    task.extra["adj"] = adj
    model = make_model("ngcf_huangtinglin", Recipe(), 0, task)
    assert isinstance(model, NGCF) and not any(isinstance(m, torch.nn.ReLU) for m in model.modules())
    model.eval()
    u, i = model.propagate()
    assert u.shape == (LG_USERS, LG_DIM + sum(NGCF_LAYERS)) and i.shape == (LG_ITEMS, LG_DIM + sum(NGCF_LAYERS))
    users, pos, neg = task.x[:8], task.y[:8], (task.y[:8] + 1) % LG_ITEMS
    mf, emb = ngcf_bpr(model, users, pos, neg, Recipe())
    assert abs(float(mf.detach()) - math.log(2)) < 0.3 and float(emb.detach()) > 0
    with torch.no_grad():
        model.user_emb.weight.mul_(1000.0)
        model.item_emb.weight.mul_(1000.0)
    assert not math.isfinite(float(ngcf_bpr(model, users, pos, neg, Recipe(log_softmax_by_hand=True))[0].detach()))
    scores = torch.tensor([[3.0, 2.0, 1.0, 0.0]])
    seen, held = torch.zeros(1, 4, dtype=torch.bool), torch.tensor([[0, 2]])
    metrics = ngcf_metrics(scores, seen, held, 2)
    assert (metrics["recall"], metrics["precision"], metrics["hit"]) == (0.5, 0.5, 1.0)
    assert abs(metrics["ndcg"] - 1 / (1 + 1 / math.log2(3))) < 1e-6
    case = one_case(tmp_path, "ngcf_huangtinglin", "lr_too_low")
    assert case["fault_occurred"] and case["split"] == "tuning"
    at = {f"val_{n}{k}": v for n, v in (("recall", 0.25), ("precision", 0.125), ("hit", 0.5), ("ndcg", 0.375))
          for k in (20, 40)}  # fmt: skip
    rows = writer_rows(1e-2, at, at, mf_loss=1.0, emb_loss=0.0005)
    task.extra["train_n"] = torch.tensor(3600)
    text = (tmp_path / write_ngcf(Logged(rows), tmp_path, "n", task)).read_text().splitlines()
    assert text[:3] == ["n_users=300, n_items=120", "n_interactions=4200", "n_train=3600, n_test=600, sparsity=0.11667"]
    assert text[6] == "Epoch 0 [0.2s]: train==[2.50000=2.00000 + 0.00100]"
    assert text[15] == ("Epoch 9 [0.2s + 0.1s]: train==[2.50000=2.00000 + 0.00100], recall=[0.25000, 0.25000], "
                        "precision=[0.12500, 0.12500], hit=[0.50000, 0.50000], ndcg=[0.37500, 0.37500]")  # fmt: skip
    assert text[20:] == ["ERROR: loss is nan.", "Best Iter=[0]@[2.0]\trecall=[0.25000\t0.25000], precision=[0.12500\t"
                         "0.12500], hit=[0.50000\t0.50000], ndcg=[0.37500\t0.37500]"]  # fmt: skip


def test_round_54s_families_are_built_by_default_and_hold_enough_cases_per_seed() -> None:
    assert build.__defaults__ is not None and build.__defaults__[0] == FAMILIES and len(FAMILIES) == 361
    # at least four healthy recipes each (plain SGD with momentum for DAGMM only: it blew up NARM, left the denoiser and
    # NCSN unlearned) and five faults (NARM: a GRU, no MLP stack, it reads ids; the denoiser: an L1 loss, convolutions;
    # DAGMM: tanh, no label, its energy stayed finite without its eps; NCSN: Softplus, no label, no log)
    faults_of = faults_per_family(ROUND54_FAMILIES, FAULTY_R54, HEALTHY_R54, TRACED_R54, 5)
    weak = {"lr_too_low", "lr_too_high", "lr_too_high_sgd", "sorted_data"}
    assert all(weak | {"healthy_easy", "healthy_warmup_cosine"} <= faults_of[f] for f in ROUND54_FAMILIES)
    momentum = {f for f in ROUND54_FAMILIES if "healthy_sgd_momentum" in faults_of[f]}
    assert momentum == {"dagmm_danieltan07"}
    labels = {f for f in ROUND54_FAMILIES if "random_labels" in faults_of[f]}
    assert labels == {"narm_wangshuo", "demucs_denoiser"}
    assert not any("overfitting" in faults_of[f] for f in ROUND54_FAMILIES)
    corrupt = {f for f in ROUND54_FAMILIES if "corrupt_batches" in faults_of[f]}
    assert corrupt == {"demucs_denoiser", "dagmm_danieltan07", "ncsn_ermongroup"}
    assert {f for f in ROUND54_FAMILIES if "log_of_zero" in faults_of[f]} == {"narm_wangshuo"}
    sigmoid = {f for f in ROUND54_FAMILIES if "deep_sigmoid" in faults_of[f]}
    assert sigmoid == {"dagmm_danieltan07", "ncsn_ermongroup"}
    assert {f for f in ROUND54_FAMILIES if "dead_relu" in faults_of[f]} == {"demucs_denoiser"}
    assert all(SPLIT_OF[f] == "tuning" for f in ROUND54_FAMILIES)


def rows54(**each: float) -> list[dict[str, float]]:
    return writer_rows(1e-3, {}, {}, **each)


def test_narm_attends_over_its_session_and_logs_as_its_main_py(tmp_path: Path) -> None:
    import torch
    from make_family_casebook import NARM, NARM_ITEMS, NARM_K, NARM_LEN, Logged, write_narm

    task = make_task("narm_wangshuo", 0)
    assert task.x.shape[1:] == (NARM_LEN,) and task.y.dim() == 1 and int(task.y.max()) < NARM_ITEMS
    model = make_model("narm_wangshuo", Recipe(), 0)
    assert isinstance(model, NARM) and not any(isinstance(m, torch.nn.ReLU) for m in model.modules())
    with torch.no_grad():
        model.eval()
        assert model(task.x[:4]).shape == (4, NARM_ITEMS)
    case = one_case(tmp_path, "narm_wangshuo", "lr_too_low")
    assert case["fault_occurred"] and case["split"] == "tuning"
    task.extra["steps"] = torch.tensor(40)
    rows = writer_rows(1e-3, {"val_recall": 0.6, "val_mrr": 0.25}, {"val_recall": 0.5, "val_mrr": 0.2})
    text = (tmp_path / write_narm(Logged(rows), tmp_path, "n", task)).read_text().splitlines()
    assert text[0].startswith("Namespace(batch_size=32,") and text[1] == "Loading data..."
    assert text[2] == "[TRAIN] epoch 1/2 batch loss: 1.2500 (avg 1.2500) (2560.00 im/s)"
    assert f"Epoch 0 validation: Recall@{NARM_K}: 0.6000, MRR@{NARM_K}: 0.2500 " in text
    assert "[TRAIN] epoch 2/2 batch loss: 1.2500 (avg nan) (2539.68 im/s)" in text  # its %.4f of a NaN mean


def test_demucs_denoises_waveforms_through_its_u_net_and_logs_as_the_denoiser(tmp_path: Path) -> None:
    import torch
    from make_family_casebook import DEM_LEN, DemucsDenoiser, Logged, write_dem

    task = make_task("demucs_denoiser", 0)
    assert task.x.shape[1:] == (1, DEM_LEN) and task.y.shape == task.x.shape
    model = make_model("demucs_denoiser", Recipe(), 0)
    assert isinstance(model, DemucsDenoiser) and any(isinstance(m, torch.nn.ReLU) for m in model.modules())
    with torch.no_grad():
        assert model(task.x[:2]).shape == (2, 1, DEM_LEN)
        assert torch.allclose(model(3.0 * task.x[:2]), 3.0 * model(task.x[:2]), atol=1e-4)  # its std normalisation
    case = one_case(tmp_path, "demucs_denoiser", "lr_too_low")
    assert case["fault_occurred"] and case["split"] == "tuning"
    text = (tmp_path / write_dem(Logged(rows54()), tmp_path, "d", task)).read_text().splitlines()
    assert text[1].endswith("[denoiser.solver][INFO] - " + "-" * 70) and text[2].endswith("] - Training...")
    assert text[3].endswith("][denoiser.solver][INFO] - Train | Epoch 1 | 4/20 | 41.7 it/sec | Loss 1.25000")
    assert any(t.endswith("] - \033[1mOverall Summary | Epoch 1 | Train 1.25000 | Valid 0.50000 | Best 0.50000\033[0m")
               for t in text)  # fmt: skip
    assert any(t.endswith("] - \033[1mNew best valid loss 0.5000\033[0m") for t in text)


def test_dagmm_fits_a_mixture_to_its_latents_and_logs_as_its_solver(tmp_path: Path) -> None:
    import torch
    from make_family_casebook import DAG_FEATS, DaGMM, Logged, write_dag

    task = make_task("dagmm_danieltan07", 0)
    assert task.x.shape[1:] == (DAG_FEATS,) and set(task.y_val.unique().tolist()) == {0.0, 1.0}
    model = make_model("dagmm_danieltan07", Recipe(), 0)
    assert isinstance(model, DaGMM) and not any(isinstance(m, torch.nn.ReLU) for m in model.modules())
    loss, parts = model.loss_function(task.x[:32])
    assert math.isfinite(float(loss.detach())) and abs(sum(parts[f"phi_{k}"] for k in range(2)) - 1) < 1e-5
    case = one_case(tmp_path, "dagmm_danieltan07", "lr_too_low")
    assert case["fault_occurred"] and case["split"] == "tuning"
    task.extra["steps"] = torch.tensor(40)
    rows = writer_rows(1e-3, {"val_auc": 0.8, "val_precision": 0.5, "val_recall": 0.5, "val_accuracy": 0.8},
                       {"val_auc": 0.8, "val_precision": 0.5, "val_recall": 0.5, "val_accuracy": 0.8},
                       sample_energy=2.5, recon_error=0.5, cov_diag=30.0, phi_0=0.25, phi_1=0.75)  # fmt: skip
    text = (tmp_path / write_dag(Logged(rows), tmp_path, "g", task)).read_text().splitlines()
    assert text[0] == "DaGMM" and text[1].startswith("DaGMM(")
    at = next(i for i, t in enumerate(text) if t.startswith("Elapsed "))
    assert text[at].endswith(", Epoch [1/2], Iter [5/20], lr 0.001, total_loss: 1.2500, sample_energy: 2.5000, "
                             "recon_error: 0.5000, cov_diag: 30.0000")  # fmt: skip
    assert text[at + 1] == "phi tensor([0.2500, 0.7500], device='cuda:0')"
    assert text[-3] == "======================TEST MODE======================" and text[-2].startswith("Accuracy: 0.8,")


def test_ncsn_matches_its_scores_by_slices_and_logs_as_its_toy_runner(tmp_path: Path) -> None:
    import torch
    from make_family_casebook import Logged, NcsnToyScore, sliced_score_estimation_vr, write_ncsn

    task = make_task("ncsn_ermongroup", 0)
    assert task.x.shape[1:] == (2,) and int(task.y.max()) == 3
    model = make_model("ncsn_ermongroup", Recipe(), 0)
    assert isinstance(model, NcsnToyScore) and any(isinstance(m, torch.nn.Softplus) for m in model.modules())
    loss = sliced_score_estimation_vr(model, task.x[:64], torch.Generator().manual_seed(0))
    assert loss.requires_grad and math.isfinite(float(loss.detach()))
    case = one_case(tmp_path, "ncsn_ermongroup", "lr_too_low")
    assert case["fault_occurred"] and case["split"] == "tuning"
    text = (tmp_path / write_ncsn(Logged(rows54()), tmp_path, "s", task)).read_text().splitlines()
    assert len(text) == 40 and text[0] == "INFO - toy_runner.py - 2020-09-15 10:21:00,012 - step: 0, loss: 1.25"
    assert text[29].endswith(" - step: 29, loss: nan")


def test_round_55s_families_are_built_by_default_and_hold_enough_cases_per_seed() -> None:
    assert build.__defaults__ is not None and build.__defaults__[0] == FAMILIES and len(FAMILIES) == 361
    # at least four healthy recipes each (plain SGD with momentum for all but USAD: it left its decoders at the windows'
    # mean) and six faults (AST, the TST: GELUs, no MLP stack, their norms took a batch x100; CutMix's ResNet: its batch
    # norms took x300 Adam and undo a batch x100; USAD: no label, MSEs, plain SGD at x200 trained it; HAN: ELUs, it
    # reads node ids)
    faults_of = faults_per_family(ROUND55_FAMILIES, FAULTY_R55, HEALTHY_R55, TRACED_R55, 6)
    weak = {"lr_too_low", "sorted_data"}
    assert all(weak | {"healthy_easy", "healthy_warmup_cosine"} <= faults_of[f] for f in ROUND55_FAMILIES)
    assert {f for f in ROUND55_FAMILIES if "lr_too_high" not in faults_of[f]} == {"cutmix_clovaai"}
    assert {f for f in ROUND55_FAMILIES if "lr_too_high_sgd" not in faults_of[f]} == {"usad_manigalati"}
    momentum = {f for f in ROUND55_FAMILIES if "healthy_sgd_momentum" in faults_of[f]}
    assert momentum == set(ROUND55_FAMILIES) - {"usad_manigalati"}
    labels = {f for f in ROUND55_FAMILIES if "random_labels" in faults_of[f]}
    assert labels == set(ROUND55_FAMILIES) - {"usad_manigalati"}
    assert not any("overfitting" in faults_of[f] for f in ROUND55_FAMILIES)
    assert {f for f in ROUND55_FAMILIES if "corrupt_batches" in faults_of[f]} == {"usad_manigalati"}
    assert {f for f in ROUND55_FAMILIES if "log_of_zero" in faults_of[f]} == set(ROUND55_FAMILIES) - {"usad_manigalati"}
    assert {f for f in ROUND55_FAMILIES if "deep_sigmoid" in faults_of[f]} == {"usad_manigalati"}
    dead = {f for f in ROUND55_FAMILIES if "dead_relu" in faults_of[f]}
    assert dead == {"u2net_xuebinqin", "usad_manigalati", "cutmix_clovaai"}
    assert all(SPLIT_OF[f] == "tuning" for f in ROUND55_FAMILIES)


def test_ast_attends_over_spectrogram_patches_and_logs_as_its_traintest(tmp_path: Path) -> None:
    import torch
    from make_family_casebook import AST_CLASSES, AST_FRAMES, AST_FREQ, AudioSpectrogramTransformer, Logged, write_ast

    task = make_task("ast_yuangongd", 0)
    assert task.x.shape[1:] == (AST_FRAMES, AST_FREQ) and int(task.y.max()) == AST_CLASSES - 1
    model = make_model("ast_yuangongd", Recipe(), 0)
    assert isinstance(model, AudioSpectrogramTransformer) and not any(
        isinstance(m, torch.nn.ReLU) for m in model.modules()
    )
    with torch.no_grad():
        assert model(task.x[:4]).shape == (4, AST_CLASSES)
    case = one_case(tmp_path, "ast_yuangongd", "lr_too_low")
    assert case["fault_occurred"] and case["split"] == "tuning"
    each = {"val_auc": 0.9, "val_precision": 0.8, "val_recall": 0.75}
    text = (tmp_path / write_ast(Logged(writer_rows(1e-3, each, each)), tmp_path, "a", task)).read_text().splitlines()
    assert text[0].startswith("now training with esc50, main metrics: acc, loss function: CrossEntropyLoss(),")
    assert text[4] == "---------------" and text[6] == "current #epochs=1, #steps=0"
    times = "Per Sample Total Time 0.00163\tPer Sample Data Time 0.00012\tPer Sample DNN Time 0.00148"
    assert text[7] == f"Epoch: [1][5/20]\t{times}\tTrain Loss 1.2500\t"
    at = text.index("start validation")
    assert text[at + 1 : at + 3] == ["acc: 0.875000", "AUC: 0.900000"] and text[at + 5] == "d_prime: 1.812388"
    assert text[at + 7 : at + 10] == ["valid_loss: 0.500000", "validation finished", "Epoch-1 lr: 0.001"]
    assert text[-2].startswith("Epoch: [2][10/20]\t") and text[-2].endswith("\tTrain Loss nan\t")
    assert text[-1] == "training diverged..."  # its np.isnan(loss_meter.avg): the run's end


def test_u2net_nests_residual_u_blocks_and_logs_as_its_u2net_train(tmp_path: Path) -> None:
    import torch
    from make_family_casebook import U2N_SIDE, Logged, U2Net, u2net_loss, write_u2net

    task = make_task("u2net_xuebinqin", 0)
    assert task.x.shape[1:] == (3, U2N_SIDE, U2N_SIDE) and task.y.shape[1:] == (1, U2N_SIDE, U2N_SIDE)
    model = make_model("u2net_xuebinqin", Recipe(), 0)
    assert isinstance(model, U2Net) and any(isinstance(m, torch.nn.BatchNorm2d) for m in model.modules())
    outs = model(task.x[:4])
    assert len(outs) == 4 and all(o.shape == (4, 1, U2N_SIDE, U2N_SIDE) for o in outs)
    loss, parts = u2net_loss(outs, task.y[:4], Recipe())
    assert abs(float(loss.detach()) - sum(parts[f"l{k}"] for k in range(4))) < 1e-4 and parts["tar"] == parts["l0"]
    dead = make_model("u2net_xuebinqin", Recipe(dead_bias=-8.0), 0)
    with torch.no_grad():
        assert float(dead.stage1.rebnconvin(task.x[:4]).abs().max()) == 0.0  # its batch norms shifted: dead ReLUs
    case = one_case(tmp_path, "u2net_xuebinqin", "log_of_zero")
    assert case["fault_occurred"] and case["split"] == "tuning"
    task.extra["steps"] = torch.tensor(40)
    rows = writer_rows(1e-3, {"val_mae": 0.1}, {"val_mae": 0.2}, l0=0.5, l1=0.25, l2=0.25, l3=0.25, tar=0.5)
    text = (tmp_path / write_u2net(Logged(rows), tmp_path, "u", task)).read_text().splitlines()
    assert text[:6] == ["---", "train images:  3072", "train labels:  3072", "---", "---define optimizer...",
                        "---start training..."]  # fmt: skip
    assert text[6:8] == ["l0: 0.500000, l1: 0.250000, l2: 0.250000, l3: 0.250000", ""]
    assert text[8] == "[epoch:   1/  2, batch:    32/ 3072, ite: 1] train loss: 1.250000, tar: 0.500000 "
    assert text[-1] == "[epoch:   2/  2, batch:   640/ 3072, ite: 40] train loss: nan, tar: 0.500000 "


def test_usad_trains_two_decoders_adversarially_and_logs_as_its_epoch_end(tmp_path: Path) -> None:
    import torch
    from make_family_casebook import USAD_CHANNELS, USAD_WINDOW, Logged, UsadModel, write_usad

    task = make_task("usad_manigalati", 0)
    assert task.x.shape[1:] == (USAD_CHANNELS * USAD_WINDOW,) and float(task.x.min()) >= 0 and float(task.x.max()) <= 1
    assert set(task.y_val.unique().tolist()) == {0.0, 1.0} and 0.4 < float(task.extra["mean_auc"]) < 0.6
    model = make_model("usad_manigalati", Recipe(), 0)
    assert isinstance(model, UsadModel) and isinstance(model.decoder2[-1], torch.nn.Sigmoid)
    loss1, loss2 = model.training_step(task.x[:32], 3)
    grads = torch.autograd.grad(loss2, list(model.decoder1.parameters()), allow_unused=True)
    assert all(g is None for g in grads)  # its second optimizer never steps the first decoder
    case = one_case(tmp_path, "usad_manigalati", "lr_too_low")
    assert case["fault_occurred"] and case["split"] == "tuning"
    rows = writer_rows(1e-3, {"val_loss2": -0.125, "val_auc": 0.8}, {"val_loss2": 0.25, "val_auc": 0.7})
    text = (tmp_path / write_usad(Logged(rows), tmp_path, "s", task)).read_text().splitlines()
    assert text == [
        "Epoch [0], val_loss1: 0.5000, val_loss2: -0.1250",
        "Epoch [1], val_loss1: 0.7500, val_loss2: 0.2500",
    ]


def test_cutmix_pastes_boxes_between_canvases_and_logs_as_its_train_py(tmp_path: Path) -> None:
    import torch
    from make_family_casebook import CUTMIX_CLASSES, CUTMIX_SIDE, CutMixResNet, Logged, cutmix_loss, write_cutmix

    task = make_task("cutmix_clovaai", 0)
    assert task.x.shape[1:] == (1, CUTMIX_SIDE, CUTMIX_SIDE) and int(task.y.max()) == CUTMIX_CLASSES - 1
    model = make_model("cutmix_clovaai", Recipe(), 0)
    assert isinstance(model, CutMixResNet) and model(task.x[:4]).shape == (4, CUTMIX_CLASSES)
    task.noise = torch.Generator().manual_seed(0)
    model.eval()  # its batch norms' running statistics: the same image scores the same
    with torch.no_grad():
        losses = [float(cutmix_loss(task, model, task.x[:32], task.y[:32], Recipe())[0]) for _ in range(12)]
        plain = float(torch.nn.functional.cross_entropy(model(task.x[:32]), task.y[:32]))
    assert any(abs(v - plain) > 1e-4 for v in losses) and any(abs(v - plain) < 1e-6 for v in losses)  # mixed or not
    case = one_case(tmp_path, "cutmix_clovaai", "lr_too_low")
    assert case["fault_occurred"] and case["split"] == "tuning"
    task.extra["steps"] = torch.tensor(40)
    rows = writer_rows(1e-3, {"val_top1_err": 12.5, "val_top5_err": 0.0}, {"val_top1_err": 30.0, "val_top5_err": 0.0},
                       top1_err=50.0, top5_err=0.0)  # fmt: skip
    text = (tmp_path / write_cutmix(Logged(rows), tmp_path, "c", task)).read_text().splitlines()
    assert text[0] == "=> creating model 'resnet'" and text[1] == "CutMixResNet("
    at = text.index("Epoch: [0/2][0/20]\tLR: 0.001000\tTime 0.052 (0.054)\tData 0.001 (0.001)\tLoss 1.2500 (1.2500)\t"
                    "Top 1-err 50.0000 (50.0000)\tTop 5-err 0.0000 (0.0000)")  # fmt: skip
    assert text[at + 4 : at + 7] == ["* Epoch: [0/2]\t Top 1-err 50.000  Top 5-err 0.000\t Train Loss 1.250",
                                     "* Epoch: [0/2]\t Top 1-err 12.500  Top 5-err 0.000\t Test Loss 0.500",
                                     "Current best accuracy (top-1 and 5 error): 12.5 0.0"]  # fmt: skip
    assert text[-1] == "Best accuracy (top-1 and 5 error): 12.5 0.0"


def test_the_tst_encodes_series_with_batch_norms_and_logs_as_mvts_transformer(tmp_path: Path) -> None:
    import torch
    from make_family_casebook import TST_CHANNELS, TST_CLASSES, TST_LEN, Logged, TSTClassiregressor, write_tst

    task = make_task("mvts_gzerveas", 0)
    assert task.x.shape[1:] == (TST_LEN, TST_CHANNELS) and int(task.y.max()) == TST_CLASSES - 1
    model = make_model("mvts_gzerveas", Recipe(), 0)
    assert isinstance(model, TSTClassiregressor) and any(isinstance(m, torch.nn.BatchNorm1d) for m in model.modules())
    assert not any(isinstance(m, (torch.nn.ReLU, torch.nn.LayerNorm)) for m in model.modules())
    assert model(task.x[:4]).shape == (4, TST_CLASSES)
    case = one_case(tmp_path, "mvts_gzerveas", "lr_too_low")
    assert case["fault_occurred"] and case["split"] == "tuning"
    task.extra["steps"] = torch.tensor(40)
    rows = writer_rows(1e-3, {"val_precision": 0.5}, {"val_precision": 0.25})
    text = (tmp_path / write_tst(Logged(rows), tmp_path, "t", task)).read_text().splitlines()
    assert text[0] == "2020-09-15 10:21:00,000 | INFO : Loading packages ..."
    assert "Training Epoch 1   0.0% | batch:         0 of        20\t|\tloss: 1.25" in text
    assert any(t.endswith(" | INFO : Epoch 1 Training Summary: epoch: 1.000000 | loss: 1.250000 | ") for t in text)
    assert any(t.endswith(" | INFO : Epoch 2 Training Summary: epoch: 2.000000 | loss:      nan | ") for t in text)
    summary = (
        " | INFO : Epoch 1 Validation Summary: epoch: 1.000000 | loss: 0.500000 | accuracy: 0.875000 | precision: "
    )
    assert any(t.endswith(summary + "0.500000 | ") for t in text)
    best = "OrderedDict([('epoch', 1), ('loss', 0.5), ('accuracy', 0.875), ('precision', 0.5)])"
    assert text[-4].endswith(f" | INFO : Best accuracy was 0.875. Other metrics: {best}")
    assert text[-3].endswith(" | INFO : All Done!") and text[-1] == ""  # its Total runtime's own newline


def test_han_weighs_its_metapaths_and_logs_as_dgls_han_example(tmp_path: Path) -> None:
    import torch
    from make_family_casebook import HHAN_CLASSES, HeteroHAN, Logged, write_hhan

    task = make_task("han_dgl", 0)
    assert task.x.dim() == 1 and task.extra["masks"].shape[0] == 2 and int(task.y.max()) == HHAN_CLASSES - 1
    model = make_model("han_dgl", Recipe(), 0, task)
    assert isinstance(model, HeteroHAN) and not any(isinstance(m, torch.nn.ReLU) for m in model.modules())
    assert model(task.x[:4]).shape == (4, HHAN_CLASSES)
    case = one_case(tmp_path, "han_dgl", "lr_too_low")
    assert case["fault_occurred"] and case["split"] == "tuning"
    rows = writer_rows(1e-3, {"val_micro_f1": 0.875, "val_macro_f1": 0.8}, {"val_micro_f1": 0.25, "val_macro_f1": 0.2},
                       train_micro_f1=0.5, train_macro_f1=0.4)  # fmt: skip
    text = (tmp_path / write_hhan(Logged(rows), tmp_path, "h", task)).read_text().splitlines()
    train = "Train Loss 1.2500 | Train Micro f1 0.5000 | Train Macro f1 0.4000"
    assert text == [f"Epoch 1 | {train} | Val Loss 0.5000 | Val Micro f1 0.8750 | Val Macro f1 0.8000",
                    f"Epoch 2 | {train} | Val Loss 0.7500 | Val Micro f1 0.2500 | Val Macro f1 0.2000",
                    "EarlyStopping counter: 1 out of 100",
                    "Test loss 0.5000 | Test Micro f1 0.8750 | Test Macro f1 0.8000"]  # fmt: skip


def test_round_56s_families_are_built_by_default_and_hold_enough_cases_per_seed() -> None:
    assert build.__defaults__ is not None and build.__defaults__[0] == FAMILIES and len(FAMILIES) == 361
    # at least four healthy recipes each (plain SGD with momentum for all but RippleNet: it left it unlearned) and six
    # faults (RippleNet, the name classifier: ids, no ReLU, no MLP stack; GDN: an MSE, its batch norms undo a batch
    # x100, its OutLayer one Linear layer)
    faults_of = faults_per_family(ROUND56_FAMILIES, FAULTY_R56, HEALTHY_R56, TRACED_R56, 6)
    weak = {"lr_too_low", "sorted_data", "random_labels", "lr_too_high", "lr_too_high_sgd"}
    assert all(weak | {"healthy_easy", "healthy_warmup_cosine"} <= faults_of[f] for f in ROUND56_FAMILIES)
    momentum = {f for f in ROUND56_FAMILIES if "healthy_sgd_momentum" in faults_of[f]}
    assert momentum == set(ROUND56_FAMILIES) - {"ripplenet_qibinc"}
    assert not any("overfitting" in faults_of[f] for f in ROUND56_FAMILIES)
    assert {f for f in ROUND56_FAMILIES if "corrupt_batches" in faults_of[f]} == {"wavernn_fatchord"}
    assert {f for f in ROUND56_FAMILIES if "log_of_zero" in faults_of[f]} == set(ROUND56_FAMILIES) - {"gdn_dailin"}
    sigmoid = {f for f in ROUND56_FAMILIES if "deep_sigmoid" in faults_of[f]}
    assert sigmoid == {"wavernn_fatchord", "saint_somepago"}
    dead = {f for f in ROUND56_FAMILIES if "dead_relu" in faults_of[f]}
    assert dead == {"enet_davidtvs", "gdn_dailin", "wavernn_fatchord", "saint_somepago"}
    assert all(SPLIT_OF[f] == "tuning" for f in ROUND56_FAMILIES)


def test_enet_unpools_its_bottlenecks_and_logs_as_pytorch_enet(tmp_path: Path) -> None:
    import torch
    from make_family_casebook import ENET_CLASSES, ENET_SIDE, ENet, Logged, enet_loss, write_enet

    task = make_task("enet_davidtvs", 0)
    assert task.x.shape[1:] == (3, ENET_SIDE, ENET_SIDE) and task.y.shape[1:] == (ENET_SIDE, ENET_SIDE)
    weights = task.extra["class_weights"]
    assert int(task.y.max()) == ENET_CLASSES - 1 and float(weights[2]) > float(weights[0])  # rarer classes weigh more
    model = make_model("enet_davidtvs", Recipe(), 0)
    assert isinstance(model, ENet) and any(isinstance(m, torch.nn.PReLU) for m in model.modules())
    with torch.no_grad():
        out = model(task.x[:4])
    assert out.shape == (4, ENET_CLASSES, ENET_SIDE, ENET_SIDE)
    plain = torch.nn.functional.cross_entropy(out.permute(0, 2, 3, 1).reshape(-1, ENET_CLASSES), task.y[:4].reshape(-1))
    assert abs(float(enet_loss(task, out, task.y[:4], Recipe())) - float(plain)) > 1e-4  # its class weights
    case = one_case(tmp_path, "enet_davidtvs", "log_of_zero")
    assert case["fault_occurred"] and case["split"] == "tuning"
    task.extra["steps"] = torch.tensor(200)  # ten epochs: its validation at the tenth
    rows = writer_rows(1e-3, {"val_miou": 0.5}, {"val_miou": 0.25}, train_miou=0.375)
    rows += [dict(r, step=r["step"] + 40) for r in writer_rows(1e-3, {"val_miou": 0.5}, {"val_miou": 0.25})] * 4
    text = (tmp_path / write_enet(Logged(rows), tmp_path, "e", task)).read_text().splitlines()
    assert text[1:4] == ["Loading dataset...", "", "Selected dataset: camvid"]
    assert text[text.index("Training...") + 2] == "ENet("
    assert ">>>> [Epoch: 0] Training" in text and ">>>> [Epoch: 0] Avg. loss: 1.2500 | Mean IoU: 0.3750" in text
    at = text.index(">>>> [Epoch: 9] Validation")
    assert text[at + 1] == ">>>> [Epoch: 9] Avg. loss: 0.7500 | Mean IoU: 0.2500" and text[at + 2] == "building: nan"
    assert text[at + 6 : at + 9] == ["", "Best model thus far. Saving...", ""]
    assert ">>>> [Epoch: 0] Validation" not in text and len(text) == at + 9  # nothing after its last save


def test_ripplenet_propagates_over_ripple_sets_and_logs_as_its_train_py(tmp_path: Path) -> None:
    import torch
    from make_family_casebook import RIP_HOPS, RIP_MEMORY, RIP_USERS, Logged, RippleNet, rip_loss, write_ripplenet

    task = make_task("ripplenet_qibinc", 0)
    assert task.x.shape[1:] == (2,) and set(task.y.unique().tolist()) == {0.0, 1.0}
    assert task.extra["memories"].shape == (RIP_USERS, RIP_HOPS, 3, RIP_MEMORY)
    model = make_model("ripplenet_qibinc", Recipe(), 0, task)
    assert isinstance(model, RippleNet) and not any(isinstance(m, torch.nn.ReLU) for m in model.modules())
    with torch.no_grad():
        logits, kge, l2 = model(task.x[:4])
    assert logits.shape == (4,) and float(kge) < 0 and float(l2) > 0  # its KGE loss rewards the graph's triples
    assert float(rip_loss((logits, kge, l2), task.y[:4], Recipe())) > 0
    case = one_case(tmp_path, "ripplenet_qibinc", "lr_too_low")
    assert case["fault_occurred"] and case["split"] == "tuning"
    each = {"train_auc": 0.75, "train_acc": 0.625, "test_auc": 0.5, "test_acc": 0.5, "val_auc": 0.875}
    text = (tmp_path / write_ripplenet(Logged(writer_rows(1e-2, each, each)), tmp_path, "r", task)).read_text()
    train = "train auc: 0.7500  acc: 0.6250"
    assert text.splitlines() == [
        f"epoch 0    {train}    eval auc: 0.8750  acc: 0.8750    test auc: 0.5000  acc: 0.5000",
        f"epoch 1    {train}    eval auc: 0.8750  acc: 0.2500    test auc: 0.5000  acc: 0.5000",
    ]


def test_gdn_attends_over_its_learned_sensor_graph_and_logs_as_its_train_py(tmp_path: Path) -> None:
    import torch
    from make_family_casebook import GDN, GDN_NODES, GDN_WIN, Logged, write_gdn

    task = make_task("gdn_dailin", 0)
    assert task.x.shape[1:] == (GDN_NODES, GDN_WIN) and task.y.shape[1:] == (GDN_NODES,)
    model = make_model("gdn_dailin", Recipe(), 0)
    assert isinstance(model, GDN) and model(task.x[:4]).shape == (4, GDN_NODES)
    dead = make_model("gdn_dailin", Recipe(dead_bias=-8.0), 0)
    assert float(dead.out_layer.bias.detach().abs().max()) == 0.0 and float(dead.bn_gnn.bias.detach().max()) == -8.0
    case = one_case(tmp_path, "gdn_dailin", "dead_relu")
    assert case["fault_occurred"] and case["split"] == "tuning"
    task.extra["steps"] = torch.tensor(40)
    text = (tmp_path / write_gdn(Logged(writer_rows(1e-3, {}, {})), tmp_path, "g", task)).read_text().splitlines()
    assert text == ["epoch (0 / 2) (Loss:1.25000000, ACU_loss:25.00000000)", "epoch (1 / 2) (Loss:nan, ACU_loss:nan)"]


def test_the_name_classifier_reads_letters_and_logs_as_the_char_rnn_tutorial(tmp_path: Path) -> None:
    import torch
    from make_family_casebook import CRC_LANGS, CRC_LEN, CharRNNClassifier, Logged, crc_name, write_charrnn

    task = make_task("charrnn_spro", 0)
    assert task.x.shape[1:] == (CRC_LEN,) and int(task.x.max()) <= 26 and int(task.y.max()) == len(CRC_LANGS) - 1
    model = make_model("charrnn_spro", Recipe(), 0)
    assert isinstance(model, CharRNNClassifier) and not any(isinstance(m, torch.nn.ReLU) for m in model.modules())
    out = model(task.x[:4])
    assert out.shape == (4, len(CRC_LANGS)) and torch.allclose(out.exp().sum(1), torch.ones(4))  # its LogSoftmax
    padded = torch.cat([task.x[:1, :3], torch.zeros(1, CRC_LEN - 3, dtype=torch.long)], 1)
    assert torch.equal(model(padded), model(padded[:, :3]))  # its padding keeps the state
    case = one_case(tmp_path, "charrnn_spro", "lr_too_low")
    assert case["fault_occurred"] and case["split"] == "tuning"
    code = float(1 * 27**2 + 8 * 27 + 14)
    task.extra["steps"] = torch.tensor(40)
    rows = writer_rows(1e-3, {}, {}, name_loss=2.5, crc_name_code=code, crc_guess=1.0, crc_target=1.0)
    rows[19].update(crc_guess=0.0)
    text = (tmp_path / write_charrnn(Logged(rows), tmp_path, "c", task)).read_text().splitlines()
    assert crc_name(code) == "Ahn" and text[0] == "10 25% (0m 0s) 2.5000 Ahn / Chinese ✓"
    assert text[1] == "20 50% (0m 0s) 2.5000 Ahn / Arabic ✗ (Chinese)" and len(text) == 4


def test_wavernn_predicts_levels_from_its_frames_and_logs_as_its_train_wavernn(tmp_path: Path) -> None:
    import torch
    from make_family_casebook import WRNN_BITS, WRNN_LEN, Logged, WaveRNN, write_wavernn

    task = make_task("wavernn_fatchord", 0)
    assert task.x.shape[1:] == (WRNN_LEN, 3) and int(task.y.max()) <= 2**WRNN_BITS - 1
    model = make_model("wavernn_fatchord", Recipe(), 0)
    assert isinstance(model, WaveRNN) and model(task.x[:4]).shape == (4, WRNN_LEN, 2**WRNN_BITS)
    deep = make_model("wavernn_fatchord", Recipe(sigmoid_depth=12), 0)
    assert sum(isinstance(m, torch.nn.Sigmoid) for m in deep.modules()) == 12
    case = one_case(tmp_path, "wavernn_fatchord", "corrupt_batches")
    assert case["fault_occurred"] and case["split"] == "tuning"
    task.extra["steps"] = torch.tensor(40)
    rows = writer_rows(1e-3, {}, {})
    rows[4]["grad_norm"] = math.nan
    text = (tmp_path / write_wavernn(Logged(rows), tmp_path, "w", task)).read_bytes().decode()
    lines = text.split("\n")
    assert lines[4:7] == ["+-----------+------------+--------+--------------+-----------+",
                          "| Remaining | Batch Size |   LR   | Sequence Len | GTA Train |",
                          "+-----------+------------+--------+--------------+-----------+"]  # fmt: skip
    assert lines[7] == "| 0k Steps  |     32     | 0.0001 |      64      |   False   |"
    assert "\r| Epoch: 1/3 (1/20) | Loss: 1.2500 | 41.7 steps/s | Step: 0k | \r| Epoch: 1/3 (2/20) |" in text
    assert "| Step: 0k | grad_norm was NaN!\n\r| Epoch: 1/3 (5/20) | Loss: 1.2500 |" in text
    assert "\r| Epoch: 2/3 (20/20) | Loss: nan | 41.7 steps/s | Step: 0k |  \n" in text
    assert text.endswith("Training Complete.\nTo continue training increase voc_total_steps in hparams.py or use "
                         "--force_train\n")  # fmt: skip


def test_saint_attends_across_columns_and_rows_and_logs_as_its_train_py(tmp_path: Path) -> None:
    import torch
    from make_family_casebook import SAINT, SAINT_CAT, SAINT_CONT, Logged, write_saint

    task = make_task("saint_somepago", 0)
    assert task.x.shape[1:] == (SAINT_CAT + SAINT_CONT,) and set(task.y.unique().tolist()) == {0, 1}
    model = make_model("saint_somepago", Recipe(), 0)
    model.eval()
    assert isinstance(model, SAINT) and model(task.x[:4]).shape == (4, 2)
    with torch.no_grad():  # its intersample attention: a row's logits depend on the other rows of its batch
        assert not torch.allclose(model(task.x[:4])[0], model(task.x[[0, 5, 6, 7]])[0])
    case = one_case(tmp_path, "saint_somepago", "lr_too_low")
    assert case["fault_occurred"] and case["split"] == "tuning"
    task.extra["steps"] = torch.tensor(120)
    each = {"val_auc": 0.75, "test_acc": 0.625, "test_auc": 0.5}
    rows = writer_rows(1e-3, each, each)
    rows += [dict(r, step=r["step"] + 40) for r in writer_rows(1e-3, each, each)] * 2
    text = (tmp_path / write_saint(Logged(rows), tmp_path, "s", task)).read_text().splitlines()
    assert text[:2] == ["Device is cpu.", "Downloading and processing the dataset, it might take some time."]
    assert text[5:7] == ["[EPOCH 1] VALID ACCURACY: 0.875, VALID AUROC: 0.750",
                         "[EPOCH 1] TEST ACCURACY: 0.625, TEST AUROC: 0.500"]  # fmt: skip
    assert text[7] == "[EPOCH 6] VALID ACCURACY: 0.250, VALID AUROC: 0.750" and len(text) == 11
    assert text[-2].startswith("TOTAL NUMBER OF PARAMS: ") and text[-1] == "AUROC on best model:  0.500"


def test_round_57s_families_are_built_by_default_and_hold_enough_cases_per_seed() -> None:
    assert build.__defaults__ is not None and build.__defaults__[0] == FAMILIES and len(FAMILIES) == 361
    # at least four healthy recipes each (no plain SGD with momentum: it left all four unlearned) and four faults (BPR:
    # ids, no ReLU, its dot products took x300 Adam and plain SGD at x200)
    faults_of = faults_per_family(ROUND57_FAMILIES, FAULTY_R57, HEALTHY_R57, TRACED_R57, 4)
    weak = {"lr_too_low", "sorted_data", "random_labels"}
    assert all(weak | {"healthy_easy", "healthy_warmup_cosine"} <= faults_of[f] for f in ROUND57_FAMILIES)
    assert not any("healthy_sgd_momentum" in faults_of[f] for f in ROUND57_FAMILIES)
    assert not any(f in ("overfitting", "corrupt_batches", "deep_sigmoid") for g in faults_of.values() for f in g)
    assert {f for f in ROUND57_FAMILIES if "lr_too_high" in faults_of[f]} == {"tucker_ibalazevic", "dcrnn_chnsh"}
    assert {f for f in ROUND57_FAMILIES if "lr_too_high_sgd" in faults_of[f]} == {"dcrnn_chnsh"}
    assert {f for f in ROUND57_FAMILIES if "log_of_zero" in faults_of[f]} == set(ROUND57_FAMILIES) - {"dcrnn_chnsh"}
    assert {f for f in ROUND57_FAMILIES if "dead_relu" in faults_of[f]} == {"deeplab_jfzhang95"}
    assert all(SPLIT_OF[f] == "tuning" for f in ROUND57_FAMILIES)


def test_bpr_ranks_clicked_items_over_sampled_ones_and_logs_as_bpr_pytorch(tmp_path: Path) -> None:
    import torch
    from make_family_casebook import BPR_EVAL_NEG, BPRMF, Logged, bpr_mf_loss, write_bpr

    task = make_task("bpr_guoyang9", 0)
    assert task.x.dim() == 1 and task.extra["val_negs"].shape == (len(task.y_val), BPR_EVAL_NEG)
    model = make_model("bpr_guoyang9", Recipe(), 0, task)
    assert isinstance(model, BPRMF) and not any(isinstance(m, torch.nn.ReLU) for m in model.modules())
    assert model(task.x[:4], task.y[:4, None]).shape == (4, 1)
    assert (
        float(bpr_mf_loss(torch.tensor([-1.0]), Recipe(log_softmax_by_hand=True))) == math.inf
    )  # its sigmoid's log(0)
    case = one_case(tmp_path, "bpr_guoyang9", "log_of_zero")
    assert case["fault_occurred"] and case["split"] == "tuning"
    text = (tmp_path / write_bpr(Logged(writer_rows(1e-2, {"val_hr": 0.75, "val_ndcg": 0.5}, {"val_hr": 0.5,
            "val_ndcg": 0.25})), tmp_path, "b", task)).read_text().splitlines()  # fmt: skip
    assert text == ["The time elapse of epoch 000 is: 00: 00: 01", "HR: 0.750\tNDCG: 0.500",
                    "The time elapse of epoch 001 is: 00: 00: 01", "HR: 0.500\tNDCG: 0.250",
                    "End. Best epoch 000: HR = 0.750, \tNDCG = 0.500"]  # fmt: skip


def test_tucker_scores_every_tail_through_its_core_tensor_and_logs_as_its_main_py(tmp_path: Path) -> None:
    import torch
    from make_family_casebook import TK_CLUSTERS, TK_SLOTS, Logged, TuckER, write_tucker

    task = make_task("tucker_ibalazevic", 0)
    ents = TK_CLUSTERS * TK_SLOTS
    assert task.x.shape[1:] == (2,) and int(task.y.max()) < ents
    model = make_model("tucker_ibalazevic", Recipe(), 0, task)
    model.eval()
    assert isinstance(model, TuckER) and model(task.x[:4]).shape == (4, ents)
    assert any(isinstance(m, torch.nn.BatchNorm1d) for m in model.modules())
    case = one_case(tmp_path, "tucker_ibalazevic", "random_labels")
    assert case["fault_occurred"] and case["split"] == "tuning"
    each = {f"{pre}_{k}": 0.5 for pre in ("val", "test") for k in ("h10", "h3", "h1", "mr", "mrr")}
    text = (tmp_path / write_tucker(Logged(writer_rows(1e-2, each, each)), tmp_path, "t", task)).read_text()
    lines = text.splitlines()
    assert lines[:3] == ["Training the TuckER model...", f"Number of training data points: {len(task.x)}",
                         "Starting training..."]  # fmt: skip
    assert lines[3] == "1" and lines[5] == "1.25" and lines[6] == "Validation:" and lines[8] == "Hits @10: 0.5"
    assert lines[12] == "Mean reciprocal rank: 0.5" and lines[13] == "2" and lines.count("Test:") == 1


def test_dcrnn_diffuses_over_its_road_and_logs_as_dcrnn_pytorch(tmp_path: Path) -> None:
    import torch
    from make_family_casebook import DCR_HORIZON, DCR_NODES, DCR_SEQ, DCRNN, Logged, write_dcrnn

    task = make_task("dcrnn_chnsh", 0)
    assert task.x.shape[1:] == (DCR_SEQ, DCR_NODES, 2) and task.y.shape[1:] == (DCR_HORIZON, DCR_NODES)
    model = make_model("dcrnn_chnsh", Recipe(), 0, task)
    assert isinstance(model, DCRNN) and not any(isinstance(m, torch.nn.ReLU) for m in model.modules())
    with torch.no_grad():
        assert model(task.x[:4]).shape == (4, DCR_HORIZON, DCR_NODES)
    case = one_case(tmp_path, "dcrnn_chnsh", "lr_too_low")
    assert case["fault_occurred"] and case["split"] == "tuning"
    task.extra["steps"] = torch.tensor(40)
    rows = writer_rows(1e-2, {"val_mae": 3.5, "test_mae": 3.25}, {"val_mae": 4.0, "test_mae": 3.75})
    text = (tmp_path / write_dcrnn(Logged(rows), tmp_path, "d", task)).read_text().splitlines()
    assert text[0].endswith(" - Model created") and text[2].endswith(" - num_batches:20")
    assert text[5].endswith(" - Epoch [0/2] (20) train_mae: 1.2500, val_mae: 3.5000, lr: 0.010000, 1.3s")
    assert text[7].endswith(" - Val loss decrease from inf to 3.5000, saving to models/epo0.tar")
    assert text[10].endswith(" - Epoch [1/2] (40) train_mae: nan, val_mae: 4.0000, lr: 0.010000, 1.3s")
    assert len(text) == 11 and text[0][:23].count(":") == 2


def test_deeplab_pools_atrous_pyramids_and_logs_as_pytorch_deeplab_xception(tmp_path: Path) -> None:
    import torch
    from make_family_casebook import DLV_CLASSES, DLV_IGNORE, DLV_SIDE, DeepLabV3Plus, Logged, write_deeplab

    task = make_task("deeplab_jfzhang95", 0)
    assert task.x.shape[1:] == (3, DLV_SIDE, DLV_SIDE) and bool((task.y == DLV_IGNORE).any())
    model = make_model("deeplab_jfzhang95", Recipe(), 0)
    assert isinstance(model, DeepLabV3Plus) and model(task.x[:4]).shape == (4, DLV_CLASSES, DLV_SIDE, DLV_SIDE)
    dead = make_model("deeplab_jfzhang95", Recipe(dead_bias=-8.0), 0)
    assert float(dead.aspp1[1].bias.detach().max()) == -8.0 and float(dead.low[0][1].bias.detach().max()) == 0.0
    case = one_case(tmp_path, "deeplab_jfzhang95", "dead_relu")
    assert case["fault_occurred"] and case["split"] == "tuning"
    task.extra["steps"] = torch.tensor(40)
    each = {"val_acc_class": 0.5, "val_miou": 0.25, "val_fwiou": 0.625}
    text = (tmp_path / write_deeplab(Logged(writer_rows(7e-3, each, each)), tmp_path, "l", task)).read_text()
    lines = text.splitlines()
    assert lines[1:4] == ["Using poly LR Scheduler!", "Starting Epoch: 0", "Total Epoches: 2"]
    assert lines[5] == "=>Epoches 0, learning rate = 0.0070, previous best = 0.0000"
    assert lines[6].startswith("Train loss: 1.250: 100%|") and lines[7:9] == [
        "[Epoch: 0, numImages:   640]",
        "Loss: 25.000",
    ]
    assert lines[10:13] == ["Validation:", f"[Epoch: 0, numImages: {len(task.y_val):5d}]",
                            "Acc:0.875, Acc_class:0.5, mIoU:0.25, fwIoU: 0.625"]  # fmt: skip
    assert "=>Epoches 1, learning rate = 0.0070, previous best = 0.2500" in lines


def test_round_58s_families_are_built_by_default_and_hold_enough_cases_per_seed() -> None:
    assert build.__defaults__ is not None and build.__defaults__[0] == FAMILIES and len(FAMILIES) == 361
    # at least four healthy recipes each (plain SGD with momentum for pygcn only: it blew up Beta-VAE, left SRCNN and
    # DA-RNN unlearned) and six faults (DA-RNN: no ReLU, an MSE)
    faults_of = faults_per_family(ROUND58_FAMILIES, FAULTY_R58, HEALTHY_R58, TRACED_R58, 6)
    every = {"lr_too_high", "lr_too_high_sgd", "lr_too_low", "healthy_easy", "healthy_warmup_cosine"}
    assert all(every <= faults_of[f] for f in ROUND58_FAMILIES)
    assert {f for f in ROUND58_FAMILIES if "healthy_sgd_momentum" in faults_of[f]} == {"gcn_tkipf"}
    assert not any(f in ("overfitting", "deep_sigmoid") for g in faults_of.values() for f in g)
    labelled = set(ROUND58_FAMILIES) - {"betavae_1konny"}
    assert {f for f in ROUND58_FAMILIES if "random_labels" in faults_of[f]} == labelled
    assert {f for f in ROUND58_FAMILIES if "sorted_data" in faults_of[f]} == set(ROUND58_FAMILIES) - {"gcn_tkipf"}
    assert {f for f in ROUND58_FAMILIES if "corrupt_batches" in faults_of[f]} == set(ROUND58_FAMILIES) - {"gcn_tkipf"}
    assert {f for f in ROUND58_FAMILIES if "log_of_zero" in faults_of[f]} == {"gcn_tkipf", "betavae_1konny"}
    assert {f for f in ROUND58_FAMILIES if "dead_relu" in faults_of[f]} == set(ROUND58_FAMILIES) - {"darnn_seanny123"}
    assert all(SPLIT_OF[f] == "tuning" for f in ROUND58_FAMILIES)


def test_pygcn_propagates_over_its_citations_and_logs_as_its_train_py(tmp_path: Path) -> None:
    from make_family_casebook import GCN_CLASSES, GCN_NODES, Logged, PyGCN, write_pygcn

    task = make_task("gcn_tkipf", 0)
    assert task.x.dim() == 1 and len(task.x) + len(task.x_val) == GCN_NODES and task.extra["adj"].is_sparse
    model = make_model("gcn_tkipf", Recipe(), 0, task)
    assert isinstance(model, PyGCN) and model(task.x[:4]).shape == (4, GCN_CLASSES)
    dead = make_model("gcn_tkipf", Recipe(dead_bias=-8.0), 0, task)
    assert isinstance(dead, PyGCN) and bool((dead.gc1.bias == -8.0).all())
    case = one_case(tmp_path, "gcn_tkipf", "dead_relu")
    assert case["fault_occurred"] and case["split"] == "tuning"
    each = {"test_loss": 0.5, "test_acc": 0.75}
    rows = writer_rows(1e-2, each, each)
    text = (tmp_path / write_pygcn(Logged(rows), tmp_path, "g", task)).read_text().splitlines()
    assert text[0] == "Epoch: 0020 loss_train: 1.2500 acc_train: 0.5000 loss_val: 0.5000 acc_val: 0.8750 time: 0.0041s"
    assert text[2:4] == ["Optimization Finished!", "Total time elapsed: 0.1720s"]
    assert text[4] == "Test set results: loss= 0.5000 accuracy= 0.7500" and len(text) == 5


def test_beta_vae_encodes_sprites_under_its_beta_and_logs_as_its_solver(tmp_path: Path) -> None:
    import torch
    from make_family_casebook import BV_SIDE, BV_Z, BetaVAEH, Logged, bvae_loss, write_betavae

    task = make_task("betavae_1konny", 0)
    assert task.x.shape[1:] == (1, BV_SIDE, BV_SIDE) and set(task.x.unique().tolist()) == {0.0, 1.0}
    model = make_model("betavae_1konny", Recipe(), 0, task)
    assert isinstance(model, BetaVAEH) and any(isinstance(m, torch.nn.ReLU) for m in model.modules())
    logits, mu, logvar = model(task.x[:4])
    assert logits.shape == (4, 1, BV_SIDE, BV_SIDE) and mu.shape == logvar.shape == (4, BV_Z)
    loss, parts = bvae_loss((logits, mu, logvar), task.x[:4], Recipe())
    assert math.isfinite(loss.item()) and {"recon_loss", "total_kld", "mean_kld", f"var{BV_Z}"} <= set(parts)
    case = one_case(tmp_path, "betavae_1konny", "log_of_zero")
    assert case["fault_occurred"] and case["split"] == "tuning"
    rows = writer_rows(1e-2, {}, {}, recon_loss=80.0, total_kld=12.5, mean_kld=1.25, var1=0.5)
    text = (tmp_path / write_betavae(Logged(rows), tmp_path, "b", task)).read_text().splitlines()
    assert text[0] == "[20] recon_loss:80.000 total_kld:12.500 mean_kld:1.250"
    assert text[1].startswith("var1:0.5000 var2:nan ") and text[1].endswith(f"var{BV_Z}:nan ")
    assert text[2].startswith("[40] ") and text[-1] == "[Training Finished]" and len(text) == 5


def test_srcnn_restores_bicubic_patches_and_logs_as_its_train_py(tmp_path: Path) -> None:
    import torch
    from make_family_casebook import SRC_SIDE, SRCNN, Logged, write_srcnn

    task = make_task("srcnn_yjn870", 0)
    assert task.x.shape[1:] == task.y.shape[1:] == (1, SRC_SIDE, SRC_SIDE)
    assert 20.0 < float(task.extra["bicubic_psnr"]) < 30.0
    model = make_model("srcnn_yjn870", Recipe(), 0, task)
    assert isinstance(model, SRCNN) and model(task.x[:4]).shape == (4, 1, SRC_SIDE, SRC_SIDE)
    assert [m.kernel_size for m in model.modules() if isinstance(m, torch.nn.Conv2d)] == [(9, 9), (5, 5), (5, 5)]
    case = one_case(tmp_path, "srcnn_yjn870", "lr_too_high_sgd")
    assert case["fault_occurred"] and case["split"] == "tuning"
    task.extra["steps"] = torch.tensor(40)
    rows = writer_rows(1e-2, {"val_psnr": 25.125}, {"val_psnr": 24.5})
    text = (tmp_path / write_srcnn(Logged(rows), tmp_path, "s", task)).read_text().splitlines()
    assert text[0] == "epoch: 0/1: 100%|██████████| 640/640 [00:01<00:00, 492.31it/s, loss=1.250000]"
    assert text[1] == "eval psnr: 25.12" and text[2].startswith("epoch: 1/1: 100%|") and text[2].endswith("loss=nan]")
    assert text[3] == "eval psnr: 24.50" and text[4] == "best epoch: 0, psnr: 25.12" and len(text) == 5


def test_da_rnn_attends_to_drivers_and_steps_and_logs_as_its_main_py(tmp_path: Path) -> None:
    import torch
    from make_family_casebook import DAR_DRIVERS, DAR_T, DARNN, Logged, write_darnn

    task = make_task("darnn_seanny123", 0)
    assert task.x.shape[1:] == (DAR_T - 1, DAR_DRIVERS + 1) and task.y.dim() == 1
    model = make_model("darnn_seanny123", Recipe(), 0, task)
    assert isinstance(model, DARNN) and not any(isinstance(m, torch.nn.ReLU) for m in model.modules())
    assert model(task.x[:4]).shape == (4,)
    case = one_case(tmp_path, "darnn_seanny123", "lr_too_high_sgd")
    assert case["fault_occurred"] and case["split"] == "tuning"
    rows = writer_rows(1e-2, {"val_mae": 0.375}, {"val_mae": 0.5})
    text = (tmp_path / write_darnn(Logged(rows), tmp_path, "d", task)).read_text().splitlines()
    assert text[0].endswith(" - VOC_TOPICS - INFO - Using computation device: cpu") and text[0][:23].count(":") == 2
    assert text[1].endswith(f" - INFO - Shape of data: ({len(task.x) + len(task.x_val)}, {DAR_DRIVERS + 1}).")
    assert text[2] == "Missing in data: 0." and text[3].endswith(f" - INFO - Training size: {len(task.x)}.")
    assert text[4].endswith(" - INFO - Iterations per epoch: 96.000 ~ 96.")
    assert text[5].endswith(" - INFO - Epoch 0, train loss: 1.250, val loss: 0.375.")
    assert text[6].endswith(" - INFO - Epoch 1, train loss: nan, val loss: 0.5.") and len(text) == 7


def test_round_59s_families_are_built_by_default_and_hold_enough_cases_per_seed() -> None:
    assert build.__defaults__ is not None and build.__defaults__[0] == FAMILIES and len(FAMILIES) == 361
    # at least four healthy recipes each (plain SGD with momentum for Conv-TasNet and DARTS only: it blew up the VRNN
    # and N-BEATS) and five faults (Conv-TasNet: scale-invariant, no ReLU with a bias, no log without its EPS; DARTS:
    # its batch norms and gradient clipping took x300 Adam and plain SGD at x200 and undo a batch x100)
    faults_of = faults_per_family(ROUND59_FAMILIES, FAULTY_R59, HEALTHY_R59, TRACED_R59, 5)
    every = {"lr_too_low", "sorted_data", "healthy_easy", "healthy_warmup_cosine", "healthy_long_converged"}
    assert all(every <= faults_of[f] for f in ROUND59_FAMILIES)
    assert {f for f in ROUND59_FAMILIES if "healthy_sgd_momentum" in faults_of[f]} == {
        "convtasnet_kaituoxu",
        "darts_quark0",
    }
    assert not any(f in ("overfitting",) for g in faults_of.values() for f in g)
    high = set(ROUND59_FAMILIES) - {"darts_quark0"}
    assert {f for f in ROUND59_FAMILIES if "lr_too_high" in faults_of[f]} == high
    assert {f for f in ROUND59_FAMILIES if "lr_too_high_sgd" in faults_of[f]} == high
    assert {f for f in ROUND59_FAMILIES if "random_labels" in faults_of[f]} == set(ROUND59_FAMILIES) - {"vrnn_emited"}
    assert {f for f in ROUND59_FAMILIES if "corrupt_batches" in faults_of[f]} == {"vrnn_emited", "nbeats_philipperemy"}
    assert {f for f in ROUND59_FAMILIES if "log_of_zero" in faults_of[f]} == {"darts_quark0"}
    assert {f for f in ROUND59_FAMILIES if "deep_sigmoid" in faults_of[f]} == {"nbeats_philipperemy"}
    dead = set(ROUND59_FAMILIES) - {"convtasnet_kaituoxu"}
    assert {f for f in ROUND59_FAMILIES if "dead_relu" in faults_of[f]} == dead
    assert all(SPLIT_OF[f] == "tuning" for f in ROUND59_FAMILIES)


def test_the_vrnn_reads_glyphs_a_row_a_step_and_logs_as_its_train_py(tmp_path: Path) -> None:
    import torch
    from make_family_casebook import VRN_SIDE, VRN_Z, VRNN, Logged, vrnn_loss, write_vrnn

    task = make_task("vrnn_emited", 0)
    assert task.x.shape[1:] == (VRN_SIDE, VRN_SIDE) and set(task.x.unique().tolist()) == {0.0, 1.0}
    model = make_model("vrnn_emited", Recipe(), 0, task)
    assert isinstance(model, VRNN) and model.rnn.bias is False and model.enc_mean.out_features == VRN_Z
    kld, logits = model(task.x[:4])
    assert kld.dim() == 0 and logits.shape == (4, VRN_SIDE, VRN_SIDE)
    loss, parts = vrnn_loss(model, task.x[:4], Recipe())
    assert math.isfinite(loss.item()) and set(parts) == {"kld_loss", "nll_loss"}
    dead = make_model("vrnn_emited", Recipe(dead_bias=-8.0), 0, task)
    assert isinstance(dead, VRNN) and bool((dead.phi_x[0].bias == -8.0).all())
    assert any(isinstance(m, torch.nn.ReLU) for m in model.modules())
    case = one_case(tmp_path, "vrnn_emited", "lr_too_high")
    assert case["fault_occurred"] and case["split"] == "tuning"
    rows = writer_rows(1e-2, {"val_kld": 2.5, "val_nll": 30.0}, {"val_kld": 3.0, "val_nll": 35.0}, kld_loss=1.5,
                       nll_loss=40.0)  # fmt: skip
    text = (tmp_path / write_vrnn(Logged(rows), tmp_path, "v", task)).read_text().splitlines()
    assert text[0] == "Train Epoch: 1 [0/3072 (0%)]\t KLD Loss: 1.500000 \t NLL Loss: 40.000000"
    assert text[1] == "Train Epoch: 1 [120/3072 (10%)]\t KLD Loss: 1.500000 \t NLL Loss: 40.000000"
    assert text[2:5] == ["====> Epoch: 1 Average loss: 0.0391", "====> Test set loss: KLD Loss = 2.5000, NLL Loss = "
                         "30.0000 ", "Saved model to saves/vrnn_state_dict_1.pth"]  # fmt: skip
    assert text[7] == "====> Epoch: 2 Average loss: nan" and len(text) == 9


def test_conv_tasnet_separates_two_voices_under_pit_and_logs_as_its_solver(tmp_path: Path) -> None:
    import torch
    from make_family_casebook import TAS_T, KaituoConvTasNet, Logged, pit_sisnr, write_convtasnet

    task = make_task("convtasnet_kaituoxu", 0)
    assert task.x.shape[1:] == (TAS_T,) and task.y.shape[1:] == (2, TAS_T)
    assert torch.allclose(pit_sisnr(task.y[:4].flip(1), task.y[:4]), pit_sisnr(task.y[:4], task.y[:4]))
    assert float(pit_sisnr(task.y[:4], task.y[:4]).min()) > 60.0  # perfect estimates in either order
    model = make_model("convtasnet_kaituoxu", Recipe(), 0, task)
    assert isinstance(model, KaituoConvTasNet) and model(task.x[:4]).shape == (4, 2, TAS_T)
    assert not any(isinstance(m, torch.nn.ReLU) for m in model.modules())  # its ReLUs functional, after no bias
    assert all(m.bias is None for m in model.modules() if isinstance(m, torch.nn.Conv1d))
    case = one_case(tmp_path, "convtasnet_kaituoxu", "lr_too_low")
    assert case["fault_occurred"] and case["split"] == "tuning"
    task.extra.update(steps=torch.tensor(40), tas_cv=torch.full((2, 32), -4.5))
    rows = writer_rows(1e-2, {}, {})
    text = (tmp_path / write_convtasnet(Logged(rows), tmp_path, "t", task)).read_text().splitlines()
    assert text[0].startswith("Namespace(B=16, C=2, H=32, L=16, N=32, P=3, R=1, X=4, batch_size=32, ")
    assert "epochs=2, half_lr=0" in text[0] and "lr=0.01, max_norm=5," in text[0]
    assert text[1:4] == ["Training...", "Epoch 1 | Iter 1 | Average Loss 1.250 | Current Loss 1.250000 | 41.7 ms/batch",
                         "Epoch 1 | Iter 11 | Average Loss 1.250 | Current Loss 1.250000 | 44.7 ms/batch"]  # fmt: skip
    assert text[4] == "-" * 85 and text[5] == "Train Summary | End of Epoch 1 | Time 0.83s | Train Loss 1.250"
    assert text[7:9] == ["Cross validation...",
                         "Epoch 1 | Iter 1 | Average Loss -4.500 | Current Loss -4.500000 | 12.4 ms/batch"]  # fmt: skip
    assert text[11] == "Epoch 1 | Iter 31 | Average Loss -4.500 | Current Loss -4.500000 | 15.4 ms/batch"
    assert text[13] == "Valid Summary | End of Epoch 1 | Time 1.23s | Valid Loss 0.500"
    assert text[15] == "Found better validated model, saving to exp/temp/final.pth.tar"
    assert text[20] == "Train Summary | End of Epoch 2 | Time 0.83s | Train Loss nan"
    assert text[-2] == "Valid Summary | End of Epoch 2 | Time 1.23s | Valid Loss 0.750" and len(text) == 30


def test_n_beats_stacks_trend_and_seasonality_blocks_and_logs_as_its_fit(tmp_path: Path) -> None:
    import torch
    from make_family_casebook import NBT_BACKCAST, NBT_BLOCKS, NBT_FORECAST, Logged, NBeatsNet, write_nbeats

    task = make_task("nbeats_philipperemy", 0)
    assert task.x.shape[1:] == (NBT_BACKCAST,) and task.y.shape[1:] == (NBT_FORECAST,)
    model = make_model("nbeats_philipperemy", Recipe(), 0, task)
    assert isinstance(model, NBeatsNet) and [len(s) for s in model.stacks] == [NBT_BLOCKS, NBT_BLOCKS]
    assert model(task.x[:4]).shape == (4, NBT_FORECAST)
    assert sum(isinstance(m, torch.nn.ReLU) for m in model.stacks[0][0].modules()) == 4
    deep = make_model("nbeats_philipperemy", Recipe(sigmoid_depth=12), 0, task)
    assert isinstance(deep, NBeatsNet) and sum(isinstance(m, torch.nn.Sigmoid) for m in deep.stacks[1][2].fc) == 12
    case = one_case(tmp_path, "nbeats_philipperemy", "lr_too_high")
    assert case["fault_occurred"] and case["split"] == "tuning"
    task.extra["steps"] = torch.tensor(40)
    text = (tmp_path / write_nbeats(Logged(writer_rows(1e-2, {}, {})), tmp_path, "n", task)).read_text().splitlines()
    assert text[:2] == ["| N-Beats", "| --  Stack Trend (#0) (share_weights_in_stack=False)"]
    assert text[2].startswith("     | -- TrendBlock(units=64, thetas_dim=4, backcast_length=30, forecast_length=6, ")
    assert text[5] == "| --  Stack Seasonality (#1) (share_weights_in_stack=False)"
    assert text[6].startswith("     | -- SeasonalityBlock(units=64, thetas_dim=6, ") and " at @" in text[6]
    assert text[9:11] == ["Epoch 1/2", "20/20 [==============================] - 0s 4ms/step - loss: 1.2500 - "
                          "val_loss: 0.5000"]  # fmt: skip
    assert text[12].endswith("- loss: nan - val_loss: 0.7500") and len(text) == 13


def test_darts_stacks_its_genotypes_cells_and_logs_as_its_train_py(tmp_path: Path) -> None:
    import torch
    from make_family_casebook import DRT_CLASSES, DRT_SIDE, DartsCell, DartsNetwork, Logged, write_darts

    task = make_task("darts_quark0", 0)
    assert task.x.shape[1:] == (3, DRT_SIDE, DRT_SIDE) and task.classes == DRT_CLASSES
    model = make_model("darts_quark0", Recipe(), 0, task)
    assert isinstance(model, DartsNetwork) and model(task.x[:4]).shape == (4, DRT_CLASSES)
    cells = [m for m in model.modules() if isinstance(m, DartsCell)]
    assert len(cells) == 3 and any(isinstance(m, torch.nn.MaxPool2d) for m in cells[1].modules())
    dead = make_model("darts_quark0", Recipe(dead_bias=-8.0), 0, task)
    assert all(bool((m.bias == -8.0).all()) for m in dead.modules() if isinstance(m, torch.nn.BatchNorm2d))
    case = one_case(tmp_path, "darts_quark0", "log_of_zero")
    assert case["fault_occurred"] and case["split"] == "tuning"
    task.extra["steps"] = torch.tensor(40)
    first = {"val_first_loss": 0.625, "val_first_acc": 0.75, "val_first_top5": 1.0}
    rows = writer_rows(1e-2, first, first, top5=0.75)
    text = (tmp_path / write_darts(Logged(rows), tmp_path, "d", task)).read_text().splitlines()
    assert text[0] == "12/07 09:39:45 AM gpu device = 0"
    assert text[1].startswith("12/07 09:39:45 AM args = Namespace(arch='DARTS', auxiliary=False, ")
    assert text[2].startswith("12/07 09:39:46 AM param size = 0.") and text[2].endswith("MB")
    assert text[3:8] == ["12/07 09:39:46 AM epoch 0 lr 1.000000e-02",
                         "12/07 09:39:46 AM train 000 1.250000e+00 50.000000 75.000000",
                         "12/07 09:39:50 AM train_acc 50.000000",
                         "12/07 09:39:50 AM valid 000 6.250000e-01 75.000000 100.000000",
                         "12/07 09:39:51 AM valid_acc 87.500000"]  # fmt: skip
    assert text[8] == "12/07 09:39:51 AM epoch 1 lr 1.000000e-02" and text[-1].endswith(" valid_acc 25.000000")
    assert len(text) == 13


def test_round_60s_families_are_built_by_default_and_hold_enough_cases_per_seed() -> None:
    assert build.__defaults__ is not None and build.__defaults__[0] == FAMILIES and len(FAMILIES) == 361
    # at least four healthy recipes each (plain SGD with momentum for HGCN and RotNet only: it left the PCNN at its
    # commonest relation, blew up the Neural CDE) and four faults (HGCN: its whole labelled set a step, it reads node
    # ids, its Mobius layer took x300 Adam, its bias on the ball left its ReLU alive)
    faults_of = faults_per_family(ROUND60_FAMILIES, FAULTY_R60, HEALTHY_R60, TRACED_R60, 4)
    every = {"lr_too_low", "random_labels", "log_of_zero", "healthy_easy", "healthy_warmup_cosine"}
    assert all({*every, "healthy_long_converged", "lr_too_high_sgd"} <= faults_of[f] for f in ROUND60_FAMILIES)
    assert {f for f in ROUND60_FAMILIES if "healthy_sgd_momentum" in faults_of[f]} == {
        "hgcn_hazyresearch",
        "rotnet_gidariss",
    }
    assert not any(f in ("overfitting", "deep_sigmoid") for g in faults_of.values() for f in g)
    high = {"pcnn_thunlp", "ncde_kidger"}
    assert {f for f in ROUND60_FAMILIES if "lr_too_high" in faults_of[f]} == high
    not_hgcn = set(ROUND60_FAMILIES) - {"hgcn_hazyresearch"}
    assert {f for f in ROUND60_FAMILIES if "sorted_data" in faults_of[f]} == not_hgcn
    assert {f for f in ROUND60_FAMILIES if "corrupt_batches" in faults_of[f]} == {"ncde_kidger", "rotnet_gidariss"}
    assert {f for f in ROUND60_FAMILIES if "dead_relu" in faults_of[f]} == not_hgcn
    assert all(SPLIT_OF[f] == "tuning" for f in ROUND60_FAMILIES)


def test_hgcn_convolves_on_the_poincare_ball_and_logs_as_its_train_py(tmp_path: Path) -> None:
    import torch
    from make_family_casebook import GCN_CLASSES, HGCNModel, Logged, poincare_expmap0, poincare_logmap0, write_hgcn

    task = make_task("hgcn_hazyresearch", 0)
    assert task.kind == "hgcn" and task.x.dim() == 1 and task.classes == GCN_CLASSES
    u = torch.randn(5, 16) * 0.3
    assert torch.allclose(poincare_logmap0(poincare_expmap0(u)), u, atol=1e-5)
    assert float(poincare_expmap0(torch.randn(5, 16) * 10).norm(dim=-1).max()) <= 1.0
    model = make_model("hgcn_hazyresearch", Recipe(), 0, task)
    assert isinstance(model, HGCNModel) and model(task.x[:4]).shape == (4, GCN_CLASSES)
    case = one_case(tmp_path, "hgcn_hazyresearch", "log_of_zero")
    assert case["fault_occurred"] and case["split"] == "tuning"
    at = {"test_loss": 0.625, "test_acc": 0.75}
    text = (tmp_path / write_hgcn(Logged(writer_rows(1e-2, at, at)), tmp_path, "h", task)).read_text().splitlines()
    assert text[:4] == ["INFO:root:Using: cpu", "INFO:root:Using seed 1234.", "INFO:root:Num classes: 5",
                        "INFO:root:NCModel("]  # fmt: skip
    assert text[7] == "        (linear): HypLinear(in_features=100, out_features=16, c=1.0)" and text[14] == ")"
    assert text[15].startswith("INFO:root:Total number of parameters: ")
    assert text[16].startswith("INFO:root:Epoch: 0001 lr: 0.01 train_loss: 1.2500 train_acc: 0.5000 train_f1: 0.5000 ")
    assert text[17] == "INFO:root:Epoch: 0001 val_loss: 0.5000 val_acc: 0.8750 val_f1: 0.8750"
    assert text[18].startswith("INFO:root:Epoch: 0002 lr: 0.01 train_loss: 1.2500 ")  # the epoch's last batch's
    assert text[20:22] == ["INFO:root:Optimization Finished!", "INFO:root:Total time elapsed: 0.8328s"]
    assert text[22] == "INFO:root:Val set results: val_loss: 0.5000 val_acc: 0.8750 val_f1: 0.8750"
    assert text[23] == "INFO:root:Test set results: test_loss: 0.6250 test_acc: 0.7500 test_f1: 0.7500"
    assert len(text) == 24


def test_opennres_pcnn_pools_the_sentences_pieces_and_logs_as_sentence_re(tmp_path: Path) -> None:
    import torch
    from make_family_casebook import PCN_LEN, PCN_RELS, Logged, PCNNSoftmax, write_pcnn

    task = make_task("pcnn_thunlp", 0)
    assert task.x.shape[1:] == (4, PCN_LEN) and task.classes == PCN_RELS
    mask = task.x[:, 3]
    assert set(mask.unique().tolist()) <= {1, 2, 3} and bool((mask[:, 0] == 1).all())
    assert bool((mask[:, 1:] >= mask[:, :-1]).all())  # the pieces in order: to the head, to the tail, after
    model = make_model("pcnn_thunlp", Recipe(), 0, task)
    assert isinstance(model, PCNNSoftmax) and model(task.x[:4]).shape == (4, PCN_RELS)
    dead = make_model("pcnn_thunlp", Recipe(dead_bias=-8.0), 0, task)
    assert isinstance(dead, PCNNSoftmax) and bool((dead.conv.bias == -8.0).all())
    assert not any(isinstance(m, torch.nn.Sigmoid) for m in model.modules())
    case = one_case(tmp_path, "pcnn_thunlp", "dead_relu")
    assert case["fault_occurred"] and case["split"] == "tuning"
    text = (tmp_path / write_pcnn(Logged(writer_rows(1e-2, {}, {})), tmp_path, "p", task)).read_text().splitlines()
    assert text[0] == "=== Epoch 0 train ===" and text[2] == "=== Epoch 0 val ==="
    assert text[1] == "100%|██████████| 20/20 [00:01<00:00, 17.80it/s, acc=0.5, loss=1.25]"
    assert text[3] == "100%|██████████| 32/32 [00:00<00:00, 95.30it/s, acc=0.875]" and text[4] == "Best ckpt and saved."
    assert text[6].endswith(", acc=0.5, loss=nan]") and text[8].endswith(", acc=0.25]")
    assert text[9] == "Best acc on val set: 0.875000" and len(text) == 10


def test_a_neural_cde_integrates_along_the_spirals_path_and_logs_as_torchcdes_example(tmp_path: Path) -> None:
    import torch
    from make_family_casebook import NCD_T, Logged, NeuralCDE, ncde_loss, write_ncde

    task = make_task("ncde_kidger", 0)
    assert task.x.shape[1:] == (NCD_T, 3) and set(task.y.unique().tolist()) == {0, 1}
    assert torch.allclose(task.x[0, :, 0], torch.linspace(0.0, 4 * math.pi, NCD_T))  # time a channel
    model = make_model("ncde_kidger", Recipe(), 0, task)
    assert isinstance(model, NeuralCDE) and model(task.x[:4]).shape == (4,)
    confident = torch.tensor([20.0, -20.0])
    assert math.isfinite(float(ncde_loss(confident, torch.tensor([1, 0]), Recipe())))
    assert not math.isfinite(float(ncde_loss(confident, torch.tensor([1, 0]), Recipe(log_softmax_by_hand=True))))
    case = one_case(tmp_path, "ncde_kidger", "corrupt_batches")
    assert case["fault_occurred"] and case["split"] == "tuning"
    text = (tmp_path / write_ncde(Logged(writer_rows(1e-2, {}, {})), tmp_path, "n", task)).read_text().splitlines()
    assert text == ["Epoch: 0   Training loss: 1.25", "Epoch: 1   Training loss: 1.25", "Test Accuracy: tensor(0.2500)"]


def test_rotnet_tells_its_images_rotation_and_logs_as_its_algorithm(tmp_path: Path) -> None:
    import torch
    from make_family_casebook import ROT_SIDE, Logged, RotNIN, write_rotnet

    task = make_task("rotnet_gidariss", 0)
    assert task.x.shape[1:] == (3, ROT_SIDE, ROT_SIDE) and task.classes == 4
    assert task.y[:8].tolist() == [0, 1, 2, 3, 0, 1, 2, 3]  # each image at its four rotations
    assert torch.equal(torch.rot90(task.x[0], 1, (1, 2)), task.x[1])
    model = make_model("rotnet_gidariss", Recipe(), 0, task)
    assert isinstance(model, RotNIN) and model(task.x[:4]).shape == (4, 4)
    assert sum(isinstance(m, torch.nn.BatchNorm2d) for m in model.modules()) == 12
    case = one_case(tmp_path, "rotnet_gidariss", "lr_too_high_sgd")
    assert case["fault_occurred"] and case["split"] == "tuning"
    task.extra["steps"] = torch.tensor(40)
    text = (tmp_path / write_rotnet(Logged(writer_rows(1e-2, {}, {})), tmp_path, "r", task)).read_text().splitlines()
    head = "2018-03-12 14:03:26,417 - algorithms.Algorithm - INFO   - "
    assert text[0].startswith("2018-03-12 14:03:25,117 - algorithms.Algorithm - INFO   - Algorithm options {")
    assert text[5:8] == [f"{head}Training epoch [  1 /   2]", f"{head}==> Set to model optimizer lr = 0.0100000000",
                         f"{head}Training: CIFAR10_RotNet_NIN4blocks"]  # fmt: skip
    assert text[8].endswith(" - ==> Iteration [  1][  10 /   20]: {'load_time': 3.62, 'prec1': 50.0, 'loss': 1.25, "
                            "'process_time': 96.38}")  # fmt: skip
    assert text[10].endswith(" - ==> Training stats: {'load_time': 3.71, 'prec1': 50.0, 'loss': 1.25, "
                             "'process_time': 96.29}")  # fmt: skip
    assert text[12].endswith(" - ==> Dataset: cifar10_test [32 images]")
    assert text[14].endswith(" - ==> Evaluation stats: {'load_time': 11.9, 'prec1': 87.5, 'loss': 0.5, "
                             "'process_time': 88.1}")  # fmt: skip
    assert text[15].endswith(" - ==> Best results w.r.t. prec1 metric: epoch: 1 - {'load_time': 11.9, 'prec1': 87.5, "
                             "'loss': 0.5, 'process_time': 88.1}")  # fmt: skip
    assert "'loss': nan" in text[21] and text[-1] == text[15].replace("14:03:32,217", "14:03:38,017")
    assert len(text) == 27


def test_round_61s_families_are_built_by_default_and_hold_enough_cases_per_seed() -> None:
    assert build.__defaults__ is not None and build.__defaults__[0] == FAMILIES and len(FAMILIES) == 361
    # at least four healthy recipes each (plain SGD with momentum for the soft decision tree only: it left
    # AttentionDeepMIL and Co-teaching unlearned, EDL falling back) and five faults (Co-teaching: leaky ReLUs, its batch
    # norms took plain SGD at x200 and undo a batch x100)
    faults_of = faults_per_family(ROUND61_FAMILIES, FAULTY_R61, HEALTHY_R61, TRACED_R61, 5)
    every = {"lr_too_high", "lr_too_low", "random_labels", "sorted_data", "healthy_easy", "healthy_warmup_cosine"}
    assert all({*every, "healthy_long_converged"} <= faults_of[f] for f in ROUND61_FAMILIES)
    sgd = {"attmil_amlab", "edl_dougbrion"}
    assert {f for f in ROUND61_FAMILIES if "healthy_sgd_momentum" in faults_of[f]} == {"sdt_xuyxu"}
    assert not any(f in ("overfitting", "deep_sigmoid") for g in faults_of.values() for f in g)
    assert {f for f in ROUND61_FAMILIES if "lr_too_high_sgd" in faults_of[f]} == sgd
    assert {f for f in ROUND61_FAMILIES if "corrupt_batches" in faults_of[f]} == {"sdt_xuyxu"}
    assert {f for f in ROUND61_FAMILIES if "log_of_zero" in faults_of[f]} == set(ROUND61_FAMILIES) - {"edl_dougbrion"}
    assert {f for f in ROUND61_FAMILIES if "dead_relu" in faults_of[f]} == sgd
    assert all(SPLIT_OF[f] == "tuning" for f in ROUND61_FAMILIES)


def test_attention_mil_pools_its_bags_glyphs_and_logs_as_its_main_py(tmp_path: Path) -> None:
    import torch
    from make_family_casebook import MIL_BAG, MIL_SIDE, AttentionMIL, Logged, write_attmil

    task = make_task("attmil_amlab", 0)
    assert task.x.shape[1:] == (MIL_BAG, 1, MIL_SIDE, MIL_SIDE) and set(task.y.unique().tolist()) == {0, 1}
    assert torch.equal(task.extra["inst_val"].amax(1), task.y_val)  # positive: a bag holding the target glyph
    model = make_model("attmil_amlab", Recipe(), 0, task)
    assert isinstance(model, AttentionMIL) and model(task.x[:4]).shape == (4,)
    assert torch.allclose(model.pooled(task.x[:4])[1].sum(1), torch.ones(4))  # attention softmaxed over a bag
    case = one_case(tmp_path, "attmil_amlab", "log_of_zero")
    assert case["fault_occurred"] and case["split"] == "tuning"
    task.extra["shown"] = torch.tensor([[1.0, 0.089, *([0.130] * (MIL_BAG - 1))]])
    text = (tmp_path / write_attmil(Logged(writer_rows(1e-3, {}, {})), tmp_path, "a", task)).read_text().splitlines()
    assert text[:6] == ["Load Train and Test Set", "Init Model", "Start Training",
                        "Epoch: 1, Loss: 1.2500, Train error: 0.5000", "Epoch: 2, Loss: nan, Train error: 0.5000",
                        "Start Testing"]  # fmt: skip
    assert text[6:8] == ["", f"True Bag Label, Predicted Bag Label: ({int(task.y_val[0])}, 1)"]
    assert text[8].startswith(f"True Instance Labels, Attention Weights: [({int(task.extra['inst_val'][0, 0])}, "
                              "0.08900000154972076), (")  # fmt: skip
    assert text[9:] == ["", "Test Set, Loss: 0.7500, Test error: 0.7500"]


def test_co_teaching_trains_two_cnns_on_each_others_small_losses_and_logs_as_its_main_py(tmp_path: Path) -> None:
    import torch
    from make_family_casebook import COT_CLASSES, COT_FLIP, EVAL_EVERY, CoTeaching, Logged, write_coteaching

    task = make_task("coteaching_bhanml", 0)
    noisy, true = task.y.unbind(1)
    assert bool((task.y_val[:, 0] == task.y_val[:, 1]).all())  # its test labels are clean
    assert 0.15 < float((noisy != true).float().mean()) < 0.25
    assert bool(((noisy - true) % COT_CLASSES)[noisy != true].eq(1).all())  # pair-flipped to the next class
    model = make_model("coteaching_bhanml", Recipe(), 0, task)
    assert isinstance(model, CoTeaching) and model(task.x[:4]).shape == (2, 4, COT_CLASSES)
    assert sum(isinstance(m, torch.nn.BatchNorm2d) for m in model.modules()) == 18
    model.calls = 1
    assert model.forget_rate() == 0.0
    model.calls = 1 + 10 * EVAL_EVERY
    assert model.forget_rate() == COT_FLIP
    case = one_case(tmp_path, "coteaching_bhanml", "random_labels")
    assert case["fault_occurred"] and case["split"] == "tuning"
    task.extra.update(initial=torch.tensor([0.25, 0.5]), steps=torch.tensor(40))
    rows = writer_rows(1e-3, {"val_acc2": 0.75}, {"val_acc2": 0.5}, acc2=0.25, loss1=0.0625, loss2=0.125, pure1=0.8,
                       pure2=0.9)  # fmt: skip
    text = (tmp_path / write_coteaching(Logged(rows), tmp_path, "c", task)).read_text().splitlines()
    assert text[:3] == ["loading dataset...", "building model...", "<bound method Module.parameters of CNN("]
    assert text[3] == "  (c1): Conv2d(3, 16, kernel_size=(3, 3), stride=(1, 1), padding=(1, 1))" and text[22] == ")>"
    assert text[23:25] == text[2:4]
    assert text[44] == ("Epoch [1/3] Test Accuracy on the 1024 test images: Model1 25.0000 % Model2 50.0000 % Pure "
                        "Ratio1 0.0000 % Pure Ratio2 0.0000 %")  # fmt: skip
    assert text[45] == "Training cifar10_coteaching_pairflip_0.2..."
    assert text[46] == ("Epoch [2/3], Iter [10/96] Training Accuracy1: 50.0000, Training Accuracy2: 25.0000, Loss1: "
                        "0.0625, Loss2: 0.1250, Pure Ratio1: 80.0000, Pure Ratio2 90.0000")  # fmt: skip
    assert text[48] == "Evaluating cifar10_coteaching_pairflip_0.2..."
    assert text[49] == ("Epoch [2/3] Test Accuracy on the 1024 test images: Model1 87.5000 % Model2 75.0000 %, Pure "
                        "Ratio 1 80.0000 %, Pure Ratio 2 90.0000 %")  # fmt: skip
    assert text[-1].startswith("Epoch [3/3] Test Accuracy on the 1024 test images: Model1 25.0000 % Model2 50.0000 %,")
    assert len(text) == 55


def test_a_soft_decision_tree_routes_its_glyphs_to_leaves_and_logs_as_its_main_py(tmp_path: Path) -> None:
    import torch
    from make_family_casebook import SDT_CLASSES, SDT_FEATS, Logged, SoftDecisionTree, write_sdt

    task = make_task("sdt_xuyxu", 0)
    assert task.x.shape[1:] == (SDT_FEATS,) and task.classes == SDT_CLASSES
    model = make_model("sdt_xuyxu", Recipe(), 0, task)
    assert isinstance(model, SoftDecisionTree)
    out, penalty = model(task.x[:4], is_training_data=True)
    assert out.shape == (4, SDT_CLASSES) and penalty.item() > 0
    with torch.no_grad():
        model.leaf_nodes.weight.fill_(1.0)
    assert torch.allclose(model(task.x[:4]), torch.ones(4, SDT_CLASSES))  # the leaves' path probabilities sum to 1
    assert not any(isinstance(m, torch.nn.ReLU) for m in model.modules())
    case = one_case(tmp_path, "sdt_xuyxu", "corrupt_batches")
    assert case["fault_occurred"] and case["split"] == "tuning"
    text = (tmp_path / write_sdt(Logged(writer_rows(1e-3, {}, {})), tmp_path, "s", task)).read_text().splitlines()
    assert text[:3] == ["Epoch: 00 | Batch: 000 | Loss: 1.25000 | Correct: 016/032",
                        "Epoch: 00 | Batch: 010 | Loss: 1.25000 | Correct: 016/032", ""]  # fmt: skip
    assert text[3:5] == ["Epoch: 00 | Testing Accuracy: tensor(896.)/1024 (87.500%) | Historical Best: 87.500%", ""]
    assert text[8] == "Epoch: 01 | Testing Accuracy: tensor(256.)/1024 (25.000%) | Historical Best: 87.500%"
    assert len(text) == 10


def test_edl_learns_dirichlet_evidence_and_logs_as_its_train_py(tmp_path: Path) -> None:
    import torch
    from make_family_casebook import EDL_CLASSES, EDL_SIDE, EDLLeNet, Logged, edl_kl_divergence, edl_mse_loss, write_edl

    task = make_task("edl_dougbrion", 0)
    assert task.x.shape[1:] == (1, EDL_SIDE, EDL_SIDE) and task.classes == EDL_CLASSES
    model = make_model("edl_dougbrion", Recipe(), 0, task)
    assert isinstance(model, EDLLeNet) and model(task.x[:4]).shape == (4, EDL_CLASSES)
    assert float(edl_kl_divergence(torch.ones(1, EDL_CLASSES))) == 0.0  # Dir(1) to itself
    right, wrong = torch.tensor([[100.0, 0, 0, 0, 0]]), torch.tensor([[0, 100.0, 0, 0, 0]])
    label = torch.tensor([0])
    assert float(edl_mse_loss(right, label, 10)) < 0.05 < 1.0 < float(edl_mse_loss(wrong, label, 10))
    dead = make_model("edl_dougbrion", Recipe(dead_bias=-8.0), 0, task)
    assert isinstance(dead, EDLLeNet) and bool((dead.conv1.bias == -8.0).all())
    case = one_case(tmp_path, "edl_dougbrion", "dead_relu")
    assert case["fault_occurred"] and case["split"] == "tuning"
    task.extra["steps"] = torch.tensor(40)
    text = (tmp_path / write_edl(Logged(writer_rows(1e-3, {}, {})), tmp_path, "e", task)).read_text().splitlines()
    assert text[:7] == ["Epoch 0/1", "----------", "Training...", "Train loss: 1.2500 acc: 0.5000", "Validating...",
                        "Val loss: 0.5000 acc: 0.8750", ""]  # fmt: skip
    assert text[10] == "Train loss: nan acc: 0.5000" and text[12] == "Val loss: 0.7500 acc: 0.2500"
    assert text[14:] == ["Training complete in 0m 1s", "Best val Acc: 0.875000"]


def test_round_62s_families_are_built_by_default_and_hold_enough_cases_per_seed() -> None:
    assert build.__defaults__ is not None and build.__defaults__[0] == FAMILIES and len(FAMILIES) == 361
    # at least four healthy recipes each (plain SGD with momentum for Mean Teacher and AOD-Net only: it blew up
    # Social-STGCNN, left GraphRNN unlearned) and five faults (GraphRNN: no labels, it reads adjacency rows of 0s and
    # 1s; AOD-Net: an MSE, no log, its clipped gradients took plain SGD at x200, its K(x) learned past shuffled targets)
    faults_of = faults_per_family(ROUND62_FAMILIES, FAULTY_R62, HEALTHY_R62, TRACED_R62, 5)
    every = {"lr_too_high", "lr_too_low", "sorted_data", "healthy_easy", "healthy_warmup_cosine"}
    assert all({*every, "healthy_long_converged"} <= faults_of[f] for f in ROUND62_FAMILIES)
    sgd = {"meanteacher_curiousai", "aodnet_mayanksingal"}
    assert {f for f in ROUND62_FAMILIES if "healthy_sgd_momentum" in faults_of[f]} == sgd
    assert not any(f in ("overfitting", "deep_sigmoid") for g in faults_of.values() for f in g)
    not_aod = set(ROUND62_FAMILIES) - {"aodnet_mayanksingal"}
    assert {f for f in ROUND62_FAMILIES if "lr_too_high_sgd" in faults_of[f]} == not_aod
    labelled = {"stgcnn_abduallahmohamed", "meanteacher_curiousai"}
    assert {f for f in ROUND62_FAMILIES if "random_labels" in faults_of[f]} == labelled
    corrupt = {"stgcnn_abduallahmohamed", "aodnet_mayanksingal"}
    assert {f for f in ROUND62_FAMILIES if "corrupt_batches" in faults_of[f]} == corrupt
    assert {f for f in ROUND62_FAMILIES if "log_of_zero" in faults_of[f]} == not_aod
    assert {f for f in ROUND62_FAMILIES if "dead_relu" in faults_of[f]} == set(ROUND62_FAMILIES) - {
        "stgcnn_abduallahmohamed"
    }
    assert all(SPLIT_OF[f] == "tuning" for f in ROUND62_FAMILIES)


def test_social_stgcnn_convolves_its_pedestrians_graph_and_logs_as_its_train_py(tmp_path: Path) -> None:
    import torch
    from make_family_casebook import STG_OBS, STG_PEDS, STG_PRED, Logged, SocialSTGCNN, bivariate_loss, write_stgcnn

    task = make_task("stgcnn_abduallahmohamed", 0)
    assert task.x.shape[1:] == (STG_OBS, STG_PEDS, 2 + STG_PEDS) and task.y.shape[1:] == (STG_PRED, STG_PEDS, 2)
    assert bool((task.x[:, 0] == 0).all())  # the first step's displacements 0, its kernel 0 (self-loops only)
    laplacian = task.x[0, 1, :, 2:]  # I - D^-1/2 A D^-1/2, its self-loops 1: a diagonal of 1 - 1 / degree
    assert torch.allclose(laplacian, laplacian.t()) and bool(
        ((laplacian.diagonal() > 0) & (laplacian.diagonal() < 1)).all()
    )
    assert bool((laplacian - torch.diag(laplacian.diagonal()) <= 0).all())
    model = make_model("stgcnn_abduallahmohamed", Recipe(), 0, task)
    assert isinstance(model, SocialSTGCNN) and model(task.x[:4]).shape == (4, 5, STG_PRED, STG_PEDS)
    assert not any(isinstance(m, torch.nn.ReLU) for m in model.modules())
    sure = torch.zeros(1, 5, STG_PRED, STG_PEDS)
    sure[:, 2:4] = -6.0  # sigmas of 2.5 mm, a metre off: its density 0
    far = torch.ones(1, STG_PRED, STG_PEDS, 2)
    assert abs(float(bivariate_loss(sure, far, Recipe())) + math.log(1e-20)) < 1e-3  # its clamp: -log(1e-20)
    assert not math.isfinite(float(bivariate_loss(sure, far, Recipe(log_softmax_by_hand=True))))
    case = one_case(tmp_path, "stgcnn_abduallahmohamed", "corrupt_batches")
    assert case["fault_occurred"] and case["split"] == "tuning"
    task.extra.update(steps=torch.tensor(40), vald=torch.tensor([[0.5, 0.25], [1.0, 0.5]]))
    text = (tmp_path / write_stgcnn(Logged(writer_rows(1e-2, {}, {})), tmp_path, "s", task)).read_text().splitlines()
    assert text[:2] == ["*" * 30, "Training initiating...."] and text[2].startswith("Namespace(batch_size=32, ")
    assert text[3:8] == ["Processing Data .....", "Processing Data .....", "Data and model loaded",
                         "Checkpoint dir: ./checkpoint/social-stgcnn-eth/", "Training started ..."]  # fmt: skip
    assert text[8] == "TRAIN: \t Epoch: 0 \t Loss: 0.0390625" and text[27] == text[8]  # 1.25 / 32 scenes
    assert text[28:30] == ["VALD: \t Epoch: 0 \t Loss: 0.015625", "VALD: \t Epoch: 0 \t Loss: 0.01171875"]
    assert text[30:36] == ["*" * 30, "Epoch: social-stgcnn-eth : 0", "train_loss 0.0390625", "val_loss 0.01171875",
                           "{'min_val_epoch': 0, 'min_val_loss': 0.01171875}", "*" * 30]  # fmt: skip
    assert text[45] == "TRAIN: \t Epoch: 1 \t Loss: nan" and text[-2] == text[34]
    assert len(text) == 64


def test_mean_teacher_keeps_an_ema_teacher_of_its_shake_shake_student_and_logs_as_its_main_py(tmp_path: Path) -> None:
    import torch
    from make_family_casebook import (
        MTE_CLASSES,
        NO_LABEL,
        Logged,
        MeanTeacher,
        ShakeBlock,
        write_meanteacher,
    )

    task = make_task("meanteacher_curiousai", 0)
    assert 0.2 < float((task.y != NO_LABEL).float().mean()) < 0.3 and bool((task.y_val != NO_LABEL).all())
    model = make_model("meanteacher_curiousai", Recipe(), 0, task)
    assert isinstance(model, MeanTeacher) and model(task.x[:4]).shape == (4, MTE_CLASSES)
    assert len(model.student(task.x[:4])) == 2  # its fc1 and fc2
    assert sum(isinstance(m, ShakeBlock) for m in model.student.modules()) == 3
    assert not any(p.requires_grad for p in model.ema.parameters())
    with torch.no_grad():
        model.student.fc1.bias.fill_(1.0)
        model.ema.fc1.bias.zero_()
    model.calls = 1
    model.update_ema()  # its alpha min(1 - 1 / 2, 0.97): the mean of the two
    assert torch.allclose(model.ema.fc1.bias, torch.full((MTE_CLASSES,), 0.5))
    case = one_case(tmp_path, "meanteacher_curiousai", "dead_relu")
    assert case["fault_occurred"] and case["split"] == "tuning"
    at = {"val_top5": 1.0, "val_first_loss": 0.625, "val_first_acc": 0.75, "val_first_top5": 1.0,
          "val_ema_acc": 0.8125, "val_ema_top5": 1.0, "val_ema_first_loss": 0.5, "val_ema_first_acc": 0.875,
          "val_ema_first_top5": 1.0}  # fmt: skip
    rows = writer_rows(1e-3, at, {}, class_loss=0.25, cons_loss=0.125, top5=1.0, labeled=8.0)
    text = (tmp_path / write_meanteacher(Logged(rows), tmp_path, "m", task)).read_text().splitlines()
    assert text[:5] == ["INFO:main:=> creating model 'cifar_shakeshake26'",
                        "INFO:main:=> creating EMA model 'cifar_shakeshake26'", "INFO:main:",
                        "List of model parameters:", "========================="]  # fmt: skip
    assert text[5] == "module.conv1.weight                             8 * 3 * 3 * 3 =         216"
    assert text[-22] == "all parameters                                   sum of above =      38,660"
    assert text[-20] == ("INFO:main:Epoch: [0][0/96]\tTime 0.210 (0.210)\tData 0.030 (0.030)\tClass 0.2500 (0.2500)"
                         "\tCons 0.1250 (0.1250)\tPrec@1 50.000 (50.000)\tPrec@5 100.000 (100.000)")  # fmt: skip
    assert text[-18:-11] == [
        "INFO:main:--- training epoch in 4.26 seconds ---", "INFO:main:Evaluating the primary model:",
        "INFO:main:Test: [0/32]\tTime 0.081 (0.081)\tData 0.012 (0.012)\tClass 0.6250 (0.6250)\tPrec@1 75.000 "
        "(75.000)\tPrec@5 100.000 (100.000)", "INFO:main: * Prec@1 87.500\tPrec@5 100.000",
        "INFO:main:Evaluating the EMA model:",
        "INFO:main:Test: [0/32]\tTime 0.081 (0.081)\tData 0.012 (0.012)\tClass 0.5000 (0.5000)\tPrec@1 87.500 "
        "(87.500)\tPrec@5 100.000 (100.000)", "INFO:main: * Prec@1 81.250\tPrec@5 100.000",
    ]  # fmt: skip
    assert text[-1] == "INFO:main:--- validation in 0.64 seconds ---" and len(text) == 77


def test_graphrnn_reads_its_grids_bfs_rows_and_logs_as_its_train_py(tmp_path: Path) -> None:
    import torch
    from make_family_casebook import GRN_MAX, GRN_PREV, GraphRNNMLP, Logged, grn_bfs, write_graphrnn

    task = make_task("graphrnn_jiaxuanyou", 0)
    assert task.x.shape[1:] == (GRN_MAX, GRN_PREV) and task.y.shape[1:] == (GRN_MAX, GRN_PREV + 1)
    assert bool((task.x[:, 0] == 1).all())  # its start row of ones
    assert torch.equal(task.x[:, 1:], task.y[:, :-1, :GRN_PREV])  # the inputs are the targets one row late
    nodes = task.y[..., GRN_PREV].sum(1)
    assert int(nodes.min()) == 4 and int(nodes.max()) == GRN_MAX
    first = task.y[torch.arange(len(nodes)), nodes.long() - 2, :GRN_PREV]  # each graph's last node's row
    assert bool((first.sum(1) >= 1).all())  # BFS: each node adjacent to one before it
    path = torch.tensor([[0, 1, 0, 0], [1, 0, 1, 0], [0, 1, 0, 1], [0, 0, 1, 0]]).float()
    assert grn_bfs(path, 2) == [2, 1, 3, 0]
    model = make_model("graphrnn_jiaxuanyou", Recipe(), 0, task)
    assert isinstance(model, GraphRNNMLP) and model(task.x[:4]).shape == (4, GRN_MAX, GRN_PREV)
    assert model.rnn.num_layers == 4 and bool((model.rnn.bias_ih_l0 == 0.25).all())
    case = one_case(tmp_path, "graphrnn_jiaxuanyou", "log_of_zero")
    assert case["fault_occurred"] and case["split"] == "tuning"
    task.extra["steps"] = torch.tensor(40)
    text = (tmp_path / write_graphrnn(Logged(writer_rows(1e-2, {}, {})), tmp_path, "g", task)).read_text().splitlines()
    assert text[:2] == ["CUDA 1", "File name prefix GraphRNN_MLP_grid_4_32_"]
    assert text[2].startswith("graph_validate_len ") and text[3].startswith("graph_test_len ")
    assert text[4:6] == ["total graph num: 4096, training set: 3072", "max number node: 12"]
    assert text[6].startswith("max/min number edge: ") and text[7] == "max previous node: 8"
    assert text[8] == "train and test graphs saved at:  graphs/GraphRNN_MLP_grid_4_32_test_0.dat"
    assert text[9:] == ["Epoch: 1/2, train loss: 1.250000, graph type: grid, num_layer: 4, hidden: 32",
                        "Epoch: 2/2, train loss: 1.250000, graph type: grid, num_layer: 4, hidden: 32"]  # fmt: skip


def test_aod_net_estimates_its_haze_model_and_logs_as_its_train_py(tmp_path: Path) -> None:
    import torch
    from make_family_casebook import AOD_SIDE, AODNet, Logged, write_aodnet

    task = make_task("aodnet_mayanksingal", 0)
    assert task.x.shape[1:] == (3, AOD_SIDE, AOD_SIDE) and task.y.shape == task.x.shape
    assert float(task.x.mean()) > float(task.y.mean())  # haze brightens
    model = make_model("aodnet_mayanksingal", Recipe(), 0, task)
    assert isinstance(model, AODNet) and model(task.x[:4]).shape == (4, 3, AOD_SIDE, AOD_SIDE)
    with torch.no_grad():
        model.e_conv5.weight.zero_()
    assert torch.equal(model(task.x[:4]), torch.ones(4, 3, AOD_SIDE, AOD_SIDE))  # K(x) 0: its b, 1
    dead = make_model("aodnet_mayanksingal", Recipe(dead_bias=-8.0), 0, task)
    assert isinstance(dead, AODNet) and bool((dead.e_conv1.bias == -8.0).all())
    case = one_case(tmp_path, "aodnet_mayanksingal", "corrupt_batches")
    assert case["fault_occurred"] and case["split"] == "tuning"
    text = (tmp_path / write_aodnet(Logged(writer_rows(1e-2, {}, {})), tmp_path, "a", task)).read_text().splitlines()
    assert text == ["Loss at iteration 10 : 1.25", "Loss at iteration 20 : 1.25", "Loss at iteration 10 : nan",
                    "Loss at iteration 20 : 1.25"]  # fmt: skip


def test_round_63s_families_are_built_by_default_and_hold_enough_cases_per_seed() -> None:
    assert build.__defaults__ is not None and build.__defaults__[0] == FAMILIES and len(FAMILIES) == 361
    # at least four healthy recipes each (plain SGD with momentum for KNRM only: it left CSQ and IIC unlearned, blew up
    # SimGNN) and four faults (KNRM: no ReLU, it reads word ids, its cosines and kernels took x300 Adam and plain SGD at
    # x200)
    faults_of = faults_per_family(ROUND63_FAMILIES, FAULTY_R63, HEALTHY_R63, TRACED_R63, 4)
    every = {"lr_too_low", "sorted_data", "healthy_easy", "healthy_warmup_cosine"}
    assert all({*every, "healthy_long_converged"} <= faults_of[f] for f in ROUND63_FAMILIES)
    assert {f for f in ROUND63_FAMILIES if "healthy_sgd_momentum" in faults_of[f]} == {"knrm_ntmccommunity"}
    assert not any(f in ("overfitting", "deep_sigmoid") for g in faults_of.values() for f in g)
    not_knrm = set(ROUND63_FAMILIES) - {"knrm_ntmccommunity"}
    assert {f for f in ROUND63_FAMILIES if "lr_too_high" in faults_of[f]} == not_knrm
    assert {f for f in ROUND63_FAMILIES if "lr_too_high_sgd" in faults_of[f]} == {
        "csq_swuxyj",
        "simgnn_benedekrozemberczki",
    }
    assert {f for f in ROUND63_FAMILIES if "random_labels" in faults_of[f]} == set(ROUND63_FAMILIES) - {"iic_xuji"}
    assert {f for f in ROUND63_FAMILIES if "corrupt_batches" in faults_of[f]} == {"csq_swuxyj"}
    assert {f for f in ROUND63_FAMILIES if "log_of_zero" in faults_of[f]} == set(ROUND63_FAMILIES) - {
        "simgnn_benedekrozemberczki"
    }
    assert {f for f in ROUND63_FAMILIES if "dead_relu" in faults_of[f]} == not_knrm
    assert all(SPLIT_OF[f] == "report" for f in ROUND63_FAMILIES)


def test_csq_pulls_its_codes_to_hadamard_centres_and_logs_as_deephash_pytorch(tmp_path: Path) -> None:
    import torch
    from make_family_casebook import CSQ_BIT, CSQ_CLASSES, CSQNet, Logged, csq_config, csq_loss, hash_map, write_csq

    task = make_task("csq_swuxyj", 0)
    assert task.x.shape[1:] == (3, 12, 12) and task.y.shape == (len(task.x),) and len(task.x_val) == 256
    model = make_model("csq_swuxyj", Recipe(), 0, task)
    assert isinstance(model, CSQNet) and model(task.x[:4]).shape == (4, CSQ_BIT)
    centres = model.hash_targets
    assert centres.shape == (CSQ_CLASSES, CSQ_BIT) and torch.equal(
        centres @ centres.t(), CSQ_BIT * torch.eye(CSQ_CLASSES)
    )
    sure = 20.0 * centres[task.y[:4]]  # codes at their centres: its BCE ~0; by hand in half precision: log(0)
    assert float(csq_loss(model, sure, task.y[:4], Recipe())) < 1e-3
    assert not math.isfinite(float(csq_loss(model, sure, task.y[:4], Recipe(log_softmax_by_hand=True))))
    labels = torch.tensor([0, 1])
    assert hash_map(centres[labels], labels, centres[torch.tensor([1, 0, 0])], torch.tensor([1, 0, 0])) == 1.0
    case = one_case(tmp_path, "csq_swuxyj", "corrupt_batches")
    assert case["fault_occurred"] and case["split"] == "report"
    task.extra["steps"] = torch.tensor(40)
    rows = writer_rows(3e-3, {"val_map": 0.5}, {"val_map": 0.25})
    text = (tmp_path / write_csq(Logged(rows), tmp_path, "c", task)).read_text().splitlines()
    assert text[0] == csq_config(3e-3, 2, False, None) and text[0].startswith(
        "{'lambda': 0.0001, 'optimizer': {'type': <class 'torch.optim.adam.Adam'>, 'optim_params': {'lr': 0.003, "
        "'betas': (0.9, 0.999)}}, 'info': '[CSQ]', 'resize_size': 256, 'crop_size': 224, 'batch_size': 128, "
    )
    assert text[1:] == [
        "train_dataset 3072",
        "test_dataset 256",
        "database_dataset 3072",
        "[CSQ][ 1/ 2][14:03:22] bit:64, dataset:cifar10-1, training....\b\b\b\b\b\b\b loss:1.250",
        "[CSQ][ 2/ 2][14:03:25] bit:64, dataset:cifar10-1, training....\b\b\b\b\b\b\b loss:nan",
    ]
    assert csq_config(0.05, 15, True, 3072).endswith("'num_train': 3072}")
    rows = [*writer_rows(3e-3, {"val_map": 0.5}, {"val_map": 0.25}), *writer_rows(3e-3, {}, {"val_map": 0.375})[20:]]
    text = (tmp_path / write_csq(Logged(rows), tmp_path, "c", task)).read_text().splitlines()
    assert text[7:10] == [
        "100%|██████████| 2/2 [00:00<00:00,  5.00it/s]",
        "100%|██████████| 24/24 [00:03<00:00,  7.50it/s]",
        "100%|██████████| 256/256 [00:01<00:00, 232.73it/s]",
    ]
    assert text[10] == "[CSQ] epoch:3, bit:64, dataset:cifar10-1, MAP:0.375, Best MAP: 0.375"
    assert text[11].endswith("'num_train': 3072}") and len(text) == 12


def test_simgnn_scores_its_graph_pairs_and_logs_as_its_main_py(tmp_path: Path) -> None:
    import torch
    from make_family_casebook import SGN_LABELS, SGN_MAX, Logged, SimGNN, texttable_draw, write_simgnn

    task = make_task("simgnn_benedekrozemberczki", 0)
    assert task.x.shape[1:] == (2, SGN_MAX, SGN_MAX + SGN_LABELS + 1) and task.y.shape == (len(task.x),)
    assert bool(((task.y > 0) & (task.y <= 1)).all())  # exp(-nGED)
    nodes = task.x[..., -1].sum(-1)
    assert bool((task.x[..., SGN_MAX:-1].sum((2, 3)) == nodes).all())  # one label a node
    assert bool((nodes[:, 1] >= nodes[:, 0]).all()) and bool((nodes[:, 1] - nodes[:, 0] <= 3).all())
    adjacency = task.x[..., :SGN_MAX]
    assert torch.equal(adjacency, adjacency.transpose(2, 3))
    model = make_model("simgnn_benedekrozemberczki", Recipe(), 0, task)
    assert isinstance(model, SimGNN) and model(task.x[:4]).shape == (4,)
    model.eval()
    swapped = task.x[:4].flip(1)
    assert bool(((model(task.x[:4]) > 0) & (model(task.x[:4]) < 1)).all()) and model(swapped).shape == (4,)
    assert texttable_draw([["Parameter", "Value"], ["Bins", "16"]]).splitlines() == [
        "+-----------+-------+",
        "| Parameter | Value |",
        "+===========+=======+",
        "| Bins      | 16    |",
        "+-----------+-------+",
    ]
    case = one_case(tmp_path, "simgnn_benedekrozemberczki", "random_labels")
    assert case["fault_occurred"] and case["split"] == "report"
    task.extra["steps"] = torch.tensor(40)
    rows = writer_rows(1e-2, {"val_error": 0.05}, {"val_error": 0.04})
    text = (tmp_path / write_simgnn(Logged(rows), tmp_path, "s", task)).read_text().splitlines()
    assert text[:4] == [
        "+---------------------+------------------+",
        "|      Parameter      |      Value       |",
        "+=====================+==================+",
        "| Batch size          | 128              |",
    ]
    assert (
        text[21] == "| Learning rate       | 0.010            |"
        and text[33] == "| Weight decay        | 0.001            |"
    )
    assert text[35:41] == [
        "",
        "Enumerating unique labels.",
        "",
        "100%|██████████| 4096/4096 [00:02<00:00, 1517.04it/s]",
        "",
        "Model training.",
    ]
    assert text[42:46] == [
        "Batches: 100%|██████████| 20/20 [00:03<00:00,  6.25it/s]",
        "Epoch (Loss=1.25):  50%|█████     | 1/2 [00:03<00:03,  3.20s/it]",
        "Batches: 100%|██████████| 20/20 [00:03<00:00,  6.25it/s]",
        "Epoch (Loss=nan): 100%|██████████| 2/2 [00:06<00:00,  3.20s/it]",
    ]
    assert text[46:49] == ["", "", "Model evaluation."] and text[-3].startswith("Baseline error: 0.0")
    assert text[-2:] == ["", "Model test error: 0.04."]


def test_knrm_pools_kernels_over_its_translation_matrix_and_logs_as_matchzoo(tmp_path: Path) -> None:
    import torch
    from make_family_casebook import KNR_DLEN, KNR_NEG, KNR_QLEN, KNRM, Logged, knrm_loss, knrm_metrics, write_knrm

    task = make_task("knrm_ntmccommunity", 0)
    assert task.x.shape[1:] == (1 + KNR_NEG, KNR_QLEN + KNR_DLEN) and task.y.shape[1:] == (1 + KNR_NEG,)
    assert bool((task.y.sum(1) == 1).all()) and bool((task.x[:, :1, :KNR_QLEN] == task.x[:, :, :KNR_QLEN]).all())
    model = make_model("knrm_ntmccommunity", Recipe(), 0, task)
    assert isinstance(model, KNRM) and model(task.x[:4]).shape == (4, 1 + KNR_NEG)
    assert not any(isinstance(m, torch.nn.ReLU) for m in model.modules())
    assert torch.allclose(model.mu, torch.tensor([-0.9, -0.7, -0.5, -0.3, -0.1, 0.1, 0.3, 0.5, 0.7, 0.9, 1.0]))
    assert torch.allclose(model.sigma, torch.tensor([0.1] * 10 + [0.001]))
    broken = make_model("knrm_ntmccommunity", Recipe(log_softmax_by_hand=True), 0, task)
    assert not math.isfinite(knrm_loss(broken(task.x[:32]), task.y[:32]).item())  # a kernel's sum 0: log(0)
    assert math.isfinite(knrm_loss(model(task.x[:32]), task.y[:32]).item())
    scores, marks = torch.tensor([[2.0, 1.0, 0.0, -1.0], [0.0, 1.0, 3.0, 2.0]]), torch.eye(4)[[0, 3]]
    ndcg = (1 + 1 / math.log2(3)) / 2  # ranks 1 and 2
    metrics = knrm_metrics(scores, marks)
    assert abs(metrics["val_ndcg3"] - ndcg) < 1e-6 and metrics["val_ndcg5"] == metrics["val_ndcg3"]
    assert metrics["val_map"] == 0.75
    case = one_case(tmp_path, "knrm_ntmccommunity", "log_of_zero")
    assert case["fault_occurred"] and case["split"] == "report"
    task.extra["steps"] = torch.tensor(40)
    at_20, at_40 = {"val_map": 0.75, "val_ndcg3": 0.8125, "val_ndcg5": 0.84375}, {"val_map": 0.625, "val_ndcg3": 0.6875}
    text = (tmp_path / write_knrm(Logged(writer_rows(1e-2, at_20, at_40)), tmp_path, "k", task)).read_text()
    assert text.splitlines() == [
        "[Iter-20 Loss-1.250]:",
        "  Validation: normalized_discounted_cumulative_gain@3(0.0): 0.8125 - normalized_discounted_cumulative_gain@5"
        "(0.0): 0.8438 - mean_average_precision(0.0): 0.75",
        "Epoch 1/2: 105%|██████████| 21/20 [00:01<00:00, 16.15it/s, loss=1.250]",
        "[Iter-40 Loss-nan]:",
        "  Validation: normalized_discounted_cumulative_gain@3(0.0): 0.6875 - normalized_discounted_cumulative_gain@5"
        "(0.0): nan - mean_average_precision(0.0): 0.625",
        "Epoch 2/2: 105%|██████████| 21/20 [00:01<00:00, 16.15it/s, loss=1.250]",
        "Cost time: 3.41235s",
    ]


def test_iic_clusters_two_views_by_mutual_information_and_logs_as_its_cluster_greyscale(tmp_path: Path) -> None:
    import torch
    from make_family_casebook import IIC_HEADS, IIC_OUT, ClusterNet, Logged, iic_original_match, iid_loss, write_iic

    task = make_task("iic_xuji", 0)
    assert task.x.shape[1:] == (1, 12, 12) and task.y.shape == (len(task.x),) and float(task.extra["prior_acc"]) > 0.15
    model = make_model("iic_xuji", Recipe(), 0, task)
    out = model(task.x[:8])
    assert isinstance(model, ClusterNet) and out.shape == (IIC_HEADS, 8, IIC_OUT)
    assert torch.allclose(out.sum(-1), torch.ones(IIC_HEADS, 8))
    dead = make_model("iic_xuji", Recipe(dead_bias=-8.0), 0, task)
    assert not bool(dead.features[2](dead.features[1](dead.features[0](task.x[:8]))).any())  # its ReLUs all 0
    two = torch.eye(IIC_OUT)[[0, 1, 0, 1]]  # two even, sure clusters seen alike: -MI = -log 2
    assert abs(float(iid_loss(two, two, Recipe())) + math.log(2)) < 1e-5
    assert not math.isfinite(float(iid_loss(two, two, Recipe(log_softmax_by_hand=True))))  # 0 x log(0)
    match = iic_original_match(torch.tensor([0, 0, 1, 2]), torch.tensor([3, 3, 1, 1]))
    assert match[:3] == [(0, 3), (1, 1), (2, 1)] and match[3] == (3, 0)
    case = one_case(tmp_path, "iic_xuji", "dead_relu")
    assert case["fault_occurred"] and case["split"] == "report"
    task.extra["steps"] = torch.tensor(40)
    at = {
        "val_best_head": 1.0,
        **{f"val_test_acc{i}": 0.5 for i in range(IIC_HEADS)},
        **{f"val_train_acc{i}": 0.75 for i in range(IIC_HEADS)},
        **{f"val_match{c}": float(c % 5) for c in range(10)},
    }
    text = (tmp_path / write_iic(Logged(writer_rows(3e-3, at, at)), tmp_path, "i", task)).read_text().splitlines()
    assert text[:3] == ["Config: Config: -----", "model_ind: 685", "arch: ClusterNet4h"] and text[33] == "----------"
    assert text[34] == "Pre: time 2019-03-20 14:02:51.337000: " and text[35].startswith(" \ttest_accs: [")
    assert text[44:46] == [
        "Starting e_i: 1",
        "Model ind 685 epoch 1 batch: 0 avg loss 1.250000 avg loss no lamb 1.250000 time 2019-03-20 14:02:51.378000",
    ]
    assert text[65:75] == [
        "Pre: time 2019-03-20 14:02:53.457000: ",
        " \ttest_accs: [0.5, 0.5, 0.5, 0.5, 0.5]",
        "\tavg: 0.5",
        "\tstd: 0.0",
        "\tbest: 0.875",
        "\tworst: 0.5",
        "\tbest_train_sub_head: 1",
        "\tbest_train_sub_head_match: [(0, 0), (1, 1), (2, 2), (3, 3), (4, 4), (5, 0), (6, 1), (7, 2), (8, 3), (9, 4)]",
        "\ttrain_accs: [0.75, 0.75, 0.75, 0.75, 0.75]",
        "",
    ]
    assert text[75:] == [
        "Starting e_i: 2",
        "Model ind 685 epoch 2 batch: 0 avg loss 1.250000 avg loss no lamb 1.250000 time 2019-03-20 14:02:53.498000",
        "Loss is not finite... tensor(nan, device='cuda:0', grad_fn=<DivBackward0>):",
    ]
