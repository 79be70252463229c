"""Company matching: normalisation and Fellegi-Sunter linkage of Peruvian firm lists.

A pure package: it imports nothing from Django. Phases are modules: ``normalise`` and ``ruc``
prepare the fields, ``blocking`` finds candidate pairs, ``predict`` scores them with the trained
model (``model/model.json``), ``cluster`` groups records, ``dedupe`` and ``link`` are the two uses
(batch de-duplication, incremental linking of new records to known firms), ``train`` re-estimates
the model and ``cli`` is the ``ipenforce parties dedupe`` command.
"""
