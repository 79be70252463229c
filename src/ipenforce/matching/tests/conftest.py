from __future__ import annotations

import sys
from pathlib import Path

# The benchmark generator lives in bench/ at the repository root.
ROOT = Path(__file__).resolve().parents[4]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))
