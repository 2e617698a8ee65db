"""Discretion standards (裁量基准).

amounts      Chinese money amounts and fine expressions -> numbers
statutory    the legal-liability articles of the collection -> statutory rows
table        corpus/statutory.tsv: reviewed data, stale detection, build_table(kb)
refs         《法名》第N条第N款 references, resolved against the collection
standard     bureau standards as YAML (factors, tiers, sub-ranges) and their checks
xlsx_import  the XLSX layout bureaus circulate -> a standard, bad rows reported
rules        行政处罚法 / Code general rules (不予处罚, 从轻减轻, 从重, 法制审核 …)
calculator   find -> ask -> tier, range, bases, flags, 裁量说明
"""
