"""How often two people agree on a real log's diagnosis: the ceiling a debugger's top-1 on the labelled logs can reach.

    python bench/bench_agreement.py

`bench/real_logs_second_opinion.tsv` holds a second person's labels (`id`, `label`, `why`) of 45 logs drawn at random
from the labelled splits, written blind: from the raw files, without the first labels or any output of the tool. A
second opinion agrees when its first id is one the first label accepts. The debugger's own top answer on the same logs
is printed beside it (needs the logs pulled: scripts/pull_real_logs.py).
"""

from __future__ import annotations

import csv
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(REPO), str(REPO / "bench"), str(REPO / "scripts")]

from bench_real_diagnosis import answer  # noqa: E402
from pull_real_logs import DEST, SPLITS, split_rows  # noqa: E402

SECOND = REPO / "bench" / "real_logs_second_opinion.tsv"


def main() -> int:
    first = {row["id"]: row["label"].split("|") for split in SPLITS for row in split_rows(split)}
    with SECOND.open(newline="") as handle:
        second = {row["id"]: row["label"].split("|") for row in csv.DictReader(handle, delimiter="\t")}
    faulty = [rid for rid in second if "healthy" not in first[rid]]
    agree = [rid for rid in second if second[rid][0] in first[rid]]
    tool = {rid: answer(DEST / rid)[0] for rid in second if (DEST / rid).is_dir()}
    right = [rid for rid, top in tool.items() if top in first[rid]]
    print(f"second opinion agrees with the first label: {len(agree)}/{len(second)}", end="")
    print(f" (runs first labelled faulty: {sum(rid in agree for rid in faulty)}/{len(faulty)})")
    print(f"debugger's top answer accepted: {len(right)}/{len(tool)}", end="")
    print(f" (runs first labelled faulty: {sum(rid in right for rid in faulty)}/{len(faulty)})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
