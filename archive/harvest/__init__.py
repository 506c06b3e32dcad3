"""Harvesting: sources' feeds and listing pages fetched politely (robots.txt, a delay per host,
conditional requests, an honest User-Agent), each response written to a WARC as it arrived and
imported with its original, each run recorded."""
