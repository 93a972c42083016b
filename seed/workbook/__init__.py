"""The one workbook format of the bot, out and in (issue #16): ``columns`` defines it,
``book`` reads a year from the database, ``writer`` writes sheets (openpyxl, loaded lazily),
``reader`` and ``checks`` read and validate a file, ``importer`` previews and commits it.
docs/workbook.md describes the format column by column."""
