"""Start the chat and the JSON API: python app.py

ASSISTANT_HOST/ASSISTANT_PORT say where it listens; ASSISTANT_FRAME_ANCESTORS,
ASSISTANT_ROOT_PATH and the rest are described in the README ("Embedding in your intranet").
"""

import os

# One thread per numeric library: the server's own threads are the parallelism,
# and two cores are easily oversubscribed. Set before numpy or faiss load.
for _var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_var, "1")
os.environ.setdefault("GRADIO_ANALYTICS_ENABLED", "False")

import logging  # noqa: E402
import sys  # noqa: E402

from assistant.web.access_log import uvicorn_options  # noqa: E402
from assistant.config import Settings  # noqa: E402
from assistant.errors import AssistantError  # noqa: E402
from assistant.web.app import create_app  # noqa: E402
from assistant.answering.pipeline import Assistant  # noqa: E402
from assistant.web.serving import Server, uvicorn_config  # noqa: E402
from assistant.governance.pgfeedback import open_feedback  # noqa: E402

if __name__ == "__main__":
    logging.basicConfig(level=logging.INFO, format="%(levelname)s %(name)s: %(message)s")
    try:
        settings = Settings.from_env()
        assistant = Assistant.open(settings, build_if_missing=True)
        app = create_app(assistant, settings, open_feedback(settings))
    except AssistantError as err:
        print(f"Fel: {err}", file=sys.stderr)
        sys.exit(2)
    # proxy_headers: X-Forwarded-For/-Proto from a proxy on this machine are trusted
    # (unless ASSISTANT_TRUSTED_PROXIES is set: governance/identity.py reads them then);
    # connections must send their headers and bodies in time, and their number is
    # capped (web/serving.py)
    Server(uvicorn_config(app, settings, **uvicorn_options(settings))).run()
