"""Settings for the test suite: the production settings with IPENFORCE_TESTING on.

The flag must be set before the base settings are read, hence this small module.
"""

import os

os.environ["IPENFORCE_TESTING"] = "1"

from ipenforce import settings as _base

globals().update({name: value for name, value in vars(_base).items() if name.isupper()})
