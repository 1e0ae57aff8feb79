import os
import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.skipif(shutil.which("docker-compose") is None, reason="docker-compose not installed")
def test_docker_compose_file_is_valid():
    env = {**os.environ, "SECRET_KEY": "x" * 60}
    result = subprocess.run(
        ["docker-compose", "-f", str(ROOT / "docker-compose.yml"), "config"],
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    for service in ("web:", "db:", "search:"):
        assert service in result.stdout
    assert "healthcheck" in result.stdout


def test_docker_compose_refuses_to_start_without_a_secret_key():
    text = (ROOT / "docker-compose.yml").read_text()
    assert "${SECRET_KEY:?" in text
    assert "portal.settings.production" in text
