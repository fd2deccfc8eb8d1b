"""What is done with a store once built: validate it (:mod:`kg.services.validate`), query it
(:mod:`kg.services.query`, results written by :mod:`kg.services.results`), export it
(:mod:`kg.services.export`), check the ontology (:mod:`kg.services.ontology`); and ``kg code``,
which codes sentences with no store (:mod:`kg.services.coding`)."""
