"""Pipeline components: each is (Document) -> Document."""
