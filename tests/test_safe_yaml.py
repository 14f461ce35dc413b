"""YAML alias bombs (issue 11 item 9): refused fast, in small memory, by every YAML read of the server."""

from __future__ import annotations

import resource
import shutil
import time
from pathlib import Path

import anyio
import pytest
import yaml
from mcp import Client

from server.core.diagnosis.config_scan import load_config
from server.core.errors import UnreadableInputError
from server.core.logs import mlflow_store
from server.core.safe_yaml import MAX_YAML_NODES, YamlRefused, load_yaml
from tests.conftest import REPO

MLFLOW = Path(__file__).resolve().parent / "fixtures" / "tools" / "mlflow"


def alias_bomb(levels: int = 9, width: int = 9, key: str = "run_name") -> str:
    """The 'billion laughs' document: each anchor a list of `width` aliases of the one before (width**levels
    leaves, ~1 KB of text); the last level under `key`."""
    lines = [f"l0: &l0 [{', '.join(['lol'] * width)}]"]
    for level in range(1, levels):
        lines.append(f"l{level}: &l{level} [{', '.join([f'*l{level - 1}'] * width)}]")
    lines.append(f"{key}: *l{levels - 1}")
    return "\n".join(lines) + "\n"


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def test_a_nine_level_alias_bomb_is_refused_fast_and_small() -> None:
    text = alias_bomb()
    assert len(text) < 1024
    rss_before, started = peak_rss_mb(), time.perf_counter()
    with pytest.raises(YamlRefused, match=rf"expand to more than {MAX_YAML_NODES:,} nodes"):
        load_yaml(text)
    assert time.perf_counter() - started < 1.0
    assert peak_rss_mb() - rss_before < 50


def test_aliases_within_the_budget_still_load() -> None:
    text = "base: &base {lr: 0.001, betas: [0.9, 0.999]}\ntrain: *base\nfinetune:\n  <<: *base\n  lr: 0.0001\n"
    assert load_yaml(text) == {
        "base": {"lr": 0.001, "betas": [0.9, 0.999]},
        "train": {"lr": 0.001, "betas": [0.9, 0.999]},
        "finetune": {"lr": 0.0001, "betas": [0.9, 0.999]},
    }


def test_a_recursive_alias_and_deep_nesting_are_refused() -> None:
    with pytest.raises(YamlRefused, match="refers to itself"):
        load_yaml("a: &a [1, *a]\n")
    with pytest.raises(YamlRefused, match="nested too deeply"):
        load_yaml("a: " + "[" * 5000 + "]" * 5000 + "\n")


def test_bad_syntax_is_still_a_yaml_error() -> None:
    with pytest.raises(yaml.YAMLError):
        load_yaml("a: [1, 2\n")


def test_an_alias_bomb_in_an_mlflow_meta_yaml_is_noted_and_the_metrics_still_read(tmp_path: Path) -> None:
    shutil.copytree(MLFLOW / "mlruns", tmp_path / "mlruns")
    meta = next(m for m in (tmp_path / "mlruns").glob("*/*/meta.yaml") if "healthy" in m.read_text())
    meta.write_text(alias_bomb())
    started = time.perf_counter()
    runs = mlflow_store.read(tmp_path / "mlruns", "mlruns")
    assert time.perf_counter() - started < 2.0
    bombed = next(run for run in runs if run.source.endswith(f"#{meta.parent.name}"))
    assert any("meta.yaml is refused: its aliases expand to more than" in note for note in bombed.notes)
    assert "loss" in bombed.metrics


def test_an_alias_bomb_as_a_config_file_is_refused_with_what_to_do(tmp_path: Path) -> None:
    config = tmp_path / "config.yaml"
    config.write_text(alias_bomb(key="lr"))
    with pytest.raises(UnreadableInputError, match=r"cannot parse config.yaml \(its aliases expand to more than"):
        load_config(config)


@pytest.mark.anyio
async def test_diagnose_training_refuses_an_alias_bomb_config_with_a_clear_error(
    client: Client, workspace_dir: Path
) -> None:
    shutil.copy(REPO / "examples" / "diverging" / "train.log", workspace_dir / "train.log")
    (workspace_dir / "config.yaml").write_text(alias_bomb(key="lr"))
    with anyio.fail_after(30):
        result = await client.call_tool("diagnose_training", {"logs": "train.log", "config": "config.yaml"})
    assert result.is_error
    assert "without anchors and aliases" in result.content[0].text
