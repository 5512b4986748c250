-- platform.name_key: the sort key of an object listed by its name (gemeenten,
-- werkgebieden): the name in lower case without the accents of Latin
-- letters (so "Bergen", "bergen" and "Bérgen" sort together, whatever the
-- database's locale), then chr(1) and p_then, what orders equal names: the
-- id, or fixed-width text ending in the id (a gemeente: valid_from, id), so
-- the key is unique. chr(1) sorts below every character of a name, so a
-- name comes before a longer one that it starts ("Den" before "Den
-- Helder"). The key's byte order (COLLATE "C") is the list's order and a
-- page token carries it (keyset paging, server/svc/resource.h `.key =
-- "_key"`); at most 200 characters of the name count, so it fits a token.
-- Repeatable: `passendd migrate` re-applies this file when it changes.
CREATE OR REPLACE FUNCTION platform.name_key(p_name text, p_then text)
RETURNS text LANGUAGE sql IMMUTABLE PARALLEL SAFE AS
$$
	SELECT translate(lower(left(p_name, 200)),
	                 'ÀÁÂÃÄÅàáâãäåÇçÈÉÊËèéêëÌÍÎÏìíîïÑñÒÓÔÕÖØòóôõöøÙÚÛÜùúûüÝýÿ',
	                 'aaaaaaaaaaaacceeeeeeeeiiiiiiiinnoooooooooooouuuuuuuuyyy')
	       || chr(1) || p_then
$$;
REVOKE ALL ON FUNCTION platform.name_key(text, text) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION platform.name_key(text, text)
	TO passend_bestuur, passend_toezicht, passend_werkgebied, passend_school;
