"""Words every stage recognises a report by: one place, imported by fetch, clean and understand.

Data only, no imports from the package: the listing judge (fetch), the
body's title line (clean) and the not-a-report verdict (understand) read
the same title vocabulary, so a new variant is one line here.
"""

from __future__ import annotations

import re

# The title of an annual report on government information disclosure, in its spellings:
# 政府信息公开工作年度报告, …年度政府信息公开工作报告, 政府信息公开年报, 政务公开工作年度报告,
# 信息公开年度报告.
REPORT_TITLE = re.compile(
    r"政府信息公开(?:工作)?(?:年度)?(?:工作)?报告|政务公开(?:工作)?年度报告|信息公开(?:工作)?年度报告|信息公开年报"
)

# The applicant columns of table 3 as its header prints them, in order (the last is the total):
# the table reader names its columns by them, and text laid out in columns is placed under them.
APPLICANT_COLUMN_LABELS = ("自然人", "商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他", "总计")
