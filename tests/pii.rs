//! Personal information (SPEC §6): valid numbers are found, failed checksums and masked forms pass, hotlines are not personal; redaction.
