-- The 18 regions that have a regional health agency (ARS), keyed by their
-- INSEE region code.  Reference data shipped with the extension.

CREATE TABLE care.region (
    code text NOT NULL,
    name text NOT NULL,
    CONSTRAINT region_pkey PRIMARY KEY (code),
    CONSTRAINT region_name_key UNIQUE (name),
    CONSTRAINT region_code_format CHECK (code OPERATOR(pg_catalog.~) '^[0-9]{2}$')
);
COMMENT ON TABLE care.region IS 'Regions with a regional health agency (ARS); reference data shipped with care';
COMMENT ON COLUMN care.region.code IS 'INSEE region code (two digits)';
COMMENT ON COLUMN care.region.name IS 'Region name, as the ARS is named';

INSERT INTO care.region (code, name) VALUES
    ('01', 'Guadeloupe'),
    ('02', 'Martinique'),
    ('03', 'Guyane'),
    ('04', 'La Réunion'),
    ('06', 'Mayotte'),
    ('11', 'Île-de-France'),
    ('24', 'Centre-Val de Loire'),
    ('27', 'Bourgogne-Franche-Comté'),
    ('28', 'Normandie'),
    ('32', 'Hauts-de-France'),
    ('44', 'Grand Est'),
    ('52', 'Pays de la Loire'),
    ('53', 'Bretagne'),
    ('75', 'Nouvelle-Aquitaine'),
    ('76', 'Occitanie'),
    ('84', 'Auvergne-Rhône-Alpes'),
    ('93', 'Provence-Alpes-Côte d''Azur'),
    ('94', 'Corse');
