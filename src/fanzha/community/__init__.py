"""Fraud-free communities (无诈小区) and anti-fraud campaigns (宣传).

``criteria`` holds the rules a community must meet (Wuhan's 2022 rules by
default, as YAML); ``status`` awards, reviews and revokes with history and
reasons; ``campaigns`` records events and their reach.
"""
