"""Every threshold the detectors judge by: one named home, each with its source.

A threshold is a claim about all runs. Where a statistic can scale with the run's own noise (a robust z-score
over a rolling median and MAD, a trend measured against the series' own step-to-step noise), it does; the
fixed ratios that remain come from the cited anchors or from measurements on the tuning families of the
family casebook (scripts/make_family_casebook.py, `SPLIT_OF`: never the report families).
"""

from __future__ import annotations

# -- how much of a run there is to judge ------------------------------------------------------------------------
MIN_POINTS = 6
"""A loss series shorter than this is too short to judge (the verdict is inconclusive, saying so). Measured on the
labelled real logs (seen splits): people called 20 of the 23 logs whose loss has 0-5 points inconclusive, and judged
all 8 with 7-9 points (5 healthy, 3 faulty)."""
MIRRORED_GAME = -0.8
"""Two training losses that start above zero and whose values correlate this negatively (Pearson's r), one crossing
below zero as the other climbs, are an adversarial game's two players whatever their names: USAD (Audibert et al.
2020, its usad.py) trains `loss1 = ||W - AE1(W)||/n + (1 - 1/n)||W - AE2(AE1(W))||` against `loss2 = ||W - AE2(W)||/n
- (1 - 1/n)||W - AE2(AE1(W))||`, so its healthy runs' `loss1` climbs as `loss2` falls below zero (r -0.98 on the
healthy runs of round 55's USAD family, -0.87 on the smaller one of tests/test_diagnosis_real_rules.py); a loss and its
own negation never start on the same side of zero."""
SHORT_RUN_POINTS = 5
"""...but a loss of this many points that fell at every one is judged (healthy unless a detector says otherwise): five
values in falling order come by chance once in 5! = 120 orderings (Prechelt's UP criterion read the other way). Seen
real logs (rounds 32-55), 5-point losses that fell at every point: four labelled healthy (round52's FL-008 and FM-007,
round55's FV-009 and FW-003), one data_issue or inconclusive (round35's DA-012), two plateaus the loss alone does not
show (round52's FL-004, 5.78 then 3.00-2.97; round53's FO-001, 0.6935 -> 0.6857)."""
QUALITY_RISE = 0.1
"""A run that logs no loss is judged on a quality measure (accuracy, F1, mAP, reward; or an error, WER, turned so
that higher is better) that improved: its end (median of its last fifth) at least 10% of the larger of start and
end (medians of its first points) past its start, i.e. more than the point-to-point wobble of an accuracy that
learned nothing (a label-blind model of the tuning families stays within 0.198-0.325). An RL run's mean reward is
judged by the same bar (detectors/quality.py): real logs' healthy runs rise 0.14 (a GRPO total reward 154 -> 181),
0.26, 0.67, 0.73, 0.86; runs labelled as learning nothing 0 (a GRPO reward 0.0 at every step), -0.18 (a PPO mean
episode reward drifting -6425 -> -7827), below 0 (an RLHF reward_mean ~0)..."""
QUALITY_NOISE_Z = 2.0
"""...and that stood two standard errors above the measure's own noise (`quality.above_noise`): a gain of a few
noisy points is no learning (real logs, round42's DV-005: six evaluation rewards 1.37, 0.72, 4.76, 5.08, 0.33, 3.81
of a TRPO run whose updates barely moved the policy)..."""
QUALITY_CLIMB_Z = 4.0
"""...or that climbed rank by rank, however little: its Mann-Kendall score at least this (one-sided p ~ 3e-5 under
no trend; Mann, 1945; Kendall, 1975), a measure learning steadily where its gain is short of QUALITY_RISE (round52's
FM-006: a mean-class accuracy rising 76.3% -> 85.5% over 22 epochs, its only series)."""
QUALITY_KEPT = 0.5
"""...and that kept at least half of its best rise at the end (a measure that climbed and collapsed is no sign of
a healthy run), both read on its rolling level (QUALITY_SMOOTHING): a reward that climbs through the run's last fifth
kept all its rise, though that fifth's median lies halfway up (real logs, round4: PPO on CartPole, level 22 -> 280,
last fifth's median 138). Real logs with no loss, labelled healthy from their accuracy: dev and held-out 7.9% -> 99.97%,
0.17 -> 0.75; fresh 7.3% -> 99.3%."""
QUALITY_ERROR_SHRINK = 0.5
"""...or, for an accuracy on a bounded scale (all its values in [0, 1], or in [0, 100] as a percentage), whose distance
to a perfect score at least halved: a model already at 97.8% after its first epoch that ends at 99.56% cut its errors
4x, though its accuracy rose 1.8% (round24's BY-009, an MNIST CNN logging no loss)."""
QUALITY_SMOOTHING = 50
"""The best of a quality measure is read on its rolling median over a fiftieth of the run (the window of the loss's
level in detectors/trend.py): per-episode RL rewards swing from 9 to 500 from one episode to the next (CartPole),
and their single best episode is no level the run reached."""
BLOCKED_ABOVE = 50_000
"""Series longer than this are smoothed over block medians (bounded time on million-step runs)."""
START_POINTS = 3
"""The start level of a loss is the median of its first points, never above the very first one: a run that
blows up on its second step started where its first step was (measured: Adam at 300x its lr, tuning families)..."""
START_JUMP_Z = 3.0
"""...unless the first point lies less than this many robust standard deviations of the run's log-loss noise
below that median: then it is a low draw of a noisy per-batch loss (regression runs of batch 32 swing 2x from
step to step), and the median is the start."""

FIRST_STEP = 1
"""A loss logged at this step or before comes from the first forward pass, before any optimizer update: a NaN/inf
there is the numerics (log(0), an fp16 overflow), never the learning rate."""

# -- trends ---------------------------------------------------------------------------------------------------
FLAT_CHANGE = 0.12
"""A loss ending within 12% of its start has barely moved..."""
STEADY_FALL = -0.3
"""...unless it falls steadily (Kendall tau of its smoothed curve below -0.3): a fine-tune whose loss creeps
down from an already good start is learning (real logs, dev split: a Trainer run 2.00 -> 1.74 at lr 5e-5)..."""
SLIGHT_CHANGE = 0.04
"""...by more than 4%: a loss within 4% of its start learned nothing, however steady (random labels drift down
1-2% as a model memorises a little noise)."""

MIN_EVALUATIONS = 5
"""A validation loss that stayed within SLIGHT_CHANGE of its first value over at least this many evaluations learned
nothing either, however noisy the training loss (no healthy run of the family casebook, nor any real log, stays
within 6%; runs at a tiny lr stay within 0.01-0.5%)."""
FROZEN_SHARE = 0.5
"""A validation accuracy (or error rate) printing one value from its first evaluation over at least half of them (and
MIN_EVALUATIONS) never changed its answers: in the family casebook 60 faulty runs (a tiny lr 27, dead ReLUs 27, a
too-high lr 4, saturated sigmoids 2) and none of 566 healthy ones; on the labelled real logs 4 runs, none healthy (a
seq2seq chatbot at 0.0128 for 101 evaluations, a jammer classifier at 0.292 for 16, a NaN run, one class's F1 at 0
in an overfitting run)..."""
TOGGLED_EVALUATIONS = 8
"""A held-out accuracy that printed at most two values over this many evaluations or more never changed its answers
but for the one class it gave every input (Haiku's MLP with dead ReLUs: 0.223 and 0.293 over 15 evaluations, each a
class's share of the test set): frozen (`quality.detect_frozen_accuracy`)."""
FROZEN_MEASURE_SPREAD = 1e-4
"""...one value up to this share of it: a measure printed to full precision that strays from its first value by less
never changed its answers either (round 24, the tuning families: dead ReLUs' validation RMSE 7.17991 -> 7.17952 over
15 evaluations, 2e-5; saturated sigmoids' and tiny lrs' 4e-6 to 9e-5; the healthy runs' closest, 9.8e-4, ten times
above it)..."""
FROZEN_BESIDE_VAL_FALL = 0.5
"""A validation measure frozen at one value says nothing when the validation loss, computed from the same held-out
answers, fell to under this share of its start: those answers changed, so the measure does not follow them (round16's
AU-008: a U-Net's `val_accuracy` at 0.0135 for 10 epochs while its validation loss fell 0.66 -> 0.20 and its Dice
moved; a loop scoring with a stale copy of the model). The tuning families' ArcFace with dead ReLUs looks the same from
its log (a verification accuracy at 0.502 beside an identity loss that fell): a miss the log cannot tell apart."""
FROZEN_BESIDE_TRAIN_FIT = 0.01
"""Nor when the training loss fell to under this share of its start: a constant output scores the entropy of the
labels' prior, a few tenths of its start even with one class in 200; a loss at a hundredth of its start answers each
training example apart, so the frozen held-out measure is a running best printed again or a memorised set's (round51's
SR-GNN overfitting: `Best Result: Recall@20: 22.07` at each epoch as its loss fell 4.6 -> 0.0002)."""
FROZEN_CONFIDENCE = 0.75
"""...reported below a NaN's or a divergence's findings, which explain a frozen output better when they are there."""
NO_POSITIVE_SHARE = 0.02
"""A held-out F1, precision, recall or mask overlap under this share of its scale (2 points of 100) at every evaluation
found no positive: the model answers the negative class (no event, no entity) for every input
(`quality.detect_no_positive`). Measured on the tuning families: SED-CRNN's runs whose F1 stayed under 0.014 are all
faulty (random labels, dead ReLUs, a too-high lr, sorted data); no healthy run of any family stays under it. On the seen
real logs, five runs do: three whose loss stood still (labelled plateaus), one beside a micro F1 that rose (KG-007,
labelled healthy or a data issue) and round80's KE-005 (labelled a data issue); counting a mask's overlap (IoU, Dice),
one more: round63's HP-001, a segmenter's IoU at 0 (labelled a data issue or an lr too low)."""
NO_POSITIVE_CONFIDENCE = 0.7
"""...reported as data_issue, as sure as a run whose answers stood still (ANSWERS_STILL_CONFIDENCE): below a plateau's
or a NaN's findings, which explain it better when they are there."""
ANSWERS_STILL_CONFIDENCE = 0.7
"""A run that logs no loss and whose answers stood still low (`quality.detect_answers_without_learning`): as sure as a
fall with no learning, the measure of the answers being a coarse one."""
FALL_WITHOUT_LEARNING_CONFIDENCE = 0.7
"""A training loss that fell while the answers on the training data stood still low (`detect_fall_without_learning`),
or a held-out loss that rose while the held-out answers did: a little under a frozen output's or a plateau's at a
decayed lr (0.75), the measure of the answers being a coarse one."""
TINY_EVAL_SET = 20
"""A validation measure whose every value is a share of at most this many examples comes from a set so small that
it repeats while the model learns (real logs, round9: a Keras run scoring 9/12 at 18 evaluations, then 10/12,
11/12, 12/12); a frozen value there is no sign..."""
FROZEN_LOSS_SPREAD = 1e-6
"""A loss whose last FROZEN_SHARE of points (and at least MIN_EVALUATIONS) stay within this relative spread of their
median, printed to FROZEN_LOSS_DIGITS significant digits or more, stopped moving: its predictions and its weights no
longer change (zero gradients: dead units, saturated outputs, an lr of 0). Noise alone moves a per-batch loss by 1% or
more, an evaluation on fixed data by far more than 1e-6 after any weight update (float32 keeps 7 digits). Real logs,
round22's BN-015: a Keras loss frozen at 0.04205351 (spread 1e-8) for 3,990 of 4,000 epochs, its val_loss
bit-identical; no healthy family run nor healthy real log (rounds 16-23) holds one."""
FROZEN_LOSS_DIGITS = 5
"""...a value printed with fewer significant digits (`0.69`) repeats by rounding while the run learns slowly. Measured
(round 41): 5 adds round65's HV-010 (an epoch loss at exactly 189.04 for 44 of 50 epochs after falling from 243.52)
and no healthy run of the families or the seen real logs; 4 flags a converged healthy Graph U-Net (6 before)."""
FROZEN_LOSS_CONFIDENCE = 0.7
"""...a model that learns nothing more: a plateau (or, with a tiny peak lr, the lr: `learned_nothing`)."""
PRINTED_PRECISION = 5e-4
"""...a share read as printed: k/n within half a unit of the last place the values were printed to, three decimals at
most (`0.4005`, to four, is no 2/5: round 25, dead ReLUs in three tuning families held such an accuracy, the share's
slack at three decimals excused them)."""
HELD_OUT_SET_MAX = 20_000
"""Largest held-out set an accuracy's printed values are read as shares of (`quality.examples_counted`): past it a
binomial noise of a fraction of a percent tells little a band does not."""
COUNT_SLACK = 0.1
"""...a value is a whole number of examples out of n when n times it lies within a tenth of an example of one, the
values printed finely enough that n x their precision stays within that tenth: a value of a per-batch average, no
share of one set, fits a wrong n by luck one time in five, ten of them one time in ten million."""

QUALITY_LOW = 0.5
"""An accuracy that ends under half right (of 1, or of 100%) and never improved (QUALITY_RISE) while its loss stood
still: the run learned nothing useful (a translator whose token accuracy stays at 0.066-0.068 over 52 epochs, round22's
BN-006). A flat accuracy above it is a converged run's."""
EXPLAINED_NOTHING_R2 = 0.1
"""A held-out R² (the coefficient of determination) last printed at or under this explains under a tenth of its
target's variance: near 0, the score of predicting the target's mean, its chance level by definition. Beside a loss
that barely moved it says the same as that loss (`quality.explained_nothing`): round81's KI-021, a stock-return
seq2seq whose MSE moved under 1% in each of three runs, test R² 0.004, 0.050 and 0.018."""
ANSWERED_WELL = 0.8
"""An accuracy whose median over the run is at least this share of its scale learned, whatever its loss does: four
answers in five right is no chance level of any K >= 2 (a two-way guess scores 0.5; round75's JN-001, a binary
classifier near chance, at most 0.62). A loss printed for one batch an epoch that creeps up beside it is that batch's
noise, not a run that learned nothing (the family casebook's DiffPool, accuracy 0.88 from its first print)."""
PLATEAU_WITH_FLAT_QUALITY = 0.6
"""...a plateau the loss alone left under the reporting bar (FLAT_UNEXPLAINED, a flat stretch after a fall), raised
above it by an accuracy stuck low (QUALITY_LOW): two measures that say the same."""
FLAT_UNEXPLAINED = 0.45
"""A loss that never moved from its first logged step, with no lr logged and no chance level to compare it with: a
model stuck where it began, or one resumed where it had converged (real logs, held-out: OLMo-1B continued pretraining
from its own checkpoint, cross-entropy 3.00 -> 3.01 over 1010 steps, labelled healthy). Under the reporting bar, as
LEAK_CONFIDENCE: a thing to check, not a fault. A logged lr (LR_TINY) or a chance level (CHANCE_STUCK_CONFIDENCE)
decides it."""
FLAT_FROM_START = 0.55
"""...but a log that starts at its run's first steps (FRESH_START_STEP), no session resumed after a restart of its
counter, is no resumed run: a loss that never moved from there learned nothing (the 818 judged seen real logs: 15
such runs labelled plateaus, from an MSE stuck at the mean's level to a GAN whose game died at epoch 1, against 2
healthy: OLMo continued from its own checkpoint in a fresh log, a Keras fine-tune moving 6% in 10 epochs)."""
FIRST_POINT_FALL = 2.0
"""A loss whose very first point stands this many times above the level it then keeps fell at once: with no lr logged,
no fresh run that learned nothing (FLAT_FROM_START), however flat it is after (round37's DF-007, a detector's
classification loss 1.11 at its first line, then 0.09-0.14 for 525 lines: a healthy run its labeller read as
learning). A logged lr still judges it (a first point of 130 at lr 0.9, then chance: too high)."""
FRESH_START_STEP = 1
"""The first logged step of a fresh run: 0 or 1 (a counter from zero or one), or its logging interval (`100` when it
logs every 100 steps: round27's CB-015, a GAN logged from iteration 100)."""
LATE_START = 0.25
"""A log whose first step lies past this share of its last starts mid-run (resumed, or cut): it shows no start, so a
flat loss there may be the settled tail of a run, not a plateau "flat from early on" (round6's R-008: a resumed
fine-tune's second epoch, loss 0.95 -> 0.94 as the cosine lr decays to 0), and a loss that never fell below its first
logged point is no lr too high unless it ends well above it (a converged MSE logged from step 451 of 600 jitters
0.0126 -> peak 0.0238 -> 0.013)."""

# -- reinforcement learning: the reward is the signal ----------------------------------------------------------
REWARD_WINDOW_HEAD = 10
"""A reward's start is the median of its first tenth (an RL reward swings from episode to episode: three points are
no level) and its end the median of its last fifth (the window of a loss's end level)."""
REWARD_TREND_BLOCKS = 10
REWARD_TREND_Z = 2.0
"""...unless its means over REWARD_TREND_BLOCKS consecutive blocks climb by the Mann-Kendall test (z >= 2, one-sided
p ~ 0.023, as OVERFIT_TREND_Z): per-episode rewards of success or failure (-150 or ~400) keep the same median while
the share of successes grows (round-11 AH-014: 0.66 -> 0.87 over 1138 episodes, mean 219 -> 320). Ten blocks, not
more: a logged reward is often a running mean (SB3's `ep_rew_mean` over 100 episodes), whose neighbouring blocks are
alike and would make a flat reward "climb" (round-4 L-002 with 50 blocks: -6432, -6565, ..., -6248 over 15M steps)."""
REWARD_FLAT_CONFIDENCE = 0.7
"""A reward that never improved is the agent learning nothing: as sure as a loss flat after its lr decayed (0.75),
under a loss stuck at its chance level (CHANCE_STUCK_CONFIDENCE): an agent resumed at its converged reward looks the
same."""

# -- spikes: robust statistics of the run's own noise ------------------------------------------------------------
SPIKE_RATIO = 10
"""A loss at this many times its local (11-point rolling) median is a spike candidate (Megatron-LM skips an
iteration whose loss is 10x the running maximum... of its own history: `check_for_spiky_loss`)."""
EARLY_BLOWUP = 6.0
"""The loss thrown this many times above both its first logged value and its median over the run, within its first
steps (`detect_early_blowup`): the first updates overshoot. Measured on the tuning families (round 23): at least two
points of the first EARLY_SHARE of 1,376 healthy runs never stood more than 3.0x above that; 173 of 283 runs at a
learning rate too high (0.9 with Adam-like steps) stood 10x above, and 2 of 1,352 runs of other faults. 10x until
round 43, which halved the margin to twice the healthy runs' highest: 6x took 4 more runs at an lr too high (round 43's
M5 at 8.2x: 1.63, then 29.4 and 13.4; round 40's wide ResNet; round61's IA-010) and changed no answer on any healthy
run of the tuning families (rounds 37-43) or the seen real logs (rounds 32-71)."""
EARLY_SHARE = 0.05
"""...the first 5% of the logged points, where `detect_spikes` does not look..."""
EARLY_MIN_POINTS = 3
"""...and never fewer than three points after the first..."""
EARLY_BLOWUP_POINTS = 2
"""...at least two of them: one point 21x its start at the first iteration, back at once, is a healthy real run's
(round42's DW-001, a gaze CNN's MSE), no overshoot."""
EARLY_BLOWUP_Z = 4.0
"""...and the second highest of them stands this many robust standard deviations of the loss's own point-to-point
noise on its log (`log_noise`) above that base: a per-sample loss scatters over decades from its first steps (real log
GA-002, a batch of one: 0.04 to 14 around a median of 0.4, 2.1 deviations), an overshoot towers over the noise. Measured
on the 65 tuning family runs the rule fired on before this bar: 64 stand 11 to 1,370 deviations above (all faults,
63 of them a learning rate too high), one at 1.6 (an HNN at a learning rate too high)."""
EARLY_BLOWUP_CONFIDENCE = 0.8
"""As sure as a recovered spike's highest (`detect_spikes`): the families' 173 of 175 runs of that shape were runs at a
learning rate too high."""
SPIKE_Z = 6.0
"""...and its log stands this many robust standard deviations (1.4826 x MAD of the log-loss around the rolling
median) above: OLMo's spike rule (z > 6 over a window), so per-batch noise is never a spike."""
SPIKE_MIN_SHARE = 1.0
"""A spike rises at least the loss's start level above its local median: it undoes the run's progress. Measured on
the spike candidates (10x and z > 6) of the family casebook: corrupt batches rise 6.5 to 10^10 times the start (one
run 0.04), while the per-batch noise of healthy runs near a converged loss (small batches, an easy task) rises 0.01
to 0.89 of it (0.1, this bar's first value, let 9 of them through); labelled real logs' spikes rise 1.1 to 39,000x.
Not for a loss printed once an epoch (`Run.per_epoch`): a mean over a whole pass has no per-batch noise to filter, and
a jump of SPIKE_RATIO there is the model's (round 35, measured: on the tuning families and seen real logs no healthy
run's epoch loss jumps so; round37's DF-008, a loss of 0.005 jumping 80x for one epoch, labelled a spike, does)."""
SPIKE_HELD_OUT_SHARE = 0.05
"""...unless the validation loss jumped SPIKE_RATIO times its previous evaluation with it, to at least this share of
its first value (`held_out_jumped`): a held-out set measures the model, not a batch, so a jump it shares undid the
model's progress however small the training loss's (round67's IF-009, a GRU whose validation loss went 0.00027 ->
0.15, 13% of its first 1.16). Converged near 0, a validation loss jumps tenfold by its own noise: the healthy
wav2letter runs of round 38's families went 0.0017 -> 0.13 and 0.0045 -> 0.079 (0.7% and 0.4% of their first 19.3)."""
PERIODIC_SPIKES = 3
"""At least this many spikes at one regular interval are the data order (a sorted or unshuffled shard), not
random spikes."""
PERIOD_EVENTS = 3
"""Spikes one period of the data order may hold at uneven gaps (a label-sorted epoch jumps at each change of class:
the tuning families' sorted runs jump 2 or 3 times an epoch)."""
PERIOD_TOLERANCE = 0.15
"""Spike intervals within this relative spread of their median are one regular interval."""
ORDER_JUMP_WINDOW = 5
"""Points on either side of a level jump in the loss, as medians: one batch is noise, a jump holds."""
ORDER_JUMP_Z = 6.0
"""A level jump of the loss's log stands this many standard errors of the difference of two ORDER_JUMP_WINDOW-point
medians above 0, the errors from the run's own point-to-point noise (OLMo's z > 6 for spikes)."""
ORDER_JUMP_SHARE = 0.3
"""...and the typical jump gives back at least this share of the run's fall (start to lowest, on the log): the data
turned into what the model had not seen, as when a label-sorted epoch changes class. Measured on the tuning families
(1,104 runs): at 0.3 the rule fires on 27 of 76 sorted-data runs and 1 of 441 healthy ones (a continual learner meeting
its next task, by design); at 0.1 or 0.2 on 4 healthy runs (converged losses jumping at random). With the rule (and the
loss-term rule beside it) the tuning families' sorted-data runs are right 26 times in 84, not 18."""
ORDER_JUMP_HEIGHT = 0.25
"""...and rises, in the loss's own units, at least this share of its start level (the typical jump's median height):
a loss converged near 0 jumps tenfold by noise. Measured (round 41) on the rule's firings: sorted-data runs of the
tuning families jump 0.59 to 34 times their start, two healthy runs of an easy task and an overfitting one 0.06-0.08;
on the seen real logs, round65's HX-011 (labelled overfitting or a data issue) 0.29 and round64's HQ-002 2.75."""
ORDER_JUMP_FLOOR = 0.01
"""The log is taken of the loss floored at this share of its start: a loss near 0 makes its noise look like jumps."""
ORDER_MAX_POINTS = 20_000
"""A longer loss is judged for jumps on the medians of blocks that bring it down to this many points (a million-step
log's data order repeats every few thousand steps; the blocks keep its jumps and cost a fiftieth)."""
ORDER_MIN_PERIOD = 20
"""Jumps recur at least this many logged points apart to be the data order (4 x ORDER_JUMP_WINDOW): a shorter period
is noise the windows overlap on."""
ORDER_REGAINED = 0.5
"""A loss's drops at the data's period are its order's when, between two, it climbs back at least this share of the
drop (a step decay's drops stay down)."""
GAME_RECONSTRUCTION_STILL = 0.7
"""A GAN generator's reconstruction term (pix2pix's L1, CycleGAN's cycle and identity terms) ending at or above this
share of where it started never came down. Measured on the seen real logs: the healthy GANs' terms end at 0.09-0.6 of
their start (pix2pix 0.09 and 0.57, CycleGAN 0.24-0.6, a GAN's `G_recon` 0.59); those a person called a plateau at
0.81-1.01 (pix2pix 0.81, 0.96, 1.01; a cycle loss 0.98). 0.7 is about the geometric middle of 0.6 and 0.81."""
GAME_RECONSTRUCTION_POINTS = 20
"""Points a reconstruction term needs before its standstill is judged (its tenths then hold 3 points or more)."""
GAME_RECONSTRUCTION_CONFIDENCE = 0.65
"""...reported as a plateau above the bar: a term the generator minimises, flat over the run, is no game's swing."""
GAME_SPIKE_CONFIDENCE = 0.45
"""A spike of one side of a GAN's game, alone, stays under the reporting bar: healthy real GAN logs spike there (real
logs T-005, a BicycleGAN: 37 spikes of D in 979 points, 'normal GAN noise'; AZ-002, a CycleGAN: 3 of D_A in 11,200),
as the family casebook's corrupt batches do (3 of 300): the loss alone cannot tell them apart. Spikes at one interval
too (round44's EB-007, a healthy CycleGAN: 6 of D_A, one every 519 logged steps, an epoch; no GAN run of the tuning
families spikes so)."""
SHORT_SPIKE_POINTS = 20
"""A training loss of at most this many points (a log of epoch means, mostly) is judged for spikes by
`detect_short_run_spikes`: `detect_spikes` skips its first five points and reads its local median over five, which
leaves it nothing to judge (real logs GC-004, a Keras run whose loss went 0.13 -> 1.42 -> back over 14 epochs, and
GC-005, a mask loss 0.083 -> 0.505 that never came back over 10)."""
SHORT_SPIKE_MIN_POINTS = 4
"""...and at least this many (a start, a fall to a low and a point far above it need three; one more keeps a
three-point log, too short to judge anything else, from being called a spike)."""
SHORT_SPIKE_RATIO = 2.5
"""...a point this many times the lowest the loss had reached before it..."""
SHORT_SPIKE_SHARE = 0.5
"""...giving back at least this share of the fall to that low (from the highest point before it)..."""
SHORT_SPIKE_Z = 6.0
"""...and standing this many robust standard deviations of the run's own point-to-point noise on its log above that
low (`step_noise`; OLMo's z > 6): epoch means move little from one epoch to the next, a spike moves them far. Measured
on the tuning data (round 33): the rule turns 2 seen real logs labelled a spike from healthy to found (GC-004, GC-005)
and 3 others from healthy to a spike (labelled an oscillation, overfitting or a plateau, or inconclusive), no log
labelled healthy; in the tuning families 2 LSTNet runs of corrupt batches from healthy to found, a DQN's dead-ReLU
run from a plateau to a spike and one at a learning rate too low from healthy, no healthy run."""
SHORT_SPIKE_CONFIDENCE = 0.6
"""...reported as a spike (`detect_spikes`' confidence for one or two recovered spikes, 0.6 to 0.65)."""
SPIKE_MERGE_GAP = 2
"""Spikes at most this many logged steps apart are one event (a bad stretch of batches spikes on neighbours)."""
SPIKE_PHASE_EVENTS = 5
"""Spike events needed before their phase within the loss's period is judged: n events at random phases lock at
about 1/sqrt(n), and reach SPIKE_PHASE_LOCK by chance only rarely from five on."""
SPIKE_PHASE_LOCK = 0.8
"""Spike events this tightly at one phase of a data-order period of the loss (mean resultant length) come from
the data order, even when some periods pass without a spike: sorted-data runs of the tuning families lock at
0.87-0.98, corrupt-batch runs at 0.54."""

LR_DECAYED = 0.1
"""A learning rate under a tenth of its peak, and staying there, has decayed: a loss flat from then on stalled with
the schedule (a step decay x0.1, the usual factor of torchvision's StepLR recipes). Under a tenth of the peak while
still climbing is a warmup, not a decay (real logs, round4: wav2vec 2.0 at 2.2e-5 in a warmup to 5e-4, labelled
healthy)."""
LR_TINY = 1e-4
"""A peak learning rate at or below this is small for training from scratch (Adam's usual 1e-3 to 3e-4 and SGD's 1e-2
to 1e-1 are 3 to 1000 times larger) but a fine-tune's usual one (BERT's grid 5e-5, 3e-5, 2e-5: Devlin et al., 2019):
a loss that never left its start there is a plateau first, the lr its next suspect (SMALL_LR_CONFIDENCE)..."""
BLEW_UP_BEFORE = 3.0
"""A run that learns nothing after its loss rose to this many times its start (its highest point) was knocked there
by its learning rate: it diverged, then its weights came to rest at the guess of the prior (family casebook: a ViT at
lr 0.9 whose loss went 1.6 -> 19 -> 1.43 = ln 4 on 4 classes). Noise on a flat run stays well under it (a per-batch
loss of batch 32 swings ~2x: START_JUMP_Z's regression runs)."""
BLEW_UP_FROM_START = 10.0
"""A stuck loss highest at its first logged point must stand this many times above both its start and the level it came
to rest at for its learning rate to be blamed (`view.blow_up_bar`): an initialisation may start high (round68's
IK-003, a CTC fine-tune first logged at 32.3, then at 5: 6.5x, labelled a plateau). EARLY_BLOWUP's value until round
43, which lowered that bar for a loss that rose after its start (round 40's wide ResNet at an lr too high, no lr
logged: up 7x then stuck at chance)."""
LR_FAR_TOO_HIGH = 0.5
"""A run that learns nothing at a peak learning rate at or above this was stalled by it: 5x SGD's usual 0.1 and 100x
or more Adam's usual peaks, steps that overshoot every minimum so the weights come to rest at the prior's guess
(family casebook: Adam at 0.9 and SGD at 10 flat at ln 2 or their start in 22 runs, no other flat run at 0.3 or
more). Recipes that do use larger rates (PyTorch's word-LM example at SGD 20, LARS) learn there, and a run that
learns is never judged by it (seen real logs: the three runs at 1-20 learned)."""
LR_FAR_TOO_LOW = 1e-6
"""...and at or below this, under any usual recipe's peak (the family casebook's too-low runs: 1e-4 of their recipe's
lr, 3e-7 to 1e-6), the learning rate itself (seen real logs: of five flat runs at 1e-5 to 8.5e-5 called lr_too_low,
three were labelled plateaus, two healthy or too short)."""
FAR_TOO_LOW_LR_CONFIDENCE = 0.7
"""A peak lr at or under LR_FAR_TOO_LOW beside a training loss that did not fall beyond its own noise, however much it
wobbled (`detect_far_too_low_lr`): as sure as a flat run at such an lr (`flat_run`). Measured: it names 10 of the
tuning families' too-low runs (3e-7 to 1e-6) that no other rule named (a wobbling SAE, a DINO whose loss rose, a GAN's
game) and no healthy run; of the seen real logs, one peaks that low (round42's DW-003, 7.7e-7), a healthy fine-tune
whose loss fell 94%, which it leaves."""
FAR_TOO_HIGH_LR_CONFIDENCE = FAR_TOO_LOW_LR_CONFIDENCE
"""Its mirror, a peak lr at or over LR_FAR_TOO_HIGH beside a training loss that did not fall beyond its own noise
(`detect_far_too_high_lr`): as sure. Measured (round 41): it names one tuning run no other rule named (round 41's
CIFAR-10 Net under SGD at 10, its loss climbing 1.7 -> 2.5) and no healthy run of the families or the seen real logs.
As sure of a loss gone non-finite with no growth before it at such an lr (`detect_nonfinite`), the numerics second
(round 54: 13 tuning runs at x300 or x200 and one seen real log, round75's JN-003 at 1.04, turned from numerics to the
lr, 3 of them newly right; no run of another fault or a healthy one gets there)."""
SMALL_LR_CONFIDENCE = 0.6
"""The lr, small but usual, named as a flat run's second suspect: under the plateau it stands beside."""

# -- gradients -------------------------------------------------------------------------------------------------
EXPLODING_SPIKE = 100
"""A gradient norm this many times the run's median is an explosion..."""
EXPLODING_OVER_FIRST = 10
"""...when it also stands this many times above the run's first norm (the untrained model's gradient, before any
update): a run whose loss falls to ~0 ends with norms 100x under its start, and returns near its start without
exploding (healthy easy ViT runs of the family casebook: 2.8-4.3x; explosions of a too-high lr: 28x and more)..."""
EXPLOSION_HARMLESS_SHARE = 0.05
"""...and not one the loss shrugged off: where the loss ends at this share of its start or under (it fell 20x, to a
near-perfect fit), the spikes are the rare hard example of a converged model, whose per-batch loss and gradient are
heavy-tailed (round28's CF-005: a fine-tune at loss 0.0003 whose grad norm reaches 108 on batches of loss 0.1-0.3,
4,000x its median 0.017); explosions of a too-high lr leave the loss high or rising. Reported at
EXPLOSION_HARMLESS_CONFIDENCE, under the verdict's bar."""
EXPLOSION_HARMLESS_CONFIDENCE = 0.4
CONSTANT_GRAD_SPREAD = 1e-3
"""A gradient norm whose every value over the run's second half lies within this share of their mean (the same to
three or four printed digits), not 0, does not depend on the batch: no input reaches the parameters that learn, only
those no unit feeds (an output bias under an L1 or pinball loss, whose gradient is a sign). Measured: 1,074 healthy
family runs' norms spread at least 4% over that half (a coefficient of variation), seen real logs' at least 1.9% (a
large-batch run averaging its norm); 28 runs whose ReLUs were all dead printed one norm to 16 digits (0.7071 = 1/sqrt 2,
an optical-flow net's two output biases)..."""
CONSTANT_GRAD_CONFIDENCE = 0.6
"""...a dead network, its units passing nothing: as sure as a flat loss with a normal lr (0.55), the norm saying why."""
BAD_BATCH_CALM = 3
"""...unless it is one bad batch: the loss of that step spikes with it and the norms of this many logged steps
before and after are calm (corrupt-batch runs of the family casebook: the steps beside a 1e2-1e13x spike sit at
0.2-5x the median; explosions of a too-high lr build up or repeat within three steps)."""
ZERO_GRAD_GROWTH = 20
"""Gradients that are never zeroed add up step after step: the norm grows roughly linearly with the steps.
From the logs alone, growth of at least 20x while the loss falls is required (healthy runs on the tuning
families grow up to 4.3x as the loss sharpens); the code scan proves a missing zero_grad outright."""
ZERO_GRAD_LOG_CONFIDENCE = 0.45
"""...and from the logs alone that growth is a thing to check, under the reporting bar (as LEAK_CONFIDENCE): a model
that sharpens grows its gradient norm as much (round 12's report families: all 12 healthy runs of a Bradley-Terry
reward model, whose symmetric start gives a first norm of 0.03, grow 12-27x; the family casebook's easy skip-gram
runs too), and no labelled real log was ever found by it. The code scan proves a missing zero_grad outright."""
ZERO_GRAD_POINTS = 3
"""A gradient norm logged as exactly 0.0 this many times is no gradient at all, however short the run: exact zeros
carry no noise to weigh (a DPO run whose every record logs `grad_norm: 0.0`, its loss at ln 2)."""
VANISHING_RATIO = 1e-3
"""First-layer over last-layer gradient norm below this: the early layers barely learn (AUTOTRAINER)."""
EXPLODING_RATIO = 70
"""First-layer over last-layer gradient norm above this: gradients grow toward the input (AUTOTRAINER)."""

# -- validation and leakage ------------------------------------------------------------------------------------
OVERFIT_BLOWUP = 1000.0
"""A validation loss rising to this many times its minimum is no overfitting: a model fitting its training data ever
more confidently makes its held-out mistakes more costly, not a thousandfold (the tuning families' overfitting runs rise
3-6x: xDeepFM's logloss 0.71 -> 4.11, MindSpore's 1.56 -> 6.58); a held-out loss thrown to 1e13 is the numerics' (ECAPA
with dead ReLUs beside a training loss at ln 4, round 39's families)."""
OVERFIT_RISE = 0.15
"""The validation loss ending at least 15% above its minimum, by any path, beyond its noise (below)..."""
OVERFIT_GL = 0.05
"""...or at least 5% above it (Prechelt's generalization loss GL(t) = E_va(t)/E_opt - 1 > alpha, alpha = 5: "Early
Stopping - But When?", 1998), rising after it, when that rise also stands OVERFIT_RISE_Z robust standard deviations of
the validation loss's own point-to-point noise above the minimum... A rise of 15% with no noise estimate, rising after
the minimum, was enough until round 47: it answered overfitting on six healthy runs of the tuning families whose
validation loss swings 2x between evaluations (PyramidNet's batch norms, CNN14's, DS-CNN's) and on one healthy real
log (round65's HY-006), and on no run that needed it."""
OVERFIT_RISE_Z = 3.0
"""...(the noise as 1.4826 x the MAD of its successive differences over sqrt 2: a trend adds little to it)..."""
OVERFIT_TREND_Z = 2.0
"""...or by the order of its points: a rise after the minimum whose Mann-Kendall score (Kendall's tau over its
standard deviation under no trend) is at least 2, one-sided p ~ 0.023 (Mann, 1945; Kendall, 1975): a validation
loss that climbs rank by rank is no noise even where its steps are small beside the noise (seen real logs: three
runs labelled overfitting rise 7-9% at tau 0.6-0.62 over 5-9 points, their rise 1.4-3.0 noise widths)..."""
OVERFIT_NOISE_POINTS = 6
"""...the noise measured after the minimum, where the rise is judged, when at least this many points stand there (a
steep descent before it would swell the spread of successive differences: A-048's validation loss falls 0.05 per
block to its minimum, then moves 0.005): with fewer, over the whole curve..."""
OVERFIT_UP_STRIPS = 4
"""...or by rising at each of its last 4 evaluations, however little (Prechelt's UP_s criterion, "Early Stopping - But
When?", 1998, with strips of one evaluation: 5 values in rising order come by chance once in 5! = 120 orderings), the
patience an early stopping callback spends before it stops the run."""
OVERFIT_TREND = 0.5
"""...and rising steadily after it: a Kendall tau of at least 0.5 over the points after the minimum, or a rise the
Mann-Kendall test finds (OVERFIT_TREND_Z: a noisy validation loss over many evaluations climbs at a lower tau,
round12's AI-002 at tau 0.39 over 20 points, z 2.4), so that a validation loss swinging up and down (unshuffled data,
a too-high lr) is not overfitting."""
OVERFIT_GAP = 0.1
"""...and the generalisation gap, (validation - training) / training at the end, above 10%; or that gap grown by as
much since the validation minimum, in the same unit, when the rise climbs rank by rank (OVERFIT_TREND_Z: a noisy
minimum sits far below its curve, two held-out examples' MSE 7x under the training loss by chance; round52's FM-001,
a Keras run whose validation loss wandered 25% above its minimum while its validation accuracy rose on, is healthy):
a model whose validation loss sat below its training loss
(dropout or augmentation at training only) overfits as the gap closes and turns (round66's IA-001: validation 1.52
at its best beside training 2.72, then 2.30 beside 2.29 while the training accuracy rose to 0.96). Measured on the
956 judged seen real logs of rounds 32-66 this machine holds when introduced: the growth answered one more log,
right (IA-001), and no healthy one."""
OVERFIT_STALL_SHARE = 0.25
"""A held-out quality measure that stopped improving: its best stands at least this share of its evaluations (and at
least OVERFIT_STALL_EVALUATIONS) before the end (Prechelt's "no progress" criterion, 1998, in its plainest form: the
best validation error is not among the last evaluations)... A validation *loss* standing still so is no finding:
round 37 measured its rule (standing within OVERFIT_GL of its best while the training loss fell on to under 40% of
it) on the seen real logs of rounds 32-64 and the 2,927 tuning family runs: it answered 7 runs, 4 of them labelled
healthy (converged classifiers whose training loss went on towards 0: round52's FM-009 and FN-008, round58's GL-008,
round63's HJ-003) and one a family's healthy run, and was needed by none (the two labelled overfitting also accept
healthy or a plateau). People read overfitting in a rise, not in a gap."""
OVERFIT_STALL_EVALUATIONS = 3
OVERFIT_STALL_TRAIN_FALL = 0.3
"""...while the training loss still fell by at least 30% after it (the stretch's medians, as for the rise)..."""
OVERFIT_STALL_CONFIDENCE = 0.6
OVERFIT_QUALITY_GAP = 0.15
"""With no validation loss, a held-out accuracy that stopped improving while the same accuracy on the training data
ends this much higher (15 points) has stopped generalising (seen real logs: a hypernetwork on CIFAR-10 at 98.6% train,
69.8% test; train 0.90 against validation 0.71); healthy image classifiers end a few points apart."""
OVERFIT_QUALITY_STALL = 0.4
"""With no validation loss and no training accuracy, a held-out accuracy that reached the level it kept (within
OVERFIT_GL of its best) at least this share of its evaluations before the end, while the training loss fell on by
OVERFIT_STALL_TRAIN_FALL, stood still as its model went on fitting the training data (Prechelt's "no progress", read
on the level, not on one best point: a stalled accuracy's best is any of its wobbles). Measured: no healthy run of the
tuning families and no healthy seen real log does so; two labelled overfitting real logs (small ViTs whose validation
accuracy stood at 0.45-0.48 for the last half of their epochs as their training loss fell 40%) do..."""
ANSWERS_FITTED = 0.9
"""With no loss logged, a training accuracy ending at this share of its scale or more has learned its training set
(`validation.answers_fitted_apart`): a gap of OVERFIT_QUALITY_GAP under it on held-out data that stopped improving is
overfitting. Measured on the tuning families (round 40): the accuracy-only runs' healthy recipes end 0.05 or less
apart. 0.95 until round 44: Haiku's MLP on random labels ends at 0.942 on its training set, 0.2 (chance) on its test
set; no other answer on the tuning sets moved."""
OVERFIT_QUALITY_FAR = 0.8
"""...ending under this share of the measure's scale: an accuracy standing near perfect has little left to gain,
and a training loss falling on there is convergence, not a gap opening."""
NEVER_BETTERED_EVALUATIONS = 8
"""...unless the first evaluation stayed the best of at least this many: under noise alone (points in random order)
the first is the least of n with probability 1/n, 1/8 here; a validation loss that never bettered its first value
while the training loss fell learned nothing that carries over, however it swings after (round10's AC-012, a Mask
R-CNN fine-tune: validation 2.0 at epoch 1, then 2.1-3.8 for nine epochs as the training loss falls 17x)."""
OVERFIT_NEVER_BETTERED_BELOW = 0.999
"""A held-out accuracy whose first evaluation stayed its best (NEVER_BETTERED_EVALUATIONS) is judged only under this
share of a perfect score: one perfect, or as good as perfect, from its first evaluation had nothing left to gain.
Measured (round 35): on the tuning families and seen real logs with no validation loss, the first evaluation stayed the
best while the training loss fell on in no healthy run; in round59's GP-009 (a toxic-comment classifier, test accuracy
90.4% at epoch 1 and 87.7-89.3% for 49 more epochs as its loss halved) and a run of random labels it did."""
OVERFIT_FEW_EVALUATIONS = 3
"""A validation loss of this many evaluations up to 4 (too few for a noise or trend test, which take 5) overfits
when it ends GL (OVERFIT_GL) above a minimum it reached before its last evaluation while the training loss fell at
every point from that minimum on: Prechelt's GL5 read alone. Seen real logs: three runs of 3-4 epochs labelled
overfitting (round52's FL-001 and FN-003, round54's FT-006: +7% to +64%); of the others of 2-5 evaluations none
labelled otherwise meets it (round35's CX-005 ends +0.3% above its minimum; round50's FB-001 trains up again).
Reported at a stall's confidence (OVERFIT_STALL_CONFIDENCE): three or four points say less than a curve."""
STAIRS_SHARE = 0.5
"""Memorisation read off the training loss alone: at least this share of its whole fall happens at the epoch
boundaries, in drops from the last quarter of one epoch to the first quarter of the next, while it stands nearly still
within each epoch. A model that meets an example again the next epoch and already knows it has memorised it (Howard
and Whitaker, "Can LLMs learn from a single example?", fast.ai, 2023: the loss of a multi-epoch fine-tune falls in
stairs, one step down at the start of each epoch). A loss falling smoothly moves about a quarter of its fall across
those windows (the window is a quarter of an epoch: seen healthy real logs 0.20-0.39; two labelled overfitting, an
SFT of a 4B model on 100 examples and a Qwen fine-tune whose eval loss stood still, 0.62 and 0.65)."""
STAIRS_RUNNING_MEAN = 2.0
"""...unless the printed loss is a running mean over its epoch (`avg_loss = running_loss / i`, reset at each epoch:
WaveRNN's `| Epoch: 3/16 (5/20) | Loss: 2.6388 |`): its step-to-step changes shrink as 1/i through the epoch, the
median over the epoch's first quarter this many times its last quarter's (round 56's WaveRNN, healthy: 2.7-4.5; a
loss printed per batch moves alike through its epoch, about 1). A mean lags above the batches' loss as it falls and
its reset drops to them: stairs of the printing, no memorisation."""
STAIRS_WINDOW = 0.25
"""The window each side of an epoch boundary, as a share of an epoch (at least STAIRS_MIN_WINDOW points)."""
STAIRS_MIN_WINDOW = 3
STAIRS_MIN_EPOCH_POINTS = 12
"""Loss points an epoch must hold for its stairs to be seen: with fewer, the windows (at least STAIRS_MIN_WINDOW points)
cover more than a quarter of an epoch each, and a smooth fall moves more across them (a real run of 8 steps an epoch
learning a linear rule: 0.36-0.49 of its fall)."""
STAIRS_Z = 3.0
"""The drops together stand this many standard errors of the boundary windows' medians (from the loss's own
step-to-step noise within epochs) above zero, and every drop is a drop."""
STAIRS_HELD_OUT_KEPT = 0.98
"""...and no memorisation where a held-out accuracy ends at this share of the training accuracy or above: the model
answers examples it never met as well as those it met again (round84's KH-008: an MNIST classifier whose loss fell in
stairs over 10 epochs, 96.74% right on its training set and 96.77% on its test set; labelled healthy)."""
OVERFIT_CURVE_POINTS = 20
"""A validation loss logged per batch (hundreds of noisy points) is judged on the medians of this many blocks,
so that one lucky batch is not the minimum and per-batch noise does not hide a steady rise."""
FIT_ALONE_TRAIN = 0.1
"""A training loss whose last fifth stands under this share of its start has fitted its training set..."""
FIT_ALONE_HELD = 0.8
"""...and a validation loss whose last third keeps this share of its first value or more learned nothing of it...
(Zhang et al., "Understanding deep learning requires rethinking generalization", 2017, fig. 1a: on random labels the
training loss goes to 0 while the test error stays at chance)..."""
FIT_ALONE_GAP = 10.0
"""...when it ends this many times above the training loss: a generalisation gap no healthy run shows (a fine-tune
whose held-out loss started low and stayed there ends a few times above a training loss that fell 10x). Round51's libFM
on random ratings: training RMSE 2.07 -> 0.002 while the test RMSE goes 2.40 -> 2.17, 900x above it."""
OVERFIT_KEEPS_ACCURACY = 0.4
"""A model that overfits keeps most of what it learned: its validation accuracy ends at no less than this share of its
best (the overfitting runs of the family casebook keep 74-100%, random-label runs 48-100%, real logs 87-100%); one
that ends lower was damaged (a corrupt batch wrecking BatchNorm's statistics: 28%), its validation loss's rise no
overfitting."""
LEAK_FRACTION = 0.05
"""Training and validation loss under this fraction of the start within the first fifth of a run."""
LEAK_CONFIDENCE = 0.45
PERFECT_HELD_OUT_SHARE = 0.75
"""A held-out accuracy exactly at its perfect score (1, or 100 in percent) at each of its last three quarters of
evaluations (at least MIN_EVALUATIONS)..."""
PERFECT_HELD_OUT_TRAIN = 0.9
"""...beside a training accuracy whose median over the same stretch is at most this share of perfect: the held-out set
is degenerate (round53's FO-009: val_acc 1.0 at all 30 epochs beside train_acc 0.4-0.8; round39's DK-005: Val_acc 1.0
from its 8th line while acc sat at 0.57-0.71, multiples of 1/7)."""
PERFECT_HELD_OUT_CONFIDENCE = 0.7
NEGATIVE_LOSS_SLACK = 1e-6
"""A loss that cannot be negative counts as below 0 under -1e-6 of its largest value (or of 1): float rounding of a
KL divergence or a squared error near 0 prints -1e-8, not less."""
NEGATIVE_LOSS_CONFIDENCE = 0.7
"""A loss below the floor its definition sets is wrong whatever the run did after: reported above the bar."""
"""From the logs alone a loss that is near zero early may be leakage or simply an easy problem (issue 9: an
easy, separable task flagged `data_issue`): below the reporting bar, a thing to check."""
ZERO_LOSS_SHARE = 0.9
"""A training loss printed as exactly 0 at its first point and at this share of all its points (MIN_POINTS at least)
was never a loss to learn from: no model starts at a perfect fit, so the targets are trivial (one class), a mask drops
every label, or the loss never sees them (round22's BO-001: 0.0 at all 680 batches of 10 epochs). An RL run's loss,
0 while no sample earns a reward, is left to its reward (`finite_loss`)."""
ZERO_LOSS_FIRST = 1
"""...or from its second point (the index of the first 0): no fit reaches a perfect one in a single logged step
(round24's BT-005: a Trainer's loss 122.1 at step 10, then 0.0 at each of the 36 logged steps to 370), while a loss
that converged and underflows its printed digits takes many points to get there."""
ZERO_LOSS_CONFIDENCE = 0.75
VAL_NONFINITE_CONFIDENCE = 0.7
"""A validation loss that is NaN or inf while the training loss stays finite is a fault of the evaluation's numerics
(real logs, round9, opened: a Keras run whose val_loss is nan at all 10 epochs while val_acc climbs to 0.967), less
sure than a training loss gone non-finite (0.8): the training itself is sound."""
SUBNORMAL = 1.1754944e-38
"""Under float32's smallest normal number (IEEE 754): a loss printed this small and not 0 was never computed by the
model, it is uninitialised memory or an underflow read as a number (round53's FP-010: a hand-written net whose loss
reads 5.18855e-310, a float64 subnormal, at each of its last 41 iterations). A loss that converges underflows to 0."""
SUBNORMAL_CONFIDENCE = 0.75
COMPONENT_BLOWUP = 1e4
"""A component of the training loss ending four orders of magnitude above its start has broken numerics: the VAE KL
terms of the family casebook's healthy runs rise at most 174x as the posterior leaves its prior; components of
real logs that blew up rose 6.8e5-1.7e13x (an EM solver's conductor loss, a VAE's KL_loss at 1e16)..."""
COMPONENT_BLOWUP_CONFIDENCE = 0.7
"""...reported as the numerics, as sure as a NaN in validation alone: the total the run optimises stayed sound."""
POSTERIOR_COLLAPSED = 1e-3
"""A VAE's KL term ending under this many nats (the median of its last fifth), down from a peak at least
POSTERIOR_COLLAPSE_FALL times higher, has collapsed onto the prior: the decoder ignores its latent code (Bowman et al.,
"Generating Sentences from a Continuous Space", 2016). Measured: the healthy sentence VAEs of the family casebook keep
0.002 nats and more (their collapse, at 0.002-0.09, does not keep them from beating a unigram model); round50's FD-008,
a beta-VAE labelled collapsed, ends at 7.5e-6 from 0.149."""
POSTERIOR_COLLAPSE_FALL = 100.0
"""...a KL term that never rose this far above where it ended never left the prior: it did not collapse onto it."""
POSTERIOR_COLLAPSE_CONFIDENCE = 0.6
"""A collapsed posterior is the VAE's mode collapse: reported, under a numerical fault's confidence (a healthy VAE may
keep a few nats, a collapsed one can still reconstruct its inputs well on average)."""

LOSS_SCALE_FLOOR = 1.0
"""A dynamic fp16 loss scale still at or above 1 after an overflow is the scaler at work (it starts at 2^16 in PyTorch's
GradScaler, 2^7 in fairseq, and halves per overflow); one driven below 1 is overflowing on nearly every step (fairseq
gives up at its min_loss_scale 1e-4). Real logs, round4: wav2vec 2.0 pretraining, 19 overflows over 4600 updates,
scale 128 -> 8 -> 16, labelled healthy."""

# -- logged health metrics ------------------------------------------------------------------------------------
DEAD_FRACTION = 0.7
"""AUTOTRAINER: 70% of units never active is a dying-ReLU network: confidence DEAD_AT_CUTOFF there..."""
DEAD_ONSET = 0.5
"""...graded from half the units dead (issue 9: a layer 62% dead is a dead-ReLU problem though under the 70%
cut-off), the confidence rising linearly with the fraction..."""
DEAD_AT_ONSET = 0.45
"""...from just under the reporting bar at DEAD_ONSET..."""
DEAD_AT_CUTOFF = 0.6
"""...(the confidence the 70% cut-off has always had)..."""
DEAD_ALL = 0.9
"""...and every unit dead the strongest log sign there is of it."""
DEAD_LEARNING = 0.5
"""A run whose training loss ends under half its start learns despite its dead units: no dead-ReLU fault (a healthy
CNN of the tuning families ends with 62% of one dense layer's units dead at 94% validation accuracy)."""

COLLAPSED_MODES = 1
"""A logged count of the data's modes that generated samples cover (the GAN benchmarks' "modes captured" on a ring or
grid of Gaussians: Metz et al., "Unrolled GANs", 2017) at most this high over the second half of a run, having
reached it, is mode collapse by definition; none at all is a generator that makes nothing like the data."""
COLLAPSED_CONFIDENCE = 0.8
"""As sure as a loss stuck at chance (CHANCE_STUCK_CONFIDENCE): the metric states the fault."""

# -- periods ---------------------------------------------------------------------------------------------------
MIN_EPOCH_PERIOD = 10
"""A loss period shorter than this many logged steps is too short to be an epoch: it is an lr overshooting."""
PERIOD_ACF = 0.4
"""A period of the detrended log-loss is real when its autocorrelation peak reaches 0.4..."""
PERIOD_CONTRAST = 0.6
"""...rises at least 0.6 above the trough before it (the loss goes down and comes back: a cycle, not drift)..."""
PERIOD_ECHO = 0.25
"""...and repeats at twice the lag (measured on the tuning families: sorted data 0.36-0.66 at 2p, healthy runs
under 0.15 at any lag)."""
OSCILLATION_CROSSINGS = 6
"""Slow swings cross their trend at least this often (three up-and-down cycles): swinging runs of the tuning
families cross 13-27 times, a healthy loss that collapses late (real logs, dev split: 2.4 -> 0.01 in its last
quarter) 3 times against the quadratic trend."""
OSCILLATION_LEVEL = 0.1
"""Slow swings move the loss's level: its rolling median (over a fiftieth of the run) strays from the closest
only-falling curve by a standard deviation of at least 10% (0.1 on a log scale). Per-batch scatter around a smooth
decline moves the points, not the level (real logs, held-out: a batch loss 4.0 -> 0.005 over 58k steps whose points
scatter 2x, its level 0.058); a loss that keeps swinging moves it (real logs, fresh: 0.11; a momentum-0.995
regression of bench/bench_diagnosis.py: 0.54; swinging runs of the tuning families 0.38-1.1)."""
PERIOD_SWING = 2.0
"""Data in a fixed order swings the loss by factors within its period as the kind of batch changes (sorted-data
runs of the tuning families: 8-240x); the same examples coming round again in a multi-epoch fine-tune make a
period of a few percent (real logs, dev split: 1.02x and 1.31x), no fault of the order."""
SWING_CONFIDENCE_AT_1X = 0.6
"""A period or an overshoot's confidence before its swing counts: a pattern the autocorrelation found, no size yet..."""
SWING_CONFIDENCE_PER_DOUBLING = 0.15
"""...plus this much for each doubling of the swing (the 5th-95th percentile range of the detrended loss): a loss
swinging 2.4x about its trend (a sorted-data TabNet of the tuning families) is firmer evidence than one swinging 1.5x
(0.79 against 0.69); a fixed 0.75 for any period lost to a chance-level plateau on every sorted-data run of round 22's
families (round 23, tuning split)..."""
DATA_ORDER_MAX_CONFIDENCE = 0.9
"""...up to this for the data order (a period of a whole epoch, the same all run), 0.85 for an overshoot
(OVERSHOOT_MAX_CONFIDENCE): a learning rate too high has other signs the detectors read besides the period."""
DATA_ORDER_HARMLESS_FALL = 0.5
"""...but a data order beside a validation loss that ended (the median of its last three) under this share of its
first evaluation did the run no harm a person would call its fault: batches in one fixed order, not sorted by label
(a model fed one class at a time forgets the others, so its held-out loss never halves). Measured: round86's KS-012,
a Common Voice classifier printed MNIST-style with no shuffling, its test loss 0.49 -> 0.17 (labelled healthy); of
the sorted-data runs of the tuning families rebuilt in round 55 (rounds 57-58, the first of 45's) the order was read in
two, neither of whose validation losses halved."""
DATA_ORDER_HARMLESS_CONFIDENCE = 0.4
"""...so its data order is a finding under the bar (REPORTABLE), a thing to fix, not the run's root cause."""
OVERSHOOT_MAX_CONFIDENCE = 0.85
"""The overshoot's cap (see DATA_ORDER_MAX_CONFIDENCE)."""
OVERSHOOT_DIED_OUT = 1 / 3
"""...and no overshoot at all when its swing died out: the detrended log-loss's spread over the last third of the
judged tail under this share of its spread over the first third (a damped oscillation the optimizer came out of).
Measured: round61's GX-003, a full-batch LSTM whose period-4 swings die out by epoch 58 of 100, 0.27 (labelled
healthy); the overshoots rightly reported on the seen real logs 0.63-3.27 and on the tuning families 0.42-1.8."""
ACCUMULATOR_RISE = 0.85
"""A loss whose points climb on this share of its moves, while its trend does not, is a running sum or a running
mean printed before the epoch ends (`loss_sum / num_batches`, reset at each epoch): it climbs through every epoch and
falls at the next one's start, a period that is the printing, not the data order (real logs: BU-005 climbs on 99% of
its moves, CK-010 on 95%; the sorted-data runs of the tuning families fall through their class blocks, 2-45%)."""
RUNNING_MEAN_DECAY = 10.0
"""A loss whose first three moves after each epoch starts are this many times its moves in the epoch's second half (the
median over epochs) is a running mean restarted each epoch (tqdm's postfix `loss=total / (i + 1)`): a mean's k-th move
is about 1/k of one batch's deviation, so its swings are its printing and only each epoch's last point, the epoch's
mean, is a point of the curve. Measured: per-batch losses 1.0-7.2 (216 runs of the tuning families with an epoch axis)
and 1.0-3.1 (47 seen real logs); running means 12.5-190 (round46's EK-002, round43's DY-001, round49's EY-001) and
one of 6.4 (round35's DA-008, 25 points an epoch) left as it is."""
GAVE_BACK_Z = 3.0
"""A loss that fell then rose is a learning rate too high only when the rise (log of end over low) stands this many
standard errors of the low above it (`trend.rose_beyond_noise`): a noisy per-batch loss (0.6-2.5 around 1.3, real
logs, round6's Q-010, labelled healthy) "rises" 2.3 of them by chance; the tuning and calibration families' runs this
rule fires on stand 3.4 and more."""
RELAPSE_SHARE = 0.5
"""A loss that rose back by this share of its fall in log terms (3.5 -> 0.08 -> 0.6), its whole end (10th percentile
of its last fifth) 3x above its low, gave its learning back (`trend.relapsed`): real logs S-002, AE-012, AN-011
(rounds 5-6, labelled lr_too_high) rose by 0.54-0.72 of their fall, while a margin loss touching 0 at the end (a
siamese family run, real log U-003) has its floor under the low."""
RELAPSE_CONFIDENCE = 0.55
"""A relapse's confidence: under a spike's (a bad batch can kick a loss near 0 up as far: the casebook's
spike_outliers_b rose 113-fold from 0.0008 after its spikes), above the reporting bar."""
DIVERGED_BY = 1000.0
"""A loss that rose this many times over (three orders of magnitude: plain gradient descent past 2 / the curvature
grows the loss geometrically, 1e148-fold in 60 steps on the try_fixes fixture) has diverged: a learning rate too high,
its most common cause (Goodfellow et al., "Deep Learning", 2016, 8.1.3), reported at the bar (REPORTABLE) where no lr
is logged to tie it to. The seen real logs hold one such rise with no lr logged (BS-012, 2.3 -> 1.1e4, labelled
overfitting)."""
UNLOGGED_LR_CONFIDENCE = 0.45
"""A rise of the training loss short of DIVERGED_BY, read as a learning rate too high, in a log with no learning rate
logged (or one far too small to blow a loss up): the shape alone, just under the reporting bar (REPORTABLE), a finding
and no root cause. Measured on the seen real logs: at the bar it was right on 2 of the 13 such logs of rounds 16-26 (the
rises were held-out losses, RL and GAN losses, a file written newest-first, an explosion past the lr) and on 3 of 14 of
rounds 16-30, where it made healthy runs faulty; under it the seen logs gain 5 and lose 3, the tuning families none
(every family run logs its lr: 96 of 108 right at 0.88)."""
HELD_OUT_RISE_CONFIDENCE = 0.7
"""A held-out loss, logged with no training loss, that turned up: overfitting, as sure as a rise the validation detector
sees beside a falling training loss (an evaluation log whose loss climbs 0.59 -> 2.95 while its accuracy holds: seen
real logs, round12's AI-008; a BEV segmenter's validation loss 5.9 -> 48 while its mIoU rises: AO-007)."""
NEVER_HELD = 0.1
"""A loss that spends under a tenth of its run (smoothed) below 80% of its start never fell: a noisy loss dips
there by chance (a regression blown up 10^4x on its second step and back to its start by the end: 1% of it)."""
EARLY_RISE_SHARE = 0.2
"""A loss that never fell below its start but peaked within this share of its points, then came down by FLAT_CHANGE of
that peak while an accuracy or an error improved, rose with its objective, not against it: MoCo's InfoNCE starts near 0
on an empty queue and climbs towards ln(1 + K) as K negatives fill it (He et al., 2020; round 28's families: 0.01 at
step 1, a peak of 6.1 by step 20, 4.5 at step 300 while the k-NN monitor rose 0.62 -> 0.83: 13 of the 15 healthy MoCo
runs were called a learning rate too high before). A too-high rate's blow-up peaks late, or comes back to its start
(ConvNeXt at 0.6), or happens at a rate far above any recipe's (LR_FAR_TOO_HIGH: a music transformer at 0.9)."""
MIN_HELD_IMPROVEMENT = 3
"""A loss below 80% of its start at fewer logged steps than this before blowing up never really improved."""

# -- model evidence --------------------------------------------------------------------------------------------
MODEL_CONFIDENCE = 0.75
"""A finding the model inspection measured (a dead ReLU's fraction, a head's share): as sure as a clear log
signature, below the certainty of a bug the code proves."""

# -- a GAN's game ----------------------------------------------------------------------------------------------
PERFECT_DISCRIMINATOR = 0.01
"""A discriminator's loss (never negative: a cross-entropy or least-squares game, not a WGAN critic) whose median over
the run's last third is under this tells real from fake almost perfectly (a cross-entropy of 0.01 is p > 0.99 on both):
the generator's gradients vanish (Arjovsky & Bottou, "Towards Principled Methods for Training Generative Adversarial
Networks", 2017). Seen real logs: the three runs labelled so end at 0.0000-0.0029; seven healthy GANs' discriminators
(CycleGAN's least-squares among them, whose loss falls as its generator's rises) end at 0.034 and above."""
PERFECT_DISCRIMINATOR_CONFIDENCE = 0.7
FROZEN_GAME_POINTS = 50
"""A GAN whose two sides each end printing one value, exactly, for at least this many points (a float loss repeats
exactly only when it no longer moves: a moving loss printed even to 2 decimals does not repeat 50 times in a row): the
game stopped, the discriminator's outputs saturated and neither side gets a gradient (round35's CZ-006, a conditional
MNIST GAN printing `d_loss 50.000000, g_loss 0.000000` for its last 4,689 rows)."""

# -- chance levels (K classes: a uniform guess has cross-entropy ln K and accuracy 1/K) ---------------------------
CHANCE_LOSS_TOLERANCE = 0.1
"""A loss within 10% of ln K is at chance, unless the run's own noise is wider (CHANCE_NOISE_Z below): untrained
4-class models of the tuning families start at 1.33-1.48 (ln 4 = 1.386, i.e. -4%..+7%); ln 3 and ln 5 lie 21% and
16% away, so the tolerance still tells neighbouring K apart."""
CHANCE_NOISE_Z = 3.0
"""...or within this many robust standard deviations of its per-step values (the run's noise, 1.4826 x MAD)."""
CHANCE_BINARY_BAND = 0.02
"""With no K known, a loss whose second and last fifths both lie within 2% of ln 2 is a two-way cross-entropy at
chance: a level that exact and that still is no coincidence of another loss's scale. Measured in round 34 on the tuning
data: it turns round56's GB-009 right (a binary classifier's loss at 0.685-0.690 for 35 of 40 epochs) and changes no
other answer on 2,263 family runs and 848 seen real logs; a GAN's discriminator at 0.693 (a balanced game, round57's
GE-001) is left out. A band of 10% (CHANCE_LOSS_TOLERANCE) is for a K known from elsewhere."""
CHANCE_ACCURACY_BAND = 0.3
"""An accuracy within 30% of 1/K is at chance: an untrained or label-blind 4-class model of the tuning families
scores 0.198-0.325 on balanced validation data (a constant guess scores its class's share, not exactly 1/K);
overfitting models that learned something score 0.40 and more."""
CHANCE_ACCURACY_REACH = CHANCE_ACCURACY_BAND / 4
"""...and never more than this far from 1/K in absolute terms (the 4-class band's ±0.075, where it was measured):
with two classes, 30% of 1/2 would call a classifier right 62% of the time a guess (round75's JN-001, its validation
accuracy 49% -> 62% beside a falling loss)."""
EXACT_SHARE_HITS = 2
"""A held-out accuracy printed at exactly 1/K at this many evaluations tells K (`chance.classes_from_exact_share`): one
exact hit may be a share that happens to be a unit fraction; the same one again is a constant output's."""
CHANCE_TRAIN_FIT = 0.5
"""A training loss under half of ln K fits its training data: when validation accuracy stays at chance meanwhile,
the labels do not follow from the inputs (random-label runs of the tuning families reach 0.001-0.05 against
ln 4 = 1.386)."""
MEMORISED_FAST = 0.35
"""...and when the training loss (a 5-point running mean) was already under a tenth of its start within this share of
the run, the set it fitted may be small, not its labels random: true labels of a small set are learned in a few passes,
random ones only slowly (Zhang et al., 2017, "Understanding deep learning requires rethinking generalization", fig. 1a).
Either way the model learned its training set by heart: overfitting, the evidence naming both. Measured on the tuning
families where validation accuracy stays at chance (rounds 45-49, in round 47): tiny training sets reach a tenth of
their start by 1.5-34% of the run (median 7%, all 27 under 35%), random labels at 4-100% (median 31%, 19 of 40
beyond 35%), sorted batches at under 9% or beyond 84%. 0.1 until round 47 (measured then on 28 tiny sets, 17 under
it): 12 of these 27 tiny sets had answered labels apart."""
CHANCE_EXCEEDED = 1.5
"""A training loss whose last fifth stands above this many times ln K, its answers at 1/K, is worse than a uniform
guess (`chance.worse_than_chance`). Measured on the tuning families (round 40, K from each case): the last fifth of
every healthy run lies at 0.01-0.76 x ln K, of runs at too low an lr, with dead ReLUs, sorted or random labels at most
1.19 x; 52 of 99 runs at too high an lr end above 1.5 x (up to 1e34 x), and one run with a log(0)."""
POLICY_KL_FAR = 1.0
"""A policy-gradient run whose approximate KL between the policy before and after each update (PPO's `approx_kl`,
baselines' `approxkl`) has a median of this many nats or more replaces its policy at every update instead of stepping
within a trust region: PPO's adaptive-KL targets are 0.003-0.03 (Schulman et al., 2017, "Proximal Policy Optimization
Algorithms", section 4), Stable-Baselines3 suggests a `target_kl` of 0.01-0.05. Measured on the seen real logs: healthy
runs' medians 0.0036-0.042; two runs labelled lr_too_high at 6.1 and 24 (round74's JG-002, baselines' PPO2 at 287,688
on its first update)."""
AUC_CHANCE_EXCEEDED = 4.0
"""...and this many times ln 2 where K is read off an ROC AUC at 1/2 (`chance.classes_of_still_answers`): the AUC says
the answers are a guess, not the loss's scale (a class-weighted or label-summed cross-entropy sits above ln 2 at chance
too). Measured on the tuning data (round 45): PNN's runs at too high an lr end at 8.2-126 x ln 2 beside a `train-auc`
of 0.50-0.53; a real run labelled a plateau, its AUROC at chance, ends at 1.7 x (round68's IH-006)."""
OVERCONFIDENT_CONFIDENCE = 0.75
"""A validation loss far above ln K beside a fitted training loss (`chance.overconfident_held_out`): overfitting read
off the chance level, as sure as a validation loss that turned up (0.6 + 0.3 x its rise, 0.75 typically) and under
what the labels cut from the inputs make of it (CHANCE_LABELS_CONFIDENCE)."""
CHANCE_EXCEEDED_CONFIDENCE = 0.8
"""As sure as a loss stuck at ln K (CHANCE_STUCK_CONFIDENCE): both read the chance level off the run itself."""
CHANCE_TRAIN_ANSWERS = 0.5
"""...or training answers ending at least this share of the way from 1/K to all right (0.625 for 4 classes) fit the
training data as well: beside a validation accuracy at chance, what the model learned there does not carry over
(the family casebook's runs on batches sorted by class: 75-84% right on the training batches, 25% held out)."""
ONE_CLASS_EXTREME = 0.02
"""A batch's share of right answers within this of 0 or of 1 is all wrong or all right: a batch of one class, answered
as the class the model was last pushed to (`chance.one_class_batches`)..."""
ONE_CLASS_BLOCK = 3
"""...in blocks of at least this many batches in a row on one side..."""
ONE_CLASS_SWITCHES = 4
"""...that switch side at least this often (a model that learns goes from wrong to right once)..."""
ONE_CLASS_RUNS_Z = -4.0
"""...and far fewer runs of one side than independent batches would give (the Wald-Wolfowitz runs test's z at most
this, one chance in 30,000 for independent answers): batches of one answer come in blocks, not by chance (one example
a batch is all right or all wrong each time). Measured on the tuning families (round 58): 7 of 14 sorted-data runs
that log a batch's accuracy switch blocks 12-49 times; none of the 227 others (healthy, random labels, lr faults, dead
ReLUs) switches at all."""
ONE_CLASS_CONFIDENCE = 0.9
"""Batches of one class in blocks are the data sorted by label, whatever the loss does."""
CHANCE_STUCK_CONFIDENCE = 0.8
"""A loss stuck at ln K is the clearest sign a run learns nothing (above a flat loss with no chance level, 0.55)."""
CHANCE_ANSWERS_CONFIDENCE = 0.7
"""Answers at 1/K (K of 3 or more) from the first third of a run to its last, beside a loss that never fell to half its
start: the model guesses at every evaluation, whatever its loss's scale says (round63's HL-010, a 10-class accuracy at
0.098-0.102 for ten epochs beside a loss wandering about zero). A share of answers is a coarser sign than a loss at ln
K (CHANCE_STUCK_CONFIDENCE); two classes' chance band (CHANCE_ACCURACY_BAND of 1/2) holds models that learned a
little, so no sign there."""
CHANCE_LABELS_CONFIDENCE = 0.85
"""Validation accuracy at 1/K while the training loss is fitted: labels cut from the inputs, above what the
overfitting detector makes of the same rise (at most 0.9 for a doubled validation loss, 0.75 typically)."""
