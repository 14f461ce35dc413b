"""A learning rate under a tenth of its peak during warmup has not decayed (a flat stretch then is no stall of the
schedule), and an fp16 loss scaler that skips a step on overflow and backs off its scale is doing its job, not a data
problem. Real tiny runs (a seeded CPU MLP with torch's own schedulers) and the lines real tools print."""

from __future__ import annotations

from server.core.diagnosis.detectors.events import detect_events, routine_rescale
from server.core.diagnosis.detectors.trend import decayed
from server.core.diagnosis.detectors.view import View
from server.core.logs.events import classify_line
from server.core.logs.model import Event, Run


def scheduled_run(schedule: str, steps: int = 150) -> Run:
    """Train a small MLP with SGD at a peak lr of 0.05 under `schedule` (`warmup`: LinearLR from 1% over all steps;
    `step`: StepLR x0.1 every 30 steps), logging the loss and the lr the optimizer used at each step."""
    import torch

    torch.manual_seed(0)
    x = torch.randn(256, 8)
    y = x @ torch.randn(8, 1)
    model = torch.nn.Sequential(torch.nn.Linear(8, 32), torch.nn.ReLU(), torch.nn.Linear(32, 1))
    optimizer = torch.optim.SGD(model.parameters(), lr=0.05)
    scheduler: torch.optim.lr_scheduler.LRScheduler = (
        torch.optim.lr_scheduler.LinearLR(optimizer, start_factor=0.01, total_iters=steps)
        if schedule == "warmup"
        else torch.optim.lr_scheduler.StepLR(optimizer, step_size=30, gamma=0.1)
    )
    run = Run(source=schedule, format="text")
    for step in range(1, steps + 1):
        batch = torch.randint(0, 256, (32,))
        loss = torch.nn.functional.mse_loss(model(x[batch]), y[batch])
        optimizer.zero_grad()
        loss.backward()
        run.series("lr").append(step, optimizer.param_groups[0]["lr"])
        optimizer.step()
        scheduler.step()
        run.series("loss").append(step, loss.item())
    return run


def test_a_warmup_under_a_tenth_of_its_peak_has_not_decayed() -> None:
    view = View(scheduled_run("warmup"))
    assert view.lr is not None
    peak = float(view.lr.values.max())
    assert view.lr_at(5) < 0.1 * peak  # still climbing: 0.0005 -> 0.05
    assert not decayed(view, 5, peak)


def test_a_step_decay_under_a_tenth_of_its_peak_has_decayed() -> None:
    view = View(scheduled_run("step"))
    assert view.lr is not None
    peak = float(view.lr.values.max())
    assert not decayed(view, 20, peak)  # 0.05, the peak
    assert decayed(view, 70, peak)  # 0.0005 after two x0.1 steps, and lower after


FAIRSEQ = "[2022-04-08 18:55:11,305][fairseq.trainer][INFO] - NOTE: gradient overflow detected, ignoring gradient, setting loss scale to: 128.0"  # noqa: E501
APEX = "Gradient overflow.  Skipping step, loss scaler 0 reducing loss scale to 32768.0"
DEEPSPEED = "[deepspeed] OVERFLOW! Rank 0 Skipping step. Attempted loss scale: 65536, reducing to 32768"
FLOORED = "NOTE: gradient overflow detected, ignoring gradient, setting loss scale to: 0.0001"


def test_an_fp16_loss_scaler_backing_off_is_routine_and_no_data_issue() -> None:
    assert all(classify_line(line) == ("warning", "skipped_step") for line in (FAIRSEQ, APEX, DEEPSPEED))
    assert all(routine_rescale(line) for line in (FAIRSEQ, APEX, DEEPSPEED))
    assert not routine_rescale(FLOORED)  # driven under 1: overflowing on nearly every step
    assert not routine_rescale("Skipping batch 12: corrupt image")
    run = Run(source="hydra_train.log", format="text")
    for line, text in enumerate((FAIRSEQ, APEX, DEEPSPEED), start=1):
        run.add_event(Event(level="warning", kind="skipped_step", text=text, line=line))
    assert detect_events(View(run)) == []
    run.add_event(Event(level="warning", kind="skipped_step", text=FLOORED, line=4))
    assert [f.id for f in detect_events(View(run))] == ["data_issue"]


MEGATRON = (
    " iteration       20/     300 | consumed samples:          640 | elapsed time per iteration (ms): 41.8 |"
    " learning rate: 3.000E-03 | global batch size:    32 | lm loss: 2.626704E+00 | loss scale: 1.0 | grad norm:"
    " 0.271 | number of skipped iterations:   {skipped} | number of nan iterations:   0 |"
)


def test_megatrons_count_of_skipped_iterations_is_an_event_only_when_some_were() -> None:
    """Megatron-LM prints `number of skipped iterations: N` on every iteration line: zero is the common case (round 35's
    Megatron GPT family: every healthy run was blamed on its data), a positive count is fp16 steps it threw away."""
    assert classify_line(MEGATRON.format(skipped=0)) is None
    assert classify_line(MEGATRON.format(skipped=3)) == ("warning", "skipped_step")
