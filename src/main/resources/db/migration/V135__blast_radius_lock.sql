-- Issue 33: the blast-radius guard counts and opens under this row's lock (SELECT ... FOR UPDATE in the alert's
-- transaction), so alerts arriving at the same moment, on any node, are counted one after another: exact.
CREATE TABLE blast_radius_lock (id INT PRIMARY KEY);
INSERT INTO blast_radius_lock (id) VALUES (1);
