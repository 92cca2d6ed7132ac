"""The use cases that the adapters (``marsad.cli``, ``marsad.api``, ``marsad.spark``) call.

One module per use case, each imported by its caller only when needed (so ``marsad --help``
and ``marsad analyze`` load none of the corpus or evaluation dependencies):

- :mod:`~marsad.services.analysis`: analyze a text or the documents of some inputs;
- :mod:`~marsad.services.ingest`: ingest inputs into the store, re-analyze stored documents;
- :mod:`~marsad.services.load`: load the tables of ``marsad spark run`` into the store;
- :mod:`~marsad.services.queries`: search, events, entities, figures, one stored document;
- :mod:`~marsad.services.export`: JSONL, ACLED CSV, GeoJSON and Parquet exports;
- :mod:`~marsad.services.train`: train the NER model;
- :mod:`~marsad.services.evaluate`: scores on annotated data and the baseline gate.

Dependency direction: services import corpus, extract, evaluation, inputs and store; none of
those import services.
"""
