-- 0028_sync_feed: the outbox of the change feed passend.v1.Sync/WatchChanges
-- (issue 11 point 3, docs/decisions.md D50). Triggers on the decision tables
-- write one row per decision in the transaction that makes it, and wake the
-- feeds with NOTIFY passend_change (payload: the tenant id) at its commit.
--
-- Order: a row carries the id of the transaction that wrote it (xid8) and a
-- sequence number; the feed reads rows in (txid, id) order and only those
-- whose transaction is older than the oldest transaction still running
-- (txid < pg_snapshot_xmin(pg_current_snapshot())), so a row that commits
-- later can never appear behind a cursor already handed out (D50).

CREATE SCHEMA feed;
GRANT USAGE ON SCHEMA feed TO passend_app, passend_bestuur, passend_werkgebied, passend_school;

-- kind: tlv | arrangement | mdo; status: the new state (lower case).
-- school_id, werkgebied_id: the pupil's (or the arrangement's) when the
-- change was made; visibility follows the pupil now (D31), as for the
-- objects themselves.
CREATE TABLE feed.changes (
	swv_id        uuid NOT NULL REFERENCES platform.tenants (id),
	txid          xid8 NOT NULL DEFAULT pg_current_xact_id(),
	id            bigint GENERATED ALWAYS AS IDENTITY,
	kind          text NOT NULL CHECK (kind IN ('tlv', 'arrangement', 'mdo')),
	status        text NOT NULL CHECK (length(status) BETWEEN 1 AND 40),
	object_id     uuid NOT NULL,
	leerling_id   uuid,
	school_id     uuid,
	werkgebied_id uuid,
	detail        jsonb NOT NULL DEFAULT '{}',
	changed_at    timestamptz NOT NULL DEFAULT now(),
	PRIMARY KEY (swv_id, txid, id)
);
CREATE INDEX changes_leerling_idx ON feed.changes (swv_id, leerling_id);
COMMENT ON TABLE feed.changes IS 'change feed outbox: one row per decision, written by triggers (D50)';

-- ---- row level security --------------------------------------------------------------
-- bestuur: its tenant. werkgebied and school: a change about a pupil exactly
-- when the pupil is visible to them (werkgebied.leerlingen's policies);
-- werkgebied also the changes without a pupil in its werkgebieden. toezicht:
-- no privilege. Nobody but the triggers (SECURITY DEFINER, the owner) writes.
SELECT platform.tenant_rls('feed.changes'), platform.bestuur_policy('feed.changes');
CREATE POLICY changes_pupil ON feed.changes FOR SELECT TO passend_werkgebied, passend_school
	USING (swv_id = platform.current_swv() AND leerling_id IS NOT NULL AND EXISTS (
		SELECT 1 FROM werkgebied.leerlingen l WHERE l.swv_id = changes.swv_id AND l.id = changes.leerling_id));
CREATE POLICY changes_werkgebied ON feed.changes FOR SELECT TO passend_werkgebied
	USING (swv_id = platform.current_swv() AND leerling_id IS NULL
	       AND werkgebied_id = ANY (platform.current_scope()));
GRANT SELECT ON feed.changes TO passend_bestuur, passend_werkgebied, passend_school;
-- The owner (the triggers' SECURITY DEFINER functions) inserts the changed
-- row's own tenant: that row passed its own table's policies (or was written
-- by a superuser or the owner, e.g. a migration, with no principal set).
DO $$
BEGIN
	EXECUTE format('CREATE POLICY changes_owner_write ON feed.changes FOR INSERT TO %I '
	               'WITH CHECK (swv_id IS NOT NULL)', current_user);
	EXECUTE format('CREATE POLICY changes_owner_retention ON feed.changes FOR SELECT TO %I '
	               'USING (swv_id = platform.current_swv())', current_user);
	EXECUTE format('CREATE POLICY changes_owner_delete ON feed.changes FOR DELETE TO %I '
	               'USING (swv_id = platform.current_swv())', current_user);
END
$$;

-- The newest position the feed may hand out to the current principal, for
-- WatchChanges from_now: "<txid>.<id>" of the newest visible settled row, or
-- "0.0". Runs with the caller's rights (RLS decides what is visible).
CREATE FUNCTION feed.head() RETURNS text
LANGUAGE sql STABLE SET search_path = pg_catalog, pg_temp AS
$$
	SELECT coalesce((SELECT c.txid::text || '.' || c.id::text FROM feed.changes c
	                 WHERE c.swv_id = platform.current_swv()
	                   AND c.txid < pg_snapshot_xmin(pg_current_snapshot())
	                 ORDER BY c.txid DESC, c.id DESC LIMIT 1), '0.0')
$$;
REVOKE ALL ON FUNCTION feed.head() FROM PUBLIC;
GRANT EXECUTE ON FUNCTION feed.head() TO passend_bestuur, passend_werkgebied, passend_school;

-- ---- the writer -------------------------------------------------------------------------
-- Append one change for the current tenant and wake the feeds at commit
-- (NOTIFY folds equal payloads of one transaction into one).
CREATE FUNCTION feed.emit(p_swv uuid, p_kind text, p_status text, p_object uuid, p_leerling uuid,
                          p_school uuid, p_werkgebied uuid, p_detail jsonb) RETURNS void
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS
$$
DECLARE
	l_school uuid := p_school;
	l_werkgebied uuid := p_werkgebied;
BEGIN
	IF p_leerling IS NOT NULL THEN
		SELECT l.school_id, l.werkgebied_id INTO l_school, l_werkgebied FROM werkgebied.leerlingen l
		WHERE l.swv_id = p_swv AND l.id = p_leerling;
		l_school := coalesce(l_school, p_school);
		l_werkgebied := coalesce(l_werkgebied, p_werkgebied);
	END IF;
	INSERT INTO feed.changes (swv_id, kind, status, object_id, leerling_id, school_id, werkgebied_id, detail)
	VALUES (p_swv, p_kind, p_status, p_object, p_leerling, l_school, l_werkgebied,
	        jsonb_strip_nulls(coalesce(p_detail, '{}')));
	PERFORM pg_notify('passend_change', p_swv::text);
END
$$;
REVOKE ALL ON FUNCTION feed.emit(uuid, text, text, uuid, uuid, uuid, uuid, jsonb) FROM PUBLIC;

-- TLV decisions: a new state AFGEGEVEN, AFGEWEZEN, BEEINDIGD or VERLENGD
-- (3, 4, 6, 7), on insert (imports, herbeoordeling) or on a state change.
CREATE FUNCTION feed.tlv_changed() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS
$$
BEGIN
	IF NEW.state IN (3, 4, 6, 7) AND (TG_OP = 'INSERT' OR NEW.state IS DISTINCT FROM OLD.state) THEN
		PERFORM feed.emit(NEW.swv_id, 'tlv',
			(ARRAY['ingediend', 'advies_uitgebracht', 'afgegeven', 'afgewezen', 'bezwaar', 'beeindigd',
			       'verlengd'])[NEW.state],
			NEW.id, NEW.leerling_id, NEW.aanvragende_school_id, NULL,
			jsonb_build_object('besluit', NEW.besluit, 'besluitdatum', NEW.besluitdatum,
			                   'tlv_nummer', NEW.tlv_nummer, 'soort', NEW.soort,
			                   'so_categorie', NEW.so_categorie, 'startdatum', NEW.startdatum,
			                   'einddatum', NEW.einddatum, 'bezwaar_uitkomst', NEW.bezwaar_uitkomst));
	END IF;
	RETURN NULL;
END
$$;
CREATE TRIGGER tlvs_feed AFTER INSERT OR UPDATE OF state ON bestuur.tlvs
	FOR EACH ROW EXECUTE FUNCTION feed.tlv_changed();

-- Arrangement decisions: every status but aangevraagd, on insert or change.
CREATE FUNCTION feed.arrangement_changed() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS
$$
BEGIN
	IF NEW.status <> 'aangevraagd' AND (TG_OP = 'INSERT' OR NEW.status IS DISTINCT FROM OLD.status) THEN
		PERFORM feed.emit(NEW.swv_id, 'arrangement', NEW.status, NEW.id, NEW.leerling_id, NEW.school_id,
			NEW.werkgebied_id,
			jsonb_build_object('arrangement_type', NEW.arrangement_type, 'rubriek', NEW.rubriek,
			                   'startdatum', NEW.startdatum, 'einddatum', NEW.einddatum,
			                   'voorganger_id', NEW.voorganger_id));
	END IF;
	RETURN NULL;
END
$$;
CREATE TRIGGER arrangementen_feed AFTER INSERT OR UPDATE OF status ON werkgebied.arrangementen
	FOR EACH ROW EXECUTE FUNCTION feed.arrangement_changed();

-- An MDO recorded (planned): status gepland.
CREATE FUNCTION feed.mdo_changed() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS
$$
BEGIN
	PERFORM feed.emit(NEW.swv_id, 'mdo', 'gepland', NEW.id, NEW.leerling_id, NEW.school_id, NEW.werkgebied_id,
		jsonb_build_object('datum', NEW.datum, 'niveau', NEW.niveau, 'uitkomst', NEW.uitkomst));
	RETURN NULL;
END
$$;
CREATE TRIGGER mdos_feed AFTER INSERT ON werkgebied.mdos
	FOR EACH ROW EXECUTE FUNCTION feed.mdo_changed();
