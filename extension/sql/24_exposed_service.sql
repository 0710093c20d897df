-- Network services whose exposure is a finding in itself: remote
-- administration and file sharing.  care.import_nmap gives an open port
-- running one of them the row's severity (critical for the shipped rows).
-- Users edit the list by adding their own rows, which pg_dump keeps: a user
-- row for a service overrides the shipped row (set its severity to none to
-- stop treating a shipped service as a risk).  Shipped rows come back with
-- the extension, so they cannot be changed in place.

CREATE TABLE care.exposed_service (
    service text NOT NULL,
    shipped boolean NOT NULL DEFAULT false,
    port integer,
    category text NOT NULL,
    severity care.severity NOT NULL,
    label text NOT NULL,
    CONSTRAINT exposed_service_pkey PRIMARY KEY (service, shipped),
    CONSTRAINT exposed_service_service_format
        CHECK (service OPERATOR(pg_catalog.~) '^[a-z0-9][a-z0-9._/-]*$'),
    CONSTRAINT exposed_service_port_range
        CHECK (port OPERATOR(pg_catalog.>=) 1 AND port OPERATOR(pg_catalog.<=) 65535),
    CONSTRAINT exposed_service_category_format
        CHECK (category OPERATOR(pg_catalog.~) '^[a-z][a-z_]*$'),
    CONSTRAINT exposed_service_label_not_blank
        CHECK (pg_catalog.btrim(label) OPERATOR(pg_catalog.<>) '')
);
CREATE INDEX exposed_service_port_idx ON care.exposed_service (port);

COMMENT ON TABLE care.exposed_service IS 'Services whose exposure is a finding in itself (remote administration, file sharing) and the severity of an open port running one; user rows override shipped ones';
COMMENT ON COLUMN care.exposed_service.service IS 'Service name as nmap reports it (service/@name, e.g. ms-wbt-server for RDP, microsoft-ds for SMB)';
COMMENT ON COLUMN care.exposed_service.shipped IS 'True for the rows care ships (not dumped, not editable); false for rows users add, which win over a shipped row of the same service';
COMMENT ON COLUMN care.exposed_service.port IS 'Usual port of the service, matched when the scanner could not name the service (no name, unknown, tcpwrapped)';
COMMENT ON COLUMN care.exposed_service.category IS 'Why its exposure matters: remote_administration, file_sharing, or a category users choose';
COMMENT ON COLUMN care.exposed_service.severity IS 'Severity given to an open port running the service';
COMMENT ON COLUMN care.exposed_service.label IS 'What the service is, for people';

INSERT INTO care.exposed_service (service, shipped, port, category, severity, label) VALUES
    ('ms-wbt-server', true, 3389, 'remote_administration', 'critical', 'Remote Desktop Protocol (RDP)'),
    ('vnc', true, 5900, 'remote_administration', 'critical', 'VNC remote desktop'),
    ('vnc-http', true, 5800, 'remote_administration', 'critical', 'VNC remote desktop over HTTP'),
    ('telnet', true, 23, 'remote_administration', 'critical', 'Telnet'),
    ('wsman', true, 5985, 'remote_administration', 'critical', 'WinRM (Windows Remote Management) over HTTP'),
    ('wsmans', true, 5986, 'remote_administration', 'critical', 'WinRM (Windows Remote Management) over HTTPS'),
    ('exec', true, 512, 'remote_administration', 'critical', 'rexec remote execution'),
    ('login', true, 513, 'remote_administration', 'critical', 'rlogin remote login'),
    ('shell', true, 514, 'remote_administration', 'critical', 'rsh remote shell'),
    ('x11', true, 6000, 'remote_administration', 'critical', 'X11 display server'),
    ('radmin', true, 4899, 'remote_administration', 'critical', 'Radmin remote control'),
    ('pcanywheredata', true, 5631, 'remote_administration', 'critical', 'pcAnywhere remote control'),
    ('microsoft-ds', true, 445, 'file_sharing', 'critical', 'SMB (Windows file sharing)'),
    ('netbios-ssn', true, 139, 'file_sharing', 'critical', 'SMB over the NetBIOS session service'),
    ('nfs', true, 2049, 'file_sharing', 'critical', 'NFS file sharing'),
    ('ftp', true, 21, 'file_sharing', 'critical', 'FTP file transfer'),
    ('tftp', true, 69, 'file_sharing', 'critical', 'TFTP file transfer'),
    ('afp', true, 548, 'file_sharing', 'critical', 'Apple Filing Protocol'),
    ('rsync', true, 873, 'file_sharing', 'critical', 'rsync file synchronisation');

-- The shipped rows are the extension's: refuse to change them in place
-- (a restore would bring the original back) and say how to override.
CREATE FUNCTION care.exposed_service_keep_shipped() RETURNS trigger
    LANGUAGE plpgsql
    SET search_path = pg_catalog, pg_temp
    AS $$
DECLARE
    row_service text := CASE WHEN TG_OP OPERATOR(pg_catalog.=) 'INSERT' THEN NEW.service ELSE OLD.service END;
BEGIN
    RAISE EXCEPTION 'shipped row of care.exposed_service for service "%" cannot be changed', row_service
        USING ERRCODE = 'insufficient_privilege',
              DETAIL = 'Rows with shipped = true come with the extension and are restored with it, so a change to them would be lost.',
              HINT = pg_catalog.format('Add your own row instead; it takes precedence: INSERT INTO care.exposed_service (service, port, category, severity, label) VALUES (%L, ...).', row_service);
END
$$;
COMMENT ON FUNCTION care.exposed_service_keep_shipped() IS
    'Trigger: refuses to insert, change or delete shipped rows of care.exposed_service, and says how to override one';

CREATE TRIGGER exposed_service_keep_shipped_change
    BEFORE UPDATE OR DELETE ON care.exposed_service
    FOR EACH ROW WHEN (OLD.shipped)
    EXECUTE FUNCTION care.exposed_service_keep_shipped();
CREATE TRIGGER exposed_service_keep_shipped_insert
    BEFORE INSERT ON care.exposed_service
    FOR EACH ROW WHEN (NEW.shipped)
    EXECUTE FUNCTION care.exposed_service_keep_shipped();

-- The exposure rule for one open port: the user row for its service, else
-- the shipped one; by port when the scanner could not name the service.
CREATE FUNCTION care.exposed_service_of(service text, port integer)
    RETURNS care.exposed_service
    LANGUAGE sql STABLE PARALLEL SAFE
    SET search_path = pg_catalog, pg_temp
    AS $$
    SELECT e.*
      FROM care.exposed_service e
     WHERE CASE WHEN $1 IS NULL OR $1 OPERATOR(pg_catalog.=) ANY (ARRAY['', 'unknown', 'tcpwrapped'])
                THEN e.port OPERATOR(pg_catalog.=) $2
                ELSE e.service OPERATOR(pg_catalog.=) $1 END
     ORDER BY e.shipped, e.service
     LIMIT 1
$$;
COMMENT ON FUNCTION care.exposed_service_of(text, integer) IS
    'The care.exposed_service row that applies to an open port: by service name (user rows first), by port when the service has no usable name; null when none';

SELECT pg_catalog.pg_extension_config_dump('care.exposed_service', 'WHERE NOT shipped');
