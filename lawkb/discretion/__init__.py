"""Discretion standards (裁量基准). No module here imports the knowledge base: each takes the
parts it needs (an article source, the statutory table, the standards, folders).

amounts          Chinese money amounts and fine expressions -> numbers
models           Fine and StatutoryRow (one row of the statutory table)
liability        which articles are legal-liability articles, which laws are in scope
fine_clauses     the clauses of a liability paragraph: penalty start, authority, fines, conditions
penalty_kinds    处罚种类 named in a paragraph, in the order of 行政处罚法第九条
statutory        the extraction: liability articles -> statutory rows
table            corpus/statutory.tsv: reviewed data, stale detection, build_table
articles         ArticleSource (what is read from the collection) and CollectionArticles
refs             《法名》第N条第N款 references, resolved against an article source
factors          factors and conditions (the YAML's Chinese keys read by pydantic aliases)
standard         bureau standards as YAML: tiers, violations, load/dump/save, folders
yaml_errors      a standard's ValidationError -> place and message in Chinese
standard_checks  a standard against the collection and the table (ranges, overlaps, gaps)
xlsx_import      the XLSX layout bureaus circulate -> a standard, bad rows reported
rules            行政处罚法 / Code general rules (不予处罚, 从轻减轻, 从重, 法制审核 …)
results          Candidate, Match, Calculation … (what the CLI dumps and the TUI renders)
matching         words -> candidates; the rule that one stands out or several are offered
tier_choice      facts -> the tier and why, or why none
fine_range       the statutory range of a case (in 元, or a multiple of a base)
quoting          the legal bases quoted in full
explanation      the 裁量说明
calculator       Calculator(articles, table, standards): find -> ask -> calculate
service          Discretion: the parts built once, and what the CLI and the TUI ask of them
"""
