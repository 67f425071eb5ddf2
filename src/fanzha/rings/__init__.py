"""Rings and linked cases (串并案): mule accounts, phones, addresses and cases grouped by evidence."""
