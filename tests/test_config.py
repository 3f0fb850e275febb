from pathlib import Path

import pytest

from assistant.config import Settings
from assistant.errors import AssistantError


def test_environment_overrides_defaults_and_arguments_override_both():
    env = {"ASSISTANT_CORPUS": "/data/artiklar", "ASSISTANT_PORT": "8000",
           "ASSISTANT_FRAME_ANCESTORS": "  'self'   https://intranet.kommun.se "}
    s = Settings.from_env(env=env, index_dir=Path("/tmp/i"), port=None)
    assert s.corpus_dir == Path("/data/artiklar") and s.index_dir == Path("/tmp/i")
    assert s.port == 8000 and s.frame_ancestors == "'self' https://intranet.kommun.se"
    assert Settings.from_env(env={}).port == 7860


@pytest.mark.parametrize("var", ["ASSISTANT_PORT", "ASSISTANT_MIN_SCORE", "ASSISTANT_WORKERS"])
def test_unusable_values_name_the_variable(var):
    with pytest.raises(AssistantError, match=var):
        Settings.from_env(env={var: "inte ett tal"})
