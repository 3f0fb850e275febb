"""Swedish-language knowledge: municipalities and place names (places.py),
dates in words (dates.py), the word analyser: stems, compound parts, stop
words, synonyms (words.py). Imports nothing else of the package; every wing
may import it."""
