import subprocess
import sys


def test_it_imports_no_django() -> None:
    code = (
        "import sys, ipenforce.matching.cli, ipenforce.matching.dedupe, ipenforce.matching.link,"
        " ipenforce.matching.train; assert 'django' not in sys.modules, 'django imported'"
    )
    subprocess.run([sys.executable, "-c", code], check=True)
