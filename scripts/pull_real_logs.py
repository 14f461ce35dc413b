"""Pull the real public training logs of `bench/real_logs.tsv` into `bench/out/real_logs/` (git-ignored).

The logs are other people's files: they stay out of this repository. The manifest names each one by repository,
commit and path, with the sha256 of its bytes and what a person reading the raw file expects of it. This script
lays each file out as `bench/out/real_logs/ID/<name>` (a run folder keeps its relative paths) from either

- `--from DIR`: a folder already laid out that way (the one the corpus was built in), or
- `--mirror DIR`: git snapshots `DIR/owner+name/repo` (or `.../repo/.git`) of the repositories (as a session's
  `fetch` tool makes them), read with `git show COMMIT:PATH`,

checks every sha256, and lists what it could not find with what to fetch. Nothing is downloaded: these machines
reach no code host. A session's `fetch` finds at most 500 repositories: fetch the unseen splits' first, then the
newest seen ones. The split is fixed by the row, not chosen: `held_out(repo, path)`.

    python scripts/pull_real_logs.py --from /work/corpus/files --mirror /work/.mirror
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
MANIFEST = ROOT / "bench" / "real_logs.tsv"
FRESH = ROOT / "bench" / "real_logs_fresh.tsv"
"""Rows labelled at the end of round 3 from new repositories and never read by any tool: the next held-out measure
(its first run is the report; say so when you run it)."""
ROUND4 = ROOT / "bench" / "real_logs_round4.tsv"
"""Rows labelled in round 4 from repositories never used before, by people who never ran the tool: round 4's held-out
measure. By then `held-out` and `fresh` had been measured several times, so round 4 tunes on them too."""
ROUND5 = ROOT / "bench" / "real_logs_round5.tsv"
"""Rows labelled at the end of round 4, from repositories never used before: measured once when round 4 ended (the
yardstick of what round 4 tuned on round4's rows); its rows stay closed (totals only)."""
ROUND6 = ROOT / "bench" / "real_logs_round6.tsv"
"""Rows labelled at the start of round 5 from repositories never used before, by three people who never ran the tool
(favouring runs that went wrong): round 5's first yardstick, measured before any round-5 change and once after the
first wave; then opened and tuned on."""
ROUND7 = ROOT / "bench" / "real_logs_round7.tsv"
"""Rows labelled in round 5 from repositories never used before, by three more people who never ran the tool, while
round6 was being tuned on: round 5's one-look yardstick (scored twice after round 5's freeze, with round 4's and round
5's code); opened at the start of round 6 and tuned on."""
ROUND8 = ROOT / "bench" / "real_logs_round8.tsv"
"""Rows labelled at the start of round 6 from repositories never used before, by three people who never ran the tool:
round 6's first one-look yardstick (90 logs, 86 repositories, parts V W X Y Z E); opened after that look and tuned
on."""
ROUND9 = ROOT / "bench" / "real_logs_round9.tsv"
"""Rows labelled in round 6, while round8 was tuned on, from repositories never used before, by three more people
who never ran the tool: round 6's second one-look yardstick (45 logs, parts D AA AB); opened after that look."""
ROUND10 = ROOT / "bench" / "real_logs_round10.tsv"
"""Rows labelled at the end of round 6 from repositories never used before, by three people who never ran the tool:
the next round's first yardstick; scored once at the start of round 7 with round 6's code, then opened."""
ROUND11 = ROOT / "bench" / "real_logs_round11.tsv"
"""Rows labelled at the start of round 7 from repositories never used before, by three people who never ran the
tool (45 logs, parts AF AG AH): round 7's one-look yardstick; scored once at its end, then opened."""
ROUND12 = ROOT / "bench" / "real_logs_round12.tsv"
"""Rows labelled at the end of round 7 from repositories never used before, by three people who never ran the tool
(45 logs, parts AI AJ AK): round 8's first yardstick, scored once at its start with round 7's code, then opened."""
ROUND13 = ROOT / "bench" / "real_logs_round13.tsv"
"""Rows labelled at the start of round 8 from repositories never used before, by three people who never ran the tool
(44 logs, parts AL AM AN): scored once early in round 8 (with round 8's first code and round 7's), then opened."""
ROUND14 = ROOT / "bench" / "real_logs_round14.tsv"
"""Rows labelled in round 8 from repositories never used before, by three more people who never ran the tool (43 logs,
parts AO AP AQ), while round13 was tuned on: round 8's end-of-round yardstick, scored once with round 8's code and
round 7's, then opened."""
ROUND15 = ROOT / "bench" / "real_logs_round15.tsv"
"""Rows labelled at the end of round 8 from repositories never used before, by three people who never ran the tool
(43 logs, parts AR AS AT): round 9's first yardstick, scored once at its start with round 8's final code, then
opened."""
ROUND16 = ROOT / "bench" / "real_logs_round16.tsv"
"""Rows labelled at the start of round 9 from repositories never used before, by three people who never ran the tool
(42 logs, parts AU AV AW): round 9's end-of-round yardstick, scored once with round 9's final code and round 8's,
then opened."""
ROUND17 = ROOT / "bench" / "real_logs_round17.tsv"
"""Rows labelled at the end of round 9 from repositories never used before, by three people who never ran the tool
(45 logs, parts AX AY AZ): round 10's first yardstick, scored once at its start with round 9's final code, then opened
(a real-log calibration split from round 10 to round 33)."""
ROUND18 = ROOT / "bench" / "real_logs_round18.tsv"
"""Rows labelled at the start of round 10 from repositories never used before, by three people who never ran the tool
(45 logs, parts BA BB BC): round 10's end-of-round yardstick, scored once with round 10's final code and round 9's,
then opened. When the fetch tool's allowance ran out, 17 files were rebuilt from the index's text (each row's notes
say so): their sha256 may differ from git's bytes."""
ROUND19 = ROOT / "bench" / "real_logs_round19.tsv"
"""Rows labelled in round 10 from repositories never used before, by three more people who never ran the tool (45 logs,
parts BD BE BF), every file rebuilt from the index's text (the fetch allowance was spent): the next round's first
yardstick: scored once at the start of round 11 with round 10's final code, then opened."""
ROUND20 = ROOT / "bench" / "real_logs_round20.tsv"
"""Rows labelled at the start of round 11 from repositories never used before, by three people who never ran the tool
(45 logs, parts BG BH BI; 5 rebuilt from the index's text where no snapshot held the file, each row's notes say so):
round 11's end-of-round yardstick, scored once at its end (totals only) with round 11's final code and round 10's, then
opened for the closing note's list of misses (nothing tuned on it)."""
ROUND21 = ROOT / "bench" / "real_logs_round21.tsv"
"""Rows labelled at the end of round 11 from repositories never used before, by three more people who never ran the
tool (45 logs, parts BJ BK BL; 16 rebuilt from the index's text where no snapshot held the file or the fetch allowance
ran out, each row's notes say so): round 12's first yardstick, scored once at its start (totals only) with round 11's
final code, then opened."""
ROUND22 = ROOT / "bench" / "real_logs_round22.tsv"
"""Rows labelled at the start of round 12 from repositories never used before, by three people who never ran the tool
(44 logs, parts BM BN BO; 13 rebuilt from the index's text where no snapshot held the file or the fetch allowance ran
out, each row's notes say so): round 12's end-of-round yardstick. No tool has read them: score them once, and say
so."""
ROUND23 = ROOT / "bench" / "real_logs_round23.tsv"
"""Rows labelled during round 12 from repositories never used before, by three more people who never ran the tool
(45 logs, parts BP BQ BR; 12 rebuilt from the index's text where no snapshot held the file or the fetch allowance ran
out, each row's notes say so): the next round's first yardstick. No tool has read them: score them once, and say
so."""
ROUND24 = ROOT / "bench" / "real_logs_round24.tsv"
"""Rows labelled at the start of round 13 from repositories never used before, by three people who never ran the tool
(45 logs, parts BS BT BU; their final messages carried no labels; 6 rebuilt from the index's text where no snapshot held
the file or the fetch allowance ran out, each row's notes say so): round 13's end-of-round yardstick, scored once then
with round 12's and round 13's final code, opened in round 14."""
ROUND25 = ROOT / "bench" / "real_logs_round25.tsv"
"""Rows labelled at the end of round 13 from repositories never used before, by three more people who never ran the tool
(42 logs, parts BV BW BX; their final messages carried no labels; 20 rebuilt from the index's text where no snapshot
held the file or the fetch allowance ran out, each row's notes say so; a 43rd, the same file as round17's AZ-011, was
dropped): round 14's first yardstick, scored once with round 13's final code, then opened."""
ROUND26 = ROOT / "bench" / "real_logs_round26.tsv"
"""Rows labelled at the start of round 14 from repositories never used before, by three people who never ran the tool
(41 logs, parts BY BZ CA; their final messages carried no labels; 12 rebuilt from the index's text where no snapshot
held the file or the fetch allowance ran out, each row's notes say so): round 14's end-of-round yardstick, scored once
then with round 13's and round 14's final code, opened in round 15."""
ROUND27 = ROOT / "bench" / "real_logs_round27.tsv"
"""Rows labelled at the start of round 15 from repositories never used before, by three people who never ran the tool
(45 logs, parts CB CC CD; their final messages carried no labels; 26 rebuilt from the index's text where no snapshot
held the file or the fetch allowance ran out, each row's notes say so): round 15's end-of-round yardstick, scored once
then with round 14's and round 15's final code, then opened."""
ROUND28 = ROOT / "bench" / "real_logs_round28.tsv"
"""Rows labelled at the end of round 15 from repositories never used before, by three people who never ran the tool
(45 logs, parts CE CF CG; their final messages carried no labels; 20 rebuilt from the index's text where no snapshot
held the file or the fetch allowance ran out, each row's notes say so): round 16's first yardstick, scored once at
its start with round 15's final code, totals only, then opened."""
ROUND29 = ROOT / "bench" / "real_logs_round29.tsv"
"""Rows labelled in round 16 from repositories never used before, by three people who never ran the tool (37 logs,
parts CH CI CJ; their final messages carried no labels; 7 rebuilt from the index's text where no snapshot held the
file or the fetch allowance ran out, each row's notes say so): round 16's end-of-round yardstick, scored once then
with round 15's and round 16's final code (totals only), then opened."""
ROUND30 = ROOT / "bench" / "real_logs_round30.tsv"
"""Rows labelled at the end of round 16 from repositories never used before, by three people who never ran the tool
(44 logs, parts CK CL CM; their final messages carried no labels; 22 rebuilt from the index's text where no snapshot
held the file or the fetch allowance ran out, each row's notes say so): round 17's first yardstick, scored once at
its start with round 16's final code, totals only, then opened."""
ROUND31 = ROOT / "bench" / "real_logs_round31.tsv"
"""Rows labelled at the start of round 17 from repositories never used before, by three people who never ran the tool
(41 logs, parts CN CO CP; their final messages carried no labels; 18 rebuilt from the index's text where no snapshot
held the file or the fetch allowance ran out, each row's notes say so; 38 judged): round 17's end-of-round yardstick,
scored once then with round 16's and round 17's final code (totals only), then opened."""
ROUND32 = ROOT / "bench" / "real_logs_round32.tsv"
"""Rows labelled during round 17 from repositories never used before, by three people who never ran the tool (38
logs, parts CQ CR CS; their final messages carried no labels; 10 rebuilt from the index's text where no snapshot held
the file or the fetch allowance ran out, each row's notes say so): round 18's first yardstick, scored once at its
start with round 17's final code, totals only, then opened."""
ROUND33 = ROOT / "bench" / "real_logs_round33.tsv"
"""Rows labelled during round 18 from repositories never used before, by three people who never ran the tool (40
logs, parts CT CU CV; their final messages carried no labels; 12 rebuilt from the index's text where no snapshot held
the file or the fetch allowance ran out, each row's notes say so): scored once at 10:03 of round 18 (meant as its
end-of-round yardstick, looked at early) with round 17's and round 18's code of then (totals only), then opened."""
ROUND34 = ROOT / "bench" / "real_logs_round34.tsv"
"""Rows labelled during round 18 from repositories never used before, by three people who never ran the tool (40
logs, parts CW CX CY; their final messages carried no labels; 11 rebuilt from the index's text where no snapshot held
the file or the fetch allowance ran out, each row's notes say so): round 18's end-of-round yardstick, scored once
then with round 17's and round 18's final code (totals only), then opened."""
ROUND35 = ROOT / "bench" / "real_logs_round35.tsv"
"""Rows labelled at the start of round 19 from repositories never used before, by three people who never ran the tool
(43 logs, parts CZ DA DB; their final messages carried no labels; 10 rebuilt from the index's text where no snapshot
held the file or the fetch allowance ran out, each row's notes say so): round 19's first yardstick, scored once at its
start with round 18's final code and with the code of then (totals only), then opened."""
ROUND36 = ROOT / "bench" / "real_logs_round36.tsv"
"""Rows labelled at the start of round 19 from repositories never used before, by three people who never ran the tool
(35 logs, parts DC DD DE; their final messages carried no labels; 7 rebuilt from the index's text, two of them typed
from its pages where no snapshot held the file, each row's notes say so): round 19's end-of-round yardstick, scored
once then with round 18's and round 19's final code (totals only), not opened."""
ROUND37 = ROOT / "bench" / "real_logs_round37.tsv"
"""Rows labelled at the start of round 20 from repositories never used before, by two people who never ran the tool
(28 logs, parts DF DG; their final messages carried no labels; 7 rebuilt from the index's text where no snapshot held
the file or the fetch allowance ran out, each row's notes say so): round 20's first yardstick, scored once at its
start with round 19's final code and with the code of then (totals only), then opened."""
ROUND38 = ROOT / "bench" / "real_logs_round38.tsv"
"""Rows labelled at the start of round 20 from repositories never used before, by three more people who never ran the
tool (37 logs, parts DH DI DJ; their final messages carried no labels; 8 rebuilt from the index's text, each row's
notes say so): round 20's end-of-round yardstick beside round36, scored once at its end."""
ROUND39 = ROOT / "bench" / "real_logs_round39.tsv"
"""Rows labelled at the end of round 20 from repositories never used before, by three people who never ran the tool
(27 logs, parts DK DL DM; their final messages carried no labels; every file taken from a fetched snapshot; three
rows of part DK dropped, their repositories being in another part or an earlier split): round 21's first yardstick,
never scored in round 20, scored once at round 21's start with round 20's final code (totals only), then opened."""
ROUND40 = ROOT / "bench" / "real_logs_round40.tsv"
"""Rows labelled at the start of round 21 from repositories never used before, by four people who never ran the tool
(50 logs, parts DN DO DP DQ; their final messages carried no labels; 14 rebuilt from the index's text where no
snapshot held the file or the fetch allowance ran out, each row's notes say so, two of them with line endings or
carriage returns inferred from the stored length): round 21's end-of-round yardstick, scored once at its end."""
ROUND41 = ROOT / "bench" / "real_logs_round41.tsv"
"""Rows labelled during round 21 from repositories never used before, by three more people who never ran the tool
(32 logs, parts DR DS DT; their final messages carried no labels; every file from a fetched snapshot): round 22's
first yardstick, never scored in round 21, scored once at round 22's start with round 21's final code (totals only),
then opened."""
ROUND42 = ROOT / "bench" / "real_logs_round42.tsv"
"""Rows labelled at the start of round 22 from repositories never used before, by four people who never ran the tool
(40 logs, parts DU DV DW DX; their final messages carried no labels; 8 rebuilt from the index's text where no
snapshot held the file, each row's notes say so; a 41st, the same file as round20's BG-012, was dropped): round 22's
end-of-round yardstick, scored once then (totals only), opened in round 23."""
ROUND43 = ROOT / "bench" / "real_logs_round43.tsv"
"""Rows labelled at the start of round 23 from repositories never used before, by four people who never ran the tool
(40 logs, parts DY DZ EA EB; their final messages carried no labels; 11 rebuilt from the index's text where no
snapshot held the file or a fetch was not spent on it, each row's notes say so): round 23's end-of-round yardstick."""
ROUND44 = ROOT / "bench" / "real_logs_round44.tsv"
"""Rows labelled at the start of round 24 from repositories never used before, by four people who never ran the tool
(41 logs, parts EC ED EE EF; their final messages carried no labels; 11 rebuilt from the index's text where no
snapshot held the file or a fetch was not spent on it, each row's notes say so): round 24's end-of-round yardstick,
scored once then (totals only), opened in round 25."""
ROUND45 = ROOT / "bench" / "real_logs_round45.tsv"
"""Rows labelled at the start of round 25 from repositories never used before, by four people who never ran the tool
(45 logs, parts EG EH EI EJ; their final messages carried no labels; 6 rebuilt from the index's text where no snapshot
held the file, each row's notes say so; 18 free text, fewer than half: the labellers' search allowance ran out):
round 25's end-of-round yardstick, scored at its end twice (totals), opened in round 26."""
ROUND46 = ROOT / "bench" / "real_logs_round46.tsv"
"""Rows labelled at the start of round 26 from repositories never used before, by five people who never ran the tool
(41 logs, parts EK EL EM EN EO, 5 to 11 rows each: their search allowance ran short; 30 free text, asked for first;
10 rebuilt from the index's text where no snapshot held the file, each row's notes say so; their final messages
carried no labels): round 26's end-of-round yardstick, scored at its end (totals; the diagnosis twice, the same),
opened in round 27."""
ROUND47 = ROOT / "bench" / "real_logs_round47.tsv"
"""Rows labelled at the end of round 26 from repositories never used before, by four people who never ran the tool
(20 logs, parts EP EQ ER ES, 3 to 6 rows each: unused repositories with usable logs are getting scarce; 15 free text;
none rebuilt from the index's text; their final messages carried no labels): round 27's yardstick, scored once at its
end (totals), opened in round 28."""
ROUND48 = ROOT / "bench" / "real_logs_round48.tsv"
"""Rows labelled at the end of round 26 from repositories never used before, by four more people who never ran the
tool (16 logs, parts ET EU EV EW, 2 to 7 rows each; 1 rebuilt from the index's text, its notes say so; their final
messages carried no labels): with round47, round 27's yardstick, scored once at its end (totals), opened in round 28."""
ROUND49 = ROOT / "bench" / "real_logs_round49.tsv"
"""Rows labelled at the start of round 27 from repositories never used before, by four people who never ran the tool
(20 logs, parts EX EY EZ FA, 4 to 6 rows each: their search allowances ran out among used or empty repositories; 16
free text; 4 rebuilt from the index's text, each row's notes say so; their final messages carried no labels): with
round47 and round48, round 27's yardstick, scored once at its end (totals), opened in round 28."""
ROUND50 = ROOT / "bench" / "real_logs_round50.tsv"
"""Rows labelled at the start of round 28 from repositories never used before, by five people who never ran the tool
(35 logs, parts FB FC FD FE FF, 2 to 12 rows each: unused repositories with usable logs are scarce, and the
allowances ran out; 19 free text; 7 rebuilt from the index's text where no snapshot held the file, each row's notes
say so; their final messages carried no labels): round 28's yardstick, scored once at its end (totals), opened in
round 29."""
ROUND51 = ROOT / "bench" / "real_logs_round51.tsv"
"""Rows labelled at the end of round 28 from repositories never used before, by four people who never ran the tool
(26 logs, parts FG FH FI FJ, 3 to 14 rows each: unused repositories with usable logs are scarce; 17 free text; 3
rebuilt from the index's text where no snapshot held the file, each row's notes say so; their final messages carried
no labels): round 29's yardstick, scored once at its end (totals), opened in round 30."""
ROUND52 = ROOT / "bench" / "real_logs_round52.tsv"
"""Rows labelled at the start of round 29 from repositories never used before, by four people who never ran the tool
(48 logs, parts FK FL FM FN, 12 rows each; 25 free text; 42 rebuilt from the index's text where the fetch allowance
had run out or no snapshot held the file, each row's notes say so; their final messages carried no labels): with
round53, round 30's yardstick, scored once at its end (totals), opened in round 31."""
ROUND53 = ROOT / "bench" / "real_logs_round53.tsv"
"""Rows labelled at the end of round 29 from repositories never used before, by two people who never ran the tool (24
logs, parts FO FP, 12 rows each; 12 free text; all rebuilt from the index's text, the fetch allowance having run out,
each row's notes say so; their final messages carried no labels): with round52, round 30's yardstick, scored once at
its end (totals), opened in round 31."""
ROUND54 = ROOT / "bench" / "real_logs_round54.tsv"
"""Rows labelled at the start of round 30 from repositories never used before, by five people who never ran the tool
(60 logs, parts FQ FR FS FT FU, 12 rows each; 30 free text; 31 rebuilt from the index's text where no snapshot was
had, 2 of them regenerated by a script from their values, each row's notes say so; their final messages carried no
labels): with round55, round 31's yardstick, scored once at its end (totals), opened in round 32."""
ROUND55 = ROOT / "bench" / "real_logs_round55.tsv"
"""Rows labelled at the end of round 30 from repositories never used before, by three people who never ran the tool
(36 logs, parts FV FW FX, 12 rows each; 18 free text; 8 rebuilt from the index's text where no snapshot was had,
each row's notes say so; their final messages carried no labels): with round54, round 31's yardstick, scored once
at its end (totals), opened in round 32."""
ROUND56 = ROOT / "bench" / "real_logs_round56.tsv"
"""Rows labelled at the start of round 31 from repositories never used before, by six people who never ran the tool
(68 logs, parts FY FZ GA GB GC GD, 10 to 12 rows each; 34 free text, 11 of them negatives; 15 rebuilt from the index's
text where no snapshot was had, each row's notes say so; their final messages carried no labels): round 32's
yardstick, scored once at its end (totals), opened in round 33."""
ROUND57 = ROOT / "bench" / "real_logs_round57.tsv"
"""Rows labelled at the start of round 32 from repositories never used before, by six people who never ran the tool
(72 logs, parts GE GF GG GH GI GJ, 12 rows each; 34 free text; 8 negatives; 26 rebuilt from the index's text where no
snapshot was had, each row's notes say so; their final messages carried no labels): round 33's yardstick, scored once
at its end (totals), opened in round 34."""
ROUND58 = ROOT / "bench" / "real_logs_round58.tsv"
"""Rows labelled at the end of round 32 from repositories never used before, by five people who never ran the tool
(52 logs, parts GK GL GM GN GO, 9 to 12 rows each; 26 free text; 8 negatives; 13 rebuilt from the index's text where
no snapshot was had, each row's notes say so; their final messages carried no labels): with round57, round 33's
yardstick, scored once at its end (totals), opened in round 34."""
ROUND59 = ROOT / "bench" / "real_logs_round59.tsv"
"""Rows labelled at the start of round 33 from repositories never used before, by four people who never ran the tool
(48 logs, parts GP GQ GR GS, 12 rows each; 23 free text; 7 negatives; about half rebuilt from the index's text where
no snapshot was had, each row's notes say so; their final messages carried no labels): with round60, round 34's
yardstick, scored twice at its end (totals), opened in round 35."""
ROUND60 = ROOT / "bench" / "real_logs_round60.tsv"
"""Rows labelled at the end of round 33 from repositories never used before, by four people who never ran the tool
(45 logs, parts GT GU GV GW, 11 or 12 rows each; 21 free text; 7 negatives; about a quarter rebuilt from the index's
text where no snapshot was had, each row's notes say so; their final messages carried no labels): with round59, round
34's yardstick, scored twice at its end (totals), opened in round 35."""
ROUND61 = ROOT / "bench" / "real_logs_round61.tsv"
"""Rows labelled at the start of round 34 from repositories never used before, by seven people who never ran the tool
(81 logs, parts GX GY GZ HA HB HC HD, 11 or 12 rows each; 38 free text; 13 negatives; 10 rebuilt from the index's
text where no snapshot was had, each row's notes say so; their final messages carried no labels): with round62, round
35's yardstick, scored twice at its end (totals), opened in round 36."""
ROUND62 = ROOT / "bench" / "real_logs_round62.tsv"
"""Rows labelled at the end of round 34 from repositories never used before, by four people who never ran the tool
(45 logs, parts HE HF HG HH, 11 or 12 rows each; 22 free text; 8 negatives; about half rebuilt from the index's text
where no snapshot was had, each row's notes say so; their final messages carried no labels): with round61, round
35's yardstick, scored twice at its end (totals), opened in round 36."""
ROUND63 = ROOT / "bench" / "real_logs_round63.tsv"
"""Rows labelled at the start of round 35 from repositories never used before, by eight people who never ran the tool
(88 logs, parts HI HJ HK HL HM HN HO HP, 10 to 12 rows each; 45 free text; 12 negatives; about a third rebuilt from
the index's text where no snapshot was had, each row's notes say so; their final messages carried no labels): with
round64, round 36's yardstick, scored once at its end (totals), opened in round 37."""
ROUND64 = ROOT / "bench" / "real_logs_round64.tsv"
"""Rows labelled during round 35 from repositories never used before, by four more people who never ran the tool (45
logs, parts HQ HR HS HT, 10 to 12 rows each; 21 free text; 8 negatives; 7 rebuilt from the index's text where no
snapshot was had, each row's notes say so; their final messages carried no labels): with round63, round 36's
yardstick, scored once at its end (totals), opened in round 37."""
ROUND65 = ROOT / "bench" / "real_logs_round65.tsv"
"""Rows labelled at the start of round 36 from repositories never used before, by five people who never ran the tool
(56 logs, parts HU HV HW HX HY, 10 to 12 rows each; 28 free text; 8 negatives; 7 rebuilt from the index's text where
no snapshot was had, each row's notes say so; their final messages carried no labels): with round66, a yardstick for
round 37, scored once at its end (totals), opened in round 38."""
ROUND66 = ROOT / "bench" / "real_logs_round66.tsv"
"""Rows labelled during round 36 from repositories never used before, by four more people who never ran the tool (42
logs, parts HZ IA IB IC, 10 to 11 rows each; 22 free text; 6 negatives; 2 rebuilt from the index's text where no
snapshot was had, each row's notes say so; their final messages carried no labels): with round65, a yardstick for
round 37, scored once at its end (totals), opened in round 38."""
ROUND67 = ROOT / "bench" / "real_logs_round67.tsv"
"""Rows labelled during round 36 from repositories never used before, by four more people who never ran the tool (46
logs, parts ID IE IF IG, 10 to 13 rows each; 23 free text; 5 negatives; every file's bytes from a git snapshot, the
index's look-ups being spent, each row's notes say which commit; one file two of them labelled alike was kept once,
IF-010; their final messages carried no labels): with round68, round 38's yardstick, scored once at its end (totals),
opened in round 39."""
ROUND68 = ROOT / "bench" / "real_logs_round68.tsv"
"""Rows labelled at the start of round 37 from repositories never used before, by five people who never ran the tool
(57 logs, parts IH II IJ IK IL, 11 to 13 rows each; 29 free text; 9 negatives; about half rebuilt from the index's
text where no snapshot was had, each row's notes say so; their final messages carried no labels): with round67, round
38's yardstick, scored once at its end (totals), opened in round 39."""
ROUND69 = ROOT / "bench" / "real_logs_round69.tsv"
"""Rows labelled during round 37 from repositories never used before, by four more people who never ran the tool (45
logs, parts IM IN IO IP, 10 to 12 rows each; 22 free text; 6 negatives; about a quarter rebuilt from the index's text
where no snapshot was had, each row's notes say so; their final messages carried no labels): round 39's yardstick,
scored once at its end (totals), opened in round 40."""
ROUND70 = ROOT / "bench" / "real_logs_round70.tsv"
"""Rows labelled during round 40 from repositories never used before, by four people who never ran the tool (44 logs,
parts IQ IR IS IT, 11 rows each; 26 free text; 8 negatives; 37 files' bytes from git snapshots, 7 rebuilt from the
index's text, each row's notes say which; their final messages carried no labels): round 41's yardstick, scored
at its end (totals; three times, with the same totals), opened in round 42."""
ROUND71 = ROOT / "bench" / "real_logs_round71.tsv"
"""Rows labelled during round 41 from repositories never used before, by four people who never ran the tool (43 logs,
parts IU IV IW IX, 10 or 11 rows each; 25 free text; 8 negatives; 40 files' bytes from git snapshots, 3 rebuilt from
the index's text, each row's notes say which; a fourth whose labeller regenerated part of it dropped; their final
messages carried no labels): round 42's yardstick, scored once at its end (totals), opened in round 43."""
ROUND72 = ROOT / "bench" / "real_logs_round72.tsv"
"""Rows labelled during round 42 from repositories never used before, by four people who never ran the tool (41 logs,
parts IY IZ JA JB, 9 to 11 rows each; 25 free text; 8 negatives; 38 files' bytes from git snapshots, 3 rebuilt from
the index's text, each row's notes say which; two rows whose repositories an earlier split had used dropped; their
final messages carried no labels): round 43's yardstick, scored once at its end (totals), opened in round 44."""
ROUND73 = ROOT / "bench" / "real_logs_round73.tsv"
"""Rows labelled during round 43 from repositories never used before, by four people who never ran the tool (43 logs,
parts JC JD JE JF, 10 or 11 rows each; 26 free text; 8 negatives; 38 files' bytes from git snapshots, 5 rebuilt from
the index's text, each row's notes say which; their final messages carried no labels): round 44's yardstick, scored
once in round 44 (totals), then opened."""
ROUND74 = ROOT / "bench" / "real_logs_round74.tsv"
"""Rows labelled at the end of round 43 from repositories never used before, by four more people who never ran the tool
(41 logs, parts JG JH JI JJ, 9 to 11 rows each; 23 free text; 7 negatives; 38 files' bytes from git snapshots, 3 rebuilt
from the index's text, each row's notes say which; their final messages carried no labels): round 44's second
yardstick, scored once at its end (totals), opened in round 45."""
ROUND75 = ROOT / "bench" / "real_logs_round75.tsv"
"""Rows labelled at the start of round 44 from repositories never used before, by four people who never ran the tool
(44 logs, parts JK JL JM JN, 11 rows each; 25 free text; 8 negatives; 39 files' bytes from git snapshots, 5 rebuilt
from the index's text, each row's notes say which; their final messages carried no labels): round 45's yardstick,
scored once in round 45 (totals), then opened."""
ROUND76 = ROOT / "bench" / "real_logs_round76.tsv"
"""Rows labelled during round 44 from repositories never used before, by four more people who never ran the tool (44
logs, parts JO JP JQ JR, 11 rows each; 27 free text; 8 negatives; 31 files' bytes from git snapshots, 13 rebuilt from
the index's text, each row's notes say which, one of them not byte-exact; their final messages carried no labels):
round 45's second yardstick, scored once at its end (totals), then opened in round 46."""
ROUND77 = ROOT / "bench" / "real_logs_round77.tsv"
"""Rows labelled at the start of round 45 from repositories never used before, by four people who never ran the tool
(44 logs, parts JS JT JU JV, 11 rows each; 25 free text; 8 negatives; all 44 files' bytes from git snapshots; their
final messages carried no labels): round 46's yardstick, scored once at its end (totals), then opened in round 47."""
ROUND78 = ROOT / "bench" / "real_logs_round78.tsv"
"""Rows labelled during round 45 from repositories never used before, by four more people who never ran the tool (44
logs, parts JW JX JY JZ, 11 rows each; 25 free text; 8 negatives; 39 files' bytes from git snapshots, 5 rebuilt from the
index's text, each row's notes say which; their final messages carried no labels): round 47's yardstick, scored once
at its end (totals), then opened in round 48."""
ROUND79 = ROOT / "bench" / "real_logs_round79.tsv"
"""Rows labelled at the start of round 46 from repositories never used before, by four people who never ran the tool
(44 logs, parts KA KB KC KD, 11 rows each; 23 free text; 10 negatives; 25 files' bytes from git snapshots, 19 rebuilt
from the index's text, each row's notes say which, two of them not byte-exact (CRLF files rebuilt with LF); their
final messages carried no labels): round 48's yardstick, scored once at its end (totals), then opened in round 49."""
ROUND80 = ROOT / "bench" / "real_logs_round80.tsv"
"""Rows labelled during round 47 from repositories never used before, by two people who never ran the tool (44 logs,
parts KE KF KG KH, 11 rows each; 28 free text; 8 negatives; 43 files' bytes from git snapshots, 1 rebuilt from the
index's text, its notes say so; their final messages carried no labels): round 49's yardstick, scored once at its end
(totals), then opened in round 50."""
ROUND81 = ROOT / "bench" / "real_logs_round81.tsv"
"""Rows labelled at the start of round 48 from repositories never used before, by two people who never ran the tool
(44 logs, parts KI KJ, 22 rows each; 24 free text; 9 negatives; 41 files' bytes from git snapshots, 3 rebuilt from the
index's text, each row's notes say which; their final messages carried no labels): round 50's yardstick, scored once
at its end (totals), then opened in round 51."""
ROUND82 = ROOT / "bench" / "real_logs_round82.tsv"
"""Rows labelled at the end of round 48 from repositories never used before, by two more people who never ran the tool
(44 logs, parts KK KL, 22 rows each; 24 free text; 12 negatives; 42 files' bytes from git snapshots, 2 rebuilt from the
index's text, each row's notes say which, one of them not byte-exact (a GBK file the index holds as mojibake); their
final messages carried no labels): round 51's yardstick, scored once at its end (totals), then opened in round 52."""
ROUND83 = ROOT / "bench" / "real_logs_round83.tsv"
"""Rows labelled at the start of round 49 from repositories never used before, by two more people who never ran the
tool (44 logs, parts KM KN, 22 rows each; 26 free text; 10 negatives; 41 files' bytes from git snapshots, 3 rebuilt from
the index's text, each row's notes say which, one of them perhaps not byte-exact (KM-010: five `\r` of its redraws put
back where the index's offsets point); their final messages carried no labels): round 52's yardstick, scored once at
its end (totals), then opened in round 53."""
ROUND84 = ROOT / "bench" / "real_logs_round84.tsv"
"""Rows labelled at the start of round 50 from repositories never used before, by two more people who never ran the
tool (44 logs, parts KO KP, 22 rows each; 22 free text; 12 negatives; all 44 files' bytes from git snapshots, some at
the commit that last held the file, each such row's notes say which; their final messages carried no labels): round
53's yardstick, scored once at its end (totals), then opened in round 53 after that look."""
ROUND85 = ROOT / "bench" / "real_logs_round85.tsv"
"""Rows labelled at the start of round 51 from repositories never used before, by two more people who never ran the
tool (44 logs, parts KQ KR, 22 rows each; 22 free text, 11 of KQ's from one course template's `train.log`; 9
negatives; 43 files' bytes from git snapshots, some at the commit that last held the file, 1 rebuilt from the index's
text, each such row's notes say which; their final messages carried no labels): round 54's yardstick, scored once at
its end (totals), then opened in round 54 after that look."""
ROUND86 = ROOT / "bench" / "real_logs_round86.tsv"
"""Rows labelled at the start of round 52 from repositories never used before, by two more people who never ran the
tool (44 logs, parts KS KT, 22 rows each; 26 free text; 8 negatives; 42 files' bytes from git snapshots, 2 rebuilt from
the index's text, each such row's notes say which; most found through the code index, the path listings being used up;
their final messages carried no labels): round 55's yardstick, scored once at its end (totals; 42 of its files pulled
then, 34 judged), then opened after that look."""
ROUND87 = ROOT / "bench" / "real_logs_round87.tsv"
"""Rows labelled at the start of round 53 from repositories never used before, by two more people who never ran the
tool (44 logs, parts KU KV, 22 rows each; 24 free text; 13 negatives; 37 files' bytes from git snapshots, 7 rebuilt from
the index's text, each such row's notes say which, two of them perhaps not byte-exact (KU-015's blank lines, KV-020's
`\r`); most found through the code index, the path listings being used up; their final messages carried no labels): a
yardstick for round 54 or later, scored once mid-round 56 (totals only), then opened."""
ROUND88 = ROOT / "bench" / "real_logs_round88.tsv"
"""Rows labelled at the start of round 54 from repositories never used before, by two more people who never ran the
tool (44 logs, parts KW KX, 22 rows each; 20 free text; 10 negatives; 42 files' bytes from git snapshots, 2 rebuilt from
the index's text, each such row's notes say which; found through rarer file names and the code index, the path listings
being used up; their final messages carried no labels): a yardstick for round 55 or later, scored once at the start of
round 57 (totals only, with that round's starting code), then opened."""
ROUND89 = ROOT / "bench" / "real_logs_round89.tsv"
"""Rows labelled in round 56 from repositories never used before, by two more people who never ran the tool (44 logs,
parts KY KZ, 22 rows each; 29 free text; 12 negatives; every file's bytes from a git snapshot). Their final messages
named each row's label, and the maintainer read them (not the files, nor any answer of the tool on them): a
yardstick for round 57 or later, never scored yet."""
ROUND90 = ROOT / "bench" / "real_logs_round90.tsv"
"""Rows labelled in round 57 from repositories never used before, by two more people who never ran the tool (44 logs,
parts LA LB, 22 rows each; 30 free text; 10 negatives; 40 files' bytes from git snapshots, 4 rebuilt from the index's
text, each such row's notes say which; their final messages carried no labels): a yardstick for round 58 or later,
scored once at the start of round 58 (totals only, with that round's starting code), then opened."""
ROUND91 = ROOT / "bench" / "real_logs_round91.tsv"
"""Rows labelled at the end of round 57 from repositories never used before, by two more people who never ran the tool
(44 logs, parts LC LD, 22 rows each; 27 free text; 11 negatives; 43 files' bytes from git snapshots, 1 rebuilt from
the index's text, its row's notes say so; their final messages carried no labels): a yardstick for round 58 or later,
scored once at the start of round 59 (totals only, with that round's starting code), then opened."""
ROUND92 = ROOT / "bench" / "real_logs_round92.tsv"
"""Rows labelled at the start of round 58 from repositories never used before, by two more people who never ran the
tool (44 logs, parts LE LF, 22 rows each; 26 free text; 10 negatives; 43 files' bytes from git snapshots, 1 rebuilt
from the index's text, its row's notes say so; their final messages carried no labels): a yardstick for round 59 or
later, never scored yet."""
ROUND93 = ROOT / "bench" / "real_logs_round93.tsv"
"""Rows labelled at the end of round 58 from repositories never used before, by two more people who never ran the tool
(44 logs, parts LG LH, 22 rows each; 24 free text; 11 negatives; every file's bytes from a git snapshot; their final
messages carried no labels): a yardstick for round 59 or later, never scored yet."""
ROUND94 = ROOT / "bench" / "real_logs_round94.tsv"
"""Rows labelled in round 59 from repositories never used before, by two more people who never ran the tool (44 logs,
parts LI LJ, 22 rows each; 25 free text; 10 negatives; 43 files' bytes from git snapshots, 1 rebuilt from the index's
text, its row's notes say so; their final messages carried no labels): a yardstick for round 60 or later, never scored
yet."""
MANIFESTS = {
    "fresh": FRESH,
    "round4": ROUND4,
    "round5": ROUND5,
    "round6": ROUND6,
    "round7": ROUND7,
    "round8": ROUND8,
    "round9": ROUND9,
    "round10": ROUND10,
    "round11": ROUND11,
    "round12": ROUND12,
    "round13": ROUND13,
    "round14": ROUND14,
    "round15": ROUND15,
    "round16": ROUND16,
    "round17": ROUND17,
    "round18": ROUND18,
    "round19": ROUND19,
    "round20": ROUND20,
    "round21": ROUND21,
    "round22": ROUND22,
    "round23": ROUND23,
    "round24": ROUND24,
    "round25": ROUND25,
    "round26": ROUND26,
    "round27": ROUND27,
    "round28": ROUND28,
    "round29": ROUND29,
    "round30": ROUND30,
    "round31": ROUND31,
    "round32": ROUND32,
    "round33": ROUND33,
    "round34": ROUND34,
    "round35": ROUND35,
    "round36": ROUND36,
    "round37": ROUND37,
    "round38": ROUND38,
    "round39": ROUND39,
    "round40": ROUND40,
    "round41": ROUND41,
    "round42": ROUND42,
    "round43": ROUND43,
    "round44": ROUND44,
    "round45": ROUND45,
    "round46": ROUND46,
    "round47": ROUND47,
    "round48": ROUND48,
    "round49": ROUND49,
    "round50": ROUND50,
    "round51": ROUND51,
    "round52": ROUND52,
    "round53": ROUND53,
    "round54": ROUND54,
    "round55": ROUND55,
    "round56": ROUND56,
    "round57": ROUND57,
    "round58": ROUND58,
    "round59": ROUND59,
    "round60": ROUND60,
    "round61": ROUND61,
    "round62": ROUND62,
    "round63": ROUND63,
    "round64": ROUND64,
    "round65": ROUND65,
    "round66": ROUND66,
    "round67": ROUND67,
    "round68": ROUND68,
    "round69": ROUND69,
    "round70": ROUND70,
    "round71": ROUND71,
    "round72": ROUND72,
    "round73": ROUND73,
    "round74": ROUND74,
    "round75": ROUND75,
    "round76": ROUND76,
    "round77": ROUND77,
    "round78": ROUND78,
    "round79": ROUND79,
    "round80": ROUND80,
    "round81": ROUND81,
    "round82": ROUND82,
    "round83": ROUND83,
    "round84": ROUND84,
    "round85": ROUND85,
    "round86": ROUND86,
    "round87": ROUND87,
    "round88": ROUND88,
    "round89": ROUND89,
    "round90": ROUND90,
    "round91": ROUND91,
    "round92": ROUND92,
    "round93": ROUND93,
    "round94": ROUND94,
}
SPLITS = ("dev", "held-out", *MANIFESTS)
UNSEEN = ("round5", "round36", "round38", "round40", "round89", "round92", "round93", "round94")
"""Splits whose rows no tuning has looked at: the benches print only their verdicts, never a row's problems."""
DEST = ROOT / "bench" / "out" / "real_logs"
COLUMNS = (
    *("id", "repo", "commit", "path", "sha256", "bytes", "shape", "kind"),
    *("loss", "loss_count", "loss_first", "loss_last", "last_step", "step_axis", "others", "junk", "bookkeeping"),
    *("label", "why", "notes"),
)
"""The manifest's header. `junk`: names that look numeric but are no metric; `bookkeeping`: names the loop measured
(time, memory, eta, throughput, a logged lr) that the audit of bench/real_logs_audit.md moved out of `junk`."""
HELD_OUT_EVERY = 3
"""One row in three is held out: chosen by a hash of repo and path, fixed before any reader work was done."""


def held_out(repo: str, path: str) -> bool:
    """Whether a row belongs to the held-out split (never looked at while tuning the readers or detectors)."""
    return int(hashlib.sha256(f"{repo}:{path}".encode()).hexdigest(), 16) % HELD_OUT_EVERY == 0


def rows(manifest: Path = MANIFEST) -> list[dict[str, str]]:
    """The manifest's rows, each a dict by column name; a header other than `COLUMNS` stops here, not mid-bench."""
    with manifest.open(newline="", encoding="utf-8") as handle:
        reader = csv.DictReader(handle, delimiter="\t", quoting=csv.QUOTE_NONE)
        if tuple(reader.fieldnames or ()) != COLUMNS:
            raise SystemExit(f"{manifest}: columns {reader.fieldnames}, expected {list(COLUMNS)}")
        return list(reader)


def split_rows(split: str) -> list[dict[str, str]]:
    """The rows of a split: `fresh` and `round4` have their own manifests; `dev` and `held-out` divide the main one."""
    if split in MANIFESTS:
        return rows(MANIFESTS[split])
    return [row for row in rows() if held_out(row["repo"], row["path"]) == (split == "held-out")]


def sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        while block := handle.read(1 << 20):
            digest.update(block)
    return digest.hexdigest()


def main_file(folder: Path, row: dict[str, str]) -> Path | None:
    """The file whose sha256 the row records: the only file, else the one named like the row's path."""
    files = sorted(p for p in folder.rglob("*") if p.is_file())
    if len(files) == 1:
        return files[0]
    name = Path(row["path"]).name
    named = [p for p in files if p.name == name]
    return named[0] if named else next((p for p in files if sha256(p) == row["sha256"]), None)


def from_folder(source: Path, row: dict[str, str], into: Path) -> bool:
    found = source / row["id"]
    if not found.is_dir():
        return False
    shutil.copytree(found, into, dirs_exist_ok=True)
    return True


def from_mirror(mirror: Path, row: dict[str, str], into: Path) -> bool:
    git_dir = mirror / row["repo"].replace("/", "+") / "repo"
    if (git_dir / ".git").is_dir():  # the fetch tool's newer layout: a checkout-less repo/.git
        git_dir /= ".git"
    if not git_dir.is_dir():
        return False
    listed = subprocess.run(
        ["git", "--git-dir", str(git_dir), "ls-tree", "-r", "--name-only", row["commit"], "--", row["path"]],
        capture_output=True,
        text=True,
    )
    names = listed.stdout.split("\n") if listed.returncode == 0 else []
    names = [n for n in names if n]
    if not names:
        return False
    base = row["path"] if len(names) > 1 else str(Path(row["path"]).parent)
    for name in names:
        target = into / (Path(name).relative_to(base) if base not in ("", ".") else Path(name))
        target.parent.mkdir(parents=True, exist_ok=True)
        with target.open("wb") as out:
            shown = subprocess.run(
                ["git", "--git-dir", str(git_dir), "show", f"{row['commit']}:{name}"],
                stdout=out,
                stderr=subprocess.DEVNULL,
            )
        if shown.returncode != 0:  # a snapshot may list its largest files without their bytes
            target.unlink()
    return True


def pull(source: Path | None, mirror: Path | None) -> int:
    missing: list[str] = []
    bad: list[str] = []
    ok = 0
    for row in rows() + [row for path in MANIFESTS.values() if path.exists() for row in rows(path)]:
        into = DEST / row["id"]
        have = into.is_dir() and (found := main_file(into, row)) is not None and sha256(found) == row["sha256"]
        if not have:
            shutil.rmtree(into, ignore_errors=True)
            pulled = (source is not None and from_folder(source, row, into)) or (
                mirror is not None and from_mirror(mirror, row, into)
            )
            if not pulled:
                missing.append(f"{row['id']}: fetch github:{row['repo']} (commit {row['commit'][:12]}, {row['path']})")
                continue
            found = main_file(into, row)
            if found is None or sha256(found) != row["sha256"]:
                bad.append(f"{row['id']}: sha256 differs from the manifest ({row['repo']} {row['path']})")
                shutil.rmtree(into, ignore_errors=True)
                continue
        ok += 1
    print(f"{ok} logs in {DEST.relative_to(ROOT)}; {len(missing)} missing; {len(bad)} with another sha256")
    for line in missing + bad:
        print("  " + line)
    return 0 if not missing and not bad else 1


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--from", dest="source", type=Path, help="a folder laid out as ID/<files>")
    parser.add_argument("--mirror", type=Path, help="a folder of bare git snapshots owner+name/repo")
    args = parser.parse_args()
    return pull(args.source, args.mirror)


if __name__ == "__main__":
    sys.exit(main())
