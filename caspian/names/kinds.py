"""Kinds of name tokens (re-exported by caspian.names.analyze)."""

WORD = "word"  # identifies the name
LEGAL = "legal"  # a legal form: LLC, ООО, GmbH, شرکت
HONORIFIC = "honorific"  # a title: Seyed, Haji, Dr, Colonel
TERM = "term"  # a generic organisation word with a cross-language concept: industries, صنایع
NUMBER = "number"  # digits, ordinals (7th) and roman numerals after the first word
INITIAL = "initial"  # a single letter
