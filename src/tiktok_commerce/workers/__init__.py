"""The three workers and the runtime that drives them. Workers never import the database."""
