"""The tables we write (HSDS 3.0 field names) and how we find tables and columns when reading
packages made by other tools and older versions of the standard."""

HSDS_VERSION = "3.0"

# resource name -> (file name we write, fields we write)
EXPORT_TABLES = {
    "organization": (
        "organizations.csv",
        [
            "id",
            "name",
            "alternate_name",
            "description",
            "email",
            "website",
            "eno_organisation_type",
            "eno_member_since",
            "eno_contact_visibility",
            # Not in HSDS 3.0: "true" or "false"; see the exporter.
            "eno_is_active",
        ],
    ),
    "service": (
        "services.csv",
        [
            "id",
            "organization_id",
            "name",
            "alternate_name",
            "description",
            "url",
            "email",
            "status",
            "eligibility_description",
            "application_process",
            "fees_description",
        ],
    ),
    "location": (
        "locations.csv",
        ["id", "location_type", "organization_id", "name", "description", "latitude", "longitude"],
    ),
    "address": (
        "addresses.csv",
        [
            "id",
            "location_id",
            "address_1",
            "address_2",
            "city",
            "region",
            "state_province",
            "postal_code",
            "country",
            "address_type",
        ],
    ),
    "phone": (
        "phones.csv",
        [
            "id",
            "organization_id",
            "service_id",
            "location_id",
            "contact_id",
            "number",
            "extension",
            "type",
            "description",
        ],
    ),
    "contact": (
        "contacts.csv",
        ["id", "organization_id", "service_id", "name", "title", "department", "email"],
    ),
    "service_at_location": (
        "services_at_location.csv",
        ["id", "service_id", "location_id", "description"],
    ),
    "service_area": ("service_areas.csv", ["id", "service_id", "name", "description"]),
    "schedule": ("schedules.csv", ["id", "service_id", "location_id", "description"]),
    "language": ("languages.csv", ["id", "service_id", "name", "code"]),
    "taxonomy": ("taxonomies.csv", ["id", "name", "description", "uri", "version"]),
    "taxonomy_term": (
        "taxonomy_terms.csv",
        ["id", "code", "name", "description", "parent_id", "taxonomy", "taxonomy_id"],
    ),
    "attribute": (
        "attributes.csv",
        ["id", "link_id", "link_type", "link_entity", "taxonomy_term_id", "value", "label"],
    ),
}

# Where each table may be found, in order of preference, when datapackage.json does not say.
FILE_CANDIDATES = {
    "organization": ["organizations.csv", "organization.csv"],
    "service": ["services.csv", "service.csv"],
    "location": ["locations.csv", "location.csv"],
    "address": [
        "addresses.csv",
        "address.csv",
        "physical_addresses.csv",
        "physical_address.csv",
        "postal_addresses.csv",
        "postal_address.csv",
    ],
    "phone": ["phones.csv", "phone.csv"],
    "contact": ["contacts.csv", "contact.csv"],
    "service_at_location": [
        "services_at_location.csv",
        "service_at_location.csv",
        "services_at_locations.csv",
    ],
    "service_area": ["service_areas.csv", "service_area.csv"],
    "schedule": [
        "schedules.csv",
        "schedule.csv",
        "regular_schedules.csv",
        "regular_schedule.csv",
    ],
    "language": ["languages.csv", "language.csv"],
    "eligibility": ["eligibility.csv", "eligibilities.csv"],
    "taxonomy": ["taxonomies.csv"],
    "taxonomy_term": ["taxonomy_terms.csv", "taxonomy_term.csv", "taxonomy.csv"],
    "attribute": [
        "attributes.csv",
        "attribute.csv",
        "service_attributes.csv",
        "service_attribute.csv",
        "service_taxonomy.csv",
    ],
}

# Resource names used by datapackage.json files of the different versions.
RESOURCE_ALIASES = {
    "organization": ["organization", "organizations"],
    "service": ["service", "services"],
    "location": ["location", "locations"],
    "address": ["address", "addresses", "physical_address", "physical_addresses", "postal_address"],
    "phone": ["phone", "phones"],
    "contact": ["contact", "contacts"],
    "service_at_location": ["service_at_location", "services_at_location"],
    "service_area": ["service_area", "service_areas"],
    "schedule": ["schedule", "schedules", "regular_schedule", "regular_schedules"],
    "language": ["language", "languages"],
    "eligibility": ["eligibility"],
    "taxonomy": ["taxonomy_3", "taxonomies"],
    "taxonomy_term": ["taxonomy_term", "taxonomy_terms"],
    "attribute": ["attribute", "attributes", "service_attribute", "service_attributes"],
}

# Columns that a table must have for us to read it at all.
REQUIRED_COLUMNS = {
    "organization": ["id", "name"],
    "service": ["id", "name"],
    "location": ["id"],
    "address": ["location_id"],
    "phone": ["number"],
    "contact": ["name"],
    "service_at_location": ["service_id", "location_id"],
    "service_area": ["service_id"],
    "schedule": ["service_id|location_id"],
    "language": ["service_id"],
    "eligibility": ["service_id"],
    "taxonomy": ["id", "name"],
    "taxonomy_term": ["id", "name"],
    "attribute": ["taxonomy_term_id|taxonomy_id"],
}

# Our vocabularies as HSDS taxonomies (stable ids so re-imports update instead of duplicating).
TAXONOMY_IDS = {
    "category": "eno-service-categories",
    "target_group": "eno-target-groups",
    "topic": "eno-expertise-topics",
}
TAXONOMY_NAMES = {
    "category": "ENO soorten hulp",
    "target_group": "ENO doelgroepen",
    "topic": "ENO expertiseonderwerpen",
}
