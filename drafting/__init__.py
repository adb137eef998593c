"""draft — rédaction des référés « rendez-vous en préfecture » devant le tribunal administratif."""

__version__ = "0.1.0"
