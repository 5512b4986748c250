-- platform: the statement of passend.v1.Platform (svc/platform.c): the
-- database's version for ServerInfo, read by column name.

-- name: server_version  params: 0
SELECT current_setting('server_version') AS database_version
