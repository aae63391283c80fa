"""Text classifiers shared by the rules and the composer lint."""
