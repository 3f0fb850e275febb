"""The editors' work on the corpus: preview, add, correct and remove articles
and update the index (editing.py, with adding.py, changing.py, removing.py,
provenance.py), fetch a page by its address (fetch.py), follow feeds and
sitemaps (feeds.py, watch.py), re-check articles at their source
(refresh.py), record other places an article is published (places.py), and
what the corpus lacks, from the questions it declined (gaps.py).
Imports index, corpus, governance, swedish, storage, config and errors."""
