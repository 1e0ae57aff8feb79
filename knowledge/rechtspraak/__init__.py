"""Reading the open-data XML of the Dutch judiciary (rechtspraak.nl).

``parser`` turns one XML file into a :class:`~knowledge.rechtspraak.parser.ParsedRuling`,
``html`` renders the ruling's body as sanitised HTML, ``archive`` reads files, folders and zip
archives, and ``api`` is the only module that talks to the network (the open-data search API).
"""
