"""Captures and harvesting: the exact bytes each copy was made from (stored once per hash), WARC and
WACZ in and out, the capture shown as captured, re-extraction of stored originals, and polite
harvesting of sources' feeds and listing pages."""
