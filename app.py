"""Start the chat and the JSON API: python app.py (ASSISTANT_HOST/ASSISTANT_PORT)."""

import logging

import uvicorn

from assistant.config import Settings
from assistant.server import create_app
from assistant.service import Assistant

if __name__ == "__main__":
    logging.basicConfig(level=logging.INFO, format="%(levelname)s %(name)s: %(message)s")
    settings = Settings.from_env()
    assistant = Assistant.open(settings, build_if_missing=True)
    uvicorn.run(create_app(assistant, settings), host=settings.host, port=settings.port)
