"""Match settings: thresholds and blocking limits, saved as JSON beside the trained model.

``model/settings.json`` is reviewed like code: a change of threshold changes which firms merge.
The m/u parameters themselves live in ``model/model.json`` (Splink's settings format).
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, fields
from pathlib import Path
from typing import Any

MODEL_DIR = Path(__file__).with_name("model")
SETTINGS_PATH = MODEL_DIR / "settings.json"
MODEL_PATH = MODEL_DIR / "model.json"


@dataclass(frozen=True)
class MatchSettings:
    """Tunable settings of the matching engine.

    Probabilities are posterior match probabilities of a pair of records under the
    Fellegi-Sunter model, with the prior scaled to the size of the list (see ``predict``).
    """

    #: dedupe: pairs at or above this probability join one cluster. Below 0.5: adding a pair of
    #: probability p to the clusters raises the expected pairwise F1 when p > F1 / 2 (about
    #: 0.48 here), and the model is under-confident between 0.3 and 0.5 (see docs/matching.md).
    cluster_threshold: float = 0.4
    #: link: a new record is linked to a known firm at or above this probability ...
    link_threshold: float = 0.9
    #: ... is 'uncertain' (to the review queue) between this and ``link_threshold`` ...
    review_threshold: float = 0.2
    #: ... and 'new' below it. A link also needs the best firm's match weight to beat the
    #: next firm's by this many bits (2**6 = 64 times likelier), else it is 'uncertain'.
    link_margin: float = 6.0
    #: Candidate generation: blocks larger than this are skipped (a refined key still applies).
    max_block_size: int = 30
    #: At most this many candidate firms are reported for an uncertain record.
    max_candidates: int = 3
    #: Expected number of other records of the same firm per record; sets the prior
    #: P(match) = matches_per_record / (n - 1) for a list of n records. Estimated by training.
    matches_per_record: float = 0.4

    def to_json(self) -> str:
        return json.dumps(asdict(self), indent=2, sort_keys=True) + "\n"

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> MatchSettings:
        known = {f.name for f in fields(cls)}
        unknown = set(data) - known
        if unknown:
            raise ValueError(f"unknown match settings: {', '.join(sorted(unknown))}")
        return cls(**data)

    @classmethod
    def load(cls, path: Path = SETTINGS_PATH) -> MatchSettings:
        if not path.exists():
            return cls()
        return cls.from_dict(json.loads(path.read_text(encoding="utf-8")))

    def save(self, path: Path = SETTINGS_PATH) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(self.to_json(), encoding="utf-8")
