"""The config scan on small real config files: YAML, JSON, TOML and Python modules (read as AST, never run)."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from server.core.diagnosis.config_scan import load_config, scan_config
from server.core.diagnosis.engine import diagnose
from server.core.errors import UserError


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    subprocess.run(["git", "init", "-q", str(tmp_path)], check=True)
    return tmp_path


def git_apply_check(root: Path, patch: str) -> None:
    subprocess.run(["git", "apply", "--check", "-"], cwd=root, input=patch.encode(), check=True)


def test_a_json_config_is_flattened_and_its_lr_key_patched(repo: Path) -> None:
    path = repo / "config.json"
    path.write_text('{\n  "optim": {\n    "lr": 0.8,\n    "max_grad_norm": 0\n  },\n  "batch_size": 64\n}\n')
    assert load_config(path) == {"optim.lr": 0.8, "optim.max_grad_norm": 0, "batch_size": 64}
    findings = scan_config(path, {"exploding_gradients"}, repo)
    assert [(f.id, f.evidence[0].location) for f in findings] == [
        ("lr_too_high", "config.json:optim.lr"),
        ("exploding_gradients", "config.json:optim.max_grad_norm"),
    ]
    assert findings[0].confidence == 0.5  # the logs show no lr signature: the value alone
    assert findings[1].evidence[0].detail == "gradient clipping off (0) while gradients explode"
    assert '+    "lr": 0.08,' in findings[0].patch
    git_apply_check(repo, findings[0].patch)


def test_a_toml_config_with_fp16_is_cited_when_the_loss_turned_non_finite(repo: Path) -> None:
    path = repo / "train.toml"
    path.write_text('[trainer]\nlearning_rate = 3e-4\nprecision = "16-mixed"\n')
    findings = scan_config(path, {"numerical_instability"}, repo)
    assert [(f.id, f.evidence[0].location) for f in findings] == [
        ("numerical_instability", "train.toml:trainer.precision"),
    ]
    assert scan_config(path, set(), repo) == []


def test_a_python_config_module_is_read_as_constants_without_running_it(repo: Path) -> None:
    path = repo / "cfg.py"
    path.write_text("import os\n\nLR = 1e-8\nWARMUP = 100\nDATA = os.environ['DATA']\nRUN = print('ran')\n")
    assert load_config(path) == {"LR": 1e-8, "WARMUP": 100}
    [finding] = scan_config(path, set(), repo)
    assert (finding.id, finding.evidence[0].location, finding.confidence) == ("lr_too_low", "cfg.py:LR", 0.5)


def test_a_small_lr_counts_more_when_the_loss_barely_moved(repo: Path) -> None:
    path = repo / "config.yaml"
    path.write_text("lr: 5.0e-5\n")
    [finding] = scan_config(path, {"lr_too_low"}, repo)
    assert (finding.id, finding.confidence, finding.evidence[0].detail) == ("lr_too_low", 0.7, "lr = 5e-05 is small")
    assert scan_config(path, set(), repo) == []


def test_oscillation_in_the_logs_makes_the_lr_key_evidence_for_it(repo: Path) -> None:
    path = repo / "config.yaml"
    path.write_text("optim:\n  lr: 0.3\n  grad_clip: 1.0\n")
    [finding] = scan_config(path, {"loss_oscillation"}, repo)
    assert (finding.id, finding.confidence, finding.fix) == (
        "loss_oscillation",
        0.75,
        "lower optim.lr to 0.03 in config.yaml",
    )
    git_apply_check(repo, finding.patch)


@pytest.mark.parametrize(
    ("name", "text", "message"),
    [
        ("config.yaml", "lr: [1, 2\n", "as YAML"),
        ("config.json", '{"lr": 0.1,', "cannot parse config.json"),
        ("config.toml", "lr = = 1\n", "cannot parse config.toml"),
        ("cfg.py", "LR = (\n", "cannot parse cfg.py"),
        ("config.ini", "[a]\nlr=1\n", "unknown config type"),
        ("list.yaml", "- 1\n- 2\n", "holds no key/value settings"),
    ],
)
def test_a_bad_config_gives_a_user_error_saying_what_to_do(tmp_path: Path, name: str, text: str, message: str) -> None:
    path = tmp_path / name
    path.write_text(text)
    with pytest.raises(UserError, match=message):
        load_config(path)


def test_diagnose_records_the_config_and_cites_its_keys(repo: Path) -> None:
    path = repo / "config.yaml"
    path.write_text("optim:\n  lr: 2.0\n")
    result = diagnose([], config_path=path, display_root=repo)
    assert result.inputs.config == "config.yaml"
    assert [(c.id, c.evidence[0].location) for c in result.root_causes] == [("lr_too_high", "config.yaml:optim.lr")]
    assert result.root_causes[0].patch is not None


def test_a_yaml_lr_in_exponent_form_is_read_as_a_number_and_patched_readably(repo: Path) -> None:
    path = repo / "config.yaml"
    path.write_text("optimizer: adamw\nlr: 7e-1\nprecision: '16'\n")
    assert load_config(path) == {"optimizer": "adamw", "lr": 0.7, "precision": "16"}  # PyYAML alone gives '7e-1'
    [finding] = scan_config(path, set(), repo)
    assert (finding.id, finding.evidence[0].detail, finding.fix) == (
        "lr_too_high",
        "lr = 0.7",
        "lower lr to 0.07 in config.yaml",
    )
    assert "+lr: 0.07\n" in finding.patch
    git_apply_check(repo, finding.patch)


def test_the_optimizer_named_in_the_config_sets_the_sane_lr_range(repo: Path) -> None:
    path = repo / "config.yaml"
    path.write_text("optim:\n  optimizer: Adadelta\n  lr: 1.0\n")
    assert scan_config(path, set(), repo) == []  # Adadelta's own default
    path.write_text("optim:\n  optimizer: sgd\n  lr: 1.0\n")
    assert [f.id for f in scan_config(path, set(), repo)] == ["lr_too_high"]


def test_hf_training_arguments_without_max_grad_norm_clip_at_its_default(repo: Path) -> None:
    path = repo / "args.json"
    path.write_text('{"output_dir": "out", "learning_rate": 5e-05, "per_device_train_batch_size": 8}\n')
    assert scan_config(path, {"exploding_gradients"}, repo) == []
    path.write_text('{"learning_rate": 5e-05, "batch_size": 8}\n')
    [finding] = scan_config(path, {"exploding_gradients"}, repo)
    assert finding.evidence[0].detail == "gradient clipping not set while gradients explode"
