"""govreports: Chinese government information-disclosure annual reports as data.

The package is the pure core (no Scrapy import outside `settings`): `clean`
turns fetched bytes into normalized text and cells, `understand` reads the
metadata and the statistical tables, `report` ties them together.
"""

__version__ = "0.1.0"
