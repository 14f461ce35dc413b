"""Real tiny training runs for tests: a seeded CPU MLP regression, logged the way a training loop would."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any, TypeVar

from server.core.logs.model import Run

T = TypeVar("T")

CHAOTIC_SEEDS = (0, 1, 2, 3, 4, 5, 6, 7, 8, 9)
"""Seeds tried for a fixture whose shape a chaotic run (a learning rate far too high, noise at a regular interval) shows
on some seeds only: which ones depends on the CPU's arithmetic (its BLAS kernels), not on the code under test."""


def first_shaped(make: Callable[[int], T], shaped: Callable[[T], bool], seeds: Iterable[int] = CHAOTIC_SEEDS) -> T:
    """The first of `make(seed)` over `seeds` (the seed the test was written on first) that has the shape a test
    documents (`shaped`); the test then judges that run. Fails, naming the shape, when no seed gives it."""
    tried = list(dict.fromkeys(seeds))  # in order, each once (the seed a test was written on, then the rest)
    for seed in tried:
        made = make(seed)
        if shaped(made):
            return made
    raise AssertionError(f"no seed of {tried} gives the shape {shaped.__name__} describes")


def casebook_seeds(folder, family: str, fault: str, **options: Any) -> Callable[[int], Run]:
    """`casebook_run` of `family`'s `fault` as a function of the seed, each seed's run in a folder of its own under
    `folder` (for `first_shaped`)."""

    def made(seed: int) -> Run:
        (folder / str(seed)).mkdir(exist_ok=True)
        return casebook_run(folder / str(seed), family, fault, seed=seed, **options)

    return made


def train_step(model, optimizer, x, y, criterion=None) -> float:
    """One optimizer step on `criterion` (the mean squared error by default) of `model` on (x, y); the loss before
    the step."""
    import torch

    loss = (criterion or torch.nn.functional.mse_loss)(model(x), y)
    optimizer.zero_grad()
    loss.backward()
    optimizer.step()
    return loss.item()


def four_way_linear(examples: int, seed: int = 0) -> tuple[Any, Any, Any]:
    """(x, y, model): `examples` rows of 8 Gaussian features, each labelled by which of 4 fixed random directions it
    points along most, and a linear classifier on them, untrained (seeded)."""
    import torch

    torch.manual_seed(seed)
    x, w = torch.randn(examples, 8), torch.randn(8, 4)
    return x, (x @ w).argmax(1), torch.nn.Linear(8, 4)


def four_way_steps(steps: int, batch: int = 32) -> list[tuple[float, float, float, float]]:
    """`steps` Adam steps (lr 0.05) of `four_way_linear(512)`'s classifier on random batches of its first 384 rows:
    each step's (batch loss, batch share right, held-out loss, held-out share right), the held-out 128 rows measured
    after the step."""
    import torch

    x, y, model = four_way_linear(512)
    optimizer = torch.optim.Adam(model.parameters(), lr=0.05)
    measured = []
    for _ in range(steps):
        rows = torch.randint(0, 384, (batch,))
        loss = train_step(model, optimizer, x[rows], y[rows], torch.nn.functional.cross_entropy)
        with torch.no_grad():
            right = (model(x[rows]).argmax(1) == y[rows]).float().mean().item()
            held_out = torch.nn.functional.cross_entropy(model(x[384:]), y[384:]).item()
            held_out_right = (model(x[384:]).argmax(1) == y[384:]).float().mean().item()
        measured.append((loss, right, held_out, held_out_right))
    return measured


def log_full_batch_steps(run: Run, steps: int, loss_of, optimizer, measured, zero_grad: bool = True) -> Run:
    """`steps` optimizer steps on the loss `loss_of()` computes (zeroing the gradients first unless `zero_grad` is
    False, as a loop that forgot to), each step's loss and the gradient norm over the `measured` parameters logged
    into `run` as `loss` and `grad_norm`."""
    import torch

    for step in range(1, steps + 1):
        if zero_grad:
            optimizer.zero_grad()
        loss = loss_of()
        loss.backward()
        norm = torch.nn.utils.clip_grad_norm_(measured, float("inf"))
        optimizer.step()
        run.series("loss").append(step, loss.item())
        run.series("grad_norm").append(step, norm.item())
    return run


def train_tiny(
    lr: float, steps: int = 150, seed: int = 0, printed: list[str] | None = None, val_size: int = 256
) -> Run:
    """Train a small MLP with SGD at `lr` and return its metrics as a `Run` (loss, grad_norm, lr, val_loss).

    When `printed` is given, the console lines the loop prints (`step 10 | loss 0.69 | ...`) are appended to it.
    The validation loss is measured on the first `val_size` examples (0: a split that came out empty, its mean NaN).
    """
    import torch

    torch.manual_seed(seed)
    x = torch.randn(256, 8)
    y = x @ torch.randn(8, 1) + 0.1 * torch.randn(256, 1)
    model = torch.nn.Sequential(torch.nn.Linear(8, 32), torch.nn.ReLU(), torch.nn.Linear(32, 1))
    optimizer = torch.optim.SGD(model.parameters(), lr=lr)
    run = Run(source=f"lr={lr}", format="text")
    for step in range(1, steps + 1):
        batch = torch.randint(0, 256, (32,))
        loss = torch.nn.functional.mse_loss(model(x[batch]), y[batch])
        optimizer.zero_grad()
        loss.backward()
        grad_norm = torch.nn.utils.clip_grad_norm_(model.parameters(), float("inf"))
        optimizer.step()
        run.series("loss").append(step, loss.item())
        run.series("grad_norm").append(step, grad_norm.item())
        run.series("lr").append(step, lr)
        if printed is not None:
            printed.append(f"step {step} | loss {loss.item():.6f} | grad_norm {grad_norm.item():.6f} | lr {lr}")
        if step % 25 == 0:
            with torch.no_grad():
                val = torch.nn.functional.mse_loss(model(x[:val_size]), y[:val_size])
                run.series("val_loss").append(step, val.item())
    return run


def casebook_run(
    folder,
    family: str,
    fault: str,
    seed: int = 0,
    drop: tuple[str, ...] = (),
    write: Callable[..., str] | None = None,
    fmt: str = "jsonl",
) -> Run:
    """One run of the family casebook's `fault` recipe (scripts/make_family_casebook.py), trained now (seeded as
    the casebook seeds it), logged in the casebook's format `fmt` (JSON Lines; `text_kv` is a family's own console
    where it has one) without the keys in `drop`, or by `write(logged, folder, stem)` (one of the casebook's
    writers), and read back."""
    import inspect
    import sys
    from pathlib import Path

    from server.core.logs.reading import read_logs
    from server.core.workspace import Workspace

    sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "scripts"))
    from make_family_casebook import FAMILIES, FAULTS, NAMINGS, train, write_log

    (recipe,) = [f.recipe for f in FAULTS if f.name == fault]
    logged, task = train(family, recipe, 100 * seed + FAMILIES.index(family))
    logged.rows = [{k: v for k, v in row.items() if k not in drop} for row in logged.rows]
    stem = f"{family}-{fault}-s{seed}"
    if write is not None:  # a writer of the family's own console may need its task (`write_shake`'s config echo)
        given = {"task": task} if "task" in inspect.signature(write).parameters else {}
        name = write(logged, Path(folder), stem, **given)
    else:
        name = write_log(logged, Path(folder), stem, fmt, NAMINGS[0], task)
    return read_logs(Workspace.of([Path(folder)]), [name]).runs[0]


def train_bandit(lr: float, steps: int = 120, seed: int = 0, rewarded: bool = True, learning_starts: int = 0) -> Run:
    """Train a REINFORCE policy on a 4-armed Bernoulli bandit with Adam at `lr`; return what an RL loop logs per
    update: `pg_loss` (the policy-gradient surrogate, which crosses zero), `reward_mean` (the batch's mean reward) and
    `reward` (its first pull's: 0 or 1, as a loop printing one sample's reward logs it).

    With `rewarded` False the reward function returns 0 for every sample (a verifier that never matches, as a GRPO run
    whose answers never parse): no advantage, a policy loss of exactly 0, nothing to learn. The policy is updated only
    from step `learning_starts` on (Stable-Baselines3's `learning_starts`: a run that learns late).
    """
    import torch

    torch.manual_seed(seed)
    pays = torch.tensor([0.2, 0.3, 0.4, 0.9])  # each arm's chance of paying 1
    logits = torch.zeros(4, requires_grad=True)
    optimizer = torch.optim.Adam([logits], lr=lr)
    run = Run(source=f"bandit lr={lr}", format="text")
    for step in range(1, steps + 1):
        dist = torch.distributions.Categorical(logits=logits)
        arms = dist.sample((32,))
        reward = torch.bernoulli(pays[arms]) if rewarded else torch.zeros(32)
        advantage = reward - reward.mean()
        loss = -(dist.log_prob(arms) * advantage).mean()
        optimizer.zero_grad()
        loss.backward()
        if step >= learning_starts:
            optimizer.step()
        run.series("pg_loss").append(step, loss.item())
        run.series("reward_mean").append(step, reward.mean().item())
        run.series("reward").append(step, reward[0].item())
    return run


def train_gan(
    d_lr: float, g_lr: float = 1e-3, d_adam: bool = False, steps: int = 200, seed: int = 0, odd_every: int = 0
) -> Run:
    """Train a tiny GAN (MLP generator and discriminator, BCE as torch's `BCELoss` clamps it) on a 2-D Gaussian, the
    discriminator by SGD (Adam with `d_adam`) at `d_lr`, the generator by Adam at `g_lr`; log `d_loss` and `g_loss`
    per step. At a discriminator lr far too high (SGD at 500) its sigmoid saturates at 1 for every input: `d_loss` is
    50 (half the clamp of 100) and `g_loss` 0 from the second step on, and no gradient moves either net again. With a
    generator that barely learns (1e-6) against a discriminator at 1e-2 (Adam), the discriminator soon tells real from
    fake perfectly: its cross-entropy falls to ~0 and the generator's climbs. With `odd_every`, every so many steps the
    real batch is one of another place (a shard read at the same point of each epoch): the discriminator's loss spikes
    there, at one interval."""
    import torch

    torch.manual_seed(seed)
    g = torch.nn.Sequential(torch.nn.Linear(4, 16), torch.nn.ReLU(), torch.nn.Linear(16, 2))
    d = torch.nn.Sequential(torch.nn.Linear(2, 16), torch.nn.ReLU(), torch.nn.Linear(16, 1), torch.nn.Sigmoid())
    g_opt = torch.optim.Adam(g.parameters(), lr=g_lr)
    d_opt = (torch.optim.Adam if d_adam else torch.optim.SGD)(d.parameters(), lr=d_lr)
    bce = torch.nn.BCELoss()
    run = Run(source=f"gan d_lr={d_lr}", format="text")
    for step in range(1, steps + 1):
        real = torch.randn(64, 2) * 0.5 + torch.tensor([2.0, -1.0])
        if odd_every and step % odd_every == 0:
            real = real - torch.tensor([8.0, -8.0])
        fake = g(torch.randn(64, 4))
        d_loss = (bce(d(real), torch.ones(64, 1)) + bce(d(fake.detach()), torch.zeros(64, 1))) / 2
        d_opt.zero_grad()
        d_loss.backward()
        d_opt.step()
        g_loss = bce(d(fake), torch.ones(64, 1))
        g_opt.zero_grad()
        g_loss.backward()
        g_opt.step()
        run.series("d_loss").append(step, d_loss.item())
        run.series("g_loss").append(step, g_loss.item())
    return run


def train_dqn(episodes: int = 100, seed: int = 0) -> Run:
    """Train a DQN (an MLP Q-network, a target network synced every 100 steps, a replay buffer, epsilon-greedy) on a
    game of guessing a coin shown to the agent: a right guess pays 1 + t/5 at step t of the episode and goes on (up to
    100 steps), a wrong one ends it. Return what an RL loop logs per episode: `td_loss` (its mean over the episode's
    updates), `ep_return` and `ep_length`. The step is not in the state, so as the agent survives longer its targets
    grow and scatter more: its TD loss rises with its returns, as a critic's does when its Q-values scale up."""
    import random

    import torch
    from torch import nn

    torch.manual_seed(seed)
    rng = random.Random(seed)
    q, target = (nn.Sequential(nn.Linear(2, 16), nn.ReLU(), nn.Linear(16, 2)) for _ in range(2))
    target.load_state_dict(q.state_dict())
    optimizer = torch.optim.Adam(q.parameters(), lr=1e-2)
    replay: list[tuple[torch.Tensor, int, float, torch.Tensor, float]] = []
    run = Run(source="dqn", format="text")
    steps = 0
    for episode in range(1, episodes + 1):
        coin, ret, losses = rng.randrange(2), 0.0, []
        explore = max(0.02, 0.5 - episode / 60)
        for t in range(100):
            state = torch.eye(2)[coin]
            action = rng.randrange(2) if rng.random() < explore else int(q(state).argmax())
            right = action == coin
            coin = rng.randrange(2)
            replay.append((state, action, 1.0 + t / 5 if right else 0.0, torch.eye(2)[coin], float(not right)))
            ret, steps = ret + replay[-1][2], steps + 1
            if len(replay) >= 64 and steps % 2 == 0:
                batch = rng.sample(replay[-4000:], 32)
                states, next_states = torch.stack([b[0] for b in batch]), torch.stack([b[3] for b in batch])
                actions = torch.tensor([b[1] for b in batch])
                rewards, ended = torch.tensor([b[2] for b in batch]), torch.tensor([b[4] for b in batch])
                with torch.no_grad():
                    wanted = rewards + 0.99 * (1 - ended) * target(next_states).max(1).values
                loss = nn.functional.mse_loss(q(states).gather(1, actions[:, None]).squeeze(1), wanted)
                optimizer.zero_grad()
                loss.backward()
                optimizer.step()
                losses.append(loss.item())
            if steps % 100 == 0:
                target.load_state_dict(q.state_dict())
            if not right:
                break
        if losses:
            run.series("td_loss").append(episode, sum(losses) / len(losses))
            run.series("ep_return").append(episode, ret)
            run.series("ep_length").append(episode, t + 1)
    return run


def ppo_bandit(lr: float, updates: int = 30, seed: int = 0) -> Run:
    """A real tiny PPO (the clipped surrogate, Schulman et al. 2017) on a 4-armed contextual bandit: each update samples
    256 actions from the policy, takes 4 Adam epochs at `lr` on the clipped objective and logs the mean reward, the
    surrogate loss and `approx_kl`, the mean of old minus new log-probabilities of the actions taken (as CleanRL and
    Stable-Baselines3 estimate it)."""
    import torch

    torch.manual_seed(seed)
    policy = torch.nn.Linear(4, 4)
    optimizer = torch.optim.Adam(policy.parameters(), lr=lr)
    run = Run(source=f"ppo lr={lr}", format="text")
    for update in range(1, updates + 1):
        contexts = torch.randn(256, 4)
        with torch.no_grad():
            old = torch.distributions.Categorical(logits=policy(contexts))
            actions = old.sample()
            old_logp = old.log_prob(actions)
        reward = (actions == contexts.argmax(1)).float()
        advantage = reward - reward.mean()
        for _ in range(4):
            logp = torch.distributions.Categorical(logits=policy(contexts)).log_prob(actions)
            ratio = (logp - old_logp).exp()
            loss = -torch.min(ratio * advantage, ratio.clamp(0.8, 1.2) * advantage).mean()
            optimizer.zero_grad()
            loss.backward()
            optimizer.step()
        with torch.no_grad():
            new_logp = torch.distributions.Categorical(logits=policy(contexts)).log_prob(actions)
        run.series("approx_kl").append(update, (old_logp - new_logp).mean().item())
        run.series("reward").append(update, reward.mean().item())
        run.series("loss").append(update, loss.item())
    return run


def fine_tune_regression(warm: int = 50, steps: int = 200, lr: float = 0.002, seed: int = 0) -> Run:
    """A small MLP regressor trained `warm` unlogged SGD steps (lr 0.02, batches of 128 of 384 rows), then fine-tuned
    `steps` more at `lr`, logged as a fine-tune logs: each step's batch `loss`, `val_loss` on 128 held-out rows every 20
    steps. Near its noise floor, its batch loss barely moves while its validation loss creeps down."""
    import torch

    torch.manual_seed(seed)
    x = torch.randn(512, 8)
    y = x @ torch.randn(8, 1) + 0.5 * torch.randn(512, 1)
    model = torch.nn.Sequential(torch.nn.Linear(8, 32), torch.nn.ReLU(), torch.nn.Linear(32, 1))
    optimizer = torch.optim.SGD(model.parameters(), lr=0.02)
    run = Run(source=f"fine-tune lr={lr}", format="text")
    for step in range(1 - warm, steps + 1):
        if step == 1:
            for group in optimizer.param_groups:
                group["lr"] = lr
        batch = torch.randint(0, 384, (128,))
        loss = train_step(model, optimizer, x[batch], y[batch], torch.nn.functional.mse_loss)
        if step >= 1:
            run.series("loss").append(step, loss)
        if step >= 1 and step % 20 == 0:
            with torch.no_grad():
                run.series("val_loss").append(step, torch.nn.functional.mse_loss(model(x[384:]), y[384:]).item())
    return run
