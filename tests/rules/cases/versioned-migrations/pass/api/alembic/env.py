# alembic environment (never imported by archgov)
