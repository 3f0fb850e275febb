"""The index: built from the corpus (build.py, chunking.py, sentences.py,
embedding.py), kept in a folder (store.py) or PostgreSQL (pgstore.py), chosen
by stores.py; vectors behind one interface (vectors.py, faiss_index.py,
pgvectors.py) and BM25 postings (lexical.py). Imports corpus, storage,
swedish, config and errors."""
