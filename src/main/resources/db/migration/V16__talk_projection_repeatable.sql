-- From here on talk_projection and talk_projection_all are defined in one place, R__talk_projection.sql, which
-- Flyway runs after the versioned migrations (again whenever the file changes). V3, V5, V6, V10 and V14 each
-- restated the view; they stay as they are, since applied migrations must keep their checksums. The views are
-- dropped here so that R__ creates them on a database of any version alike. Nothing in the database depends on
-- them but talk_projection on talk_projection_all: no other view, function or trigger reads them.
DROP VIEW talk_projection;
DROP VIEW talk_projection_all;
