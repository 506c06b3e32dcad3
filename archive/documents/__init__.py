"""Policy documents read as records: numbers, kinds, dates, issuers and citations, from text alone."""
