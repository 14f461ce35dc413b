"""Chance levels on real tiny runs of the family casebook's recipes (scripts/make_family_casebook.py): K read from
the code, the config or a logged accuracy; a loss stuck at ln K learns nothing; validation accuracy at 1/K while
the training loss is fitted is a data issue (labels cut from the inputs), unless the training set was fitted within a
third of the run (a set learned by heart, small or its labels random: overfitting)."""

from __future__ import annotations

import math
import sys
from pathlib import Path

import numpy as np
import pytest

from server.core.diagnosis.classes import Classes, classes_in_code, classes_in_config, classes_of_run, find_classes
from server.core.diagnosis.detectors import chance, run_detectors
from server.core.diagnosis.detectors.chance import classes_from_accuracy
from server.core.diagnosis.detectors.stats import runs_z
from server.core.diagnosis.detectors.view import View
from server.core.diagnosis.engine import diagnose
from server.core.diagnosis.pysource import Scan
from server.core.diagnosis.thresholds import ONE_CLASS_RUNS_Z
from server.core.logs.model import Run
from server.core.logs.roles import assign_roles
from tests.tiny_runs import casebook_run, train_step

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "scripts"))  # the family casebook's writers


@pytest.fixture(scope="module")
def runs(tmp_path_factory: pytest.TempPathFactory) -> dict[str, object]:
    folder = tmp_path_factory.mktemp("chance")
    return {
        "random_labels": casebook_run(folder, "mlp", "random_labels"),
        "lr_too_low": casebook_run(folder, "mlp", "lr_too_low"),
        "dead_relu": casebook_run(folder, "mlp", "dead_relu"),
        "dead_relu_no_acc": casebook_run(folder, "mlp", "dead_relu", drop=("val_acc",)),
        "healthy": casebook_run(folder, "mlp", "healthy"),
        "overfitting": casebook_run(folder, "mlp", "overfitting"),
    }


def findings(run, classes: Classes | None = None) -> dict[str, list[str]]:
    """Every finding's evidence, by id (two detectors may find the same id)."""
    found: dict[str, list[str]] = {}
    for finding in run_detectors(run, classes):
        found.setdefault(finding.id, []).extend(e.detail for e in finding.evidence)
    return found


def test_k_is_read_from_the_first_accuracy_and_the_start_loss_agreeing(runs) -> None:
    k, how = classes_from_accuracy(View(runs["random_labels"]))
    assert k == 4
    assert how == "val_acc starts at 0.282 (1/4 = 0.25) and loss at 1.35 (ln 4)"


def test_a_healthy_run_whose_first_accuracy_is_past_chance_gives_no_k(runs) -> None:
    assert classes_from_accuracy(View(runs["healthy"])) is None
    assert not [d for ds in findings(runs["healthy"]).values() for d in ds if "chance level" in d]


def test_validation_accuracy_at_chance_while_training_loss_is_fitted_slowly_is_a_data_issue(tmp_path: Path) -> None:
    """The SELU MLP on random labels fits them only slowly (its loss never under a tenth of its start) while its
    validation accuracy stays at 1/K: the labels do not follow from the inputs."""
    run = casebook_run(tmp_path, "selu_mlp_bioinf", "random_labels")
    result = diagnose([run])
    assert result.root_causes[0].id == "data_issue"
    assert "the labels do not follow from the inputs" in result.root_causes[0].evidence[0].detail


def test_random_labels_memorised_within_a_third_of_the_run_are_overfitting_naming_the_labels_too(runs) -> None:
    """The MLP learns its random labels by heart within the first third of its run, as a small set's true labels would
    be learned: overfitting is what the log shows, its evidence naming both causes (round 47: MEMORISED_FAST was 0.1,
    this run answered data_issue)."""
    import numpy as np

    from server.core.diagnosis.detectors.chance import memorised_fast

    fitted = memorised_fast(np.asarray(runs["random_labels"].metrics["loss"].values))
    assert fitted is not None and fitted > 0.1
    result = diagnose([runs["random_labels"]])
    assert result.root_causes[0].id == "overfitting"
    detail = result.root_causes[0].evidence[0].detail
    assert detail.startswith("val_acc 0.276 from step 300, the chance level 1/4 = 0.25, while loss fell to 0.00273")
    assert "learned by heart by 27% of the run: a set too small, or labels apart from" in detail


def test_a_guess_scores_1_over_k_within_the_binomial_noise_of_the_set_its_accuracy_counts(tmp_path: Path) -> None:
    """The SELU MLP on 24 training rows scores 0.32 on its 512 validation rows (4 classes): within the 30% band of
    1/4, but 3.7 standard errors of a guess above it, so it learned something; its first accuracy, 0.266 (136 of
    512), is 3.2 of them under 1/3, so K is no 3 however near ln 3 its first epoch's loss lies."""
    import numpy as np

    from server.core.diagnosis.detectors.chance import accuracy_at_chance, guess_noise
    from server.core.diagnosis.detectors.quality import examples_counted

    run = casebook_run(tmp_path, "selu_mlp_bioinf", "overfitting")
    accuracy = np.asarray(run.metrics["val_acc"].values)
    assert examples_counted(accuracy) == 512
    assert examples_counted(accuracy.round(3)) is None  # printed too coarsely to tell a set
    assert abs(float(np.median(accuracy[-10:])) - 0.25) < 0.075 and accuracy_at_chance(accuracy, 4) is None
    assert accuracy_at_chance(accuracy.round(3), 4) is not None  # no set counted: the band alone
    assert guess_noise(examples_counted(accuracy), 4) == pytest.approx(3 * math.sqrt(0.25 * 0.75 / 512))
    assert guess_noise(None, 4) == math.inf
    result = diagnose([run])
    assert result.root_causes[0].id == "overfitting"
    assert not [e for c in result.root_causes for e in c.evidence if "1/3" in e.detail]


def test_batches_sorted_by_label_each_fitted_at_once_while_validation_stays_at_chance_are_a_data_issue(
    tmp_path: Path,
) -> None:
    """Chemprop's D-MPNN fed batches in order of the class fits each class's run of batches at once (its loss near 0
    within the run's first tenth, as a tiny training set's would be) while its validation accuracy stays at 1/K; the
    loss jumps each time the batches' class changes: sorted data, no training set too small (answered overfitting
    before round 42)."""
    from server.core.diagnosis.detectors.chance import labels_apart
    from server.core.diagnosis.detectors.trend import detect_order_jumps

    run = casebook_run(tmp_path, "dmpnn_chemprop", "sorted_data", seed=1)
    assert detect_order_jumps(View(run))  # the loss jumps at each change of class
    found = labels_apart(View(run))
    assert found is not None and found.id == "data_issue" and "sorted data" in found.evidence[0].detail
    assert diagnose([run]).root_causes[0].id == "data_issue"


def test_an_overfitting_run_that_learned_something_stays_overfitting(runs) -> None:
    result = diagnose([runs["overfitting"]])
    assert result.root_causes[0].id == "overfitting"
    found = findings(runs["overfitting"])
    assert not [d for d in found.get("data_issue", []) if "chance level" in d]  # val_acc ends at 0.6, not 1/4


def test_a_loss_stuck_at_ln_k_with_a_normal_lr_is_a_plateau(runs) -> None:
    found = findings(runs["dead_relu"])
    assert (
        "loss stuck at 1.39, the chance level ln 4 = 1.39 (within 0.139): the model learns nothing "
        "(val_acc starts at 0.237 (1/4 = 0.25) and loss at 1.39 (ln 4))"
    ) in found["loss_plateau"]


def test_a_loss_stuck_at_ln_k_with_a_tiny_lr_is_a_too_low_lr(runs) -> None:
    found = findings(runs["lr_too_low"])
    assert any("the chance level ln 4 = 1.39" in d and d.endswith("peak lr 3e-07") for d in found["lr_too_low"])
    assert "loss_plateau" not in found


def test_without_an_accuracy_k_comes_from_the_code(runs, tmp_path: Path) -> None:
    assert not [d for ds in findings(runs["dead_relu_no_acc"]).values() for d in ds if "chance level" in d]
    script = tmp_path / "train.py"
    script.write_text(TRAIN_SCRIPT)
    result = diagnose([runs["dead_relu_no_acc"]], code_paths=[script], display_root=tmp_path)
    assert result.root_causes[0].id == "loss_plateau"
    assert result.root_causes[0].evidence[0].detail.endswith("(K = 4 read at train.py:9)")


TRAIN_SCRIPT = """import torch
from torch import nn

WIDTH = 64
CLASSES_OUT = 4

model = nn.Sequential(
    nn.Linear(16, WIDTH), nn.ReLU(), nn.Linear(WIDTH, WIDTH), nn.ReLU(),
    nn.Linear(WIDTH, CLASSES_OUT),
)
opt = torch.optim.Adam(model.parameters(), lr=3e-3)
loss_fn = nn.CrossEntropyLoss()
"""


def scan(tmp_path: Path, text: str) -> Classes | None:
    path = tmp_path / "model.py"
    path.write_text(text)
    return classes_in_code(Scan(path, tmp_path, set()))


def test_k_from_a_name_that_states_it(tmp_path: Path) -> None:
    assert scan(tmp_path, "NUM_CLASSES = 10\n") == Classes(10, "model.py:1")
    options = "import argparse\np = argparse.ArgumentParser()\np.add_argument('--num-classes', default=7)\n"
    assert scan(tmp_path, options) == Classes(7, "model.py:3")
    assert scan(tmp_path, "m = AutoModel.from_pretrained('x',\n  num_labels=3)\n") == Classes(3, "model.py:1")
    freda = "p = argparse.ArgumentParser()\np.add_argument('--class-number', type=int, default=4)\n"
    assert scan(tmp_path, freda) == Classes(4, "model.py:2")  # structured self-attention's train.py


def test_k_from_the_last_linear_only_when_the_loss_is_a_cross_entropy(tmp_path: Path) -> None:
    head = "from torch import nn\nnet = nn.Sequential(nn.Linear(8, 32), nn.ReLU(), nn.Linear(32, 5))\n"
    assert scan(tmp_path, head) is None  # an MSE regression with 5 outputs has no chance level
    assert scan(tmp_path, head + "loss = nn.functional.cross_entropy(net(x), y)\n") == Classes(5, "model.py:2")
    assert scan(tmp_path, "from torch import nn\nhead = nn.Linear(32, 1)\nnn.CrossEntropyLoss()\n") is None


def test_k_from_the_embedding_of_a_tied_language_model(tmp_path: Path) -> None:
    text = "wte = nn.Embedding(50257, 768)\npos = nn.Embedding(1024, 768)\nF.cross_entropy(a, b)\n"
    assert scan(tmp_path, text) == Classes(50257, "model.py:1")


def test_k_from_a_config_key(tmp_path: Path) -> None:
    config = tmp_path / "config.yaml"
    config.write_text("model:\n  vocab_size: 32000\n  n_layer: 12\n")
    assert classes_in_config(config, "config.yaml") == Classes(32000, "config.yaml:model.vocab_size")
    assert find_classes([], config, tmp_path) == Classes(32000, "config.yaml:model.vocab_size")


def test_k_from_the_code_is_handed_to_the_detectors(runs) -> None:
    view = View(runs["dead_relu_no_acc"], Classes(4, "train.py:9"))
    assert view.classes == Classes(4, "train.py:9")
    wrong = findings(runs["dead_relu_no_acc"], Classes(10, "train.py:9"))
    assert not [d for ds in wrong.values() for d in ds if "chance level" in d]  # 1.39 is not ln 10 = 2.3


def test_k_from_an_inspected_models_head_when_the_code_does_not_state_it(runs) -> None:
    from server.core.inspect.models import ModelReport

    def with_head(width: int) -> ModelReport:
        return ModelReport(
            source="model", total_params=100, trainable_params=100, frozen_params=0, embedding_params=0,
            head_width=width, tied=[], bytes_by_dtype={"float32": 400}, modules=[], findings=[],
        )  # fmt: skip

    def chance_details(report: ModelReport | None) -> list[str]:
        result = diagnose([runs["dead_relu_no_acc"]], model_report=report)
        return [e.detail for c in result.root_causes for e in c.evidence if "chance level" in e.detail]

    assert chance_details(None) == []  # no K: the loss at 1.39 says nothing of chance
    [detail] = chance_details(with_head(4))
    assert detail.endswith("(K = 4 read at the model's last Linear (out_features))")
    assert chance_details(with_head(1)) == []  # one output is a regression or a binary logit


def test_k_is_the_nearest_of_the_accuracy_band_and_read_from_held_out_accuracy_first(tmp_path: Path) -> None:
    """A 10-class WaveNet at chance (lr 3e-7): ln 9, 10 and 11 all lie within 10% of its loss (2.31), so K is the one
    nearest; a training accuracy of a batch of one (0 or 1 at each step, more points) does not stand for it."""
    from server.core.logs.roles import assign_roles

    run = casebook_run(tmp_path, "wavenet", "lr_too_low")
    k, how = classes_from_accuracy(View(run))
    assert k == 10 and how.startswith("val_acc starts at 0.101 (1/10 = 0.1)")
    for step in run.metrics["loss"].steps:
        run.series("train_acc").append(step, float(int(step) % 9 == 0))
    run.roles = assign_roles(run)
    assert View(run).accuracy("val", "test", "train", None).name == "val_acc"


def creeping_run(learnable: bool, lr: float) -> Run:
    """A real 10-class linear classifier, full batch SGD from near-zero weights, its loss creeping down from ln 10:
    on labels cut from the inputs (random) its validation accuracy stays at 1/10; on labels the inputs decide it
    climbs to ~0.66 while the loss has fallen by only 0.12. 384 training examples, 2048 held out (a set big enough
    that 1/K is read within CHANCE_ACCURACY_BAND)."""
    import torch

    torch.manual_seed(0)
    x = torch.randn(2432, 20)
    y = (x @ torch.randn(20, 10)).argmax(1) if learnable else torch.randint(0, 10, (2432,))
    model = torch.nn.Linear(20, 10)
    with torch.no_grad():
        model.weight.mul_(0.01)
        model.bias.zero_()
    optimizer = torch.optim.SGD(model.parameters(), lr=lr)
    run = Run(source=f"creep-{learnable}", format="text")
    for step in range(1, 201):
        run.series("loss").append(
            step, train_step(model, optimizer, x[:384], y[:384], torch.nn.functional.cross_entropy)
        )
        if step % 10 == 0:
            with torch.no_grad():
                run.series("val_acc").append(step, (model(x[384:]).argmax(1) == y[384:]).float().mean().item())
    run.roles = assign_roles(run)
    return run


def test_a_loss_creeping_down_within_its_chance_tolerance_never_left_chance() -> None:
    run = creeping_run(learnable=False, lr=0.05)
    loss = run.metrics["loss"].values
    assert 0.1 < loss[0] - loss[-1] < 0.1 * math.log(10)  # a steady fall, but a small one
    found = findings(run)
    assert any(d.startswith("loss stuck at 2.11, the chance level ln 10 = 2.3") for d in found["loss_plateau"])


def test_a_loss_creeping_as_little_while_its_accuracy_climbs_is_learning() -> None:
    run = creeping_run(learnable=True, lr=0.002)
    assert run.metrics["val_acc"].values[-1] > 0.6 and run.metrics["loss"].values[-1] > 0.9 * math.log(10)
    assert not [d for ds in findings(run, Classes(10, "model.py:3")).values() for d in ds if "chance level" in d]
    run.metrics.pop("val_acc")  # without the accuracy, K from the code: the creep alone reads as stuck
    run.roles = assign_roles(run)
    assert any("chance level ln 10" in d for d in findings(run, Classes(10, "model.py:3"))["loss_plateau"])


def test_a_model_knocked_above_chance_by_a_too_high_lr_that_settles_at_ln_k_is_the_lr(tmp_path: Path) -> None:
    """The family casebook's ViT at lr 0.9: its loss starts at 1.62 (ln 5 within tolerance), blows up past 10, and
    falls back to ln 4 as its accuracy stays near 1/4: K is the one the accuracy and the loss agree on (its first
    values or its last, as the run's numerics fall), and a run that learned nothing after its loss blew up was knocked
    there by its learning rate."""
    import numpy as np

    from server.core.diagnosis.thresholds import BLEW_UP_BEFORE
    from tests.test_detectors import family_run

    run = family_run("vit", "lr_too_high", tmp_path)
    loss = np.array(run.metrics["loss"].values)
    assert abs(loss[0] - math.log(5)) < abs(loss[0] - math.log(4)) and loss.max() >= BLEW_UP_BEFORE * loss[0]
    k, how = classes_from_accuracy(View(run))
    assert k == 4 and how.startswith("val_acc ") and how.endswith("(ln 4)")  # not ln 5, the loss's first value
    top = diagnose([run]).root_causes[0]
    assert top.id == "lr_too_high" and any("after the loss rose to" in e.detail for e in top.evidence)


def test_a_loss_first_logged_high_that_sits_at_ln_k_at_a_normal_lr_is_a_plateau_not_the_lr() -> None:
    """A classifier of labels that do not follow from its inputs, its output bias set far off, logged as the mean of
    each 100 steps (the Trainer's `logging_steps`): its first logged mean holds its initialisation's fall (~5), every
    later one sits at ln 2. Where a loss was highest at its first logged point it started there: only a blow-up
    BLEW_UP_FROM_START times its rest blames a logged, normal learning rate (round68's IK-003, a CTC fine-tune first
    logged at 32.3, then 5 for 2,700 steps at lr 3e-4: labelled a plateau, answered the lr at 0.84)."""
    import numpy as np
    import torch

    from server.core.diagnosis.thresholds import BLEW_UP_BEFORE, BLEW_UP_FROM_START, LR_FAR_TOO_HIGH

    torch.manual_seed(0)
    model = torch.nn.Linear(8, 2)
    with torch.no_grad():
        model.bias.copy_(torch.tensor([10.0, -10.0]))
    optimizer = torch.optim.SGD(model.parameters(), lr=0.2)
    run, window = Run(source="train.log", format="text"), []
    for step in range(1, 3001):
        x, y = torch.randn(64, 8), torch.randint(0, 2, (64,))
        window.append(train_step(model, optimizer, x, y, torch.nn.functional.cross_entropy))
        if step % 100 == 0:
            run.series("loss").append(step, sum(window) / len(window))
            run.series("lr").append(step, 0.2)
            window = []
    run.roles = assign_roles(run)
    loss = np.array(run.metrics["loss"].values)
    rest = float(np.median(loss[1:]))
    assert LR_FAR_TOO_HIGH > 0.2 and abs(rest - math.log(2)) < 0.01
    assert BLEW_UP_BEFORE * rest < loss[0] < BLEW_UP_FROM_START * rest and loss.argmax() == 0
    top = diagnose([run]).root_causes[0]
    assert top.id == "loss_plateau" and "chance level ln 2" in top.evidence[0].detail


def test_a_loss_initialised_above_chance_that_falls_to_ln_k_and_stays_learned_nothing() -> None:
    """A classifier whose labels do not follow from its inputs, its output bias set far off at the start: its loss
    falls from 1.5 to ln 2 and sits there while its accuracy stays at 1/2 (round28's CE-013): a steady fall that never
    went under chance is no learning."""
    import torch

    torch.manual_seed(0)
    model = torch.nn.Linear(8, 2)
    with torch.no_grad():
        model.bias.copy_(torch.tensor([1.5, -1.5]))
    optimizer = torch.optim.SGD(model.parameters(), lr=0.05)
    run = Run(source="train.log", format="text")
    for step in range(1, 301):
        x, y = torch.randn(64, 8), torch.randint(0, 2, (64,))
        loss = train_step(model, optimizer, x, y, torch.nn.functional.cross_entropy)
        run.series("loss").append(step, loss)
        if step % 20 == 0:
            with torch.no_grad():
                xv, yv = torch.randn(256, 8), torch.randint(0, 2, (256,))
                run.series("val_acc").append(step, float((model(xv).argmax(1) == yv).float().mean()))
    run.roles = assign_roles(run)
    assert run.metrics["loss"].values[0] > 1.2
    assert classes_from_accuracy(View(run))[0] == 2
    assert [c.id for c in diagnose([run]).root_causes][:1] == ["loss_plateau"]


def test_k_from_a_held_out_accuracy_printed_at_exactly_one_kth_again_and_again(tmp_path: Path) -> None:
    """The All Convolutional Net fed its training data sorted by class (Lasagne's mnist.py prints): each epoch ends on
    the last class, so the validation accuracy reads 25.00% (one class of four, a balanced set) at evaluation after
    evaluation, its first 23.44 and its loss at the start far from ln 4. K = 4 from the exact share, and the accuracy
    at chance beside a fitted training loss is the data."""
    from make_family_casebook import write_lasagne

    from server.core.diagnosis.detectors.chance import classes_from_exact_share

    run = casebook_run(tmp_path, "allconv_lasagne", "sorted_data", write=write_lasagne)
    view = View(run)
    assert classes_from_accuracy(view) is None
    k, how = classes_from_exact_share(view) or (None, "")
    assert k == 4 and "1/4 exactly" in how
    assert "data_issue" in findings(run)
    healthy = casebook_run(tmp_path, "allconv_lasagne", "healthy", write=write_lasagne)
    assert classes_from_exact_share(View(healthy)) is None


def test_a_loss_ending_far_above_ln_k_as_the_answers_sit_at_one_kth_is_the_lr(tmp_path: Path) -> None:
    """The family casebook's RevNet under Orbit at an SGD lr of 33 (Model Garden's controller lines): its training loss
    blows up to thousands, then rests near 8 x ln 4 while its top-1 accuracy sits at 1/4, K stated by the config the
    log echoes. A uniform guess scores ln 4: the model answers wrong with confidence, its lr threw the logits out."""
    from make_family_casebook import write_orbit

    from server.core.diagnosis.detectors.chance import worse_than_chance
    from server.core.diagnosis.thresholds import CHANCE_EXCEEDED
    from tests.tiny_runs import casebook_run

    run = casebook_run(tmp_path, "revnet_tfm", "lr_too_high_sgd", write=write_orbit)
    view = View(run, classes_of_run(run))
    found = worse_than_chance(view)
    assert found is not None and found.id == "lr_too_high"
    tail = run.metrics["training_loss"].values[-3:]
    assert min(tail) > CHANCE_EXCEEDED * math.log(4) and "1/4" in found.evidence[0].detail
    assert diagnose([run]).root_causes[0].id == "lr_too_high"


def test_a_healthy_run_or_one_whose_answers_climb_is_never_worse_than_chance(tmp_path: Path) -> None:
    """The same RevNet trained as its recipe says: its loss falls under ln 4 and its accuracy climbs, no finding; a
    loss kept high by its scale (every value x 10, a sum over ten examples) beside answers that climb is none
    either."""
    from make_family_casebook import write_orbit

    from server.core.diagnosis.detectors.chance import answers_right, worse_than_chance
    from server.core.diagnosis.thresholds import CHANCE_EXCEEDED
    from server.core.logs.model import Series
    from tests.tiny_runs import casebook_run

    run = casebook_run(tmp_path, "revnet_tfm", "healthy", write=write_orbit)
    assert answers_right(View(run))[0] == "top_1_accuracy"  # the training's, read off Orbit's spread output
    assert worse_than_chance(View(run, classes_of_run(run))) is None
    scaled = Series()
    for step, value in zip(run.metrics["training_loss"].steps, run.metrics["training_loss"].values, strict=True):
        scaled.append(step, 10 * value)
    run.metrics["training_loss"] = scaled
    assert scaled.values[-1] > CHANCE_EXCEEDED * math.log(4)
    assert worse_than_chance(View(run, classes_of_run(run))) is None


def test_a_loss_above_the_bar_falling_rank_by_rank_is_its_own_scale_not_the_lr(tmp_path: Path) -> None:
    """guillaume-chevalier's HAR LSTM adds an L2 term to its cost: with dead ReLUs (a tiny real run of the family
    casebook) its loss ends over 2 x ln 4 while its answers sit at 1/4, but it falls rank by rank at Adam's 3e-3:
    the steps bring it down, so the excess is the L2 term, no logits thrown out; the run learned nothing (a plateau,
    the lr blamed before round 41)."""
    import numpy as np

    from server.core.diagnosis.detectors.chance import worse_than_chance
    from server.core.diagnosis.detectors.quality import climbed_steadily
    from server.core.diagnosis.thresholds import CHANCE_EXCEEDED
    from tests.tiny_runs import casebook_run

    run = casebook_run(tmp_path, "har_lstm_tf", "dead_relu", seed=2, fmt="csv")
    found = View(run).loss
    assert found is not None
    loss = found.values
    assert float(np.median(loss[-60:])) > CHANCE_EXCEEDED * math.log(4) and climbed_steadily(-loss)
    assert worse_than_chance(View(run, classes_of_run(run))) is None
    assert diagnose([run]).root_causes[0].id == "loss_plateau"


def test_training_answers_far_above_chance_beside_held_out_ones_at_one_kth_are_a_data_issue(tmp_path: Path) -> None:
    """The family casebook's Flax CNN on batches sorted by class (its absl `epoch: 1, train_loss: ..., train_accuracy:
    ...` lines): each batch's answer is the last batch's, so the training accuracy stands at 70-95% while the test
    accuracy sits at 1/4 from start to end, its loss no fitted one. What the model learned does not carry to new
    inputs: a data issue, K read off the held-out answers themselves."""
    from make_family_casebook import write_flax

    from server.core.diagnosis.detectors.chance import labels_apart
    from server.core.diagnosis.thresholds import CHANCE_TRAIN_FIT
    from tests.tiny_runs import casebook_run

    run = casebook_run(tmp_path, "flax_cnn", "sorted_data", seed=2, write=write_flax)
    assert run.metrics["train_loss"].values[-1] > CHANCE_TRAIN_FIT * math.log(4)  # no fitted loss: the answers tell
    found = labels_apart(View(run, classes_of_run(run)))
    assert found is not None and found.id == "data_issue" and "of its answers right" in found.evidence[0].detail
    assert diagnose([run]).root_causes[0].id == "data_issue"


def test_an_roc_auc_at_one_half_beside_a_loss_far_above_ln_2_is_the_lr(tmp_path: Path) -> None:
    """PNN at too high an lr (a tiny real run of the family casebook, logged as atomu's PNN prints): its `train-auc`
    stays at 1/2 (an AUC's chance level whatever the classes) while its loss ends far above AUC_CHANCE_EXCEEDED x ln 2:
    worse than a guess, with confidence, the lr; the same run's loss at only twice ln 2 (a weighted or summed loss
    may sit there at chance) says nothing, and its healthy run, its AUC climbing, is no finding: an AUC that left 1/2
    tells no chance level."""
    import numpy as np
    from make_family_casebook import write_pnn

    from server.core.diagnosis.detectors.chance import answers_right, classes_of_still_answers, worse_than_chance
    from server.core.diagnosis.thresholds import AUC_CHANCE_EXCEEDED
    from server.core.logs.model import Series

    (tmp_path / "high").mkdir()
    (tmp_path / "healthy").mkdir()
    run = casebook_run(tmp_path / "high", "pnn_atomu", "lr_too_high", write=write_pnn)
    said, right = answers_right(View(run))
    assert said == "train-auc" and abs(float(np.median(right)) - 0.5) < 0.05
    (loss_name,) = [n for n, info in run.role_map().items() if info.role.value == "train_loss"]
    assert float(np.median(run.metrics[loss_name].values[-3:])) > AUC_CHANCE_EXCEEDED * math.log(2)
    found = worse_than_chance(View(run))
    assert found is not None and found.id == "lr_too_high" and "train-auc" in found.evidence[0].detail
    assert diagnose([run]).root_causes[0].id == "lr_too_high"
    series = run.metrics[loss_name]
    scale = 2 * math.log(2) / float(np.median(series.values[-3:]))  # the same run's loss, its noise kept, ending at
    scaled = Series()  # 2 x ln 2 (a weighted or summed loss may sit there at chance): no sign of the lr
    for step, value in zip(series.steps, series.values, strict=True):
        scaled.append(step, scale * value)
    run.metrics[loss_name] = scaled
    assert worse_than_chance(View(run)) is None
    healthy = casebook_run(tmp_path / "healthy", "pnn_atomu", "healthy", write=write_pnn)
    assert worse_than_chance(View(healthy)) is None
    assert classes_of_still_answers(said, right) == (2, "train-auc, an ROC AUC, stays at 1/2, a guess's")
    climbed = answers_right(View(healthy))
    assert climbed is not None and classes_of_still_answers(*climbed) is None  # an AUC that left 1/2 tells no K


def test_training_answers_far_above_chance_beside_held_out_ones_at_one_kth_are_a_data_issue_with_no_loss_logged(
    tmp_path: Path,
) -> None:
    """ConvMixer's train.py prints accuracies alone (`[ConvMixer] Epoch: 0 | Train Acc: ..., Test Acc: ...`): on
    batches sorted by class (a tiny real run of the family casebook) its training answers stand far above 1/4 while
    the test's sit at it, and no loss tells more: the answers alone say the data is at fault."""
    from make_family_casebook import write_convmixer

    from server.core.diagnosis.detectors.chance import labels_apart
    from tests.tiny_runs import casebook_run

    run = casebook_run(tmp_path, "convmixer_locuslab", "sorted_data", write=write_convmixer)
    assert View(run).loss is None and {"Test_Acc", "Train_Acc"} <= set(run.metrics)
    found = labels_apart(View(run, classes_of_run(run)))
    assert found is not None and found.id == "data_issue" and "Train_Acc ends at" in found.evidence[0].detail
    assert diagnose([run]).root_causes[0].id == "data_issue"


def test_a_loss_thrown_far_above_chance_that_falls_back_to_ln_k_and_stays_is_stuck_there(tmp_path: Path) -> None:
    """cnn_graph's ChebNet at lr 0.9 (a tiny real run of the family casebook, its `loss_average` printed every 20
    steps): thrown to over a thousand at its first print, its loss falls back to ln 4 and stays there to the end while
    its validation accuracy sits near 1/4; its second fifth is still on the way down, but a loss that never went under
    chance stuck at its end is stuck: learned nothing, and at that lr, the lr."""
    import numpy as np
    from make_family_casebook import write_chebnet

    from server.core.diagnosis.detectors.chance import stuck_at_chance

    run = casebook_run(tmp_path, "chebnet_cnngraph", "lr_too_high", write=write_chebnet)
    loss = np.asarray(run.metrics["loss_average"].values)
    fifth = loss.size // 5
    assert loss[0] > 100 * math.log(4) and np.median(loss[fifth : 2 * fifth]) > 1.2 * math.log(4)
    assert abs(float(np.median(loss[-fifth:])) - math.log(4)) < 0.1 * math.log(4)
    found = stuck_at_chance(View(run, classes_of_run(run)))
    assert found is not None and found.id == "lr_too_high" and "stuck at" in found.evidence[0].detail


def test_a_loss_rising_from_a_start_too_easy_to_end_under_chance_is_no_divergence(tmp_path: Path) -> None:
    """cnn_graph's ChebNet on batches sorted by class (a tiny real run of the family casebook): its first batches, all
    of one class, are fitted at once (a loss far under ln 4), then the loss climbs as the classes change and ends well
    under ln 4 while its validation accuracy sits at 1/4. A rise from a start that easy is no learning rate's: the
    data is at fault."""
    import numpy as np
    from make_family_casebook import write_chebnet

    from server.core.diagnosis.detectors.trend import detect_trend, fitted_under_chance

    run = casebook_run(tmp_path, "chebnet_cnngraph", "sorted_data", write=write_chebnet)
    loss = np.asarray(run.metrics["loss_average"].values)
    assert loss[0] < 0.5 * math.log(4) and loss.max() > 3 * loss[0]  # a start too easy, then a climb
    assert fitted_under_chance(View(run), float(np.median(loss[-3:])))
    assert not any(f.id == "lr_too_high" for f in detect_trend(View(run)))
    assert diagnose([run]).root_causes[0].id == "data_issue"


def held_out_accuracy(signal: float, epochs: int = 20) -> list[float]:
    """A real logistic regression's held-out accuracy each epoch on two classes whose labels follow the first feature
    with `signal` (0: labels blind to the inputs), Gaussian noise of 1 beside it."""
    import torch

    torch.manual_seed(0)
    x = torch.randn(1024, 4)
    y = (signal * x[:, 0] + torch.randn(1024) > 0).float()
    weights = torch.zeros(4, requires_grad=True)
    optimizer = torch.optim.SGD([weights], lr=0.5)
    accuracy = []
    for _ in range(epochs):
        loss = torch.nn.functional.binary_cross_entropy_with_logits(x[:768] @ weights, y[:768])
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()
        with torch.no_grad():
            accuracy.append(float(((x[768:] @ weights > 0).float() == y[768:]).float().mean()))
    return accuracy


def test_two_classes_answered_right_six_times_in_ten_are_no_guess() -> None:
    """With two classes, 30% of 1/2 would call a classifier right 62% of the time a guess (round75's JN-001): the band
    about 1/K is never wider than CHANCE_ACCURACY_REACH, so a weak but real signal is no chance level while labels blind
    to the inputs stay at it."""
    import numpy as np

    from server.core.diagnosis.detectors.chance import accuracy_at_chance
    from server.core.diagnosis.thresholds import CHANCE_ACCURACY_BAND, CHANCE_ACCURACY_REACH

    weak, blind = np.asarray(held_out_accuracy(0.25)), np.asarray(held_out_accuracy(0.0))
    assert CHANCE_ACCURACY_REACH < abs(float(np.median(weak[-7:])) - 0.5) < CHANCE_ACCURACY_BAND / 2
    assert accuracy_at_chance(weak, 2) is None
    assert accuracy_at_chance(blind, 2) is not None


def test_a_total_loss_above_ln_k_beside_its_cross_entropy_under_it_is_no_sign_of_logits_thrown_out(
    tmp_path: Path,
) -> None:
    """freda's structured self-attention prints `loss 3.29 | pure loss 1.41`: its total adds the attention penalty
    ||AA^T - I||^2 to the cross-entropy, so at a tiny lr it ends 2.4 x ln 4 with answers at 1/4, while the cross-entropy
    alone sits at ln 4 (round 49's run answered lr_too_high at 0.88; the plateau it is comes first now)."""
    import math

    from server.core.diagnosis.detectors.chance import part_under, worse_than_chance

    sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "scripts"))
    from make_family_casebook import write_structattn

    run = casebook_run(tmp_path, "structattn_freda", "lr_too_low", seed=1, write=write_structattn)
    assert part_under(View(run), 1.5 * math.log(4)) == "pure_loss"
    assert worse_than_chance(View(run)) is None
    assert diagnose([run]).root_causes[0].id in ("loss_plateau", "lr_too_low")


def test_a_loss_low_from_its_start_that_never_fell_fitted_no_labels_apart(tmp_path: Path) -> None:
    """DeepLab at a tiny lr (a tiny real run of the family casebook): its per-pixel training loss starts at 0.73, under
    half of ln 7, and ends where it started, while the validation accuracy stays at 1/7. A loss that never fell fitted
    nothing here: no labels apart from inputs (`data_issue` at 0.91 before round 55), the lr's plateau instead."""
    from server.core.diagnosis.detectors.chance import labels_apart

    run = casebook_run(tmp_path, "deeplab_jfzhang95", "lr_too_low", fmt="text_kv")
    loss = run.metrics["Loss"].values
    assert loss[-1] < 0.5 * math.log(7) and loss[-1] > 0.9 * loss[0]
    assert labels_apart(View(run, classes_of_run(run))) is None
    assert diagnose([run]).root_causes[0].id in ("lr_too_low", "loss_plateau")


def _batch_answers_run(order: str, batch: int, epochs: int = 5) -> Run:
    """A real tiny run of `four_way_linear(1024)`'s classifier (SGD at 0.5, its inputs scaled by 0.1: a hard task,
    where the last batches' class sways the answers) over its first 768 rows, `order` "sorted" by label or "shuffled"
    each epoch, `batch` rows a step: each step's loss and share right (before the step) logged as `loss` and `acc`."""
    import torch

    from tests.tiny_runs import four_way_linear, train_step

    x, y, model = four_way_linear(1024)
    x = 0.1 * x
    optimizer = torch.optim.SGD(model.parameters(), lr=0.5)
    run = Run(source=f"{order}-{batch}", format="csv")
    step = 0
    for _ in range(epochs):
        rows = torch.argsort(y[:768], stable=True) if order == "sorted" else torch.randperm(768)
        for start in range(0, 768, batch):
            chosen = rows[start : start + batch]
            with torch.no_grad():
                right = (model(x[chosen]).argmax(1) == y[chosen]).float().mean().item()
            loss = train_step(model, optimizer, x[chosen], y[chosen], torch.nn.functional.cross_entropy)
            step += 1
            run.series("loss").append(step, loss)
            run.series("acc").append(step, right)
    return run


def test_batches_answered_all_right_then_all_wrong_in_blocks_are_data_sorted_by_label() -> None:
    """Label-sorted batches of a real tiny run: each class's batches answered right once the model turned to it, all
    wrong when the next class begins, block after block: `data_issue` from the batch accuracy alone (round 61's
    AttentionDeepMIL and EDL, whose loss swings too little for the period's factor; found by nothing before round
    58)."""
    run = _batch_answers_run("sorted", batch=16)
    found = chance.one_class_batches(View(run))
    assert found is not None and found.id == "data_issue"
    assert "sorted by label" in found.evidence[0].detail


def test_one_example_a_batch_is_all_right_or_all_wrong_by_chance_not_in_blocks() -> None:
    """Shuffled batches of one example each: every batch's share right is 0 or 1, in runs no longer than independent
    answers give (the runs test): no data order."""
    run = _batch_answers_run("shuffled", batch=1, epochs=1)
    assert set(run.metrics["acc"].values) == {0.0, 1.0}
    assert chance.one_class_batches(View(run)) is None
    assert runs_z(np.array(([0] * 6 + [1] * 6) * 10)) < ONE_CLASS_RUNS_Z  # blocks: far fewer runs than chance


def test_a_two_way_guess_a_little_above_one_half_tells_two_classes() -> None:
    """A binary classifier of a real tiny run on random labels answers right about half the time, as often a little
    above 1/2 as under it (round 61's AttentionDeepMIL, its training error 0.46-0.52): K = 2 either way for a loss far
    above ln K (`two_way_guess`; none was read above 1/2 before round 58, so its loss at 8.8 x ln 2 went unjudged)."""
    import torch

    from tests.tiny_runs import first_shaped

    def guessing(seed: int) -> np.ndarray:
        torch.manual_seed(seed)
        x, y = torch.randn(512, 8), torch.randint(0, 2, (512,))
        model = torch.nn.Linear(8, 2)
        optimizer = torch.optim.SGD(model.parameters(), lr=0.01)
        right = []
        for _ in range(60):
            rows = torch.randint(0, 512, (64,))
            with torch.no_grad():
                right.append((model(x[rows]).argmax(1) == y[rows]).float().mean().item())
            train_step(model, optimizer, x[rows], y[rows], torch.nn.functional.cross_entropy)
        return np.array(right)

    def above_one_half(right: np.ndarray) -> bool:
        return float(np.median(right)) > 0.5

    right = first_shaped(guessing, above_one_half)
    assert chance.classes_of_still_answers("acc", right) is None  # 1/K from under it only
    assert chance.two_way_guess("acc", right) == (2, "acc sits at 1/2 from its start to its end")
