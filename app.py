"""Start the chat and the JSON API: python app.py

ASSISTANT_HOST/ASSISTANT_PORT say where it listens; ASSISTANT_FRAME_ANCESTORS,
ASSISTANT_ROOT_PATH and the rest are described in the README ("Embedding in your intranet").
"""

import os

# One thread per numeric library: the server's own threads and worker
# processes are the parallelism, and the cores are easily oversubscribed.
# Set before numpy or faiss load.
for _var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_var, "1")
os.environ.setdefault("GRADIO_ANALYTICS_ENABLED", "False")


def main() -> None:
    # Imported here: the answering worker processes (web/answer_pool.py) start
    # by importing this file, and need none of it.
    import logging
    import sys

    from assistant.errors import AssistantError
    from assistant.config import Settings
    from assistant.governance.pgfeedback import open_feedback
    from assistant.web.access_log import uvicorn_options
    from assistant.web.answer_pool import serving_assistant
    from assistant.web.app import create_app
    from assistant.web.serving import Server, uvicorn_config

    logging.basicConfig(level=logging.INFO, format="%(levelname)s %(name)s: %(message)s")
    try:
        settings = Settings.from_env()
        assistant = serving_assistant(settings)  # questions answered on every core
        app = create_app(assistant, settings, open_feedback(settings))
    except AssistantError as err:
        print(f"Fel: {err}", file=sys.stderr)
        sys.exit(2)
    # proxy_headers: X-Forwarded-For/-Proto from a proxy on this machine are trusted
    # (unless ASSISTANT_TRUSTED_PROXIES is set: governance/identity.py reads them then);
    # connections must send their headers and bodies in time, and their number is
    # capped (web/serving.py)
    Server(uvicorn_config(app, settings, **uvicorn_options(settings))).run()


if __name__ == "__main__":
    main()
