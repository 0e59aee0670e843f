#!/bin/sh
# Kyodo's two database roles, created when the postgres volume is first initialised
# (the image runs /docker-entrypoint-initdb.d/*.sh once, as POSTGRES_USER):
#
#   kyodo      the owner: owns the database, and so every schema and table that
#              `migrate` and `provision_municipalities` create. Not a superuser.
#   kyodo_app  the application role of web, worker and beat: owns nothing. Its
#              privileges are granted by `manage.py grant_app_role kyodo_app`, which
#              the migrate service runs after every migration.
#
# Safe to run again, e.g. to change a password (RUNBOOK.md, データベースのロール):
#   docker compose exec postgres sh /docker-entrypoint-initdb.d/10-kyodo-roles.sh
# It creates a missing role, sets both passwords from db.env and hands the database to
# the owner; it never changes an existing role's attributes.
#
# Environment (deploy/db.env): KYODO_DB_OWNER_PASSWORD, KYODO_DB_APP_PASSWORD; and
# POSTGRES_USER, POSTGRES_DB from the image. KYODO_DB_OWNER and KYODO_DB_APP_USER rename
# the roles; the DATABASE_URLs and the migrate service's command must then use the
# same names.
set -e

psql --no-psqlrc --set ON_ERROR_STOP=1 \
    --username "${POSTGRES_USER:?}" --dbname "${POSTGRES_DB:?}" \
    --set owner="${KYODO_DB_OWNER:-kyodo}" \
    --set owner_password="${KYODO_DB_OWNER_PASSWORD:?set KYODO_DB_OWNER_PASSWORD in db.env}" \
    --set app="${KYODO_DB_APP_USER:-kyodo_app}" \
    --set app_password="${KYODO_DB_APP_PASSWORD:?set KYODO_DB_APP_PASSWORD in db.env}" \
    --set database="${POSTGRES_DB}" <<'SQL'
SELECT format('CREATE ROLE %I LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE', :'owner')
    WHERE NOT EXISTS (SELECT FROM pg_roles WHERE rolname = :'owner') \gexec
SELECT format('CREATE ROLE %I LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOINHERIT', :'app')
    WHERE NOT EXISTS (SELECT FROM pg_roles WHERE rolname = :'app') \gexec
ALTER ROLE :"owner" PASSWORD :'owner_password';
ALTER ROLE :"app" PASSWORD :'app_password';
ALTER DATABASE :"database" OWNER TO :"owner";
SQL
echo "kyodo roles: ${KYODO_DB_OWNER:-kyodo} owns ${POSTGRES_DB}; ${KYODO_DB_APP_USER:-kyodo_app} is ready for grant_app_role."
