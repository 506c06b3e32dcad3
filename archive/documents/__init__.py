"""Policy documents as records: 发文字号, 发文机关, 成文日期, 文种, validity, and the citations between them.

Reading a record from a page is pure (numbers, kinds, read, references); storing it, resolving its
citations and the repeals they carry is store.py; the records are models.py.
"""
