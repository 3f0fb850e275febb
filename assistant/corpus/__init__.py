"""The corpus: articles and their folder (articles.py), adding, correcting and
withdrawing article files (ingest.py), and reading the files officials bring
(extract/). Imports storage, swedish, config and errors."""
