"""The root-cause catalogue: the ids the design fixes, each with signs and fixes."""

from __future__ import annotations

from server.core.catalogue import ROOT_CAUSES

DESIGN_IDS = [
    "lr_too_high",
    "lr_too_low",
    "exploding_gradients",
    "vanishing_gradients",
    "dead_relu",
    "saturated_activations",
    "numerical_instability",
    "loss_spike",
    "loss_plateau",
    "loss_oscillation",
    "overfitting",
    "mode_collapse",
    "parameter_imbalance",
    "data_issue",
    "missing_zero_grad",
    "poor_initialization",
]


def test_the_catalogue_holds_exactly_the_sixteen_design_ids_in_order() -> None:
    assert list(ROOT_CAUSES) == DESIGN_IDS


def test_every_entry_is_keyed_by_its_own_id_and_has_a_title_signs_and_at_least_two_fixes() -> None:
    for cause_id, info in ROOT_CAUSES.items():
        assert info.id == cause_id
        assert info.title and info.looks_like.endswith(".")
        assert len(info.typical_fixes) >= 2
        assert all(fix.endswith(".") for fix in info.typical_fixes)


def test_the_fixes_carry_the_concrete_thresholds_people_apply() -> None:
    assert "Clip the global gradient norm at 1.0" in ROOT_CAUSES["exploding_gradients"].typical_fixes[0]
    assert "variance=0" in ROOT_CAUSES["mode_collapse"].looks_like
    assert "Kaiming" in ROOT_CAUSES["poor_initialization"].typical_fixes[0]
    assert "lr range test" in ROOT_CAUSES["lr_too_high"].typical_fixes[3]
