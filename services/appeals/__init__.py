"""The appeals service: citizens' appeals to their inspector, reviewed within the law's deadlines."""
