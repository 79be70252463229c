"""Settings for the test suite: the production settings with IPENFORCE_TESTING on.

The flag must be set before the base settings are read, hence this small module. A star import
(not a copy of the module's globals) so that django-stubs sees every setting by name.
"""

import os

os.environ["IPENFORCE_TESTING"] = "1"

from ipenforce.settings import *  # noqa: F403
