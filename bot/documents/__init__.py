"""Files the bot sends: the /grafik chart and the /ekspor workbook.

Each is built off the event loop; matplotlib lives only in the short-lived drawing process
(``python -m bot.documents.chartdraw``) and openpyxl is imported only when a workbook is asked for.
"""
